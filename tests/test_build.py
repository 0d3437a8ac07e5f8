"""`dutygraph build`: every exporter into one folder, atomically, deterministically, incrementally."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dutygraph import exports
from dutygraph.api import graph_from_paths
from dutygraph.cli import cli
from dutygraph.commands.build import MANIFEST, build_from_batch, run_build
from dutygraph.errors import DutygraphError, StoreError
from dutygraph.exports import ladybug_store as ls
from dutygraph.graph.model import build_graph, counts
from dutygraph.paths import sample_plans_dir

from graph_records import sample_batch

FILE_EXPORTERS = ["ladybug", "graphml", "csv", "rdf"]


def _files(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


def _boom(graph, out_dir, *, include_people=False):
    """An exporter that writes half its output, then fails."""
    (Path(out_dir) / "half.txt").write_text("partial", encoding="utf-8")
    (Path(out_dir) / "graph.json").write_text("{}", encoding="utf-8")
    raise RuntimeError("disk full")


def test_build_from_records_writes_every_output_and_a_manifest(tmp_path):
    out = tmp_path / "out"
    report = build_from_batch(sample_batch(), out, only=FILE_EXPORTERS)
    assert set(report.outputs) == set(FILE_EXPORTERS)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["nodes"]["Measure"] == 8 and manifest["errors"] == ["broken.txt: not a text file (binary content)"]
    for name, files in manifest["outputs"].items():
        assert all((out / f).is_file() for f in files), name
    with ls.connect(out) as conn:
        assert ls.counts(conn) == counts(build_graph(sample_batch()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp dirs left


def test_build_twice_gives_byte_identical_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build_from_batch(sample_batch(), a, only=FILE_EXPORTERS)
    build_from_batch(sample_batch(), b, only=FILE_EXPORTERS)
    fa, fb = _files(a), _files(b)
    assert fa == fb and len(fa) > 25 and "graph.lbdb" in fa  # the LadybugDB file too


def test_failing_exporter_leaves_previous_output_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_from_batch(sample_batch(), out, only=FILE_EXPORTERS)
    before = _files(out)
    monkeypatch.setitem(exports.EXPORTERS, "boom", f"{__name__}:_boom")
    with pytest.raises(StoreError, match="exporter 'boom' failed .*disk full.*previous output is left intact"):
        build_from_batch(sample_batch(), out, only=["graphml", "boom"])
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failing_exporter_in_a_parallel_build_leaves_previous_output_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_from_batch(sample_batch(), out, only=FILE_EXPORTERS)
    before = _files(out)
    monkeypatch.setitem(exports.EXPORTERS, "boom", f"{__name__}:_boom")
    with pytest.raises(StoreError, match="exporter 'boom' failed .*disk full.*previous output is left intact"):
        build_from_batch(sample_batch(), out, only=["graphml", "csv", "boom"], jobs=2)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exporter_writing_in_place_cannot_reach_the_live_output(tmp_path, monkeypatch, jobs):
    """A partial rebuild keeps the other exporters' files by hard link; an exporter that (wrongly) writes
    into an existing file — here another exporter's graph.json — must not write through to the live one."""
    out = tmp_path / "out"
    build_from_batch(sample_batch(), out, only=FILE_EXPORTERS)
    before = _files(out)
    monkeypatch.setitem(exports.EXPORTERS, "boom", f"{__name__}:_boom")
    with pytest.raises(StoreError, match="exporter 'boom' failed"):
        build_from_batch(sample_batch(), out, only=["csv", "boom"], jobs=jobs)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _slow(graph, out_dir, *, include_people=False):
    """An exporter that would take a minute, then leave a mark outside the build."""
    import time

    for _ in range(600):
        time.sleep(0.1)
    (Path(os.environ["DUTYGRAPH_TEST_MARK"])).write_text("finished", encoding="utf-8")
    return []


def _late_boom(graph, out_dir, *, include_people=False):
    import time

    time.sleep(0.5)  # the other process is inside its slow exporter by now
    raise RuntimeError("disk full")


