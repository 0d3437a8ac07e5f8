"""The offline site: an overview page plus one interactive graph page per agency, platform, plan,
indicator and jurisdiction, written under out_dir/site/.

pyvis builds the vis-network node and edge lists; the pages use our own templates (templates/) instead of
pyvis's, because pyvis 0.3.2's templates load bootstrap, tom-select and vis-network from CDNs. The
vis-network JavaScript/CSS shipped inside the pyvis wheel is copied once into site/assets/ (or inlined into
every page with inline_assets=True), so no request ever leaves the machine; every page also carries a
Content-Security-Policy that forbids network access.

Each measure is written once per site: site/data/ holds one data file per plan (its measures' records,
table rows and quoted edges, and the records of their neighbours but agencies) and one per jurisdiction's
agencies, and a page that fits without grouping lists its nodes by rank and loads the data files it needs
with <script src> (fetch() of local files is blocked from file://); graph.js assembles from them exactly the data a full page carries
(`assemble` below mirrors it; the tests check both against pages.payload). Grouped pages carry their data.

Safety: text from documents only travels as JSON — inside <script type="application/json"> or as the one
JSON literal of a data file — with <, >, &, U+2028/2029 escaped, and is put into the DOM with textContent;
the overview is rendered by Jinja2 with autoescaping. Output is deterministic: no timestamps, everything
sorted, files written atomically.
"""

from __future__ import annotations

import base64
import re
import hashlib
import heapq
import json
import math
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup, escape  # (jinja2's dependency: what autoescape calls)

from .. import sysmem
from ..errors import StoreError
from ..exports.atomic import DIR_MODE, gc_paused
from ..loaders.base import runs_compiled
from ..paths import PACKAGE_DIR
from . import pages as P

# through dutygraph.paths, not this module's __file__ (compiled, that is its file in the venv)
_HERE = PACKAGE_DIR / "viz"
TEMPLATES = _HERE / "templates"
ASSETS = _HERE / "assets"


def _vis_dir() -> Path:
    """vis-network's files inside the installed pyvis package, found without importing pyvis (its import,
    which brings IPython's display helpers, is ~0.1 s of CPU; only its files are used)."""
    from importlib.util import find_spec  # noqa: PLC0415 - only needed when writing

    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise ImportError("pyvis is not installed: the site copies vis-network from its package", name="pyvis")
    return Path(spec.origin).resolve().parent / "lib" / "vis-9.1.2"


# files copied into site/assets/: (name in site, source path)
def _asset_sources() -> list[tuple[str, Path]]:
    vis = _vis_dir()
    return [
        ("vis-network.min.js", vis / "vis-network.min.js"),
        ("vis-network.css", vis / "vis-network.css"),
        ("graph.js", ASSETS / "graph.js"),
        ("index.js", ASSETS / "index.js"),
        ("site.css", ASSETS / "site.css"),
    ]


# ---------------------------------------------------------------------------------------------- helpers


def _encoder() -> Callable[[Any], str]:
    """json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) without making a new
    encoder per call: json.dumps builds a JSONEncoder whenever an option differs from the defaults, and
    JSONEncoder.encode a C encoder on every call, through two Python frames (~1.5M calls at 10k
    documents). One C encoder, made with the arguments JSONEncoder.iterencode gives it (as graphml.py's
    _dict_dumps); JSONEncoder.encode where json has no C encoder."""
    enc = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return enc.encode
    markers: dict[int, Any] = {}  # (the containers being encoded: circular references are an error, as in encode)
    c_encode = make(markers, enc.default, json.encoder.encode_basestring, enc.indent, enc.key_separator,
                    enc.item_separator, enc.sort_keys, enc.skipkeys, enc.allow_nan)
    join = "".join

    def encode(obj: Any) -> str:
        try:
            return join(c_encode(obj, 0))
        except BaseException:
            markers.clear()  # a failed call leaves its containers there (the next call would see a cycle)
            raise

    return encode


_ENCODE = _encoder()
_ENCODE_STR = json.encoder.encode_basestring  # the same for one str (what the encoder itself calls)


def _js(s: str) -> str:
    """_ENCODE_STR(s): a str's JSON text (~3M strings at 1,000 documents: every text of the data files and
    grouped pages). Compiled, site.pxd's _js_c gives it for a str without a character JSON escapes
    (most): its characters between quotes, copied, without a Python call of the encoder (two passes and a
    character-by-character copy); anything else by _ENCODE_STR (tests/test_site.py pins the two)."""
    if _COMPILED:
        text = _js_c(s)  # noqa: F821 - site.pxd's (C-API calls: it exists only compiled)
        if text is not None:
            return text
    return _ENCODE_STR(s)


# what _safe replaces, each with its JSON escape
_UNSAFE = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def _safe(s: str) -> str:
    """Escape what could end a <script> element or start markup (only ever inside JSON strings). Each
    character is looked for with `in` first: most texts have none, and `in` finds (or misses) a character
    ~5x faster than str.replace, which counts the matches of a longer replacement in a pass of its own
    (~1.1 GB of text goes through here at 10k documents). Compiled (a C function: ~270k calls at 1,000
    documents), site.pxd's _has_unsafe_c makes the same searches first, by the function `in` calls
    (PyUnicode_FindChar), without a Python call each, and the line separators only in a str wide enough to
    hold them: a str without any is returned as it is (most); one with some goes on as before."""
    if _COMPILED and type(s) is str and not _has_unsafe_c(s):  # noqa: F821 - site.pxd's (it exists only compiled)
        return s
    for ch, esc in _UNSAFE:
        if ch in s:
            s = s.replace(ch, esc)
    return s


def safe_json(obj: Any) -> str:
    """JSON that can sit inside <script type="application/json"> and never end it or start markup."""
    return _safe(_ENCODE(obj))


_COMPILED = runs_compiled(safe_json)  # (utf8's choice of form)
_SURROGATE = re.compile("[\ud800-\udfff]")  # (JavaScript would pair two of them into one character)
_QUOTE_LABELS = P.QUOTE_LABELS  # (bound once: a module attribute lookup per edge otherwise)


# a node record's keys (pages._node_record) and those of them that hold a str
_RECORD_KEYS = frozenset({"date", "focus", "id", "ind", "juris", "label", "name", "page", "props", "snippet", "type",
                          "value"})
_RECORD_STR_KEYS = ("date", "id", "ind", "juris", "label", "name", "page", "snippet", "type")


# a prop's Chinese name -> the JSON of its [name, value] pair up to the value: '["name",' (a few dozen)
_PROP_HEADS: dict[str, str] = {}


def props_json(props: Any) -> str:
    """_ENCODE(props) for a node record's props (pages._props: [[Chinese name, value], …], both str),
    formatted directly when every pair has those types. Through the encoder each pair cost ~3,500
    instructions (its circular-reference check, its dispatch, its accumulator: a measure's record has
    ~15 of them; at 300 documents 27% of the data files' instructions); here a pair is its name's JSON
    head, looked up, and its value encoded by the encoder's own string function, joined once."""
    if type(props) is not list:
        return _ENCODE(props)
    if not props:
        return "[]"
    heads = _PROP_HEADS
    parts = ["["]
    for p in props:
        if type(p) is not list or len(p) != 2:
            return _ENCODE(props)
        zh, v = p
        if type(zh) is not str or type(v) is not str:
            return _ENCODE(props)
        head = heads.get(zh)
        if head is None:
            head = heads[zh] = "[" + _js(zh) + ","
        parts.append(head)
        parts.append(_js(v))
        parts.append("],")
    parts[-1] = "]]"  # (the last pair's end closes the list)
    return "".join(parts)


_PROP_ROWS = P._PROP_ROWS  # label -> its shown props with their Chinese names (bound once)


# label -> its shown props as rows (prop, its pair's JSON head '["name",', the pieces of its int values and of its
# float values so far, its pieces for True and False) — a piece is the pair's whole JSON with its comma, e.g.
# '["牵头措施","3"],' (made per label on first use; the pieces as values recur: an agency's 18 int counts)
_PROP_PIECES: dict[str, list[tuple[str, str, dict[int, str], dict[float, str], str, str]]] = {}
MAX_PIECES = 1 << 16  # value pieces kept per prop (beyond them a value's piece is made each time)


def _prop_pieces(label: str) -> list[tuple[str, str, dict[int, str], dict[float, str], str, str]] | None:
    """_PROP_PIECES[label], made on first use from _PROP_ROWS; None for a label without its schema rows."""
    rows = _PROP_PIECES.get(label)
    if rows is None:
        names = _PROP_ROWS.get(label)
        if names is None:
            return None
        rows = _PROP_PIECES[label] = []
        for p, zh in names:
            head = _PROP_HEADS.get(zh)
            if head is None:
                head = _PROP_HEADS[zh] = "[" + _js(zh) + ","
            rows.append((p, head, {}, {}, head + _js("是") + "],", head + _js("否") + "],"))
    return rows


def _value_piece(head: str, text: str, limit: int) -> str:
    """A prop's pair as JSON with its comma, its value `text` cut at `limit` characters as P._props cuts it."""
    if len(text) > limit:
        text = text[:limit] + f"……（共{len(text)}字，全文见来源文件）"
    return head + _js(text) + "],"


def props_text(a: dict[str, Any], extra: list[list[str]] | None) -> str:
    """props_json(P._props(a) + (extra or [])) — a node record's props, its attributes `a`, and `extra`
    pairs of str after them — formatted straight from the attributes: no [name, value] list per prop
    (~15 for a measure) between the two. An int's or float's pair is its piece, kept per prop and value
    (_PROP_PIECES: no str() and JSON of the number each time; a float zero is made each time, as 0.0 and
    -0.0 are one key), a bool's is its row's, a list of str is joined as it is. A label without its schema
    rows, or a value of a type _props turns into text by its general path (neither str, int, float, bool,
    list nor None), goes through _props (tests/test_site.py checks both give the same text)."""
    label = a.get("label", "")
    rows = _prop_pieces(label) if type(label) is str else None
    if rows is None:
        return props_json(P._props(a) + (extra or []))
    limit = P.MAX_PROP_CHARS
    parts = ["["]
    for p, head, ints, floats, yes, no in rows:
        v = a.get(p)
        if v is None:
            continue
        kind = type(v)
        if kind is str:
            if not v:
                continue
            if len(v) > limit:
                v = v[:limit] + f"……（共{len(v)}字，全文见来源文件）"
            parts.append(head)
            parts.append(_js(v))
            parts.append("],")
        elif kind is int:
            piece = ints.get(v)
            if piece is None:
                piece = _value_piece(head, str(v), limit)
                if len(ints) < MAX_PIECES:
                    ints[v] = piece
            parts.append(piece)
        elif kind is float:
            piece = floats.get(v) if v != 0.0 else None
            if piece is None:
                piece = _value_piece(head, str(v), limit)
                if v != 0.0 and len(floats) < MAX_PIECES:
                    floats[v] = piece
            parts.append(piece)
        elif kind is bool:
            parts.append(yes if v else no)
        elif kind is list:
            if not v:
                continue
            for x in v:
                if type(x) is not str:
                    v = "；".join([str(x) for x in v])
                    break
            else:
                v = "；".join(v)
            parts.append(_value_piece(head, v, limit))
        else:
            return props_json(P._props(a) + (extra or []))
    if extra:
        heads = _PROP_HEADS
        for zh, v in extra:
            head = heads.get(zh)
            if head is None:
                head = heads[zh] = "[" + _js(zh) + ","
            parts.append(head)
            parts.append(_js(v))
            parts.append("],")
    if len(parts) == 1:
        return "[]"
    parts[-1] = parts[-1][:-1] + "]"  # (the last pair's comma closes the list)
    return "".join(parts)


def record_json(rec: dict[str, Any]) -> str:
    """safe_json(rec) for a node record (pages._node_record), formatted directly when it has the usual keys
    and types: without the encoder's sorting of its keys and its dispatch per value (~600k records are
    written at 10k documents); its props list by props_json. (An exact float or int put into an f-string
    is its repr, as the encoder writes it.)"""
    value, focus = rec.get("value"), rec.get("focus")
    if (rec.keys() != _RECORD_KEYS or type(value) is not float or not math.isfinite(value) or type(focus) is not bool
            or type(rec["props"]) is not list or not all([type(rec[k]) is str for k in _RECORD_STR_KEYS])):
        return safe_json(rec)
    return _safe(f'{{"date":{_js(rec["date"])},"focus":{"true" if focus else "false"},"id":{_js(rec["id"])},'
                 f'"ind":{_js(rec["ind"])},"juris":{_js(rec["juris"])},"label":{_js(rec["label"])},'
                 f'"name":{_js(rec["name"])},"page":{_js(rec["page"])},"props":{props_json(rec["props"])},'
                 f'"snippet":{_js(rec["snippet"])},"type":{_js(rec["type"])},"value":{value}}}')


