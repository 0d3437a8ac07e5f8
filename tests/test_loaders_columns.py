"""A text file read without a RawLine a line (load29): `reading._finish_text` splits the text into the
lines' texts and offsets (`base.split_columns`), makes a RawLine only for a line a repair step is given
(`repair.repair_columns`) and builds the records from the texts, the offsets and those RawLines
(`base.build_columns`). Each is pinned here to the form it stands for — `split_lines`, `repair_lines_texts`
of every line's RawLine, `build_lines`, and `_finish(txt.parse(…))` — on the sample plans, synthetic
documents, hypothesis texts and the edge cases (separators, blank and empty files, repairs of each step,
duplicate copies, odd lines); compiled and as Python (`DUTYGRAPH_NATIVE=0`), and with each module's
compiled switch turned off."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.errors import LoadError
from dutygraph.loaders import base, reading, repair, txt
from dutygraph.loaders.base import RawLine, raw_line, split_lines
from dutygraph.records import Line

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"

# lines each repair step takes (tests/test_loaders_repair_pass.py's ganzhou lines: the mojibake repairs)
GANZHOU_171 = " ?\u3002\u310b\u6a21\u2528\u5ca3\u5416\u2547\u5a0d\u717d\u5543?/p>"
GANZHOU_19 = (
    " ?\u3002\u3112\u552c\u250f\u63b7m\u63d0\u5347\u6295\u8cc7\u5efa\u8a2d\u4fbf\u5229\u5ea6"
    "\u3002\u5805\u6301"
)
STEP_LINES = [
    GANZHOU_171, GANZHOU_19, "<p>市发改委牵头</p>", "各县（市、区）&nbsp;负责", "a &amp; b <br/>",
    "收藏.png", "见附件 image.PNG 说明", "第1.2条 落实", "市 (略) 负责", "（ 略 ）", "略有不同", "为什么?",
    "A<B", "x.ſvg", "\U0001f600.jpg", "  ", "", "　",
    # a line a step's repair hands to a later step: an entity turned into "略" (the redactions) or into the
    # "." of a file name (the noise step) by the html step
    "市 (&#30053;) 负责", "图标 a&#46;png",
]
BODY = [f"第{i}条 加强统筹协调，落实第{i}项责任，确保按期完成各项任务目标。" for i in range(1, 16)]


def _columns_of(lines: list[RawLine]) -> tuple[list[str], list[int]]:
    return [ln.text for ln in lines], [ln.start for ln in lines]


def _full(made, texts, starts) -> list[RawLine]:
    """The lines `repair_columns` stands for: a None entry is line i + 1 as it came."""
    return [raw_line(i + 1, texts[i], starts[i]) if ln is None else ln for i, ln in enumerate(made)]


def _state(lines) -> list[tuple]:
    return [(ln.number, ln.text, ln.start, list(ln.repairs)) for ln in lines]


def _same_records(got, want):
    assert got == want and [repr(x) for x in got] == [repr(x) for x in want]
    assert all(type(x) is Line for x in got)
    assert pickle.dumps(got) == pickle.dumps(want)


def _same_docs(got, want):
    assert got == want and repr(got) == repr(want) and pickle.dumps(got) == pickle.dumps(want)
    assert type(got.repairs) is tuple and type(got.warnings) is tuple
    if not got.repairs:
        assert got.repairs is tuple()  # the shared empty tuple, as `_finish` gives


# ---------------------------------------------------------------- split_columns

SPLIT_CASES = [
    "", "a", "\n", "\r", "\r\n", "\n\r", "a\n", "a\r", "a\r\n", "a\nb", "a\rb", "a\r\nb", "a\r\rb\n", "\r\r",
    "a\n\n", "\n\na", "a\r\n\r\n", "x\ry\nz\r", "中\r\n文\r\n", "é\n", "\U0001f600\r\n\U0001f600", "a\rb\r",
    "\x85\u2028\x0b\x0c\n", "一\n\n二\r\n三", "\r\n" * 5, "行" * 300 + "\n" + "a" * 2,
]


def _split_both(text: str) -> tuple[list[str], list[int]]:
    got = base.split_columns(text)
    want = _columns_of(split_lines(text))
    assert got == want, repr(text)
    assert type(got) is tuple and type(got[0]) is list and type(got[1]) is list
    assert all(type(t) is str for t in got[0]) and all(type(s) is int for s in got[1])
    return got


def test_split_columns_is_split_lines_on_the_edge_cases(monkeypatch):
    for text in SPLIT_CASES:
        texts, _ = _split_both(text)
        if "\n" not in text and "\r" not in text:
            assert texts[0] is split_lines(text)[0].text is text  # (no separator: the text itself)
    monkeypatch.setattr(base, "_COMPILED", False)  # the Python form (compiled: `_split_c`'s Python twin)
    for text in SPLIT_CASES:
        _split_both(text)


def test_split_columns_is_split_lines_on_the_samples():
    for path in sorted(PLANS.glob("*.txt")):
        text = txt.parse(path.read_bytes(), path=str(path))
        _split_both("\n".join(ln.text for ln in text.lines))
        _split_both(path.read_bytes().decode("utf-8", "replace"))


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="ab中é\U0001f600\r\n \x85", max_size=40))
def test_split_columns_is_split_lines(text):
    _split_both(text)


# ---------------------------------------------------------------- build_columns

class _Upper(RawLine):
    """A RawLine whose `text` is a property in front of the slot (the records hold its answer)."""

    __slots__ = ()
    text = property(lambda self: "上:" + _SLOT_TEXT.__get__(self),  # type: ignore[assignment]
                    lambda self, value: _SLOT_TEXT.__set__(self, value))


_SLOT_TEXT = vars(RawLine)["text"]


def _made_from(lines: list[RawLine], pick) -> list[RawLine | None]:
    """`lines` with the RawLines not picked left out (None): each picked one given repairs as a step would."""
    made: list[RawLine | None] = []
    for i, ln in enumerate(lines):
        if pick(i):
            ln.repairs.extend(["html-residue", "redaction"][: i % 3])
            made.append(ln)
        else:
            made.append(None)
    return made


def _build_both(made, texts, starts, norms):
    got = base.build_columns(made, texts, norms, starts)
    want = base.build_lines(_full(made, texts, starts), norms)
    _same_records(got, want)
    for rec, ln, text, start in zip(got, made, texts, starts):
        if ln is None:
            assert rec.text is text and rec.start is start and rec.repairs is tuple()
    return got


def test_build_columns_is_build_lines(monkeypatch):
    text = "\n".join(BODY + STEP_LINES) + "\n" + "\r\n".join(BODY)
    for pick in (lambda i: False, lambda i: True, lambda i: i % 3 == 1, lambda i: i in (0, 7)):
        lines = split_lines(text)
        texts, starts = _columns_of(lines)
        norms = [f"n{i}" for i in range(len(lines))]
        made = _made_from(lines, pick)
        got = _build_both(made, texts, starts, norms)
        assert len(got) == len(lines)
        _build_both(made, texts, starts, norms[:5])  # (fewer norms: as many records, as zip gives)
        _build_both(made[:4], texts, starts, norms)
        monkeypatch.setattr(base, "_LINE_DESCRS", None)  # the Python form
        assert base.build_columns(made, texts, norms, starts) == got
        monkeypatch.undo()
    assert base.build_columns([], [], [], []) == ()


def test_build_columns_odd_lines_and_short_columns():
    upper = _Upper(2, "乙", 5)
    upper.repairs.append("noise-line")
    tupled = raw_line(4, "丁", 12)
    tupled.repairs = ("x", "y")
    made = [None, upper, None, tupled, None]
    texts, starts = ["甲", "乙", "丙", "丁", "戊"], [0, 5, 7, 12, 13]
    norms = ["0", "1", "2", "3", "4"]
    got = _build_both(made, texts, starts, norms)
    assert got[1].text == "上:乙" and got[1].repairs == ("noise-line",) and got[3].repairs == ("x", "y")
    unset = object.__new__(RawLine)  # a slot unset: getattr's AttributeError, as `build_lines` raises
    unset.number = 7
    with pytest.raises(AttributeError):
        base.build_columns([None, unset], ["a", "b"], ["a", "b"], [0, 2])
    with pytest.raises(AttributeError):
        base.build_lines(_full([None, unset], ["a", "b"], [0, 2]), ["a", "b"])
    for short_texts, short_starts in ((["a"], [0, 2]), (["a", "b"], [0])):  # (columns shorter than `made`)
        with pytest.raises(IndexError):
            base.build_columns([None, None], short_texts, ["a", "b"], short_starts)


# ---------------------------------------------------------------- repair_columns

def _repair_both(text: str, monkeypatch=None):
    lines = split_lines(text)
    texts, starts = _columns_of(lines)
    made, repairs, kept = repair.repair_columns(list(texts), starts, text)
    want_lines, want_repairs, want_texts = repair.repair_lines_texts(split_lines(text))
    full = _full(made, kept, starts) if len(made) == len(texts) else made
    assert None not in made or len(made) == len(texts)
    assert _state(full) == _state(want_lines) and repairs == want_repairs and kept == want_texts
    assert kept == [ln.text for ln in full]
    for i, ln in enumerate(made):  # a line not made: no step was given it (unchanged, no repairs)
        if ln is None:
            assert kept[i] is texts[i]
    return made, repairs


def test_repair_columns_is_repair_lines_texts_on_each_step(monkeypatch):
    seen = set()
    for line in STEP_LINES:  # each alone among ordinary lines (the only one a step, or a later step, takes)
        _repair_both("\n".join(BODY[:2] + [line] + BODY[2:3]))
    for k in range(len(STEP_LINES)):
        text = "\n".join(BODY[:3] + STEP_LINES[k:] + STEP_LINES[:k] + BODY[3:6])
        made, repairs = _repair_both(text)
        seen |= {r.kind for r in repairs}
        assert any(ln is not None for ln in made)
        assert any(ln is None for ln in made) == repair._COMPILED  # (as Python: every line made)
    assert {"mojibake-prefix", "html-residue", "noise-line", "redaction"} <= seen, seen
    monkeypatch.setattr(repair, "_NATIVE", False)  # the one pass with `_line_bits`' Python tests (either way)
    monkeypatch.setattr(repair, "_COMPILED", True)
    for k in range(0, len(STEP_LINES), 3):
        made, _ = _repair_both("\n".join(STEP_LINES[k:] + BODY[:4] + STEP_LINES[:k]))
        assert any(ln is None for ln in made)
    monkeypatch.setattr(repair, "_COMPILED", False)  # the Python form: every line made
    made, _ = _repair_both("\n".join(STEP_LINES + BODY))
    assert None not in made


def test_repair_columns_drops_a_duplicate_copy_as_before():
    # a document pasted twice (and three times), with step lines inside and outside the copies: every
    # kept line's RawLine, the numbers of the kept lines, the repairs of dropped lines dropped
    copy = BODY[:13] + ["<p>市发改委牵头</p>", "市 (略) 负责"]
    for text in ("\n".join(["标题", *copy, "", "", *copy, "", "收藏.png"]),
                 "\n".join([*copy, *copy, "  ", *copy]),
                 "\r\n".join(["?", *copy, *copy])):
        made, repairs = _repair_both(text)
        assert None not in made and any(r.kind == "duplicate-copy" for r in repairs)
        numbers = [ln.number for ln in made]
        assert len(made) < len(split_lines(text)) and numbers == sorted(set(numbers))


def test_repair_columns_on_the_samples():
    from dutygraph.synth import generate

    texts = [txt.parse(p.read_bytes(), path=str(p)) for p in sorted(PLANS.glob("*.txt"))]
    found = set()
    for parsed in texts:
        _, repairs = _repair_both("\n".join(ln.text for ln in parsed.lines))
        found |= {r.kind for r in repairs}
    for d in generate(60, seed=5):
        if d.name.endswith(".txt"):
            try:
                parsed = txt.parse(d.data, path=d.name)
            except LoadError:
                continue
            _, repairs = _repair_both("\n".join(ln.text for ln in parsed.lines))
            found |= {r.kind for r in repairs}
    assert {"duplicate-copy", "mojibake-prefix"} & found, found


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(STEP_LINES + BODY[:4] + ["a.b", "?", "略"]), max_size=40),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_repair_columns_is_repair_lines_texts(lines, sep):
    _repair_both(sep.join(lines))


# ---------------------------------------------------------------- _finish_text

def _finish_before(data: bytes, name: str):
    return reading._finish(txt.parse(data, path=name), data=data, path=name)


def _outcome(fn, *args):
    try:
        return fn(*args)
    except LoadError as exc:
        return ("LoadError", str(exc))


EDGE_FILES = [
    b"", b"\n", b"  \r\n\t\n", "　\n".encode(), b"a", b"a\n", b"a\r\nb\r\n", b"a\rb\r", b"\xef\xbb\xbfBOM\n",
    "第一条 加强统筹\r\n".encode("gb18030") * 20, "第一條 加強統籌\n".encode("big5") * 20,
    "第一条 加强统筹\n".encode("utf-16"), ("第一条 加强统筹协调，落实责任。\n" * 40).encode() + b"\xff",
    "\n".join(BODY + STEP_LINES + BODY).encode(), "\n".join(["题", *BODY[:13], *BODY[:13]]).encode(),
    b"\x00\x01binary\x00" * 10,
]


def test_finish_text_is_finish_of_txt_parse():
    from dutygraph.synth import generate

    inputs = [(p.read_bytes(), str(p)) for p in sorted(PLANS.glob("*.txt"))]
    inputs += [(d.data, d.name) for d in generate(120, seed=11) if d.name.endswith(".txt")]
    inputs += [(data, f"edge{i}.txt") for i, data in enumerate(EDGE_FILES)]
    kinds = set()
    errors = 0
    for data, name in inputs:
        want = _outcome(_finish_before, data, name)
        got = _outcome(reading._finish_text, data, name)
        if isinstance(want, tuple):
            assert got == want, name
            errors += 1
            continue
        _same_docs(got, want)
        kinds |= {r.kind for r in got.repairs}
    assert errors >= 2 and {"duplicate-copy", "html-residue", "redaction"} <= kinds, (errors, kinds)


def test_load_bytes_reads_text_files_by_finish_text_compiled(monkeypatch):
    data = "\n".join(BODY + STEP_LINES).encode()
    want = _finish_before(data, "plan.txt")
    calls = []
    split = reading.split_columns
    monkeypatch.setattr(reading, "split_columns", lambda text: calls.append(text) or split(text))
    _same_docs(reading.load_bytes(data, path="plan.txt"), want)
    _same_docs(reading.load_bytes(data, path="plan.text"), _finish_before(data, "plan.text"))
    _same_docs(reading.load_bytes(data, path="plan.unknown"), _finish_before(data, "plan.unknown"))
    # compiled, a text file goes to `_finish_text` (its split seen); as Python to `txt.parse` and `_finish`
    assert reading._COLUMNS == (type(reading._finish_text) is not type(_outcome))
    assert len(calls) == (3 if reading._COLUMNS else 0)
    html = b"<html><body><p>" + data.replace(b"\n", b"</p><p>") + b"</p></body></html>"
    reading.load_bytes(html, path="plan.html")
    assert len(calls) == (3 if reading._COLUMNS else 0)  # (other formats: their parser and `_finish`)
    monkeypatch.setattr(reading, "_COLUMNS", False)  # the form it stands for, compiled too
    _same_docs(reading.load_bytes(data, path="plan.txt"), want)
    assert len(calls) == (3 if reading._COLUMNS else 0) or len(calls) == 3
