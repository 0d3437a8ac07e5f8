"""targets' loops over a string's buffer (compiled only, targets.pxd) against the forms they replace.

Compiled, `_target_matches` skips to its candidates with `_next_marked_c` (the characters `_STARTS` marks,
past a digit after a digit or "." and a start character with no digit within reach) and `_first_digit`
with `_next_digit_c`: C loops over the string's buffer at its width. Switching `targets._NATIVE` off runs
the Python forms of the same functions (`_next_start`, the character loop), compiled or not; each is
pinned here to the other and to the regex forms (`_CORE.finditer`, `\\d`) on the sample plans' lines,
synthetic lines and hypothesis strings of every width (Latin-1 only, CJK, with characters above U+FFFF —
among them a decimal digit, U+1D7D9). As Python `_NATIVE` is False: the tests pin the Python forms alone.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import targets
from tests.test_scan_loops import _groups, _lines

_DIGIT = re.compile(r"\d")


@contextmanager
def _python_forms():
    saved = targets._NATIVE
    targets._NATIVE = False
    try:
        yield
    finally:
        targets._NATIVE = saved


def _check(s: str) -> None:
    for pos in (-1, 0, 1, 3, 6, len(s), len(s) + 2):
        got = _groups(targets._target_matches(s, pos))
        with _python_forms():
            plain = _groups(targets._target_matches(s, pos))
        assert got == plain == _groups(targets._CORE.finditer(s, max(pos, 0))), (s, pos)
    first = _DIGIT.search(s)
    with _python_forms():
        assert targets._first_digit(s) == (first.start() if first else -1), s
    assert targets._first_digit(s) == (first.start() if first else -1), s


def test_the_flag_follows_the_compiled_module():
    assert targets._NATIVE == targets._COMPILED


def test_the_marks_are_the_start_class_of_core():
    starts = targets._STARTS
    assert len(starts) == 0x10000
    assert re.match(r"\(\?=\[" + re.escape(targets._START_CHARS) + r"\\d\]\)", targets._CORE.pattern)
    for i in range(0x10000):
        c = chr(i)
        want = 1 if _DIGIT.fullmatch(c) else 2 if c in targets._START_CHARS else 0
        assert starts[i] == want, hex(i)
    # above the BMP there are decimal digits too: the C loops stop at every such character
    assert [i for i in range(0x10000, sys.maxunicode + 1) if chr(i).isdecimal()][:1] == [0x104A0]


def test_buffer_scans_on_sample_and_synthetic_lines():
    found = 0
    for s in _lines():
        _check(s)
        found += bool(list(targets._CORE.finditer(s)))
    assert found > 300


def test_buffer_scans_at_the_edges():
    # every verb with and without a space before its number, after and before other characters: the
    # candidate a start character makes depends on a digit within _DIGIT_REACH characters after it
    verbs = targets._VERB[3:-1].split("|")
    assert max(map(len, verbs)) + 1 == targets._DIGIT_REACH
    for verb in verbs:
        for gap in ("", " ", "\u3000", "  "):
            for number in ("5", "96", "1.5", "\u0663", "\U0001D7D9"):
                for unit in ("%", "个工作日", "天", "x"):
                    for before in ("", "a", "1", ".", "\U0001F600"):
                        _check(before + verb + gap + number + unit)
    for s in ["", "1", "5个工作日", "1.5个工作日", "15个工作日内", ".5个工作日", "a5小时", "\U0001F6005分钟", "é5分钟",
              "\U000104A3个工作日", "5\U000104A3个工作日"]:
        _check(s)


_PIECES = st.sampled_from([
    "压缩至", "减至", "控制在", "不超过", "不低于", "达到", "提高到", "同比增长", "在", "达", "下", "保持在", "力争在", "突破",
    "1", "5", "30", "96", ".", ".5", "\u0663", "\U0001D7D9", "\U000104A3", "\U0001F600", "%", "个", "个工作日", "工作日",
    "自然日", "小时", "分钟", "天", "天内", "以内", "内", "项", "件", "亿元", " ", "\u3000", "。", "a", "é", "年", "满意率",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_buffer_scans_equal_the_python_and_regex_forms(s):
    _check(s)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["1", "5", ".", " ", "a", "%", "é", "\xa0", "\u0663"]), max_size=16).map("".join))
def test_buffer_scans_on_narrow_strings(s):
    _check(s)
    _check(s + "\U0001F600")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_buffer_scans_on_any_text(s):
    _check(s)
