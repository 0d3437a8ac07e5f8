"""`dutygraph aliases review FILE…`: every agency merge and every unresolved near-miss, for a person.

Extracts the files, re-reads every unit mention (measure leads/co-units, section headings, task-force
rosters) through the plan's Resolver and prints
  MERGES      canonical name <- each distinct mention (how it was resolved, count, files);
  UNRESOLVED  mentions no alias or pattern matched, with the nearest known names;
  NEAR-MISSES names resolved only by pattern (not in data/agencies.toml) that are close to a known
              name (small edit distance or a shared core) — candidates for a new alias line.
Plain text by default, `--format json` for tools. Output is sorted and deterministic.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import click

from dutygraph.extract.resolve import Resolution, Resolver, alias_table
from dutygraph.loaders.normalize import normalize
from dutygraph.records import BatchResult, Jurisdiction

_SUFFIX = re.compile(r"(?:管理局|监督管理局|委员会|办公室|中心|分局|局|委|办|集团|公司)$")


@dataclass
class _Seen:
    how: str
    base: str
    count: int = 0
    files: set[str] = field(default_factory=set)


def _edit_distance(a: str, b: str, limit: int = 3) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _core(name: str) -> str:
    return _SUFFIX.sub("", name)


def near_misses(base: str, known: list[str], *, limit: int = 3) -> list[str]:
    """Known alias/canonical base names close to `base` (edit distance <= 2 or a shared core)."""
    if not base:
        return []
    core = _core(base)
    scored: list[tuple[int, str]] = []
    allowed = 1 if len(base) <= 4 else 2
    for k in known:
        d = _edit_distance(base, k)
        kc = _core(k)
        shared = len(core) >= 2 and len(kc) >= 2 and (core in kc or kc in core)
        if d <= allowed or shared:
            scored.append((d if d <= allowed else 3, k))
    return [k for _, k in sorted(scored)[:limit]]


def _unit_mentions(batch: BatchResult) -> list[tuple[Jurisdiction, str, str]]:
    """(plan jurisdiction, mention, doc) for every unit mention in the batch."""
    out: list[tuple[Jurisdiction, str, str]] = []
    for res in batch.results:
        plans = {p.key: p for p in res.plans}
        for m in res.measures:
            plan = plans.get(m.plan)
            if plan is None:
                continue
            for u in (*m.lead, *m.co):
                out.append((plan.jurisdiction, u.mention, m.doc))
        for s in res.sections:
            plan = plans.get(s.plan)
            if plan is not None:
                out.extend((plan.jurisdiction, u.mention, s.doc) for u in s.lead)
        for tf in res.task_forces:
            plan = plans.get(tf.plan)
            if plan is not None:
                out.extend((plan.jurisdiction, u.mention, tf.doc) for u in (*tf.lead, *tf.members))
    return out


def review(batch: BatchResult) -> dict[str, Any]:
    """The review as plain data: merges, unresolved mentions, near-misses (all sorted)."""
    resolvers: dict[Jurisdiction, Resolver] = {}
    seen: dict[tuple[str, str, str], _Seen] = {}  # (canonical, mention, jurisdiction) -> stats
    for jur, mention, doc in _unit_mentions(batch):
        resolver = resolvers.get(jur)
        if resolver is None:
            resolver = resolvers[jur] = Resolver(jur)
        r: Resolution = resolver.explain(mention)
        key = (r.ref.name, mention, jur.name)
        s = seen.get(key)
        if s is None:
            s = seen[key] = _Seen(how=r.how, base=r.base)
        s.count += 1
        s.files.add(doc)

    known = sorted(alias_table().base)
    by_canonical: dict[str, list[tuple[str, _Seen, str]]] = defaultdict(list)
    unresolved: list[dict[str, Any]] = []
    near: list[dict[str, Any]] = []
    for (name, mention, jur), s in sorted(seen.items()):
        row = {"mention": mention, "how": s.how, "count": s.count, "files": sorted(s.files), "plan_jurisdiction": jur}
        if s.how in ("unresolved", "redacted"):
            unresolved.append({**row, "name": name, "near": near_misses(normalize(s.base or mention), known)})
            continue
        by_canonical[name].append((mention, s, jur))
        if s.how == "pattern":
            cands = near_misses(s.base, known)
            if cands:
                near.append({**row, "name": name, "near": cands})
    merges = []
    for name, rows in sorted(by_canonical.items()):
        mentions = {m for m, _, _ in rows}
        # a merge: several printed forms, or one form that differs from the canonical name
        if len(mentions) > 1 or any(normalize(m).replace(" ", "") != name for m in mentions):
            merges.append(
                {
                    "name": name,
                    "mentions": [
                        {"mention": m, "how": s.how, "count": s.count, "files": sorted(s.files)}
                        for m, s, _ in sorted(rows, key=lambda t: (-t[1].count, t[0]))
                    ],
                }
            )
    return {"merges": merges, "unresolved": unresolved, "near_misses": near}


def render_text(data: dict[str, Any]) -> str:
    lines: list[str] = []
    lines.append(f"MERGES ({len(data['merges'])} canonical agencies)")
    for m in data["merges"]:
        lines.append(f"  {m['name']}")
        for x in m["mentions"]:
            lines.append(f"    <- {x['mention']}  [{x['how']}] x{x['count']}  {', '.join(x['files'])}")
    lines.append("")
    lines.append(f"UNRESOLVED ({len(data['unresolved'])} mentions)")
    for u in data["unresolved"]:
        near = f"  near: {', '.join(u['near'])}" if u["near"] else ""
        lines.append(f"  {u['mention']}  [{u['how']}] x{u['count']}  {', '.join(u['files'])}{near}")
    lines.append("")
    lines.append(f"NEAR-MISSES ({len(data['near_misses'])} pattern-only names close to a known one)")
    for u in data["near_misses"]:
        lines.append(
            f"  {u['mention']} -> {u['name']} x{u['count']}  {', '.join(u['files'])}  near: {', '.join(u['near'])}"
        )
    return "\n".join(lines) + "\n"


@click.group(name="aliases")
def aliases() -> None:
    """Review how agency names were merged through data/agencies.toml."""


@aliases.command(name="review")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Plain text for people, JSON for tools.")
@click.option("--jobs", type=int, default=1, show_default=True, help="Files extracted in parallel.")
def review_command(files: tuple[str, ...], fmt: str, jobs: int) -> None:
    """Print every merge (mention -> canonical, count, files) and every unresolved near-miss."""
    from dutygraph.commands.extract import expand_paths
    from dutygraph.extract.pipeline import extract_paths

    paths, errors = expand_paths(files)
    for e in errors:
        click.echo(f"dutygraph: error: {e}", err=True)
    batch = extract_paths(paths, jobs=jobs)
    for e in batch.errors:
        click.echo(f"dutygraph: error: {e}", err=True)
    data = review(batch)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        click.echo(render_text(data), nl=False)
    if not batch.results:
        raise SystemExit(1)
