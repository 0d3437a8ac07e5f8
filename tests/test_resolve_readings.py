"""A mention's reading shared by the resolvers of every jurisdiction (resolve._reading_of,
_read_resolution) gives what the rules in full give (`_resolution_of`): the same (ref, how, base), and
the UnitRef holding the same objects where they are the resolver's (its own, city or district name) or
the caller's (the mention). `_scope_at` is `_scope_of` without the names. No timings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import resolve
from dutygraph.extract.pipeline import extract_paths
from dutygraph.extract.resolve import Resolver, _read_resolution, _resolution_of, _scope_at, _scope_of, alias_table
from dutygraph.records import Jurisdiction

PLACES = [
    Jurisdiction(name="芜湖市鸠江区", level="district", parent="芜湖市", short="鸠江区"),  # local names
    Jurisdiction(name="赣州市", level="city"),
    Jurisdiction(name="石嘴山市", level="city"),
    Jurisdiction(name="南昌市红谷滩区", level="district", parent="南昌市", short="红谷滩区"),
    Jurisdiction(name="弋江区", level="district"),  # no parent: its city is itself
    Jurisdiction(name="某某县", level="county"),  # not in the place table
    Jurisdiction(name="江西省", level="province"),
    Jurisdiction(name="", level="city"),  # no name: read by the rules in full
    Jurisdiction(name="景德镇市", level="city", inferred=True, evidence=("phone code 0798",)),
]

_TABLE = alias_table()
_BASE_KEYS = sorted(_TABLE.base)
_WORDS = sorted(
    {*_BASE_KEYS[::3], *sorted(_TABLE.place)[::4], *[k for _, k in _TABLE.local], "市场监管局", "鸠江公安分局",
     "各县区政府", "市直有关部门", "相关部门", "有关单位", "各商业银行", "人民政府", "鸠江", "红谷滩", "赣州",
     "分局", "公司", "中心", "供电公司", "国网", "略", "(略)", "“", "”", " ", "發改委", "財政局", "X", "1"}
)
_PREFIXES = ["", "市", "区", "县", "全市", "全区", "全县", "市直", "区直", "区属", "县直", "市属", "市本级", "各", "省"]


def _resolvers() -> list[Resolver]:
    return [Resolver(j) for j in PLACES]


def _same(r: Resolver, mention: str) -> str:
    """Checks one mention in one resolver; says which way it was read."""
    got = _read_resolution(r, mention)
    if got is None:
        return "rules"
    want = _resolution_of(r, mention)
    assert got == want, (r.jurisdiction.name, mention)
    ref, old = got[0], want[0]
    assert ref.mention is mention
    assert ref.jurisdiction is old.jurisdiction  # the resolver's own, city or district name
    if any(old.name is x for x in (r._own, r._city, r._district)):
        assert ref.name is old.name  # ("X" + ""): the resolver's name itself either way
    else:
        assert ref.name is not old.name  # made anew either way (no name kept from another resolver)
    return got[1]


def _mentions() -> list[str]:
    out = []
    for p in _PREFIXES:
        for w in _WORDS:
            out.append(p + w)
    out += ["", "市", "区", "全市", "各", "略", "市(略)", "区自规局", "自规局", "市自规局", "区医保局"]
    return out


def test_readings_answer_as_the_rules_for_every_place_and_word():
    resolve._READINGS.clear()
    ways: dict[str, int] = {}
    for _ in range(2):  # read, then from the kept readings
        for r in _resolvers():
            for m in _mentions():
                way = _same(r, m)
                ways[way] = ways.get(way, 0) + 1
    # every kind of reading is met, and the rules in full still answer some
    assert {"alias", "collective", "rules"} <= set(ways) and ways["alias"] > 500, ways


def test_a_local_name_is_read_by_the_rules_in_its_place_and_elsewhere():
    resolve._READINGS.clear()
    jiujiang, ganzhou = Resolver(PLACES[0]), Resolver(PLACES[1])
    for m in ("区自规局", "医保局", "区医疗保障局"):
        assert _read_resolution(jiujiang, m) is None and _read_resolution(ganzhou, m) is None
        assert jiujiang.explain(m).how == "local-alias"
        assert jiujiang.unit(m) == _resolution_of(Resolver(PLACES[0]), m)[0]
        assert ganzhou.unit(m) == _resolution_of(Resolver(PLACES[1]), m)[0]


def test_a_reading_made_in_one_province_answers_in_another():
    """The reading keeps no province's name: 市监局 is asked first in 江西 then in 宁夏 and back."""
    resolve._READINGS.clear()
    for m in _BASE_KEYS[:80] + ["市" + k for k in _BASE_KEYS[:80]]:
        for r in (Resolver(PLACES[2]), Resolver(PLACES[1]), Resolver(PLACES[3]), Resolver(PLACES[2])):
            _same(r, m)


def test_readings_follow_the_alias_table():
    resolve._READINGS.clear()
    r = Resolver(PLACES[1])
    _same(r, "市发改委")
    assert resolve._READINGS_FOR[0] is _TABLE and "市发改委" in resolve._READINGS
    other = resolve.AliasTable(base={}, place={}, local={}, collective_prefixes=(), collective_contains=(),
                               collective_suffixes=())
    r2 = Resolver(PLACES[1])
    r2._table = other
    assert _same(r2, "市发改委") == "pattern"  # no base name in that table: a unit-shaped name (rule 7)
    assert resolve._READINGS_FOR[0] is other and set(resolve._READINGS) == {"市发改委"}


