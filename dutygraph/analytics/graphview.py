"""Read-only helpers over the typed MultiDiGraph of dutygraph.graph.schema (node attr `label`,
edge key = relationship type). Pure functions; every analytic and every networkx reference for the
stored queries is written with these, so they read like the Cypher beside them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import networkx as nx
import pandas as pd


def nodes(g: nx.MultiDiGraph, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
    # networkx's own node dict (what g.nodes(data=True) iterates, without the view's overhead)
    for nid, attrs in g._node.items():
        if attrs.get("label") == label:
            yield nid, attrs


def label(g: nx.MultiDiGraph, nid: str) -> str | None:
    return g.nodes[nid].get("label")


def out_edges(g: nx.MultiDiGraph, nid: str, rel: str, to_label: str | None = None
              ) -> Iterator[tuple[str, dict[str, Any]]]:
    """(target, edge attrs) of `nid`'s outgoing `rel` edges, optionally only to `to_label` nodes."""
    # edge key = relationship type, so one dict lookup per neighbour (same order as g.out_edges)
    node = g._node
    for v, keyed in g._succ[nid].items():
        attrs = keyed.get(rel)
        if attrs is not None and (to_label is None or node[v].get("label") == to_label):
            yield v, attrs


def in_edges(g: nx.MultiDiGraph, nid: str, rel: str, from_label: str | None = None
             ) -> Iterator[tuple[str, dict[str, Any]]]:
    """(source, edge attrs) of `nid`'s incoming `rel` edges, optionally only from `from_label` nodes."""
    node = g._node
    for u, keyed in g._pred[nid].items():
        attrs = keyed.get(rel)
        if attrs is not None and (from_label is None or node[u].get("label") == from_label):
            yield u, attrs


def leads(g: nx.MultiDiGraph, measure: str) -> list[str]:
    return sorted({a for a, _ in in_edges(g, measure, "LEADS", "Agency")})


def supports(g: nx.MultiDiGraph, measure: str) -> list[str]:
    return sorted({a for a, _ in in_edges(g, measure, "SUPPORTS", "Agency")})


def platforms(g: nx.MultiDiGraph, measure: str) -> list[str]:
    return sorted({p for p, _ in out_edges(g, measure, "USES_PLATFORM", "Platform")})


def involved(g: nx.MultiDiGraph, measure: str) -> list[str]:
    """Agencies named for a measure, as lead or co-unit."""
    return sorted(set(leads(g, measure)) | set(supports(g, measure)))


def quarter_of(date: str | None) -> str | None:
    """"2021-06-30" -> "Q2"; None when there is no date (the month is read like the Cypher's
    right(left(date, 7), 2))."""
    if not date:
        return None
    month = date[:7][-2:]
    for quarter, months in (("Q1", "010203"), ("Q2", "040506"), ("Q3", "070809"), ("Q4", "101112")):
        if month in (months[0:2], months[2:4], months[4:6]):
            return quarter
    return None


def where(attrs: dict[str, Any]) -> str:
    """"source:line" of a node or edge: the provenance every number refers back to."""
    source, line = attrs.get("source"), attrs.get("line")
    if not source:
        return ""
    return f"{source}:{line}" if line else str(source)


