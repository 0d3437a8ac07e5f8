"""`docx_scan.scan` (word/document.xml read in one pass over its bytes) gives what lxml's tree and
docx.py's walk give (`docx._tree_blocks`), or None — and then lxml reads the document as before.

The rule pinned here: whenever the scan returns blocks, lxml parses the same bytes (with the loader's
parser settings) and the walk over its body gives the same blocks. Documents are generated from the
elements the walk reads (runs, tabs in and out of runs, breaks, numbering properties, tables with
spans and merges, nested tables, content controls, other namespaces, references, line ends), then
damaged byte by byte; a list of cases the scan leaves to lxml checks that it does. No timings.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from dutygraph.loaders import docx as docx_loader
from dutygraph.loaders import docx_scan

W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_URI + "}"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _tree(blob: bytes):
    """The walk over lxml's tree, or None when lxml refuses the bytes or finds no body."""
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return None
    body = root.find(W + "body") if root.tag == W + "document" else None
    return None if body is None else docx_loader._tree_blocks(body)


def _check(blob: bytes) -> bool:
    """The scan's blocks are the tree's whenever it gives any; True when it did."""
    got = docx_scan.scan(blob)
    if got is None:
        return False
    assert _tree(blob) == got
    return True


def _doc(body: str, *, prefix: str = "w", decl: str = _DECL, extra_ns: str = "") -> bytes:
    p = prefix
    return (
        f'{decl}<{p}:document xmlns:{p}="{W_URI}" xmlns:x="urn:other"{extra_ns}><{p}:body>{body}'
        f"</{p}:body></{p}:document>"
    ).encode()


# ------------------------------------------------------------------ generated documents

_TEXTS = st.sampled_from(
    ["", " ", "  ", "一、总体要求", "推广电子证照应用。", "a &amp; b", "&lt;x&gt;", "&#x4E00;&#20108;",
     "line\r\nend", "cr\ronly", "tab\there", " 前后 ", "&#13;", "&quot;&apos;", "]]", "😀", "x > y", "\xa0",
     "繁體中文"]
)


@st.composite
def _run(draw, p="w"):
    pieces = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["t", "t", "tspace", "tempty", "tab", "br", "cr", "rpr", "other", "del"]))
        text = draw(_TEXTS)
        if kind == "t":
            pieces.append(f"<{p}:t>{text}</{p}:t>")
        elif kind == "tspace":
            pieces.append(f'<{p}:t xml:space="preserve">{text}</{p}:t>')
        elif kind == "tempty":
            pieces.append(f"<{p}:t/>")
        elif kind == "rpr":
            pieces.append(f'<{p}:rPr><{p}:b {p}:val="1"/></{p}:rPr>')
        elif kind == "other":
            pieces.append(f"<x:t>{text}</x:t>")
        elif kind == "del":
            pieces.append(f"<{p}:delText>{text}</{p}:delText>")
        else:
            pieces.append(f"<{p}:{kind}/>")
    return f"<{p}:r>{''.join(pieces)}</{p}:r>"


@st.composite
def _ppr(draw, p="w"):
    parts = []
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["style", "num", "numnoval", "ilvlonly", "jc"]))
        val = draw(st.sampled_from(["1", "2", "0", "", "x", " 1", "List Number"]))
        if kind == "style":
            parts.append(f'<{p}:pStyle {p}:val="{val}"/>')
        elif kind == "num":
            parts.append(f'<{p}:numPr><{p}:ilvl {p}:val="{val}"/><{p}:numId {p}:val="{val}"/></{p}:numPr>')
        elif kind == "numnoval":
            parts.append(f"<{p}:numPr><{p}:numId/><{p}:ilvl/></{p}:numPr>")
        elif kind == "ilvlonly":
            parts.append(f'<{p}:numPr><{p}:ilvl {p}:val="{val}"/></{p}:numPr>')
        else:
            parts.append(f'<{p}:jc {p}:val="{val}"/>')
    return f"<{p}:pPr>{''.join(parts)}</{p}:pPr>" if parts or draw(st.booleans()) else ""


