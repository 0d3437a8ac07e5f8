"""`dutygraph aliases review`: every merge and every unresolved near-miss, on the sample plans."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dutygraph.commands.aliases import aliases, near_misses, review
from extractor_samples import PLANS, FILES

JIUJIANG = str(PLANS / FILES["jiujiang"])
SHIZUISHAN = str(PLANS / FILES["shizuishan"])


@pytest.fixture(scope="module")
def data():
    from dutygraph.extract.pipeline import extract_paths

    return review(extract_paths([JIUJIANG, SHIZUISHAN]))


def test_merges_list_every_printed_form(data):
    merges = {m["name"]: m for m in data["merges"]}
    smb = merges["芜湖市鸠江区市场监督管理局"]
    forms = {x["mention"] for x in smb["mentions"]}
    assert {"区市监局", "区市场监管局", "市场监管局"} <= forms
    assert all(x["files"] == [FILES["jiujiang"]] and x["count"] >= 1 for x in smb["mentions"])
    police = {x["mention"] for x in merges["芜湖市公安局鸠江分局"]["mentions"]}
    assert {"鸠江公安局", "鸠江公安分局"} <= police
    assert "石嘴山市行政审批局" in merges  # "市审批局" -> canonical differs from the printed form


def test_unresolved_and_redacted_mentions_are_listed(data):
    unresolved = {u["mention"]: u for u in data["unresolved"]}
    assert unresolved["区科技"]["how"] == "unresolved"  # 鸠江 line 101, cut off
    assert "科技局" in unresolved["区科技"]["near"]
    assert unresolved["市 (略)"]["how"] == "redacted"


def test_near_misses_by_edit_distance_and_shared_core():
    known = ["市场监督管理局", "市场监管局", "科技局", "财政局"]
    assert near_misses("市场监管理局", known)[0] in ("市场监督管理局", "市场监管局")
    assert near_misses("科技", known) == ["科技局"]
    assert near_misses("星瀚集团", known) == []


def test_cli_text_and_json_are_deterministic():
    runner = CliRunner()
    first = runner.invoke(aliases, ["review", JIUJIANG])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("MERGES (")
    assert "  芜湖市鸠江区市场监督管理局\n    <- " in first.output
    assert "UNRESOLVED (" in first.output and "NEAR-MISSES (" in first.output
    second = runner.invoke(aliases, ["review", JIUJIANG])
    assert first.output == second.output
    js = runner.invoke(aliases, ["review", "--format", "json", JIUJIANG])
    assert js.exit_code == 0
    assert set(json.loads(js.output)) == {"merges", "unresolved", "near_misses"}


def test_cli_missing_file_is_one_line_error(tmp_path):
    result = CliRunner().invoke(aliases, ["review", str(tmp_path / "missing.txt"), JIUJIANG])
    assert result.exit_code == 0
    assert "missing.txt: no such file or directory" in result.output
