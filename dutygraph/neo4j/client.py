"""A Bolt connection with retries and the two dialects we meet: Neo4j, and FalkorDB's Bolt server.

What differs on FalkorDB (4.16, found by trying; each difference is detected, not assumed):
- String parameters are pasted into the query text inside single quotes without escaping, so a
  value holding `'` breaks the query and a value like `x' MATCH (n) DETACH DELETE n //` runs as
  Cypher. `detect_dialect` sends a probe string holding `'` and `\\`: Neo4j returns it unchanged;
  FalkorDB fails, and then returns it unchanged once `\\` and `'` are backslash-escaped. Only then
  are parameters escaped (`falkordb_escape`) — strings only, map keys and parameter names must be
  plain identifiers, NUL is refused (it would cut the value short).
- Explicit transactions (BEGIN) crash the server, so every statement runs as an auto-commit query;
  each `UNWIND … MERGE` batch is one statement, hence atomic on both servers.
- No `CREATE CONSTRAINT` (push skips that step visibly and creates a range index instead).
- The database name is not honoured (any named database reaches one shared graph).
- Parameters are pasted into a fixed buffer: a statement whose parameters exceed about 4 KB
  (observed: one 4,077-byte string) kills the server with SIGSEGV. `param_budget` caps what push
  sends per statement; longer values are written in pieces (see push.py).
- After a connection that completed its handshake closes, the next new connection often gets no
  handshake reply at all (about every second one, tests/bolt_server.py): the driver waited out its
  acquisition timeout, 15 s, and every second `dutygraph` command against it printed a retry. So a
  Client first sends bare handshakes until one is answered (`_until_a_handshake_is_answered`).
- The server has stopped answering altogether (a CI run waited 80 minutes on it). The driver has no
  read timeout, so a statement waits in a thread of its own: after `watch_after` seconds without its
  answer, and every `watch_after` seconds after that, a new connection asks for `RETURN 1`; if that gets
  no answer within `probe_timeout` (several tries), the statement fails with one line saying the server
  stopped answering. A slow answer from a live server is waited for (the probe is answered; tested
  through a proxy that holds the answers). FalkorDB answers no new connection while it runs a query, so
  there a statement running longer than watch_after + probe_timeout (80 s by default) fails this way;
  push's batches take well under a second.
The agent string is no help: FalkorDB announces itself as "Neo4j/5.13.0".

The password is never put into an error message or a log line: errors are scrubbed before they
leave this module.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import neo4j
from neo4j import exceptions as nx_exc

from ..errors import StoreError

log = logging.getLogger("dutygraph.neo4j")

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
PROBE = "dutygraph'probe\\q\""

# failures of the connection (not of the statement): worth reconnecting and trying again
RETRYABLE: tuple[type[BaseException], ...] = (nx_exc.ServiceUnavailable, nx_exc.SessionExpired,
                                              nx_exc.TransientError, nx_exc.IncompleteCommit, OSError)


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str  # "neo4j" | "falkordb"
    escape_strings: bool
    agent: str
    param_budget: int | None = None  # max bytes of parameters per statement (None: no limit)


NEO4J = "neo4j"
FALKORDB = "falkordb"
FALKORDB_PARAM_BUDGET = 3500  # bytes (JSON estimate of the escaped parameters); crash seen at ~4,070


def falkordb_escape(value: Any, *, where: str = "parameter") -> Any:
    """Escape a parameter value for FalkorDB's Bolt server, which quotes it with '…' unescaped."""
    if isinstance(value, str):
        if "\x00" in value:
            raise StoreError(f"{where}: a NUL character cannot be sent to this server")
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str) or not _IDENT.match(k):
                raise StoreError(f"{where}: map key {k!r} is not a plain identifier")
            out[k] = falkordb_escape(v, where=where)
        return out
    if isinstance(value, (list, tuple)):
        return [falkordb_escape(v, where=where) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    raise StoreError(f"{where}: values of type {type(value).__name__} cannot be sent")


class _Silent(Exception):
    """A statement got no answer and the server answers no new connection either."""


# the Bolt handshake: its magic, then four versions asked for (5.4, 4.0, none, none); any server answers
# it with 4 bytes (the version chosen, or zeros for none)
_HANDSHAKE = b"\x60\x60\xb0\x17" + b"\x00\x00\x04\x05" + b"\x00\x00\x00\x04" + bytes(8)


def _until_a_handshake_is_answered(uri: str, budget: float) -> None:
    """Before a Client's first connection: open connections that send only the Bolt handshake, each
    closed at once, until one is answered — waiting 0.1 s for the first answer, then 0.2, 0.4, … for
    `budget` seconds at most. FalkorDB's Bolt server (4.16) often leaves a new connection after a
    cleanly closed one without any handshake reply, for good (module docstring): a connection that takes
    that place gets no answer, and one that is answered shows the server ready to answer the driver's
    own. Measured against it (30 connections in a row, each after a cleanly closed one): every one
    answered after this, against about every second one without it; a single throwaway connection with a
    10 ms pause still missed some under load. Neo4j answers the first: one round trip more. Only for
    plain bolt:// and neo4j:// (over TLS a server expects TLS first); failures are ignored: the driver's
    own connection reports them."""
    try:
        parts = urlsplit(uri)
        addr = (parts.hostname, parts.port or 7687)
    except ValueError:
        return
    if parts.scheme not in ("bolt", "neo4j") or not addr[0]:
        return
    deadline = time.monotonic() + budget
    wait = 0.1
    while (left := deadline - time.monotonic()) > 0:
        try:
            with socket.create_connection(addr, timeout=left) as sock:
                sock.settimeout(min(wait, max(0.01, deadline - time.monotonic())))
                sock.sendall(_HANDSHAKE)
                sock.recv(4)  # answered (or closed by the server: the driver will say why)
                return
        except TimeoutError:  # no answer: this connection took the unanswered place, or the server is slow
            wait *= 2
        except OSError:
            return


class Client:
    """One driver, one dialect, statements run as auto-commit queries with retry and back-off."""

    def __init__(self, uri: str, user: str | None, password: str | None, *, database: str | None = None,
                 retries: int = 5, backoff: float = 0.5, max_backoff: float = 8.0,
                 connect_timeout: float = 5.0, sleep: Callable[[float], None] = time.sleep,
                 watch_after: float = 60.0, probe_timeout: float = 20.0):
        self.uri = uri
        self.watch_after = watch_after
        self.probe_timeout = probe_timeout
        self._auth: Any = None
        self._abandoned = False  # a statement's thread was left waiting on a silent server
        self.database = database or None
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.retries_used = 0
        self._sleep = sleep
        self._secret = password or ""
        self._connect_timeout = connect_timeout
        auth = None if user is None and not password else neo4j.basic_auth(user or "", password or "")
        self._auth = auth
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=connect_timeout,
                                                     connection_acquisition_timeout=3 * connect_timeout,
                                                     max_connection_lifetime=300)
        except (ValueError, nx_exc.ConfigurationError) as exc:
            raise StoreError(self._scrub(f"bad Bolt URI {uri!r}: {exc}")) from None
        self._dialect: Dialect | None = None

    # ------------------------------------------------------------------ plumbing

    _preflight_done = False  # the bare handshakes before the first connection were sent

    def close(self) -> None:
        if not self._abandoned:  # (closing would wait on the silent server's connection again)
            self.driver.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _scrub(self, text: str) -> str:
        if self._secret:
            text = text.replace(self._secret, "******")
        return text.replace("\n", " ")

    def error(self, what: str, exc: BaseException) -> StoreError:
        msg = str(exc).splitlines()[0] if str(exc) else ""
        return StoreError(self._scrub(f"{what}: {type(exc).__name__}: {msg}"), path=self.uri)

    def _first_connection(self) -> None:
        """Called before anything that may open this Client's first connection."""
        if not self._preflight_done:
            self._preflight_done = True
            _until_a_handshake_is_answered(self.uri, min(self._connect_timeout, 3.0))

    def _run_now(self, text: str, params: Mapping[str, Any] | None) -> list[dict[str, Any]]:
        self._first_connection()
        with self.driver.session(database=self.database) as session:
            result = session.run(text, dict(params or {}))
            rows = [record.data() for record in result]
            result.consume()
            return rows

    def _run_once(self, text: str, params: Mapping[str, Any] | None) -> list[dict[str, Any]]:
        """_run_now in a thread of its own, watched (see the module's docstring)."""
        if not self.watch_after:
            return self._run_now(text, params)
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["rows"] = self._run_now(text, params)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread as it is
                box["exc"] = exc

        worker = threading.Thread(target=work, name="dutygraph-bolt-statement", daemon=True)
        worker.start()
        try:
            while True:
                worker.join(self.watch_after)
                if not worker.is_alive():
                    break
                if not self._answers():
                    raise _Silent(f"the server stopped answering: no reply to a statement for "
                                  f"{self.watch_after:g} s, nor to a new connection's RETURN 1 within "
                                  f"{self.probe_timeout:g} s")
        except BaseException:  # silent, or Ctrl-C while waiting: the statement's thread is left to it
            self._abandoned = True
            raise
        if "exc" in box:
            raise box["exc"]
        return box["rows"]

    def _answers(self) -> bool:
        """Does a new connection get `RETURN 1` answered within probe_timeout? Tried again every 2 s at
        most (FalkorDB leaves a new connection without a handshake reply after a closed one, see above); in a
        thread, as a silent server can accept a connection and never reply."""
        answered = threading.Event()
        deadline = time.monotonic() + self.probe_timeout

        def probe() -> None:
            while (left := deadline - time.monotonic()) > 0:
                wait = min(2.0, left)
                try:
                    with neo4j.GraphDatabase.driver(self.uri, auth=self._auth, connection_timeout=wait,
                                                    connection_acquisition_timeout=wait) as driver:
                        with driver.session(database=self.database) as session:
                            session.run("RETURN 1 AS one").consume()
                    answered.set()
                    return
                except Exception:  # noqa: BLE001 - any failure is "no answer yet"
                    time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))

        threading.Thread(target=probe, name="dutygraph-bolt-probe", daemon=True).start()
        return answered.wait(self.probe_timeout)

    def _with_retry(self, what: str, fn: Callable[[], Any], *, retries: int | None = None) -> Any:
        retries = self.retries if retries is None else retries
        attempt = 0
        while True:
            try:
                return fn()
            except nx_exc.AuthError as exc:
                raise self.error(f"{what}: authentication failed", exc) from None
            except _Silent as exc:  # not retried: it would wait as long again
                raise StoreError(self._scrub(f"{what}: {exc}"), path=self.uri) from None
            except RETRYABLE as exc:
                if attempt >= retries:
                    raise self.error(f"{what}: gave up after {attempt + 1} attempts", exc) from None
                delay = min(self.max_backoff, self.backoff * 2 ** attempt)
                log.warning("%s", self._scrub(f"{what}: {type(exc).__name__}; retry {attempt + 1}/{retries} "
                                              f"in {delay:.2f}s"))
                attempt += 1
                self.retries_used += 1
                self._sleep(delay)
            except nx_exc.Neo4jError as exc:
                raise self.error(what, exc) from None
            except nx_exc.DriverError as exc:
                raise self.error(what, exc) from None

    # ------------------------------------------------------------------ dialect

    @property
    def dialect(self) -> Dialect:
        if self._dialect is None:
            self._dialect = self._detect()
        return self._dialect

    def _detect(self) -> Dialect:
        self._first_connection()
        info = self._with_retry("connect", lambda: self.driver.get_server_info())
        agent = str(getattr(info, "agent", "") or "")

        def probe(value: str) -> bool:
            try:
                rows = self._with_retry("probe", lambda: self._run_once("RETURN $p AS p", {"p": value}))
            except StoreError:
                return False
            return rows == [{"p": PROBE}]

        if probe(PROBE):
            return Dialect(NEO4J, False, agent)
        if probe(falkordb_escape(PROBE)):
            log.info("server %s needs string parameters escaped (FalkorDB Bolt)", agent)
            return Dialect(FALKORDB, True, agent, FALKORDB_PARAM_BUDGET)
        raise StoreError("the server neither keeps string parameters intact nor accepts them escaped; "
                         "refusing to send document text to it", path=self.uri)

    def bind(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        params = dict(params or {})
        for name in params:
            if not _IDENT.match(str(name)):
                raise StoreError(f"parameter name {name!r} is not a plain identifier")
        if self.dialect.escape_strings:
            return {k: falkordb_escape(v, where=f"parameter ${k}") for k, v in params.items()}
        return params

    def param_bytes(self, params: Mapping[str, Any]) -> int:
        """Size estimate of the parameters as this server receives them (JSON of the bound values:
        never smaller than FalkorDB's own Cypher-literal rendering, whose map keys are unquoted)."""
        return len(json.dumps(self.bind(params), ensure_ascii=False).encode("utf-8"))

    # ------------------------------------------------------------------ public

    def run(self, text: str, params: Mapping[str, Any] | None = None, *, what: str = "query",
            retry: bool = True) -> list[dict[str, Any]]:
        """Run one auto-commit statement with its parameters bound; rows as dicts (column order kept).
        Retried on connection failures only when `retry` (a MERGE is safe to repeat; a CREATE is not)."""
        bound = self.bind(params)
        return self._with_retry(what, lambda: self._run_once(text, bound), retries=None if retry else 0)


def run_cypher(uri: str, user: str | None, password: str | None, text: str, params: Mapping[str, Any] | None = None,
               *, database: str | None = None, connect_timeout: float = 5.0) -> list[dict[str, Any]]:
    """Run one Cypher statement on a Bolt server; values bound as parameters; rows as dicts.
    Connecting is retried; the statement itself runs once (it may write)."""
    with Client(uri, user, password, database=database, connect_timeout=connect_timeout) as client:
        return client.run(text, params, retry=False)
