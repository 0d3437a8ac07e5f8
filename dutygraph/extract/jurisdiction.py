"""A plan's jurisdiction from its title or issuer; inferred from the body when the name is redacted.

    detect_jurisdiction("赣州市优化提升营商环境专项行动方案")      -> 赣州市 (city)
    detect_jurisdiction("鸠江区创建一流营商环境提升行动方案")      -> 芜湖市鸠江区 (district, parent 芜湖市)
    detect_jurisdiction("(略) 2023年营商环境提升行动工作方案", body=…) -> 石嘴山市, inferred=True,
        evidence ("units named 石嘴山… (n)", "districts/counties of 石嘴山市: 平罗县 …", "phone code 0952")

Known places, their levels, parents and phone area codes are in data/jurisdictions.toml. The title
and issuer are read first (the most specific place wins: a district over its city); a place the
table does not know, named at the start of the title ("弋江区…方案"), is taken as printed with its
level from its suffix; only when neither names a place is the body's evidence weighed, and the
result is marked inferred.
"""

from __future__ import annotations

import re

from dutygraph.loaders.base import record_builder, runs_compiled
from dutygraph.loaders.normalize import normalize_kept
from dutygraph.records import Document, Jurisdiction

from .reference import Place, Places, norm as normalize, places

# Jurisdiction(...) by position, every field in order (name, level, parent, short, inferred, evidence): no
# frozen __init__ with a guarded store per field (a plan's place is built afresh for most plans)
_new_jurisdiction = record_builder(Jurisdiction)

_LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "district": 2}
# A phone area code before its dash: "0797-" with no digit before the 0. Written to open with the literal "0"
# (the engine skips to each "0" in C; a leading look-behind made it try the pattern at every character
# of a 50,000-character body): `(?<!\d0)` after the "0" is `(?<!\d)` before it. The same matches as
# `(?<!\d)(0\d{2,3})[-－—]` (`_PHONE_PLAIN`, which the tests hold it to).
_PHONE = re.compile(r"(0(?<!\d0)\d{2,3})[-－—]")
_PHONE_PLAIN = re.compile(r"(?<!\d)(0\d{2,3})[-－—]")
# Book titles inside a title ("关于印发《X》的通知") name the plan itself: read them too.
_SUPERIOR = ("国务院", "国家", "全国")


_FIRST_CHARS: dict[int, tuple[Places, dict[str, list[Place]], bytes | None, tuple[tuple[Place, ...], ...]]] = {}


def _by_first_char(P: Places) -> dict[str, list[Place]]:
    """Places by the first character of their name, short name or stem (per place table)."""
    return _first_chars_read(P)[1]


def _first_chars_read(P: Places) -> tuple[Places, dict[str, list[Place]], bytes | None, tuple[tuple[Place, ...], ...]]:
    """(P, `_by_first_char(P)`, and its `_char_table` for `_places_named_from`), made once per place table."""
    hit = _FIRST_CHARS.get(id(P))
    if hit is None or hit[0] is not P:
        if len(_FIRST_CHARS) > 8:
            _FIRST_CHARS.clear()
        index: dict[str, list[Place]] = {}
        for place in P.by_name.values():
            for ch in dict.fromkeys(form[:1] for form in (place.name, place.short, place.stem) if form):
                index.setdefault(ch, []).append(place)
        hit = _FIRST_CHARS[id(P)] = (P, index, *_char_table(index))
    return hit


def _char_table(groups: dict[str, list]) -> tuple[bytes | None, tuple[tuple, ...]]:
    """A typed scan's reading of `groups` (a character -> its items): a byte per code point below U+10000, 0 for
    the characters of no group, else 1 + the index of its group in the tuple returned (the groups' items as
    tuples, in order); the table None when a character is above U+FFFF or there are more than 255 groups."""
    table = bytearray(0x10000)
    for g, ch in enumerate(groups):
        if ch > "\uffff" or g >= 255:
            return None, ()
        table[ord(ch)] = g + 1
    return bytes(table), tuple([tuple(items) for items in groups.values()])


