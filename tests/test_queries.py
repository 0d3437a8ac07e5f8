"""The stored-query library: headers, parameters, the read-only guard, and every query run on the
embedded LadybugDB against its networkx reference (hand-built excerpt graph, the graph engineer's
hand-built records, and the five sample documents end to end)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from dutygraph.analytics.reference import REFERENCES, reference_rows
from dutygraph.errors import QueryError
from dutygraph.exports import ladybug_store
from dutygraph.queries import library
from dutygraph.queries.library import check_read_only, load_library, normalize_rows, parse_query, write_clauses
from dutygraph.queries.runner import Target, parse_param, run_adhoc, run_stored

sys.path.insert(0, str(Path(__file__).parent))
from test_analytics import GZ, aid, excerpt_graph  # noqa: E402

REQUIRED = {"agency_load", "agency_portfolio", "shared_bottlenecks", "platform_dependents", "deadline_crunch",
            "co_unit_network", "orphan_measures", "plan_overlap"}
# non-default parameters that make every query return rows on small graphs too
OPEN_PARAMS = {"agency_load": {"collective": False, "jurisdiction": "赣州市"}, "shared_bottlenecks": {"min_measures": 1}, "co_unit_network": {"min_shared": 1},
               "plan_overlap": {"min_plans": 1}}


# ---------------------------------------------------------------- headers


def test_library_has_every_required_query_with_a_full_header():
    lib = load_library()
    assert REQUIRED <= set(lib)
    assert set(lib) == set(REFERENCES)  # every stored query has a networkx reference
    for q in lib.values():
        assert q.title_zh and q.title_en and len(q.answers) > 40, q.name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in q.title_zh), q.name
        for p in q.params:
            assert p.default is not None and p.doc, (q.name, p.name)
            assert f"${p.name}" in q.text, (q.name, p.name)  # declared parameters are used
        for column in q.order:
            assert column.lstrip("-"), q.name
        assert "type(" not in q.text.lower() and "apoc." not in q.text.lower() and "call {" not in q.text.lower()
        assert not write_clauses(q.text), q.name


def test_parse_header_fields_params_and_continuations():
    q = parse_query(
        "// name: demo\n// title_zh: 示例\n// title_en: Demo\n"
        '// param: who = "赣州市" | whose\n// param: n = 3 | how many\n// order: -n, who\n'
        "// answers: first line\n//   second line\nMATCH (a:Agency) RETURN a.id AS who, 1 AS n LIMIT $n\n",
        path="demo.cypher")
    assert (q.name, q.title_zh, q.title_en, q.answers) == ("demo", "示例", "Demo", "first line second line")
    assert [(p.name, p.default) for p in q.params] == [("who", "赣州市"), ("n", 3)]
    assert q.order == ("-n", "who")
    assert q.bind({"n": "5"}) == {"who": "赣州市", "n": 5}
    with pytest.raises(QueryError, match="unknown parameter 'x'"):
        q.bind({"x": "1"})
    with pytest.raises(QueryError, match="expected int"):
        q.bind({"n": "five"})


@pytest.mark.parametrize("text, message", [
    ("// name: x\n// title_zh: 甲\n// title_en: X\nMATCH (n) RETURN n", "lacks 'answers:'"),
    ("// name: x\n// title_zh: 甲\n// title_en: X\n// param: p = null | no\n// answers: a\nRETURN 1", "not null"),
    ("// name: x\n// title_zh: 甲\n// title_en: X\n// param: p = abc | bad\n// answers: a\nRETURN 1", "JSON literal"),
    ("// name: x y\n// title_zh: 甲\n// title_en: X\n// answers: a\nRETURN 1", "not an identifier"),
])
def test_bad_headers_name_the_file(text, message):
    with pytest.raises(QueryError, match=message) as info:
        parse_query(text, path="bad.cypher")
    assert "bad.cypher" in str(info.value)


def test_dialect_variants_sit_beside_the_portable_file(tmp_path):
    src = library.QUERY_DIR / "orphan_measures.cypher"
    shutil.copy(src, tmp_path / "orphan_measures.cypher")
    (tmp_path / "orphan_measures.neo4j.cypher").write_text("MATCH (m:Measure) RETURN m.id AS measure_id\n")
    q = load_library(tmp_path)["orphan_measures"]
    assert q.text_for("neo4j").startswith("MATCH (m:Measure) RETURN m.id")
    assert q.text_for("ladybug") == src.read_text(encoding="utf-8")
    (tmp_path / "ghost.ladybug.cypher").write_text("RETURN 1")
    with pytest.raises(QueryError, match="without a portable query"):
        load_library(tmp_path)


# ---------------------------------------------------------------- guard and parameters


@pytest.mark.parametrize("text", [
    "MATCH (n) DETACH DELETE n",
    "match (a:Agency) set a.name = 'x'",
    "CREATE (:Agency {id: 'x'})",
    "MATCH (a) WITH a MERGE (b:Agency {id: a.id})",
    "COPY Agency FROM 'x.csv'",
    "LOAD FROM 'x.csv' RETURN *",
    "INSTALL httpfs",
    "ATTACH 'other.lbdb' AS o",
    "DROP TABLE Agency",
    "MATCH (a) REMOVE a.name",
    "CALL db.labels()",
    "MATCH (n) RETURN n /* harmless */ ; CREATE (:X)",
    "MATCH (a:Agency) WITH a, 1 AS load SET a.name = 'x'",
    "MATCH (a) DELETE(a)",
    "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
])
def test_write_clauses_are_refused(text):
    with pytest.raises(QueryError, match="refused"):
        check_read_only(text)


@pytest.mark.parametrize("text", [
    "MATCH (a:Agency) WHERE a.name = 'CREATE (x)' RETURN a",
    "MATCH (a:Agency) RETURN a.id // then DELETE everything",
    "MATCH (a:Agency) /* MERGE */ RETURN a.id",
    'MATCH (m:Measure) WHERE m.title CONTAINS "SET" RETURN m.id',
    "MATCH (a:Agency) RETURN a.id AS `delete`",
    "MATCH (m:Measure) RETURN m.set, m.created_at, m.kind AS offset_kind",
    "MATCH (a:Agency) WHERE a.name STARTS WITH $p RETURN a.id",
    "MATCH (a:Agency) WITH a, 1.0 AS load RETURN a.id, load ORDER BY load DESC",
    "MATCH (a:Agency) WITH {load: 1, set: 2} AS m RETURN m.load",
    "MATCH (a:Agency) RETURN a.id AS load",
])
def test_read_queries_pass_the_guard(text):
    check_read_only(text)


def test_param_names_are_identifiers():
    assert parse_param("jurisdiction=赣州市") == ("jurisdiction", "赣州市")
    assert parse_param("q=a=b") == ("q", "a=b")
    for bad in ("x) DETACH DELETE n //=1", "a b=1", "=1", "noequals", "$x=1"):
        with pytest.raises(QueryError):
            parse_param(bad)


def test_normalize_rows_is_engine_neutral():
    from decimal import Decimal

    rows = [{"a": "y", "n": Decimal("2"), "l": ["b", "a"], "f": 1 / 3},
            {"a": "x", "n": Decimal("2"), "l": [], "f": float("inf")}]
    assert normalize_rows(rows, ("-n", "a")) == [
        {"a": "x", "n": 2, "l": [], "f": None},
        {"a": "y", "n": 2, "l": ["a", "b"], "f": 0.333333},
    ]


# ---------------------------------------------------------------- on the embedded database


def _ladybug(graph, tmp_path: Path) -> Target:
    ladybug_store.write(graph, tmp_path)
    return Target(db=str(tmp_path))


def scoped_params(graph) -> dict[str, list[dict]]:
    """Typical analyst parameters picked from the graph: the busiest agency (by id and by name), its
    jurisdiction, the most used platform (by id and by its first alias), the commonest plan year. The
    LadybugDB variants start from the side these select, so they are checked against the reference too."""
    from collections import Counter

    from dutygraph.analytics.graphview import in_edges, nodes, out_edges

    busy = Counter({aid: sum(1 for rel in ("LEADS", "SUPPORTS") for _ in out_edges(graph, aid, rel, "Measure"))
                    for aid, _ in nodes(graph, "Agency")})
    aid = min(busy, key=lambda a: (-busy[a], a))
    agency = graph.nodes[aid]
    used = {pid: sum(1 for _ in in_edges(graph, pid, "USES_PLATFORM", "Measure")) for pid, _ in nodes(graph, "Platform")}
    pid = min(used, key=lambda p: (-used[p], p))
    alias = (sorted(graph.nodes[pid].get("aliases") or []) or [graph.nodes[pid]["name"]])[0]
    years = Counter(p.get("year") for _, p in nodes(graph, "Plan") if p.get("year"))
    year = min(years, key=lambda y: (-years[y], y))
    rare = min(years, key=lambda y: (years[y], y))  # the plan year fewest plans have (fewest agencies, likely)
    due_years = Counter(d.get("year") for _, d in nodes(graph, "Deadline") if d.get("year"))
    due_year = min(due_years, key=lambda y: (-due_years[y], y))
    rare_due = min(due_years, key=lambda y: (due_years[y], y))
    jurisdiction = agency.get("jurisdiction") or ""
    return {
        "agency_load": [{"jurisdiction": jurisdiction}, {"year": year}, {"jurisdiction": jurisdiction, "year": year,
                                                                          "collective": False},
                        {"year": rare}, {"year": 1900}],  # 1900: a year no plan has
        "agency_portfolio": [{"agency": aid}, {"agency": agency["name"]}],
        "platform_dependents": [{"platform": pid}, {"platform": alias}],
        "deadline_crunch": [{"year": year}, {"year": due_year}, {"year": rare_due}, {"year": rare_due, "min_due": 2},
                            {"year": 1900}],  # 1900: a year without deadlines
        "deadline_months": [{"year": year}],
        "orphan_measures": [{"kind": "progress"}, {"kind": ""}],
    }


def param_sets(name: str, q, scoped: dict[str, list[dict]]) -> list[dict]:
    """Every parameter set a query is checked with: defaults, OPEN_PARAMS, the scoped ones; and for a
    query with a `limit`, each of those with a small limit (the top 2: the cut must fall on the same
    rows as the reference's) and with limit 0 (every row)."""
    sets = [{}, OPEN_PARAMS.get(name, {}), *scoped.get(name, [])]
    if any(p.name == library.LIMIT_PARAM for p in q.params):
        sets += [{**s, "limit": 2} for s in sets] + [{**s, "limit": 0} for s in sets[:2]]
    return sets


def _check_all(graph, target: Target) -> dict[str, int]:
    sizes = {}
    scoped = scoped_params(graph)
    for name, q in load_library().items():
        for overrides in param_sets(name, q, scoped):
            got = run_stored(q, target, overrides)
            want = normalize_rows(reference_rows(name, graph, q.bind(overrides)), q.order)
            assert got == want, name
            sizes[name] = len(got)
    return sizes


def test_every_query_matches_its_reference_on_the_excerpt_graph(tmp_path):
    g = excerpt_graph()
    target = _ladybug(g, tmp_path)
    sizes = _check_all(g, target)
    assert all(sizes[name] > 0 for name in REQUIRED)
    lib = load_library()
    # hand-counted answers (see tests/test_analytics.py) through the database
    top = run_stored(lib["agency_load"], target, {"jurisdiction": "赣州市"})[0]
    assert (top["id"], top["led"], top["load"], top["q4"], top["undated"]) == (aid("SP"), 5, 2.45, 2, 3)
    assert [r["id"] for r in run_stored(lib["agency_load"], target, {"year": "2023"})] == [aid("SZR")]
    gft = run_stored(lib["platform_dependents"], target, {"platform": "贛服通"})  # alias as printed
    assert [(r["source"], r["line"]) for r in gft] == [(GZ, 149), (GZ, 259)]
    crunch = run_stored(lib["deadline_crunch"], target, {"min_due": "2"})
    assert {(r["month"], r["due"]) for r in crunch} == {("2021-12", 2)} and len(crunch) == 2
    portfolio = run_stored(lib["agency_portfolio"], target, {"agency": "石嘴山市自然资源局"})
    assert [r["role"] for r in portfolio] == ["lead (inherited)", "lead (inherited)"]


def test_every_query_matches_its_reference_on_built_records(tmp_path):
    from graph_records import sample_batch

    from dutygraph.graph.model import build_graph

    g = build_graph(sample_batch())
    _check_all(g, _ladybug(g, tmp_path))


@pytest.fixture(scope="module")
def sample_graph():
    from dutygraph.api import extract_paths, graph_from_batch
    from dutygraph.paths import sample_plans_dir

    batch = extract_paths([sample_plans_dir()])
    assert not batch.errors
    return graph_from_batch(batch)


@pytest.mark.slow
def test_every_query_matches_its_reference_on_the_sample_documents(sample_graph, tmp_path):
    sizes = _check_all(sample_graph, _ladybug(sample_graph, tmp_path))
    assert all(sizes[name] > 0 for name in REQUIRED), sizes


def test_injection_through_param_values_is_inert(tmp_path):
    g = excerpt_graph()
    target = _ladybug(g, tmp_path)
    lib = load_library()
    before = run_adhoc("MATCH (a:Agency) RETURN count(a) AS n", target)
    for evil in ("' OR 1=1 //", "赣州市' RETURN 1 UNION MATCH (a) DETACH DELETE a //", "$jurisdiction", "\\' OR ''='"):
        assert run_stored(lib["agency_load"], target, {"jurisdiction": evil}) == []
        assert run_stored(lib["agency_portfolio"], target, {"agency": evil}) == []
        assert run_adhoc("MATCH (a:Agency) WHERE a.name = $n RETURN a.id AS id", target, {"n": evil}) == []
    assert run_adhoc("MATCH (a:Agency) RETURN count(a) AS n", target) == before
    with pytest.raises(QueryError, match="unknown parameter"):
        run_stored(lib["agency_load"], target, {"jurisdiction) RETURN 1 //": "x"})
    with pytest.raises(QueryError, match="not an identifier"):
        run_adhoc("MATCH (a:Agency) RETURN a.id", target, {"n) DETACH DELETE a //": "x"})


def test_adhoc_write_needs_the_flag(tmp_path):
    target = _ladybug(excerpt_graph(), tmp_path)
    with pytest.raises(QueryError, match="refused"):
        run_adhoc("MATCH (a:Agency {id: $id}) SET a.name = 'x'", target, {"id": aid("SP")})
    run_adhoc("MATCH (a:Agency {id: $id}) SET a.name = $name", target, {"id": aid("SP"), "name": "改名"}, write=True)
    assert run_adhoc("MATCH (a:Agency {id: $id}) RETURN a.name AS name", target, {"id": aid("SP")}) == [{"name": "改名"}]
    with pytest.raises(QueryError):  # a broken query is one line, not a traceback
        run_adhoc("MATCH (a:Agency RETURN a", target)


# ---------------------------------------------------------------- the CLI


def _cli(argv, capsys):
    from dutygraph.cli import main

    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_query_queries_cypher(tmp_path, capsys):
    import json

    db = str(tmp_path)
    ladybug_store.write(excerpt_graph(), tmp_path)
    code, out, _ = _cli(["queries"], capsys)
    assert code == 0 and all(name in out for name in REQUIRED) and "--param jurisdiction=" in out
    code, out, _ = _cli(["query", "agency_load", "--db", db, "--param", "jurisdiction=赣州市", "--format", "json"], capsys)
    rows = json.loads(out)
    assert code == 0 and rows[0]["name"] == "赣州市行政审批局" and rows[0]["load"] == 2.45
    code, out, _ = _cli(["query", "platform_dependents", "--db", db, "-p", "platform=赣服通", "--format", "csv"], capsys)
    lines = out.splitlines()
    assert lines[0].startswith("platform,measure_id") and len(lines) == 3
    code, out, _ = _cli(["query", "deadline_crunch", "--db", db], capsys)
    assert code == 0 and "2021-12" in out and "(12 rows)" in out
    code, out, err = _cli(["query", "agency_load", "--db", db, "--limit", "2", "--format", "csv"], capsys)
    assert [line.split(",")[0] for line in out.splitlines()] == ["id", aid("SP"), aid("SZR")]
    assert "the first 2 rows" in err and "limit=0" in err  # the cut is said, on stderr
    code, out, err = _cli(["query", "agency_load", "--db", db, "-p", "limit=0", "--format", "csv"], capsys)
    assert len(out.splitlines()) == 1 + len(reference_rows("agency_load", excerpt_graph(), {})) and not err
    code, out, err = _cli(["cypher", "MATCH (a:Agency) DETACH DELETE a", "--db", db], capsys)
    assert code == 1 and err.count("\n") == 1 and "refused" in err and "--write" in err
    code, out, err = _cli(["query", "agency_load", "--db", db, "-p", "x) RETURN 1 //=3"], capsys)
    assert code == 1 and err.count("\n") == 1 and "parameter name" in err
    code, out, err = _cli(["query", "no_such_query", "--db", db], capsys)
    assert code == 1 and "no stored query" in err
    code, out, err = _cli(["query", "agency_load", "--db", str(tmp_path / "missing")], capsys)
    assert code == 1 and "missing" in err and err.count("\n") == 1
    code, out, _ = _cli(["cypher", "MATCH (a:Agency) WHERE a.name = $n RETURN a.id AS id", "-p", "n=赣州市财政局",
                         "--db", db, "--format", "csv"], capsys)
    assert out == f"id\n{aid('CZ')}\n"


@pytest.mark.parametrize("seed", [7, 2026])
def test_every_query_matches_its_reference_on_a_synthetic_corpus(seed, tmp_path):
    """A seeded synthetic corpus (dutygraph.synth) through the real pipeline: other shapes, other
    jurisdictions, many plans — the stored queries still equal their networkx references."""
    from dutygraph.api import extract_paths, graph_from_batch
    from dutygraph.synth import corpus_paths, write_corpus

    write_corpus(tmp_path / "corpus", 30, seed=seed)
    g = graph_from_batch(extract_paths(corpus_paths(tmp_path / "corpus")))
    sizes = _check_all(g, _ladybug(g, tmp_path / "db"))
    assert sum(sizes.values()) > 1000


@pytest.mark.parametrize("budget", [0, 1, 3, 6])
def test_co_unit_network_from_the_listed_pairs_and_beyond_them(budget, tmp_path, monkeypatch):
    """Agency.top_pairs lists only the pairs of at least top_pairs_min shared measures (graph/model.py
    TOP_PAIRS_BUDGET pairs at most): co_unit_network's LadybugDB variant reads them when the pairs it needs
    are all listed and counts from the edges otherwise (limit 0, min_shared 1); the same rows as the
    reference either way, and both ways are taken (none listed: budget 0 and 1)."""
    from dutygraph.graph import model

    g = excerpt_graph()
    monkeypatch.setattr(model, "TOP_PAIRS_BUDGET", budget)
    model.derive(g)
    least = {a["top_pairs_min"] for _, a in g.nodes(data=True) if a["label"] == "Agency"}
    assert len(least) == 1 and least.pop() > 1
    target = _ladybug(g, tmp_path)
    q = load_library()["co_unit_network"]
    text = q.text_for("ladybug")
    listed_only = text[: text.index("UNION ALL")]  # the first branch: the listed pairs alone
    ways = set()
    for overrides in param_sets("co_unit_network", q, {}) + [{"min_shared": 3}, {"min_shared": 3, "limit": 0},
                                                             {"limit": 1}, {"min_shared": 9}]:
        got = run_stored(q, target, overrides)
        assert got == normalize_rows(reference_rows("co_unit_network", g, q.bind(overrides)), q.order), overrides
        params = q.bind(overrides)
        listed = run_adhoc(listed_only, target, params)
        if listed:  # then the other branch gives nothing
            assert normalize_rows(listed, q.order, q.row_cap(params)) == got, overrides
        ways.add(bool(listed))
    assert ways == ({False} if budget < 3 else {True, False})  # the excerpt's pairs: 3 of 3 shared, 3 of 2, 41 of 1


def test_co_unit_network_without_counted_peaks_groups_every_pair(tmp_path, monkeypatch):
    """Past graph/model.py's pair budget, Agency.peak_shared is -1 and co_unit_network's LadybugDB variant
    takes its other branch (every pair grouped): the same rows as the reference, every parameter set."""
    from dutygraph.graph import model

    g = excerpt_graph()
    monkeypatch.setattr(model, "PEAK_SHARED_PAIR_BUDGET", 0)
    model.derive(g)
    assert {a["peak_shared_after"] for _, a in g.nodes(data=True) if a["label"] == "Agency"} == {-1}
    target = _ladybug(g, tmp_path)
    q = load_library()["co_unit_network"]
    sets = param_sets("co_unit_network", q, {})
    for overrides in sets:
        got = run_stored(q, target, overrides)
        assert got == normalize_rows(reference_rows("co_unit_network", g, q.bind(overrides)), q.order), overrides
    assert len(run_stored(q, target, {"min_shared": 1, "limit": 0})) > 2
