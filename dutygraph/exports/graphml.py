"""GraphML, GEXF (Gephi) and node-link JSON.

GraphML/GEXF cannot hold lists or nulls: STRING[] values are joined with " | " and missing values are
left out; `read_graphml` undoes both using schema.py, so a written graph reads back equal. Edge keys
(our relationship types) are not unique per file, so edges are written with ids e0, e1 … and the type
travels in the `type` attribute. GEXF's `label` is the node's display name (what Gephi shows); the
schema label is in the `category` attribute.

Both XML formats are streamed by small writers here (attribute keys declared from schema.py, so every
file declares the same keys in the same order): networkx's writers build the whole tree in memory,
take ~5 s per 80k edges and stamp GEXF with today's date. The tests read both back with networkx.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from ..graph import schema
from ..graph.ids import display_name
from .atomic import gc_paused, open_atomic

SEP = " | "
FILES = ("graph.graphml", "graph.gexf", "graph.json")


_XML_TYPE = {"STRING": "string", "STRING[]": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean"}
# characters XML 1.0 cannot carry at all (the loaders drop them; this is the last line of defence)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_XML_SPECIAL = re.compile('[&<>"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def _xml(s: str) -> str:
    if _XML_SPECIAL.search(s) is None:  # the usual case: nothing to escape
        return s
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    s = s.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")
    return _XML_INVALID.sub("\ufffd", s)


def _xml_value(value: Any) -> str:
    """_xml(_text(value)), with the common types first."""
    t = type(value)
    if t is str:
        return value if _XML_SPECIAL.search(value) is None else _xml(value)
    if t is int:
        return str(value)
    if t is bool:
        return "true" if value else "false"
    return _xml(_text(value))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return SEP.join(str(v) for v in value)
    return str(value)


def _keys(props: list[tuple[str, str]]) -> dict[str, str]:
    """name -> XML type, first occurrence wins; a name typed differently by two labels is a schema bug."""
    out: dict[str, str] = {}
    for name, typ in props:
        xml_type = _XML_TYPE[typ]
        if out.setdefault(name, xml_type) != xml_type:
            raise ValueError(f"property {name!r} has two types in schema.py")
    return out


NODE_KEYS = _keys([("label", "STRING")] + [(p.name, p.type) for n in schema.NODES for p in n.props if p.name != "id"])
EDGE_KEYS = _keys([("type", "STRING")] + [(p.name, p.type) for r in schema.RELS for p in r.props])


_GRAPHML_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
_NKEY = {name: f"n{i}" for i, name in enumerate(NODE_KEYS)}
_EKEY = {name: f"e{i}" for i, name in enumerate(EDGE_KEYS)}
_GEXF_NODE_ATTRS = {"category": "string", **{k: t for k, t in NODE_KEYS.items() if k != "label"}}
_GEXF_NID = {name: str(i) for i, name in enumerate(_GEXF_NODE_ATTRS)}
_GEXF_EID = {name: str(i) for i, name in enumerate(EDGE_KEYS)}


def _graphml_head() -> str:
    out = [_GRAPHML_HEAD]
    for name, typ in NODE_KEYS.items():
        out.append(f'  <key id="{_NKEY[name]}" for="node" attr.name="{name}" attr.type="{typ}" />\n')
    for name, typ in EDGE_KEYS.items():
        out.append(f'  <key id="{_EKEY[name]}" for="edge" attr.name="{name}" attr.type="{typ}" />\n')
    out.append('  <graph edgedefault="directed">\n')
    return "".join(out)


def _gexf_head() -> str:
    out = ["<?xml version='1.0' encoding='utf-8'?>\n"
           '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
           "  <meta>\n    <creator>dutygraph</creator>\n  </meta>\n"
           '  <graph defaultedgetype="directed" mode="static">\n'
           '    <attributes class="node" mode="static">\n']
    for name, typ in _GEXF_NODE_ATTRS.items():
        out.append(f'      <attribute id="{_GEXF_NID[name]}" title="{name}" type="{typ}" />\n')
    out.append('    </attributes>\n    <attributes class="edge" mode="static">\n')
    for name, typ in EDGE_KEYS.items():
        out.append(f'      <attribute id="{_GEXF_EID[name]}" title="{name}" type="{typ}" />\n')
    out.append("    </attributes>\n    <nodes>\n")
    return "".join(out)


_JSON_HEAD = '{"directed": true, "multigraph": true, "graph": {},\n "nodes": [\n'


def _dict_dumps() -> Any:
    """json.dumps(d, ensure_ascii=False, sort_keys=True) for a dict d, without what JSONEncoder.encode
    does again on every call (its Python wrappers build a new C encoder each time): one C encoder,
    made with the arguments JSONEncoder.iterencode gives it; json's pure-Python writer without it."""
    enc = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return enc.encode
    c_encode = make({}, enc.default, json.encoder.encode_basestring, enc.indent, enc.key_separator,
                    enc.item_separator, enc.sort_keys, enc.skipkeys, enc.allow_nan)
    join = "".join
    return lambda d: join(c_encode(d, 0))