class Incidence:
    """The graph's nodes by label and the incidences the analytics read, each taken once from the
    adjacency dicts when first asked for (what nodes / out_edges / in_edges give: same nodes, same edges,
    a node's edges in the same order). `incidence(g)` gives a new one, or inside `shared(g)` the same one
    to every analytic (the review runs ten over one graph, which must not change meanwhile)."""

    # every list it gives is its own, shared by the analytics that ask: read, never changed

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self._by_label: dict[Any, list[tuple[str, dict[str, Any]]]] | None = None
        self._agency: tuple[dict, dict, dict, dict] | None = None
        self._platform: tuple[dict, dict] | None = None
        self._due: tuple[dict, set] | None = None
        self._dated_by_year: dict[int, list[tuple[str, set[str]]]] = {}

    def nodes(self, label: str) -> list[tuple[str, dict[str, Any]]]:
        """= list(nodes(g, label))."""
        if self._by_label is None:
            by_label: dict[Any, list[tuple[str, dict[str, Any]]]] = {}
            for nid, attrs in self.g._node.items():
                lab = attrs.get("label")
                part = by_label.get(lab)
                if part is None:
                    part = by_label[lab] = []
                part.append((nid, attrs))
            self._by_label = by_label
        return self._by_label.get(label, [])

    def _agencies(self) -> tuple[dict, dict, dict, dict]:
        if self._agency is None:
            node, succ = self.g._node, self.g._succ
            led: dict[str, list[tuple[str, dict[str, Any]]]] = {}
            supported: dict[str, list[tuple[str, dict[str, Any]]]] = {}
            leads_of: dict[str, list[str]] = {}
            co_of: dict[str, list[str]] = {}
            for aid, _ in self.nodes("Agency"):
                lead_edges: list[tuple[str, dict[str, Any]]] = []
                co_edges: list[tuple[str, dict[str, Any]]] = []
                for mid, keyed in succ[aid].items():
                    if ("LEADS" in keyed or "SUPPORTS" in keyed) and node[mid].get("label") == "Measure":
                        edge = keyed.get("LEADS")
                        if edge is not None:
                            lead_edges.append((mid, edge))
                            leads_of.setdefault(mid, []).append(aid)
                        edge = keyed.get("SUPPORTS")
                        if edge is not None:
                            co_edges.append((mid, edge))
                            co_of.setdefault(mid, []).append(aid)
                if lead_edges:
                    led[aid] = lead_edges
                if co_edges:
                    supported[aid] = co_edges
            self._agency = led, supported, leads_of, co_of
        return self._agency

    def led(self, aid: str) -> list[tuple[str, dict[str, Any]]]:
        """= list(out_edges(g, aid, "LEADS", "Measure")) of an Agency."""
        return self._agencies()[0].get(aid, [])

    def supported(self, aid: str) -> list[tuple[str, dict[str, Any]]]:
        """= list(out_edges(g, aid, "SUPPORTS", "Measure")) of an Agency."""
        return self._agencies()[1].get(aid, [])

    def led_edges(self) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        """agency -> led(agency), for the agencies leading a measure (for loops over many agencies: one call,
        not one per agency; the lists are the Incidence's own: read them, do not change them)."""
        return self._agencies()[0]

    def supported_edges(self) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        """agency -> supported(agency), for the agencies co-supporting a measure (likewise)."""
        return self._agencies()[1]

    def leads(self, mid: str) -> list[str]:
        """The agencies leading a measure (= its in_edges(g, mid, "LEADS", "Agency"), in agency order)."""
        return self._agencies()[2].get(mid, [])

    def supports(self, mid: str) -> list[str]:
        """The agencies co-supporting a measure (its SUPPORTS in-edges from agencies, in agency order)."""
        return self._agencies()[3].get(mid, [])

    def lead_lists(self) -> dict[str, list[str]]:
        """measure -> leads(measure), for the measures with a lead (for loops over many measures; the
        lists are the Incidence's own: read them, do not change them)."""
        return self._agencies()[2]

    def co_lists(self) -> dict[str, list[str]]:
        """measure -> supports(measure), for the measures with a co-unit (likewise)."""
        return self._agencies()[3]

    def _platforms(self) -> tuple[dict, dict]:
        if self._platform is None:
            node, pred = self.g._node, self.g._pred
            users: dict[str, list[tuple[str, dict[str, Any]]]] = {}
            used: dict[str, list[str]] = {}
            for pid, _ in self.nodes("Platform"):
                edges = users[pid] = []
                for mid, keyed in pred[pid].items():
                    edge = keyed.get("USES_PLATFORM")
                    if edge is not None and node[mid].get("label") == "Measure":
                        edges.append((mid, edge))
                        used.setdefault(mid, []).append(pid)
            self._platform = users, used
        return self._platform

    def users(self, pid: str) -> list[tuple[str, dict[str, Any]]]:
        """= list(in_edges(g, pid, "USES_PLATFORM", "Measure")) of a Platform."""
        return self._platforms()[0].get(pid, [])

    def platform_lists(self) -> dict[str, list[str]]:
        """measure -> platforms(measure), for the measures using a platform (likewise)."""
        return self._platforms()[1]

    def platforms(self, mid: str) -> list[str]:
        """The platforms a measure uses (its out_edges(g, mid, "USES_PLATFORM", "Platform"), in platform order)."""
        return self._platforms()[1].get(mid, [])

    def _dues(self) -> tuple[dict, set]:
        if self._due is None:
            node, pred = self.g._node, self.g._pred
            dated: dict[str, set[tuple[Any, Any]]] = {}
            due: set[str] = set()
            for did, d in self.nodes("Deadline"):
                date, cell = d.get("date"), (d.get("month"), d.get("year"))
                for mid, keyed in pred[did].items():
                    if "DUE" in keyed and (m := node[mid]).get("label") == "Measure":
                        due.add(mid)
                        if m.get("deadline") and m.get("deadline") == date:
                            dated.setdefault(mid, set()).add(cell)
            self._due = dated, due
        return self._due

    def dated(self, mid: str, year: int = 0) -> set[str]:
        """The months of the measure's deadline date (the deadlines of its DUE edges on that date), within
        `year` when given (what analytics/deadlines.py counts)."""
        cells = self._dues()[0].get(mid)
        if not cells:
            return set()
        return {month for month, y in cells if not year or y == year}

    def dated_measures(self, year: int = 0) -> list[tuple[str, set[str]]]:
        """(measure, dated(measure, year)) of each measure with a month there, in nodes(g, "Measure") order."""
        hit = self._dated_by_year.get(year)
        if hit is None:
            dated = self._dues()[0]
            hit = self._dated_by_year[year] = [(mid, months) for mid, _ in self.nodes("Measure") if mid in dated
                                               if (months := self.dated(mid, year))]
        return hit

    def has_due(self, mid: str) -> bool:
        """Whether the measure has a DUE edge to a Deadline."""
        return mid in self._dues()[1]

    def measures_due(self) -> set[str]:
        """The measures with a DUE edge to a Deadline (has_due of each)."""
        return self._dues()[1]


_SHARED: ContextVar[Incidence | None] = ContextVar("dutygraph_shared_incidence", default=None)


def incidence(g: nx.MultiDiGraph) -> Incidence:
    """The Incidence of `g`: the one of the enclosing `shared(g)` block, else a new one."""
    ix = _SHARED.get()
    return ix if ix is not None and ix.g is g else Incidence(g)


@contextmanager
def shared(g: nx.MultiDiGraph) -> Iterator[Incidence]:
    """Inside the block every analytic of `g` reads one Incidence (each incidence read once); `g` must not
    change meanwhile."""
    ix = incidence(g)
    token = _SHARED.set(ix)
    try:
        yield ix
    finally:
        _SHARED.reset(token)


def columns_frame(columns: dict[str, list[Any]], names: list[str]) -> pd.DataFrame:
    """= pd.DataFrame(rows, columns=names) of the rows whose values these equally long columns hold (the
    same dtypes and values; built from the columns, not from a dict per row). No rows: object columns,
    as from an empty list of rows."""
    if not columns or not len(next(iter(columns.values()))):
        return pd.DataFrame([], columns=names)
    return pd.DataFrame(columns, columns=names)
