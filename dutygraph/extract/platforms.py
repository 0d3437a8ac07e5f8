"""Platforms a measure depends on: named systems, apps, portals, hotlines, online channels.

Three sources, all on the normalised text (spans map back to the text as printed):
1. the list in data/platforms.toml (names and variants, longest first): 赣服通, 一网通办, 12345 …;
2. a name that extends a listed one — "赣服通赣州分厅", "“赣服通”景德镇分厅" — adds its own entry;
3. unseen proper names by pattern: a quoted name followed by a platform word (“景快办”惠企政策兑现
   平台 -> 景快办; “徽采云”监管系统 -> 徽采云), a quoted name that is itself one (“企业开办服务专区”),
   or a place-prefixed name (赣州市公共信用信息平台).
Generic phrases (信息化手段, 大数据, 政务服务平台 without a proper name) are not platforms. Mentions are
returned as printed without their quotes; each canonical platform appears once, in order of appearance.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dutygraph.loaders.base import record_builder, runs_compiled
from dutygraph.records import PlatformRef

from .reference import (_ENV_KEY, _ENV_MAP, _env_data, _load, data_file, longest_word_pattern, norm as normalize,
                        places)

_new_platform_ref = record_builder(PlatformRef)  # PlatformRef(...) without the frozen __init__'s guard
_QUOTE_CHARS = "“”\"「」『』‘’'"
_STRIP_QUOTES = str.maketrans("", "", _QUOTE_CHARS)
# 专区/窗口 are areas of a hall or of a platform ("企业开办服务专区" is a counter in a service centre).
_PLATFORM_WORD = r"(?:平台|系统|APP|App|app|热线|小程序|公众号|分厅|服务网|门户网站|客户端)"
_QUOTED = re.compile(
    r"“(?P<name>[^“”,，。;；:：]{2,20}?)”(?P<tail>[\u4e00-\u9fff]{0,6}?" + _PLATFORM_WORD + r")?"
)
_ENDS_AS_PLATFORM = re.compile(_PLATFORM_WORD + r"$")
_BRANCH_HALL = re.compile(r"[”\"]?(?P<hall>[\u4e00-\u9fff]{2,4}分厅)")
# Quoted phrases that read as modes or slogans, not names: "一窗式", "线上一网、线下一窗".
_SLOGAN = re.compile(
    r"[、,，\s]|[式化型]$|^(?:一|全|跨|异地|同城|区内|省内|市内)[\u4e00-\u9fff]{0,2}通办$"
    r"|[\d一二两三四五六七八九十][库系中平]|^\d|[+＋][A-Z\d]"  # "一库两平台", "3+2+N": counts, not names
)


# Quoted names that are service modes or reforms, not brands: "审管联动", "多测合一", "一链办理",
# "不见面开标", "为企服务" — with a platform word after them the platform is the whole phrase.
# "互联网+医疗健康" (石嘴山 line 101) is a policy slogan: its 一体化平台 is the platform.
_MODE = re.compile(r"(?:联动|合一|办理|通办|一次办|即办|开标|服务|一件事|不见面)$|^互联网[+＋]")


@dataclass(frozen=True, slots=True)
class PlatformTable:
    canonical: dict[str, str]  # normalised variant -> canonical name
    pattern: re.Pattern[str]  # every variant, longest first
    generic: frozenset[str]
    # the same variants for `_listed_spans`, by first character (`_first_index`): `first`, a table of
    # group numbers by code point; `by_first[i - 1]`, group i's variants longest first; `guarded[i - 1]`,
    # whether each is digit-guarded (as in `pattern`)
    first: bytes = b""
    by_first: tuple[tuple[str, ...], ...] = ()
    guarded: tuple[tuple[bool, ...], ...] = ()
    # `heads[i - 1]`: what group i's words hold after their first character (`_group_heads`), tested
    # before the words are (none: no test)
    heads: tuple[tuple[str, str], ...] = ()
    # `_pairs(by_first)`: the first two characters of every variant, as bits (b"": no such filter)
    pairs: bytes = b""


def _norm(s: str) -> str:
    return normalize(s).translate(_STRIP_QUOTES).strip()


@lru_cache(maxsize=8)
def _table(path: str) -> PlatformTable:
    data = _load(path)
    canonical: dict[str, str] = {}
    for row in data.get("platform", []):
        name = _norm(str(row["name"]))
        for variant in [name, *row.get("aliases", [])]:
            canonical.setdefault(_norm(str(variant)), name)
    # the longest variant at each position; one with a digit at either end not inside a number
    pattern = longest_word_pattern(canonical, digit_guarded=_digit_guarded)
    generic = frozenset(_norm(x) for x in data.get("generic", {}).get("names", []))
    first, by_first = _first_index(canonical)
    guarded = tuple(tuple(map(_digit_guarded, group)) for group in by_first)
    heads = _group_heads(by_first)
    return PlatformTable(canonical, pattern, generic, first, by_first, guarded, heads, _pairs(by_first))


def _pair_bit(a: str, b: str) -> int:
    """The bit of `_pairs`' table for a variant opening with `a` then `b`."""
    return (ord(a) * 31 + ord(b)) & 0xFFFF


