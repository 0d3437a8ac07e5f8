"""`rosters._task_force` reads a paragraph's own norm and builds its records by position (record_builder)
with the task force's indicator memoised; the form before it normalised each paragraph's text again and
called the record classes by keyword (and `dataclasses.replace` for the lead). Both must give the same
records — equal, and the same pickle bytes (which objects are shared decides how pickle writes them)."""

from __future__ import annotations

import dataclasses
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph import synth
from dutygraph.extract import rosters
from dutygraph.extract.indicators import find_indicator
from dutygraph.extract.resolve import resolver_for
from dutygraph.extract.structure import outline
from dutygraph.extract.units import split_units
from dutygraph.loaders import load, load_bytes
from dutygraph.loaders.normalize import normalize
from dutygraph.records import Jurisdiction, Person, TaskForce

ROOT = Path(__file__).resolve().parents[1]
JIUJIANG = Jurisdiction("芜湖市鸠江区", "district", parent="芜湖市", short="鸠江区")


def _old_task_force(block: dict, *, plan_key: str, doc: str, resolver) -> TaskForce:
    """The form before (as of c9cefa9), verbatim but for the module's names."""
    people: list[Person] = []
    members: list[str] = []
    office = ""
    leaders = 0
    for p in block["paras"]:
        text = p.text.strip()
        norm = normalize(text)
        if m := rosters._RE_LEADER.match(norm):
            role_printed = m.group("role")
            deputy = "副" in role_printed or leaders > 0
            leaders += 1
            rest = text[m.start("rest") :].strip()
            parts = rest.split(None, 1)
            name = parts[0] if parts and not re.search(r"区长|局长|主任|院长|常委|书记|部长|\(", parts[0]) else ""
            post = (parts[1] if name and len(parts) > 1 else rest if not name else "").strip()
            people.append(Person(name=name, role="副组长" if deputy else "组长", unit=post, line=p.line))
            continue
        if m := rosters._RE_LIAISON.match(norm):
            rest = text[m.start("rest") :].strip()
            phone_m = rosters._RE_PHONE.search(rest)
            phone = phone_m.group(0) if phone_m else ""
            who = (rest[: phone_m.start()] if phone_m else rest).strip(" ,，。")
            unit, name = who, ""
            if um := rosters._RE_UNIT_NAME.match(who):
                unit, name = um.group("unit"), um.group("name")
            people.append(Person(name=name, role="联络员", unit=unit, phone=phone, line=p.line))
            continue
        if mm := rosters._RE_MEMBERS.search(norm):
            members = split_units(text[mm.start("units") : mm.end("units")])
            if om := rosters._RE_OFFICE.search(norm):
                s = text[om.start("office") : om.end("office")]
                office = re.split(r"(?<=[局委院办心司团队所])[\u4e00-\u9fff]{2,4}同志", s, maxsplit=1)[0].strip()
            if hm := rosters._RE_OFFICE_HEAD.search(norm):
                people.append(
                    Person(name=text[hm.start("name") : hm.end("name")], role="办公室主任", unit=office, line=p.line)
                )
    name = block["name"]
    lead = resolver.units([office]) if office else ()
    if lead and lead[0].mention is not office:
        lead = (dataclasses.replace(lead[0], mention=office),)
    return TaskForce(
        doc=doc,
        line=block["line"],
        plan=plan_key,
        name=name,
        indicator=find_indicator(name),
        lead=tuple(lead),
        members=tuple(resolver.units(members)),
        office=office,
        people=tuple(people),
    )


def _roster_plans(docs):
    for doc in docs:
        for po in outline(doc):
            if po.kind == "roster":
                yield doc, po


