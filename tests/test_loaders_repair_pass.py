"""The shared repairs' one pass (repair.py, compiled): each line's text read once, `_line_bits` telling
which steps would look at it, a step given only those lines and a changed line tested again; the
duplicate-copy search looking up only the lines whose `_sample_key` another line shares. Each is pinned
to the form it replaces (`_COMPILED` switched: every step over every line, every line looked up), and
the C functions of repair.pxd (compiled only) to the Python tests they stand for."""

from __future__ import annotations

import functools
import operator
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.loaders import repair
from dutygraph.loaders.base import RawLine, split_lines

ROOT = Path(__file__).resolve().parent.parent
NATIVE = repair._NATIVE

# ganzhou-2021-business-environment-action-plan.txt, line 171: mojibake then "?/p>" (the prefix repair
# and the html step both take it), and line 19 (the prefix repair alone)
GANZHOU_171 = " ?\u3002\u310b\u6a21\u2528\u5ca3\u5416\u2547\u5a0d\u717d\u5543?/p>"
GANZHOU_19 = (
    " ?\u3002\u3112\u552c\u250f\u63b7m\u63d0\u5347\u6295\u8cc7\u5efa\u8a2d\u4fbf\u5229\u5ea6"
    "\u3002\u5805\u6301"
)


def _as_python(fn, *args):
    """fn(*args) with repair's Python form chosen (its `_NATIVE` flag off for the call)."""
    saved = repair._NATIVE
    repair._NATIVE = False
    try:
        return fn(*args)
    finally:
        repair._NATIVE = saved


def _plain_bits(t: str) -> int:
    return _as_python(repair._line_bits, t)


def _copy(lines: list[RawLine]) -> list[RawLine]:
    return [RawLine(ln.number, ln.text, ln.start, list(ln.repairs)) for ln in lines]


def _both_ways(lines: list[RawLine], monkeypatch) -> tuple:
    out = []
    for compiled in (True, False):
        monkeypatch.setattr(repair, "_COMPILED", compiled)
        kept, repairs, texts = repair.repair_lines_texts(_copy(lines))
        assert texts == [ln.text for ln in kept]
        out.append(([(ln.number, ln.text, ln.start, ln.repairs) for ln in kept], repairs, texts))
    assert out[0] == out[1]
    return out[0]


# ---------------------------------------------------------------- _line_bits

def test_line_bits_are_the_steps_first_tests():
    cases = {"": 0, "?": 1, "a<b": 2, "a>b": 2, "&amp;": 2, "image.png": 4, "x.": 0, ".x": 0, "(略)": 8,
             "a.ſvg": 4, "1.5": 0, "第1.2条": 0, "收藏.PNG 略?": 13, "é.g": 4, "\U0001f600.j<略": 14}
    for t, bits in cases.items():
        assert repair._line_bits(t) == bits, t
        assert _plain_bits(t) == bits, t


@pytest.mark.skipif(not NATIVE, reason="the C scan exists only compiled")
def test_line_bits_in_c_at_every_code_point():
    # each character alone, after a "." and before one, in each width of string (Latin-1, BMP, astral)
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp < 0xE000 or (cp > 0x20000 and cp % 97):
            continue
        c = chr(cp)
        for t in (c, "." + c, c + ".", "é." + c, "中." + c + "中", "\U0001f600." + c, c * 3 + "?"):
            assert repair._line_bits(t) == _plain_bits(t), (hex(cp), t)


_BITS_TEXT = st.lists(st.sampled_from(["?", "<", ">", "&", ".", "略", "ſ", "p", "P", "j", "g", "b", "s", "w", "x", "e",
                                       "中", "\u7565\u3000", "é", "\U0001f600", "1", " ", "\u3000", "\u653f", "\u2e3f",
                                       "\u3c00", "\u263f", "\u2600"]),
                      max_size=40).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_BITS_TEXT)
def test_line_bits_in_c_are_the_str_tests(t):
    # ("\u2e3f", "\u3c00", "\u263f": a "?", "<" or "&" byte in the other half of a two-byte character)
    assert repair._line_bits(t) == _plain_bits(t)


@pytest.mark.skipif(not NATIVE, reason="the C scan exists only compiled")
def test_line_bits_in_c_at_every_place_of_a_line():
    # (load27) each character that matters (and a "." with the letter after it) at every place of strings
    # of 1-13 characters (memchr's hits on a byte of the other half of a character among them),
    # over fillers that are CJK, Latin-1 above 127 (é), "ſ" alone, and characters sharing a byte with "?",
    # "<", "&" or "略" ("\u2e3f", "\u3c00", "\u263f", "\u6565", "\u7575")
    marks = ["?", "<", ">", "&", "略", ".p", ".ſ", ".x", ".", "p", "\x7f", "\x00", "\u7564", "\u7566"]
    for filler in ("中", "é", "ſ", "\u2e3f", "\u3c00", "\u263f", "\u6565", "\u7575", "\uffff"):
        for size in range(1, 14):
            for mark in marks:
                for at in range(size):
                    t = (filler * size)[:at] + mark + (filler * size)[at:]
                    t = t if any(ord(c) > 255 for c in t) else t + "中"
                    assert repair._line_bits(t) == _plain_bits(t), (filler, size, mark, at, t)
                    t2 = t + "." + mark  # (a second mark, after a ".")
                    assert repair._line_bits(t2) == _plain_bits(t2), t2


