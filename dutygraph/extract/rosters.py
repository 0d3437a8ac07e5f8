"""Task-force rosters (工作专班名单): one TaskForce per "一、开办企业指标工作专班" block.

A block (鸠江 附件1) reads:
    一、开办企业指标工作专班
         长:徐光耀    副区长            <- 组长 (the "组" lost in the source), name then post
       长:曹立群    区市监局局长        <- 副组长
    工作专班由区市监局鸠江公安局、区财政局…等单位组成,办公室设在区市监局曹立群同志兼任办公室主任。
    专班联络员:区市监局王蕊15357001681
People and phone numbers are personal data: they go on the record, never into `extract` output.
"""

from __future__ import annotations

import re

from dutygraph.loaders.base import record_builder, runs_compiled
from dutygraph.records import Person, TaskForce, UnitRef

from .indicators import find_indicator
from .resolve import Resolver
from .structure import CN, PlanOutline, parse_marker
from .units import split_units

_RE_LEADER = re.compile(r"^(?P<role>(?:副\s*)?(?:组\s*)?长)\s*[:：]\s*(?P<rest>.*)$")
_RE_MEMBERS = re.compile(r"由(?P<units>.+?)(?:等单位|等部门|等)?组成")
_RE_OFFICE = re.compile(r"办公室设在(?P<office>[^,，。;；]+)")
_RE_OFFICE_HEAD = re.compile(r"(?<=[局委院办心司团队所,，])(?P<name>[\u4e00-\u9fff]{2,4}?)同志(?:兼)?任办公室主任")
_RE_LIAISON = re.compile(r"^(?:专班)?联络员\s*[:：]\s*(?P<rest>.+)$")
_RE_PHONE = re.compile(r"(?:1\d{10}|0\d{2,3}-?\d{7,8}|\d{7,8})")
# The unit part of "区市监局王蕊" / "市自然资源和规划局鸠江分局黎文龙": up to the last unit ending
# that leaves a 2–4 character name.
_RE_UNIT_NAME = re.compile(
    r"^(?P<unit>.*(?:分局|局|委|院|办|中心|公司|集团|队|所|法院))(?P<name>[\u4e00-\u9fff]{2,4})$"
)
_RE_OFFICE_PERSON = re.compile(r"(?<=[局委院办心司团队所])[\u4e00-\u9fff]{2,4}同志")
_RE_POST = re.compile(r"区长|局长|主任|院长|常委|书记|部长|\(")

# The records built here by position, every field in order (record_builder: no frozen __init__ with a
# guarded store per field, and no keyword matching)
_new_person = record_builder(Person)  # (name, role, unit, phone, email, line)
_new_task_force = record_builder(TaskForce)  # (doc, line, plan, name, indicator, lead, members, office, people)
_new_unit_ref = record_builder(UnitRef)  # (name, mention, collective, jurisdiction, resolved)

# A task force's name is one of a few dozen ("开办企业指标工作专班"), repeated in every roster: its
# indicator is memoised in a plain dict, cleared when it holds _INDICATORS_MAX (was an lru_cache of 1024: a
# hit there built the call's argument tuple and moved the key's link). An answer is one of the indicator
# table's own strings, or None: the same object whichever call made it.
_INDICATORS: dict[str, str | None] = {}
_INDICATORS_MAX = 1024
_UNREAD = object()


def _indicator(name: str) -> str | None:
    """`find_indicator(name)`, memoised."""
    memo = _INDICATORS
    hit = memo.get(name, _UNREAD)
    if hit is _UNREAD:
        if len(memo) >= _INDICATORS_MAX:
            memo.clear()
        hit = memo[name] = find_indicator(name)
    return hit  # type: ignore[return-value]


