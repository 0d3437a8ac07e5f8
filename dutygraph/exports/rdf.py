"""RDF: Turtle and JSON-LD (rdflib), with W3C ORG, PROV-O and OWL-Time where they fit.

- Project terms live under ONE namespace, `DG`, a ClosedNamespace generated from graph/schema.py:
  a misspelt term raises instead of minting a new IRI.
- Node IRIs: <BASE + node id> (Unicode kept, IRI-unsafe characters percent-encoded).
- Agency: org:Organization (+ dg:Agency); TaskForce: org:OrganizationalCollaboration (+ dg:TaskForce);
  MEMBER_OF: org:memberOf; Deadline: time:Instant with time:inXSDDate.
- Every edge is stated directly (`?agency dg:leads ?measure`) and once more as a qualified node — an
  rdf:Statement of class dg:<Type>Statement carrying the edge's properties (mention as printed,
  inherited, role …) and prov:wasDerivedFrom the source line it was read from, so edge provenance
  survives. Qualified-node IRIs are hashes of (type, from, to): deterministic, no blank nodes.
- Output is deterministic: Turtle via rdflib's sorted serializer; JSON-LD re-sorted after serializing.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, TIME, ClosedNamespace

from ..graph import schema
from ..graph.ids import display_name
from .atomic import write_text

BASE = "https://dutygraph.example.org/"
DG = ClosedNamespace(BASE + "ns#", schema.rdf_terms())
ID = Namespace(BASE + "id/")
SUBDIR = "rdf"
QUERY_FILES = ("platform_dependents.rq",)

_DATE_PROPS = {"issued", "date"}
# IRI characters Turtle forbids in <…> plus our own separators; everything else (Chinese too) stays
_UNSAFE = set('<>"{}|^`\\%#?/ ') | {chr(c) for c in range(0x21)}


def _iri_part(s: str) -> str:
    return "".join("".join(f"%{b:02X}" for b in ch.encode("utf-8")) if ch in _UNSAFE else ch for ch in s)


def node_iri(node_id: str) -> URIRef:
    return ID[_iri_part(node_id)]


def source_iri(doc: str, line: int | None = None) -> URIRef:
    base = "source/" + _iri_part(doc)
    return ID[base if line is None else f"{base}/L{line}"]


def statement_iri(rel: str, u: str, v: str) -> URIRef:
    digest = hashlib.sha1(f"{rel}\x1f{u}\x1f{v}".encode()).hexdigest()[:20]
    return ID[f"statement/{rel}/{digest}"]


def _literal(value: Any, prop: str) -> Literal:
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if prop in _DATE_PROPS and isinstance(value, str) and len(value) == 10:
        return Literal(value, datatype=XSD.date)
    return Literal(str(value))


_EXTRA_TYPES = {
    "Agency": (ORG.Organization,),
    "TaskForce": (ORG.OrganizationalCollaboration,),
    "Person": (FOAF.Person,),
    "Deadline": (TIME.Instant,),
    "Plan": (PROV.Entity,),
}


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    g = Graph()
    g.bind("dg", str(DG))
    g.bind("dgid", str(ID))
    for prefix, ns in (("org", ORG), ("prov", PROV), ("time", TIME), ("foaf", FOAF), ("dcterms", DCTERMS)):
        g.bind(prefix, ns)

    docs: set[str] = set()

    def line_resource(doc: str | None, line: int | None) -> URIRef | None:
        if not doc:
            return None
        docs.add(doc)
        res = source_iri(doc, line)
        if line is not None:
            g.add((res, RDF.type, DG.SourceLine))
            g.add((res, RDF.type, PROV.Entity))
            g.add((res, DG.source, Literal(doc)))
            g.add((res, DG.line, Literal(line, datatype=XSD.integer)))
            g.add((res, DCTERMS.isPartOf, source_iri(doc)))
        return res

    for nid, attrs in graph.nodes(data=True):
        s = node_iri(nid)
        label = attrs["label"]
        g.add((s, RDF.type, DG[label]))
        for extra in _EXTRA_TYPES.get(label, ()):
            g.add((s, RDF.type, extra))
        g.add((s, RDFS.label, Literal(display_name(attrs))))
        g.add((s, DG.nodeId, Literal(nid)))
        for p in schema.NODE_BY_LABEL[label].props:
            value = attrs.get(p.name)
            if p.name == "id" or value is None or value == []:
                continue
            for v in (value if isinstance(value, list) else [value]):
                g.add((s, DG[schema.rdf_property(p.name)], _literal(v, p.name)))
        if label == "Deadline" and attrs.get("date"):
            g.add((s, TIME.inXSDDate, Literal(attrs["date"], datatype=XSD.date)))
        src = line_resource(attrs.get("source"), attrs.get("line"))
        if src is not None:
            g.add((s, PROV.wasDerivedFrom, src))

    for u, v, rel, attrs in graph.edges(keys=True, data=True):
        su, sv = node_iri(u), node_iri(v)
        pred = ORG.memberOf if rel == "MEMBER_OF" else DG[schema.rdf_predicate(rel)]
        g.add((su, pred, sv))
        st = statement_iri(rel, u, v)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.type, DG[schema.rdf_qualified_class(rel)]))
        g.add((st, RDF.subject, su))
        g.add((st, RDF.predicate, pred))
        g.add((st, RDF.object, sv))
        for p in schema.REL_BY_TYPE[rel].props:
            value = attrs.get(p.name)
            if value is None or value == [] or p.name in ("source", "line"):
                continue
            for item in (value if isinstance(value, list) else [value]):
                g.add((st, DG[schema.rdf_property(p.name)], _literal(item, p.name)))
        src = line_resource(attrs.get("source"), attrs.get("line"))
        if src is not None:
            g.add((st, PROV.wasDerivedFrom, src))

    for doc in sorted(docs):
        d = source_iri(doc)
        g.add((d, RDF.type, DG.Document))
        g.add((d, RDF.type, PROV.Entity))
        g.add((d, DG.source, Literal(doc)))
    return g


def generate_turtle(rdf: Graph) -> str:
    return rdf.serialize(format="turtle")


def generate_jsonld(rdf: Graph) -> str:
    """JSON-LD (expanded, with @context for the prefixes), re-sorted so the bytes never vary."""
    context = {prefix: str(ns) for prefix, ns in sorted(rdf.namespaces()) if prefix in
               ("dg", "dgid", "org", "prov", "time", "foaf", "dcterms", "rdf", "rdfs", "xsd")}
    data = json.loads(rdf.serialize(format="json-ld", context=context, auto_compact=True))

    def norm(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: norm(x[k]) for k in sorted(x)}
        if isinstance(x, list):
            items = [norm(i) for i in x]
            return sorted(items, key=lambda i: json.dumps(i, ensure_ascii=False, sort_keys=True))
        return x

    return json.dumps(norm(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def query_text(name: str = "platform_dependents.rq") -> str:
    """A SPARQL example shipped with the package (also written next to the Turtle file)."""
    return resources.files("dutygraph.exports").joinpath("sparql", name).read_text(encoding="utf-8")


def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False) -> list[Path]:
    d = Path(out_dir) / SUBDIR
    rdf = to_rdf(graph)
    out = [write_text(d / "graph.ttl", generate_turtle(rdf)), write_text(d / "graph.jsonld", generate_jsonld(rdf))]
    out += [write_text(d / name, query_text(name)) for name in QUERY_FILES]
    return out
