"""The responsibility parse's ends and brackets read without the forms they replaced, and the same answers:
- `_co_tail_start` / `_joint_tail_start`: the longest of `_CO_TAIL` / `_JOINT_TAIL`'s words ending the text
  (before a final newline) compared in place, where the patterns were searched at every position;
- `_parse_plain` with them against its form with the patterns (`_parse_plain_searched`);
- `_match_open`'s common case read over the buffer (`_last_open_c`, compiled) against the indexed loop;
- `_alias_lost_close`'s window test by two `str.find` against the loop over the window's slice."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import responsibility as R
from dutygraph.extract.reference import norm as normalize
from dutygraph.extract.units import looks_like_unit, looks_like_units
from extractor_samples import FILES, lines


def _start(m) -> int:
    return m.start() if m is not None else -1


def _same_tails(s: str) -> None:
    assert R._co_tail_start(s) == _start(R._CO_TAIL.search(s)), s
    assert R._joint_tail_start(s) == _start(R._JOINT_TAIL.search(s)), s


def test_the_words_are_the_patterns_alternatives():
    for w in R._CO_WORDS:
        assert R._CO_TAIL.fullmatch(w), w
    for w in R._JOINT_WORDS:
        assert R._JOINT_TAIL.fullmatch(w), w
    # every alternative (按照? written out both ways) is among the words
    for w in ("按照职责分工负责", "按职责分工负责", "按照职责负责", "按职责负责", "按照职责分工落实", "按职责分工落实",
              "按职能分工负责", "分工负责"):
        assert w in R._CO_WORDS and w in R._JOINT_WORDS
    assert {"配合", "参与", "协助", "协同", "负责"} <= set(R._CO_WORDS)
    assert {"共同负责", "负责"} <= set(R._JOINT_WORDS)


_TAIL_PARTS = list(R._CO_WORDS + R._JOINT_WORDS) + [
    "按", "照", "职", "责", "分", "工", "负", "落", "实", "配", "合", "共同", "职能", "市发改委", "、", ",", "\n", " ",
    "牵头", "\U00020000", "é", "x", "\r",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_TAIL_PARTS), max_size=7).map("".join))
def test_tail_starts_equal_the_patterns_on_built_strings(s):
    _same_tails(s)
    _same_tails(s + "\n")


def test_tail_starts_equal_the_patterns_on_edges():
    for w in set(R._CO_WORDS + R._JOINT_WORDS):
        for pad in ("", "市财政局", "按", "照", "按照", "职责", "\n", "共同", "分工"):
            for s in (w, pad + w, w + pad, pad + w + "\n", w + "\n\n", w + " \n", "\n" + w):
                _same_tails(s)
    for s in ("", "\n", "责", "负", "\n\n", "负责\r\n", "配合\n", "配合 ", "协同\n\n"):
        _same_tails(s)


def test_tail_starts_equal_the_patterns_on_the_samples():
    for key in FILES:
        for text in lines(key):
            n = normalize(text)
            _same_tails(n)
            for end in range(max(0, len(n) - 12), len(n)):  # every short ending of the line
                _same_tails(n[:end])


def _parse_plain_searched(text: str, norm: str, *, cut: bool):
    """`_parse_plain` as it was: `_CO_TAIL` / `_JOINT_TAIL` searched (where the text ends with one of
    their last words)."""
    body_end = len(norm)
    lead_at = R._lead_split(norm)
    if lead_at is not None:
        lead_end, rest_a = lead_at
        lead_norm = norm[:lead_end]
        lead, lead_norms = R._mention_pair(lead_norm if text is norm else text[:lead_end], lead_norm, False)
        if not looks_like_units(lead_norms):
            return None
        while rest_a < body_end and norm[rest_a] in R._TAIL_PUNCT:
            rest_a += 1
        rest = norm[rest_a:body_end]
        co: list[str] = []
        if rest:
            tail = R._CO_TAIL.search(rest) if rest.endswith(R._CO_ENDS) else None
            co_end = rest_a + tail.start() if tail else body_end
            co_norm = norm[rest_a:co_end]
            co_printed, co_norms = R._mention_pair(co_norm if text is norm else text[rest_a:co_end], co_norm,
                                                   cut and not tail)
            co = list(co_printed)
            if not co and not tail:
                return None
            if not tail and not looks_like_units(co_norms):
                return None
        return list(lead), co, None
    tail = R._JOINT_TAIL.search(norm) if norm.endswith(R._JOINT_ENDS) else None
    if tail is not None:
        lead_end = tail.start()
        lead_norm = norm[:lead_end]
        lead, lead_norms = R._mention_pair(lead_norm if text is norm else text[:lead_end], lead_norm, False)
        if not looks_like_units(lead_norms):
            return None
        return list(lead), [], None
    if cut:
        units, unit_norms = R._mention_pair(text, norm, True)
        if not units:
            return None
        for u in unit_norms:
            if not looks_like_unit(u):
                return None
        return list(units), [], None
    return None


def _same_plain(text: str) -> None:
    norm = normalize(text)
    for t in (text, norm):
        for cut in (False, True):
            assert R._parse_plain(t, norm, cut=cut) == _parse_plain_searched(t, norm, cut=cut), (t, cut)


_UNITS = ["市发改委", "区财政局", "各县(市、区)人民政府", "市场监管局", "區市監局", "县直有关部门", "市委编办", "略"]
_KEYS = ["牵头", "分别牵头", "负责", "共同负责", "按职责分工负责", "按照职责分工落实", "配合", "参与", "协助", "协同",
         "按职能分工负责", "分工负责", "按照职责负责"]
_GLUE = ["、", ",", ";", "", "\n", "等单位", "聚焦", "按", "职责"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_UNITS + _KEYS + _GLUE), max_size=8).map("".join))
def test_parse_plain_equals_its_searched_form(text):
    _same_plain(text)


def test_parse_plain_on_the_samples_clauses():
    for key in FILES:
        for text in lines(key):
            found = R.find_responsibility(text)
            if found is not None:
                body = found.clause.strip("()（）[]〔〕【】")
                _same_plain(body)
            n = normalize(text)
            _same_plain(n[-40:])


def _match_open_indexed(norm: str, close: int):
    j = close - 1
    while j >= 0:
        ch = norm[j]
        if ch == "(" or ch == "[":
            return j
        if ch == ")" or ch == "]":
            break
        j -= 1
    depth = 0
    for i in range(close, -1, -1):
        ch = norm[i]
        if ch == ")" or ch == "]":
            depth += 1
        elif ch == "(" or ch == "[":
            depth -= 1
            if depth == 0:
                return i
    return None


def _same_match_open(norm: str) -> None:
    for close in range(-1, len(norm)):
        assert R._match_open(norm, close) == _match_open_indexed(norm, close), (norm, close)
    for close in (len(norm), len(norm) + 1):  # past the text: an IndexError either way (or None before it)
        try:
            want = _match_open_indexed(norm, close)
        except IndexError:
            with pytest.raises(IndexError):
                R._match_open(norm, close)
        else:
            assert R._match_open(norm, close) == want


_BRACKETS = ["(", ")", "[", "]", "(", ")", "市", "局", "é", "\U00020000", "、", "牵头"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_BRACKETS), max_size=14).map("".join))
def test_match_open_equals_the_indexed_loop(norm):
    _same_match_open(norm)


def test_match_open_indexed_form_when_switched_off(monkeypatch):
    monkeypatch.setattr(R, "_NATIVE", False)
    for norm in ("(市发改委牵头)", "a(b[c]d)", "))((", "([)]", "é(\U00020000)", ""):
        _same_match_open(norm)


def test_match_open_on_the_samples():
    for key in FILES:
        for text in lines(key):
            n = normalize(text)
            if ")" in n or "]" in n:
                for close in range(len(n)):
                    if n[close] in ")]":
                        assert R._match_open(n, close) == _match_open_indexed(n, close)


def _alias_lost_close_sliced(text: str, norm: str, start: int, end: int):
    """`_alias_lost_close` as it was: the window's slice read a character at a time."""
    for ch in norm[start - 24 if start > 24 else 0 : start]:
        if ch == "(" or ch == "[":
            break
    else:
        return None
    if R._open_excess(norm, start) <= 0:
        return None
    outer = R._unclosed_open(norm[:start])
    if outer is None or start - outer > 24:
        return None
    first = norm[outer + 1 : start].strip()
    if not looks_like_unit(first):
        return None
    for c in first:
        if c == "、" or c == "," or c == "，" or c == ";" or c == "；":
            return None
    found = R._result(text, norm, outer, end, (outer + 1, end - 1))
    if found is None:
        return None
    return R._new_responsibility(R._whole(found.lead), R._whole(found.co), found.deadline_raw, found.clause,
                                 found.span)


