"""Structure: plans, sections, measure items, clause location and inheritance.

Every input here is copied from a sample document in data/plans/ (file + line cited); the full
files are read through the real loader where the line numbers matter.
"""

from __future__ import annotations

import hashlib

import pytest

from dutygraph.extract.structure import (
    ARABIC,
    ATTACH,
    CIRCLED,
    CN,
    PARABIC,
    PCN,
    Para,
    outline,
    paragraphs,
    parse_marker,
)
from dutygraph.loaders import load
from dutygraph.loaders.normalize import normalize
from dutygraph.paths import sample_plans_dir
from dutygraph.records import Document, Line

PLANS = sample_plans_dir()
GANZHOU = PLANS / "ganzhou-2021-business-environment-action-plan.txt"
JINGDEZHEN = PLANS / "jingdezhen-2022-special-action-plans.txt"
JIUJIANG = PLANS / "jiujiang-2023-business-environment-action-plan.txt"
HONGGUTAN = PLANS / "honggutan-2023-q1-q3-progress-report.txt"
SHIZUISHAN = PLANS / "shizuishan-2023-action-plan-draft.txt"


def excerpt(*lines: str, name: str = "excerpt.txt") -> Document:
    """A document made of lines copied from a sample (blank lines kept as printed)."""
    text = "\n".join(lines)
    return Document(
        path=name,
        name=name,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        encoding="utf-8",
        fmt="txt",
        lines=tuple(Line(i + 1, s, normalize(s)) for i, s in enumerate(lines)),
    )


def para(text: str) -> Para:
    return Para(1, 0, len(text), text, normalize(text))


@pytest.fixture(scope="module")
def outlines():
    return {p.name: outline(load(str(p))) for p in (GANZHOU, JINGDEZHEN, JIUJIANG, HONGGUTAN, SHIZUISHAN)}


def items_of(plans):
    return [it for p in plans for it in p.items]


def by_line(plans, line):
    found = [it for it in items_of(plans) if it.line == line]
    assert len(found) == 1, f"expected one item at line {line}, got {found}"
    return found[0]


# ---------------------------------------------------------------- markers


@pytest.mark.parametrize(
    ("text", "level", "number"),
    [
        ("一、總體目標", CN, "一"),  # 赣州 line 13
        ("(一)加大减税降费实施力度。", PCN, "(一)"),  # 景德镇 line 139
        ("（二）壓縮用水用氣報裝時限", PCN, "(二)"),  # 赣州 line 215 after the mojibake repair
        ("1.線上“一網通辦”。", ARABIC, "1"),  # 赣州 line 95
        ("119.加强环境监测机构监管", ARABIC, "119"),  # 鸠江 line 547
        ("(1)实 (略) 教育专网", PARABIC, "(1)"),  # 石嘴山 line 101, inline sub-item
        ("①专门面向中小企业采购", CIRCLED, "①"),  # 鸠江 line 437 (inline there)
        ("附件2", ATTACH, "附件2"),  # 鸠江 line 267
        ("、纳税服务指标领域(区税务局牵头)", CN, ""),  # 鸠江 line 323: the "五" was lost
    ],
)
def test_markers(text, level, number):
    m = parse_marker(para(text))
    assert m is not None and (m.level, m.number) == (level, number)


@pytest.mark.parametrize(
    "text",
    [
        "2022年427",  # 景德镇 line 15, a damaged date
        "99.38%;全区共推出秒批秒办事项33项。",  # 红谷滩 line 2, a decimal
        "1.0版。依托江西省政务服务网红谷滩分厅",  # 红谷滩 line 2
        "12345热线要及时受理举报",  # 景德镇 line 45 (body text)
        "附件:1.鸠江区各营商环境评价指标工作专班名单",  # 鸠江 line 71, a table of contents
        "(略) 2023年营商环境提升行动工作方案",  # 石嘴山 line 9
    ],
)
def test_not_markers(text):
    assert parse_marker(para(text)) is None


def test_giant_line_splits_where_numbering_runs_inline():
    # 红谷滩 line 2 (shortened): numbering after a space starts a paragraph; decimals do not.
    body = (
        "今年前三季度,我区继续保持加压奋进态势。" * 60
        + " 二、各指标部工作开展情况 1.政务服务指标(区政数局牵头):一是提早谋划。全程网办率为99.38%;"
        "四是变中求新。 2.办理建筑许可指标(区住建局牵头):在便利度方面,合计同比新增 41.9%。"
    )
    doc = excerpt("红谷滩区2023年前三季度优化营商环境工作推进情况", body)
    paras = paragraphs(doc)
    starts = [p.text[:8] for p in paras]
    assert starts == ["红谷滩区2023", "今年前三季度,我", "二、各指标部工作", "1.政务服务指标", "2.办理建筑许可"]
    assert all(p.line == 2 for p in paras[1:])
    p1 = paras[3]
    assert body[p1.start : p1.end] == p1.text and p1.text.endswith("四是变中求新。")


