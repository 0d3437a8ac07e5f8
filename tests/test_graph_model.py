"""build_graph over hand-built records copied from the sample documents (tests/graph_records.py)."""

from __future__ import annotations

import dataclasses

import pytest

from dutygraph import records as r
from dutygraph.graph import schema
from dutygraph.graph.model import build_graph, counts
from dutygraph.graph.privacy import Masker, mask_name, mask_phone

from graph_records import GZ, JDZ, JJ, jingdezhen, jiujiang, sample_batch


@pytest.fixture(scope="module")
def g():
    return build_graph(sample_batch())


def test_every_node_and_edge_has_exactly_the_schema_props(g):
    for nid, attrs in g.nodes(data=True):
        nt = schema.NODE_BY_LABEL[attrs["label"]]
        assert set(attrs) == {"label", *nt.prop_names}, nid
        assert attrs["id"] == nid
        assert nid.startswith(schema.ID_PREFIX[nt.label] + ":")
    for u, v, key, attrs in g.edges(keys=True, data=True):
        rt = schema.REL_BY_TYPE[key]
        assert attrs["type"] == key
        assert set(attrs) == {"type", *rt.prop_names}
        assert (g.nodes[u]["label"], g.nodes[v]["label"]) in rt.pairs


def test_responsibility_platform_deadline_edges_keep_provenance(g):
    for _, _, key, attrs in g.edges(keys=True, data=True):
        if key in ("LEADS", "SUPPORTS", "USES_PLATFORM", "DUE", "MEMBER_OF"):
            assert attrs["source"] and attrs["line"] and attrs["mention"], (key, attrs)


def test_agency_is_deduplicated_with_aliases_as_printed(g):
    # ganzhou file lines 95, 99, 149: 市行政審批局 leads all three (traditional mention kept)
    aid = "agency:赣州市行政审批局"
    assert g.nodes[aid]["aliases"] == ["市行政審批局"]
    assert g.nodes[aid]["jurisdiction"] == "赣州市"
    led = {v for _, v, k in g.out_edges(aid, keys=True) if k == "LEADS"}
    assert led == {f"measure:{GZ}:95:1", f"measure:{GZ}:99:3", f"measure:{GZ}:149:2"}
    assert g.edges[aid, f"measure:{GZ}:95:1", "LEADS"]["mention"] == "市行政審批局"
    assert ("agency:赣州市行政审批局", "jurisdiction:赣州市", "IN") in g.edges


def test_collective_unit_and_co_units(g):
    # ganzhou file, line 99: (市行政審批局牽頭,各縣〔市、區〕人民政府按職責分工負責)
    aid = "agency:赣州市各县(市、区)人民政府"
    assert g.nodes[aid]["collective"] is True
    e = g.edges[aid, f"measure:{GZ}:99:3", "SUPPORTS"]
    assert (e["source"], e["line"], e["mention"]) == (GZ, 99, "各縣〔市、區〕人民政府")


def test_same_mention_in_two_jurisdictions_gives_two_agencies():
    # shizuishan file, line 17 "各县区政府" unresolved; the same bare name in another plan's jurisdiction
    def doc(name, jur):
        plan = r.Plan(f"{name}#1", name, 1, "方案", r.Jurisdiction(jur, "city"))
        m = r.Measure(name, 17, "1", "", "t", "t", "measure", plan=plan.key,
                      co=(r.UnitRef("各县区政府", "各县区政府", collective=True, jurisdiction=jur, resolved=False),))
        return r.DocResult(r.Document(name, name, name * 2, "utf-8", "txt", ()), plans=[plan], measures=[m])

    g = build_graph(r.BatchResult([doc("a.txt", "石嘴山市"), doc("b.txt", "赣州市")]))
    agencies = sorted(n for n, lab in g.nodes(data="label") if lab == "Agency")
    assert agencies == ["agency:石嘴山市:各县区政府", "agency:赣州市:各县区政府"]
    assert g.nodes["agency:石嘴山市:各县区政府"]["resolved"] is False


def test_heading_lead_is_on_the_section_and_inherited_by_its_items(g):
    # jiujiang file, line 275 "一、开办企业指标领域(区市监局牵头)", line 277 has no bracket of its own
    aid = "agency:芜湖市鸠江区市场监督管理局"
    sec = f"section:{JJ}:275:一、"
    assert g.edges[aid, sec, "LEADS"]["inherited"] is False
    inh = g.edges[aid, f"measure:{JJ}:277:1", "LEADS"]
    assert inh["inherited"] is True and inh["line"] == 275
    assert g.edges[aid, f"measure:{JJ}:291:8", "LEADS"]["inherited"] is False
    assert (sec, f"measure:{JJ}:277:1", "HAS_MEASURE") in g.edges
    assert g.edges[sec, "indicator:开办企业", "UNDER"]["mention"] == "开办企业指标领域"


def test_measure_inherits_indicator_from_section_with_its_provenance(g):
    # ganzhou file, line 93 "(一)優化開辦企業環節" serves 开办企业; items 95/99 under it
    e = g.edges[f"measure:{GZ}:95:1", "indicator:开办企业", "UNDER"]
    assert (e["line"], e["mention"]) == (93, "優化開辦企業環節")
    assert g.nodes[f"measure:{GZ}:95:1"]["indicator"] == "开办企业"


