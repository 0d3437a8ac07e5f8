"""The clause reads of round 29 (responsibility.py) against the forms they replaced:
- `_next_label` (compiled: responsibility.pxd's `_next_label_c`, the labels found over the str's buffer, each
  read back from its colon as code points, its kind with it) against `_label_marks` / `_LABEL_KINDS` and
  `_LABEL.finditer`, at every start position, over every label word with its characters changed, every
  short string of the labels' characters, every str width, hypothesis strings and the sample lines;
- `_labeled_parsed` (one pass: each label's list read as the next label is found, tuples made directly)
  against `_parse_labeled`'s lists made tuples, as `_parsed` made them, and `_parsed` against its form
  as it was; the lists asked of `_mentions` in the same order."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import responsibility as R
from dutygraph.extract.reference import norm as normalize

_SAMPLES = Path(__file__).resolve().parent.parent / "data" / "plans"


def _sample_texts(limit: int = 4000) -> list[str]:
    out: list[str] = []
    for p in sorted(_SAMPLES.rglob("*.txt")):
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                out.append(line)
                if len(out) >= limit:
                    return out
    return out


SAMPLES = _sample_texts()


def _both_forms(check) -> None:
    """`check()` with the compiled buffer reads on (where they exist) and off."""
    saved = R._NATIVE
    try:
        for native in (saved, False):
            R._NATIVE = native
            check()
    finally:
        R._NATIVE = saved


# ---------------------------------------------------------------- _next_label


def _labels_as_marks(norm: str) -> list[tuple[int, int, int, int]]:
    """(colon, start, end, kind) of each label, from `_label_marks` (pinned to `_LABEL.finditer` elsewhere)."""
    marks = R._label_marks(norm)
    out = []
    for k in range(0, len(marks), 3):
        start, end, label = marks[k], marks[k + 1], marks[k + 2]
        colon = start + len(label)
        while norm[colon] not in ":：":
            colon += 1
        out.append((colon, start, end, R._LABEL_KINDS.get(label, 0)))
    return out


def _same_next_label(norm: str) -> None:
    labels = _labels_as_marks(norm)
    assert [(s, e) for _, s, e, _ in labels] == [m.span() for m in R._LABEL.finditer(norm)], norm

    def check() -> None:
        for pos in range(len(norm) + 2):
            want = next(((s, e, k) for c, s, e, k in labels if c >= pos), (-1, -1, 0))
            assert tuple(R._next_label(norm, pos)) == want, (norm, pos)

    _both_forms(check)


_WORDS = sorted(R._LABEL_WORDS)
_LABEL_CHARS = sorted({c for w in _WORDS for c in w})


def test_label_words_and_kinds_are_the_pattern_s():
    # the words `_label_len_c` writes out, with their kinds
    assert _WORDS == sorted(["主要牵头单位", "主牵头单位", "牵头单位", "牵头部门", "主责单位", "主责部门", "主要责任单位", "责任单位", "责任部门", "配合单位",
                             "配合部门", "协同单位", "协办单位", "参与单位", "完成时限", "完成时间", "完成期限", "时间节点", "完成限",
                             "时限"])
    for w in _WORDS:
        want = 1 if w in R._LEAD_LABELS else 2 if w in R._RESP_LABELS else 3 if w in R._TIME_LABELS else 0
        assert R._LABEL_KINDS.get(w, 0) == want


def test_next_label_every_word_changed_anywhere():
    for w in _WORDS:
        for i in range(len(w) + 1):
            for c in _LABEL_CHARS + ["x", " ", ":", "：", "\u3000"]:
                for changed in (w[:i] + c + w[i + 1 :], w[:i] + c + w[i:]):  # a character replaced / put in
                    for tail in (":", "：", " :", "\u3000：\u3000x", ":y"):
                        _same_next_label(changed + tail)
        for before in ("", "主", "要", "主要", "要主", "完", "成", "完成", "成完", "时", "时间", "x", " "):
            _same_next_label(before + w + ":" + w + " ：" + "市发改委")
            _same_next_label(before + w + "  :  ")


def test_next_label_every_short_string_of_the_label_characters():
    for k in range(1, 4):
        for t in itertools.product(_LABEL_CHARS, repeat=k):
            _same_next_label("".join(t) + ":")


def test_next_label_every_width():
    for w in ("牵头单位", "时限", "完成限", "参与单位"):
        for odd in ("x", "é", "\U00020000", "\U0001f600", "\u3000", "\x1c", "\x85"):
            for text in (odd + w + ":", w + odd + ":", w + ":" + odd, odd + w + odd + "：" + odd + w + ":",
                         w + odd * 3 + ":" + odd * 2, odd * 5):
                _same_next_label(text)


def test_next_label_on_sample_lines():
    for text in SAMPLES:
        _same_next_label(normalize(text))


_PARTS = ["牵头单位", "主要牵头单位", "责任单位", "主要责任单位", "配合单位", "协办单位", "参与单位", "完成时限", "时限", "时间节点",
          "完成时间", "完成期限", "完成限", "责任部门", "牵头部门", "配合部门", "协同单位", ":", "：", " ", "\u3000", "市发改委",
          "区财政局、区商务局", "市場監管局", "2025年底", ";", "；", "。", ")", "单位", "部门", "主", "要", "é", "\U00020000"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), max_size=12).map("".join))
def test_next_label_against_the_marks(text):
    _same_next_label(text)


# ---------------------------------------------------------------- _labeled_parsed / _parsed


def _labeled_as_it_was(text: str, norm: str):
    """`_parsed`'s labeled reading as it was: `_parse_labeled`'s lists made tuples."""
    got = R._parse_labeled(text, norm)
    if got is None or got is R._LABELS_ONLY:
        return got
    return tuple(got[0]), tuple(got[1]), got[2]


def _parsed_as_it_was(text: str, norm: str, cut: bool):
    labeled = R._parse_labeled(text, norm)
    if labeled is R._LABELS_ONLY:
        return None
    if labeled is not None:
        return tuple(labeled[0]), tuple(labeled[1]), labeled[2]
    return R._plain_parsed(text, norm, cut)


def _same_labeled(text: str) -> None:
    norm = normalize(text)

    def check() -> None:
        for t in (text, norm):
            got = R._labeled_parsed(t, norm)
            was = _labeled_as_it_was(t, norm)
            assert got == was, t
            assert (got is None) == (was is None) and (got is R._LABELS_ONLY) == (was is R._LABELS_ONLY), t
            if got is not None and got is not R._LABELS_ONLY:
                assert type(got[0]) is tuple and type(got[1]) is tuple
            for cut in (False, True):
                assert R._parsed(t, norm, cut) == _parsed_as_it_was(t, norm, cut), t

    _both_forms(check)


def test_labeled_parsed_on_sample_lines():
    for text in SAMPLES:
        _same_labeled(text)
        if "(" in text:
            _same_labeled(text[text.rfind("(") + 1 :])


def test_labeled_parsed_edges():
    for text in ("", ":", "牵头单位:", "牵头单位:;完成时限:", "完成时限:2025年", "完成时限:2025年;时限:", "牵头单位 :  市发改委 ",
                 "责任单位:市财政局;牵头单位:市发改委", "责任单位:市财政局", "配合单位:市财政局", "主要牵头单位:A局;主牵头单位:B局",
                 "牵頭單位:市發改委;配合單位:市財政局、市商務局", "x牵头单位:市发改委", "牵头单位:市发改委:完成时限:年底",
                 "牵头单位：\u3000市发改委\u3000；责任单位：市财政局", "时间节点:2025年底;参与单位:区商务局"):
        _same_labeled(text)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), max_size=10).map("".join))
def test_labeled_parsed_against_the_lists_form(text):
    _same_labeled(text)


def test_labeled_parsed_asks_the_lists_in_the_same_order(monkeypatch):
    # (the lists reach units through the module's globals, compiled too: `unit_names_of_norm` for a list
    # printed as normalised, `_piece_mentions` for another)
    asked: list[tuple[str, ...]] = []
    names, pieces = R.unit_names_of_norm, R._piece_mentions

    def names_spy(norm):
        asked.append(("names", norm))
        return names(norm)

    def pieces_spy(piece, norm, cut):
        asked.append(("pieces", piece, norm, cut))
        return pieces(piece, norm, cut)

    monkeypatch.setattr(R, "unit_names_of_norm", names_spy)
    monkeypatch.setattr(R, "_piece_mentions", pieces_spy)
    seen = 0
    for text in SAMPLES + ["牵头单位:A局;责任单位:B局、C局;完成时限:年底;配合单位:D局", "牵頭單位:市發改委;配合單位:市財政局"]:
        for t in (text, normalize(text)):
            norm = normalize(text)
            asked.clear()
            R._labeled_parsed(t, norm)
            got = list(asked)
            asked.clear()
            R._parse_labeled(t, norm)
            assert got == asked, t
            seen += len(got)
    assert seen > 100


# ---------------------------------------------------------------- _has_heading_kw


def _heading_kw_as_it_was(s: str) -> bool:
    """`_has_heading_kw` as it was: three searches."""
    if "牵头" in s or "负责" in s:
        return True
    i = s.find("单位")
    while i >= 0:
        if R._colon_after_space(s, i + 2, len(s)):
            return True
        i = s.find("单位", i + 1)
    return False


def _same_heading_kw(s: str) -> None:
    def check() -> None:
        got = R._has_heading_kw(s)
        assert got == _heading_kw_as_it_was(s) == (R._HEADING_KW.search(s) is not None), s

    _both_forms(check)


_KW_CHARS = ["牵", "头", "负", "责", "单", "位", ":", "：", " ", "\u3000", "x"]


def test_heading_kw_every_short_string():
    for k in range(0, 6):
        for t in itertools.product(_KW_CHARS, repeat=k):
            _same_heading_kw("".join(t))


def test_heading_kw_every_width():
    for w in ("牵头", "负责", "单位:", "单位 \u3000：", "单位", "单 位:", "牵", "头"):
        for odd in ("x", "é", "\U00020000", "\U0001f600", "\u3000", "\x1c", "\x85", "\n"):
            for s in (odd + w, w + odd, odd + w + odd, w[:-1] + odd + w[-1:], odd * 3, w + odd + ":"):
                _same_heading_kw(s)


def test_heading_kw_on_sample_lines():
    for text in SAMPLES:
        norm = normalize(text)
        _same_heading_kw(norm[:200])
        _same_heading_kw(norm)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_KW_CHARS + ["é", "\U00020000", "局", "牵头单位:", "单位 :"]), max_size=16).map("".join))
def test_heading_kw_against_the_searches(s):
    _same_heading_kw(s)


# ---------------------------------------------------------------- _lead_split


def _lead_split_as_it_was(norm: str):
    """`_lead_split` as it was: each 牵头 found by str.find, its top level counted from the start."""
    pos = 0
    n = len(norm)
    while True:
        i = norm.find("牵头", pos)
        if i < 0:
            return None
        start = i
        if i - 2 >= pos and norm[i - 2 : i] in ("分别", "共同", "联合"):
            start = i - 2
        end = i + 2
        if end + 2 <= n and norm[end : end + 2] in ("负责", "抓总"):
            end += 2
        if R._top_level_at(norm, start):
            return start, end
        pos = end


def _same_lead_split(norm: str) -> None:
    def check() -> None:
        assert R._lead_split(norm) == _lead_split_as_it_was(norm) == _top_split_span(norm), norm

    _both_forms(check)


def _top_split_span(norm: str):
    m = R._top_split(norm, R._LEAD_KW)
    return None if m is None else m.span()

_LEAD_CHARS = ["牵", "头", "分", "别", "联", "合", "负", "责", "抓", "总", "(", ")", "[", "]", "x"]


def test_lead_split_every_short_string():
    for k in range(0, 5):
        for t in itertools.product(_LEAD_CHARS, repeat=k):
            _same_lead_split("".join(t))


def test_lead_split_every_width_and_depth():
    for odd in ("x", "é", "\U00020000", "\u3000"):
        for s in ("牵头", "分别牵头", "牵头负责", "(牵头)牵头", ")牵头", "((牵头)牵头)共同牵头抓总", "[分别牵头]联合牵头",
                  "牵头牵头负责牵头", "分别" + odd + "牵头", "牵头" + odd + "负责", "(" + odd + ")牵头"):
            for text in (s, odd + s, s + odd, odd * 3 + s + odd * 2):
                _same_lead_split(text)


def test_lead_split_on_sample_lines():
    for text in SAMPLES:
        norm = normalize(text)
        _same_lead_split(norm)
        if "(" in norm:
            _same_lead_split(norm[norm.rfind("(") + 1 :])


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_LEAD_CHARS + ["牵头", "分别牵头", "共同牵头", "牵头负责", "市发改委", "é", "\U00020000"]),
                max_size=12).map("".join))
def test_lead_split_against_the_finds(norm):
    _same_lead_split(norm)


# ---------------------------------------------------------------- the tail words, _co_tail_at


def _word_tail_as_it_was(s: str, ze, shi, two) -> int:
    n = len(s)
    if n and s[n - 1] == "\n":
        n -= 1
    if n < 2:
        return -1
    last = s[n - 1]
    if last == "责":
        words = ze
    elif last == "实":
        words = shi
    else:
        for word in two:
            if s.startswith(word, n - 2, n):
                return n - 2
        return -1
    for word in words:
        k = len(word)
        if k <= n and s.startswith(word, n - k, n):
            return n - k
    return -1


def _regex_start(pattern, s: str) -> int:
    m = pattern.search(s)
    return -1 if m is None else m.start()


def _same_tails(s: str) -> None:
    def check() -> None:
        co = R._co_tail_start(s)
        assert co == _word_tail_as_it_was(s, R._CO_ZE, R._CO_SHI, R._CO_TWO) == _regex_start(R._CO_TAIL, s), s
        joint = R._joint_tail_start(s)
        assert joint == _word_tail_as_it_was(s, R._JOINT_ZE, R._JOINT_SHI, ()) == _regex_start(R._JOINT_TAIL, s), s
        n = len(s)
        for lo in range(n + 1):
            for hi in range(lo, n + 1):
                t = _regex_start(R._CO_TAIL, s[lo:hi])
                assert R._co_tail_at(s, lo, hi) == (lo + t if t >= 0 else -1), (s, lo, hi)

    _both_forms(check)


def test_tail_words_are_two_characters_where_asked_so():
    assert all(len(w) == 2 for w in R._CO_TWO)


def test_tails_every_word_cut_and_changed():
    for w in sorted(set(R._CO_WORDS) | set(R._JOINT_WORDS) | {"共同负责"}):
        for i in range(len(w)):
            for s in (w, w[i:], w[:i] + "x" + w[i + 1 :], "按" + w, "照" + w, "x" + w + "\n", w + "\n\n", w + "x",
                      "é" + w, "\U00020000" + w, w[:i] + "\U00020000" + w[i + 1 :]):
                _same_tails(s)
    for s in ("", "\n", "责", "实", "负责", "\n负责", "落实\n", "配合", "x配合\n"):
        _same_tails(s)


def test_tails_on_sample_lines():
    for text in SAMPLES[:600]:
        norm = normalize(text)
        s = norm[-12:]
        _same_tails(s)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["按", "照", "职", "责", "分", "工", "负", "落", "实", "配", "合", "参", "与", "协", "助", "同",
                                 "能", "共", "\n", "x", "é", "\U00020000"]), max_size=10).map("".join))
def test_tails_against_the_patterns(s):
    _same_tails(s)


# ---------------------------------------------------------------- _plain_parsed


def _plain_parsed_as_it_was(text: str, norm: str, cut: bool):
    """`_plain_parsed` as it was (the rest sliced, `_co_tail_start` asked of it)."""
    body_end = len(norm)
    lead_at = _lead_split_as_it_was(norm)
    if lead_at is not None:
        lead_end, rest_a = lead_at
        lead_norm = norm[:lead_end]
        lead, lead_norms = R._mention_pair(lead_norm if text is norm else text[:lead_end], lead_norm, False)
        if not R.looks_like_units(lead_norms):
            return None
        rest_a = R._punct_skip(norm, rest_a, body_end)
        rest = norm[rest_a:body_end]
        co = ()
        if rest:
            tail = _regex_start(R._CO_TAIL, rest)
            co_end = rest_a + tail if tail >= 0 else body_end
            co_norm = norm[rest_a:co_end]
            co_printed, co_norms = R._mention_pair(co_norm if text is norm else text[rest_a:co_end], co_norm,
                                                   cut and tail < 0)
            co = tuple(list(co_printed))
            if not co and tail < 0:
                return None
            if tail < 0 and not R.looks_like_units(co_norms):
                return None
        return tuple(list(lead)), co, None
    lead_end = _regex_start(R._JOINT_TAIL, norm)
    if lead_end >= 0:
        lead_norm = norm[:lead_end]
        lead, lead_norms = R._mention_pair(lead_norm if text is norm else text[:lead_end], lead_norm, False)
        if not R.looks_like_units(lead_norms):
            return None
        return tuple(list(lead)), (), None
    if cut:
        units, unit_norms = R._mention_pair(text, norm, True)
        if not units:
            return None
        for u in unit_norms:
            if not R.looks_like_unit(u):
                return None
        return tuple(list(units)), (), None
    return None


def _same_plain(text: str) -> None:
    norm = normalize(text)

    def check() -> None:
        for t in (text, norm):
            for cut in (False, True):
                got = R._plain_parsed(t, norm, cut)
                assert got == _plain_parsed_as_it_was(t, norm, cut), (t, cut)

    _both_forms(check)


def test_plain_parsed_on_sample_lines():
    for text in SAMPLES:
        _same_plain(text)
        if "(" in text:
            _same_plain(text[text.rfind("(") + 1 :])


_PLAIN_PARTS = ["市发改委", "区财政局", "、", ",", "牵头", "分别牵头", "牵头负责", "按职责分工负责", "配合", "负责", "落实", "参与",
                "各县(市、区)人民政府", "(", ")", "聚焦", "\n", " ", "。", "市場監管局", "略"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_PLAIN_PARTS), max_size=9).map("".join))
def test_plain_parsed_against_its_form_as_it_was(text):
    _same_plain(text)


# ---------------------------------------------------------------- _trailing_sentence read in place


def _brackets_as_it_was(norm: str, lo: int, hi: int) -> bool:
    s = norm[lo:hi]
    return "(" in s or ")" in s or "[" in s or "]" in s


def test_brackets_in_every_width_and_window():
    for c in ["(", ")", "[", "]", "x", "局", "é", "\U00020000", "{", "\\", "^", "'"]:
        for norm in ("", c, "x" + c, c + "局", "局" + c + "局", "é" + c, "\U00020000" + c, c * 5 + "局"):
            n = len(norm)

            def check() -> None:
                for lo in range(n + 2):
                    for hi in range(n + 3):
                        assert R._brackets_in(norm, lo, hi) == _brackets_as_it_was(norm, lo, hi), (norm, lo, hi)

            _both_forms(check)


def test_joint_tail_at_every_window():
    for s in ("市发改委负责", "市发改委按职责分工负责\n", "区财政局落实", "共同负责x", "é按照职责分工落实", "\U00020000负责"):
        n = len(s)

        def check() -> None:
            for lo in range(n + 1):
                for hi in range(n + 3):
                    t = _regex_start(R._JOINT_TAIL, s[lo:hi])
                    assert R._joint_tail_at(s, lo, hi) == (lo + t if t >= 0 else -1), (s, lo, hi)
                    t = _regex_start(R._CO_TAIL, s[lo:hi])
                    assert R._co_tail_at(s, lo, hi) == (lo + t if t >= 0 else -1), (s, lo, hi)

        _both_forms(check)


def _trailing_sentence_as_it_was(text: str, norm: str, end: int):
    start = max(norm.rfind("。", 0, end), norm.rfind(":", 0, end), norm.rfind("：", 0, end)) + 1
    start = R._punct_skip(norm, start, end)
    if end - start < 3 or end - start > 120:
        return None
    sentence = norm[start:end]
    if not ("牵头" in sentence or _regex_start(R._JOINT_TAIL, sentence) >= 0) \
            or "(" in sentence or ")" in sentence or "[" in sentence or "]" in sentence:
        return None
    found = R._result_at(text, norm, start, end, start, end, False)
    if found is None or not found.lead:
        return None
    first = normalize(found.lead[0])
    if not (R.known_unit(first) or first.startswith(("市", "区", "县", "各"))):
        return None
    return found


def _same_sentence(text: str) -> None:
    norm = normalize(text)
    end = R._punct_end(norm)

    def check() -> None:
        for e in {end, len(norm), max(0, end - 1)}:
            assert R._trailing_sentence(text, norm, e) == _trailing_sentence_as_it_was(text, norm, e), (text, e)

    _both_forms(check)


def test_trailing_sentence_edges():
    # a sentence that would parse, but holds a bracket: not a clause
    assert R._trailing_sentence("各县(市、区)人民政府负责", "各县(市、区)人民政府负责", 13) is None
    for text in ("各县(市、区)人民政府负责。", "各县[市、区]人民政府负责", "市发改委牵头,各县(市、区)人民政府配合", "各县人民政府负责",
                 "做好工作。市发改委牵头,区财政局配合。", "由各主管部门负责。", "市发改委牵头", "牵头"):
        _same_sentence(text)
    assert R._trailing_sentence("各县人民政府负责", "各县人民政府负责", 8) is not None


def test_trailing_sentence_on_sample_lines():
    for text in SAMPLES:
        _same_sentence(text)


_SENTENCE_PARTS = ["市发改委", "区财政局", "、", "牵头", "负责", "按职责分工负责", "落实", "配合", "。", ":", "：", "(", ")", "[", "]",
                   "由各主管部门", " ", "聚焦", "各县", "市場監管局", "\n"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PARTS), max_size=10).map("".join))
def test_trailing_sentence_against_its_form_as_it_was(text):
    _same_sentence(text)


# ---------------------------------------------------------------- units: the list's shape and separators in C

from dutygraph.extract import units as U  # noqa: E402


def _units_both_forms(check) -> None:
    """`check()` with units' compiled buffer reads on (where they exist) and off."""
    saved = U._NATIVE
    try:
        for native in (saved, False):
            U._NATIVE = native
            check()
    finally:
        U._NATIVE = saved


