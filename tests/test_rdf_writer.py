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


@pytest.mark.parametrize("date", ["2024-12-31", 'x"y', "a\rb", "\r", "反\\斜\n", "\u2028"])
def test_a_deadline_date_is_an_escaped_literal_in_every_path(tmp_path, date):
    """A Deadline's time:inXSDDate text is escaped like any literal (it was written as it stood: a quote or
    a line break in it broke the Turtle, and a hypothesis graph with the date "\\r" told the files apart
    once read back): the exporter's file, generate_turtle and rdflib's parse agree on its lexical form."""
    g = nx.MultiDiGraph()
    g.add_node("deadline::2", label="Deadline", id="deadline::2", date=date, kind="date")
    ttl, jsonld, _ = rdf.write(g, tmp_path)
    text = ttl.read_bytes().decode("utf-8")
    assert text == rdf.generate_turtle(g)
    assert "\r" not in text
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    dates = [o for _, p, o in parsed if p == rdflib.URIRef("http://www.w3.org/2006/time#inXSDDate")]
    assert [str(o) for o in dates] == [date]
    assert dates[0].datatype == rdflib.XSD.date
    assert isomorphic(rdflib.Graph().parse(jsonld, format="json-ld"), parsed)


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


# ---- the exporter's writer (templates per kind of block) against the triple-by-triple formatting

from dutygraph.graph import schema  # noqa: E402

_SCALAR = hs.one_of(hs.none(), hs.booleans(), hs.sampled_from([0, 1, 2, 0.0, -0.0, 1.0, 2.5, float("nan")]),
                    hs.integers(), ODD, hs.sampled_from(["", "1", "true", "2024-06-30", "2024-6-30"]))
_VALUE = hs.one_of(_SCALAR, hs.lists(hs.one_of(ODD, hs.integers(), hs.booleans(), hs.just("2024-06-30")), max_size=3))


@hs.composite
def _graphs(draw: hs.DrawFn) -> nx.MultiDiGraph:
    """Nodes of any label with any of their properties (any value type), edges of any type between any
    nodes with any of their properties; source lines or not (int numbers, or not)."""
    g = nx.MultiDiGraph()
    n_nodes = draw(hs.integers(1, 7))
    ids = []
    for i in range(n_nodes):
        nt = draw(hs.sampled_from(schema.NODES))
        n = f"{nt.label.lower()}:{draw(ODD)}:{i}"
        attrs = {"label": nt.label, "id": n}
        for p in nt.props:
            if p.name not in ("id", "source", "line") and draw(hs.booleans()):
                attrs[p.name] = draw(_VALUE)
        if draw(hs.booleans()):
            attrs["source"] = draw(hs.sampled_from(["a.txt", "b b.html", "", None]))
            attrs["line"] = draw(hs.sampled_from([1, 2, 30, None]))
        g.add_node(n, **attrs)
        ids.append(n)
    for _ in range(draw(hs.integers(0, 10))):
        rt = draw(hs.sampled_from(schema.RELS))
        u, v = draw(hs.sampled_from(ids)), draw(hs.sampled_from(ids))
        attrs = {"type": rt.type}
        for p in rt.props:
            if p.name not in ("source", "line") and draw(hs.booleans()):
                attrs[p.name] = draw(_VALUE)
        if draw(hs.booleans()):
            attrs["source"] = draw(hs.sampled_from(["a.txt", "c.docx", "", None]))
            attrs["line"] = draw(hs.sampled_from([1, 2, 7, None]))
        g.add_edge(u, v, key=rt.type, **attrs)
    return g


def _reference_files(g: nx.MultiDiGraph) -> tuple[str, str]:
    buf = io.StringIO()
    rdf.write_jsonld(g, buf)
    return rdf.generate_turtle(g), buf.getvalue()


@settings(max_examples=200, deadline=None)
@given(_graphs())
def test_exporter_files_equal_the_triple_by_triple_formatting(g):
    with tempfile.TemporaryDirectory() as tmp:
        ttl, jsonld, _ = rdf.write(g, Path(tmp))
        assert (ttl.read_text(encoding="utf-8"), jsonld.read_text(encoding="utf-8")) == _reference_files(g)