def test_a_failure_in_a_parallel_build_stops_the_other_exporters_at_once(tmp_path, monkeypatch):
    """With --jobs 2 the build process exports too: whichever process runs the slow exporter, the
    other's failure ends it (worker: its process group is ended; build process: interrupted)."""
    mark = tmp_path / "slow-finished"
    monkeypatch.setenv("DUTYGRAPH_TEST_MARK", str(mark))
    monkeypatch.setitem(exports.EXPORTERS, "slow", f"{__name__}:_slow")
    monkeypatch.setitem(exports.EXPORTERS, "boom", f"{__name__}:_late_boom")
    for first in ("slow", "boom"):  # the costliest starts first: try both assignments
        monkeypatch.setitem(exports.COST, "slow", 10 if first == "slow" else 0)
        monkeypatch.setitem(exports.COST, "boom", 10 if first == "boom" else 0)
        with pytest.raises(StoreError, match="exporter 'boom' failed .*disk full"):
            build_from_batch(sample_batch(), tmp_path / first, only=["slow", "boom"], jobs=2)
        assert not mark.exists()
        assert not (tmp_path / first).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_schedule_starts_the_longest_and_places_the_last_ones_so_the_processes_end_together():
    from dutygraph.commands.build import _next_exporter

    cost = {"site": 67, "review": 32, "rdf": 25, "graphml": 18, "neo4j-bundle": 16, "ladybug": 13, "csv": 10}
    order = list(cost)
    assert _next_exporter(order, 0.0, [0.0], cost.get) == "site"  # everything idle: the longest first
    assert _next_exporter(order[1:], 0.0, [67.0], cost.get) == "review"
    # the site's process is free at 67 while the other runs GraphML to 75: longest first would take the
    # Neo4j bundle here (then LadybugDB there, CSV here: 67+16+10 = 93); LadybugDB here lets the bundle go
    # there at 75 and CSV here at 80 (the build ends at 91)
    assert _next_exporter(["neo4j-bundle", "ladybug", "csv"], 67.0, [75.0], cost.get) == "ladybug"
    assert _next_exporter(["neo4j-bundle", "csv"], 75.0, [80.0], cost.get) == "neo4j-bundle"
    assert _next_exporter(["neo4j-bundle", "ladybug", "csv"], 67.0, [75.0], cost.get, ["neo4j-bundle", "csv"]) == "csv"
    # the build process (index 0) free at 153 while the worker runs GraphML to ~162: the Neo4j bundle here
    # would leave LadybugDB (which only the build process runs) to after it; LadybugDB here lets the
    # worker take the bundle
    pinned = frozenset({"ladybug"})
    assert _next_exporter(["neo4j-bundle", "ladybug"], 153.0, [162.0], cost.get, pinned=pinned, build=0) == "ladybug"
    assert _next_exporter(["neo4j-bundle", "ladybug"], 153.0, [162.0], cost.get) == "neo4j-bundle"
    # unknown costs (0): registry order, as longest first on ties
    assert _next_exporter(["a", "b"], 5.0, [5.0], lambda n: 0) == "a"
    # three processes
    assert _next_exporter(["x", "y", "z"], 0.0, [0.0, 0.0], {"x": 3, "y": 2, "z": 1}.get) == "x"


def test_the_shared_schedule_gives_each_exporter_once_and_its_choices_do_not_depend_on_the_machine_speed(
        monkeypatch):
    """Two processes run exporters that take `speed` x their exports.COST: the same exporters go to
    the same processes at any speed (the costs are scaled by how long the last exporter took)."""
    import multiprocessing as mp

    from dutygraph.commands import build as build_mod

    cost = {"site": 67, "review": 32, "rdf": 25, "graphml": 18, "neo4j-bundle": 16, "ladybug": 13, "csv": 10}
    monkeypatch.setattr(exports, "COST", cost)

    def run(speed: float, first: int = 0) -> list[list[str]]:
        clock = [0.0]
        monkeypatch.setattr(build_mod.time, "monotonic", lambda: clock[0])
        schedule = build_mod._Schedule(mp.get_context("fork"), list(cost), 2)
        free = [0.0, 0.0] if first == 0 else [0.001, 0.0]
        got: list[list[str]] = [[], []]
        done = [False, False]
        while not all(done):
            me = min((i for i in (0, 1) if not done[i]), key=free.__getitem__)
            clock[0] = free[me]
            name = schedule.next(me)
            if name is None:
                done[me] = True
                continue
            got[me].append(name)
            free[me] += cost[name] * speed
        return got

    quiet = run(1.0)
    assert sorted(quiet[0] + quiet[1]) == sorted(cost)  # each exporter once
    assert {quiet[0][0], quiet[1][0]} == {"site", "review"}  # the longest start first
    assert "ladybug" in quiet[0] and "ladybug" in run(1.0, first=1)[0]  # only ever in the build process (0)
    assert run(1.5) == quiet and run(0.7) == quiet

    # the stage times of a 10k build (2026-12-01, slow VM): the site first in the build process left
    # LadybugDB, which only it runs, to after the site (ends at 89 + 19 = 108); the worker takes the
    # site at once instead, the build process the others with LadybugDB (ends at 104)
    cost = {"site": 89, "rdf": 28, "review": 26, "graphml": 23, "ladybug": 19, "neo4j-bundle": 14, "csv": 8}
    monkeypatch.setattr(exports, "COST", cost)

    def ends(got: list[list[str]]) -> float:
        return max(sum(cost[n] for n in lane) for lane in got)

    for first in (0, 1):  # whichever process asks first
        got = run(1.0, first=first)
        assert got[1][0] == "site" and "ladybug" in got[0], got
        assert ends(got) == 104 and run(1.3, first=first) == got


