"""`python -m dutygraph.loaders FILE…`: what the loader made of each file (a debugging aid).

    --repairs        list every repair with its line
    --bench SECONDS  load the files repeatedly for SECONDS of CPU time and report MB/s
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter

from . import load, load_many


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dutygraph.loaders", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--repairs", action="store_true", help="list every repair with its line")
    ap.add_argument("--bench", type=float, default=0.0, metavar="SECONDS", help="report throughput in MB/s")
    args = ap.parse_args(argv)

    docs, errors = load_many(args.files)
    for doc in docs:
        kinds = Counter(r.kind for r in doc.repairs)
        summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "no repairs"
        print(f"{doc.name}: {doc.fmt} {doc.encoding}, {len(doc.lines)} lines kept; {summary}")
        if args.repairs:
            for r in doc.repairs:
                print(f"  {doc.name}:{r.line}: {r.kind}: {r.detail}")
        for w in doc.warnings:
            print(f"  warning: {w}")
    for e in errors:
        print(f"error: {e}", file=sys.stderr)

    if args.bench > 0 and docs:
        paths = [d.path for d in docs]
        size = sum(os.path.getsize(p) for p in paths)
        rounds = 0
        t0 = time.process_time()
        while time.process_time() - t0 < args.bench:
            for p in paths:
                load(p)
            rounds += 1
        dt = time.process_time() - t0
        print(f"bench: {rounds} rounds, {size * rounds / 1e6:.1f} MB in {dt:.2f} s CPU = {size * rounds / 1e6 / dt:.1f} MB/s")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
