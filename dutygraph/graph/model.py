"""Extracted records -> the typed networkx graph of schema.py.

`build_graph(batch)` is a pure function: the same BatchResult gives the same graph, node for node and
edge for edge, in the same insertion order (nodes sorted by schema label order then natural id order;
edges by schema type order, then endpoints). Every exporter relies on that for byte-identical files.
`GraphBuilder` builds the same graph one document at a time (`build` feeds it while extracting).

Node attributes: `label` + every schema prop of that label (missing scalars None, lists []).
Edge key = relationship type; edge attributes: `type` + that type's props. At most one edge of a type
between two nodes: the first occurrence (in document order) keeps its provenance.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing as mp
import operator
import os
import pickle
import signal
import sys
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .. import records
from . import schema
from .ids import level_from_name, natural_key
from .privacy import mask_result

_LABEL_ORDER = {n.label: i for i, n in enumerate(schema.NODES)}
_TYPE_ORDER = {r.type: i for i, r in enumerate(schema.RELS)}

# roster roles as printed -> MEMBER_OF role (the printed role stays on the Person node)
_PERSON_ROLES = (("副组长", "deputy"), ("组长", "leader"), ("联络员", "liaison"), ("联系人", "liaison"),
                 ("副", "deputy"), ("长", "leader"))


def _person_role(printed: str) -> str:
    for needle, role in _PERSON_ROLES:
        if needle in printed:
            return role
    return "member"


def _compact_template(name: str, template: dict[str, Any]) -> dict[str, Any]:
    """A dict equal to `template` (same items, same order) whose copies are key-sharing dicts where CPython
    makes them smaller (3.11: an instance's __dict__, its keys held once by the class, each copy only
    its values): `template` itself where they would not be. The graph has millions of attribute and key
    dicts of a few fixed key sets; as key-sharing copies they take ~0.3 GB less at 10k documents, in the
    build process and again in each forked export worker (whose reads copy the pages). They are plain
    dicts to every reader: a key added, removed or reordered later just makes that dict an ordinary one.
    Instances are made until the class's shared keys have no spare room left (CPython 3.11 shrinks what
    each new instance reserves), so a copy holds the template's values and little more."""
    cls = type(f"_Shared{name}", (), {})
    best = template
    for _ in range(64):
        obj = cls()
        for key, value in template.items():
            setattr(obj, key, value)
        shared = obj.__dict__
        if list(shared.items()) != list(template.items()):  # (not str keys, or not kept as given)
            return template
        if sys.getsizeof(shared.copy()) < sys.getsizeof(best.copy()):
            best = shared
    return best


# per label / rel type: the attribute dict a new node / edge starts from (schema order; lists marked),
# and a relationship type's key dict ({type: attrs}, for succ[u][v] and pred[v][u]): copied per node,
# edge and node pair (_compact_template)
_NODE_TEMPLATE: dict[str, dict[str, Any]] = {
    n.label: _compact_template(n.label, {"label": n.label, **{p.name: None for p in n.props}}) for n in schema.NODES}
_NODE_LISTS: dict[str, frozenset[str]] = {
    n.label: frozenset(p.name for p in n.props if p.type == "STRING[]") for n in schema.NODES}
_EDGE_TEMPLATE: dict[str, dict[str, Any]] = {
    r.type: _compact_template(r.type, {"type": r.type, **{p.name: None for p in r.props}}) for r in schema.RELS}
_KEY_DICT: dict[str, dict[str, Any]] = {r.type: _compact_template(f"{r.type}Key", {r.type: None}) for r in schema.RELS}
_EDGE_LISTS: dict[str, frozenset[str]] = {
    r.type: frozenset(p.name for p in r.props if p.type == "STRING[]") for r in schema.RELS}
# id prefixes for the ids made on the hot path: f"{_MEASURE}{tok}:{line}:{number}" is
# schema.node_id("Measure", tok, line, number)
_AGENCY, _PLATFORM, _DEADLINE, _INDICATOR, _SECTION, _MEASURE, _JURISDICTION = (
    schema.node_id(label) for label in ("Agency", "Platform", "Deadline", "Indicator", "Section", "Measure",
                                        "Jurisdiction"))
# node props whose str values are shared between nodes (Builder.strs); not the ids, texts or sources
# (one object per node or per document already)
_SHARED = frozenset({p.name for n in schema.NODES for p in n.props if p.type == "STRING"}
                    - {"id", "text", "source", "sha256", "plan"})
# per label: each prop's kind for node(), found with one lookup (a prop not listed is not in the schema)
_PLAIN, _LIST, _SHARED_STR = "plain", "list", "shared"
_NODE_KINDS: dict[str, dict[str, str]] = {
    n.label: {p.name: _LIST if p.name in _NODE_LISTS[n.label] else _SHARED_STR if p.name in _SHARED else _PLAIN
              for p in n.props} for n in schema.NODES}
_REL_PAIRS: dict[str, frozenset[tuple[str, str]]] = {r.type: frozenset(r.pairs) for r in schema.RELS}
# the types whose (label, label) pairs an earlier type allows too (LEADS and SUPPORTS: Agency -> Measure): only
# their edges may join a node pair that has an edge already
_PAIR_SHARED = frozenset(r.type for i, r in enumerate(schema.RELS)
                         if any(_REL_PAIRS[r.type] & _REL_PAIRS[e.type] for e in schema.RELS[:i]))


