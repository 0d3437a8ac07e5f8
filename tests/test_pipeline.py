"""Pipeline: documents -> records, checked field by field against the sample documents.

Each expected record below was read off the document by hand (file + line cited). `text` is
checked against the raw file lines themselves, so a record's text is exactly what is printed.
"""

from __future__ import annotations

import pytest

from dutygraph.extract.pipeline import extract_document, extract_paths
from dutygraph.loaders import load
from dutygraph.paths import sample_plans_dir

PLANS = sample_plans_dir()
GANZHOU = PLANS / "ganzhou-2021-business-environment-action-plan.txt"
JINGDEZHEN = PLANS / "jingdezhen-2022-special-action-plans.txt"
JIUJIANG = PLANS / "jiujiang-2023-business-environment-action-plan.txt"
HONGGUTAN = PLANS / "honggutan-2023-q1-q3-progress-report.txt"
SHIZUISHAN = PLANS / "shizuishan-2023-action-plan-draft.txt"
ALL = (GANZHOU, HONGGUTAN, JINGDEZHEN, JIUJIANG, SHIZUISHAN)


def raw(path, line: int) -> str:
    """A line of the file as stored (1-based), stripped."""
    return path.read_text(encoding="utf-8").split("\n")[line - 1].strip()


def printed(path, *lines: int, cut: int) -> str:
    """An item's text as printed: its lines joined, the number marker ("3.") cut off."""
    return "\n".join(raw(path, n) for n in lines)[cut:]


@pytest.fixture(scope="module")
def results():
    return {p: extract_document(load(str(p))) for p in ALL}


def record(results, path, line, number=None):
    found = [m for m in results[path].measures if m.line == line and (number is None or m.number == number)]
    assert len(found) == 1, found
    return found[0]