# ---------------------------------------------------------------- plans


def test_jingdezhen_bundles_eight_plans_after_a_cover_notice(outlines):
    plans = outlines[JINGDEZHEN.name]
    assert [(p.line, p.title) for p in plans] == [
        (17, "景德镇市关于开展公职人员不作为乱作为整治行动的工作方案"),
        (71, "景德镇市开展“新官不理旧账”问题专项治理行动方案"),
        (127, "景德镇市降成本专项提升行动方案"),
        (175, "景德镇市开展营商环境评价指标专项提升行动方案"),
        (221, "景德镇市开展政务服务满意度一等地区建设行动方案"),
        (267, "景德镇市开展行政审批中介服务规范治理专项行动工作方案"),
        (324, "景德镇市惠企政策兑现机制改革行动方案"),
        (374, "景德镇市深化告知承诺制改革专项行动工作方案"),
    ]
    # the cover's signature (two lines, 11 and 13) and its damaged date "2022年427" (line 15)
    assert {(p.issuer, p.issued, p.year, p.kind) for p in plans} == {
        ("景德镇市营商环境优化升级“一号改革工程”指挥部", "2022-04-27", 2022, "plan")
    }


def test_jiujiang_plan_roster_and_attachment(outlines):
    plans = outlines[JIUJIANG.name]
    assert [(p.line, p.kind, p.attachment, p.title) for p in plans] == [
        (21, "plan", "", "鸠江区创建一流营商环境提升行动方案"),
        (81, "roster", "附件1", "鸠江区各营商环境评价指标工作专班名单"),
        (271, "plan", "附件2", "鸠江区创优营商环境对标提升举措"),
    ]
    assert plans[0].issuer == "鸠江区创建一流营商环境工作领导小组" and plans[0].issued == "2023-02-06"
    assert plans[0].year == 2023


def test_ganzhou_attachment_plans_take_their_lead_line(outlines):
    plans = outlines[GANZHOU.name]
    assert len(plans) == 20  # the plan and its 19 attachments
    first = plans[1]
    assert (first.attachment, first.line, first.title) == ("附件1", 83, "企業開辦及注銷提升行動方案")
    assert first.clause is not None and first.clause.lead == ("市行政審批局", "市市場監管局")
    assert first.clause.line == 85
    assert plans[0].issued == "2021-05-06" and plans[0].issuer == "贛州市優化營商環境工作領導小組"


def test_report_and_draft_plans(outlines):
    (report,) = outlines[HONGGUTAN.name]
    assert (report.kind, report.line, report.year) == ("report", 1, 2023)
    (draft,) = outlines[SHIZUISHAN.name]  # the repeated second copy is dropped by the loader
    assert (draft.line, draft.title, draft.year) == (9, "(略) 2023年营商环境提升行动工作方案", 2023)
    assert draft.issued == "2022-02-07"  # as printed on line 8


# ---------------------------------------------------------------- measures


def test_table_of_contents_is_not_a_measure():
    # 赣州 lines 41-45: the attachments listed under "附件:" carry a lead bracket but are not tasks.
    doc = excerpt(
        "  三、工作要求",
        "  附件:",
        "",
        "  1.企業開辦及注銷提升行動方案(市行政審批局、市市場監管局牽頭)",
        "",
        "  2.獲得電力提升行動方案(市發改委、國網贛州供電公司牽頭)",
    )
    assert items_of(outline(doc)) == []


def test_ganzhou_toc_and_attachments(outlines):
    plans = outlines[GANZHOU.name]
    lines = {it.line for it in items_of(plans)}
    assert not lines & set(range(41, 81))  # the table of contents
    assert not lines & {35, 37, 39}  # 三、工作要求 without a responsible unit


