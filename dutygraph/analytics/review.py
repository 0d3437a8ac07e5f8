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
import math
import numbers
import os
import re
import shutil
import tempfile
import zipfile
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from ..exports import csvtext
from ..exports.atomic import gc_paused, write_bytes
from ..loaders.base import runs_compiled
from . import bottlenecks, deadlines, load, rebalance, reference
from .graphview import columns_frame, incidence, shared, where

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


_MEASURE_COLUMNS = ["measure_id", "plan", "jurisdiction", "number", "title", "kind", "lead_units", "co_units",
                    "deadline", "platforms", "indicator", "where"]


def _measure_table(g: nx.MultiDiGraph) -> pd.DataFrame:
    ix = incidence(g)
    plans = dict(ix.nodes("Plan"))
    measures = sorted(ix.nodes("Measure"), key=itemgetter(0))  # by id (one node per id)
    ids = [mid for mid, _ in measures]
    ms = [m for _, m in measures]
    plan_ids = _values(ms, "plan")
    of_plan = [plans.get(pid or "", {}) for pid in plan_ids]
    name = {nid: attrs.get("name") for label in ("Agency", "Platform") for nid, attrs in ix.nodes(label)}
    return columns_frame({
        "measure_id": ids, "plan": [title or pid for title, pid in zip(_values(of_plan, "title"), plan_ids)],
        "jurisdiction": _values(of_plan, "jurisdiction"), "number": _values(ms, "number"),
        "title": _values(ms, "title"), "kind": _values(ms, "kind"),
        # = graphview.leads / supports / platforms of each, by id
        "lead_units": _name_lists(ids, ix.lead_lists(), name),
        "co_units": _name_lists(ids, ix.co_lists(), name),
        "deadline": _values(ms, "deadline"),
        "platforms": _name_lists(ids, ix.platform_lists(), name),
        "indicator": _values(ms, "indicator"), "where": list(map(where, ms)),
    }, _MEASURE_COLUMNS)


def _values(attrs: list[dict[str, Any]], key: str) -> list[Any]:
    """= [a.get(key) for a in attrs]: one attribute of each node (typed by review.pxd when compiled, so each
    lookup is a direct dict call: ~7 per measure for the measure table)."""
    out = []
    for a in attrs:
        out.append(a.get(key))
    return out


def _name_lists(ids: list[str], of: dict[str, list[str]], name: dict[str, Any]) -> list[list[Any]]:
    """= [list(map(name.__getitem__, sorted(of.get(mid, ())))) for mid in ids]: for each measure, the names
    of the nodes `of` lists for it (its leads, co-units or platforms), in id order; an empty or one-item
    list (most measures: one lead, no platform) made without a sort and a map (typed by review.pxd when
    compiled: ~650k lists at 10k documents)."""
    out = []
    for mid in ids:
        got = of.get(mid)
        if not got:
            out.append([])
        elif len(got) == 1:
            out.append([name[got[0]]])
        else:
            out.append([name[nid] for nid in sorted(got)])
    return out


def _concentration_table(loads: pd.DataFrame) -> pd.DataFrame:
    """load.concentration of all the agencies, then of each jurisdiction's (sorted; none: "(未知)"), from the
    lead weights' list grouped here (in the frame's order) rather than from a pandas sub-frame per group."""
    rows = []
    weights = loads["lead_weight"].astype(float).tolist() if len(loads) else []
    by_jur: dict[str, list[float]] = {}
    for jur, weight in zip(loads["jurisdiction"].fillna("(未知)").tolist(), weights):
        by_jur.setdefault(jur, []).append(weight)
    for jur, values in [("(全部)", weights), *sorted(by_jur.items())]:
        c = load.concentration_of(values)
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
    with shared(g):  # the analytics below read the graph's incidences once between them
        return _tables(g, slip=slip, slip_months=slip_months)


def _tables(g: nx.MultiDiGraph, *, slip: tuple[str, ...], slip_months: int) -> list[Table]:
    loads = load.agency_load(g)
    orphans = reference.orphan_measures(g, kind="")
    centrality = bottlenecks.agency_centrality(g)  # attrs["note"]: how it was bounded on large networks
    crunch = deadlines.deadline_crunch(g)  # min_due=1: for the busiest months; the crunch table keeps due >= 2
    extra = slip_tables(g, slip, slip_months) if slip else []
    return [
        Table("concentration", "负荷集中度",
              "各辖区牵头工作的集中程度：前5个单位所占牵头权重份额与基尼系数（0为均匀，越接近1越集中）。", _concentration_table(loads)),
        Table("load", "单位负荷排名",
              "负荷指数 = 牵头任务每项1份、由共同牵头单位均分 + 配合任务每项0.5份、由配合单位均分。"
              "季度列为其牵头任务按期限所在季度的分布。", loads),
        Table("quarter_heat", "季度热力表", "各单位牵头任务按期限所在季度（年-季度）的数量。", deadlines.quarter_heat(g)),
        Table("busiest_months", "期限最集中的月份", "每月到期的牵头任务数（按任务去重）及到期最多的单位。",
              deadlines.busiest_months(g, crunch=crunch)),
        Table("deadline_crunch", "月度期限扎堆（单位）", "同一单位同一月份到期两项及以上的牵头任务。",
              crunch[crunch["due"] >= 2].reset_index(drop=True)),
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
    kind = type(value)  # exact-type fast paths first: this runs once per cell of every table
    if kind is str:
        return value
    if value is None:
        return ""
    if kind is list or kind is tuple:
        try:
            return " | ".join(value)
        except TypeError:  # not all text
            return " | ".join(_plain(v) for v in value)
    if kind is bool:
        return "是" if value else ""
    if kind is int:
        return str(value)
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, float):
        if value in (_INF, -_INF):  # e.g. a ratio over a zero median: "inf", as pandas reads it back
            return "inf" if value > 0 else "-inf"
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple)):
        return " | ".join(_plain(v) for v in value)
    return str(value)


