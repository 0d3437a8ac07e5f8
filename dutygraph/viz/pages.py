"""Pure functions from the typed graph to the data behind each site page.

Nothing here touches files or HTML: every function takes the MultiDiGraph of graph/schema.py and returns
plain dicts/lists (sorted, so the same graph always gives the same pages). Text from documents stays
data; masking of personal data happens here so no later stage can forget it.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..graph import schema
from ..graph.privacy import Masker, _may_change, mask_email, mask_name, mask_phone
from ..loaders.base import record_builder

# Chinese display names for labels and relationship types (UI strings, not reference data)
LABEL_ZH: dict[str, str] = {
    "Jurisdiction": "行政区", "Plan": "方案", "Section": "章节", "Measure": "措施", "Agency": "单位",
    "Platform": "平台", "Deadline": "时限", "Indicator": "指标", "TaskForce": "工作专班", "Person": "人员",
}
REL_ZH: dict[str, str] = {
    "LEADS": "牵头", "SUPPORTS": "配合", "USES_PLATFORM": "依托平台", "DUE": "完成时限", "UNDER": "所属指标",
    "HAS_SECTION": "包含章节", "HAS_MEASURE": "包含措施", "IN": "属于", "MEMBER_OF": "专班成员", "FOR": "服务指标",
}
PROP_ZH: dict[str, str] = {
    "name": "名称", "title": "标题", "text": "原文", "number": "编号", "kind": "类型", "jurisdiction": "行政区",
    "issuer": "发文单位", "issued": "发文日期", "year": "年度", "attachment": "附件", "source": "来源文件",
    "line": "行号", "section": "章节", "indicator": "指标", "deadline": "时限", "lead_inherited": "牵头继承自标题",
    "targets": "量化目标", "repairs": "修复记录", "collective": "泛指单位", "resolved": "已规范化",
    "aliases": "原文写法", "date": "日期", "month": "月份", "level": "级别", "parent": "上级", "inferred": "推断",
    "plan": "方案", "path": "层级", "office": "专班办公室", "role": "职务", "unit": "单位", "phone": "电话",
    "email": "邮箱", "sha256": "SHA-256",
    # derived at build time from the graph's LEADS/SUPPORTS edges (graph/schema.py)
    "n_leads": "牵头单位数", "n_co_units": "配合单位数", "load": "责任负荷", "n_led": "牵头任务数",
    "n_inherited": "继承牵头任务数", "n_co": "配合任务数", "n_plans": "涉及方案数", "n_q1": "一季度到期牵头任务",
    "n_q2": "二季度到期牵头任务", "n_q3": "三季度到期牵头任务", "n_q4": "四季度到期牵头任务",
    "n_collective_leads": "泛指牵头单位数", "n_deadlines": "时限数", "n_measures": "依托任务数", "peak_due": "单月最多到期牵头任务",
    "n_supports": "配合任务数（含无方案任务）", "peak_shared": "与单一单位最多共担任务数",
    "peak_shared_after": "与单一单位最多共担任务数（编号在后者）",
    "n_support_leads": "所配合任务的牵头单位数", "n_support_plans": "所配合任务的方案数",
    "n_jurisdictions": "涉及行政区数", "plan_ids": "涉及方案", "month_due": "当月到期任务数",
    "month_agencies": "当月到期任务的牵头单位数", "month_measure_ids": "当月到期任务",
    "load_by_year": "各年度责任负荷（年;负荷;牵头;继承牵头;配合;方案;一至四季度到期）",
    "peak_due_by_year": "各年度单月最多到期牵头任务（年;任务数）",
    "top_pairs": "共担任务最多的单位对（共担任务;方案;另一单位）", "top_pairs_min": "单位对列入所需共担任务数",
    "n_named": "承担任务数（含无方案任务）",
}
# where one property name means different things on different labels (PROP_ZH has the Platform's reading)
PROP_ZH_BY_LABEL: dict[str, dict[str, str]] = {
    "Agency": {"n_measures": "承担任务数"},  # measures of a plan it leads or co-supports
    "Indicator": {"n_measures": "关联任务数"},  # measures UNDER it
}


def prop_zh(label: str, prop: str) -> str:
    """The Chinese label of a node property as the site shows it."""
    return PROP_ZH_BY_LABEL.get(label, {}).get(prop) or PROP_ZH.get(prop, prop)
# node look per label: colour (colour-blind-friendly palette) and a vis-network shape that scales by value
NODE_STYLE: dict[str, tuple[str, str]] = {
    "Agency": ("#1f6fb4", "dot"), "Measure": ("#e08214", "square"), "Platform": ("#2e8b57", "diamond"),
    "Deadline": ("#c0392b", "triangle"), "Indicator": ("#7b4fb0", "star"), "Plan": ("#4a5568", "hexagon"),
    "Section": ("#8a96a8", "triangleDown"), "Jurisdiction": ("#8c5a1c", "hexagon"),
    "TaskForce": ("#00838f", "square"), "Person": ("#c2185b", "dot"), "Group": ("#b8860b", "square"),
}
EDGE_STYLE: dict[str, tuple[str, bool]] = {  # colour, dashed
    "LEADS": ("#1f6fb4", False), "SUPPORTS": ("#6fa8dc", True), "USES_PLATFORM": ("#2e8b57", False),
    "DUE": ("#c0392b", True), "UNDER": ("#7b4fb0", True), "HAS_SECTION": ("#a0aec0", False),
    "HAS_MEASURE": ("#a0aec0", False), "IN": ("#8c5a1c", True), "MEMBER_OF": ("#00838f", True),
    "FOR": ("#7b4fb0", False),
}
PAGE_KINDS: tuple[str, ...] = ("agency", "platform", "plan", "indicator", "jurisdiction")
PAGE_LABEL: dict[str, str] = {"agency": "Agency", "platform": "Platform", "plan": "Plan", "indicator": "Indicator",
                              "jurisdiction": "Jurisdiction"}
MAX_NODES = 1500  # above this a page is aggregated (vis-network physics chokes beyond ~1,500 nodes)
MAX_UNITS_PER_MEASURE = 50  # a measure naming more units shows the first ones on graph pages, with a note
MAX_TABLE_UNITS = 50  # the same bound for the unit names in a page's measure table
MAX_EDGE_QUOTES = 20  # source quotes kept per (grouped) edge
MAX_PAGE_QUOTES = 4000  # and per page: beyond, each edge keeps max(1, MAX_PAGE_QUOTES // edges)
MAX_TABLE_ROWS = 2000  # measures listed in a page's table (the first by file and line); the rest are counted
MAX_PROP_CHARS = 4000  # longer text props are cut on the side panel (the source file:line is shown with them)
LABEL_CHARS = 16
QUOTE_CONTEXT = 40


def page_path(kind: str, node_id: str) -> str:
    """Deterministic, filesystem- and URL-safe path of a node's page, relative to the site root."""
    digest = hashlib.sha256(node_id.encode("utf-8")).hexdigest()[:16]
    return f"{kind}/{digest}.html"


def display_name(attrs: dict[str, Any]) -> str:
    """The name a person reads for a node: name, title, or a description built from its props."""
    label = attrs.get("label", "")
    if label == "Measure":
        head = (attrs.get("number") or "").strip()
        body = (attrs.get("title") or attrs.get("text") or "").strip()
        return (head + " " + body).strip() or attrs.get("id", "")
    if label == "Deadline":
        return attrs.get("date") or {"ongoing": "长期坚持", "recurring": "定期"}.get(attrs.get("kind") or "", "") \
            or (attrs.get("kind") or attrs.get("id", ""))
    if label == "Section":
        return ((attrs.get("number") or "") + (attrs.get("title") or "")).strip() or attrs.get("id", "")
    return attrs.get("name") or attrs.get("title") or attrs.get("id", "")