def test_parallel_exporters_write_the_same_files_and_report_progress(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    serial: list[str] = []
    build_from_batch(sample_batch(), one, progress=serial.append)
    notes: list[str] = []
    report = build_from_batch(sample_batch(), two, jobs=2, progress=notes.append)
    fa, fb = _files(one), _files(two)
    assert sorted(fa) == sorted(fb) and [k for k in fa if fa[k] != fb[k]] == [] and "graph.lbdb" in fa
    assert list(report.outputs) == list(exports.EXPORTERS)  # registry order, whatever finished first
    for name in exports.EXPORTERS:
        for said in (notes, serial):  # both paths say when each exporter starts and ends
            assert f"export   {name} …" in said and any(n.startswith(f"export   {name} done (") for n in said)
        assert report.timings[name] >= 0


_LOG = ""  # where the _log_* exporters note that they ran (set by the test)


def _logged(name):
    def write(graph, out_dir, *, include_people=False):
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} ran {name}\n")
        path = Path(out_dir) / f"{name}.txt"
        path.write_text(name, encoding="utf-8")
        return [path]
    return write


_log_a, _log_b, _log_c = _logged("a"), _logged("b"), _logged("c")


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_exporter_is_followed_by_a_heap_trim_in_its_own_process(tmp_path, monkeypatch, jobs):
    """What an exporter freed goes back to the system before the next one runs, in the build process
    and in each forked export worker (build._call ends with _trim_heap)."""
    import dutygraph.commands.build as build_mod

    log = tmp_path / "log.txt"
    monkeypatch.setattr(f"{__name__}._LOG", str(log))

    def trim():
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} trim\n")

    monkeypatch.setattr(build_mod, "_trim_heap", trim)
    for name in "abc":
        monkeypatch.setitem(exports.EXPORTERS, f"log-{name}", f"{__name__}:_log_{name}")
    build_from_batch(sample_batch(), tmp_path / "out", only=["log-a", "log-b", "log-c"], jobs=jobs)
    by_pid: dict[str, list[str]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        pid, what = line.split(" ", 1)
        by_pid.setdefault(pid, []).append(what)
    ran = sorted(w for seq in by_pid.values() for w in seq if w.startswith("ran "))
    assert ran == ["ran a", "ran b", "ran c"]
    for seq in by_pid.values():
        if jobs > 1 and seq[0] == "trim":  # the build process trims once before forking the workers
            seq = seq[1:]
        assert seq == [w for r in seq[::2] for w in (r, "trim")]  # ran X, trim, ran Y, trim …


def test_missing_exporter_module_is_skipped_visibly(tmp_path, monkeypatch):
    monkeypatch.setitem(exports.EXPORTERS, "ghost", "dutygraph.exports.no_such_module:write")
    notes: list[str] = []
    report = build_from_batch(sample_batch(), tmp_path / "o", only=["csv", "ghost"], progress=notes.append)
    assert "ghost" in report.skipped and "does not exist yet" in report.skipped["ghost"]
    assert any("ghost: skipped" in n for n in notes)


def test_only_keeps_the_other_outputs(tmp_path):
    out = tmp_path / "out"
    build_from_batch(sample_batch(), out, only=["csv", "graphml"])
    graphml_before = (out / "graph.graphml").read_bytes()
    build_from_batch(sample_batch(), out, only=["csv"])
    assert (out / "graph.graphml").read_bytes() == graphml_before
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["outputs"]) == {"csv", "graphml"}


