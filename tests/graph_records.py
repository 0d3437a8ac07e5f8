"""Hand-built extraction records for the graph/export tests, copied from the sample documents
(file + line cited on each). They stand in for the extraction pipeline so the graph stage is tested
on its own; `sample_batch()` returns a fresh BatchResult each call."""

from __future__ import annotations

from dutygraph import records as r

GZ = "ganzhou-2021-business-environment-action-plan.txt"
JJ = "jiujiang-2023-business-environment-action-plan.txt"
JDZ = "jingdezhen-2022-special-action-plans.txt"

GANZHOU = r.Jurisdiction("赣州市", "city", parent="江西省", short="赣州市")
JIUJIANG = r.Jurisdiction("芜湖市鸠江区", "district", parent="芜湖市", short="鸠江区")
JINGDEZHEN = r.Jurisdiction("景德镇市", "city", parent="江西省")


def _doc(name: str, sha: str) -> r.Document:
    return r.Document(path=f"data/plans/{name}", name=name, sha256=sha, encoding="utf-8", fmt="txt", lines=())


def _gz(name: str, mention: str, *, collective: bool = False) -> r.UnitRef:
    return r.UnitRef(name, mention, collective=collective, jurisdiction="赣州市")


def ganzhou() -> r.DocResult:
    # ganzhou file, line 9: the plan title; line 83 附件1 (attachment plan) with heading lead at line 85
    plan = r.Plan(f"{GZ}#9", GZ, 9, "贛州市優化提升營商環境專項行動方案", GANZHOU, issuer="贛州市優化營商環境工作領導小組",
                  issued="2021-05-06", year=2021, sha256="a" * 64)
    att1 = r.Plan(f"{GZ}#83", GZ, 83, "企業開辦及注銷提升行動方案", GANZHOU, year=2021, attachment="附件1",
                  sha256="a" * 64)
    shenpi = _gz("赣州市行政审批局", "市行政審批局")
    shijian = _gz("赣州市市场监督管理局", "市市場監管局")
    counties = _gz("赣州市各县(市、区)人民政府", "各縣〔市、區〕人民政府", collective=True)
    sections = [
        # line 91 "二、主要舉措", line 93 "?。ㄒ唬﹥灮_辦企業環節" (mojibake "(一)")
        r.Section(GZ, 91, att1.key, "二、", "主要舉措", ("二、",)),
        r.Section(GZ, 93, att1.key, "(一)", "優化開辦企業環節", ("二、", "(一)"), indicator="开办企业"),
    ]
    m95 = r.Measure(
        GZ, 95, "1", "主要舉措 > 優化開辦企業環節", "線上“一網通辦”。",
        "1.線上“一網通辦”。整合各類企業開辦事項和網上服務資源……(市市場監管局、市行政審批局牽頭,市公安局、市人社局、"
        "市稅務局、市住房公積金管理中心、市大數據局、人民銀行贛州中心支行按職責分工負責)",
        "measure", lead=(shijian, shenpi),
        co=(_gz("赣州市公安局", "市公安局"), _gz("赣州市人力资源和社会保障局", "市人社局"),
            _gz("国家税务总局赣州市税务局", "市稅務局")),
        platforms=(r.PlatformRef("一网通办", "一網通辦"),), plan=att1.key, section_path=("二、", "(一)"),
        responsibility_line=95)
    m99 = r.Measure(
        GZ, 99, "3", "主要舉措 > 優化開辦企業環節", "落實“馬上就辦”。",
        "3.落實“馬上就辦”。各級政務服務中心組建專業團隊為企業提供咨詢、輔導、幫辦等一站式服務……"
        "(市行政審批局牽頭,各縣〔市、區〕人民政府按職責分工負責)",
        "measure", lead=(shenpi,), co=(counties,), plan=att1.key, section_path=("二、", "(一)"),
        responsibility_line=99)
    # ganzhou file, line 149: 赣服通 + 网上国网, two leads by 按職責分工負責 without 牵头
    m149 = r.Measure(
        GZ, 149, "2", "主要舉措 > 優化獲得電力流程", "全面推廣線上辦電服務。",
        "2.全面推廣線上辦電服務。提供“贛服通”、“網上國網”APP等線上辦電報裝渠道……"
        "(國網贛州供電公司、市行政審批局按職責分工負責)",
        "measure", lead=(_gz("国网赣州供电公司", "國網贛州供電公司"), shenpi),
        platforms=(r.PlatformRef("赣服通", "贛服通"), r.PlatformRef("网上国网", "網上國網")),
        deadline=r.Deadline("2021年底前", "2021-12-31", "date"), plan=plan.key, indicator="获得电力",
        responsibility_line=149)
    return r.DocResult(_doc(GZ, "a" * 64), plans=[plan, att1], sections=sections, measures=[m95, m99, m149])