EXPECTED = [
    # 赣州 line 99: worked example (traditional, lead + collective co-unit)
    (GANZHOU, {'line': 99,
     'number': '3',
     'section': '主要舉措 > 優化開辦企業環節',
     'title': '落實“馬上就辦”。',
     'kind': 'measure',
     'lead': [{'name': '赣州市行政审批局', 'mention': '市行政審批局'}],
     'co': [{'name': '赣州市各县(市、区)人民政府', 'mention': '各縣〔市、區〕人民政府'}],
     'lead_inherited': False,
     'platforms': [],
     'deadline': None,
     'repairs': []}),
    # 赣州 line 215: worked example (heading-style, mojibake marker, units on line 217)
    (GANZHOU, {'line': 215,
     'number': '(二)',
     'section': '主要措施',
     'title': '壓縮用水用氣報裝時限',
     'kind': 'measure',
     'lead': [{'name': '赣州市住房和城乡建设局', 'mention': '市住建局'},
              {'name': '赣州市市政公用集团', 'mention': '市市政公用集團'},
              {'name': '赣州市深燃燃气公司', 'mention': '市深燃公司'},
              {'name': '赣州市各县(市、区)人民政府', 'mention': '各縣〔市、區〕人民政府'}],
     'co': [],
     'lead_inherited': False,
     'platforms': [],
     'deadline': {'raw': '2021年底前', 'date': '2021-12-31', 'kind': 'date'},
     'repairs': ['mojibake-prefix']}),
    # 赣州 lines 157/159: one item over two paragraphs
    (GANZHOU, {'line': 157,
     'number': '1',
     'section': '主要措施 > 壓減獲得電力時限',
     'title': '實行業務限時辦理。',
     'kind': 'measure',
     'lead': [{'name': '国网赣州供电公司', 'mention': '國網贛州供電公司'}, {'name': '赣州市行政审批局', 'mention': '市行政審批局'}],
     'co': [],
     'lead_inherited': False,
     'platforms': [{'name': '赣服通', 'mention': '贛服通'}, {'name': '网上国网', 'mention': '網上國網'}],
     'deadline': None,
     'repairs': []}),
    # 赣州 line 19: a (一) item of the main plan with no numbered children and no clause
    (GANZHOU, {'line': 19,
     'number': '(一)',
     'section': '主要措施',
     'title': '持續提升投資建設便利度。',
     'kind': 'measure',
     'lead': [],
     'co': [],
     'lead_inherited': False,
     'platforms': [],
     'deadline': None,
     'repairs': ['mojibake-prefix']}),
    # 赣州 line 119: platforms incl. the longer proper name 赣服通赣州分厅
    (GANZHOU, {'line': 119,
     'number': '4',
     'section': '主要舉措 > 提升流程環節服務水平',
     'title': '提升住房公積金管理服務信息化水平。',
     'kind': 'measure',
     'lead': [{'name': '赣州市住房公积金管理中心', 'mention': '市住房公積金管理中心'}, {'name': '赣州市大数据发展管理局', 'mention': '市大數據局'}],
     'co': [],
     'lead_inherited': False,
     'platforms': [{'name': '一网通办', 'mention': '一網通辦'},
                   {'name': '赣服通', 'mention': '贛服通'},
                   {'name': '赣服通赣州分厅', 'mention': '贛服通贛州分廳'}],
     'deadline': None,
     'repairs': []}),
    # 鸠江 line 291: worked example (牵头 + 按职责分工负责)
    (JIUJIANG, {'line': 291,
     'number': '8',
     'section': '开办企业指标领域',
     'title': '全面推广电子营业执照、电子印章应用。',
     'kind': 'measure',
     'lead': [{'name': '芜湖市鸠江区市场监督管理局', 'mention': '区市监局'}],
     'co': [{'name': '芜湖市公安局鸠江分局', 'mention': '鸠江公安局'}, {'name': '芜湖市鸠江区数据资源管理局', 'mention': '区数管局'}],
     'lead_inherited': False,
     'platforms': [],
     'deadline': None,
     'repairs': []}),
    # 鸠江 line 541: the clause is cut off before its closing bracket
    (JIUJIANG, {'line': 541,
     'number': '116',
     'section': '包容普惠创新指标领域',
     'title': '积极协助市文旅局推进公共文化艺术中心项目建设,建成“芜湖书房”5座,建成村级综合性文化服务中心,提高全区公共文化场馆服务效能,不断增加优质供给。',
     'kind': 'measure',
     'lead': [{'name': '芜湖市鸠江区文化广电新闻出版旅游局', 'mention': '区文旅体局'}, {'name': '芜湖市鸠江区财政局', 'mention': '区财政局'}],
     'co': [{'name': '芜湖市鸠江区镇街', 'mention': '镇街'}, {'name': '芜湖市鸠江区开发区管委会', 'mention': '开发区管委会'}],
     'lead_inherited': False,
     'platforms': [],
     'deadline': None,
     'repairs': []}),
    # 石嘴山 line 17: worked example (责任单位/配合单位)
    (SHIZUISHAN, {'line': 17,
     'number': '2',
     'section': '工作任务 > (略) 场准入成本',
     'title': '打造企业开办“一件事”升级版。',
     'kind': 'measure',
     'lead': [{'name': '石嘴山市行政审批局', 'mention': '市审批局'}],
     'co': [{'name': '石嘴山市公安局', 'mention': '市公安局'},
            {'name': '石嘴山市人力资源和社会保障局', 'mention': '人社局'},
            {'name': '石嘴山市税务局', 'mention': '税务局'},
            {'name': '石嘴山市住房公积金管理中心', 'mention': '住房公积金中心'},
            {'name': '石嘴山市各县区政府', 'mention': '各县区政府'}],
     'lead_inherited': False,
     'platforms': [{'name': '一网通办', 'mention': '一网通办'}],
     'deadline': None,
     'repairs': []}),
    # 石嘴山 line 58: worked example (cut off, lead inherited from line 57)
    (SHIZUISHAN, {'line': 58,
     'number': '36',
     'section': '工作任务 > 优化不动产登记',
     'title': '提升财产登记质效。',
     'kind': 'measure',
     'lead': [{'name': '石嘴山市自然资源局', 'mention': '市自然资源局'}],
     'co': [],
     'lead_inherited': True,
     'platforms': [],
     'deadline': None,
     'repairs': ['redaction']}),
    # 石嘴山 lines 41/42: the clause alone on the next line is the item's own
    (SHIZUISHAN, {'line': 41,
     'number': '23',
     'section': '工作任务 > 提升项目审批效率',
     'title': '(略) 政报装线上办理。',
     'kind': 'measure',
     'lead': [{'name': '石嘴山市行政审批局', 'mention': '市审批局'}],
     'co': [{'name': '石嘴山市工程建设项目审批制度改革领导小组成员单位', 'mention': '市工程建设项目审批制度改革领导小组成员单位'},
            {'name': '石嘴山市各县区政府', 'mention': '各县区政府'}],
     'lead_inherited': False,
     'platforms': [{'name': '市政报装', 'mention': '市政报装'}],
     'deadline': None,
     'repairs': ['redaction']}),
    # 石嘴山 line 102: inline sub-items (1)(2)(3), each with its own clause
    (SHIZUISHAN, {'line': 102,
     'number': '78',
     'section': '工作任务 > 打造包容普惠环境',
     'title': '着力提升园区营商环境建设。',
     'kind': 'measure',
     'lead': [{'name': '石嘴山市高新区管委会', 'mention': '高新区管委会'},
              {'name': '石嘴山市经开区管委会', 'mention': '经开区管委会'},
              {'name': '平罗工业园区', 'mention': '平罗工业园区'}],
     'co': [],
     'lead_inherited': False,
     'platforms': [],
     'deadline': None,
     'repairs': ['redaction']}),
    # 石嘴山 line 18: the second "2." (duplicate number kept), redacted unit
    (SHIZUISHAN, {'line': 18,
     'number': '2',
     'section': '工作任务 > (略) 场准入成本',
     'title': '便利企业银行开户。',
     'kind': 'measure',
     'lead': [{'name': '石嘴山银保监分局', 'mention': '石嘴山银保监分局'}, {'name': '(略) 中心支行', 'mention': '(略) 中心支行'}],
     'co': [{'name': '石嘴山市各商业银行', 'mention': '各商业银行'}],
     'lead_inherited': False,
     'platforms': [],
     'deadline': None,
     'repairs': ['redaction']}),
    # 石嘴山 line 62: "45." after "38." (gap kept)
    (SHIZUISHAN, {'line': 62,
     'number': '45',
     'section': '工作任务 > (略) 场服务',
     'title': '(略) 场诚信体系。',
     'kind': 'measure',
     'lead': [{'name': '石嘴山市人力资源和社会保障局', 'mention': '市人社局'}],
     'co': [{'name': '石嘴山市各县区政府', 'mention': '各县区政府'}],
     'lead_inherited': False,
     'platforms': [],
     'deadline': None,
     'repairs': ['redaction']}),
    # 景德镇 line 342: worked example (group bracket on line 354, damaged date)
    (JINGDEZHEN, {'line': 342,
     'number': '1',
     'section': '重点任务 > 精简申报兑现流程',
     'title': '免申即享。',
     'kind': 'measure',
     'lead': [{'name': '景德镇市各政策主管部门', 'mention': '各政策主管部门'},
              {'name': '景德镇市财政局', 'mention': '市财政局'},
              {'name': '景德镇市政务服务数据管理局', 'mention': '市政数局'}],
     'co': [],
     'lead_inherited': True,
     'platforms': [],
     'deadline': {'raw': '2022630日', 'date': '2022-06-30', 'kind': 'date'},
     'repairs': ['date-digits']}),
    # 景德镇 line 346: worked example
    (JINGDEZHEN, {'line': 346,
     'number': '2',
     'section': '重点任务 > 精简申报兑现流程',
     'title': '即申即享。',
     'kind': 'measure',
     'lead': [{'name': '景德镇市各政策主管部门', 'mention': '各政策主管部门'},
              {'name': '景德镇市财政局', 'mention': '市财政局'},
              {'name': '景德镇市政务服务数据管理局', 'mention': '市政数局'}],
     'co': [],
     'lead_inherited': True,
     'platforms': [],
     'deadline': {'raw': '2022630日', 'date': '2022-06-30', 'kind': 'date'},
     'repairs': ['date-digits']}),
    # 景德镇 line 350: worked example
    (JINGDEZHEN, {'line': 350,
     'number': '3',
     'section': '重点任务 > 精简申报兑现流程',
     'title': '承诺兑现。',
     'kind': 'measure',
     'lead': [{'name': '景德镇市各政策主管部门', 'mention': '各政策主管部门'},
              {'name': '景德镇市财政局', 'mention': '市财政局'},
              {'name': '景德镇市政务服务数据管理局', 'mention': '市政数局'}],
     'co': [],
     'lead_inherited': True,
     'platforms': [],
     'deadline': {'raw': '2022630日', 'date': '2022-06-30', 'kind': 'date'},
     'repairs': ['date-digits']}),
    # 景德镇 line 360: 牵头单位/责任单位, damaged date "20224月30日"
    (JINGDEZHEN, {'line': 360,
     'number': '2',
     'section': '重点任务 > 完善政策兑现渠道',
     'title': '线下设立惠企政策兑现专窗。',
     'kind': 'measure',
     'lead': [{'name': '景德镇市政务服务数据管理局', 'mention': '市政数局'}],
     'co': [{'name': '景德镇市各政策主管部门', 'mention': '各政策主管部门'}],
     'lead_inherited': False,
     'platforms': [],
     'deadline': {'raw': '20224月30日', 'date': '2022-04-30', 'kind': 'date'},
     'repairs': ['date-digits']}),
    # 景德镇 line 99: a stage "(每年4月至5月)" -> recurring deadline, no unit
    (JINGDEZHEN, {'line': 99,
     'number': '(一)',
     'section': '实施步骤',
     'title': '自查摸排阶段(每年4月至5月)。',
     'kind': 'measure',
     'lead': [],
     'co': [],
     'lead_inherited': False,
     'platforms': [],
     'deadline': {'raw': '每年4月至5月', 'date': '2022-05-31', 'kind': 'recurring'},
     'repairs': []}),
    # 景德镇 line 229: 〔责任单位:…〕 joint leads, "2022年底" in the text
    (JINGDEZHEN, {'line': 229,
     'number': '1',
     'section': '打造一等政务服务体系',
     'title': '场所建设标准化。',
     'kind': 'measure',
     'lead': [{'name': '景德镇市政务服务数据管理局', 'mention': '市政数局'},
              {'name': '景德镇市委机构编制委员会办公室', 'mention': '市委编办'},
              {'name': '景德镇市各县(市、区)人民政府', 'mention': '各县(市、区)人民政府'}],
     'co': [],
     'lead_inherited': False,
     'platforms': [],
     'deadline': {'raw': '2022年底', 'date': '2022-12-31', 'kind': 'date'},
     'repairs': []}),]