def _plain_columns(frame: pd.DataFrame, types_of: list[set[type]] | None = None) -> list[list[str]]:
    """Each column of `frame` as the text of its cells (_plain), a column of text as it is (its values'
    list); with `types_of`, each column's set of value types appended to it."""
    out = []
    plain = _plain
    for c in frame.columns:
        values = frame[c].tolist()
        types = csvtext.types(values)
        if types_of is not None:
            types_of.append(types)
        if types <= {str}:
            out.append(values)
        elif types == {int}:
            out.append(_int_texts(values))  # = _plain of each
        elif types == {bool}:
            out.append(list(map(_BOOL_TEXT.__getitem__, values)))
        elif types == {float}:  # each distinct value's text once (a NaN is its own key: "")
            text = dict.fromkeys(values)
            for v in text:
                text[v] = plain(v)
            out.append(list(map(text.__getitem__, values)))
        elif types == {list}:
            try:
                out.append(list(map(" | ".join, values)))  # = _plain of each list of text
            except TypeError:  # not all text
                out.append(list(map(plain, values)))
        else:  # text cells pass through as they are
            out.append([v if type(v) is str else plain(v) for v in values])
    return out


_BOOL_TEXT = {True: "是", False: ""}  # = _plain of a bool


def _int_texts(values: list[int] | range) -> list[str]:
    """= list(map(str, values)) of ints (not bools): a value from 0 to 32,767 (the tables' counts, the sheets'
    row numbers) takes its text from _INT_TEXTS instead of a call of str (~430k at 1,000 documents; typed by
    review.pxd when compiled: two C comparisons and a list read)."""
    table = _INT_TEXTS
    out = []
    for v in values:
        if 0 <= v < 32768:  # (_INT_TEXTS' length)
            out.append(table[v])
        else:
            out.append(str(v))
    return out


_INT_TEXTS = [str(i) for i in range(32768)]


def _csv(frame: pd.DataFrame, cols: list[list[str]] | None = None) -> str:
    """The frame as CSV text: what csv.writer(lineterminator="\n") writes for its header and rows of
    _plain cells (QUOTE_MINIMAL: a field with a comma, a double quote or a newline is quoted, its
    double quotes doubled), joined column by column in C instead of the writer's per-character pass.
    `cols`: _plain_columns(frame), when at hand."""
    if cols is None:
        cols = _plain_columns(frame)
    header = [str(c) for c in frame.columns]
    if len(header) < 2:  # csv.writer writes a row of one empty field as '""': left to it
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(zip(*cols))
        return buf.getvalue()
    cols = [_csv_quoted(col) for col in cols]
    lines = ",".join(_csv_quoted(header)) + "\n"
    if cols and cols[0]:
        lines += "\n".join(map(",".join, zip(*cols))) + "\n"
    return lines


def _csv_bytes(frame: pd.DataFrame, cols: list[list[str]], encoded: list[list[bytes]]) -> bytes:
    """= _csv(frame, cols).encode("utf-8"), joined from each column's UTF-8 bytes (`encoded`: _utf8 of each
    of `cols`, shared with the sheet) instead of text: quoting is the same on them (a comma, a double quote
    and a newline are ASCII, whose bytes in UTF-8 stand for nothing else), and the joins copy bytes where
    the text's join widened ASCII columns beside Chinese ones and its encoding then narrowed them again."""
    header = [str(c) for c in frame.columns]
    if len(header) < 2:  # csv.writer's special case (_csv)
        return _csv(frame, cols).encode("utf-8")
    layout: list[bytes | list[bytes]] = []  # a row: each column's field, a comma between, a newline after
    for col in encoded:
        layout += (_csv_quoted_bytes(col), b",")
    layout[-1] = b"\n"
    head = (",".join(_csv_quoted(header)) + "\n").encode("utf-8")
    return _interleave(head, layout, len(encoded[0]))


def _csv_quoted_bytes(col: list[bytes]) -> list[bytes]:
    """= _csv_quoted on UTF-8 bytes."""
    joined = b"".join(col)
    if b"," not in joined and b'"' not in joined and b"\n" not in joined:
        return col
    return [(b'"' + v.replace(b'"', b'""') + b'"') if (b"," in v or b'"' in v or b"\n" in v) else v for v in col]


def _utf8(texts: list[str]) -> list[bytes]:
    """Each text's UTF-8 bytes (csvtext.encoded: compiled, a loop calling the encoder on each; one encoding
    of the texts joined by NUL and split again cost ~1.6 times as many instructions, the split making each
    bytes object). A text that has no UTF-8 form (a lone surrogate) raises UnicodeEncodeError."""
    return csvtext.encoded(texts)


