"""The character loops that find the per-measure scanners' candidates find what the regex forms they
replace find.

Compiled (dutygraph.native), deadlines, targets and platforms scan an item's text with loops over its
characters (`_deadline_matches`, `_target_matches`, `_listed_spans`, `_place_matches`, `_quoted_spans`:
C loops once typed by their .pxd) instead of the regex engine's scans; as Python they keep the regex
forms. Each loop is pinned here to the form it replaces — `list(_RE.finditer(s))`,
`list(_CORE.finditer(s, pos))`, the platform table's longest-word pattern, the place-prefixed and the
quoted names' patterns — on the sample plans' lines, seeded synthetic documents' lines and hypothesis
strings built from the characters the rules care about (digits of several scripts, brackets, full-width
forms, the start characters, verbs, units and listed names); the deadlines' date helpers are pinned to
`calendar.monthrange` and `date.isoformat`. These tests run the loops in whichever form the process
imports (compiled after a build); the last one runs them compiled and as Python and compares. No
timings.
"""

from __future__ import annotations

import calendar
import os
import re
import subprocess
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import deadlines, platforms, targets
from dutygraph.extract.reference import finditer_via
from dutygraph.loaders.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
_PLANS = ROOT / "data" / "plans"
_DIGIT = re.compile(r"\d")


def _groups(ms) -> list:
    return [(m.span(), m.lastgroup, m.groups()) for m in ms]


@lru_cache(maxsize=1)
def _lines() -> tuple[str, ...]:
    """Normalised lines: every line of the sample plans and of 60 seeded synthetic documents (each
    format and damage pattern, many places), as the extractors see an item's text."""
    from dutygraph import synth
    from dutygraph.errors import DutygraphError
    from dutygraph.loaders import load_bytes

    out: list[str] = []
    for p in sorted(_PLANS.glob("*.txt")):
        out += [normalize(t) for t in p.read_text(encoding="utf-8", errors="replace").splitlines() if t.strip()]
    for d in synth.generate(60, seed=3):
        try:
            doc = load_bytes(d.data, path=d.name)
        except DutygraphError:
            continue
        out += [line.norm for line in doc.lines if line.norm.strip()]
    return tuple(out)


def test_the_samples_give_lines_with_every_kind_of_candidate():
    lines = _lines()
    assert len(lines) > 3000
    assert sum(bool(list(deadlines._RE.finditer(s))) for s in lines) > 400
    assert sum(bool(list(targets._CORE.finditer(s))) for s in lines) > 300
    table = platforms.platform_table()
    assert sum(bool(list(table.pattern.finditer(s))) for s in lines) > 200


def test_is_digit_is_the_regex_digit_for_every_character():
    # every code point: the loops' digit test is `\d` (a Unicode decimal digit), U+2000–U+9FFF short-cut
    digit = _DIGIT.fullmatch
    for module in (deadlines, targets, platforms):
        is_digit = module._is_digit
        assert [i for i in range(sys.maxunicode + 1) if is_digit(chr(i)) != bool(digit(chr(i)))] == []


# ------------------------------------------------------------------ deadlines

def _deadline_plain(s: str) -> list:
    return _groups(deadlines._RE.finditer(s))


def test_deadline_loop_on_sample_and_synthetic_lines():
    for s in _lines():
        assert _groups(deadlines._deadline_matches(s)) == _deadline_plain(s), s


def test_deadline_start_test_is_the_guard_on_sample_lines():
    # `_may_start` holds exactly where `_RE_STARTS`'s class and guard do (its body aside): the regex
    # form of the start test is the class and the guard alone
    starts = re.compile(deadlines._RE_STARTS.pattern.split("(?<=(?=")[0])
    for s in _lines()[::7]:
        assert [p for p in range(len(s)) if deadlines._may_start(s, p, len(s))] == \
            [p for p in range(len(s)) if starts.match(s, p)], s


_DEADLINE_PIECES = st.sampled_from([
    "2022", "20224", "2022630", "12023", "6", "12", "30", "1", "0", "\u0663", "\uff12", "\u0968", "年", "月", "日",
    "底", "末", "内", "度", "前", "之前", "以前", "份", "的", "每", "个", "半年", "周", "季", "季度", "首月", "第", "一",
    "二", "四", "五", "上", "下", "中", "今", "本", "当", "长", "期", "坚持", "持", "续推进", "常", "态化推进", "至",
    "到", "-", "—", "~", "(", ")", "（", "〔", "〕", "《", "》", "[", "]", "以来", "截至", "起", "时限", ":", "：",
    ",", "，", "。", "、", " ", "\u3000", "\n", "\t", "号", "a",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_DEADLINE_PIECES, max_size=20).map("".join))
