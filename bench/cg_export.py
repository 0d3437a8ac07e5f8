"""Callgrind harness for one exporter: instructions, not seconds.

    .venv/bin/python bench/cg_export.py --save RECORDS CORPUS [REPO]          # once, outside valgrind
    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \
        --toggle-collect='functools_reduce' --callgrind-out-file=OUT \
        .venv/bin/python bench/cg_export.py EXPORTER RECORDS CORPUS [REPO]

CORPUS and REPO as bench/cg_extract.py. `--save` extracts CORPUS/docs/000's first 1,000 files and pickles
their results to RECORDS as `build`'s cache keeps them (masked: `_cacheable`): extracting under valgrind
would take most of the hour, and the records do not depend on the exporters (one RECORDS serves both
checkouts). The measured run loads RECORDS and builds their graph as `build` does (`GraphBuilder(masked=True)`:
the graph's attribute names and labels are the code's interned strings, as in a build, not a pickle's
copies), freezes it in the collector's permanent generation and pauses the collector (not collected), imports
EXPORTER's module (`exports.get`), then runs its `write` into a temporary folder inside `functools.reduce`
(collected by the toggle; no exporter calls it), and prints the sha256 of every file written (paths and
bytes, sorted), which must be the same on both sides.
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
records_file = sys.argv[2]
del sys.argv[1:3]
from _cg import setup  # noqa: E402  (bench/, the script's own folder, is first on sys.path)

files = setup()
if save:
    from dutygraph.commands.build import _cacheable
    from dutygraph.extract.pipeline import extract_paths

    results = [_cacheable(res, False) for res in extract_paths(files, jobs=1).results]
    with open(records_file, "wb") as fh:
        pickle.dump(results, fh, protocol=pickle.HIGHEST_PROTOCOL)
    sys.exit(0)

from dutygraph import exports  # noqa: E402
from dutygraph.graph.model import GraphBuilder  # noqa: E402

gc.disable()
with open(records_file, "rb") as fh:
    results = pickle.load(fh)
builder = GraphBuilder(include_people=False, masked=True)
for res in results:
    builder.add(res)
graph = builder.finish()
del builder, results
write = exports.get(exporter)
gc.collect()
gc.freeze()
with tempfile.TemporaryDirectory() as tmp:
    written = functools.reduce(lambda _, w: w(graph, Path(tmp)), [write], None)
    h = hashlib.sha256()
    for p in sorted(Path(tmp).rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(tmp)).encode() + b"\0" + p.read_bytes())
print(exporter, len(written), "files sha256", h.hexdigest())
