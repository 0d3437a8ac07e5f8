"""Deadline crunches: measures due per month per lead agency, and the per-quarter heat table.

A measure's deadline date is Measure.deadline (the last deadline printed when there are stages);
ongoing and undated measures have none. `deadline_crunch` is the networkx reference for
queries/deadline_crunch.cypher.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pandas as pd

from .graphview import in_edges, nodes, out_edges, quarter_of, where

CRUNCH_COLUMNS = ["month", "agency_id", "agency", "due", "measure_ids"]


def deadline_crunch(g: nx.MultiDiGraph, *, year: int = 0, min_due: int = 1) -> pd.DataFrame:
    """One row per (month, lead agency): how many of the agency's led measures (own or inherited
    lead) fall due that month; sorted by month, due desc, agency id."""
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mid, m in nodes(g, "Measure"):
        date = m.get("deadline")
        if not date:
            continue
        months = {d.get("month") for d, _ in ((g.nodes[v], e) for v, e in out_edges(g, mid, "DUE", "Deadline"))
                  if d.get("date") == date and (not year or d.get("year") == year)}
        for month in months:
            for aid, _ in in_edges(g, mid, "LEADS", "Agency"):
                cells[(month, aid)].add(mid)
    rows = [
        {"month": month, "agency_id": aid, "agency": g.nodes[aid].get("name"), "due": len(ms),
         "measure_ids": sorted(ms)}
        for (month, aid), ms in cells.items() if len(ms) >= min_due
    ]
    rows.sort(key=lambda r: (r["month"] or "", -r["due"], r["agency_id"]))
    return pd.DataFrame(rows, columns=CRUNCH_COLUMNS)


def busiest_months(g: nx.MultiDiGraph, *, year: int = 0) -> pd.DataFrame:
    """Per month: distinct measures due, distinct lead agencies with something due, the agency with
    most due; sorted by due desc, then month."""
    crunch = deadline_crunch(g, year=year)
    rows = []
    for month, part in crunch.groupby("month", sort=True):
        measures = sorted({m for ids in part["measure_ids"] for m in ids})
        top = part.sort_values(["due", "agency_id"], ascending=[False, True]).iloc[0]
        rows.append({"month": month, "due": len(measures), "agencies": len(part),
                     "top_agency": top["agency"], "top_agency_due": int(top["due"]),
                     "measure_ids": measures})
    rows.sort(key=lambda r: (-r["due"], r["month"]))
    return pd.DataFrame(rows, columns=["month", "due", "agencies", "top_agency", "top_agency_due", "measure_ids"])


def quarter_heat(g: nx.MultiDiGraph, *, jurisdiction: str | None = None) -> pd.DataFrame:
    """Agency × "YYYY-Qn" table of led measures due (own or inherited lead), plus "undated";
    rows sorted by total desc then agency id; each cell counts distinct measures."""
    cells: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for aid, a in nodes(g, "Agency"):
        if jurisdiction and a.get("jurisdiction") != jurisdiction:
            continue
        for mid, _ in out_edges(g, aid, "LEADS", "Measure"):
            date = g.nodes[mid].get("deadline")
            col = f"{date[:4]}-{quarter_of(date)}" if date and quarter_of(date) else "undated"
            cells[aid][col].add(mid)
    columns = sorted({c for per in cells.values() for c in per if c != "undated"})
    columns.append("undated")
    rows = []
    for aid, per in cells.items():
        row = {"id": aid, "name": g.nodes[aid].get("name")}
        row.update({c: len(per.get(c, ())) for c in columns})
        row["total"] = sum(len(v) for v in per.values())
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["id"]))
    return pd.DataFrame(rows, columns=["id", "name", *columns, "total"])


def due_sources(g: nx.MultiDiGraph, measure_ids) -> list[str]:
    """"source:line" of the deadline text behind each measure (its DUE edge for the deadline date)."""
    out = set()
    for mid in measure_ids:
        date = g.nodes[mid].get("deadline")
        for v, e in out_edges(g, mid, "DUE", "Deadline"):
            if g.nodes[v].get("date") == date:
                out.add(where(e))
    return sorted(s for s in out if s)
