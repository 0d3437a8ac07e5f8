"""load()/load_many(): encodings, bad input, .docx and .html, and the five sample files."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.errors import LoadError
from dutygraph.loaders import FORMATS, load, load_bytes, load_many
from dutygraph.loaders.base import split_lines
from dutygraph.loaders.decode import decode
from dutygraph.loaders.normalize import normalize

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "loaders"
GANZHOU = PLANS / "ganzhou-2021-business-environment-action-plan.txt"
SHIZUISHAN = PLANS / "shizuishan-2023-action-plan-draft.txt"
HONGGUTAN = PLANS / "honggutan-2023-q1-q3-progress-report.txt"
JINGDEZHEN = PLANS / "jingdezhen-2022-special-action-plans.txt"
JIUJIANG = PLANS / "jiujiang-2023-business-environment-action-plan.txt"

# ganzhou…, line 99 (traditional) and jiujiang-2023…, an item with a responsibility bracket
TRAD = "  3.落實“馬上就辦”。各級政務服務中心組建專業團隊為企業提供咨詢、輔導、幫辦等一站式服務"
SIMP = "(区市监局牵头,鸠江公安局、区数管局按职责分工负责)"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ------------------------------------------------------------------ plain UTF-8


def test_utf8_lines_numbers_offsets_and_norm(tmp_path):
    text = "标题\r\n\r\n" + TRAD + "\r\n各縣〔市、區〕人民政府\r\n"
    doc = load(_write(tmp_path, "plan.txt", text.encode()))
    assert doc.name == "plan.txt" and doc.fmt == "txt" and doc.encoding == "utf-8"
    assert [ln.number for ln in doc.lines] == [1, 2, 3, 4]
    decoded = text
    for ln in doc.lines:
        assert decoded[ln.start : ln.start + len(ln.text)] == ln.text
        assert len(ln.norm) == len(ln.text) and ln.norm == normalize(ln.text)
    assert doc.lines[2].text == TRAD  # traditional stays traditional in text…
    assert "落实“马上就办”" in doc.lines[2].norm  # …and is simplified in norm
    assert doc.lines[3].norm == "各县(市、区)人民政府"
    assert len(doc.sha256) == 64


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=20),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_split_lines_offsets_cut_the_line_out_of_the_text(parts, sep):
    text = sep.join(parts)
    lines = split_lines(text)
    assert [ln.text for ln in lines] == (parts[:-1] if len(parts) > 1 and parts[-1] == "" else parts)
    for ln in lines:
        assert text[ln.start : ln.start + len(ln.text)] == ln.text


# ------------------------------------------------------------------ encodings round-trip


@pytest.mark.parametrize(
    "codec,expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("big5", "big5"),
        ("utf-16", "utf-16"),  # with BOM
        ("utf-16-le", "utf-16"),  # no BOM: found by the NUL pattern of ASCII and line ends
        ("utf-16-be", "utf-16"),
        ("utf-32", "utf-32"),
    ],
)
def test_same_traditional_text_in_every_encoding_decodes_equal(codec, expected):
    text = "1.標題\n" + TRAD + "\n"
    decoded = decode(text.encode(codec), path="t.txt")
    assert decoded.encoding == expected
    assert decoded.text == text
    assert decoded.warnings == [] and decoded.repairs == []


def test_simplified_text_in_gbk_and_utf16_round_trips(tmp_path):
    text = "三、重点任务\n" + SIMP + "\n"
    docs = [
        load(_write(tmp_path, f"{enc}.txt", text.encode(enc)))
        for enc in ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be")
    ]
    assert {tuple(ln.text for ln in d.lines) for d in docs} == {("三、重点任务", SIMP)}


def test_gbk_file_with_a_txt_name_is_not_read_as_utf8(tmp_path):
    # GBK "mislabelled" as UTF-8 by its .txt name: strict UTF-8 fails, GB18030 decodes it
    doc = load(_write(tmp_path, "gbk.txt", (SIMP + "\n" + "2022年6月30日前完成").encode("gbk")))
    assert doc.encoding == "gb18030"
    assert doc.lines[0].text == SIMP and doc.warnings == ()


def test_big5_and_gbk_are_told_apart_by_plausibility():
    # every Big5 pair is also a valid GBK pair: GB18030 decodes Big5 bytes "cleanly" into nonsense
    data = (TRAD + "\n" + "各縣〔市、區〕人民政府要建立工作機制").encode("big5")
    assert data.decode("gb18030")  # the trap
    assert decode(data, path="b.txt").encoding == "big5"


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \r\n\t\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        ("nuls.txt", b"\x00\x01\x02\x03binary\x00\x00\xff\xfe\x00\x10" * 50, "binary"),
        ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 65]) * 100, "binary"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "save it as .docx"),
        ("broken.docx", b"PK\x03\x04 not really a zip", ".docx"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(tmp_path, name, data, message):
    p = _write(tmp_path, name, data)
    with pytest.raises(LoadError) as exc:
        load(p)
    line = str(exc.value)
    assert "\n" not in line and line.startswith(str(p)) and message in line


def test_truncated_utf8_is_read_with_a_warning_and_a_repair(tmp_path):
    data = (SIMP + "\n" + TRAD).encode("utf-8")[:-2]  # cut inside the last character
    doc = load(_write(tmp_path, "cut.txt", data))
    assert doc.encoding == "utf-8"
    assert doc.lines[0].text == SIMP
    assert doc.lines[1].text.endswith("\ufffd")
    assert [r.kind for r in doc.repairs] == ["encoding-fallback"]
    assert len(doc.warnings) == 1 and "cut.txt:2:" in doc.warnings[0]


def test_mixed_garbage_falls_back_with_replacement_never_crashes(tmp_path):
    # mostly GBK with a run of bytes no Chinese codec accepts
    data = SIMP.encode("gbk") + b"\xff\xff" + "\n完成时限".encode("gbk")
    doc = load(_write(tmp_path, "mixed.txt", data))
    assert any(r.kind == "encoding-fallback" for r in doc.repairs) and doc.warnings
    assert "牵头" in doc.lines[0].text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_never_crashes_on_arbitrary_bytes(data):
    try:
        decoded = decode(data, path="fuzz.txt")
    except LoadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz.txt: ")
    else:
        assert isinstance(decoded.text, str)


def test_oversize_file_refused_before_reading(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:  # a sparse 50 MB file: refused on its size, never read
        f.truncate(50 * 1000 * 1000)
    with pytest.raises(LoadError, match=r"huge\.txt: file is 50\.0 MB, above the 20 MB limit"):
        load(p)


def test_long_single_line_under_the_limit_is_processed(tmp_path):
    # a 2 MB single line (the 红谷滩 report is one 25 KB line; same shape, 80x longer)
    line = HONGGUTAN.read_text(encoding="utf-8").split("\n")[1]
    p = _write(tmp_path, "oneline.txt", (line * 80).encode())
    doc = load(p)
    assert len(doc.lines) == 1 and len(doc.lines[0].text) == len(line) * 80
    with pytest.raises(LoadError, match="limit"):
        load(p, max_bytes=1_000_000)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "nope.txt")
    with pytest.raises(LoadError, match="directory"):
        load(tmp_path)


def test_load_many_keeps_order_and_goes_on_past_bad_files(tmp_path):
    good1 = _write(tmp_path, "a.txt", SIMP.encode())
    bad = _write(tmp_path, "b.txt", b"")
    good2 = _write(tmp_path, "c.txt", TRAD.encode("big5"))
    docs, errors = load_many([good1, bad, tmp_path / "missing.txt", good2])
    assert [d.name for d in docs] == ["a.txt", "c.txt"]
    assert errors == [f"{bad}: empty file", f"{tmp_path / 'missing.txt'}: no such file"]


# ------------------------------------------------------------------ .docx


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("鸠江区2023年优化营商环境行动方案")
    d.add_paragraph("一、主要任务")
    t = d.add_table(rows=4, cols=5)
    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
        ["1", "推行企业开办“一件事一次办”。", "区数管局", "区市监局\n鸠江公安局", "2023年6月底前"],
        ["", "推广电子证照应用。", "区数管局", "", "长期坚持"],
        ["二、保障", "", "", "", ""],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    t.cell(3, 0).merge(t.cell(3, 4))  # a heading row merged across the table
    d.add_paragraph("二、组织保障")
    t2 = d.add_table(rows=2, cols=2)
    t2.cell(0, 0).text, t2.cell(0, 1).text = "指标", "目标值"
    t2.cell(1, 0).text, t2.cell(1, 1).text = "开办企业时间", "压缩至1个工作日"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables_in_document_order():
    doc = load_bytes(_docx_bytes(), path="plan.docx")
    assert doc.fmt == "docx" and doc.encoding == "docx"
    assert [(ln.number, ln.text) for ln in doc.lines] == [
        (1, "鸠江区2023年优化营商环境行动方案"),
        (2, "一、主要任务"),
        (3, "序号\t工作任务\t牵头单位\t责任单位\t完成时限"),
        (4, "1.推行企业开办“一件事一次办”。(牵头单位:区数管局;责任单位:区市监局、鸠江公安局;完成时限:2023年6月底前)"),
        (5, "2.推广电子证照应用。(牵头单位:区数管局;完成时限:长期坚持)"),
        (6, "二、保障"),
        (7, "二、组织保障"),
        (8, "指标\t目标值"),
        (9, "开办企业时间\t压缩至1个工作日"),
    ]
    assert all(ln.repairs == () for ln in doc.lines)  # a format note, not damage: kept off the lines
    notes = {r.line: r.detail for r in doc.repairs if r.kind == "table-row"}
    assert set(notes) == {4, 5} and "number 2 supplied" in notes[5]


def test_docx_word_list_numbers_are_rendered_in_front_of_the_text():
    import docx

    d = docx.Document()
    # make the built-in "List Number" list count 一、二、 like a plan's top-level headings
    numbering = d.part.numbering_part.element
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    style_num = d.styles["List Number"].element.find(f"{w}pPr/{w}numPr/{w}numId").get(f"{w}val")
    num = next(n for n in numbering.iterchildren(f"{w}num") if n.get(f"{w}numId") == style_num)
    abstract_id = num.find(f"{w}abstractNumId").get(f"{w}val")
    abstract = next(a for a in numbering.iterchildren(f"{w}abstractNum") if a.get(f"{w}abstractNumId") == abstract_id)
    lvl0 = abstract.find(f"{w}lvl")
    lvl0.find(f"{w}numFmt").set(f"{w}val", "chineseCounting")
    lvl0.find(f"{w}lvlText").set(f"{w}val", "%1、")
    for title in ["总体要求", "主要任务", "保障措施"]:
        d.add_paragraph(title, style="List Number")
    d.add_paragraph("不编号的说明。")
    d.add_paragraph("一个要点", style="List Bullet")
    buf = io.BytesIO()
    d.save(buf)
    doc = load_bytes(buf.getvalue(), path="numbered.docx")
    assert [ln.text for ln in doc.lines] == ["一、总体要求", "二、主要任务", "三、保障措施", "不编号的说明。", "一个要点"]
    assert [(r.kind, r.line) for r in doc.repairs] == [("list-number", 1), ("list-number", 2), ("list-number", 3)]


def test_docx_vertically_merged_lead_cell_applies_to_each_row():
    import docx

    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    for c, h in enumerate(["主要任务", "牵头单位", "配合单位"]):
        t.cell(0, c).text = h
    t.cell(1, 0).text, t.cell(2, 0).text = "优化水电气报装。", "压缩报装时限。"
    t.cell(1, 1).text = "市住建局"
    t.cell(1, 1).merge(t.cell(2, 1))
    t.cell(1, 2).text, t.cell(2, 2).text = "市供水公司", "市燃气公司"
    buf = io.BytesIO()
    d.save(buf)
    doc = load_bytes(buf.getvalue(), path="merged.docx")
    assert [ln.text for ln in doc.lines[1:]] == [
        "1.优化水电气报装。(牵头单位:市住建局;配合单位:市供水公司)",
        "2.压缩报装时限。(牵头单位:市住建局;配合单位:市燃气公司)",
    ]


# ------------------------------------------------------------------ .html


def test_html_fixture_lines_point_at_source_lines():
    path = FIXTURES / "gov-page-gbk.html"
    doc = load(path)
    assert doc.fmt == "html" and doc.encoding == "html:gb18030"
    got = [(ln.number, ln.text) for ln in doc.lines]
    src = path.read_bytes().decode("gbk").split("\n")
    for number, text in got:  # every line starts on the source line it names
        assert _first_chars_on(src[number - 1], text), (number, text)
    texts = [t for _, t in got]
    assert "关于印发《优化营商环境行动方案》的通知" in texts
    assert "一、工作目标" in texts and "到2023年底,实现“一网通办”全覆盖。" in texts
    assert "<script>alert(1)</script>是正文里的文字" in texts  # escaped markup stays text
    assert not any("document.write" in t or "首页" in t or "版权所有" in t for t in texts)
    assert "1.深化“一件事一次办”改革。(牵头单位:市发改委;配合单位:市财政局、市市场监管局;完成时限:2023年底前)" in texts


def _first_chars_on(source_line: str, text: str) -> bool:
    head = text.replace("\t", "")[:2]
    return head in source_line or any(ch in source_line for ch in head[:1])


def test_html_page_chrome_dropped_but_article_header_kept():
    page = (
        "<html><body>\n<header>某市人民政府门户网站</header>\n<article><header><h1>某市2023年行动方案</h1>"
        "</header>\n<p>一、总体要求</p></article>\n<footer>网站标识码</footer>\n"
        '<div class="share-bar">分享到</div></body></html>'
    )
    doc = load_bytes(page.encode(), path="a.html")
    assert [(ln.number, ln.text) for ln in doc.lines] == [(3, "某市2023年行动方案"), (4, "一、总体要求")]


def test_html_layout_table_cells_are_prose_blocks():
    # older government sites put the whole article in a layout table cell
    page = (
        "<html><body><table><tr><td>\n<p>关于印发行动方案的通知</p>\n<p>一、总体要求</p>\n"
        "<table><tr><td>序号</td><td>主要任务</td><td>牵头单位</td></tr>\n"
        "<tr><td>1</td><td>压缩开办时间。</td><td>市市场监管局</td></tr></table>\n"
        "</td><td>相关链接</td></tr></table></body></html>"
    )
    doc = load_bytes(page.encode(), path="layout.html")
    assert [(ln.number, ln.text) for ln in doc.lines] == [
        (2, "关于印发行动方案的通知"),
        (3, "一、总体要求"),
        (4, "序号\t主要任务\t牵头单位"),
        (5, "1.压缩开办时间。(牵头单位:市市场监管局)"),
        (6, "相关链接"),
    ]


def test_html_meta_charset_wrong_falls_back_to_detection():
    page = '<html><head><meta charset="big5"></head><body><p>深化“放管服”改革</p></body></html>'
    doc = load_bytes(page.encode("utf-8"), path="wrong-meta.htm")
    assert [ln.text for ln in doc.lines] == ["深化“放管服”改革"]
    assert doc.encoding == "html:utf-8" and "declares charset" in doc.warnings[0]


def test_registry_covers_every_format_and_unknown_extensions_sniff(tmp_path):
    assert set(FORMATS) >= {".txt", ".docx", ".html", ".htm"}
    docx_doc = load(_write(tmp_path, "plan.bin", _docx_bytes()))
    assert docx_doc.fmt == "docx"
    md = load(_write(tmp_path, "notes.md", SIMP.encode()))
    assert md.fmt == "txt"


# ------------------------------------------------------------------ the five sample files


def test_all_sample_files_load_cleanly():
    docs, errors = load_many(sorted(PLANS.glob("*.txt")))
    assert errors == [] and len(docs) == 5
    for doc in docs:
        assert doc.encoding == "utf-8" and doc.warnings == ()
        numbers = [ln.number for ln in doc.lines]
        assert numbers == sorted(set(numbers))
        assert all(len(ln.norm) == len(ln.text) for ln in doc.lines)


def test_ganzhou_mojibake_headings_repaired_with_file_line_numbers():
    doc = load(GANZHOU)
    by = {ln.number: ln for ln in doc.lines}
    raw = GANZHOU.read_text(encoding="utf-8").split("\n")
    assert raw[214].startswith(" ?。ǘ")  # line 215 as printed
    assert by[215].norm.strip().startswith("(二)压缩用水用气报装时限")
    assert by[215].text.strip() == "（二）壓縮用水用氣報裝時限"
    assert by[19].text.strip().startswith("（一）持續提升投資建設便利度。")
    assert by[171].text.strip() == "（四）提高供電可靠"
    assert "mojibake-prefix" in by[215].repairs
    garbled = [i for i, t in enumerate(raw, 1) if t.startswith(" ?")]
    assert len(garbled) > 100
    assert all("mojibake-prefix" in by[i].repairs for i in garbled)
    assert not any(by[i].text.lstrip().startswith("?") for i in garbled)
    assert by[131].text == "" and by[131].repairs == ("noise-line",)  # "image.png"
    assert by[99].text == raw[98]  # untouched lines are byte-for-byte as printed


def test_shizuishan_second_copy_dropped_and_redactions_flagged():
    doc = load(SHIZUISHAN)
    assert [ln.number for ln in doc.lines] == list(range(1, 108))
    (dup,) = [r for r in doc.repairs if r.kind == "duplicate-copy"]
    assert dup.line == 108 and dup.detail == "lines 108-214 repeat lines 1-107; second copy dropped"
    assert doc.warnings == ()  # a recovered repair, recorded with its line range: nothing to warn about
    red = [r for r in doc.repairs if r.kind == "redaction"]
    assert red and all(r.line < 108 for r in red)
    assert doc.lines[2].text == "征求意见单位: (略) 审批服务管理局" and doc.lines[2].repairs == ("redaction",)


def test_honggutan_one_long_line_and_jingdezhen_noise_token():
    hg = load(HONGGUTAN)
    assert [ln.number for ln in hg.lines] == [1, 2] and len(hg.lines[1].text) > 9000
    jd = load(JINGDEZHEN)
    assert jd.lines[4].text.endswith("访问量:") and jd.lines[4].repairs == ("noise-line",)
    jj = load(JIUJIANG)
    assert jj.repairs == ()  # "战略" is no redaction; nothing in this file needs repair


def test_loading_is_deterministic():
    a, b = load(GANZHOU), load(GANZHOU)
    assert a == b
    assert os.path.basename(a.path) == a.name


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("發展乾乾淨淨了瞭里裡後后臺台〔〕【】（）１２ａ\u3000干幹面麵頭髮髮型一二abc ,.;")), max_size=12), max_size=8))
def test_normalize_lines_equals_normalize_per_line(texts):
    from dutygraph.loaders.normalize import normalize_lines

    assert normalize_lines(texts) == [normalize(t) for t in texts]


def test_normalize_lines_on_sample_lines():
    from dutygraph.loaders.normalize import normalize_lines

    texts = GANZHOU.read_text(encoding="utf-8").split("\n")
    assert normalize_lines(texts) == [normalize(t) for t in texts]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["f.txt", "f.html", "f.docx", "f.dat"]))
def test_load_bytes_gives_a_document_or_one_line_error(data, name):
    try:
        doc = load_bytes(data, path=name)
    except LoadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(f"{name}: ")
    else:
        assert doc.lines and all(len(ln.norm) == len(ln.text) for ln in doc.lines)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_html_of_any_text_never_crashes(text):
    page = f"<html><body><p>{text}</p></body></html>".encode("utf-8", "surrogatepass")
    try:
        load_bytes(page, path="fuzz.html")
    except LoadError as exc:
        assert "\n" not in str(exc)


def test_debug_entry_point_summarises_files_and_errors(tmp_path, capsys):
    from dutygraph.loaders.__main__ import main

    empty = _write(tmp_path, "empty.txt", b"")
    assert main([str(SHIZUISHAN), str(empty), "--repairs"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == (
        "shizuishan-2023-action-plan-draft.txt: txt utf-8, 107 lines kept; duplicate-copy 1, redaction 49"
    )
    assert "shizuishan-2023-action-plan-draft.txt:108: duplicate-copy: lines 108-214 repeat lines 1-107" in out
    assert err == f"error: {empty}: empty file\n"


def test_charset_normalizer_breaks_a_tie_between_codecs():
    from dutygraph.loaders.decode import _tiebreak

    tie = [(0.5, "gb18030", "gb18030"), (0.5, "cp950", "big5")]
    simplified = JIUJIANG.read_text(encoding="utf-8")[:3000].encode("gbk", "replace")
    traditional = GANZHOU.read_text(encoding="utf-8").split("\n")[98].encode("big5", "replace")
    assert _tiebreak(simplified, tie)[2] == "gb18030"
    assert _tiebreak(traditional * 10, tie)[2] == "big5"


def test_docx_task_table_with_traditional_headers():
    # Traditional-script plans (like the 赣州 sample) print 序號/任務/牽頭單位/責任單位/完成時限.
    import docx

    d = docx.Document()
    t = d.add_table(rows=2, cols=5)
    for c, v in enumerate(["序號", "任務", "牽頭單位", "責任單位", "完成時限"]):
        t.cell(0, c).text = v
    for c, v in enumerate(["1", "落實“馬上就辦”。", "市行政審批局", "各縣〔市、區〕人民政府", "2021年底前"]):
        t.cell(1, c).text = v
    buf = io.BytesIO()
    d.save(buf)
    doc = load_bytes(buf.getvalue(), path="trad.docx")
    assert doc.lines[-1].text == "1.落實“馬上就辦”。(牽頭單位:市行政審批局;責任單位:各縣〔市、區〕人民政府;完成時限:2021年底前)"


def test_docx_error_line_is_the_same_every_run():
    # python-docx names the stream by its memory address; the error line must not change between runs
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/word/document.xml" ContentType="text/plain"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument"/></Relationships>',
        )
        zf.writestr("word/document.xml", "<x/>")
    msgs = set()
    for _ in range(2):
        with pytest.raises(LoadError) as ei:
            load_bytes(buf.getvalue(), path="odd.docx")
        msgs.add(ei.value.oneline())
    msg = msgs.pop()
    assert not msgs and " at 0x" not in msg and "not a Word file" in msg
