"""The load-balancing review: the tables a review meeting needs, written as offline Chinese HTML
(no scripts, no external requests, every text escaped), an XLSX workbook (one sheet per table) and
one CSV per table, under out_dir/review/. Registered as the "review" exporter.

Every number refers back to measures: the load, crunch, platform and orphan tables carry measure ids
(linked, in the HTML, to the appendix of measures with file:line of the printed text) and source
lines. Output is deterministic: rows sorted, no timestamps, XLSX zip entries and document
properties pinned, so the same graph gives byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from . import bottlenecks, deadlines, load, rebalance, reference
from .graphview import leads, nodes, platforms, supports, where

REVIEW_DIR = "review"
_FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # file stem and anchor
    title: str  # Chinese title (sheet name, ≤ 31 chars)
    note: str  # what it shows and how to read it
    frame: pd.DataFrame


HEADERS = {
    "id": "编号", "name": "名称", "jurisdiction": "辖区", "led": "牵头(本项)", "inherited": "牵头(继承)",
    "co": "配合", "load": "负荷指数", "plans": "涉及方案", "q1": "一季度", "q2": "二季度", "q3": "三季度",
    "q4": "四季度", "undated": "无日期", "lead_weight": "牵头权重", "co_weight": "配合权重", "collective": "集体单位",
    "peak_month": "最集中月份", "peak_month_due": "该月到期", "measure_ids": "任务", "sources": "出处",
    "total": "合计", "partners": "合作单位数", "shared_measures": "共担任务数", "betweenness": "中介中心度",
    "articulation": "关键连接点", "measures": "任务数", "agencies": "涉及单位数", "agency_names": "涉及单位",
    "kind": "类别", "leads": "牵头单位", "month": "月份", "agency_id": "单位编号", "agency": "单位",
    "due": "到期任务数", "top_agency": "到期最多的单位", "top_agency_due": "其到期数", "measure_id": "任务",
    "plan": "方案", "number": "序号", "title": "标题", "no_lead": "无牵头", "collective_only": "仅集体单位牵头",
    "no_deadline": "无期限", "source": "出处", "line": "行", "measure": "任务", "indicator": "指标",
    "from_id": "现牵头编号", "from_agency": "现牵头单位", "from_load": "其负荷", "to_id": "建议单位编号",
    "to_agency": "建议单位", "to_load": "其负荷(建议单位)", "median_load": "本地中位负荷", "suggestion": "建议",
    "deadline": "期限", "platforms": "平台", "co_units": "配合单位", "lead_units": "牵头单位", "where": "出处",
    "agencies_count": "单位数", "top5_share": "前5单位牵头份额", "gini": "基尼系数",
    "slipped_to": "顺延后期限", "as_lead": "作为牵头", "as_co": "作为配合",
}


def _measure_table(g: nx.MultiDiGraph) -> pd.DataFrame:
    plans = dict(nodes(g, "Plan"))
    rows = []
    for mid, m in nodes(g, "Measure"):
        plan = plans.get(m.get("plan") or "", {})
        rows.append({
            "measure_id": mid, "plan": plan.get("title") or m.get("plan"), "jurisdiction": plan.get("jurisdiction"),
            "number": m.get("number"), "title": m.get("title"), "kind": m.get("kind"),
            "lead_units": [g.nodes[a].get("name") for a in leads(g, mid)],
            "co_units": [g.nodes[a].get("name") for a in supports(g, mid)],
            "deadline": m.get("deadline"), "platforms": [g.nodes[p].get("name") for p in platforms(g, mid)],
            "indicator": m.get("indicator"), "where": where(m),
        })
    rows.sort(key=lambda r: r["measure_id"])
    return pd.DataFrame(rows, columns=["measure_id", "plan", "jurisdiction", "number", "title", "kind", "lead_units",
                                       "co_units", "deadline", "platforms", "indicator", "where"])


def _concentration_table(loads: pd.DataFrame) -> pd.DataFrame:
    rows = []
    groups = [("(全部)", loads)]
    groups += [(j, part) for j, part in loads.groupby(loads["jurisdiction"].fillna("(未知)"), sort=True)]
    for jur, part in groups:
        c = load.concentration(part)
        rows.append({"jurisdiction": jur, "agencies_count": c["agencies"], "lead_weight": c["total"],
                     "top5_share": c["top5_share"], "gini": c["gini"]})
    return pd.DataFrame(rows, columns=["jurisdiction", "agencies_count", "lead_weight", "top5_share", "gini"])


def slip_tables(g: nx.MultiDiGraph, platforms_: tuple[str, ...], months: int) -> list[Table]:
    """"If platform X slips by N months": the measures hit (with slipped dates) and the agencies hit."""
    frames = [bottlenecks.platform_slip(g, p, months=months) for p in platforms_]
    slip = pd.concat(frames, ignore_index=True)
    names = "、".join(platforms_)
    return [
        Table("slip", f"平台延期{months}个月的影响",
              f"若{names}延期{months}个月：依赖它的任务、原期限与顺延后的期限、牵头与配合单位、原文位置。", slip),
        Table("slip_agencies", f"平台延期{months}个月受影响单位",
              f"若{names}延期{months}个月：受影响的单位及其作为牵头/配合的任务数。", bottlenecks.slip_agencies(slip)),
    ]


def tables(g: nx.MultiDiGraph, *, slip: tuple[str, ...] = (), slip_months: int = 1) -> list[Table]:
    """Every table of the review, in report order (pure: graph in, DataFrames out); with `slip`
    platforms, two more tables on what their delay by `slip_months` would hit."""
    loads = load.agency_load(g)
    orphans = reference.orphan_measures(g, kind="")
    centrality = bottlenecks.agency_centrality(g)  # attrs["note"]: how it was bounded on large networks
    extra = slip_tables(g, slip, slip_months) if slip else []
    return [
        Table("concentration", "负荷集中度",
              "各辖区牵头工作的集中程度：前5个单位所占牵头权重份额与基尼系数（0为均匀，越接近1越集中）。", _concentration_table(loads)),
        Table("load", "单位负荷排名",
              "负荷指数 = 牵头任务每项1份、由共同牵头单位均分 + 配合任务每项0.5份、由配合单位均分。"
              "季度列为其牵头任务按期限所在季度的分布。", loads),
        Table("quarter_heat", "季度热力表", "各单位牵头任务按期限所在季度（年-季度）的数量。", deadlines.quarter_heat(g)),
        Table("busiest_months", "期限最集中的月份", "每月到期的牵头任务数（按任务去重）及到期最多的单位。",
              deadlines.busiest_months(g)),
        Table("deadline_crunch", "月度期限扎堆（单位）", "同一单位同一月份到期两项及以上的牵头任务。",
              deadlines.deadline_crunch(g, min_due=2)),
        Table("centrality", "协同网络瓶颈单位",
              "在单位协同网络（同一任务中共同出现即相连）中的合作单位数、共担任务数、中介中心度；"
              "关键连接点指去掉该单位后网络会断开。集体单位不计。" + centrality.attrs.get("note", ""), centrality),
        Table("platforms", "平台依赖", "各平台被多少任务、多少单位依赖：平台出问题或延期时受影响的范围。",
              bottlenecks.platform_impact(g)),
        Table("bottlenecks", "共同瓶颈", "被三项及以上任务依赖的配合单位与平台，及这些任务涉及的牵头单位数、方案数。",
              bottlenecks.shared_bottlenecks(g)),
        *extra,
        Table("orphans", "无主任务", "无牵头单位、仅由集体单位牵头或没有期限的任务。", orphans),
        Table("suggestions", "调整建议",
              "负荷达到本辖区中位数两倍及以上的牵头单位，其同一指标任务中负荷不高于中位数的配合单位。"
              "仅供评审讨论参考，不是决定。", rebalance.suggestions(g, loads=loads)),
        Table("measures", "任务出处", "报告中出现的每项任务：所属方案、序号、标题、责任单位、期限、平台、原文位置（文件:行）。",
              _measure_table(g)),
    ]


# ---------------------------------------------------------------- cell rendering


def _plain(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple)):
        return " | ".join(_plain(v) for v in value)
    return str(value)


def _csv(frame: pd.DataFrame) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_plain(v) for v in row])
    return buf.getvalue()


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx(all_tables: list[Table]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)  # rows streamed to the sheet XML: several times faster on large reviews
    for table in all_tables:
        ws = wb.create_sheet(title=table.title[:31])
        ws.freeze_panes = "A2"
        ws.append([HEADERS.get(c, c) for c in table.frame.columns])
        for row in table.frame.itertuples(index=False, name=None):
            ws.append([v if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v
                       else _ILLEGAL_XML.sub("", _plain(v)) for v in row])
    wb.properties.creator = "dutygraph"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    wb.properties.lastModifiedBy = "dutygraph"
    raw = io.BytesIO()
    wb.save(raw)
    return _pin_zip(raw.getvalue())


def _pin_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and pinned core-property dates (byte-identical output)."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            pinned = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o644 << 16
            dst.writestr(pinned, content)
    return out.getvalue()


# ---------------------------------------------------------------- HTML

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
p.note{color:#555;font-size:.9em;max-width:60em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{border:1px solid #ddd;padding:2px 6px;vertical-align:top;text-align:left}
th{background:#f3f3f3;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.list{max-width:40em}
nav a{margin-right:1em}
tr:target{background:#fff3c4}
a.m{font-family:monospace;font-size:.9em;white-space:nowrap}
summary{cursor:pointer;color:#245}
"""


