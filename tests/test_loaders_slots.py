"""The loaders' C paths of load23 against the forms they replace.

Compiled, `base.build_lines` and `base.line_texts` read a RawLine's fields at their slots' offsets and
store a Line's (base.pxd: `_lines_c`, `_get`, `_put`), and `raw_line` stores a new RawLine's the same
way (`_raw_c`); any other kind of line goes through getattr. `decode._count_controls` counts a word at a
time (`_controls_c`), and `sniff_binary` tests the magic numbers in one `startswith` call. Each is pinned
here to the plain expression it stands for, on ordinary lines and on the odd ones (a subclass whose
attribute stands in front of the slot, an unset slot, another type, repairs that are not a list); the
suite runs compiled and as Python (`DUTYGRAPH_NATIVE=0`), so both forms answer to the same definitions.
"""

from __future__ import annotations

import codecs
import pickle
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutygraph.errors import LoadError
from dutygraph.loaders import base, decode, load
from dutygraph.loaders.base import RawLine, raw_line, split_lines
from dutygraph.records import Line

ROOT = Path(__file__).resolve().parent.parent


def _plain_lines(lines, norms):
    """build_lines' definition."""
    return tuple(Line(ln.number, ln.text, n, tuple(ln.repairs) if ln.repairs else (), ln.start)
                 for ln, n in zip(lines, norms))


class _Upper(RawLine):
    """A RawLine whose `text` is a property in front of the slot: the records must hold its answer."""

    __slots__ = ()

    def _get_text(self):
        return "上:" + _SLOT_TEXT.__get__(self)

    def _set_text(self, value):
        _SLOT_TEXT.__set__(self, value)

    text = property(_get_text, _set_text)  # type: ignore[assignment]


_SLOT_TEXT = vars(RawLine)["text"]  # the slot's own descriptor, behind _Upper's property


def _outcome(fn, *args):
    try:
        got = fn(*args)
    except Exception as exc:  # noqa: BLE001 - the same exception both ways is the point
        return type(exc), str(exc)
    return got


def _same_records(got, want):
    assert got == want and [repr(x) for x in got] == [repr(x) for x in want]
    assert all(type(x) is Line and hash(x) == hash(y) for x, y in zip(got, want))
    assert [pickle.loads(pickle.dumps(x)) for x in got] == list(want)


def test_build_lines_and_line_texts_equal_their_definitions_on_the_samples():
    for path in sorted((ROOT / "data" / "plans").glob("*")):
        doc = load(path)
        raw = [raw_line(ln.number, ln.text, ln.start) for ln in doc.lines]
        for ln, rec in zip(raw, doc.lines):
            ln.repairs.extend(rec.repairs)
        norms = [ln.norm for ln in doc.lines]
        assert base.line_texts(raw) == [ln.text for ln in raw]
        got = base.build_lines(raw, norms)
        _same_records(got, _plain_lines(raw, norms))
        assert got == doc.lines
        assert base.build_lines(raw, norms[:3]) == got[:3] and base.build_lines(raw[:2], norms) == got[:2]


def test_build_lines_shares_the_values_and_makes_new_repairs_tuples():
    raw = split_lines("市发改委牵头\n（略）\n")
    raw[1].repairs += ["redaction", "html-residue"]
    norms = ["n0", "n1"]
    got = base.build_lines(raw, norms)
    assert got[0].text is raw[0].text and got[1].norm is norms[1] and got[1].number is raw[1].number
    empty: tuple = ()  # (the shared empty tuple, named: `is ()` draws a SyntaxWarning)
    assert got[0].repairs is empty and got[1].repairs == ("redaction", "html-residue")
    raw[1].repairs.append("later")  # the record's tuple is a copy
    assert got[1].repairs == ("redaction", "html-residue")


