"""The clause parse's memo (responsibility `_parse_cached`) and the jurisdiction readings' memos
(`_named_in`, `_unlisted_lead`, the parent city read from the issuer and body in place), each pinned to
the form it replaced: the same answers, miss and hit, bounded, emptied for another table. No timings.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import jurisdiction as J
from dutygraph.extract import responsibility as R
from dutygraph.extract.reference import places
from dutygraph.loaders.normalize import normalize

_PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"


def _sample_lines(limit: int = 600) -> list[str]:
    out: list[str] = []
    for p in sorted(_PLANS.glob("*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace")
        out += [t for t in text.splitlines() if t.strip()][: limit // 5]
    return out


# ---------------------------------------------------------------- the clause parse's memo


def _parse_as_it_was(text: str, norm: str, cut: bool):
    """`_parse_cached` as the lru_cache'd function computed it."""
    got = R._parse_text(text, norm, cut=cut)
    return None if got is None else (tuple(got[0]), tuple(got[1]), got[2])


_CLAUSES = [
    "市发改委牵头,市财政局配合",
    "牵头单位:市商务局;责任单位:各县(市、区)人民政府;完成时限:2024年底",
    "責任單位:市發改委、市財政局",
    "各县〔市、",
    "区政数局牵头",
    "完成时限:2023年6月",
    "市场监管局、税务局负责",
    "",
]


def test_parse_memo_equals_the_parse_miss_and_hit():
    path = R._agencies_path()
    for clause in _CLAUSES + _sample_lines():
        norm = normalize(clause)
        for text in {clause, norm}:
            for cut in (False, True):
                want = _parse_as_it_was(text, norm, cut)
                R._PARSED_PLAIN.clear()
                R._PARSED_OTHER.clear()
                assert R._parse_cached(text, norm, cut, path) == want, (text, cut)  # a miss
                assert R._parse_cached(text, norm, cut, path) == want, (text, cut)  # a hit
                # the other key of an equal text: its own answer, not the plain one
                assert R._parse_cached(text, norm, not cut, path) == _parse_as_it_was(text, norm, not cut)


def test_parse_memo_keys_plain_bodies_by_text_and_others_by_all_three():
    path = R._agencies_path()
    R._parse_cached("x", "x", False, path)
    R._PARSED_PLAIN.clear()
    R._PARSED_OTHER.clear()
    R._parse_cached("市发改委牵头", "市发改委牵头", False, path)
    assert list(R._PARSED_PLAIN) == ["市发改委牵头"] and not R._PARSED_OTHER
    R._parse_cached("市发改委牵头", "市发改委牵头", True, path)
    R._parse_cached("市發改委牽頭", "市发改委牵头", False, path)
    assert set(R._PARSED_OTHER) == {("市发改委牵头", "市发改委牵头", True), ("市發改委牽頭", "市发改委牵头", False)}


def test_parse_memo_is_emptied_for_another_agency_table_and_bounded(monkeypatch):
    path = R._agencies_path()
    R._parse_cached("市发改委牵头", "市发改委牵头", False, path)
    R._parse_cached("市發改委牽頭", "市发改委牵头", False, path)
    assert R._PARSED_PLAIN and R._PARSED_OTHER
    assert R._parse_cached("市发改委牵头", "市发改委牵头", False, path + ".other") == _parse_as_it_was(
        "市发改委牵头", "市发改委牵头", False
    )
    assert R._PARSED_FOR[0] == path + ".other"
    assert list(R._PARSED_PLAIN) == ["市发改委牵头"] and not R._PARSED_OTHER
    monkeypatch.setattr(R, "_PARSED_MAX", 3)
    for i in range(10):
        s = f"市第{i}局牵头"
        assert R._parse_cached(s, s, False, path) == _parse_as_it_was(s, s, False)
        assert len(R._PARSED_PLAIN) <= 3
    R._parse_cached("x", "x", False, path)  # (back to the table of the other tests)


# ---------------------------------------------------------------- jurisdiction readings


def _parent_as_it_was(name: str, context: str) -> str | None:
    """`_parent_in` as it was: one search over the whole context (the issuer and the body's head
    joined by a line break)."""
    best = None
    key = "市" + name
    q = context.find(key)
    while q >= 0:
        for k in (2, 3, 4):
            p = q - k
            if p < 0 or (best is not None and p > best[0]):
                continue
            if all("\u4e00" <= c <= "\u9fff" for c in context[p:q]) and (best is None or p < best[0]):
                best = (p, q + 1)
        q = context.find(key, q + 1)
    if best is None:
        return None
    city = context[best[0] : best[1]]
    if J._NOT_PLACE.search(city):
        return None
    return city


