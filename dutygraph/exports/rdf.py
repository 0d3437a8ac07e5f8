"""RDF: Turtle and JSON-LD, with W3C ORG, PROV-O and OWL-Time where they fit.

- Project terms live under ONE namespace, `DG`, an rdflib ClosedNamespace generated from
  graph/schema.py: a misspelt term raises instead of minting a new IRI.
- Node IRIs: <BASE id/ + node id> (Unicode kept, IRI-unsafe characters percent-encoded).
- Agency: org:Organization (+ dg:Agency); TaskForce: org:OrganizationalCollaboration (+ dg:TaskForce);
  MEMBER_OF: org:memberOf; Deadline: time:Instant with time:inXSDDate; Plan: prov:Entity.
- Every edge is stated directly (`?agency dg:leads ?measure`) and once more as a qualified node — an
  rdf:Statement (reification) of class dg:<Type>Statement carrying the edge's properties (mention as
  printed, inherited, role …) and prov:wasDerivedFrom the dg:SourceLine it was read from, so edge
  provenance survives. Qualified-node IRIs hash (type, from, to): deterministic, no blank nodes.

Writing: the triples are generated once, subject by subject in graph order (which is sorted), and
streamed to Turtle and JSON-LD by small writers here — rdflib's own serializers need ~10 s per 50k
triples, too slow for province-scale builds. rdflib stays the reference: `to_rdf()` gives an rdflib
Graph of exactly the same triples, and the tests parse both files back with rdflib (isomorphic to a
golden file, and to each other). `blocks` + `_Formatter.block` (generate_turtle, write_jsonld) format
triple by triple; the exporter (`write`, `_write_fast`) writes the same text from templates made once
per kind of block, in UTF-8 (tests/test_rdf_writer.py holds it to the triple-by-triple text).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from binascii import hexlify
from itertools import repeat
from operator import eq, getitem
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, TIME, ClosedNamespace, Namespace

from ..graph import schema
from ..graph.ids import display_name
from ..loaders.base import runs_compiled
from .atomic import gc_paused, open_atomic, write_text
from .templates import Direct, Texts, form, pick

BASE = "https://dutygraph.example.org/"
DG = ClosedNamespace(BASE + "ns#", schema.rdf_terms())
ID = Namespace(BASE + "id/")
SUBDIR = "rdf"
QUERY_FILES = ("platform_dependents.rq",)

PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS), "dg": str(DG), "foaf": str(FOAF), "org": str(ORG), "prov": str(PROV),
    "rdf": str(RDF), "rdfs": str(RDFS), "time": str(TIME), "xsd": str(XSD),
}

_DATE_PROPS = {"issued", "date"}
# characters Turtle forbids inside <…>, plus our own separators; everything else (Chinese too) stays
_UNSAFE = set('<>"{}|^`\\%#?/ ') | {chr(c) for c in range(0x21)} | {"\x7f"}


class Iri(str):
    """An IRI object (a plain `str` object is an xsd:string literal)."""


class XsdDate(str):
    """An xsd:date literal."""


# the same characters as a regex class: one search scans an id in C (`_UNSAFE.intersection` hashed each
# character into a set first), and most ids hold none of them
_UNSAFE_SEARCH = re.compile("[" + "".join(sorted(map(re.escape, _UNSAFE))) + "]").search


def _iri_part(s: str) -> str:
    if _UNSAFE_SEARCH(s) is None:
        return s
    return "".join("".join(f"%{b:02X}" for b in ch.encode("utf-8")) if ch in _UNSAFE else ch for ch in s)


_ID = str(ID)


def _node(node_id: str) -> str:
    return _ID + _iri_part(node_id)


def _source(doc: str, line: int | None = None) -> str:
    base = _ID + "source/" + _iri_part(doc)
    return base if line is None else f"{base}/L{line}"


def _statement(rel: str, u: str, v: str) -> str:
    digest = hashlib.sha1("\x1f".join((rel, u, v)).encode()).hexdigest()[:20]
    return f"{_ID}statement/{rel}/{digest}"


def node_iri(node_id: str) -> URIRef:
    return URIRef(_node(node_id))


def source_iri(doc: str, line: int | None = None) -> URIRef:
    return URIRef(_source(doc, line))


def statement_iri(rel: str, u: str, v: str) -> URIRef:
    return URIRef(_statement(rel, u, v))


_EXTRA_TYPES = {
    "Agency": (ORG.Organization,),
    "TaskForce": (ORG.OrganizationalCollaboration,),
    "Person": (FOAF.Person,),
    "Deadline": (TIME.Instant,),
    "Plan": (PROV.Entity,),
}

Block = tuple[str, list[tuple[str, Any]]]  # subject IRI, [(predicate IRI, object)]


def _value(v: Any, prop: str) -> Any:
    if prop in _DATE_PROPS and isinstance(v, str) and len(v) == 10 and v[4] == "-":
        return XsdDate(v)
    return v


def blocks(graph: nx.MultiDiGraph) -> Iterator[Block]:
    """Every triple, grouped by subject: nodes (with their outgoing edges), edge statements,
    then the source lines and documents they cite."""
    return _walk(graph)


Edge = tuple[str, str, str, dict[str, Any], "str | None"]  # rel type, from IRI, to IRI, attrs, source-line IRI


class _NodeRaw(tuple):  # type: ignore[type-arg]
    """A node's block for `_Formatter.node`: (label, node id, attrs, source-line IRI or None,
    [(predicate IRI, IRI of a node of ours)] for its outgoing edges)."""


@functools.cache
def _node_tables() -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, Any]]], dict[str, str],
                            dict[str, bool]]:
    """Per node label: its properties' (name, predicate IRI) but id, its (rdf:type, class) pairs; per
    relationship type its predicate; and per label whether `_Formatter.node` may format its blocks:
    no two of the predicates a node's own triples use are the same, and none is a relationship's
    predicate (else `block`'s grouping of a subject's objects by predicate is needed)."""
    rdf_type = str(RDF.type)
    node_props = {n.label: [(p.name, str(DG[schema.rdf_property(p.name)])) for p in n.props if p.name != "id"]
                  for n in schema.NODES}
    node_types = {n.label: [(rdf_type, Iri(DG[n.label]))] + [(rdf_type, Iri(t)) for t in _EXTRA_TYPES.get(n.label, ())]
                  for n in schema.NODES}
    rel_pred = {r.type: str(ORG.memberOf) if r.type == "MEMBER_OF" else str(DG[schema.rdf_predicate(r.type)])
                for r in schema.RELS}
    fast = {}
    for label, props in node_props.items():
        own = [rdf_type, str(RDFS.label), str(DG.nodeId), str(TIME.inXSDDate), str(PROV.wasDerivedFrom),
               *(pred for _, pred in props)]
        fast[label] = len(set(own)) == len(own) and not set(own) & set(rel_pred.values())
    return node_props, node_types, rel_pred, fast


def _node_po(label: str, n: str, attrs: dict[str, Any], derived: str | None,
             outs: Iterator[tuple[str, str]] | list[tuple[str, str]]) -> list[tuple[str, Any]]:
    """A node's triples (predicate, object): its types, label, id, properties, OWL-Time date, source
    line (`derived`, its IRI) and outgoing edges (`outs`: (predicate IRI, IRI of the other node))."""
    node_props, node_types, _, _ = _node_tables()
    po: list[tuple[str, Any]] = list(node_types[label])
    po += [(_LABEL, display_name(attrs)), (_NODE_ID, n)]
    for name, pred in node_props[label]:
        value = attrs.get(name)
        if value is None or value == []:
            continue
        if type(value) is str and name not in _DATE_PROPS:  # the usual case: `_value` would keep it
            po.append((pred, value))
        elif isinstance(value, list):
            po.extend((pred, _value(v, name)) for v in value)
        else:
            po.append((pred, _value(value, name)))
    if label == "Deadline" and attrs.get("date"):
        po.append((_IN_XSD_DATE, XsdDate(attrs["date"])))
    if derived is not None:
        po.append((_DERIVED, Iri(derived)))
    po.extend((p, Iri(o)) for p, o in outs)
    return po


def _walk(graph: nx.MultiDiGraph) -> Iterator[Block]:
    """`blocks`."""
    rdf_type, derived_p = str(RDF.type), str(PROV.wasDerivedFrom)
    statement, subj, pred_p, obj_p = Iri(RDF.Statement), str(RDF.subject), str(RDF.predicate), str(RDF.object)
    source_p, line_p, part_of = str(DG.source), str(DG.line), str(DCTERMS.isPartOf)
    source_line, entity, document = Iri(DG.SourceLine), Iri(PROV.Entity), Iri(DG.Document)
    lines: set[tuple[str, int]] = set()
    _, _, rel_pred, _ = _node_tables()
    rel_props = {r.type: [(p.name, str(DG[schema.rdf_property(p.name)])) for p in r.props
                          if p.name not in ("source", "line")] for r in schema.RELS}
    rel_head = {r.type: [(rdf_type, statement), (rdf_type, Iri(DG[schema.rdf_qualified_class(r.type)])),
                         (pred_p, Iri(rel_pred[r.type]))] for r in schema.RELS}
    iri = {n: Iri(_node(n)) for n in graph.nodes}
    succ = graph._succ  # node -> {neighbour -> {key -> attrs}}, in insertion order
    doc_iris: dict[str, str] = {}

    def source_line_iri(doc: str, line: int) -> str:  # = _source(doc, line), the document part memoised
        base = doc_iris.get(doc)
        if base is None:
            base = doc_iris[doc] = _source(doc)
        return f"{base}/L{line}"

    for n, attrs in graph.nodes(data=True):
        src, line = attrs.get("source"), attrs.get("line")
        derived_iri = None
        if src and line is not None:
            lines.add((src, line))
            derived_iri = source_line_iri(src, line)
        # = graph.out_edges(n, keys=True), without the view objects
        outs = ((rel_pred[rel], iri[v]) for v, keyed in succ[n].items() for rel in keyed)
        yield iri[n], _node_po(attrs["label"], n, attrs, derived_iri, outs)

    # = graph.edges(keys=True, data=True), read from the adjacency dicts (no view per edge)
    edges = ((u, v, rel, attrs) for u, nbrs in graph._succ.items() for v, keyed in nbrs.items()
             for rel, attrs in keyed.items())
    for u, v, rel, attrs in edges:
        po = [*rel_head[rel], (subj, iri[u]), (obj_p, iri[v])]
        for name, pred in rel_props[rel]:
            value = attrs.get(name)
            if value is None or value == []:
                continue
            if isinstance(value, list):
                po.extend((pred, _value(item, name)) for item in value)
            else:
                po.append((pred, _value(value, name)))
        src, line = attrs.get("source"), attrs.get("line")
        if src and line is not None:
            lines.add((src, line))
            po.append((derived_p, Iri(source_line_iri(src, line))))
        yield _statement(rel, u, v), po

    for doc, line in sorted(lines):
        yield _source(doc, line), [(rdf_type, source_line), (rdf_type, entity), (source_p, doc), (line_p, line),
                                   (part_of, Iri(_source(doc)))]
    for doc in sorted({d for d, _ in lines}):
        yield _source(doc), [(rdf_type, document), (rdf_type, entity), (source_p, doc)]


# ---------------------------------------------------------------- rdflib view (reference, SPARQL)


def _term(o: Any) -> Any:
    if isinstance(o, Iri):
        return URIRef(o)
    if isinstance(o, XsdDate):
        return Literal(str(o), datatype=XSD.date)
    if isinstance(o, bool):
        return Literal(o, datatype=XSD.boolean)
    if isinstance(o, int):
        return Literal(o, datatype=XSD.integer)
    if isinstance(o, float):
        return Literal(repr(o), datatype=XSD.double)
    return Literal(str(o))


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for s, po in blocks(graph):
        su = URIRef(s)
        for p, o in po:
            g.add((su, URIRef(p), _term(o)))
    return g


# ---------------------------------------------------------------- Turtle

_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_OTHER_CONTROL = re.compile(r"[\x00-\x07\x0b\x0e-\x1f\x7f]")  # controls without a short escape


def _quoted(s: str) -> str:
    """A Turtle string literal's text: `s` in double quotes, escaped where _NEEDS_ESCAPE finds a character.
    A printable text without a quote or a backslash needs none (every control and DEL is unprintable):
    told by str.isprintable and two substring tests (C scans), several times quicker on long text than
    the regex engine's per-character class test, which decides for the others."""
    if (s.isprintable() and '"' not in s and "\\" not in s) or _NEEDS_ESCAPE.search(s) is None:
        return '"' + s + '"'
    return '"' + _escape(s) + '"'