def test_section_hierarchy(g):
    plan, top, sub = f"plan:{JDZ}:324", f"section:{JDZ}:332:二、", f"section:{JDZ}:338:(二)"
    assert (plan, top, "HAS_SECTION") in g.edges
    assert (top, sub, "HAS_SECTION") in g.edges
    assert (plan, sub, "HAS_SECTION") not in g.edges


def test_one_deadline_node_per_date_and_kind_with_raw_text_on_due(g):
    # jingdezhen file, line 354: 完成时限:2022630日 covers items 342/346/350
    dl = "deadline:2022-06-30:date"
    derived = ("month_due", "month_agencies", "month_measure_ids")  # its month's row: test_derived_properties…
    assert {k: v for k, v in g.nodes[dl].items() if k not in derived} == {
        "label": "Deadline", "id": dl, "date": "2022-06-30", "kind": "date", "month": "2022-06", "year": 2022}
    dues = [(u, d["mention"], d["repairs"]) for u, _, k, d in g.in_edges(dl, keys=True, data=True) if k == "DUE"]
    assert len(dues) == 3 and all(m == "2022630日" and rep == ["date-digits"] for _, m, rep in dues)
    assert g.nodes[f"measure:{JDZ}:342:1"]["deadline"] == "2022-06-30"


def test_ongoing_deadline_has_no_date():
    res = jingdezhen()
    res.measures[0] = dataclasses.replace(res.measures[0], deadline=r.Deadline("长期坚持", None, "ongoing"))
    g = build_graph(r.BatchResult([res]))
    assert g.nodes["deadline:ongoing"]["date"] is None
    assert g.nodes[f"measure:{JDZ}:342:1"]["deadline"] is None


def test_district_in_city(g):
    assert ("jurisdiction:芜湖市鸠江区", "jurisdiction:芜湖市", "IN") in g.edges
    assert g.nodes["jurisdiction:芜湖市鸠江区"]["level"] == "district"
    assert g.nodes["jurisdiction:芜湖市"]["level"] == "city"


def test_platform_aliases_and_uses(g):
    assert g.nodes["platform:一网通办"]["aliases"] == ["一網通辦", "一网通办"]
    users = sorted(u for u, _, k in g.in_edges("platform:赣服通", keys=True) if k == "USES_PLATFORM")
    assert users == [f"measure:{GZ}:149:2"]


def _all_strings(g):
    for _, attrs in g.nodes(data=True):
        yield from (str(v) for v in attrs.values())
    for _, _, attrs in g.edges(data=True):
        yield from (str(v) for v in attrs.values())
    yield from (str(n) for n in g.nodes)


def test_people_masked_everywhere_by_default(g):
    # jiujiang file, lines 87-93: 徐光耀 组长, 曹立群 副组长 (also named in the office line 91), 王蕊 15357001681
    text = "\n".join(_all_strings(g))
    for secret in ("徐光耀", "曹立群", "王蕊", "15357001681"):
        assert secret not in text
    p = g.nodes[f"person:{JJ}:93:3"]
    assert (p["name"], p["phone"], p["role"]) == ("王*", "153********", "联络员")
    assert g.nodes[f"taskforce:{JJ}:85"]["office"] == "办公室设在区市监局曹*同志兼任办公室主任"
    assert g.edges[f"person:{JJ}:87:1", f"taskforce:{JJ}:85", "MEMBER_OF"]["role"] == "leader"


def test_people_kept_when_asked():
    g = build_graph(sample_batch(), include_people=True)
    p = g.nodes[f"person:{JJ}:93:3"]
    assert (p["name"], p["phone"]) == ("王蕊", "15357001681")
    assert "曹立群" in g.nodes[f"taskforce:{JJ}:85"]["office"]


def test_masker_patterns():
    m = Masker(["曹立群"])
    assert m.text("联系人:曹立群,电话0791-86668888,邮箱 wang.l@jx.gov.cn") == "联系人:曹*,电话079*********,邮箱 w***@jx.gov.cn"
    assert mask_name("岳建华") == "岳*" and mask_phone("") == ""
    # numbers written in groups, with an area code in brackets, or in full-width digits (as printed)
    for raw, masked in [("139 0798 1234", "139********"), ("139-0798-1234", "139********"),
                        ("0797 812 3456", "079********"), ("（0797）8123456", "079********"),
                        ("010-12345678", "010********"), ("１３９０７９８１２３４", "１３９********"),
                        ("１３９　０７９８　１２３４", "１３９********")]:
        assert m.text(f"联系电话:{raw}。") == f"联系电话:{masked}。", raw
    # not phone numbers: years, amounts, numbering, an "area code" no city has, too many digits
    for text in ("2021-2023年", "共1234 5678元", "第1390期", "编号001 002 0003", "13907981234567"):
        assert m.text(text) == text