def short(s: str, n: int = LABEL_CHARS) -> str:
    if len(s) > 4 * n:  # a long text: collapsing the whitespace of a prefix gives a prefix of the whole result
        t = " ".join(s[: 4 * n].split())
        if len(t) > n:
            return t[: n - 1] + "…"
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------------------------------------- privacy


def masked_graph(g: nx.MultiDiGraph, *, include_people: bool) -> nx.MultiDiGraph:
    """A graph safe to publish: Person props masked and known names, phone numbers and e-mail addresses
    masked inside every text prop (also when the graph itself was built unmasked).

    Read-only: every node and edge whose attributes masking leaves as they are is shared with `g`
    (networkx's own adjacency dicts, copied only along the edges that change), so a graph that is
    masked already costs one pass over its values, not a copy."""
    if include_people:
        return g
    names = [a.get("name") or "" for _, a in g.nodes(data=True) if a.get("label") == "Person"]
    masker = Masker(names)
    personal = {nt.label for nt in schema.NODES if nt.personal}
    seen: dict[str, str] = {}  # text -> masked text: file names, mentions and types recur on many edges
    gate = None
    if all(mask_name(x) == x for x in (n.strip() for n in names) if len(x) >= 2):
        # every roster name is masked already (a masked graph's), so masking a name changes nothing: only
        # a phone number (always a PHONE_GATE match) or an e-mail address (always an "@") can change a
        # text, and the many texts with neither are not scanned (privacy's gate: compiled, one C loop)
        gate = _may_change
    text = masker.text
    new_attrs: dict[str, dict[str, Any]] = {}  # node -> its masked attributes, where masking changes them
    person_nodes = set()
    for n, a in g._node.items():
        b = _masked_attrs(a, seen, gate, text, masker)
        if a.get("label") in personal:
            person_nodes.add(n)
            b = dict(b if b is not None else a)
            if a.get("name") is not None:  # (a missing one stays missing, as an empty phone or e-mail: the
                b["name"] = mask_name(a["name"])  # site reads None and "" alike)
            if a.get("phone"):
                b["phone"] = mask_phone(a["phone"])
            if a.get("email"):
                b["email"] = mask_email(a["email"])
            if b == a:  # masked already
                b = None
        if b is not None:
            new_attrs[n] = b
    node_map = g._node  # shared as it is when nothing changes (a masked graph)
    if new_attrs:
        node_map = dict(g._node)
        node_map.update(new_attrs)  # (same order: updated keys keep their place)
    succ, pred = _masked_adjacency(g._adj, g._pred, person_nodes, seen, gate, text, masker)
    h = nx.MultiDiGraph()
    h.graph.update(g.graph)
    h._node, h._adj, h._pred = node_map, succ, pred
    return h


def _masked_adjacency(adj: dict[str, Any], preds: dict[str, Any], person_nodes: set[str], seen: dict[str, str],
                      gate: Callable[[str], bool] | None, text: Callable[[str | None], str | None],
                      masker: Masker) -> tuple[dict[str, Any], dict[str, Any]]:
    """masked_graph's edges: networkx's successor and predecessor dicts with every edge's attributes masked
    (see _masked_attrs; the mention on a person's edges masked as a name). `adj` and `preds` themselves
    when no edge changes; else outer dicts copied at the first edge that changes, rows only where an edge
    changes."""
    succ = None
    pred = preds
    copied: set[tuple[str, str]] = set()
    for u, nbrs in adj.items():
        person = u in person_nodes
        for v, keyed in nbrs.items():
            for k, a in keyed.items():
                b = _masked_attrs(a, seen, gate, text, masker)
                if person and a.get("mention"):
                    b = dict(b if b is not None else a)
                    b["mention"] = mask_name(a.get("mention") or "")
                    if b == a:
                        b = None
                if b is None:
                    continue
                if succ is None:
                    succ, pred = dict(adj), dict(preds)
                if (u, v) not in copied:
                    copied.add((u, v))
                    if succ[u] is adj[u]:
                        succ[u] = dict(adj[u])
                    if pred[v] is preds[v]:
                        pred[v] = dict(preds[v])
                    succ[u][v] = pred[v][u] = dict(keyed)  # one key dict, shared by both sides as networkx does
                succ[u][v][k] = b
    return (adj if succ is None else succ), pred


def _masked_text(seen: dict[str, str], x: str, gate: Callable[[str], bool] | None,
                 text: Callable[[str | None], str | None]) -> str:
    """Masker.text of `x` (`text`), kept in `seen`; given the gate (see masked_graph), a text it does not
    pass is its own masked text, unscanned."""
    w = seen.get(x)
    if w is None:
        w = seen[x] = x if gate is not None and (not x or not gate(x)) else text(x)
    return w


def _masked_attrs(a: dict[str, Any], seen: dict[str, str], gate: Callable[[str], bool] | None,
                  text: Callable[[str | None], str | None], masker: Masker) -> dict[str, Any] | None:
    """masked_graph's masking of one node's or edge's attributes: a copy with the values masking changes,
    or None when it changes none. Every text (but a sha256) and every text in a list goes through
    _masked_text (`seen`, `gate`, `text`), any other value but a number or None through _mask_value.
    (A module function, typed in pages.pxd: compiled, one C loop over the values with the memo's lookups
    as direct dict calls — ~1M values at 1,000 documents, nearly all texts seen before or numbers.)"""
    out = None
    for k, v in a.items():
        kind = type(v)
        if kind is str:
            w = seen.get(v)  # (_masked_text, without its call)
            if w is v:  # a text masking leaves as it is (the same object: most of them)
                continue
            if k == "sha256":  # a file's digest, not text (its hex digits can look like a phone number)
                continue
            if w is None:
                w = seen[v] = v if gate is not None and (not v or not gate(v)) else text(v)
        elif kind is int or kind is float or kind is bool or v is None:  # never masked
            continue
        elif k == "sha256":
            continue
        elif kind is list:
            w = [_masked_text(seen, x, gate, text) if type(x) is str else x for x in v]
            if w == v:
                continue
        else:
            w = _mask_value(masker, v)
        if w is not v and w != v:
            if out is None:
                out = dict(a)
            out[k] = w
    return out

def _mask_value(masker: Masker, v: Any) -> Any:
    if isinstance(v, str):
        return masker.text(v)
    if isinstance(v, list):
        return [masker.text(x) if isinstance(x, str) else x for x in v]
    return v


# ---------------------------------------------------------------------------------------------- numbers


@dataclass(frozen=True, slots=True)
class Load:
    led: int  # measures led on their own text
    co: int  # measures co-supported
    inherited: int  # measures led by inheritance from a heading
    load: float  # the load index (analytics.load when installed)
    lead_w: float = 0.0  # the part of the load from leading
    co_w: float = 0.0  # the part from co-supporting


# Load(...) with every field given, without the frozen __init__'s object.__setattr__ per field (agency_loads makes
# one per agency: ~11k at 1,000 documents, ~10k instructions each through the class)
_new_load = record_builder(Load)


