"""Extraction before/after: one hash per file of everything it extracts, and the CPU it took.

    .venv/bin/python bench/extract_check.py FILES_OR_DIRS… [--save H.txt] [--compare H.txt]

Loads and extracts every file in one process, in the order given (directories: their files,
sorted), exactly as `extract_paths(…, jobs=1)` does (`load`, then `extract_document`), and hashes
`repr()` of each file's whole `DocResult` — the loaded document (every line, its normalised text and
repairs), plans, sections, measures, task forces and warnings, every field by value — or of its
one-line error. `--save` writes `sha256  file` lines plus a total; `--compare` reads such a file
(made by other code on the same files) and prints every file whose records differ: a check that a
change to the loaders or extractors gives the same records on a whole corpus. Prints the CPU time
(time.process_time) of loading and of extract_document, and MB/s over both (input bytes per CPU
second; the bytes of the files the loaders loaded: a refused file, such as a corpus folder's 103 MB
truth.jsonl above the size limit, is not counted). Results are not kept (memory stays flat at any
number of files).

`--baseline` also times, in the same run and over the same loaded files, a bare regex scan (the
responsibility brackets, as bench/run.py) and an OpenCC t2s pass, and prints extraction's ratio to
each: this VM's speed moves by a third from hour to hour, and the ratios move far less, so runs of
different hours (or machines) compare by them.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dutygraph.errors import DutygraphError  # noqa: E402
from dutygraph.extract.pipeline import _warm, extract_document  # noqa: E402
from dutygraph.loaders import load  # noqa: E402


def _files(args: list[str]) -> list[str]:
    out: list[str] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            out += sorted(str(q) for q in p.rglob("*") if q.is_file())
        else:
            out.append(a)
    return out


def _baselines(files: list[str], mb: float, both_s: float) -> None:
    """bench/run.py's baselines (the same regex, decoding and OpenCC configuration), CPU-timed like the run."""
    import opencc

    sys.path.insert(0, str(ROOT / "bench"))
    from run import CLAUSE_RE, decode_for_baseline  # noqa: PLC0415 - bench/run.py, a script beside this one

    texts = [decode_for_baseline(Path(f).read_bytes()) for f in files]
    cc = opencc.OpenCC("t2s")
    t0 = time.process_time()
    hits = sum(len(CLAUSE_RE.findall(t)) for t in texts)
    t1 = time.process_time()
    for t in texts:
        cc.convert(t)
    t2 = time.process_time()
    re_mb_s, cc_mb_s, both_mb_s = mb / (t1 - t0), mb / (t2 - t1), mb / both_s
    print(f"  regex scan      : {t1 - t0:7.2f} s CPU  {re_mb_s:6.2f} MB/s  ({hits} brackets)")
    print(f"  OpenCC t2s      : {t2 - t1:7.2f} s CPU  {cc_mb_s:6.2f} MB/s")
    print(f"  both / regex    : {both_mb_s / re_mb_s:.4f}   both / OpenCC: {both_mb_s / cc_mb_s:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--save", help="write the per-file hashes here")
    ap.add_argument("--compare", help="compare with hashes saved by an earlier run")
    ap.add_argument("--baseline", action="store_true",
                    help="also time a bare regex scan and an OpenCC t2s pass over the loaded files; print the ratios")
    args = ap.parse_args()

    files = _files(args.paths)
    _warm()
    lines: list[str] = []
    total = hashlib.sha256()
    load_s = extract_s = 0.0
    size = 0
    measures = 0
    gc.disable()  # as extract_paths (loaders.base.gc_paused): no collection walks the run
    refused = 0
    loaded: list[str] = []
    for f in files:
        t0 = time.process_time()
        try:
            doc = load(f)
        except DutygraphError as exc:
            load_s += time.process_time() - t0
            text = "ERROR " + exc.oneline()
            refused += 1  # (its bytes are not counted: a file over the size limit is never read)
        else:
            t1 = time.process_time()
            load_s += t1 - t0
            size += os.path.getsize(f)
            loaded.append(f)
            try:
                res = extract_document(doc)
            except Exception as exc:  # noqa: BLE001 - recorded as the file's outcome
                text = f"FAILED {type(exc).__name__}: {exc}"
            else:
                measures += len(res.measures)
                extract_s += time.process_time() - t1
                text = repr(res)
            del doc
        h = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        total.update(h.encode())
        lines.append(f"{h}  {f}")
    gc.enable()
    mb = size / 1e6
    print(f"{len(files)} files ({refused} refused by the loaders), {mb:.2f} MB loaded, {measures} measures")
    print(f"  load            : {load_s:7.2f} s CPU  {mb / load_s:6.2f} MB/s")
    print(f"  extract_document: {extract_s:7.2f} s CPU  {mb / extract_s:6.2f} MB/s")
    print(f"  both            : {load_s + extract_s:7.2f} s CPU  {mb / (load_s + extract_s):6.2f} MB/s")
    print(f"  records sha256  : {total.hexdigest()}")
    if args.baseline:
        _baselines(loaded, mb, load_s + extract_s)
    if args.save:
        Path(args.save).write_text("\n".join(lines + [f"{total.hexdigest()}  TOTAL"]) + "\n", encoding="utf-8")
    if args.compare:
        old = dict(reversed(ln.split("  ", 1)) for ln in Path(args.compare).read_text(encoding="utf-8").splitlines())
        new = dict(reversed(ln.split("  ", 1)) for ln in lines)
        differ = [f for f in new if old.get(f) != new[f]]
        missing = [f for f in old if f != "TOTAL" and f not in new]
        for f in differ[:50]:
            print(f"  DIFFERS: {f}")
        print(f"  compared with {args.compare}: {len(new) - len(differ)} same, {len(differ)} differ"
              + (f", {len(missing)} not extracted here" if missing else ""))
        if differ:
            sys.exit(1)


if __name__ == "__main__":
    main()