def test_every_text_with_a_phone_number_passes_the_gate():
    """Masker.text and viz/pages.py scan a text for phone numbers only when PHONE_GATE matches it (which
    needs 7 characters): it must match every text in which _PHONE finds a number, whatever the digits
    (ASCII or full-width) and separators."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dutygraph.graph.privacy import _PHONE, PHONE_GATE

    parts = st.sampled_from(["1", "3", "9", "0", "7", "１", "３", "０", "８", " ", "　", "-", "－", "—", "(", "（",
                             ")", "）", "年", "电话", "13907981234", "0797", "8123456", "139 0798 1234"])

    @settings(max_examples=3000, deadline=None, derandomize=True)
    @given(st.lists(parts, max_size=14).map("".join))
    def check(text: str) -> None:
        if _PHONE.search(text):
            assert PHONE_GATE.search(text), text

    check()


def test_roster_task_force(g):
    tf = f"taskforce:{JJ}:85"
    assert (tf, "indicator:开办企业", "FOR") in g.edges
    roles = {u: d["role"] for u, _, k, d in g.in_edges(tf, keys=True, data=True) if k == "MEMBER_OF"}
    assert roles["agency:芜湖市鸠江区市场监督管理局"] == "lead"
    assert roles["agency:芜湖市鸠江区:芜湖市公安局鸠江分局"] == "member"


def test_deterministic_and_independent_of_record_order():
    g1 = build_graph(sample_batch())
    batch = sample_batch()
    for res in batch.results:
        res.measures.reverse()
        res.sections.reverse()
    g2 = build_graph(batch)
    assert list(g1.nodes(data=True)) == list(g2.nodes(data=True))
    assert list(g1.edges(keys=True, data=True)) == list(g2.edges(keys=True, data=True))


def test_counts(g):
    nodes, rels = counts(g)
    assert nodes["Measure"] == 8 and nodes["Deadline"] == 2 and nodes["Person"] == 3
    assert rels["DUE"] == 4 and rels["USES_PLATFORM"] == 4


def test_same_file_twice_is_read_once_and_same_name_other_content_is_kept_apart():
    a, b = jiujiang(), jiujiang()
    assert counts(build_graph(r.BatchResult([a, b]))) == counts(build_graph(r.BatchResult([a])))
    c = jiujiang()
    c.document = dataclasses.replace(c.document, sha256="d" * 64)
    g = build_graph(r.BatchResult([a, c]))
    assert f"measure:{JJ}~2:277:1" in g.nodes and f"measure:{JJ}:277:1" in g.nodes


def test_duplicate_item_numbers_on_one_line_get_distinct_ids():
    # honggutan file: the whole report is one line; two records may share line and number
    res = jingdezhen()
    m = res.measures[0]
    res.measures[1] = dataclasses.replace(m, span=(50, 60), title="另一条")
    g = build_graph(r.BatchResult([res]))
    assert {f"measure:{JDZ}:342:1", f"measure:{JDZ}:342:1#2"} <= set(g.nodes)


def test_each_measure_and_section_goes_under_the_section_the_reference_scan_picks():
    """The section a measure (and a section) is put under, found by bisection, is the one the plain
    scan finds: of the plan's sections at or before its line, the last with its path, else the last;
    sections sharing a line, repeated paths, paths that never occur, a measure before any section."""
    import random

    rnd = random.Random(7)
    plan = r.Plan("x.txt#1", "x.txt", 1, "某某行动方案", r.Jurisdiction("赣州市", "city"), year=2023)
    paths = [("一、",), ("二、",), ("一、", "(一)"), ("二、", "(一)"), ("二、", "(二)"), ("一、", "(一)", "1")]
    sections = [r.Section("x.txt", rnd.randint(2, 60), plan.key, p[-1], f"标题{i}", p)
                for i, p in enumerate(rnd.choice(paths) for _ in range(40))]
    measures = [r.Measure("x.txt", line, str(i), "", f"措施{i}", f"措施{i}的内容", "measure", plan=plan.key,
                          section_path=rnd.choice([*paths, ("三、",), ()]))
                for i, line in enumerate(rnd.randint(1, 70) for _ in range(120))]
    doc = r.Document(path="x.txt", name="x.txt", sha256="b" * 64, encoding="utf-8", fmt="txt", lines=())
    g = build_graph(r.BatchResult([r.DocResult(doc, [plan], sections, measures)]))
    ordered = sorted(sections, key=lambda s: s.line)  # (stable: the ids the builder gives them)
    seen: dict[str, int] = {}
    ids = []
    for s in ordered:
        base = f"section:x.txt:{s.line}:{s.number}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}#{seen[base]}")

    def scan(path, line, fallback=True):
        cands = [(s, sid) for s, sid in zip(ordered, ids) if s.line <= line]
        exact = [c for c in cands if c[0].path == tuple(path)] if path else []
        return exact[-1][1] if exact else cands[-1][1] if cands and fallback else None

    def parent_of(nid, label):
        return [u for u in g.pred[nid] if g.nodes[u]["label"] == label]

    checked = 0
    for s, sid in zip(ordered, ids):
        want = scan(s.path[:-1], s.line - 1, fallback=False) if len(s.path) > 1 else None
        want = want if want != sid else None
        assert parent_of(sid, "Section") == ([want] if want else [])
        checked += want is not None
    for m in sorted(measures, key=lambda m: m.line):
        mid = next(n for n, a in g.nodes(data=True) if a["label"] == "Measure" and a["title"] == m.title)
        want = scan(m.section_path, m.line)
        assert parent_of(mid, "Section") == ([want] if want else [])
        checked += want is not None
    assert checked > 100


def test_unknown_jurisdiction_gets_no_empty_node():
    # what detect_jurisdiction returns for a title naming no known place
    res = jingdezhen()
    unknown = r.Jurisdiction("", "unknown", inferred=True, evidence=("no place named in the text",))
    res.plans[0] = dataclasses.replace(res.plans[0], jurisdiction=unknown)
    res.measures = [dataclasses.replace(m, lead=tuple(dataclasses.replace(u, jurisdiction="") for u in m.lead))
                    for m in res.measures]
    g = build_graph(r.BatchResult([res]))
    assert not [n for n, lab in g.nodes(data="label") if lab == "Jurisdiction"]
    assert g.nodes[f"plan:{JDZ}:324"]["jurisdiction"] is None
    assert g.nodes["agency:景德镇市财政局"]["jurisdiction"] is None


def test_mask_result_is_idempotent_and_keeps_ids():
    from dutygraph.graph.privacy import mask_result

    once = mask_result(jiujiang())
    assert mask_result(once) == once
    assert once.task_forces[0].people[2].phone == "153********"
    assert [m.plan for m in once.measures] == [m.plan for m in jiujiang().measures]


def test_derived_properties_are_the_reference_counts_and_load(g):
    """Measure.n_leads/n_co_units/n_collective_leads/n_deadlines count its edges; a Platform's are its
    shared_bottlenecks counts; an Agency's derived properties are
    its analytics/load.py agency_load row over every year (0 for an agency named for no measure of a
    plan); re-deriving gives the same values."""
    from dutygraph.analytics import load
    from dutygraph.analytics.graphview import leads, nodes, supports
    from dutygraph.graph.model import derive

    import pandas as pd

    from dutygraph.analytics import bottlenecks
    from dutygraph.analytics.graphview import out_edges

    for mid, m in nodes(g, "Measure"):
        assert (m["n_leads"], m["n_co_units"]) == (len(leads(g, mid)), len(supports(g, mid))), mid
        assert m["n_collective_leads"] == sum(g.nodes[a]["collective"] is True for a in leads(g, mid))
        assert m["n_deadlines"] == sum(1 for _ in out_edges(g, mid, "DUE", "Deadline"))
    assert any(m["n_collective_leads"] for _, m in nodes(g, "Measure"))
    shared = {r["id"]: r for r in bottlenecks.shared_bottlenecks(g, min_measures=1).to_dict("records")}
    for pid, p in nodes(g, "Platform"):
        row = shared.get(pid, {"measures": 0, "leads": 0, "plans": 0})
        assert (p["n_measures"], p["n_leads"], p["n_plans"]) == (row["measures"], row["leads"], row["plans"]), pid
    rows = {row["id"]: row for row in load.agency_load(g).to_dict("records")}
    assert rows
    names = ("n_led", "n_inherited", "n_co", "n_plans", "n_q1", "n_q2", "n_q3", "n_q4")
    for aid, a in nodes(g, "Agency"):
        row = rows.get(aid)
        if row is None:
            assert a["load"] == 0.0 and all(a[k] == 0 for k in names), aid
            continue
        assert a["load"] == round(row["load"], 9), aid
        assert [a[k] for k in names] == [row[k] for k in ("led", "inherited", "co", "plans", "q1", "q2", "q3", "q4")]
    from dutygraph.analytics import deadlines

    crunch = deadlines.deadline_crunch(g)
    peak = crunch.groupby("agency_id")["due"].max().to_dict()
    assert peak and all(a["peak_due"] == peak.get(aid, 0) for aid, a in nodes(g, "Agency"))
    supported = {r["id"]: r["measures"] for r in shared.values() if r["kind"] == "agency"}
    assert supported and all(a["n_supports"] == supported.get(aid, 0) for aid, a in nodes(g, "Agency"))
    for aid, a in nodes(g, "Agency"):  # the rest of its shared_bottlenecks row
        row = shared.get(aid) if shared.get(aid, {}).get("kind") == "agency" else None
        assert (a["n_support_leads"], a["n_support_plans"]) == ((row["leads"], row["plans"]) if row else (0, 0)), aid
    assert any(a["n_support_leads"] > 1 and a["n_support_plans"] for _, a in nodes(g, "Agency"))
    from dutygraph.analytics.reference import plan_overlap

    overlap = {r["id"]: r for r in plan_overlap(g, min_plans=1).to_dict("records")}
    for aid, a in nodes(g, "Agency"):  # its plan_overlap counts
        row = overlap.get(aid, {"plans": 0, "jurisdictions": 0, "measures": 0})
        assert (a["n_plans"], a["n_jurisdictions"], a["n_measures"]) == (
            row["plans"], row["jurisdictions"], row["measures"]), aid
    assert any(a["n_measures"] > 1 and a["n_jurisdictions"] for _, a in nodes(g, "Agency"))
    for aid, a in nodes(g, "Agency"):  # agency_portfolio's agencies: named for a measure of any plan
        assert a["n_named"] == len({m for rel in ("LEADS", "SUPPORTS") for m, _ in out_edges(g, aid, rel, "Measure")})
    assert any(a["n_named"] > 1 for _, a in nodes(g, "Agency"))
    for iid, i in nodes(g, "Indicator"):
        row = overlap.get(iid, {"plans": 0, "jurisdictions": 0, "measures": 0, "plan_ids": []})
        assert overlap.get(iid, {"kind": "indicator"})["kind"] == "indicator"
        assert (i["n_plans"], i["n_jurisdictions"], i["n_measures"], i["plan_ids"]) == (
            row["plans"], row["jurisdictions"], row["measures"], row["plan_ids"]), iid
    pairs = bottlenecks.co_unit_network(g, min_shared=1)
    peak_shared = pd.concat([pairs.groupby(side)["shared"].max() for side in ("agency_a_id", "agency_b_id")])
    peak_shared = peak_shared.groupby(level=0).max().to_dict()
    assert max(peak_shared.values()) > 1
    assert all(a["peak_shared"] == peak_shared.get(aid, 0) for aid, a in nodes(g, "Agency"))
    first = pairs.groupby("agency_a_id")["shared"].max().to_dict()
    assert first != peak_shared and all(a["peak_shared_after"] == first.get(aid, 0) for aid, a in nodes(g, "Agency"))
    months = {r["month"]: r for r in deadlines.deadline_months(g).to_dict("records")}
    first: dict[str, str] = {}
    for did, d in sorted(nodes(g, "Deadline")):
        first.setdefault(d["month"], did)
    assert len(months) > 1 and set(months) <= set(first)
    for did, d in nodes(g, "Deadline"):
        row = months.get(d["month"]) if first.get(d["month"]) == did else None
        row = row or {"due": 0, "agencies": 0, "measure_ids": []}
        assert (d["month_due"], d["month_agencies"], d["month_measure_ids"]) == (
            row["due"], row["agencies"], row["measure_ids"]), did
    before = {n: dict(attrs) for n, attrs in g.nodes(data=True)}
    derive(g)
    assert {n: dict(attrs) for n, attrs in g.nodes(data=True)} == before


def check_year_rows_and_top_pairs(g) -> None:
    """An Agency's load_by_year entries are its analytics/load.py agency_load rows of each plan year (none
    for a year it has no measure of), its peak_due_by_year entries its largest deadline_crunch cell of each
    deadline year, its top_pairs its co_unit_network pairs (as first agency) of at least top_pairs_min
    shared measures: every such pair of the graph, at most model.TOP_PAIRS_BUDGET of them, and the least
    count for which they are (the pairs of the next count down would be too many)."""
    from dutygraph.analytics import bottlenecks, deadlines, load
    from dutygraph.analytics.graphview import nodes
    from dutygraph.graph import model

    agencies = dict(nodes(g, "Agency"))
    plan_years = sorted({p.get("year") for _, p in nodes(g, "Plan")} - {None}) + [1900]
    want: dict[str, list[str]] = {aid: [] for aid in agencies}
    for year in plan_years:
        for row in load.agency_load(g, year=year).to_dict("records"):
            want[row["id"]].append(";".join(str(v) for v in (
                year, repr(round(row["load"], 9)), row["led"], row["inherited"], row["co"], row["plans"],
                row["q1"], row["q2"], row["q3"], row["q4"])))
    assert {aid: a["load_by_year"] for aid, a in agencies.items()} == want
    assert any(want.values())
    due_years = sorted({d.get("year") for _, d in nodes(g, "Deadline")} - {None}) + [1900]
    want = {aid: [] for aid in agencies}
    for year in due_years:
        crunch = deadlines.deadline_crunch(g, year=year)
        for aid, due in sorted(crunch.groupby("agency_id")["due"].max().to_dict().items()):
            want[aid].append(f"{year};{due}")
    assert {aid: a["peak_due_by_year"] for aid, a in agencies.items()} == want and any(want.values())
    least = {a["top_pairs_min"] for a in agencies.values()}
    assert len(least) == 1 and least.pop() >= 1
    least = next(iter(agencies.values()))["top_pairs_min"]
    pairs = bottlenecks.co_unit_network(g, min_shared=1).to_dict("records")
    want = {aid: [] for aid in agencies}
    for row in sorted(pairs, key=lambda r: (-r["shared"], r["agency_b_id"])):
        if row["shared"] >= least:
            want[row["agency_a_id"]].append(f"{row['shared']};{row['plans']};{row['agency_b_id']}")
    assert {aid: a["top_pairs"] for aid, a in agencies.items()} == want
    listed = sum(map(len, want.values()))
    assert listed <= model.TOP_PAIRS_BUDGET
    below = [r["shared"] for r in pairs if r["shared"] < least]  # the next count down would be too many pairs
    assert (least == 1 and listed == len(pairs)) or listed + below.count(max(below)) > model.TOP_PAIRS_BUDGET


@pytest.mark.parametrize("budget", [None, 0, 1, 3, 6, 20])
def test_year_rows_and_top_pairs_are_the_references(g, budget, monkeypatch):
    from dutygraph.graph import model

    g = g.copy()
    if budget is not None:
        monkeypatch.setattr(model, "TOP_PAIRS_BUDGET", budget)
        model.derive(g)
    check_year_rows_and_top_pairs(g)
    least = {a["top_pairs_min"] for _, a in g.nodes(data=True) if a["label"] == "Agency"}
    # the sample graph's pairs: 15 sharing 1 measure, 3 sharing 3
    assert least == {None: {1}, 0: {4}, 1: {4}, 3: {3}, 6: {3}, 20: {1}}[budget]


def test_peak_shared_is_not_counted_past_its_pair_budget(g, monkeypatch):
    """A graph of more agency pairs than the budget (one measure naming 10,000 units) gets -1, not a
    count that would take minutes; everything else is derived as before."""
    from dutygraph.analytics.graphview import nodes
    from dutygraph.graph import model

    g = g.copy()
    before = {aid: dict(a) for aid, a in nodes(g, "Agency")}
    assert any(a["peak_shared"] > 0 for a in before.values())
    n_pairs = sum(len(v) * (len(v) - 1) // 2 for v in (
        {a for a, keyed in g._pred[mid].items() if ("LEADS" in keyed or "SUPPORTS" in keyed)
         and g.nodes[a]["label"] == "Agency"} for mid, _ in nodes(g, "Measure")))
    monkeypatch.setattr(model, "PEAK_SHARED_PAIR_BUDGET", n_pairs)  # at the budget: counted
    model.derive(g)
    assert {aid: dict(a) for aid, a in nodes(g, "Agency")} == before
    monkeypatch.setattr(model, "PEAK_SHARED_PAIR_BUDGET", n_pairs - 1)
    model.derive(g)
    after = {aid: dict(a) for aid, a in nodes(g, "Agency")}
    assert all(a["peak_shared"] == -1 and a["peak_shared_after"] == -1 for a in after.values())
    assert all(a["top_pairs"] == [] and a["top_pairs_min"] == 0 for a in after.values())
    unknown = {"peak_shared": 0, "peak_shared_after": 0, "top_pairs": [], "top_pairs_min": 0}
    assert all({**a, **unknown} == {**before[aid], **unknown} for aid, a in after.items())


def _plain_mask(names: list[str], s: str) -> str:
    """Masker.text as one regex over every roster name (the reference for its shortcuts)."""
    import re

    from dutygraph.graph import privacy

    uniq = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=lambda n: (-len(n), n))
    if "@" in s:
        s = privacy._EMAIL.sub(privacy._email_repl, s)
    s = privacy._PHONE.sub(privacy._phone_repl, s)
    if uniq:
        s = re.compile("|".join(re.escape(n) for n in uniq)).sub(privacy._name_repl, s)
    return s


def test_masker_equals_the_plain_name_regex():
    """Masked rosters ("岳*") skip the name scan; mixed or plain ones do not: same text either way."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    chars = st.sampled_from("岳建华李明*王 1@a.")
    name = st.text(chars, min_size=0, max_size=4)
    masked = st.builds(lambda c, ws: ws + c + "*", st.sampled_from("岳李王*华"), st.sampled_from(["", " "]))

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.lists(st.one_of(name, masked), max_size=6), st.lists(masked, max_size=4), st.text(chars, max_size=30))
    def check(names, masked_names, s):
        for roster in (names, masked_names, names + masked_names):
            assert Masker(roster).text(s) == _plain_mask(roster, s), (roster, s)

    check()
    assert Masker(["岳*", "王*"])._names is None and Masker(["岳*", "王蕊"])._names is not None
    assert Masker(["岳*", "王蕊"]).text("岳*王蕊") == "岳*王*"
    assert Masker(["岳*", "*华"]).text("岳*华") == "岳*华" == _plain_mask(["岳*", "*华"], "岳*华")  # "岳*" matches first


