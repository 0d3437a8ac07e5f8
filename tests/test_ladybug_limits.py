"""The embedded database's memory bounds: every Database dutygraph opens gets a bounded buffer pool
($DUTYGRAPH_LBDB_BUFFER_MB) and thread count ($DUTYGRAPH_LBDB_THREADS); a query that outgrows the
pool fails with one line naming the variable, instead of growing into the machine's RAM (LadybugDB's
own default is ~80% of it: agency_load on a 1k-document synthetic build once reached 20 GB)."""

from __future__ import annotations

import networkx as nx
import pytest

from dutygraph.errors import QueryError, StoreError
from dutygraph.exports import ladybug_store as ls


def test_defaults_are_bounded(monkeypatch):
    monkeypatch.delenv(ls.BUFFER_ENV, raising=False)
    monkeypatch.delenv(ls.THREADS_ENV, raising=False)
    opts = ls.db_options()
    assert opts["buffer_pool_size"] == ls.DEFAULT_BUFFER_MB << 20
    assert 1 <= opts["max_num_threads"] <= 2


def test_environment_sets_the_bounds(monkeypatch):
    monkeypatch.setenv(ls.BUFFER_ENV, "256")
    monkeypatch.setenv(ls.THREADS_ENV, "1")
    assert ls.db_options() == {"buffer_pool_size": 256 << 20, "max_num_threads": 1}


@pytest.mark.parametrize("value", ["0", "-5", "1.5GB", "lots"])
def test_bad_values_are_one_line_errors_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv(ls.BUFFER_ENV, value)
    with pytest.raises(StoreError, match=ls.BUFFER_ENV):
        ls.db_options()


def test_a_query_outgrowing_the_pool_names_the_variable(monkeypatch, tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("plan:x", label="Plan", id="plan:x", title="x", year=2023)
    ls.write(g, tmp_path)
    monkeypatch.setenv(ls.BUFFER_ENV, "64")
    with ls.connect(tmp_path) as conn:
        # 9 million rows collected into one list: far more than 64 MB
        with pytest.raises(QueryError, match=rf"buffer pool 64 MB: raise \${ls.BUFFER_ENV}"):
            ls.run_cypher(conn, "UNWIND range(1, 3000) AS i UNWIND range(1, 3000) AS j RETURN collect(i + j) AS l")
        # the connection stays usable after the failure
        assert ls.run_cypher(conn, "MATCH (p:Plan) RETURN p.id AS id") == [{"id": "plan:x"}]
