"""The clause reads of round 28 (responsibility.py) against the forms they replaced:
- `_opens_in` (`_alias_lost_close`'s look for an opening bracket in the 24 characters before a clause)
  against the two `str.find`s it replaces, compiled over the str's buffer (`_opens_in_c`) and not;
- `_sentence_start` (where `_trailing_sentence`'s sentence starts) against the three `str.rfind`s, compiled
  over the str's buffer (`_last_stop_c`) and not;
- `_piece_mentions_of` (the lru-cached `_piece_mentions`' body, typed when compiled) against the body as it
  was, the mentions' full-length slices the same objects;
- `_result_at` (the body's bounds as two integers) against `_result` as it was (`inner` a tuple)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import responsibility as R
from dutygraph.extract.reference import norm as normalize
from dutygraph.extract.units import _split_unit_spans, looks_like_unit

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


def _both_forms(check) -> None:
    """`check()` with the compiled buffer reads on (where they exist) and off."""
    saved = R._NATIVE
    try:
        for native in (saved, False):
            R._NATIVE = native
            check()
    finally:
        R._NATIVE = saved


# every width a str may have: ASCII / Latin-1 (1 byte), CJK (2), beyond the BMP (4)
_PARTS = ["(", "[", ")", "]", "。", ":", "：", "x", "é", "局", "（", "〔", "\U00020000", "\U0001f600", ".", "﹕",
          # (about the compiled 2-byte read's word test, four characters at once: characters a lane's bits
          # nearly match "(" or "[" in, the top lane bit, 0)
          "\\", "Z", "\u0128", "\u2800", "\u8000", "\uffff", "\x00"]
_TEXT = st.lists(st.sampled_from(_PARTS), max_size=14).map("".join)


# ---------------------------------------------------------------- _opens_in


def _opens_as_it_was(norm: str, lo: int, hi: int) -> bool:
    return norm.find("(", lo, hi) >= 0 or norm.find("[", lo, hi) >= 0


def _same_opens(norm: str) -> None:
    n = len(norm)

    def check() -> None:
        for lo in range(n + 2):
            for hi in range(n + 3):
                assert R._opens_in(norm, lo, hi) == _opens_as_it_was(norm, lo, hi), (norm, lo, hi)

    _both_forms(check)


def test_opens_in_every_width_and_window():
    for c in _PARTS:
        for norm in ("", c, c + c, "x" + c, c + "x", "局" + c + "局", "é" + c, "\U00020000" + c, c * 30):
            _same_opens(norm)
    _same_opens("各县(市、区)人民政府")
    _same_opens("[" + "局" * 30 + "(")
    for k in range(10):  # (one character at each place within and about the compiled read's four-character words)
        for c in ("(", "[", ")", "\\", "\u0128", "\u8000", "\x00"):
            _same_opens("局" * k + c + "局" * (9 - k))


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_opens_in_against_the_finds(norm):
    _same_opens(norm)


# ---------------------------------------------------------------- _sentence_start


def _start_as_it_was(norm: str, end: int) -> int:
    return max(norm.rfind("。", 0, end), norm.rfind(":", 0, end), norm.rfind("：", 0, end)) + 1


def _same_start(norm: str) -> None:
    n = len(norm)

    def check() -> None:
        for end in range(n + 3):
            assert R._sentence_start(norm, end) == _start_as_it_was(norm, end), (norm, end)

    _both_forms(check)


def test_sentence_start_every_width_and_end():
    for c in _PARTS:
        for norm in ("", c, c + c, "x" + c, c + "x", "局" + c + "局", "é" + c + "é", "\U00020000" + c, c * 30):
            _same_start(norm)


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_sentence_start_against_the_rfinds(norm):
    _same_start(norm)


def test_opens_in_and_sentence_start_on_sample_lines():
    for text in _sample_texts(1500):
        norm = normalize(text)
        end = R._punct_end(norm)

        def check() -> None:
            assert R._sentence_start(norm, end) == _start_as_it_was(norm, end), norm
            for k in range(0, len(norm), 7):
                lo = k - 24 if k > 24 else 0
                assert R._opens_in(norm, lo, k) == _opens_as_it_was(norm, lo, k), (norm, k)

        _both_forms(check)


# ---------------------------------------------------------------- _piece_mentions_of


def _piece_mentions_as_it_was(piece: str, norm: str, cut: bool):
    """The body of `_piece_mentions` as it was (the decorated function's, with comprehensions)."""
    if not cut and piece == norm:
        names = R.unit_names_of_norm(norm)
        return names, names
    if cut:
        while piece and piece[-1] in R._BROKEN:
            piece, norm = piece[:-1], norm[:-1]
        m = R._PARTIAL_KW.search(norm)
        if m and m.start() > 0:
            piece, norm = piece[: m.start()], norm[: m.start()]
        opened = R._unclosed_open(norm)
        if opened is not None:
            piece, norm = piece[:opened], norm[:opened]
    spans = _split_unit_spans(norm)
    if cut and spans and not looks_like_unit(norm[spans[-1][0] : spans[-1][1]]):
        spans = spans[:-1]
    norms = tuple([norm[x:y] for x, y in spans])
    return (norms if piece == norm else tuple([piece[x:y] for x, y in spans])), norms


def _same_piece_mentions(text: str) -> None:
    norm = normalize(text)
    for piece in (text, norm):
        for cut in (False, True):
            got = R._piece_mentions_of(piece, norm, cut)
            was = _piece_mentions_as_it_was(piece, norm, cut)
            assert got == was, (piece, cut)
            assert type(got[0]) is tuple and type(got[1]) is tuple
            # a mention that is the whole piece is the piece's own str in both (no copy made)
            for g, w, whole in ((got[0], was[0], piece), (got[1], was[1], norm)):
                assert [m is whole for m in g] == [m is whole for m in w], (piece, cut)
            assert R._piece_mentions(piece, norm, cut) == got


_LIST_PARTS = ["市发改委", "区财政局", "各县(市、区)人民政府", "市場監管局", "縣政府", "、", ",", "，", ";", "等单位", "及", "和",
               "牵", "按职", "\ufffd", "?", "(", "[", "略", " ", "市医保局鸠江分局", "区市监局鸠江公安局"]


def test_piece_mentions_of_on_sample_lists():
    seen = 0
    for text in _sample_texts():
        norm = normalize(text)
        if text == norm and seen > 400:
            continue
        for piece in text.replace("：", ":").split(":")[1:3] or [text[-40:]]:
            _same_piece_mentions(piece[:60])
        seen += 1


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_LIST_PARTS), max_size=8).map("".join))
def test_piece_mentions_of_against_the_body_as_it_was(text):
    _same_piece_mentions(text)