def agency_loads(g: nx.MultiDiGraph) -> dict[str, Load]:
    """Per agency: measures led, co-led, led by inheritance, and total load, as the queries engineer's
    dutygraph.analytics.load.agency_load gives them (same numbers, same order: its rows by load, then
    the agencies named for no measure of a plan).

    The counts are the ones graph/model.py's `derive` stored on each Agency (n_led, n_inherited, n_co);
    the load is summed here from the weights over each measure's stored n_leads / n_co_units, in
    agency_load's order, because the stored `load` is rounded (the site shows and sorts the unrounded
    sum, and splits it into its lead and co parts). A graph without the stored counts (one built by
    hand, not derived) goes through agency_load itself."""
    nodes, succ = g._node, g._adj  # networkx's own dicts, read only
    agencies: list[tuple[str, dict[str, Any]]] = []
    plans: set[str] = set()
    for n, a in nodes.items():  # (one pass over every node for the agencies, the measures' check and the plans)
        label = a.get("label")
        if label == "Agency":
            if "n_led" not in a:
                return _analytics_loads(g)
            agencies.append((n, a))
        elif label == "Measure":
            if "n_leads" not in a:
                return _analytics_loads(g)
        elif label == "Plan":
            plans.add(n)
    # the weights agency_load uses, as graph/model.py keeps them for the stored loads (analytics/load.py's
    # own import brings pandas: ~0.3 s of CPU for a site built alone; the test against agency_load pins them)
    from ..graph.model import CO_WEIGHT, LEAD_WEIGHT  # noqa: PLC0415

    rows: list[tuple[float, str, Load]] = []  # (agency_load's order: by load, rounded, then id; ids are unique)
    idle: list[str] = []
    for n, a in agencies:
        led, inherited, co = a["n_led"], a["n_inherited"], a["n_co"]
        if led + inherited + co == 0:
            idle.append(n)
            continue
        lead_w = co_w = 0.0
        for v, keyed in succ[n].items():  # each part summed in edge order (as agency_load sums it)
            leads, supports = "LEADS" in keyed, "SUPPORTS" in keyed
            if leads or supports:
                m = nodes[v]
                if m.get("label") == "Measure" and m.get("plan") in plans:
                    if leads:
                        lead_w += LEAD_WEIGHT / m["n_leads"]
                    if supports:
                        co_w += CO_WEIGHT / m["n_co_units"]
        rows.append((-round(lead_w + co_w, 9), n, _new_load(led, co, inherited, lead_w + co_w, lead_w, co_w)))
    rows.sort()  # (no key function called per row)
    out = {n: load for _, n, load in rows}
    for n in idle:
        out[n] = _new_load(0, 0, 0, 0.0, 0.0, 0.0)
    return out


def _analytics_loads(g: nx.MultiDiGraph) -> dict[str, Load]:
    """agency_loads through analytics/load.py's agency_load when it is installed, else counting
    LEADS/SUPPORTS edges here."""
    try:
        from ..analytics.load import agency_load  # noqa: PLC0415 - optional stage, may not exist yet
    except ImportError:
        agency_load = None
    if agency_load is not None:
        df = agency_load(g)
        out = {str(r["id"]): Load(int(r["led"]), int(r["co"]), int(r["inherited"]), float(r["load"]),
                                  float(r.get("lead_weight", r["led"] + r["inherited"])),
                                  float(r.get("co_weight", r["co"])))
               for r in df.to_dict("records")}
        for n, a in g.nodes(data=True):  # agencies without any measure are still agencies
            if a.get("label") == "Agency" and n not in out:
                out[n] = Load(0, 0, 0, 0.0)
        return out
    return _count_loads(g)


def _count_loads(g: nx.MultiDiGraph) -> dict[str, Load]:
    out: dict[str, Load] = {}
    for n, a in g.nodes(data=True):
        if a.get("label") != "Agency":
            continue
        led = co = inh = 0
        for _, v, k, e in g.out_edges(n, keys=True, data=True):
            if g._node[v].get("label") != "Measure":
                continue
            if k == "LEADS":
                led += 1
                inh += bool(e.get("inherited"))
            elif k == "SUPPORTS":
                co += 1
        out[n] = Load(led - inh, co, inh, float(led + co), float(led), float(co))
    return out


def node_loads(g: nx.MultiDiGraph, agency: dict[str, Load]) -> dict[str, float]:
    """The number a node is sized by: agency load; for the others the measures hanging on them.

    A Measure's lead and co-units, and a Platform's measures, are the counts graph/model.py's `derive`
    stored (n_leads + n_co_units, n_measures: by the schema only agencies lead or support a measure and
    only USES_PLATFORM joins a measure to a platform); they are counted here on a graph without them.
    Counted in loops, not generators (compiled, typed in pages.pxd: their dict reads are direct C calls),
    and any other node's degree as networkx's DiMultiDegreeView counts it (its edges out and in, a
    self-loop both ways), without a view made per node — on a MultiDiGraph itself; a subclass, which may
    count otherwise, through its own `degree`."""
    nodes, succ, pred = g._node, g._adj, g._pred  # networkx's own dicts, read only (the views cost ~3x)
    plain = type(g) is nx.MultiDiGraph
    out: dict[str, float] = {}
    for n, a in nodes.items():
        label = a.get("label")
        if label == "Agency":
            out[n] = agency[n].load if n in agency else 0.0
        elif label == "Measure":
            if "n_leads" in a and "n_co_units" in a:
                out[n] = float(a["n_leads"] + a["n_co_units"])
            else:
                total = 0
                for kd in pred[n].values():
                    total += ("LEADS" in kd) + ("SUPPORTS" in kd)
                out[n] = float(total)
        elif label == "Platform" and "n_measures" in a:
            out[n] = float(a["n_measures"])
        elif label in ("Platform", "Indicator", "Deadline"):
            total = 0
            for u in pred[n]:
                b = nodes[u]
                if b.get("label") == "Measure":
                    total += 1
            out[n] = float(total)
        elif label in ("Plan", "Section"):
            total = 0
            for u in succ[n]:
                b = nodes[u]
                if b.get("label") == "Measure":
                    total += 1
            out[n] = float(total)
        elif plain:
            total = 0
            for kd in succ[n].values():
                total += len(kd)
            for kd in pred[n].values():
                total += len(kd)
            out[n] = float(total)
        else:
            out[n] = float(g.degree(n))
    return out


