"""Quantitative targets as printed: "压缩至5个工作日", "满意率不低于96%", "控制在1个工作日内".

A target is a number with a unit, governed by a verb of change or a bound (压缩至/减至/控制在/不超过/
不低于/达到/提高到 …); for a bound on a rate ("满意率不低于96%", "可办比例达100%") the rate's name is
kept with it. Plain counts in narrative ("共推出33项", "第85次常务会议") are not targets. Regex only.
"""

from __future__ import annotations

import re

from dutygraph.loaders.base import runs_compiled

from .reference import finditer_via, norm as normalize, skip_to_candidates

_NUM = r"\d+(?:\.\d+)?"
_UNIT = (
    r"(?:个工作日|个自然日|工作日|自然日|个小时|小时|分钟|天|日|%|个百分点|个环节|个|项|件|次|家|户|人|名|条|亿元|万元|元|倍"
    r"|公里|千伏|份|张|批|所|天内)"
)
_VERB = (
    r"(?:减至到|减少到|同比增长|增长|压缩至|压缩到|压缩在|压减至|压减到|缩短至|缩短到|缩减至|减少至|减少到|减至|减到|降至|降低至|降低到|下降到|"
    r"控制在|不超过|不多于|不高于|不低于|不少于|提高至|提高到|提升至|提升到|增长到|增至|达到|突破|超过|稳定在|保持在|力争在|"
    r"在|达)"
)
_TAIL = r"(?:以内|以上|以下|之内|内)?"
_CORE = re.compile(
    rf"(?=[减同增压缩控不提降达突超稳保力在下\d])"
    rf"(?:{_VERB}[ \u3000]?{_NUM}[ \u3000]?{_UNIT}{_TAIL}|(?<![\d.])(?P<limit>{_NUM}个?(?:工作日|自然日|小时|分钟)(?:以内|之内|内)))"
)
_CORE_STARTS = skip_to_candidates(_CORE)  # the same matches, found faster (reference.finditer_via)
# The name of a bounded rate kept with its bound: "满意率不低于96%", "可办比例达100%".
_SUBJECT = re.compile(r"[\u4e00-\u9fff]{2}(?:率|比例|比重|占比)$")
# "在" alone is only a bound when a time or share follows ("在1个工作日内"), not "在2022年".
_WEAK_VERBS = ("在", "达")
_TIME_OR_SHARE = re.compile(r"(?:工作日|自然日|小时|分钟|天|%)")
_ANY = re.compile(r"\d")
# Every target holds a digit at most _DIGIT_REACH characters after its start (a verb of at most four
# characters, "同比增长", and one space before the number): none starts more than that before the
# text's first digit, where the candidate scan starts.
_DIGIT_REACH = 5


def _is_digit(c: str) -> bool:
    """`\\d` for one character: a Unicode decimal digit (as deadlines._is_digit; no module imports
    another's typed helpers). None lies in U+2000–U+9FFF: the common character asks no Unicode table."""
    if c <= "\x7f":
        return "0" <= c <= "9"
    return not ("\u2000" <= c <= "\u9fff") and c.isdecimal()


# Compiled, the candidate scan is the character loop `_target_matches` (and the first digit and a
# bound's rate are found by `_first_digit` and `_subject_start`); as Python, `_CORE_STARTS`, `_ANY` and
# `_SUBJECT` (the regex engine's own loop beats one of Python's by several times).
_COMPILED = runs_compiled(_is_digit)
# The same, fixed at import (tests switch `_COMPILED`): compiled, a C global (targets.pxd) that picks `_ch_c`, a
# read of a str's buffer in place, over `s[i]` (Cython's call with wraparound and bounds tests); False as Python.
_C = _COMPILED


def _first_digit(s: str) -> int:
    """`_ANY.search(s).start()`, or -1 where `s` holds no digit: a loop over the characters (compiled,
    a C loop; the regex tests its class at each character through the engine). With targets.pxd's C
    functions, `_next_digit_c` skips to each character `_STARTS` marks 1 (a digit) or above U+FFFF."""
    if _NATIVE:
        n = len(s)
        marks = _STARTS  # (compiled: typed bytes, whose buffer a C function reads with no type test)
        i = _next_digit_c(s, 0, marks)  # noqa: F821 - targets.pxd's, compiled only
        while i < n:
            if _is_digit(_ch_c(s, i)):  # noqa: F821 - (i < n)
                return i
            i = _next_digit_c(s, i + 1, marks)  # noqa: F821
        return -1
    i = 0
    for c in s:  # (iterated, not indexed: compiled, a read of the code point, no bounds check)
        if _is_digit(c):
            return i
        i += 1
    return -1


