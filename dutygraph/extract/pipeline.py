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
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

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
    TaskForce,
)

from dutygraph.loaders.base import gc_paused, record_builder, runs_compiled

from .deadlines import find_deadlines, measure_deadline, parse_deadline
from .indicators import find_indicator as _find_indicator
from .jurisdiction import detect_jurisdiction, file_jurisdiction
from .platforms import find_platforms
from .resolve import Resolver, _units_of, resolver_for
from .responsibility import document_agencies
from .rosters import parse_roster
from .structure import ItemOutline, PlanOutline, measure_fields, outline, section_fields
from .targets import find_targets

_new_measure = record_builder(Measure)  # Measure(...) without the frozen __init__'s per-field guard
_new_section = record_builder(Section)
_new_plan = record_builder(Plan)  # Plan(...) by position, every field in order, the same way
_new_doc_result = record_builder(DocResult)  # DocResult(...) with every field given (its lists new)

# With fewer files than this per worker a pool costs more than it saves.
MIN_FILES_PER_WORKER = 2


# find_indicator's answers (a plain dict, cleared when it holds _INDICATORS_MAX: a hit is the key's hash
# and one probe, where an lru_cache's hit also built a call's tuple and moved its link). An answer is
# one of the indicator table's own strings, or None: the same object whichever call made it.
_INDICATORS: dict[str, str | None] = {}
_INDICATORS_MAX = 1 << 13
_UNREAD = object()


def find_indicator(title: str) -> str | None:
    """Indicators are looked up on headings, which repeat for every item under them."""
    memo = _INDICATORS
    hit = memo.get(title, _UNREAD)
    if hit is _UNREAD:
        if len(memo) >= _INDICATORS_MAX:
            memo.clear()
        hit = memo[title] = _find_indicator(title)
    return hit  # type: ignore[return-value]


def extract_document(doc: Document) -> DocResult:
    """Plans, sections, measures and task forces of one loaded document."""
    with gc_paused():  # no cycles are made here: see loaders.base.gc_paused
        # ($DUTYGRAPH_DATA's agency table read once for the document's clauses: responsibility.document_agencies)
        document_agencies(True)
        try:
            return _extract_document(doc)
        finally:
            document_agencies(False)


def _extract_document(doc: Document) -> DocResult:
    # (DocResult's fields in order: document, plans, sections, measures, task_forces, warnings; its lists and the
    # document's fields held here, each read once: a read of a record's attribute here is a lookup)
    plans: list[Plan] = []
    sections: list[Section] = []
    measures: list[Measure] = []
    task_forces: list[TaskForce] = []
    result = _new_doc_result(doc, plans, sections, measures, task_forces, list(doc.warnings))
    doc_name, sha256 = doc.name, doc.sha256
    first: Jurisdiction | None = None
    doc_jurisdiction: Jurisdiction | None = None
    for po in outline(doc):
        # (the plan's fields read once each, for its place, its record, its sections and measures)
        line, title, kind, year, issuer, attachment = po.line, po.title, po.kind, po.year, po.issuer, po.attachment
        if attachment and first is not None and first.name and not _names_place(po):
            jurisdiction = first  # "附件3 獲得用水用氣提升行動方案" belongs to the file's plan
        else:
            jurisdiction = detect_jurisdiction(title, issuer=issuer, body=po.body, body_normalized=True)
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
        plan_key = f"{doc_name}#{line}"
        plans.append(
            _new_plan(  # (Plan's fields in order)
                plan_key,  # key
                doc_name,  # doc
                line,  # line
                title,  # title
                jurisdiction,  # jurisdiction
                issuer,  # issuer
                po.issued,  # issued
                kind,  # kind
                year,  # year
                attachment,  # attachment
                sha256,  # sha256
            )
        )
        resolver = resolver_for(jurisdiction)
        plan_indicator = find_indicator(title)
        for so in po.sections:
            # (the section's fields in one call: each read of a record's attribute here is a lookup)
            s_line, s_number, s_title, s_path, s_clause, s_lead = section_fields(so)
            sections.append(
                _new_section(  # (Section's fields in order)
                    doc_name,  # doc
                    s_line,  # line
                    plan_key,  # plan
                    s_number,  # number
                    s_title,  # title
                    s_path,  # path
                    resolver.units(s_lead) if s_clause is not None else (),  # lead
                    find_indicator(s_title),  # indicator
                )
            )
        for item in po.items:
            measures.append(_measure(doc_name, plan_key, year, item, resolver, plan_indicator))
        if kind == "roster":
            task_forces.extend(parse_roster(po, plan_key=plan_key, doc=doc_name, resolver=resolver))
    if not measures and not task_forces:
        result.warnings.append(f"{doc.path}: no numbered items found")
    return result


