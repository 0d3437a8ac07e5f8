"""The Python API for notebooks: files in, graph (and friends) out.

    from dutygraph.api import graph_from_paths
    G = graph_from_paths(["data/plans"])
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from . import records


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files as given, directories expanded to their files (sorted, hidden files skipped)."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(str(f) for f in sorted(path.rglob("*"))
                       if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts))
        else:
            out.append(str(path))
    return out


def extract_paths(paths: Iterable[str | Path], *, jobs: int = 1) -> records.BatchResult:
    """Run the extraction pipeline over files and directories (per-file errors collected)."""
    from .extract.pipeline import extract_paths as _extract

    return _extract(expand_paths(paths), jobs=jobs)


def graph_from_batch(batch: records.BatchResult, *, include_people: bool = False) -> nx.MultiDiGraph:
    from .graph.model import build_graph

    return build_graph(batch, include_people=include_people)


def graph_from_paths(paths: Iterable[str | Path], *, include_people: bool = False, jobs: int = 1) -> nx.MultiDiGraph:
    """Extract the files (directories expanded) and build the knowledge graph."""
    return graph_from_batch(extract_paths(paths, jobs=jobs), include_people=include_people)
