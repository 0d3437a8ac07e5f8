"""Fuzzing the loaders, the extractors and the pipeline with hypothesis.

The only exceptions allowed out of any of them are DutygraphError subclasses (a clear one-line error
naming the file); anything else is a bug. Inputs: random bytes and text, and documents mutated from
the five samples and from the synthetic corpus (windows, splices, byte flips, truncation mid-character,
re-encoding). Reproducible: derandomized, no example database.

Budget: DUTYGRAPH_FUZZ_EXAMPLES is the total number of cases over this file (default 12,000: about
a minute and a half on 2 cores), shared between the tests by weight. `make fuzz` runs 200,000.
"""

from __future__ import annotations

import io
import os
import zipfile
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutygraph.errors import DutygraphError
from dutygraph.paths import sample_plans_dir

TOTAL = int(os.environ.get("DUTYGRAPH_FUZZ_EXAMPLES", "12000"))
# test weights (cheap pure-function tests get more cases than whole-document pipeline runs)
WEIGHTS = {"load_bytes": 2.0, "decode": 1.0, "tmp_files": 0.5, "html": 0.6, "docx": 0.25, "responsibility": 3.0,
           "deadlines": 2.0, "lookups": 2.0, "resolver": 1.5, "pipeline_samples": 0.5, "pipeline_synth": 0.15}


def cases(weight: float) -> int:
    return max(10, int(TOTAL * weight / sum(WEIGHTS.values())))


def budget(weight: float):
    assert weight in WEIGHTS.values()
    return settings(
        max_examples=cases(weight),
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# ---------------------------------------------------------------- material


@lru_cache(maxsize=1)
def samples() -> tuple[bytes, ...]:
    return tuple(p.read_bytes() for p in sorted(sample_plans_dir().glob("*.txt")))


@lru_cache(maxsize=1)
def sample_lines() -> tuple[str, ...]:
    out: list[str] = []
    for b in samples():
        out.extend(x for x in b.decode("utf-8").splitlines() if x.strip())
    return tuple(out)


@lru_cache(maxsize=1)
def alphabet() -> str:
    """Every character of the samples plus brackets, separators and awkward code points."""
    chars = set("".join(sample_lines()))
    chars |= set("()（）〔〕【】[]﹝﹞{}<>《》“”\"'、,，;；:：。.!?-—~·\t \u3000\u200b\ufeff\ufffd\x00\r")
    chars |= set("0123456789０１２３４５６７８９年月日底前牵头负责配合责任单位完成时限等各县市区")
    chars |= {"\ud7ff", "\U0002a6a5", "\u0301", "㈠", "①", "⑳", "Ⅻ", "\u202e"}
    return "".join(sorted(chars))


def allowed(fn, *args, **kw):
    """Call fn; DutygraphError is an allowed outcome, anything else propagates (a bug)."""
    try:
        return fn(*args, **kw)
    except DutygraphError as exc:
        msg = str(exc)
        assert msg and "\n" not in msg, f"error message must be one line: {msg!r}"
        return None


texts = st.text(alphabet=st.sampled_from(alphabet()), max_size=400)
sample_line = st.integers(min_value=0, max_value=10**6).map(lambda i: sample_lines()[i % len(sample_lines())])
# text built from real lines with random edits: closer to what extractors see
edited = st.builds(
    lambda parts, cut, ins: (("".join(parts))[: cut if cut else None] + ins),
    st.lists(st.one_of(sample_line, texts), min_size=1, max_size=3),
    st.integers(min_value=0, max_value=600),
    texts,
)
any_text = st.one_of(texts, sample_line, edited)


# ---------------------------------------------------------------- mutations of whole documents


@st.composite
def mutated_sample(draw) -> bytes:
    """A window of a sample (whole lines), spliced and damaged at byte level."""
    src = draw(st.sampled_from(samples()))
    lines = src.split(b"\n")
    a = draw(st.integers(0, max(0, len(lines) - 1)))
    n = draw(st.integers(1, 60))
    data = b"\n".join(lines[a : a + n])
    if draw(st.booleans()):  # splice a window of another sample
        other = draw(st.sampled_from(samples())).split(b"\n")
        b = draw(st.integers(0, max(0, len(other) - 1)))
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\n".join(other[b : b + draw(st.integers(1, 20))]) + data[at:]
    ops = draw(st.lists(st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]),
                                  st.integers(0, 10**9), st.integers(0, 255)), max_size=6))
    for op, pos, byte in ops:
        if not data:
            break
        i = pos % len(data)
        if op == "flip":
            data = data[:i] + bytes([data[i] ^ (1 << (byte % 8))]) + data[i + 1 :]
        elif op == "insert":
            data = data[:i] + bytes([byte]) + data[i:]
        elif op == "delete":
            data = data[:i] + data[i + 1 :]
        elif op == "truncate":
            data = data[:i]
        elif op == "dup":
            data = data + data[: i % 4096]
    enc = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "gb18030", "big5", "utf-16", "utf-8-sig"]))
    if enc != "utf-8":
        data = data.decode("utf-8", errors="replace").encode(enc, errors="replace")
    return data


