"""loaders/zipread.py reads Word's plain zip layout as zipfile does, and steps aside for anything else.

The property pinned, on real .docx packages, odd archives of each kind and random damage: when
`zipread.directory(data)` answers, `zipfile.ZipFile(io.BytesIO(data))` opens the archive and its
`NameToInfo` holds the same names with the same fields; when `zipread.member` answers for a member,
zipfile reads the same bytes from it (no error). Where zipfile raises, zipread answers None (the
caller then asks zipfile, which raises as before). And docx.parse gives the same lines or the same
one-line error with the direct read on and off. Runs compiled and as Python (the same functions).
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib

import pytest

from dutygraph.errors import LoadError
from dutygraph.loaders import docx as docx_loader
from dutygraph.loaders import zipread


def _end_offsets(zf: zipfile.ZipFile) -> dict[int, int]:
    """id(info) -> where its member's bytes must stop: the next local header in header-offset order, the
    directory's start after the last (newer zipfile's `_end_offset`, computed as it does; checked against
    it where this zipfile has it)."""
    out = {}
    end = zf.start_dir
    for info in sorted(zf.filelist, key=lambda info: info.header_offset, reverse=True):
        out[id(info)] = end
        end = info.header_offset
        if hasattr(info, "_end_offset"):
            assert info._end_offset == out[id(info)]
    return out


def _check(data: bytes) -> tuple[bool, int]:
    """Assert zipread's answers agree with zipfile's on `data`; (directory answered, members answered)."""
    entries = zipread.directory(data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:
        assert entries is None
        return False, 0
    answered = 0
    if entries is not None:
        ends = _end_offsets(zf)
        assert {name: (info.header_offset, info.flag_bits, info.compress_type, info.CRC, info.compress_size,
                       info.file_size, len(info.orig_filename.encode("ascii")), ends[id(info)])
                for name, info in zf.NameToInfo.items()} == entries
        for name, entry in entries.items():
            got = zipread.member(data, name, entry)
            try:
                want = zf.read(name)
            except Exception:
                assert got is None, name
                continue
            if got is not None:
                assert got == want, name
                answered += 1
    return entries is not None, answered


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("一、总体要求")
    d.add_paragraph("（一）市发展改革委牵头，2024年底前完成。", style="List Number")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "任务"
    t.cell(0, 1).text = "责任单位"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip(members: list[tuple[str, bytes, int]], comment: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, blob, kind in members:
            zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), blob, compress_type=kind)
        zf.comment = comment
    return buf.getvalue()


def _central(data: bytes) -> list[int]:
    """Offsets of the central directory entries (an archive zipfile wrote)."""
    e = len(data) - 22
    size, at = struct.unpack("<LL", data[e + 12 : e + 20])
    out = []
    while at < e:
        out.append(at)
        n, x, c = struct.unpack("<HHH", data[at + 28 : at + 34])
        at += 46 + n + x + c
    return out


def _local(name: bytes, kind: int, crc: int, csize: int, size: int) -> bytes:
    return struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, kind, 0, 0x21, crc, csize, size, len(name), 0) + name


def _archive(records: bytes, entries: list[tuple[bytes, int, int, int, int, int]]) -> bytes:
    """`records` (the local headers and data) then a directory of `entries` (name, compression, CRC,
    compressed size, size, header offset) and the end record, written by hand."""
    central = b"".join(struct.pack("<4s4B4H3L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, kind, 0, 0x21, crc, csize, size,
                                   len(name), 0, 0, 0, 0, 0, at) + name
                       for name, kind, crc, csize, size, at in entries)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(records), 0)
    return records + central + end


def _raw_zip(name: bytes, raw: bytes, crc: int, size: int) -> bytes:
    """One deflated member written by hand: its compressed bytes `raw` as given."""
    return _archive(_local(name, 8, crc, len(raw), size) + raw, [(name, 8, crc, len(raw), size, 0)])


def _quoted_overlap(members: list[tuple[str, bytes]], quoting: str) -> bytes:
    """`members` stored, in order, but member `quoting` deflated, its data a stored deflate block that
    quotes the next member's local header and data (which the directory points at inside it): the
    overlapping shape of CVE-2024-0450's zip bombs, which newer zipfile versions refuse to read
    ("Overlapped entries") and older ones read."""
    records = b""
    entries = []
    i = 0
    while i < len(members):
        name, blob = members[i][0].encode("ascii"), members[i][1]
        if members[i][0] != quoting:
            entries.append((name, 0, zlib.crc32(blob), len(blob), len(blob), len(records)))
            records += _local(name, 0, zlib.crc32(blob), len(blob), len(blob)) + blob
            i += 1
            continue
        inner, inner_blob = members[i + 1][0].encode("ascii"), members[i + 1][1]
        quoted = _local(inner, 0, zlib.crc32(inner_blob), len(inner_blob), len(inner_blob)) + inner_blob
        raw = b"\x00" + struct.pack("<HH", len(quoted), len(quoted) ^ 0xFFFF) + quoted + b"\x01\x00\x00\xff\xff"
        local = _local(name, 8, zlib.crc32(quoted), len(raw), len(quoted))
        entries.append((name, 8, zlib.crc32(quoted), len(raw), len(quoted), len(records)))
        inner_at = len(records) + len(local) + 5  # (after the stored block's 5-byte header)
        entries.append((inner, 0, zlib.crc32(inner_blob), len(inner_blob), len(inner_blob), inner_at))
        records += local + raw
        i += 2
    return _archive(records, entries)


def _put(data: bytes, at: int, fmt: str, *values: int) -> bytes:
    b = bytearray(data)
    struct.pack_into(fmt, b, at, *values)
    return bytes(b)


_PLAIN = [("[Content_Types].xml", b"<Types/>" * 40, zipfile.ZIP_DEFLATED), ("word/document.xml", "文本".encode() * 300,
          zipfile.ZIP_DEFLATED), ("stored.bin", b"\x00\x01" * 50, zipfile.ZIP_STORED), ("empty", b"", 8)]


def _odd_archives() -> dict[str, bytes]:
    plain = _zip(_PLAIN)
    cd = _central(plain)
    doc_cd = cd[1]
    doc_local = struct.unpack("<L", plain[doc_cd + 42 : doc_cd + 46])[0]
    e = len(plain) - 22
    out = {
        "plain": plain,
        "docx": _docx(),
        "comment": _zip(_PLAIN, comment=b"made by hand"),
        "prefix": b"MZ stub " * 10 + plain,  # data before the archive (zipfile reads it: offsets shifted)
        "bzip2": _zip([("a.xml", b"<a/>" * 100, zipfile.ZIP_BZIP2)]),
        "lzma": _zip([("a.xml", b"<a/>" * 100, zipfile.ZIP_LZMA)]),
        "truncated": plain[: len(plain) // 2],
        "no end record": plain[:-22],
        "short": plain[-21:],
        "empty archive": _zip([]),
        "duplicate names": _zip([("a", b"first", 8), ("a", b"second", 8)]),
        "utf-8 name": _zip([("文档.xml", b"<x/>", 8)]),
        "NUL in name": _zip([("aXb", b"<x/>", 8)]).replace(b"aXb", b"a\x00b"),
        "encrypted flag": _put(plain, doc_cd + 8, "<H", 1),
        "data descriptor flag": _put(plain, doc_cd + 8, "<H", 8),
        "patch flag": _put(plain, doc_cd + 8, "<H", 0x20),
        "strong encryption flag": _put(plain, doc_cd + 8, "<H", 0x40),
        "extract version 64": _put(plain, doc_cd + 6, "<B", 64),
        "extract version 63": _put(plain, doc_cd + 6, "<B", 63),
        "unknown compression": _put(plain, doc_cd + 10, "<H", 99),
        "bad CRC": _put(plain, doc_cd + 16, "<L", 12345),
        "size too small": _put(plain, doc_cd + 24, "<L", 10),
        "size too large": _put(plain, doc_cd + 24, "<L", 100000),
        "compressed size short": _put(plain, doc_cd + 20, "<L", 5),
        "compressed size past the end": _put(plain, doc_cd + 20, "<L", 10**6),
        "zip64 sizes": _put(plain, doc_cd + 20, "<LL", 0xFFFFFFFF, 0xFFFFFFFF),
        "zip64 offset": _put(plain, doc_cd + 42, "<L", 0xFFFFFFFF),
        "header offset wrong": _put(plain, doc_cd + 42, "<L", doc_local + 3),
        "local signature": _put(plain, doc_local, "<L", 0x04034B51),
        "local name": _put(plain, doc_local + 30, "<B", ord("W")),
        "local name length": _put(plain, doc_local + 26, "<H", 16),
        "local extra": _put(plain, doc_local + 28, "<H", 4),
        "directory signature": _put(plain, doc_cd, "<L", 0x02014B51),
        "entry count": _put(_put(plain, e + 8, "<H", 3), e + 10, "<H", 3),
        "entry counts differ": _put(plain, e + 8, "<H", 3),
        "disk number": _put(plain, e + 4, "<H", 1),
        "directory size": _put(plain, e + 12, "<L", e - cd[0] - 1),
        "directory offset": _put(plain, e + 16, "<L", cd[0] + 1),
        "comment length": _put(plain, e + 20, "<H", 1),
        "quoted overlap": _quoted_overlap([("a.xml", b"<a/>" * 10), ("b.xml", b"<b/>" * 20), ("c.xml", b"<c/>")],
                                          "a.xml"),
        # the directory's entries not in their local headers' order (zipfile reads it)
        "directory out of order": plain[:cd[0]] + plain[cd[1] : cd[2]] + plain[cd[0] : cd[1]] + plain[cd[2]:],
        # a zip64 locator's signature in the last 20 bytes before the end record (here inside the last
        # name): zipfile reads a locator there, whose disk number it refuses
        "zip64 locator": _zip([("a", b"<x/>", 8), ("n" * 10 + "PK\x06\x07\x01\x01\x01\x01" + "y" * 12, b"z", 8)]),
    }
    # an extra field in the directory: whole (zipfile reads it), cut short (zipfile raises)
    for label, extra in (("extra field", b"\x0a\x00\x04\x00abcd"), ("corrupt extra field", b"\x0a\x00\x09\x00abcd"),
                         ("zip64 extra, no sentinel", b"\x01\x00\x08\x00" + bytes(8)), ("short extra", b"\x0a\x00")):
        b = bytearray(plain)
        at = cd[1]
        n = struct.unpack("<H", b[at + 28 : at + 30])[0]
        struct.pack_into("<H", b, at + 30, len(extra))
        b[at + 46 + n : at + 46 + n] = extra
        struct.pack_into("<L", b, len(b) - 22 + 12, struct.unpack("<L", plain[e + 12 : e + 16])[0] + len(extra))
        out[label] = bytes(b)
    # deflate streams that do not end at the compressed size: trailing bytes, a stream cut short
    text = b"<w:t>x</w:t>" * 30
    stream = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = stream.compress(text) + stream.flush()
    out["trailing bytes"] = _raw_zip(b"a.xml", body + b"junk", zlib.crc32(text), len(text))
    out["stream cut"] = _raw_zip(b"a.xml", body[:-3], zlib.crc32(text), len(text))
    out["by hand"] = _raw_zip(b"a.xml", body, zlib.crc32(text), len(text))
    return out


@pytest.mark.filterwarnings("ignore:Duplicate name")  # (zipfile writing the duplicate-names archive)
def test_odd_archives_read_as_zipfile_reads_them():
    archives = _odd_archives()
    answered = {label: _check(data) for label, data in archives.items()}
    # the plain ones are read directly, every member; each odd one steps aside where zipfile would differ
    assert answered["plain"] == (True, 4)
    assert answered["docx"][0] and answered["docx"][1] == len(zipfile.ZipFile(io.BytesIO(archives["docx"])).namelist())
    assert answered["duplicate names"] == (True, 1)
    assert answered["extract version 63"] == (True, 4)
    for label in ("extra field", "zip64 extra, no sentinel", "short extra"):  # (zipfile skips a tail < 4 bytes)
        assert answered[label] == (True, 4), label
    for label in ("comment", "prefix", "bzip2", "lzma", "truncated", "no end record", "short", "utf-8 name",
                  "NUL in name", "encrypted flag", "data descriptor flag", "patch flag", "strong encryption flag",
                  "extract version 64", "unknown compression", "zip64 sizes", "zip64 offset", "directory signature",
                  "entry count", "entry counts differ", "disk number", "directory size", "directory offset",
                  "comment length", "zip64 locator", "corrupt extra field", "directory out of order"):
        assert not answered[label][0], label
    for label in ("bad CRC", "size too small", "size too large", "compressed size short",
                  "compressed size past the end", "header offset wrong", "local signature", "local name",
                  "local name length", "local extra"):
        assert answered[label] == (True, 3), label  # the damaged member left to zipfile, the others read
    for label in ("trailing bytes", "stream cut"):
        assert answered[label] == (True, 0), label
    assert answered["by hand"] == (True, 1)
    assert answered["quoted overlap"] == (True, 2)  # the quoting member left to zipfile, the others read
    # (what zipfile itself does with some of them: reads what zipread leaves to it)
    assert zipfile.ZipFile(io.BytesIO(archives["trailing bytes"])).read("a.xml") == b"<w:t>x</w:t>" * 30
    assert zipfile.ZipFile(io.BytesIO(archives["prefix"])).read("stored.bin") == b"\x00\x01" * 50


def test_random_damage_reads_as_zipfile_reads_it():
    rng = random.Random(21)
    bases = [_zip(_PLAIN), _docx()]
    reads = 0
    for _ in range(1500):
        data = bytearray(rng.choice(bases))
        for _ in range(rng.randrange(1, 4)):
            kind = rng.random()
            # mostly the directory and the end record (the last ~1,500 bytes), some local headers
            at = rng.randrange(max(0, len(data) - 1500), len(data)) if kind < 0.7 else rng.randrange(len(data))
            if kind < 0.9:
                data[at] = rng.randrange(256)
            else:
                del data[at : at + rng.randrange(1, 40)]
        reads += _check(bytes(data))[1]
    assert reads > 1000  # (most damage leaves most members readable)


def _parse_or_error(data: bytes) -> object:
    try:
        return docx_loader.parse(data, path="f.docx")
    except LoadError as exc:
        return re.sub(r" at 0x[0-9a-fA-F]+", "", exc.oneline())
    except Exception as exc:
        return type(exc).__name__, str(exc)


def test_docx_parse_is_the_same_with_the_direct_read_off(monkeypatch):
    parse = _parse_or_error
    good = _docx()
    e = len(good) - 22
    samples = [good, good + b"", _put(good, e + 20, "<H", 0)]
    doc_cd = next(at for at in _central(good) if good[at + 46 : at + 63] == b"word/document.xml")
    samples += [_put(good, doc_cd + 16, "<L", 1), _put(good, doc_cd + 8, "<H", 1), good[:-30], good[:-22],
                _put(good, doc_cd + 24, "<L", 10)]
    rng = random.Random(5)
    for _ in range(60):
        b = bytearray(good)
        b[rng.randrange(len(b) - 1500, len(b))] = rng.randrange(256)
        samples.append(bytes(b))
    for data in samples:
        fast, slow = _direct_and_zipfile(monkeypatch, parse, data)
        assert fast == slow


def _direct_and_zipfile(monkeypatch, read, data: bytes):
    """`read(data)` with the direct read on, then off (zipfile), each with docx's kept parts emptied first."""
    docx_loader._PARTS.clear()
    docx_loader._READINGS.clear()
    fast = read(data)
    docx_loader._PARTS.clear()
    docx_loader._READINGS.clear()
    with monkeypatch.context() as m:
        m.setattr(docx_loader, "_ZIP_PLAIN", False)
        slow = read(data)
    return fast, slow


