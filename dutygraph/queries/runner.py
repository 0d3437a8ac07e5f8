"""Running stored and ad-hoc Cypher against a store: the embedded LadybugDB (an `out/` folder or a
graph.lbdb path) or a Neo4j/Bolt server. Parameters are always bound, never pasted into the text.
Rows come back as dicts (column order kept) with engine-neutral values (see library.normalize_value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DutygraphError, QueryError
from .library import StoredQuery, check_read_only, normalize_rows, normalize_value

_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Target:
    """Where to run: `db` (embedded) or `uri` (+ user/password/database) for a Bolt server."""

    db: str | None = None
    uri: str | None = None
    user: str = "neo4j"
    password: str = ""
    database: str | None = None

    @property
    def dialect(self) -> str:
        return "neo4j" if self.uri else "ladybug"

    def describe(self) -> str:
        return self.uri if self.uri else str(self.db)


def parse_param(item: str) -> tuple[str, str]:
    """"name=value" from the command line. The name must be an identifier; the value stays a string
    (stored queries convert it to the parameter's type; ad-hoc Cypher gets JSON literals decoded)."""
    name, sep, value = item.partition("=")
    name = name.strip()
    if not sep:
        raise QueryError(f"--param {item!r}: expected name=value")
    if not _PARAM_NAME.match(name):
        raise QueryError(f"--param {name!r}: a parameter name is letters, digits and _ only")
    return name, value


def adhoc_value(value: str) -> Any:
    """An ad-hoc parameter value: a JSON number/bool/string/list when it parses as one, else the text."""
    import json

    try:
        parsed = json.loads(value)
    except (ValueError, TypeError):
        return value
    return parsed if parsed is not None else value


class Session:
    """One open connection to a target, reused for several statements (a Bolt driver is costly to
    set up; the embedded database is opened once). Use as a context manager."""

    def __init__(self, target: Target, *, write: bool = False):
        self.target = target
        self._client: Any = None
        self._conn: Any = None
        if target.uri:
            from ..neo4j import Client

            # three retries for reads (0.5 + 1 + 2 s of back-off): past a dropped connection without
            # keeping a user long on a wrong address
            self._client = Client(target.uri, target.user, target.password, database=target.database, retries=3)
        else:
            from ..exports import ladybug_store

            if not target.db:
                raise QueryError("no database given (--db OUT_DIR or --neo4j URI)")
            self._conn = ladybug_store.connect(Path(target.db), read_only=not write)

    @property
    def dialect(self) -> str:
        return self.target.dialect

    def run(self, text: str, params: dict[str, Any], *, retry: bool = False) -> list[dict[str, Any]]:
        """One statement, parameters bound; rows as dicts with raw engine values. On a Bolt server,
        `retry` runs it again (with back-off) after a dropped or refused connection: only for reads,
        which are safe to repeat."""
        for name in params:
            if not _PARAM_NAME.match(name):
                raise QueryError(f"parameter name {name!r} is not an identifier")
        if self._client is not None:
            try:
                return self._client.run(text, params, retry=retry)
            except DutygraphError:
                raise
            except Exception as exc:  # driver errors: one line naming the server
                first = (str(exc).splitlines() or [type(exc).__name__])[0]
                raise QueryError(f"{self.target.uri}: {first}") from exc
        from ..exports import ladybug_store

        return ladybug_store.run_cypher(self._conn, text, params)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._conn is not None:
            self._conn.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def execute(target: Target | Session, text: str, params: dict[str, Any], *, write: bool = False
            ) -> list[dict[str, Any]]:
    """Run one statement on a target (opening and closing a session) or on an open session. A read
    (not `write`) is retried on a Bolt server after a dropped connection; a write is not."""
    if isinstance(target, Session):
        return target.run(text, params, retry=not write)
    with Session(target, write=write) as session:
        return session.run(text, params, retry=not write)


def run_stored(query: StoredQuery, target: Target | Session, overrides: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """A stored query with its parameters bound (defaults + overrides), rows normalised and in the
    query's canonical order; at most `limit` of them when the query has that parameter (its UNION
    branches are limited one by one, so the cut is made here)."""
    params = query.bind(overrides)
    rows = execute(target, query.text_for(target.dialect), params)
    return normalize_rows(rows, query.order, query.row_cap(params))


def run_adhoc(text: str, target: Target | Session, params: dict[str, Any] | None = None, *, write: bool = False
              ) -> list[dict[str, Any]]:
    """Ad-hoc Cypher: refused when it holds a write clause, unless `write`. Row order is the query's."""
    if not text.strip():
        raise QueryError("empty query")
    if not write:
        check_read_only(text)
    rows = execute(target, text, dict(params or {}), write=write)
    return [{k: normalize_value(v, sort_lists=False) for k, v in row.items()} for row in rows]
