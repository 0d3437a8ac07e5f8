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

import bisect
import contextlib
import csv
import io
import itertools
import json
import operator
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import StoreError
from ..graph import schema
from ..loaders.base import runs_compiled
from ..neo4j import statements as st
from . import csvtext
from .atomic import gc_paused, open_atomic, write_text

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


def _node_rows(nt: schema.NodeType, step: st.Step | None) -> Iterator[list[str]]:
    props = [(p.name, p.type) for p in nt.props if p.name != "id"]
    label = nt.label
    for r in (step.rows if step else ()):
        rid, rp = r["id"], r["props"]
        row = [rid, label]
        for name, typ in props:
            v = rp[name]
            row.append(v if type(v) is str else "" if v is None else _cell(v, typ, rid))
        yield row


def _rel_rows(rt: schema.RelType, step: st.Step | None) -> Iterator[list[str]]:
    props = [(p.name, p.type) for p in rt.props]
    rel = rt.type
    for r in (step.rows if step else ()):
        src, dst, rp = r["src"], r["dst"], r["props"]
        row = [src, dst, rel]
        for name, typ in props:
            v = rp[name]
            row.append(v if type(v) is str else "" if v is None else _cell(v, typ, f"{src}->{dst}"))
        yield row


def _literal(v: Any) -> str:
    """cypher_literal(v), with the common leaves of a row (str, None, bool, int, list of str) inline."""
    t = type(v)
    if t is str:
        return "'" + v + "'" if _NEEDS_ESCAPE.search(v) is None else cypher_string(v)
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return str(v)
    if t is list and all(type(x) is str for x in v):
        return "[" + ", ".join([("'" + x + "'" if _NEEDS_ESCAPE.search(x) is None else cypher_string(x))
                                for x in v]) + "]"
    return cypher_literal(v)


_NONE = type(None)
_TEXT, _INT, _BOOL = frozenset({str, _NONE}), frozenset({int, _NONE}), frozenset({bool, _NONE})
_LIST, _STR, _FLOAT = frozenset({list, _NONE}), frozenset({str}), frozenset({float, _NONE})


def _text_literals(values: list[Any] | tuple[Any, ...], with_none: bool) -> tuple[Any, bool, Any, str]:
    """The Cypher literal of each value (text, or None when `with_none`), as _literal writes it, and
    False; or, when every value is text and none needs escaping, the values themselves and True: each
    literal is then the value in quotes. Then the texts (None as "": the column's CSV fields before
    quoting) and the column's text, their join (for csvtext.quote_column's search: the text is joined
    once). The values needing escapes are found in one pass over the column's text (_escaped_cells).
    (A column of text alone, ids among them, is written by _text_column.)"""
    texts = ["" if v is None else v for v in values] if with_none else values
    joined = "".join(texts)
    escaped = _escaped_cells(texts, joined)
    if not escaped and not with_none:
        return texts, True, texts, joined
    out = ["null" if v is None else "'" + v + "'" for v in values]
    for i in escaped:
        out[i] = cypher_string(texts[i])
    return out, False, texts, joined


def _escaped_cells(texts: list[str] | tuple[str, ...], joined: str) -> list[int]:
    """The indices of the texts needing a Cypher escape, in order (`joined`: their join), found in one
    pass over the column's text (_special_at: the first one's offset, then csvtext.cells_holding)."""
    return csvtext.cells_holding(texts, joined, _NEEDS_ESCAPE, _special_at(joined, 0))


def _text_column(texts: list[str] | tuple[str, ...], pattern: re.Pattern[str], fields: list[list[bytes]],
                 literals: list[list[bytes]]) -> None:
    """Append a column of text's (no None) CSV fields (quoted as csv.writer quotes them) and the text of
    its Cypher literals between their quotes (the template's `'%s'`), as UTF-8, each text encoded once:
    its bytes are the field and the literal's text, but for the few fields to quote (quoted on the bytes:
    csvtext.quote_encoded) and the few literals to escape (_escape_text's text encoded)."""
    joined = "".join(texts)
    encoded = csvtext.encoded(texts)
    inner = encoded
    escaped = _escaped_cells(texts, joined)
    if escaped:
        inner = encoded.copy()
        for i in escaped:
            inner[i] = _escape_text(texts[i]).encode()
    fields.append(csvtext.quote_encoded(encoded, csvtext.quoted_cells(texts, pattern, joined)))
    literals.append(inner)