def _both(monkeypatch, doc, po, jurisdiction):
    """Each form's records, both read with the resolver's memo filled by an earlier reading (as for every
    document after the first: its cached units carry that reading's mention strings, so which objects the
    records share is the same for both)."""
    resolver = resolver_for(jurisdiction)
    key = f"{doc.name}#{po.line}"
    rosters.parse_roster(po, plan_key=key, doc=doc.name, resolver=resolver)
    new = rosters.parse_roster(po, plan_key=key, doc=doc.name, resolver=resolver)
    with monkeypatch.context() as mp:
        mp.setattr(rosters, "_task_force", _old_task_force)
        old = rosters.parse_roster(po, plan_key=key, doc=doc.name, resolver=resolver)
    return new, old


def _same(new, old):
    assert new == old
    assert repr(new) == repr(old)
    assert pickle.dumps(new, protocol=5) == pickle.dumps(old, protocol=5)


def test_jiujiang_rosters_read_the_same(monkeypatch):
    doc = load(str(ROOT / "data/plans/jiujiang-2023-business-environment-action-plan.txt"))
    plans = list(_roster_plans([doc]))
    assert plans
    count = 0
    for doc, po in plans:
        new, old = _both(monkeypatch, doc, po, JIUJIANG)
        _same(new, old)
        count += len(new)
    assert count == 18


def test_synthetic_rosters_read_the_same(monkeypatch):
    """Generated rosters (some in traditional characters, damaged text among them), txt/html/docx."""
    docs = []
    for d in synth.generate(400, seed=5):
        if "roster" in d.name:
            docs.append(load_bytes(d.data, path=d.name))
        if len(docs) >= 24:
            break
    assert len(docs) >= 12
    people = traditional = 0
    for doc, po in _roster_plans(docs):
        for jurisdiction in (JIUJIANG, Jurisdiction(name="", level="")):
            new, old = _both(monkeypatch, doc, po, jurisdiction)
            _same(new, old)
            people += sum(len(tf.people) for tf in new)
        traditional += any(p.norm != p.text for p in po.paras)
    assert people > 50 and traditional


@pytest.mark.parametrize(
    "text",
    [
        "一、開辦企業指標工作專班\n  組長:徐光耀    副區長\n   長:曹立群    區市監局局長\n"
        "工作專班由區市監局、鳩江公安局、區財政局等單位組成,辦公室設在區市監局曹立群同志兼任辦公室主任。\n"
        "專班聯絡員:區市監局王蕊15357001681\n",
        "一、获得电力指标工作专班\n组长:张三 区长\n副组长:李四\n长:王五    局长\n"
        "工作专班由区发改委、供电公司组成，办公室设在区发改委赵六同志任办公室主任。\n联络员：区发改委孙七 0553-1234567\n"
        "联络员:\u3000供电公司\n二、纳税指标工作专班\n由税务局组成\n",
    ],
)
def test_hand_made_rosters_read_the_same(monkeypatch, text):
    doc = load_bytes(("鸠江区优化营商环境工作专班名单\n" + text).encode("utf-8"), path="roster.txt")
    plans = list(_roster_plans([doc]))
    assert plans
    seen = 0
    for doc, po in plans:
        new, old = _both(monkeypatch, doc, po, JIUJIANG)
        _same(new, old)
        seen += sum(len(tf.people) for tf in new)
    assert seen >= 4


def _span_of(m):
    return None if m is None else m.span("name")


_OFFICE_PIECES = st.sampled_from([
    "同志", "同", "志", "兼", "任", "兼任办公室主任", "任办公室主任", "办公室主任", "办公室设在", "区市监局", "局", "委", "院",
    "办", "中心", "司", "团", "队", "所", ",", "，", "。", "曹立群", "张三", "王", "欧阳修文", "a", "1", " ", "\u3000",
])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_OFFICE_PIECES, max_size=14).map("".join))
def test_office_head_is_the_search_from_the_start(s):
    # a match is 2-4 CJK characters then 同志: searched from 4 before the first 同志 (the look-behind still
    # reading the character before), the same leftmost match as from 0
    assert rosters._office_head_span(s) == _span_of(rosters._RE_OFFICE_HEAD.search(s))


