"""The conftest hooks that rerun a Bolt test once on a restarted server when it failed while FalkorDB's
server crashed in its own Bolt connection code, and skip it only if the rerun fails with such a crash
again. Driven with pytester on the real crash reports seen in this project's runs
(tests/fixtures/falkordb_crashes/, paths shortened): only those two frames count, every other failure
stays a failure, and a failed rerun without a new crash is a failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import falkordb_known_crash

pytest_plugins = ("pytester",)

CRASHES = Path(__file__).parent / "fixtures" / "falkordb_crashes"
CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")


def report(name: str) -> bytes:
    return (CRASHES / name).read_bytes().split(b"=== REDIS BUG REPORT START")[1]


def elsewhere() -> bytes:
    """A crash report whose frames name none of the known places: the cache eviction's report with
    its CacheArray_CleanEntry frame renamed (made up here; no such crash was seen)."""
    return (CRASHES / "query_cache_evict.log").read_bytes().replace(b"CacheArray_CleanEntry", b"QueryCtx_Free")


@pytest.mark.parametrize(("name", "bolt"), [
    ("bolt_client_free.log", True),   # connection close (clean-clone run, 2026-11-30)
    ("bolt_read_handler.log", True),  # reading a message (full suite, 2026-11-30)
    ("query_cache_evict.log", True),  # the query cache evicting a plan (full suite, 2026-12-01)
])
def test_crash_frames_are_told_apart(name: str, bolt: bool) -> None:
    assert falkordb_known_crash([report(name)]) is bolt


def test_no_crash_mixed_crashes_and_other_crashes_are_not_known_crashes() -> None:
    other = elsewhere().split(b"=== REDIS BUG REPORT START")[1]
    assert not falkordb_known_crash([])
    assert not falkordb_known_crash([other])
    assert not falkordb_known_crash([report("bolt_client_free.log"), other])


INNER = '''
import os
import pytest
import os
from pathlib import Path

CRASH = Path({crash!r}).read_bytes() if {crash!r} else b""
RUNS = Path(os.environ["TMPDIR"]) / "runs"


class Server:
    """Stands in for tests/bolt_server.BoltServer's log-reading side: the hooks only read the log,
    copy it, restart the server and empty it."""
    def __init__(self, tmp):
        self.port = 1
        self.log = tmp / "server.log"
        self.log.write_bytes(b"started\\n")

    def crash_reports(self):
        return self.log.read_bytes().split(b"=== REDIS BUG REPORT START")[1:]

    def restart(self):
        (Path(os.environ["TMPDIR"]) / "restarted").write_text("yes")

    def flush(self):
        (Path(os.environ["TMPDIR"]) / "flushed").write_text("yes")


@pytest.fixture
def server(tmp_path):
    return Server(tmp_path)


def test_fails_while_server_crashes(server):
    run = int(RUNS.read_text()) + 1 if RUNS.exists() else 1
    RUNS.write_text(str(run))
    if run <= {crashes}:
        server.log.write_bytes(server.log.read_bytes() + CRASH)
    assert {passes}[run - 1], "query failed: connection reset"


def test_next(server):
    assert server.crash_reports() == []
'''


@pytest.mark.parametrize(("crash", "crashes", "passes", "outcome", "runs"), [
    # crashed in its Bolt code, the rerun on a restarted server passes: a pass, named in the summary
    ("bolt_client_free.log", 1, (False, True), {"passed": 2}, 2),
    ("bolt_read_handler.log", 1, (False, True), {"passed": 2}, 2),
    # crashed there again during the rerun: skipped, naming the crash
    ("bolt_client_free.log", 2, (False, False), {"skipped": 1, "passed": 1}, 2),
    ("bolt_read_handler.log", 2, (False, False), {"skipped": 1, "passed": 1}, 2),
    # the rerun fails with the server up: a failure
    ("bolt_client_free.log", 1, (False, False), {"failed": 1, "passed": 1}, 2),
    ("query_cache_evict.log", 1, (False, True), {"passed": 2}, 2),
    # a crash elsewhere, or none: a failure, no rerun
    ("elsewhere", 1, (False, True), {"failed": 1, "passed": 1}, 1),
    ("", 0, (False, True), {"failed": 1, "passed": 1}, 1),
    # a pass during a crash stays a pass, no rerun
    ("bolt_client_free.log", 1, (True,), {"passed": 2}, 1),
])
def test_hook_outcomes(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, crash: str, crashes: int,
                       passes: tuple[bool, ...], outcome: dict[str, int], runs: int) -> None:
    monkeypatch.setenv("TMPDIR", str(pytester.path))  # where the hook keeps the crashed server's log
    monkeypatch.setattr("tempfile.tempdir", None)
    pytester.makeconftest(CONFTEST)
    path = CRASHES / crash
    if crash == "elsewhere":
        path = pytester.path / "elsewhere.log"
        path.write_bytes(elsewhere())
    pytester.makepyfile(test_inner=INNER.format(crash=str(path) if crash else "", crashes=crashes,
                                                passes=passes))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(**outcome)
    assert int((pytester.path / "runs").read_text()) == runs
    rerun = runs == 2
    restarted = (pytester.path / "restarted").exists()
    kept = pytester.path / "dutygraph-falkordb-crash-1.log"
    assert restarted is rerun and kept.exists() is rerun and (pytester.path / "flushed").exists() is rerun
    if rerun:
        result.stdout.re_match_lines([r".*rerun after a FalkorDB Bolt-server crash.*",
                                      r"test_inner.py::test_fails_while_server_crashes \(crash log kept at .*\)"])
        assert report(crash) in kept.read_bytes()
    if "skipped" in outcome:
        result.stdout.re_match_lines([r".*FalkorDB's Bolt server crashed .* during this test and again during "
                                      r"its rerun; log kept at .*"])


INNER_DOWN = '''
import pytest


class Server:
    """Stands in for tests/bolt_server.BoltServer's process side: up or down, restarts counted."""
    log = "server.log"

    def __init__(self):
        self.up, self.restarts = False, 0

    @property
    def alive(self):
        return self.up

    def restart(self):
        self.up, self.restarts = True, self.restarts + 1

    def crash_reports(self):
        return []