def _prop_column(values: tuple[Any, ...], is_list: bool, typ: str, ids: list[Any],
                 kinds: set[type] | None = None) -> tuple[Any, Any, bool, str | None]:
    """A property's CSV field (before quoting) and Cypher literal for each value of a chunk's column: the
    text _node_rows / _rel_rows and cypher_literal give for the value statements._props makes of it;
    True when the literals given are the values themselves, to be quoted (_text_literals); the fields'
    text joined, for a column of text (_text_literals joins it), else None. Columns of
    text, booleans or floats (and None) inline, and list columns (STRING[]) of lists of text (and None)
    whose items hold no U+001F (each field the items joined by it, each literal the items quoted and
    escaped as _literal does); the rest value by value (_value_cells; `ids`: the id column, or the from
    and to columns, for its error message). (`kinds`: the values' types, when known; _chunks writes a
    column of ints itself, as bytes.)"""
    if kinds is None:
        kinds = csvtext.types(values)
    if not is_list:
        if kinds <= _TEXT:
            literals, bare, texts, joined = _text_literals(values, _NONE in kinds)
            return texts, literals, bare, joined
        if kinds <= _BOOL:
            fields = ["" if v is None else "true" if v else "false" for v in values]
            if _NONE not in kinds:
                return fields, fields, False, None
            return fields, ["null" if v is None else f for v, f in zip(values, fields, strict=True)], False, None
        if kinds <= _FLOAT:
            # a float's field is str(v) and its literal json.dumps(v): the same text (float.__repr__) for
            # every finite one; nan and infinities (whose texts hold an "n") value by value below
            fields = ["" if v is None else repr(v) for v in values]
            if "n" not in "".join(fields):
                if _NONE not in kinds:
                    return fields, fields, False, None
                return fields, ["null" if v is None else f for v, f in zip(values, fields, strict=True)], False, None
    elif kinds <= _LIST:
        items = [x for v in values if v for x in v]
        if set(map(type, items)) <= _STR:
            text = "".join(items)
            if ARRAY_DELIMITER not in text:  # (else value by value below: the error names the first one)
                fields = [ARRAY_DELIMITER.join(v) if v else "" for v in values]
                if _special_at(text, 0) < 0:
                    return fields, ["['" + "', '".join(v) + "']" if v else "[]" for v in values], False, None
                return fields, [_literal(v) if v else "[]" for v in values], False, None
    fields: list[str] = []
    literals: list[str] = []
    for i, value in enumerate(values):
        if is_list and not value:  # None or empty: no items (_value_cells: [] -> "" and "[]")
            fields.append("")
            literals.append("[]")
        else:
            where = (ids[0][i],) if len(ids) == 1 else (ids[0][i], ids[1][i], None)
            _value_cells(value, is_list, typ, "", where, fields, literals)
    return fields, literals, False, None


