"""find_responsibility: every phrasing of EXTRACTION.md "Lead and co-units", pinned with excerpts
copied from the sample document where it occurs (file + line in each test; checked by `excerpt`)."""

from __future__ import annotations

import pytest

from dutygraph.extract.responsibility import find_responsibility
from extractor_samples import excerpt, line


def _read(text: str):
    r = find_responsibility(text)
    assert r is not None, text
    assert r.span[0] < r.span[1] and r.clause.endswith(text[r.span[0] : r.span[1]])  # span cuts the printed clause
    return r


def test_lead_and_co_by_duty_jiujiang_291():
    # 鸠江 line 291 (EXTRACTION.md worked example)
    clause = excerpt("jiujiang", 291, "(区市监局牵头,鸠江公安局、区数管局按职责分工负责)")
    full = line("jiujiang", 291)
    r = _read(full)
    assert r.lead == ("区市监局",)
    assert r.co == ("鸠江公安局", "区数管局")
    assert r.clause == clause
    assert full.endswith(r.clause)


def test_responsible_and_cooperating_units_shizuishan_17():
    # 石嘴山 line 17: 责任单位:X;配合单位:Y -> lead X, co Y; "等单位" closes the list
    clause = excerpt("shizuishan", 17, "(责任单位:市审批局;配合单位:市公安局、人社局、税务局、住房公积金中心等单位,各县区政府)")
    r = _read(line("shizuishan", 17))
    assert r.clause == clause
    assert r.lead == ("市审批局",)
    assert r.co == ("市公安局", "人社局", "税务局", "住房公积金中心", "各县区政府")
    assert r.deadline_raw is None


def test_responsible_units_with_time_limit_jingdezhen_354():
    # 景德镇 line 354: a clause paragraph of its own, 〔〕 brackets, damaged date kept raw
    text = excerpt("jingdezhen", 354, "〔责任单位:各政策主管部门、市财政局、市政数局;完成时限:2022630日〕")
    r = _read(text)
    assert r.lead == ("各政策主管部门", "市财政局", "市政数局")
    assert r.co == ()
    assert r.deadline_raw == "2022630日"
    assert r.span == (0, len(text))


def test_lead_units_then_responsible_units_jingdezhen_336():
    # 景德镇 line 336: 牵头单位:X;责任单位:Y -> lead X, co Y
    excerpt("jingdezhen", 336, "〔牵头单位:市发改委、市政数局;责任单位:各政策主管部门;完成时限:2022年4月30日〕")
    r = _read(line("jingdezhen", 336))
    assert r.lead == ("市发改委", "市政数局")
    assert r.co == ("各政策主管部门",)
    assert r.deadline_raw == "2022年4月30日"


def test_mixed_bracket_pair_jingdezhen_358():
    # 景德镇 line 358: opened with 〔, closed with ), and a space after the colon
    excerpt("jingdezhen", 358, "〔牵头单位: 市政数局;责任单位:各政策主管部门;完成时限:2022年4月30日)")
    r = _read(line("jingdezhen", 358))
    assert r.lead == ("市政数局",)
    assert r.co == ("各政策主管部门",)
    assert r.deadline_raw == "2022年4月30日"


def test_time_limit_without_separator_jingdezhen_364():
    # 景德镇 line 364: "…各政策主管部门完成限:2022年6月30日" — the ';' and 时 were lost
    excerpt("jingdezhen", 364, "〔牵头单位:市财政局;责任单位:各政策主管部门完成限:2022年6月30日〕")
    r = _read(line("jingdezhen", 364))
    assert r.lead == ("市财政局",)
    assert r.co == ("各政策主管部门",)
    assert r.deadline_raw == "2022年6月30日"


def test_traditional_lead_and_collective_co_ganzhou_99():
    # 赣州 line 99 (worked example): traditional script stays as printed; nested 〔市、區〕 kept whole
    excerpt("ganzhou", 99, "(市行政審批局牽頭,各縣〔市、區〕人民政府按職責分工負責)")
    r = _read(line("ganzhou", 99))
    assert r.lead == ("市行政審批局",)
    assert r.co == ("各縣〔市、區〕人民政府",)


