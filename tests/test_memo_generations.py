"""scan27: the lru_caches of reference.norm (short strings), deadlines' `_parse_deadline` and pipeline's
`_section_of` are two generations of plain dicts; rosters' `_indicator` a plain dict cleared when full;
indicators' `indicator_table()` kept for $DUTYGRAPH_DATA as last read, and `find_indicator` skips its
bracket loop where no bracket is printed. Pinned to the forms they replace:

- each memo gives what its function computes (hypothesis inputs, real sample lines, edge cases);
- over any sequence of keys, with a small bound and a function that makes a new object per call, wherever
  `functools.lru_cache` of that bound would give the object it gave for the key before (a hit), the memo
  does too: a record holds the same object as before (pickle writes a shared one once), and both
  generations stay within the bound;
- `indicator_table()` is `_table(data_file("indicators.toml"))` as the variable is set, changed, removed;
- `find_indicator` is its old form (the bracket loop always run) over headings with and without brackets.
These run both ways (compiled and as Python)."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import deadlines, indicators, pipeline, reference, rosters
from dutygraph.extract.structure import outline
from dutygraph.loaders import load
from dutygraph.loaders.normalize import normalize
from dutygraph.paths import sample_plans_dir

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(sample_plans_dir().glob("*"))


def _sample_lines() -> list[str]:
    out: list[str] = []
    for path in SAMPLES:
        out += [line.text for line in load(str(path)).lines]
    return out


LINES = _sample_lines()


# ---------------------------------------------------------------- the answers


def test_norm_is_normalize_on_the_sample_lines():
    assert len(LINES) > 500
    for _ in range(2):  # computed, then from the memo
        for line in LINES + ["", " ", "Ａ", "（一）", "x" * 200, "x" * 201, "開辦企業" * 60]:
            assert reference.norm(line) == normalize(line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("開辦企業开办（）【】〔〕 \u3000ＡＢ１２abc12年月日,，")), max_size=260))
def test_norm_is_normalize(text):
    assert reference.norm(text) == normalize(text)
    assert reference.norm(text) == normalize(text)


# reference's `normalize` (norm's computing function: a text the loaders' one-pass scan finds nothing in is
# answered without the loaders' passes) against the loaders' own: the same string, and a new one exactly where
# that gives a new one (which object a record holds shows in its pickle). The characters: ones the scan passes
# over (ASCII, CJK, plain punctuation), NFKC's ones, the fold's, the t2s gate's (converting or not), a break,
# one above U+FFFF, one neither vouches for.
_SCAN_POOL = ["开办", "企业", "市", "局", "abc", "12", " ", "、", "。", "《", "》", "“", "”", "—", "·", "（", "）", "，",
              "：", "；", "\xa0", "\u2002", "\u3000", "〔", "〕", "【", "】", "﹝", "﹞", "開辦", "乾", "乾隆", "覆", "\n",
              "\U0001f600", "①", "ｶ", "e\u0301", "\u4e00", "\u9fff", ""]


def _same_normal_form(text: str) -> None:
    got, want = reference.normalize(text), normalize(text)
    assert got == want, text
    assert (got is text) == (want is text), text


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_SCAN_POOL), max_size=12).map("".join))
def test_reference_normalize_is_the_loaders(text):
    _same_normal_form(text)


def test_reference_normalize_is_the_loaders_on_the_sample_lines():
    for line in LINES + ["", " ", "Ａ", "（一）", "x" * 201, "開辦企業" * 60, "市发改委、区财政局"]:
        _same_normal_form(line)
        _same_normal_form(line[:12])
        _same_normal_form(line[-9:])


_DEADLINE_RAWS = ["", " ", "2022年5月底前", "2022630日", "长期坚持", "持续推进。", "年底前", "按要求完成",
                  "2023年第三季度", "每年4月至5月", "常态化", "2022年12月31日前", "長期堅持"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("20123456789年月日底前季度第三长期坚持续推进常态化。 ")), max_size=16),
       st.sampled_from([None, 2021, 2023]))
def test_parse_deadline_is_its_computation(raw, year):
    for _ in range(2):
        assert deadlines.parse_deadline(raw, year=year) == deadlines._parse_deadline_of(raw, year)


def test_parse_deadline_on_known_limits():
    for raw in _DEADLINE_RAWS:
        for year in (None, 2021, 2022):
            want = deadlines._parse_deadline_of(raw, year)
            assert deadlines.parse_deadline(raw, year=year) == want
            assert deadlines.parse_deadline(raw, year=year) == want


def _titles() -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [(), ("",)]
    for path in SAMPLES:
        for po in outline(load(str(path))):
            out += [tuple(item.section_titles) for item in po.items]
    return out


def test_section_of_is_its_computation():
    titles = _titles()
    assert len(titles) > 300
    for _ in range(2):
        for t in titles:
            assert pipeline._section_of(t) == pipeline._section_of_titles(t)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("一、开办企业指标获得信贷()局 ")), max_size=10), max_size=4))
def test_section_of_on_any_titles(titles):
    t = tuple(titles)
    assert pipeline._section_of(t) == pipeline._section_of_titles(t)


def _old_find_indicator(text: str) -> str | None:
    """indicators.find_indicator as it was (the bracket loop always run)."""
    if not text:
        return None
    norm = reference.norm(text)
    prev = None
    while prev != norm:
        prev, norm = norm, indicators._BRACKETED.sub(" ", norm)
    table = indicators._table(reference.data_file("indicators.toml"))
    best = None
    for m in table.pattern.finditer(norm):
        after = norm[m.end() : m.end() + 4]
        if indicators._NOT_AFTER.match(after):
            continue
        prio = 0 if after.startswith("指标") else 1
        cand = (prio, m.start(), table.canonical[m.group(0)])
        if best is None or cand < best:
            best = cand
    return best[2] if best else None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("开办企业指标获得信贷用水用气()[]（）【】〔〕局部门市场监管知识产权 ")),
               max_size=24))
def test_find_indicator_is_its_old_form(text):
    assert indicators.find_indicator(text) == _old_find_indicator(text)
    assert rosters._indicator(text) == _old_find_indicator(text)


def _indicator_pieces() -> list[str]:
    """The variants, their beginnings, and what `_NOT_AFTER` reads or 指标 (texts where matches meet)."""
    variants = list(indicators.indicator_table().canonical)
    return (variants + [v[:k] for v in variants for k in range(1, len(v))]
            + ["指标", "指", "局", "部门", "总局", "分局", "执法", "领域有关", "领域", "所", "科", "(", " ", "1"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_indicator_pieces()), max_size=8).map("".join))
def test_find_indicator_by_position_is_its_old_form(text):
    """Compiled, `_first_indicator` reads the variants by position where the pattern's finditer did: on texts
    of variants, their beginnings and what may follow them, the same answer (as Python, the finditer itself)."""
    assert indicators.find_indicator(text) == _old_find_indicator(text)


def test_find_indicator_on_the_sample_lines_and_task_forces():
    names = ["开办企业指标工作专班", "十八、包容普惠创新指标工作专班", "(市场监管局)开办企业指标", "[开办企业]",
             "开办(企业)", "((开办企业))指标", "", "指标"]
    found = 0
    for line in LINES[:3000] + names:
        want = _old_find_indicator(line)
        assert indicators.find_indicator(line) == want
        assert rosters._indicator(line) == want
        found += want is not None
    assert found > 20


def test_rosters_memo_is_emptied_when_full(monkeypatch):
    monkeypatch.setattr(rosters, "_INDICATORS_MAX", 3)
    rosters._INDICATORS.clear()
    heads = [line for line in LINES if line.strip()][:40]
    for h in heads:
        assert rosters._indicator(h) == indicators.find_indicator(h)
        assert 1 <= len(rosters._INDICATORS) <= 3 and rosters._INDICATORS[h] == indicators.find_indicator(h)
    rosters._INDICATORS.clear()


def test_indicator_table_follows_dutygraph_data(tmp_path, monkeypatch):
    monkeypatch.delenv("DUTYGRAPH_DATA", raising=False)
    before = indicators.indicator_table()
    assert before is indicators._table(reference.data_file("indicators.toml"))
    (tmp_path / "indicators.toml").write_text('[[indicator]]\nname = "测试指标"\n', encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(ROOT / "data" / "indicators.toml", other / "indicators.toml")
    for folder in (tmp_path, other, tmp_path):
        monkeypatch.setenv("DUTYGRAPH_DATA", str(folder))
        got = indicators.indicator_table()
        assert got is indicators._table(str(folder / "indicators.toml"))
        assert indicators.indicator_table() is got
        assert (set(got.canonical) == {"测试指标"}) == (folder == tmp_path)
    monkeypatch.setenv("DUTYGRAPH_DATA", "")
    assert indicators.indicator_table() is before
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert indicators.indicator_table() is before


# ---------------------------------------------------------------- the objects: as the lru_cache gave them

# (module, bound's name, generations' name, computing function's name, how the memo is asked)
MEMOS = [
    (reference, "_NORM_MAX", "_NORM_GENS", "normalize", lambda k: reference.norm(k)),
    (deadlines, "_PARSED_MAX", "_PARSED_GENS", "_parse_deadline_of", lambda k: deadlines._parse_deadline(k, 2022)),
    (pipeline, "_SECTIONS_MAX", "_SECTIONS_GENS", "_section_of_titles", lambda k: pipeline._section_of((k,))),
]


@pytest.mark.parametrize("bound", [1, 2, 3, 5])
@pytest.mark.parametrize("memo", MEMOS, ids=["norm", "parse_deadline", "section_of"])
@settings(max_examples=150, deadline=None)
@given(keys=st.lists(st.sampled_from(["甲乙", "丙丁", "戊己", "庚辛", "壬癸", "子丑", "寅卯"]), max_size=60))
def test_the_memo_keeps_each_object_the_lru_cache_kept(memo, bound, keys):
    module, bound_name, gens_name, fn_name, ask = memo
    made: list[object] = []

    def fresh(*args):  # a new object per call, never None
        made.append(object())
        return ["answer", args, made[-1]]

    saved = (getattr(module, bound_name), getattr(module, gens_name)[:], getattr(module, fn_name))
    lru = functools.lru_cache(maxsize=bound)(lambda k: ["lru", k, object()])
    try:
        setattr(module, bound_name, bound)
        getattr(module, gens_name)[:] = [{}, {}]
        setattr(module, fn_name, fresh)
        last: dict[str, object] = {}
        last_lru: dict[str, object] = {}
        for k in keys:
            got = ask(k)
            want = lru(k)
            assert got[0] == "answer" and got[2] in made
            if last_lru.get(k) is want:  # the lru_cache gave its object again: so does the memo
                assert last[k] is got
            last[k], last_lru[k] = got, want
            gens = getattr(module, gens_name)
            assert len(gens[0]) <= bound and len(gens[1]) <= bound
    finally:
        setattr(module, bound_name, saved[0])
        getattr(module, gens_name)[:] = saved[1]
        setattr(module, fn_name, saved[2])


def test_no_lru_cache_is_left_on_these_paths():
    # (the long strings' cache of reference.norm, sixteen of them, stays an lru_cache)
    for module, names in ((reference, ("norm",)), (deadlines, ("_parse_deadline", "parse_deadline")),
                          (pipeline, ("_section_of", "find_indicator")), (rosters, ("_indicator",))):
        for name in names:
            assert not hasattr(getattr(module, name), "cache_info"), (module.__name__, name)
