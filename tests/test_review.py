"""The load-balancing review: files, determinism, escaping, offline HTML, XLSX sheets, traceability."""

from __future__ import annotations

import csv
import io
import re
import sys
import time
from pathlib import Path

import pytest

from dutygraph.analytics import review

sys.path.insert(0, str(Path(__file__).parent))
from test_analytics import GZ, aid, excerpt_graph  # noqa: E402

TABLE_KEYS = ["concentration", "load", "quarter_heat", "busiest_months", "deadline_crunch", "centrality",
              "platforms", "bottlenecks", "orphans", "suggestions", "measures"]


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_review_writes_every_table(tmp_path):
    paths = review.write(excerpt_graph(), tmp_path)
    names = sorted(p.name for p in paths)
    assert names == sorted(["index.html", "review.xlsx", *(f"{k}.csv" for k in TABLE_KEYS)])
    assert all(p.parent == tmp_path / "review" for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review"]  # no temp folders left behind
    load = _read_csv(tmp_path / "review" / "load.csv")
    assert load[0]["id"] == aid("SP") and load[0]["load"] == "2.45"
    assert f"{GZ}:95" in load[0]["sources"].split(" | ")  # numbers refer back to printed lines
    conc = _read_csv(tmp_path / "review" / "concentration.csv")
    assert conc[0]["jurisdiction"] == "(全部)" and conc[0]["gini"] == "0.6125"
    sug = _read_csv(tmp_path / "review" / "suggestions.csv")
    assert len(sug) == 8 and all(row["source"] == f"{GZ}:95" for row in sug)


def test_xlsx_has_one_sheet_per_table(tmp_path):
    from openpyxl import load_workbook

    review.write(excerpt_graph(), tmp_path)
    wb = load_workbook(tmp_path / "review" / "review.xlsx")
    tables = review.tables(excerpt_graph())
    assert wb.sheetnames == [t.title for t in tables]
    ws = wb["单位负荷排名"]
    assert ws.cell(1, 1).value == "编号" and ws.cell(2, 1).value == aid("SP")
    headers = [c.value for c in ws[1]]
    assert ws.cell(2, headers.index("负荷指数") + 1).value == pytest.approx(2.45)  # numbers stay numbers
    assert ws.max_row == 1 + len(tables[1].frame)


def test_review_is_byte_identical_across_runs(tmp_path):
    g = excerpt_graph()
    review.write(g, tmp_path / "a")
    time.sleep(1.1)  # zip entry times and document properties must not follow the clock
    review.write(g, tmp_path / "b")
    review.write(g, tmp_path / "b")  # rewriting in place replaces the folder
    for path in sorted((tmp_path / "a" / "review").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / "review" / path.name).read_bytes(), path.name


def test_html_is_offline_escaped_and_linked(tmp_path):
    g = excerpt_graph()
    mid = next(n for n, a in g.nodes(data=True) if a["label"] == "Measure")
    g.nodes[mid]["title"] = '<script>alert("x")</script>&“贛服通”'
    review.write(g, tmp_path)
    text = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;“贛服通”" in text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)  # nothing fetched from anywhere
    assert "default-src 'none'" in text and 'lang="zh-CN"' in text
    # every measure link points at a row of the appendix
    anchors = set(re.findall(r'<tr id="(m\d+)"', text))
    links = set(re.findall(r'href="#(m\d+)"', text))
    assert links and links <= anchors
    assert "单位负荷排名" in text and "调整建议" in text and "仅供评审讨论" in text


def test_review_command_reads_a_build_output_and_documents(tmp_path, capsys):
    from dutygraph.cli import main
    from dutygraph.exports.graphml import write as write_graphml

    build = tmp_path / "build"
    write_graphml(excerpt_graph(), build)
    try:
        main(["review", str(build), "--out", str(tmp_path / "rev")])
    except SystemExit as exc:
        assert not exc.code
    out = capsys.readouterr().out
    assert "review" in out
    load = _read_csv(tmp_path / "rev" / "review" / "load.csv")
    assert load[0]["id"] == aid("SP")
    with pytest.raises(SystemExit) as info:
        main(["review", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "rev2")])
    assert info.value.code == 1
    assert "nothing-here" in capsys.readouterr().err
    assert not (tmp_path / "rev2").exists()


