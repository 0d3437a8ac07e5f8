"""The Python API for notebooks: files in, graph (and friends) out.

    from dutygraph.api import graph_from_paths
    G = graph_from_paths(["data/plans"])
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from . import records


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[str], list[str]]:
    """Files to read and one-line errors. Files are kept as given; a directory expands to the
    documents directly inside it with a suffix the loaders know (sorted; hidden files skipped)."""
    from .loaders import FORMATS

    files: list[str] = []
    errors: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(str(f) for f in path.iterdir()
                           if f.is_file() and not f.name.startswith(".") and f.suffix.lower() in FORMATS)
            if not found:
                errors.append(f"{p}: no documents ({', '.join(sorted(FORMATS))}) in this directory")
            files.extend(found)
        elif path.exists():
            files.append(str(path))
        else:
            errors.append(f"{p}: no such file or directory")
    return files, errors


def extract_paths(paths: Iterable[str | Path], *, jobs: int = 1) -> records.BatchResult:
    """Run the extraction pipeline over files and directories (per-file errors collected)."""
    from .extract.pipeline import extract_paths as _extract

    files, errors = expand_paths(paths)
    batch = _extract(files, jobs=jobs)
    batch.errors[:0] = errors
    return batch


def graph_from_batch(batch: records.BatchResult, *, include_people: bool = False) -> nx.MultiDiGraph:
    from .graph.model import build_graph

    return build_graph(batch, include_people=include_people)


def graph_from_paths(paths: Iterable[str | Path], *, include_people: bool = False, jobs: int = 1) -> nx.MultiDiGraph:
    """Extract the files (directories expanded) and build the knowledge graph. Files that could not
    be read are listed (one line each) in `G.graph["errors"]`, extraction warnings in `G.graph["warnings"]`."""
    batch = extract_paths(paths, jobs=jobs)
    graph = graph_from_batch(batch, include_people=include_people)
    graph.graph["errors"] = list(batch.errors)
    graph.graph["warnings"] = [w for r in batch.results for w in r.warnings]
    return graph