def measure_context(g: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Per measure: leads, co-units, platforms, deadline date, indicator, plan, jurisdiction (for tables,
    filters and the heat map)."""
    nodes, succ, pred = g._node, g._adj, g._pred
    plan_jur = {n: a.get("jurisdiction") or "" for n, a in nodes.items() if a.get("label") == "Plan"}
    out: dict[str, dict[str, Any]] = {}
    for n, a in nodes.items():
        if a.get("label") != "Measure":
            continue
        lead, co = [], []
        for u, kd in pred[n].items():
            if "LEADS" in kd:
                lead.append(u)
            if "SUPPORTS" in kd:
                co.append(u)
        platforms, dates, indicators = [], [], []
        for v, kd in succ[n].items():
            if "USES_PLATFORM" in kd:
                platforms.append(v)
            if "DUE" in kd and nodes[v].get("date"):
                dates.append(nodes[v]["date"])
            if "UNDER" in kd:
                indicators.append(nodes[v].get("name") or "")
        date = a.get("deadline") or (max(dates) if dates else "")
        plan = a.get("plan") or ""
        lead.sort()  # (each list holds a dict's keys: no two equal, so sorted, each is its sorted set)
        co.sort()
        platforms.sort()
        out[n] = {
            "lead": lead, "co": co, "platforms": platforms,
            "date": date or "", "indicator": a.get("indicator") or (sorted(indicators)[0] if indicators else ""),
            "plan": plan, "jurisdiction": plan_jur.get(plan, ""),
        }
    return out


def deadline_months(g: nx.MultiDiGraph) -> list[tuple[str, str, int]]:
    """(month, agency id, measures due) for measures each agency leads: the (month, agency_id, due) rows
    of dutygraph.analytics.deadlines.deadline_crunch over every year, counted the same way here (a
    measure's months are those of its DUE deadlines dated on its own deadline; each of its lead
    agencies counts it once per month) without building that function's frame and measure lists."""
    nodes, succ, pred = g._node, g._adj, g._pred  # networkx's own dicts, read only
    cells: dict[str, dict[str, int]] = {}  # month -> agency id -> measures due
    for n, a in nodes.items():
        if a.get("label") != "Measure":
            continue
        date = a.get("deadline")
        if not date:
            continue
        months = set()
        for v, kd in succ[n].items():
            if "DUE" in kd:
                d = nodes[v]
                if d.get("label") == "Deadline" and d.get("date") == date:
                    months.add(d.get("month"))
        months.discard(None)
        months.discard("")
        if not months:
            continue
        for u, kd in pred[n].items():
            if "LEADS" in kd and nodes[u].get("label") == "Agency":
                for month in months:
                    due = cells.get(month)
                    if due is None:
                        due = cells[month] = {}
                    due[u] = due.get(u, 0) + 1
    rows = []  # by month, then agency id (the rows' order: one row per pair), sorting strs instead of tuples
    for month in sorted(cells):
        due = cells[month]
        for aid in sorted(due):
            rows.append((month, aid, due[aid]))
    return rows


# ---------------------------------------------------------------------------------------------- pages


@dataclass
class Page:
    kind: str  # agency | platform | plan | indicator | jurisdiction
    focus: str  # the node id the page is about
    title: str
    path: str
    nodes: list[str] = field(default_factory=list)
    omitted_units: int = 0  # units left off because their measure names more than MAX_UNITS_PER_MEASURE


class PageCache:
    """Per-graph lookups shared by every page of one site build, so that no page rescans the whole
    graph: measures per plan, and per measure its readable neighbourhood (units capped at
    MAX_UNITS_PER_MEASURE, see `_neighbours`)."""

    def __init__(self, g: nx.MultiDiGraph):
        self.g = g
        self._by_plan: dict[str, set[str]] | None = None
        self.neighbours: dict[str, tuple[tuple[str, ...], int]] = {}
        # page-independent parts of the payload, built once per node/measure/edge and shared (never
        # mutated) by every page that shows them
        self.records: dict[str, dict[str, Any]] = {}
        self.rows: dict[str, dict[str, Any]] = {}
        self.quotes: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.parents: dict[str, tuple[str | None, ...]] = {}  # measure -> its group ids (see aggregate)
        self.group_ids: dict[str, str] = {}  # section or plan -> its group's id
        self.plans: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # plan -> plan_measures
        self.names = DisplayNames(g._node)  # node -> display_name, for the tables (_table_row)
        self._trank: dict[str, int] | None = None

    def table_rank(self) -> dict[str, int]:
        """Measure -> its position in the tables' order (file, line, id) over the whole graph."""
        if self._trank is None:
            nodes = self.g._node
            measures = [n for n, a in nodes.items() if a.get("label") == "Measure"]
            measures.sort(key=lambda m: (nodes[m].get("source") or "", nodes[m].get("line") or 0, m))
            self._trank = {m: i for i, m in enumerate(measures)}
        return self._trank

    def plan_attr_measures(self, plan: str) -> set[str]:
        if self._by_plan is None:
            self._by_plan = defaultdict(set)
            for n, a in self.g.nodes(data=True):
                if a.get("label") == "Measure" and a.get("plan"):
                    self._by_plan[a["plan"]].add(n)
        return self._by_plan.get(plan, set())


def _neighbours(g: nx.MultiDiGraph, m: str) -> tuple[tuple[str, ...], int]:
    """A measure's readable neighbourhood (units, plan, platforms, deadlines, indicators), and how many
    of its units were left out: a measure naming more than MAX_UNITS_PER_MEASURE units shows the first
    ones (sorted) and says how many more there are (one list of 10,000 units must not put 10,000 nodes
    on every page that shows the measure)."""
    units: set[str] = set()
    other: set[str] = set()
    nodes, preds, succs = g._node, g._pred[m], g._adj[m]
    for u, keyed in preds.items():
        if "LEADS" in keyed or "SUPPORTS" in keyed:
            units.add(u)
        if "HAS_MEASURE" in keyed and nodes[u].get("label") == "Plan":
            other.add(u)
    for v, keyed in succs.items():
        if "USES_PLATFORM" in keyed or "DUE" in keyed or "UNDER" in keyed:
            other.add(v)
    omitted = 0
    if len(units) > MAX_UNITS_PER_MEASURE:
        shown = sorted(units)[:MAX_UNITS_PER_MEASURE]
        omitted = len(units) - len(shown)
        units = set(shown)
    return tuple(sorted(units | other)), omitted


def _measure_neighbourhood(g: nx.MultiDiGraph, measures: Iterable[str], cache: PageCache | None = None) -> set[str]:
    """The measures plus what makes them readable: units, platforms, deadlines, indicators, plans
    (units capped per measure, see `_neighbours`; page_nodes always keeps the page's focus)."""
    keep: set[str] = set(measures)
    if cache is None:
        for m in list(keep):
            keep.update(_neighbours(g, m)[0])
        return keep
    memo = cache.neighbours
    for m in list(keep):
        hit = memo.get(m)
        if hit is None:
            hit = memo[m] = _neighbours(g, m)
        keep.update(hit[0])
    return keep


def omitted_units(g: nx.MultiDiGraph, measures: Iterable[str], cache: PageCache | None = None) -> int:
    """Units left off a page because their measure names more than MAX_UNITS_PER_MEASURE."""
    total = 0
    memo = cache.neighbours if cache is not None else None
    for m in measures:
        hit = memo.get(m) if memo is not None else None
        total += (hit if hit is not None else _neighbours(g, m))[1]
    return total


def _adjacent(g: nx.MultiDiGraph, n: str, rel: str, label: str, *, incoming: bool) -> list[str]:
    return sorted(_adjacent_any_order(g, n, rel, label, incoming=incoming))


def _adjacent_any_order(g: nx.MultiDiGraph, n: str, rel: str, label: str, *, incoming: bool) -> list[str]:
    return _labelled(g._node, g._pred[n] if incoming else g._adj[n], rel, label)


def _labelled(nodes: dict[str, dict[str, Any]], nbrs: dict[str, dict[str, Any]], rel: str, label: str) -> list[str]:
    """The neighbours in `nbrs` (a node's successors or predecessors: networkx's own dicts, read only; the edge
    views cost ~3x) joined to it by a `rel` edge that are `label` nodes, in networkx's order: a loop typed in
    pages.pxd (a jurisdiction's page reads every edge into each jurisdiction of its area, a plan's tree every
    edge out of its sections)."""
    out = []
    for x, keyed in nbrs.items():
        if rel in keyed:
            a = nodes[x]
            if a.get("label") == label:
                out.append(x)
    return out


def plan_measures(g: nx.MultiDiGraph, plan: str, cache: PageCache | None = None) -> tuple[set[str], set[str]]:
    """Sections (HAS_SECTION closure) and measures of a plan (with a PageCache: frozensets, made once per
    plan: a plan's page and the page of each jurisdiction it is in ask for them)."""
    if cache is not None:
        hit = cache.plans.get(plan)
        if hit is None:
            sections, measures = _plan_tree(g, plan)
            hit = cache.plans[plan] = (frozenset(sections), frozenset(measures | cache.plan_attr_measures(plan)))
        return hit
    sections, measures = _plan_tree(g, plan)
    measures |= {n for n, a in g.nodes(data=True) if a.get("label") == "Measure" and a.get("plan") == plan}
    return sections, measures


def _plan_tree(g: nx.MultiDiGraph, plan: str) -> tuple[set[str], set[str]]:
    """A plan's sections (HAS_SECTION closure) and the measures they and the plan have (HAS_MEASURE)."""
    sections: set[str] = set()
    stack = [plan]
    while stack:
        for v in _adjacent_any_order(g, stack.pop(), "HAS_SECTION", "Section", incoming=False):
            if v not in sections:
                sections.add(v)
                stack.append(v)
    measures = {v for s in (plan, *sections) for v in _adjacent_any_order(g, s, "HAS_MEASURE", "Measure", incoming=False)}
    return sections, measures


_NO_NODES: frozenset[str] = frozenset()


def page_nodes(g: nx.MultiDiGraph, kind: str, focus: str, cache: PageCache | None = None,
               hood: set[str] | None = None, collect: Callable[[Iterable[str]], Any] | None = None) -> set[str]:
    """The node set of a page (the induced subgraph is drawn). Pass one PageCache for all the pages of
    a site: lookups over the whole graph are then done once, not once per page. `hood`, when given,
    receives the page's measures and their neighbours on it (the nodes _measure_neighbourhood gives):
    each of those is a measure of the page or next to one. `collect`, when given, is called with each
    batch of the page's measures instead, and those nodes are left to it (neither returned nor put in
    `hood`): the page's nodes are then what it gathers and what is returned (site._Site gathers them as
    node ranks)."""
    nodes, succ, pred = g._node, g._adj, g._pred  # networkx's own dicts, read only
    keep = {focus}

    def near(measures: Iterable[str]) -> Collection[str]:
        if collect is not None:
            collect(measures)
            return _NO_NODES
        h = _measure_neighbourhood(g, measures, cache)
        if hood is not None:
            hood.update(h)
        return h

    if kind == "agency":
        measures = []
        for v, keyed in succ[focus].items():
            lab = nodes[v].get("label")
            if lab == "Measure":
                if "LEADS" in keyed or "SUPPORTS" in keyed:
                    measures.append(v)
            elif lab == "Section":
                if "LEADS" in keyed:
                    keep.add(v)
            elif lab in ("TaskForce", "Jurisdiction"):
                keep.add(v)
                keep.update(_adjacent_any_order(g, v, "FOR", "Indicator", incoming=False))
        keep |= near(measures)
    elif kind == "platform":
        keep |= near(_adjacent_any_order(g, focus, "USES_PLATFORM", "Measure", incoming=True))
    elif kind == "indicator":
        keep |= near(_adjacent_any_order(g, focus, "UNDER", "Measure", incoming=True))
        keep.update(_adjacent_any_order(g, focus, "UNDER", "Section", incoming=True))
        for tf in _adjacent_any_order(g, focus, "FOR", "TaskForce", incoming=True):
            keep.add(tf)
            keep.update(u for u, keyed in pred[tf].items() if "MEMBER_OF" in keyed)
    elif kind == "plan":
        sections, measures = plan_measures(g, focus, cache)
        keep |= sections
        keep |= near(measures)
        keep.update(v for v, keyed in succ[focus].items() if "IN" in keyed)
    elif kind == "jurisdiction":
        # the jurisdiction and those inside it (鸠江区 IN 芜湖市): their plans, measures and agencies
        area, stack = {focus}, [focus]
        while stack:
            for j in _adjacent_any_order(g, stack.pop(), "IN", "Jurisdiction", incoming=True):
                if j not in area:
                    area.add(j)
                    stack.append(j)
        keep |= area
        for j in area:
            for p in _adjacent_any_order(g, j, "IN", "Plan", incoming=True):
                sections, measures = plan_measures(g, p, cache)
                keep.add(p)
                keep |= sections
                keep |= near(measures)
            keep.update(_adjacent_any_order(g, j, "IN", "Agency", incoming=True))
    else:
        raise ValueError(f"unknown page kind {kind!r}")
    return keep


def list_pages(g: nx.MultiDiGraph) -> list[Page]:
    by_label: dict[str, list[str]] = {PAGE_LABEL[kind]: [] for kind in PAGE_KINDS}
    for n, a in g._node.items():  # one pass over the nodes for every kind
        ids = by_label.get(a.get("label"))
        if ids is not None:
            ids.append(n)
    pages = []
    for kind in PAGE_KINDS:
        for n in sorted(by_label[PAGE_LABEL[kind]]):
            pages.append(Page(kind, n, display_name(g._node[n]), page_path(kind, n)))
    return pages


# ---------------------------------------------------------------------------------------------- payload


QUOTE_LABELS = ("Measure", "Section", "TaskForce")  # nodes whose text an edge's quote is cut from
_QUOTE_LABEL_SET = frozenset(QUOTE_LABELS)  # (a hash lookup: ~100k label tests at 1,000 documents)


def _quote(g: nx.MultiDiGraph, u: str, v: str, attrs: dict[str, Any]) -> str:
    """The printed context of an edge's mention inside its measure's text (the line as printed)."""
    return _node_quote(g._node, u, v, attrs.get("mention") or "")


def _node_quote(nodes: dict[str, dict[str, Any]], u: str, v: str, mention: Any) -> str:
    """_quote of an edge u -> v whose mention is `mention` (its attribute, or ""), given the graph's node
    dict (_drawn_edges has both at hand: ~60k quotes at 1,000 documents)."""
    text = ""
    na = nodes[v]  # the node the quote is cut from: v, else u (no tuple made to loop over)
    if na.get("label") not in _QUOTE_LABEL_SET:
        na = nodes[u]
        if na.get("label") not in _QUOTE_LABEL_SET:
            na = None
    if na is not None:
        text = na.get("text") or na.get("title") or na.get("name") or ""
    if not text or not mention:
        return ""
    if type(text) is str and type(mention) is str:  # (the values a graph holds)
        return _cut_quote(text, mention)
    i = text.find(mention)
    if i < 0:
        return ""
    a, b = max(0, i - QUOTE_CONTEXT), min(len(text), i + len(mention) + QUOTE_CONTEXT)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def _cut_quote(text: str, mention: str) -> str:
    """_quote's cut of `text` around `mention`, both str (typed in pages.pxd: compiled, the search is
    str.find's own C function and the cut a substring by C indices, without a method call or a slice
    object; ~70k quotes at 1,000 documents)."""
    i = text.find(mention)
    if i < 0:
        return ""
    n = len(text)
    ctx = QUOTE_CONTEXT
    a, b = max(0, i - ctx), min(n, i + len(mention) + ctx)
    return ("…" if a else "") + text[a:b] + ("…" if b < n else "")


# label -> its shown props (schema order) with their Chinese names
_PROP_ROWS: dict[str, list[tuple[str, str]]] = {
    nt.label: [(p, prop_zh(nt.label, p)) for p in nt.prop_names if p not in ("id", "sha256")] for nt in schema.NODES}


def _props(attrs: dict[str, Any]) -> list[list[str]]:
    label = attrs.get("label", "")
    names = _PROP_ROWS.get(label)
    if names is None:
        names = [(p, prop_zh(label, p)) for p in sorted(attrs) if p not in ("id", "sha256")]
    rows = []
    for p, zh in names:
        v = attrs.get(p)
        if v is None:
            continue
        kind = type(v)
        if kind is str or kind is int or kind is float:  # most values (fast path of the general case below)
            if kind is not str:
                v = str(v)
            elif not v:
                continue
            rows.append([zh, v if len(v) <= MAX_PROP_CHARS else v[:MAX_PROP_CHARS] + f"……（共{len(v)}字，全文见来源文件）"])
            continue
        if v in ("", []):
            continue
        if isinstance(v, bool):
            v = "是" if v else "否"
        elif isinstance(v, list):
            v = "；".join([str(x) for x in v])  # (a list: no closure, which a cpdef function cannot hold)
        v = str(v)
        if len(v) > MAX_PROP_CHARS:  # e.g. a measure text listing 10,000 units, repeated on each unit's page
            v = v[:MAX_PROP_CHARS] + f"……（共{len(v)}字，全文见来源文件）"
        rows.append([zh, v])
    return rows


@dataclass(frozen=True, slots=True)
class SiteIndex:
    """What every page needs to know about the whole graph (computed once)."""

    loads: dict[str, float]
    agency: dict[str, Load]
    ctx: dict[str, dict[str, Any]]
    pages: dict[str, str]  # node id -> page path


def site_index(g: nx.MultiDiGraph, pages: list[Page] | None = None) -> SiteIndex:
    """The index of `g`; `pages` is list_pages(g) when the caller has it already."""
    agency = agency_loads(g)
    return SiteIndex(node_loads(g, agency), agency, measure_context(g),
                     {p.focus: p.path for p in (list_pages(g) if pages is None else pages)})


def _node_jurisdiction(g: nx.MultiDiGraph, n: str, ctx: dict[str, dict[str, Any]]) -> str:
    a = g._node[n]
    label = a.get("label")
    if label in ("Agency", "Plan"):
        return a.get("jurisdiction") or ""
    if label == "Measure":
        return ctx.get(n, {}).get("jurisdiction", "")
    if label == "Jurisdiction":
        return a.get("name") or ""
    if label == "Section":
        plan = a.get("plan")
        return (g._node[plan].get("jurisdiction") or "") if plan in g else ""
    return ""


def payload(g: nx.MultiDiGraph, page: Page, idx: SiteIndex, *, net_builder: Callable[..., Any],
            max_nodes: int = MAX_NODES, cache: PageCache | None = None, quote_text: Callable[..., str] | None = None,
            row_text: Callable[..., str] | None = None,
            node_record: Callable[..., dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the graph page's script needs, as JSON-ready data (sorted, deterministic).

    `net_builder(nodes, edges)` returns vis-network node/edge dicts (pyvis in site.py). With a PageCache
    shared by the pages of a site, node records, table rows and edge quotes are built once and the same
    (read-only) objects are put on every page that shows them.

    The site's own pages are only serialised: given `quote_text` and `row_text` (site.quote_text and
    site.row_text's forms), each edge quote and table row is its JSON text instead of a dict —
    `quote_text(source, line, mention, quote, inherited, from name, to name)` gives the text of the quote
    dict, `row_text(g, m, idx, names)` that of _table_row's row — for site.PageJSON(texts=True), which
    writes them as they are (tests/test_site.py checks the pages equal safe_json of the dict payload). Given
    `node_record` too (site.page_record), each node but the focus is `node_record(g, n, attrs, idx)`: a record
    holding what the page's vis-network nodes and filters read (id, label, name, value, juris, ind, date,
    focus) and the JSON text of _node_record's record (its props made straight from the attributes), which
    PageJSON writes as it is; the focus keeps _node_record's record.

    Bounded: at most `max_nodes` nodes are drawn (measures grouped by section, then plan; if that is still
    too many, the nodes with the fewest connections on the page are left off, with a note) and the table
    lists at most MAX_TABLE_ROWS measures (the first by file and line, with a note)."""
    shared = cache is not None
    cache = cache if cache is not None else PageCache(g)
    keep = sorted(page.nodes)
    keep_set = set(keep)
    aggregated = ""
    groups: dict[str, list[str]] = {}
    if len(keep) > max_nodes:
        groups, aggregated = aggregate(g, keep, page.focus, max_nodes, cache)
    if page.omitted_units:
        aggregated = "；".join(x for x in (aggregated, f"有措施列出的单位超过{MAX_UNITS_PER_MEASURE}个，"
                                          f"图中每项措施只显示前{MAX_UNITS_PER_MEASURE}个，另有{page.omitted_units}个单位未画出（见下表与评审报告）") if x)
    member_of = {m: gid for gid, ms in groups.items() for m in ms}
    visible = [n for n in keep if n not in member_of]
    # One pass over the edges between the page's nodes: per drawn edge (from, to, type), a group standing
    # for its measures, the graph edges of the induced subgraph it stands for (their number is the drawn
    # edge's count; the degrees that decide which nodes are left off, below, are these counts)
    edge_acc = _page_edges(g._adj, keep, keep_set, member_of)
    dropped: set[str] = set()
    if len(visible) + len(groups) > max_nodes:
        # still too many after grouping (thousands of units or plans around one indicator): keep the nodes
        # with the most connections on this page (edges between the drawn nodes), always the focus
        degree: dict[str, int] = {}
        deg = degree.get
        for (uu, vv, _), parts in edge_acc.items():
            if uu != vv:
                c = len(parts)
                degree[uu] = deg(uu, 0) + c
                degree[vv] = deg(vv, 0) + c
        ranked = sorted((n for n in [*visible, *groups] if n != page.focus), key=lambda n: (-deg(n, 0), n))
        room = max_nodes - (1 if page.focus in keep_set else 0)
        dropped = set(ranked[room:])
        visible = [n for n in visible if n not in dropped]
        for gid in [gid for gid in groups if gid in dropped]:
            del groups[gid]
        aggregated = "；".join(x for x in (aggregated, f"另有{len(dropped)}个连接较少的节点未画出，"
                                          f"图中最多画{max_nodes}个节点（措施见下表）") if x)
    nodes: list[dict[str, Any]] = []
    records = cache.records
    focus = page.focus
    for n in visible:
        if n == focus and node_record is not None:  # (its record has its own text: see PageJSON)
            nodes.append({**_node_record(g, n, g._node[n], None, idx), "focus": True})
            continue
        rec = records.get(n)
        if rec is None:
            rec = records[n] = (_node_record(g, n, g._node[n], None, idx) if node_record is None
                                else node_record(g, n, g._node[n], idx))
        nodes.append({**rec, "focus": True} if n == focus else rec)
    # the display names of the page's groups, their members and its quotes' ends, made once per page (a
    # unit is quoted on many of its drawn edges; a measure is a group's member and quoted): see _named
    names: dict[str, str] = {}
    for gid in sorted(groups):
        nodes.append(_group_record(g, gid, groups[gid], idx.ctx, names))

    # Edges inside one group and edges of left-off nodes are not drawn (without groups or left-off nodes
    # every edge is, a self-loop too). Each drawn edge quotes the first MAX_EDGE_QUOTES of its graph edges
    # by (from, to, type).
    if member_of or dropped:
        edge_acc = {key: parts for key, parts in edge_acc.items()
                    if key[0] != key[1] and key[0] not in dropped and key[1] not in dropped}
    per_edge = max(1, MAX_PAGE_QUOTES // len(edge_acc)) if edge_acc else MAX_EDGE_QUOTES
    limit = MAX_EDGE_QUOTES
    if per_edge < MAX_EDGE_QUOTES and any(len(parts) > per_edge for parts in edge_acc.values()):
        limit = per_edge  # a page of thousands of grouped edges: fewer example quotes per edge (counts stay)
        aggregated = "；".join(x for x in (aggregated, f"连线较多，每条连线最多列出{per_edge}处原文（数量照计）") if x)
    edges = _drawn_edges(g, edge_acc, bool(member_of or dropped), limit, cache.quotes, names, quote_text)

    if shared:  # the site's pages: by the measures' rank in that order, computed once
        trank = cache.table_rank()
        measures = sorted((n for n in keep if n in trank), key=trank.__getitem__)
    else:
        measures = sorted((n for n in keep if g._node[n].get("label") == "Measure"),
                          key=lambda m: (g._node[m].get("source") or "", g._node[m].get("line") or 0, m))
    if len(measures) > MAX_TABLE_ROWS:
        aggregated = "；".join(x for x in (aggregated, f"措施表只列出按文件和行排序的前{MAX_TABLE_ROWS}项，"
                                          f"另有{len(measures) - MAX_TABLE_ROWS}项未列出（共{len(measures)}项，见评审报告的任务出处表）") if x)
        measures = measures[:MAX_TABLE_ROWS]
    table: list[Any]
    if row_text is not None:  # (each measure is once on a page: nothing to keep)
        shown = cache.names
        table = [row_text(g, m, idx, shown) for m in measures]
    else:
        rows = cache.rows
        table = []
        for m in measures:
            row = rows.get(m)
            if row is None:
                row = rows[m] = _table_row(g, m, idx, cache.names)
            table.append(row)
    vis_nodes, vis_edges = net_builder(nodes, edges)
    labels_present = sorted({n["label"] for n in nodes}, key=_label_order)
    types_present = sorted({e["type"] for e in edges}, key=_type_order)
    return {
        "page": {"kind": page.kind, "focus": page.focus, "title": page.title, "aggregated": aggregated,
                 "total_nodes": len(keep)},
        "nodes": nodes, "edges": edges, "vis": {"nodes": vis_nodes, "edges": vis_edges},
        "legend": {
            "nodes": [{"label": lab, "name": LABEL_ZH.get(lab, "措施组"), "color": NODE_STYLE[lab][0],
                       "shape": NODE_STYLE[lab][1]} for lab in labels_present],
            "edges": [{"type": t, "name": REL_ZH[t], "color": EDGE_STYLE[t][0], "dashed": EDGE_STYLE[t][1]}
                      for t in types_present],
        },
        "filters": {
            "jurisdictions": sorted({n["juris"] for n in nodes if n["juris"]}),
            "indicators": sorted({n["ind"] for n in nodes if n["ind"]}),
            "months": sorted({n["date"][:7] for n in nodes if n["date"]}),
        },
        "table": table,
    }


def _page_edges(adj: dict[str, Any], keep: list[str], keep_set: set[str],
                member_of: dict[str, str]) -> dict[tuple[str, str, str], list[tuple[str, str, str, Any]]]:
    """payload's pass over the edges between a page's nodes (`keep`, sorted; `keep_set` the same nodes):
    per drawn edge (from, to, type), where a measure of a group is drawn as its group (`member_of`), the
    graph edges (u, v, key, attrs) it stands for, in the order met. `adj` is networkx's own adjacency dict,
    read only (a subgraph view is ~10x slower); a node's neighbours on the page are found by a C-level
    intersection where it has many (a unit or deadline has far more neighbours off the page)."""
    edge_acc: dict[tuple[str, str, str], list[tuple[str, str, str, Any]]] = {}
    for u in keep:
        nbrs = adj[u]
        if not nbrs:
            continue
        uu = member_of.get(u, u)
        for v in (nbrs.keys() & keep_set if len(nbrs) > 8 else [v for v in nbrs if v in keep_set]):
            vv = member_of.get(v, v)
            keyed = nbrs[v]
            for k, a in keyed.items():
                key = (uu, vv, k)
                parts = edge_acc.get(key)
                if parts is None:
                    edge_acc[key] = [(u, v, k, a)]
                else:
                    parts.append((u, v, k, a))
    return edge_acc


def _named(names: dict[str, str], nodes: dict[str, dict[str, Any]], n: str) -> str:
    """display_name(nodes[n]), kept in `names` (a plain dict, typed in pages.pxd: its .get and store are
    direct C calls when compiled)."""
    name = names.get(n)
    if name is None:
        name = names[n] = display_name(nodes[n])
    return name


def _group_record(g: nx.MultiDiGraph, gid: str, ms: list[str], ctx: dict[str, dict[str, Any]],
                  names: dict[str, str]) -> dict[str, Any]:
    """A group's node record on a grouped page: its section's or plan's measures `ms` (`names`: display
    names made so far, see _named)."""
    nodes = g._node
    parent = gid.split("|", 1)[1]
    pname = _named(names, nodes, parent)
    inds: set[str] = set()
    dates: set[str] = set()
    for m in ms:
        x = ctx.get(m)
        if x is not None:  # (a measure without context has no indicator or date)
            inds.add(x.get("indicator", ""))
            dates.add(x.get("date", ""))
    inds.discard("")
    dates.discard("")
    n = len(ms)
    return {
        "id": gid, "label": "Group", "type": "措施组", "name": f"{pname}（{n}项措施）",
        "value": float(n), "juris": _node_jurisdiction(g, parent, ctx),
        "props": [["所属", pname], ["措施数", str(n)]],
        "members": [[m, _named(names, nodes, m)] for m in ms[:200]],
        "page": "", "ind": "", "date": "", "focus": False, "snippet": "",
        "inds": sorted(inds), "dates": sorted(dates),
    }


# The ids of a page's drawn edges ("e0", "e1", … on every page), made once per process and grown as needed.
_EDGE_IDS: list[str] = []
# Each drawn edge is a copy of this dict, filled in: a copy of a dict of six keys is made at its size, while a
# new dict has room for five and is copied into a larger one at the sixth (~60k drawn edges at 1,000 documents).
_DRAWN_EDGE: dict[str, Any] = {"from": None, "to": None, "type": None, "count": 0, "quotes": None, "id": None}


def _drawn_edges(g: nx.MultiDiGraph, edge_acc: dict[tuple[str, str, str], list[tuple[str, str, str, Any]]],
                 trim: bool, limit: int, quotes: dict[tuple[str, str, str], dict[str, Any]],
                 names: dict[str, str], quote_text: Callable[..., str] | None = None) -> list[dict[str, Any]]:
    """A page's drawn edges from _page_edges' entries, by (from, to, type): each with its count and the
    quotes of its first `limit` graph edges (`trim`: a grouped page's drawn edge stands for several, taken
    by (u, v, key), which is unique in a MultiDiGraph, so the attribute dicts are never compared; one
    each on the big pages). `quotes` keeps each graph edge's quote (a PageCache's), `names` the display
    names made so far (see _named). With `quote_text` (see payload), each quote is the JSON text it
    gives of the quote's values, made afresh (a graph edge is quoted once per page)."""
    nodes = g._node
    edges = []
    ids = _EDGE_IDS
    while len(ids) < len(edge_acc):
        ids.append(f"e{len(ids)}")
    template = _DRAWN_EDGE
    i = 0
    for key in sorted(edge_acc):
        parts = edge_acc[key]
        count = len(parts)
        if trim and count > 1:
            parts = ([min(parts)] if limit == 1 else heapq.nsmallest(MAX_EDGE_QUOTES, parts)
                     if count > MAX_EDGE_QUOTES else sorted(parts))
        qs = []
        for u, v, k, a in (parts if len(parts) <= limit else parts[:limit]):  # (most have one: no copy)
            if quote_text is not None:
                mention = a.get("mention") or ""
                qs.append(quote_text(a.get("source") or "", a.get("line") or 0, mention,
                                     _node_quote(nodes, u, v, mention), bool(a.get("inherited")),
                                     _named(names, nodes, u), _named(names, nodes, v)))
                continue
            q = quotes.get((u, v, k))
            if q is None:
                mention = a.get("mention") or ""
                q = quotes[(u, v, k)] = {
                    "source": a.get("source") or "", "line": a.get("line") or 0, "mention": mention,
                    "quote": _node_quote(nodes, u, v, mention), "inherited": bool(a.get("inherited")),
                    "from": _named(names, nodes, u), "to": _named(names, nodes, v),
                }
            qs.append(q)
        e = template.copy()
        e["from"], e["to"], e["type"] = key
        e["count"] = count
        e["quotes"] = qs
        e["id"] = ids[i]
        edges.append(e)
        i += 1
    return edges


