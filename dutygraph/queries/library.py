"""The stored-query library: one `.cypher` file per question, read into a small frozen dataclass.

Each file starts with a header of `//` comment lines:

    // name: agency_load
    // title_zh: 各单位责任负荷
    // title_en: Responsibility load per agency
    // param: jurisdiction = "" | what it means (the default is a JSON literal: "", 0, 3, 0.5)
    // order: -load, agency_id          (canonical row order; "-" = descending)
    // answers: what the query answers,
    //   continued on indented comment lines

Parameters always have a non-null default: LadybugDB types a parameter bound to null as BOOLEAN, so
"no filter" is spelt "" (strings) or 0 (numbers) and the queries test `$p = '' OR …`.

A parameter named `limit` (LIMIT_PARAM) caps the rows: at most that many, the first in the `order:`
header's order (a ranked top N: the heaviest loads, the most shared measures …); 0 = every row.
LadybugDB takes only a parameter or a literal after LIMIT, so `bind` turns 0 into ALL_ROWS. A query
made of UNION ALL branches limits each branch (ORDER BY … LIMIT $limit per branch: together they hold
the first N rows of the whole), and `runner.run_stored` keeps the first N after sorting.

Where a dialect needs its own text, NAME.ladybug.cypher / NAME.neo4j.cypher sits beside the portable
file (body only; the header stays in the portable file). FalkorDB uses the neo4j text.

`check_read_only` is the guard for ad-hoc Cypher: write clauses are refused as keywords outside
string literals and comments.

Writing a query that runs unchanged on LadybugDB 0.22, Neo4j and FalkorDB (found by running them):
- bind every parameter to a non-null value (LadybugDB types `$p` bound to null as BOOLEAN, so
  `$p IS NULL OR a.name = $p` fails on strings): use "" / 0 for "no filter";
- no toInteger/toString/toFloat (LadybugDB lacks them); slice strings with left()/right(), not
  substring() (1-based on LadybugDB: substring('2021-06', 6, 2) = '06'; 0-based on Neo4j);
  multiply by 1.0 for float division; never divide by a count that may be 0
  (LadybugDB returns inf);
- `WITH … ORDER BY` needs SKIP/LIMIT on LadybugDB, so collect() lists come unordered: the runner
  sorts list values (normalize_value);
- no list comprehensions `[x IN l WHERE …]` (LadybugDB's parser refuses them); no `CALL {}`,
  no APOC, no type(r): one MATCH per relationship type, or `[:A|B]` when the type does not matter;
- alias every returned column (`count(m) AS n`: LadybugDB would name it `COUNT(m._ID)`);
- UNION ALL works everywhere, but ORDER BY binds to the last branch: give the file an `order:`
  header instead; relationship types that are keywords (IN, FOR) need backticks.

Making a LadybugDB variant fast (measured on the 10k-document synthetic build, see each
NAME.ladybug.cypher):
- start from the side the parameters select, in its own clause (`MATCH (a:Agency) WHERE … MATCH
  (a)-[r]->(m)`): the planner then expands from the few selected nodes;
- group by as little as possible: a node or relationship variable in a WITH grouping key carries its
  properties (a Measure's text), 3-4x slower than grouping by a scalar, and on 600k rows it fills a 1 GB
  buffer pool; rows that need no collect() should not be grouped at all (agency_portfolio);
- `EXISTS { MATCH … }` is a cheap semi-join; `COUNT { MATCH … }` is not safe on 0.22 (rows whose
  count is 0 disappear); a branch guarded by `WHERE $p = ''` is still planned and scanned, so
  UNION-ing a "scoped" and a "whole corpus" branch costs both;
- the rows themselves cost ~1-2 µs per value to turn into Python: a 600k-row answer takes seconds
  whatever the plan — hence `limit` (a top 100 by default);
- rank from the derived properties (graph/schema.py: an Agency's load and counts, a Measure's and a
  Platform's counts, filled at build time by graph/model.py `derive`) rather than by regrouping the
  corpus; where the rank needs a count, compute the $limit-th largest first (a floor) and gather the
  details only for what reaches it;
- after `WITH … ORDER BY … LIMIT`, LadybugDB plans the next MATCH as a hash join over the whole
  relationship table (it cannot tell the rows are few): `HINT (a JOIN r) JOIN m` after the MATCH's
  WHERE makes it expand from `a` (LadybugDB-only syntax: variants only);
- LadybugDB 0.22 ignores the ORDER BY of a `WITH … ORDER BY … LIMIT` that an aggregation follows
  directly (it aggregates arbitrary rows): put a MATCH in between (shared_bottlenecks);
- an aggregation over no rows still gives one row (count 0, min null): a branch guarded on a parameter
  must repeat the guard after it;
- a derived STRING[] of self-contained entries ("year;count") is read with list_filter(l, e -> …) and
  split_part/cast; a `$param` inside the lambda fails (an internal assertion): bind it in a WITH first
  (`concat(cast($year AS STRING), ';') AS prefix`). CASE evaluates every branch on every row: an index
  past a list's end fails even where its branch is not taken (append a sentinel entry: list_concat(l,
  ['0;0'])[1]); `[]` is typed INT64[] (CAST([] AS STRING[]));
- a floor (the $limit-th largest of a per-agency value) in one scan: collect the candidates, list_sort
  the values, read position $limit with list_slice (nothing past the end) and UNWIND the candidates;
  a second MATCH of the table joined to a floor from a WITH ran ~5x slower per row (deadline_crunch);
- each UNION ALL branch costs its planning and its first scans even when its guard leaves it empty
  (~5-17 ms at 10k documents for the branches tried): keep the branches few.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from ..errors import QueryError
from ..paths import PACKAGE_DIR

# through dutygraph.paths, not this module's __file__ (compiled, that is its file in the venv)
QUERY_DIR = PACKAGE_DIR / "queries"
DIALECTS = ("ladybug", "neo4j")

_HEADER_LINE = re.compile(r"^//\s?(.*)$")
_FIELD = re.compile(r"^([a-z_]+):\s*(.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*(?:\|\s*(.*))?$")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
LIMIT_PARAM = "limit"
ALL_ROWS = 2**31 - 1  # what `limit = 0` is bound as


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    default: Any  # str | int | float | bool: also gives the type CLI values are converted to
    doc: str = ""

    def convert(self, value: Any) -> Any:
        """A value given on the command line (a string) or from Python, as this parameter's type."""
        kind = type(self.default)
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        if not isinstance(value, str):
            raise QueryError(f"parameter {self.name}: expected {kind.__name__}, got {value!r}")
        try:
            if kind is bool:
                if value.lower() in ("true", "1", "yes"):
                    return True
                if value.lower() in ("false", "0", "no"):
                    return False
                raise ValueError(value)
            if kind is int:
                return int(value)
            if kind is float:
                return float(value)
        except ValueError:
            raise QueryError(f"parameter {self.name}: expected {kind.__name__}, got {value!r}") from None
        return value