def test_heading_style_measure_with_units_on_next_paragraph(outlines):
    # 赣州 lines 215/217: "(二)" (mojibake repaired by the loader) with its body and clause below.
    it = by_line(outlines[GANZHOU.name], 215)
    assert (it.number, it.title) == ("(二)", "壓縮用水用氣報裝時限")
    assert it.clause.lead == ("市住建局", "市市政公用集團", "市深燃公司", "各縣〔市、區〕人民政府")
    assert it.clause.co == () and it.clause.line == 217 and not it.inherited
    assert it.text.startswith("壓縮用水用氣報裝時限\n進一步減少城市用水用氣報裝環節")
    assert "mojibake-prefix" in it.repairs


def test_worked_example_ganzhou_99(outlines):
    it = by_line(outlines[GANZHOU.name], 99)
    assert (it.number, it.title) == ("3", "落實“馬上就辦”。")
    assert it.clause.lead == ("市行政審批局",) and it.clause.co == ("各縣〔市、區〕人民政府",)
    assert it.section_titles == ("主要舉措", "優化開辦企業環節")


def test_item_continues_on_an_unnumbered_paragraph(outlines):
    # 赣州 lines 157/159: item 1 runs over two paragraphs; its clause ends the second.
    it = by_line(outlines[GANZHOU.name], 157)
    assert it.text.count("\n") == 1 and it.clause.line == 159
    assert it.clause.lead == ("國網贛州供電公司", "市行政審批局")


def test_group_bracket_covers_the_items_before_it():
    # 景德镇 lines 338-354: three items, "兑付流程:" lines, then one bracket for all three.
    doc = excerpt(
        "(二)精简申报兑现流程",
        "按照“线上一网、线下一窗”要求,分成“免申即享”“即申即享”“承诺兑现”三种兑现方式,精简申报环节",
        "1.免申即享。对企业登记即享、落户即享等政策兑现事项,无需企业申请,实行“免申即享”。",
        "兑付流程:各主管部门核定符合条件的企业→1个工作日内兑付资金并通知企业→将兑付结果报市政数局。",
        "2.即申即享。对符合条件的简易类政策兑现事项,实行“即申即享”。",
        "兑付流程:企业向专窗或平台提交资料→各主管部门审批→将兑付结果报市政数局。",
        "3.承诺兑现。对需各主管部门评估评审或现场勘查的政策兑现事项,出具审批结果。",
        "兑付流程:企业向专窗或平台提交资料→各主管部门开展评估评审或现场勘查→将兑付结果报市政数局。",
        "〔责任单位:各政策主管部门、市财政局、市政数局;完成时限:2022630日〕",
        "(三)完善政策兑现渠道",
    )
    items = items_of(outline(doc))
    assert [(it.line, it.number, it.title) for it in items] == [
        (3, "1", "免申即享。"),
        (5, "2", "即申即享。"),
        (7, "3", "承诺兑现。"),
    ]
    for it in items:
        assert it.inherited and it.clause.line == 9
        assert it.clause.lead == ("各政策主管部门", "市财政局", "市政数局")
        assert it.clause.deadline_raw == "2022630日"
    assert items[0].text.endswith("将兑付结果报市政数局。")  # the 兑付流程 line stays in its item


def test_worked_example_jingdezhen_342_346_350(outlines):
    plans = outlines[JINGDEZHEN.name]
    for line in (342, 346, 350):
        it = by_line(plans, line)
        assert it.inherited and it.clause.line == 354
        assert it.clause.lead == ("各政策主管部门", "市财政局", "市政数局")


def test_clause_alone_on_the_next_paragraph_is_the_items_own():
    # 石嘴山 lines 40-42: item 23 ends without a bracket; line 42 is its own clause.
    doc = excerpt(
        "22.探索推行“验登合一”。依托“工改”系统共享数据资料。(责任单位:市住建局、自然资源局;配合单位:市工程建设项目审批制度改革领导小组成员单位)",
        "23. (略) 政报装线上办理。推广“市政报装”系统应用, (略) 政报装的便利度。",
        "(责任单位:市审批局;配合单位:市工程建设项目审批制度改革领导小组成员单位,各县区政府)",
    )
    items = items_of(outline(doc))
    assert [it.number for it in items] == ["22", "23"]
    it = items[1]
    assert not it.inherited and it.clause.line == 3 and it.clause.lead == ("市审批局",)
    assert it.title == "(略) 政报装线上办理。"


