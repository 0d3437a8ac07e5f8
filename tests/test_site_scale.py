"""Bounded work on hostile shapes: one measure naming thousands of units (tests/test_malformed.py's
ten-thousand-units.txt, "(区第0局、区第1局、…牵头,区有关单位按职责分工负责)"), in the review analytics and on
the site; and the direct vis-network dicts equal what pyvis builds."""

from __future__ import annotations

import networkx as nx
import pytest

from dutygraph.analytics import bottlenecks, load
from dutygraph.viz import pages as P
from dutygraph.viz import site

from test_analytics import excerpt_graph


def one_measure_many_units(k: int, *, extra: int = 0) -> nx.MultiDiGraph:
    """One plan, one measure led by k agencies "区第i局" (the malformed corpus's list), plus `extra`
    measures each led by two of them (so the collaboration network has more than one clique)."""
    g = nx.MultiDiGraph()
    src = "ten-thousand-units.txt"
    g.add_node("plan:p", label="Plan", id="plan:p", title="某区2023年优化营商环境行动方案", jurisdiction="某区",
               source=src, line=1)
    agencies = [f"agency:区第{i}局" for i in range(k)]
    for a in agencies:
        g.add_node(a, label="Agency", id=a, name=a.split(":", 1)[1], jurisdiction="某区", collective=False)
    text = "1.全面推行网上办电。(" + "、".join(a.split(":", 1)[1] for a in agencies) + "牵头)"
    measures = [("measure:0", agencies)]
    for j in range(extra):
        measures.append((f"measure:{j + 1}", [agencies[j], agencies[j + 1]]))
    for mid, named in measures:
        g.add_node(mid, label="Measure", id=mid, number="1", title="全面推行网上办电", text=text, plan="plan:p",
                   kind="measure", source=src, line=3)
        g.add_edge("plan:p", mid, key="HAS_MEASURE", type="HAS_MEASURE", source=src, line=3)
        for a in named:
            g.add_edge(a, mid, key="LEADS", type="LEADS", source=src, line=3, mention=g.nodes[a]["name"],
                       inherited=False)
    return g


def test_agency_load_shares_one_lead_among_many_leads():
    g = one_measure_many_units(3000)
    frame = load.agency_load(g)
    assert len(frame) == 3000
    assert frame["load"].tolist() == pytest.approx([1 / 3000] * 3000)


def test_centrality_without_projection_keeps_exact_degrees_and_cut_points():
    g = excerpt_graph()
    full = bottlenecks.agency_centrality(g).set_index("id").sort_index()
    bounded = bottlenecks.agency_centrality(g, max_pairs=0)
    assert full.attrs["note"] == "" and "超过上限" in bounded.attrs["note"]
    bounded = bounded.set_index("id").sort_index()
    for column in ("partners", "shared_measures", "articulation", "measure_ids"):
        assert bounded[column].tolist() == full[column].tolist(), column


def test_centrality_of_a_huge_clique_is_bounded_and_deterministic():
    g = one_measure_many_units(3000, extra=3)
    a = bottlenecks.agency_centrality(g)
    assert "超过上限" in a.attrs["note"]  # 4.5 million pairs: no projection was built
    rows = {r["id"]: r for r in a.to_dict("records")}
    # 区第1局 is on measure:0 (2,999 partners) and on measures 1 and 2 with 区第0局 and 区第2局 (already partners)
    assert rows["agency:区第1局"]["partners"] == 2999
    assert rows["agency:区第1局"]["shared_measures"] == 2999 + 1 + 1
    assert not a["articulation"].any()  # everyone is also linked through measure:0
    assert a.equals(bottlenecks.agency_centrality(g))


def test_projection_refuses_beyond_its_bound():
    with pytest.raises(ValueError, match="too large"):
        bottlenecks.collaboration_projection(one_measure_many_units(1000), max_pairs=1000)


def test_site_pages_show_a_bounded_number_of_units_with_a_note():
    k = P.MAX_UNITS_PER_MEASURE * 4
    g = one_measure_many_units(k)
    files = site.build(g)
    agency_pages = [p for p in files if p.startswith("agency/")]
    assert len(agency_pages) == k
    page = files[P.page_path("agency", f"agency:区第{k - 1}局")]
    data = site.assemble(page, files.__getitem__)  # the data the page's script works with
    ids = {n["id"] for n in data["nodes"]}
    assert f"agency:区第{k - 1}局" in ids  # the page's own agency, although not among the first units
    assert sum(1 for n in data["nodes"] if n["label"] == "Agency") <= P.MAX_UNITS_PER_MEASURE + 1
    omitted = k - P.MAX_UNITS_PER_MEASURE
    assert f"另有{omitted}个单位未画出" in data["page"]["aggregated"]
    assert f"另有{omitted}个单位未画出" in page  # the notice is on the page, not only in the data
    assert f"……等{k}个" in data["table"][0]["lead"]


def test_vis_network_equals_pyvis():
    from pyvis.network import Network

    g = excerpt_graph()
    page = next(p for p in P.list_pages(g) if p.kind == "plan")
    page.nodes = sorted(P.page_nodes(g, page.kind, page.focus))
    data = P.payload(g, page, P.site_index(g), net_builder=site.vis_network)
    net = Network(directed=True)
    for n in data["nodes"]:
        color, shape = P.NODE_STYLE.get(n["label"], ("#888888", "dot"))
        extra = ({"borderWidth": 4, "shadow": {"enabled": True, "size": 12, "x": 0, "y": 0},
                  "font": {"size": 22, "strokeWidth": 4}} if n.get("focus") else {"borderWidth": 1})
        net.add_node(n["id"], label=P.short(n["name"]), shape=shape, color=color, value=max(n["value"], 0.5), **extra)
    for e in data["edges"]:
        color, dashed = P.EDGE_STYLE.get(e["type"], ("#999999", False))
        net.add_edge(e["from"], e["to"], id=e["id"], color=color, dashes=dashed, value=e["count"])
    assert data["vis"]["nodes"] and data["vis"]["edges"]
    assert site.safe_json(data["vis"]) == site.safe_json({"nodes": net.nodes, "edges": net.edges})


