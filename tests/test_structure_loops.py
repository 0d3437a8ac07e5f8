"""structure.py's character loops give what the regexes and Python definitions they replaced give.

The numbering at the start of a paragraph is read by `_numbering_loop` (typed `Py_UCS4` loops when
compiled: see structure.pxd) where `_parse_marker` ran `_RE_PCN`, `_RE_PARABIC`, `_RE_ARABIC` (with
`_is_date_like`) and `_RE_CN`; as Python the module keeps those regexes (`_numbering_re`), picked by
`_COMPILED`. `_has_punct` tests a literal instead of the `_PUNCT` set. Each test keeps the replaced
form here and compares on the samples' lines (data/plans), the lines of seeded synthetic documents
(`dutygraph synth`'s generator) and hypothesis strings over the characters the patterns care about.
They run as compiled (the default) and as Python (`DUTYGRAPH_NATIVE=0`). No timings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph import synth
from dutygraph.extract import structure as S
from dutygraph.loaders.normalize import normalize

_PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"

# The patterns as `_parse_marker` ran them before the loop (kept here: the module's own may change).
_CN_NUM = "一二三四五六七八九十百零〇"
_RE_CN = re.compile(rf"([{_CN_NUM}]+)\s*、|、(?=\S)")
_RE_PCN = re.compile(rf"\(\s*([{_CN_NUM}]+)\s*\)")
_RE_ARABIC = re.compile(r"(\d{1,3})\s*[.、](?![\d.])")
_RE_PARABIC = re.compile(r"\(\s*(\d{1,3})\s*\)")


def _numbering_plain(norm: str) -> tuple[int, int, int]:
    """What `_parse_marker` read after its attachment and circled-number tries, as it did: the
    patterns tried by the first character, a year-like "2022." refused (`_is_date_like`)."""
    first = norm[:1]
    if first == "(":
        if m := _RE_PCN.match(norm):
            return S.PCN, m.end(1), m.end()
        if m := _RE_PARABIC.match(norm):
            return S.PARABIC, m.end(1), m.end()
        return -1, 0, 0
    if first.isdecimal():
        if m := _RE_ARABIC.match(norm):
            if len(m.group(1)) >= 3 and norm[m.end() : m.end() + 1].isdigit():
                return -1, 0, 0
            return S.ARABIC, m.end(1), m.end()
        return -1, 0, 0
    if m := _RE_CN.match(norm):
        return S.CN, (m.end(1) if m.group(1) is not None else 0), m.end()
    return -1, 0, 0


def _parse_marker_before(p: S.Para) -> S.Marker | None:
    """`_parse_marker` as it was (Marker built by its class, the regexes matched in turn)."""
    norm, text = p.norm, p.text
    first = norm[:1]
    circled = "\u2460" <= text[:1] <= "\u2473" or "\u3251" <= text[:1] <= "\u325f"
    if first not in S._MARKER_FIRST and not first.isdecimal() and not circled:
        return None
    if first == "附" and (m := S._RE_ATTACH.match(norm)):
        return S.Marker(S.ATTACH, f"附件{m.group(1)}", text.strip(), len(norm))
    if circled:
        return S.Marker(S.CIRCLED, text[0], text[0], S._skip_space(norm, 1))
    if first == "(":
        if m := _RE_PCN.match(norm):
            return S.Marker(S.PCN, norm[: m.end()].replace(" ", ""), text[: m.end()], S._skip_space(norm, m.end()))
        if m := _RE_PARABIC.match(norm):
            return S.Marker(S.PARABIC, norm[: m.end()].replace(" ", ""), text[: m.end()],
                            S._skip_space(norm, m.end()))
        return None
    if first.isdecimal():
        if m := _RE_ARABIC.match(norm):
            if len(m.group(1)) >= 3 and norm[m.end() : m.end() + 1].isdigit():
                return None
            return S.Marker(S.ARABIC, m.group(1), text[: m.end()], S._skip_space(norm, m.end()))
        return None
    if m := _RE_CN.match(norm):
        return S.Marker(S.CN, m.group(1) or "", text[: m.end()], S._skip_space(norm, m.end()))
    return None


@lru_cache(maxsize=1)
def _lines() -> tuple[str, ...]:
    """The samples' lines and those of 60 seeded synthetic documents (every format's text as
    lines), each also from every white space and every "、" on (the inline starts a giant line
    is cut at), stripped as a paragraph is."""
    out: list[str] = []
    for p in sorted(_PLANS.glob("*.txt")):
        out += p.read_text(encoding="utf-8", errors="replace").splitlines()
    for d in synth.generate(60, seed=5):
        if d.fmt == "txt":
            out += d.data.decode(d.encoding.split(":")[-1], errors="replace").splitlines()
    lines = [t.strip() for t in out if t.strip()]
    pieces = [t[m.end():].strip() for t in lines for m in re.finditer(r"\s|、", t)]
    return tuple(lines + [p for p in pieces if p])


def _check(text: str) -> None:
    norm = normalize(text)
    want = _numbering_plain(norm)
    assert S._numbering_loop(norm) == want, norm
    assert S._numbering_re(norm) == want, norm
    assert S._numbering_loop(text) == _numbering_plain(text), text
    assert S._has_punct(norm) == any(c in S._PUNCT for c in norm)
    p = S.Para(1, 0, len(text), text, norm)
    assert S._parse_marker(p) == _parse_marker_before(p), text


@pytest.mark.parametrize("compiled", [True, False])
def test_numbering_loop_on_sample_and_synthetic_lines(monkeypatch, compiled):
    monkeypatch.setattr(S, "_COMPILED", compiled)  # `_parse_marker` through either form
    for t in _lines():
        _check(t)


_CHARS = ["(", ")", "（", "）", "〔", "〕", " ", "\u3000", "\t", "\n", "\x85", "\xa0", "\u2028", "一", "二", "十",
          "百", "零", "〇", "两", "1", "2", "12", "123", "2022", "٣", "１", "²", "①", "⑩", "㉑", ".", "..", "、",
          "附", "件", "附件", "年", "方案", "。", ":", ",", "a", "x"]
_TEXT = st.lists(st.sampled_from(_CHARS), min_size=0, max_size=10).map("".join)
_ANY = st.text(alphabet=st.sampled_from(sorted(set("".join(_CHARS)))), max_size=12)


def _check_with(text: str, compiled: bool) -> None:
    """`_check(text)` with `parse_marker` reading the numbering by the loop (True) or the regexes."""
    saved = S._COMPILED
    S._COMPILED = compiled
    try:
        _check(text)
    finally:
        S._COMPILED = saved


@settings(max_examples=2000, deadline=None)
@given(_TEXT, st.booleans())
def test_numbering_loop_equals_the_regexes(text, compiled):
    _check_with(text, compiled)


@settings(max_examples=1000, deadline=None)
@given(_ANY, st.booleans())
def test_numbering_loop_on_any_mix_of_the_characters(text, compiled):
    _check_with(text, compiled)


def test_numbering_loop_reads_each_kind():
    loop = S._numbering_loop
    assert loop("(二)x") == (S.PCN, 2, 3) and loop("( 十二 )") == (S.PCN, 4, 6)
    assert loop("(12)") == (S.PARABIC, 3, 4) and loop("(1234)") == (-1, 0, 0)
    assert loop("3.x") == (S.ARABIC, 1, 2) and loop("12 、a") == (S.ARABIC, 2, 4)
    assert loop("2022.") == (-1, 0, 0) and loop("1.5") == (-1, 0, 0) and loop("1..") == (-1, 0, 0)
    assert loop("202.²") == (-1, 0, 0) and loop("20.²") == (S.ARABIC, 2, 3)
    assert loop("二、") == (S.CN, 1, 2) and loop("、a") == (S.CN, 0, 1) and loop("、 a") == (-1, 0, 0)
    assert loop("") == (-1, 0, 0) and loop("附件1") == (-1, 0, 0)


# ---------------------------------------------------------------- shortcuts before a regex or a slice


def _toc_entry_before(p: S.Para, m: S.Marker, titles: set[str], *, listing: bool) -> bool:
    """`_toc_entry` as it was (the content's end tested by `_ends_like_title` alone)."""
    if m.level != S.ARABIC:
        return False
    norm = p.norm
    content = p.text[m.end :]
    if not listing and not S._ends_like_title(S._cut_trailing_bracket(norm[m.end :])):
        return False
    resp = S.find_responsibility(content, norm[m.end :])
    core = content[: resp.span[0]] if resp is not None and S._is_closing(resp, content) else content
    if S._title_key(core.strip()) in titles:
        return True
    return listing and len(core) <= 60 and "。" not in norm


def _cover_info_before(paras: list[S.Para]) -> tuple[str, str | None]:
    """`_cover_info` as it was (both date patterns tried on every paragraph)."""
    issuer, issued = "", None
    for k, p in enumerate(paras):
        n = p.norm.strip()
        m = S._RE_DATE.fullmatch(n) or S._RX2.fullmatch(n)
        if m is None:
            continue
        issued = S._iso(m)
        names: list[str] = []
        for q in reversed(paras[max(0, k - 2) : k]):
            t = q.norm.strip()
            if len(t) > 30 or S._has_punct(t) or S.parse_marker(q):
                break
            names.insert(0, q.text.strip())
        if names:
            issuer = "".join(names)
    if not issued or not issuer:
        for p in paras:
            n = p.norm
            if not issued and (m := S._RX3.search(n)):
                issued = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            if not issuer and "来源" in n and (m := S._RX4.search(n)):
                issuer = p.text[m.start(1) : m.end(1)]
    return issuer, issued


def _line_of_zip(paras, texts: list[str], offset: int) -> int:
    pos = 0
    for p, t in zip(paras, texts):
        pos += len(t) + 1
        if offset < pos:
            return p.line
    return paras[-1].line if paras else 0


def test_title_last_characters_are_the_literal_of_toc_entry():
    assert set(S._TITLE_LAST) == set("案划施措见法则点单况告结)") and len(S._TITLE_LAST) == 13


def _paras(text: str) -> list[S.Para]:
    return [S.Para(i, 0, len(t), t, normalize(t)) for i, t in enumerate(text.splitlines()) if t.strip()]


def test_toc_entry_and_cover_info_on_sample_and_synthetic_lines():
    lines = _lines()
    titles = {S._title_key(t) for t in lines[::7] if len(t) <= 60}
    paras = [S.Para(1, 0, len(t), t, normalize(t)) for t in lines]
    for p in paras:
        m = S.parse_marker(p)
        if m is not None:
            for listing in (False, True):
                assert S._toc_entry(p, m, titles, listing=listing) == \
                    _toc_entry_before(p, m, titles, listing=listing), p.text
    for k in range(0, len(paras), 5):
        chunk = paras[k : k + 12]
        assert S._cover_info(chunk) == _cover_info_before(chunk)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["1.", "12、", "2022.", "方案", "计划", "情况", "报告", "名单", "(征求意见稿)", "(市局牵头)",
                                 "(", ")", " ", "\u3000", "\n", "。", "工作", "提升行动", "2023年5月6日", "2023-05-06",
                                 "2023年0506", "发布时间:2023-5-6", "来源:市政府", "市人民政府", "a"]),
                min_size=1, max_size=8).map("".join), st.booleans())
