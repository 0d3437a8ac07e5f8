"""Normalisation for matching: NFKC + traditional->simplified (OpenCC t2s), char-for-char aligned.

`normalize(s)` always returns a string of the same length as `s`, so a span found in the
normalised text cuts the as-printed text out of the original. Characters whose NFKC form is not a
single character (e.g. "㈠") keep their original; OpenCC phrase conversions that change the length
fall back to a per-character conversion.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

# Bracket variants folded onto ASCII parentheses for matching (kept as printed in `text`).
_EXTRA = str.maketrans({"〔": "(", "〕": ")", "【": "[", "】": "]", "﹝": "(", "﹞": ")", "\u3000": " "})
_EXTRA_RE = re.compile("[〔〕【】﹝﹞\u3000]")  # str.translate is slow on long lines: only when needed


@lru_cache(maxsize=65536)
def _nfkc_char(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


def nfkc_aligned(s: str) -> str:
    if s.isascii():
        return s
    # (normalize answers an already-normalised string from its own quick check: no separate
    # is_normalized pass, which Chinese lines with full-width punctuation fail after a scan)
    whole = unicodedata.normalize("NFKC", s)
    if len(whole) == len(s):  # the common case: full-width forms folded one to one
        return whole
    return "".join(_nfkc_char(c) for c in s)


def t2s_aligned(s: str) -> str:
    if s.isascii():
        return s
    out = _T2S.convert(s)
    if len(out) == len(s):
        return out
    return "".join(c2 if len(c2 := _T2S.convert(c)) == 1 else c for c in s)


_EXTRA_PAIRS = tuple((chr(k), v) for k, v in _EXTRA.items())


def _fold(s: str) -> str:
    if not _EXTRA_RE.search(s):
        return s
    for a, b in _EXTRA_PAIRS:  # str.replace runs in C; translate with a dict does not
        if a in s:
            s = s.replace(a, b)
    return s


def normalize(s: str) -> str:
    """NFKC + t2s + bracket folding, same length as `s`."""
    return _fold(t2s_aligned(nfkc_aligned(s)))


def normalize_lines(lines: list[str]) -> list[str]:
    """`[normalize(s) for s in lines]`, with one OpenCC call and one folding pass for all of them
    (the per-call cost dominates on short lines). Lines must not contain "\n"; OpenCC phrases never
    span one, so converting the joined text and splitting it back gives each line's own conversion.
    (NFKC stays per line: CPython's normalize is several times slower on one long string.)"""
    if any("\n" in s for s in lines):
        return [normalize(s) for s in lines]
    nfkc = [nfkc_aligned(s) for s in lines]
    joined = "\n".join(nfkc)
    converted = _fold(joined if joined.isascii() else _T2S.convert(joined))
    pieces = converted.split("\n")
    if len(pieces) != len(nfkc):
        return [normalize(s) for s in lines]
    return [
        after if len(after) == len(before) else _fold(t2s_aligned(before))  # a length-changing phrase
        for before, after in zip(nfkc, pieces)
    ]


def simplify(s: str) -> str:
    """Traditional->simplified only (for canonical names shown to users)."""
    return t2s_aligned(s)
