"""Deadlines in an item's text -> Deadline(raw as printed, date = last allowed day (ISO), kind).

Kinds: date (a day, a month end, a year end, a quarter end), period ("2023年" alone -> 12-31),
recurring ("每年4月至5月", "每月1日前"), ongoing ("长期坚持"/"持续推进" anywhere in the item, other
wordings such as "常态化推进" only as a time limit; date None) — an item's deadline is ongoing only
when it states no dated one (`measure_deadline`).
Year-less dates ("11月底前", "年底前", "年内") take the year printed last before them in the same
text, else the plan's `year`; without either they are skipped (no date can be given).
Damaged dates are repaired and say so: "2022630日" -> 2022-06-30, "20224月30日" -> 2022-04-30
(repairs=("date-digits",)). Not deadlines: document numbers "〔2020〕95号", book titles 《…2021-2023年…》,
"2022年以来", yearly targets ("全年实现…").
"""

from __future__ import annotations

import calendar
import re
import sys

from dutygraph.loaders.base import record_builder, runs_compiled
from dutygraph.records import Deadline

from .reference import finditer_via, norm as normalize, skip_to_candidates

_new_deadline = record_builder(Deadline)  # Deadline(...) without the frozen __init__'s per-field guard

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_PATTERNS: list[tuple[str, str]] = [
    # recurring first, so "每年4月至5月" is not read as two year-less months
    ("recurring", r"每年(?:的)?(?P<m1>\d{1,2})月(?:份)?(?:(?P<d1>\d{1,2})日)?(?:(?:至|到|-|—|~)(?P<m2>\d{1,2})月(?:份)?(?:(?P<d2>\d{1,2})日)?)?(?:底|末)?(?:前|之前|以前)?"),
    ("recurring_short", r"每(?:个)?(?:月|季度?|半年|周)(?:首月)?(?P<d>\d{1,2})日(?:前|之前)?"),
    ("ongoing", r"(?:长期坚持|持续推进|长期推进|长期执行|常态化推进)"),
    # damaged full dates with the 年/月 lost: 2022630日, 20224月30日
    ("damaged_md", r"(?<!\d)(?P<y>20\d{2})(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|之前|以前)?"),
    ("damaged_digits", r"(?<![\d(])(?P<y>20\d{2})(?P<md>\d{2,4})日(?:前|之前|以前)?"),
    ("ymd", r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|之前|以前)?"),
    ("ym_end", r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:底|末|份)(?:前|之前|以前)?"),
    ("ym_before", r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:前|之前|以前)"),
    ("ym", r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?![\d份底末前])"),
    ("y_quarter", r"(?P<y>\d{4})年(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?(?:前|之前)?"),
    ("y_half", r"(?P<y>\d{4})年(?P<h>上半年|下半年|年中)(?:前)?"),
    ("y_end", r"(?P<y>\d{4})年(?:年)?(?:底|末|内|年底|年末)(?:前|之前|以前)?"),
    ("y_alone", r"(?<![\d(（〔\-—~])(?P<y>\d{4})年(?=[,，;；。、:：\s]|$)"),
    ("quarter", r"(?:第)?(?P<q>[一二三四])季度(?:末|底)(?:前|之前)?"),
    ("md", r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|之前|以前)"),
    ("m_end", r"(?<![\d年])(?P<m>\d{1,2})月(?:底|末)(?:前|之前|以前)?"),
    ("m_before", r"(?<![\d年])(?P<m>\d{1,2})月(?:份)?(?:前|之前|以前)"),
    ("half", r"(?:今年|本年度?)?(?P<h>上半年|下半年)(?:前|底前|末前)"),
    ("this_year", r"(?<![\d一二三两几多每全])(?:今年|本年度?|当年)?(?:年底前|年底|年末前|年内|年度内)"),
]


def _branch(name: str, pat: str) -> str:
    """`_PATTERNS`' entry as a branch of `_RE`: the kind's group "k_<kind>", its groups "<kind>_<short>"."""
    return f"(?P<k_{name}>{pat.replace('(?P<', f'(?P<{name}_')})"


# The lookahead lets the engine skip every position that cannot start a deadline (speed).
_RE = re.compile(r"(?=[\d每长持常第一二三四今本当年上下])(?:" + "|".join([_branch(name, pat) for name, pat in _PATTERNS]) + ")")


def _only(kinds: tuple[str, ...]) -> re.Pattern[str]:
    """`_RE` with only the branches of `kinds`: every other branch is reduced to its groups behind a
    `(?!)` that fails at once (runs of them in one such branch), so the groups keep their names and
    numbers (`_SLOTS`, `_KIND_OF` and `m.lastgroup` read a match of it as one of `_RE`). Where none of
    the branches left out can match (they cannot start with the character there), it matches as
    `_RE` does, at a fraction of the cost: the engine no longer enters, saves its marks for and
    backtracks out of a dozen branches that fail a few characters on."""
    parts: list[str] = []
    dead: list[str] = []
    for name, pat in _PATTERNS:
        branch = _branch(name, pat)
        if name in kinds:
            if dead:
                parts.append("(?!)" + "".join(dead))
                dead = []
            parts.append(branch)
        else:
            dead.append("".join(f"(?P<{g}>)" for g in re.findall(r"\(\?P<(\w+)>", branch)))
    if dead:
        parts.append("(?!)" + "".join(dead))
    return re.compile("(?:" + "|".join(parts) + ")")