def test_a_site_rebuilt_alone_still_links_the_kept_review(tmp_path):
    """`build --only site` keeps the review of the previous build: the new site's overview links to it
    as the site built beside the review did (the site looks for review/index.html as it starts; the
    kept file is linked in only after the exporters ran). Same files as the build of both."""
    out = tmp_path / "out"
    build_from_batch(sample_batch(), out, only=["review", "site"])
    before = _files(out)
    assert b'href="../review/index.html"' in before["site/index.html"]
    build_from_batch(sample_batch(), out, only=["site"])
    after = _files(out)
    assert after.keys() == before.keys()
    assert [f for f in after if f != MANIFEST and after[f] != before[f]] == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="refusing to replace"):
        build_from_batch(sample_batch(), tmp_path, only=["csv"])
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_unknown_exporter_name_is_an_error(tmp_path):
    with pytest.raises(DutygraphError, match="unknown exporter"):
        build_from_batch(sample_batch(), tmp_path / "o", only=["gephi"])


# ---------------------------------------------------------------- end to end on the sample documents


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("plans")
    for f in sorted(sample_plans_dir().glob("*.txt")):
        shutil.copy(f, d / f.name)
    (d / "broken.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    return d


def test_cli_build_on_the_samples(samples, tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["build", str(samples), "--out", str(out), "--only", ",".join(FILE_EXPORTERS)])
    assert res.exit_code == 0, res.output
    assert "[1/6] FAILED" in res.stderr and "broken.txt" in res.stderr  # sorted first, fails, the rest builds
    assert "measures" in res.stderr and "agencies" in res.stderr and "platforms" in res.stderr
    assert "Built " in res.stdout and "graph.lbdb" in res.stdout and "broken.txt" in res.stdout
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["nodes"]["Measure"] > 300 and manifest["nodes"]["Platform"] > 5
    assert len(manifest["errors"]) == 1 and "broken.txt" in manifest["errors"][0]
    # the embedded database holds exactly the networkx graph, label by label, type by type
    g = graph_from_paths([samples])
    assert g.graph["errors"] == manifest["errors"]
    assert counts(g) == (manifest["nodes"], manifest["relationships"])
    with ls.connect(out) as conn:
        assert ls.counts(conn) == counts(g)
    rdf = (out / "rdf" / "graph.ttl").read_text(encoding="utf-8")
    assert '"赣服通"' in rdf
    # the roster of jiujiang 附件1 (lines 85-93) never reaches the published files unmasked
    for secret in ("徐光耀", "曹立群", "15357001681"):
        assert all(secret.encode() not in b for b in _files(out).values())


def test_incremental_rebuild_reextracts_only_the_changed_file_and_matches_a_clean_build(samples, tmp_path):
    work = tmp_path / "plans"
    shutil.copytree(samples, work)
    (work / "broken.txt").unlink()
    out = tmp_path / "out"
    first = run_build([str(work)], out, only=["csv", "rdf"])
    assert first.cached == 0
    entries = {p.name: (p.stat().st_ino, p.read_bytes()) for p in (out / ".cache").rglob("*.pickle")}
    assert len(entries) == 5
    again = run_build([str(work)], out, only=["csv", "rdf"])
    assert again.cached == 5
    # an unchanged document's cache entry is kept as it was (linked, not pickled again)
    assert {p.name: (p.stat().st_ino, p.read_bytes()) for p in (out / ".cache").rglob("*.pickle")} == entries
    # change one file: its line 3 gains a word; only it is extracted again
    f = work / "shizuishan-2023-action-plan-draft.txt"
    f.write_bytes(f.read_bytes().replace("\n".encode(), " \n".encode(), 1))
    third = run_build([str(work)], out, only=["csv", "rdf"])
    assert third.cached == 4
    now = {p.name: p.stat().st_ino for p in (out / ".cache").rglob("*.pickle")}
    assert len(now) == 5 and len(set(now) & set(entries)) == 4  # the changed file's key is new
    assert all(now[k] == entries[k][0] for k in set(now) & set(entries))
    clean = tmp_path / "clean"
    run_build([str(work)], clean, only=["csv", "rdf"], use_cache=False)
    assert _files(out) == _files(clean)


@pytest.mark.slow
def test_full_build_of_the_samples_is_byte_identical_twice(tmp_path):
    """Every registered exporter (site and review included): same documents, same bytes."""
    a, b = tmp_path / "a", tmp_path / "b"
    run_build([str(sample_plans_dir())], a, use_cache=False)
    run_build([str(sample_plans_dir())], b, use_cache=False)
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb) and "graph.lbdb" in fa
    differ = sorted(k for k in fa if fa[k] != fb[k])
    assert differ == []
    # and every output is an ordinary file or folder that others may read (not mkstemp's 0600 / mkdtemp's 0700)
    umask = os.umask(0o022)
    os.umask(umask)
    modes = {p.relative_to(a).as_posix(): p.stat().st_mode & 0o777 for p in [a, *a.rglob("*")]}
    assert {k: oct(m) for k, m in modes.items()
            if m != (0o777 if (a / k).is_dir() else 0o666) & ~umask} == {}


