"""Resolver: canonical, simplified, jurisdiction-scoped agency names through data/agencies.toml —
mentions copied from the sample documents (file + line cited; checked by `excerpt`)."""

from __future__ import annotations

import pytest

from dutygraph.extract.resolve import Resolver, known_unit
from dutygraph.records import Jurisdiction
from extractor_samples import excerpt

GANZHOU = Jurisdiction("赣州市", "city", "江西省", short="赣州市")
JINGDEZHEN = Jurisdiction("景德镇市", "city", "江西省", short="景德镇市")
JIUJIANG = Jurisdiction("芜湖市鸠江区", "district", "芜湖市", short="鸠江区")
HONGGUTAN = Jurisdiction("南昌市红谷滩区", "district", "南昌市", short="红谷滩区")
SHIZUISHAN = Jurisdiction("石嘴山市", "city", "宁夏回族自治区", inferred=True)


def test_worked_example_ganzhou_99():
    r = Resolver(GANZHOU)
    lead = r.unit(excerpt("ganzhou", 99, "市行政審批局"))
    assert (lead.name, lead.mention, lead.jurisdiction, lead.collective, lead.resolved) == (
        "赣州市行政审批局", "市行政審批局", "赣州市", False, True
    )
    co = r.unit(excerpt("ganzhou", 99, "各縣〔市、區〕人民政府"))
    assert co.name == "赣州市各县(市、区)人民政府"
    assert co.mention == "各縣〔市、區〕人民政府"
    assert co.collective


def test_district_plan_scopes_jiujiang_291_317():
    r = Resolver(JIUJIANG)
    excerpt("jiujiang", 291, "(区市监局牵头,鸠江公安局、区数管局按职责分工负责)")
    assert r.unit("区市监局").name == "芜湖市鸠江区市场监督管理局"
    assert r.unit("区数管局").name == "芜湖市鸠江区数据资源管理局"  # 安徽: 数据资源管理局
    assert r.unit("鸠江公安局").name == "芜湖市公安局鸠江分局"
    # "市X局" in a district plan is the parent city's bureau (here its district branch)
    branch = r.unit(excerpt("jiujiang", 317, "市自然资源和规划局鸠江分局"))
    assert branch.name == "芜湖市自然资源和规划局鸠江分局"
    assert branch.jurisdiction == "芜湖市"


def test_abbreviations_merge_through_the_alias_table():
    jj = Resolver(JIUJIANG)
    # 鸠江 lines 275, 489, 547: three printed forms of one bureau
    forms = [excerpt("jiujiang", 275, "区市监局"), excerpt("jiujiang", 489, "区市场监管局"), excerpt("jiujiang", 547, "市场监管局")]
    assert {jj.unit(m).name for m in forms} == {"芜湖市鸠江区市场监督管理局"}
    # 鸠江 line 281 鸠江医保分局 = line 543 市医保局鸠江分局
    assert jj.unit(excerpt("jiujiang", 281, "鸠江医保分局")).name == jj.unit(excerpt("jiujiang", 543, "市医保局鸠江分局")).name
    # 赣州 line 169 市住房城鄉建設局 = 市住建局
    gz = Resolver(GANZHOU)
    assert gz.unit(excerpt("ganzhou", 169, "市住房城鄉建設局")).name == gz.unit(excerpt("ganzhou", 199, "市住建局")).name
    # 景德镇 line 147 市政务服务数据管理局 = line 229 市政数局; 市市场监督管理局 = 市市场监管局
    jdz = Resolver(JINGDEZHEN)
    assert jdz.unit(excerpt("jingdezhen", 147, "市政务服务数据管理局")).name == jdz.unit("市政数局").name == "景德镇市政务服务数据管理局"
    assert jdz.unit(excerpt("jingdezhen", 233, "市市场监督管理局")).name == jdz.unit(excerpt("jingdezhen", 147, "市市场监管局")).name


def test_same_mention_in_two_plans_is_two_agencies():
    assert Resolver(GANZHOU).unit("市税务局").name == "赣州市税务局"
    assert Resolver(JINGDEZHEN).unit("市税务局").name == "景德镇市税务局"


def test_bare_names_take_the_plans_own_jurisdiction_shizuishan_17():
    r = Resolver(SHIZUISHAN)
    excerpt("shizuishan", 17, "市公安局、人社局、税务局")
    assert r.unit("人社局").name == "石嘴山市人力资源和社会保障局"
    assert r.unit("市审批局").name == "石嘴山市行政审批局"


def test_names_carrying_a_place_keep_it():
    gz = Resolver(GANZHOU)
    assert gz.unit(excerpt("ganzhou", 323, "贛州海關")).name == "赣州海关"
    longnan = gz.unit(excerpt("ganzhou", 323, "龍南海關"))
    assert (longnan.name, longnan.jurisdiction) == ("龙南海关", "龙南市")
    assert Resolver(SHIZUISHAN).unit(excerpt("shizuishan", 18, "石嘴山银保监分局")).name == "石嘴山银保监分局"
    # 赣州 line 273 "贛州市銀保監分局" = line 257 "贛州銀保監分局"
    assert gz.unit(excerpt("ganzhou", 273, "贛州市銀保監分局")).name == gz.unit(excerpt("ganzhou", 257, "贛州銀保監分局")).name


def test_bare_place_names_are_their_governments_ganzhou_359():
    gz = Resolver(GANZHOU)
    excerpt("ganzhou", 359, "南康區、瑞金市、定南縣、龍南市人民政府")
    assert gz.unit("南康區").name == "赣州市南康区人民政府"
    assert gz.unit("龍南市人民政府").name == "龙南市人民政府"


