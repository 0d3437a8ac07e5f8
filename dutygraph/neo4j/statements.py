"""Cypher for Neo4j, generated from schema.py, and the parameter rows a push binds to it.

Labels and relationship types are spliced into statement text only from the schema (checked against
a strict identifier pattern); every value travels as a bound parameter (`UNWIND $rows AS row …`).
Pure functions: the same graph gives the same statements and rows, in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..errors import StoreError
from ..graph import schema

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def _name(name: str) -> str:
    """A schema label/type/property name, refused unless it is a plain identifier."""
    if not _IDENT.match(name):
        raise StoreError(f"schema name {name!r} is not a plain identifier")
    return name


def _label(label: str) -> str:
    if label not in schema.NODE_BY_LABEL:
        raise StoreError(f"node label {label!r} is not in the schema")
    return _name(label)


def _type(rel: str) -> str:
    if rel not in schema.REL_BY_TYPE:
        raise StoreError(f"relationship type {rel!r} is not in the schema")
    return _name(rel)


def constraint_name(label: str) -> str:
    return f"dutygraph_{_label(label).lower()}_id"


def constraint_statement(label: str) -> str:
    """Neo4j 5: one uniqueness constraint per label on `id` (also gives MERGE its index)."""
    return (f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS "
            f"FOR (n:{_label(label)}) REQUIRE n.id IS UNIQUE")


def constraint_statements() -> list[str]:
    return [constraint_statement(n.label) for n in schema.NODES]


def index_statement(label: str) -> str:
    """FalkorDB has no constraints (and no `IF NOT EXISTS` on indexes): a plain range index on `id`."""
    return f"CREATE INDEX FOR (n:{_label(label)}) ON (n.id)"


def node_merge(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) SET n += row.props"


def rel_merge(rel: str, src_label: str, dst_label: str) -> str:
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{_label(src_label)} {{id: row.src}}) MATCH (b:{_label(dst_label)} {{id: row.dst}}) "
            f"MERGE (a)-[r:{_type(rel)}]->(b) SET r += row.props")


def node_prop_set(label: str, prop: str, *, append: bool) -> str:
    """Set (or append to) one string/list property of one node: for values too big for one statement."""
    p = _prop(prop, schema.NODE_BY_LABEL[_label(label)].prop_names)
    value = f"n.{p} + $value" if append else "$value"
    return f"MATCH (n:{label} {{id: $id}}) SET n.{p} = {value}"


def rel_prop_set(rel: str, src_label: str, dst_label: str, prop: str, *, append: bool) -> str:
    p = _prop(prop, schema.REL_BY_TYPE[_type(rel)].prop_names)
    value = f"r.{p} + $value" if append else "$value"
    return (f"MATCH (a:{_label(src_label)} {{id: $src}})-[r:{rel}]->(b:{_label(dst_label)} {{id: $dst}}) "
            f"SET r.{p} = {value}")


def _prop(prop: str, allowed: tuple[str, ...]) -> str:
    if prop not in allowed:
        raise StoreError(f"property {prop!r} is not in the schema here")
    return _name(prop)


def count_nodes(label: str) -> str:
    return f"MATCH (n:{_label(label)}) RETURN count(n) AS n"


def count_rels(rel: str) -> str:
    return f"MATCH ()-[r:{_type(rel)}]->() RETURN count(r) AS n"


# ---------------------------------------------------------------------------------------- rows


def _value(value: Any, typ: str) -> Any:
    if typ == "STRING[]":
        return [str(v) for v in (value or [])]
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(frozen=True, slots=True)
class Step:
    """One statement and all its rows: nodes of a label, or relationships of a type between two labels."""

    kind: str  # "nodes" | "rels"
    name: str  # "Agency" or "LEADS Agency->Measure"
    statement: str
    rows: tuple[dict[str, Any], ...]
    label: str  # node label, or relationship type
    ends: tuple[str, str] = ("", "")  # (from label, to label) for relationships


def _prop_types(props: Any) -> list[tuple[str, bool]]:
    """(name, is a STRING[]) for each property but `id`: what `_value` needs, looked up once per label."""
    return [(p.name, p.type == "STRING[]") for p in props if p.name != "id"]


def _props(get: Any, plist: list[tuple[str, bool]]) -> dict[str, Any]:
    """A node's or edge's schema properties as the driver takes them: lists of strings, tuples as lists."""
    props = {}
    for name, is_list in plist:
        value = get(name)
        if is_list:
            value = [str(v) for v in (value or [])]
        elif type(value) is tuple:
            value = list(value)
        props[name] = value
    return props


def node_steps(graph: nx.MultiDiGraph) -> list[Step]:
    return list(iter_node_steps(graph))


def node_groups(graph: nx.MultiDiGraph) -> dict[str, list[tuple[Any, dict[str, Any]]]]:
    """Every node checked against the schema and listed under its label (schema order; graph order
    within a label; a label without nodes has an empty list): (node, attrs) of the graph itself."""
    by_label: dict[str, list[tuple[Any, dict[str, Any]]]] = {n.label: [] for n in schema.NODES}
    for node, attrs in graph.nodes(data=True):
        label = attrs.get("label")
        items = by_label.get(label) if isinstance(label, str) else None
        if items is None:
            raise StoreError(f"node {node!r} has label {label!r}, which is not in the schema")
        items.append((node, attrs))
    return by_label


def iter_node_steps(graph: nx.MultiDiGraph) -> Iterator[Step]:
    """node_steps one step at a time: every node is checked against the schema at once (before the
    first step), and each label's rows are made only when its step is reached, so a caller that
    writes each step and drops it holds one label's rows at a time, not the whole graph's."""
    by_label = node_groups(graph)
    props_of = {n.label: _prop_types(n.props) for n in schema.NODES}

    def steps() -> Iterator[Step]:
        for label in list(by_label):
            items = by_label.pop(label)
            if not items:
                continue
            plist = props_of[label]
            rows = [{"id": str(node), "props": _props(attrs.get, plist)} for node, attrs in items]
            del items
            rows.sort(key=lambda r: r["id"])
            yield Step("nodes", label, node_merge(label), tuple(rows), label)

    return steps()


def rel_steps(graph: nx.MultiDiGraph) -> list[Step]:
    return list(iter_rel_steps(graph))


def rel_groups(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[tuple[Any, Any, dict[str, Any]]]]:
    """Every edge checked against the schema and listed under its (type, from label, to label), in
    the order of rel_steps (types in schema order; a type's pairs in the order the graph first has
    them; graph order within a pair): (from, to, attrs) of the graph itself. Only pairs with edges."""
    groups: dict[tuple[str, str, str], list[tuple[Any, Any, dict[str, Any]]]] = {}
    label_of = {n: attrs.get("label") for n, attrs in graph._node.items()}
    props_of = {r.type: _prop_types(r.props) for r in schema.RELS}
    pairs_of = {r.type: r.pairs for r in schema.RELS}
    # checked already: from label -> to label -> type -> its group (text labels and types only), looked up
    # once per node, once per node pair and once per edge, by text keys (no tuple key per edge)
    known: dict[str, dict[str, dict[str, list[tuple[Any, Any, dict[str, Any]]]]]] = {}
    # = graph.edges(keys=True, data=True), read from the adjacency dicts (no view per edge)
    for u, nbrs in graph._succ.items():
        from_label = label_of[u]
        from_known = None
        if type(from_label) is str:
            from_known = known.get(from_label)
            if from_known is None:
                from_known = known[from_label] = {}
        for v, keyed in nbrs.items():
            to_label = label_of[v]
            pair_known = None
            if from_known is not None and type(to_label) is str:
                pair_known = from_known.get(to_label)
                if pair_known is None:
                    pair_known = from_known[to_label] = {}
            for key, attrs in keyed.items():
                rel = attrs.get("type", key)
                group = pair_known.get(rel) if pair_known is not None and type(rel) is str else None
                if group is None:
                    plist = props_of.get(rel) if isinstance(rel, str) else None
                    if plist is None:
                        raise StoreError(f"edge {u!r}->{v!r} has type {rel!r}, which is not in the schema")
                    pair = (from_label, to_label)
                    if pair not in pairs_of[rel]:
                        raise StoreError(f"edge {u!r}-[{rel}]->{v!r} joins {pair[0]}->{pair[1]}, "
                                         "not allowed by the schema")
                    group = groups.get((rel, *pair))
                    if group is None:
                        group = groups[(rel, *pair)] = []
                    if pair_known is not None and type(rel) is str:
                        pair_known[rel] = group
                group.append((u, v, attrs))
    del label_of
    order = {(r.type, *pair): i for i, r in enumerate(schema.RELS) for pair in r.pairs}
    return {key: groups[key] for key in sorted(groups, key=order.__getitem__)}


def iter_rel_steps(graph: nx.MultiDiGraph) -> Iterator[Step]:
    """rel_steps one step at a time (see iter_node_steps): every edge checked first, then each
    (type, from label, to label) group's rows made when its step is reached."""
    groups = rel_groups(graph)
    props_of = {r.type: _prop_types(r.props) for r in schema.RELS}

    def steps() -> Iterator[Step]:
        for rel, a, b in list(groups):
            items = groups.pop((rel, a, b))
            plist = props_of[rel]
            rows = [{"src": str(u), "dst": str(v), "props": _props(attrs.get, plist)} for u, v, attrs in items]
            del items
            rows.sort(key=lambda r: (r["src"], r["dst"]))
            yield Step("rels", f"{rel} {a}->{b}", rel_merge(rel, a, b), tuple(rows), rel, (a, b))

    return steps()


def expected_counts(graph: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and relationships per type, every schema name present (0 when none)."""
    nodes = {n.label: 0 for n in schema.NODES}
    rels = {r.type: 0 for r in schema.RELS}
    for _, attrs in graph.nodes(data=True):
        nodes[attrs["label"]] += 1
    for _, _, key, attrs in graph.edges(keys=True, data=True):
        rels[attrs.get("type", key)] += 1
    return nodes, rels