def write_formats(graph: nx.MultiDiGraph, graphml: TextIO | None = None, gexf: TextIO | None = None,
                  json_fh: TextIO | None = None) -> None:
    """Stream any of GraphML, GEXF and node-link JSON in one pass over the graph: each attribute value
    is escaped once for both XML files. The files are the same whether written together or alone.

    GraphML: keys from the schema (every file declares the same keys), lists joined with " | ", missing
    values left out, edges numbered e0, e1 … (ids must be unique per file).
    GEXF 1.2 for Gephi: node label = display name, schema label in `category`, edge label =
    relationship type; attributes declared from the schema. No date stamp: byte-identical reruns.
    JSON: networkx node-link, one node / edge per line (keys sorted). Endpoints are "from"/"to"
    because edges have their own `source` property (the document)."""
    gml, gx, js = graphml is not None, gexf is not None, json_fh is not None
    if gml:
        graphml.write(_graphml_head())
    if gx:
        gexf.write(_gexf_head())
    if js:
        json_fh.write(_JSON_HEAD)
    dumps = _dict_dumps()  # = json.dumps(a_dict, ensure_ascii=False, sort_keys=True)
    ndata = {name: f'      <data key="{k}">' for name, k in _NKEY.items()}
    edata = {name: f'      <data key="{k}">' for name, k in _EKEY.items()}
    natt = {name: f'          <attvalue for="{i}" value="' for name, i in _GEXF_NID.items()}
    eatt = {name: f'          <attvalue for="{i}" value="' for name, i in _GEXF_EID.items()}
    category = natt["category"]
    ids: dict[Any, str] = {}
    gb: list[str] = []  # GraphML, GEXF and JSON text gathered, written ~4,000 pieces at a time
    xb: list[str] = []
    jb: list[str] = []
    ga, xa, ja = gb.append, xb.append, jb.append
    search = _XML_SPECIAL.search  # strings without anything to escape are written as they are
    xml_value = _xml_value
    sep = ""

    def flush() -> None:
        if gml:
            graphml.write("".join(gb))
            gb.clear()
        if gx:
            gexf.write("".join(xb))
            xb.clear()
        if js:
            json_fh.write("".join(jb))
            jb.clear()

    # Each node / edge is its template's literal pieces (made once per kind and attribute names
    # present) with its values between them: the same text as writing its pieces one by one.
    node_tpl: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}
    edge_tpl: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}

    def node_templates(names: tuple[str, ...]) -> tuple[list[str], list[str]]:
        # GraphML: id, then the values of `names`; GEXF: id, display name, category, the values but label's
        g = ['    <node id="', None, '">\n']
        for n in names:
            g[-1] += ndata[n]
            g += [None, "</data>\n"]
        g[-1] += "    </node>\n"
        x = ['      <node id="', None, '" label="', None, '">\n        <attvalues>\n' + category, None, '" />\n']
        for n in names:
            if n == "label":
                continue
            x[-1] += natt[n]
            x += [None, '" />\n']
        x[-1] += "        </attvalues>\n      </node>\n"
        node_tpl[names] = (g, x)
        return g, x

    def edge_templates(names: tuple[str, ...]) -> tuple[list[str], list[str]]:
        # GraphML: "e" + number, source, target, the values; GEXF: number, source, target, type, the values
        g = ['    <edge id="e', None, '" source="', None, '" target="', None, '">\n']
        x = ['      <edge id="', None, '" source="', None, '" target="', None, '" label="', None,
             '">\n        <attvalues>\n']
        for n in names:
            g[-1] += edata[n]
            g += [None, "</data>\n"]
            x[-1] += eatt[n]
            x += [None, '" />\n']
        g[-1] += "    </edge>\n"
        x[-1] += "        </attvalues>\n      </edge>\n"
        edge_tpl[names] = (g, x)
        return g, x

    for n, attrs in graph.nodes(data=True):
        if gml or gx:
            ids[n] = x = _xml(n)
            names = tuple([a for a, val in attrs.items() if val is not None and a != "id"])
            tg, tx = node_tpl.get(names) or node_templates(names)
            xs = [val if type(val) is str and not search(val) else xml_value(val) for val in map(attrs.__getitem__, names)]
            if gml:
                t = tg.copy()
                t[1::2] = [x, *xs]
                gb += t
            if gx:
                t = tx.copy()
                t[1::2] = [x, _xml(display_name(attrs)), _xml(attrs["label"]),
                           *[xv for a, xv in zip(names, xs) if a != "label"]]
                xb += t
        if js:
            ja(sep + dumps({**attrs, "id": n}))
            sep = ",\n"
        if len(gb) > 16384 or len(xb) > 16384 or len(jb) > 4096:
            flush()
    if gx:
        xa("    </nodes>\n    <edges>\n")
    if js:
        ja('\n ],\n "edges": [\n')
    sep = ""
    # = enumerate(graph.edges(keys=True, data=True)), read from the adjacency dicts (no view per edge)
    edges = ((u, v, k, attrs) for u, nbrs in graph._succ.items() for v, keyed in nbrs.items()
             for k, attrs in keyed.items())
    for i, (u, v, k, attrs) in enumerate(edges):
        if gml or gx:
            if None in attrs.values():
                names = tuple([a for a, val in attrs.items() if val is not None])
                values = [attrs[a] for a in names]
            else:
                names = tuple(attrs)
                values = attrs.values()
            tg, tx = edge_tpl.get(names) or edge_templates(names)
            xs = [val if type(val) is str and not search(val) else xml_value(val) for val in values]
            num = str(i)
            if gml:
                t = tg.copy()
                t[1::2] = [num, ids[u], ids[v], *xs]
                gb += t
            if gx:
                t = tx.copy()
                t[1::2] = [num, ids[u], ids[v], _xml(attrs["type"]), *xs]
                xb += t
        if js:
            ja(sep + dumps({**attrs, "from": u, "to": v, "key": k}))
            sep = ",\n"
        if len(gb) > 16384 or len(xb) > 16384 or len(jb) > 4096:
            flush()
    if gml:
        ga("  </graph>\n</graphml>\n")
    if gx:
        xa("    </edges>\n  </graph>\n</gexf>\n")
    if js:
        ja("\n ]}\n")
    flush()