def parse_roster(plan: PlanOutline, *, plan_key: str, doc: str, resolver: Resolver) -> list[TaskForce]:
    """Task forces of a roster plan, in document order."""
    out: list[TaskForce] = []
    current: dict | None = None

    def flush() -> None:
        if current is not None:
            out.append(_task_force(current, plan_key=plan_key, doc=doc, resolver=resolver))

    for p in plan.paras:
        m = parse_marker(p)
        if m is not None and m.level == CN:
            flush()
            current = {"line": p.line, "name": p.text[m.end :].strip(), "paras": []}
            continue
        if current is not None:
            current["paras"].append(p)
    flush()
    return out


def _task_force(block: dict, *, plan_key: str, doc: str, resolver: Resolver) -> TaskForce:
    people: list[Person] = []
    members: list[str] = []
    office = ""
    leaders = 0
    for p in block["paras"]:
        # a paragraph's text has no white space at its ends (`paragraphs` cut it off) and its norm is
        # its line's normalised text at the same offsets: the reads below take the norm, the values the text
        text = p.text
        norm = p.norm
        at = _leader_rest(norm)
        if at >= 0:
            deputy = norm[0] == "副" or leaders > 0  # (the printed role holds 副 only as its first character)
            leaders += 1
            rest = text[at:].strip()
            parts = rest.split(None, 1)
            name = parts[0] if parts and not _looks_like_post(parts[0]) else ""
            post = (parts[1] if name and len(parts) > 1 else rest if not name else "").strip()
            people.append(_new_person(name, "副组长" if deputy else "组长", post, "", "", p.line))
            continue
        at = _liaison_rest(norm)
        if at >= 0:
            rest = text[at:].strip()
            span = _phone_span(rest)
            phone = rest[span[0] : span[1]] if span is not None else ""
            who = (rest[: span[0]] if span is not None else rest).strip(" ,，。")
            unit, name = who, ""
            at = _unit_name_cut(who)
            if at >= 0:
                unit, name = who[:at], who[at:]
            people.append(_new_person(name, "联络员", unit, phone, "", p.line))
            continue
        span = _members_span(norm)
        if span is not None:
            members = split_units(text[span[0] : span[1]])
            span = _office_span(norm)
            if span is not None:
                office = _office_unit(text[span[0] : span[1]])
            span = _office_head_span(norm)
            if span is not None:
                people.append(_new_person(text[span[0] : span[1]], "办公室主任", office, "", "", p.line))
    name = block["name"]
    lead = resolver.units([office]) if office else ()
    if lead and lead[0].mention is not office:
        # the resolver's cached answer came from an earlier document: its mention is an equal string,
        # not this office's. Pickled, a record's bytes would depend on what the worker read before
        # (the string written once and referred to, or twice), so the lead names this office itself.
        u = lead[0]
        lead = (_new_unit_ref(u.name, office, u.collective, u.jurisdiction, u.resolved),)
    return _new_task_force(
        doc,
        block["line"],
        plan_key,
        name,
        _indicator(name),
        tuple(lead),
        tuple(resolver.units(members)),
        office,
        tuple(people),
    )


def _office_head_span(norm: str) -> tuple[int, int] | None:
    """The span of the "name" group of `_RE_OFFICE_HEAD.search(norm)`, else None: 2-4 CJK characters right
    after one of 局委院办心司团队所,， and followed by 同志 and (兼)任办公室主任 — the leftmost such name, and of
    those the shortest (the pattern's lazy {2,4}?). As Python, the pattern searched from four characters
    before the first 同志 (a match is 2-4 characters and then 同志, so none starts earlier; searched from
    `pos`, its look-behind still reads the character before `pos`)."""
    t = norm.find("同志")
    if t < 0:
        return None
    if not _COMPILED:
        m = _RE_OFFICE_HEAD.search(norm, t - 4 if t > 4 else 0)
        return None if m is None else m.span("name")
    best = -1  # the leftmost start found, and the 同志 after it
    end = -1
    while t >= 0 and (best < 0 or t - 4 <= best):
        if norm.startswith("任办公室主任", t + 2) or norm.startswith("兼任办公室主任", t + 2):
            q = t - 1  # each start of 2-4 CJK characters before this 同志, nearest first
            while q >= 1 and q >= t - 4 and "\u4e00" <= norm[q] <= "\u9fff":
                c = norm[q - 1]
                if t - q >= 2 and c in "局委院办心司团队所,，" and (best < 0 or q < best):
                    best = q
                    end = t
                q -= 1
        t = norm.find("同志", t + 1)
    return None if best < 0 else (best, end)


