"""word/document.xml's paragraphs and tables in one pass over its bytes (for loaders/docx.py).

`scan(blob)` gives what docx.py's tree walk (`docx._tree_blocks`) gives for the body of the document
lxml parses from `blob` — the blocks in order: ("p", text, pStyle, numId, ilvl) for a paragraph (the
numbering values as the label reads them: None for an absent element, else its w:val, "" when
missing) and ("tbl", rows) for a table (cell texts per row on the grid) — without building the tree:
lxml's parse of a document.xml costs ~0.35 ms (~0.7 us an element: namespaces, the tree) and the walk
over its proxies ~0.75 ms more; this, compiled, reads the bytes once in C.

It accepts only a plain subset of XML and returns None for anything else, so that docx.py parses with
lxml as before (same lines, same errors): an XML declaration of version 1.0 in UTF-8; namespace
declarations on the root element only (prefixed, no default namespace; a namespace lxml takes as a URI);
ASCII names with at most one prefix; no comments, processing instructions, CDATA sections or DOCTYPE; no
element inside a w:t and no paragraph inside a paragraph (text boxes); entity references only the five
predefined and character references; nesting below `_MAX_DEPTH`; below `_MAX_BYTES`. Inside that subset
it checks what makes lxml refuse a document (UTF-8, characters outside XML's Char, "]]>" in text, "<" in
an attribute value, malformed or undefined references, a name not closed by its own end tag, duplicate
attributes by name or by namespace, undeclared prefixes, text outside the root) and returns None there
as well: the tree path then raises lxml's error. Character data is read as libxml2 reports it: line ends
normalised (CRLF and CR to LF), references expanded, attribute values' literal whitespace made spaces.
(lxml's `remove_blank_text` never drops a w:t's own text: a blank text is kept when it is an element's
only content, which is all a w:t holds here.) A paragraph's text is its w:t texts and its breaks (w:br,
w:cr) and its tabs in runs (a w:tab whose parent is a w:r: "\t"; a tab stop's w:tab in w:tabs is not
text) in order, as `docx._paragraph_text` reads them. As Python the loop is slow: docx.py uses it only compiled (`base.runs_compiled`);
tests compare it with the tree walk in both modes.
"""

from __future__ import annotations

import re
from array import array

W_URI = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_URI = b"http://www.w3.org/XML/1998/namespace"
_XMLNS_URI = b"http://www.w3.org/2000/xmlns/"

# The XML declaration (`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` and its quoting and
# spacing variants, as libxml2 reads it); anything else goes to lxml.
_DECL = re.compile(
    rb"""<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1"""
    rb"""[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])(?:UTF-8|utf-8)\2"""
    rb"""(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>"""
)
_MAX_DEPTH = 128  # libxml2 refuses 256 levels without XML_PARSE_HUGE (lxml's default)
_MAX_BYTES = 8_000_000  # below libxml2's limits on one text (10,000,000) and the like
_MAX_NAME = 1000

# element kinds: the W-namespace elements the walk looks at; 0 = any other element
K_OTHER = 0
K_DOCUMENT = 1
K_BODY = 2
K_P = 3
K_TBL = 4
K_TR = 5
K_TC = 6
K_TCPR = 7
K_GRIDSPAN = 8
K_VMERGE = 9
K_T = 10
K_TAB = 11
K_R = 12
K_BR = 13
K_CR = 14
K_PPR = 15
K_NUMPR = 16
K_PSTYLE = 17
K_NUMID = 18
K_ILVL = 19
K_CONTAINER = 20  # w:sdt, w:sdtContent, w:customXml: looked through for blocks

_LOCAL_KINDS = {
    b"document": K_DOCUMENT, b"body": K_BODY, b"p": K_P, b"tbl": K_TBL, b"tr": K_TR, b"tc": K_TC,
    b"tcPr": K_TCPR, b"gridSpan": K_GRIDSPAN, b"vMerge": K_VMERGE, b"t": K_T,
    b"tab": K_TAB, b"r": K_R, b"br": K_BR, b"cr": K_CR, b"pPr": K_PPR, b"numPr": K_NUMPR, b"pStyle": K_PSTYLE, b"numId": K_NUMID,
    b"ilvl": K_ILVL, b"sdt": K_CONTAINER, b"sdtContent": K_CONTAINER, b"customXml": K_CONTAINER,
}

