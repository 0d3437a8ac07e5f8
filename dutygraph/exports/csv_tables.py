"""Node and edge tables for spreadsheets: csv/nodes_<Label>.csv and csv/edges_<TYPE>.csv.

UTF-8 with a byte-order mark so Excel shows Chinese; lists joined with " | "; booleans true/false;
missing values empty. Edge tables carry both endpoints' ids and display names. A cell that Excel
would run as a formula (starting with = + @ or a tab) gets a leading apostrophe: document text is data.
Every table of the schema is written, empty or not, so the set of files never depends on the input.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from ..graph import schema
from ..graph.ids import display_name
from ..loaders.base import runs_compiled
from . import csvtext
from .atomic import gc_paused, open_atomic

SEP = " | "
SUBDIR = "csv"


_FORMULA_START = frozenset("=+@\t\r-")
_FIRST = operator.itemgetter(slice(0, 1))  # a text's first character ("" for "")


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
    functions, same bytes); each table is written a chunk of rows at a time, a column at a time
    (csvtext: `_column` gives each value's cell(), quote_column the field csv.writer writes for it,
    `encoded` its UTF-8 and join_rows the rows' bytes)."""
    d = Path(out_dir) / SUBDIR
    pattern = csvtext.quote_pattern(_EOL)
    node_props = {n.label: n.prop_names for n in schema.NODES}
    node_rows: dict[str, list[Any]] = {n.label: [] for n in schema.NODES}
    ids, labels, names = [], [], []
    for n, attrs in graph.nodes(data=True):
        label = attrs["label"]
        ids.append(n)
        labels.append(label)
        names.append(display_name(attrs))
        node_rows[label].append(attrs)
    # an edge row's first three and next three fields (from, from_label, from_name / to, to_label, to_name),
    # written and encoded once per node
    ends: dict[Any, bytes] = dict(zip(ids, csvtext.encoded(list(map(",".join, zip(
        *(csvtext.quote_column(_column(c), pattern) for c in (ids, labels, names)))))), strict=True))
    del ids, labels, names
    # the edges of each type in graph order, as three lists: their from ends' fields, their to ends' fields
    # and their attribute dicts (three list slots an edge, not a tuple: ~1.6M edges at 10k)
    # (= graph.edges(keys=True, data=True), read from the adjacency dicts: no view per edge)
    edge_rows: dict[str, tuple[list[bytes], list[bytes], list[Any]]] = {r.type: ([], [], []) for r in schema.RELS}
    for u, nbrs in graph._succ.items():
        from_end = ends[u]
        for v, keyed in nbrs.items():
            to_end = ends[v]
            for key, attrs in keyed.items():
                froms, tos, ats = edge_rows[key]
                froms.append(from_end)
                tos.append(to_end)
                ats.append(attrs)
    del ends
    out = []
    chunk = csvtext.CHUNK
    eol = _EOL.encode()
    # (the files are written as UTF-8 bytes: each column of a chunk encoded once, the rows joined as bytes)
    for nt in schema.NODES:
        props = node_props[nt.label]
        items = node_rows.pop(nt.label)
        with open_atomic(d / f"nodes_{nt.label}.csv") as fh:
            write_bytes = fh.buffer.write
            write_bytes(("\ufeff" + csvtext.header(props, _EOL)).encode())
            for i in range(0, len(items), chunk):
                part = items[i:i + chunk]
                write_bytes(csvtext.join_rows([_encoded_column(_values(part, p), pattern) for p in props], eol))
        out.append(d / f"nodes_{nt.label}.csv")
    for rt in schema.RELS:
        props = rt.prop_names
        froms, tos, ats = edge_rows.pop(rt.type)
        with open_atomic(d / f"edges_{rt.type}.csv") as fh:
            write_bytes = fh.buffer.write
            write_bytes(("\ufeff" + csvtext.header(_edge_header(rt.type), _EOL)).encode())
            for i in range(0, len(ats), chunk):
                part = ats[i:i + chunk]
                write_bytes(csvtext.join_rows([froms[i:i + chunk], tos[i:i + chunk],
                                               *(_encoded_column(_values(part, p), pattern) for p in props)], eol))
        out.append(d / f"edges_{rt.type}.csv")
    return out