@dataclass
class _Builder:
    include_people: bool
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    # per relationship type (schema order): u -> v -> the edge's attributes (no key object per edge)
    edges: dict[str, dict[str, dict[str, dict[str, Any]]]] = field(
        default_factory=lambda: {r.type: {} for r in schema.RELS})
    # a list prop is the natural-sorted set of every value given: sorted as the node is made, and when
    # a later call adds a value, the set of them here ((node id, prop) -> set), sorted by finish()
    lists: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    # what derive() reads of the edges, noted as they are made (_add_document), so that finish() does not
    # walk them: each measure's [lead agencies, co-unit agencies, deadlines]; each agency's LEADS edges to
    # measures (measure -> the edge's attributes) and the measures it SUPPORTS; each platform's measures
    # (USES_PLATFORM) and each indicator's (UNDER, from measures)
    facts: dict[str, tuple[list[str], list[str], list[str]]] = field(default_factory=dict)
    led: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    sup: dict[str, list[str]] = field(default_factory=dict)
    users: dict[str, list[str]] = field(default_factory=dict)
    under: dict[str, list[str]] = field(default_factory=dict)
    # each node id's natural_key, made as the node is added (GraphBuilder.add runs while extraction
    # goes on; finish() only sorts them)
    natural: dict[str, tuple[object, ...]] = field(default_factory=dict)
    # one str object per distinct value of the repetitive props (titles, section paths, numbers,
    # mentions…): records hold a copy per record, the graph keeps one (~0.1 GB less at 10k documents)
    strs: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ primitives

    def node(self, label: str, node_id: str, _natural: tuple[object, ...] | None = None, **props: Any) -> str:
        """Add a node once; later calls only fill props still missing and extend alias lists. `_natural`:
        natural_key(node_id) when the caller has it already (_id_key)."""
        existing = self.nodes.get(node_id)
        kinds = _NODE_KINDS[label]
        if existing is None:
            existing = self.nodes[node_id] = _NODE_TEMPLATE[label].copy()
            existing["id"] = node_id
            self.natural[node_id] = natural_key(node_id) if _natural is None else _natural
            for name in _NODE_LISTS[label]:  # [] unless values are given
                existing[name] = []
            new = True
        elif existing["label"] != label:
            raise ValueError(f"node id {node_id!r} used for both {existing['label']} and {label}")
        else:
            new = False
        for name, value in props.items():
            if name not in kinds:
                raise KeyError(f"{label} has no property {name!r} in schema.py")
            kind = kinds[name]
            if kind is _LIST:
                if value:
                    if new:
                        existing[name] = _sorted_values(value)
                    else:
                        self.add_values(node_id, name, existing[name], value)
            elif existing[name] is None and value is not None and value != "":
                existing[name] = self.strs.setdefault(value, value) if kind is _SHARED_STR and type(value) is str \
                    else value
        return node_id

    def drop_facts(self) -> None:
        self.facts, self.led, self.sup, self.users, self.under = {}, {}, {}, {}, {}

    def add_values(self, node_id: str, name: str, listed: list[str], value: Iterable[str]) -> None:
        """More values for the list prop `name` of a node that has `listed` already (sorted by finish())."""
        values = self.lists.get((node_id, name))
        if values is None:
            more = {v for v in value if v}
            if more.issubset(listed):  # (the usual case: an agency named as before)
                return
            values = self.lists[(node_id, name)] = set(listed)
            values |= more
        else:
            values.update(v for v in value if v)

    def _claim(self, rel: str, u: str, v: str) -> dict[str, Any] | None:
        """The dict of u's `rel` edges that a new edge u -> v goes in, its (label, label) pair checked
        against the schema; None if the graph has that edge already (the first occurrence keeps its
        provenance). Shared by edge() and link()."""
        edges = self.edges[rel]
        out = edges.get(u)
        if out is None:
            out = edges[u] = {}
        elif v in out:  # (its pair was checked then)
            return None
        nodes = self.nodes
        if (nodes[u]["label"], nodes[v]["label"]) not in _REL_PAIRS[rel]:
            raise ValueError(f"{rel} does not allow {nodes[u]['label']} -> {nodes[v]['label']} (schema.py)")
        return out

    def edge(self, rel: str, u: str, v: str, **props: Any) -> dict[str, Any] | None:
        """Add an edge once: its attributes, or None if the graph has it already (the first occurrence
        keeps its provenance)."""
        out = self._claim(rel, u, v)
        if out is None:
            return None
        template = _EDGE_TEMPLATE[rel]
        attrs = template.copy()
        attrs.update(props)
        if len(attrs) != len(template):  # (a prop the schema does not list was added)
            name = next(n for n in props if n not in template)
            raise KeyError(f"{rel} has no property {name!r} in schema.py")
        list_props = _EDGE_LISTS[rel]
        mention = props.get("mention")
        if mention:
            attrs["mention"] = self.strs.setdefault(mention, mention)
        if list_props:
            for name in list_props:
                attrs[name] = list(attrs[name] or ())
        if "" in props.values():
            for name, value in props.items():
                if value == "" and name not in list_props:
                    attrs[name] = None
        out[v] = attrs
        return attrs

    def link(self, rel: str, u: str, v: str, source: str | None, line: int | None,
             mention: str | None = None) -> dict[str, Any] | None:
        """edge(rel, u, v, source=source, line=line, mention=mention) (mention only for a type that has
        one) without keyword arguments, for the hot path (each measure's edges): ~1.6M calls at 10k
        documents, where parsing keywords into a dict and reading it back cost more than the edge. A type's
        other props (LEADS' inherited, DUE's repairs) are set by the caller on the attributes returned
        (as given: no "" -> None for them); lists start as []."""
        return _link(self.edges[rel], self.nodes, self.strs, rel, u, v, source, line, mention)

    # ------------------------------------------------------------------ domain nodes

    def jurisdiction(self, j: records.Jurisdiction, source: str, line: int) -> str:
        jid = self.node("Jurisdiction", schema.node_id("Jurisdiction", j.name), name=j.name,
                        level=j.level or level_from_name(j.name), parent=j.parent, inferred=bool(j.inferred))
        if j.parent:
            parent_level = {"district": "city", "county": "city", "city": "province"}.get(j.level, "")
            pid = self.node("Jurisdiction", schema.node_id("Jurisdiction", j.parent), name=j.parent,
                            level=parent_level or level_from_name(j.parent), inferred=False)
            self.edge("IN", jid, pid, source=source, line=line)
        return jid

    def jurisdiction_by_name(self, name: str) -> str:
        jid = f"{_JURISDICTION}{name}"
        if jid not in self.nodes:
            self.node("Jurisdiction", jid, name=name, level=level_from_name(name), inferred=False)
        return jid

    def agency(self, ref: records.UnitRef, plan_jurisdiction: str, source: str, line: int) -> str:
        aid = _known_agency(self.nodes, self.lists, ref, plan_jurisdiction)
        if aid is not None:  # (the hot path: units recur in every plan)
            return aid
        jur = ref.jurisdiction or plan_jurisdiction
        name = ref.name or ref.mention
        aid = _agency_id(name, jur)
        nodes = self.nodes
        values = (name, jur or None, (ref.mention,))
        if aid in nodes:  # a node of another label (_known_agency took it otherwise): node() says so
            self.node("Agency", aid, **dict(zip(_AGENCY_PROPS, values)))
        _new_node(nodes, self.natural, self.strs, "Agency", aid, None, _AGENCY_PROPS, _AGENCY_KINDS, values)
        attrs = nodes[aid]
        attrs["collective"] = bool(attrs["collective"]) or ref.collective
        attrs["resolved"] = bool(attrs["resolved"]) or ref.resolved
        if jur:
            _link(self.edges["IN"], nodes, self.strs, "IN", aid, self.jurisdiction_by_name(jur), source, line, None)
        return aid

    def platform(self, ref: records.PlatformRef) -> str:
        return self.node("Platform", f"{_PLATFORM}{ref.name}", name=ref.name, aliases=[ref.mention])

    def deadline(self, d: records.Deadline) -> str:
        did = f"{_DEADLINE}{d.date}:{d.kind}" if d.date else f"{_DEADLINE}{d.kind}"
        known = self.nodes.get(did)
        if known is not None and known["label"] == "Deadline" and known["date"] == d.date and known["kind"] == d.kind:
            return did  # (made from the same date and kind: node() would change nothing)
        return self.node("Deadline", did, date=d.date, kind=d.kind,
                         month=d.date[:7] if d.date else None,
                         year=int(d.date[:4]) if d.date and d.date[:4].isdigit() else None)

    def indicator(self, name: str) -> str:
        iid = f"{_INDICATOR}{name}"
        known = self.nodes.get(iid)
        if known is not None and known["label"] == "Indicator" and known["name"] == name:
            return iid  # (node() would change nothing)
        return self.node("Indicator", iid, name=name)


def _link(by_source: dict[str, dict[str, dict[str, Any]]], nodes: dict[str, dict[str, Any]], strs: dict[str, str],
          rel: str, u: str, v: str, source: str | None, line: int | None,
          mention: str | None) -> dict[str, Any] | None:
    """_Builder.link(rel, u, v, source, line, mention) given the builder's dict of `rel` edges (u -> v ->
    attributes), its nodes and its str table: _claim and the edge's attributes in one function, which
    _add_document's measure loop calls without a method call (~1.5M edges at 10k documents)."""
    out = by_source.get(u)
    if out is None:
        out = by_source[u] = {}
    elif v in out:  # (its pair was checked then; the first occurrence keeps its provenance)
        return None
    if (nodes[u]["label"], nodes[v]["label"]) not in _REL_PAIRS[rel]:
        raise ValueError(f"{rel} does not allow {nodes[u]['label']} -> {nodes[v]['label']} (schema.py)")
    return _edge_attrs(out, strs, _LINK_SPEC[rel], v, source, line, mention)