# `_RE`'s branches by the character a match opens with (`_pattern_at`): "\d{4}年" (year-led), other
# digits, 每, 长/持/常, 第/一二三四, 今/本, 上/下, 当/年.
_RE_YEAR = _only(("ymd", "ym_end", "ym_before", "ym", "y_quarter", "y_half", "y_end", "y_alone"))
_RE_DIGITS = _only(("damaged_md", "damaged_digits", "md", "m_end", "m_before"))
_RE_EVERY = _only(("recurring", "recurring_short"))
_RE_ONGOING = _only(("ongoing",))
_RE_QUARTER = _only(("quarter",))
_RE_HALF_OR_YEAR = _only(("half", "this_year"))
_RE_HALF = _only(("half",))
_RE_THIS_YEAR = _only(("this_year",))
# What must follow each start character for some pattern above to match there (digits: more digits,
# then 年/月/日; 每年|每个月…; 长期; 第一季…): most digits and 一/上/下/本/年 of a text start none.
# A digit right after another starts only "\d{4}年" (every other digit-led pattern has (?<!\d)):
# the inner digits of "2023年" start none. One lookbehind over the start character whose branches
# open with it: the engine skips a branch that opens with another character in a few instructions
# (ten lookbehinds, one per start character, cost ~0.6 µs a candidate, most of the scan).
_GUARD = (
    r"(?<=\d(?:(?<!\d\d)(?=\d{0,7}[年月日])|(?=\d{3}年))|每(?=年|个?[月季半周])|长(?=期)|持(?=续推进)"
    r"|常(?=态化推进)|第(?=[一二三四]季)|[一二三四](?=季)|[今本当](?=年)|[上下](?=半年)|年(?=[底末内度]))"
)
_RE_STARTS = skip_to_candidates(_RE, _GUARD)  # the same matches, found faster (reference.finditer_via)


def _is_digit(c: str) -> bool:
    """`\\d` for one character: a Unicode decimal digit (NFKC leaves "٣" as it is and `\\d` matches it).
    None lies in U+2000–U+9FFF (punctuation, CJK): the common character asks no Unicode table."""
    if c <= "\x7f":
        return "0" <= c <= "9"
    return not ("\u2000" <= c <= "\u9fff") and c.isdecimal()


# Compiled, the candidate scan is the character loop `_deadline_matches`; as Python, `_RE_STARTS`
# (the regex engine's own loop beats one of Python's by several times).
_COMPILED = runs_compiled(_is_digit)
# The same, fixed at import (tests switch `_COMPILED`): compiled, a C global (deadlines.pxd) that picks `_ch_c`, a
# read of a str's buffer in place, over `s[i]` (Cython's call with wraparound and bounds tests); False as Python.
_C = _COMPILED


def _at(s: str, i: int, n: int) -> str:
    """`s[i]`, or NUL past the end `n` (a character no test below asks for); `i` is never negative."""
    if i >= n:
        return "\0"
    return _ch_c(s, i) if _C else s[i]  # noqa: F821 - _ch_c: the shared header's (a read in place)


def _may_start(s: str, p: int, n: int) -> bool:
    """Whether `s[p]` is in `_RE`'s start class and `_GUARD` holds there: the same test as a character
    loop (tests/test_scan_loops.py pins it to `_RE_STARTS`'s class and guard)."""
    # (compiled, each character is read by `_at` or `_ch_c` of deadlines.pxd, in place: every index is below n —
    # p by the caller's loop, the others by the test before them — and none is negative)
    c = _ch_c(s, p) if _C else s[p]  # noqa: F821
    if _is_digit(c):
        # \d(?:(?<!\d\d)(?=\d{0,7}[年月日])|(?=\d{3}年)): the first digit of a run reaching 年/月/日
        # within 7 more digits, or any digit followed by three more and 年
        if p == 0 or not _is_digit(_ch_c(s, p - 1) if _C else s[p - 1]):  # noqa: F821
            k = p + 1
            while k < n and k <= p + 7 and _is_digit(_ch_c(s, k) if _C else s[k]):  # noqa: F821
                k += 1
            d = _at(s, k, n)
            if d == "年" or d == "月" or d == "日":
                return True
        return p + 4 < n and _is_digit(_at(s, p + 1, n)) and _is_digit(_at(s, p + 2, n)) \
            and _is_digit(_at(s, p + 3, n)) and _at(s, p + 4, n) == "年"
    if c == "每":  # 每(?=年|个?[月季半周])
        d = _at(s, p + 1, n)
        if d == "个":
            d = _at(s, p + 2, n)
        elif d == "年":
            return True
        return d == "月" or d == "季" or d == "半" or d == "周"
    if c == "长":  # 长(?=期)
        return _at(s, p + 1, n) == "期"
    if c == "持":  # 持(?=续推进)
        return s.startswith("续推进", p + 1)
    if c == "常":  # 常(?=态化推进)
        return s.startswith("态化推进", p + 1)
    if c == "第":  # 第(?=[一二三四]季)
        d = _at(s, p + 1, n)
        return (d == "一" or d == "二" or d == "三" or d == "四") and _at(s, p + 2, n) == "季"
    if c == "一" or c == "二" or c == "三" or c == "四":  # [一二三四](?=季)
        return _at(s, p + 1, n) == "季"
    if c == "今" or c == "本" or c == "当":  # [今本当](?=年)
        return _at(s, p + 1, n) == "年"
    if c == "上" or c == "下":  # [上下](?=半年)
        return s.startswith("半年", p + 1)
    if c == "年":  # 年(?=[底末内度])
        d = _at(s, p + 1, n)
        return d == "底" or d == "末" or d == "内" or d == "度"
    return False


def _pattern_at(s: str, p: int, n: int, c: str) -> re.Pattern[str]:
    """The branches of `_RE` that can match at `p`, whose character `c` is in `_RE`'s start class: each
    branch opens with its own characters (a digit; 每; 长/持/常; 第 or 一二三四; 今/本 before 年, 上/下, 当,
    年), and a digit-led one with "\\d{4}年" (ymd … y_alone) or with digits and no 年 after four of
    them (the damaged dates' 20\\d{2}\\d, md/m_end/m_before's \\d{1,2}月): the first of them to match
    is `_RE`'s match there (tests/test_scan_loops.py pins it at every candidate)."""
    if _is_digit(c):
        if p + 4 < n and _is_digit(s[p + 1]) and _is_digit(s[p + 2]) and _is_digit(s[p + 3]) and s[p + 4] == "年":
            return _RE_YEAR
        return _RE_DIGITS
    if c == "每":
        return _RE_EVERY
    if c == "长" or c == "持" or c == "常":
        return _RE_ONGOING
    if c == "第" or c == "一" or c == "二" or c == "三" or c == "四":
        return _RE_QUARTER
    if c == "今" or c == "本":
        return _RE_HALF_OR_YEAR
    if c == "上" or c == "下":
        return _RE_HALF
    return _RE_THIS_YEAR  # 当, 年