def _is_cjk(c: str) -> bool:
    """`[\u4e00-\u9fff]` for one character."""
    return "\u4e00" <= c <= "\u9fff"


def _subject_start(s: str, a: int) -> int:
    """`_SUBJECT.search(s, max(0, a - 4), a).start()`, or -1 where it finds none, by a look at the four
    characters before `a`: the match is two CJK characters and 率|比例|比重|占比 ending at `a` (the
    pattern's `$`, with `a` as the end), or ending one before it where that last character is a line
    break (`$` also matches before a final "\n"). The leftmost start wins: a - 4 (a two-character word,
    or 率 and the line break) before a - 3 (率)."""
    # (compiled, each character is read by `_ch_c` of targets.pxd, in place: a <= len(s), the indices a - 4 … a - 1
    # are tested against 0 first)
    if a >= 4 and _is_cjk(_ch_c(s, a - 4) if _C else s[a - 4]) \
            and _is_cjk(_ch_c(s, a - 3) if _C else s[a - 3]):  # noqa: F821
        x = _ch_c(s, a - 2) if _C else s[a - 2]  # noqa: F821
        y = _ch_c(s, a - 1) if _C else s[a - 1]  # noqa: F821
        if (x == "比" and (y == "例" or y == "重")) or (x == "占" and y == "比") or (x == "率" and y == "\n"):
            return a - 4
    if a >= 3 and (_ch_c(s, a - 1) if _C else s[a - 1]) == "率" and _is_cjk(_ch_c(s, a - 3) if _C else s[a - 3]) \
            and _is_cjk(_ch_c(s, a - 2) if _C else s[a - 2]):  # noqa: F821
        return a - 3
    return -1


# What the candidate loop asks around a number (the first characters of `_UNIT`'s words, the last ones
# of `_VERB`'s, and of the limit branch's units), read from the patterns above.
_UNIT_FIRST = "".join(sorted({u[0] for u in _UNIT[3:-1].split("|")}))
_VERB_LAST = "".join(sorted({v[-1] for v in _VERB[3:-1].split("|")}))
_LIMIT_FIRST = "工自小分"  # 工作日|自然日|小时|分钟


def _follow_marks() -> bytes:
    """One byte for each code point of the BMP, of bits: 1 for one of `_UNIT_FIRST`, 2 for one of `_VERB_LAST`, 4 for
    one of `_LIMIT_FIRST` (the candidate loop's tests of a character, each a read of a byte: compiled, through a C
    pointer, where a test of `in` a str searched it)."""
    out = bytearray(0x10000)
    for chars, bit in ((_UNIT_FIRST, 1), (_VERB_LAST, 2), (_LIMIT_FIRST, 4)):
        for c in chars:
            out[ord(c)] |= bit
    return bytes(out)


_FOLLOWS = _follow_marks()


def _number_end(s: str, k: int, n: int) -> int:
    """Where `_NUM` (\\d+(?:\\.\\d+)?) matched at `s[k]`, a digit, ends: after its digits and a
    decimal part (a shorter number leaves a digit or "." next, which no unit or 个 opens with)."""
    # (compiled, each character is read by `_ch_c` of targets.pxd, in place: every index is below n by the test
    # before it, and none is negative)
    k += 1
    while k < n and _is_digit(_ch_c(s, k) if _C else s[k]):  # noqa: F821
        k += 1
    if k + 1 < n and (_ch_c(s, k) if _C else s[k]) == "." and _is_digit(_ch_c(s, k + 1) if _C else s[k + 1]):  # noqa: F821
        k += 2
        while k < n and _is_digit(_ch_c(s, k) if _C else s[k]):  # noqa: F821
            k += 1
    return k