def test_a_source_line_the_templates_do_not_cover_is_written_by_the_general_writer(tmp_path):
    """A line number that is not an int (or a document name that is not a str): the exporter starts over
    with every block formatted triple by triple (the same text as generate_turtle / write_jsonld)."""
    from dutygraph.graph.model import build_graph
    from graph_records import sample_batch

    g = build_graph(sample_batch())
    u, v, k = next(iter(g.edges(keys=True)))
    g.edges[u, v, k].update(source="other.txt", line="12")
    ttl, jsonld, _ = rdf.write(g, tmp_path)
    assert (ttl.read_text(encoding="utf-8"), jsonld.read_text(encoding="utf-8")) == _reference_files(g)
    text = ttl.read_text(encoding="utf-8")
    assert "/L12> a dg:SourceLine" in text and 'dg:line "12"' in text


def test_exporter_files_equal_the_triple_by_triple_formatting_across_write_chunks(tmp_path, monkeypatch):
    """The blocks are written in chunks: the first JSON-LD object has no separator before it whatever the
    chunk size (a graph of many blocks, written with tiny chunks)."""
    from dutygraph.graph.model import build_graph
    from graph_records import sample_batch

    g = build_graph(sample_batch())
    monkeypatch.setattr(rdf, "_CHUNK", 1)
    ttl, jsonld, _ = rdf.write(g, tmp_path)
    assert (ttl.read_text(encoding="utf-8"), jsonld.read_text(encoding="utf-8")) == _reference_files(g)


@settings(max_examples=300, deadline=None)
@given(ODD)
def test_turtle_escape_writes_each_character_as_its_escape(text):
    one_by_one = rdf._NEEDS_ESCAPE.sub(lambda m: rdf._ESCAPES.get(m.group(0), f"\\u{ord(m.group(0)):04X}"), text)
    assert rdf._escape(text) == one_by_one
    assert rdf._ttl_str(text) == ('"' + one_by_one + '"').encode()  # (the writer's literal text of a value)


@pytest.mark.parametrize("items", [["万载法院", "萬載法院"], ["a", "a", "b"], ['引"号', "b"], ["x\u2028y", "z"],
                                   ["反\\斜", "c"], ["1", 1, True], [""]])
@pytest.mark.parametrize("load", [0.5, -0.0, float("nan"), float("inf"), 1e300])
def test_list_and_float_values_of_a_node_are_written_as_the_triple_by_triple_formatting(tmp_path, items, load):
    """A node's list of distinct str items is written by joining its items (Turtle: when none needs an
    escape), any other list item by item; a float by its repr: the same text either way."""
    g = nx.MultiDiGraph()
    g.add_node("agency:x", label="Agency", id="agency:x", name="x局", aliases=items, load=load, n_led=3)
    g.add_node("measure:m", label="Measure", id="measure:m", title="t", targets=items, source="d.txt", line=2)
    g.add_edge("agency:x", "measure:m", key="LEADS", type="LEADS", inherited=False, source="d.txt", line=2,
               mention="x")
    ttl, jsonld, _ = rdf.write(g, tmp_path)
    assert (ttl.read_text(encoding="utf-8"), jsonld.read_text(encoding="utf-8")) == _reference_files(g)


@settings(max_examples=150, deadline=None)
@given(_graphs())
def test_both_forms_of_the_kind_and_value_loops_give_the_same_files(g):
    """`_write_nodes` / `_write_statements` make a kind's key and read a value's texts in typed loops when
    the module is compiled and by map() as Python (`_COMPILED`): each form, whichever way the module runs,
    gives the files the other gives (and the triple-by-triple text)."""
    outs = []
    for compiled in (True, False):
        with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
            mp.setattr(rdf, "_COMPILED", compiled)
            ttl, jsonld, _ = rdf.write(g, Path(tmp))
            outs.append((ttl.read_text(encoding="utf-8"), jsonld.read_text(encoding="utf-8")))
    assert outs[0] == outs[1] == _reference_files(g)


def test_both_forms_of_the_kind_and_value_loops_give_the_same_files_for_the_samples(tmp_path, monkeypatch):
    from dutygraph.graph.model import build_graph
    from graph_records import sample_batch

    g = build_graph(sample_batch())
    want = _reference_files(g)
    for compiled in (True, False):
        monkeypatch.setattr(rdf, "_COMPILED", compiled)
        ttl, jsonld, _ = rdf.write(g, tmp_path / str(compiled))
        assert (ttl.read_text(encoding="utf-8"), jsonld.read_text(encoding="utf-8")) == want



_BYTES = hs.binary(max_size=12) | hs.sampled_from([b"%", b"%s", b"%%", b"%d", b'"}]'])