def test_toc_entry_and_cover_info_on_hypothesis_text(text, listing):
    paras = _paras(text) + [S.Para(9, 0, len(text), text, normalize(text))]
    titles = {S._title_key(p.text.strip()) for p in paras[::2]}
    for p in paras:
        m = S.parse_marker(p)
        if m is not None:
            assert S._toc_entry(p, m, titles, listing=listing) == _toc_entry_before(p, m, titles, listing=listing)
    assert S._cover_info(paras) == _cover_info_before(paras)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab\n", max_size=5), max_size=5), st.integers(-2, 30))
def test_line_of_equals_the_zip_walk(texts, offset):
    paras = [S.Para(i + 3, 0, 0, t, t) for i, t in enumerate(texts)]
    assert S._line_of(paras, texts, offset) == _line_of_zip(paras, texts, offset)
    assert S._line_of(tuple(paras[:-1]), texts, offset) == _line_of_zip(tuple(paras[:-1]), texts, offset)


def test_marker_first_characters_are_the_literal_of_parse_marker():
    assert set("附(、一二三四五六七八九十百零〇") == S._MARKER_FIRST and S._CN_NUM == "一二三四五六七八九十百零〇"
    for text, norm in (("", ""), ("①", ""), ("", "1."), ("\0", "\0"), ("①x", "1x")):
        p = S.Para(1, 0, len(text), text, norm)
        assert S._parse_marker(p) == _parse_marker_before(p)


