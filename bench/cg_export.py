"""Callgrind harness for one exporter: instructions, not seconds.

    .venv/bin/python bench/cg_export.py --save GRAPH CORPUS [REPO]          # once, outside valgrind
    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \
        --toggle-collect='functools_reduce' --callgrind-out-file=OUT \
        .venv/bin/python bench/cg_export.py EXPORTER GRAPH CORPUS [REPO]

CORPUS and REPO as bench/cg_extract.py. `--save` extracts CORPUS/docs/000's first 1,000 files and builds
their graph as `build` does (the records masked, `GraphBuilder(masked=True)`), and pickles it to GRAPH:
extracting under valgrind would take most of an hour, and the graph does not depend on the exporters
(one GRAPH serves both checkouts). The measured run loads GRAPH (not collected), freezes it in the
collector's permanent generation and pauses the collector as `build` does, imports EXPORTER's module
(`exports.get`), then runs its `write` into a temporary folder inside `functools.reduce` (collected by the
toggle; no exporter calls it), and prints the sha256 of every file written (paths and bytes, sorted),
which must be the same on both sides.
"""

import functools
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

save = sys.argv[1] == "--save"
exporter = None if save else sys.argv[1]
graph_file = sys.argv[2]
del sys.argv[1:3]
from _cg import setup  # noqa: E402  (bench/, the script's own folder, is first on sys.path)

files = setup()
if save:
    from dutygraph.commands.build import _cacheable
    from dutygraph.extract.pipeline import extract_paths
    from dutygraph.graph.model import GraphBuilder

    builder = GraphBuilder(include_people=False, masked=True)
    for res in extract_paths(files, jobs=1).results:
        builder.add(_cacheable(res, False))
    with open(graph_file, "wb") as fh:
        pickle.dump(builder.finish(), fh, protocol=pickle.HIGHEST_PROTOCOL)
    sys.exit(0)

from dutygraph import exports  # noqa: E402

with open(graph_file, "rb") as fh:
    graph = pickle.load(fh)
write = exports.get(exporter)
gc.collect()
gc.freeze()
gc.disable()
with tempfile.TemporaryDirectory() as tmp:
    written = functools.reduce(lambda _, w: w(graph, Path(tmp)), [write], None)
    h = hashlib.sha256()
    for p in sorted(Path(tmp).rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(tmp)).encode() + b"\0" + p.read_bytes())
print(exporter, len(written), "files sha256", h.hexdigest())