TEXTS = {
    (GANZHOU, 99): printed(GANZHOU, 99, cut=2),
    (GANZHOU, 215): "壓縮用水用氣報裝時限\n" + raw(GANZHOU, 217),  # line 215's marker is mojibake
    (GANZHOU, 157): printed(GANZHOU, 157, 159, cut=2),
    (GANZHOU, 19): "持續" + raw(GANZHOU, 19).split("掷m", 1)[1],  # "?。ㄒ唬┏掷m" = "（一）持續"
    (GANZHOU, 119): printed(GANZHOU, 119, cut=2),
    (JIUJIANG, 291): printed(JIUJIANG, 291, cut=2),
    (JIUJIANG, 541): printed(JIUJIANG, 541, cut=4),
    (SHIZUISHAN, 17): printed(SHIZUISHAN, 17, cut=2),
    (SHIZUISHAN, 58): printed(SHIZUISHAN, 58, cut=3),
    (SHIZUISHAN, 41): printed(SHIZUISHAN, 41, 42, cut=4),
    (SHIZUISHAN, 102): printed(SHIZUISHAN, 102, cut=3),
    (SHIZUISHAN, 18): printed(SHIZUISHAN, 18, cut=2),
    (SHIZUISHAN, 62): printed(SHIZUISHAN, 62, cut=4),
    (JINGDEZHEN, 342): printed(JINGDEZHEN, 342, 344, cut=2),
    (JINGDEZHEN, 346): printed(JINGDEZHEN, 346, 348, cut=2),
    (JINGDEZHEN, 350): printed(JINGDEZHEN, 350, 352, cut=2),
    (JINGDEZHEN, 360): printed(JINGDEZHEN, 360, cut=2),
    (JINGDEZHEN, 99): printed(JINGDEZHEN, 99, cut=3),
    (JINGDEZHEN, 229): printed(JINGDEZHEN, 229, cut=2),
}