def _synth_batch(n: int = 40, seed: int = 3) -> r.BatchResult:
    """Extracted synthetic documents, given in reverse name order, plus the sample records."""
    from dutygraph import synth
    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load_bytes

    docs = sorted(synth.generate(n, seed=seed), key=lambda d: d.name, reverse=True)
    samples = sample_batch().results
    first = samples[0].measures[0]  # a unit that both leads and co-supports one measure
    samples[0].measures[0] = dataclasses.replace(first, co=first.co + first.lead)
    # and a few again under names that sort first: their agencies' measures are made after those of the
    # first copies but come before them in natural order
    again = [extract_document(load_bytes(d.data, path=f"0-{d.name}")) for d in docs[::8]]
    return r.BatchResult([extract_document(load_bytes(d.data, path=d.name)) for d in docs] + again + samples)


@pytest.fixture(scope="module")
def synth_batch():
    return _synth_batch()


def _builder(batch: r.BatchResult):
    from dutygraph.graph.model import GraphBuilder

    builder = GraphBuilder()
    for res in batch.results:
        builder.add(res)
    return builder


def _same_graph(g1, g2) -> None:
    """Node for node, edge for edge, attribute for attribute, in the same order (adjacency too)."""
    assert list(g1.nodes(data=True)) == list(g2.nodes(data=True))
    assert list(g1.edges(keys=True, data=True)) == list(g2.edges(keys=True, data=True))
    assert [(v, list(nbrs)) for v, nbrs in g1._pred.items()] == [(v, list(nbrs)) for v, nbrs in g2._pred.items()]


