"""platforms' loops over a string's buffer (compiled only, platforms.pxd) against the forms they replace.

Compiled, `_listed_scan` finds the characters that open a listed word and the place endings with
`_next_mark_c` (and `_ends_in_c` inside a listed word), and `_quoted_spans` reads each quoted name with
`_quoted_close_c` and `_quoted_end_c`: C loops over the string's buffer at its width (one, two or four bytes
a character). Switching `platforms._NATIVE` off runs the Python forms of the same functions (`_next_open`,
`_ends_like_place_platform`, `_quoted_close`, `_quoted_end`), compiled or not;
each is pinned here to the other and to the regex forms on the sample plans' lines, synthetic lines and
hypothesis strings of every width (Latin-1 only, CJK, and with a character above U+FFFF). As Python
`_NATIVE` is False and the C forms do not exist: the tests then pin the Python forms alone.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import platforms
from tests.test_scan_loops import _lines

_ENDS = re.compile("平台|系统|服务网|采购网|APP")


@contextmanager
def _python_forms():
    saved = platforms._NATIVE
    platforms._NATIVE = False
    try:
        yield
    finally:
        platforms._NATIVE = saved


def _both(fn, *args):
    """`fn(*args)` with the module's own forms (C when compiled), then with the Python forms."""
    got = fn(*args)
    with _python_forms():
        plain = fn(*args)
    return got, plain


def _listed_plain(s: str) -> list[tuple[int, int]]:
    return [m.span() for m in platforms.platform_table().pattern.finditer(s)]


def _quoted_plain(s: str) -> list[tuple[int, int, int, int]]:
    return [(m.start(), *m.span("name"), m.end()) for m in platforms._QUOTED.finditer(s)]


def _place_spans(s: str, native: bool) -> list:
    """meas28: `_place_matches` (compiled with `_NATIVE`: its next candidate by `_next_place_c`) as spans and
    texts."""
    _, pattern, first, leads = platforms._place_scan()
    if native:
        found = platforms._place_matches(s, pattern, first, leads)
    else:
        with _python_forms():
            found = platforms._place_matches(s, pattern, first, leads)
    return [(m.span(), m.group(0), m.group("core")) for m in found]


def _check(s: str) -> None:
    table = platforms.platform_table()
    got, plain = _both(platforms._listed_scan, s, table)
    assert got == plain == (_listed_plain(s), bool(_ENDS.search(s))), s
    got, plain = _both(platforms._quoted_spans, s)
    assert got == plain == _quoted_plain(s), s
    want = [(m.span(), m.group(0), m.group("core")) for m in platforms._places_pattern().finditer(s)]
    assert _place_spans(s, True) == _place_spans(s, False) == want, s


def test_the_flag_follows_the_compiled_module():
    assert platforms._NATIVE == platforms._COMPILED


def test_buffer_scans_on_sample_and_synthetic_lines():
    listed = quoted = 0
    for s in _lines():
        _check(s)
        listed += bool(_listed_plain(s))
        quoted += bool(_quoted_plain(s))
    assert listed > 200 and quoted > 100


def test_buffer_scans_at_the_edges():
    table = platforms.platform_table()
    words = sorted(table.canonical)[:40]
    for s in ["国家政务服务平台", "赣州市公共信用信息平台赣州市公共信用信息平台", "全国一体化在线政务服务平台", "国家国家数据平台",
              "\U0001F600国家政务服务平台", "国家\U0001F600政务服务平台", "é全国é平台", "全国公共资源交易平台APP",
              "", "“", "”", "““", "“”", "“ab”", "“ab”平台", "“ab”x平台", "平", "台", "平台", "AP", "APP", "PP", "务网",
              "服务网", "采购网", "购网", "a平台", "\U0001F600平台", "\U0001F600“赣服通”APP", "“赣服通”\U0001F600平台",
              "é“ab”App", "“" + "a" * 20 + "”平台", "“" + "a" * 21 + "”平台", "“ab”一二三四五六平台", "“ab”一二三四五六七平台",
              "“ab”小程序", "“ab”小程", "12345", "123456", "\u0663" + "12345", *words, *(w + "\U0001F600" for w in words),
              *("\U0001F600" + w for w in words), *(w[:-1] for w in words)]:
        _check(s)


_PIECES = st.sampled_from([
    "“", "”", "\"", "赣服通", "赣服", "一网通办", "12345", "12366", "1", "\u0663", "平", "台", "平台", "系", "统", "系统", "服",
    "务", "服务网", "采", "购", "网", "采购网", "A", "P", "AP", "APP", "App", "app", "热线", "小程序", "公众号", "分厅", "门户网站",
    "客户端", "惠企", "政策", ",", "，", "。", ";", "；", ":", "：", " ", "\u3000", "a", "é", "\U0001F600", "\0", "赣州",
    "国家", "全国", "市", "省", "公共信用信息", "政务服务", "信息系统", "管理系统", "政府采购网", "+",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_buffer_scans_equal_the_python_and_regex_forms(s):
    _check(s)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["A", "P", "a", "1", " ", "\"", ",", ";", ":", "é", "\xa0"]), max_size=20).map("".join))
