# cython: nonecheck=True
# (compiled: a None given as a typed resolver, `_ResolverFields` in resolve.pxd, raises the AttributeError Python does)
"""Resolve unit mentions to canonical, simplified, jurisdiction-scoped agency names.

    Resolver(赣州市).unit("市行政審批局")        -> 赣州市行政审批局
    Resolver(赣州市).unit("各縣〔市、區〕人民政府") -> 赣州市各县(市、区)人民政府 (collective)
    Resolver(芜湖市鸠江区).unit("区市监局")       -> 芜湖市鸠江区市场监督管理局
    Resolver(芜湖市鸠江区).unit("市自然资源和规划局鸠江分局") -> 芜湖市自然资源和规划局鸠江分局

How a mention is read (first rule that applies):
1. redacted ("市 (略)")                   -> unresolved, kept as printed (normalised);
2. a name local to the plan's jurisdiction ([[local_agency]]: "区自规局" in 鸠江区) or a place-named
   unit ([[place_agency]]: "鸠江公安局") -> its canonical name;
3. scope prefix: 市/全市/市直 -> the plan's city (the parent city in a district plan);
   区/全区/区直 -> the plan's district; none -> the plan's own jurisdiction;
4. collective (patterns in agencies.toml [collective]) -> scope + the rest, collective=True, with
   the table's synonyms made canonical ("市直相关部门" = "市直有关部门");
5. base name (with an optional "<place>分局" branch) in the alias table -> scope + canonical base
   (per-province canonical where the table says so);
6. a name that carries a known place (data/jurisdictions.toml) keeps it ("赣州海关"); a bare place
   ("南康区", "龙南市人民政府") is that place's people's government;
7. a unit-shaped name (suffix 局/委/办/中心/公司/集团/院…) -> scope + name (resolved by pattern);
8. otherwise unresolved: name = the normalised mention.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter

from dutygraph.loaders.base import record_builder, runs_compiled
from dutygraph.records import Jurisdiction, UnitRef

from .reference import _load, data_file, norm as normalize, places
from .units import looks_like_unit

# String patterns of the hot path, compiled once (re.<fn>(str) looks its cache up on every call); `_RX0`, `_RX1`
# and `_BRANCH` are the definitions `_POWER_NAMES`, `_branch_core` and `_branch_parts` read by position.
_RX0 = re.compile(r"(?:市|区|县)?供电(?:分)?公司")
_RX1 = re.compile(r"(?P<core>[\u4e00-\u9fff]{1,6}?)分局")


_QUOTES = str.maketrans("", "", "“”\"'‘’「」 \u3000\t")
_BRANCH = re.compile(r"^(?P<base>.+?[局委办])(?P<branch>[\u4e00-\u9fff]{1,3}分局)$")
# `_RX0.fullmatch`'s strings (its language is these eight), read as a set's membership
_POWER_NAMES = frozenset(f"{p}供电{b}公司" for p in ("", "市", "区", "县") for b in ("", "分"))
_GOV = "人民政府"
_UNREAD = object()
_new_unit_ref = record_builder(UnitRef)  # UnitRef(...) without the frozen __init__'s per-field guard


@dataclass(frozen=True, slots=True)
class AliasTable:
    base: dict[str, tuple[str, tuple[tuple[str, str], ...]]]  # key -> (canonical, by_province)
    place: dict[str, tuple[str, str]]  # full key -> (canonical, jurisdiction)
    local: dict[tuple[str, str], str]  # (plan jurisdiction, key) -> canonical
    collective_prefixes: tuple[str, ...]
    collective_contains: tuple[str, ...]
    collective_suffixes: tuple[str, ...]
    collective_synonyms: tuple[tuple[str, str], ...] = ()

    def collective_name(self, name: str) -> str:
        """A collective's canonical name: "赣州市直相关部门" -> "赣州市直有关部门"."""
        for word, canonical in self.collective_synonyms:
            name = name.replace(word, canonical)
        return name

    def canonical(self, key: str, province: str | None) -> str | None:
        hit = self.base.get(key)
        if hit is None:
            return None
        canonical, by_province = hit
        for prov, name in by_province:
            if prov == province:
                return name
        return canonical

    def is_collective(self, key: str) -> bool:
        return (
            key.startswith(self.collective_prefixes)
            or key.endswith(self.collective_suffixes)
            or _contains_any(self.collective_contains, key)
        )


