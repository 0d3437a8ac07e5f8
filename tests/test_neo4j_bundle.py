"""The neo4j-admin import bundle and the cypher-shell script (dutygraph.exports.neo4j_bundle)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis.strategies import characters as st_characters, lists as st_lists, none as st_none, \
    sampled_from as st_sampled_from, text as st_text

from dutygraph.api import graph_from_paths
from dutygraph.errors import StoreError
from dutygraph.exports import csvtext
from dutygraph.exports import neo4j_bundle as nb
from dutygraph.graph import schema
from dutygraph.neo4j import Client, server_counts
from dutygraph.neo4j import statements as st
from dutygraph.neo4j.statements import expected_counts

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"
HOSTILE = "市政务服务办'}) DETACH DELETE n // \"牵头\" \\ 反斜杠 \\' \n第二行\t制表 ' OR 1=1 //"
HEADER = re.compile(r"^(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?::(?P<type>ID|LABEL|START_ID|END_ID|TYPE|int|boolean|"
                    r"string\[\]|double))?(?:\((?P<space>[A-Za-z]+)\))?)$")


@pytest.fixture(scope="module")
def samples() -> nx.MultiDiGraph:
    return graph_from_paths([PLANS])


@pytest.fixture(scope="module")
def bundle(samples, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    nb.write(samples, out)
    return out / "neo4j"


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _parse_value(cell: str, typ: str | None):
    if cell == "":
        return None
    if typ == "int":
        return int(cell)
    if typ == "double":
        return float(cell)
    if typ == "boolean":
        assert cell in ("true", "false")
        return cell == "true"
    if typ == "string[]":
        return cell.split(nb.ARRAY_DELIMITER)
    return cell


def test_headers_parse_and_the_csv_reads_back_as_the_graph(bundle, samples):
    back = nx.MultiDiGraph()
    for nt in schema.NODES:
        rows = _read(bundle / nb.node_file(nt.label))
        heads = [HEADER.match(h) for h in rows[0]]
        assert all(heads), rows[0]
        assert rows[0][:2] == [f"id:ID({nt.label})", ":LABEL"]
        for row in rows[1:]:
            attrs = {"label": row[1], "id": row[0]}
            for h, cell in zip(heads[2:], row[2:]):
                attrs[h["name"]] = _parse_value(cell, h["type"])
            back.add_node(row[0], **attrs)
    for rt in schema.RELS:
        for a, b in rt.pairs:
            rows = _read(bundle / nb.rel_file(rt.type, a, b))
            heads = [HEADER.match(h) for h in rows[0]]
            assert all(heads), rows[0]
            assert rows[0][:3] == [f":START_ID({a})", f":END_ID({b})", ":TYPE"]
            for row in rows[1:]:
                attrs = {"type": row[2]}
                for h, cell in zip(heads[3:], row[3:]):
                    attrs[h["name"]] = _parse_value(cell, h["type"])
                back.add_edge(row[0], row[1], key=row[2], **attrs)
    assert expected_counts(back) == expected_counts(samples)
    for n, attrs in samples.nodes(data=True):
        want = {k: (None if v == [] else v) for k, v in attrs.items()}  # empty list -> no property
        assert back.nodes[n] == want, n
    for u, v, k, attrs in samples.edges(keys=True, data=True):
        assert back.edges[u, v, k] == {kk: (None if vv == [] else vv) for kk, vv in attrs.items()}


def test_files_are_deterministic_and_the_command_names_every_file(samples, bundle, tmp_path):
    nb.write(samples, tmp_path)
    again = tmp_path / "neo4j"
    names = sorted(p.name for p in bundle.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (bundle / name).read_bytes() == (again / name).read_bytes(), name
    script = (bundle / "import.sh").read_text(encoding="utf-8")
    assert "neo4j-admin \\\n  database \\\n  import \\\n  full" in script
    csvs = [n for n in names if n.endswith(".csv")]
    for name in csvs:
        assert f"={name} " in script + " " or f"={name} \\" in script, name
    assert "--array-delimiter=U+001F" in script and '"$DB"' in script
    assert len(csvs) == len(schema.NODES) + sum(len(r.pairs) for r in schema.RELS)
    assert not list(bundle.glob(".*.tmp"))


def test_the_bundle_written_row_by_row_is_the_bundle_made_from_the_steps(samples, bundle):
    """write() formats each row straight from the graph as it writes it; csv_tables and
    generate_cypher format the rows of every step (node_steps + rel_steps): the same bytes. The samples
    have relationship types with several pairs, whose steps graph.cypher lists in the graph's order."""
    all_steps = st.node_steps(samples) + st.rel_steps(samples)
    several = [r.type for r in schema.RELS if sum(s.label == r.type for s in all_steps if s.kind == "rels") > 1]
    assert several  # the case where the script's order and the files' order differ is exercised
    for name, data in nb.csv_tables(samples, all_steps).items():
        assert (bundle / name).read_bytes() == data, name
    assert (bundle / "graph.cypher").read_text(encoding="utf-8") == nb.generate_cypher(samples, all_steps)


