"""The loaders' typed character and byte loops (normalize.pxd, html.pxd, decode.pxd) decide exactly
what the regexes, str and bytes methods they replace decide.

Compiled, normalize.py, html.py and decode.py run these loops; as Python (`DUTYGRAPH_NATIVE=0`) the
regexes and methods. The loops are plain Python too, so each is checked against its definition here
in whichever form the module was loaded (the test suite runs it compiled and as Python): every code
point where a loop classifies characters, random text and bytes over the values that matter
(hypothesis), and the sample and synthetic documents. Both branches of each module's `_COMPILED`
switch are run and must give the same answers.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.loaders import decode, html, normalize, repair

ROOT = Path(__file__).resolve().parent.parent


def _sample_texts() -> list[str]:
    """The lines of the sample plans and of a few synthetic documents of every format."""
    from dutygraph.loaders import load

    texts = []
    for path in sorted((ROOT / "data" / "plans").glob("*")):
        texts += [ln.text for ln in load(path).lines]
    return texts


_SAMPLES = _sample_texts()


# ---------------------------------------------------------------- NFKC: _nfkc_plain

def _composition_seconds() -> set[str]:
    """Every character that is the second of a two-character canonical decomposition (NFKC_QC =
    Maybe: it may compose with the character before it), Hangul's medial and final jamo included."""
    out = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
    for c in range(sys.maxunicode + 1):
        d = unicodedata.decomposition(chr(c))
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                out.add(chr(int(parts[1], 16)))
    return out


def test_nfkc_plain_vouches_only_for_characters_nfkc_keeps_whatever_surrounds_them():
    seconds = _composition_seconds()
    first = dict(normalize._NFKC_FIRST)
    plain = 0
    for cp in [*range(0x10000), *range(0x10000, sys.maxunicode + 1, 97)]:  # the BMP, a sample above
        c = chr(cp)
        r = normalize._nfkc_plain(c)
        if r == 0:
            plain += 1
            assert unicodedata.decomposition(c) == "" and unicodedata.combining(c) == 0, hex(cp)
            assert c not in seconds and unicodedata.is_normalized("NFKC", c), hex(cp)
        elif r > 0:
            k = (r - 1).bit_length() - 1
            assert r - 1 == 1 << k and normalize._NFKC_FIRST[k][0] == c, hex(cp)
            assert first[c].isascii() and unicodedata.normalize("NFKC", c) == first[c], hex(cp)
        else:
            assert r == -1
    assert plain > 0x80 + 0x5200  # ASCII, the CJK ideographs and the punctuation
    assert [normalize._nfkc_plain(a) for a, _ in normalize._NFKC_FIRST] == [1 + (1 << k) for k in range(8)]
    assert normalize._nfkc_plain("") == 0 and normalize._nfkc_plain("（一），市局：") == 1 + 1 + 2 + 4 + 8


_NFKC_POOL = [a for a, _ in normalize._NFKC_FIRST] + list("、。〈〉《》「」『』【】〔〕〖〗“”‘’—·…％①㈠ﬁ１") + [
    "a", " ", "\n", "中", "國", "\u0301", "\u0308", "\u3099", "か", "\u1100", "\u1161", "\uac00", "\u2002",
    "\u212b", "\ufe5d", "\u4dff", "\ua000", "\U00020000",
]


def _nfkc_reference(s: str) -> str:
    whole = unicodedata.normalize("NFKC", s)
    if len(whole) == len(s):
        return whole
    return "".join(n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c for c in s)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_NFKC_POOL), max_size=16).map("".join))
def test_nfkc_aligned_is_unicodedatas_nfkc_by_either_branch(s):
    saved = normalize._COMPILED
    try:
        for native in (True, False):
            normalize._COMPILED = native
            assert normalize.nfkc_aligned(s) == _nfkc_reference(s), (native, s)
    finally:
        normalize._COMPILED = saved


def test_nfkc_aligned_on_the_samples_by_either_branch():
    saved = normalize._COMPILED
    try:
        for native in (True, False):
            normalize._COMPILED = native
            assert [normalize.nfkc_aligned(s) for s in _SAMPLES] == [_nfkc_reference(s) for s in _SAMPLES]
            assert normalize.normalize_lines(_SAMPLES) == [normalize.normalize(s) for s in _SAMPLES]
    finally:
        normalize._COMPILED = saved


# ---------------------------------------------------------------- the t2s gate: _t2s_scan

