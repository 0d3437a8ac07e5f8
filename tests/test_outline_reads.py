"""ext24b's reads, each against the form it replaced:

- `structure.paragraphs` reading a Line's number, text, norm and repairs at their slots' offsets
  (compiled: `_slot_c`, `_LINE_SLOTS`) against the attribute reads (`_LINE_SLOTS = None`): the same
  paragraphs, the very same string and tuple objects; lines of other types (a subclass, a stand-in
  object) read by attribute;
- `structure.section_fields` against the section's attributes (the same objects);
- `jurisdiction._PHONE` (opening with the literal "0") against the look-behind-first pattern it replaced,
  `_stems_of` / `_city_names` (the place table read once) against the loops over every place.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

from dutygraph import synth
from dutygraph.extract import jurisdiction as J, structure as S
from dutygraph.extract.reference import places
from dutygraph.loaders import load, load_bytes
from dutygraph.records import Document, Jurisdiction, Line

ROOT = Path(__file__).resolve().parents[1]


def _docs():
    for path in sorted((ROOT / "data/plans").iterdir()):
        yield load(str(path))
    for d in synth.generate(60, seed=11):
        yield load_bytes(d.data, path=d.name)


def _fields(p) -> tuple:
    return (p.line, p.start, p.end, p.text, p.norm, p.repairs)


def _paragraphs_by_attribute(monkeypatch, doc):
    with monkeypatch.context() as m:
        m.setattr(S, "_LINE_SLOTS", None)
        return S.paragraphs(doc)


def test_slot_reads_are_compiled_only_and_name_the_fields():
    if not S._COMPILED:
        assert S._LINE_SLOTS is None
        return
    assert S._LINE_SLOTS is not None and all(at > 0 for at in S._LINE_SLOTS)
    ln = Line(7, "text", "norm", ("mojibake",), 3)
    for name, at in zip(("number", "text", "norm", "repairs"), S._LINE_SLOTS):
        assert S._line_field(ln, at, name) is getattr(ln, name)
        assert S._slot_offset(Line, vars(Line)[name]) == at
    # no plain slot (-1), or another type: getattr; another class's offset is never read
    assert S._line_field(ln, -1, "text") == "text"
    other = SimpleNamespace(text="t")
    assert S._line_field(other, S._LINE_SLOTS[1], "text") == "t"
    with pytest.raises(AttributeError):
        S._line_field(SimpleNamespace(), S._LINE_SLOTS[1], "text")
    unset = Line.__new__(Line)  # (slots never set: the AttributeError of getattr)
    with pytest.raises(AttributeError):
        S._line_field(unset, S._LINE_SLOTS[1], "text")
    assert S._slot_offset(Line, "not a descriptor") == -1
    assert S._slot_offset("not a type", vars(Line)["text"]) == -1
    # a slot of a bigger class than `Line`: outside Line's instances, refused
    big = dataclasses.make_dataclass("Big", [f"f{i}" for i in range(12)], slots=True)
    assert S._slot_offset(Line, vars(big)["f9"]) == -1  # (the last slot: 104 bytes in)


def test_paragraphs_read_at_slots_equal_the_attribute_reads(monkeypatch):
    paras = 0
    for doc in _docs():
        got = S.paragraphs(doc)
        want = _paragraphs_by_attribute(monkeypatch, doc)
        assert [_fields(p) for p in got] == [_fields(p) for p in want]
        # the same repairs tuples (a record's pickle bytes depend on which objects it shares)
        for g, w in zip(got, want):
            assert g.repairs is w.repairs
        paras += len(got)
    assert paras > 3000


class _SubLine(Line):
    """A subclass: its instances are read by attribute (an attribute of its own may stand before the slot)."""

    __slots__ = ()

    def __getattribute__(self, name):
        value = object.__getattribute__(self, name)
        return "X" * len(value) if name == "norm" else value


def _doc(lines) -> Document:
    return Document(path="t.txt", name="t.txt", sha256="0" * 64, encoding="utf-8", fmt="txt", lines=tuple(lines))


def test_lines_of_other_types_are_read_by_attribute(monkeypatch):
    base = [
        Line(1, "一、总体要求", "一、总体要求", (), 0),
        Line(2, "  1.推进改革。 ", "  1.推进改革。 ", ("r",), 7),
    ]
    odd = [
        _SubLine(3, "2.优化服务", "2.优化服务", (), 20),
        SimpleNamespace(number=4, text=" 3.加强保障", norm=" 3.加强保障", repairs=["x"], start=30),
        Line(5, "   ", "   ", (), 40),
    ]
    doc = _doc(base + odd)
    got = S.paragraphs(doc)
    want = _paragraphs_by_attribute(monkeypatch, doc)
    assert [_fields(p) for p in got] == [_fields(p) for p in want]
    assert got[2].norm == "XXXXXX" and got[3].repairs == ("x",)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=" \u3000\t一二、1.(2)章节方案。x", max_size=30),
                          st.lists(st.sampled_from(["a", "b"]), max_size=2)), max_size=12))
def test_paragraphs_of_generated_lines(lines):
    doc = _doc([Line(i + 1, t, t, tuple(r), 0) for i, (t, r) in enumerate(lines)])
    got = S.paragraphs(doc)
    old = S._LINE_SLOTS
    try:
        S._LINE_SLOTS = None
        want = S.paragraphs(doc)
    finally:
        S._LINE_SLOTS = old
    assert [_fields(p) for p in got] == [_fields(p) for p in want]


def test_section_fields_are_the_sections_attributes():
    sections = with_clause = 0
    for doc in _docs():
        for po in S.outline(doc):
            for so in po.sections:
                got = S.section_fields(so)
                clause = so.clause
                want = (so.line, so.number, so.title, so.path, clause, clause.lead if clause else None)
                assert got == want
                for i, (g, w) in enumerate(zip(got, want)):
                    if i:  # (the line: an int made afresh by each read when compiled)
                        assert g is w, (i, g)
                sections += 1
                with_clause += clause is not None
    assert sections > 300 and with_clause > 10


# ---------------------------------------------------------------- jurisdiction

_PHONE_CHARS = "0123456789-－—–x 市\u0660\u0966\uff10\U0001d7ce"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_PHONE_CHARS, max_size=40))
def test_phone_pattern_equals_the_look_behind_form(s):
    assert J._PHONE.findall(s) == J._PHONE_PLAIN.findall(s)
    assert [m.span() for m in J._PHONE.finditer(s)] == [m.span() for m in J._PHONE_PLAIN.finditer(s)]


def test_phone_pattern_edges():
    for s in ("0797-", "10797-", "a0797-", "00797-", "0797－1", "\u06600797-", "07977-", "079-", "07-",
              "0797-0797-", "电话:0797—8888", "\uff100797-", "0\U0001d7ce797-", "\U0001d7ce0797-"):
        assert J._PHONE.findall(s) == J._PHONE_PLAIN.findall(s), s
    assert J._PHONE.pattern == r"(0(?<!\d0)\d{2,3})[-－—]"


def _infer_as_it_was(body: str, P) -> Jurisdiction:
    """`infer_jurisdiction` before: every place of the table read in the loop, the look-behind pattern."""
    norm = body
    score: Counter[str] = Counter()
    evidence: dict[str, list[str]] = {}
    for place in P.by_name.values():
        if place.level == "province":
            continue
        n = norm.count(place.stem) if len(place.stem) >= 2 else 0
        if n:
            city = place.name if place.level == "city" else (place.parent or place.name)
            score[city] += n * (2 if place.level == "city" else 1)
            if place.level == "city":
                evidence.setdefault(city, []).append(f"units and places named {place.stem}… ({n})")
            else:
                evidence.setdefault(city, []).append(f"{place.short} of {city} named ({n})")
    for code, n in Counter(J._PHONE_PLAIN.findall(norm)).items():
        place = P.by_phone.get(code)
        if place is not None:
            score[place.name] += 3 * n
            evidence.setdefault(place.name, []).append(f"phone code {code} ({n})")
    if not score:
        return Jurisdiction(name="", level="unknown", inferred=True, evidence=("no place named in the text",))
    best = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    place = P.by_name[best]
    return Jurisdiction(name=place.name, level=place.level, parent=place.parent, short=place.short,
                        inferred=True, evidence=tuple(sorted(evidence.get(best, []))))


def _body_words() -> list[str]:
    P = places()
    words = ["联系电话:", "-", "—", "0", "1", "市", "区", "县", "局", "。", "\n", "办公室"]
    for place in P.by_name.values():
        words += [w for w in (place.name, place.short, place.stem, place.phone) if w]
    return words


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_body_words()), max_size=30).map("".join))
def test_infer_jurisdiction_equals_the_loop_over_every_place(body):
    P = places()
    assert J.infer_jurisdiction(body, P, normalized=True) == _infer_as_it_was(body, P)


def test_infer_jurisdiction_on_the_samples_bodies():
    P = places()
    n = 0
    for doc in _docs():
        for po in S.outline(doc):
            assert J.infer_jurisdiction(po.body, P, normalized=True) == _infer_as_it_was(po.body, P)
            n += 1
    assert n > 60


_STEM_WORDS = ["南", "南昌", "南南", "昌南", "赣", "赣州", "州", "a", "aa", "ab", "\U00020000", "\U00020000a", "\n", " "]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_STEM_WORDS), max_size=24).map("".join),
       st.lists(st.sampled_from([w for w in _STEM_WORDS if len(w) >= 2]), min_size=1, max_size=8))
def test_stem_counts_in_one_pass_equal_str_count(norm, stems):
    """`_stem_counts_in` (compiled: `infer_jurisdiction`'s typed pass) against str.count per stem: stems sharing
    a first character, a stem inside or overlapping another, repeated and overlapping with itself ("aa" in "aaa"),
    the same stem twice, characters above U+FFFF around them; a stem starting above U+FFFF gives no table."""
    stems = tuple(stems)
    table, groups = J._first_chars_table(stems)
    expected = [norm.count(s) for s in stems]
    if any(s[0] > "\uffff" for s in stems):
        assert table is None
    else:
        assert J._stem_counts_in(norm, stems, table, groups) == expected


def test_stem_counts_on_the_samples_bodies():
    P = places()
    rows = J._stems_of(P)
    _, _, stems, table, groups = J._stems_read(P)
    assert stems == tuple(r[0] for r in rows)
    assert table is not None and len(table) == 0x10000
    n = 0
    for doc in _docs():
        for po in S.outline(doc):
            expected = [po.body.count(r[0]) for r in rows]
            assert J._stem_counts(po.body, P) == expected
            assert J._stem_counts_in(po.body, stems, table, groups) == expected
            n += sum(expected)
    assert n > 100


def _candidates_as_they_were(norm: str, P) -> dict:
    """`_mentions`' candidates before: each first character of the table looked for in the text."""
    index = J._by_first_char(P)
    return {place.name: place for ch, starting in index.items() if ch in norm for place in starting}


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_body_words() + ["\U00020000", "a", "关于印发", "行动方案"]), max_size=8).map("".join))
def test_places_named_from_equal_the_first_characters_looked_for(title):
    """`_places_named_from` (compiled: `_mentions`' typed pass) gives the same candidates (their order is not
    read: `_mentions` sorts what it finds by position and name)."""
    P = places()
    _, index, table, groups = J._first_chars_read(P)
    assert index is J._by_first_char(P) and table is not None
    assert J._places_named_from(title, table, groups) == _candidates_as_they_were(title, P)