def _deadline_matches(norm: str, hand: bool = False) -> list[re.Match[str]]:
    """`finditer_via(_RE_STARTS, _RE, norm)` (= `list(_RE.finditer(norm))`) with the candidate starts
    found by a loop over the characters: compiled, a C loop that tries `_RE` only where `_may_start`
    holds, instead of the regex engine trying the start class, the guard and the whole alternation at
    each candidate and then `_RE` once more where it matched; at each candidate, only the branches
    that can open with its character (`_pattern_at`). With deadlines.pxd's C functions, the loop skips
    to each digit and each start character followed by one of `_FOLLOWERS` (`_next_marked_c`, over the
    string's buffer, by the bits of `_STARTS`); else to each digit and start character (`_next_start`).
    `hand`: a year-led date of the common shapes (`_year_led`: 2023年6月30日, 2023年6月底, 2023年底 …) is
    read by hand, without the regex, and given as its hit tuple (p, end, kind, y, m, d) instead of a match
    (`_deadline_spans` reads either); where `_year_led` cannot tell, the regex is tried as before."""
    out: list[re.Match[str]] = []
    native = _NATIVE
    marks = _STARTS  # (compiled: typed bytes, whose buffer a C function reads with no type test)
    start_chars = _START_CHARS  # (compiled: a typed str, whose `in` test of a character is a C loop)
    n = len(norm)
    p = 0  # where the next match may start: 0, then the previous match's end, as finditer resumes
    while True:
        p = _next_marked_c(norm, p, marks) if native else _next_start(norm, p)  # noqa: F821 - deadlines.pxd's
        if p >= n:
            break
        c = _ch_c(norm, p) if native else norm[p]  # noqa: F821 - deadlines.pxd's (a read in place: p < n)
        # `_RE`'s start class, [\d每长持常第一二三四今本当年上下], before the guard (the digit first: most candidates are)
        if not (_is_digit(c) or c in start_chars) or not _may_start(norm, p, n):
            p += 1
            continue
        if hand:  # a common shape read by hand: "2023年…", "6月底", "年底前", "长期坚持" … (`_word_led`)
            hit = _year_led(norm, p, n) if c <= "9" else None  # (an ASCII digit: the start test passed)
            if hit is None:
                hit = _word_led(norm, p, n, c)
            if hit is not None:
                out.append(hit)
                p = hit[1]  # (its end, past p: as finditer resumes)
                continue
        m = _pattern_at(norm, p, n, c).match(norm, p)  # (= _RE.match(norm, p), fewer branches tried)
        if m is not None:
            out.append(m)
            e = m.end()
            p = e if e > p else p + 1  # (every deadline is non-empty: as finditer, never stuck)
        else:
            p += 1
    return out


def _ascii_digit(c: str) -> bool:
    return "0" <= c <= "9"


def _year_led(s: str, p: int, n: int) -> tuple[int, int, str, int, int, int] | None:
    r"""`_RE.match(s, p)` read by hand where it is a year-led date of the three common shapes, as the hit
    (p, end, kind, y, m, d): ymd "2023年6月30日", ym_end "2023年6月底|末|份", y_end "2023年(年)?底|末|内",
    "2023年年底|年末", each with (前|之前|以前)? after it (d 0 but for ymd; `_one_of_hit` reads the hit as
    `_one` reads the match). None where it cannot tell — any other shape, a digit of another script
    (only "0"–"9" are read), a text ending — and the regex decides (tests/test_deadlines_by_hand.py pins
    each hit to `_RE.match` at that position). `_RE`'s branches come in order, the first that matches
    wins: ymd before ym_end (both need \d{1,2}月, whose greedy \d{1,2} gives way to one digit only
    where the second is 月), y_quarter and y_half before y_end (neither opens with 底末内 or 年 followed
    by 底末内年: "2023年年中" is y_half's, left to the regex)."""
    y = 0
    for k in range(p, p + 4):
        c = _at(s, k, n)
        if not _ascii_digit(c):
            return None
        y = y * 10 + (ord(c) - 48)
    if _at(s, p + 4, n) != "年":
        return None
    q = p + 5
    c = _at(s, q, n)
    mo = 0
    day = 0
    if _ascii_digit(c):  # \d{1,2}月, then \d{1,2}日 (ymd) or 底|末|份 (ym_end)
        d = _at(s, q + 1, n)
        if _ascii_digit(d) and _at(s, q + 2, n) == "月":
            mo = (ord(c) - 48) * 10 + (ord(d) - 48)
            r = q + 3
        elif d == "月":
            mo = ord(c) - 48
            r = q + 2
        else:
            return None
        c = _at(s, r, n)
        if _ascii_digit(c):
            d = _at(s, r + 1, n)
            if _ascii_digit(d) and _at(s, r + 2, n) == "日":
                day = (ord(c) - 48) * 10 + (ord(d) - 48)
                e = r + 3
            elif d == "日":
                day = ord(c) - 48
                e = r + 2
            else:
                return None
            kind = "ymd"
        elif c == "底" or c == "末" or c == "份":
            kind = "ym_end"
            e = r + 1
        else:
            return None
    elif c == "底" or c == "末" or c == "内":  # y_end: 年(?:年)?(?:底|末|内|年底|年末)
        kind = "y_end"
        e = q + 1
    elif c == "年":
        d = _at(s, q + 1, n)
        if d == "底" or d == "末" or d == "内":
            e = q + 2
        elif d == "年" and (_at(s, q + 2, n) == "底" or _at(s, q + 2, n) == "末"):
            e = q + 3
        else:
            return None
        kind = "y_end"
    else:
        return None
    c = _at(s, e, n)  # (?:前|之前|以前)?
    if c == "前":
        e += 1
    elif (c == "之" or c == "以") and _at(s, e + 1, n) == "前":
        e += 2
    return (p, e, kind, y, mo, day)