def _link_known(by_source: dict[str, dict[str, dict[str, Any]]], strs: dict[str, str],
                spec: tuple[str, dict[str, Any], tuple[str, ...]], u: str, v: str, source: str | None,
                line: int | None, mention: str | None) -> dict[str, Any] | None:
    """_link for an edge whose endpoints' labels the caller knows to be a pair of the type (_KNOWN_PAIRS:
    _add_document has just made or found them with those labels), so not looked up again; `spec` is
    _LINK_SPEC[rel]."""
    out = by_source.get(u)
    if out is None:
        out = by_source[u] = {}
    elif v in out:
        return None
    return _edge_attrs(out, strs, spec, v, source, line, mention)


def _edge_attrs(out: dict[str, dict[str, Any]], strs: dict[str, str], spec: tuple[str, dict[str, Any], tuple[str, ...]],
                v: str, source: str | None, line: int | None, mention: str | None) -> dict[str, Any]:
    """A new edge's attributes (link's), stored in `out` (its source's edges of the type) under `v`."""
    rel, template, list_props = spec
    attrs = template.copy()
    attrs["source"] = None if source == "" else source  # ("" is None, as edge() stores it)
    attrs["line"] = None if type(line) is str and not line else line
    if mention is not None:
        attrs["mention"] = strs.setdefault(mention, mention) if mention else None
    if len(attrs) != len(template):  # (mention given for a type without one)
        raise KeyError(f"{rel} has no property 'mention' in schema.py")
    for name in list_props:
        attrs[name] = []
    out[v] = attrs
    return attrs


# per relationship type: (type, its attributes' template, its list props), what a new edge's attributes are
# made from (_edge_attrs)
_LINK_SPEC: dict[str, tuple[str, dict[str, Any], tuple[str, ...]]] = {
    rel: (rel, _EDGE_TEMPLATE[rel], tuple(sorted(_EDGE_LISTS[rel]))) for rel in _EDGE_TEMPLATE}
# the edges _add_document makes through _link_known, as (type, source label, target label): their endpoints
# are nodes it has just made or found with those labels (a Plan or Section and its Measure or Section, an
# Agency and what it leads or supports, a Measure and its Platform, Deadline or Indicator, a Section and its
# Indicator), so each pair is checked against schema.py once, here, instead of per edge
_KNOWN_PAIRS = (("HAS_SECTION", "Plan", "Section"), ("HAS_SECTION", "Section", "Section"), ("LEADS", "Agency", "Section"),
                ("UNDER", "Section", "Indicator"), ("HAS_MEASURE", "Plan", "Measure"),
                ("HAS_MEASURE", "Section", "Measure"), ("LEADS", "Agency", "Measure"), ("SUPPORTS", "Agency", "Measure"),
                ("USES_PLATFORM", "Measure", "Platform"), ("DUE", "Measure", "Deadline"),
                ("UNDER", "Measure", "Indicator"))
for _rel, _source, _target in _KNOWN_PAIRS:
    if (_source, _target) not in _REL_PAIRS[_rel]:
        raise RuntimeError(f"schema.py: {_rel} does not allow {_source} -> {_target}, which the graph add makes")


def _agency_id(name: str, jur: str) -> str:
    # canonical names are usually jurisdiction-prefixed already (赣州市行政审批局); otherwise scope the id
    return f"{_AGENCY}{name}" if not jur or name.startswith(jur) else f"{_AGENCY}{jur}:{name}"


def _known_agency(nodes: dict[str, dict[str, Any]], lists: dict[tuple[str, str], set[str]], ref: records.UnitRef,
                  plan_jurisdiction: str) -> str | None:
    """_Builder.agency for an agency the graph has already: its id, after what node() does for a known
    node (missing props filled, the mention added to its aliases) and its flags ORed; None (nothing
    done) for a new one."""
    jur = ref.jurisdiction or plan_jurisdiction
    name = ref.name or ref.mention
    aid = _agency_id(name, jur)
    attrs = nodes.get(aid)
    if attrs is None or attrs["label"] != "Agency":
        return None
    if attrs["name"] is None and name:
        attrs["name"] = name
    if attrs["jurisdiction"] is None and jur:
        attrs["jurisdiction"] = jur
    mention = ref.mention
    if mention:
        aliases = lists.get((aid, "aliases"))
        if aliases is not None:
            aliases.add(mention)
        elif mention not in attrs["aliases"]:
            lists[(aid, "aliases")] = {*attrs["aliases"], mention}
    attrs["collective"] = bool(attrs["collective"]) or ref.collective
    attrs["resolved"] = bool(attrs["resolved"]) or ref.resolved
    return aid


def _sorted_values(value: Iterable[str]) -> list[str]:
    """A list prop's value as node() makes it: the natural-sorted set of the values given (one value, the
    usual case, without its sort key: an agency's first alias, a measure's one target)."""
    values = {v for v in value if v}
    return list(values) if len(values) < 2 else sorted(values, key=_natural_then_text)


# the props _add_document gives a new Measure node (_new_node), and each one's kind (_NODE_KINDS)
_MEASURE_PROPS = ("plan", "number", "title", "text", "kind", "section", "indicator", "deadline", "lead_inherited",
                  "targets", "repairs", "source", "line")
_MEASURE_KINDS = tuple(_NODE_KINDS["Measure"][name] for name in _MEASURE_PROPS)
# the same for a new Section (_add_document) and a new Agency (_Builder.agency)
_SECTION_PROPS = ("plan", "number", "path", "title", "source", "line")
_SECTION_KINDS = tuple(_NODE_KINDS["Section"][name] for name in _SECTION_PROPS)
_AGENCY_PROPS = ("name", "jurisdiction", "aliases")
_AGENCY_KINDS = tuple(_NODE_KINDS["Agency"][name] for name in _AGENCY_PROPS)


def _new_node(nodes: dict[str, dict[str, Any]], natural: dict[str, tuple[object, ...]], strs: dict[str, str],
              label: str, node_id: str, key: tuple[object, ...] | None, names: tuple[str, ...],
              kinds: tuple[str, ...], values: tuple[Any, ...]) -> None:
    """What _Builder.node(label, node_id, key, **dict(zip(names, values))) does for an id the graph does not
    have yet (`kinds`: each name's kind, as _NODE_KINDS[label] gives them), without parsing keywords into
    a dict and reading them back (the measure loop: a node per measure)."""
    attrs = nodes[node_id] = _NODE_TEMPLATE[label].copy()
    attrs["id"] = node_id
    natural[node_id] = natural_key(node_id) if key is None else key
    for name in _NODE_LISTS[label]:  # [] unless values are given
        attrs[name] = []
    for i in range(len(names)):
        value = values[i]
        kind = kinds[i]
        if kind is _LIST:
            if value:
                attrs[names[i]] = _sorted_values(value)
        elif value is not None and value != "":
            attrs[names[i]] = strs.setdefault(value, value) if kind is _SHARED_STR and type(value) is str else value


class GraphBuilder:
    """build_graph() one document at a time: `add` each DocResult in input order (as extraction
    delivers them), then `finish` once. The graph is the one build_graph gives for the same results in
    the same order. A second file with the same base name but different content gets the doc token
    "name~2"; the very same file given twice is read once."""

    def __init__(self, *, include_people: bool = False, masked: bool = False) -> None:
        self._b = _Builder(include_people=include_people)
        self._mask = not (include_people or masked)
        # the finished graph's node count per label and edge count per type (as counts() gives them)
        self.counts: tuple[dict[str, int], dict[str, int]] | None = None
        self._seen_sha: set[tuple[str, str]] = set()
        self._count: dict[str, int] = {}

    def add(self, res: records.DocResult) -> None:
        name, sha = res.document.name, res.document.sha256
        if (name, sha) in self._seen_sha and sha:
            return
        self._seen_sha.add((name, sha))
        n = self._count[name] = self._count.get(name, 0) + 1
        _add_document(self._b, mask_result(res) if self._mask else res, name if n == 1 else f"{name}~{n}")

    def finish(self, *, processes: int = 1) -> nx.MultiDiGraph:
        """The graph. With processes > 1 its derived properties are computed in a forked process while
        this one builds the adjacency (same values)."""
        b, self._b = self._b, None
        if b is None:
            raise RuntimeError("GraphBuilder.finish() called twice")
        g, self.counts = _finish(b, processes)
        return g


