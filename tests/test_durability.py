"""The build's durability rule (exports/atomic.py): nothing is fsynced file by file while staging;
the staging folder is synced in one step before it is swapped in (syncfs, or where there is none an
fsync of every file and folder of it), and the parent folder after the swap. The site's pages are
synced like every exporter's files."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from dutygraph.commands.build import build_from_batch
from dutygraph.exports import atomic

from graph_records import sample_batch

ONLY = ["csv", "site", "graphml", "review"]


def record_syncs(monkeypatch, out: Path, *, syncfs: bool) -> list[tuple[str, str, bool]]:
    """(what, path, whether the build's output folder `out` was there yet) for every sync."""
    calls: list[tuple[str, str, bool]] = []
    real_fsync, real_syncfs = os.fsync, atomic._syncfs

    def fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        calls.append(("fsync", path, (out / "manifest.json").exists()))
        real_fsync(fd)

    def fake_syncfs(path: Path) -> bool:
        calls.append(("syncfs", str(path), (out / "manifest.json").exists()))
        return real_syncfs(path) if syncfs else False

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(atomic, "_syncfs", fake_syncfs)
    return calls


def test_a_build_is_synced_in_one_step_before_the_swap(tmp_path, monkeypatch):
    out = tmp_path / "out"
    calls = record_syncs(monkeypatch, out, syncfs=True)
    build_from_batch(sample_batch(), out, only=ONLY)
    assert any(p.is_file() for p in (out / "site").rglob("*")) and (out / "csv").is_dir()
    staged = str(tmp_path / ".out.tmp-")
    assert [(what, path.startswith(staged), swapped) for what, path, swapped in calls] == [
        ("syncfs", True, False),  # the staging folder, before the swap; no file fsynced on its own
        ("fsync", False, True),  # then the parent folder, after it
    ]
    assert calls[1][1] == str(tmp_path)


def test_without_syncfs_every_file_and_folder_is_fsynced_once_before_the_swap(tmp_path, monkeypatch):
    out = tmp_path / "out"
    calls = record_syncs(monkeypatch, out, syncfs=False)
    build_from_batch(sample_batch(), out, only=ONLY)
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    folders = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_dir())
    staged = str(tmp_path / ".out.tmp-")  # .out.tmp-PID-HEX/…
    assert calls[0][0] == "syncfs" and calls[-1] == ("fsync", str(tmp_path), True)
    fsynced = [path for what, path, swapped in calls[1:-1] if what == "fsync" and not swapped]
    assert len(fsynced) == len(calls) - 2  # all of them before the swap
    by_file = Counter((p[len(staged):].split("/", 1) + [""])[1] for p in fsynced if p.startswith(staged))
    assert sum(by_file.values()) == len(fsynced)  # nothing outside the staging folder, no temp file
    assert {f: by_file[f] for f in files + folders + [""]} == dict.fromkeys(files + folders + [""], 1)


@pytest.mark.parametrize("how", ["write_bytes", "open_atomic"])
def test_outside_a_build_a_file_is_synced_as_it_is_written(how, tmp_path, monkeypatch):
    calls = record_syncs(monkeypatch, tmp_path / "out", syncfs=True)
    if how == "write_bytes":
        atomic.write_bytes(tmp_path / "a.bin", b"a")
    else:
        with atomic.open_atomic(tmp_path / "a.bin") as fh:
            fh.write("a")
    assert [(what, Path(path).name[:7]) for what, path, _ in calls] == [("fsync", ".a.bin.")]  # its temp file