def _chunks(ends: list[str], props: list[tuple[str, bool, str, str]], items: list[tuple[Any, ...]],
            pattern: re.Pattern[str], plain_ids: bool = False) -> Iterator[tuple[bytes, list[bytes]]]:
    """For each chunk of `items` (its id, or its from and to ids, then its attrs), a chunk of csvtext.CHUNK
    rows: its CSV rows' text (`ends`: the fields after the ids, [label] or [type]; `props`: (name, is a
    STRING[], schema type, Cypher key text)) and each row's Cypher literal, as UTF-8 — the text `_node_rows`
    / `_rel_rows`, csv.writer and `cypher_literal` give for the rows statements.node_steps / rel_steps make
    of them, without making those rows. A column at a time: each column's values are mostly of one type;
    each column is encoded once (its CSV fields and its literals share the bytes when they are the same
    texts: ids, text needing neither quotes nor escapes, ints), and each row's literal is the chunk's
    template filled with the row's literals (csvtext.filled_rows; a column of text needing no escapes
    goes in as it is, between quotes in the template): the templates' own text and each id, number and
    plain text are never encoded twice. (`plain_ids`: the ids are text, none needing a Cypher escape nor CSV
    quotes — _plain_ids, checked once for the graph's nodes: the id columns are written as they are, their
    text neither joined nor searched.)"""
    if not items:
        return
    k = len(items[0]) - 1  # ids per item: 1 (a node) or 2 (an edge's ends)
    names = [p[0] for p in props]
    heads = ["{src: ", ", dst: "] if k == 2 else ["{id: "]
    end_texts = [end.encode() for end in ends]
    for at in range(0, len(items), csvtext.CHUNK):
        part = items[at:at + csvtext.CHUNK]
        # the columns: the ids, then each property's values (read from the attrs a column at a time: no row
        # lists)
        columns: list[Any] = list(zip(*part))
        dicts = columns.pop()
        columns += [csvtext.values(dicts, name) for name in names]
        del dicts
        ids = [c if csvtext.types(c) == {str} else list(map(str, c)) for c in columns[:k]]
        fields: list[list[bytes]] = []  # each CSV column's fields (quoted where needed), encoded
        literals: list[list[bytes]] = []  # each literal column, encoded
        template = []
        for head, c in zip(heads, ids):
            if plain_ids:
                _add_column(c, c, None, fields, literals)
            else:
                _text_column(c, pattern, fields, literals)
            template.append(head + "'%s'")
        fields += [[end] * len(part) for end in end_texts]
        slots = []
        for (_, is_list, typ, key), values in zip(props, columns[k:], strict=True):
            kinds = csvtext.types(values)
            if not is_list and kinds <= _INT:  # ints (and None): their digits' bytes, as field and as literal
                f = csvtext.decimals(values, b"")
                fields.append(f)
                literals.append(csvtext.decimals(values, b"null") if _NONE in kinds else f)
                slots.append(key + "%s")
                continue
            if not is_list and kinds == _STR:  # text (no None): each text encoded once
                _text_column(values, pattern, fields, literals)
                slots.append(key + "'%s'")
                continue
            f, lit, bare, joined = _prop_column(values, is_list, typ, ids, kinds)
            _add_column(f, lit, pattern, fields, literals, joined)
            slots.append(key + ("'%s'" if bare else "%s"))
        # (keys are plain identifiers: no "%" in the template but its slots)
        pieces = tuple(("".join(template) + ", props: {" + ", ".join(slots) + "}}").encode().split(b"%s"))
        yield csvtext.join_rows(fields, b"\n"), csvtext.filled_rows(pieces, literals)


def _add_column(cells: Any, lits: Any, pattern: re.Pattern[str] | None, fields: list[list[bytes]],
                literals: list[list[bytes]], joined: str | None = None) -> None:
    """Append a column's CSV fields (`cells` quoted as csv.writer quotes them; `pattern` None: known to
    need no quotes) and its literals (`lits`), encoded: once when the quoted fields are the literals' very
    texts (`joined`: the cells' text joined, when made already)."""
    lit = csvtext.encoded(lits)
    quoted = cells if pattern is None else csvtext.quote_column(cells, pattern, joined)
    fields.append(lit if quoted is lits else csvtext.encoded(quoted))
    literals.append(lit)


def _value_cells(value: Any, is_list: bool, typ: str, key: str, item: tuple[Any, ...], row: list[str],
                 parts: list[str]) -> None:
    """Append a property value's CSV cell to `row` and its `key: literal` to `parts`, by the general
    rules: statements._props' conversion, then _cell and _literal."""
    if is_list:
        value = [str(v) for v in (value or [])]
    elif type(value) is tuple:
        value = list(value)
    if type(value) is str:
        row.append(value)
    elif value is None:
        row.append("")
    else:
        row.append(_cell(value, typ, f"{item[0]}->{item[1]}" if len(item) == 3 else str(item[0])))
    parts.append(key + _literal(value))


def _tables(steps: list[st.Step]) -> Iterator[tuple[str, list[str], Iterator[list[str]]]]:
    """(file name, header, rows) of every CSV file, in the bundle's order."""
    nodes = {s.label: s for s in steps if s.kind == "nodes"}
    rels = {(s.label, *s.ends): s for s in steps if s.kind == "rels"}
    for nt in schema.NODES:
        yield node_file(nt.label), node_header(nt.label), _node_rows(nt, nodes.get(nt.label))
    for rt in schema.RELS:
        for src, dst in rt.pairs:
            yield (rel_file(rt.type, src, dst), rel_header(rt.type, src, dst),
                   _rel_rows(rt, rels.get((rt.type, src, dst))))


