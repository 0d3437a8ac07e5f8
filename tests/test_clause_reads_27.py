"""The clause and list reads of round 27 (responsibility.py, units.py) against the forms they replaced:
- units' `_trim` comparing typed characters with `_STRIP`'s, written out, against the `in _STRIP` loops;
- the memos' bounds read as C integers (`cap = _MEMO_MAX` / `_PARSED_MAX`): each memo is cleared by the
  miss that finds it holding its bound, and only then (the bound is read at every miss: tests lower it);
- `_colon_after_space` (the "white space, then a colon" test `_label_at` and `_has_heading_kw` share)
  against `re.match(r"\\s*[:：]", ...)` within the window, and both its callers against their patterns."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import responsibility as R
from dutygraph.extract import units
from dutygraph.extract.reference import norm as normalize

_SAMPLES = Path(__file__).resolve().parent.parent / "data" / "plans"


def _sample_lines(limit: int = 4000) -> list[str]:
    out: list[str] = []
    for p in sorted(_SAMPLES.rglob("*.txt")):
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                out.append(normalize(line))
                if len(out) >= limit:
                    return out
    return out


# ---------------------------------------------------------------- units._trim


def _trim_as_it_was(s: str, norm: str, a: int, b: int) -> tuple[int, int]:
    while a < b and norm[a] in units._STRIP:
        a += 1
    while b > a and norm[b - 1] in units._STRIP:
        b -= 1
    return a, b


_TRIM_CHARS = list(units._STRIP) + ["x", "局", "、", ",", "\n", "\u2003", "\u200b", "(", ")", "“x", "'"]


def _same_trim(norm: str) -> None:
    n = len(norm)
    for a in range(n + 1):
        for b in range(a, n + 1):
            assert units._trim(norm, norm, a, b) == _trim_as_it_was(norm, norm, a, b), (norm, a, b)


def test_trim_every_strip_character_and_its_neighbours():
    for c in _TRIM_CHARS:
        for norm in (c, c + c, "市局" + c, c + "市局", c + "市局" + c, c + "\u00a0" + c, "x" + c + "x"):
            _same_trim(norm)
    _same_trim(units._STRIP)
    _same_trim(units._STRIP + "市发改委" + units._STRIP[::-1])


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_TRIM_CHARS + ["市发改委", "等单位"]), max_size=10).map("".join))
def test_trim_against_the_strip_loops(norm):
    _same_trim(norm)


def test_trim_on_sample_pieces():
    for line in _sample_lines(1500):
        for piece in re.split("[、,，;；]", line)[:6]:
            assert units._trim(piece, piece, 0, len(piece)) == _trim_as_it_was(piece, piece, 0, len(piece)), piece


# ---------------------------------------------------------------- the memos' bounds


def test_units_memos_clear_at_their_bound_and_only_there(monkeypatch):
    monkeypatch.setattr(units, "_MEMO_MAX", 3)
    for memo, ask in ((units._NAMES_MEMO, units.unit_names_of_norm), (units._SPANS_MEMO, units.unit_spans_of_norm),
                      (units._PIECE_NAMES_MEMO, units._piece_names), (units._PIECE_SPANS_MEMO, units._piece_spans),
                      (units._UNIT_MEMO, units.looks_like_unit)):
        memo.clear()
        sizes = []
        for i in range(8):
            ask(f"市第{i}局")
            ask(f"市第{i}局")  # (a hit: nothing stored, nothing cleared)
            sizes.append(len(memo))
        assert sizes == [1, 2, 3, 1, 2, 3, 1, 2], (ask, sizes)
        memo.clear()


def test_parse_memos_clear_at_their_bound_and_only_there(monkeypatch):
    path = R._agencies_path()
    monkeypatch.setattr(R, "_PARSED_MAX", 2)
    R._PARSED_PLAIN.clear()
    R._PARSED_OTHER.clear()
    plain, other = [], []
    for i in range(6):
        s = f"市第{i}局牵头"
        R._parse_cached(s, s, False, path)
        R._parse_cached(s, s, False, path)
        plain.append(len(R._PARSED_PLAIN))
        t = f"市第{i}局牽頭"
        R._parse_cached(t, s, False, path)
        R._parse_cached(t, s, False, path)
        other.append(len(R._PARSED_OTHER))
    assert plain == [1, 2, 1, 2, 1, 2] and other == [1, 2, 1, 2, 1, 2], (plain, other)
    R._PARSED_PLAIN.clear()
    R._PARSED_OTHER.clear()


# ---------------------------------------------------------------- white space, then a colon

_COLON_AFTER = re.compile(r"\s*[:：]")
_SPACE_CHARS = [" ", "\t", "\u3000", "\u00a0", "\u2003", "\n", "\r", "\x1c", "\u200b", "\ufeff", "\x85"]
_COLON_TEXT = st.lists(st.sampled_from(_SPACE_CHARS + [":", "：", "单位", "牵头单位", "x", ";", "﹕"]), max_size=12).map("".join)


def _same_colon_after(s: str) -> None:
    n = len(s)
    for i in range(n + 1):
        for end in range(i, n + 1):
            assert R._colon_after_space(s, i, end) == (_COLON_AFTER.match(s, i, end) is not None), (s, i, end)


def test_colon_after_space_every_white_space_character():
    for c in _SPACE_CHARS + ["x", "﹕", "︰"]:
        for s in (c, c + ":", c + "：", c + c + "：", ":" + c, c + "x:", "单位" + c + ":"):
            _same_colon_after(s)


@settings(max_examples=800, deadline=None)
@given(_COLON_TEXT)
def test_colon_after_space_against_the_pattern(s):
    _same_colon_after(s)


@settings(max_examples=500, deadline=None)
@given(_COLON_TEXT)
def test_label_at_and_heading_kw_against_their_patterns(s):
    assert R._has_heading_kw(s) == (R._HEADING_KW.search(s) is not None), s
    n = len(s)
    for a in range(n + 1):
        for end in range(a, n + 1):
            assert R._label_at(s, a, end) == (R._LABEL.match(s, a, end) is not None), (s, a, end)


def test_label_at_and_heading_kw_on_sample_lines():
    for line in _sample_lines():
        w = line[:200]
        assert R._has_heading_kw(w) == (R._HEADING_KW.search(w) is not None), w
        a = R._punct_start(line)
        end = R._punct_end(line)
        assert R._label_at(line, a, end) == (R._LABEL.match(line, a, end) is not None), line


# ---------------------------------------------------------------- a plain clause's answer made as tuples

from test_perf_memo_readings import _CLAUSES  # noqa: E402
from test_responsibility_tails import _parse_plain_searched  # noqa: E402


def _parsed_as_it_was(text: str, norm: str, cut: bool):
    """`_parsed` as it was: `_parse_text`'s lists (the plain reading `_parse_plain` as it was) made tuples."""
    got = R._parse_labeled(text, norm)
    if got is R._LABELS_ONLY:
        return None
    if got is None:
        got = _parse_plain_searched(text, norm, cut=cut)
    return None if got is None else (tuple(got[0]), tuple(got[1]), got[2])


