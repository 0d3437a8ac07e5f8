"""Deadline crunches: measures due per month per lead agency, and the per-quarter heat table.

A measure's deadline date is Measure.deadline (the last deadline printed when there are stages);
ongoing and undated measures have none. `deadline_crunch` is the networkx reference for
queries/deadline_crunch.cypher.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import pandas as pd

from .graphview import columns_frame, incidence, out_edges, quarter_of, where

CRUNCH_COLUMNS = ["month", "agency_id", "agency", "due", "measure_ids"]


def deadline_crunch(g: nx.MultiDiGraph, *, year: int = 0, min_due: int = 1) -> pd.DataFrame:
    """One row per (month, lead agency): how many of the agency's led measures (own or inherited
    lead) fall due that month; sorted by month, due desc, agency id."""
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    ix = incidence(g)
    leads_of = ix.lead_lists().get
    for mid, months in ix.dated_measures(year):  # its deadline date's months (via DUE edges), within `year`
        lead_ids = leads_of(mid, ())  # = in_edges(g, mid, "LEADS", "Agency")
        for month in months:
            for aid in lead_ids:
                cells[(month, aid)].add(mid)
    rows = [
        {"month": month, "agency_id": aid, "agency": g._node[aid].get("name"), "due": len(ms),
         "measure_ids": sorted(ms)}
        for (month, aid), ms in cells.items() if len(ms) >= min_due
    ]
    rows.sort(key=lambda r: (r["month"] or "", -r["due"], r["agency_id"]))
    return pd.DataFrame(rows, columns=CRUNCH_COLUMNS)


def deadline_months(g: nx.MultiDiGraph, *, year: int = 0) -> pd.DataFrame:
    """Per month: measures whose deadline date falls in it (led or not), distinct lead agencies of
    those measures, the measure ids; sorted by due desc, then month (reference of the
    deadline_months query)."""
    by_month: dict[str, set[str]] = defaultdict(set)
    ix = incidence(g)
    for mid, months in ix.dated_measures(year):
        for month in months:
            by_month[month].add(mid)
    leads = ix.lead_lists().get  # = in_edges(g, m, "LEADS", "Agency") of each measure
    rows = [{"month": month, "due": len(ms), "agencies": len({a for m in ms for a in leads(m, ())}),
             "measure_ids": sorted(ms)} for month, ms in by_month.items()]
    rows.sort(key=lambda r: (-r["due"], r["month"] or ""))
    return pd.DataFrame(rows, columns=["month", "due", "agencies", "measure_ids"])


def busiest_months(g: nx.MultiDiGraph, *, year: int = 0, crunch: pd.DataFrame | None = None) -> pd.DataFrame:
    """deadline_months plus, per month, the lead agency with most measures due in it (`crunch`: a
    deadline_crunch(g, year=year) frame already at hand)."""
    months = deadline_months(g, year=year)
    crunch = deadline_crunch(g, year=year) if crunch is None else crunch
    best: dict[str, tuple[int, str, str]] = {}  # month -> (-due, agency id, agency): the first by due desc, id
    for month, aid, name, due in zip(crunch["month"].tolist(), crunch["agency_id"].tolist(),
                                     crunch["agency"].tolist(), crunch["due"].tolist()):
        key = (-int(due), aid, name)
        if month not in best or key[:2] < best[month][:2]:
            best[month] = key
    tops = [best[m][2] if m in best else None for m in months["month"].tolist()]
    top_dues = [-best[m][0] if m in best else 0 for m in months["month"].tolist()]
    months.insert(3, "top_agency", tops)
    months.insert(4, "top_agency_due", top_dues)
    return months


def quarter_heat(g: nx.MultiDiGraph, *, jurisdiction: str | None = None) -> pd.DataFrame:
    """Agency × "YYYY-Qn" table of led measures due (own or inherited lead), plus "undated";
    rows sorted by total desc then agency id; each cell counts distinct measures."""
    cells: dict[str, dict[str, set[str]]] = {}  # agency -> column -> its led measures
    column_of: dict[Any, str] = {}  # deadline date -> its column
    node = g._node
    ix = incidence(g)
    led_of = ix.led_edges()
    for aid, a in ix.nodes("Agency"):
        if jurisdiction and a.get("jurisdiction") != jurisdiction:
            continue
        led = led_of.get(aid)  # = out_edges(g, aid, "LEADS", "Measure"), None for none
        if not led:
            continue
        per = cells[aid] = {}
        for mid, _ in led:
            date = node[mid].get("deadline")
            col = column_of.get(date)
            if col is None:
                quarter = quarter_of(date) if date else None
                col = column_of[date] = f"{date[:4]}-{quarter}" if quarter else "undated"
            ms = per.get(col)
            if ms is None:
                per[col] = {mid}
            else:
                ms.add(mid)
    columns = sorted({c for per in cells.values() for c in per if c != "undated"})
    columns.append("undated")
    index = {c: j for j, c in enumerate(columns)}
    total = {aid: sum(len(v) for v in per.values()) for aid, per in cells.items()}
    order = sorted(cells, key=lambda aid: (-total[aid], aid))  # rows by total desc, then agency id
    counts = []  # per row, the count of each column
    for aid in order:
        row = [0] * len(columns)
        for c, ms in cells[aid].items():
            row[index[c]] = len(ms)
        counts.append(row)
    frame = {"id": order, "name": [node[aid].get("name") for aid in order]}
    frame.update(zip(columns, map(list, zip(*counts))) if counts else ((c, []) for c in columns))
    frame["total"] = [total[aid] for aid in order]
    frame["measure_ids"] = [sorted({m for v in cells[aid].values() for m in v}) for aid in order]
    return columns_frame(frame, ["id", "name", *columns, "total", "measure_ids"])


def due_sources(g: nx.MultiDiGraph, measure_ids) -> list[str]:
    """"source:line" of the deadline text behind each measure (its DUE edge for the deadline date)."""
    out = set()
    for mid in measure_ids:
        date = g._node[mid].get("deadline")
        for v, e in out_edges(g, mid, "DUE", "Deadline"):
            if g._node[v].get("date") == date:
                out.add(where(e))
    return sorted(s for s in out if s)