def build_graph(batch: records.BatchResult, *, include_people: bool = False,
                masked: bool = False) -> nx.MultiDiGraph:
    """The knowledge graph of a batch (see module docstring). Without include_people the records are
    masked first (privacy.mask_result), unless `masked` says the batch already is (as `build`'s
    extraction cache keeps it); masking is idempotent, so `masked` only saves time."""
    # The cyclic GC is paused while building: the graph is millions of new dicts, lists and tuples,
    # none of them garbage, and every full collection would also walk the whole batch (~5x the
    # graph's build time at 10k documents). Nothing built here forms a reference cycle to collect.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        builder = GraphBuilder(include_people=include_people, masked=masked)
        for res in batch.results:
            builder.add(res)
        return builder.finish()
    finally:
        if gc_was_enabled:
            gc.enable()


def _add_document(b: _Builder, res: records.DocResult, tok: str) -> None:
    doc = res.document  # personal data is already masked here unless include_people (mask_result)

    plan_ids: dict[str, str] = {}
    plan_jur: dict[str, str] = {}
    for p in res.plans:
        pid = schema.node_id("Plan", tok, p.line)
        plan_ids[p.key] = pid
        plan_jur[p.key] = p.jurisdiction.name
        b.node("Plan", pid, title=p.title, jurisdiction=p.jurisdiction.name, issuer=p.issuer,
               issued=p.issued, kind=p.kind, year=p.year, attachment=p.attachment, source=p.doc, line=p.line,
               sha256=p.sha256 or doc.sha256)
        if p.jurisdiction.name:  # an unknown place gets no Jurisdiction node (never one named "")
            b.edge("IN", pid, b.jurisdiction(p.jurisdiction, p.doc, p.line), source=p.doc, line=p.line)

    def plan_of(key: str, line: int) -> str | None:
        if key in plan_ids:
            return key
        # records without a plan key: the last plan starting at or before the line
        before = [p for p in res.plans if p.line <= line]
        return before[-1].key if before else (res.plans[0].key if res.plans else None)

    # ---- sections: ids, hierarchy, heading leads, indicators
    by_plan: dict[str, list[tuple[records.Section, str]]] = {}
    seen_ids: dict[str, int] = {}

    def unique(base: str) -> str:
        n = seen_ids.get(base, 0) + 1
        seen_ids[base] = n
        return base if n == 1 else f"{base}#{n}"

    section_head = natural_key(f"{_SECTION}{tok}:")
    nodes, natural, strs, lists, edges = b.nodes, b.natural, b.strs, b.lists, b.edges
    for s in sorted(res.sections, key=lambda s: s.line):
        key = plan_of(s.plan, s.line)
        sid = unique(base := f"{_SECTION}{tok}:{s.line}:{s.number}")
        by_plan.setdefault(key or "", []).append((s, sid))
        values = (plan_ids.get(key or ""), s.number, " > ".join(s.path), s.title, s.doc, s.line)
        id_key = _id_key(section_head, s.line, s.number) if sid is base else None
        if sid in nodes:  # (never: as a measure's, below)
            b.node("Section", sid, id_key, **dict(zip(_SECTION_PROPS, values)))
        else:
            _new_node(nodes, natural, strs, "Section", sid, id_key, _SECTION_PROPS, _SECTION_KINDS, values)

    # each plan's sections (in line order) and those of each of its paths, with their lines: the ones
    # at or before a line are found by bisection
    in_plan: dict[str, tuple[list[int], list[tuple[records.Section, str]]]] = {}
    on_path: dict[tuple[str, tuple[str, ...]], tuple[list[int], list[tuple[records.Section, str]]]] = {}
    for key, items in by_plan.items():
        in_plan[key] = ([s.line for s, _ in items], items)
        for item in items:
            lines, found = on_path.setdefault((key, tuple(item[0].path)), ([], []))
            lines.append(item[0].line)
            found.append(item)

    def enclosing(key: str | None, path: tuple[str, ...], line: int, *, fallback: bool = True
                  ) -> tuple[records.Section, str] | None:
        """Nearest preceding section of the plan with exactly that path; else (fallback) the nearest
        preceding one, which is the enclosing heading in document order."""
        if path:
            exact = on_path.get((key or "", tuple(path)))
            if exact is not None:
                i = bisect_right(exact[0], line)
                if i:
                    return exact[1][i - 1]
        if not fallback:
            return None
        cands = in_plan.get(key or "")
        if cands is None:
            return None
        i = bisect_right(cands[0], line)
        return cands[1][i - 1] if i else None

    section_indicator: dict[str, tuple[str, records.Section]] = {}
    has_section, leads_to, serves = edges["HAS_SECTION"], edges["LEADS"], edges["UNDER"]
    # (every edge of a section or a measure through _link_known: see _KNOWN_PAIRS for their labels)
    has_section_spec, leads_spec, under_spec = _LINK_SPEC["HAS_SECTION"], _LINK_SPEC["LEADS"], _LINK_SPEC["UNDER"]
    for key, items in by_plan.items():
        for s, sid in items:
            # (edges through _link: edge(**props) but for the props set on the attributes it returns)
            parent = enclosing(key, tuple(s.path[:-1]), s.line - 1, fallback=False) if len(s.path) > 1 else None
            if parent is not None and parent[1] != sid:
                _link_known(has_section, strs, has_section_spec, parent[1], sid, s.doc, s.line, None)
                inherited_ind = section_indicator.get(parent[1])
            else:
                if key in plan_ids:
                    _link_known(has_section, strs, has_section_spec, plan_ids[key], sid, s.doc, s.line, None)
                inherited_ind = None
            for u in s.lead:
                aid = b.agency(u, plan_jur.get(key, ""), s.doc, s.line)
                attrs = _link_known(leads_to, strs, leads_spec, aid, sid, s.doc, s.line, u.mention)
                if attrs is not None:
                    attrs["inherited"] = False
            if s.indicator:
                _link_known(serves, strs, under_spec, sid, b.indicator(s.indicator), s.doc, s.line, s.title)
                section_indicator[sid] = (s.indicator, s)
            elif inherited_ind is not None:
                section_indicator[sid] = inherited_ind

    # ---- measures
    facts, led, sup, users, under = b.facts, b.led, b.sup, b.users, b.under
    # (the builder's dicts, for _link, _new_node and _known_agency: no method call per edge or node)
    has_measure, supports, uses, due = edges["HAS_MEASURE"], edges["SUPPORTS"], edges["USES_PLATFORM"], edges["DUE"]
    has_measure_spec, supports_spec, uses_spec, due_spec = (
        _LINK_SPEC["HAS_MEASURE"], _LINK_SPEC["SUPPORTS"], _LINK_SPEC["USES_PLATFORM"], _LINK_SPEC["DUE"])
    measure_head = natural_key(f"{_MEASURE}{tok}:")
    for m in sorted(res.measures, key=lambda m: (m.line, m.span)):
        key = plan_of(m.plan, m.line)
        mid = unique(base := f"{_MEASURE}{tok}:{m.line}:{m.number}")
        sec = enclosing(key, tuple(m.section_path), m.line)
        ind_name, ind_line, ind_mention = m.indicator, m.line, m.indicator
        if not ind_name and sec is not None and sec[1] in section_indicator:
            ind_name, s = section_indicator[sec[1]]
            ind_line, ind_mention = s.line, s.title
        source = m.doc
        values = (plan_ids.get(key or ""), m.number, m.title, m.text, m.kind, m.section, ind_name,
                  m.deadline.date if m.deadline else None, bool(m.lead_inherited), m.targets, m.repairs,
                  source, m.line)
        id_key = _id_key(measure_head, m.line, m.number) if mid is base else None
        if mid in nodes:  # (never: unique() makes each id of the document once, and `tok` is the document's)
            b.node("Measure", mid, id_key, **dict(zip(_MEASURE_PROPS, values)))
        else:
            _new_node(nodes, natural, strs, "Measure", mid, id_key, _MEASURE_PROPS, _MEASURE_KINDS, values)
        if key in plan_ids:
            _link_known(has_measure, strs, has_measure_spec, plan_ids[key], mid, source, m.line, None)
        if sec is not None:
            _link_known(has_measure, strs, has_measure_spec, sec[1], mid, source, m.line, None)
        resp_line = m.responsibility_line or m.line
        jur = plan_jur.get(key or "", "")
        # (each edge made is noted for derive: _Builder.facts)
        leads: list[str] = []
        for u in m.lead:
            aid = _known_agency(nodes, lists, u, jur)
            if aid is None:
                aid = b.agency(u, jur, source, resp_line)
            attrs = _link_known(leads_to, strs, leads_spec, aid, mid, source, resp_line, u.mention)
            if attrs is not None:
                attrs["inherited"] = bool(m.lead_inherited)
                leads.append(aid)
                by_measure = led.get(aid)
                if by_measure is None:
                    by_measure = led[aid] = {}
                by_measure[mid] = attrs
        cos: list[str] = []
        for u in m.co:
            aid = _known_agency(nodes, lists, u, jur)
            if aid is None:
                aid = b.agency(u, jur, source, resp_line)
            if _link_known(supports, strs, supports_spec, aid, mid, source, resp_line, u.mention) is not None:
                cos.append(aid)
                ms = sup.get(aid)
                if ms is None:
                    sup[aid] = [mid]
                else:
                    ms.append(mid)
        for pref in m.platforms:
            pid = b.platform(pref)
            if _link_known(uses, strs, uses_spec, mid, pid, source, m.line, pref.mention) is not None:
                ms = users.get(pid)
                if ms is None:
                    users[pid] = [mid]
                else:
                    ms.append(mid)
        dls = list(m.deadlines) or ([m.deadline] if m.deadline else [])
        if m.deadline is not None and m.deadline not in dls:
            dls.append(m.deadline)
        dues: list[str] = []
        for d in dls:
            did = b.deadline(d)
            attrs = _link_known(due, strs, due_spec, mid, did, source, m.line, d.raw)
            if attrs is not None:
                attrs["repairs"] = list(d.repairs)
                dues.append(did)
        facts[mid] = (leads, cos, dues)
        if ind_name:
            iid = b.indicator(ind_name)
            if _link_known(serves, strs, under_spec, mid, iid, source, ind_line, ind_mention) is not None:
                ms = under.get(iid)
                if ms is None:
                    under[iid] = [mid]
                else:
                    ms.append(mid)

    # ---- rosters
    for tf in sorted(res.task_forces, key=lambda t: t.line):
        key = plan_of(tf.plan, tf.line)
        tid = unique(schema.node_id("TaskForce", tok, tf.line))
        b.node("TaskForce", tid, name=tf.name, plan=plan_ids.get(key or ""), indicator=tf.indicator,
               office=tf.office, source=tf.doc, line=tf.line)
        if tf.indicator:
            b.edge("FOR", tid, b.indicator(tf.indicator), source=tf.doc, line=tf.line)
        jur = plan_jur.get(key or "", "")
        for role, units in (("lead", tf.lead), ("member", tf.members)):
            for u in units:
                b.edge("MEMBER_OF", b.agency(u, jur, tf.doc, tf.line), tid, role=role, source=tf.doc,
                       line=tf.line, mention=u.mention)
        for i, p in enumerate(tf.people, 1):
            line = p.line or tf.line
            pid = schema.node_id("Person", tok, line, i)  # never the name: ids are published unmasked
            b.node("Person", pid, name=p.name, role=p.role, unit=p.unit, phone=p.phone, email=p.email,
                   source=tf.doc, line=line)
            b.edge("MEMBER_OF", pid, tid, role=_person_role(p.role), source=tf.doc, line=line, mention=p.name)