def _document_jurisdiction(doc: Document) -> Jurisdiction:
    """The place the file as a whole speaks for (jurisdiction.file_jurisdiction)."""
    return file_jurisdiction(doc)


def _names_place(po: PlanOutline) -> bool:
    """Whether an attachment's own title (or issuer) names its place (then it may differ)."""
    return bool(detect_jurisdiction(po.title, issuer=po.issuer).name)


def _measure(
    doc_name: str,
    plan_key: str,
    year: int | None,
    item: ItemOutline,
    resolver: Resolver,
    plan_indicator: str | None,
) -> Measure:
    """The Measure of `item`, under the plan keyed `plan_key` (of year `year`) in the document named
    `doc_name` (the plan's and document's fields read once per plan by the caller)."""
    # (the item's and its clause's fields in one call: each read of a record's attribute here is a lookup)
    (
        line, number, span, title, text, kind, titles, section_path, inherited, repairs, norm,
        clause, clause_lead, clause_co, deadline_raw, resp_text, resp_line,
    ) = measure_fields(item)
    # (`resolver.units(...)`, which is `_units_of(resolver, ...)`, called as that function: no method looked up
    # and no frame of the method's own. An empty lead or co — every clause-less item's, most clauses' co — is
    # `()` without a call: `units` of none is the empty tuple, and asks and caches nothing)
    lead = _units_of(resolver, clause_lead) if clause_lead else ()
    co = _units_of(resolver, clause_co) if clause_co else ()
    # a progress paragraph reports dates of work done ("截至2023年9月30日"), not deadlines
    norm = norm or None  # the item's Line.norm pieces: no second normalisation
    # (a tuple throughout: find_deadlines makes a new one each call, so the record may hold it itself —
    # `tuple(list(found) + [clause's])` was a list and a tuple made per measure for the same values)
    # (the scanners' arguments by position here and below: their compiled wrappers parse no keyword then)
    deadlines = find_deadlines(text, year, norm) if kind != "progress" else ()
    deadline: Deadline | None = None
    if deadline_raw:
        deadline = parse_deadline(deadline_raw, year)
        if deadline is not None and not _deadline_in(deadline, deadlines):
            deadlines = (*deadlines, deadline)
    if deadline is None and deadlines:
        deadline = measure_deadline(deadlines)
    if _deadline_repaired(deadline, deadlines):
        found = list(repairs)
        for d in [deadline, *deadlines]:
            for r in d.repairs:
                if r not in found:
                    found.append(r)
        repairs = tuple(found)
    # = _section_of(titles): a measure's titles are mostly its predecessor's (items of one section), and
    # then the answer is the one the cache just gave (the same object: nothing else asks it in between)
    last = _LAST_SECTION
    if titles is last[0] or titles == last[0]:
        found = last[1]
    else:
        found = _section_of(titles)
        last[0], last[1] = titles, found
    section, section_indicator = found
    if len(titles) == 1:
        # the title itself, not the equal string an earlier document's call left in the cache: which
        # object a record holds decides how pickle writes it (shared or twice), so a cache entry's
        # bytes would depend on what the worker read before
        section = titles[0]
    indicator = find_indicator(title) or section_indicator or plan_indicator
    # (Measure's fields in order, given by position: a call with 21 keywords costs more)
    return _new_measure(
        doc_name,  # doc
        line,  # line
        number,  # number
        section,  # section
        title,  # title
        text,  # text
        kind,  # kind
        lead,  # lead
        co,  # co
        inherited and bool(lead),  # lead_inherited
        find_platforms(text, norm),  # platforms
        deadline,  # deadline
        repairs,  # repairs
        plan_key,  # plan
        section_path,  # section_path
        deadlines,  # deadlines
        find_targets(text, norm),  # targets
        indicator,  # indicator
        resp_text,  # responsibility
        resp_line,  # responsibility_line
        span,  # span
    )


