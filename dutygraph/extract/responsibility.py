"""Find THE responsibility clause of an item and read lead / co-units from it.

Pure over strings. The clause is, in order of preference (EXTRACTION.md "Lead and co-units"):
1. the bracket at the end of the item — （）() 〔〕【】 in any mix, nesting kept ("各县〔市、区〕人民政府"),
   also when the line was cut off before its closing bracket;
2. a whole paragraph that is a clause ("牵头单位:X;责任单位:Y;完成时限:Z", or just "(…)");
3. a bracket right after a heading-style title ("1.政务服务指标(区政数局牵头):…");
4. a trailing sentence "X牵头,Y配合。".
负责/牵头 inside body text ("负责相关事项审批", "(市发改委)负责统筹协调") is never a clause.

Readings:
- "X牵头" / "牵头单位:X" / "主责单位:X" / "X、Y分别牵头" -> lead (主责单位 / 主责部门 name the primarily
  responsible unit: read as 牵头单位, so "主责单位:X;责任单位:Y" -> lead X, co Y);
- "责任单位:X;配合单位:Y" -> lead X, co Y;  "牵头单位:X;责任单位:Y" -> lead X, co Y;
- "X牵头,Y按职责分工负责|配合|参与" -> lead X, co Y;
- "X负责" / "X、Y(按职责分工)负责" without 牵头 -> joint leads;
- "完成时限:…" inside the clause -> deadline_raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from dutygraph.loaders.base import record_builder, runs_compiled

from .reference import _ENV_KEY, _ENV_MAP, _env_data, data_file, norm as normalize
from .resolve import known_unit
from .units import _split_unit_spans, looks_like_unit, looks_like_units, unit_names_of_norm


@dataclass(frozen=True, slots=True)
class Responsibility:
    lead: tuple[str, ...]  # mentions as printed
    co: tuple[str, ...]
    deadline_raw: str | None
    clause: str  # the clause as printed (brackets included when it had them)
    span: tuple[int, int]  # of `clause` inside the text given


_new_responsibility = record_builder(Responsibility)  # without the frozen __init__'s per-field guard


_OPEN = "(["
_CLOSE = ")]"


def _is_compiled() -> bool:
    """(A function of this module: compiled, a Cython function; `runs_compiled` reads that.)"""
    return True


# Whether responsibility.pxd's C function (`_last_open_c`) exists: compiled only. Tests switch it off to
# run the indexed loop compiled.
_NATIVE = runs_compiled(_is_compiled)
# The same, fixed at import (the tests' switch leaves it): compiled, a C global (responsibility.pxd) that picks
# `_ch_c`, a read of a str's buffer in place, over `s[i]` (Cython's call with wraparound and bounds tests).
_C = _NATIVE
_TAIL_PUNCT = " \t\u3000。.;；,，、\u200b"
_BROKEN = "\ufffd?"  # what a cut-off line may end with

_LABEL = re.compile(
    r"(?P<label>主要?牵头单位|牵头单位|牵头部门|主责单位|主责部门|主要责任单位|责任单位|责任部门|配合单位|配合部门|协同单位|协办单位|参与单位"
    r"|完成时限|完成时间|完成期限|时间节点|完成限|时限)\s*[:：]\s*"
)
_LEAD_LABELS = {"主要牵头单位", "主牵头单位", "牵头单位", "牵头部门", "主责单位", "主责部门"}
_RESP_LABELS = {"主要责任单位", "责任单位", "责任部门"}
_CO_LABELS = {"配合单位", "配合部门", "协同单位", "协办单位", "参与单位"}
_TIME_LABELS = {"完成时限", "完成时间", "完成期限", "时间节点", "完成限", "时限"}
# _LABEL's words (the four sets hold them all) and their lengths, longest first: where several end at
# one colon, the one finditer finds is the one that starts first
_LABEL_WORDS = frozenset(_LEAD_LABELS | _RESP_LABELS | _CO_LABELS | _TIME_LABELS)
# How `_parse_labeled` reads each label: 3 a time limit, 1 the lead, 2 the responsible units (the lead
# where no lead label is given), anything else (0, the co-units' labels) co-units. Written in the
# reverse order of `_parse_labeled`'s former tests (time, then lead, then responsible): the first set
# holding a word wins (the sets share none).
_LABEL_KINDS: dict[str, int] = {**{w: 2 for w in _RESP_LABELS}, **{w: 1 for w in _LEAD_LABELS},
                                **{w: 3 for w in _TIME_LABELS}}
_LABEL_LENGTHS = tuple(sorted({len(w) for w in _LABEL_WORDS}, reverse=True))
# The words by their last character, longest first (`_label_ending` compares them in place: no slice
# made and hashed per length); every word ends with one of 位门限间点.
_LABELS_ENDING = {
    last: tuple(sorted([w for w in _LABEL_WORDS if w[-1] == last], key=lambda w: (-len(w), w)))
    for last in sorted({w[-1] for w in _LABEL_WORDS})
}
_ENDING_WEI = _LABELS_ENDING["位"]
_ENDING_MEN = _LABELS_ENDING["门"]
# The 位 and 门 words all end with 单位 / 部门; by the character before that (`_label_ending` reads it
# first: one or three compares, where the 位 group held nine), longest first.
_WEI_BY = {c: tuple([w for w in _ENDING_WEI if w[-3] == c]) for c in sorted({w[-3] for w in _ENDING_WEI})}
_MEN_BY = {c: tuple([w for w in _ENDING_MEN if w[-3] == c]) for c in sorted({w[-3] for w in _ENDING_MEN})}
_WEI_TOU, _WEI_REN, _WEI_HE = _WEI_BY["头"], _WEI_BY["任"], _WEI_BY["合"]
_WEI_TONG, _WEI_BAN, _WEI_YU, _WEI_ZE = _WEI_BY["同"], _WEI_BY["办"], _WEI_BY["与"], _WEI_BY["责"]
_MEN_TOU, _MEN_REN, _MEN_HE, _MEN_ZE = _MEN_BY["头"], _MEN_BY["任"], _MEN_BY["合"], _MEN_BY["责"]
# The words by their first character (`_label_at`), longest first.
_LABELS_STARTING = {
    first: tuple(sorted([w for w in _LABEL_WORDS if w[0] == first], key=lambda w: (-len(w), w)))
    for first in sorted({w[0] for w in _LABEL_WORDS})
}
_START_ZHU, _START_QIAN, _START_ZE = _LABELS_STARTING["主"], _LABELS_STARTING["牵"], _LABELS_STARTING["责"]
_START_PEI, _START_XIE, _START_CAN = _LABELS_STARTING["配"], _LABELS_STARTING["协"], _LABELS_STARTING["参"]
_START_WAN, _START_SHI = _LABELS_STARTING["完"], _LABELS_STARTING["时"]
_ENDING_XIAN = _LABELS_ENDING["限"]
_ENDING_JIAN = _LABELS_ENDING["间"]
_ENDING_DIAN = _LABELS_ENDING["点"]

# = (?:分别|共同|联合)?牵头(?:负责|抓总)?, each branch opening with its literal (the same matches, in the
# same order of tries): the engine skips to 分/共/联/牵 in C, where an optional group first made it
# try the pattern at every position
_LEAD_KW = re.compile(r"(?:分别牵头|共同牵头|联合牵头|牵头)(?:负责|抓总)?")
_CO_TAIL = re.compile(r"(?:按照?职责分工负责|按照?职责负责|按照?职责分工落实|按职能分工负责|分工负责|配合|参与|协助|协同|负责)$")
_JOINT_TAIL = re.compile(r"(?:按照?职责分工负责|按照?职责负责|按照?职责分工落实|按职能分工负责|分工负责|共同负责|负责)$")
# What every _JOINT_TAIL / _CO_TAIL match ends with ("$" also matches before a final newline): where
# the text ends otherwise, the pattern (tried at every position) is not run.
_JOINT_ENDS = ("负责", "落实", "负责\n", "落实\n")
_CO_ENDS = tuple(w + nl for w in ("负责", "落实", "配合", "参与", "协助", "协同") for nl in ("", "\n"))
# The words _CO_TAIL / _JOINT_TAIL match (each "按照?" written out), by their last character, longest
# first: `_co_tail_start` / `_joint_tail_start` compare them at the text's end (the patterns are tried at
# every position of the text, each ~100 instructions a character).
_CO_WORDS = ("按照职责分工负责", "按职责分工负责", "按照职责负责", "按职责负责", "按照职责分工落实", "按职责分工落实",
             "按职能分工负责", "分工负责", "配合", "参与", "协助", "协同", "负责")
_JOINT_WORDS = ("按照职责分工负责", "按职责分工负责", "按照职责负责", "按职责负责", "按照职责分工落实", "按职责分工落实",
                "按职能分工负责", "分工负责", "共同负责", "负责")


def _ending(words: tuple[str, ...], last: str) -> tuple[str, ...]:
    return tuple(sorted([w for w in words if w[-1] == last], key=lambda w: (-len(w), w)))


_CO_ZE = _ending(_CO_WORDS, "责")
_CO_SHI = _ending(_CO_WORDS, "实")
_JOINT_ZE = _ending(_JOINT_WORDS, "责")
_JOINT_SHI = _ending(_JOINT_WORDS, "实")
_CO_TWO = ("配合", "参与", "协助", "协同")


def _tail_end(s: str) -> int:
    """Where a "$"-anchored word must end in `s`: len(s), or len(s) - 1 before a final newline (no word
    ends with one)."""
    n = len(s)
    if n:
        last = s[n - 1]
        if last == "\n":
            n -= 1
    return n


def _word_tail_start(s: str, ze: tuple[str, ...], shi: tuple[str, ...], two: tuple[str, ...]) -> int:
    """The start of the longest word ending `s` (before a final newline), or -1: `ze` and `shi` are the
    words ending in 责 and in 实, longest first; `two`, two-character words asked where `s` ends otherwise.
    Compiled, responsibility.pxd's `_tail_word_c`: the words compared in place as code points."""
    if _NATIVE:
        return _tail_word_c(s, 0, len(s), ze, shi, two)  # noqa: F821 - responsibility.pxd's (it exists only compiled)
    n = _tail_end(s)
    if n < 2:
        return -1
    last = s[n - 1]
    if last == "责":
        words = ze
    elif last == "实":
        words = shi
    else:
        for word in two:  # (each two characters long)
            if s.startswith(word, n - 2, n):
                return n - 2
        return -1
    for word in words:
        k = len(word)
        if k <= n and s.startswith(word, n - k, n):
            return n - k
    return -1


