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


@settings(max_examples=2000, deadline=None)
@given(_TEXT, st.booleans())
def test_numbering_loop_equals_the_regexes(text, compiled):
    saved = S._COMPILED
    S._COMPILED = compiled
    try:
        _check(text)
    finally:
        S._COMPILED = saved


@settings(max_examples=1000, deadline=None)
@given(_ANY, st.booleans())
def test_numbering_loop_on_any_mix_of_the_characters(text, compiled):
    saved = S._COMPILED
    S._COMPILED = compiled
    try:
        _check(text)
    finally:
        S._COMPILED = saved


def test_numbering_loop_reads_each_kind():
    loop = S._numbering_loop
    assert loop("(二)x") == (S.PCN, 2, 3) and loop("( 十二 )") == (S.PCN, 4, 6)
    assert loop("(12)") == (S.PARABIC, 3, 4) and loop("(1234)") == (-1, 0, 0)
    assert loop("3.x") == (S.ARABIC, 1, 2) and loop("12 、a") == (S.ARABIC, 2, 4)
    assert loop("2022.") == (-1, 0, 0) and loop("1.5") == (-1, 0, 0) and loop("1..") == (-1, 0, 0)
    assert loop("202.²") == (-1, 0, 0) and loop("20.²") == (S.ARABIC, 2, 3)
    assert loop("二、") == (S.CN, 1, 2) and loop("、a") == (S.CN, 0, 1) and loop("、 a") == (-1, 0, 0)
    assert loop("") == (-1, 0, 0) and loop("附件1") == (-1, 0, 0)