def _one_of_hit(hit: tuple[int, int, str, int, int, int], year: int | None = None,
                norm: str = "") -> tuple[str | None, str, tuple[str, ...]] | None:
    """`_one(m, kind, year, norm)` of the match `_year_led`'s or `_word_led`'s hit stands for: (date, kind,
    repairs), or None when it is no deadline (`year`, the year in force, read by m_end and this_year; `norm`
    by ongoing)."""
    kind = hit[2]  # (the year-led kinds first, the commonest: a kind that is not the literal is compared whole)
    mo = hit[4]
    y = hit[3]
    if kind == "ymd":
        iso = _iso(y, mo, hit[5])
        return (iso, "date", ()) if iso else None
    if kind == "ym_end":
        if not 1 <= mo <= 12:
            return None
        return _iso(y, mo, _last_day(y, mo)), "date", ()
    if kind == "y_end":
        return f"{y}-12-31", "date", ()
    if kind == "ongoing":
        return _ongoing(norm, hit[0], hit[1])
    if kind == "this_year":
        return None if year is None else (f"{year}-12-31", "date", ())
    # m_end
    if year is None or not 1 <= mo <= 12:
        return None
    return _iso(year, mo, _last_day(year, mo)), "date", ()


_ONGOING_WORDS = ("长期坚持", "持续推进", "长期推进", "长期执行", "常态化推进")  # the ongoing branch's, in its order
_NOT_BEFORE_THIS_YEAR = "一二三两几多每全"  # this_year's (?<![\d一二三两几多每全]) but the digits


def _word_led(s: str, p: int, n: int, c: str) -> tuple[int, int, str, int, int, int] | None:
    r"""`_RE.match(s, p)` read by hand, where `_may_start` holds at `p` (whose character is `c`), when it is
    one of three common yearless shapes, as the hit (p, end, kind, 0, m, 0) `_one_of_hit` reads: m_end
    "6月底|末" (one or two ASCII digits, not after \d or 年; no other branch of `_RE_DIGITS` matches there:
    damaged_md and damaged_digits need four digits and more, md a digit after 月), this_year "年底前|年底|
    年末前|年内|年度内" at 年, or after 当年 at 当 (not after \d or 一二三两几多每全), ongoing at 长/持/常
    (`_ONGOING_WORDS`) — the branches `_pattern_at` gives there. None where it cannot tell (any other shape,
    a digit of another script, 今/本, …): the regex decides (tests/test_deadlines_by_hand.py pins each hit
    to `_RE.match` at that position)."""
    if c <= "9":  # \d{1,2}月(?:底|末)(?:前|之前|以前)?, the digits ASCII
        if not _ascii_digit(c) or (p > 0 and (s[p - 1] == "年" or _is_digit(s[p - 1]))):
            return None
        mo = ord(c) - 48
        q = p + 1
        d = _at(s, q, n)
        if _ascii_digit(d):
            mo = mo * 10 + (ord(d) - 48)
            q += 1
            d = _at(s, q, n)
        if d != "月":
            return None
        d = _at(s, q + 1, n)
        if d != "底" and d != "末":
            return None
        e = q + 2
        d = _at(s, e, n)  # (?:前|之前|以前)?
        if d == "前":
            e += 1
        elif (d == "之" or d == "以") and _at(s, e + 1, n) == "前":
            e += 2
        return (p, e, "m_end", 0, mo, 0)
    if c == "年" or c == "当":  # `_RE_THIS_YEAR`
        if p > 0 and (_is_digit(s[p - 1]) or s[p - 1] in _NOT_BEFORE_THIS_YEAR):
            return None
        q = p
        if c == "当":  # (当年 then the words, each opening with 年: without 当年 none matches at 当)
            if _at(s, p + 1, n) != "年":
                return None
            q = p + 2
            if _at(s, q, n) != "年":
                return None
        d = _at(s, q + 1, n)  # 年底前|年底|年末前|年内|年度内, in that order
        if d == "底":
            e = q + 3 if _at(s, q + 2, n) == "前" else q + 2
        elif d == "末" and _at(s, q + 2, n) == "前":
            e = q + 3
        elif d == "内":
            e = q + 2
        elif d == "度" and _at(s, q + 2, n) == "内":
            e = q + 3
        else:
            return None
        return (p, e, "this_year", 0, 0, 0)
    if c == "长" or c == "持" or c == "常":  # `_RE_ONGOING`
        for w in _ONGOING_WORDS:
            if s.startswith(w, p):
                return (p, p + len(w), "ongoing", 0, 0, 0)
    return None


_START_CHARS = "每长持常第一二三四今本当年上下"  # `_RE`'s start class but the digits


def _next_start(norm: str, p: int) -> int:
    """The first position from `p` whose character is a digit or one of `_START_CHARS`, `len(norm)` when
    none (compiled, `_deadline_matches` calls `_next_marked_c` of deadlines.pxd with `_STARTS` instead)."""
    n = len(norm)
    while p < n:
        c = norm[p]
        if c in _START_CHARS or _is_digit(c):
            return p
        p += 1
    return n


def _bmp_decimals() -> list[int]:
    """The code points of the BMP that are decimal digits (`str.isdecimal`, re's `\\d`), in order: compiled,
    `_bmp_decimals_c` of deadlines.pxd asks CPython's own test of each code point in a C loop (no str
    made for each of the 65,536: ~10 ms at import as Python, well under one compiled)."""
    if _COMPILED:
        return _bmp_decimals_c()  # noqa: F821 - deadlines.pxd's, compiled only
    return [i for i in range(0x10000) if chr(i).isdecimal()]


def _marks(chars: str, followers: str) -> bytes:
    """One byte for each code point of the BMP, of bits: 1 for a decimal digit (`_is_digit`), 2 for one of
    `chars` (none a digit), 4 for one of `followers`."""
    out = bytearray(0x10000)
    for c in chars:
        out[ord(c)] |= 2
    for c in followers:
        out[ord(c)] |= 4
    for i in _bmp_decimals():
        out[i] |= 1
    return bytes(out)


# What `_may_start` asks to follow a start character but a digit (每(?=年|个?[月季半周]), 长(?=期), 持(?=续…),
# 常(?=态…), 第(?=[一二三四]季), [一二三四](?=季), [今本当](?=年), [上下](?=半年), 年(?=[底末内度])): a start
# character followed by none of these starts nothing (`_next_marked_c` passes over it).
_FOLLOWERS = "年个月季半周期续态一二三四底末内度"
_STARTS = _marks(_START_CHARS, _FOLLOWERS)
# What `_may_hold` asks about, as bits (`_hold_marks`): 1 a decimal digit, then one each for 年, 月 or 日, 季,
# 长, 持, 常 (the first characters of its words).
_HOLD_BITS = (("年", 2), ("月", 4), ("日", 4), ("季", 8), ("长", 16), ("持", 32), ("常", 64))


