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

from _cg import setup  # (bench/, the script's own folder, is first on sys.path)

files = setup()
from dutygraph.extract import pipeline  # noqa: E402
from dutygraph.loaders import load  # noqa: E402

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
