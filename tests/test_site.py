"""The offline site (dutygraph.viz.site): files, determinism, escaping, masking, aggregation.
The browser side is in test_browser_site.py.

`hand_batch()` builds extraction records by hand from excerpts of the sample documents (cited per
record), so these tests pin the site against the real graph builder without depending on extraction."""

from __future__ import annotations

import json
from html import unescape
import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from dutygraph import records as R
from dutygraph.graph.model import build_graph
from dutygraph.viz import pages as P
from dutygraph.viz import site

XSS = "<img src=x onerror=alert(1)>"
XSS_FLAG = "<svg onload=window.__xssRan=1>"  # a payload that would set a flag instead of opening a dialog
PHONE = "13907981234"  # a made-up mobile number in the roster excerpt below


def _u(name: str, mention: str, jur: str) -> R.UnitRef:
    return R.UnitRef(name=name, mention=mention, jurisdiction=jur)


def hand_batch(*, xss: bool = True) -> R.BatchResult:
    """Two documents' worth of records, excerpts copied from data/plans."""
    jdz = R.Jurisdiction("景德镇市", "city", short="景德镇")
    szs = R.Jurisdiction("石嘴山市", "city", inferred=True)
    doc1 = R.Document("data/plans/jingdezhen-2022-special-action-plans.txt", "jingdezhen-2022-special-action-plans.txt",
                      "a" * 64, "utf-8", "txt", ())
    doc2 = R.Document("data/plans/shizuishan-2023-action-plan-draft.txt", "shizuishan-2023-action-plan-draft.txt",
                      "b" * 64, "utf-8", "txt", ())
    d1, d2 = doc1.name, doc2.name
    plan1 = R.Plan(key=f"{d1}#221", doc=d1, line=221, title="景德镇市开展政务服务满意度一等地区建设行动方案",
                   jurisdiction=jdz, year=2022)
    plan2 = R.Plan(key=f"{d2}#9", doc=d2, line=9, title="(略) 2023年营商环境提升行动工作方案" + (XSS_FLAG if xss else ""),
                   jurisdiction=szs, year=2023)
    zsj = _u("景德镇市政数局", "市政数局", "景德镇市")
    zhixia = R.UnitRef("景德镇市直相关部门", "市直相关部门", collective=True, jurisdiction="景德镇市")
    counties = R.UnitRef("景德镇市各县(市、区)人民政府", "各县(市、区)人民政府", collective=True, jurisdiction="景德镇市")
    # jingdezhen-2022-special-action-plans.txt:249 and :251
    text249 = ("9.切实增强一体化政务服务平台应用能力。推动平台服务持续迭代升级……为“赣服通”、“免证办理”大厅提供基础支撑……"
               "2022年底前,市县两级自建业务系统基本完成与“一窗式”综合服务平台对接并使用,"
               "〔牵头单位:市政数局;责任单位:市直相关部门,各县(市、区)人民政府〕")
    text251 = ("10.着力数据赋能推动“赣服通”迭代升级。聚焦数据整合共享、服务能力提升、数据创新服务……"
               "2022年底前,“赣服通”5.0版上线运行……〔牵头单位:市政数局;责任单位:市直相关部门,各县(市、区)人民政府〕")
    if xss:
        text251 = text251.replace("聚焦数据整合共享", "聚焦数据整合共享" + XSS)
        text249 = text249.replace("推动平台服务持续迭代升级", "推动平台服务持续迭代升级" + XSS_FLAG)
    dl = R.Deadline("2022年底前", "2022-12-31", "date")
    gft = R.PlatformRef("赣服通", "赣服通")
    sec1 = R.Section(d1, 247, plan1.key, "三、", "提供一等政务服务支撑", ("三、",))
    m249 = R.Measure(d1, 249, "9", "三、 提供一等政务服务支撑", "切实增强一体化政务服务平台应用能力", text249, "measure",
                     lead=(zsj,), co=(zhixia, counties), platforms=(gft,), deadline=dl, plan=plan1.key,
                     section_path=("三、",), indicator="政务服务")
    m251 = R.Measure(d1, 251, "10", "三、 提供一等政务服务支撑", "着力数据赋能推动“赣服通”迭代升级" + (XSS if xss else ""), text251,
                     "measure", lead=(zsj,), co=(zhixia, counties), platforms=(gft,), deadline=dl, plan=plan1.key,
                     section_path=("三、",), indicator="政务服务")
    # shizuishan-2023-action-plan-draft.txt:15-18 (section heading with an inherited lead, two items numbered 2)
    spj = _u("石嘴山市审批服务管理局", "市审批局", "石嘴山市")
    sec2 = R.Section(d2, 15, plan2.key, "(一)", " (略) 场准入成本(市审批局牵头)", ("二、", "(一)"), lead=(spj,),
                     indicator="开办企业")
    m18 = R.Measure(d2, 16, "1", "二、 > (一)", "深化“一业一照一码”改革",
                    "1.深化“一业一照一码”改革。以市场主体需求为导向,大力推行“一业一证”集成化服务……"
                    "(责任单位:市审批局;配合单位:市公安局、卫健委、消防救援支队、烟草专卖局等单位,各县区政府)",
                    "measure", lead=(spj,),
                    co=(_u("石嘴山市公安局", "市公安局", "石嘴山市"), _u("石嘴山市卫生健康委员会", "卫健委", "石嘴山市")),
                    plan=plan2.key, section_path=("二、", "(一)"), indicator="开办企业")
    m19 = R.Measure(d2, 17, "2", "二、 > (一)", "打造企业开办“一件事”升级版",
                    "2.打造企业开办“一件事”升级版。深化企业开办“一网通办”线上服务……(责任单位:市审批局;"
                    "配合单位:市公安局、人社局、税务局、住房公积金中心等单位,各县区政府)", "measure", lead=(spj,),
                    co=(_u("石嘴山市公安局", "市公安局", "石嘴山市"),),
                    platforms=(R.PlatformRef("一网通办", "一网通办"),),
                    deadline=R.Deadline("2023年6月底前", "2023-06-30", "date"), plan=plan2.key,
                    section_path=("二、", "(一)"), indicator="开办企业")
    m20 = R.Measure(d2, 18, "2", "二、 > (一)", "便利企业银行开户",
                    "2.便利企业银行开户。各商 (略) 场主体开户服务……联系电话:" + PHONE, "measure",
                    plan=plan2.key, section_path=("二、", "(一)"))  # no lead: an orphan
    tf = R.TaskForce(d2, 30, plan2.key, "开办企业指标工作专班", "开办企业", lead=(spj,),
                     people=(R.Person("岳振武", "组长", "市审批局", PHONE, "", 31),))
    return R.BatchResult(results=[
        R.DocResult(doc1, plans=[plan1], sections=[sec1], measures=[m249, m251]),
        R.DocResult(doc2, plans=[plan2], sections=[sec2], measures=[m18, m19, m20], task_forces=[tf]),
    ])


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(hand_batch(), include_people=True)  # unmasked graph: the site must mask by itself


@pytest.fixture(scope="module")
def files(graph) -> dict[str, str | bytes]:
    return site.build(graph)


def _text(files: dict[str, str | bytes]) -> dict[str, str]:
    return {k: v for k, v in files.items() if isinstance(v, str)}


def _data(files: dict[str, str | bytes], rel: str) -> dict:
    """A page's data as its script assembles it (from its own JSON and, for a shard page, its data files)."""
    html = files[rel]
    assert '<script type="application/json" id="dg-data">' in html, "page has no data block"
    return site.assemble(html, files.__getitem__)


def test_safe_json_escapes_markup_and_line_separators():
    s = site.safe_json({"t": "</script><b>&\u2028\u2029"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s and "\u2029" not in s
    assert json.loads(s) == {"t": "</script><b>&\u2028\u2029"}


def test_one_page_per_agency_platform_plan_indicator_jurisdiction(graph, files):
    expected = {P.page_path(kind, n) for kind in P.PAGE_KINDS
                for n, a in graph.nodes(data=True) if a["label"] == P.PAGE_LABEL[kind]}
    pages = {k for k in files if k.endswith(".html") and k != "index.html"}
    assert pages == expected
    assert all(re.fullmatch(r"(agency|platform|plan|indicator|jurisdiction)/[0-9a-f]{16}\.html", p) for p in pages)
    assert site.page_counts(files)["platform"] == 2  # 赣服通, 一网通办


def test_build_is_deterministic(graph):
    assert site.build(graph) == site.build(graph)


def test_no_remote_resources_and_a_csp_on_every_page(files):
    for rel, html in _text(files).items():
        if not rel.endswith(".html"):
            continue
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I), rel
        assert "Content-Security-Policy" in html and "connect-src 'none'" in unescape(html), rel
    assert set(k for k in files if k.startswith("assets/")) == {
        "assets/vis-network.min.js", "assets/vis-network.css", "assets/graph.js", "assets/index.js", "assets/site.css"}


def test_document_text_never_appears_as_markup(files):
    for rel, html in _text(files).items():
        assert XSS not in html and XSS_FLAG not in html, rel
        assert "<img" not in html and "<svg" not in html, rel
    assert "(略) 2023年营商环境提升行动工作方案&lt;svg onload=window.__xssRan=1&gt;" in files["index.html"]
    # ... but the text is there as data, intact
    platform = next(k for k, v in _text(files).items() if k.startswith("platform/") and "赣服通" in v)
    assert any(XSS in n["name"] for n in _data(files, platform)["nodes"])
    # the data files hold it escaped (never markup) as well
    shards = [v for k, v in _text(files).items() if k.startswith(site.SHARD_DIR + "/")]
    assert shards and any("\\u003cimg src=x onerror=alert(1)\\u003e" in v for v in shards)


def test_personal_data_masked_unless_include_people(graph, files):
    for rel, text in _text(files).items():
        assert PHONE not in text, rel
        assert "岳振武" not in text, rel
    assert "139********" in "".join(_text(files).values())
    unmasked = site.build(graph, include_people=True)
    assert any("岳振武" in v for v in _text(unmasked).values())


def test_agency_page_holds_its_measures_co_units_platforms_deadlines_and_quotes(graph, files):
    aid = "agency:景德镇市政数局"
    data = _data(files, P.page_path("agency", aid))
    names = {n["name"] for n in data["nodes"]}
    assert {"景德镇市政数局", "赣服通", "2022-12-31", "景德镇市直相关部门"} <= names
    assert sum(n["label"] == "Measure" for n in data["nodes"]) == 2
    leads = [e for e in data["edges"] if e["type"] == "LEADS"]
    assert leads and all(e["from"] == aid for e in leads)
    q = leads[0]["quotes"][0]
    assert q["source"] == "jingdezhen-2022-special-action-plans.txt" and q["line"] in (249, 251)
    assert q["mention"] == "市政数局" and "牵头单位:市政数局" in q["quote"]
    focus = [n for n in data["nodes"] if n["focus"]]
    assert [n["id"] for n in focus] == [aid]
    assert data["legend"]["nodes"] and data["legend"]["edges"]
    assert [r["line"] for r in data["table"]] == [249, 251]


def test_overview_counts_top_agencies_heat_platforms_orphans_and_links(graph, files):
    html = files["index.html"]
    assert "负荷最重的十个单位" in html
    links = set(re.findall(r'href="([^"#]+)(?:#[^"]*)?"', html))
    pages = {k for k in files if k.endswith(".html")}
    for link in links:
        if link.startswith(("../review/", "data:")) or link.endswith(".css"):
            continue
        assert link in pages, link
    assert P.page_path("agency", "agency:景德镇市政数局") in links
    assert "便利企业银行开户" in html  # the orphan measure (shizuishan:18) is listed
    assert "2022-12" in html and "2023-06" in html  # heat table months
    assert "../review/index.html" not in html


def test_review_link_only_when_the_report_exists(graph, tmp_path):
    site.write(graph, tmp_path)
    assert "../review/index.html" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "index.html").write_text("<p>review</p>", encoding="utf-8")
    written = site.write(graph, tmp_path)
    assert "../review/index.html" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert all(p.is_file() for p in written)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]  # no temp left behind


def test_failed_write_keeps_the_previous_site(graph, tmp_path, monkeypatch):
    site.write(graph, tmp_path)
    before = (tmp_path / "site" / "index.html").read_bytes()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(site, "render_index", boom)
    with pytest.raises(RuntimeError):
        site.write(graph, tmp_path)
    assert (tmp_path / "site" / "index.html").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_inline_assets_make_self_contained_pages(graph):
    files = site.build(graph, inline_assets=True)
    assert not [k for k in files if k.startswith("assets/")]
    html = files[P.page_path("agency", "agency:景德镇市政数局")]
    assert "vis.Network" in html and 'src="../assets' not in html
    assert re.search(r"script-src 'self' 'sha256-[A-Za-z0-9+/=]+' 'sha256-", unescape(html))


