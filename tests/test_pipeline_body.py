"""rec26: the pipeline's own body, pinned to the forms it replaces. `find_indicator` is a plain dict memo
over indicators.find_indicator (was an lru_cache): the same answers, the very table strings. `_measure`
asks `_section_of` (an lru_cache) only when a measure's section titles differ from the last ones it asked
about, and then holds the answer the cache just gave: every measure's section is the object
`_section_of(titles)` gives (pickle writes shared strings once: which object a record holds shows in the
bytes), and `_section_of` is skipped exactly when the titles equal the last ones. Plans and DocResults are
built by record_builder's constructors: the records the classes make. Compiled, `_measure` and
`find_indicator` are cpdef (pipeline.pxd); these run both ways."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph import records
from dutygraph.extract import indicators, pipeline
from dutygraph.extract.deadlines import find_deadlines, parse_deadline
from dutygraph.extract.structure import measure_fields, outline
from dutygraph.loaders import load
from dutygraph.paths import sample_plans_dir

SAMPLES = sorted(sample_plans_dir().glob("*"))
# and, where the synthetic corpus is at hand, its first files: a clause's deadline appended after the
# text's (000007, 000009) happens there, not in the samples
_CORPUS = Path("/work/corpus/10k-s0/docs/000")
DOCS = SAMPLES + (sorted(_CORPUS.glob("*"))[:24] if _CORPUS.is_dir() else [])


def _headings() -> list[str]:
    out: list[str] = []
    for path in SAMPLES:
        for po in outline(load(str(path))):
            out.append(po.title)
            out += [so.title for so in po.sections]
            out += [item.title for item in po.items]
            for item in po.items:
                out += list(item.section_titles)
    return out


def test_find_indicator_is_the_indicators_answer_itself(monkeypatch):
    heads = _headings()
    assert len(heads) > 300
    names = set(indicators.indicator_table().canonical.values())
    found = 0
    for _ in range(2):  # asked afresh, then from the memo
        for h in heads + ["", "指标", "(市场监管局)开办企业指标"]:
            got, want = pipeline.find_indicator(h), indicators.find_indicator(h)
            assert got == want
            assert got is None or got in names and (got is want or got is next(n for n in names if n == got))
            found += got is not None
    assert found > 50
    # a full memo is emptied first, then holds the new answer
    monkeypatch.setattr(pipeline, "_INDICATORS_MAX", 3)
    pipeline._INDICATORS.clear()
    for h in heads[:20]:
        assert pipeline.find_indicator(h) == indicators.find_indicator(h)
        assert 1 <= len(pipeline._INDICATORS) <= 3 and pipeline._INDICATORS[h] == indicators.find_indicator(h)
    pipeline._INDICATORS.clear()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("开办企业指标获得信贷用水用气()[]局部门市场监管知识产权创造、保护和运用 ")), max_size=24))
def test_find_indicator_on_any_heading(text):
    assert pipeline.find_indicator(text) == indicators.find_indicator(text)
    assert pipeline.find_indicator(text) == indicators.find_indicator(text)  # (from the memo)


def test_each_measures_section_is_the_caches_object_and_the_cache_is_asked_only_on_a_change(monkeypatch):
    real = pipeline._section_of
    asked: list[tuple[str, ...]] = []

    def section_of(titles):
        asked.append(titles)
        return real(titles)

    outlines: list[object] = []

    def outline_of(doc):  # the very outline the extraction reads (its titles' objects)
        outlines[:] = list(outline(doc))
        return outlines

    monkeypatch.setattr(pipeline, "_section_of", section_of)
    monkeypatch.setattr(pipeline, "outline", outline_of)
    monkeypatch.setattr(pipeline, "_LAST_SECTION", [None, None])
    skipped = merged = 0
    held: dict[int, tuple] = {}
    appended = 0
    for path in DOCS:
        doc = load(str(path))
        before = len(asked)
        result = pipeline._extract_document(doc)
        items = [item for po in outlines for item in po.items]
        plan_of = {id(item): po for po in outlines for item in po.items}
        assert len(result.measures) == len(items)
        # asked exactly when the titles differ from the last asked (the first measure: always)
        want = []
        last = None
        for item in items:
            if last is None or item.section_titles != last:
                want.append(item.section_titles)
                last = item.section_titles
        assert asked[before:] == want
        skipped += len(items) - len(want)
        for m, item in zip(result.measures, items):
            titles = item.section_titles
            section, indicator = real(titles)  # (a hit: the object the cache holds)
            if len(titles) == 1:
                assert m.section is titles[0]
            else:
                assert m.section is section
            assert m.indicator == (pipeline.find_indicator(item.title) or indicator
                                   or pipeline.find_indicator(plan_of[id(item)].title))
            # the deadlines as the replaced list form gave them: found in the text, the clause's appended
            fields = measure_fields(item)
            year = plan_of[id(item)].year
            found = list(find_deadlines(item.text, year=year, norm=fields[10] or None)) if item.kind != "progress" else []
            if fields[14]:
                clause = parse_deadline(fields[14], year=year)
                if clause is not None and clause not in found:
                    appended += bool(found)
                    found.append(clause)
            assert type(m.deadlines) is tuple and m.deadlines == tuple(found)
            if m.deadlines:
                assert id(m.deadlines) not in held  # (each measure's own tuple, shared with no other record)
                held[id(m.deadlines)] = m.deadlines
            # the deadlines' repairs joined to the item's as the replaced `any(...)` form decided
            deadline = m.deadline
            if deadline is not None and (deadline.repairs or any(d.repairs for d in m.deadlines)):
                found = list(item.repairs)
                for d in [deadline, *m.deadlines]:
                    found += [r for r in d.repairs if r not in found]
                assert m.repairs == tuple(found) and m.repairs is not item.repairs  # (a new tuple)
                merged += 1
            else:
                assert m.repairs is item.repairs
    assert skipped > 100 and merged >= 3
    assert appended >= 2 or not _CORPUS.is_dir()


def test_plans_and_results_are_the_records_their_classes_build():
    doc = load(str(SAMPLES[0]))
    result = pipeline._extract_document(doc)
    assert type(result) is records.DocResult and result.document is doc
    again = records.DocResult(document=doc, plans=list(result.plans), sections=list(result.sections),
                              measures=list(result.measures), task_forces=list(result.task_forces),
                              warnings=list(result.warnings))
    assert again == result and repr(again) == repr(result)
    assert pickle.dumps(again, protocol=pickle.HIGHEST_PROTOCOL) == pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    empty = pipeline._new_doc_result(doc, [], [], [], [], list(doc.warnings))
    assert empty == records.DocResult(document=doc, warnings=list(doc.warnings))
    lists = [empty.plans, empty.sections, empty.measures, empty.task_forces, empty.warnings]
    assert len({id(x) for x in lists}) == 5 and empty.warnings is not doc.warnings
    for plan in result.plans:
        values = {f.name: getattr(plan, f.name) for f in dataclasses.fields(plan)}
        built = pipeline._new_plan(*values.values())
        assert type(built) is records.Plan and built == records.Plan(**values) == plan
        assert pickle.dumps(built) == pickle.dumps(records.Plan(**values))
        assert plan.key == f"{doc.name}#{plan.line}" and plan.sha256 == doc.sha256 and plan.doc == doc.name


def _old_repaired(deadline, deadlines) -> bool:
    """The replaced form, as `_measure` wrote it."""
    return bool(deadline is not None and (deadline.repairs or any(d.repairs for d in deadlines)))


_DEADLINE = st.builds(records.Deadline, raw=st.sampled_from(["2023年底", "6月30日"]),
                      repairs=st.lists(st.sampled_from(["date-digits", "ocr"]), max_size=2).map(tuple))


@settings(max_examples=400, deadline=None)
@given(st.lists(_DEADLINE, max_size=4), st.booleans(), st.integers(-1, 3))
def test_deadline_repaired_is_the_any_form(deadlines, copied, pick):
    """For a deadline that is None, one of the deadlines or an equal copy of one (what `_measure` gives it)."""
    deadline = deadlines[pick] if 0 <= pick < len(deadlines) else None
    if copied and deadline is not None:
        deadline = dataclasses.replace(deadline)
    got = pipeline._deadline_repaired(deadline, deadlines)
    assert got is _old_repaired(deadline, deadlines)


def test_a_measures_deadline_is_none_or_among_its_deadlines():
    """`_deadline_repaired`'s condition, as `_measure` meets it, on the samples' measures."""
    seen = 0
    for path in DOCS:
        for m in pipeline.extract_document(load(str(path))).measures:
            assert m.deadline is None or m.deadline in m.deadlines, (path, m.line)
            seen += m.deadline is not None
    assert seen > 50


# meas29: `_measure`'s clause deadline is looked for among the found ones by `_deadline_in` (compiled, the
# dataclass __eq__'s field comparisons in C), pinned here to `in`; and an empty lead or co is `()` without
# asking the resolver, which gives that for none and caches nothing.
class _OtherDeadline(records.Deadline):
    __slots__ = ()


_FIELD = st.sampled_from(["2023年底", "6月30日", "年底前", ""])
_ANY_DEADLINE = st.builds(
    lambda cls, raw, date, kind, repairs: cls(raw, date, kind, repairs),
    st.sampled_from([records.Deadline, records.Deadline, _OtherDeadline]),
    _FIELD,
    st.one_of(st.none(), st.sampled_from(["2023-12-31", "2023-06-30"])),
    st.sampled_from(["date", "period", "ongoing"]),
    st.lists(st.sampled_from(["date-digits", "ocr"]), max_size=2).map(tuple),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_ANY_DEADLINE, max_size=5).map(tuple), _ANY_DEADLINE, st.integers(-1, 5))
def test_deadline_in_is_the_in_form(deadlines, other, pick):
    deadline = deadlines[pick] if 0 <= pick < len(deadlines) else other
    assert pipeline._deadline_in(deadline, deadlines) is (deadline in deadlines)
    # an equal copy (a new object of each field too) is found exactly where `in` finds it
    copy = type(deadline)(*(f if f is None else type(f)(f) if type(f) is tuple else "".join(list(f))
                            for f in (deadline.raw, deadline.date, deadline.kind, deadline.repairs)))
    assert pipeline._deadline_in(copy, deadlines) is (copy in deadlines)


def test_deadline_reads_at_the_slots_take_each_field_from_its_own_slot():
    """Compiled, `_deadline_in` and `_deadline_repaired` read a Deadline's fields at its slots' offsets
    (`_slot_c` of the shared header; each field a plain slot, as `_slot_offset` of structure shows): two
    deadlines equal but in one field are never found for each other, whichever field (a field read at another's
    offset would find them), a repaired deadline is told from an unrepaired one by its repairs alone, and an
    unset slot raises the AttributeError `in` raises."""
    from dutygraph.extract.structure import _COMPILED, _slot_offset

    Deadline = records.Deadline
    if _COMPILED and pipeline._COMPILED:
        offsets = [_slot_offset(Deadline, vars(Deadline)[name]) for name in ("raw", "date", "kind", "repairs")]
        assert min(offsets) > 0 and len(set(offsets)) == 4  # (the reads below go through the slots)
    base = Deadline("2023年底", "2023-12-31", "date", ("ocr",))
    for name, value in (("raw", "2023年末"), ("date", None), ("kind", "period"), ("repairs", ())):
        other = dataclasses.replace(base, **{name: value})
        assert pipeline._deadline_in(other, (base,)) is False is (other in (base,)), name
        assert pipeline._deadline_in(base, (other,)) is False, name
        assert pipeline._deadline_in(dataclasses.replace(base), (other, base)) is True, name
    plain = dataclasses.replace(base, repairs=())
    assert pipeline._deadline_repaired(plain, (plain,)) is False
    assert pipeline._deadline_repaired(plain, (plain, base)) is True
    assert pipeline._deadline_repaired(plain, (_OtherDeadline("x", None, "ongoing", ("ocr",)),)) is True
    unset = object.__new__(Deadline)  # (no slot set)
    with pytest.raises(AttributeError):
        base in (unset,)  # noqa: B015 - the form pinned
    with pytest.raises(AttributeError):
        pipeline._deadline_in(base, (unset,))
    with pytest.raises(AttributeError):
        pipeline._deadline_repaired(base, (unset,))


def test_deadline_in_on_the_samples_deadlines():
    seen = 0
    for path in DOCS:
        for po in outline(load(str(path))):
            for item in po.items:
                found = find_deadlines(item.text, po.year, item.norm or None)
                for d in found:
                    raw = parse_deadline(d.raw, po.year)
                    if raw is not None:
                        assert pipeline._deadline_in(raw, found) is (raw in found)
                        assert pipeline._deadline_in(raw, found[1:]) is (raw in found[1:])
                        seen += 1
    assert seen > 50


def test_units_of_none_is_the_empty_tuple_and_caches_nothing():
    from dutygraph.extract.jurisdiction import detect_jurisdiction
    from dutygraph.extract.resolve import Resolver

    r = Resolver(detect_jurisdiction("赣州市人民政府办公室关于印发方案的通知"))
    before = dict(r._cache)
    for none in ((), []):
        assert r.units(none) == () and type(r.units(none)) is tuple
    assert r._cache == before


def test_measures_units_are_the_resolvers_units():
    """meas29: `_measure` calls `_units_of(resolver, …)` itself (no method lookup): the very tuples'
    values `resolver.units` gives, lead and co, for every measure of the samples."""
    from dutygraph.extract.resolve import _units_of

    checked = 0
    for path in DOCS[:8]:
        doc = load(str(path))
        result = pipeline._extract_document(doc)
        plans = {p.key: p for p in result.plans}
        for m in result.measures:
            r = pipeline.resolver_for(plans[m.plan].jurisdiction)
            assert m.lead == tuple(r.units([u.mention for u in m.lead])) == _units_of(r, tuple(u.mention for u in m.lead))
            checked += bool(m.lead)
    assert checked > 50
