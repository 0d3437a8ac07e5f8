"""Reference data from data/*.toml (agencies, platforms, indicators, jurisdictions), parsed once.

The files are plain, reviewable lists (DESIGN.md: names live in data/, code holds patterns). Each
loader returns an immutable, pre-indexed view and is cached per data directory, so the hot path
(one call per item) never touches the disk.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from dutygraph.errors import DutygraphError
from dutygraph.loaders.normalize import _line_scan
from dutygraph.loaders.normalize import normalize as _normalize
from dutygraph.paths import data_dir


class ReferenceDataError(DutygraphError):
    """A reference data file in data/ is missing or malformed."""


@lru_cache(maxsize=32)
def _load(path: str) -> dict[str, Any]:
    p = Path(path)
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ReferenceDataError("reference data file not found", path=str(p)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(f"not valid TOML: {exc}", path=str(p)) from None


@lru_cache(maxsize=64)
def _data_file(env: str | None, name: str) -> str:
    return str(data_dir() / name)


def _env_mapping() -> tuple[dict[Any, Any] | None, object]:
    """os.environ's underlying mapping and $DUTYGRAPH_DATA's key in it, (None, None) where CPython has none:
    os.environ.get encodes the key and decodes the value on every call; the mapping (kept in step with
    os.environ by os.environ itself) is read directly."""
    data = getattr(os.environ, "_data", None)
    encodekey = getattr(os.environ, "encodekey", None)
    if isinstance(data, dict) and callable(encodekey):
        return data, encodekey("DUTYGRAPH_DATA")
    return None, None


def _env_reader() -> Callable[[], object]:
    """A cheap read of $DUTYGRAPH_DATA (asked several times per item), as read from os.environ's mapping
    (`_env_mapping`): `data.get` with the key bound by functools.partial (called in C: no Python-level
    function call, as a lambda costs), else os.environ.get."""
    data, key = _env_mapping()
    if data is not None:
        return partial(data.get, key)
    return partial(os.environ.get, "DUTYGRAPH_DATA")


_env_data = _env_reader()
_ENV_MAP, _ENV_KEY = _env_mapping()


def _env_raw() -> object:
    """`_env_data()`, read in place (compiled, a C call and one dict lookup)."""
    data = _ENV_MAP
    if data is not None:
        return data.get(_ENV_KEY)
    return os.environ.get("DUTYGRAPH_DATA")


# $DUTYGRAPH_DATA as read -> name -> path: two lookups of keys whose hashes are cached (a (raw, name)
# key was a tuple built and hashed on every call)
_files: dict[object, dict[str, str]] = {}


def data_file(name: str) -> str:
    """Path of data/<name>; cheap on the hot path ($DUTYGRAPH_DATA moves the folder)."""
    raw = _env_raw()
    files = _files  # (compiled: a typed dict, read in C)
    paths = files.get(raw)
    if paths is None:
        paths = files[raw] = {}
    hit = paths.get(name)
    if hit is None:
        hit = paths[name] = _data_file(os.environ.get("DUTYGRAPH_DATA"), name)
    return hit


# Extractors normalise the same strings over and over: short ones (unit names, clause parts) recur
# across items, and each item's text is read by several extractors in a row. Short ones (200 characters
# or fewer) are memoised in two generations of plain dicts, `_NORM_GENS` = [current, previous] (was an
# lru_cache of `_NORM_MAX` = 1 << 15: a hit there built the call's argument tuple and moved the key's link,
# three scattered objects written; here a hit is one probe of the current dict). A miss asks the previous
# generation, else `normalize`, and files the answer in the current one; a full current generation becomes
# the previous (the older one dropped). So an answer is dropped only after `_NORM_MAX` other strings were
# filed since it was last asked — by then the lru_cache had dropped it too — and the same string gets the
# same answer object as long as the lru_cache gave it (which object a record holds shows in its pickle).
_NORM_MAX = 1 << 15


def normalize(s: str) -> str:
    """The loaders' `normalize(s)` (`_normalize`), the same string: `norm`'s computing function. A text that
    is not ASCII and in which the loaders' one-pass scan finds nothing (`_line_scan(s) == 0`: no character that
    NFKC, t2s or the fold would change, no line break) is its own normal form, which `_normalize` answers with
    a new string equal to it (t2s_aligned's copy, `(s + " ")[:-1]`, for the reason it gives): so does this, in
    one C scan, where `_normalize` ran its three passes and the calls between them (~3.5k instructions on a
    unit's name; most short texts normalised here are such). Pinned to `_normalize` in tests/test_memo_generations.py."""
    own = _own_normal_form(s)
    return own if own is not None else _normalize(s)


def _own_normal_form(s: str) -> str | None:
    """`normalize(s)` (a new string equal to `s`) where `s` is not ASCII and `_line_scan` finds nothing in it,
    else None (a module function the .pxd types: compiled, the copy is a C concatenation and substring;
    `normalize` stays a Python function, which tests replace)."""
    if s.isascii() or _line_scan(s) != 0:
        return None
    return (s + " ")[:-1]

_NORM_GENS: list[dict[str, str]] = [{}, {}]
_norm_long = lru_cache(maxsize=16)(normalize)


def norm(s: str) -> str:
    """`normalize` with caches (same result, same length as `s`)."""
    if len(s) > 200:
        return _norm_long(s)
    gens = _NORM_GENS
    new = gens[0]
    hit = new.get(s)  # (normalize gives a str: None is no answer)
    if hit is None:
        hit = gens[1].get(s)
        if hit is None:
            hit = normalize(s)
        if len(new) >= _NORM_MAX:
            gens[1] = new
            new = gens[0] = {}
        new[s] = hit
    return hit


def longest_word_pattern(words: Iterable[str], *, digit_guarded: Callable[[str], bool] = lambda w: False) -> re.Pattern[str]:
    """One compiled pattern over a word list (a trie of alternations) that, at each position,
    matches the longest listed word — the same matches as `"|".join(words sorted longest first)`.
    Words for which `digit_guarded(word)` holds only match with no digit right before or after
    them ("12345" is no hotline inside "123456"). Every top-level branch opens with a literal, so
    the regex engine skips to candidate characters in C instead of trying each word at each
    position (several times faster on long item texts)."""
    trie: dict[str, Any] = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = w

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if "" not in node:
            return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        word = node[""]
        term = ""
        if digit_guarded(word):  # no digit before the word (looking back over it), none after
            term = rf"(?<!\d[\s\S]{{{len(word)}}})(?!\d)"
        if not alts:
            return term
        body = "(?:" + "|".join(alts) + ")"
        return f"(?:{body}|{term})" if term else f"{body}?"  # longer words first (greedy)

    roots = [re.escape(ch) + build(trie[ch]) for ch in sorted(trie)]
    if not roots:
        return re.compile(r"(?!)")
    return re.compile("(?:" + "|".join(roots) + ")")


def skip_to_candidates(pattern: re.Pattern[str], guard: str = "") -> re.Pattern[str]:
    """For a pattern written `(?=[class])BODY` (a lookahead naming the characters a match can start
    with): the same starts, found as `[class](?<=(?=BODY).)` — a pattern that opens with a class,
    which the regex engine skips to in C (a leading lookahead makes it try every position). Each
    match is the one character where `pattern.match` succeeds; `finditer_via` turns the starts back
    into the matches `pattern.finditer` gives.

    `guard`: a cheap zero-width test, made right after the candidate character (so `(?<=x)` looks
    at it), that holds wherever BODY can match — BODY, a long alternation, is then tried only
    where it may succeed ("6" in "6个" is no deadline start: no 年/月/日 follows the digits)."""
    m = re.match(r"\(\?=(\[(?:[^\]\\]|\\.)*\])\)", pattern.pattern)
    if m is None:
        raise ValueError("pattern does not open with a (?=[...]) lookahead")
    # only whether BODY matches counts here: its named groups made plain (?:…) groups match the same
    # (nothing can refer back to them: a lookbehind holds no back reference), and an alternation
    # whose branches then open with a literal is skipped branch by branch in a few instructions (a
    # group's opening mark before the literal made the engine enter each of the deadlines' 19
    # branches in turn)
    body = _NAMED_GROUP.sub("(?:", pattern.pattern[m.end():])
    return re.compile(f"{m.group(1)}{guard}(?<=(?={body}).)", pattern.flags)


_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<\w+>")


def finditer_via(starts: re.Pattern[str], pattern: re.Pattern[str], s: str, pos: int = 0) -> list[re.Match[str]]:
    """`list(pattern.finditer(s))`, trying `pattern` only where `starts` (from `skip_to_candidates`)
    says it matches: the leftmost start at or after the previous match's end, as finditer resumes.
    `pos`: where to start looking, when the caller knows no match starts before it (lookbehinds
    still see the text before it, as with `pattern.finditer(s, pos)`)."""
    out: list[re.Match[str]] = []
    last = 0
    for h in starts.finditer(s, pos):
        p = h.start()
        if p < last:
            continue
        m = pattern.match(s, p)
        if m is None:  # pragma: no cover - `starts` holds exactly where `pattern` matches
            continue
        out.append(m)
        last = m.end() if m.end() > p else p + 1
    return out


def load_toml(name: str) -> dict[str, Any]:
    """The parsed data/<name> (cached per path; $DUTYGRAPH_DATA moves the folder)."""
    return _load(data_file(name))


# ------------------------------------------------------------------ jurisdictions


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # 芜湖市鸠江区
    level: str
    parent: str | None
    short: str  # 鸠江区
    stem: str  # 鸠江 (the short name without its level suffix)
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Places:
    by_name: dict[str, Place]
    stems: tuple[str, ...]  # longest first, for scanning
    by_stem: dict[str, Place]
    by_short: dict[str, Place]
    by_phone: dict[str, Place]

    def province_of(self, name: str | None) -> str | None:
        seen = 0
        while name and seen < 8:
            p = self.by_name.get(name)
            if p is None:
                return None
            if p.level == "province":
                return p.name
            name, seen = p.parent, seen + 1
        return None

    def city_of(self, name: str | None) -> str | None:
        p = self.by_name.get(name or "")
        if p is None:
            return None
        if p.level in ("district", "county"):
            return p.parent
        return p.name


def _stem(short: str) -> str:
    for suffix in ("回族自治区", "自治区", "省", "市", "区", "县"):
        if short.endswith(suffix) and len(short) - len(suffix) >= 2:
            return short[: -len(suffix)]
    return short


@lru_cache(maxsize=8)
def _places(path: str) -> Places:
    rows = _load(path).get("jurisdiction", [])
    by_name: dict[str, Place] = {}
    for row in rows:
        name = normalize(str(row["name"]))
        short = normalize(str(row.get("short") or name))
        by_name[name] = Place(
            name=name,
            level=str(row.get("level", "city")),
            parent=row.get("parent"),
            short=short,
            stem=_stem(short),
            phone=str(row.get("phone", "")),
        )
    by_stem = {p.stem: p for p in by_name.values()}
    by_short = {p.short: p for p in by_name.values()}
    by_phone = {p.phone: p for p in by_name.values() if p.phone}
    stems = tuple(sorted(by_stem, key=lambda s: (-len(s), s)))
    return Places(by_name, stems, by_stem, by_short, by_phone)


# ($DUTYGRAPH_DATA as last read, the place table for it): `data_file` gives one path per value of the
# variable as read, so the table is looked up again only when that value changes (as platforms'
# `platform_table`: a dozen calls per document, two calls fewer each)
_PLACES_FOR: list[object] = [object(), None]


def places() -> Places:
    """`_places(data_file("jurisdictions.toml"))`."""
    raw = _env_raw()
    memo = _PLACES_FOR
    if memo[1] is None or (raw is not memo[0] and raw != memo[0]):  # (the same object: no comparison made)
        memo[1] = _places(data_file("jurisdictions.toml"))
        memo[0] = raw
    return memo[1]  # type: ignore[return-value]