def _co_tail_start(s: str) -> int:
    """`m.start()` of `_CO_TAIL.search(s)`, or -1 where it finds nothing: the leftmost match is the
    longest of the pattern's words that ends the text (before a final newline)."""
    return _word_tail_start(s, _CO_ZE, _CO_SHI, _CO_TWO)


def _co_tail_at(norm: str, lo: int, hi: int) -> int:
    """`lo + _co_tail_start(norm[lo:hi])` where that finds a word, else -1 (0 <= lo): compiled, read in place
    by `_tail_word_c` where lo <= hi <= len(norm) (no slice of the text)."""
    if _NATIVE and 0 <= lo <= hi <= len(norm):
        return _tail_word_c(norm, lo, hi, _CO_ZE, _CO_SHI, _CO_TWO)  # noqa: F821 - responsibility.pxd's
    tail = _co_tail_start(norm[lo:hi])
    return lo + tail if tail >= 0 else -1


def _joint_tail_at(norm: str, lo: int, hi: int) -> int:
    """`lo + _joint_tail_start(norm[lo:hi])` where that finds a word, else -1 (0 <= lo; as `_co_tail_at`)."""
    if _NATIVE and 0 <= lo <= hi <= len(norm):
        return _tail_word_c(norm, lo, hi, _JOINT_ZE, _JOINT_SHI, ())  # noqa: F821 - responsibility.pxd's
    tail = _joint_tail_start(norm[lo:hi])
    return lo + tail if tail >= 0 else -1


def _joint_tail_start(s: str) -> int:
    """`m.start()` of `_JOINT_TAIL.search(s)`, or -1 where it finds nothing (as `_co_tail_start`)."""
    return _word_tail_start(s, _JOINT_ZE, _JOINT_SHI, ())


# A clause cut off inside its closing keyword: "…市大数据局按职" / "…牵".
_PARTIAL_KW = re.compile(r"(?:按照?(?:职(?:责(?:分(?:工(?:负)?)?)?)?)?|牵|负|配)$")


def _match_open(norm: str, close: int) -> int | None:
    """Index of the bracket opening the one closing at `close` (nesting respected)."""
    # the common case: the last opening bracket before it, with no closing one between (read back
    # from `close` a character at a time: compiled, over the str's buffer by responsibility.pxd's
    # `_last_open_c` where `close` lies within the text; else typed, indexed reads)
    if _NATIVE and close <= len(norm):
        j = _last_open_c(norm, close)  # noqa: F821 - responsibility.pxd's (it exists only compiled)
        if j >= 0:
            return j
    else:
        j = close - 1
        while j >= 0:
            ch = norm[j]
            if ch == "(" or ch == "[":
                return j
            if ch == ")" or ch == "]":
                break
            j -= 1
    depth = 0
    inside = _C and close < len(norm)  # (past the text, `norm[close]` raises the IndexError it always did)
    for i in range(close, -1, -1):
        ch = _ch_c(norm, i) if inside else norm[i]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        if ch == ")" or ch == "]":  # (_CLOSE, _OPEN)
            depth += 1
        elif ch == "(" or ch == "[":
            depth -= 1
            if depth == 0:
                return i
    return None