@st.composite
def _paragraph(draw, p="w"):
    inner = draw(_ppr(p)) if draw(st.booleans()) else ""
    for _ in range(draw(st.integers(0, 3))):
        r = draw(_run(p))
        wrap = draw(st.sampled_from(["", "", "hyperlink", "ins", "tabdirect"]))
        if wrap == "hyperlink":
            r = f'<{p}:hyperlink x:id="1">{r}</{p}:hyperlink>'
        elif wrap == "ins":
            r = f"<{p}:ins>{r}</{p}:ins>"
        elif wrap == "tabdirect":
            r = f"<{p}:tab/>{r}"
        inner += r
    if draw(st.booleans()) and inner:
        inner += draw(_ppr(p))  # a second pPr: only the first is read
    return f"<{p}:p>{inner}</{p}:p>" if inner or draw(st.booleans()) else f"<{p}:p/>"


@st.composite
def _table(draw, p="w", depth=0):
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        cells = []
        for _ in range(draw(st.integers(0, 3))):
            props = ""
            if draw(st.booleans()):
                gs = draw(st.sampled_from(["", f'<{p}:gridSpan {p}:val="2"/>', f"<{p}:gridSpan/>",
                                           f'<{p}:gridSpan {p}:val="x"/>', f'<{p}:gridSpan {p}:val="99"/>']))
                vm = draw(st.sampled_from(["", f"<{p}:vMerge/>", f'<{p}:vMerge {p}:val="restart"/>',
                                           f'<{p}:vMerge {p}:val="continue"/>']))
                props = f'<{p}:tcPr><{p}:tcW {p}:type="dxa" {p}:w="1728"/>{gs}{vm}</{p}:tcPr>'
            content = "".join(draw(st.lists(_paragraph(p), max_size=2)))
            if depth == 0 and draw(st.integers(0, 5)) == 0:
                content += draw(_table(p, depth + 1))
            cells.append(f"<{p}:tc>{props}{content}</{p}:tc>" if props or content else f"<{p}:tc/>")
        if draw(st.integers(0, 6)) == 0:
            cells.append(f"<{p}:sdt><{p}:sdtContent><{p}:tc><{p}:p><{p}:r><{p}:t>skipped</{p}:t></{p}:r></{p}:p>"
                         f"</{p}:tc></{p}:sdtContent></{p}:sdt>")
        rows.append(f"<{p}:tr>{''.join(cells)}</{p}:tr>")
    return f"<{p}:tbl><{p}:tblPr/>{''.join(rows)}</{p}:tbl>"


@st.composite
def _body(draw, p="w"):
    blocks = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["p", "p", "tbl", "sdt", "sect", "bookmark"]))
        if kind == "p":
            blocks.append(draw(_paragraph(p)))
        elif kind == "tbl":
            blocks.append(draw(_table(p)))
        elif kind == "sdt":
            blocks.append(f"<{p}:sdt><{p}:sdtPr/><{p}:sdtContent>{draw(_paragraph(p))}{draw(_table(p))}"
                          f"</{p}:sdtContent></{p}:sdt>")
        elif kind == "sect":
            blocks.append(f'<{p}:sectPr><{p}:pgSz {p}:w="11906"/></{p}:sectPr>')
        else:
            blocks.append(f'<{p}:bookmarkStart {p}:id="0" {p}:name="x"/>')
    sep = draw(st.sampled_from(["", "\n", "\r\n  "]))
    return sep.join(blocks)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_body(), st.sampled_from(["w", "ns0"]))
