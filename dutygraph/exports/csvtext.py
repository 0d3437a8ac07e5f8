"""CSV text made a column at a time, the bytes `csv.writer` (default dialect, QUOTE_MINIMAL) writes.

The table exporters (csv_tables, neo4j_bundle) make their rows in chunks of a few thousand and convert
each column of a chunk in one pass (the values of a column are mostly of one type, and most columns
need no quoting at all), then join the fields with "," and the rows with the line terminator: the same
text as csv.writer's writerows over the rows, without its per-character copy of every field and its
write() per row. Which characters make csv.writer quote a field is read from the csv module itself
(`quote_pattern`), so a Python whose csv module quotes differently still gets its bytes.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any, AnyStr

from ..loaders.base import runs_compiled

CHUNK = 2048  # rows converted at a time: the columns of one chunk are all that is held


@functools.cache
def quote_pattern(lineterminator: str) -> re.Pattern[str]:
    """The characters for which csv.writer(lineterminator=...) quotes a field, probed once (Python 3.11:
    the delimiter, the quote character and the line terminator's characters; later versions add
    '\\r' and '\\n' whatever the terminator). Only ASCII can be one: the dialect's characters are."""
    found = []
    for code in range(128):
        buf = io.StringIO()
        csv.writer(buf, lineterminator=lineterminator).writerow(["a" + chr(code) + "b", "c"])
        if buf.getvalue().startswith('"'):
            found.append(chr(code))
    pattern = char_class("".join(found))
    _CHARS[pattern] = found
    return pattern


# quote_pattern's pattern -> its characters: whether a column's text holds one is a few substring tests
# (a C scan each, several times faster on Chinese text than the regex engine's per-character class test)
_CHARS: dict[re.Pattern[str], list[str]] = {}

# char_class's patterns -> a table of the Latin-1 characters (256 bytes: 1 for each one in the class) and
# whether the class holds U+2028 and U+2029: what index_of's compiled pass reads for each character
_TABLES: dict[re.Pattern[str], tuple[bytes, bool]] = {}


def char_class(chars: str) -> re.Pattern[str]:
    """The regex class of `chars` (one of them, at any place). When they are Latin-1 characters, with or
    without the pair U+2028 and U+2029 (what CSV quoting and Cypher escaping look for), their table is
    kept for index_of (_TABLES)."""
    pattern = re.compile("[" + re.escape(chars) + "]")
    codes = set(map(ord, chars))
    wide = {c for c in codes if c > 0xFF}
    if not wide or wide == {0x2028, 0x2029}:
        _TABLES[pattern] = (bytes([c in codes for c in range(256)]), bool(wide))
    return pattern


def index_of(text: str, start: int, pattern: re.Pattern[str]) -> int:
    """The offset of the first character of `text` from `start` (0 or more) on that `pattern`, a class,
    matches; -1 when there is none. Compiled, for char_class's patterns with a table (_TABLES): one pass
    over the characters at their own width, each one's entry read (csvtext.pxd's `_class_index`: a few
    instructions a character, where the regex engine's class test takes tens); else, and as Python, the
    pattern's search."""
    table = _TABLES.get(pattern) if _COMPILED else None
    if table is None:
        m = pattern.search(text, start)
        return -1 if m is None else m.start()
    return _class_index(text, start, table[0], table[1])  # noqa: F821 - csvtext.pxd's, compiled only


def quoted(field: str) -> str:
    """A field as csv.writer writes it when it must be quoted (quotes inside doubled)."""
    return '"' + field.replace('"', '""') + '"'


def needs_quotes(text: str, pattern: re.Pattern[str]) -> bool:
    """Whether `text` holds a character of `pattern` (quote_pattern's: one for which csv.writer quotes a
    field), by a substring test per character (_CHARS) when the pattern is quote_pattern's."""
    chars = _CHARS.get(pattern)
    return any(map(text.__contains__, chars)) if chars is not None else pattern.search(text) is not None