def test_unbracketed_clause_alone_on_the_next_paragraph_is_the_items_own():
    # 石嘴山 lines 41-42 with the clause printed without its bracket, as a "牵头单位:…;完成时限:…"
    # paragraph: the item takes its lead and co-units as well as its deadline, as its own (not inherited),
    # the same reading as the bracketed line 42; the next item is not covered by it.
    doc = excerpt(
        "(二)优化市政公用报装服务(市住建局牵头)",
        "23. (略) 政报装线上办理。推广“市政报装”系统应用, (略) 政报装的便利度。",
        "责任单位:市审批局;配合单位:市工程建设项目审批制度改革领导小组成员单位,各县区政府;完成时限:2023年底",
        "24.深化财政资金直达机制改革。",
        "牵头单位:市发改委、市财政局;完成时限:2023年底",
        "25.推行联合验收。",
    )
    items = items_of(outline(doc))
    assert [it.number for it in items] == ["23", "24", "25"]
    got = [(it.inherited, it.clause.line, it.clause.lead, it.clause.co, it.clause.deadline_raw) for it in items]
    assert got == [
        (False, 3, ("市审批局",), ("市工程建设项目审批制度改革领导小组成员单位", "各县区政府"), "2023年底"),
        (False, 5, ("市发改委", "市财政局"), (), "2023年底"),
        (True, 1, ("市住建局",), (), None),  # the heading's lead, inherited
    ]
    assert items[0].title == "(略) 政报装线上办理。" and items[1].text.endswith("完成时限:2023年底")


def test_worked_example_shizuishan_58_inherits_from_heading(outlines):
    plans = outlines[SHIZUISHAN.name]
    it = by_line(plans, 58)
    assert it.number == "36" and it.inherited
    assert it.clause.lead == ("市自然资源局",) and it.clause.line == 57
    assert by_line(plans, 17).clause.lead == ("市审批局",)


def test_duplicate_and_missing_numbers_kept(outlines):
    items = items_of(outlines[SHIZUISHAN.name])
    numbers = [it.number for it in items]
    assert numbers[:4] == ["1", "2", "2", "3"]  # lines 16-19
    i = numbers.index("38")
    assert numbers[i : i + 3] == ["38", "45", "46"]  # lines 61-63
    assert len(items) == 73


def test_inline_sub_items_stay_in_their_measure_with_every_clause(outlines):
    # 石嘴山 line 102: "(1)…(责任单位:高新区管委会)(2)…(责任单位:经开区管委会)(3)…(责任单位:平罗工业园区)"
    it = by_line(outlines[SHIZUISHAN.name], 102)
    assert it.number == "78"
    assert it.clause.lead == ("高新区管委会", "经开区管委会", "平罗工业园区")
    assert not [x for x in items_of(outlines[SHIZUISHAN.name]) if x.number.startswith("(")]


def test_progress_report_records(outlines):
    items = items_of(outlines[HONGGUTAN.name])
    assert [it.kind for it in items] == ["progress"] * 14  # 二、各指标部工作开展情况 1-14; not 三、特色亮点
    first, fifth = items[0], items[4]
    assert (first.line, first.number, first.title, first.clause.lead) == (2, "1", "政务服务指标", ("区政数局",))
    assert (fifth.number, fifth.title, fifth.clause.lead) == ("5", "获得用水用气指标", ("区城管执法局",))
    assert first.span[0] > 0 and first.text.startswith("政务服务指标(区政数局牵头):一是提早谋划。")


def test_requirement_goal_problem_and_checklist_sections_are_not_measures(outlines):
    jiujiang = items_of(outlines[JIUJIANG.name])
    lines = {it.line for it in jiujiang}
    assert {39, 41, 43, 47} <= lines  # 二、工作举措 (一)健全工作机制 1-3, (二) 1
    assert not lines & {29, 31, 33, 63, 65, 67, 71, 73}  # goals, 三、保障措施, the attachment list
    jdz = {it.line for it in items_of(outlines[JINGDEZHEN.name])}
    assert not jdz & set(range(29, 42))  # 二、整治内容: problems
    assert not jdz & set(range(81, 92))  # 一、重点任务 1-6: "…等问题;"
    assert not jdz & {187, 193}  # "1.在2022年开展的营商环境评价中:" lead-ins to target lists
    assert not jdz & {277, 279, 281, 283}  # 一、全面自查自纠: checklists of "是否…"
    assert not jdz & {115, 117, 119, 121, 163, 307, 309, 311, 313}  # 工作机制 / 工作保障
    assert {99, 289, 299, 334, 362, 388, 418} <= jdz


def test_counts_per_file(outlines):
    counts = {name: len(items_of(plans)) for name, plans in outlines.items()}
    assert counts == {
        GANZHOU.name: 261,
        JINGDEZHEN.name: 70,
        JIUJIANG.name: 128,
        HONGGUTAN.name: 14,
        SHIZUISHAN.name: 73,
    }


