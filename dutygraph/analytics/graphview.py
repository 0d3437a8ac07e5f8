"""Read-only helpers over the typed MultiDiGraph of dutygraph.graph.schema (node attr `label`,
edge key = relationship type). Pure functions; every analytic and every networkx reference for the
stored queries is written with these, so they read like the Cypher beside them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx


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
