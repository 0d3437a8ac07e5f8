"""Push the graph to a Bolt server: schema first, then nodes per label, then relationships per type,
in batches of `UNWIND $rows AS row MERGE …`. MERGE on `id` (nodes) and on (start, type, end)
(relationships) makes a push idempotent and a re-run after a failure complete what was missing.

On a server with a parameter budget (FalkorDB's Bolt), batches are also cut by size, and a single row
still too big has its long properties moved out of the MERGE row and written in pieces
(`SET n.p = $first`, then `SET n.p = n.p + $next`): a failure between pieces leaves a value that the
next push overwrites from the first piece, so re-running still converges.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..errors import StoreError
from ..graph import schema
from . import statements as st
from .client import FALKORDB, Client, falkordb_escape

# on_batch(step name, rows of the step done, rows in the step)
BatchHook = Callable[[str, int, int], None]
Sizer = Callable[[dict[str, Any]], int]

_MOVABLE_MIN = 200  # bytes: smaller values stay in the MERGE row


@dataclass
class PushReport:
    uri: str
    database: str | None
    agent: str = ""
    dialect: str = ""
    notes: list[str] = field(default_factory=list)  # steps skipped or adapted, visibly
    nodes: dict[str, int] = field(default_factory=dict)  # rows sent per label
    rels: dict[str, int] = field(default_factory=dict)  # rows sent per type
    batches: int = 0
    pieces: int = 0  # extra statements for values too big for one statement
    retries: int = 0


@dataclass(frozen=True, slots=True)
class Op:
    step: str
    statement: str
    params: dict[str, Any]
    what: str
    done: int  # rows of the step fully written once this op has run
    total: int
    piece: bool = False


# ------------------------------------------------------------------------------- planning (pure)


def _chunks(value: Any, limit: int, size: Sizer) -> list[Any]:
    """Cut a string or list into pieces of at most `limit` bytes (as `size` measures them)."""
    if isinstance(value, str):
        pieces, cur, cur_size = [], [], 0
        for ch in value:
            cost = size({"v": ch}) - size({"v": ""})
            if cur and cur_size + cost > limit:
                pieces.append("".join(cur))
                cur, cur_size = [], 0
            cur.append(ch)
            cur_size += cost
        pieces.append("".join(cur))
        return pieces
    pieces_l: list[list[Any]] = [[]]
    for item in value:
        if size({"v": [item]}) > limit:
            raise StoreError(f"a list item of {size({'v': [item]})} bytes is too big for this server")
        if pieces_l[-1] and size({"v": pieces_l[-1] + [item]}) > limit:
            pieces_l.append([])
        pieces_l[-1].append(item)
    return pieces_l


def _split_row(step: st.Step, row: dict[str, Any], budget: int, size: Sizer) -> tuple[dict[str, Any], list[Op]]:
    """The row to MERGE (within budget) and the piecewise SETs for the properties moved out of it."""
    if size({"rows": [row]}) <= budget:
        return row, []
    props = dict(row["props"])
    moved: list[tuple[str, Any]] = []
    movable = sorted((p for p, v in props.items() if isinstance(v, (str, list))),
                     key=lambda p: (-size({"v": props[p]}), p))
    for p in movable:
        if size({"rows": [{**row, "props": props}]}) <= budget:
            break
        if size({"v": props[p]}) < _MOVABLE_MIN:
            continue
        moved.append((p, props.pop(p)))
    head = {**row, "props": props}
    if size({"rows": [head]}) > budget:
        raise StoreError(f"{step.kind} {step.name}: row {row.get('id') or (row['src'], row['dst'])} is too big "
                         f"for this server's {budget}-byte parameter buffer")
    key = {"id": row["id"]} if step.kind == "nodes" else {"src": row["src"], "dst": row["dst"]}
    limit = budget - size(key) - 64
    ops: list[Op] = []
    for p, value in sorted(moved):
        for j, piece in enumerate(_chunks(value, limit, size)):
            text = (st.node_prop_set(step.label, p, append=j > 0) if step.kind == "nodes"
                    else st.rel_prop_set(step.label, *step.ends, p, append=j > 0))
            ops.append(Op(step.name, text, {**key, "value": piece}, f"{step.kind} {step.name} {p} piece {j + 1}",
                          0, 0, piece=True))
    return head, ops


def plan_ops(steps: list[st.Step], *, batch_size: int, budget: int | None, size: Sizer) -> Iterator[Op]:
    """Statements in order: each step's rows in batches of at most `batch_size` rows (and, with a
    budget, at most `budget` bytes of parameters), pieces of oversized values right after their row."""
    for step in steps:
        total = len(step.rows)
        batch: list[dict[str, Any]] = []
        first = 0  # index of the batch's first row

        def op(done: int) -> Op:
            return Op(step.name, step.statement, {"rows": list(batch)},
                      f"{step.kind} {step.name} rows {first + 1}-{first + len(batch)} of {total}", done, total)

        for i, row in enumerate(step.rows):
            pieces: list[Op] = []
            if budget is not None:
                row, pieces = _split_row(step, row, budget, size)
                if batch and size({"rows": [*batch, row]}) > budget:
                    yield op(i)
                    batch, first = [], i
            batch.append(row)
            if pieces:
                yield op(i)  # the node/relationship must exist before its pieces are set
                batch, first = [], i + 1
                for k, piece in enumerate(pieces):
                    done = i + 1 if k == len(pieces) - 1 else i
                    yield Op(piece.step, piece.statement, piece.params, piece.what, done, total, piece=True)
            elif len(batch) >= batch_size:
                yield op(i + 1)
                batch, first = [], i + 1
        if batch:
            yield op(total)


# ------------------------------------------------------------------------------- edges (server)


def _schema_step(client: Client, report: PushReport) -> None:
    labels = [n.label for n in schema.NODES]
    if client.dialect.name != FALKORDB:
        for label in labels:
            client.run(st.constraint_statement(label), what=f"constraint on {label}.id")
        report.notes.append(f"constraints: {len(labels)} uniqueness constraints on id (IF NOT EXISTS)")
        return
    # FalkorDB: try the Neo4j statement once; skip that step only if the server rejects it
    first = st.constraint_statement(labels[0])
    try:
        client.run(first, what="constraint", retry=False)
    except StoreError as exc:
        report.notes.append(f"constraints: skipped — this server rejects `{first}` ({exc.message}); "
                            "a range index on id per label instead")
    else:
        for label in labels[1:]:
            client.run(st.constraint_statement(label), what=f"constraint on {label}.id")
        report.notes.append(f"constraints: {len(labels)} uniqueness constraints on id")
        return
    have = {(r.get("label"), tuple(r.get("properties") or ()))
            for r in client.run("CALL db.indexes()", what="list indexes")}
    made = [label for label in labels if (label, ("id",)) not in have]
    for label in made:
        client.run(st.index_statement(label), what=f"index on {label}.id")
    report.notes.append(f"indexes: {len(made)} created, {len(labels) - len(made)} already there")


def push(graph: nx.MultiDiGraph, uri: str, user: str | None, password: str | None, *,
         database: str | None = None, batch_size: int = 500, retries: int = 5, backoff: float = 0.5,
         connect_timeout: float = 5.0, on_batch: BatchHook | None = None) -> PushReport:
    """Write `graph` to the Bolt server at `uri` (idempotent, resumable). Raises StoreError (password
    never in the message) when a statement still fails after `retries` reconnects with exponential
    back-off; running push again then completes the graph."""
    if batch_size < 1:
        raise StoreError(f"batch size must be at least 1, not {batch_size}")
    steps = st.node_steps(graph) + st.rel_steps(graph)  # validated against the schema before connecting
    report = PushReport(uri=uri, database=database or None)
    with Client(uri, user, password, database=database, retries=retries, backoff=backoff,
                connect_timeout=connect_timeout) as client:
        dialect = client.dialect
        report.agent, report.dialect = dialect.agent, dialect.name
        if dialect.escape_strings:
            report.notes.append("parameters: this server pastes string parameters into the query text "
                                "(FalkorDB Bolt); strings are escaped for it")
        if dialect.param_budget is not None:
            report.notes.append(f"batches: at most {dialect.param_budget} bytes of parameters per statement "
                                "(FalkorDB's Bolt server crashes on larger ones); longer values sent in pieces")
        if database and dialect.name == FALKORDB:
            report.notes.append(f"database: {database!r} passed to every session, but FalkorDB's Bolt "
                                "server does not keep named databases apart (they share one graph)")
        _schema_step(client, report)
        for op in plan_ops(steps, batch_size=batch_size, budget=dialect.param_budget, size=client.param_bytes):
            client.run(op.statement, op.params, what=op.what)
            if op.piece:
                report.pieces += 1
            else:
                report.batches += 1
            if on_batch is not None:
                on_batch(op.step, op.done, op.total)
        for step in steps:
            bucket = report.nodes if step.kind == "nodes" else report.rels
            bucket[step.label] = bucket.get(step.label, 0) + len(step.rows)
        report.retries = client.retries_used
    return report


def server_counts(client: Client) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per schema label and relationships per schema type, as the server has them."""
    nodes = {n.label: client.run(st.count_nodes(n.label), what=f"count {n.label}")[0]["n"] for n in schema.NODES}
    rels = {r.type: client.run(st.count_rels(r.type), what=f"count {r.type}")[0]["n"] for r in schema.RELS}
    return nodes, rels


def escaped_size(params: dict[str, Any]) -> int:
    """`Sizer` for FalkorDB without a connection (tests, planning offline)."""
    return len(json.dumps(falkordb_escape(params), ensure_ascii=False).encode("utf-8"))
