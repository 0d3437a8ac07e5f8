"""Analytics on a small hand-built graph of the schema's shape. Every measure below is copied from a
sample document (file + line cited); the expected numbers were counted by hand from these clauses.

ganzhou-2021-business-environment-action-plan.txt (赣州, traditional script):
  95  1.線上“一網通辦”…(市市場監管局、市行政審批局牽頭,市公安局、市人社局、市稅務局、市住房公積金管理中心、
      市大數據局、人民銀行贛州中心支行按職責分工負責)                      -> A: 2 leads, 6 co, 一网通办
  99  3.落實“馬上就辦”…(市行政審批局牽頭,各縣〔市、區〕人民政府按職責分工負責)   -> B: 1 lead, 1 collective co
  149 2.全面推廣線上辦電服務。提供“贛服通”、“網上國網”APP…(國網贛州供電公司、市行政審批局按職責分工負責)
                                                                            -> E: 2 joint leads, 赣服通 + 网上国网
  253 1.…2021年10月底前建成…(市自然資源局、市行政審批局、市大數據局、市財政局,各縣〔市、區〕人民政府按職責分工負責)
                                                                            -> C: 5 joint leads, due 2021-10-31
  257 3.…2021年12月底前…(市自然資源局、市住建局、市稅務局、贛州銀保監分局,各縣〔市、區〕人民政府按職責分工負責)
                                                                            -> F: 5 joint leads, due 2021-12-31
  259 4.完善網上查詢功能。通過政務服務網、“贛服通”等多渠道,2021年12月底前…(市自然資源局、市行政審批局、
      市大數據局,各縣〔市、區〕人民政府按職責分工負責)                      -> D: 4 joint leads, 赣服通, due 2021-12-31
shizuishan-2023-action-plan-draft.txt (石嘴山):
  57  (六)优化不动产登记(市自然资源局牵头)   58 36.提升财产登记质效…   59 37.推动业务下沉…
                                                                            -> S1, S2: lead inherited from line 57
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from dutygraph.analytics import bottlenecks, deadlines, load, rebalance, reference
from dutygraph.graph import schema
from dutygraph.graph.model import derive

GZ = "ganzhou-2021-business-environment-action-plan.txt"
SZS = "shizuishan-2023-action-plan-draft.txt"

AGENCIES = {  # key -> (canonical name, jurisdiction, collective)
    "SJ": ("赣州市市场监督管理局", "赣州市", False),
    "SP": ("赣州市行政审批局", "赣州市", False),
    "GA": ("赣州市公安局", "赣州市", False),
    "RS": ("赣州市人力资源和社会保障局", "赣州市", False),
    "SW": ("国家税务总局赣州市税务局", "赣州市", False),
    "GJJ": ("赣州市住房公积金管理中心", "赣州市", False),
    "DSJ": ("赣州市大数据发展管理局", "赣州市", False),
    "RH": ("中国人民银行赣州市中心支行", "赣州市", False),
    "XQ": ("赣州市各县(市、区)人民政府", "赣州市", True),
    "ZR": ("赣州市自然资源局", "赣州市", False),
    "CZ": ("赣州市财政局", "赣州市", False),
    "ZJ": ("赣州市住房和城乡建设局", "赣州市", False),
    "YB": ("中国银保监会赣州监管分局", "赣州市", False),
    "GD": ("国网赣州供电公司", "赣州市", False),
    "SZR": ("石嘴山市自然资源局", "石嘴山市", False),
}


def aid(key: str) -> str:
    return schema.node_id("Agency", AGENCIES[key][0])


def _node(g: nx.MultiDiGraph, label: str, nid: str, **props) -> str:
    attrs = {"label": label}
    for p in schema.NODE_BY_LABEL[label].props:
        attrs[p.name] = [] if p.type == "STRING[]" else None
    attrs.update(id=nid, **props)
    g.add_node(nid, **attrs)
    return nid


def _edge(g: nx.MultiDiGraph, rel: str, u: str, v: str, **props) -> None:
    attrs = {"type": rel}
    for p in schema.REL_BY_TYPE[rel].props:
        attrs[p.name] = [] if p.type == "STRING[]" else None
    attrs.update(props)
    g.add_edge(u, v, key=rel, **attrs)


def excerpt_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for name, level in (("赣州市", "city"), ("石嘴山市", "city")):
        _node(g, "Jurisdiction", schema.node_id("Jurisdiction", name), name=name, level=level, inferred=False)
    plans = {
        "kaiban": _node(g, "Plan", schema.node_id("Plan", GZ, 83), title="企業開辦及注銷提升行動方案",
                        jurisdiction="赣州市", kind="plan", year=2021, source=GZ, line=83),
        "dianli": _node(g, "Plan", schema.node_id("Plan", GZ, 135), title="獲得電力提升行動方案",
                        jurisdiction="赣州市", kind="plan", year=2021, source=GZ, line=135),
        "budongchan": _node(g, "Plan", schema.node_id("Plan", GZ, 233), title="不動產登記提升行動方案",
                            jurisdiction="赣州市", kind="plan", year=2021, source=GZ, line=233),
        "szs": _node(g, "Plan", schema.node_id("Plan", SZS, 1), title="石嘴山市优化营商环境行动方案",
                     jurisdiction="石嘴山市", kind="plan", year=2023, source=SZS, line=1),
    }
    for key, (name, jur, collective) in AGENCIES.items():
        _node(g, "Agency", aid(key), name=name, jurisdiction=jur, collective=collective, resolved=True)
    platforms = {name: _node(g, "Platform", schema.node_id("Platform", name), name=name, aliases=[alias])
                 for name, alias in (("一网通办", "一網通辦"), ("赣服通", "贛服通"), ("网上国网", "網上國網"))}
    indicators = {name: _node(g, "Indicator", schema.node_id("Indicator", name), name=name)
                  for name in ("开办企业", "获得电力", "不动产登记")}
    deadline_ids = {}
    for date in ("2021-10-31", "2021-12-31"):
        deadline_ids[date] = _node(g, "Deadline", schema.node_id("Deadline", date, "date"), date=date, kind="date",
                                   month=date[:7], year=int(date[:4]))

    def measure(key, doc, line, number, plan, indicator, leads=(), co=(), inherited=False, platform_names=(),
                due=None, raw=None):
        mid = _node(g, "Measure", schema.node_id("Measure", doc, line, number), plan=plans[plan], number=number,
                    title=f"{key} title", kind="measure", indicator=indicator, deadline=due,
                    lead_inherited=inherited, source=doc, line=line)
        _edge(g, "HAS_MEASURE", plans[plan], mid, source=doc, line=line)
        for k in leads:
            _edge(g, "LEADS", aid(k), mid, inherited=inherited, source=doc, line=57 if inherited else line,
                  mention=AGENCIES[k][0])
        for k in co:
            _edge(g, "SUPPORTS", aid(k), mid, source=doc, line=line, mention=AGENCIES[k][0])
        for p in platform_names:
            _edge(g, "USES_PLATFORM", mid, platforms[p], source=doc, line=line, mention=p)
        if due:
            _edge(g, "DUE", mid, deadline_ids[due], source=doc, line=line, mention=raw)
        _edge(g, "UNDER", mid, indicators[indicator], source=doc, line=line, mention=indicator)
        return mid

    measure("A", GZ, 95, "1", "kaiban", "开办企业", leads=("SJ", "SP"),
            co=("GA", "RS", "SW", "GJJ", "DSJ", "RH"), platform_names=("一网通办",))
    measure("B", GZ, 99, "3", "kaiban", "开办企业", leads=("SP",), co=("XQ",))
    measure("E", GZ, 149, "2", "dianli", "获得电力", leads=("GD", "SP"), platform_names=("赣服通", "网上国网"))
    measure("C", GZ, 253, "1", "budongchan", "不动产登记", leads=("ZR", "SP", "DSJ", "CZ", "XQ"),
            due="2021-10-31", raw="2021年10月底前")
    measure("F", GZ, 257, "3", "budongchan", "不动产登记", leads=("ZR", "ZJ", "SW", "YB", "XQ"),
            due="2021-12-31", raw="2021年12月底前")
    measure("D", GZ, 259, "4", "budongchan", "不动产登记", leads=("ZR", "SP", "DSJ", "XQ"),
            platform_names=("赣服通",), due="2021-12-31", raw="2021年12月底前")
    measure("S1", SZS, 58, "36", "szs", "不动产登记", leads=("SZR",), inherited=True)
    measure("S2", SZS, 59, "37", "szs", "不动产登记", leads=("SZR",), inherited=True)
    return derive(g)  # the derived properties graph/model.py gives every built graph


def mid(doc: str, line: int, number: str) -> str:
    return schema.node_id("Measure", doc, line, number)


A, B, E = mid(GZ, 95, "1"), mid(GZ, 99, "3"), mid(GZ, 149, "2")
C, F, D = mid(GZ, 253, "1"), mid(GZ, 257, "3"), mid(GZ, 259, "4")
S1, S2 = mid(SZS, 58, "36"), mid(SZS, 59, "37")


# ---------------------------------------------------------------- load


def test_agency_load_counts_by_hand():
    df = load.agency_load(excerpt_graph())
    rows = {r["id"]: r for r in df.to_dict("records")}
    sp = rows[aid("SP")]  # leads A (1/2), B (1/1), E (1/2), C (1/5), D (1/4)
    assert (sp["led"], sp["inherited"], sp["co"], sp["plans"]) == (5, 0, 0, 3)
    assert sp["load"] == pytest.approx(2.45)
    assert (sp["q1"], sp["q2"], sp["q3"], sp["q4"], sp["undated"]) == (0, 0, 0, 2, 3)
    xq = rows[aid("XQ")]  # co on B (0.5/1) + joint lead of C (1/5), F (1/5), D (1/4)
    assert (xq["led"], xq["co"], xq["plans"]) == (3, 1, 2)
    assert xq["load"] == pytest.approx(1.15)
    ga = rows[aid("GA")]  # one of six co-units of A: 0.5 / 6
    assert (ga["led"], ga["co"]) == (0, 1) and ga["load"] == pytest.approx(0.5 / 6)
    sw = rows[aid("SW")]  # co on A (0.5/6) + joint lead of F (1/5)
    assert sw["load"] == pytest.approx(0.5 / 6 + 0.2) and sw["q4"] == 1 and sw["undated"] == 0
    szr = rows[aid("SZR")]  # two leads inherited from the heading on shizuishan line 57
    assert (szr["led"], szr["inherited"], szr["load"], szr["undated"]) == (0, 2, 2.0, 2)
    zr = rows[aid("ZR")]
    assert zr["peak_month"] == "2021-12" and zr["peak_month_due"] == 2  # F and D
    assert f"{GZ}:253" in zr["sources"]
    order = [r["id"] for r in df.to_dict("records")][:4]
    assert order == [aid("SP"), aid("SZR"), aid("XQ"), aid("ZR")]
    assert len(df) == 15


def test_load_index_weights_are_the_graph_models():
    from dutygraph.graph import model

    # one definition: the reference load index reads graph/model's weights (the derived loads use them)
    assert (load.LEAD_WEIGHT, load.CO_WEIGHT) == (1.0, 0.5)
    assert load.LEAD_WEIGHT is model.LEAD_WEIGHT and load.CO_WEIGHT is model.CO_WEIGHT


def test_agency_load_filters():
    g = excerpt_graph()
    assert load.agency_load(g, jurisdiction="石嘴山市")["id"].tolist() == [aid("SZR")]
    assert load.agency_load(g, year=2023)["id"].tolist() == [aid("SZR")]
    assert len(load.agency_load(g, year=2021)) == 14
    assert aid("XQ") not in set(load.agency_load(g, collective=False)["id"])  # 各縣〔市、區〕人民政府
    assert len(load.agency_load(g, collective=False)) == 14


def test_concentration_by_hand():
    # lead weights: SP 2.45, SZR 2, ZR .65, XQ .65, SJ .5, GD .5, DSJ .45, CZ/ZJ/YB/SW .2, four co-only 0
    c = load.concentration(load.agency_load(excerpt_graph()))
    assert c["agencies"] == 15
    assert c["total"] == pytest.approx(8.0)  # eight measures, one unit of lead work each
    assert c["top5_share"] == pytest.approx(6.25 / 8)
    assert c["gini"] == pytest.approx(0.6125)


def test_gini_edges():
    assert load.gini([]) == 0.0
    assert load.gini([1, 1, 1]) == pytest.approx(0.0)
    assert load.gini([0, 0, 0, 4]) == pytest.approx(0.75)


# ---------------------------------------------------------------- deadlines


def test_deadline_crunch_by_hand():
    g = excerpt_graph()
    df = deadlines.deadline_crunch(g)
    cells = {(r["month"], r["agency_id"]): r["due"] for r in df.to_dict("records")}
    assert {a for (m, a) in cells if m == "2021-10"} == {aid(k) for k in ("ZR", "SP", "DSJ", "CZ", "XQ")}
    assert cells[("2021-12", aid("ZR"))] == 2 and cells[("2021-12", aid("XQ"))] == 2
    assert cells[("2021-12", aid("SP"))] == 1
    assert len(df) == 5 + 7
    big = deadlines.deadline_crunch(g, min_due=2)
    assert sorted(big["agency_id"]) == sorted([aid("ZR"), aid("XQ")])
    assert big["measure_ids"].iloc[0] == sorted([F, D])
    assert deadlines.deadline_crunch(g, year=2022).empty


def test_busiest_month_and_quarter_heat():
    g = excerpt_graph()
    months = deadlines.busiest_months(g)
    top = months.iloc[0]
    assert (top["month"], top["due"], top["agencies"], top["top_agency_due"]) == ("2021-12", 2, 7, 2)
    heat = deadlines.quarter_heat(g, jurisdiction="赣州市")
    sp = heat[heat["id"] == aid("SP")].iloc[0]
    assert (sp["2021-Q4"], sp["undated"], sp["total"]) == (2, 3, 5)
    assert sp["measure_ids"] == sorted([A, B, E, C, D])
    assert deadlines.due_sources(g, [F, D]) == [f"{GZ}:257", f"{GZ}:259"]


# ---------------------------------------------------------------- bottlenecks


def test_platform_dependents_and_impact():
    g = excerpt_graph()
    dep = bottlenecks.platform_dependents(g, "赣服通")
    assert dep["measure_id"].tolist() == sorted([E, D])
    assert bottlenecks.platform_dependents(g, "贛服通")["measure_id"].tolist() == sorted([E, D])  # alias as printed
    row_e = dep[dep["measure_id"] == E].iloc[0]
    assert row_e["leads"] == sorted(["国网赣州供电公司", "赣州市行政审批局"]) and row_e["line"] == 149
    impact = bottlenecks.platform_impact(g)
    assert impact["name"].tolist() == ["一网通办", "赣服通", "网上国网"]
    assert impact["agencies"].tolist() == [8, 5, 2]


def test_platform_slip():
    slip = bottlenecks.platform_slip(excerpt_graph(), "赣服通", months=1)
    dated = slip[slip["measure_id"] == D].iloc[0]
    assert (dated["deadline"], dated["slipped_to"]) == ("2021-12-31", "2022-01-31")
    assert pd.isna(slip[slip["measure_id"] == E].iloc[0]["slipped_to"])
    hit = bottlenecks.slip_agencies(slip)
    assert hit.iloc[0].to_dict() == {"agency": "赣州市行政审批局", "as_lead": 2, "as_co": 0, "measures": 2}
    assert len(hit) == 5
    assert bottlenecks.add_months("2021-01-31", 1) == "2021-02-28"
    assert bottlenecks.add_months("2021-12-15", 3) == "2022-03-15"


def test_collaboration_projection_by_hand():
    g = excerpt_graph()
    net = bottlenecks.co_unit_network(g)  # pairs sharing at least two measures
    pairs = {(r["agency_a_id"], r["agency_b_id"]): (r["shared"], r["plans"]) for r in net.to_dict("records")}

    def pair(x, y):
        return tuple(sorted((aid(x), aid(y))))

    assert pairs == {pair("SP", "DSJ"): (3, 2), pair("SP", "XQ"): (3, 2), pair("ZR", "XQ"): (3, 1),
                     pair("SP", "ZR"): (2, 1), pair("ZR", "DSJ"): (2, 1), pair("DSJ", "XQ"): (2, 1)}
    cent = bottlenecks.agency_centrality(g)
    rows = {r["id"]: r for r in cent.to_dict("records")}
    assert aid("XQ") not in rows  # collective units are not one desk
    # 国网赣州供电公司 works only with 市行政审批局 (line 149): SP is the one articulation point
    assert cent[cent["articulation"]]["id"].tolist() == [aid("SP")]
    assert cent.iloc[0]["id"] == aid("SP")
    assert (rows[aid("SP")]["partners"], rows[aid("SP")]["shared_measures"]) == (10, 13)
    assert rows[aid("GD")]["measure_ids"] == [E]  # the one measure behind GD's one partner


def test_shared_bottlenecks():
    g = excerpt_graph()
    assert bottlenecks.shared_bottlenecks(g).empty  # nothing reaches three measures in this excerpt
    two = bottlenecks.shared_bottlenecks(g, min_measures=2)
    assert two.to_dict("records") == [{"kind": "platform", "id": schema.node_id("Platform", "赣服通"),
                                       "name": "赣服通", "measures": 2, "leads": 5, "plans": 2,
                                       "measure_ids": sorted([E, D])}]
    one = bottlenecks.shared_bottlenecks(g, min_measures=1)
    xq = one[one["id"] == aid("XQ")].iloc[0]
    assert (xq["measures"], xq["leads"], xq["plans"]) == (1, 1, 1)


# ---------------------------------------------------------------- rebalancing, references


def test_rebalance_suggestions_by_hand():
    # 赣州's 13 non-collective loads sorted: 0.083 x4 (GA, RS, GJJ, RH), 0.2 x3 (CZ, ZJ, YB), 0.283 (SW),
    # 0.5 (SJ), 0.5 (GD), 0.533 (DSJ), 0.65 (ZR), 2.45 (SP): median 0.2, overloaded (>= 0.4): SP, ZR, DSJ, SJ, GD.
    # Only A (开办企业, led by SP and SJ) has non-collective co-units at or below 0.2: GA, RS, GJJ, RH
    # (SW 0.283 and DSJ 0.533 are above it); B's co-unit is collective; C, D, E, F have no co-units.
    sug = rebalance.suggestions(excerpt_graph())
    assert set(sug["to_id"]) == {aid(k) for k in ("GA", "RS", "GJJ", "RH")}
    assert set(sug["from_id"]) == {aid("SP"), aid("SJ")} and set(sug["measure_id"]) == {A}
    assert len(sug) == 8
    first = sug.iloc[0]
    assert first["from_id"] == aid("SP") and first["median_load"] == pytest.approx(0.2)
    assert first["source"] == f"{GZ}:95"
    assert "建议" in first["suggestion"] and "2.45" in first["suggestion"]
    assert rebalance.suggestions(excerpt_graph(), factor=13).empty  # SP is 12.25x the median


def test_reference_rows_cover_every_stored_query():
    from dutygraph.queries.library import load_library

    g = excerpt_graph()
    for name, query in load_library().items():
        rows = reference.reference_rows(name, g, query.bind())
        assert isinstance(rows, list)
    orphans = reference.orphan_measures(g)
    assert sorted(orphans["measure_id"]) == sorted([A, B, E, S1, S2])
    assert orphans["no_deadline"].all() and not orphans["no_lead"].any()
    overlap = reference.plan_overlap(g)
    ind = overlap[overlap["kind"] == "indicator"].iloc[0]
    assert (ind["name"], ind["plans"], ind["jurisdictions"], ind["measures"]) == ("不动产登记", 2, 2, 5)
    agencies = overlap[overlap["kind"] == "agency"]
    assert set(agencies["id"]) == {aid("SP"), aid("SW"), aid("XQ"), aid("DSJ")}
    portfolio = reference.agency_portfolio(g, agency="赣州市行政审批局")
    assert portfolio["role"].tolist() == ["lead"] * 5


def test_deadline_months_count_measures_without_a_lead():
    # drop the five joint leads of F (ganzhou line 257): it is still due in 2021-12
    g = excerpt_graph()
    for u, _, key in list(g.in_edges(F, keys=True)):
        if key == "LEADS":
            g.remove_edge(u, F, key=key)
    months = deadlines.deadline_months(g)
    dec = months[months["month"] == "2021-12"].iloc[0]
    assert (dec["due"], dec["agencies"], dec["measure_ids"]) == (2, 4, sorted([F, D]))
    assert months.iloc[0]["month"] == "2021-12"  # 2 due beats 2021-10's 1
    assert deadlines.deadline_months(g, year=2021)["due"].tolist() == [2, 1]
    assert deadlines.deadline_months(g, year=2020).empty
    assert len(deadlines.deadline_crunch(g)[lambda f: f["month"] == "2021-12"]) == 4


def test_incidence_reads_what_the_graph_helpers_read():
    """graphview.Incidence (each incidence read once for all the review's analytics) gives the nodes and
    edges nodes / out_edges / in_edges / leads / supports / platforms give, and the deadline
    months of a measure as read from its DUE edges, on a graph with edges the analytics must skip."""
    from dutygraph.analytics import graphview as gv

    g = excerpt_graph()
    odd = _node(g, "Deadline", schema.node_id("Deadline", "2021-11-30", "date"), date="2021-11-30", kind="date",
                month="2021-11", year=2021)
    _edge(g, "DUE", D, odd, source=GZ, line=259)  # not D's deadline date: due, not dated
    _edge(g, "DUE", A, odd, source=GZ, line=95)  # A has no deadline date
    _edge(g, "LEADS", schema.node_id("Platform", "赣服通"), A)  # not from an agency
    _edge(g, "SUPPORTS", aid("SP"), schema.node_id("Plan", GZ, 83))  # not to a measure
    _edge(g, "SUPPORTS", aid("SP"), C, source=GZ, line=253)  # leads and supports C
    _edge(g, "USES_PLATFORM", schema.node_id("Plan", GZ, 83), schema.node_id("Platform", "赣服通"))
    _edge(g, "DUE", schema.node_id("Plan", GZ, 83), odd)  # not from a measure
    ix = gv.Incidence(g)
    labels = {attrs.get("label") for attrs in g._node.values()} | {"Nothing"}
    assert all(ix.nodes(label) == list(gv.nodes(g, label)) for label in labels)

    def dated(mid, year):  # a measure's deadline date's months, from its own DUE out-edges
        date = g._node[mid].get("deadline")
        return {g._node[v]["month"] for v, _ in gv.out_edges(g, mid, "DUE", "Deadline")
                if date and g._node[v].get("date") == date and (not year or g._node[v].get("year") == year)}

    for aid_, _ in gv.nodes(g, "Agency"):
        assert ix.led(aid_) == list(gv.out_edges(g, aid_, "LEADS", "Measure"))
        assert ix.supported(aid_) == list(gv.out_edges(g, aid_, "SUPPORTS", "Measure"))
    for edges, of in ((ix.led_edges(), ix.led), (ix.supported_edges(), ix.supported)):  # the agencies with any
        assert edges == {a: of(a) for a, _ in gv.nodes(g, "Agency") if of(a)} and all(edges.values())
    for pid, _ in gv.nodes(g, "Platform"):
        assert ix.users(pid) == list(gv.in_edges(g, pid, "USES_PLATFORM", "Measure"))
    for mid_, _ in gv.nodes(g, "Measure"):
        assert sorted(ix.leads(mid_)) == gv.leads(g, mid_) and len(set(ix.leads(mid_))) == len(ix.leads(mid_))
        assert sorted(ix.supports(mid_)) == gv.supports(g, mid_)
        assert sorted(ix.platforms(mid_)) == gv.platforms(g, mid_)
        assert ix.has_due(mid_) == any(True for _ in gv.out_edges(g, mid_, "DUE", "Deadline"))
        for year in (0, 2021, 2023):
            assert ix.dated(mid_, year) == dated(mid_, year)
    for year in (0, 2021, 2023):
        assert ix.dated_measures(year) == [(m, dated(m, year)) for m, _ in gv.nodes(g, "Measure") if dated(m, year)]
    assert ix.measures_due() == {m for m, _ in gv.nodes(g, "Measure") if any(gv.out_edges(g, m, "DUE", "Deadline"))}
    assert ix.has_due(A) and not ix.dated(A) and ix.has_due(D) and ix.dated(D) == {"2021-12"}
    assert ix.dated(C, 2023) == set() and aid("SP") in ix.supports(C) and aid("SP") in ix.leads(C)

    assert gv.incidence(g) is not gv.incidence(g)  # outside a shared block: read anew
    with gv.shared(g) as one:
        assert gv.incidence(g) is one
        with gv.shared(g) as inner:
            assert inner is one
        other = excerpt_graph()
        assert gv.incidence(other) is not one and gv.incidence(other).g is other
    assert gv.incidence(g) is not one


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hst  # noqa: E402

_VALUE = hst.one_of(hst.none(), hst.booleans(), hst.integers(-5, 5), hst.floats(allow_nan=True), hst.text(max_size=3),
                    hst.lists(hst.text(max_size=2), max_size=2))


@settings(max_examples=300, deadline=None)
@given(hst.integers(1, 4).flatmap(lambda width: hst.lists(
    hst.one_of(hst.lists(_VALUE, min_size=width, max_size=width),  # mixed rows, or one type per column
               hst.tuples(*[hst.one_of(hst.none(), base) for base in (hst.text(max_size=2), hst.integers(0, 3),
                                                                      hst.booleans(), hst.floats(0, 1))][:width])
               .map(list)),
    max_size=6)))
def test_columns_frame_is_the_frame_of_the_rows(rows):
    from dutygraph.analytics.graphview import columns_frame

    names = [f"c{i}" for i in range(len(rows[0]) if rows else 2)]
    want = pd.DataFrame([dict(zip(names, row)) for row in rows], columns=names)
    got = columns_frame({n: [row[i] for row in rows] for i, n in enumerate(names)}, names)
    assert got.dtypes.tolist() == want.dtypes.tolist()
    for n in names:  # the same values, of the same types (None stays None, NaN stays NaN)
        assert [(type(v), repr(v)) for v in got[n].tolist()] == [(type(v), repr(v)) for v in want[n].tolist()]


def _suggestions_by_rows(g, loads, factor=2.0):
    """rebalance.suggestions as first written (a dict per agency row, every co-unit tested in the loop):
    its reference."""
    from statistics import median

    from dutygraph.analytics.graphview import in_edges, out_edges, where

    by_id = {row["id"]: row for row in loads.to_dict("records")}
    medians = {jur: float(median(part["load"].tolist()))
               for jur, part in loads[~loads["collective"]].groupby(loads["jurisdiction"].fillna(""), sort=True)}
    rows = []
    for aid_, row in by_id.items():
        jur = row["jurisdiction"] or ""
        med = medians.get(jur)
        if row["collective"] or med is None or med <= 0 or row["load"] < factor * med:
            continue
        for mid_, edge in out_edges(g, aid_, "LEADS", "Measure"):
            m = g._node[mid_]
            if not m.get("indicator"):
                continue
            for cid, _ in in_edges(g, mid_, "SUPPORTS", "Agency"):
                other = by_id.get(cid)
                if other is None or other["collective"] or (other["jurisdiction"] or "") != jur or other["load"] > med:
                    continue
                title = m.get("title") or m.get("number") or mid_
                text = (f"建议研究：「{title}」（{m['indicator']}）由{row['name']}牵头，其负荷 {row['load']:.2f}，"
                        f"为本地中位数 {med:.2f} 的 {row['load'] / med:.1f} 倍；配合单位{other['name']}负荷 "
                        f"{other['load']:.2f}（不高于中位数），可考虑由其共同牵头或承担牵头。")
                rows.append({"jurisdiction": jur, "measure_id": mid_, "measure": title, "indicator": m["indicator"],
                             "from_id": aid_, "from_agency": row["name"], "from_load": row["load"], "to_id": cid,
                             "to_agency": other["name"], "to_load": other["load"], "median_load": med,
                             "source": where(edge), "suggestion": text})
    rows.sort(key=lambda r: (r["jurisdiction"], -r["from_load"], r["from_id"], r["measure_id"], r["to_load"], r["to_id"]))
    return pd.DataFrame(rows, columns=rebalance.COLUMNS)


def test_rebalance_suggestions_equal_the_row_by_row_reference():
    g = excerpt_graph()
    g.nodes[aid("GA")]["jurisdiction"] = None  # a co-unit of no known jurisdiction
    _node(g, "Agency", "agency:外地局", name="外地局", jurisdiction="石嘴山市", collective=False, resolved=True)
    _edge(g, "SUPPORTS", "agency:外地局", A, source=GZ, line=95)  # a co-unit of another jurisdiction
    _node(g, "Agency", "agency:有关部门", name="赣州市有关部门", jurisdiction="赣州市", collective=True, resolved=True)
    _edge(g, "SUPPORTS", "agency:有关部门", A, source=GZ, line=95)  # a collective co-unit of a low load
    _node(g, "Agency", "agency:无辖区局", name="无辖区局", jurisdiction=None, collective=False, resolved=True)
    _edge(g, "LEADS", "agency:无辖区局", A, source=GZ, line=95)  # a lead of no known jurisdiction
    loads = load.agency_load(g)
    for factor in (1.0, 2.0, 3.0):
        got, want = rebalance.suggestions(g, factor=factor, loads=loads), _suggestions_by_rows(g, loads, factor)
        assert len(want) and got.equals(want) and got.dtypes.equals(want.dtypes)


def _quarter_heat_by_rows(g, jurisdiction=None):
    """deadlines.quarter_heat as first written (a dict per row): its reference."""
    from collections import defaultdict

    from dutygraph.analytics.graphview import nodes, out_edges, quarter_of

    cells = defaultdict(lambda: defaultdict(set))
    for aid_, a in nodes(g, "Agency"):
        if jurisdiction and a.get("jurisdiction") != jurisdiction:
            continue
        for mid_, _ in out_edges(g, aid_, "LEADS", "Measure"):
            date = g._node[mid_].get("deadline")
            quarter = quarter_of(date) if date else None
            cells[aid_][f"{date[:4]}-{quarter}" if quarter else "undated"].add(mid_)
    columns = sorted({c for per in cells.values() for c in per if c != "undated"}) + ["undated"]
    rows = []
    for aid_, per in cells.items():
        row = {"id": aid_, "name": g._node[aid_].get("name")}
        row.update({c: len(per.get(c, ())) for c in columns})
        row["total"] = sum(len(v) for v in per.values())
        row["measure_ids"] = sorted({m for v in per.values() for m in v})
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["id"]))
    return pd.DataFrame(rows, columns=["id", "name", *columns, "total", "measure_ids"])


def test_quarter_heat_equals_the_row_by_row_reference():
    g = excerpt_graph()
    for i, date in enumerate(["2022-03-31", "2022-07-15", "2021-12-31", "2023-02-28", "2022-03-01"]):
        m = _node(g, "Measure", f"measure:extra{i}", plan=schema.node_id("Plan", GZ, 83), number=str(i),
                  title="t", kind="measure", deadline=date, source=GZ, line=900 + i)
        for k in ("SP", "GD", "SZR")[: 1 + i % 3]:
            _edge(g, "LEADS", aid(k), m, source=GZ, line=900 + i)
    for jur in (None, "赣州市", "石嘴山市", "无此地"):
        got, want = deadlines.quarter_heat(g, jurisdiction=jur), _quarter_heat_by_rows(g, jur)
        assert got.columns.tolist() == want.columns.tolist() and got.dtypes.equals(want.dtypes)
        assert got.equals(want)
    assert "2023-Q1" in deadlines.quarter_heat(g).columns and deadlines.quarter_heat(g, jurisdiction="无此地").empty


def test_orphan_measures_equal_the_row_by_row_reference():
    from dutygraph.analytics.graphview import in_edges, nodes, out_edges

    g = excerpt_graph()
    _node(g, "Measure", "measure:x", plan=schema.node_id("Plan", GZ, 83), number="9", title="x", kind="task",
          source=GZ, line=999)
    _edge(g, "LEADS", aid("XQ"), "measure:x", source=GZ, line=999)  # collective lead only, no deadline
    for kind in ("measure", "task", ""):
        rows = []
        for m, attrs in nodes(g, "Measure"):
            if kind and attrs.get("kind") != kind:
                continue
            lead_ids = {a for a, _ in in_edges(g, m, "LEADS", "Agency")}
            no_lead = not lead_ids
            collective_only = bool(lead_ids) and all(g._node[a].get("collective") is True for a in lead_ids)
            no_deadline = not any(out_edges(g, m, "DUE", "Deadline"))
            if no_lead or collective_only or no_deadline:
                rows.append({"measure_id": m, "plan": attrs.get("plan"), "number": attrs.get("number"),
                             "title": attrs.get("title"), "no_lead": no_lead, "collective_only": collective_only,
                             "no_deadline": no_deadline, "source": attrs.get("source"), "line": attrs.get("line")})
        rows.sort(key=lambda r: r["measure_id"])
        want = pd.DataFrame(rows, columns=reference.ORPHAN_COLUMNS)
        got = reference.orphan_measures(g, kind=kind)
        assert got.equals(want) and got.dtypes.equals(want.dtypes) and len(got)


def _projection_centrality_by_networkx(g, agencies, members):
    """agency_centrality's figures as first computed on the networkx projection (_build_projection):
    partners, shared measures, measure ids, betweenness (nx.betweenness_centrality, exact or k sampled
    sources with the fixed seed), articulation points — the reference of _projection_figures,
    _projection_betweenness and _cut_vertices."""
    proj = bottlenecks._build_projection(g, agencies, members)
    if not len(proj):
        betweenness, exact = {}, True
    else:
        sources, exact = bottlenecks._betweenness_sources(list(proj.nodes), len(proj) + proj.number_of_edges())
        if exact:
            betweenness = nx.betweenness_centrality(proj, normalized=True)
        else:
            betweenness = nx.betweenness_centrality(proj, k=len(sources), normalized=True,
                                                    seed=bottlenecks.BETWEENNESS_SEED)
    cut = set(nx.articulation_points(proj)) if len(proj) else set()
    partners = {n: proj.degree(n) for n in proj.nodes}
    weight = {n: proj.degree(n, weight="weight") for n in proj.nodes}
    shared = {n: sorted({m for _, _, ms in proj.edges(n, data="measures") for m in ms}) for n in proj.nodes}
    return partners, weight, shared, betweenness, cut, exact, proj


_AGENCY_IDS = hst.lists(hst.text("abcdefg", min_size=1, max_size=3), min_size=0, max_size=80, unique=True)


@settings(max_examples=300, deadline=None)
@given(_AGENCY_IDS.flatmap(lambda ids: hst.tuples(
    hst.just(ids),
    hst.lists(hst.lists(hst.sampled_from(ids), max_size=6) if ids else hst.just([]), max_size=120),
    hst.sampled_from([None, (400, 12), (10, 1), (0, 2)]))))
def test_projection_figures_equal_the_networkx_projection(case):
    """Partners, shared measures, measure ids, articulation points and betweenness read from the neighbour
    lists equal what networkx computed on the projection graph — betweenness to the last bit (the same sums
    in the same order), exact and with sampled sources (budget, minimum sources patched)."""
    from unittest import mock

    ids, named_lists, bounds = case
    agencies = [f"agency:{a}" for a in ids]  # graph order: not sorted
    members = {f"measure:{j:02d}": tuple(sorted({f"agency:{a}" for a in named}))
               for j, named in enumerate(named_lists) if named}
    g = nx.MultiDiGraph()
    g.add_nodes_from((a, {"name": a.upper(), "jurisdiction": "某市"}) for a in agencies)
    patches = () if bounds is None else (mock.patch.object(bottlenecks, "BETWEENNESS_BUDGET", bounds[0]),
                                         mock.patch.object(bottlenecks, "MIN_BETWEENNESS_SOURCES", bounds[1]))
    for p in patches:
        p.start()
    try:
        partners, weight, shared, betweenness, cut, exact, proj = _projection_centrality_by_networkx(
            g, agencies, members)
        got_partners, got_weight, got_shared, neighbours = bottlenecks._projection_figures(agencies, members)
        got_betweenness, got_exact = bottlenecks._projection_betweenness(agencies, neighbours)
    finally:
        for p in patches:
            p.stop()
    assert [[agencies[i] for i in nb] for nb in neighbours] == [list(proj._adj[a]) for a in agencies]
    assert got_partners == partners and got_weight == weight and got_exact == exact
    assert {a: got_shared.get(a, []) for a in agencies} == shared
    assert list(got_betweenness) == list(betweenness)
    assert [repr(got_betweenness[a]) for a in agencies] == [repr(betweenness[a]) for a in agencies]
    cut_at = bottlenecks._cut_vertices(neighbours)
    assert {a for i, a in enumerate(agencies) if cut_at[i]} == cut


@settings(max_examples=200, deadline=None)
@given(hst.integers(1, 150).flatmap(lambda n: hst.tuples(
    hst.just(n), hst.lists(hst.tuples(hst.integers(0, n - 1), hst.integers(0, n - 1)), max_size=500),
    hst.permutations(range(n)), hst.lists(hst.integers(0, n - 1), max_size=40, unique=True))))
def test_brandes_sums_equal_networkx_on_any_graph(case):
    """_brandes on any simple graph (neighbours in networkx's order, which need not be sorted; several
    shortest paths of the same length everywhere in dense graphs) gives the very floats of networkx's
    single-source searches and accumulation, summed over the sources in the given order."""
    from networkx.algorithms.centrality.betweenness import _accumulate_basic, _single_source_shortest_path_basic

    n, edges, relabel, sources = case
    graph = nx.Graph()
    graph.add_nodes_from(relabel)  # nodes in a shuffled order; edges (and so neighbour orders) in drawn order
    graph.add_edges_from((relabel[u], relabel[v]) for u, v in edges if u != v)
    order = list(graph)
    index = {v: i for i, v in enumerate(order)}
    want = dict.fromkeys(graph, 0.0)
    for s in sources:
        S, P, sigma, _ = _single_source_shortest_path_basic(graph, order[s])
        want, _ = _accumulate_basic(want, S, P, sigma, order[s])
    neighbours = [[index[w] for w in graph._adj[v]] for v in order]
    indptr = bottlenecks.array("q", [0])
    for nb in neighbours:
        indptr.append(indptr[-1] + len(nb))
    indices = bottlenecks.array("q", [w for nb in neighbours for w in nb])
    got = bottlenecks._brandes(indptr, indices, list(sources), n)
    assert [repr(x) for x in got] == [repr(want[v]) for v in order]


@pytest.mark.parametrize("seed", range(40))
def test_brandes_sums_equal_networkx_on_random_graphs(seed):
    """As above on seeded random graphs of up to 300 nodes (the drawn ones are mostly small; here most graphs
    have sums whose rounding depends on the order of their terms)."""
    import random

    from networkx.algorithms.centrality.betweenness import _accumulate_basic, _single_source_shortest_path_basic

    rnd = random.Random(seed)
    n = rnd.randint(3, 300)
    graph = nx.relabel_nodes(nx.gnm_random_graph(n, rnd.randint(n // 2, 4 * n), seed=seed),
                             dict(zip(range(n), rnd.sample(range(n), n))))
    order = list(graph)
    index = {v: i for i, v in enumerate(order)}
    sources = rnd.sample(range(n), rnd.randint(1, n))
    want = dict.fromkeys(graph, 0.0)
    for s in sources:
        S, P, sigma, _ = _single_source_shortest_path_basic(graph, order[s])
        want, _ = _accumulate_basic(want, S, P, sigma, order[s])
    neighbours = [[index[w] for w in graph._adj[v]] for v in order]
    indptr = bottlenecks.array("q", [0])
    for nb in neighbours:
        indptr.append(indptr[-1] + len(nb))
    indices = bottlenecks.array("q", [w for nb in neighbours for w in nb])
    got = bottlenecks._brandes(indptr, indices, sources, n)
    assert [repr(x) for x in got] == [repr(want[v]) for v in order]


@pytest.mark.parametrize("seed", range(24))
def test_projection_figures_equal_the_networkx_projection_on_random_networks(seed, monkeypatch):
    """The figures of test_projection_figures_equal_the_networkx_projection on seeded random networks of up
    to 400 agencies, every third with sampled sources."""
    import random

    rnd = random.Random(seed)
    agencies = [f"agency:{i:04d}" for i in rnd.sample(range(5000), rnd.randint(3, 400))]
    members = {}
    for j in range(rnd.randint(1, 2 * len(agencies))):
        named = rnd.sample(agencies, min(len(agencies), rnd.choice([1, 2, 2, 2, 3, 4, 6])))
        members[f"measure:{rnd.randrange(10**6):06d}:{j}"] = tuple(sorted(named))
    if seed % 3 == 0:
        monkeypatch.setattr(bottlenecks, "BETWEENNESS_BUDGET", 2_000)
        monkeypatch.setattr(bottlenecks, "MIN_BETWEENNESS_SOURCES", 2 + seed)
    g = nx.MultiDiGraph()
    g.add_nodes_from(agencies)
    partners, weight, shared, betweenness, cut, exact, proj = _projection_centrality_by_networkx(g, agencies, members)
    got_partners, got_weight, got_shared, neighbours = bottlenecks._projection_figures(agencies, members)
    got_betweenness, got_exact = bottlenecks._projection_betweenness(agencies, neighbours)
    assert got_exact is exact and exact is (seed % 3 != 0)
    assert got_partners == partners and got_weight == weight
    assert {a: got_shared.get(a, []) for a in agencies} == shared
    assert [repr(got_betweenness[a]) for a in agencies] == [repr(betweenness[a]) for a in agencies]
    cut_at = bottlenecks._cut_vertices(neighbours)
    assert {a for i, a in enumerate(agencies) if cut_at[i]} == cut
    # agency_centrality's form: one set of compressed rows read by both, left as it was
    rows = bottlenecks._csr(neighbours)
    before = [r.tobytes() for r in rows]
    assert bottlenecks._projection_betweenness(agencies, neighbours, rows) == (got_betweenness, got_exact)
    assert bottlenecks._cut_vertices(neighbours, rows) == cut_at
    assert [r.tobytes() for r in rows] == before


def test_agency_centrality_equals_the_networkx_projection(monkeypatch):
    """The whole frame (rows, order, types, note) equals the one built from the networkx projection, on the
    excerpt (exact betweenness) and on a generated network of 900 more agencies (sampled: budget patched)."""
    import random

    def by_networkx(g):
        agencies, members = bottlenecks._projection_members(g, False)
        partners, weight, shared, betweenness, cut, exact, _ = _projection_centrality_by_networkx(
            g, agencies, members)
        rows = [{"id": n, "name": g._node[n].get("name"), "jurisdiction": g._node[n].get("jurisdiction"),
                 "partners": partners.get(n, 0), "shared_measures": weight.get(n, 0),
                 "betweenness": betweenness.get(n, 0.0), "articulation": n in cut,
                 "measure_ids": shared.get(n, [])} for n in agencies]
        rows.sort(key=lambda r: (-round(r["betweenness"], 9), -r["partners"], r["id"]))
        frame = pd.DataFrame(rows, columns=["id", "name", "jurisdiction", "partners", "shared_measures",
                                            "betweenness", "articulation", "measure_ids"])
        return frame, exact

    rnd = random.Random(7)
    big = excerpt_graph()
    names = [f"市第{i}局" for i in range(900)]
    for name in names:
        _node(big, "Agency", schema.node_id("Agency", name), name=name, jurisdiction="某市", collective=False)
    for j in range(700):
        mid = f"measure:gen{j:04d}"
        _node(big, "Measure", mid, plan=schema.node_id("Plan", GZ, 83), number=str(j), title="x", kind="task",
              source=GZ, line=j)
        for name in rnd.sample(names, rnd.choice([1, 2, 2, 3, 4])):
            _edge(big, rnd.choice(["LEADS", "SUPPORTS"]), schema.node_id("Agency", name), mid, source=GZ, line=j)
    for g, sampled in ((excerpt_graph(), False), (big, True)):
        if sampled:
            monkeypatch.setattr(bottlenecks, "BETWEENNESS_BUDGET", 20_000)  # 64 sources of ~900
        want, exact = by_networkx(g)
        got = bottlenecks.agency_centrality(g)
        assert exact is not sampled and ("抽样" in got.attrs["note"]) is sampled
        assert got.equals(want) and got.dtypes.equals(want.dtypes)
        assert [repr(x) for x in got["betweenness"]] == [repr(x) for x in want["betweenness"]]
        assert got["measure_ids"].tolist() == want["measure_ids"].tolist()


def _random_neighbours(rnd, n, m):
    """Neighbour lists of a random simple graph on n nodes with up to m edges, in a shuffled edge order."""
    neighbours = [[] for _ in range(n)]
    seen = set()
    for _ in range(m):
        u, v = rnd.randrange(n), rnd.randrange(n)
        if u != v and (u, v) not in seen:
            seen.update({(u, v), (v, u)})
            neighbours[u].append(v)
            neighbours[v].append(u)
    return neighbours


@pytest.mark.parametrize("seed", range(40))
def test_subset_betweenness_loop_equals_the_numpy_levels(seed):
    """_subset_betweenness_loop (one search per source over what it reaches) gives the very floats of
    _csr_subset_betweenness (numpy, level by level over every node), on random graphs of up to 400 nodes,
    any sources and targets; and _cut_vertices by its typed loop equals networkx's articulation points there."""
    import random

    rnd = random.Random(seed)
    n = rnd.randint(1, 400)
    neighbours = _random_neighbours(rnd, n, rnd.randint(0, 4 * n))
    sources = rnd.sample(range(n), rnd.randint(0, n))
    targets = rnd.sample(range(n), rnd.randint(0, n))
    want = bottlenecks._csr_subset_betweenness(neighbours, sources, targets)
    got = bottlenecks._subset_betweenness_loop(neighbours, sources, targets)
    assert [repr(x) for x in got] == [repr(x) for x in want]
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((u, v) for u, nb in enumerate(neighbours) for v in nb)
    cut = bottlenecks._cut_vertices(neighbours)
    assert {i for i in range(n) if cut[i]} == set(nx.articulation_points(graph))
    # _hypergraph_figures' form: one set of compressed rows read by both, left as it was
    rows = bottlenecks._csr(neighbours)
    before = [r.tobytes() for r in rows]
    assert [repr(x) for x in bottlenecks._subset_betweenness_loop(neighbours, sources, targets, rows)] == [
        repr(x) for x in want]
    assert bottlenecks._cut_vertices(neighbours, rows) == cut
    assert [r.tobytes() for r in rows] == before


def test_subset_betweenness_loop_falls_back_past_exact_path_counts():
    """Path counts of 2**53 or more (36 layers of 3 nodes, each joined to all of the next: 3**35 shortest
    paths end to end) could round differently in another order of their sums: the loop gives up (None) and
    the numpy levels are used."""
    layers = [[3 * i + j for j in range(3)] for i in range(36)]
    neighbours = [[] for _ in range(3 * 36)]
    for a, b in zip(layers, layers[1:]):
        for u in a:
            for v in b:
                neighbours[u].append(v)
                neighbours[v].append(u)
    indptr, indices = bottlenecks._csr(neighbours)
    is_target = bottlenecks.array("d", [1.0]) * len(neighbours)
    assert bottlenecks._subset_dependencies(indptr, indices, [0], len(neighbours), is_target) is None
    assert bottlenecks._subset_dependencies(indptr, indices, [3 * 20], len(neighbours), is_target) is not None
    want = bottlenecks._csr_subset_betweenness(neighbours, [0, 5], list(range(len(neighbours))))
    assert bottlenecks._subset_betweenness_loop(neighbours, [0, 5], list(range(len(neighbours)))) == want


@settings(max_examples=300, deadline=None)
@given(hst.lists(hst.tuples(hst.one_of(hst.sampled_from([0.0, -0.0, 1e-10, 2e-10, 0.1 + 0.2, 0.3, math.nan]),
                                       hst.floats(0, 1)),
                            hst.integers(0, 5), hst.text("abc", max_size=2))))
def test_centrality_rows_are_ordered_by_rounded_betweenness_then_partners_then_id(rows):
    """agency_centrality's order (0 not rounded) is the sort by (-round(betweenness, 9), -partners, id)."""
    rows = [{"betweenness": b, "partners": p, "id": i} for b, p, i in rows]
    want = sorted(rows, key=lambda r: (-round(r["betweenness"], 9), -r["partners"], r["id"]))
    assert [id(r) for r in sorted(rows, key=bottlenecks._centrality_order)] == [id(r) for r in want]