def _target_matches(norm: str, pos: int, hand: bool = False) -> list[re.Match[str]]:
    """`finditer_via(_CORE_STARTS, _CORE, norm, pos)` (= `list(_CORE.finditer(norm, pos))`) with the
    candidate starts found by a loop over the characters (compiled, `_next_marked_c` of targets.pxd: a C
    loop over the string's buffer to the next character `_STARTS` marks, past a digit after a digit or "."
    and a start character with no digit in reach — the first tests below); `_CORE` is tried only where
    what follows can match: a digit not after a digit or ".", its number followed by 个? and
    工作日/自然日/小时/分钟 (the `limit` branch); a character a verb opens with, when the first digit
    after it comes within _DIGIT_REACH characters (a verb of at most four and one space), right after a
    character a verb ends with (and a space), and its number is followed by a space? and a unit.
    `hand`: where the candidate passed these tests, its match is read by hand (`_target_at`) and given as
    the hit tuple (p, end, whether the limit branch's) instead of a match (`find_targets` reads either);
    where `_target_at` finds none, the regex is tried as before."""
    out: list[re.Match[str]] = []
    table = _FOLLOWS  # (compiled: typed bytes, whose buffer a C function reads with no type test)
    follows = table  # (compiled: a C pointer into the bytes; `_follow_marks`' bits, a character of the BMP)
    reach = _DIGIT_REACH
    native = _NATIVE
    marks = _STARTS  # (compiled: typed bytes, whose buffer a C function reads with no type test)
    n = len(norm)
    p = pos if pos > 0 else 0  # where the next match may start: `pos`, then the previous match's end
    while True:
        p = _next_marked_c(norm, p, marks, reach) if native else _next_start(norm, p)  # noqa: F821 - targets.pxd's
        if p >= n:
            break
        # (compiled, each character is read by `_ch_c` of targets.pxd, in place: every index is below n by the
        # test before it — p by the loop's —, and none is negative: p - 1 after p > 0, k - 1 >= p, v >= p)
        c = _ch_c(norm, p) if native else norm[p]  # noqa: F821
        if _is_digit(c):  # (?<![\d.])\d…: the limit branch (no verb opens with a digit)
            if p > 0:
                d = _ch_c(norm, p - 1) if native else norm[p - 1]  # noqa: F821
                if d == "." or _is_digit(d):
                    p += 1
                    continue
            k = _number_end(norm, p, n)
            if k < n:
                d = _ch_c(norm, k) if native else norm[k]  # noqa: F821
                if d == "个":
                    k += 1
            if k >= n:
                p += 1
                continue
            d = _ch_c(norm, k) if native else norm[k]  # noqa: F821
            if d > "\uffff" or not follows[ord(d)] & 4:  # (not one of `_LIMIT_FIRST`)
                p += 1
                continue
        elif c in "减同增压缩控不提降达突超稳保力在下":  # the rest of `_CORE`'s start class
            k = p + 1  # the number's first digit (a verb and a space hold none)
            while k < n and k <= p + reach:
                d = _ch_c(norm, k) if native else norm[k]  # noqa: F821
                if _is_digit(d):
                    break
                k += 1
            if k >= n or k > p + reach:
                p += 1
                continue
            d = _ch_c(norm, k - 1) if native else norm[k - 1]  # noqa: F821
            v = k - 1 if d not in " \u3000" else k - 2
            if v < p:
                p += 1
                continue
            d = _ch_c(norm, v) if native else norm[v]  # noqa: F821
            if d > "\uffff" or not follows[ord(d)] & 2:  # (not one of `_VERB_LAST`)
                p += 1
                continue
            k = _number_end(norm, k, n)
            if k < n:
                d = _ch_c(norm, k) if native else norm[k]  # noqa: F821
                if d in " \u3000":
                    k += 1
            if k >= n:
                p += 1
                continue
            d = _ch_c(norm, k) if native else norm[k]  # noqa: F821
            if d > "\uffff" or not follows[ord(d)] & 1:  # (not one of `_UNIT_FIRST`)
                p += 1
                continue
        else:  # (a character above U+FFFF: `_next_marked_c` stops at each)
            p += 1
            continue
        if hand:
            hit = _target_at(norm, p, n, k)
            if hit is not None:
                out.append(hit)
                p = hit[1]  # (its end, past p: as finditer resumes)
                continue
        m = _CORE.match(norm, p)
        if m is not None:
            out.append(m)
            e = m.end()
            p = e if e > p else p + 1  # (every target is non-empty: as finditer, never stuck)
        else:
            p += 1
    return out