def _mentions(text: str, P: Places) -> list[tuple[int, Place]]:
    """Known places named in `text` (full name, short name, or stem + level suffix), by position."""
    norm = normalize(text)
    # only places one of whose forms starts with a character of the text can be named in it (compiled: the
    # text's characters looked up in a table, one typed pass; as Python, each first character of the table
    # looked for in the text: `set(norm)` made a string of each CJK character). Which order the candidates
    # come in does not matter: the places found are sorted by position and name (their key).
    _, index, table, groups = _first_chars_read(P)
    if _COMPILED and table is not None:
        candidates = _places_named_from(norm, table, groups)
    else:
        candidates = {place.name: place for ch, starting in index.items() if ch in norm for place in starting}
    found: list[tuple[int, Place]] = []
    for place in candidates.values():
        # earliest of the full and short name (a fixed rule: iterating a set here made the recorded
        # position depend on the hash seed)
        starts = [i for form in (place.name, place.short) if form and (i := norm.find(form)) >= 0]
        if starts:
            found.append((min(starts), place))
        else:
            # the stem alone ("红谷滩优化营商环境…", "赣州海关") counts when it is not part of a longer word
            if len(place.stem) >= 2:
                i = norm.find(place.stem)
                if i >= 0 and place.level != "province":
                    found.append((i, place))
    return sorted(found, key=_by_position)


def _places_named_from(norm: str, table: bytes, groups: tuple[tuple[Place, ...], ...]) -> dict[str, Place]:
    """`_mentions`' candidates by name: the places of each group (`_char_table` of `_by_first_char`) whose
    character occurs in `norm`, read in one pass over its characters."""
    candidates: dict[str, Place] = {}
    first = table  # (compiled: the table's bytes read in place)
    for c in norm:
        if c <= "\uffff":
            g = first[ord(c)]
            if g:
                for place in groups[g - 1]:
                    candidates[place.name] = place
    return candidates


def _by_position(item: tuple[int, Place]) -> tuple[int, str]:
    """`_mentions`' order: by position, then name (a module function: no lambda made per call)."""
    return item[0], item[1].name


def _jur(place: Place, *, inferred: bool = False, evidence: tuple[str, ...] = ()) -> Jurisdiction:
    return _new_jurisdiction(place.name, place.level, place.parent, place.short, inferred, evidence)


def _most_specific(found: list[tuple[int, Place]], P: Places) -> Place | None:
    if not found:
        return None
    names = {p.name for _, p in found}
    # prefer a place whose parent is also named, then the deepest level, then the first named
    def key(item: tuple[int, Place]) -> tuple[int, int, int]:
        pos, p = item
        return (-_LEVEL_RANK.get(p.level, 1), 0 if p.parent in names else 1, pos)

    return min(found, key=key)[1]


# A place not in data/jurisdictions.toml, named at the start of a plan's name: "弋江区…行动方案".
_LEAD_PLACE = re.compile(
    r"^(?:关于印发|关于|印发)?[《“\"]?(?P<place>[\u4e00-\u9fff]{2,8}?(?:自治区|省|市|区|县|旗))"
    r"(?![场民级直属委])"  # "劳动力市场…", "…市民…" are no places
)
_NOT_PLACE = re.compile(r"^(?:全|我|本|各|辖|该|此|某)|^(?:城市|县区|市县|区县|城区|新区|中心城区|开发区|市区|园区|片区|省市|各县区)$")
_LEVEL_BY_SUFFIX = {"省": "province", "自治区": "province", "市": "city", "区": "district", "县": "county", "旗": "county"}
# `_LEAD_PLACE`'s place endings in the order a name's ending is read ("自治区" before "区")
_PLACE_SUFFIXES = ("自治区", "省", "市", "区", "县", "旗")


# where `_lead_place` reads a place: after 关于印发, after 关于 and at the start; after 关于 or 印发 and at the
# start; at the start
_AFTER_BOTH = (4, 2, 0)
_AFTER_ONE = (2, 0)
_AT_START = (0,)


def _lead_place(s: str) -> str | None:
    """The "place" group of `_LEAD_PLACE.match(s)`, else None, read by position (compiled: typed loops over the
    code points, where the pattern's call made a Match; pinned to it in tests/test_perf_equivalence.py): after
    the opening words the pattern tries in turn (关于印发, 关于 or 印发, then none) and an optional opening
    quote, the shortest run of 2-8 CJK characters followed by a place ending not followed by 场民级直属委."""
    if s.startswith("关于印发"):
        starts = _AFTER_BOTH
    elif s.startswith("关于") or s.startswith("印发"):
        starts = _AFTER_ONE
    else:
        starts = _AT_START
    for i in starts:
        if i < len(s) and (s[i] == "《" or s[i] == "“" or s[i] == '"'):
            i += 1  # (without the quote the place would begin with it: no CJK character)
        place = _place_at(s, i)
        if place is not None:
            return place
    return None