def _same_alias(text: str) -> None:
    norm = normalize(text)
    for start in range(len(norm) + 1):  # (an index `_match_open` gives: 0 … len)
        for end in {len(norm), start + 1, min(len(norm), start + 30)}:
            assert R._alias_lost_close(text, norm, start, end) == _alias_lost_close_sliced(text, norm, start, end), \
                (text, start, end)


def test_alias_lost_close_on_its_cases():
    for text in ("(区财政局(区地方金融监管局负责)", "八、支持企业(区财政局(区地方金融监管局负责)",
                 "x" * 30 + "(区财政局(区地方金融监管局负责)", "[市发改委(市能源局牵头)", "(市发改委、市财政局(牵头)",
                 "(" + "局" * 25 + "(区财政局牵头)", "区财政局(区地方金融监管局负责)"):
        _same_alias(text)
    found = 0
    for k in range(18, 28):  # the outer bracket at each distance around the window's 24 characters
        for text in ("(" + "x" * (k - 4) + "区财政局" + "(区地方金融监管局负责)", "[" + "局" * k + "(区财政局负责)"):
            _same_alias(text)
            norm = normalize(text)
            found += R._alias_lost_close(text, norm, k + 1, len(norm)) is not None
    assert found  # (the cases reach an answer, not only the window's None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["(", "[", ")", "区财政局", "区地方金融监管局", "负责", "牵头", "、", "x" * 10, "局"]),
                max_size=8).map("".join))
