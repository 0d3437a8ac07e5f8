"""Document -> records: the structure outline, resolved and enriched by the extractors.

`extract_document` is pure over a loaded `Document`; `iter_extract` is the edge that reads files
(through `dutygraph.loaders.load`), gives a one-line error per failed file and goes on, and runs
files in a process pool when asked, yielding each outcome as it arrives; `extract_paths` collects
them. Results keep input order; output is deterministic.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import gc
import itertools
import operator
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache

from dutygraph import records
from dutygraph.errors import DutygraphError
from dutygraph.records import (
    BatchResult,
    Deadline,
    DocResult,
    Document,
    Jurisdiction,
    Measure,
    Plan,
    Section,
)

from dutygraph.loaders.base import gc_paused, record_builder

from .deadlines import find_deadlines, measure_deadline, parse_deadline
from .indicators import find_indicator as _find_indicator
from .jurisdiction import detect_jurisdiction
from .platforms import find_platforms
from .resolve import Resolver, resolver_for
from .rosters import parse_roster
from .structure import Clause, ItemOutline, PlanOutline, outline
from .targets import find_targets

_new_measure = record_builder(Measure)  # Measure(...) without the frozen __init__'s per-field guard

# With fewer files than this per worker a pool costs more than it saves.
MIN_FILES_PER_WORKER = 2


@lru_cache(maxsize=4096)
def find_indicator(title: str) -> str | None:
    """Indicators are looked up on headings, which repeat for every item under them."""
    return _find_indicator(title)


def extract_document(doc: Document) -> DocResult:
    """Plans, sections, measures and task forces of one loaded document."""
    with gc_paused():  # no cycles are made here: see loaders.base.gc_paused
        return _extract_document(doc)


def _extract_document(doc: Document) -> DocResult:
    result = DocResult(document=doc, warnings=list(doc.warnings))
    first: Jurisdiction | None = None
    doc_jurisdiction: Jurisdiction | None = None
    for po in outline(doc):
        if po.attachment and first is not None and first.name and not _names_place(po):
            jurisdiction = first  # "附件3 獲得用水用氣提升行動方案" belongs to the file's plan
        else:
            jurisdiction = detect_jurisdiction(_title_for_jurisdiction(po), issuer=po.issuer, body=po.body)
        if not jurisdiction.name or jurisdiction.inferred:
            # a plan that names no place (an attachment under a cover notice "上城区人民政府办公室关于印发…"):
            # the place the file's opening line names wins over evidence weighed from the text; else the
            # file's first plan's place; else what the whole file's text says
            doc_jurisdiction = doc_jurisdiction or _document_jurisdiction(doc)
            if doc_jurisdiction.name and not doc_jurisdiction.inferred:
                jurisdiction = doc_jurisdiction
            elif not jurisdiction.name and first is not None and first.name:
                jurisdiction = first
            elif not jurisdiction.name and doc_jurisdiction.name:
                jurisdiction = doc_jurisdiction
        first = first or jurisdiction
        plan = Plan(
            key=f"{doc.name}#{po.line}",
            doc=doc.name,
            line=po.line,
            title=po.title,
            jurisdiction=jurisdiction,
            issuer=po.issuer,
            issued=po.issued,
            kind=po.kind,
            year=po.year,
            attachment=po.attachment,
            sha256=doc.sha256,
        )
        result.plans.append(plan)
        resolver = resolver_for(jurisdiction)
        plan_indicator = find_indicator(po.title)
        for so in po.sections:
            result.sections.append(
                Section(
                    doc=doc.name,
                    line=so.line,
                    plan=plan.key,
                    number=so.number,
                    title=so.title,
                    path=so.path,
                    lead=resolver.units(so.clause.lead) if so.clause else (),
                    indicator=find_indicator(so.title),
                )
            )
        for item in po.items:
            result.measures.append(_measure(doc, plan, po, item, resolver, plan_indicator))
        if po.kind == "roster":
            result.task_forces.extend(parse_roster(po, plan_key=plan.key, doc=doc.name, resolver=resolver))
    if not result.measures and not result.task_forces:
        result.warnings.append(f"{doc.path}: no numbered items found")
    return result


def _document_jurisdiction(doc: Document) -> Jurisdiction:
    """The place the file as a whole speaks for: its opening line (a cover notice's title or issuer)
    and, failing that, the evidence of its whole text."""
    texts = [ln.text for ln in doc.lines if ln.text.strip()]
    if not texts:
        return Jurisdiction(name="", level="")
    return detect_jurisdiction(texts[0].strip(), body="\n".join(texts)[:50000])


def _title_for_jurisdiction(po: PlanOutline) -> str:
    return po.title


def _names_place(po: PlanOutline) -> bool:
    """Whether an attachment's own title (or issuer) names its place (then it may differ)."""
    return bool(detect_jurisdiction(_title_for_jurisdiction(po), issuer=po.issuer).name)


def _measure(
    doc: Document,
    plan: Plan,
    po: PlanOutline,
    item: ItemOutline,
    resolver: Resolver,
    plan_indicator: str | None,
) -> Measure:
    clause: Clause | None = item.clause
    lead = resolver.units(clause.lead) if clause else ()
    co = resolver.units(clause.co) if clause else ()
    # a progress paragraph reports dates of work done ("截至2023年9月30日"), not deadlines
    norm = item.norm or None  # the item's Line.norm pieces: no second normalisation
    deadlines = list(find_deadlines(item.text, year=plan.year, norm=norm)) if item.kind != "progress" else []
    deadline: Deadline | None = None
    if clause is not None and clause.deadline_raw:
        deadline = parse_deadline(clause.deadline_raw, year=plan.year)
        if deadline is not None and deadline not in deadlines:
            deadlines.append(deadline)
    if deadline is None and deadlines:
        deadline = measure_deadline(deadlines)
    repairs = list(item.repairs)
    for d in ([deadline] if deadline else []) + deadlines:
        for r in d.repairs:
            if r not in repairs:
                repairs.append(r)
    indicator = find_indicator(item.title)
    for title in reversed(item.section_titles):
        if indicator:
            break
        indicator = find_indicator(title)
    indicator = indicator or plan_indicator
    return _new_measure(
        doc=doc.name,
        line=item.line,
        number=item.number,
        section=" > ".join(item.section_titles),
        title=item.title,
        text=item.text,
        kind=item.kind,
        lead=tuple(lead),
        co=tuple(co),
        lead_inherited=item.inherited and bool(lead),
        platforms=tuple(find_platforms(item.text, norm=norm)),
        deadline=deadline,
        repairs=tuple(repairs),
        plan=plan.key,
        section_path=item.section_path,
        deadlines=tuple(deadlines),
        targets=tuple(find_targets(item.text, norm=norm)),
        indicator=indicator,
        responsibility=clause.text if clause else "",
        responsibility_line=clause.line if clause else 0,
        span=item.span,
    )


# ---------------------------------------------------------------- files


def _extract_path(path: str) -> tuple[DocResult | None, str | None]:
    """One file: (result, None) or (None, one-line error naming the file)."""
    from dutygraph.loaders import load

    try:
        doc = load(path)
    except DutygraphError as exc:
        return None, exc.oneline()
    except OSError as exc:
        return None, f"{path}: {exc.strerror or exc}".replace("\n", " ")
    except Exception as exc:  # a loader bug must not end the batch: name the file, go on
        return None, f"{path}: could not be read: {type(exc).__name__}: {exc}".replace("\n", " ")
    try:
        return extract_document(doc), None
    except DutygraphError as exc:
        return None, exc.oneline()
    except Exception as exc:  # a bug or a document shape we do not read: name the file, go on
        return None, f"{path}: extraction failed: {type(exc).__name__}: {exc}".replace("\n", " ")


# Results come back from pool workers pickled. Frozen slots dataclasses unpickle through a
# Python-level __setstate__ that looks up their fields for every object (a 140 KB plan's result
# took ~14 ms to dump and ~7 ms to load); rebuilding them from their field values in order is
# 3-6x faster. Registered for every frozen record whose fields all go through __init__.
def _record_reducer(cls: type) -> object:
    names = tuple(f.name for f in dataclasses.fields(cls))
    get = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (cls, (get(obj),))
    return lambda obj: (cls, get(obj))


for _cls in list(vars(records).values()):
    if isinstance(_cls, type) and dataclasses.is_dataclass(_cls) and _cls.__module__ == records.__name__ \
            and _cls.__dataclass_params__.frozen and all(f.init for f in dataclasses.fields(_cls)):  # type: ignore[attr-defined]
        copyreg.pickle(_cls, _record_reducer(_cls))  # type: ignore[arg-type]


def _warm() -> None:
    """Parse the reference tables before workers fork, so each starts with them."""
    from .indicators import indicator_table
    from .platforms import platform_table
    from .reference import places
    from .resolve import alias_table

    places(), alias_table(), platform_table(), indicator_table()


def extract_paths(paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1) -> BatchResult:
    """Extract every file; failed files become one-line errors, the rest goes on (input order).
    Keeps every result: to handle them one at a time, iterate `iter_extract` instead."""
    batch = BatchResult()
    # results are kept: every collection would walk them all, and would find no cycle
    with gc_paused():
        for _path, result, error in iter_extract(paths, jobs=jobs):
            if error is not None:
                batch.errors.append(error)
            elif result is not None:
                batch.results.append(result)
    return batch


# Files per task sent to a pool worker, and tasks in flight per worker. A file takes ~3 ms of
# extraction (10 KB) against ~0.1 ms per round trip, so small chunks cost little; at most
# jobs * STREAM_WINDOW * STREAM_CHUNK results are ever held, whatever the batch size.
STREAM_CHUNK = 16
STREAM_WINDOW = 4


def iter_extract(
    paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1
) -> Iterator[tuple[str, DocResult | None, str | None]]:
    """Each file's outcome as it arrives, in input order: (path, result, None), or (path, None,
    one-line error naming the file). `paths` is read lazily and nothing is kept once yielded, so
    memory stays bounded however many files there are. With jobs > 1 (and enough files) the files
    go to a process pool in small chunks, at most STREAM_WINDOW chunks per worker in flight: a
    slow consumer holds the workers back rather than letting their results pile up. The caller
    decides about the cyclic collector (`extract_paths` pauses it while results pile up)."""
    it = (os.fspath(p) for p in paths)
    head = list(itertools.islice(it, MIN_FILES_PER_WORKER * 2))
    if jobs <= 1 or len(head) < MIN_FILES_PER_WORKER * 2:
        for path in itertools.chain(head, it):
            result, error = _extract_path(path)
            yield path, result, error
        return
    known = len(paths) if isinstance(paths, Sized) else None
    workers = min(jobs, known) if known is not None else jobs
    # a few chunks per worker for a small batch, so a slow file still leaves work to share
    chunk = STREAM_CHUNK if known is None else max(1, min(STREAM_CHUNK, known // (workers * 4)))
    _warm()
    window: deque[tuple[list[str], Future[list[tuple[DocResult | None, str | None]]]]] = deque()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
    finished = False
    try:
        chunks = _chunks(itertools.chain(head, it), chunk)
        del head
        for files in chunks:
            window.append((files, pool.submit(_extract_chunk, files)))
            if len(window) >= workers * STREAM_WINDOW:
                yield from _done(window.popleft())
        while window:
            yield from _done(window.popleft())
        finished = True
    finally:
        if not finished:
            # stopped early (an error, Ctrl-C, SIGTERM, the caller stopped iterating): what the
            # workers are reading is not wanted; end them rather than wait (a file may never end)
            _end_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers now. A worker ended while sending its result leaves the pool's manager
    thread waiting for the rest of that message, which would hang shutdown and interpreter exit
    (seen under load: SIGTERM while a worker was sending). Once every worker is gone, closing this
    process's copy of the result pipe's sending end lets that thread read end-of-file instead: it
    marks the pool broken and ends."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join()
    results = getattr(pool, "_result_queue", None)
    if results is not None:
        with contextlib.suppress(OSError, AttributeError):
            results._writer.close()


def _worker_init() -> None:
    # forked with the collector paused when the caller paused it: each worker turns it back on;
    # and a worker ends at SIGTERM (it may have inherited a handler that raises instead)
    gc.enable()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _chunks(items: Iterator[str], size: int) -> Iterator[list[str]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _extract_chunk(paths: list[str]) -> list[tuple[DocResult | None, str | None]]:
    """In a pool worker: one chunk of files, each (result, None) or (None, error)."""
    return [_extract_path(p) for p in paths]


def _done(
    entry: tuple[list[str], Future[list[tuple[DocResult | None, str | None]]]],
) -> Iterator[tuple[str, DocResult | None, str | None]]:
    files, future = entry
    outcomes = future.result()
    del entry, future  # the future holds the chunk's results until it is dropped
    for path, (result, error) in zip(files, outcomes):
        yield path, result, error