def test_char_table_groups_and_refusals():
    table, groups = J._char_table({"南": [1, 2], "a": [3]})
    assert table[ord("南")] == 1 and table[ord("a")] == 2 and table.count(0) == 0x10000 - 2
    assert groups == ((1, 2), (3,))
    assert J._char_table({"\U00020000": [1]}) == (None, ())
    assert J._char_table({chr(0x4E00 + k): [k] for k in range(255)})[0] is not None
    assert J._char_table({chr(0x4E00 + k): [k] for k in range(256)}) == (None, ())


def test_the_tables_read_once_are_the_places_in_order():
    P = places()
    assert J._city_names(P) == tuple(p.name for p in P.by_name.values() if p.level == "city")
    rows = J._stems_of(P)
    assert [r[0] for r in rows] == [p.stem for p in P.by_name.values() if p.level != "province" and len(p.stem) >= 2]
    assert J._stems_of(P) is rows  # kept per table
    # another table (equal, not the same object): read again
    Q = dataclasses.replace(P)
    assert J._stems_of(Q) == rows and J._stems_of(Q) is not rows
    assert J._city_names(Q) == J._city_names(P)


def _read_unlisted_as_it_was(title: str, P):
    m = J._LEAD_PLACE.match(J.normalize(title).strip())
    if m is None:
        return None
    name = m.group("place")
    if J._NOT_PLACE.search(name):
        return None
    suffix = next(x for x in ("自治区", "省", "市", "区", "县", "旗") if name.endswith(x))
    level = J._LEVEL_BY_SUFFIX[suffix]
    parent = None
    for place in P.by_name.values():
        if place.level == "city" and name.startswith(place.name) and len(name) > len(place.name):
            parent = place.name
            break
    short = name[len(parent):] if parent else name
    return name, level, parent, short


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_body_words() + ["弋江区", "关于印发", "《", "行动方案", "新区", "旗"]),
                max_size=6).map("".join))
