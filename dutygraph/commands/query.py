"""`dutygraph query NAME`, `dutygraph queries`, `dutygraph cypher "…"`: thin wrappers over
dutygraph.queries (library + runner). Errors are DutygraphError -> one line on stderr (cli.main)."""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
from typing import Any

import click

from ..errors import QueryError

FORMATS = ("table", "csv", "json")


def _target_options(fn):
    fn = click.option("--database", default=None, help="Neo4j database name (default: the server's default).")(fn)
    fn = click.option("--password-env", default="NEO4J_PASSWORD", show_default=True,
                      help="Environment variable holding the Neo4j password (never given on the command line).")(fn)
    fn = click.option("--user", default="neo4j", show_default=True, help="Neo4j user.")(fn)
    fn = click.option("--neo4j", "uri", default=None, metavar="URI",
                      help="Run on a Neo4j/Bolt server (bolt://host:7687) instead of the embedded database.")(fn)
    fn = click.option("--db", default="out", show_default=True, metavar="PATH",
                      help="The embedded database: a `dutygraph build` output folder or its graph.lbdb.")(fn)
    return fn


def _target(db: str, uri: str | None, user: str, password_env: str, database: str | None):
    from ..queries.runner import Target

    if uri:
        return Target(uri=uri, user=user, password=os.environ.get(password_env, ""), database=database)
    return Target(db=db)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple)):
        return " | ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _clip(s: str, limit: int) -> str:
    s = s.replace("\n", " ")
    if _width(s) <= limit:
        return s
    out, w = [], 0
    for ch in s:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if w + cw > limit - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


def render(rows: list[dict[str, Any]], fmt: str, *, max_width: int = 48) -> str:
    """Rows as an aligned text table (CJK-width aware, long cells clipped), CSV, or a JSON array."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buf.getvalue()
    if not rows:
        return "(no rows)\n"
    cells = [[_clip(_cell(row.get(c)), max_width) for c in columns] for row in rows]
    widths = [max(_width(c), *(_width(r[i]) for r in cells)) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


@click.command("query")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Set a parameter (repeatable); see `dutygraph queries` for each query's parameters.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Show only the first N rows (in the query's order); for a query with a `limit` parameter "
                   "this sets it (0 = every row; its default is a top 100).")
@_target_options
def query(name: str, params: tuple[str, ...], fmt: str, limit: int | None, db: str, uri: str | None, user: str,
          password_env: str, database: str | None) -> None:
    """Run the stored query NAME from the library (parameters are bound, never pasted into Cypher)."""
    from ..queries.library import LIMIT_PARAM, get
    from ..queries.runner import parse_param, run_stored

    stored = get(name)
    overrides: dict[str, Any] = {}
    for item in params:
        key, value = parse_param(item)
        overrides[key] = value
    capped = any(p.name == LIMIT_PARAM for p in stored.params)
    if capped and limit is not None:
        overrides.setdefault(LIMIT_PARAM, limit)
        limit = None
    rows = run_stored(stored, _target(db, uri, user, password_env, database), overrides)
    cap = stored.row_cap(stored.bind(overrides)) if capped else None
    if cap is not None and len(rows) == cap:
        click.echo(f"note: the first {cap} rows in the query's order; -p {LIMIT_PARAM}=0 for every row", err=True)
    click.echo(render(rows[:limit] if limit else rows, fmt), nl=False)


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def queries(fmt: str) -> None:
    """List the stored queries: name, titles, parameters with defaults, what each answers."""
    from ..queries.library import load_library

    library = load_library()
    if fmt == "json":
        data = [{"name": q.name, "title_zh": q.title_zh, "title_en": q.title_en,
                 "params": [{"name": p.name, "default": p.default, "doc": p.doc} for p in q.params],
                 "answers": q.answers} for q in library.values()]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for q in library.values():
        click.echo(f"{q.name}  {q.title_zh} / {q.title_en}")
        for p in q.params:
            click.echo(f"    --param {p.name}={json.dumps(p.default, ensure_ascii=False)}  {p.doc}")
        click.echo(f"    {q.answers}")
        click.echo("")


@click.command("cypher")
@click.argument("text")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind $NAME (repeatable); VALUE is decoded as JSON when it is a JSON literal, else kept as text.")
@click.option("--write", is_flag=True, help="Allow write clauses (CREATE, MERGE, SET, DELETE, …).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@_target_options
def cypher(text: str, params: tuple[str, ...], write: bool, fmt: str, db: str, uri: str | None, user: str,
           password_env: str, database: str | None) -> None:
    """Run ad-hoc Cypher TEXT (read-only unless --write)."""
    from ..queries.runner import adhoc_value, parse_param, run_adhoc

    bound: dict[str, Any] = {}
    for item in params:
        key, value = parse_param(item)
        if key in bound:
            raise QueryError(f"--param {key} given twice")
        bound[key] = adhoc_value(value)
    rows = run_adhoc(text, _target(db, uri, user, password_env, database), bound, write=write)
    click.echo(render(rows, fmt), nl=False)