def _hold_marks() -> bytes:
    """One byte for each code point of the BMP, of `_HOLD_BITS`' bits (1 for a decimal digit: `_is_digit`)."""
    out = bytearray(0x10000)
    for i in _bmp_decimals():
        out[i] |= 1
    for c, bit in _HOLD_BITS:
        out[ord(c)] |= bit
    return bytes(out)


_HOLDS = _hold_marks()
# The first characters of what `_may_skip` looks for (《, -, 年 and "("), marked 2 (digits 1, not asked): the
# byte `_may_skip_c` reads for each character of the BMP.
_SKIP_FIRSTS = _marks("《-年(", "")
# Whether the C functions of deadlines.pxd exist (compiled only: `_next_marked_c`, `_may_hold_c` and
# `_may_skip_c`, which read `_STARTS`, `_HOLDS` and `_SKIP_FIRSTS` through pointers, so their lengths are
# checked here). Kept apart from
# `_COMPILED`: tests switch it off to run the Python forms compiled.
_NATIVE = _COMPILED and len(_STARTS) == 0x10000 and len(_HOLDS) == 0x10000 and len(_SKIP_FIRSTS) == 0x10000


# These open with a character class (the engine then skips to candidates in C; a leading
# lookahead or alternation makes it try every position): [\d年季]|长期|持续|常态化 ...
_ANY = re.compile(r"[\d年季长持常](?:(?<=长)期|(?<=持)续|(?<=常)态化|(?<![长持常]))")
# Every deadline holds one of 年|月|日|季度|长期|持续推进|常态化推进 (an item with digits but none of
# these, "压缩至5个", has none) — the same opening-class form of that alternation:
_CORE = re.compile(r"[年月日季长持常](?:(?<=季)度|(?<=长)期|(?<=持)续推进|(?<=常)态化推进|(?<![季长持常]))")
# ... (?<!\d)(20\d{2}|19\d{2})年 ...
_YEAR = re.compile(r"([12](?<!\d[12])(?:(?<=2)0|(?<=1)9)\d{2})年")
# Spans that hold no deadline: document numbers, book/plan titles, "2022年以来", ranges in names.
# ... and \(\d{4}\)\d*号?|《[^》]{0,200}》|\d{4}年(?:以来|起|度)|\d{4}-\d{4}年
_SKIP = re.compile(
    r"[(《\d](?:(?<=\()\d{4}\)\d*号?|(?<=《)[^》]{0,200}》|(?<=\d)\d{3}年(?:以来|起|度)|(?<=\d)\d{3}-\d{4}年)"
)
_DIGIT = re.compile(r"\d")


def _years(norm: str) -> list[tuple[int, int]]:
    """`[(m.start(), int(m.group(1))) for m in _YEAR.finditer(norm)]` by a look back from each 年 (found by
    str.find, in C): four characters before it "20" or "19" and two digits (`\\d`), no digit before them.
    The matches cannot overlap (each ends with its 年 and opens with a digit), so each 年 is asked alone."""
    out: list[tuple[int, int]] = []
    i = norm.find("年", 4)
    while i >= 0:
        p = i - 4
        c = norm[p]
        d = norm[p + 1]
        if ((c == "2" and d == "0") or (c == "1" and d == "9")) and _is_digit(norm[p + 2]) \
                and _is_digit(norm[p + 3]) and (p == 0 or not _is_digit(norm[p - 1])):
            out.append((p, int(norm[p:i])))
        i = norm.find("年", i + 1)
    return out


def _may_hold(norm: str) -> bool:
    """`_ANY.search(norm) and _CORE.search(norm)` by substring tests, found in C (a character class
    is tried at every character): _ANY holds a digit, 年, 季, 长期, 持续 or 常态化; _CORE holds 年, 月,
    日, 季度, 长期, 持续推进 or 常态化推进. With deadlines.pxd's C functions, one pass over the string's
    buffer (`_may_hold_c`, by the bits of `_HOLDS`)."""
    if _NATIVE:
        holds = _HOLDS  # (compiled: typed bytes, whose buffer a C function reads with no type test)
        return _may_hold_c(norm, holds)  # noqa: F821 - deadlines.pxd's, compiled only
    if "年" in norm:
        return True
    if not ("月" in norm or "日" in norm or "季度" in norm or "长期" in norm or "持续推进" in norm or "常态化推进" in norm):
        return False
    return "季" in norm or "长期" in norm or "持续" in norm or "常态化" in norm or _has_digit(norm)


def _has_digit(norm: str) -> bool:
    """`_DIGIT.search(norm) is not None`: compiled, a loop over the code points (`_is_digit`, a compare
    for every character below U+2000 or in U+2000–U+9FFF); as Python, the regex's scan in C."""
    if not _COMPILED:
        return _DIGIT.search(norm) is not None
    for c in norm:
        if _is_digit(c):
            return True
    return False


# "截至9月底" / "自2023年1月1日起" / "从2022年4月": a status date or a start, not a deadline.
_NOT_BEFORE = re.compile(r"(?:截至|截止到?|自|从|始于|开始于)\s*$")
_NOT_AFTER = re.compile(r"\s*(?:以来|起|开始|至今|以后|之后)")
_ONGOING_ANYWHERE = re.compile(r"长期坚持|持续推进")


def _not_before(norm: str, a: int) -> bool:
    """`_NOT_BEFORE.search(norm, max(0, a - 4), a) is not None`, by a look back from `a` (compiled,
    C comparisons): past the white space before `a`, one of its words ends, all of it at or after
    a - 4 (`\\s*` takes a final line break too: its `$` matches at `a` then). 开始于 ends with 始于,
    截止到's 截止 with 止."""
    # (compiled, each character is read by `_ch_c` of deadlines.pxd, in place: every index is at or above lo >= 0
    # by the test before it, and below a <= len(norm))
    lo = a - 4 if a > 4 else 0
    t = a
    c = "\0"
    while t > lo:  # (c: the character before t, once t > lo)
        c = _ch_c(norm, t - 1) if _C else norm[t - 1]  # noqa: F821
        if not c.isspace():
            break
        t -= 1
    if t <= lo:
        return False
    if c == "自" or c == "从":
        return True
    if t - 2 < lo:
        return False
    d = _ch_c(norm, t - 2) if _C else norm[t - 2]  # noqa: F821
    if c == "至" or c == "止":
        return d == "截"
    if c == "于":
        return d == "始"
    if c == "到":
        return d == "止" and t - 3 >= lo and (_ch_c(norm, t - 3) if _C else norm[t - 3]) == "截"  # noqa: F821
    return False