# ---------------------------------------------------------------- _result_at


def _result_as_it_was(text: str, norm: str, a: int, b: int, inner: tuple[int, int], *, cut: bool = False):
    i, j = inner
    body_norm = norm[i:j]
    if text is norm:
        body = body_norm
    else:
        body = text[i:j]
        if body == body_norm:
            body = body_norm
    parsed = R._parse_cached(body, body_norm, cut, R._agencies_path())
    if parsed is None:
        return None
    lead, co, deadline = parsed
    if not lead and not co:
        return None
    return R._new_responsibility(lead, co, deadline, text[a:b], (a, b))


def _same_result(text: str) -> None:
    norm = normalize(text)
    end = R._punct_end(norm)
    opens = [k for k, c in enumerate(norm) if c in "(["] + [0]
    for t in (text, norm):
        for a in opens[-3:]:
            for i, j in ((a + 1, end - 1), (a + 1, end), (a, end)):
                for cut in (False, True):
                    got = R._result_at(t, norm, a, end, i, j, cut)
                    assert got == _result_as_it_was(t, norm, a, end, (i, j), cut=cut), (t, a, i, j, cut)
                    assert got == R._result(t, norm, a, end, (i, j), cut=cut)


def test_result_at_on_sample_lines():
    for text in _sample_texts(2500):
        if "(" in text or "（" in text or "牵头" in text or "：" in text:
            _same_result(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LIST_PARTS + ["牵头", "负责", "配合", "牵头单位:", "完成时限:", "2025年底", ")", "（"]),
                max_size=9).map("".join))
