"""Accuracy fixes found by reading the sample files against EXTRACTION.md as an annotator would.

Every input is an excerpt copied from the sample file it cites (checked by `excerpt`/`line`).
"""

from __future__ import annotations

import pytest

from dutygraph.extract.deadlines import find_deadlines, measure_deadline
from dutygraph.extract.jurisdiction import detect_jurisdiction
from dutygraph.extract.resolve import Resolver
from dutygraph.extract.responsibility import find_responsibility
from dutygraph.extract.targets import find_targets
from dutygraph.extract.indicators import find_indicator
from dutygraph.extract.units import looks_like_units
from extractor_samples import excerpt, line

GANZHOU = Resolver(detect_jurisdiction("贛州市優化提升營商環境專項行動方案"))


# ------------------------------------------------------------------ responsibility / units


def test_trade_council_is_a_unit_ganzhou_341():
    s = excerpt("ganzhou", 341, "(贛州海關、龍南海關、市貿促會、市商務局按職責分工負責)")
    r = find_responsibility("推廣原產地證書智能審核和自助打印。" + s)
    assert r is not None and r.lead == ("贛州海關", "龍南海關", "市貿促會", "市商務局") and r.co == ()


def test_association_for_science_is_a_unit_ganzhou_961():
    s = excerpt("ganzhou", 961, "(市委組織部、市人社局、市工信局、市科技局、市發改委、市科協按職責分工負責)")
    r = find_responsibility(s)
    assert r is not None and r.lead[-1] == "市科協" and len(r.lead) == 6


def test_places_sharing_one_government_suffix_ganzhou_359():
    s = excerpt("ganzhou", 359, "(市商務局、市財政局,南康區、瑞金市、定南縣、龍南市人民政府,贛州國際陸港管委會按職責分工負責)")
    r = find_responsibility(s)
    assert r is not None
    assert r.lead == ("市商務局", "市財政局", "南康區", "瑞金市", "定南縣", "龍南市人民政府", "贛州國際陸港管委會")
    names = [u.name for u in GANZHOU.units(r.lead)]
    assert names[2:6] == ["赣州市南康区人民政府", "瑞金市人民政府", "定南县人民政府", "龙南市人民政府"]


def test_bare_place_without_a_government_after_it_is_no_unit():
    # a bare place only borrows "人民政府" from a later item of the same list
    assert not looks_like_units(["瑞金市", "市商务局"])
    assert looks_like_units(["瑞金市", "龙南市人民政府"])


def test_related_and_concerned_collectives_are_one_unit():
    # 赣州 line 727 "市直相關部門" and line 939 "市直有關部門" name the same collective
    a = excerpt("ganzhou", 727, "市直相關部門")
    b = excerpt("ganzhou", 939, "市直有關部門")
    ra, rb = GANZHOU.unit(a), GANZHOU.unit(b)
    assert ra.name == rb.name == "赣州市直有关部门" and ra.collective and rb.collective
    assert ra.mention == a  # the mention stays as printed


# ------------------------------------------------------------------ targets, indicators


def test_target_with_a_space_after_the_bound_shizuishan_66():
    s = excerpt("shizuishan", 66, "辖内法人银行1000万元及以下授信和贷款流程不超过 20个工作日。")
    assert find_targets(s) == ("不超过 20个工作日",)


def test_credit_service_heading_is_the_credit_indicator_shizuishan_64():
    assert find_indicator(excerpt("shizuishan", 64, "(八)强化信贷服务(市金融局牵头)")) == "获得信贷"


# ------------------------------------------------------------------ deadlines


def test_ongoing_phrase_in_the_body_is_the_deadline_when_no_date_jiujiang_435():
    s = excerpt("jiujiang", 435, "69.持续推进政府采购意向公开。")
    found = find_deadlines(s, year=2023)
    assert [(d.raw, d.date, d.kind) for d in found] == [("持续推进", None, "ongoing")]
    assert measure_deadline(found).kind == "ongoing"


def test_a_dated_deadline_wins_over_ongoing_jingdezhen_255():
    text = line("jingdezhen", 255)
    assert "持续推进" in text and "2022年底前" in text
    d = measure_deadline(find_deadlines(text, year=2022))
    assert d is not None and d.kind == "date" and d.date == "2022-12-31"


def test_traditional_ongoing_phrase_ganzhou_547():
    s = excerpt("ganzhou", 547, "2.持續推進執行長效機制建設。")
    assert [(d.raw, d.kind) for d in find_deadlines(s, year=2021)] == [("持續推進", "ongoing")]


def test_other_ongoing_wording_needs_a_time_limit_context():
    # "常态化推进" in body text is a manner, not a time limit; as "完成时限:常态化推进" it is one
    assert find_deadlines("常态化推进企业走访", year=2023) == ()
    assert find_deadlines("完成时限:常态化推进", year=2023)[0].kind == "ongoing"


# ------------------------------------------------------------------ records


@pytest.fixture(scope="module")
def records():
    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load
    from extractor_samples import PLANS, FILES

    return {k: extract_document(load(str(PLANS / f))) for k, f in FILES.items()}


def _measure(records, key, ln):
    found = [m for m in records[key].measures if m.line == ln]
    assert len(found) == 1, found
    return found[0]


def test_record_ganzhou_341_has_its_own_leads_not_inherited(records):
    m = _measure(records, "ganzhou", 341)
    assert not m.lead_inherited
    assert [u.mention for u in m.lead] == ["贛州海關", "龍南海關", "市貿促會", "市商務局"]


