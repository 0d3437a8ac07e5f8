"""The build's durability rule (exports/atomic.py): nothing is fsynced file by file while staging;
every file and folder of the staging folder is fsynced once, before it is swapped in, and the parent
folder after the swap. The site's pages are synced like every exporter's files."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from dutygraph.commands.build import build_from_batch

from graph_records import sample_batch


def test_every_file_of_a_build_is_synced_once_before_the_swap(tmp_path, monkeypatch):
    out = tmp_path / "out"
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    build_from_batch(sample_batch(), out, only=["csv", "site", "graphml"])
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert any(f.startswith("site/") for f in files) and any(f.startswith("csv/") for f in files)
    staged = str(tmp_path / ".out.tmp-")  # .out.tmp-PID-HEX/…
    # each file once, under the staging folder's name (before the swap), none as a temp file
    by_file = Counter((p[len(staged):].split("/", 1) + [""])[1] for p in synced if p.startswith(staged))
    assert {f: by_file[f] for f in files} == dict.fromkeys(files, 1)
    assert not [p for p in synced if p.endswith(".tmp")]
    # every folder of it too, and the parent folder last (after the rename)
    folders = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_dir()}
    assert folders and all(by_file[f] == 1 for f in folders) and by_file[""] == 1  # and the staging root
    assert synced[-1] == str(tmp_path)


def test_outside_a_build_a_file_is_synced_as_it_is_written(tmp_path, monkeypatch):
    from dutygraph.exports.atomic import open_atomic, write_bytes

    synced: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real_fsync(fd)))
    write_bytes(tmp_path / "a.bin", b"a")
    with open_atomic(tmp_path / "b.txt") as fh:
        fh.write("b")
    assert [Path(p).name[:6] for p in synced] == [".a.bin", ".b.txt"]  # the temp files, before the rename