def test_deadline_loop_equals_finditer(s):
    plain = _deadline_plain(s)
    assert _groups(deadlines._deadline_matches(s)) == plain
    assert _groups(finditer_via(deadlines._RE_STARTS, deadlines._RE, s)) == plain


@settings(max_examples=800, deadline=None)
@given(st.lists(_DEADLINE_PIECES, max_size=12).map("".join))
def test_deadline_start_test_keeps_every_match_start(s):
    for p in range(len(s)):
        if deadlines._RE.match(s, p) is not None:
            assert deadlines._may_start(s, p, len(s)), (s, p)


_START_CLASS = "每长持常第一二三四今本当年上下"


def _check_pattern_at(s: str) -> None:
    """At every position that opens with a character of `_RE`'s start class (not only where the guard
    holds), the branches `_pattern_at` picks match as `_RE` does: the same span, kind and groups."""
    n = len(s)
    for p, c in enumerate(s):
        if c in _START_CLASS or _DIGIT.match(c):
            got, want = deadlines._pattern_at(s, p, n, c).match(s, p), deadlines._RE.match(s, p)
            assert _groups([got] if got else []) == _groups([want] if want else []), (s, p)


def test_the_branch_subsets_keep_every_group_of_the_pattern():
    subsets = [deadlines._RE_YEAR, deadlines._RE_DIGITS, deadlines._RE_EVERY, deadlines._RE_ONGOING,
               deadlines._RE_QUARTER, deadlines._RE_HALF_OR_YEAR, deadlines._RE_HALF, deadlines._RE_THIS_YEAR]
    kinds = set()
    for sub in subsets:
        assert sub.groupindex == deadlines._RE.groupindex and sub.groups == deadlines._RE.groups
        kinds |= {name for name in deadlines._KIND_OF if f"(?P<{name}>)" not in sub.pattern}  # (kept whole)
    assert kinds == set(deadlines._KIND_OF)  # every branch is in some subset


def test_pattern_at_matches_as_the_pattern_on_sample_and_synthetic_lines():
    for s in _lines():
        _check_pattern_at(s)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_DEADLINE_PIECES, max_size=16).map("".join))
def test_pattern_at_matches_as_the_pattern(s):
    _check_pattern_at(s)


def test_has_digit_is_the_digit_search():
    for s in _lines() + ("", "\u0663", "\uff12", "年月日", "第\u0968季度"):
        assert deadlines._has_digit(s) == (_DIGIT.search(s) is not None), s


@settings(max_examples=800, deadline=None)
@given(st.lists(_DEADLINE_PIECES, max_size=12).map("".join))
def test_has_digit_is_the_digit_search_on_any_pieces(s):
    assert deadlines._has_digit(s) == (_DIGIT.search(s) is not None)


def _not_before_plain(s: str, a: int) -> bool:
    return deadlines._NOT_BEFORE.search(s, max(0, a - 4), a) is not None


def _not_after_plain(s: str, b: int) -> bool:
    return deadlines._NOT_AFTER.match(s, b) is not None


def _assert_context_tests(s: str) -> None:
    # a match's context tests (compiled, by look-backs and look-aheads; as Python, the patterns) and the
    # skipped spans' "(" + digit test, at every position
    for p in range(len(s) + 1):
        assert deadlines._not_before(s, p) == _not_before_plain(s, p), (s, p)
        assert deadlines._not_after(s, p) == _not_after_plain(s, p), (s, p)
    assert deadlines._paren_digit(s) == (deadlines._PAREN_DIGIT.search(s) is not None), s


def test_deadline_context_tests_on_sample_and_synthetic_lines():
    for s in _lines()[::3]:
        _assert_context_tests(s)


_CONTEXT_PIECES = st.sampled_from([
    "截至", "截止", "截止到", "截", "止", "到", "至", "自", "从", "始于", "开始于", "开始", "始", "于", "开", "以来", "以",
    "来", "起", "至今", "今", "以后", "之后", "之", "后", " ", "\u3000", "\n", "\t", "\x1c", "2022年", "9月底", "(",
    "(2", "(\u0663", "(a", "a",
])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_CONTEXT_PIECES, max_size=10).map("".join))
def test_deadline_context_tests_equal_the_patterns(s):
    _assert_context_tests(s)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=5), st.integers(-1, 32), st.integers(-1, 32))
