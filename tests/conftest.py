"""Shared pytest fixtures."""

from __future__ import annotations

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