@st.composite
def mutated_synth(draw) -> tuple[str, bytes]:
    from dutygraph import synth

    d = synth.generate_doc(draw(st.integers(0, 5000)), draw(st.integers(0, 3)))
    data = d.data
    ops = draw(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), max_size=4))
    for pos, byte in ops:
        i = pos % len(data)
        data = data[:i] + bytes([byte]) + data[i + 1 :]
    return "." + d.fmt, data


def run_pipeline(data: bytes, suffix: str) -> None:
    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load_bytes

    doc = allowed(load_bytes, data, path=f"fuzz{suffix}")
    if doc is None:
        return
    assert doc.lines and all(len(ln.text) == len(ln.norm) for ln in doc.lines)
    res = allowed(extract_document, doc)
    if res is None:
        return
    for m in res.measures:
        m.contract()  # the scored record shape must always serialise
        assert m.doc == doc.name and m.line >= 1


# ---------------------------------------------------------------- loaders


@budget(2.0)
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".html", ".docx", ".htm", ".dat", ""]))
def test_load_bytes_random(data, suffix):
    from dutygraph.loaders import load_bytes

    doc = allowed(load_bytes, data, path=f"fuzz{suffix}")
    if doc is not None:
        assert doc.name == f"fuzz{suffix}"
        assert all(len(ln.text) == len(ln.norm) for ln in doc.lines)


@budget(1.0)
@given(data=st.binary(max_size=4096))
def test_decode_random(data):
    from dutygraph.loaders.decode import decode

    out = allowed(decode, data, path="fuzz.txt")
    if out is not None:
        assert isinstance(out.text, str)


@budget(0.5)
@given(data=mutated_sample())
def test_load_mutated_samples_from_tmp_files(tmp_path_factory, data):
    from dutygraph.loaders import load

    p = tmp_path_factory.mktemp("fz") / "mutated.txt"
    p.write_bytes(data)
    allowed(load, p)


@st.composite
def html_pages(draw) -> bytes:
    parts = draw(st.lists(st.one_of(
        any_text.map(lambda t: f"<p>{t}</p>"),
        any_text,
        st.sampled_from(["<script>var a='</p>(市假局牵头)';</script>", "<style>p{}</style>", "<br>", "<br/>",
                         "&nbsp;", "&#xD800;", "&#0;", "&#x110000;", "&amp;", "&lt;p&gt;", "<!-- (市局牵头) -->",
                         "<table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr>", "</td></tr></table>",
                         "<div>", "</div>", "<p", "</", "<![CDATA[x]]>", "<meta charset=\"gbk\">",
                         "<meta charset=\"nonsense\">", "<?xml version='1.0'?>"]),
    ), max_size=30))
    enc = draw(st.sampled_from(["utf-8", "gb18030", "utf-16"]))
    return ("<html><head><title>t</title></head><body>" + "".join(parts) + "</body></html>").encode(enc, "replace")


@budget(0.6)
@given(data=html_pages())
def test_html_pages(data):
    run_pipeline(data, ".html")