def test_joint_leads_by_duty_without_lead_keyword_ganzhou_217():
    # 赣州 line 217 (the paragraph of the heading-style item on line 215): no 牵头 -> joint leads;
    # the inner brackets "(申報受理、驗收通水)" are not the clause
    excerpt("ganzhou", 217, "(市住建局、市市政公用集團、市深燃公司,各縣〔市、區〕人民政府按職責分工負責)")
    r = _read(line("ganzhou", 217))
    assert r.lead == ("市住建局", "市市政公用集團", "市深燃公司", "各縣〔市、區〕人民政府")
    assert r.co == ()


def test_separately_lead_shizuishan_53():
    # 石嘴山 line 53: "X、Y分别牵头"
    excerpt("shizuishan", 53, "(市财政局、市公共资源交易中心分别牵头)")
    r = _read(line("shizuishan", 53))
    assert r.lead == ("市财政局", "市公共资源交易中心")
    assert r.co == ()


def test_lead_and_cooperate_ganzhou_383():
    # 赣州 line 383: "X牵头,Y配合"
    excerpt("ganzhou", 383, "(市中級法院牽頭,全市各基層法院配合)")
    r = _read(line("ganzhou", 383))
    assert r.lead == ("市中級法院",)
    assert r.co == ("全市各基層法院",)


def test_lead_and_participate_extraction_md():
    # EXTRACTION.md: "X牵头,Y参与" -> lead X, co Y (phrasing listed there; not in the five samples)
    r = _read("推进联合验收。(市住建局牵头,市消防救援支队参与)")
    assert r.lead == ("市住建局",)
    assert r.co == ("市消防救援支队",)


def test_single_and_joint_responsible_jiujiang_315_285():
    # 鸠江 line 315 "X负责" and line 285 "X、Y负责" -> (joint) leads
    excerpt("jiujiang", 315, "(区发改委负责)")
    excerpt("jiujiang", 285, "(区自贸办、区市监局负责)")
    assert _read(line("jiujiang", 315)).lead == ("区发改委",)
    r = _read(line("jiujiang", 285))
    assert r.lead == ("区自贸办", "区市监局")
    assert r.co == ()


def test_lead_with_dunhao_before_co_units_jiujiang_529():
    # 鸠江 line 529: "牵头、各镇街…" — a 、 where a comma belongs
    excerpt("jiujiang", 529, "(区市场监管局牵头、各镇街、开发区管委会按职责分工负责)")
    r = _read(line("jiujiang", 529))
    assert r.lead == ("区市场监管局",)
    assert r.co == ("各镇街", "开发区管委会")


def test_clause_cut_off_without_closing_bracket_jiujiang_541():
    # 鸠江 line 541 ends inside its clause: no closing bracket
    text = line("jiujiang", 541)
    assert text.rstrip().endswith(excerpt("jiujiang", 541, "(区文旅体局、区财政局牵头,镇街、开发区管委会按职责分工负责"))
    r = _read(text)
    assert r.lead == ("区文旅体局", "区财政局")
    assert r.co == ("镇街", "开发区管委会")


def test_list_cut_inside_a_name_drops_the_fragment_ganzhou_113():
    # 赣州 line 113 as it arrives when the line is cut inside "各縣〔市、區〕" (cut-off lists are a
    # damage pattern of this file): the complete names are joint leads, the fragment is dropped
    full = line("ganzhou", 113)
    cut = full[: full.index("各縣〔市、") + len("各縣〔市、")]
    r = _read(cut)
    assert r.lead == ("市公安局", "市市場監管局", "市行政審批局")


