"""Extraction throughput over the sample plans, repeated (a benchmark, not a test).

    .venv/bin/python bench/extract_bench.py [--repeat N] [--jobs J] [DIR]

Prints MB/s (input bytes per second of CPU time, so a busy shared machine does not skew the
one-core figures; the pool figure is wall-clock) for
  - load+extract: `load(path)` then `extract_document(doc)` on one core, files read from disk;
  - extract only: `extract_document` over documents already loaded;
  - the batch API `extract_paths(..., jobs=J)` when J > 1.
Target: >= 10 MB/s on one core for load+extract (jieba stays off this path).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dutygraph.extract.pipeline import extract_document, extract_paths  # noqa: E402
from dutygraph.loaders import load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=str(ROOT / "data" / "plans"))
    ap.add_argument("--repeat", type=int, default=20, help="copies of each sample (default 20)")
    ap.add_argument("--jobs", type=int, default=1, help="also time extract_paths with this many workers")
    args = ap.parse_args()

    samples = sorted(p for p in Path(args.dir).iterdir() if p.suffix in (".txt", ".docx", ".html"))
    if not samples:
        sys.exit(f"no documents in {args.dir}")
    with tempfile.TemporaryDirectory(prefix="dutygraph-bench-") as tmp:
        paths: list[str] = []
        for i in range(args.repeat):
            for p in samples:
                dst = Path(tmp) / f"{i:04d}-{p.name}"
                shutil.copyfile(p, dst)
                paths.append(str(dst))
        total = sum(Path(p).stat().st_size for p in paths)
        mb = total / 1e6

        # warm-up: imports, OpenCC dictionaries, reference data, regex caches
        for p in samples:
            extract_document(load(str(p)))

        # CPU time of this process: "one core" even on a shared, busy machine
        t0 = time.process_time()
        docs = [load(p) for p in paths]
        t1 = time.process_time()
        measures = sum(len(extract_document(d).measures) for d in docs)
        t2 = time.process_time()
        load_s, extract_s = t1 - t0, t2 - t1
        print(f"input: {len(paths)} files ({len(samples)} samples x {args.repeat}), {mb:.2f} MB, {measures} measures")
        print(f"load+extract (1 core): {mb / (load_s + extract_s):7.2f} MB/s  ({load_s + extract_s:.2f} s)")
        print(f"  load only          : {mb / load_s:7.2f} MB/s  ({load_s:.2f} s)")
        print(f"  extract only       : {mb / extract_s:7.2f} MB/s  ({extract_s:.2f} s)")
        if args.jobs > 1:
            t3 = time.perf_counter()
            batch = extract_paths(paths, jobs=args.jobs)
            t4 = time.perf_counter()
            print(f"extract_paths jobs={args.jobs}: {mb / (t4 - t3):7.2f} MB/s  ({t4 - t3:.2f} s, {len(batch.errors)} errors)")


if __name__ == "__main__":
    main()