def _not_after(norm: str, b: int) -> bool:
    """`_NOT_AFTER.match(norm, b) is not None`, by a look forward from `b` (compiled, C comparisons):
    past the white space at `b`, one of 以来|起|开始|至今|以后|之后 opens."""
    # (compiled, each character is read by `_ch_c` of deadlines.pxd, in place: every index is below n by the test
    # before it, and b >= 0)
    n = len(norm)
    k = b
    c = "\0"
    while k < n:  # (c: the character at k, once k < n)
        c = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
        if not c.isspace():
            break
        k += 1
    if k >= n:
        return False
    if c == "起":
        return True
    if k + 1 >= n:
        return False
    d = _ch_c(norm, k + 1) if _C else norm[k + 1]  # noqa: F821
    if c == "以":
        return d == "来" or d == "后"
    if c == "开":
        return d == "始"
    if c == "至":
        return d == "今"
    if c == "之":
        return d == "后"
    return False
_ONGOING_CONTEXT = re.compile(r"(?:时限|时间|期限|节点)\s*[:：]?$")


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(y: int, m: int) -> int:
    """`calendar.monthrange(y, m)[1]`, the days of month m (1–12) of year y, without the weekday of its
    first day that monthrange works out too (leap years as `calendar.isleap`)."""
    if not 1 <= m <= 12:
        return calendar.monthrange(y, m)[1]  # (raises IllegalMonthError, as before)
    if m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
        return 29
    return _MONTH_DAYS[m - 1]


_TWO_DIGITS = tuple(f"{i:02d}" for i in range(32))  # "00" … "31": a month's or a day's digits


# `_iso`'s answers by (y, m, d): the same few dates recur ("2023-12-31"), and a hit (a 3-tuple hashed, one
# probe) costs a tenth of the comparisons, the month's length and the string joins. Bounded: cleared
# when it holds _ISO_MAX answers.
_ISO_MEMO: dict[tuple[int, int, int], str | None] = {}
_ISO_MAX = 4096
_UNSET = object()


def _iso(y: int, m: int, d: int) -> str | None:
    """`date(y, m, d).isoformat()`, or None where `date` raises ValueError (no such day), without
    building the date (or formatting by a format spec, which costs more than the date). Memoised."""
    key = (y, m, d)
    memo = _ISO_MEMO
    hit = memo.get(key, _UNSET)
    if hit is _UNSET:
        if len(memo) >= _ISO_MAX:
            memo.clear()
        hit = memo[key] = _iso_of(y, m, d)
    return hit  # type: ignore[return-value]


def _iso_of(y: int, m: int, d: int) -> str | None:
    """`_iso`, computed."""
    if 1 <= y <= 9999 and 1 <= m <= 12 and 1 <= d <= _last_day(y, m):
        year = str(y)
        return ("000" + year)[-4:] + "-" + _TWO_DIGITS[m] + "-" + _TWO_DIGITS[d]
    return None


def _split_md(digits: str, y: int) -> tuple[int, int] | None:
    """"630" -> (6, 30); "1231" -> (12, 31); a one-digit month first, as the damage drops 年/月 only."""
    options = []
    for cut in (1, 2):
        if cut >= len(digits):
            continue
        m, d = int(digits[:cut]), int(digits[cut:])
        if 1 <= m <= 12 and 1 <= d <= _last_day(y, m) and len(digits[cut:]) <= 2:
            options.append((m, d))
    return options[0] if options else None


def _slots(pattern: re.Pattern[str]) -> dict[str, dict[str, int]]:
    """Each kind's groups by their short names, as group numbers: "ymd" -> {"y": …, "m": …, "d": …}
    for `_RE`'s groups "ymd_y", "ymd_m", "ymd_d" (kinds hold "_", the short names do not); `m.group`
    of a number skips building the name and looking it up."""
    out: dict[str, dict[str, int]] = {}
    for name, number in pattern.groupindex.items():
        if not name.startswith("k_"):
            kind, _, short = name.rpartition("_")
            out.setdefault(kind, {})[short] = number
    return out


_SLOTS = _slots(_RE)
_NO_SLOTS: dict[str, int] = {}


def _one(m: re.Match[str], kind: str, year: int | None, norm: str) -> tuple[str | None, str, tuple[str, ...]] | None:
    """(date, kind, repairs) for one match, or None when it is no deadline."""
    slot = _SLOTS.get(kind, _NO_SLOTS)  # m[slot["y"]]: the kind's group "<kind>_y" (m.group(n) without a call)
    if kind == "recurring":
        m1, m2 = int(m[slot["m1"]]), int(m[slot["m2"]] or m[slot["m1"]])
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            return None
        if year is None:
            return None, "recurring", ()
        d2 = m[slot["d2"]] if m[slot["m2"]] else m[slot["d1"]]
        day = int(d2) if d2 else _last_day(year, m2)
        return _iso(year, m2, day), "recurring", ()
    if kind == "recurring_short":
        return None, "recurring", ()
    if kind == "ongoing":
        # "长期坚持"/"持续推进" anywhere in an item make it ongoing (EXTRACTION.md "Deadlines"); the
        # item's deadline is then ongoing only when it states no dated one (see `measure_deadline`).
        # Other phrasings ("常态化推进") count only as a time limit.
        return _ongoing(norm, m.start(), m.end())
    if kind == "damaged_md":
        y, mo, d = int(m[slot["y"]]), int(m[slot["m"]]), int(m[slot["d"]])
        iso = _iso(y, mo, d)
        return (iso, "date", ("date-digits",)) if iso else None
    if kind == "damaged_digits":
        y = int(m[slot["y"]])
        md = _split_md(m[slot["md"]], y)
        if md is None:
            return None
        return _iso(y, *md), "date", ("date-digits",)
    if kind == "ymd":
        iso = _iso(int(m[slot["y"]]), int(m[slot["m"]]), int(m[slot["d"]]))
        return (iso, "date", ()) if iso else None
    if kind in ("ym_end", "ym", "ym_before"):
        y, mo = int(m[slot["y"]]), int(m[slot["m"]])
        if not 1 <= mo <= 12:
            return None
        return _iso(y, mo, _last_day(y, mo)), ("period" if kind == "ym" else "date"), ()
    if kind == "y_quarter" or kind == "quarter":
        y = int(m[slot["y"]]) if kind == "y_quarter" else year
        if y is None:
            return None
        q = _CN_NUM[m[slot["q"]]]
        return _iso(y, q * 3, _last_day(y, q * 3)), "date", ()
    if kind in ("y_half", "half"):
        y = int(m[slot["y"]]) if kind == "y_half" else year
        if y is None:
            return None
        return (f"{y}-06-30" if m[slot["h"]] in ("上半年", "年中") else f"{y}-12-31"), "date", ()
    if kind == "y_end":
        return f"{int(m[slot['y']])}-12-31", "date", ()
    if kind == "y_alone":
        return f"{int(m[slot['y']])}-12-31", "period", ()
    if year is None:
        return None
    if kind == "md":
        iso = _iso(year, int(m[slot["m"]]), int(m[slot["d"]]))
        return (iso, "date", ()) if iso else None
    if kind in ("m_end", "m_before"):
        mo = int(m[slot["m"]])
        if not 1 <= mo <= 12:
            return None
        return _iso(year, mo, _last_day(year, mo)), "date", ()
    if kind == "this_year":
        return f"{year}-12-31", "date", ()
    return None