def test_alias_lost_close_on_built_strings(text):
    _same_alias(text)


_LABEL_PARTS = sorted(R._LABEL_WORDS) + ["主", "要", "牵头", "单位", "部门", "时限", "时间", "节点", "完成", ":", "：", " ",
                                         "\u3000", "\n", "\x1c", "\x85", "市发改委", "、", "\U00020000", "é", "x"]


def _same_label_at(norm: str) -> None:
    n = len(norm)
    for a in range(-1, n + 1):
        for end in {n, n + 2, a, a + 1, max(0, n - 1), a + 5}:
            assert R._label_at(norm, a, end) == (R._LABEL.match(norm, max(a, 0), end) is not None), (norm, a, end)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_LABEL_PARTS), max_size=6).map("".join))
def test_label_at_equals_the_pattern_on_built_strings(norm):
    _same_label_at(norm)


def test_label_at_on_every_word_and_the_samples():
    assert {w for words in R._LABELS_STARTING.values() for w in words} == R._LABEL_WORDS
    for w in R._LABEL_WORDS:
        for after in ("", ":", "：", " :", "\u3000 ：x", " ", "x:", "\n:"):
            _same_label_at(w + after)
            _same_label_at("主" + w + after)
    for key in FILES:
        for text in lines(key):
            n = normalize(text)
            if ":" in n or "：" in n:
                _same_label_at(n[:30])
            a = R._punct_start(n)
            end = R._punct_end(n)
            assert R._label_at(n, a, end) == (R._LABEL.match(n, a, end) is not None)


def test_label_ending_groups_hold_the_words():
    # `_label_ending` tells the 位 / 门 words by the character before 单位 / 部门 (each branch of its test)
    assert all(w.endswith("单位") for w in R._ENDING_WEI) and all(w.endswith("部门") for w in R._ENDING_MEN)
    assert {w for ws in R._WEI_BY.values() for w in ws} == set(R._ENDING_WEI)
    assert {w for ws in R._MEN_BY.values() for w in ws} == set(R._ENDING_MEN)
    assert set(R._WEI_BY) == set("头任责合同办与") and set(R._MEN_BY) == set("头任责合")
    assert min(len(w) for w in R._ENDING_WEI + R._ENDING_MEN) == 4


_PUNCT_PARTS = list(R._TAIL_PUNCT) + ["x", "市发改委", "(", ")", "\n", "\r", "\u2028", "。x", "\U00020000", "é"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PUNCT_PARTS), max_size=8).map("".join))
def test_punct_ends_equal_the_strips(norm):
    assert R._punct_end(norm) == len(norm.rstrip(R._TAIL_PUNCT)), norm
    assert R._punct_start(norm) == len(norm) - len(norm.lstrip(R._TAIL_PUNCT)), norm


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PUNCT_PARTS), max_size=8).map("".join), st.integers(0, 12), st.integers(0, 12))
def test_punct_skip_equals_the_lstrip_of_its_window(norm, start, end):
    # (the forward skip _parse_plain and _trailing_sentence share: their windows lie inside the text)
    end = min(end, len(norm))
    start = min(start, end)
    assert R._punct_skip(norm, start, end) == end - len(norm[start:end].lstrip(R._TAIL_PUNCT)), (norm, start, end)