@pytest.mark.slow
def test_review_of_the_sample_documents(tmp_path):
    from dutygraph.cli import main
    from dutygraph.paths import sample_plans_dir

    try:
        main(["review", str(sample_plans_dir()), "--out", str(tmp_path)])
    except SystemExit as exc:
        assert not exc.code
    load = _read_csv(tmp_path / "review" / "load.csv")
    assert len(load) > 50
    measures = {row["measure_id"] for row in _read_csv(tmp_path / "review" / "measures.csv")}
    for row in load[:10]:  # every measure a ranking row names is in the appendix with its line
        assert set(row["measure_ids"].split(" | ")) <= measures
    appendix = _read_csv(tmp_path / "review" / "measures.csv")
    assert all(re.fullmatch(r".+\.txt:\d+", row["where"]) for row in appendix)


def test_review_slip_tables(tmp_path, capsys):
    from dutygraph.cli import main
    from dutygraph.exports.graphml import write as write_graphml

    write_graphml(excerpt_graph(), tmp_path / "build")
    try:
        main(["review", str(tmp_path / "build"), "--out", str(tmp_path), "--slip", "贛服通", "--months", "2"])
    except SystemExit as exc:
        assert not exc.code
    slip = _read_csv(tmp_path / "review" / "slip.csv")
    # ganzhou line 259 (due 2021-12-31) slips to 2022-02-28; line 149 has no date to slip
    assert [(r["line"], r["deadline"], r["slipped_to"]) for r in slip] == [("259", "2021-12-31", "2022-02-28"),
                                                                          ("149", "", "")]
    hit = _read_csv(tmp_path / "review" / "slip_agencies.csv")
    assert hit[0] == {"agency": "赣州市行政审批局", "as_lead": "2", "as_co": "0", "measures": "2"}
    text = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert "平台延期2个月的影响" in text


def _many_agencies_graph(agencies: int, measures_each: int):
    """`agencies` agencies of one plan, each leading `measures_each` measures of its own (dated, on lines
    of one file): a review whose tables are longer than the HTML shows."""
    import networkx as nx

    g = nx.MultiDiGraph()
    src = "big-plan.txt"
    g.add_node("plan:p", label="Plan", id="plan:p", title="某市优化营商环境行动方案", jurisdiction="某市", source=src, line=1)
    line = 2
    for i in range(agencies):
        aid_ = f"agency:某市第{i:03d}局"
        g.add_node(aid_, label="Agency", id=aid_, name=f"某市第{i:03d}局", jurisdiction="某市", collective=False)
        for j in range(measures_each + i % 3):
            mid = f"measure:{src}:{line}:1"
            g.add_node(mid, label="Measure", id=mid, number="1", title=f"任务{i}-{j}", text=f"任务{i}-{j}。",
                       plan="plan:p", kind="measure", source=src, line=line)
            g.add_edge("plan:p", mid, key="HAS_MEASURE", type="HAS_MEASURE", source=src, line=line)
            g.add_edge(aid_, mid, key="LEADS", type="LEADS", source=src, line=line, mention=f"某市第{i:03d}局",
                       inherited=False)
            line += 1
    return g