def test_t2s_table_is_the_gates_class_at_every_code_point():
    may = normalize._T2S_MAY
    for cp in [*range(0x10000), *range(0x10000, sys.maxunicode + 1, 97)]:  # the BMP, a sample above
        c = chr(cp)
        assert (normalize._t2s_scan(c, 0) == 0) == (may.match(c) is not None), hex(cp)


_T2S_POOL = sorted(set("".join(normalize._t2s_data.PHRASES)) | set(normalize._T2S_ANCHORS)) + [
    "個", "發", "市", "沈", "阳", "覆", "反", "a", "\n", "，", "\ud800", "\U00020000", "\U0002f800",
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_T2S_POOL), max_size=14).map("".join), st.integers(0, 15))
def test_t2s_scan_finds_what_the_gates_regex_finds(s, start):
    m = normalize._T2S_MAY.search(s, start)
    assert normalize._t2s_scan(s, start) == (-1 if m is None else m.start())
    saved = normalize._COMPILED
    try:
        answers = set()
        for native in (True, False):
            normalize._COMPILED = native
            answers.add(normalize.t2s_changes(s))
        assert len(answers) == 1
    finally:
        normalize._COMPILED = saved


def test_t2s_scan_on_the_samples():
    for s in _SAMPLES + ["\n".join(_SAMPLES)]:
        m = normalize._T2S_MAY.search(s)
        assert normalize._t2s_scan(s, 0) == (-1 if m is None else m.start())


# ---------------------------------------------------------------- html whitespace: _collapse_runs

_WS_POOL = list(" \t\r\n\f\v\xa0") + [
    "a", "中", "。", "\u3000", "\u303f", "\u3040", "\u4dff", "\u4e00", "\u9fff", "\ua000", "\uff00", "\uffef",
    "\ufff0", "\u2028", "\x85", "\x1c", "\U00020000",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_WS_POOL), max_size=16).map("".join))
def test_collapse_runs_is_the_regex_collapse(s):
    assert html._collapse_runs(s).strip() == html._collapse_re(s)
    assert html._collapse(s) == html._collapse_re(s)


def test_cjk_edge_is_the_class_at_every_bmp_code_point():
    for cp in range(0x10000):
        c = chr(cp)
        assert html._cjk_edge(c) == (html._CJK_EDGE.match(c) is not None), hex(cp)


def test_collapse_keeps_a_text_without_runs_to_replace():
    s = "市发展改革委 牵头"
    assert html._collapse_runs(s) is s


def _synthetic_docs():
    """Seeded synthetic documents (every format, traditional script, damage), as `synth` writes them."""
    from dutygraph.synth import generate

    return list(generate(120, seed=3))


_SYNTH = _synthetic_docs()


@pytest.mark.parametrize("native", [True, False])
def test_loading_synthetic_documents_by_either_branch(native, monkeypatch):
    from dutygraph.loaders import load_bytes

    pages = [d.data.decode(html._charset(d.data) or "utf-8", "replace") for d in _SYNTH if d.fmt == "html"]
    fixture = (ROOT / "tests" / "fixtures" / "loaders" / "gov-page-gbk.html").read_bytes()
    pages.append(fixture.decode("gb18030"))
    assert len(pages) > 5
    lines = [html.html_lines(p) for p in pages]
    docs = [load_bytes(d.data, path=d.name) for d in _SYNTH]
    monkeypatch.setattr(html, "_COMPILED", native)
    monkeypatch.setattr(normalize, "_COMPILED", native)
    monkeypatch.setattr(decode, "_COMPILED", native)
    assert [html.html_lines(p) for p in pages] == lines
    assert [load_bytes(d.data, path=d.name) for d in _SYNTH] == docs
    texts = [ln.text for doc in docs for ln in doc.lines]
    assert [normalize.nfkc_aligned(s) for s in texts] == [_nfkc_reference(s) for s in texts]


# ---------------------------------------------------------------- decode: the byte counts

_BYTES = st.lists(st.sampled_from([0, 1, 8, 9, 10, 11, 12, 13, 14, 26, 27, 28, 31, 32, 65, 0x7F, 0x80, 0xBF, 0xC0,
                                   0xE4, 0xEF, 0xFF]), max_size=40).map(bytes)


