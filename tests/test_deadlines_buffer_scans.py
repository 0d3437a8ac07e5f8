"""deadlines' loops over a string's buffer (compiled only, deadlines.pxd) against the forms they replace.

Compiled, `_deadline_matches` skips to its candidates with `_next_marked_c` (a digit, or a start character
followed by one of `_FOLLOWERS`, by the bits of `_STARTS`) and `_may_hold` is `_may_hold_c`: C loops over
the string's buffer at its width. Switching `deadlines._NATIVE` off runs the Python forms (`_next_start`,
the substring tests), compiled or not; each is pinned here to the other and to the regex forms
(`_RE.finditer`; `_ANY.search and _CORE.search`) on the sample plans' lines, synthetic lines and hypothesis
strings of every width (Latin-1 only, CJK, with characters above U+FFFF — among them decimal digits). As
Python `_NATIVE` is False: the tests pin the Python forms alone.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import deadlines
from tests.test_scan_loops import _groups, _lines

_DIGIT = re.compile(r"\d")


@contextmanager
def _python_forms():
    saved = deadlines._NATIVE
    deadlines._NATIVE = False
    try:
        yield
    finally:
        deadlines._NATIVE = saved


_SKIP_NEEDS = re.compile(r"《|-|年以来|年起|年度|\(\d")


def _check(s: str) -> None:
    got = _groups(deadlines._deadline_matches(s))
    hold = deadlines._may_hold(s)
    skip = deadlines._may_skip(s)
    with _python_forms():
        plain = _groups(deadlines._deadline_matches(s))
        plain_hold = deadlines._may_hold(s)
        plain_skip = deadlines._may_skip(s)
    assert got == plain == _groups(deadlines._RE.finditer(s)), s
    assert hold == plain_hold == bool(deadlines._ANY.search(s) and deadlines._CORE.search(s)), s
    assert skip == plain_skip == bool(_SKIP_NEEDS.search(s)), s
    if not skip:  # (the gate: where it does not hold, `_SKIP` finds nothing)
        assert not deadlines._SKIP.search(s), s


def test_the_flag_follows_the_compiled_module():
    assert deadlines._NATIVE == deadlines._COMPILED


def test_the_marks_are_the_start_class_of_re_and_the_followers():
    starts = deadlines._STARTS
    assert len(starts) == 0x10000
    assert deadlines._RE_STARTS.pattern.startswith("[\\d" + deadlines._START_CHARS + "]")
    for i in range(0x10000):
        c = chr(i)
        want = (1 if _DIGIT.fullmatch(c) else 0) | (2 if c in deadlines._START_CHARS else 0) \
            | (4 if c in deadlines._FOLLOWERS else 0)
        assert starts[i] == want, hex(i)
    # every character the guard asks to follow a start character but a digit is a follower
    asked = set(re.findall(r"[\u4e00-\u9fff]", re.sub(r"\\d|\(\?<=\\d.*?\)\)\|", "", deadlines._GUARD)))
    assert asked - set(deadlines._START_CHARS) <= set(deadlines._FOLLOWERS) | {"续", "推", "进", "态", "化"}


def test_the_skip_marks_are_the_first_characters_may_skip_asks():
    # `_may_skip_c` compares a character whole only where it is marked 2: 《, -, 年, "(" (digits are marked 1)
    firsts = deadlines._SKIP_FIRSTS
    assert len(firsts) == 0x10000
    for i in range(0x10000):
        c = chr(i)
        assert firsts[i] == (1 if _DIGIT.fullmatch(c) else 0) | (2 if c in "《-年(" else 0), hex(i)
    # those are the first characters of `_SKIP_NEEDS`' alternatives (what `_may_skip` is pinned to)
    assert {a.lstrip("\\")[0] for a in _SKIP_NEEDS.pattern.split("|")} == set("《-年(")


def test_the_hold_marks_are_what_may_hold_asks():
    # `_may_hold_c` gathers these bits per character: 1 a digit (`\d`), 2 年, 4 月/日, 8 季, 16 长, 32 持, 64 常
    holds = deadlines._HOLDS
    assert len(holds) == 0x10000
    bits = {"年": 2, "月": 4, "日": 4, "季": 8, "长": 16, "持": 32, "常": 64}
    for i in range(0x10000):
        c = chr(i)
        assert holds[i] == (1 if _DIGIT.fullmatch(c) else 0) | bits.get(c, 0), hex(i)
    # the characters whose bits it gathers are the first ones of `_ANY`'s and `_CORE`'s alternatives
    assert set(bits) == set(re.match(r"\[([^\]]*)\]", deadlines._CORE.pattern).group(1))


def test_buffer_scans_on_sample_and_synthetic_lines():
    found = 0
    for s in _lines():
        _check(s)
        found += bool(list(deadlines._RE.finditer(s)))
    assert found > 400


def test_buffer_scans_at_the_edges():
    followers = deadlines._FOLLOWERS + "续推进态化" + "x"
    for c in deadlines._START_CHARS + "1\u0663\U0001D7D9\U000104A3":
        for d in followers + "\U0001F600":  # (and the skip gate's 年 with what follows it)
            for tail in ("", "年", "季", "半年", "期", "续推进", "态化推进", "月", "底", "x"):
                for before in ("", "a", "1", "\U0001F600"):
                    _check(before + c + d + tail)
    for s in ["(", "(1", "(\u0663", "(\U000104A3", "(a", "a(1", "年以", "年以来", "年起", "年度", "以来", "-", "《",
              "年\U0001F600度", "2023年以来", "(2023)12号", "《规划》", "2021-2025年", "", "年", "月", "日", "季", "季度",
              "长期", "持续", "持续推进", "常态化", "常态化推进", "1", "1月", "\u06631月",
              "\U0001D7D9月", "\U000104A3日", "月\U000104A3", "5个月", "2023年6月", "é月1", "长", "持", "常", "月长期"]:
        _check(s)


_PIECES = st.sampled_from([
    "2023", "2022", "6", "30", "1", "\u0663", "\U0001D7D9", "\U000104A3", "\U0001F600", "年", "月", "日", "底", "末", "内",
    "度",
    "前", "每", "个", "季", "季度", "半", "周", "长", "期", "长期", "持", "续", "持续", "持续推进", "常", "态", "常态化", "常态化推进",
    "第", "一", "二", "三", "四", "今", "本", "当", "上", "下", "半年", "截至", "以来", "以", "来", "起", "(", ")", "《", "》", "-", " ",
    "a", "é",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_buffer_scans_equal_the_python_and_regex_forms(s):
    _check(s)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["1", "5", ".", " ", "a", "-", "é", "\xa0", "\u0663", "("]), max_size=16).map("".join))
def test_buffer_scans_on_narrow_strings(s):
    _check(s)
    _check(s + "\U0001F600")
    _check(s + "月")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_buffer_scans_on_any_text(s):
    _check(s)