@pytest.mark.parametrize(("path", "expected"), EXPECTED, ids=[f"{p.name[:8]}-{e['line']}" for p, e in EXPECTED])
def test_representative_records(results, path, expected):
    m = record(results, path, expected["line"], expected["number"])
    got = m.contract()
    assert got["doc"] == path.name
    assert got["text"] == TEXTS[(path, expected["line"])]
    del got["doc"], got["text"]
    assert got == expected


def test_progress_records_from_the_one_line_report(results):
    # 红谷滩: title on line 1, the whole report on line 2 (9 KB); 14 indicator paragraphs.
    ms = results[HONGGUTAN].measures
    assert [(m.line, m.number, m.kind) for m in ms] == [(2, str(i), "progress") for i in range(1, 15)]
    first = ms[0].contract()
    body = raw(HONGGUTAN, 2)
    start = body.index("1.政务服务指标")
    end = body.index(" 2.办理建筑许可指标")
    assert first["text"] == body[start + 2 : end]
    assert ms[0].span == (start, end)
    del first["text"]
    assert first == {
        "doc": HONGGUTAN.name,
        "line": 2,
        "number": "1",
        "section": "各指标部工作开展情况",
        "title": "政务服务指标",
        "kind": "progress",
        "lead": [{"name": "南昌市红谷滩区政务服务数据管理局", "mention": "区政数局"}],
        "co": [],
        "lead_inherited": False,
        "platforms": [],
        "deadline": None,  # "截至目前" and "2022年6月27日至2023年9月25日" report work done
        "repairs": [],
    }
    assert [m.title for m in ms][4:7] == ["获得用水用气指标", "纳税指标", "获得信贷指标"]
    assert [u.mention for m in ms for u in m.lead][4] == "区城管执法局"


def test_plans_and_jurisdictions(results):
    jdz = results[JINGDEZHEN].plans
    assert len(jdz) == 8 and {p.jurisdiction.name for p in jdz} == {"景德镇市"}
    assert {p.year for p in jdz} == {2022}
    jj = results[JIUJIANG].plans
    assert [(p.kind, p.attachment, p.jurisdiction.name) for p in jj] == [
        ("plan", "", "芜湖市鸠江区"),
        ("roster", "附件1", "芜湖市鸠江区"),
        ("plan", "附件2", "芜湖市鸠江区"),
    ]
    (hgt,) = results[HONGGUTAN].plans
    assert (hgt.kind, hgt.jurisdiction.name, hgt.key) == ("report", "南昌市红谷滩区", f"{HONGGUTAN.name}#1")
    (szs,) = results[SHIZUISHAN].plans
    assert szs.jurisdiction.name == "石嘴山市" and szs.jurisdiction.inferred  # the name is redacted
    gz = results[GANZHOU].plans
    assert len(gz) == 20 and gz[5].attachment == "附件5" and gz[5].title == "納稅提升行動方案"
    assert {p.jurisdiction.name for p in gz} == {"赣州市"} and gz[0].issued == "2021-05-06"