@settings(max_examples=3000, deadline=None)
@given(_BYTES)
def test_byte_counts_are_the_translates_and_slices_they_replace(b):
    assert decode._count_controls(b) == len(b) - len(b.translate(None, decode._CONTROL))
    assert decode._count_lead_bytes(b) == len(b) - len(b.translate(None, decode._LEAD_BYTES))
    for n in {len(b) - len(b) % 2, len(b) // 2 * 2 - 2 if len(b) >= 2 else 0}:
        assert decode._count_nuls(b, n) == (b[0:n:2].count(0), b[1:n:2].count(0))


@pytest.mark.parametrize("native", [True, False])
def test_decode_of_synthetic_and_damaged_bytes_by_either_branch(native, monkeypatch):
    from dutygraph.errors import LoadError

    def outcome(data: bytes):
        try:
            d = decode.decode(data, path="x.txt")
        except LoadError as exc:
            return str(exc)
        return d.text, d.encoding, d.repairs, d.warnings

    texts = [d.data for d in _SYNTH if d.fmt == "txt"]
    samples = ["市发展改革委牵头\n", "abc\x00def\x01" * 20, "牵头单位".encode("utf-16-le").decode("latin-1"),
               "\x1b[0m\x07\x08" * 30]
    inputs = texts + [s.encode("latin-1", "replace") for s in samples] + [
        "县人民政府".encode("gb18030") * 20, "縣人民政府".encode("big5") * 20, b"\xe5\xb8\x82\xff" * 10,
        "牵头单位".encode("utf-16-be") * 10,
    ]
    base = [outcome(b) for b in inputs]
    monkeypatch.setattr(decode, "_COMPILED", native)
    assert [outcome(b) for b in inputs] == base


def test_html_pages_parse_to_lxml_htmls_trees_and_cell_texts():
    # html.py parses with lxml's HTML parser without lxml.html's element classes: the same tree, and
    # XPath string() of a cell is lxml.html's text_content()
    import lxml.html
    from lxml import etree

    parser, string = html._lxml()
    pages = [d.data.decode(html._charset(d.data) or "utf-8", "replace") for d in _SYNTH if d.fmt == "html"]
    pages += ["<table><tr><td>a<!-- c --><b>b</b>\n<?pi x?>c</td></tr></table>", "<p>x", " "]
    for page in pages:
        try:
            ours = etree.fromstring(page, parser)
        except etree.ParserError:
            ours = None
        try:
            theirs = lxml.html.document_fromstring(page)
        except etree.ParserError:
            theirs = None
        assert (ours is None) == (theirs is None)
        if ours is None:
            continue
        assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")
        cells = list(theirs.iter("td", "th"))
        assert [string(td) for td in ours.iter("td", "th")] == [td.text_content() for td in cells]
        assert [e.sourceline for e in ours.iter()] == [e.sourceline for e in theirs.iter()]


def test_raw_line_is_the_dataclass_constructor():
    from dutygraph.loaders.base import RawLine, raw_line, split_lines

    for number, text, start in [(1, "", 0), (7, "市发改委牵头", 120), (2, "a\r", 3)]:
        a, b = raw_line(number, text, start), RawLine(number, text, start)
        assert type(a) is RawLine and a == b and repr(a) == repr(b)
    x, y = split_lines("a\nb\n")
    x.repairs.append("noise-line")
    assert y.repairs == [] and x.repairs is not y.repairs


@pytest.mark.parametrize("native", [True, False])
def test_split_lines_by_either_branch(native, monkeypatch):
    # compiled, split_lines is one typed loop (offsets summed as it goes); as Python, accumulate and zip
    from dutygraph.loaders import base

    texts = ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\rc", "a\r\nb\nc\r", "\n\n", "\r", "市\r\n\r\n县\u2028x\x0c"]
    texts += ["".join(t) for t in zip(_SAMPLES[:50], ["\n", "\r\n", "\r"] * 20)]

    def plain(text):
        sep = "\n" if "\n" in text or "\r" not in text else "\r"
        out, start = [], 0
        for number, piece in enumerate(text.split(sep), 1):
            body = piece[:-1] if sep == "\n" and piece.endswith("\r") else piece
            out.append(base.RawLine(number, body, start))
            start += len(piece) + 1
        return out[:-1] if len(out) > 1 and out[-1].text == "" else out

    want = [plain(t) for t in texts]
    monkeypatch.setattr(base, "_COMPILED", native)
    assert [base.split_lines(t) for t in texts] == want
    assert [base.split_lines("\n".join(texts))] == [plain("\n".join(texts))]


def test_build_lines_is_the_records_constructor_by_either_branch(monkeypatch):
    # loaders._finish builds the Line records by base.build_lines (compiled: each record made in C
    # from Line's slots' descriptors); as the plain constructor, with repairs, blanks and offsets
    from dutygraph.loaders import base
    from dutygraph.records import Line

    raw = base.split_lines("市发改委牵头\n\n  （略）\nabc\r\n")
    raw[0].repairs.append("noise-line")
    raw[2].repairs += ["redaction", "html-residue"]
    norms = [t.upper() + "!" for t in base.line_texts(raw)]
    assert base.line_texts(raw) == [ln.text for ln in raw]
    want = tuple(Line(ln.number, ln.text, n, tuple(ln.repairs), ln.start) for ln, n in zip(raw, norms))
    for descrs in {base._LINE_DESCRS, None}:
        monkeypatch.setattr(base, "_LINE_DESCRS", descrs)
        got = base.build_lines(raw, norms)
        assert got == want and [repr(x) for x in got] == [repr(x) for x in want]
        assert all(type(x) is Line and hash(x) == hash(y) for x, y in zip(got, want))
        assert got[1].repairs == () and got[0].repairs == ("noise-line",)
        assert base.build_lines(raw[:2], norms) == want[:2] and base.build_lines([], []) == ()


def test_utf16_order_without_nuls_is_none_and_with_them_as_counted():
    # decode._utf16_order returns early when the sample holds no NUL (both counts would be 0)
    for head in [b"abcd" * 50, "市发改委".encode() * 40, b"a\x00b\x00c\x00d\x00e\x00", b"\x00a\x00b\x00c\x00d",
                 b"abc\x00", b"ab\x00"]:
        n = len(head) - len(head) % 2
        even, odd = head[0:n:2].count(0), head[1:n:2].count(0)
        half = n // 2
        want = None
        if n >= 4 and odd >= max(2, half // 20) and even * 4 <= odd:
            want = "utf-16-le"
        elif n >= 4 and even >= max(2, half // 20) and odd * 4 <= even:
            want = "utf-16-be"
        assert decode._utf16_order(head) == want


def test_blank_files_are_refused_as_before():
    # decode and html.parse test `not data or data.isspace()` for `not data.strip()`: the same bytes
    from dutygraph.errors import LoadError
    from dutygraph.loaders import load_bytes

    for b in range(256):
        for data in (bytes([b]), bytes([b]) * 3, b" \n" + bytes([b]), bytes([b]) + b"\t\r\x0b\x0c"):
            assert (not data or data.isspace()) == (not data.strip())
    for data in (b" \n\t", b"\r\n\x0b\x0c "):
        for name in ("x.txt", "x.html"):
            with pytest.raises(LoadError, match="empty file"):
                load_bytes(data, path=name)


def test_may_number_is_the_scan_it_keeps():
    from dutygraph.loaders import docx

    for blob in (b"<w:styles/>", b"<w:style><w:pPr><w:numPr/></w:pPr></w:style>", b"numP", b"xxnumPr"):
        docx._READINGS.pop(("numPr", blob), None)
        assert docx._may_number(blob) == (b"numPr" in blob)
        assert docx._READINGS[("numPr", blob)] == (b"numPr" in blob)
        assert docx._may_number(blob) == (b"numPr" in blob)  # (the kept answer)


# ---------------------------------------------------------------- repair: noise pre-check, repeated runs

def test_ext_first_is_what_the_noise_hint_matches_an_extension_with():
    first = re.compile(r"\.[pjgbsw]", re.IGNORECASE)
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        assert (c in repair._EXT_FIRST) == (first.match("." + c) is not None), hex(cp)


_NOISE_TEXT = st.lists(st.sampled_from(["image", ".", "png", "PNG", "jpg", "jpeg", "gif", "bmp", "svg", "ſvg", "webp",
                                        "Webp", " ", "\n", "\u3000", "1", "加快", "收藏", "p", "x", "-"]),
                       max_size=10).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_NOISE_TEXT)
def test_may_name_a_file_is_never_false_where_the_hint_matches(t):
    if repair._NOISE_HINT.search(t):
        assert repair._may_name_a_file(t)
    assert repair._may_name_a_file(t) == any(
        t[i] == "." and t[i + 1] in repair._EXT_FIRST for i in range(len(t) - 1))


def _longest_repeat_plain(lines):
    """The search as it was written first: a list of positions for every line."""
    seq = [ln.text.strip() for ln in lines if ln.text.strip()]
    positions: dict[str, list[int]] = {}
    for i, s in enumerate(seq):
        if len(s) >= 4:
            positions.setdefault(s, []).append(i)
    best = None
    for occ in positions.values():
        if len(occ) < 2 or len(occ) > 8:
            continue
        for x in range(len(occ)):
            for y in range(x + 1, len(occ)):
                i, j = occ[x], occ[y]
                if i > 0 and seq[i - 1] == seq[j - 1]:
                    continue
                n = 0
                while j + n < len(seq) and i + n < j and seq[i + n] == seq[j + n]:
                    n += 1
                if n >= repair.MIN_COPY_LINES and (best is None or n > best[2]):
                    if sum(len(s) for s in seq[j : j + n]) >= repair.MIN_COPY_CHARS:
                        best = (i, j, n)
    return best


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["第一条" * 12, "第二条" * 12, "第三条" * 12, "第四条" * 12, "abcd" * 10, "  ", "",
                                 "短", "重复的一行内容" * 6]), max_size=60),
       st.integers(0, 3))