def test_buffer_scans_on_latin1_strings(s):
    _check(s)
    _check("“" + s + "”平台")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_buffer_scans_on_any_text(s):
    _check(s)


def test_pairs_hold_every_variants_first_two_characters():
    table = platforms.platform_table()
    assert len(table.pairs) == 0x2000
    for words in table.by_first:
        for w in words:
            k = platforms._pair_bit(w[0], w[1])
            assert table.pairs[k >> 3] & (1 << (k & 7)), w
    assert sum(bin(b).count("1") for b in table.pairs) <= len(table.canonical)
    assert platforms._pairs((("赣服通", "赣"),)) == b""  # a one-character word: no pair filter


def test_a_table_with_a_one_character_name_scans_alike(tmp_path, monkeypatch):
    import shutil

    from tests.test_scan_loops import ROOT

    for name in ("jurisdictions.toml", "agencies.toml"):
        if (ROOT / "data" / name).exists():
            shutil.copy(ROOT / "data" / name, tmp_path / name)
    listed = '[[platform]]\nname = "通"\n\n[[platform]]\nname = "赣服通"\n'
    (tmp_path / "platforms.toml").write_text(listed, encoding="utf-8")
    monkeypatch.setenv("DUTYGRAPH_DATA", str(tmp_path))
    table = platforms.platform_table()
    assert set(table.canonical) == {"通", "赣服通"} and table.pairs == b""
    for s in ["通", "a通", "赣服通", "赣服", "通赣服通通", "“通”平台", "", "x"]:
        _check(s)
    monkeypatch.delenv("DUTYGRAPH_DATA")
    assert len(platforms.platform_table().pairs) == 0x2000


def test_open_marks_hold_every_opening_character_and_the_endings_last_ones():
    # msr37: `_next_mark_c` reads a character's bits in `_open_marks` (1: it opens a listed word, 2: it ends one of
    # the endings a place-prefixed name needs); above U+FFFF it reads `first` instead
    table = platforms.platform_table()
    marks = platforms._open_marks(table.by_first)
    assert len(marks) == 0x10000
    opening = {ord(w[0]) for words in table.by_first for w in words}
    assert {i for i in range(0x10000) if marks[i] & 1} == opening
    assert {i for i in range(0x10000) if marks[i] & 2} == {ord(c) for c in "台统网P"}
    assert {w[-1] for w in ("平台", "系统", "服务网", "采购网", "APP")} == set(platforms._ENDING_LAST)
    # the quoted names' platform words by their first characters (`_quoted_end_c`)
    word_marks = platforms._PLATFORM_WORD_MARKS
    assert len(word_marks) == 0x10000 and set(word_marks) == {0, 1}
    assert {i for i in range(0x10000) if word_marks[i]} == {ord(w[0]) for w in platforms._PLATFORM_WORDS}
    assert platforms._char_marks("丿\x7f一@") == bytes(1 if i in (0x4E3F, 0x7F, 0x4E00, 0x40) else 0 for i in range(0x10000))
    # a made table: 丿 (U+4E3F), \x7f, 一, @ open words; one opening above U+FFFF has no byte (`first` decides)
    words = ["丿通", "\x7f12", "一网通", "@a", "\U0001F600通", "丿平台通", "@平"]
    first, by_first = platforms._first_index(words)
    marks = platforms._open_marks(by_first)
    assert {i for i in range(0x10000) if marks[i] & 1} == {0x4E3F, 0x7F, 0x4E00, 0x40}
    guarded = tuple(tuple(map(platforms._digit_guarded, g)) for g in by_first)
    made = platforms.PlatformTable({w: w for w in words}, platforms.longest_word_pattern(words), frozenset(),
                                   first, by_first, guarded, platforms._group_heads(by_first))
    for s in ["丿通", "a丿通b", "\x7f12", "“丿通”一网通@a", "一网通丿通\x7f12@a", "丿", "", "\U0001F600丿通",
              "\U0001F600通平台", "a\U0001F600通", "丿通平台", "丿通平\U0001F600台", "丿平台通", "x丿平台通", "@平台",
              "@平", "@平台丿平台通"]:  # (an ending inside a listed word, or across its end)
        got, plain = _both(platforms._listed_scan, s, made)
        assert got == plain, s
        assert got[0] == [m.span() for m in made.pattern.finditer(s)], s