def record_fragment(rank: int, rec: dict[str, Any], n: str) -> str:
    """A data file's [rank, node record, drawn label] of node n as JSON, from its record (pages._node_record)."""
    return f'[{rank},{record_json(rec)},{_safe(_js(P.short(rec["name"]) or n))}]'


# pages' functions and names a record is made with, bound once (a module attribute lookup each, ~4 per record
# of the data files, otherwise)
_display_name, _short, _node_jurisdiction, _LABEL_ZH = P.display_name, P.short, P._node_jurisdiction, P.LABEL_ZH


def _record_values(g: nx.MultiDiGraph, n: str, a: dict[str, Any], idx: P.SiteIndex) -> tuple[Any, ...] | None:
    """The values of P._node_record(g, n, a, None, idx) but its props — (label, name, value, date, ind, snippet,
    juris, page, type) —, made from node n's attributes `a`, when they have the types record_json formats
    directly (str, and a finite float value); None otherwise."""
    label = a.get("label", "")
    ctxs, loads, pages = idx.ctx, idx.loads, idx.pages  # (compiled: dicts, their .get direct C calls)
    ctx = ctxs.get(n)
    if ctx is None:
        ctx = {}
    name = _display_name(a)
    value = loads.get(n, 0.0)
    if label == "Measure":
        date, ind, snippet = ctx.get("date", ""), ctx.get("indicator", ""), _short(a.get("text") or "", 90)
    else:
        date = a.get("date") or "" if label == "Deadline" else ""
        ind = a.get("name") or "" if label == "Indicator" else ""
        snippet = ""
    juris = _node_jurisdiction(g, n, ctxs)
    page = pages.get(n, "")
    kind = _LABEL_ZH.get(label, label)
    if (type(n) is not str or type(label) is not str or type(name) is not str or type(value) is not float
            or not math.isfinite(value) or type(date) is not str or type(ind) is not str or type(snippet) is not str
            or type(juris) is not str or type(page) is not str or type(kind) is not str):
        return None
    return label, name, value, date, ind, snippet, juris, page, kind


def _agency_extra(n: str, label: str, idx: P.SiteIndex) -> list[list[str]] | None:
    """The pairs P._node_record adds after an agency's props (its loads); None for any other node."""
    if label == "Agency" and n in idx.agency:
        ld = idx.agency[n]
        return [["牵头措施", str(ld.led)], ["配合措施", str(ld.co)], ["继承牵头", str(ld.inherited)],
                ["总负荷", f"{ld.load:.2f}".rstrip("0").rstrip(".")]]
    return None


def data_record(g: nx.MultiDiGraph, n: str, a: dict[str, Any], idx: P.SiteIndex, rank: int) -> str:
    """record_fragment(rank, P._node_record(g, n, a, None, idx), n) — node n's [rank, record, drawn label] in
    a data file, its attributes `a` — formatted straight from the attributes when they give the record
    record_json formats directly: no record dict made (its 12 stores, record_json's key-set test and 9
    lookups; ~330k records at 10k documents, the largest part of the data files), one _safe over the
    fragment (the rank and the JSON punctuation have nothing it escapes). Anything else (a value of
    another type) goes through the record (tests/test_site.py checks both give the same text)."""
    values = _record_values(g, n, a, idx)
    if values is None:
        return record_fragment(rank, P._node_record(g, n, a, None, idx), n)
    label, name, value, date, ind, snippet, juris, page, kind = values
    extra = _agency_extra(n, label, idx)
    return _safe(f'[{rank},{{"date":{_js(date)},"focus":false,"id":{_js(n)},"ind":{_js(ind)},"juris":{_js(juris)},'
                 f'"label":{_js(label)},"name":{_js(name)},"page":{_js(page)},"props":{props_text(a, extra)},'
                 f'"snippet":{_js(snippet)},"type":{_js(kind)},"value":{value}}},{_js(_short(name) or n)}]')


class PageRecord(dict):  # type: ignore[type-arg]
    """A node's record on a grouped page (page_record's): the values the page's filters read, `json`, the JSON
    text of its whole record (P._node_record's, not a page's focus), and `vis`, that of its vis-network node
    (vis_node_json of vis_network's dict of the record; None when its style is not two str), which PageJSON
    writes as they are. An extension type when compiled (site.pxd), as _StringJSON."""

    __slots__ = ("json", "vis")


def page_record(g: nx.MultiDiGraph, n: str, a: dict[str, Any], idx: P.SiteIndex) -> dict[str, Any]:
    """Node n's record on a grouped page (pages.payload's `node_record`), its attributes `a`: a PageRecord of
    its id, label, name, value, juris, ind, date and focus (False), with the JSON text record_json gives of
    P._node_record(g, n, a, None, idx) — formatted straight from the attributes as data_record does (no props
    rows, no record dict of 12 values: ~15k records on the 21 grouped pages of 1,000 documents) — and that of
    its vis-network node (no vis dict made by vis_network and formatted by vis_node_json). Anything else (a
    value of another type) is that record itself (tests/test_site.py checks the pages are the same)."""
    values = _record_values(g, n, a, idx)
    if values is None:
        return P._node_record(g, n, a, None, idx)
    label, name, value, date, ind, snippet, juris, page, kind = values
    extra = _agency_extra(n, label, idx)
    rec = PageRecord()
    rec["id"] = n
    rec["label"] = label
    rec["name"] = name
    rec["value"] = value
    rec["juris"] = juris
    rec["ind"] = ind
    rec["date"] = date
    rec["focus"] = False
    rec.json = _safe(f'{{"date":{_js(date)},"focus":false,"id":{_js(n)},"ind":{_js(ind)},"juris":{_js(juris)},'
                     f'"label":{_js(label)},"name":{_js(name)},"page":{_js(page)},"props":{props_text(a, extra)},'
                     f'"snippet":{_js(snippet)},"type":{_js(kind)},"value":{value}}}')
    color, shape = P.NODE_STYLE.get(label, ("#888888", "dot"))
    if type(color) is str and type(shape) is str:
        rec.vis = _safe(f'{{"borderWidth":1,"color":{_js(color)},"id":{_js(n)},"label":{_js(_short(name) or n)},'
                        f'"shape":{_js(shape)},"value":{max(value, 0.5)}}}')
    else:
        rec.vis = None
    return rec


# a group's node record's keys (pages.payload's measure groups) and those of them that hold a str
_GROUP_KEYS = frozenset({"date", "dates", "focus", "id", "ind", "inds", "juris", "label", "members", "name", "page",
                         "props", "snippet", "type", "value"})
_GROUP_STR_KEYS = ("date", "id", "ind", "juris", "label", "name", "page", "snippet", "type")


def strs_json(items: Any) -> str | None:
    """_ENCODE(items) for a list of str, formatted directly; None for anything else."""
    if type(items) is not list:
        return None
    parts = []
    for x in items:
        if type(x) is not str:
            return None
        parts.append(_js(x))
    return "[" + ",".join(parts) + "]"


def pairs_json(pairs: Any) -> str | None:
    """_ENCODE(pairs) for a list of [str, str] lists, formatted directly; None for anything else."""
    if type(pairs) is not list:
        return None
    parts = []
    for p in pairs:
        if type(p) is not list or len(p) != 2:
            return None
        a, b = p
        if type(a) is not str or type(b) is not str:
            return None
        parts.append("[" + _js(a) + "," + _js(b) + "]")
    return "[" + ",".join(parts) + "]"


def group_json(rec: dict[str, Any]) -> str:
    """safe_json(rec) for a group's node record (pages.payload: a section's or plan's measures on a grouped
    page; ~1,100 of the 1,500 nodes of a 10k site's indicator page, made afresh on each page), formatted
    directly when it has the usual keys and types: its members' [id, name] pairs (up to 200) without the
    encoder's key sort and its dispatch per pair and item."""
    value, focus = rec.get("value"), rec.get("focus")
    if (rec.keys() != _GROUP_KEYS or type(value) is not float or not math.isfinite(value) or type(focus) is not bool
            or type(rec["props"]) is not list or not all([type(rec[k]) is str for k in _GROUP_STR_KEYS])):
        return safe_json(rec)
    dates, inds, members = strs_json(rec["dates"]), strs_json(rec["inds"]), pairs_json(rec["members"])
    if dates is None or inds is None or members is None:
        return safe_json(rec)
    return _safe(f'{{"date":{_js(rec["date"])},"dates":{dates},"focus":{"true" if focus else "false"},'
                 f'"id":{_js(rec["id"])},"ind":{_js(rec["ind"])},"inds":{inds},"juris":{_js(rec["juris"])},'
                 f'"label":{_js(rec["label"])},"members":{members},"name":{_js(rec["name"])},'
                 f'"page":{_js(rec["page"])},"props":{props_json(rec["props"])},"snippet":{_js(rec["snippet"])},'
                 f'"type":{_js(rec["type"])},"value":{value}}}')


# a measure's table row's keys (pages._table_row); all but its line hold a str
_ROW_KEYS = frozenset({"co", "deadline", "id", "indicator", "juris", "lead", "line", "number", "plan", "platforms",
                       "source", "title"})
_ROW_STR_KEYS = ("co", "deadline", "id", "indicator", "juris", "lead", "number", "plan", "platforms", "source", "title")


def row_json(row: dict[str, Any]) -> str:
    """safe_json(row) for a measure's table row (pages._table_row), formatted directly when it has the usual
    keys and types (as record_json: ~350k rows are written at 10k documents)."""
    line = row.get("line")
    if row.keys() != _ROW_KEYS or type(line) is not int or not all([type(row[k]) is str for k in _ROW_STR_KEYS]):
        return safe_json(row)
    return _safe(f'{{"co":{_js(row["co"])},"deadline":{_js(row["deadline"])},"id":{_js(row["id"])},'
                 f'"indicator":{_js(row["indicator"])},"juris":{_js(row["juris"])},"lead":{_js(row["lead"])},'
                 f'"line":{line},"number":{_js(row["number"])},"plan":{_js(row["plan"])},'
                 f'"platforms":{_js(row["platforms"])},"source":{_js(row["source"])},"title":{_js(row["title"])}}}')


def _unit_names(shown: Any, ids: list[str]) -> str:
    """pages._table_row's names(ids): the first MAX_TABLE_UNITS display names joined, and how many there are
    when there are more (`shown`: the PageCache's DisplayNames)."""
    text = "、".join([shown[i] for i in ids[:P.MAX_TABLE_UNITS]])
    return text if len(ids) <= P.MAX_TABLE_UNITS else f"{text}……等{len(ids)}个"


def row_text(g: nx.MultiDiGraph, m: str, idx: P.SiteIndex, shown: Any) -> str:
    """row_json(P._table_row(g, m, idx, shown)) — measure m's table row as JSON — formatted straight from the
    measure's attributes and context when they give the row row_json formats directly (no row dict: its 12
    stores, row_json's key-set test and lookups; ~220k measures at 10k documents in the data files, ~130k
    rows on the grouped pages); anything else through the row (tests/test_site.py checks both give the same
    text). `shown`: the PageCache's DisplayNames."""
    a = g._node[m]
    x = idx.ctx.get(m)
    if x is None:
        x = {}
    number, title, source, line = a.get("number") or "", a.get("title"), a.get("source") or "", a.get("line") or 0
    if not title:
        title = P.short(a.get("text") or "", 60)
    plan = x.get("plan", "")
    deadline, indicator, juris = x.get("date", ""), x.get("indicator", ""), x.get("jurisdiction", "")
    lead, co, platforms = x.get("lead", []), x.get("co", []), x.get("platforms", [])
    if (type(m) is not str or type(number) is not str or type(title) is not str or type(source) is not str
            or type(line) is not int or type(deadline) is not str or type(indicator) is not str
            or type(juris) is not str or type(lead) is not list or type(co) is not list or type(platforms) is not list
            or type(plan) is not str):
        return row_json(P._table_row(g, m, idx, shown))
    lead_text, co_text, platforms_text = _unit_names(shown, lead), _unit_names(shown, co), _unit_names(shown, platforms)
    plan_text = shown[plan] if plan in g._node else ""  # (`plan in g` for a str, without networkx's method)
    if type(plan_text) is not str:
        return row_json(P._table_row(g, m, idx, shown))
    return _safe(f'{{"co":{_js(co_text)},"deadline":{_js(deadline)},"id":{_js(m)},'
                 f'"indicator":{_js(indicator)},"juris":{_js(juris)},"lead":{_js(lead_text)},"line":{line},'
                 f'"number":{_js(number)},"plan":{_js(plan_text)},"platforms":{_js(platforms_text)},'
                 f'"source":{_js(source)},"title":{_js(title)}}}')