def _place_at(s: str, i: int) -> str | None:
    """`_LEAD_PLACE`'s place group matched at `i`: 2-8 CJK characters (as few as will do), then the first of its
    endings that follows, not followed by 场民级直属委; else None."""
    n = len(s)
    j = i
    while j < n and j - i < 8 and "\u4e00" <= s[j] <= "\u9fff":
        j += 1
        if j - i >= 2:
            e = j + 3 if s.startswith("自治区", j) else j + 1 if j < n and s[j] in "省市区县旗" else -1
            if e >= 0 and (e >= n or s[e] not in "场民级直属委"):
                return s[i:e]
    return None


_COMPILED = runs_compiled(_place_at)


def _parent_in(name: str, context: str) -> str | None:
    """"成都市青羊区" in the issuer or body names the parent city of a title's bare "青羊区"."""
    # = re.search(r"([\u4e00-\u9fff]{2,4}?市)" + re.escape(name), context).group(1), without
    # compiling a pattern per name (a CJK range costs ~1 ms to compile; names vary per plan)
    return _city_at(context, _city_before(name, context, len(context)))


def _city_before(name: str, context: str, end: int) -> tuple[int, int] | None:
    """(start, end) of the leftmost, then shortest, "XX市" (2-4 CJK characters and 市) right before
    `name` in `context[:end]` (the occurrences inside it, read in place: no copy cut), or None."""
    best: tuple[int, int] | None = None
    key = "市" + name
    q = context.find(key, 0, end)
    while q >= 0:
        for k in (2, 3, 4):
            p = q - k
            if p < 0 or (best is not None and p > best[0]):
                continue
            if all("\u4e00" <= c <= "\u9fff" for c in context[p:q]) and (best is None or p < best[0]):
                best = (p, q + 1)
        q = context.find(key, q + 1, end)
    return best


def _city_at(context: str, best: tuple[int, int] | None) -> str | None:
    """The city `_city_before` found, unless it is no place ("城市", "各县区"…)."""
    if best is None:
        return None
    city = context[best[0] : best[1]]
    if _NOT_PLACE.search(city):
        return None
    return city


# A title's (or issuer's) unlisted place as far as the text alone tells it, per place table and text:
# None, or (name, level, parent, short) with parent None where the issuer or body may name it. Plain
# dicts (titles and issuers recur: an issuer across a file's plans and a corpus's files), each cleared
# when it holds _READ_MAX answers, or when another place table is read (`_READ_FOR`).
_UNLISTED_READ: dict[str, tuple[str, str, str | None, str] | None] = {}
_NAMED_READ: dict[str, tuple[Jurisdiction | None, tuple[Place, ...]]] = {}
_READ_FOR: list[object] = [None]
_READ_MAX = 1 << 13
_UNREAD = object()


def _read_for(P: Places) -> None:
    """Empty the readings' memos when they were made with another place table than `P`."""
    if _READ_FOR[0] is not P:
        _UNLISTED_READ.clear()
        _NAMED_READ.clear()
        _READ_FOR[0] = P


def _unlisted_lead(title: str, P: Places) -> tuple[str, str, str | None, str] | None:
    """`_unlisted_place`'s reading of `title` alone: (name, level, parent, short) or None (memoised
    per place table: `_read_for` is called first)."""
    memo = _UNLISTED_READ
    hit = memo.get(title, _UNREAD)
    if hit is _UNREAD:
        if len(memo) >= _READ_MAX:
            memo.clear()
        hit = memo[title] = _read_unlisted(title, P)
    return hit  # type: ignore[return-value]


_CITY_NAMES: dict[int, tuple[Places, tuple[str, ...]]] = {}


def _city_names(P: Places) -> tuple[str, ...]:
    """The names of the table's cities, in its order (per place table): `_read_unlisted` tries each."""
    hit = _CITY_NAMES.get(id(P))
    if hit is None or hit[0] is not P:
        if len(_CITY_NAMES) > 8:
            _CITY_NAMES.clear()
        hit = _CITY_NAMES[id(P)] = (P, tuple([p.name for p in P.by_name.values() if p.level == "city"]))
    return hit[1]


