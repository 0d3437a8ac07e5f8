"""The embedded Cypher database: LadybugDB (`import ladybug`, the maintained fork of Kùzu).

The schema (one node table per label, one rel table per type with every allowed FROM/TO pair) is
generated from graph/schema.py. Data is bulk-loaded with `COPY … FROM <DataFrame>` (fast: ~0.3 s per
100k rows, where UNWIND/MATCH/CREATE takes a minute for 100k relationships).

Relationship types that are Cypher keywords (`IN`, `FOR`) must be written in backticks in queries:
`MATCH (a:Agency)-[:\\`IN\\`]->(j:Jurisdiction)` — backticks work on Neo4j too.

The database file is built in a temporary directory next to the destination and renamed into place,
so readers never see a half-written database.

Byte-identical files (same graph, same bytes, whatever the run, out dir or --jobs). LadybugDB 0.22 on
its own writes four kinds of bytes that differ from run to run (the query results never do):
- a random database ID: DatabaseHeader::createInitialHeader() (src/storage/database_header.cpp) draws
  a UUID, file offset 28..43, when the database is created; no option or seed reaches it. It only ties
  the database's own .wal/.shadow files to it (src/storage/file_db_id_utils.cpp). After close we set it
  to the first 16 bytes of the SHA-256 of the file with those 16 bytes zeroed (distinct contents still
  get distinct IDs), see _set_database_id().
- uninitialised memory: the header, catalogue and metadata are serialised into malloc'd 4 KiB pages
  (InMemFileWriter, src/common/serializer/in_mem_file_writer.cpp: allocateBuffer(false, …), and
  MemoryManager::allocateBuffer mallocs every size but 256 KiB) and whole pages are written, so each
  one's unused tail is whatever the heap held (heap pointers: different every run, ASLR). On glibc the
  write runs with malloc's M_PERTURB set (_malloc_perturbed()): every malloc'd block is then filled
  with one fixed byte, so those tails are the same every run.
- the layout of the data pages when COPY runs on several threads: at 10k documents (tables past one
  node group, 2^17 rows) two loads with 2 threads differ in ~5,400 of 44,530 pages (rows and
  relationship lists in the order the threads got to them; even the page counts differ), and the same
  with one thread are identical. The database is written with one thread (max_num_threads=1; readers
  still get $DUTYGRAPH_LBDB_THREADS). At 10k the load takes ~0.4 s more CPU and ~1.8 s more wall
  when it runs alone (README).
- the catalogue's default value of every INT64/DOUBLE/BOOLEAN column: with no DEFAULT, the engine
  stores a NULL literal of the column's type and Value::serialize (src/common/types/value/value.cpp)
  writes its payload, never initialised (the copy constructor skips a null's payload). Our DDL says
  `DEFAULT NULL` (a NULL of type ANY, no payload): same default, same query results, fixed bytes.

Memory: LadybugDB's default buffer pool is ~80% of the machine's RAM, and a query that builds large
intermediate results grows into all of it. Every Database opened here (writer and readers) gets a
bounded pool: $DUTYGRAPH_LBDB_BUFFER_MB (default 1024 MB); readers use at most $DUTYGRAPH_LBDB_THREADS
threads (default: min(2, CPUs)), the writer one. A query or load that needs more memory fails with a
one-line error naming the variable to raise. The writer also holds what each COPY used until the database
is closed, so it closes and reopens it between large tables (REOPEN_AFTER_ROWS), and each COPY's
DataFrame is filled column by column from chunks of rows, never from one list of every row.
"""

# dutygraph.native: stays Python (`COPY … FROM frame` reads the DataFrame from its caller's Python frame)
from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import platform
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import StoreError
from . import csvtext, tables
from .atomic import gc_paused
from ..graph import schema

DB_NAME = "graph.lbdb"
BUFFER_ENV = "DUTYGRAPH_LBDB_BUFFER_MB"
THREADS_ENV = "DUTYGRAPH_LBDB_THREADS"
DEFAULT_BUFFER_MB = 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise StoreError(f"${name} must be a positive whole number, not {raw!r}")
    return value


