"""(load26) Two of the repairs' scans in C when compiled, pinned to the forms they replace: the redactions'
count (`repair._redaction_count`, repair.pxd's `_redactions_c`: each "略" looked at where it is) against
`len(_REDACTION.findall(t))`, and the duplicate search's strip (`repair._strip_of`, repair.pxd's `_stripped`:
strip's cut without the method call) against `str.strip()`, the very object included. On hypothesis texts of
brackets of both widths, "略", every kind of white space the regex's `\\s` and strip take (U+3000, U+0085,
U+001C, U+2028, NBSP) and some they do not (U+200B, U+FEFF), in each character width, and on the samples'
lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.loaders import repair

ROOT = Path(__file__).resolve().parent.parent

_PIECES = ["略", "(", "（", ")", "）", " ", "\u3000", "\n", "\t", "\x1c", "\x85", "\u2028", "\xa0", "\u200b", "\ufeff",
           "a", "一", "市", "（略）", "(略)", "( 略 )", "\U00020000", "é", "\r\n", "[", "]", "〔", "〕", "】"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


def _sample_lines() -> list[str]:
    out = []
    for p in sorted((ROOT / "data" / "plans").rglob("*.txt"))[:40]:
        out += p.read_text("utf-8", "replace").split("\n")
    return out


@settings(max_examples=4000, deadline=None)
@given(_TEXT)
def test_redaction_count_is_the_findall(t):
    assert repair._redaction_count(t) == len(repair._REDACTION.findall(t))


def test_redaction_count_edge_cases():
    for t, n in [("", 0), ("略", 0), ("(略)", 1), ("（略）", 1), ("(略）", 1), ("（ \u3000略\n）", 1), ("(略(略)略)", 1),
                 ("(略)(略)", 2), ("((略))", 1), ("(\u200b略)", 0), ("(略", 0), ("略)", 0), ("( 略 ) 略 (略)", 2),
                 ("\x85(\x85略\x85)\x85", 1), ("(略略)", 0), ("(\U00020000略)", 0), ("(\xa0略\x1c)", 1), ("(略]", 0), ("[略)", 0), ("〔略〕", 0), ("【略】", 0)]:
        assert repair._redaction_count(t) == n == len(repair._REDACTION.findall(t)), t


def test_redaction_count_on_the_samples():
    lines = _sample_lines()
    assert sum("略" in t for t in lines) > 0
    for t in lines:
        assert repair._redaction_count(t) == len(repair._REDACTION.findall(t))


@settings(max_examples=4000, deadline=None)
@given(_TEXT)
def test_strip_of_is_the_method(t):
    got = repair._strip_of(t)
    want = t.strip()
    assert got == want and type(got) is str
    if want == t or want == "":  # (strip hands back `t` itself, or CPython's one empty str)
        assert got is want


def test_strip_of_edge_cases_and_samples():
    for t in ["", " ", "\u3000", "a", " a", "a ", " a ", "\x1c\x1d\x1e\x1fx\x85", "\u200bx\u200b", "\n" * 30 + "一",
              "\U00020000 ", " é ", "\xa0\xa0"]:
        assert repair._strip_of(t) == t.strip(), repr(t)
    for t in _sample_lines():
        assert repair._strip_of(t) == t.strip()