def _written_as_the_steps_write_it(g: nx.MultiDiGraph, tmp_path: Path) -> Path:
    """`nb.write(g)`'s files equal to csv_tables / generate_cypher over the steps (str / json.dumps per
    value); the bundle's folder."""
    nb.write(g, tmp_path)
    out = tmp_path / "neo4j"
    all_steps = st.node_steps(g) + st.rel_steps(g)
    for name, data in nb.csv_tables(g, all_steps).items():
        assert (out / name).read_bytes() == data, name
    assert (out / "graph.cypher").read_text(encoding="utf-8") == nb.generate_cypher(g, all_steps)
    return out


def test_rows_with_values_of_every_kind_are_written_as_the_steps_write_them(tmp_path):
    """write()'s inline paths (text, None, int, bool; empty lists) and its general one (tuples, floats,
    lists, text in a list property, values of another type than the schema's) give the bytes of
    csv_tables / generate_cypher over the steps; ids that are not text are sorted and written as text."""
    g = nx.MultiDiGraph()
    g.add_node("agency:b", label="Agency", id="agency:b", name="乙'局\n", collective=True, resolved=False,
               aliases=("x", "y"), load=1.5, n_led=3, jurisdiction=None)
    g.add_node("agency:a", label="Agency", id="agency:a", name=7, collective="yes", aliases="ab", load=2,
               n_led=True)
    g.add_node(10, label="Measure", id="10", title=("a", "b"), text=["c", 1], line=-3, targets=None,
               repairs=[], lead_inherited=False, deadline="=1+1", number=1.25, plan="")
    g.add_node(9, label="Measure", id="9", title="第\t一\x01", targets=["甲", 2], repairs=(), line=None)
    g.add_node("deadline:x", label="Deadline", id="deadline:x", date="2021-01-01", month_measure_ids=[10, "9"])
    g.add_edge("agency:b", 10, key="LEADS", inherited=True, source="s.txt", line=3, mention="乙局")
    g.add_edge("agency:a", 10, key="LEADS", inherited=None, source=("s",), line=2.0, mention="")
    g.add_edge("agency:a", 9, key="LEADS", inherited=1, source="s'.txt", line=True, mention=None)
    g.add_edge("agency:b", 9, key="SUPPORTS", source="s.txt", line=4, mention=["a"])
    g.add_edge(10, "deadline:x", key="DUE", source="s.txt", line=5, mention="年底前", repairs=["r1", "r2"])
    g.add_edge(9, "deadline:x", key="DUE", source="s.txt", line=6, mention="\r", repairs=None)
    out = _written_as_the_steps_write_it(g, tmp_path)
    assert "{src: '9', dst: 'deadline:x', props: {source: 's.txt', line: 6, mention: '\\r', repairs: []}}" in (
        out / "graph.cypher").read_text(encoding="utf-8")


@pytest.mark.parametrize("loads", [[1.5, None, 1e16, -0.0, 2.0], [0.1, float("nan"), float("inf"), -float("inf")],
                                   [3.25, 1e-7]])
def test_a_float_column_is_written_as_the_steps_write_it(tmp_path, loads):
    """A column of floats (and None) is made in one pass (each field its repr, each literal the same text
    when every float is finite): the bytes of csv_tables / generate_cypher over the steps (str / json.dumps
    per value), nan and infinities included."""
    g = nx.MultiDiGraph()
    for i, load in enumerate(loads):
        g.add_node(f"agency:{i}", label="Agency", id=f"agency:{i}", name=f"局{i}", load=load)
    _written_as_the_steps_write_it(g, tmp_path)


@pytest.mark.parametrize("odd", [None, "agency:a,b", 'agency:"a"', "agency:a'b", "agency:a\\b", "agency:a\nb",
                                 "agency:a\u2028", "agency:赣州"])
