"""How much memory this process may still take, and how many forked copies of it fit there.

`build --jobs N` forks: a process that derives the graph's counts while the graph is made
(graph/model.py), export workers and the site's page writers. A fork shares the build process's pages
copy-on-write, but CPython writes a reference count into every object it reads, so a forked reader of
the graph ends up with its own copy of most of the graph's pages. At 10k documents that is ~1.5 GB a
fork; at 100k documents ~13 GB, and two copies do not fit in 24 GB: the build was killed by the kernel
(bench/RESULTS.md, 2026-12-03). So each of those places asks `forks_that_fit` first and runs the work in
this process instead when the copies would not fit. The outputs are the same either way.

Available memory is the kernel's MemAvailable, or less when this process's cgroup (v1 or v2; a
container's or a systemd slice's limit) leaves less. `$DUTYGRAPH_MEMORY_AVAILABLE` (bytes, or with a
K/M/G suffix) replaces the reading: a smaller figure keeps a build from forking where other work needs
the memory. A malformed one is a one-line error when a build starts (`check_override`), not when the
build first asks, after its extraction.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from .errors import DutygraphError

_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def _parse_size(raw: str) -> int:
    text = raw.strip().upper().removesuffix("B").removesuffix("I")
    unit = text[-1:] if text[-1:] in _UNITS else ""
    number = text[: len(text) - len(unit)].strip()
    try:
        value = float(number)
        if not math.isfinite(value):  # ("nan", "inf", "1e999": int() of them would raise its own error)
            raise ValueError(number)
    except ValueError:
        raise DutygraphError(f"DUTYGRAPH_MEMORY_AVAILABLE must be a size such as 8G or 8589934592, not {raw!r}") from None
    if value < 0:
        raise DutygraphError(f"DUTYGRAPH_MEMORY_AVAILABLE must not be negative, not {raw!r}")
    return int(value * _UNITS[unit])


def _read_int(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    if text == "max":
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _meminfo_available(meminfo: Path) -> int | None:
    try:
        with open(meminfo, encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _stat_value(path: Path, key: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                name, _, value = line.partition(" ")
                if name == key:
                    return int(value)
    except (OSError, ValueError):
        pass
    return 0


def _cgroup_left(proc_cgroup: Path, root: Path) -> int | None:
    """What this process's cgroup and its ancestors leave below their memory limits (the least of
    them), None when none has a limit. Memory the kernel can reclaim (inactive file pages: written
    outputs, read documents) counts as left."""
    try:
        lines = proc_cgroup.read_text().splitlines()
    except OSError:
        return None
    least: int | None = None

    def consider(left: int) -> None:
        nonlocal least
        least = left if least is None else min(least, left)

    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        rel = path.strip("/")
        if controllers == "":  # cgroup v2 (unified): memory.max / memory.current
            for base in (root, root / "unified"):
                if not (base / "cgroup.controllers").exists():
                    continue
                here = base / rel if rel else base
                while True:
                    limit = _read_int(here / "memory.max")
                    if limit is not None:
                        used = _read_int(here / "memory.current") or 0
                        used -= _stat_value(here / "memory.stat", "inactive_file")
                        consider(max(0, limit - max(0, used)))
                    if here == base:
                        break
                    here = here.parent
                break
        elif "memory" in controllers.split(","):  # cgroup v1
            base = root / "memory"
            here = base / rel if rel else base
            while True:
                limit = _read_int(here / "memory.limit_in_bytes")
                if limit is not None and limit < 2**60:  # (no limit: a page-rounded 2**63 - 1)
                    used = _read_int(here / "memory.usage_in_bytes") or 0
                    used -= _stat_value(here / "memory.stat", "total_inactive_file")
                    consider(max(0, limit - max(0, used)))
                if here == base or not here.is_relative_to(base):
                    break
                here = here.parent
    return least


def available(*, meminfo: Path = Path("/proc/meminfo"), proc_cgroup: Path = Path("/proc/self/cgroup"),
              cgroup_root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Bytes this process may still take: $DUTYGRAPH_MEMORY_AVAILABLE when set, else the least of
    MemAvailable and what its cgroups leave; None where neither can be read (not Linux)."""
    raw = os.environ.get("DUTYGRAPH_MEMORY_AVAILABLE", "").strip()
    if raw:
        return _parse_size(raw)
    readings = [v for v in (_meminfo_available(meminfo), _cgroup_left(proc_cgroup, cgroup_root)) if v is not None]
    return min(readings) if readings else None


def check_override() -> None:
    """Raise now the one-line error a malformed $DUTYGRAPH_MEMORY_AVAILABLE gives when it is read. `build`
    reads it only where it would fork (the graph stage, the exporters), after the whole extraction: it
    calls this first, before any work."""
    raw = os.environ.get("DUTYGRAPH_MEMORY_AVAILABLE", "").strip()
    if raw:
        _parse_size(raw)


def resident() -> int:
    """This process's resident memory in bytes (0 where /proc cannot be read)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def forks_that_fit(wanted: int, per_fork: int | None = None, *, left: int | None = None,
                   keep: int | None = None) -> int:
    """How many of `wanted` forks, each taking `per_fork` bytes, fit in `left` bytes (default:
    available()) while `keep` bytes stay free for what this process itself still allocates. The
    defaults are for forks that read the whole graph and work on it: each copies this process's
    resident memory and takes half of it more for its own work, and two fifths of it stay free for this
    process's own (at 100k documents the graph held 10.4 GB; the site took 4.4 GB more, the review 3.9,
    LadybugDB's load 1.7, the Neo4j bundle 1.5, the CSV tables 1.1). Unknown memory: all of them."""
    if wanted <= 0:
        return 0
    if left is None:
        left = available()
    if left is None:
        return wanted
    rss = resident() if per_fork is None or keep is None else 0
    if per_fork is None:
        per_fork = rss + rss // 2
    if keep is None:
        keep = max(256 * 2**20, rss * 2 // 5)
    if per_fork <= 0:
        return wanted
    return max(0, min(wanted, (left - keep) // per_fork))


def gib(n: int) -> str:
    return f"{n / 2**30:.1f} GB"