def _csv_quoted(col: list[str]) -> list[str]:
    """`col` with each field csv.writer would quote (QUOTE_MINIMAL, lineterminator "\n": a comma, a
    double quote or a newline in it) quoted; the same list when there is none (one scan of the column)."""
    joined = "".join(col)
    if "," not in joined and '"' not in joined and "\n" not in joined:
        return col
    return [('"' + v.replace('"', '""') + '"') if ("," in v or '"' in v or "\n" in v) else v for v in col]


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XLSX_MAX_ROWS = 1_048_576  # Excel's rows per sheet, the header row included
XLSX_MAX_CELL_CHARS = 32_767  # Excel's characters per cell; longer text is cut with a note (the CSV keeps it)
_INF = float("inf")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _column_letters(n: int) -> list[str]:
    out = []
    for i in range(1, n + 1):
        s = ""
        while i:
            i, r = divmod(i - 1, 26)
            s = chr(65 + r) + s
        out.append(s)
    return out


def _xlsx_text(value: Any) -> str:
    text = _ILLEGAL_XML.sub("", _plain(value))
    if len(text) > XLSX_MAX_CELL_CHARS:
        note = f"……（共{len(text)}字符，超出Excel单元格上限，完整内容见CSV）"
        text = text[: XLSX_MAX_CELL_CHARS - len(note)] + note
    return text


def _xlsx_cell(ref: str, value: Any) -> str:
    """One <c> element ("" for an empty cell): numbers stay numbers, everything else is inline text."""
    kind = type(value)
    if kind is float or kind is int or (isinstance(value, numbers.Real) and kind is not bool):
        if value == value and abs(value) != float("inf"):
            number = int(value) if isinstance(value, numbers.Integral) else float(value)
            return f'<c r="{ref}"><v>{number!r}</v></c>'
    if value is None:
        return ""
    text = _xlsx_text(value)
    if not text:
        return ""
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text.translate(_XML_ESCAPES)}</t></is></c>'


def xlsx_rows_kept(frame: pd.DataFrame) -> int:
    """Data rows of `frame` that fit on one Excel sheet (below the header row)."""
    return min(len(frame), XLSX_MAX_ROWS - 1)


