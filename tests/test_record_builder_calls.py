"""rec26: compiled, a record builder (`loaders.base._Builder`) is called through its own vectorcall entry
(`_builder_vc` in base.pxd): every field by position, no name, each value stored at its slot's offset
cached when the builder was made; anything else through `__call__` (the type's tp_call, the form it
replaces). Pinned here against that form — `_Builder.__call__(builder, ...)`, the slot wrapper, which
reaches tp_call and never the vectorcall entry — and against the class itself: the same class, the same
objects in the same fields, equality, hash, repr, pickle; the same TypeError, message and all; no
reference leaked or lost on either path, by every way a builder is called (the interpreter, a C caller's
tuple and dict, `map`, `functools.partial`, pickle). As Python (no `_Builder` is made) the tests of the
generated function's form stand alone."""

from __future__ import annotations

import dataclasses
import functools
import pickle
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph import records
from dutygraph.extract.resolve import Resolution
from dutygraph.extract.responsibility import Responsibility
from dutygraph.loaders import base
from dutygraph.loaders.base import record_builder

BUILT = [Resolution, Responsibility] + [
    cls for cls in vars(records).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == records.__name__
    and cls.__dataclass_params__.frozen and all(f.init for f in dataclasses.fields(cls))
]
compiled = pytest.mark.skipif(not base._COMPILED, reason="a _Builder is made only compiled")

# Forty fields: more than the builder caches offsets for (32), so every call takes `__call__`.
Wide = dataclasses.make_dataclass("Wide", [(f"f{i}", object) for i in range(40)], frozen=True, slots=True)
Wide.__module__ = __name__
# Thirty-two: the most it caches.
Edge = dataclasses.make_dataclass("Edge", [(f"f{i}", object) for i in range(32)], frozen=True, slots=True)
Edge.__module__ = __name__


def _old(build: object, *values: object, **named: object) -> object:
    """The form replaced: the builder's `__call__` by the type's slot wrapper (tp_call, tuple and dict)."""
    return type(build).__call__(build, *values, **named)


def _outcome(call: object) -> tuple[str, object]:
    try:
        return "ok", call()
    except Exception as exc:  # noqa: BLE001 - what is raised is compared
        return type(exc).__name__, str(exc)


def _same_record(got: object, want: object) -> None:
    assert type(got) is type(want)
    names = [f.name for f in dataclasses.fields(want)]
    assert all(getattr(got, n) is getattr(want, n) for n in names)
    assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
    assert pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL) == pickle.dumps(want, protocol=pickle.HIGHEST_PROTOCOL)


_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**20), st.text(max_size=6),
                   st.tuples(st.text(max_size=3), st.integers(0, 9)), st.builds(records.UnitRef, st.text(max_size=4)))


@compiled
@settings(max_examples=400, deadline=None)
@given(st.sampled_from(BUILT + [Wide, Edge]), st.data())
def test_a_call_by_position_is_the_old_call_and_the_class(cls, data):
    build = record_builder(cls)
    assert isinstance(build, base._Builder)
    k = len(dataclasses.fields(cls))
    values = data.draw(st.lists(_VALUE, min_size=k, max_size=k))
    want = cls(*values)
    for got in (build(*values), _old(build, *values), list(map(build, *[[v] for v in values]))[0],
                functools.partial(build, *values[:1])(*values[1:])):
        _same_record(got, want)