def test_longest_repeat_finds_what_the_plain_search_finds(texts, copies):
    from dutygraph.loaders.base import RawLine

    body = texts + (texts[:30] if copies else []) * copies
    lines = [RawLine(k + 1, t, 0) for k, t in enumerate(body)]
    assert repair._longest_repeat(lines) == _longest_repeat_plain(lines)


def test_longest_repeat_on_synthetic_documents():
    from dutygraph.loaders.base import RawLine

    for d in _SYNTH:
        from dutygraph.loaders import load_bytes

        doc = load_bytes(d.data, path=d.name)
        lines = [RawLine(ln.number, ln.text, ln.start) for ln in doc.lines]
        doubled = lines + lines
        assert repair._longest_repeat(lines) == _longest_repeat_plain(lines)
        assert repair._longest_repeat(doubled) == _longest_repeat_plain(doubled)


def test_deeply_nested_pages_read_as_before():
    # the walker recurses per element (compiled: C calls between its cpdef methods); lxml's parser
    # bounds the depth, so a page nested past it reads as it did, with no crash
    for n in (10, 300, 20000):
        page = "<html><body>" + "<div><span>" * n + "x" + "</span></div>" * n
        lines, notes = html.html_lines(page)
        assert notes == [] and [ln.text for ln in lines] == (["x"] if n < 200 else [])


