"""The Neo4j bundle: `neo4j/` with CSV files for `neo4j-admin database import full` (Neo4j's header
syntax: `id:ID(Label)`, `:LABEL`, `:START_ID(Label)`, `:END_ID(Label)`, `:TYPE`, typed columns
`line:int`, `inherited:boolean`, `targets:string[]`), the import command (`import.sh`, README.md), and
`graph.cypher`, a plain script for cypher-shell (constraints, then `UNWIND [literal rows] … MERGE`).

Every file is written for every schema label / (type, from, to) pair, empty or not, so the set of
files never depends on the input; rows are sorted; no timestamps: same graph, same bytes.
In graph.cypher document text is a Cypher string literal with `\\`, `'` and control characters escaped,
so no text can end the literal; NUL is refused.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import StoreError
from ..graph import schema
from ..neo4j import statements as st
from .atomic import write_bytes, write_text

SUBDIR = "neo4j"
ARRAY_DELIMITER = "\x1f"  # U+001F UNIT SEPARATOR: never in document text (refused if it is)
ARRAY_DELIMITER_ARG = "U+001F"
CYPHER_BATCH_BYTES = 3000  # keeps each statement small for any server (FalkorDB: see neo4j/client.py)
CYPHER_BATCH_ROWS = 50

_CSV_TYPE = {"STRING": "", "INT64": ":int", "BOOLEAN": ":boolean", "DOUBLE": ":double", "STRING[]": ":string[]"}


# ------------------------------------------------------------------------------------------ CSV


def _cell(value: Any, typ: str, where: str) -> str:
    if value is None or value == []:
        return ""  # no property
    if typ == "STRING[]":
        items = [str(v) for v in value]
        if any(ARRAY_DELIMITER in i for i in items):
            raise StoreError(f"{where}: a list item holds U+001F, the bundle's array delimiter")
        return ARRAY_DELIMITER.join(items)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def node_header(label: str) -> list[str]:
    nt = schema.NODE_BY_LABEL[label]
    return [f"id:ID({label})", ":LABEL", *(p.name + _CSV_TYPE[p.type] for p in nt.props if p.name != "id")]


def rel_header(rel: str, src: str, dst: str) -> list[str]:
    rt = schema.REL_BY_TYPE[rel]
    return [f":START_ID({src})", f":END_ID({dst})", ":TYPE", *(p.name + _CSV_TYPE[p.type] for p in rt.props)]


def node_file(label: str) -> str:
    return f"nodes_{label}.csv"


def rel_file(rel: str, src: str, dst: str) -> str:
    return f"rels_{rel}_{src}_{dst}.csv"


def csv_tables(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    nodes = {s.label: s for s in st.node_steps(graph)}
    rels = {(s.label, *s.ends): s for s in st.rel_steps(graph)}
    out: dict[str, bytes] = {}
    for nt in schema.NODES:
        props = [p for p in nt.props if p.name != "id"]
        rows = [[r["id"], nt.label, *(_cell(r["props"][p.name], p.type, r["id"]) for p in props)]
                for r in (nodes[nt.label].rows if nt.label in nodes else ())]
        out[node_file(nt.label)] = _csv(node_header(nt.label), rows)
    for rt in schema.RELS:
        for src, dst in rt.pairs:
            step = rels.get((rt.type, src, dst))
            rows = [[r["src"], r["dst"], rt.type,
                     *(_cell(r["props"][p.name], p.type, f"{r['src']}->{r['dst']}") for p in rt.props)]
                    for r in (step.rows if step else ())]
            out[rel_file(rt.type, src, dst)] = _csv(rel_header(rt.type, src, dst), rows)
    return out


def import_command(database: str = "neo4j") -> list[str]:
    """argv of the neo4j-admin (Neo4j 5) import, run from the bundle directory."""
    args = ["neo4j-admin", "database", "import", "full",
            f"--array-delimiter={ARRAY_DELIMITER_ARG}", "--multiline-fields=true", "--id-type=string"]
    args += [f"--nodes={node_file(n.label)}" for n in schema.NODES]
    args += [f"--relationships={rel_file(r.type, a, b)}" for r in schema.RELS for a, b in r.pairs]
    return [*args, database]


def import_script() -> str:
    cmd = import_command('"$DB"')
    body = " \\\n  ".join(cmd)
    return ("#!/bin/sh\n"
            "# Bulk-load this bundle into a new Neo4j 5 database (stop the database first; it must be empty,\n"
            "# or add --overwrite-destination). Usage: sh import.sh [database]   (default: neo4j)\n"
            "set -eu\n"
            'cd "$(dirname "$0")"\n'
            'DB="${1:-neo4j}"\n'
            f"{body}\n")


# --------------------------------------------------------------------------------------- Cypher

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def cypher_string(s: str) -> str:
    """A single-quoted Cypher string literal holding exactly `s`."""
    if "\x00" in s:
        raise StoreError("a NUL character cannot be written to the Cypher script")
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch in "\x7f\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value)
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{st._name(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise StoreError(f"cannot write a {type(value).__name__} value to the Cypher script")


def _statements(step: st.Step) -> list[str]:
    """`UNWIND [rows] AS row …` with the rows as literals: the same statement push binds, inlined."""
    head, _, tail = step.statement.partition("UNWIND $rows AS row ")
    assert head == "" and tail
    out, batch, size = [], [], 0
    for row in step.rows:
        lit = cypher_literal(row)
        if batch and (len(batch) >= CYPHER_BATCH_ROWS or size + len(lit.encode()) > CYPHER_BATCH_BYTES):
            out.append(f"UNWIND [{', '.join(batch)}] AS row {tail};")
            batch, size = [], 0
        batch.append(lit)
        size += len(lit.encode())
    if batch:
        out.append(f"UNWIND [{', '.join(batch)}] AS row {tail};")
    return out


def generate_cypher(graph: nx.MultiDiGraph) -> str:
    lines = ["// dutygraph knowledge graph for cypher-shell: cypher-shell -a bolt://HOST:7687 -u USER "
             "-d DATABASE -f graph.cypher",
             "// one statement per line; idempotent (MERGE on id): running it twice changes nothing",
             *(s + ";" for s in st.constraint_statements())]
    for step in st.node_steps(graph) + st.rel_steps(graph):
        lines.append(f"// {step.kind} {step.name}: {len(step.rows)}")
        lines.extend(_statements(step))
    return "\n".join(lines) + "\n"


def readme() -> str:
    return f"""# Neo4j bundle (dutygraph)

