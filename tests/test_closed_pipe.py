"""Output into a pipe whose reader has gone (`dutygraph extract … | head -1`): every command that
writes to stdout ends quietly, as cat or grep do: nothing on stderr, exit status 141 (128 + SIGPIPE).

Each command runs for real with its stdout the write end of a pipe whose read end is closed, either
from the start (every write fails) or after the reader has read a little (`head -c`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dutygraph.paths import sample_plans_dir

PLANS = sample_plans_dir()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from dutygraph.commands.build import run_build

    out = tmp_path_factory.mktemp("pipe") / "out"
    run_build([str(PLANS)], out, only=["ladybug"], use_cache=False)
    return out


def cmd(*args: object) -> list[str]:
    return [sys.executable, "-m", "dutygraph.cli", *map(str, args)]


def run_into_closed_pipe(args: list[str]) -> subprocess.CompletedProcess[str]:
    read, write = os.pipe()
    os.close(read)  # nobody will ever read
    try:
        return subprocess.run(args, stdout=write, stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write)


def commands(db: Path) -> dict[str, list[str]]:
    return {
        "extract": cmd("extract", PLANS),
        "extract-json": cmd("extract", PLANS, "--format", "json", "--full"),
        "extract-jobs2": cmd("extract", PLANS, PLANS, "--jobs", "2"),
        "queries": cmd("queries"),
        "query": cmd("query", "agency_load", "--db", db, "--limit", "0"),
        "query-csv": cmd("query", "platform_dependents", "--db", db, "-p", "platform=赣服通", "--format", "csv"),
        "cypher": cmd("cypher", "--db", db, "MATCH (a:Agency) RETURN a.name ORDER BY a.name"),
        "help": cmd("--help"),
        "aliases": cmd("aliases", "review", PLANS),
        "native-status": [sys.executable, "-m", "dutygraph.native", "status"],
    }


@pytest.mark.parametrize("name", ["extract", "extract-json", "extract-jobs2", "queries", "query", "query-csv",
                                  "cypher", "help", "aliases", "native-status"])
def test_a_closed_pipe_ends_the_command_quietly_with_status_141(name, db):
    args = commands(db)[name]
    assert subprocess.run(args, capture_output=True, timeout=300).returncode == 0  # it works into a reader
    proc = run_into_closed_pipe(args)
    assert proc.stderr == ""
    assert proc.returncode == 141


@pytest.mark.parametrize("jobs", [1, 2])
def test_head_reading_the_first_bytes_then_leaving(jobs):
    """The reader takes a little and goes, mid-stream (`| head -c 1000`): the same quiet end, and with
    --jobs 2 the worker processes end with it (the command returns promptly)."""
    proc = subprocess.Popen(cmd("extract", PLANS, PLANS, PLANS, "--jobs", str(jobs)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.read(1000)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert first.startswith(b'{"doc": ') and err == b""


def test_broken_pipe_from_elsewhere_is_an_error_not_a_quiet_end():
    """EPIPE from a socket to a server that hung up is not our reader leaving: one error line, status 1."""
    from dutygraph.cli import _closed_pipe
    from dutygraph.errors import DutygraphError

    exc = _closed_pipe(BrokenPipeError(32, "Broken pipe"))  # stdout here is pytest's, still read
    assert isinstance(exc, DutygraphError) and str(exc) == "Broken pipe"
