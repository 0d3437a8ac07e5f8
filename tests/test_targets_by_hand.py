"""targets' matches read by hand (`_target_at`) against the regex matches they stand for.

`find_targets` has `_target_matches` read each match by hand where its candidate tests passed
(`_HAND`): the limit branch's unit and tail, or the first of `_VERB`'s words opening at the candidate
with a space?, a number, a space? and one of `_UNIT`'s words (then `_TAIL`'s first) after it — a hit
tuple (start, end, whether the limit branch's) instead of a `re.Match`; where it finds none the regex is
asked as before. Each hit is pinned here to `_CORE.match` at its position (the same span, the same
branch), `find_targets` with `_HAND` on to it off, the word tables to the patterns' alternations, and the
word test (`_holds_c` on the buffers, compiled) to `str.startswith` — on the sample plans' lines,
synthetic lines, every verb × gap × number × gap × unit × tail, and hypothesis strings of every width.
Each with `_NATIVE` on and off (as Python, off alone).
"""

from __future__ import annotations

from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import targets
from tests.test_scan_loops import _lines


@contextmanager
def _flags(native: bool, hand: bool = True):
    saved = targets._NATIVE, targets._HAND
    targets._NATIVE = native and saved[0]
    targets._HAND = hand
    try:
        yield
    finally:
        targets._NATIVE, targets._HAND = saved


def _plain(s: str, pos: int) -> list:
    return [(m.start(), m.end(), m.group("limit") is not None) for m in targets._CORE.finditer(s, max(pos, 0))]


def _read(hits: list) -> list:
    return [h if type(h) is tuple else (h.start(), h.end(), h.group("limit") is not None) for h in hits]


def _check(s: str) -> int:
    """`_target_matches(s, pos, hand=True)` against the regex's matches, every one of them read by hand (the
    hand reading is whole: the regex is only its fallback); how many hits were read."""
    by_hand = 0
    for native in (True, False):
        with _flags(native):
            for pos in (0, 1, 3, len(s)):
                got = targets._target_matches(s, pos, True)
                assert _read(got) == _plain(s, pos), (s, pos, native)
                for h in got:  # each hit is `_CORE.match` at its start, read by hand: the regex is never asked
                    assert type(h) is tuple, (s, pos, h)
                    m = targets._CORE.match(s, h[0])
                    assert (m.start(), m.end(), m.group("limit") is not None) == h, (s, h)
                    by_hand += 1
            found = targets.find_targets(s)
        with _flags(native, hand=False):
            assert targets.find_targets(s) == found, s
    return by_hand


def test_the_hand_reading_is_on():
    assert targets._HAND is True


def test_by_hand_on_sample_and_synthetic_lines():
    by_hand = 0
    for s in _lines():
        by_hand += _check(s)
    assert by_hand > 1000


def test_the_word_tables_are_the_alternations_in_order():
    for table, alternation in ((targets._VERBS_BY_FIRST, targets._VERB), (targets._UNITS_BY_FIRST, targets._UNIT),
                               (targets._LIMIT_UNITS, "(?:工作日|自然日|小时|分钟)")):
        words = alternation[3:-1].split("|")
        ids, groups = table
        assert len(ids) == 0x10000 and groups[0] == ()
        for c in {w[0] for w in words} | {"a", "\u4e00", "1", "\U0001F600"}:
            assert targets._words_opening(c, table) == tuple(w for w in words if w[0] == c), c
        assert sorted(w for g in groups for w in g) == sorted(words)
    assert targets._TAILS == ("以内", "以上", "以下", "之内", "内")
    assert "(?:工作日|自然日|小时|分钟)(?:以内|之内|内)" in targets._CORE.pattern
    assert targets._LIMIT_TAILS == ("以内", "之内", "内")


def test_by_hand_at_the_edges():
    # every verb, gap, number, gap, unit and tail, the ones the regex's order decides among ("增长" before
    # "增长到", "个工作日" before "个", a shorter number than the digits given, a verb whose number fails)
    verbs = targets._VERB[3:-1].split("|")
    units = targets._UNIT[3:-1].split("|")
    for verb in verbs:
        for gap in ("", " ", "\u3000"):
            for number in ("5", "1.5", "1.", "\u0663"):
                for unit in units + ["x", "到5%"]:
                    _check(verb + gap + number + gap + unit)
    for unit in units:
        for tail in ("", "以内", "以上", "以下", "之内", "内", "以", "之"):
            _check("压缩至5" + unit + tail)
            _check("15个" + unit + tail)
            _check("15" + unit + tail)
    for s in ["增长到5%", "增长5%", "减至到3天", "减至 3 个工作日", "在1个工作日内", "在2022年", "达到100%", "达100%以上",
              "5个工作日以内", "5个工作日之内", "5个工作日", "1.5小时内", "5个小时以内", "5.个工作日内", "0.5个自然日内",
              "压缩至\U0001D7D9天", "控制在 5 个百分点", "控制在5个环节", "不超过5个", "\U0001F600压缩至5天", "压缩至5天\U0001F600"]:
        _check(s)


def test_a_candidate_the_hand_reading_leaves_goes_to_the_regex():
    # "增长" is listed before "增长到": no number follows it, so "增长到" is read; and where no verb's
    # number and unit follow, `_target_at` answers None (the regex is asked and finds none either)
    assert targets._target_at("增长到5%", 0, 5, 0) == (0, 5, False)
    assert targets._target_at("压缩至5年", 0, 5, 0) is None
    assert targets._CORE.match("压缩至5年") is None
    assert targets._target_at("5个工作日内", 0, 6, 2) == (0, 6, True)  # (k: the unit, after 5 and 个)
    assert targets._target_at("5个工作日", 0, 5, 2) is None  # (no tail: the limit branch needs one)


_PIECES = st.sampled_from([
    "压缩至", "压缩", "减至", "减至到", "控制在", "不超过", "不低于", "达到", "提高到", "同比增长", "增长", "增长到", "在", "达",
    "下", "下降到", "保持在", "力争在", "突破", "1", "5", "30", "96", ".", ".5", "\u0663", "\U0001D7D9", "\U0001F600",
    "%", "个", "个工作日", "工作日", "自然日", "个小时", "小时", "分钟", "天", "日", "个百分点", "个环节", "项", "亿元",
    "以内", "以上", "以下", "之内", "内", "以", "之", " ", "\u3000", "。", "a", "é", "年", "满意率",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_by_hand_equals_the_regex(s):
    _check(s)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_by_hand_on_any_text(s):
    _check(s)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("个工作日以内之a1\xe9\u4e00\U0001F600"), max_size=8),
       st.integers(0, 10), st.lists(st.text(alphabet=st.sampled_from("个工作日以内a\xe9\U0001F600"),
                                             min_size=1, max_size=4), max_size=4).map(tuple))
def test_word_at_is_the_first_word_starting_there(s, k, words):
    want = next((len(w) for w in words if s.startswith(w, k)), 0)
    assert targets._word_at(s, k, words) == want
    with _flags(False):
        assert targets._word_at(s, k, words) == want