def data_row(g: nx.MultiDiGraph, m: str, idx: P.SiteIndex, shown: Any, rank: int, trank: int) -> str:
    """A data file's [rank, table rank, table row] of measure m as JSON: the same text as
    f"[{rank},{trank},{row_json(P._table_row(g, m, idx, shown))}]" (its row by row_text). `shown`: the
    PageCache's DisplayNames."""
    return f"[{rank},{trank},{row_text(g, m, idx, shown)}]"


MAX_LINE = (1 << 31) - 1  # the largest line data_edge_text writes as a C integer (larger ones: by edge_text)


def data_edge_text(g: nx.MultiDiGraph, rank: dict[str, int], cut_in_page: dict[str, bool], u: str, v: str, k: str,
                   a: dict[str, Any], strings: dict[str, str]) -> str:
    """A data file's edge u -> v (key k, attributes a) as JSON, not yet _safe: [from rank, to rank, type,
    source, line, mention, quote, inherited]; the quote is 0 where the page's script cuts the same quote
    from the measure's text in its record (see quote_from). `cut_in_page` keeps, per measure, whether pages
    cut its quotes (a _Site's: its text is short enough to be shown whole and has no lone surrogate);
    `strings` is a _StringJSON (edge types and source files recur). Formatted as it is made when its values
    have the types edge_text formats directly (~1.6M edges at 10k documents: no list between the two),
    anything else by edge_text (tests/test_site.py checks it against the list through safe_json)."""
    mention = a.get("mention")
    quote: Any
    if not mention:  # (P._quote's quote of an edge without a mention: "")
        mention = quote = ""
    else:
        nodes = g._node
        ta = nodes[v]
        t = v if ta.get("label") in _QUOTE_LABELS else u  # the node P._quote cuts the quote from
        ta = nodes[t]
        if ta.get("label") == "Measure" and ta.get("text"):
            text = ta["text"]
            cut = cut_in_page.get(t)
            if cut is None:
                cut = cut_in_page[t] = len(text) <= P.MAX_PROP_CHARS and not _SURROGATE.search(text)
            if cut:  # quote_from(text, mention) gives P._quote's quote (the record's 原文 is this text, uncut)
                quote = 0 if mention in text else ""
            else:
                quote = P._quote(g, u, v, a)
        else:
            quote = P._quote(g, u, v, a)
    fr, to, src, line = rank[u], rank[v], a.get("source") or "", a.get("line") or 0
    if (type(fr) is not int or type(to) is not int or type(k) is not str or type(src) is not str
            or type(line) is not int or not 0 <= line <= MAX_LINE or type(mention) is not str
            or not (type(quote) is str or (type(quote) is int and quote == 0))):
        return edge_text([fr, to, k, src, line, mention, quote, 1 if a.get("inherited") else 0], strings)
    # (compiled: C integers, written without int.__str__ — its general algorithm, ~440 instructions a
    # number; ranks are small, a line is checked above)
    rfr, rto, rline = fr, to, line
    return (f'[{rfr},{rto},{strings[k]},{strings[src]},{rline},{_js(mention)},'
            f'{"0" if type(quote) is int else _js(quote)},{"1" if a.get("inherited") else "0"}]')


class _StringJSON(dict):  # type: ignore[type-arg]
    """_ENCODE_STR of each string looked up (not yet _safe), made on its first lookup. An extension type
    when compiled (site.pxd): a lookup is dict's own, not the generic slot of a Python subclass of dict."""

    __slots__ = ()

    def __missing__(self, s: str) -> str:
        text = self[s] = _js(s)
        return text


def edge_text(e: list[Any], strings: dict[str, str]) -> str:
    """_ENCODE(e) for a data file's edge (data_edge_text's: [from rank, to rank, type, source, line, mention,
    quote, inherited]), formatted directly when it has the usual types; the caller applies _safe (to each,
    or once to the text they are joined into). ~1.6M edges are written at 10k documents: the encoder's
    dispatch per item is left out, and their type and source file, which recur, are encoded once
    (`strings`: a _StringJSON)."""
    if len(e) != 8:
        return _ENCODE(e)
    fr, to, t, src, line, mention, quote, inh = e
    if (type(fr) is not int or type(to) is not int or type(t) is not str or type(src) is not str
            or type(line) is not int or type(mention) is not str or type(inh) is not int
            or not (type(quote) is str or (type(quote) is int and quote == 0))):
        return _ENCODE(e)
    q = "0" if type(quote) is int else _js(quote)
    return f"[{fr},{to},{strings[t]},{strings[src]},{line},{_js(mention)},{q},{inh}]"


_VIS_NODE_KEYS = frozenset({"borderWidth", "color", "id", "label", "shape", "value"})


def vis_node_json(n: dict[str, Any]) -> str:
    """safe_json(n) for a vis-network node that is not a page's focus (vis_network's; each is formatted once
    per site, ~40k over the 21 grouped pages of 1,000 documents), formatted directly when it has the usual
    keys and types: without the encoder's key sort and its dispatch per value."""
    value, width = n.get("value"), n.get("borderWidth")
    if (n.keys() != _VIS_NODE_KEYS or type(width) is not int or type(value) is not float or not math.isfinite(value)
            or type(n["color"]) is not str or type(n["id"]) is not str or type(n["label"]) is not str
            or type(n["shape"]) is not str):
        return safe_json(n)
    return _safe(f'{{"borderWidth":{width},"color":{_js(n["color"])},"id":{_js(n["id"])},"label":{_js(n["label"])},'
                 f'"shape":{_js(n["shape"])},"value":{value}}}')


_QUOTE_KEYS = {"from", "inherited", "line", "mention", "quote", "source", "to"}
_EDGE_KEYS = {"count", "from", "id", "quotes", "to", "type"}
_VIS_EDGE_KEYS = {"arrows", "color", "dashes", "from", "id", "to", "value"}


def quote_json(q: dict[str, Any]) -> str:
    """safe_json(q) for an edge quote (pages.payload's), formatted directly when it has the usual keys and
    types."""
    if (q.keys() == _QUOTE_KEYS and type(q["line"]) is int and type(q["inherited"]) is bool
            and type(q["from"]) is str and type(q["mention"]) is str and type(q["quote"]) is str
            and type(q["source"]) is str and type(q["to"]) is str):
            return _safe(f'{{"from":{_js(q["from"])},"inherited":{"true" if q["inherited"] else "false"},'
                     f'"line":{q["line"]},"mention":{_js(q["mention"])},"quote":{_js(q["quote"])},'
                     f'"source":{_js(q["source"])},"to":{_js(q["to"])}}}')
    return safe_json(q)


def edges_json(edges: list[dict[str, Any]], strings: dict[str, str]) -> str:
    """The JSON of a page's drawn edges (pages.payload's, without the brackets): each formatted directly
    when it has the usual keys and types, its quotes by quote_json; `strings` gives safe_json of a str
    (PageJSON's, kept per site: node ids, edge ids and types recur)."""
    parts = []
    for e in edges:
        quotes = e.get("quotes")
        if e.keys() != _EDGE_KEYS or type(e["count"]) is not int or type(quotes) is not list:
            parts.append(safe_json(e))
            continue
        qs = [quote_json(q) for q in quotes]
        parts.append(f'{{"count":{e["count"]},"from":{strings[e["from"]]},"id":{strings[e["id"]]},"quotes":['
                     + ",".join(qs) + f'],"to":{strings[e["to"]]},"type":{strings[e["type"]]}}}')
    return ",".join(parts)


def edges_text(edges: list[dict[str, Any]], strings: dict[str, str]) -> str:
    """The JSON of a page's drawn edges as pages.payload makes them for the site (given quote_text): each
    edge's quotes are JSON texts already (PageJSON.quote_text's), written as they are; `strings` as in
    edges_json. The same text as edges_json of the dicts those texts were made from."""
    parts = []
    for e in edges:
        quotes = e["quotes"]
        if len(e) != 6 or type(e["count"]) is not int or type(quotes) is not list:  # (its keys: _EDGE_KEYS)
            raise TypeError(f"not a drawn edge of the site's payload: {e!r}")
        parts.append(f'{{"count":{e["count"]},"from":{strings[e["from"]]},"id":{strings[e["id"]]},"quotes":['
                     + ",".join(quotes) + f'],"to":{strings[e["to"]]},"type":{strings[e["type"]]}}}')
    return ",".join(parts)


def vis_edges_json(vis_edges: list[dict[str, Any]], strings: dict[str, str]) -> str:
    """The JSON of a page's vis-network edges (vis_network's, without the brackets), as edges_json."""
    parts = []
    for e in vis_edges:
        if e.keys() != _VIS_EDGE_KEYS or type(e["value"]) is not int or type(e["dashes"]) is not bool:
            parts.append(safe_json(e))
            continue
        parts.append(f'{{"arrows":{strings[e["arrows"]]},"color":{strings[e["color"]]},'
                     f'"dashes":{"true" if e["dashes"] else "false"},"from":{strings[e["from"]]},'
                     f'"id":{strings[e["id"]]},"to":{strings[e["to"]]},"value":{e["value"]}}}')
    return ",".join(parts)


# an edge type -> its vis-network edge's JSON up to its "from" value (drawn_edges_text's: a few types)
_VIS_EDGE_HEADS: dict[Any, str] = {}


def drawn_edges_text(edges: list[dict[str, Any]], strings: dict[str, str]) -> tuple[str, str]:
    """(edges_text(edges, strings), vis_edges_json(vis_network(…, edges)[1], strings)): a grouped page's drawn
    edges (payload's for the site: their quotes JSON texts already) and their vis-network edges formatted in
    one pass, without a vis dict per edge (~60k drawn edges on the 21 grouped pages of 1,000 documents);
    each vis edge's JSON up to its "from" value is its type's (kept), and a type whose style is not the usual
    (a str colour, a bool dash) gets its vis dict through vis_edges_json (tests/test_site.py checks both).
    An edge's count is written once for both, and its text made in one piece (no concatenation per part)."""
    parts = []
    vis = []
    heads = _VIS_EDGE_HEADS
    for e in edges:
        quotes, count = e["quotes"], e["count"]
        if len(e) != 6 or type(count) is not int or type(quotes) is not list:  # (its keys: _EDGE_KEYS)
            raise TypeError(f"not a drawn edge of the site's payload: {e!r}")
        t = e["type"]
        fr, to, eid, ty = strings[e["from"]], strings[e["to"]], strings[e["id"]], strings[t]
        if 0 <= count <= MAX_LINE:  # (compiled: a C integer, written without int.__str__, as data_edge_text's line)
            rcount = count
            n = f"{rcount}"
        else:
            n = str(count)
        parts.append(f'{{"count":{n},"from":{fr},"id":{eid},"quotes":[{",".join(quotes)}],"to":{to},"type":{ty}}}')
        head = heads.get(t)
        if head is None:
            color, dashed = P.EDGE_STYLE.get(t, ("#999999", False))
            if type(color) is not str or type(dashed) is not bool:
                vis.append(vis_edges_json([_vis_edge(e)], strings))
                continue
            head = heads[t] = f'{{"arrows":{strings["to"]},"color":{strings[color]},"dashes":' + \
                ("true" if dashed else "false") + ',"from":'
        vis.append(f'{head}{fr},"id":{eid},"to":{to},"value":{n}}}')
    return ",".join(parts), ",".join(vis)


def quote_values_text(strings: dict[str, str], source: Any, line: Any, mention: Any, quote: Any, inherited: Any,
                      fr: Any, to: Any) -> str:
    """PageJSON.quote_text's (`strings`: its _JSONStrings, by which the names, sources and mentions a page's
    quotes repeat are encoded once): formatted as it is made when the values have the usual types and the
    line is one data_edge_text writes as a C integer (~60k quotes at 1,000 documents: without int.__str__;
    an empty quote, 4 in 10, without an encoder call), anything else by quote_json."""
    if (type(line) is not int or not 0 <= line <= MAX_LINE or type(inherited) is not bool or type(source) is not str
            or type(mention) is not str or type(quote) is not str or type(fr) is not str or type(to) is not str):
        return quote_json({"source": source, "line": line, "mention": mention, "quote": quote,
                           "inherited": inherited, "from": fr, "to": to})
    rline = line
    text = _safe(_js(quote)) if quote else '""'
    return (f'{{"from":{strings[fr]},"inherited":{"true" if inherited else "false"},"line":{rline},'
            f'"mention":{strings[mention]},"quote":{text},"source":{strings[source]},"to":{strings[to]}}}')


