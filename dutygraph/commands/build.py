"""`dutygraph build DOCS… --out DIR`: extract, build the graph, run every registered exporter.

- Progress (files read, measures, agencies, platforms) goes to stderr; the summary table to stdout.
- Atomic: everything is written into a sibling temp directory, then swapped in for DIR. A failing
  exporter (or Ctrl-C) leaves the previous DIR untouched. DIR must be empty, absent, or an earlier
  build (it has manifest.json) — the build never replaces a folder it did not make.
- Per-file errors are listed; the other files still build.
- Incremental: each file's extraction is cached in DIR/.cache by (path, content sha256, extractor code
  and reference data fingerprint); a rebuild re-extracts only changed files, and the output is
  identical to a clean build (the cache holds extraction records, never outputs).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import inspect
import json
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import pickle
import secrets
import shutil
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .. import exports, records
from ..errors import DutygraphError, StoreError
from ..exports.atomic import deferred_sync, sync_dir, sync_tree
from ..paths import PACKAGE_DIR, data_dir

MANIFEST = "manifest.json"
CACHE_DIR = ".cache"
CACHE_FORMAT = 2  # 2: records pickled with their record_builder constructors (extract/pipeline.py)

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    out: Path
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cached: int = 0
    nodes: dict[str, int] = field(default_factory=dict)
    rels: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, list[str]] = field(default_factory=dict)  # exporter -> paths relative to out
    skipped: dict[str, str] = field(default_factory=dict)  # exporter -> why
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (never written to files)
    # files of a kept exporter's (a partial build) that a placeholder stands for while the others run
    stand_ins: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- extraction with a per-file cache


def code_fingerprint() -> str:
    """Hash of everything that shapes extraction records: loaders, extractors, records, reference data.
    A cache entry made by other code or other reference data is never reused."""
    h = hashlib.sha256(f"cache-format={CACHE_FORMAT}".encode())
    sources = [PACKAGE_DIR / "records.py", PACKAGE_DIR / "errors.py"]
    for sub in ("loaders", "extract"):
        sources += sorted((PACKAGE_DIR / sub).rglob("*.py"))
    ref = data_dir()
    if ref.is_dir():
        sources += sorted(p for p in ref.iterdir() if p.is_file() and p.suffix in (".toml", ".csv", ".txt"))
    for p in sources:
        h.update(str(p.relative_to(p.parent.parent)).encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def _file_sha(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _cache_key(fingerprint: str, path: str, sha: str, include_people: bool) -> str:
    return hashlib.sha256(f"{fingerprint}\0{path}\0{sha}\0{include_people}".encode()).hexdigest()


def _cacheable(res: records.DocResult, include_people: bool) -> records.DocResult:
    """What the cache keeps (and the graph is built from): without --include-people the records are
    masked first, so DIR/.cache never holds personal data; the document's lines are dropped."""
    from ..graph.privacy import mask_result

    if include_people:
        return records.DocResult(document=dataclasses.replace(res.document, lines=()), plans=res.plans,
                                 sections=res.sections, measures=res.measures, task_forces=res.task_forces,
                                 warnings=res.warnings)
    return mask_result(res)


def _cache_bytes(res: records.DocResult, include_people: bool) -> bytes:
    """In an extraction worker: the result made cacheable (_cacheable) and pickled as its cache entry.
    The worker pickles it once, the build process writes those bytes as they are and loads them, instead
    of the pipe pickling the records and the build process pickling them again for the cache. The same
    bytes as `--jobs 1` (tests/test_build.py: whatever the worker read before)."""
    return pickle.dumps(_cacheable(res, include_people), protocol=pickle.HIGHEST_PROTOCOL)


def extract_cached(files: list[str], *, jobs: int, old_cache: Path | None, new_cache: Path | None,
                   progress: Progress, include_people: bool = False,
                   consume: Callable[[records.DocResult], None] | None = None,
                   shas: dict[str, str | None] | None = None) -> tuple[records.BatchResult, int]:
    """Extract `files` (input order kept), reusing old_cache entries; every result used is stored
    in new_cache. Returns the batch and how many files came from the cache.
    With `consume`, each result is handed to it in input order as soon as it and every file before
    it are done (while the workers go on extracting), and is not kept in the returned batch (its
    errors are). `shas`, when given, receives each file's sha256 as read for the cache key."""
    from ..loaders.base import gc_paused

    # The results pile up here: with the collector on, every full pass would walk all of them, and
    # would find no cycle (reading the cache, extracting and masking make none: tests/test_pipeline.py)
    with gc_paused():
        return _extract_cached(files, jobs=jobs, old_cache=old_cache, new_cache=new_cache,
                               progress=progress, include_people=include_people, consume=consume,
                               shas=shas)