def _deadline_in(deadline: Deadline, deadlines: tuple[Deadline, ...]) -> bool:
    """`deadline in deadlines`: compiled, each found deadline compared as Deadline's dataclass `__eq__`
    compares it — the same object, or one of the same class whose four fields are equal in order (the
    first unequal one decides, as the fields' tuples compare) — in C, without that `__eq__`'s Python frame
    and its two tuples per comparison; as Python, the `in` itself."""
    if not _COMPILED:
        return deadline in deadlines
    cls = type(deadline)
    for d in deadlines:
        if d is deadline:
            return True
        # (each field read at its slot's offset, `_slot_c` of _native_inline.pxd: a Deadline's, else by getattr)
        if type(d) is cls and (
            _slot_c(d, Deadline, _DL_RAW, "raw") == _slot_c(deadline, Deadline, _DL_RAW, "raw")  # noqa: F821
            and _slot_c(d, Deadline, _DL_DATE, "date") == _slot_c(deadline, Deadline, _DL_DATE, "date")  # noqa: F821
            and _slot_c(d, Deadline, _DL_KIND, "kind") == _slot_c(deadline, Deadline, _DL_KIND, "kind")  # noqa: F821
            and _slot_c(d, Deadline, _DL_REPAIRS, "repairs")  # noqa: F821
            == _slot_c(deadline, Deadline, _DL_REPAIRS, "repairs")  # noqa: F821
        ):
            return True
    return False


_COMPILED = runs_compiled(_deadline_in)
# Compiled, where a Deadline (a slots dataclass) keeps raw, date, kind and repairs (its slots' offsets, -1 for one
# that is no plain slot): `_deadline_in` and `_deadline_repaired` read them there (`_slot_c`, _native_inline.pxd;
# C globals, pipeline.pxd); as Python, every offset is -1 (attributes).
_DL_RAW, _DL_DATE, _DL_KIND, _DL_REPAIRS = [
    _slot_offset_c(Deadline, vars(Deadline).get(name)) if _COMPILED else -1  # noqa: F821 - compiled only
    for name in ("raw", "date", "kind", "repairs")
]


def _deadline_repaired(deadline: Deadline | None, deadlines: tuple[Deadline, ...]) -> bool:
    """Whether a measure's deadline, or any of its deadlines, carries repairs: `deadline is not None
    and bool(deadline.repairs or any(d.repairs for d in deadlines))`, without a generator made per
    measure, for a deadline that is None or one of `deadlines` or equal to one (as `_measure`'s is:
    `measure_deadline`'s pick among them, the clause's found there by `_deadline_in`, or added to them),
    so that its repairs are read among theirs."""
    if deadline is None:
        return False
    for d in deadlines:
        # (compiled, read at the slot's offset: `_slot_c`, as `_deadline_in` reads)
        if d.repairs if _DL_REPAIRS < 0 else _slot_c(d, Deadline, _DL_REPAIRS, "repairs"):  # noqa: F821
            return True
    return False


# The titles `_measure` last asked `_section_of` about and its answer (None, None at first: no titles
# tuple equals None).
_LAST_SECTION: list[object] = [None, None]


# `_section_of`'s answers by titles, in two generations of plain dicts, `_SECTIONS_GENS` = [current,
# previous] (was an lru_cache of `_SECTIONS_MAX` = 4096: a hit there built the call's argument tuple and
# moved the key's link; here it is one probe). A miss asks the previous generation, else `_section_of_titles`,
# and files the answer in the current one; a full current generation becomes the previous (the older one
# dropped). An answer is dropped only after `_SECTIONS_MAX` other titles were filed since it was last asked
# — by then the lru_cache had dropped it too — so the same titles get the same answer (and path string) as
# long as the lru_cache gave it: a record holds that string, and pickle writes a shared one once.
_SECTIONS_MAX = 4096
_SECTIONS_GENS: list[dict[tuple[str, ...], tuple[str, str | None]]] = [{}, {}]


