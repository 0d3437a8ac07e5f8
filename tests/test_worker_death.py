"""An extraction worker process that really dies (SIGKILL, os._exit, SIGSEGV) in `extract --jobs 2`
and `build --jobs 2`: one line naming the file it was reading and how it died, the rest of the batch
goes on, the file is read again on its own and given as its error if it kills a worker twice.

The worker dies through tests/_worker_dies.py, which runs the real command line with the module function
that reads one file wrapped before anything forks (the forked workers inherit the wrapper); the pool is the
real one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    from dutygraph.synth import corpus_paths, write_corpus

    base = tmp_path_factory.mktemp("deaths")
    write_corpus(base / "corpus", 30, seed=5)
    return corpus_paths(base / "corpus")


DIES = Path(__file__).with_name("_worker_dies.py")


def run(*args: object, dies: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """`dutygraph ARGS`; with `dies`, through tests/_worker_dies.py (a worker dies on a file)."""
    head = [sys.executable, str(DIES), *dies, "--"] if dies else [sys.executable, "-m", "dutygraph.cli"]
    return subprocess.run([*head, *map(str, args)], capture_output=True, text=True, encoding="utf-8", timeout=300)


def dies(name: str, how: str, marker: Path | None = None) -> list[str]:
    return [name, how] + ([str(marker)] if marker else [])


@pytest.mark.parametrize("how,said", [("9", "killed by SIGKILL"), ("exit", "exited with status 3")])
def test_extract_a_worker_that_dies_once_is_replaced_and_the_output_is_whole(corpus, how, said, tmp_path):
    culprit = corpus[13]
    clean = run("extract", *corpus, "--jobs", "2")
    assert clean.returncode == 0 and clean.stderr == ""
    proc = run("extract", *corpus, "--jobs", "2", dies=dies(culprit.name, how, tmp_path / "died-once"))
    assert (tmp_path / "died-once").exists()  # a worker really did die
    assert proc.returncode == 0
    assert proc.stdout == clean.stdout  # every file, in input order, the culprit read again
    assert proc.stderr.splitlines() == [
        f"dutygraph: warning: an extraction worker process died ({said}) while reading {culprit}; "
        "read again on its own"
    ]


@pytest.mark.parametrize("how,said", [("exit", "exited with status 3"), ("11", "killed by SIGSEGV")])
def test_extract_a_file_that_kills_its_worker_twice_is_an_error_and_the_rest_goes_on(corpus, how, said, tmp_path):
    culprit = corpus[13]
    rest = [p for p in corpus if p != culprit]
    out = tmp_path / "out" / "records.jsonl"
    out.parent.mkdir()
    out.write_text("the previous run's output\n", encoding="utf-8")
    proc = run("extract", *corpus, "--jobs", "2", "--output", out, dies=dies(culprit.name, how))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("dutygraph: error: ")]
    assert errors == [f"dutygraph: error: {culprit}: the extraction worker process died twice while reading "
                      f"this file ({said}); skipped"]
    assert proc.stderr.count(f"died ({said}) while reading {culprit}; read again on its own") == 1
    assert out.read_text(encoding="utf-8") == run("extract", *rest, "--jobs", "2").stdout
    assert [p.name for p in out.parent.iterdir()] == ["records.jsonl"]  # no temp file left


def test_extract_exit_status_1_when_every_file_kills_its_worker(corpus, tmp_path):
    # four copies of one document under one name: each kills a worker twice
    files = []
    for i in range(4):
        (tmp_path / str(i)).mkdir()
        files.append(tmp_path / str(i) / "doc.txt")
        files[-1].write_bytes(corpus[0].read_bytes())
    proc = run("extract", *files, "--jobs", "2", dies=dies("doc.txt", "9"))
    assert proc.returncode == 1 and proc.stdout == ""
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("dutygraph: error: ")]
    assert [e.split(": ")[2] for e in errors] == [str(f) for f in files]


def test_build_a_worker_that_dies_gives_the_same_output_or_the_file_s_error(corpus, tmp_path):
    culprit = corpus[13]
    clean, once, twice = tmp_path / "clean", tmp_path / "once", tmp_path / "twice"
    assert run("build", *corpus, "--out", clean, "--jobs", "2", "--only", "csv").returncode == 0

    proc = run("build", *corpus, "--out", once, "--jobs", "2", "--only", "csv",
               dies=dies(culprit.name, "9", tmp_path / "died-once"))
    assert proc.returncode == 0, proc.stderr
    assert f"extract  an extraction worker process died (killed by SIGKILL) while reading {culprit}" in proc.stderr
    files = sorted(p.relative_to(clean) for p in (clean / "csv").rglob("*"))
    assert files and files == sorted(p.relative_to(once) for p in (once / "csv").rglob("*"))
    assert all((clean / f).read_bytes() == (once / f).read_bytes() for f in files)

    # a previous build in place: a file that kills its worker twice fails like an unreadable file
    previous = run("build", *corpus, "--out", twice, "--jobs", "2", "--only", "csv")
    assert previous.returncode == 0
    proc = run("build", *corpus, "--out", twice, "--jobs", "2", "--only", "csv", "--no-cache", "--strict",
               dies=dies(culprit.name, "9"))
    assert proc.returncode == 2, proc.stderr  # --strict: a file could not be read
    assert "Traceback" not in proc.stderr
    reason = f"{culprit}: the extraction worker process died twice while reading this file (killed by SIGKILL); skipped"
    assert f"extract  FAILED {reason}" in proc.stderr
    manifest = json.loads((twice / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["errors"] == [reason]
    clean_manifest = json.loads((clean / "manifest.json").read_text(encoding="utf-8"))
    assert 0 < manifest["nodes"]["Measure"] < clean_manifest["nodes"]["Measure"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no staging left


def _dies_between_files(files, finish=None):
    """Stands in for pipeline._extract_chunk in the workers: dies before reading any file (no file in
    flight), every time, or once if the marker file named by $DIES_ONCE can still be made."""
    from dutygraph.extract import pipeline

    marker = os.environ.get("DIES_ONCE")
    if marker:
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return pipeline._real_extract_chunk(files, finish)
    os._exit(7)


def _dies_beside_one_that_ignores_sigterm(files, finish=None):
    """Stands in for pipeline._extract_chunk: the first call dies (status 7) once another worker has
    made itself deaf to SIGTERM (so the pool's clean-up must SIGKILL that one); the others read."""
    import signal
    import time

    from dutygraph.extract import pipeline

    deaf = os.environ["DEAF_MARKER"]
    try:
        os.close(os.open(os.environ["DIES_ONCE"], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        open(deaf, "a").close()
        return pipeline._real_extract_chunk(files, finish)
    deadline = time.monotonic() + 60
    while not os.path.exists(deaf) and time.monotonic() < deadline:
        time.sleep(0.01)
    os._exit(7)


def test_a_worker_ended_by_sigkill_at_clean_up_is_not_taken_for_the_one_that_died(corpus, monkeypatch, tmp_path):
    """Seen in a full run under load: "died (exited with status 7, killed by SIGKILL)" — the second was
    the pool's clean-up killing a worker that did not end within 5 s of SIGTERM. Only the death counts."""
    from dutygraph.extract import pipeline

    monkeypatch.setattr(pipeline, "_real_extract_chunk", pipeline._extract_chunk, raising=False)
    monkeypatch.setattr(pipeline, "_extract_chunk", _dies_beside_one_that_ignores_sigterm)
    monkeypatch.setenv("DIES_ONCE", str(tmp_path / "died"))
    monkeypatch.setenv("DEAF_MARKER", str(tmp_path / "deaf"))
    said: list[str] = []
    got = list(pipeline.iter_extract(corpus, jobs=2, notify=said.append))
    assert [p for p, _, _ in got] == [str(p) for p in corpus] and all(r is not None for _, r, _ in got)
    assert len(said) == 1 and said[0].startswith("an extraction worker process died (exited with status 7) "), said


def _dies_once_the_other_is_idle(files, finish=None):
    """Stands in for pipeline._extract_chunk: the first call waits until the other worker, deaf to SIGTERM,
    has read every other file (one a chunk; a marker file each), then dies (status 7). The deaf worker is
    then waiting for work, and the broken pool's own shut-down sentinel ends it: exit status 0."""
    import signal
    import time

    from dutygraph.extract import pipeline

    done = Path(os.environ["DONE_DIR"])
    try:
        os.close(os.open(os.environ["DIES_ONCE"], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        got = pipeline._real_extract_chunk(files, finish)
        for n, _ in files:
            (done / str(n)).touch()
        return got
    deadline = time.monotonic() + 60
    while len(list(done.iterdir())) < int(os.environ["OTHERS"]) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)  # its last result sent, it waits on the pool's queue
    os._exit(7)


def test_a_worker_ended_by_the_broken_pool_s_shut_down_is_not_taken_for_the_one_that_died(corpus, monkeypatch,
                                                                                          tmp_path):
    """Seen in CI (stop 26): "died (exited with status 7, exited with status 0)". A pool that breaks ends its
    other workers with SIGTERM and then sends each a shut-down sentinel; a worker that ignores SIGTERM and is
    waiting for work reads the sentinel and exits with status 0. Such a worker ended as told: not a death."""
    from dutygraph.extract import pipeline

    files = corpus[:4]  # 4 files, 2 workers: one file a chunk
    (tmp_path / "done").mkdir()
    monkeypatch.setattr(pipeline, "_real_extract_chunk", pipeline._extract_chunk, raising=False)
    monkeypatch.setattr(pipeline, "_extract_chunk", _dies_once_the_other_is_idle)
    monkeypatch.setenv("DIES_ONCE", str(tmp_path / "died"))
    monkeypatch.setenv("DONE_DIR", str(tmp_path / "done"))
    monkeypatch.setenv("OTHERS", str(len(files) - 1))
    said: list[str] = []
    got = list(pipeline.iter_extract(files, jobs=2, notify=said.append))
    assert [p for p, _, _ in got] == [str(p) for p in files] and all(r is not None for _, r, _ in got)
    assert said == ["an extraction worker process died (exited with status 7) between files; "
                    "its pool's 1 unfinished file(s) are read again"]


@pytest.mark.parametrize("once", [True, False])
def test_a_worker_that_dies_between_files_is_replaced_a_few_times_then_the_run_stops(once, corpus, monkeypatch,
                                                                                     tmp_path):
    from dutygraph.errors import DutygraphError
    from dutygraph.extract import pipeline

    monkeypatch.setattr(pipeline, "_real_extract_chunk", pipeline._extract_chunk, raising=False)
    monkeypatch.setattr(pipeline, "_extract_chunk", _dies_between_files)  # the forked workers see it
    if once:
        monkeypatch.setenv("DIES_ONCE", str(tmp_path / "died"))
    said: list[str] = []
    outcomes = pipeline.iter_extract(corpus, jobs=2, notify=said.append)
    if once:
        got = list(outcomes)
        assert [p for p, _, _ in got] == [str(p) for p in corpus] and all(r is not None for _, r, _ in got)
        assert len(said) == 1 and said[0].startswith(
            "an extraction worker process died (exited with status 7) between files; its pool's ")
    else:
        with pytest.raises(DutygraphError, match=r"keep dying \(exited with status 7\) between files; stopped"):
            list(outcomes)
        assert len(said) == pipeline.MAX_UNATTRIBUTED_DEATHS


def _deaf_then(marker: str, own_kill_after: float | None) -> None:
    """A pool task: its worker ignores SIGTERM, writes its pid to `marker`, then SIGKILLs itself after
    `own_kill_after` seconds (a death of its own, while the clean-up waits for it) or sleeps on."""
    import signal
    import time

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with open(marker + ".tmp", "w") as fh:
        fh.write(str(os.getpid()))
    os.replace(marker + ".tmp", marker)
    if own_kill_after is None:
        time.sleep(120)
    else:
        time.sleep(own_kill_after)
        os.kill(os.getpid(), signal.SIGKILL)


def test_the_clean_up_names_only_the_workers_it_had_to_sigkill(tmp_path):
    """Seen in a full run: "died (killed by SIGTERM, killed by SIGKILL) while reading …" for a worker that
    had SIGKILLed itself. It was still running (not reaped) when the clean-up began, and the clean-up then
    took every worker running at its start and later found dead by SIGKILL for one it had killed itself; so
    no death was left as the worker's own and both workers were named. _end_workers now names only the
    workers it SIGKILLed (alive 5 s after its SIGTERM): here one worker dies of its own SIGKILL while the
    clean-up waits, the other ignores SIGTERM to the end and is SIGKILLed by the clean-up."""
    import time
    from concurrent.futures import ProcessPoolExecutor

    from dutygraph.extract import pipeline

    own, deaf = str(tmp_path / "own"), str(tmp_path / "deaf")
    pool = ProcessPoolExecutor(max_workers=2)
    try:
        pool.submit(_deaf_then, own, 1.0)
        pool.submit(_deaf_then, deaf, None)
        deadline = time.monotonic() + 60
        while not (os.path.exists(own) and os.path.exists(deaf)) and time.monotonic() < deadline:
            time.sleep(0.01)
        pids = {name: int(Path(name).read_text()) for name in (own, deaf)}
        killed = pipeline._end_workers(pool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    assert killed == {pids[deaf]}
