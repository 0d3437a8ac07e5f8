"""deadlines' common year-led dates read by hand (`_year_led`) against the regex matches they stand for.

`_deadline_spans` has `_deadline_matches` read a date of the shapes "2023年6月30日", "2023年6月底|末|份" and
"2023年(年)?底|末|内", "2023年年底|年末" (each with 前|之前|以前 after it) by hand where its digits are ASCII
(`_HAND`) — a hit tuple (start, end, kind, y, m, d) instead of a `re.Match`, read by `_one_of_hit` instead
of `_one`; any other shape goes to the regex as before. Each hit is pinned here to `_RE.match` at its
position (span, kind, the groups' numbers) and to `_one` of that match, `_deadline_matches` with the
hand reading to it without, and `find_deadlines` with `_HAND` on to it off (with and without the plan's
year) — on the sample plans' lines, synthetic lines, every year × month × day × ending × suffix, and
hypothesis strings. The damaged dates ("2022630日", "20224月30日": the date-digits repair) are never read
by hand. Each with `_NATIVE` on and off (as Python, off alone).

meas28: three common yearless shapes are read by hand too (`_word_led`): m_end "6月底前" (one or two ASCII
digits), this_year "年底前", "当年年底" …, ongoing "长期坚持" … — their hits carry the kind and the month, and
`_one_of_hit(hit, year, norm)` reads them as `_one(m, kind, year, norm)` with the year in force (the last one
printed before them, else the plan's, as `_deadline_spans` gives it). Pinned the same way, plus every
month × ending × suffix after each kind of character, and the ongoing words in and out of a time limit's
context.
"""

from __future__ import annotations

from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import deadlines
from tests.test_scan_loops import _DEADLINE_PIECES, _lines


@contextmanager
def _flags(native: bool, hand: bool = True):
    saved = deadlines._NATIVE, deadlines._HAND
    deadlines._NATIVE = native and saved[0]
    deadlines._HAND = hand
    try:
        yield
    finally:
        deadlines._NATIVE, deadlines._HAND = saved


def _of_match(m) -> tuple:
    """The hit tuple a match of a kind `_year_led` or `_word_led` reads stands for."""
    kind = deadlines._KIND_OF[m.lastgroup]
    slot = deadlines._SLOTS.get(kind, {})
    return (m.start(), m.end(), kind, int(m[slot["y"]]) if "y" in slot else 0, int(m[slot["m"]]) if "m" in slot else 0,
            int(m[slot["d"]]) if "d" in slot else 0)


def _check(s: str) -> int:
    """Every hit of `_deadline_matches(s, True)` against `_RE`'s match there, the rest against the regex's
    matches, `find_deadlines` with the hand reading against it without; how many hits were read by hand."""
    plain = list(deadlines._RE.finditer(s))
    by_hand = 0
    for native in (True, False):
        with _flags(native):
            got = deadlines._deadline_matches(s, True)
            assert len(got) == len(plain), (s, native)
            for h, m in zip(got, plain):
                if type(h) is tuple:
                    assert h == _of_match(m), (s, h)
                    for year in (None, 2023, 1999):
                        assert deadlines._one_of_hit(h, year, s) == deadlines._one(m, h[2], year, s), (s, h, year)
                    led = deadlines._year_led(s, h[0], len(s)) if s[h[0]] <= "9" else None
                    assert (led if led is not None else deadlines._word_led(s, h[0], len(s), s[h[0]])) == h
                    by_hand += 1
                else:
                    assert (h.span(), h.lastgroup, h.groups()) == (m.span(), m.lastgroup, m.groups()), s
                    assert deadlines._year_led(s, h.start(), len(s)) is None, (s, h.start())
                    assert deadlines._word_led(s, h.start(), len(s), s[h.start()]) is None, (s, h.start())
            found = [deadlines.find_deadline_spans(s, year=year) for year in (None, 2023)]
        with _flags(native, hand=False):
            assert [deadlines.find_deadline_spans(s, year=year) for year in (None, 2023)] == found, s
    return by_hand


