"""Incremental builds on a synthetic corpus: re-running `dutygraph build` after one file changed
re-extracts only that file and gives output byte-identical to a clean build."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from dutygraph import synth

BIN = Path(sys.executable).with_name("dutygraph")
N = 24


def _digest(root: Path) -> dict[str, object]:
    """sha256 of every output file (the LadybugDB file too), byte for byte."""
    out: dict[str, object] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if not p.is_file() or ".cache" in rel.parts:
            continue
        out[str(rel)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _build(docs: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    r = subprocess.run([str(BIN), "build", str(docs), "--out", str(out), *extra],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    return r


@pytest.mark.slow
def test_one_changed_file_is_re_extracted_and_output_equals_a_clean_build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for d in synth.generate(N, seed=31, clean=True):
        (docs / d.name).write_bytes(d.data)
    out = tmp_path / "out"
    _build(docs, out)
    first = _digest(out)

    # unchanged input: everything from the cache, identical output
    r = _build(docs, out)
    assert f"{N}/{N} files unchanged" in r.stderr, r.stderr[-1500:]
    assert _digest(out) == first

    # change one file: only it is re-extracted
    victim = sorted(p for p in docs.iterdir() if p.suffix == ".txt")[0]
    replacement = synth.generate_doc(10_000, seed=31, clean=True)
    while replacement.fmt != "txt":
        replacement = synth.generate_doc(replacement.index + 1, seed=31, clean=True)
    victim.write_bytes(replacement.data)
    r = _build(docs, out)
    assert f"{N - 1}/{N} files unchanged" in r.stderr, r.stderr[-1500:]
    incremental = _digest(out)
    assert incremental != first

    clean = tmp_path / "clean"
    _build(docs, clean, "--no-cache")
    assert _digest(clean) == incremental