def _escape_xml(text: str) -> str:
    """= text.translate(_XML_ESCAPES), without translate's per-character table lookups."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _escape_xml_bytes(text: bytes) -> bytes:
    """= _escape_xml on UTF-8 bytes."""
    if b"&" in text or b"<" in text or b">" in text:
        return text.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    return text


def _body_bytes(body: str | None) -> bytes | None:
    """A cell body's UTF-8 bytes (None for no cell). A body has them: text that is not plain went through
    _xlsx_text, which drops surrogates."""
    return None if body is None else body.encode("utf-8")


def _cell_body(value: Any) -> str | None:
    """What follows `<c r="REF` in the cell _xlsx_cell(REF, value) writes; None for an empty cell.
    Plain text (printable, no edge spaces, within Excel's cell limit), text lists and finite numbers
    are written here; anything else goes through _xlsx_cell."""
    kind = type(value)
    text = None
    if kind is str:
        text = value
    elif kind is list or kind is tuple:
        try:
            text = " | ".join(value)  # = _plain(value) for a list of text
        except TypeError:
            text = None
    elif (kind is int or kind is float) and value == value and abs(value) != _INF:
        return f'"><v>{value!r}</v></c>'
    elif value is None or (kind is float and value != value):  # NaN: an empty cell, as _plain says
        return None
    elif kind is bool:
        return _TRUE_BODY if value else None  # _plain: "是" / ""
    if text == "":
        return None
    if (text and len(text) <= XLSX_MAX_CELL_CHARS and text.isprintable() and not text[0].isspace()
            and not text[-1].isspace()):  # printable: no control, surrogate or non-XML character
        return '" t="inlineStr"><is><t>' + _escape_xml(text) + "</t></is></c>"
    cell = _xlsx_cell("", value)  # '<c r="">…' or ""
    return cell[6:] if cell else None


# cell values whose XLSX cell is the one of their _plain text (an inline string, or none for ""):
# numbers (written as numbers) and other values go through _cell_body one by one
_TEXT_TYPES = frozenset({str, list, tuple, bool, type(None)})


def _text_body(text: str) -> str | None:
    """= _cell_body(text) for a str."""
    if (text and len(text) <= XLSX_MAX_CELL_CHARS and text.isprintable() and not text[0].isspace()
            and not text[-1].isspace()):
        return ('" t="inlineStr"><is><t>' + (text if "&" not in text and "<" not in text and ">" not in text
                                             else _escape_xml(text)) + "</t></is></c>")
    return _cell_body(text)


def _sheet_xml(frame: pd.DataFrame, plain: list[list[str]] | None = None,
               types_of: list[set[type]] | None = None, encoded: list[list[bytes]] | None = None) -> Iterator[bytes]:
    """The worksheet of `frame` (its first xlsx_rows_kept rows), in pieces of UTF-8; `plain`:
    _plain_columns(frame), when at hand, `types_of` what that call appended to it (each column's value
    types: a sheet of every row then reads a column of text or ints from `plain`, not the frame) and
    `encoded` each of `plain`'s columns as _utf8 (the CSV's bytes: a column written as its text is not
    encoded again)."""
    columns = list(frame.columns)
    letters = _column_letters(max(1, len(columns)))
    kept = xlsx_rows_kept(frame)
    yield (f'{_XML_HEAD}<worksheet xmlns="{_NS_MAIN}"><dimension ref="A1:{letters[-1]}{kept + 1}"/>'
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
           'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
           "<sheetData>").encode("utf-8")
    yield ('<row r="1">' + "".join(_xlsx_cell(f"{c}1", HEADERS.get(name, name)) for c, name in zip(letters, columns))
           + "</row>").encode("utf-8")
    # column by column: each column's cells as pieces, put in row order below; a column whose every cell
    # has the same form (numbers, plain text) as its values between a fixed head and tail, the others as
    # each cell's text after its reference (each distinct text's cell made once)
    specs: list[tuple[bytes, bytes, list[bytes]] | list[bytes | None]] = []
    whole = plain is not None and types_of is not None and kept == len(frame)
    if plain is None or types_of is None:
        encoded = None  # (what `encoded` is the bytes of)
    head = frame if whole else frame.head(kept)
    for i, c in enumerate(head.columns):
        column = head[c]
        kind = column.dtype.kind
        if whole:
            types = types_of[i]
            if kind in "iu" and types == {int}:  # = _cell_body(v) of each: its text, str(v), is its plain text
                specs.append((_NUM_HEAD, _NUM_TAIL, encoded[i] if encoded is not None else _utf8(plain[i])))
                continue
            values = plain[i] if types <= {str} else column.tolist()  # a column of text: its plain text is it
        else:
            values = column.tolist()
            types = csvtext.types(values)
        if kind in "iu" and types <= {int}:  # = _cell_body(v) of each
            specs.append((_NUM_HEAD, _NUM_TAIL, _utf8(_int_texts(values))))
            continue
        if kind == "f" and types <= {float}:
            if all(map(math.isfinite, values)):
                specs.append((_NUM_HEAD, _NUM_TAIL, _float_bytes(values)))
            else:
                specs.append([b'"><v>' + repr(v).encode() + b"</v></c>" if v == v and v != _INF and v != -_INF
                              else _body_bytes(_cell_body(v)) for v in values])
            continue
        if types <= _TEXT_TYPES or (types <= _TEXT_TYPES | {float} and not any(
                v == v for v in values if type(v) is float)):  # text, and NaN for none (no cell, as "")
            # the cell of each value is the one of its text (_cell_body)
            texts = values if types <= {str} else (plain[i] if whole else plain[i][:kept] if plain is not None else
                                                   [v if type(v) is str else _plain(v) for v in values])
            inline = _inline_kind(texts)
            if inline:  # each text's cell is inline, as it is (escaped): its bytes, the CSV's when at hand
                data = _utf8(texts) if encoded is None else encoded[i] if whole else encoded[i][:kept]
                specs.append((_INLINE_HEAD, _INLINE_TAIL, list(map(_escape_xml_bytes, data))
                              if inline == 2 else data))
                continue
            cell = dict.fromkeys(texts)
            for text in cell:
                cell[text] = _body_bytes(_text_body(text))
            specs.append(list(map(cell.__getitem__, texts)))
            continue
        specs.append([_body_bytes(_cell_body(v)) for v in values])
    # rows by blocks: a block's text is one pass over its rows' pieces, laid out row by row (_interleave): the
    # row number, then each column's fixed markup (cell reference, the fixed head and tail of its cells) and
    # values; a column with empty cells in the block gives each of its cells whole (b"" for an empty one)
    refs = [b'<c r="' + c.encode() for c in letters]
    for start in range(0, kept if specs else 0, _XLSX_BLOCK_ROWS):
        rows = _utf8(_int_texts(range(start + 2, min(kept, start + _XLSX_BLOCK_ROWS) + 2)))
        n = len(rows)
        layout: list[bytes | list[bytes]] = [rows]  # bytes: the same on every row
        fixed = b'">'  # the fixed text before the next piece
        for ref, spec in zip(refs, specs):
            if type(spec) is tuple:
                layout += (fixed + ref, rows, spec[0], spec[2][start:start + n])
                fixed = spec[1]
                continue
            part = spec[start:start + n]
            if None in part:
                if fixed:
                    layout.append(fixed)
                layout.append([ref + rs + b if b is not None else b"" for rs, b in zip(rows, part)])
            else:
                layout += (fixed + ref, rows, part)
            fixed = b""
        layout.append(fixed + b'</row><row r="')  # (the last row's: fixed + b"</row>", the rest cut off)
        yield _interleave(b'<row r="', layout, n, len(b'<row r="'))
    yield b"</sheetData></worksheet>"


def _float_bytes(values: list[float]) -> list[bytes]:
    """= _utf8(list(map(repr, values))) of finite floats, each distinct value's repr made once (a sheet's
    float columns repeat their values: at 1,000 documents ~66k cells, ~6k distinct). 0.0 and -0.0 are one
    key of the dict, so a column holding a zero gives each zero the repr of its own sign."""
    text = dict.fromkeys(values)
    for v in text:
        text[v] = repr(v).encode("ascii")
    out = list(map(text.__getitem__, values))
    if 0.0 in text:
        for i, v in enumerate(values):
            if v == 0.0:
                out[i] = b"-0.0" if math.copysign(1.0, v) < 0 else b"0.0"
    return out


def _interleave(head: bytes, layout: list, n: int, cut: int = 0) -> bytes:
    """`head` + the n rows' pieces of `layout` (per row, each item in turn: bytes the same on every row, a list
    of bytes its i-th item on the i-th row), the last `cut` bytes left off: a block of a sheet's rows, a
    CSV's rows. Compiled, review.pxd's `_interleave_c`: the pieces' sizes summed, one bytes object made and
    each piece copied into place; as Python one join of a flat list, each item put in place by one
    extended-slice assignment (no per-row format, tuple or join)."""
    if _NATIVE:
        return _interleave_c(head, layout, n, cut)  # noqa: F821 - review.pxd's, compiled only
    m = len(layout)
    flat: list = [None] * (m * n + 1)
    flat[0] = head
    for s, item in enumerate(layout, 1):
        if type(item) is not bytes and len(item) != n:  # (a slice of step 1 would take it)
            raise ValueError("_interleave: a list of pieces of another length than the rows")
        flat[s::m] = [item] * n if type(item) is bytes else item
    text = b"".join(flat)
    if len(text) - cut < len(head):
        raise ValueError("_interleave: cut into the head")
    return text[:len(text) - cut] if cut else text


def _inline_text(texts: list[str]) -> str | None:
    """The texts joined when each text's cell is itself inline, escaped (_text_body's first case for every
    one: none empty or longer than Excel's cell limit, all printable, none with a space at either end),
    else None."""
    if not texts or "" in texts or max(map(len, texts)) > XLSX_MAX_CELL_CHARS:
        return None
    joined = "".join(texts)
    if not joined.isprintable():
        return None
    # the one printable space is " " (every other str.isspace character is unprintable), and no text holds
    # a newline: a text starts or ends with a space where its newline-joined column has one beside a
    # newline or at either end (C scans instead of a test per text)
    if " " in joined:
        lines = "\n".join(texts)
        if lines[0] == " " or lines[-1] == " " or "\n " in lines or " \n" in lines:
            return None
    return joined


# str.isprintable of each character of the Basic Multilingual Plane, a byte each (_inline_scan's table)
_BMP_PRINTABLE = bytes([chr(i).isprintable() for i in range(0x10000)])


def _inline_scan(texts: list[str]) -> int:
    """= _inline_kind(texts) by one pass over each text's characters (integer tests: ASCII ones printable
    from " " to "~", others of the Basic Multilingual Plane by a byte of _BMP_PRINTABLE, the rest by
    str.isprintable's own test), instead of the joins and scans of _inline_text. Compiled, review.pxd's
    `_text_scan_c` reads each text's characters as the array of its kind (1, 2 or 4 bytes each), one loop
    per kind, instead of a Py_UCS4 read through a switch on the kind per character."""
    if not texts:
        return 0
    escape = False
    most = XLSX_MAX_CELL_CHARS
    table = _BMP_PRINTABLE
    native = _NATIVE
    for t in texts:
        if native:  # review.pxd's tests of the text, on the array of its own kind of characters
            got = _text_scan_c(t, most, table)  # noqa: F821 - review.pxd's, compiled only
            if got < 0:
                return 0
            if got:
                escape = True
            continue
        n = len(t)
        if n == 0 or n > most or t[0] == " " or t[n - 1] == " ":
            return 0
        for c in t:
            if c < "\x7f":
                if c < " ":
                    return 0
                if c == "&" or c == "<" or c == ">":
                    escape = True
            elif c > "\uffff":
                if not c.isprintable():
                    return 0
            elif not table[ord(c)]:
                return 0
    return 2 if escape else 1


def _inline_kind(texts: list[str]) -> int:
    """Whether each text's cell is itself inline (_inline_text): 0 when not, 1 when so and none holds a
    character XML escapes, 2 when some does. Compiled the typed scan, as Python the C joins and scans."""
    if _COMPILED:
        return _inline_scan(texts)
    joined = _inline_text(texts)
    if joined is None:
        return 0
    return 2 if "&" in joined or "<" in joined or ">" in joined else 1


_COMPILED = runs_compiled(_inline_scan)
# Whether the C functions of review.pxd exist (compiled only; a test may turn it off for the Python form)
_NATIVE = _COMPILED
_XLSX_BLOCK_ROWS = 4096
_MISSING: Any = object()
_TRUE_BODY = '" t="inlineStr"><is><t>是</t></is></c>'
_NUM_HEAD, _NUM_TAIL = b'"><v>', b"</v></c>"  # a number's cell, after its reference
_INLINE_HEAD, _INLINE_TAIL = b'" t="inlineStr"><is><t>', b"</t></is></c>"  # an inline text's
# a table's _plain_columns, their value types and their UTF-8 (None when a column has none: its CSV raised)
_Plain = tuple[list[list[str]], list[set[type]], list[list[bytes]] | None]


def _xlsx(all_tables: list[Table], plain_of: Callable[[Table], _Plain] | None = None) -> io.BytesIO:
    """The workbook, one sheet per table, written as SpreadsheetML directly (inline strings, one plain
    style): a cell is one string join instead of openpyxl's per-cell objects, which took most of the
    review's time on a province-size graph. Deterministic: fixed zip entry times and document dates.
    `plain_of(table)`: its _plain_columns, their types and their bytes (_sheet_xml's `plain`, `types_of`,
    `encoded`), called once per table as its sheet is written."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    n = len(all_tables)
    sheets = "".join(f'<sheet name="{html.escape(t.title[:31])}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, t in enumerate(all_tables, 1))
    parts: list[tuple[str, str | Iterator[bytes]]] = [
        ("[Content_Types].xml",
         f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   for i in range(1, n + 1))
         + '<Override PartName="/xl/styles.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
         '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
         '<Override PartName="/docProps/app.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'),
        ("_rels/.rels",
         f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}">'
         f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
         'core-properties" Target="docProps/core.xml"/>'
         f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'),
        ("docProps/app.xml",
         f'{_XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
         "<Application>dutygraph</Application></Properties>"),
        ("docProps/core.xml",
         f'{_XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
         'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>dutygraph</dc:creator>'
         "<cp:lastModifiedBy>dutygraph</cp:lastModifiedBy>"
         f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
         f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'),
        ("xl/workbook.xml",
         f'{_XML_HEAD}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>{sheets}</sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels",
         f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}">'
         + "".join(f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
         + f'<Relationship Id="rId{n + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/></Relationships>'),
        ("xl/styles.xml",
         f'{_XML_HEAD}<styleSheet xmlns="{_NS_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
         '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
         '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
         '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
         'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
         'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
         "</styleSheet>"),
    ]
    parts += [(f"xl/worksheets/sheet{i}.xml", _lazy_sheet(t, plain_of)) for i, t in enumerate(all_tables, 1)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=_XLSX_COMPRESSLEVEL) as zf:
        for name, content in parts:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info._compresslevel = _XLSX_COMPRESSLEVEL  # noqa: SLF001 - a ZipInfo passed in keeps its own level
            if isinstance(content, str):
                zf.writestr(info, content.encode("utf-8"))
                continue
            with zf.open(info, "w") as fh:  # (deflate's output does not depend on how its input is cut)
                for piece in content:
                    fh.write(piece)
    return out


_XLSX_COMPRESSLEVEL = 3  # zlib level: 3 is ~25% faster than 6 for ~15% more bytes


def _lazy_sheet(table: Table, plain_of: Callable[[Table], _Plain] | None) -> Iterator[bytes]:
    yield from _sheet_xml(table.frame, *(plain_of(table) if plain_of is not None else ()))


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

# The HTML is a meeting document: bounded whatever the size of the graph. The CSV files keep every row,
# the XLSX every row up to Excel's sheet limit (XLSX_MAX_ROWS).
HTML_MAX_ROWS = 100  # rows per table on the page: the top rows by the table's ranking (HTML_RANKING)
HTML_MAX_LINKS = 20  # measure links per cell; the rest are counted, and listed in the CSV/XLSX
HTML_MAX_ITEMS = 20  # names per list cell (agencies touched by a platform …), likewise
HTML_APPENDIX_ROWS = 1000  # the measure appendix lists every measure up to this many, else the linked ones

# how a table longer than HTML_MAX_ROWS is ranked for the page: (columns, ascending, words for the note);
# tables not named here are shown in their CSV order, which already ranks them
HTML_RANKING: dict[str, tuple[list[str], list[bool], str]] = {
    "concentration": (["_all", "lead_weight", "jurisdiction"], [False, False, True], "“(全部)”与牵头权重最大的辖区"),
    "deadline_crunch": (["due", "month", "agency_id"], [False, True, True], "到期任务数从多到少"),
    "orphans": (["no_lead", "collective_only", "no_deadline", "measure_id"], [False, False, False, True],
                "无牵头、仅集体单位牵头、无期限依次优先"),
    "suggestions": (["from_load", "jurisdiction", "from_id", "measure_id", "to_load", "to_id"],
                    [False, True, True, True, True, True], "现牵头单位负荷从高到低"),
}
_HTML_ORDER_WORDS = {
    "load": "负荷指数从高到低", "quarter_heat": "合计从多到少", "busiest_months": "到期任务数从多到少",
    "centrality": "中介中心度从高到低", "platforms": "涉及单位数从多到少", "bottlenecks": "任务数从多到少",
    "slip": "原期限从早到晚", "slip_agencies": "受影响任务数从多到少",
}


def _anchor_ids(measures: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """measure id -> (anchor, short label "ganzhou:383" = document's first name part and line)."""
    out = {}
    first: dict[str, str] = {}  # document -> its first name part (each document has many measures)
    for i, (mid, where_) in enumerate(zip(measures["measure_id"].tolist(), measures["where"].tolist()), 1):
        out[mid] = _anchor(i, mid, where_, first)
    return out


def _anchor(i: int, mid: str, where_: str | None, first: dict[str, str]) -> tuple[str, str]:
    """(anchor, short label) of the i-th measure of the table (from 1)."""
    doc, _, line = (where_ or "").rpartition(":")
    if doc:
        short = first.get(doc)
        if short is None:
            short = first[doc] = re.split(r"[-_.]", doc, maxsplit=1)[0]
    else:
        short = mid
    return f"m{i}", f"{short}:{line}" if doc else mid


class _Anchors:
    """_anchor_ids(measures) made for the ids asked for only (the page links a few thousand of the
    measures): by bisection when the ids are in ascending order, one each (the measure table's)."""

    def __init__(self, measures: pd.DataFrame) -> None:
        self.ids = measures["measure_id"].tolist()
        self.wheres = measures["where"].tolist()
        self.first: dict[str, str] = {}
        self.made: dict[str, tuple[str, str] | None] = {}
        self.links: dict[str, str] = {}  # id -> link(id)
        ids = self.ids
        self.all = (None if all(type(m) is str for m in ids) and all(map(str.__lt__, ids, ids[1:]))
                    else _anchor_ids(measures))

    def link(self, mid: str) -> str:
        """The page's link to the measure `mid` in the appendix (its id escaped when it has none there),
        made once per id (a measure is linked from several tables)."""
        hit = self.links.get(mid)
        if hit is None:
            got = self.get(mid)
            if got is None:
                hit = _escape_html(mid)
            else:
                anchor, label = got
                hit = f'<a class="m" href="#{anchor}" title="{_escape_html(mid)}">{_escape_html(label)}</a>'
            self.links[mid] = hit
        return hit

    def get(self, mid: str) -> tuple[str, str] | None:
        if self.all is not None:
            return self.all.get(mid)
        hit = self.made.get(mid, _MISSING)
        if hit is _MISSING:
            i = bisect_left(self.ids, mid)
            hit = (_anchor(i + 1, mid, self.wheres[i], self.first)
                   if i < len(self.ids) and self.ids[i] == mid else None)
            self.made[mid] = hit
        return hit

    def __contains__(self, mid: str) -> bool:
        return self.get(mid) is not None

    def __getitem__(self, mid: str) -> tuple[str, str]:
        hit = self.get(mid)
        if hit is None:
            raise KeyError(mid)
        return hit


def _escape_html(text: str) -> str:
    """= html.escape(text), its five replaces only for a text that holds one of the characters it escapes."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text)
    return text


def _html_cell(column: str, value: Any, anchors: _Anchors) -> str:
    if column == "measure_id" and value is not None:
        return f"<td>{anchors.link(str(value))}</td>"
    if column == "measure_ids" and isinstance(value, (list, tuple)):
        link = anchors.link
        links = " ".join([link(str(v)) for v in value[:HTML_MAX_LINKS]])
        if len(value) > HTML_MAX_LINKS:
            links += f" <span>……另有 {len(value) - HTML_MAX_LINKS} 项，见 CSV/XLSX</span>"
        if len(value) <= 6:
            return f'<td class="list">{links}</td>'
        return f'<td class="list"><details><summary>{len(value)} 项</summary>{links}</details></td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="num">{_escape_html(_plain(value))}</td>'
    if isinstance(value, (list, tuple)):
        shown = "<br>".join([_escape_html(_plain(v)) for v in value[:HTML_MAX_ITEMS]])
        if len(value) > HTML_MAX_ITEMS:
            shown += f"<br>……等 {len(value)} 项，见 CSV/XLSX"
        return f'<td class="list">{shown}</td>'
    return f"<td>{_escape_html(_plain(value))}</td>"


def html_rows(table: Table) -> pd.DataFrame:
    """The rows of `table` the HTML shows: all of them up to HTML_MAX_ROWS, else the top HTML_MAX_ROWS
    by the table's ranking (HTML_RANKING; the CSV order for the others)."""
    frame = table.frame
    if len(frame) <= HTML_MAX_ROWS:
        return frame
    if table.key in HTML_RANKING:
        columns, ascending, _ = HTML_RANKING[table.key]
        ranked = frame.assign(_all=frame["jurisdiction"] == "(全部)") if "_all" in columns else frame
        frame = ranked.sort_values(columns, ascending=ascending, kind="mergesort")[list(frame.columns)]
    return frame.head(HTML_MAX_ROWS)


def _bound_note(table: Table, shown: int) -> str:
    total = len(table.frame)
    sheet = table.title[:31]
    kept = xlsx_rows_kept(table.frame)
    xlsx = (f"review.xlsx 的「{sheet}」工作表" if kept == total else
            f"review.xlsx 的「{sheet}」工作表（只含前 {kept} 行：Excel 每张工作表最多 {XLSX_MAX_ROWS:,} 行，"
            f"其余行只在 CSV 中）")
    if shown == total:
        if kept == total:
            return f"（{total} 行；另见 {table.key}.csv 与 review.xlsx。）"
        return f"（{total} 行；另见 {table.key}.csv 与 {xlsx}。）"
    order = HTML_RANKING[table.key][2] if table.key in HTML_RANKING else _HTML_ORDER_WORDS.get(table.key, "表中顺序")
    return (f"（共 {total} 行；本页按{order}列出前 {shown} 行，另有 {total - shown} 行未列出。"
            f"全部 {total} 行见 {table.key}.csv 与 {xlsx}。）")


def _records(frame: pd.DataFrame, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    """= frame[columns].itertuples(index=False, name=None): the rows' values from each column's tolist (what
    iterating its Series gives, item by item through numpy's .item or the extension array's iterator)."""
    part = frame[columns]
    if not columns:
        return iter([()] * len(part))
    return zip(*[part.iloc[:, k].tolist() for k in range(len(columns))])


def _html(all_tables: list[Table], g: nx.MultiDiGraph) -> str:
    measures = next(t.frame for t in all_tables if t.key == "measures")
    anchors = _Anchors(measures)
    ix = incidence(g)
    counts = {label: len(ix.nodes(label)) for label in ("Plan", "Measure", "Agency", "Platform")}
    shown = {t.key: html_rows(t) for t in all_tables if t.key != "measures"}
    if len(measures) <= HTML_APPENDIX_ROWS:
        shown["measures"] = measures
    else:  # the measures this page links to (bounded by the tables' rows and links per cell)
        linked: set[str] = set()
        for frame in shown.values():
            if "measure_id" in frame.columns:
                linked.update(str(m) for m in frame["measure_id"] if m is not None)
            if "measure_ids" in frame.columns:
                for ids in frame["measure_ids"]:
                    if isinstance(ids, (list, tuple)):
                        linked.update(str(m) for m in ids[:HTML_MAX_LINKS])
        shown["measures"] = measures[measures["measure_id"].isin(linked)]
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
        f'<p class="note">为便于会上阅读，本页每张表最多列出前 {HTML_MAX_ROWS} 行（按该表的排序），每格最多列出 '
        f"{HTML_MAX_LINKS} 项任务或 {HTML_MAX_ITEMS} 个名称；超出时表前注明共有多少行。同目录的 CSV 文件保留全部行，"
        f"review.xlsx 也保留全部行（单张工作表超过 Excel 上限 {XLSX_MAX_ROWS:,} 行时除外，届时表前注明）。</p>",
        "<nav>" + "".join(f'<a href="#{t.key}">{html.escape(t.title)}</a>' for t in all_tables) + "</nav>",
    ]
    for table in all_tables:
        frame = shown[table.key]
        parts.append(f'<h2 id="{table.key}">{html.escape(table.title)}</h2>')
        if table.key == "measures" and len(frame) < len(table.frame):
            kept = xlsx_rows_kept(table.frame)
            sheet = f"review.xlsx 的「{table.title[:31]}」工作表" + (
                "" if kept == len(table.frame) else f"（只含前 {kept} 行，Excel 上限）")
            note = (f"（共 {len(table.frame)} 项任务；本页只列出上面各表链接到的 {len(frame)} 项，按编号排序。"
                    f"全部任务见 {table.key}.csv 与 {sheet}。）")
        else:
            note = _bound_note(table, len(frame))
        parts.append(f'<p class="note">{html.escape(table.note)}{html.escape(note)}</p>')
        if frame.empty:
            parts.append("<p>（无）</p>")
            continue
        columns = [c for c in frame.columns if c not in _HTML_HIDDEN]
        parts.append("<table><thead><tr>" + "".join(f"<th>{html.escape(HEADERS.get(c, c))}</th>" for c in columns)
                     + "</tr></thead><tbody>")
        for record in _records(frame, columns):
            row_id = ""
            if table.key == "measures":
                row_id = f' id="{anchors[record[0]][0]}"'
                cells = [f"<td>{_escape_html(_plain(record[0]))}</td>"]
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
    files: dict[str, bytes] = {}

    def put(name: str, data: bytes | memoryview) -> None:
        files[name] = bytes(data)

    _render(g, put, slip=slip, slip_months=slip_months)
    return {"index.html": files.pop("index.html"), "review.xlsx": files.pop("review.xlsx"), **files}


def _render(g: nx.MultiDiGraph, put: Callable[[str, bytes | memoryview], Any], *, slip: tuple[str, ...],
            slip_months: int) -> None:
    """Each file of the review handed to `put(name, bytes)` as soon as it is made: the page, each table's
    CSV as its sheet is written (the CSVs of a 10k graph are ~0.2 GB of bytes, not kept until the
    end), then the workbook (a view of its buffer, not a copy)."""
    with shared(g):
        all_tables = tables(g, slip=slip, slip_months=slip_months)
        put("index.html", _html(all_tables, g).encode("utf-8"))

    def plain_of(table: Table) -> _Plain:  # each table's text and its bytes, for its sheet and CSV
        types_of: list[set[type]] = []
        cols = _plain_columns(table.frame, types_of)
        try:
            encoded = list(map(_utf8, cols))
        except UnicodeEncodeError:  # a text with no UTF-8 form: the CSV's text encoded raises as it did
            put(f"{table.key}.csv", _csv(table.frame, cols).encode("utf-8"))
            return cols, types_of, None
        put(f"{table.key}.csv", _csv_bytes(table.frame, cols, encoded))
        return cols, types_of, encoded

    workbook = _xlsx(all_tables, plain_of)
    with workbook.getbuffer() as view:
        put("review.xlsx", view)


@gc_paused()  # tables of 10^5-10^6 rows of lists and dicts, no cycles to collect: ~20% of the time
def write(graph: nx.MultiDiGraph, out_dir: Path, *, include_people: bool = False, slip: tuple[str, ...] = (),
          slip_months: int = 1) -> list[Path]:
    """Write out_dir/review/ atomically (built in a temporary folder, then renamed into place).
    The review holds no personal data, so include_people changes nothing here."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    dest = out_dir / REVIEW_DIR
    tmp = Path(tempfile.mkdtemp(prefix=".review-", dir=out_dir))
    old = None
    names: list[str] = []

    def put(name: str, data: bytes | memoryview) -> None:
        # fsynced unless a build syncs its whole staging folder at the end (atomic.deferred_sync)
        write_bytes(tmp / name, data)
        names.append(name)

    try:
        _render(graph, put, slip=tuple(slip), slip_months=slip_months)
        os.chmod(tmp, 0o755)
        if dest.exists():
            old = Path(tempfile.mkdtemp(prefix=".review-old-", dir=out_dir))
            os.replace(dest, old / REVIEW_DIR)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return [dest / name for name in sorted(names)]
