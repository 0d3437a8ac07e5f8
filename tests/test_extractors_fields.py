"""Deadlines, platforms, targets, indicators and jurisdictions — excerpts copied from the sample
documents (file + line cited; checked by `excerpt`) plus the rules of EXTRACTION.md."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from dutygraph.extract.deadlines import find_deadlines, parse_deadline
from dutygraph.extract.indicators import find_indicator
from dutygraph.extract.jurisdiction import detect_jurisdiction
from dutygraph.extract.platforms import find_platforms
from dutygraph.extract.targets import find_targets
from extractor_samples import excerpt, line, lines

# ------------------------------------------------------------------ deadlines


def _one(text: str, year: int | None = None):
    found = find_deadlines(text, year=year)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("key", "no", "printed", "year", "raw", "date", "kind"),
    [
        ("jingdezhen", 297, "在2022年6月20日前建立健全", None, "2022年6月20日前", "2022-06-20", "date"),
        ("jingdezhen", 420, "(完成时间:2022年5月底前)", None, "2022年5月底前", "2022-05-31", "date"),
        ("ganzhou", 203, "2021年底前,將城市用水報裝流程壓減", None, "2021年底前", "2021-12-31", "date"),
        ("ganzhou", 467, "年內舉辦投教活動", 2021, "年內", "2021-12-31", "date"),
        ("ganzhou", 723, "4月底前,各縣(市、區)行政", 2021, "4月底前", "2021-04-30", "date"),
        ("jingdezhen", 245, "2023年,努力推动相对集中行政许可权改革", 2022, "2023年", "2023-12-31", "period"),
        ("jingdezhen", 203, "(每年4月至5月)", 2022, "每年4月至5月", "2022-05-31", "recurring"),
        ("jingdezhen", 299, "在每年4月份对行政审批中介服务", 2022, "每年4月份", "2022-04-30", "recurring"),
        ("jingdezhen", 354, "完成时限:2022630日", None, "2022630日", "2022-06-30", "date"),
        ("jingdezhen", 360, "完成时限:20224月30日", None, "20224月30日", "2022-04-30", "date"),
        ("honggutan", 2, "至2023年9月25日,全区共办理", None, "2023年9月25日", "2023-09-25", "date"),
    ],
)
def test_deadline_phrasings(key, no, printed, year, raw, date, kind):
    d = _one(excerpt(key, no, printed), year)
    assert (d.raw, d.date, d.kind) == (raw, date, kind)


def test_damaged_dates_say_how_they_were_repaired():
    assert _one(excerpt("jingdezhen", 354, "2022630日")).repairs == ("date-digits",)
    assert _one(excerpt("jingdezhen", 360, "20224月30日")).repairs == ("date-digits",)
    assert _one(excerpt("jingdezhen", 336, "2022年4月30日")).repairs == ()


def test_year_less_month_takes_the_year_printed_before_it_ganzhou_695():
    # 赣州 line 695: "…月底前完成相關制度建設,11月底前完成首批次隨機抽查" in a 2021 plan
    text = excerpt("ganzhou", 695, "11月底前完成首批次隨機抽查")
    assert _one(text, 2021).date == "2021-11-30"
    assert find_deadlines("2022年底前完成清单。" + text, year=2021)[-1].date == "2022-11-30"
    assert find_deadlines(text, year=None) == ()  # no year to give it


def test_several_stages_in_order_jingdezhen_241():
    # 景德镇 line 241: two stages; the measure's deadline is the last one
    found = find_deadlines(line("jingdezhen", 241), year=2022)
    assert [d.date for d in found][-2:] == ["2022-12-31", "2023-12-31"]


def test_document_numbers_titles_and_yearly_targets_are_not_deadlines():
    assert find_deadlines(excerpt("jingdezhen", 225, "(赣府厅发〔2022〕5号)"), year=2022) == ()
    assert find_deadlines(excerpt("jingdezhen", 179, "(景党发〔2022〕4号)"), year=2022) == ()
    # 景德镇 line 378: a damaged document number "〔202095号" is not a date either
    assert find_deadlines(excerpt("jingdezhen", 378, "(赣府厅字〔202095号)"), year=2022) == ()
    assert find_deadlines(excerpt("ganzhou", 349, "全年實現我市進口整體通關時間"), year=2021) == ()
    assert find_deadlines(excerpt("honggutan", 2, "《红谷滩优化营商环境三年行动方案(2021-2023年)》"), year=2023) == ()
    assert find_deadlines(excerpt("honggutan", 2, "2022年以来,全区上下"), year=2023) == ()
    # 景德镇 line 15: the signing date with its 月/日 lost ("2022年427") is not read as a deadline
    assert find_deadlines(excerpt("jingdezhen", 15, "2022年427"), year=2022) == ()


def test_status_dates_and_starts_are_not_deadlines_honggutan_2():
    # 红谷滩 line 2 (progress report): "截至9月底…" is the date of a figure, not a deadline
    assert find_deadlines(excerpt("honggutan", 2, "截至9月底区局税企微信群覆盖率"), year=2023) == ()
    # 景德镇 line 201: "从2022年4月至2023年12月底" — the start is no deadline, the end is
    found = find_deadlines(excerpt("jingdezhen", 201, "提升行动时间从2022年4月至2023年12月底"), year=2022)
    assert [(d.raw, d.date) for d in found] == [("2023年12月底", "2023-12-31")]
    # 赣州 line 141: "2021年4月1日起" is when a service starts, not a deadline (a date followed by
    # 起/以来/以后… was read as one: the veto's "^" never matched past the start of the text)
    assert find_deadlines(excerpt("ganzhou", 141, "2021年4月1日起,在全市范圍內實現居民客戶"), year=2021) == ()
    assert find_deadlines("2023年3月1日以后全面推行,2023年6月底前完成。", year=2023)[0].raw == "2023年6月底前"
    assert find_deadlines("2022年6月以来取得成效", year=2022) == ()


def test_ongoing_as_a_time_limit_and_in_the_body():
    # EXTRACTION.md: "长期坚持/持续推进" -> ongoing. No sample prints them as a time limit; every
    # "持续推进" in the samples is in an item's body, so that is where the conventions see them: an
    # item's deadline is ongoing when it states no dated one (pipeline: measure_deadline).
    d = _one("〔牵头单位:市政数局;完成时限:长期坚持〕")
    assert (d.raw, d.date, d.kind) == ("长期坚持", None, "ongoing")
    found = find_deadlines(excerpt("jingdezhen", 235, "持续推进统一规范的全市公共资源交易平台建设"), year=2022)
    assert [(x.raw, x.kind) for x in found] == [("持续推进", "ongoing")]
    assert parse_deadline("持续推进", year=2022).kind == "ongoing"


def test_quarters_and_recurring_monthly():
    assert _one("第三季度末前完成", 2023).date == "2023-09-30"
    assert _one("2022年第一季度末前", None).date == "2022-03-31"
    d = _one(excerpt("jingdezhen", 51, "每月5日前将查处问题台账报至市"), 2022)
    assert (d.kind, d.date) == ("recurring", None)


def test_parse_deadline():
    assert parse_deadline("2022年5月底前", year=None).date == "2022-05-31"
    assert parse_deadline("年底前", year=2021).date == "2021-12-31"
    assert parse_deadline("", year=2021) is None
    assert parse_deadline("按要求完成", year=2021) is None


# ------------------------------------------------------------------ platforms


def _names(text: str) -> list[tuple[str, str]]:
    return [(p.name, p.mention) for p in find_platforms(text)]


def test_listed_platforms_with_canonical_names():
    assert _names(excerpt("jingdezhen", 259, "着力拓展12345热线服务功能。夯实12345政务服务便民热线基础服务能力")) == [
        ("12345政务服务便民热线", "12345热线")
    ]
    assert _names(excerpt("ganzhou", 921, "12345平臺無縫對接")) == [("12345政务服务便民热线", "12345平臺")]
    assert ("网上国网", "網上國網") in _names(excerpt("ganzhou", 179, "“網上國網”APP、95598網站"))
    assert ("95598供电服务热线", "95598") in _names(excerpt("ganzhou", 179, "“網上國網”APP、95598網站"))
    assert _names(excerpt("ganzhou", 317, "完善國際貿易“單一窗口”服務功能")) == [("国际贸易单一窗口", "單一窗口")]
    assert _names(excerpt("ganzhou", 291, "可選擇通過電子稅務局進行")) == [("电子税务局", "電子稅務局")]
    assert _names(excerpt("jiujiang", 293, "通过安徽政务服务网和“皖事通”APP等")) == [
        ("安徽政务服务网", "安徽政务服务网"),
        ("皖事通", "皖事通"),
    ]
    assert _names(excerpt("shizuishan", 17, "深化企业开办“一网通办”线上服务")) == [("一网通办", "一网通办")]
    assert _names(excerpt("jingdezhen", 263, "依托市“互联网+监管”系统")) == [("互联网+监管", "互联网+监管")]


def test_longer_proper_name_adds_an_entry():
    # 赣州 line 119: "“贛服通贛州分廳”系統"; 景德镇 line 330: "“赣服通”景德镇分厅"
    got = _names(excerpt("ganzhou", 119, "“贛服通贛州分廳”系統"))
    assert got == [("赣服通", "贛服通"), ("赣服通赣州分厅", "贛服通贛州分廳")]
    got = _names(excerpt("jingdezhen", 330, "依托“赣服通”景德镇分厅建设“景快办”惠企政策线上兑"))
    assert got == [("赣服通", "赣服通"), ("赣服通景德镇分厅", "赣服通景德镇分厅"), ("景快办", "景快办")]


def test_damaged_name_maps_to_its_platform_jingdezhen_358():
    # 景德镇 line 358: "“赣通”景德镇分厅" — 赣服通 with a character dropped
    got = _names(excerpt("jingdezhen", 358, "对接“赣通”景德镇分厅"))
    assert got[0] == ("赣服通", "赣通")


def test_unseen_proper_names_by_pattern():
    assert _names(excerpt("jiujiang", 293, "推广“档案容e查”系统")) == [("档案容e查", "档案容e查")]
    assert _names(excerpt("ganzhou", 445, "以“贛州普惠金融智慧服務平臺”為核")) == [
        ("赣州普惠金融智慧服务平台", "贛州普惠金融智慧服務平臺")
    ]
    assert _names(excerpt("ganzhou", 853, "在“12345”政務服務熱線")) == [("12345政务服务便民热线", "12345")]
    assert _names("依托赣州市公共信用信息平台") == [("赣州市公共信用信息平台", "赣州市公共信用信息平台")]


def test_generic_phrases_are_not_platforms():
    assert _names(excerpt("ganzhou", 27, "加強互聯網、區塊鏈、人工智能、大數據等信息化手段運用")) == []
    assert _names(excerpt("jingdezhen", 249, "充分发挥政务服务平台作为全市政务服务公共入口")) == []
    assert _names(excerpt("ganzhou", 113, "企業通過“企業開辦服務專區”申請刻制公章")) == []
    assert _names(excerpt("ganzhou", 101, "“一照含證”或“1+N”")) == []
    assert _names(excerpt("jingdezhen", 239, "推进“一窗式”综合服务平台部署")) == []


# ------------------------------------------------------------------ targets


@pytest.mark.parametrize(
    ("key", "no", "printed", "target"),
    [
        ("ganzhou", 125, "將普通注銷登記時間壓縮至1個工作日內", "壓縮至1個工作日內"),
        ("jiujiang", 31, "总体办理满意率不低于96%", "满意率不低于96%"),
        ("ganzhou", 213, "原則上10個工作日內完成全部許可審批", "10個工作日內"),
        ("jingdezhen", 145, "推动集装箱铁水联运量同比增长15%以上", "同比增长15%以上"),
        ("ganzhou", 217, "時限由7個工作日減至到4個工作日", "減至到4個工作日"),
    ],
)
def test_targets_as_printed(key, no, printed, target):
    assert target in find_targets(excerpt(key, no, printed))


def test_counts_in_narrative_are_not_targets():
    assert find_targets(excerpt("ganzhou", 3, "市政府第85次常務會議")) == ()
    assert find_targets(excerpt("honggutan", 2, "全区共推出秒批秒办事项33项")) == ()


# ------------------------------------------------------------------ indicators


@pytest.mark.parametrize(
    ("key", "no", "printed", "indicator"),
    [
        ("jiujiang", 275, "一、开办企业指标领域(区市监局牵头)", "开办企业"),
        ("jiujiang", 305, "二、办理建筑许可指标领域(区住建局牵头)", "办理建筑许可"),
        ("jiujiang", 519, "十七、市场监管指标领域(区市场监管局牵头)", "市场监管"),
        ("jiujiang", 255, "十八、包容普惠创新指标工作专班", "包容普惠创新"),
        ("ganzhou", 43, "1.企業開辦及注銷提升行動方案(市行政審批局、市市場監管局牽頭)", "开办企业"),
        ("ganzhou", 197, "獲得用水用氣提升行動方案", "获得用水用气"),
        ("honggutan", 2, "13.知识产权创造、保护和运用指标(区市场监管局牵头)", "知识产权创造保护和运用"),
        ("shizuishan", 57, "(六)优化不动产登记(市自然资源局牵头)", "登记财产"),
    ],
)
def test_indicator_from_headings(key, no, printed, indicator):
    assert find_indicator(excerpt(key, no, printed)) == indicator


def _variants_pieces() -> list[str]:
    from dutygraph.extract.indicators import indicator_table

    variants = list(indicator_table().canonical)
    return variants + [v[:k] for v in variants for k in range(1, len(v))] + ["指标", "局", "(", ")", " ", "\n"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_variants_pieces()), max_size=10).map("".join))
def test_indicator_pattern_matches_as_the_variants_longest_first(text):
    """The indicator table's trie (`longest_word_pattern`) against the alternation it replaced: every variant,
    longest first (then by code point), joined; texts of variants, their beginnings and neighbours."""
    from dutygraph.extract.indicators import indicator_table

    table = indicator_table()
    plain = re.compile("|".join(map(re.escape, sorted(table.canonical, key=lambda v: (-len(v), v)))))
    assert [(m.span(), m.group(0)) for m in table.pattern.finditer(text)] == [
        (m.span(), m.group(0)) for m in plain.finditer(text)
    ]


def test_unit_names_do_not_read_as_indicators():
    assert find_indicator(excerpt("jiujiang", 519, "(区市场监管局牵头)")) is None
    assert find_indicator(excerpt("ganzhou", 13, "一、總體目標")) is None


# ------------------------------------------------------------------ jurisdiction


def test_jurisdiction_from_titles():
    gz = detect_jurisdiction(excerpt("ganzhou", 9, "贛州市優化提升營商環境專項行動方案"))
    assert (gz.name, gz.level, gz.parent, gz.inferred) == ("赣州市", "city", "江西省", False)
    jj = detect_jurisdiction(excerpt("jiujiang", 21, "鸠江区创建一流营商环境提升行动方案"))
    assert (jj.name, jj.level, jj.parent, jj.short) == ("芜湖市鸠江区", "district", "芜湖市", "鸠江区")
    hg = detect_jurisdiction(excerpt("honggutan", 1, "红谷滩区2023年前三季度优化营商环境工作推进情况"))
    assert (hg.name, hg.parent) == ("南昌市红谷滩区", "南昌市")
    jdz = detect_jurisdiction(excerpt("jingdezhen", 324, "景德镇市惠企政策兑现机制改革行动方案"))
    assert jdz.name == "景德镇市"


def test_jurisdiction_from_issuer_when_the_title_has_none():
    j = detect_jurisdiction("创建一流营商环境提升行动方案", issuer=excerpt("jiujiang", 5, "鸠江区人民政府"))
    assert j.name == "芜湖市鸠江区"


def test_redacted_jurisdiction_is_inferred_from_the_body_shizuishan():
    title = excerpt("shizuishan", 9, "(略) 2023年营商环境提升行动工作方案")
    body = "\n".join(lines("shizuishan"))
    j = detect_jurisdiction(title, body=body)
    assert (j.name, j.level, j.inferred) == ("石嘴山市", "city", True)
    assert any("0952" in e for e in j.evidence)
    assert any("石嘴山" in e for e in j.evidence)
    assert any("平罗县" in e for e in j.evidence)


def test_unknown_jurisdiction():
    j = detect_jurisdiction("营商环境提升行动方案", body="无地名")
    assert (j.name, j.level, j.inferred) == ("", "unknown", True)


def test_places_not_in_the_table_are_taken_from_the_title():
    # not in data/jurisdictions.toml: the level comes from the suffix; a known parent city is kept
    j = detect_jurisdiction("芜湖市弋江区优化营商环境行动方案")
    assert (j.name, j.level, j.parent, j.short, j.inferred) == ("芜湖市弋江区", "district", "芜湖市", "弋江区", False)
    j = detect_jurisdiction("关于印发《上饶市优化营商环境行动方案》的通知")
    assert (j.name, j.level, j.parent) == ("上饶市", "city", None)
    # generic words are no places; the known city stays a city
    assert detect_jurisdiction("城市更新行动方案").name == ""
    assert detect_jurisdiction(excerpt("jingdezhen", 221, "景德镇市开展政务服务满意度一等地区")).name == "景德镇市"


def test_unlisted_district_takes_its_parent_from_the_body_and_generic_words_are_no_places():
    j = detect_jurisdiction("青羊区优化营商环境行动方案", body="成都市青羊区人民政府办公室关于印发…")
    assert (j.name, j.parent, j.short) == ("成都市青羊区", "成都市", "青羊区")
    assert detect_jurisdiction("金牛区政务服务满意度提升行动方案").name == "金牛区"
    assert detect_jurisdiction("劳动力市场监管提升行动方案").name == ""  # 市场 is no 市
    assert detect_jurisdiction("全市营商环境工作要点").name == ""


def test_a_normalised_body_is_read_as_it_is_not_normalised_again(monkeypatch):
    # A plan outline's body is its lines' norms already. `normalize` is not idempotent (t2s reads the
    # simplified "沈默" as the traditional spelling of 沉默), so a second pass could read other words;
    # it also cost up to two passes over 20 KB a plan.
    from dutygraph.extract import jurisdiction
    from dutygraph.extract.reference import norm

    assert norm("瀋默") == "沈默" and norm("沈默") == "沉默"
    body = norm("成都市青羊区人民政府办公室关于印发…\n" + "推進政務服務“一網通辦”。\n" * 500)
    seen: list[str] = []
    real = jurisdiction.normalize
    monkeypatch.setattr(jurisdiction, "normalize", lambda s: seen.append(s) or real(s))
    j = detect_jurisdiction("青羊区优化营商环境行动方案", issuer="成都市", body=body, body_normalized=True)
    assert (j.name, j.parent) == ("成都市青羊区", "成都市")  # the parent city read from the body
    j = detect_jurisdiction("营商环境提升行动方案", body=body + norm("\n贛州市發展改革委牽頭"), body_normalized=True)
    assert j.name == "赣州市" and j.inferred  # weighed from the body's own evidence
    assert seen and max(map(len, seen)) < 40  # the title and issuer normalised, the body never
    # and a body as printed is normalised as before
    j = detect_jurisdiction("青羊区优化营商环境行动方案", body="成都市青羊區人民政府辦公室關於印發…")
    assert (j.name, j.parent) == ("成都市青羊区", "成都市")