def test_the_builders_edge_lists_are_the_graphs(synth_batch):
    """derive's values come from the builder's own index of the edges (_builder_edges), not from the
    finished graph: the same lists derive() reads from the graph, each agency's measures in its adjacency's
    order (the order its loads are summed in)."""
    from dutygraph.graph import model

    builder = _builder(synth_batch)
    b = builder._b
    nodes, by_label, measures, agencies, users, under = model._builder_edges(b, model._rank(b.natural)[1])
    assert sum(len(out) for edges in b.edges.values() for out in edges.values()) > 5000
    g = build_graph(synth_batch)
    g_nodes, g_by_label, g_measures, g_agencies, g_users, g_under = model._graph_edges(g)
    assert sorted(nodes) == sorted(g_nodes)
    assert {k: sorted(n for n, _ in v) for k, v in by_label.items()} == {
        k: sorted(n for n, _ in v) for k, v in g_by_label.items()}
    assert {m: tuple(map(sorted, e)) for m, e in measures.items()} == {
        m: tuple(map(sorted, e)) for m, e in g_measures.items()}
    assert {a: e for a, e in agencies.items() if e} == {a: e for a, e in g_agencies.items() if e}
    assert {k: sorted(v) for k, v in users.items()} == {k: sorted(v) for k, v in g_users.items() if v}
    assert {k: sorted(v) for k, v in under.items()} == {k: sorted(v) for k, v in g_under.items() if v}
    # the sample's agencies lead and co-support measures out of natural order, one both on the same measure
    led_then_supported = [a for a, e in agencies.items()
                          if any(lead is not None for _, lead, _ in e) and any(lead is None for _, lead, _ in e)]
    assert led_then_supported
    assert any(lead is not None and sup for e in agencies.values() for _, lead, sup in e)
    inserted: dict[str, list[str]] = {}  # each agency's measures in the order their edges were made
    for rel in ("LEADS", "SUPPORTS"):
        for u, v in ((u, v) for u, out in b.edges[rel].items() for v in out):
            if v in measures and v not in inserted.setdefault(u, []):
                inserted[u].append(v)
    assert sum(ms != [v for v, _, _ in agencies[a]] for a, ms in inserted.items()) > 20