def test_measures_keep_extras(results):
    m = record(results, JINGDEZHEN, 342)
    assert m.responsibility == "〔责任单位:各政策主管部门、市财政局、市政数局;完成时限:2022630日〕"
    assert m.responsibility_line == 354 and m.plan == f"{JINGDEZHEN.name}#324"
    m = record(results, GANZHOU, 215)
    assert m.responsibility_line == 217 and m.indicator == "获得用水用气"
    assert m.section_path == ("二、",)
    m = record(results, JIUJIANG, 291)
    assert m.indicator == "开办企业"
    m = record(results, HONGGUTAN, 2, "6")
    assert m.indicator == "纳税"


def test_counts_per_file(results):
    assert {p.name: len(r.measures) for p, r in results.items()} == {
        GANZHOU.name: 261,
        HONGGUTAN.name: 14,
        JINGDEZHEN.name: 70,
        JIUJIANG.name: 128,
        SHIZUISHAN.name: 73,
    }


def test_roster_task_forces(results):
    tfs = results[JIUJIANG].task_forces
    assert len(tfs) == 18
    first = tfs[0]
    # 鸠江 lines 85-93
    assert (first.line, first.name, first.indicator, first.office) == (85, "开办企业指标工作专班", "开办企业", "区市监局")
    assert [u.mention for u in first.lead] == ["区市监局"]
    assert [u.mention for u in first.members] == ["区市监局", "鸠江公安局", "区财政局", "区商务局", "人社局", "数据资源局", "税务局"]
    assert [(p.role, p.name, p.unit, p.phone, p.line) for p in first.people] == [
        ("组长", "徐光耀", "副区长", "", 87),
        ("副组长", "曹立群", "区市监局局长", "", 89),
        ("办公室主任", "曹立群", "区市监局", "", 91),
        ("联络员", "王蕊", "区市监局", "15357001681", 93),
    ]
    # 鸠江 lines 115-123: a branch name with 和 inside; the separator before 法院 was lost
    land = tfs[3]
    assert land.office == "市自然资源和规划局鸠江分局"
    assert [u.mention for u in land.members][:2] == ["市自然资源和规划局鸠江分局", "法院"]
    assert (land.people[-1].name, land.people[-1].unit, land.people[-1].phone) == (
        "黎文龙",
        "市自然资源和规划局鸠江分局",
        "13637093073",
    )
    # 鸠江 lines 135-143: leader names left blank in the source
    trade = tfs[5]
    assert [(p.role, p.name) for p in trade.people][:2] == [("组长", ""), ("副组长", "")]
    assert results[JIUJIANG].plans[1].kind == "roster"


# ---------------------------------------------------------------- batches


def test_batch_goes_on_past_bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    plain = tmp_path / "notice.txt"
    plain.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    batch = extract_paths([empty, SHIZUISHAN, binary, missing, plain])
    assert [r.document.name for r in batch.results] == [SHIZUISHAN.name, "notice.txt"]
    assert len(batch.errors) == 3
    for bad, err in zip((empty, binary, missing), batch.errors):
        assert str(bad) in err and "\n" not in err
    notice = batch.results[1]
    assert notice.measures == [] and any("no numbered items" in w for w in notice.warnings)


def test_jobs_keep_input_order_and_output(tmp_path):
    paths = [GANZHOU, JIUJIANG, SHIZUISHAN, HONGGUTAN, JINGDEZHEN, SHIZUISHAN]
    one = extract_paths(paths, jobs=1)
    two = extract_paths(paths, jobs=2)
    assert [r.document.name for r in two.results] == [p.name for p in paths]
    assert [[m.contract() for m in r.measures] for r in one.results] == [
        [m.contract() for m in r.measures] for r in two.results
    ]