def _office_unit(s: str) -> str:
    """"区市监局曹立群同志兼任办公室主任" lost its comma: keep the unit, drop the person (a person is named
    before a 同志: without one, nothing is split)."""
    if "同志" not in s:
        return s.strip()
    return _RE_OFFICE_PERSON.split(s, maxsplit=1)[0].strip()


def _phone_span(rest: str) -> tuple[int, int] | None:
    """The span of `_RE_PHONE.search(rest)`, else None: at the first position where one of its forms starts,
    in its order — 1 and ten digits; 0, three or else two digits, an optional "-" and eight or else seven
    digits; eight or else seven digits (`\\d`: `str.isdecimal`)."""
    if not _COMPILED:
        m = _RE_PHONE.search(rest)
        return None if m is None else m.span()
    n = len(rest)
    p = 0
    while p < n:
        c = rest[p]
        if c.isdecimal():
            if c == "1" and _digits(rest, p + 1) >= 10:
                return p, p + 11
            if c == "0":
                run = _digits(rest, p + 1)
                k = 3
                while k >= 2:
                    if run >= k:
                        q = p + 1 + k
                        if q < n and rest[q] == "-":
                            q += 1
                        tail = _digits(rest, q)
                        if tail >= 7:
                            return p, q + (8 if tail >= 8 else 7)
                    k -= 1
            run = _digits(rest, p)
            if run >= 7:
                return p, p + (8 if run >= 8 else 7)
        p += 1
    return None


def _digits(s: str, i: int) -> int:
    """How many decimal digits (`str.isdecimal`) follow one another from `i` (0 past the end)."""
    n = len(s)
    k = i
    while k < n and s[k].isdecimal():
        k += 1
    return k - i


# `_RE_UNIT_NAME`'s unit endings (no two begin with the same character)
_UNIT_ENDS = ("分局", "局", "委", "院", "办", "中心", "公司", "集团", "队", "所", "法院")


def _unit_name_cut(who: str) -> int:
    """Where the "name" group of `_RE_UNIT_NAME.match(who)` starts (its "unit" is all before), else -1: the
    last unit ending (as `.*` gives back characters from the end) followed by 2-4 CJK characters to the end.
    (A line break, which `.` and `$` treat apart: the pattern itself.)"""
    if not _COMPILED or "\n" in who:
        m = _RE_UNIT_NAME.match(who)
        return -1 if m is None else m.start("name")
    n = len(who)
    t = n - 3
    while t >= 0 and t >= n - 6:
        for w in _UNIT_ENDS:
            if who.startswith(w, t):
                u = t + len(w)
                if n - u >= 2:
                    k = u
                    while k < n and "\u4e00" <= who[k] <= "\u9fff":
                        k += 1
                    if k == n and n - u <= 4:
                        return u
                break  # (no other ending begins here)
        t -= 1
    return -1


def _looks_like_post(s: str) -> bool:
    """`_RE_POST.search(s) is not None`: compiled, a typed loop over the code points (each ending of a post
    title read with the character before it)."""
    if not _COMPILED:
        return _RE_POST.search(s) is not None
    prev = " "
    for c in s:
        if c == "(":
            return True
        if c == "长":
            if prev == "区" or prev == "局" or prev == "院" or prev == "部":
                return True
        elif c == "任":
            if prev == "主":
                return True
        elif c == "委":
            if prev == "常":
                return True
        elif c == "记":
            if prev == "书":
                return True
        prev = c
    return False