@lru_cache(maxsize=8)
def _contains_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation over `words` (None when there are none): a scan in C, not one per word."""
    words = tuple(w for w in words if w)
    return re.compile("|".join(map(re.escape, words))) if words else None


def _contains_any(words: tuple[str, ...], key: str) -> bool:
    """`any(w in key for w in words)`: compiled, that loop (each `in` a C call on typed strs, cheaper on a
    short key than `_contains_pattern`'s cached lookup by the words' tuple and a regex call); as Python, one
    alternation over the words, a scan in C."""
    if _COMPILED:
        for w in words:
            if w in key:
                return True
        return False
    if "" in words:
        return True
    pattern = _contains_pattern(words)
    return pattern is not None and pattern.search(key) is not None


_COMPILED = runs_compiled(_contains_any)


# `_key`'s answers: a plain dict read by `.get` (compiled, the .pxd types it: a hit is the mention's
# hash and one probe, where an lru_cache's hit also calls through its wrapper and moves its link, ~1k
# instructions). Bounded as the lru cache it replaces: cleared when it holds _KEYS_MAX keys.
_KEYS: dict[str, str] = {}
_KEYS_MAX = 1 << 15


def _key(s: str) -> str:
    """A mention's lookup key (memoised: mentions recur across plans and jurisdictions)."""
    memo = _KEYS
    hit = memo.get(s)
    if hit is None:
        if len(memo) >= _KEYS_MAX:
            memo.clear()
        hit = memo[s] = _unquoted(normalize(s))
    return hit


def _unquoted(s: str) -> str:
    """`s.translate(_QUOTES)`: quotes and spaces dropped. Most keys hold none, and translate looks
    every character up in its table (a dict keyed by ints): one typed pass decides first."""
    for ch in s:
        if ch == "“" or ch == "”" or ch == '"' or ch == "'" or ch == "‘" or ch == "’" or ch == "「" or ch == "」" \
                or ch == " " or ch == "\u3000" or ch == "\t":  # (the characters of _QUOTES)
            return s.translate(_QUOTES)
    return s


# Answers of the alias table that depend on nothing else (asked again for the same names by the
# resolvers of every jurisdiction): is_collective(key), and _base(key, province) (a dict of names per
# province: no tuple key made and hashed per call). For one table (_TABLE_OF); bounded: cleared when
# full (_BASES: when its dicts hold _TABLE_MEMO_MAX answers in all, _bases_held[0]).
_COLLECTIVE: dict[str, bool] = {}
_BASES: dict[str | None, dict[str, str | None]] = {}
_bases_held = [0]
_TABLE_OF: list[object] = [None]
_TABLE_MEMO_MAX = 1 << 15
# What a mention reads as whatever the resolver's jurisdiction (`_reading_of`), for one table
# (`_READINGS_FOR`: [table, the keys its [[local_agency]] rows name in any jurisdiction]; another table
# empties it); bounded: cleared when it holds _TABLE_MEMO_MAX readings.
_READINGS: dict[str, tuple] = {}
_READINGS_FOR: list[object] = [None, frozenset(), None]  # + the place table


def _for_table(table: AliasTable) -> None:
    if _TABLE_OF[0] is not table:
        _COLLECTIVE.clear()
        _BASES.clear()
        _bases_held[0] = 0
        _TABLE_OF[0] = table


def _is_collective(table: AliasTable, key: str) -> bool:
    _for_table(table)
    memo = _COLLECTIVE  # (a local: compiled, the .pxd types it a dict, so .get is a direct call)
    hit = memo.get(key)
    if hit is None:
        if len(memo) >= _TABLE_MEMO_MAX:
            memo.clear()
        hit = memo[key] = table.is_collective(key)
    return hit