def _open_excess(norm: str, end: int) -> int:
    """`norm.count("(", 0, end) + norm.count("[", 0, end) - norm.count(")", 0, end) -
    norm.count("]", 0, end)`: one pass over the characters (typed, a C loop when compiled) instead
    of four counts, each parsing its arguments. > 0: some bracket before `end` (>= 0) is never
    closed."""
    excess = 0
    i = 0
    for ch in norm:  # (iterated, not indexed: compiled, a read of the code point, no bounds check)
        if i == end:
            break
        i += 1
        if ch == "(" or ch == "[":
            excess += 1
        elif ch == ")" or ch == "]":
            excess -= 1
    return excess


def _unclosed_open(norm: str) -> int | None:
    """The last top-level bracket that is never closed (a line cut off inside its clause)."""
    if _open_excess(norm, len(norm)) <= 0:
        return None  # balanced (or over-closed): nothing left open
    stack: list[int] = []
    for i, ch in enumerate(norm):
        if ch == "(" or ch == "[":  # (_OPEN, _CLOSE)
            stack.append(i)
        elif (ch == ")" or ch == "]") and stack:
            stack.pop()
    return stack[0] if stack else None


def _mentions(text: str, norm: str, a: int, b: int, *, cut: bool = False) -> tuple[str, ...]:
    """Unit mentions as printed from text[a:b] (`norm`: the text normalised, same length); a
    cut-off list drops its incomplete last piece."""
    piece_norm = norm[a:b]
    piece = piece_norm if text is norm else text[a:b]
    if piece == piece_norm:
        if not cut:  # printed as normalised (the common case): the list's memoised mentions
            return unit_names_of_norm(piece_norm)
        piece = piece_norm  # (one object for both: the cache key's hash is computed once)
    return _piece_mentions(piece, piece_norm, cut)[0]