def _escape(s: str) -> str:
    """Each character `_NEEDS_ESCAPE` finds written as its `_ESCAPES` text, else as \\uXXXX: the short
    escapes one str.replace each (the backslash first), then the rest (rare) one by one."""
    for ch, text in _ESCAPES.items():
        if ch in s:
            s = s.replace(ch, text)
    if _OTHER_CONTROL.search(s) is None:
        return s
    return _OTHER_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04X}", s)


class _Compactor:
    def __init__(self) -> None:
        self._ns = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        if iri.startswith(_ID):  # our resources: never a prefixed name
            return "<" + iri + ">"
        out = self._cache.get(iri)
        if out is None:
            out = "<" + iri + ">"
            for prefix, ns in self._ns:
                if iri.startswith(ns) and _LOCAL.match(iri, len(ns)):
                    out = f"{prefix}:{iri[len(ns):]}"
                    break
            if len(self._cache) < 100_000:
                self._cache[iri] = out
        return out

    def obj(self, o: Any) -> str:
        if isinstance(o, Iri):
            return self.iri(o)
        if isinstance(o, XsdDate):
            return _quoted(str(o)) + "^^xsd:date"
        if isinstance(o, bool):
            return "true" if o else "false"
        if isinstance(o, int):
            return str(o)
        if isinstance(o, float):
            return f'"{o!r}"^^xsd:double'
        return '"' + _escape(str(o)) + '"'


_enc = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str