def _words_by_first(alternation: str) -> tuple[bytes, tuple[tuple[str, ...], ...]]:
    """The words of a "(?:a|b|…)" alternation of literals grouped by their first character, each group in
    the alternation's order (the regex tries them in that order: the first that lets the rest match wins):
    (one byte for each code point of the BMP, the number of its group in the tuple of groups, 0 for none;
    the groups, the first of them empty). `_words_opening` reads it."""
    ids = bytearray(0x10000)
    groups: list[tuple[str, ...]] = [()]
    for w in alternation[3:-1].split("|"):
        i = ids[ord(w[0])]
        if i == 0:
            i = ids[ord(w[0])] = len(groups)
            groups.append(())
        groups[i] += (w,)
    return bytes(ids), tuple(groups)


def _words_opening(c: str, table: tuple[bytes, tuple[tuple[str, ...], ...]]) -> tuple[str, ...]:
    """The words of `_words_by_first`'s table that open with `c`, in their alternation's order."""
    ids, groups = table
    i = ord(c)
    return groups[ids[i]] if i < len(ids) else ()


_VERBS_BY_FIRST = _words_by_first(_VERB)
_UNITS_BY_FIRST = _words_by_first(_UNIT)
_LIMIT_UNITS = _words_by_first("(?:工作日|自然日|小时|分钟)")
_TAILS = tuple(_TAIL[3:-2].split("|"))  # `_TAIL`'s words, in its order
_LIMIT_TAILS = ("以内", "之内", "内")  # the limit branch's, in its order


def _word_at(s: str, k: int, words: tuple[str, ...]) -> int:
    """The length of the first of `words` that `s` holds at `k` (0 <= k), 0 when none (the regex's ordered
    alternation of literals: its first branch that matches there). With targets.pxd's C functions, each
    word compared on the buffers (`_holds_c`)."""
    native = _NATIVE
    for w in words:
        if _holds_c(s, k, w) if native else s.startswith(w, k):  # noqa: F821 - targets.pxd's, compiled only
            return len(w)
    return 0


def _target_at(s: str, p: int, n: int, k: int) -> tuple[int, int, bool] | None:
    """`_CORE.match(s, p)` read by hand where `_target_matches`' tests passed at `p`, as the hit (p, end,
    whether the limit branch matched), or None where it finds none (the regex is asked then). At a
    digit (not after a digit or "."), `k` is where its number and 个? end: the limit branch's unit
    (工作日|自然日|小时|分钟) and tail (以内|之内|内), in their orders. At a verb's start character, each of
    `_VERB`'s words that opens with it, in the pattern's order, the first with a space?, a number (its
    greatest extent, `_number_end`: a shorter one leaves a digit or "." next, which no unit opens with), a
    space? and a unit after it (`_UNIT`'s first that `s` holds, then `_TAIL`'s first, or none) wins — the
    regex's order over its alternations (tests/test_targets_by_hand.py pins each hit to `_CORE.match`)."""
    # (compiled, each character is read by `_ch_c` of targets.pxd, in place: every index is below n by the test
    # before it — p and k by the caller's —, and none is negative)
    c = _ch_c(s, p) if _C else s[p]  # noqa: F821
    native = _NATIVE
    if _is_digit(c):
        if k >= n:
            return None
        u = _word_at(s, k, _words_opening(_ch_c(s, k) if _C else s[k], _LIMIT_UNITS))  # noqa: F821
        if u == 0:
            return None
        t = _word_at(s, k + u, _LIMIT_TAILS)
        if t == 0:
            return None
        return (p, k + u + t, True)
    for v in _words_opening(c, _VERBS_BY_FIRST):
        if not (_holds_c(s, p, v) if native else s.startswith(v, p)):  # noqa: F821 - targets.pxd's
            continue
        j = p + len(v)
        if j < n:
            d = _ch_c(s, j) if _C else s[j]  # noqa: F821
            if d == " " or d == "\u3000":
                j += 1
        if j >= n or not _is_digit(_ch_c(s, j) if _C else s[j]):  # noqa: F821
            continue
        e = _number_end(s, j, n)
        if e < n:
            d = _ch_c(s, e) if _C else s[e]  # noqa: F821
            if d == " " or d == "\u3000":
                e += 1
        if e >= n:
            continue
        u = _word_at(s, e, _words_opening(_ch_c(s, e) if _C else s[e], _UNITS_BY_FIRST))  # noqa: F821
        if u == 0:
            continue
        e += u
        return (p, e + _word_at(s, e, _TAILS), False)
    return None


