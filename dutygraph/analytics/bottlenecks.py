"""Bottlenecks: the agencies and platforms many measures hang on.

- `collaboration_projection`: agency–agency graph, an edge per pair named on the same measure
  (lead or co-unit), weighted by shared measures (the networkx side of queries/co_unit_network.cypher).
- `agency_centrality`: degree, weighted degree and betweenness in that projection, and whether the
  agency is an articulation point (removing it splits the collaboration network).
- `platform_impact`: per platform, the measures, agencies and plans its failure would touch.
- `platform_slip`: "if platform X slips by N months, which measures and agencies are hit".
- `platform_dependents`, `shared_bottlenecks`, `co_unit_network`: networkx references of the queries.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from itertools import combinations

import networkx as nx
import pandas as pd

from .graphview import in_edges, involved, leads, nodes, out_edges, supports, where


def _names(g: nx.MultiDiGraph, ids) -> list[str]:
    return sorted({g.nodes[i].get("name") for i in ids if g.nodes[i].get("name") is not None})


def _platform_matches(p: dict, pid: str, platform: str) -> bool:
    return not platform or platform in (p.get("name"), pid) or platform in (p.get("aliases") or [])


def platform_dependents(g: nx.MultiDiGraph, platform: str = "") -> pd.DataFrame:
    """One row per (platform, measure using it) with the measure's leads and co-units (names) and
    where the platform was mentioned; `platform` matches name, id or an alias ("" = all)."""
    rows = []
    for pid, p in nodes(g, "Platform"):
        if not _platform_matches(p, pid, platform):
            continue
        for mid, edge in in_edges(g, pid, "USES_PLATFORM", "Measure"):
            m = g.nodes[mid]
            rows.append({
                "platform": p.get("name"), "measure_id": mid, "plan": m.get("plan"), "number": m.get("number"),
                "title": m.get("title"), "leads": _names(g, leads(g, mid)), "co": _names(g, supports(g, mid)),
                "source": edge.get("source"), "line": edge.get("line"), "mention": edge.get("mention"),
            })
    rows.sort(key=lambda r: (r["platform"] or "", r["measure_id"]))
    return pd.DataFrame(rows, columns=["platform", "measure_id", "plan", "number", "title", "leads", "co",
                                       "source", "line", "mention"])


def shared_bottlenecks(g: nx.MultiDiGraph, *, min_measures: int = 3) -> pd.DataFrame:
    """Agencies by the measures they co-support, platforms by the measures using them; with the
    distinct lead agencies and plans of those measures."""
    rows = []
    groups: list[tuple[str, str, list[str]]] = []
    for aid, _ in nodes(g, "Agency"):
        groups.append(("agency", aid, sorted({m for m, _ in out_edges(g, aid, "SUPPORTS", "Measure")})))
    for pid, _ in nodes(g, "Platform"):
        groups.append(("platform", pid, sorted({m for m, _ in in_edges(g, pid, "USES_PLATFORM", "Measure")})))
    for kind, nid, measures in groups:
        if not measures or len(measures) < min_measures:
            continue
        lead_ids = {a for m in measures for a in leads(g, m)}
        plans = {g.nodes[m].get("plan") for m in measures} - {None}
        rows.append({"kind": kind, "id": nid, "name": g.nodes[nid].get("name"), "measures": len(measures),
                     "leads": len(lead_ids), "plans": len(plans), "measure_ids": measures})
    rows.sort(key=lambda r: (-r["measures"], -r["leads"], r["kind"], r["id"]))
    return pd.DataFrame(rows, columns=["kind", "id", "name", "measures", "leads", "plans", "measure_ids"])


def _shared(g: nx.MultiDiGraph) -> dict[tuple[str, str], set[str]]:
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mid, _ in nodes(g, "Measure"):
        for a, b in combinations(involved(g, mid), 2):
            pairs[(a, b) if a < b else (b, a)].add(mid)
    return pairs


def co_unit_network(g: nx.MultiDiGraph, *, min_shared: int = 2) -> pd.DataFrame:
    rows = []
    for (a, b), ms in _shared(g).items():
        if len(ms) < min_shared:
            continue
        rows.append({"agency_a_id": a, "agency_a": g.nodes[a].get("name"), "agency_b_id": b,
                     "agency_b": g.nodes[b].get("name"), "shared": len(ms),
                     "plans": len({g.nodes[m].get("plan") for m in ms} - {None})})
    rows.sort(key=lambda r: (-r["shared"], r["agency_a_id"], r["agency_b_id"]))
    return pd.DataFrame(rows, columns=["agency_a_id", "agency_a", "agency_b_id", "agency_b", "shared", "plans"])


def collaboration_projection(g: nx.MultiDiGraph, *, include_collective: bool = False) -> nx.Graph:
    """Agencies as nodes (attr name, jurisdiction), an edge per pair named on the same measure with
    `weight` = shared measures and `measures` = their ids. Collective units (各县区政府, 市直有关部门)
    are left out unless asked: they are not one desk that can be a bottleneck."""
    proj = nx.Graph()
    for aid, a in nodes(g, "Agency"):
        if a.get("collective") and not include_collective:
            continue
        if any(True for _ in out_edges(g, aid, "LEADS", "Measure")) or any(True for _ in out_edges(g, aid, "SUPPORTS", "Measure")):
            proj.add_node(aid, name=a.get("name"), jurisdiction=a.get("jurisdiction"))
    for (a, b), ms in sorted(_shared(g).items()):
        if a in proj and b in proj:
            proj.add_edge(a, b, weight=len(ms), measures=sorted(ms))
    return proj


def agency_centrality(g: nx.MultiDiGraph, *, include_collective: bool = False) -> pd.DataFrame:
    """Per agency in the collaboration projection: partners (degree), shared measures over all
    partners (weighted degree), betweenness (normalised, unweighted: how often it sits on the
    shortest path between two other agencies), articulation (its removal disconnects others), and
    the measures it shares with its partners."""
    proj = collaboration_projection(g, include_collective=include_collective)
    betweenness = nx.betweenness_centrality(proj, normalized=True) if len(proj) else {}
    cut = set(nx.articulation_points(proj)) if len(proj) else set()
    rows = [{
        "id": n, "name": proj.nodes[n].get("name"), "jurisdiction": proj.nodes[n].get("jurisdiction"),
        "partners": proj.degree(n), "shared_measures": proj.degree(n, weight="weight"),
        "betweenness": betweenness.get(n, 0.0), "articulation": n in cut,
        "measure_ids": sorted({m for _, _, ms in proj.edges(n, data="measures") for m in ms}),
    } for n in proj.nodes]
    rows.sort(key=lambda r: (-round(r["betweenness"], 9), -r["partners"], r["id"]))
    return pd.DataFrame(rows, columns=["id", "name", "jurisdiction", "partners", "shared_measures",
                                       "betweenness", "articulation", "measure_ids"])


def platform_impact(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Per platform: measures using it, agencies named on those measures (lead or co), plans;
    sorted by agencies touched desc — the platforms whose failure would touch the most agencies."""
    rows = []
    for pid, p in nodes(g, "Platform"):
        ms = sorted({m for m, _ in in_edges(g, pid, "USES_PLATFORM", "Measure")})
        agencies = sorted({a for m in ms for a in involved(g, m)})
        sources = sorted({where(e) for _, e in in_edges(g, pid, "USES_PLATFORM", "Measure")} - {""})
        rows.append({"id": pid, "name": p.get("name"), "measures": len(ms), "agencies": len(agencies),
                     "plans": len({g.nodes[m].get("plan") for m in ms} - {None}),
                     "agency_names": _names(g, agencies), "measure_ids": ms, "sources": sources})
    rows.sort(key=lambda r: (-r["agencies"], -r["measures"], r["id"]))
    return pd.DataFrame(rows, columns=["id", "name", "measures", "agencies", "plans", "agency_names",
                                       "measure_ids", "sources"])