def test_keyword_cut_off_ganzhou_119():
    # 赣州 line 119's clause cut inside its keyword ("…按職")
    full = line("ganzhou", 119)
    excerpt("ganzhou", 119, "(市住房公積金管理中心、市大數據局按職責分工負責)")
    cut = full[: full.index("按職責") + 2]
    r = _read(cut)
    assert r.lead == ("市住房公積金管理中心", "市大數據局")


def test_body_text_is_not_a_clause_ganzhou_97():
    # 赣州 line 97: "負責相關事項審批" in the body; the clause is the bracket at the end
    body_part = excerpt("ganzhou", 97, "各開辦業務部門人員進駐,負責相關事項審批和服務工作。")
    full = line("ganzhou", 97)
    assert find_responsibility(full[: full.index(body_part) + len(body_part)]) is None
    r = _read(full)
    assert r.lead == ("市行政審批局",)
    assert "負責相關" not in r.clause


def test_bracketed_unit_in_body_is_not_a_clause_jingdezhen_163():
    # 景德镇 line 163: "改革创新组(市发改委)负责统筹协调" — no responsibility clause in this paragraph
    excerpt("jingdezhen", 163, "改革创新组(市发改委)负责统筹协调")
    assert find_responsibility(line("jingdezhen", 163)) is None


def test_inner_bracket_with_responsibility_word_ganzhou_113():
    # 赣州 line 113: "(負責人等)" inside the body is not the clause
    excerpt("ganzhou", 113, "法定代表人(負責人等)的身份證明材料")
    r = _read(line("ganzhou", 113))
    assert "負責人" not in "".join(r.lead)
    assert r.lead[-1] == "各縣〔市、區〕人民政府"


def test_deadline_only_bracket_is_not_a_responsibility_jingdezhen_420():
    # 景德镇 line 420: "(完成时间:2022年5月底前)" names no unit
    excerpt("jingdezhen", 420, "(完成时间:2022年5月底前)")
    assert find_responsibility(line("jingdezhen", 420)) is None


def test_heading_bracket_in_progress_paragraph_honggutan_2():
    # 红谷滩 line 2 (one 9 KB line): "1.政务服务指标(区政数局牵头):一是…"
    para = excerpt("honggutan", 2, "1.政务服务指标(区政数局牵头):一是提早谋划。今年1月,区政数局推出“五张清单”")
    r = _read(para)
    assert r.lead == ("区政数局",)
    assert r.clause == "(区政数局牵头)"


@pytest.mark.parametrize(
    ("number", "printed", "lead"),
    [
        (363, "八、获得信贷指标领域区财政局牵头)", ("区财政局",)),
        (461, "十五、政务服务指标领域数据资源局牵头)", ("数据资源局",)),
    ],
)
def test_heading_clause_with_lost_opening_bracket_jiujiang(number, printed, lead):
    # 鸠江 lines 363 and 461: the opening bracket of the heading's clause was lost
    text = excerpt("jiujiang", number, printed)
    r = _read(text)
    assert r.lead == lead
    assert r.co == ()


def test_clause_paragraph_on_its_own_shizuishan_42():
    # 石嘴山 line 42: the clause of item 23 (line 41) printed as the next paragraph
    text = excerpt("shizuishan", 42, "(责任单位:市审批局;配合单位:市工程建设项目审批制度改革领导小组成员单位,各县区政府)")
    r = _read(text)
    assert r.lead == ("市审批局",)
    assert r.co == ("市工程建设项目审批制度改革领导小组成员单位", "各县区政府")


def test_inline_sub_item_clauses_are_merged_shizuishan_102():
    # 石嘴山 line 102: (1)…(责任单位:高新区管委会)(2)…(责任单位:经开区管委会)(3)…(责任单位:平罗工业园区)
    excerpt("shizuishan", 102, "(责任单位:高新区管委会)(2)石嘴山经开区")
    r = _read(line("shizuishan", 102))
    assert r.lead == ("高新区管委会", "经开区管委会", "平罗工业园区")