class _JSONStrings(dict):  # type: ignore[type-arg]
    """safe_json of each string looked up, made on its first lookup (an extension type when compiled, as
    _StringJSON)."""

    __slots__ = ()

    def __missing__(self, s: str) -> str:
        # (a str by its string encoder: the same text as safe_json's, without the general encoder's call)
        text = self[s] = _safe(_js(s)) if type(s) is str else safe_json(s)
        return text


class PageJSON:
    """safe_json of a page's payload, assembled from JSON fragments: a node record or vis node that
    appears on many pages is serialised once per site, not once per page (tests/test_site.py checks the
    result equals safe_json of the same payload). Fragments are keyed by object identity and hold the
    object, so an id is never reused meanwhile. Edge quotes and table rows are formatted anew on each
    page: few recur on another page of the 10k site (3 in 10), and kept they held ~0.45 GB there.

    With `texts`, the payloads are pages.payload's given quote_text=self.quote_text and row_text=row_text:
    their quotes and table rows are JSON texts already, made from the values without a dict between
    (~4,000 quotes and 2,000 rows on a big page), written as they are; the names, sources and mentions
    the quotes repeat are encoded once (`_strings`)."""

    _KEYS = ["edges", "filters", "legend", "nodes", "page", "table", "vis"]

    def __init__(self, texts: bool = False) -> None:
        self._frags: dict[int, tuple[Any, str]] = {}
        self._strings: dict[str, str] = _JSONStrings()
        self.texts = texts

    def quote_text(self, source: Any, line: Any, mention: Any, quote: Any, inherited: Any, fr: Any, to: Any) -> str:
        """quote_json of the quote dict pages._drawn_edges makes of these values, formatted from them."""
        return quote_values_text(self._strings, source, line, mention, quote, inherited, fr, to)

    def _of(self, obj: Any, to_json: Callable[[Any], str] = safe_json) -> str:
        hit = self._frags.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        text = to_json(obj)
        self._frags[id(obj)] = (obj, text)
        return text

    _quote = staticmethod(quote_json)  # (what tests/test_site.py checks against safe_json)

    def __call__(self, data: dict[str, Any]) -> str:
        vis = data.get("vis")
        if sorted(data) != self._KEYS or not isinstance(vis, dict) or sorted(vis) != ["edges", "nodes"]:
            return safe_json(data)
        of, st = self._of, self._strings  # st[s]: safe_json(s), made once
        nodes = ",".join(n.json if type(n) is PageRecord else safe_json(n) if n.get("focus")
                         else group_json(n) if n.get("label") == "Group" else of(n, record_json) for n in data["nodes"])
        if self.texts:
            if vis["edges"] is None:  # (vis_network's without edge_dicts: made here with the drawn edges)
                edges, vis_edges = drawn_edges_text(data["edges"], st)
            else:
                edges, vis_edges = edges_text(data["edges"], st), vis_edges_json(vis["edges"], st)
            table = ",".join(data["table"])
        else:
            edges = edges_json(data["edges"], st)
            table = ",".join(map(row_json, data["table"]))
            vis_edges = vis_edges_json(vis["edges"], st)
        vis_nodes = ",".join([n.vis if type(n) is PageRecord else safe_json(n) if "shadow" in n
                              else of(n, vis_node_json) for n in vis["nodes"]])
        return (f'{{"edges":[{edges}],"filters":{safe_json(data["filters"])},'
                f'"legend":{safe_json(data["legend"])},"nodes":[{nodes}],"page":{safe_json(data["page"])},'
                f'"table":[{table}],"vis":{{"edges":[{vis_edges}],"nodes":[{vis_nodes}]}}}}')


def _csp(inline_hashes: list[str]) -> str:
    """No network at all: scripts and styles only from the site's own files (or the inlined ones by hash),
    images only from data:/blob: (PNG export, vis-network's button icons)."""
    scripts = " ".join(["'self'"] + [f"'sha256-{h}'" for h in inline_hashes])
    return ("default-src 'none'; script-src " + scripts + "; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'none'; base-uri 'none'; "
            "form-action 'none'; frame-src 'none'; object-src 'none'")


def _sha256_b64(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def vis_network(nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
                memo: dict[int, tuple[dict, dict]] | None = None,
                edge_dicts: bool = True) -> tuple[list[dict], list[dict] | None]:
    """vis-network node/edge dicts, exactly as pyvis 0.3.2's Network(directed=True).add_node/add_edge
    build them (tests/test_site_scale.py checks that against pyvis), without pyvis's list lookups that
    make each page quadratic in its node count (no titles: tooltips are DOM text built in graph.js).
    `memo` (shared by the pages of one site) keeps the vis dict of each node record object that is not a
    page's focus: the same record on many pages gets the same vis dict (the memo holds the record, so
    its id is never reused while the memo lives). A PageRecord with its vis text (page_record's) stands for
    its own vis node (PageJSON writes its text). Without `edge_dicts`, the edges are checked but their
    dicts not made: None instead of their list (the site's grouped pages: PageJSON formats them with the
    drawn edges, drawn_edges_text)."""
    vis_nodes: list[dict[str, Any]] = []
    ids: set[str] = set()
    for n in nodes:
        if n["id"] in ids:  # pyvis keeps the first of duplicate ids
            continue
        if type(n) is PageRecord:
            r = n
            if r.vis is not None:
                vis_nodes.append(r)
                ids.add(r["id"])
                continue
        hit = memo.get(id(n)) if memo is not None else None
        if hit is not None and hit[0] is n:
            vis_nodes.append(hit[1])
            ids.add(n["id"])
            continue
        color, shape = P.NODE_STYLE.get(n["label"], ("#888888", "dot"))
        extra = ({"borderWidth": 4, "shadow": {"enabled": True, "size": 12, "x": 0, "y": 0},
                  "font": {"size": 22, "strokeWidth": 4}} if n.get("focus") else {"borderWidth": 1})
        vis = {"color": color, "value": max(n["value"], 0.5), **extra, "id": n["id"],
               "label": P.short(n["name"]) or n["id"], "shape": shape}
        if memo is not None and not n.get("focus") and n["label"] != "Group":
            memo[id(n)] = (n, vis)
        vis_nodes.append(vis)
        ids.add(n["id"])
    vis_edges: list[dict[str, Any]] = []
    for e in edges:
        if e["from"] not in ids or e["to"] not in ids:
            raise AssertionError(f"non existent node {e['from'] if e['from'] not in ids else e['to']!r}")
        if edge_dicts:
            vis_edges.append(_vis_edge(e))
    return vis_nodes, (vis_edges if edge_dicts else None)


def _vis_edge(e: dict[str, Any]) -> dict[str, Any]:
    """A drawn edge's vis-network edge dict (vis_network's)."""
    color, dashed = P.EDGE_STYLE.get(e["type"], ("#999999", False))
    return {"id": e["id"], "color": color, "dashes": dashed, "value": e["count"], "from": e["from"], "to": e["to"],
            "arrows": "to"}


def utf8(s: str) -> bytes:
    """s.encode("utf-8"). Compiled, a 2-byte str (a page or data file with Chinese text: mostly ASCII JSON
    and markup, which CPython's encoder writes one character at a time) by site.pxd's _utf8_2byte, ASCII
    four characters at a time; any other str, and one with a surrogate (str.encode's error), by str.encode
    (tests/test_site.py pins the two)."""
    if _COMPILED:
        b = _utf8_2byte(s)  # noqa: F821 - site.pxd's (C-API calls: it exists only compiled)
        if b is not None:
            return b
    return s.encode("utf-8")


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)  # open(…, "wb")'s flags