def test_the_hand_reading_is_on():
    assert deadlines._HAND is True


def test_by_hand_on_sample_and_synthetic_lines():
    by_hand = 0
    for s in _lines():
        by_hand += _check(s)
    assert by_hand > 600  # (both flags: ~390 dates of the sample lines read by hand)


def test_each_shape_it_reads_and_what_it_leaves_to_the_regex():
    for year in ("2023", "0000", "1999", "9999"):
        for month in ("1", "6", "06", "12", "13", "0", "00", "123"):
            for end in ("", "1日", "30日", "31日", "01日", "00日", "311日", "底", "末", "份", "前", "中", "x"):
                for suffix in ("", "前", "之前", "以前", "之", "以", "后"):
                    _check(year + "年" + month + "月" + end + suffix)
                    _check(year + "年" + month + end + suffix)  # (no 月: \d{1,2}月 fails)
                    _check(year + "年" + month + "月" + end.replace("日", "号") + suffix)  # (no 日)
                    _check("截至" + year + "年" + month + "月" + end + suffix + "起")
        for rest in ("底", "末", "内", "年底", "年末", "年内", "年年底", "年年末", "年年内", "年中", "上半年", "第一季度",
                     "1季度", "四季度", "", "，", "度", "以来", "起", "x"):
            for suffix in ("", "前", "之前", "以前"):
                _check(year + "年" + rest + suffix)
                _check("(" + year + "年" + rest + suffix)
                _check("《" + year + "年" + rest + suffix + "》")
    # digits of other scripts (full width, Arabic-Indic, Devanagari) are left to the regex
    for s in ("２０２３年6月30日", "2023年６月30日", "2023年6月٣٠日", "२०२३年底", "2023年1\u0663月底"):
        _check(s)
        assert not any(type(h) is tuple for h in deadlines._deadline_matches(s, True)), s


def test_damaged_dates_are_left_to_the_regex():
    # the damage patterns of deadlines' docstring, as printed in a plan's line: "2022630日前完成" (年/月
    # lost), "20224月30日前" (年 lost); read by the regex's damaged_* branches, never by hand
    for line in ("在2022630日前完成系统对接", "20224月30日前完成", "于2022年6月30日前完成,2022630日前上线"):
        _check(line)
        hits = deadlines._deadline_matches(line, True)
        kinds = [h[2] if type(h) is tuple else deadlines._KIND_OF[h.lastgroup] for h in hits]
        assert "damaged_md" in kinds or "damaged_digits" in kinds, line
    assert [d.repairs for d in deadlines.find_deadlines("在2022630日前完成", year=2022)] == [("date-digits",)]


def test_one_of_hit_reads_as_one():
    # the three kinds' readings, impossible days and months among them (no deadline then)
    for s, want in (("2023年6月30日", ("2023-06-30", "date", ())), ("2023年2月30日", None),
                    ("2024年2月29日前", ("2024-02-29", "date", ())), ("2023年13月底", None),
                    ("2023年2月底", ("2023-02-28", "date", ())), ("2023年12月份", ("2023-12-31", "date", ())),
                    ("0023年底", ("23-12-31", "date", ())), ("2023年年末前", ("2023-12-31", "date", ()))):
        h = deadlines._year_led(s, 0, len(s))
        assert h is not None and h[1] == len(s), s
        assert deadlines._one_of_hit(h) == want == deadlines._one(deadlines._RE.match(s), h[2], None, s), s


def _kinds(s: str) -> list:
    return [h[2] for h in deadlines._deadline_matches(s, True) if type(h) is tuple]