def test_redacted_units_stay_as_printed_shizuishan_18_80():
    # 石嘴山 lines 18 and 80: "(略)" inside the clause
    excerpt("shizuishan", 18, "(责任单位:石嘴山银保监分局、 (略) 中心支行;配合单位:各商业银行)")
    r = _read(line("shizuishan", 18))
    assert r.lead == ("石嘴山银保监分局", "(略) 中心支行")
    assert r.co == ("各商业银行",)
    excerpt("shizuishan", 80, "(市 (略) 牵头)")
    assert _read(line("shizuishan", 80)).lead == ("市 (略)",)


def test_trailing_sentence_without_brackets_extraction_md():
    # EXTRACTION.md: a trailing "X牵头,Y配合" sentence is the clause too
    r = _read("建立企业诉求闭环机制。区营商办牵头,各镇街配合。")
    assert r.lead == ("区营商办",)
    assert r.co == ("各镇街",)


def test_no_clause_in_plain_text():
    assert find_responsibility("") is None
    assert find_responsibility(excerpt("jiujiang", 29, "2023年,为进一步做好为企服务工作,切实解决企业诉求")) is None


def test_lead_keyword_opening_a_body_sentence_is_not_a_clause_ganzhou_907():
    # 赣州 line 907: "市行政審批局牽頭,聚焦高頻政務服務事項,梳理…" is body text; the clause is the bracket
    body = excerpt("ganzhou", 907, "1.編制數據共享責任清單。市行政審批局牽頭,聚焦高頻政務服務事項,梳理、優化辦事流程,")
    assert find_responsibility(body) is None
    r = _read(line("ganzhou", 907))
    assert r.lead == ("市行政審批局", "市大數據局")
    assert r.co == ("市直有關部門",)


def test_sentence_without_a_unit_name_is_not_a_clause():
    # 景德镇 line 342: "由各主管部门制定兑现流程" — body text naming who acts, no clause
    assert find_responsibility(excerpt("jingdezhen", 342, "由各主管部门制定兑现流程,")) is None
    assert find_responsibility("兑付到位。由各主管部门负责。") is None


def test_co_units_named_by_kind_ganzhou_811():
    # 赣州 line 811: "有關市屬企業等按職責分工負責" — a collective named by kind, closed by the keyword
    excerpt("ganzhou", 811, "(市發改委牽頭,市金融辦、市文廣新旅局、市行政審批局、市市場監管局、市交通局、市住建局、有關市屬企業等按職責分工負責)")
    r = _read(line("ganzhou", 811))
    assert r.lead == ("市發改委",)
    assert r.co[-1] == "有關市屬企業" and len(r.co) == 7


def test_primarily_responsible_unit_is_the_lead():
    # 主责单位 names the primarily responsible unit: read as 牵头单位 (a lead label), so units under a
    # following 责任单位 / 配合单位 are co-units ("牵头单位:X;责任单位:Y" -> lead X, co Y)
    text = "主责单位:市发改委、市财政局;完成时限:2023年底"
    r = _read(text)
    assert (r.lead, r.co, r.deadline_raw, r.span) == (("市发改委", "市财政局"), (), "2023年底", (0, len(text)))
    r = _read("1.推进工程建设项目审批制度改革。〔主责单位:市发改委;责任单位:市财政局、市住建局;完成时限:2023年6月底〕")
    assert r.clause == "〔主责单位:市发改委;责任单位:市财政局、市住建局;完成时限:2023年6月底〕"
    assert r.lead == ("市发改委",)
    assert r.co == ("市财政局", "市住建局")
    assert r.deadline_raw == "2023年6月底"
    r = _read("2.優化用電報裝服務。(主責單位：市發改委；配合單位：國網供電公司)")  # traditional, full-width colons
    assert (r.lead, r.co) == (("市發改委",), ("國網供電公司",))