def big_graph(n_agencies: int, n_measures: int, *, seed: int = 1) -> nx.MultiDiGraph:
    """A synthetic one-jurisdiction graph of the schema's shape (for aggregation tests and the benchmark)."""
    import random

    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    jid = "jurisdiction:测试市"
    g.add_node(jid, label="Jurisdiction", id=jid, name="测试市", level="city", parent=None, inferred=False)
    pid = "plan:synth.txt:1"
    g.add_node(pid, label="Plan", id=pid, title="测试市优化营商环境行动方案", jurisdiction="测试市", year=2023,
               source="synth.txt", line=1, kind="plan")
    g.add_edge(pid, jid, key="IN", type="IN", source="synth.txt", line=1)
    agencies = [f"agency:测试市局{i:03d}" for i in range(n_agencies)]
    for a in agencies:
        g.add_node(a, label="Agency", id=a, name=a.split(":", 1)[1], jurisdiction="测试市", collective=False,
                   resolved=True, aliases=[])
        g.add_edge(a, jid, key="IN", type="IN", source="synth.txt", line=1)
    plats = [f"platform:平台{i}" for i in range(12)]
    for p in plats:
        g.add_node(p, label="Platform", id=p, name=p.split(":", 1)[1], aliases=[])
    months = [f"2023-{m:02d}" for m in range(1, 13)]
    for mo in months:
        d = f"deadline:{mo}-28:date"
        g.add_node(d, label="Deadline", id=d, date=f"{mo}-28", kind="date", month=mo, year=2023)
    sections = [f"section:synth.txt:{i}:({i})" for i in range(1, 31)]
    for i, s in enumerate(sections, 1):
        g.add_node(s, label="Section", id=s, plan=pid, number=f"({i})", title=f"第{i}部分", source="synth.txt", line=i)
        g.add_edge(pid, s, key="HAS_SECTION", type="HAS_SECTION", source="synth.txt", line=i)
    for i in range(n_measures):
        m = f"measure:synth.txt:{100 + i}:{i}"
        mo = rnd.choice(months)
        lead = rnd.choice(agencies)
        g.add_node(m, label="Measure", id=m, plan=pid, number=str(i), title=f"措施{i}", text=f"措施{i}。(测试市局牵头)",
                   kind="measure", deadline=f"{mo}-28", indicator=None, source="synth.txt", line=100 + i)
        g.add_edge(pid, m, key="HAS_MEASURE", type="HAS_MEASURE", source="synth.txt", line=100 + i)
        g.add_edge(sections[i % len(sections)], m, key="HAS_MEASURE", type="HAS_MEASURE", source="synth.txt",
                   line=100 + i)
        g.add_edge(lead, m, key="LEADS", type="LEADS", inherited=False, source="synth.txt", line=100 + i,
                   mention=lead.split(":", 1)[1])
        for co in rnd.sample(agencies, 2):
            if co != lead:
                g.add_edge(co, m, key="SUPPORTS", type="SUPPORTS", source="synth.txt", line=100 + i,
                           mention=co.split(":", 1)[1])
        g.add_edge(m, rnd.choice(plats), key="USES_PLATFORM", type="USES_PLATFORM", source="synth.txt",
                   line=100 + i, mention="平台")
        g.add_edge(m, f"deadline:{mo}-28:date", key="DUE", type="DUE", source="synth.txt", line=100 + i,
                   mention=f"{mo}前")
    return g


def test_whole_jurisdiction_page_aggregates_beyond_the_node_limit():
    g = big_graph(200, 1600)
    page = next(p for p in P.list_pages(g) if p.kind == "jurisdiction")
    page.nodes = sorted(P.page_nodes(g, page.kind, page.focus))
    assert len(page.nodes) > P.MAX_NODES
    data = P.payload(g, page, P.site_index(g), net_builder=site.vis_network)
    assert len(data["nodes"]) <= P.MAX_NODES
    assert data["page"]["aggregated"] and "章节" in data["page"]["aggregated"]
    groups = [n for n in data["nodes"] if n["label"] == "Group"]
    assert len(groups) == 30 and sum(len(n["members"]) for n in groups) == 1600
    assert len(data["table"]) == 1600  # the table still lists every measure
    # aggregated edges keep their provenance and a count
    agg = [e for e in data["edges"] if e["type"] == "LEADS"]
    assert agg and all(e["quotes"] and e["quotes"][0]["source"] == "synth.txt" for e in agg)
    assert sum(e["count"] for e in agg) == 1600


def test_small_pages_are_not_aggregated(graph, files):
    for rel, html in _text(files).items():
        if rel.endswith(".html") and rel != "index.html":
            assert not _data(files, rel)["page"]["aggregated"], rel


def test_sample_site_is_byte_identical_across_runs(tmp_path):
    from dutygraph.api import graph_from_paths
    from dutygraph.paths import sample_plans_dir

    g = graph_from_paths([sample_plans_dir()])
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in site.write(g, tmp_path / "a")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in site.write(graph_from_paths([sample_plans_dir()]),
                                                                         tmp_path / "b")}
    assert a == b
    assert site.page_counts({str(k.relative_to("site")): v for k, v in a.items()})["agency"] == sum(
        1 for _, x in g.nodes(data=True) if x["label"] == "Agency")


def test_serve_command_serves_the_build_on_localhost_only(graph, tmp_path):
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    site.write(graph, tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "dutygraph.cli", "serve", str(tmp_path), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/site/index\.html", line)
        assert m, line
        base = f"http://127.0.0.1:{m.group(1)}/site/"
        with urllib.request.urlopen(base + "index.html", timeout=10) as r:
            assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
            assert r.headers["X-Content-Type-Options"] == "nosniff"
            assert "负荷最重的十个单位" in r.read().decode("utf-8")
        with urllib.request.urlopen(base + "assets/graph.js", timeout=10) as r:
            assert r.headers["Content-Type"].startswith("text/javascript")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(base + "agency/", timeout=10)
        assert err.value.code == 404  # no directory listings
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_a_folder_without_a_site(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "dutygraph.cli", "serve", str(tmp_path), "--port", "0"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "no site here" in r.stderr and str(tmp_path) in r.stderr


def test_roster_people_and_phones_from_the_samples_are_masked(tmp_path):
    """jiujiang-2023-business-environment-action-plan.txt 附件1 (lines 85-): names and mobile numbers of task-force
    members, e.g. line 93 "专班联络员:区市监局王蕊15357001681". Even from an unmasked graph the site shows neither."""
    from dutygraph.api import graph_from_paths
    from dutygraph.paths import sample_plans_dir

    g = graph_from_paths([sample_plans_dir()], include_people=True)
    names = {a["name"] for _, a in g.nodes(data=True) if a["label"] == "Person" and len(a["name"] or "") >= 2}
    assert "王蕊" in names and len(names) > 20
    files = _text(site.build(g))
    every = "\n".join(files.values())
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", every)
    assert "15357001681" not in every and "153********" in every
    leaked = sorted(n for n in names if n in every)
    assert leaked == []
    unmasked = "\n".join(_text(site.build(g, include_people=True)).values())
    assert "15357001681" in unmasked and "王蕊" in unmasked


def test_page_json_from_shared_fragments_equals_safe_json(graph, monkeypatch):
    """The site serialises shared node records, rows and quotes once (site.PageJSON), and its grouped pages'
    quotes and table rows are JSON texts from the start (payload's quote_text and row_text); the pages must
    be exactly what safe_json of each payload gives (the payload of dicts), on small pages and on aggregated
    ones; so must PageJSON of that payload."""
    big = big_graph(200, 1600)
    fast = {**site.build(graph), **{"big/" + k: v for k, v in site.build(big).items()}}
    assert site._Site.payload_texts
    monkeypatch.setattr(site._Site, "payload_texts", False)
    dicts = {**site.build(graph), **{"big/" + k: v for k, v in site.build(big).items()}}
    monkeypatch.setattr(site.PageJSON, "__call__", lambda self, data: site.safe_json(data))
    plain = {**site.build(graph), **{"big/" + k: v for k, v in site.build(big).items()}}
    assert fast.keys() == plain.keys() == dicts.keys()
    assert sum('"ids":' not in v for k, v in fast.items() if k.endswith(".html") and "/" in k) >= 2  # grouped pages
    for rel in fast:
        assert fast[rel] == plain[rel], rel
        assert dicts[rel] == plain[rel], rel


def test_pages_written_by_forked_processes_are_the_same_bytes(tmp_path):
    g = big_graph(300, 900)
    one = site.write(g, tmp_path / "one", jobs=1)
    three = site.write(g, tmp_path / "three", jobs=3)
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "three") for p in three]
    assert len(one) > 3 * site.PAGE_BLOCK  # every process had pages to write
    for out, written in ((tmp_path / "one", one), (tmp_path / "three", three)):  # every file, sorted as paths
        assert written == sorted(written) == sorted(p for p in (out / "site").rglob("*") if p.is_file())
    for a, b in zip(one, three):
        assert a.read_bytes() == b.read_bytes(), a
    assert sorted(p.name for p in (tmp_path / "three").iterdir()) == ["site"]  # nothing left behind


