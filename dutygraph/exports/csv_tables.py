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
from .atomic import gc_paused, open_atomic

SEP = " | "
SUBDIR = "csv"


_FORMULA_START = frozenset("=+@\t\r-")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        value = SEP.join(str(v) for v in value)
    s = value if isinstance(value, str) else str(value)
    if s and s[0] in _FORMULA_START and not (s[0] == "-" and s[1:2].isdigit()):
        s = "'" + s
    return s


def _cells(row: Iterable[Any]) -> list[str]:
    """[cell(v) for v in row], with plain strings, None and ints handled inline."""
    out = []
    for v in row:
        t = type(v)
        if t is str:
            if v and v[0] in _FORMULA_START and not (v[0] == "-" and v[1:2].isdigit()):
                v = "'" + v
            out.append(v)
        elif v is None:
            out.append("")
        elif t is int:
            out.append(str(v))  # never a formula: a minus sign is followed by a digit
        else:
            out.append(cell(v))
    return out


def _write_rows(fh: Any, header: list[str], rows: Iterable[Iterable[Any]]) -> None:
    fh.write("\ufeff")
    w = csv.writer(fh, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(_cells(row) for row in rows)


def _table(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buf = io.StringIO()
    _write_rows(buf, header, rows)
    return buf.getvalue().encode("utf-8")


def node_table(graph: nx.MultiDiGraph, label: str) -> bytes:
    nt = schema.NODE_BY_LABEL[label]
    rows = ([attrs.get(p) for p in nt.prop_names] for _, attrs in graph.nodes(data=True) if attrs["label"] == label)
    return _table(list(nt.prop_names), rows)


def _edge_header(rel: str) -> list[str]:
    return ["from", "from_label", "from_name", "to", "to_label", "to_name", *schema.REL_BY_TYPE[rel].prop_names]


def edge_table(graph: nx.MultiDiGraph, rel: str) -> bytes:
    names = {}
    rows = []
    props = schema.REL_BY_TYPE[rel].prop_names
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if key != rel:
            continue
        for n in (u, v):
            if n not in names:
                names[n] = (graph.nodes[n]["label"], display_name(graph.nodes[n]))
        rows.append([u, *names[u], v, *names[v], *(attrs.get(p) for p in props)])
    return _table(_edge_header(rel), rows)


@gc_paused()
def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False) -> list[Path]:
    """One pass over nodes and one over edges, bucketed by label / type (same rows as the *_table
    functions); each table is streamed to its file."""
    d = Path(out_dir) / SUBDIR
    # an edge row's first six cells (from, from_label, from_name, to, to_label, to_name), made once per node
    ends: dict[str, list[str]] = {}
    node_props = {n.label: n.prop_names for n in schema.NODES}
    node_rows: dict[str, list[Any]] = {n.label: [] for n in schema.NODES}
    for n, attrs in graph.nodes(data=True):
        label = attrs["label"]
        ends[n] = _cells((n, label, display_name(attrs)))
        node_rows[label].append(attrs)
    edge_rows: dict[str, list[Any]] = {r.type: [] for r in schema.RELS}
    # = graph.edges(keys=True, data=True), read from the adjacency dicts (no view per edge)
    edges = ((u, v, key, attrs) for u, nbrs in graph._succ.items() for v, keyed in nbrs.items()
             for key, attrs in keyed.items())
    for u, v, key, attrs in edges:
        edge_rows[key].append((u, v, attrs))
    out = []
    for nt in schema.NODES:
        props = node_props[nt.label]
        with open_atomic(d / f"nodes_{nt.label}.csv") as fh:
            # = _write_rows(fh, header, [a.get(p) for p in props])
            fh.write("\ufeff")
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(list(props))
            w.writerows(_prop_cells([], a.get, props) for a in node_rows.pop(nt.label))
        out.append(d / f"nodes_{nt.label}.csv")
    for rt in schema.RELS:
        props = rt.prop_names
        with open_atomic(d / f"edges_{rt.type}.csv") as fh:
            # = _write_rows(fh, header, [u, *names[u], v, *names[v], *props]), the ends' cells made already
            fh.write("\ufeff")
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(_edge_header(rt.type))
            w.writerows(_prop_cells(ends[u] + ends[v], a.get, props) for u, v, a in edge_rows.pop(rt.type))
        out.append(d / f"edges_{rt.type}.csv")
    return out


def _prop_cells(row: list[str], get: Any, props: tuple[str, ...]) -> list[str]:
    """`row` + _cells(get(p) for p in props), with text, None and int values handled inline."""
    append = row.append
    for p in props:
        v = get(p)
        t = type(v)
        if t is str:
            if v and v[0] in _FORMULA_START and not (v[0] == "-" and v[1:2].isdigit()):
                v = "'" + v
            append(v)
        elif v is None:
            append("")
        elif t is int:
            append(str(v))  # never a formula: a minus sign is followed by a digit
        else:
            append(cell(v))
    return row