@pytest.fixture(scope="module")
def bolt_server():
    return Server()


def test_first(bolt_server):
    assert bolt_server.alive and bolt_server.restarts == 1


def test_second(bolt_server):
    assert bolt_server.restarts == 1


def test_third(bolt_server):
    bolt_server.up = False  # as if the server crashed while this test's connection closed


def test_fourth(bolt_server):
    assert bolt_server.alive and bolt_server.restarts == 2


def test_without_the_server():
    pass
'''


def test_a_server_found_down_is_restarted_before_the_next_test(pytester: pytest.Pytester) -> None:
    """The crash can come just after a test ended (its connection closing): the next test that uses the
    server finds it restarted, and the summary says so."""
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_inner=INNER_DOWN)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)
    result.stdout.re_match_lines([r".*rerun after a FalkorDB Bolt-server crash.*",
                                  r"test_inner.py::test_first \(server found down before it: restarted.*",
                                  r"test_inner.py::test_fourth \(server found down before it: restarted.*"])


INNER_HANG = '''
import os
import signal
import os
from pathlib import Path

import pytest

from dutygraph.queries.runner import Session, Target, run_adhoc

RUNS = Path(os.environ["TMPDIR"]) / "runs"


@pytest.fixture(scope="module")
def session(bolt_server):
    bolt_server.probe_timeout = 5.0
    with Session(Target(uri=bolt_server.uri, user="falkordb", password="")) as s:
        assert run_adhoc("RETURN 1 AS one", s) == [{{"one": 1}}]  # connected before the server stops
        yield s


@pytest.mark.timeout(8)
def test_query_while_the_server_stops_answering(request, bolt_server, session):
    run = int(RUNS.read_text()) + 1 if RUNS.exists() else 1
    RUNS.write_text(str(run))
    # the rerun's timeout: its first connection to the restarted server can wait 15 s for a handshake
    # reply (FalkorDB) before the driver retries; a rerun that will be stopped again needs no more
    request.node.add_marker(pytest.mark.timeout(40 if {stops} == 1 else 8), append=False)
    if run <= {stops}:
        os.kill(bolt_server.proc.pid, signal.SIGSTOP)  # accepts connections, answers nothing
    assert run_adhoc("RETURN 2 AS two", session) == [{{"two": 2}}]