def test_scan_gives_the_trees_blocks_on_generated_documents(body, prefix):
    if prefix != "w":
        body = body.replace("<w:", f"<{prefix}:").replace("</w:", f"</{prefix}:").replace(" w:", f" {prefix}:")
    blob = _doc(body, prefix=prefix)
    assert _check(blob)  # plain documents of the subset: the scan reads them


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_body(), st.data())
def test_damaged_documents_are_read_as_lxml_reads_them_or_left_to_it(body, data):
    blob = bytearray(_doc(body))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(blob) - 1))
        how = data.draw(st.sampled_from(["drop", "insert", "replace"]))
        byte = data.draw(st.sampled_from(b"<>/&;:\"'= \x00\x01\r\n]\xe4\xbf\xef\xedwpxt#"))
        if how == "drop":
            del blob[at]
        elif how == "insert":
            blob.insert(at, byte)
        else:
            blob[at] = byte
    _check(bytes(blob))


# ------------------------------------------------------------------ what the scan leaves to lxml

_LEFT_TO_LXML = {
    "comment": _doc("<!-- c --><w:p/>"),
    "processing instruction": _doc("<?pi x?><w:p/>"),
    "cdata": _doc("<w:p><w:r><w:t><![CDATA[x]]></w:t></w:r></w:p>"),
    "doctype": b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE d><d/>',
    "no declaration": _doc("<w:p/>", decl=""),
    "utf-16 declared": _doc("<w:p/>", decl='<?xml version="1.0" encoding="UTF-16"?>'),
    "default namespace": _doc("<w:p/>", extra_ns=' xmlns="urn:d"'),
    "undeclared prefix": _doc("<q:p/>"),
    "declaration below the root": _doc('<w:p xmlns:q="urn:q"/>'),
    "duplicate attribute": _doc('<w:p w:a="1" w:a="2"/>'),
    "duplicate by namespace": _doc('<w:p w:a="1" v:a="2"/>', extra_ns=f' xmlns:v="{W_URI}"'),
    "duplicate declaration": _doc("<w:p/>", extra_ns=' xmlns:x="urn:again"'),
    "namespace no URI": _doc("<w:p/>", extra_ns=' xmlns:v="a b"'),
    "empty namespace": _doc("<w:p/>", extra_ns=' xmlns:v=""'),
    "]]> in text": _doc("<w:p><w:r><w:t>a]]>b</w:t></w:r></w:p>"),
    "control character": _doc("<w:p><w:r><w:t>a\x01b</w:t></w:r></w:p>"),
    "U+FFFF": _doc("<w:p><w:r><w:t>a\uffffb</w:t></w:r></w:p>"),
    "bad UTF-8": _doc("<w:p><w:r><w:t>ab</w:t></w:r></w:p>").replace(b"ab", b"a\xe4\xb8b"),
    "surrogate bytes": _doc("<w:p><w:r><w:t>ab</w:t></w:r></w:p>").replace(b"ab", b"a\xed\xa0\x80b"),
    "undefined entity": _doc("<w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p>"),
    "character reference to no character": _doc("<w:p><w:r><w:t>&#1;</w:t></w:r></w:p>"),
    "mismatched end tag": _doc("<w:p><w:r></w:p></w:r>"),
    "text after the root": _doc("<w:p/>") + b"x",
    "a second root": _doc("<w:p/>") + b"<w:document/>",
    "paragraph in a paragraph": _doc("<w:p><w:r><w:pict><w:p/></w:pict></w:r></w:p>"),
    "element in a w:t": _doc("<w:p><w:r><w:t>a<w:b/>c</w:t></w:r></w:p>"),
    "no white space between attributes": _doc('<w:p w:a="1"w:b="2"/>'),
    "< in an attribute": _doc('<w:p w:a="<"/>'),
    "unclosed": _doc("<w:p>")[: -len("</w:body></w:document>")],
    "too deep": _doc("<w:p>" + "<w:r>" * 200 + "</w:r>" * 200 + "</w:p>"),
    "no body": f'{_DECL}<w:document xmlns:w="{W_URI}"><w:x/></w:document>'.encode(),
    "another root": f'{_DECL}<w:doc xmlns:w="{W_URI}"><w:body/></w:doc>'.encode(),
}


