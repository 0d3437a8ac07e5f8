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


# ---------------------------------------------------------------- streaming
#
# `extract` writes each document's records as its result arrives. The reference below is the
# command as it was before it streamed: collect the whole batch (extract_paths), print every
# error, then every warning, then dump every record at once.


def collected_output(paths: list[Path], *, fmt: str, full: bool, jobs: int) -> tuple[str, str]:
    from dutygraph.commands.extract import expand_paths, full_record
    from dutygraph.extract.pipeline import extract_paths

    files, arg_errors = expand_paths([str(p) for p in paths])
    batch = extract_paths(files, jobs=jobs)
    err = [f"dutygraph: error: {e}" for e in arg_errors + batch.errors]
    err += [f"dutygraph: warning: {w}" for r in batch.results for w in r.warnings]
    recs = []
    for result in batch.results:
        plans = {p.key: p for p in result.plans}
        recs += [full_record(m, plans.get(m.plan)) if full else m.contract() for m in result.measures]
    if fmt == "json":
        out = json.dumps(recs, ensure_ascii=False, indent=1) + "\n"
    else:
        out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    return out, "".join(line + "\n" for line in err)


@pytest.fixture(scope="module")
def synthetic_batch(tmp_path_factory) -> list[Path]:
    """A small synthetic corpus (every format, damaged text) with bad files and a warning in the middle."""
    from dutygraph.synth import corpus_paths, write_corpus

    base = tmp_path_factory.mktemp("stream")
    write_corpus(base / "corpus", 40, seed=3)
    docs = corpus_paths(base / "corpus")
    empty = base / "empty.txt"
    empty.write_bytes(b"")
    binary = base / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    notice = base / "notice.txt"  # read, but no measures: a warning
    notice.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    return docs[:13] + [binary] + docs[13:20] + [notice] + docs[20:27] + [empty, base / "missing.txt"] + docs[27:]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("fmt,full", [("jsonl", False), ("json", False), ("jsonl", True), ("json", True)])
@pytest.mark.parametrize("corpus", ["samples", "synthetic"])
def test_streamed_output_is_byte_identical_to_the_collected_output(corpus, fmt, full, jobs, synthetic_batch,
                                                                  tmp_path):
    paths = SAMPLES if corpus == "samples" else synthetic_batch
    expected_out, expected_err = collected_output(paths, fmt=fmt, full=full, jobs=1)
    args = [*paths, "--format", fmt, "--jobs", str(jobs), *(["--full"] if full else [])]
    if jobs == 2:  # also through --output FILE: the same bytes
        target = tmp_path / "records.out"
        proc = run(*args, "--output", target)
        assert proc.stdout == ""
        got = target.read_text(encoding="utf-8")
        assert [p.name for p in tmp_path.iterdir()] == ["records.out"]  # no temp file left
    else:
        proc = run(*args)
        got = proc.stdout
    assert proc.returncode == 0, proc.stderr
    assert got == expected_out
    assert proc.stderr == expected_err
    assert len(got) > 10_000
    if corpus == "synthetic":
        assert expected_err.count("error") == 3 and "warning: " in expected_err


def test_a_bad_file_in_the_middle_of_a_parallel_batch(synthetic_batch):
    bad = [p for p in synthetic_batch if p.name in ("binary.txt", "empty.txt", "missing.txt")]
    good = [p for p in synthetic_batch if p not in bad]
    proc = run(*synthetic_batch, "--jobs", "2")
    assert proc.returncode == 0
    errors = [line for line in proc.stderr.splitlines() if line.startswith("dutygraph: error: ")]
    assert len(errors) == 3  # one line per bad file, naming it
    for path in bad:
        assert len([line for line in errors if f"{path}:" in line]) == 1
    # the rest of the batch went on: every good file's records, in input order
    assert proc.stdout == run(*good, "--jobs", "2").stdout
    docs = list(dict.fromkeys(json.loads(line)["doc"] for line in proc.stdout.splitlines()))
    assert docs == [p.name for p in good if p.name in docs] and len(docs) > 30


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_an_interrupted_run_leaves_no_partial_output_file(sig, jobs, tmp_path):
    import os
    import signal
    import time

    # the last input is a FIFO nobody writes to: the run streams the samples' records into its
    # temp file, then blocks reading it until it is stopped
    fifo = tmp_path / "stuck.txt"
    os.mkfifo(fifo)
    out = tmp_path / "out" / "records.jsonl"
    out.parent.mkdir()
    out.write_text("the previous run's output\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dutygraph.cli", "extract", *map(str, SAMPLES), str(fifo), "--jobs", str(jobs),
         "--output", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        # SIGINT back to its default in the child: a suite started with SIGINT ignored (a background
        # job of a shell without job control) would otherwise pass that on and the run never stops
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 120
        while not [p for p in out.parent.iterdir() if p != out and p.stat().st_size > 0]:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no records were streamed into a temp file"
            time.sleep(0.05)
        proc.send_signal(getattr(signal, sig))
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode != 0
    assert [p.name for p in out.parent.iterdir()] == ["records.jsonl"]  # the temp file is gone
    assert out.read_text(encoding="utf-8") == "the previous run's output\n"
    assert b"Traceback" not in err


def test_each_document_is_written_before_the_next_is_read():
    """Structural: the records of one document are in the output before the next outcome is asked for."""
    import io

    from dutygraph.commands.extract import write_records
    from dutygraph.extract.pipeline import iter_extract

    golden = {p.name: (GOLDEN / f"{p.stem}.jsonl").read_text(encoding="utf-8") for p in SAMPLES}
    out = io.StringIO()
    seen: list[str] = []

    def outcomes():
        for path, result, error in iter_extract(SAMPLES):
            assert out.getvalue() == "".join(golden[Path(p).name] for p in seen)
            seen.append(path)
            yield path, result, error

    assert write_records(out, outcomes()) == len(SAMPLES)
    assert out.getvalue() == "".join(golden[p.name] for p in SAMPLES)