def test_html_is_bounded_and_says_where_the_rest_is(tmp_path, monkeypatch):
    monkeypatch.setattr(review, "HTML_APPENDIX_ROWS", 100)
    n_agencies = review.HTML_MAX_ROWS + 30
    g = _many_agencies_graph(n_agencies, review.HTML_MAX_LINKS + 5)
    review.write(g, tmp_path)
    out = tmp_path / "review"
    text = (out / "index.html").read_text(encoding="utf-8")
    assert f"最多列出前 {review.HTML_MAX_ROWS} 行" in text
    section = text.split('<h2 id="load">', 1)[1].split("<h2 ", 1)[0]
    assert section.count("<tr>") == 1 + review.HTML_MAX_ROWS  # header + the top rows
    assert f"共 {n_agencies} 行" in section and f"另有 {n_agencies - review.HTML_MAX_ROWS} 行未列出" in section
    assert "load.csv" in section and "「单位负荷排名」工作表" in section
    load_csv = _read_csv(out / "load.csv")
    assert len(load_csv) == n_agencies  # the CSV keeps every row
    shown_ids = re.findall(r'<tr><td>(agency:[^<]+)</td>', section)
    assert shown_ids == [r["id"] for r in load_csv[: review.HTML_MAX_ROWS]]  # the top rows, in rank order
    assert "……另有 5 项" in section  # links per cell bounded, the rest counted
    # the appendix lists exactly the measures linked from the page, and every link resolves
    appendix = text.split('<h2 id="measures">', 1)[1]
    anchors = set(re.findall(r'<tr id="(m\d+)"', appendix))
    links = set(re.findall(r'href="#(m\d+)"', text))
    assert links == anchors and 0 < len(anchors) < len(_read_csv(out / "measures.csv"))
    assert f"共 {len(_read_csv(out / 'measures.csv'))} 项任务" in appendix


