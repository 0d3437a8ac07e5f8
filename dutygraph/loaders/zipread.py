"""A .docx's zip read straight from its bytes, for the plain layout Word writes — or None, and
`zipfile` reads it.

`zipfile.ZipFile(...)` reads the central directory in Python (a `ZipInfo` object per member, ~17 in a
Word document: ~120 µs a document) and `zf.read` opens each member through Python file objects
(~40 µs a member before any inflating). Compiled, `directory` reads the directory in one loop over the
bytes (zipread.pxd) and `member` inflates a member with zlib directly. Each answers only when it is
sure `zipfile` gives the same — the same members under the same names with the same fields, the same
bytes for a member — and None for anything else, where the caller asks `zipfile` (which then answers
or raises exactly as before): an archive comment, a zip64 record, data before the archive or between
its directory and end record, a directory entry that is not whole or holds a name that is not plain
ASCII (or holds NUL, which `zipfile` cuts the name at), an extract version `zipfile` refuses, an
encrypted, patched or data-descriptor member, a compression other than stored and deflate, local
headers not in the directory's order, a local header that does not match its directory entry, a member
whose bytes run past the next member's local header or the directory (an overlapping member: a zip bomb
newer zipfile versions refuse, CVE-2024-0450), whose deflate stream is damaged or does not end exactly at
its compressed size, or whose size or CRC-32 is not the directory's.
(tests/test_loaders_zipread.py reads odd archives both ways.)
"""

from __future__ import annotations

import zlib

_MAX_EXTRACT_VERSION = 63  # zipfile.MAX_EXTRACT_VERSION: above it zipfile raises NotImplementedError
_BAD_FLAGS = 0x1 | 0x8 | 0x20 | 0x40  # encrypted, data descriptor, compressed patch, strong encryption


def _u16(buf, i: int) -> int:
    return buf[i] | buf[i + 1] << 8


def _u32(buf, i: int) -> int:
    return _u16(buf, i) | _u16(buf, i + 2) << 16  # (compiled: shifted as 64-bit values)


def directory(data: bytes) -> dict[str, tuple[int, int, int, int, int, int, int, int]] | None:
    """name -> (header offset, flag bits, compress type, CRC, compressed size, size, name length, end):
    what `zipfile.ZipFile(io.BytesIO(data))` reads into its `NameToInfo` (the last entry of a name, as
    there), when the archive has Word's plain layout; else None. `end` is where the member's bytes must
    stop: the next entry's local header, the directory's start after the last (newer zipfile's
    `_end_offset`, which it computes in header-offset order: here the directory's order, the headers
    required to ascend in it)."""
    buf = data
    n = len(data)
    if n < 22:
        return None
    e = n - 22  # the end record, with no comment after it
    if buf[e] != 0x50 or buf[e + 1] != 0x4B or buf[e + 2] != 5 or buf[e + 3] != 6 or _u16(buf, e + 20) != 0:
        return None
    # a zip64 locator right before it (zipfile looks there when the file is long enough)
    if n >= 42 and buf[n - 42] == 0x50 and buf[n - 41] == 0x4B and buf[n - 40] == 6 and buf[n - 39] == 7:
        return None
    if _u16(buf, e + 4) != 0 or _u16(buf, e + 6) != 0:  # disk numbers
        return None
    count = _u16(buf, e + 10)
    if _u16(buf, e + 8) != count:
        return None
    size = _u32(buf, e + 12)
    i = _u32(buf, e + 16)
    if i + size != e:  # the directory right before the end record, nothing before the archive
        return None
    start = i
    out = {}
    found = 0
    while i < e:
        if i + 46 > e:
            return None
        if buf[i] != 0x50 or buf[i + 1] != 0x4B or buf[i + 2] != 1 or buf[i + 3] != 2:
            return None
        flags = _u16(buf, i + 8)
        kind = _u16(buf, i + 10)
        if buf[i + 6] > _MAX_EXTRACT_VERSION or flags & _BAD_FLAGS or (kind != 0 and kind != 8):
            return None
        crc = _u32(buf, i + 16)
        csize = _u32(buf, i + 20)
        fsize = _u32(buf, i + 24)
        name_len = _u16(buf, i + 28)
        extra_len = _u16(buf, i + 30)
        at = _u32(buf, i + 42)
        if csize == 0xFFFFFFFF or fsize == 0xFFFFFFFF or at == 0xFFFFFFFF:  # (read from a zip64 extra)
            return None
        s = i + 46
        x = s + name_len
        nxt = x + extra_len + _u16(buf, i + 32)
        if nxt > e:
            return None
        # (the next entry's header offset: a whole entry's, else the next pass refuses the archive)
        end = _u32(buf, nxt + 42) if nxt + 46 <= e else start
        if at >= end:
            return None
        for j in range(s, x):
            if buf[j] == 0 or buf[j] > 0x7F:
                return None
        # the extra field's blocks, each whole (else zipfile raises "Corrupt extra field")
        j = x
        while x + extra_len - j >= 4:
            j += 4 + _u16(buf, j + 2)
            if j > x + extra_len:
                return None
        out[data[s:x].decode("ascii")] = (at, flags, kind, crc, csize, fsize, name_len, end)
        found += 1
        i = nxt
    if found != count:
        return None
    return out


def member(data: bytes, name: str, entry: tuple[int, int, int, int, int, int, int, int]) -> bytes | None:
    """`zipfile.ZipFile(io.BytesIO(data)).read(name)` for `directory(data)[name]`, when its local header
    and data are plain (see the module's docstring); else None."""
    buf = data
    n = len(data)
    at, flags, kind, crc, csize, fsize, name_len, end = entry
    if at + 30 > n or buf[at] != 0x50 or buf[at + 1] != 0x4B or buf[at + 2] != 3 or buf[at + 3] != 4:
        return None
    if _u16(buf, at + 26) != name_len:
        return None
    s = at + 30 + name_len + _u16(buf, at + 28)
    if s + csize > end:  # (past the next header or the directory, zipfile's "Overlapped entries"; so not past the file)
        return None
    # the local name: the directory's, byte for byte (ASCII, so decoded alike whatever the local flags)
    k = 0
    for k in range(name_len):
        if buf[at + 30 + k] != ord(name[k]):
            return None
    raw = data[s : s + csize]
    if kind == 0:
        out = raw  # (zipfile reads at most the size from it: checked below)
    else:
        inflate = zlib.decompressobj(-15)
        try:
            out = inflate.decompress(raw)
        except zlib.error:  # (a damaged stream: zipfile raises)
            return None
        if not inflate.eof or inflate.unused_data:
            return None
    if len(out) != fsize or zlib.crc32(out) != crc:
        return None
    return out