def test_fresh_is_a_new_tuple_of_the_same_items():
    for t in ((), ("市发改委",), ("市发改委", "区财政局", "市发改委"), tuple(f"局{i}" for i in range(40))):
        got = R._fresh(t)
        assert got == t == tuple(list(t)) and type(got) is tuple
        assert all(a is b for a, b in zip(got, t))
        if t:
            assert got is not t
        else:
            assert got is tuple()  # (the one empty tuple)
    try:
        R._fresh(None)
    except TypeError:
        pass
    else:
        raise AssertionError("_fresh(None) answered")


_PLAIN_PARTS = ["市发改委", "区财政局", "各县(市、区)人民政府", "市場監管局", "牵头", "牽頭", "负责", "配合", "按职责分工负责",
                "分别牵头", "、", ",", "，", ";", "。", " ", "等单位", "聚焦", "(", ")", "略", "\ufffd"]


def _same_parse(text: str) -> None:
    norm = normalize(text)
    for t in (text, norm):
        for cut in (False, True):
            got = R._parsed(t, norm, cut)
            assert got == _parsed_as_it_was(t, norm, cut), (t, cut)
            plain = R._plain_parsed(t, norm, cut)
            old = _parse_plain_searched(t, norm, cut=cut)
            assert plain == (None if old is None else (tuple(old[0]), tuple(old[1]), None)), (t, cut)
            assert R._parse_plain(t, norm, cut=cut) == old, (t, cut)  # (lists, as before)
            if got is not None:
                # the answer's tuples are its own: never a memo's tuple of names
                for names in (got[0], got[1]):
                    if names:
                        assert names is not units._NAMES_MEMO.get(normalize("、".join(names)))
                        assert all(names is not v for v in units._NAMES_MEMO.values())
                        assert all(names is not v for v in units._PIECE_NAMES_MEMO.values())


def test_parsed_on_the_clauses_and_sample_lines():
    for c in _CLAUSES:
        _same_parse(c)
    for line in _sample_lines(800):
        _same_parse(line[-40:])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PLAIN_PARTS), max_size=8).map("".join))
def test_parsed_against_the_lists_form(text):
    _same_parse(text)