@pytest.mark.parametrize("case", sorted(_LEFT_TO_LXML))
def test_what_the_scan_does_not_read_is_left_to_lxml(case):
    assert docx_scan.scan(_LEFT_TO_LXML[case]) is None


def test_references_line_ends_and_attribute_values_are_read_as_lxml_reports_them():
    body = (
        '<w:p><w:pPr><w:pStyle w:val="a&amp;b&#9;c\td\r\ne"/><w:numPr><w:numId w:val=" 7 "/><w:ilvl/></w:numPr>'
        "</w:pPr><w:r><w:t>x&#13;y\r\nz\rw &lt;&#x1F600;&gt;</w:t><w:tab/></w:r><w:tab/><w:br/></w:p>"
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="&#51;"/></w:tcPr><w:p><w:r><w:t>a</w:t><w:br/>'
        "<w:t>b</w:t></w:r></w:p><w:p/><w:p><w:r><w:t> c </w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
        "</w:tc></w:tr></w:tbl>"
    )
    blob = _doc(body)
    assert _check(blob)
    p, tbl = docx_scan.scan(blob)
    assert p == ("p", "x\ry\nz\nw <\U0001F600>\t ", "a&b\tc d e", " 7 ", "")  # (a w:tab outside a run: nothing)
    assert tbl == ("tbl", [["a\nb\nc", "a\nb\nc", "a\nb\nc"], ["a\nb\nc", ""]])


# ------------------------------------------------------------------ whole files, both readers


def _docx(xml: bytes) -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_body())
def test_parse_gives_the_same_lines_by_the_scan_and_by_lxml(body):
    data = _docx(_doc(body))
    saved = docx_loader._SCAN
    try:
        docx_loader._SCAN = True
        by_scan = docx_loader.parse(data, path="f.docx")
        docx_loader._SCAN = False
        by_tree = docx_loader.parse(data, path="f.docx")
    finally:
        docx_loader._SCAN = saved
    assert by_scan == by_tree


def test_the_scan_reads_documents_python_docx_writes():
    from test_loaders_docx_fast import _numbered_docx

    for styled in (True, False):
        for table in (True, False):
            blob = zipfile.ZipFile(io.BytesIO(_numbered_docx(styled=styled, table=table))).read("word/document.xml")
            assert _check(blob)


def test_the_loader_scans_only_when_compiled():
    from dutygraph.loaders.base import runs_compiled

    assert docx_loader._SCAN == runs_compiled(docx_scan.scan)


def _tabbed_docx() -> bytes:
    """Word's tab key between units in a run (python-docx `add_tab`: <w:r><w:tab/></w:r>), in a paragraph and a
    cell; and a tab stop definition (w:pPr/w:tabs/w:tab), which is not text."""
    import docx
    from docx.shared import Cm

    d = docx.Document()
    d.add_paragraph("一、优化政务服务")
    p = d.add_paragraph("1．推行“一网通办”。（责任单位：")
    p.add_run().add_tab()
    p.add_run("市政务服务数据管理局")
    p.add_run().add_tab()
    p.add_run("市发展改革委）")
    p.paragraph_format.tab_stops.add_tab_stop(Cm(3))
    cell = d.add_table(rows=1, cols=2).cell(0, 0).paragraphs[0]
    cell.add_run("市财政局")
    cell.add_run().add_tab()
    cell.add_run("市税务局")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("scan", [True, False])
