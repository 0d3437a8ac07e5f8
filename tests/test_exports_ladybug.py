"""The embedded LadybugDB store: real database files, counts equal to networkx, atomic replacement."""

from __future__ import annotations

import networkx as nx
import pytest

from dutygraph.errors import QueryError, StoreError
from dutygraph.exports import ladybug_store as ls
from dutygraph.graph import schema
from dutygraph.graph.model import build_graph, counts

from graph_records import GZ, sample_batch


@pytest.fixture(scope="module")
def g():
    return build_graph(sample_batch())


@pytest.fixture(scope="module")
def db(g, tmp_path_factory):
    out = tmp_path_factory.mktemp("lb")
    (path,) = ls.write(g, out)
    conn = ls.connect(path)
    yield conn
    conn.close()


def test_ddl_is_generated_from_the_schema():
    stmts = ls.ddl()
    assert len(stmts) == len(schema.NODES) + len(schema.RELS)
    assert "CREATE REL TABLE `LEADS`(FROM `Agency` TO `Measure`, FROM `Agency` TO `Section`, `inherited` BOOLEAN" in stmts[
        len(schema.NODES)]
    assert any(s.startswith("CREATE NODE TABLE `Measure`(`id` STRING") and "`targets` STRING[]" in s for s in stmts)


def test_counts_per_label_and_type_equal_networkx(g, db):
    assert ls.counts(db) == counts(g)


def test_properties_and_provenance_survive(db):
    rows = ls.run_cypher(db, "MATCH (m:Measure)-[u:USES_PLATFORM]->(p:Platform {name: $name}) "
                             "RETURN m.id AS id, u.source AS source, u.line AS line, u.mention AS mention, p.aliases AS aliases",
                         {"name": "赣服通"})
    assert rows == [{"id": f"measure:{GZ}:149:2", "source": GZ, "line": 149, "mention": "贛服通", "aliases": ["贛服通"]}]
    rows = ls.run_cypher(db, "MATCH (a:Agency)-[l:LEADS]->(m:Measure) WHERE l.inherited RETURN count(*) AS n", {})
    assert rows == [{"n": 10}]  # jingdezhen 3 units x 3 items + jiujiang line 277
    rows = ls.run_cypher(db, "MATCH (a:Agency)-[l:LEADS]->(m:Measure) "
                             "RETURN sum(CASE WHEN l.inherited THEN 1 ELSE 0 END) AS n", {})
    assert rows == [{"n": 10}] and type(rows[0]["n"]) is int  # INT128 sums come back as int
    rows = ls.run_cypher(db, "MATCH (j:Jurisdiction {name: $d})-[:`IN`]->(c:Jurisdiction) RETURN c.name AS city", {"d": "芜湖市鸠江区"})
    assert rows == [{"city": "芜湖市"}]


def test_parameters_are_data_not_cypher(db):
    evil = "赣服通'}) MATCH (n) DETACH DELETE n //"
    assert ls.run_cypher(db, "MATCH (p:Platform {name: $name}) RETURN p.id AS id", {"name": evil}) == []
    assert ls.run_cypher(db, "MATCH (p:Platform) RETURN count(p) AS n", {}) == [{"n": 3}]


def test_bad_query_is_one_clear_error(db):
    with pytest.raises(QueryError):
        ls.run_cypher(db, "MATCH (n:NoSuchLabel) RETURN n", {})