# ---------------------------------------------------------------- paragraphs


def _paragraphs_before(doc) -> list[S.Para]:
    """`paragraphs` as it was (every line through the cut list; its ends by lstrip/rstrip)."""
    out: list[S.Para] = []
    for ln in doc.lines:
        text = ln.text
        if not text.strip():
            continue
        norm = ln.norm
        cuts = [0]
        if not out and (m := S._RE_TITLE_RUN_ON.match(norm)) and S._is_title(S.Para(0, 0, 0, m.group(1), m.group(1))):
            cuts.append(m.end(1))
        if len(text) > S.GIANT_LINE or len(S._RE_INLINE_SECTION_FAST.findall(norm)) >= 2:
            cuts += [m.start() for m in S._RE_INLINE_SPLIT.finditer(norm) if m.start() > cuts[-1]]
        cuts.append(len(text))
        for a, b in zip(cuts, cuts[1:]):
            piece = text[a:b]
            a2, b2 = a + len(piece) - len(piece.lstrip()), b - (len(piece) - len(piece.rstrip()))
            if a2 < b2:
                out.append(S.Para(ln.number, a2, b2, text[a2:b2], norm[a2:b2], tuple(ln.repairs)))
    return out


def _doc(lines: list[str]):
    from dutygraph.records import Document, Line

    return Document(path="x.txt", name="x.txt", sha256="0", encoding="utf-8", fmt="txt",
                    lines=tuple(Line(i + 1, t, normalize(t)) for i, t in enumerate(lines)))