def test_overlaps_is_any_span_holding_an_end(spans, a, b):
    assert deadlines._overlaps(spans, a, b) == any(x <= a < y or x < b <= y for x, y in spans)


def test_kind_of_is_the_last_groups_name_cut():
    # find_deadline_spans reads a match's kind as `_KIND_OF.get(m.lastgroup, "")` (m.lastgroup[2:] before)
    assert deadlines._KIND_OF == {name: name[2:] for name in deadlines._RE.groupindex}
    for s in _lines()[::5]:
        for m in deadlines._RE.finditer(s):
            assert deadlines._KIND_OF.get(m.lastgroup, "") == (m.lastgroup[2:] if m.lastgroup else "")


def _skip_plain(s: str) -> list[tuple[int, int]]:
    return [m.span() for m in deadlines._SKIP.finditer(s)]


def test_skip_loop_on_sample_and_synthetic_lines():
    # compiled, `_blocked` reads the spans no deadline lies in by `_skip_spans`; as Python, by `_SKIP`
    found = 0
    for s in _lines():
        plain = _skip_plain(s)
        assert deadlines._skip_spans(s) == plain, s
        found += bool(plain)
    assert found > 50


_SKIP_PIECES = st.sampled_from([
    "(", ")", "《", "》", "2022", "202", "20", "1", "\u0663", "\uff12", "-", "—", "年", "以来", "以", "来", "起", "度", "号",
    "95", "〔", "〕", "规划", "a", " ", "x" * 60,
])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_SKIP_PIECES, max_size=16).map("".join))
def test_skip_loop_equals_finditer(s):
    assert deadlines._skip_spans(s) == _skip_plain(s)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0129\u0663\uff12a年-", max_size=8), st.integers(0, 8), st.integers(0, 8))
def test_digits_is_every_character_a_digit(s, a, b):
    a, b = min(a, len(s)), min(b, len(s))
    assert deadlines._digits(s, a, b) == all(_DIGIT.fullmatch(ch) for ch in s[a:b])


# The date helpers `_one` builds a deadline's date with, pinned to the library calls they replace.