def _mention_pair(piece: str, norm: str, cut: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`_piece_mentions(piece, norm, cut)`, its common case (a piece printed as normalised, not cut
    off) answered by the list's memoised mentions (`unit_names_of_norm`) without the cache's tuple key."""
    if not cut and piece == norm:
        names = unit_names_of_norm(norm)
        return names, names
    return _piece_mentions(piece, norm, cut)


@lru_cache(maxsize=1 << 14)
def _piece_mentions(piece: str, norm: str, cut: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`_mentions` of one piece, as printed and normalised (cut from `norm`, the piece normalised
    in its context: no second normalisation). Cached: a label's list recurs inside new clause
    combinations. (The cache's function: `_piece_mentions_of` computes, typed when compiled.)"""
    return _piece_mentions_of(piece, norm, cut)


def _piece_mentions_of(piece: str, norm: str, cut: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`_piece_mentions`, computed (compiled, a cpdef function: the spans' bounds read as C integers, each
    mention cut by a typed slice, where the decorated function's comprehensions made a slice object per
    mention)."""
    if not cut and piece == norm:  # printed as normalised (the common case): the mentions directly
        names = unit_names_of_norm(norm)
        return names, names
    if cut:
        while piece and piece[-1] in _BROKEN:
            piece, norm = piece[:-1], norm[:-1]
        m = _PARTIAL_KW.search(norm)
        if m and m.start() > 0:
            piece, norm = piece[: m.start()], norm[: m.start()]
        opened = _unclosed_open(norm)
        if opened is not None:  # "各縣〔市、" — the name was cut inside its brackets
            piece, norm = piece[:opened], norm[:opened]
    spans = _split_unit_spans(norm)  # (uncached: this function's own cache is the one that hits)
    if cut and spans and not looks_like_unit(norm[spans[-1][0] : spans[-1][1]]):
        spans = spans[:-1]
    norms = tuple([norm[x:y] for x, y in spans])
    return (norms if piece == norm else tuple([piece[x:y] for x, y in spans])), norms


def _top_split(norm: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """First match of `pattern` outside brackets."""
    for m in pattern.finditer(norm):
        s = m.start()
        if norm.find("(", 0, s) < 0 and norm.find("[", 0, s) < 0:
            return m  # no bracket opens before it (found in C)
        depth = 0
        for ch in norm[: m.start()]:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
        if depth == 0:
            return m
    return None


def _lead_split(norm: str) -> tuple[int, int] | None:
    """(start, end) of `_top_split(norm, _LEAD_KW)`, or None — found from each "牵头" (str.find, in
    C) instead of the regex tried at every position: a match is 牵头 with 分别/共同/联合 just before it
    (when that is not inside the previous match) and 负责/抓总 just after it. Compiled, responsibility.pxd's
    `_lead_split_c`: one pass that keeps the bracket depth as it goes (`_top_level_at` counted it from the
    start for each 牵头)."""
    if _NATIVE:
        start, end = _lead_split_c(norm)  # noqa: F821 - responsibility.pxd's (it exists only compiled)
        return None if start < 0 else (start, end)
    pos = 0
    n = len(norm)
    while True:
        i = norm.find("牵头", pos)
        if i < 0:
            return None
        start = i
        if i - 2 >= pos:  # (norm[i - 2 : i] in 分别 / 共同 / 联合, read by its two characters: no slice)
            c1 = norm[i - 2]
            c2 = norm[i - 1]
            if (c1 == "分" and c2 == "别") or (c1 == "共" and c2 == "同") or (c1 == "联" and c2 == "合"):
                start = i - 2
        end = i + 2
        if end + 2 <= n:  # (norm[end : end + 2] in 负责 / 抓总, as above)
            c1 = norm[end]
            c2 = norm[end + 1]
            if (c1 == "负" and c2 == "责") or (c1 == "抓" and c2 == "总"):
                end += 2
        if _top_level_at(norm, start):
            return start, end
        pos = end


def _top_level_at(norm: str, s: int) -> bool:
    """No bracket is open at `s` (an unmatched ")" or "]" counts for nothing), read in one pass."""
    depth = 0
    i = 0
    for ch in norm:
        if i == s:
            break
        i += 1
        if ch == "(" or ch == "[":  # (_OPEN, _CLOSE)
            depth += 1
        elif (ch == ")" or ch == "]") and depth > 0:
            depth -= 1
    return depth == 0


_LABELS_ONLY = ([], [], None)  # labels, but no unit under any of them
_TIME_STRIP = _TAIL_PUNCT + ")]〕】）"


def _label_spans(norm: str) -> list[tuple[int, int, str]]:
    """`[(m.start(), m.end(), m.group("label")) for m in _LABEL.finditer(norm)]`: `_label_marks`' triples."""
    marks = _label_marks(norm)
    return [(marks[k], marks[k + 1], marks[k + 2]) for k in range(0, len(marks), 3)]


def _label_marks(norm: str) -> list[int | str]:
    """`_label_spans(norm)` flat — start, end, label of each match in turn (compiled: no 3-tuple made and
    unpacked per label; the ints are mostly the small ones Python keeps) — read back from each
    colon (typed, a C loop when compiled; the regex tries its alternation at every position). A
    label ends where the white space before a colon starts; the match is the longest label ending
    there (the one starting first) and takes the white space after the colon. Matches cannot
    overlap: a label holds neither white space nor a colon."""
    out: list[int | str] = []
    n = len(norm)
    c = -1
    for ch in norm:  # (iterated, not indexed: compiled, a read of the code point, no bounds check)
        c += 1
        if ch != ":" and ch != "：":
            continue
        t = c
        while t > 0:
            ch = norm[t - 1]
            if not ch.isspace():
                break
            t -= 1
        label = _label_ending(norm, t)
        if label is None:
            continue
        e = c + 1
        while e < n:
            ch = norm[e]
            if not ch.isspace():
                break
            e += 1
        out.append(t - len(label))
        out.append(e)
        out.append(label)
    return out


def _label_ending(norm: str, t: int) -> str | None:
    """The longest of _LABEL's words that ends at `t` in `norm`, or None: the words ending with the
    character before `t`, longest first, each compared in place (`startswith` over `norm[t - k:t]`)."""
    if t <= 0:
        return None
    last = norm[t - 1]
    if last == "位" or last == "门":  # (every such word ends with 单位 / 部门: read the character before it)
        if t < 4:
            return None
        second = norm[t - 2]
        third = norm[t - 3]
        if last == "位":
            if second != "单":
                return None
            if third == "头":
                words = _WEI_TOU
            elif third == "任":
                words = _WEI_REN
            elif third == "合":
                words = _WEI_HE
            elif third == "同":
                words = _WEI_TONG
            elif third == "办":
                words = _WEI_BAN
            elif third == "与":
                words = _WEI_YU
            elif third == "责":
                words = _WEI_ZE
            else:
                return None
        elif second != "部":
            return None
        elif third == "头":
            words = _MEN_TOU
        elif third == "任":
            words = _MEN_REN
        elif third == "合":
            words = _MEN_HE
        elif third == "责":
            words = _MEN_ZE
        else:
            return None
    elif last == "限":
        words = _ENDING_XIAN
    elif last == "间":
        words = _ENDING_JIAN
    elif last == "点":
        words = _ENDING_DIAN
    else:
        return None
    for word in words:
        k = len(word)
        if k <= t and norm.startswith(word, t - k, t):
            return word
    return None


def _label_at(norm: str, a: int, end: int) -> bool:
    """`_LABEL.match(norm, a, end) is not None`: one of the label words starts at `a` and, past white
    space, a colon follows it before `end` (the words by `a`'s character, each compared in place; the
    pattern tried its nineteen alternatives)."""
    n = len(norm)
    if end > n:
        end = n
    if a < 0:
        a = 0
    if a >= end:
        return False
    first = _ch_c(norm, a) if _C else norm[a]  # noqa: F821 - _ch_c: the shared header's (a read in place)
    if first == "主":
        words = _START_ZHU
    elif first == "牵":
        words = _START_QIAN
    elif first == "责":
        words = _START_ZE
    elif first == "配":
        words = _START_PEI
    elif first == "协":
        words = _START_XIE
    elif first == "参":
        words = _START_CAN
    elif first == "完":
        words = _START_WAN
    elif first == "时":
        words = _START_SHI
    else:
        return False
    for word in words:
        if norm.startswith(word, a, end) and _colon_after_space(norm, a + len(word), end):
            return True
    return False


def _colon_after_space(s: str, i: int, end: int) -> bool:
    """Past the white space from `i`, a colon (":" or "：") before `end` (<= len(s)): the `\\s*[:：]` after
    a label word, read as typed code points (compiled)."""
    while i < end:
        ch = _ch_c(s, i) if _C else s[i]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        if not ch.isspace():
            break
        i += 1
    if i < end:
        ch = _ch_c(s, i) if _C else s[i]  # noqa: F821
        if ch == ":" or ch == "：":
            return True
    return False


def _parse_labeled(text: str, norm: str) -> tuple[list[str], list[str], str | None] | None:
    if ":" not in norm and "：" not in norm:
        return None  # every label is followed by a colon
    marks = _label_marks(norm)  # (`_label_spans`' triples, flat)
    n = len(marks)
    if not n:
        return None
    lead: list[str] = []
    resp: list[str] = []
    co: list[str] = []
    deadline: str | None = None
    kinds = _LABEL_KINDS  # (a local the .pxd types a dict: .get is a direct call)
    for k in range(0, n, 3):
        a = marks[k + 1]
        label = marks[k + 2]
        b = marks[k + 3] if k + 3 < n else len(norm)
        kind = kinds.get(label, 0)  # (one probe, where the label was asked of up to three sets)
        if kind == 3:  # _TIME_LABELS
            raw = text[a:b].strip(_TIME_STRIP)
            deadline = raw or deadline
            continue
        units = _mentions(text, norm, a, b)
        if kind == 1:  # _LEAD_LABELS
            lead.extend(units)  # (extend: compiled, a direct call, where += dispatched)
        elif kind == 2:  # _RESP_LABELS
            resp.extend(units)
        else:
            co.extend(units)
    if lead:
        co = resp + co
    else:
        lead = resp
    if not lead and not co:
        return _LABELS_ONLY
    return lead, co, deadline


def _parse_plain(text: str, norm: str, *, cut: bool) -> tuple[list[str], list[str], str | None] | None:
    """"X牵头,Y按职责分工负责" / "X、Y负责" / "X、Y分别牵头" (no labels): `_plain_parsed`'s answer with lists."""
    got = _plain_parsed(text, norm, cut)
    return None if got is None else (list(got[0]), list(got[1]), None)


def _fresh(t: tuple[str, ...]) -> tuple[str, ...]:
    """A new tuple of `t`'s items (`tuple(list(t))`: the empty tuple is the one empty tuple): each parse's
    answer holds tuples of its own, never a memo's (which records share tuple objects stays as it was).
    Compiled, responsibility.pxd's `_fresh_c` copies the items without the list."""
    if _NATIVE:
        return _fresh_c(t)  # noqa: F821 - responsibility.pxd's (it exists only compiled)
    return tuple(list(t))


def _lead_mentions(text: str, norm: str, end: int) -> tuple[str, ...] | None:
    """A plain clause's lead, norm[:end] (0 <= end): its mentions as printed, a new tuple (`_fresh`), or None where
    its list does not look like units (`_is_units`). Printed as normalised (`text is norm`, as `_parse_cached`
    mostly asks): the list's memoised names read for both, no pair of them made."""
    lead_norm = norm[:end]
    if text is norm:
        lead = lead_norms = unit_names_of_norm(lead_norm)
    else:
        lead, lead_norms = _mention_pair(text[:end], lead_norm, False)
    if not looks_like_units(lead_norms):
        return None
    return _fresh(lead)


def _plain_parsed(text: str, norm: str, cut: bool) -> tuple[tuple[str, ...], tuple[str, ...], None] | None:
    """`_parse_plain`'s reading as `_parse_cached` keeps it (new tuples; `_parsed` made them of the lists)."""
    body_end = len(norm)
    lead_at = _lead_split(norm)  # (the first _LEAD_KW match outside brackets)
    if lead_at is not None:
        lead_end, rest_a = lead_at
        lead = _lead_mentions(text, norm, lead_end)  # (its mentions as printed are the lead's, read once)
        if lead is None:
            return None
        rest_a = _punct_skip(norm, rest_a, body_end)
        co: tuple[str, ...] = ()
        if rest_a < body_end:  # (the rest, norm[rest_a:body_end], read in place: no slice of it)
            tail = _co_tail_at(norm, rest_a, body_end)  # (rest_a + _CO_TAIL.search(rest)'s start, -1: none)
            co_end = tail if tail >= 0 else body_end
            co_norm = norm[rest_a:co_end]
            co_printed, co_norms = _mention_pair(co_norm if text is norm else text[rest_a:co_end], co_norm,
                                                 cut and tail < 0)
            co = _fresh(co_printed)
            if not co and tail < 0:
                return None
            if tail < 0 and not looks_like_units(co_norms):
                return None  # "X牵头,聚焦…梳理…" is a sentence of the body, not a clause
        return lead, co, None
    lead_end = _joint_tail_start(norm)  # (_JOINT_TAIL.search(norm)'s start, -1: none)
    if lead_end >= 0:
        lead = _lead_mentions(text, norm, lead_end)
        return None if lead is None else (lead, (), None)
    if cut:  # a cut-off list of units with its keyword lost: joint leads, as a reader would take it
        units, unit_norms = _mention_pair(text, norm, True)
        if not units:
            return None
        for u in unit_norms:  # (a loop, not all(generator): no closure, so the compiled function can be cpdef)
            if not looks_like_unit(u):
                return None
        return _fresh(units), (), None
    return None


# `_parse_cached`'s answers, for one agency table (`_PARSED_FOR`): a clause body printed as normalised and
# not cut off (most) by its text alone (`_PARSED_PLAIN`: a str key, its hash kept by the string), others
# by (text, norm, cut) (`_PARSED_OTHER`). Plain dicts read by `.get` (the .pxd types them: a hit is one
# probe; an lru_cache hit built and hashed a 4-tuple key, called through its wrapper and moved its
# link). Bounded as the lru cache they replace: each cleared when it holds _PARSED_MAX answers.
_PARSED_PLAIN: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None] | None] = {}
_PARSED_OTHER: dict[tuple[str, str, bool], tuple[tuple[str, ...], tuple[str, ...], str | None] | None] = {}
_PARSED_FOR: list[str] = [""]
_PARSED_MAX = 1 << 14
_UNPARSED = object()