def csv_tables(graph: nx.MultiDiGraph, steps: list[st.Step] | None = None) -> dict[str, bytes]:
    """Every CSV file of the bundle, by name (`steps`: node_steps + rel_steps of the graph, if already made)."""
    if steps is None:
        steps = st.node_steps(graph) + st.rel_steps(graph)
    return {name: _csv(header, list(rows)) for name, header, rows in _tables(steps)}


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
_SPECIAL = [*_ESCAPES, *(chr(c) for c in range(0x20)), "\x7f", "\u2028", "\u2029"]
_ESCAPE = {ch: _ESCAPES.get(ch, f"\\u{ord(ch):04x}") for ch in _SPECIAL}
_NEEDS_ESCAPE = csvtext.char_class("".join(_SPECIAL))


def _plain_text_str(s: str) -> bool:
    """True when `s` holds no _SPECIAL character, by a test that is quick on long text (a C pass
    each, several times faster on Chinese text than _NEEDS_ESCAPE's per-character class test): the
    specials but the quote and the backslash are all unprintable (controls, U+2028, U+2029). False
    says nothing: `s` may hold other unprintable characters (U+3000 …); _NEEDS_ESCAPE decides."""
    return s.isprintable() and "'" not in s and "\\" not in s


def _special_at(s: str, start: int) -> int:
    """The offset of the first _SPECIAL character of `s` from `start` (0 or more) on, -1 when there is
    none: csvtext.index_of (compiled: one pass reading each character's entry in _NEEDS_ESCAPE's table, ~3x
    fewer instructions than `isprintable`'s table lookup and tens fewer than the regex engine's class
    test); as Python a whole text first by the quick str tests (_plain_text_str), then the search."""
    if not _COMPILED and start == 0 and _plain_text_str(s):
        return -1
    return csvtext.index_of(s, start, _NEEDS_ESCAPE)


def _plain_text(s: str) -> bool:
    """True when `s` holds no _SPECIAL character; False says nothing (_NEEDS_ESCAPE decides): compiled
    the one pass (_special_at), as Python the str tests (a loop run by Python would be far slower)."""
    return _special_at(s, 0) < 0 if _COMPILED else _plain_text_str(s)


_COMPILED = runs_compiled(csvtext.index_of)  # (whether index_of is the compiled pass)


def _escape(m: re.Match[str]) -> str:
    return _ESCAPE[m.group()]


def _escape_text(s: str) -> str:
    """`s` with its _SPECIAL characters escaped: the text of its Cypher literal between the quotes."""
    if "\x00" in s:
        raise StoreError("a NUL character cannot be written to the Cypher script")
    return _NEEDS_ESCAPE.sub(_escape, s)


def cypher_string(s: str) -> str:
    """A single-quoted Cypher string literal holding exactly `s`."""
    return "'" + s + "'" if _NEEDS_ESCAPE.search(s) is None else "'" + _escape_text(s) + "'"


_KEYS: dict[str, str] = {}  # map key -> "key: " (checked by st._name once)


def cypher_literal(value: Any) -> str:
    t = type(value)
    if t is str:
        return cypher_string(value)
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    if t is int:
        return str(value)
    if t is dict:
        parts = []
        for k, v in value.items():
            key = _KEYS.get(k)
            if key is None:
                key = f"{st._name(k)}: "
                if len(_KEYS) < 10_000:
                    _KEYS[k] = key
            parts.append(key + _literal(v))
        return "{" + ", ".join(parts) + "}"
    if t is list or t is tuple:
        return "[" + ", ".join([cypher_literal(v) for v in value]) + "]"
    # subclasses and the rarer types: the general rules
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


def _statements(step: st.Step) -> Iterator[str]:
    """`UNWIND [rows] AS row …` with the rows as literals: the same statement push binds, inlined."""
    rows, chunk = step.rows, csvtext.CHUNK
    literals = (csvtext.encoded(list(map(cypher_literal, rows[at:at + chunk]))) for at in range(0, len(rows), chunk))
    return map(bytes.decode, _unwind(step.statement, literals))