def test_result_at_against_result_as_it_was(text):
    _same_result(text)


# ---------------------------------------------------------------- _label_marks / _parse_labeled


def _parse_labeled_as_it_was(text: str, norm: str):
    """`_parse_labeled` as it was: over `_label_spans`' 3-tuples."""
    if ":" not in norm and "：" not in norm:
        return None
    labels = R._label_spans(norm)
    if not labels:
        return None
    lead: list[str] = []
    resp: list[str] = []
    co: list[str] = []
    deadline = None
    for k in range(len(labels)):
        _, a, label = labels[k]
        b = labels[k + 1][0] if k + 1 < len(labels) else len(norm)
        if label in R._TIME_LABELS:
            raw = text[a:b].strip(R._TIME_STRIP)
            deadline = raw or deadline
            continue
        units = R._mentions(text, norm, a, b)
        if label in R._LEAD_LABELS:
            lead += units
        elif label in R._RESP_LABELS:
            resp += units
        else:
            co += units
    if lead:
        co = resp + co
    else:
        lead = resp
    if not lead and not co:
        return R._LABELS_ONLY
    return lead, co, deadline


def _same_labeled(text: str) -> None:
    norm = normalize(text)
    marks = R._label_marks(norm)
    assert [tuple(marks[k : k + 3]) for k in range(0, len(marks), 3)] == R._label_spans(norm) == [
        (m.start(), m.end(), m.group("label")) for m in R._LABEL.finditer(norm)], norm
    for t in (text, norm):
        got = R._parse_labeled(t, norm)
        was = _parse_labeled_as_it_was(t, norm)
        assert got == was, t
        assert (got is R._LABELS_ONLY) == (was is R._LABELS_ONLY)


_LABEL_PARTS = ["牵头单位", "主要牵头单位", "主责单位", "主责部门", "责任单位", "主要责任单位", "配合单位", "协办单位", "参与单位", "完成时限", "时限", "时间节点",
                "责任部门", ":", "：", " ", "\u3000", "市发改委", "区财政局、区商务局", "市場監管局", "2025年底", ";", "；", "。", ")",
                "单位", "部门"]


def test_parse_labeled_on_sample_lines():
    for text in _sample_texts():
        _same_labeled(text)
        if "(" in text:
            _same_labeled(text[text.rfind("(") + 1 :])


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_LABEL_PARTS), max_size=10).map("".join))
def test_parse_labeled_against_the_tuples_form(text):
    _same_labeled(text)


# ---------------------------------------------------------------- units: the join tests without patterns

from dutygraph.extract import units as U  # noqa: E402

_JOIN_PARTS = ["市", "区", "县", "省", "全", "中共", "委", "政府", "\n", "公室", "会", "支行", "分行", "分局", "分公司", "组织部", "员会",
               "局", "公", "x", "员"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_JOIN_PARTS), max_size=6).map("".join))
def test_not_a_join_and_bad_start_against_the_patterns(s):
    assert U._not_a_join(s) == bool(U._NOT_A_JOIN.match(s)), s
    assert U._bad_start(s) == bool(U._BAD_START.match(s)), s


def test_not_a_join_every_name():
    for p in ("", "市", "区", "县", "省", "全市", "全区", "全县", "中共", "全", "中", "x", "市市"):
        for e in ("委", "政府", "府", "委会", ""):
            for tail in ("", "\n", "\n\n", "x"):
                s = p + e + tail
                assert U._not_a_join(s) == bool(U._NOT_A_JOIN.match(s)), s
    for w in U._BAD_STARTS + ("公", "组织", "员", "支", ""):
        for tail in ("", "局", "\n"):
            assert U._bad_start(w + tail) == bool(U._BAD_START.match(w + tail)), w


