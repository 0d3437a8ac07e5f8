"""`structure.measure_fields(item)` (what the pipeline reads of an item to build its Measure, in one call)
against the attribute reads it replaced: the same values, the very same objects, for every item of the
samples and of generated documents (items with a clause and without one, inherited leads, progress
paragraphs, deadlines in brackets)."""

from __future__ import annotations

from pathlib import Path

from dutygraph import synth
from dutygraph.extract.structure import measure_fields, outline
from dutygraph.loaders import load, load_bytes

ROOT = Path(__file__).resolve().parents[1]


def _attribute_reads(item) -> tuple:
    """The form before: `_measure` read each field of the item and its clause by attribute."""
    clause = item.clause
    return (
        item.line,
        item.number,
        item.span,
        item.title,
        item.text,
        item.kind,
        item.section_titles,
        item.section_path,
        item.inherited,
        item.repairs,
        item.norm,
        clause,
        clause.lead if clause else (),
        clause.co if clause else (),
        clause.deadline_raw if clause is not None else None,
        clause.text if clause else "",
        clause.line if clause else 0,
    )


def _docs():
    for path in sorted((ROOT / "data/plans").iterdir()):
        yield load(str(path))
    for d in synth.generate(80, seed=3):
        yield load_bytes(d.data, path=d.name)


def test_measure_fields_are_the_items_attributes():
    items = with_clause = inherited = deadline = 0
    for doc in _docs():
        for po in outline(doc):
            for item in po.items:
                got = measure_fields(item)
                want = _attribute_reads(item)
                assert got == want
                assert [type(v) for v in got] == [type(v) for v in want]
                # the same objects (a record's pickle bytes depend on which strings and tuples it shares)
                for i, (g, w) in enumerate(zip(got, want)):
                    if i not in (0, 8, 16):  # (ints and the flag: made afresh by each read when compiled)
                        assert g is w, (i, g)
                items += 1
                with_clause += item.clause is not None
                inherited += bool(item.inherited)
                deadline += bool(item.clause is not None and item.clause.deadline_raw)
    assert items > 1000 and 0 < with_clause < items and inherited and deadline
