"""Cypher injection: values reach queries only as bound parameters; `dutygraph cypher` is read-only
unless --write; hostile text inside documents ends up as data in the embedded database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dutygraph.paths import sample_plans_dir

BIN = Path(sys.executable).with_name("dutygraph")

HOSTILE_VALUES = [
    "' }) DETACH DELETE n //",
    "\" }) DETACH DELETE n //",
    "赣州市' OR 1=1 //",
    "`Agency`) DETACH DELETE a RETURN 1 //",
    "$jurisdiction",
    "x'); DROP TABLE Agency; //",
    "\\' MATCH (n) DETACH DELETE n //",
    "{jurisdiction: ''}",
]

WRITES = [
    "MATCH (n) DETACH DELETE n",
    "match (n) detach delete n",
    "MATCH (n)\n/* harmless? */ DETACH\tDELETE n",
    "MATCH (a:Agency) SET a.name = 'x' RETURN a",
    "MATCH (a:Agency) REMOVE a.name RETURN a",
    "CREATE (:Agency {id: 'evil'})",
    "MERGE (:Agency {id: 'evil'})",
    "MATCH (a:Agency) WITH a LIMIT 1 DELETE a",
    "DROP TABLE Agency",
    "COPY Agency FROM '/tmp/evil.csv'",
    "MATCH (a:Agency) RETURN a.name UNION ALL MATCH (n) DETACH DELETE n RETURN 'x'",
    "CALL db.clear()",
]

# A document whose unit names and text carry Cypher/markup metacharacters (no parentheses inside
# the bracket: those would end the responsibility clause, as they would for a human reader).
HOSTILE_DOC = """某区2023年优化营商环境行动方案
一、主要任务
1.推行“'}) DETACH DELETE n //”服务。依托“`Agency`平台”办理。(区'} DETACH DELETE n //局牵头,区`反引号`局、区"双引号"局按职责分工负责)
2.推进“$param”与{json: 1}改革。(区$参数局牵头,区\\反斜杠局配合)
"""


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=300)


def _counts(db: Path) -> tuple[dict, dict]:
    from dutygraph.exports import ladybug_store

    with ladybug_store.connect(db) as conn:
        return ladybug_store.counts(conn)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from dutygraph.commands.build import run_build

    root = tmp_path_factory.mktemp("inj")
    (root / "hostile.txt").write_text(HOSTILE_DOC, encoding="utf-8")
    out = root / "out"
    run_build([str(sample_plans_dir() / "jiujiang-2023-business-environment-action-plan.txt"),
               str(root / "hostile.txt")], out, only=["ladybug"])
    assert (out / "graph.lbdb").exists()
    return out


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_stored_query_parameters_stay_data(db, value):
    before = _counts(db)
    r = _run("query", "agency_load", "--db", str(db), "-p", f"jurisdiction={value}", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []  # no agency has that jurisdiction: the value was compared, not run
    assert _counts(db) == before


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_adhoc_parameters_stay_data(db, value):
    before = _counts(db)
    r = _run("cypher", "MATCH (a:Agency) WHERE a.name = $v RETURN count(a) AS c", "--db", str(db),
             "-p", f"v={value}", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"c": 0}]
    assert _counts(db) == before


@pytest.mark.parametrize("name", ["x}) DETACH DELETE n //", "a b", "v`", "1abc", "v;DROP"])
def test_hostile_parameter_names_are_refused(db, name):
    r = _run("cypher", "MATCH (a:Agency) RETURN count(a) AS c", "--db", str(db), "-p", f"{name}=1")
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1 and "param" in r.stderr.lower()


@pytest.mark.parametrize("text", WRITES)
def test_write_clauses_are_refused_without_write(db, text):
    before = _counts(db)
    r = _run("cypher", text, "--db", str(db))
    assert r.returncode != 0, r.stdout
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert _counts(db) == before


def test_write_words_inside_literals_are_not_clauses(db):
    r = _run("cypher", "MATCH (a:Agency) WHERE a.name = 'DETACH DELETE n' RETURN count(a) AS c",
             "--db", str(db), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"c": 0}]


def test_hostile_document_text_is_stored_as_data(db):
    before = _counts(db)
    assert before[0]["Agency"] > 5
    r = _run("cypher", "MATCH (a:Agency) RETURN a.name AS name ORDER BY name", "--db", str(db), "--format", "json")
    assert r.returncode == 0, r.stderr
    names = [row["name"] for row in json.loads(r.stdout)]
    # the hostile unit names are agencies like any other (as data, quotes and all)
    assert any("DETACH" in n and "DELETE" in n for n in names), names
    assert any("`反引号`" in n or "反引号" in n for n in names), names
    # and a parameterised lookup finds exactly that agency
    hostile = next(n for n in names if "DETACH" in n and "DELETE" in n)
    r = _run("cypher", "MATCH (a:Agency)-[:LEADS]->(m:Measure) WHERE a.name = $n RETURN count(m) AS c",
             "--db", str(db), "-p", f"n={hostile}", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"c": 1}]
    assert _counts(db) == before