def _id_key(head: tuple[object, ...], line: int, number: str) -> tuple[object, ...] | None:
    """natural_key(f"{prefix}{line}:{number}") from head = natural_key(prefix), prefix ending in ":" (not a
    digit, so the line's digits begin a part of their own): the measure and section ids, made without
    splitting the whole id again. None (the caller splits it) for a line that is not a plain int >= 0."""
    if type(line) is not int or line < 0:
        return None
    return head + (line,) + _colon_key(number)


@functools.lru_cache(maxsize=4096)
def _colon_key(number: str) -> tuple[object, ...]:
    """natural_key(":" + number): item numbers ("1", "(二)", "3.2") recur in every plan."""
    return natural_key(":" + number)


def _finish(b: _Builder, processes: int = 1) -> tuple[nx.MultiDiGraph, tuple[dict[str, int], dict[str, int]]]:
    """The graph: nodes by (label order, natural id order), edges by (type order, natural order of
    the endpoints); ties (ids of equal natural keys, "a1" and "a01") in the order the nodes were made, a
    type's edges from such ids in the order of each one's first edge of the type (the sorts are stable). Its derived properties are
    computed from the builder's own index of the edges (_builder_edges, in the order the graph's
    adjacency will have), with processes > 1 in a forked process while this one builds the adjacency
    (_Helper), else here before it; derive(g) would give the same values. Also its counts (as counts()
    gives them)."""
    nodes = b.nodes
    ranked, rank = _rank(b.natural)
    b.natural = {}
    helper = _Helper.start(b, rank) if processes > 1 and _helper_fits() else None
    try:
        lists, b.lists = b.lists, {}
        for (nid, name), values in lists.items():  # list props: the natural-sorted set of every value given
            nodes[nid][name] = sorted(values, key=_natural_then_text)
        del lists
        if helper is None:  # (after the list props: some are derived)
            _derive_from(*_builder_edges(b, rank))
            b.drop_facts()
        by_label: dict[str, list[str]] = {n.label: [] for n in schema.NODES}
        for nid in ranked:  # (ties in the order the nodes were made, as a stable sort by rank gives them)
            by_label[nodes[nid]["label"]].append(nid)
        del ranked
        node_counts = {label: len(ids) for label, ids in by_label.items()}
        # what add_node/add_edge do, without their per-call checks (every endpoint is a node already):
        # node attr dicts in sorted order; succ[u][v] and pred[v][u] share one key dict {rel: attrs}
        g = nx.MultiDiGraph()
        g_node, succ, pred = g._node, g._succ, g._pred
        for ids in by_label.values():
            g_node.update(zip(ids, map(nodes.__getitem__, ids)))
            succ.update(zip(ids, [{} for _ in ids]))
            pred.update(zip(ids, [{} for _ in ids]))
        del by_label
        by_rank = rank.__getitem__
        rel_counts = {}
        for rel, edges in b.edges.items():  # (in type order)
            rel_counts[rel] = sum(map(len, edges.values()))
            shared = rel in _PAIR_SHARED  # else no pair of it has an edge of an earlier type: each key dict is new
            key_dict = _KEY_DICT[rel].copy
            for u in sorted(edges, key=by_rank):
                out = edges[u]
                su = succ[u]
                for v in sorted(out, key=by_rank) if len(out) > 1 else out:
                    keydict = su.get(v) if shared else None
                    if keydict is None:
                        su[v] = pred[v][u] = keydict = key_dict()
                        keydict[rel] = out[v]
                    else:
                        keydict[rel] = out[v]
        del rank
        b.edges = {}  # (freed at once: the graph holds everything now)
        clear = getattr(nx, "_clear_cache", None)
        if clear is not None:
            clear(g)
        if helper is not None:
            if not helper.apply(nodes):
                derive(g)  # the helper process died (killed, out of memory): the same values, computed here
            b.drop_facts()  # (now that the helper is gone: freeing them earlier would copy their pages)
    finally:
        if helper is not None:
            helper.close()
    return g, (node_counts, rel_counts)