'''


@pytest.mark.bolt
@pytest.mark.parametrize(("stops", "outcome"), [
    (1, {"passed": 1}),  # stopped answering once: timed out, restarted, the rerun passes
    (2, {"failed": 1}),  # again during the rerun: a failure, not a skip (a query could be the cause)
])
def test_a_server_that_stops_answering_is_restarted_and_the_test_rerun(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, stops: int, outcome: dict[str, int]) -> None:
    """The real chain with FalkorDB's server and the neo4j driver: the server is stopped (SIGSTOP: the
    kernel still accepts connections, nothing answers) while a query waits, pytest-timeout ends the test,
    the hook sees the server up but silent, keeps its log with its threads' states, restarts it and
    reruns the test once with a new timeout."""
    monkeypatch.setenv("TMPDIR", str(pytester.path))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_inner=INNER_HANG.format(stops=stops))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "timeout", timeout=180)
    result.assert_outcomes(**outcome)
    assert int((pytester.path / "runs").read_text()) == 2
    result.stdout.re_match_lines([r".*rerun after a FalkorDB Bolt-server crash or hang.*",
                                  r"test_inner.py::test_query_while_the_server_stops_answering "
                                  r"\(server hung; log kept at .*dutygraph-falkordb-hang-\d+\.log\)"])
    kept = next(pytester.path.glob("dutygraph-falkordb-hang-*.log")).read_bytes()
    assert b"the server did not answer; its threads:" in kept and b"state=T" in kept


INNER_STUCK = '''
import os
from pathlib import Path

import pytest

from bolt_server import Proxy
from dutygraph.queries.runner import Session, Target, run_adhoc

RUNS = Path(os.environ["TMPDIR"]) / "runs"


@pytest.fixture(scope="module")
def proxied(bolt_server):
    bolt_server.probe_timeout, bolt_server.blocked_grace = 5.0, 3.0
    proxy = Proxy(bolt_server.port)
    with Session(Target(uri=proxy.uri, user="falkordb", password="")) as s:
        assert run_adhoc("RETURN 1 AS one", s) == [{{"one": 1}}]
        yield s, proxy


@pytest.mark.timeout(8)
def test_query_while_its_connection_is_stuck(request, bolt_server, proxied):
    session, proxy = proxied
    run = int(RUNS.read_text()) + 1 if RUNS.exists() else 1
    RUNS.write_text(str(run))
    request.node.add_marker(pytest.mark.timeout(40), append=False)  # the rerun's, as above
    if {raw}:  # the driver itself: its session's clean-up waits on the stuck connection
        import neo4j

        with neo4j.GraphDatabase.driver(proxy.uri, auth=None) as driver:
            with driver.session() as s:
                assert s.run("RETURN 1 AS one").single()["one"] == 1
                if run == 1:
                    proxy.freeze()
                assert s.run("RETURN 2 AS two").single()["two"] == 2
    else:  # dutygraph's client: its statement's thread waits
        if run == 1:
            proxy.freeze()
        assert run_adhoc("RETURN 2 AS two", session) == [{{"two": 2}}]
'''


@pytest.mark.bolt
@pytest.mark.parametrize("raw", [False, True])
def test_a_test_still_blocked_after_its_timeout_has_the_server_killed_and_is_rerun(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, raw: bool) -> None:
    """The server answers a new connection but never this test's own (a proxy drops what it sends):
    the timeout's probe finds it responsive, yet the test waits on it — through dutygraph's client (a
    statement's thread still waits: killed at once) or the driver itself (interrupted, its session's
    clean-up waits for RESET's answer: killed after the grace). The blocked read ends, the server is
    restarted and the test rerun, and passes."""
    monkeypatch.setenv("TMPDIR", str(pytester.path))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_inner=INNER_STUCK.format(raw=raw))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", timeout=180)
    result.assert_outcomes(passed=1)
    assert int((pytester.path / "runs").read_text()) == 2
    result.stdout.re_match_lines([r"test_inner.py::test_query_while_its_connection_is_stuck "
                                  r"\(server hung; log kept at .*dutygraph-falkordb-hang-\d+\.log\)"])
    kept = next(pytester.path.glob("dutygraph-falkordb-hang-*.log")).read_bytes()
    assert b"the test stayed blocked on the server after its timeout; killed" in kept
