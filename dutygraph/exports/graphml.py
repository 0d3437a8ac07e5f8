"""GraphML, GEXF (Gephi) and node-link JSON.

GraphML/GEXF cannot hold lists or nulls: STRING[] values are joined with " | " and missing values are
left out; `read_graphml` undoes both using schema.py, so a written graph reads back equal. Edge keys
(our relationship types) are not unique per file, so edges are written with ids e0, e1 … and the type
travels in the `type` attribute. GEXF's `label` is the node's display name (what Gephi shows); the
schema label is in the `category` attribute. networkx stamps GEXF with today's date: removed, so the
file is byte-identical run after run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from ..graph import schema
from ..graph.ids import display_name
from .atomic import write_bytes, write_text

SEP = " | "
FILES = ("graph.graphml", "graph.gexf", "graph.json")


def flatten(graph: nx.MultiDiGraph, *, gexf: bool = False) -> nx.MultiDiGraph:
    """A copy fit for XML formats: lists joined, None dropped, unique edge ids."""

    def flat(attrs: dict[str, Any]) -> dict[str, Any]:
        return {k: (SEP.join(v) if isinstance(v, list) else v) for k, v in attrs.items() if v is not None}

    out = nx.MultiDiGraph()
    for n, attrs in graph.nodes(data=True):
        a = flat(attrs)
        if gexf:
            a["category"] = a.pop("label")
            a["label"] = display_name(attrs)
            a.pop("id", None)  # GEXF's own node id is the node key
        out.add_node(n, **a)
    for i, (u, v, attrs) in enumerate(graph.edges(data=True)):
        out.add_edge(u, v, key=f"e{i}", **flat(attrs))
    return out


def generate_graphml(graph: nx.MultiDiGraph) -> str:
    return "\n".join(nx.generate_graphml(flatten(graph))) + "\n"


def generate_gexf(graph: nx.MultiDiGraph) -> str:
    text = "\n".join(nx.generate_gexf(flatten(graph, gexf=True))) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


def generate_json(graph: nx.MultiDiGraph) -> str:
    # endpoints as "from"/"to": edges have their own `source` property (the document)
    data = nx.node_link_data(graph, source="from", target="to", name="id", key="key", edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _unflatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Undo `flatten` using the schema: restore lists, None for missing props, keys = rel type."""
    out = nx.MultiDiGraph()
    for n, attrs in graph.nodes(data=True):
        nt = schema.NODE_BY_LABEL[attrs["label"]]
        a: dict[str, Any] = {"label": nt.label}
        for p in nt.props:
            a[p.name] = _restore(attrs.get(p.name), p.type)
        a["id"] = n  # node_link_graph keeps the id only as the node key
        out.add_node(n, **a)
    for u, v, attrs in graph.edges(data=True):
        rt = schema.REL_BY_TYPE[attrs["type"]]
        a = {"type": rt.type}
        for p in rt.props:
            a[p.name] = _restore(attrs.get(p.name), p.type)
        out.add_edge(u, v, key=rt.type, **a)
    return out


def _restore(value: Any, typ: str) -> Any:
    if typ == "STRING[]" and not isinstance(value, list):
        return value.split(SEP) if value else []
    return value


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    return _unflatten(nx.read_graphml(path, force_multigraph=True))


def parse_graphml(text: str) -> nx.MultiDiGraph:
    return _unflatten(nx.parse_graphml(text, force_multigraph=True))


def read_json(path: str | Path) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, directed=True, multigraph=True, source="from", target="to", name="id",
                               key="key", edges="edges")
    return _unflatten(graph)


def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False) -> list[Path]:
    out_dir = Path(out_dir)
    return [
        write_text(out_dir / "graph.graphml", generate_graphml(graph)),
        write_text(out_dir / "graph.gexf", generate_gexf(graph)),
        write_text(out_dir / "graph.json", generate_json(graph)),
    ]


__all__ = ["write", "read_graphml", "read_json", "generate_graphml", "generate_gexf", "generate_json"]
