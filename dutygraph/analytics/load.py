"""Responsibility load per agency, and how concentrated it is.

The load index: every measure carries one unit of lead work, shared equally among its (joint) leads,
and half a unit of support work, shared equally among its co-units. An agency's load is the sum over
the measures it is named for. `agency_load` is also the networkx reference for queries/agency_load.cypher
(the query's columns first, then analytic extras).
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from ..graph.model import CO_WEIGHT, LEAD_WEIGHT  # the one definition of the load index's weights
from .graphview import Incidence, columns_frame, incidence, quarter_of


QUERY_COLUMNS = ["id", "name", "jurisdiction", "collective", "led", "inherited", "co", "load", "plans",
                 "q1", "q2", "q3", "q4", "undated"]
COLUMNS = QUERY_COLUMNS + ["lead_weight", "co_weight", "peak_month", "peak_month_due",
                           "measure_ids", "sources"]


def _plan_ids(ix: Incidence, year: int | None) -> set[str]:
    return {pid for pid, p in ix.nodes("Plan") if not year or p.get("year") == year}


def agency_load(g: nx.MultiDiGraph, *, jurisdiction: str | None = None, year: int | None = None,
                collective: bool = True) -> pd.DataFrame:
    """One row per agency named for at least one measure (of plans of `year`, when given), agencies
    of `jurisdiction` only when given, collective units (各县区政府…) only when `collective`;
    sorted by load desc, then id.

    led / inherited: measures it leads on their own text / by inheritance from a heading;
    co: measures it co-supports; load = lead_weight + co_weight (see module doc);
    q1..q4 / undated: its led measures by calendar quarter of the deadline date;
    peak_month(_due): the month with most of its led measures due (deadline density);
    measure_ids / sources: the measures and printed responsibility lines behind the numbers."""
    ix = incidence(g)
    # a measure's distinct leads / co-units (counted once per measure, not rescanned by each of them)
    rows = _agency_rows(ix, g._node, _plan_ids(ix, year), ix.lead_lists(), ix.co_lists(), jurisdiction, collective)
    rows.sort(key=lambda r: (-round(r[7], 9), r[0]))  # by load desc, then id
    return columns_frame(dict(zip(COLUMNS, map(list, zip(*rows)))), COLUMNS)


def _agency_rows(ix: Incidence, node: dict[str, dict[str, Any]], plans: set[str], n_leads: dict[str, list[str]],
                 n_co: dict[str, list[str]], jurisdiction: str | None, collective: bool) -> list[tuple]:
    """agency_load's rows (a tuple of values in COLUMNS order per agency), unsorted: `plans` the plans of the
    year asked for, `n_leads` / `n_co` each measure's leads / co-units (typed by load.pxd when compiled: its
    dicts' and sets' lookups are direct C calls, ~300k at 1,000 documents)."""
    rows = []
    led_of, supported_of = ix.led_edges(), ix.supported_edges()
    quarter: dict[Any, str] = {}  # deadline date -> quarter_of(date) or "undated"
    for aid, a in ix.nodes("Agency"):
        if jurisdiction and a.get("jurisdiction") != jurisdiction:
            continue
        if not collective and a.get("collective"):
            continue
        led = inherited = co = 0
        lead_weight = co_weight = 0.0
        quarters: dict[str, int] = {}  # (plain dicts: a Counter's missing key is a Python-level call)
        months: dict[str, int] = {}
        measure_ids: set[str] = set()
        sources: set[str] = set()  # where(edge) of each edge with a source (where() is "" without one)
        plan_set: set[str] = set()
        for mid, edge in led_of.get(aid, ()):  # = out_edges(g, aid, "LEADS", "Measure")
            m = node[mid]
            plan = m.get("plan")
            if plan not in plans:
                continue
            if edge.get("inherited"):
                inherited += 1
            else:
                led += 1
            lead_weight += LEAD_WEIGHT / len(n_leads[mid])
            date = m.get("deadline")
            q = quarter.get(date)
            if q is None:
                q = quarter[date] = quarter_of(date) or "undated"
            quarters[q] = quarters.get(q, 0) + 1
            if date:
                month = date[:7]
                months[month] = months.get(month, 0) + 1
            measure_ids.add(mid)
            source = edge.get("source")
            if source:  # = where(edge), inline: ~1M edges at 10k documents
                line = edge.get("line")
                sources.add(f"{source}:{line}" if line else str(source))
            plan_set.add(plan)
        for mid, edge in supported_of.get(aid, ()):  # = out_edges(g, aid, "SUPPORTS", "Measure")
            m = node[mid]
            plan = m.get("plan")
            if plan not in plans:
                continue
            co += 1
            co_weight += CO_WEIGHT / len(n_co[mid])
            measure_ids.add(mid)
            source = edge.get("source")
            if source:  # = where(edge)
                line = edge.get("line")
                sources.add(f"{source}:{line}" if line else str(source))
            plan_set.add(plan)
        if led + inherited + co == 0:
            continue
        peak_month, peak_due = (min(months.items(), key=_peak_key) if months else ("", 0))
        rows.append((  # a row's values in COLUMNS order (the frame is built from columns, not a dict per row)
            aid, a.get("name"), a.get("jurisdiction"), bool(a.get("collective")), led, inherited, co,
            lead_weight + co_weight, len(plan_set), quarters.get("Q1", 0), quarters.get("Q2", 0),
            quarters.get("Q3", 0), quarters.get("Q4", 0), quarters.get("undated", 0), lead_weight, co_weight,
            peak_month, peak_due, sorted(measure_ids), sorted(sources)))
    return rows


def _peak_key(kv: tuple[str, int]) -> tuple[int, str]:
    """The month with most led measures due first, then the earliest."""
    return -kv[1], kv[0]


def gini(values) -> float:
    """Gini coefficient of non-negative values (0 = evenly spread, → 1 = all on one)."""
    xs = sorted(float(v) for v in values)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum(i * x for i, x in enumerate(xs, 1))
    return 2 * weighted / (n * total) - (n + 1) / n


def concentration(load: pd.DataFrame, *, top: int = 5, column: str = "lead_weight") -> dict[str, float]:
    """How concentrated lead work is: the share held by the `top` agencies and the Gini coefficient,
    over the agencies in `load` (a frame from agency_load)."""
    return concentration_of(load[column].astype(float).tolist() if len(load) else [], top=top)


def concentration_of(values: list[float], *, top: int = 5) -> dict[str, float]:
    """concentration() of the agencies whose values (lead weights, in the frame's order) these are."""
    total = sum(values)
    top_sum = sum(sorted(values, reverse=True)[:top])
    return {
        "agencies": len(values),
        "total": total,
        f"top{top}_share": (top_sum / total) if total else 0.0,
        "gini": gini(values),
    }