def _split_run_together_as_it_was(norm: str, a: int, b: int) -> list[tuple[int, int]]:
    piece = norm[a:b]
    if "略" in piece or "(" in piece or "[" in piece:
        return [(a, b)]
    for m in U._JOIN_RE.finditer(piece):
        cut = m.end()
        left, right = piece[:cut], piece[cut:]
        if len(left) < 3 or len(right) < 2 or U._NOT_A_JOIN.match(left):
            continue
        if U._BRANCH.match(right) or U._BAD_START.match(right):
            continue
        if right.startswith(("会", "公", "等")):
            continue
        if not U._ends_unit(right):
            continue
        rest = _split_run_together_as_it_was(norm, a + cut, b)
        return [(a, a + cut)] + rest
    return [(a, b)]


_RUN_PARTS = ["区市监局", "鸠江公安局", "市医保局", "鸠江分局", "市政府", "金融办", "市委", "编办", "市住建局", "办公室", "委员会", "公司", "支行",
              "区", "局", "委", "办", "中心", "人民政府", "大队", "会", "等", "略", "(", "市场监管局", "组织部"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_RUN_PARTS), max_size=6).map("".join))
def test_split_run_together_against_the_patterns_form(piece):
    for a in (0, 1):
        assert U._split_run_together(piece, a, len(piece)) == _split_run_together_as_it_was(piece, a, len(piece))


def test_split_run_together_on_sample_pieces():
    import re

    for text in _sample_texts():
        norm = normalize(text)
        for piece in re.split("[、,，;；:()]", norm):
            if 2 <= len(piece) <= 40:
                assert U._split_run_together(piece, 0, len(piece)) == _split_run_together_as_it_was(piece, 0, len(piece))


def test_result_at_compares_the_body_in_place_for_any_bounds():
    """`_result_at`'s body: `text[i:j]`, or `norm[i:j]` itself where they are equal — for any bounds, also
    outside the text or crossed, and a text longer or shorter than its `norm`. (As Python: compiled, the
    call to `_parse_cached` is a C call the spy does not see; `_same_result` pins the answers there.)"""
    if R._NATIVE:
        pytest.skip("compiled: the module's own calls are C calls")
    seen = []
    real = R._parse_cached

    def spy(text, norm, cut, data):
        seen.append((text, norm))
        return real(text, norm, cut, data)

    R._parse_cached = spy
    try:
        for text, norm in (("市发改委牵头", "市发改委牵头"), ("市發改委牵头", "市发改委牵头"), ("市发改委牵头x", "市发改委牵头"),
                           ("市发改委牵", "市发改委牵头"), ("", "市发改委牵头"), ("(市发改委牵头)", "(市发改委牵头)")):
            for i in range(-2, len(norm) + 3):
                for j in range(-2, len(norm) + 3):
                    seen.clear()
                    R._result_at(text, norm, 0, len(text), i, j, False)
                    body, body_norm = seen[0]
                    assert body_norm == norm[i:j] and body == text[i:j], (text, i, j)
                    assert (body is body_norm) == (text[i:j] == norm[i:j]), (text, i, j)
    finally:
        R._parse_cached = real


