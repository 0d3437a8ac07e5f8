"""The clause search's and the unit split's character loops give what the forms they replaced give.

responsibility.py and units.py read brackets, separators, labels and heading keywords a character at
a time (typed `Py_UCS4` loops when compiled: see their `.pxd`) where they used regex scans, `str.count`
and `rfind`/`find` pairs. Each test keeps the replaced form here and compares on the samples' lines
(data/plans), on the lines of seeded synthetic documents (`dutygraph synth`'s generator) and on
hypothesis-generated strings over the characters each rule cares about. They run as compiled (the
default) and as Python (`DUTYGRAPH_NATIVE=0`): the same answers either way. No timings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph import synth
from dutygraph.extract import responsibility as R
from dutygraph.extract import units as U
from dutygraph.loaders.normalize import normalize

_PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"


@lru_cache(maxsize=1)
def _lines() -> tuple[str, ...]:
    """Normalised lines of the samples and of 40 seeded synthetic plain-text documents, with every
    bracket's content and every clause-like tail (what the clause search is asked about)."""
    out: list[str] = []
    for p in sorted(_PLANS.glob("*.txt")):
        out += p.read_text(encoding="utf-8", errors="replace").splitlines()
    for d in synth.generate(40, seed=3):
        if d.fmt == "txt":
            out += d.data.decode(d.encoding.split(":")[-1], errors="replace").splitlines()
    lines = [normalize(t) for t in out if t.strip()]
    inner = [m.group(1) for t in lines for m in re.finditer(r"[(\[]([^()\[\]]*)[)\]]", t)]
    return tuple(lines + inner)


_CHARS = ["(", ")", "[", "]", "{", "}", "（", "）", "〔", "〕", "【", "】", "、", ",", "，", ";", "；", ":", "：",
          " ", "\u3000", "\t", "\n", "\x1c", "\x85", "\xa0", "\u2028", "。", "1", "2023", "年", "底", "前",
          "市", "区", "局", "委", "政府", "公安局", "发改委", "单位", "部门", "牵头", "负责", "配合", "主要", "主",
          "责任", "协同", "协办", "参与", "完成", "时限", "时间", "期限", "节点", "限", "等", "及", "和", "略",
          "Ａ", "１", "（１）", "①"]
_TEXT = st.lists(st.sampled_from(_CHARS), max_size=24).map("".join)
_ANY = st.text(alphabet=st.sampled_from(list(set("".join(_CHARS)))), max_size=30)


# ---------------------------------------------------------------- responsibility.py


def _open_excess_counts(norm: str, end: int) -> int:
    return norm.count("(", 0, end) + norm.count("[", 0, end) - norm.count(")", 0, end) - norm.count("]", 0, end)


def _match_open_find(norm: str, close: int) -> int | None:
    """`_match_open` as it was: the common case by rfind/find, then the depth loop."""
    j = max(norm.rfind("(", 0, close), norm.rfind("[", 0, close))
    if j >= 0 and norm.find(")", j + 1, close) < 0 and norm.find("]", j + 1, close) < 0:
        return j
    depth = 0
    for i in range(close, -1, -1):
        ch = norm[i]
        if ch in ")]":
            depth += 1
        elif ch in "([":
            depth -= 1
            if depth == 0:
                return i
    return None


def _unclosed_open_plain(norm: str) -> int | None:
    if norm.count("(") + norm.count("[") <= norm.count(")") + norm.count("]"):
        return None
    stack: list[int] = []
    for i, ch in enumerate(norm):
        if ch in "([":
            stack.append(i)
        elif ch in ")]" and stack:
            stack.pop()
    return stack[0] if stack else None


def _label_spans_regex(norm: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group("label")) for m in R._LABEL.finditer(norm)]


def _check_clause_loops(norm: str) -> None:
    for end in range(len(norm) + 1):
        assert R._open_excess(norm, end) == _open_excess_counts(norm, end), (norm, end)
    for close in range(len(norm)):
        assert R._match_open(norm, close) == _match_open_find(norm, close), (norm, close)
    assert R._unclosed_open(norm) == _unclosed_open_plain(norm), norm
    assert R._label_spans(norm) == _label_spans_regex(norm), norm
    assert R._has_heading_kw(norm) == (R._HEADING_KW.search(norm) is not None), norm


def test_clause_loops_on_sample_and_synthetic_lines():
    for norm in _lines():
        _check_clause_loops(norm)


@settings(max_examples=1500, deadline=None)
@given(_TEXT)
def test_clause_loops_equal_their_replaced_forms(norm):
    _check_clause_loops(norm)


@settings(max_examples=500, deadline=None)
@given(_ANY)
def test_clause_loops_on_any_mix_of_the_characters(norm):
    _check_clause_loops(norm)


def test_label_spans_take_the_longest_label_and_the_space_around_the_colon():
    norm = "主要牵头单位 ：市发改委;责任单位:\u3000市财政局;完成时限:2024年底"
    assert R._label_spans(norm) == _label_spans_regex(norm) == [
        (0, 8, "主要牵头单位"), (13, 19, "责任单位"), (24, 29, "完成时限")]


