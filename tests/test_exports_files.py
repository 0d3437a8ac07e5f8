"""GraphML / GEXF / node-link JSON / CSV / RDF exports of the graph built from sample-document records."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis.strategies import characters as st_characters, lists as st_lists, sampled_from as st_sampled_from, \
    text as st_text
from rdflib.compare import isomorphic, to_isomorphic, graph_diff

from dutygraph.exports import csv_tables, csvtext, graphml, rdf
from dutygraph.graph import schema
from dutygraph.graph.model import build_graph

from graph_records import GZ, JDZ, sample_batch

GOLDEN = Path(__file__).parent / "golden" / "rdf" / "sample.ttl"


@pytest.fixture(scope="module")
def g():
    return build_graph(sample_batch())


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_graphml_round_trip_equal(g, tmp_path):
    paths = graphml.write(g, tmp_path)
    assert [p.name for p in paths] == ["graph.graphml", "graph.gexf", "graph.json"]
    _same(graphml.read_graphml(tmp_path / "graph.graphml"), g)


def test_json_round_trip_equal_and_edge_source_is_the_document(g, tmp_path):
    graphml.write(g, tmp_path)
    back = graphml.read_json(tmp_path / "graph.json")
    _same(back, g)
    # node-link's endpoint keys must not clobber the edge's own `source` (the document name)
    assert back.edges["agency:赣州市行政审批局", f"measure:{GZ}:95:1", "LEADS"]["source"] == GZ


def test_gexf_opens_with_display_labels_and_unique_edge_ids(g, tmp_path):
    graphml.write(g, tmp_path)
    text = (tmp_path / "graph.gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text
    back = nx.read_gexf(tmp_path / "graph.gexf")
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    assert back.nodes["agency:赣州市行政审批局"]["label"] == "赣州市行政审批局"
    assert back.nodes["agency:赣州市行政审批局"]["category"] == "Agency"
    assert back.nodes["agency:赣州市行政审批局"]["aliases"] == "市行政審批局"


def test_graphml_edge_ids_are_unique(g, tmp_path):
    graphml.write(g, tmp_path)
    text = (tmp_path / "graph.graphml").read_text(encoding="utf-8")
    ids = [line.split('id="')[1].split('"')[0] for line in text.splitlines() if line.lstrip().startswith("<edge ")]
    assert len(ids) == g.number_of_edges() == len(set(ids))


def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Chinese
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_tables_per_label_and_type(g, tmp_path):
    paths = csv_tables.write(g, tmp_path)
    assert len(paths) == len(schema.NODES) + len(schema.RELS)
    agencies = _read_csv(tmp_path / "csv" / "nodes_Agency.csv")
    row = next(r for r in agencies if r["id"] == "agency:赣州市行政审批局")
    assert row == {"id": "agency:赣州市行政审批局", "name": "赣州市行政审批局", "jurisdiction": "赣州市",
                   "collective": "false", "resolved": "true", "aliases": "市行政審批局",
                   **{k: str(g.nodes["agency:赣州市行政审批局"][k]) for k in ("load", "n_led", "n_inherited", "n_co",
                                                                      "n_plans", "n_q1", "n_q2", "n_q3", "n_q4", "peak_due",
                                                                      "n_supports", "peak_shared", "peak_shared_after",
                                                                      "n_support_leads", "n_support_plans", "n_measures",
                                                                      "n_jurisdictions", "n_named", "top_pairs_min")},
                   **{k: " | ".join(g.nodes["agency:赣州市行政审批局"][k]) for k in ("load_by_year", "peak_due_by_year",
                                                                                 "top_pairs")}}
    assert row["load_by_year"].startswith("2021;") and row["peak_due_by_year"].startswith("2021;")
    due = _read_csv(tmp_path / "csv" / "edges_DUE.csv")
    assert {(r["from_name"], r["to_name"], r["mention"], r["repairs"]) for r in due if r["source"] == JDZ} == {
        ("免申即享。", "2022-06-30", "2022630日", "date-digits"), ("即申即享。", "2022-06-30", "2022630日", "date-digits"),
        ("承诺兑现。", "2022-06-30", "2022630日", "date-digits")}
    for n in schema.NODES:
        assert len(_read_csv(tmp_path / "csv" / f"nodes_{n.label}.csv")) == sum(
            1 for _, lab in g.nodes(data="label") if lab == n.label)
        assert (tmp_path / "csv" / f"nodes_{n.label}.csv").read_bytes() == csv_tables.node_table(g, n.label)
    for r in schema.RELS:
        assert (tmp_path / "csv" / f"edges_{r.type}.csv").read_bytes() == csv_tables.edge_table(g, r.type)


def test_csv_formula_cells_are_defused():
    assert csv_tables.cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert csv_tables.cell("-12") == "-12" and csv_tables.cell(["a", "b"]) == "a | b" and csv_tables.cell(None) == ""


def test_rdf_matches_golden_and_json_ld_is_the_same_graph(g, tmp_path):
    ttl, jsonld, rq = rdf.write(g, tmp_path)
    got = rdflib.Graph().parse(ttl, format="turtle")
    if os.environ.get("DUTYGRAPH_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(ttl.read_bytes())
    golden = rdflib.Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(got, golden):
        _, only_got, only_golden = graph_diff(to_isomorphic(got), to_isomorphic(golden))
        pytest.fail(f"RDF differs from golden: +{sorted(only_got)[:5]} -{sorted(only_golden)[:5]}")
    assert isomorphic(rdflib.Graph().parse(jsonld, format="json-ld"), got)
    assert rq.name == "platform_dependents.rq"


def test_rdf_vocabularies(g):
    G = rdflib.Graph().parse(data=rdf.generate_turtle(g), format="turtle")
    assert isomorphic(G, rdf.to_rdf(g))
    ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
    PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
    TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
    agency = rdf.node_iri("agency:赣州市行政审批局")
    assert (agency, rdflib.RDF.type, ORG.Organization) in G
    tf = rdf.node_iri("taskforce:jiujiang-2023-business-environment-action-plan.txt:85")
    assert (rdf.node_iri("agency:芜湖市鸠江区市场监督管理局"), ORG.memberOf, tf) in G
    dl = rdf.node_iri("deadline:2022-06-30:date")
    assert (dl, rdflib.RDF.type, TIME.Instant) in G
    assert (dl, TIME.inXSDDate, rdflib.Literal("2022-06-30", datatype=rdflib.XSD.date)) in G
    # the LEADS statement of ganzhou line 99 is derived from that line, mention as printed
    st = rdf.statement_iri("LEADS", "agency:赣州市行政审批局", f"measure:{GZ}:99:3")
    assert (st, rdf.DG.mention, rdflib.Literal("市行政審批局")) in G
    assert (st, PROV.wasDerivedFrom, rdf.source_iri(GZ, 99)) in G
    assert (rdf.source_iri(GZ, 99), rdf.DG.line, rdflib.Literal(99)) in G


def test_project_namespace_is_closed():
    with pytest.raises(AttributeError):
        rdf.DG.useesPlatform  # noqa: B018 - a misspelt term must fail


def test_sparql_example_answers_which_measures_depend_on_ganfutong(g, tmp_path):
    ttl, _, rq = rdf.write(g, tmp_path)
    G = rdflib.Graph().parse(ttl, format="turtle")
    rows = [{k: str(v) for k, v in r.asdict().items()} for r in G.query(rq.read_text(encoding="utf-8"))]
    assert rows == [{"measure": str(rdf.node_iri(f"measure:{GZ}:149:2")), "title": "全面推廣線上辦電服務。",
                     "plan": f"plan:{GZ}:9", "source": GZ, "line": "149", "mention": "贛服通"}]


def test_iris_escape_unsafe_characters():
    assert str(rdf.node_iri("section:a b.txt:3:<1>")) == "https://dutygraph.example.org/id/section:a%20b.txt:3:%3C1%3E"
    assert str(rdf.node_iri("agency:赣州市各县(市、区)人民政府")).endswith("agency:赣州市各县(市、区)人民政府")


_DETERMINISM = """
import sys; sys.path.insert(0, sys.argv[2])
from pathlib import Path
from graph_records import sample_batch
from dutygraph.graph.model import build_graph
from dutygraph.exports import csv_tables, graphml, rdf
g = build_graph(sample_batch())
for w in (csv_tables, graphml, rdf):
    w.write(g, Path(sys.argv[1]))
