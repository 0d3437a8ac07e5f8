"""`dutygraph neo4j push` end to end (a subprocess, real FalkorDB Bolt server): the password comes
from the environment and never shows in output or logs, even with driver debug logging on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bolt

ROOT = Path(__file__).resolve().parent.parent
JJ = ROOT / "data" / "plans" / "jiujiang-2023-business-environment-action-plan.txt"
SECRET = "Pa55-w0rd'\"$(echo pwned)\\-do-not-print"


def _cli(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if "PASSWORD" not in k}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "dutygraph.cli", *args], input=stdin, capture_output=True,
                          text=True, env=full, cwd=ROOT, timeout=300)


def test_push_with_env_password_prints_counts_and_notes(bolt_server):
    bolt_server.flush()
    # FalkorDB's Bolt accepts user "default" with an empty password only (it ignores redis' requirepass)
    res = _cli("neo4j", "push", "--uri", bolt_server.uri, "--user", "default", "--batch-size", "50", str(JJ),
               env={"DUTYGRAPH_NEO4J_PASSWORD": ""})
    assert res.returncode == 0, res.stderr
    assert "falkordb dialect" in res.stdout
    assert "note: constraints: skipped" in res.stdout
    assert "Password" not in res.stderr  # the env var was used, no prompt
    assert " Measure " in res.stdout


def test_push_a_build_directory_reads_its_graph_json(bolt_server, tmp_path):
    from dutygraph.api import graph_from_paths
    from dutygraph.exports import graphml
    from dutygraph.neo4j import Client, server_counts
    from dutygraph.neo4j.statements import expected_counts

    g = graph_from_paths([JJ])
    graphml.write(g, tmp_path)  # what `dutygraph build --out DIR` leaves as DIR/graph.json
    bolt_server.flush()
    res = _cli("neo4j", "push", "--uri", bolt_server.uri, "--user", "default", str(tmp_path),
               env={"NEO4J_PASSWORD": ""})
    assert res.returncode == 0, res.stderr
    with Client(bolt_server.uri, None, None, connect_timeout=1.0) as c:
        assert server_counts(c) == expected_counts(g)
    both = _cli("neo4j", "push", "--uri", bolt_server.uri, "--user", "default", str(tmp_path), str(JJ),
                env={"NEO4J_PASSWORD": ""})
    assert both.returncode == 1 and "not both" in both.stderr


@pytest.mark.parametrize("verbose", [False, True])
def test_password_never_in_output_or_logs(bolt_server, verbose):
    args = ["neo4j", "push", "--uri", bolt_server.uri, "--user", "neo4j", "--retries", "0", str(JJ)]
    if verbose:
        args.insert(2, "-v")
    res = _cli(*args, env={"DUTYGRAPH_NEO4J_PASSWORD": SECRET})
    assert res.returncode == 1  # FalkorDB refuses these credentials
    assert res.stderr.startswith("dutygraph: error:") or "dutygraph: error:" in res.stderr
    for text in (res.stdout, res.stderr):
        assert SECRET not in text
        assert "Pa55-w0rd" not in text
    if verbose:
        assert "HELLO" in res.stderr or "LOGON" in res.stderr  # driver logging was really on


def test_prompted_password_is_not_echoed(bolt_server):
    res = _cli("neo4j", "push", "--uri", bolt_server.uri, "--user", "neo4j", "--retries", "0", str(JJ),
               env={}, stdin=SECRET + "\n")
    assert "Password for neo4j" in res.stderr
    assert SECRET not in res.stdout + res.stderr
    assert res.returncode == 1


def test_commands_in_a_row_are_answered_at_once_on_falkordbs_own_port(bolt_server):
    """Straight to the server's Bolt port, not through the harness's proxy (tests/bolt_server.py): every
    second command used to wait 15 s on FalkorDB's unanswered connection and print a retry line; bare
    handshakes before the Client's first connection take that place (neo4j/client.py,
    _until_a_handshake_is_answered). Under heavy load (a full run beside four compiling and profiling
    helpers) a command once printed one retry line and was answered 0.5 s later: so at most one retry
    line over eight commands — the old behaviour gave one every second command (four)."""
    direct = f"bolt://127.0.0.1:{bolt_server.port}"
    retried = []
    for _ in range(8):
        res = _cli("cypher", "--neo4j", direct, "--user", "default", "RETURN 1 AS one", env={"NEO4J_PASSWORD": ""})
        assert res.returncode == 0, res.stderr
        assert res.stdout.split() == ["one", "---", "1", "(1", "row)"]
        lines = res.stderr.splitlines()
        assert all(ln.startswith("connect: ServiceUnavailable; retry 1/") for ln in lines), res.stderr
        retried += lines
    assert len(retried) <= 1, retried