@compiled
@settings(max_examples=400, deadline=None)
@given(st.sampled_from(BUILT + [Wide]), st.data())
def test_any_other_call_is_the_old_call(cls, data):
    """Names (some fields by position, the rest by name, maybe one twice or unknown), too few or too many
    values: the same record or the same TypeError as `__call__` by tp_call."""
    build = record_builder(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    k = len(names)
    given_n = data.draw(st.integers(0, k + 2))
    values = data.draw(st.lists(_VALUE, min_size=given_n, max_size=given_n))
    by_name = data.draw(st.lists(st.sampled_from(names + ["unknown", "kind"]), unique=True, max_size=k + 1))
    named = {n: data.draw(_VALUE) for n in by_name}
    got, want = _outcome(lambda: build(*values, **named)), _outcome(lambda: _old(build, *values, **named))
    assert got[0] == want[0]
    if got[0] == "ok":
        _same_record(got[1], want[1])
        assert want[1] == cls(*values, **named)
    else:
        assert got[1] == want[1]  # (the class may take what a builder refuses: a builder has no defaults)


@compiled
def test_the_edges_of_a_call():
    build = record_builder(records.Repair)
    assert build("k", 3, "d") is not build("k", 3, "d")
    _same_record(build("k", 3, "d", **{}), records.Repair("k", 3, "d"))  # an empty dict: no names
    _same_record(build(*("k",), **{"line": 3, "detail": "d"}), records.Repair("k", 3, "d"))
    for args, named, message in [
        ((), {}, "build_Repair() takes 3 arguments (0 given)"),
        (("k", 3), {}, "build_Repair() takes 3 arguments (2 given)"),
        (("k", 3, "d", 4), {}, "build_Repair() takes 3 arguments (4 given)"),
        (("k", 3, "d"), {"kind": "x"}, "build_Repair() got unexpected or repeated arguments ['kind']"),
        (("k",), {"line": 3}, "build_Repair() missing argument 'detail'"),
        (("k", 3, "d", 4), {"x": 1}, "build_Repair() got unexpected or repeated arguments ['x']"),
    ]:
        with pytest.raises(TypeError) as got:
            build(*args, **named)
        assert str(got.value) == message
        with pytest.raises(TypeError) as old:
            _old(build, *args, **named)
        assert str(old.value) == message
    # a builder renamed (pipeline's `_load_<Class>`) names itself so in its errors, either way
    renamed = base._Builder(records.Repair, ("kind", "line", "detail"))
    renamed.__name__ = "_load_Repair"
    with pytest.raises(TypeError, match=r"^_load_Repair\(\) takes 3 arguments \(1 given\)$"):
        renamed(1)
    # one made without __init__ has no entry: CPython calls tp_call, as before
    bare = base._Builder.__new__(base._Builder)
    assert _outcome(lambda: bare(1)) == _outcome(lambda: _old(bare, 1))
    assert _outcome(lambda: bare(1))[0] == "TypeError"


class _Shape:
    """A base with a __dict__: a slots subclass of it keeps one (a managed dict in CPython 3.11)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _WithDict(_Shape):
    a: int
    b: str


@compiled
def test_a_builder_of_a_class_its_offsets_do_not_serve():
    """An abstract class (its tp_new refuses), a class with a __dict__ (made by its tp_new,
    the slots still at their offsets): what `__call__` made before."""
    import abc

    @dataclasses.dataclass(frozen=True, slots=True)
    class Abstract(abc.ABC):
        a: int

        @abc.abstractmethod
        def shape(self) -> str: ...

    build = base._Builder(Abstract, ("a",))
    assert _outcome(lambda: build(1)) == _outcome(lambda: _old(build, 1))
    with pytest.raises(TypeError, match="abstract"):
        build(1)
    build = base._Builder(_WithDict, ("a", "b"))
    got, want = build(1, "x"), _WithDict(1, "x")
    _same_record(got, want)
    object.__setattr__(got, "extra", 3)
    assert got.__dict__ == {"extra": 3}


@compiled
def test_no_reference_is_leaked_or_lost():
    build = record_builder(records.Repair)
    kind, detail = "kind-" + str(id(build)), object()
    before = sys.getrefcount(kind), sys.getrefcount(detail)
    made = [build(kind, 3, detail) for _ in range(100)]
    made += [_old(build, kind, 3, detail) for _ in range(100)]
    made += [build(kind, line=3, detail=detail) for _ in range(100)]
    assert sys.getrefcount(kind) == before[0] + 300 and sys.getrefcount(detail) == before[1] + 300
    for _ in range(100):
        for bad in (lambda: build(kind, 3), lambda: build(kind, 3, detail, detail), lambda: build(kind, 3, detail=detail, x=detail)):
            with pytest.raises(TypeError):
                bad()
    del made
    assert (sys.getrefcount(kind), sys.getrefcount(detail)) == before


def test_pickles_load_through_the_builders():
    """Results are pickled naming pipeline's `_load_<Class>` builders; they load what was dumped."""
    from dutygraph.extract import pipeline

    rep = records.Repair("k", 3, "d")
    data = pickle.dumps([rep, rep], protocol=pickle.HIGHEST_PROTOCOL)
    assert b"_load_Repair" in data
    back = pickle.loads(data)
    assert back == [rep, rep] and back[0] is back[1] and type(back[0]) is records.Repair
    assert isinstance(pipeline._load_Repair, base._Builder) == base._COMPILED