def test_parallel_extraction_builds_the_same_files(samples, tmp_path):
    one = run_build([str(samples)], tmp_path / "one", only=["csv", "rdf"], use_cache=False, jobs=1)
    two = run_build([str(samples)], tmp_path / "two", only=["csv", "rdf"], use_cache=False, jobs=2)
    assert one.errors == two.errors and len(one.errors) == 1
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


@pytest.mark.slow
def test_cache_entries_do_not_depend_on_what_was_read_before(tmp_path):
    """A document's cache entry is the same bytes whatever its worker read before it (the extractors'
    caches hand out strings an earlier document left there; a record that held one of those where it
    would otherwise hold its own string again was pickled differently): the synthetic corpus read in
    order, in reverse order and with two workers."""
    from dutygraph import synth

    synth.write_corpus(tmp_path / "corpus", 300, seed=5)
    files = sorted(str(p) for p in (tmp_path / "corpus" / "docs").rglob("*") if p.is_file())
    entries = []
    for name, paths, jobs in (("a", files, 1), ("b", files[::-1], 1), ("c", files, 2)):
        run_build(paths, tmp_path / name, only=["csv"], jobs=jobs)
        entries.append({p.name: p.read_bytes() for p in (tmp_path / name / ".cache").rglob("*.pickle")})
    assert len(entries[0]) == len(files)
    assert [k for k in entries[0] if entries[1][k] != entries[0][k]] == []
    assert [k for k in entries[0] if entries[2][k] != entries[0][k]] == []


def test_cache_holds_no_personal_data_unless_asked(samples, tmp_path):
    # jiujiang file 附件1, lines 85-93: 徐光耀 (组长), 曹立群 (副组长, also in line 91), 王蕊 15357001681
    work = tmp_path / "plans"
    work.mkdir()
    shutil.copy(samples / "jiujiang-2023-business-environment-action-plan.txt", work)
    out = tmp_path / "out"
    run_build([str(work)], out, only=["csv"])
    cache = b"".join(p.read_bytes() for p in (out / ".cache").rglob("*.pickle"))
    assert cache
    for secret in ("徐光耀", "曹立群", "王蕊", "15357001681"):
        assert secret.encode() not in cache
    people = tmp_path / "people"
    run_build([str(work)], people, only=["csv"], include_people=True)
    assert "曹立群".encode() in (people / "csv" / "nodes_Person.csv").read_bytes()


def test_temp_folder_of_a_killed_build_is_cleaned_up_but_a_live_one_is_not(tmp_path):
    out = tmp_path / "out"
    dead = tmp_path / ".out.tmp-999999999-abcd"  # no such process
    live = tmp_path / f".out.tmp-{os.getpid()}-abcd"
    for d in (dead, live):
        d.mkdir()
        (d / "graph.json").write_text("{}", encoding="utf-8")
    build_from_batch(sample_batch(), out, only=["csv"])
    assert not dead.exists() and live.exists()