def test_the_readings_are_bounded(monkeypatch):
    monkeypatch.setattr(resolve, "_TABLE_MEMO_MAX", 7)
    resolve._READINGS.clear()
    r = Resolver(PLACES[1])
    for m in _mentions()[:200]:
        _same(r, m)
        assert len(resolve._READINGS) <= 7


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PREFIXES + _WORDS), min_size=1, max_size=4).map("".join),
       st.sampled_from(range(len(PLACES))))
def test_readings_answer_as_the_rules_on_built_mentions(mention, place):
    r = Resolver(PLACES[place])
    _same(r, mention)
    _same(r, mention)  # from the kept reading


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="全市区县直属场本级各省局委办发改财政公安略 “”", max_size=6))
def test_scope_at_is_scope_of_without_the_names(key):
    which, start = _scope_at(key)
    scope, rest = _scope_of(key, "C", "D", "O")
    assert scope == ("", "C", "D", "O")[which] and rest == key[start:]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from dutygraph.synth import corpus_paths, write_corpus

    base = tmp_path_factory.mktemp("readings")
    write_corpus(base / "corpus", 40, seed=5)
    return corpus_paths(base / "corpus")


def test_every_answer_the_resolvers_keep_after_extraction_is_the_rules_answer(corpus, fresh_resolvers):
    from pathlib import Path

    resolve._READINGS.clear()
    plans = sorted(str(p) for p in (Path(__file__).resolve().parent.parent / "data" / "plans").iterdir())
    extract_paths([*plans, *corpus])
    checked = read = 0
    for r in resolve._SHARED.values():
        for mention, kept in r._cache.items():
            fresh = Resolver(r.jurisdiction)
            assert kept == _resolution_of(fresh, mention), (r.jurisdiction.name, mention)
            checked += 1
            read += _read_resolution(fresh, mention) is not None
    assert checked > 300 and read > checked // 2


def test_a_table_whose_place_and_local_names_are_also_base_names_is_read_by_the_rules():
    """A place-named unit or a local name wins over a base name with its scope (the rules' order)."""
    table = resolve.AliasTable(
        base={"公安局": ("公安局", ()), "市公安局": ("公安局", ()), "财政局": ("财政局", (("江西省", "财政厅"),))},
        place={"市公安局": ("某市公安局", "某市")},
        local={("赣州市", "市财政局"): "赣州市本级财政局"},
        collective_prefixes=("各",), collective_contains=(), collective_suffixes=(),
    )
    resolve._READINGS.clear()
    for j in PLACES[:4]:
        r = Resolver(j)
        r._table = table
        for m in ("市公安局", "市财政局", "区公安局", "财政局", "各公安局", "全市财政局"):
            _same(r, m)
    r = Resolver(PLACES[1])
    r._table = table
    assert r.explain("市公安局").how == "place-alias" and r.explain("市财政局").how == "local-alias"
    r._city = ""  # (no resolver has an empty city: its own name then, as `scope or own`)
    resolve._READINGS.clear()
    for m in ("市公安局", "区公安局", "全市财政局", "各公安局"):
        _same(r, m)


def test_resolver_for_by_the_jurisdictions_fields_gives_what_the_shared_cache_holds(monkeypatch, fresh_resolvers):
    """`_FRONT` answers only with the resolver `_SHARED` holds for an equal jurisdiction: another value of
    any field is another resolver, an evicted resolver is made again (and not kept by `_FRONT`), and a
    `_SHARED` replaced (as the tests above do) is asked afresh."""
    monkeypatch.setattr(resolve, "_FRONT", {})
    monkeypatch.setattr(resolve, "_SHARED_MAX", 4)
    base = dict(name="赣州市", level="city", parent=None, short="", inferred=False, evidence=())
    variants = [Jurisdiction(**base)] + [
        Jurisdiction(**{**base, k: v})
        for k, v in (("name", "赣州"), ("level", "district"), ("parent", "江西省"), ("short", "赣州"),
                     ("inferred", True), ("evidence", ("phone code 0797",)))
    ]
    made = [resolve.resolver_for(j) for j in variants]
    assert len({id(r) for r in made}) == len(variants)
    for j, r in zip(variants[-3:], made[-3:]):
        again = resolve.resolver_for(Jurisdiction(**{f: getattr(j, f) for f in base}))  # equal, not the same
        assert again is r and resolve._SHARED[(j, id(resolve.places()), id(alias_table()))] is r
    assert all(entry[2]._shared for entry in resolve._FRONT.values())  # no evicted resolver kept
    assert len(resolve._FRONT) == len(resolve._SHARED) <= 4
    first = resolve.resolver_for(variants[0])  # evicted long ago: made again, then kept
    assert first is not made[0] and resolve.resolver_for(variants[0]) is first
    monkeypatch.setattr(resolve, "_SHARED", resolve.OrderedDict())
    assert resolve.resolver_for(variants[0]) is not first and len(resolve._SHARED) == 1