# ---------------------------------------------------------------- the pass

def _sample_lines() -> list[list[RawLine]]:
    from dutygraph.loaders import _parser, _sniff_ext, FORMATS
    from dutygraph.synth import generate

    docs = []
    for path in sorted((ROOT / "data" / "plans").glob("*")):
        ext = path.suffix.lower()
        docs.append(_parser(ext if ext in FORMATS else _sniff_ext(path.read_bytes()))(path.read_bytes(),
                                                                                     path=str(path)).lines)
    for d in generate(80, seed=5):
        ext = Path(d.name).suffix.lower()
        try:
            docs.append(_parser(ext if ext in FORMATS else ".txt")(d.data, path=d.name).lines)
        except Exception:  # (a document made to be refused)
            continue
    return docs


def test_the_pass_on_the_samples_and_synthetic_documents(monkeypatch):
    docs = _sample_lines()
    assert len(docs) > 60
    kinds = set()
    for lines in docs:
        _, repairs, _ = _both_ways(lines, monkeypatch)
        kinds |= {r.kind for r in repairs}
    # every step did something somewhere
    assert {"mojibake-prefix", "html-residue", "noise-line", "redaction", "duplicate-copy"} <= kinds


def test_a_line_a_step_changes_is_tested_again_for_the_steps_after_it(monkeypatch):
    # "&#30053;" is "略" and "&#46;" is "." once html_residue has unescaped them: the redaction and noise
    # steps must then see lines whose first text had neither
    lines = split_lines("征求意见单位: （&#30053;） 审批服务管理局\nimage&#46;png\n正文" + "\n" + GANZHOU_171)
    kept, repairs, texts = _both_ways(lines, monkeypatch)
    assert texts[0] == "征求意见单位: （略） 审批服务管理局" and kept[0][3] == ["html-residue", "redaction"]
    assert texts[1] == "" and kept[1][3] == ["html-residue", "noise-line"]
    assert kept[3][3] == ["mojibake-prefix", "html-residue"]
    assert [r.kind for r in repairs] == ["html-residue", "redaction", "html-residue", "noise-line",
                                         "mojibake-prefix", "html-residue"]


_STEP_LINES = st.lists(st.sampled_from([
    GANZHOU_171, GANZHOU_19, "提高用電信息透明度?/p>", "<p>持續優化&nbsp;營商環境</p>", "市場&amp;監管",
    "营业收入<100万元的企业;增速>5%", "image.png", "收藏.png", "来源: 景德镇 收藏.png", "征求意见单位: (略) 审批服务管理局",
    "（&#30053;）", "image&#46;png", "?这是一个问题吗?", "", "  ", "第一条 持续优化营商环境，推进改革措施落实到位。",
    "第二条 持续优化营商环境，推进改革措施落实到位。", "1.5万元", "　（一）加快数字政府建设", "a.ſvg",
]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_STEP_LINES, st.integers(0, 2))
def test_the_pass_is_every_step_over_every_line(texts, copies):
    from _pytest.monkeypatch import MonkeyPatch

    body = texts + (texts * 2)[: 14 * copies]
    lines = [RawLine(k + 1, t, 0) for k, t in enumerate(body)]
    with MonkeyPatch.context() as mp:
        _both_ways(lines, mp)


# ---------------------------------------------------------------- the duplicate-copy search

def _plain_candidates(seq: list[str]) -> list[int]:
    return _as_python(repair._repeat_candidates, seq)


_SEQ = st.lists(st.sampled_from(["abcd", "abcde", "abXde", "aXcd", "第一条内容", "第二条内容", "第一条内容。", "短",
                                 "abc", "a\U0001f600cd", "a\U0001f600Xd", "一二三四五六七八九十", "一二三四五六X八九十"]),
                max_size=30)


@settings(max_examples=1000, deadline=None)
@given(_SEQ)
def test_repeat_candidates_hold_every_line_that_repeats(seq):
    got = repair._repeat_candidates(seq)
    assert got == sorted(got)
    repeats = [i for i, s in enumerate(seq) if len(s) >= 4 and seq.count(s) > 1]
    assert set(repeats) <= set(got)
    assert all(len(seq[i]) >= 4 for i in got)
    # the C table and the Python dict keep the same key ("一二三四五六X八九十" shares its sampled
    # characters with "一二三四五六七八九十": a candidate either way, though it never repeats)
    assert got == _plain_candidates(seq)


def test_sampled_keys_collide_only_where_the_sample_cannot_tell():
    seq = ["一二三四五六七八九十", "一二三四五六X八九十", "一二三四五六七八九十X"]
    assert _plain_candidates(seq) == [0, 1]
    assert repair._repeat_candidates(seq) == [0, 1]


_PIECES = st.lists(st.sampled_from(["a", "b", "\x00", "\xe9", "\xff", "\u0100", "\u6565", "\u7565", "中", "\uff0c",
                                    "\U0001f600", "\U0001f601", " "]), max_size=12).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_PIECES, _PIECES)
