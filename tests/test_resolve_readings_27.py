"""Round 27's shortcuts in resolve.py, each pinned to the form it replaces:
- `_base_free(table, rest)` is `_base(table, rest, province)` for every province when that is one name
  (and None only where some province would name it otherwise, or it has no base name);
- a `_PATTERN` reading (rule 7 without a listed place in the key) answers as the rules in full
  (`_resolution_of`), in the plan's own or city place too (where it leaves them to the rules);
- `_unexplained` (a cache miss, the cache not asked twice) answers and counts as `_explained` did;
- `alias_table()` is `_alias_table(data_file("agencies.toml"))` for every $DUTYGRAPH_DATA.
No timings."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import resolve
from dutygraph.extract.reference import data_file
from dutygraph.extract.resolve import (
    AliasTable,
    Resolver,
    _base,
    _base_free,
    _read_resolution,
    _resolution_of,
    alias_table,
)
from dutygraph.records import Jurisdiction

from test_resolve_readings import PLACES, _mentions, _same

_TABLE = alias_table()
_PROVINCES = sorted({p for _, by_prov in _TABLE.base.values() for p, _ in by_prov}) + [None, "某省"]
_TOY = AliasTable(
    base={"公安局": ("公安局", ()), "财政局": ("财政局", (("江西省", "财政厅"),)),
          "市监局": ("市场监督管理局", ()), "发改委": ("发展和改革委员会", (("宁夏回族自治区", "发改委"),))},
    place={}, local={}, collective_prefixes=("各",), collective_contains=(), collective_suffixes=(),
)


def _base_free_as_it_reads(table: AliasTable, rest: str) -> str | None:
    """What `_base_free` must answer: `_base` if one name in every province (asked of each), else None."""
    names = {_base(table, rest, p) for p in [*_PROVINCES, "江西省", "宁夏回族自治区"]}
    if len(names) == 1:
        return names.pop()
    return None


def _rests(table: AliasTable) -> list[str]:
    keys = sorted(table.base)
    out = list(keys)
    for k in keys:
        if k.endswith(("局", "委", "办")):
            out += [k + "鸠江分局", k + "南康分局", k + "一二三四分局", k + "分局"]
    return out + ["", "分局", "局分局", "X局青山分局", "不知局"]


def test_base_free_is_base_in_every_province():
    for table in (_TABLE, _TOY):
        for rest in _rests(table):
            assert _base_free(table, rest) == _base_free_as_it_reads(table, rest), rest
    # (the toy table's province names are met: a name by province is not province-free)
    assert _base_free(_TOY, "财政局") is None and _base_free(_TOY, "财政局鸠江分局") is None
    assert _base_free(_TOY, "公安局鸠江分局") == "公安局鸠江分局" and _base_free(_TOY, "市监局") == "市场监督管理局"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="公安财政市监发改局委办分鸠江南康X", max_size=9))
def test_base_free_is_base_in_every_province_on_built_names(rest):
    for table in (_TABLE, _TOY):
        assert _base_free(table, rest) == _base_free_as_it_reads(table, rest), rest


_PATTERN_WORDS = ["服务中心", "丙丁服务中心", "甲乙中心", "鸠江服务中心", "芜湖服务中心", "国网鸠江服务中心", "赣州投资集团", "红谷滩管委会",
                  "南康公司", "大武口中心", "景德镇公司", "某某中心", "某某县中心", "某某县人民政府", "弋江中心",
                  "弋江公安分局", "石嘴山人民政府", "江西省公司", "宁夏中心", "市中心", "城投公司", "X办", "鸠江区人民政府"]


def test_pattern_readings_answer_as_the_rules_in_every_place():
    resolve._READINGS.clear()
    ways: dict[str, int] = {}
    for _ in range(2):  # read, then from the kept readings
        for r in [Resolver(j) for j in PLACES]:
            for p in ("", "市", "区", "全区", "县直", "国网"):
                for w in _PATTERN_WORDS:
                    way = _same(r, p + w)
                    ways[way] = ways.get(way, 0) + 1
    assert ways.get("pattern", 0) > 100 and ways.get("rules", 0) > 50, ways


def test_a_pattern_reading_leaves_the_own_and_city_stems_to_the_rules():
    """"丙丁服务中心" is a pattern elsewhere (丙丁 is no listed place) but a place in 丙丁区's plan; "甲乙服务中心"
    names its city (read by the rules there, a pattern either way). Either order of asking."""
    here = Jurisdiction(name="甲乙市丙丁区", level="district", parent="甲乙市", short="丙丁区")
    elsewhere = Jurisdiction(name="赣州市", level="city")
    words = ("丙丁服务中心", "甲乙服务中心", "甲乙公安局", "丙丁公安局", "甲乙公安分局", "市丙丁中心", "区甲乙中心", "服务中心", "国网丙丁中心", "丙丁区人民政府", "丙丁")
    for first, then in ((elsewhere, here), (here, elsewhere)):
        resolve._READINGS.clear()
        for j in (first, then):
            r = Resolver(j)
            for m in words:
                _same(r, m)
    r = Resolver(here)
    assert _read_resolution(r, "丙丁服务中心") is None and r.explain("丙丁服务中心").how == "place"
    assert _read_resolution(r, "甲乙服务中心") is None and r.explain("甲乙服务中心").how == "pattern"
    assert _read_resolution(r, "服务中心") is not None and r.explain("服务中心").how == "pattern"
    assert _read_resolution(Resolver(elsewhere), "丙丁服务中心")[1] == "pattern"


def test_readings_follow_the_place_table(monkeypatch):
    """A resolver of another place table empties the readings (a pattern's place check is that table's)."""
    import dataclasses

    resolve._READINGS.clear()
    r = Resolver(PLACES[1])
    assert _same(r, "丙丁服务中心") == "pattern"
    other = r._places
    moved = dataclasses.replace(other, stems=other.stems + ("丙丁",),
                                by_stem={**other.by_stem, "丙丁": dataclasses.replace(other.by_stem["南康"], stem="丙丁")})
    r2 = Resolver(PLACES[1])
    r2._places = moved
    r2._stems_memo = None
    assert _read_resolution(r2, "丙丁服务中心") is None  # 丙丁 is a listed place there: the rules in full
    assert resolve._READINGS_FOR[2] is moved and set(resolve._READINGS) == {"丙丁服务中心"}
    assert r2.explain("丙丁服务中心") == resolve._new_resolution(*_resolution_of(r2, "丙丁服务中心"))
    assert r2.explain("丙丁服务中心").how == "place"
    resolve._READINGS.clear()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "市", "区", "国网", "全市", *_PATTERN_WORDS, "鸠江", "芜湖", "赣州", "南康", "中心",
                                 "公司", "局", "人民政府", "分局", "各"]), min_size=1, max_size=4).map("".join),
       st.sampled_from(range(len(PLACES))))
def test_pattern_readings_answer_as_the_rules_on_built_mentions(mention, place):
    r = Resolver(PLACES[place])
    _same(r, mention)
    _same(r, mention)


def _explained_as_it_was(r: Resolver, mention: str):
    """`_explained` as it was before `_unexplained`: the cache asked, then the reading, then the rules."""
    cache = r._cache
    hit = cache.get(mention)
    if hit is None:
        hit = _read_resolution(r, mention)
        if hit is None:
            hit = _resolution_of(r, mention)
        cache[mention] = hit
        if r._shared:
            resolve._set_cached(resolve.cached_mentions() + 1)
    return hit


def test_units_and_explain_answer_and_count_as_before(fresh_resolvers):
    mentions = _mentions()[::7] + _PATTERN_WORDS
    for j in PLACES:
        new, old = Resolver(j), Resolver(j)
        new._shared = old._shared = True
        resolve._set_cached(0)
        got = [new.units((m,)) for m in mentions] + [new.units(mentions), new.units(tuple(mentions)), new.units([])]
        counted = resolve.cached_mentions()
        resolve._set_cached(0)
        want = [(_explained_as_it_was(old, m)[0],) for m in mentions]
        want += [tuple(_explained_as_it_was(old, m)[0] for m in mentions)] * 2 + [()]
        assert got == want and counted == resolve.cached_mentions() == len(set(mentions)), j.name
        assert new._cache == old._cache and list(new._cache) == list(old._cache)
        resolve._set_cached(0)
        for m in ("新的中心", "市新的局", ""):
            assert new.explain(m) == resolve._new_resolution(*_explained_as_it_was(old, m))


def test_alias_table_is_the_table_of_the_data_folder(tmp_path, monkeypatch):
    before = alias_table()
    assert before is resolve._alias_table(data_file("agencies.toml"))
    src = Path(data_file("agencies.toml"))
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        text = src.read_text(encoding="utf-8")
        if sub == "b":
            text += '\n[[agency]]\ncanonical = "测试专用局"\naliases = ["测试局"]\n'
        (tmp_path / sub / "agencies.toml").write_text(text, encoding="utf-8")
    for value in (str(tmp_path / "a"), str(tmp_path / "b"), "".join([str(tmp_path), "/b"]), str(tmp_path / "a")):
        monkeypatch.setenv("DUTYGRAPH_DATA", value)
        got = alias_table()
        assert got is resolve._alias_table(data_file("agencies.toml")) and got is not before
        assert ("测试局" in got.base) == value.endswith("b")
        assert alias_table() is got
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert alias_table() is before
    shutil.rmtree(tmp_path)