def test_each_yearless_shape_it_reads_and_what_it_leaves_to_the_regex():
    befores = ("", "2022年", "年", "1", "\u0663", "一", "三", "两", "几", "多", "每", "全", "今", "本", "当", "于", "(", " ",
               "截至", "时限:", "2021年底前完成,")
    for before in befores:
        for month in ("1", "6", "06", "12", "13", "0", "00", "123", "\uff16", "1\u0663"):
            for end in ("底", "末", "份", "", "中", "前", "1日", "30日前"):
                for suffix in ("", "前", "之前", "以前", "之", "以", "后", "起"):
                    _check(before + month + "月" + end + suffix)
                    _check(before + month + end + suffix)  # (no 月)
        for word in ("年底前", "年底", "年末前", "年末", "年内", "年度内", "年度", "当年年底", "当年年内", "当年底", "当年",
                     "今年年底", "本年度内", "本年底前", "年年底", "上半年前", "下半年底前"):
            for suffix in ("", "前", "完成", "起", "以来", ")"):
                _check(before + word + suffix)
        for word in ("长期坚持", "持续推进", "长期推进", "长期执行", "常态化推进", "长期", "持续", "常态化", "长期有效"):
            for suffix in ("", ")", "]", " )", "完成", "。"):
                _check(before + word + suffix)
                _check(before + "(" + word + suffix)
                _check(before + "[" + word + suffix)
    # what each reads: m_end with the year in force, this_year at 年 and 当, ongoing in context
    assert _kinds("2022年9月底前") == ["ym_end"]
    assert _kinds("6月底前完成,年底前上线,长期坚持") == ["m_end", "this_year", "ongoing"]
    assert _kinds("当年年底前") == ["this_year"]
    assert _kinds("6\u0663月底 \uff16月底 123月底 2023年6月底") == ["ym_end"]
    for s, year, want in (("2021年启动,6月底前完成", None, [("6月底前", "2021-06-30")]),
                          ("6月底前完成", 2023, [("6月底前", "2023-06-30")]), ("6月底前完成", None, []),
                          ("年底前完成", 2024, [("年底前", "2024-12-31")]),
                          ("2019年完成试点,2020年年底前推广,年内完成", 2023,
                           [("2020年年底前", "2020-12-31"), ("年内", "2020-12-31")])):
        spans = deadlines.find_deadline_spans(s, year=year)
        with _flags(True, hand=False):
            assert deadlines.find_deadline_spans(s, year=year) == spans, s
        assert [(d.raw, d.date) for _, d in spans] == want, s
    assert [d.kind for d in deadlines.find_deadlines("时限:常态化推进", None)] == ["ongoing"]
    assert deadlines.find_deadlines("常态化推进工作", None) == ()


_PIECES = st.one_of(_DEADLINE_PIECES, st.sampled_from(["2023", "0999", "6", "06", "12", "31", "年底", "年末", "年年", "份"]))


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_by_hand_equals_the_regex(s):
    _check(s)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_by_hand_on_any_text(s):
    _check(s)


def _years_plain(s: str) -> list:
    return [(m.start(), int(m.group(1))) for m in deadlines._YEAR.finditer(s)]


def test_years_on_sample_and_synthetic_lines():
    found = 0
    for s in _lines():
        want = _years_plain(s)
        assert deadlines._years(s) == want, s
        found += len(want)
    assert found > 300


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["2", "1", "0", "9", "20", "19", "2023", "1999", "2123", "\u0663", "\uff12", "\U0001D7D9",
                                 "年", "月", "a", "(", " ", "\u4e00"]), max_size=14).map("".join))
def test_years_equal_the_pattern(s):
    assert deadlines._years(s) == _years_plain(s)


def test_find_deadlines_are_the_spans_deadlines():
    """`find_deadlines` (`_deadline_spans` without the spans' tuples, None for none) = the deadlines of
    `find_deadline_spans`, the same values in order; and `find_deadline_spans` a new list each call, empty
    for none."""
    for s in _lines():
        for year in (None, 2023):
            spans = deadlines.find_deadline_spans(s, year=year)
            assert type(spans) is list and spans is not deadlines.find_deadline_spans(s, year=year), s
            assert deadlines.find_deadlines(s, year) == tuple([d for _, d in spans]), s