def _iso_plain(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def test_last_day_and_iso_equal_calendar_and_date():
    years = [0, 1, 4, 99, 100, 400, 999, 1000, 1900, 1999, 2000, 2020, 2023, 2024, 2100, 2400, 9999, 10000, -4]
    for y in years:
        for m in range(1, 13):
            assert deadlines._last_day(y, m) == calendar.monthrange(y, m)[1], (y, m)
        for m in range(-1, 15):
            for d in range(-1, 33):
                for _ in range(2):  # `_iso` is memoised: a miss, then a hit
                    assert deadlines._iso(y, m, d) == deadlines._iso_of(y, m, d) == _iso_plain(y, m, d), (y, m, d)
    for m in (0, 13):
        with pytest.raises(calendar.IllegalMonthError):
            deadlines._last_day(2023, m)


@settings(max_examples=2000, deadline=None)
@given(st.integers(-50, 12000), st.integers(-2, 15), st.integers(-2, 33))
def test_iso_equals_date_isoformat(y, m, d):
    assert deadlines._iso(y, m, d) == _iso_plain(y, m, d)
    if 1 <= m <= 12:
        assert deadlines._last_day(y, m) == calendar.monthrange(y, m)[1]


def test_group_slots_name_the_kinds_groups():
    # `_one` reads m[slot["y"]] for the group "<kind>_y" (m.group(f"{kind}_{name}") before)
    named = {name for name in deadlines._RE.groupindex if not name.startswith("k_")}
    assert {f"{kind}_{short}" for kind, slot in deadlines._SLOTS.items() for short in slot} == named
    for kind, slot in deadlines._SLOTS.items():
        for short, number in slot.items():
            assert deadlines._RE.groupindex[f"{kind}_{short}"] == number
    for s in _lines():
        for m in deadlines._RE.finditer(s):
            kind = m.lastgroup[2:]
            for short, number in deadlines._SLOTS.get(kind, {}).items():
                assert m.group(number) == m.group(f"{kind}_{short}")


# ------------------------------------------------------------------ targets

def _target_plain(s: str, pos: int = 0) -> list:
    return _groups(targets._CORE.finditer(s, pos))


def test_target_loop_on_sample_and_synthetic_lines():
    for s in _lines():
        assert _groups(targets._target_matches(s, 0)) == _target_plain(s), s
        digit = _DIGIT.search(s)
        if digit is not None:  # as find_targets starts it
            pos = max(0, digit.start() - targets._DIGIT_REACH)
            assert _groups(targets._target_matches(s, pos)) == _target_plain(s, pos), s


def test_target_loop_reads_its_characters_from_the_patterns():
    assert set(targets._UNIT_FIRST) == {u[0] for u in re.findall(r"[^|()?:]+", targets._UNIT)}
    assert set(targets._VERB_LAST) >= {"至", "到", "在", "于", "达", "过", "长", "破"}
    assert "".join(sorted(targets._LIMIT_FIRST)) == "".join(sorted("工作日自然日小时分钟"[i] for i in (0, 3, 6, 8)))
    # msr37: the loop asks each of the three by a byte of `_FOLLOWS` (bit 1, 2, 4)
    assert len(targets._FOLLOWS) == 0x10000
    for chars, bit in ((targets._UNIT_FIRST, 1), (targets._VERB_LAST, 2), (targets._LIMIT_FIRST, 4)):
        assert {i for i in range(0x10000) if targets._FOLLOWS[i] & bit} == {ord(c) for c in chars}
    # a verb's last character, a space and a number: the loop's view of "verb + number"
    assert targets.find_targets("各项同比增长 5%以上,在1个工作日内办结,压缩至 0.5 天") == \
        ("同比增长 5%以上", "在1个工作日内", "压缩至 0.5 天")


_TARGET_PIECES = st.sampled_from([
    "压缩至", "控制在", "不超过", "不低于", "达", "达到", "在", "提高到", "同比增长", "增长", "减至到", "下降到", "降至",
    "力争在", "突破", "超过", "稳定在", "满意率", "比例", "1", "5", "96", "0", ".", ".5", "\u0663", "\uff15", "%", "个",
    "个工作日", "工作日", "自然日", "小时", "分钟", "以内", "之内", "内", "以上", "年", "天", "日", "项", "家", "亿元",
    "倍", "公里", "减", "同", "控", "不", "提", "下", " ", "\u3000", "。", ",", "(", ")", "\n", "a",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_TARGET_PIECES, max_size=16).map("".join), st.integers(0, 6))
def test_target_loop_equals_finditer(s, pos):
    plain = _target_plain(s, pos)
    assert _groups(targets._target_matches(s, pos)) == plain
    assert _groups(finditer_via(targets._CORE_STARTS, targets._CORE, s, pos)) == plain


def _subject_plain(s: str, a: int) -> int:
    m = targets._SUBJECT.search(s, max(0, a - 4), a)
    return -1 if m is None else m.start()


def test_first_digit_and_subject_on_sample_and_synthetic_lines():
    # find_targets' first digit and a bound's rate, compiled by loops, as Python by `_ANY` and `_SUBJECT`
    for s in _lines():
        m = targets._ANY.search(s)
        assert targets._first_digit(s) == (-1 if m is None else m.start()), s
        for a in range(len(s) + 1):
            assert targets._subject_start(s, a) == _subject_plain(s, a), (s, a)


_SUBJECT_PIECES = st.sampled_from(["满意", "率", "比例", "比重", "占比", "比", "例", "重", "占", "可办", "a", "1",
                                   "\n", " ", "。", "不低于", "达", "96%", "\u4e00", "\u9fff", "\u3400", "\ua000"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_SUBJECT_PIECES, max_size=10).map("".join))
def test_subject_start_equals_the_pattern(s):
    for a in range(len(s) + 1):
        assert targets._subject_start(s, a) == _subject_plain(s, a), (s, a)


@settings(max_examples=500, deadline=None)
@given(st.lists(_TARGET_PIECES, max_size=16).map("".join))
def test_first_digit_equals_the_pattern(s):
    m = targets._ANY.search(s)
    assert targets._first_digit(s) == (-1 if m is None else m.start())


# ------------------------------------------------------------------ platforms

def _spans(table, s: str) -> list[tuple[int, int]]:
    return [m.span() for m in table.pattern.finditer(s)]


def test_platform_loop_on_sample_and_synthetic_lines():
    table = platforms.platform_table()
    for s in _lines():
        assert platforms._listed_spans(s, table) == _spans(table, s), s


@lru_cache(maxsize=1)
def _platform_pieces() -> list[str]:
    table = platforms.platform_table()
    words = sorted(table.canonical)
    # each listed word, its prefixes (a longer word's start that is no word) and digits around them
    return sorted({*words, *(w[:k] for w in words for k in range(1, len(w))), "1", "0", "\u0663", "\uff11",
                   "“", "”", "分厅", "赣州", "平台", " ", "。", "a"})


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_platform_loop_equals_the_longest_word_pattern(data):
    table = platforms.platform_table()
    s = "".join(data.draw(st.lists(st.sampled_from(_platform_pieces()), max_size=12)))
    assert platforms._listed_spans(s, table) == _spans(table, s)


def test_platform_loop_on_a_made_table():
    # a word that is a prefix of another, digit-guarded words at either end, a word inside a number,
    # an empty variant (never a match)
    words = ["12345", "12345热线", "赣服通", "赣服通APP", "一网通", "一网通办", "办事通1", "a+b", ""]
    pattern = platforms.longest_word_pattern(words, digit_guarded=platforms._digit_guarded)
    first, by_first = platforms._first_index(words)
    guarded = tuple(tuple(map(platforms._digit_guarded, g)) for g in by_first)
    text = "依托12345热线和赣服通APP一网通办,电话123456不算,办事通12,办事通1。a+b+0一网通办1赣服通"
    # without the groups' heads (no test before the words) and with them
    for heads in ((), platforms._group_heads(by_first)):
        table = platforms.PlatformTable({w: w for w in words}, pattern, frozenset(), first, by_first, guarded, heads)
        got = platforms._listed_spans(text, table)
        assert got == _spans(table, text)
        assert [text[a:b] for a, b in got] == ["12345热线", "赣服通APP", "一网通办", "办事通1", "a+b", "一网通办", "赣服通"]
        assert platforms._listed_spans("", table) == []
    # a group with a one-character word has no heads' test; a common start shorter than three is none
    assert platforms._group_heads((("赣服通APP", "赣服通", "赣"), ("一网通办", "一网通"), ("12", "13"))) == \
        (("", ""), ("网", "一网通"), ("23", ""))


def test_group_heads_hold_every_words_second_character_and_start():
    table = platforms.platform_table()
    assert len(table.heads) == len(table.by_first)
    for words, (seconds, prefix) in zip(table.by_first, table.heads):
        if seconds:
            assert all(len(w) >= 2 and w[1] in seconds for w in words)
        assert all(w.startswith(prefix) for w in words)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab一网\0", max_size=5), st.sampled_from(["a", "b", "一", "网", "\0", "x"]))
def test_holds_is_in(s, c):
    assert platforms._holds(s, c) == (c in s)


def test_platform_table_follows_dutygraph_data(tmp_path, monkeypatch):
    # the table kept for the value of $DUTYGRAPH_DATA as read is the one `_table(data_file(…))` gives
    import shutil

    from dutygraph.extract.reference import data_file

    before = platforms.platform_table()
    assert before is platforms._table(data_file("platforms.toml"))
    for name in ("jurisdictions.toml", "agencies.toml"):
        if (ROOT / "data" / name).exists():
            shutil.copy(ROOT / "data" / name, tmp_path / name)
    (tmp_path / "platforms.toml").write_text('[[platform]]\nname = "测试通"\n', encoding="utf-8")
    monkeypatch.setenv("DUTYGRAPH_DATA", str(tmp_path))
    moved = platforms.platform_table()
    assert moved is platforms._table(str(tmp_path / "platforms.toml")) and set(moved.canonical) == {"测试通"}
    assert [r.name for r in platforms.find_platforms("依托测试通和赣服通办理")] == ["测试通"]
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert platforms.platform_table() is before
    assert platforms._first_index([]) == (b"", ())


def test_first_index_groups_the_words_by_first_character():
    table = platforms.platform_table()
    words = sorted(table.canonical, key=lambda w: (-len(w), w))
    first, by_first = table.first, table.by_first
    assert first == platforms._first_index(table.canonical)[0]
    for ch in {chr(i) for i in range(0x3000, 0xA000)} | {w[0] for w in words} | {"1", "a", "\U0001F600"}:
        g = platforms._group_of(first, ch)
        assert (by_first[g - 1] if g else ()) == tuple(w for w in words if w[0] == ch)
    # group numbers past one byte (the table holds two per code point)
    many = [chr(0x4E00 + i) + "x" for i in range(700)]
    first, by_first = platforms._first_index(many)
    assert [by_first[platforms._group_of(first, w[0]) - 1] for w in many] == [(w,) for w in sorted(many)]


def _place_plain(s: str) -> list:
    return [(m.span(), m.group(0), m.group("core")) for m in platforms._places_pattern().finditer(s)]


def _place_loop(s: str) -> list:
    _, pattern, first, leads = platforms._place_scan()
    return [(m.span(), m.group(0), m.group("core")) for m in platforms._place_matches(s, pattern, first, leads)]


def test_place_loop_on_sample_and_synthetic_lines():
    found = 0
    for s in _lines():
        plain = _place_plain(s)
        assert _place_loop(s) == plain, s
        assert platforms._ends_like_place_platform(s) == bool(re.search("平台|系统|服务网|采购网|APP", s))
        # compiled, find_platforms reads the endings on its listed-name loop's way
        assert platforms._listed_scan(s, platforms.platform_table())[1] == platforms._ends_like_place_platform(s)
        found += bool(plain)
    assert found > 20


@lru_cache(maxsize=1)
def _place_pieces() -> list[str]:
    from dutygraph.extract.reference import places

    stems = list(places().stems)
    return sorted({*stems, *(s[:1] for s in stems), "国家", "全国", "国", "全", "省", "市", "区", "县", "政务", "服务",
                   "信用信息", "一体化", "+", "平台", "系统", "信息系统", "管理系统", "服务网", "网", "政府采购网", "APP",
                   "\u0663", "1", " ", "。", "“", "a"})


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_place_loop_equals_finditer(data):
    s = "".join(data.draw(st.lists(st.sampled_from(_place_pieces()), max_size=12)))
    assert _place_loop(s) == _place_plain(s)
    assert platforms._ends_like_place_platform(s) == bool(re.search("平台|系统|服务网|采购网|APP", s))
    assert platforms._listed_scan(s, platforms.platform_table()) == (platforms._listed_spans(s, platforms.platform_table()),
                                                                     platforms._ends_like_place_platform(s))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["平", "台", "平台", "系", "统", "系统", "服", "务", "服务网", "采", "购", "网", "采购网",
                                 "A", "P", "AP", "APP", "PP", "\0", "12345", "赣服通", " ", "a"]), max_size=10).map("".join))