def _ongoing(norm: str, a: int, b: int) -> tuple[None, str, tuple[str, ...]] | None:
    """`_one` of the ongoing match `norm[a:b]`: (None, "ongoing", ()) for 长期坚持/持续推进, for another wording
    where a time limit's label is printed before it ("时限:") or it is in brackets; else None."""
    if _ONGOING_ANYWHERE.fullmatch(norm, a, b):
        return None, "ongoing", ()
    before = norm[:a].rstrip()
    after = norm[b:].lstrip()
    if _ONGOING_CONTEXT.search(before) or (before.endswith(("(", "[")) and after.startswith((")", "]"))):
        return None, "ongoing", ()
    return None


_PAREN_DIGIT = re.compile(r"\(\d")
# The kinds whose date takes the year in force (the last one printed before them, else the plan's).
_YEARLESS = frozenset(("recurring", "quarter", "half", "md", "m_end", "m_before", "this_year"))


def _paren_digit(norm: str) -> bool:
    """`_PAREN_DIGIT.search(norm) is not None`: a "(" right before a digit, each "(" found by
    str.find (in C) and the character after it tested (the regex tries its first character at every
    position)."""
    n = len(norm)
    i = norm.find("(")
    while i >= 0:
        if i + 1 < n and _is_digit(norm[i + 1]):
            return True
        i = norm.find("(", i + 1)
    return False


def _may_skip(norm: str) -> bool:
    """Whether `norm` holds what some branch of `_SKIP` needs: 《, -, 年以来, 年起, 年度 or "(" and a digit.
    With deadlines.pxd's C functions, one pass over the string's buffer (`_may_skip_c`, by `_SKIP_FIRSTS`)."""
    if _NATIVE:
        firsts = _SKIP_FIRSTS  # (compiled: typed bytes, whose buffer a C function reads with no type test)
        return _may_skip_c(norm, firsts)  # noqa: F821 - deadlines.pxd's, compiled only
    return "《" in norm or "-" in norm or "年以来" in norm or "年起" in norm or "年度" in norm or _paren_digit(norm)


def _blocked(norm: str) -> list[tuple[int, int]]:
    # each branch of _SKIP holds one of these: where none is, nothing is skipped (no scan of every digit)
    if not _may_skip(norm):
        return []
    if _COMPILED:
        return _skip_spans(norm)
    return [(m.start(), m.end()) for m in _SKIP.finditer(norm)]


def _digits(s: str, a: int, b: int) -> bool:
    """Whether s[a:b] (inside `s`) is all `\\d`."""
    for i in range(a, b):
        if not _is_digit(s[i]):
            return False
    return True


def _skip_spans(norm: str) -> list[tuple[int, int]]:
    """`[m.span() for m in _SKIP.finditer(norm)]` by a loop over the characters (compiled, a C loop),
    each branch of `_SKIP` matched by hand where its first character is printed, at or after the
    previous match's end: "(" + four digits + ")" + digits + 号?; "《" up to the first "》" within 200
    characters; a digit + three more + 年 + 以来|起|度, or + "-" + four digits + 年."""
    out: list[tuple[int, int]] = []
    n = len(norm)
    last = 0
    p = -1
    for c in norm:  # (iterated, not indexed: compiled, a read of the code point, no bounds check)
        p += 1
        if p < last:
            continue
        e = -1
        if c == "(":  # \(\d{4}\)\d*号?
            if p + 5 < n and _digits(norm, p + 1, p + 5) and norm[p + 5] == ")":
                e = p + 6
                while e < n and _is_digit(norm[e]):
                    e += 1
                if e < n and norm[e] == "号":
                    e += 1
        elif c == "《":  # 《[^》]{0,200}》: the first 》 at most 200 characters on
            q = norm.find("》", p + 1, p + 202)
            if q >= 0:
                e = q + 1
        elif _is_digit(c):  # \d{4}年(?:以来|起|度) | \d{4}-\d{4}年
            if p + 4 < n and _digits(norm, p + 1, p + 4):
                d = norm[p + 4]
                if d == "年":
                    k = p + 5
                    if norm.startswith("以来", k):
                        e = k + 2
                    elif k < n and (norm[k] == "起" or norm[k] == "度"):
                        e = k + 1
                elif d == "-" and p + 9 < n and _digits(norm, p + 5, p + 9) and norm[p + 9] == "年":
                    e = p + 10
        if e > 0:
            out.append((p, e))
            last = e
    return out


def _overlaps(blocked: list[tuple[int, int]], a: int, b: int) -> bool:
    """`any(x <= a < y or x < b <= y for x, y in blocked)` (a loop: no generator)."""
    for x, y in blocked:
        if x <= a < y or x < b <= y:
            return True
    return False


