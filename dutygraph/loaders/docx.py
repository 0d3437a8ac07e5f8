"""Word documents (.docx) via python-docx: paragraphs and tables in document order.

The body XML is walked directly (python-docx's `paragraphs` and `tables` lose the order between
them). Line numbers are ordinals: each paragraph and each table row is one line, counted from 1.
Task tables become numbered items (see table.py); Word's automatic list numbers ("一、", "1.",
"（1）" rendered from numbering.xml, not typed) are put in front of the text, since a reader sees
them. Both are recorded as document-level format notes ("table-row", "list-number").
"""

from __future__ import annotations

import io
import re
import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import LoadError
from ..records import Repair
from . import docx_scan, zipread
from .base import Parsed, RawLine, new_repair, raw_line, runs_compiled
from .table import table_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The qualified names the per-paragraph and per-cell loops compare and look up, made once (`_W + "t"`
# in a loop builds a new 60-character string at each test; compiled as well as in Python).
_P, _TBL, _T, _TAB, _BR, _CR, _R = (_W + n for n in ("p", "tbl", "t", "tab", "br", "cr", "r"))
_TR, _TC, _TC_PR, _GRID_SPAN, _V_MERGE, _VAL = (_W + n for n in ("tr", "tc", "tcPr", "gridSpan", "vMerge", "val"))
_BLOCK_CONTAINERS = (_W + "sdt", _W + "sdtContent", _W + "customXml")
_P_PR, _NUM_PR, _P_STYLE, _NUM_ID, _ILVL = (_W + n for n in ("pPr", "numPr", "pStyle", "numId", "ilvl"))


def parse(data: bytes, *, path: str) -> Parsed:
    fast = _fast_parts(data, path)
    if fast is not None:
        blocks, numbering = fast
        if not isinstance(blocks, list):  # lxml's body element: the scan did not read the document
            blocks = _tree_blocks(blocks)
    else:
        try:
            import docx  # python-docx (imported only when needed: ~50 ms)
            from docx.opc.exceptions import PackageNotFoundError
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise LoadError(f"python-docx is not installed ({exc})", path=path) from None
        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise LoadError(f"not a readable .docx ({type(exc).__name__}: {_stable(exc)})", path=path) from None
        except Exception as exc:  # lxml/zip errors of many kinds on damaged files
            raise LoadError(f"damaged .docx ({type(exc).__name__}: {_stable(exc)})", path=path) from None
        blocks = _tree_blocks(document.element.body)
        numbering = _Numbering.of(document)
    lines: list[RawLine] = []
    repairs: list[Repair] = []
    offset = 0

    def emit(text: str, kind: str = "", note: str = "") -> None:
        nonlocal offset
        number = len(lines) + 1
        lines.append(raw_line(number, text, offset))  # (= RawLine(...), made in C compiled)
        offset += len(text) + 1
        if note:
            repairs.append(new_repair(kind, number, note))  # (= Repair(...))

    for block in blocks:
        if block[0] == "p":
            text = block[1]
            label = numbering.label_of(block[2], block[3], block[4]) if text.strip() else ""
            if label:
                emit(label + text, "list-number", f"list number {label!r} from Word numbering")
            else:
                emit(text)
        else:
            for text, note in table_lines(block[1]):
                emit(text, "table-row", note)
    return Parsed("docx", "docx", lines, repairs, [])


def _tree_blocks(body) -> list[tuple]:
    """The body's paragraphs and tables in order, read from lxml's tree: ("p", text, pStyle, numId,
    ilvl) — the numbering values `_Numbering.label_of` reads: None for an absent element, else its
    w:val ("" when it has none) — and ("tbl", rows). `docx_scan.scan` reads the same from the bytes."""
    out: list[tuple] = []
    for block in _blocks(body):
        if block.tag == _P:
            out.append(("p", _paragraph_text(block), *_label_values(block)))
        else:
            out.append(("tbl", _table_rows(block)))
    return out


def _label_values(p) -> tuple[str | None, str | None, str | None]:
    """(pStyle's w:val, numId's, ilvl's) of paragraph `p`'s first pPr, each None when its element is
    absent ("" when the element has no w:val)."""
    style = nid = lv = None
    ppr = _child(p, _P_PR)
    if ppr is not None:
        st = _child(ppr, _P_STYLE)
        if st is not None:
            style = st.get(_VAL, "")
        num_pr = _child(ppr, _NUM_PR)
        if num_pr is not None:
            el = _child(num_pr, _NUM_ID)
            if el is not None:
                nid = el.get(_VAL, "")
            el = _child(num_pr, _ILVL)
            if el is not None:
                lv = el.get(_VAL, "")
    return style, nid, lv


# ------------------------------------------------------------------ the package, read directly

# word/document.xml is read by `docx_scan.scan` when that module runs compiled (one pass over the bytes
# in C, ~10x faster than lxml's parse and the tree walk); as Python, its byte loop would be slower than
# lxml, which then reads every document (the two give the same blocks: tests/test_loaders_docx_scan.py).
_SCAN = runs_compiled(docx_scan.scan)

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
_CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"


def _fast_parts(data: bytes, path: str):
    """(the body's blocks — `docx_scan.scan`'s list, or lxml's body element —, _Numbering) read straight
    from the zip, or None to take python-docx's path.

    python-docx parses every XML part of the package up front (styles.xml and friends are most of
    the bytes: ~350 KB in Word's default template against a few KB of text). This reads the same
    parts (every part reachable from the package relationships, so a missing or CRC-damaged part
    still fails), parses only the main document, numbering.xml, and styles.xml when a style can
    carry a list number, with python-docx's own parser settings. Anything unusual (not a zip,
    a missing part or content type, several parts of one kind, another root element) returns None
    and python-docx reads the file — and reports its error — exactly as before."""
    try:
        from lxml import etree

        parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
        with _open_zip(data) as zf:
            blob = _read_part(zf, data, "[Content_Types].xml")
            hit = _READINGS.get(("types", blob))
            if hit is None:
                types = etree.fromstring(blob, parser)
                defaults = {d.get("Extension", "").lower(): d.get("ContentType") for d in types.iterchildren(_CT + "Default")}
                overrides = {o.get("PartName", "").lower(): o.get("ContentType") for o in types.iterchildren(_CT + "Override")}
                hit = _keep_reading(("types", blob), (defaults, overrides))
            defaults, overrides = hit  # (shared with other documents: only read)

            def content_type(partname: str) -> str:
                hit = overrides.get(partname.lower())
                if hit is None:
                    hit = defaults[posixpath.splitext(partname)[1][1:].lower()]
                return hit

            def rels_of(partname: str) -> list[tuple[str, str]]:
                """(type, target part name) of the internal relationships of a part ("/" = package)."""
                member = _RELS_MEMBERS.get(partname)
                if member is None:
                    member = _rels_member(partname)
                if member not in zf.NameToInfo:  # (= zf.getinfo's KeyError, without raising one: most parts)
                    return []
                try:
                    blob = _read_part(zf, data, member)
                except KeyError:
                    return []
                hit = _READINGS.get((partname, blob))
                if hit is not None:
                    return hit
                out = []
                for rel in etree.fromstring(blob, parser).iterchildren(_REL + "Relationship"):
                    rel.attrib["Id"]  # noqa: B018 - python-docx requires it
                    if rel.get("TargetMode", "Internal") == "External":
                        continue
                    target = posixpath.abspath(posixpath.join(posixpath.dirname(partname) if partname != "/" else "/", rel.attrib["Target"]))
                    out.append((rel.attrib["Type"], target))
                return _keep_reading((partname, blob), tuple(out))

            blobs: dict[str, bytes] = {}
            rels: dict[str, list[tuple[str, str]]] = {"/": rels_of("/")}
            todo = [t for _, t in rels["/"]]
            while todo:
                partname = todo.pop()
                if partname in blobs:
                    continue
                content_type(partname)  # python-docx needs one for every part
                blobs[partname] = _read_part(zf, data, partname[1:])
                rels[partname] = rels_of(partname)
                todo.extend(t for _, t in rels[partname])

        def related(source: str, reltype: str) -> str | None:
            hits = [t for ty, t in rels[source] if ty == _RT + reltype]
            if len(hits) > 1:
                raise ValueError("several relationships of one type")
            return hits[0] if hits else None

        main = related("/", "officeDocument")
        if main is None or content_type(main) != _CT_DOCUMENT:
            return None
        blocks = docx_scan.scan(blobs[main]) if _SCAN else None
        if blocks is None:  # (lxml's tree: what the scan does not read, and every damaged document)
            root = etree.fromstring(blobs[main], parser)
            body = root.find(_W + "body") if root.tag == _W + "document" else None
            if body is None:
                return None
            blocks = body  # (walked by `parse`, as python-docx's body is)
        numbering_name = related(main, "numbering")
        styles_name = related(main, "styles")
        numbering_levels = styles_el = None  # (the levels are shared with other documents: only read)
        if numbering_name is not None:
            if content_type(numbering_name) != _CT_NUMBERING:
                return None
            blob = blobs[numbering_name]
            numbering_levels = _READINGS.get(("numbering", blob))
            if numbering_levels is None:
                numbering_levels = _keep_reading(("numbering", blob), _Numbering.levels_of(etree.fromstring(blob, parser)))
        if styles_name is not None:
            if content_type(styles_name) != _CT_STYLES:
                return None
            blob = blobs[styles_name]
            # only styles with a numPr matter, only when there is numbering to render, and only
            # once a paragraph names a style (Word's default styles.xml is ~350 KB of XML)
            if numbering_levels is not None and _may_number(blob):
                def styles_el(blob: bytes = blob):
                    try:
                        return etree.fromstring(blob, parser)
                    except Exception as exc:  # as python-docx reports a damaged part
                        raise LoadError(f"damaged .docx ({type(exc).__name__}: {exc})", path=path) from None
        return blocks, _Numbering.from_levels(numbering_levels, styles_el)
    except Exception:  # python-docx reads it and names the problem
        return None


# Parts read before, by everything `zf.read` looks at: the member's fields in the central directory
# and its bytes in the file — the local header (30 bytes, then its name and extra field) and the
# compressed data after it. A template's parts (styles.xml and stylesWithEffects.xml: ~800 KB of
# XML in Word's default one; settings, theme, fonts, relationships: ~15 small parts) recur byte
# for byte in every document made from it: the same bytes and fields give the same checks (header,
# name, flags, CRC) and the same data, so a part read before without error is neither opened nor
# inflated again (zipfile's reading is Python code: ~40 µs a part before any inflating). Parts
# that fail are never kept (the next read fails as before). Bounded: cleared when full. Keyed by the
# fields and the stored bytes' length; the value holds those bytes (a copy made when the part is first
# read) and the part: on a hit they are compared with the file's in place (`_kept_part`), so a read
# neither copies nor hashes them. Another part with the same fields and length replaces the entry.
_PARTS: dict[tuple[object, ...], tuple[bytes, bytes]] = {}
_PARTS_SIZE = [0]
_PARTS_MAX = 16 << 20  # bytes kept (parts and the keys' copies of their compressed bytes)


def _read_part(zf: zipfile.ZipFile | _PlainZip, data: bytes, name: str) -> bytes:
    """`zf.read(name)` (`zf` reads `data`): the same bytes and the same errors."""
    if zf.__class__ is _PlainZip:
        return zf.read_part(name)
    info = zf.getinfo(name)
    at = info.header_offset
    end = at + 30 + int.from_bytes(data[at + 26 : at + 28], "little") \
        + int.from_bytes(data[at + 28 : at + 30], "little") + info.compress_size
    # (_end_offset: where newer zipfile versions stop a member from overlapping the next one)
    end_offset = getattr(info, "_end_offset", None)
    key = (info.orig_filename, info.flag_bits, info.compress_type, info.CRC, info.compress_size, info.file_size,
           None if end_offset is None else end_offset - at, zf.metadata_encoding, end - at)
    blob = _kept_part(key, data, at, end)
    if blob is None:
        blob = zf.read(info)
        _keep_part(key, data[at:end], blob, end - at)
    return blob


def _kept_part(key: tuple[object, ...], data: bytes, at: int, end: int) -> bytes | None:
    """The part kept under `key` when the stored bytes kept with it are `data[at:end]`, else None
    (compared in place: no slice of `data`)."""
    hit = _PARTS.get(key)
    if hit is None:
        return None
    stored = hit[0]
    if 0 <= at <= end <= len(data):
        same = end - at == len(stored) and data.startswith(stored, at)
    else:  # (an offset outside the file: the slice's own answer)
        same = data[at:end] == stored
    return hit[1] if same else None


def _keep_part(key: tuple[object, ...], stored: bytes, blob: bytes, size_stored: int) -> None:
    size = len(blob) + size_stored
    if _PARTS_SIZE[0] + size > _PARTS_MAX:
        _PARTS.clear()
        _READINGS.clear()
        _PARTS_SIZE[0] = 0
    _PARTS[key] = (stored, blob)
    _PARTS_SIZE[0] += size


# Word's zip read by `zipread` when it runs compiled (its byte loops as Python would be slower than
# zipfile's struct reads). What that requires: zipread answers only where this zipfile reads the same
# bytes without error, refusing all it refuses — overlapping members included (CVE-2024-0450's check,
# in the zipfile whose `ZipInfo` has `_end_offset`: 3.11.8+, 3.12.2+, Debian's 3.11.2; zipread applies
# it on every Python) — pinned on the interpreter running by tests/test_loaders_zipread.py.
_ZIP_PLAIN = runs_compiled(zipread.directory)
_ZIP_END_OFFSET = "_end_offset" in zipfile.ZipInfo.__slots__  # (this zipfile has the check: `_read_part`'s key)


def _open_zip(data: bytes) -> zipfile.ZipFile | _PlainZip:
    """`zipfile.ZipFile(io.BytesIO(data))`, or for the plain layout `zipread.directory` reads, a
    `_PlainZip` giving the same members and bytes."""
    if _ZIP_PLAIN:
        entries = zipread.directory(data)
        if entries is not None:
            return _PlainZip(data, entries)
    return zipfile.ZipFile(io.BytesIO(data))


class _PlainZip:
    """What `_fast_parts` asks of a `zipfile.ZipFile` over `data`, for an archive `zipread.directory`
    read: `NameToInfo` (its members by name: `zipread`'s fields, the names zipfile gives) and
    `read_part` (`_read_part`: `zipread.member`, else zipfile's read — a member `zipread` is unsure of;
    zipfile then reads the archive itself, its answer or its error as before)."""

    __slots__ = ("NameToInfo", "data", "_zf")

    def __init__(self, data: bytes, entries: dict[str, tuple[int, int, int, int, int, int, int, int]]) -> None:
        self.NameToInfo = entries
        self.data = data
        self._zf: zipfile.ZipFile | None = None

    def __enter__(self) -> _PlainZip:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zf is not None:
            self._zf.close()

    def read_part(self, name: str) -> bytes:
        """`_read_part(zipfile.ZipFile(io.BytesIO(data)), data, name)`: kept in `_PARTS` by the same key
        (zipfile's fields of the member are `zipread`'s: its name, flags, compression, CRC, sizes and
        `_end_offset` where zipfile has it; no metadata encoding)."""
        data = self.data
        entry = self.NameToInfo[name]  # (KeyError, as zf.getinfo)
        at = entry[0]
        end = at + 30 + int.from_bytes(data[at + 26 : at + 28], "little") \
            + int.from_bytes(data[at + 28 : at + 30], "little") + entry[4]
        key = (name, entry[1], entry[2], entry[3], entry[4], entry[5], entry[7] - at if _ZIP_END_OFFSET else None,
               None, end - at)
        blob = _kept_part(key, data, at, end)
        if blob is None:
            blob = zipread.member(data, name, entry)
            if blob is None:
                if self._zf is None:
                    self._zf = zipfile.ZipFile(io.BytesIO(data))
                blob = self._zf.read(name)
            _keep_part(key, data[at:end], blob, end - at)
        return blob


def _rels_member(partname: str) -> str:
    """The zip member holding the relationships of part `partname` ("/word/document.xml" ->
    "word/_rels/document.xml.rels"; "/" -> "_rels/.rels"), kept in `_RELS_MEMBERS` (a package's part
    names recur in every document made from one template)."""
    base, name = posixpath.split(partname)
    member = posixpath.join(base, "_rels", name + ".rels")[1:]
    if len(_RELS_MEMBERS) >= 4096:
        _RELS_MEMBERS.clear()
    _RELS_MEMBERS[partname] = member
    return member


_RELS_MEMBERS: dict[str, str] = {}


# What `_fast_parts` read from a kept part's bytes (the content types; a part's relationships, by
# the part's name and its .rels bytes): pure functions of them, kept while the parts are.
_READINGS: dict[tuple[str, bytes], object] = {}


def _may_number(styles: bytes) -> bool:
    """`b"numPr" in styles`, kept in `_READINGS` by the part's bytes: a template's styles.xml (~350 KB)
    is the same object (`_PARTS`) in every document made from it, its hash cached, so the kept answer
    costs a lookup instead of a scan of the whole part a document."""
    key = ("numPr", styles)
    hit = _READINGS.get(key)
    if hit is None:
        hit = _keep_reading(key, b"numPr" in styles)
    return hit  # type: ignore[return-value]


def _keep_reading(key: tuple[str, bytes], value):
    if len(_READINGS) > 4096:
        _READINGS.clear()
    _READINGS[key] = value
    return value


def _blocks(parent):
    """w:p and w:tbl in order, looking through content controls (w:sdt) and their content."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _P or tag == _TBL:
            yield child
        elif tag in _BLOCK_CONTAINERS:
            yield from _blocks(child)


def _paragraph_text(p, *, br: str = " ") -> str:
    """Text of a paragraph: runs, tabs and breaks, hyperlinks and field results included.
    A line break is a space in prose; in a table cell it separates items (`br="\\n"`)."""
    parts: list[str] = []
    # every descendant, its tag compared here: `p.iter(<the five tags>)` sets up a tag
    # matcher per call (~0.7 us a tag name, more than the walk over a plain paragraph's few elements)
    for el in p.iter():
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _TAB:
            parent = el.getparent()
            if parent is not None and parent.tag == _R:  # not a tab stop definition
                parts.append("\t")
        elif tag == _BR or tag == _CR:
            parts.append(br)
        # w:delText is deleted text (tracked changes): left out; so are other elements, comments
        # and processing instructions (whose tag is no string)
    return "".join(parts)


def _child(el, tag: str):
    """`el.find(tag)` for a qualified tag name: the first child element with that tag, or None (lxml's
    find goes through its ElementPath parser first: ~3x the time of this loop over the children)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _table_rows(tbl) -> list[list[str]]:
    """Cell texts per row on the table grid: a horizontally merged cell (gridSpan) fills its
    columns, a vertically merged continuation (vMerge without restart) repeats the cell above
    (the grid is filled by `docx_scan._rows`, which the scan's reading shares)."""
    cells_of_rows: list[list[tuple[int, bool, list[str]]]] = []
    for tr in tbl.iterchildren(_TR):
        cells: list[tuple[int, bool, list[str]]] = []
        for tc in tr.iterchildren(_TC):
            props = _child(tc, _TC_PR)
            span = 1
            vmerge_continue = False
            if props is not None:
                gs = _child(props, _GRID_SPAN)
                if gs is not None:
                    span = docx_scan._span(gs.get(_VAL))
                vm = _child(props, _V_MERGE)
                if vm is not None and vm.get(_VAL, "continue") != "restart":
                    vmerge_continue = True
            cells.append((span, vmerge_continue, [_paragraph_text(p, br="\n") for p in tc.iter(_P)]))
        cells_of_rows.append(cells)
    return docx_scan._rows(cells_of_rows)


# ------------------------------------------------------------------ automatic list numbers

_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


_CHINESE_FORMATS = frozenset(
    "chineseCounting chineseCountingThousand ideographDigital taiwaneseCounting "
    "taiwaneseCountingThousand".split()
)


def _format(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" and n < 10 else str(n)
    if fmt in _CHINESE_FORMATS:
        return _chinese(n)
    if fmt == "ideographTraditional":  # the heavenly stems 甲乙丙…
        return "甲乙丙丁戊己庚辛壬癸"[n - 1] if 1 <= n <= 10 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    return None  # bullet, none, and formats we do not render


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass(slots=True)
class _Numbering:
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    pending_styles: Callable[[], object] | None = None  # styles.xml not parsed yet

    @classmethod
    def of(cls, document) -> _Numbering:
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        try:
            styles = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        return cls.from_elements(numbering, styles)

    @classmethod
    def from_elements(cls, numbering, styles) -> _Numbering:
        """From the w:numbering and w:styles elements (either may be None)."""
        return cls.from_levels(None if numbering is None else cls.levels_of(numbering), styles)

    @classmethod
    def from_levels(cls, levels: dict[str, dict[int, _Level]] | None, styles) -> _Numbering:
        """From `levels_of` the w:numbering element (None: there is none) and the w:styles element."""
        self = cls()
        if levels is None:
            return self
        self.levels = levels  # (only read: the counters are this document's own)
        if callable(styles):
            self.pending_styles = styles  # parsed when a paragraph first names a style
        elif styles is not None:
            self._read_styles(styles)
        return self

    @staticmethod
    def levels_of(numbering) -> dict[str, dict[int, _Level]]:
        """numId -> ilvl -> level, from the w:numbering element."""
        out: dict[str, dict[int, _Level]] = {}
        abstract: dict[str, dict[int, _Level]] = {}
        for an in numbering.iterchildren(_W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in an.iterchildren(_W + "lvl"):
                levels[_int(lvl.get(_W + "ilvl"))] = _level(lvl)
            abstract[an.get(_W + "abstractNumId", "")] = levels
        for num in numbering.iterchildren(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            levels = dict(abstract.get(ref.get(_W + "val", "") if ref is not None else "", {}))
            for ov in num.iterchildren(_W + "lvlOverride"):
                ilvl = _int(ov.get(_W + "ilvl"))
                lvl = ov.find(_W + "lvl")
                base = _level(lvl) if lvl is not None else levels.get(ilvl, _Level())
                so = ov.find(_W + "startOverride")
                if so is not None:
                    base = _Level(_int(so.get(_W + "val"), 1), base.fmt, base.text)
                levels[ilvl] = base
            out[num.get(_W + "numId", "")] = levels
        return out

    def _read_styles(self, styles) -> None:
        if styles is not None:
            for st in styles.iterchildren(_W + "style"):
                num_pr = st.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    nid = num_pr.find(_W + "numId")
                    ilvl = num_pr.find(_W + "ilvl")
                    if nid is not None:
                        self.style_num[st.get(_W + "styleId", "")] = (
                            nid.get(_W + "val", ""),
                            _int(ilvl.get(_W + "val") if ilvl is not None else None),
                        )

    def label(self, p) -> str:
        """The rendered list number of paragraph `p` ("" when it has none), advancing counters."""
        return self.label_of(*_label_values(p))

    def label_of(self, style: str | None, nid: str | None, lv: str | None) -> str:
        """`label` of a paragraph whose first pPr holds these (`_label_values`: pStyle's, numId's and
        ilvl's w:val; None where the element is absent)."""
        if not self.levels:
            return ""
        num_id, ilvl = "", 0
        if style is not None and self.pending_styles is not None:
            pending, self.pending_styles = self.pending_styles, None
            self._read_styles(pending())
        if style is not None and style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if nid is not None:
            num_id = nid
        if lv is not None:
            ilvl = _int(lv)
        levels = self.levels.get(num_id)
        if not num_id or num_id == "0" or not levels or ilvl not in levels:
            return ""
        if _format(1, levels[ilvl].fmt) is None:
            return ""  # bullets and "none": no number a reader could cite
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        out = levels[ilvl].text
        for k in range(ilvl, -1, -1):
            token = f"%{k + 1}"
            if token in out:
                lvl = levels.get(k, _Level())
                shown = _format(counters.get(k, lvl.start), lvl.fmt)
                if shown is None:
                    return ""
                out = out.replace(token, shown)
        return out


def _int(v: str | None, default: int = 0) -> int:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


def _level(lvl) -> _Level:
    start = lvl.find(_W + "start")
    fmt = lvl.find(_W + "numFmt")
    text = lvl.find(_W + "lvlText")
    return _Level(
        _int(start.get(_W + "val") if start is not None else None, 1),
        fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
        text.get(_W + "val", "") if text is not None else "",
    )


_ADDRESS = re.compile(r"<([\w.]+) object at 0x[0-9a-fA-F]+>")


def _stable(exc: BaseException) -> str:
    """The exception's message without memory addresses ("<_io.BytesIO object at 0x7f…>" → "<_io.BytesIO>"),
    so the same bad file gives the same error line on every run."""
    return _ADDRESS.sub(r"<\1>", str(exc))