def write_graphml(graph: nx.MultiDiGraph, fh: TextIO) -> None:
    """Stream GraphML (see write_formats)."""
    write_formats(graph, graphml=fh)


def write_gexf(graph: nx.MultiDiGraph, fh: TextIO) -> None:
    """Stream GEXF 1.2 (see write_formats)."""
    write_formats(graph, gexf=fh)


def write_json(graph: nx.MultiDiGraph, fh: TextIO) -> None:
    """Stream networkx node-link JSON (see write_formats)."""
    write_formats(graph, json_fh=fh)


def generate_graphml(graph: nx.MultiDiGraph) -> str:
    buf = io.StringIO()
    write_graphml(graph, buf)
    return buf.getvalue()


def generate_gexf(graph: nx.MultiDiGraph) -> str:
    buf = io.StringIO()
    write_gexf(graph, buf)
    return buf.getvalue()


def generate_json(graph: nx.MultiDiGraph) -> str:
    buf = io.StringIO()
    write_json(graph, buf)
    return buf.getvalue()


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


@gc_paused()
def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False) -> list[Path]:
    out_dir = Path(out_dir)
    # one pass writes the three files (renamed into place together, at the end of the block)
    with open_atomic(out_dir / "graph.graphml") as gml, open_atomic(out_dir / "graph.gexf") as gexf, \
            open_atomic(out_dir / "graph.json") as js:
        write_formats(graph, gml, gexf, js)
    return [out_dir / "graph.graphml", out_dir / "graph.gexf", out_dir / "graph.json"]


__all__ = ["write", "read_graphml", "read_json", "generate_graphml", "generate_gexf", "generate_json"]