"""


def test_files_are_byte_identical_across_processes_and_hash_seeds(tmp_path):
    outs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", _DETERMINISM, str(out), str(Path(__file__).parent)], check=True, env=env)
        outs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outs[0].keys() == outs[1].keys() and len(outs[0]) > 20
    assert outs[0] == outs[1]


def test_markup_and_newlines_in_document_text_survive_xml_round_trip(tmp_path):
    # document text is data: a title with markup, quotes, an ampersand and a line break
    batch = sample_batch()
    m = batch.results[2].measures[0]
    batch.results[2].measures[0] = type(m)(**{**{f: getattr(m, f) for f in m.__slots__},
                                              "title": '<script>alert("x")</script> & 免申即享\n第二行'})
    g = build_graph(batch)
    graphml.write(g, tmp_path)
    _same(graphml.read_graphml(tmp_path / "graph.graphml"), g)
    back = nx.read_gexf(tmp_path / "graph.gexf")
    assert back.nodes[f"measure:{JDZ}:342:1"]["title"] == '<script>alert("x")</script> & 免申即享\n第二行'
    assert "<script>" not in (tmp_path / "graph.gexf").read_text(encoding="utf-8")


def test_outputs_are_ordinary_readable_files(g, tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    for path in [*graphml.write(g, tmp_path), *rdf.write(g, tmp_path), *csv_tables.write(g, tmp_path)]:
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path  # not mkstemp's 0600
    assert not [p for p in tmp_path.rglob(".*.tmp")]


def test_xml_elements_with_different_attribute_sets_keep_their_own_values(tmp_path):
    # the writer lays each node / edge out from pieces made once per set of attribute names present:
    # nodes and edges of one label / type with different missing values must each get their own
    g = nx.MultiDiGraph()
    g.add_node("m1", label="Measure", id="m1", title="甲 {0} & <b>", deadline=None, indicator="指标一", targets=["a", "b"])
    g.add_node("m2", label="Measure", id="m2", title="乙", deadline="2024-06-30", indicator=None, targets=[])
    g.add_node("m3", label="Measure", id="m3", title="丙", deadline="2025-01-31", indicator="指标三", targets=["c"])
    g.add_node("a1", label="Agency", id="a1", name="某局", jurisdiction=None, collective=True)
    g.add_edge("a1", "m1", key="LEADS", type="LEADS", source="d.html", line=3, mention=None, inherited=False)
    g.add_edge("a1", "m2", key="LEADS", type="LEADS", source="d.html", line=4, mention="某局牵头", inherited=True)
    g.add_edge("a1", "m3", key="LEADS", type="LEADS", source="d.html", line=5, mention=None, inherited=None)
    graphml.write(g, tmp_path)
    back = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    gexf = nx.read_gexf(tmp_path / "graph.gexf")
    for n, attrs in g.nodes(data=True):
        want = {k: graphml._text(v) for k, v in attrs.items() if v is not None and k != "id"}
        assert {k: graphml._text(v) for k, v in back.nodes[n].items()} == want
        assert {k: graphml._text(v) for k, v in gexf.nodes[n].items() if k not in ("label", "category")} == {
            k: v for k, v in want.items() if k != "label"}
        assert gexf.nodes[n]["category"] == attrs["label"]
    for (u, v, attrs), (_, _, got) in zip(g.edges(data=True), back.edges(data=True), strict=True):
        assert {k: graphml._text(x) for k, x in got.items() if k != "id"} == {
            k: graphml._text(x) for k, x in attrs.items() if x is not None}


_FIELD = st_text(st_characters(codec="utf-8"), max_size=12) | st_sampled_from(
    ["", ",", '"', "\r", "\n", "\r\n", 'a"b,c', " x ", "=1+1", "-1", "\x00"])


@settings(max_examples=300, deadline=None)
@given(rows=st_lists(st_lists(_FIELD, min_size=3, max_size=3), max_size=6), width=st_sampled_from([1, 2, 3]),
       eol=st_sampled_from(["\r\n", "\n"]))
def test_column_csv_text_is_what_csv_writer_writes(rows, width, eol):
    """csvtext's column-at-a-time text (quote_column, join_rows) against csv.writer on the same rows."""
    rows = [r[:width] for r in rows]
    buf = io.StringIO()
    csv.writer(buf, lineterminator=eol).writerows(rows)
    pattern = csvtext.quote_pattern(eol)
    columns = [csvtext.quote_column(list(c), pattern) for c in zip(*rows)] if rows else [[] for _ in range(width)]
    assert csvtext.join_rows(columns, eol) == buf.getvalue()
    # the column's text given (as the Neo4j bundle gives it): the same fields
    if rows:
        assert [csvtext.quote_column(list(c), pattern, "".join(c)) for c in zip(*rows)] == [list(c) for c in columns]
    # the cells to quote by their indices, and the same quoting on the cells' UTF-8 (the bundle's way)
    for c, quoted in zip(zip(*rows), columns):
        at = csvtext.quoted_cells(c, pattern)
        assert at == [i for i, cell in enumerate(c) if pattern.search(cell)]
        assert at == [i for i, (cell, q) in enumerate(zip(c, quoted)) if q != cell]
        assert csvtext.quote_encoded([cell.encode() for cell in c], at) == [q.encode() for q in quoted]