def jiujiang() -> r.DocResult:
    plan = r.Plan(f"{JJ}#19", JJ, 19, "鸠江区创建一流营商环境提升行动方案", JIUJIANG, issuer="鸠江区创建一流营商环境工作领导小组",
                  issued="2023-02-06", year=2023, sha256="b" * 64)
    roster = r.Plan(f"{JJ}#81", JJ, 81, "鸠江区各营商环境评价指标工作专班名单", JIUJIANG, kind="roster", year=2023,
                    attachment="附件1", sha256="b" * 64)
    shijian = r.UnitRef("芜湖市鸠江区市场监督管理局", "区市监局", jurisdiction="芜湖市鸠江区")
    # jiujiang file, line 275: "一、开办企业指标领域(区市监局牵头)"
    sec = r.Section(JJ, 275, plan.key, "一、", "开办企业指标领域", ("一、",), lead=(shijian,), indicator="开办企业")
    # jiujiang file, line 277: no bracket of its own -> inherits the heading's lead
    m277 = r.Measure(JJ, 277, "1", "开办企业指标领域", "积极开展“一业一证一码”改革试点",
                     "1.积极开展“一业一证一码”改革试点,加快推进涉企经营许可事项“一网通办、一证准营、一码共享”。",
                     "measure", lead=(shijian,), lead_inherited=True,
                     platforms=(r.PlatformRef("一网通办", "一网通办"),), plan=plan.key, section_path=("一、",),
                     responsibility_line=275)
    # jiujiang file, line 291: (区市监局牵头,鸠江公安局、区数管局按职责分工负责)
    m291 = r.Measure(JJ, 291, "8", "开办企业指标领域", "全面推广电子营业执照、电子印章应用。",
                     "8.全面推广电子营业执照、电子印章应用。……(区市监局牵头,鸠江公安局、区数管局按职责分工负责)",
                     "measure", lead=(shijian,),
                     co=(r.UnitRef("芜湖市公安局鸠江分局", "鸠江公安局", jurisdiction="芜湖市鸠江区"),
                         r.UnitRef("芜湖市鸠江区数据资源管理局", "区数管局", jurisdiction="芜湖市鸠江区")),
                     plan=plan.key, section_path=("一、",), responsibility_line=291)
    # jiujiang file, lines 85-93: the 开办企业 task force, its people and the liaison's phone
    tf = r.TaskForce(
        JJ, 85, roster.key, "开办企业指标工作专班", "开办企业",
        lead=(shijian,),
        members=(r.UnitRef("芜湖市公安局鸠江分局", "鸠江公安局", jurisdiction="芜湖市鸠江区"),
                 r.UnitRef("芜湖市鸠江区财政局", "区财政局", jurisdiction="芜湖市鸠江区")),
        office="办公室设在区市监局曹立群同志兼任办公室主任",
        people=(r.Person("徐光耀", "组长", "副区长", line=87), r.Person("曹立群", "副组长", "区市监局局长", line=89),
                r.Person("王蕊", "联络员", "区市监局", phone="15357001681", line=93)))
    return r.DocResult(_doc(JJ, "b" * 64), plans=[plan, roster], sections=[sec], measures=[m277, m291],
                       task_forces=[tf])


def jingdezhen() -> r.DocResult:
    plan = r.Plan(f"{JDZ}#324", JDZ, 324, "景德镇市惠企政策兑现机制改革行动方案", JINGDEZHEN, year=2022, sha256="c" * 64)
    secs = [r.Section(JDZ, 332, plan.key, "二、", "重点任务", ("二、",)),
            r.Section(JDZ, 338, plan.key, "(二)", "精简申报兑现流程", ("二、", "(二)"))]
    units = (r.UnitRef("景德镇市各政策主管部门", "各政策主管部门", collective=True, jurisdiction="景德镇市"),
             r.UnitRef("景德镇市财政局", "市财政局", jurisdiction="景德镇市"),
             r.UnitRef("景德镇市政务服务数据管理局", "市政数局", jurisdiction="景德镇市"))
    # jingdezhen file, line 354: 〔责任单位:各政策主管部门、市财政局、市政数局;完成时限:2022630日〕 covers 342/346/350
    due = r.Deadline("2022630日", "2022-06-30", "date", repairs=("date-digits",))
    ms = [r.Measure(JDZ, line, num, "重点任务 > 精简申报兑现流程", title, f"{num}.{title}……", "measure", lead=units,
                    lead_inherited=True, deadline=due, plan=plan.key, section_path=("二、", "(二)"),
                    responsibility_line=354, repairs=("date-digits",))
          for line, num, title in ((342, "1", "免申即享。"), (346, "2", "即申即享。"), (350, "3", "承诺兑现。"))]
    return r.DocResult(_doc(JDZ, "c" * 64), plans=[plan], sections=secs, measures=ms)


def sample_batch() -> r.BatchResult:
    return r.BatchResult(results=[ganzhou(), jiujiang(), jingdezhen()],
                         errors=["broken.txt: not a text file (binary content)"])