def test_office_head_on_the_samples_and_synthetic_rosters():
    docs = [load(str(p)) for p in sorted((ROOT / "data/plans").glob("*.txt"))]
    docs += [load_bytes(d.data, path=d.name) for d in synth.generate(400, seed=5) if "roster" in d.name]
    found = 0
    for doc in docs:
        for line in doc.lines:
            want = _span_of(rosters._RE_OFFICE_HEAD.search(line.norm))
            assert rosters._office_head_span(line.norm) == want, line.norm
            found += want is not None
    # the head right after the unit (the look-behind before the search's start), one at the text's start
    for s, name in (("办公室设在区市监局曹立群同志兼任办公室主任", "曹立群"), ("局张三同志任办公室主任", "张三"),
                    ("，欧阳修文同志任办公室主任", "欧阳修文"), ("张三同志任办公室主任", None)):
        got = rosters._office_head_span(s)
        assert (got and s[got[0] : got[1]]) == (name or None) and got == _span_of(rosters._RE_OFFICE_HEAD.search(s))
    assert found >= 20


# The paragraph reads by position (compiled: typed loops) pinned to the regexes they stand for.
_PARA_PIECES = st.sampled_from([
    "副", "组", "长", " ", "\u3000", "\t", "\n", ":", "：", "专班", "联络员", "专", "由", "等", "单位", "部门", "组成", "组",
    "办公室设在", "办公室", ",", "，", "。", ";", "；", "区商务局", "张三", "a", "1", "局", "区", "院", "部", "主", "任",
    "常", "委", "书", "记", "(", "同志", "任办公室主任", "兼", "0", "1", "-", "12", "0553", "1234567", "１", "٣", "心",
    "分局", "中心", "法院", "王蕊", "欧阳修文",
])


def _start(m, group):
    return -1 if m is None else m.start(group)


def _span(m, group):
    return None if m is None else m.span(group)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PARA_PIECES, max_size=12).map("".join))
def test_paragraph_reads_are_the_regexes(s):
    assert rosters._leader_rest(s) == _start(rosters._RE_LEADER.match(s), "rest")
    assert rosters._liaison_rest(s) == _start(rosters._RE_LIAISON.match(s), "rest")
    assert rosters._members_span(s) == _span(rosters._RE_MEMBERS.search(s), "units")
    assert rosters._office_span(s) == _span(rosters._RE_OFFICE.search(s), "office")
    assert rosters._looks_like_post(s) == (rosters._RE_POST.search(s) is not None)
    assert rosters._office_unit(s) == rosters._RE_OFFICE_PERSON.split(s, maxsplit=1)[0].strip()
    assert rosters._office_head_span(s) == _span(rosters._RE_OFFICE_HEAD.search(s), "name")
    phone = rosters._RE_PHONE.search(s)
    assert rosters._phone_span(s) == (None if phone is None else phone.span())
    assert rosters._unit_name_cut(s) == _start(rosters._RE_UNIT_NAME.match(s), "name")


def test_paragraph_reads_on_the_samples_and_synthetic_rosters():
    docs = [load(str(p)) for p in sorted((ROOT / "data/plans").glob("*.txt"))]
    docs += [load_bytes(d.data, path=d.name) for d in synth.generate(400, seed=5) if "roster" in d.name]
    hits = [0, 0, 0, 0]
    for doc in docs:
        for line in doc.lines:
            s = line.norm
            for k, (got, want) in enumerate((
                (rosters._leader_rest(s), _start(rosters._RE_LEADER.match(s), "rest")),
                (rosters._liaison_rest(s), _start(rosters._RE_LIAISON.match(s), "rest")),
                (rosters._members_span(s), _span(rosters._RE_MEMBERS.search(s), "units")),
                (rosters._office_span(s), _span(rosters._RE_OFFICE.search(s), "office")),
            )):
                assert got == want, (k, s)
                hits[k] += want not in (-1, None)
            assert rosters._looks_like_post(line.text) == (rosters._RE_POST.search(line.text) is not None)
    assert min(hits) >= 10, hits
