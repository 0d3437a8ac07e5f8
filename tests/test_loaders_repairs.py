"""Loader repairs, each pinned with an excerpt copied from the sample document where it was seen.

Mojibake excerpts carry private-use characters, so they are written with escapes (ascii() of the
line as it is in the file)."""

from __future__ import annotations

from dutygraph.loaders import load_bytes
from dutygraph.loaders.base import RawLine, split_lines
from dutygraph.loaders.mojibake import repair_mojibake_prefix, unshift
from dutygraph.loaders.repair import duplicate_copy, html_residue, noise_tokens, redactions


def _doc(text: str, name: str = "excerpt.txt"):
    return load_bytes(text.encode("utf-8"), path=name)


def _one(text: str) -> RawLine:
    lines = split_lines(text)
    assert len(lines) == 1
    return lines[0]


# ------------------------------------------------------------------ mojibake-prefix

# ganzhou-2021-business-environment-action-plan.txt, line 19
GANZHOU_19 = (
    " ?\u3002\u3112\u552c\u250f\u63b7m\u63d0\u5347\u6295\u8cc7\u5efa\u8a2d\u4fbf\u5229\u5ea6"
    "\u3002\u5805\u6301"
)
# ganzhou…, line 215 (EXTRACTION.md worked example: "?。ǘ" = "(二)")
GANZHOU_215 = " ?\u3002\u01d8\ue46a\ue7e7\u568es\u7528\u6c34\u7528\u6c23\u5831\u88dd\u6642\u9650"
# ganzhou…, line 171: the whole short line garbled, ending in "?/p>"
GANZHOU_171 = " ?\u3002\u310b\u6a21\u2528\u5ca3\u5416\u2547\u5a0d\u717d\u5543?/p>"
# ganzhou…, line 235: a heading bracket, not a number
GANZHOU_235 = " ?。ㄊ凶匀毁Y源局牽頭)"
# ganzhou…, line 243: a lone 0x80 read as "€" puts decoding back in step
GANZHOU_243 = (
    " ?\u3002\u3112\u552c\ufe65\u706e\ue1f3\u20ac\u4e0b\u201c\u4e00\u7a97\u53d7\u7406\u3001"
    "\u5e76\u884c\u8fa6\u7406\u201d"
)
# ganzhou…, line 769: "@" is a folded full-width "＠" (run goes on), "|" a lone trail byte (back in step)
GANZHOU_769 = (
    " ?\u3002\u3112\u552c\u2529\u82ff\u8a09@\ue365\u54d4|\u91cf\u767c\u5c55\u3002\u570d\u7e5e"
)
# ganzhou…, line 737: cp936 private-use FE84 twice, then a rejected byte "?"
GANZHOU_737 = (
    " ?\u3002\u01d8\ue46a\u2525\ue425\u58f5\ue848\u8f97\ue848?,\u69cb\u5efa\u4f01\u696d\u5165"
    "\u8d1b\u201c\u7121\u5dee\u5225\u201d\u8fa6\u4e8b\u9ad4\u9a57"
)
# ganzhou…, line 697: "<" is a folded full-width "＜" inside the run
GANZHOU_697 = (
    " ?\u3002\xf2\u800d\ue7ed\u5a00\u761c<\u6db2\u75db\ue30f\u9807C\u69cb\u7ba1\u7406\u3002"
)


def test_mojibake_line_19_recovers_number_and_first_words():
    ln = _one(GANZHOU_19)
    repairs = repair_mojibake_prefix([ln])
    assert ln.text == " （一）持續提升投資建設便利度。堅持"
    assert ln.repairs == ["mojibake-prefix"]
    assert repairs[0].line == 1 and "（一）持續" in repairs[0].detail


def test_mojibake_line_215_is_the_worked_example():
    ln = _one(GANZHOU_215)
    repair_mojibake_prefix([ln])
    assert ln.text.strip() == "（二）壓縮用水用氣報裝時限"


def test_mojibake_whole_line_with_html_residue_recovers_what_the_bytes_allow():
    doc = _doc(GANZHOU_171)
    (line,) = doc.lines
    # 性 lost its trail byte to the "<" of "</p>": everything before it comes back, the residue goes
    assert line.text.strip() == "（四）提高供電可靠"
    assert line.repairs == ("mojibake-prefix", "html-residue")
    assert [r.kind for r in doc.repairs] == ["html-residue", "mojibake-prefix"]
    assert "lost" in next(r.detail for r in doc.repairs if r.kind == "mojibake-prefix")


def test_mojibake_heading_bracket_and_resync_variants():
    cases = {
        GANZHOU_235: " （市自然資源局牽頭)",
        GANZHOU_243: " （一）優化線下“一窗受理、并行辦理”",
        GANZHOU_769: " （一）推動專利高質量發展。圍繞",
        GANZHOU_737: " （二）升級政務服?,構建企業入贛“無差別”辦事體驗",
        GANZHOU_697: " （八）強化專家和代理機構管理。",
    }
    for garbled, expected in cases.items():
        ln = _one(garbled)
        repair_mojibake_prefix([ln])
        assert ln.text == expected, garbled


