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

from . import _t2s_data
from .base import runs_compiled

_T2S = opencc.OpenCC("t2s")

# Bracket variants folded onto ASCII parentheses for matching (kept as printed in `text`).
_EXTRA = str.maketrans({"〔": "(", "〕": ")", "【": "[", "】": "]", "﹝": "(", "﹞": ")", "\u3000": " "})


@lru_cache(maxsize=65536)
def _nfkc_char(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


# Characters NFKC turns into one other character that these documents print often (full-width
# brackets and punctuation, no-break and wide spaces). Replacing a character with its NFKC form leaves
# the text's NFKC the same (both decompose to the same characters), and str.replace runs in C: a line
# whose only unnormalised characters are these is then normalised by its quick check alone, instead
# of CPython's full decompose-and-recompose (~50x slower a character than the check).
_NFKC_FIRST = tuple((c, unicodedata.normalize("NFKC", c)) for c in "（），：；\xa0\u2002\u3000")


def _nfkc(s: str) -> str:
    """`unicodedata.normalize("NFKC", s)` (the same string; `s` itself when it is normalised)."""
    if unicodedata.is_normalized("NFKC", s):  # (a quick check in C, ending at the first character it doubts)
        return s
    for a, b in _NFKC_FIRST:
        if a in s:
            s = s.replace(a, b)
    return unicodedata.normalize("NFKC", s)


# Compiled, the scans below are typed loops over the characters (normalize.pxd); as Python the same
# answers come from C-level str methods and regexes, which a character loop in Python would be far slower
# than.
_COMPILED = runs_compiled(_nfkc)


def _nfkc_plain(s: str) -> int:
    """0: `s` is NFKC-normalised by the characters it holds alone; -1: it holds a character this
    does not vouch for; else 1 + a bit per character of `_NFKC_FIRST` it holds (bit k:
    `_NFKC_FIRST[k]`), every other character of the first kind — then its NFKC is `s` with those
    replaced, one character for one. One pass over the characters (a loop in C, compiled).

    The first kind: ASCII, the CJK unified ideographs and the punctuation these documents print,
    each without a decomposition, of combining class 0 and the second character of no canonical
    composition (NFKC_QC = Yes): a text made of them only is normalised, and the characters of
    `_NFKC_FIRST` fold to ASCII (tests/test_loaders_typed.py checks every code point against unicodedata)."""
    found = 0
    for c in s:
        if c < "\x80" or "\u4e00" <= c <= "\u9fff" or c in "、。〈〉《》「」『』【】〔〕〖〗“”‘’—·":
            continue
        # (the literals of `_NFKC_FIRST`, in its order: compiled, a switch on the character)
        if c == "（":
            found |= 1
        elif c == "）":
            found |= 2
        elif c == "，":
            found |= 4
        elif c == "：":
            found |= 8
        elif c == "；":
            found |= 16
        elif c == "\xa0":
            found |= 32
        elif c == "\u2002":
            found |= 64
        elif c == "\u3000":
            found |= 128
        else:
            return -1
    return found + 1 if found else 0


def nfkc_aligned(s: str) -> str:
    whole = _nfkc_kept(s)
    if whole is not None:  # the common case: full-width forms folded one to one
        return whole
    return "".join([_nfkc_char(c) for c in s])


def _nfkc_kept(s: str) -> str | None:
    """NFKC of `s` when it has the length of `s` (then `nfkc_aligned(s)`); None when it has not, and
    `nfkc_aligned` converts character by character instead."""
    if s.isascii():
        return s
    if _COMPILED:
        found = _nfkc_plain(s)
        if found == 0:
            return s
        if found > 0:  # only characters of _NFKC_FIRST to replace, each by one character
            found -= 1
            for k in range(8):
                if found >> k & 1:
                    a, b = _NFKC_FIRST[k]
                    s = s.replace(a, b)
            return s
    if "\n" in s and not unicodedata.is_normalized("NFKC", s):
        # several lines (a plan's body read for its place), some not normalised: line by line,
        # several times faster in CPython than the whole text at once, and the same string — NFKC
        # never acts across a line break (U+000A is a starter that composes with nothing, so
        # decomposition, reordering and composition all stop at it)
        whole = "\n".join([_nfkc(line) for line in s.split("\n")])
    else:
        whole = _nfkc(s)
    return whole if len(whole) == len(s) else None


def _anchors(phrases: list[str] | tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
    """One character of each phrase (greedily, the one in most phrases not yet covered; on a tie one
    outside GB2312, rarer in simplified text) -> [(phrase, where the character sits in it)]."""
    def rare(c: str) -> bool:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            return True
        return False

    left = list(phrases)
    out: dict[str, list[tuple[str, int]]] = {}
    while left:
        count: dict[str, int] = {}
        for p in left:
            for c in set(p):
                count[c] = count.get(c, 0) + 1
        a = max(sorted(count), key=lambda c: (count[c], rare(c)))
        out[a] = [(p, p.index(a)) for p in phrases if a in p]
        left = [p for p in left if a not in p]
    return out


# The gate before OpenCC (see t2s_gate.py): a text holding none of the characters t2s converts and
# none of the phrases it converts that hold none of them comes back from t2s unchanged. One regex
# search finds the first of those characters or of one character of each such phrase ("覆" of "反覆":
# the phrase itself is then looked for there). Characters above U+FFFF are not listed one by one (a
# class holding one is tested member by member, ~100x slower): any of them sends the text to OpenCC,
# as do lone surrogates (OpenCC's encode raises on them, as before). With another OpenCC version than
# the one the data was read from, every text goes to OpenCC.
_T2S_ANCHORS = _anchors(_t2s_data.PHRASES)
_T2S_VOUCHED = opencc.__version__ == _t2s_data.OPENCC_VERSION
_T2S_LISTED = "".join(c for c in _t2s_data.CHARS if c <= "\uffff") + "".join(_T2S_ANCHORS)
_T2S_MAY = re.compile(
    "[" + re.escape(_T2S_LISTED) + "\ud800-\udfff\U00010000-\U0010ffff]" if _T2S_VOUCHED else r"[\s\S]"
)


def _t2s_table() -> bytes:
    """`_T2S_MAY`'s class for the compiled loop: a byte per code point below U+10000, 1 for those in
    it (every one above U+FFFF is)."""
    if not _T2S_VOUCHED:
        return b"\x01" * 0x10000
    table = bytearray(0x10000)
    for c in _T2S_LISTED:
        table[ord(c)] = 1
    table[0xD800:0xE000] = b"\x01" * 0x800
    return bytes(table)


_T2S_TABLE = _t2s_table()


def _t2s_scan(s: str, start: int) -> int:
    """`_t2s_next` as a loop over the characters with a table lookup each (compiled: in C)."""
    table = _T2S_TABLE
    i = start
    for c in s[start:] if start else s:  # (compiled: the string's buffer read in C)
        if c > "\uffff" or table[ord(c)]:
            return i
        i += 1
    return -1


def _t2s_next(s: str, start: int) -> int:
    """Where `_T2S_MAY` next matches in `s` from `start` (-1: nowhere)."""
    if _COMPILED:
        return _t2s_scan(s, start)
    m = _T2S_MAY.search(s, start)
    return -1 if m is None else m.start()


def t2s_changes(s: str) -> bool:
    """Whether OpenCC's t2s may change `s`; False: `_T2S.convert(s) == s`."""
    return _t2s_changes_at(s, _t2s_next(s, 0))


def _t2s_changes_at(s: str, i: int) -> bool:
    """`t2s_changes(s)`, where `i` is `_t2s_next(s, 0)` (-1: no character of the gate's class)."""
    while i >= 0:
        anchored = _T2S_ANCHORS.get(s[i])
        if anchored is None:  # a character t2s converts (or one not vouched for)
            return True
        for phrase, j in anchored:
            if i >= j and s.startswith(phrase, i - j):
                return True
        i = _t2s_next(s, i + 1)
    return False


def t2s_aligned(s: str) -> str:
    if s.isascii():
        return s
    if not t2s_changes(s):
        # the same text, as a new string like OpenCC's answer (not `s` itself): records keep
        # normalised strings beside the originals, and one object held twice pickles as one — a
        # cache entry would then depend on which equal string the extractors' caches handed out
        # (tests/test_build.py: cache entries do not depend on what a worker read before)
        return (s + " ")[:-1]
    out = _T2S.convert(s)
    if len(out) == len(s):
        return out
    return "".join(c2 if len(c2 := _T2S.convert(c)) == 1 else c for c in s)


_EXTRA_PAIRS = tuple((chr(k), v) for k, v in _EXTRA.items())


def _fold(s: str) -> str:
    # (str.translate with a dict is slow on long lines; a search for the class [〔〕【】﹝﹞\u3000]
    # tests each character in the regex engine, 1.5-3x the time of these seven substring tests; so
    # does a compiled loop over the characters, ~2.5x: each test is a C search of ~1 instruction a
    # character)
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
    return normalize_lines_joinable(lines)[0]


def normalize_lines_joinable(lines: list[str]) -> tuple[list[str], bool]:
    """`normalize_lines(lines)`, and whether the lines are *joinable*: then for any of them, taken in
    order, `"\n".join` of their norms is `normalize` of `"\n".join` of them (and of such a text with
    more joinable pieces: `normalize_kept`'s). True when no line's NFKC and no line's t2s conversion
    changed its length — only a length change makes `nfkc_aligned` / `t2s_aligned` convert a text
    character by character, for the whole of it, and neither NFKC nor OpenCC acts across "\n".
    Compiled, `_lines_one_pass`; as Python `_lines_scans` (the same answer: C-level str scans beat a
    character loop run by Python)."""
    if _ONE_PASS:
        return _lines_one_pass(lines)
    return _lines_scans(lines)


def _lines_scans(lines: list[str]) -> tuple[list[str], bool]:
    """`normalize_lines_joinable` by three scans: each line's NFKC test (`_nfkc_kept`), the t2s gate
    over the joined text, then `_fold`'s seven substring searches over it."""
    joinable = True
    nfkc = []
    for s in lines:
        n = _nfkc_kept(s)
        if n is None:
            joinable = False
            n = nfkc_aligned(s)
        nfkc.append(n)
    joined = "\n".join(nfkc)
    converted = _fold(joined if joined.isascii() or not t2s_changes(joined) else _T2S.convert(joined))
    pieces = converted.split("\n")
    if len(pieces) != len(nfkc):  # (a line holding "\n": neither NFKC nor t2s makes or takes one)
        return [normalize(s) for s in lines], False
    out = []
    for before, after in zip(nfkc, pieces):
        if len(after) != len(before):  # a length-changing phrase
            joinable = False
            after = _fold(t2s_aligned(before))
        out.append(after)
    return out, joinable


# `_lines_one_pass`: the three scans of `_lines_scans` in one pass over each line's characters
# (`_line_scan`, a loop in C compiled). It rests on facts of the tables, checked here (else the module
# takes `_lines_scans`): no ASCII character is in the t2s gate's class (then the characters
# `_NFKC_FIRST` folds to, and "\n", are none of the gate's; `_NFKC_FIRST`'s own characters and the
# fold's are not in it either), so a line's NFKC by `_NFKC_FIRST` has the gate's characters where the
# line has them; `_NFKC_FIRST` and `_EXTRA_PAIRS` share only U+3000 (replaced by NFKC: the fold never
# sees it in a line `_nfkc_plain` vouches for).
_ONE_PASS_SOUND = (
    not any(_T2S_TABLE[:0x80])
    and not any(_T2S_TABLE[ord(c)] for c, _ in _NFKC_FIRST + _EXTRA_PAIRS)
    and [c for c, _ in _NFKC_FIRST] == list("（），：；\xa0\u2002\u3000")
    and [c for c, _ in _EXTRA_PAIRS] == list("〔〕【】﹝﹞\u3000")
)
_ONE_PASS = _COMPILED and _ONE_PASS_SOUND


_PLAIN_PUNCTUATION = "、。〈〉《》「」『』〖〗“”‘’—·"


def _quiet_table() -> bytes:
    """A byte per code point below U+10000, 0 for the characters `_line_scan` passes over — ASCII but
    "\n", the CJK unified ideographs and `_PLAIN_PUNCTUATION`, each unless in the gate's class —, else 1."""
    table = bytearray(b"\x01" * 0x10000)
    table[:0x80] = bytes(0x80)
    table[0x4E00:0xA000] = bytes(0xA000 - 0x4E00)
    for c in _PLAIN_PUNCTUATION:
        table[ord(c)] = 0
    table[ord("\n")] = 1
    for cp in range(0x10000):
        if _T2S_TABLE[cp]:
            table[cp] = 1
    return bytes(table)


_QUIET = _quiet_table()


def _quiet_after_table() -> bytes:
    """`_QUIET` with every CJK unified ideograph quiet, the gate's ones too (load28): what `_nfkc_lines` scans
    with once the gate's first character is found. Such a character tells `_line_scan` nothing but where the
    gate first stops (it is no character of `_NFKC_FIRST`, of the fold or of "\n", and `_nfkc_plain` vouches
    for it), and only the first one matters."""
    table = bytearray(_QUIET)
    table[0x4E00:0xA000] = bytes(0xA000 - 0x4E00)
    return bytes(table)


_QUIET_AFTER = _quiet_after_table()


def _line_scan(s: str) -> int:
    """One pass over the characters of `s`: bits 0–8 `_nfkc_plain(s)`'s answer (bit k: `_NFKC_FIRST[k]`
    is in `s`; bit 8: it answers -1), bit 9 + k when `_EXTRA_PAIRS[k]`'s character is in `s`, bit 16
    when "\n" is, and from bit 17 on 1 + `_t2s_next(s, 0)` (0: no character of the gate's class)."""
    return _line_scan_in(s, _T2S_TABLE, _QUIET, _COMPILED)


def _line_scan_in(s: str, table: bytes, quiet: bytes, compiled: bool) -> int:
    """`_line_scan(s)` with its tables `_T2S_TABLE` and `_QUIET` and the flag `_COMPILED` given (load27:
    `_nfkc_lines` reads them once for all its lines; compiled, the tables are C pointers to the bytes'
    buffers, which stay referenced by the module)."""
    n = len(s)
    found = 0
    first = -1
    i = 0
    while i < n:
        if compiled:
            # the quiet characters from i passed over by `_quiet_run`, a function of normalize.pxd (a typed
            # loop over the string's buffer, one per character width: it does not exist as Python)
            i = _quiet_run(s, i, n, quiet)
            if i == n:
                break
        c = s[i]
        if c <= "\uffff" and not quiet[ord(c)]:  # (most characters: one lookup; the tests below pass it over)
            i += 1
            continue
        if c < "\x80":
            if c == "\n":
                found |= 1 << 16
        elif "\u4e00" <= c <= "\u9fff":
            if first < 0 and table[ord(c)]:
                first = i
        else:
            if first < 0 and (c > "\uffff" or table[ord(c)]):
                first = i
            if c in "、。〈〉《》「」『』〖〗“”‘’—·":  # (_PLAIN_PUNCTUATION: compiled, a switch on the literal)
                pass
            elif c == "（":
                found |= 1
            elif c == "）":
                found |= 2
            elif c == "，":
                found |= 4
            elif c == "：":
                found |= 8
            elif c == "；":
                found |= 16
            elif c == "\xa0":
                found |= 32
            elif c == "\u2002":
                found |= 64
            elif c == "\u3000":
                found |= 128 | 1 << 15
            elif c == "〔":
                found |= 1 << 9
            elif c == "〕":
                found |= 1 << 10
            elif c == "【":
                found |= 1 << 11
            elif c == "】":
                found |= 1 << 12
            elif c == "﹝":
                found |= 256 | 1 << 13
            elif c == "﹞":
                found |= 256 | 1 << 14
            else:
                found |= 256
        i += 1
    return found | (first + 1) << 17


def _nfkc_lines(lines: list[str]) -> tuple[list[str], list[int], int, bool, bool]:
    """(each line's NFKC, as `_nfkc_kept` — else `nfkc_aligned` — gives it; the fold's characters in
    them: for each line holding one, its index and bits — bit k for `_EXTRA_PAIRS[k]` —, in order, flat;
    `_t2s_next` of their join from 0; whether no line's NFKC changed its length; whether a line holds
    "\n"), each line's characters read by `_line_scan` (twice for a line `_nfkc_plain` does not vouch
    for: itself, then its NFKC)."""
    joinable = True
    breaks = False
    folds = []
    nfkc = []
    first = -1
    at = 0
    table = _T2S_TABLE  # (`_line_scan`'s tables and flag, read once: load27)
    quiet = _QUIET
    compiled = _COMPILED
    for s in lines:
        if s.isascii():
            n = s
            if "\n" in s:
                breaks = True
        else:
            r = _line_scan_in(s, table, quiet, compiled)
            if r & 256:  # a character `_nfkc_plain` does not vouch for
                n = _nfkc_kept(s)
                if n is None:
                    joinable = False
                    n = nfkc_aligned(s)
                r = _line_scan_in(n, table, quiet, compiled)
                bits = r >> 9 & 0x7F
            else:
                n = s
                if r & 0xFF:  # only characters of _NFKC_FIRST to replace, each by one character
                    for k in range(8):
                        if r >> k & 1:
                            a, b = _NFKC_FIRST[k]
                            n = n.replace(a, b)
                bits = r >> 9 & 0x3F  # (U+3000 is replaced by now)
            if bits:
                folds.append(len(nfkc))
                folds.append(bits)
            if r >> 16 & 1:
                breaks = True
            if first < 0 and r >> 17:
                first = at + (r >> 17) - 1
                # (load28) the gate's first character found: the later lines' CJK ideographs passed over
                # as quiet ones (`_QUIET_AFTER`): their scans then tell the same but where the gate first
                # stops in them, which is read no more
                quiet = _QUIET_AFTER
        at += len(n) + 1
        nfkc.append(n)
    return nfkc, folds, first, joinable, breaks


def _lines_one_pass(lines: list[str]) -> tuple[list[str], bool]:
    """`_lines_scans(lines)` (the same strings, made the same way), each line's characters read once
    by `_line_scan`: its NFKC when `_nfkc_plain` vouches for it (else `_nfkc_kept`, and the scan again
    over that NFKC), the fold's characters and the gate's first character. The gate then starts at
    that character of the joined text, and the fold replaces only the characters found; a text OpenCC
    converted is folded by `_fold` as before. With no character of the gate's class (no OpenCC call) and
    no line holding "\n", the lines are not joined and split again: each line's fold, then a new string
    of it as the split makes its pieces (`_piece`)."""
    nfkc, marks, first, joinable, breaks = _nfkc_lines(lines)
    if first < 0 and not breaks and nfkc:
        many = len(nfkc) > 1
        compiled = _COMPILED
        for j in range(0, len(marks), 2):
            n = nfkc[marks[j]]
            bits = marks[j + 1]
            for k in range(7):
                if bits >> k & 1:
                    a, b = _EXTRA_PAIRS[k]
                    n = n.replace(a, b)
            nfkc[marks[j]] = n
        out = []
        for n in nfkc:
            if many:  # (one line: the split hands the text itself back)
                # a new string like the split's piece ("" and a Latin-1 character: CPython's shared
                # ones); compiled `_piece`, a function of normalize.pxd (it does not exist as Python)
                n = _piece(n) if compiled else (n + "\n").split("\n")[0]
            out.append(n)
        return out, joinable
    folds = 0
    for j in range(1, len(marks), 2):
        folds |= marks[j]
    joined = "\n".join(nfkc)
    converted = first >= 0 and _t2s_changes_at(joined, first)
    if converted:
        text = _fold(_T2S.convert(joined))
    else:
        text = joined
        if folds:
            for k in range(7):
                if folds >> k & 1:
                    a, b = _EXTRA_PAIRS[k]
                    text = text.replace(a, b)
    pieces = text.split("\n")
    if len(pieces) != len(nfkc):  # (a line holding "\n": neither NFKC nor t2s makes or takes one)
        return [normalize(s) for s in lines], False
    if not converted:  # (NFKC done, the fold keeps every length)
        return pieces, joinable
    out = []
    for before, after in zip(nfkc, pieces):
        if len(after) != len(before):  # a length-changing phrase
            joinable = False
            after = _fold(t2s_aligned(before))
        out.append(after)
    return out, joinable


def normalize_kept(s: str) -> str | None:
    """`normalize(s)` when neither its NFKC nor its t2s conversion changed the length of `s` (`s`
    joins with joinable lines: `normalize_lines_joinable`); else None. `s` must not contain "\n"."""
    n = _nfkc_kept(s)
    if n is None:
        return None
    if n.isascii() or not t2s_changes(n):
        return _fold(n)
    out = _T2S.convert(n)
    return _fold(out) if len(out) == len(n) else None


def simplify(s: str) -> str:
    """Traditional->simplified only (for canonical names shown to users)."""
    return t2s_aligned(s)