def test_same_line_is_str_equality(a, b):
    # (ld43) compiled, `_same_line` compares lengths, kinds and the bytes (repair.pxd's `_same_c`): pinned
    # to `==` on strs of every kind, equal ones as two objects, the same object, and one character changed
    copy = "".join(list(a))
    pairs = [(a, b), (b, a), (a, copy), (a, a), (a + b, copy + b), (a + "x" + b, a + "y" + b), (a, a + "\x00")]
    if a:
        pairs.append((a, a[:-1] + chr(ord(a[-1]) ^ 1)))
        pairs.append((a, chr(ord(a[0]) ^ 0x100) + a[1:]))
    for x, y in pairs:
        assert repair._same_line(x, y) == (x == y)
        assert _as_python(repair._same_line, x, y) == (x == y)


def _longest_repeat_both(texts: list[str], monkeypatch) -> tuple[int, int, int] | None:
    monkeypatch.setattr(repair, "_COMPILED", True)
    a = repair._longest_repeat_in(texts)
    monkeypatch.setattr(repair, "_COMPILED", False)
    b = repair._longest_repeat_in(texts)
    assert a == b
    return a


def test_longest_repeat_both_ways_on_documents(monkeypatch):
    for lines in _sample_lines():
        texts = [ln.text for ln in lines]
        _longest_repeat_both(texts, monkeypatch)
        _longest_repeat_both(texts + texts, monkeypatch)


def test_longest_repeat_ties_go_to_the_run_whose_lines_appear_first(monkeypatch):
    # (ld43) two runs of 12 lines each repeated: the one whose lines appear first wins the tie, whichever
    # copy comes first (the search walks the lines in the order of their first places)
    a = [f"第{k}条甲方案内容持续优化营商环境推进改革事项" * 2 for k in range(12)]
    b = [f"第{k}条乙方案内容持续优化营商环境推进改革事项" * 2 for k in range(12)]
    assert _longest_repeat_both(a + b + b + a, monkeypatch) == (0, 36, 12)
    assert _longest_repeat_both(b + a + a + b, monkeypatch) == (0, 36, 12)
    assert _longest_repeat_both(a + b + [" x "] + b + a, monkeypatch) == (0, 37, 12)


_PADDED = st.lists(st.tuples(st.sampled_from(["", " ", "\u3000", "\t", "\xa0", "\u2002", "\x1c", "\x85"]),
                             st.sampled_from(["第一条持续优化营商环境推进改革" * 3, "第二条" * 20, "x", "", "abcd" * 30]),
                             st.sampled_from(["", " ", "\u3000", "\r", "\u2028", "\x1f"])).map("".join),
                   max_size=50)


@settings(max_examples=500, deadline=None)
@given(_PADDED, st.integers(1, 3))
def test_stripped_lines_and_copies_both_ways(texts, copies):
    from _pytest.monkeypatch import MonkeyPatch

    body = texts + [t.strip() + " " for t in texts] * copies
    with MonkeyPatch.context() as mp:
        _longest_repeat_both(body, mp)


@settings(max_examples=500, deadline=None)
@given(_PADDED, st.integers(0, 2))
def test_repeat_candidates_of_texts_are_those_of_their_stripped_lines(texts, copies):
    # (ld40) `_repeat_candidates` takes the texts: its places are in their non-blank lines stripped, the
    # C form finding each stripped span where it is (no stripped line made)
    body = texts + [" " + t.strip() + "\u3000" for t in texts] * copies
    seq = [s for s in [t.strip() for t in body] if s]
    got = repair._repeat_candidates(body)
    assert got == repair._repeat_candidates(seq) == _plain_candidates(body) == _plain_candidates(seq)
    assert all(len(seq[i]) >= 4 for i in got)


_TEXT_LINES = st.lists(st.sampled_from(["?", "<", ">", "&", ".", "略", "ſ", "p", "P", "j", "g", "x", "中", "é", "\u6565",
                                        "\u7575", "\u7564", "\u2e3f", "\u263f", "\U0001f600", " ", "\r", "\n", "\r\n",
                                        "a.png", "战略", "第1.2条", "收藏.PNG"]),
                       max_size=60).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_TEXT_LINES)
def test_bits_in_the_whole_text_are_each_lines(text):
    # (ld40) `_bits_in` finds the characters that matter in the text `split_columns` cut the lines from
    # and reads only the lines holding one: the same bits as each line read (a "." at a line's end with
    # a letter on the next line is no hit; a text with an astral character: every line read)
    from dutygraph.loaders.base import split_columns

    texts, starts = split_columns(text)
    each = bytearray(_plain_bits(t) for t in texts)
    want = (each, functools.reduce(operator.or_, each, 0))
    assert repair._bits_in(texts, starts, text) == want
    assert _as_python(repair._bits_in, texts, starts, text) == want
