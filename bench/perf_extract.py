"""Native (cycle-sampled) profile of load + extract_document, the warm-up left out: where the time goes
on the CPU, which callgrind's instruction counts do not show (a probe of a large dict that misses the
cache costs ~100 cycles for the few instructions callgrind counts; valgrind also hides CPU features, so
hashlib's SHA-256 there runs without SHA-NI, ~28 instructions a byte, where natively it does 1.6 GB/s).

    mkfifo /tmp/ctl
    PERF_CTL=/tmp/ctl perf record -D -1 --control=fifo:/tmp/ctl -F 999 --call-graph dwarf,16384 \
        -o OUT.data python bench/perf_extract.py CORPUS/docs/000 CORPUS/docs/001
    perf report -i OUT.data --children --sort sym --stdio -g none       # inclusive, by function
    perf report -i OUT.data --no-children --sort sym --stdio -G -S SYM  # who calls SYM

Loads and extracts every file of the DIRS given (sorted), as `extract_paths(…, jobs=1)` does, after
`_warm()`; with PERF_CTL set, tells perf (started with -D -1, i.e. disabled) to record only that loop.
Prints the CPU seconds of loading and of extraction. Nothing is hashed or kept.
"""

import gc
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from dutygraph.errors import DutygraphError  # noqa: E402
from dutygraph.extract.pipeline import _warm, extract_document  # noqa: E402
from dutygraph.loaders import load  # noqa: E402


def _perf(ctl: str | None, what: str) -> None:
    if ctl:
        with open(ctl, "w") as fh:
            fh.write(what + "\n")


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: perf_extract.py DIR…")
    files = [os.path.join(d, f) for d in sys.argv[1:] for f in sorted(os.listdir(d))]
    _warm()
    ctl = os.environ.get("PERF_CTL")
    gc.disable()  # as extract_paths
    load_s = extract_s = 0.0
    _perf(ctl, "enable")
    for f in files:
        t0 = time.process_time()
        try:
            doc = load(f)
        except DutygraphError:
            continue
        t1 = time.process_time()
        load_s += t1 - t0
        try:
            extract_document(doc)
        except DutygraphError:
            pass
        extract_s += time.process_time() - t1
    _perf(ctl, "disable")
    gc.enable()
    print(f"{len(files)} files: load {load_s:.2f} s CPU, extract_document {extract_s:.2f} s CPU")


if __name__ == "__main__":
    main()
