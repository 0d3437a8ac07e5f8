"""sysmem: the memory a build may still take (MemAvailable, cgroup v1 and v2 limits, the override), and
the places that fork ask it first: the export workers, the derive helper and the site's page writers
run in the build process when their copies of the graph would not fit (a 100k-document build was
killed by the kernel with two, 2026-12-03)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dutygraph import sysmem
from dutygraph.errors import DutygraphError

GB = 2**30


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="ascii")


def _meminfo(tmp_path: Path, kb: int) -> Path:
    p = tmp_path / "meminfo"
    _write(p, f"MemTotal:       24000000 kB\nMemFree:         1000000 kB\nMemAvailable:   {kb} kB\n")
    return p


def test_meminfo_alone(tmp_path, monkeypatch):
    monkeypatch.delenv("DUTYGRAPH_MEMORY_AVAILABLE", raising=False)
    cg = tmp_path / "cgroup"
    _write(cg, "0::/\n")  # v2, root: no limit files there
    root = tmp_path / "fs"
    _write(root / "cgroup.controllers", "cpu memory\n")
    assert sysmem.available(meminfo=_meminfo(tmp_path, 8 * 2**20), proc_cgroup=cg, cgroup_root=root) == 8 * GB


def test_a_cgroup_v1_limit_leaves_less_than_meminfo(tmp_path, monkeypatch):
    """As on this project's VM (the memory controller on v1, a hybrid mount): the limit of the process's
    group or of a parent, less what the group uses, its inactive file pages counting as free."""
    monkeypatch.delenv("DUTYGRAPH_MEMORY_AVAILABLE", raising=False)
    cg = tmp_path / "cgroup"
    _write(cg, "9:name=systemd:/\n4:memory:/process_api/abc\n1:cpu:/\n0::/\n")
    root = tmp_path / "fs"
    mem = root / "memory"
    _write(mem / "memory.limit_in_bytes", "9223372036854771712\n")  # the root: no limit
    _write(mem / "process_api" / "memory.limit_in_bytes", f"{22 * GB}\n")
    _write(mem / "process_api" / "memory.usage_in_bytes", f"{10 * GB}\n")
    _write(mem / "process_api" / "memory.stat", f"cache 1\ntotal_inactive_file {2 * GB}\n")
    _write(mem / "process_api" / "abc" / "memory.limit_in_bytes", "9223372036854771712\n")
    got = sysmem.available(meminfo=_meminfo(tmp_path, 20 * 2**20), proc_cgroup=cg, cgroup_root=root)
    assert got == 22 * GB - 8 * GB
    # a tighter limit on the group itself wins
    _write(mem / "process_api" / "abc" / "memory.limit_in_bytes", f"{4 * GB}\n")
    _write(mem / "process_api" / "abc" / "memory.usage_in_bytes", f"{3 * GB}\n")
    assert sysmem.available(meminfo=_meminfo(tmp_path, 20 * 2**20), proc_cgroup=cg, cgroup_root=root) == GB
    # and MemAvailable when it is the least
    assert sysmem.available(meminfo=_meminfo(tmp_path, 2**19), proc_cgroup=cg, cgroup_root=root) == GB // 2


def test_a_cgroup_v2_limit(tmp_path, monkeypatch):
    monkeypatch.delenv("DUTYGRAPH_MEMORY_AVAILABLE", raising=False)
    cg = tmp_path / "cgroup"
    _write(cg, "0::/user.slice/build.scope\n")
    root = tmp_path / "fs"
    _write(root / "cgroup.controllers", "cpu memory\n")
    scope = root / "user.slice" / "build.scope"
    _write(scope / "memory.max", "max\n")
    _write(root / "user.slice" / "memory.max", f"{16 * GB}\n")
    _write(root / "user.slice" / "memory.current", f"{7 * GB}\n")
    _write(root / "user.slice" / "memory.stat", f"anon 1\ninactive_file {GB}\n")
    got = sysmem.available(meminfo=_meminfo(tmp_path, 20 * 2**20), proc_cgroup=cg, cgroup_root=root)
    assert got == 10 * GB


def test_the_override_and_its_errors(monkeypatch):
    for raw, want in (("8G", 8 * GB), ("512M", 512 * 2**20), ("1.5GiB", int(1.5 * GB)), ("1048576", 2**20),
                      ("0", 0), (" 2 g ", 2 * GB)):
        monkeypatch.setenv("DUTYGRAPH_MEMORY_AVAILABLE", raw)
        assert sysmem.available() == want, raw
    for bad in ("lots", "-1G", "G", "nan", "inf", "-inf", "1e999", "infG"):
        monkeypatch.setenv("DUTYGRAPH_MEMORY_AVAILABLE", bad)
        with pytest.raises(DutygraphError, match="DUTYGRAPH_MEMORY_AVAILABLE") as got:
            sysmem.available()
        assert f"not {bad!r}" in got.value.oneline()
        with pytest.raises(DutygraphError) as early:  # the same error, before any work
            sysmem.check_override()
        assert early.value.oneline() == got.value.oneline()
    for good in ("8G", " 2 g ", "0", ""):
        monkeypatch.setenv("DUTYGRAPH_MEMORY_AVAILABLE", good)
        sysmem.check_override()
    monkeypatch.delenv("DUTYGRAPH_MEMORY_AVAILABLE")
    sysmem.check_override()


def test_this_machine_is_read():
    assert sysmem.resident() > 10 * 2**20  # (this pytest process)
    if Path("/proc/meminfo").exists() and "DUTYGRAPH_MEMORY_AVAILABLE" not in os.environ:
        assert sysmem.available() > 0


def test_forks_that_fit():
    assert sysmem.forks_that_fit(1, 13 * GB, left=9 * GB, keep=GB) == 0  # 100k documents on 24 GB
    assert sysmem.forks_that_fit(1, int(1.5 * GB), left=20 * GB, keep=GB) == 1  # 10k documents
    assert sysmem.forks_that_fit(3, 4 * GB, left=13 * GB, keep=GB) == 3
    assert sysmem.forks_that_fit(3, 4 * GB, left=12 * GB, keep=GB) == 2
    assert sysmem.forks_that_fit(2, GB, left=GB // 2, keep=GB) == 0  # (never negative)
    assert sysmem.forks_that_fit(0, GB, left=100 * GB) == 0
    # the defaults: a fork copies this process and half as much more; two fifths of it (256 MB at least)
    # stay free here
    r = sysmem.resident()
    keep, per = max(256 * 2**20, r * 2 // 5), r + r // 2
    assert sysmem.forks_that_fit(3, left=keep + int(2.5 * per)) == 2
    assert sysmem.forks_that_fit(3, left=keep + int(0.5 * per)) == 0
    assert sysmem.forks_that_fit(1, left=None) in (0, 1)  # (this machine)


def test_a_build_short_of_memory_exports_in_one_process_with_the_same_files(tmp_path, monkeypatch):
    """--jobs 2 where a forked copy of the graph would not fit: every exporter runs in the build process,
    the build says so, and the files are those of a build with the memory to fork."""
    from dutygraph.commands import build as b

    from graph_records import sample_batch
    from test_build import _files

    forked = []
    real = b._export_parallel
    monkeypatch.setattr(b, "_export_parallel", lambda *a, **k: forked.append(1) or real(*a, **k))
    monkeypatch.delenv("DUTYGRAPH_MEMORY_AVAILABLE", raising=False)
    roomy: list[str] = []
    b.build_from_batch(sample_batch(), tmp_path / "roomy", jobs=2, progress=roomy.append)
    assert not any("process, not 2" in n for n in roomy) and forked == [1]

    monkeypatch.setenv("DUTYGRAPH_MEMORY_AVAILABLE", "1M")
    short: list[str] = []
    report = b.build_from_batch(sample_batch(), tmp_path / "short", jobs=2, progress=short.append)
    said = [n for n in short if "process, not 2" in n]
    assert len(said) == 1 and said[0].startswith("export   1 process, not 2: each forked one would copy ~"), said
    assert said[0].endswith("and 0.0 GB is free")
    assert forked == [1]
    assert list(report.outputs) == list(b.exports.EXPORTERS)
    fa, fb = _files(tmp_path / "roomy"), _files(tmp_path / "short")
    assert sorted(fa) == sorted(fb) and [k for k in fa if fa[k] != fb[k]] == []


def test_the_derive_helper_is_not_forked_short_of_memory(monkeypatch):
    from dutygraph.graph import model

    from graph_records import sample_batch

    started = []
    real = model._Helper.start
    monkeypatch.setattr(model._Helper, "start", classmethod(lambda cls, *a: started.append(1) or real(*a)))

    def finish() -> object:
        builder = model.GraphBuilder()
        for res in sample_batch().results:
            builder.add(res)
        return builder.finish(processes=2)

    monkeypatch.delenv("DUTYGRAPH_MEMORY_AVAILABLE", raising=False)
    roomy = finish()
    assert started == [1]
    monkeypatch.setenv("DUTYGRAPH_MEMORY_AVAILABLE", "1M")
    short = finish()
    assert started == [1]
    assert list(roomy.nodes(data=True)) == list(short.nodes(data=True))
    assert list(roomy.edges(keys=True, data=True)) == list(short.edges(keys=True, data=True))


def test_the_sites_page_writers_follow_memory(tmp_path, monkeypatch):
    """The site forks page writers only as memory holds them (its own check: `dutygraph site` and a
    build's export worker both reach it)."""
    from dutygraph.viz import site

    from graph_records import sample_batch
    from dutygraph.graph.model import build_graph

    g = build_graph(sample_batch())
    forks = []
    real = site._fork_writers
    monkeypatch.setattr(site, "_fork_writers", lambda s, w, parts: forks.append(parts) or real(s, w, parts))
    monkeypatch.delenv("DUTYGRAPH_MEMORY_AVAILABLE", raising=False)
    site.write(g, tmp_path / "a", jobs=2)
    assert forks == [2]
    monkeypatch.setenv("DUTYGRAPH_MEMORY_AVAILABLE", "1M")
    site.write(g, tmp_path / "b", jobs=2)
    assert forks == [2]
    fa = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in sorted((tmp_path / "a").rglob("*")) if p.is_file()}
    fb = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in sorted((tmp_path / "b").rglob("*")) if p.is_file()}
    assert fa == fb and len(fa) > 5