def test_attachments_without_a_place_take_the_files_plan_jurisdiction(records):
    # 赣州 附件3 "獲得用水用氣提升行動方案" (line 197) names no place: it is the 赣州 plan's
    plans = records["ganzhou"].plans
    assert plans[0].jurisdiction.name == "赣州市"
    assert excerpt("ganzhou", 197, "獲得用水用氣提升行動方案")
    att = [p for p in plans if p.line == 197]
    assert att and att[0].jurisdiction == plans[0].jurisdiction


# ------------------------------------------------------------------ mid-line mojibake (赣州)


def _repaired(number: int) -> str:
    from dutygraph.loaders.base import split_lines
    from dutygraph.loaders.mojibake import repair_mojibake_midline

    lines = split_lines(line("ganzhou", number))
    repairs = repair_mojibake_midline(lines)
    assert all(r.kind == "mojibake-midline" for r in repairs)
    return lines[0].text if repairs else ""


@pytest.mark.parametrize(
    ("number", "garbled", "recovered"),
    [
        (37, "各部門??傮w方案", "各部門?總體方案"),  # lost "。"
        (337, "在陸??疹I域", "在陸?空領域"),  # lost "海" (BAA3): the lost character is unknowable
        (491, "資源??茖W界定", "資源?科學界定"),
        (847, "改革??茖W制定", "改革?科學制定"),
        (889, "兩客一?!敝攸c車輛", "兩客一?”重點車輛"),  # lost "危", "！" folded to "!"
    ],
)
def test_midline_mojibake_recovers_the_characters_after_the_loss(number, garbled, recovered):
    assert excerpt("ganzhou", number, garbled)
    text = _repaired(number)
    assert recovered in text and garbled not in text


def test_midline_mojibake_leaves_plain_text_and_real_question_marks_alone():
    from dutygraph.loaders.base import split_lines
    from dutygraph.loaders.mojibake import repair_mojibake_midline

    for s in ("是否建立台账?是否按期整改?", "办理时限压缩至5个工作日。", "什么?A级纳税人"):
        lines = split_lines(s)
        assert repair_mojibake_midline(lines) == [] and lines[0].text == s


def test_title_ends_where_the_lost_character_was_ganzhou_847(records):
    assert excerpt("ganzhou", 847, "1.深化科技體制機制改革??茖W制定市科技計劃項目指南")
    m = _measure(records, "ganzhou", 847)
    assert m.title == "深化科技體制機制改革。"
    assert m.text.startswith("深化科技體制機制改革?科學制定市科技計劃項目指南")
    assert "mojibake-midline" in m.repairs


# ------------------------------------------------------------------ platforms


def test_quoted_mode_with_a_platform_word_is_the_whole_platform_shizuishan_26():
    from dutygraph.extract.platforms import find_platforms

    s = excerpt("shizuishan", 26, "协调推动行政审批系统与“审管联动”平台无缝对接")
    assert [(p.name, p.mention) for p in find_platforms(s)] == [("审管联动平台", "审管联动平台")]
    # the mode alone is no platform
    assert find_platforms(excerpt("shizuishan", 26, "9.推动“审管联动”扩围提效。")) == ()


def test_quoted_reform_platform_jiujiang_321():
    from dutygraph.extract.platforms import find_platforms

    s = excerpt("jiujiang", 321, "持续推进芜湖市“多测合一”改革,将原有各阶段测绘业务整合成4项,优化“多测合一”平台,简化流程")
    assert [p.name for p in find_platforms(s)] == ["多测合一平台"]


def test_quoted_brand_keeps_its_short_name_jingdezhen_358():
    from dutygraph.extract.platforms import find_platforms

    s = excerpt("jingdezhen", 358, "搭建“景快办”惠企政策兑现平台")
    assert [p.name for p in find_platforms(s)] == ["景快办"]


def test_internet_plus_slogan_platform_is_its_integrated_platform_shizuishan_101():
    from dutygraph.extract.platforms import find_platforms

    s = excerpt("shizuishan", 101, "深化“互联网+医疗健康”应用,优化“互联网+医疗健康”一体化平台,推动二级以上医疗机构检查检验结果互认")
    assert [p.name for p in find_platforms(s)] == ["互联网+医疗健康一体化平台"]


def test_listed_internet_plus_system_keeps_its_name_jiujiang_525():
    from dutygraph.extract.platforms import find_platforms

    s = excerpt("jiujiang", 525, "事项清单与“互联网+监管”清单对接匹配")
    assert [p.name for p in find_platforms(s)] == ["互联网+监管"]


def test_unit_with_its_other_name_in_a_bracket_that_lost_its_close_jiujiang_537():
    s = excerpt("jiujiang", 537, "推动更多企业对接多层次资本市场上市挂牌和直接融资。(区财政局(区地方金融监管局负责)")
    r = find_responsibility(s)
    assert r is not None and r.lead == ("区财政局",) and r.co == ()
    assert r.clause == "(区财政局(区地方金融监管局负责)"


def test_nested_collective_bracket_is_not_an_alias_ganzhou_99():
    # "各縣〔市、區〕人民政府" closes its own bracket: the clause is the outer one as before
    s = excerpt("ganzhou", 99, "(市行政審批局牽頭,各縣〔市、區〕人民政府按職責分工負責)")
    r = find_responsibility(s)
    assert r is not None and r.lead == ("市行政審批局",) and r.co == ("各縣〔市、區〕人民政府",)
