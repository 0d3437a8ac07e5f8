"""The README's "Answers from the sample documents" are what the commands it shows print today.

Each figure is read out of README.md's text and compared with the same command run on the five
documents of data/plans (the graph written to an embedded database, then the CLI's `query`, `cypher` and
`extract`, as a user would run them): a change that moves an answer fails here until the README says
the new one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"

# the README names each document by its place; the files by their pinyin
PLACES = {"赣州": "ganzhou-", "鸠江": "jiujiang-", "石嘴山": "shizuishan-", "景德镇": "jingdezhen-", "红谷滩": "honggutan-"}


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Answers from the sample documents")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _flat(text: str) -> str:
    """The section with its wrapped lines joined (a line break in Markdown prose is a space)."""
    return re.sub(r"\s*\n\s*", " ", text)


def _cli(argv: list[str], capsys) -> str:
    from dutygraph.cli import main

    try:
        main(argv)
    except SystemExit as exc:
        assert not exc.code, (argv, capsys.readouterr().err)
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> str:
    from dutygraph.api import extract_paths, graph_from_batch
    from dutygraph.exports import ladybug_store
    from dutygraph.paths import sample_plans_dir

    batch = extract_paths([sample_plans_dir()])
    assert not batch.errors
    out = tmp_path_factory.mktemp("readme-answers")
    ladybug_store.write(graph_from_batch(batch), out)
    return str(out)


def _query(db: str, capsys, *argv: str) -> list[dict]:
    return json.loads(_cli(["query", *argv, "--db", db, "--format", "json"], capsys))


def _count(db: str, capsys, cypher: str) -> list[dict]:
    return json.loads(_cli(["cypher", cypher, "--db", db, "--format", "json"], capsys))


@pytest.mark.slow
def test_the_graph_counts(sample_db, capsys):
    m = re.search(
        r"\*\*The graph:\*\* (\d+) plans, (\d+) measures \(赣州 (\d+), 鸠江 (\d+), 石嘴山 (\d+), 景德镇 (\d+), "
        r"红谷滩 (\d+) progress records\), (\d+) agencies, (\d+) platforms, (\d+) deadlines, (\d+) indicators, "
        r"(\d+) task forces\.",
        _flat(_section()),
    )
    assert m, "the README's graph line is not in the shape this test reads"
    said = [int(x) for x in m.groups()]
    per_file = {r["s"]: r["c"] for r in _count(sample_db, capsys, "MATCH (m:Measure) RETURN m.source AS s, count(m) AS c")}
    per_place = [sum(c for s, c in per_file.items() if s.startswith(PLACES[p])) for p in ("赣州", "鸠江", "石嘴山", "景德镇", "红谷滩")]
    labels = ("Plan", "Measure", "Agency", "Platform", "Deadline", "Indicator", "TaskForce")
    counts = {lb: _count(sample_db, capsys, f"MATCH (n:{lb}) RETURN count(n) AS c")[0]["c"] for lb in labels}
    got = [counts["Plan"], counts["Measure"], *per_place, *(counts[lb] for lb in labels[2:])]
    assert said == got


@pytest.mark.slow
def test_the_heaviest_loaded_agencies_of_ganzhou(sample_db, capsys):
    section = _section()
    table = section[section.index("| agency | led | co | load | plans |"):]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()[2:] if line.startswith("|")]
    assert len(rows) == 10
    got = _query(sample_db, capsys, "agency_load", "-p", "jurisdiction=赣州市", "-p", "collective=false", "--limit", "10")
    assert rows == [[r["name"], str(r["led"]), str(r["co"]), f"{r['load']:.2f}", str(r["plans"])] for r in got]


@pytest.mark.slow
def test_the_measures_that_depend_on_ganfutong(sample_db, capsys):
    flat = _flat(_section())
    flat = flat[flat.index("**Measures that depend on 赣服通"):flat.index("The same answer from RDF")]
    total = int(re.search(r"\*\*Measures that depend on 赣服通: (\d+)\*\*", flat).group(1))
    said: dict[str, list[int]] = {}
    for place, numbers in re.findall(r"(赣州|景德镇|红谷滩|鸠江|石嘴山) lines? ((?:\d+, )*\d+)", flat):
        said[PLACES[place]] = [int(n) for n in numbers.split(", ")]
    rows = _query(sample_db, capsys, "platform_dependents", "-p", "platform=赣服通")
    got: dict[str, list[int]] = {}
    for r in rows:
        got.setdefault(next(p for p in PLACES.values() if r["source"].startswith(p)), []).append(r["line"])
    assert total == len(rows) == sum(len(v) for v in said.values())
    assert said == {k: sorted(v) for k, v in got.items()}
    # the example quoted: 赣州 line 149, its title and leads as the README gives them
    m = re.search(r"line (\d+) 「(.+?)」, led by (\S+) and (\S+?); the mention is kept as printed, 「(.+?)」", flat)
    line, title, *leads, mention = m.groups()
    hit = [r for r in rows if r["source"].startswith("ganzhou-") and r["line"] == int(line)]
    assert hit and hit[0]["title"] == title and hit[0]["leads"] == leads and hit[0]["mention"] == mention


@pytest.mark.slow
def test_the_busiest_deadline_month(sample_db, capsys):
    flat = _flat(_section())
    m = re.search(
        r"\*\*The busiest deadline month: (\d{4}-\d\d)\*\*, with (\d+) measures due across (\d+) lead agencies "
        r"\(then (\d{4}-\d\d): (\d+), (\d{4}-\d\d): (\d+)\)\. In that month (.+?)\.(?: |$)",
        flat,
    )
    assert m, "the README's deadline paragraph is not in the shape this test reads"
    months = _query(sample_db, capsys, "deadline_months", "--limit", "3")
    first, *rest = months
    assert (m.group(1), int(m.group(2)), int(m.group(3))) == (first["month"], first["due"], first["agencies"])
    assert [(m.group(4), int(m.group(5))), (m.group(6), int(m.group(7)))] == [(r["month"], r["due"]) for r in rest]
    said = re.findall(r"(\S+?) (?:has )?(\d+)(?: due)?(?:,| and|$)", m.group(8).replace(" and ", ", "))
    crunch = _query(sample_db, capsys, "deadline_crunch", "-p", "year=2021", "-p", "min_due=10")
    assert all(r["month"] == m.group(1) for r in crunch)
    assert [(name, int(due)) for name, due in said] == [(r["agency"], r["due"]) for r in crunch]


@pytest.mark.slow
def test_the_record_as_extract_prints_it(capsys):
    from dutygraph.paths import sample_plans_dir

    flat = _flat(_section())
    shown = re.search(r"`(\{\"doc\": .+?\})`", flat).group(1)
    head, tail = shown.split(", …, ")
    said = {**json.loads(head + "}"), **json.loads("{" + tail)}
    path = Path(sample_plans_dir()) / said["doc"]
    records = [json.loads(line) for line in _cli(["extract", str(path)], capsys).splitlines()]
    record = next(r for r in records if r["line"] == said["line"])
    assert {k: record[k] for k in said} == said
