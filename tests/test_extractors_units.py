"""split_units: list separators, conjunctions, closing 等, run-together names — excerpts from the
sample documents (file + line cited; checked by `excerpt`)."""

from __future__ import annotations

from dutygraph.extract.units import looks_like_unit, split_units
from extractor_samples import excerpt


def test_separators_and_closing_etc_shizuishan_17():
    s = excerpt("shizuishan", 17, "市公安局、人社局、税务局、住房公积金中心等单位,各县区政府")
    assert split_units(s) == ["市公安局", "人社局", "税务局", "住房公积金中心", "各县区政府"]


def test_closing_etc_variants():
    # 赣州 line 409 "…等按職責分工負責" (等 alone); 景德镇 line 149 "…市总工会等部门"; 鸠江 line 347 "等有关单位"
    assert split_units(excerpt("ganzhou", 409, "市人社局、贛州銀保監分局等"))[-1] == "贛州銀保監分局"
    assert split_units(excerpt("jingdezhen", 149, "市国资委、市总工会等部门"))[-1] == "市总工会"
    assert split_units(excerpt("jiujiang", 347, "区市场监管局、区税务局等有关单位")) == ["区市场监管局", "区税务局"]


def test_etc_naming_a_further_unit_ganzhou_935():
    # 赣州 line 935 (traditional): "市大數據局等有關市直部門" is two units
    s = excerpt("ganzhou", 935, "市科技局、市財政局、市大數據局等有關市直部門,各縣〔市、區〕人民政府")
    assert split_units(s) == ["市科技局", "市財政局", "市大數據局", "有關市直部門", "各縣〔市、區〕人民政府"]


def test_etc_before_a_collective_ganzhou_689():
    # 赣州 line 689: "市水利局等市直有關部門、市公共資源交易中心"
    s = excerpt("ganzhou", 689, "市水利局等市直有關部門、市公共資源交易中心")
    assert split_units(s) == ["市水利局", "市直有關部門", "市公共資源交易中心"]


def test_brackets_protect_county_governments_ganzhou_99_jingdezhen_239():
    assert split_units(excerpt("ganzhou", 99, "各縣〔市、區〕人民政府")) == ["各縣〔市、區〕人民政府"]
    s = excerpt("jingdezhen", 239, "市直相关部门,各县〔市、区〕人民政府")
    assert split_units(s) == ["市直相关部门", "各县〔市、区〕人民政府"]


def test_conjunction_inside_a_name_is_kept_jiujiang_309():
    s = excerpt("jiujiang", 309, "鸠江公安分局、市自然资源和规划局鸠江分局、区交通运输局")
    assert split_units(s) == ["鸠江公安分局", "市自然资源和规划局鸠江分局", "区交通运输局"]
    s = excerpt("jiujiang", 511, "区打击侵犯知识产权和制售假冒伪劣商品工作领导小组办公室")
    assert split_units(s) == [s]


def test_conjunctions_between_units_jiujiang_307_365():
    assert split_units(excerpt("jiujiang", 307, "区有关单位及各镇街、开发区管委会")) == ["区有关单位", "各镇街", "开发区管委会"]
    assert split_units(excerpt("jiujiang", 365, "区担保公司、区经信局和区发改委")) == ["区担保公司", "区经信局", "区发改委"]
    assert split_units(excerpt("jiujiang", 319, "区有关单位及区政府")) == ["区有关单位", "区政府"]


def test_run_together_names_are_split_jiujiang_91_101():
    # 鸠江 附件1 roster: separators lost between unit names
    s = excerpt("jiujiang", 91, "区市监局鸠江公安局、区财政局、区商务局、人社局、数据资源局、税务局等单位")
    assert split_units(s) == ["区市监局", "鸠江公安局", "区财政局", "区商务局", "人社局", "数据资源局", "税务局"]
    s = excerpt("jiujiang", 101, "卫健委、市自然资源和规划局鸠江分局生态环境局、应急管理局")
    assert split_units(s) == ["卫健委", "市自然资源和规划局鸠江分局", "生态环境局", "应急管理局"]


def test_branches_are_not_split_jiujiang_543_ganzhou_883():
    assert split_units(excerpt("jiujiang", 543, "区卫健委、市医保局鸠江分局、区发改委")) == ["区卫健委", "市医保局鸠江分局", "区发改委"]
    assert split_units(excerpt("ganzhou", 883, "市城管局、市公安局交警支隊、市自然資源局")) == [
        "市城管局",
        "市公安局交警支隊",
        "市自然資源局",
    ]
    assert split_units(excerpt("ganzhou", 123, "贛州海關、人民銀行贛州中心支行")) == ["贛州海關", "人民銀行贛州中心支行"]


def test_party_and_government_prefixes_are_not_join_points():
    # 赣州 line 957 "市委組織部、市委宣傳部…市政府金融辦"; 景德镇 line 229 "市委编办"
    s = excerpt("ganzhou", 957, "市委組織部、市委宣傳部、市人社局、市商務局、市工信局、市科技局、市政府金融辦")
    assert split_units(s)[0] == "市委組織部" and split_units(s)[-1] == "市政府金融辦"
    assert split_units(excerpt("jingdezhen", 229, "市政数局、市委编办")) == ["市政数局", "市委编办"]


def test_redacted_names_stay_as_printed_shizuishan_18_81():
    assert split_units(excerpt("shizuishan", 18, "石嘴山银保监分局、 (略) 中心支行")) == ["石嘴山银保监分局", "(略) 中心支行"]
    assert split_units(excerpt("shizuishan", 81, "市 (略) ")) == ["市 (略)"]


def test_places_sharing_a_government_suffix_ganzhou_359():
    s = excerpt("ganzhou", 359, "南康區、瑞金市、定南縣、龍南市人民政府,贛州國際陸港管委會")
    assert split_units(s) == ["南康區", "瑞金市", "定南縣", "龍南市人民政府", "贛州國際陸港管委會"]


def test_looks_like_unit():
    assert looks_like_unit("市审批局") and looks_like_unit("各县区政府") and looks_like_unit("市 (略)")
    assert not looks_like_unit("申报受理") and not looks_like_unit("市委") and not looks_like_unit("")