def test_a_failing_page_writer_keeps_the_previous_site(tmp_path, monkeypatch):
    g = big_graph(300, 900)
    site.write(g, tmp_path, jobs=1)
    before = sorted((tmp_path / "site").rglob("*"))
    late = {p.focus for p in P.list_pages(g)[site.PAGE_BLOCK: 2 * site.PAGE_BLOCK]}  # the second process's block
    real = P.page_nodes

    def page_nodes(g_, kind, focus, *a, **k):
        if focus in late:
            raise ValueError("boom in a page writer")
        return real(g_, kind, focus, *a, **k)

    monkeypatch.setattr(P, "page_nodes", page_nodes)
    from dutygraph.errors import StoreError

    with pytest.raises(StoreError, match="boom in a page writer"):
        site.write(g, tmp_path, jobs=2)
    assert sorted((tmp_path / "site").rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _payloads(g: nx.MultiDiGraph) -> dict[str, dict]:
    """Every page's payload as pages.payload computes it (what a full page carries inline), as JSON."""
    s = site._Site(g, include_people=False, review_present=False, inline_assets=False, max_nodes=P.MAX_NODES)
    out = {}
    for page in s.pages:
        page.nodes = sorted(P.page_nodes(s.g, page.kind, page.focus, s.cache))
        page.omitted_units = P.omitted_units(s.g, (n for n in page.nodes if s.g.nodes[n]["label"] == "Measure"), s.cache)
        out[page.path] = json.loads(site.safe_json(P.payload(s.g, page, s.idx, net_builder=site.vis_network,
                                                             cache=s.cache)))
    return out


@pytest.mark.parametrize("which", ["hand", "samples", "jurisdiction_of_900", "aggregated"])
def test_pages_with_data_files_assemble_to_their_payload(graph, which):
    """A page that fits (at most MAX_NODES nodes) keeps only node ranks and what no data file has; the
    records, rows and quoted edges of its measures come from the data shards of their plans. Assembled
    (site.assemble, which graph.js mirrors: see test_browser_site.py), every page gives exactly the
    payload a full page carries, and the shard pages are far smaller than the full pages."""
    from dutygraph.api import graph_from_paths
    from dutygraph.paths import sample_plans_dir

    g = {"hand": lambda: graph, "samples": lambda: graph_from_paths([sample_plans_dir()]),
         "jurisdiction_of_900": lambda: big_graph(300, 900), "aggregated": lambda: big_graph(200, 1600)}[which]()
    files = site.build(g)
    full = site.build(g, inline_assets=True)  # every page inline, as before data files
    want = _payloads(g)
    for rel, data in want.items():
        # more than MAX_NODES nodes: drawn grouped, from the page's own full data
        assert ('"ids":' in files[rel]) == (data["page"]["total_nodes"] <= P.MAX_NODES), rel
        assert site.assemble(files[rel], files.__getitem__) == data, rel
        assert site.assemble(full[rel], full.__getitem__) == data, rel
    if which == "aggregated":
        assert sum('"ids":' not in files[rel] for rel in want) == 2  # the plan and the jurisdiction of 1,600 measures
    shards = [k for k in files if k.startswith(site.SHARD_DIR + "/") and k != site.META_FILE]
    plans = {a.get("plan") or "" for _, a in g.nodes(data=True) if a["label"] == "Measure"}
    jurisdictions = {a.get("jurisdiction") or "" for _, a in g.nodes(data=True) if a["label"] == "Agency"}
    # one data file per plan, one per jurisdiction with agencies
    assert sorted(shards) == sorted([site.shard_path(p) for p in plans] + [site.agency_path(j) for j in jurisdictions])
    size = sum(len(v) for v in files.values() if isinstance(v, str) and not v.startswith("/*"))
    inline = sum(len(v) for k, v in full.items() if k.endswith(".html"))
    if which in ("samples", "jurisdiction_of_900"):
        assert size < inline / 3, (size, inline)


def test_a_shard_page_names_only_its_own_data_files(graph, files):
    """Each page loads the data files of its measures' plans and of its agencies' jurisdictions (and the
    site's meta), nothing else, and every file it names exists in the site."""
    for rel, html in _text(files).items():
        if not rel.endswith(".html") or rel == "index.html":
            continue
        srcs = re.findall(r'<script src="\.\./([^"]+)"></script>', html)
        assert srcs[-2:] == ["assets/vis-network.min.js", "assets/graph.js"], rel
        data = [s for s in srcs if s.startswith(site.SHARD_DIR + "/")]
        assert data[0] == site.META_FILE and all(s in files for s in data), rel
        d = _data(files, rel)
        plans = {graph.nodes[n["id"]].get("plan") or "" for n in d["nodes"] if n["label"] == "Measure"}
        jurs = {graph.nodes[n["id"]].get("jurisdiction") or "" for n in d["nodes"] if n["label"] == "Agency"}
        assert sorted(data[1:]) == sorted({site.shard_path(p) for p in plans} | {site.agency_path(j) for j in jurs}), rel


def test_data_files_written_by_forked_processes_are_the_same_bytes(tmp_path, monkeypatch):
    """The data shards are dealt to the page writers like the pages (blocks of PAGE_BLOCK): the same
    files, the same bytes as one process."""
    from dutygraph.api import graph_from_paths
    from dutygraph.paths import sample_plans_dir

    monkeypatch.setattr(site, "PAGE_BLOCK", 4)
    g = graph_from_paths([sample_plans_dir()])
    one = site.write(g, tmp_path / "one", jobs=1)
    three = site.write(g, tmp_path / "three", jobs=3)
    rel = [p.relative_to(tmp_path / "one") for p in one]
    assert rel == [p.relative_to(tmp_path / "three") for p in three]
    shards = [p for p in rel if p.parts[1] == site.SHARD_DIR and p.name != "meta.js"]
    assert len(shards) > 3 * 4  # every process wrote data files
    for a, b in zip(one, three):
        assert a.read_bytes() == b.read_bytes(), a


def _reference_loads(g: nx.MultiDiGraph) -> list[tuple[str, P.Load]]:
    """agency_loads as it was computed before the stored counts: through analytics/load.py."""
    return list(P._analytics_loads(g).items())


def test_agency_loads_from_stored_counts_equal_the_analytics_reference(tmp_path):
    """agency_loads reads graph/model.py's derived counts; the loads (unrounded), their lead/co parts,
    the counts and the order are agency_load's, on the samples, a synthetic corpus and a synthetic
    graph (masked for the site as it is)."""
    from click.testing import CliRunner

    from dutygraph.api import graph_from_paths
    from dutygraph.cli import cli
    from dutygraph.graph.model import derive
    from dutygraph.paths import sample_plans_dir

    res = CliRunner().invoke(cli, ["synth", "--docs", "40", "--seed", "3", "--out", str(tmp_path / "c")])
    assert res.exit_code == 0, res.output
    graphs = [graph_from_paths([sample_plans_dir()]), graph_from_paths(sorted(str(d) for d in (tmp_path / "c" / "docs").iterdir())),
              derive(big_graph(400, 3000, seed=5))]
    graphs.append(P.masked_graph(graphs[0], include_people=False))
    for g in graphs:
        got = list(P.agency_loads(g).items())
        assert got == _reference_loads(g)
        assert sum(1 for _, ld in got if ld.load > 0) > 10
    assert any(ld.inherited for ld in P.agency_loads(graphs[0]).values())
    plain = big_graph(50, 200)  # not derived: the analytics path, same numbers
    assert list(P.agency_loads(plain).items()) == _reference_loads(plain)
    from dutygraph.analytics import load
    from dutygraph.graph import model
    assert (model.LEAD_WEIGHT, model.CO_WEIGHT) == (load.LEAD_WEIGHT, load.CO_WEIGHT)  # (agency_loads reads model's)



def _reference_context(g: nx.MultiDiGraph) -> dict[str, dict]:
    """measure_context as it was written before its typed form: each list as the sorted set of its ids."""
    nodes = g._node
    plan_jur = {n: a.get("jurisdiction") or "" for n, a in nodes.items() if a.get("label") == "Plan"}
    out = {}
    for n, a in nodes.items():
        if a.get("label") != "Measure":
            continue
        lead = [u for u, kd in g._pred[n].items() if "LEADS" in kd]
        co = [u for u, kd in g._pred[n].items() if "SUPPORTS" in kd]
        platforms = [v for v, kd in g._adj[n].items() if "USES_PLATFORM" in kd]
        dates = [nodes[v]["date"] for v, kd in g._adj[n].items() if "DUE" in kd and nodes[v].get("date")]
        indicators = [nodes[v].get("name") or "" for v, kd in g._adj[n].items() if "UNDER" in kd]
        plan = a.get("plan") or ""
        out[n] = {"lead": sorted(set(lead)), "co": sorted(set(co)), "platforms": sorted(set(platforms)),
                  "date": a.get("deadline") or (max(dates) if dates else "") or "",
                  "indicator": a.get("indicator") or (sorted(indicators)[0] if indicators else ""),
                  "plan": plan, "jurisdiction": plan_jur.get(plan, "")}
    return out


def test_measure_context_equals_the_sorted_sets_of_its_neighbours(graph):
    """measure_context (its lists sorted in place: each holds one dict's keys) against the sorted sets, on
    the hand graph, a synthetic graph and one whose measures have several leads, co-units and platforms,
    a unit that both leads and supports, and a unit with two edges of one kind."""
    from dutygraph.graph.model import derive

    many = derive(big_graph(60, 400, seed=11))
    ms = sorted(n for n, a in many.nodes(data=True) if a["label"] == "Measure")
    units = sorted(n for n, a in many.nodes(data=True) if a["label"] == "Agency")
    for i, m in enumerate(ms[:40]):
        for u in units[i % 7: i % 7 + 5]:
            many.add_edge(u, m, key="LEADS" if i % 2 else "SUPPORTS")
        many.add_edge(units[-1], m, key="LEADS")
        many.add_edge(units[-1], m, key="SUPPORTS")
        many.add_edge(units[-2], m, key="SUPPORTS", extra=1)
        many.add_edge(units[-2], m, key="SUPPORTS")  # (the same key again: one edge, its attributes updated)
        many.add_node(f"platform:p{i}", label="Platform", name=f"p{i}")
        many.add_node(f"platform:q{i}", label="Platform", name=f"q{i}")
        many.add_edge(m, f"platform:q{i}", key="USES_PLATFORM")
        many.add_edge(m, f"platform:p{i}", key="USES_PLATFORM")
    for g in (graph, big_graph(40, 300), many):
        got = P.measure_context(g)
        assert got == _reference_context(g)
        assert list(got) == list(_reference_context(g))
    ctx = P.measure_context(many)
    assert sum(len(x["lead"]) > 2 for x in ctx.values()) > 10
    assert sum(len(x["platforms"]) >= 2 for x in ctx.values()) >= 40
    assert all(x["lead"] == sorted(x["lead"]) and x["co"] == sorted(x["co"]) for x in ctx.values())


def _reference_node_loads(g: nx.MultiDiGraph, agency: dict[str, P.Load]) -> dict[str, float]:
    """node_loads counting every node's edges (as before the stored counts)."""
    nodes, succ, pred = g._node, g._adj, g._pred
    out = {}
    for n, a in nodes.items():
        label = a.get("label")
        if label == "Agency":
            out[n] = agency[n].load if n in agency else 0.0
        elif label == "Measure":
            out[n] = float(sum(("LEADS" in kd) + ("SUPPORTS" in kd) for kd in pred[n].values()))
        elif label in ("Platform", "Indicator", "Deadline"):
            out[n] = float(sum(1 for u in pred[n] if nodes[u].get("label") == "Measure"))
        elif label in ("Plan", "Section"):
            out[n] = float(sum(1 for v in succ[n] if nodes[v].get("label") == "Measure"))
        else:
            out[n] = float(g.degree(n))
    return out


def test_node_loads_from_stored_counts_equal_the_counted_ones(tmp_path):
    from click.testing import CliRunner

    from dutygraph.api import graph_from_paths
    from dutygraph.cli import cli
    from dutygraph.graph.model import derive
    from dutygraph.paths import sample_plans_dir

    res = CliRunner().invoke(cli, ["synth", "--docs", "40", "--seed", "4", "--out", str(tmp_path / "c")])
    assert res.exit_code == 0, res.output
    corpus = sorted(str(d) for d in (tmp_path / "c" / "docs").iterdir())
    for g in (graph_from_paths([sample_plans_dir()]), graph_from_paths(corpus),
              derive(big_graph(400, 3000, seed=6)), big_graph(50, 200)):
        agency = P.agency_loads(g)
        got = P.node_loads(g, agency)
        assert list(got.items()) == list(_reference_node_loads(g, agency).items())
        assert any(got[n] > 1 for n, a in g.nodes(data=True) if a["label"] == "Measure")
        assert any(got[n] > 1 for n, a in g.nodes(data=True) if a["label"] == "Platform")



class _HalfDegreeGraph(nx.MultiDiGraph):
    """A MultiDiGraph whose degree is counted otherwise (node_loads must ask it, not count the edges itself)."""

    @property
    def degree(self):  # type: ignore[override]
        return lambda n: len(self._adj[n])


def test_node_loads_of_other_nodes_are_their_degree_with_parallel_edges_and_self_loops():
    for cls in (nx.MultiDiGraph, _HalfDegreeGraph):
        g = cls()
        g.add_node("m1", label="Measure", text="t")  # without the stored counts: counted from its edges
        g.add_node("m2", label="Measure")
        g.add_node("a1", label="Agency")
        g.add_node("a2", label="Agency")
        g.add_node("p", label="Plan")
        g.add_node("s", label="Section")
        g.add_node("i", label="Indicator")
        g.add_node("f", label="Source")
        g.add_node("x", label="Jurisdiction")
        g.add_node("lone", label="Source")
        for u, v, k in [("a1", "m1", "LEADS"), ("a1", "m1", "SUPPORTS"), ("a2", "m1", "SUPPORTS"), ("a2", "m2", "LEADS"),
                        ("p", "m1", "HAS"), ("p", "m2", "HAS"), ("p", "s", "HAS"), ("s", "m2", "HAS"),
                        ("m1", "i", "UNDER"), ("m2", "i", "UNDER"), ("a1", "i", "UNDER"),
                        ("f", "f", "SELF"), ("f", "f", "SELF2"), ("f", "p", "A"), ("f", "p", "B"), ("p", "f", "C"),
                        ("x", "x", "IN"), ("a1", "x", "IN"), ("x", "a1", "IN")]:
            g.add_edge(u, v, key=k)
        agency = P.agency_loads(g)
        got = P.node_loads(g, agency)
        assert list(got.items()) == list(_reference_node_loads(g, agency).items() if cls is nx.MultiDiGraph else
                                         {**_reference_node_loads(g, agency), "f": 2.0, "x": 2.0, "lone": 0.0}.items())
        assert all(type(v) is float for v in got.values())
        if cls is nx.MultiDiGraph:  # each edge out and in; a self-loop both ways
            assert (got["f"], got["x"], got["lone"], got["m1"], got["m2"], got["i"], got["p"], got["s"]) == (
                7.0, 4.0, 0.0, 3.0, 1.0, 2.0, 2.0, 1.0)


def _reference_deadline_months(g: nx.MultiDiGraph) -> list[tuple[str, str, int]]:
    """The overview's deadline months as read from analytics deadline_crunch's frame (as before)."""
    from dutygraph.analytics.deadlines import deadline_crunch

    df = deadline_crunch(g)
    return sorted((str(r["month"]), str(r["agency_id"]), int(r["due"])) for r in df.to_dict("records")
                  if r["month"] and str(r["agency_id"]) in g)


def test_deadline_months_equal_the_deadline_crunch_rows(tmp_path):
    from click.testing import CliRunner

    from dutygraph.api import graph_from_paths
    from dutygraph.cli import cli
    from dutygraph.paths import sample_plans_dir

    res = CliRunner().invoke(cli, ["synth", "--docs", "40", "--seed", "5", "--out", str(tmp_path / "c")])
    assert res.exit_code == 0, res.output
    corpus = sorted(str(d) for d in (tmp_path / "c" / "docs").iterdir())
    for g in (graph_from_paths([sample_plans_dir()]), graph_from_paths(corpus), big_graph(400, 3000, seed=7)):
        got = P.deadline_months(g)
        assert got == _reference_deadline_months(g)
        assert len({a for _, a, _ in got}) > 3 and any(n > 1 for _, _, n in got)


def _reference_drawn_edges(g: nx.MultiDiGraph, page: P.Page, max_nodes: int) -> dict[tuple[str, str, str], int]:
    """The drawn edges of a page and how many graph edges each stands for, from the induced subgraph
    (networkx's own view): measures mapped to their group, edges inside one group and edges of the
    least-connected nodes left off are not drawn (without either, every edge is, a self-loop too)."""
    from collections import Counter

    keep = set(page.nodes)
    groups = P.aggregate(g, keep, page.focus, max_nodes)[0] if len(keep) > max_nodes else {}
    member_of = {m: gid for gid, ms in groups.items() for m in ms}
    sub = list(g.subgraph(keep).edges(keys=True))
    drawn = [n for n in keep if n not in member_of] + list(groups)
    dropped: set[str] = set()
    if len(drawn) > max_nodes:
        degree: Counter[str] = Counter()
        for u, v, _ in sub:
            uu, vv = member_of.get(u, u), member_of.get(v, v)
            if uu != vv:
                degree[uu] += 1
                degree[vv] += 1
        ranked = sorted((n for n in drawn if n != page.focus), key=lambda n: (-degree[n], n))
        dropped = set(ranked[max_nodes - (1 if page.focus in keep else 0):])
    out: Counter[tuple[str, str, str]] = Counter()
    for u, v, k in sub:
        uu, vv = member_of.get(u, u), member_of.get(v, v)
        if (member_of or dropped) and (uu == vv or uu in dropped or vv in dropped):
            continue
        out[(uu, vv, k)] += 1
    return dict(out)


@pytest.mark.parametrize("max_nodes", [P.MAX_NODES, 120, 40])
def test_grouped_page_edges_are_the_induced_edges_grouped(max_nodes):
    """payload gathers a page's drawn edges in one pass over the adjacency: the same edges and counts as
    grouping the induced subgraph's edges, with groups only (MAX_NODES) and with nodes left off too."""
    g = big_graph(200, 1600)
    g.add_edge("agency:测试市局000", "agency:测试市局000", key="MEMBER_OF", type="MEMBER_OF", source="synth.txt", line=1)
    page = next(p for p in P.list_pages(g) if p.kind == "jurisdiction")
    page.nodes = sorted(P.page_nodes(g, page.kind, page.focus))
    data = P.payload(g, page, P.site_index(g), net_builder=site.vis_network, max_nodes=max_nodes)
    assert len(data["nodes"]) <= max_nodes
    got = {(e["from"], e["to"], e["type"]): e["count"] for e in data["edges"]}
    assert got == _reference_drawn_edges(g, page, max_nodes)
    assert all(1 <= len(e["quotes"]) <= min(e["count"], P.MAX_EDGE_QUOTES) for e in data["edges"])


def test_ungrouped_page_edges_are_every_induced_edge_a_self_loop_too():
    g = big_graph(20, 60)
    g.add_edge("agency:测试市局000", "agency:测试市局000", key="MEMBER_OF", type="MEMBER_OF", source="synth.txt", line=1)
    page = next(p for p in P.list_pages(g) if p.kind == "jurisdiction")
    page.nodes = sorted(P.page_nodes(g, page.kind, page.focus))
    data = P.payload(g, page, P.site_index(g), net_builder=site.vis_network)
    got = {(e["from"], e["to"], e["type"]): e["count"] for e in data["edges"]}
    assert got == _reference_drawn_edges(g, page, P.MAX_NODES) == {k: 1 for k in g.subgraph(page.nodes).edges(keys=True)}
    assert ("agency:测试市局000", "agency:测试市局000", "MEMBER_OF") in got


def test_page_html_from_the_rendered_skeleton_equals_jinja():
    """site._graph_html renders graph.html once per shape and fills in each page's values: the same text as
    Jinja2 rendering the template for that page (values escaped as autoescape does, markup as it is)."""
    import random

    from markupsafe import Markup

    env = site._env()
    rnd = random.Random(3)
    bits = ["a", "<", ">", "&", '"', "'", "中", "{{ title }}", "{% if x %}", "\ue000", "\ue000dg-slot-title\ue000", "\n"]

    def text() -> str:
        return "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 8)))

    for _ in range(500):
        kw = {"title": text(), "kind": text(), "aggregated": text() if rnd.random() < 0.5 else "",
              "grouped": rnd.random() < 0.5, "css": text(), "js": text(), "data": text(), "csp": text()}
        expected = env.get_template("graph.html").render(
            **{**kw, "css": Markup(kw["css"]), "js": Markup(kw["js"]), "data": Markup(kw["data"])})
        assert site._graph_html(env, **kw) == expected, kw
    # kind and csp are escaped once per value and env (a memo): the same text again, and as Markup (which
    # is not escaped), still render as Jinja2 renders them
    for v in ("<&>\"'", "中", ""):
        for kind, csp in ((v, v), (Markup(v), Markup(v)), (v, Markup(v)), (v, v)):
            kw = {"title": "t", "kind": kind, "aggregated": "", "grouped": False, "css": "", "js": "", "data": "",
                  "csp": csp}
            assert site._graph_html(env, **kw) == env.get_template("graph.html").render(**kw), kw


def test_shard_page_html_from_its_skeleton_equals_graph_html():
    """site._shard_html (a page that fits: its skeleton made once per kind, notice or none, css and csp)
    gives _graph_html's text for the same values, also for texts that look like its markers or need
    escaping, and for a Markup value (which goes through _graph_html)."""
    import random

    from markupsafe import Markup

    env = site._env()
    rnd = random.Random(5)
    bits = ["a", "<", ">", "&", '"', "'", "中", "{{ title }}", "\ue001", "\ue001dg-var-title\ue001",
            "\ue000dg-slot-title\ue000", "\n"]

    def text() -> str:
        return "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 8)))

    kinds, fixed = ["单位", "方案", text(), text()], [(text(), text()) for _ in range(3)]
    for i in range(1500):
        css, csp = rnd.choice(fixed)
        kw = {"title": text(), "kind": rnd.choice(kinds), "aggregated": text() if rnd.random() < 0.5 else "",
              "css": css, "js": text(), "data": text(), "csp": csp}
        if i % 40 == 0:
            kw["title"] = Markup(kw["title"])
        assert site._shard_html(env, **kw) == site._graph_html(env, grouped=False, **kw), kw


def _json_texts(seed: int):
    """A seeded random source and a maker of short texts from what JSON and HTML escaping must handle
    (quotes, backslashes, control characters, <>&, line separators, a lone surrogate, an emoji)."""
    import random

    rnd = random.Random(seed)
    bits = ["a", "<", ">", "&", '"', "\\", "\n", "\x00", "\x1f", "中", "\u2028", "\u2029", "\ud83d", "😀", "/"]

    def text() -> str:
        return "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 10)))

    return rnd, text


def test_page_meta_formatted_directly_equals_safe_json():
    """site.page_meta_json (a page that fits: its facts) is safe_json's text, also where a value has
    another type or a key is missing or extra."""
    rnd, text = _json_texts(19)
    odd = [None, 3, 2.5, True, ["a"], {"b": 1}]
    for i in range(5000):
        meta = {"kind": text(), "focus": text(), "title": text(), "aggregated": text(),
                "total_nodes": rnd.choice([0, 1, 1500, 10**12, -3])}
        if i % 7 == 0:
            meta[rnd.choice(sorted(meta))] = rnd.choice(odd)
        if i % 53 == 0:
            meta.pop(rnd.choice(sorted(meta)))
        if i % 61 == 0:
            meta["extra"] = text()
        assert site.page_meta_json(meta) == site.safe_json(meta), meta


def test_edge_quotes_formatted_directly_equal_safe_json():
    rnd, text = _json_texts(4)

    to_json = site.PageJSON()
    for i in range(5000):
        q = {"source": text(), "line": rnd.choice([0, 1, 7, 10**9]), "mention": text(), "quote": text(),
             "inherited": rnd.random() < 0.5, "from": text(), "to": text()}
        if i % 50 == 0:
            q["line"] = True  # not an int: safe_json's text
        assert to_json._quote(q) == site.safe_json(q), q


def test_edge_quotes_formatted_from_their_values_equal_safe_json():
    """PageJSON.quote_text (a grouped page's quote made from its values, as payload's quote_text) against
    safe_json of the quote dict pages._drawn_edges makes of the same values: random texts (the names,
    sources and mentions it keeps encoded, met again; empty ones), lines it writes as C integers and
    others, and values of other types (through quote_json)."""
    rnd, text = _json_texts(24)
    to_json = site.PageJSON(texts=True)
    seen: list[str] = []
    for i in range(5000):
        vals = [text() if not seen or rnd.random() < 0.5 else rnd.choice(seen) for _ in range(5)]
        seen.extend(vals)
        source, mention, quote, fr, to = vals
        line, inherited = rnd.choice([0, 1, 7, 10**9, site.MAX_LINE]), rnd.random() < 0.5
        if i % 30 == 0:  # lines it does not write as a C integer (through quote_json)
            line = rnd.choice([-3, site.MAX_LINE + 1, 1 << 70])
        if i % 40 == 0:  # values of other types
            line = rnd.choice([True, 2.5, None, "3"])
        if i % 45 == 0:
            inherited = rnd.choice([0, 1, None])
        if i % 50 == 0:
            source, fr = rnd.choice([(5, fr), (source, None), (source, 1.5)])
        q = {"source": source, "line": line, "mention": mention, "quote": quote, "inherited": inherited,
             "from": fr, "to": to}
        assert to_json.quote_text(source, line, mention, quote, inherited, fr, to) == site.safe_json(q), q


def test_vis_nodes_formatted_directly_equal_safe_json(graph):
    """site.vis_node_json (a grouped page's vis-network nodes but its focus) against safe_json: random nodes,
    and those vis_network makes of the samples' node records."""
    rnd, text = _json_texts(14)

    for i in range(5000):
        n = {"color": text(), "value": rnd.choice([0.5, 1.0, 2 / 3, 1e20, 12345.678]),
             "borderWidth": rnd.choice([0, 1, 4]), "id": text(), "label": text(), "shape": text()}
        if i % 25 == 0:  # unusual types or keys: safe_json's text
            n[rnd.choice(["value", "borderWidth", "id", "label", "extra"])] = rnd.choice(
                [1, float("nan"), float("inf"), None, True, [text()], 2.5])
        assert site.vis_node_json(n) == site.safe_json(n), n
    g = P.masked_graph(graph, include_people=False)
    idx = P.site_index(g)
    recs = [P._node_record(g, n, a, None, idx) for n, a in g.nodes(data=True)]
    vis_nodes, _ = site.vis_network(recs, [])
    assert len(vis_nodes) == len(recs)
    for n in vis_nodes:
        assert site.vis_node_json(n) == site.safe_json(n), n


def test_node_records_formatted_directly_equal_safe_json():
    rnd, text = _json_texts(5)

    for i in range(5000):
        rec = {"id": text(), "label": text(), "type": text(), "name": text(),
               "value": rnd.choice([0.0, 0.5, 1.0, 2 / 3, 1e20, 1e-7, 12345.678]), "juris": text(), "ind": text(),
               "date": text(), "props": [[text(), text()] for _ in range(rnd.randint(0, 3))], "page": text(),
               "focus": rnd.random() < 0.5, "snippet": text()}
        if i % 50 == 0:  # unusual types or keys: safe_json's text
            rec[rnd.choice(["value", "focus", "name", "extra"])] = rnd.choice([1, float("nan"), None, True, [text()]])
        assert site.record_json(rec) == site.safe_json(rec), rec


def test_group_records_formatted_directly_equal_safe_json():
    """site.group_json (a grouped page's measure groups: their members, indicators and dates as lists)."""
    rnd, text = _json_texts(12)

    for i in range(5000):
        rec = {"id": text(), "label": "Group", "type": text(), "name": text(),
               "value": rnd.choice([0.0, 1.0, 2.0, 12345.0, 0.5]), "juris": text(), "ind": text(), "date": text(),
               "props": [[text(), text()] for _ in range(rnd.randint(0, 2))], "page": text(),
               "focus": rnd.random() < 0.5, "snippet": text(),
               "members": [[text(), text()] for _ in range(rnd.randint(0, 5))],
               "inds": [text() for _ in range(rnd.randint(0, 3))], "dates": [text() for _ in range(rnd.randint(0, 3))]}
        if i % 25 == 0:  # unusual types or keys: safe_json's text
            rec[rnd.choice(["value", "focus", "name", "extra", "members", "inds", "dates"])] = rnd.choice(
                [1, float("nan"), None, True, [text()], [[text()]], [1], (text(),), [[text(), 1]], [(text(), text())],
                 [[text(), text(), text()]]])
        assert site.group_json(rec) == site.safe_json(rec), rec


def test_node_record_props_formatted_directly_equal_the_encoder():
    rnd, text = _json_texts(6)

    names = [text() for _ in range(8)]  # (recurring names: their JSON heads are kept)
    for i in range(5000):
        props = [[rnd.choice(names), text()] for _ in range(rnd.randint(0, 20))]
        if i % 25 == 0 and props:  # unusual pairs or types: the encoder's text
            props[rnd.randrange(len(props))] = rnd.choice([[text()], [text(), text(), text()], (text(), text()),
                                                           [text(), 1], [None, text()], [text(), [text()]]])
        elif i % 25 == 1:
            props = rnd.choice([None, (), {"a": text()}, [text()]])
        assert site.props_json(props) == site._ENCODE(props), props


def test_table_rows_formatted_directly_equal_safe_json():
    rnd, text = _json_texts(7)

    keys = ["id", "number", "title", "lead", "co", "platforms", "deadline", "indicator", "plan", "source", "juris"]
    for i in range(5000):
        row = {k: text() for k in keys}
        row["line"] = rnd.choice([0, 1, 7, 10**9])
        if i % 50 == 0:  # unusual types or keys: safe_json's text
            row[rnd.choice(["line", "title", "extra"])] = rnd.choice([True, 1.5, None, [text()]])
        assert site.row_json(row) == site.safe_json(row), row


def test_data_file_edges_formatted_directly_equal_safe_json():
    rnd, text = _json_texts(9)

    strings = site._StringJSON()
    types = ["LEADS", "SUPPORTS", text(), text()]
    for i in range(5000):
        e = [rnd.choice([0, 1, 10**6]), rnd.choice([0, 3]), rnd.choice(types), text(), rnd.choice([0, 1, 10**9]),
             text(), rnd.choice([0, text()]), rnd.choice([0, 1])]
        if i % 50 == 0:  # unusual types or length: safe_json's text
            e[rnd.choice([1, 2, 3, 4, 6, 7])] = rnd.choice([True, 1.5, None, 2, [text()]])
        elif i % 50 == 1:
            e = e[:rnd.randint(0, 7)]
        assert site._safe(site.edge_text(e, strings)) == site.safe_json(e), e


def _reference_data_edge(g, rank, cut_in_page, u, v, k, a) -> list:
    """A data file's edge as a list, as site.data_edge made it before data_edge_text formatted it as it is
    made: [from rank, to rank, type, source, line, mention, quote (0: cut by the page), inherited]."""
    nodes = g._node
    t = v if nodes[v].get("label") in P.QUOTE_LABELS else u
    ta = nodes[t]
    mention = a.get("mention")
    if mention and ta.get("label") == "Measure" and ta.get("text"):
        text = ta["text"]
        cut = cut_in_page.get(t)
        if cut is None:
            cut = cut_in_page[t] = len(text) <= P.MAX_PROP_CHARS and not re.search("[\ud800-\udfff]", text)
        quote = (0 if mention in text else "") if cut else P._quote(g, u, v, a)
    else:
        quote = P._quote(g, u, v, a)
    return [rank[u], rank[v], k, a.get("source") or "", a.get("line") or 0, mention or "", quote,
            1 if a.get("inherited") else 0]


def _outcome(f, *args):
    """f(*args), or the type of what it raised (the direct and the general form must fail alike)."""
    try:
        return f(*args)
    except Exception as exc:  # noqa: BLE001
        return type(exc)


def _site_graphs(graph) -> list[nx.MultiDiGraph]:
    """The samples' masked graph, and that of a slice of the synthetic corpus when it has been made."""
    from dutygraph.api import graph_from_paths
    corpus = Path(__file__).resolve().parent.parent / "bench" / "results" / "corpus" / "10k-s0" / "docs" / "000"
    graphs = [graph] + ([graph_from_paths(sorted(corpus.iterdir())[:40])] if corpus.is_dir() else [])
    return [P.masked_graph(g, include_people=False) for g in graphs]


_ODD_EDGE_VALUES = {"mention": [None, "", 0, "市", "市政府", "\ud800"], "source": [None, "", 5, "a.txt", "<&>"],
                    "line": [None, 0, 7, True, 1.5, "7", -3, site.MAX_LINE, site.MAX_LINE + 1, 10 ** 20],
                    "inherited": [None, True, False, 1, ""]}


def _check_data_edges(g: nx.MultiDiGraph, odd: bool = False) -> None:
    import random

    rnd = random.Random(10)
    rank = {n: i for i, n in enumerate(sorted(g))}
    cut1: dict = {}
    cut2: dict = {}
    strings = site._StringJSON()
    for u, v, k, a in g.edges(keys=True, data=True):
        tries = [a]
        if odd:  # values of other types or none: the list's text (through safe_json)
            tries += [{**a, name: rnd.choice(vals)} for name, vals in _ODD_EDGE_VALUES.items()]
        for b in tries:
            want = _outcome(lambda: site.safe_json(_reference_data_edge(g, rank, cut2, u, v, k, b)))
            got = _outcome(lambda: site._safe(site.data_edge_text(g, rank, cut1, u, v, k, b, strings)))
            assert got == want, (u, v, k, b)
    assert cut1 == cut2


def test_data_file_edges_as_made_equal_their_lists_through_safe_json(graph):
    """data_edge_text (a data file's edge formatted as it is made) against the edge's list, as it was made
    before, through safe_json: every edge of the samples' graph and of a slice of the synthetic corpus,
    and the samples' edges with values of other types."""
    for i, g in enumerate(_site_graphs(graph)):
        _check_data_edges(g, odd=i == 0)


@settings(max_examples=300, deadline=None)
@given(texts=hs.lists(hs.text(max_size=12) | hs.sampled_from(["", "市政府", "<a>&", "\u2028", "\ud800", "…"]),
                      min_size=6, max_size=6), inherited=hs.booleans())
def test_data_file_edges_of_any_text_equal_their_lists_through_safe_json(texts, inherited):
    """The same on a measure and a unit whose texts, mention and source are any strings."""
    text, title, name, mention, source, number = texts
    g = nx.MultiDiGraph()
    g.add_node("m", label="Measure", text=text, title=title, number=number)
    g.add_node("a", label="Agency", name=name)
    g.add_node("s", label="Section", title=title, name=name)
    g.add_edge("a", "m", key="LEADS", mention=mention, source=source, line=3, inherited=inherited)
    g.add_edge("s", "m", key="HAS_MEASURE", mention=mention, source=source, line=0)
    g.add_edge("m", "a", key="X", mention=mention, source=source, line=4)
    _check_data_edges(g)


_PAGE_RECORD_KEYS = ("date", "focus", "id", "ind", "juris", "label", "name", "value")


def _check_data_records(g: nx.MultiDiGraph, idx: P.SiteIndex) -> None:
    rank = {n: i for i, n in enumerate(sorted(g))}
    for n, a in g._node.items():
        want = _outcome(lambda: site.record_fragment(rank[n], P._node_record(g, n, a, None, idx), n))
        assert _outcome(site.data_record, g, n, a, idx, rank[n]) == want, (n, a)
        # a grouped page's record (payload's node_record): the values the page reads and the record's text, or
        # the record itself (or the same error)
        rec = _outcome(P._node_record, g, n, a, None, idx)
        got = _outcome(site.page_record, g, n, a, idx)
        if type(got) is site.PageRecord:
            assert sorted(got) == list(_PAGE_RECORD_KEYS), (n, a)
            assert [got[k] for k in _PAGE_RECORD_KEYS] == [rec[k] for k in _PAGE_RECORD_KEYS], (n, a)
            assert got.json == site.record_json(rec), (n, a)
            # its vis node's text: vis_node_json of vis_network's dict of the record; the record stands for it
            vis = site.vis_network([rec], [])[0][0]
            assert got.vis == site.vis_node_json(vis), (n, a)
            assert site.vis_network([got], [])[0] == [got]
        else:
            assert got == rec and type(got) is type(rec), (n, a)


def test_page_record_of_an_odd_style_has_its_vis_node_made_as_before(graph, monkeypatch):
    """A label whose vis style is not two str: its PageRecord has no vis text, and vis_network makes its vis
    dict from it as from its record."""
    g = graph
    idx = P.site_index(g)
    monkeypatch.setitem(P.NODE_STYLE, "Agency", (["#123456"], "dot"))
    n = next(n for n, a in g.nodes(data=True) if a.get("label") == "Agency")
    got = site.page_record(g, n, g._node[n], idx)
    assert type(got) is site.PageRecord and got.vis is None
    rec = P._node_record(g, n, g._node[n], None, idx)
    assert site.vis_network([got], [])[0] == site.vis_network([rec], [])[0]
    assert site.vis_network([got], [])[0][0]["color"] == ["#123456"]


def test_data_records_equal_their_records_formatted(graph):
    """data_record (a data file's node formatted from its attributes) against its record (_node_record)
    through record_fragment, and page_record (a grouped page's) against the record's values and record_json:
    every node of the samples' graph and of a slice of the synthetic corpus, and the samples' nodes with
    values of other types (the record's general text, or the same error)."""
    import random

    rnd = random.Random(11)
    for i, g in enumerate(_site_graphs(graph)):
        idx = P.site_index(g)
        _check_data_records(g, idx)
        if i:
            continue
        odd = ["", None, 5, 2.5, True, ["甲", 1], "<&>\u2028", "x" * (P.MAX_PROP_CHARS + 2)]
        for n in list(g):
            a = g._node[n]
            for key in ("name", "title", "number", "date", "jurisdiction", "plan", "text", "label", "kind"):
                g._node[n] = {**a, key: rnd.choice(odd)}
                _check_data_records(g, idx)
            g._node[n] = a
        for n in list(idx.loads)[:20]:  # a size that is not a finite float
            was = idx.loads[n]
            for x in (float("nan"), float("inf"), 3, True):
                idx.loads[n] = x
                _check_data_records(g, idx)
            idx.loads[n] = was


@settings(max_examples=300, deadline=None)
@given(texts=hs.lists(hs.text(max_size=12) | hs.sampled_from(["", "市政府", "<a>&", "\u2028", "\ud800", " x  y "]),
                      min_size=5, max_size=5), label=hs.sampled_from(["Measure", "Agency", "Section", "Deadline",
                                                                       "Indicator", "Plan", "Jurisdiction", "Other"]))
def test_data_records_of_any_text_equal_their_records_formatted(texts, label):
    """The same on nodes of each label whose texts are any strings."""
    text, name, number, date, juris = texts
    g = nx.MultiDiGraph()
    g.add_node("p", label="Plan", title=name, jurisdiction=juris)
    g.add_node("n", label=label, name=name, title=name, text=text, number=number, date=date, jurisdiction=juris,
               plan="p", kind=number)
    idx = P.site_index(g)
    _check_data_records(g, idx)


def _check_data_rows(g: nx.MultiDiGraph, idx: P.SiteIndex) -> None:
    shown = P.DisplayNames(g._node)
    for i, m in enumerate(sorted(n for n, a in g.nodes(data=True) if a.get("label") == "Measure")):
        want = _outcome(lambda: f"[{i},{i + 1},{site.row_json(P._table_row(g, m, idx, shown))}]")
        assert _outcome(site.data_row, g, m, idx, shown, i, i + 1) == want, (m, g._node[m], idx.ctx.get(m))
        # a grouped page's row (payload's row_text): the row alone
        want = _outcome(lambda: site.row_json(P._table_row(g, m, idx, shown)))
        assert _outcome(site.row_text, g, m, idx, shown) == want, (m, g._node[m], idx.ctx.get(m))


def test_data_rows_equal_their_table_rows_formatted(graph):
    """data_row (a data file's table row formatted from the measure) against its row (_table_row) through
    row_json: every measure of the samples' graph and of a slice of the synthetic corpus, and the samples'
    measures with values of other types in their attributes and context."""
    import random

    rnd = random.Random(12)
    for i, g in enumerate(_site_graphs(graph)):
        idx = P.site_index(g)
        _check_data_rows(g, idx)
        if i:
            continue
        odd = ["", None, 5, 2.5, True, ["甲", 1], "<&>\u2028", "x" * 100, "plan:nowhere"]
        for m in [n for n, a in g.nodes(data=True) if a.get("label") == "Measure"]:
            a, x = g._node[m], idx.ctx[m]
            for key in ("number", "title", "text", "source", "line"):
                g._node[m] = {**a, key: rnd.choice(odd)}
                _check_data_rows(g, idx)
            g._node[m] = a
            units = sorted(n for n, b in g.nodes(data=True) if b.get("label") == "Agency")
            for key, vals in (("plan", odd + sorted(g)[:3]), ("date", odd), ("indicator", odd), ("jurisdiction", odd),
                              ("lead", [[], units, units * 30, ("x",)]), ("co", [units[:2], units * 20, None])):
                idx.ctx[m] = {**x, key: rnd.choice(vals)}
                _check_data_rows(g, idx)
            del idx.ctx[m]["plan"]  # (a context without a plan)
            _check_data_rows(g, idx)
            idx.ctx[m] = x


@settings(max_examples=300, deadline=None)
@given(texts=hs.lists(hs.text(max_size=12) | hs.sampled_from(["", "市政府", "<a>&", "\u2028", "\ud800", " x  y "]),
                      min_size=5, max_size=5), units=hs.integers(0, 60))
def test_data_rows_of_any_text_equal_their_table_rows_formatted(texts, units):
    """The same on a measure whose texts and units' names are any strings."""
    text, title, number, name, source = texts
    g = nx.MultiDiGraph()
    g.add_node("p", label="Plan", title=name, jurisdiction=name)
    g.add_node("m", label="Measure", text=text, title=title, number=number, source=source, line=units, plan="p")
    g.add_edge("p", "m", key="HAS_MEASURE")
    for i in range(units):
        g.add_node(f"a{i}", label="Agency", name=name + str(i))
        g.add_edge(f"a{i}", "m", key="LEADS" if i % 2 else "SUPPORTS")
    _check_data_rows(g, P.site_index(g))


@settings(max_examples=300, deadline=None)
@given(ranks=hs.lists(hs.integers(0, 2**62) | hs.integers() | hs.sampled_from([-(2**63), 2**63 - 1, 2**63, 0, 9, 10])))
def test_ranks_text_is_their_decimal_numbers_joined(ranks):
    """Compiled, the ranks in Py_ssize_t's range are written digit by digit (site.pxd's _ranks_c), the smallest
    and largest too; any other int goes through str."""
    assert site.ranks_json(ranks) == ",".join(map(str, ranks))


@settings(max_examples=300, deadline=None)
@given(rows=hs.lists(hs.tuples(hs.integers(0, 3), hs.integers(0, 2), hs.sampled_from(["", "a", "b", "乙"]),
                               hs.integers(0, 5))),
       n=hs.integers(0, 12), whole=hs.booleans())
def test_first_n_by_a_head_equal_the_sorted_first_n(rows, n, whole):
    """overview's top lists: _first keys only the items whose head (a prefix of the key, or its first item)
    is at most the n-th smallest head; the same items in the same order as sorting them all (ties by key
    kept in their order: the rows' last field is not in the key)."""
    def key(r):
        return r[:3]

    heads = [r[:2] if whole else r[0] for r in rows]
    assert site._first(list(rows), heads, n, key) == sorted(rows, key=key)[:n]


@settings(max_examples=300, deadline=None)
@given(hs.text(max_size=12) | hs.sampled_from(["", "市政府", "<a>&", "'\"", "a&b", "中>"]))
def test_escaped_text_is_markupsafe_escape(s):
    from markupsafe import escape

    got = site._escaped(s)
    assert type(got) is str and got == str(escape(s))


def test_table_rows_with_kept_display_names_equal_those_without(graph):
    g = P.masked_graph(graph, include_people=False)
    idx = P.site_index(g)
    shown = P.DisplayNames(g._node)
    for m in sorted(n for n, a in g.nodes(data=True) if a.get("label") == "Measure"):
        assert P._table_row(g, m, idx, shown) == P._table_row(g, m, idx), m
    assert shown and all(name == P.display_name(g.nodes[n]) for n, name in shown.items())


def test_one_encoder_for_every_call_gives_json_dumps_text():
    import random

    rnd = random.Random(8)

    def value(depth: int = 0):
        r = rnd.random()
        if depth > 3 or r < 0.4:
            return rnd.choice(["", "a<b>&", "中\u2028", 0, -7, 1.5, 2 / 3, True, False, None, float("inf")])
        if r < 0.7:
            return [value(depth + 1) for _ in range(rnd.randint(0, 4))]
        return {rnd.choice(["b", "a", "中", "z1"]): value(depth + 1) for _ in range(rnd.randint(0, 4))}

    for _ in range(3000):
        v = value()
        assert site._ENCODE(v) == json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    held = [1, object()]
    with pytest.raises(TypeError):
        site._ENCODE([held])
    held[1] = 2
    assert site._ENCODE(held) == "[1,2]"  # a failed call leaves no false cycle behind
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        site._ENCODE(loop)


def test_safe_escapes_like_the_replace_chain():
    import random

    rnd = random.Random(6)
    bits = ["a", "<", ">", "&", "中", "\u2028", "\u2029", "u", "\\"]
    for _ in range(2000):
        s = "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 12)))
        assert site._safe(s) == (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
                                 .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))



