"""A malformed corpus next to good documents: every bad file gets one clear line (error or warning)
naming it, the good files still extract and build, and an aborted build leaves the previous output
intact. Big and binary fixtures are generated into tmp_path at test time, never committed."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dutygraph.errors import DutygraphError, LoadError
from dutygraph.paths import sample_plans_dir

BIN = Path(sys.executable).with_name("dutygraph")
JIUJIANG = "jiujiang-2023-business-environment-action-plan.txt"
GANZHOU = "ganzhou-2021-business-environment-action-plan.txt"


def _sample(name: str) -> bytes:
    return (sample_plans_dir() / name).read_bytes()


def make_corpus(root: Path) -> dict[str, Path]:
    """The malformed files plus two good ones; returns name -> path."""
    root.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    files["binary.txt"] = bytes(range(256)) * 64 + b"\x00" * 512
    files["empty.txt"] = b""
    jj = _sample(JIUJIANG)
    # cut inside a multi-byte character (UTF-8 Chinese is 3 bytes): the last char is incomplete
    cut = 20_000
    while jj[cut] & 0xC0 == 0x80 or jj[cut] < 0x80:
        cut += 1
    files["truncated-utf8.txt"] = jj[: cut + 1]
    # GBK bytes mislabelled as UTF-8: a BOM in front of GBK text, and an HTML page declaring utf-8
    jj_text = jj.decode("utf-8")
    files["gbk-with-utf8-bom.txt"] = b"\xef\xbb\xbf" + jj_text.encode("gbk", errors="replace")
    body = "".join(f"<p>{x}</p>" for x in jj_text.splitlines()[270:300] if x.strip())
    files["gbk-labelled-utf8.html"] = (
        '<html><head><meta charset="utf-8"><title>鸠江区创优营商环境对标提升举措</title></head><body>'
        + body + "</body></html>").encode("gbk", errors="replace")
    # a 50 MB document on one line
    unit = "1.推进政务服务标准化。(区数管局牵头,区有关单位按职责分工负责) ".encode()
    files["huge-single-line.txt"] = unit * (50_000_000 // len(unit) + 1)
    # deeply nested numbering: every level of marker, over and over, 3000 levels deep
    markers = ["{}、", "({})", "{}.", "({})", "{}.{}", "①"]
    cn = "一二三四五六七八九十"
    lines = ["某区2023年优化营商环境行动方案"]
    for depth in range(3000):
        m = markers[depth % len(markers)]
        n = cn[depth % 10] if depth % len(markers) in (0, 1) else str(depth % 9 + 1)
        lines.append(m.format(n, n) + f"第{depth}层任务。(区住建局牵头)")
    files["deep-nesting.txt"] = "\n".join(lines).encode()
    # 10,000 units in one list
    many = "、".join(f"区第{i}局" for i in range(10_000))
    files["ten-thousand-units.txt"] = ("某区2023年优化营商环境行动方案\n一、主要任务\n"
                                       f"1.全面推行网上办电。({many}牵头,区有关单位按职责分工负责)\n").encode()
    # HTML with scripts: script/style text is not document text
    files["with-scripts.html"] = (
        "<html><head><script>document.write('<p>2.假任务。(市假冒局牵头)</p>');</script>"
        "<style>p:before{content:'(市样式局牵头)'}</style></head><body>"
        "<p>某区2023年优化营商环境行动方案</p><p>一、主要任务</p>"
        "<p>1.推广电子营业执照应用。(区市监局牵头,区数管局按职责分工负责)</p>"
        "<script>var x='</p><p>3.又一个假任务。(区脚本局牵头)</p>';</script>"
        "<noscript>(区无脚本局牵头)</noscript></body></html>").encode()
    files[JIUJIANG] = jj
    files[GANZHOU] = _sample(GANZHOU)
    out = {}
    for name, data in files.items():
        (root / name).write_bytes(data)
        out[name] = root / name
    return out


BAD = ("binary.txt", "empty.txt", "huge-single-line.txt")
FAKE_UNITS = ("假冒局", "样式局", "脚本局", "无脚本局")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return make_corpus(tmp_path_factory.mktemp("malformed"))


MAX_RSS_MB = 3000  # a build of these few files that needs more is a bug; stop it before it starves the machine


def _run(args: list[str], timeout: float = 240) -> subprocess.CompletedProcess:
    """Run the CLI; fail (and kill it) when it runs past `timeout` or its memory passes MAX_RSS_MB."""
    import tempfile

    import psutil

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = psutil.Popen([str(BIN), *args], stdout=out, stderr=err)
        start, peak, why = time.monotonic(), 0, ""
        while proc.poll() is None:
            try:
                peak = max(peak, proc.memory_info().rss >> 20)
            except psutil.Error:
                pass
            if peak > MAX_RSS_MB:
                why = f"RSS above {MAX_RSS_MB} MB"
            elif time.monotonic() - start > timeout:
                why = f"still running after {timeout:.0f} s"
            if why:
                proc.kill()
                proc.wait()
                break
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    assert not why, f"dutygraph {args[0]}: {why}; last progress: {stderr.strip().splitlines()[-3:]}"
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


# ---------------------------------------------------------------- loaders, file by file


@pytest.mark.parametrize("name", ["binary.txt", "empty.txt", "huge-single-line.txt"])
def test_unreadable_files_raise_one_line_load_error_naming_the_file(corpus, name):
    from dutygraph.loaders import load

    with pytest.raises(LoadError) as ei:
        load(corpus[name])
    msg = ei.value.oneline()
    assert name in msg and "\n" not in msg


@pytest.mark.parametrize("name", ["truncated-utf8.txt", "gbk-with-utf8-bom.txt", "gbk-labelled-utf8.html",
                                  "deep-nesting.txt", "ten-thousand-units.txt", "with-scripts.html"])
def test_damaged_but_readable_files_load(corpus, name):
    from dutygraph.loaders import load

    doc = load(corpus[name])
    assert doc.lines
    for w in doc.warnings:
        assert name in w and "\n" not in w


def test_gbk_mislabelled_as_utf8_is_read_as_chinese(corpus):
    from dutygraph.loaders import load

    for name in ("gbk-with-utf8-bom.txt", "gbk-labelled-utf8.html"):
        doc = load(corpus[name])
        text = "\n".join(ln.text for ln in doc.lines)
        # jiujiang line 277 (区市监局牵头) must survive the wrong label
        assert "区市监局牵头" in text, name


def test_html_script_and_style_text_is_not_document_text(corpus):
    from dutygraph.loaders import load

    text = "\n".join(ln.text for ln in load(corpus["with-scripts.html"]).lines)
    assert "推广电子营业执照应用" in text
    for fake in FAKE_UNITS:
        assert fake not in text


def test_pathological_structure_extracts_in_bounded_time(corpus):
    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load

    for name, limit in (("deep-nesting.txt", 60.0), ("ten-thousand-units.txt", 60.0)):
        doc = load(corpus[name])
        t = time.perf_counter()
        try:
            res = extract_document(doc)
        except DutygraphError:
            continue  # a clear refusal is fine
        assert time.perf_counter() - t < limit, name
        if name == "ten-thousand-units.txt":
            leads = [u.mention for m in res.measures for u in m.lead]
            assert len(leads) == 10_000 and leads[0] == "区第0局" and leads[-1] == "区第9999局"
        else:
            assert len(res.measures) > 100


# ---------------------------------------------------------------- the CLI over the whole batch


def test_extract_cli_reports_each_bad_file_on_one_line_and_extracts_the_rest(corpus):
    paths = [str(p) for p in corpus.values()]
    r = _run(["extract", *paths, "--format", "jsonl"])
    assert r.returncode == 0, r.stderr[-2000:]
    err_lines = [x for x in r.stderr.splitlines() if x.strip()]
    for bad in BAD:
        hits = [x for x in err_lines if bad in x]
        assert len(hits) == 1, (bad, err_lines)
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    docs = {rec["doc"] for rec in recs}
    assert {JIUJIANG, GANZHOU, "ten-thousand-units.txt", "with-scripts.html"} <= docs
    assert not docs & set(BAD)
    # jiujiang line 291: (区市监局牵头,鸠江公安局、区数管局按职责分工负责)
    m291 = [rec for rec in recs if rec["doc"] == JIUJIANG and rec["line"] == 291]
    assert m291 and [u["mention"] for u in m291[0]["lead"]] == ["区市监局"]
    assert not any(f in json.dumps(rec, ensure_ascii=False) for rec in recs for f in FAKE_UNITS)


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_cli_builds_the_good_files_and_lists_the_bad(corpus, tmp_path):
    out = tmp_path / "out"
    batch = [str(p) for name, p in corpus.items() if name != "ten-thousand-units.txt"]  # own test below
    r = _run(["build", *batch, "--out", str(out)])
    assert r.returncode == 0, r.stderr[-3000:]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    errs = manifest["errors"]
    for bad in BAD:
        assert sum(bad in e for e in errs) == 1, (bad, errs)
        assert bad in r.stdout + r.stderr
    inputs = {Path(i["path"]).name for i in manifest["inputs"]}
    assert {JIUJIANG, GANZHOU} <= inputs
    assert (out / "graph.lbdb").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folders left


def test_build_survives_ten_thousand_units_in_one_list(corpus, tmp_path):
    # one measure naming 10,000 units: every output must still be written in bounded time
    out = tmp_path / "out"
    r = _run(["build", str(corpus["ten-thousand-units.txt"]), "--out", str(out)], timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (out / "manifest.json").exists()


def test_failing_exporter_leaves_previous_output_intact(corpus, tmp_path, monkeypatch):
    from dutygraph import exports
    from dutygraph.commands.build import run_build

    out = tmp_path / "out"
    good = [str(corpus[JIUJIANG])]
    run_build(good, out, only=["csv"])
    before = _digest(out)
    monkeypatch.setitem(exports.EXPORTERS, "boom", f"{__name__}:_boom")
    with pytest.raises(DutygraphError) as ei:
        run_build(good + [str(corpus[GANZHOU])], out, only=["csv", "boom"])
    assert "boom" in ei.value.oneline()
    assert _digest(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def _boom(graph, out_dir, *, include_people=False):
    (Path(out_dir) / "half-written.csv").write_text("partial")
    raise RuntimeError("disk full (simulated)")


def _default_sigint() -> None:
    """In the child: SIGINT back to its default, so the interrupt reaches it even when this suite was
    started with SIGINT ignored (a background job of a shell without job control)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_killed_build_leaves_previous_output_intact(tmp_path, sig):
    from dutygraph import synth

    corpus = tmp_path / "corpus"
    synth.write_corpus(corpus, 150, seed=11)
    docs = [str(d) for d in sorted((corpus / "docs").iterdir())]
    out = tmp_path / "out"
    r = _run(["build", str(sample_plans_dir() / JIUJIANG), "--out", str(out), "--only", "csv"])
    assert r.returncode == 0, r.stderr[-2000:]
    before = _digest(out)
    proc = subprocess.Popen([str(BIN), "build", *docs, "--out", str(out), "--no-cache"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_default_sigint)
    # wait until it is busy (its staging folder exists: extraction has begun), then interrupt it;
    # not a fixed sleep, which a loaded machine can spend before the build even starts
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.tmp-*")):
        assert proc.poll() is None, "build finished before it could be interrupted; use a bigger corpus"
        assert time.monotonic() < deadline, "the build did not start within 120 s"
        time.sleep(0.02)
    assert proc.poll() is None, "build finished before it could be interrupted; use a bigger corpus"
    os.killpg(proc.pid, sig)
    proc.communicate(timeout=120)
    assert _digest(out) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    if sig == signal.SIGINT:
        assert not leftovers  # a clean interrupt removes its temp folder