def db_options() -> dict[str, int]:
    """ladybug.Database keyword arguments: bounded buffer pool (bytes) and thread count."""
    return {"buffer_pool_size": _env_int(BUFFER_ENV, DEFAULT_BUFFER_MB) << 20,
            "max_num_threads": _env_int(THREADS_ENV, min(2, os.cpu_count() or 1))}


def _open(path: Path, *, read_only: bool, threads: int | None = None) -> Any:
    import ladybug

    options = db_options()
    if threads is not None:
        options["max_num_threads"] = threads
    return ladybug.Database(str(path), read_only=read_only, **options)


def _explain(exc: Exception) -> str:
    """The engine's first line, plus what to do when the buffer pool ran out."""
    text = (str(exc).splitlines() or [type(exc).__name__])[0]
    if "buffer pool" in text.lower():
        text += f" (buffer pool {_env_int(BUFFER_ENV, DEFAULT_BUFFER_MB)} MB: raise ${BUFFER_ENV})"
    return text


def _q(name: str) -> str:
    """Backtick-quote an identifier (IN and FOR are keywords)."""
    return "`" + name.replace("`", "``") + "`"


def _col(p: schema.Prop, *, key: bool = False) -> str:
    """A column definition; every non-key column says DEFAULT NULL (the engine's implicit default
    stores uninitialised bytes in the catalogue for fixed-width types; see the module docstring)."""
    return f"{_q(p.name)} {p.type}" + ("" if key else " DEFAULT NULL")


def ddl() -> list[str]:
    """CREATE statements for every node and rel table, in schema order."""
    out = []
    for n in schema.NODES:
        cols = ", ".join(_col(p, key=p.name == "id") for p in n.props)
        out.append(f"CREATE NODE TABLE {_q(n.label)}({cols}, PRIMARY KEY({_q('id')}))")
    for r in schema.RELS:
        pairs = ", ".join(f"FROM {_q(a)} TO {_q(b)}" for a, b in r.pairs)
        cols = "".join(", " + _col(p) for p in r.props)
        out.append(f"CREATE REL TABLE {_q(r.type)}({pairs}{cols})")
    return out


def _node_groups(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """The nodes' attribute dicts per label (schema order), in graph order: references, no rows."""
    node_items: dict[str, list[dict[str, Any]]] = {n.label: [] for n in schema.NODES}
    for attrs in graph._node.values():
        node_items[attrs["label"]].append(attrs)
    return node_items


def _rel_groups(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], tuple[list[Any], list[Any], list[dict[str, Any]]]]:
    """The edges per (rel type, from label, to label), in graph order, as three lists: their from and to
    nodes and their attribute dicts (of the graph itself): `tables.rel_groups` (compiled)."""
    return tables.rel_groups(graph._node, graph._succ)


_CHUNK = 4096  # rows read at a time while filling a frame's columns


def _frame(columns: list[str], items: list[dict[str, Any]], props: tuple[str, ...] | list[str],
           first: tuple[list[Any], ...] = ()) -> pd.DataFrame:
    """A DataFrame of object columns (None = NULL), a row per attribute dict of `items`: the columns `first`
    as they are, then one per name of `props`, each dict's value of it (`attrs.get(name)`), filled a chunk
    of `_CHUNK` rows at a time, column by column (csvtext.values: a typed loop over the chunk's dicts,
    compiled), so no list of every row, nor a row list per row, is ever made."""
    n = len(items)
    arrays = [np.empty(n, dtype=object) for _ in columns]
    for array, values in zip(arrays, first):
        array[:] = values
    rest = arrays[len(first):]
    for at in range(0, n, _CHUNK):
        part = items[at:at + _CHUNK]
        end = at + len(part)
        for array, name in zip(rest, props, strict=True):
            array[at:end] = csvtext.values(part, name)
    return pd.DataFrame(dict(zip(columns, arrays, strict=True)), dtype=object, copy=False)


def _node_frame(label: str, items: list[dict[str, Any]]) -> pd.DataFrame:
    props = schema.NODE_BY_LABEL[label].prop_names
    return _frame(list(props), items, props)