def _section_of(titles: tuple[str, ...]) -> tuple[str, str | None]:
    """A measure's section path as printed in its record, and the indicator its innermost section
    heading names (the next one out if that one names none): the same for every measure of a section.
    Memoised (`_SECTIONS_GENS`)."""
    gens = _SECTIONS_GENS
    new = gens[0]
    hit = new.get(titles)  # (an answer is a tuple: None is no answer)
    if hit is None:
        hit = gens[1].get(titles)
        if hit is None:
            hit = _section_of_titles(titles)
        if len(new) >= _SECTIONS_MAX:
            gens[1] = new
            new = gens[0] = {}
        new[titles] = hit
    return hit


def _section_of_titles(titles: tuple[str, ...]) -> tuple[str, str | None]:
    """`_section_of`, computed."""
    indicator = None
    for title in reversed(titles):
        indicator = find_indicator(title)
        if indicator:
            break
    return " > ".join(titles), indicator


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


# Results come back from pool workers pickled (and the build's cache keeps them pickled). Frozen slots
# dataclasses unpickle through a Python-level __setstate__ that looks up their fields for every object
# (a 140 KB plan's result took ~14 ms to dump and ~7 ms to load); rebuilding them from their field values
# in order is 3-6x faster, and through record_builder's constructor (no frozen guard per field) about 2x
# faster again than through the class (the 10k corpus's results: ~4.4 -> ~2 s of the build process's
# CPU). Registered for every frozen record whose fields all go through __init__; each constructor is a
# global of this module (`_load_<Class>`), as pickle names what it calls.
def _record_reducer(cls: type) -> object:
    names = tuple(f.name for f in dataclasses.fields(cls))
    get = operator.attrgetter(*names)
    new = record_builder(cls)
    if new is not cls:
        new.__module__ = __name__
        new.__qualname__ = new.__name__ = f"_load_{cls.__name__}"  # type: ignore[attr-defined]
        globals()[new.__name__] = new  # type: ignore[attr-defined]
    if len(names) == 1:
        return lambda obj: (new, (get(obj),))
    return lambda obj: (new, get(obj))


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

# A worker process that dies by itself (the OOM killer, a crash in a C extension, os._exit) breaks
# its whole pool. The run goes on: the file it was reading is read again on its own, in a one-worker
# pool, and a file that kills a worker twice is given as that file's one-line error; the pool's
# other unfinished files go to a new pool. A pool that breaks with no file in flight (a worker died
# between files) is replaced at most this many times in a run, then the run stops with an error.
MAX_UNATTRIBUTED_DEATHS = 2

Finish = Callable[[DocResult], DocResult]
Outcome = tuple[DocResult | None, str | None]