def test_listed_scan_reads_the_place_endings(s):
    assert platforms._listed_scan(s, platforms.platform_table())[1] == bool(re.search("平台|系统|服务网|采购网|APP", s))


def _quoted_plain(s: str) -> list[tuple[int, int, int, int]]:
    return [(m.start(), *m.span("name"), m.end()) for m in platforms._QUOTED.finditer(s)]


def test_quoted_loop_on_sample_and_synthetic_lines():
    found = 0
    for s in _lines():
        plain = _quoted_plain(s)
        assert platforms._quoted_spans(s) == plain, s
        found += len(plain)
    assert found > 300


def test_quoted_loop_reads_its_words_from_the_pattern():
    words = platforms._PLATFORM_WORDS
    assert "|".join(words) == platforms._PLATFORM_WORD[3:-1] and len(words) > 10
    assert not [(a, b) for a in words for b in words if a != b and a.startswith(b)]  # none opens another
    assert set(platforms._QUOTE_STOP) == set(re.search(r"\[\^([^\]]*)\]", platforms._QUOTED.pattern).group(1))
    for s, tail in [("“赣服通”平台", "平台"), ("“景快办”惠企政策兑现平台", "惠企政策兑现平台"), ("“一窗式”服务", None),
                    ("“徽采云”监管系统入口", "监管系统"), ("“X”abc平台", None), ("“皖事通”APP", "APP"), ("“a”平台", None)]:
        got = platforms._quoted_spans(s)
        assert got == _quoted_plain(s)
        if got:
            assert (s[got[0][2] + 1 : got[0][3]] or None) == tail


