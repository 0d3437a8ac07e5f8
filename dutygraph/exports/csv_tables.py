"""Node and edge tables for spreadsheets: csv/nodes_<Label>.csv and csv/edges_<TYPE>.csv.

UTF-8 with a byte-order mark so Excel shows Chinese; lists joined with " | "; booleans true/false;
missing values empty. Edge tables carry both endpoints' ids and display names. A cell that Excel
would run as a formula (starting with = + @ or a tab) gets a leading apostrophe: document text is data.
Every table of the schema is written, empty or not, so the set of files never depends on the input.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from ..graph import schema
from ..graph.ids import display_name
from .atomic import write_bytes

SEP = " | "
SUBDIR = "csv"


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = SEP.join(str(v) for v in value)
    s = str(value)
    if s[:1] in ("=", "+", "@", "\t", "\r") or (s[:1] == "-" and not s[1:2].isdigit()):
        s = "'" + s
    return s


def _table(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def node_table(graph: nx.MultiDiGraph, label: str) -> bytes:
    nt = schema.NODE_BY_LABEL[label]
    rows = ([attrs.get(p) for p in nt.prop_names] for _, attrs in graph.nodes(data=True) if attrs["label"] == label)
    return _table(list(nt.prop_names), rows)


def edge_table(graph: nx.MultiDiGraph, rel: str) -> bytes:
    rt = schema.REL_BY_TYPE[rel]
    header = ["from", "from_label", "from_name", "to", "to_label", "to_name", *rt.prop_names]
    rows = ([u, graph.nodes[u]["label"], display_name(graph.nodes[u]), v, graph.nodes[v]["label"],
             display_name(graph.nodes[v]), *(attrs.get(p) for p in rt.prop_names)]
            for u, v, key, attrs in graph.edges(keys=True, data=True) if key == rel)
    return _table(header, rows)


def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False) -> list[Path]:
    d = Path(out_dir) / SUBDIR
    out = [write_bytes(d / f"nodes_{n.label}.csv", node_table(graph, n.label)) for n in schema.NODES]
    out += [write_bytes(d / f"edges_{r.type}.csv", edge_table(graph, r.type)) for r in schema.RELS]
    return out