@pytest.mark.parametrize("die", [False, True])
def test_finishing_in_two_processes_gives_the_same_graph(synth_batch, monkeypatch, die):
    """GraphBuilder.finish(processes=2) computes the derived properties in a forked process while it builds
    the adjacency: the same graph as in one process; if that process dies, the build process derives them
    itself."""
    import os
    import signal

    from dutygraph.graph import model

    builder = _builder(synth_batch)
    one = builder.finish()
    assert builder.counts == counts(one)  # (tallied as the graph was made)
    if die:  # the helper is killed as it starts (as by the OOM killer): nothing is sent back
        monkeypatch.setattr(model, "_builder_edges", lambda *a: os.kill(os.getpid(), signal.SIGKILL))
        calls = []
        monkeypatch.setattr(model, "derive", lambda g, real=model.derive: calls.append(1) or real(g))
    two = _builder(synth_batch).finish(processes=2)
    _same_graph(one, two)
    if die:
        assert calls == [1]
    again = one.copy()  # (its adjacency in another order: derive's values do not depend on it)
    model.derive(again)
    assert list(one.nodes(data=True)) == list(again.nodes(data=True))
    assert any(a["peak_shared"] > 1 and a["load_by_year"] for _, a in one.nodes(data=True) if a["label"] == "Agency")


