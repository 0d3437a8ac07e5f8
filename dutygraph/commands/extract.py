"""`dutygraph extract FILE…`: measures as JSON Lines (the scored contract), one per line.

Streams: each document's records are written as its result arrives, in input order (with --jobs
too), and then dropped. stdout (or --output FILE) carries only records; every error or warning is
one line on stderr naming the file.
Exit code 0 when at least one file extracted, 1 when every file failed. People from rosters are
never printed here (personal data).
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from dutygraph.errors import DutygraphError
from dutygraph.records import Deadline, DocResult, Measure, Plan

# What a directory argument expands to.
DOCUMENT_SUFFIXES = (".txt", ".docx", ".html", ".htm")


def expand_paths(args: tuple[str, ...] | list[str]) -> tuple[list[str], list[str]]:
    """Files to read (directories expanded, sorted) and one-line errors for missing arguments."""
    files: list[str] = []
    errors: list[str] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found = sorted(
                str(c) for c in p.iterdir() if c.is_file() and c.suffix.lower() in DOCUMENT_SUFFIXES
            )
            if not found:
                errors.append(f"{arg}: no .txt/.docx/.html files in this directory")
            files.extend(found)
        elif p.exists():
            files.append(str(p))
        else:
            errors.append(f"{arg}: no such file or directory")
    return files, errors


def _deadline(d: Deadline | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"raw": d.raw, "date": d.date, "kind": d.kind}


def full_record(m: Measure, plan: Plan | None) -> dict[str, Any]:
    """The contract plus plan, jurisdiction, targets, indicator, every deadline and the clause."""
    rec = m.contract()
    rec.update(
        {
            "plan": m.plan,
            "plan_title": plan.title if plan else "",
            "jurisdiction": plan.jurisdiction.name if plan else "",
            "section_path": list(m.section_path),
            "targets": list(m.targets),
            "indicator": m.indicator,
            "deadlines": [_deadline(d) for d in m.deadlines],
            "responsibility": m.responsibility,
            "responsibility_line": m.responsibility_line,
            "lead_detail": [_unit(u) for u in m.lead],
            "co_detail": [_unit(u) for u in m.co],
            "span": list(m.span),
        }
    )
    return rec


def _unit(u) -> dict[str, Any]:
    return {
        "name": u.name,
        "mention": u.mention,
        "collective": u.collective,
        "jurisdiction": u.jurisdiction,
        "resolved": u.resolved,
    }


def result_records(result: DocResult, *, full: bool = False) -> Iterator[dict[str, Any]]:
    """One document's records, in order."""
    plans = {p.key: p for p in result.plans} if full else {}
    for m in result.measures:
        yield full_record(m, plans.get(m.plan)) if full else m.contract()


def write_records(
    out: TextIO,
    outcomes: Iterable[tuple[str, DocResult | None, str | None]],
    *,
    fmt: str = "jsonl",
    full: bool = False,
) -> int:
    """Write each document's records as its outcome arrives; returns how many files extracted.

    Errors go to stderr as they come (one line naming the file); warnings are kept (a few short
    lines) and follow them at the end, so stderr reads as it always has: every error, then every
    warning, each in input order. --format json streams too: the same bytes as
    `json.dumps(all_records, ensure_ascii=False, indent=1)`, written one record at a time."""
    warnings: list[str] = []
    extracted = 0
    first = True
    for _path, result, error in outcomes:
        if error is not None:
            click.echo(f"dutygraph: error: {error}", err=True)
            continue
        if result is None:
            continue
        extracted += 1
        warnings.extend(result.warnings)
        if fmt == "json":
            for rec in result_records(result, full=full):
                # an element of a list dumped with indent=1: each of its lines one space further in
                # (no JSON string holds a raw newline, so every "\n" is between tokens)
                element = json.dumps(rec, ensure_ascii=False, indent=1).replace("\n", "\n ")
                out.write(("[\n " if first else ",\n ") + element)
                first = False
        else:
            out.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in result_records(result, full=full))
    if fmt == "json":
        out.write("[]\n" if first else "\n]\n")
    out.flush()
    for w in warnings:
        click.echo(f"dutygraph: warning: {w}", err=True)
    return extracted


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one measure per line; json: one list of measures. Both are written as each document is read.",
)
@click.option("--full", is_flag=True, help="Add plan, jurisdiction, targets, indicator, all deadlines and the clause.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to FILE instead of stdout: written to a temp file beside it and renamed into place at the "
    "end, so FILE is never half-written (an interrupted run leaves it as it was; a killed run's temp file "
    "is removed by the next run).",
)
def extract(paths: tuple[str, ...], fmt: str, full: bool, jobs: int, output: str | None) -> None:
    """Read plans (FILE or DIRECTORY …) and print their measures as JSON.

    Streams: each document's records are written as soon as it is read (in input order, also with
    --jobs), so memory stays bounded however many documents there are."""
    from dutygraph.extract.pipeline import iter_extract

    files, arg_errors = expand_paths(paths)
    for line in arg_errors:
        click.echo(f"dutygraph: error: {line}", err=True)
    if not files:
        raise DutygraphError("no input files")
    # a worker process that dies is said at once (the files it was reading are read again)
    outcomes = iter_extract(files, jobs=jobs, notify=lambda msg: click.echo(f"dutygraph: warning: {msg}", err=True))
    with contextlib.closing(outcomes):  # stopped early (a closed pipe, Ctrl-C): its workers end at once
        if output is None:
            extracted = write_records(sys.stdout, outcomes, fmt=fmt, full=full)
        else:
            from dutygraph.exports.atomic import open_output

            with _terminate_unwinds(), open_output(Path(output)) as fh:
                extracted = write_records(fh, outcomes, fmt=fmt, full=full)
    if not extracted:
        sys.exit(1)


@contextlib.contextmanager
def _terminate_unwinds() -> Iterator[None]:
    """SIGTERM raises (like Ctrl-C) inside the block, so the temp file is removed on the way out."""
    def raise_exit(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, raise_exit)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