# an element's role in the walk (what its direct children may be)
R_NONE = 0
R_ROOT = 1
R_BLOCKS = 2  # w:body and the containers in it: its w:p and w:tbl children are blocks
R_PTOP = 3  # a block paragraph: its first w:pPr is read for numbering
R_PPR = 4
R_NUMPR = 5
R_TBL = 6  # a block table: its w:tr children are rows
R_ROW = 7
R_CELL = 8  # its first w:tcPr is read
R_TCPR = 9
R_RUN = 10  # a w:r in a paragraph: a w:tab child is a tab character

# byte classes: 1 a name's first character, 2 a later one (letters, digits, "_", "-", ".", ":")
_NAME_CLASS = bytes(
    3 if chr(b) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_" else 2 if chr(b) in "0123456789-.:" else 0
    for b in range(256)
)

_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}
_CHAR_REF = re.compile(r"#(?:([0-9]{1,7})|x([0-9a-fA-F]{1,6}))")


def _is_char(v: int) -> bool:
    """XML 1.0's Char."""
    return v == 9 or v == 10 or v == 13 or 0x20 <= v <= 0xD7FF or 0xE000 <= v <= 0xFFFD or 0x10000 <= v <= 0x10FFFF


def _chars(raw: bytes, attribute: bool) -> str | None:
    """Character data or an attribute value as libxml2 reports it (None: not well-formed, or a
    reference this does not read): CRLF and CR as LF; in an attribute value, literal tab, LF and CR
    as spaces (before references, which keep what they name); references expanded."""
    s = raw.decode("utf-8")
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if attribute and ("\t" in s or "\n" in s):
        s = s.replace("\t", " ").replace("\n", " ")
    if "&" not in s:
        return s
    pieces = s.split("&")
    out = [pieces[0]]
    for piece in pieces[1:]:
        end = piece.find(";")
        if end <= 0:
            return None
        name = piece[:end]
        hit = _PREDEFINED.get(name)
        if hit is None:
            m = _CHAR_REF.fullmatch(name)
            if m is None:
                return None
            v = int(m.group(1), 10) if m.group(1) is not None else int(m.group(2), 16)
            if not _is_char(v):
                return None
            hit = chr(v)
        out.append(hit)
        out.append(piece[end + 1 :])
    return "".join(out)


# namespaces lxml took before (libxml2 refuses a declaration whose namespace is no URI by its reading —
# "a b", "%zz", "é" —; it decides, once per namespace: a document declares the same twenty or so)
_NAMESPACES_READ: set[bytes] = set()


def _valid_namespace(uri: bytes) -> bool:
    """Whether lxml accepts `uri` (plain: no reference, no white space to normalise) as a namespace."""
    if uri in _NAMESPACES_READ:
        return True
    from lxml import etree

    quote = b"'" if b'"' in uri else b'"'
    try:
        etree.fromstring(b"<a:d xmlns:a=" + quote + uri + quote + b"/>")
    except etree.XMLSyntaxError:
        return False
    if len(_NAMESPACES_READ) >= 4096:
        _NAMESPACES_READ.clear()
    _NAMESPACES_READ.add(uri)
    return True


def _same(buf: bytes, s: int, e: int, name: bytes | None) -> bool:
    """`buf[s:e] == name` (compiled, without making `buf[s:e]`); False when `name` is None."""
    if name is None or len(name) != e - s:
        return False
    p = name
    for k in range(e - s):
        if p[k] != buf[s + k]:
            return False
    return True


def _same_span(buf: bytes, s: int, e: int, t: int, u: int) -> bool:
    """`buf[s:e] == buf[t:u]` (compiled, without making either)."""
    if e - s != u - t:
        return False
    for k in range(e - s):
        if buf[s + k] != buf[t + k]:
            return False
    return True


