"""The benchmark driver (`make bench`): per corpus size, extraction throughput, build time per stage,
peak RSS, embedded-DB load time, library-query latency and site generation time — next to a bare regex
scan and an OpenCC t2s pass over the same bytes, so figures compare across machines.

    .venv/bin/python bench/run.py                       # 1k documents
    .venv/bin/python bench/run.py --sizes 1k,10k,100k   # the province/national sizes

Corpora come from `dutygraph synth` (seeded; cached in bench/results/corpus/). Each size is measured in
a fresh child process so peak RSS belongs to that size alone. Stages that do not exist in this checkout
are skipped with a note. Targets (issue 6) are printed beside the figures; nothing here asserts.
Results: a table on stdout and bench/results/<size>-s<seed>.json (gitignored).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

# issue 6 targets: (figure key, description, predicate on the value, size from which it applies)
TARGETS = [
    ("extract_mb_s_jobs1", ">= 10 MB/s per core", lambda v: v >= 10.0, 0),
    ("extract_speedup_jobs2", "> 1.3x with --jobs 2", lambda v: v > 1.3, 0),
    ("cli_build_s", "< 120 s (10k docs, all outputs, 2 cores)", lambda v: v < 120.0, 10_000),
    ("cli_build_peak_rss_mb", "< 4096 MB (10k docs)", lambda v: v < 4096.0, 10_000),
    ("cli_build_peak_pss_mb", "< 4096 MB (10k docs; PSS, pages shared by workers counted once)",
     lambda v: v < 4096.0, 10_000),
    ("query_p50_max_ms", "< 50 ms p50 (embedded DB, 10k docs)", lambda v: v < 50.0, 10_000),
]

# A bare regex over the same text: responsibility brackets (what any extractor has to find at least).
CLAUSE_RE = re.compile(r"[(（〔][^()（）〔〕\n]{0,80}?(?:牵头|負責|负责|责任单位|牽頭)[^()（）〔〕\n]{0,80}?[)）〕]")


def note(msg: str) -> None:
    print(f"  note: {msg}", flush=True)


def progress(msg: str, res: dict[str, Any] | None = None) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class PeakRSS:
    """Samples RSS of this process plus its children (the --jobs workers) every 20 ms."""

    def __init__(self) -> None:
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        try:
            total = self.proc.memory_info().rss
            for c in self.proc.children(recursive=True):
                try:
                    total += c.memory_info().rss
                except Exception:
                    pass
        except Exception:
            pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(0.02)

    def __enter__(self) -> PeakRSS:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self._sample())


def timed(fn, *args, **kw) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def corpus_for(size: int, seed: int) -> Path:
    from dutygraph import synth

    label = f"{size // 1000}k" if size % 1000 == 0 and size else str(size)
    out = RESULTS / "corpus" / f"{label}-s{seed}"
    manifest = out / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if m.get("docs") == size and m.get("seed") == seed and m.get("version") == synth.GENERATOR_VERSION:
            return out
    print(f"generating corpus {label} (seed {seed}) -> {out}", flush=True)
    t = time.perf_counter()
    synth.write_corpus(out, size, seed, force=True)
    print(f"  generated in {time.perf_counter() - t:.1f} s", flush=True)
    return out


def _trim_heap() -> None:
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        note(f"{module} not available ({exc.name} missing): stage skipped")
        return None


def decode_for_baseline(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def measure(corpus: Path, *, jobs: int, query_runs: int, keep: bool, skip: frozenset[str] = frozenset()
            ) -> dict[str, Any]:
    """Everything for one corpus, in this (child) process."""
    from dutygraph import synth

    paths = synth.corpus_paths(corpus)
    total_bytes = sum(p.stat().st_size for p in paths)
    mb = total_bytes / 1e6
    res: dict[str, Any] = {"docs": len(paths), "bytes": total_bytes, "stages": {}, "notes": [],
                           "db_buffer_pool_mb": DB_BUFFER_MB}

    # -- baselines over the same bytes
    blobs = [p.read_bytes() for p in paths]
    texts, t_dec = timed(lambda: [decode_for_baseline(b) for b in blobs])
    n_hits, t_re = timed(lambda: sum(len(CLAUSE_RE.findall(t)) for t in texts))
    import opencc

    cc = opencc.OpenCC("t2s")
    _, t_cc = timed(lambda: [cc.convert(t) for t in texts])
    res["regex_mb_s"] = mb / t_re
    res["opencc_t2s_mb_s"] = mb / t_cc
    res["decode_mb_s"] = mb / t_dec
    res["regex_hits"] = n_hits
    del blobs, texts
    _trim_heap()  # (1 GB of bytes and their text at 100k: resident until handed back)

    pipeline = optional("dutygraph.extract.pipeline")
    if pipeline is None:
        return res
    model = optional("dutygraph.graph.model")
    with PeakRSS() as rss:
        if jobs > 1:
            # First, while this process is small: the pool's workers are forked from it, and a worker
            # forked from a process holding a graph copies its pages as it runs (at 100k documents, after
            # the run below, the workers of a 14 GB process were killed for memory).
            progress(f"extract --jobs {jobs}")

            def drain() -> None:
                for _ in pipeline.iter_extract(paths, jobs=jobs):
                    pass

            _, tj = timed(drain)
            res[f"extract_s_jobs{jobs}"] = tj
            res[f"extract_mb_s_jobs{jobs}"] = mb / tj
        # Streamed, as `build` does: each result goes to the graph builder (and its measures to the
        # scoring) as it comes, and none is kept — 100k documents' records held at once took 9.4 GB,
        # beside a graph of 10.4 GB. Extraction's time is the time spent getting the next result
        # (with one process, extracting it), the graph's the adding and finishing.
        progress(f"extract --jobs 1 ({len(paths)} files, {mb:.1f} MB)")
        builder = model.GraphBuilder() if model is not None else None  # (masks, as build_graph does)
        contracts: list[dict[str, Any]] = []
        errors: list[str] = []
        t1 = tg = 0.0
        measures = 0
        from dutygraph.loaders.base import gc_paused

        with gc_paused():
            it = pipeline.iter_extract(paths, jobs=1)
            while True:
                t0 = time.perf_counter()
                got = next(it, None)
                t1 += time.perf_counter() - t0
                if got is None:
                    break
                _path, result, error = got
                if error is not None:
                    errors.append(error)
                    continue
                if result is None:
                    continue
                measures += len(result.measures)
                contracts.extend(m.contract() for m in result.measures)
                if builder is not None:
                    t0 = time.perf_counter()
                    builder.add(result)
                    tg += time.perf_counter() - t0
                del result, got
        res["extract_s_jobs1"] = t1
        res["extract_mb_s_jobs1"] = mb / t1
        res["extract_errors"] = len(errors)
        res["extract_error_samples"] = errors[:5]
        res["measures"] = measures
        if jobs > 1:
            res[f"extract_speedup_jobs{jobs}"] = t1 / tj
        res["extract_vs_regex"] = res["extract_mb_s_jobs1"] / res["regex_mb_s"]
        res["extract_vs_opencc"] = res["extract_mb_s_jobs1"] / res["opencc_t2s_mb_s"]
        try:
            res["accuracy"] = synth.score(synth.read_truth(corpus), contracts)
        except Exception as exc:  # scoring is a bonus here; the accuracy floor lives in the tests
            res["notes"].append(f"scoring failed: {exc}")
        del contracts

        if builder is None:
            res["peak_rss_mb"] = rss.peak / 2**20
            return res
        progress("graph")
        with gc_paused():
            graph, tf = timed(builder.finish)
        del builder
        res["stages"]["graph"] = tg + tf
        res["graph_nodes"] = graph.number_of_nodes()
        res["graph_edges"] = graph.number_of_edges()

        exports = optional("dutygraph.exports")
        out = Path(tempfile.mkdtemp(prefix="bench-out-", dir=RESULTS))
        try:
            if exports is not None:
                for name in exports.EXPORTERS:
                    if name in skip:
                        res["notes"].append(f"exporter {name} skipped (--skip)")
                        continue
                    progress(f"export {name}")
                    try:
                        fn = exports.get(name)
                    except exports.ExporterMissing as exc:
                        note(str(exc))
                        res["notes"].append(str(exc))
                        continue
                    try:
                        _, te = timed(fn, graph, out)
                        res["stages"][f"export:{name}"] = te
                    except Exception as exc:
                        msg = f"exporter {name} failed: {type(exc).__name__}: {str(exc)[:200]}"
                        note(msg)
                        res["notes"].append(msg)
            if "export:ladybug" in res["stages"]:
                res["db_load_s"] = res["stages"]["export:ladybug"]
            if "export:site" in res["stages"]:
                res["site_s"] = res["stages"]["export:site"]
            progress("queries")
            res["queries"] = query_latency(out, query_runs)
            if res["queries"]:
                res["query_p50_max_ms"] = max(q["p50_ms"] for q in res["queries"].values())
        finally:
            if keep:
                res["out"] = str(out)
            else:
                shutil.rmtree(out, ignore_errors=True)
    res["peak_rss_mb"] = rss.peak / 2**20
    return res


DB_BUFFER_MB = 2048  # LadybugDB's default buffer pool is most of the machine's RAM: bound it on a shared box


def query_latency(out: Path, runs: int) -> dict[str, dict[str, float]]:
    lib = optional("dutygraph.queries.library")
    store = optional("dutygraph.exports.ladybug_store")
    if lib is None or store is None:
        return {}
    db = out / getattr(store, "DB_NAME", "graph.lbdb")
    if not db.exists():
        note("no embedded database written: query latency skipped")
        return {}
    import ladybug

    # Each query runs with its default parameters (key NAME: "whole corpus", every agency/platform/year)
    # and, where it has a scoping parameter, with typical analyst values picked from this database
    # (key "NAME [param=value]"): the busiest agency, its jurisdiction, the most used platform, the
    # commonest plan year. Both kinds count towards query_p50_max_ms.
    database = ladybug.Database(str(db), read_only=True, buffer_pool_size=DB_BUFFER_MB << 20)
    with store._Conn(database, ladybug.Connection(database)) as conn:
        try:
            scoped = _scoped_query_params(store, conn)
        except Exception as exc:
            note(f"scoped query parameters not found: {type(exc).__name__}: {str(exc)[:160]}")
            scoped = {}
    results: dict[str, dict[str, float]] = {}
    for name, q in sorted(lib.load_library().items()):
        for overrides in ({}, *scoped.get(name, [])):
            key = name + (" [" + ",".join(f"{k}={v}" for k, v in overrides.items()) + "]" if overrides else "")
            text, params = q.text_for("ladybug"), q.bind(overrides)
            times, cpu = [], []
            progress(f"query {key}")
            # a fresh connection per query: one that exhausts the buffer pool must not poison the next
            database = ladybug.Database(str(db), read_only=True, buffer_pool_size=DB_BUFFER_MB << 20)
            with store._Conn(database, ladybug.Connection(database)) as conn:
                try:
                    for _ in range(runs):
                        c0 = time.process_time()
                        rows, t = timed(store.run_cypher, conn, text, params)
                        cpu.append((time.process_time() - c0) * 1000)
                        times.append(t * 1000)
                        if t > 30:  # one run is enough to know it misses the target by far
                            break
                except Exception as exc:
                    note(f"query {key} failed after {len(times)} run(s): {type(exc).__name__}: {str(exc)[:160]}")
                    continue
                times.sort()
            results[key] = {"p50_ms": statistics.median(times),
                            "p95_ms": times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))],
                            "cpu_p50_ms": statistics.median(cpu), "runs": len(times), "rows": len(rows),
                            "scoped": bool(overrides)}
    return results


def _scoped_query_params(store: Any, conn: Any) -> dict[str, list[dict[str, Any]]]:
    """Typical analyst parameters, picked from the database: one agency (the busiest), its
    jurisdiction, one platform (the most used), one year (the commonest plan year)."""
    def one(text: str) -> dict[str, Any] | None:
        rows = store.run_cypher(conn, text, {})
        return rows[0] if rows else None

    agency = one("MATCH (a:Agency)-[:LEADS|SUPPORTS]->(m:Measure) WITH a, count(m) AS n "
                 "RETURN a.id AS id, a.jurisdiction AS jurisdiction ORDER BY n DESC, id LIMIT 1")
    platform = one("MATCH (m:Measure)-[:USES_PLATFORM]->(p:Platform) WITH p, count(m) AS n "
                   "RETURN p.name AS name ORDER BY n DESC, name LIMIT 1")
    year = one("MATCH (p:Plan) WHERE p.year IS NOT NULL WITH p.year AS year, count(p) AS n "
               "RETURN year ORDER BY n DESC, year LIMIT 1")
    out: dict[str, list[dict[str, Any]]] = {}
    if agency:
        out["agency_portfolio"] = [{"agency": agency["id"]}]
        if agency["jurisdiction"]:
            out["agency_load"] = [{"jurisdiction": agency["jurisdiction"]}]
    if platform:
        out["platform_dependents"] = [{"platform": platform["name"]}]
    if year:
        out.setdefault("agency_load", []).append({"year": year["year"]})
        out["deadline_crunch"] = [{"year": year["year"]}]
        out["deadline_months"] = [{"year": year["year"]}]
    out["orphan_measures"] = [{"kind": "progress"}]
    return out


def cli_build(corpus: Path, jobs: int, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """`dutygraph build` end to end (all outputs) in a subprocess: wall time, peak RSS and peak PSS."""
    import psutil

    try:
        importlib.import_module("dutygraph.commands.build")
    except ModuleNotFoundError:
        note("dutygraph build not available: end-to-end build skipped")
        return {}
    exe = Path(sys.executable).with_name("dutygraph")
    out = Path(tempfile.mkdtemp(prefix="bench-build-", dir=RESULTS))
    shards = sorted(str(d) for d in (corpus / "docs").iterdir() if d.is_dir())  # build may not recurse
    cmd = [str(exe), "build", *shards, "--out", str(out / "out")]
    help_text = subprocess.run([str(exe), "build", "--help"], capture_output=True, text=True).stdout
    if "--jobs" in help_text:
        cmd += ["--jobs", str(jobs)]
    if skip:
        from dutygraph import exports

        cmd += ["--only", ",".join(n for n in exports.EXPORTERS if n not in skip)]
    print(f"  [{time.strftime('%H:%M:%S')}] dutygraph build (CLI)", file=sys.stderr, flush=True)
    t = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # RSS summed over the build and its workers counts pages they share (forked export workers share
    # the graph copy-on-write) once per process: an upper bound. PSS splits each shared page between
    # its sharers, so its sum is the memory the build really holds. Both are sampled; both reported.
    peak = peak_pss = 0
    outputs: dict[str, bytes] = {}
    drains = [threading.Thread(target=lambda k=k, f=f: outputs.__setitem__(k, f.read()), daemon=True)
              for k, f in (("out", proc.stdout), ("err", proc.stderr))]
    for d in drains:  # a long build's output must not fill a pipe and stall it
        d.start()
    while proc.poll() is None:
        rss = pss = 0
        try:
            procs = [proc, *proc.children(recursive=True)]
        except psutil.Error:
            procs = [proc]
        for p in procs:
            try:
                rss += p.memory_info().rss
                pss += p.memory_full_info().pss
            except psutil.Error:
                pass
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.05)
    wall = time.perf_counter() - t
    for d in drains:
        d.join()
    err = outputs.get("err", b"")
    shutil.rmtree(out, ignore_errors=True)
    res = {"cli_build_s": wall, "cli_build_peak_rss_mb": peak / 2**20, "cli_build_peak_pss_mb": peak_pss / 2**20,
           "cli_build_rc": proc.returncode,
           "cli_build_cmd": f"dutygraph build <{len(shards)} shard folders> --out <tmp> " + " ".join(cmd[len(shards) + 4:])}
    if proc.returncode != 0:
        res["cli_build_stderr_tail"] = err.decode("utf-8", "replace")[-600:]
    return res


def other_benches() -> dict[str, str]:
    """bench/extract_bench.py, build_bench.py, site_bench.py from other engineers, when present."""
    out = {}
    for name in ("extract_bench.py", "build_bench.py", "site_bench.py"):
        p = ROOT / "bench" / name
        if p.exists():
            r = subprocess.run([sys.executable, str(p)], capture_output=True, text=True, cwd=ROOT, timeout=3600)
            out[name] = (r.stdout + r.stderr)[-4000:]
            print(f"\n--- {name} (rc {r.returncode}) ---\n{out[name]}", flush=True)
    return out


def fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.2f}{unit}"
    return f"{v}{unit}"


def report(size: int, seed: int, res: dict[str, Any], jobs: int) -> None:
    print(f"\n== {res['docs']} documents (seed {seed}), {res['bytes'] / 1e6:.1f} MB ==")
    rows = [
        ("regex scan (baseline)", fmt(res.get("regex_mb_s"), " MB/s")),
        ("OpenCC t2s (baseline)", fmt(res.get("opencc_t2s_mb_s"), " MB/s")),
        ("extraction --jobs 1", fmt(res.get("extract_mb_s_jobs1"), " MB/s")),
        (f"extraction --jobs {jobs}", fmt(res.get(f"extract_mb_s_jobs{jobs}"), " MB/s")),
        ("  speedup", fmt(res.get(f"extract_speedup_jobs{jobs}"), "x")),
        ("  ratio to regex / OpenCC", f"{fmt(res.get('extract_vs_regex'))} / {fmt(res.get('extract_vs_opencc'))}"),
        ("  measures / file errors", f"{fmt(res.get('measures'))} / {fmt(res.get('extract_errors'))}"),
    ]
    for stage, t in res.get("stages", {}).items():
        rows.append((f"stage {stage}", fmt(t, " s")))
    rows += [
        ("embedded-DB load", fmt(res.get("db_load_s"), " s")),
        ("site generation", fmt(res.get("site_s"), " s")),
        ("peak RSS (in-process stages)", fmt(res.get("peak_rss_mb"), " MB")),
        ("dutygraph build (CLI, all outputs)", fmt(res.get("cli_build_s"), " s")),
        ("  peak RSS", fmt(res.get("cli_build_peak_rss_mb"), " MB")),
        ("  peak PSS (shared pages once)", fmt(res.get("cli_build_peak_pss_mb"), " MB")),
    ]
    for name, q in sorted(res.get("queries", {}).items()):
        rows.append((f"query {name} p50/p95", f"{q['p50_ms']:.1f} / {q['p95_ms']:.1f} ms"))
    if "accuracy" in res:
        a = res["accuracy"]
        rows.append(("accuracy (exact truth): recall / lead / co / deadline",
                     f"{fmt(a.get('recall'))} / {fmt(a.get('lead_accuracy'))} / {fmt(a.get('co_accuracy'))} / "
                     f"{fmt(a.get('deadline_accuracy'))}"))
    width = max(len(r[0]) for r in rows)
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")
    print("  targets (issue 6):")
    for key, desc, ok, min_size in TARGETS:
        v = res.get(key)
        if key == "extract_speedup_jobs2" and jobs != 2:
            v = None
        if v is None:
            verdict = "skipped (stage missing)"
        elif size < min_size:
            verdict = f"n/a below {min_size} docs (measured {fmt(v)})"
        else:
            verdict = "PASS" if ok(v) else "FAIL"
            verdict += f" ({fmt(v)})"
        print(f"    {desc:<45} {verdict}")
    for n in res.get("notes", []):
        print(f"  note: {n}")
    if res.get("cli_build_rc"):
        print(f"  note: dutygraph build exited {res['cli_build_rc']}: {res.get('cli_build_stderr_tail', '')[-300:]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1k", help="comma-separated corpus sizes (1k,10k,100k or numbers)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the parallel extraction run")
    ap.add_argument("--query-runs", type=int, default=20)
    ap.add_argument("--no-cli-build", action="store_true", help="skip the end-to-end `dutygraph build` run")
    ap.add_argument("--keep", action="store_true", help="keep the output folders under bench/results/")
    ap.add_argument("--no-others", action="store_true",
                    help="do not run the other engineers' bench/*_bench.py scripts at the end")
    ap.add_argument("--skip", default="", help="exporters to leave out of the in-process stages, e.g. rdf,site")
    ap.add_argument("--child", help=argparse.SUPPRESS)  # internal: measure one corpus, print JSON
    args = ap.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)

    if args.child:
        res = measure(Path(args.child), jobs=args.jobs, query_runs=args.query_runs, keep=args.keep,
                      skip=frozenset(x.strip() for x in args.skip.split(",") if x.strip()))
        print("@@RESULT@@" + json.dumps(res, ensure_ascii=False))
        return 0

    from dutygraph.synth import parse_size

    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    print(f"dutygraph bench: {machine}")
    for label in [s for s in args.sizes.split(",") if s.strip()]:
        size = parse_size(label)
        corpus = corpus_for(size, args.seed)
        proc = subprocess.run([sys.executable, __file__, "--child", str(corpus), "--jobs", str(args.jobs),
                               "--query-runs", str(args.query_runs), "--skip", args.skip]
                              + (["--keep"] if args.keep else []),
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)  # stderr: live progress
        sys.stdout.write("".join(line + "\n" for line in proc.stdout.splitlines() if not line.startswith("@@RESULT@@")))
        payload = [line for line in proc.stdout.splitlines() if line.startswith("@@RESULT@@")]
        if proc.returncode != 0 or not payload:
            print(f"size {label}: measuring failed (rc {proc.returncode}); see the progress above")
            continue
        res = json.loads(payload[-1][len("@@RESULT@@"):])
        if not args.no_cli_build:
            res.update(cli_build(corpus, args.jobs, frozenset(x.strip() for x in args.skip.split(",") if x.strip())))
        res["machine"] = machine
        res["seed"] = args.seed
        report(size, args.seed, res, args.jobs)
        dest = RESULTS / f"{label}-s{args.seed}.json"
        tmp = dest.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(res, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, dest)
        print(f"  -> {dest.relative_to(ROOT)}")
    if not args.no_others:
        other_benches()
    return 0


if __name__ == "__main__":
    sys.exit(main())