def _label_order(label: str) -> tuple[int, str]:
    order = [n.label for n in schema.NODES] + ["Group"]
    return (order.index(label) if label in order else len(order), label)


def _type_order(t: str) -> tuple[int, str]:
    order = [r.type for r in schema.RELS]
    return (order.index(t) if t in order else len(order), t)


def _node_record(g: nx.MultiDiGraph, n: str, a: dict[str, Any], page: Page | None, idx: SiteIndex) -> dict[str, Any]:
    label = a.get("label", "")
    props = _props(a)
    if label == "Agency" and n in idx.agency:
        ld = idx.agency[n]
        props += [["牵头措施", str(ld.led)], ["配合措施", str(ld.co)], ["继承牵头", str(ld.inherited)],
                  ["总负荷", f"{ld.load:.2f}".rstrip("0").rstrip(".")]]
    ctx = idx.ctx.get(n, {})
    date = ctx.get("date", "") if label == "Measure" else (a.get("date") or "" if label == "Deadline" else "")
    return {
        "id": n, "label": label, "type": LABEL_ZH.get(label, label), "name": display_name(a),
        "value": idx.loads.get(n, 0.0), "juris": _node_jurisdiction(g, n, idx.ctx),
        "ind": ctx.get("indicator", "") if label == "Measure" else (a.get("name") or "" if label == "Indicator" else ""),
        "date": date, "props": props, "page": idx.pages.get(n, ""), "focus": page is not None and n == page.focus,
        "snippet": short(a.get("text") or "", 90) if label == "Measure" else "",
    }