def test_docx_task_table_rows_become_measures(tmp_path):
    # A .docx plan whose task list is a table (序号/任务/牵头单位/责任单位/完成时限); rows copied
    # from 景德镇 lines 358/360, the damaged date "20224月30日" included.
    import docx

    d = docx.Document()
    d.add_paragraph("景德镇市惠企政策兑现机制改革行动方案")
    d.add_paragraph("二、重点任务")
    table = d.add_table(rows=3, cols=5)
    rows = [
        ["序号", "任务", "牵头单位", "责任单位", "完成时限"],
        ["1", "完善“景快办”惠企政策兑现平台。搭建“景快办”惠企政策兑现平台,实现惠企政策全流程“一网通办”。",
         "市政数局", "各政策主管部门", "2022年4月30日"],
        ["2", "线下设立惠企政策兑现专窗。在市、县两级政务服务大厅设立“惠企政策兑现专窗”。",
         "市政数局", "各政策主管部门", "20224月30日"],
    ]  # fmt: skip
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    path = tmp_path / "plan.docx"
    d.save(str(path))
    (result,) = extract_paths([path]).results
    got = [
        (m.number, m.section, m.title, [u.mention for u in m.lead], [u.mention for u in m.co],
         m.deadline.date if m.deadline else None, m.lead_inherited)
        for m in result.measures
    ]  # fmt: skip
    assert got == [
        ("1", "重点任务", "完善“景快办”惠企政策兑现平台。", ["市政数局"], ["各政策主管部门"], "2022-04-30", False),
        ("2", "重点任务", "线下设立惠企政策兑现专窗。", ["市政数局"], ["各政策主管部门"], "2022-04-30", False),
    ]
    assert result.plans[0].jurisdiction.name == "景德镇市"
    assert "date-digits" in result.measures[1].repairs


def test_sections_with_heading_leads(results):
    # 鸠江 附件2: "一、开办企业指标领域(区市监局牵头)" (line 275) … "十八、包容普惠创新指标领域(区发改委牵头)" (line 531)
    secs = [s for s in results[JIUJIANG].sections if s.plan == f"{JIUJIANG.name}#271"]
    assert len(secs) == 18
    first, last = secs[0], secs[-1]
    assert (first.line, first.number, first.title, first.path) == (275, "一、", "开办企业指标领域", ("一、",))
    assert [u.mention for u in first.lead] == ["区市监局"] and first.indicator == "开办企业"
    assert (last.line, last.title, [u.mention for u in last.lead]) == (531, "包容普惠创新指标领域", ["区发改委"])
    # 石嘴山 line 57: "(六)优化不动产登记(市自然资源局牵头)" under "二、工作任务" (line 14)
    land = next(s for s in results[SHIZUISHAN].sections if s.line == 57)
    assert (land.number, land.title, land.path) == ("(六)", "优化不动产登记", ("二、", "(六)"))
    assert [u.name for u in land.lead] == ["石嘴山市自然资源局"]


def test_an_unexpected_failure_in_one_file_names_it_and_the_batch_goes_on(monkeypatch):
    import dutygraph.extract.pipeline as pipeline

    real = pipeline.extract_document

    def fragile(doc):
        if doc.name == JIUJIANG.name:
            raise RuntimeError("unexpected shape")
        return real(doc)

    monkeypatch.setattr(pipeline, "extract_document", fragile)
    batch = extract_paths([HONGGUTAN, JIUJIANG, SHIZUISHAN])
    assert [r.document.name for r in batch.results] == [HONGGUTAN.name, SHIZUISHAN.name]
    assert batch.errors == [f"{JIUJIANG}: extraction failed: RuntimeError: unexpected shape"]


def test_attachments_under_a_cover_notice_take_the_notice_s_place():
    # A file made of a cover notice and attachments whose titles name no place: the plans belong to the
    # place the notice speaks for (景德镇 line 3 is such a notice; here the place is a district).
    from dutygraph.loaders import load_bytes

    text = "\n".join([
        "鸠江区人民政府办公室关于印发2023年优化营商环境系列方案的通知",
        "各镇人民政府、各街道办事处:",
        "附件1",
        "开办企业提升行动方案",
        "一、主要措施",
        "1.推行企业开办“一件事一次办”。(区数管局牵头,区市监局配合)",
    ]) + "\n"
    result = extract_document(load_bytes(text.encode("utf-8"), path="notice.txt"))
    assert [p.jurisdiction.name for p in result.plans] == ["芜湖市鸠江区"]
    (m,) = result.measures
    assert [u.jurisdiction for u in m.lead + m.co] == ["芜湖市鸠江区", "芜湖市鸠江区"]


def test_loading_and_extraction_make_no_reference_cycles():
    """`gc_paused` (loaders/base.py) rests on this: loading and extracting a document leave no
    cyclic garbage, whatever the format, encoding or damage — every object made is freed by its
    reference count alone. (A kept exception's traceback and a recursive closure over an HTML cell
    once made cycles that held a whole file's lines or parsed page until a full collection.)"""
    import gc

    from dutygraph import synth
    from dutygraph.loaders import load_bytes

    docs = [(p.name, p.read_bytes()) for p in ALL]
    docs += [(d.name, d.data) for d in synth.generate(80, seed=5)]
    assert {n.rsplit(".", 1)[1] for n, _ in docs} >= {"txt", "docx", "html"}
    # warm up with one file of each format: a format's module is imported on first use, and
    # @dataclass(slots=True) leaves the class it replaces behind as cyclic garbage, once
    warm = {n.rsplit(".", 1)[1]: (n, d) for n, d in reversed(docs)}
    for name, data in warm.values():
        extract_document(load_bytes(data, path=name))
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for name, data in docs:
            extract_document(load_bytes(data, path=name))
        gc.collect()
        garbage = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    assert garbage == []