@pytest.mark.parametrize(
    ("jur", "key", "line_no", "mention", "name"),
    [
        (JINGDEZHEN, "jingdezhen", 388, "市直有关部门", "景德镇市直有关部门"),
        (JIUJIANG, "jiujiang", 277, "区有关单位", "芜湖市鸠江区有关单位"),
        (SHIZUISHAN, "shizuishan", 17, "各县区政府", "石嘴山市各县区政府"),
        (SHIZUISHAN, "shizuishan", 18, "各商业银行", "石嘴山市各商业银行"),
        (GANZHOU, "ganzhou", 397, "全市兩級法院", "赣州市两级法院"),
        (GANZHOU, "ganzhou", 795, "市場監管領域有關部門", "赣州市市场监管领域有关部门"),
    ],
)
def test_collective_units(jur, key, line_no, mention, name):
    u = Resolver(jur).unit(excerpt(key, line_no, mention))
    assert u.collective and u.name == name and u.resolved


def test_redacted_and_unmatched_mentions_stay_unresolved():
    r = Resolver(SHIZUISHAN)
    red = r.unit(excerpt("shizuishan", 80, "市 (略)"))
    assert (red.name, red.resolved) == ("市 (略)", False)
    # 鸠江 line 101: a roster entry cut to "区科技"
    cut = Resolver(JIUJIANG).unit(excerpt("jiujiang", 101, "区科技"))
    assert (cut.name, cut.resolved) == ("区科技", False)


def test_pattern_resolution_for_units_not_in_the_table():
    u = Resolver(SHIZUISHAN).unit(excerpt("shizuishan", 49, "市星瀚集团"))
    assert (u.name, u.resolved) == ("石嘴山市星瀚集团", True)


def test_party_organs_and_offices():
    gz = Resolver(GANZHOU)
    assert gz.unit(excerpt("ganzhou", 79, "市委組織部")).name == "赣州市委组织部"
    assert gz.unit(excerpt("ganzhou", 57, "市政府金融辦")).name == "赣州市人民政府金融工作办公室"
    assert Resolver(JINGDEZHEN).unit(excerpt("jingdezhen", 229, "市委编办")).name == "景德镇市委机构编制委员会办公室"


def test_progress_report_district_honggutan_2():
    u = Resolver(HONGGUTAN).unit(excerpt("honggutan", 2, "区政数局"))
    assert u.name == "南昌市红谷滩区政务服务数据管理局"  # 江西: 政务服务数据管理局


def test_units_keeps_order_and_mentions():
    refs = Resolver(JIUJIANG).units(["区市监局", "鸠江公安局", "区数管局"])
    assert [u.mention for u in refs] == ["区市监局", "鸠江公安局", "区数管局"]


def test_known_unit():
    assert known_unit("区财政局") and known_unit("数据资源局") and known_unit("各县区政府")
    assert not known_unit("获得信贷指标领域区财政局")


def test_local_names_of_one_jurisdiction_jiujiang_279():
    # 鸠江 line 279: "区自规局" is the city bureau's 鸠江 branch — the same body as line 317's
    # "市自然资源和规划局鸠江分局"; the local alias applies in 鸠江区 plans only
    jj = Resolver(JIUJIANG)
    assert jj.unit(excerpt("jiujiang", 279, "区自规局")).name == jj.unit("市自然资源和规划局鸠江分局").name
    assert Resolver(HONGGUTAN).unit("区自规局").name == "南昌市红谷滩区自然资源局"


def test_units_of_a_place_not_in_the_table_keep_its_name():
    r = Resolver(Jurisdiction("芜湖市弋江区", "district", "芜湖市", short="弋江区"))
    # built like 鸠江 line 281's "鸠江公安分局" (= 芜湖市公安局鸠江分局 through the table)
    assert r.unit("弋江公安分局").name == "芜湖市公安局弋江分局"
    assert r.unit("弋江税务局").name == r.unit("区税务局").name == "芜湖市弋江区税务局"
    assert r.unit("弋江交警大队").name == "弋江交警大队"
    assert r.unit("弋江区人民政府").name == "芜湖市弋江区人民政府"
    assert r.unit("区市监局").name == "芜湖市弋江区市场监督管理局"
    assert r.unit("市发改委").name == "芜湖市发展和改革委员会"


def test_place_stem_plus_known_base_merges_with_the_scoped_form():
    r = Resolver(Jurisdiction("烟台市牟平区", "district", "烟台市", short="牟平区"))
    assert r.unit("牟平人民法院").name == r.unit("区法院").name == "烟台市牟平区人民法院"
    assert r.unit("烟台税务局").name == "烟台市税务局"
    assert r.unit("国网牟平供电公司").name == r.unit("牟平供电公司").name == "国网牟平供电公司"
    # the listed branch aliases agree with the pattern (鸠江 line 281)
    jj = Resolver(JIUJIANG)
    assert jj.unit(excerpt("jiujiang", 281, "鸠江公安分局")).name == "芜湖市公安局鸠江分局"
    assert Resolver(GANZHOU).unit(excerpt("ganzhou", 45, "國網贛州供電公司")).name == "国网赣州供电公司"


def test_explain_gives_resolution_records_equal_to_constructed_ones():
    from dutygraph.extract.resolve import Resolution

    r = Resolver(JIUJIANG)
    for mention, how in (("区市监局", "alias"), ("市 (略)", "redacted"), ("", "unresolved")):
        got = r.explain(mention)
        assert type(got) is Resolution and got.how == how
        same = Resolution(got.ref, got.how, got.base)
        assert got == same and hash(got) == hash(same) and repr(got) == repr(same)
    assert r.explain("市 (略)").base == "" and r.explain("").base == ""