def _extract_cached(files: list[str], *, jobs: int, old_cache: Path | None, new_cache: Path | None,
                    progress: Progress, include_people: bool,
                    consume: Callable[[records.DocResult], None] | None = None,
                    shas: dict[str, str | None] | None = None) -> tuple[records.BatchResult, int]:
    from ..extract.pipeline import extract_paths, iter_extract

    fingerprint = code_fingerprint() if new_cache is not None else ""
    keys: dict[str, str | None] = {}
    got: dict[str, records.DocResult] = {}
    hits: dict[str, Path] = {}  # file -> the old cache entry it was read from
    for f in files:
        sha = _file_sha(f) if new_cache is not None else None
        if shas is not None and sha is not None:
            shas[f] = sha
        keys[f] = _cache_key(fingerprint, f, sha, include_people) if sha else None
        entry = old_cache / f"{keys[f]}.pickle" if old_cache is not None and keys[f] else None
        if entry is not None and entry.is_file():
            try:
                with open(entry, "rb") as fh:
                    got[f] = pickle.load(fh)
                hits[f] = entry
            except Exception:  # a damaged cache entry is just a miss
                got.pop(f, None)
    cached = len(got)
    pending = [f for f in files if f not in got]
    errors: dict[str, list[str]] = {}
    pickled: dict[str, bytes] = {}  # file -> its result as a worker pickled it (_cache_bytes)
    # results are delivered in input order: files[:at] are delivered (cache entry written, consumed)
    finished: set[str] = set(got)
    uses = Counter(files)  # a file given twice is delivered twice
    at = 0
    results: list[records.DocResult] = []
    if new_cache is not None:
        new_cache.mkdir(parents=True, exist_ok=True)
        for left in new_cache.glob(".*.tmp"):  # (left by a killed run: _keep_entry's temp files)
            with contextlib.suppress(FileNotFoundError):
                left.unlink()

    def deliver() -> None:
        nonlocal at
        while at < len(files) and files[at] in finished:
            f = files[at]
            at += 1
            uses[f] -= 1
            res = got.pop(f, None) if uses[f] == 0 else got.get(f)
            if res is None:
                continue
            data = pickled.pop(f, None) if uses[f] == 0 else pickled.get(f)
            if new_cache is not None and keys[f]:
                _keep_entry(res, hits.get(f), new_cache, keys[f], data)
            if consume is not None:
                consume(res)
            else:
                results.append(res)

    deliver()
    total = len(files)
    done = cached
    if cached:
        progress(f"extract  {cached}/{total} files unchanged (from cache)")
    if jobs > 1 and len(pending) > 1:
        # one pool for the whole batch; each worker also masks its results and drops their lines
        # (_cacheable), so that work is shared too and far less comes back through the pipe, and
        # pickles each as its cache entry (_cache_bytes: this process writes and loads it). A worker
        # that dies is replaced and the files it was reading are read again (iter_extract): the
        # build goes on, and a file that kills a worker twice is one of the files that failed.
        errors["*"] = []
        measures = 0
        step = max(jobs * 4, -(-len(pending) // 20))  # progress every ~5%
        outcomes = iter_extract(pending, jobs=jobs, finish=functools.partial(_cache_bytes, include_people=include_people),
                                notify=lambda msg: progress(f"extract  {msg}"))
        with contextlib.closing(outcomes):  # its workers are ended at once if this stops early
            for f, data, err in outcomes:
                done += 1
                if data is not None:
                    # already cacheable (masked, lines dropped) and pickled by the worker: its cache entry
                    pickled[f] = data
                    got[f] = res = pickle.loads(data)
                    measures += len(res.measures)
                if err is not None:
                    errors["*"].append(err)
                    progress(f"extract  FAILED {err}")
                finished.add(f)
                deliver()  # this process's share (graph, cache entry) while the workers go on
                if done == total or (done - cached) % step == 0:
                    progress(f"extract  [{done}/{total}] files read, {measures} measures"
                             + (f", {len(errors['*'])} failed" if errors["*"] else ""))
    else:
        for f in pending:
            batch = extract_paths([f], jobs=1)
            done += 1
            for res in batch.results:
                # made cacheable (masked, lines dropped) at once: the document's lines are not kept
                got[f] = _cacheable(res, include_people)
                progress(f"extract  [{done}/{total}] {res.document.name}: {len(res.plans)} plans, "
                         f"{len(res.measures)} measures")
            if batch.errors:
                errors[f] = list(batch.errors)
                for e in batch.errors:
                    progress(f"extract  [{done}/{total}] FAILED {e}")
            finished.add(f)
            deliver()
    finished.update(files)  # (a worker's lost file, if any, has its error in errors["*"])
    deliver()
    out = records.BatchResult(results=results)
    for f in files:
        out.errors.extend(errors.get(f, []))
    out.errors.extend(errors.get("*", []))
    return out, cached


def _keep_entry(res: records.DocResult, old: Path | None, new_cache: Path, key: str,
                data: bytes | None = None) -> None:
    """Store res as new_cache's entry `key`. A result read from the old cache keeps that entry's
    file (hard-linked: unchanged documents cost neither pickling nor bytes, and their entries stay
    byte-identical run to run); a new result is written as `data` (its pickle, made by the worker that
    extracted it), else (or if its entry cannot be linked) pickled here. Through a temp file (any left
    by a killed run were removed when the extraction started)."""
    tmp = f"{new_cache}/.{key}.tmp"
    if old is not None:
        try:
            os.link(old, tmp)
        except OSError:  # another file system, or links not allowed: pickle it as new
            pass
        else:
            os.replace(tmp, f"{new_cache}/{key}.pickle")
            return
    with open(tmp, "wb") as fh:
        if data is None:
            pickle.dump(res, fh, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            fh.write(data)
    os.replace(tmp, f"{new_cache}/{key}.pickle")


# ---------------------------------------------------------------- the build


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise StoreError("--out must be a directory", path=str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise StoreError(f"not an earlier dutygraph build (no {MANIFEST}); refusing to replace it — "
                         "choose an empty or new --out directory", path=str(out))


def _remove_stale(out: Path) -> None:
    """Temp folders left by a build that was killed (SIGKILL, power cut): their process is gone."""
    for stale in out.parent.glob(f".{out.name}.tmp-*-*"):
        pid = stale.name.rsplit(".tmp-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap(tmp: Path, out: Path) -> None:
    """Put tmp in place of out. Each rename is atomic; between the two, the previous build sits
    intact under .<name>.old-… and is restored if the second rename fails."""
    if out.exists():
        old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
        os.rename(out, old)
        try:
            os.rename(tmp, out)
        except OSError:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, out)


def _manifest(report: BuildReport, shas: dict[str, str | None], include_people: bool) -> str:
    data = {
        "dutygraph_manifest": 1,
        "include_people": include_people,
        "inputs": [{"path": f, "sha256": shas.get(f)} for f in report.files],
        "errors": report.errors,
        "warnings": report.warnings,
        "nodes": report.nodes,
        "relationships": report.rels,
        "outputs": {k: sorted(v) for k, v in sorted(report.outputs.items())},
        "skipped": dict(sorted(report.skipped.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _check_names(only: list[str] | None) -> list[str]:
    names = list(exports.EXPORTERS) if not only else list(only)
    unknown = [n for n in names if n not in exports.EXPORTERS]
    if unknown:
        raise DutygraphError(f"unknown exporter(s) {', '.join(unknown)}; known: {', '.join(exports.EXPORTERS)}")
    return names


def _check_env(names: list[str]) -> None:
    """The one-line error of a malformed setting, raised when a build starts: the build reads them only
    where it would fork (the graph stage, the exporters; the site last), after the whole extraction."""
    from .. import sysmem

    sysmem.check_override()  # $DUTYGRAPH_MEMORY_AVAILABLE
    if "site" in names:
        from ..viz import site

        site.jobs_override()  # $DUTYGRAPH_SITE_JOBS


@contextlib.contextmanager
def _staging(out: Path, names: list[str], only: bool, report: BuildReport,
             progress: Progress = lambda s: None) -> Iterator[Path]:
    """A sibling temp dir to build into; swapped in for `out` only if the block completes. Durable
    when the build ends: all of it is synced in one step before the swap (syncfs; not each file as it
    is written: exports/atomic.py's rule), and the parent folder after it."""
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        tmp.mkdir()
        kept: dict[str, list[str]] = {}
        if only and (out / MANIFEST).is_file():
            # a partial rebuild keeps the other exporters' files (as its manifest lists them)
            prev = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
            kept = {k: [f for f in v if (out / f).is_file()]
                    for k, v in prev.get("outputs", {}).items() if k not in names}
            report.outputs = {k: list(v) for k, v in kept.items()}
        with deferred_sync():
            yield tmp
            # ... hard-linked in only now that the exporters are done: none of them ever sees an inode
            # of the live output, so not even one writing a file in place could change it
            for files in kept.values():
                for f in files:
                    dest = tmp / f
                    if f in report.stand_ins:  # a placeholder while the exporters ran (_export)
                        dest.unlink()
                    if not dest.exists():  # an exporter re-run wrote it anew
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        os.link(out / f, dest)
        t0 = time.perf_counter()
        how = sync_tree(tmp)
        report.timings["sync"] = time.perf_counter() - t0
        progress(f"sync     on disk ({how}, {report.timings['sync']:.1f}s)")
        _swap(tmp, out)
        sync_dir(out.parent)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _graph(batch: records.BatchResult, report: BuildReport, *, include_people: bool, masked: bool,
           progress: Progress, builder: Any = None, jobs: int = 1) -> Any:
    """The graph of the batch, or of `builder` (a GraphBuilder that was given the batch's results
    already, as extraction delivered them); errors, warnings, counts and the stage time go into the
    report. With jobs > 1 the derived properties are computed in a forked process while this one
    builds the graph (GraphBuilder.finish). The graph's objects are left in the collector's permanent
    generation (gc.freeze): the caller unfreezes them once the graph is gone (_unfreeze_after)."""
    from ..graph.model import GraphBuilder
    from ..loaders.base import gc_paused

    report.errors = report.errors + batch.errors
    t0 = time.perf_counter()
    # Building makes millions of containers and no garbage (see build_graph): with the collector on,
    # its first passes after the build would walk all of them, ~3 s at 10k documents, for nothing.
    with gc_paused():
        if builder is None:
            report.warnings = [w for r in batch.results for w in r.warnings]
            builder = GraphBuilder(include_people=include_people, masked=masked)
            for res in batch.results:
                builder.add(res)
        graph = builder.finish(processes=jobs)
        report.nodes, report.rels = builder.counts  # (counts(graph), tallied as the graph was made)
        gc.freeze()
    report.timings["graph"] = time.perf_counter() - t0
    progress(f"graph    {report.nodes['Measure']} measures, {report.nodes['Agency']} agencies, "
             f"{report.nodes['Platform']} platforms, {report.nodes['Deadline']} deadlines, "
             f"{sum(report.rels.values())} relationships")
    return graph


def _failed(name: str, out: Path, msg: str) -> StoreError:
    return StoreError(f"exporter {name!r} failed ({msg}); the previous output is left intact", path=str(out))


def _oneline(exc: BaseException) -> str:
    return exc.oneline() if isinstance(exc, DutygraphError) else f"{type(exc).__name__}: {exc}"


def _export(graph: Any, tmp: Path, out: Path, report: BuildReport, names: list[str], *,
            include_people: bool, progress: Progress, jobs: int = 1,
            shas: dict[str, str | None] | None = None) -> None:
    """Run the exporters `names` into tmp (in this process, or with jobs > 1 in forked workers),
    then write the manifest."""
    writers = {}
    for name in names:
        try:
            writers[name] = exports.get(name)
        except exports.ExporterMissing as exc:
            report.skipped[name] = str(exc)
            progress(f"export   {name}: skipped ({exc})")
    # A file an exporter looks for (exports.READS) that a partial build keeps from the previous one
    # (`--only site` keeps the review): a placeholder is there while the exporters run, so the reader
    # sees it (the site links to the kept review); _staging then links the kept file in its place.
    for reader in writers:
        for source, rel in exports.READS.get(reader, ()):
            if source not in writers and rel in report.outputs.get(source, ()) and not (tmp / rel).exists():
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                (tmp / rel).write_text(f"placeholder: the {source} exporter's file is kept\n", encoding="utf-8")
                report.stand_ins.add(rel)
    # The graph lives until the end: its objects go to the GC's permanent generation (_graph put them
    # there), so collections while exporting (and in forked workers) neither walk it nor touch its
    # pages; the caller unfreezes once the graph is gone (_unfreeze_after).
    gc.freeze()
    if jobs > 1:
        jobs = _export_jobs(jobs, progress)
    if jobs > 1 and len(writers) > 1 and "fork" in mp.get_all_start_methods():
        done = _export_parallel(graph, tmp, out, writers, jobs=jobs, include_people=include_people,
                                progress=progress)
    else:
        done = {}
        for name, write in writers.items():
            t0 = time.perf_counter()
            progress(f"export   {name} …")
            try:
                written = _call(write, graph, tmp, include_people, processes=jobs)
            except Exception as exc:
                raise _failed(name, out, _oneline(exc)) from exc
            done[name] = ([str(p) for p in written], time.perf_counter() - t0)
            progress(f"export   {name} done ({done[name][1]:.1f}s)")  # as the parallel path says it
    for name in writers:  # registry order, whatever order they finished in
        written, secs = done[name]
        report.timings[name] = secs
        report.outputs[name] = sorted(str(Path(p).relative_to(tmp)) for p in written)
    shas = {f: shas[f] if shas and f in shas else _file_sha(f) for f in report.files}  # (read for the cache)
    (tmp / MANIFEST).write_text(_manifest(report, shas, include_people), encoding="utf-8")


def _export_jobs(jobs: int, progress: Progress) -> int:
    """The processes the exporters may use (this one and forked workers or page writers), `jobs` at
    most: as many as memory holds. A forked process that reads the graph ends up with its own copy of
    most of the build process's pages (CPython's reference counts), so each one more takes about this
    process's resident memory, and half as much more for its work (sysmem.forks_that_fit). At 100k
    documents that is ~15 GB a process, and two did not fit in 24 GB; the exporters run in this process
    one after another then, with the same outputs."""
    from .. import sysmem

    if not hasattr(os, "fork"):
        return jobs
    _trim_heap()  # (what extraction and the graph stage freed is not counted)
    left = sysmem.available()
    fit = 1 + sysmem.forks_that_fit(jobs - 1, left=left)
    if fit < jobs:
        progress(f"export   {fit} process{'es' if fit > 1 else ''}, not {jobs}: each forked one would copy "
                 f"~{sysmem.gib(sysmem.resident())} of the graph and {sysmem.gib(left or 0)} is free")
    return fit


def _trim_heap() -> None:
    """Hand the C heap's free pages back to the system (glibc's malloc_trim; elsewhere nothing): before
    forking the export workers, what extraction and the graph stage freed (records, sort lists, the
    builder's indexes) is otherwise still resident here and in every forked worker, ~0.1 GB at 10k
    documents; after each exporter (_call), what it freed."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


class _WorkerFailed(BaseException):
    """Raised in the build process (by its SIGUSR1 handler) when an export worker failed while this
    process was running an exporter of its own: that exporter is abandoned (its own cleanup runs)."""


def _export_parallel(graph: Any, tmp: Path, out: Path, writers: dict[str, Callable[..., Any]], *, jobs: int,
                     include_people: bool, progress: Progress) -> dict[str, tuple[list[str], float]]:
    """Run the exporters in min(jobs, len(writers)) processes: this one and the rest forked. Fork, so
    the workers share the graph copy-on-write (nothing is pickled); each process, when free, takes the
    next exporter from one shared schedule (_Schedule: by exports.COST, the slow ones start at once and
    the last ones go where they end the build soonest). This process
    is one of them rather than waiting idle: each process that reads the graph ends up with its own
    copy of most of its pages (CPython's reference counts write to every object read), so n processes
    hold n copies, not n + 1. A thread here relays the workers' progress; the first failure anywhere
    stops every worker (and interrupts this process's exporter) and fails the build like a failure
    in-process would (the staging folder is then removed). Returns exporter -> (files, seconds)."""
    ctx = mp.get_context("fork")
    order = sorted(writers, key=lambda n: -exports.COST.get(n, 0))  # stable: registry order on ties
    n = min(jobs, len(order))  # processes exporting: this one (0) and n - 1 forked workers (1 …)
    tasks = _Schedule(ctx, order, n)
    processes = max(1, jobs // n)
    for reader_name, needs in exports.READS.items():
        for source, rel in needs:
            if reader_name in writers and source in writers and not (tmp / rel).exists():
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                (tmp / rel).write_text(f"placeholder: the {source} exporter is writing this\n", encoding="utf-8")
    sys.stdout.flush()  # a forked worker flushes what it inherited: nothing must be pending
    sys.stderr.flush()
    workers = []
    readers: list[Any] = []
    done: dict[str, tuple[list[str], float]] = {}
    failures: list[tuple[str, str]] = []  # (exporter, one-line reason), first one wins
    lock = threading.Lock()
    stop = threading.Event()
    state = {"interruptible": False}
    main_thread = threading.main_thread()

    def on_failure(*_: Any) -> None:  # SIGUSR1, in this process's main thread
        if state["interruptible"]:
            state["interruptible"] = False
            raise _WorkerFailed

    def fail(name: str, why: str) -> None:  # listener thread
        with lock:
            failures.append((name, why))
        if handler_set:
            with contextlib.suppress(OSError, ValueError):
                signal.pthread_kill(main_thread.ident, signal.SIGUSR1)

    def listen() -> None:
        running: dict[Any, str] = {}  # worker pipe -> exporter it started and has not finished
        while readers and not stop.is_set():
            for conn in mp_connection.wait(readers, timeout=0.5):
                try:
                    kind, name, payload = conn.recv()
                except (EOFError, OSError):
                    readers.remove(conn)
                    conn.close()
                    if conn in running:  # died in the middle of an exporter (killed, out of memory)
                        fail(running.pop(conn), "its export worker process exited without finishing")
                    continue
                if kind == "start":
                    running[conn] = name
                    progress(f"export   {name} …")
                elif kind == "done":
                    running.pop(conn, None)
                    with lock:
                        done[name] = payload
                    progress(f"export   {name} done ({payload[1]:.1f}s)")
                else:
                    running.pop(conn, None)
                    fail(name, payload)

    handler_set = False
    old_handler: Any = None
    listener = threading.Thread(target=listen, name="dutygraph-export-progress", daemon=True)
    try:
        for i in range(n - 1):
            # one pipe per worker, our copy of its sending end closed once the worker has it: the
            # reader then sees EOF exactly when that worker is gone
            reader, sender = ctx.Pipe(duplex=False)
            w = ctx.Process(target=_export_worker, name=f"dutygraph-export-{i + 1}",
                            args=(graph, tmp, writers, include_people, tasks, sender, processes, i + 1))
            w.start()
            with contextlib.suppress(OSError):  # its own process group (the worker does it too: no race)
                os.setpgid(w.pid, w.pid)
            sender.close()
            workers.append(w)
            readers.append(reader)
        if threading.current_thread() is main_thread:
            old_handler = signal.signal(signal.SIGUSR1, on_failure)
            handler_set = True
        listener.start()
        try:
            state["interruptible"] = True
            while not failures:
                name = tasks.next(0)
                if name is None:
                    break
                progress(f"export   {name} …")
                t0 = time.perf_counter()
                try:
                    written = _call(writers[name], graph, tmp, include_people, processes=processes)
                except Exception as exc:
                    state["interruptible"] = False
                    raise _failed(name, out, _oneline(exc)) from exc
                with lock:
                    done[name] = ([str(p) for p in written], time.perf_counter() - t0)
                progress(f"export   {name} done ({done[name][1]:.1f}s)")
            while listener.is_alive() and not failures:
                listener.join(0.5)
            state["interruptible"] = False
        except _WorkerFailed:
            pass
        state["interruptible"] = False
        if failures:
            raise _failed(failures[0][0], out, failures[0][1])
        missing = [name for name in order if name not in done]
        if missing:
            raise _failed(missing[0], out, "its export worker process exited without finishing")
    finally:
        state["interruptible"] = False
        # a worker and whatever it forked (the site writes with forked processes) form one process
        # group: end the group, so nothing is left writing into the staging folder
        unfinished = len(done) < len(order)
        for w in workers:
            if w.is_alive():
                _kill_group(w, signal.SIGTERM)
        for w in workers:
            w.join()
            if unfinished:
                _kill_group(w, signal.SIGKILL)
        stop.set()
        if listener.is_alive():
            listener.join()
        if handler_set:
            signal.signal(signal.SIGUSR1, old_handler)
        for conn in readers:
            conn.close()
    return done


class _Schedule:
    """Which exporter each export process runs next, shared by the build process and the workers
    forked after it is made: one lock, which exporters are taken, and when each process started its
    current exporter and that exporter's exports.COST (time.monotonic: the same clock in every process)."""

    def __init__(self, ctx: Any, order: list[str], processes: int) -> None:
        self.order = order  # longest first
        self.lock = ctx.Lock()
        self.taken = ctx.Array("b", len(order), lock=False)
        self.started = ctx.Array("d", processes, lock=False)
        self.cost = ctx.Array("d", processes, lock=False)  # 0: none running

    def next(self, me: int) -> str | None:
        """The exporter process `me` runs now (None: none left for it): the longest of all first (a
        worker takes it at once; the build process unless one that only it runs ends the build sooner
        first, by _next_exporter), then by _next_exporter. The costs are scaled by how long this process's last exporter took against
        its cost (a loaded machine slows every exporter), and another process's exporter that ran
        past its scaled cost is taken to end now."""
        with self.lock:
            now = time.monotonic()
            scale = (now - self.started[me]) / self.cost[me] if self.cost[me] > 0 else 1.0
            self.cost[me] = 0.0
            remaining = [name for name, taken in zip(self.order, self.taken) if not taken]
            # a worker never takes what only the build process (0) runs (exports.IN_BUILD_PROCESS)
            pinned = exports.IN_BUILD_PROCESS
            choices = remaining if me == 0 else [n for n in remaining if n not in pinned]
            if not choices:
                return None
            if choices[0] == self.order[0] and (me != 0 or not any(n in pinned for n in remaining)):
                # the longest of all starts at once, whatever the estimates say; only the build process,
                # when exporters only it runs are left, weighs them first (it may end sooner running
                # those while a worker runs the longest: then that worker takes the longest as it asks)
                name = choices[0]
            else:
                others = [max(now, self.started[i] + self.cost[i] * scale) for i in range(len(self.cost))
                          if i != me]
                # the build process's place in [me, *others]: 0 when it is me, else the first of the others
                name = _next_exporter(remaining, now, others, lambda n: exports.COST.get(n, 0) * scale, choices,
                                      pinned=pinned, build=0 if me == 0 else 1)
            self.taken[self.order.index(name)] = 1
            self.started[me] = now
            self.cost[me] = exports.COST.get(name, 0)
            return name


def _next_exporter(remaining: list[str], now: float, others: list[float], cost: Callable[[str], float],
                   choices: list[str] | None = None, *, pinned: frozenset[str] = frozenset(),
                   build: int = 0) -> str:
    """Of `remaining` (longest first by `cost`; of `choices` among them, if given), the exporter a
    process free at `now` should start,
    the other processes being free at `others`: the one after which the rest, each given longest
    first to whichever process is free first, end soonest by their costs; on a tie the longest. So
    the longest exporters start first, and the last few are placed so that the processes end
    together: longest first alone would give the next one to whichever process is free, even when a
    shorter one there lets the build end sooner. The `pinned` exporters go to the process at index
    `build` of [this one, *others] only (the build process: exports.IN_BUILD_PROCESS)."""

    def end(first: str) -> float:
        free = [now + cost(first), *others]
        for name in remaining:
            if name != first:
                i = build if name in pinned else free.index(min(free))
                free[i] += cost(name)
        return round(max(free), 6)

    return min(choices or remaining, key=lambda name: (end(name), remaining.index(name)))


def _kill_group(w: Any, sig: int) -> None:
    try:
        os.killpg(w.pid, sig)
    except (ProcessLookupError, PermissionError):
        if sig == signal.SIGTERM and w.is_alive():
            w.terminate()


def _call(write: Callable[..., Any], graph: Any, tmp: Path, include_people: bool, *, processes: int) -> Any:
    """Run one exporter; one that can use several processes itself (the site's page writers) is told
    the build's budget, so `--jobs 1` means one process and one copy of the graph. Then the C heap's
    free pages go back to the system (_trim_heap): what the exporter freed would otherwise stay resident
    while the next one runs (at 10k documents, 2026-11-30: ~0.16 GB after the review — less since it writes
    each file as it is made —, ~0.35 GB after the site, ~0.4 GB after LadybugDB's load)."""
    if "processes" in inspect.signature(write).parameters:
        written = write(graph, tmp, include_people=include_people, processes=processes)
    else:
        written = write(graph, tmp, include_people=include_people)
    _trim_heap()
    return written


def _export_worker(graph: Any, tmp: Path, writers: dict[str, Callable[..., Any]], include_people: bool,
                   tasks: _Schedule, sender: Any, processes: int = 1, me: int = 1) -> None:
    """One forked export worker (process `me` of the schedule): run exporters from `tasks` until none
    is left, reporting
    ("start" | "done" | "failed", exporter, payload) on `sender`."""
    # Our own process group, which the parent ends (SIGTERM) on failure or Ctrl-C; SIGTERM must end
    # us at once, not unwind like the CLI's SIGTERM handler does. Ctrl-C is the parent's to handle.
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # if the build process dies without ending us (SIGKILL), end the group rather than keep writing
    parent = os.getppid()

    def watch_parent() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch_parent, name="parent-watch", daemon=True).start()
    while True:
        name = tasks.next(me)
        if name is None:
            return
        sender.send(("start", name, None))
        t0 = time.perf_counter()
        try:
            written = _call(writers[name], graph, tmp, include_people, processes=processes)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the build
            sender.send(("failed", name, _oneline(exc)))
            return
        sender.send(("done", name, ([str(p) for p in written], time.perf_counter() - t0)))


@contextlib.contextmanager
def _unfreeze_after() -> Iterator[list[Any]]:
    """A list to hold the graph in: on leaving, the graph is dropped first, then gc.unfreeze(). The
    other way round, its ~10M objects would be in the oldest generation while still alive, and the
    collector's next full pass would walk them all (~2 s at 10k documents) just before they are freed."""
    holder: list[Any] = []
    try:
        yield holder
    finally:
        holder.clear()
        gc.unfreeze()


def build_from_batch(batch: records.BatchResult, out: str | Path, *, include_people: bool = False,
                     only: list[str] | None = None, jobs: int = 1,
                     progress: Progress = lambda s: None) -> BuildReport:
    """Graph + exporters for records already extracted (the notebook path; also what tests drive)."""
    out = Path(out)
    names = _check_names(only)
    _check_env(names)  # (a malformed setting fails here, not after the graph stage)
    report = BuildReport(out=out, files=[r.document.path for r in batch.results])
    with _staging(out, names, bool(only), report, progress) as tmp, _unfreeze_after() as holder:
        holder.append(_graph(batch, report, include_people=include_people, masked=False, progress=progress,
                             jobs=jobs))
        _export(holder[0], tmp, out, report, names, include_people=include_people, progress=progress,
                jobs=jobs)
    return report


def run_build(paths: list[str], out: str | Path, *, include_people: bool = False, jobs: int = 1,
              only: list[str] | None = None, use_cache: bool = True,
              progress: Progress = lambda s: None) -> BuildReport:
    """Extract `paths`, build the graph, run the exporters into `out` atomically. `jobs` processes
    extract, then run the exporters (see _export_parallel)."""
    from ..api import expand_paths

    out = Path(out)
    names = _check_names(only)
    _check_env(names)  # (a malformed setting fails here, before extraction, not after it)
    files, arg_errors = expand_paths(paths)
    if not files:
        raise DutygraphError("no documents to build from: " + ("; ".join(arg_errors) or "no paths given"))
    report = BuildReport(out=out, files=files, errors=list(arg_errors))
    with _staging(out, names, bool(only), report, progress) as tmp:
        from ..graph.model import GraphBuilder

        t0 = time.perf_counter()
        old_cache = out / CACHE_DIR / "extract" if use_cache and out.is_dir() else None
        new_cache = tmp / CACHE_DIR / "extract" if use_cache else None
        # the graph is built from each file's records as extraction delivers them (in input order,
        # in this process while the workers go on); extract_cached masked them already (_cacheable)
        # unless include_people. Only the graph is kept: the records are freed as they are added.
        builder = GraphBuilder(include_people=include_people, masked=True)
        warnings: list[str] = []

        def consume(res: records.DocResult) -> None:
            warnings.extend(res.warnings)
            builder.add(res)

        shas: dict[str, str | None] = {}
        batch, report.cached = extract_cached(files, jobs=jobs, old_cache=old_cache, new_cache=new_cache,
                                              progress=progress, include_people=include_people,
                                              consume=consume, shas=shas)
        report.warnings = warnings
        report.timings["extract"] = time.perf_counter() - t0
        with _unfreeze_after() as holder:
            holder.append(_graph(batch, report, include_people=include_people, masked=True, progress=progress,
                                 builder=builder, jobs=jobs))
            # (dropped, not del: `builder` is a cell of consume(), which Cython cannot delete)
            batch = builder = None  # type: ignore[assignment]
            _export(holder[0], tmp, out, report, names, include_people=include_people, progress=progress,
                    jobs=jobs, shas=shas)
    return report


# ---------------------------------------------------------------- the command


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def _human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _where(out: Path, files: list[str]) -> str:
    """The one place to point at for an exporter's files: the common folder, or the single file."""
    if len(files) == 1:
        return str(out / files[0])
    firsts = {Path(f).parts[0] for f in files}
    if len(firsts) == 1 and len(Path(files[0]).parts) > 1:
        return str(out / firsts.pop()) + "/"
    return ", ".join(str(out / f) for f in files)


def summary(report: BuildReport) -> str:
    out = report.out
    lines = [
        f"Built {out}/ from {len(report.files)} file(s)"
        + (f" ({report.cached} unchanged, from cache)" if report.cached else "")
        + (f"; {len(report.errors)} error(s)" if report.errors else "")
        + (f"; {len(report.warnings)} warning(s) listed in {out / MANIFEST}" if report.warnings else ""),
        "",
        "  " + "  ".join(f"{k} {v}" for k, v in report.nodes.items() if v),
        "",
        f"  {'output':<13} {'files':>5} {'size':>9} {'time':>7}  where",
    ]
    for name, files in report.outputs.items():
        secs = report.timings.get(name)
        size = sum(_size(out / f) for f in files)
        lines.append(f"  {name:<13} {len(files):>5} {_human(size):>9} "
                     f"{(f'{secs:.1f}s' if secs is not None else 'kept'):>7}  {_where(out, files)}")
    for name, why in report.skipped.items():
        lines.append(f"  {name:<13} {'-':>5} {'-':>9} {'-':>7}  skipped: {why}")
    lines.append("")
    site = out / "site" / "index.html"
    if site.is_file():
        lines.append(f"Open first: {site}  (offline graph pages, Chinese labels; no server needed)")
    elif (out / "graph.gexf").is_file():
        lines.append(f"Open first: {out / 'graph.gexf'} in Gephi (the site was not built)")
    if (out / "graph.lbdb").is_file():
        lines.append(f"Cypher:     dutygraph cypher --db {out} 'MATCH (a:Agency)-[:LEADS]->(m:Measure) "
                     "RETURN a.name, count(m) AS led ORDER BY led DESC LIMIT 10'")
    if (out / "rdf" / "graph.ttl").is_file():
        lines.append(f"SPARQL:     {out / 'rdf' / 'platform_dependents.rq'} over {out / 'rdf' / 'graph.ttl'}")
    if report.errors:
        lines += ["", "Files that could not be read (the rest was built):"] + [f"  {e}" for e in report.errors]
    return "\n".join(lines)


@click.command("build")
@click.argument("docs", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Output directory (replaced atomically; must be new, empty or an earlier build).")
@click.option("--include-people", is_flag=True,
              help="Keep names, phone numbers and e-mails from rosters (masked by default). Do not publish.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1),
              help="Processes: for extraction, then for the exporters (run side by side, longest first).")
@click.option("--only", default=None, metavar="NAME,…",
              help=f"Run only these exporters ({', '.join(exports.EXPORTERS)}); other outputs are kept.")
@click.option("--no-cache", is_flag=True, help="Re-extract every file (ignore DIR/.cache).")
@click.option("--strict", is_flag=True, help="Exit with status 2 when any file could not be read.")
def build(docs: tuple[str, ...], out: str, include_people: bool, jobs: int, only: str | None,
          no_cache: bool, strict: bool) -> None:
    """Build the knowledge graph from DOCS (files or folders) and write every output into --out."""
    names = [n.strip() for n in only.split(",") if n.strip()] if only else None

    def progress(msg: str) -> None:
        click.echo(msg, err=True)

    # SIGTERM (timeout, kill) unwinds like Ctrl-C, so the temp folder is removed and DIR stays as it was
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if include_people:
        progress("warning: --include-people: names, phones and e-mails are kept in the outputs; do not publish")
    report = run_build(list(docs), out, include_people=include_people, jobs=jobs, only=names,
                       use_cache=not no_cache, progress=progress)
    click.echo(summary(report))
    if strict and report.errors:
        sys.exit(2)
