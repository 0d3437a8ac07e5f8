"""The direct package read of .docx (loaders/docx.py `_fast_parts`) gives what python-docx gives.

`parse` reads word/document.xml and numbering.xml straight from the zip and parses styles.xml
only once a paragraph names a style; python-docx (which parses every XML part up front) is the
reference: same lines, same repairs, and on damaged files the same one-line error (the direct
read steps aside and python-docx reports it). No timings.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutygraph.errors import LoadError
from dutygraph.loaders import docx as docx_loader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _both(data: bytes, monkeypatch) -> tuple[object, object]:
    """(fast result or error text, python-docx result or error text)."""

    def run():
        try:
            return docx_loader.parse(data, path="f.docx")
        except LoadError as exc:  # python-docx names the stream by its address: not compared
            return ("error", re.sub(r" at 0x[0-9a-fA-F]+", "", exc.oneline()))
        except Exception as exc:  # a file python-docx opens but that has no body: the same failure
            return ("exception", type(exc).__name__, str(exc))

    fast = run()
    with monkeypatch.context() as m:
        m.setattr(docx_loader, "_fast_parts", lambda data, path: None)
        slow = run()
    return fast, slow


def _numbered_docx(*, styled: bool, table: bool) -> bytes:
    import docx

    d = docx.Document()
    numbering = d.part.numbering_part.element
    style_num = d.styles["List Number"].element.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    num = next(n for n in numbering.iterchildren(f"{W}num") if n.get(f"{W}numId") == style_num)
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = next(a for a in numbering.iterchildren(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id)
    lvl0 = abstract.find(f"{W}lvl")
    lvl0.find(f"{W}numFmt").set(f"{W}val", "chineseCounting")
    lvl0.find(f"{W}lvlText").set(f"{W}val", "%1、")
    d.add_paragraph("鸠江区2023年优化营商环境行动方案")
    for title in ["总体要求", "主要任务", "保障措施"]:
        d.add_paragraph(title, style="List Number" if styled else None)
    d.add_paragraph("一个要点", style="List Bullet" if styled else None)
    if table:
        t = d.add_table(rows=2, cols=3)
        for c, h in enumerate(["主要任务", "牵头单位", "完成时限"]):
            t.cell(0, c).text = h
        t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "推广电子证照应用。", "区数管局", "长期坚持"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("styled", [True, False])
@pytest.mark.parametrize("table", [True, False])
def test_fast_read_equals_python_docx(styled, table, monkeypatch):
    data = _numbered_docx(styled=styled, table=table)
    fast, slow = _both(data, monkeypatch)
    assert docx_loader._fast_parts(data, "f.docx") is not None  # the direct read was taken
    assert fast == slow
    if styled:
        assert [ln.text for ln in fast.lines][1:4] == ["一、总体要求", "二、主要任务", "三、保障措施"]


def _rezip(data: bytes, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            blob = change(info.filename, src.read(info.filename))
            if blob is not None:
                z.writestr(info.filename, blob)
    return out.getvalue()


@pytest.mark.parametrize(
    "change",
    [
        lambda n, b: None if n == "word/numbering.xml" else b,  # a related part missing
        lambda n, b: None if n == "word/styles.xml" else b,
        lambda n, b: None if n == "word/document.xml" else b,
        lambda n, b: None if n == "[Content_Types].xml" else b,
        lambda n, b: None if n == "_rels/.rels" else b,
        lambda n, b: b.replace(b"<w:body>", b"<w:bodyx>").replace(b"</w:body>", b"</w:bodyx>") if n == "word/document.xml" else b,
        lambda n, b: b[: len(b) // 2] if n == "word/document.xml" else b,  # cut-off XML
        lambda n, b: b.replace(b"main+xml", b"main+xmlx") if n == "[Content_Types].xml" else b,
        lambda n, b: None if n == "word/_rels/document.xml.rels" else b,
    ],
)
def test_damaged_packages_read_or_fail_as_python_docx_does(change, monkeypatch):
    data = _rezip(_numbered_docx(styled=True, table=True), change)
    fast, slow = _both(data, monkeypatch)
    assert fast == slow


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10**9), count=st.integers(min_value=1, max_value=8),
       junk=st.binary(min_size=1, max_size=4))
def test_byte_damaged_docx_reads_or_fails_as_python_docx_does(monkeypatch, seed, count, junk):
    import random

    data = bytearray(_DOCX)
    rnd = random.Random(seed)
    for _ in range(count):
        at = rnd.randrange(len(data))
        data[at : at + len(junk)] = junk
    fast, slow = _both(bytes(data), monkeypatch)
    assert fast == slow


_DOCX = _numbered_docx(styled=True, table=True)


def test_a_part_read_before_is_reused_and_its_damaged_copy_still_fails(monkeypatch):
    # every part is read once (docx._PARTS, by its directory fields and its bytes in the file); a
    # copy whose compressed bytes or local header differ (one byte) is read again and fails as
    # python-docx fails
    data = _numbered_docx(styled=True, table=True)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/styles.xml")
    at = info.header_offset
    start = at + 30 + int.from_bytes(data[at + 26 : at + 28], "little") + int.from_bytes(data[at + 28 : at + 30], "little")
    docx_loader._PARTS.clear()
    docx_loader._READINGS.clear()
    # (and the count of the bytes kept, as `_keep_part` resets it with the dicts: left as earlier tests
    # made it, near `_PARTS_MAX`, this file's parts would empty `_PARTS` while it is read)
    docx_loader._PARTS_SIZE[0] = 0
    first = docx_loader.parse(data, path="f.docx")
    kept = dict(docx_loader._PARTS)
    # (kept by the fields and the stored bytes' length, the bytes beside the part)
    assert (start + info.compress_size - at, data[at : start + info.compress_size]) in [
        (key[-1], stored) for key, (stored, _) in kept.items()
    ]
    assert len(kept) == len(zipfile.ZipFile(io.BytesIO(data)).infolist())  # (every part is reachable here)
    inflated: list[str] = []
    read = zipfile.ZipExtFile.read
    with monkeypatch.context() as m:
        m.setattr(zipfile.ZipExtFile, "read", lambda self, n=-1: inflated.append(self.name) or read(self, n))
        again = docx_loader.parse(data, path="f.docx")
    assert [ln.text for ln in again.lines] == [ln.text for ln in first.lines]
    assert again.repairs == first.repairs
    assert inflated == []  # nothing opened or inflated again
    assert docx_loader._PARTS == kept
    for where in (start + info.compress_size // 2, at + 30 + 2):  # the compressed data; the header's name
        damaged = bytearray(data)
        damaged[where] ^= 0x55
        fast, slow = _both(bytes(damaged), monkeypatch)
        assert fast == slow
        assert fast[0] == "error"

def test_numbering_read_before_is_reused_and_another_numbering_is_read(monkeypatch):
    # the list levels read from a numbering.xml are kept by its bytes (docx._READINGS); a document
    # whose numbering differs gets its own labels, and each document counts its items from the start
    data = _numbered_docx(styled=True, table=False)
    other = _rezip(data, lambda n, b: b.replace("%1、".encode(), b"(%1)") if n == "word/numbering.xml" else b)
    docx_loader._READINGS.clear()
    for d, labels in ((data, ["一、", "二、", "三、"]), (other, ["(一)", "(二)", "(三)"]), (data, ["一、", "二、", "三、"])):
        fast, slow = _both(d, monkeypatch)
        assert fast == slow
        assert [ln.text[: len(lab)] for ln, lab in zip(fast.lines[1:4], labels)] == labels
    assert sum(1 for key in docx_loader._READINGS if key[0] == "numbering") == 2


def test_rels_member_is_the_posixpath_form_and_kept(monkeypatch):
    import posixpath

    monkeypatch.setattr(docx_loader, "_RELS_MEMBERS", {})
    for part in ["/", "/word/document.xml", "/word/numbering.xml", "/customXml/item1.xml", "/a/b/c.d.xml", "/x"]:
        base, name = posixpath.split(part)
        want = posixpath.join(base, "_rels", name + ".rels")[1:]
        assert docx_loader._rels_member(part) == want
        assert docx_loader._RELS_MEMBERS[part] == want
    assert docx_loader._rels_member("/") == "_rels/.rels"
    assert docx_loader._rels_member("/word/document.xml") == "word/_rels/document.xml.rels"
    # a package whose parts have no relationships of their own (most of them) reads as before
    data = _rezip(_DOCX, lambda n, b: None if n.endswith(".rels") and n != "_rels/.rels"
                  and n != "word/_rels/document.xml.rels" else b)
    fast, slow = _both(data, monkeypatch)
    assert fast == slow


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=40),
    stored=st.binary(max_size=12),
    at=st.integers(-50, 50),
    length=st.integers(-5, 15),
    same=st.booleans(),
)
def test_kept_part_compares_the_stored_bytes_as_the_slice_key_did(monkeypatch, data, stored, at, length, same):
    # `_kept_part` answers the kept part exactly when the old key's `data[at:end]` equals the bytes kept
    # with it (offsets inside the file compared in place; any other offsets by the slice itself)
    end = at + length
    if same:
        stored = data[at:end]
    monkeypatch.setattr(docx_loader, "_PARTS", {})
    key = ("word/x.xml", 0, 8, 1, length, 3, None, None, length)
    blob = b"<part/>"
    docx_loader._PARTS[key] = (stored, blob)
    got = docx_loader._kept_part(key, data, at, end)
    assert got is (blob if data[at:end] == stored else None)
    assert docx_loader._kept_part(key[:-1] + (length + 1,), data, at, end) is None


def test_a_part_with_the_same_fields_but_other_bytes_is_read_again(monkeypatch):
    # two documents whose styles.xml has the same directory fields (name, CRC, sizes) but other stored
    # bytes: the second is read from its own bytes, not handed the first one's part (the two stored
    # members differ only in a byte zlib never reads — the same CRC, other bytes in the file)
    data = _numbered_docx(styled=True, table=True)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/styles.xml")
    at = info.header_offset
    start = at + 30 + int.from_bytes(data[at + 26 : at + 28], "little") \
        + int.from_bytes(data[at + 28 : at + 30], "little")
    docx_loader._PARTS.clear()
    docx_loader._READINGS.clear()
    first = docx_loader.parse(data, path="f.docx")
    key = next(k for k in docx_loader._PARTS if k[0] == "word/styles.xml")
    stored, part = docx_loader._PARTS[key]
    # the kept entry's bytes made to differ from the file's (as another document's would): a read
    # compares them and reads the member again, getting the same part as a fresh read
    docx_loader._PARTS[key] = (stored[:-1] + bytes([stored[-1] ^ 1]), b"<not the part/>")
    inflated: list[str] = []
    read = zipfile.ZipExtFile.read
    with monkeypatch.context() as m:
        m.setattr(zipfile.ZipExtFile, "read", lambda self, n=-1: inflated.append(self.name) or read(self, n))
        again = docx_loader.parse(data, path="f.docx")
    assert [ln.text for ln in again.lines] == [ln.text for ln in first.lines]
    assert docx_loader._PARTS[key] == (data[at : start + info.compress_size], part)
