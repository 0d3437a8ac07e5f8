"""scan27: `find_platforms` returns () before making its lists where nothing can be found — no listed name
(`_listed_scan`), no “ (a quoted name opens with one) and none of the endings a place-prefixed name needs —
pinned to its form before (kept below, as it was at 015a483, the module's helpers called) on the sample
plans' lines, synthetic lines and hypothesis strings of quotes, listed names, places and platform words:
the same PlatformRefs, in order. Run compiled and as Python, and with the Python forms of the scans."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.extract import platforms as P
from tests.test_scan_loops import _lines


def _old_find_platforms(text: str, *, norm: str | None = None) -> tuple[PlatformRef, ...]:
    """Platforms named in `text`, canonical + as printed (without quotes), in order of appearance.
    `norm`: `P.normalize(text)` when the caller already has it."""
    if not text:
        return ()
    table = P.platform_table()
    if norm is None or len(norm) != len(text):
        norm = P.normalize(text)
    found: list[tuple[int, str, str]] = []  # (position, canonical, mention)
    covered: list[tuple[int, int]] = []

    if P._COMPILED:
        listed, ends_like = P._listed_scan(norm, table)
    else:
        listed, ends_like = [m.span() for m in table.pattern.finditer(norm)], P._ends_like_place_platform(norm)
    halls = bool(listed) and "分厅" in norm  # (what every branch hall ends with; asked only after a listed name)
    for a, b in listed:
        name = table.canonical[norm[a:b]]
        found.append((a, name, text[a:b]))
        covered.append((a, b))
        # "赣服通赣州分厅" / "“赣服通”景德镇分厅": a longer proper name built on a listed one
        hall = P._BRANCH_HALL.match(norm, b) if halls else None
        if hall and "级" not in hall.group("hall"):
            end = hall.end()
            found.append((a, name + hall.group("hall"), P._printed(text, a, end)))
            covered.append((a, end))

    quoted: list[tuple[int, int, int, int]] = []
    if "“" in norm:
        if P._COMPILED:
            quoted = P._quoted_spans(norm)
        else:
            quoted = [(m.start(), *m.span("name"), m.end()) for m in P._QUOTED.finditer(norm)]
    for start, a, b, end in quoted:
        if covered and P._inside(covered, a):
            continue
        read = P._quoted_reading(norm[a:b].strip(), table)
        if read is None:
            continue
        key, ends_as_platform = read
        tail = norm[b + 1 : end]  # the "tail" group (after the closing quote), "" when it took no part
        if tail or ends_as_platform:
            # “工改”系统 is the listed 工程建设项目审批管理系统 (alias 工改系统)
            name = table.canonical.get(key + tail, table.canonical.get(key + tail[-2:], key))
            mention = text[a:b].strip()
            if name == key and tail and P._MODE.search(key):
                # “审管联动”平台 (石嘴山 line 26): the quotes name a way of working, the platform is
                # "审管联动平台" — the mode alone ("审管联动") is no platform
                name, mention = key + tail, P._printed(text, a, end)
            found.append((a, name, mention))
            covered.append((start, end))

    # every place-prefixed name ends in 平台/…系统/服务网/政府采购网/APP: no such ending, no scan
    placed: Iterable[re.Match[str]] = ()
    if ends_like:
        _, pattern, first, leads = P._place_scan()
        placed = P._place_matches(norm, pattern, first, leads) if P._COMPILED else pattern.finditer(norm)
    for m in placed:
        a, b = m.span()
        if P._overlaps(covered, a, b):
            continue
        key = P._norm(m.group(0))
        if key in table.generic:
            continue
        found.append((a, table.canonical.get(key, key), P._printed(text, a, b)))
        covered.append((a, b))

    if not found:
        return ()
    if len(found) > 1:
        found.sort(key=P._by_position)
    seen: set[str] = set()
    out: list[PlatformRef] = []
    for _, name, mention in found:
        if name in seen:
            continue
        seen.add(name)
        out.append(P._new_platform_ref(name, mention))
    return tuple(out)


_PIECES = ["“", "”", "赣服通", "一网通办", "12345", "平台", "系统", "APP", "服务网", "政府采购网", "赣州市", "国家", "分厅",
           "景德镇", "“赣服通”", "政务服务", "信息", "热线", "小程序", "公众号", "，", "。", "审管联动", "1", "2", "企业", "办"]


def _same(text: str, norm: str | None = None) -> None:
    assert P.find_platforms(text, norm=norm) == _old_find_platforms(text, norm=norm)
    saved = P._NATIVE
    P._NATIVE = False  # (the Python forms of the scans)
    try:
        assert P.find_platforms(text, norm=norm) == _old_find_platforms(text, norm=norm)
    finally:
        P._NATIVE = saved


def test_find_platforms_on_sample_and_synthetic_lines():
    lines = _lines()
    assert len(lines) > 3000
    found = gated = 0
    for s in lines:
        _same(s)
        _same(s, norm=s)
        got = P.find_platforms(s)
        found += bool(got)
        gated += not got
    assert found > 100 and gated > 1000
    # `_listed_scan`'s shared answers for a text with no listed word are read, never added to
    assert P._NONE_LISTED == (([], False), ([], True))


def test_listed_scan_without_a_listed_word_answers_the_shared_pair():
    """No listed word: `_listed_scan` answers `_NONE_LISTED[ends]` (no list made), the same values as the
    plain scans; with one, a list of its own."""
    table = P.platform_table()
    for s in ["", "加强监管", "建设公共信用信息平台", "依托赣服通办理", "赣服通和赣服通", "统一平台"]:
        got = P._listed_scan(s, table)
        listed, ends = got
        assert listed == [m.span() for m in table.pattern.finditer(s)] and ends == P._ends_like_place_platform(s), s
        if listed:
            assert listed is not P._NONE_LISTED[0][0] and listed is not P._NONE_LISTED[1][0], s
        else:
            assert got is P._NONE_LISTED[ends], s


def test_find_platforms_at_the_edges():
    for s in ["", "“", "”", "““”", "平台", "“赣服通”", "赣服通", "APP", "赣州市公共信用信息平台", "国家政务服务平台",
              "“景快办”惠企政策兑现平台", "“企业开办服务专区”", "“审管联动”平台", "赣服通赣州分厅", "12345热线",
              # a quoted name with a platform word none of the place endings is: found by its quotes alone
              "“景快办”小程序", "依托“皖事通”客户端办理", "关注“营商环境”公众号", "“鄂汇办”App", "“马上办”热线"]:
        _same(s)
    assert P.find_platforms("依托“皖事通”客户端办理")  # (so the gate's “ test is needed)


_WORDS = ["平台", "系统", "APP", "App", "app", "热线", "小程序", "公众号", "分厅", "服务网", "门户网站", "客户端", ""]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["", "依托", "赣州市", "国家"]), st.text(alphabet=st.sampled_from(list("景快办皖事通企业政务，一")),
       min_size=1, max_size=6), st.sampled_from(_WORDS), st.sampled_from(["", "办理", "。", "赣服通"]))
def test_find_platforms_on_quoted_names(lead, name, word, after):
    _same(f"{lead}“{name}”{word}{after}")
    _same(f"{lead}{name}{word}{after}")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_find_platforms_on_any_pieces(text):
    _same(text)