def test_result_at_against_result_as_it_was_for_any_bounds():
    for text, norm in (("市发改委牵头", "市发改委牵头"), ("市發改委牵头", "市发改委牵头"), ("市发改委牵头x", "市发改委牵头"),
                       ("市发改委牵", "市发改委牵头"), ("", "市发改委牵头"), ("(区財政局牵头,区商务局配合)", "(区财政局牵头,区商务局配合)"),
                       ("(区财政局牵头,区商务局配合)", "(区财政局牵头,区商务局配合)"),
                       # (two widths: compiled, the body compared code point by code point, not by one memcmp)
                       ("\U00020000区财政局牵头", "一区财政局牵头"), ("区财政局牵头\U00020000", "区財政局牵头"),
                       ("ab牵头", "ab牵头"), ("abc", "ab一"), ("ab一", "abc"), ("区财政局牵头", "区财政局牵头\U00020000")):
        for i in range(-2, len(norm) + 3):
            for j in range(-2, len(norm) + 3):
                for cut in (False, True):
                    got = R._result_at(text, norm, 0, len(text), i, j, cut)
                    assert got == _result_as_it_was(text, norm, 0, len(text), (i, j), cut=cut), (text, i, j, cut)


def test_join_words_by_their_first_character():
    assert sorted(U._JOIN_BY_FIRST.values()) == sorted(U._JOIN_ENDINGS)  # (no two share a first character)
    for w in U._JOIN_ENDINGS:
        for piece in (w, "x" + w, w + w, w[:-1], "市" + w[:-1] + "x" + w):
            _same_join_ends(piece)


def _same_join_ends(piece: str) -> None:
    ends = [m.end() for m in U._JOIN_RE.finditer(piece)]
    got = []
    pos = 0
    while True:
        pos = U._join_end(piece, pos)
        if pos < 0:
            break
        got.append(pos)
    assert got == ends, piece
    for pos in range(len(piece) + 2):
        m = U._JOIN_RE.search(piece, pos)
        assert U._join_end(piece, pos) == (m.end() if m else -1), (piece, pos)


_JOIN_CHARS = list("".join(U._JOIN_ENDINGS)) + list(U._JOIN_ENDINGS) + ["x", "市", "\U00020000", "é", "\n"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_JOIN_CHARS), max_size=12).map("".join))
def test_join_end_against_the_pattern(piece):
    _same_join_ends(piece)


def test_join_end_on_sample_pieces():
    import re

    for text in _sample_texts():
        for piece in re.split("[、,，;；:()]", normalize(text)):
            _same_join_ends(piece[:50])


def _split_unit_spans_as_it_was(norm: str) -> list[tuple[int, int]]:
    """`_split_unit_spans` as it was: over `_top_level_splits`' list of (start, end) tuples."""
    if not U._list_shape(norm) & U._HAS_SEPARATOR:
        return list(U._piece_spans(norm))
    out: list[tuple[int, int]] = []
    for a, b in U._top_level_splits(norm):
        spans = U._piece_spans(norm[a:b])
        if a and spans:
            out.extend([(a + x, a + y) for x, y in spans])
        else:
            out.extend(spans)
    return out


def _same_split(norm: str) -> None:
    assert U._split_unit_spans(norm) == _split_unit_spans_as_it_was(norm), norm
    if not _COMPILED:  # as Python: the pieces asked for, in the same order
        asked: list[str] = []
        real = U._piece_spans

        def spy(piece):
            asked.append(piece)
            return real(piece)

        U._piece_spans = spy
        try:
            U._split_unit_spans(norm)
            new = list(asked)
            asked.clear()
            _split_unit_spans_as_it_was(norm)
        finally:
            U._piece_spans = real
        assert new == asked, norm


_COMPILED = R._NATIVE  # (compiled, the module's own calls are C calls a spy does not see)

_SPLIT_PARTS = ["市发改委", "区财政局", "(", ")", "[", "]", "{", "}", "、", ",", "，", ";", "；", "市、区", "等单位", " ", "县政府", "及"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_SPLIT_PARTS), max_size=10).map("".join))
def test_split_unit_spans_against_the_splits_form(norm):
    _same_split(norm)


def test_split_unit_spans_on_sample_lines():
    for text in _sample_texts():
        norm = normalize(text)
        _same_split(norm[-60:])
        if ":" in norm:
            _same_split(norm[norm.index(":") + 1 :][:80])