# columns the HTML leaves to the CSV/XLSX (the measure links and the appendix carry the same lines)
_HTML_HIDDEN = {"sources"}


def _anchor_ids(measures: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """measure id -> (anchor, short label "ganzhou:383" = document's first name part and line)."""
    out = {}
    for i, (mid, where_) in enumerate(zip(measures["measure_id"], measures["where"]), 1):
        doc, _, line = (where_ or "").rpartition(":")
        short = re.split(r"[-_.]", doc, maxsplit=1)[0] if doc else mid
        out[mid] = (f"m{i}", f"{short}:{line}" if doc else mid)
    return out


def _html_cell(column: str, value: Any, anchors: dict[str, tuple[str, str]]) -> str:
    def link(mid: str) -> str:
        if mid not in anchors:
            return html.escape(mid)
        anchor, label = anchors[mid]
        return f'<a class="m" href="#{anchor}" title="{html.escape(mid)}">{html.escape(label)}</a>'

    if column == "measure_id" and value is not None:
        return f"<td>{link(str(value))}</td>"
    if column == "measure_ids" and isinstance(value, (list, tuple)):
        links = " ".join(link(str(v)) for v in value)
        if len(value) <= 6:
            return f'<td class="list">{links}</td>'
        return f'<td class="list"><details><summary>{len(value)} 项</summary>{links}</details></td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="num">{html.escape(_plain(value))}</td>'
    if isinstance(value, (list, tuple)):
        return '<td class="list">' + "<br>".join(html.escape(_plain(v)) for v in value) + "</td>"
    return f"<td>{html.escape(_plain(value))}</td>"


def _html(all_tables: list[Table], g: nx.MultiDiGraph) -> str:
    measures = next(t.frame for t in all_tables if t.key == "measures")
    anchors = _anchor_ids(measures)
    counts = {label: sum(1 for _ in nodes(g, label)) for label in ("Plan", "Measure", "Agency", "Platform")}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>责任负荷评审报告</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>责任负荷评审报告</h1>",
        f"<p>方案 {counts['Plan']} 个，任务 {counts['Measure']} 项，责任单位 {counts['Agency']} 个，"
        f"平台 {counts['Platform']} 个。每个数字均可追溯到下方“任务出处”中的任务及其原文位置（文件:行）。"
        "表中建议仅供评审讨论，不构成决定。</p>",
        "<nav>" + "".join(f'<a href="#{t.key}">{html.escape(t.title)}</a>' for t in all_tables) + "</nav>",
    ]
    for table in all_tables:
        frame = table.frame
        parts.append(f'<h2 id="{table.key}">{html.escape(table.title)}</h2>')
        parts.append(f'<p class="note">{html.escape(table.note)}（{len(frame)} 行；'
                     f"另见 {html.escape(table.key)}.csv 与 review.xlsx。）</p>")
        if frame.empty:
            parts.append("<p>（无）</p>")
            continue
        columns = [c for c in frame.columns if c not in _HTML_HIDDEN]
        parts.append("<table><thead><tr>" + "".join(f"<th>{html.escape(HEADERS.get(c, c))}</th>" for c in columns)
                     + "</tr></thead><tbody>")
        for record in frame[columns].itertuples(index=False, name=None):
            row_id = ""
            if table.key == "measures":
                row_id = f' id="{anchors[record[0]][0]}"'
                cells = [f"<td>{html.escape(_plain(record[0]))}</td>"]
                cells += [_html_cell(c, v, anchors) for c, v in zip(columns[1:], record[1:])]
            else:
                cells = [_html_cell(c, v, anchors) for c, v in zip(columns, record)]
            parts.append(f"<tr{row_id}>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------- the exporter


def render(g: nx.MultiDiGraph, *, slip: tuple[str, ...] = (), slip_months: int = 1) -> dict[str, bytes]:
    """File name -> bytes of the whole review (pure)."""
    all_tables = tables(g, slip=slip, slip_months=slip_months)
    files = {"index.html": _html(all_tables, g).encode("utf-8"), "review.xlsx": _xlsx(all_tables)}
    for table in all_tables:
        files[f"{table.key}.csv"] = _csv(table.frame).encode("utf-8")
    return files


def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False, slip: tuple[str, ...] = (),
          slip_months: int = 1) -> list[Path]:
    """Write out_dir/review/ atomically (built in a temporary folder, then renamed into place).
    The review holds no personal data, so include_people changes nothing here."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = render(graph, slip=tuple(slip), slip_months=slip_months)
    dest = out_dir / REVIEW_DIR
    tmp = Path(tempfile.mkdtemp(prefix=".review-", dir=out_dir))
    old = None
    try:
        for name, data in sorted(files.items()):
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o755)
        if dest.exists():
            old = Path(tempfile.mkdtemp(prefix=".review-old-", dir=out_dir))
            os.replace(dest, old / REVIEW_DIR)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return [dest / name for name in sorted(files)]