def test_measure_and_section_ids_natural_keys_are_the_split_ones():
    """_id_key (the builder's natural key of a measure or section id, from its prefix's) = natural_key of
    the whole id: file names with digits, item numbers with digits, dots, parentheses, none at all."""
    from dutygraph.graph.ids import natural_key
    from dutygraph.graph.model import _id_key

    for prefix in ("measure:", "section:"):
        for tok in ("x.txt", "plan12.txt", "2023-营商环境-3.docx", "a1b22c333", "一二三~2"):
            head = natural_key(f"{prefix}{tok}:")
            for line in (0, 1, 9, 10, 12345):
                for number in ("", "1", "12", "(二)", "3.2", "①", "第10条", "7)", "x"):
                    assert _id_key(head, line, number) == natural_key(f"{prefix}{tok}:{line}:{number}")
    assert _id_key(natural_key("measure:x:"), -1, "1") is None and _id_key(natural_key("measure:x:"), True, "1") is None


def test_attribute_and_key_dicts_are_plain_dicts_in_schema_order(g):
    # the templates they are copied from are key-sharing dicts where CPython makes those smaller
    # (model._compact_template): to every reader they are dicts like any other
    import pickle

    for nid, attrs in g.nodes(data=True):
        nt = schema.NODE_BY_LABEL[attrs["label"]]
        assert type(attrs) is dict
        assert list(attrs) == ["label", *nt.prop_names], nid
    for u, v, key, attrs in g.edges(keys=True, data=True):
        assert type(attrs) is dict and type(g._succ[u][v]) is dict
        assert list(attrs) == ["type", *schema.REL_BY_TYPE[key].prop_names]
        assert g._succ[u][v] is g._pred[v][u]
    copy = pickle.loads(pickle.dumps(g))
    assert list(copy.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))
    assert list(copy.nodes(data=True)) == list(g.nodes(data=True))


def test_compact_template_copies_behave_as_dicts():
    import random
    import sys

    from dutygraph.graph.model import _compact_template

    names = [f"k{i}" for i in range(8)]
    template = _compact_template("Test", dict.fromkeys(names))
    assert template == dict.fromkeys(names) and list(template) == names
    assert sys.getsizeof(template.copy()) <= sys.getsizeof(dict.fromkeys(names))
    rng = random.Random(0)
    pairs = [(template.copy(), dict.fromkeys(names)) for _ in range(50)]
    for _ in range(5000):  # set, add, remove, copy: the same items in the same order as a plain dict's
        i = rng.randrange(len(pairs))
        a, b = pairs[i]
        key, op = rng.choice([*names, "new", "other"]), rng.random()
        if op < 0.6:
            a[key] = b[key] = rng.random()
        elif op < 0.8:
            assert a.pop(key, None) == b.pop(key, None)
        else:
            pairs[i] = (a.copy(), b.copy())
    for a, b in pairs:
        assert list(a.items()) == list(b.items())
    assert list(template.items()) == [(n, None) for n in names]