def _rel_frame(rel: str, group: tuple[list[Any], list[Any], list[dict[str, Any]]]) -> pd.DataFrame:
    """The frame of a _rel_groups group: its from and to lists as they are, then its properties."""
    us, vs, items = group
    props = schema.REL_BY_TYPE[rel].prop_names
    return _frame(["from", "to", *props], items, props, (us, vs))


# The engine keeps what a COPY used (buffer pool pages, the hash index of the table's keys, its own heap)
# until the database is closed: at 10k documents the open database grew +0.7 GB over the whole load. It is
# closed and reopened after each node table of this many rows or more and after the last node table, so
# that it holds little more than one large COPY's memory at a time (+0.41 GB at 10k; ~0.06 s of CPU per
# reopen). The file is the same bytes either way (tests/test_exports_ladybug.py).
REOPEN_AFTER_ROWS = 10_000


def load(session: Any, graph: nx.MultiDiGraph) -> None:
    """Create the schema and bulk-load the graph into an empty database: one DataFrame per node label
    and per (rel type, from, to) pair, each made just before its COPY and dropped after it.
    `session` is a `_Session` (its connection's execute, and reopen() to close and reopen the database)
    or a plain connection (never reopened)."""
    reopen = getattr(session, "reopen", None)
    for stmt in ddl():
        session.execute(stmt)
    with gc_paused():  # millions of row lists, no cycles (see atomic.gc_paused)
        node_items = _node_groups(graph)
    large = False  # the last node table had REOPEN_AFTER_ROWS rows or more
    for label in list(node_items):
        items = node_items.pop(label)
        if not items:
            continue
        if large and reopen is not None:
            reopen()
        with gc_paused():
            frame = _node_frame(label, items)  # noqa: F841 - scanned by name in the COPY statement
        del items
        session.execute(f"COPY {_q(label)} FROM frame")
        large = len(frame) >= REOPEN_AFTER_ROWS
        del frame
    if reopen is not None:
        reopen()
    with gc_paused():  # grouped only now: not held while the node tables load
        rel_items = _rel_groups(graph)
    for key in sorted(rel_items):
        rel, a, b = key
        items = rel_items.pop(key)
        with gc_paused():
            frame = _rel_frame(rel, items)  # noqa: F841
        del items
        session.execute(f"COPY {_q(rel)} FROM frame (from='{a}', to='{b}')")
        del frame


_M_PERTURB = -6  # glibc malloc.h


@contextlib.contextmanager
def _malloc_perturbed():
    """glibc only: while inside, malloc fills each block it hands out (calloc excepted) with one fixed
    byte, so the engine's uninitialised page tails are the same bytes every run. Restored on exit to
    the process's setting ($MALLOC_PERTURB_, else off). Elsewhere: does nothing."""
    libc = None
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None).mallopt
    if libc is None or not libc(_M_PERTURB, 0xA5):
        yield
        return
    try:
        yield
    finally:
        try:
            restore = int(os.environ.get("MALLOC_PERTURB_", "0")) & 0xFF
        except ValueError:
            restore = 0
        libc(_M_PERTURB, restore)


_MAGIC = b"LBUG"
_ID_AT, _ID_LEN = 28, 16  # header: magic 4, storage version 8, catalogue 2x4, metadata 2x4, database ID 16
_HEADER_FORMAT_AT, _HEADER_FORMAT = 44, 2  # then the header format byte (2: + data file page count)


def _set_database_id(path: Path) -> None:
    """Replace the engine's random database ID with one derived from the file's contents: the first 16
    bytes of the SHA-256 of the file with the ID zeroed. Only when the header is the layout we know
    (LadybugDB 0.22's: magic LBUG, format byte 2); otherwise the file is left as the engine wrote it."""
    with open(path, "r+b") as f:
        head = bytearray(f.read(1 << 20))
        if head[:4] != _MAGIC or len(head) < 4096 or head[_HEADER_FORMAT_AT] != _HEADER_FORMAT:
            return
        head[_ID_AT:_ID_AT + _ID_LEN] = bytes(_ID_LEN)
        digest = hashlib.sha256(head)
        while chunk := f.read(1 << 20):
            digest.update(chunk)
        f.seek(_ID_AT)
        f.write(digest.digest()[:_ID_LEN])