def test_ids_needing_quotes_or_escapes_are_written_as_the_steps_write_them(tmp_path, odd):
    """write() tests every node's id once (_plain_ids) and then writes the id columns as they are; an id
    needing CSV quotes or a Cypher escape (here one node's, with edges to and from it) makes every column of
    ids be searched as before: the bytes of csv_tables / generate_cypher over the steps either way."""
    g = nx.MultiDiGraph()
    agencies = ["agency:a", "agency:b"] + ([odd] if odd else [])
    for a in agencies:
        g.add_node(a, label="Agency", id=a, name="局")
    g.add_node("measure:m", label="Measure", id="measure:m", text="牵头")
    for a in agencies:
        g.add_edge(a, "measure:m", key="LEADS", source="s.txt", line=1)
    pattern = csvtext.quote_pattern("\n")
    assert nb._plain_ids(g, pattern) == (odd in (None, "agency:赣州"))
    _written_as_the_steps_write_it(g, tmp_path)


def test_cypher_string_literals_cannot_be_broken_out_of():
    assert nb.cypher_string("a'b") == r"'a\'b'"
    assert nb.cypher_string("a\\'}) DETACH DELETE n //") == r"'a\\\'}) DETACH DELETE n //'"
    assert nb.cypher_string("x\ny\t\x01") == r"'x\ny\t\u0001'"
    with pytest.raises(StoreError):
        nb.cypher_string("a\x00")
    # every quote inside the literal is escaped: an odd number of backslashes precedes it
    lit = nb.cypher_string(HOSTILE)
    body = lit[1:-1]
    for m in re.finditer("'", body):
        run = len(body[:m.start()]) - len(body[:m.start()].rstrip("\\"))
        assert run % 2 == 1