def _parse_cached(
    text: str, norm: str, cut: bool, _data: str
) -> tuple[tuple[str, ...], tuple[str, ...], str | None] | None:
    """`_parse_text`, memoised: clause bodies ("市发改委牵头,市财政局配合") recur across items and
    documents. Keyed on `norm` (the text normalised in its context), `text` and `cut`, for the
    reference data folder's agency table (`_data`: its path; another path empties the memo), in case
    a rule consults the tables."""
    held = _PARSED_FOR[0]
    if held is not _data and held != _data:  # (`_agencies_path` hands back the one str it keeps)
        _PARSED_PLAIN.clear()
        _PARSED_OTHER.clear()
        _PARSED_FOR[0] = _data
    if not cut and text == norm:
        plain = _PARSED_PLAIN  # (locals the .pxd types dicts: compiled, .get is a direct call)
        hit = plain.get(norm, _UNPARSED)
        if hit is _UNPARSED:
            cap = _PARSED_MAX  # (typed by the .pxd: compiled, a compare of C integers, no int made of the size)
            if len(plain) >= cap:
                plain.clear()
            hit = plain[norm] = _parsed(norm, norm, False)
        return hit  # type: ignore[return-value]
    other = _PARSED_OTHER
    key = (text, norm, cut)
    hit = other.get(key, _UNPARSED)
    if hit is _UNPARSED:
        cap = _PARSED_MAX
        if len(other) >= cap:
            other.clear()
        hit = other[key] = _parsed(text, norm, cut)
    return hit  # type: ignore[return-value]


def _parsed(text: str, norm: str, cut: bool) -> tuple[tuple[str, ...], tuple[str, ...], str | None] | None:
    """`_parse_text`'s answer as `_parse_cached` keeps it (tuples; a labeled clause's made by `_labeled_parsed`,
    a plain clause's by `_plain_parsed`, with no lists between)."""
    labeled = _labeled_parsed(text, norm)
    if labeled is _LABELS_ONLY:  # only a deadline: not a responsibility clause
        return None
    if labeled is not None:
        return labeled
    return _plain_parsed(text, norm, cut)


def _labeled_parsed(text: str, norm: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None] | None:
    """`_parse_labeled`'s answer as `_parsed` keeps it: None, `_LABELS_ONLY`, or (lead, co, deadline) with
    the lists made tuples. Compiled, one pass: each label found by responsibility.pxd's `_next_label_c`
    (the colons found over the str's buffer, the label read back from each as code points, its kind
    with it) and each label's list read as the next label is found — no list of marks between, no
    dict asked for the label's kind; the lists are asked for in the same order. Each kind's units are
    joined as tuples (a label's memoised tuple itself where it is the kind's first: no list made, extended
    and copied per kind), and the answer's two made new by `_fresh`, as `tuple(list)` made them."""
    if not _NATIVE:
        got = _parse_labeled(text, norm)
        if got is None or got is _LABELS_ONLY:
            return got
        return tuple(got[0]), tuple(got[1]), got[2]
    n = len(norm)
    a, b, kind = _next_label_c(norm, 0)  # noqa: F821 - responsibility.pxd's (it exists only compiled)
    if a < 0:
        return None  # no label (or no colon at all)
    lead: tuple[str, ...] = ()
    resp: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    deadline: str | None = None
    while True:
        # the next label (its colon past this one's end): this label's list ends where it starts
        na, nb, nkind = _next_label_c(norm, b)  # noqa: F821
        stop = na if na >= 0 else n
        if kind == 3:  # _TIME_LABELS
            raw = text[b:stop].strip(_TIME_STRIP)
            deadline = raw or deadline
        else:
            units = _mentions(text, norm, b, stop)
            if kind == 1:  # _LEAD_LABELS
                lead = lead + units if lead else units
            elif kind == 2:  # _RESP_LABELS
                resp = resp + units if resp else units
            else:
                co = co + units if co else units
        if na < 0:
            break
        b = nb
        kind = nkind
    if lead:
        co = resp + co if co else resp
    else:
        lead = resp
    if not lead and not co:
        return _LABELS_ONLY
    return _fresh(lead), _fresh(co), deadline