def _rank(natural: dict[str, tuple[object, ...]]) -> tuple[list[str], dict[str, int]]:
    """The ids in natural order (equal natural keys in the order of `natural`) and each id's rank in it
    (equal natural keys share a rank), so that the sorts compare small ints instead of key tuples."""
    ranked = sorted(natural, key=natural.__getitem__)
    rank = dict(zip(ranked, range(len(ranked))))  # (with gaps where ids share a rank: only the order counts)
    keys = list(map(natural.__getitem__, ranked))
    ties = [i for i, same in enumerate(map(operator.eq, keys[1:], keys), 1) if same]
    for i in ties:
        rank[ranked[i]] = rank[ranked[i - 1]]
    return ranked, rank


def _builder_edges(b: _Builder, rank: dict[str, int]) -> tuple[
        dict[str, dict[str, Any]], dict[str, list[tuple[str, dict[str, Any]]]],
        dict[str, tuple[list[str], list[str], list[str]]], dict[str, list[tuple[str, dict[str, Any] | None, bool]]],
        dict[str, list[str]], dict[str, list[str]]]:
    """_derive_from's arguments from the builder's nodes and what it noted of the edges as they were made
    (_Builder.facts …), as derive() reads them from the finished graph: an agency's measures in the order
    _finish gives its adjacency (by edge type, then the measure's rank, ties in the order the edges were
    made: the measures it LEADS, then those it only SUPPORTS)."""
    nodes = b.nodes
    by_label: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for nid, attrs in nodes.items():
        lab = attrs["label"]
        group = by_label.get(lab)
        if group is None:
            group = by_label[lab] = []
        group.append((nid, attrs))
    led, sup = b.led, b.sup
    key = rank.__getitem__
    agency_edges: dict[str, list[tuple[str, dict[str, Any] | None, bool]]] = {}
    for aid, _ in by_label.get("Agency", ()):
        leads = led.get(aid)
        supports = sup.get(aid)
        if leads is None:
            if supports is not None:
                agency_edges[aid] = [(v, None, True) for v in sorted(supports, key=key)]
            continue
        if supports is None:
            agency_edges[aid] = [(v, leads[v], False) for v in sorted(leads, key=key)]
            continue
        both = set(supports)
        edges = [(v, leads[v], v in both) for v in sorted(leads, key=key)]
        edges += [(v, None, True) for v in sorted((v for v in supports if v not in leads), key=key)]
        agency_edges[aid] = edges
    return nodes, by_label, b.facts, agency_edges, b.users, b.under


# the derived properties of each label (schema.py: "derived: …"), as the helper process sends them
_DERIVED: dict[str, tuple[str, ...]] = {
    n.label: tuple(p.name for p in n.props if p.doc.startswith("derived")) for n in schema.NODES}
_DERIVED = {label: names for label, names in _DERIVED.items() if names}


def _helper_fits() -> bool:
    """Whether memory holds the derive helper (_Helper) beside this process: the helper copies the pages
    it reads (the nodes and the builder's index of the edges, about half of this process), and this
    process grows meanwhile by the adjacency (about as much as it holds). Measured at 100k documents:
    7.9 GB resident as the graph stage began, 18.9 GB for both at its peak (bench/RESULTS.md)."""
    from .. import sysmem

    rss = sysmem.resident()
    return sysmem.forks_that_fit(1, rss // 2, keep=rss) == 1


class _Helper:
    """derive's values computed in a forked process (from the builder's index, _builder_edges) while
    the build process makes the graph's adjacency. The values come back pickled through a pipe, read
    by a thread as they come (so the process ends, and its copies of the pages it touched are freed,
    as soon as it is done): for each label with derived properties, one tuple per node, in the order
    of the builder's nodes."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._read, args=(fd,), name="dutygraph-derive", daemon=True)
        self.reader.start()

    @classmethod
    def start(cls, b: _Builder, rank: dict[str, int]) -> _Helper | None:
        if "fork" not in mp.get_all_start_methods():
            return None
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return None
        if pid == 0:  # the helper: never returns
            status = 1
            try:
                os.close(r)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build process's to handle
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                gc.disable()
                nodes = b.nodes
                keep: list[Any] = []  # this process ends without freeing what derive made (os._exit)
                args = _builder_edges(b, rank)
                _derive_from(*args, keep=keep)
                rows: dict[str, list[tuple[Any, ...]]] = {label: [] for label in _DERIVED}
                for attrs in nodes.values():
                    names = _DERIVED.get(attrs["label"])
                    if names is not None:
                        rows[attrs["label"]].append(tuple([attrs[name] for name in names]))
                data = memoryview(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
                while data:
                    data = data[os.write(w, data):]
                status = 0
            finally:
                os._exit(status)
        os.close(w)
        helper = cls(pid, r)
        return helper

    def _read(self, fd: int) -> None:
        try:
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return
                self.chunks.append(chunk)
        finally:
            os.close(fd)

    def apply(self, nodes: dict[str, dict[str, Any]]) -> bool:
        """Set the helper's values on `nodes` (the builder's, in the order it had them); False if the
        helper did not finish (then nothing is set)."""
        try:
            self.reader.join()
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if status != 0:
                return False
            rows = pickle.loads(b"".join(self.chunks))
        finally:
            self.chunks = []
            self.close()
        its = {label: iter(values) for label, values in rows.items()}
        for attrs in nodes.values():
            it = its.get(attrs["label"])
            if it is not None:
                attrs.update(zip(_DERIVED[attrs["label"]], next(it)))
        return True

    def close(self) -> None:
        """End the helper if it still runs (the build failed or was interrupted meanwhile)."""
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0


_QUARTER = {f"{m:02d}": (m - 1) // 3 + 1 for m in range(1, 13)}
LEAD_WEIGHT, CO_WEIGHT = 1.0, 0.5  # analytics/load.py's load index (the reference) uses the same weights
# Agency.peak_shared counts agency pairs named on the same measure: Σ k(k-1)/2 over measures with k agencies.
# Above this many (one measure naming 10,000 units: 50 million) it is not counted (-1 on every agency).
PEAK_SHARED_PAIR_BUDGET = 20_000_000
# Agency.top_pairs lists, over the whole graph, at most this many co_unit_network pairs: every pair sharing at
# least Agency.top_pairs_min measures (the smallest count for which they are this many or fewer)
TOP_PAIRS_BUDGET = 5_000


def derive(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Fill the derived properties of schema.py in place (and return `g`): on each Measure the number
    of agencies leading it, of collective ones among them, of its co-units and of its deadlines; on each
    Platform the measures using it, their distinct lead agencies and plans (as bottlenecks.py's
    shared_bottlenecks counts them); on each Agency its busiest deadline month's count (deadlines.py's
    deadline_crunch over every year) and its agency_load row over every year, computed exactly as
    analytics/load.py's `agency_load` does (same weights, same order of summing, load rounded to 9
    places as that function ranks it) over the measures of a plan its edges name, and the same row for
    each plan year (load_by_year: "year;load;led;inherited;co;plans;q1;q2;q3;q4"); its busiest month's
    count within each deadline year (peak_due_by_year: "year;count"); and its SUPPORTS
    edges (any plan), peak_shared: the most measures it shares with any one other agency (its largest
    co_unit_network pair) and peak_shared_after: the same over the agencies whose id sorts after its own
    (the largest pair that has it first), counted pair by pair unless the graph holds more than
    PEAK_SHARED_PAIR_BUDGET agency pairs (then -1 on every agency), and then the graph's largest pairs,
    listed on their first agency (top_pairs: "shared;plans;other id", every pair of at least top_pairs_min
    shared measures, the least count for which they are TOP_PAIRS_BUDGET or fewer; recounted from the
    edges of the agencies that have one); the distinct lead agencies and plans
    of the measures it co-supports (its shared_bottlenecks row); the distinct measures of a plan it is
    named for and their plans' jurisdictions (with n_plans: its plan_overlap row). On each Indicator its plan_overlap row
    (reference.py): the plans (ids, sorted) of the measures UNDER it, their jurisdictions and measures.
    On the first Deadline (by id) of each month, that month's deadline_months row (deadlines.py: the
    measures due in it, their distinct lead agencies, the measures' ids, sorted); 0 and [] on the others.
    Reads only LEADS/SUPPORTS/DUE/USES_PLATFORM/UNDER edges, Agency.collective, Measure.plan/deadline
    and Plan.jurisdiction, so
    it can be re-run on any graph of schema.py (hand-built test graphs included); the result does not
    depend on earlier runs. One pass over those edges and one over the agency pairs: ~5.5 s of CPU for
    the 10k synthetic documents (216k measures, 157k agency pairs). GraphBuilder computes the same
    values with _derive_from from what it noted of the edges as they were made (_builder_edges: ~4 s at
    10k), in a forked process when it may use more than one (_Helper)."""
    _derive_from(*_graph_edges(g))
    return g


