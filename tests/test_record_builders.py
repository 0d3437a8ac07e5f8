"""record_builder's constructors build the records their classes build: the same class, fields, equality,
hash, repr and pickle, by position or by name, in either form — compiled (`loaders.base._Builder`: the
instance made and its slots set in C) and as Python (a generated function) — and refuse what the class
refuses (a missing, extra or repeated field). The test suite runs compiled and as Python; both forms are
made here whichever way the module was loaded (the compiled one only when it runs compiled)."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

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


def _forms(cls: type, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """record_builder's constructor of `cls` as the module makes it, and its Python form."""
    made = record_builder(cls)
    with monkeypatch.context() as m:
        m.setattr(base, "_COMPILED", False)
        python = record_builder(cls)
    assert base._COMPILED == isinstance(made, base._Builder)
    assert not isinstance(python, base._Builder) and python is not cls
    return [made, python]


def _values(cls: type, seed: int) -> dict[str, object]:
    """A value for every field: distinct objects of the kinds the records hold."""
    out: dict[str, object] = {}
    for i, f in enumerate(dataclasses.fields(cls)):
        kind = str(f.type)
        if kind.startswith("tuple"):
            out[f.name] = (f"t{seed}", i)
        elif kind in ("int",):
            out[f.name] = seed * 100 + i
        elif kind == "bool":
            out[f.name] = bool((seed + i) % 2)
        elif kind == "UnitRef":
            out[f.name] = records.UnitRef(f"u{seed}", f"m{i}")
        else:
            out[f.name] = f"值{seed}-{i}" if seed % 3 else None if "None" in kind else ""
    return out


@pytest.mark.parametrize("cls", BUILT, ids=lambda c: c.__name__)
def test_a_builder_builds_what_its_class_builds(cls, monkeypatch):
    for build in _forms(cls, monkeypatch):
        for seed in range(4):
            values = _values(cls, seed)
            want = cls(**values)
            for got in (build(**values), build(*values.values()),
                        build(*list(values.values())[:2], **dict(list(values.items())[2:]))):
                assert type(got) is cls
                assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
                assert all(getattr(got, n) is v for n, v in values.items())
                assert pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL) == \
                    pickle.dumps(want, protocol=pickle.HIGHEST_PROTOCOL)
                assert pickle.loads(pickle.dumps(got)) == want
                with pytest.raises(dataclasses.FrozenInstanceError):
                    setattr(got, dataclasses.fields(cls)[0].name, "x")  # still frozen


@pytest.mark.parametrize("cls", BUILT, ids=lambda c: c.__name__)
def test_a_builder_refuses_what_its_class_refuses(cls, monkeypatch):
    values = _values(cls, 1)
    first = dataclasses.fields(cls)[0].name
    for build in _forms(cls, monkeypatch):
        with pytest.raises(TypeError):
            build(*list(values.values())[:-1])  # one missing
        with pytest.raises(TypeError):
            build(*values.values(), "extra")
        with pytest.raises(TypeError):
            build(*values.values(), **{first: "again"})
        with pytest.raises(TypeError):
            build(**values, unknown=1)


def test_the_extractors_records_rebuild_equal_in_either_form(monkeypatch):
    """Every record of the samples' extraction, rebuilt from its fields by either form, is itself."""
    from dutygraph.extract.pipeline import extract_paths
    from dutygraph.paths import sample_plans_dir

    batch = extract_paths(sorted(sample_plans_dir().glob("*")))
    seen: list[object] = []

    def walk(obj: object) -> None:
        if dataclasses.is_dataclass(obj) and type(obj) in BUILT:
            seen.append(obj)
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name))
        elif isinstance(obj, (tuple, list)):
            for x in obj:
                walk(x)

    for res in batch.results:
        walk([res.document, res.plans, res.sections, res.measures, res.task_forces])
    assert len({type(r) for r in seen}) >= 6
    forms = {cls: _forms(cls, monkeypatch) for cls in {type(r) for r in seen}}
    for rec in seen:
        fields = [getattr(rec, f.name) for f in dataclasses.fields(rec)]
        for build in forms[type(rec)]:
            again = build(*fields)
            assert type(again) is type(rec) and again == rec and hash(again) == hash(rec)


# load25: compiled, a record is allocated by its class's tp_alloc itself when its tp_new is object's
# (`_new_of` in base.pxd), for a class neither abstract nor holding a managed __dict__ — object_new's
# other work; any other class through its tp_new. These classes take each way; the builder must make
# what the class makes, or refuse what it refuses.
class _Shape:
    """A base with a __dict__: a slots subclass of it keeps one (a managed dict in CPython 3.11)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _WithDict(_Shape):
    a: int
    b: str


def test_a_builder_of_a_class_with_a_dict_or_abstract_methods(monkeypatch):
    import abc

    @dataclasses.dataclass(frozen=True, slots=True)
    class Abstract(abc.ABC):
        a: int
        b: str

        @abc.abstractmethod
        def shape(self) -> str: ...

    for build in _forms(_WithDict, monkeypatch):
        got, want = build(1, "x"), _WithDict(1, "x")
        assert type(got) is _WithDict and got == want and repr(got) == repr(want)
        object.__setattr__(got, "extra", 3)  # its __dict__ made as the class's own instances' is
        assert got.__dict__ == {"extra": 3} and want.__dict__ == {}
        assert pickle.loads(pickle.dumps(want)) == want
    for build in [base._Builder(Abstract, ("a", "b"))] if base._COMPILED else []:
        with pytest.raises(TypeError, match="abstract"):
            build(1, "x")
    with pytest.raises(TypeError, match="abstract"):
        Abstract(1, "x")
