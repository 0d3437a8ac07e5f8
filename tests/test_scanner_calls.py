"""meas28: `_measure` calls the per-measure scanners with their arguments by position (`find_deadlines(text,
year, norm)`, `parse_deadline(raw, year)`, `find_platforms(text, norm)`, `find_targets(text, norm)`: the
compiled wrappers parse no keyword then), so those parameters are no longer keyword-only — the same
answers either way, pinned here on the sample and synthetic lines; and `platforms._stripped(s, a, b)`,
`find_platforms`' `s[a:b].strip()` without the slice and the method call, pinned to that form over
hypothesis strings of every kind of white space, the sample lines and the edges. Run compiled and as
Python (DUTYGRAPH_NATIVE=0)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import deadlines as D
from dutygraph.extract import platforms as P
from dutygraph.extract import targets as T
from tests.test_scan_loops import _lines

# every character str.strip() passes over (Py_UNICODE_ISSPACE), and a few it does not
_SPACES = [chr(i) for i in range(0x3001) if chr(i).isspace()] + ["\u200b", "\ufeff", "\u180e"]
_OTHER = list("“”赣服通平台 a1，。") + ["\ud7ff", "\U0001f600"]


def _all_spans(s: str):
    n = len(s)
    for a in range(n + 1):
        for b in range(a, n + 1):
            yield a, b


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_SPACES + _OTHER), max_size=10))
def test_stripped_is_the_slice_stripped(s):
    for a, b in _all_spans(s):
        assert P._stripped(s, a, b) == s[a:b].strip()


def test_stripped_at_the_edges():
    assert len(_SPACES) > 20  # (the white space of the BMP's first 12k code points: \t…\r, \x1c…\x1f, \x85, …)
    for s in ["", " ", "  ", "a", " a ", "\u3000“赣服通”\u3000", "\x1c\x1d\x1e\x1fa\x85\xa0", "\u200b a \u200b",
              "a" * 30 + " " * 5, "\n\t平台\r\n"]:
        for a, b in _all_spans(s):
            assert P._stripped(s, a, b) == s[a:b].strip()
    assert P._stripped("  ", 0, 2) == ""


def test_stripped_on_sample_lines():
    lines = _lines()
    assert len(lines) > 3000
    for s in lines:
        n = len(s)
        for a, b in ((0, n), (1, n), (0, n - 1 if n else 0), (n // 3, 2 * n // 3)):
            assert P._stripped(s, a, b) == s[a:b].strip()


def test_scanners_by_position_and_by_keyword():
    lines = _lines()
    found = [0, 0, 0]
    for s in lines:
        for norm in (None, s):
            by_kw = P.find_platforms(s, norm=norm)
            assert P.find_platforms(s, norm) == by_kw
            found[0] += bool(by_kw)
            by_kw = T.find_targets(s, norm=norm)
            assert T.find_targets(s, norm) == by_kw
            found[1] += bool(by_kw)
            for year in (None, 2023):
                by_kw = D.find_deadlines(s, year=year, norm=norm)
                assert D.find_deadlines(s, year, norm) == by_kw
                found[2] += bool(by_kw)
    assert min(found) > 100
    for raw in ["2022年5月底前", "2022630日", "长期坚持", "年底前", "", "  ", "6月底前"]:
        for year in (None, 2021):
            assert D.parse_deadline(raw, year) == D.parse_deadline(raw, year=year)
