"""networkx references for the stored queries: for each query in dutygraph/queries, a function of the
graph and the query's bound parameters giving the same rows (same columns, same meaning). The test
suite runs every query on LadybugDB and on a Bolt server and compares with these; analysts can use
them in notebooks as DataFrames.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

import networkx as nx
import pandas as pd

from . import bottlenecks, deadlines, load
from .graphview import columns_frame, in_edges, incidence, nodes, out_edges


def agency_portfolio(g: nx.MultiDiGraph, *, agency: str = "") -> pd.DataFrame:
    rows = []
    for aid, a in nodes(g, "Agency"):
        if agency and agency not in (aid, a.get("name")):
            continue
        for rel in ("LEADS", "SUPPORTS"):
            for mid, edge in out_edges(g, aid, rel, "Measure"):
                m = g._node[mid]
                role = "co" if rel == "SUPPORTS" else ("lead (inherited)" if edge.get("inherited") else "lead")
                rows.append({
                    "agency_id": aid, "agency": a.get("name"), "role": role, "measure_id": mid,
                    "plan": m.get("plan"), "number": m.get("number"), "title": m.get("title"),
                    "deadline": m.get("deadline"),
                    "platforms": sorted({g._node[p].get("name") for p, _ in out_edges(g, mid, "USES_PLATFORM", "Platform")}),
                    "source": edge.get("source"), "line": edge.get("line"), "mention": edge.get("mention"),
                })
    rows.sort(key=lambda r: (r["agency_id"], r["role"], r["measure_id"]))
    return pd.DataFrame(rows, columns=["agency_id", "agency", "role", "measure_id", "plan", "number", "title",
                                       "deadline", "platforms", "source", "line", "mention"])


def orphan_measures(g: nx.MultiDiGraph, *, kind: str = "measure") -> pd.DataFrame:
    ix = incidence(g)
    # = in_edges(g, mid, "LEADS", "Agency") (each lead agency once) and out_edges(g, mid, "DUE", "Deadline")
    leads_of, due = ix.lead_lists().get, ix.measures_due()
    collective = {aid for aid, a in ix.nodes("Agency") if a.get("collective") is True}.__contains__
    hits = []
    for mid, m in ix.nodes("Measure"):
        if kind and m.get("kind") != kind:
            continue
        lead_ids = leads_of(mid)
        no_lead = not lead_ids
        collective_only = not no_lead and all(map(collective, lead_ids))
        no_deadline = mid not in due
        if no_lead or collective_only or no_deadline:
            hits.append((mid, m, no_lead, collective_only, no_deadline))
    hits.sort(key=itemgetter(0))
    ms = [m for _, m, *_ in hits]
    return columns_frame({
        "measure_id": [h[0] for h in hits], "plan": [m.get("plan") for m in ms], "number": [m.get("number") for m in ms],
        "title": [m.get("title") for m in ms], "no_lead": [h[2] for h in hits],
        "collective_only": [h[3] for h in hits], "no_deadline": [h[4] for h in hits],
        "source": [m.get("source") for m in ms], "line": [m.get("line") for m in ms],
    }, ORPHAN_COLUMNS)


ORPHAN_COLUMNS = ["measure_id", "plan", "number", "title", "no_lead", "collective_only", "no_deadline", "source",
                  "line"]


def plan_overlap(g: nx.MultiDiGraph, *, min_plans: int = 2) -> pd.DataFrame:
    plans = dict(nodes(g, "Plan"))
    rows = []

    def add(kind: str, nid: str, measures: set[str]) -> None:
        in_plans = {m: g._node[m].get("plan") for m in measures if g._node[m].get("plan") in plans}
        plan_ids = sorted(set(in_plans.values()))
        if not plan_ids or len(plan_ids) < min_plans:
            return
        rows.append({"kind": kind, "id": nid, "name": g._node[nid].get("name"), "plans": len(plan_ids),
                     "jurisdictions": len({plans[p].get("jurisdiction") for p in plan_ids} - {None}),
                     "measures": len(in_plans), "plan_ids": plan_ids})

    for aid, _ in nodes(g, "Agency"):
        add("agency", aid, {m for rel in ("LEADS", "SUPPORTS") for m, _ in out_edges(g, aid, rel, "Measure")})
    for iid, _ in nodes(g, "Indicator"):
        add("indicator", iid, {m for m, _ in in_edges(g, iid, "UNDER", "Measure")})
    rows.sort(key=lambda r: (r["kind"], -r["plans"], r["id"]))
    return pd.DataFrame(rows, columns=["kind", "id", "name", "plans", "jurisdictions", "measures", "plan_ids"])


def _agency_load(g: nx.MultiDiGraph, *, jurisdiction: str = "", year: int = 0, collective: bool = True) -> pd.DataFrame:
    return load.agency_load(g, jurisdiction=jurisdiction or None, year=year or None,
                            collective=collective)[load.QUERY_COLUMNS]


REFERENCES: dict[str, Callable[..., pd.DataFrame]] = {
    "agency_load": _agency_load,
    "agency_portfolio": agency_portfolio,
    "shared_bottlenecks": bottlenecks.shared_bottlenecks,
    "platform_dependents": bottlenecks.platform_dependents,
    "deadline_crunch": deadlines.deadline_crunch,
    "deadline_months": deadlines.deadline_months,
    "co_unit_network": bottlenecks.co_unit_network,
    "orphan_measures": orphan_measures,
    "plan_overlap": plan_overlap,
}


def reference_rows(name: str, g: nx.MultiDiGraph, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows the stored query `name` must return on the graph `g` with bound `params`: a `limit`
    keeps the first rows in the query's `order:` (normalised values, as the runner returns them)."""
    params = dict(params)
    limit = params.pop("limit", None)
    frame = REFERENCES[name](g, **params)
    rows = [dict(zip(frame.columns, values)) for values in frame.itertuples(index=False, name=None)]
    if limit is None:
        return rows
    from ..queries.library import get, normalize_rows

    return normalize_rows(rows, get(name).order, limit)