def test_a_quoted_overlap_is_left_to_zipfile():
    data = _quoted_overlap([("a.xml", b"<a/>" * 10), ("b.xml", b"<b/>" * 20)], "a.xml")
    entries = zipread.directory(data)
    assert entries is not None and zipread.member(data, "a.xml", entries["a.xml"]) is None
    assert zipread.member(data, "b.xml", entries["b.xml"]) == b"<b/>" * 20
    zf = zipfile.ZipFile(io.BytesIO(data))
    # zipfile refuses the quoting member exactly where it has the overlap check (docx's feature test)
    if docx_loader._ZIP_END_OFFSET:
        with pytest.raises(zipfile.BadZipFile, match="Overlapped entries"):
            zf.read("a.xml")
    else:
        assert zf.read("a.xml") == data[zf.getinfo("b.xml").header_offset : zf.start_dir - 5]


def test_docx_parse_of_a_quoted_overlap_is_zipfiles(monkeypatch):
    zf = zipfile.ZipFile(io.BytesIO(_docx()))
    members = [(name, zf.read(name)) for name in zf.namelist()]
    overlapped = 0
    for (name, _), (_, quoted) in zip(members, members[1:]):
        if len(quoted) > 60000:  # (one stored deflate block quotes < 64 KiB)
            continue
        data = _quoted_overlap(members, name)
        assert zipread.directory(data) is not None
        fast, slow = _direct_and_zipfile(monkeypatch, _parse_or_error, data)
        assert fast == slow, name
        overlapped += isinstance(slow, str) and "Overlapped entries" in slow
    # (where zipfile has the check, the parts docx reads are refused)
    assert (overlapped > 0) == docx_loader._ZIP_END_OFFSET


def test_the_direct_read_is_taken_compiled():
    assert docx_loader._ZIP_PLAIN == docx_loader._SCAN
    if docx_loader._ZIP_PLAIN:
        with docx_loader._open_zip(_docx()) as zf:
            assert isinstance(zf, docx_loader._PlainZip)
        with docx_loader._open_zip(_zip(_PLAIN, comment=b"c")) as zf:
            assert isinstance(zf, zipfile.ZipFile)


@pytest.mark.parametrize("name", ["[Content_Types].xml", "word/document.xml", "missing"])
def test_plain_zip_reads_parts_as_read_part_does(name):
    data = _zip(_PLAIN)
    entries = zipread.directory(data)
    assert entries is not None
    plain = docx_loader._PlainZip(data, entries)
    zf = zipfile.ZipFile(io.BytesIO(data))
    docx_loader._PARTS.clear()
    if name == "missing":
        with pytest.raises(KeyError):
            plain.read_part(name)
        with pytest.raises(KeyError):
            docx_loader._read_part(zf, data, name)
        return
    got = plain.read_part(name)
    assert got == zf.read(name)
    # the same key as zipfile's path: the kept part is found by either
    assert len(docx_loader._PARTS) == 1
    assert docx_loader._read_part(zf, data, name) is got