def test_read_unlisted_equals_the_loop_over_every_place(title):
    P = places()
    assert J._read_unlisted(title, P) == _read_unlisted_as_it_was(title, P)
    assert J._read_unlisted(title, P) == _read_unlisted_as_it_was(title, P)


def test_a_phone_code_only_counts_after_no_digit():
    P = places()
    code = next(p.phone for p in P.by_name.values() if p.phone)
    got = J.infer_jurisdiction(f"电话:{code}-8888888", P, normalized=True)
    assert got.name and any(code in e for e in got.evidence)
    assert not J.infer_jurisdiction(f"编号1{code}-8888888", P, normalized=True).name
    assert re.fullmatch(r"0\d{2,3}", code)


def test_places_built_by_position_are_the_records_the_constructor_made():
    import pickle

    P = places()
    for place in P.by_name.values():
        for kw in ({}, {"inferred": True, "evidence": ("phone code 0797 (2)",)}):
            got = J._jur(place, **kw)
            want = Jurisdiction(name=place.name, level=place.level, parent=place.parent, short=place.short, **kw)
            assert type(got) is Jurisdiction and got == want and repr(got) == repr(want)
            assert pickle.dumps(got) == pickle.dumps(want) and hash(got) == hash(want)
    city = next(p for p in P.by_name.values() if p.level == "city")
    got = J._unlisted_below(f"{city.name}弋江区优化营商环境行动方案", city)
    assert got == Jurisdiction(name=city.name + "弋江区", level="district", parent=city.name, short="弋江区",
                               evidence=(f"title names 弋江区 of {city.name} (not in data/jurisdictions.toml)",))
    got = J._unlisted_place("弋江区优化营商环境行动方案", P, issuer="", body=f"{city.name}弋江区人民政府",
                            body_normalized=True)
    assert got == Jurisdiction(name=city.name + "弋江区", level="district", parent=city.name, short="弋江区",
                               evidence=(f"title names {city.name}弋江区 (not in data/jurisdictions.toml)",))
    assert type(got) is Jurisdiction and not got.inferred
