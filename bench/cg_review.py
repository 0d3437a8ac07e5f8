"""Callgrind harness for the review and LadybugDB exporters: instructions, not seconds.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \
        --toggle-collect='functools_reduce' --callgrind-out-file=OUT \
        .venv/bin/python bench/cg_review.py review|ladybug CORPUS [REPO]

CORPUS and REPO as bench/cg_extract.py. The graph is `api.graph_from_paths` of CORPUS/docs/000's first 1,000
files (not collected); with $CG_GRAPH set it is read from that pickle, made there first when missing (run
once without valgrind, by one side, so both sides measure the same graph and valgrind does not spend its time
extracting). Then the chosen exporter's `write` into a temporary folder, alone, inside `functools.reduce`
(collected by the toggle; neither exporter calls reduce: it would toggle collection off inside). Prints the
sha256 of the files written (names and bytes, sorted by name), which must be the same on both sides; for
ladybug also the sha256 of the loaded graph read back by queries (`contents_digest`: each table's count and
its rows sorted), the figure to compare when the file's bytes may differ.

LadybugDB: under valgrind the engine cannot reserve its default 8 TB of address space (`Mmap … failed`), so
here every database is opened with `max_db_size` = 2**33 (the reservation only: the file is the same bytes).
The toggle collects only the thread that calls reduce (each thread has its own collection state), and the
engine may run work on its own threads: collect everything and dump around the call instead,

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=yes --dump-before=functools_reduce \
        --dump-after=functools_reduce --callgrind-out-file=OUT .venv/bin/python bench/cg_review.py ladybug …

and read the largest dump triggered `--dump-after` (other, tiny reduce calls happen while importing: the dumps
around them are a few thousand instructions). At 1,000 documents the load took 17,563.7M (base 0dcd577).
"""

import functools
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

exporter = sys.argv.pop(1) if len(sys.argv) > 1 else ""
if exporter not in ("review", "ladybug"):
    sys.exit("usage: cg_review.py review|ladybug CORPUS [REPO]")

from _cg import setup  # noqa: E402 (bench/, the script's own folder, is first on sys.path)

files = setup()
from dutygraph import api, exports  # noqa: E402


def graph_of(files: list[str]):
    cached = os.environ.get("CG_GRAPH")
    if cached and os.path.exists(cached):
        with open(cached, "rb") as f:
            return pickle.load(f)
    graph = api.graph_from_paths(files)
    if cached:
        with open(cached, "wb") as f:
            pickle.dump(graph, f, protocol=pickle.HIGHEST_PROTOCOL)
    return graph


def files_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def contents_digest(db: Path) -> str:
    """Every node and relationship table of the database: its count, then its rows (every property;
    a relationship's end ids first) as text, sorted."""
    from dutygraph.exports import ladybug_store
    from dutygraph.graph import schema

    q = ladybug_store._q  # noqa: SLF001
    h = hashlib.sha256()
    with ladybug_store.connect(db) as conn:
        queries = [(n.label, f"MATCH (n:{q(n.label)}) RETURN " + ", ".join(f"n.{q(p)}" for p in n.prop_names))
                   for n in schema.NODES]
        queries += [(r.type, f"MATCH (a)-[e:{q(r.type)}]->(b) RETURN a.id, b.id"
                     + "".join(f", e.{q(p)}" for p in r.prop_names)) for r in schema.RELS]
        for name, text in queries:
            rows = sorted(repr(list(row.values())) for row in ladybug_store.run_cypher(conn, text))
            h.update(f"{name} {len(rows)}\n".encode())
            h.update("\n".join(rows).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


graph = graph_of(files)
write = exports.get(exporter)
if exporter == "ladybug":
    from dutygraph.exports import ladybug_store

    options = ladybug_store.db_options
    ladybug_store.db_options = lambda: {**options(), "max_db_size": 1 << 33}
gc.collect()
gc.freeze()  # as the build leaves the graph before its exporters (commands/build.py)
with tempfile.TemporaryDirectory(prefix="cg-review-") as tmp:
    out = Path(tmp)
    functools.reduce(lambda _, run: run(), [lambda: write(graph, out)], None)
    print(exporter, "files sha256", files_digest(out))
    if exporter == "ladybug":
        print(exporter, "contents sha256", contents_digest(out))