def _read_unlisted(title: str, P: Places) -> tuple[str, str, str | None, str] | None:
    name = _lead_place(normalize(title).strip())
    if name is None or _NOT_PLACE.search(name):
        return None
    level = ""
    for suffix in _PLACE_SUFFIXES:  # (a loop, not `next()` of a generator: no generator object per title)
        if name.endswith(suffix):
            level = _LEVEL_BY_SUFFIX[suffix]
            break
    parent = None
    for city in _city_names(P):  # "芜湖市弋江区": a known city followed by an unlisted district
        if name.startswith(city) and len(name) > len(city):
            parent = city
            break
    short = name[len(parent) :] if parent else name
    return name, level, parent, short


# How much of the body `_unlisted_place` reads for a bare district's city, and how much of a file's
# text `file_jurisdiction` weighs
_PARENT_CONTEXT = 20000
_FILE_BODY = 50000


def _unlisted_place(
    title: str, P: Places, issuer: str = "", body: str = "", body_normalized: bool = False
) -> Jurisdiction | None:
    """A place the table does not list, named at the start of `title`; a bare district or county
    takes its parent city from the issuer or the body's first 20,000 characters."""
    _read_for(P)
    lead = _unlisted_lead(title, P)
    if lead is None:
        return None
    name, level, parent, short = lead
    if parent is None and level in ("district", "county"):
        if body_normalized:
            # (a normalised body as it is: nothing in `normalize` acts across a line break) — the
            # context f"{normalize(issuer)}\n{body[:20000]}" read in its two parts, no copy made: the
            # name is CJK only, so no occurrence spans the line break, and the leftmost is the
            # issuer's when it has one
            issuer_norm = normalize(issuer)
            found = _city_before(name, issuer_norm, len(issuer_norm))
            parent = _city_at(issuer_norm, found) if found is not None else _city_at(
                body, _city_before(name, body, _PARENT_CONTEXT)
            )
        else:
            parent = _parent_in(name, normalize(f"{issuer}\n{body[:_PARENT_CONTEXT]}"))
        if parent is not None:
            name = parent + name
    return _new_jurisdiction(  # (name, level, parent, short, inferred, evidence)
        name, level, parent, short, False, (f"title names {name} (not in data/jurisdictions.toml)",)
    )


_BELOW = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:区|县)")
_NOT_BELOW = ("开发区", "园区", "城区", "试验区", "示范区", "保税区", "综保区", "片区", "景区", "社区", "县区", "市区")


def _unlisted_below(title: str, city: Place) -> Jurisdiction | None:
    """"芜湖市弋江区…": a district/county of a known city that the table does not list."""
    if city.level != "city":
        return None
    norm = normalize(title)
    i = norm.find(city.name)
    if i < 0:
        return None
    m = _BELOW.match(norm, i + len(city.name))
    if m is None or m.group(0).endswith(_NOT_BELOW) or _NOT_PLACE.search(m.group(0)):
        return None
    level = "district" if m.group(0).endswith("区") else "county"
    return _new_jurisdiction(  # (name, level, parent, short, inferred, evidence)
        city.name + m.group(0), level, city.name, m.group(0), False,
        (f"title names {m.group(0)} of {city.name} (not in data/jurisdictions.toml)",),
    )


def detect_jurisdiction(
    title: str, *, issuer: str = "", body: str = "", body_normalized: bool = False
) -> Jurisdiction:
    """The jurisdiction a plan belongs to (see module doc). Unknown -> name "", level "unknown".

    `body_normalized`: `body` is normalised text already (a plan outline's `body`, its lines' norms),
    read as it is. `normalize` is not idempotent (瀋默 -> 沈默 -> 沉默), so normalising it again could
    read other words than the document's — and it cost up to two passes over 20 KB a plan."""
    P = places()
    _read_for(P)
    provinces: list[Place] = []
    for source in (title, issuer):
        named, named_provinces = _named_in(source or "", P)
        if named is not None:
            return named
        provinces += named_provinces
    for source in (title, issuer):
        unlisted = _unlisted_place(source or "", P, issuer, body or "", body_normalized)
        if unlisted is not None:
            return unlisted
    inferred = infer_jurisdiction(body or "", P, normalized=body_normalized)
    if provinces and not inferred.name:  # a provincial plan names only its province
        return _jur(provinces[0])
    return inferred


