"""Gates and in-place compares in responsibility.py give what the forms they replaced give:
- `_label_ending` compares the label words ending with the character before `t` in place (no slice
  per length): the same word as the slice-and-set form, at every position;
- `_trailing_bracket` asks `_open_excess` only when an opening bracket occurs before `end`;
- `_with_inline_clauses` finds no ")" before the last clause by `str.find` (pinned in
  test_perf_clause_loops.py against its first form)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import responsibility as R
from extractor_samples import FILES, lines


def _label_ending_sliced(norm: str, t: int) -> str | None:
    """`_label_ending` as it was: a slice per label length, longest first, looked up in the set."""
    for k in R._LABEL_LENGTHS:
        if k <= t:
            word = norm[t - k : t]
            if word in R._LABEL_WORDS:
                return word
    return None


def _same_everywhere(norm: str) -> None:
    for t in range(len(norm) + 1):
        assert R._label_ending(norm, t) == _label_ending_sliced(norm, t), (norm, t)


def test_every_label_word_ends_with_a_character_the_loop_asks_about():
    assert {w[-1] for w in R._LABEL_WORDS} == set("位门限间点")
    assert {w for words in R._LABELS_ENDING.values() for w in words} == R._LABEL_WORDS
    for w in R._LABEL_WORDS:
        for pad in ("", "主", "要", "完成", "：", "X"):
            _same_everywhere(pad + w)
            _same_everywhere(w + pad)


def test_label_ending_on_the_samples():
    from dutygraph.extract.reference import norm

    for key in FILES:
        for text in lines(key):
            if ":" in text or "：" in text:
                _same_everywhere(norm(text))


_PARTS = sorted(R._LABEL_WORDS) + ["主", "要", "牵头", "单位", "部门", "时限", "时间", "节点", "限", "位", "：", ":", " ",
                                   "市发改委", "、", "\U00020000", "é"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), max_size=6).map("".join))
def test_label_ending_on_built_strings(norm):
    _same_everywhere(norm)


def _trailing_bracket_counted(text: str, norm: str, end: int):
    """`_trailing_bracket` as it was: `_open_excess` over every text that does not end with a bracket."""
    if end == 0:
        return None
    if norm[end - 1] in R._CLOSE:
        start = R._match_open(norm, end - 1)
        if start is None:
            return R._lost_open(text, norm, end)
        aliased = R._alias_lost_close(text, norm, start, end)
        if aliased is not None:
            return aliased
        return R._result(text, norm, start, end, (start + 1, end - 1))
    if R._open_excess(norm, end) <= 0:
        return None
    opened = R._unclosed_open(norm[:end])
    if opened is not None:
        return R._result(text, norm, opened, end, (opened + 1, end), cut=True)
    return None


def _same_trailing(text: str) -> None:
    from dutygraph.loaders.normalize import normalize

    norm = normalize(text)
    for end in {len(norm.rstrip(R._TAIL_PUNCT)), len(norm), len(norm) // 2}:
        assert R._trailing_bracket(text, norm, end) == _trailing_bracket_counted(text, norm, end), (text, end)


def test_trailing_bracket_on_the_samples():
    for key in FILES:
        for text in lines(key):
            if text.strip():
                _same_trailing(text)


_BRACKETED = ["(", ")", "[", "]", "（", "）", "〔", "〕", "【", "】", "市发改委", "牵头", "、", "区财政局", "负责",
              "牵头单位:", "完成时限:", "2024年底", "。", "推进改革", "\ufffd", "?"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_BRACKETED), max_size=8).map("".join))
def test_trailing_bracket_on_built_strings(text):
    _same_trailing(text)