@settings(max_examples=300, deadline=None)
@given(hs.lists(_BYTES, min_size=1, max_size=12), hs.data())
def test_filled_and_picked_are_the_format_and_the_itemgetter(values, data):
    """Compiled, the writer fills a template by `_filled` / `_joined` (a join of its literal pieces and the
    values at its slots' positions) and orders values by `_picked`, where as Python it uses the template's
    bytes format (`templates.form`) filled by `%` and `templates.pick`'s itemgetter: the same bytes (literal
    pieces holding "%" included), the same tuples."""
    positions = data.draw(hs.lists(hs.integers(0, len(values) - 1), max_size=12))
    lits = data.draw(hs.lists(_BYTES, min_size=len(positions) + 1, max_size=len(positions) + 1))
    template: list[bytes | None] = [lits[0]]
    for lit in lits[1:]:
        template += [None, lit]
    assert rdf._picked(values, tuple(positions)) == rdf.pick(positions)(values)
    assert rdf._filled(tuple(lits), values, tuple(positions)) == rdf.form(template) % rdf.pick(positions)(values)
    in_order = [values[p] for p in positions]
    assert rdf._joined(tuple(lits), in_order) == rdf.form(template) % tuple(in_order)
    for compiled in (True, False):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(rdf, "_COMPILED", compiled)
            layout, order = rdf._layout(template), rdf._order(positions)
            assert (layout, order) == (tuple(lits), tuple(positions)) if compiled else layout == rdf.form(template)


def test_filled_with_percent_signs_and_empty_templates():
    assert rdf._filled((b"%s%%", b"%d", b""), [b"a%", b"b"], (1, 0)) == b"%s%%b%da%"
    assert rdf._filled((b"only",), [b"x"], ()) == b"only"
    assert rdf._joined((b"<", b"> %", b"."), [b"u", b"v"]) == b"<u> %v."
    assert rdf._picked([b"a", b"b", b"c"], (2, 2, 0)) == (b"c", b"c", b"a")


def _sha1_hex10(message: bytes) -> bytes:
    import hashlib  # noqa: PLC0415
    return hashlib.sha1(message).hexdigest()[:20].encode()


@settings(max_examples=300, deadline=None)
@given(hs.binary(max_size=80), hs.binary(max_size=200), hs.binary(max_size=80))
def test_a_statements_digest_is_sha1s_first_ten_bytes_in_hex(rel, ub, vb):
    """Compiled, `_digest` is SHA-1 in C (rdf.pxd's `_sha1_hex20`: the three pieces copied into one padded
    buffer, each 64-byte block compressed): hashlib's digest of their join, its first 10 bytes in hex."""
    assert rdf._digest(rel, ub, vb) == _sha1_hex10(rel + ub + vb)


