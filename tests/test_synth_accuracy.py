"""Extraction accuracy on the synthetic corpus, measured against the generator's ground truth.

Floors are honest: set a little under what the pipeline measured when they were written (clean
corpus, seed 21, 120 documents: recall/lead/co/inherited 0.977, deadlines 0.98, resolution of each
agency to one canonical name 0.88, plan jurisdiction 0.93) so they catch regressions without
pretending to perfection.
Measures whose truth the damage made debatable (`exact=False`) are left out.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from dutygraph import synth

N_DOCS = 120


def _truth_dicts(d: synth.SynthDoc) -> list[dict]:
    return [{f: getattr(m, f) for f in m.__slots__} for m in d.measures]


def _run(clean: bool, seed: int):
    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load_bytes

    truth, recs, docs = [], [], []
    for d in synth.generate(N_DOCS, seed=seed, clean=clean):
        res = extract_document(load_bytes(d.data, path=d.name))
        truth += _truth_dicts(d)
        recs += [m.contract() for m in res.measures]
        docs.append((d, res))
    return truth, recs, docs


@pytest.fixture(scope="module")
def clean_run():
    return _run(True, 21)


@pytest.fixture(scope="module")
def mixed_run():
    return _run(False, 22)


def test_clean_corpus_accuracy_floor(clean_run):
    truth, recs, _ = clean_run
    s = synth.score(truth, recs)
    print(s)
    assert s["truth_measures"] > 2000
    assert s["recall"] >= 0.95
    assert s["lead_accuracy"] >= 0.95
    assert s["co_accuracy"] >= 0.93
    assert s["inherited_accuracy"] >= 0.95
    assert s["deadline_accuracy"] >= 0.90
    # precision: few records that match no truth measure
    assert s["extracted_measures"] <= s["truth_measures"] * 1.05


def test_damaged_corpus_accuracy_floor(mixed_run):
    truth, recs, _ = mixed_run
    s = synth.score(truth, recs)
    print(s)
    assert s["recall"] >= 0.93
    assert s["lead_accuracy"] >= 0.92
    assert s["deadline_accuracy"] >= 0.88


def test_each_format_is_read(clean_run):
    truth, recs, _ = clean_run
    # docx is lower while task tables with traditional headers (序號/任務/牽頭單位) are not read as tables
    floors = {"txt": 0.95, "html": 0.95, "docx": 0.85}
    for fmt, floor in floors.items():
        t = [x for x in truth if x["doc"].endswith(fmt)]
        s = synth.score(t, [r for r in recs if r["doc"].endswith(fmt)])
        assert t and s["recall"] >= floor and s["lead_accuracy"] >= floor, (fmt, s)


def test_agencies_resolve_to_one_name_per_jurisdiction(clean_run):
    """One real agency (jurisdiction + kind, whatever variant is printed) should get one canonical
    name; two agencies should not share one. Only measures whose lead mentions were found count."""
    truth, _, docs = clean_run
    names_by_key: dict[str, set[str]] = defaultdict(set)
    keys_by_name: dict[str, set[str]] = defaultdict(set)
    for d, res in docs:
        pairs = synth.match(_truth_dicts(d), [m.contract() for m in res.measures])
        for t, e in pairs:
            if e is None:
                continue
            by_mention = {synth._norm(u["mention"]): u["name"] for u in e["lead"] + e["co"]}
            for mention, key in zip(t["lead"] + t["co"], t["lead_keys"] + t["co_keys"]):
                name = by_mention.get(synth._norm(mention))
                if name is None or "/collective:" in key:
                    continue
                names_by_key[key].add(name)
                keys_by_name[name].add(key)
    one_name = sum(len(v) == 1 for v in names_by_key.values()) / len(names_by_key)
    shared = sum(len(v) > 1 for v in keys_by_name.values()) / len(keys_by_name)
    print(f"agencies {len(names_by_key)}: one name {one_name:.3f}, names shared by several agencies {shared:.3f}")
    assert len(names_by_key) > 500  # many jurisdictions x agency kinds
    assert one_name >= 0.80
    assert shared <= 0.15


def test_plan_jurisdiction_is_detected(clean_run):
    _, _, docs = clean_run
    plans = ok = 0
    for d, res in docs:
        local = d.jurisdiction
        for p in res.plans:
            plans += 1
            ok += bool(p.jurisdiction.name) and (p.jurisdiction.name in local or local.endswith(p.jurisdiction.name))
    print(f"plans {plans}, jurisdiction right {ok / plans:.3f}")
    assert ok / plans >= 0.80
