"""`loaders.load` and `load_bytes` (the package's API, named in its __init__): a file's bytes read, its
format's parser found by extension in `FORMATS`, then the shared repairs, every line's `norm` and the
Document. A module of its own so that it runs compiled (a package's __init__ stays Python)."""

from __future__ import annotations

import gc
import hashlib
import importlib
import os
import stat
import sys
from collections.abc import Callable, Iterable
from io import FileIO
from pathlib import Path

from ..errors import LoadError
from ..records import Document, Repair
from .base import Parsed, build_columns, build_lines, new_document, runs_compiled, split_columns
from .decode import decode
from .normalize import normalize_lines_joinable
from .repair import repair_columns, repair_lines_texts
from .txt import parse as _txt_parse

# extension -> "module:function" with signature (data: bytes, *, path: str) -> Parsed
FORMATS: dict[str, str] = {
    ".txt": "dutygraph.loaders.txt:parse",
    ".text": "dutygraph.loaders.txt:parse",
    ".docx": "dutygraph.loaders.docx:parse",
    ".html": "dutygraph.loaders.html:parse",
    ".htm": "dutygraph.loaders.html:parse",
}
DEFAULT_FORMAT = ".txt"  # unknown extensions are read as text (after the content sniff below)
MAX_BYTES = 20_000_000


# (load29) FORMATS' entries split once each: entry -> (module, attr), the strings kept, their hashes with them
_SPLIT: dict[str, tuple[str, str]] = {}


def _parser(ext: str) -> Callable[..., Parsed]:
    entry = FORMATS[ext]
    split = _SPLIT.get(entry)
    if split is None:
        module, _, attr = entry.partition(":")
        split = _SPLIT[entry] = (module, attr)
    module, attr = split
    # (`importlib.import_module`'s answer for a module imported before — the one in sys.modules, unless
    # it is still initialising — without its Python frames; any other case goes to it)
    m = sys.modules.get(module)
    if m is None or getattr(getattr(m, "__spec__", None), "_initializing", False):
        m = importlib.import_module(module)
    return getattr(m, attr)