@st.composite
def docx_files(draw) -> bytes:
    """A python-docx file whose paragraphs/table cells are fuzz text, possibly byte-damaged."""
    import docx

    d = docx.Document()
    for t in draw(st.lists(any_text, max_size=8)):
        d.add_paragraph(t.replace("\x00", "").encode("utf-8", "replace").decode("utf-8", "replace")
                        if all(ord(c) >= 32 or c in "\t\n\r" for c in t) else "x")
    rows = draw(st.lists(st.lists(sample_line, min_size=3, max_size=5), max_size=6))
    if rows:
        width = max(len(r) for r in rows)
        tbl = d.add_table(rows=len(rows), cols=width)
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                tbl.cell(i, j).text = v
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    mode = draw(st.sampled_from(["ok", "ok", "truncate", "flip", "drop-document"]))
    if mode == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif mode == "flip":
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :]
    elif mode == "drop-document":
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for info in src.infolist():
                if info.filename != "word/document.xml":
                    z.writestr(info, src.read(info.filename))
        data = out.getvalue()
    return data


@budget(0.25)
@given(data=docx_files())
def test_docx_files(data):
    run_pipeline(data, ".docx")


# ---------------------------------------------------------------- extractors (pure functions over strings)


@budget(3.0)
@given(text=any_text)
def test_responsibility_and_units(text):
    from dutygraph.extract.responsibility import find_responsibility
    from dutygraph.extract.units import split_units

    r = allowed(find_responsibility, text)
    if r is not None:
        a, b = r.span
        assert 0 <= a <= b <= len(text)
        for m in r.lead + r.co:
            assert m and m.strip() == m
    units = allowed(split_units, text)
    if units is not None:
        assert all(isinstance(u, str) and u for u in units)


@budget(2.0)
@given(text=any_text, year=st.one_of(st.none(), st.integers(1900, 2100)))
def test_deadlines(text, year):
    from dutygraph.extract.deadlines import find_deadlines, parse_deadline

    for d in allowed(find_deadlines, text, year=year) or ():
        if d.date is not None:
            y, m, day = map(int, d.date.split("-"))  # a real ISO date
            import datetime

            datetime.date(y, m, day)
        assert d.kind in ("date", "recurring", "period", "ongoing")
    allowed(parse_deadline, text, year=year)


@budget(2.0)
@given(text=any_text)
def test_platforms_targets_indicators_jurisdiction(text):
    from dutygraph.extract.indicators import find_indicator
    from dutygraph.extract.jurisdiction import detect_jurisdiction
    from dutygraph.extract.platforms import find_platforms
    from dutygraph.extract.targets import find_targets

    allowed(find_platforms, text)
    allowed(find_targets, text)
    allowed(find_indicator, text)
    allowed(detect_jurisdiction, text[:60], issuer=text[60:90], body=text)


@budget(1.5)
@given(mentions=st.lists(any_text.map(lambda s: s[:30]), max_size=6), title=sample_line)
def test_resolver(mentions, title):
    from dutygraph.extract.jurisdiction import detect_jurisdiction
    from dutygraph.extract.resolve import Resolver

    jur = allowed(detect_jurisdiction, title)
    if jur is None:
        return
    res = allowed(Resolver, jur)
    if res is None:
        return
    refs = allowed(res.units, mentions)
    if refs is not None:
        assert len(refs) == len(mentions)


# ---------------------------------------------------------------- the whole pipeline on documents


@budget(0.5)
@given(data=mutated_sample(), suffix=st.sampled_from([".txt", ".txt", ".html"]))
def test_pipeline_on_mutated_samples(data, suffix):
    run_pipeline(data, suffix)


@budget(0.15)
@given(doc=mutated_synth())
def test_pipeline_on_mutated_synthetic_documents(doc):
    suffix, data = doc
    run_pipeline(data, suffix)


def test_default_budget_reaches_ten_thousand_cases():
    if "DUTYGRAPH_FUZZ_EXAMPLES" not in os.environ:
        assert sum(cases(w) for w in WEIGHTS.values()) >= 10_000