def file_jurisdiction(doc: Document) -> Jurisdiction:
    """The place the file as a whole speaks for: its opening line (a cover notice's title or issuer)
    and, failing that, the evidence of its whole text (its first 50,000 characters, blank lines left out).

    = `detect_jurisdiction(first line, body="\n".join(texts)[:50000])`. When the loaders found the
    document's norms joinable (`Document.norms_joinable`), the body is read normalised from the lines'
    norms instead of normalising the text again (20–50k characters through NFKC and OpenCC): the same
    text, as `normalize` is then line by line — a line the 50,000 (or `_unlisted_place`'s 20,000) cut
    falls inside is normalised alone, and when its conversion changes its length or its norm's start
    reads otherwise (a phrase across the cut), the text is normalised as before."""
    kept = [ln for ln in doc.lines if not _blank(ln.text)]
    if not kept:
        return Jurisdiction(name="", level="")
    title = kept[0].text.strip()
    if doc.norms_joinable:
        # (None too when its first 20,000 characters are not the text cut there normalised: one pass over the
        # lines, where the 20,000 were joined again to be compared)
        body = _joined_norms(kept, _FILE_BODY, _PARENT_CONTEXT)
        if body is not None:
            return detect_jurisdiction(title, body=body, body_normalized=True)
    return detect_jurisdiction(title, body="\n".join([ln.text for ln in kept])[:_FILE_BODY])


def _blank(text: str) -> bool:
    """`not text or text.isspace()`: compiled, a typed loop over the code points that stops at the first one
    not white space (a line's first, mostly), where the method was looked up and called on every line."""
    for c in text:
        if not c.isspace():
            return False
    return True


def _joined_norms(lines: list, limit: int, inner: int = -1) -> str | None:
    """`normalize("\n".join(texts)[:limit])` from the lines' norms (joinable: `file_jurisdiction`), the
    line the cut falls inside normalised alone; None when that one's conversion changes its length. With
    `inner` (below `limit`), None too unless its first `inner` characters are `_joined_norms(lines, inner)`:
    the lines before that cut are the same norms in both, so the line it falls inside, normalised alone up
    to it, must be the start of that line's norm here (norms are as long as their texts)."""
    norms = []
    end = -1  # where the text so far ends (the line break before the next line at end)
    for ln in lines:
        start = end + 1
        if start > limit:
            break
        text = ln.text
        end = start + len(text)
        if end <= limit:
            norm = ln.norm
        else:
            norm = normalize_kept(text[: limit - start])
            if norm is None:
                return None
        if start <= inner < end:
            cut = normalize_kept(text[: inner - start])
            if cut is None or not norm.startswith(cut):
                return None
        norms.append(norm)
    return "\n".join(norms)[:limit]


def _named_in(source: str, P: Places) -> tuple[Jurisdiction | None, tuple[Place, ...]]:
    """What `source` (a title or issuer) names by itself: the jurisdiction of its most specific known
    place below a province, else None and the provinces it names (memoised per place table:
    `_read_for` is called first; the answer is pure over the text and the table)."""
    memo = _NAMED_READ
    hit = memo.get(source, _UNREAD)
    if hit is _UNREAD:
        if len(memo) >= _READ_MAX:
            memo.clear()
        hit = memo[source] = _read_named(source, P)
    return hit  # type: ignore[return-value]


def _read_named(source: str, P: Places) -> tuple[Jurisdiction | None, tuple[Place, ...]]:
    found = _mentions(source, P)
    best = _most_specific([(i, p) for i, p in found if p.level != "province"], P)
    if best is not None:
        return _unlisted_below(source, best) or _jur(best), ()
    return None, tuple([p for _, p in found if p.level == "province"])


_STEMS: dict[int, tuple[Places, tuple[tuple[str, str, bool, str], ...], tuple[str, ...], bytes | None,
                        tuple[tuple[int, ...], ...]]] = {}


def _stems_of(P: Places) -> tuple[tuple[str, str, bool, str], ...]:
    """(stem, city it counts for, a city itself, short name) of each place below a province whose stem
    is 2 characters or more, in the table's order (per place table): what `infer_jurisdiction` counts."""
    return _stems_read(P)[1]