def _sniff_ext(data: bytes) -> str:
    """Extension for a file whose own extension is unknown: a zip with word/ is .docx, markup is .html."""
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return ".docx"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower():
        return ".html"
    return DEFAULT_FORMAT


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Document:
    """Read one document. Raises LoadError (one line naming the file) when it cannot be read."""
    # a str that pathlib keeps as it is is stat'ed and opened as itself (`Path(path).stat()` and
    # `.read_bytes()` are `os.stat` and `open(…, "rb")` of `str(Path(path))`), without pathlib's parsing
    p = path if type(path) is str and _kept_by_pathlib(path) else Path(path)
    shown = str(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise LoadError("no such file", path=shown) from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    size = st.st_size
    if stat.S_ISDIR(st.st_mode):  # (= p.is_dir(), from the same stat)
        raise LoadError("is a directory, not a document", path=shown)
    if size > max_bytes:
        raise LoadError(
            f"file is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB limit for one document",
            path=shown,
        )
    try:
        # (= p.read_bytes(): `open(p, "rb")` is this FileIO, wrapped in a BufferedReader whose read()
        # hands back the FileIO's readall(); load28: without the reader — its making, flush and close)
        with FileIO(p) as fh:
            data = fh.readall()
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    return load_bytes(data, path=shown, max_bytes=max_bytes)


def load_bytes(data: bytes, *, path: str, max_bytes: int = MAX_BYTES) -> Document:
    """The pure core of `load`: bytes and the name they came from -> Document."""
    if len(data) > max_bytes:
        raise LoadError(f"{len(data) / 1e6:.1f} MB is above the {max_bytes / 1e6:.0f} MB limit", path=path)
    if not data:
        raise LoadError("empty file", path=path)
    ext = _extension(path).lower()
    if ext not in FORMATS:
        ext = _sniff_ext(data)
    # (= `with gc_paused():`, without the context manager's generator frames)
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        parser = _parser(ext)
        if parser is _txt_parse and _COLUMNS:  # (load29) a text file's lines without a RawLine each
            return _finish_text(data, path)
        return _finish(parser(data, path=path), data=data, path=path)
    finally:
        if paused:
            gc.enable()


_POSIX = os.sep == "/" and os.altsep is None


def _extension(path: str) -> str:
    """`os.path.splitext(path)[1]` (posixpath's `_splitext`, without its two Python frames for a str)."""
    if type(path) is not str or not _POSIX:
        return os.path.splitext(path)[1]
    return _str_extension(path)


def _str_extension(path: str) -> str:
    """`_extension` of a str (compiled, typed by reading.pxd: rfind, the indexing and the slice are C calls,
    not method calls)."""
    sep = path.rfind("/")
    dot = path.rfind(".")
    if dot > sep:
        i = sep + 1
        while i < dot:  # (a name of dots only before it: no extension)
            if path[i] != ".":
                return path[dot:]
            i += 1
    return ""


def _basename(path: str) -> str:
    """`os.path.basename(path)` (posixpath's, without its Python frames for a str)."""
    if type(path) is not str or not _POSIX:
        return os.path.basename(path)
    return _str_basename(path)


def _str_basename(path: str) -> str:
    """`_basename` of a str (compiled, typed by reading.pxd)."""
    return path[path.rfind("/") + 1 :]


def _kept_by_pathlib(s: str) -> bool:
    """Whether `str(Path(s)) == s` surely (POSIX): not empty, no empty or "." component, no trailing
    "/" (a False may still be kept: the caller then goes through pathlib)."""
    return (
        s != ""
        and "//" not in s
        and not s.endswith("/")
        and "/./" not in s
        and not s.startswith("./")
        and not s.endswith("/.")
        and s != "."
        and _POSIX
    )


def _finish(parsed: Parsed, *, data: bytes, path: str) -> Document:
    raw, repairs, texts = repair_lines_texts(parsed.lines)
    if not any(map(str.strip, texts)):
        raise LoadError("no text in the document", path=path)
    norms, joinable = normalize_lines_joinable(texts)
    lines = build_lines(raw, norms)
    # (load27: a document without repairs, most of them, sorts nothing: `tuple(sorted([]))` is `()`)
    all_repairs: tuple[Repair, ...] = (
        tuple(sorted([*parsed.repairs, *repairs], key=lambda r: (r.line, r.kind)))
        if parsed.repairs or repairs else ()
    )
    # (= Document(path=…, …, norms_joinable=joinable): every field given, in the class's order)
    return new_document(
        path,
        _basename(path),
        hashlib.sha256(data).hexdigest(),
        parsed.encoding,
        parsed.fmt,
        lines,
        all_repairs,
        tuple(parsed.warnings),  # (= tuple(list(parsed.warnings)))
        joinable,
    )


def _finish_text(data: bytes, path: str) -> Document:
    """`_finish(txt.parse(data, path=path), data=data, path=path)` (the same Document, the same errors)
    without a RawLine a line (load29): the text's lines split into their texts and offsets
    (`split_columns`), a RawLine made only for a line a repair step is given (`repair_columns`), and each
    record built from the texts, the offsets and those RawLines (`build_columns`) — what `txt.parse`,
    `repair_lines_texts` and `build_lines` make of the RawLines of every line."""
    decoded = decode(data, path=path)
    texts, starts = split_columns(decoded.text)
    made, repairs, texts = repair_columns(texts, starts, decoded.text)
    if not any(map(str.strip, texts)):
        raise LoadError("no text in the document", path=path)
    norms, joinable = normalize_lines_joinable(texts)
    lines = build_columns(made, texts, norms, starts)
    all_repairs: tuple[Repair, ...] = (
        tuple(sorted([*decoded.repairs, *repairs], key=lambda r: (r.line, r.kind)))
        if decoded.repairs or repairs else ()
    )
    return new_document(
        path,
        _basename(path),
        hashlib.sha256(data).hexdigest(),
        decoded.encoding,
        "txt",
        lines,
        all_repairs,
        tuple(decoded.warnings),
        joinable,
    )


# Whether `load_bytes` reads a text file by `_finish_text` (compiled; as Python by `txt.parse` and
# `_finish`, the form it stands for — a test's switch either way)
_COLUMNS = runs_compiled(_finish_text)


def load_many(
    paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = MAX_BYTES
) -> tuple[list[Document], list[str]]:
    """Load every path in order; a file that fails becomes one error line and the batch goes on."""
    docs: list[Document] = []
    errors: list[str] = []
    for path in paths:
        try:
            docs.append(load(path, max_bytes=max_bytes))
        except LoadError as exc:
            errors.append(exc.oneline())
    return docs, errors