# A roster paragraph read by position (compiled: typed loops over its code points, where each regex call
# made a Match and the groups were read from it by name). Each is pinned to its regex in
# tests/test_rosters_forms.py; as Python, or for a norm holding a line break (which `.` and `$` treat
# apart), the regex itself.

def _leader_rest(norm: str) -> int:
    """Where the "rest" group of `_RE_LEADER.match(norm)` starts (the text after "副组长:"), else -1."""
    n = len(norm)
    if not _COMPILED or "\n" in norm:
        m = _RE_LEADER.match(norm)
        return -1 if m is None else m.start("rest")
    i = 0
    if i < n and norm[i] == "副":
        i = _after_spaces(norm, i + 1)
    if i < n and norm[i] == "组":
        i = _after_spaces(norm, i + 1)
    if i >= n or norm[i] != "长":
        return -1
    i = _after_spaces(norm, i + 1)
    if i >= n or (norm[i] != ":" and norm[i] != "："):
        return -1
    return _after_spaces(norm, i + 1)  # (`.*` takes the rest: no line break in it)


def _liaison_rest(norm: str) -> int:
    """Where the "rest" group of `_RE_LIAISON.match(norm)` starts (the text after "专班联络员:"), else -1."""
    n = len(norm)
    if not _COMPILED or "\n" in norm:
        m = _RE_LIAISON.match(norm)
        return -1 if m is None else m.start("rest")
    i = 2 if norm.startswith("专班") else 0
    if not norm.startswith("联络员", i):
        return -1
    i = _after_spaces(norm, i + 3)
    if i >= n or (norm[i] != ":" and norm[i] != "："):
        return -1
    j = _after_spaces(norm, i + 1)
    if j < n:
        return j  # (`.+` takes the rest: no line break in it)
    # nothing after the spaces: `.+` takes back the last of them, if there are any
    return j - 1 if j > i + 1 else -1


def _after_spaces(norm: str, i: int) -> int:
    """The first index from `i` whose character is not white space (`\\s`: `str.isspace`), or len(norm)."""
    n = len(norm)
    while i < n and norm[i].isspace():
        i += 1
    return i


def _members_span(norm: str) -> tuple[int, int] | None:
    """The span of the "units" group of `_RE_MEMBERS.search(norm)` ("由X、Y等单位组成": X、Y), or None: from
    the first 由 on, the shortest run of one character or more followed by 组成, or by 等单位, 等部门 or 等 and
    then 组成 (the pattern's order); else the same from the next 由."""
    if not _COMPILED or "\n" in norm:
        m = _RE_MEMBERS.search(norm)
        return None if m is None else m.span("units")
    n = len(norm)
    p = norm.find("由")
    while p >= 0:
        j = p + 2
        while j < n:
            c = norm[j]
            if c == "组":
                if norm.startswith("组成", j):
                    return p + 1, j
            elif c == "等":
                if norm.startswith("等单位组成", j) or norm.startswith("等部门组成", j) or norm.startswith("等组成", j):
                    return p + 1, j
            j += 1
        p = norm.find("由", p + 1)
    return None


def _office_span(norm: str) -> tuple[int, int] | None:
    """The span of the "office" group of `_RE_OFFICE.search(norm)`, or None: after the first "办公室设在" that
    is followed by one character or more other than ,，。;；, up to the next of them (or the end)."""
    if not _COMPILED:
        m = _RE_OFFICE.search(norm)
        return None if m is None else m.span("office")
    n = len(norm)
    p = norm.find("办公室设在")
    while p >= 0:
        q = p + 5
        e = q
        while e < n:
            c = norm[e]
            if c == "," or c == "，" or c == "。" or c == ";" or c == "；":
                break
            e += 1
        if e > q:
            return q, e
        p = norm.find("办公室设在", p + 1)
    return None


_COMPILED = runs_compiled(_leader_rest)