class _Writer:
    """Writes files into a temporary folder next to the target, then swaps it in (never half-written)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.final = out_dir / "site"
        out_dir.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=out_dir))
        os.chmod(self.tmp, DIR_MODE)  # the published site/ must be readable like its files, not mkdtemp's 0700
        self._prefix = os.path.join(self.tmp, "")  # the temporary folder as a str ending in "/"
        # the files written, relative to site/ ("kind/….html": normalised, "/"-separated; the writing
        # processes' files are added by the caller), made into paths once at the end (a Path is ~17k
        # instructions to make and its sort compares part lists in Python: ~47k files at 10k documents)
        self.written: list[str] = []
        self._dirs: set[str] = set()  # folders made already (relative)

    def put(self, rel: str, data: str | bytes) -> None:
        folder = rel.rpartition("/")[0]
        if folder not in self._dirs:
            (self.tmp / folder).mkdir(parents=True, exist_ok=True)
            self._dirs.add(folder)
        if isinstance(data, str):
            data = utf8(data)
        # (a file descriptor, not open()'s buffered file object: ~13.6k instructions a file less, ~15k files at 1,000
        # documents; the same flags and mode as open(…, "wb"))
        fd = os.open(self._prefix + rel, _NEW_FILE, 0o666)
        try:
            view = memoryview(data)
            while view:  # (a regular file takes it all in one write; a short write goes on from where it ended)
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        self.written.append(rel)

    def commit(self) -> list[Path]:
        """Swap the new site in; its files' paths, sorted as paths (by their parts: a relative path's parts
        are its "/"-separated names, and every one of them is under site/)."""
        old = None
        if self.final.exists():
            old = self.out_dir / (".site-old-" + self.tmp.name)
            os.replace(self.final, old)
        os.replace(self.tmp, self.final)
        if old is not None:
            _rmtree(old)
        final = self.final
        return [final / rel for rel in sorted(self.written, key=_parts)]

    def abort(self) -> None:
        _rmtree(self.tmp)


def _parts(rel: str) -> list[str]:
    return rel.split("/")


def _rmtree(p: Path) -> None:
    import shutil  # noqa: PLC0415

    shutil.rmtree(p, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- overview


MAX_OVERVIEW_ORPHANS = 200  # measures without a lead listed on the overview (the first by file and line)


def overview(g: nx.MultiDiGraph, idx: P.SiteIndex, *, review_present: bool,
             table_rank: dict[str, int] | None = None) -> dict[str, Any]:
    """The numbers of the overview page (pure). `table_rank`: each measure's place in the (file, line, id)
    order (a PageCache's table_rank), which the measures without a lead are listed in; sorted here without
    it. (Nodes' attributes read from networkx's own dict: its NodeView's item lookup is a Python call.)"""
    nodes = g._node
    by_label: dict[str, list[str]] = defaultdict(list)  # label -> its nodes in graph order (one pass)
    for n, a in nodes.items():
        by_label[a.get("label")].append(n)

    def count(label: str) -> int:
        return len(by_label.get(label, ()))

    measures = by_label.get("Measure", [])
    loaded = [(a, ld) for a, ld in idx.agency.items() if ld.load > 0]
    agencies = _first(loaded, [(-ld.load, -ld.led) for _, ld in loaded], 10,
                      lambda kv: (-kv[1].load, -kv[1].led, P.display_name(nodes[kv[0]]), kv[0]))
    top = [{"id": a, "name": P.display_name(nodes[a]), "page": idx.pages.get(a, ""), "led": ld.led, "co": ld.co,
            "load": ld.load, "load_text": _num(ld.load), "jurisdiction": nodes[a].get("jurisdiction") or ""}
           for a, ld in agencies]
    max_load = max((t["load"] for t in top), default=1.0) or 1.0
    for t, (_, ld) in zip(top, agencies):
        parts = (ld.lead_w + ld.co_w) or 1.0
        t["pct_led"] = round(100.0 * ld.load / max_load * ld.lead_w / parts, 1)
        t["pct_co"] = round(100.0 * ld.load / max_load * ld.co_w / parts, 1)
        t["led"] = ld.led + ld.inherited

    crunch = P.deadline_months(g)
    months = sorted({m for m, _, _ in crunch})
    per_agency: dict[str, dict[str, int]] = defaultdict(dict)
    for m, a, n in crunch:
        per_agency[a][m] = per_agency[a].get(m, 0) + n
    totals = {a: sum(cells.values()) for a, cells in per_agency.items()}
    heat_agencies = _first(list(totals), [-t for t in totals.values()], 20,
                           lambda a: (-totals[a], P.display_name(nodes[a]), a))
    heat_max = max((n for a in heat_agencies for n in per_agency[a].values()), default=1)
    heat = [{"name": P.display_name(nodes[a]), "page": idx.pages.get(a, ""), "total": totals[a],
             "cells": [{"n": per_agency[a].get(m, 0),
                        "alpha": round(per_agency[a].get(m, 0) / heat_max, 2)} for m in months]}
            for a in heat_agencies]

    platforms = [(p, int(idx.loads.get(p, 0))) for p in by_label.get("Platform", ())]
    platforms = _first(platforms, [-n for _, n in platforms], 15, lambda x: (-x[1], P.display_name(nodes[x[0]]), x[0]))
    plat = [{"name": P.display_name(nodes[p]), "page": idx.pages.get(p, ""), "n": n} for p, n in platforms]

    orphans = []
    if table_rank is not None:
        ordered = sorted(measures, key=table_rank.__getitem__)
    else:
        ordered = sorted(measures, key=lambda m: (nodes[m].get("source") or "", nodes[m].get("line") or 0, m))
    for m in ordered:
        a = nodes[m]
        if a.get("kind") == "progress" or idx.ctx[m]["lead"]:
            continue
        plan = idx.ctx[m]["plan"]
        orphans.append({"name": P.short(P.display_name(a), 60), "source": a.get("source") or "",
                        "line": a.get("line") or 0,
                        "page": (idx.pages.get(plan, "") + "#node=" + _frag(m)) if plan in idx.pages else ""})

    pages, loads = idx.pages, idx.loads

    def directory(label: str) -> list[dict[str, Any]]:
        rows = [{"name": P.display_name(nodes[n]), "page": pages.get(n, ""),
                 "n": int(loads.get(n, 0)), "jurisdiction": nodes[n].get("jurisdiction") or ""}
                for n in by_label.get(label, ())]
        rows.sort(key=_DIRECTORY_ORDER)
        return rows

    return {
        "counts": [{"name": "方案", "n": count("Plan"), "anchor": "plans"},
                   {"name": "措施", "n": len(measures), "anchor": "plans"},
                   {"name": "单位", "n": count("Agency"), "anchor": "agencies"},
                   {"name": "平台", "n": count("Platform"), "anchor": "all-platforms"},
                   {"name": "时限", "n": count("Deadline"), "anchor": "heat"},
                   {"name": "指标", "n": count("Indicator"), "anchor": "indicators"},
                   {"name": "行政区", "n": count("Jurisdiction"), "anchor": "jurisdictions"}],
        "top": top, "months": months, "heat": heat, "platforms": plat, "orphans": orphans[:MAX_OVERVIEW_ORPHANS],
        "orphans_total": len(orphans),
        "jurisdictions": directory("Jurisdiction"), "plans": directory("Plan"), "indicators": directory("Indicator"),
        "all_platforms": directory("Platform"), "agencies": directory("Agency"),
        "review": review_present,
    }


# a directory's rows by jurisdiction, name and page (its key as a C function: ~13k rows at 1,000 documents)
_DIRECTORY_ORDER = itemgetter("jurisdiction", "name", "page")


def _first(items: list[Any], heads: list[Any], n: int, key: Callable[[Any], Any]) -> list[Any]:
    """sorted(items, key=key)[:n], where heads[i] is the start of key(items[i]) (a prefix of the tuple, or its
    first item): without a key, and its display name, made for each item. No item of the first n has a head
    past the n-th smallest head (n items would come before it), so only the items whose head is at most that
    one are keyed and sorted (the ties at it included, in their order: the sort is stable)."""
    if len(items) > n > 0:
        bound = heapq.nsmallest(n, heads)[-1]
        items = [x for x, h in zip(items, heads) if h <= bound]
    return sorted(items, key=key)[:n]


def _num(x: float) -> str:
    """12.0 -> "12", 41.976 -> "42.0"; one decimal is enough to compare loads on a projector."""
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def _frag(node_id: str) -> str:
    from urllib.parse import quote  # noqa: PLC0415

    return quote(node_id, safe="")


# ---------------------------------------------------------------------------------------------- rendering


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _asset_tags(depth: int, names: list[str], inline: bool, sources: dict[str, Path]) -> tuple[str, list[str]]:
    """<link>/<script> tags for assets (relative URLs), or inline copies plus their CSP hashes."""
    up = "../" * depth
    tags, hashes = [], []
    for name in names:
        if inline:
            text = sources[name].read_text(encoding="utf-8")
            if name.endswith(".js"):
                if "</script" in text.lower() or "<!--" in text:
                    raise StoreError(f"cannot inline {name}: it contains </script or <!--", path=str(sources[name]))
                tags.append(f"<script>{text}</script>")
                hashes.append(_sha256_b64(text))
            else:
                if "</style" in text.lower():
                    raise StoreError(f"cannot inline {name}: it contains </style", path=str(sources[name]))
                tags.append(f"<style>{text}</style>")
        elif name.endswith(".js"):
            tags.append(f'<script src="{up}assets/{name}"></script>')
        else:
            tags.append(f'<link rel="stylesheet" href="{up}assets/{name}">')
    return "\n".join(tags), hashes


_SLOTS = ("title", "kind", "aggregated", "css", "js", "data", "csp")
_RAW_SLOTS = frozenset(("css", "js", "data"))  # passed as Markup: inserted as they are
_FEW_SLOTS = frozenset(("kind", "csp"))  # a few values per site: each escaped once


def _graph_html(env: jinja2.Environment, *, title: str, kind: str, aggregated: str, grouped: bool, css: str,
                js: str, data: str, csp: str) -> str:
    """templates/graph.html rendered by `env`, the same text as
    env.get_template("graph.html").render(title=title, kind=kind, aggregated=aggregated, grouped=grouped,
    css=Markup(css), js=Markup(js), data=Markup(data), csp=csp): the template is rendered once per shape
    (whether there is a notice, whether the page has groups) with a marker in each slot, and a page is its
    pieces joined with its own values (escaped as autoescape escapes them; css, js and data as they are)."""
    skeletons = env.__dict__.setdefault("_dutygraph_graph_skeletons", {})
    shape = (bool(aggregated), bool(grouped))
    pieces = skeletons.get(shape)
    if pieces is None:
        mark = {slot: f"\ue000dg-slot-{slot}\ue000" for slot in _SLOTS}
        text = env.get_template("graph.html").render(
            title=mark["title"], kind=mark["kind"], aggregated=mark["aggregated"] if aggregated else "",
            grouped=grouped, css=_markup(mark["css"]), js=_markup(mark["js"]), data=_markup(mark["data"]),
            csp=mark["csp"])
        parts = re.split("\ue000dg-slot-([a-z]+)\ue000", text)  # literal, slot, literal, slot, …, literal
        pieces = skeletons[shape] = (parts[0::2], parts[1::2])
    literals, slots = pieces
    escaped = env.__dict__.setdefault("_dutygraph_escaped", {})  # a _FEW_SLOTS value -> its escaped text
    values = {"title": title, "kind": kind, "aggregated": aggregated, "css": css, "js": js, "data": data, "csp": csp}
    out = [literals[0]]
    for slot, literal in zip(slots, literals[1:]):
        v = values[slot]
        if slot in _RAW_SLOTS:
            out.append(v)
        elif slot in _FEW_SLOTS and type(v) is str:  # (not a Markup: its text is not escaped)
            e = escaped.get(v)
            if e is None:
                e = escaped[v] = str(escape(v))
            out.append(e)
        else:
            out.append(str(escape(v)))
        out.append(literal)
    return "".join(out)


def render_graph_page(env: jinja2.Environment, data: dict[str, Any], *, inline: bool,
                      sources: dict[str, Path], to_json: Any = None) -> str:
    css, _ = _asset_tags(1, ["vis-network.css", "site.css"], inline, sources)
    js, hashes = _asset_tags(1, ["vis-network.min.js", "graph.js"], inline, sources)
    page = data["page"]
    return _graph_html(env, title=page["title"], kind=P.LABEL_ZH.get(P.PAGE_LABEL[page["kind"]], page["kind"]),
                       aggregated=page["aggregated"], grouped=any(n["label"] == "Group" for n in data["nodes"]),
                       css=css, js=js, data=(to_json or safe_json)(data), csp=_csp(hashes))


def render_shard_page(env: jinja2.Environment, page: dict[str, Any], data_json: str, shards: list[str], *,
                      sources: dict[str, Path]) -> str:
    """A page whose records live in shared data files (SHARD_DIR/…js, loaded by <script src>, so the page
    opens from file:// too): its own JSON holds the node ranks, the records and edges no shard has, and
    the page facts; graph.js assembles the same data a full page carries (see assemble())."""
    tags = env.__dict__.get("_dutygraph_shard_tags")  # the same on every such page: made once per env
    if tags is None:
        css, _ = _asset_tags(1, ["vis-network.css", "site.css"], False, sources)
        js, hashes = _asset_tags(1, ["vis-network.min.js", "graph.js"], False, sources)
        tags = env.__dict__["_dutygraph_shard_tags"] = (css, js, _csp(hashes))
    css, js, csp = tags
    tags_of = _DATA_TAGS
    data_tags = "\n".join([tags_of[rel] for rel in [META_FILE, *shards]])
    return _shard_html(env, title=page["title"], kind=P.LABEL_ZH.get(P.PAGE_LABEL[page["kind"]], page["kind"]),
                       aggregated=page["aggregated"], css=css, js=data_tags + "\n" + js, data=data_json, csp=csp)


class _DataTags(dict):  # type: ignore[type-arg]
    """A data file -> its <script src> tag on a page, made on its first lookup (~1,300 files at 10k documents,
    ~4 tags a page). An extension type when compiled, as _StringJSON: a tag is a dict lookup, not a call."""

    __slots__ = ()

    def __missing__(self, rel: str) -> str:
        tag = self[rel] = f'<script src="../{rel}"></script>'
        return tag


_DATA_TAGS = _DataTags()


_VAR = {slot: f"\ue001dg-var-{slot}\ue001" for slot in ("title", "aggregated", "js", "data")}
_VAR_SPLIT = re.compile("\ue001dg-var-([a-z]+)\ue001")


def _shard_html(env: jinja2.Environment, *, title: str, kind: str, aggregated: str, css: str, js: str, data: str,
                csp: str) -> str:
    """_graph_html(env, title=title, kind=kind, aggregated=aggregated, grouped=False, css=css, js=js, data=data,
    csp=csp) for a page that fits (~33k at 10k documents): the page's skeleton with its kind, css and csp
    filled in is made once per (kind, whether there is a notice, css, csp) by _graph_html itself, with a
    marker in each slot that varies (title, notice, js, data: the markers are left as they are by escaping),
    and a page is its pieces joined with its title and notice escaped and its js and data as they are.
    Anything but str values, or fixed values holding a marker's character, goes through _graph_html."""
    if (type(title) is not str or type(kind) is not str or type(aggregated) is not str or type(css) is not str
            or type(csp) is not str or "\ue001" in kind or "\ue001" in css or "\ue001" in csp):
        return _graph_html(env, title=title, kind=kind, aggregated=aggregated, grouped=False, css=css, js=js,
                           data=data, csp=csp)
    skeletons = env.__dict__.setdefault("_dutygraph_shard_skeletons", {})
    key = (kind, bool(aggregated), css, csp)
    pieces = skeletons.get(key)
    if pieces is None:
        text = _graph_html(env, title=_VAR["title"], kind=kind, aggregated=_VAR["aggregated"] if aggregated else "",
                           grouped=False, css=css, js=_VAR["js"], data=_VAR["data"], csp=csp)
        parts = _VAR_SPLIT.split(text)  # literal, slot, literal, …, literal
        pieces = skeletons[key] = (parts[0::2], parts[1::2])
    literals, slots = pieces
    values = {"title": _escaped(title), "aggregated": _escaped(aggregated) if aggregated else "", "js": js,
              "data": data}
    out = [literals[0]]
    for slot, literal in zip(slots, literals[1:]):
        out.append(values[slot])
        out.append(literal)
    return "".join(out)


def _escaped(s: str) -> str:
    """str(escape(s)) for a str: s itself when it holds none of the characters escape replaces (most titles),
    without a Markup made and copied."""
    if "&" in s or "<" in s or ">" in s or "'" in s or '"' in s:
        return str(escape(s))
    return s


def _html(x: Any) -> str:
    """str(escape(x)): a str through _escaped, an int (not a subclass) as its digits (which escape leaves as
    they are), anything else through escape itself."""
    if type(x) is str:
        return _escaped(x)
    if type(x) is int:
        return str(x)
    return str(escape(x))


def _markup(s: str) -> Any:
    return Markup(s)


# the overview's directories (templates/index.html's `dirs`): each row's text after its name, None for none
DIRECTORIES = {"jurisdictions": None, "plans": " 项措施", "indicators": "", "all_platforms": "", "agencies": ""}


def directory_html(rows: list[dict[str, Any]], tail: str | None) -> Any:
    """A directory of the overview as Markup: what the template's loop over its rows wrote,
    `<li><a href="{{ r.page }}">{{ r.name }}</a> <span class="num">{{ r.n }}TAIL</span></li>` and a newline
    each (without the span when `tail` is None), its values escaped as autoescape escapes them. Made here,
    not by Jinja2 (~33k rows at 10k documents: ~45k instructions a row through the template's attribute
    lookups and escaping; its values through _html: most need no escaping, and no Markup is made for them);
    tests/test_site.py pins it to the template's loop."""
    out = []
    for r in rows:
        head = f'<li><a href="{_html(r["page"])}">{_html(r["name"])}</a>'
        out.append(head + "</li>\n" if tail is None
                   else f'{head} <span class="num">{_html(r["n"])}{tail}</span></li>\n')
    return _markup("".join(out))


def render_index(env: jinja2.Environment, ov: dict[str, Any], *, inline: bool, sources: dict[str, Path]) -> str:
    css, _ = _asset_tags(0, ["site.css"], inline, sources)
    js, hashes = _asset_tags(0, ["index.js"], inline, sources)
    dirs = {key: directory_html(ov[key], tail) for key, tail in DIRECTORIES.items()}
    return env.get_template("index.html").render(ov=ov, dirs=dirs, css=_markup(css), js=_markup(js),
                                                 csp=_csp(hashes))


# ---------------------------------------------------------------------------------------------- write


PAGE_BLOCK = 64  # pages are dealt to the writing processes in blocks of this many (neighbouring pages share nodes)
PARALLEL_MIN_PAGES = 2000  # fewer pages than this are always written by one process


class _Site:
    """What every page of one site needs, prepared once (masked graph, site index, shared caches); then
    the assets, the data shards, the pages (all, or one share of them for a writing process) and the
    overview.

    Measures live in data shards, one per plan (SHARD_DIR/<digest>.js: each measure's record, table row
    and every edge it has with its source quote, plus the records of its neighbours but agencies), and
    agencies in one data file per jurisdiction, all written once per site; a page that fits without
    aggregation (at most max_nodes nodes) lists its node ranks and loads the shards of its measures and
    the agency files of its agencies. A page that is aggregated, or every page with inline_assets,
    carries its whole payload inline as before."""

    # the grouped pages' payloads with their quotes and table rows as JSON texts (PageJSON(texts=True)); False:
    # as dicts, formatted by PageJSON afterwards (what tests/test_site.py compares the pages with)
    payload_texts = True

    def __init__(self, graph: nx.MultiDiGraph, *, include_people: bool, review_present: bool,
                 inline_assets: bool, max_nodes: int):
        self.g = g = P.masked_graph(graph, include_people=include_people)
        self.pages = P.list_pages(g)
        self.idx = P.site_index(g, self.pages)
        self.cache = P.PageCache(g)
        self.env = _env()
        self.sources = dict(_asset_sources())
        self.inline = inline_assets
        self.review_present = review_present
        self.max_nodes = max_nodes
        self.memo: dict[int, tuple[dict, dict]] = {}
        self.to_json = PageJSON(self.payload_texts)
        # node rank = position in sorted id order (pages and shards refer to nodes by rank; sorting ranks
        # sorts ids); table rank = position of a measure in the tables' (file, line, id) order
        self.ids = sorted(g)  # rank -> node
        self.rank = {n: i for i, n in enumerate(self.ids)}
        nodes = g.nodes
        self.measure = {n for n, a in nodes(data=True) if a.get("label") == "Measure"}
        self.trank = self.cache.table_rank()
        by_shard: dict[str, list[str]] = defaultdict(list)
        by_plan: dict[str, list[str]] = defaultdict(list)
        for m in self.measure:
            by_plan[nodes[m].get("plan") or ""].append(m)
        for plan, ms in by_plan.items():  # (one digest per plan, not per measure)
            by_shard[shard_path(plan)].extend(ms)
        self.agency_file: dict[str, str] = {}
        for n, a in nodes(data=True):
            if a.get("label") == "Agency":
                rel = self.agency_file[n] = agency_path(a.get("jurisdiction") or "")
                by_shard[rel].append(n)
        # data file -> the measures of its plan, or the agencies of its jurisdiction (by rank)
        self.shards = {rel: sorted(ms, key=self.rank.__getitem__) for rel, ms in sorted(by_shard.items())}
        self.shard_of = {m: rel for rel, ms in self.shards.items() for m in ms if m in self.measure}
        self._frags: dict[str, str] = {}  # node -> its shard record fragment (non-measure nodes recur)
        self._other_out: dict[str, tuple[tuple[int, tuple[tuple[int, int, str, str], ...]], ...]] = {}  # _other_edges
        self._strings: dict[str, str] = _StringJSON()  # edge types and source files, encoded once (edge_text)
        measure = self.measure  # the nodes with an out-edge to a node that is not a measure (see _other_edges)
        self._has_other = {u for u, nbrs in g._adj.items() if nbrs and not nbrs.keys() <= measure}
        # per rank, what a page that fits needs of each of its nodes (shard_page_marks): one byte of flags
        # (IS_MEASURE, IN_AGENCY_FILE, HAS_OTHER) and its data file, read by position instead of four lookups
        # of its id in sets and dicts of every node; `_mark` flags the ranks of the page being made (all 0
        # between pages)
        self._flags, self._rel_of = node_flags(self.ids, measure, self.agency_file, self.shard_of, self._has_other)
        self._mark = bytearray(len(self.ids))
        # a page's nodes as ranks (_page_ranks): per measure, its readable neighbourhood (itself first) as
        # ranks, made once; per rank, whether that is made (HOOD_MADE) and whether the measure leaves units off
        # (HOOD_OMITS: how many in `_omitted`, by rank)
        self._hoods: dict[str, tuple[int, ...]] = {}
        self._hood_state = bytearray(len(self.ids))
        self._omitted: dict[int, int] = {}
        self._ranks: list[int] | None = None  # the ranks of the page _page_ranks is gathering
        self._cut_in_page: dict[str, bool] = {}  # measure -> whether pages cut its quotes from its text (_edge)

    def assets(self) -> Iterator[tuple[str, str | bytes]]:
        if not self.inline:
            for name, src in _asset_sources():
                yield f"assets/{name}", src.read_bytes()
            yield META_FILE, "window.dgMeta=" + safe_json(site_meta()) + ";\n"

    def share(self, part: int = 0, parts: int = 1) -> list[P.Page]:
        """The pages of writing process `part` of `parts`: every parts-th block of PAGE_BLOCK pages."""
        if parts == 1:
            return self.pages
        return [p for i, p in enumerate(self.pages) if (i // PAGE_BLOCK) % parts == part]

    def shard_share(self, part: int = 0, parts: int = 1) -> list[str]:
        """The data shards of writing process `part` of `parts` (none with inline assets)."""
        if self.inline:
            return []
        return [rel for i, rel in enumerate(self.shards) if (i // PAGE_BLOCK) % parts == part]

    # ------------------------------------------------------------------ shards

    def _rec(self, n: str, keep: bool = False) -> str:
        """[rank, node record, drawn label] as JSON (the record is what a full page's `nodes` carries).
        Kept for the next call when `keep` (a page asks: sections recur on the pages of their units) or
        when n is none of the many measures, agencies and sections (each in one data file)."""
        frag = self._frags.get(n)
        if frag is None:
            rec = self.cache.records.get(n)
            if rec is None:
                frag = data_record(self.g, n, self.g._node[n], self.idx, self.rank[n])
            else:
                frag = record_fragment(self.rank[n], rec, n)
            if keep or (n not in self.measure and n not in self.agency_file
                        and self.g._node[n].get("label") != "Section"):
                self._frags[n] = frag
        return frag

    def _other_edges(self, u: str) -> tuple[tuple[int, tuple[tuple[int, int, str, str], ...]], ...]:
        """u's out-edges to nodes that are not measures (no data file has them), per such node v: (v's rank,
        the (rank of u, rank of v, type, the edge as JSON) of each edge to v). Such an edge recurs on every
        page of its ends: kept per node. (Pairs, not a dict: a page tests each v for being on it — its rank's
        mark —, mostly one or two per node: its jurisdiction.)"""
        out = self._other_out.get(u)
        if out is None:
            out = self._other_out[u] = other_edges(self.g, self.rank, self._cut_in_page, self._strings, self.measure, u)
        return out

    def shard(self, rel: str) -> str:
        """One data shard: its measures' records, table rows and edges (with their source quotes), and the
        records of every node next to them but agencies (in their jurisdiction's file); or one
        jurisdiction's agencies' records."""
        g, rank = self.g, self.rank
        ms = self.shards[rel]
        # (each file's text is one join of its parts: a chain of `+` copies the text made so far at each step,
        # ~6 copies of every data file)
        if ms[0] in self.agency_file:
            return "".join(['(window.dgShards=window.dgShards||[]).push({"e":[],"n":[',
                            ",".join([self._rec(n) for n in ms]), '],"r":[]});\n'])
        near: set[str] = set(ms)
        edges: dict[tuple[int, int, str], str] = {}  # (from rank, to rank, type) -> the edge as JSON (not yet _safe)
        succ, pred = g._adj, g._pred  # networkx's own dicts, read only
        cut, strings = self._cut_in_page, self._strings
        for m in ms:
            rm = rank[m]
            for u, kd in pred[m].items():
                near.add(u)
                ru = rank[u]
                for k, a in kd.items():
                    key = (ru, rm, k)
                    if key not in edges:
                        edges[key] = data_edge_text(g, rank, cut, u, m, k, a, strings)
            for v, kd in succ[m].items():
                near.add(v)
                rv = rank[v]
                for k, a in kd.items():
                    key = (rm, rv, k)
                    if key not in edges:
                        edges[key] = data_edge_text(g, rank, cut, m, v, k, a, strings)
        rows = []
        kept, shown, idx, trank = self.cache.rows, self.cache.names, self.idx, self.trank
        for m in ms:
            row = kept.get(m)
            if row is None:
                rows.append(data_row(g, m, idx, shown, rank[m], trank[m]))
            else:
                rows.append(f"[{rank[m]},{trank[m]},{row_json(row)}]")
        nodes = ",".join(self._rec(n) for n in sorted(near, key=rank.__getitem__) if n not in self.agency_file)
        self._cut_in_page.clear()  # (its measures' edges are all made here)
        edge_json = _safe(",".join([edges[k] for k in sorted(edges)]))  # (_safe leaves "[" and "]" as they are)
        return "".join(['(window.dgShards=window.dgShards||[]).push({"e":[', edge_json, '],"n":[', nodes, '],"r":[',
                        ",".join(rows), "]});\n"])

    # ------------------------------------------------------------------ pages

    def _fits(self, nodes: int, measures: int) -> bool:
        """Whether a page of this many nodes (this many of them measures) fits: drawn whole from data files."""
        if self.inline or nodes > self.max_nodes:
            return False
        return nodes <= P.MAX_TABLE_ROWS or measures <= P.MAX_TABLE_ROWS

    def _gather(self, measures: Iterable[str]) -> None:
        """page_nodes' `collect` (_page_ranks): the ranks of these measures' neighbourhoods (made by make_hood
        when not made yet), each rank marked IN_HOOD and added to the page's `_ranks` when first marked."""
        gather_hoods(measures, self._hoods, self._mark, self._ranks, self.g, self.rank, self._hood_state, self._omitted)

    def _page_ranks(self, page: P.Page) -> tuple[list[int], list[int], int, int]:
        """A page's nodes (P.page_nodes') as ranks, sorted; those of them that are not a measure of the page or
        next to one by page_nodes' account (its `hood`'s complement), by rank; how many are measures; and the
        units its measures leave off (P.omitted_units of them). The neighbourhoods are gathered by rank
        (_gather) and only the page's other nodes (its focus, sections, …) come back as ids."""
        rank, mark = self.rank, self._mark
        ranks: list[int] = []
        self._ranks = ranks
        try:
            keep = P.page_nodes(self.g, page.kind, page.focus, self.cache, collect=self._gather)
            for n in keep:
                r = rank[n]
                if not mark[r]:
                    ranks.append(r)
                mark[r] |= IN_KEEP
            ranks.sort()
            extras, measures, unknown = page_tally(ranks, mark, self._flags, self._hood_state)
        finally:
            unmark(mark, ranks)
            self._ranks = None
        omitted = 0
        if unknown:
            ids, state, g, rank, hoods = self.ids, self._hood_state, self.g, self.rank, self._hoods
            for r in unknown:  # (a measure on the page whose neighbourhood is not made yet, or that leaves units off)
                if not state[r] & HOOD_MADE:
                    make_hood(g, ids[r], rank, hoods, state, self._omitted)
                omitted += self._omitted.get(r, 0)
        return ranks, extras, measures, omitted

    def _shard_page(self, page: P.Page, ranks: list[int], extras: list[int]) -> str:
        """A page that fits: its nodes by rank (sorted), and those of them that are not a measure of the page
        or next to one by page_nodes' own account (the page's focus, its units' sections, …; by rank, sorted):
        whether one of those is next to a measure of the page is checked here. Its nodes are found by their ranks'
        flags (shard_page_marks), marked in `_mark` while the page is made."""
        rank, flags, mark = self.rank, self._flags, self._mark
        ids = self.ids
        shards, with_other, measures = shard_page_marks(ids, ranks, flags, self._rel_of, mark)
        try:
            succ, pred = self.g._adj, self.g._pred
            recs = [self._rec(n, True) for n in map(ids.__getitem__, extras)
                    if not flags[rank[n]] & _ON_FILE
                    and not near_marked_measure(succ[n], rank, flags, mark, ids, measures)
                    and not near_marked_measure(pred[n], rank, flags, mark, ids, measures)]
            extra: list[Any] = []  # edges between two nodes that are not measures (no shard has them)
            other_out, other_edges = self._other_out.get, self._other_edges
            for n in with_other:
                out = other_out(n)
                if out is None:
                    out = other_edges(n)
                marked_edges(extra, out, mark)
        finally:
            unmark(mark, ranks)
        extra.sort()
        aggregated = ""
        if page.omitted_units:
            aggregated = (f"有措施列出的单位超过{P.MAX_UNITS_PER_MEASURE}个，图中每项措施只显示前{P.MAX_UNITS_PER_MEASURE}个，"
                          f"另有{page.omitted_units}个单位未画出（见下表与评审报告）")
        meta = {"kind": page.kind, "focus": page.focus, "title": page.title, "aggregated": aggregated,
                "total_nodes": len(ranks)}
        data = "".join(['{"ids":[', ranks_json(ranks), '],"page":', page_meta_json(meta), ',"recs":[', ",".join(recs),
                        '],"x":[', ",".join([e[3] for e in extra]), "]}"])
        return render_shard_page(self.env, meta, data, sorted(shards), sources=self.sources)

    def render(self, pages: list[P.Page]) -> Iterator[tuple[str, str]]:
        """(path, html) of each page. The pages that carry their whole payload (those that do not fit)
        come first, each as soon as its nodes are known; then the caches only they use (node records,
        their vis dicts and JSON, group parents) are freed, and the pages that fit follow (meanwhile
        each holds its node ranks, and the few nodes page_nodes did not find next to its measures)."""
        g, cache = self.g, self.cache
        # (with texts, the vis edges are formatted with the drawn edges by PageJSON: no dict each)
        net = lambda nodes, edges: vis_network(nodes, edges, self.memo, not self.payload_texts)  # noqa: E731
        fit: list[tuple[P.Page, list[int], list[int]]] = []
        for page in pages:
            ranks, extras, measures, page.omitted_units = self._page_ranks(page)
            if self._fits(len(ranks), measures):
                fit.append((page, ranks, extras))
                continue
            del extras
            page.nodes = list(map(self.ids.__getitem__, ranks))  # (sorted: a rank is a place in sorted ids)
            del ranks
            if self.payload_texts:  # (its quotes and rows as JSON texts: see PageJSON)
                data = P.payload(g, page, self.idx, net_builder=net, max_nodes=self.max_nodes, cache=cache,
                                 quote_text=self.to_json.quote_text, row_text=row_text, node_record=page_record)
            else:
                data = P.payload(g, page, self.idx, net_builder=net, max_nodes=self.max_nodes, cache=cache)
            html = render_graph_page(self.env, data, inline=self.inline, sources=self.sources, to_json=self.to_json)
            del data
            cache.quotes.clear()  # (few recur on another page: see PageJSON)
            cache.rows.clear()
            page.nodes = []
            yield page.path, html
        cache.records.clear()
        cache.parents.clear()
        cache.group_ids.clear()
        self.memo.clear()
        self.to_json = PageJSON(self.payload_texts)
        fit.reverse()
        while fit:
            page, ranks, extras = fit.pop()  # (each page's ranks freed once it is made)
            html = self._shard_page(page, ranks, extras)
            del ranks, extras
            yield page.path, html

    def index(self) -> tuple[str, str]:
        ov = overview(self.g, self.idx, review_present=self.review_present, table_rank=self.trank)
        return "index.html", render_index(self.env, ov, inline=self.inline, sources=self.sources)


IS_MEASURE, IN_AGENCY_FILE, HAS_OTHER = 1, 2, 4  # node_flags' bits
_ON_FILE = IS_MEASURE | IN_AGENCY_FILE  # (a node whose record is in a data file)


def node_flags(ids: list[str], measure: set[str], agency_file: dict[str, str], shard_of: dict[str, str],
               has_other: set[str]) -> tuple[bytearray, list[str | None]]:
    """Per rank (a position in `ids`): its flags — IS_MEASURE, IN_AGENCY_FILE (an agency: its record is in
    its jurisdiction's data file), HAS_OTHER (an out-edge to a node that is not a measure: _Site._other_edges)
    —, and its data file (a measure's shard, an agency's file; None for any other node)."""
    flags = bytearray(len(ids))
    rel_of: list[str | None] = [None] * len(ids)
    for r, n in enumerate(ids):
        if n in measure:
            flags[r] = IS_MEASURE | (HAS_OTHER if n in has_other else 0)
            rel_of[r] = shard_of[n]
            continue
        f = HAS_OTHER if n in has_other else 0
        rel = agency_file.get(n)
        if rel is not None:
            f |= IN_AGENCY_FILE
            rel_of[r] = rel
        flags[r] = f
    return flags, rel_of


_META_KEYS = frozenset({"aggregated", "focus", "kind", "title", "total_nodes"})


def page_meta_json(meta: dict[str, Any]) -> str:
    """safe_json(meta) for a page's facts (_Site._shard_page's: kind, focus, title, notice and node count;
    ~33k pages at 10k documents), formatted directly when it has those keys and types: without the
    encoder's key sort and its dispatch per value."""
    total = meta.get("total_nodes")
    if (meta.keys() != _META_KEYS or type(total) is not int or type(meta["aggregated"]) is not str
            or type(meta["focus"]) is not str or type(meta["kind"]) is not str or type(meta["title"]) is not str):
        return safe_json(meta)
    return _safe(f'{{"aggregated":{_js(meta["aggregated"])},"focus":{_js(meta["focus"])},"kind":{_js(meta["kind"])},'
                 f'"title":{_js(meta["title"])},"total_nodes":{total}}}')


def shard_page_marks(ids: list[str], ranks: list[int], flags: bytearray, rel_of: list[str | None],
                     mark: bytearray) -> tuple[set[str], list[str], list[int]]:
    """A page that fits, from its node ranks, in one pass over them (node_flags' tables, read by rank): marks
    each of its ranks in `mark` (the caller clears them: unmark), and gives the data files of its measures
    and agencies, its nodes that are not measures but have an out-edge to a node that is not one either
    (_Site._other_edges), by rank, and its measures' ranks."""
    on_file, is_measure, has_other = _ON_FILE, IS_MEASURE, HAS_OTHER  # (see _FLAG_LOCALS)
    shards = set()
    with_other = []
    measures = []
    for x in ranks:
        r = x
        mark[r] = 1
        f = flags[r]
        if f & on_file:
            shards.add(rel_of[r])
        if f & is_measure:
            measures.append(x)
        elif f & has_other:
            with_other.append(ids[r])
    return shards, with_other, measures


IN_HOOD, IN_KEEP = 1, 2  # _page_ranks' marks: a rank of a measure's neighbourhood, of page_nodes' other nodes
HOOD_MADE, HOOD_OMITS = 1, 2  # _Site._hood_state's bits
# _FLAG_LOCALS: the loops over a page's ranks (shard_page_marks, gather_hoods, page_tally, near_marked_measure)
# read these bits from locals bound once per call, typed as C integers in site.pxd: a module global in a test
# of a rank's byte is a dict lookup, an int made of the byte, a Python `&` and a truth test each time
# (~150 instructions; ~1M ranks a pass at 1,000 documents)


def make_hood(g: nx.MultiDiGraph, m: str, rank: dict[str, int], hoods: dict[str, tuple[int, ...]],
              state: bytearray, omitted: dict[int, int]) -> tuple[int, ...]:
    """Measure m's readable neighbourhood (P._neighbours' nodes) with m itself first, as ranks (`rank`: node ->
    rank); kept in `hoods`, and its units left off noted (`state`, by rank: HOOD_MADE, and HOOD_OMITS when it
    leaves some off, how many in `omitted`). A module function, not a _Site method: gather_hoods calls it in C,
    with the site's dicts given instead of read from its attributes each time (~21k measures at 1,000 documents)."""
    shown, left = P._neighbours(g, m)
    r = rank[m]
    hood = hoods[m] = (r, *[rank[n] for n in shown])
    state[r] = HOOD_MADE | (HOOD_OMITS if left else 0)
    if left:
        omitted[r] = left
    return hood


def gather_hoods(measures: Iterable[str], hoods: dict[str, tuple[int, ...]], mark: bytearray, ranks: list[int],
                 g: nx.MultiDiGraph, rank: dict[str, int], state: bytearray, omitted: dict[int, int]) -> None:
    """Mark IN_HOOD the ranks of these measures' neighbourhoods (`hoods`: each measure's, itself first, as
    ranks; make_hood makes and keeps one, from the last four arguments), adding to `ranks` each rank not marked
    before."""
    in_hood = IN_HOOD  # (see _FLAG_LOCALS)
    for m in measures:
        hood = hoods.get(m)
        if hood is None:
            hood = make_hood(g, m, rank, hoods, state, omitted)
        for x in hood:
            r = x
            if not mark[r]:
                ranks.append(x)  # (the rank's own int, not a new one: when compiled r is a C integer)
            mark[r] |= in_hood


def page_tally(ranks: list[int], mark: bytearray, flags: bytearray,
               state: bytearray) -> tuple[list[int], int, list[int]]:
    """Of a page's marked ranks (_page_ranks'): those marked only IN_KEEP (page_nodes' nodes outside every
    neighbourhood it gathered), how many are measures, and the measures whose neighbourhood is not made or
    leaves units off (`state`: _Site._hood_state) — in the order of `ranks`."""
    in_keep, is_measure, hood_made = IN_KEEP, IS_MEASURE, HOOD_MADE  # (see _FLAG_LOCALS)
    extras = []
    unknown = []
    measures = 0
    for x in ranks:
        r = x
        if mark[r] == in_keep:
            extras.append(x)
        if flags[r] & is_measure:
            measures += 1
            if state[r] != hood_made:
                unknown.append(x)
    return extras, measures, unknown


def unmark(mark: bytearray, ranks: list[int]) -> None:
    """Clear the page's ranks in `mark` (shard_page_marks set them)."""
    for r in ranks:
        mark[r] = 0


def near_marked_measure(nbrs: dict[str, Any], rank: dict[str, int], flags: bytearray, mark: bytearray, ids: list[str],
                        measures: list[int]) -> bool:
    """Whether one of these neighbours (a node's successors or predecessors: networkx's dict) is a measure
    of the page being made (its rank marked; `measures`: their ranks), as
    `not nbrs.keys().isdisjoint(the page's measures)`: over the fewer of the two (a jurisdiction has
    thousands of agencies and plans next to it, a page of its own few measures)."""
    is_measure = IS_MEASURE  # (see _FLAG_LOCALS)
    if len(nbrs) > len(measures):
        for r in measures:
            if ids[r] in nbrs:
                return True
        return False
    for w in nbrs:
        r = rank[w]
        if flags[r] & is_measure and mark[r]:
            return True
    return False


def marked_edges(extra: list[Any], out: tuple[tuple[int, tuple[Any, ...]], ...], mark: bytearray) -> None:
    """Add to `extra` the edges of _Site._other_edges' pairs (v's rank, its edges) whose v is on the page
    being made (its rank marked)."""
    for pair in out:
        r = pair[0]
        if mark[r]:
            extra.extend(pair[1])


def other_edges(g: nx.MultiDiGraph, rank: dict[str, int], cut_in_page: dict[str, bool], strings: dict[str, str],
                measure: set[str], u: str) -> tuple[tuple[int, tuple[tuple[int, int, str, str], ...]], ...]:
    """_Site._other_edges' pairs of node u, in the order of its neighbours: (v's rank, (rank of u, rank of v,
    type, the edge as JSON) of each edge to v) for each neighbour v that is not a measure. One pass over u's
    adjacency dict (typed in site.pxd), not a set difference of its keys (a new set, ~4.4k instructions a
    node) and two generators; the pairs' order is free (_Site._shard_page sorts the edges it takes)."""
    nbrs = g._adj[u]
    ru = rank[u]
    pairs = []
    for v, kd in nbrs.items():
        if v in measure:
            continue
        rv = rank[v]
        pairs.append((rv, tuple([(ru, rv, k, _safe(data_edge_text(g, rank, cut_in_page, u, v, k, a, strings)))
                                 for k, a in kd.items()])))
    return tuple(pairs)


def ranks_json(ranks: list[int]) -> str:
    """",".join(map(str, ranks)): a page's node ranks (~33k pages at 10k documents, up to 1,500 ranks
    each); compiled, site.pxd's _ranks_c writes the digits of ranks in Py_ssize_t's range straight into
    the text (no str per rank, no join)."""
    if _COMPILED:
        text = _ranks_c(ranks)  # noqa: F821 - site.pxd's (C-API calls: it exists only compiled)
        if text is not None:
            return text
    return ",".join(map(str, ranks))


SHARD_DIR = "data"
META_FILE = f"{SHARD_DIR}/meta.js"


def shard_path(plan: str) -> str:
    """The data shard of a plan's measures (measures without a plan share the shard of "")."""
    return f"{SHARD_DIR}/{hashlib.sha256(('shard:' + plan).encode('utf-8')).hexdigest()[:16]}.js"


def agency_path(jurisdiction: str) -> str:
    """The data file of a jurisdiction's agencies' records (agencies without one share the file of "")."""
    return f"{SHARD_DIR}/{hashlib.sha256(('agencies:' + jurisdiction).encode('utf-8')).hexdigest()[:16]}.js"


def site_meta() -> dict[str, Any]:
    """What graph.js needs to draw a page from its data: styles, Chinese names, label and type order,
    and how a source quote is cut from a measure's text."""
    return {"node_style": P.NODE_STYLE, "edge_style": P.EDGE_STYLE, "label_zh": P.LABEL_ZH, "rel_zh": P.REL_ZH,
            "label_order": [n.label for n in P.schema.NODES] + ["Group"], "type_order": [r.type for r in P.schema.RELS],
            "quote_labels": list(P.QUOTE_LABELS), "text_prop": P.PROP_ZH["text"], "quote_context": P.QUOTE_CONTEXT}


def quote_from(text: str, mention: str, context: int = P.QUOTE_CONTEXT) -> str:
    """pages._quote's cut of `text` around the first `mention` (graph.js's quoteFrom does the same)."""
    i = text.find(mention) if text and mention else -1
    if i < 0:
        return ""
    a, b = max(0, i - context), min(len(text), i + len(mention) + context)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def _js_json(text: str, prefix: str) -> Any:
    """The JSON value a data file assigns (`prefix` + JSON + ");" or ";")."""
    assert text.startswith(prefix), text[:60]
    return json.loads(text[len(prefix):].rstrip().removesuffix(";").removesuffix(")"))


def assemble(page_html: str, read: Any) -> dict[str, Any]:
    """The data a page's script works with, as graph.js builds it: a full page's own JSON, or a shard
    page's JSON completed from its data files (`read(rel)` gives a file's text, rel from the site root).
    Mirrors graph.js's assemble() (the browser tests check both give the page's payload)."""
    raw = json.loads(re.search(r'<script type="application/json" id="dg-data">(.*?)</script>', page_html, re.S).group(1))
    if "ids" not in raw:
        return raw
    srcs = re.findall(r'<script src="\.\./(' + SHARD_DIR + r'/[^"]+)"></script>', page_html)
    meta = _js_json(read(srcs[0]), "window.dgMeta=")
    shards = [_js_json(read(rel), "(window.dgShards=window.dgShards||[]).push(") for rel in srcs[1:]]
    rec: dict[int, dict] = {}
    vlabel: dict[int, str] = {}
    rows: dict[int, tuple[int, dict]] = {}
    cand: list[list[Any]] = list(raw["x"])
    for s in shards:
        for k, r, lab in s["n"]:
            rec[k], vlabel[k] = r, lab
        for k, t, row in s["r"]:
            rows[k] = (t, row)
        cand.extend(s["e"])
    for k, r, lab in raw["recs"]:
        rec[k], vlabel[k] = r, lab
    page = raw["page"]
    on = set(raw["ids"])
    nodes = [{**rec[k], "focus": True} if rec[k]["id"] == page["focus"] else rec[k] for k in raw["ids"]]
    seen: dict[tuple[int, int, str], list[Any]] = {}
    for e in cand:
        if e[0] in on and e[1] in on:
            seen.setdefault((e[0], e[1], e[2]), e)
    edges = []
    def text_of(r: dict) -> str:
        return next((x[1] for x in r["props"] if x[0] == meta["text_prop"]), "")

    for i, key in enumerate(sorted(seen)):
        u, v, t, src, line, mention, quote, inh = seen[key]
        if quote == 0:
            q = next(r for r in (rec[v], rec[u]) if r["label"] in meta["quote_labels"])
            quote = quote_from(text_of(q), mention, meta["quote_context"])
        edges.append({"from": rec[u]["id"], "to": rec[v]["id"], "type": t, "count": 1, "id": f"e{i}",
                      "quotes": [{"source": src, "line": line, "mention": mention, "quote": quote,
                                  "inherited": bool(inh), "from": rec[u]["name"], "to": rec[v]["name"]}]})
    table = [row for _, row in sorted(rows[k] for k in raw["ids"] if rec[k]["label"] == "Measure")]
    ns, es = meta["node_style"], meta["edge_style"]
    vis_nodes = []
    for k, n in zip(raw["ids"], nodes):
        color, shape = ns.get(n["label"], ["#888888", "dot"])
        extra = ({"borderWidth": 4, "shadow": {"enabled": True, "size": 12, "x": 0, "y": 0},
                  "font": {"size": 22, "strokeWidth": 4}} if n["focus"] else {"borderWidth": 1})
        vis_nodes.append({"color": color, "value": max(n["value"], 0.5), **extra, "id": n["id"], "label": vlabel[k],
                          "shape": shape})
    vis_edges = [{"id": e["id"], "color": es.get(e["type"], ["#999999", False])[0],
                  "dashes": es.get(e["type"], ["#999999", False])[1], "value": 1, "from": e["from"], "to": e["to"],
                  "arrows": "to"} for e in edges]
    lo, to = meta["label_order"], meta["type_order"]
    labels = sorted({n["label"] for n in nodes}, key=lambda x: (lo.index(x) if x in lo else len(lo), x))
    types = sorted({e["type"] for e in edges}, key=lambda x: (to.index(x) if x in to else len(to), x))
    return {
        "page": page, "nodes": nodes, "edges": edges, "vis": {"nodes": vis_nodes, "edges": vis_edges},
        "legend": {"nodes": [{"label": x, "name": meta["label_zh"].get(x, "措施组"), "color": ns[x][0], "shape": ns[x][1]}
                             for x in labels],
                   "edges": [{"type": t, "name": meta["rel_zh"][t], "color": es[t][0], "dashed": es[t][1]} for t in types]},
        "filters": {"jurisdictions": sorted({n["juris"] for n in nodes if n["juris"]}),
                    "indicators": sorted({n["ind"] for n in nodes if n["ind"]}),
                    "months": sorted({n["date"][:7] for n in nodes if n["date"]})},
        "table": table,
    }


def iter_files(graph: nx.MultiDiGraph, *, include_people: bool = False, review_present: bool = False,
               inline_assets: bool = False, max_nodes: int = P.MAX_NODES) -> Iterator[tuple[str, str | bytes]]:
    """The site's files as (relative path, content), one page at a time (pure apart from reading the
    bundled assets): a writer can store each page and drop it, so memory does not grow with the site."""
    site = _Site(graph, include_people=include_people, review_present=review_present, inline_assets=inline_assets,
                 max_nodes=max_nodes)
    yield from site.assets()
    for rel in site.shard_share():
        yield rel, site.shard(rel)
    yield from site.render(site.pages)
    yield site.index()


def build(graph: nx.MultiDiGraph, *, include_people: bool = False, review_present: bool = False,
          inline_assets: bool = False, max_nodes: int = P.MAX_NODES) -> dict[str, str | bytes]:
    """The whole site as {relative path: content} (pure apart from reading the bundled assets)."""
    return dict(iter_files(graph, include_people=include_people, review_present=review_present,
                           inline_assets=inline_assets, max_nodes=max_nodes))


def jobs_override() -> int | None:
    """$DUTYGRAPH_SITE_JOBS (at least 1), None when unset; a malformed one is a one-line error. `build`
    calls this when it starts, so that the error does not wait for the site, the last exporter."""
    raw = os.environ.get("DUTYGRAPH_SITE_JOBS", "").strip()
    if not raw:
        return None
    try:
        return max(1, int(raw))
    except ValueError:
        raise StoreError(f"DUTYGRAPH_SITE_JOBS must be a whole number, not {raw!r}") from None


def site_jobs(pages: int, processes: int | None = None) -> int:
    """Processes that write the pages: $DUTYGRAPH_SITE_JOBS when set (1 = this process only), else
    `processes` (the budget `build --jobs` gives), else min(2, CPUs); always 1 below
    PARALLEL_MIN_PAGES pages or where fork() does not exist."""
    if pages < PARALLEL_MIN_PAGES or not hasattr(os, "fork"):
        return 1
    jobs = jobs_override()
    if jobs is not None:
        return jobs
    if processes is not None:
        return max(1, processes)
    return max(1, min(2, os.cpu_count() or 1))


def _write_share(site: _Site, w: _Writer, part: int, parts: int) -> None:
    for rel in site.shard_share(part, parts):
        w.put(rel, site.shard(rel))
    for rel, data in site.render(site.share(part, parts)):
        w.put(rel, data)


def _fork_writers(site: _Site, w: _Writer, parts: int) -> list[tuple[int, int]]:
    """Fork parts-1 children, each writing its share of the pages into the writer's folder; returns
    (pid, read end of its error pipe). A child reports a failure as text on its pipe and exit status 1."""
    import traceback  # noqa: PLC0415

    children = []
    for part in range(1, parts):
        r, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: write, report, leave without running the parent's cleanup
            os.close(r)
            code = 0
            try:
                _write_share(site, w, part, parts)
            except BaseException:  # noqa: BLE001 - everything goes back to the parent
                code = 1
                os.write(wfd, traceback.format_exc()[-60000:].encode("utf-8", "replace"))
            finally:
                os._exit(code)
        os.close(wfd)
        children.append((pid, r))
    return children


def _reap(children: list[tuple[int, int]], *, kill: bool = False) -> list[str]:
    import signal  # noqa: PLC0415

    failures = []
    for pid, r in children:
        if kill:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        chunks = []
        while chunk := os.read(r, 65536):
            chunks.append(chunk)
        os.close(r)
        _, status = os.waitpid(pid, 0)
        if status != 0 and not kill:
            failures.append(b"".join(chunks).decode("utf-8", "replace") or f"page writer {pid} exited with {status}")
    return failures


@gc_paused()  # millions of short-lived containers and no cycles: see exports.atomic.gc_paused
def write(graph: nx.MultiDiGraph, out_dir: Path | str, *, include_people: bool = False,
          inline_assets: bool = False, jobs: int | None = None, processes: int | None = None) -> list[Path]:
    """Write out_dir/site/ (index.html, agency/…, platform/…, plan/…, indicator/…, jurisdiction/…, assets/)
    atomically: the previous site stays in place until the new one is complete. Pages are written as
    they are rendered (not held in memory together); with many pages, by `jobs` forked processes
    (default: site_jobs, given the caller's process budget `processes`), each rendering every jobs-th
    block of pages — the same bytes as one process."""
    out_dir = Path(out_dir)
    review = (out_dir / "review" / "index.html").is_file()
    site = _Site(graph, include_people=include_people, review_present=review, inline_assets=inline_assets,
                 max_nodes=P.MAX_NODES)
    parts = site_jobs(len(site.pages), processes) if jobs is None else max(1, jobs)
    if parts > 1:  # each forked writer copies most of the pages it reads (sysmem): as many as memory holds
        parts = 1 + sysmem.forks_that_fit(parts - 1)
    w = _Writer(out_dir)
    children: list[tuple[int, int]] = []
    try:
        for rel, data in site.assets():
            w.put(rel, data)
        for kind in sorted({p.path.split("/", 1)[0] for p in site.pages}):
            (w.tmp / kind).mkdir(exist_ok=True)
        if not site.inline:
            (w.tmp / SHARD_DIR).mkdir(exist_ok=True)
        if parts > 1:
            children = _fork_writers(site, w, parts)
        _write_share(site, w, 0, parts)
        failures, children = _reap(children), []
        if failures:
            raise StoreError("a page writer failed:\n" + failures[0], path=str(out_dir / "site"))
        for part in range(1, parts):
            w.written.extend([p.path for p in site.share(part, parts)])
            w.written.extend(site.shard_share(part, parts))
        w.put(*site.index())
        return w.commit()
    except BaseException:
        _reap(children, kill=True)
        w.abort()
        raise


def page_counts(files: dict[str, Any]) -> Counter[str]:
    """Pages per kind (for reports and benchmarks)."""
    return Counter(rel.split("/", 1)[0] for rel in files if rel.endswith(".html") and "/" in rel)
