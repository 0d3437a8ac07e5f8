"""dutygraph.neo4j against a real Bolt server: FalkorDB's redis-server + falkordb.so (tests/bolt_server.py).
No mocks: push, read back with the official driver, kill the server mid-push, restart, re-push."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from conftest import falkordb_known_crash

from dutygraph.api import graph_from_paths
from dutygraph.errors import StoreError
from dutygraph.graph import schema
from dutygraph.neo4j import Client as _Client
from dutygraph.neo4j import push as _push
from dutygraph.neo4j import run_cypher as _run_cypher
from dutygraph.neo4j import server_counts
from dutygraph.neo4j.client import FALKORDB
from dutygraph.neo4j.statements import expected_counts

pytestmark = pytest.mark.bolt

# a short connect timeout: a connection that gets no handshake reply (a killed or restarting server;
# FalkorDB's unanswered connection if the harness's proxy ever misses it, bolt_server.py) is retried quickly
T = 1.0


def Client(*a, **k):  # noqa: N802
    return _Client(*a, connect_timeout=T, **k)


def push(*a, **k):
    return _push(*a, connect_timeout=T, **k)


def run_cypher(*a, **k):
    return _run_cypher(*a, connect_timeout=T, **k)

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"
JJ = PLANS / "jiujiang-2023-business-environment-action-plan.txt"
HGT = PLANS / "honggutan-2023-q1-q3-progress-report.txt"


@pytest.fixture(scope="module")
def samples() -> nx.MultiDiGraph:
    return graph_from_paths([PLANS])


@pytest.fixture(scope="module")
def jiujiang() -> nx.MultiDiGraph:
    return graph_from_paths([JJ])


@pytest.fixture
def server(bolt_server):
    if not bolt_server.alive:  # an earlier test crashed or killed it and left it down
        bolt_server.restart()
    bolt_server.flush()
    return bolt_server


def node_ids(client: Client) -> set[tuple[str, str]]:
    out = set()
    for n in schema.NODES:
        out |= {(n.label, r["id"]) for r in client.run(f"MATCH (n:{n.label}) RETURN n.id AS id")}
    return out


def triples(client: Client) -> list[tuple[str, str, str]]:
    rows = client.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b")
    return sorted((r["a"], r["t"], r["b"]) for r in rows)


def graph_ids(g: nx.MultiDiGraph) -> set[tuple[str, str]]:
    return {(a["label"], n) for n, a in g.nodes(data=True)}


def graph_triples(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    return sorted((u, k, v) for u, v, k in g.edges(keys=True))


def assert_same_graph(client: Client, g: nx.MultiDiGraph) -> None:
    assert server_counts(client) == expected_counts(g)
    assert node_ids(client) == graph_ids(g)
    got = triples(client)
    assert len(got) == len(set(got)), "duplicate relationships"
    assert got == graph_triples(g)


def test_push_samples_counts_ids_props_then_push_again(server, samples):
    t0 = time.monotonic()
    report = push(samples, server.uri, None, None, batch_size=200)
    assert report.dialect == FALKORDB
    assert any(n.startswith("constraints: skipped") and "CREATE CONSTRAINT" in n for n in report.notes)
    assert report.nodes == {k: v for k, v in expected_counts(samples)[0].items() if v}
    with Client(server.uri, None, None) as c:
        assert_same_graph(c, samples)
        # typed properties come back typed: STRING[] as lists, INT64 as int, BOOLEAN as bool
        for nid, a in samples.nodes(data=True):
            if a["label"] == "Measure" and a["targets"] and a["lead_inherited"] is not None:
                break
        row = c.run("MATCH (m:Measure {id: $id}) RETURN m.text AS text, m.targets AS targets, m.line AS line, "
                    "m.lead_inherited AS li", {"id": nid})[0]
        assert row == {"text": a["text"], "targets": a["targets"], "line": a["line"], "li": a["lead_inherited"]}
        lead = next((u, v, e) for u, v, k, e in samples.edges(keys=True, data=True) if k == "LEADS")
        got = c.run("MATCH (a:Agency {id: $u})-[r:LEADS]->(m {id: $v}) RETURN r.inherited AS i, r.line AS l, "
                    "r.mention AS m, r.source AS s", {"u": lead[0], "v": lead[1]})
        assert got == [{"i": lead[2]["inherited"], "l": lead[2]["line"], "m": lead[2]["mention"],
                        "s": lead[2]["source"]}]
        # the FalkorDB index replaces the constraint
        indexed = {r["label"] for r in c.run("CALL db.indexes()") if r["properties"] == ["id"]}
        assert indexed == {n.label for n in schema.NODES}
    first = time.monotonic() - t0

    again = push(samples, server.uri, None, None, batch_size=200)
    assert again.notes[-1] == "indexes: 0 created, 10 already there"
    with Client(server.uri, None, None) as c:
        assert_same_graph(c, samples)
    print(f"full samples: {samples.number_of_nodes()} nodes, {samples.number_of_edges()} edges; "
          f"first push + checks {first:.1f}s")


HOSTILE = ("市政务服务办'}) DETACH DELETE n // \"牵头\" \\ 反斜杠 \\' \\\\' ${x} `n` \n第二行\t制表 "
           "' OR 1=1 MATCH (m) DETACH DELETE m RETURN 1 //")


def _tiny_graph(text: str) -> nx.MultiDiGraph:
    """The shape build_graph produces, with values from jiujiang line 48 (鸠江区 plan, 开办企业)."""
    g = nx.MultiDiGraph()
    m = {p: ([] if t.type == "STRING[]" else None) for p, t in
         ((p.name, p) for p in schema.NODE_BY_LABEL["Measure"].props)}
    m.update(label="Measure", id="measure:jiujiang.txt:48:1", text=text, title="深化企业开办“一网通办”",
             kind="measure", targets=["0.5个工作日"], repairs=["separator lost: 区市监局鸠江公安局"],
             lead_inherited=False, line=48, source="jiujiang.txt")
    g.add_node(m["id"], **m)
    a = {"label": "Agency", "id": "agency:芜湖市鸠江区市场监督管理局", "name": "芜湖市鸠江区市场监督管理局",
         "jurisdiction": "芜湖市鸠江区", "collective": False, "resolved": True, "aliases": ["区市监局", "区'市监\\局"]}
    g.add_node(a["id"], **a)
    g.add_edge(a["id"], m["id"], key="LEADS", type="LEADS", inherited=False, source="jiujiang.txt", line=48,
               mention="区市监局'})-[:X]->() //")
    canary = {"label": "Platform", "id": "platform:一网通办", "name": "一网通办", "aliases": []}
    g.add_node(canary["id"], **canary)
    g.add_edge(m["id"], canary["id"], key="USES_PLATFORM", type="USES_PLATFORM", source="jiujiang.txt", line=48,
               mention="“一网通办”")
    return g


def test_hostile_text_round_trips_as_data(server):
    g = _tiny_graph(HOSTILE)
    push(g, server.uri, None, None)
    with Client(server.uri, None, None) as c:
        assert_same_graph(c, g)  # nothing deleted by the text
        got = c.run("MATCH (a:Agency)-[r:LEADS]->(m:Measure) RETURN m.text AS t, r.mention AS mention, "
                    "a.aliases AS al")
    assert got == [{"t": HOSTILE, "mention": "区市监局'})-[:X]->() //", "al": ["区市监局", "区'市监\\局"]}]
    # and through run_cypher (the queries engineer's entry point), as a bound parameter
    rows = run_cypher(server.uri, None, None, "MATCH (m:Measure) WHERE m.text = $t RETURN m.id AS id, m.line AS line",
                      {"t": HOSTILE})
    assert rows == [{"id": "measure:jiujiang.txt:48:1", "line": 48}]
    assert list(rows[0]) == ["id", "line"]  # column order kept


def test_a_9k_character_line_is_sent_in_pieces_and_read_back_whole(server):
    # honggutan-2023-q1-q3-progress-report.txt line 2: the whole progress report on one 9,072-character
    # line (27 KB of UTF-8), far beyond the ~4 KB of parameters FalkorDB's Bolt server survives
    line2 = HGT.read_text(encoding="utf-8").splitlines()[1]
    assert len(line2) > 9000
    g = _tiny_graph(line2 + HOSTILE)
    report = push(g, server.uri, None, None)
    assert report.pieces >= 8  # 27 KB in pieces of at most ~3.4 KB
    with Client(server.uri, None, None) as c:
        assert c.run("MATCH (m:Measure) RETURN m.text AS t") == [{"t": line2 + HOSTILE}]
        again = push(g, server.uri, None, None)  # re-push rewrites from the first piece: no doubling
        assert c.run("MATCH (m:Measure) RETURN m.text AS t") == [{"t": line2 + HOSTILE}]
        assert_same_graph(c, g)
    assert again.pieces == report.pieces


@pytest.fixture(scope="module")
def shared_client(bolt_server):
    with Client(bolt_server.uri, None, None) as c:
        yield c


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hst.text(alphabet=hst.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                     max_size=60)
       | hst.text(alphabet="'\\\"{}()[]/$`;:\n\t nN中", max_size=40))
def test_any_string_parameter_comes_back_unchanged(shared_client, bolt_server, text):
    if not bolt_server.alive:  # don't shrink against a dead server: say why it died (conftest.py)
        if falkordb_known_crash(bolt_server.crash_reports()):
            pytest.skip("FalkorDB's Bolt server crashed (SIGSEGV in its own Bolt connection code)")
        pytest.fail(f"the Bolt server is down; log: {bolt_server.log}")
    assert shared_client.run("RETURN $x AS x, [$x, 'k'] AS l, {v: $x} AS m", {"x": text}) == \
        [{"x": text, "l": [text, "k"], "m": {"v": text}}]


def test_nul_and_odd_map_keys_are_refused_not_mangled(server):
    with Client(server.uri, None, None) as c:
        with pytest.raises(StoreError, match="NUL"):
            c.run("RETURN $x AS x", {"x": "a\x00b"})
        with pytest.raises(StoreError, match="map key"):
            c.run("RETURN $x AS x", {"x": {"k' }) DETACH DELETE n //": 1}})
        with pytest.raises(StoreError, match="parameter name"):
            c.run("RETURN 1 AS x", {"x y": 1})


def test_kill_mid_push_restart_repush_converges(server, jiujiang):
    """SIGKILL after a few batches (after an RDB snapshot holds some of them), restart, push again."""
    state: dict[str, object] = {"batches": 0}

    def hook(step: str, done: int, total: int) -> None:
        state["batches"] = int(state["batches"]) + 1
        if state["batches"] == 8:
            since = server.snapshot_time()
            state["snapshot"] = server.wait_for_snapshot(since)
            server.kill()

    errors: list[BaseException] = []

    def run() -> None:
        try:
            # retries=3, not 1: before the harness's proxy absorbed FalkorDB's unanswered connection
            # (bolt_server.py), a push right after the fixture's flush twice gave up at connect, before
            # the kill this test is about; the margin stays in case the proxy's pause is ever too short
            push(jiujiang, server.uri, None, None, batch_size=5, retries=3, backoff=0.05, on_batch=hook)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join(120)
    assert not t.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], StoreError), errors
    assert "gave up" in str(errors[0])
    assert state["snapshot"] is True

    server.restart()
    with Client(server.uri, None, None) as c:
        survived = node_ids(c)
    assert survived and survived < graph_ids(jiujiang)  # part of it made it to disk, not all
    push(jiujiang, server.uri, None, None, batch_size=5)
    with Client(server.uri, None, None) as c:
        assert_same_graph(c, jiujiang)


def test_server_restarted_during_backoff_push_reconnects_then_rerun_completes(server, jiujiang):
    restarted = threading.Event()

    def hook(step: str, done: int, total: int) -> None:
        if not restarted.is_set():
            server.kill()
            threading.Timer(1.0, lambda: (server.start(), restarted.set())).start()

    report = push(jiujiang, server.uri, None, None, batch_size=20, retries=8, backoff=0.25, on_batch=hook)
    assert restarted.is_set() and report.retries >= 1
    # the first batch died with the server (never snapshotted), so this push alone cannot be complete;
    # running it again must complete it
    push(jiujiang, server.uri, None, None, batch_size=20)
    with Client(server.uri, None, None) as c:
        assert_same_graph(c, jiujiang)


def test_database_is_passed_and_reported(server):
    g = _tiny_graph("按职责分工负责")
    report = push(g, server.uri, None, None, database="dutygraph_test")
    assert any(n.startswith("database: 'dutygraph_test'") for n in report.notes)
    rows = run_cypher(server.uri, None, None, "MATCH (n) RETURN count(n) AS n", {}, database="dutygraph_test")
    assert rows == [{"n": 3}]
    server.flush(database="dutygraph_test")


def test_unreachable_server_is_one_storeerror_without_the_password():
    with pytest.raises(StoreError) as err:
        push(_tiny_graph("x"), "bolt://127.0.0.1:9", "neo4j", "Sup3r-Secret-pw", retries=1, backoff=0.01)
    assert "Sup3r-Secret-pw" not in str(err.value)
    assert "\n" not in str(err.value)


def test_labels_not_in_the_schema_are_refused_before_connecting():
    g = _tiny_graph("x")
    g.add_node("evil", label="Agency) DETACH DELETE n //")
    with pytest.raises(StoreError, match="not in the schema"):
        push(g, "bolt://127.0.0.1:9", None, None)


def test_a_server_that_stops_answering_fails_the_statement_in_one_line(server):
    """The server stops answering (SIGSTOP: it still accepts connections) while a statement waits: the
    statement fails once a new connection's RETURN 1 gets no answer either, with one line naming the
    server, and the client closes without waiting on it."""
    import os
    import signal

    c = Client(server.uri, None, None, watch_after=1.0, probe_timeout=2.0)
    assert c.run("RETURN 1 AS one") == [{"one": 1}]
    os.kill(server.proc.pid, signal.SIGSTOP)
    t0 = time.monotonic()
    try:
        with pytest.raises(StoreError) as err:
            c.run("MATCH (n) RETURN count(n) AS n", what="count")
        c.close()
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
    assert time.monotonic() - t0 < 30
    assert "count: the server stopped answering" in str(err.value) and "\n" not in str(err.value)
    assert server.uri in str(err.value)


def test_a_slow_answer_from_a_live_server_is_waited_for(server):
    """Watched every 0.2 s, a statement whose answer comes 3 s late (a proxy holds it) is not cut
    short: the server answers the probe's new connection meanwhile, so the statement goes on to its
    result. (FalkorDB itself answers nothing while it runs a query, so a slow query there is no test.)"""
    from bolt_server import Proxy

    proxy = Proxy(server.port)
    try:
        with Client(proxy.uri, None, None, watch_after=0.2, probe_timeout=5.0) as c:
            assert c.run("RETURN 1 AS one") == [{"one": 1}]
            proxy.hold(3.0)
            t0 = time.monotonic()
            assert c.run("RETURN 2 AS two") == [{"two": 2}]
            assert time.monotonic() - t0 > 2.5  # (held, so probed several times)
    finally:
        proxy.close()