def test_punct_ends_strip_each_character_alone():
    for ch in R._TAIL_PUNCT:
        for s in (ch, "x" + ch, ch + "x", ch * 3):
            assert R._punct_end(s) == len(s.rstrip(R._TAIL_PUNCT)), repr(s)
            assert R._punct_start(s) == len(s) - len(s.lstrip(R._TAIL_PUNCT)), repr(s)
    for code in range(0x3100):  # no other character of the first planes' start is stripped
        ch = chr(code)
        if ch not in R._TAIL_PUNCT:
            assert R._punct_end("x" + ch) == 2 and R._punct_start(ch + "x") == 0, hex(code)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\u3000", "\u2028", "\x1c", "\x85", "\xa0", "\u200b", "x",
                                         "市", "\U00020000"]), min_size=1, max_size=6))
def test_all_space_equals_isspace(text):
    assert R._all_space(text) == text.isspace(), repr(text)


def test_trailing_sentence_start_skips_the_same_punctuation():
    # the sentence starts past every _TAIL_PUNCT character after the last 。/:/：
    for ch in R._TAIL_PUNCT:
        text = "一、总体要求。" + ch * 2 + "市发改委牵头,市财政局配合"
        norm = normalize(text)
        got = R._trailing_sentence(text, norm, R._punct_end(norm))
        assert got is not None and got.span[0] == norm.index("市发改委"), repr(ch)
    text = "一、总体要求。x市发改委牵头,市财政局配合"
    assert R._trailing_sentence(text, normalize(text), len(text)) is None  # (x is not skipped: no unit opens it)


def _heading_bracket_searched(text: str, norm: str):
    """`_heading_bracket` as it was: the bracket's inside asked by the three patterns."""
    window = norm[:200]
    if not R._has_heading_kw(window):
        return None
    stop = min([i for i in (window.find("。"), window.find(":"), window.find("："), 60) if i >= 0], default=60)
    lim = min(stop + 1, len(window))
    i = 0
    while i < lim:
        a, b = window.find("(", i, lim), window.find("[", i, lim)
        if a < 0 and b < 0:
            break
        i = a if b < 0 or 0 <= a < b else b
        j = None
        depth = 0
        for k in range(i, len(window)):
            if window[k] in R._OPEN:
                depth += 1
            elif window[k] in R._CLOSE:
                depth -= 1
                if depth == 0:
                    j = k
                    break
        if j is None:
            return None
        after = norm[j + 1 : j + 2]
        if after in ("", ":", "：", "。", " ") and j - i > 2:
            inner = norm[i + 1 : j]
            if R._LEAD_KW.search(inner) or R._LABEL.search(inner) or R._JOINT_TAIL.search(inner):
                found = R._result(text, norm, i, j + 1, (i + 1, j))
                if found is not None:
                    return found
        i = j + 1
    return None


_HEAD_PARTS = ["1.", "政务服务指标", "(", ")", "[", "]", "区政数局", "牵头", "分别", "负责", "责任单位", "牵头单位", ":", "：",
               " ", "。", "一是", "完成时限", "按职责分工负责", "落实", "、", "市财政局", "x" * 20]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_HEAD_PARTS), max_size=10).map("".join))
def test_heading_bracket_equals_its_searched_form(text):
    norm = normalize(text)
    assert R._heading_bracket(text, norm) == _heading_bracket_searched(text, norm), text
    # (a text read as its own norm: full-width colons kept, as a caller's norm may hold them)
    assert R._heading_bracket(text, text) == _heading_bracket_searched(text, text), text


def test_heading_bracket_on_the_samples():
    hits = 0
    for key in FILES:
        for text in lines(key):
            norm = normalize(text)
            got = R._heading_bracket(text, norm)
            assert got == _heading_bracket_searched(text, norm), text
            hits += got is not None
    assert hits


def test_heading_bracket_on_hand_cases():
    for inside in ("区政数局牵头", "责任单位:区政数局", "责任单位：区政数局", "牵头单位 ：区政数局;完成时限:年底", "区政数局负责",
                   "区政数局、市财政局按职责分工负责", "区政数局", "完成时限:2023年底"):
        for text in (f"1.政务服务指标({inside}):一是", f"1.政务服务指标({inside})", f"政务服务指标[{inside}]。一是",
                     f"1.指标({inside})：一是"):
            for norm in (normalize(text), text):
                got = R._heading_bracket(text, norm)
                assert got == _heading_bracket_searched(text, norm), (text, norm)