def _pairs(groups: tuple[tuple[str, ...], ...]) -> bytes:
    """65,536 bits (8,192 bytes): bit `_pair_bit(w[0], w[1])` set for every word `w` of `groups` — a listed
    word is printed at a position only where its bit for the character there and the next is set (two
    characters may share a bit: the bits pass over positions, the words decide). b"" when a word has
    fewer than two characters (a position would then need no next character)."""
    out = bytearray(0x2000)
    for words in groups:
        for w in words:
            if len(w) < 2:
                return b""
            k = _pair_bit(w[0], w[1])
            out[k >> 3] |= 1 << (k & 7)
    return bytes(out)


def _group_heads(groups: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, str], ...]:
    """For each of `_first_index`'s groups, (seconds, prefix): the characters its words hold second
    ("" where a word has only one: no test), and the start all its words share when it is three
    characters or more (else ""). A word of the group is printed at a position only where the next
    character is one of `seconds` and `prefix` is printed there: `_listed_spans` tests those first
    (its words share a first character, often more: "12345…"/"12366…", "一网通办…", "工程…"/"工改…")."""
    out = []
    for words in groups:
        seconds = "" if any(len(w) < 2 for w in words) else "".join(sorted({w[1] for w in words}))
        prefix = os.path.commonprefix(list(words))
        out.append((seconds, prefix if len(prefix) >= 3 else ""))
    return tuple(out)


def _holds(s: str, c: str) -> bool:
    """`c in s` for one character (compiled, a C loop over a few characters, no call)."""
    for x in s:
        if x == c:
            return True
    return False


def _digit_guarded(v: str) -> bool:
    """A variant with a digit at either end matches only not inside a number ("12345" in "123456")."""
    return v[:1].isdigit() or v[-1:].isdigit()