def test_rewrite_replaces_and_failure_keeps_previous_database(g, tmp_path):
    (path,) = ls.write(g, tmp_path)
    before = path.read_bytes()
    broken = nx.MultiDiGraph(g)
    # an edge to a node that is not in the graph's node tables: COPY fails inside the database
    # the node row's key does not match the edge's endpoint: COPY of the edge fails inside the database
    broken.add_node("platform:x", label="Platform", id="platform:y", name="x", aliases=[])
    broken.add_edge(f"measure:{GZ}:95:1", "platform:x", key="USES_PLATFORM", type="USES_PLATFORM",
                    source=GZ, line=1, mention="x")
    with pytest.raises(StoreError):
        ls.write(broken, tmp_path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.lbdb"]
    with ls.connect(path) as conn:
        assert ls.counts(conn) == counts(g)


def test_connect_to_missing_database_names_the_path(tmp_path):
    with pytest.raises(StoreError, match="graph.lbdb"):
        ls.connect(tmp_path)


# Byte-identical database files (see the ladybug_store docstring for the engine's four sources of
# run-to-run bytes). A second process matters: a fresh heap and ASLR give different uninitialised bytes.
_WRITE_IN_A_NEW_PROCESS = """
import sys
from pathlib import Path
from dutygraph.exports import ladybug_store as ls
from dutygraph.graph.model import build_graph
from graph_records import sample_batch
ls.write(build_graph(sample_batch()), Path(sys.argv[1]))
"""


def _write_in_a_new_process(out, **env):
    import os
    import subprocess
    import sys
    from pathlib import Path

    tests = str(Path(__file__).parent)
    path = os.pathsep.join(p for p in (tests, os.environ.get("PYTHONPATH", "")) if p)
    subprocess.run([sys.executable, "-c", _WRITE_IN_A_NEW_PROCESS, str(out)], check=True, timeout=300,
                   env={**os.environ, "PYTHONPATH": path, **env})
    return (out / ls.DB_NAME).read_bytes()


def test_two_loads_give_a_byte_identical_file(g, tmp_path):
    (a,) = ls.write(g, tmp_path / "a")
    data = a.read_bytes()
    (again,) = ls.write(g, tmp_path / "a")  # the same folder, replaced
    assert again.read_bytes() == data
    # another process, another --out, and whatever thread count readers are given
    assert _write_in_a_new_process(tmp_path / "b", DUTYGRAPH_LBDB_THREADS="2") == data
    assert _write_in_a_new_process(tmp_path / "c", DUTYGRAPH_LBDB_THREADS="1") == data
    with ls.connect(tmp_path / "b") as conn:
        assert ls.counts(conn) == counts(g)


def test_database_id_is_derived_from_the_contents(g, tmp_path):
    import hashlib

    (path,) = ls.write(g, tmp_path)
    data = bytearray(path.read_bytes())
    stored = bytes(data[28:44])
    data[28:44] = bytes(16)
    assert stored == hashlib.sha256(data).digest()[:16]
    # a different graph, a different ID
    smaller = nx.MultiDiGraph(g)
    smaller.remove_node(next(n for n, a in g.nodes(data=True) if a["label"] == "Platform"))
    (other,) = ls.write(smaller, tmp_path / "other")
    assert other.read_bytes()[28:44] != stored
    # the engine reads it back, and a write through it (WAL tied to the new ID) works
    with ls.connect(path, read_only=False) as conn:
        ls.run_cypher(conn, "CREATE (:Platform {id: 'platform:new', name: 'new'})", {})
    with ls.connect(path) as conn:
        assert ls.run_cypher(conn, "MATCH (p:Platform {id: 'platform:new'}) RETURN p.n_measures AS n", {}) == [{"n": None}]


def test_unknown_header_layout_is_left_alone(tmp_path):
    f = tmp_path / "x.lbdb"
    f.write_bytes(b"NOTLBUG!" + bytes(8192))
    ls._set_database_id(f)
    assert f.read_bytes() == b"NOTLBUG!" + bytes(8192)


def test_non_key_columns_say_default_null_and_still_default_to_null(db):
    """The implicit default of an INT64/DOUBLE/BOOLEAN column would store uninitialised bytes."""
    stmts = ls.ddl()
    for n, stmt in zip(schema.NODES, stmts, strict=False):
        assert stmt.count(" DEFAULT NULL") == len(n.props) - 1 and "`id` STRING," in stmt
    for r, stmt in zip(schema.RELS, stmts[len(schema.NODES):], strict=True):
        assert stmt.count(" DEFAULT NULL") == len(r.props)
    for table in ("Agency", "HAS_MEASURE"):
        rows = ls.run_cypher(db, f"CALL table_info('{table}') RETURN *", {})
        assert {r["default expression"] for r in rows} == {"NULL"}
    assert ls.run_cypher(db, "MATCH (a:Agency) WHERE a.n_led IS NULL AND a.load IS NULL AND a.collective IS NULL "
                             "RETURN count(*) AS n", {}) == [{"n": 0}]


def test_malloc_perturbed_fills_malloced_memory_on_glibc():
    import ctypes
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        pytest.skip("M_PERTURB is glibc's")
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    with ls._malloc_perturbed():
        p = libc.malloc(4096)
        try:
            assert ctypes.string_at(p, 4096) == b"\x5a" * 4096
        finally:
            libc.free(p)


def test_the_database_is_loaded_with_one_thread(g, tmp_path, monkeypatch):
    """More than one COPY thread lays out the data pages in the order the threads get to the rows
    (10k documents: ~5,400 of 44,530 pages differed between two 2-thread loads); readers keep theirs."""
    import ladybug

    seen = []
    real = ladybug.Database

    def spy(path, **kw):
        seen.append((kw["read_only"], kw["max_num_threads"]))
        return real(path, **kw)

    monkeypatch.setenv(ls.THREADS_ENV, "2")
    monkeypatch.setattr(ladybug, "Database", spy)
    (path,) = ls.write(g, tmp_path)
    ls.connect(path).close()
    # the writer (opened again after the node tables: see the next test) has one thread, readers theirs
    assert seen[-1] == (True, 2) and len(seen) >= 3 and set(seen[:-1]) == {(False, 1)}


def test_reopening_between_tables_writes_the_same_bytes(g, tmp_path, monkeypatch):
    """The writer closes and reopens the database after each large node table and after the last one
    (the engine holds a COPY's memory until close); the file is the bytes of a load without reopening
    and of one that reopens after every node table."""
    import ladybug

    opened = []
    real = ladybug.Database
    monkeypatch.setattr(ladybug, "Database", lambda path, **kw: opened.append(path) or real(path, **kw))
    (path,) = ls.write(g, tmp_path / "default")
    data = path.read_bytes()
    assert len(opened) == 2  # the sample graph has no node table of REOPEN_AFTER_ROWS rows: after the nodes only
    opened.clear()
    monkeypatch.setattr(ls, "REOPEN_AFTER_ROWS", 0)
    (every,) = ls.write(g, tmp_path / "every")
    assert len(opened) == 1 + sum(1 for n in schema.NODES if any(lab == n.label for _, lab in g.nodes(data="label")))
    assert every.read_bytes() == data
    monkeypatch.setattr(ls._Session, "reopen", lambda self: None)
    (never,) = ls.write(g, tmp_path / "never")
    assert never.read_bytes() == data


@pytest.mark.parametrize("chunk", [1, 2, 3, 4096])
def test_a_frame_holds_each_value_itself(chunk, monkeypatch):
    """_frame's chunks are put into object columns as they are: a column of lists of one length (which
    numpy could read as a 2-D block), of tuples, of empty lists or of None keeps each value as one
    cell, the same object, in row order; no rows give an empty frame of those columns."""
    monkeypatch.setattr(ls, "_CHUNK", chunk)
    items = [{"id": f"m{i}", "title": None if i % 2 else f"t{i}", "targets": ["a", str(i)], "repairs": [],
              "line": i, "lead_inherited": (i, "x")} for i in range(7)]
    props = schema.NODE_BY_LABEL["Measure"].prop_names
    frame = ls._node_frame("Measure", items)
    assert list(frame.columns) == list(props) and len(frame) == len(items)
    for name in ("id", "title", "targets", "repairs", "line", "lead_inherited"):
        assert all(a is b for a, b in zip(frame[name].tolist(), [it[name] for it in items], strict=True)), name
    assert frame["plan"].isna().all()  # no such attribute: NULL
    empty = ls._node_frame("Measure", [])
    assert list(empty.columns) == list(props) and len(empty) == 0


@pytest.mark.parametrize("chunk", [3, 4096])
def test_each_rel_frame_holds_its_groups_edges_in_graph_order(g, chunk, monkeypatch):
    """_rel_groups' from / to / attribute lists and _rel_frame give, per (type, from label, to label),
    the rows of graph.edges(keys=True, data=True) of that group, in order, each value itself."""
    monkeypatch.setattr(ls, "_CHUNK", chunk)
    groups = ls._rel_groups(g)
    expected: dict[tuple[str, str, str], list[list[object]]] = {}
    for u, v, rel, attrs in g.edges(keys=True, data=True):
        props = schema.REL_BY_TYPE[rel].prop_names
        expected.setdefault((rel, g.nodes[u]["label"], g.nodes[v]["label"]), []).append(
            [u, v, *(attrs.get(p) for p in props)])
    assert sorted(groups) == sorted(expected) and len(expected) > 5
    for key, rows in expected.items():
        frame = ls._rel_frame(key[0], groups[key])
        assert list(frame.columns) == ["from", "to", *schema.REL_BY_TYPE[key[0]].prop_names]
        got = list(zip(*(frame[c].tolist() for c in frame.columns), strict=True))
        assert len(got) == len(rows)
        assert all(a is b for r, e in zip(got, rows, strict=True) for a, b in zip(r, e, strict=True)), key
