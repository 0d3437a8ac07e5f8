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
