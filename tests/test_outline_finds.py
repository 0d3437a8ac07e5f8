"""ext26a's reads in structure.py, each against the form it replaced:

- the one-character finds by `_find_c` (compiled: PyUnicode_FindChar) in `_two_inline_sections`,
  `_has_paren_number`, `_title_ends_at`, `_rx8_start` and `item_title`, against the str methods / patterns,
  on strings of every width (ASCII, Latin-1, two-byte, four-byte) and on the documents' paragraphs;
- `_rx5_cut` (the title key's cut, compiled) against `_RX5.sub("", n)`;
- the plan kind read by `endswith` of the stripped title against `_RE_REPORT.search` / `_RE_ROSTER.search`;
- `_is_closing` read from the clause's end by a loop (compiled) against `not text[end:].strip(...)`;
- `_norms` against `[p.norm for p in paras]`.
They run compiled (the default) and as Python (`DUTYGRAPH_NATIVE=0`). No timings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from dutygraph import synth
from dutygraph.extract import structure as S
from dutygraph.extract.responsibility import Responsibility, find_responsibility
from dutygraph.loaders import load, load_bytes

ROOT = Path(__file__).resolve().parents[1]

_PARAS = None


def _paras() -> list[S.Para]:
    global _PARAS
    if _PARAS is None:
        docs = [load(str(p)) for p in sorted((ROOT / "data/plans").iterdir())]
        docs += [load_bytes(d.data, path=d.name) for d in synth.generate(40, seed=26)]
        _PARAS = [p for doc in docs for p in S.paragraphs(doc)]
    return _PARAS


# every width of str: the same pieces in an ASCII, a Latin-1, a two-byte and a four-byte string
_WIDTHS = ["", "é", "中", "\U0001F600"]
_PIECES = ["、", "(", ")", "\n", "。", " ", "\u3000", "一", "二、", " 三、", "(1)", "(12)", "1", "a", "):", ") ：",
           "情况", "报告", "名单", "x" * 30]


def _re_count_two(norm: str) -> bool:
    return len(S._RE_INLINE_SECTION_FAST.findall(norm)) >= 2


_RE_PAREN_NUMBER = re.compile(r"\(\d{1,2}\)")
_RX8 = re.compile(r"\)\s*[:：]")


def _item_title_as_python(content: str, lost: bool) -> str:
    saved = S._COMPILED
    S._COMPILED = False
    try:
        return S.item_title(content, lost_char=lost)
    finally:
        S._COMPILED = saved


def _check_finds(s: str) -> None:
    assert S._two_inline_sections(s) == _re_count_two(s), s
    assert S._has_paren_number(s) == ("(" in s and _RE_PAREN_NUMBER.search(s) is not None), s
    m = _RX8.search(s[:80])
    assert S._rx8_start(s) == (m.start() if m is not None else -1), s
    for lost in (False, True):
        assert S.item_title(s, lost_char=lost) == _item_title_as_python(s, lost), s
    for end in range(len(s) + 1):
        j = len(s) - 1
        while j >= end and s[j].isspace():
            j -= 1
        if j >= end:
            assert S._title_ends_at(s, end, j) == S._ends_like_title(S._cut_trailing_bracket(s[end:])), (s, end)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), st.sampled_from(_WIDTHS))
def test_one_character_finds_on_every_width(body, wide):
    for s in (body, wide + body, body + wide, wide + body + wide):
        _check_finds(s)


def test_one_character_finds_on_the_documents_paragraphs():
    for p in _paras():
        assert S._two_inline_sections(p.norm) == _re_count_two(p.norm), p.norm
        assert S._has_paren_number(p.text) == ("(" in p.text and _RE_PAREN_NUMBER.search(p.text) is not None)
        m = _RX8.search(p.norm[:80])
        assert S._rx8_start(p.norm) == (m.start() if m is not None else -1), p.norm
        assert S.item_title(p.text) == _item_title_as_python(p.text, False), p.text


def test_one_character_finds_at_the_edges():
    # the character first, last, alone, past a bound; nothing found; a search window cut before it
    for s in ("、", "(", ")", "。", " 一、 二、", "a 一、 二、", "(1)", "x(1", "x)", ")：", "。x", "x。", ""):
        _check_finds(s)
    # _title_ends_at's window: the "(" and the line break searched between `end` and `j` only
    assert S._title_ends_at("方案(牵头)", 0, 5)
    assert S._title_ends_at("(a\n方案(牵头)", 0, 8)
    assert not S._title_ends_at("方(案)", 0, 3)
    assert S._title_ends_at("x\n方案(a)", 2, 6) == S._ends_like_title(S._cut_trailing_bracket("方案(a)"))


def test_find_c_refuses_what_is_no_str():
    if not S._COMPILED:
        pytest.skip("compiled only: as Python the str methods are called")
    with pytest.raises(TypeError):
        S._two_inline_sections(None)  # (a None str: refused before the C call, not read)


# ---------------------------------------------------------------- the title key, the plan kind


_RX5 = re.compile(r"[\s\"“”]|\(征求意见稿\)")  # (as `_title_key` ran it)
_RE_REPORT = re.compile(r"(?:情况|报告|总结|汇报)\s*$")
_RE_ROSTER = re.compile(r"名单\s*$")


def _kind(t: str) -> str:
    """What `outline` reads of a stripped title, as it read it."""
    return "report" if _RE_REPORT.search(t) else "roster" if _RE_ROSTER.search(t) else "plan"


_TITLE_PIECES = [" ", "\u3000", "\n", "\t", "\x1c", "\x85", '"', "“", "”", "(", ")", "征求意见稿", "(征求意见稿)",
                 "(征求意见稿", "征求意见稿)", "((征求意见稿))", "方案", "情况", "报告", "总结", "汇报", "名单", "a", "é",
                 "\U0001F600"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_TITLE_PIECES), max_size=10).map("".join))
def test_rx5_cut_and_the_kind_equal_the_patterns(n):
    assert S._rx5_cut(n) == _RX5.sub("", n), n
    assert S._title_key(n) == _RX5.sub("", S._normal_title(n)), n
    t = n.strip()
    assert S._plan_kind(t) == _kind(t), t


def test_rx5_cut_and_the_kind_on_the_documents_paragraphs():
    for p in _paras():
        assert S._rx5_cut(p.norm) == _RX5.sub("", p.norm), p.norm
        t = p.norm.strip()
        assert S._plan_kind(t) == _kind(t), t
    for s in ("", " ", "(征求意见稿)", "a(征求意见稿)b", "(征求意见稿)(征求意见稿)", "“方案”", "方案 (征求意见稿)"):
        assert S._rx5_cut(s) == _RX5.sub("", s), s


# ---------------------------------------------------------------- _is_closing, _norms


def _closing_as_it_was(resp, text: str) -> bool:
    if resp is None:
        return False
    return not text[resp.span[1]:].strip(" \t\u3000。.;；,，")


_TAIL = [" ", "\t", "\u3000", "。", ".", ";", "；", ",", "，", "\n", "x", "、", ")", "é", "\U0001F600"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_TAIL), max_size=8).map("".join), st.integers(-3, 12))
def test_is_closing_equals_the_strip_form(text, e):
    resp = Responsibility(("甲",), (), None, "(甲牵头)", (0, e))
    assert S._is_closing(resp, text) == _closing_as_it_was(resp, text), (text, e)
    assert not S._is_closing(None, text)


def test_is_closing_on_the_documents_paragraphs():
    n = 0
    for p in _paras():
        resp = find_responsibility(p.text, norm=p.norm)
        assert S._is_closing(resp, p.text) == _closing_as_it_was(resp, p.text), p.text
        n += resp is not None and S._is_closing(resp, p.text)
    assert n > 50  # (closing clauses among them)


def test_norms_is_the_list_of_norms():
    paras = _paras()[:300]
    assert S._norms(paras) == [p.norm for p in paras]
    assert S._norms([]) == []


# ---------------------------------------------------------------- the plan record


def test_new_plan_is_the_plan_outline_the_class_makes():
    import pickle

    paras = _paras()[:5]
    for args in [(3, "关于印发方案的通知", "", "plan", "", None, None, None, "", paras, [], []),
                 (7, "方案", "附件2", "report", "市政府", "2024-05-01", 2024, None, "正文\n二", [], [], [])]:
        built = S._new_plan(*args)
        made = S.PlanOutline(*args)
        assert type(built) is S.PlanOutline
        assert built == made and repr(built) == repr(made)
        assert pickle.dumps(built) == pickle.dumps(made)
        assert built.paras is args[9] and built.sections is args[10] and built.items is args[11]
    # the keyword form outline used, its body and year set after
    old = S.PlanOutline(line=1, title="t", attachment="a", kind="plan", issuer="i", issued=None, paras=paras)
    old.body = "b"
    old.year = 2023
    assert S._new_plan(1, "t", "a", "plan", "i", None, 2023, None, "b", paras, [], []) == old


def test_outline_plans_pickle_as_before_on_the_samples():
    """Each sample's outline against the one the keyword constructor gives (the module's `_new_plan` swapped
    for the class), both after a first run: the same pickle bytes (which objects they share included)."""
    import pickle

    docs = [load(str(p)) for p in sorted((ROOT / "data/plans").iterdir())]
    for d in docs:  # (warm: the shared memo's answers, the normalised titles, as the runs below find them)
        S.outline(d)
    now = [pickle.dumps(S.outline(d)) for d in docs]
    saved = S._new_plan
    S._new_plan = S.PlanOutline
    try:
        was = [pickle.dumps(S.outline(d)) for d in docs]
    finally:
        S._new_plan = saved
    assert now == was


# ---------------------------------------------------------------- an item that lists problems


_RE_PROBLEM_ITEM = re.compile(r"等问题\s*[。;；]?\s*$")  # (as `_item` searched the stripped paragraph)
_PROBLEM_PIECES = ["等问题", "问题", "等", " ", "\u3000", "\n", "\x85", "。", ";", "；", ",", "：", "x", "é", "\U0001F600"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PROBLEM_PIECES), max_size=8).map("".join))
def test_problem_item_equals_the_pattern(s):
    t = s.strip()
    assert S._problem_item(t) == (_RE_PROBLEM_ITEM.search(t) is not None), t


def test_problem_item_on_the_documents_paragraphs_and_edges():
    for p in _paras():
        t = p.norm.strip()
        assert S._problem_item(t) == (_RE_PROBLEM_ITEM.search(t) is not None), t
    for t in ("", "等问题", "等问题。", "等问题 。", "等问题。。", "等问题;", "等问题；", "。", "等问题x", "查找等问题 \u3000；",
              "问题。", "等问题,"):
        assert S._problem_item(t) == (_RE_PROBLEM_ITEM.search(t) is not None), t


# ---------------------------------------------------------------- a title run on into the first line's body


_RE_TITLE_RUN_ON = re.compile(r"\s*(\S{7,60}?)[ \t\u3000]+(?=\S)")  # (as `paragraphs` matched the first line)
_RUN_PIECES = [" ", "\t", "\u3000", "\n", "\x85", "\u2002", "\x1c", "a", "中", "é", "\U0001F600", "方案", "x" * 6, "y" * 7,
               "z" * 30, "情况报告"]


def _run_on_as_it_was(s: str) -> int:
    m = _RE_TITLE_RUN_ON.match(s)
    return m.end(1) if m is not None else -1


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_RUN_PIECES), max_size=10).map("".join))
def test_title_run_on_equals_the_pattern(s):
    assert S._title_run_on(s) == _run_on_as_it_was(s), s


def test_title_run_on_on_the_documents_lines_and_edges():
    for p in _paras():
        assert S._title_run_on(p.norm) == _run_on_as_it_was(p.norm), p.norm
        assert S._title_run_on(" " + p.norm[:70]) == _run_on_as_it_was(" " + p.norm[:70])
    for k in (5, 6, 7, 8, 59, 60, 61, 62):
        for tail in (" x", "\tx", "\u3000x", " \u3000 x", " ", " \n", "\nx", " \u2002x", ""):
            for head in ("", " ", "\n\u3000"):
                s = head + "中" * k + tail
                assert S._title_run_on(s) == _run_on_as_it_was(s), s


# ---------------------------------------------------------------- the section kinds' memo


def _kinds_as_they_were(titles: tuple[str, ...]) -> tuple[bool, bool]:
    titles_n = [S._normal_title(t).strip() for t in titles]
    return (any(S._RE_GOAL_SECTION.fullmatch(t) for t in titles_n),
            any(S._RE_REQUIREMENT_SECTION.fullmatch(t) for t in titles_n))


def test_section_kinds_memo_answers_as_the_function(monkeypatch):
    heads = ["总体目标", "工作要求", "保障措施", "主要任务", " 基本原则 ", "强化组织领导", "重点任务", "发展目标任务", "x"]
    cases = [(), *[(h,) for h in heads], *[(a, b) for a in heads for b in heads]]
    monkeypatch.setattr(S, "_KINDS", {})
    monkeypatch.setattr(S, "_KINDS_MAX", 7)  # (cleared every seventh new question)
    for _ in range(2):
        for titles in cases:
            assert S._section_kinds(titles) == _kinds_as_they_were(titles), titles
            assert len(S._KINDS) <= 7
    assert any(S._section_kinds(t)[0] for t in cases) and any(S._section_kinds(t)[1] for t in cases)


def _re_inline_cuts(norm: str, after: int) -> list[int]:
    return [m.start() + 1 for m in S._RE_INLINE_SPLIT_FAST.finditer(norm) if m.start() + 1 > after]


# the pieces of `_RE_INLINE_SPLIT_FAST`'s branches and their edges (runs of numerals and digits, the marks after
# them, white space of every kind and width, a 4-digit run, a digit, "." or "%" after the mark)
_CUT_PIECES = [" ", "\u3000", "\t", "\n", "\xa0", "\u2028", "一", "十", "〇", "、", "(", ")", "1", "12", "123", "2023",
               "٣", ".", "%", "a", "中", "é", "\U0001F600"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_CUT_PIECES), max_size=16).map("".join), st.integers(0, 6))
def test_inline_cuts_equal_the_pattern(s, after):
    """`_inline_cuts` (compiled `paragraphs`' cut points of a giant line or inline sections) = the regex's."""
    assert S._inline_cuts(s, after) == _re_inline_cuts(s, after), (s, after)


def test_inline_cuts_on_the_documents_lines_and_white_space():
    # every white space is at or below U+3000 (what `_inline_cuts` reads before asking `isspace`)
    assert not any(chr(c).isspace() for c in range(0x3001, 0x110000))
    for p in _paras():
        for after in (0, 3):
            assert S._inline_cuts(p.norm, after) == _re_inline_cuts(p.norm, after), p.norm
    assert S._inline_cuts(" 一、 (二) 3. 4.5 5、% 1234. ", 0) == [1, 4, 8]