def test_xlsx_keeps_every_row_up_to_the_excel_limit(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    g = _many_agencies_graph(30, 2)
    review.write(g, tmp_path / "all")
    wb = load_workbook(tmp_path / "all" / "review" / "review.xlsx", read_only=True)
    assert wb["任务出处"].max_row == 1 + len(_read_csv(tmp_path / "all" / "review" / "measures.csv"))
    monkeypatch.setattr(review, "XLSX_MAX_ROWS", 11)  # a sheet of 10 data rows at most
    review.write(g, tmp_path / "cut")
    wb = load_workbook(tmp_path / "cut" / "review" / "review.xlsx", read_only=True)
    assert wb["任务出处"].max_row == 11 and wb["单位负荷排名"].max_row == 11
    assert len(_read_csv(tmp_path / "cut" / "review" / "measures.csv")) > 10  # the CSV keeps them all
    text = (tmp_path / "cut" / "review" / "index.html").read_text(encoding="utf-8")
    assert "只含前 10 行" in text and "其余行只在 CSV 中" in text


# ---------------------------------------------------------------- XLSX cell fast path

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hst  # noqa: E402
import numpy as np  # noqa: E402

_CELL_TEXT = hst.text(alphabet=hst.sampled_from(list("赣州a &<>\"'\t\n\r\x00\x1f\u3000\ufffe\ud800是 |")), max_size=12)
_CELL_VALUE = hst.one_of(
    hst.none(), hst.booleans(), hst.integers(-10**12, 10**12), hst.floats(allow_nan=True, allow_infinity=True),
    _CELL_TEXT, hst.lists(_CELL_TEXT, max_size=4), hst.tuples(_CELL_TEXT, _CELL_TEXT),
    hst.lists(hst.one_of(hst.integers(), _CELL_TEXT), max_size=3),
    hst.integers(32_760, 32_780).map(lambda n: "赣" * n),  # around Excel's cell limit
)


@settings(max_examples=600, deadline=None)
@given(_CELL_VALUE)
def test_xlsx_cell_fast_path_writes_what_the_general_cell_writes(value):
    review._plain(value)  # every cell value has a text form (±inf once raised OverflowError)
    body = review._cell_body(value)
    general = review._xlsx_cell("B7", value)
    assert (general == "") == (body is None)
    if body is not None:
        assert '<c r="B7' + body == general


def test_infinite_numbers_are_written_as_inf_in_csv_and_xlsx_text():
    assert [review._plain(v) for v in (float("inf"), float("-inf"), 2.5, 3.0)] == ["inf", "-inf", "2.5", "3"]
    assert "<t>inf</t>" in review._xlsx_cell("A1", float("inf"))  # Excel has no infinite number: text


def _csv_by_writer(frame) -> str:
    """The review's CSV as the csv module writes it (the reference of review._csv)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(frame.columns))
    writer.writerows([review._plain(v) for v in row] for row in frame.itertuples(index=False, name=None))
    return buf.getvalue()


@settings(max_examples=300, deadline=None)
@given(hst.integers(1, 4).flatmap(lambda width: hst.tuples(
    hst.lists(hst.text(alphabet=hst.sampled_from(list('a,"\n\r 赣')), max_size=4), min_size=width, max_size=width,
              unique=True),
    hst.lists(hst.lists(_CELL_VALUE.filter(lambda v: not isinstance(v, str) or len(v) < 100), min_size=width,
                        max_size=width), max_size=5))))
def test_csv_writes_what_the_csv_module_writes(table):
    import pandas as pd

    columns, rows = table
    frame = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    text = _csv_by_writer(frame)
    assert review._csv(frame) == text
    # the render's form: the same joins on each column's UTF-8 bytes, the text's encoding
    cols = review._plain_columns(frame)
    try:
        want = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no bytes, and a column of it has none either
        with pytest.raises(UnicodeEncodeError):
            [review._utf8(col) for col in cols]
        return
    assert review._csv_bytes(frame, cols, [review._utf8(col) for col in cols]) == want


@settings(max_examples=500, deadline=None)
@given(hst.lists(hst.text(alphabet=hst.sampled_from(list("a,\"\n赣\x00\x01 \U0001f600\xe9")), max_size=5), max_size=6))
def test_utf8_of_a_column_is_each_texts_utf8(texts):
    assert review._utf8(texts) == [t.encode("utf-8") for t in texts]
    assert review._csv_quoted_bytes(review._utf8(texts)) == [t.encode("utf-8") for t in review._csv_quoted(texts)]


def _native_forms():
    """The forms of review's functions that call review.pxd's C functions when compiled (_interleave,
    _inline_scan): the Python one, and the C one when the module is compiled."""
    saved = review._NATIVE
    try:
        for native in sorted({False, saved}):
            review._NATIVE = native
            yield native
    finally:
        review._NATIVE = saved


_PIECE = hst.binary(max_size=4) | hst.sampled_from([b"", "赣".encode(), b'<row r="', b"\n"])


@settings(max_examples=400, deadline=None)
@given(hst.integers(0, 5).flatmap(lambda n: hst.tuples(
    hst.just(n), hst.lists(_PIECE | hst.lists(_PIECE, min_size=n, max_size=n), max_size=6))),
    _PIECE, hst.integers(0, 9))
def test_interleave_is_the_rows_pieces_joined(rows, head, cut):
    n, layout = rows
    whole = head + b"".join(b"".join(item if type(item) is bytes else item[i] for item in layout) for i in range(n))
    for _ in _native_forms():
        if len(whole) - cut < len(head):
            with pytest.raises(ValueError):
                review._interleave(head, layout, n, cut)
        else:
            assert review._interleave(head, layout, n, cut) == whole[:len(whole) - cut]
            assert review._interleave(head, layout, n) == whole


def test_interleave_refuses_what_is_not_rows_of_bytes():
    for _ in _native_forms():
        for layout, error in (([[b"a", None]], TypeError), ([[b"a", "b"]], TypeError), ([[b"a"]], ValueError),
                              ([b"a", [b"b", b"c", b"d"]], ValueError)):
            with pytest.raises(error):
                review._interleave(b"", layout, 2)


def test_utf8_of_a_lone_surrogate_raises():
    for texts in (["a", "b\udc80"], ["\ud800\x00"]):
        with pytest.raises(UnicodeEncodeError):
            review._utf8(texts)


def test_a_lone_surrogate_raises_where_the_csv_text_encoding_raised(monkeypatch):
    """A text with no UTF-8 form in tables the page does not show: the review raises as the first such
    table's CSV text's encoding raised (the same error, message and text), after the tables before it were
    written."""
    g = excerpt_graph()
    measure = sorted(n for n, a in g.nodes(data=True) if a.get("label") == "Measure")[-1]
    g.nodes[measure]["title"] = "标题\udc80尾"
    monkeypatch.setattr(review, "_html", lambda all_tables, graph: "")  # (the page would raise first)
    written = ["index.html"]
    for table in review.tables(g):
        try:
            review._csv(table.frame, review._plain_columns(table.frame)).encode("utf-8")
        except UnicodeEncodeError as e:
            want = e
            break
        written.append(f"{table.key}.csv")
    assert 1 < len(written) < len(TABLE_KEYS)  # (one raises: the orphans table, before the measure table)
    put: list[str] = []
    with pytest.raises(UnicodeEncodeError) as got:
        review._render(g, lambda name, data: put.append(name), slip=(), slip_months=1)
    assert str(got.value) == str(want) and got.value.args == want.args
    assert put == written


def _sheet_by_cell(frame) -> str:
    """The review's worksheet written cell by cell with _xlsx_cell (the reference of review._sheet_xml)."""
    pieces = [p.decode() for p in review._sheet_xml(frame.head(0))]  # the head, the header row and the end
    letters = review._column_letters(max(1, len(frame.columns)))
    kept = review.xlsx_rows_kept(frame)
    rows = "".join(f'<row r="{r}">' + "".join(review._xlsx_cell(f"{c}{r}", v) for c, v in zip(letters, row))
                   + "</row>" for r, row in enumerate(frame.head(kept).itertuples(index=False, name=None), 2))
    head = pieces[0].replace('ref="A1:' + letters[-1] + '1"', f'ref="A1:{letters[-1]}{kept + 1}"')
    return head + pieces[1] + rows + pieces[-1]


_COLUMN = hst.one_of(
    hst.lists(hst.integers(-10**12, 10**12)), hst.lists(hst.floats(allow_nan=True, allow_infinity=True)),
    hst.lists(hst.floats(-1e6, 1e6)), hst.lists(hst.booleans()), hst.lists(_CELL_TEXT),
    hst.lists(hst.one_of(hst.none(), _CELL_TEXT)), hst.lists(hst.text(alphabet="赣州ab|&", min_size=1, max_size=5)),
    hst.lists(hst.sampled_from(["a", "赣 ", "&b", "c>", " d", "<", "e"]), min_size=1),  # inline text, edge spaces
    hst.lists(hst.one_of(hst.floats(allow_nan=True), _CELL_TEXT, hst.none()), min_size=1),  # text, NaN, numbers
    hst.lists(hst.lists(_CELL_TEXT, max_size=3)), hst.lists(_CELL_VALUE))


def _inline_text_by_text(texts: list[str]) -> str | None:
    """review._inline_text's definition, tested text by text."""
    if not texts or any(not t or len(t) > review.XLSX_MAX_CELL_CHARS or not t.isprintable() or t[0].isspace()
                        or t[-1].isspace() for t in texts):
        return None
    return "".join(texts)


@settings(max_examples=500, deadline=None)
@given(hst.lists(hst.text(alphabet=hst.sampled_from(list("赣a |&\t\n\u3000\xa0\u2028\x1f")), max_size=4), max_size=6))
def test_inline_text_is_its_text_by_text_definition(texts):
    # the column's scans stand for the tests of each text: edge spaces (only " " is printable), other spaces
    assert review._inline_text(texts) == _inline_text_by_text(texts)


@settings(max_examples=800, deadline=None)
@given(hst.lists(hst.text(alphabet=hst.sampled_from(list("赣a |&<>~\x7f\x80\t\n\u3000\xa0\u2028\x1f\ud800\U0001f600"
                                                         "\U000e0001")), max_size=4), max_size=6))
def test_inline_scan_is_the_joined_scans(texts):
    """The typed scan (what the sheets use compiled) says what _inline_text's joins and scans say, and whether
    a text holds a character XML escapes; both forms are run here whichever way the module runs."""
    joined = review._inline_text(texts)
    want = 0 if joined is None else 2 if "&" in joined or "<" in joined or ">" in joined else 1
    for _ in _native_forms():  # compiled: each text's characters read as the array of its kind, or as Py_UCS4
        assert review._inline_scan(texts) == want
    assert review._inline_kind(texts) == want


@settings(max_examples=500, deadline=None)
@given(hst.lists(hst.one_of(hst.none(), hst.booleans(), hst.integers(), hst.floats(), hst.text(max_size=2),
                            hst.lists(hst.text(max_size=2), max_size=2), hst.tuples(hst.integers()),
                            hst.sampled_from([float("nan"), True, 1, 1.0, "1", np.int64(1), np.float64(1.0)])),
                 max_size=12))
def test_value_types_is_the_set_of_types(values):
    """csvtext.types (each column's types for the review's sheets and CSVs, as for the CSV tables; a typed pass
    compiled) = set(map(type, values)), on mixed and alternating types, bool beside int, numpy scalars beside
    Python ones."""
    from dutygraph.exports import csvtext

    for form in (csvtext.types, csvtext._types_loop):
        assert form(values) == set(map(type, values))
        assert form(values + values[::-1]) == set(map(type, values))


def test_inline_scan_bounds_a_cell_at_excels_limit():
    for _ in _native_forms():
        for char in ("a", "赣", "\U0001f600"):  # a text of each kind of characters (1, 2 and 4 bytes each)
            text = char * review.XLSX_MAX_CELL_CHARS
            assert review._inline_scan([text, "a"]) == 1 and review._inline_scan([text + char]) == 0
        assert review._inline_scan([]) == 0 and review._inline_scan(["a", ""]) == 0
        with pytest.raises(TypeError):
            review._inline_scan(["a", None])


@settings(max_examples=300, deadline=None)
@given(hst.lists(_COLUMN, min_size=1, max_size=4), hst.integers(0, 6), hst.integers(2, 4),
       hst.sampled_from([None, "str"]))
def test_sheet_writes_what_the_cell_writer_writes(columns, n_rows, block, dtype):
    import pandas as pd

    data = {f"c{i}": (col * (n_rows // max(1, len(col)) + 1))[:n_rows] if col else [None] * n_rows
            for i, col in enumerate(columns)}
    frame = pd.DataFrame(data, columns=list(data))
    if dtype:  # pandas' text columns (missing values read back as NaN)
        frame = frame.astype({c: "str" for c in frame.columns if frame[c].map(lambda v: isinstance(v, str)).all()})
    saved = review._XLSX_BLOCK_ROWS
    review._XLSX_BLOCK_ROWS = block  # rows written in several blocks
    try:
        expected = _sheet_by_cell(frame)
        assert b"".join(review._sheet_xml(frame)).decode() == expected
        assert b"".join(review._sheet_xml(frame, review._plain_columns(frame))).decode() == expected
        types_of: list = []  # the sheet reads text and int columns from the plain texts
        plain = review._plain_columns(frame, types_of)
        assert len(types_of) == len(frame.columns)
        assert b"".join(review._sheet_xml(frame, plain, types_of)).decode() == expected
        try:  # the render's form: and their bytes, the CSV's
            encoded = [review._utf8(col) for col in plain]
        except UnicodeEncodeError:  # (a lone surrogate: the render writes no sheet, its CSV raises first)
            return
        assert b"".join(review._sheet_xml(frame, plain, types_of, encoded)).decode() == expected
    finally:
        review._XLSX_BLOCK_ROWS = saved


@settings(max_examples=300, deadline=None)
@given(hst.lists(hst.one_of(_COLUMN, hst.lists(hst.sampled_from([0.0, -0.0, 1.5, float("nan"), 1e20, float("inf")])),
                            hst.lists(hst.lists(hst.one_of(_CELL_TEXT, hst.integers()), max_size=2))),
                 min_size=1, max_size=4), hst.integers(0, 6))
def test_plain_columns_are_the_text_of_each_cell(columns, n_rows):
    import pandas as pd

    data = {f"c{i}": (col * (n_rows // max(1, len(col)) + 1))[:n_rows] if col else [None] * n_rows
            for i, col in enumerate(columns)}
    frame = pd.DataFrame(data, columns=list(data))
    assert review._plain_columns(frame) == [[review._plain(v) for v in frame[c].tolist()] for c in frame.columns]


def test_anchors_made_when_asked_equal_every_anchor():
    import pandas as pd

    measures = review.tables(excerpt_graph())[-1].frame
    for frame in (measures, measures.iloc[::-1], pd.concat([measures, measures.head(2)])):  # sorted, or not
        every = review._anchor_ids(frame)
        anchors = review._Anchors(frame)
        for mid in [*frame["measure_id"].tolist()[::-1], "measure:none", "", "zzz"]:
            assert (mid in anchors) == (mid in every)
            if mid in every:
                assert anchors[mid] == every[mid]


@settings(max_examples=300, deadline=None)
@given(hst.text(alphabet=hst.sampled_from(list("a&<>\"'赣 ;#")), max_size=8))
def test_escape_html_is_html_escape(text):
    import html

    assert review._escape_html(text) == html.escape(text)


def _link_by_definition(mid, anchors):
    """The page's link to a measure as _html_cell made it (a closure over the anchors, not kept)."""
    import html

    if mid not in anchors:
        return html.escape(mid)
    anchor, label = anchors[mid]
    return f'<a class="m" href="#{anchor}" title="{html.escape(mid)}">{html.escape(label)}</a>'


def test_links_made_once_are_the_links():
    import pandas as pd

    measures = review.tables(excerpt_graph())[-1].frame
    odd = pd.DataFrame({"measure_id": ["m&<1>", "m'2\"", "m3"], "where": ["a<b>.txt:3", "", "x&y-z.txt:9"]})
    for frame in (measures, measures.iloc[::-1], odd):
        anchors = review._Anchors(frame)
        for mid in [*frame["measure_id"].tolist(), "measure:none", "a<b", 'x"y', *frame["measure_id"].tolist()]:
            assert anchors.link(mid) == _link_by_definition(mid, review._Anchors(frame))


def test_records_are_the_rows_itertuples_gives():
    from dutygraph.api import graph_from_paths

    plans = Path(__file__).resolve().parent.parent / "data" / "plans"
    for g in (excerpt_graph(), graph_from_paths([plans])):
        for table in review.tables(g, slip=("赣服通",)):
            frame = table.frame
            for columns in ([c for c in frame.columns if c not in review._HTML_HIDDEN], list(frame.columns)[:1], []):
                got = list(review._records(frame, columns))
                want = list(frame[columns].itertuples(index=False, name=None))
                assert repr(got) == repr(want), table.key
                assert [list(map(type, r)) for r in got] == [list(map(type, r)) for r in want], table.key


def test_the_review_reads_the_graph_incidences_once(monkeypatch):
    from dutygraph.analytics import graphview

    made = []
    init = graphview.Incidence.__init__

    def counted(self, g):
        made.append(g)
        init(self, g)

    monkeypatch.setattr(graphview.Incidence, "__init__", counted)
    g = excerpt_graph()
    files = review.render(g, slip=("赣服通",))
    assert made == [g] and "slip.csv" in files  # one Incidence for every table and the page
    review.tables(g)
    assert made == [g, g]


def test_written_files_are_the_rendered_ones(tmp_path):
    # write() hands each file to disk as it is made (_render); render() keeps them: the same bytes
    g = excerpt_graph()
    paths = review.write(g, tmp_path)
    files = review.render(g)
    assert list(files)[:2] == ["index.html", "review.xlsx"]
    assert sorted(p.name for p in paths) == sorted(files)
    for p in paths:
        assert p.read_bytes() == files[p.name], p.name


# ---------------------------------------------------------------- the measure table's name lists


def _name_lists_by_definition(ids, of, name):
    """review._name_lists as it was written (one sort and one map per measure)."""
    return [list(map(name.__getitem__, sorted(of.get(mid, ())))) for mid in ids]


def _check_name_lists(ids, of, name):
    got = review._name_lists(ids, of, name)
    assert got == _name_lists_by_definition(ids, of, name)
    assert all(type(x) is list for x in got)


def test_name_lists_are_the_sorted_names_of_each_measure():
    from dutygraph.analytics.graphview import incidence
    from dutygraph.api import graph_from_paths

    plans = Path(__file__).resolve().parent.parent / "data" / "plans"
    sizes = set()
    for g in (excerpt_graph(), graph_from_paths([plans])):
        ix = incidence(g)
        ids = sorted(mid for mid, _ in ix.nodes("Measure"))
        name = {nid: attrs.get("name") for label in ("Agency", "Platform") for nid, attrs in ix.nodes(label)}
        for of in (ix.lead_lists(), ix.co_lists(), ix.platform_lists()):
            _check_name_lists(ids, of, name)
            sizes.update(min(len(of.get(mid, ())), 2) for mid in ids)
    assert sizes == {0, 1, 2}  # measures with none, one and several of them: each branch taken


_NODE_ID = hst.sampled_from(["a:1", "a:2", "a:10", "b", "平台", "z"])


@settings(max_examples=300, deadline=None)
@given(hst.lists(hst.sampled_from(["m1", "m2", "m3", "m4"]), max_size=6),
       hst.dictionaries(hst.sampled_from(["m1", "m2", "m3", "m5"]), hst.lists(_NODE_ID, max_size=4), max_size=4),
       hst.sampled_from([None, "名", ""]))
def test_name_lists_equal_their_definition(ids, of, missing_name):
    name = {nid: (missing_name if nid == "z" else f"名{nid}") for nid in ["a:1", "a:2", "a:10", "b", "平台", "z"]}
    _check_name_lists(ids, of, name)


def _concentration_by_groupby(loads):
    """review._concentration_table's definition: load.concentration of the whole frame, then of each
    jurisdiction's sub-frame (pandas groupby, sorted; none: "(未知)")."""
    import pandas as pd

    from dutygraph.analytics import load

    groups = [("(全部)", loads)]
    groups += [(j, part) for j, part in loads.groupby(loads["jurisdiction"].fillna("(未知)"), sort=True)]
    rows = []
    for jur, part in groups:
        c = load.concentration(part)
        rows.append({"jurisdiction": jur, "agencies_count": c["agencies"], "lead_weight": c["total"],
                     "top5_share": c["top5_share"], "gini": c["gini"]})
    return pd.DataFrame(rows, columns=["jurisdiction", "agencies_count", "lead_weight", "top5_share", "gini"])


@settings(max_examples=200, deadline=None)
@given(hst.lists(hst.tuples(hst.sampled_from(["赣州市", "南昌市", "a", "(未知)", None]),
                            hst.floats(0, 50, allow_nan=False)), max_size=30))
def test_concentration_table_is_the_concentration_of_each_jurisdictions_frame(rows):
    import pandas as pd

    from dutygraph.analytics import load

    loads = pd.DataFrame([{"id": f"agency:{i}", "jurisdiction": j, "lead_weight": w} for i, (j, w) in
                          enumerate(rows)], columns=["id", "jurisdiction", "lead_weight"])
    pd.testing.assert_frame_equal(review._concentration_table(loads), _concentration_by_groupby(loads),
                                  check_exact=True)
    graph_loads = load.agency_load(excerpt_graph())
    pd.testing.assert_frame_equal(review._concentration_table(graph_loads), _concentration_by_groupby(graph_loads),
                                  check_exact=True)


@settings(max_examples=300, deadline=None)
@given(hst.lists(hst.one_of(hst.floats(allow_nan=False, allow_infinity=False),
                            hst.sampled_from([0.0, -0.0, 1.5, -1.5, 5e-324, 1e300]))))
def test_float_bytes_are_each_floats_repr(values):
    """A sheet's float column, each distinct value's repr made once, is the repr of each value: 0.0 and -0.0
    (one key of the dict) each with its own sign."""
    assert review._float_bytes(values) == [repr(v).encode() for v in values]


@settings(max_examples=300, deadline=None)
@given(hst.lists(hst.one_of(hst.integers(-3, 40), hst.integers(-10**12, 10**12),
                            hst.sampled_from([len(review._INT_TEXTS) - 1, len(review._INT_TEXTS)]))))
def test_int_texts_are_each_ints_text(values):
    """The table's texts stand for str of each int, in range or not (negatives, the table's last and next)."""
    assert review._int_texts(values) == list(map(str, values))
    assert review._int_texts(range(len(values))) == list(map(str, range(len(values))))


@settings(max_examples=200, deadline=None)
@given(hst.lists(hst.dictionaries(hst.sampled_from(["plan", "title", "kind", "x"]),
                                  hst.one_of(hst.none(), hst.text(max_size=3), hst.integers()), max_size=4)),
       hst.sampled_from(["plan", "title", "kind"]))
def test_values_are_each_nodes_attribute(attrs, key):
    """The measure table's columns: each node's attribute, None where it has none."""
    assert review._values(attrs, key) == [a.get(key) for a in attrs]
