"""Structure of a document: plans, attachments, sections, numbered items, progress paragraphs.

Pure over a `records.Document`. The output is an outline (plain dataclasses below) that
`pipeline.py` turns into records: it says which items are measures, where each item's
responsibility clause is (own, a group clause after several items, or inherited from a heading),
and keeps every position as printed (line, span inside the line).

Reading rules (shared/EXTRACTION.md):
- a measure is the smallest numbered item that starts a paragraph and states a task; a "(一)" item
  with no numbered children is one too (its clause may sit on the next paragraph);
- sub-items run inline inside one paragraph stay in their measure;
- not measures: goals, principles, 工作要求/保障措施 without a responsible unit, lists of problems or
  check points, lead-ins to target lists, the table of contents of attachments;
- numbers are kept as printed (duplicates and gaps included);
- a progress report (one record per indicator paragraph "1.政务服务指标(区政数局牵头):…").
Matching runs on `Line.norm` (NFKC + t2s, same length as the text), cuts come from `Line.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from dutygraph.loaders.base import record_builder, runs_compiled
from dutygraph.loaders.normalize import normalize
from dutygraph.records import Document, Line

from .reference import data_file, skip_to_candidates
from .responsibility import Responsibility
from .responsibility import find_responsibility as _find_responsibility

# String patterns of the hot path, compiled once (re.<fn>(str) looks its cache up on every call).
_RX0 = re.compile(r"\s*(?:牵头单位|责任单位|主责单位|主责部门|配合单位|完成时限)")
_RX1 = re.compile(r"\d")
_RX2 = re.compile(r"(\d{4})\s*年\s*(\d{1,2})(\d{2})")
_RX3 = re.compile(r"发布时间\s*[:：]?\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_RX4 = re.compile(r"(?:信息)?来源\s*[:：]\s*(\S+)")
_RX5 = re.compile(r"[\s\"“”]|\(征求意见稿\)")
_RX6 = re.compile(r"附件\s*[:：]\s*(?:\d|$)")
_RX7 = re.compile(r"。|\s+(?=[一二三四五六七八九十]是)|[:：](?=\S)")
# Where the first _RX7 match starts, found from its opening character (the engine skips to it in C; the
# alternation above opens with no class, so its search tries every position). DOTALL: the helper steps
# back over the candidate with ".", and a line break is one here (_RX7 has no "." of its own).
_RX7_STARTS = skip_to_candidates(re.compile(r"(?=[。\s:：])(?:" + _RX7.pattern + ")", re.DOTALL))
_RX8 = re.compile(r"\)\s*[:：]")
_RX10 = re.compile(r"[:：]")


# ---------------------------------------------------------------- paragraphs

# A line longer than this is read as several paragraphs when numbering runs inline after a
# space (the 红谷滩 report is one 9 KB line).
GIANT_LINE = 1000

# Marker levels, outermost first.
ATTACH, CN, PCN, ARABIC, PARABIC, CIRCLED = range(6)
# The same levels for the code below: compiled, C globals (structure.pxd), so a typed level is compared with
# one as C integers (against the names above, Python ints, each compare boxed the level first)
_ATTACH_C, _CN_C, _PCN_C, _ARABIC_C, _PARABIC_C, _CIRCLED_C = ATTACH, CN, PCN, ARABIC, PARABIC, CIRCLED

_CN_NUM = "一二三四五六七八九十百零〇"
_RE_CN = re.compile(rf"([{_CN_NUM}]+)\s*、|、(?=\S)")
_RE_PCN = re.compile(rf"\(\s*([{_CN_NUM}]+)\s*\)")
_RE_ARABIC = re.compile(r"(\d{1,3})\s*[.、](?![\d.])")
_RE_PARABIC = re.compile(r"\(\s*(\d{1,3})\s*\)")
_RE_CIRCLED = re.compile("[\u2460-\u2473\u3251-\u325f]")
_RE_ATTACH = re.compile(r"附件\s*(\d+)\s*$")
# Where inline numbering may start a new paragraph inside a giant line.
_RE_INLINE_SPLIT = re.compile(
    rf"(?<=\s)(?=(?:[{_CN_NUM}]+、|\([{_CN_NUM}]+\)|\d{{1,3}}[.、](?![\d.%])))"
)
# The same cut points from the white space before each (a class the engine skips to in C; the leading
# lookbehind above is tried at every position): a cut is one character after the match. A match takes
# only its white space, so none hides the next.
_RE_INLINE_SPLIT_FAST = re.compile(rf"\s(?=(?:[{_CN_NUM}]+、|\([{_CN_NUM}]+\)|\d{{1,3}}[.、](?![\d.%])))")

# A shorter line is read as several paragraphs too when two or more "一、"-style sections run inline in it
# after spaces (a short progress report pasted as one line).
_RE_INLINE_SECTION = re.compile(rf"(?<=\s)[{_CN_NUM}]{{1,3}}、")
# As many matches (each one's space, which the engine skips to in C; matches never share a space).
_RE_INLINE_SECTION_FAST = re.compile(rf"\s(?=[{_CN_NUM}]{{1,3}}、)")


def _two_inline_sections(norm: str) -> bool:
    """`len(_RE_INLINE_SECTION_FAST.findall(norm)) >= 2`, read back from each "、" (found in C) instead
    of testing the class `\\s` at every character of the line (most lines asked hold several "、" of
    a list, few white spaces before numerals). A match is one white space, then one to three numerals
    and "、": every "、" closes at most one, the one whose run of numerals before it is 1-3 long with a
    white space (`str.isspace`, the same test as `\\s`) right before the run."""
    found = 0
    n = len(norm)
    j = _find_c(norm, "、", 0, n, 1) if _C else norm.find("、")  # noqa: F821 - _find_c: structure.pxd's
    while j >= 0:
        i = j  # back over the numerals right before it (a fourth one rules it out)
        while i > 0 and j - i < 4:
            c = norm[i - 1]
            if c not in "一二三四五六七八九十百零〇":  # (= _CN_NUM spelt out: a C switch when compiled)
                break
            i -= 1
        if 0 < j - i <= 3 and i > 0 and norm[i - 1].isspace():
            found += 1
            if found == 2:
                return True
        j = _find_c(norm, "、", j + 1, n, 1) if _C else norm.find("、", j + 1)  # noqa: F821
    return False


def _inline_cuts(norm: str, after: int) -> list[int]:
    """`[m.start() + 1 for m in _RE_INLINE_SPLIT_FAST.finditer(norm) if m.start() + 1 > after]` (0 <= after),
    read by hand (compiled: a typed loop, no regex search and match objects; as Python the regex is faster, so
    `paragraphs` picks by `_COMPILED`): one past each white space (`\\s`: `str.isspace`) that `_inline_number_at`
    the next character. A match is its one white space (the rest is a lookahead), so every one is tried."""
    out = []
    for i in range(after, len(norm) - 1):
        c = _ch_c(norm, i) if _C else norm[i]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        # (every white space is at or below U+3000: the common CJK character asks no Unicode table)
        if c <= "\u3000" and c.isspace() and _inline_number_at(norm, i + 1):
            out.append(i + 1)
    return out


def _inline_number_at(norm: str, k: int) -> bool:
    """`_RE_INLINE_SPLIT_FAST`'s lookahead at `k` (0 <= k): Chinese numerals then "、"; "(", Chinese numerals, ")";
    or one to three digits (`\\d`: `str.isdecimal`; a longer run gives no match, the class cannot back onto a
    digit) then "." or "、" with no digit, "." or "%" after it. The numerals are `_CN_NUM` spelt out (C switches
    when compiled)."""
    n = len(norm)
    if k >= n:
        return False
    c = _ch_c(norm, k) if _C else norm[k]  # noqa: F821 - _ch_c: the shared header's (a read in place: k < n)
    if c in "一二三四五六七八九十百零〇" or c == "(":
        j = k + 1 if c == "(" else k
        k += 1
        while k < n:
            c2 = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
            if c2 not in "一二三四五六七八九十百零〇":
                if k == j:  # ("(" then no numeral)
                    return False
                return c2 == ")" if c == "(" else c2 == "、"
            k += 1
        return False
    if not c.isdecimal():
        return False
    j = k
    k += 1
    while k < n:
        c2 = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
        if not c2.isdecimal():
            break
        k += 1
    if k - j > 3 or k >= n:
        return False
    c2 = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
    if c2 != "." and c2 != "、":
        return False
    if k + 1 >= n:
        return True
    c2 = _ch_c(norm, k + 1) if _C else norm[k + 1]  # noqa: F821
    return not (c2.isdecimal() or c2 == "." or c2 == "%")


# The first line of a document may be its title followed, after a space, by the body.
_RE_TITLE_RUN_ON = re.compile(r"\s*(\S{7,60}?)[ \t\u3000]+(?=\S)")


def _space_fwd(s: str, i: int, n: int) -> int:
    """`i` moved forward over white space (`str.isspace`), not to `n` (<= len(s)) or past it; `i` >= 0."""
    while i < n:
        c = _ch_c(s, i) if _C else s[i]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        if not c.isspace():
            break
        i += 1
    return i


def _space_back(s: str, end: int, k: int) -> int:
    """`k` moved back over the white space before it, not below `end` (>= 0): `len(s[end:k].rstrip()) + end`."""
    while k > end:
        c = _ch_c(s, k - 1) if _C else s[k - 1]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        if not c.isspace():
            break
        k -= 1
    return k


def _title_run_on(norm: str) -> int:
    """`_RE_TITLE_RUN_ON.match(norm)`'s group end (-1: no match), read by hand (compiled: a typed loop, no regex
    call; as Python the regex, picked by `_COMPILED`). The group is 7-60 characters that are not white space
    (`\\S`: not `str.isspace`) after the leading white space, and the next character must be a space, tab or
    U+3000 (white space): so it is the whole run of such characters after the leading white space, of 7-60;
    then the run of spaces, tabs and U+3000 must be followed by a character that is no white space (giving
    back any of the run would leave a white space to that lookahead)."""
    # (compiled, each character is read by `_ch_c` of structure.pxd into a typed `c`, in place: every index is
    # below n by the test before it)
    n = len(norm)
    a = _space_fwd(norm, 0, n)
    r = a
    while r < n:
        c = _ch_c(norm, r) if _C else norm[r]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        if c.isspace():
            break
        r += 1
    if r - a < 7 or r - a > 60:
        return -1
    s = r
    while s < n:
        c = _ch_c(norm, s) if _C else norm[s]  # noqa: F821
        if c != " " and c != "\t" and c != "\u3000":
            break
        s += 1
    # (c: the character at s when s < n — the loop stopped at it)
    if s == r or s >= n or c.isspace():
        return -1
    return r


# Not part of any item: web-page residue, contact lines (personal data), attachment references.
_RE_CONTACT = re.compile(r"^(?:联系人|联系电话|电话|邮箱|电子邮箱|传真|联系方式)\s*[:：]")
_RE_ATTACH_REF = re.compile(r"^附?件\s*\d*\s*[:：]")
_RE_NOISE = re.compile(
    r"(?:\.(?:docx?|pdf|wps|xlsx?|png|jpe?g)\s*$)|^(?:扫一扫|相关文档|当前位置|首页\s*>|来源\s*[:：]|"
    r"发布时间|信息来源|字体\s*[:：]|打印|关闭)"
)
# Its two branches apart: a file name at the end (found from its ".", skipped to in C) and a page-chrome
# word at the start (tried there only) — the search of both tried its "^" branch at every position.
_RE_NOISE_END = re.compile(r"\.(?:docx?|pdf|wps|xlsx?|png|jpe?g)\s*$")
_RE_NOISE_START = re.compile(r"扫一扫|相关文档|当前位置|首页\s*>|来源\s*[:：]|发布时间|信息来源|字体\s*[:：]|打印|关闭")


# The characters a match of each pattern opened with "^" (or asked by `match`) can start with: a paragraph
# starting with none of them is not asked (compiled, the tests are C switches on the first character).
_CONTACT_FIRST = "联电邮传"  # (= the first characters of _RE_CONTACT's words)
_ATTACH_REF_FIRST = "附件"  # (_RE_ATTACH_REF)
_NOISE_FIRST = "扫相当首来发信字打关"  # (_RE_NOISE_START's words)


def _is_noise(n: str) -> bool:
    """`bool(_RE_NOISE.search(n))`."""
    if not n:
        return False
    c = _ch_c(n, 0) if _C else n[0]  # noqa: F821 - _ch_c: the shared header's (a read in place)
    if c in "扫相当首来发信字打关" and _RE_NOISE_START.match(n) is not None:  # (= _NOISE_FIRST)
        return True
    return "." in n and _RE_NOISE_END.search(n) is not None


def _is_contact(n: str) -> bool:
    """`_RE_CONTACT.match(n) is not None`, asked only of a paragraph opening with one of its words' first
    characters (= _CONTACT_FIRST)."""
    if not n:
        return False
    c = _ch_c(n, 0) if _C else n[0]  # noqa: F821
    return c in "联电邮传" and _RE_CONTACT.match(n) is not None


def _is_attach_ref(n: str) -> bool:
    """`_RE_ATTACH_REF.match(n) is not None`, asked only of a paragraph opening with 附 or 件 (= _ATTACH_REF_FIRST)."""
    if not n:
        return False
    c = _ch_c(n, 0) if _C else n[0]  # noqa: F821
    return c in "附件" and _RE_ATTACH_REF.match(n) is not None

# Plan titles: a short unpunctuated line ending like a plan/report/roster.
_RE_TITLE_END = re.compile(
    r"(?:方案|计划|措施|举措|意见|办法|细则|要点|名单|清单|情况|报告|总结)(?:\s*\(征求意见稿\))?\s*$"
)
_TITLE_WORDS = ("方案", "计划", "措施", "举措", "意见", "办法", "细则", "要点", "名单", "清单", "情况", "报告", "总结")
_DRAFT = "(征求意见稿)"
_TITLE_LAST = "".join(sorted({w[-1] for w in _TITLE_WORDS})) + _DRAFT[-1]  # what a title ends with
_RE_REPORT = re.compile(r"(?:情况|报告|总结|汇报)\s*$")
_RE_ROSTER = re.compile(r"名单\s*$")
_PUNCT = set("。,，;；:：!！?？")


def _has_punct(s: str) -> bool:
    """`any(c in _PUNCT for c in s)` (a loop, not a generator: the functions asking it can be cpdef
    when compiled, which a closure rules out). The characters are spelt out: compiled, a test of a
    `Py_UCS4` against a literal is a C switch (against the set, a 1-character str made and hashed a
    character); as Python, a 1-character str in a str is the same membership test."""
    for c in s:
        if c in "。,，;；:：!！?？":
            return True
    return False


# Sections whose items are never measures / only with a responsible unit of their own.
_RE_GOAL_SECTION = re.compile(
    r"(?:总体|工作|主要|发展)?目标(?:任务)?|总体要求|指导思想|基本原则|工作原则|整治内容|重点整治问题|主要问题|存在问题"
)
_RE_REQUIREMENT_SECTION = re.compile(
    r"(?:强化|加强)?(?:工作要求|保障措施|工作保障|组织保障|组织实施|实施保障|保障机制|工作机制|组织领导)"
)
_RE_PROBLEM_ITEM = re.compile(r"等问题\s*[。;；]?\s*$")
_RE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{1,2})-(\d{1,2})")
_RE_YEAR = re.compile(r"(20\d{2})\s*年")
_RE_INLINE_SUBITEM = re.compile(r"(?<=[。;；)\]])\s*(?=\(\d{1,2}\))")
# The same cut points, found from the closing character (a class the engine can skip to in C;
# a leading lookbehind makes it try every position): the cut is one character after the match.
_RE_INLINE_SUBITEM_FAST = re.compile(r"[。;；)\]]\s*(?=\(\d{1,2}\))")
_RE_PAREN_NUMBER = re.compile(r"\(\d{1,2}\)")


# Para and Marker are values (never changed once built; equal and hashed by their fields) but not
# frozen: a frozen dataclass sets each field through object.__setattr__, ~5x slower to build, and
# every paragraph and marker of every document is built once.
#
# Compiled, both are extension types (structure.pxd declares their fields as C fields: a typed local's
# `p.text` or `m.level` is a struct read, not an attribute lookup) that Cython makes dataclasses of from
# the same decorators — the same fields, repr and equality; as Python, the slots dataclasses they always
# were. Their slots are spelt out because Cython's dataclass takes no `slots=` (the classes are slotted
# either way), their hash (what `unsafe_hash=True` generated) because Cython's would hash a tuple of
# the fields' hashes, and Para's __init__ because a slots class cannot hold the default of `repairs`.
@dataclass(init=False)
class Para:
    """One paragraph: a whole line, or a piece of a giant line."""

    __slots__ = ("line", "start", "end", "text", "norm", "repairs")
    line: int
    start: int  # span of the paragraph inside its line's text
    end: int
    text: str  # as printed
    norm: str  # normalised, same length as text
    repairs: tuple[str, ...]

    def __init__(self, line: int, start: int, end: int, text: str, norm: str, repairs: tuple[str, ...] = ()):
        self.line = line
        self.start = start
        self.end = end
        self.text = text
        self.norm = norm
        self.repairs = repairs

    def __hash__(self) -> int:
        return hash((self.line, self.start, self.end, self.text, self.norm, self.repairs))


@dataclass
class Marker:
    __slots__ = ("level", "number", "label", "end")
    level: int
    number: str  # as the contract prints it: "3", "(二)", "①", "一"
    label: str  # as printed, punctuation included: "3.", "(二)", "二、"
    end: int  # where the content starts in the paragraph

    def __hash__(self) -> int:
        return hash((self.level, self.number, self.label, self.end))


def _new_para(line: int, start: int, end: int, text: str, norm: str, repairs: tuple[str, ...]) -> Para:
    """`Para(line, start, end, text, norm, repairs)`: compiled, a C function that allocates the extension
    type and stores its C fields (no call through the type, no argument tuple); built for every paragraph."""
    p = Para.__new__(Para)
    p.line = line
    p.start = start
    p.end = end
    p.text = text
    p.norm = norm
    p.repairs = repairs
    return p


def _new_marker(level: int, number: str, label: str, end: int) -> Marker:
    """`Marker(level, number, label, end)`: compiled, a C function that allocates the extension type
    and stores its C fields (no call through the type, no argument tuple); built for every marker."""
    m = Marker.__new__(Marker)
    m.level = level
    m.number = number
    m.label = label
    m.end = end
    return m


def paragraphs(doc: Document) -> list[Para]:
    """Non-blank paragraphs in document order; giant lines split where numbering runs inline."""
    out: list[Para] = []
    # compiled, a Line's fields are read at their slots' offsets (`_slot_c`: ~4 attribute lookups a line)
    slots = _LINE_SLOTS
    s_number = s_text = s_norm = s_repairs = -1
    if slots is not None:
        s_number, s_text, s_norm, s_repairs = slots
    # `_two_inline_sections` alone tells whether a line has two inline sections; as Python, the count of "、"
    # first is quicker for the lines with fewer than two (compiled, the count would be a second pass)
    counted = not _COMPILED
    giant = GIANT_LINE  # (a local: a C integer when compiled, compared with a line's length unboxed)
    for ln in doc.lines:
        text = ln.text if slots is None else _slot_c(ln, Line, s_text, "text")  # noqa: F821 - compiled only
        n = len(text)
        a2 = 0  # (= len(text) - len(text.lstrip()), without the copy)
        while a2 < n:
            ch = _ch_c(text, a2) if _C else text[a2]  # noqa: F821 - _ch_c: the shared header's (a read in place)
            if not ch.isspace():
                break
            a2 += 1
        if a2 == n:  # blank (= not text.strip())
            continue
        norm = ln.norm if slots is None else _slot_c(ln, Line, s_norm, "norm")  # noqa: F821
        if out and n <= giant and ((counted and norm.count("、") < 2) or not _two_inline_sections(norm)):
            # the common case (no title run on, no inline numbering to cut at): the whole line is one
            # paragraph, without the white space at its ends (b2 = len(text.rstrip()); the line is not
            # blank, so the loop stops in it)
            b2 = n
            while True:  # (b2 - 1 >= a2 >= 0 throughout: the character at a2 is no white space)
                ch = _ch_c(text, b2 - 1) if _C else text[b2 - 1]  # noqa: F821
                if not ch.isspace():
                    break
                b2 -= 1
            if slots is None:
                out.append(_new_para(ln.number, a2, b2, text[a2:b2], norm[a2:b2], tuple(ln.repairs)))
            else:
                out.append(_new_para(_slot_c(ln, Line, s_number, "number"), a2, b2, text[a2:b2],  # noqa: F821
                                     norm[a2:b2], tuple(_slot_c(ln, Line, s_repairs, "repairs"))))  # noqa: F821
            continue
        cuts = [0]
        if out:
            pass
        elif _COMPILED:  # (= the regex below: `_title_run_on`, the group's end; its start the run's)
            r1 = _title_run_on(norm)
            if r1 >= 0:
                a1 = r1
                while a1 > 0 and not norm[a1 - 1].isspace():
                    a1 -= 1
                title = norm[a1:r1]
                if _is_title(Para(0, 0, 0, title, title)):
                    cuts.append(r1)
        elif (m := _RE_TITLE_RUN_ON.match(norm)) and _is_title(Para(0, 0, 0, m.group(1), m.group(1))):
            cuts.append(m.end(1))  # "…工作推进情况 聚焦短板弱项,…": a title run on into the body
        if len(text) > giant or (norm.count("、") >= 2 and _two_inline_sections(norm)):
            if _COMPILED:
                cuts += _inline_cuts(norm, cuts[-1])
            else:
                cuts += [m.start() + 1 for m in _RE_INLINE_SPLIT_FAST.finditer(norm) if m.start() + 1 > cuts[-1]]
        if len(cuts) == 1:  # the whole line is one paragraph (not blank)
            a2, b2 = len(text) - len(text.lstrip()), len(text.rstrip())
            out.append(_new_para(ln.number, a2, b2, text[a2:b2], norm[a2:b2], tuple(ln.repairs)))
            continue
        cuts.append(len(text))
        for a, b in zip(cuts, cuts[1:]):
            piece = text[a:b]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            a2, b2 = a + lead, b - trail
            if a2 >= b2:
                continue
            out.append(_new_para(ln.number, a2, b2, text[a2:b2], norm[a2:b2], tuple(ln.repairs)))
    return out


# First characters a marker can start with (on `norm`; circled numbers are read on the text).
_MARKER_FIRST = frozenset("附(、" + _CN_NUM)


_MARKERS: dict[tuple[str, str], Marker | None] = {}  # per document (cleared in `outline`)


def parse_marker(p: Para) -> Marker | None:
    """The numbering at the start of a paragraph, if any (memoised: every paragraph is asked
    several times — plan starts, cover, build)."""
    key = (p.text, p.norm)
    markers = _MARKERS  # (a local: a typed dict when compiled, so its methods are direct calls)
    found = markers.get(key, _MISS)
    if found is not _MISS:  # (a miss is the common first question: no KeyError raised for it)
        return found  # type: ignore[return-value]
    if len(markers) > 50_000:
        markers.clear()
    found = markers[key] = _parse_marker(p)
    return found


def _parse_marker(p: Para) -> Marker | None:
    norm = p.norm
    text = p.text  # (locals: typed str when compiled, their slices direct calls)
    # the first characters (typed Py_UCS4 when compiled; "\0" for an empty string, which nothing starts)
    c0 = t0 = "\0"
    if norm:
        c0 = _ch_c(norm, 0) if _C else norm[0]  # noqa: F821 - _ch_c: the shared header's (a read in place)
    if text:
        t0 = _ch_c(text, 0) if _C else text[0]  # noqa: F821
    circled = "\u2460" <= t0 <= "\u2473" or "\u3251" <= t0 <= "\u325f"  # = _RE_CIRCLED.match(p.text)
    # most paragraphs start with none of them: skip the regexes (\d is str.isdecimal for re); the
    # literal is _MARKER_FIRST spelt out (compiled, a C switch)
    if not circled and not c0.isdecimal() and c0 not in "附(、一二三四五六七八九十百零〇":
        return None
    # each pattern below can only match on its own first character: the order of the tries is kept,
    # those that cannot match are not run
    if c0 == "附" and (m := _RE_ATTACH.match(norm)):
        return _new_marker(_ATTACH_C, f"附件{m.group(1)}", text.strip(), len(norm))
    if circled:  # NFKC folds ① to "1": look at the printed text
        return _new_marker(_CIRCLED_C, text[0], text[0], _skip_space(norm, 1))
    if _COMPILED:
        level, g, end = _numbering_loop(norm)
    else:
        level, g, end = _numbering_re(norm)
    if level < 0:
        return None
    if level == _PCN_C or level == _PARABIC_C:
        # numbers in the contract use the folded brackets ("（二）" and "〔二〕" print as "(二)")
        return _new_marker(level, norm[:end].replace(" ", ""), text[:end], _skip_space(norm, end))
    # the digits of "3." / the numerals of "二、" ("" for a bare "、")
    return _new_marker(level, norm[:g], text[:end], _skip_space(norm, end))


def _numbering_re(norm: str) -> tuple[int, int, int]:
    """The numbering at the start of `norm` (its first character neither "附" of an attachment
    label nor a circled number): (level, end of the number's group, end of the match) of the first
    of `_RE_PCN`, `_RE_PARABIC` (after "("), `_RE_ARABIC` (after a digit; not date-like) or `_RE_CN`
    that matches, else (-1, 0, 0). The group's end is 0 for the bare "、" of `_RE_CN` (no group)."""
    first = norm[:1]
    if first == "(":
        if m := _RE_PCN.match(norm):
            return PCN, m.end(1), m.end()
        if m := _RE_PARABIC.match(norm):
            return PARABIC, m.end(1), m.end()
        return -1, 0, 0
    if first.isdecimal():
        if (m := _RE_ARABIC.match(norm)) and not _is_date_like(norm, m):
            return ARABIC, m.end(1), m.end()
        return -1, 0, 0
    if m := _RE_CN.match(norm):  # a Chinese numeral or "、" first
        return CN, m.end(1) if m.group(1) is not None else 0, m.end()
    return -1, 0, 0


def _numbering_loop(norm: str) -> tuple[int, int, int]:
    """`_numbering_re(norm)` read by hand, character by character (compiled: typed loops over `Py_UCS4`,
    no regex call and match object; as Python slower than the regexes, so `_COMPILED` picks). Each
    pattern is a run of one class then fixed characters, so a greedy run decides it without
    backtracking: `\\s` is `str.isspace`, `\\d` `str.isdecimal` (re's own tests for a str pattern)."""
    # (compiled, each character is read by `_ch_c` of structure.pxd: in place, where `norm[i]` is a call with
    # wraparound and bounds tests; every index is below n by the test before it, and none is negative)
    n = len(norm)
    if n == 0:
        return -1, 0, 0
    c = _ch_c(norm, 0) if _C else norm[0]  # noqa: F821 - _ch_c: the shared header's, compiled only
    if c == "(":  # "(二)" (_RE_PCN), else "(3)" (_RE_PARABIC)
        i = 1
        while i < n:
            d = _ch_c(norm, i) if _C else norm[i]  # noqa: F821
            if not d.isspace():
                break
            i += 1
        j = i
        while j < n:
            d = _ch_c(norm, j) if _C else norm[j]  # noqa: F821
            if d not in "一二三四五六七八九十百零〇":  # (= _CN_NUM, spelt out: a C switch when compiled)
                break
            j += 1
        level = _PCN_C
        if j == i:  # no numeral: 1-3 digits (a fourth rules the match out)
            while j < n and j - i < 4:
                d = _ch_c(norm, j) if _C else norm[j]  # noqa: F821
                if not d.isdecimal():
                    break
                j += 1
            if j == i or j - i > 3:
                return -1, 0, 0
            level = _PARABIC_C
        k = j
        while k < n:
            d = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
            if not d.isspace():
                break
            k += 1
        if k < n:
            d = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
            if d == ")":
                return level, j, k + 1
        return -1, 0, 0
    if c.isdecimal():  # "3." / "12、" (_RE_ARABIC): 1-3 digits, spaces, "." or "、", then no digit or "."
        j = 1
        while j < n:
            d = _ch_c(norm, j) if _C else norm[j]  # noqa: F821
            if not d.isdecimal():
                break
            j += 1
        if j > 3:
            return -1, 0, 0
        k = j
        while k < n:
            d = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
            if not d.isspace():
                break
            k += 1
        if k >= n:
            return -1, 0, 0
        d = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
        if d != "." and d != "、":
            return -1, 0, 0
        k += 1
        if k < n:
            d = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
            if d == "." or d.isdecimal():
                return -1, 0, 0
            if j >= 3 and d.isdigit():  # = _is_date_like: "2022." at a line start is a year
                return -1, 0, 0
        return _ARABIC_C, j, k
    j = 0  # "二、" (_RE_CN's first branch), else a bare "、" before a non-space (its second)
    while j < n:
        d = _ch_c(norm, j) if _C else norm[j]  # noqa: F821
        if d not in "一二三四五六七八九十百零〇":
            break
        j += 1
    if j > 0:
        k = j
        while k < n:
            d = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
            if not d.isspace():
                break
            k += 1
        if k < n:
            d = _ch_c(norm, k) if _C else norm[k]  # noqa: F821
            if d == "、":
                return _CN_C, j, k + 1
        return -1, 0, 0
    if c == "、" and n > 1:  # (c: norm[0])
        d = _ch_c(norm, 1) if _C else norm[1]  # noqa: F821
        if not d.isspace():
            return _CN_C, 0, 1
    return -1, 0, 0


# Compiled, the typed loop above reads the numbering; as Python, the regexes (faster than a Python loop).
_COMPILED = runs_compiled(_numbering_loop)
# The same, fixed at import (tests switch `_COMPILED` to try both forms): compiled, a C global that picks
# `_find_c` (structure.pxd: one character's find by PyUnicode_FindChar) over the str methods; as Python, False
# (the pxd's function does not exist there).
_C = _COMPILED
# Compiled, where a Line keeps its number, text, norm and repairs (its slots' offsets, -1 for one that is
# no plain slot): `paragraphs` reads them there (`_slot_c`, structure.pxd); None as Python (attributes).
_LINE_SLOTS = tuple([
    _slot_offset_c(Line, vars(Line).get(name))  # noqa: F821 - structure.pxd's, compiled only
    for name in ("number", "text", "norm", "repairs")
]) if _COMPILED else None


def _slot_offset(cls: object, descr: object) -> int:
    """(for tests) `_slot_offset_c` from Python, compiled; -1 as Python (no offsets read)."""
    return _slot_offset_c(cls, descr) if _COMPILED else -1  # noqa: F821


def _line_field(o: object, at: int, name: str) -> object:
    """(for tests) `_slot_c(o, Line, at, name)` from Python, compiled; getattr as Python."""
    return _slot_c(o, Line, at, name) if _COMPILED else getattr(o, name)  # noqa: F821


def _skip_space(s: str, i: int) -> int:
    n = len(s)
    while i < n:
        c = _ch_c(s, i) if _C and i >= 0 else s[i]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        if c not in " \t\u3000":
            break
        i += 1
    return i


def _is_date_like(norm: str, m: re.Match[str]) -> bool:
    # "12.25" is caught by the lookahead; "2022." at a line start is a year, not an item.
    return len(m.group(1)) >= 3 and norm[m.end() : m.end() + 1].isdigit()


# ---------------------------------------------------------------- outline records


# Compiled, an extension type as Para and Marker are (its fields C fields, built by `_new_clause` in C),
# the same dataclass (fields, repr, equality, no hash) as Python; its slots spelt out for Cython.
@dataclass
class Clause:
    """A located responsibility clause: who, as printed, and where."""

    __slots__ = ("lead", "co", "deadline_raw", "text", "line")
    lead: tuple[str, ...]
    co: tuple[str, ...]
    deadline_raw: str | None
    text: str
    line: int


class Node:
    """A numbered paragraph of the tree `_build` makes (or the tree's root), built by `_new_node` only.
    Internal to the outline (no node leaves this module). Compiled, an extension type: structure.pxd
    declares its fields as C fields, read and written without an attribute lookup where a local is typed
    `Node`; as Python, a plain slots class."""

    __slots__ = ("level", "marker", "head", "more", "children", "toc", "closed", "group", "heading_lead", "content",
                 "content_norm", "resp")
    level: int
    marker: Marker | None
    head: Para | None  # the numbered paragraph (None: the root)
    # the paragraphs after the head and the child nodes, None until the first is added (most nodes have neither:
    # no list made and freed for them; `_add_para`, `_add_child` add)
    more: list[Para] | None
    children: list[Node] | None
    # (no link to the parent: a child -> parent link is a reference cycle, which only the cyclic garbage
    # collector frees; `_build` knows each open node's parent from its stack)
    toc: bool
    closed: bool  # its own clause has been read: later loose paragraphs are not its text
    group: Clause | None  # a bracket after a group of items that covers this one
    heading_lead: Clause | None  # a clause paragraph under a heading (plan/section lead)
    # the head paragraph's text and norm after the marker (sliced once: the same strings, their hashes
    # kept, serve every question about the item or heading, `find_responsibility`'s cache keys included)
    content: str
    content_norm: str
    # `find_responsibility(content, content_norm)`, as `_build` asked it (`_MISS` where it did not ask:
    # the root, table-of-contents entries): an item of one paragraph asks the same again
    resp: Responsibility | None | object


# Compiled, SectionOutline and ItemOutline are extension types as Clause is (built by `_new_section` and
# `_new_item` in C; the pipeline reads them by attribute), the same dataclasses as Python; every field is
# given (no defaults: a slots class cannot hold one).
@dataclass
class SectionOutline:
    __slots__ = ("line", "number", "title", "path", "titles", "clause")
    line: int
    number: str  # as printed: "二、", "(一)"
    title: str
    path: tuple[str, ...]  # numbers from the plan root down
    titles: tuple[str, ...]  # titles from the plan root down (this one last)
    clause: Clause | None


@dataclass
class ItemOutline:
    __slots__ = ("line", "number", "span", "title", "text", "kind", "paras", "section_titles", "section_path",
                 "clause", "inherited", "repairs", "norm")
    line: int
    number: str
    span: tuple[int, int]
    title: str
    text: str
    kind: str  # measure | progress
    paras: tuple[Para, ...]
    section_titles: tuple[str, ...]
    section_path: tuple[str, ...]
    clause: Clause | None
    inherited: bool
    repairs: tuple[str, ...]
    norm: str  # `text` normalised (joined `Para.norm` pieces, same length as `text`)


def measure_fields(item: ItemOutline) -> tuple:
    """What the pipeline reads of an item to make its Measure, in one call: (line, number, span, title,
    text, kind, section_titles, section_path, inherited, repairs, norm, clause, and the clause's lead,
    co, deadline_raw, text and line — `()`, `()`, None, "" and 0 without one). Compiled, the fields are
    read here as C fields of the typed item and clause; the pipeline, which cannot type them, would
    otherwise look each of its ~20 reads up through the type (~140 instructions each)."""
    clause = item.clause
    if clause is None:
        return (item.line, item.number, item.span, item.title, item.text, item.kind, item.section_titles,
                item.section_path, item.inherited, item.repairs, item.norm, None, (), (), None, "", 0)
    return (item.line, item.number, item.span, item.title, item.text, item.kind, item.section_titles,
            item.section_path, item.inherited, item.repairs, item.norm, clause, clause.lead, clause.co,
            clause.deadline_raw, clause.text, clause.line)


def section_fields(so: SectionOutline) -> tuple:
    """What the pipeline reads of a section to make its Section, in one call: (line, number, title, path,
    clause, and the clause's lead — None without a clause). Compiled, C fields of the typed section and
    clause (the pipeline's own reads would be ~8 attribute lookups a section)."""
    clause = so.clause
    return so.line, so.number, so.title, so.path, clause, (clause.lead if clause is not None else None)


@dataclass(slots=True)
class PlanOutline:
    line: int
    title: str
    attachment: str = ""
    kind: str = "plan"
    issuer: str = ""
    issued: str | None = None
    year: int | None = None
    clause: Clause | None = None  # "(市行政審批局、市市場監管局牽頭)" under an attachment title
    body: str = ""  # normalised text, for jurisdiction evidence
    paras: list[Para] = field(default_factory=list)
    sections: list[SectionOutline] = field(default_factory=list)
    items: list[ItemOutline] = field(default_factory=list)


# `PlanOutline(...)` with every field given, in order (its lists too): compiled, `record_builder`'s, which stores
# each field at its slot in C (no generated __init__'s Python frame, no keyword arguments); as Python, the
# class itself. One a plan.
_new_plan = record_builder(PlanOutline) if _COMPILED else PlanOutline


def _new_section(line: int, number: str, title: str, path: tuple[str, ...], titles: tuple[str, ...],
                 clause: Clause | None) -> SectionOutline:
    """`SectionOutline(...)`, every field in order: compiled, a C function that allocates the extension
    type and stores its C fields; one per heading."""
    so = SectionOutline.__new__(SectionOutline)
    so.line = line
    so.number = number
    so.title = title
    so.path = path
    so.titles = titles
    so.clause = clause
    return so


def _new_item(line: int, number: str, span: tuple[int, int], title: str, text: str, kind: str,
              paras: tuple[Para, ...], section_titles: tuple[str, ...], section_path: tuple[str, ...],
              clause: Clause | None, inherited: bool, repairs: tuple[str, ...], norm: str) -> ItemOutline:
    """`ItemOutline(...)`, every field in order: compiled, a C function that allocates the extension type
    and stores its C fields; one per item."""
    item = ItemOutline.__new__(ItemOutline)
    item.line = line
    item.number = number
    item.span = span
    item.title = title
    item.text = text
    item.kind = kind
    item.paras = paras
    item.section_titles = section_titles
    item.section_path = section_path
    item.clause = clause
    item.inherited = inherited
    item.repairs = repairs
    item.norm = norm
    return item


def _new_clause(lead: tuple[str, ...], co: tuple[str, ...], deadline_raw: str | None, text: str, line: int) -> Clause:
    """`Clause(lead, co, deadline_raw, text, line)`: compiled, a C function that allocates the extension
    type and stores its C fields; built for every clause an item or heading has."""
    c = Clause.__new__(Clause)
    c.lead = lead
    c.co = co
    c.deadline_raw = deadline_raw
    c.text = text
    c.line = line
    return c


def _new_node(level: int, marker: Marker | None, head: Para | None, toc: bool, closed: bool, content: str,
              content_norm: str, resp: Responsibility | None | object) -> Node:
    """A node of the tree with no more paragraphs than its head, no children and no group or heading clause
    yet (compiled, a C function that allocates the extension type and stores its C fields); one per numbered
    paragraph."""
    node = Node.__new__(Node)
    node.level = level
    node.marker = marker
    node.head = head
    node.more = None
    node.children = None
    node.toc = toc
    node.closed = closed
    node.group = None
    node.heading_lead = None
    node.content = content
    node.content_norm = content_norm
    node.resp = resp
    return node


def _add_para(node: Node, p: Para) -> None:
    """`p` added to `node`'s paragraphs (after its head)."""
    if node.more is None:
        node.more = [p]
    else:
        node.more.append(p)


def _add_child(node: Node, child: Node) -> None:
    """`child` added to `node`'s children."""
    if node.children is None:
        node.children = [child]
    else:
        node.children.append(child)


# ---------------------------------------------------------------- clauses


_RESP_CACHE: dict[str, Responsibility | None] = {}
_RESP_CACHE_MAX = 8192
_MISS = object()
# Across documents: the answers for short texts (headings, titles, common paragraphs such as
# "加强组织领导。各地各部门要…"), by text and the `norm` given — the inputs of the pure
# `responsibility.find_responsibility` — for one agency table (`_RESP_SHARED_FOR`, checked in `outline`):
# `text: (norm, answer)` for the first norm asked with a text, `(text, norm): answer` for any other.
_RESP_SHARED: dict[object, object] = {}
_RESP_SHARED_LEN = 100
_RESP_SHARED_MAX = 8192
_RESP_SHARED_FOR = [""]


def find_responsibility(text: str, norm: str | None = None) -> Responsibility | None:
    """`responsibility.find_responsibility`, cached: the same item text is asked about several
    times (is it closed? its title without the clause? its own clause?). `norm` is
    `normalize(text)` when the caller has it (a slice of `Para.norm`)."""
    cache = _RESP_CACHE  # (locals: typed dicts when compiled, so their methods are direct calls)
    miss = _MISS  # (a local: one read of the global)
    hit = cache.get(text, miss)
    if hit is miss:
        # (the bounds in locals: C integers when compiled, compared with the lengths without boxing them)
        cache_max = _RESP_CACHE_MAX
        shared_len = _RESP_SHARED_LEN
        if len(cache) >= cache_max:
            cache.clear()
        if len(text) <= shared_len:
            # keyed by (text, norm): the first norm asked with a text is kept beside its answer under the
            # text itself (whose hash `cache.get` has just made: no tuple, no hash of the fresh norm
            # slice), any other under the tuple (text, norm); one entry a pair either way
            shared = _RESP_SHARED
            first = shared.get(text, miss)
            if first is not miss and first[0] == norm:  # (first: (norm, answer))
                hit = first[1]
            else:
                key = text if first is miss else (text, norm)
                hit = miss if first is miss else shared.get(key, miss)
                if hit is miss:
                    shared_max = _RESP_SHARED_MAX
                    if len(shared) >= shared_max:
                        shared.clear()
                        key = text
                    hit = _find_responsibility(text, norm=norm)
                    shared[key] = (norm, hit) if key is text else hit
            cache[text] = hit  # type: ignore[assignment]
        else:
            hit = cache[text] = _find_responsibility(text, norm=norm)
    return hit  # type: ignore[return-value]


find_responsibility.cache_clear = _RESP_CACHE.clear  # type: ignore[attr-defined]


# Compiled, where a Responsibility (a slots dataclass) keeps lead, co, deadline_raw, clause and span (its slots'
# offsets, -1 for one that is no plain slot): `_clause`, `_is_closing` and `item_clause` read them there
# (`_resp_field`); as Python, every offset is -1 (attributes).
_RESP_AT = tuple([
    _slot_offset_c(Responsibility, vars(Responsibility).get(name)) if _COMPILED else -1  # noqa: F821
    for name in ("lead", "co", "deadline_raw", "clause", "span")
])


def _resp_field(resp: object, at: int, name: str) -> object:
    """`getattr(resp, name)`, read at the slot's offset `at` (an entry of `_RESP_AT`) when `resp` is exactly a
    Responsibility with the slot set (compiled, `_slot_c`); anything else by getattr."""
    return getattr(resp, name) if at < 0 else _slot_c(resp, Responsibility, at, name)  # noqa: F821


def _is_closing(resp: Responsibility | None, text: str) -> bool:
    """The clause ends the text (only closing punctuation after it)."""
    if resp is None:
        return False
    span = _resp_field(resp, _RESP_AT[4], "span")  # (resp.span: a typed tuple compiled, its item read in C)
    e = span[1]
    if _C and e >= 0:
        # (= not text[e:].strip(...): every character from e on is one of those stripped; no slice, no copy)
        n = len(text)
        while e < n:
            c = _ch_c(text, e)  # noqa: F821 - _ch_c: the shared header's (a read in place)
            if c not in " \t\u3000。.;；,，":
                return False
            e += 1
        return True
    tail = text[e:]
    return not tail.strip(" \t\u3000。.;；,，")


def _standalone_clause(p: Para) -> Responsibility | None:
    """A paragraph that is nothing but a responsibility clause ("〔责任单位:…;完成时限:…〕")."""
    norm = p.norm  # (a local: a typed str when compiled)
    n = len(norm)
    k = _space_fwd(norm, 0, n)  # (= norm.lstrip()'s first character read in place: no copy, no slice)
    if k < n:  # (a blank norm is asked, as `"" in "(["` let it be)
        head = _ch_c(norm, k) if _C else norm[k]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        # (_RX0 matches only where its words' first character follows the white space: no call for the others;
        # compiled, `head` is a typed character and the tests C switches)
        if head != "(" and head != "[" and (head not in "牵责主配完" or not _RX0.match(norm)):
            return None
    resp = find_responsibility(p.text, norm)
    if resp is None or resp.span[0] > 2 or not _is_closing(resp, p.text):
        return None
    if not (resp.lead or resp.co):
        return None
    return resp


def _clause(resp: Responsibility, line: int) -> Clause:
    at = _RESP_AT  # (resp.lead, resp.co, resp.deadline_raw, resp.clause)
    return _new_clause(tuple(_resp_field(resp, at[0], "lead")), tuple(_resp_field(resp, at[1], "co")),
                       _resp_field(resp, at[2], "deadline_raw"), _resp_field(resp, at[3], "clause"), line)


def item_clause(
    paras: list[Para] | tuple[Para, ...], texts: list[str] | str, norm: str | None = None, known: object = _MISS
) -> Clause | None:
    """The item's own clause: at its end (possibly on a later paragraph of the item); when
    sub-items run inline ("(1)…(责任单位:A)(2)…(责任单位:B)") every sub-item's clause counts.
    `texts`: the paragraphs' texts, or for an item of one paragraph its text itself (a str: `_item`
    makes no list for it). `norm`: the normalised joined text, when the caller has it; `known`:
    `find_responsibility(text, norm)` when the caller has asked it already (`_build`, for an item of one
    paragraph)."""
    # (one text: itself, no join called)
    text = texts if type(texts) is str else texts[0] if len(texts) == 1 else "\n".join(texts)
    if norm is not None and len(norm) != len(text):
        norm = None
    resp = known if known is not _MISS and norm is not None else find_responsibility(text, norm)
    at = _RESP_AT
    if resp is None:
        line = 0
    elif len(paras) == 1:  # (most items: their one paragraph holds every offset, `_line_of`'s answer without a walk)
        head = paras[0]  # (compiled, a typed Para: its line a struct read)
        line = head.line
    else:
        line = _line_of(paras, texts, _resp_field(resp, at[4], "span")[0])  # (resp.span)
    # (every cut is followed by "(1)"-like numbering: a text without one has none, and no list is made for it)
    pieces = [m.start() + 1 for m in _RE_INLINE_SUBITEM_FAST.finditer(text)] if _has_paren_number(text) else None
    if pieces is not None and len(pieces) >= 2:
        cuts = [0, *pieces, len(text)]
        found: list[Responsibility] = []
        for a, b in zip(cuts, cuts[1:]):
            seg = text[a:b]
            r = find_responsibility(seg, norm[a:b] if norm is not None else None)
            if r is not None and _is_closing(r, seg) and r.lead:
                found.append(r)
        if len(found) >= 2:
            lead: list[str] = []
            co: list[str] = []
            for r in found:
                lead += [u for u in r.lead if u not in lead]
                co += [u for u in r.co if u not in co and u not in lead]
            last = found[-1]
            return _new_clause(tuple(lead), tuple(co), last.deadline_raw, "；".join([r.clause for r in found]), line)
    if resp is None and len(paras) > 1:
        # an unbracketed clause paragraph after the item ("牵头单位:X;完成时限:…", placed here by `_place_clause`):
        # a labelled clause is read only where it starts the text, so the joined text found none
        after = paras[-1]
        resp = _standalone_clause(after)
        if resp is not None:
            return _clause(resp, after.line)
    if resp is None or not (_resp_field(resp, at[0], "lead") or _resp_field(resp, at[1], "co")
                            or _resp_field(resp, at[2], "deadline_raw")):
        return None
    return _clause(resp, line)


def _has_paren_number(text: str) -> bool:
    """`"(" in text and _RE_PAREN_NUMBER.search(text) is not None` ("(1)"-like numbering somewhere in
    the text); compiled, read from each "(" (found in C) by a typed test of the one or two characters
    after it (`\\d` is `str.isdecimal` for re), no regex call; as Python, the regex (faster there)."""
    if not _COMPILED:
        return "(" in text and _RE_PAREN_NUMBER.search(text) is not None
    n = len(text)
    j = _find_c(text, "(", 0, n, 1) if _C else text.find("(")  # noqa: F821
    while j >= 0:
        k = j + 1  # one or two digits, then ")" (after two digits, only ")": the class cannot give back)
        digits = 0
        while k < n:
            c = _ch_c(text, k) if _C else text[k]  # noqa: F821 - _ch_c: the shared header's (a read in place)
            if digits > 0 and c == ")":
                return True
            if digits == 2 or not c.isdecimal():
                break
            digits += 1
            k += 1
        j = _find_c(text, "(", j + 1, n, 1) if _C else text.find("(", j + 1)  # noqa: F821
    return False


def _line_of(paras, texts: list[str], offset: int) -> int:
    """Which paragraph of a joined item text holds `offset` (paragraphs joined with "\\n")."""
    pos = 0
    for k in range(min(len(paras), len(texts))):  # (= zip(paras, texts): typed indices when compiled)
        pos += len(texts[k]) + 1
        if offset < pos:
            p = paras[k]  # (compiled, a typed Para: its line a struct read)
            return p.line
    return paras[-1].line if paras else 0


# ---------------------------------------------------------------- plans


# A plan title names its subject: "保障措施" or "主要举措" alone is a heading, not a plan.
MIN_TITLE = 7


def _is_title(p: Para, *, min_len: int = MIN_TITLE) -> bool:
    n = p.norm
    if len(n) < min_len or (len(n) > 60 and not n[0].isspace() and not n[-1].isspace()):
        return False  # (what the stripped text's length says, without the copy: strip only shortens)
    n = n.strip()
    if len(n) < min_len or len(n) > 60 or _has_punct(n):
        return False
    if n.startswith(("关于", "《", "附件", "件")) or n.endswith("通知"):
        return False
    return _ends_like_title(n)


def _ends_like_title(s: str) -> bool:
    """`_RE_TITLE_END.search(s)`, read from the end with str methods (a search tries every
    position): a title word, then optionally "(征求意见稿)", then only white space."""
    t = s.rstrip()
    if t.endswith(_DRAFT):
        t = t[: -len(_DRAFT)].rstrip()
    return t.endswith(_TITLE_WORDS)


def _cut_trailing_bracket(s: str) -> str:
    """`_RE_TRAILING_BRACKET.sub("", s)` with str methods: s up to the first "(" of the line that
    ends it, when the last character before the closing white space is ")"."""
    j = len(s.rstrip()) - 1
    if j < 0 or s[j] != ")":
        return s
    i = s.find("(", s.rfind("\n", 0, j) + 1, j)
    return s[:i] if i >= 0 else s


def _title_ends_at(norm: str, end: int, j: int) -> bool:
    """`_ends_like_title(_cut_trailing_bracket(norm[end:]))` read in `norm` by indices, without the
    slices and strips: `j` is the last character of `norm[end:]` that is not white space (`j >= end`).
    The cut ends at the first "(" of the last line (from `end`) before a closing ")" at `j`; then the
    white space, an optional "(征求意见稿)" and the white space before it are passed over from the end."""
    # (compiled, each character is read by `_ch_c` of structure.pxd into a typed `c`, in place: every index is
    # at least end >= 0 and at most j < len(norm))
    k = j + 1  # (= len(norm[end:].rstrip()) + end)
    c = _ch_c(norm, j) if _C else norm[j]  # noqa: F821 - _ch_c: the shared header's (a read in place)
    if c == ")":
        if _C:
            r = _find_c(norm, "\n", end, j, -1)  # noqa: F821
            i = _find_c(norm, "(", r + 1 if r >= 0 else end, j, 1)  # noqa: F821
        else:
            r = norm.rfind("\n", end, j)
            i = norm.find("(", r + 1 if r >= 0 else end, j)
        if i >= 0:
            k = _space_back(norm, end, i)
            c = _ch_c(norm, k - 1) if _C else norm[k - 1]  # noqa: F821
    if c == ")" and norm.endswith(_DRAFT, end, k):  # (c = norm[k - 1], k > end: a ")" or a title's last character)
        k = _space_back(norm, end, k - len(_DRAFT))
    if _COMPILED:
        return _title_word_before(norm, end, k)
    return norm.endswith(_TITLE_WORDS, end, k)


def _title_word_before(norm: str, end: int, k: int) -> bool:
    """`norm.endswith(_TITLE_WORDS, end, k)` by the last two characters (every title word has two — a test
    pins the words spelt out here to `_TITLE_WORDS`): compiled, C switches, no tail match a word."""
    if k - end < 2:
        return False
    b = _ch_c(norm, k - 2) if _C else norm[k - 2]  # noqa: F821 - _ch_c: the shared header's (a read in place)
    c = _ch_c(norm, k - 1) if _C else norm[k - 1]  # noqa: F821
    if c == "案":
        return b == "方"
    if c == "划":
        return b == "计"
    if c == "施":
        return b == "措"
    if c == "措":
        return b == "举"
    if c == "见":
        return b == "意"
    if c == "法":
        return b == "办"
    if c == "则":
        return b == "细"
    if c == "点":
        return b == "要"
    if c == "单":
        return b == "名" or b == "清"
    if c == "况":
        return b == "情"
    if c == "告":
        return b == "报"
    if c == "结":
        return b == "总"
    return False


def _is_title_head(p: Para) -> bool:
    """The first half of a title broken over two lines ("景德镇市开展“新官不理旧账”问题")."""
    n = p.norm.strip()
    return 0 < len(n) <= 30 and not _has_punct(n) and not _RE_DATE.search(n) \
        and not n.startswith(("附件", "件")) and not _RX1.match(n)


def _plan_starts(paras: list[Para], marks: list[Marker | None]) -> list[tuple[int, int, str, str]]:
    """(first paragraph index, title paragraph index, title, attachment label) of each plan.
    `marks`: each paragraph's `parse_marker`."""
    starts: list[tuple[int, int, str, str]] = []
    i = 0
    n = len(paras)
    while i < n:
        p = paras[i]
        m = marks[i]
        if m is not None and m.level == _ATTACH_C:
            j = i + 1
            title = m.label
            if j < n and marks[j] is None and len(paras[j].norm) <= 60 \
                    and "。" not in paras[j].norm:
                title = paras[j].text.strip()
                starts.append((i, j, title, m.number))
                i = j + 1
                continue
            starts.append((i, i, title, m.number))
            i += 1
            continue
        if m is None and _is_title(p, min_len=2):
            title = p.text.strip()
            first = i
            prev = paras[i - 1] if i else None
            if prev is not None and len(p.norm.strip()) <= 12 and _is_title_head(prev) \
                    and marks[i - 1] is None and not _is_title(prev) \
                    and not (starts and starts[-1][1] == i - 1):
                title = prev.text.strip() + title
                first = i - 1
            if first < i or _is_title(p):
                starts.append((first, first, title, ""))
        i += 1
    return starts


def _digit_at(s: str, i: int) -> bool:
    """`s[i].isdecimal()` (re's `\\d`) for 0 <= i < len(s)."""
    c = _ch_c(s, i) if _C else s[i]  # noqa: F821 - _ch_c: the shared header's (a read in place)
    return c.isdecimal()


def _cover_info(paras: list[Para]) -> tuple[str, str | None]:
    """Issuer and issue date from a cover notice / page header."""
    issuer, issued = "", None
    for k, p in enumerate(paras):
        norm = p.norm
        # both patterns open with \d{4} (`str.isdecimal` for re): no strip, no regex call for a paragraph
        # whose first four characters after its white space are not all digits
        size = len(norm)
        i = _space_fwd(norm, 0, size)
        if i + 4 > size or not (_digit_at(norm, i) and _digit_at(norm, i + 1) and _digit_at(norm, i + 2)
                             and _digit_at(norm, i + 3)):
            continue
        n = norm.strip()
        m = _RE_DATE.fullmatch(n) or _RX2.fullmatch(n)
        if m is None:
            continue
        issued = _iso(m)
        names: list[str] = []
        for q in reversed(paras[max(0, k - 2) : k]):
            t = q.norm.strip()
            if len(t) > 30 or _has_punct(t) or parse_marker(q):
                break
            names.insert(0, q.text.strip())
        if names:
            issuer = "".join(names)
    if not issued or not issuer:
        for p in paras:
            n = p.norm
            if not issued and "发布时间" in n and (m := _RX3.search(n)):  # (its literal head: no call without it)
                issued = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            if not issuer and "来源" in n and (m := _RX4.search(n)):  # (its optional head: no fast scan)
                issuer = p.text[m.start(1) : m.end(1)]
    return issuer, issued


def _iso(m: re.Match[str]) -> str | None:
    g = [x for x in m.groups() if x is not None]
    try:
        y, mo, d = (int(x) for x in g[:3])
    except ValueError:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _plan_year(title: str, issued: str | None, body: str, cover: str = "") -> int | None:
    """The year year-less deadlines take: the title's, the issue date's, the cover notice's
    ("关于印发2024年优化营商环境系列方案的通知"), else the first year the plan names."""
    if m := _RE_YEAR.search(title):
        return int(m.group(1))
    if issued:
        return int(issued[:4])
    if m := _RE_YEAR.search(cover[:2000]):
        return int(m.group(1))
    if m := _RE_YEAR.search(body[:2000]):
        return int(m.group(1))
    return None


# ---------------------------------------------------------------- outline


def outline(doc: Document) -> list[PlanOutline]:
    """Plans of a document with their sections and measure items, in document order."""
    find_responsibility.cache_clear()  # the cache serves one document's repeated questions
    agencies = data_file("agencies.toml")
    if _RESP_SHARED_FOR[0] != agencies:  # answers read against another agency table
        _RESP_SHARED.clear()
        _RESP_SHARED_FOR[0] = agencies
    _MARKERS.clear()
    paras = paragraphs(doc)
    if not paras:
        return []
    # each paragraph's numbering, read once (plan starts and the build index this list; `parse_marker`'s
    # memo serves the few questions asked elsewhere)
    marks = [_parse_marker(p) for p in paras]
    starts = _plan_starts(paras, marks)
    untitled = not starts
    if untitled:  # no title line: one plan over the whole text, named after the file
        starts = [(0, -1, doc.name, "")]
    cover = paras[: starts[0][0]]
    issuer, issued = _cover_info(cover)
    cover_text = "\n".join(_norms(cover))
    plans: list[PlanOutline] = []
    titles_norm = {_title_key(t) for _, _, t, _ in starts}
    for k, (first, tix, title, attach) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(paras)
        own = paras[first:end]
        body_paras = paras[tix + 1 : end]
        own_issuer, own_issued = _cover_info(body_paras[:8]) if not attach else ("", None)
        normal = _normal_title(title)
        t = normal.strip()
        kind = _plan_kind(t)
        # (what PlanOutline(line=…, title=…, attachment=…, kind=…, issuer=…, issued=…, paras=own) then its body
        # and year set gave: the year read from the plan's own text, the cover's norms joined before it after)
        plan_issued = own_issued or issued
        body = "\n".join(_norms(own))
        year = _plan_year(normal, plan_issued, body, cover_text)
        if not plans and first > 0:
            body = cover_text + "\n" + body  # (cover_text: the cover's norms joined)
        plan = _new_plan(paras[max(tix, first)].line, title, attach, kind, own_issuer or issuer, plan_issued, year,
                         None, body, own, [], [])
        _build(plan, body_paras, marks[tix + 1 : end], titles_norm)
        plans.append(plan)
    return plans


def _plan_kind(t: str) -> str:
    """`"report" if _RE_REPORT.search(t) else "roster" if _RE_ROSTER.search(t) else "plan"` for a stripped title
    `t`: its last character is no white space, so each pattern's `\\s*$` can only be its end (nor is it a "\\n",
    before which `$` would match too), and a search matches where `t` ends with one of the words."""
    if t.endswith(("情况", "报告", "总结", "汇报")):
        return "report"
    return "roster" if t.endswith("名单") else "plan"


def _norms(paras: list[Para]) -> list[str]:
    """`[p.norm for p in paras]` (compiled, each `p` a typed Para: its norm a struct read)."""
    out = []
    for p in paras:
        out.append(p.norm)
    return out


@lru_cache(maxsize=4096)
def _normal_title(t: str) -> str:
    return normalize(t)


def _title_key(t: str) -> str:
    n = _normal_title(t)
    return _rx5_cut(n) if _COMPILED else _RX5.sub("", n)


def _rx5_cut(n: str) -> str:
    """`_RX5.sub("", n)` read by hand (compiled: a typed loop, no regex call; as Python the regex is faster, so
    `_COMPILED` picks): each white space (`\\s`: `str.isspace`), '"', “ and ” dropped, and each "(征求意见稿)"
    (its "(" is none of those, so the two branches never compete), left to right; `n` itself when nothing is."""
    k = len(n)
    i = 0
    a = 0  # the start of the piece kept
    parts = None
    while i < k:
        c = _ch_c(n, i) if _C else n[i]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        if c.isspace() or c == '"' or c == "“" or c == "”":
            drop = 1
        elif c == "(" and n.startswith("(征求意见稿)", i):  # (= _DRAFT)
            drop = 7
        else:
            i += 1
            continue
        if parts is None:
            parts = []
        parts.append(n[a:i])
        i += drop
        a = i
    if parts is None:
        return n
    parts.append(n[a:])
    return "".join(parts)


def _build(plan: PlanOutline, paras: list[Para], marks: list[Marker | None], titles: set[str]) -> None:
    """The tree of `paras` (each one's `parse_marker` in `marks`), its measures and sections read into
    `plan`. The stack holds the open nodes, each one's parent below it (compiled, the nodes are read as
    C structs: `stack[-1]` is taken into a typed local before its level is read)."""
    root = _new_node(-1, None, None, False, False, "", "", _MISS)
    stack = [root]
    in_toc = False
    shared_len = _RESP_SHARED_LEN  # (a local: a C integer when compiled, compared with a content's length unboxed)
    for k in range(len(paras)):
        p = paras[k]
        text, norm = p.text, p.norm  # (locals: typed str when compiled, their slices direct calls)
        m = marks[k]
        if m is not None and m.level != _ATTACH_C:
            level = m.level
            end = m.end
            if in_toc and level == _ARABIC_C and _toc_entry(p, m, titles, listing=True):
                _add_child(root, _new_node(level, m, p, True, False, text[end:], norm[end:], _MISS))
                continue
            in_toc = False
            parent = stack[-1]
            while parent.level >= level:
                stack.pop()
                parent = stack[-1]
            # (a table-of-contents entry is numbered "1.": no other marker is asked)
            toc = level == _ARABIC_C and _toc_entry(p, m, titles, listing=False)
            content = text[end:]
            content_norm = norm[end:]
            # the node keeps the answer (`known` to `item_clause`): a long content (beyond the shared memo's
            # texts) is asked here alone, so it is read without the per-document memo, whose probe and entry
            # would hash the fresh slice for nothing (the answer is the same: the reading is pure)
            if len(content) <= shared_len:
                resp = find_responsibility(content, content_norm)
            else:
                resp = _find_responsibility(content, norm=content_norm)
            node = _new_node(level, m, p, toc, _is_closing(resp, content), content, content_norm, resp)
            _add_child(parent, node)
            stack.append(node)
            continue
        n = norm.strip()
        if _is_attach_ref(n):
            # "附件:1.xxx方案" opens a table of contents; "附件2:xxx表" only refers to one
            in_toc = bool(_RX6.match(n))
            continue
        in_toc = False
        if _is_contact(n) or _is_noise(n) or n in ("image.png",):
            continue
        top = stack[-1]
        resp = _standalone_clause(p)
        if resp is not None:
            _place_clause(top, stack[-2] if len(stack) > 1 else None, p, resp)
            continue
        if top is root or top.closed:
            continue
        _add_para(top, p)
        top.closed = _is_closing(find_responsibility(text, norm), text)
    _collect(plan, root)


_RE_TRAILING_BRACKET = re.compile(r"\(.*\)\s*$")


def _toc_entry(p: Para, m: Marker, titles: set[str], *, listing: bool) -> bool:
    """"1.企业开办及注销提升行动方案(市行政审批局、市市场监管局牵头)": an attachment listed, not a task."""
    if m.level != _ARABIC_C:
        return False
    norm = p.norm  # (a local: a typed str when compiled)
    end = m.end
    if not listing:
        # what `_ends_like_title(_cut_trailing_bracket(...))` needs at the least: the content's last
        # character before white space ends a title word or is the ")" of a bracket or a draft mark
        j = _space_back(norm, end, len(norm)) - 1
        if j < end:
            return False
        c = _ch_c(norm, j) if _C else norm[j]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        if c not in "案划施措见法则点单况告结)":  # (= _TITLE_LAST: a C switch compiled)
            return False
        if not _title_ends_at(norm, end, j):  # (= _ends_like_title(_cut_trailing_bracket(norm[end:])))
            return False
    content = p.text[end:]
    resp = find_responsibility(content, norm[end:])
    core = content[: resp.span[0]] if resp is not None and _is_closing(resp, content) else content
    if _title_key(core.strip()) in titles:
        return True
    return listing and len(core) <= 60 and "。" not in norm


def _place_clause(top: Node, parent: Node | None, p: Para, resp: Responsibility) -> None:
    """A clause paragraph under `top` (the innermost open node; `parent`, the node it is a child of)."""
    clause = _clause(resp, p.line)
    if top.level < 0:
        if top.heading_lead is None:
            top.heading_lead = clause
        return
    if top.closed or top.marker is None:
        return
    run: list[Node] = []
    if parent is not None and parent.children is not None:
        for sib in reversed(parent.children):
            if sib.closed or sib.toc or sib.children or sib.group is not None:
                break
            run.append(sib)
    if len(run) >= 2:
        for sib in run:
            sib.group = clause
            sib.closed = True
        return
    if top.children:
        top.heading_lead = clause
        return
    _add_para(top, p)
    top.closed = True


# ---------------------------------------------------------------- measures


def _strip_clause(text: str) -> str:
    resp = find_responsibility(text)
    if resp is not None and _is_closing(resp, text):
        return text[: _resp_field(resp, _RESP_AT[4], "span")[0]].rstrip(" ,，;；")  # (resp.span)
    return text


def heading_title(node: Node) -> str:
    """A section's title: the heading phrase without its number and lead bracket."""
    content = node.content if node.marker is not None else node.head.text  # (= the head's text after the marker)
    if _COMPILED:
        at = _rx7_start(content)
        first = content[:at] if at >= 0 else content
    else:
        cut = _RX7_STARTS.search(content)  # (= _RX7.split(content, maxsplit=1)[0])
        first = content[: cut.start()] if cut is not None else content
    title = _strip_clause(first)  # (a local: a typed str when compiled, its strip a direct call)
    return title.strip() or content.strip()


def _rx7_start(s: str) -> int:
    """Where `_RX7` first matches in `s` (-1: nowhere), read by hand (compiled: a typed loop over the
    characters, no regex call and match object; as Python the regex is faster, so `_COMPILED` picks):
    "。"; a run of white space (`\\s` is `str.isspace` for re) whose next character is one of 一…十 and
    the one after it 是 (the run's first character: `\\s+` backs off only onto white space, which the
    class cannot match); a colon whose next character is not white space (and exists)."""
    n = len(s)
    i = -1
    skip = 0  # (the positions before it were read as a run of white space: none of them matches)
    for c in s:  # (iterated, not indexed: compiled, a read of the buffer, no call with a bounds test a character)
        i += 1
        if i < skip:
            continue
        if c == "。":
            return i
        if c == ":" or c == "：":
            if i + 1 < n and not s[i + 1].isspace():
                return i
        elif c.isspace():
            q = i + 1
            while q < n and s[q].isspace():
                q += 1
            if q + 1 < n and s[q] in "一二三四五六七八九十" and s[q + 1] == "是":
                return i
            skip = q  # (no position inside the run matches either: the same run follows it)
    return -1


# A character lost to mid-line mojibake ("改革?科學制定", 赣州 line 847) where a title phrase ends.
_LOST_TITLE_END = re.compile(r"[^,，;；:：。?]{4,30}?(?<=[\u3400-\u9fff])\?(?=[\u3400-\u9fff])")


def item_title(content: str, *, lost_char: bool = False) -> str:
    """An item's title: its first sentence ("落實“馬上就辦”。"), or its heading phrase.
    With `lost_char` (the line had a mid-line mojibake repair), a title phrase followed by the lost
    character is taken to end there with the "。" the loss swallowed: in "深化科技體制機制改革?科學
    制定市科技計劃項目指南,…" the title is "深化科技體制機制改革。"."""
    if _COMPILED:
        j = _rx8_start(content)
        if j >= 0:
            title = _strip_clause(content[: j + 1])  # (a local: a typed str when compiled, its strip a direct call)
            return title.strip()
    elif content.find(")", 0, 80) >= 0 and (m := _RX8.search(content[:80])):  # (no ")", no match: no slice)
        return _strip_clause(content[: m.start() + 1]).strip()
    i = _find_c(content, "。", 0, len(content), 1) if _C else content.find("。")  # noqa: F821
    if lost_char and (m := _LOST_TITLE_END.match(content.lstrip())) and (i < 0 or len(content) - len(content.lstrip()) + m.end() < i):
        return m.group(0)[:-1].strip() + "。"
    if i >= 0:
        if not _COMPILED:
            return content[: i + 1].strip()
        a = _space_fwd(content, 0, i)  # (= content[: i + 1].strip(), sliced once: "。" is no white space)
        return content[a : i + 1]
    title = _strip_clause(content)
    return title.strip()


def _rx8_start(content: str) -> int:
    """`_RX8.search(content[:80])`'s start (-1: no match), read from each ")" before 80 (found in C):
    white space (`str.isspace`, re's `\\s`), then ":" or "：", all before 80 (compiled only: a typed loop)."""
    n = min(len(content), 80)
    j = _find_c(content, ")", 0, n, 1) if _C else content.find(")", 0, n)  # noqa: F821
    while j >= 0:
        k = _space_fwd(content, j + 1, n)
        if k < n:
            c = _ch_c(content, k) if _C else content[k]  # noqa: F821 - _ch_c: the shared header's (a read in place)
            if c == ":" or c == "：":
                return j
        j = _find_c(content, ")", j + 1, n, 1) if _C else content.find(")", j + 1, n)  # noqa: F821
    return -1


def _collect(plan: PlanOutline, root: Node) -> None:
    plan.clause = root.heading_lead
    _walk(plan.sections, plan.items, plan.kind == "report", root, (), (), [root.heading_lead])


def _walk(sections: list[SectionOutline], items: list[ItemOutline], report: bool, node: Node,
          titles: tuple[str, ...], path: tuple[str, ...], leads: list[Clause | None]) -> None:
    """The sections and items under `node`, appended to a plan's `sections` and `items` (its lists: no
    attribute read a record)."""
    # (a module function, not a closure: a recursive closure is a reference cycle that would keep the
    # whole outline for the cyclic garbage collector)
    if node.children is None:
        return
    kinds = None  # (goal section, requirement section): asked once for this node's items
    for child in node.children:
        if child.toc:
            continue
        marker = child.marker
        label = marker.label if marker is not None else ""
        if child.children or child.level <= _CN_C:
            title = heading_title(child)
            head_resp = _heading_clause(child)
            clause = head_resp or child.heading_lead
            sub_path = path + (label,)
            sub_titles = titles + (title,)
            head = child.head  # (compiled, a typed Para: its line a struct read)
            sections.append(_new_section(head.line, label, title, sub_path, sub_titles, clause))
            # (`leads`: the clauses of the headings above, one list for the whole walk, pushed and popped
            # around a section's walk — read by `_item` alone, never kept — where a new list a section was made)
            leads.append(clause)
            _walk(sections, items, report, child, sub_titles, sub_path, leads)
            leads.pop()
            continue
        if kinds is None:
            kinds = _section_kinds(titles)
        item = _item(child, titles, path, leads, report, kinds[0], kinds[1])
        if item is not None:
            items.append(item)


def _heading_clause(node: Node) -> Clause | None:
    p = node.head
    content = node.content if node.marker is not None else p.text  # (= p.text after the marker)
    # (= content.split("。", 1)[0]: no list, no piece after the "。")
    at = _find_c(content, "。", 0, len(content), 1) if _C else content.find("。")  # noqa: F821 - structure.pxd's
    first = content[:at] if at >= 0 else content
    resp = find_responsibility(first)
    if resp is None or not _resp_field(resp, _RESP_AT[0], "lead"):  # (resp.lead)
        return None
    return _clause(resp, p.line)


def _item(node: Node, titles, path, leads, report: bool, goal_section: bool,
          requirement_section: bool) -> ItemOutline | None:
    """The item a node is, or None when it is no measure. `goal_section`, `requirement_section`:
    `_section_kinds(titles)`."""
    m = node.marker
    assert m is not None
    head = node.head
    more = node.more
    content0 = node.content  # (= head.text[m.end:]; and head.norm[m.end:]: sliced once, in `_build`)
    content_norm = node.content_norm
    one = more is None  # the common case: an item of one paragraph
    if one:
        paras = (head,)
        text = content0  # (and `item_clause` given it alone: no list of texts made)
    else:
        paras = (head, *more)
        texts = [content0] + [p.text for p in more]
        text = "\n".join(texts)
    # = len(text.strip()) <= 6 (no copy when neither end is white space)
    size = len(text)
    if size <= 6:
        return None
    first = _ch_c(text, 0) if _C else text[0]  # noqa: F821 - _ch_c: the shared header's (a read in place)
    last = _ch_c(text, size - 1) if _C else text[size - 1]  # noqa: F821
    if (first.isspace() or last.isspace()) and len(text.strip()) <= 6:
        return None
    norm = content_norm if one else "\n".join([content_norm] + [p.norm for p in more])
    # `find_responsibility(content0, norm)` for an item of one paragraph, as `_build` asked it
    known = node.resp if one else _MISS
    if m.level == _PCN_C and one and "。" not in content0 and node.group is None \
            and (known if known is not _MISS else find_responsibility(content0, norm)) is None:
        return None  # a bare heading whose items are missing: a section, not a task
    if goal_section:
        return None
    kind = "measure"
    if report:
        colon = _RX10.search(content0[:60])
        if colon is None:
            return None
        resp = find_responsibility(content0[: colon.start()])
        if resp is None or not resp.lead:
            return None
        clause = _clause(resp, head.line)
        kind = "progress"
        inherited = False
    else:
        clause = item_clause(paras, text if one else texts, norm, known)
        inherited = False
        if clause is not None and not clause.lead and not clause.co:
            # a bare deadline bracket "(完成时间:2022年4月底前)": keep its deadline, look up a lead
            lead = _inherit(leads)
            if lead is not None:
                clause = _new_clause(lead.lead, lead.co, clause.deadline_raw, clause.text, clause.line)
                inherited = True
        if clause is None and node.group is not None:
            clause, inherited = node.group, True
        own = clause is not None and not inherited and bool(clause.lead or clause.co)
        if not own and node.group is None:
            if requirement_section:
                return None
            first_para = content_norm.strip()
            if _problem_item(first_para) or norm.count("是否") >= 2:
                return None
            if first_para.endswith((":", "：")) and "。" not in first_para:
                return None
        if clause is None:
            lead = _inherit(leads)
            if lead is not None:
                clause, inherited = _new_clause(lead.lead, lead.co, None, lead.text, lead.line), True
    repairs: tuple[str, ...] = ()
    if not one or head.repairs:  # (most items are one paragraph with no repairs: no list made for them)
        kept: list[str] = []
        for p in paras:
            for r in p.repairs:
                if r not in kept:
                    kept.append(r)
        repairs = tuple(kept)
    return _new_item(  # (its fields in order, by position)
        head.line,  # line
        m.number,  # number
        (head.start, head.end),  # span
        item_title(content0, lost_char="mojibake-midline" in repairs),  # title
        text,  # text
        kind,  # kind
        paras,  # paras
        titles,  # section_titles
        path,  # section_path
        clause,  # clause
        inherited,  # inherited
        repairs,  # repairs
        norm,  # norm
    )


def _problem_item(t: str) -> bool:
    """`_RE_PROBLEM_ITEM.search(t) is not None` for a stripped `t` (its last character no white space, nor a "\\n"
    before which `$` would match): what follows 等问题 to the end can only be white space then one of 。;；, or
    nothing, so it is read from the end — the one closing mark, the white space before it —, not searched."""
    k = len(t)
    if k > 0:
        c = _ch_c(t, k - 1) if _C else t[k - 1]  # noqa: F821 - _ch_c: the shared header's (a read in place)
        if c in "。;；":
            k = _space_back(t, 0, k - 1)
    return t.endswith("等问题", 0, k)


_KINDS: dict[tuple[str, ...], tuple[bool, bool]] = {}
_KINDS_MAX = 4096


def _section_kinds(titles: tuple[str, ...]) -> tuple[bool, bool]:
    """`_section_kinds_of(titles)`, memoised (the answer depends on the titles alone; cleared when full): compiled,
    a dict read in C where the lru_cache it was needed a Python call a node of items."""
    memo = _KINDS  # (a local: a typed dict when compiled)
    kinds = memo.get(titles)
    if kinds is None:
        if len(memo) >= _KINDS_MAX:
            memo.clear()
        kinds = memo[titles] = _section_kinds_of(titles)
    return kinds


def _section_kinds_of(titles: tuple[str, ...]) -> tuple[bool, bool]:
    """(under a goal section, under a requirement section): asked for every item of a section."""
    titles_n = [_normal_title(t).strip() for t in titles]
    return (
        any(_RE_GOAL_SECTION.fullmatch(t) for t in titles_n),
        any(_RE_REQUIREMENT_SECTION.fullmatch(t) for t in titles_n),
    )


def _inherit(leads: list[Clause | None]) -> Clause | None:
    for c in reversed(leads):
        if c is not None and c.lead:
            return c
    return None