def test_subset_betweenness_equals_networkx():
    import random

    for seed in range(4):
        rnd = random.Random(seed)
        g = nx.gnm_random_graph(rnd.randint(3, 200), rnd.randint(2, 600), seed=seed)
        g.add_node("isolated")
        nodes = list(g)
        sources, targets = rnd.sample(nodes, min(len(nodes), 15)), rnd.sample(nodes, len(nodes) // 2)
        want = nx.betweenness_centrality_subset(g, sources, targets, normalized=False)
        got = bottlenecks._subset_betweenness(g, sources, targets)
        assert got.keys() == want.keys()
        assert [got[k] for k in want] == pytest.approx([want[k] for k in want], rel=1e-12, abs=1e-12)


def test_quotes_per_page_are_bounded_and_every_edge_keeps_one(monkeypatch):
    from test_site import big_graph

    monkeypatch.setattr(P, "MAX_PAGE_QUOTES", 300)
    g = big_graph(200, 1600)
    page = next(p for p in P.list_pages(g) if p.kind == "jurisdiction")
    page.nodes = sorted(P.page_nodes(g, page.kind, page.focus))
    data = P.payload(g, page, P.site_index(g), net_builder=site.vis_network)
    edges = data["edges"]
    assert len(edges) > 300
    assert all(len(e["quotes"]) == 1 for e in edges) and any(e["count"] > 1 for e in edges)
    assert "每条连线最多列出1处原文" in data["page"]["aggregated"]


def test_cut_vertices_equal_networkx():
    import random

    for seed in range(30):
        rnd = random.Random(seed)
        g = nx.gnm_random_graph(rnd.randint(1, 60), rnd.randint(0, 90), seed=seed)
        g.add_edges_from((rnd.randrange(len(g)), len(g) + i) for i in range(rnd.randint(0, 5)))  # leaves
        order = list(g)
        index = {v: i for i, v in enumerate(order)}
        cut = bottlenecks._cut_vertices([[index[w] for w in g._adj[v]] for v in order])
        assert {order[i] for i, c in enumerate(cut) if c} == set(nx.articulation_points(g))


def _hypergraph_figures_nx(agencies, members):
    """bottlenecks._hypergraph_figures as written on a networkx incidence graph (before the neighbour
    lists): its reference."""
    from collections import Counter, defaultdict

    shared_by = defaultdict(list)
    for mid, named in members.items():
        if len(named) >= 2:
            for a in named:
                shared_by[a].append(mid)
    partners, weight = {}, {}
    for a in agencies:
        ms = shared_by.get(a, [])
        weight[a] = sum(len(members[m]) - 1 for m in ms)
        partners[a] = len({b for m in ms for b in members[m]} - {a})
    inc = nx.Graph()
    inc.add_nodes_from(agencies)
    for mid, named in members.items():
        if len(named) >= 2:
            inc.add_edges_from((("m", mid), a) for a in named)
    n = len(agencies)
    sources, exact = bottlenecks._betweenness_sources(agencies, len(inc) + inc.number_of_edges())
    raw = bottlenecks._subset_betweenness(inc, sources, agencies)
    scale = (n / len(sources) if sources else 0.0) * (1.0 / ((n - 1) * (n - 2) / 2) if n > 2 else 0.0)
    betweenness = {a: raw.get(a, 0.0) * scale for a in agencies}
    reach = Counter()
    for block in nx.biconnected_components(inc):
        block_agencies = [x for x in block if not isinstance(x, tuple)]
        if len(block) > 2:
            for a in block_agencies:
                reach[a] += 1
        else:
            (m,) = [x for x in block if isinstance(x, tuple)]
            if inc.degree(m) > 1:
                reach[block_agencies[0]] += 1
    cut = {a for a, k in reach.items() if k >= 2}
    return partners, weight, {a: sorted(ms) for a, ms in shared_by.items()}, betweenness, cut, exact


@pytest.mark.parametrize("seed", range(12))
def test_hypergraph_figures_equal_the_networkx_incidence_graph(seed, monkeypatch):
    import random

    rnd = random.Random(seed)
    agencies = [f"agency:{i:03d}" for i in rnd.sample(range(200), rnd.randint(1, 60))]
    members = {}
    for j in range(rnd.randint(0, 80)):
        named = rnd.sample(sorted(agencies), min(len(agencies), rnd.choice([1, 2, 2, 2, 3, 4, 8])))
        members[f"measure:{rnd.randrange(10**6):06d}:{j}"] = tuple(sorted(named))
    if seed % 3 == 0:
        monkeypatch.setattr(bottlenecks, "BETWEENNESS_BUDGET", 50)  # sampled sources
        monkeypatch.setattr(bottlenecks, "MIN_BETWEENNESS_SOURCES", 3)
    got = bottlenecks._hypergraph_figures(agencies, members)
    want = _hypergraph_figures_nx(agencies, members)
    assert got[:3] == want[:3] and got[4:] == want[4:]
    assert got[3] == want[3]  # same sums in the same order: the same floats