class _Formatter:
    """Both serialisations of one subject block at once, as text: the same bytes `_turtle_block` and
    `_jsonld_object` give (predicates in first-seen order, duplicate objects dropped; JSON-LD keys
    sorted), without building per-triple objects: compact forms of predicates and of IRIs outside
    our own namespace are looked up once; our own IRIs are always written in full."""

    def __init__(self) -> None:
        self._c = _Compactor()
        self._pred: dict[str, tuple[str, str, bool]] = {}  # IRI -> (Turtle text, JSON key text, is rdf:type)
        self._iri: dict[str, tuple[str, str]] = {}  # IRI outside _ID -> (Turtle text, JSON string of the CURIE)
        self._stmt: dict[str, Any] = {}  # relationship type -> _stmt_spec
        self._nodes: dict[str, Any] = {}  # node label -> _node_spec
        self._slots: dict[str, Any] = {}  # relationship type -> _slots_spec

    def _pred_texts(self, p: str) -> tuple[str, str, bool]:
        out = self._pred.get(p)
        if out is None:
            if p == _RDF_TYPE:
                out = ("a", _enc("@type"), True)
            else:
                out = (self._c.iri(p), _enc(_curie(p, self._c)), False)
            self._pred[p] = out
        return out

    def _iri_texts(self, o: str) -> tuple[str, str]:
        out = self._iri.get(o)
        if out is None:
            out = (self._c.iri(o), _enc(_curie(o, self._c)))
            if len(self._iri) < 10_000:  # class and vocabulary IRIs: a handful
                self._iri[o] = out
        return out

    def _stmt_spec(self, rel: str) -> tuple[str, dict[str, str], list[tuple[str, str, str, str]], list[str],
                                            tuple[str, ...]]:
        """Per relationship type: the Turtle text of the fixed head (types, rdf:predicate) up to
        rdf:subject, the fixed JSON-LD entries, the properties (name, predicate IRI, Turtle predicate,
        JSON key) and every JSON key in sorted order."""
        spec = self._stmt.get(rel)
        if spec is None:
            pred = str(ORG.memberOf) if rel == "MEMBER_OF" else str(DG[schema.rdf_predicate(rel)])
            types = [Iri(RDF.Statement), Iri(DG[schema.rdf_qualified_class(rel)])]
            tpt, tkey, _ = self._pred_texts(_RDF_TYPE)
            ppt, pkey, _ = self._pred_texts(str(RDF.predicate))
            type_texts = [self._iri_texts(t) for t in types]
            pred_texts = self._iri_texts(pred)
            head = (tpt + " " + ", ".join(t for t, _ in type_texts) + " ;\n    " + ppt + " " + pred_texts[0]
                    + " ;\n    " + self._pred_texts(str(RDF.subject))[0] + " ")
            fixed = {tkey: "[" + ", ".join(j for _, j in type_texts) + "]",
                     pkey: '[{"@id": ' + pred_texts[1] + "}]"}
            props = [(p.name, str(DG[schema.rdf_property(p.name)])) for p in schema.REL_BY_TYPE[rel].props
                     if p.name not in ("source", "line")]
            props4 = [(name, iri, *self._pred_texts(iri)[:2]) for name, iri in props]
            keys = sorted({*fixed, self._pred_texts(str(RDF.subject))[1], self._pred_texts(str(RDF.object))[1],
                           self._pred_texts(_DERIVED)[1], *(k for *_, k in props4)})
            ends = (*self._pred_texts(str(RDF.subject))[:2], *self._pred_texts(str(RDF.object))[:2],
                    *self._pred_texts(_DERIVED)[:2])
            spec = self._stmt[rel] = (head, fixed, props4, keys, ends)
        return spec

    def _obj_texts(self, o: Any) -> tuple[str, str]:
        """Turtle and JSON-LD text of an object of any predicate but rdf:type (as in `block`)."""
        t = type(o)
        if t is str:
            return _quoted(o), _enc(o)
        if t is Iri:
            if o.startswith(_ID):
                return "<" + o + ">", '{"@id": ' + _enc(o) + "}"
            tt, jj = self._iri_texts(o)
            return tt, '{"@id": ' + jj + "}"
        if t is XsdDate:
            return _quoted(str(o)) + "^^xsd:date", '{"@type": "xsd:date", "@value": ' + _enc(str(o)) + "}"
        if t is bool:
            return ("true", "true") if o else ("false", "false")
        if t is int:
            return str(o), str(o)
        return self._c.obj(o), json.dumps(_jsonld_value(o, self._c), ensure_ascii=False, sort_keys=True)

    def _slots_spec(self, rel: str) -> tuple[Any, ...]:
        """`_stmt_spec` laid out for `statement`: the JSON-LD entries as slots in sorted key order
        (the fixed ones filled, each entry's text starting ", KEY: "), each property's slot, and the
        slots and leading texts of rdf:subject, rdf:object and prov:wasDerivedFrom."""
        head, fixed, props, keys, (_, sk, op, ok, dp, dk) = self._stmt.get(rel) or self._stmt_spec(rel)
        pos = {k: i for i, k in enumerate(keys)}
        pre = [", " + k + ": " for k in keys]
        base: list[str | None] = [None] * len(keys)
        for k, v in fixed.items():
            base[pos[k]] = pre[pos[k]] + v
        spec = self._slots[rel] = (
            head, base, [(name, tp, pos[jk], pre[pos[jk]]) for name, _, tp, jk in props],
            pos[sk], pre[pos[sk]] + '[{"@id": "', pos[ok], pre[pos[ok]] + '[{"@id": "',
            pos[dk], pre[pos[dk]] + '[{"@id": "', op + " <", dp + " <")
        return spec

    def statement(self, s: str, edge: Edge) -> tuple[str, str]:
        """`block` of an edge statement, from the edge itself (same text as formatting its triples)."""
        rel, iu, iv, attrs, derived = edge
        head, slots, props, si, spre, oi, opre, di, dpre, opt, dpt = self._slots.get(rel) or self._slots_spec(rel)
        slots = slots.copy()  # JSON-LD entries in key order (None: not in this block)
        # iu and iv are our nodes' IRIs: = self._obj_texts(iu), self._obj_texts(iv), without the checks
        ttl = [head + "<" + iu + ">", opt + iv + ">"]
        slots[si] = spre + iu + '"}]'
        slots[oi] = opre + iv + '"}]'
        for name, tp, idx, pre in props:
            value = attrs.get(name)
            if value is None or value == []:
                continue
            if isinstance(value, list):
                tts: list[str] = []
                jjs: list[str] = []
                for item in value:
                    tt, jj = self._obj_texts(_value(item, name))
                    if tt not in tts:
                        tts.append(tt)
                        jjs.append(jj)
            else:
                tt, jj = self._obj_texts(_value(value, name))
                tts, jjs = [tt], [jj]
            ttl.append(tp + " " + ", ".join(tts))
            slots[idx] = pre + "[" + ", ".join(jjs) + "]"
        if derived is not None:  # a source line's IRI, ours too
            ttl.append(dpt + derived + ">")
            slots[di] = dpre + derived + '"}]'
        return ("\n<" + s + "> " + " ;\n    ".join(ttl) + " .\n",
                '{"@id": ' + _enc(s) + "".join(filter(None, slots)) + "}")

    def _node_spec(self, label: str) -> tuple[str, tuple[str, str], tuple[str, str], tuple[str, str],
                                             list[tuple[str, str, str, bool]], tuple[str, str], tuple[str, str]]:
        """Per node label: the Turtle text of its rdf:type part, the JSON-LD @type entry, the (Turtle,
        JSON key) texts of rdfs:label and dg:nodeId, its properties (name, Turtle predicate, JSON key,
        not a date property),
        and the texts of time:inXSDDate and prov:wasDerivedFrom."""
        spec = self._nodes.get(label)
        if spec is None:
            node_props, node_types, _, _ = _node_tables()
            type_texts = [self._iri_texts(o) for _, o in node_types[label]]
            _, tkey, _ = self._pred_texts(_RDF_TYPE)
            two = lambda p: self._pred_texts(p)[:2]  # noqa: E731
            spec = self._nodes[label] = (
                "a " + ", ".join(t for t, _ in type_texts), (tkey, "[" + ", ".join(j for _, j in type_texts) + "]"),
                two(str(RDFS.label)), two(str(DG.nodeId)),
                [(name, *two(pred), name not in _DATE_PROPS) for name, pred in node_props[label]],
                two(str(TIME.inXSDDate)), two(_DERIVED))
        return spec

    def node(self, s: str, raw: _NodeRaw) -> tuple[str, str]:
        """`block` of a node (its own triples, then its outgoing edges), from the node itself: the
        same text as formatting its triples, for a label whose own predicates are all different and
        none a relationship's (`_node_tables`): each of its values then has a predicate to itself."""
        label, n, attrs, derived, outs = raw
        types_ttl, types_json, (lpt, lkey), (ipt, ikey), props, (xpt, xkey), (dpt, dkey) = (
            self._nodes.get(label) or self._node_spec(label))
        search, enc = _NEEDS_ESCAPE.search, _enc
        name_ = display_name(attrs)
        ttl = [types_ttl,
               lpt + ' "' + (name_ if search(name_) is None else _escape(name_)) + '"',
               ipt + ' "' + (n if search(n) is None else _escape(n)) + '"']
        keyed = [types_json, (lkey, "[" + enc(name_) + "]"), (ikey, "[" + enc(n) + "]")]
        get = attrs.get
        for name, pt, key, plain in props:  # plain: not a date property (`_value` keeps its text)
            value = get(name)
            if value is None:
                continue
            t = type(value)
            if t is str and plain:  # the usual case
                ttl.append(pt + ' "' + (value if search(value) is None else _escape(value)) + '"')
                keyed.append((key, "[" + enc(value) + "]"))
            elif t is int:  # = _value_texts(value)
                text = str(value)
                ttl.append(pt + " " + text)
                keyed.append((key, "[" + text + "]"))
            elif value == []:
                continue
            elif isinstance(value, list):
                g: dict[str, str] = {}
                for item in value:
                    tt, jj = self._value_texts(_value(item, name))
                    if tt not in g:
                        g[tt] = jj
                ttl.append(pt + " " + ", ".join(g))
                keyed.append((key, "[" + ", ".join(g.values()) + "]"))
            else:
                tt, jj = self._value_texts(_value(value, name))
                ttl.append(pt + " " + tt)
                keyed.append((key, "[" + jj + "]"))
        if label == "Deadline" and attrs.get("date"):
            date = str(attrs["date"])
            ttl.append(xpt + " " + _quoted(date) + "^^xsd:date")
            keyed.append((xkey, '[{"@type": "xsd:date", "@value": ' + enc(date) + "}]"))
        if derived is not None:  # our IRIs need no escaping in either format (`_iri_part`)
            ttl.append(dpt + " <" + derived + ">")
            keyed.append((dkey, '[{"@id": "' + derived + '"}]'))
        if outs:
            groups: dict[str, dict[str, str]] = {}
            for p, o in outs:
                g = groups.get(p)
                if g is None:
                    g = groups[p] = {}
                tt = "<" + o + ">"
                if tt not in g:
                    g[tt] = '{"@id": "' + o + '"}'
            pred = self._pred
            for p, g in groups.items():
                pt, key, _ = pred.get(p) or self._pred_texts(p)
                ttl.append(pt + " " + ", ".join(g))
                keyed.append((key, "[" + ", ".join(g.values()) + "]"))
        keyed.sort()
        return ("\n<" + s + "> " + " ;\n    ".join(ttl) + " .\n",
                '{"@id": "' + s + '"' + "".join([", " + k + ": " + v for k, v in keyed]) + "}")

    def _value_texts(self, o: Any) -> tuple[str, str]:
        """Turtle and JSON-LD text of a property value (not an IRI), as `block` writes it."""
        t = type(o)
        if t is str:
            return _quoted(o), _enc(o)
        if t is XsdDate:
            return _quoted(str(o)) + "^^xsd:date", '{"@type": "xsd:date", "@value": ' + _enc(str(o)) + "}"
        if t is bool:
            return ("true", "true") if o else ("false", "false")
        if t is int:
            return str(o), str(o)
        if t is Iri:
            raise TypeError("an IRI as a property value")  # never: properties hold plain values
        return self._c.obj(o), json.dumps(_jsonld_value(o, self._c), ensure_ascii=False, sort_keys=True)

    def block(self, s: str, po: list[tuple[str, Any]]) -> tuple[str, str]:
        # predicate -> {Turtle text: JSON-LD text}: a dict keeps first-seen order and drops a duplicate
        # object in O(1) (an agency's block holds one object per measure it leads: thousands at scale)
        groups: dict[str, dict[str, str]] = {}
        search, enc = _NEEDS_ESCAPE.search, _enc
        for p, o in po:
            g = groups.get(p)
            if g is None:
                g = groups[p] = {}
            t = type(o)
            if t is str:
                tt = '"' + o + '"' if search(o) is None else '"' + _escape(o) + '"'
                jj = enc(o)
            elif t is Iri and p != _RDF_TYPE:
                if o.startswith(_ID):
                    tt = "<" + o + ">"
                    jj = '{"@id": ' + _enc(o) + "}"
                else:
                    tt, jj = self._iri_texts(o)
                    jj = '{"@id": ' + jj + "}"
            elif t is Iri:  # a class, as object of rdf:type (JSON-LD: a plain string in @type)
                tt, jj = ("<" + o + ">", _enc(o)) if o.startswith(_ID) else self._iri_texts(o)
            elif t is XsdDate:
                tt = _quoted(str(o)) + "^^xsd:date"
                jj = '{"@type": "xsd:date", "@value": ' + _enc(str(o)) + "}"
            elif t is bool:
                tt = jj = "true" if o else "false"
            elif t is int:
                tt = jj = str(o)
            else:  # anything else: the general rules
                tt = self._c.obj(o)
                v = _jsonld_value(o, self._c)
                jj = json.dumps(v, ensure_ascii=False, sort_keys=True)
            if tt not in g:
                g[tt] = jj
        parts = []
        keyed = []
        pred = self._pred
        for p, g in groups.items():
            pt, key, _ = pred.get(p) or self._pred_texts(p)
            parts.append(pt + " " + ", ".join(g))
            keyed.append((key, "[" + ", ".join(g.values()) + "]"))
        subj = "<" + s + ">" if s.startswith(_ID) else self._c.iri(s)
        sid = _enc(s) if s.startswith(_ID) else _enc(_curie(s, self._c))
        keyed.sort()
        ttl = "\n" + subj + " " + " ;\n    ".join(parts) + " .\n"
        jsonld = '{"@id": ' + sid + "".join(", " + k + ": " + v for k, v in keyed) + "}"
        return ttl, jsonld


