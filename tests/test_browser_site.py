"""The site as a person uses it, in Debian's headless Chromium driven by Playwright.

Built from the sample documents in data/plans (with the XSS payload injected into a copy of one of them)
through the real extraction pipeline and graph builder. Every page load asserts: no request left the
machine (file:, data:, blob: or 127.0.0.1 only), no console error, no page error, no CSP violation, no
dialog. Screenshots go to test-output/ (gitignored).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
XSS = "<img src=x onerror=alert(1)>"
# the line the payload is injected into: jingdezhen-2022-special-action-plans.txt:251 (a measure using 赣服通)
XSS_DOC = "jingdezhen-2022-special-action-plans.txt"
XSS_LINE = 251
XSS_AFTER = "聚焦数据整合共享"
XSS_FLAG = "<svg onload=window.__xssRan=1>"  # would set a flag instead of opening a dialog
XSS_FLAG_LINE, XSS_FLAG_AFTER = 249, "推动平台服务持续迭代升级"


def _ensure_cjk_font() -> None:
    """Best effort: a CJK font so the screenshots show Chinese, not boxes (the assertions do not need it)."""
    try:
        have = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return
    if not have and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "fonts-noto-cjk"], env=env, timeout=1800,
                       capture_output=True, check=False)


def _ensure_chromium() -> None:
    if os.path.exists(CHROMIUM):
        _ensure_cjk_font()
        return
    if os.geteuid() != 0:
        pytest.skip("Debian's chromium is not installed and we are not root to apt-get install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=900, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env, timeout=1800,
                       capture_output=True)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"cannot install Debian's chromium: {exc}")
    if not os.path.exists(CHROMIUM):
        pytest.skip("apt-get install chromium did not provide /usr/bin/chromium")
    _ensure_cjk_font()


def _sample_graph(tmp: Path):
    """The graph of data/plans through the real pipeline, one document carrying the XSS payloads."""
    from dutygraph.api import extract_paths, graph_from_batch

    docs = tmp / "plans"
    shutil.copytree(ROOT / "data" / "plans", docs)
    path = docs / XSS_DOC
    lines = path.read_text(encoding="utf-8").split("\n")
    assert XSS_AFTER in lines[XSS_LINE - 1], "the sample document changed: pick another line"
    # The raw payload, as printed in the document: the loader keeps markup with behaviour as data.
    lines[XSS_LINE - 1] = lines[XSS_LINE - 1].replace(XSS_AFTER, XSS_AFTER + XSS, 1)
    assert XSS_FLAG_AFTER in lines[XSS_FLAG_LINE - 1], "the sample document changed: pick another line"
    lines[XSS_FLAG_LINE - 1] = lines[XSS_FLAG_LINE - 1].replace(XSS_FLAG_AFTER, XSS_FLAG_AFTER + XSS_FLAG, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    batch = extract_paths([docs])
    assert batch.errors == [], batch.errors
    return graph_from_batch(batch)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from dutygraph.viz import site

    tmp = tmp_path_factory.mktemp("site")
    g = _sample_graph(tmp)
    site.write(g, tmp / "out")
    return g, tmp / "out"


@pytest.fixture(scope="module")
def browser():
    _ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watch:
    """Everything a page did that it must not: remote requests, console errors, dialogs, CSP violations."""

    LOCAL_SCHEMES = ("file", "data", "blob", "about")

    def __init__(self, page):
        self.page = page
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)
        page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def _route(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in self.LOCAL_SCHEMES or (url.scheme == "http" and url.hostname == "127.0.0.1"):
            route.continue_()
        else:
            self.remote.append(route.request.url)
            route.abort()

    def check(self) -> None:
        assert self.remote == [], f"requests left the machine: {self.remote}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.page.evaluate("window.__csp") == []


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    pg.watch = Watch(pg)
    yield pg
    ctx.close()


def _open_graph(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.dutygraph && window.dutygraph.settled === true", timeout=60_000)


def _page_of(g, label: str, name: str) -> str:
    from dutygraph.viz import pages as P

    kind = {v: k for k, v in P.PAGE_LABEL.items()}[label]
    hits = sorted(n for n, a in g.nodes(data=True) if a["label"] == label and P.display_name(a) == name)
    assert hits, f"no {label} named {name} in the sample graph"
    return P.page_path(kind, hits[0])


def _heaviest_agency(g) -> str:
    """The heaviest-loaded agency that leads at least one measure with a dated deadline (so the page has
    something for the deadline filter) and shares a measure with another unit (something to search)."""
    from dutygraph.viz import pages as P

    loads = P.agency_loads(g)

    def fits(a: str) -> bool:
        led = [m for _, m, k in g.out_edges(a, keys=True) if k == "LEADS" and g.nodes[m]["label"] == "Measure"]
        dated = any(g.nodes[m].get("deadline") for m in led)
        shared = any(u != a for m in led for u, _, k in g.in_edges(m, keys=True) if k in ("LEADS", "SUPPORTS"))
        return dated and shared

    return max((a for a in loads if fits(a)), key=lambda a: (loads[a].load, a))


def test_overview_from_file_url(built, page):
    g, out = built
    page.goto((out / "site" / "index.html").as_uri())
    counts = page.locator(".count .n").all_inner_texts()
    assert len(counts) == 7 and int(counts[1]) > 0  # measures
    from dutygraph.viz import pages as P

    loaded = sum(1 for ld in P.agency_loads(g).values() if ld.load > 0)
    bars = page.locator("#top-agencies .bars li a")
    assert bars.count() == min(10, loaded)
    assert page.locator("#heat table.heat tbody tr").count() > 0
    assert page.locator("#platforms li a").count() > 0
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "site-overview.png"), full_page=False)
    first = bars.first.inner_text()
    bars.first.click()
    page.wait_for_function("() => window.dutygraph && window.dutygraph.settled === true", timeout=60_000)
    assert first in page.locator("h1").inner_text()
    page.watch.check()


def test_overview_items_link_to_their_pages(built, page):
    g, out = built
    index = (out / "site" / "index.html").as_uri()
    page.goto(index)
    # an orphan measure opens its plan's page with that measure selected and its details shown
    link = page.locator("#orphans li a").first
    href = link.get_attribute("href")
    node = unquote(href.split("#node=", 1)[1])
    assert g.nodes[node]["label"] == "Measure"
    link.click()
    page.wait_for_function("() => window.dutygraph && window.dutygraph.settled === true", timeout=60_000)
    assert page.evaluate("window.dutygraph.network.getSelectedNodes()") == [node]
    assert page.evaluate("window.dutygraph.data.page.kind") == "plan"
    assert page.locator("#panel .panel-title").inner_text().startswith("措施：")
    # a platform, an indicator and a jurisdiction from the lists open their own pages
    for section in ("#platforms", "#indicators", "#jurisdictions"):
        page.goto(index)
        a = page.locator(f"{section} li a").first
        name = a.inner_text()
        a.click()
        page.wait_for_function("() => window.dutygraph && window.dutygraph.settled === true", timeout=60_000)
        focus = page.evaluate("window.dutygraph.data.nodes.filter(n => n.focus).map(n => n.name)")
        assert focus == [name]
    page.watch.check()


def test_agency_page_draws_searches_filters_and_quotes_sources(built, page):
    g, out = built
    aid = _heaviest_agency(g)
    from dutygraph.viz import pages as P

    _open_graph(page, (out / "site" / P.page_path("agency", aid)).as_uri())
    n_nodes = page.evaluate("window.dutygraph.nodes.length")
    assert n_nodes >= 5
    # the canvas drew the nodes: every node has a position, and the canvas has many non-blank pixels
    assert page.evaluate("Object.keys(window.dutygraph.network.getPositions()).length") == n_nodes
    painted = page.evaluate("""() => { const c = document.querySelector('#net canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""")
    assert painted > 2000
    assert page.evaluate("window.dutygraph.network.physics.options.enabled") is False  # settled, then stopped

    # search by (part of) a co-unit's name
    co = page.evaluate("""() => { const d = window.dutygraph.data;
        return d.nodes.filter(n => n.label === 'Agency' && !n.focus).map(n => n.name).sort()[0]; }""")
    page.fill("#search", co[-4:])
    page.click("#search-form button")
    assert "找到" in page.locator("#search-status").inner_text()
    assert co[-4:] in page.locator("#panel .panel-title").inner_text()

    # filter: hide deadlines, then an indicator
    total = page.evaluate("window.dutygraph.data.nodes.length")
    page.uncheck("#filter-types input[value=Deadline]")
    hidden = page.evaluate("window.dutygraph.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    deadlines = page.evaluate("window.dutygraph.data.nodes.filter(n => n.label === 'Deadline').map(n => n.id)")
    assert deadlines and sorted(hidden) == sorted(deadlines)
    assert f"/ {total} " in page.locator("#filter-status").inner_text()
    page.check("#filter-types input[value=Deadline]")
    visible_measures = """() => { const v = new Set(window.dutygraph.visibleNodeIds());
        return window.dutygraph.data.nodes.filter(n => n.label === 'Measure' && v.has(n.id)).map(n => n.id).sort(); }"""
    measures = page.evaluate("window.dutygraph.data.nodes.filter(n => n.label === 'Measure')")
    indicators = page.evaluate("window.dutygraph.data.filters.indicators")
    if indicators:
        page.select_option("#filter-indicator", indicators[0])
        assert page.evaluate(visible_measures) == sorted(m["id"] for m in measures if m["ind"] == indicators[0])
        assert page.locator("#measures tbody tr").count() == page.evaluate(
            f"window.dutygraph.data.table.filter(r => r.indicator === {indicators[0]!r}).length")
        page.click("#filter-reset")
    months = page.evaluate("window.dutygraph.data.filters.months")
    assert months, "no dated measure on the heaviest agency's page"
    page.select_option("#filter-from", months[-1])
    want = sorted(m["id"] for m in measures if m["date"] and m["date"][:7] >= months[-1])
    assert want and page.evaluate(visible_measures) == want
    assert page.locator("#measures tbody tr").count() == len(want)
    page.click("#filter-reset")
    assert page.evaluate("window.dutygraph.visibleNodeIds().length") == total

    # click the agency itself on the canvas: neighbourhood highlighted, side panel shows source quotes
    page.evaluate("window.dutygraph.network.fit({animation: false})")
    xy = page.evaluate(f"""() => {{ const n = window.dutygraph.network;
        const p = n.getPositions([{aid!r}])[{aid!r}]; return n.canvasToDOM(p); }}""")
    box = page.locator("#net").bounding_box()
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    assert page.evaluate("window.dutygraph.network.getSelectedNodes()") == [aid]
    title = page.locator("#panel .panel-title").inner_text()
    assert g.nodes[aid]["name"] in title
    first_quote = page.locator("#panel .quote:has(.mention)").first
    src = first_quote.locator(".src").inner_text()
    quote = first_quote.inner_text()
    # the quote names a real file and line, and the mention as printed is on that line of that file
    fname, _, rest = src.partition(" 第")
    line = int(rest.rstrip("行"))
    printed = (ROOT / "data" / "plans" / fname).read_text(encoding="utf-8").split("\n")[line - 1]
    mention = quote.split("原文写法：「", 1)[1].split("」", 1)[0]
    assert mention in printed
    dimmed = page.evaluate("window.dutygraph.nodes.get().filter(n => typeof n.color === 'string' && n.color.startsWith('rgba(200')).length")
    assert dimmed > 0 or n_nodes == 1 + len(page.evaluate(f"window.dutygraph.network.getConnectedNodes({aid!r})"))

    # export: PNG of the view and the table as CSV
    png = page.evaluate("window.dutygraph.exportPNG()")
    assert png.startswith("data:image/png;base64,") and len(png) > 5000
    with page.expect_download() as dl:
        page.click("#export-csv")
    csv = Path(dl.value.path()).read_bytes().decode("utf-8-sig")
    assert csv.startswith('"编号","措施","牵头单位"')
    assert csv.count("\r\n") == 1 + page.locator("#measures tbody tr").count()
    SHOTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "site-agency.png"))
    page.watch.check()


def test_xss_payload_is_shown_as_text_and_never_runs(built, page):
    g, out = built
    _open_graph(page, (out / "site" / _page_of(g, "Platform", "赣服通")).as_uri())
    hit = page.evaluate(f"window.dutygraph.data.nodes.filter(n => n.name.includes({XSS!r}) || "
                        f"n.props.some(p => p[1].includes({XSS!r}))).map(n => n.id)")
    assert hit, "the injected measure is not on the 赣服通 page"
    page.evaluate(f"window.dutygraph.select({hit[0]!r}, true)")
    panel = page.locator("#panel").inner_text()
    assert XSS in panel  # shown, as text
    assert XSS in page.locator("#measures tbody").inner_text() or XSS in panel
    # hover the node (zoomed in on it) so vis-network shows its tooltip: the payload is in it, as text
    xy = page.evaluate(f"""() => {{ const n = window.dutygraph.network; const id = {hit[0]!r};
        n.moveTo({{position: n.getPositions([id])[id], scale: 3, animation: false}});
        return n.canvasToDOM(n.getPositions([id])[id]); }}""")
    box = page.locator("#net").bounding_box()
    page.mouse.move(box["x"] + xy["x"] - 30, box["y"] + xy["y"] - 30)
    page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"], steps=5)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert XSS in page.locator("div.vis-tooltip").inner_text()
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    flagged = page.evaluate(f"window.dutygraph.data.nodes.filter(n => n.props.some(p => p[1].includes({XSS_FLAG!r}))).map(n => n.id)")
    assert flagged, "the flag payload is not on the 赣服通 page"
    page.evaluate(f"window.dutygraph.select({flagged[0]!r}, true)")
    assert XSS_FLAG in page.locator("#panel").inner_text()
    assert page.evaluate("document.querySelectorAll('img, svg').length") == 0
    assert page.evaluate("typeof window.__xssRan") == "undefined"
    page.watch.check()  # includes: no dialog ever opened (alert(1) would be one)


def test_every_page_kind_opens_cleanly(built, page):
    g, out = built
    from dutygraph.viz import pages as P

    for kind in P.PAGE_KINDS:
        first = next((p for p in P.list_pages(g) if p.kind == kind), None)
        if first is None:
            continue
        _open_graph(page, (out / "site" / first.path).as_uri())
        assert page.evaluate("window.dutygraph.nodes.length") >= 1
    page.watch.check()


def test_served_by_dutygraph_serve(built, page):
    g, out = built
    from dutygraph.commands.serve import make_server
    from dutygraph.viz import pages as P

    server = make_server(out, 0)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/site/"
        page.goto(base + "index.html")
        assert page.locator("#top-agencies .bars li").count() >= 1
        _open_graph(page, base + P.page_path("agency", _heaviest_agency(g)))
        assert page.evaluate("Object.keys(window.dutygraph.network.getPositions()).length") >= 5
        assert page.request.get(base).status == 200  # /site/ serves its index.html
        assert page.request.get(base + "agency/").status == 404  # but no directory listing
    finally:
        server.shutdown()
        server.server_close()
    page.watch.check()


def test_inline_pages_work_alone_under_their_csp(browser, tmp_path):
    """inline_assets=True: one self-contained file per page (scripts allowed by hash, not by 'self')."""
    from dutygraph.graph.model import build_graph
    from dutygraph.viz import pages as P
    from dutygraph.viz import site
    from test_site import hand_batch

    files = site.build(build_graph(hand_batch()), inline_assets=True)
    rel = P.page_path("agency", "agency:景德镇市政数局")
    alone = tmp_path / "page.html"  # copied out of the site: nothing else next to it
    alone.write_text(files[rel], encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    page = ctx.new_page()
    watch = Watch(page)
    _open_graph(page, alone.as_uri())
    assert page.evaluate("window.dutygraph.nodes.length") >= 5
    assert "景德镇市政数局" in page.locator("#panel .panel-title").inner_text()
    watch.check()
    ctx.close()


def test_aggregated_whole_jurisdiction_page_stays_usable(browser, tmp_path):
    """A jurisdiction with more than MAX_NODES nodes is drawn with measures grouped by section; it settles,
    a group's panel lists its measures, and the table still lists every measure."""
    from dutygraph.viz import pages as P
    from dutygraph.viz import site
    from test_site import big_graph

    g = big_graph(200, 1600)
    jid = next(n for n, a in g.nodes(data=True) if a["label"] == "Jurisdiction")
    files = site.build(g)
    page_file = tmp_path / "site" / P.page_path("jurisdiction", jid)
    for rel, content in files.items():  # only what this page needs
        if rel.startswith("assets/") or rel == P.page_path("jurisdiction", jid):
            (tmp_path / "site" / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "site" / rel).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = ctx.new_page()
    watch = Watch(page)
    _open_graph(page, page_file.as_uri())
    assert "聚合" in page.locator(".notice").inner_text()
    drawn = page.evaluate("window.dutygraph.nodes.length")
    assert drawn <= P.MAX_NODES
    groups = page.evaluate("window.dutygraph.data.nodes.filter(n => n.label === 'Group').map(n => n.id)")
    assert len(groups) == 30
    page.evaluate(f"window.dutygraph.select({groups[0]!r}, true)")
    assert page.locator("#panel ol.members li").count() > 10
    assert page.locator("#measures tbody tr").count() == 1600
    watch.check()
    ctx.close()


def test_pages_assemble_in_the_browser_to_their_payload(built, page):
    """A page that loads its records from the site's data files (<script src>, from file://) has, once
    graph.js assembled it, exactly the data pages.payload gives for it — on one page of each kind and on
    the heaviest agency's."""
    import json

    from dutygraph.viz import pages as P
    from test_site import _payloads

    g, out = built
    want = _payloads(g)
    rels = [next(p.path for p in P.list_pages(g) if p.kind == kind) for kind in P.PAGE_KINDS]
    rels.append(P.page_path("agency", _heaviest_agency(g)))
    shard_pages = 0
    for rel in rels:
        html = (out / "site" / rel).read_text(encoding="utf-8")
        shard_pages += '"ids":' in html
        _open_graph(page, (out / "site" / rel).as_uri())
        got = json.loads(page.evaluate("JSON.stringify(window.dutygraph.data)"))
        assert got == want[rel], rel
    assert shard_pages == len(rels)
    page.watch.check()


def test_quotes_cut_in_the_browser_count_characters_as_python_does(built, page):
    """Data files leave out a quote the page can cut from its measure's text; graph.js's quoteFrom must
    count characters (code points) as site.quote_from does, astral characters (UTF-16 pairs) included."""
    from dutygraph.viz import pages as P
    from dutygraph.viz import site

    g, out = built
    _open_graph(page, (out / "site" / P.page_path("agency", _heaviest_agency(g))).as_uri())
    ext_b = "\U00020000\U0002A6D6"  # CJK extension B: two UTF-16 units each
    cases = [("市政数局牵头", "市政数局"), ("𠀀" * 50 + "市政数局" + "𠀀" * 50, "市政数局"),
             ("前文" * 30 + ext_b + "市行政审批局" + ext_b * 30, ext_b + "市行政"), ("无", "有"), ("", "有"),
             ("ab" * 60, "ba"), ("x" * 39 + "𠀀牵头" + "y" * 41, "牵头")]
    for text, mention in cases:
        for context in (0, 3, P.QUOTE_CONTEXT):
            got = page.evaluate("([t, m, c]) => window.dutygraph.quoteFrom(t, m, c)", [text, mention, context])
            assert got == site.quote_from(text, mention, context), (text, mention, context)
    page.watch.check()
