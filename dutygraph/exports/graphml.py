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
from operator import getitem
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from ..graph import schema
from ..graph.ids import display_name
from ..loaders.base import runs_compiled
from .atomic import gc_paused, open_atomic
from .templates import Direct, StrLists, Texts, form, pick

SEP = " | "
FILES = ("graph.graphml", "graph.gexf", "graph.json")


_XML_TYPE = {"STRING": "string", "STRING[]": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean"}
# characters XML 1.0 cannot carry at all (the loaders drop them; this is the last line of defence)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_XML_SPECIAL = re.compile('[&<>"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def _xml(s: str) -> str:
    # A printable text holds none of _XML_SPECIAL's characters but the four markup ones (\r, \n, \t, the
    # other controls, U+FFFE and U+FFFF are all unprintable): str.isprintable and four substring tests
    # (C scans) instead of the regex engine's per-character class test, several times slower on long
    # text (measure texts, joined lists of ids).
    if s.isprintable():
        if "&" not in s and "<" not in s and ">" not in s and '"' not in s:  # the usual case: nothing to escape
            return s
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    s = s.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")
    # (what is left printable holds none of _XML_INVALID's characters either)
    return s if s.isprintable() else _XML_INVALID.sub("\ufffd", s)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return SEP.join(map(str, value))
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
    made with the arguments JSONEncoder.iterencode gives it; json's pure-Python writer without it.
    The same function gives any other value's JSON text as that encoder writes it inside a dict."""
    enc = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return enc.encode
    c_encode = make({}, enc.default, json.encoder.encode_basestring, enc.indent, enc.key_separator,
                    enc.item_separator, enc.sort_keys, enc.skipkeys, enc.allow_nan)
    join = "".join
    return lambda d: join(c_encode(d, 0))


_enc = json.encoder.encode_basestring  # a str's JSON text (ensure_ascii=False), as the encoder writes it


def _str_texts() -> tuple[Any, Any]:
    """Two functions, = `_xml(v).encode()` and `_enc(v).encode()` of a str v, for the texts the writer does
    not keep (long values, node ids), which it writes into the XML files first, then into the JSON one: a
    printable text holding none of `& < > " \\` (nearly every one) is its own XML text and, in double
    quotes, its JSON text (`_enc` escapes only the quote, the backslash and the characters below U+0020,
    all unprintable), so the XML function keeps its UTF-8 and the JSON function takes it out and quotes it
    (at most 64 kept: a text only the XML files write, a display name, stays no longer). Either function,
    whatever was asked before, gives the same bytes the plain forms give."""
    plain: dict[str, bytes] = {}

    def xml_text(v: str) -> bytes:
        b = plain.get(v)
        if b is not None:
            return b
        if v.isprintable() and "&" not in v and "<" not in v and ">" not in v and '"' not in v:
            b = v.encode()
            if "\\" not in v:
                if len(plain) >= 64:
                    plain.clear()
                plain[v] = b
            return b
        return _xml(v).encode()

    def json_text(v: str) -> bytes:
        b = plain.pop(v, None)
        if b is not None:
            return b'"' + b + b'"'
        return _enc(v).encode()

    return xml_text, json_text


_NONE = type(None)


def _encoded(template: list[str | None]) -> list[bytes | None]:
    return [None if piece is None else piece.encode() for piece in template]
_SHORT = 48  # str values up to this length keep their escaped texts (names, ids, dates, kinds, mentions …)
_CHUNK = 2048  # pieces gathered before a write: one per element and file (a few MB at most)


def _text_sink(fh: TextIO | None) -> Any:
    return None if fh is None else (lambda data: fh.write(data.decode("utf-8")))


def write_formats(graph: nx.MultiDiGraph, graphml: TextIO | None = None, gexf: TextIO | None = None,
                  json_fh: TextIO | None = None) -> None:
    """Stream any of GraphML, GEXF and node-link JSON in one pass over the graph: each attribute value
    is escaped once for both XML files. The files are the same whether written together or alone.
    (The exporter, `write`, hands `_write_formats` the files' binary streams.)

    GraphML: keys from the schema (every file declares the same keys), lists joined with " | ", missing
    values left out, edges numbered e0, e1 … (ids must be unique per file).
    GEXF 1.2 for Gephi: node label = display name, schema label in `category`, edge label =
    relationship type; attributes declared from the schema. No date stamp: byte-identical reruns.
    JSON: networkx node-link, one node / edge per line (keys sorted). Endpoints are "from"/"to"
    because edges have their own `source` property (the document).

    How (the same text as writing each element piece by piece: tests/test_graphml_writer.py's
    reference writer): each node / edge is its template's literal pieces (made once per kind of
    element, attribute names and value types) with its values' texts slotted in; a value's XML and
    JSON texts come from one table per value type (`Texts`: a text made once per distinct short
    value — document names, agency names, dates, kinds, line numbers — and shared by the three files)."""
    _write_formats(graph, _text_sink(graphml), _text_sink(gexf), _text_sink(json_fh))


def _write_formats(graph: nx.MultiDiGraph, graphml: Any, gexf: Any, json_fh: Any) -> None:
    """`write_formats`, in UTF-8: each of graphml, gexf, json_fh is None or a function writing bytes."""
    gml, gx, js = graphml is not None, gexf is not None, json_fh is not None
    xml_out = gml or gx
    if gml:
        graphml(_graphml_head().encode())
    if gx:
        gexf(_gexf_head().encode())
    if js:
        json_fh(_JSON_HEAD.encode())
    dumps = _dict_dumps()  # = json.dumps(value, ensure_ascii=False, sort_keys=True)
    enc = _enc
    ndata = {name: f'      <data key="{k}">' for name, k in _NKEY.items()}
    edata = {name: f'      <data key="{k}">' for name, k in _EKEY.items()}
    natt = {name: f'          <attvalue for="{i}" value="' for name, i in _GEXF_NID.items()}
    eatt = {name: f'          <attvalue for="{i}" value="' for name, i in _GEXF_EID.items()}
    category = natt["category"]
    # a value's texts (UTF-8) by its exact type; any other type: the general rules, every time
    xml_text, json_text = _str_texts()  # (= _xml(v).encode(), enc(v).encode(): the JSON one from the XML one)
    xml_str = Texts(xml_text, short=_SHORT)
    int_text = Texts(lambda v: str(v).encode())
    bool_text = {True: b"true", False: b"false"}
    xml_other, json_other = Direct(lambda v: _xml(_text(v)).encode()), Direct(lambda v: dumps(v).encode())
    # a float's XML text is its repr (str(v), nothing to escape); JSON: the encoder's (inf, nan differ)
    xml_texts: dict[type, Any] = {str: xml_str, int: int_text, bool: bool_text, list: StrLists(xml_other.fn),
                                  float: Direct(lambda v: b"%r" % v)}
    json_texts: dict[type, Any] = {str: Texts(json_text, short=_SHORT), int: int_text,
                                   bool: bool_text, _NONE: {None: b"null"}, list: StrLists(json_other.fn)}
    ids: dict[Any, bytes] = {}  # node -> its id's XML text
    jids: dict[Any, bytes] = {}  # node -> its id's JSON text (an edge's ends are read from both)
    gb: list[bytes] = []  # GraphML, GEXF and JSON text gathered, written ~2,000 pieces (elements) at a time
    xb: list[bytes] = []
    jb: list[bytes] = []

    def flush() -> None:
        if gml:
            graphml(b"".join(gb))
            gb.clear()
        if gx:
            gexf(b"".join(xb))
            xb.clear()
        if js:
            json_fh(b"".join(jb))
            jb.clear()

    def json_template(names: tuple[Any, ...], slots: list[str],
                      fixed: dict[str, str]) -> tuple[list[bytes | None] | None, Any]:
        """The JSON object (keys sorted) of a dict with keys `slots` (texts given in that order; the
        last of equal keys wins, as in `{**attrs, "id": n}`) and `fixed` (the same text in every
        object, written into the literal text) as a bytes format (`form`: its literal text with a
        slot per value), and a function giving the slots' texts in key order; None when one of the
        attributes' `names` is not a str."""
        if not all(type(a) is str for a in names):
            return None, None
        slot = {a: i for i, a in enumerate(slots) if a not in fixed}
        keys = sorted({*slot, *fixed})
        t = [",\n{"]
        order = []
        for i, a in enumerate(keys):
            t[-1] += ("" if i == 0 else ", ") + enc(a) + ": "
            if a in fixed:
                t[-1] += fixed[a]
            else:
                t += [None, ""]
                order.append(slot[a])
        t[-1] += "}"
        return _layout(_encoded(t)), _order(order)

    # Per (attribute names, value types) of a node / an edge: what the loops below need
    node_spec: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    edge_spec: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def make_node_spec(key: tuple[Any, ...]) -> tuple[Any, ...]:
        half = len(key) // 2
        names, types = key[:half], key[half:]
        xpos = [i for i in range(half) if types[i] is not _NONE and names[i] != "id"]
        xnames = tuple(names[i] for i in xpos)
        g: list[str | None] = []
        x: list[str | None] = []
        if xml_out:  # (a name the schema does not declare: KeyError, as in an XML file it has no key)
            # GraphML: id, then the values of xnames; GEXF: id, display name, category, the values but label's
            g = ['    <node id="', None, '">\n']
            x = ['      <node id="', None, '" label="', None, '">\n        <attvalues>\n' + category, None, '" />\n']
            for name in xnames:
                g[-1] += ndata[name]
                g += [None, "</data>\n"]
                if name == "label":
                    continue
                x[-1] += natt[name]
                x += [None, '" />\n']
            g[-1] += "    </node>\n"
            x[-1] += "        </attvalues>\n      </node>\n"
        jt, jpick = json_template(names, [*names, "id"], {})
        gpos = [i for i, name in enumerate(xnames) if name != "label"]
        if _COMPILED:  # the GEXF slots as positions in [id, the values, display name, category]: `_filled`
            gpos = [0, len(xpos) + 1, len(xpos) + 2, *(1 + i for i in gpos)]
        spec = node_spec[key] = (
            _order(xpos), tuple(xml_texts.get(types[i], xml_other) for i in xpos), _layout(_encoded(g)),
            _layout(_encoded(x)), _order(gpos), tuple(json_texts.get(t, json_other) for t in types), jt, jpick)
        return spec

    def make_edge_spec(key: tuple[Any, ...]) -> tuple[Any, ...]:
        # key: attribute names, value types, then the `type` value and the edge key when each is a str
        # (the same for every edge of a relationship type: written into the templates' literal text)
        half = (len(key) - 2) // 2
        names, types, type_value, edge_key = key[:half], key[half:2 * half], key[-2], key[-1]
        fixed = {i for i in range(half) if names[i] == "type" and type_value is not None}
        xpos = [i for i in range(half) if types[i] is not _NONE]
        g: list[str | None] = []
        x: list[str | None] = []
        if xml_out:
            # GraphML: "e" + number, source, target, the values; GEXF: number, source, target, type, the values
            g = ['    <edge id="e', None, '" source="', None, '" target="', None, '">\n']
            x = ['      <edge id="', None, '" source="', None, '" target="', None, '" label="']
            if type_value is None:
                x += [None, '">\n        <attvalues>\n']
            else:
                x[-1] += _xml(type_value) + '">\n        <attvalues>\n'
            for i in xpos:
                g[-1] += edata[names[i]]
                x[-1] += eatt[names[i]]
                if i in fixed:
                    g[-1] += _xml(type_value) + "</data>\n"
                    x[-1] += _xml(type_value) + '" />\n'
                else:
                    g += [None, "</data>\n"]
                    x += [None, '" />\n']
            g[-1] += "    </edge>\n"
            x[-1] += "        </attvalues>\n      </edge>\n"
        jfixed = {} if type_value is None or "type" not in names else {"type": enc(type_value)}
        if edge_key is not None:
            jfixed["key"] = enc(edge_key)
        xslots = [i for i in xpos if i not in fixed]
        jslots = [i for i in range(half) if i not in fixed]
        jt, jpick = json_template(names, [*(names[i] for i in jslots), "from", "to", "key"], jfixed)
        # compiled, the GEXF template's slots as positions in [number, source, target, the values, the type's
        # text (when not fixed)] (`_filled`); GraphML's are that list's first ones in order (`_joined`)
        xorder = None
        if _COMPILED:
            n = len(xslots)
            xorder = (0, 1, 2, *(() if type_value is not None else (3 + n,)), *range(3, 3 + n))
        spec = edge_spec[key] = (
            None if len(xslots) == half else _order(xslots), tuple(xml_texts.get(types[i], xml_other) for i in xslots),
            _layout(_encoded(g)), _layout(_encoded(x)), type_value is not None,
            None if len(jslots) == half else _order(jslots),
            tuple(json_texts.get(types[i], json_other) for i in jslots), jt, jpick, edge_key is not None, xorder)
        return spec

    _write_nodes(graph.nodes(data=True), node_spec, make_node_spec, ids, jids, xml_str, xml_text, json_text, dumps,
                 gml, gx, js, gb, xb, jb, flush)
    if gx:
        xb.append(b"    </nodes>\n    <edges>\n")
    if js:
        jb.append(b'\n ],\n "edges": [\n')
    _write_edges(graph._succ, edge_spec, make_edge_spec, ids, jids, xml_str, dumps, gml, gx, js, gb, xb, jb, flush)
    if gml:
        gb.append(b"  </graph>\n</graphml>\n")
    if gx:
        xb.append(b"    </edges>\n  </graph>\n</gexf>\n")
    if js:
        jb.append(b"\n ]}\n")
    flush()


def _write_nodes(nodes: Any, node_spec: dict[tuple[Any, ...], Any], make_node_spec: Any, ids: dict[Any, bytes],
                 jids: dict[Any, bytes], xml_str: Any, xml_text: Any, json_text: Any, dumps: Any, gml: bool,
                 gx: bool, js: bool, gb: list[bytes], xb: list[bytes], jb: list[bytes], flush: Any) -> None:
    """`_write_formats`'s nodes (`nodes`: (node, attrs) pairs, in graph order; a function of its own: typed
    by graphml.pxd when compiled): each by its kind's templates (`make_node_spec`, kept in `node_spec`),
    its id's XML and JSON texts (`xml_text`, `json_text`: `_str_texts`) kept in `ids` / `jids` for its edges;
    the pieces go to `gb`, `xb`, `jb`
    (the files written: `gml`, `gx`, `js`), `flush` writes them."""
    first = True  # the first JSON line of each list has no ",\n" before it
    xml_out = gml or gx
    chunk = _CHUNK  # (a C integer when compiled: the tests set `_CHUNK`)
    kinds_of = {}  # compiled: label (str) -> [(attribute names, value types, spec)] of the kinds seen with it
    for n, attrs in nodes:
        vals = _values(attrs)
        if _COMPILED:  # (typed loops; as Python, map() is quicker: the same key)
            # the spec of a kind seen before with this label when this node has its attribute names (the same
            # objects, in the same order) and value types: its key would be equal; else by the key, as below
            spec = None
            label = attrs.get("label")
            kinds = kinds_of.get(label) if type(label) is str else None
            if kinds is not None:
                for seen in kinds:
                    if _same_kind(attrs, vals, seen[0], seen[1]):
                        spec = seen[2]
                        break
            if spec is None:
                kind = [*attrs]
                for value in vals:
                    kind.append(type(value))
                key = tuple(kind)
                spec = node_spec.get(key) or make_node_spec(key)
                if type(label) is str:
                    kinds_of.setdefault(label, []).append((key[:len(vals)], key[len(vals):], spec))
        else:
            key = (*attrs, *map(type, vals))
            spec = node_spec.get(key) or make_node_spec(key)
        xpick, xcs, tg, tx, gpick, jcs, jt, jpick = spec
        if xml_out:
            ids[n] = x = xml_text(n)  # (= _xml(n).encode())
            if _COMPILED:  # templates as literal pieces joined with the values (`_joined`, `_filled`)
                xs = [x]
                at = xpick  # (a tuple: typed by graphml.pxd, its items read without a generic lookup)
                for j in range(len(at)):  # (= _picked(vals, xpick), read in place)
                    p = at[j]
                    xs.append(xcs[j][vals[p]])
                if gml:
                    gb.append(_joined(tg, xs))
                if gx:
                    xs.append(xml_str[display_name(attrs)])
                    xs.append(xml_str[attrs["label"]])
                    xb.append(_filled(tx, xs, gpick))
            else:
                xvals = xpick(vals)
                xs = list(map(getitem, xcs, xvals))
                if gml:
                    gb.append(tg % (x, *xs))
                if gx:
                    xb.append(tx % (x, xml_str[display_name(attrs)], xml_str[attrs["label"]], *gpick(xs)))
        if js:
            jids[n] = jn = json_text(n) if type(n) is str else dumps(n).encode()  # (= _enc(n).encode() of a str)
            if jt is None:
                line = dumps({**attrs, "id": n}).encode()
                jb.append(line if first else b",\n" + line)
            else:
                if _COMPILED:
                    jv = []
                    for j in range(len(vals)):
                        jv.append(jcs[j][vals[j]])
                    jv.append(jn)
                    line = _filled(jt, jv, jpick)
                else:
                    jv = list(map(getitem, jcs, vals))
                    jv.append(jn)
                    line = jt % jpick(jv)
                jb.append(line[2:] if first else line)
            first = False
        if len(gb) > chunk or len(xb) > chunk or len(jb) > chunk:
            flush()


def _write_edges(succ: dict[Any, Any], edge_spec: dict[tuple[Any, ...], Any], make_edge_spec: Any,
                 ids: dict[Any, bytes], jids: dict[Any, bytes], xml_str: Any, dumps: Any, gml: bool, gx: bool,
                 js: bool, gb: list[bytes], xb: list[bytes], jb: list[bytes], flush: Any) -> None:
    """`_write_formats`'s edges, numbered in graph order (`succ`: the graph's adjacency; a function of its
    own: typed by graphml.pxd when compiled), each by its kind's templates (`make_edge_spec`, kept in
    `edge_spec`); as `_write_nodes`."""
    first = True
    i = 0  # the edge's number
    # = enumerate(graph.edges(keys=True, data=True)), read from the adjacency dicts (no view per edge)
    xml_out = gml or gx
    last_of = {}  # compiled: type -> (edge key, attribute names, value types, spec) of its last edge
    chunk = _CHUNK  # (as in _write_nodes)
    for u, nbrs in succ.items():
        xu = ids[u] if xml_out else None
        ju = jids[u] if js else None
        for v, keyed in nbrs.items():
            xv = ids[v] if xml_out else None
            jv_ = jids[v] if js else None
            for k, attrs in keyed.items():
                vals = _values(attrs)
                tv = attrs.get("type")
                if _COMPILED:  # (as in _write_nodes)
                    # the spec of the last edge of this type (str) and key (str) when this one has the same
                    # attribute names (the same objects, in the same order) and value types: its key would
                    # be equal; else by the key, as below
                    spec = None
                    if type(tv) is str and type(k) is str:
                        last = last_of.get(tv)
                        if last is not None and last[0] == k and _same_kind(attrs, vals, last[1], last[2]):
                            spec = last[3]
                    if spec is None:
                        kind = [*attrs]
                        for value in vals:
                            kind.append(type(value))
                        kind.append(tv if type(tv) is str else None)
                        kind.append(k if type(k) is str else None)
                        key = tuple(kind)
                        spec = edge_spec.get(key) or make_edge_spec(key)
                        if type(tv) is str and type(k) is str:
                            last_of[tv] = (k, key[:len(vals)], key[len(vals):2 * len(vals)], spec)
                else:
                    key = (*attrs, *map(type, vals), tv if type(tv) is str else None, k if type(k) is str else None)
                    spec = edge_spec.get(key) or make_edge_spec(key)
                xpick, xcs, tg, tx, type_fixed, jpick_, jcs, jt, jpick, key_fixed, xorder = spec
                if xml_out:
                    if _COMPILED:  # (as in _write_nodes)
                        num = _number(i)
                        xs = [num, xu, xv]
                        if xpick is None:
                            for j in range(len(vals)):
                                xs.append(xcs[j][vals[j]])
                        else:
                            at = xpick  # (a tuple, as in _write_nodes)
                            for j in range(len(at)):  # (= _picked(vals, xpick), read in place)
                                p = at[j]
                                xs.append(xcs[j][vals[p]])
                        if gml:
                            gb.append(_joined(tg, xs))
                        if gx:
                            if not type_fixed:
                                xs.append(xml_str[attrs["type"]])
                            xb.append(_filled(tx, xs, xorder))
                    else:
                        num = b"%d" % i
                        xvals = vals if xpick is None else xpick(vals)
                        xs = list(map(getitem, xcs, xvals))
                        if gml:
                            gb.append(tg % (num, xu, xv, *xs))
                        if gx:
                            xb.append(tx % ((num, xu, xv, *xs) if type_fixed
                                            else (num, xu, xv, xml_str[attrs["type"]], *xs)))
                if js:
                    if jt is None:
                        line = dumps({**attrs, "from": u, "to": v, "key": k}).encode()
                        jb.append(line if first else b",\n" + line)
                    else:
                        if _COMPILED:
                            jv = []
                            if jpick_ is None:
                                for j in range(len(vals)):
                                    jv.append(jcs[j][vals[j]])
                            else:
                                at = jpick_  # (a tuple, as in _write_nodes)
                                for j in range(len(at)):  # (= _picked(vals, jpick_), read in place)
                                    p = at[j]
                                    jv.append(jcs[j][vals[p]])
                        else:
                            jvals = vals if jpick_ is None else jpick_(vals)
                            jv = list(map(getitem, jcs, jvals))
                        if key_fixed:
                            jv += (ju, jv_)
                        else:
                            jv += (ju, jv_, dumps(k).encode())
                        line = _filled(jt, jv, jpick) if _COMPILED else jt % jpick(jv)
                        jb.append(line[2:] if first else line)
                    first = False
                i += 1
                if len(gb) > chunk or len(xb) > chunk or len(jb) > chunk:
                    flush()


def _same_kind(attrs: dict[Any, Any], vals: list[Any], names: tuple[Any, ...], types: tuple[Any, ...]) -> bool:
    """Whether an element's attributes `attrs` (their values `vals`) have the attribute names `names` (the same
    objects, in the same order) and value types `types`: the kind (`names` + `types`) of an element seen before,
    without the key made and looked up (compiled: `_same_entries`, a function of graphml.pxd: the dict's entries
    walked in C, names and types compared as pointers; a typed loop over the dict cost ~600 instructions a call)."""
    if len(names) != len(vals) or len(types) != len(vals) or len(attrs) != len(vals):
        return False
    if _NATIVE:
        return _same_entries(attrs, names, types)  # noqa: F821 - graphml.pxd's, compiled only
    m = 0
    for name in attrs:
        if name is not names[m] or type(vals[m]) is not types[m]:
            return False
        m += 1
    return True


def _values(attrs: dict[Any, Any]) -> list[Any]:
    """An element's attribute values, in order: `list(attrs.values())`, compiled one C call (`PyDict_Values`,
    cimported by graphml.pxd: the dict's entries copied into a list; `tuple(attrs.values())` went through the
    view's iterator, ~800 instructions an edge's five values, ~1,900 a node's)."""
    if _NATIVE:
        return PyDict_Values(attrs)  # noqa: F821 - graphml.pxd's cimport, compiled only
    return list(attrs.values())


def _number(i: int) -> bytes:
    """An edge's number's text, `b"%d" % i`: compiled by `_decimal`, a function of graphml.pxd (the digits
    written into a C buffer: `str(i).encode()` made an int, a str and bytes, ~850 instructions an edge)."""
    if _NATIVE:
        return _decimal(i)  # noqa: F821 - graphml.pxd's, compiled only
    return b"%d" % i


def _picked(seq: tuple[Any, ...], positions: tuple[int, ...]) -> tuple[Any, ...]:
    """The items at `positions` of `seq` as a tuple: `pick(list(positions))(seq)`, by a typed loop when
    compiled (as rdf.py's). (The writer's loops, compiled, read the values at the positions in place: no
    tuple made per element; this is their form the tests compare.)"""
    return tuple([seq[p] for p in positions])


def _filled(lits: tuple[bytes, ...], values: list[bytes], positions: tuple[int, ...]) -> bytes:
    """`form(template) % _picked(values, positions)` for `lits = tuple(template[0::2])` (every value bytes):
    the literal pieces and the values at `positions` joined, by a typed loop when compiled (as rdf.py's:
    bytes `%` scans its format and prepares its writer per slot): compiled by `_fill`, a function of
    graphml.pxd (C-API calls: the pieces copied into one bytes object), as Python a join."""
    if _NATIVE:
        return _fill(lits, values, positions)  # noqa: F821 - graphml.pxd's, compiled only
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
    """`form(template) % tuple(values[:n])` for `lits = tuple(template[0::2])` and its n slots: `_filled`
    with the first n values in order (`values` may hold more: the GEXF template's that follow them)."""
    if _NATIVE:
        return _fill(lits, values, None)  # noqa: F821 - graphml.pxd's, compiled only
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


# Compiled, `_write_nodes` and `_write_edges` make a kind's key, read a value's texts (the values at the
# template's positions read in place) and fill a template (`_joined`, `_filled`) in typed loops; as Python,
# by map() over the values, itemgetters and bytes `%` (quicker there): tests/test_graphml_writer.py pins the
# two forms
_COMPILED = runs_compiled(_write_nodes)
# whether `_fill` exists (the module runs compiled); unlike `_COMPILED`, switched by one test only
# (test_rdf_writer's malformed templates: the Python form raising as `_fill` does)
_NATIVE = _COMPILED


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
        _write_formats(graph, gml.buffer.write, gexf.buffer.write, js.buffer.write)  # (UTF-8 bytes)
    return [out_dir / "graph.graphml", out_dir / "graph.gexf", out_dir / "graph.json"]


__all__ = ["write", "read_graphml", "read_json", "generate_graphml", "generate_gexf", "generate_json"]