def _graph_edges(g: nx.MultiDiGraph) -> tuple[
        dict[str, dict[str, Any]], dict[str, list[tuple[str, dict[str, Any]]]],
        dict[str, tuple[list[str], list[str], list[str]]], dict[str, list[tuple[str, dict[str, Any] | None, bool]]],
        dict[str, list[str]], dict[str, list[str]]]:
    """_derive_from's arguments: the edges derive reads, from the graph's adjacency (the builder gives
    the same from its own index: _builder_edges)."""
    node, succ, pred = g._node, g._succ, g._pred
    by_label: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    label: dict[str, str] = {}
    for nid, attrs in node.items():
        lab = attrs.get("label")
        label[nid] = lab
        by_label.setdefault(lab, []).append((nid, attrs))
    measure_edges: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for nid, _ in by_label.get("Measure", ()):
        leads, cos = [], []
        for u, keyed in pred[nid].items():
            if label[u] == "Agency":
                if "LEADS" in keyed:
                    leads.append(u)
                if "SUPPORTS" in keyed:
                    cos.append(u)
        measure_edges[nid] = (leads, cos, [v for v, keyed in succ[nid].items()
                                           if "DUE" in keyed and label[v] == "Deadline"])
    agency_edges = {nid: [(v, keyed.get("LEADS"), "SUPPORTS" in keyed) for v, keyed in succ[nid].items()
                          if label[v] == "Measure"] for nid, _ in by_label.get("Agency", ())}
    users = {nid: [u for u, keyed in pred[nid].items() if "USES_PLATFORM" in keyed and label[u] == "Measure"]
             for nid, _ in by_label.get("Platform", ())}
    under = {nid: [u for u, keyed in pred[nid].items() if "UNDER" in keyed and label[u] == "Measure"]
             for nid, _ in by_label.get("Indicator", ())}
    return node, by_label, measure_edges, agency_edges, users, under