def test_array_delimiter_in_data_is_refused(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("platform:x", label="Platform", id="platform:x", name="x", aliases=["a\x1fb"])
    with pytest.raises(StoreError, match="U\\+001F"):
        nb.write(g, tmp_path)
    assert not (tmp_path / "neo4j").exists()  # nothing half-written


@pytest.mark.bolt
def test_the_cypher_script_builds_the_same_graph_on_a_bolt_server(bolt_server, samples, tmp_path):
    """Run graph.cypher statement by statement (as cypher-shell would) against FalkorDB; the
    CREATE CONSTRAINT lines are Neo4j-only and skipped here, everything else runs unchanged."""
    g = samples.copy()
    m = next(n for n, a in g.nodes(data=True) if a["label"] == "Measure")
    g.nodes[m]["text"] = HOSTILE  # the script must carry hostile text as data
    nb.write(g, tmp_path)
    lines = (tmp_path / "neo4j" / "graph.cypher").read_text(encoding="utf-8").splitlines()
    bolt_server.flush()
    with Client(bolt_server.uri, None, None, connect_timeout=2.0) as c:
        for line in lines:
            if line.startswith("//") or line.startswith("CREATE CONSTRAINT"):
                continue
            assert line.endswith(";")
            c.run(line[:-1])
        assert server_counts(c) == expected_counts(g)
        assert c.run("MATCH (n:Measure {id: $id}) RETURN n.text AS t", {"id": m}) == [{"t": HOSTILE}]


def _cypher_string_reference(s: str) -> str:
    """The character-by-character definition cypher_string must agree with."""
    esc = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    out = []
    for ch in s:
        if ch in esc:
            out.append(esc[ch])
        elif ord(ch) < 0x20 or ch in "\x7f\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


@settings(max_examples=400, deadline=None)
@given(st_text(alphabet=st_characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
               | st_sampled_from(list("\\'\"\n\r\t\x01\x1f\x7f\u2028\u2029\u3000\x85牵头"))))
def test_plain_text_forms_agree_with_the_escape_pattern(s):
    """_plain_text's one pass (compiled: csvtext.index_of on _NEEDS_ESCAPE's table) says True exactly when
    _NEEDS_ESCAPE finds nothing; the str tests (as Python) say True only then. _special_at finds what
    _NEEDS_ESCAPE's search finds, from any offset."""
    none = nb._NEEDS_ESCAPE.search(s) is None
    assert not nb._plain_text_str(s) or none
    assert nb._plain_text(s) == (none if nb._COMPILED else nb._plain_text_str(s))
    assert nb._NEEDS_ESCAPE in csvtext._TABLES  # (the compiled pass applies)
    for start in (0, 1, len(s) // 2, len(s), len(s) + 1):  # (_special_at: where the search finds one)
        m = nb._NEEDS_ESCAPE.search(s, start)
        assert nb._special_at(s, start) == csvtext.index_of(s, start, nb._NEEDS_ESCAPE) == (
            -1 if m is None else m.start())
    texts = [s, "", "a", s + "é"]
    assert csvtext.encoded(texts) == csvtext._encoded_loop(texts) == [t.encode() for t in texts]


@settings(max_examples=400, deadline=None)
@given(st_text(alphabet=st_characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
               | st_sampled_from(list("\\'\"\n\r\t\x01\x1f\x7f\u2028\u2029牵头"))))
def test_cypher_string_matches_the_character_rules(s):
    assert nb.cypher_string(s) == _cypher_string_reference(s)
    if nb._plain_text(s):  # (the quick test of a column's text: nothing to escape when it says so)
        assert _cypher_string_reference(s) == "'" + s + "'"
    row = {"id": s, "props": {"name": s, "aliases": [s, "x"], "line": 3, "inherited": True, "role": None}}
    assert nb.cypher_literal(row) == ("{id: " + _cypher_string_reference(s) + ", props: {name: "
                                      + _cypher_string_reference(s) + ", aliases: [" + _cypher_string_reference(s)
                                      + ", 'x'], line: 3, inherited: true, role: null}}")


def test_a_list_item_holding_the_delimiter_is_named_in_the_error(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("measure:m", label="Measure", id="measure:m", title="t")
    g.add_node("deadline:d", label="Deadline", id="deadline:d", date="2021-01-01")
    g.add_edge("measure:m", "deadline:d", key="DUE", source="s.txt", line=1, repairs=["a\x1fb"])
    with pytest.raises(StoreError, match="measure:m->deadline:d: a list item holds U\\+001F"):
        nb.write(g, tmp_path)


def test_rows_made_in_small_chunks_are_the_same_bundle(samples, bundle, tmp_path, monkeypatch):
    """write() makes its rows csvtext.CHUNK at a time (the samples' tables fit in one chunk): with chunks of
    7 rows (an UNWIND batch spans chunks) the files are the same."""
    from dutygraph.exports import csvtext

    monkeypatch.setattr(csvtext, "CHUNK", 7)
    nb.write(samples, tmp_path)
    for path in sorted(bundle.iterdir()):
        assert (tmp_path / "neo4j" / path.name).read_bytes() == path.read_bytes(), path.name


@settings(max_examples=300, deadline=None)
@given(values=st_lists(st_none() | st_text(st_characters(codec="utf-8", exclude_characters="\x00"), max_size=6)
                       | st_sampled_from(["'", "\\", "\n", "a\u2028", "\x7f", "é'"]), max_size=8))
def test_a_columns_literals_are_each_values_literal(values):
    """_text_literals finds the values to escape from one search of the column's text."""
    with_none = None in values
    literals, bare, texts, joined = nb._text_literals(values if with_none else [v for v in values], with_none)
    assert texts == ["" if v is None else v for v in values] and joined == "".join(texts)
    if bare:
        literals = ["'" + v + "'" for v in literals]
    assert literals == [nb._literal(v) for v in values]


@settings(max_examples=300, deadline=None)
@given(values=st_lists(st_text(st_characters(codec="utf-8", exclude_characters="\x00"), max_size=6)
                       | st_sampled_from(["'", "\\", "\n", "a\u2028", "\x7f", "é'", ",", '"', '牵"头', "牵,'"]),
                       min_size=1, max_size=8))
def test_a_text_columns_fields_and_literals_are_encoded_once_as_each_values(values):
    """_text_column (each text encoded once, its bytes quoted or replaced only where needed) gives the
    CSV fields quote_column gives and, between the template's quotes, the values' literals."""
    pattern = csvtext.quote_pattern("\n")
    fields, literals = [], []
    nb._text_column(tuple(values), pattern, fields, literals)
    assert fields == [[f.encode() for f in csvtext.quote_column(values, pattern)]]
    assert [b"'" + x + b"'" for x in literals[0]] == [nb._literal(v).encode() for v in values]
    with pytest.raises(StoreError):
        nb._text_column([*values, "a\x00"], pattern, [], [])


@settings(max_examples=300, deadline=None)
@given(sizes=st_lists(st_sampled_from([1, 2, 7, 59, 60, 61, 400, 1499, 1500, 2999, 3000, 3001, 5000]), max_size=160),
       cuts=st_lists(st_sampled_from([1, 2, 3, 17, 50, 51, 100]), min_size=1, max_size=8),
       wide=st_sampled_from(["a", "é", "赣"]))
def test_unwind_batches_over_chunks_are_unwinds_batches(sizes, cuts, wide):
    """_unwind cuts the batches of the rule, literal by literal, however the literals come in chunks."""
    literals = [wide * (n // len(wide.encode())) + "x" * (n % len(wide.encode())) for n in sizes]
    chunks, at, i = [], 0, 0
    while at < len(literals):
        chunks.append(literals[at:at + cuts[i % len(cuts)]])
        at += cuts[i % len(cuts)]
        i += 1
    chunks.insert(len(chunks) // 2, [])  # (an empty chunk changes nothing)
    statement = st.node_merge("Agency")
    batches, batch, size = [], [], 0  # the rule: a literal joins while the batch has room for it
    for lit in literals:
        n = len(lit.encode())
        if batch and (len(batch) >= nb.CYPHER_BATCH_ROWS or size + n > nb.CYPHER_BATCH_BYTES):
            batches.append(batch)
            batch, size = [], 0
        batch.append(lit)
        size += n
    if batch:
        batches.append(batch)
    end = " AS row " + statement.partition("UNWIND $rows AS row ")[2] + ";"
    got = nb._unwind(statement, [[lit.encode() for lit in chunk] for chunk in chunks])  # (UTF-8 in and out)
    assert [b.decode() for b in got] == ["UNWIND [" + ", ".join(b) + "]" + end for b in batches]


@settings(max_examples=300, deadline=None)
@given(values=st_lists(st_none() | st_lists(st_text(st_characters(codec="utf-8", exclude_characters="\x00"), max_size=5)
                                            | st_sampled_from(["'", "\\", "\n", "\x1f", "a\u2028", "", "é'"]),
                                            max_size=4)
                       | st_lists(st_sampled_from(["a", 1, None, True]), max_size=3)
                       | st_sampled_from([("x", "y'"), "ab"]), max_size=8))
def test_a_list_columns_fields_and_literals_are_each_values(values):
    """_prop_column of a STRING[] column (lists of text joined and quoted in one pass per column, other
    values one by one) gives each value's CSV field and literal as _value_cells does, or its error."""
    ids = [[f"n{i}" for i in range(len(values))]]
    fields, literals = [], []
    try:
        for i, v in enumerate(values):
            if v:
                nb._value_cells(v, True, "STRING[]", "", (ids[0][i],), fields, literals)
            else:
                fields.append("")
                literals.append("[]")
    except StoreError as exc:
        with pytest.raises(StoreError) as got:
            nb._prop_column(tuple(values), True, "STRING[]", ids)
        assert str(got.value) == str(exc)
        return
    assert nb._prop_column(tuple(values), True, "STRING[]", ids) == (fields, literals, False, None)


@settings(max_examples=300, deadline=None)
@given(runs=st_lists(st_lists(st_sampled_from(["b", "a", "赣", "ab", ""]), min_size=1, max_size=5), max_size=12),
       froms=st_lists(st_sampled_from(["n2", "n1", "赣州", "n10", "n"]), min_size=12, max_size=12),
       copy=st_sampled_from([False, True]))
def test_edges_sorted_a_run_at_a_time_as_by_their_ends(runs, froms, copy):
    """_sorted_by_ends orders an edge group (each from node's edges together, as rel_groups lists them)
    as a stable sort by (from, to) does; and any other list too (a from node in two runs, equal ids that
    are not one object: sorted whole)."""
    items = []
    for k, (tos, u) in enumerate(zip(runs, froms)):
        for v in tos:  # (equal to ids in a run: their order kept; a from id again: not grouped)
            items.append(("".join(list(u)) if copy else u, v, {"at": len(items), "run": k}))
    assert nb._sorted_by_ends(list(items)) == sorted(items, key=lambda t: (t[0], t[1]))
    grouped = [t for u in dict.fromkeys(t[0] for t in items) for t in items if t[0] == u]  # each node's together
    assert nb._sorted_by_ends(list(grouped)) == sorted(grouped, key=lambda t: (t[0], t[1]))