def test_odd_lines_go_through_getattr_as_before():
    plain = raw_line(1, "甲", 0)
    upper = _Upper(2, "乙", 5)
    upper.repairs.append("noise-line")
    spaced = types.SimpleNamespace(number=3, text="丙", start=9, repairs=("a",))
    tupled = raw_line(4, "丁", 12)
    tupled.repairs = ("x", "y")  # not a list: tuple() of it, as the definition
    empty_tuple = raw_line(5, "戊", 13)
    empty_tuple.repairs = ()
    lines = [plain, upper, spaced, tupled, empty_tuple]
    norms = ["0", "1", "2", "3", "4"]
    got = base.build_lines(lines, norms)
    _same_records(got, _plain_lines(lines, norms))
    assert got[1].text == "上:乙" and got[1].repairs == ("noise-line",) and got[3].repairs == ("x", "y")
    assert base.line_texts(lines) == ["甲", "上:乙", "丙", "丁", "戊"]

    unset = object.__new__(RawLine)  # no slot set: the AttributeError getattr raises
    unset.number = 7
    for bad in ([unset], [plain, unset]):
        assert _outcome(base.build_lines, bad, ["a", "b"]) == _outcome(_plain_lines, bad, ["a", "b"])
        assert isinstance(_outcome(base.build_lines, bad, ["a", "b"]), tuple)
        assert _outcome(base.line_texts, bad) == _outcome(lambda ls: [ln.text for ln in ls], bad)
    unset.text, unset.start = "己", 0  # repairs still unset
    assert _outcome(base.build_lines, [unset], ["a"]) == _outcome(_plain_lines, [unset], ["a"])
    assert _outcome(base.build_lines, [plain], ["a"]) == _outcome(_plain_lines, [plain], ["a"])
    assert base.line_texts([unset]) == ["己"]


def test_build_lines_by_the_python_form_too(monkeypatch):
    raw = split_lines("一\n\n二\r\n三")
    raw[2].repairs.append("noise-line")
    norms = ["a", "b", "c", "d"]
    want = base.build_lines(raw, norms)
    monkeypatch.setattr(base, "_LINE_DESCRS", None)
    assert base.build_lines(raw, norms) == want == _plain_lines(raw, norms)


def test_raw_line_makes_what_the_class_makes():
    for number, text, start in [(1, "", 0), (10**30, "市" * 300, -1), (2, "a\r", 3), (None, "x", "y")]:
        a, b = raw_line(number, text, start), RawLine(number, text, start)
        assert type(a) is RawLine and a == b and repr(a) == repr(b)
        assert a.number is number and a.text is text and a.start is start
        assert a.repairs == [] and a.repairs is not b.repairs
        assert pickle.loads(pickle.dumps(a)) == b


# ---------------------------------------------------------------- decode: the control bytes and magic numbers

def _controls(b: bytes) -> int:
    return len(b) - len(b.translate(None, decode._CONTROL))


def _both_forms(b: bytes, monkeypatch) -> list[int]:
    """`_count_controls(b)` as the module runs it, and by its byte loop (compiled: `_NATIVE` off)."""
    out = [decode._count_controls(b)]
    with monkeypatch.context() as m:
        m.setattr(decode, "_NATIVE", False)
        out.append(decode._count_controls(b))
    return out


def test_count_controls_every_byte_at_every_place_of_a_word(monkeypatch):
    # each byte value alone at each place of 9..41-byte buffers of text: the word tests must find it
    # wherever it sits (either word of a pair, the first, a middle or the last lane; a lone word; the tail)
    filler = "市发改委".encode()  # no byte below 32
    for size in (9, 16, 17, 24, 25, 32, 33, 40, 41):
        for at in range(size):
            for v in range(256):
                buf = bytearray((filler * 4)[:size])
                buf[at] = v
                b = bytes(buf)
                assert _both_forms(b, monkeypatch) == [_controls(b)] * 2, (size, at, v)


_BYTES = st.lists(st.sampled_from([0, 1, 8, 9, 10, 11, 12, 13, 14, 26, 27, 28, 31, 32, 33, 64, 0x7F, 0x80, 0x9F,
                                   0xA0, 0xC0, 0xE4, 0xFF]), max_size=300).map(bytes)


@settings(max_examples=3000, deadline=None)
@given(_BYTES)
def test_count_controls_is_the_translate_it_replaces(b):
    assert decode._count_controls(b) == _controls(b)


def test_count_controls_on_the_corpus_kinds_of_text(monkeypatch):
    texts = [p.read_bytes() for p in sorted((ROOT / "data" / "plans").glob("*"))]
    texts += ["市发展改革委牵头\r\n".encode("gb18030") * 500, "\x1b[0m\x07\x08ab".encode() * 99,
              bytes(range(256)) * 9]
    for b in texts:
        for head in (b, b[: decode._SAMPLE], b[1:], b[3:1000]):
            assert _both_forms(head, monkeypatch) == [_controls(head)] * 2


def _sniff(data: bytes):
    try:
        decode.sniff_binary(data, path="x.txt")
    except LoadError as exc:
        return str(exc)
    return None