def cells_holding(cells: Sequence[str], joined: str, pattern: re.Pattern[str], at: int) -> list[int]:
    """The indices of the cells holding a character of `pattern` (a class), in order, found in one pass
    over the column's text `joined` ("".join(cells)) by index_of from `at`, the offset of its first such
    character (-1: none): each search goes on from the end of the cell found before (its offset in
    `joined` bisected from the cells' end offsets), not each cell searched."""
    found: list[int] = []
    if at >= 0:
        ends = list(itertools.accumulate(map(len, cells)))  # each cell's end offset in `joined`
        right = bisect.bisect_right
        while at >= 0:
            i = right(ends, at)  # the cell holding the character
            found.append(i)
            at = index_of(joined, ends[i], pattern)
    return found


def quoted_cells(cells: Sequence[str], pattern: re.Pattern[str], joined: str | None = None) -> list[int]:
    """The indices of the cells csv.writer quotes (`pattern`: quote_pattern's; `joined`: the column's
    text, "".join(cells), when the caller has it already), in order."""
    if joined is None:
        joined = "".join(cells)
    at = index_of(joined, 0, pattern) if needs_quotes(joined, pattern) else -1
    return cells_holding(cells, joined, pattern, at)


def quote_column(cells: Sequence[str], pattern: re.Pattern[str], joined: str | None = None) -> Sequence[str]:
    """`cells` as csv.writer writes each one (the same sequence when none needs quoting): the cells
    quoted_cells finds, quoted."""
    at = quoted_cells(cells, pattern, joined)
    if not at:
        return cells
    out = list(cells)
    for i in at:
        out[i] = quoted(cells[i])
    return out


def quote_encoded(fields: list[bytes], at: list[int]) -> list[bytes]:
    """`fields` (UTF-8) with those at the indices `at` (quoted_cells') quoted as `quoted` quotes them,
    on the bytes: a text encoded once serves as the field, quoted or not, and as other text (the quote
    character is ASCII, never a byte of a multi-byte character). The same list when `at` is empty."""
    if not at:
        return fields
    out = fields.copy()
    for i in at:
        out[i] = b'"' + fields[i].replace(b'"', b'""') + b'"'
    return out


def join_rows(columns: Sequence[Iterable[AnyStr]], lineterminator: AnyStr) -> AnyStr:
    """The text of the rows whose fields (written already: quoted where needed) are `columns`, each row
    ended by `lineterminator`: str, or UTF-8 bytes when the fields and the terminator are bytes."""
    text_type = type(lineterminator)
    comma, empty = (",", "") if text_type is str else (b",", b"")
    if len(columns) < 2:  # csv.writer's special case: a row of one empty field is written '""'
        quotes = '""' if text_type is str else b'""'
        return empty.join((f or quotes) + lineterminator for f in columns[0]) if columns else empty
    if _COMPILED and text_type is bytes and all(type(c) is list for c in columns):
        # every row filled in one bytes object (csvtext.pxd's `_fill_rows`: C-API calls), not a join a row
        return _fill_rows((b"", *[b","] * (len(columns) - 1), lineterminator), list(columns), True)  # noqa: F821
    text = lineterminator.join(map(comma.join, zip(*columns, strict=True)))
    return text + lineterminator if text else empty  # (a row of two fields or more is never empty text)


def filled_rows(pieces: tuple[bytes, ...], columns: list[list[bytes]]) -> list[bytes]:
    """Each row of `columns` (lists of bytes, all of one length) between the pieces of a template:
    `pieces[0] + column 0's item + pieces[1] + … + pieces[-1]`, one bytes object a row (`pieces`: bytes,
    one more than the columns). Compiled `_fill_rows` (csvtext.pxd: C-API calls, each row's size summed
    and its pieces copied into it), as Python bytes `%` of the template the pieces make."""
    if len(pieces) != len(columns) + 1:
        raise ValueError("a row template has one piece more than its columns")
    if _COMPILED:
        return _fill_rows(pieces, columns, False)  # noqa: F821 - csvtext.pxd's, compiled only
    template = b"%s".join([p.replace(b"%", b"%%") for p in pieces])
    return list(map(template.__mod__, zip(*columns, strict=True)))