def test_a_statements_digest_at_every_padding_length_and_past_the_stack_buffer():
    # every message length across the one-, two- and three-block paddings (55/56, 119/120 bytes: where
    # the length field moves to a new block), lengths past the 256-byte stack buffer, each split into
    # its three pieces at several places, and bytes of every value
    data = bytes(range(256)) * 40
    for n in [*range(0, 300), 447, 448, 1000, 4096, 10000]:
        message = data[7 * n % 256:][:n]
        for i, j in ((0, 0), (n // 3, 2 * n // 3), (n, n), (0, n), (n // 2, n // 2)):
            assert rdf._digest(message[:i], message[i:j], message[j:]) == _sha1_hex10(message), (n, i, j)
    for pieces in ((None, b"", b""), (b"a", None, b""), (b"", b"", None)):
        with pytest.raises(TypeError):
            rdf._digest(*pieces)
    u, v = "agency:南昌市发展和改革委员会", "measure:doc-00001/§3.2/7"
    assert rdf._statement("LEADS", u, v).endswith(
        "/" + rdf._digest(b"LEADS", b"\x1f" + u.encode() + b"\x1f", v.encode()).decode())


@pytest.mark.parametrize("native", [True, False], ids=["_fill", "python"])
@pytest.mark.parametrize("module", ["rdf", "graphml"])
def test_a_malformed_template_is_refused_alike_by_both_forms(module, native, monkeypatch):
    """`_fill` (compiled) and the Python form of `_filled` / `_joined` refuse a malformed template with the same
    error: positions fewer or more than its slots (ValueError), fewer values than its slots (IndexError); values past
    the slots are left out. The Python form once dropped the trailing literals where `_fill` raised, and the other
    way round; the writers never pass such input, but the two forms are one function."""
    from dutygraph.exports import graphml  # noqa: PLC0415
    m = rdf if module == "rdf" else graphml
    if native and not m._NATIVE:
        pytest.skip("runs as Python: no `_fill`")
    monkeypatch.setattr(m, "_NATIVE", native)
    lits = (b"<", b"|", b">")
    assert m._filled(lits, [b"a", b"b", b"c"], (2, 0)) == b"<c|a>"
    assert m._joined(lits, [b"a", b"b", b"c"]) == b"<a|b>"
    assert m._joined((b"only",), []) == b"only"
    for positions in ((0,), (0, 1, 2), ()):
        with pytest.raises(ValueError, match="slots and positions differ"):
            m._filled(lits, [b"a", b"b", b"c"], positions)
    for values in ([b"a"], []):
        with pytest.raises(IndexError, match="more slots than values"):
            m._joined(lits, values)


@pytest.mark.parametrize("module", ["rdf", "graphml"])
def test_filled_reads_positions_as_list_indexes_and_rejects_what_is_not_bytes(module):
    """Compiled, `_fill` (rdf.pxd's and graphml.pxd's) reads the pieces as borrowed pointers: a position
    is `values[p]`'s index (negative from the end), and a position out of range or a piece that is not
    bytes raises as the Python form's join does, never reads past the list."""
    from dutygraph.exports import graphml  # noqa: PLC0415
    m = rdf if module == "rdf" else graphml
    assert m._filled((b"<", b"|", b">"), [b"a", b"b", b"c"], (-1, 0)) == b"<c|a>"
    assert m._filled((b"<", b">"), [b"a", b"b"], (-2,)) == b"<a>"
    assert m._joined((b"", b"", b""), [b"x", b"y"]) == b"xy"
    # past the 64 slots `_fill` keeps on the stack (a C array allocated for them)
    for n in (63, 64, 65, 200):
        lits = tuple(b"<%d>" % k for k in range(n + 1))
        values = [b"v%d" % k for k in range(n)]
        positions = tuple(range(n - 1, -1, -1))
        template: list[bytes | None] = [lits[0]]
        for lit in lits[1:]:
            template += [None, lit]
        assert m._filled(lits, values, positions) == rdf.form(template) % tuple(values[::-1])
        assert m._joined(lits, values) == rdf.form(template) % tuple(values)
    for lits, values, positions, error in [((b"<", b">"), [b"a"], (1,), IndexError),
                                           ((b"<", b">"), [b"a"], (-2,), IndexError),
                                           ((b"<", b">"), [None], (0,), TypeError),
                                           ((b"<", None), [b"a"], (0,), TypeError),
                                           ((b"<", b">"), ["a"], (0,), TypeError)]:
        with pytest.raises(error):
            if positions is None:
                m._joined(lits, values)
            else:
                m._filled(lits, values, positions)


@settings(max_examples=300, deadline=None)
@given(hs.lists(hs.tuples(hs.booleans(), ODD | hs.sampled_from(["万载法院", "a" * 60, 'x"y', "z\\", "t\u2028"])),
                max_size=200))
def test_shared_str_texts_equal_the_turtle_and_json_texts_whatever_the_order(calls):
    """`_str_texts`' two functions give `_ttl_str` / `_json_str` in any order of calls (one file first or the
    other, a text asked twice by one file, texts one file never asks for: past the shared table's bound),
    and share one bytes object for a plain text (printable, no double quote or backslash) only."""
    ttl_text, json_text = rdf._str_texts()
    for as_json, text in calls:
        got = (json_text if as_json else ttl_text)(text)
        assert got == (rdf._json_str(text) if as_json else rdf._ttl_str(text))
    ttl_text, json_text = rdf._str_texts()
    for text in ["万载法院", "a" * 60, 'x"y', "z\\", "t\n", "u\x7f", "v\u2028", "w\ud800"[:1], "", "\ufeff"]:
        for first, second in ((ttl_text, json_text), (json_text, ttl_text)):
            a, b = first(text), second(text)  # (a fresh pair: nothing left over from the calls above)
            assert {first: a, second: b}[ttl_text] == rdf._ttl_str(text)
            assert {first: a, second: b}[json_text] == rdf._json_str(text)
            assert (a is b) == (text.isprintable() and '"' not in text and "\\" not in text)  # (shared: plain)


def test_shared_str_texts_refuse_a_lone_surrogate_as_the_plain_functions_do():
    ttl_text, json_text = rdf._str_texts()
    for fn, plain in ((ttl_text, rdf._ttl_str), (json_text, rdf._json_str)):
        with pytest.raises(UnicodeEncodeError) as got:
            fn("a\ud800b")
        with pytest.raises(UnicodeEncodeError) as want:
            plain("a\ud800b")
        assert got.value.args == want.value.args


@pytest.mark.parametrize("room", [0, 1, 50_000])
def test_recurring_lists_are_written_as_the_triple_by_triple_formatting(tmp_path, monkeypatch, room):
    """A list of str items has its texts kept by its items (`_LIST_ROOM` lists a file): a list that recurs,
    one equal to it but for an item's type (1 and True against "1" and "True", never kept), one with a
    repeated item, a quote or a DEL (escaped in Turtle, not in JSON: each file keeps its own texts), each as
    the triple-by-triple formatting writes it, kept or not."""
    monkeypatch.setattr(rdf, "_LIST_ROOM", room)
    lists = [["a", "b"], ["1"], [1], ["a", "b"], [True], ["True"], ["1"], [1], ["a", "a"], ["a", "a"],
             ['引"号', "b"], ['引"号', "b"], ["x\u2028y"], ["x\u2028y"], [1.0], ["a", "b"], ["d\x7f"], ["d\x7f"]]
    g = nx.MultiDiGraph()
    for i, items in enumerate(lists):
        g.add_node(f"agency:{i}", label="Agency", id=f"agency:{i}", name=f"{i}局", aliases=items,
                   load_by_year=list(reversed(items)), n_led=1)
    ttl, jsonld, _ = rdf.write(g, tmp_path)
    assert (ttl.read_text(encoding="utf-8"), jsonld.read_text(encoding="utf-8")) == _reference_files(g)


@pytest.mark.parametrize("issued", ["2023-05-01", "2023年5月", "2023-5-1x0", "2023年05月01", "abcd-efghi", "", '2023-"5-01',
                                    "2023-05-0\n", "2023-05-01 ", 2023, True, 1.5, None, ["2023-05-01"], []])
def test_a_plans_issued_date_is_written_as_the_triple_by_triple_formatting(tmp_path, issued):
    """A Plan's `issued` (a date property) goes by the node templates: an xsd:date literal where `_value`
    reads a date (ten characters, "-" fifth: whatever the others are), a plain literal otherwise, another
    type as any property's value; a list is left to the general formatter. Two plans with the same value,
    so the kept texts are read again, and one plan without `issued`."""
    g = nx.MultiDiGraph()
    for i in range(2):
        plan = f"plan:d{i}:1"
        g.add_node(plan, label="Plan", id=plan, title=f"计划{i}", jurisdiction=None, issuer="x", issued=issued,
                   kind="plan", year=2023, attachment=None, source=f"d{i}.txt", line=1, sha256="ab")
        g.add_node(f"measure:{i}", label="Measure", id=f"measure:{i}", title="t", source=f"d{i}.txt", line=2)
        g.add_edge(plan, f"measure:{i}", key="HAS_MEASURE", type="HAS_MEASURE", source=f"d{i}.txt", line=2)
    g.add_node("plan:e:1", label="Plan", id="plan:e:1", title="无日期", kind="plan")
    ttl, jsonld, _ = rdf.write(g, tmp_path)
    assert (ttl.read_text(encoding="utf-8"), jsonld.read_text(encoding="utf-8")) == _reference_files(g)


@pytest.mark.parametrize("compiled", [True, False])
def test_nodes_of_a_label_with_other_value_types_or_empty_lists_keep_their_own_templates(tmp_path, compiled,
                                                                                       monkeypatch):
    """Compiled, a node reuses the spec of a kind seen before with its label only when its values have that
    kind's types and its list properties are [] where that kind's were: agencies in a row with a name of
    another type (str, None, int), a load of another type (float, int, bool, None), aliases [] / one /
    None, and a kind seen before coming back."""
    kinds = [("a", 1.5, []), ("b", 1.5, ["x"]), (None, 1.5, []), ("c", 2, []), ("d", True, ["y"]), ("e", None, None),
             (1, 1.5, []), ("f", 1.5, []), ("g", 1.5, ["z"]), ("h", 0.5, [])]
    g = nx.MultiDiGraph()
    for i, (name, load, aliases) in enumerate(kinds):
        g.add_node(f"agency:{i}", label="Agency", id=f"agency:{i}", name=name, load=load, aliases=aliases, n_led=i)
    monkeypatch.setattr(rdf, "_COMPILED", compiled)  # (each form, whichever way the module runs)
    ttl, jsonld, _ = rdf.write(g, tmp_path)
    assert (ttl.read_text(encoding="utf-8"), jsonld.read_text(encoding="utf-8")) == _reference_files(g)
