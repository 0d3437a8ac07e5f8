"""Normalisation for matching: NFKC + traditional->simplified (OpenCC t2s), char-for-char aligned.

`normalize(s)` always returns a string of the same length as `s`, so a span found in the
normalised text cuts the as-printed text out of the original. Characters whose NFKC form is not a
single character (e.g. "㈠") keep their original; OpenCC phrase conversions that change the length
fall back to a per-character conversion.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

# Bracket variants folded onto ASCII parentheses for matching (kept as printed in `text`).
_EXTRA = str.maketrans({"〔": "(", "〕": ")", "【": "[", "】": "]", "﹝": "(", "﹞": ")", "\u3000": " "})


@lru_cache(maxsize=65536)
def _nfkc_char(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


def nfkc_aligned(s: str) -> str:
    if s.isascii() or unicodedata.is_normalized("NFKC", s):
        return s
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


def normalize(s: str) -> str:
    """NFKC + t2s + bracket folding, same length as `s`."""
    return t2s_aligned(nfkc_aligned(s)).translate(_EXTRA)


def simplify(s: str) -> str:
    """Traditional->simplified only (for canonical names shown to users)."""
    return t2s_aligned(s)
