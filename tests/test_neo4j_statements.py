"""Pure parts of dutygraph.neo4j: statements from the schema, rows, batch planning (no server)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from dutygraph.errors import StoreError
from dutygraph.graph import schema
from dutygraph.neo4j import statements as st
from dutygraph.neo4j.client import falkordb_escape
from dutygraph.neo4j.push import escaped_size, plan_ops

HGT = Path(__file__).resolve().parent.parent / "data" / "plans" / "honggutan-2023-q1-q3-progress-report.txt"


def test_statements_come_from_the_schema_and_bind_every_value():
    assert st.constraint_statements()[0] == ("CREATE CONSTRAINT dutygraph_jurisdiction_id IF NOT EXISTS "
                                             "FOR (n:Jurisdiction) REQUIRE n.id IS UNIQUE")
    assert len(st.constraint_statements()) == len(schema.NODES)
    assert st.node_merge("Agency") == "UNWIND $rows AS row MERGE (n:Agency {id: row.id}) SET n += row.props"
    assert st.rel_merge("LEADS", "Agency", "Measure") == (
        "UNWIND $rows AS row MATCH (a:Agency {id: row.src}) MATCH (b:Measure {id: row.dst}) "
        "MERGE (a)-[r:LEADS]->(b) SET r += row.props")
    for bad in ("Agency) DETACH DELETE n //", "Nope"):
        with pytest.raises(StoreError):
            st.node_merge(bad)
    with pytest.raises(StoreError):
        st.node_prop_set("Measure", "text} DETACH DELETE n //", append=False)


def test_falkordb_escape_only_touches_backslash_and_quote():
    assert falkordb_escape({"a": "x'y\\z\"", "b": ["'"], "c": 1, "d": None, "e": True}) == \
        {"a": "x\\'y\\\\z\"", "b": ["\\'"], "c": 1, "d": None, "e": True}


def _graph(text: str, n: int = 1) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i in range(n):
        attrs = {p.name: ([] if p.type == "STRING[]" else None) for p in schema.NODE_BY_LABEL["Measure"].props}
        attrs.update(label="Measure", id=f"measure:hgt.txt:2:{i}", text=text, line=2, targets=["100%"])
        g.add_node(attrs["id"], **attrs)
    return g


def test_batches_respect_rows_and_bytes_and_long_values_go_in_pieces_that_rejoin():
    # honggutan-2023-q1-q3-progress-report.txt line 2: the progress report as one 9,072-character line
    line2 = HGT.read_text(encoding="utf-8").splitlines()[1]
    steps = st.node_steps(_graph(line2, 3))
    ops = list(plan_ops(steps, batch_size=500, budget=3500, size=escaped_size))
    assert all(escaped_size(op.params) <= 3500 for op in ops)
    pieces = [op for op in ops if op.piece]
    by_id: dict[str, str] = {}
    for op in pieces:
        if "+ $value" not in op.statement:
            by_id[op.params["id"]] = ""
        by_id[op.params["id"]] += op.params["value"]
    assert by_id == {f"measure:hgt.txt:2:{i}": line2 for i in range(3)}
    assert ops[-1].done == ops[-1].total == 3
    # without a budget (Neo4j): rows only
    small = list(plan_ops(st.node_steps(_graph("x", 7)), batch_size=3, budget=None, size=escaped_size))
    assert [len(op.params["rows"]) for op in small] == [3, 3, 1]
    assert [op.done for op in small] == [3, 6, 7]


def test_rows_are_sorted_and_hold_only_schema_props():
    g = _graph("a", 3)
    g.nodes["measure:hgt.txt:2:0"]["not_in_schema"] = "dropped"
    (step,) = st.node_steps(g)
    assert [r["id"] for r in step.rows] == sorted(r["id"] for r in step.rows)
    assert set(step.rows[0]["props"]) == set(schema.NODE_BY_LABEL["Measure"].prop_names) - {"id"}