# Pieces of the samples' shapes: markers, clause brackets, headings, damage.
_PIECES = [
    "一、", "(一)", "（二）", "1.", "2、", "(1)", "①", "附件1", "附件:", "、", "2022630日", "(略)",
    "市审批局牵头", "(责任单位:市审批局;配合单位:各县区政府)", "〔牵头单位:市政数局;完成时限:2022年4月30日〕",
    "(区市监局牵头,鸠江公安局、区数管局按职责分工负责)", "工作要求", "保障措施", "行动方案", "推进情况",
    "等问题。", "是否", "兑付流程:", "深化改革。", "  ", " ", "\t", "。", ":", "(", ")", "〔", "〕", "99.38%",
]  # fmt: skip


def test_outline_never_fails_on_shuffled_sample_shapes():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    line = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(line, max_size=30))
    def check(lines):
        doc = excerpt(*lines)
        for plan in outline(doc):
            for it in plan.items:
                src = doc.lines[it.line - 1].text
                assert 0 <= it.span[0] < it.span[1] <= len(src)
                assert it.text.strip() and it.kind in ("measure", "progress")

    check()


def test_an_unnumbered_generic_heading_does_not_start_a_plan():
    # 鸠江 lines 21-67 shape, with "三、保障措施" printed without its number (as damaged lines are)
    doc = excerpt(
        "鸠江区创建一流营商环境提升行动方案",
        "二、工作举措",
        "1.完善各类专班。在区优化营商环境工作领导小组基础上,建立工作专班。",
        "保障措施",
        "2.全面强化调度。进一步强化营商环境工作调度,建立三级调度机制。",
    )
    (plan,) = outline(doc)
    assert plan.title == "鸠江区创建一流营商环境提升行动方案"
    assert [it.number for it in plan.items] == ["1", "2"]


def test_report_title_run_on_into_its_one_line_body():
    # 红谷滩 lines 1-2 joined into one line, as the report is circulated ("one 9 KB line")
    title = "红谷滩区2023年前三季度优化营商环境工作推进情况"
    body = (
        "2022年以来,全区上下坚持以习近平新时代中国特色社会主义思想为指导。" * 40
        + " 二、各指标部工作开展情况 1.政务服务指标(区政数局牵头):一是提早谋划。今年1月,区政数局推出“五张清单”。"
        " 2.办理建筑许可指标(区住建局牵头):在便利度方面,推行一次性告知、服务承诺、帮代办等工作制度。"
    )
    (plan,) = outline(excerpt(title + " " + body))
    assert (plan.title, plan.kind, plan.line, plan.year) == (title, "report", 1, 2023)
    assert [(it.line, it.number, it.kind, it.title) for it in plan.items] == [
        (1, "1", "progress", "政务服务指标"),
        (1, "2", "progress", "办理建筑许可指标"),
    ]


def test_year_from_the_cover_notice():
    # a bundle whose plans carry no year: "关于印发…2022年…" on the cover (景德镇 line 3 shape)
    doc = excerpt(
        "关于印发2022年景德镇市优化营商环境系列专项行动方案的通知",
        "景德镇市降成本专项提升行动方案",
        "二、重点任务",
        "(一)加大减税降费实施力度。对小规模纳税人阶段性免征增值税,2025年底前完成。(责任单位:市税务局)",
    )
    (plan,) = outline(doc)
    assert plan.year == 2022 and plan.issued is None


def test_short_progress_report_on_one_line_is_split_at_inline_sections():
    # The 红谷滩 report (line 2) runs its sections inline after spaces; a shorter report pasted the same
    # way (here its opening sentences, cut short) is split too, though the line is under GIANT_LINE.
    line = ("一、主要做法 一是强化组织保障,建立了机制。 二、各指标部工作开展情况 "
            "1.政务服务指标(区政数局牵头):一是提早谋划。今年1月,区政数局推出“五张清单”。 "
            "2.办理建筑许可指标(区住建局牵头):一是深化工程建设项目审批制度改革。 三、下一步工作打算 持续优化。")
    from dutygraph.extract.structure import GIANT_LINE

    assert len(line) < GIANT_LINE
    doc = excerpt("红谷滩区2023年前三季度优化营商环境工作推进情况", line)
    items = items_of(outline(doc))
    assert [(it.number, it.title, it.kind, it.clause.lead) for it in items] == [
        ("1", "政务服务指标", "progress", ("区政数局",)),
        ("2", "办理建筑许可指标", "progress", ("区住建局",)),
    ]
