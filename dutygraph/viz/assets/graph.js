/* dutygraph graph page: vis-network from the page's JSON, legend, search, filters, side panel with
   source quotes, PNG/CSV export. Text from documents only ever reaches the DOM through textContent
   (and tooltips are DOM elements), never as HTML. */
(function () {
  "use strict";
  var t0 = performance.now();

  // Python's order of strings (by code point; JavaScript's < compares UTF-16 units)
  function cpKey(c) { return c >= 0xD800 && c < 0xE000 ? c + 0x2000 : (c >= 0xE000 ? c - 0x800 : c); }
  function cmpStr(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) { return cpKey(x) - cpKey(y); }
    }
    return a.length - b.length;
  }
  function sortedSet(values) {
    var seen = {}, out = [];
    values.forEach(function (v) { if (v && !seen["$" + v]) { seen["$" + v] = true; out.push(v); } });
    return out.sort(cmpStr);
  }

  // the context of the first `mention` in `text`, counted in characters (code points) as Python does
  function quoteFrom(text, mention, context) {
    var at = text && mention ? text.indexOf(mention) : -1;
    if (at < 0) { return ""; }
    var chars = Array.from(text);
    var i = Array.from(text.slice(0, at)).length;
    var a = Math.max(0, i - context), b = Math.min(chars.length, i + Array.from(mention).length + context);
    return (a ? "…" : "") + chars.slice(a, b).join("") + (b < chars.length ? "…" : "");
  }

  // A page whose records live in the site's data files (data/*.js, loaded before this script) lists node
  // ranks; the full data is assembled here exactly as a page that carries it inline has it.
  function assemble(raw) {
    var meta = window.dgMeta, shards = window.dgShards || [];
    var rec = {}, vlabel = {}, rows = {}, cand = raw.x.slice();
    function addRec(x) { rec[x[0]] = x[1]; vlabel[x[0]] = x[2]; }
    shards.forEach(function (s) {
      s.n.forEach(addRec);
      s.r.forEach(function (x) { rows[x[0]] = x; });
      Array.prototype.push.apply(cand, s.e);
    });
    raw.recs.forEach(addRec);
    var page = raw.page, on = {};
    raw.ids.forEach(function (k) { on[k] = true; });
    var nodes = raw.ids.map(function (k) {
      return rec[k].id === page.focus ? Object.assign({}, rec[k], { focus: true }) : rec[k];
    });
    var seen = {}, picked = [];
    cand.forEach(function (e) {
      if (!on[e[0]] || !on[e[1]]) { return; }
      var key = e[0] + "," + e[1] + "," + e[2];
      if (!seen[key]) { seen[key] = true; picked.push(e); }
    });
    picked.sort(function (a, b) { return (a[0] - b[0]) || (a[1] - b[1]) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    var edges = picked.map(function (e, i) {
      var u = rec[e[0]], v = rec[e[1]];
      var quote = e[6];
      if (quote === 0) {  // cut from the measure's text, as the site's Python does (site.quote_from)
        var q = meta.quote_labels.indexOf(v.label) >= 0 ? v : u;
        var text = "";
        q.props.forEach(function (p) { if (!text && p[0] === meta.text_prop) { text = p[1]; } });
        quote = quoteFrom(text, e[5], meta.quote_context);
      }
      return { from: u.id, to: v.id, type: e[2], count: 1, id: "e" + i,
               quotes: [{ source: e[3], line: e[4], mention: e[5], quote: quote, inherited: !!e[7],
                          from: u.name, to: v.name }] };
    });
    var table = raw.ids.filter(function (k) { return rec[k].label === "Measure"; })
      .map(function (k) { return rows[k]; })
      .sort(function (a, b) { return a[1] - b[1]; })
      .map(function (x) { return x[2]; });
    var ns = meta.node_style, es = meta.edge_style;
    var visNodes = raw.ids.map(function (k, i) {
      var n = nodes[i], st = ns[n.label] || ["#888888", "dot"];
      var v = { color: st[0], value: Math.max(n.value, 0.5) };
      if (n.focus) {
        v.borderWidth = 4; v.shadow = { enabled: true, size: 12, x: 0, y: 0 }; v.font = { size: 22, strokeWidth: 4 };
      } else { v.borderWidth = 1; }
      v.id = n.id; v.label = vlabel[k]; v.shape = st[1];
      return v;
    });
    var visEdges = edges.map(function (e) {
      var st = es[e.type] || ["#999999", false];
      return { id: e.id, color: st[0], dashes: st[1], value: e.count, from: e.from, to: e.to, arrows: "to" };
    });
    function order(list) {
      return function (a, b) {
        var i = list.indexOf(a), j = list.indexOf(b);
        i = i < 0 ? list.length : i; j = j < 0 ? list.length : j;
        return (i - j) || cmpStr(a, b);
      };
    }
    var labels = sortedSet(nodes.map(function (n) { return n.label; })).sort(order(meta.label_order));
    var types = sortedSet(edges.map(function (e) { return e.type; })).sort(order(meta.type_order));
    return {
      page: page, nodes: nodes, edges: edges, vis: { nodes: visNodes, edges: visEdges },
      legend: {
        nodes: labels.map(function (l) {
          return { label: l, name: meta.label_zh[l] || "措施组", color: ns[l][0], shape: ns[l][1] };
        }),
        edges: types.map(function (t) { return { type: t, name: meta.rel_zh[t], color: es[t][0], dashed: es[t][1] }; })
      },
      filters: {
        jurisdictions: sortedSet(nodes.map(function (n) { return n.juris; })),
        indicators: sortedSet(nodes.map(function (n) { return n.ind; })),
        months: sortedSet(nodes.map(function (n) { return n.date ? n.date.slice(0, 7) : ""; }))
      },
      table: table
    };
  }

  var raw = JSON.parse(document.getElementById("dg-data").textContent);
  var data = raw.ids ? assemble(raw) : raw;
  var byId = {};
  var focusId = null;
  data.nodes.forEach(function (n) { byId[n.id] = n; if (n.focus) { focusId = n.id; } });
  var edgeById = {};
  var edgesOf = {};
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e);
    (edgesOf[e.to] = edgesOf[e.to] || []).push(e);
  });
  var TYPE_NAME = {};
  data.legend.nodes.forEach(function (l) { TYPE_NAME[l.label] = l.name; });
  var REL_NAME = {};
  var REL_ORDER = {};
  data.legend.edges.forEach(function (l, i) { REL_NAME[l.type] = l.name; REL_ORDER[l.type] = i; });

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }
  function clear(x) { while (x.firstChild) { x.removeChild(x.firstChild); } }
  function tip(n) {
    var d = el("div", null, "tip");
    d.appendChild(el("strong", n.type + "："));
    d.appendChild(el("span", n.name));
    if (n.snippet) { d.appendChild(el("div", n.snippet, "tip-text")); }
    return d;
  }
  function edgeTip(e) {
    var d = el("div", null, "tip");
    d.appendChild(el("strong", (REL_NAME[e.type] || e.type) + (e.count > 1 ? "（" + e.count + "）" : "")));
    var q = e.quotes[0];
    if (q) { d.appendChild(el("div", q.source + " 第" + q.line + "行 " + (q.mention ? "「" + q.mention + "」" : ""))); }
    return d;
  }

  // ------------------------------------------------------------------ network
  var visNodes = data.vis.nodes.map(function (v) {
    var c = Object.assign({}, v);
    c.title = tip(byId[v.id]);
    return c;
  });
  var visEdges = data.vis.edges.map(function (v) {
    var c = Object.assign({}, v);
    c.title = edgeTip(edgeById[v.id]);
    return c;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var count = visNodes.length;
  var options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: count <= 150 },
    physics: {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, centralGravity: 0.01, springLength: 90,
                          springConstant: 0.08, damping: 0.5, avoidOverlap: 0.2 },
      minVelocity: 1.0,
      timestep: 0.5,
      stabilization: { enabled: true, iterations: count < 300 ? 400 : (count < 900 ? 200 : 80),
                       updateInterval: 25, fit: true }
    },
    nodes: { borderWidthSelected: 4,
             scaling: { min: 8, max: 42, label: { enabled: true, min: 12, max: 20, drawThreshold: 6 } },
             font: { size: 14, face: "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif",
                     strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { smooth: false, arrows: { to: { enabled: true, scaleFactor: 0.5 } },
             scaling: { min: 1, max: 6, label: { enabled: false } }, selectionWidth: 2 },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: count > 500, multiselect: false,
                   navigationButtons: false, keyboard: false }
  };
  var container = document.getElementById("net");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var api = window.dutygraph = {
    network: network, nodes: nodes, edges: edges, data: data, settled: false, settleMs: null, quoteFrom: quoteFrom
  };

  function settle() {
    if (api.settled) { return; }
    network.setOptions({ physics: { enabled: false } });
    api.settled = true;
    api.settleMs = performance.now() - t0;
    document.getElementById("loading").style.display = "none";
    var h = location.hash.match(/^#node=(.+)$/);
    var id = h ? decodeURIComponent(h[1]) : null;
    if (id && byId[id]) { select(id, true); }
    else if (focusId) { showNode(focusId); }  // the page's subject and its sources, until something is clicked
  }
  network.on("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  if (count === 0) { settle(); }

  // ------------------------------------------------------------------ legend
  var legendN = document.getElementById("legend-nodes");
  data.legend.nodes.forEach(function (l) {
    var li = el("li");
    var sw = el("span", null, "swatch shape-" + l.shape);
    sw.style.background = l.color;
    li.appendChild(sw);
    li.appendChild(el("span", l.name));
    legendN.appendChild(li);
  });
  var legendE = document.getElementById("legend-edges");
  data.legend.edges.forEach(function (l) {
    var li = el("li");
    var sw = el("span", null, "line" + (l.dashed ? " dashed" : ""));
    sw.style.borderTopColor = l.color;
    li.appendChild(sw);
    li.appendChild(el("span", l.name));
    legendE.appendChild(li);
  });

  // ------------------------------------------------------------------ highlight & side panel
  var original = {};
  visNodes.forEach(function (v) { original[v.id] = v.color; });
  var originalEdge = {};
  visEdges.forEach(function (v) { originalEdge[v.id] = v.color; });
  var DIM = "rgba(200,205,212,0.35)";
  var highlighted = false;

  function highlight(id) {
    var near = {};
    near[id] = true;
    (edgesOf[id] || []).forEach(function (e) { near[e.from] = true; near[e.to] = true; });
    nodes.update(visNodes.map(function (v) {
      return { id: v.id, color: near[v.id] ? original[v.id] : DIM,
               font: { color: near[v.id] ? "#1a202c" : "rgba(80,80,80,0.35)" } };
    }));
    edges.update(visEdges.map(function (v) {
      var e = edgeById[v.id];
      return { id: v.id, color: (e.from === id || e.to === id) ? originalEdge[v.id] : DIM };
    }));
    highlighted = true;
  }
  function unhighlight() {
    if (!highlighted) { return; }
    nodes.update(visNodes.map(function (v) { return { id: v.id, color: original[v.id], font: { color: "#1a202c" } }; }));
    edges.update(visEdges.map(function (v) { return { id: v.id, color: originalEdge[v.id] }; }));
    highlighted = false;
  }

  var panel = document.getElementById("panel");
  function quoteBlock(q) {
    var li = el("li", null, "quote");
    li.appendChild(el("div", q.from + " → " + q.to + (q.inherited ? "（继承自章节标题）" : ""), "quote-ends"));
    li.appendChild(el("div", q.source + " 第" + q.line + "行", "src"));
    if (q.mention) { li.appendChild(el("div", "原文写法：「" + q.mention + "」", "mention")); }
    if (q.quote) { li.appendChild(el("blockquote", q.quote, "context")); }
    return li;
  }
  function edgeItem(e, selfId) {
    var li = el("li", null, "rel");
    var other = e.from === selfId ? e.to : e.from;
    var o = byId[other];
    var head = el("div", null, "rel-head");
    head.appendChild(el("span", REL_NAME[e.type] || e.type, "rel-type"));
    head.appendChild(el("span", (e.from === selfId ? " → " : " ← ") + (o ? o.type + "：" + o.name : other)));
    if (e.count > 1) { head.appendChild(el("span", "（" + e.count + "处）")); }
    li.appendChild(head);
    var ul = el("ul", null, "quotes");
    e.quotes.forEach(function (q) { ul.appendChild(quoteBlock(q)); });
    li.appendChild(ul);
    return li;
  }
  function showNode(id) {
    var n = byId[id];
    clear(panel);
    panel.appendChild(el("h2", n.type + "：" + n.name, "panel-title"));
    if (n.page && !n.focus) {
      var a = el("a", "打开“" + n.name + "”的专页", "page-link");
      a.href = "../" + n.page;
      panel.appendChild(a);
    }
    var dl = el("dl", null, "props");
    n.props.forEach(function (p) { dl.appendChild(el("dt", p[0])); dl.appendChild(el("dd", p[1])); });
    panel.appendChild(dl);
    if (n.members) {
      panel.appendChild(el("h3", "组内措施"));
      var ml = el("ol", null, "members");
      n.members.forEach(function (m) { ml.appendChild(el("li", m[1])); });
      panel.appendChild(ml);
    }
    var rel = (edgesOf[id] || []).slice().sort(function (a, b) {
      return (REL_ORDER[a.type] - REL_ORDER[b.type]) || (a.id < b.id ? -1 : 1);
    });
    panel.appendChild(el("h3", "关系与原文出处（" + rel.length + "）"));
    var ul = el("ul", null, "rels");
    rel.forEach(function (e) { ul.appendChild(edgeItem(e, id)); });
    panel.appendChild(ul);
  }
  function showEdge(eid) {
    var e = edgeById[eid];
    clear(panel);
    panel.appendChild(el("h2", (REL_NAME[e.type] || e.type) + "：" + byId[e.from].name + " → " + byId[e.to].name, "panel-title"));
    var ul = el("ul", null, "quotes");
    e.quotes.forEach(function (q) { ul.appendChild(quoteBlock(q)); });
    panel.appendChild(ul);
  }
  function select(id, focus) {
    network.selectNodes([id]);
    highlight(id);
    showNode(id);
    if (focus) { network.focus(id, { scale: 1.1, animation: false }); }
  }
  api.select = select;

  network.on("click", function (p) {
    if (p.nodes.length) { select(p.nodes[0], false); }
    else if (p.edges.length) { unhighlight(); showEdge(p.edges[0]); }
    else { unhighlight(); }
  });

  // ------------------------------------------------------------------ search
  var datalist = document.getElementById("search-names");
  var seen = {};
  data.nodes.map(function (n) { return n.name; }).sort().forEach(function (name) {
    if (seen[name]) { return; }
    seen[name] = true;
    var o = document.createElement("option");
    o.value = name;
    datalist.appendChild(o);
  });
  function search(q) {
    q = (q || "").trim().toLowerCase();
    var status = document.getElementById("search-status");
    if (!q) { status.textContent = ""; return []; }
    var hits = data.nodes.filter(function (n) { return n.name.toLowerCase().indexOf(q) >= 0; })
      .sort(function (a, b) {
        return (b.name.toLowerCase() === q) - (a.name.toLowerCase() === q) || b.value - a.value ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      });
    if (!hits.length) { status.textContent = "未找到“" + q + "”"; return []; }
    var visible = hits.filter(function (n) { return !hiddenNow[n.id]; });
    var first = (visible[0] || hits[0]).id;
    select(first, true);
    status.textContent = "找到 " + hits.length + " 个，已定位：" + byId[first].name;
    return hits.map(function (n) { return n.id; });
  }
  api.search = search;
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("search").value);
  });

  // ------------------------------------------------------------------ filters
  var typeBox = document.getElementById("filter-types");
  data.legend.nodes.forEach(function (l) {
    var lab = el("label", null, "check");
    var cb = document.createElement("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = l.label; cb.name = "type";
    lab.appendChild(cb);
    lab.appendChild(el("span", l.name));
    typeBox.appendChild(lab);
  });
  function fillSelect(id, values) {
    var s = document.getElementById(id);
    values.forEach(function (v) { var o = el("option", v); o.value = v; s.appendChild(o); });
  }
  fillSelect("filter-juris", data.filters.jurisdictions);
  fillSelect("filter-indicator", data.filters.indicators);
  fillSelect("filter-from", data.filters.months);
  fillSelect("filter-to", data.filters.months);

  var MEASURE_LIKE = { Measure: true, Group: true };
  var hiddenNow = {};
  function state() {
    var types = {};
    typeBox.querySelectorAll("input[type=checkbox]").forEach(function (cb) { types[cb.value] = cb.checked; });
    return { types: types, juris: document.getElementById("filter-juris").value,
             ind: document.getElementById("filter-indicator").value,
             from: document.getElementById("filter-from").value, to: document.getElementById("filter-to").value };
  }
  function inRange(date, s) {
    if (!s.from && !s.to) { return true; }
    if (!date) { return false; }
    var m = date.slice(0, 7);
    return (!s.from || m >= s.from) && (!s.to || m <= s.to);
  }
  function matches(inds, dates, juris, s) {
    if (s.juris && juris !== s.juris) { return false; }
    if (s.ind && inds.indexOf(s.ind) < 0) { return false; }
    if (s.from || s.to) { return dates.some(function (d) { return inRange(d, s); }); }
    return true;
  }
  function nodeMatches(n, s) {
    if (n.label === "Group") { return matches(n.inds, n.dates, n.juris, s); }
    return matches(n.ind ? [n.ind] : [], n.date ? [n.date] : [], n.juris, s);
  }
  function applyFilters() {
    var s = state();
    var active = !!(s.juris || s.ind || s.from || s.to);
    var hide = {};
    data.nodes.forEach(function (n) {
      if (n.focus) { return; }
      if (s.types[n.label] === false) { hide[n.id] = true; return; }
      if (!active) { return; }
      if (MEASURE_LIKE[n.label]) { if (!nodeMatches(n, s)) { hide[n.id] = true; } }
    });
    if (active) {
      data.nodes.forEach(function (n) {
        if (n.focus || MEASURE_LIKE[n.label] || hide[n.id]) { return; }
        var ms = (edgesOf[n.id] || []).map(function (e) { return e.from === n.id ? e.to : e.from; })
          .filter(function (o) { return byId[o] && MEASURE_LIKE[byId[o].label]; });
        if (ms.length) {
          if (!ms.some(function (o) { return !hide[o]; })) { hide[n.id] = true; }
        } else if (s.juris && n.juris && n.juris !== s.juris) {
          hide[n.id] = true;
        }
        if (n.label === "Deadline" && (s.from || s.to) && !inRange(n.date, s)) { hide[n.id] = true; }
      });
    }
    // update only what changed: a DataSet update of thousands of unchanged items costs seconds
    var nodeChanges = data.nodes.filter(function (n) { return !!hide[n.id] !== !!hiddenNow[n.id]; })
      .map(function (n) { return { id: n.id, hidden: !!hide[n.id] }; });
    var edgeChanges = data.edges.filter(function (e) {
      return !!(hide[e.from] || hide[e.to]) !== !!(hiddenNow[e.from] || hiddenNow[e.to]);
    }).map(function (e) { return { id: e.id, hidden: !!(hide[e.from] || hide[e.to]) }; });
    hiddenNow = hide;
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    var shown = data.nodes.length - Object.keys(hide).length;
    document.getElementById("filter-status").textContent = "显示 " + shown + " / " + data.nodes.length + " 个节点";
    renderTable(s);
    return shown;
  }
  api.applyFilters = applyFilters;
  api.visibleNodeIds = function () {
    return data.nodes.filter(function (n) { return !hiddenNow[n.id]; }).map(function (n) { return n.id; });
  };
  typeBox.addEventListener("change", applyFilters);
  ["filter-juris", "filter-indicator", "filter-from", "filter-to"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", applyFilters);
  });
  document.getElementById("filter-reset").addEventListener("click", function () {
    typeBox.querySelectorAll("input[type=checkbox]").forEach(function (cb) { cb.checked = true; });
    ["filter-juris", "filter-indicator", "filter-from", "filter-to"].forEach(function (id) {
      document.getElementById(id).value = "";
    });
    applyFilters();
  });

  // ------------------------------------------------------------------ table & CSV
  var COLS = [["number", "编号"], ["title", "措施"], ["lead", "牵头单位"], ["co", "配合单位"], ["platforms", "平台"],
              ["deadline", "时限"], ["indicator", "指标"], ["plan", "方案"], ["source", "来源"]];
  var tableRows = [];
  function renderTable(s) {
    var tbody = document.querySelector("#measures tbody");
    clear(tbody);
    tableRows = data.table.filter(function (r) {
      return matches(r.indicator ? [r.indicator] : [], r.deadline ? [r.deadline] : [], r.juris, s);
    });
    tableRows.forEach(function (r) {
      var tr = document.createElement("tr");
      COLS.forEach(function (c) {
        var v = c[0] === "source" ? r.source + ":" + r.line : r[c[0]];
        tr.appendChild(el("td", v));
      });
      if (byId[r.id]) {
        tr.className = "clickable";
        tr.addEventListener("click", function () { select(r.id, true); window.scrollTo(0, 0); });
      }
      tbody.appendChild(tr);
    });
  }
  function csvCell(v) {
    v = String(v === undefined || v === null ? "" : v);
    if (/^[=+\-@\t\r]/.test(v)) { v = "'" + v; }  // no formulas when opened in a spreadsheet
    return '"' + v.replace(/"/g, '""') + '"';
  }
  function tableCSV() {
    var lines = [COLS.map(function (c) { return csvCell(c[1]); }).join(",")];
    tableRows.forEach(function (r) {
      lines.push(COLS.map(function (c) { return csvCell(c[0] === "source" ? r.source + ":" + r.line : r[c[0]]); }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  api.tableCSV = tableCSV;
  function download(href, name) {
    var a = document.createElement("a");
    a.href = href; a.download = name;
    document.body.appendChild(a); a.click(); document.body.removeChild(a);
  }
  var fileBase = "dutygraph-" + data.page.kind + "-" + location.pathname.split("/").pop().replace(/\.html$/, "");
  document.getElementById("export-csv").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([tableCSV()], { type: "text/csv;charset=utf-8" }));
    download(url, fileBase + ".csv");
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  function exportPNG() {
    var c = container.querySelector("canvas");
    var off = document.createElement("canvas");
    off.width = c.width; off.height = c.height;
    var ctx = off.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, off.width, off.height);
    ctx.drawImage(c, 0, 0);
    return off.toDataURL("image/png");
  }
  api.exportPNG = exportPNG;
  document.getElementById("export-png").addEventListener("click", function () {
    download(exportPNG(), fileBase + ".png");
  });

  applyFilters();
})();
