from dutygraph.loaders.normalize import normalize


def test_normalize_is_aligned_and_simplifies():
    # 赣州 file, line 99: traditional text with a bracketed collective unit
    s = "各縣〔市、區〕人民政府"
    n = normalize(s)
    assert n == "各县(市、区)人民政府"
    assert len(n) == len(s)


def test_normalize_folds_fullwidth():
    assert normalize("（一）優化開辦企業環節；") == "(一)优化开办企业环节;"


def test_fold_maps_every_bracket_variant_and_keeps_other_text():
    from dutygraph.loaders.normalize import _EXTRA, _fold

    s = "〔2022〕5号【注】\u3000﹝市﹞" * 2
    assert _fold(s) == s.translate(_EXTRA) == "(2022)5号[注] (市)" * 2
    plain = "市发改委牵头(完成时限:2022年)"
    assert _fold(plain) is plain


# ---------------------------------------------------------------- the gate before OpenCC (t2s_gate.py)

import random  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import opencc  # noqa: E402
import pytest  # noqa: E402

from dutygraph.loaders import _t2s_data  # noqa: E402
from dutygraph.loaders.normalize import _T2S, _T2S_ANCHORS, normalize_lines, t2s_aligned, t2s_changes  # noqa: E402


def test_t2s_data_is_the_one_derived_from_the_installed_dictionaries():
    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    if not tool.exists() or opencc.__version__ != _t2s_data.OPENCC_VERSION:
        pytest.skip("not the OpenCC build the data was read from")
    from dutygraph.loaders.t2s_gate import derive

    chars, phrases = derive()
    assert chars == "".join(_t2s_data.CHARS)
    assert phrases == tuple(_t2s_data.PHRASES)
    assert "個" in chars and "反覆" in phrases and "覆" in _T2S_ANCHORS


def test_every_character_t2s_changes_is_listed():
    # each code point alone (no phrase spans a line break): the listed ones aside, t2s keeps them all
    listed = set(_t2s_data.CHARS)
    rest = "\n".join(chr(c) for c in range(1, 0x110000)
                     if chr(c) not in listed and c != 10 and not 0xD800 <= c <= 0xDFFF)
    assert _T2S.convert(rest) == rest
    assert all(_T2S.convert(c) != c and t2s_changes(c) for c in _t2s_data.CHARS)


def test_the_gate_lets_through_only_what_t2s_keeps():
    # the listed phrases, alone and inside text (an anchor character elsewhere first), are changed
    for phrase in _t2s_data.PHRASES:
        for s in (phrase, f"全覆盖,破坏{phrase}。", f"沈阳市{phrase}"):
            assert _T2S.convert(s) != s and t2s_changes(s), s
    # random text over the characters that matter: whenever the gate lets a text by, t2s keeps it
    pool = sorted(set("".join(_t2s_data.PHRASES)) | set(_T2S_ANCHORS) | set(_t2s_data.CHARS[:300])
                  | set("市区县人民政府发展改革委员会牵头配合负责全面盖坏"))
    rnd = random.Random(6)
    passed = 0
    for _ in range(20000):
        s = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 10)))
        if not t2s_changes(s):
            passed += 1
            assert _T2S.convert(s) == s, s
    assert passed > 1000
    # what normalisation gives is unchanged: simplified text is kept, traditional text converted
    assert t2s_aligned("市发展改革委牵头,全覆盖") == "市发展改革委牵头,全覆盖"
    assert t2s_aligned("反覆研究,市發改委牽頭") == _T2S.convert("反覆研究,市發改委牽頭")
    assert normalize_lines(["沈阳市", "深沈", "（一）"]) == ["沈阳市", _T2S.convert("深沈"), "(一)"]
    assert t2s_changes("古文\U00020000") and t2s_changes("\ud800")  # not vouched for: converted


def test_nfkc_by_lines_and_by_replacing_first_gives_unicodedatas_nfkc():
    # normalising line by line, and replacing the common full-width characters first, give exactly
    # unicodedata's NFKC of the whole text, whatever surrounds them (combining marks, Hangul jamo,
    # characters that decompose to several)
    import unicodedata

    from dutygraph.loaders.normalize import _NFKC_FIRST, _nfkc, nfkc_aligned

    assert all(len(b) == 1 and a != b for a, b in _NFKC_FIRST)
    pool = [a for a, _ in _NFKC_FIRST] + [
        "\n", "\r", "a", "e", "\u0301", "\u0327", "\u0308", "\u0345", "\u1100", "\u1161", "\u11a8", "\uac00",
        "１", "ﬁ", "㈠", "①", "中", "國", "\u0f73", "\u0f71", "\u0f72", "\u05b7", "\u0591", "ｶ", "ﾞ", "\u3099",
        "か", "\u0300", "\u212b", "ſ", "\u0307", "\u0323", "ǆ", "\u1e9b", "\u0eb3", "\u1fbf", "\u0344", "\ufb2c",
    ]
    rnd = random.Random(15)
    for _ in range(50000):
        s = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 14)))
        whole = unicodedata.normalize("NFKC", s)
        assert _nfkc(s) == whole, repr(s)
        aligned = whole if len(whole) == len(s) else "".join(
            n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c for c in s)
        assert nfkc_aligned(s) == aligned, repr(s)
    assert nfkc_aligned("（一）市局，\n牵头：") == "(一)市局,\n牵头:"