class DisplayNames(dict):  # type: ignore[type-arg]
    """display_name of each node looked up, made on its first lookup (a PageCache's: the units, platforms
    and plans named in the measure tables recur on many rows). An extension type when compiled (pages.pxd):
    a lookup is dict's own, not the generic slot of a Python subclass of dict."""

    __slots__ = ("nodes",)

    def __init__(self, nodes: dict[str, dict[str, Any]]):
        super().__init__()
        self.nodes = nodes

    def __missing__(self, n: str) -> str:
        name = self[n] = display_name(self.nodes[n])
        return name


def _table_row(g: nx.MultiDiGraph, m: str, idx: SiteIndex, shown: DisplayNames | None = None) -> dict[str, Any]:
    """A measure's row in a page's table; `shown` (a DisplayNames of g, the PageCache's) keeps the names."""
    a, x = g._node[m], idx.ctx.get(m, {})
    if shown is None:
        shown = DisplayNames(g._node)

    def names(ids: list[str]) -> str:
        text = "、".join([shown[i] for i in ids[:MAX_TABLE_UNITS]])
        return text if len(ids) <= MAX_TABLE_UNITS else f"{text}……等{len(ids)}个"
    plan = x.get("plan", "")
    return {
        "id": m, "number": a.get("number") or "", "title": a.get("title") or short(a.get("text") or "", 60),
        "lead": names(x.get("lead", [])), "co": names(x.get("co", [])), "platforms": names(x.get("platforms", [])),
        "deadline": x.get("date", ""), "indicator": x.get("indicator", ""),
        "plan": shown[plan] if plan in g else "", "source": a.get("source") or "",
        "line": a.get("line") or 0, "juris": x.get("jurisdiction", ""),
    }