@settings(max_examples=300, deadline=None)
@given(text=st_text(st_characters(codec="utf-8") | st_sampled_from(list(",\"\r\n'\\\x7f\u2028\u2029\u3000@`\x80\xff")),
                    max_size=12),
       chars=st_sampled_from([",\"\n", ",\"\r\n", "\x00\x1f'\\\x7f\u2028\u2029", "@`\x7f", "\x80\xff", "\u2028",
                              "牵"]))
def test_a_class_is_found_where_its_search_finds_it(text, chars):
    """index_of (compiled, for a class of Latin-1 characters with or without U+2028 and U+2029: a pass
    reading each character's entry in a table) gives the offset of the class's search from any offset;
    classes of other characters keep the search."""
    pattern = csvtext.char_class(chars)
    assert (pattern in csvtext._TABLES) == (chars not in ("\u2028", "牵"))
    for start in (0, 1, len(text) // 2, len(text), len(text) + 1):
        m = pattern.search(text, start)
        assert csvtext.index_of(text, start, pattern) == (-1 if m is None else m.start())


@settings(max_examples=300, deadline=None)
@given(rows=st_lists(st_lists(_FIELD, min_size=3, max_size=3), max_size=6), width=st_sampled_from([1, 2, 3]),
       pieces=st_lists(st_sampled_from(["", ",", "%", "%s", "{id: '", "'}", "牵头"]), min_size=4, max_size=4))
def test_rows_filled_from_byte_columns_in_both_forms(rows, width, pieces):
    """join_rows on bytes columns (compiled: `_fill_rows`, every row in one object) is the str text
    encoded; filled_rows (compiled `_fill_rows`, as Python bytes `%`) puts each row's fields between the
    pieces, "%" in a piece kept as it is. Both forms run here, whichever the module runs; both refuse
    columns of other lengths, a field that is not bytes and pieces not one more than the columns."""
    rows = [r[:width] for r in rows]
    text = [list(c) for c in zip(*rows)] if rows else [[] for _ in range(width)]
    data = [[f.encode() for f in c] for c in text]
    lits = tuple(p.encode() for p in pieces[:width + 1])
    want = [b"".join(x for pair in zip(lits, (*row, b"")) for x in pair) for row in zip(*data)]
    for compiled in {False, csvtext._COMPILED}:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(csvtext, "_COMPILED", compiled)
            assert csvtext.join_rows(data, b"\r\n") == csvtext.join_rows(text, "\r\n").encode()
            assert csvtext.filled_rows(lits, data) == want
            if rows and width > 1:
                with pytest.raises(ValueError):
                    csvtext.filled_rows(lits, [*data[:-1], data[-1][:-1]])
                with pytest.raises(TypeError):
                    csvtext.filled_rows(lits, [*data[:-1], text[-1]])
            with pytest.raises(ValueError):
                csvtext.filled_rows(lits[:-1], data)


def test_decimals_in_both_forms_are_each_value_text():
    """decimals (compiled: small ints' bytes read from a table) is str(v) encoded, `none` for None, for
    ints in and out of the table, and for any other value too (a bool is not the int it equals)."""
    values = [0, 1, -1, 7, 4095, 4096, -4096, 10**30, -(10**30), None, True, False, 2025]
    want = [b"-" if v is None else str(v).encode() for v in values]
    assert csvtext._decimals_loop(values, b"-") == want
    for compiled in {False, csvtext._COMPILED}:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(csvtext, "_COMPILED", compiled)
            assert csvtext.decimals(values, b"-") == want
            assert csvtext.decimals(tuple(values), b"null")[9] == b"null"


def test_csv_tables_of_values_of_every_kind_are_the_reference_bytes(tmp_path):
    """write()'s column-at-a-time cells (text, None, int, bool columns inline; mixed columns, floats,
    lists, tuples through cell()) and quoting give the bytes of node_table / edge_table (csv.writer,
    cell() per value); formula-like text is defused either way."""
    g = nx.MultiDiGraph()
    g.add_node("agency:b", label="Agency", id="agency:b", name='乙,"局"\r\n', collective=True, resolved=None,
               aliases=("x", "y,z"), load=1.5, n_led=-3, jurisdiction="=1+1")
    g.add_node("agency:a", label="Agency", id="agency:a", name=7, collective="yes", aliases=["ab"], load=2,
               n_led=True, jurisdiction="-1")
    g.add_node(10, label="Measure", id="10", title=("a", "b"), text="+x\n第二行", line=-3, targets=None,
               repairs=[], lead_inherited=False, deadline="@x", number=1.25, plan="")
    g.add_node(9, label="Measure", id="9", title="\t一", targets=["甲", 2], repairs=(), line=None, text="-",
               lead_inherited=None, plan='"')
    g.add_edge("agency:b", 10, key="LEADS", inherited=True, source="s,t.txt", line=3, mention="乙局")
    g.add_edge("agency:a", 10, key="LEADS", inherited=None, source=("s",), line=2.0, mention="")
    g.add_edge("agency:a", 9, key="LEADS", inherited=1, source="s'.txt", line=True, mention=None)
    g.add_edge("agency:b", 9, key="SUPPORTS", source="s.txt", line=4, mention=["a"])
    csv_tables.write(g, tmp_path)
    for n in schema.NODES:
        assert (tmp_path / "csv" / f"nodes_{n.label}.csv").read_bytes() == csv_tables.node_table(g, n.label), n
    for r in schema.RELS:
        assert (tmp_path / "csv" / f"edges_{r.type}.csv").read_bytes() == csv_tables.edge_table(g, r.type), r
    text = (tmp_path / "csv" / "nodes_Agency.csv").read_text(encoding="utf-8-sig")
    assert "'=1+1" in text and ",-1," in text


def test_csv_tables_made_in_small_chunks_are_the_same(g, tmp_path, monkeypatch):
    """write() makes its rows csvtext.CHUNK at a time (the samples' tables fit in one): chunks of 5 rows
    give the reference bytes too."""
    monkeypatch.setattr(csvtext, "CHUNK", 5)
    csv_tables.write(g, tmp_path)
    for n in schema.NODES:
        assert (tmp_path / "csv" / f"nodes_{n.label}.csv").read_bytes() == csv_tables.node_table(g, n.label)
    for r in schema.RELS:
        assert (tmp_path / "csv" / f"edges_{r.type}.csv").read_bytes() == csv_tables.edge_table(g, r.type)


_CELL = st_sampled_from([None, "", "a", "=1", "-1", "-x", "+", "@a", "\tb", True, False, 0, -3, 7, 1.5, -2.0, -0.0,
                         float("nan"), float("inf"), float("-inf"), [], ["a"], ["=x", "b"], ["-1"], ["-", "y"],
                         ["a", 1], ("x",), [None]])


@settings(max_examples=400, deadline=None)
@given(values=st_lists(_CELL, max_size=8) | st_lists(st_sampled_from([None, 1.5, -2.0, -0.0, float("-inf"), 3e20]),
                                                     max_size=6)
       | st_lists(st_sampled_from([None, [], ["a"], ["=x", "b"], ["-1"], ["-", "y"], ["+"]]), max_size=6))
def test_a_columns_cells_are_each_values_cell(values):
    """_column (columns of one kind converted inline) gives cell() of each value, whatever the mix."""
    assert csv_tables._column(values) == [csv_tables.cell(v) for v in values]


_DEFUSE = st_text(st_sampled_from(list("=+@\t\r-'0123456789٣²a 甲\n")), max_size=4) | st_text(max_size=5)


@settings(max_examples=400, deadline=None)
@given(texts=st_lists(_DEFUSE, max_size=10))
def test_defused_forms_are_the_same(texts):
    """_defused's typed loop (compiled: a Py_UCS4 test of each text's first character) and its mapped
    form (as Python) give cell() of each text (the loop: the same list when nothing changes); both forms
    run here, whichever the module runs."""
    want = [csv_tables.cell(t) for t in texts]
    for form in (csv_tables._defused_loop, csv_tables._defused_map, csv_tables._defused):
        assert form(texts) == want
    assert (csv_tables._defused_loop(texts) is texts) == (want == texts)


def test_defused_and_values_forms_agree_on_the_samples_and_the_synthetic_corpus(g):
    """The two forms of _defused, csvtext.values and csvtext.types over every column of the samples'
    graph and of a slice of the synthetic corpus (its graph's node and edge attributes)."""
    from dutygraph.api import graph_from_paths
    corpus = Path(__file__).resolve().parent.parent / "bench" / "results" / "corpus" / "10k-s0" / "docs" / "000"
    graphs = [g] + ([graph_from_paths(sorted(corpus.iterdir())[:40])] if corpus.is_dir() else [])
    for graph in graphs:
        dicts = [a for _, a in graph.nodes(data=True)] + [a for _, _, a in graph.edges(data=True)]
        names = sorted({k for d in dicts for k in d})
        for name in names:
            values = csvtext._values_loop(dicts, name)
            assert values == csvtext.values(dicts, name) == [d.get(name) for d in dicts]
            assert csvtext._types_loop(values) == csvtext.types(values) == set(map(type, values))
            texts = [v for v in values if type(v) is str]
            cells = list(map(csv_tables.cell, texts))
            assert csv_tables._defused_loop(texts) == csv_tables._defused_map(texts) == cells


@settings(max_examples=300, deadline=None)
@given(values=st_lists(st_sampled_from([None, "", "a", 0, 1, True, False, 1.5, [], ["a"], ("x",), b"b"]), max_size=12))
def test_a_columns_types_are_its_values_types(values):
    """csvtext.types's typed loop (which adds a type only when it changes) gives set(map(type, values))."""
    assert csvtext._types_loop(values) == csvtext._types_loop(tuple(values)) == set(map(type, values))
    assert csvtext.types(values) == set(map(type, values))