# ---------------------------------------------------------------- joinable norms (Document.norms_joinable)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dutygraph.loaders.normalize import normalize_kept, normalize_lines_joinable  # noqa: E402

# characters and phrases whose conversion keeps or changes a text's length, and phrases OpenCC converts
# otherwise than their characters alone ("乾隆" stays, "乾" alone is "干")
_JOIN_POOL = ["發展", "\n", "乾隆", "乾", "隆", "反覆", "覆", "反", "後臺", "（", "）", "１", "〔", "\u3000", "市", "a", " ",
              "e", "\u0301", "㈠", "ﬁ", "①", "ｶ", "ﾞ", "\u1100", "\u1161", "\u212b", "沈阳", "\U00020000"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_JOIN_POOL), max_size=8).map("".join), max_size=8), st.data())
def test_joinable_lines_join_to_the_normalized_join(texts, data):
    # the norms are normalize's, line by line; when the lines are joinable, the norms of any of them
    # joined (in order) are normalize of those lines joined, and a piece normalize_kept gives joins too
    norms, joinable = normalize_lines_joinable(texts)
    assert norms == [normalize(t) for t in texts] == normalize_lines(texts)
    keep = data.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
    chosen = [i for i, k in enumerate(keep) if k]
    if joinable:
        assert "\n".join(norms[i] for i in chosen) == normalize("\n".join(texts[i] for i in chosen))
        tail = data.draw(st.lists(st.sampled_from([p for p in _JOIN_POOL if p != "\n"]), max_size=6).map("".join))
        kept = normalize_kept(tail)
        if kept is not None:
            assert kept == normalize(tail)
            joined = "\n".join([*(texts[i] for i in chosen), tail])
            assert "\n".join([*(norms[i] for i in chosen), kept]) == normalize(joined)
    # (a line whose NFKC or t2s conversion changes its length is not joinable alone either; one holding
    # a line break is not known to be)
    for t in texts:
        assert normalize_lines_joinable([t])[1] == ("\n" not in t and normalize_kept(t) is not None)
    if any("\n" in t for t in texts):
        assert not joinable


def test_lines_whose_conversion_changes_their_length_are_not_joinable():
    # "e\u0301e\u0301" composes to two characters and "㈠" decomposes to three: each line alone falls
    # back to per-character NFKC, but their join keeps its length and would be NFKC'd whole
    texts = ["e\u0301e\u0301", "㈠"]
    norms, joinable = normalize_lines_joinable(texts)
    assert norms == ["e\u0301e\u0301", "㈠"] and not joinable
    assert normalize("\n".join(texts)) != "\n".join(norms)  # (what the flag guards against)
    assert normalize_kept("e\u0301e\u0301") is None and normalize_kept("㈠") is None
    assert normalize_lines_joinable(["市發展改革委", "（一）", ""]) == (["市发展改革委", "(一)", ""], True)
    assert normalize_lines_joinable(["a\nb"]) == (["a\nb"], False)  # lines with a break: not known
    assert normalize_kept("乾") == "干" and normalize_kept("乾隆") == "乾隆"


# ---------------------------------------------------------------- one pass (compiled) against three scans

from dutygraph.loaders import normalize as _norm  # noqa: E402

# every character `_line_scan` tells apart — the gate's characters (a converting one, an anchor, one
# above U+FFFF, a lone surrogate kept out: OpenCC raises on it), `_NFKC_FIRST`'s, the fold's, the
# punctuation `_nfkc_plain` vouches for, ones it does not ("①", "ｶ", "e\u0301") — with phrases and breaks
_PASS_POOL = [*_JOIN_POOL, "（", "）", "，", "：", "；", "\xa0", "\u2002", "\u3000", "〔", "〕", "【", "】", "﹝", "﹞",
              "、", "。", "《", "》", "「", "」", "“", "”", "—", "·", "〖", "〗", "\u2003", "\uff08", "x\u3000y",
              "﹝覆﹞", "反\u3000覆", "反（覆", "\u4e00", "\u9fff", "\u9fa5", "\ue000", "\uffff", "\U0001f600", ""]