def _next_label(norm: str, pos: int) -> tuple[int, int, int]:
    """(start, end, kind) of the first `_LABEL` match whose colon lies at `pos` or after (0 <= pos), else
    (-1, -1, 0); kind: 1 a lead label, 2 a responsible units' one, 3 a time limit, 0 co-units
    (`_LABEL_KINDS.get(label, 0)`). Compiled, responsibility.pxd's `_next_label_c` (what
    `_labeled_parsed` reads); else from `_label_marks` (for the tests: the two are pinned)."""
    if _NATIVE:
        return _next_label_c(norm, pos)  # noqa: F821 - responsibility.pxd's (it exists only compiled)
    marks = _label_marks(norm)
    for k in range(0, len(marks), 3):
        end = marks[k + 1]
        colon = end - 1  # (the match ends with the colon and the white space after it)
        while norm[colon].isspace():
            colon -= 1
        if colon >= pos:
            return marks[k], end, _LABEL_KINDS.get(marks[k + 2], 0)
    return -1, -1, 0


def _parse_text(text: str, norm: str, *, cut: bool = False) -> tuple[list[str], list[str], str | None] | None:
    """Lead, co-units and time limit of a clause body (`norm`: `text` normalised, same length)."""
    labeled = _parse_labeled(text, norm)
    if labeled is _LABELS_ONLY:  # only a deadline: not a responsibility clause
        return None
    if labeled is not None:
        return labeled  # type: ignore[return-value]
    return _parse_plain(text, norm, cut=cut)


# ($DUTYGRAPH_DATA as last read, `data_file("agencies.toml")` for it): `data_file` gives one path per
# value of the variable as read, so it is asked again only when that value changes (one call fewer per
# clause)
_AGENCIES_FOR: list[object] = [object(), ""]


def _agencies_path() -> str:
    """`data_file("agencies.toml")`."""
    env = _ENV_MAP  # (os.environ's mapping read in place, as reference's `_env_raw`: no partial called)
    raw = env.get(_ENV_KEY) if env is not None else _env_data()
    memo = _AGENCIES_FOR
    held = memo[0]
    path = memo[1]  # (typed str by the .pxd: compiled, `not path` a look at its length)
    # (the same object as last read is the same value: the mapping's bytes or None; compared otherwise)
    if (raw is not held and raw != held) or not path:
        path = data_file("agencies.toml")
        memo[1] = path
        memo[0] = raw
    return path  # type: ignore[return-value]


# `_agencies_path()` fixed for the clauses of the document being extracted (`pipeline.extract_document` sets it
# at the document's start and empties it at its end, `document_agencies`): $DUTYGRAPH_DATA read once a document,
# not once a clause; "" outside a document (a caller of `find_responsibility` itself), where each clause reads it.
_DOC_AGENCIES: list[str] = [""]


def document_agencies(start: bool) -> None:
    """At a document's start (`start`), `_agencies_path()` kept for its clauses; at its end, "" again (not the
    value before: a nested or failed document leaves the clauses reading $DUTYGRAPH_DATA themselves)."""
    _DOC_AGENCIES[0] = _agencies_path() if start else ""


def _result(
    text: str, norm: str, a: int, b: int, inner: tuple[int, int], *, cut: bool = False
) -> Responsibility | None:
    """The clause text[a:b] read from its body text[i:j] (`inner` = (i, j)), or None."""
    i, j = inner
    return _result_at(text, norm, a, b, i, j, cut)


def _result_at(text: str, norm: str, a: int, b: int, i: int, j: int, cut: bool) -> Responsibility | None:
    """`_result` with the body's bounds as two integers (the module's own callers: compiled, C integers,
    where the tuple `inner` was made and unpacked per clause)."""
    body_norm = norm[i:j]
    if text is norm:  # (one object for both: the cache key's hash is computed once)
        body = body_norm
    elif 0 <= i < j <= len(text) and j <= len(norm):
        # (both slices j - i long: `text[i:j] == body_norm` compared in place, so the common case, a body
        # printed as normalised, makes no slice of `text`; compiled, responsibility.pxd's `_same_span_c`, a
        # memcmp of the two buffers)
        same = _same_span_c(text, norm, i, j) if _C else text.startswith(body_norm, i, j)  # noqa: F821
        body = body_norm if same else text[i:j]
    else:
        body = text[i:j]
        if body == body_norm:
            body = body_norm
    data = _DOC_AGENCIES[0]  # (typed str by the .pxd: compiled, `not data` a look at its length)
    parsed = _parse_cached(body, body_norm, cut, data if data else _agencies_path())
    if parsed is None:
        return None
    lead, co, deadline = parsed
    if not lead and not co:
        return None
    return _new_responsibility(lead, co, deadline, text[a:b], (a, b))


def _trailing_bracket(text: str, norm: str, end: int) -> Responsibility | None:
    """`end`: len(norm.rstrip(_TAIL_PUNCT))."""
    if end == 0:
        return None
    last = _ch_c(norm, end - 1) if _C else norm[end - 1]  # noqa: F821 - _ch_c: the shared header's (in place)
    if last == ")" or last == "]":  # (_CLOSE: typed, compiled, compares of the code point, no str made)
        start = _match_open(norm, end - 1)
        if start is None:
            return _lost_open(text, norm, end)
        at = start  # (typed by the .pxd: compiled, one conversion of the index, then C integers)
        aliased = _alias_lost_close(text, norm, at, end)
        if aliased is not None:
            return aliased
        return _result_at(text, norm, at, end, at + 1, end - 1, False)
    if not _opens_in(norm, 0, end) or _open_excess(norm, end) <= 0:
        # nothing left open (what _unclosed_open checks first, without a copy); most items open no
        # bracket at all, found before the character loop counts them (`_opens_in`: compiled, one pass
        # over the str's buffer, where two searches each scanned the whole line)
        return None
    opened = _unclosed_open(norm[:end])
    if opened is not None:
        return _result_at(text, norm, opened, end, opened + 1, end, True)
    return None