def test_a_tab_in_a_run_is_a_tab_by_both_readers(scan):
    """A w:tab in a run separated the units it stands between: it was dropped ("市政务服务数据管理局市发展改革委"
    read as one name) while docx.py's name for w:r was rebound to the relationships namespace."""
    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load_bytes

    saved = docx_loader._SCAN
    try:
        docx_loader._SCAN = scan and saved
        doc = load_bytes(_tabbed_docx(), path="tabs.docx")
    finally:
        docx_loader._SCAN = saved
    texts = [ln.text for ln in doc.lines]
    assert "1．推行“一网通办”。（责任单位：\t市政务服务数据管理局\t市发展改革委）" in texts
    assert any("市财政局\t市税务局" in t for t in texts)
    (measure,) = [m for m in extract_document(doc).measures if "一网通办" in m.text]
    assert [u.mention.strip() for u in measure.lead] == ["市政务服务数据管理局", "市发展改革委"]


# (load26) the scan passes a lead byte E1-EC with two continuation bytes without `_utf8_char`'s call: pinned to
# it — every such lead with second and third bytes at each edge of the continuation range (and an ASCII, a lead
# and a 0xFF byte), in a run's text: the scan reads the document exactly when `_utf8_char` takes the sequence
# (then as lxml does), and the same at the end of the bytes (a document cut after one or two of them).

_EDGE_BYTES = [0x00, 0x41, 0x7F, 0x80, 0x81, 0x9F, 0xA0, 0xBE, 0xBF, 0xC0, 0xE4, 0xFF]


def _three_bytes_taken(lead: int, b1: int, b2: int) -> bool:
    """`_utf8_char`'s rule for a lead byte E0-EF (3 or 0): the strict decoder's, U+FFFE and U+FFFF refused."""
    if not (0x80 <= b1 <= 0xBF and 0x80 <= b2 <= 0xBF):
        return False
    if lead == 0xE0:
        return b1 >= 0xA0
    if lead == 0xED:
        return b1 <= 0x9F
    if lead == 0xEF:
        return not (b1 == 0xBF and b2 >= 0xBE)
    return True


def test_three_byte_leads_e1_to_ec_as_utf8_char_reads_them():
    python_form = callable(getattr(docx_scan, "_utf8_char", None))  # (compiled, a C function only)
    read = 0
    for lead in range(0xE0, 0xF0):  # (E0, ED and EF, beside the fast path, keep their own rules)
        for b1 in _EDGE_BYTES:
            for b2 in _EDGE_BYTES:
                seq = bytes([lead, b1, b2])
                ok = _three_bytes_taken(lead, b1, b2)
                if python_form:
                    assert (docx_scan._utf8_char(seq + b"<", 0, 4) == 3) == ok
                blob = _doc("<w:p><w:r><w:t>二X</w:t></w:r></w:p>").replace(b"X", seq)
                got = docx_scan.scan(blob)
                assert (got is not None) == ok, seq  # (a sequence `_utf8_char` refuses: the scan declines)
                read += ok
                _check(blob)
                for cut in (1, 2):
                    assert docx_scan.scan(blob[: blob.index(seq) + cut]) is None
    assert read == sum(_three_bytes_taken(a, b, c) for a in range(0xE0, 0xF0) for b in _EDGE_BYTES for c in _EDGE_BYTES)
    assert read > 500