def _same_strings(a: tuple[list[str], bool], b: tuple[list[str], bool], lines: list[str]) -> None:
    assert a == b

    def made(x: str, t: str) -> str:
        # the input itself (a one-line text kept as it is), one of CPython's shared strings ("" and each
        # Latin-1 character: what str.split hands out for them), or a new string — which decides how a
        # record holding text and norm pickles (one object twice is written once)
        if x is t:
            return "input"
        if x == "" and x is str():  # (str(): the shared empty string)
            return "shared"
        if len(x) == 1 and ord(x) < 256 and x is chr(ord(x)):
            return "shared"
        return "new"

    assert [made(x, t) for x, t in zip(a[0], lines)] == [made(x, t) for x, t in zip(b[0], lines)]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PASS_POOL), max_size=10).map("".join), max_size=10))
def test_one_pass_gives_the_three_scans_answer(lines):
    _same_strings(_norm._lines_one_pass(lines), _norm._lines_scans(lines), lines)
    assert normalize_lines_joinable(lines) == _norm._lines_scans(lines)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PASS_POOL), max_size=10).map("".join), max_size=10))
def test_one_pass_reads_the_gates_first_character_and_the_folds_characters(lines):
    # what the one pass hands the gate and the fold: each line's NFKC as `_nfkc_kept` gives it, the fold's
    # characters in their join, and where `_t2s_next` first stops in it (a wrong place there still gives
    # the same norms — OpenCC keeps a text the gate would have let through —, so it is pinned here)
    if any("\ud800" <= c <= "\udfff" for t in lines for c in t):
        return
    _pin_nfkc_lines(lines)


def _pin_nfkc_lines(lines):
    nfkc, marks, first, joinable, breaks = _norm._nfkc_lines(lines)
    assert marks[::2] == [i for i, n in enumerate(nfkc) if any(a in n for a, _ in _norm._EXTRA_PAIRS)]
    assert marks[1::2] == [sum(1 << k for k, (a, _) in enumerate(_norm._EXTRA_PAIRS) if a in n)
                           for n in nfkc if any(a in n for a, _ in _norm._EXTRA_PAIRS)]
    folds = 0
    for bits in marks[1::2]:
        folds |= bits
    assert breaks == any("\n" in t for t in lines)
    assert nfkc == [_norm._nfkc_kept(t) or _norm.nfkc_aligned(t) for t in lines]
    assert joinable == all(_norm._nfkc_kept(t) is not None for t in lines)
    joined = "\n".join(nfkc)
    assert first == _norm._t2s_next(joined, 0)
    assert folds == sum(1 << k for k, (a, _) in enumerate(_norm._EXTRA_PAIRS) if a in joined)


def test_one_pass_on_the_samples_and_edge_lines():
    for path in sorted(Path(__file__).resolve().parents[1].joinpath("data", "plans").iterdir()):
        from dutygraph.loaders import load

        lines = [ln.text for ln in load(path).lines]
        _same_strings(_norm._lines_one_pass(lines), _norm._lines_scans(lines), lines)
    for lines in ([], [""], ["a"], ["市"], ["發"], ["（"], ["〔"], ["\u3000"], ["﹝"], ["反覆"], ["a", "發"],
                  ["市", "", "（一）〔2024〕"], ["x\ny", "發"], ["乾隆", "乾"], ["反", "覆"]):
        _same_strings(_norm._lines_one_pass(lines), _norm._lines_scans(lines), lines)
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate: OpenCC raises, both ways
        _norm._lines_one_pass(["市", "a\ud800"])
    with pytest.raises(UnicodeEncodeError):
        _norm._lines_scans(["市", "a\ud800"])
    # the tables' facts the one pass rests on hold (else it is never taken)
    assert _norm._ONE_PASS_SOUND
    assert _norm._ONE_PASS == _norm._COMPILED