# ---------------------------------------------------------------- units.py


def _unit_names_regex(norm: str) -> tuple[str, ...]:
    """`unit_names_of_norm` as it was: two regex searches, then a split on the separators."""
    if U._SEPARATOR_RE.search(norm) is None:
        return U._piece_names(norm)
    if U._BRACKET_RE.search(norm) is None:
        out: list[str] = []
        for piece in U._SEPARATOR_RE.split(norm):
            out += U._piece_names(piece)
        return tuple(out)
    return tuple([norm[a:b] for a, b in U._split_unit_spans(norm)])


def _split_unit_spans_regex(norm: str) -> list[tuple[int, int]]:
    """`_split_unit_spans` as it was (regex searches and split)."""
    if U._SEPARATOR_RE.search(norm) is None:
        return list(U._piece_spans(norm))
    out: list[tuple[int, int]] = []
    if U._BRACKET_RE.search(norm) is None:
        a = 0
        for piece in U._SEPARATOR_RE.split(norm):
            out += [(a + x, a + y) for x, y in U._piece_spans(piece)]
            a += len(piece) + 1
        return out
    for a, b in _top_level_splits_plain(norm):
        out += [(a + x, a + y) for x, y in U._piece_spans(norm[a:b])]
    return out


def _top_level_splits_plain(norm: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(norm):
        if ch in U._OPEN:
            depth += 1
        elif ch in U._CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in U._SEPARATORS:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(norm)))
    return spans


def _check_unit_loops(norm: str) -> None:
    shape = (U._HAS_SEPARATOR if U._SEPARATOR_RE.search(norm) else 0) | (U._HAS_BRACKET if U._BRACKET_RE.search(norm) else 0)
    assert U._list_shape(norm) == shape, norm
    assert U._top_level_splits(norm) == _top_level_splits_plain(norm), norm
    assert U._split_unit_spans(norm) == _split_unit_spans_regex(norm), norm
    assert U.unit_names_of_norm(norm) == _unit_names_regex(norm), norm
    pieces = [norm[a:b] for a, b in _top_level_splits_plain(norm)]
    assert U.looks_like_units(pieces) == _looks_like_units_plain(pieces), norm


def _looks_like_units_plain(norms: list[str]) -> bool:
    if not norms:
        return False
    for i, n in enumerate(norms):
        if U.looks_like_unit(n):
            continue
        if U._BARE_PLACE.match(n.strip()) and any(m.strip().endswith("政府") for m in norms[i + 1 :]):
            continue
        return False
    return True


def test_unit_loops_on_sample_and_synthetic_lines():
    for norm in _lines():
        _check_unit_loops(norm)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["市公安局", "区市监局", "鸠江公安局", "南康区", "龙南市人民政府", "、", ",", ";", "，",
                                 "；", "(", ")", "[", "]", "{", "}", "（", "、、", "市", "区", "及", "和", "等单位",
                                 "等有关市直部门", "各县(市、区)人民政府", " ", "\u3000", "\n", "略", "1"]),
                max_size=10).map("".join))
def test_unit_loops_equal_their_replaced_forms(norm):
    _check_unit_loops(norm)


@settings(max_examples=500, deadline=None)
@given(_ANY)
def test_unit_loops_on_any_mix_of_the_characters(norm):
    _check_unit_loops(norm)


# ---------------------------------------------------------------- resolve.py


def _scope_of_startswith(key: str, city: str, district: str, own: str) -> tuple[str, str]:
    """`resolve._scope_of` as it was (str.startswith chains)."""
    if key.startswith(("全市", "市直", "市属", "市本级")):
        return city, key[2:] if key.startswith("全市") else key[1:]
    if key.startswith("市") and not key.startswith("市场"):
        return city, key[1:]
    if key.startswith(("全区", "区直", "区属")):
        return district, key[2:] if key.startswith("全区") else key[1:]
    if key.startswith("区") and len(key) > 2:
        return district, key[1:]
    if key.startswith(("全县", "县直")):
        return own, key[2:] if key.startswith("全县") else key[1:]
    return "", key


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["全", "市", "区", "县", "直", "属", "本级", "场", "监管局", "公安局", "各", " ", "1"]),
                max_size=5).map("".join))
def test_scope_of_read_by_characters_equals_the_startswith_chains(key):
    from dutygraph.extract.resolve import _scope_of

    assert _scope_of(key, "赣州市", "章贡区", "章贡区") == _scope_of_startswith(key, "赣州市", "章贡区", "章贡区")


def _lead_split_regex(norm: str) -> tuple[int, int] | None:
    m = R._top_split(norm, R._LEAD_KW)
    return None if m is None else (m.start(), m.end())


_LEAD_TEXT = st.lists(st.sampled_from(["牵头", "分别", "共同", "联合", "负责", "抓总", "牵", "头", "市发改委", "(", ")",
                                       "[", "]", "、", ",", "配合"]), max_size=12).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_LEAD_TEXT)