_QUOTED_PIECES = st.sampled_from([
    "“", "”", "\"", "赣服通", "景快办", "一窗式", "惠企", "政策", "兑现", "平台", "系统", "APP", "App", "app", "热线",
    "小程序", "公众号", "分厅", "服务网", "门户网站", "客户端", "平", "台", "门户", ",", "，", "。", ";", "；", ":", "：",
    "、", " ", "\n", "a", "1", "\u3000", "(", ")", "专区", "互联网+",
])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_QUOTED_PIECES, max_size=24).map("".join))
def test_quoted_loop_equals_finditer(s):
    assert platforms._quoted_spans(s) == _quoted_plain(s)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=5), st.integers(-1, 32))
def test_inside_is_any_span_holding_the_position(spans, p):
    assert platforms._inside(spans, p) == any(x <= p < y for x, y in spans)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=5), st.integers(-1, 32), st.integers(-1, 32))
def test_overlaps_is_any_span_meeting_the_range(spans, a, b):
    assert platforms._overlaps(spans, a, b) == any(x < b and a < y for x, y in spans)


def test_data_file_follows_dutygraph_data(tmp_path, monkeypatch):
    # the paths are cached per value of $DUTYGRAPH_DATA as read (reference.data_file)
    from dutygraph.extract.reference import data_file

    before = data_file("platforms.toml")
    monkeypatch.setenv("DUTYGRAPH_DATA", str(tmp_path))
    assert data_file("platforms.toml") == str(tmp_path / "platforms.toml")
    assert data_file("agencies.toml") == str(tmp_path / "agencies.toml")
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert data_file("platforms.toml") == before == str(ROOT / "data" / "platforms.toml")


