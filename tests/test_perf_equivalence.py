"""The fast forms of hot-path patterns find exactly what the plain forms they replace find.

Each rewrite (bench/extract_bench.py throughput work) keeps the original, readable pattern here as
the reference and checks both on random text built from the characters that matter, plus excerpts
from the sample documents. No timings: these fail on a difference in output, never on speed.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import deadlines, structure
from dutygraph.extract.reference import longest_word_pattern


def _alternation(words: list[str], guarded) -> re.Pattern[str]:
    """The plain form: every word, longest first; guarded words not next to a digit."""
    alts = []
    for w in sorted(set(words), key=lambda v: (-len(v), v)):
        esc = re.escape(w)
        alts.append(rf"(?<!\d){esc}(?!\d)" if guarded(w) else esc)
    return re.compile("(?:" + "|".join(alts) + ")")


def _digit_edge(w: str) -> bool:
    return w[:1].isdigit() or w[-1:].isdigit()


_WORDS = st.lists(st.text(alphabet="12一网通办平台热线a", min_size=1, max_size=5), min_size=1, max_size=12)
_TEXT = st.text(alphabet="12一网通办平台热线a \n345", max_size=40)


@settings(max_examples=400, deadline=None)
@given(_WORDS, _TEXT)
def test_longest_word_pattern_matches_the_longest_first_alternation(words, text):
    fast = longest_word_pattern(words, digit_guarded=_digit_edge)
    plain = _alternation(words, _digit_edge)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_longest_word_pattern_on_platform_names():
    # 石嘴山 / 赣州 style: a hotline number inside a longer number is no hotline
    words = ["12345", "12345政务服务热线", "赣服通", "一网通办", "一网通"]
    fast = longest_word_pattern(words, digit_guarded=_digit_edge)
    text = "依托12345政务服务热线和“赣服通”一网通办,电话123456不算"
    assert [m.group(0) for m in fast.finditer(text)] == ["12345政务服务热线", "赣服通", "一网通办"]


# The plain forms of the deadline pre-scans (deadlines.py keeps the fast forms).
_ANY = re.compile(r"[\d年季]|长期|持续|常态化")
_YEAR = re.compile(r"(?=[12])(?<!\d)(20\d{2}|19\d{2})年")
_SKIP = re.compile(r"(?=[(《\d])(?:\(\d{4}\)\d*号?|《[^》]{0,200}》|\d{4}年(?:以来|起|度)|\d{4}-\d{4}年)")
_DATES = st.lists(
    st.sampled_from(["2022", "1999", "2101", "年", "季", "长期", "持续", "常态化", "长", "持", "常", "(", ")",
                     "《", "》", "-", "号", "以来", "起", "度", "9", "0", "一", " "]),
    max_size=14,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_DATES)
def test_deadline_prescans_equal_their_plain_forms(text):
    assert bool(deadlines._ANY.search(text)) == bool(_ANY.search(text))
    assert [(m.start(), m.group(1)) for m in deadlines._YEAR.finditer(text)] == \
        [(m.start(), m.group(1)) for m in _YEAR.finditer(text)]
    assert [m.span() for m in deadlines._SKIP.finditer(text)] == [m.span() for m in _SKIP.finditer(text)]


def test_deadline_prescans_on_a_constructed_clause():
    # a plan title and a document number (skipped spans) before a dated deadline
    text = "按照《芜湖市2021-2023年行动计划》(2022)5号要求,2023年6月底前完成"
    assert [m.group(0) for m in deadlines._SKIP.finditer(text)] == ["《芜湖市2021-2023年行动计划》", "(2022)5号"]
    assert [m.span() for m in deadlines._SKIP.finditer(text)] == [m.span() for m in _SKIP.finditer(text)]
    assert [(m.start(), m.group(1)) for m in deadlines._YEAR.finditer(text)] == \
        [(m.start(), m.group(1)) for m in _YEAR.finditer(text)] == [(11, "2023"), (32, "2023")]


_INLINE_SUBITEM = re.compile(r"(?<=[。;；)\]])\s*(?=\(\d{1,2}\))")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["。", ";", "；", ")", "]", "(", "(1)", "(12)", "(123)", " ", "\n", "一", "1"]),
                max_size=12).map("".join))
def test_inline_subitem_cuts_equal_the_lookbehind_form(text):
    fast = [m.start() + 1 for m in structure._RE_INLINE_SUBITEM_FAST.finditer(text)] if "(" in text else []
    assert fast == [m.start() for m in _INLINE_SUBITEM.finditer(text)]
