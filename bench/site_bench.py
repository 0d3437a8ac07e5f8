"""Site benchmark (not a test): page generation time, and in headless Chromium the time until the layout
of a ~1,500-node page settles (stabilisation done, physics off).

    .venv/bin/python bench/site_bench.py [--nodes 1500] [--big 4000] [--out bench/results/site]

Measured:
- the site of the sample documents (data/plans): extraction + graph (for context) and site generation;
- a synthetic one-jurisdiction graph whose whole-jurisdiction page has ~N nodes (drawn as is), and one of
  ~BIG nodes (aggregated by section, see viz/pages.py MAX_NODES): generation time of the whole site and of
  that page, its size, and in the browser the wall time from navigation to "settled" plus the page's own
  settleMs (script start -> stabilizationIterationsDone).
Results are printed and written to OUT/site_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dutygraph.viz import pages as P  # noqa: E402
from dutygraph.viz import site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
N_PLATFORMS, N_MONTHS, N_SECTIONS = 12, 12, 30


def synthetic_graph(target_nodes: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """One jurisdiction, one plan, sections, agencies (10% of nodes), platforms, monthly deadlines and
    measures, shaped like the schema; its whole-jurisdiction page has exactly `target_nodes` nodes."""
    rnd = random.Random(seed)
    n_agencies = max(10, target_nodes // 10)
    n_measures = target_nodes - (2 + N_SECTIONS + n_agencies + N_PLATFORMS + N_MONTHS)
    g = nx.MultiDiGraph()
    src = "synthetic.txt"
    jid, pid = "jurisdiction:基准市", "plan:synthetic.txt:1"
    g.add_node(jid, label="Jurisdiction", id=jid, name="基准市", level="city", parent=None, inferred=False)
    g.add_node(pid, label="Plan", id=pid, title="基准市优化营商环境行动方案", jurisdiction="基准市", issuer="",
               issued=None, kind="plan", year=2024, attachment="", source=src, line=1, sha256="")
    g.add_edge(pid, jid, key="IN", type="IN", source=src, line=1)
    agencies = [f"agency:基准市第{i:03d}局" for i in range(n_agencies)]
    for a in agencies:
        g.add_node(a, label="Agency", id=a, name=a.split(":", 1)[1], jurisdiction="基准市", collective=False,
                   resolved=True, aliases=[])
        g.add_edge(a, jid, key="IN", type="IN", source=src, line=1)
    platforms = [f"platform:平台{i:02d}" for i in range(N_PLATFORMS)]
    for p in platforms:
        g.add_node(p, label="Platform", id=p, name=p.split(":", 1)[1], aliases=[])
    deadlines = []
    for m in range(1, N_MONTHS + 1):
        d = f"deadline:2024-{m:02d}-28:date"
        deadlines.append(d)
        g.add_node(d, label="Deadline", id=d, date=f"2024-{m:02d}-28", kind="date", month=f"2024-{m:02d}", year=2024)
    sections = [f"section:synthetic.txt:{i + 2}:({i + 1})" for i in range(N_SECTIONS)]
    for i, s in enumerate(sections):
        g.add_node(s, label="Section", id=s, plan=pid, number=f"({i + 1})", path="", title=f"第{i + 1}项重点任务",
                   source=src, line=i + 2)
        g.add_edge(pid, s, key="HAS_SECTION", type="HAS_SECTION", source=src, line=i + 2)
    for i in range(n_measures):
        line = 100 + i
        m = f"measure:synthetic.txt:{line}:{i + 1}"
        lead = agencies[int(rnd.paretovariate(1.2)) % n_agencies]  # a few agencies carry much of the load
        d = rnd.choice(deadlines)
        g.add_node(m, label="Measure", id=m, plan=pid, number=str(i + 1), title=f"第{i + 1}项措施",
                   text=f"{i + 1}.第{i + 1}项措施。({lead.split(':', 1)[1]}牵头)", kind="measure", section="",
                   indicator=None, deadline=g.nodes[d]["date"], lead_inherited=False, targets=[], repairs=[],
                   source=src, line=line)
        g.add_edge(pid, m, key="HAS_MEASURE", type="HAS_MEASURE", source=src, line=line)
        g.add_edge(sections[i % N_SECTIONS], m, key="HAS_MEASURE", type="HAS_MEASURE", source=src, line=line)
        g.add_edge(lead, m, key="LEADS", type="LEADS", inherited=False, source=src, line=line,
                   mention=lead.split(":", 1)[1])
        for co in rnd.sample(agencies, 2):
            if co != lead:
                g.add_edge(co, m, key="SUPPORTS", type="SUPPORTS", source=src, line=line, mention=co.split(":", 1)[1])
        if rnd.random() < 0.4:
            g.add_edge(m, rnd.choice(platforms), key="USES_PLATFORM", type="USES_PLATFORM", source=src, line=line,
                       mention="平台")
        g.add_edge(m, d, key="DUE", type="DUE", source=src, line=line, mention="年底前", repairs=[])
    return g


def _browser_settle(url: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = b.new_page(viewport={"width": 1600, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_function("() => window.dutygraph && window.dutygraph.settled === true", timeout=600_000)
        wall = time.perf_counter() - t0
        res = page.evaluate("""() => ({settle_ms: window.dutygraph.settleMs, nodes: window.dutygraph.nodes.length,
            edges: window.dutygraph.edges.length, physics: window.dutygraph.network.physics.options.enabled})""")
        b.close()
    return {"wall_s": round(wall, 3), "settle_s": round(res["settle_ms"] / 1000, 3), "drawn_nodes": res["nodes"],
            "drawn_edges": res["edges"], "physics_after": res["physics"], "console_errors": len(errors)}


def bench_graph(name: str, g: nx.MultiDiGraph, out: Path, browser: bool) -> dict[str, object]:
    t0 = time.perf_counter()
    files = site.write(g, out / name)
    gen = time.perf_counter() - t0
    jur = next(p for p in P.list_pages(g) if p.kind == "jurisdiction")
    page_nodes = P.page_nodes(g, jur.kind, jur.focus)
    jur.nodes = sorted(page_nodes)
    t0 = time.perf_counter()
    P.payload(g, jur, P.site_index(g), net_builder=site.vis_network)
    one = time.perf_counter() - t0
    path = out / name / "site" / jur.path
    res: dict[str, object] = {
        "graph_nodes": g.number_of_nodes(), "graph_edges": g.number_of_edges(), "pages": len(files),
        "site_generation_s": round(gen, 3), "jurisdiction_page_nodes": len(page_nodes),
        "jurisdiction_page_data_s": round(one, 3), "jurisdiction_page_kb": round(path.stat().st_size / 1024, 1),
    }
    if browser:
        res.update(_browser_settle(path.as_uri()))
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=1500, help="nodes of the drawn (not aggregated) page")
    ap.add_argument("--big", type=int, default=4000, help="nodes of a page that gets aggregated")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "site"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = os.path.exists(CHROMIUM)
    results: dict[str, object] = {"browser": "chromium headless" if browser else "skipped (no /usr/bin/chromium)"}

    from dutygraph.api import graph_from_paths

    t0 = time.perf_counter()
    g = graph_from_paths([ROOT / "data" / "plans"])
    extract = time.perf_counter() - t0
    t0 = time.perf_counter()
    files = site.write(g, out / "samples")
    results["samples"] = {"extract_and_graph_s": round(extract, 3), "site_generation_s": round(time.perf_counter() - t0, 3),
                          "pages": len([f for f in files if f.suffix == ".html"]),
                          "graph_nodes": g.number_of_nodes(), "graph_edges": g.number_of_edges()}
    results[f"synthetic_{args.nodes}"] = bench_graph(f"synthetic-{args.nodes}", synthetic_graph(args.nodes), out, browser)
    results[f"synthetic_{args.big}_aggregated"] = bench_graph(f"synthetic-{args.big}", synthetic_graph(args.big), out,
                                                              browser)
    (out / "site_bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for k, v in results.items():
        print(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