# `m.lastgroup[2:]` for each of `_RE`'s group names (a kind's group, "k_ymd" -> "ymd"): no slice per match
# (interned, as the kinds `_one` compares a kind with are — literals that read as identifiers, in the
# compiled module as in Python's — so each comparison is a pointer compare, a dict or set lookup with
# the kind finds it by identity, not by comparing characters)
_KIND_OF = {name: sys.intern(name[2:]) for name in _RE.groupindex}
# Whether `_deadline_spans` has `_deadline_matches` read the common year-led dates by hand (`_year_led`);
# tests switch it off to compare with the regex's matches.
_HAND = True


def find_deadline_spans(
    text: str, *, year: int | None, norm: str | None = None
) -> list[tuple[tuple[int, int], Deadline]]:
    """Every deadline with its span in `text`, in order of appearance (`norm`: `normalize(text)`
    when the caller already has it)."""
    spans = _deadline_spans(text, year, norm, True)
    return spans if spans is not None else []


def _deadline_spans(
    text: str, year: int | None, norm: str | None, spans: bool
) -> list[tuple[tuple[int, int], Deadline]] | list[Deadline] | None:
    """`find_deadline_spans` (its arguments by position), None for none (no list made): with `spans`, each
    deadline with its span; else the deadlines alone (`find_deadlines`: no span's tuples made)."""
    if norm is None or len(norm) != len(text):
        norm = normalize(text)
    if not _may_hold(norm):
        return None
    out: list | None = None
    current_year = year
    blocked: list[tuple[int, int]] | None = None  # the skipped spans, read at the first candidate
    years: list[tuple[int, int]] | None = None  # the years printed, read at the first year-less date
    yi = 0
    for m in _deadline_matches(norm, _HAND) if _COMPILED else finditer_via(_RE_STARTS, _RE, norm):
        if type(m) is tuple:  # a year-led date read by hand (`_year_led`)
            a = m[0]
            b = m[1]
        else:
            a, b = m.span()
        if blocked is None:
            blocked = _blocked(norm)
        if blocked and _overlaps(blocked, a, b):
            continue
        if _COMPILED:
            if _not_before(norm, a) or _not_after(norm, b):
                continue
        elif _NOT_BEFORE.search(norm, max(0, a - 4), a) or _NOT_AFTER.match(norm, b):
            continue
        hit = type(m) is tuple
        kind = m[2] if hit else _KIND_OF.get(m.lastgroup, "")  # (m.lastgroup[2:]: "k_ymd" -> "ymd")
        if kind in _YEARLESS:  # (the other kinds print their year or need none)
            if years is None:
                if _COMPILED:
                    years = _years(norm)
                else:
                    years = [(m2.start(), int(m2.group(1))) for m2 in _YEAR.finditer(norm)]
            while yi < len(years) and years[yi][0] < a:
                current_year = years[yi][1]
                yi += 1
        got = _one_of_hit(m, current_year, norm) if hit else _one(m, kind, current_year, norm)
        if got is None:
            continue
        iso, dkind, repairs = got
        if dkind != "ongoing" and iso is None and dkind != "recurring":
            continue
        deadline = _new_deadline(text[a:b], iso, dkind, repairs)
        if out is None:
            out = []
        out.append(((a, b), deadline) if spans else deadline)
    return out


def find_deadlines(text: str, year: int | None, norm: str | None = None) -> tuple[Deadline, ...]:
    """Deadlines in order of appearance (the measure's deadline is the last one). `year` and `norm` by
    position or keyword (`_measure` gives them by position, which the compiled wrapper parses without a
    keyword's lookup)."""
    found = _deadline_spans(text, year, norm, False)
    return () if found is None else tuple(found)


def measure_deadline(found: tuple[Deadline, ...] | list[Deadline]) -> Deadline | None:
    """The deadline of an item from all it states: the last dated one (stages -> the last), else
    the last ongoing/recurring one ("持续推进…" with no date is ongoing)."""
    for d in reversed(found):
        if d.kind != "ongoing":
            return d
    return found[-1] if found else None


def parse_deadline(raw: str, year: int | None) -> Deadline | None:
    """The deadline a short time-limit text states ("2022年5月底前", "2022630日", "长期坚持"); `year` by
    position or keyword."""
    return _parse_deadline(raw, year)


# `_parse_deadline`'s answers by (raw, year), in two generations of plain dicts, `_PARSED_GENS` = [current,
# previous] (was an lru_cache of `_PARSED_MAX` = 4096: a hit there built the call's argument tuple and moved
# the key's link; here it is the key's tuple and one probe). A miss asks the previous generation, else
# `_parse_deadline_of`, and files the answer in the current one; a full current generation becomes the
# previous (the older one dropped). An answer is dropped only after `_PARSED_MAX` other keys were filed
# since it was last asked — by then the lru_cache had dropped it too — so the same key gets the same
# record object as long as the lru_cache gave it (a measure keeps it: pickle writes a shared one once).
_PARSED_MAX = 4096
_PARSED_GENS: list[dict[tuple[str, int | None], Deadline | None]] = [{}, {}]


def _parse_deadline(raw: str, year: int | None) -> Deadline | None:
    """`parse_deadline`, memoised: clause time limits recur ("2022年12月底前", "长期坚持") and the
    answer (a frozen record, or None) depends on nothing else."""
    key = (raw, year)
    gens = _PARSED_GENS
    new = gens[0]
    hit = new.get(key, _UNSET)
    if hit is _UNSET:
        hit = gens[1].get(key, _UNSET)
        if hit is _UNSET:
            hit = _parse_deadline_of(raw, year)
        if len(new) >= _PARSED_MAX:
            gens[1] = new
            new = gens[0] = {}
        new[key] = hit
    return hit  # type: ignore[return-value]


def _parse_deadline_of(raw: str, year: int | None) -> Deadline | None:
    """`_parse_deadline`, computed."""
    if not raw or not raw.strip():
        return None
    found = find_deadlines(raw, year=year)
    if found:
        return found[-1]
    norm = normalize(raw).strip()
    if re.fullmatch(r"(?:长期坚持|持续推进|长期|持续|常态化|长期有效)[。.]?", norm):
        return Deadline(raw=raw.strip(), date=None, kind="ongoing")
    return None