def _turtle_header() -> str:
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items()))


_RDF_TYPE = str(RDF.type)
_DERIVED = str(PROV.wasDerivedFrom)
_LABEL, _NODE_ID, _IN_XSD_DATE = str(RDFS.label), str(DG.nodeId), str(TIME.inXSDDate)


def _turtle_block(c: _Compactor, s: str, po: list[tuple[str, Any]]) -> str:
    grouped: dict[str, list[str]] = {}
    for p, o in po:
        objs = grouped.get(p)
        if objs is None:
            objs = grouped[p] = []
        text = c.obj(o)
        if text not in objs:
            objs.append(text)
    parts = [("a" if p == _RDF_TYPE else c.iri(p)) + " " + ", ".join(objs) for p, objs in grouped.items()]
    return "\n" + c.iri(s) + " " + " ;\n    ".join(parts) + " .\n"


def write_turtle(graph: nx.MultiDiGraph, fh: TextIO) -> None:
    f = _Formatter()
    fh.write(_turtle_header())
    for s, po in blocks(graph):
        fh.write(f.block(s, po)[0])


def generate_turtle(graph: nx.MultiDiGraph) -> str:
    import io

    buf = io.StringIO()
    write_turtle(graph, buf)
    return buf.getvalue()


# ---------------------------------------------------------------- JSON-LD


def _jsonld_value(o: Any, compact: _Compactor) -> Any:
    if isinstance(o, Iri):
        return {"@id": _curie(o, compact)}
    if isinstance(o, XsdDate):
        return {"@value": str(o), "@type": "xsd:date"}
    if isinstance(o, float):  # written out as in Turtle: a bare JSON number would be read as "1.0E0"
        return {"@value": repr(o), "@type": "xsd:double"}
    return o  # JSON strings, integers (xsd:integer) and booleans map natively


def _curie(iri: str, compact: _Compactor) -> str:
    t = compact.iri(iri)
    return t[1:-1] if t.startswith("<") else t


_JSONLD_HEAD = '{"@context": ' + json.dumps(dict(sorted(PREFIXES.items())), sort_keys=True) + ',\n "@graph": [\n'
_JSONLD_TAIL = "\n]}\n"


def _jsonld_object(c: _Compactor, s: str, po: list[tuple[str, Any]]) -> str:
    obj: dict[str, Any] = {"@id": _curie(s, c)}
    for p, o in po:
        if p == _RDF_TYPE:
            types = obj.setdefault("@type", [])
            t = _curie(o, c)
            if t not in types:
                types.append(t)
            continue
        vals = obj.setdefault(_curie(p, c), [])
        v = _jsonld_value(o, c)
        if v not in vals:
            vals.append(v)
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def write_jsonld(graph: nx.MultiDiGraph, fh: TextIO) -> None:
    """One node object per line inside @graph; compact IRIs through the @context prefixes."""
    f = _Formatter()
    fh.write(_JSONLD_HEAD)
    for i, (s, po) in enumerate(blocks(graph)):
        fh.write(("" if i == 0 else ",\n") + f.block(s, po)[1])
    fh.write(_JSONLD_TAIL)