def _first_stem(bare: str, stems: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """The first (stem, jurisdiction, level) of `stems` whose stem begins `bare` and is shorter
    than it, or None (a module function: the .pxd types it)."""
    for entry in stems:
        stem = entry[0]
        if len(bare) > len(stem) and bare.startswith(stem):
            return entry
    return None


def _scope_of(key: str, city: str, district: str, own: str) -> tuple[str, str]:
    """(jurisdiction name, rest of the key) for a scope prefix, given a resolver's city, district
    and own jurisdiction; ("", key) when there is none (a module function: the .pxd types it).
    Read by the first two characters (typed, compiled: compares of code points):
    全市 / 全区 / 全县 -> city / district / own, the rest after them; 市直, 市属, 市本级 or 市 + anything
    but 场 ("市场监管局" has no scope prefix) -> city; 区直, 区属 or 区 + two characters or more ->
    district; 县直 -> own; each with the rest after its first character."""
    n = len(key)
    if n == 0:
        return "", key
    first = key[0]
    second = key[1] if n > 1 else " "
    if first == "全":
        if second == "市":
            return city, key[2:]
        if second == "区":
            return district, key[2:]
        if second == "县":
            return own, key[2:]
    elif first == "市":
        if second != "场":
            return city, key[1:]
    elif first == "区":
        if second == "直" or second == "属" or n > 2:
            return district, key[1:]
    elif first == "县":
        if second == "直":
            return own, key[1:]
    return "", key


def _scope_at(key: str) -> tuple[int, int]:
    """(which scope, where the rest starts) of `_scope_of(key, city, district, own)`, whatever the three:
    which is 0 (none: ("", key)), 1 (city), 2 (district) or 3 (own), and the rest is `key[start:]` (a
    module function: the .pxd types it; pinned to `_scope_of` in tests/test_perf_units_resolve.py)."""
    n = len(key)
    if n == 0:
        return 0, 0
    first = key[0]
    second = key[1] if n > 1 else " "
    if first == "全":
        if second == "市":
            return 1, 2
        if second == "区":
            return 2, 2
        if second == "县":
            return 3, 2
    elif first == "市":
        if second != "场":
            return 1, 1
    elif first == "区":
        if second == "直" or second == "属" or n > 2:
            return 2, 1
    elif first == "县":
        if second == "直":
            return 3, 1
    return 0, 0


def _base(table: AliasTable, rest: str, province: str | None) -> str | None:
    """The canonical base name of `rest` (with its "<place>分局" branch), or None (memoised per
    alias table: a pure function of the table, `rest` and `province`)."""
    _for_table(table)
    bases = _BASES  # (locals the .pxd types dicts: compiled, .get is a direct call)
    memo = bases.get(province)
    if memo is None:
        memo = bases[province] = {}
    hit = memo.get(rest, _UNREAD)
    if hit is _UNREAD:
        if _bases_held[0] >= _TABLE_MEMO_MAX:
            bases.clear()
            _bases_held[0] = 0
            memo = bases[province] = {}
        hit = memo[rest] = _base_of(table, rest, province)
        _bases_held[0] += 1
    return hit  # type: ignore[return-value]


def _base_of(table: AliasTable, rest: str, province: str | None) -> str | None:
    canonical = table.canonical(rest, province)
    if canonical is not None:
        return canonical
    parts = _branch_parts(rest)
    if parts is not None:
        base = table.canonical(parts[0], province)
        if base is not None:
            return base + parts[1]
    return None


# `_BRANCH.match` and `_RX1.fullmatch` read by position (compiled: typed loops over the code points, where a
# regex call made a Match read by group name; pinned to the patterns in tests/test_perf_units_resolve.py).

def _branch_parts(rest: str) -> tuple[str, str] | None:
    """(base, branch) of `_BRANCH.match(rest)` ("市公安局鸠江分局": 市公安局, 鸠江分局), else None: the shortest
    base of two characters or more ending in 局, 委 or 办 that leaves 1-3 CJK characters and 分局 to the end.
    (A line break, which `.` and `$` treat apart: the pattern itself.)"""
    if "\n" in rest:
        m = _BRANCH.match(rest)
        return None if m is None else (m.group("base"), m.group("branch"))
    n = len(rest)
    if n < 5 or not rest.endswith("分局"):
        return None
    u = n - 5 if n > 7 else 2
    while u <= n - 3:
        c = rest[u - 1]
        if (c == "局" or c == "委" or c == "办") and _all_cjk(rest, u, n - 2):
            return rest[:u], rest[u:]
        u += 1
    return None


def _branch_core(rest: str) -> str | None:
    """The "core" group of `_RX1.fullmatch(rest)` ("鸠江分局" -> 鸠江): 1-6 CJK characters before a closing
    分局, else None."""
    n = len(rest)
    if 3 <= n <= 8 and rest.endswith("分局") and _all_cjk(rest, 0, n - 2):
        return rest[: n - 2]
    return None


def _all_cjk(s: str, a: int, b: int) -> bool:
    """Whether every character of s[a:b] is in U+4E00-U+9FFF (`[\u4e00-\u9fff]`)."""
    while a < b:
        c = s[a]
        if c < "\u4e00" or c > "\u9fff":
            return False
        a += 1
    return True


@lru_cache(maxsize=8)
def _alias_table(path: str) -> AliasTable:
    data = _load(path)
    base: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}
    for row in data.get("agency", []):
        canonical = _key(str(row["canonical"]))
        by_prov = tuple(sorted((normalize(k), _key(v)) for k, v in (row.get("by_province") or {}).items()))
        for name in [canonical, *row.get("aliases", [])]:
            base.setdefault(_key(str(name)), (canonical, by_prov))
    place: dict[str, tuple[str, str]] = {}
    for row in data.get("place_agency", []):
        canonical = _key(str(row["canonical"]))
        for name in [canonical, *row.get("aliases", [])]:
            place.setdefault(_key(str(name)), (canonical, normalize(str(row.get("jurisdiction", "")))))
    local: dict[tuple[str, str], str] = {}
    for row in data.get("local_agency", []):
        where = normalize(str(row["jurisdiction"]))
        for name in [row["canonical"], *row.get("aliases", [])]:
            local.setdefault((where, _key(str(name))), _key(str(row["canonical"])))
    coll = data.get("collective", {})
    return AliasTable(
        base=base,
        place=place,
        local=local,
        collective_prefixes=tuple(normalize(x) for x in coll.get("prefixes", [])),
        collective_contains=tuple(normalize(x) for x in coll.get("contains", [])),
        collective_suffixes=tuple(normalize(x) for x in coll.get("suffixes", [])),
        collective_synonyms=tuple(sorted((normalize(k), normalize(v)) for k, v in coll.get("synonyms", {}).items())),
    )