def _sniff_by_loop(data: bytes):
    """sniff_binary's magic-number test as it was: each magic in turn, the first that matches named."""
    for magic, what in decode._MAGIC:
        if data.startswith(magic):
            return str(LoadError(f"not a text document: looks like {what}", path="x.txt"))
    return "no magic"


def test_sniff_binary_names_the_first_magic_number_that_matches():
    assert decode._MAGIC_HEADS == tuple(m for m, _ in decode._MAGIC)
    seen = set()
    for magic, _ in decode._MAGIC:
        for data in (magic, magic + b"rest of the file", magic[:-1], magic[:-1] + b"\x00", b" " + magic):
            want = _sniff_by_loop(data)
            got = _sniff(data)
            if want != "no magic":
                assert got == want
                seen.add(got)
            else:
                assert got is None or "looks like" not in got
    assert len(seen) == len(decode._MAGIC)
    assert _sniff("市发改委牵头\n".encode()) is None and _sniff(b"") is None


def _sniff_as_it_was(data: bytes):
    """sniff_binary before it counted the controls first: the NUL test, then the count."""
    if data.startswith(decode._MAGIC_HEADS):
        return _sniff_by_loop(data)
    head = data[: decode._SAMPLE]
    if not head or head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None
    if b"\x00" in head and decode._utf16_order(head) is None:
        return str(LoadError("binary file (NUL bytes, not UTF-16)", path="x.txt"))
    controls = _controls(head)
    if controls > max(8, len(head) // 100) and decode._utf16_order(head) is None:
        return str(LoadError(f"binary file ({controls} control bytes in the first {len(head)} bytes)", path="x.txt"))
    return None


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([b"\x00", b"\x01", b"\x1b", b"\n", b"a", b"a\x00", b"\x00a", "市".encode(),
                                 "市".encode("utf-16-le"), b"\xff\xfe", b"\xfe\xff"]), max_size=120).map(b"".join))
def test_sniff_binary_counts_controls_first_with_the_same_answers(data):
    assert _sniff(data) == _sniff_as_it_was(data)


def test_sniff_binary_same_answers_on_the_corpus_kinds_of_text():
    texts = [p.read_bytes() for p in sorted((ROOT / "data" / "plans").glob("*"))]
    texts += ["市发展改革委牵头\r\n".encode(c) * 500 for c in ("gb18030", "utf-16-le", "utf-16-be", "utf-16")]
    texts += [b"\x00" * 9 + b"abc" * 300, b"abc" * 300 + b"\x00", "市".encode() * 900 + b"\x07" * 30, bytes(range(256)) * 9]
    for b in texts:
        assert _sniff(b) == _sniff_as_it_was(b)
        assert _sniff(b[:-1]) == _sniff_as_it_was(b[:-1])


# (ld45) sniff_binary gives `decode` its count of the head's control bytes; a head without any has no NUL,
# so `decode` hands `_utf16_order` only the first two bytes (the BOM) then: its results must be those of the
# whole head, which `decode` reads when sniff_binary's count is withheld (-1, "not counted").
def _decoded(data: bytes):
    try:
        d = decode.decode(data, path="x.txt")
    except LoadError as exc:
        return str(exc)
    return (d.text, d.encoding, d.repairs, d.warnings)


def _decoded_with_the_whole_head(data: bytes, monkeypatch):
    sniff = decode.sniff_binary
    with monkeypatch.context() as m:
        m.setattr(decode, "sniff_binary", lambda data, path: (sniff(data, path=path), -1)[1])
        return _decoded(data)


def _check_count_handed_on(data: bytes, monkeypatch):
    try:
        controls = decode.sniff_binary(data, path="x.txt")
    except LoadError:
        controls = None
    head = data[: decode._SAMPLE]
    if controls is not None:
        counted = head and not head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE))
        assert controls == (_controls(head) if counted else -1)
    if data and not data.isspace():
        assert _decoded(data) == _decoded_with_the_whole_head(data, monkeypatch)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(st.sampled_from([b"\x00", b"\x01", b"\n", b"a", b"a\x00", b"\x00a", "市".encode(), "中文".encode("utf-16-le"),
                                 "中文".encode("utf-16-be"), "市".encode("gb18030"), b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]),
                max_size=60).map(b"".join))
def test_decode_reads_the_utf16_order_from_sniff_binarys_count_with_the_same_results(data, monkeypatch):
    _check_count_handed_on(data, monkeypatch)