def _utf8_char(buf: bytes, i: int, n: int) -> int:
    """The length of the UTF-8 sequence of an XML character at `buf[i]` (a byte >= 0x80), or 0: not
    UTF-8 as Python's strict decoder reads it (a stray continuation byte, a truncated or overlong
    sequence, a surrogate, above U+10FFFF) — libxml2 refuses those too —, or U+FFFE / U+FFFF, which
    are no XML characters. Names are ASCII (the scan's subset), so only character data and attribute
    values hold such bytes, and every one of them is read here."""
    c = buf[i]
    if 0xC2 <= c <= 0xDF:
        if i + 1 < n and 0x80 <= buf[i + 1] <= 0xBF:
            return 2
        return 0
    if 0xE0 <= c <= 0xEF:
        if i + 2 >= n:
            return 0
        d = buf[i + 1]
        if not 0x80 <= buf[i + 2] <= 0xBF:
            return 0
        if c == 0xE0:
            ok = 0xA0 <= d <= 0xBF
        elif c == 0xED:
            ok = 0x80 <= d <= 0x9F  # (ED A0-BF: surrogates)
        elif c == 0xEF:
            ok = 0x80 <= d <= 0xBF and not (d == 0xBF and buf[i + 2] >= 0xBE)
        else:
            ok = 0x80 <= d <= 0xBF
        return 3 if ok else 0
    if 0xF0 <= c <= 0xF4:
        if i + 3 >= n:
            return 0
        d = buf[i + 1]
        if not (0x80 <= buf[i + 2] <= 0xBF and 0x80 <= buf[i + 3] <= 0xBF):
            return 0
        if c == 0xF0:
            ok = 0x90 <= d <= 0xBF
        elif c == 0xF4:
            ok = 0x80 <= d <= 0x8F
        else:
            ok = 0x80 <= d <= 0xBF
        return 4 if ok else 0
    return 0


def _span(val: str | None) -> int:
    """A w:gridSpan's w:val as a number of grid columns, 1–64 (None: the attribute is missing) — both readers."""
    try:
        return max(1, min(64, int(val if val is not None else "1")))
    except ValueError:
        return 1