# alias_table()'s last answer and the path it was read from: asked once per plan (resolver_for), it
# answers without the lru_cache's call (the same table: `_alias_table(path)` gives one object per path)
_ALIAS_FOR: list[object] = [None, None]


def alias_table() -> AliasTable:
    """`_alias_table(data_file("agencies.toml"))`."""
    path = data_file("agencies.toml")
    memo = _ALIAS_FOR
    if memo[1] is None or path != memo[0]:
        memo[1] = _alias_table(path)
        memo[0] = path
    return memo[1]  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Resolution:
    """A UnitRef plus how it was reached (for `dutygraph aliases review`)."""

    ref: UnitRef
    how: str  # redacted | place-alias | collective | alias | place | place-government | pattern | unresolved
    base: str = ""  # the base name looked up ("市监局"), when there was one


# Resolution(...) without the frozen __init__'s per-field guard; every field given, by position. A
# resolver caches a mention's answer as the tuple of these fields, (ref, how, base): only `explain`
# (the aliases review) makes a Resolution of it, extraction reads the ref alone.
_new_resolution = record_builder(Resolution)


def known_unit(text: str) -> bool:
    """True when `text` (a mention) is a name the alias table knows: a base name, a scoped base
    name ("区财政局", "市委编办"), a place-named unit, or a collective. Used to find where a clause
    starts when its opening bracket was lost ("八、获得信贷指标领域区财政局牵头)")."""
    key = _key(text)
    table = alias_table()
    if key in table.base or key in table.place:
        return True
    for prefix in ("市", "区", "县"):
        if key.startswith(prefix) and not key.startswith("市场") and key[1:] in table.base:
            return True
    return key.startswith(("各", "全市", "全区", "市直", "区直"))


# Resolvers shared across plans, least recently used first. Sized from figures (synthetic corpus,
# seed 0): a resolver costs ~2.3 KB plus ~400 B per cached mention (its answer and UnitRef);
# 1k documents have 289 jurisdictions with 76 mentions each (33 KB a resolver, 9.5 MB in all), 10k
# documents 300 with 232 (96 KB, 29 MB); China has ~3,200 county-level and higher jurisdictions.
# Bounds: _SHARED_MAX resolvers (~9 MB empty) and _MENTIONS_BUDGET cached mentions in all (~52 MB);
# past either, the least recently used resolvers go, down to 3/4 of the bound (not every resolver
# at once, as the old bound of 256 did: 1k documents made 468 resolvers for their 289 places).
_SHARED: OrderedDict[tuple[Jurisdiction, int, int], "Resolver"] = OrderedDict()
_SHARED_MAX = 4096
_MENTIONS_BUDGET = 1 << 17
_MENTIONS_MAX = 1 << 14  # one resolver's mentions (garbled text makes endless distinct ones)
# Mentions cached by the resolvers in _SHARED: compiled, a C integer (resolve.pxd), counted without an int
# object made per mention past 256 (as a list's item it was one, stored in place); read and set from outside the
# module by `cached_mentions` and `_set_cached` (compiled, no Python attribute of the module holds it).
_cached = 0


def cached_mentions() -> int:
    """How many mentions the resolvers in `_SHARED` have cached (`_cached`)."""
    return _cached


def _set_cached(n: int) -> int:
    """Set `_cached` to `n` (tests, with a `_SHARED` of their own); answers what it was."""
    global _cached
    was = _cached
    _cached = n
    return was


# `_SHARED`'s entries by the jurisdiction's type and fields (as its dataclass compares them) and the tables' ids:
# (the _SHARED they were put in, its key, the resolver). A plan's Jurisdiction is a new object equal to
# an earlier plan's, and its dataclass __hash__ and __eq__ run as Python (~1 µs each): here its fields are
# read in C (`_jurisdiction_fields`) and hashed as a tuple of strings, and `_SHARED` is asked only to
# move the entry it holds (the same key object: no __eq__). An entry counts only while its resolver is
# still in that same `_SHARED` (`_shared`, which `_evict` clears with the entry); bounded as `_SHARED` is.
_FRONT: dict[tuple, tuple] = {}
_jurisdiction_fields = attrgetter(*[f.name for f in fields(Jurisdiction) if f.compare])


