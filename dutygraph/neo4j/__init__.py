"""Neo4j (and any Bolt server): push the graph, run Cypher. Statements come from graph/schema.py."""

from __future__ import annotations

from .client import Client, Dialect, run_cypher
from .push import PushReport, push, server_counts

__all__ = ["Client", "Dialect", "PushReport", "push", "run_cypher", "server_counts"]