def test_primarily_responsible_unit_in_a_document():
    # the clause paragraph structure.py's _RX0 opens after a group of items (景德镇 354's layout) gives
    # each item its leads, inherited; an item's own bracket reads 主责单位 / 责任单位 as lead / co
    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load_bytes

    text = "\n".join([
        "赣州市2023年优化营商环境行动方案",
        "一、主要任务",
        "(一)精简申报兑现流程",
        "1.深化财政资金直达机制改革。",
        "2.推进惠企政策免申即享。",
        "〔主责单位:市发改委、市财政局;完成时限:2023年底〕",
        "(二)优化工程建设项目审批",
        "3.推行联合验收。(主责单位:市住建局;责任单位:市自然资源局)",
    ]) + "\n"
    ms = extract_document(load_bytes(text.encode("utf-8"), path="plan.txt")).measures
    got = [(m.number, [u.mention for u in m.lead], [u.mention for u in m.co], m.lead_inherited,
            m.deadline and m.deadline.date) for m in ms]
    assert got == [("1", ["市发改委", "市财政局"], [], True, "2023-12-31"),
                   ("2", ["市发改委", "市财政局"], [], True, "2023-12-31"),
                   ("3", ["市住建局"], ["市自然资源局"], False, None)]


def test_unbracketed_clause_paragraph_after_an_item_gives_its_lead_and_deadline():
    # an item, then on the next line a clause paragraph without brackets: its units go to the item its
    # deadline goes to, as the item's own (the bracketed "〔…〕" paragraph's reading); a later item with
    # no clause of its own takes nothing from it
    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load_bytes

    text = "\n".join([
        "赣州市2023年优化营商环境行动方案",
        "一、主要任务",
        "1.深化财政资金直达机制改革,推进惠企政策免申即享。",
        "牵头单位:市发改委、市财政局;完成时限:2023年底",
        "2.推行联合验收,压缩竣工验收时间。",
        "牵头单位:市住建局;责任单位:市自然资源局、市消防救援支队;完成时限:2024年6月底前",
        "3.推进政务服务事项一网通办。",
    ]) + "\n"
    ms = extract_document(load_bytes(text.encode("utf-8"), path="plan.txt")).measures
    got = [(m.number, m.line, [u.mention for u in m.lead], [u.mention for u in m.co], m.lead_inherited,
            m.deadline and m.deadline.date) for m in ms]
    assert got == [("1", 3, ["市发改委", "市财政局"], [], False, "2023-12-31"),
                   ("2", 5, ["市住建局"], ["市自然资源局", "市消防救援支队"], False, "2024-06-30"),
                   ("3", 7, [], [], False, None)]


def test_primarily_responsible_department_is_the_lead():
    # 主责部门, as loaders/table.py's lead column header, is a lead label in prose too: read as 主责单位
    text = "主责部门:市发改委、市财政局;完成时限:2023年底"
    r = _read(text)
    assert (r.lead, r.co, r.deadline_raw, r.span) == (("市发改委", "市财政局"), (), "2023年底", (0, len(text)))
    r = _read("1.推进工程建设项目审批制度改革。(主责部门:市住建局;配合部门:市自然资源局、市消防救援支队)")
    assert (r.lead, r.co) == (("市住建局",), ("市自然资源局", "市消防救援支队"))
    r = _read("2.優化用電報裝服務。(主責部門：市發改委；責任單位：國網供電公司)")  # traditional, full-width colons
    assert (r.lead, r.co) == (("市發改委",), ("國網供電公司",))

    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load_bytes

    doc = "\n".join(["赣州市2023年优化营商环境行动方案", "一、主要任务", "1.深化财政资金直达机制改革。",
                     "主责部门:市财政局;责任单位:市税务局;完成时限:2023年底"]) + "\n"
    ms = extract_document(load_bytes(doc.encode("utf-8"), path="plan.txt")).measures
    assert [([u.mention for u in m.lead], [u.mention for u in m.co], m.lead_inherited, m.deadline.date)
            for m in ms] == [(["市财政局"], ["市税务局"], False, "2023-12-31")]