def query_text(name: str = "platform_dependents.rq") -> str:
    """A SPARQL example shipped with the package (also written next to the Turtle file)."""
    return resources.files("dutygraph.exports").joinpath("sparql", name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- the exporter's writer


class _Fallback(Exception):
    """`_write_fast` met what it does not write the way `_walk` and `_Formatter.block` do (a source line
    whose document is not a str or whose number is not an int): `write` starts over with `_write_general`."""


def _ttl_str(v: str) -> bytes:
    return _quoted(v).encode()


def _json_str(v: str) -> bytes:
    return _enc(v).encode()


def _int_text(v: int) -> bytes:
    return str(v).encode()


def _date_ttl(v: str) -> bytes:
    """A date property's str value in Turtle: = `_Formatter._value_texts(_value(v, "issued"))[0]`, encoded."""
    if len(v) == 10 and v[4] == "-":
        return (_quoted(v) + "^^xsd:date").encode()
    return _ttl_str(v)


def _date_json(v: str) -> bytes:
    """A date property's str value in JSON-LD: = `_Formatter._value_texts(_value(v, "issued"))[1]`, encoded."""
    if len(v) == 10 and v[4] == "-":
        return ('{"@type": "xsd:date", "@value": ' + _enc(v) + "}").encode()
    return _json_str(v)


def _str_texts() -> tuple[Any, Any]:
    """Two functions, = `_ttl_str` and `_json_str`, for the texts the writer does not keep (long values,
    node ids), which it writes into both files: a printable text holding no double quote or backslash
    (nearly every one) is the same quoted text in Turtle (`_quoted`) and in JSON (`_enc` escapes only
    those two and the characters below U+0020, all unprintable), so the first of the two calls for it
    makes its UTF-8 once and the other takes it (a dict of such texts, each taken out when used, cleared
    past 64: a text one file writes and the other does not stays no longer). Either function, whichever
    comes first, gives the same bytes the plain functions give."""
    plain: dict[str, bytes] = {}

    def ttl_text(v: str) -> bytes:
        b = plain.pop(v, None)
        if b is not None:
            return b
        if v.isprintable() and '"' not in v and "\\" not in v:
            return keep(v)
        return _ttl_str(v)

    def json_text(v: str) -> bytes:
        b = plain.pop(v, None)
        if b is not None:
            return b
        if v.isprintable() and '"' not in v and "\\" not in v:
            return keep(v)
        return _json_str(v)

    def keep(v: str) -> bytes:
        b = ('"' + v + '"').encode()
        if len(plain) >= 64:
            plain.clear()
        plain[v] = b
        return b

    return ttl_text, json_text


_NONE = type(None)
_SHORT = 48  # str values up to this length keep their texts (names, kinds, mentions, section paths …)
_EMPTY: list[Any] = []
_MISSING = object()
_CHUNK = 2048  # pieces gathered before a write (most blocks are one piece per file: a few MB at most)
_LIST_ROOM = 50_000  # lists of str items whose texts `_write_fast` keeps, per file


def _write_fast(graph: nx.MultiDiGraph, ttl_write: Any, json_write: Any) -> None:
    """The blocks `_walk` gives, formatted as `_Formatter.block` formats them (tests/test_rdf_writer.py
    compares the files with `generate_turtle` and `write_jsonld`), in UTF-8, without the per-triple
    objects: per kind of block (node label or relationship type, which properties it has and their
    value types, whether it cites a source line) its literal text is made once, with slots for its
    values; a value's Turtle and JSON-LD texts come from one table per value type (`Texts`: made once
    per distinct short value — agency names, mentions, kinds, section paths, line numbers). Blocks no
    template covers (labels with date properties, values of other types) go through `_Formatter`."""
    f = _Formatter()
    node_props, node_types, rel_pred, fast = _node_tables()
    pred_texts = f._pred_texts
    ttl_text, json_text = _str_texts()  # (= _ttl_str, _json_str: one UTF-8 text for both when the same)
    ttl_texts: dict[type, Any] = {str: Texts(ttl_text, short=_SHORT), int: Texts(_int_text),
                                  bool: {True: b"true", False: b"false"}}
    json_texts: dict[type, Any] = {str: Texts(json_text, short=_SHORT), int: ttl_texts[int],
                                   bool: ttl_texts[bool]}
    ttl_str, json_str = ttl_texts[str], json_texts[str]
    iri: dict[Any, bytes] = {n: _node(n).encode() for n in graph.nodes}
    succ = graph._succ  # node -> {neighbour -> {key -> attrs}}, in insertion order
    # the source lines cited: document -> {line -> the line's IRI} (document -> its IRI)
    line_iris: dict[str, dict[int, bytes]] = {}
    doc_iris: dict[str, bytes] = {}

    def doc_lines(src: Any) -> dict[int, bytes]:  # the table of a document's lines
        if type(src) is not str:
            raise _Fallback
        lines = line_iris.get(src)
        if lines is None:
            lines = line_iris[src] = {}
            doc_iris[src] = _source(src).encode()
        return lines

    tb: list[bytes] = []  # Turtle and JSON-LD pieces, written ~2k pieces at a time
    jb: list[bytes] = []  # (each JSON-LD object starts with ",\n")
    started = False

    def flush() -> None:
        nonlocal started
        if jb and not started:
            jb[0] = jb[0][2:]  # no ",\n" before the first object
            started = True
        ttl_write(b"".join(tb))
        json_write(b"".join(jb))
        tb.clear()
        jb.clear()

    def general(texts: tuple[str, str]) -> None:  # a block formatted by _Formatter
        tb.append(texts[0].encode())
        jb.append(b",\n" + texts[1].encode())

    # ---- nodes. A node's outgoing edges are grouped by relationship type: one predicate per type (when
    # no two types share one), and a node's (neighbour, type) pairs are distinct: no duplicate objects.
    rels = list(rel_pred)
    rel_index = {rel: i for i, rel in enumerate(rels)}
    rel_ttl = {rel: b" ;\n    " + pred_texts(p)[0].encode() + b" <" for rel, p in rel_pred.items()}
    rel_json = {rel: b", " + pred_texts(p)[1].encode() + b': [{"@id": "' for rel, p in rel_pred.items()}
    by_rel = len(set(rel_pred.values())) == len(rel_pred)
    dpt, dkey, _ = pred_texts(_DERIVED)
    der_ttl, der_json = b" ;\n    " + dpt.encode() + b" <", b", " + dkey.encode() + b': [{"@id": "'
    plain_label = {label: fast[label] and by_rel and label != "Deadline" for label in node_props}
    names_of = {label: [name for name, _ in props] for label, props in node_props.items()}
    # the positions of list properties: whether their value is [] is part of a node's kind
    list_pos = {n.label: pick([i for i, p in enumerate([p for p in n.props if p.name != "id"])
                                if p.type == "STRING[]"]) for n in schema.NODES}
    node_spec: dict[tuple[Any, ...], Any] = {}

    list_memo: tuple[dict[tuple[str, ...], bytes], dict[tuple[str, ...], bytes]] = ({}, {})

    def list_texts(value: list[Any], as_json: bool) -> bytes:  # as _Formatter.node writes a list
        # A list of str items only: its text kept per table by its items (a tuple of str: equal tuples
        # are the same texts), at most _LIST_ROOM lists each — the same lists recur (aliases, per-year
        # rows, targets); any other list made each time
        for item in value:
            if type(item) is not str:
                return make_list_texts(value, as_json)
        memo = list_memo[as_json]
        key = tuple(value)
        out = memo.get(key)
        if out is None:
            out = make_list_texts(value, as_json)
            if len(memo) < _LIST_ROOM:
                memo[key] = out
        return out

    def make_list_texts(value: list[Any], as_json: bool) -> bytes:
        # The usual list: distinct str items (aliases, per-year rows, pairs, ids), its text made in a few
        # C calls instead of item by item: JSON-LD each item's JSON string; Turtle the items quoted as
        # they are when their text holds nothing to escape (as `_quoted` tells it of each).
        if distinct_str(value):
            if as_json:
                return ", ".join(map(_enc, value)).encode()
            text = "".join(value)
            if text.isprintable() and '"' not in text and "\\" not in text:
                return ('"' + '", "'.join(value) + '"').encode()
        g: dict[str, str] = {}  # else item by item: equal Turtle texts are written once (True, 1)
        for item in value:
            tt, jj = f._value_texts(item)
            if tt not in g:
                g[tt] = jj
        return (", ".join(g.values()) if as_json else ", ".join(g)).encode()

    def distinct_str(value: list[Any]) -> bool:
        for item in value:
            if type(item) is not str:
                return False
        return len(value) < 2 or len(set(value)) == len(value)

    list_ttl, list_json = Direct(lambda v: list_texts(v, False)), Direct(lambda v: list_texts(v, True))
    # = _Formatter._value_texts(v) of a float (its repr: digits, ".", "e", "+", "-", "inf" or "nan",
    # nothing JSON escapes), without the general rules' JSON encoder made per value
    float_ttl = Direct(lambda v: b'"%r"^^xsd:double' % v)
    float_json = Direct(lambda v: b'{"@type": "xsd:double", "@value": "%r"}' % v)

    # a date property's str value (Plan's `issued`): an xsd:date literal when `_value` reads it as a date,
    # else a plain str (= _Formatter._value_texts(_value(v, name))), its texts kept per value
    date_ttl, date_json = Texts(_date_ttl, short=_SHORT), Texts(_date_json, short=_SHORT)

    def make_node_spec(key: tuple[Any, ...]) -> Any:
        """= _Formatter.node for nodes of this kind (label, value types, empty lists): the Turtle text
        up to the source line, the JSON-LD text with slots for every entry in key order."""
        label = key[0]
        names = names_of[label]
        types = key[1:1 + len(names)]
        empty = dict(zip(list_pos[label](range(len(names))), key[1 + len(names):]))
        types_ttl, (tkey, tjson), (lpt, lkey), (ipt, ikey), props, _, _ = f._node_spec(label)
        present: list[tuple[int, Any, Any]] = []  # (position, Turtle texts, JSON texts) of the values written
        for i, t in enumerate(types):
            if t is _NONE:
                continue
            if t is str and names[i] in _DATE_PROPS:
                present.append((i, date_ttl, date_json))
            elif t is str or t is int or t is bool:
                present.append((i, ttl_texts[t], json_texts[t]))
            elif t is float:
                present.append((i, float_ttl, float_json))
            elif t is list and names[i] in _DATE_PROPS:  # (each item read as a date or not: _Formatter.node)
                node_spec[key] = None
                return None
            elif t is list and i in empty:
                if not empty[i]:
                    present.append((i, list_ttl, list_json))
            else:  # what `value == []` says of it is not part of the kind: _Formatter.node
                node_spec[key] = None
                return None
        ttl = [b"\n<", None, ("> " + types_ttl + " ;\n    " + lpt + " ").encode(), None,
               (" ;\n    " + ipt + " ").encode(), None, b""]
        for i, _, _ in present:
            ttl[-1] += (" ;\n    " + props[i][1] + " ").encode()
            ttl += [None, b""]
        # JSON-LD entries in key order; slots: 0 subject, 1 label, 2 id, 3.. the values written, then the
        # source line and each relationship type (their whole entry, or nothing)
        base = 3 + len(present)
        entries: list[tuple[str, Any, bool]] = [(tkey, tjson, False), (lkey, 1, False), (ikey, 2, False)]
        entries += [(props[i][2], 3 + j, False) for j, (i, _, _) in enumerate(present)]
        entries += [(dkey, base, True)] + [(pred_texts(rel_pred[rel])[1], base + 1 + r, True)
                                           for r, rel in enumerate(rels)]
        entries.sort(key=lambda e: e[0])
        js: list[bytes | None] = [b',\n{"@id": "', None, b'"']
        slots = [0]
        for k, slot, whole in entries:
            if isinstance(slot, str):
                js[-1] += (", " + k + ": " + slot).encode()  # type: ignore[operator]
            elif whole:
                js += [None, b""]
                slots.append(slot)
            else:
                js[-1] += (", " + k + ": [").encode()  # type: ignore[operator]
                js += [None, b"]"]
                slots.append(slot)
        js[-1] += b"}"  # type: ignore[operator]
        spec = node_spec[key] = (_layout(ttl), tuple(c for _, c, _ in present), tuple(c for _, _, c in present),
                                 _order([i for i, _, _ in present]), _layout(js), _order(slots))
        return spec

    def node_general(n: Any, attrs: dict[str, Any], label: str, derived: bytes | None) -> None:
        s = iri[n].decode()
        d = derived.decode() if derived is not None else None
        outs = [(rel_pred[rel], iri[v].decode()) for v, keyed in succ[n].items() for rel in keyed]
        if fast[label]:
            general(f.node(s, _NodeRaw((label, n, attrs, d, outs))))
        else:
            general(f.block(s, _node_po(label, n, attrs, d, outs)))

    _write_nodes(graph.nodes(data=True), iri, succ, plain_label, names_of, list_pos, node_spec, make_node_spec,
                 node_general, doc_lines, doc_iris, ttl_str, json_str, ttl_text, json_text, rel_index, rel_ttl, rel_json, der_ttl,
                 der_json, tb, jb, flush)

    # ---- edge statements
    stmt_props = {r.type: [p.name for p in r.props if p.name not in ("source", "line")] for r in schema.RELS}
    stmt_spec: dict[tuple[Any, ...], Any] = {}

    def obj_texts(value: Any, as_json: bool) -> bytes:  # as _Formatter.statement writes a list or a float
        if isinstance(value, list):
            tts: list[str] = []
            jjs: list[str] = []
            for item in value:
                tt, jj = f._obj_texts(item)
                if tt not in tts:
                    tts.append(tt)
                    jjs.append(jj)
            return (", ".join(jjs) if as_json else ", ".join(tts)).encode()
        return f._obj_texts(value)[as_json].encode()

    obj_ttl, obj_json = Direct(lambda v: obj_texts(v, False)), Direct(lambda v: obj_texts(v, True))

    def make_stmt_spec(key: tuple[Any, ...]) -> Any:
        """= _Formatter.statement for statements of this kind (type, source line or not, value types,
        empty lists): Turtle and JSON-LD text with slots."""
        rel, has_derived = key[0], key[1]
        names = stmt_props[rel]
        types, empty = key[2:2 + len(names)], key[2 + len(names):]
        head, fixed, props, _, (_, sk, op, ok, dp, dk) = f._stmt.get(rel) or f._stmt_spec(rel)
        prefix = f"{_ID}statement/{rel}/"
        if _enc(prefix) != '"' + prefix + '"' or any(name in _DATE_PROPS for name in names):
            stmt_spec[key] = None
            return None
        present: list[tuple[int, Any, Any]] = []
        for i, t in enumerate(types):
            if t is _NONE or empty[i]:  # as statement(): None and [] left out
                continue
            if t is str or t is int or t is bool:
                present.append((i, ttl_texts[t], json_texts[t]))
            elif t is float:
                present.append((i, float_ttl, float_json))
            elif t is list:
                present.append((i, obj_ttl, obj_json))
            else:
                stmt_spec[key] = None
                return None
        # slots: 0 digest, 1 subject, 2 object, 3 source line, 4.. the values written
        ttl: list[bytes | None] = [b"\n<" + prefix.encode(), None, ("> " + head + "<").encode(), None,
                                   ("> ;\n    " + op + " <").encode(), None, b">"]
        tslots = [0, 1, 2]
        for j, (i, _, _) in enumerate(present):
            ttl[-1] += (" ;\n    " + props[i][2] + " ").encode()  # type: ignore[operator]
            ttl += [None, b""]
            tslots.append(4 + j)
        if has_derived:
            ttl[-1] += (" ;\n    " + dp + " <").encode()  # type: ignore[operator]
            ttl += [None, b">"]
            tslots.append(3)
        ttl[-1] += b" .\n"  # type: ignore[operator]
        entries: list[tuple[str, Any]] = [*fixed.items(), (sk, 1), (ok, 2)]
        if has_derived:
            entries.append((dk, 3))
        entries += [(props[i][3], 4 + j) for j, (i, _, _) in enumerate(present)]
        entries.sort(key=lambda e: e[0])
        js: list[bytes | None] = [b',\n{"@id": "' + prefix.encode(), None, b'"']
        jslots = [0]
        for k, slot in entries:
            if isinstance(slot, str):
                js[-1] += (", " + k + ": " + slot).encode()  # type: ignore[operator]
            elif slot < 4:  # an IRI of ours
                js[-1] += (", " + k + ': [{"@id": "').encode()  # type: ignore[operator]
                js += [None, b'"}]']
                jslots.append(slot)
            else:
                js[-1] += (", " + k + ": [").encode()  # type: ignore[operator]
                js += [None, b"]"]
                jslots.append(slot)
        js[-1] += b"}"  # type: ignore[operator]
        spec = stmt_spec[key] = (_layout(ttl), _order(tslots), _layout(js), _order(jslots),
                                 tuple(c for _, c, _ in present),
                                 tuple(c for _, _, c in present),
                                 None if len(present) == len(names) else _order([i for i, _, _ in present]))
        return spec

    def general_statement(rel: str, u: str, v: str, attrs: dict[str, Any], derived: bytes | None) -> None:
        # = _Formatter.statement (a kind of statement no template covers)
        d = derived.decode() if derived is not None else None
        general(f.statement(_statement(rel, u, v), (rel, iri[u].decode(), iri[v].decode(), attrs, d)))

    _write_statements(succ, iri, stmt_props, stmt_spec, make_stmt_spec, general_statement, doc_lines, doc_iris,
                      tb, jb, flush)

    # ---- the source lines, then the documents they are in (as _walk gives them, _Formatter.block writes them)
    rdf_type = _RDF_TYPE
    pt_source, key_source, _ = pred_texts(str(DG.source))
    pt_line, key_line, _ = pred_texts(str(DG.line))
    pt_part, key_part, _ = pred_texts(str(DCTERMS.isPartOf))
    _, key_type, _ = pred_texts(rdf_type)

    def types_texts(*classes: Any) -> tuple[str, str]:
        texts = [f._iri_texts(c) for c in classes]
        return "a " + ", ".join(t for t, _ in texts), "[" + ", ".join(j for _, j in texts) + "]"

    def json_template(entries: list[tuple[str, Any]]) -> tuple[Any, Any]:
        """'{"@id": "<slot 0>"' and the entries in key order (a fixed text, or a slot: value texts
        inside [], or ("iri", slot): an IRI of ours), with their slots' order (as `_layout` and `_order`
        give them: for `_filled` compiled, for `%` and an itemgetter as Python)."""
        js: list[bytes | None] = [b',\n{"@id": "', None, b'"']
        order = [0]
        for k, v in sorted(entries, key=lambda e: e[0]):
            if isinstance(v, str):
                js[-1] += (", " + k + ": " + v).encode()  # type: ignore[operator]
            elif isinstance(v, tuple):
                js[-1] += (", " + k + ': [{"@id": "').encode()  # type: ignore[operator]
                js += [None, b'"}]']
                order.append(v[1])
            else:
                js[-1] += (", " + k + ": [").encode()  # type: ignore[operator]
                js += [None, b"]"]
                order.append(v)
        js[-1] += b"}"  # type: ignore[operator]
        return _layout(js), _order(order)

    # the source lines' and documents' blocks: compiled by `_joined` / `_filled` (bytes `%` scanned its
    # format and prepared its writer per slot: ~1,300 instructions a block), as Python by `%`
    lt, lj = types_texts(Iri(DG.SourceLine), Iri(PROV.Entity))
    line_ttl = _layout([b"\n<", None, ("> " + lt + " ;\n    " + pt_source + " ").encode(), None,
                     (" ;\n    " + pt_line + " ").encode(), None, (" ;\n    " + pt_part + " <").encode(), None,
                     b"> .\n"])
    line_js, line_slots = json_template([(key_type, lj), (key_source, 1), (key_line, 2), (key_part, ("iri", 3))])
    int_text = ttl_texts[int]
    for doc, lines in sorted(line_iris.items()):
        doc_ttl, doc_json, doc_iri = ttl_str[doc], json_str[doc], doc_iris[doc]
        for line in sorted(lines):
            vs = [lines[line], doc_ttl, int_text[line], doc_iri]
            tb.append(_joined(line_ttl, vs) if _COMPILED else line_ttl % tuple(vs))
            vs[1] = doc_json
            jb.append(_filled(line_js, vs, line_slots) if _COMPILED else line_js % line_slots(vs))
        if len(tb) > _CHUNK:
            flush()
    dt, dj = types_texts(Iri(DG.Document), Iri(PROV.Entity))
    doc_ttl_t = _layout([b"\n<", None, ("> " + dt + " ;\n    " + pt_source + " ").encode(), None, b" .\n"])
    doc_js, doc_slots = json_template([(key_type, dj), (key_source, 1)])
    for doc in sorted(line_iris):
        vs = [doc_iris[doc], ttl_str[doc]]
        tb.append(_joined(doc_ttl_t, vs) if _COMPILED else doc_ttl_t % tuple(vs))
        vs[1] = json_str[doc]
        jb.append(_filled(doc_js, vs, doc_slots) if _COMPILED else doc_js % doc_slots(vs))
    flush()


def _write_nodes(nodes: Any, iri: dict[Any, bytes], succ: dict[Any, Any], plain_label: dict[str, bool],
                 names_of: dict[str, list[str]], list_pos: dict[str, Any], node_spec: dict[tuple[Any, ...], Any],
                 make_node_spec: Any, node_general: Any, doc_lines: Any, doc_iris: dict[str, bytes], ttl_str: Any,
                 json_str: Any,
                 ttl_text: Any, json_text: Any, rel_index: dict[str, int], rel_ttl: dict[str, bytes],
                 rel_json: dict[str, bytes], der_ttl: bytes, der_json: bytes, tb: list[bytes], jb: list[bytes],
                 flush: Any) -> None:
    """`_write_fast`'s node blocks, one per node in graph order (`nodes`: (node, attrs) pairs; a function of
    its own: typed by rdf.pxd when compiled): each formatted by its kind's template (`make_node_spec`, kept
    in `node_spec`) then its source line and outgoing edges, or by `node_general` when no template covers
    it (a node id's texts by `ttl_text` / `json_text`: `_str_texts`; its source line's by `_line_iri`, as in
    `_write_statements`); the pieces go to `tb` / `jb`, `flush` writes them."""
    nrels = len(rel_index)
    chunk = _CHUNK  # (a C integer when compiled: the tests set `_CHUNK`)
    kinds_of = {}  # compiled: label -> [(key, spec)] of the kinds seen with it
    last_src, lines, doc_iri = None, {}, b""  # the last document a node cited, its lines and IRI
    for n, attrs in nodes:
        label = attrs["label"]
        src, line = attrs.get("source"), attrs.get("line")
        derived = None
        if src and line is not None:
            if src is not last_src:
                last_src, lines = src, doc_lines(src)
                doc_iri = doc_iris[src]
            derived = _line_iri(lines, doc_iri, line)
        spec = None
        if plain_label[label]:
            names = names_of[label]
            if _COMPILED:  # (typed loops; as Python, map() is quicker: the same key)
                # the spec of a kind seen before with this label when this node's values are of it (`_of_kind`):
                # its key would be equal; else by the key, as below
                vals = [attrs.get(name) for name in names]
                lists = list_pos[label](vals)
                spec = _MISSING
                kinds = kinds_of.get(label)
                if kinds is not None:
                    for seen in kinds:
                        if _of_kind(seen[0], vals, lists):
                            spec = seen[1]
                            break
                if spec is _MISSING:
                    kind = [label]
                    for value in vals:
                        kind.append(type(value))
                    for value in lists:
                        kind.append(value == _EMPTY)
                    key = tuple(kind)
                    spec = node_spec.get(key, _MISSING)
                    if spec is _MISSING:
                        spec = make_node_spec(key)
                    kinds_of.setdefault(label, []).append((key, spec))
            else:
                vals = list(map(attrs.get, names))
                key = (label, *map(type, vals), *map(eq, list_pos[label](vals), repeat(_EMPTY)))
                spec = node_spec.get(key, _MISSING)
                if spec is _MISSING:
                    spec = make_node_spec(key)
        if spec is None:
            node_general(n, attrs, label, derived)
        else:
            ttl, tcs, jcs, vpick, js, jslots = spec
            s = iri[n]
            name_ = display_name(attrs)
            vs = _picked(vals, vpick) if _COMPILED else vpick(vals)
            if _COMPILED:
                slot_values = [s, ttl_str[name_], ttl_text(n)]
                for i in range(len(vs)):
                    slot_values.append(tcs[i][vs[i]])
                tb.append(_joined(ttl, slot_values))
            else:
                tb.append(ttl % (s, ttl_str[name_], ttl_text(n), *map(getitem, tcs, vs)))
            # then the source line and the outgoing edges by type, in first-seen order (JSON-LD: in the
            # entries' slots, in key order)
            dyn = [b""] * (1 + nrels)
            if derived is not None:
                tb += (der_ttl, derived, b">")
                dyn[0] = der_json + derived + b'"}]'
            nbrs = succ[n]
            if nbrs:
                groups = {}
                for v, keyed in nbrs.items():
                    for rel in keyed:
                        g = groups.get(rel)
                        if g is None:
                            groups[rel] = [v]
                        else:
                            g.append(v)
                for rel, targets in groups.items():
                    objs = [iri[v] for v in targets]
                    tb += (rel_ttl[rel], b">, <".join(objs), b">")
                    dyn[1 + rel_index[rel]] = rel_json[rel] + b'"}, {"@id": "'.join(objs) + b'"}]'
            tb.append(b" .\n")
            if _COMPILED:
                slot_values = [s, json_str[name_], json_text(n)]
                for i in range(len(vs)):
                    slot_values.append(jcs[i][vs[i]])
                slot_values += dyn
                jb.append(_filled(js, slot_values, jslots))
            else:
                slot_values = [s, json_str[name_], json_text(n), *map(getitem, jcs, vs), *dyn]
                jb.append(js % jslots(slot_values))
        if len(tb) > chunk or len(jb) > chunk:
            flush()


def _write_statements(succ: dict[Any, Any], iri: dict[Any, bytes], stmt_props: dict[str, list[str]],
                      stmt_spec: dict[tuple[Any, ...], Any], make_stmt_spec: Any, general_statement: Any,
                      doc_lines: Any, doc_iris: dict[str, bytes], tb: list[bytes], jb: list[bytes],
                      flush: Any) -> None:
    """`_write_fast`'s edge statements, one per edge in graph order (a function of its own: typed by
    rdf.pxd when compiled): each formatted by its kind's template (`make_stmt_spec`, kept in `stmt_spec`),
    or by `general_statement` when no template covers it; `doc_lines(src)` is a document's table of line
    IRIs (`doc_iris` the documents' IRIs); the pieces go to `tb` / `jb`, `flush` writes them."""
    # a statement's digest (`_statement`) = the first 10 bytes of SHA-1 over "rel\x1fu\x1fv" in hex: each
    # part encoded once per type, node and neighbour instead of the joined text per edge
    rel_bytes = Texts(str.encode)
    no_values: list[Any] = []
    last_src, lines, doc_iri = None, {}, b""  # the last document an edge cited, its lines and IRI
    chunk = _CHUNK  # (as in _write_nodes)
    for u, nbrs in succ.items():
        iu = iri[u]
        ub = b"\x1f" + u.encode() + b"\x1f"
        for v, keyed in nbrs.items():
            iv = iri[v]
            vb = v.encode()
            for rel, attrs in keyed.items():
                src, line = attrs.get("source"), attrs.get("line")
                derived = None
                if src and line is not None:  # the last document's table at hand
                    if src is not last_src:
                        last_src, lines = src, doc_lines(src)
                        doc_iri = doc_iris[src]
                    derived = _line_iri(lines, doc_iri, line)
                names = stmt_props.get(rel)
                spec = None
                if names is not None:
                    if not names:
                        vals = no_values
                        key = (rel, derived is not None)
                    elif _COMPILED:  # (typed loops; as Python, map() is quicker: the same key)
                        vals = [attrs.get(name) for name in names]
                        kind = [rel, derived is not None]
                        for value in vals:
                            kind.append(type(value))
                        for value in vals:
                            kind.append(value == _EMPTY)
                        key = tuple(kind)
                    else:
                        vals = list(map(attrs.get, names))
                        key = (rel, derived is not None, *map(type, vals), *map(eq, vals, repeat(_EMPTY)))
                    spec = stmt_spec.get(key, _MISSING)
                    if spec is _MISSING:
                        spec = make_stmt_spec(key)
                if spec is None:
                    general_statement(rel, u, v, attrs, derived)
                else:
                    ttl, tslots, js, jslots, tcs, jcs, vpick = spec
                    # = _statement(rel, u, v)'s last part (rel: a relationship type of the schema's, a str)
                    digest = _digest(rel_bytes[rel], ub, vb)
                    if _COMPILED:
                        vs = vals if vpick is None else _picked(vals, vpick)
                        slot_values = [digest, iu, iv, derived]
                        for i in range(len(vs)):
                            slot_values.append(jcs[i][vs[i]])
                        jb.append(_filled(js, slot_values, jslots))
                        del slot_values[4:]
                        for i in range(len(vs)):
                            slot_values.append(tcs[i][vs[i]])
                        tb.append(_filled(ttl, slot_values, tslots))
                    else:
                        vs = vals if vpick is None else vpick(vals)
                        slot_values = [digest, iu, iv, derived, *map(getitem, jcs, vs)]
                        jb.append(js % jslots(slot_values))
                        slot_values[4:] = map(getitem, tcs, vs)
                        tb.append(ttl % tslots(slot_values))
                if len(tb) > chunk or len(jb) > chunk:
                    flush()


def _line_iri(lines: dict[int, bytes], doc_iri: bytes, line: Any) -> bytes:
    """A source line's IRI (= `_source(doc, line)`, encoded) from its document's table of line IRIs `lines`
    (`_write_fast`'s `doc_lines`) and the document's IRI `doc_iri`: made once per line and kept in the
    table; a line number that is not an int: `_Fallback` (a C call from the loops above, each keeping the
    last document's table at hand: nodes and edges of one document follow each other)."""
    if type(line) is not int:
        raise _Fallback
    out = lines.get(line)
    if out is None:
        out = lines[line] = doc_iri + b"/L%d" % line
    return out


def _of_kind(key: tuple[Any, ...], vals: list[Any], lists: tuple[Any, ...]) -> bool:
    """Whether a node's values `vals` (`lists`: those of its list properties) are of the kind `key` of a node
    of its label seen before (`_write_nodes`'s key: the label, the values' types, whether each list
    property's value is []): its own key would be equal, without it made, hashed and looked up (compiled: a
    typed loop; ~35 types and list tests a node, where the key cost ~2,500 instructions)."""
    n = len(vals)
    if len(key) != 1 + n + len(lists):
        return False
    for i in range(n):
        if type(vals[i]) is not key[1 + i]:
            return False
    for i in range(len(lists)):
        if (lists[i] == _EMPTY) is not key[1 + n + i]:
            return False
    return True


def _digest(rel: bytes, ub: bytes, vb: bytes) -> bytes:
    """A statement's digest from its parts' bytes (`rel`, b"\x1f" + u + b"\x1f", `v`): the first 10
    bytes of SHA-1 over their join, in hex (= `_statement`'s last part). Compiled by `_sha1_hex20`, a
    function of rdf.pxd (SHA-1 in C over a buffer on the stack: ~3,900 instructions a usual statement's
    two blocks, where hashlib's object, its OpenSSL context, the joined bytes, the digest, its slice and
    hexlify took ~5,500), as Python by hashlib."""
    if _NATIVE:
        return _sha1_hex20(rel, ub, vb)  # noqa: F821 - rdf.pxd's, compiled only
    return hexlify(hashlib.sha1(rel + ub + vb).digest()[:10])


def _picked(seq: list[Any], positions: tuple[int, ...]) -> tuple[Any, ...]:
    """The items at `positions` of `seq` as a tuple: `pick(list(positions))(seq)`, by a typed loop when
    compiled (a C call from the loops above; `itemgetter` converted each position to an index and
    subscripted the list through the generic protocol: ~1,100 instructions a call, ~3 calls a statement)."""
    return tuple([seq[p] for p in positions])


def _filled(lits: tuple[bytes, ...], values: list[bytes], positions: tuple[int, ...]) -> bytes:
    """`form(template) % _picked(values, positions)` for `lits = tuple(template[0::2])` (every value bytes):
    the literal pieces and the values at `positions` joined, by a typed loop when compiled. bytes `%`
    scanned its format and prepared its writer per slot (~2,700 instructions an element, with the
    `itemgetter` that ordered its values ~3,800): compiled by `_fill`, a function of rdf.pxd (C-API calls:
    the pieces copied into one bytes object; a join of their list cost ~2,000 more), as Python a join."""
    if _NATIVE:
        return _fill(lits, values, positions)  # noqa: F821 - rdf.pxd's, compiled only
    if len(positions) != len(lits) - 1:  # as `_fill` refuses it (a slot left empty, or a position too many)
        raise ValueError("a template's slots and positions differ in number")
    pieces = [lits[0]]
    k = 1
    for p in positions:
        pieces.append(values[p])
        pieces.append(lits[k])
        k += 1
    return b"".join(pieces)


def _joined(lits: tuple[bytes, ...], values: list[bytes]) -> bytes:
    """`form(template) % tuple(values[:n])` for `lits = tuple(template[0::2])` and its n slots: `_filled` with
    the first n values in order (the writer passes exactly n)."""
    if _NATIVE:
        return _fill(lits, values, None)  # noqa: F821 - rdf.pxd's, compiled only
    if len(values) < len(lits) - 1:  # as `_fill` refuses it; values past the slots are left out, as there
        raise IndexError("a template has more slots than values")
    pieces = [lits[0]]
    for k in range(1, len(lits)):
        pieces.append(values[k - 1])
        pieces.append(lits[k])
    return b"".join(pieces)


def _layout(template: list[Any]) -> Any:
    """A template as its writer's loop fills it: its literal pieces as a tuple for `_filled` / `_joined`
    (compiled), else one bytes format for `%` (`form`; as Python `%` is quicker than the loop)."""
    return tuple(template[0::2]) if _COMPILED else form(template)


def _order(positions: list[int]) -> Any:
    """A template's slot positions as its writer's loop takes them: a tuple for `_picked` / `_filled`
    (compiled), else `pick`'s function (as Python an itemgetter is quicker than the loop)."""
    return tuple(positions) if _COMPILED else pick(positions)


# Compiled, `_write_nodes` and `_write_statements` make a kind's key, read a value's texts and put a
# template's slots in order (`_picked`) in typed loops; as Python, by map() over the values and
# itemgetters (quicker there): tests/test_rdf_writer.py pins the two forms
_COMPILED = runs_compiled(_write_nodes)
# whether `_fill` exists (the module runs compiled); unlike `_COMPILED`, switched by one test only
# (test_rdf_writer's malformed templates: the Python form raising as `_fill` does)
_NATIVE = _COMPILED


def _write_general(graph: nx.MultiDiGraph, ttl: TextIO, jsonld: TextIO) -> None:
    """Both files from `blocks`, every block formatted by `_Formatter.block`."""
    f = _Formatter()
    ttl.write(_turtle_header())
    jsonld.write(_JSONLD_HEAD)
    for i, (s, po) in enumerate(blocks(graph)):
        t, j = f.block(s, po)
        ttl.write(t)
        jsonld.write(("" if i == 0 else ",\n") + j)
    jsonld.write(_JSONLD_TAIL)


@gc_paused()
def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False) -> list[Path]:
    d = Path(out_dir) / SUBDIR
    # one pass over the graph feeds both files
    with open_atomic(d / "graph.ttl") as ttl, open_atomic(d / "graph.jsonld") as jsonld:
        tw, jw = ttl.buffer, jsonld.buffer  # (bytes; nothing goes through the text layer)
        try:
            tw.write(_turtle_header().encode())
            jw.write(_JSONLD_HEAD.encode())
            _write_fast(graph, tw.write, jw.write)
            jw.write(_JSONLD_TAIL.encode())
        except _Fallback:
            for fh in (ttl, jsonld):
                fh.seek(0)
                fh.truncate()
            _write_general(graph, ttl, jsonld)
    out = [d / "graph.ttl", d / "graph.jsonld"]
    out += [write_text(d / name, query_text(name)) for name in QUERY_FILES]
    return out