def _alias_lost_close(text: str, norm: str, start: int, end: int) -> Responsibility | None:
    """"(区财政局(区地方金融监管局负责)" (鸠江 line 537): a unit's other name in brackets whose ")"
    was lost. The clause opens at the outer bracket and the unit is the one before the alias."""
    # the outer bracket opens at most 24 characters before `start`: without an opening bracket there,
    # no answer (a look at those characters, not at the whole text before the clause: two searches in C,
    # no slice)
    lo = start - 24 if start > 24 else 0
    if start <= 0 or not _opens_in(norm, lo, start):
        return None
    if _open_excess(norm, start) <= 0:
        return None  # nothing left open before it (what _unclosed_open checks first, without a copy)
    outer = _unclosed_open(norm[:start])
    if outer is None or start - outer > 24:
        return None
    first = norm[outer + 1 : start].strip()
    if not looks_like_unit(first):
        return None
    for c in first:  # (a loop, not any(generator): no closure, so the compiled function can be cpdef)
        if c == "、" or c == "," or c == "，" or c == ";" or c == "；":
            return None
    found = _result_at(text, norm, outer, end, outer + 1, end - 1, False)
    if found is None:
        return None
    return _new_responsibility(_whole(found.lead), _whole(found.co), found.deadline_raw, found.clause, found.span)


def _opens_in(norm: str, lo: int, hi: int) -> bool:
    """`norm.find("(", lo, hi) >= 0 or norm.find("[", lo, hi) >= 0` (0 <= lo): compiled, read over the
    str's buffer by responsibility.pxd's `_opens_in_c` where `hi` lies within the text (one pass, a 2-byte
    str's four characters a test, where the two searches each cost a call and, most often finding
    nothing, each scanned the whole range)."""
    if _NATIVE and 0 <= lo and hi <= len(norm):
        return _opens_in_c(norm, lo, hi)  # noqa: F821 - responsibility.pxd's (it exists only compiled)
    return norm.find("(", lo, hi) >= 0 or norm.find("[", lo, hi) >= 0


def _brackets_in(norm: str, lo: int, hi: int) -> bool:
    """Some "(", ")", "[" or "]" in norm[lo:hi] (0 <= lo): compiled, read over the str's buffer by
    responsibility.pxd's `_brackets_in_c` where `hi` lies within the text; else four searches in C."""
    if _NATIVE and 0 <= lo and hi <= len(norm):
        return _brackets_in_c(norm, lo, hi)  # noqa: F821 - responsibility.pxd's (it exists only compiled)
    return norm.find("(", lo, hi) >= 0 or norm.find(")", lo, hi) >= 0 or norm.find("[", lo, hi) >= 0 \
        or norm.find("]", lo, hi) >= 0


def _sentence_start(norm: str, end: int) -> int:
    """`max(norm.rfind("。", 0, end), norm.rfind(":", 0, end), norm.rfind("：", 0, end)) + 1` (0 <= end):
    compiled, read back from `end` over the str's buffer by responsibility.pxd's `_last_stop_c` where
    `end` lies within the text (one pass that stops at the first of the three, where each search ran to
    its own, or to the start of the text)."""
    if _NATIVE and 0 <= end <= len(norm):
        return _last_stop_c(norm, end) + 1  # noqa: F821 - responsibility.pxd's (it exists only compiled)
    return max(norm.rfind("。", 0, end), norm.rfind(":", 0, end), norm.rfind("：", 0, end)) + 1


def _whole(ms: tuple[str, ...]) -> tuple[str, ...]:
    """The mentions of `_alias_lost_close`'s clause without the alias whose ")" was lost (a loop, not
    a generator: no closure, so `_alias_lost_close` compiled can be cpdef)."""
    out = []
    for m in ms:
        n = normalize(m)
        out.append(m[: n.index("(")].rstrip() if "(" in n and ")" not in n else m)
    return tuple(out)


def _lost_open(text: str, norm: str, end: int) -> Responsibility | None:
    """A clause whose opening bracket was lost: "八、获得信贷指标领域区财政局牵头)" (鸠江 line 363).
    It starts at the earliest point from which a known unit name begins and the rest parses."""
    close = end - 1
    if not (_LEAD_KW.search(norm, max(0, close - 80), close) or _LABEL.search(norm, max(0, close - 80), close)):
        return None
    lo = max(0, close - 80, norm.rfind("。", 0, close) + 1)
    for p in range(lo, close - 1):
        if norm[p] in _TAIL_PUNCT:
            continue
        label = _LABEL.match(norm, p)
        if label is not None:
            first = _mentions(text, norm, label.end(), close)
        else:
            head = _top_split(norm[p:close], _LEAD_KW) or _JOINT_TAIL.search(norm[p:close])
            if head is None:
                continue
            first = _mentions(text, norm, p, p + head.start())
        if first and known_unit(first[0]):
            found = _result_at(text, norm, p, end, p, close, False)
            if found is not None:
                return found
    return None


_HEADING_KW = re.compile(r"牵头|负责|单位\s*[:：]")


def _has_heading_kw(s: str) -> bool:
    """`_HEADING_KW.search(s) is not None`, by substring searches (in C) and a look past the white
    space after each "单位" (the regex tests its first characters' class at every position). Compiled,
    responsibility.pxd's `_heading_kw_c`: the three searches in one pass over the str's buffer."""
    if _NATIVE:
        return _heading_kw_c(s)  # noqa: F821 - responsibility.pxd's (it exists only compiled)
    if "牵头" in s or "负责" in s:
        return True
    n = len(s)
    i = s.find("单位")
    while i >= 0:
        if _colon_after_space(s, i + 2, n):
            return True
        i = s.find("单位", i + 1)
    return False