# ------------------------------------------------------------------ compiled and as Python

_PROBE = """
import hashlib, random, sys
from dutygraph.extract import deadlines, platforms, targets
from dutygraph.loaders.normalize import normalize
table = platforms.platform_table()
pieces = sorted({*table.canonical, "2022", "2022630", "年", "月", "日", "底前", "每", "个", "季度", "第一", "上半年", "今年",
                 "长期坚持", "持续推进", "常态化推进", "以来", "(", "《", "》", "-", "压缩至", "控制在", "不超过", "达", "在",
                 "同比增长", "5", "96", ".5", "\\u0663", "%", "个工作日", "小时", "以内", "天", " ", "\\u3000", "。", "a",
                 "国家", "全国", "政务服务", "一体化", "信息系统", "服务网", "“", "”", "赣州市", "APP", "满意率", "比例", "占比",
                 "\\n", "截至", "截止到", "开始于", "自", "以来", "起", "之后", "(2", "《", "》", "年度", "号", ")"})
rng = random.Random(int(sys.argv[1]))
digest = hashlib.sha256()
for _ in range(int(sys.argv[2])):
    s = normalize("".join(rng.choice(pieces) for _ in range(rng.randrange(30))))
    ms = deadlines._deadline_matches(s) + targets._target_matches(s, rng.randrange(4))
    digest.update(repr([(m.span(), m.lastgroup, m.groups()) for m in ms]).encode())
    digest.update(repr(platforms._listed_spans(s, table)).encode())
    digest.update(repr(platforms._quoted_spans(s)).encode())
    _, pattern, first, leads = platforms._place_scan()
    digest.update(repr([m.span() for m in platforms._place_matches(s, pattern, first, leads)]).encode())
    digest.update(repr([(deadlines._not_before(s, a), deadlines._not_after(s, a)) for a in range(len(s) + 1)]).encode())
    digest.update(repr(deadlines._skip_spans(s)).encode())
    digest.update(repr((targets._first_digit(s), [targets._subject_start(s, a) for a in range(len(s) + 1)])).encode())
    found = (deadlines.find_deadlines(s, year=2023), targets.find_targets(s), platforms.find_platforms(s))
    digest.update(repr(found).encode())
print(digest.hexdigest(), deadlines.__file__, targets.__file__, platforms.__file__)
"""


def test_the_loops_give_the_same_compiled_and_as_python():
    """The same seeded random texts through the loops and the scanners, imported compiled (when built)
    and as Python: the same answers (compiled, the scanners use the loops; as Python, the regex forms)."""
    got = {}
    for on in (True, False):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DUTYGRAPH_NATIVE": "1" if on else "0", "PYTHONHASHSEED": "0"}
        proc = subprocess.run([sys.executable, "-c", _PROBE, "0", "3000"], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=600, check=True)
        got[on] = proc.stdout.split()
    assert all(f.endswith(".py") for f in got[False][1:])
    assert got[True][0] == got[False][0]