def _shape_by_patterns(norm: str) -> int:
    return (U._HAS_SEPARATOR if U._SEPARATOR_RE.search(norm) else 0) | (U._HAS_BRACKET if U._BRACKET_RE.search(norm) else 0)


def _unit_names_as_it_was(norm: str) -> tuple[str, ...]:
    """`_unit_names` as it was: the separators' places in a list, then the pieces between them."""
    cuts: list[int] = []
    for i, c in enumerate(norm):
        if c in "、,，;；":
            cuts.append(i)
        elif c in "([{)]}":
            if cuts or _shape_by_patterns(norm) & U._HAS_SEPARATOR:
                return tuple([norm[a:b] for a, b in U._split_unit_spans(norm)])
            return U._piece_names(norm)
    if not cuts:
        return U._piece_names(norm)
    out: list[str] = []
    a = 0
    for i in cuts:
        out += U._piece_names(norm[a:i])
        a = i + 1
    out += U._piece_names(norm[a:])
    return tuple(out)


def same_unit_names(norm: str, as_it_was) -> None:
    """`U._unit_names(norm)` gives `as_it_was(norm)`'s names, asking `_piece_names` for the same pieces in the
    same order (each side from a cleared `_PIECE_NAMES_MEMO`: its keys, the pieces in the order first asked);
    the memo restored afterwards. (Also tests/test_units_one_pass.py's.)"""
    saved = dict(U._PIECE_NAMES_MEMO)
    try:
        U._PIECE_NAMES_MEMO.clear()
        got = U._unit_names(norm)
        asked = list(U._PIECE_NAMES_MEMO)
        U._PIECE_NAMES_MEMO.clear()
        assert got == as_it_was(norm), norm
        assert asked == list(U._PIECE_NAMES_MEMO), norm
    finally:
        U._PIECE_NAMES_MEMO.clear()
        U._PIECE_NAMES_MEMO.update(saved)


def _same_list(norm: str) -> None:
    def check() -> None:
        assert U._list_shape(norm) == _shape_by_patterns(norm), norm
        same_unit_names(norm, _unit_names_as_it_was)

    _units_both_forms(check)


# the eleven characters, their neighbours in code point order, and every str width
_LIST_CHARS = ["、", ",", "，", ";", "；", "(", "[", "{", ")", "]", "}", "\u3000", "\u3002", "\uff0b", "\uff0d", "\u3002",
               "+", "-", ":", "<", "\\", "^", "z", "|", "~", "局", "é", "\U00020000"]


def test_list_every_short_string():
    for k in range(0, 4):
        for t in itertools.product(_LIST_CHARS, repeat=k):
            _same_list("".join(t))


def test_list_on_sample_lines():
    for text in SAMPLES:
        norm = normalize(text)
        _same_list(norm)
        _same_list(norm[-30:])


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_LIST_CHARS + ["市发改委", "区财政局", "各县(市、区)人民政府", "等单位", "和", "略"]),
                max_size=10).map("".join))
def test_list_against_the_patterns_and_the_cuts(norm):
    _same_list(norm)