def _heading_bracket(text: str, norm: str) -> Responsibility | None:
    """"1.政务服务指标(区政数局牵头):一是…" — the clause right after a short title."""
    # the clause's bracket opens before `lim` (at most 61, below): without an opening bracket in the first
    # 61 characters (most paragraphs), no answer — looked for first, a shorter read with fewer compares
    # than the keywords' over the window, and no window sliced
    if not _opens_in(norm, 0, min(61, len(norm))):
        return None
    window = norm[:200]
    if not _has_heading_kw(window):
        return None
    # = min([i for i in (window.find("。"), window.find(":"), window.find("："), 60) if i >= 0], default=60),
    # by compares (typed, compiled: no list, no builtin called with a keyword), each search ending at the
    # least found so far (one found later would not be the least)
    stop = 60
    k = window.find("。", 0, stop)
    if k >= 0:
        stop = k
    k = window.find(":", 0, stop)
    if k >= 0:
        stop = k
    k = window.find("：", 0, stop)
    if k >= 0:
        stop = k
    lim = min(stop + 1, len(window))
    i = 0
    while i < lim:
        # the next opening bracket before `lim`, found in C (the characters between are skipped)
        a, b = window.find("(", i, lim), window.find("[", i, lim)
        if a < 0 and b < 0:
            break
        i = a if b < 0 or 0 <= a < b else b
        j = None
        depth = 0
        for k in range(i, len(window)):
            ch = _ch_c(window, k) if _C else window[k]  # noqa: F821 - _ch_c: the shared header's (in place)
            if ch == "(" or ch == "[":  # (_OPEN, _CLOSE)
                depth += 1
            elif ch == ")" or ch == "]":
                depth -= 1
                if depth == 0:
                    j = k
                    break
        if j is None:
            return None
        after = norm[j + 1 : j + 2]
        if after in ("", ":", "：", "。", " ") and j - i > 2:
            inner = norm[i + 1 : j]
            # (_LEAD_KW.search(inner) or _LABEL.search(inner) or _JOINT_TAIL.search(inner): every _LEAD_KW match
            # holds 牵头 and 牵头 alone is one; _LABEL's matches are `_label_spans`', each at a colon)
            if "牵头" in inner or ((":" in inner or "：" in inner) and _label_marks(inner)) \
                    or _joint_tail_start(inner) >= 0:
                found = _result_at(text, norm, i, j + 1, i + 1, j, False)
                if found is not None:
                    return found
        i = j + 1
    return None


def _trailing_sentence(text: str, norm: str, end: int) -> Responsibility | None:
    """`end`: len(norm.rstrip(_TAIL_PUNCT))."""
    start = _sentence_start(norm, end)  # max(norm.rfind("。", 0, end), …(":"), …("：")) + 1
    start = _punct_skip(norm, start, end)
    if end - start < 3 or end - start > 120:
        return None
    # the sentence norm[start:end] read in place (no slice of it): 牵头 in it, or one of _JOINT_TAIL's words
    # at its end (_LEAD_KW matches wherever 牵头 occurs; _JOINT_TAIL only at the end, after 负责/落实), and
    # no bracket
    if not (norm.find("牵头", start, end) >= 0 or _joint_tail_at(norm, start, end) >= 0) \
            or _brackets_in(norm, start, end):
        return None
    found = _result_at(text, norm, start, end, start, end, False)
    # without brackets only a sentence that opens with a known or scoped unit name is a clause
    # ("由各主管部门负责。" is body text)
    if found is None or not found.lead:
        return None
    first = normalize(found.lead[0])
    if not (known_unit(first) or first.startswith(("市", "区", "县", "各"))):
        return None
    return found


_INLINE_NEXT = re.compile(r"\)\s*(?=\(\d{1,2}\)|[①-⑩])")


def _with_inline_clauses(text: str, norm: str, last: Responsibility) -> Responsibility:
    """Inline sub-items "(1)…(责任单位:A)(2)…(责任单位:B)" (石嘴山 line 102): every sub-item's
    clause counts for the measure; units are merged in order, `clause` joins them, `span` is the last."""
    stop = last.span[0]
    if norm.find(")", 0, stop) < 0:  # every earlier clause closes with ")": none before `stop`, none to find
        return last
    earlier: list[Responsibility] = []
    for m in _INLINE_NEXT.finditer(norm, 0, stop):
        close = m.start()
        start = _match_open(norm, close)
        if start is None:
            continue
        got = _result_at(text, norm, start, close + 1, start + 1, close, False)
        if got is not None:
            earlier.append(got)
    if not earlier:
        return last
    parts = [*earlier, last]
    # (loops, not generators: no closure, so the compiled function can be cpdef)
    leads: dict[str, None] = {}  # the units in order, each once
    for r in parts:
        for u in r.lead:
            leads[u] = None
    lead = tuple(leads)
    cos: dict[str, None] = {}
    for r in parts:
        for u in r.co:
            if u not in leads:
                cos[u] = None
    deadline = None
    for r in reversed(parts):
        if r.deadline_raw:
            deadline = r.deadline_raw
            break
    return _new_responsibility(lead, tuple(cos), deadline, "".join([r.clause for r in parts]), last.span)


def _all_space(text: str) -> bool:
    """`text.isspace()` for a text that is not empty, read until its first other character (typed,
    compiled: the same per-character test, no method call)."""
    for ch in text:
        if not ch.isspace():
            return False
    return True


def _punct_skip(norm: str, start: int, end: int) -> int:
    """The first index in [start, end) whose character is not one of _TAIL_PUNCT's, else `end` (the skip
    forward that `_punct_end` is backward: the characters written out and compared as code points,
    compiled)."""
    while start < end:
        ch = norm[start]
        if ch in " \t\u3000。.;；,，、\u200b":
            start += 1
        else:
            break
    return start


def _punct_end(norm: str) -> int:
    """`len(norm.rstrip(_TAIL_PUNCT))`, read back from the end (typed, compiled: compares of code points;
    the characters are _TAIL_PUNCT's, written out: tests pin them to it)."""
    end = len(norm)
    while end > 0:
        ch = norm[end - 1]
        if ch in " \t\u3000。.;；,，、\u200b":
            end -= 1
        else:
            break
    return end


def _punct_start(norm: str) -> int:
    """`len(norm) - len(norm.lstrip(_TAIL_PUNCT))` (as `_punct_end`)."""
    return _punct_skip(norm, 0, len(norm))


def find_responsibility(text: str, *, norm: str | None = None) -> Responsibility | None:
    """THE responsibility clause of an item (or of a clause paragraph), or None. `norm`, when the
    caller has it (`Line.norm`), is `normalize(text)` and saves normalising again."""
    if not text or _all_space(text):  # (text.isspace())
        return None
    if norm is None or len(norm) != len(text):
        norm = normalize(text)
    end = _punct_end(norm)  # len(norm.rstrip(_TAIL_PUNCT))
    found = _trailing_bracket(text, norm, end)
    if found is not None:
        # (`_with_inline_clauses`' first test, without reading `found.span` — a generic attribute read: the
        # clause starts below end - 1, so no ")" before end - 1 is none before it either, and it is kept)
        if norm.find(")", 0, end - 1) < 0:
            return found
        return _with_inline_clauses(text, norm, found)
    a = _punct_start(norm)  # len(norm) - len(norm.lstrip(_TAIL_PUNCT)): norm[a:end] = norm.strip(_TAIL_PUNCT)
    if _label_at(norm, a, end):  # a paragraph that is a clause: "牵头单位:X;责任单位:Y" (_LABEL.match(norm, a, end))
        found = _result_at(text, norm, a, end, a, end, False)
        if found is not None:
            return found
    found = _heading_bracket(text, norm)
    if found is not None:
        return found
    return _trailing_sentence(text, norm, end)