def _unwind(statement: str, chunks: Iterable[list[bytes]]) -> Iterator[bytes]:
    """The statements of a step (`statement`: its `UNWIND $rows AS row …`) with the rows' literals
    inlined, as UTF-8, the literals coming in `chunks` (lists of UTF-8 bytes): a batch takes literals
    while it holds fewer than CYPHER_BATCH_ROWS and their size stays within CYPHER_BATCH_BYTES (its first
    one whatever its size), whatever the chunks. Each batch's end is found by bisecting the chunk's
    running sizes (taken in one C pass per chunk), not literal by literal; the last, unfinished batch of
    a chunk goes on into the next."""
    head, _, tail = statement.partition("UNWIND $rows AS row ")
    assert head == "" and tail
    end = f"] AS row {tail};".encode()
    rows, size, right = CYPHER_BATCH_ROWS, CYPHER_BATCH_BYTES, bisect.bisect_right
    rest: list[bytes] = []  # the literals of the batch still open
    for literals in chunks:
        if rest:
            literals = rest + literals
        n = len(literals)
        sums = [0, *itertools.accumulate(map(len, literals))]  # sums[k]: size of the first k
        i = 0
        while i < n:
            # the batch literals[i:j]: the most literals from i within both limits, at least one
            j = max(right(sums, sums[i] + size, i + 1, min(n, i + rows) + 1) - 1, i + 1)
            if j == n:  # it may take literals of the next chunk
                rest = literals[i:]
                break
            yield b"UNWIND [" + b", ".join(literals[i:j]) + end
            i = j
    if rest:
        yield b"UNWIND [" + b", ".join(rest) + end


def _cypher_head() -> Iterator[str]:
    yield ("// dutygraph knowledge graph for cypher-shell: cypher-shell -a bolt://HOST:7687 -u USER "
           "-d DATABASE -f graph.cypher")
    yield "// one statement per line; idempotent (MERGE on id): running it twice changes nothing"
    for s in st.constraint_statements():
        yield s + ";"


def _cypher_step(step: st.Step) -> Iterator[str]:
    yield f"// {step.kind} {step.name}: {len(step.rows)}"
    yield from _statements(step)


def _cypher_lines(steps: list[st.Step]) -> Iterator[str]:
    yield from _cypher_head()
    for step in steps:
        yield from _cypher_step(step)


def generate_cypher(graph: nx.MultiDiGraph, steps: list[st.Step] | None = None) -> str:
    if steps is None:
        steps = st.node_steps(graph) + st.rel_steps(graph)
    return "\n".join(_cypher_lines(steps)) + "\n"


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


def _plain_ids(ids: Iterable[str], pattern: re.Pattern[str]) -> bool:
    """True when no id (text) needs a Cypher escape (_plain_text) nor CSV quotes (`pattern`:
    quote_pattern's): then no column of them does. One test of all the ids' text; False says nothing."""
    text = "".join(ids)
    return _plain_text(text) and not csvtext.needs_quotes(text, pattern)


def _sorted_by_ends(items: list[tuple[Any, Any, Any]]) -> list[tuple[Any, Any, Any]]:
    """`items` (from id, to id, attrs: an edge group of rel_groups, text ids) in the order of a stable sort
    by (from id, to id), by fewer and cheaper comparisons than that sort's: rel_groups lists each from
    node's edges together (graph order), so the runs of one from node are sorted by their id (text
    comparisons, no key tuple per edge) and each run of several edges by its to ids. Items whose runs
    do not each have their own from node (a node in two runs: not rel_groups' order) are sorted whole."""
    runs = []  # (from id, start, end) of each run of one from node
    n = len(items)
    start = 0
    while start < n:
        u = items[start][0]
        end = start + 1
        while end < n and items[end][0] is u:
            end += 1
        runs.append((u, start, end))
        start = end
    if len({run[0] for run in runs}) != len(runs):
        return sorted(items, key=operator.itemgetter(0, 1))
    runs.sort(key=operator.itemgetter(0))
    out = []
    by_to = operator.itemgetter(1)
    for _, start, end in runs:
        if end - start == 1:
            out.append(items[start])
        else:
            part = items[start:end]
            part.sort(key=by_to)
            out += part
    return out


