"""The cached/fast forms in units.py and resolve.py give what their plain forms give.

- unit lists are split per top-level piece (cached per piece) — the same spans as splitting the
  whole list in one pass with the original loop;
- top-level separators of a bracket-free list are found by a regex — the same spans as the
  character loop;
- `AliasTable.is_collective` scans the "contains" words with one alternation — the same answer
  as `any(word in key …)`;
- the memos (plain dicts) answer as the functions they keep, and stay bounded.
No timings: these fail on a difference in output, never on speed.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import responsibility as R
from dutygraph.extract import units
from dutygraph.extract.reference import norm
from dutygraph.extract.resolve import _contains_any, _key, _unquoted, alias_table
from dutygraph.loaders.normalize import normalize
from test_loaders_typed import _damaged_utf8_plain  # decode._damaged_utf8 before its C count and its probe


def _plain_top_level_splits(n: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(n):
        if ch in units._OPEN:
            depth += 1
        elif ch in units._CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in units._SEPARATORS:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(n)))
    return spans


def _plain_split_unit_spans(s: str) -> list[tuple[int, int]]:
    """The original one-pass split (before the per-piece cache)."""
    n = norm(s)
    out: list[tuple[int, int]] = []
    for a, b in _plain_top_level_splits(n):
        a, b = units._trim(s, n, a, b)
        if a >= b:
            continue
        for ca, cb in units._split_conjunctions(n, a, b):
            m = units._ETC_SPLIT.search(n, ca, cb)
            parts = [(ca, m.start()), (m.end(), cb)] if m and m.start() > ca else [(ca, cb)]
            for pa, pb in parts:
                etc = units._TRAILING_ETC.search(n[pa:pb])
                if etc and etc.start() > 0:
                    pb = pa + etc.start()
                pa, pb = units._trim(s, n, pa, pb)
                if pa < pb:
                    out.extend(units._split_run_together(n, pa, pb))
    return out


# Excerpts of unit lists from the sample documents:
# data/plans 赣州 (traditional script, "各縣〔市、區〕"), 鸠江区 ("区市监局鸠江公安局" run together,
# "市自然资源和规划局鸠江分局"), 石嘴山 redactions "市 (略)".
_SAMPLES = [
    "市行政審批局、市發改委,各縣〔市、區〕人民政府",
    "南康區、瑞金市、定南縣、龍南市人民政府",
    "区市监局鸠江公安局",
    "市自然资源和规划局鸠江分局、区住建局及区财政局",
    "市公安局、人社局等单位,各县区政府",
    "市发改委等有关市直部门",
    "市 (略)、市 (略)",
    "",
    "、、",
    " 市财政局 ;",
]

_PIECES = ["市", "区", "局", "委", "办", "分局", "公安", "财政", "人民政府", "及", "和", "与", "以及", "等",
           "有关", "单位", "部门", "、", ",", ";", "，", "；", "(", ")", "〔", "〕", "[", "]", "略", " ", "。"]
_LISTS = st.lists(st.sampled_from(_PIECES), max_size=16).map("".join)


def test_split_unit_spans_on_sample_lists_equals_the_one_pass_split():
    for s in _SAMPLES:
        assert list(units.split_unit_spans(s)) == _plain_split_unit_spans(s), s


@settings(max_examples=600, deadline=None)
@given(_LISTS)
def test_split_unit_spans_equals_the_one_pass_split(s):
    assert list(units.split_unit_spans(s)) == _plain_split_unit_spans(s)


@settings(max_examples=600, deadline=None)
@given(_LISTS)
def test_top_level_splits_equals_the_character_loop(s):
    n = norm(s)
    assert units._top_level_splits(n) == _plain_top_level_splits(n)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="有关相部门各单位", max_size=3), max_size=6).map(tuple),
       st.text(alphabet="有关相部门各单位市", max_size=10))
def test_contains_any_equals_any_in(words, key):
    assert _contains_any(words, key) == any(w in key for w in words)


def test_is_collective_with_the_real_table():
    table = alias_table()
    for key in ["市直有关部门", "各县(市、区)人民政府", "市发改委", "有关单位", "市财政局", "相关部门", ""]:
        plain = (key.startswith(table.collective_prefixes) or key.endswith(table.collective_suffixes)
                 or any(c in key for c in table.collective_contains))
        assert table.is_collective(key) == plain, key


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_damaged_utf8_equals_the_plain_form(data):
    """loaders/decode.py counts lead bytes in C, after the cheap no-damage exit."""
    from dutygraph.loaders import decode

    assert decode._damaged_utf8(data) == _damaged_utf8_plain(data)


@settings(max_examples=600, deadline=None)
@given(_LISTS.map(lambda s: s.replace("等", "")), st.integers(0, 16), st.integers(0, 16))
def test_the_etc_patterns_match_nowhere_without_a_deng(s, a, b):
    """`_piece_spans` skips both searches in a piece without 等: each pattern matches only there."""
    n = norm(s)
    assert units._ETC_SPLIT.search(n, a, max(a, b)) is None and units._ETC_SPLIT.search(n) is None
    assert units._TRAILING_ETC.search(n) is None and units._TRAILING_ETC.search(n[a:b]) is None


# ---------------------------------------------------------------- memos (units17)
# units.py's and resolve.py's lru caches became plain dicts read by `.get` (bounded, cleared when
# full), and responsibility's common case of `_piece_mentions` reads the list's memo directly: the
# answers are those of the functions computed, asked once (a miss) or again (a hit).


def _unit_names_plain(n: str) -> tuple[str, ...]:
    """`unit_names_of_norm` by its definition."""
    return tuple([n[a:b] for a, b in units._split_unit_spans(n)])


def _check_memos(n: str) -> None:
    for _ in range(2):  # a miss, then a hit
        assert units.unit_names_of_norm(n) == units._unit_names(n) == _unit_names_plain(n), n
        assert units.unit_spans_of_norm(n) == tuple(units._split_unit_spans(n)), n
        assert units._piece_spans(n) == units._piece_spans_of(n), n
        assert units._piece_names(n) == tuple([n[a:b] for a, b in units._piece_spans_of(n)]), n
        assert units.looks_like_unit(n) == units._looks_like_unit(n), n
        assert _key(n) == _unquoted(normalize(n)), n


def test_memos_answer_as_computed_on_sample_lists_and_lines():
    from test_perf_clause_loops import _lines

    for s in _SAMPLES + [norm(s) for s in _SAMPLES] + list(_lines()):
        _check_memos(s)


@settings(max_examples=600, deadline=None)
@given(_LISTS)
def test_memos_answer_as_computed(s):
    _check_memos(s)
    _check_memos(norm(s))


def test_memos_are_bounded(monkeypatch):
    """Each memo is cleared when it holds its bound, then answers as before."""
    from dutygraph.extract import resolve

    monkeypatch.setattr(units, "_MEMO_MAX", 4)
    monkeypatch.setattr(resolve, "_KEYS_MAX", 4)
    names = [f"市{c}局、区{c}委" for c in "一二三四五六七八九"]
    for n in names:
        _check_memos(n)
        for memo in (units._UNIT_MEMO, units._NAMES_MEMO, units._SPANS_MEMO, units._PIECE_NAMES_MEMO,
                     units._PIECE_SPANS_MEMO, resolve._KEYS):
            assert len(memo) <= 4
    for n in names:
        _check_memos(n)


def _mentions_as_before(text: str, n: str, a: int, b: int, cut: bool) -> tuple[str, ...]:
    """`responsibility._mentions` as it was: every piece through `_piece_mentions`' cache."""
    piece, piece_norm = text[a:b], n[a:b]
    if piece == piece_norm:
        piece = piece_norm
    return R._piece_mentions(piece, piece_norm, cut)[0]


