"""Build benchmark (not a test): time and peak memory per stage — extract, graph, embedded DB (LadybugDB),
RDF, site (+ GraphML and CSV) — for the five sample plans repeated ×N with distinct jurisdictions.

    .venv/bin/python bench/build_bench.py                 # ×100 (500 documents), 2 extraction processes
    .venv/bin/python bench/build_bench.py --copies 10 --jobs 1 --json bench/results/build-x10.json

Copy k of each sample has its place names renamed ("赣州" -> "赣甲乙", "鸠江" -> "鸠甲乙" …, k=0 keeps the
originals) and its file renamed, and a temporary copy of data/ gains the renamed jurisdictions
(DUTYGRAPH_DATA points at it), so every copy resolves to its own jurisdiction and its own agencies —
the graph really grows ×N instead of merging. (The scale engineer's `dutygraph synth` corpus can replace
this renaming later: pass --corpus DIR to build from any folder of documents.)

Peak memory: resident set size sampled every 20 ms during each stage, summed over this process and its
extraction workers; "peak" is the highest sample in the stage, "+rss" its rise over the stage's start.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STEMS = ("赣州", "贛州", "景德镇", "鸠江", "红谷滩", "石嘴山")
TENS = "甲乙丙丁戊己庚辛壬癸"


def rename(k: int) -> dict[str, str]:
    """Place-name stems of copy k -> a distinct made-up stem of the same shape (k=0: unchanged)."""
    if k == 0:
        return {}
    tag = TENS[(k // 10) % 10] + TENS[k % 10] + ("" if k < 100 else str(k // 100))
    return {stem: stem[0] + tag for stem in STEMS}


def make_corpus(dest: Path, copies: int) -> tuple[list[str], Path]:
    """Write the renamed copies and a data/ folder that knows their jurisdictions."""
    import tomllib

    samples = sorted((ROOT / "data" / "plans").glob("*.txt"))
    files: list[str] = []
    for k in range(copies):
        table = rename(k)
        d = dest / "plans" / f"{k:03d}"
        d.mkdir(parents=True)
        for f in samples:
            text = f.read_text(encoding="utf-8")
            for old, new in table.items():
                text = text.replace(old, new)
            out = d / f"{f.stem}-{k:03d}{f.suffix}"
            out.write_text(text, encoding="utf-8")
            files.append(str(out))
    data = dest / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("plans"))
    known = tomllib.loads((data / "jurisdictions.toml").read_text(encoding="utf-8"))["jurisdiction"]
    extra: list[str] = []
    for k in range(1, copies):
        table = rename(k)
        for j in known:
            if not any(s in j["name"] or s in j.get("parent", "") for s in table):
                continue
            entry = {}
            for key, value in j.items():
                if isinstance(value, str):
                    for old, new in table.items():
                        value = value.replace(old, new)
                entry[key] = value
            extra.append("\n[[jurisdiction]]\n" + "".join(f"{key} = {json.dumps(v, ensure_ascii=False)}\n"
                                                         for key, v in entry.items()))
    with open(data / "jurisdictions.toml", "a", encoding="utf-8") as fh:
        fh.write("\n# benchmark copies (bench/build_bench.py)\n" + "".join(extra))
    return files, data


class RssSampler:
    """Peak resident memory of this process and its children, sampled in a thread."""

    def __init__(self, interval: float = 0.02):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        total = self.proc.memory_info().rss
        for child in self.proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except Exception:  # the child finished between listing and reading
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(self.interval)

    def __enter__(self) -> RssSampler:
        self.start = self.rss()
        self.peak = self.start
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


def stage(results: list[dict[str, Any]], name: str, fn, *args, **kwargs):
    with RssSampler() as mem:
        t0 = time.perf_counter()
        value = fn(*args, **kwargs)
        secs = time.perf_counter() - t0
    results.append({"stage": name, "seconds": round(secs, 3), "peak_rss_mb": round(mem.peak / 2**20, 1),
                    "rise_mb": round((mem.peak - mem.start) / 2**20, 1)})
    r = results[-1]
    print(f"  {name:<10} {r['seconds']:>8.2f} s  peak {r['peak_rss_mb']:>8.1f} MB  (+{r['rise_mb']:.1f})",
          file=sys.stderr, flush=True)
    return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=100, help="copies of the five samples (default 100)")
    ap.add_argument("--jobs", type=int, default=2, help="extraction processes (default 2)")
    ap.add_argument("--corpus", help="build from this folder instead of renamed sample copies")
    ap.add_argument("--skip", default="", help="comma-separated stages to skip (e.g. site,rdf)")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--keep", help="keep the outputs in this folder (default: a temp folder, removed)")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` removes the temp corpus

    work = Path(tempfile.mkdtemp(prefix="dg-build-bench-"))
    try:
        if args.corpus:
            from dutygraph.api import expand_paths

            files, _ = expand_paths([args.corpus])
        else:
            files, data = make_corpus(work / "corpus", args.copies)
            os.environ["DUTYGRAPH_DATA"] = str(data)  # before any reference data is loaded
        mb = sum(os.path.getsize(f) for f in files) / 2**20
        print(f"build bench: {len(files)} documents, {mb:.1f} MB, jobs={args.jobs}", file=sys.stderr)

        from dutygraph.exports import csv_tables, graphml, ladybug_store, rdf
        from dutygraph.extract.pipeline import extract_paths
        from dutygraph.graph.model import build_graph, counts

        out = Path(args.keep) if args.keep else work / "out"
        out.mkdir(parents=True, exist_ok=True)
        results: list[dict[str, Any]] = []
        batch = stage(results, "extract", extract_paths, files, jobs=args.jobs)
        graph = stage(results, "graph", build_graph, batch)
        nodes, rels = counts(graph)
        errors = len(batch.errors)
        del batch
        if "ladybug" not in skip:
            stage(results, "ladybug", ladybug_store.write, graph, out)
        if "rdf" not in skip:
            stage(results, "rdf", rdf.write, graph, out)
        if "graphml" not in skip:
            stage(results, "graphml", graphml.write, graph, out)
        if "csv" not in skip:
            stage(results, "csv", csv_tables.write, graph, out)
        if "site" not in skip:
            try:
                from dutygraph.viz import site
            except ImportError as exc:
                print(f"  site       skipped ({exc})", file=sys.stderr)
            else:
                stage(results, "site", site.write, graph, out)

        report = {"documents": len(files), "megabytes": round(mb, 2), "copies": args.copies, "jobs": args.jobs,
                  "errors": errors, "nodes": nodes, "relationships": rels,
                  "stages": results, "total_seconds": round(sum(r["seconds"] for r in results), 2)}
        print(f"\n{'stage':<10} {'seconds':>9} {'peak MB':>9} {'+MB':>8}")
        for r in results:
            print(f"{r['stage']:<10} {r['seconds']:>9.2f} {r['peak_rss_mb']:>9.1f} {r['rise_mb']:>8.1f}")
        print(f"{'total':<10} {report['total_seconds']:>9.2f}")
        print(f"\nnodes: {sum(nodes.values())} ({', '.join(f'{k} {v}' for k, v in nodes.items())})")
        print(f"relationships: {sum(rels.values())}")
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
