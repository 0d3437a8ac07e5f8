"""Exporters, registered by name (lazy: `dutygraph build --only csv` never imports rdflib or ladybug).

Each entry is "module:function" with the signature
    write(graph, out_dir: pathlib.Path, *, include_people: bool = False) -> list[pathlib.Path]
and writes its files atomically. Adding an exporter = one module + one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXPORTERS: dict[str, str] = {
    "ladybug": "dutygraph.exports.ladybug_store:write",
    "graphml": "dutygraph.exports.graphml:write",
    "csv": "dutygraph.exports.csv_tables:write",
    "rdf": "dutygraph.exports.rdf:write",
    "neo4j-bundle": "dutygraph.exports.neo4j_bundle:write",
    "review": "dutygraph.analytics.review:write",
    "site": "dutygraph.viz.site:write",
}

# Typical running time (seconds at 10k documents inside a `build --jobs 2`, both export processes busy),
# a scheduling hint only: `build --jobs N` starts the costliest exporters first and places the last
# ones where the processes end soonest (commands/build.py, _Schedule). Unlisted exporters count as 0.
# (the stage times of a whole 10k build on a quiet machine; neo4j-bundle, csv and review after the
# exportcpu branch's changes: each alone on the 10k graph, 13.9 -> 12.2, 8.2 -> 7.9 and ~26 -> ~25 s CPU;
# rdf and graphml scaled by their times in `build --only rdf,graphml --jobs 1` back to back with the
# templates: 24.2-24.6 -> 17.1-19.2 s and 18.0-18.6 -> 14.2-14.3 s; review after the review branch's: 30 x its
# `--only review` stage time, 28.5 -> 17.9 s, same machine; neo4j-bundle, csv and ladybug scaled by their
# CPU after the tabular branch's changes, each in a forked process on the 10k graph, back to back with main:
# 17.9-18.4 -> 13.1-14.5, 11.2-11.7 -> 8.0-8.3 and 15.3-15.4 -> 13.7-13.9 s)
COST: dict[str, int] = {"site": 67, "review": 19, "rdf": 19, "neo4j-bundle": 12, "graphml": 14, "ladybug": 12,
                        "csv": 7}

# Exporters only the build process runs in `build --jobs N`, never a forked worker: LadybugDB's COPY
# (two threads) hung in a forked export worker of a 10k build (both threads waiting on an index
# builder's rwlock), the one time it ran there (longest first had always left it to the build process).
IN_BUILD_PROCESS: frozenset[str] = frozenset({"ladybug"})

# Files an exporter looks for that another exporter writes: the site links to the review when
# review/index.html is there as it starts. In registry order the review runs first; `build --jobs N`
# runs them side by side, so when both run it puts a placeholder there first (the review replaces it).
READS: dict[str, tuple[tuple[str, str], ...]] = {"site": (("review", "review/index.html"),)}

Writer = Callable[..., list[Path]]


class ExporterMissing(LookupError):
    """The exporter's module is not in this checkout (yet)."""


def get(name: str) -> Writer:
    """The write function registered under `name`; ExporterMissing when its module does not exist."""
    try:
        target = EXPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown exporter {name!r}; known: {', '.join(EXPORTERS)}") from None
    module, _, attr = target.partition(":")
    try:
        mod: Any = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        # only "this module is not there"; a missing dependency *inside* it is a real error
        if exc.name and module.startswith(exc.name):
            raise ExporterMissing(f"exporter {name!r} not available: module {module} does not exist yet") from exc
        raise
    fn = getattr(mod, attr, None)
    if fn is None:
        raise ExporterMissing(f"exporter {name!r} not available: {module} has no {attr}()")
    return fn