def test_exporters_that_fork_are_given_the_builds_process_budget(monkeypatch):
    """`--jobs 1` means one process: the site's page writers follow the build's budget, and the
    environment override still wins."""
    from dutygraph.commands import build as b
    from dutygraph.viz import site

    monkeypatch.delenv("DUTYGRAPH_SITE_JOBS", raising=False)
    many = site.PARALLEL_MIN_PAGES
    assert site.site_jobs(many, 1) == 1
    assert site.site_jobs(many, 3) == 3
    assert site.site_jobs(many - 1, 3) == 1  # small sites never fork
    monkeypatch.setenv("DUTYGRAPH_SITE_JOBS", "2")
    assert site.site_jobs(many, 1) == 2

    seen = {}

    def forking(graph, out, *, include_people=False, processes=None):
        seen["forking"] = processes
        return []

    def plain(graph, out, *, include_people=False):
        seen["plain"] = include_people
        return []

    b._call(forking, None, Path("."), False, processes=1)
    b._call(plain, None, Path("."), True, processes=4)
    assert seen == {"forking": 1, "plain": True}


def test_partial_rebuild_never_writes_into_the_previous_outputs_files(tmp_path):
    # the staging copy of a partial rebuild is hard-linked from the live output: the manifest was once
    # written through that link, changing the live build's file before the swap (seen with `cp -al`)
    out = tmp_path / "o"
    build_from_batch(sample_batch(), out, only=["csv", "graphml"])
    before = {p.relative_to(out): (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    twin = tmp_path / "twin"  # `cp -al out twin`: every file shares its inode with out's
    shutil.copytree(out, twin, copy_function=os.link)
    build_from_batch(sample_batch(), twin, only=["csv"])
    after = {p.relative_to(out): (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert after == before
    rewritten = [p for p in twin.rglob("*") if p.is_file() and p.stat().st_ino not in {i for i, _ in before.values()}]
    assert Path(twin / "manifest.json") in rewritten


@pytest.mark.parametrize("jobs", [1, 2])
def test_extraction_hands_each_result_on_in_input_order(samples, tmp_path, jobs):
    """consume= gets what the batch would hold, in input order, while extraction goes on: cached and
    extracted files mixed, a file that fails, a file given twice; the cache written is the same."""
    from dutygraph.commands.build import extract_cached
    from dutygraph.graph.model import GraphBuilder

    txt = sorted(str(p) for p in samples.glob("*.txt") if p.name != "broken.txt")
    files = [txt[0], str(samples / "broken.txt"), txt[1], txt[2], txt[0], txt[3]]
    warm = tmp_path / "warm"
    extract_cached([txt[2]], jobs=1, old_cache=None, new_cache=warm, progress=lambda s: None)
    plain, cached = extract_cached(files, jobs=jobs, old_cache=warm, new_cache=tmp_path / "plain",
                                   progress=lambda s: None)
    assert cached == 1 and len(plain.results) == 5 and len(plain.errors) == 1
    got: list = []
    shas: dict = {}
    streamed, cached = extract_cached(files, jobs=jobs, old_cache=warm, new_cache=tmp_path / "streamed",
                                      progress=lambda s: None, consume=got.append, shas=shas)
    assert cached == 1 and streamed.results == [] and streamed.errors == plain.errors
    assert [r.document.path for r in got] == [r.document.path for r in plain.results]
    assert got == plain.results
    assert sorted(shas) == sorted(set(files))
    written = _files(tmp_path / "plain")
    assert len(written) == 4 and _files(tmp_path / "streamed") == written  # the same bytes
    assert [pickle.loads(v) for v in written.values()]
    builder = GraphBuilder(masked=True)
    for r in got:
        builder.add(r)
    g1, g2 = builder.finish(), build_graph(plain, masked=True)
    assert list(g1.nodes(data=True)) == list(g2.nodes(data=True))
    assert list(g1.edges(keys=True, data=True)) == list(g2.edges(keys=True, data=True))


def test_a_build_leaves_the_collector_as_it_found_it(tmp_path, monkeypatch):
    """The graph stage freezes the graph (gc.freeze) and pauses the collector; after the build, or a
    failed one, nothing is left frozen and the collector is on again."""
    import gc

    assert gc.isenabled()
    build_from_batch(sample_batch(), tmp_path / "ok", only=["csv"])
    assert gc.isenabled() and gc.get_freeze_count() == 0
    monkeypatch.setitem(exports.EXPORTERS, "boom", f"{__name__}:_boom")
    with pytest.raises(StoreError):
        build_from_batch(sample_batch(), tmp_path / "failed", only=["csv", "boom"])
    assert gc.isenabled() and gc.get_freeze_count() == 0