def test_extract_paths_restores_the_garbage_collector(tmp_path):
    import gc

    assert gc.isenabled()
    extract_paths([str(GANZHOU), str(tmp_path / "missing.txt")])
    assert gc.isenabled()
    gc.disable()
    try:
        extract_paths([str(GANZHOU)])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_extract_document_pauses_the_collector_as_gc_paused_did(monkeypatch):
    """`extract_document` runs `_extract_document` with the collector off, turns it on again after (an
    error too), and leaves a collector its caller paused paused — what `with gc_paused():` did. The
    result is `_extract_document`'s own."""
    import gc

    import dutygraph.extract.pipeline as pipeline
    from dutygraph.loaders.base import gc_paused

    doc = load(GANZHOU)
    seen: list[bool] = []
    real = pipeline._extract_document

    def spy(d):
        seen.append(gc.isenabled())
        if d is None:
            raise RuntimeError("boom")
        return real(d)

    monkeypatch.setattr(pipeline, "_extract_document", spy)
    assert gc.isenabled()
    res = extract_document(doc)
    assert seen == [False] and gc.isenabled()
    with pytest.raises(RuntimeError):
        extract_document(None)  # type: ignore[arg-type]
    assert seen == [False, False] and gc.isenabled()  # on again after an error
    with gc_paused():
        extract_document(doc)
        assert not gc.isenabled()  # (nested: left paused)
    assert seen == [False] * 3 and gc.isenabled()
    assert repr(res) == repr(real(doc))


def test_extract_document_reads_the_agency_table_path_once_a_document_and_a_changed_variable_next(
    tmp_path, monkeypatch
):
    """`extract_document` fixes `_agencies_path()` for its document's clauses (`document_agencies`) and
    empties it after (an error too): a $DUTYGRAPH_DATA changed between documents keys the next one's parse
    memo, and a clause read outside a document reads the variable itself, as before."""
    import shutil

    import dutygraph.extract.pipeline as pipeline
    from dutygraph.extract import responsibility as R
    from dutygraph.extract.reference import data_file
    from dutygraph.paths import data_dir

    for f in data_dir().glob("*.toml"):
        shutil.copy(f, tmp_path / f.name)
    doc = load(GANZHOU)
    before = data_file("agencies.toml")
    other = str(tmp_path / "agencies.toml")
    seen: list[str] = []
    real = pipeline._extract_document

    def spy(d):
        seen.append(R._DOC_AGENCIES[0])
        if d is None:
            raise RuntimeError("boom")
        return real(d)

    monkeypatch.setattr(pipeline, "_extract_document", spy)
    assert R._DOC_AGENCIES[0] == ""
    first = extract_document(doc)
    assert seen == [before] and R._PARSED_FOR[0] == before and R._DOC_AGENCIES[0] == ""
    monkeypatch.setenv("DUTYGRAPH_DATA", str(tmp_path))
    second = extract_document(doc)
    assert seen == [before, other] and R._PARSED_FOR[0] == other and R._DOC_AGENCIES[0] == ""
    assert repr(second) == repr(first)  # (the same tables)
    with pytest.raises(RuntimeError):
        extract_document(None)  # type: ignore[arg-type]
    assert seen == [before, other, other] and R._DOC_AGENCIES[0] == ""  # emptied after an error
    monkeypatch.delenv("DUTYGRAPH_DATA")
    text = "(市发改委牵头,市财政局配合)"
    got = R._result(text, text, 0, len(text), (1, len(text) - 1))  # outside a document: the variable read
    assert got is not None and got.lead == ("市发改委",) and R._PARSED_FOR[0] == before
    R.document_agencies(True)  # within one: kept, a change of the variable not read per clause
    try:
        monkeypatch.setenv("DUTYGRAPH_DATA", str(tmp_path))
        R._result(text, text, 0, len(text), (1, len(text) - 1))
        assert R._PARSED_FOR[0] == before
    finally:
        R.document_agencies(False)
    R._result(text, text, 0, len(text), (1, len(text) - 1))
    assert R._PARSED_FOR[0] == other


