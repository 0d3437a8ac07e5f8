"""`dutygraph synth`: write a seeded synthetic corpus (documents + ground truth) for benchmarks."""

from __future__ import annotations

import sys

import click

from .. import synth as synth_mod


@click.command("synth")
@click.option("--docs", "docs", default="1k", show_default=True,
              help="How many documents: a number or 1k / 10k / 100k.")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Corpus seed: the same size and seed always give byte-identical files.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Output folder (docs/<shard>/…, truth.jsonl, docs.jsonl, paths.txt, manifest.json).")
@click.option("--clean", is_flag=True, help="No damage patterns (for extraction-accuracy baselines).")
@click.option("--force", is_flag=True, help="Replace a non-empty output folder.")
def synth(docs: str, seed: int, out: str, clean: bool, force: bool) -> None:
    """Generate a synthetic corpus of action plans with the expected lead/co/deadline per measure."""
    n = synth_mod.parse_size(docs)
    with click.progressbar(length=n, label="synth", file=sys.stderr) as bar:
        summary = synth_mod.write_corpus(out, n, seed, clean=clean, force=force, progress=bar.update)
    fmts = ", ".join(f"{k} {v}" for k, v in summary.formats.items())
    click.echo(f"{summary.docs} documents ({fmts}), {summary.measures} measures, "
               f"{summary.bytes / 1e6:.2f} MB -> {summary.out}")
