"""The streaming Turtle / JSON-LD writer against rdflib: odd literal text must parse back to exactly the
triples `to_rdf` builds (quotes, backslashes, newlines, U+2028, control characters, any non-surrogate)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as hs
from rdflib.compare import isomorphic

from dutygraph.exports import rdf

ODD = hs.text(alphabet=hs.characters(blacklist_categories=("Cs",))
              | hs.sampled_from(list('"\'\\\n\r\t\b\f\x00\x01\x1f\x7f\u2028\u2029\ufeff<>{}|^`%#?/ 牵头')), max_size=40)


def _graph(text: str, doc: str) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    plan = f"plan:{doc}:1"
    measure = f"measure:{doc}:3:{text}"
    agency = f"agency:{text}局"
    g.add_node(plan, label="Plan", id=plan, title=text, jurisdiction=None, issuer=text, issued="2023-05-01",
               kind="plan", year=2023, attachment=None, source=doc, line=1, sha256="ab")
    g.add_node(measure, label="Measure", id=measure, plan=plan, number="1", title=text, text=text + "\n" + text,
               kind="measure", section=text, indicator=None, deadline="2024-12-31", lead_inherited=False,
               targets=[text, "压缩至3个工作日"], repairs=[], source=doc, line=3)
    g.add_node(agency, label="Agency", id=agency, name=text + "局", jurisdiction=None, collective=True,
               resolved=False, aliases=[text, text + "局"])
    g.add_edge(plan, measure, key="HAS_MEASURE", type="HAS_MEASURE", source=doc, line=3)
    g.add_edge(agency, measure, key="LEADS", type="LEADS", inherited=True, source=doc, line=4, mention=text)
    return g


@settings(max_examples=60, deadline=None)
@given(ODD, ODD)
def test_turtle_and_json_ld_parse_to_the_rdflib_graph(text, doc):
    g = _graph(text, doc or "d.txt")
    ref = rdf.to_rdf(g)
    assert isomorphic(rdflib.Graph().parse(data=rdf.generate_turtle(g), format="turtle"), ref)
    buf = io.StringIO()
    rdf.write_jsonld(g, buf)
    assert isomorphic(rdflib.Graph().parse(data=buf.getvalue(), format="json-ld"), ref)
    with tempfile.TemporaryDirectory() as tmp:  # the exporter's own path (edge statements formatted directly)
        ttl, jsonld, _ = rdf.write(g, Path(tmp))
        assert isomorphic(rdflib.Graph().parse(ttl, format="turtle"), ref)
        assert isomorphic(rdflib.Graph().parse(jsonld, format="json-ld"), ref)


@pytest.mark.parametrize("text", ['引号"与\\反斜杠\u2028', "a'b\nc", ""])
def test_writer_output_is_the_same_for_both_files_of_one_pass(tmp_path, text):
    """rdf.write formats edge statements directly; generate_turtle / write_jsonld format their triples."""
    g = _graph(text, "a b.txt")
    ttl, jsonld, _ = rdf.write(g, tmp_path)
    assert ttl.read_text(encoding="utf-8") == rdf.generate_turtle(g)
    buf = io.StringIO()
    rdf.write_jsonld(g, buf)
    assert jsonld.read_text(encoding="utf-8") == buf.getvalue()


def test_writer_output_equals_the_triple_by_triple_formatting_on_the_samples(tmp_path):
    from dutygraph.graph.model import build_graph
    from graph_records import sample_batch

    g = build_graph(sample_batch())
    ttl, jsonld, _ = rdf.write(g, tmp_path)
    assert ttl.read_text(encoding="utf-8") == rdf.generate_turtle(g)
    buf = io.StringIO()
    rdf.write_jsonld(g, buf)
    assert jsonld.read_text(encoding="utf-8") == buf.getvalue()


def test_writer_output_is_the_same_when_node_blocks_are_formatted_triple_by_triple(tmp_path, monkeypatch):
    """rdf.write formats a node's block from the node itself when its label's predicates allow it
    (every label today); a label whose predicates coincide goes through `block`: same files either way."""
    from dutygraph.graph.model import build_graph
    from graph_records import sample_batch

    g = build_graph(sample_batch())
    node_props, node_types, rel_pred, fast = rdf._node_tables()
    assert all(fast.values())
    ttl, jsonld, _ = rdf.write(g, tmp_path / "fast")
    monkeypatch.setattr(rdf, "_node_tables", lambda: (node_props, node_types, rel_pred, dict.fromkeys(fast, False)))
    ttl2, jsonld2, _ = rdf.write(g, tmp_path / "slow")
    assert ttl.read_bytes() == ttl2.read_bytes()
    assert jsonld.read_bytes() == jsonld2.read_bytes()
