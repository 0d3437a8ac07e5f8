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

import re
from dataclasses import dataclass
from functools import lru_cache

from dutygraph.loaders.base import record_builder
from dutygraph.records import PlatformRef

from .reference import _load, data_file, longest_word_pattern, norm as normalize, places

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
    pattern = longest_word_pattern(canonical, digit_guarded=lambda v: v[:1].isdigit() or v[-1:].isdigit())
    generic = frozenset(_norm(x) for x in data.get("generic", {}).get("names", []))
    return PlatformTable(canonical, pattern, generic)


def platform_table() -> PlatformTable:
    return _table(data_file("platforms.toml"))


@lru_cache(maxsize=4)
def _place_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    # every branch opens with a literal: the engine skips to candidate characters in C
    prefixes = "|".join(re.escape(s) + r"(?:省|市|区|县)?" for s in stems)
    return re.compile(
        rf"(?:国家|全国|{prefixes})(?P<core>[\u4e00-\u9fff+]{{4,16}}?)(?:平台|信息系统|管理系统|服务系统|服务网|政府采购网|APP)"
    )


_PLACE_PATTERNS: dict[int, tuple[object, re.Pattern[str]]] = {}


def _places_pattern() -> re.Pattern[str]:
    """`_place_pattern` for the current place table, looked up by identity (hashing the stems
    tuple on every item cost more than the scan)."""
    P = places()
    hit = _PLACE_PATTERNS.get(id(P))
    if hit is None or hit[0] is not P:
        if len(_PLACE_PATTERNS) > 8:
            _PLACE_PATTERNS.clear()
        hit = _PLACE_PATTERNS[id(P)] = (P, _place_pattern(P.stems))
    return hit[1]


def _printed(text: str, a: int, b: int) -> str:
    return text[a:b].translate(_STRIP_QUOTES).strip()


_PLACE_END_WORDS = re.compile("平台|系统|服务网|采购网|APP")  # what `_place_pattern` ends with
_QUOTED_READINGS: dict[str, tuple[str, bool] | None] = {}
_QUOTED_TABLE: list[PlatformTable] = []  # the table `_QUOTED_READINGS` was read against
_UNREAD = object()  # "not read yet" (None is a reading: not a platform name)


def _quoted_reading(raw_name: str, table: PlatformTable) -> tuple[str, bool] | None:
    """A quoted name's key and whether it ends like a platform, or None when it is generic, a
    slogan or a listed name (cached per name: quoted names recur across items and documents)."""
    if not _QUOTED_TABLE or _QUOTED_TABLE[0] is not table or len(_QUOTED_READINGS) > 1 << 15:
        _QUOTED_READINGS.clear()
        _QUOTED_TABLE[:] = [table]
    read = _QUOTED_READINGS.get(raw_name, _UNREAD)
    if read is not _UNREAD:
        return read  # type: ignore[return-value]
    key = _norm(raw_name)
    if key in table.generic or _SLOGAN.search(key) or key in table.canonical:
        read = None
    else:
        read = (key, bool(_ENDS_AS_PLATFORM.search(key)))
    _QUOTED_READINGS[raw_name] = read
    return read


def find_platforms(text: str, *, norm: str | None = None) -> tuple[PlatformRef, ...]:
    """Platforms named in `text`, canonical + as printed (without quotes), in order of appearance.
    `norm`: `normalize(text)` when the caller already has it."""
    if not text:
        return ()
    table = platform_table()
    if norm is None or len(norm) != len(text):
        norm = normalize(text)
    found: list[tuple[int, str, str]] = []  # (position, canonical, mention)
    covered: list[tuple[int, int]] = []

    halls = "分厅" in norm  # (what every branch hall ends with)
    for m in table.pattern.finditer(norm):
        a, b = m.span()
        name = table.canonical[m.group(0)]
        found.append((a, name, text[a:b]))
        covered.append((a, b))
        # "赣服通赣州分厅" / "“赣服通”景德镇分厅": a longer proper name built on a listed one
        hall = _BRANCH_HALL.match(norm, b) if halls else None
        if hall and "级" not in hall.group("hall"):
            end = hall.end()
            found.append((a, name + hall.group("hall"), _printed(text, a, end)))
            covered.append((a, end))

    for m in (_QUOTED.finditer(norm) if "“" in norm else ()):
        if covered and any(x <= m.start("name") < y for x, y in covered):
            continue
        read = _quoted_reading(m.group("name").strip(), table)
        if read is None:
            continue
        key, ends_as_platform = read
        if m.group("tail") or ends_as_platform:
            a, b = m.span("name")
            tail = m.group("tail") or ""
            # “工改”系统 is the listed 工程建设项目审批管理系统 (alias 工改系统)
            name = table.canonical.get(key + tail, table.canonical.get(key + tail[-2:], key))
            mention = text[a:b].strip()
            if name == key and tail and _MODE.search(key):
                # “审管联动”平台 (石嘴山 line 26): the quotes name a way of working, the platform is
                # "审管联动平台" — the mode alone ("审管联动") is no platform
                name, mention = key + tail, _printed(text, a, m.end())
            found.append((a, name, mention))
            covered.append((m.start(), m.end()))

    # every place-prefixed name ends in 平台/…系统/服务网/政府采购网/APP: no such ending, no scan
    for m in (_places_pattern().finditer(norm) if _PLACE_END_WORDS.search(norm) else ()):
        a, b = m.span()
        if any(x < b and a < y for x, y in covered):
            continue
        key = _norm(m.group(0))
        if key in table.generic:
            continue
        found.append((a, table.canonical.get(key, key), _printed(text, a, b)))
        covered.append((a, b))

    if len(found) > 1:
        found.sort(key=lambda t: (t[0], len(t[2])))
    seen: set[str] = set()
    out: list[PlatformRef] = []
    for _, name, mention in found:
        if name in seen:
            continue
        seen.add(name)
        out.append(_new_platform_ref(name, mention))
    return tuple(out)