def _group_parents(g: nx.MultiDiGraph, m: str) -> tuple[str | None, str | None]:
    """The group a measure joins when a page is aggregated by section, and by plan: its first section
    (HAS_MEASURE, sorted), else its plan (its `plan`, else its first HAS_MEASURE parent)."""
    secs = sorted(u for u, keyed in g._pred[m].items()
                  if "HAS_MEASURE" in keyed and g._node[u].get("label") == "Section")
    plan = g._node[m].get("plan") or None
    if plan not in g:
        plans = sorted(u for u, keyed in g._pred[m].items() if "HAS_MEASURE" in keyed)
        plan = plans[0] if plans else None
    return (secs[0] if secs else plan), plan


def aggregate(g: nx.MultiDiGraph, keep: Collection[str], focus: str, max_nodes: int,
              cache: PageCache | None = None) -> tuple[dict[str, list[str]], str]:
    """Collapse measures into groups until the page fits: first by section, then by plan.
    Returns {group id: [measure ids]} and a description of what was done. (`keep` sorted costs no sort.)"""
    nodes = g._node
    if cache is not None:  # its table order has every measure of g: one lookup per node, not two and a compare
        every = cache.table_rank()
        measures = sorted([n for n in keep if n in every and n != focus])
    else:
        measures = sorted([n for n in keep if nodes[n].get("label") == "Measure" and n != focus])
    others = len(keep) - len(measures)
    memo = cache.parents if cache is not None else {}
    gids: dict[str, str] = cache.group_ids if cache is not None else {}  # parent -> its group id (one string)
    parents = []
    for m in measures:
        hit = memo.get(m)
        if hit is None:
            hit = memo[m] = tuple([None if p is None else gids.get(p) or gids.setdefault(p, "group|" + p)
                                   for p in _group_parents(g, m)])
        parents.append(hit)
    for i in range(2):  # by section, then by plan
        groups: dict[str, list[str]] = {}  # group id -> its measures, in the order of their first measure
        for j in range(len(measures)):
            gid = parents[j][i]
            if gid is not None:
                ms = groups.get(gid)
                if ms is None:
                    groups[gid] = [measures[j]]
                else:
                    ms.append(measures[j])
        single = [ms[0] for ms in groups.values() if len(ms) == 1]
        for gid in [gid for gid, ms in groups.items() if len(ms) == 1]:
            del groups[gid]
        grouped = 0
        for ms in groups.values():
            grouped += len(ms)
        total = others + len(groups) + len(single) + (len(measures) - grouped - len(single))
        if total <= max_nodes or i == 1:
            how = "章节" if i == 0 else "方案"
            return groups, f"节点过多（{len(keep)}个），已将{grouped}项措施按{how}聚合为{len(groups)}个措施组"
    raise AssertionError("unreachable")