def test_line_scan_reads_what_the_three_scans_read():
    # each code point alone and in a text: the NFKC test's answer, the fold's characters and the gate's
    # first character, as `_nfkc_plain`, `in` and `_t2s_next` give them
    def expected(s: str) -> int:
        plain = _norm._nfkc_plain(s)
        out = 256 if plain < 0 else max(plain - 1, 0)
        for k, (a, _) in enumerate(_norm._EXTRA_PAIRS):
            if a in s:
                out |= 1 << (9 + k)
        if plain < 0:  # (the NFKC bits are only read when `_nfkc_plain` vouches)
            out = out & ~0xFF
        if "\n" in s:
            out |= 1 << 16
        return out | (_norm._t2s_next(s, 0) + 1) << 17

    def scanned(s: str) -> int:
        r = _norm._line_scan(s)
        return r & ~0xFF if r & 256 else r

    for cp in range(0x80, 0x10000, 1 if _norm._COMPILED else 7):
        c = chr(cp)
        assert scanned(c) == expected(c), hex(cp)
        assert scanned("ab" + c + "市") == expected("ab" + c + "市"), hex(cp)
    rng = random.Random(7)
    chars = "".join(p for p in _PASS_POOL if "\ud800" not in p)
    for _ in range(3000):
        s = "".join(rng.choice(chars) for _ in range(rng.randrange(12)))
        assert scanned(s) == expected(s), repr(s)


def test_line_scan_finds_a_character_at_every_place_of_a_quiet_run():
    # compiled, the quiet characters are passed over four at a time while four are left (normalize.pxd's
    # `_quiet_run`), then one by one: a character that matters at each place of runs of 0-13 quiet
    # two-byte characters (each place modulo four, the last four and the tail), two of them apart
    quiet = "市场监管局。一"
    for c in ("發", "（", "〔", "\u3000", "①", "\n", "\U0001f600", "覆"):
        for n in range(14):
            for at in range(n + 1):
                pad = (quiet * 3)[:n]
                for s in (pad[:at] + c + pad[at:], pad[:at] + c + pad[at:] + c, c + pad[:at] + c + pad[at:]):
                    r = _norm._line_scan(s)
                    assert (r & ~0xFF if r & 256 else r) == _scan_expected(s), (c, n, at)


def _scan_expected(s: str) -> int:
    plain = _norm._nfkc_plain(s)
    out = 256 if plain < 0 else max(plain - 1, 0)
    for k, (a, _) in enumerate(_norm._EXTRA_PAIRS):
        if a in s:
            out |= 1 << (9 + k)
    if plain < 0:
        out = out & ~0xFF
    if "\n" in s:
        out |= 1 << 16
    return out | (_norm._t2s_next(s, 0) + 1) << 17


@settings(max_examples=600, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PASS_POOL + ["é", "ÿ", "ab", "一二", "\U0001f600x"]), max_size=10).map("".join),
                max_size=10))
def test_one_pass_pieces_have_the_splits_width(lines):
    # (load26) compiled, `_piece` copies a line of two- or four-byte characters into a str of that width
    # without `PyUnicode_FromKindAndData`'s scan for the largest: each norm is as wide (its size) and as
    # ASCII as the split's piece, besides equal and as shared
    import sys

    if any("\ud800" <= c <= "\udfff" for t in lines for c in t):
        return
    a, b = _norm._lines_one_pass(lines), _norm._lines_scans(lines)
    _same_strings(a, b, lines)
    assert [(sys.getsizeof(x), x.isascii()) for x in a[0]] == [(sys.getsizeof(x), x.isascii()) for x in b[0]]


# (load28) once the gate's first character is found, `_nfkc_lines` scans the later lines with `_QUIET_AFTER` (the
# CJK ideographs all quiet): pinned where the first gate character sits at each line of a text whose later lines
# hold more of them (converting ones, anchors), the characters that still count (`_NFKC_FIRST`'s, the fold's, "\n",
# ones `_nfkc_plain` does not vouch for, gate characters outside the CJK block) and the block's edges.
def test_nfkc_lines_after_the_gates_first_character():
    later = ["發展", "（一）發", "〔2024〕覆", "反覆", "\u3000區", "①務", "ｶ辦", "e\u0301實", "\u4e00\u9fff", "\u4dff\ua000",
             "﹝覆﹞", "a\nb發", "乾", "", "市", "\U0001f600", "\uffff區", "【業】", "；：，\xa0\u2002"]
    for at in range(4):
        for tail in range(len(later)):
            lines = ["市场", "一、总体要求", "（二）"][:at] + ["推动發展"] + later[tail:] + later[:tail]
            _pin_nfkc_lines(lines)
            assert _norm._nfkc_lines(lines)[2] == sum(len(t) + 1 for t in lines[:at]) + 2  # (發 of 推动發展)
    # the table: `_QUIET` but the CJK unified ideographs, which it has quiet unless in the gate's class
    assert _norm._QUIET_AFTER[:0x4E00] == _norm._QUIET[:0x4E00]
    assert _norm._QUIET_AFTER[0xA000:] == _norm._QUIET[0xA000:]
    assert not any(_norm._QUIET_AFTER[0x4E00:0xA000])
    assert all(_norm._QUIET[cp] == _norm._T2S_TABLE[cp] for cp in range(0x4E00, 0xA000))
