"""The synthetic corpus generator: deterministic, streamed, realistic, and its truth matches its text."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from dutygraph import synth
from dutygraph.cli import cli
from dutygraph.loaders.normalize import normalize

N = 240  # enough documents for every layout, format and damage pattern to occur


@pytest.fixture(scope="module")
def docs() -> list[synth.SynthDoc]:
    return list(synth.generate(N, seed=7))


def _text(d: synth.SynthDoc) -> str:
    enc = d.encoding.split(":")[-1]
    return d.data.decode(enc)


def test_same_index_and_seed_give_identical_bytes_and_truth():
    for i in (0, 3, 17, 101):
        a = synth.generate_doc(i, 5)
        b = synth.generate_doc(i, 5)
        assert a == b
    assert synth.generate_doc(3, 5).data != synth.generate_doc(3, 6).data


def test_corpus_is_streamed_and_a_smaller_size_is_a_prefix():
    small = [d.data for d in synth.generate(6, seed=2)]
    big = synth.generate(12, seed=2)
    assert next(iter([big])) is big  # a generator, not a list
    assert [next(big).data for _ in range(6)] == small


def test_every_layout_format_script_encoding_and_damage_occurs(docs):
    assert {d.layout for d in docs} == {"plan", "bundle", "report", "roster", "attachments"}
    assert {d.fmt for d in docs} == {"txt", "docx", "html"}
    assert {d.script for d in docs} == {"simplified", "traditional"}
    encs = Counter(d.encoding for d in docs)
    assert {"utf-8", "gb18030", "utf-8-sig", "utf-16", "docx"} <= set(encs)
    damage = Counter(x for d in docs for x in d.damage)
    for kind in ("mojibake-prefix", "date-digits", "duplicate-copy", "redaction", "lost-separator",
                 "noise-line", "html-residue", "cut-off"):
        assert damage[kind] > 0, kind
    assert sum(1 for d in docs if not d.damage) > N // 3  # most documents are clean
    assert len({d.jurisdiction for d in docs}) > 100  # many jurisdictions -> many distinct agencies


def test_truth_lines_hold_the_measure_and_its_mentions(docs):
    checked = 0
    for d in docs:
        if d.fmt != "txt":
            continue
        lines = _text(d).splitlines()
        for m in d.measures:
            line = lines[m.line - 1]
            if m.kind == "progress":
                assert f"{m.number}.{m.title}" in line
                assert all(x in line for x in m.lead)
                continue
            assert m.title in line or "mojibake-prefix" in d.damage, (d.name, m)
            if not m.lead_inherited and m.exact and "lost-separator" not in d.damage:
                # own clause: on the item's line, or on the next paragraph for heading-style measures
                window = "".join(lines[m.line - 1 : m.line + 2])
                for x in m.lead + m.co:
                    assert x in window, (d.name, m.line, x)
                if m.deadline:
                    assert m.deadline["raw"] in window
            checked += 1
    assert checked > 1000


def test_inherited_leads_come_from_a_heading_or_group_bracket(docs):
    seen = 0
    for d in docs:
        if d.fmt != "txt":
            continue
        text = _text(d)
        lines = text.splitlines()
        for m in d.measures:
            if not m.lead_inherited:
                continue
            seen += 1
            assert m.lead
            before = "\n".join(lines[: m.line - 1])
            after = "\n".join(lines[m.line :])
            # the heading (before) or the group bracket (after) names every lead
            assert all(x in before or x in after for x in m.lead)
    assert seen > 50


def test_traditional_documents_keep_traditional_mentions(docs):
    trad = [m for d in docs if d.script == "traditional" for m in d.measures]
    assert trad
    changed = [x for m in trad for x in m.lead if normalize(x) != x]
    assert len(changed) > len(trad) // 2


def test_deadline_truth_is_iso_last_allowed_day(docs):
    kinds = Counter()
    for d in docs:
        for m in d.measures:
            if m.deadline:
                kinds[m.deadline["kind"]] += 1
                if m.deadline["kind"] in ("date", "period"):
                    y, mo, da = map(int, m.deadline["date"].split("-"))
                    assert 2019 <= y <= 2025 and 1 <= mo <= 12 and 1 <= da <= 31
                else:
                    assert m.deadline["date"] is None
    assert set(kinds) == {"date", "period", "recurring", "ongoing"}


def test_dropped_date_digits_look_like_the_jingdezhen_sample():
    # jingdezhen-2022-special-action-plans.txt line 354: "完成时限:2022630日" = 2022-06-30
    found = [m.deadline for d in synth.generate(400, seed=3) for m in d.measures
             if m.deadline and "年" not in m.deadline["raw"] and m.deadline["raw"].endswith("日")]
    assert found
    for dl in found:
        raw = dl["raw"]
        y, rest = raw[:4], raw[4:-1]
        assert dl["date"] == f"{y}-0{rest[0]}-{rest[1:]}" or "月" in rest


def test_mojibake_reproduces_the_ganzhou_sample():
    # ganzhou-2021-business-environment-action-plan.txt lines 21 and 29
    sample = (synth.data_dir() / "plans" / "ganzhou-2021-business-environment-action-plan.txt").read_text("utf-8")
    lines = sample.splitlines()
    assert lines[20].startswith(" " + synth._mojibake("（二）積極促進資源要素市場化"))
    assert lines[28].startswith(" " + synth._mojibake("（六）深入推進法治環境公平公正"))


def test_duplicate_copy_truth_points_into_the_first_copy(docs):
    dup = [d for d in docs if "duplicate-copy" in d.damage]
    assert dup
    for d in dup:
        lines = _text(d).splitlines()
        half = len(lines) // 2
        assert lines[:half] == lines[half:]
        assert all(m.line <= half for m in d.measures)


def test_docx_is_deterministic_and_readable(docs):
    import docx

    dx = [d for d in docs if d.fmt == "docx"]
    assert dx
    for d in dx[:5]:
        again = synth.generate_doc(d.index, 7)
        assert again.data == d.data
        z = zipfile.ZipFile(io.BytesIO(d.data))
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        doc = docx.Document(io.BytesIO(d.data))
        cells = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
        paras = " ".join(p.text for p in doc.paragraphs)
        for m in d.measures:
            assert m.title in cells + paras
            assert all(x in cells + paras for x in m.lead)


def test_html_escapes_text_and_carries_a_script_trap(docs):
    hx = [d for d in docs if d.fmt == "html"]
    assert hx
    for d in hx:
        t = _text(d)
        assert "<script>" in t and "市假冒局牵头" in normalize(t)
        for m in d.measures:
            assert m.title.replace("&", "&amp;").replace("<", "&lt;") in t


def test_parse_size():
    assert synth.parse_size("1k") == 1000
    assert synth.parse_size("100K") == 100_000
    assert synth.parse_size(" 250 ") == 250
    with pytest.raises(synth.SynthError):
        synth.parse_size("lots")


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_cli_writes_identical_corpora_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    a, b = tmp_path / "a", tmp_path / "b"
    r1 = runner.invoke(cli, ["synth", "--docs", "30", "--seed", "4", "--out", str(a)])
    assert r1.exit_code == 0, r1.output
    r2 = runner.invoke(cli, ["synth", "--docs", "30", "--seed", "4", "--out", str(b)])
    assert r2.exit_code == 0, r2.output
    assert _tree_digest(a) == _tree_digest(b)
    manifest = json.loads((a / "manifest.json").read_text())
    assert manifest["docs"] == 30 and manifest["seed"] == 4
    truth = list(synth.read_truth(a))
    assert len(truth) == manifest["measures"] > 0
    assert len(synth.corpus_paths(a)) == 30 and all(p.exists() for p in synth.corpus_paths(a))
    # refuses a non-empty folder; --force replaces it atomically
    r3 = runner.invoke(cli, ["synth", "--docs", "5", "--out", str(a)])
    assert r3.exit_code != 0
    assert _tree_digest(a) == _tree_digest(b)
    r4 = runner.invoke(cli, ["synth", "--docs", "5", "--out", str(a), "--force"])
    assert r4.exit_code == 0, r4.output
    assert len(synth.corpus_paths(a)) == 5
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folders left


def test_clean_corpus_has_no_damage():
    assert all(not d.damage for d in synth.generate(60, seed=1, clean=True))