def _check_mentions(text: str) -> None:
    n = norm(text)
    for t in (text, n):  # printed as normalised (the common case, one object) or not
        for cut in (False, True):
            assert R._mention_pair(t, n, cut) == R._piece_mentions(t, n, cut), (t, cut)
            for a, b in ((0, len(n)), (1, len(n)), (0, len(n) // 2)):
                assert R._mentions(t, n, a, b, cut=cut) == _mentions_as_before(t, n, a, b, cut), (t, a, b, cut)


def test_mention_pair_equals_piece_mentions_on_samples():
    for s in _SAMPLES + ["市发改委牵头,市财政局、區人社局配合", "區財政局(區地方金融監管局负责", "各縣〔市、"]:
        _check_mentions(s)


@settings(max_examples=400, deadline=None)
@given(_LISTS)
def test_mention_pair_equals_piece_mentions(s):
    _check_mentions(s)


# resolve's patterns read by position: `_POWER_NAMES` (`_RX0.fullmatch`), `_branch_core` (`_RX1.fullmatch`'s core),
# `_branch_parts` (`_BRANCH.match`'s base and branch).
from dutygraph.extract import resolve as _resolve  # noqa: E402

_BRANCH_PIECES = st.sampled_from([
    "市", "区", "县", "供电", "分", "公司", "分局", "局", "委", "办", "公安", "鸠江", "牟平", "自然资源和规划", "a", "1",
    " ", "\n", "国网", "税务", "中心", "(", "丁",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_BRANCH_PIECES, max_size=8).map("".join))
def test_resolve_reads_by_position_are_the_patterns(s):
    assert (s in _resolve._POWER_NAMES) == (_resolve._RX0.fullmatch(s) is not None)
    m = _resolve._RX1.fullmatch(s)
    assert _resolve._branch_core(s) == (None if m is None else m.group("core"))
    m = _resolve._BRANCH.match(s)
    assert _resolve._branch_parts(s) == (None if m is None else (m.group("base"), m.group("branch")))


def test_power_names_are_the_language_of_the_pattern():
    assert all(_resolve._RX0.fullmatch(s) for s in _resolve._POWER_NAMES) and len(_resolve._POWER_NAMES) == 8


# units' patterns read by position: `_is_branch` (`_BRANCH.match`), `_etc_split_at` (`_ETC_SPLIT.search`'s start)
# and `_trailing_etc_at` (`_TRAILING_ETC.search`'s start), at every pos and endpos in the text, a newline anywhere.
_ETC_PIECES = st.sampled_from([
    "等", "等等", "有关", "相关", "单位", "部门", "机构", "市直", "市", "局", "分局", "支行", "分行", "分公司", "分中心",
    "支队", "大队", "分", "支", "鸠江", "公安", "a", "1", " ", "\n", "、", "(", "丁", "〇", "\u9fff", "\u4e00", "\u3007",
])


def _check_unit_patterns(s: str) -> None:
    m = units._BRANCH.match(s)
    assert units._is_branch(s) == (m is not None), s
    for a in range(len(s) + 1):  # (their callers' spans: 0 <= a, b <= len(s))
        for b in range(len(s) + 1):
            m = units._ETC_SPLIT.search(s, a, b)
            assert units._etc_split_at(s, a, b) == (-1 if m is None else m.start()), (s, a, b)
            m = units._TRAILING_ETC.search(s[a:b])
            assert units._trailing_etc_at(s, a, b) == (-1 if m is None else m.start()), (s, a, b)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_ETC_PIECES, max_size=9).map("".join))
def test_unit_reads_by_position_are_the_patterns(s):
    _check_unit_patterns(s)


def test_unit_reads_by_position_are_the_patterns_on_sample_lists():
    for s in _SAMPLES + [norm(s) for s in _SAMPLES] + ["市发改委等有关市直部门", "市医保局鸠江分局", "区公安局交警大队\n"]:
        _check_unit_patterns(s)