def test_decode_with_sniff_binarys_count_on_the_corpus_kinds_of_text(monkeypatch):
    texts = [p.read_bytes() for p in sorted((ROOT / "data" / "plans").glob("*"))]
    texts += ["市发展改革委牵头\r\n".encode(c) * 500 for c in ("gb18030", "utf-16-le", "utf-16-be", "utf-16")]
    texts += [codecs.BOM_UTF16_LE + "中文".encode("utf-16-le") * 9, codecs.BOM_UTF16_BE + "中文".encode("utf-16-be"),
              "中文".encode("utf-16-le") * 40000 + "ab".encode("utf-16-le"), codecs.BOM_UTF32_LE + "中".encode("utf-32-le"),
              b"abc" * 30000 + b"\x00" * 9, b"\x00" * 9 + b"abc" * 300, codecs.BOM_UTF16_LE, b"\xff"]
    for b in texts:
        for data in (b, b[:-1], b[1:]):
            _check_count_handed_on(data, monkeypatch)
    assert _decoded(codecs.BOM_UTF16_LE + "中文".encode("utf-16-le"))[:2] == ("中文", "utf-16")
    assert _decoded(codecs.BOM_UTF16_BE + "中文".encode("utf-16-be"))[:2] == ("中文", "utf-16")
    assert _decoded("ab市".encode("utf-16-le"))[:2] == ("ab市", "utf-16")


def _plain_split(text: str) -> list[RawLine]:
    """split_lines' definition: LF, CRLF or a lone CR; each line's offset; no empty last line."""
    sep = "\n" if "\n" in text or "\r" not in text else "\r"
    out, start = [], 0
    for number, piece in enumerate(text.split(sep), 1):
        body = piece[:-1] if sep == "\n" and "\r" in text and piece.endswith("\r") else piece
        out.append(RawLine(number, body, start))
        start += len(piece) + 1
    return out[:-1] if len(out) > 1 and out[-1].text == "" else out


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\r", "\r\n", "a", "市", "é", "\u2028", "\x0c", "𠀀", " "]), max_size=30))
def test_split_lines_is_its_definition(parts):
    text = "".join(parts)
    got = split_lines(text)
    want = _plain_split(text)
    assert got == want and [repr(x) for x in got] == [repr(x) for x in want]
    assert all(type(x) is RawLine and x.repairs == [] for x in got)
    assert len({id(x.repairs) for x in got}) == len(got)  # a list of its own each


# load25: compiled, split_lines reads the text itself (base.pxd's `_split_c`: each line's end found by
# PyUnicode_FindChar, each line cut by PyUnicode_Substring) instead of looping over `text.split(sep)`.
# The pieces must be the very strs the split and its slices make: equal, and shared alike (the empty
# str and one-character singletons, the text itself for a text of one line) — a pickle of the texts
# memoises shared objects, so its bytes tell. Long runs put the search past memchr's cut-off; U+010A,
# U+0D0A, U+0A0D and U+1000A hold a separator's byte in a wider character (memchr's false candidates).
_SPLIT_PARTS = ["\n", "\r", "\r\n", "\n\r", "a", "市", "é", "\u2028", "\x0c", "𠀀", " ", "\u010a", "\u0d0a",
                "\u0a0d", "\U0001000a", "a" * 45, "市" * 45, "\u010a" * 41, "é" * 50]


def _texts_pickle(lines):
    return pickle.dumps([ln.text for ln in lines], protocol=pickle.HIGHEST_PROTOCOL)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_SPLIT_PARTS), max_size=40))
def test_split_lines_shares_its_strs_as_the_split_does(parts):
    text = "".join(parts)
    got = split_lines(text)
    want = _plain_split(text)
    assert got == want and [repr(x) for x in got] == [repr(x) for x in want]
    assert all(type(x.text) is str and type(x.number) is int and type(x.start) is int for x in got)
    assert _texts_pickle(got) == _texts_pickle(want)
    if len(got) == 1 and got[0].text == text:
        assert got[0].text is text  # (split's one piece is the text itself)


@pytest.mark.parametrize("native", [True, False])
def test_split_lines_edges_by_either_branch(native, monkeypatch):
    # the texts whose last line the rule drops or keeps, each way the module may run
    monkeypatch.setattr(base, "_COMPILED", native)
    cases = ["", "\n", "\r", "\r\n", "\n\r", "a\n\r", "a\r\n\r", "\r\r", "a\rb\r", "a\r\rb", "\n\n\r",
             "x" * 60 + "\n\r",
             "市" * 60 + "\r\n" + "市" * 60, "\u010a" * 50 + "\n", "\U0001000a" * 20 + "\r\n\r\n"]
    for text in cases:
        got = split_lines(text)
        assert got == _plain_split(text), text
        assert _texts_pickle(got) == _texts_pickle(_plain_split(text))