def resolver_for(jurisdiction: Jurisdiction) -> "Resolver":
    """A Resolver shared by every plan of `jurisdiction` (mentions recur across plans and
    documents of one place). Keyed on the reference tables too, so $DUTYGRAPH_DATA still works."""
    global _cached
    place_table = places()
    table = alias_table()
    front = (type(jurisdiction), _jurisdiction_fields(jurisdiction), id(place_table), id(table))
    known = _FRONT.get(front)
    if known is not None and known[0] is _SHARED:
        hit = known[2]
        if hit._shared and hit._places is place_table and hit._table is table:
            _SHARED.move_to_end(known[1])
            if len(hit._cache) > _MENTIONS_MAX:
                _cached -= len(hit._cache)
                hit._cache.clear()
            return hit
    key = (jurisdiction, id(place_table), id(table))
    hit = _SHARED.get(key)
    if hit is None or hit._places is not place_table or hit._table is not table:
        if hit is not None:
            _evict(key)
        if len(_SHARED) >= _SHARED_MAX or _cached > _MENTIONS_BUDGET:
            _shrink()
        hit = _SHARED[key] = Resolver(jurisdiction)
        hit._shared = True
    else:
        _SHARED.move_to_end(key)
        if len(hit._cache) > _MENTIONS_MAX:
            _cached -= len(hit._cache)
            hit._cache.clear()
    if len(_FRONT) >= _SHARED_MAX:
        _FRONT.clear()
    _FRONT[front] = (_SHARED, key, hit)
    return hit


def _evict(key: tuple[Jurisdiction, int, int]) -> None:
    global _cached
    gone = _SHARED.pop(key)
    _FRONT.pop((type(key[0]), _jurisdiction_fields(key[0]), key[1], key[2]), None)
    gone._shared = False  # a plan still reading with it no longer counts its new mentions here
    _cached -= len(gone._cache)