def _replace_chain(s: str) -> str:
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# characters whose low byte is one _safe looks for (a byte search's false candidates in 2- and 4-byte strs), the
# five it escapes, and one of each width
_SAFE_BITS = ["a", "<", ">", "&", "\u2028", "\u2029", "\u2026", "\u4e26", "\u3c3c", "\u013e", "\u2128", "\u3e29",
              "\u1f3c", "\u00e9", "\U0001f326", "\U0001203c", "中", "\\", "u"]


@settings(max_examples=400, deadline=None)
@given(hs.lists(hs.sampled_from(_SAFE_BITS), max_size=120), hs.sampled_from(["", "x" * 50, "é" * 45, "中" * 41,
                                                                           "\U0001f600" * 40]))
def test_safe_of_each_width_equals_the_replace_chain_and_keeps_a_clean_str(bits, pad):
    # short strs and ones past the byte search's cut-off (40 characters), padded before and after with each width
    for s in ("".join(bits), pad + "".join(bits), "".join(bits) + pad, pad + "".join(bits) + pad):
        got = site._safe(s)
        assert got == _replace_chain(s), s
        if got == s:  # nothing to escape: the str itself (as the `in` tests alone give it)
            assert got is s
    for ch in ("&", "<", ">", "\u2028", "\u2029"):  # one unsafe character at each place of a long str of each width
        for fill in ("x", "é", "中", "\U0001f600", "\u2026"):
            for i in (0, 1, 39, 40, 41, 99):
                s = fill * i + ch + fill * (99 - i)
                assert site._safe(s) == _replace_chain(s)