def test_paragraphs_on_the_samples_and_synthetic_documents(tmp_path):
    from dutygraph.loaders import load

    docs = [load(str(p)) for p in sorted(_PLANS.glob("*")) if p.is_file()]
    for i, d in enumerate(synth.generate(40, seed=7)):
        f = tmp_path / f"{i}.{d.fmt}"
        f.write_bytes(d.data)
        try:
            docs.append(load(str(f)))
        except Exception:  # noqa: BLE001 - a damaged document the loader refuses: nothing to outline
            pass
    assert len(docs) > 30
    for doc in docs:
        assert S.paragraphs(doc) == _paragraphs_before(doc), doc.name


@settings(max_examples=800, deadline=None)
@given(st.lists(st.lists(st.sampled_from([" ", "\u3000", "\t", "\xa0", "\x85", "一、", "二、", "(一)", "1.", "、", "方案",
                                          "工作推进情况", "聚焦短板弱项,", "x" * 30, "。"]),
                         max_size=8).map("".join), max_size=6))
def test_paragraphs_on_hypothesis_lines(lines):
    doc = _doc(lines)
    assert S.paragraphs(doc) == _paragraphs_before(doc)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from([" ", "\u3000", "\t", "\n", "一、", "十二、", "(一)", "(二", "1.", "12、", "123.", "1.5",
                                 "1.%", "2022.", "、", "x", "。"]), max_size=12).map("".join))
def test_inline_split_from_the_white_space_equals_the_lookbehind(norm):
    assert [m.start() + 1 for m in S._RE_INLINE_SPLIT_FAST.finditer(norm)] == \
        [m.start() for m in S._RE_INLINE_SPLIT.finditer(norm)]


def _item_title_before(content: str, *, lost_char: bool = False) -> str:
    """`item_title` as it was (`_RX8` searched in every item's first 80 characters)."""
    if m := S._RX8.search(content[:80]):
        return S._strip_clause(content[: m.start() + 1]).strip()
    i = content.find("。")
    if lost_char and (m := S._LOST_TITLE_END.match(content.lstrip())) and (
            i < 0 or len(content) - len(content.lstrip()) + m.end() < i):
        return m.group(0)[:-1].strip() + "。"
    if i >= 0:
        return content[: i + 1].strip()
    return S._strip_clause(content).strip()


def test_item_title_on_sample_and_synthetic_lines():
    for t in _lines():
        for lost in (False, True):
            assert S.item_title(t, lost_char=lost) == _item_title_before(t, lost_char=lost), t


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["加强领导", ")", "):", ") :", "(责任单位:市局)", "。", "?", "改革", " ", "x" * 40]),
                max_size=8).map("".join), st.booleans())
def test_item_title_on_hypothesis_text(content, lost):
    assert S.item_title(content, lost_char=lost) == _item_title_before(content, lost_char=lost)


# ---------------------------------------------------------------- "(1)"-like numbering, the outline's records


_RE_PAREN_NUMBER = re.compile(r"\(\d{1,2}\)")  # (as `item_clause` searched it before the loop)


def _check_paren_number(text: str, compiled: bool) -> None:
    saved = S._COMPILED
    S._COMPILED = compiled
    try:
        assert S._has_paren_number(text) == ("(" in text and _RE_PAREN_NUMBER.search(text) is not None), text
    finally:
        S._COMPILED = saved


@pytest.mark.parametrize("compiled", [True, False])
def test_paren_number_on_sample_and_synthetic_lines(compiled):
    for t in _lines():
        _check_paren_number(t, compiled)
        _check_paren_number(normalize(t), compiled)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "((", "1", "12", "123", "٣", "²", "１", "a", " ", "\n", "。", "(1)", "(12)"]),
                max_size=10).map("".join), st.booleans())
def test_paren_number_loop_equals_the_regex(text, compiled):
    _check_paren_number(text, compiled)