_EOL = "\r\n"
_NONE = type(None)
_TEXT, _INT, _BOOL = frozenset({str, _NONE}), frozenset({int, _NONE}), frozenset({bool, _NONE})
_LIST, _FLOAT, _STR = frozenset({list, _NONE}), frozenset({float, _NONE}), frozenset({str})


def _values(dicts: list[dict[str, Any]], name: str) -> list[Any]:
    """[d.get(name) for d in dicts] (csvtext.values: compiled a typed loop, as Python dict.get mapped)."""
    return csvtext.values(dicts, name)


def _encoded_column(values: list[Any], pattern: Any) -> list[bytes]:
    """A column's fields as csv.writer writes them (cell() of each value, quoted where needed), encoded; a
    column of ints (and None) straight to their digits' bytes (csvtext.decimals: no quoting, no formula)."""
    kinds = csvtext.types(values)
    if kinds <= _INT:
        return csvtext.decimals(values, b"")
    cells = _column(values, kinds)  # (encoded once, the few fields to quote quoted on the bytes)
    return csvtext.quote_encoded(csvtext.encoded(cells), csvtext.quoted_cells(cells, pattern))


def _column(values: tuple[Any, ...] | list[Any], kinds: set[type] | None = None) -> list[str]:
    """[cell(v) for v in values], with columns of text, ints, booleans, floats or lists of text (and
    None) done inline (`kinds`: the values' types, when known)."""
    if kinds is None:
        kinds = csvtext.types(values)
    if kinds <= _TEXT:
        return _defused(values if _NONE not in kinds else ["" if v is None else v for v in values])
    if kinds <= _INT:  # never a formula: a minus sign is followed by a digit
        return list(map(str, values)) if _NONE not in kinds else ["" if v is None else str(v) for v in values]
    if kinds <= _BOOL:
        return ["" if v is None else "true" if v else "false" for v in values]
    if kinds <= _FLOAT:
        return _defused(["" if v is None else str(v) for v in values])
    if kinds <= _LIST and set(map(type, [x for v in values if v for x in v])) <= _STR:
        return _defused([SEP.join(v) if v else "" for v in values])
    return list(map(cell, values))


def _defused_map(texts: Any) -> Any:
    """Each text as cell() writes it: a leading apostrophe where Excel would see a formula. The texts as
    they are when none starts like one (their first characters taken in C: no Python step per text)."""
    if _FORMULA_START.isdisjoint(map(_FIRST, texts)):
        return texts
    fs = _FORMULA_START
    return ["'" + v if v[:1] in fs and not (v[0] == "-" and v[1:2].isdigit()) else v for v in texts]


def _defused_loop(texts: list[str]) -> list[str]:
    """_defused_map as one pass over the texts' first characters (compiled: a Py_UCS4 each, integer
    tests; no 1-character str made per text): the same list when no text starts like a formula."""
    out = None
    for i in range(len(texts)):
        v = texts[i]
        if v:
            c = v[0]
            if (c == "=" or c == "+" or c == "@" or c == "\t" or c == "\r"
                    or c == "-" and not (len(v) > 1 and v[1].isdigit())):
                if out is None:
                    out = list(texts)
                out[i] = "'" + v
    return texts if out is None else out


def _defused(texts: Any) -> Any:
    """Each text as cell() writes it (a leading apostrophe where Excel would see a formula; the texts as
    they are when none starts like one): compiled the typed loop, as Python the C-mapped test."""
    return _defused_loop(texts) if _COMPILED else _defused_map(texts)


_COMPILED = runs_compiled(_defused_loop)