def _reference_quote(g: nx.MultiDiGraph, u: str, v: str, attrs: dict) -> str:
    """pages._quote as it was (a loop over (v, u), str.find as a method, the cut by a slice)."""
    mention = attrs.get("mention") or ""
    text = ""
    for n in (v, u):
        na = g._node[n]
        if na.get("label") in P.QUOTE_LABELS:
            text = na.get("text") or na.get("title") or na.get("name") or ""
            break
    if not text or not mention:
        return ""
    i = text.find(mention)
    if i < 0:
        return ""
    a, b = max(0, i - P.QUOTE_CONTEXT), min(len(text), i + len(mention) + P.QUOTE_CONTEXT)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


_QUOTE_BITS = hs.text(alphabet=hs.sampled_from(["甲", "乙", "a", " ", "…", "\U0001f600", "é"]), max_size=130)


@settings(max_examples=300, deadline=None)
@given(_QUOTE_BITS, _QUOTE_BITS, hs.integers(0, 3), hs.sampled_from(["Measure", "Section", "TaskForce", "Agency"]),
       hs.sampled_from(["Measure", "Agency", "Platform", None]), hs.sampled_from(["text", "title", "name"]))
def test_quote_cut_equals_the_loop_and_slice_form(text, mention, where, v_label, u_label, prop):
    # the mention taken from the text itself (at its start, middle, end) or as drawn (mostly not in it)
    if where and text:
        i = len(text) * (where - 1) // 2
        mention = text[i:i + max(1, len(mention) % 9)]
    g = nx.MultiDiGraph()
    g.add_node("u", label=u_label, text="另一段" + text[::-1])
    g.add_node("v", label=v_label, **{prop: text})
    for attrs in ({"mention": mention}, {"mention": ""}, {}, {"mention": None}):
        assert P._quote(g, "u", "v", attrs) == _reference_quote(g, "u", "v", attrs)
        assert P._quote(g, "v", "u", attrs) == _reference_quote(g, "v", "u", attrs)