def iter_extract(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    finish: Finish | None = None,
    notify: Callable[[str], None] | None = None,
) -> Iterator[tuple[str, DocResult | None, str | None]]:
    """Each file's outcome as it arrives, in input order: (path, result, None), or (path, None,
    one-line error naming the file). `paths` is read lazily and nothing is kept once yielded, so
    memory stays bounded however many files there are. With jobs > 1 (and enough files) the files
    go to a process pool in small chunks, at most STREAM_WINDOW chunks per worker in flight: a
    slow consumer holds the workers back rather than letting their results pile up. The caller
    decides about the cyclic collector (`extract_paths` pauses it while results pile up).

    `finish` (a picklable function) is applied to each result where it was made (in the worker).
    If a worker process dies, `notify` gets one line naming the file(s) it was reading and how it
    died, and the run goes on (see MAX_UNATTRIBUTED_DEATHS and _Pools)."""
    it = (os.fspath(p) for p in paths)
    head = list(itertools.islice(it, MIN_FILES_PER_WORKER * 2))
    if jobs <= 1 or len(head) < MIN_FILES_PER_WORKER * 2:
        for path in itertools.chain(head, it):
            result, error = _extract_path(path)
            if finish is not None and result is not None:
                result = finish(result)
            yield path, result, error
        return
    known = len(paths) if isinstance(paths, Sized) else None
    workers = min(jobs, known) if known is not None else jobs
    # a few chunks per worker for a small batch, so a slow file still leaves work to share
    chunk = STREAM_CHUNK if known is None else max(1, min(STREAM_CHUNK, known // (workers * 4)))
    _warm()
    pools = _Pools(workers, finish, notify)
    window: deque[_Piece] = deque()
    finished = False
    try:
        numbered = enumerate(itertools.chain(head, it))
        del head
        for files in _chunks(numbered, chunk):
            window.append(pools.submit(files))
            if len(window) >= workers * STREAM_WINDOW:
                yield from pools.take(window)
        while window:
            yield from pools.take(window)
        finished = True
    finally:
        # stopped early (an error, Ctrl-C, SIGTERM, the caller stopped iterating): what the
        # workers are reading is not wanted; end them rather than wait (a file may never end)
        pools.close(end=not finished)


@dataclasses.dataclass(eq=False)
class _Piece:
    """Files (numbered in input order) sent as one task, the future of their outcomes, its pool."""

    files: list[tuple[int, str]]
    future: Future[list[Outcome]]
    pool: _Pool | None = None


class _Pool:
    """A process pool whose workers each record, in shared memory, which file they are reading:
    slot k holds worker k's pid and the number of its file in flight (-1: none)."""

    def __init__(self, workers: int) -> None:
        import multiprocessing

        # forked, whatever the interpreter's default start method (forkserver from Python 3.14; spawn when
        # a caller set it): the workers inherit the warmed tables (_warm) and freeze them (_worker_init)
        mp = multiprocessing.get_context("fork")
        self.slots = mp.RawArray("q", [-1] * (2 * workers))
        self.claimed = mp.Value("i", 0)
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=mp, initializer=_worker_init,
                                            initargs=(self.slots, self.claimed, workers))
        self.processes: dict[int, object] = {}
        self.killed: set[int] = set()  # pids of the workers close() had to SIGKILL (not deaths of their own)

    def submit(self, files: list[tuple[int, str]], finish: Finish | None) -> Future[list[Outcome]]:
        try:
            # the workers are forked in the first submit: with the collector paused, so that none runs in
            # a worker before _worker_init has frozen what it inherited
            with gc_paused():
                future = self.executor.submit(_extract_chunk, files, finish)
        except BrokenProcessPool as exc:  # broke since the last look: recovered when its turn comes
            future = Future()
            future.set_exception(exc)
        # the workers start with the first task; keep them, to read their exit codes after a break
        self.processes.update(getattr(self.executor, "_processes", None) or {})
        return future

    @property
    def broken(self) -> bool:
        return bool(getattr(self.executor, "_broken", False))

    def close(self, *, end: bool) -> None:
        if end or self.broken:
            self.killed |= _end_workers(self.executor)
        self.executor.shutdown(wait=True, cancel_futures=True)

    def deaths(self) -> tuple[dict[int, str], list[str]]:
        """After a break, once the workers are ended and joined: {number of a file that was in flight
        in a worker that died by itself: how it died}, and how those workers died. After a break
        the pool terminates (SIGTERM) the workers left; if every worker ended by SIGTERM, any of
        them may be the one, and each of their files in flight is a suspect."""
        seen: list[tuple[int, int | None, bool]] = []  # (file in flight, exit code, SIGKILLed by close) per worker
        for k in range(len(self.slots) // 2):
            pid, current = self.slots[2 * k], self.slots[2 * k + 1]
            proc = self.processes.get(pid)
            if pid > 0 and proc is not None:
                seen.append((current, proc.exitcode, pid in self.killed))  # type: ignore[attr-defined]
        # (a worker ended by SIGTERM, or by close()'s SIGKILL when it did not end within 5 s of SIGTERM —
        # seen under load as "exited with status 7, killed by SIGKILL" —, is not one that died; one that
        # was dying as close() began may look running to it, so only the signals close() sends count: a
        # SIGKILL only where close() sent one — a worker that had SIGKILLed itself but was not reaped yet
        # looked running, and was once taken for close()'s, naming "killed by SIGTERM, killed by SIGKILL").
        # Status 0 is a worker that ended as told: the broken pool sends each worker a shut-down sentinel
        # after its SIGTERM, and one that ignores SIGTERM while waiting for work reads it and exits (seen in
        # CI: "exited with status 7, exited with status 0").
        own = [s for s in seen
               if s[1] not in (0, -signal.SIGTERM) and not (s[2] and s[1] == -signal.SIGKILL)] or seen
        return {n: _how(code) for n, code, _ in own if n >= 0}, [_how(code) for _, code, _ in own]


def _how(code: int | None) -> str:
    if code is None:
        return "ended"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with status {code}"


class _Pools:
    """The run's pools: the main one (all the workers), and a one-worker pool for files that were
    in flight when a worker died, each read there on its own so that a file that kills its worker
    again is known for certain (no other file is in flight beside it)."""

    def __init__(self, workers: int, finish: Finish | None, notify: Callable[[str], None] | None) -> None:
        self.workers = workers
        self.finish = finish
        self.notify = notify or (lambda _msg: None)
        self.main: _Pool | None = None
        self.alone: _Pool | None = None
        self.deaths: dict[int, int] = {}  # file number -> how many workers died while reading it
        self.unattributed = 0

    def submit(self, files: list[tuple[int, str]], *, alone: bool = False) -> _Piece:
        if alone:
            self.alone = self.alone or _Pool(1)
            pool = self.alone
        else:
            self.main = self.main or _Pool(self.workers)
            pool = self.main
        return _Piece(files, pool.submit(files, self.finish), pool)

    def take(self, window: deque[_Piece]) -> Iterator[tuple[str, DocResult | None, str | None]]:
        """The outcomes of the window's first piece (replacing broken pools on the way)."""
        while True:
            try:
                outcomes = window[0].future.result()
                break
            except BrokenProcessPool:
                if not any(p is not None and p.broken for p in (self.main, self.alone)):
                    raise  # not one of ours (cannot happen): never loop on it
                self._recover(window)
        files = window.popleft().files
        for (_, path), (result, error) in zip(files, outcomes):
            yield path, result, error

    def _recover(self, window: deque[_Piece]) -> None:
        """Replace each broken pool; each file of the window it had not finished is sent again: one
        that was in flight in a worker that died goes to the one-worker pool (after a second death
        it is given its error instead), the others to a new main pool. Input order is kept."""
        from dutygraph.errors import DutygraphError

        broken = [p for p in (self.main, self.alone) if p is not None and p.broken]
        suspects: dict[int, str] = {}
        hows: list[str] = []
        for pool in broken:
            pool.close(end=True)  # ends and joins the workers: their exit codes are known
            found, how = pool.deaths()
            suspects.update(found)
            hows += how
            if pool is self.main:
                self.main = None
            else:
                self.alone = None
        how = ", ".join(dict.fromkeys(hows)) or "ended"
        lost = [piece for piece in window if piece.pool in broken and not _has_result(piece.future)]
        if not suspects:
            self.unattributed += 1
            if self.unattributed > MAX_UNATTRIBUTED_DEATHS:
                raise DutygraphError(f"extraction worker processes keep dying ({how}) between files; stopped")
            self.notify(f"an extraction worker process died ({how}) between files; "
                        f"its pool's {sum(len(p.files) for p in lost)} unfinished file(s) are read again")
        for n in suspects:
            self.deaths[n] = self.deaths.get(n, 0) + 1
        again = [path for piece in lost for n, path in piece.files if self.deaths.get(n) == 1 and n in suspects]
        if again:
            self.notify(f"an extraction worker process died ({how}) while reading {', '.join(again)}; "
                        + ("read again on its own" if len(again) == 1 else "each read again on its own"))
        rebuilt: deque[_Piece] = deque()
        for piece in window:
            if piece not in lost:
                rebuilt.append(piece)
                continue
            run: list[tuple[int, str]] = []
            for n, path in piece.files:
                times = self.deaths.get(n, 0)
                if not times:
                    run.append((n, path))
                    continue
                if run:
                    rebuilt.append(self.submit(run))
                    run = []
                if times >= 2:
                    error = (f"{path}: the extraction worker process died twice while reading this file "
                             f"({suspects.get(n, how)}); skipped")
                    done: Future[list[Outcome]] = Future()
                    done.set_result([(None, error)])
                    rebuilt.append(_Piece([(n, path)], done))
                else:
                    rebuilt.append(self.submit([(n, path)], alone=True))
            if run:
                rebuilt.append(self.submit(run))
        window.clear()
        window.extend(rebuilt)

    def close(self, *, end: bool) -> None:
        for pool in (self.main, self.alone):
            if pool is not None:
                pool.close(end=end)


def _has_result(future: Future[list[Outcome]]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _end_workers(pool: ProcessPoolExecutor) -> set[int]:
    """End a pool's workers now (SIGTERM, then SIGKILL for any still alive 5 s later); returns the pids of
    those it had to SIGKILL. A worker ended while sending its result leaves the pool's manager
    thread waiting for the rest of that message, which would hang shutdown and interpreter exit
    (seen under load: SIGTERM while a worker was sending). Once every worker is gone, closing this
    process's copy of the result pipe's sending end lets that thread read end-of-file instead: it
    marks the pool broken and ends."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    killed = set()
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.join(5)
        if proc.is_alive() and not _exited(proc):
            proc.kill()
            killed.add(proc.pid)
            proc.join()
    results = getattr(pool, "_result_queue", None)
    if results is not None:
        with contextlib.suppress(OSError, AttributeError):
            results._writer.close()
    return killed


def _exited(proc: Any) -> bool:
    """Whether a worker that `is_alive()` calls running has in fact ended. A worker that dies of its own
    breaks the pool, and the pool's manager thread then joins every worker: when it reaps one first, this
    thread's `waitpid` finds no such child and `is_alive()` reads that as still running (seen in a full
    test run: a worker dead of its own SIGKILL named among those the clean-up SIGKILLed). The worker's
    sentinel, a pipe it held open, has ended either way."""
    import multiprocessing.connection  # noqa: PLC0415 - only on a clean-up

    try:
        return bool(multiprocessing.connection.wait([proc.sentinel], 0))
    except ValueError:  # the process object closed: only an ended process can be
        return True
    except OSError:
        return False


# In a pool worker: the pool's shared slots and this worker's (pid at _slot, file in flight at
# _slot + 1).
_slots: Any = None
_slot = -1


def _worker_init(slots: Any = None, claimed: Any = None, workers: int = 0) -> None:
    # Forked with the collector paused (_Pool.submit): each worker turns it back on, after gc.freeze()
    # has moved every object it inherited (all the caller holds: a notebook's graph, bench/run.py's
    # earlier stages, a build's results so far) to the permanent generation, which no collection walks.
    # A collection writes into the header of every object of the generations it walks, so the kernel
    # would copy each page of them into the worker: at 100k documents bench/run.py's workers, forked
    # from its 14 GB process, were killed for memory (bench/RESULTS.md, 2026-12-03). The freeze itself
    # splices the generations' lists (a few headers written). Nothing inherited is the worker's to free:
    # inherited garbage cycles stay uncollected here (their pages stay shared; their finalizers, the
    # parent's, do not run in a worker), and extraction makes no cycles of its own (gc_paused).
    # A worker ends at SIGTERM (it may have inherited a handler that raises instead).
    global _slots, _slot
    gc.freeze()
    gc.enable()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if slots is not None and claimed is not None:
        with claimed.get_lock():
            k = claimed.value
            claimed.value = k + 1
        if k < workers:
            _slots, _slot = slots, 2 * k
            slots[_slot] = os.getpid()


def _chunks(items: Iterator[tuple[int, str]], size: int) -> Iterator[list[tuple[int, str]]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _extract_chunk(files: list[tuple[int, str]], finish: Finish | None = None) -> list[Outcome]:
    """In a pool worker: a chunk of (number, file), each (result, None) or (None, error); the number
    of the file being read is in the worker's slot meanwhile."""
    slots, slot = _slots, _slot
    out: list[Outcome] = []
    for n, path in files:
        if slot >= 0:
            slots[slot + 1] = n
        # One pause over the file's load, extraction and `finish` (a worker runs with the collector on):
        # the pauses inside `load` and `extract_document` then do nothing, so no collection walks the
        # document's lines or its records while they are alive (~4% of extract_document's instructions
        # per file); with a `finish` that keeps none of them (the build's pickled cache entry), they are
        # freed by reference counting before the collector runs again.
        with gc_paused():
            result, error = _extract_path(path)
            if finish is not None and result is not None:
                result = finish(result)
        out.append((result, error))
    if slot >= 0:
        slots[slot + 1] = -1
    return out