class _Session:
    """The writer's database and connection (one thread: see the module docstring); reopen() closes
    both and opens the file again (see REOPEN_AFTER_ROWS), what the engine freed going back to the
    system at once (_trim_heap)."""

    def __init__(self, path: Path):
        self.path = path
        self.db = self.conn = None
        self._open()

    def _open(self) -> None:
        import ladybug

        self.db = _open(self.path, read_only=False, threads=1)
        self.conn = ladybug.Connection(self.db)

    def execute(self, text: str) -> Any:
        return self.conn.execute(text)

    def reopen(self) -> None:
        self.close()
        _trim_heap()
        self._open()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.db is not None:
            self.db.close()
        self.db = self.conn = None


def _trim_heap() -> None:
    """glibc: the C heap's free pages back to the system (malloc_trim); elsewhere nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False) -> list[Path]:
    """Write out_dir/graph.lbdb atomically. (The graph is already masked unless include_people.)"""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    dest = out_dir / DB_NAME
    tmp = Path(tempfile.mkdtemp(prefix=".lbdb-", dir=out_dir))
    try:
        with _malloc_perturbed():
            session = _Session(tmp / DB_NAME)
            try:
                load(session, graph)
                session.execute("CHECKPOINT")
            except RuntimeError as exc:
                raise StoreError(f"loading the embedded database failed: {_explain(exc)}", path=str(dest)) from exc
            finally:
                session.close()
        extra = sorted(p.name for p in tmp.iterdir() if p.name != DB_NAME)
        if extra:
            raise StoreError(f"unexpected files next to the database after close: {extra}", path=str(dest))
        _set_database_id(tmp / DB_NAME)
        for stale in out_dir.glob(DB_NAME + ".*"):  # a WAL from a crashed earlier run must not replay onto us
            stale.unlink()
        os.replace(tmp / DB_NAME, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [dest]


class _Conn:
    """A connection that keeps its Database alive and closes both."""

    def __init__(self, db: Any, conn: Any):
        self.db = db
        self.conn = conn

    def execute(self, text: str, params: dict[str, Any] | None = None) -> Any:
        return self.conn.execute(text, params or {})

    def close(self) -> None:
        self.conn.close()
        self.db.close()

    def __enter__(self) -> _Conn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(db_path: str | Path, *, read_only: bool = True) -> _Conn:
    """Open the embedded database (read-only by default: analysts query, `build` writes), with the
    bounded buffer pool and thread count of db_options()."""
    import ladybug

    path = Path(db_path)
    if path.is_dir():
        path = path / DB_NAME
    if not path.exists():
        raise StoreError("no embedded database here (run `dutygraph build … --out DIR` first)", path=str(path))
    try:
        db = _open(path, read_only=read_only)
        return _Conn(db, ladybug.Connection(db))
    except RuntimeError as exc:
        raise StoreError(f"cannot open the embedded database: {exc}", path=str(path)) from exc


def run_cypher(conn: Any, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one Cypher statement with bound parameters; rows as dicts in column order."""
    try:
        result = conn.execute(text, params or {})
    except RuntimeError as exc:
        from ..errors import QueryError

        raise QueryError(_explain(exc) if str(exc) else "query failed") from exc
    if isinstance(result, list):  # several statements: the last one's rows
        result = result[-1]
    cols = result.get_column_names()
    rows = []
    while result.has_next():
        rows.append(dict(zip(cols, (_plain(v) for v in result.get_next()), strict=True)))
    return rows


def _plain(value: Any) -> Any:
    """sum() over INT64 comes back as INT128 -> Decimal; whole numbers are returned as int."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def counts(conn: Any) -> tuple[dict[str, int], dict[str, int]]:
    """Node count per label and rel count per type, as stored (every schema label/type, zeros kept)."""
    nodes = {}
    for n in schema.NODES:
        nodes[n.label] = run_cypher(conn, f"MATCH (n:{_q(n.label)}) RETURN count(n) AS c", {})[0]["c"]
    rels = {}
    for r in schema.RELS:
        rels[r.type] = run_cypher(conn, f"MATCH ()-[e:{_q(r.type)}]->() RETURN count(e) AS c", {})[0]["c"]
    return nodes, rels