def test_quote_of_values_that_are_not_str_as_before():
    g = nx.MultiDiGraph()
    g.add_node("m", label="Measure", text=["一", "二"])
    g.add_node("a", label="Agency")
    for mention in ("一", ["一"]):  # (a list has no find: both raise)
        with pytest.raises(AttributeError):
            _reference_quote(g, "a", "m", {"mention": mention})
        with pytest.raises(AttributeError):
            P._quote(g, "a", "m", {"mention": mention})
    g.add_node("m2", label="Measure", text="一二三")
    with pytest.raises((AttributeError, TypeError)):
        _reference_quote(g, "a", "m2", {"mention": 5})
    with pytest.raises((AttributeError, TypeError)):
        P._quote(g, "a", "m2", {"mention": 5})


def _reference_props(attrs: dict) -> list[list[str]]:
    """pages._props as it was written first (schema order, each value through one general path)."""
    from dutygraph.graph import schema

    label = attrs.get("label", "")
    names = schema.NODE_BY_LABEL[label].prop_names if label in schema.NODE_BY_LABEL else sorted(attrs)
    rows = []
    for p in names:
        if p in ("id", "sha256"):
            continue
        v = attrs.get(p)
        if v in (None, "", []):
            continue
        if isinstance(v, bool):
            v = "是" if v else "否"
        elif isinstance(v, list):
            v = "；".join(str(x) for x in v)
        v = str(v)
        if len(v) > P.MAX_PROP_CHARS:
            v = v[:P.MAX_PROP_CHARS] + f"……（共{len(v)}字，全文见来源文件）"
        rows.append([P.PROP_ZH_BY_LABEL.get(label, {}).get(p) or P.PROP_ZH.get(p, p), v])
    return rows


def test_node_props_equal_the_general_path(graph):
    import random

    rnd = random.Random(5)
    values = [None, "", "文本", "x" * (P.MAX_PROP_CHARS + 3), 0, 7, -1, 2.5, 0.0, float("nan"), True, False, [], ["a", 1],
              [""], (), {"k": 1}, 10**30]
    attrs = [a for _, a in graph.nodes(data=True)]
    for label in [*P.LABEL_ZH, "Unknown"]:
        for _ in range(200):
            a = {"label": label, "id": "x:1", "sha256": "00"}
            for p in rnd.sample(sorted(P.PROP_ZH) + ["extra"], 12):
                a[p] = rnd.choice(values)
            attrs.append(a)
    for a in attrs:
        assert P._props(a) == _reference_props(a), a


def test_node_props_formatted_from_the_attributes_equal_their_rows_formatted(graph):
    """site.props_text (a data file's record's props straight from the node's attributes) against
    props_json of _props' rows: the samples' nodes and those of a slice of the synthetic corpus, and
    nodes of every label with values of many types, with and without pairs after them."""
    import random

    rnd = random.Random(13)

    class _Str(str):  # (its str() is not its text)
        def __str__(self) -> str:
            return "别的"

    values = [None, "", "文本", "<&>\u2028", "x" * (P.MAX_PROP_CHARS + 3), 0, 7, -1, 2.5, 0.0, float("nan"), True,
              False, [], ["a", 1], [""], ["甲", "乙"], (), {"k": 1}, 10**30, ("t",), -0.0, 1, 1.0, 1e300, -2.5,
              10**4100, ["y" * (P.MAX_PROP_CHARS + 1)], [_Str("名")], ["甲", _Str("名")], [1.5, True]]
    attrs = [a for g in _site_graphs(graph) for _, a in g.nodes(data=True)]
    # the kept pieces: equal numbers of other types or texts (1, 1.0, True; 0.0, -0.0) in turn on one prop
    for v in (1, 1.0, True, 0.0, -0.0, 0, False, -0.0, 0.0, 1.0, 1, float("nan"), 2.5, 2.5):
        attrs.append({"label": "Agency", "n_led": v, "load": v, "collective": v})
    for label in [*P.LABEL_ZH, "Unknown", 5]:
        for _ in range(200):
            a = {"label": label, "id": "x:1", "sha256": "00"}
            for p in rnd.sample(sorted(P.PROP_ZH) + ["extra"], 12):
                a[p] = rnd.choice(values)
            attrs.append(a)
    attrs.append({"id": "x"})  # (no label)
    for a in attrs:
        for extra in (None, [], [["牵头措施", "3"], ["总负荷", "1.5"]], [["<名>", "a\u2028&"]]):
            assert site.props_text(a, extra) == site.props_json(P._props(a) + (extra or [])), (a, extra)


def test_a_property_name_shared_by_labels_is_labelled_by_its_meaning(graph):
    """n_measures counts different things on Agency, Indicator and Platform: each page says which."""
    shown: dict[str, set[str]] = {}
    for _, a in graph.nodes(data=True):
        if a.get("label") in ("Agency", "Indicator", "Platform") and a.get("n_measures"):
            rows = dict((v, zh) for zh, v in P._props({"label": a["label"], "n_measures": a["n_measures"]}))
            shown.setdefault(a["label"], set()).add(rows[str(a["n_measures"])])
    assert shown == {"Agency": {"承担任务数"}, "Indicator": {"关联任务数"}, "Platform": {"依托任务数"}}


def _reference_masked(g: nx.MultiDiGraph) -> tuple[dict[str, dict], dict[tuple[str, str, str], dict]]:
    """Every node's and edge's attributes masked the plain way: Masker.text on every text and every text
    in a list (a Plan's sha256 aside: a digest), a person's name, phone and e-mail masked, and the
    mention on a person's edges."""
    from dutygraph.graph import schema
    from dutygraph.graph.privacy import Masker, mask_email, mask_name, mask_phone

    masker = Masker([a.get("name") or "" for _, a in g.nodes(data=True) if a.get("label") == "Person"])
    personal = {nt.label for nt in schema.NODES if nt.personal}

    def plain(a: dict) -> dict:
        return {k: (v if k == "sha256" else masker.text(v) if isinstance(v, str)
                    else [masker.text(x) if isinstance(x, str) else x for x in v] if isinstance(v, list) else v)
                for k, v in a.items()}

    nodes = {}
    for n, a in g.nodes(data=True):
        b = plain(a)
        if a.get("label") in personal:
            if a.get("name") is not None:
                b["name"] = mask_name(a["name"])
            if a.get("phone"):
                b["phone"] = mask_phone(a["phone"])
            if a.get("email"):
                b["email"] = mask_email(a["email"])
        nodes[n] = b
    edges = {}
    for u, v, k, a in g.edges(keys=True, data=True):
        b = plain(a)
        if g.nodes[u].get("label") in personal and a.get("mention"):
            b["mention"] = mask_name(a["mention"])
        edges[u, v, k] = b
    return nodes, edges


def test_masked_graph_equals_masking_every_value():
    """masked_graph against the plain masking of every value: on an unmasked graph (its roster names
    masked wherever they appear) and on a masked one (names masked already: only texts with a phone
    number or an e-mail address are scanned) into which phone numbers and e-mail addresses of every
    shape were put back (node texts, a list, edge quotes and mentions, a person's phone and e-mail).
    Nothing personal is left; the graph given is left as it was; a masked graph shares its dicts."""
    import copy

    from dutygraph.graph.privacy import _EMAIL, _PHONE

    unmasked = build_graph(hand_batch(), include_people=True)
    masked = build_graph(hand_batch(), include_people=False)
    clean = P.masked_graph(masked, include_people=False)  # nothing to mask: the same dicts, shared
    assert clean._node is masked._node and clean._adj is masked._adj and clean._pred is masked._pred

    leaky = copy.deepcopy(masked)
    shapes = ["13907981234", "0791-88881234", "0791－8888123", "07918888123", "１３９０７９８１２３４",
              "139 0798 2345", "139-0798-3456", "0797 812 3456", "（0797）8123457", "１３９　０７９８　４５６７",
              "wang.li@example.com", "联系人:a_b@x.gov.cn,电话13512345678"]
    measures = sorted(n for n, a in leaky.nodes(data=True) if a["label"] == "Measure")
    person = next(n for n, a in leaky.nodes(data=True) if a["label"] == "Person")
    for i, s in enumerate(shapes):  # every shape, several to a measure
        m = measures[i % len(measures)]
        leaky.nodes[m]["text"] += "联系电话:" + s + "。"
        leaky.nodes[m]["extra"] = [*leaky.nodes[m].get("extra", ["无"]), "电话" + s]
        u, v, k = next(iter(leaky.in_edges(m, keys=True)))
        leaky.edges[u, v, k]["quote"] = (leaky.edges[u, v, k].get("quote") or "") + "；" + s
    leaky.nodes[person]["phone"] = "139 0798 5678"  # a roster's phone is masked whatever its shape
    leaky.nodes[person]["email"] = "yue@localhost"  # (no e-mail shape in a text: masked as the roster's)
    leaky.nodes[person]["name"] = "岳"  # (too short to be looked for in texts: masked as the roster's)
    for i in range(3):  # the same values in several dicts: masked in each
        leaky.add_node(f"note:{i}", label="Note", contact="电话" + PHONE, email="li@example.com")
    u, v, k = next(iter(leaky.out_edges(person, keys=True)))
    leaky.edges[u, v, k]["mention"] = "岳振武"
    for g in (unmasked, masked, leaky):
        before = copy.deepcopy(g)
        h = P.masked_graph(g, include_people=False)
        nodes, edges = _reference_masked(g)
        assert dict(h.nodes(data=True)) == nodes
        assert {(u, v, k): a for u, v, k, a in h.edges(keys=True, data=True)} == edges
        assert nx.utils.graphs_equal(g, before) and dict(g.nodes(data=True)) == dict(before.nodes(data=True))
        text = json.dumps([list(h.nodes(data=True)), list(h.edges(keys=True, data=True))], ensure_ascii=False)
        assert "岳振武" not in text and PHONE not in text and "0798 5678" not in text
        assert not [x for x in shapes if x in text or x.split("电话")[-1] in text]  # not by _PHONE alone
        assert not _PHONE.search(text.replace("*", "")), _PHONE.search(text.replace("*", ""))
        assert not [e for e in _EMAIL.findall(text) if not e.split("@")[0].endswith("***")]
    assert P.masked_graph(leaky, include_people=False).nodes[person]["phone"] == "139********"



