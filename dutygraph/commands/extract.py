"""`dutygraph extract FILE…`: measures as JSON Lines (the scored contract), one per line.

stdout carries only records; every error or warning is one line on stderr naming the file.
Exit code 0 when at least one file extracted, 1 when every file failed. People from rosters are
never printed here (personal data).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from dutygraph.errors import DutygraphError
from dutygraph.records import BatchResult, Deadline, Measure, Plan

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


def records(batch: BatchResult, *, full: bool = False) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for result in batch.results:
        plans = {p.key: p for p in result.plans}
        for m in result.measures:
            out.append(full_record(m, plans.get(m.plan)) if full else m.contract())
    return out


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one measure per line; json: one list of measures.",
)
@click.option("--full", is_flag=True, help="Add plan, jurisdiction, targets, indicator, all deadlines and the clause.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
def extract(paths: tuple[str, ...], fmt: str, full: bool, jobs: int) -> None:
    """Read plans (FILE or DIRECTORY …) and print their measures as JSON."""
    from dutygraph.extract.pipeline import extract_paths

    files, arg_errors = expand_paths(paths)
    for line in arg_errors:
        click.echo(f"dutygraph: error: {line}", err=True)
    if not files:
        raise DutygraphError("no input files")
    batch = extract_paths(files, jobs=jobs)
    for line in batch.errors:
        click.echo(f"dutygraph: error: {line}", err=True)
    for result in batch.results:
        for w in result.warnings:
            click.echo(f"dutygraph: warning: {w}", err=True)
    recs = records(batch, full=full)
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(recs, ensure_ascii=False, indent=1) + "\n")
    else:
        for rec in recs:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out.flush()
    if not batch.results:
        sys.exit(1)