def test_mojibake_leaves_clean_lines_and_plain_question_marks_alone():
    # ganzhou…, line 99: an ordinary numbered item
    clean = "  3.落實“馬上就辦”。各級政務服務中心組建專業團隊為企業提供咨詢"
    ln = _one(clean)
    assert repair_mojibake_prefix([ln]) == []
    assert ln.text == clean
    q = _one("?这是一个问题吗?")
    assert repair_mojibake_prefix([q]) == [] and q.text == "?这是一个问题吗?"
    assert unshift("abc") is None


# ------------------------------------------------------------------ html-residue, noise, redaction


def test_html_residue_swallowed_closing_tag_and_entities():
    # "?/p>" as at the end of ganzhou… line 177; "<p>" and "&nbsp;" as pages leave them
    lines = split_lines("提高用電信息透明度?/p>\n<p>持續優化&nbsp;營商環境</p>\n市場&amp;監管")
    repairs = html_residue(lines)
    assert [ln.text for ln in lines] == ["提高用電信息透明度", "持續優化 營商環境", "市場&監管"]
    assert [r.line for r in repairs] == [1, 2, 3]
    assert all(ln.repairs == ["html-residue"] for ln in lines)


def test_html_residue_keeps_angle_brackets_that_are_not_tags():
    lines = split_lines("营业收入<100万元的企业;增速>5%")
    assert html_residue(lines) == []
    assert lines[0].text == "营业收入<100万元的企业;增速>5%"


def test_noise_lines_blanked_and_noise_tokens_removed():
    # ganzhou… line 131 is "image.png" alone; jingdezhen-2022… line 5 ends in "收藏.png"
    lines = split_lines("image.png\n来源: 景德镇市人民政府办公室 发布时间: 2022-04-28 访问量: 收藏.png")
    repairs = noise_tokens(lines)
    assert lines[0].text == ""
    assert lines[1].text == "来源: 景德镇市人民政府办公室 发布时间: 2022-04-28 访问量:"
    assert [r.kind for r in repairs] == ["noise-line", "noise-line"]
    assert "image.png" in repairs[0].detail and "收藏.png" in repairs[1].detail


def test_redactions_are_flagged_and_kept_as_printed():
    # shizuishan-2023-action-plan-draft.txt, lines 3 and 15
    text = "征求意见单位: (略) 审批服务管理局\n(一) (略) 场准入成本(市审批局牵头)\n没有删节"
    lines = split_lines(text)
    repairs = redactions(lines)
    assert [ln.text for ln in lines] == text.split("\n")
    assert [ln.repairs for ln in lines] == [["redaction"], ["redaction"], []]
    assert [r.line for r in repairs] == [1, 2]


# ------------------------------------------------------------------ duplicate-copy


def test_duplicate_copy_drops_the_second_run_and_keeps_numbers():
    body = [f"{i}.第{i}项任务:持续优化营商环境,推进第{i}项改革措施落实到位。" for i in range(1, 16)]
    text = "\n".join(["某市2023年行动方案", *body, "", "附:联系人", *body, ""])
    lines = split_lines(text)
    kept, repairs = duplicate_copy(lines)
    assert [ln.number for ln in kept] == list(range(1, 19))
    assert len(repairs) == 1
    assert repairs[0].kind == "duplicate-copy"
    assert repairs[0].detail == "lines 19-33 repeat lines 2-16; second copy dropped"


def test_short_repeats_are_not_a_second_copy():
    # the 石嘴山 contact block (lines 3-6) alone repeated is quotation-sized, not a copy
    block = ["征求意见单位: (略) 审批服务管理局", "联系人:岳振武、黄学东", "联系电话:0952-* 0952-*(传真)"]
    lines = split_lines("\n".join([*block, "正文", *block]))
    kept, repairs = duplicate_copy(lines)
    assert repairs == [] and len(kept) == 7


def test_markup_with_behaviour_is_data_not_residue():
    # A payload inside a plan's text is kept as printed (the site escapes it); only layout residue goes.
    from dutygraph.loaders import load_bytes

    text = "1.聚焦数据整合共享<img src=x onerror=alert(1)>。<p style=\"x\">(市政数局牵头)</p>\n"
    doc = load_bytes(text.encode("utf-8"), path="payload.txt")
    assert doc.lines[0].text == "1.聚焦数据整合共享<img src=x onerror=alert(1)>。(市政数局牵头)"
    doc2 = load_bytes("1.甲<span onclick=\"x()\">乙</span>\n".encode(), path="p2.txt")
    assert "<span onclick=\"x()\">" in doc2.lines[0].text