def _rows(cells_of_rows: list) -> list:
    """The table's cell texts on its grid, for both readers (the scan and docx._table_rows): per row, per cell
    (span, vMerge continues, paragraph texts)."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for cells in cells_of_rows:
        row: list[str] = []
        col = 0
        for span, cont, paras in cells:
            text = "\n".join([t for t in [p.strip() for p in paras] if t])
            if cont:
                text = above.get(col, "")
            for k in range(span):
                above[col + k] = text
                row.append(text)
            col += span
        rows.append(row)
    return rows


def scan(blob: bytes) -> list | None:
    """The body's blocks (see the module's text), or None: lxml reads the document."""
    n = len(blob)
    if n > _MAX_BYTES:
        return None
    m = _DECL.match(blob)
    if m is None:
        return None
    buf = blob  # (compiled: a pointer to its bytes)
    names = _NAME_CLASS  # (compiled: a pointer to its bytes)
    global _last_root
    ns: dict[bytes, bytes] = {}  # prefix -> namespace, from the root's declarations
    e_names: list = [None] * 256  # element names read (by a hash of their bytes) and their kinds
    e_kinds = bytearray(256)  # (load28: a byte each, as the stacks below: compiled, C arrays through a pointer)
    kinds = e_kinds  # (compiled: a pointer to its bytes)
    # the open elements, by depth: where each one's qualified name sits in `buf` (its start tag's name,
    # which the end tag must repeat) and its role. Every index is below the arrays' lengths: a depth below
    # `_MAX_DEPTH` (tested before a push; an end tag or a parent read only at a depth above 0), a slot of
    # `kinds` below 256 (`h & 255`)
    q_from = array("q", bytes(8 * _MAX_DEPTH))  # (compiled: typed memoryviews)
    q_to = array("q", bytes(8 * _MAX_DEPTH))
    r_stack = bytearray(_MAX_DEPTH)
    roles = r_stack  # (compiled: a pointer to its bytes)
    blocks: list = []
    depth = 0
    root_done = False
    body_seen = False
    para = -1  # depth of the paragraph whose text is read, or -1
    para_top = False  # it is a block paragraph (else a cell's)
    parts: list[str] = []
    style = nid = lv = None
    ppr_seen = numpr_seen = style_seen = nid_seen = lv_seen = False
    cell = -1  # depth of the block table's cell being read, or -1
    cell_paras: list[str] = []
    span = 1
    cont = False
    tcpr_seen = gs_seen = vm_seen = False
    row_cells: list = []
    table_rows: list = []
    want_text = False  # the text after this tag is a w:t's
    a_names: list = [None] * 256  # attribute names read (by a hash of their bytes) and their keys:
    a_keys: list = [None] * 256  # (namespace, local name), one object per key (`canon`)
    canon: dict = {}
    seen: list = []  # the element's attributes so far, as such keys
    root_attrs: list = []
    i = m.end()
    while True:
        # character data up to the next "<"
        j = i
        amp = False
        cr = False
        blank = True
        while j < n:
            c = buf[j]
            if c == 60:  # <
                break
            if c < 32:
                if c != 9 and c != 10 and c != 13:
                    return None
                if c == 13:
                    cr = True
            elif c == 32:
                pass
            else:
                blank = False
                if c == 38:  # &
                    amp = True
                elif c == 93:  # ]]>
                    if j + 2 < n and buf[j + 1] == 93 and buf[j + 2] == 62:
                        return None
                elif c >= 0x80:
                    # (load26) a lead byte E1-EC and two continuation bytes (most CJK text): `_utf8_char`
                    # gives 3 for them (no overlong, surrogate or non-character starts with these leads),
                    # without its call
                    if 0xE1 <= c <= 0xEC and j + 2 < n and 0x80 <= buf[j + 1] <= 0xBF and 0x80 <= buf[j + 2] <= 0xBF:
                        j += 3
                        continue
                    k = _utf8_char(buf, j, n)
                    if k == 0:
                        return None
                    j += k
                    continue
            j += 1
        if depth == 0:
            if not blank:
                return None
            if j >= n:
                return blocks if root_done else None
            if root_done:
                return None  # a second root, or markup after it
        elif j >= n:
            return None  # an element left open
        if want_text:
            want_text = False
            if j + 1 >= n or buf[j + 1] != 47:  # an element inside a w:t
                return None
            if j > i:
                text = _chars(buf[i:j], False) if amp or cr else buf[i:j].decode("utf-8")
                if text is None:
                    return None
                parts.append(text)
        elif amp and _chars(buf[i:j], False) is None:
            return None
        # a tag at j
        i = j + 1
        if i >= n:
            return None
        c = buf[i]
        if c == 47:  # an end tag
            i += 1
            s = i
            while i < n and names[buf[i]] & 2:
                i += 1
            e = i
            while i < n and (buf[i] == 32 or buf[i] == 10 or buf[i] == 9 or buf[i] == 13):
                i += 1
            if i >= n or buf[i] != 62 or depth == 0:
                return None
            # the end tag must name the element open
            if not _same_span(buf, s, e, q_from[depth - 1], q_to[depth - 1]):
                return None
            i += 1
            depth -= 1
            role = roles[depth]
            if depth == para:
                text = "".join(parts)
                if para_top:
                    blocks.append(("p", text, style, nid, lv))
                else:
                    cell_paras.append(text)
                para = -1
            elif depth == cell:
                row_cells.append((span, cont, cell_paras))
                cell = -1
            elif role == R_ROW:
                table_rows.append(row_cells)
            elif role == R_TBL:
                blocks.append(("tbl", _rows(table_rows)))
            elif depth == 0:
                if not body_seen:
                    return None
                root_done = True
            continue
        if c == 33 or c == 63:  # <! and <?: comments, CDATA, DOCTYPE, processing instructions
            return None
        # a start tag: its name
        s = i
        if not names[c] & 1:
            return None
        colon = -1
        h = c
        i += 1
        while i < n and names[buf[i]] & 2:
            if buf[i] == 58:
                if colon >= 0:
                    return None
                colon = i
            h = (h * 33 + buf[i]) & 0xFFFFFF
            i += 1
        e = i
        if e - s > _MAX_NAME or colon == e - 1 or (colon >= 0 and not names[buf[colon + 1]] & 1):
            return None
        if depth == 0 and root_done:
            return None
        # its attributes
        val = None
        if seen:
            seen = []
        closed = False
        known = False  # the root tag is the last document's: its namespaces and name caches are taken
        if depth == 0:
            tag = _last_root[0]
            if tag and blob.startswith(tag, j) and len(_last_root[6]) < 4096:  # (compiled: a memcmp)
                ns, e_names, e_kinds, a_names, a_keys, canon = _last_root[1:]
                kinds = e_kinds
                i = j + len(tag)
                known = True
        while not known:  # (the attributes, up to the tag's end)
            k = i
            while i < n and (buf[i] == 32 or buf[i] == 10 or buf[i] == 9 or buf[i] == 13):
                i += 1
            if i >= n:
                return None
            c = buf[i]
            if c == 62:
                i += 1
                break
            if c == 47:
                if i + 1 >= n or buf[i + 1] != 62:
                    return None
                i += 2
                closed = True
                break
            if i == k or not names[c] & 1:  # attributes are set apart by white space
                return None
            a = i
            acolon = -1
            ah = c
            i += 1
            while i < n and names[buf[i]] & 2:
                if buf[i] == 58:
                    if acolon >= 0:
                        return None
                    acolon = i
                ah = (ah * 33 + buf[i]) & 0xFFFFFF
                i += 1
            ae = i
            if ae - a > _MAX_NAME or acolon == ae - 1 or (acolon >= 0 and not names[buf[acolon + 1]] & 1):
                return None
            while i < n and (buf[i] == 32 or buf[i] == 10 or buf[i] == 9 or buf[i] == 13):
                i += 1
            if i >= n or buf[i] != 61:  # =
                return None
            i += 1
            while i < n and (buf[i] == 32 or buf[i] == 10 or buf[i] == 9 or buf[i] == 13):
                i += 1
            if i >= n or (buf[i] != 34 and buf[i] != 39):
                return None
            quote = buf[i]
            i += 1
            vs = i
            plain = True  # no reference, no white space but spaces
            while i < n:
                c = buf[i]
                if c == quote:
                    break
                if c == 60:  # <
                    return None
                if c < 32:
                    if c != 9 and c != 10 and c != 13:
                        return None
                    plain = False
                elif c == 38:
                    plain = False
                elif c >= 0x80:
                    k = _utf8_char(buf, i, n)
                    if k == 0:
                        return None
                    i += k
                    continue
                i += 1
            if i >= n:
                return None
            ve = i
            i += 1
            if not plain and _chars(buf[vs:ve], True) is None:
                return None
            if depth == 0:
                aname = buf[a:ae]  # the root's: read once its namespace declarations are (they may come after)
                if aname.startswith(b"xmlns:"):
                    uri = buf[vs:ve]
                    prefix = aname[6:]
                    if (not plain or not uri or prefix == b"xml" or prefix == b"xmlns" or uri == _XML_URI
                            or uri == _XMLNS_URI or prefix in ns or not _valid_namespace(uri)):
                        return None  # (a prefix declared twice is a duplicate attribute)
                    ns[prefix] = uri
                root_attrs.append((aname, vs, ve, plain))
                continue
            slot = ah & 255  # (the attribute names read before, by a hash of their bytes)
            aname = a_names[slot]
            if _same(buf, a, ae, aname):
                key = a_keys[slot]
            else:
                aname = buf[a:ae]
                key = _attribute_key(aname, ns, False)
                if key is None:
                    return None
                key = canon.setdefault(key, key)  # (one object per key: tested by identity below)
                a_names[slot] = aname
                a_keys[slot] = key
            for other in seen:
                if other is key:
                    return None  # the same attribute twice (by name, or by namespace and local name)
            seen.append(key)
            if key is _W_VAL:
                val = buf[vs:ve].decode("utf-8") if plain else _chars(buf[vs:ve], True)
        if root_attrs:  # (the root's, now that its declarations are read)
            for aname, vs, ve, plain in root_attrs:
                key = _attribute_key(aname, ns, True)
                if key is None:
                    return None
                key = canon.setdefault(key, key)
                for other in seen:
                    if other is key:
                        return None
                seen.append(key)
            del root_attrs[:]
        if depth == 0 and not known and not closed:
            _last_root = (buf[j:i], ns, e_names, e_kinds, a_names, a_keys, canon)
        slot = h & 255  # (the element names read before, by a hash of their bytes)
        qname = e_names[slot]
        if _same(buf, s, e, qname):
            kind = kinds[slot]
        else:
            qname = buf[s:e]
            if colon < 0:
                kind = K_OTHER
            else:
                uri = ns.get(qname[: colon - s])
                if uri is None:
                    return None  # an undeclared prefix (or "xml", "xmlns")
                kind = _LOCAL_KINDS.get(qname[colon - s + 1 :], K_OTHER) if uri == W_URI else K_OTHER
            e_names[slot] = qname
            kinds[slot] = kind
        # the element's place in the walk
        parent_role = roles[depth - 1] if depth else R_NONE
        role = R_NONE
        if depth == 0:
            if kind != K_DOCUMENT:
                return None
            role = R_ROOT
        elif kind == K_P:
            if para >= 0:
                return None  # a paragraph inside a paragraph: left to lxml
            if parent_role == R_BLOCKS:
                role = R_PTOP
                para = depth
                para_top = True
                parts = []
                style = nid = lv = None
                ppr_seen = numpr_seen = style_seen = nid_seen = lv_seen = False
            elif cell >= 0:
                para = depth
                para_top = False
                parts = []
        elif para >= 0:
            if kind == K_T:
                if not closed:
                    want_text = True
            elif kind == K_R:
                role = R_RUN
            elif kind == K_TAB:
                if parent_role == R_RUN:  # not a tab stop definition (w:pPr/w:tabs/w:tab)
                    parts.append("\t")
            elif kind == K_BR or kind == K_CR:
                parts.append(" " if para_top else "\n")
            elif kind == K_PPR:
                if parent_role == R_PTOP and not ppr_seen:
                    ppr_seen = True
                    role = R_PPR
            elif parent_role == R_PPR:
                if kind == K_NUMPR and not numpr_seen:
                    numpr_seen = True
                    role = R_NUMPR
                elif kind == K_PSTYLE and not style_seen:
                    style_seen = True
                    style = "" if val is None else val
            elif parent_role == R_NUMPR:
                if kind == K_NUMID and not nid_seen:
                    nid_seen = True
                    nid = "" if val is None else val
                elif kind == K_ILVL and not lv_seen:
                    lv_seen = True
                    lv = "" if val is None else val
        elif parent_role == R_ROOT:
            if kind == K_BODY and not body_seen:
                body_seen = True
                role = R_BLOCKS
        elif parent_role == R_BLOCKS:
            if kind == K_TBL:
                role = R_TBL
                table_rows = []
            elif kind == K_CONTAINER:
                role = R_BLOCKS
        elif parent_role == R_TBL:
            if kind == K_TR:
                role = R_ROW
                row_cells = []
        elif parent_role == R_ROW:
            if kind == K_TC:
                role = R_CELL
                cell = depth
                cell_paras = []
                span = 1
                cont = False
                tcpr_seen = gs_seen = vm_seen = False
        elif parent_role == R_CELL:
            if kind == K_TCPR and not tcpr_seen:
                tcpr_seen = True
                role = R_TCPR
        elif parent_role == R_TCPR:
            if kind == K_GRIDSPAN and not gs_seen:
                gs_seen = True
                span = _span(val)
            elif kind == K_VMERGE and not vm_seen:
                vm_seen = True
                cont = (val if val is not None else "continue") != "restart"
        if closed:  # an empty element: opened and closed here
            if depth == para:
                text = "".join(parts)
                if para_top:
                    blocks.append(("p", text, style, nid, lv))
                else:
                    cell_paras.append(text)
                para = -1
            elif depth == cell:
                row_cells.append((span, cont, cell_paras))
                cell = -1
            elif role == R_ROW:
                table_rows.append(row_cells)
            elif role == R_TBL:
                blocks.append(("tbl", _rows(table_rows)))
            elif depth == 0:
                return None  # an empty root has no body
            continue
        if depth >= _MAX_DEPTH:
            return None
        q_from[depth] = s
        q_to[depth] = e
        roles[depth] = role
        depth += 1


_W_VAL = (W_URI, b"val")

# The last document's root start tag (its bytes, "<" to ">") and what was read under it: its namespace
# declarations (`ns`) and the caches of element and attribute names (`e_names`, `e_kinds`, `a_names`,
# `a_keys`, `canon`), which depend on nothing else. A document whose root tag is the same bytes (the
# documents of one writer are) takes them instead of reading the root's declarations and its names again.
# One entry, its `canon` below 4,096 keys: bounded.
_last_root: tuple = (b"", None, None, None, None, None, {})


def _attribute_key(name: bytes, ns: dict, root: bool) -> tuple | None:
    """(namespace, local name) of an attribute's qualified name (namespace b"" for none; namespace
    declarations keyed apart), or None: an undeclared prefix, a declaration below the root."""
    prefix, colon, local = name.partition(b":")
    if not colon:
        if name == b"xmlns" or (root and name.startswith(b"xmlns")):
            return None  # (a default namespace is left to lxml)
        return (b"", name)
    if prefix == b"xmlns":
        return (b"xmlns", local) if root else None
    if prefix == b"xml":
        return (_XML_URI, local)
    uri = ns.get(prefix)
    if uri is None:
        return None
    return _W_VAL if uri == W_URI and local == b"val" else (uri, local)  # (the scan tests `is _W_VAL`)