def test_the_regexes_stay_the_definitions():
    # the loops above are pinned to these patterns: a change to one must be made to the other
    assert html._WS.pattern == r"[ \t\r\n\f\v\u00a0]+"
    assert html._CJK_EDGE.pattern == r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
    assert isinstance(normalize._T2S_MAY, re.Pattern)


def _damaged_utf8_plain(b: bytes):
    """`decode._damaged_utf8` as it was: the whole text decoded, then the test."""
    text = b.decode("utf-8", "replace")
    bad = text.count("\ufffd") - b.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for x in b[: decode._SAMPLE] if x >= 0xC0)
    if bad <= 0:
        return None
    if multibyte >= 20 * bad or (bad <= 2 and multibyte >= 4):
        return text, bad
    return None


_DAMAGE_PIECES = [b"a", b"\n", b"\xe5\xb8\x82", b"\xef\xbf\xbd", b"\xff", b"\xe5", b"\xb8", b"\xc3", b"\xa9",
                  b"\xf0\x9f", b"\xe0\x80", b"\xed\xa0\x80", "市发改委牵头".encode("gb18030"), "市發改委".encode("big5")]


@pytest.mark.parametrize("probe", [1, 4, 7, 64, 256, 1024])
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_DAMAGE_PIECES), max_size=400))
def test_damaged_utf8_with_its_probe_is_the_whole_decode(probe, pieces):
    # the probe (the first bytes decoded alone) only ever answers None where the whole decode does
    data = b"".join(pieces)
    old = decode._PROBE
    decode._PROBE = probe
    try:
        assert decode._damaged_utf8(data) == _damaged_utf8_plain(data)
        # (what the probe rests on: the decode of a prefix, final=False, is a prefix of the whole one)
        import codecs

        assert data.decode("utf-8", "replace").startswith(codecs.utf_8_decode(data[:probe], "replace", False)[0])
    finally:
        decode._PROBE = old