def _first_index(words: Iterable[str]) -> tuple[bytes, tuple[tuple[str, ...], ...]]:
    """The words by first character, for a character loop: (table, groups). `groups[i - 1]` holds the
    words that open with one character, longest first; the table gives that i for the character's code
    point k in its bytes 2k and 2k + 1 (little-endian; 0: no word opens with it; past the end: neither).
    Bytes, not a dict, so that a compiled loop reads them through a C pointer."""
    groups: dict[str, list[str]] = {}
    for w in sorted((w for w in words if w), key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(w)
    if len(groups) > 0xFFFF:
        raise ValueError("more than 65535 first characters")  # (a list of names never has)
    table = bytearray(2 * (max(map(ord, groups), default=-1) + 1))
    for i, ch in enumerate(groups, 1):
        table[2 * ord(ch)] = i & 0xFF
        table[2 * ord(ch) + 1] = i >> 8
    return bytes(table), tuple(tuple(g) for g in groups.values())


def _group_of(table: bytes, c: str) -> int:
    """`_first_index`'s group number for the character `c` (0: none)."""
    k = 2 * ord(c)
    return table[k] | (table[k + 1] << 8) if k < len(table) else 0


# ($DUTYGRAPH_DATA as last read, the platform table for it): `data_file` gives one path per value of
# the variable as read, so the table is looked up again only when that value changes (two calls fewer
# per item than `_table(data_file(…))`)
_TABLE_FOR: list[object] = [object(), None]


def platform_table() -> PlatformTable:
    """`_table(data_file("platforms.toml"))`."""
    env = _ENV_MAP  # ($DUTYGRAPH_DATA read in place from os.environ's mapping where CPython has one: no call)
    raw = env.get(_ENV_KEY) if env is not None else _env_data()
    memo = _TABLE_FOR
    if memo[1] is None or (raw is not memo[0] and raw != memo[0]):  # (the same object: no comparison made)
        memo[1] = _table(data_file("platforms.toml"))
        memo[0] = raw
    return memo[1]  # type: ignore[return-value]


def _is_digit(c: str) -> bool:
    """`\\d` for one character: a Unicode decimal digit (as deadlines._is_digit; no module imports
    another's typed helpers). None lies in U+2000–U+9FFF: the common character asks no Unicode table."""
    if c <= "\x7f":
        return "0" <= c <= "9"
    return not ("\u2000" <= c <= "\u9fff") and c.isdecimal()


# Compiled, listed names are found by the character loop `_listed_spans`; as Python, by the table's
# pattern (the regex engine's own loop beats one of Python's by several times).
_COMPILED = runs_compiled(_is_digit)
# Whether the C functions of platforms.pxd exist (compiled only: `_next_mark_c`, `_ends_in_c`, `_quoted_close_c`,
# `_quoted_end_c`).
# Kept apart from `_COMPILED`, which tests switch either way; they switch this off to run the loops' Python
# forms compiled.
_NATIVE = _COMPILED


def _listed_spans(norm: str, table: PlatformTable) -> list[tuple[int, int]]:
    """The spans of `table.pattern.finditer(norm)`, by a loop over the characters (compiled, a C loop):
    at each position not inside the previous match, the variants that open with its character (its
    group in `table.first`), longest first; the first printed there wins, a digit-guarded one only with
    no digit right before or after it — the longest listed word, as the pattern's trie."""
    return _listed_scan(norm, table)[0]


# (the table `_listed_scan` last read, its fields)
_SCAN_FIELDS: list[object] = [None, None]


def _scan_fields(table: PlatformTable) -> tuple[bytes, tuple[tuple[str, ...], ...], tuple[tuple[str, str], ...],
                                                  tuple[tuple[bool, ...], ...], bytes, bytes]:
    """(table.first, table.by_first, table.heads, table.guarded, table.pairs, `_open_marks(table.by_first)`), kept
    for the table last asked (a PlatformTable is frozen: the fields of the same object stay what they were read
    as)."""
    memo = _SCAN_FIELDS
    if memo[0] is not table:
        memo[1] = (table.first, table.by_first, table.heads, table.guarded, table.pairs, _open_marks(table.by_first))
        memo[0] = table
    return memo[1]  # type: ignore[return-value]


# The last characters of the endings `_ends_like_place_platform` asks for (平台, 系统, 服务网, 采购网, APP: the
# ones `_ends_at` of platforms.pxd compares).
_ENDING_LAST = "台统网P"


def _open_marks(groups: tuple[tuple[str, ...], ...]) -> bytes:
    """One byte for each code point of the BMP: bit 1 for a character that `groups`' words (`_first_index`'s
    groups) open with, bit 2 for one of `_ENDING_LAST` (what `_next_mark_c` of platforms.pxd reads)."""
    out = bytearray(0x10000)
    for words in groups:
        c = words[0][0]  # (the groups' words are not empty)
        if c <= "\uffff":
            out[ord(c)] |= 1
    for c in _ENDING_LAST:
        out[ord(c)] |= 2
    return bytes(out)


def _listed_scan(norm: str, table: PlatformTable) -> tuple[list[tuple[int, int]], bool]:
    """(`_listed_spans(norm, table)`, `_ends_like_place_platform(norm)`): the listed words tried only at the
    characters that open one (`_next_open`). Compiled, one loop over the buffer (`_next_mark_c` of
    platforms.pxd) stops at those and, until one is found, where an ending a place-prefixed name needs ends;
    the characters of a listed word, which it passes over, are asked of `_ends_in_c`."""
    out: list[tuple[int, int]] | None = None  # (made at the first span found: most texts hold no listed word)
    native = _NATIVE
    ends = False if native else _ends_like_place_platform(norm)
    # (the table's fields read once per table, not six attribute lookups per call: `_scan_fields`)
    data, by_first, heads, guarded, pairs, opens = _scan_fields(table)
    first = data  # (compiled: a C pointer into `data`)
    marks = opens  # (compiled: a C pointer into `opens`)
    size = len(data)
    # (pairs, compiled: a bytes object `_next_mark_c` reads; its bits pass over positions)
    n = len(norm)
    p = 0
    while True:
        # the next character that opens a listed word (compiled, a C loop over the buffer: platforms.pxd)
        if native:
            p = _next_mark_c(norm, p, marks, first, size, pairs, not ends)  # noqa: F821 - platforms.pxd's
            if p < n and not ends and _ends_in_c(norm, p, p + 1):  # noqa: F821 - (an ending ends at p)
                ends = True
                continue  # (p asked again, for an opening alone)
        else:
            p = _next_open(norm, p, data)
        if p >= n:
            break
        k = 2 * ord(norm[p])
        g = first[k] | (first[k + 1] << 8)  # = _group_of(table.first, norm[p]), not 0
        if g <= len(heads):  # the group's words only where what they hold next is printed
            seconds, prefix = heads[g - 1]
            if seconds:
                if p + 1 >= n or not _holds(seconds, norm[p + 1]):
                    p += 1
                    continue
                if prefix and not norm.startswith(prefix, p):
                    p += 1
                    continue
        words = by_first[g - 1]
        e = p
        for i in range(len(words)):
            word = words[i]
            if not norm.startswith(word, p):
                continue
            e = p + len(word)
            if guarded[g - 1][i] and ((p > 0 and _is_digit(norm[p - 1])) or (e < n and _is_digit(norm[e]))):
                e = p
                continue
            if out is None:
                out = []
            out.append((p, e))
            break
        if e > p:  # past the match (no listed word is empty)
            if native and not ends:
                ends = _ends_in_c(norm, p + 1, e)  # noqa: F821 - (the word's characters, not read by the loop)
            p = e
        else:  # the next character
            p += 1
    if out is None:
        return _NONE_LISTED[ends]
    return out, ends


# `_listed_scan`'s answers for a text with no listed word, by `ends` (made once: no list and no tuple a call; its
# caller only reads them)
_NONE_LISTED = (([], False), ([], True))


def _next_open(norm: str, p: int, first: bytes) -> int:
    """The first position from `p` whose character opens a listed word (`_group_of(first, c)` not 0),
    `len(norm)` when none (compiled, `_listed_scan` calls `_next_mark_c` of platforms.pxd instead)."""
    n = len(norm)
    while p < n:
        if _group_of(first, norm[p]):
            return p
        p += 1
    return n


_PLACE_LEADS = ("国家", "全国")  # what a place-prefixed name may open with besides a place's stem


@lru_cache(maxsize=4)
def _place_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    # every branch opens with a literal: the engine skips to candidate characters in C
    prefixes = "|".join(re.escape(s) + r"(?:省|市|区|县)?" for s in stems)
    leads = "|".join(map(re.escape, _PLACE_LEADS))
    return re.compile(
        rf"(?:{leads}|{prefixes})(?P<core>[\u4e00-\u9fff+]{{4,16}}?)(?:平台|信息系统|管理系统|服务系统|服务网|政府采购网|APP)"
    )


_PLACE_PATTERNS: dict[int, tuple[object, re.Pattern[str], bytes, tuple[tuple[str, ...], ...]]] = {}


def _place_scan() -> tuple[object, re.Pattern[str], bytes, tuple[tuple[str, ...], ...]]:
    """(place table, `_place_pattern` for it, `_first_index` of the words its matches open with),
    looked up by the place table's identity (hashing the stems tuple on every item cost more than the
    scan)."""
    P = places()
    patterns = _PLACE_PATTERNS  # (compiled: a typed dict, read in C)
    hit = patterns.get(id(P))
    if hit is None or hit[0] is not P:
        if len(patterns) > 8:
            patterns.clear()
        hit = patterns[id(P)] = (P, _place_pattern(P.stems), *_first_index((*_PLACE_LEADS, *P.stems)))
    return hit


def _places_pattern() -> re.Pattern[str]:
    """`_place_pattern` for the current place table."""
    return _place_scan()[1]


def _place_matches(
    norm: str, pattern: re.Pattern[str], first: bytes, leads: tuple[tuple[str, ...], ...]
) -> list[re.Match[str]]:
    """`list(pattern.finditer(norm))` for `_place_scan`'s pattern, by a loop over the characters
    (compiled, a C loop): the pattern is tried only where one of the words its matches open with is
    printed (`_first_index`: `first`, `leads`), at or after the previous match's end. With platforms.pxd's C
    functions, the next such character is found by `_next_place_c` (a C loop over the buffer)."""
    out: list[re.Match[str]] = []
    tbl = first  # (compiled: a C pointer into `first`)
    size = len(first)
    last = 0
    if _NATIVE:
        n = len(norm)
        p = 0
        while True:
            p = _next_place_c(norm, p, tbl, size)  # noqa: F821 - platforms.pxd's, compiled only
            if p >= n:
                break
            k = 2 * ord(norm[p])
            g = tbl[k] | (tbl[k + 1] << 8)  # (not 0: `_next_place_c` stops only where a group opens)
            if not norm.startswith(leads[g - 1], p):
                p += 1
                continue
            m = pattern.match(norm, p)
            if m is None:
                p += 1
                continue
            out.append(m)
            e = m.end()
            p = e if e > p else p + 1  # (every match is non-empty: as finditer, never stuck)
        return out
    p = -1
    for c in norm:
        p += 1
        k = 2 * ord(c)
        if p < last or k >= size:
            continue
        g = tbl[k] | (tbl[k + 1] << 8)  # = _group_of(first, c)
        if g == 0 or not norm.startswith(leads[g - 1], p):
            continue
        m = pattern.match(norm, p)
        if m is not None:
            out.append(m)
            e = m.end()
            last = e if e > p else p + 1  # (every match is non-empty: as finditer, never stuck)
    return out


def _ends_like_place_platform(norm: str) -> bool:
    """Whether `norm` holds one of 平台|系统|服务网|采购网|APP, what every `_place_pattern` match ends
    with (substring tests, found in C)."""
    return "平台" in norm or "系统" in norm or "服务网" in norm or "采购网" in norm or "APP" in norm


def _stripped(s: str, a: int, b: int) -> str:
    """`s[a:b].strip()` for 0 <= a <= b <= len(s): the white space at either end passed over in place (compiled,
    `Py_UCS4.isspace`, the test `str.strip` makes), then one substring (no slice to strip, no method call).
    (`find_platforms` asks it compiled only: as Python the slice stripped is faster, C's loops beating Python's.)"""
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return s[a:b]


def _printed(text: str, a: int, b: int) -> str:
    return text[a:b].translate(_STRIP_QUOTES).strip()


_QUOTED_READINGS: dict[str, tuple[str, bool] | None] = {}
_QUOTED_TABLE: list[PlatformTable] = []  # the table `_QUOTED_READINGS` was read against
_UNREAD = object()  # "not read yet" (None is a reading: not a platform name)


def _quoted_reading(raw_name: str, table: PlatformTable) -> tuple[str, bool] | None:
    """A quoted name's key and whether it ends like a platform, or None when it is generic, a
    slogan or a listed name (cached per name: quoted names recur across items and documents)."""
    readings, kept = _QUOTED_READINGS, _QUOTED_TABLE  # (compiled: a typed dict and list, read in C)
    if not kept or kept[0] is not table or len(readings) > 1 << 15:
        readings.clear()
        kept[:] = [table]
    read = readings.get(raw_name, _UNREAD)
    if read is not _UNREAD:
        return read  # type: ignore[return-value]
    key = _norm(raw_name)
    if key in table.generic or _SLOGAN.search(key) or key in table.canonical:
        read = None
    else:
        read = (key, bool(_ENDS_AS_PLATFORM.search(key)))
    readings[raw_name] = read
    return read


# What `_quoted_spans` reads `_QUOTED` as: the characters a quoted name holds none of, the platform words
# in the pattern's order (none opens another: at most one is printed at a position) and their first
# characters.
_QUOTE_STOP = "“”,，。;；:："
_PLATFORM_WORDS = tuple(_PLATFORM_WORD[3:-1].split("|"))
_PLATFORM_WORD_FIRST = "".join(sorted({w[0] for w in _PLATFORM_WORDS}))


def _char_marks(chars: str) -> bytes:
    """One byte for each code point of the BMP: 1 for each of `chars` (characters of the BMP), else 0."""
    out = bytearray(0x10000)
    for c in chars:
        out[ord(c)] = 1
    return bytes(out)


_PLATFORM_WORD_MARKS = _char_marks(_PLATFORM_WORD_FIRST)  # (what `_quoted_end_c` of platforms.pxd tests a character by)


def _quoted_close(norm: str, q: int, n: int) -> int:
    """Where the name `_QUOTED` reads after the “ at `q` (`n`: len(norm)) ends, at its closing ”: a name of 2–20
    characters, none of `_QUOTE_STOP`, closed by ” (the name is lazy, but ends at a stop); -1 where there is none.
    Compiled, a loop over the string's buffer (`_quoted_close_c`, platforms.pxd)."""
    if _NATIVE:
        return _quoted_close_c(norm, q)  # noqa: F821 - platforms.pxd's
    stop = _QUOTE_STOP
    i = q + 1
    j = i
    while j < n and j - i <= 20 and not _holds(stop, norm[j]):
        j += 1
    if j >= n or norm[j] != "”" or j - i < 2 or j - i > 20:
        return -1
    return j


def _quoted_end(norm: str, j: int, n: int) -> int:
    """The end of `_QUOTED`'s match whose name closes with the ” at `j` (`n`: len(norm)): past its tail — the fewest
    (0–6) CJK characters followed by a platform word —, else past the ”. Compiled, a loop over the string's buffer
    (`_quoted_end_c`, platforms.pxd)."""
    if _NATIVE:
        marks = _PLATFORM_WORD_MARKS  # (compiled: typed bytes, whose buffer a C function reads with no type test)
        return _quoted_end_c(norm, j + 1, _PLATFORM_WORDS, marks)  # noqa: F821 - platforms.pxd's
    words, word_first = _PLATFORM_WORDS, _PLATFORM_WORD_FIRST
    e = j + 1
    for k in range(7):  # [\u4e00-\u9fff]{0,6}?(?:平台|系统|…): the fewest characters first
        if k > 0 and (e + k - 1 >= n or not ("\u4e00" <= norm[e + k - 1] <= "\u9fff")):
            break
        if e + k < n and _holds(word_first, norm[e + k]):
            w = _word_at(norm, e + k, words)
            if w:
                return e + k + w
    return e


def _next_quote(norm: str, q: int) -> int:
    """`norm.find("“", q)` for 0 <= q <= len(norm): compiled, a search for the code point (`PyUnicode_FindChar`,
    `_find_quote_c` of platforms.pxd), where Cython's `str.find` of a one-character string takes the generic one."""
    if _NATIVE:
        return _find_quote_c(norm, q)  # noqa: F821 - platforms.pxd's
    return norm.find("“", q)


def _quoted_spans(norm: str) -> list[tuple[int, int, int, int]]:
    """`_QUOTED.finditer(norm)` as (start, name start, name end, end), by hand: at each “ (the next after the
    previous match, else after this one), `_quoted_close` and `_quoted_end` — what `find_platforms` reads, as a
    list (tests)."""
    out: list[tuple[int, int, int, int]] = []
    n = len(norm)
    q = _next_quote(norm, 0)
    while q >= 0:
        j = _quoted_close(norm, q, n)
        if j < 0:
            q = _next_quote(norm, q + 1)
            continue
        end = _quoted_end(norm, j, n)
        out.append((q, q + 1, j, end))
        q = _next_quote(norm, end)
    return out


def _word_at(s: str, p: int, words: tuple[str, ...]) -> int:
    """The length of the first of `words` printed at `s[p]`, 0 when none is."""
    for w in words:
        if s.startswith(w, p):
            return len(w)
    return 0


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """`any(x < b and a < y for x, y in spans)` (a loop: no generator)."""
    for x, y in spans:
        if x < b and a < y:
            return True
    return False


def _by_position(t: tuple[int, str, str]) -> tuple[int, int]:
    """The order of `find_platforms`' finds: by position, then the shorter mention first."""
    return t[0], len(t[2])


def _inside(spans: list[tuple[int, int]], p: int) -> bool:
    """`any(x <= p < y for x, y in spans)` (a loop: no generator)."""
    for x, y in spans:
        if x <= p < y:
            return True
    return False


def find_platforms(text: str, norm: str | None = None) -> tuple[PlatformRef, ...]:
    """Platforms named in `text`, canonical + as printed (without quotes), in order of appearance.
    `norm`: `normalize(text)` when the caller already has it (by position or keyword: `_measure` gives it
    by position, which the compiled wrapper parses without a keyword's lookup)."""
    if not text:
        return ()
    table = platform_table()
    if norm is None or len(norm) != len(text):
        norm = normalize(text)

    compiled = _COMPILED  # (read once: a module global's lookup each time)
    if compiled:
        listed, ends_like = _listed_scan(norm, table)
    else:
        listed, ends_like = [m.span() for m in table.pattern.finditer(norm)], _ends_like_place_platform(norm)
    start = _next_quote(norm, 0)  # (the first “: a quoted name opens with one)
    quotes = start >= 0
    if not listed and not quotes and not ends_like:
        return ()  # (no listed name, no quoted one, no place-prefixed one: nothing found, no lists made)
    found: list[tuple[int, str, str]] = []  # (position, canonical, mention)
    covered: list[tuple[int, int]] = []
    halls = bool(listed) and "分厅" in norm  # (what every branch hall ends with; asked only after a listed name)
    for a, b in listed:
        name = table.canonical[norm[a:b]]
        found.append((a, name, text[a:b]))
        covered.append((a, b))
        # "赣服通赣州分厅" / "“赣服通”景德镇分厅": a longer proper name built on a listed one
        hall = _BRANCH_HALL.match(norm, b) if halls else None
        if hall and "级" not in hall.group("hall"):
            end = hall.end()
            found.append((a, name + hall.group("hall"), _printed(text, a, end)))
            covered.append((a, end))

    # `_QUOTED`'s matches (`_quoted_spans`, read in place: no tuple a match): at each “, the name's closing ” and
    # the match's end
    n = len(norm)
    while start >= 0:
        b = _quoted_close(norm, start, n)
        if b < 0:
            start = _next_quote(norm, start + 1)
            continue
        a = start + 1
        end = _quoted_end(norm, b, n)
        read = None if covered and _inside(covered, a) else \
            _quoted_reading(_stripped(norm, a, b) if compiled else norm[a:b].strip(), table)
        if read is not None:
            key, ends_as_platform = read
            tail = norm[b + 1 : end]  # the "tail" group (after the closing quote), "" when it took no part
            if tail or ends_as_platform:
                # “工改”系统 is the listed 工程建设项目审批管理系统 (alias 工改系统)
                name = table.canonical.get(key + tail, table.canonical.get(key + tail[-2:], key))
                mention = _stripped(text, a, b) if compiled else text[a:b].strip()
                if name == key and tail and _MODE.search(key):
                    # “审管联动”平台 (石嘴山 line 26): the quotes name a way of working, the platform is
                    # "审管联动平台" — the mode alone ("审管联动") is no platform
                    name, mention = key + tail, _printed(text, a, end)
                found.append((a, name, mention))
                covered.append((start, end))
        start = _next_quote(norm, end)

    # every place-prefixed name ends in 平台/…系统/服务网/政府采购网/APP: no such ending, no scan
    placed: Iterable[re.Match[str]] = ()
    if ends_like:
        _, pattern, first, leads = _place_scan()
        placed = _place_matches(norm, pattern, first, leads) if compiled else pattern.finditer(norm)
    for m in placed:
        a, b = m.span()
        if _overlaps(covered, a, b):
            continue
        key = _norm(m.group(0))
        if key in table.generic:
            continue
        found.append((a, table.canonical.get(key, key), _printed(text, a, b)))
        covered.append((a, b))

    if not found:
        return ()
    if len(found) > 1:
        found.sort(key=_by_position)
    seen: set[str] = set()
    out: list[PlatformRef] = []
    for _, name, mention in found:
        if name in seen:
            continue
        seen.add(name)
        out.append(_new_platform_ref(name, mention))
    return tuple(out)
