"""The conftest hook that turns a Bolt test's failure into a skip only when FalkorDB's server crashed
in its own Bolt connection code. Driven with pytester on the real crash reports seen in this project's
runs (tests/fixtures/falkordb_crashes/, paths shortened): the hook must skip for those two frames and
must keep every other failure a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import falkordb_bolt_crash

pytest_plugins = ("pytester",)

CRASHES = Path(__file__).parent / "fixtures" / "falkordb_crashes"
CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")


def report(name: str) -> bytes:
    return (CRASHES / name).read_bytes().split(b"=== REDIS BUG REPORT START")[1]


@pytest.mark.parametrize(("name", "bolt"), [
    ("bolt_client_free.log", True),   # connection close (clean-clone run, 2026-11-30)
    ("bolt_read_handler.log", True),  # reading a message (full suite, 2026-11-30)
    ("elsewhere.log", False),         # query cache clean-up: not the Bolt connection code
])
def test_crash_frames_are_told_apart(name: str, bolt: bool) -> None:
    assert falkordb_bolt_crash([report(name)]) is bolt


def test_no_crash_and_mixed_crashes_are_not_bolt_crashes() -> None:
    assert not falkordb_bolt_crash([])
    assert not falkordb_bolt_crash([report("bolt_client_free.log"), report("elsewhere.log")])


INNER = '''
import os
import pytest
from pathlib import Path

CRASH = Path({crash!r}).read_bytes() if {crash!r} else b""


class Server:
    """Stands in for tests/bolt_server.BoltServer's log-reading side: the hook only reads the log,
    copies it and restarts the server."""
    def __init__(self, tmp):
        self.port = 1
        self.log = tmp / "server.log"
        self.log.write_bytes(b"started\\n")

    def crash_reports(self):
        return self.log.read_bytes().split(b"=== REDIS BUG REPORT START")[1:]

    def restart(self):
        (Path(os.environ["TMPDIR"]) / "restarted").write_text("yes")


@pytest.fixture
def server(tmp_path):
    return Server(tmp_path)


def test_fails_while_server_crashes(server):
    server.log.write_bytes(server.log.read_bytes() + CRASH)
    assert {passes}, "query failed: connection reset"


def test_next(server):
    assert server.crash_reports() == []
'''


@pytest.mark.parametrize(("crash", "passes", "outcome"), [
    ("bolt_client_free.log", False, {"skipped": 1, "passed": 1}),
    ("bolt_read_handler.log", False, {"skipped": 1, "passed": 1}),
    ("elsewhere.log", False, {"failed": 1, "passed": 1}),
    ("", False, {"failed": 1, "passed": 1}),            # a failure with no crash stays a failure
    ("bolt_client_free.log", True, {"passed": 2}),      # a pass during a crash stays a pass
])
def test_hook_outcomes(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, crash: str, passes: bool,
                       outcome: dict[str, int]) -> None:
    monkeypatch.setenv("TMPDIR", str(pytester.path))  # where the hook keeps the crashed server's log
    monkeypatch.setattr("tempfile.tempdir", None)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_inner=INNER.format(crash=str(CRASHES / crash) if crash else "", passes=passes))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(**outcome)
    skipped = "skipped" in outcome
    restarted = (pytester.path / "restarted").exists()
    kept = pytester.path / "dutygraph-falkordb-crash-1.log"
    assert restarted is skipped and kept.exists() is skipped
    if skipped:
        result.stdout.re_match_lines([r".*FalkorDB's Bolt server crashed .* during this test; log kept at .*"])
        assert report(crash) in kept.read_bytes()
