"""`extract -o FILE` after a run that was killed (SIGKILL: no cleanup ran): the next run removes the
temp file it left (`.FILE.XXXXXXXX.tmp`) but never the temp file of a run still writing; a FIFO,
device or symlink named as FILE stays what it is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from dutygraph.paths import sample_plans_dir

PLANS = sample_plans_dir()
SAMPLE = sorted(PLANS.glob("*.txt"))[1]  # a small one


def extract(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dutygraph.cli", "extract", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def start_stuck_run(tmp_path: Path, out: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    """`extract SAMPLE FIFO -o out`: streams SAMPLE's records into its temp file, then blocks reading
    the FIFO (nobody writes to it yet). Returns once the temp file holds records."""
    fifo = tmp_path / f"stuck-{len(list(tmp_path.iterdir()))}.txt"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "dutygraph.cli", "extract", str(SAMPLE), str(fifo), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while True:
        temps = [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.stat().st_size > 0]
        if temps:
            return proc, fifo, temps[0]
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no records were streamed into a temp file"
        time.sleep(0.05)


def test_a_killed_run_s_temp_file_is_removed_by_the_next_run(tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "records.jsonl"
    proc, _, temp = start_stuck_run(tmp_path, out)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert temp.exists() and not out.exists()  # what SIGKILL leaves
    other = out_dir / ".records.jsonl.old.tmp"  # not of open_output's naming: left alone
    other.write_text("x", encoding="utf-8")
    neighbour = out_dir / ".records.jsonl.b.abcdefgh.tmp"  # a temp file of `records.jsonl.b`
    neighbour.write_text("x", encoding="utf-8")

    done = extract(SAMPLE, "-o", out)
    assert done.returncode == 0, done.stderr
    assert not temp.exists()
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([out.name, other.name, neighbour.name])
    assert out.read_text(encoding="utf-8") == extract(SAMPLE).stdout


def test_a_running_writer_s_temp_file_is_left_alone(tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "records.jsonl"
    first, fifo, temp = start_stuck_run(tmp_path, out)
    try:
        second = extract(PLANS, "-o", out)  # runs to the end while the first one still writes
        assert second.returncode == 0, second.stderr
        assert temp.exists()
        assert out.read_text(encoding="utf-8") == extract(PLANS).stdout
        with open(fifo, "w", encoding="utf-8") as fh:  # let the first run finish: it renames its own
            fh.write("")
        _, err = first.communicate(timeout=120)
    finally:
        first.kill()
    assert first.returncode == 0, err
    assert [p.name for p in out_dir.iterdir()] == [out.name]
    assert out.read_text(encoding="utf-8") == extract(SAMPLE).stdout


def test_a_temp_file_taken_between_mkstemp_and_its_lock_is_made_again(tmp_path, monkeypatch):
    """The race a sweeper could win: it finds a writer's brand-new temp file before the writer has
    locked it and removes it; the writer then sees its file is gone and makes another."""
    import tempfile

    from dutygraph.exports import atomic

    real_mkstemp = tempfile.mkstemp
    made: list[str] = []

    def mkstemp_then_swept(*args, **kwargs):
        fd, tmp = real_mkstemp(*args, **kwargs)
        made.append(tmp)
        if len(made) == 1:
            assert atomic.remove_stale(tmp_path / "f.jsonl") == [tmp]  # not locked yet: swept
        return fd, tmp

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_swept)
    with atomic.open_output(tmp_path / "f.jsonl") as fh:
        fh.write("records\n")
        assert len(made) == 2 and not os.path.exists(made[0]) and os.path.exists(made[1])
        assert atomic.remove_stale(tmp_path / "f.jsonl") == []  # locked now: left alone
    assert [p.name for p in tmp_path.iterdir()] == ["f.jsonl"]
    assert (tmp_path / "f.jsonl").read_text(encoding="utf-8") == "records\n"


def test_a_fifo_or_a_symlink_as_the_output_stays_what_it_is(tmp_path):
    expected = extract(SAMPLE).stdout
    # a FIFO (as /dev/stdout or a process substitution would be): written in place, not replaced
    fifo = tmp_path / "records.fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    proc = extract(SAMPLE, "-o", fifo)
    reader.join(60)
    assert proc.returncode == 0, proc.stderr
    assert fifo.is_fifo() and got == [expected]
    # a symlink: its target is replaced, the link stays a link
    target = tmp_path / "real" / "records.jsonl"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    proc = extract(SAMPLE, "-o", link)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8") == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "real", "records.fifo"]
    assert [p.name for p in target.parent.iterdir()] == ["records.jsonl"]
