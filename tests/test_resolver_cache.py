"""The shared resolver cache (extract/resolve.py): bounded by resolvers and by cached mentions, the
least recently used go first, and what it keeps never changes a record."""

from __future__ import annotations

import pytest

from dutygraph.extract import resolve
from dutygraph.extract.pipeline import extract_paths
from dutygraph.records import Jurisdiction


@pytest.fixture
def fresh(fresh_resolvers):
    return fresh_resolvers


def counted(r) -> int:
    return sum(len(x._cache) for x in r._SHARED.values())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from dutygraph.synth import corpus_paths, write_corpus

    base = tmp_path_factory.mktemp("resolvers")
    write_corpus(base / "corpus", 60, seed=2)
    return corpus_paths(base / "corpus")


def records(batch):
    return [(m.doc, m.line, m.lead, m.co) for r in batch.results for m in r.measures]


def test_tight_bounds_evict_least_recently_used_and_change_no_record(fresh, monkeypatch, corpus):
    unbounded = records(extract_paths(corpus))
    places = len(fresh._SHARED)
    assert places > 8 and fresh.cached_mentions() == counted(fresh) > 0

    monkeypatch.setattr(fresh, "_SHARED", fresh.OrderedDict())
    fresh._set_cached(0)
    monkeypatch.setattr(fresh, "_SHARED_MAX", 8)
    monkeypatch.setattr(fresh, "_MENTIONS_BUDGET", 200)
    made = []
    real_init = fresh.Resolver.__init__
    monkeypatch.setattr(fresh.Resolver, "__init__", lambda self, j: (made.append(j), real_init(self, j))[1])
    assert records(extract_paths(corpus)) == unbounded
    assert len(fresh._SHARED) <= 8 and len(made) > places  # evicted, and made again when needed
    assert fresh.cached_mentions() == counted(fresh) <= 200 + max(len(r._cache) for r in fresh._SHARED.values())


def test_a_hit_makes_a_resolver_the_most_recent(fresh, monkeypatch):
    monkeypatch.setattr(fresh, "_SHARED_MAX", 4)
    places = [Jurisdiction(name=n, level="city") for n in ("赣州市", "景德镇市", "芜湖市", "石嘴山市")]
    first = [fresh.resolver_for(j) for j in places]
    first[0].unit("市行政审批局")
    assert fresh.resolver_for(places[0]) is first[0]  # now the most recently used
    fresh.resolver_for(Jurisdiction(name="南昌市", level="city"))  # full: down to 3 of 4
    kept = [j for j, *_ in fresh._SHARED]
    # full: down to 3/4 (3), least recently used first: 景德镇市 goes, the hit kept 赣州市
    assert kept == [places[2], places[3], places[0], Jurisdiction(name="南昌市", level="city")]
    assert fresh.cached_mentions() == counted(fresh)


def test_the_alias_tables_base_answers_are_bounded_in_all_and_change_no_answer(monkeypatch):
    """_base's memo (a dict of names per province) holds at most _TABLE_MEMO_MAX answers over all
    provinces, and gives what _base_of gives, cleared or not."""
    table = resolve.alias_table()
    monkeypatch.setattr(resolve, "_TABLE_MEMO_MAX", 5)
    monkeypatch.setattr(resolve, "_BASES", {})
    monkeypatch.setattr(resolve, "_bases_held", [0])
    monkeypatch.setattr(resolve, "_TABLE_OF", [table])
    names = ["市监局", "人社局", "不是单位", "发改委", "财政局", "公安局鸠江分局", "税务局", ""]
    want = [(n, p, resolve._base_of(table, n, p)) for p in (None, "江西省", "安徽省") for n in names]
    assert any(w is not None for _, _, w in want) and any(w is None for _, _, w in want)
    for _ in range(2):
        for name, province, answer in want:
            assert resolve._base(table, name, province) == answer
            held = resolve._bases_held[0]
            assert 0 < held <= 5 and sum(map(len, resolve._BASES.values())) == held


def test_a_resolver_is_its_slots():
    """meas29: Resolver has __slots__ (a field's read is its slot's, not an instance dict's probe): no
    instance dict, and every slot is set by __init__ (no read of a field can fail)."""
    from dutygraph.extract.jurisdiction import detect_jurisdiction
    from dutygraph.extract.resolve import Resolver, _ResolverFields

    # (mem44: the fields are its base's, `_ResolverFields`: compiled an extension type, read in C)
    assert Resolver.__slots__ == () and len(_ResolverFields.__slots__) == 12
    for title in ("赣州市人民政府办公室关于印发方案的通知", "芜湖市鸠江区优化营商环境方案", "方案"):
        r = Resolver(detect_jurisdiction(title))
        assert not hasattr(r, "__dict__")
        for name in _ResolverFields.__slots__:
            getattr(r, name)


def test_the_resolver_functions_read_fields_set_from_python_and_refuse_none():
    """mem44: compiled, the module functions read a resolver's fields as `_ResolverFields`' C fields: a field
    set from Python after construction is the one they read, and a None resolver raises AttributeError, as
    the attribute reads of the Python module do."""
    import pytest

    from dutygraph.extract import resolve
    from dutygraph.extract.jurisdiction import Jurisdiction

    r = resolve.Resolver(Jurisdiction(name="赣州市", level="city"))
    assert resolve._units_of(r, ("市场监管局",))[0].name == "赣州市市场监督管理局"
    r._own = "景德镇市"
    r._city = r._district = "景德镇市"
    r._cache = {}
    assert resolve._units_of(r, ("市场监管局",))[0].name == "景德镇市市场监督管理局"
    assert resolve._resolution_of(r, "区教育局")[0].name == "景德镇市教育局"
    for call in (lambda: resolve._units_of(None, ()), lambda: resolve._resolution_of(None, "x"),
                 lambda: resolve._unexplained(None, "x", {})):
        with pytest.raises(AttributeError):
            call()