@gc_paused()
def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False) -> list[Path]:
    """Write the bundle under out_dir/neo4j/ (the graph is already masked unless built with people).

    Every file is streamed to its temporary file and all are renamed into place only once all are
    written: a value that cannot be written (U+001F in a list, NUL in text) leaves no file behind."""
    d = Path(out_dir) / SUBDIR
    # Every node and edge is checked against the schema here, before any file is written (node_groups,
    # rel_groups: references to the graph's own nodes and edges); then each group's rows are sorted and
    # written to its CSV file and to graph.cypher as they are made (the same text node_steps /
    # rel_steps' rows give, as csv_tables and generate_cypher write them): no row is kept.
    node_groups = st.node_groups(graph)
    rel_groups = st.rel_groups(graph)
    # rows sorted by str(id) / (str(from), str(to)); with text ids (always, in a built graph) without a
    # call per row, and edges a run of one from node at a time (_sorted_by_ends)
    pattern = csvtext.quote_pattern("\n")
    plain_ids = False
    if all(type(n) is str for n in graph):
        by_id: Any = operator.itemgetter(0)
        sorted_by_ends: Any = _sorted_by_ends
        # every node's id tested once (all of them, always, in a built graph: no quotes, no escapes), not
        # each column of ids (an edge's ends: each node's id once per edge)
        plain_ids = _plain_ids(graph, pattern)
    else:
        def by_id(t: tuple[Any, ...]) -> str:
            return str(t[0])

        def by_ends(t: tuple[Any, ...]) -> tuple[str, str]:
            return str(t[0]), str(t[1])

        def sorted_by_ends(items: list[tuple[Any, Any, Any]]) -> list[tuple[Any, Any, Any]]:
            return sorted(items, key=by_ends)
    files = [node_file(nt.label) for nt in schema.NODES] + [rel_file(rt.type, a, b) for rt in schema.RELS
                                                             for a, b in rt.pairs]
    out: list[Path] = []
    made = [p for p in (d, d.parent) if not p.exists()]
    try:
        with contextlib.ExitStack() as stack:  # renames happen at exit, after every file is complete
            cypher = stack.enter_context(open_atomic(d / "graph.cypher"))
            cypher_write = cypher.buffer.write  # (UTF-8 bytes; nothing goes through the text layer)
            cypher_write(("\n".join(_cypher_head()) + "\n").encode())
            written: set[str] = set()

            def table(name: str, header: list[str], kind: str, step_name: str, statement: str,
                      ends: list[str], props: Any, items: list[tuple[Any, ...]]) -> None:
                write_csv = stack.enter_context(open_atomic(d / name)).buffer.write  # (UTF-8 bytes)
                write_csv(csvtext.header(header, "\n").encode())
                written.add(name)
                if not items:
                    return

                def literals() -> Iterator[list[bytes]]:  # each chunk's CSV text written as it is made
                    for text, chunk_literals in _chunks(ends, props, items, pattern, plain_ids):
                        write_csv(text)
                        yield chunk_literals

                buf = [f"// {kind} {step_name}: {len(items)}".encode()]
                for line in _unwind(statement, literals()):
                    buf.append(line)
                    if len(buf) >= 256:
                        cypher_write(b"\n".join(buf) + b"\n")
                        buf.clear()
                if buf:
                    cypher_write(b"\n".join(buf) + b"\n")

            def prop_specs(props: tuple[schema.Prop, ...]) -> list[tuple[str, bool, str, str]]:
                return [(p.name, p.type == "STRING[]", p.type, st._name(p.name) + ": ") for p in props
                        if p.name != "id"]

            for nt in schema.NODES:
                items = node_groups.pop(nt.label)
                items.sort(key=by_id)
                table(node_file(nt.label), node_header(nt.label), "nodes", nt.label, st.node_merge(nt.label),
                      [nt.label], prop_specs(nt.props), items)
            for (rel, a, b) in list(rel_groups):
                items = sorted_by_ends(rel_groups.pop((rel, a, b)))
                rt = schema.REL_BY_TYPE[rel]
                table(rel_file(rel, a, b), rel_header(rel, a, b), "rels", f"{rel} {a}->{b}", st.rel_merge(rel, a, b),
                      [rel], prop_specs(rt.props), items)
            del items
            for rt in schema.RELS:  # the pairs without edges: a header only
                for a, b in rt.pairs:
                    if rel_file(rt.type, a, b) not in written:
                        table(rel_file(rt.type, a, b), rel_header(rt.type, a, b), "rels", "", "", [], [], [])
            out += [d / name for name in files]
            out.append(d / "graph.cypher")
    except BaseException:
        for p in made:  # the temporary files are gone; directories we made go too (if still empty)
            with contextlib.suppress(OSError):
                p.rmdir()
        raise
    out.append(write_text(d / "import.sh", import_script()))
    out.append(write_text(d / "README.md", readme()))
    return out