@pytest.mark.parametrize("include_people", [False, True])
def test_masked_graph_masks_a_text_wherever_it_recurs_and_keeps_only_a_digest(include_people):
    """masked_graph keeps each text's masked text (by value, made once) and leaves a sha256 as it is: a text
    with a phone number and an e-mail address met again — the same object, an equal one, in a list, on an
    edge — is masked each time, and a digest that reads as a phone number stays under sha256 but is masked
    under any other key, whichever comes first; on a masked graph (the gate: only texts with a phone shape
    or an "@" are scanned) and on an unmasked one (the roster's names), against the plain masking of every
    value. No number, address or roster name reaches a page of the site."""
    g = build_graph(hand_batch(), include_people=include_people)
    leak = "联系电话:13907985678,邮箱 li.si@example.com"
    equal = "".join(list(leak))  # equal, another object
    assert equal == leak and equal is not leak
    first, later = "13907985678" + "a" * 53, "0791-88881234" + "b" * 51  # digests, one met first under sha256
    measures = sorted(n for n, a in g.nodes(data=True) if a["label"] == "Measure")
    plans = sorted(n for n, a in g.nodes(data=True) if a["label"] == "Plan")
    g.add_node("note:0", label="Note", sha256=first, ref=later, n=1, x=None)
    g.add_node("note:1", label="Note", ref=first, sha256=later, seen=[leak, 2, equal])
    g.nodes[plans[0]]["sha256"] = first
    for i, m in enumerate(measures):
        a = g.nodes[m]
        a["text"] = (leak, equal, a["text"] + leak)[i % 3]
        a["title"] = leak if i % 2 else a["title"]
        for u, v, k in list(g.in_edges(m, keys=True))[:2]:
            g.edges[u, v, k]["mention"] = equal
            g.edges[u, v, k]["quote"] = leak
    h = P.masked_graph(g, include_people=False)
    nodes, edges = _reference_masked(g)
    assert dict(h.nodes(data=True)) == nodes
    assert {(u, v, k): a for u, v, k, a in h.edges(keys=True, data=True)} == edges
    assert h.nodes["note:0"]["sha256"] == first and h.nodes["note:1"]["sha256"] == later
    assert h.nodes[plans[0]]["sha256"] == first
    assert h.nodes["note:1"]["ref"] == "139********" + "a" * 53
    assert h.nodes["note:0"]["ref"] == "079*********" + "b" * 51
    text = json.dumps([list(h.nodes(data=True)), list(h.edges(keys=True, data=True))], ensure_ascii=False)
    assert text.count(first) == 2 and text.count(later) == 1  # (the two sha256 values, the plan's)
    text = text.replace(first, "").replace(later, "")
    assert "13907985678" not in text and "li.si@example.com" not in text and "0791-88881234" not in text
    every = "\n".join(_text(site.build(g)).values())
    assert "13907985678" not in every and "li.si@example.com" not in every and "139********" in every
    assert "岳振武" not in every and PHONE not in every


def test_page_nodes_hood_is_the_measures_and_their_neighbours_on_the_page(graph):
    """page_nodes' `hood` (what _shard_page trusts to be in a data file of the page): the same node set
    with it as without, and each node of it a measure of the page or next to one."""
    from dutygraph.graph.model import derive

    for g in (P.masked_graph(graph, include_people=False), derive(big_graph(60, 400, seed=7))):
        cache = P.PageCache(g)
        hoods = 0
        for page in P.list_pages(g):
            hood: set[str] = set()
            nodes = P.page_nodes(g, page.kind, page.focus, cache, hood)
            assert nodes == P.page_nodes(g, page.kind, page.focus) == P.page_nodes(g, page.kind, page.focus, cache)
            on_page = {n for n in nodes if g.nodes[n]["label"] == "Measure"}
            assert hood <= nodes and on_page <= hood | {page.focus}
            assert all(n in on_page or not on_page.isdisjoint(set(g.pred[n]) | set(g.succ[n])) for n in hood)
            hoods += bool(hood - on_page)
        assert hoods > 5


def test_a_shard_page_carries_only_records_no_data_file_of_it_has(graph):
    """A page that fits carries in its own JSON the records of the nodes none of its data files hold
    (its focus, its units' sections, …), and only those: each node of the page is in exactly one place."""
    for g in (graph, big_graph(300, 900)):
        files = site.build(g)
        pages = 0
        for rel, html in _text(files).items():
            if not rel.endswith(".html") or '{"ids":[' not in html:
                continue
            raw = json.loads(re.search(r'id="dg-data">(.*?)</script>', html, re.S).group(1))
            srcs = re.findall(r'<script src="\.\./(' + site.SHARD_DIR + r'/[^"]+)"></script>', html)[1:]
            held = [k for s in srcs for k, _, _ in site._js_json(files[s], "(window.dgShards=window.dgShards||[]).push(")["n"]]
            own = [k for k, _, _ in raw["recs"]]
            assert len(own) == len(set(own)) and set(raw["ids"]) <= set(held) | set(own), rel
            assert not set(own) & set(held), rel
            pages += bool(own)
        assert pages > 10


@pytest.mark.parametrize("compiled", [True, False])
def test_masked_graph_is_the_same_with_either_form_of_the_gate(compiled, monkeypatch):
    """masked_graph's gate (privacy._may_change) as the C loop (compiled) and as the regex: the same masked
    graph, from a masked graph with phone numbers of every shape put back into its texts."""
    from dutygraph.graph import privacy

    g = build_graph(hand_batch(), include_people=False)
    shapes = ["13907981234", "0791-88881234", "0791－8888123", "１３９０７９８１２３４", "139 0798 2345", "0797 812 3456",
              "（0797）8123457", "１３９　０７９８　４５６７", "电话" + PHONE, "2024年12月31日前", "第123—4567号"]
    for i, (n, a) in enumerate(sorted(g.nodes(data=True))):
        if a["label"] == "Measure":
            a["text"] += "联系电话:" + shapes[i % len(shapes)] + "。"
    want = P.masked_graph(g, include_people=False)
    monkeypatch.setattr(privacy, "_COMPILED", compiled and privacy._COMPILED)
    got = P.masked_graph(g, include_people=False)
    assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
    assert list(got.edges(keys=True, data=True)) == list(want.edges(keys=True, data=True))
    assert PHONE not in str(dict(got.nodes(data=True)))


def _aggregate_reference(g: nx.MultiDiGraph, keep, focus: str, max_nodes: int) -> tuple[dict, str]:
    """pages.aggregate as it was written before its typed loops (a defaultdict of groups per level)."""
    from collections import defaultdict

    nodes = g._node
    measures = sorted(n for n in keep if nodes[n].get("label") == "Measure" and n != focus)
    others = len(keep) - len(measures)
    parents = [tuple(None if p is None else "group|" + p for p in P._group_parents(g, m)) for m in measures]
    for level in ("Section", "Plan"):
        groups: dict[str, list[str]] = defaultdict(list)
        i = 0 if level == "Section" else 1
        for m, pp in zip(measures, parents):
            gid = pp[i]
            if gid is not None:
                groups[gid].append(m)
        single = [ms[0] for ms in groups.values() if len(ms) == 1]
        for gid in [gid for gid, ms in groups.items() if len(ms) == 1]:
            del groups[gid]
        total = others + len(groups) + len(single) + (len(measures) - sum(map(len, groups.values())) - len(single))
        how = "章节" if level == "Section" else "方案"
        if total <= max_nodes or level == "Plan":
            grouped = sum(map(len, groups.values()))
            return dict(groups), f"节点过多（{len(keep)}个），已将{grouped}项措施按{how}聚合为{len(groups)}个措施组"
    raise AssertionError("unreachable")


def _group_record_reference(g: nx.MultiDiGraph, gid: str, ms: list[str], ctx: dict) -> dict:
    """A group's node record as payload wrote it inline before pages._group_record."""
    parent = gid.split("|", 1)[1]
    pa = g._node[parent]
    return {
        "id": gid, "label": "Group", "type": "措施组", "name": f"{P.display_name(pa)}（{len(ms)}项措施）",
        "value": float(len(ms)), "juris": P._node_jurisdiction(g, parent, ctx),
        "props": [["所属", P.display_name(pa)], ["措施数", str(len(ms))]],
        "members": [[m, P.display_name(g._node[m])] for m in ms[:200]],
        "page": "", "ind": "", "date": "", "focus": False, "snippet": "",
        "inds": sorted({ctx.get(m, {}).get("indicator", "") for m in ms} - {""}),
        "dates": sorted({ctx.get(m, {}).get("date", "") for m in ms} - {""}),
    }


def test_aggregate_and_group_records_equal_their_earlier_form(graph):
    """pages.aggregate's typed grouping (one dict per level) and _group_record (names kept per page): the
    same groups, in the same order, and the same records as their earlier forms (kept above), on the
    pages of the hand graph and of synthetic graphs, with and without a PageCache, at several limits."""
    from dutygraph.graph.model import derive

    checked = 0
    for g in (P.masked_graph(graph, include_people=False), big_graph(200, 1600), derive(big_graph(60, 400, seed=7))):
        idx = P.site_index(g)
        ctx = dict(idx.ctx)
        ctx.pop(next(iter(ctx)), None)  # a measure without context: no indicator or date
        cache = P.PageCache(g)
        for page in P.list_pages(g):
            keep = sorted(P.page_nodes(g, page.kind, page.focus, cache))
            for max_nodes in (P.MAX_NODES, 120, 40, 3):
                want = _aggregate_reference(g, keep, page.focus, max_nodes)
                for got in (P.aggregate(g, keep, page.focus, max_nodes), P.aggregate(g, keep, page.focus, max_nodes, cache)):
                    assert list(got[0].items()) == list(want[0].items()) and got[1] == want[1], (page.focus, max_nodes)
                names: dict[str, str] = {}  # (display names made so far, shared by the page's groups)
                for gid, ms in want[0].items():
                    assert P._group_record(g, gid, ms, ctx, names) == _group_record_reference(g, gid, ms, ctx)
                    checked += 1
    assert checked > 100


def test_shard_page_marks_equal_the_set_expressions(graph):
    """site.shard_page_marks (a page that fits, from its ranks, in one typed pass over node_flags' per-rank
    tables) gives what the set expressions it replaced gave: its data files and its nodes with an out-edge
    to a node that is not a measure (by rank), with exactly its ranks marked; near_marked_measure is the
    test of a node's neighbours against the page's measures (over the fewer of the two), marked_edges keeps
    the edges of _other_edges' pairs whose end is on the page, and unmark clears the marks."""
    for g0 in (graph, big_graph(300, 900)):
        s = site._Site(g0, include_people=False, review_present=False, inline_assets=False, max_nodes=P.MAX_NODES)
        flags, rel_of = s._flags, s._rel_of
        for r, n in enumerate(s.ids):  # the per-rank tables
            assert bool(flags[r] & site.IS_MEASURE) == (n in s.measure), n
            assert bool(flags[r] & site.IN_AGENCY_FILE) == (n in s.agency_file), n
            assert bool(flags[r] & site.HAS_OTHER) == (n in s._has_other), n
            assert rel_of[r] == (s.shard_of.get(n) or s.agency_file.get(n)), n
        mark = s._mark
        pages = near = 0
        for page in s.pages:
            nodes = P.page_nodes(s.g, page.kind, page.focus, s.cache)
            ranks = sorted(map(s.rank.__getitem__, nodes))
            on_page = nodes & s.measure
            others = nodes - on_page
            agencies = s.agency_file.keys() & others
            shards = set(map(s.shard_of.__getitem__, on_page)) | set(map(s.agency_file.__getitem__, agencies))
            with_other = sorted(others & s._has_other, key=s.rank.__getitem__)
            measures = sorted(map(s.rank.__getitem__, on_page))
            got = site.shard_page_marks(s.ids, ranks, flags, rel_of, mark)
            assert got == (shards, with_other, measures), page.focus
            assert [i for i, x in enumerate(mark) if x] == ranks, page.focus
            for n in s.ids:  # every node, on the page or not
                for nbrs in (s.g._adj[n], s.g._pred[n]):
                    want = not nbrs.keys().isdisjoint(on_page)
                    got_near = site.near_marked_measure(nbrs, s.rank, flags, mark, s.ids, measures)
                    assert got_near is want, (page.focus, n)
                    near += want
            for n in s.ids:  # the edges of the node's pairs whose other end is on the page
                out = s._other_edges(n)
                extra: list = []
                site.marked_edges(extra, out, mark)
                assert extra == [e for v, es in out if s.ids[v] in nodes for e in es], (page.focus, n)
            site.unmark(mark, ranks)
            assert not any(mark), page.focus
            pages += bool(with_other) and bool(agencies)
        assert pages > 3 and near > 100