# (load28) compiled, the open elements are C arrays of `_MAX_DEPTH` entries (their names' places in the buffer
# and their roles, a byte each) and the element kinds read before a byte per slot: pinned at the depth limit
# (the deepest document the scan reads, and one level more, which it leaves to lxml as before) and on end
# tags that differ from the open element's name by one byte, by length, or name an element further out.
def test_nesting_to_the_depth_limit_and_end_tags_compared_by_their_bytes():
    limit = docx_scan._MAX_DEPTH if isinstance(getattr(docx_scan, "_MAX_DEPTH", None), int) else 128
    # the root, w:body, w:p, w:r and w:t take 5 levels; x:y elements pad the rest
    for extra in range(limit - 8, limit + 2):
        inner = "<w:r><w:t>深</w:t></w:r>"
        blob = _doc("<w:p>" + "<x:y>" * extra + inner + "</x:y>" * extra + "</w:p><w:p><w:r><w:t>后</w:t></w:r></w:p>")
        got = docx_scan.scan(blob)
        if 4 + extra < limit:  # (the deepest element, w:t, at depth 4 + extra: the root at 0; read below the limit)
            assert got is not None and got == _tree(blob), extra
        else:
            assert got is None, extra
    for bad in ["<w:r></w:s>", "<w:r></w:rr>", "<w:rr></w:r>", "<w:r></x:r>", "<w:r><w:t>a</w:t></w:p></w:r>",
                "<x:ab></x:ba>", "<w:r></w:R>"]:
        blob = _doc("<w:p>" + bad + "</w:p>")
        assert docx_scan.scan(blob) is None and _tree(blob) is None, bad
    # names whose hashes share a slot (h & 255), the kinds cached by slot: each read as its own element
    names = {}
    for a in "abcdefghijklmnopqrstuvwxyz":
        for b in "abcdefghijklmnopqrstuvwxyz":
            h = ord("w")
            for ch in (":" + a + b).encode():
                h = (h * 33 + ch) & 0xFFFFFF
            names.setdefault(h & 255, []).append(a + b)
    shared = next(v for v in names.values() if len(v) >= 3)[:3]
    # w:tc/w:tr/w:tbl and w:p of a table between elements that share slots with each other
    body = "".join(f"<w:{n}/>" for n in shared) + "<w:p><w:r><w:t>一</w:t></w:r></w:p>"
    body += "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    body += "".join(f"<w:{n}><w:{n}/></w:{n}>" for n in shared) + "<w:p><w:r><w:t>二</w:t></w:r></w:p>"
    assert _check(_doc(body))


# (ld45) a document whose root start tag is the last document's bytes takes that document's namespaces and
# element/attribute name caches (they depend on the root's declarations only): pinned on documents read in
# turn whose root tags differ by one namespace (the same names then of other kinds, or undeclared), and on
# documents refused after their root; the caches are taken only for the same bytes, and dropped at 4,096 keys.
def test_a_root_tag_read_before_gives_what_a_fresh_read_gives():
    body = ('<w:p><w:pPr><w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>'
            '<w:r><w:t>一</w:t><w:tab/><w:t>二</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/>'
            '</w:tcPr><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    in_v = body.replace("<w:", "<v:").replace("</w:", "</v:").replace(" w:", " v:")
    plain = _doc(body, extra_ns=' xmlns:v="urn:v"')
    both = _doc(in_v, extra_ns=f' xmlns:v="{W_URI}"')  # (v: Word's too)
    other_v = _doc(in_v, extra_ns=' xmlns:v="urn:v"')  # (the same names, not Word's: an empty body)
    undeclared = _doc(in_v)  # (v: declared nowhere)
    refused = _doc(body.replace("<w:t>格", "<w:t>格&nbsp;"), extra_ns=' xmlns:v="urn:v"')
    cases = (plain, both, other_v, undeclared, refused)
    expected = {blob: _tree(blob) for blob in cases}
    assert expected[plain] and expected[plain] == expected[both] and expected[other_v] == []
    assert expected[undeclared] is None
    order = [plain, both, both, other_v, both, other_v, other_v, plain, undeclared, both, refused, plain, other_v,
             plain, plain, undeclared, other_v]
    for blob in order:
        assert docx_scan.scan(blob) == (None if blob in (undeclared, refused) else expected[blob])
    # attribute keys past the bound: the next document starts afresh, and reads the same
    many = "".join(f'<w:x{k} ' + " ".join(f'w:a{k}_{m}="1"' for m in range(70)) + "/>" for k in range(60))
    crowded = _doc(many + body, extra_ns=' xmlns:v="urn:v"')
    assert docx_scan.scan(crowded) == _tree(crowded) == expected[plain]
    assert len(docx_scan._last_root[6]) >= 4096
    assert docx_scan.scan(plain) == expected[plain]
    assert len(docx_scan._last_root[6]) < 4096
