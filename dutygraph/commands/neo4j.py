"""`dutygraph neo4j push --uri bolt://… --user … [--database …] [--batch-size N] OUT_DIR_OR_DOCS…`

The password comes from $DUTYGRAPH_NEO4J_PASSWORD (or $NEO4J_PASSWORD) or a hidden prompt; it is
never an option (it would sit in shell history and `ps`), never echoed, never logged.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from ..errors import StoreError

PASSWORD_ENVS = ("DUTYGRAPH_NEO4J_PASSWORD", "NEO4J_PASSWORD")


def _password(user: str | None) -> str:
    for name in PASSWORD_ENVS:
        if name in os.environ:
            return os.environ[name]
    return click.prompt(f"Password for {user or 'the Bolt server'} (or set ${PASSWORD_ENVS[0]})",
                        hide_input=True, default="", show_default=False, err=True)


def _graph(inputs: tuple[Path, ...], *, include_people: bool, jobs: int):
    builds = [p for p in inputs if p.is_dir() and (p / "graph.json").is_file()]
    if builds:
        if len(inputs) > 1:
            raise StoreError("give one build directory (with graph.json) or documents, not both",
                             path=str(builds[0]))
        from ..exports.graphml import read_json

        return read_json(builds[0] / "graph.json")
    from ..api import extract_paths, graph_from_batch

    batch = extract_paths(inputs, jobs=jobs)
    for err in batch.errors:
        click.echo(f"dutygraph: error: {err}", err=True)
    return graph_from_batch(batch, include_people=include_people)


@click.group()
def neo4j() -> None:
    """Neo4j (any Bolt server): push the knowledge graph."""


@neo4j.command()
@click.option("--uri", required=True, help="Bolt URI, e.g. bolt://localhost:7687 or neo4j+s://….")
@click.option("--user", default="neo4j", show_default=True, help="User name.")
@click.option("--database", default=None, help="Target database (default: the server's default).")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1),
              help="Rows per UNWIND … MERGE statement.")
@click.option("--retries", default=5, show_default=True, type=click.IntRange(0),
              help="Reconnect attempts per statement (exponential back-off) before giving up.")
@click.option("--include-people", is_flag=True, help="Push roster names/phones unmasked (documents only).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1), help="Extraction processes.")
@click.option("-v", "--verbose", is_flag=True, help="Log driver traffic to stderr (credentials masked).")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def push(uri: str, user: str, database: str | None, batch_size: int, retries: int, include_people: bool,
         jobs: int, verbose: bool, inputs: tuple[Path, ...]) -> None:
    """Push a build (a `dutygraph build --out` directory) or documents to a Bolt server: constraints or
    indexes first, then nodes and relationships in batched MERGEs. Idempotent: run it again after a
    failure to complete the graph. Password: $DUTYGRAPH_NEO4J_PASSWORD, $NEO4J_PASSWORD, or a prompt."""
    from ..neo4j import push as do_push

    if verbose:
        logging.basicConfig(stream=sys.stderr, level=logging.DEBUG, format="%(name)s: %(message)s")
    else:
        logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="dutygraph: %(message)s")
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)  # its retries are reported by ours
    password = _password(user)
    graph = _graph(inputs, include_people=include_people, jobs=jobs)

    def progress(step: str, done: int, total: int) -> None:
        if done == total:
            click.echo(f"  {step}: {total}", err=True)

    report = do_push(graph, uri, user, password, database=database, batch_size=batch_size, retries=retries,
                     on_batch=progress)
    click.echo(f"pushed to {uri}" + (f" database {database}" if database else "")
               + f" ({report.agent}, {report.dialect} dialect): {report.batches} batches"
               + (f" + {report.pieces} pieces" if report.pieces else "")
               + (f", {report.retries} retries" if report.retries else ""))
    for note in report.notes:
        click.echo(f"  note: {note}")
    for name, n in {**report.nodes, **report.rels}.items():
        click.echo(f"  {name:<14}{n:>8}")