def _derive_from(node: dict[str, dict[str, Any]], by_label: dict[str, list[tuple[str, dict[str, Any]]]],
                 measure_edges: dict[str, tuple[list[str], list[str], list[str]]],
                 agency_edges: dict[str, list[tuple[str, dict[str, Any] | None, bool]]],
                 users: dict[str, list[str]], under: dict[str, list[str]], keep: list[Any] | None = None) -> None:
    """derive() over the edges it reads: each measure's (lead agencies, co-unit agencies, deadlines),
    each agency's measures in the order of its adjacency (the loads are summed in that order) as
    (measure, its LEADS edge's attributes or None, whether it SUPPORTS it), each platform's measures
    (USES_PLATFORM) and each indicator's (UNDER); every id of those is a node of `node`."""
    plan_year = {nid: attrs.get("year") for nid, attrs in by_label.get("Plan", ())}  # (plans: its keys)
    plans = plan_year.keys()
    months: dict[str, tuple[str, ...]] = {}  # a measure's deadline months, as graphview.Incidence.dated reads them
    month_years: dict[str, tuple[tuple[str, int], ...]] = {}  # the same with their deadlines' years (one year's)
    named: dict[str, list[str]] = {}  # a measure's agencies (lead or co-unit), sorted: co_unit_network's pairs
    lead_ids: dict[str, list[str]] = {}  # a measure's lead agencies: shared_bottlenecks' leads of an agency
    # what the agency pass reads of each measure: (lead agencies, named, months, month_years, plan, whether
    # the plan is a Plan node, its year, a lead's weight, a co-unit's weight, quarter)
    seen: dict[str, tuple[Any, ...]] = {}
    quarter_of = _QUARTER.get
    n_pairs = 0
    no_edges: tuple[list[str], list[str], list[str]] = ([], [], [])
    for nid, attrs in by_label.get("Measure", ()):
        leading, cos, dues = measure_edges.get(nid, no_edges)
        lead_ids[nid] = leading
        n_collective = 0
        for u in leading:
            n_collective += node[u].get("collective") is True
        agencies = sorted({*leading, *cos}) if cos else sorted(leading)
        named[nid] = agencies
        n_pairs += len(agencies) * (len(agencies) - 1) // 2
        date = attrs.get("deadline")
        dated: set[tuple[str, int]] = set()
        if date:
            for v in dues:
                if node[v].get("date") == date:
                    dated.add((node[v].get("month"), node[v].get("year")))
        if dated:
            month_years[nid] = tuple(dated)
            months[nid] = tuple({month for month, _ in dated})
        else:
            month_years[nid] = months[nid] = ()
        n_leads, n_co = len(leading), len(cos)
        # (stores, not update(**…): a keyword call per measure costs more than the four stores)
        attrs["n_leads"] = n_leads
        attrs["n_co_units"] = n_co
        attrs["n_collective_leads"] = n_collective
        attrs["n_deadlines"] = len(dues)
        plan = attrs.get("plan")
        seen[nid] = (leading, agencies, months[nid], month_years[nid], plan, plan in plans, plan_year.get(plan),
                     LEAD_WEIGHT / n_leads if n_leads else 0.0, CO_WEIGHT / n_co if n_co else 0.0,
                     quarter_of((date or "")[:7][-2:], 0))
    for nid, attrs in by_label.get("Platform", ()):
        measures = users.get(nid, ())
        attrs.update(n_measures=len(measures),
                     n_leads=len({a for m in measures for a in lead_ids[m]}),
                     n_plans=len({node[m].get("plan") for m in measures} - {None}))
    count_pairs = n_pairs <= PEAK_SHARED_PAIR_BUDGET
    peak_shared: dict[str, int] = {}  # each pair counted once, from its agency with the smaller id
    peak_after: dict[str, int] = {}
    pair_counts: dict[int, int] = {}  # how many pairs share each number of measures
    for nid, attrs in by_label.get("Agency", ()):
        due: dict[str, int] = {}
        year_due: dict[tuple[str, int], int] = {}  # (month, deadline year) -> its led measures due: one year's cells
        by_year: dict[int, list] = {}  # plan year -> [lead weight, co weight, led, inherited, co, plans, q0..q4]
        led = inherited = co = n_supports = 0
        partners: list[str] = []  # the agencies after it on each of its measures, counted once at the end
        lead_weight = co_weight = 0.0
        quarters = [0, 0, 0, 0, 0]
        plan_set: set[str] = set()
        supported = []
        in_plans = 0  # distinct measures of a plan it leads or co-supports: plan_overlap's measures
        n_named = 0  # the same over any plan: agency_portfolio's agencies have one
        support_leads: set[str] = set()  # of the measures it co-supports (any plan): shared_bottlenecks' row
        support_plans: set[str] = set()
        for v, edge, supports in agency_edges.get(nid, ()):
            leads_v, others, months_v, cells_v, plan, in_p, year, lead_w, co_w, quarter = seen[v]
            if supports:
                n_supports += 1
                support_leads.update(leads_v)
                support_plans.add(plan)
            if edge is not None or supports:
                n_named += 1
                if count_pairs:
                    partners += others[bisect_right(others, nid):]
            if edge is not None:
                for month in months_v:
                    due[month] = due.get(month, 0) + 1
                for cell in cells_v:
                    year_due[cell] = year_due.get(cell, 0) + 1
            if not in_p:
                continue
            if edge is not None or supports:
                in_plans += 1
            row = None
            if year:
                row = by_year.get(year)
                if row is None:
                    row = by_year[year] = [0.0, 0.0, 0, 0, 0, set(), 0, 0, 0, 0, 0]
            if edge is not None:
                kind = 3 if edge.get("inherited") else 2
                if kind == 3:
                    inherited += 1
                else:
                    led += 1
                lead_weight += lead_w
                quarters[quarter] += 1
                plan_set.add(plan)
                if row is not None:
                    row[0] += lead_w
                    row[kind] += 1
                    row[6 + quarter] += 1
                    row[5].add(plan)
            if supports:
                supported.append((co_w, plan, row))
        for co_w, plan, row in supported:  # summed after the leads, in the same order as analytics/load.py
            co += 1
            co_weight += co_w
            plan_set.add(plan)
            if row is not None:
                row[1] += co_w
                row[4] += 1
                row[5].add(plan)
        attrs.update(load=round(lead_weight + co_weight, 9), n_led=led, n_inherited=inherited, n_co=co,
                     n_plans=len(plan_set), n_q1=quarters[1], n_q2=quarters[2], n_q3=quarters[3],
                     n_q4=quarters[4], peak_due=max(due.values(), default=0), n_supports=n_supports,
                     n_support_leads=len(support_leads), n_support_plans=len(support_plans - {None}),
                     n_measures=in_plans, n_named=n_named, n_jurisdictions=len({node[p].get("jurisdiction") for p in plan_set} - {None}),
                     load_by_year=[f"{y};{round(r[0] + r[1], 9)!r};{r[2]};{r[3]};{r[4]};{len(r[5])};{r[7]};{r[8]};"
                                   f"{r[9]};{r[10]}" for y, r in sorted(by_year.items())],
                     peak_due_by_year=_peaks_by_year(year_due) if year_due else [])
        # (counted in dicts, not Counters: a Counter's construction and update are Python code, with an
        # ABC check each, once per agency)
        shared_with: dict[str, int] = {}
        for other in partners:
            shared_with[other] = shared_with.get(other, 0) + 1
        for shared in shared_with.values():
            pair_counts[shared] = pair_counts.get(shared, 0) + 1
        for other, shared in shared_with.items():
            if shared > peak_shared.get(other, 0):
                peak_shared[other] = shared
        peak = max(shared_with.values(), default=0)
        if peak > peak_shared.get(nid, 0):
            peak_shared[nid] = peak
        peak_after[nid] = peak
    # deadline_months' row (deadlines.py) of each month, stored on the month's first Deadline (by id)
    by_month: dict[str, list[str]] = {}
    for mid, dated in months.items():
        for month in dated:
            by_month.setdefault(month, []).append(mid)
    first_of_month: dict[str, str] = {}
    for nid, attrs in by_label.get("Deadline", ()):
        month = attrs.get("month")
        if month is not None and (month not in first_of_month or nid < first_of_month[month]):
            first_of_month[month] = nid
    carrier = {nid: month for month, nid in first_of_month.items()}
    for nid, attrs in by_label.get("Deadline", ()):
        due = by_month.get(carrier[nid], ()) if nid in carrier else ()
        attrs.update(month_due=len(due), month_agencies=len({a for m in due for a in lead_ids[m]}),
                     month_measure_ids=sorted(due))
    for nid, attrs in by_label.get("Indicator", ()):  # plan_overlap's indicator row (analytics/reference.py)
        # (of its measures (every one a Measure: seen), those of a plan: seen's plan and whether it is a Plan)
        in_plans = {u: row[4] for u in under.get(nid, ()) if (row := seen[u])[5]}
        plan_ids = sorted(set(in_plans.values()))
        attrs.update(n_plans=len(plan_ids), n_measures=len(in_plans), plan_ids=plan_ids,
                     n_jurisdictions=len({node[p].get("jurisdiction") for p in plan_ids} - {None}))
    # co_unit_network's largest pairs, listed on their first agency: every pair sharing at least `least`
    # measures, the smallest such count for which they are TOP_PAIRS_BUDGET or fewer
    least, listed = max(pair_counts, default=0) + 1, 0
    for shared in sorted(pair_counts, reverse=True):
        if listed + pair_counts[shared] > TOP_PAIRS_BUDGET:
            break
        listed += pair_counts[shared]
        least = shared
    for nid, attrs in by_label.get("Agency", ()):
        if not count_pairs:
            attrs.update(peak_shared=-1, peak_shared_after=-1, top_pairs=[], top_pairs_min=0)
            continue
        attrs.update(peak_shared=peak_shared.get(nid, 0), peak_shared_after=peak_after[nid],
                     top_pairs=_top_pairs(nid, agency_edges.get(nid, ()), named, node, least)
                     if peak_after[nid] >= least else [],
                     top_pairs_min=least)
    if keep is not None:  # (the helper process: what it made is not freed one by one on return)
        keep.append(locals())


def _peaks_by_year(cells: dict[tuple[str, int], int]) -> list[str]:
    """Agency.peak_due_by_year: "year;count" of its busiest month (deadline_crunch's largest cell) in
    each deadline year, by year."""
    peaks: dict[int, int] = {}
    for (_, year), due in cells.items():
        if year and due > peaks.get(year, 0):
            peaks[year] = due
    return [f"{year};{due}" for year, due in sorted(peaks.items())]


def _top_pairs(nid: str, edges: Iterable[tuple[str, dict[str, Any] | None, bool]], named: dict[str, list[str]],
               node: dict, least: int) -> list[str]:
    """Agency.top_pairs: "shared;plans;other agency id" for each agency after it (by id) named on at
    least `least` of the same measures (any plan; plans: their distinct plans), most shared first."""
    on: dict[str, list[str]] = {}
    for v, edge, supports in edges:
        if edge is not None or supports:
            others = named[v]
            for other in others[bisect_right(others, nid):]:
                on.setdefault(other, []).append(v)
    pairs = [(len(ms), len({node[m].get("plan") for m in ms} - {None}), other)
             for other, ms in on.items() if len(ms) >= least]
    pairs.sort(key=lambda p: (-p[0], p[2]))
    return [f"{shared};{n_plans};{other}" for shared, n_plans, other in pairs]


def _natural_then_text(s: str) -> tuple[tuple[object, ...], str]:
    """Natural order; two texts with the same natural key ("a01", "a1") in text order, so a list
    never depends on set iteration order."""
    return natural_key(s), s


def counts(g: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    """Node count per label and edge count per type (every label/type listed, zeros included)."""
    nodes = {n.label: 0 for n in schema.NODES}
    for label, n in Counter(attrs.get("label") for attrs in g._node.values()).items():
        nodes[label] += n
    rels = {r.type: 0 for r in schema.RELS}
    for nbrs in g._succ.values():  # what g.edges(keys=True) walks, without its per-edge tuples
        for keyed in nbrs.values():
            for rel in keyed:
                rels[rel] += 1
    return nodes, rels
