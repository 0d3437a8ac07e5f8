"""Callgrind harness for the site: instructions of `site.write` alone, not seconds (this VM's speed moves ±40%
by the hour).

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \
        --toggle-collect='__pyx_pw_9dutygraph_3viz_4site_*write' --callgrind-out-file=OUT \
        .venv/bin/python bench/cg_site.py [--graph PICKLE] CORPUS [REPO]

CORPUS is a `dutygraph synth --docs 10k --seed 0` folder; REPO (default: this checkout) goes first on
sys.path, so one environment measures two checkouts (`python -m dutygraph.native build` with PYTHONPATH=REPO
compiles REPO's modules beside the others). Builds the graph of CORPUS/docs/000's files 0-999
(`api.graph_from_paths`, not collected) — or, with `--graph PICKLE`, loads it from PICKLE when that file is
there and else builds it and pickles it there (building it under valgrind takes minutes; the graph is the
extraction's, so one pickle serves both sides when only the site differs) — then runs `site.write(graph,
TMP, jobs=1)` into a temporary folder (collected by the toggle: the compiled site's Python wrapper of `write`;
as Python nothing is collected, the hash is still printed) and prints the sha256 over the written files'
relative paths and bytes, in path order, which must be the same on both sides. `callgrind_annotate
--inclusive=yes OUT` shows where. Costs are the site write's; call counts are the whole run's
(--collect-atstart=no toggles costs, not calls).
"""

import gc
import hashlib
import os
import pickle
import sys
import tempfile

graph_file = None
if len(sys.argv) > 2 and sys.argv[1] == "--graph":
    graph_file = sys.argv[2]
    del sys.argv[1:3]

from _cg import setup  # noqa: E402  (bench/, the script's own folder, is first on sys.path)

files = setup()
from dutygraph import api  # noqa: E402
from dutygraph.viz import site  # noqa: E402

if graph_file and os.path.exists(graph_file):
    with open(graph_file, "rb") as fh:
        graph = pickle.load(fh)
else:
    graph = api.graph_from_paths(files)
    if graph_file:
        with open(graph_file, "wb") as fh:
            pickle.dump(graph, fh, protocol=pickle.HIGHEST_PROTOCOL)
gc.collect()
with tempfile.TemporaryDirectory(prefix="cg-site-") as tmp:
    site.write(graph, tmp, jobs=1)
    root = os.path.join(tmp, "site")
    h = hashlib.sha256()
    n = 0
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            h.update(os.path.relpath(path, root).encode("utf-8", "surrogateescape") + b"\0")
            with open(path, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
            n += 1
print("site:", site.__file__)
print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; {n} files sha256 {h.hexdigest()}")