Two ways into Neo4j 5, both from the same graph:

1. Bulk import into a new, empty database (fastest; the path for big corpora and clusters):

       sh import.sh [database]

   which runs, from this directory:

       {' '.join(import_command('neo4j'))}

   Node files carry `id:ID(Label)` and `:LABEL`; relationship files `:START_ID(Label)`,
   `:END_ID(Label)` and `:TYPE`; typed columns `:int`, `:boolean`, `:string[]` (list items separated
   by U+001F). An empty cell means no property. Then create the constraints (first lines of
   graph.cypher) so later pushes MERGE on an index.

2. Into a running database with cypher-shell (idempotent, can be re-run):

       cypher-shell -a bolt://HOST:7687 -u USER -d DATABASE -f graph.cypher

   or push straight from the documents or a build: `dutygraph neo4j push --uri bolt://HOST:7687
   --user USER [--database DB] OUT_DIR_OR_DOCS…` (password from $DUTYGRAPH_NEO4J_PASSWORD or a prompt).
"""


def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False) -> list[Path]:
    """Write the bundle under out_dir/neo4j/ (the graph is already masked unless built with people)."""
    d = Path(out_dir) / SUBDIR
    tables = csv_tables(graph)
    script = generate_cypher(graph)  # both generated before any file is written
    out = [write_bytes(d / name, data) for name, data in tables.items()]
    out.append(write_text(d / "graph.cypher", script))
    out.append(write_text(d / "import.sh", import_script()))
    out.append(write_text(d / "README.md", readme()))
    return out
