"""Callgrind harness for extraction: instructions, not seconds (this VM's speed moves ±40% by the hour).

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \
        --toggle-collect='*pipeline_3extract_document' --callgrind-out-file=OUT \
        .venv/bin/python bench/cg_extract.py CORPUS [REPO]

CORPUS is a `dutygraph synth --docs 10k --seed 0` folder; REPO (default: this checkout) goes first on
sys.path, so one environment measures two checkouts (`python -m dutygraph.native build` with
PYTHONPATH=REPO compiles REPO's modules beside the others). Loads CORPUS/docs/000's files 0-999, warms
extraction on 0-799 through `_extract_document` (not collected), then runs `extract_document` on 800-999
(collected by the toggle: the compiled pipeline's Python wrapper of `extract_document`; a pattern
`'*pipeline_?extract_document'` also matches the cpdef C function the warm-up goes through, and collects
1,000 cold documents instead of 200 warm ones) and prints the sha256 of those 200 results' repr(), which
must be the same on both sides. `callgrind_annotate --inclusive=yes OUT` shows where. Costs are the 200
documents'; call counts are the whole run's (--collect-atstart=no toggles costs, not calls), so a cost per
call divides by the 200 documents' calls, not by the count shown.
"""

import gc
import hashlib

from _cg import setup  # (bench/, the script's own folder, is first on sys.path)

files = setup()
from dutygraph.extract import pipeline  # noqa: E402
from dutygraph.loaders import load  # noqa: E402

pipeline._warm()
docs = [load(f) for f in files]
gc.disable()  # as extract_paths
for doc in docs[:800]:
    pipeline._extract_document(doc)
h = hashlib.sha256()
for doc in docs[800:]:
    h.update(repr(pipeline.extract_document(doc)).encode("utf-8", "surrogatepass"))
print("pipeline:", pipeline.__file__)
print("200 records sha256", h.hexdigest())