_START_CHARS = "减同增压缩控不提降达突超稳保力在下"  # `_CORE`'s start class but the digits


def _next_start(norm: str, p: int) -> int:
    """The first position from `p` whose character is a digit or one of `_START_CHARS`, `len(norm)` when
    none (compiled, `_target_matches` calls `_next_marked_c` of targets.pxd with `_STARTS` instead)."""
    n = len(norm)
    while p < n:
        c = norm[p]
        if _is_digit(c) or c in _START_CHARS:
            return p
        p += 1
    return n


def _bmp_decimals() -> list[int]:
    """The code points of the BMP that are decimal digits (`str.isdecimal`, re's `\\d`), in order: compiled,
    `_bmp_decimals_c` of targets.pxd asks CPython's own test of each code point in a C loop (no str
    made for each of the 65,536: ~10 ms at import as Python, well under one compiled)."""
    if _COMPILED:
        return _bmp_decimals_c()  # noqa: F821 - targets.pxd's, compiled only
    return [i for i in range(0x10000) if chr(i).isdecimal()]


def _marks(chars: str) -> bytes:
    """One byte for each code point of the BMP: 1 for a decimal digit (`_is_digit`), 2 for one of `chars`
    (none a digit), else 0."""
    out = bytearray(0x10000)
    for c in chars:
        out[ord(c)] = 2
    for i in _bmp_decimals():
        out[i] = 1
    return bytes(out)


_STARTS = _marks(_START_CHARS)
# Whether the C functions of targets.pxd exist (compiled only: `_next_marked_c`, which reads `_STARTS`
# through a pointer, so its length is checked here). Kept apart from `_COMPILED`: tests switch it off to
# run the Python form compiled.
_NATIVE = _COMPILED and len(_STARTS) == 0x10000
# Whether `find_targets` has `_target_matches` read its matches by hand (`_target_at`); tests switch it off
# to compare with the regex's matches.
_HAND = True


def find_targets(text: str, norm: str | None = None) -> tuple[str, ...]:
    """Targets in order of appearance, as printed, without duplicates (`norm`: `normalize(text)`
    when the caller already has it; by position or keyword: `_measure` gives it by position, which the
    compiled wrapper parses without a keyword's lookup)."""
    if not text:
        return ()
    if norm is None or len(norm) != len(text):
        norm = normalize(text)
    if _COMPILED:
        first = _first_digit(norm)
        if first < 0:
            return ()
    else:
        digit = _ANY.search(norm)
        if digit is None:
            return ()
        first = digit.start()
    out: list[str] | None = None  # (made at the first target: most texts with a digit state none)
    pos = max(0, first - _DIGIT_REACH)
    for m in _target_matches(norm, pos, _HAND) if _COMPILED else finditer_via(_CORE_STARTS, _CORE, norm, pos):
        if type(m) is tuple:  # a target read by hand (`_target_at`)
            a = m[0]
            b = m[1]
            limit = m[2]
        else:
            a, b = m.span()
            limit = m.group("limit") is not None
        if not limit:  # (a verb's target: the limit branch matches only a number's own)
            # (its text, norm[a:b], asked in place: a substring only after a weak verb)
            if norm.startswith(_WEAK_VERBS, a, b) and not norm.startswith("达到", a, b):
                after_verb = norm[a + 1 : b]
                if norm[a] == "在" and _TIME_OR_SHARE.search(after_verb) is None:
                    continue
                if "年" in after_verb:
                    continue
            # the rate a bound is on, kept with it ("满意率不低于96%")
            if _COMPILED:
                s = _subject_start(norm, a)
                if s >= 0:
                    a = s
            else:
                subject = _SUBJECT.search(norm, max(0, a - 4), a)
                if subject is not None:
                    a = subject.start()
        printed = text[a:b]
        if out is None:
            out = [printed]
        elif printed not in out:
            out.append(printed)
    return () if out is None else tuple(out)
