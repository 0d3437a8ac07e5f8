"""`dutygraph review DOCS_OR_OUT… --out DIR`: the load-balancing review (HTML + XLSX + CSV).

Inputs are documents (files or folders of plans: extracted on the fly) or `dutygraph build` output
folders (their graph.json is read back), in any mix."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import DutygraphError


def _graph_file(path: Path) -> Path | None:
    if path.is_file() and path.name == "graph.json":
        return path
    if path.is_dir() and (path / "graph.json").is_file():
        return path / "graph.json"
    return None


def load_graph(inputs: tuple[str, ...], *, include_people: bool = False, jobs: int = 1):
    """One graph from build outputs and/or documents; per-file extraction errors are returned."""
    import networkx as nx

    graphs = []
    docs: list[str] = []
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise DutygraphError("no such file or folder", path=item)
        graph_file = _graph_file(path)
        if graph_file is not None:
            from ..exports.graphml import read_json

            graphs.append(read_json(graph_file))
        else:
            docs.append(item)
    errors: list[str] = []
    if docs:
        from ..api import extract_paths, graph_from_batch

        batch = extract_paths(docs, jobs=jobs)
        errors = list(batch.errors)
        graphs.append(graph_from_batch(batch, include_people=include_people))
    if not graphs:
        return nx.MultiDiGraph(), errors
    return (graphs[0] if len(graphs) == 1 else nx.compose_all(graphs)), errors


@click.command("review")
@click.argument("inputs", nargs=-1, required=True, metavar="DOCS_OR_OUT…")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write review/ into.")
@click.option("--jobs", default=1, show_default=True, help="Extraction worker processes (documents only).")
@click.option("--slip", "slip", multiple=True, metavar="PLATFORM",
              help="Add tables on what a delay of this platform (name or alias, e.g. 赣服通) would hit; repeatable.")
@click.option("--months", default=1, show_default=True, type=click.IntRange(1, 120), help="Months of delay for --slip.")
def review(inputs: tuple[str, ...], out_dir: str, jobs: int, slip: tuple[str, ...], months: int) -> None:
    """Write the load-balancing review to OUT/review/: index.html (offline, Chinese), review.xlsx, one CSV per table."""
    from ..analytics import review as review_mod

    graph, errors = load_graph(inputs, jobs=jobs)
    for err in errors:
        click.echo(f"dutygraph: error: {err}", err=True)
    paths = review_mod.write(graph, Path(out_dir), slip=slip, slip_months=months)
    click.echo(f"wrote {len(paths)} files to {Path(out_dir) / review_mod.REVIEW_DIR}")
    if errors:
        raise SystemExit(1)