def _shrink() -> None:
    """Drop the least recently used resolvers, down to 3/4 of both bounds."""
    while _SHARED and (len(_SHARED) > _SHARED_MAX * 3 // 4 or _cached > _MENTIONS_BUDGET * 3 // 4):
        _evict(next(iter(_SHARED)))


class _ResolverFields:
    """A Resolver's fields (set by `Resolver.__init__`). Slots: the module functions below read a resolver's
    fields for every mention a resolver has not cached, and its cache for every clause — a slot's read is its
    descriptor's, where an instance dict's is a probe of that dict by the name's hash. Compiled, an extension
    type (resolve.pxd): the functions, typed to take one, read the fields as struct members (a slot's read
    through the type's descriptor is ~130 instructions); still public attributes, read and set from Python.
    Resolver stays a Python class (its subclass: tests patch its __init__)."""

    __slots__ = ("jurisdiction", "_places", "_table", "_own", "_city", "_district", "_province", "_own_stem",
                 "_own_short", "_cache", "_shared", "_stems_memo")


class Resolver(_ResolverFields):
    """Resolves unit mentions within one plan's jurisdiction (results cached per mention)."""

    __slots__ = ()  # (the fields are `_ResolverFields`'s: no instance dict)

    def __init__(self, jurisdiction: Jurisdiction):
        self.jurisdiction = jurisdiction
        self._places = places()
        self._table = alias_table()
        own = normalize(jurisdiction.name or "")
        self._own = own
        level = jurisdiction.level
        if level in ("district", "county"):
            self._city = normalize(jurisdiction.parent or "") or self._places.city_of(own) or own
        else:
            self._city = own
        self._district = own
        self._province = self._places.province_of(own) or self._places.province_of(self._city)
        short = normalize(jurisdiction.short or "") or own
        stem = short[:-1] if short.endswith(("市", "区", "县")) and len(short) >= 3 else short
        self._own_stem = stem if len(stem) >= 2 else ""
        self._own_short = short
        self._cache: dict[str, tuple[UnitRef, str, str]] = {}  # mention -> (ref, how, base)
        self._shared = False  # in _SHARED: its cached mentions count against _MENTIONS_BUDGET
        self._stems_memo: list[tuple[str, str, str]] | None = None

    # -------------------------------------------------------------- public

    def unit(self, mention: str) -> UnitRef:
        return _explained(self, mention)[0]

    def units(self, mentions: Iterable[str]) -> tuple[UnitRef, ...]:
        return _units_of(self, mentions)

    def explain(self, mention: str) -> Resolution:
        return _new_resolution(*_explained(self, mention))

    # -------------------------------------------------------------- rules

    def _stems(self) -> list[tuple[str, str, str]]:
        """(stem, jurisdiction, level) of the plan's own place, its city, and every listed place
        (computed once per Resolver: it only depends on the jurisdiction and the tables)."""
        if self._stems_memo is None:
            self._stems_memo = self._stems_of()
        return self._stems_memo

    def _stems_of(self) -> list[tuple[str, str, str]]:
        out = []
        if self._own_stem:
            out.append((self._own_stem, self._own, self.jurisdiction.level))
        city_short = self._city[:-1] if self._city.endswith("市") and len(self._city) >= 3 else ""
        if city_short and city_short != self._own_stem:
            out.append((city_short, self._city, "city"))
        places = self._places  # (the table and its dict read once, not per stem: each is an attribute lookup)
        by_stem = places.by_stem
        for stem in places.stems:
            place = by_stem[stem]
            if place.level != "province":
                out.append((stem, place.name, place.level))
        return out


    def _place_named(self, key: str, mention: str) -> Resolution | None:
        named = _place_named_of(self, key, mention)
        return None if named is None else _new_resolution(*named)

    def _place_in(self, key: str) -> str | None:
        return _place_in_of(self._places.stems, key)

    def _resolve(self, mention: str) -> Resolution:
        return _new_resolution(*_resolution_of(self, mention))


# The resolver's work as module functions (compiled, the .pxd types them: a cache typed a dict is read
# by direct calls, and no method is looked up per mention or per rule).

def _units_of(r: Resolver, mentions: Iterable[str]) -> tuple[UnitRef, ...]:
    """`r.units(mentions)`: each mention's UnitRef, from the resolver's cache where it has one. A tuple of
    none, one or two mentions (most clauses' lists) is answered without a list. A miss goes to `_unexplained`
    (the cache not asked twice)."""
    cache = r._cache
    if type(mentions) is tuple:
        items = mentions  # (a local the .pxd types a tuple: compiled, each item read in place)
        n = len(items)  # type: ignore[arg-type]
        if n == 0:
            return ()
        if n == 1:
            return (_ref_of(r, cache, items[0]),)  # type: ignore[index]
        if n == 2:  # (the two asked in order, as the list below does)
            return (_ref_of(r, cache, items[0]), _ref_of(r, cache, items[1]))  # type: ignore[index]
    return tuple([_ref_of(r, cache, m) for m in mentions])


def _ref_of(r: Resolver, cache: dict, mention: str) -> UnitRef:
    """`mention`'s UnitRef for `_units_of`: `r`'s cached answer (`cache`, r._cache), else `_unexplained`'s."""
    hit = cache.get(mention)
    return (hit if hit is not None else _unexplained(r, mention, cache))[0]


def _explained(r: Resolver, mention: str) -> tuple[UnitRef, str, str]:
    """`r.explain(mention)`'s fields (ref, how, base): the cached answer, or the rules' answer, then
    cached (and counted against the shared resolvers' budget when `r` is one of them)."""
    cache = r._cache
    hit = cache.get(mention)
    if hit is None:
        hit = _unexplained(r, mention, cache)
    return hit


def _unexplained(r: Resolver, mention: str, cache: dict) -> tuple[UnitRef, str, str]:
    """`_explained(r, mention)` for a mention not in `r`'s cache (`cache`, r._cache): the answer of its
    reading (`_read_resolution`), else of the rules in full (`_resolution_of`, given the key the reading
    holds: `_key` not asked again), then cached and counted (`_cached`). (The resolver's own name read once here
    and given to `_from_reading`.)"""
    global _cached
    hit = None
    own = r._own
    if own:
        reading = _reading_for(r, mention)
        hit = _from_reading(r, own, mention, reading)
        if hit is None:
            hit = _resolution_by_key(r, mention, reading[1])
    else:
        hit = _resolution_of(r, mention)
    cache[mention] = hit
    if r._shared:
        _cached += 1
    return hit


# The kinds of `_reading_of`'s readings: what the rules answer for a mention in every jurisdiction but
# the plan's own names (the scope's place, the province's canonical base name). A reading is
# (kind, key, scope, rest, base): `base` is the base name `_base` gives for `rest` in every province
# (`_base_free`), or None where it depends on the province (then asked of `_base`); a reading by the
# rules in full is (_BY_RULES, key) alone.
_BY_RULES = 0  # read by the rules in full (`_resolution_of`)
_ALIAS = 1  # a whole base name without scope prefix: (kind, key, 0, key, base)
_COLLECTIVE_OF = 2  # a collective: (kind, key, scope, rest, None)
_ALIAS_REST = 3  # scope prefix + base name: (kind, key, scope, rest, base)
_PATTERN = 4  # rule 7, a unit-shaped name, when no listed place's stem begins or is in the key: (kind, key, scope, rest, None)


def _base_free(table: AliasTable, rest: str) -> str | None:
    """`_base(table, rest, province)` when that is one name whatever the province (its row, or its
    branch's base row, names none by province), else None (no base name, or one per province). Pinned
    to `_base` in tests/test_resolve_readings.py."""
    names = table.base
    hit = names.get(rest)
    if hit is not None:
        return None if hit[1] else hit[0]
    parts = _branch_parts(rest)
    if parts is not None:
        hit = names.get(parts[0])
        if hit is not None and not hit[1]:
            return hit[0] + parts[1]
    return None


def _reading_of(table: AliasTable, mention: str, province: str | None) -> tuple:
    """What `_resolution_of` does with `mention` by rules 4 and 5 (the module docstring) in any
    jurisdiction with a name (a module function: the .pxd types it). The rules before them answer
    only for a key that is empty, redacted, a place-named unit or a local name anywhere
    ((_BY_RULES, key): the rules in full); rule 5's direct base name and the scope's rest having a base
    name do not depend on the province (`canonical` is None for a key the table lacks, whatever the
    province: `province` only says which name, and the reading keeps it only where it is one name in
    every province), nor does whether the key or rest is a collective. Anything else: the rules."""
    key = _key(mention)
    if not key or "略" in key:
        return (_BY_RULES, key)
    names = table.place
    if key in names:
        return (_BY_RULES, key)
    local = _READINGS_FOR[1]
    if key in local:  # type: ignore[operator]
        return (_BY_RULES, key)
    collective = _is_collective(table, key)
    if not collective and _base(table, key, province) is not None:
        return (_ALIAS, key, 0, key, _base_free(table, key))
    scope, start = _scope_at(key)
    rest = key[start:] if start else key
    if collective or _is_collective(table, rest):
        return (_COLLECTIVE_OF, key, scope, rest, None)
    if rest and _base(table, rest, province) is not None:
        return (_ALIAS_REST, key, scope, rest, _base_free(table, rest))
    # rule 7 where rule 6 finds no listed place: none of their stems in the key (`_place_in_of`; a stem
    # beginning the name, `_place_named_of`'s, is in it too); the plan's own and city stems, the rest of
    # rule 6, are `_from_reading`'s to ask
    if rest and looks_like_unit(rest) and _place_in_of(_READINGS_FOR[2].stems, key) is None:  # type: ignore[attr-defined]
        return (_PATTERN, key, scope, rest, None)
    return (_BY_RULES, key)


def _reading_for(r: Resolver, mention: str) -> tuple:
    """The mention's reading (`_reading_of`) for `r`'s alias and place tables, kept in `_READINGS` (shared
    by the resolvers of every jurisdiction; emptied for another table; bounded)."""
    table = r._table
    place_table = r._places
    tables = _READINGS_FOR  # (a local the .pxd types a list: compiled, its items read in place)
    if tables[0] is not table or tables[2] is not place_table:
        _READINGS.clear()
        tables[1] = frozenset([k for _, k in table.local])
        tables[2] = place_table
        tables[0] = table
    readings = _READINGS  # (locals the .pxd types dicts: compiled, .get is a direct call)
    reading = readings.get(mention)
    if reading is None:
        if len(readings) >= _TABLE_MEMO_MAX:
            readings.clear()
        reading = readings[mention] = _reading_of(table, mention, r._province)
    return reading


def _read_resolution(r: Resolver, mention: str) -> tuple[UnitRef, str, str] | None:
    """`_resolution_of(r, mention)` from the mention's reading (`_READINGS`, shared by the resolvers of
    every jurisdiction), or None when the reading leaves it to the rules in full (or `r`'s jurisdiction
    has no name). The same answer, with the same objects in the UnitRef: the resolver's own, city or
    district name, the mention, a name made by concatenation."""
    own = r._own
    if not own:
        return None
    return _from_reading(r, own, mention, _reading_for(r, mention))


def _from_reading(r: Resolver, own: str, mention: str, reading: tuple) -> tuple[UnitRef, str, str] | None:
    """`_read_resolution(r, mention)` given the mention's reading and `r`'s own name (`r._own`, not empty)."""
    kind = reading[0]
    if kind == _BY_RULES:
        return None
    key = reading[1]
    base = reading[4]
    if kind == _ALIAS:
        if base is None:
            base = _base(r._table, key, r._province)
        return (_new_unit_ref(own + base, mention, False, own, True), "alias", key)
    if kind == _PATTERN:
        # rule 6 by the plan's own or city stem (the first two of `r._stems()` when it has them:
        # `_first_stem`'s, and the own stem's place-government and place) needs that stem in the key;
        # asked of the first two whatever they are, to be sure
        stems = r._stems_memo
        if stems is None:
            stems = r._stems()
        n = len(stems)
        if (n > 0 and stems[0][0] in key) or (n > 1 and stems[1][0] in key):
            return None
    scope = reading[2]
    where = own if scope == 0 else r._city if scope == 1 else r._district if scope == 2 else own
    where = where or own
    rest = reading[3]
    if kind == _PATTERN:
        return (_new_unit_ref(where + rest, mention, False, where, True), "pattern", rest)
    if kind == _COLLECTIVE_OF:
        return (_new_unit_ref(r._table.collective_name(where + rest), mention, True, where, True), "collective", rest)
    if base is None:
        base = _base(r._table, rest, r._province)
    return (_new_unit_ref(where + base, mention, False, where, True), "alias", rest)


def _place_named_of(r: Resolver, key: str, mention: str) -> tuple[UnitRef, str, str] | None:
    """"青羊税务局" = 成都市青羊区税务局; "牟平公安分局" = 烟台市公安局牟平分局;
    "国网牟平供电公司" = "牟平供电公司": a place's stem + a known base name (`r._place_named`)."""
    bare = key[2:] if key.startswith("国网") else key
    # only the first stem that begins the name is read (every branch below returns)
    first = _first_stem(bare, r._stems())
    if first is None:
        return None
    stem, where, level = first
    rest = bare[len(stem) :]
    if rest in _POWER_NAMES:  # (`_RX0.fullmatch(rest)`)
        return (_new_unit_ref(f"国网{stem}供电公司", mention, False, where, True), "place-pattern", rest)
    if bare is not key:
        return None
    if rest[:1] in ("市", "区", "县") and len(rest) > 2:
        rest = rest[1:]
    base = r._table.canonical(rest, r._province)
    if base is not None:
        return (_new_unit_ref(where + base, mention, False, where, True), "place-pattern", rest)
    branch = _branch_core(rest)  # (`_RX1.fullmatch(rest)`'s core)
    if branch is not None and level in ("district", "county"):
        places = r._places
        parent = places.city_of(where) if where in places.by_name else None
        parent = parent or (r._city if where == r._own and r._city != r._own else None)
        core = r._table.canonical(branch + "局", r._province)
        if core is not None and parent:
            return (_new_unit_ref(f"{parent}{core}{stem}分局", mention, False, where, True), "place-pattern", rest)
    return None


def _place_in_of(stems: Iterable[str], key: str) -> str | None:
    """The first of the listed places' `stems` that `key` contains (`r._place_in`), or None."""
    for stem in stems:
        if stem in key:
            return stem
    return None


def _resolution_of(r: Resolver, mention: str) -> tuple[UnitRef, str, str]:
    """`r._resolve(mention)`'s fields (ref, how, base): the rules in order (the module docstring). A
    module function, so the .pxd types it: the resolver's fields read once into typed locals, each
    UnitRef built by position (`_new_unit_ref(name, mention, collective, jurisdiction, resolved)`),
    no method call per rule."""
    return _resolution_by_key(r, mention, _key(mention))


def _resolution_by_key(r: Resolver, mention: str, key: str) -> tuple[UnitRef, str, str]:
    """`_resolution_of(r, mention)` given the mention's key (`_key(mention)`)."""
    own = r._own
    if not key:
        return (_new_unit_ref("", mention, False, own, False), "unresolved", "")
    if "略" in key:
        return (_new_unit_ref(normalize(mention).strip(), mention, False, own, False), "redacted", "")
    table = r._table
    names = table.local  # (the table's dicts in locals the .pxd types: .get is a direct call)
    local = names.get((own, key))
    if local is not None:
        return (_new_unit_ref(local, mention, False, own, True), "local-alias", key)
    names = table.place
    placed = names.get(key)
    if placed is not None:
        canonical, where = placed
        return (_new_unit_ref(canonical, mention, False, where or own, True), "place-alias", key)
    # a whole base name without scope prefix ("市场监管局", "市监局", "人社局")
    province = r._province
    direct = _base(table, key, province)
    if direct is not None and not _is_collective(table, key):
        return (_new_unit_ref(own + direct, mention, False, own, True), "alias", key)
    scope, rest = _scope_of(key, r._city, r._district, own)
    where = scope or own
    if _is_collective(table, key) or _is_collective(table, rest):
        name = table.collective_name(where + rest)
        return (_new_unit_ref(name, mention, True, where, True), "collective", rest)
    if rest:
        base = _base(table, rest, province)
        if base is not None:
            return (_new_unit_ref(where + base, mention, False, where, True), "alias", rest)
    named = _place_named_of(r, key, mention)
    if named is not None:
        return named
    stem = _place_in_of(r._places.stems, key)
    if stem is not None:
        place = r._places.by_stem[stem]
        bare = key[: -len(_GOV)] if key.endswith(_GOV) else key
        if bare in (place.short, place.name, place.stem):
            return (_new_unit_ref(place.name + _GOV, mention, False, place.name, True), "place-government", key)
        return (_new_unit_ref(key, mention, False, place.name, looks_like_unit(key)), "place", key)
    own_stem = r._own_stem
    if own_stem and (key[: -len(_GOV)] if key.endswith(_GOV) else key) in (own_stem, r._own_short):
        return (_new_unit_ref(own + _GOV, mention, False, own, True), "place-government", key)
    if own_stem and key.startswith(own_stem) and key != own_stem:
        # the plan's own place, not in data/jurisdictions.toml: "弋江公安分局" in a 弋江区 plan
        return (_new_unit_ref(key, mention, False, own, looks_like_unit(key)), "place", key)
    if rest and looks_like_unit(rest):
        return (_new_unit_ref(where + rest, mention, False, where, True), "pattern", rest)
    return (_new_unit_ref(key, mention, False, where, False), "unresolved", rest)
