"""Map a heading, attachment title, task-force name or progress paragraph to its evaluation indicator.

    "一、开办企业指标领域(区市监局牵头)"        -> 开办企业
    "1.企業開辦及注銷提升行動方案(…牽頭)"      -> 开办企业
    "十八、包容普惠创新指标工作专班"           -> 包容普惠创新
    "13.知识产权创造、保护和运用指标(…):…"     -> 知识产权创造保护和运用

Brackets are removed first (unit names such as "市场监管局" must not read as the 市场监管 indicator).
"X指标" wins over a bare mention; otherwise the earliest, longest variant. Canonical names and
variants live in data/indicators.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from dutygraph.loaders.base import runs_compiled

from .platforms import _first_index
from .reference import _env_raw, _load, data_file, longest_word_pattern, norm as normalize

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# A variant followed by these is part of an agency or another word, not the indicator.
_NOT_AFTER = re.compile(r"(?:局|部门|总局|分局|执法|领域有关|所|科)")


@dataclass(frozen=True, slots=True)
class IndicatorTable:
    canonical: dict[str, str]
    pattern: re.Pattern[str]
    # the variants by first character (platforms' `_first_index`: the table's bytes, the groups longest first),
    # for `_first_indicator`'s character loop
    first: bytes
    groups: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=8)
def _table(path: str) -> IndicatorTable:
    data = _load(path)
    canonical: dict[str, str] = {}
    for row in data.get("indicator", []):
        name = normalize(str(row["name"]))
        for v in [name, *row.get("aliases", [])]:
            canonical.setdefault(normalize(str(v)), name)
    # the longest variant at each position, as `"|".join(variants sorted longest first)` matched (a trie of
    # alternations: the engine skips to each variant's first character and reads the words sharing it once,
    # where it tried the 49 branches one after another)
    return IndicatorTable(canonical, longest_word_pattern(canonical), *_first_index(canonical))


# ($DUTYGRAPH_DATA as last read, the indicator table for it): `data_file` gives one path per value of the
# variable as read, so the table is looked up again only when that value changes (as platforms'
# `platform_table`: two calls fewer per question)
_TABLE_FOR: list[object] = [object(), None]


def indicator_table() -> IndicatorTable:
    """`_table(data_file("indicators.toml"))`."""
    raw = _env_raw()
    memo = _TABLE_FOR
    if memo[1] is None or (raw is not memo[0] and raw != memo[0]):  # (the same object: no comparison made)
        memo[1] = _table(data_file("indicators.toml"))
        memo[0] = raw
    return memo[1]  # type: ignore[return-value]


def indicator_names() -> tuple[str, ...]:
    return tuple(sorted(set(indicator_table().canonical.values())))


def find_indicator(text: str) -> str | None:
    """The canonical indicator a heading/title names, or None."""
    if not text:
        return None
    norm = normalize(text)
    # drop bracketed clauses (repeatedly, for nesting) but keep text outside them (each holds "(" or "[":
    # where neither is printed, the first sub finds nothing and the loop ends)
    if "(" in norm or "[" in norm:
        prev = None
        while prev != norm:
            prev, norm = norm, _BRACKETED.sub(" ", norm)
    table = indicator_table()
    if _COMPILED:
        return _first_indicator(norm, table)
    best: tuple[int, int, str] | None = None  # (priority, position, canonical)
    for m in table.pattern.finditer(norm):
        after = norm[m.end() : m.end() + 4]
        if _NOT_AFTER.match(after):
            continue
        prio = 0 if after.startswith("指标") else 1
        cand = (prio, m.start(), table.canonical[m.group(0)])
        if best is None or cand < best:
            best = cand
    return best[2] if best else None


def _first_indicator(norm: str, table: IndicatorTable) -> str | None:
    """`find_indicator`'s choice among `table.pattern.finditer(norm)`'s matches, read by position (compiled: a
    typed loop over the code points, where finditer made a Match per variant found): at each position the
    longest variant opening there (the first of its group that is there; the next search starts after it,
    else at the next character). A variant that `_NOT_AFTER` follows is passed over; the first one followed
    by 指标 wins, else the first one found (the least (priority, position) of the loop it replaces)."""
    data = table.first
    first = data  # (compiled: a C pointer into `data`)
    groups = table.groups
    size = len(data)
    n = len(norm)
    later = None
    p = 0
    while p < n:
        k = 2 * ord(norm[p])
        g = first[k] | (first[k + 1] << 8) if k < size else 0
        e = p + 1
        if g:
            for w in groups[g - 1]:
                if norm.startswith(w, p):
                    e = p + len(w)
                    if _NOT_AFTER.match(norm, e) is None:
                        if norm.startswith("指标", e):
                            return table.canonical[w]
                        if later is None:
                            later = table.canonical[w]
                    break
        p = e
    return later


_COMPILED = runs_compiled(_first_indicator)
