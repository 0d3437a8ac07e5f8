"""The graph's nodes and edges grouped per table, for the table writers (ladybug_store.py): a function of its
own so that it is compiled (ladybug_store.py stays Python: see its source), typed by tables.pxd."""

from __future__ import annotations

from typing import Any

Group = tuple[list[Any], list[Any], list[dict[str, Any]]]


def rel_groups(node: dict[Any, dict[str, Any]], succ: dict[Any, dict[Any, dict[Any, dict[str, Any]]]]
               ) -> dict[tuple[str, str, str], Group]:
    """The edges per (rel type, from label, to label), in graph order, as three lists: their from and to
    nodes and their attribute dicts (of the graph itself; three list slots an edge, not a tuple), from the
    graph's node dict (`graph._node`) and adjacency (`graph._succ`).
    = graph.edges(keys=True, data=True), read from the adjacency dicts (no view per edge), with the
    groups of each (from label, to label) pair looked up once per node pair, not per edge."""
    label_of = {}
    for nid, attrs in node.items():
        label_of[nid] = attrs["label"]
    rel_items: dict[tuple[str, str, str], Group] = {}
    by_pair: dict[tuple[Any, Any], dict[Any, Group]] = {}
    for u, nbrs in succ.items():
        lu = label_of[u]
        for v, keyed in nbrs.items():
            pair = (lu, label_of[v])
            groups = by_pair.get(pair)
            if groups is None:
                groups = by_pair[pair] = {}
            for rel, attrs in keyed.items():
                items = groups.get(rel)
                if items is None:
                    items = groups[rel] = rel_items[(rel, *pair)] = ([], [], [])
                us, vs, ats = items
                us.append(u)
                vs.append(v)
                ats.append(attrs)
    return rel_items