def add_months(date: str, months: int) -> str:
    """ISO date + months, clamped to the month's last day ("2021-12-31" + 2 -> "2022-02-28")."""
    year, month, day = int(date[:4]), int(date[5:7]), int(date[8:10])
    total = year * 12 + (month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return f"{year:04d}-{month:02d}-{min(day, calendar.monthrange(year, month)[1]):02d}"


def platform_slip(g: nx.MultiDiGraph, platform: str, *, months: int = 1) -> pd.DataFrame:
    """If `platform` (name, id or alias) slips by `months`, every measure using it slips too: one row
    per measure with its deadline, the slipped date, and the lead and co agencies hit. Measures
    without a dated deadline are listed with deadline None (no date to slip, still affected)."""
    rows = []
    for pid, p in nodes(g, "Platform"):
        if not _platform_matches(p, pid, platform):
            continue
        for mid, edge in in_edges(g, pid, "USES_PLATFORM", "Measure"):
            m = g.nodes[mid]
            date = m.get("deadline")
            rows.append({
                "platform": p.get("name"), "measure_id": mid, "title": m.get("title"),
                "deadline": date, "slipped_to": add_months(date, months) if date else None,
                "leads": _names(g, leads(g, mid)), "co": _names(g, supports(g, mid)),
                "source": edge.get("source"), "line": edge.get("line"),
            })
    rows.sort(key=lambda r: (r["platform"] or "", r["deadline"] or "9999", r["measure_id"]))
    return pd.DataFrame(rows, columns=["platform", "measure_id", "title", "deadline", "slipped_to", "leads",
                                       "co", "source", "line"])


def slip_agencies(slip: pd.DataFrame) -> pd.DataFrame:
    """The agencies hit by a slip (from platform_slip): measures hit as lead and as co-unit."""
    hit: dict[str, dict[str, int]] = defaultdict(lambda: {"as_lead": 0, "as_co": 0})
    for _, row in slip.iterrows():
        for name in row["leads"]:
            hit[name]["as_lead"] += 1
        for name in row["co"]:
            hit[name]["as_co"] += 1
    rows = [{"agency": k, **v, "measures": v["as_lead"] + v["as_co"]} for k, v in hit.items()]
    rows.sort(key=lambda r: (-r["measures"], r["agency"]))
    return pd.DataFrame(rows, columns=["agency", "as_lead", "as_co", "measures"])