@dataclass(frozen=True, slots=True)
class StoredQuery:
    name: str
    title_zh: str
    title_en: str
    params: tuple[Param, ...]
    answers: str
    text: str  # the portable Cypher (header included: comments are valid Cypher)
    order: tuple[str, ...] = ()  # canonical row order, "-col" = descending
    variants: dict[str, str] = field(default_factory=dict)  # dialect -> text, only where needed
    path: str = ""

    def text_for(self, dialect: str) -> str:
        if dialect not in DIALECTS:
            raise QueryError(f"unknown dialect {dialect!r} (expected one of {', '.join(DIALECTS)})")
        return self.variants.get(dialect, self.text)

    def bind(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """Every parameter bound: defaults, then overrides converted to the default's type.
        Unknown names are refused (they would otherwise be silently ignored)."""
        known = {p.name: p for p in self.params}
        bound = {p.name: p.default for p in self.params}
        for key, value in (overrides or {}).items():
            if key not in known:
                names = ", ".join(known) or "none"
                raise QueryError(f"query {self.name}: unknown parameter {key!r} (parameters: {names})")
            bound[key] = known[key].convert(value)
        if LIMIT_PARAM in bound:
            if bound[LIMIT_PARAM] < 0:
                raise QueryError(f"query {self.name}: {LIMIT_PARAM} must be 0 (every row) or more")
            bound[LIMIT_PARAM] = bound[LIMIT_PARAM] or ALL_ROWS
        return bound

    def row_cap(self, bound: dict[str, Any]) -> int | None:
        """How many rows the query gives at most with these bound parameters (None: no cap)."""
        return bound.get(LIMIT_PARAM) if any(p.name == LIMIT_PARAM for p in self.params) else None


def parse_query(text: str, *, path: str = "<string>") -> StoredQuery:
    """Parse a `.cypher` file's header. Raises QueryError naming the file and line."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    last: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            if fields:
                break
            continue
        match = _HEADER_LINE.match(stripped)
        if not match:
            break
        body = match.group(1)
        field_match = _FIELD.match(body.strip()) if not body.startswith(("  ", "\t")) else None
        if field_match:
            key, value = field_match.groups()
            if key == "param":
                param_match = _PARAM.match(value)
                if not param_match:
                    raise QueryError(f"bad param line {value!r} (expected 'name = default | doc')", path=path, line=number)
                pname, raw_default, doc = param_match.groups()
                try:
                    default = json.loads(raw_default)
                except json.JSONDecodeError:
                    raise QueryError(f"param {pname}: default {raw_default!r} is not a JSON literal", path=path, line=number) from None
                if default is None or not isinstance(default, (str, int, float, bool)):
                    raise QueryError(f"param {pname}: default must be a string, number or boolean, not null", path=path, line=number)
                params.append(Param(pname, default, (doc or "").strip()))
                last = None
            else:
                if key in fields:
                    raise QueryError(f"header field {key!r} given twice", path=path, line=number)
                fields[key] = value.strip()
                last = key
        elif last is not None and body.strip():
            fields[last] = (fields[last] + " " + body.strip()).strip()
        else:
            raise QueryError(f"unrecognised header line {stripped!r}", path=path, line=number)
    for required in ("name", "title_zh", "title_en", "answers"):
        if not fields.get(required):
            raise QueryError(f"header lacks '{required}:'", path=path)
    name = fields["name"]
    if not _NAME_RE.match(name):
        raise QueryError(f"query name {name!r} is not an identifier", path=path)
    order = tuple(c.strip() for c in fields.get("order", "").split(",") if c.strip())
    return StoredQuery(
        name=name,
        title_zh=fields["title_zh"],
        title_en=fields["title_en"],
        params=tuple(params),
        answers=fields["answers"],
        text=text,
        order=order,
        path=path,
    )


def load_library(directory: Path | None = None) -> dict[str, StoredQuery]:
    """Every stored query in `directory` (default: this package), by name, sorted by name."""
    directory = directory or QUERY_DIR
    queries: dict[str, StoredQuery] = {}
    for path in sorted(directory.glob("*.cypher")):
        stem = path.name[: -len(".cypher")]
        if "." in stem:  # a dialect variant: NAME.DIALECT.cypher
            continue
        query = parse_query(path.read_text(encoding="utf-8"), path=str(path))
        if query.name != stem:
            raise QueryError(f"header name {query.name!r} differs from the file name", path=str(path))
        variants = {}
        for dialect in DIALECTS:
            variant = directory / f"{stem}.{dialect}.cypher"
            if variant.exists():
                variants[dialect] = variant.read_text(encoding="utf-8")
        queries[query.name] = StoredQuery(**{**_fields(query), "variants": variants})
    orphans = [p.name for p in directory.glob("*.*.cypher") if p.name.split(".")[0] not in queries]
    if orphans:
        raise QueryError(f"dialect variant without a portable query: {sorted(orphans)[0]}", path=str(directory))
    return queries


def _fields(query: StoredQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in StoredQuery.__slots__ if not name.startswith("__")}


def get(name: str, directory: Path | None = None) -> StoredQuery:
    library = load_library(directory)
    if name not in library:
        raise QueryError(f"no stored query named {name!r} (see `dutygraph queries`)")
    return library[name]


# ---------------------------------------------------------------- results


def normalize_value(value: Any, *, sort_lists: bool = True) -> Any:
    """Engine-neutral values: Decimal -> int/float, floats rounded to 6 places, NaN/inf -> None,
    lists sorted unless asked not to (Cypher `collect` has no order and LadybugDB cannot sort
    before collecting)."""
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        rounded = round(value, 6)
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, (list, tuple)):
        items = [normalize_value(v, sort_lists=sort_lists) for v in value]
        return sorted(items, key=_sort_key) if sort_lists else items
    return value


def _sort_key(value: Any) -> tuple:
    # None last; numbers before strings; bools as numbers
    if value is None:
        return (2, 0, "")
    if isinstance(value, (int, float)):
        return (0, value, "")
    return (1, 0, json.dumps(value, ensure_ascii=False, sort_keys=True) if not isinstance(value, str) else value)


def normalize_rows(rows: Iterable[dict[str, Any]], order: tuple[str, ...] = (), limit: int | None = None
                   ) -> list[dict[str, Any]]:
    """Rows with normalised values, in the query's canonical order (then by every column, so the
    order is total and the output deterministic whatever the engine returned); the first `limit`
    when given."""
    out = [{k: normalize_value(v) for k, v in row.items()} for row in rows]
    if not out:
        return out
    columns = list(out[0])
    keys = [(c[1:], True) if c.startswith("-") else (c, False) for c in order]
    keys += [(c, False) for c in columns if c not in {k for k, _ in keys}]
    for column, descending in reversed(keys):
        out.sort(key=lambda row: _sort_key(row.get(column)), reverse=descending)
        if descending:  # keep None last also when descending
            out.sort(key=lambda row: row.get(column) is None)
    return out if limit is None else out[:limit]


# ---------------------------------------------------------------- the read-only guard

WRITE_KEYWORDS = (
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "COPY", "LOAD",
    "INSTALL", "ATTACH", "IMPORT", "EXPORT", "CHECKPOINT", "BEGIN", "COMMIT", "ROLLBACK", "FOREACH", "CALL",
)
_WRITE_SET = frozenset(WRITE_KEYWORDS)
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\S")
# a keyword next to one of these is a name (variable, property, label, alias, map key), not a clause:
# `n.set`, `:Drop`, `$load`, `a, load`, `load.x`, `load DESC`, `AS load`, `{load: 1}`, `load > 1`
_NAME_BEFORE = frozenset(".:$,([{=<>+-*/%|^") | {"AS", "BY"}
_NAME_AFTER = frozenset(".,)]}=<>+-*/%:^|") | {"AS", "DESC", "ASC", "DESCENDING", "ASCENDING", "IS", "IN", "AND",
                                               "OR", "XOR", "CONTAINS", "STARTS", "ENDS", None}


def strip_literals(text: str) -> str:
    """The query with string literals and `quoted names` replaced by a neutral token (0) and comments
    blanked, so keyword checks only see code. Unterminated literals/comments run to the end (the
    engine refuses those anyway)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            out.append(" 0 ")
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" ")
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" ")
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def write_clauses(text: str) -> list[str]:
    """Write (or procedure/admin) clause keywords in the query, outside literals and comments.
    Names spelt like keywords (`n.set`, `:Drop`, `AS load`, `RETURN a, load`) are not clauses; when
    in doubt a word counts as a clause (refusing is the safe side)."""
    tokens = _TOKEN.findall(strip_literals(text))
    found: list[str] = []
    for i, token in enumerate(tokens):
        word = token.upper()
        if word not in _WRITE_SET:
            continue
        before = tokens[i - 1].upper() if i > 0 else None
        after = tokens[i + 1].upper() if i + 1 < len(tokens) else None
        if before in _NAME_BEFORE or after in _NAME_AFTER:
            continue
        if word not in found:
            found.append(word)
    return found


def check_read_only(text: str) -> None:
    found = write_clauses(text)
    if found:
        raise QueryError(
            f"refused: {', '.join(found)} would change the database or run a procedure; "
            "pass --write to allow it"
        )