_BANANA = "dutygraph: error: DUTYGRAPH_MEMORY_AVAILABLE must be a size such as 8G or 8589934592, not 'banana'\n"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_malformed_override_fails_the_build_command_before_any_work(tmp_path, jobs):
    """`dutygraph build` reads the override only where it would fork (the graph stage and the exporters,
    after the whole extraction; with --jobs 1 maybe never): a malformed one is said when the command starts,
    in the one line and with the exit status of any other error, before anything is read or written (no
    progress line, no output or temp folder)."""
    import subprocess
    import sys

    from dutygraph.paths import sample_plans_dir

    env = {**os.environ, "DUTYGRAPH_MEMORY_AVAILABLE": "banana"}
    proc = subprocess.run([sys.executable, "-m", "dutygraph.cli", "build", str(sample_plans_dir()),
                           "--out", str(tmp_path / "out"), "--jobs", str(jobs)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", _BANANA)
    assert list(tmp_path.iterdir()) == []


def test_a_malformed_override_fails_build_from_batch_before_any_work(tmp_path, monkeypatch):
    """The library's build (records already extracted): the same error, before the graph stage, nothing
    written."""
    from dutygraph.commands import build as b

    from graph_records import sample_batch

    monkeypatch.setenv("DUTYGRAPH_MEMORY_AVAILABLE", "banana")
    said: list[str] = []
    with pytest.raises(DutygraphError) as got:
        b.build_from_batch(sample_batch(), tmp_path / "out", progress=said.append)
    assert f"dutygraph: error: {got.value.oneline()}\n" == _BANANA
    assert said == [] and list(tmp_path.iterdir()) == []


def test_a_malformed_site_jobs_fails_the_build_command_before_any_work(tmp_path):
    """$DUTYGRAPH_SITE_JOBS is read by the site, the last exporter: a malformed one is said when `build`
    starts, before anything is read or written, as the memory override is."""
    import subprocess
    import sys

    from dutygraph.paths import sample_plans_dir

    env = {**os.environ, "DUTYGRAPH_SITE_JOBS": "two"}
    proc = subprocess.run([sys.executable, "-m", "dutygraph.cli", "build", str(sample_plans_dir()),
                           "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, timeout=600)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        1, "", "dutygraph: error: DUTYGRAPH_SITE_JOBS must be a whole number, not 'two'\n")
    assert list(tmp_path.iterdir()) == []


def test_site_jobs_is_checked_only_when_the_site_is_built(tmp_path, monkeypatch):
    """The library's build: the same error before the graph stage, nothing written; a build without the
    site does not read the setting and builds."""
    from dutygraph.commands import build as b

    from graph_records import sample_batch

    monkeypatch.setenv("DUTYGRAPH_SITE_JOBS", "two")
    said: list[str] = []
    with pytest.raises(DutygraphError) as got:
        b.build_from_batch(sample_batch(), tmp_path / "out", progress=said.append)
    assert got.value.oneline() == "DUTYGRAPH_SITE_JOBS must be a whole number, not 'two'"
    assert said == [] and list(tmp_path.iterdir()) == []
    report = b.build_from_batch(sample_batch(), tmp_path / "csv", only=["csv"])
    assert report.outputs.get("csv") and "site" not in report.outputs
