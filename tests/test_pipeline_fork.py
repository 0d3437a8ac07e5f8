"""What an extraction pool worker does with the memory it inherits when it is forked.

`extract_paths(jobs > 1)` / `iter_extract` fork their workers from the calling process, whatever it
holds (a notebook's graph; bench/run.py's earlier stages, 14 GB at 100k documents). A collection in the
worker writes into the header of every object it walks, so the kernel copies those pages into the worker:
at 100k bench/run.py's workers were killed for memory. So each worker freezes what it inherited
(gc.freeze in pipeline._worker_init) before it turns the collector on, and the pool forks its workers with
the collector paused (pipeline._Pool.submit), so that none runs in a worker before that freeze.
"""

from __future__ import annotations

import gc
import multiprocessing
import os

from dutygraph.extract.pipeline import iter_extract
from dutygraph.paths import sample_plans_dir

PLANS = sample_plans_dir()
FILES = [PLANS / "honggutan-2023-q1-q3-progress-report.txt", PLANS / "shizuishan-2023-action-plan-draft.txt"] * 3

# made by the test in this (the parent) process before the pool starts; the workers inherit them
_INHERITED: list[object] | None = None
_PARENT = os.getpid()
_EARLY: object = None  # a shared counter: collections in a worker before its freeze
_FROZEN_AT_FORK = -1  # the parent's freeze count as the pool starts


def _in_generations(obj: object) -> bool:
    """Whether `obj` is in one of the collector's generations (0-2), i.e. tracked and not frozen."""
    return any(o is obj for g in range(3) for o in gc.get_objects(g))


def _frozen_probe(_result: object) -> tuple[int, int, bool, bool]:
    """A `finish`, run in the worker after each file: what the worker's collector would walk."""
    return os.getpid(), gc.get_freeze_count(), gc.is_tracked(_INHERITED), _in_generations(_INHERITED)


def test_a_worker_freezes_what_it_inherited():
    """In each worker, the objects the parent held before the pool started are in the permanent
    generation (tracked, in none of generations 0-2), so no collection in the worker walks them."""
    global _INHERITED
    _INHERITED = [object() for _ in range(3)]
    assert gc.is_tracked(_INHERITED) and _in_generations(_INHERITED)  # (not frozen here, in the parent)
    frozen_here = gc.get_freeze_count()
    try:
        got = [(path, res) for path, res, _err in iter_extract(FILES, jobs=2, finish=_frozen_probe)]
    finally:
        _INHERITED = None
    assert [p for p, _ in got] == [str(f) for f in FILES]
    probes = [res for _, res in got]
    assert all(pid != _PARENT for pid, *_ in probes)  # (run in the workers)
    for _pid, freeze_count, tracked, in_generations in probes:
        assert freeze_count > 0
        assert tracked and not in_generations, "the parent's objects are not frozen in the worker"
    assert gc.get_freeze_count() == frozen_here  # nothing frozen in the parent


def test_the_workers_are_forked_whatever_the_default_start_method():
    """A caller (or Python 3.14, whose default is forkserver) may set another start method: the pool still
    forks, so its workers inherit the warmed tables and what they freeze is the parent's."""
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    try:
        test_a_worker_freezes_what_it_inherited()
    finally:
        multiprocessing.set_start_method(previous, force=True)


def _count_early_collections(phase: str, _info: dict) -> None:
    """A gc callback (inherited by the workers): counts, in a worker, collections started before the
    worker froze what it inherited."""
    if phase == "start" and os.getpid() != _PARENT and gc.get_freeze_count() == _FROZEN_AT_FORK \
            and _EARLY is not None:
        with _EARLY.get_lock():  # type: ignore[attr-defined]
            _EARLY.value += 1  # type: ignore[attr-defined]


def test_no_collection_runs_in_a_worker_before_its_freeze():
    """`dutygraph extract --jobs N` calls iter_extract with the collector on: still, the pool forks its
    workers with it paused, so that nothing collects in a worker between the fork and _worker_init's
    freeze (here a collection would start at the worker's first allocation: gen0's threshold is 1)."""
    global _EARLY, _FROZEN_AT_FORK
    assert gc.isenabled()
    _EARLY = multiprocessing.Value("i", 0)
    _FROZEN_AT_FORK = gc.get_freeze_count()  # (a worker's freeze adds what it inherited: more)
    was = gc.get_threshold()
    gc.callbacks.append(_count_early_collections)
    gc.set_threshold(1, 10**6, 10**6)  # every allocation collects gen0 (never the older ones: cheap here)
    try:
        got = list(iter_extract(FILES, jobs=2))
    finally:
        gc.set_threshold(*was)
        gc.callbacks.remove(_count_early_collections)
    early, _EARLY = _EARLY.value, None  # type: ignore[attr-defined]
    assert [e for _, _, e in got] == [None] * len(FILES)
    assert early == 0, f"{early} collection(s) in the workers before they froze what they inherited"