def test_link_makes_the_edge_that_edge_makes():
    """_Builder.link (the measure loop's edges, positional) = edge(**props): the same attributes in the same
    order ("" -> None, mention shared, lists as given by the caller), None for a pair that has the edge,
    the same errors."""
    from dutygraph.graph.model import _KNOWN_PAIRS, _LINK_SPEC, _REL_PAIRS, _Builder, _link_known

    assert all((u, v) in _REL_PAIRS[rel] for rel, u, v in _KNOWN_PAIRS)

    def builder() -> _Builder:
        b = _Builder(include_people=False)
        b.node("Measure", "measure:x:1:1", title="t")
        b.node("Agency", "agency:A", name="A")
        b.node("Plan", "plan:x:1", title="p")
        b.node("Deadline", "deadline:2025-06-30:by", date="2025-06-30", kind="by")
        return b

    cases = [("LEADS", "agency:A", "measure:x:1:1", ("x.txt", 3, "甲局"), {"inherited": True}),
             ("SUPPORTS", "agency:A", "measure:x:1:1", ("", 0, ""), {}),
             ("DUE", "measure:x:1:1", "deadline:2025-06-30:by", ("x.txt", 5, None), {"repairs": ["a"]}),
             ("DUE", "measure:x:1:1", "deadline:2025-06-30:by", ("x.txt", 5, "6月底"), {"repairs": []}),
             ("HAS_MEASURE", "plan:x:1", "measure:x:1:1", ("x.txt", "", None), {})]
    for rel, u, v, (source, line, mention), more in cases:
        b1, b2, b3 = builder(), builder(), builder()
        props = {"source": source, "line": line, **({} if mention is None else {"mention": mention}), **more}
        made = b1.edge(rel, u, v, **props)
        linked = b2.link(rel, u, v, source, line, mention)
        linked.update(more)
        assert type(made) is type(linked) is dict and list(made.items()) == list(linked.items()), rel
        assert b2.link(rel, u, v, source, line, mention) is None and b1.edge(rel, u, v, **props) is None
        # (the measure loop's form, for endpoints whose labels it knows: _KNOWN_PAIRS)
        known = _link_known(b3.edges[rel], b3.strs, _LINK_SPEC[rel], u, v, source, line, mention)
        known.update(more)
        assert list(known.items()) == list(made.items()) and b3.edges == b2.edges, rel
        assert _link_known(b3.edges[rel], b3.strs, _LINK_SPEC[rel], u, v, source, line, mention) is None
    b = builder()
    with pytest.raises(KeyError, match="mention"):
        b.link("HAS_MEASURE", "plan:x:1", "measure:x:1:1", "x.txt", 1, "m")
    with pytest.raises(ValueError, match="does not allow"):
        b.link("LEADS", "plan:x:1", "measure:x:1:1", "x.txt", 1, "m")


def test_new_node_is_what_node_makes(synth_batch):
    """_new_node (the measure loop's node, positional) = node(**props) for a new id: the same attributes in
    the same order (None and "" left unset, shared strs interned, list props natural-sorted sets of their
    non-empty values), the same natural key noted, on every measure of the synthetic documents and on
    hand-picked values."""
    from dutygraph.graph.model import (_MEASURE_KINDS, _MEASURE_PROPS, _Builder, _natural_then_text, _new_node,
                                       _sorted_values)

    cases = [(m.plan, m.number, m.title, m.text, m.kind, m.section, m.indicator,
              m.deadline.date if m.deadline else None, bool(m.lead_inherited), m.targets, m.repairs, m.doc, m.line)
             for res in synth_batch.results for m in res.measures]
    cases += [(None, "", "t", "", "measure", None, "", None, False, ("b10", "", "b9", "b10"), (), "x.txt", 0),
              ("plan:x:1", "3", "", "x", "", "", None, "2025-06-30", True, ("a01", "a1"), ["r", "r"], "", 7)]
    for i, values in enumerate(cases):
        nid = f"measure:x:{i}:1"
        b1, b2 = _Builder(include_people=False), _Builder(include_people=False)
        b1.node("Measure", nid, **dict(zip(_MEASURE_PROPS, values)))
        _new_node(b2.nodes, b2.natural, b2.strs, "Measure", nid, None, _MEASURE_PROPS, _MEASURE_KINDS, values)
        assert list(b1.nodes[nid].items()) == list(b2.nodes[nid].items()), values
        assert b1.natural == b2.natural and b1.strs == b2.strs
        assert all(b2.strs[v] is v for v in b2.nodes[nid].values() if isinstance(v, str) and v in b2.strs)
    for value in ((), ("",), ("a",), ("a1", "a01", "a01", "", "a10", "a9"), ["x", "x"]):
        assert _sorted_values(value) == sorted({v for v in value if v}, key=_natural_then_text)