def test_page_ranks_equal_page_nodes(graph):
    """_Site._page_ranks (a page's nodes gathered as ranks: its measures' neighbourhoods made once per measure
    as ranks and marked, page_nodes' other nodes by id) gives what render used to make of page_nodes' set:
    its nodes' ranks sorted, the ranks of the nodes outside its `hood`, its measures' count and
    P.omitted_units of them — for every page of several graphs (one with a measure naming more units than
    are shown, one whose Measure has an edge of a neighbourhood's type to another measure), in any order of
    the pages, and the marks left clear."""
    from test_site_scale import one_measure_many_units

    odd = big_graph(60, 200, seed=5)  # a measure next to a measure as a neighbour (UNDER), and one more unit
    ms = sorted(n for n, a in odd.nodes(data=True) if a["label"] == "Measure")
    odd.add_edge(ms[0], ms[1], key="UNDER")
    odd.add_edge(ms[2], ms[3], key="USES_PLATFORM")
    checked = omits = extras_seen = 0
    for g0 in (graph, big_graph(300, 900), one_measure_many_units(P.MAX_UNITS_PER_MEASURE * 3), odd):
        for order in (1, -1):
            s = site._Site(g0, include_people=False, review_present=False, inline_assets=False, max_nodes=P.MAX_NODES)
            for page in s.pages[::order]:
                hood: set[str] = set()
                nodes = P.page_nodes(s.g, page.kind, page.focus, s.cache, hood)
                on_page = nodes & s.measure
                want = (sorted(map(s.rank.__getitem__, nodes)), sorted(map(s.rank.__getitem__, nodes - hood)),
                        len(on_page), P.omitted_units(s.g, on_page, s.cache))
                got = s._page_ranks(page)
                assert got == want, (page.kind, page.focus)
                assert [s.ids[r] for r in got[0]] == sorted(nodes)
                assert not any(s._mark), page.focus
                checked += 1
                omits += bool(got[3])
                extras_seen += bool(got[1])
    assert checked > 1000 and omits > 10 and extras_seen > 100
    # a measure that leaves units off, on a page only as another measure's neighbour, before any page made its
    # neighbourhood (a platform's page: its measure is UNDER the one naming too many units)
    g0 = one_measure_many_units(P.MAX_UNITS_PER_MEASURE * 3)
    g0.add_node("measure:odd", label="Measure", id="measure:odd", text="办电", plan="plan:p", source="x.txt", line=9)
    g0.add_node("platform:p", label="Platform", id="platform:p", name="平台")
    g0.add_edge("measure:odd", "measure:0", key="UNDER", type="UNDER")
    g0.add_edge("measure:odd", "platform:p", key="USES_PLATFORM", type="USES_PLATFORM")
    s = site._Site(g0, include_people=False, review_present=False, inline_assets=False, max_nodes=P.MAX_NODES)
    page = next(p for p in s.pages if p.focus == "platform:p")
    got = s._page_ranks(page)
    nodes = P.page_nodes(s.g, page.kind, page.focus, s.cache)
    assert "measure:0" in nodes and got[2:] == (2, P.MAX_UNITS_PER_MEASURE * 2)
    assert got[0] == sorted(map(s.rank.__getitem__, nodes))


def test_drawn_and_vis_edges_formatted_directly_equal_safe_json(monkeypatch):
    """site.edges_json and vis_edges_json (a grouped page's drawn edges with their quotes, and its
    vis-network edges): safe_json's text of each edge, joined, also where an edge has unusual keys or types;
    drawn_edges_text (both at once, the vis edges from the drawn ones) the same texts, also for an edge type
    without a style and one whose style is not the usual (a colour that is not a str, a dash that is not a
    bool); counts at and past the bounds drawn_edges_text writes as a C integer."""
    rnd, text = _json_texts(13)
    monkeypatch.setitem(P.EDGE_STYLE, "ODD", (5, 1))
    monkeypatch.setitem(P.EDGE_STYLE, "ODD2", ("#<&>", None))
    monkeypatch.setattr(site, "_VIS_EDGE_HEADS", {})

    strings = site._JSONStrings()
    for i in range(2000):
        edges, vis = [], []
        for j in range(rnd.randint(0, 4)):
            qs = [{"source": text(), "line": rnd.choice([0, 7]), "mention": text(), "quote": text(),
                   "inherited": rnd.random() < 0.5, "from": text(), "to": text()} for _ in range(rnd.randint(0, 3))]
            e = {"from": text(), "to": text(), "type": rnd.choice(["LEADS", "SUPPORTS", "ODD", "ODD2", text()]),
                 "count": rnd.choice([1, 40, 0, site.MAX_LINE, site.MAX_LINE + 1, -3, 1 << 70]),
                 "quotes": qs, "id": f"e{j}"}
            v = {"id": f"e{j}", "color": text(), "dashes": rnd.random() < 0.5, "value": rnd.choice([1, 40]),
                 "from": text(), "to": text(), "arrows": "to"}
            if i % 20 == 0:  # unusual types or keys: safe_json's text
                e[rnd.choice(["count", "quotes", "extra"])] = rnd.choice([True, 1.5, None, (text(),)])
                v[rnd.choice(["value", "dashes", "extra"])] = rnd.choice([True, 1.5, None, 2])
            edges.append(e)
            vis.append(v)
        assert "[" + site.edges_json(edges, strings) + "]" == site.safe_json(edges), edges
        assert "[" + site.vis_edges_json(vis, strings) + "]" == site.safe_json(vis), vis
        if i % 20:  # the same edges with their quotes as texts (PageJSON.quote_text's): edges_text
            to_json = site.PageJSON(texts=True)
            texts = [{**e, "quotes": [to_json.quote_text(q["source"], q["line"], q["mention"], q["quote"],
                                                        q["inherited"], q["from"], q["to"]) for q in e["quotes"]]}
                     for e in edges]
            assert "[" + site.edges_text(texts, to_json._strings) + "]" == site.safe_json(edges), edges
            # and with their vis-network edges in one pass (drawn_edges_text): those vis_network makes of them
            ids = [{"id": x, "label": "Agency", "value": 1.0, "name": x} for e in edges for x in (e["from"], e["to"])]
            vis_edges = site.vis_network(ids, edges)[1]
            assert site.vis_network(ids, edges, None, False)[1] is None
            got = site.drawn_edges_text(texts, to_json._strings)
            assert got == (site.edges_text(texts, to_json._strings), site.vis_edges_json(vis_edges, strings)), edges
            assert "[" + got[1] + "]" == site.safe_json(vis_edges), edges
    for x in ["", "<a>&\u2028", "中\ud800", 5, 2.5, None, True, ("a", 1)]:  # what _JSONStrings holds: safe_json's
        assert strings[x] == site.safe_json(x) and strings[x] == site.safe_json(x), x


def test_utf8_encodes_as_str_encode():
    """site.utf8 (the writer's encoding: compiled, a 2-byte str's ASCII eight characters at a time and its
    other characters run by run, see site.pxd) against str.encode: texts of every kind and length around the
    8-character steps, ASCII runs broken at each position, runs of other characters of each length between
    ASCII runs of each length, characters at each UTF-8 length's bounds, and lone surrogates (the same
    error), in an ASCII step's place and inside a run."""
    import random

    from dutygraph.loaders.base import runs_compiled

    assert site._COMPILED == runs_compiled(site.safe_json)
    rnd = random.Random(31)
    chars = ["a", "<", "\x00", "\x7f", "\x80", "é", "\u07ff", "\u0800", "中", "\u2028", "\ud7ff", "\ue000", "\uffff",
             "😀"]
    texts = ["", "a", "中", "abc中", "中abcd", "ab" * 40 + "中", "\x7f" * 9 + "\u0100"]
    for n in range(40):
        for _ in range(20):
            texts.append("".join(rnd.choice(chars[:-1] if rnd.random() < 0.7 else chars) for _ in range(n)))
        for at in range(n):  # one non-ASCII character in an ASCII run, at each position
            texts.append("x" * at + rnd.choice(["中", "é", "\u0800", "\uffff"]) + "y" * (n - at - 1))
    for k in range(1, 12):  # a run of k other characters between ASCII runs, at each offset in an 8-step
        for m in range(0, 20):
            texts.append("<" * m + "".join(rnd.choice(chars[4:-1]) for _ in range(k)) + "z" * (19 - m))
    for t in texts:
        assert site.utf8(t) == t.encode("utf-8"), t
    for t in ("\ud800", "ab中\udfff", "中" + "a" * 7 + "\udc00z", "a" * 8 + "\udbff" + "b" * 8, "中中\ud800中",
              "a" * 16 + "中" + "\udfff"):
        with pytest.raises(UnicodeEncodeError):
            t.encode("utf-8")
        with pytest.raises(UnicodeEncodeError):
            site.utf8(t)


def test_js_equals_the_string_encoder():
    """site._js (compiled: a str JSON needs no escape in, copied between quotes, see site.pxd) against
    json.encoder.encode_basestring: strings of every kind (ASCII, latin-1, 2-byte, 4-byte), with and without
    the characters JSON escapes at each position, empty and long; values that are not a str."""
    import random

    rnd = random.Random(41)
    enc = json.encoder.encode_basestring
    plain = ["a", " ", "~", "\x7f", "é", "\xff", "中", "\u2028", "\ufffd", "\ud800", "😀", "<", "&", "/"]
    escaped = ["\x00", "\n", "\x1f", '"', "\\", "\t"]
    texts = ["", "a" * 5000, "中" * 3000, "😀" * 10]
    for n in range(30):
        for pool in (plain[:4], plain[:6], plain[:11], plain, plain + escaped):
            texts.extend("".join(rnd.choice(pool) for _ in range(n)) for _ in range(10))
        for at in range(n):
            for ch in escaped:
                texts.append(rnd.choice(plain) * at + ch + rnd.choice(plain) * (n - at - 1))
    for t in texts:
        got = site._js(t)
        assert got == enc(t) and type(got) is str, t
        assert got.isascii() == enc(t).isascii() and ascii(got) == ascii(enc(t)), t  # (the same kind of str)
    for x in (5, None, 2.5):
        with pytest.raises(TypeError):
            enc(x)
        with pytest.raises(TypeError):
            site._js(x)


def test_overview_directories_equal_the_template_loops(graph):
    """site.directory_html (the overview's directories, made without Jinja2) against the loops the index
    template had: rows of random texts (what autoescape escapes among them) and numbers, and the samples'
    overview, rendered by Jinja2 with autoescape."""
    import random

    env = site._env()
    loops = {key: env.from_string("{% for r in rows %}<li><a href=\"{{ r.page }}\">{{ r.name }}</a>"
                                  + ("" if tail is None else " <span class=\"num\">{{ r.n }}" + tail + "</span>")
                                  + "</li>\n{% endfor %}") for key, tail in site.DIRECTORIES.items()}
    rnd = random.Random(5)
    bits = ["a", "<", ">", "&", '"', "'", "中", "{{ x }}", "\n", " ", "\u2028"]

    def text() -> str:
        return "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 8)))

    g = P.masked_graph(graph, include_people=False)
    ov = site.overview(g, P.site_index(g), review_present=False)
    cases = [ov] + [{key: [{"page": text(), "name": text(), "n": rnd.choice([0, 7, 10**6])}
                           for _ in range(rnd.randint(0, 6))] for key in site.DIRECTORIES} for _ in range(300)]
    for case in cases:
        for key, tail in site.DIRECTORIES.items():
            got = site.directory_html(case[key], tail)
            assert str(got) == loops[key].render(rows=case[key]), (key, case[key])
    assert sum(len(ov[key]) for key in site.DIRECTORIES) > 10


def test_overview_with_the_table_order_equals_its_own_sort():
    """overview lists the measures without a lead in the tables' (file, line, id) order: given a PageCache's
    table_rank (the site's) or sorting them itself, the same overview; on the samples and on a graph whose
    measures share files and lines and have no lead (more than MAX_OVERVIEW_ORPHANS of them)."""
    from dutygraph.api import graph_from_paths
    from dutygraph.paths import sample_plans_dir

    for g in (graph_from_paths([sample_plans_dir()]), big_graph(60, 900)):
        g = P.masked_graph(g, include_people=False)
        nodes = g._node
        for i, m in enumerate(sorted(n for n, a in nodes.items() if a.get("label") == "Measure")):
            if i % 3 == 0:
                nodes[m] = {**nodes[m], "source": "same.txt", "line": i % 7}
                g.remove_edges_from([(u, m, k) for u, kd in list(g._pred[m].items()) for k in kd if k == "LEADS"])
        idx = P.site_index(g)
        want = site.overview(g, idx, review_present=True)
        assert site.overview(g, idx, review_present=True, table_rank=P.PageCache(g).table_rank()) == want
        assert want["orphans_total"] > 10
