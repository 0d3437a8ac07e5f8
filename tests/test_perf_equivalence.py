"""The fast forms of hot-path patterns find exactly what the plain forms they replace find.

Each rewrite (bench/extract_bench.py throughput work) keeps the original, readable pattern here as
the reference and checks both on random text built from the characters that matter, plus excerpts
from the sample documents. No timings: these fail on a difference in output, never on speed.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import deadlines, structure
from dutygraph.extract.reference import longest_word_pattern


def _alternation(words: list[str], guarded) -> re.Pattern[str]:
    """The plain form: every word, longest first; guarded words not next to a digit."""
    alts = []
    for w in sorted(set(words), key=lambda v: (-len(v), v)):
        esc = re.escape(w)
        alts.append(rf"(?<!\d){esc}(?!\d)" if guarded(w) else esc)
    return re.compile("(?:" + "|".join(alts) + ")")


def _digit_edge(w: str) -> bool:
    return w[:1].isdigit() or w[-1:].isdigit()


_WORDS = st.lists(st.text(alphabet="12一网通办平台热线a", min_size=1, max_size=5), min_size=1, max_size=12)
_TEXT = st.text(alphabet="12一网通办平台热线a \n345", max_size=40)


@settings(max_examples=400, deadline=None)
@given(_WORDS, _TEXT)
def test_longest_word_pattern_matches_the_longest_first_alternation(words, text):
    fast = longest_word_pattern(words, digit_guarded=_digit_edge)
    plain = _alternation(words, _digit_edge)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_longest_word_pattern_on_platform_names():
    # 石嘴山 / 赣州 style: a hotline number inside a longer number is no hotline
    words = ["12345", "12345政务服务热线", "赣服通", "一网通办", "一网通"]
    fast = longest_word_pattern(words, digit_guarded=_digit_edge)
    text = "依托12345政务服务热线和“赣服通”一网通办,电话123456不算"
    assert [m.group(0) for m in fast.finditer(text)] == ["12345政务服务热线", "赣服通", "一网通办"]


# The plain forms of the deadline pre-scans (deadlines.py keeps the fast forms).
_ANY = re.compile(r"[\d年季]|长期|持续|常态化")
_YEAR = re.compile(r"(?=[12])(?<!\d)(20\d{2}|19\d{2})年")
_SKIP = re.compile(r"(?=[(《\d])(?:\(\d{4}\)\d*号?|《[^》]{0,200}》|\d{4}年(?:以来|起|度)|\d{4}-\d{4}年)")
_DATES = st.lists(
    st.sampled_from(["2022", "1999", "2101", "年", "季", "长期", "持续", "常态化", "长", "持", "常", "(", ")",
                     "《", "》", "-", "号", "以来", "起", "度", "9", "0", "一", " "]),
    max_size=14,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_DATES)
def test_deadline_prescans_equal_their_plain_forms(text):
    assert bool(deadlines._ANY.search(text)) == bool(_ANY.search(text))
    assert deadlines._may_hold(text) == bool(deadlines._ANY.search(text) and deadlines._CORE.search(text))
    assert [(m.start(), m.group(1)) for m in deadlines._YEAR.finditer(text)] == \
        [(m.start(), m.group(1)) for m in _YEAR.finditer(text)]
    assert [m.span() for m in deadlines._SKIP.finditer(text)] == [m.span() for m in _SKIP.finditer(text)]


def test_deadline_prescans_on_a_constructed_clause():
    # a plan title and a document number (skipped spans) before a dated deadline
    text = "按照《芜湖市2021-2023年行动计划》(2022)5号要求,2023年6月底前完成"
    assert [m.group(0) for m in deadlines._SKIP.finditer(text)] == ["《芜湖市2021-2023年行动计划》", "(2022)5号"]
    assert [m.span() for m in deadlines._SKIP.finditer(text)] == [m.span() for m in _SKIP.finditer(text)]
    assert [(m.start(), m.group(1)) for m in deadlines._YEAR.finditer(text)] == \
        [(m.start(), m.group(1)) for m in _YEAR.finditer(text)] == [(11, "2023"), (32, "2023")]


_INLINE_SUBITEM = re.compile(r"(?<=[。;；)\]])\s*(?=\(\d{1,2}\))")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["。", ";", "；", ")", "]", "(", "(1)", "(12)", "(123)", " ", "\n", "一", "1"]),
                max_size=12).map("".join))
def test_inline_subitem_cuts_equal_the_lookbehind_form(text):
    fast = [m.start() + 1 for m in structure._RE_INLINE_SUBITEM_FAST.finditer(text)] \
        if "(" in text and structure._RE_PAREN_NUMBER.search(text) else []
    assert fast == [m.start() for m in _INLINE_SUBITEM.finditer(text)]


# ---------------------------------------------------------------- issue #6 "Scale" fast paths

from pathlib import Path  # noqa: E402

from dutygraph.extract import jurisdiction, platforms, responsibility, targets  # noqa: E402
from dutygraph.extract.reference import finditer_via, places, skip_to_candidates  # noqa: E402
from dutygraph.loaders.normalize import normalize  # noqa: E402

_PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"


def _sample_lines(limit: int = 400) -> list[str]:
    out: list[str] = []
    for p in sorted(_PLANS.glob("*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace")
        out += [normalize(t) for t in text.splitlines() if t.strip()][: limit // 5]
    return out


def _groups(ms) -> list:
    return [(m.span(), m.lastgroup, m.groups()) for m in ms]


# Deadline and target scans: the lookahead-led pattern tried only where its start class occurs.
_DEADLINE_TEXT = st.lists(
    st.sampled_from(["2022", "2023年", "年", "6", "12", "月", "底", "前", "日", "30", "每", "季度", "第一",
                     "上半年", "今年", "年底前", "长期坚持", "持续推进", "常态化推进", "以来", "截至", "(", ")",
                     "《", "》", "-", "号", "一", "二", "本", "当", "下", "。", " ", "\n"]),
    max_size=16,
).map("".join)
_TARGET_TEXT = st.lists(
    st.sampled_from(["压缩至", "控制在", "不超过", "不低于", "达", "达到", "在", "提高到", "满意率", "比例",
                     "1", "5", "96", ".5", "%", "个工作日", "工作日", "小时", "以内", "内", "年", "天",
                     "减", "下降到", " ", "。", "\n"]),
    max_size=14,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_DEADLINE_TEXT)
def test_deadline_scan_via_candidates_equals_finditer(text):
    assert _groups(finditer_via(deadlines._RE_STARTS, deadlines._RE, text)) == _groups(deadlines._RE.finditer(text))
    # the date-word gate: no date word, no deadline
    if not deadlines._CORE.search(text):
        assert not list(deadlines._RE.finditer(text))
    assert bool(deadlines._CORE.search(text)) == bool(re.search(r"[年月日]|季度|长期|持续推进|常态化推进", text))
    for t in (text, text.replace("2", "\u0663")):  # (and a digit of another script)
        assert deadlines._may_hold(t) == bool(deadlines._ANY.search(t) and deadlines._CORE.search(t))


@settings(max_examples=600, deadline=None)
@given(_TARGET_TEXT)
def test_target_scan_via_candidates_equals_finditer(text):
    assert _groups(finditer_via(targets._CORE_STARTS, targets._CORE, text)) == _groups(targets._CORE.finditer(text))


# find_targets starts its scan _DIGIT_REACH characters before the first digit: no target starts earlier.
@settings(max_examples=600, deadline=None)
@given(_TARGET_TEXT.map(lambda t: t.replace(" ", "同比增长", 1)))
def test_target_scan_start_misses_no_match(text):
    digit = targets._ANY.search(text)
    starts = [p for p in range(len(text)) if targets._CORE.match(text, p) is not None]
    if digit is None:
        assert not starts
        return
    pos = max(0, digit.start() - targets._DIGIT_REACH)
    assert all(p >= pos for p in starts), (text, pos)
    assert _groups(finditer_via(targets._CORE_STARTS, targets._CORE, text, pos)) == _groups(targets._CORE.finditer(text))


def test_target_scan_start_reaches_the_longest_verb():
    # the longest verb and a space before the number: the match starts _DIGIT_REACH before the digit
    assert targets.find_targets("各项同比增长 5%以上") == ("同比增长 5%以上",)
    assert targets.find_targets("减至到 3个工作日") == ("减至到 3个工作日",)
    verbs = targets._VERB[3:-1].split("|")
    assert max(map(len, verbs)) + 1 == targets._DIGIT_REACH


# The guard of the deadline candidate scan (a digit must reach 年/月/日, 每 be 每年|每个月…, …) only
# skips positions where nothing can match: every position the pattern matches at is a candidate.
_GUARD_TEXT = st.lists(
    st.sampled_from(["2022", "20224", "2022630", "6", "12", "30", "1", "年", "月", "日", "底", "末", "内", "度", "前",
                     "份", "的", "每", "个", "半年", "周", "季", "季度", "首月", "第", "一", "四", "上", "下", "今",
                     "本", "当", "长", "期", "坚持", "持", "续推进", "常", "态化推进", "至", "-", "(", "《", "》",
                     "以来", "截至", " ", "\u3000", "\n", "。"]),
    max_size=18,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_GUARD_TEXT)
def test_deadline_guard_keeps_every_match_start(text):
    starts, pattern = deadlines._RE_STARTS, deadlines._RE
    for p in range(len(text)):
        if pattern.match(text, p) is not None:
            assert starts.match(text, p) is not None, (text, p)
    assert _groups(finditer_via(starts, pattern, text)) == _groups(pattern.finditer(text))


def test_deadline_guard_on_digit_runs():
    # a digit right after another starts only "\d{4}年"; the first digit of a run starts the rest
    starts, pattern = deadlines._RE_STARTS, deadlines._RE
    for text in ("12023年底前完成", "编号12022年6月", "2022630日前", "20224月30日", "1212月底前", "x31日前", "99992023年"):
        for p in range(len(text)):
            if pattern.match(text, p) is not None:
                assert starts.match(text, p) is not None, (text, p)
        assert _groups(finditer_via(starts, pattern, text)) == _groups(pattern.finditer(text))
    assert [d.raw for d in deadlines.find_deadlines("12023年底前完成", year=None)] == ["2023年底前"]


def test_candidate_scans_on_sample_lines():
    for line in _sample_lines():
        assert _groups(finditer_via(deadlines._RE_STARTS, deadlines._RE, line)) == _groups(deadlines._RE.finditer(line))
        assert _groups(finditer_via(targets._CORE_STARTS, targets._CORE, line)) == _groups(targets._CORE.finditer(line))


def test_skip_to_candidates_drops_the_body_groups():
    assert deadlines._RE_STARTS.groups == targets._CORE_STARTS.groups == 0
    # an escaped bracket before "?P<" is no group (left as it is)
    plain = re.compile(r"(?=[ab])(?:(?P<x>a)|(?P<y>b)\(\?P<z>)")
    starts = skip_to_candidates(plain)
    assert starts.groups == 0 and starts.pattern.endswith(r"(?:(?:a)|(?:b)\(\?P<z>)).)")
    text = "a b(P<z> b(?P<z> ab"
    assert _groups(finditer_via(starts, plain, text)) == _groups(plain.finditer(text))


def test_skip_to_candidates_refuses_other_patterns():
    import pytest

    with pytest.raises(ValueError):
        skip_to_candidates(re.compile(r"\d+"))


# Structure: the inline-section count, the title-word pre-check, marker dispatch.
_SECTION_TEXT = st.lists(st.sampled_from(["一", "二", "十", "一二三四", "、", " ", "\u3000", "\t", "a", "。"]),
                         max_size=14).map("".join)


@settings(max_examples=600, deadline=None)
@given(_SECTION_TEXT)
def test_inline_section_count_equals_the_lookbehind_form(text):
    assert len(structure._RE_INLINE_SECTION_FAST.findall(text)) == len(structure._RE_INLINE_SECTION.findall(text))


_TITLE_TEXT = st.lists(st.sampled_from(["方案", "方", "案", "计划", "报告", "总结", "(", ")", "征求意见稿", "(征求意见稿)",
                                        "牵头", " ", "\u3000", "\t", "\n", "\x1c", "\u2028", "。", "x"]),
                       max_size=10).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_TITLE_TEXT)
def test_title_ending_read_from_the_end_equals_the_patterns(text):
    # _toc_entry and _is_title read with str methods what these patterns find
    assert structure._cut_trailing_bracket(text) == structure._RE_TRAILING_BRACKET.sub("", text)
    assert structure._ends_like_title(text) == bool(structure._RE_TITLE_END.search(text))
    assert structure._ends_like_title(structure._cut_trailing_bracket(text)) == \
        bool(structure._RE_TITLE_END.search(structure._RE_TRAILING_BRACKET.sub("", text)))


def test_title_ending_on_constructed_titles():
    cut, ends = structure._cut_trailing_bracket, structure._ends_like_title
    assert cut("企业开办提升行动方案(市行政审批局、市市场监管局牵头) ") == "企业开办提升行动方案"
    assert cut("a(b)c(d)") == "a" and cut("a(b\nc(d)") == "a(b\nc" and cut("a(b)c") == "a(b)c"
    assert ends("优化营商环境行动方案 (征求意见稿) \n") and ends("工作总结") and not ends("方案。")
    assert not ends("(征求意见稿)") and not ends("方案(征求意见稿)(征求意见稿)")


def _parse_marker_plain(p: structure.Para) -> structure.Marker | None:
    """The marker reading before dispatch by first character (every pattern tried in order)."""
    norm = p.norm
    first = norm[:1]
    if first not in structure._MARKER_FIRST and not first.isdecimal() and not (
            "\u2460" <= p.text[:1] <= "\u2473" or "\u3251" <= p.text[:1] <= "\u325f"):
        return None
    Marker, skip = structure.Marker, structure._skip_space
    if m := structure._RE_ATTACH.match(norm):
        return Marker(structure.ATTACH, f"附件{m.group(1)}", p.text.strip(), len(norm))
    if structure._RE_CIRCLED.match(p.text):
        return Marker(structure.CIRCLED, p.text[0], p.text[0], skip(norm, 1))
    if m := structure._RE_PCN.match(norm):
        return Marker(structure.PCN, norm[: m.end()].replace(" ", ""), p.text[: m.end()], skip(norm, m.end()))
    if m := structure._RE_PARABIC.match(norm):
        return Marker(structure.PARABIC, norm[: m.end()].replace(" ", ""), p.text[: m.end()], skip(norm, m.end()))
    if m := structure._RE_ARABIC.match(norm):
        if structure._is_date_like(norm, m):
            return None
        return Marker(structure.ARABIC, m.group(1), p.text[: m.end()], skip(norm, m.end()))
    if m := structure._RE_CN.match(norm):
        return Marker(structure.CN, m.group(1) or "", p.text[: m.end()], skip(norm, m.end()))
    return None


_MARKER_TEXT = st.lists(
    st.sampled_from(["附件", "附", "件", "1", "12", "2022", ".", "、", "(", ")", "（", "）", "〔", "一", "十", "①",
                     "⑩", "㉑", "\u3000", " ", "a", "方案", "。", ":"]),
    min_size=1, max_size=8,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_MARKER_TEXT)
def test_marker_dispatch_equals_trying_every_pattern(text):
    p = structure.Para(1, 0, len(text), text, normalize(text))
    assert structure._parse_marker(p) == _parse_marker_plain(p)


def test_para_and_marker_are_values():
    a = structure.Para(1, 0, 3, "1.x", "1.x", ("r",))
    b = structure.Para(1, 0, 3, "1.x", "1.x", ("r",))
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert structure.Marker(3, "1", "1.", 2) == structure.Marker(3, "1", "1.", 2)
    assert hash(structure.Marker(3, "1", "1.", 2)) == hash(structure.Marker(3, "1", "1.", 2))


# Responsibility: the opening bracket by rfind, the trailing-sentence keyword test.
def _match_open_plain(norm: str, close: int) -> int | None:
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


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "[", "]", "市", "局", "、"]), min_size=1, max_size=14).map("".join))
def test_match_open_equals_the_depth_scan(text):
    for close, ch in enumerate(text):
        if ch in ")]":
            assert responsibility._match_open(text, close) == _match_open_plain(text, close)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["市", "局", "牵头", "牵", "头", "负责", "落实", "分工", "按职责分工负责", "共同",
                                 "配合", "\n", ",", "、"]), max_size=10).map("".join))
def test_trailing_sentence_keyword_test_equals_the_regex_form(sentence):
    fast = "牵头" in sentence or (sentence.endswith(responsibility._JOINT_ENDS)
                                 and bool(responsibility._JOINT_TAIL.search(sentence)))
    plain = bool(responsibility._LEAD_KW.search(sentence) or responsibility._JOINT_TAIL.search(sentence))
    assert fast == plain


# Jurisdiction: places looked for only when one of their forms' first characters occurs.
def _mentions_plain(text: str, P) -> list:
    norm = normalize(text)
    found = []
    for place in P.by_name.values():
        starts = [i for form in (place.name, place.short) if form and (i := norm.find(form)) >= 0]
        if starts:
            found.append((min(starts), place))
        elif len(place.stem) >= 2:
            i = norm.find(place.stem)
            if i >= 0 and place.level != "province":
                found.append((i, place))
    return sorted(found, key=lambda t: (t[0], t[1].name))


def _place_words() -> list[str]:
    P = places()
    words = ["关于", "印发", "优化营商环境", "行动方案", "市", "区", "县", "省", "人民政府", "办公室"]
    for place in list(P.by_name.values())[:40]:
        words += [w for w in (place.name, place.short, place.stem) if w]
    return words


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_place_mentions_equal_the_scan_of_every_place(data):
    text = "".join(data.draw(st.lists(st.sampled_from(_place_words()), max_size=6)))
    P = places()
    assert jurisdiction._mentions(text, P) == _mentions_plain(text, P)


# Platforms: the place-name scan's ending gate; the quoted-name reading cache.
@settings(max_examples=400, deadline=None)
@given(st.data())
def test_place_platform_scan_needs_a_platform_ending(data):
    stems = list(places().stems[:20]) or ["赣州"]
    words = stems + ["市", "国家", "全国", "政务", "服务", "信用信息", "平台", "系统", "信息系统", "服务网", "网",
                     "政府采购网", "APP", "互联网", "网上"]
    text = "".join(data.draw(st.lists(st.sampled_from(words), max_size=8)))
    if platforms._places_pattern().search(text):
        assert platforms._ends_like_place_platform(text)
    assert platforms._ends_like_place_platform(text) == bool(re.search("平台|系统|服务网|采购网|APP", text))


def test_quoted_readings_equal_a_fresh_reading():
    table = platforms.platform_table()
    for raw in ["赣服通", "一网通办", "景快办", "一窗式", "审管联动", "企业开办服务专区", "工改", "徽采云", "3+2+N"]:
        platforms._QUOTED_READINGS.clear()
        fresh = platforms._quoted_reading(raw, table)
        assert platforms._quoted_reading(raw, table) == fresh  # the cached answer
        key = platforms._norm(raw)
        excluded = key in table.generic or bool(platforms._SLOGAN.search(key)) or key in table.canonical
        assert fresh == (None if excluded else (key, bool(platforms._ENDS_AS_PLATFORM.search(key))))


# Records built without the frozen __init__'s per-field guard are the same records.
def test_record_builder_builds_equal_records():
    import dataclasses
    import pickle

    from dutygraph.extract.pipeline import _new_measure
    from dutygraph.loaders import _new_line
    from dutygraph.records import Deadline, Line, Measure, PlatformRef

    line = dict(number=3, text="（一）市局牵头", norm="(一)市局牵头", repairs=("redaction",), start=12)
    assert _new_line(**line) == Line(**line)
    assert _new_line(*line.values()) == Line(*line.values())
    assert hash(_new_line(**line)) == hash(Line(**line))
    values = {f.name: f"v{i}" for i, f in enumerate(dataclasses.fields(Measure))}
    values.update(line=7, lead=(), co=(), platforms=(PlatformRef("赣服通", "赣服通"),),
                  deadline=Deadline("2022年6月底前", "2022-06-30", "date"), span=(0, 9))
    built = _new_measure(**values)
    assert built == Measure(**values) and hash(built) == hash(Measure(**values))
    assert pickle.loads(pickle.dumps(built)) == built
    with __import__("pytest").raises(dataclasses.FrozenInstanceError):
        built.title = "x"  # still frozen
    with __import__("pytest").raises(TypeError):
        _new_line(1, "a", "a")  # every field is passed


def test_record_builder_leaves_classes_it_cannot_build():
    from dataclasses import dataclass, field

    from dutygraph.loaders.base import record_builder

    @dataclass(frozen=True, slots=True)
    class Checked:
        x: int

        def __post_init__(self):
            if self.x < 0:
                raise ValueError("negative")

    @dataclass(frozen=True, slots=True)
    class Derived:
        x: int
        y: int = field(init=False, default=0)

    assert record_builder(Checked) is Checked
    assert record_builder(Derived) is Derived


def test_an_outline_leaves_no_reference_cycles():
    """The outline tree's parent links are undone and the walk is no recursive closure: extracting a
    document leaves nothing for the cyclic garbage collector (it used to keep whole outlines)."""
    import gc

    from dutygraph.extract.pipeline import extract_document
    from dutygraph.loaders import load

    paths = sorted(_PLANS.glob("*.txt"))
    for p in paths:
        extract_document(load(p))
    gc.collect()
    flags = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for p in paths:
            extract_document(load(p))
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(flags)
        gc.garbage.clear()
    assert left == []


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["市", "区", "全", "中共", "委", "局", "分局", "人民政府", "政府", "部", "部门", "中心",
                                 "公司", "x", "\n", " "]), max_size=6).map("".join))
def test_unit_suffix_checks_equal_their_patterns(text):
    from dutygraph.extract import units

    assert units._has_unit_suffix(text) == bool(units._SUFFIX_RE.search(text))
    assert units._not_an_end(text) == bool(units._NOT_AN_END.match(text))


def test_unit_suffix_check_equals_its_pattern_for_every_suffix():
    # `_has_unit_suffix` compares only the suffixes ending in the text's last character: every suffix, its tails and
    # its last character alone, before a newline or not, after a unit or not, and a text ending in no suffix's
    # last character
    from dutygraph.extract import units

    texts = {"", "\n", "市", "x", "委\n\n", "局 "}
    for suffix in units.UNIT_SUFFIXES:
        for k in range(len(suffix)):
            for head in ("", "市", "区公安", "市公安局"):
                texts |= {head + suffix[k:], head + suffix[k:] + "\n", head + suffix[:k]}
    for text in sorted(texts):
        assert units._has_unit_suffix(text) == bool(units._SUFFIX_RE.search(text)), text


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["市公安局", "区市监局", "鸠江公安局", "、", ",", ";", "，", "；", "(", ")", "[", "]",
                                 "市", "区", "及", "和", "等单位", "等有关市直部门", "各县(市、区)人民政府", " ", "略"]),
                max_size=8).map("".join))
def test_unit_names_equal_the_span_slices(text):
    from dutygraph.extract import units

    assert units.unit_names_of_norm(text) == tuple(text[a:b] for a, b in units.unit_spans_of_norm(text))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["一", "二", "十", "百", "〇", "一二三四", "、", "、、", " ", "\u3000", "\t", "\n",
                                 "\x1c", "\u2028", "\xa0", "a", "。", "2"]), max_size=18).map("".join))
def test_two_inline_sections_equals_the_pattern_count(text):
    assert structure._two_inline_sections(text) == (len(structure._RE_INLINE_SECTION_FAST.findall(text)) >= 2)


_NOISE_TEXT = st.lists(st.sampled_from(["扫一扫", "打印", "关闭", "首页", " ", ">", "来源", ":", "：", ".", ".pdf", ".docx",
                                        ".doc", "x", "\n", "jpg", "。", "字体"]), max_size=8).map("".join)


@settings(max_examples=800, deadline=None)
@given(_NOISE_TEXT)
def test_noise_check_equals_the_one_pattern(text):
    plain = re.compile(
        r"(?:\.(?:docx?|pdf|wps|xlsx?|png|jpe?g)\s*$)|^(?:扫一扫|相关文档|当前位置|首页\s*>|来源\s*[:：]|"
        r"发布时间|信息来源|字体\s*[:：]|打印|关闭)"
    )
    assert structure._is_noise(text) == bool(plain.search(text))


_LEAD_TEXT = st.lists(st.sampled_from(["分", "别", "共", "同", "联", "合", "牵", "头", "负责", "抓总", "分别牵头", "牵头",
                                       "、", "x"]), max_size=10).map("".join)


@settings(max_examples=800, deadline=None)
@given(_LEAD_TEXT, st.integers(0, 12), st.integers(0, 12))
def test_lead_keyword_pattern_equals_the_optional_group_form(text, pos, endpos):
    from dutygraph.extract import responsibility

    plain = re.compile(r"(?:分别|共同|联合)?牵头(?:负责|抓总)?")
    fast = responsibility._LEAD_KW
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    got, want = fast.search(text, pos, endpos), plain.search(text, pos, endpos)
    assert (got and got.span()) == (want and want.span())


_HEADING_TEXT = st.lists(st.sampled_from(["。", " ", "\u3000", "\t", "一是", "二", "是", ":", "：", "x", "推进", "\n"]),
                         max_size=10).map("".join)


@settings(max_examples=800, deadline=None)
@given(_HEADING_TEXT)
def test_heading_cut_equals_the_split(text):
    cut = structure._RX7_STARTS.search(text)
    assert (text[: cut.start()] if cut is not None else text) == structure._RX7.split(text, maxsplit=1)[0]


_STEMS = st.lists(st.tuples(st.text(alphabet="青羊江区", min_size=0, max_size=3), st.just("p"), st.just("city")), max_size=6)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="青羊江区税务局", max_size=6), _STEMS)
def test_first_stem_equals_the_loop_it_replaced(bare, stems):
    # the place-named unit rule reads only the first stem that begins the name (resolve.pxd types it)
    from dutygraph.extract import resolve

    plain = next((s for s in stems if bare.startswith(s[0]) and len(bare) > len(s[0])), None)
    assert resolve._first_stem(bare, stems) == plain


# jurisdiction's `_lead_place`: `_LEAD_PLACE.match(s).group("place")` by position.
_LEAD_PIECES = st.sampled_from([
    "关于", "印发", "关于印发", "《", "“", '"', "芜湖", "弋江", "自治区", "省", "市", "区", "县", "旗", "场", "民", "级", "直",
    "属", "委", "方案", "a", " ", "1", "广西壮族", "的通知", "\n",
])


@settings(max_examples=4000, deadline=None)
@given(st.lists(_LEAD_PIECES, max_size=7).map("".join))
def test_lead_place_is_the_pattern(s):
    m = jurisdiction._LEAD_PLACE.match(s)
    assert jurisdiction._lead_place(s) == (None if m is None else m.group("place"))

