"""Callgrind harness for loading: instructions, not seconds.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \
        --toggle-collect='functools_reduce' --callgrind-out-file=OUT \
        .venv/bin/python bench/cg_load.py CORPUS [REPO]

CORPUS and REPO as bench/cg_extract.py. `_warm()` and one load of each file kind first (not collected),
then `loaders.load` of CORPUS/docs/000's first 1,000 files inside `functools.reduce` (collected by the
toggle); prints the sha256 of the loaded documents' repr(), which must be the same on both sides.
"""

import functools
import gc
import hashlib
import os
import sys

corpus = sys.argv[1]
repo = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, repo)

import dutygraph  # noqa: E402
from dutygraph.extract import pipeline  # noqa: E402
from dutygraph.loaders import load  # noqa: E402

assert dutygraph.__file__.startswith(repo), dutygraph.__file__
d = os.path.join(corpus, "docs", "000")
files = sorted(os.path.join(d, f) for f in os.listdir(d))[:1000]
pipeline._warm()
kinds: set[str] = set()
for f in files:
    kind = os.path.splitext(f)[1]
    if kind not in kinds:
        kinds.add(kind)
        load(f)
gc.disable()


def step(acc: list, f: str) -> list:
    acc.append(load(f))
    return acc


docs = functools.reduce(step, files, [])
h = hashlib.sha256()
for doc in docs:
    h.update(repr(doc).encode("utf-8", "surrogatepass"))
print("1000 loaded sha256", h.hexdigest())
