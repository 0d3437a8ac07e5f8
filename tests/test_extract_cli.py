"""`dutygraph extract`: the scored JSON Lines contract, golden output, errors on stderr, exit codes.

Runs the real command (`python -m dutygraph.cli extract …`) in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dutygraph.paths import sample_plans_dir

PLANS = sample_plans_dir()
GOLDEN = Path(__file__).parent / "golden"
SAMPLES = sorted(PLANS.glob("*.txt"))
CONTRACT_KEYS = [
    "doc", "line", "number", "section", "title", "text", "kind", "lead", "co",
    "lead_inherited", "platforms", "deadline", "repairs",
]  # fmt: skip


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dutygraph.cli", "extract", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture(scope="module")
def all_samples():
    proc = run(PLANS)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_golden_output(sample):
    proc = run(sample)
    assert proc.returncode == 0
    assert proc.stdout == (GOLDEN / f"{sample.stem}.jsonl").read_text(encoding="utf-8")
    # the loader may report a repair (石嘴山: the repeated second copy); never an error
    for line in proc.stderr.splitlines():
        assert line.startswith(f"dutygraph: warning: {sample}")


def test_directory_expands_to_sorted_documents(all_samples):
    expected = "".join((GOLDEN / f"{p.stem}.jsonl").read_text(encoding="utf-8") for p in SAMPLES)
    assert all_samples.stdout == expected


def test_lines_are_exactly_the_contract(all_samples):
    lines = all_samples.stdout.splitlines()
    assert len(lines) == 546
    for line in lines:
        rec = json.loads(line)
        assert list(rec) == CONTRACT_KEYS
        assert line == json.dumps(rec, ensure_ascii=False)  # Chinese as printed, no \u escapes
        for unit in rec["lead"] + rec["co"]:
            assert list(unit) == ["name", "mention"]
        assert rec["deadline"] is None or list(rec["deadline"]) == ["raw", "date", "kind"]


def test_no_personal_data_in_output():
    # 鸠江 附件1 names and phones (lines 87-93) never reach `extract`, not even with --full
    proc = run(PLANS / "jiujiang-2023-business-environment-action-plan.txt", "--full")
    assert proc.returncode == 0
    for secret in ("徐光耀", "曹立群", "王蕊", "15357001681", "18755339106"):
        assert secret not in proc.stdout


def test_json_format_and_full_records():
    sample = PLANS / "shizuishan-2023-action-plan-draft.txt"
    as_list = json.loads(run(sample, "--format", "json").stdout)
    golden = [json.loads(x) for x in (GOLDEN / f"{sample.stem}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert as_list == golden
    full = [json.loads(x) for x in run(sample, "--full").stdout.splitlines()]
    assert [{k: r[k] for k in CONTRACT_KEYS} for r in full] == golden
    inherited = next(r for r in full if r["line"] == 58)  # 石嘴山 line 58, lead from line 57
    assert inherited["plan"] == f"{sample.name}#9" and inherited["jurisdiction"] == "石嘴山市"
    assert inherited["responsibility"] == "(市自然资源局牵头)" and inherited["responsibility_line"] == 57
    assert inherited["indicator"] == "登记财产" and inherited["section_path"] == ["二、", "(六)"]
    targets = next(r for r in full if r["line"] == 70)  # "在10个工作日内应退尽退"
    assert "在10个工作日内" in targets["targets"] and targets["indicator"] == "纳税"


def test_errors_name_the_file_and_the_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    notice = tmp_path / "notice.txt"
    notice.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    good = PLANS / "honggutan-2023-q1-q3-progress-report.txt"
    proc = run(empty, tmp_path / "missing.txt", notice, good)
    assert proc.returncode == 0
    assert proc.stdout == (GOLDEN / f"{good.stem}.jsonl").read_text(encoding="utf-8")
    err = proc.stderr.splitlines()
    assert len(err) == 3
    assert any("missing.txt" in e and "error" in e for e in err)
    assert any(str(empty) in e and "error" in e for e in err)
    assert any(str(notice) in e and "warning" in e and "no numbered items" in e for e in err)


def test_exit_code_1_when_every_file_fails(tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    proc = run(binary, tmp_path / "missing.txt")
    assert proc.returncode == 1 and proc.stdout == ""
    assert all(line.startswith("dutygraph: error: ") for line in proc.stderr.splitlines())
    assert str(binary) in proc.stderr


def test_jobs_give_the_same_output(all_samples):
    proc = run(PLANS, "--jobs", "2")
    assert proc.returncode == 0 and proc.stdout == all_samples.stdout
