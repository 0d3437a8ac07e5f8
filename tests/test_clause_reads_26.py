"""The clause reads of round 26 (responsibility.py) against the forms they replaced, at their edges:
- `_lead_split`'s 分别/共同/联合 before and 负责/抓总 after 牵头 read by two characters (no slice), against the
  first top-level `_LEAD_KW` match, with the keyword at the text's ends and right after a bracketed match;
- `_heading_bracket`'s title end (`stop`) by three bounded searches, against the `min([...], default=60)`
  form (`test_responsibility_tails._heading_bracket_searched`), with 。 / : / ： around the 60th character;
- `_agencies_path` reading os.environ's mapping in place (the same object as last read: no compare):
  `data_file("agencies.toml")` for every value of $DUTYGRAPH_DATA, an equal value set again included."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import responsibility as R
from dutygraph.extract.reference import data_file
from dutygraph.extract.reference import norm as normalize
from test_responsibility_tails import _heading_bracket_searched


def _lead_split_regex(norm: str) -> tuple[int, int] | None:
    m = R._top_split(norm, R._LEAD_KW)
    return None if m is None else (m.start(), m.end())


_BEFORE = ["", "分别", "共同", "联合", "分同", "共别", "联同", "分合", "别分", "分", "别", "合", "x", "(", ")"]
_AFTER = ["", "负责", "抓总", "负总", "抓责", "负", "抓", "责", "总", "y", "(", ")"]


def test_lead_split_at_every_edge():
    for before, after in itertools.product(_BEFORE, _AFTER):
        for text in (f"{before}牵头{after}", f"区政数局{before}牵头{after}", f"{before}牵头{after}市财政局配合",
                     # a match inside brackets first: the next 牵头 right at its end (no prefix read back past it)
                     f"(牵头负责){before}牵头{after}", f"(牵头){before}牵头{after}", f"(分别牵头{after}){before}牵头{after}",
                     f"牵头{before}牵头{after}", f"[牵头抓总]{before}牵头{after})"):
            assert R._lead_split(text) == _lead_split_regex(text), text


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_BEFORE + _AFTER + ["牵头", "牵", "头", "[", "]", "、", "市发改委"]), max_size=14).map("".join))
def test_lead_split_against_the_regex(norm):
    assert R._lead_split(norm) == _lead_split_regex(norm), norm


def test_heading_bracket_stop_around_the_60th_character():
    clauses = ("(区政数局牵头)", "(责任单位:区政数局)", "[区政数局负责]")
    for stop_at, width, sep, clause in itertools.product([0, 1, 2, *range(50, 66)], (0, 3, 8), ("。", ":", "：", ""),
                                                         clauses):
        for text in (
            "x" * width + clause + "y" * (stop_at - width) + sep + "一是",
            "x" * stop_at + sep + "y" * 3 + clause + ":一是",
            "x" * stop_at + sep + clause + "：一是",  # (the clause right after the title's end)
            "x" * stop_at + ":" + sep + clause + "。一是",
            "x" * stop_at + "：" + sep + clause + ":一是",
            "x" * stop_at + "。" + sep + clause + ":一是",
            "1." + "x" * width + clause + sep + "z" * (stop_at - width) + "。" + ":" + "：",
            "x" * stop_at + "。" + "y" + ":" + "：" + clause,
            "x" * max(stop_at - 5, 0) + "：" + "x" * 3 + ":" + clause + "。",
        ):
            for norm in (normalize(text), text):
                assert R._heading_bracket(text, norm) == _heading_bracket_searched(text, norm), (text, norm)


def test_heading_bracket_finds_its_clause_before_each_separator():
    # (each of the three ends the title: the clause after it is not read)
    for sep in ("。", ":", "："):
        text = "1.政务服务指标(区政数局牵头)" + sep + "二是(市财政局牵头)"
        got = R._heading_bracket(text, text)
        assert got is not None and got.lead == ("区政数局",), sep
        text = "1.政务服务指标" + sep + "二是(市财政局牵头)"
        assert R._heading_bracket(text, text) is None, sep


def test_agencies_path_for_every_value_read(tmp_path, monkeypatch):
    before = R._agencies_path()
    assert before == data_file("agencies.toml")
    for value in (str(tmp_path), str(tmp_path / "a"), str(tmp_path / "a")):  # (the last: an equal value set again)
        monkeypatch.setenv("DUTYGRAPH_DATA", value)
        assert R._agencies_path() == data_file("agencies.toml") == value + "/agencies.toml"
        assert R._agencies_path() == value + "/agencies.toml"  # (read again: the same object, kept)
    monkeypatch.setenv("DUTYGRAPH_DATA", "".join([str(tmp_path), "/a"]))  # equal, another object
    assert R._agencies_path() == str(tmp_path / "a" / "agencies.toml")
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert R._agencies_path() == before == data_file("agencies.toml")
    monkeypatch.setenv("DUTYGRAPH_DATA", str(tmp_path))
    assert R._agencies_path() == str(tmp_path / "agencies.toml")
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert R._agencies_path() == before


def _trailing_bracket_in(text: str, norm: str, end: int):
    """`_trailing_bracket` as it was: its last character asked `in _CLOSE`."""
    if end == 0:
        return None
    if norm[end - 1] in R._CLOSE:
        start = R._match_open(norm, end - 1)
        if start is None:
            return R._lost_open(text, norm, end)
        aliased = R._alias_lost_close(text, norm, start, end)
        if aliased is not None:
            return aliased
        return R._result(text, norm, start, end, (start + 1, end - 1))
    if (norm.find("(", 0, end) < 0 and norm.find("[", 0, end) < 0) or R._open_excess(norm, end) <= 0:
        return None
    opened = R._unclosed_open(norm[:end])
    if opened is not None:
        return R._result(text, norm, opened, end, (opened + 1, end), cut=True)
    return None


_TAIL_PARTS = ["区政数局", "牵头", "负责", "(", ")", "[", "]", "【", "】", "（", "）", "〔", "〕", "责任单位:", "、", "市财政局", "。",
               ";", "x", "\u3000"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_TAIL_PARTS), max_size=10).map("".join))
def test_trailing_bracket_against_its_in_form(text):
    for norm in (normalize(text), text):
        for end in range(len(norm) + 1):
            assert R._trailing_bracket(text, norm, end) == _trailing_bracket_in(text, norm, end), (text, end)


def test_trailing_bracket_on_the_samples():
    from extractor_samples import FILES, lines

    for key in FILES:
        for text in lines(key):
            norm = normalize(text)
            end = R._punct_end(norm)
            assert R._trailing_bracket(text, norm, end) == _trailing_bracket_in(text, norm, end), text


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["市发改委", "区财政局", "牵头", "负责", "配合", "分别牵头", "x", *R._TAIL_PUNCT]), max_size=9)
       .map("".join))
def test_parse_plain_skips_every_punctuation_after_the_lead(text):
    # (_parse_plain's skip of _TAIL_PUNCT after the lead keyword, read as compares, against the `in` form)
    from test_responsibility_tails import _parse_plain_searched

    for t in (text, text + "\n"):
        norm = normalize(t)
        for cut in (False, True):
            assert R._parse_plain(t, norm, cut=cut) == _parse_plain_searched(t, norm, cut=cut), (t, cut)
    for punct in R._TAIL_PUNCT:  # each character alone between the lead and the co-units
        t = "市发改委牵头" + punct + "区财政局配合"
        assert R._parse_plain(t, t, cut=False) == _parse_plain_searched(t, t, cut=False) == (["市发改委"], ["区财政局"], None)
        for t in ("市发改委牵头" + punct, "市发改委牵头" + punct * 2, "市发改委牵头" + punct + "x"):  # (read as its own norm)
            for cut in (False, True):
                assert R._parse_plain(t, t, cut=cut) == _parse_plain_searched(t, t, cut=cut), (t, cut)


def test_label_kinds_are_the_label_sets():
    # (_parse_labeled reads a label's kind from _LABEL_KINDS where it asked the sets in this order)
    for w in R._LABEL_WORDS | {"x", ""}:
        want = 3 if w in R._TIME_LABELS else 1 if w in R._LEAD_LABELS else 2 if w in R._RESP_LABELS else 0
        assert R._LABEL_KINDS.get(w, 0) == want, w
    assert not (R._LEAD_LABELS & R._RESP_LABELS or R._LEAD_LABELS & R._CO_LABELS or R._RESP_LABELS & R._CO_LABELS
                or R._TIME_LABELS & (R._LEAD_LABELS | R._RESP_LABELS | R._CO_LABELS))


def _parse_labeled_sets(text: str, norm: str):
    """`_parse_labeled` as it was: each label asked of the sets."""
    if ":" not in norm and "：" not in norm:
        return None
    labels = R._label_spans(norm)
    if not labels:
        return None
    lead, resp, co, deadline = [], [], [], None
    for k in range(len(labels)):
        _, a, label = labels[k]
        b = labels[k + 1][0] if k + 1 < len(labels) else len(norm)
        if label in R._TIME_LABELS:
            deadline = text[a:b].strip(R._TIME_STRIP) or deadline
            continue
        units = R._mentions(text, norm, a, b)
        if label in R._LEAD_LABELS:
            lead += units
        elif label in R._RESP_LABELS:
            resp += units
        else:
            co += units
    if lead:
        co = resp + co
    else:
        lead = resp
    if not lead and not co:
        return R._LABELS_ONLY
    return lead, co, deadline


_LABELED_PARTS = [*sorted(R._LABEL_WORDS), ":", "：", " ", ";", "、", "市发改委", "区财政局", "各县(市、区)人民政府", "2023年底", "x"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_LABELED_PARTS), max_size=10).map("".join))
def test_parse_labeled_against_the_sets(text):
    for norm in (normalize(text), text):
        got = R._parse_labeled(text, norm)
        assert got == _parse_labeled_sets(text, norm), text
        assert (got is R._LABELS_ONLY) == (_parse_labeled_sets(text, norm) is R._LABELS_ONLY)


def test_parse_labeled_on_every_label():
    for w in sorted(R._LABEL_WORDS):
        for text in (f"{w}:市发改委", f"{w}:市发改委;配合单位:区财政局", f"牵头单位:市发改委;{w}:区财政局;完成时限:年底",
                     f"{w}：2023年底"):
            assert R._parse_labeled(text, text) == _parse_labeled_sets(text, text), text