def test_the_outline_records_are_the_dataclasses_they_were():
    """Compiled, Para, Marker, Clause, SectionOutline and ItemOutline are extension types that Cython
    makes dataclasses of: built, compared, hashed (the last three: unhashable), printed and listed as the
    slots dataclasses they are as Python (and were; Para and Marker with `unsafe_hash=True`); `_new_para`
    and `_new_marker` build the same values."""
    import dataclasses

    p = S.Para(3, 1, 6, "（二）x", "(二)x")
    assert repr(p) == "Para(line=3, start=1, end=6, text='（二）x', norm='(二)x', repairs=())"
    assert p == S.Para(3, 1, 6, "（二）x", "(二)x", ()) and p != S.Para(3, 1, 6, "（二）x", "(二)x", ("r",))
    assert p != (3, 1, 6, "（二）x", "(二)x", ()) and hash(p) == hash((3, 1, 6, "（二）x", "(二)x", ()))
    assert [f.name for f in dataclasses.fields(S.Para)] == ["line", "start", "end", "text", "norm", "repairs"]
    assert S.Para.__slots__ == ("line", "start", "end", "text", "norm", "repairs")
    assert S.Para(line=1, start=0, end=1, text="a", norm="a", repairs=("r",)).repairs == ("r",)
    c = S.Clause(("市局",), (), None, "(市局牵头)", 4)
    assert repr(c) == "Clause(lead=('市局',), co=(), deadline_raw=None, text='(市局牵头)', line=4)"
    assert c == S.Clause(("市局",), (), None, "(市局牵头)", 4) and c != S.Clause(("市局",), (), "x", "(市局牵头)", 4)
    assert S.Clause.__hash__ is None and [f.name for f in dataclasses.fields(S.Clause)] == \
        ["lead", "co", "deadline_raw", "text", "line"] and S.Clause.__slots__ == ("lead", "co", "deadline_raw", "text", "line")
    so = S.SectionOutline(2, "一、", "总体要求", ("一、",), ("总体要求",), c)
    assert repr(so) == "SectionOutline(line=2, number='一、', title='总体要求', path=('一、',), titles=('总体要求',), " \
        f"clause={c!r})" and so == S.SectionOutline(2, "一、", "总体要求", ("一、",), ("总体要求",), c)
    item = S.ItemOutline(3, "1", (0, 5), "加强领导。", "加强领导。", "measure", (p,), ("总体要求",), ("一、",), None, False,
                         (), "加强领导。")
    assert repr(item) == "ItemOutline(line=3, number='1', span=(0, 5), title='加强领导。', text='加强领导。', " \
        f"kind='measure', paras=({p!r},), section_titles=('总体要求',), section_path=('一、',), clause=None, " \
        "inherited=False, repairs=(), norm='加强领导。')"
    assert S.SectionOutline.__hash__ is None and S.ItemOutline.__hash__ is None
    assert [f.name for f in dataclasses.fields(S.ItemOutline)] == list(S.ItemOutline.__slots__)
    doc = _doc(["一、总体要求", "  (一)加强领导。  "])
    assert S.paragraphs(doc) == [S.Para(1, 0, 6, "一、总体要求", "一、总体要求", ()),
                                 S.Para(2, 2, 10, "(一)加强领导。", "(一)加强领导。", ())]
    m = S.Marker(S.PCN, "(二)", "（二）", 3)
    assert repr(m) == "Marker(level=2, number='(二)', label='（二）', end=3)"
    assert m == S.Marker(2, "(二)", "（二）", 3) and hash(m) == hash((2, "(二)", "（二）", 3))  # (the dataclass's hash)
    assert m != S.Marker(2, "(二)", "（二）", 4) and m != ("(二)",)
    assert [f.name for f in dataclasses.fields(S.Marker)] == ["level", "number", "label", "end"]
    assert S.Marker.__slots__ == ("level", "number", "label", "end")
    assert S.parse_marker(p) == m


def test_an_item_given_its_known_clause_is_the_item_asked_again():
    """`item_clause(..., known)` (the answer `_build` asked for an item of one paragraph) = the clause
    asked again, on every numbered paragraph of the samples and synthetic lines; and the one paragraph's
    text given alone (a str, as `_item` gives it) = given as a list of one."""
    for t in _lines():
        p = S.Para(1, 0, len(t), t, normalize(t))
        m = S.parse_marker(p)
        if m is None:
            continue
        content, content_norm = p.text[m.end:], p.norm[m.end:]
        known = S.find_responsibility(content, content_norm)
        asked = S.item_clause([p], [content], content_norm)
        assert S.item_clause([p], [content], content_norm, known) == asked, t
        assert S.item_clause((p,), content, content_norm, known) == asked, t
        assert S.item_clause((p,), content, content_norm) == asked, t