def _unlisted_as_it_was(title: str, P, issuer: str = "", body: str = "", body_normalized: bool = False):
    m = J._LEAD_PLACE.match(normalize(title).strip())
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
    short = name[len(parent) :] if parent else name
    if parent is None and level in ("district", "county"):
        head = body[:20000]
        context = f"{normalize(issuer)}\n{head}" if body_normalized else normalize(f"{issuer}\n{head}")
        parent = _parent_as_it_was(name, context)
        if parent is not None:
            name = parent + name
    return J.Jurisdiction(
        name=name, level=level, parent=parent, short=short,
        evidence=(f"title names {name} (not in data/jurisdictions.toml)",),
    )


def _detect_as_it_was(title: str, *, issuer: str = "", body: str = "", body_normalized: bool = False):
    P = places()
    provinces = []
    for source in (title, issuer):
        found = J._mentions(source or "", P)
        best = J._most_specific([(i, p) for i, p in found if p.level != "province"], P)
        if best is not None:
            return J._unlisted_below(source, best) or J._jur(best)
        provinces += [p for _, p in found if p.level == "province"]
    for source in (title, issuer):
        unlisted = _unlisted_as_it_was(source or "", P, issuer, body or "", body_normalized)
        if unlisted is not None:
            return unlisted
    inferred = J.infer_jurisdiction(body or "", P, normalized=body_normalized)
    if provinces and not inferred.name:
        return J._jur(provinces[0])
    return inferred


_WORDS = ["关于", "印发", "优化营商环境", "行动方案", "市", "区", "县", "旗", "省", "人民政府", "办公室", "城市",
          "各县区", "\n", "青羊", "弋江", "成都", "芜湖", "泉港", "A", "(", "》", "《", "區", "縣"]


def _words() -> list[str]:
    words = list(_WORDS)
    for place in list(places().by_name.values())[:30]:
        words += [w for w in (place.name, place.short, place.stem) if w]
    return words


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_detect_jurisdiction_equals_the_unmemoised_reading(data):
    words = _words()
    draw = lambda n: "".join(data.draw(st.lists(st.sampled_from(words), max_size=n)))  # noqa: E731
    title, issuer, body = draw(6), draw(4), draw(12)
    for normalized in (False, True):
        b = normalize(body) if normalized else body
        want = _detect_as_it_was(title, issuer=issuer, body=b, body_normalized=normalized)
        for _ in range(2):  # a miss, then the memos' hit
            got = J.detect_jurisdiction(title, issuer=issuer, body=b, body_normalized=normalized)
            assert got == want, (title, issuer, body, normalized)


def test_parent_is_read_from_the_issuer_first_and_only_the_bodys_head():
    P = places()
    title = "青羊区优化营商环境行动方案"
    cases = [
        ("成都市青羊区人民政府", "绵阳市青羊区"),  # the issuer's, before the body's
        ("市青羊区人民政府", "绵阳市青羊区"),  # the issuer's occurrence has no city: the body's
        ("", "A市青羊区\n成都市青羊区"),  # a prefix broken by a non-CJK character
        ("", "城市青羊区"),  # no place
        ("", "x" * 19995 + "成都市青羊区"),  # past the head's 20,000 characters
        ("", "x" * 19990 + "成都市青羊区"),  # inside it
        ("", "\n绵阳市青羊区" + "x" * 30000),
        ("成都\n", "市青羊区"),  # no occurrence spans the line break
        ("", ""),
    ]
    for issuer, body in cases:
        for normalized in (True, False):
            want = _unlisted_as_it_was(title, P, issuer, body, normalized)
            assert J._unlisted_place(title, P, issuer, body, normalized) == want, (issuer, body[-20:])
            assert J._unlisted_place(title, P, issuer, body, normalized) == want  # the memo's hit


def test_detect_jurisdiction_on_sample_lines():
    lines = _sample_lines()
    body = normalize("\n".join(lines))
    for i, line in enumerate(lines):
        issuer = lines[i - 1] if i else ""
        want = _detect_as_it_was(line, issuer=issuer, body=body, body_normalized=True)
        assert J.detect_jurisdiction(line, issuer=issuer, body=body, body_normalized=True) == want
        assert J.detect_jurisdiction(line, issuer=issuer, body=body, body_normalized=True) == want


def test_readings_are_emptied_for_another_place_table_and_bounded(monkeypatch):
    P = places()
    J.detect_jurisdiction("弋江区优化营商环境行动方案", issuer="芜湖市人民政府")
    assert J._READ_FOR[0] is P and J._NAMED_READ and J._UNLISTED_READ
    J._read_for(object())  # another table: nothing read with this one is kept
    assert not J._NAMED_READ and not J._UNLISTED_READ
    monkeypatch.setattr(J, "_READ_MAX", 3)
    for i in range(10):
        title = f"第{i}县优化营商环境行动方案"
        assert J.detect_jurisdiction(title) == _detect_as_it_was(title)
        assert len(J._NAMED_READ) <= 3 and len(J._UNLISTED_READ) <= 3