def test_damaged_utf8_on_double_byte_text_and_a_few_bad_bytes():
    text = ("各縣〔市、區〕人民政府，市發展改革委牽頭。\n" * 200)
    for data in (text.encode("gb18030"), text.encode("big5"), text.encode("utf-8")[:-1],
                 text.encode("utf-8").replace("牽".encode("utf-8"), b"\xe7\x89", 3),
                 b"\xef\xbf\xbd" * 600 + "市".encode("gb18030") * 10 + text.encode("utf-8"),
                 "市市市市".encode("utf-8") + b"\xff\xfe" + b"a" * 2000, "市市".encode("utf-8") + b"\xff" + b"a" * 2000):
        assert len(data) > decode._PROBE
        assert decode._damaged_utf8(data) == _damaged_utf8_plain(data)
    assert decode._damaged_utf8(text.encode("gb18030")) is None
    assert decode._damaged_utf8("市市市市".encode("utf-8") + b"\xff\xfe" + b"a" * 2000)[1] == 2  # (two bad, four leads)
    assert decode._damaged_utf8(text.encode("utf-8").replace("牽".encode("utf-8"), b"\xe7\x89", 3))[1] == 3


# (load28) `_damaged_utf8` decodes half its probe first and answers None from it when that count already
# decides (a prefix's U+FFFD are among a longer prefix's): pinned to the whole-decode form on texts whose bad bytes
# sit in the half, only past it, at its cut (a sequence left open there), beside literal U+FFFD, and on GB and
# Big5 text, where the half decides alone (the decodes asked for are recorded).
def test_damaged_utf8_half_probe_first(monkeypatch):
    import codecs as real

    asked: list[int] = []

    class Codecs:
        @staticmethod
        def utf_8_decode(b, errors, final):
            asked.append(len(b))
            return real.utf_8_decode(b, errors, final)

    monkeypatch.setattr(decode, "codecs", Codecs)
    cjk = "市发展改革委牵头，各区人民政府负责。\n".encode("utf-8")
    gb = ("各縣〔市、區〕人民政府，市發展改革委牽頭。\n" * 300).encode("gb18030")
    big5 = ("各縣〔市、區〕人民政府，市發展改革委牽頭。\n" * 300).encode("big5")
    cases = [gb, big5, gb[:5000], big5[:3001]]
    for k in (1, 3, 40, 400):
        bad = b"\xff" * k
        for where in (0.1, 0.3, 0.45, 0.5, 0.55, 0.7, 0.95, 1.2):
            data = cjk * 400
            probe = max(decode._PROBE, sum(1 for x in data[: decode._SAMPLE] if x >= 0xC0) // 4)
            at = int(probe * where)
            cases.append(data[:at] + bad + data[at:])
            cases.append(b"\xef\xbf\xbd" * 300 + data[:at] + bad + data[at:])  # literal U+FFFD, not errors
            cases.append(data[:at] + b"\xe5\xb8" + bad + data[at:])  # a sequence left open
    # at the margin: literal U+FFFD in the half that only `given` keeps from counting (400 of them, 250 bad bytes,
    # leads to 12,000: the half holds 650 U+FFFD, 250 of them errors; the whole text is damaged UTF-8) ...
    lit = b"\xef\xbf\xbd" * 400 + b"\xff" * 250
    lit += "市".encode("utf-8") * (12_000 - 650)
    # ... and errors exactly at the bound in the half (400 of 8,000 leads), the half's cut inside a character
    # (held back, not replaced, in the half's decode)
    cut = b"\xff" * 400 + b"a" * 598 + b"\xe5\xb8"
    cut += b"\x82" + "市".encode("utf-8") * (8_000 - 401)
    for data, m in ((lit, 12_000), (cut, 8_000)):
        assert sum(1 for x in data[: decode._SAMPLE] if x >= 0xC0) == m and _damaged_utf8_plain(data) is not None
        cases.append(data)
    assert max(decode._PROBE, max(decode._PROBE, 8_000 // 4) // 2) == 1_000  # (the cut's place)
    for data in cases:
        asked.clear()
        assert decode._damaged_utf8(data) == _damaged_utf8_plain(data)
    for data in (gb, big5):
        asked.clear()
        assert decode._damaged_utf8(data) is None
        multibyte = sum(1 for x in data[: decode._SAMPLE] if x >= 0xC0)
        assert asked == [max(decode._PROBE, max(decode._PROBE, multibyte // 4) // 2)]  # the half alone decided