def test_a_worker_chunk_pauses_the_collector_over_each_file_and_its_finish(monkeypatch):
    """A pool worker runs with the collector on (`_worker_init`): `_extract_chunk` pauses it over each
    file's load and extraction and its `finish`, so no collection walks the document or its records
    while they are alive; it is on again between files and after the chunk. The outcomes are the
    same as `_extract_path`'s, finished."""
    import gc

    import dutygraph.extract.pipeline as pipeline

    seen: list[tuple[str, bool]] = []
    real = pipeline._extract_path

    def extract_path(path: str):
        seen.append(("extract", gc.isenabled()))
        return real(path)

    def finish(res):
        seen.append(("finish", gc.isenabled()))
        return len(res.measures)

    monkeypatch.setattr(pipeline, "_extract_path", extract_path)
    files = [(0, str(GANZHOU)), (1, str(HONGGUTAN))]
    assert gc.isenabled()
    out = pipeline._extract_chunk(files, finish)
    assert gc.isenabled()
    assert seen == [("extract", False), ("finish", False)] * 2
    assert out == [(len(real(p)[0].measures), None) for _, p in files]
    gc.disable()
    try:  # the caller's choice is kept: a paused collector stays paused
        pipeline._extract_chunk(files[:1], None)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("jobs", [1, 2])
def test_iter_extract_reads_its_input_as_it_goes(jobs, monkeypatch):
    """Bounded memory, structurally: an endless input still gives outcomes, in input order, and no
    more than a window of files is read ahead of what has been handed out."""
    import itertools

    import dutygraph.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "STREAM_CHUNK", 2)
    samples = [HONGGUTAN, SHIZUISHAN, HONGGUTAN, JIUJIANG]
    pulled = 0
    ahead = pipeline.MIN_FILES_PER_WORKER * 2 + jobs * pipeline.STREAM_WINDOW * pipeline.STREAM_CHUNK

    def endless():  # blows up if read much further than the window (e.g. made into a list)
        nonlocal pulled
        for p in itertools.cycle(samples):
            pulled += 1
            assert pulled <= 30 + ahead + 1, "the input was read far ahead of the outcomes"
            yield p

    outcomes = pipeline.iter_extract(endless(), jobs=jobs)
    names = []
    for path, result, error in itertools.islice(outcomes, 30):
        assert error is None and result is not None and result.document.path == str(path)
        names.append(result.document.name)
        assert pulled <= len(names) + ahead
    outcomes.close()  # stops the pool's workers
    assert names == [p.name for p in itertools.islice(itertools.cycle(samples), 30)]


def test_iter_extract_gives_errors_in_place(tmp_path):
    from dutygraph.extract.pipeline import iter_extract

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    paths = [HONGGUTAN, empty, SHIZUISHAN, tmp_path / "missing.txt", HONGGUTAN]
    got = list(iter_extract(paths, jobs=2))
    assert [p for p, _, _ in got] == [str(p) for p in paths]
    assert [r is None for _, r, _ in got] == [False, True, False, True, False]
    assert str(empty) in got[1][2] and "missing.txt" in got[3][2]


_HALF_SENT = r'''
import os, struct, sys, threading, time
from concurrent.futures import ProcessPoolExecutor
from dutygraph.extract import pipeline

pool = ProcessPoolExecutor(max_workers=2)
pool.submit(time.sleep, 60)  # a worker busy for good (like one reading a FIFO nobody writes to)
time.sleep(0.5)
# what a worker ended in the middle of sending its result leaves in the pool's result pipe: a
# message's length and none of its bytes; the pool's manager thread now waits for those bytes
os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 1000))
time.sleep(0.5)
if sys.argv[1] == "end_workers":
    pipeline._end_workers(pool)
else:  # what iter_extract did before: terminate the workers only
    for proc in list(pool._processes.values()):
        proc.terminate()
pool.shutdown(wait=True, cancel_futures=True)
print("shut down")
'''


@pytest.mark.parametrize("how", ["end_workers", "terminate_only"])
def test_ending_workers_mid_send_does_not_hang_shutdown(how, tmp_path):
    """Seen under load: SIGTERM to `extract --jobs 2 --output F` ended a worker in the middle of sending
    its result, and the process then hung for good in ProcessPoolExecutor.shutdown (its manager thread
    blocked reading the rest of that message). _end_workers must let it finish; terminating the workers
    alone must not (the check that this test reproduces the hang)."""
    import subprocess
    import sys

    script = tmp_path / "half_sent.py"
    script.write_text(_HALF_SENT, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), how], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=60 if how == "end_workers" else 10)
        finished = True
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        finished = False
    if how == "end_workers":
        assert finished and proc.returncode == 0 and out == b"shut down\n", err.decode()
    else:
        assert not finished


def test_records_unpickle_through_their_builders(results):
    """A pickled result (a pool worker's, a cache entry) names each record's record_builder constructor
    (`_load_<Class>`, this module's global), not its frozen class: it loads as equal records of the same
    classes."""
    import pickle

    from dutygraph.extract import pipeline

    for res in results.values():
        data = pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL)
        assert b"_load_Measure" in data or not res.measures
        back = pickle.loads(data)
        assert back == res
        assert [type(m) for m in back.measures] == [type(m) for m in res.measures]
        assert [type(u) for m in back.measures for u in m.lead] == [type(u) for m in res.measures for u in m.lead]
    assert pipeline._load_Measure.__qualname__ == "_load_Measure"