def _stems_read(P: Places) -> tuple[Places, tuple[tuple[str, str, bool, str], ...], tuple[str, ...], bytes | None,
                                    tuple[tuple[int, ...], ...]]:
    """(P, `_stems_of(P)`, its stems, and `_stem_counts_in`'s table and groups of them), made once per place
    table."""
    hit = _STEMS.get(id(P))
    if hit is None or hit[0] is not P:
        if len(_STEMS) > 8:
            _STEMS.clear()
        rows = tuple([
            (p.stem, p.name if p.level == "city" else (p.parent or p.name), p.level == "city", p.short)
            for p in P.by_name.values()
            if p.level != "province" and len(p.stem) >= 2
        ])
        stems = tuple([r[0] for r in rows])
        hit = _STEMS[id(P)] = (P, rows, stems, *_first_chars_table(stems))
    return hit


def _first_chars_table(stems: tuple[str, ...]) -> tuple[bytes | None, tuple[tuple[int, ...], ...]]:
    """`_stem_counts_in`'s reading of `stems`: `_char_table` of their first characters, each one's group the indices
    of the stems that start with it, in order (the table None: str.count)."""
    groups: dict[str, list[int]] = {}
    for k, stem in enumerate(stems):
        groups.setdefault(stem[0], []).append(k)
    return _char_table(groups)


def _stem_counts(norm: str, P: Places) -> list[int]:
    """`[norm.count(stem) for each of _stems_of(P)]` (compiled: one typed pass over `norm` counting every stem,
    `_stem_counts_in`, where each str.count was a pass of its own; as Python the str.counts are faster)."""
    _, _, stems, table, groups = _stems_read(P)
    if not _COMPILED or table is None:
        return [norm.count(stem) for stem in stems]
    return _stem_counts_in(norm, stems, table, groups)


def _stem_counts_in(norm: str, stems: tuple[str, ...], table: bytes, groups: tuple[tuple[int, ...], ...]) -> list[int]:
    """`[norm.count(s) for s in stems]` in one pass (`table` and `groups` from `_first_chars_table(stems)`): at each
    character some stem starts with, each of those stems that occurs there is counted unless it overlaps the
    stem's last occurrence counted (str.count counts occurrences that do not overlap, leftmost first)."""
    counts = [0] * len(stems)
    free = [0] * len(stems)  # where each stem's next counted occurrence may start
    first = table  # (compiled: the table's bytes read in place)
    i = 0
    for c in norm:
        if c <= "\uffff":
            g = first[ord(c)]
            if g:
                for k in groups[g - 1]:
                    if i >= free[k] and norm.startswith(stems[k], i):
                        counts[k] += 1
                        free[k] = i + len(stems[k])
        i += 1
    return counts


def infer_jurisdiction(body: str, P: Places | None = None, *, normalized: bool = False) -> Jurisdiction:
    """Weigh the body's own evidence: units named after a place, its districts/counties, phone codes.
    `normalized`: `body` is normalised text already (see `detect_jurisdiction`)."""
    P = P or places()
    norm = body if normalized else normalize(body)
    # (plain dicts counted by `.get`, not Counters: a Counter is made and updated by Python methods; the
    # same counts in the same insertion order)
    score: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    counts = _stem_counts(norm, P)
    k = 0
    for stem, city, is_city, short in _stems_of(P):
        n = counts[k]
        k += 1
        if n:
            score[city] = score.get(city, 0) + n * (2 if is_city else 1)
            if is_city:
                evidence.setdefault(city, []).append(f"units and places named {stem}… ({n})")
            else:
                evidence.setdefault(city, []).append(f"{short} of {city} named ({n})")
    phones: dict[str, int] = {}
    for code in _PHONE.findall(norm):
        phones[code] = phones.get(code, 0) + 1
    for code, n in phones.items():
        place = P.by_phone.get(code)
        if place is not None:
            score[place.name] = score.get(place.name, 0) + 3 * n
            evidence.setdefault(place.name, []).append(f"phone code {code} ({n})")
    if not score:
        return Jurisdiction(name="", level="unknown", inferred=True, evidence=("no place named in the text",))
    best = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    place = P.by_name[best]
    return _jur(place, inferred=True, evidence=tuple(sorted(evidence.get(best, []))))