def _encoded_loop(texts: list[str] | tuple[str, ...]) -> list[bytes]:
    """Each text's UTF-8 bytes; compiled a typed loop filling a list made at the texts' length, each
    text's bytes by `_utf8` (csvtext.pxd: an ASCII text's characters copied as they are, the others by
    the UTF-8 encoder, a C call; str.encode mapped over the texts parses its arguments and looks the
    codec's name up on each call). As Python (only the tests run it) each text's encode()."""
    if not _COMPILED:
        return [t.encode() for t in texts]
    out = [None] * len(texts)
    i = 0
    for t in texts:
        out[i] = _utf8(t)  # noqa: F821 - csvtext.pxd's, compiled only
        i += 1
    return out


_COMPILED = runs_compiled(_encoded_loop)


def _values_loop(dicts: list[dict[str, Any]] | tuple[dict[str, Any], ...], name: str) -> list[Any]:
    """[d.get(name) for d in dicts]; compiled a typed loop (a C dict lookup per dict, no method call)."""
    out = []
    for d in dicts:
        out.append(d.get(name))
    return out


def values(dicts: list[dict[str, Any]] | tuple[dict[str, Any], ...], name: str) -> list[Any]:
    """Each dict's value of `name` (None when it has none): a column of a chunk's rows, read from their
    attribute dicts. Compiled the typed loop, as Python dict.get mapped over them (no Python step per
    value)."""
    return _values_loop(dicts, name) if _COMPILED else list(map(dict.get, dicts, itertools.repeat(name)))


# the decimal text of 0 .. 4095 as UTF-8: nearly every int of a table (counts, line numbers, years) is
# one of them, its field read from here instead of made (str(), then encoded) per value
_DECIMAL: dict[int, bytes] = {i: b"%d" % i for i in range(4096)}


def _decimals_loop(values: list[Any] | tuple[Any, ...], none: bytes) -> list[bytes]:
    """decimals' typed loop (compiled: a C dict lookup per int)."""
    out = []
    table = _DECIMAL
    for v in values:
        if v is None:
            out.append(none)
        else:
            text = table.get(v) if type(v) is int else None
            out.append(text if text is not None else str(v).encode())
    return out


def decimals(values: list[Any] | tuple[Any, ...], none: bytes) -> list[bytes]:
    """Each value's text (str(v)) as UTF-8, `none` for None: a column of ints (and None) written without a
    str per int (an int's digits never need quoting, escaping or defusing, and are the same bytes as a CSV
    field and as a Cypher literal). Compiled the typed loop (a small int's bytes read from a table), as
    Python str and encode per value."""
    return _decimals_loop(values, none) if _COMPILED else [none if v is None else str(v).encode() for v in values]


def _types_loop(values: list[Any] | tuple[Any, ...]) -> set[type]:
    """set(map(type, values)); compiled a typed loop that adds a type to the set only when it differs
    from the one before (a column is mostly of one type: one set insertion instead of one per value)."""
    kinds = set()
    last = None
    for v in values:
        t = type(v)
        if t is not last:
            kinds.add(t)
            last = t
    return kinds


def types(values: list[Any] | tuple[Any, ...]) -> set[type]:
    """The types of a column's values: compiled the typed loop, as Python set(map(type, values))."""
    return _types_loop(values) if _COMPILED else set(map(type, values))


def encoded(texts: list[str] | tuple[str, ...]) -> list[bytes]:
    """Each text's UTF-8 bytes (the writers write bytes: a column's fields encoded once, kept where a
    field is written again): compiled the typed loop, as Python str.encode mapped over them."""
    return _encoded_loop(texts) if _COMPILED else list(map(str.encode, texts))


def header(names: Sequence[str], lineterminator: str) -> str:
    """A header row as csv.writer writes it."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator=lineterminator).writerow(list(names))
    return buf.getvalue()