def test_lead_split_equals_the_first_top_level_lead_keyword(norm):
    assert R._lead_split(norm) == _lead_split_regex(norm)


def test_lead_split_on_sample_and_synthetic_lines():
    for norm in _lines():
        assert R._lead_split(norm) == _lead_split_regex(norm), norm


def _with_inline_clauses_plain(text: str, norm: str, last):
    """`_with_inline_clauses` as it was (find, generators)."""
    if norm.find(")", 0, last.span[0]) < 0:
        return last
    earlier = []
    for m in R._INLINE_NEXT.finditer(norm, 0, last.span[0]):
        close = m.start()
        start = R._match_open(norm, close)
        if start is None:
            continue
        got = R._result(text, norm, start, close + 1, (start + 1, close))
        if got is not None:
            earlier.append(got)
    if not earlier:
        return last
    parts = [*earlier, last]
    lead = tuple(dict.fromkeys(u for r in parts for u in r.lead))
    co = tuple(dict.fromkeys(u for r in parts for u in r.co if u not in lead))
    deadline = next((r.deadline_raw for r in reversed(parts) if r.deadline_raw), None)
    return R._new_responsibility(lead, co, deadline, "".join(r.clause for r in parts), last.span)


_SUBITEM = st.tuples(st.sampled_from(["(1)", "(2)", "(3)", "①", "②", ""]), st.sampled_from(["推进审批改革", "加强监管。", ""]),
                     st.sampled_from(["(责任单位:市发改委)", "(市财政局牵头,市税务局配合)", "(牵头单位:市公安局;完成时限:2024年底)",
                                      "(市发改委、市财政局负责)", "(完成时限:长期)", "", ")", "(1)"]),
                     st.sampled_from(["", " ", "。"])).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.lists(_SUBITEM, min_size=1, max_size=4).map("".join))
def test_inline_clauses_merge_as_before(text):
    norm = normalize(text)
    end = len(norm.rstrip(R._TAIL_PUNCT))
    last = R._trailing_bracket(text, norm, end)
    if last is not None:
        assert R._with_inline_clauses(text, norm, last) == _with_inline_clauses_plain(text, norm, last)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("“”\"'‘’「」 \u3000\t\n市局委(")), max_size=12))
def test_unquoted_equals_the_translate_table(s):
    from dutygraph.extract.resolve import _QUOTES, _unquoted

    assert _unquoted(s) == s.translate(_QUOTES)
    assert set("“”\"'‘’「」 \u3000\t") == {chr(c) for c in _QUOTES}  # the loop's characters are the table's


def test_unquoted_on_sample_and_synthetic_lines():
    from dutygraph.extract.resolve import _QUOTES, _unquoted

    for line in _lines():
        assert _unquoted(line) == line.translate(_QUOTES)


def _alias_lost_close_plain(text: str, norm: str, start: int, end: int):
    """`_alias_lost_close` as it was: the whole text before the clause counted first."""
    if R._open_excess(norm, start) <= 0:
        return None
    outer = R._unclosed_open(norm[:start])
    if outer is None or start - outer > 24:
        return None
    first = norm[outer + 1 : start].strip()
    if not R.looks_like_unit(first) or any(c in first for c in "、,，;；"):
        return None
    found = R._result(text, norm, outer, end, (outer + 1, end - 1))
    if found is None:
        return None
    return R._new_responsibility(R._whole(found.lead), R._whole(found.co), found.deadline_raw, found.clause, found.span)


_ALIAS_TEXT = st.lists(st.sampled_from(["(", ")", "[", "]", "区财政局", "区地方金融监管局负责", "市发改委", "牵头", "、",
                                        "推进审批改革事项", "一二三四五六七八九十", "。"]), max_size=10).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_ALIAS_TEXT)
def test_alias_lost_close_looks_near_the_clause_first(text):
    norm = normalize(text)
    for close in range(len(norm)):
        if norm[close] == ")":
            start = R._match_open(norm, close)
            if start is not None:
                assert R._alias_lost_close(text, norm, start, close + 1) == _alias_lost_close_plain(text, norm, start, close + 1)


def test_alias_lost_close_on_the_sample_line():
    text = "推进政务服务“一网通办”(区财政局(区地方金融监管局负责)"
    norm = normalize(text)
    start = R._match_open(norm, len(norm) - 1)
    got = R._alias_lost_close(text, norm, start, len(norm))
    assert got == _alias_lost_close_plain(text, norm, start, len(norm)) and got.lead == ("区财政局",)


def test_agencies_path_follows_dutygraph_data(tmp_path, monkeypatch):
    # `_result` keys its parse cache on `_agencies_path()`, kept per value of $DUTYGRAPH_DATA as read:
    # always `data_file("agencies.toml")`
    from dutygraph.extract.reference import data_file

    before = R._agencies_path()
    assert before == data_file("agencies.toml")
    monkeypatch.setenv("DUTYGRAPH_DATA", str(tmp_path))
    assert R._agencies_path() == data_file("agencies.toml") == str(tmp_path / "agencies.toml")
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert R._agencies_path() == before == data_file("agencies.toml")