def test_count_controls_a_line_feed_beside_every_byte_at_every_place(monkeypatch):
    # (load26) a word whose bytes below 32 are all line feeds is passed over (`_line_feeds_only`): a line feed at
    # each place of 16-, 24- and 33-byte buffers with each byte value at each other place, and two line feeds
    filler = "市发改委".encode()
    for size in (16, 24, 33):
        for lf in range(size):
            for at in range(size):
                if at == lf:
                    continue
                for v in range(256):
                    buf = bytearray((filler * 4)[:size])
                    buf[lf] = 10
                    buf[at] = v
                    b = bytes(buf)
                    assert decode._count_controls(b) == _controls(b), (size, lf, at, v)
    for b in [b"\n" * 16, b"\n" * 8 + b"\x00" + b"\n" * 7, b"a\nb\nc\nd\ne\nf\ng\nh\n", b"\n\r" * 8, b"\n\x1b" * 8]:
        assert _both_forms(b, monkeypatch) == [_controls(b)] * 2


# (load28) compiled, `_count_lead_bytes` counts the bytes >= 0xC0 a word at a time (`_leads_c`): pinned to its
# byte loop (`_NATIVE` off) and to the translate it stands for — each byte value at each place of buffers that
# end in a whole word or in a tail, hypothesis buffers of the bytes around the bound, the samples and GB text.
def _leads(b: bytes) -> int:
    return len(b) - len(b.translate(None, decode._LEAD_BYTES))


def _both_lead_forms(b: bytes, monkeypatch) -> list[int]:
    out = [decode._count_lead_bytes(b)]
    with monkeypatch.context() as m:
        m.setattr(decode, "_NATIVE", False)
        out.append(decode._count_lead_bytes(b))
    return out


def test_count_lead_bytes_every_byte_at_every_place_of_a_word(monkeypatch):
    for filler in ("市发改委".encode(), b"abcdefgh", b"\xc0\xff" * 4, b"\x7f\x80\xbf" * 3):
        for size in (0, 1, 7, 8, 9, 15, 16, 17, 24, 25):
            for at in range(size):
                for v in range(256):
                    buf = bytearray((filler * 9)[:size])
                    buf[at] = v
                    b = bytes(buf)
                    assert _both_lead_forms(b, monkeypatch) == [_leads(b)] * 2, (filler, size, at, v)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([0, 0x3F, 0x40, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xDF, 0xE0, 0xE4, 0xFE, 0xFF]),
                max_size=300).map(bytes))
def test_count_lead_bytes_is_the_translate_it_replaces(b):
    assert decode._count_lead_bytes(b) == _leads(b)


def test_count_lead_bytes_on_the_corpus_kinds_of_text(monkeypatch):
    texts = [p.read_bytes() for p in sorted((ROOT / "data" / "plans").glob("*"))]
    texts += ["市发展改革委牵头\r\n".encode("gb18030") * 500, "市發展改革委".encode("big5") * 99, bytes(range(256)) * 9]
    for b in texts:
        for head in (b, b[: decode._SAMPLE], b[1:], b[3:1000]):
            assert _both_lead_forms(head, monkeypatch) == [_leads(head)] * 2


# (ld46) `_utf16_order` tells a UTF-16 BOM by the first two bytes' membership in the module's BOMs (and the
# first four not being UTF-32-LE's); pinned to the startswith tests it made before, on heads pieced from BOM
# bytes, NULs and text.
def _utf16_bom_as_it_was(head: bytes) -> bool:
    if head.startswith(codecs.BOM_UTF16_LE) and not head.startswith(codecs.BOM_UTF32_LE):
        return True
    return head.startswith(codecs.BOM_UTF16_BE)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([b"\xff", b"\xfe", b"\x00", b"\xff\xfe", b"\xfe\xff", b"a", b"\xef\xbb\xbf", b"\x00a"]),
                max_size=6).map(b"".join))
def test_utf16_order_tells_the_bom_as_the_startswith_tests(head):
    order = decode._utf16_order(head)
    if _utf16_bom_as_it_was(head):
        assert order == "utf-16"
    else:
        assert order != "utf-16"
    assert decode._BOMS_UTF16 == (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    assert decode._BOMS_UTF32 == (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE) and decode._BOM_UTF8 == codecs.BOM_UTF8
