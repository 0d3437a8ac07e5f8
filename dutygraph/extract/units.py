"""Split a printed list of responsible units into mentions ("市公安局、人社局等单位,各县区政府").

Pure over strings. Matching runs on `normalize(s)` (same length as `s`), so every mention is cut
out of the text as printed (traditional stays traditional). Rules (EXTRACTION.md):
- split on 、 , ， ; ； and on 及/和/与 used as list conjunctions — never inside a name
  (市自然资源和规划局鸠江分局) nor inside brackets (各县〔市、区〕人民政府);
- a list's closing 等/等单位/等部门/等有关单位 is dropped; "X等有关市直部门" is two units;
- run-together names whose separator was lost ("区市监局鸠江公安局") are split at unit suffixes;
- redacted names stay as printed ("市 (略)").
"""

from __future__ import annotations

import re

from dutygraph.loaders.base import runs_compiled

from .reference import norm as normalize

# Endings that close an agency name. Longest first so "分局" wins over "局".
UNIT_SUFFIXES: tuple[str, ...] = (
    "人民政府", "管委会", "管理会", "委员会", "办公室", "分公司", "公司", "集团", "中心支行", "分行", "支行",
    "中心", "分局", "局", "委", "办", "院", "海关", "大队", "支队", "总队", "联合会", "工商联", "总工会",
    "残联", "政府", "单位", "部门", "机构", "银行", "基地", "高校", "镇街", "街道", "园区", "开发区", "部",
    "企业", "协会", "商会", "贸促会", "科协", "侨联", "妇联", "文联", "红十字会",
)
_SUFFIX_RE = re.compile("(?:" + "|".join(map(re.escape, UNIT_SUFFIXES)) + ")$")
# Where a lost separator may be restored: after one of these endings, if what follows is a unit too.
_JOIN_ENDINGS = ("分局", "局", "委", "办", "中心", "公司", "集团", "法院", "海关", "人民政府", "管委会", "大队", "支队")
_JOIN_RE = re.compile("|".join(map(re.escape, sorted(_JOIN_ENDINGS, key=len, reverse=True))))
# Not a unit end although the ending matches: the party/government prefix of a longer name.
_NOT_AN_END = re.compile(r"^(?:[市区县省]|全[市区县]|中共)?委$")
# A join point never falls right after a party/government prefix ("市政府|金融办", "市委|编办").
_NOT_A_JOIN = re.compile(r"^(?:[市区县省]|全[市区县]|中共)?(?:委|政府)$")
# A branch designation that belongs to the name before it: "市医保局" + "鸠江分局".
_BRANCH = re.compile(r"^(?:[\u4e00-\u9fff]{1,3}?(?:分局|支行|分行|分公司|分中心)|[\u4e00-\u9fff]{1,3}(?:支队|大队)$)")
# What may follow a join point and still be a unit on its own (not "公室", "会", "支行").
_BAD_START = re.compile(r"^(?:公室|会|支行|分行|分局|分公司|组织部|员会)")

_SEPARATORS = set("、,;，；")
_CONJUNCTIONS = ("及", "和", "与", "以及")
_TRAILING_ETC = re.compile(r"(?:等(?:有关|相关)?(?:单位|部门|机构)?|等等)$")
# "等有关市直部门" names a further (collective) unit; "等有关单位" only closes the list.
_ETC_SPLIT = re.compile(r"等(?=[\u4e00-\u9fff]{0,10}(?:单位|部门|机构)$)(?!(?:有关|相关)?(?:单位|部门|机构)$)")
_OPEN = "([{"
_CLOSE = ")]}"
_STRIP = " \t\u3000。.:：\"“”'‘’"


# What a list's brackets and separators are (the definitions `_list_shape` and the split loops below
# are pinned to in tests/test_perf_units_resolve.py; the loops decide them a character at a time)
_BRACKET_RE = re.compile(r"[(\[{)\]}]")
_SEPARATOR_RE = re.compile("[" + "".join(sorted(_SEPARATORS)) + "]")


# What `_list_shape` says of a list (bits): it holds a separator 、,;，； / a bracket ([{)]}.
_HAS_SEPARATOR = 1
_HAS_BRACKET = 2


def _is_compiled() -> bool:
    """(A function of this module: compiled, a Cython function; `runs_compiled` reads that.)"""
    return True


# Whether units.pxd's C functions (`_shape_c`, `_cuts_c`) exist: compiled only. Tests switch it off
# to run the typed loops compiled.
_NATIVE = runs_compiled(_is_compiled)


def _list_shape(norm: str) -> int:
    """`_HAS_SEPARATOR` if `_SEPARATOR_RE.search(norm)`, plus `_HAS_BRACKET` if
    `_BRACKET_RE.search(norm)`: one character loop (typed, compiled: a C loop over the code points)
    instead of two regex scans, each ~20 ns a character in the engine's class test. Compiled,
    units.pxd's `_shape_c` reads the str's buffer (a character between 、 and ， — every CJK one — is
    none of the eleven: one range test)."""
    if _NATIVE:
        return _shape_c(norm)  # noqa: F821 - units.pxd's (it exists only compiled)
    shape = 0
    for c in norm:
        if c == "、" or c == "," or c == "，" or c == ";" or c == "；":
            shape |= _HAS_SEPARATOR
        elif c == "(" or c == "[" or c == "{" or c == ")" or c == "]" or c == "}":
            shape |= _HAS_BRACKET
    return shape


def _top_level_splits(norm: str) -> list[tuple[int, int]]:
    """Spans of `norm` between top-level separators (brackets protect their content)."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    i = 0
    for c in norm:
        if c == "(" or c == "[" or c == "{":
            depth += 1
        elif c == ")" or c == "]" or c == "}":
            if depth > 0:
                depth -= 1
        elif depth == 0 and (c == "、" or c == "," or c == "，" or c == ";" or c == "；"):
            spans.append((start, i))
            start = i + 1
        i += 1
    spans.append((start, len(norm)))
    return spans


def _trim(s: str, norm: str, a: int, b: int) -> tuple[int, int]:
    """`a` past and `b` back over _STRIP's characters (written out and compared as typed code points,
    compiled: no 1-character str made and searched in _STRIP; tests pin them to it)."""
    while a < b:
        ch = norm[a]
        if ch in " \t\u3000。.:：\"“”'‘’":
            a += 1
        else:
            break
    while b > a:
        ch = norm[b - 1]
        if ch in " \t\u3000。.:：\"“”'‘’":
            b -= 1
        else:
            break
    return a, b


# Memos of this module's pure functions of a (normalised) string: plain dicts read by `.get` (compiled,
# the .pxd types them, so a hit is the key's hash and one probe — an lru_cache's hit also goes through
# its wrapper's call and moves its link, ~1k instructions for a short piece, and a unit's name or a
# list piece is asked about again and again). Bounded as the lru caches they replace: each is cleared
# when it holds _MEMO_MAX answers.
_MEMO_MAX = 1 << 14
_UNIT_MEMO: dict[str, bool] = {}  # looks_like_unit
_NAMES_MEMO: dict[str, tuple[str, ...]] = {}  # unit_names_of_norm
_SPANS_MEMO: dict[str, tuple[tuple[int, int], ...]] = {}  # unit_spans_of_norm
_PIECE_NAMES_MEMO: dict[str, tuple[str, ...]] = {}  # _piece_names
_PIECE_SPANS_MEMO: dict[str, tuple[tuple[int, int], ...]] = {}  # _piece_spans


def looks_like_unit(norm: str) -> bool:
    """A whole (normalised) string that reads as an agency name or a collective of them (memoised:
    `_looks_like_unit`)."""
    memo = _UNIT_MEMO  # (locals the .pxd types dicts: compiled, .get is a direct call)
    hit = memo.get(norm)
    if hit is None:
        cap = _MEMO_MAX  # (typed by the .pxd: compiled, a compare of C integers, no int made of the size)
        if len(memo) >= cap:
            memo.clear()
        hit = memo[norm] = _looks_like_unit(norm)
    return hit


def _looks_like_unit(norm: str) -> bool:
    """`looks_like_unit`, computed."""
    norm = norm.strip()
    if len(norm) < 2:
        return False
    if "略" in norm:
        return True
    return _has_unit_suffix(norm) and not _not_an_end(norm)


# _SUFFIX_RE.search and _NOT_AN_END.match with str methods (a "$"-anchored alternation is tried
# at every position): "$" matches at the end and before a final newline.
_NOT_AN_END_NAMES = frozenset(p + "委" for p in ("", "市", "区", "县", "省", "全市", "全区", "全县", "中共"))


# UNIT_SUFFIXES by their last character: `_has_unit_suffix` compares only the few that end in the text's own last
# character, where `endswith(UNIT_SUFFIXES)` compared all 46 with a text that ends in none of them
_SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {
    s[-1]: tuple([t for t in UNIT_SUFFIXES if t[-1] == s[-1]]) for s in UNIT_SUFFIXES
}


def _has_unit_suffix(norm: str) -> bool:
    """`bool(_SUFFIX_RE.search(norm))` ("$" also matches before a final newline, and no suffix holds one)."""
    if norm.endswith("\n"):
        norm = norm[:-1]
    by_last = _SUFFIXES_BY_LAST  # (locals the .pxd types dicts: compiled, .get is a direct call)
    return norm.endswith(by_last.get(norm[-1:], ()))


def _not_an_end(norm: str) -> bool:
    """`bool(_NOT_AN_END.match(norm))`."""
    return norm in _NOT_AN_END_NAMES or (norm.endswith("\n") and norm[:-1] in _NOT_AN_END_NAMES)


# A bare place in a list that shares its "人民政府" with a later item:
# "南康區、瑞金市、定南縣、龍南市人民政府" (赣州 line 359) names four governments.
_BARE_PLACE = re.compile(r"^(?![全各本我该此])[\u4e00-\u9fff]{2,4}(?:区|县|市|旗)$")


def looks_like_units(norms: list[str]) -> bool:
    """Every (normalised) mention of a list reads as a unit; a bare place counts when a later
    mention of the same list ends with 人民政府/政府 (the suffix is shared)."""
    if not norms:
        return False
    for i, n in enumerate(norms):
        if looks_like_unit(n):
            continue
        if _BARE_PLACE.match(n.strip()) and _shares_government(norms, i + 1):
            continue
        return False
    return True


def _shares_government(norms: list[str], start: int) -> bool:
    """`any(m.strip().endswith("政府") for m in norms[start:])` (a loop, not a generator: no
    closure, so the compiled function can be cpdef)."""
    for m in norms[start:]:
        if m.strip().endswith("政府"):
            return True
    return False


def _ends_unit(norm: str) -> bool:
    return _has_unit_suffix(norm) and not _not_an_end(norm) and len(norm) >= 2


def _split_conjunctions(norm: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split on 及/和/与 when the left part closes a unit name and the right part is one."""
    piece = norm[a:b]
    for conj in _CONJUNCTIONS:
        pos = piece.find(conj)
        while pos > 0:
            left, right = piece[:pos], piece[pos + len(conj):]
            if _ends_unit(left) and (looks_like_unit(right) or right.startswith(("各", "有关", "相关"))):
                return [(a, a + pos)] + _split_conjunctions(norm, a + pos + len(conj), b)
            pos = piece.find(conj, pos + 1)
    return [(a, b)]


def _split_run_together(norm: str, a: int, b: int) -> list[tuple[int, int]]:
    """"区市监局鸠江公安局" -> 区市监局 | 鸠江公安局; "市医保局鸠江分局" stays one name."""
    piece = norm[a:b]
    if "略" in piece or "(" in piece or "[" in piece:
        return [(a, b)]
    cut = 0
    while True:
        cut = _join_end(piece, cut)  # (the next `_JOIN_RE.finditer(piece)` match's end)
        if cut < 0:
            break
        left, right = piece[:cut], piece[cut:]
        # (the tests are pure: the cheap ones first — `_not_a_join` and `_bad_start`, a set and a tuple of
        # str, for the patterns' `.match`; `_BRANCH`'s last)
        if len(left) < 3 or len(right) < 2 or _not_a_join(left):
            continue
        if right.startswith(("会", "公", "等")) or _bad_start(right) or _is_branch(right):
            continue
        if not _ends_unit(right):
            continue
        # the right part must itself split or stand as a whole unit
        rest = _split_run_together(norm, a + cut, b)
        return [(a, a + cut)] + rest
    return [(a, b)]


# _NOT_A_JOIN.match and _BAD_START.match with str methods (a pattern called per join point, each call ~1k
# instructions compiled): "$" matches at the end and before a final newline.
_NOT_A_JOIN_NAMES = frozenset(p + e for p in ("", "市", "区", "县", "省", "全市", "全区", "全县", "中共") for e in ("委", "政府"))
_BAD_STARTS = ("公室", "会", "支行", "分行", "分局", "分公司", "组织部", "员会")


def _not_a_join(left: str) -> bool:
    """`bool(_NOT_A_JOIN.match(left))`."""
    return left in _NOT_A_JOIN_NAMES or (left[-1:] == "\n" and left[:-1] in _NOT_A_JOIN_NAMES)


def _bad_start(right: str) -> bool:
    """`bool(_BAD_START.match(right))`."""
    return right.startswith(_BAD_STARTS)


# _BRANCH.match, _ETC_SPLIT.search and _TRAILING_ETC.search read by position (a pattern call and its Match were
# ~1-3k instructions compiled): typed loops over the code points and set lookups of the patterns' words. A newline
# in the text read, before which "$" matches too, leaves it to the pattern itself. Tests pin each to its pattern.
_BRANCH_WORDS = ("分局", "支行", "分行", "分公司", "分中心")
_BRANCH_ENDS = ("支队", "大队")
_UNIT_WORDS = frozenset(("单位", "部门", "机构"))
_ETC_ENDS = frozenset(p + w for p in ("", "有关", "相关") for w in _UNIT_WORDS)  # (_ETC_SPLIT's negative lookahead)
_TRAILING_ETCS = frozenset(["等", "等有关", "等相关", "等等"] + ["等" + w for w in _ETC_ENDS])  # (_TRAILING_ETC's words)


def _is_branch(right: str) -> bool:
    """`bool(_BRANCH.match(right))`: 1 to 3 CJK characters, then a branch word (分局 支行 分行 分公司 分中心) or,
    ending the text, 支队/大队."""
    if "\n" in right:
        return _BRANCH.match(right) is not None
    k = 0
    for c in right:
        if k == 3 or not ("\u4e00" <= c <= "\u9fff"):
            break
        k += 1
        if right.startswith(_BRANCH_WORDS, k) or (len(right) == k + 2 and right.endswith(_BRANCH_ENDS)):
            return True
    return False


def _etc_split_at(norm: str, ca: int, cb: int) -> int:
    """`m.start()` of `m = _ETC_SPLIT.search(norm, ca, cb)`, else -1 (0 <= ca, cb <= len(norm)): the first 等 followed by at most 10
    CJK characters and a unit word (单位 部门 机构) ending at `cb`, but not by that word alone, nor by 有关/相关 and
    it. Read back from the word: only the CJK run before it can hold such a 等."""
    if norm.find("\n", ca, cb) >= 0:
        m = _ETC_SPLIT.search(norm, ca, cb)
        return -1 if m is None else m.start()
    w = cb - 2
    if w <= ca or norm[w:cb] not in _UNIT_WORDS:
        return -1
    first = -1
    p = w - 1
    while p >= ca and w - p - 1 <= 10:
        c = norm[p]
        if c == "等" and norm[p + 1 : cb] not in _ETC_ENDS:
            first = p  # (the leftmost one is the search's)
        if not ("\u4e00" <= c <= "\u9fff"):
            break
        p -= 1
    return first


def _trailing_etc_at(norm: str, pa: int, pb: int) -> int:
    """`m.start()` of `m = _TRAILING_ETC.search(norm[pa:pb])`, else -1 (0 <= pa, pb <= len(norm)): where the longest of the pattern's words
    (at most 5 characters) that ends norm[pa:pb] begins, relative to `pa`."""
    if norm.find("\n", pa, pb) >= 0:
        m = _TRAILING_ETC.search(norm[pa:pb])
        return -1 if m is None else m.start()
    i = pb - 5 if pb - 5 > pa else pa
    while i < pb:
        c = norm[i]
        if c == "等" and norm[i:pb] in _TRAILING_ETCS:
            return i - pa
        i += 1
    return -1


# _JOIN_RE's words by their first character (no two share one: at a position the pattern tries them in
# turn and at most one can match there), for `_join_end`; tests pin them to _JOIN_ENDINGS.
_JOIN_BY_FIRST = {w[0]: w for w in _JOIN_ENDINGS}


def _join_end(piece: str, pos: int) -> int:
    """`m.end()` of `_JOIN_RE.search(piece, pos)`, else -1 (0 <= pos): the first position from `pos` where
    one of _JOIN_ENDINGS starts — each word known by its first character, written out and compared as a
    typed code point (compiled, a C loop; the pattern's search made a Match object and an iterator step
    per join point) — and the end of that word."""
    i = -1
    for c in piece:  # (iterated, not indexed: compiled, a read of the code point, no bounds check)
        i += 1
        if i < pos:
            continue
        if c == "局" or c == "委" or c == "办":
            return i + 1
        if c == "分":
            word = "分局"
        elif c == "中":
            word = "中心"
        elif c == "公":
            word = "公司"
        elif c == "集":
            word = "集团"
        elif c == "法":
            word = "法院"
        elif c == "海":
            word = "海关"
        elif c == "大":
            word = "大队"
        elif c == "支":
            word = "支队"
        elif c == "人":
            word = "人民政府"
        elif c == "管":
            word = "管委会"
        else:
            continue
        if piece.startswith(word, i):
            return i + len(word)
    return -1


def split_unit_spans(s: str) -> tuple[tuple[int, int], ...]:
    """Character spans (into `s`) of every unit mention in the list `s` (cached: lists recur)."""
    return unit_spans_of_norm(normalize(s))


def unit_spans_of_norm(norm: str) -> tuple[tuple[int, int], ...]:
    """`split_unit_spans` of a list already normalised (the spans are read on `norm` alone, so a
    caller that has the normalised text saves normalising it again). Memoised: lists recur."""
    memo = _SPANS_MEMO
    hit = memo.get(norm)
    if hit is None:
        cap = _MEMO_MAX  # (typed by the .pxd: compiled, a compare of C integers, no int made of the size)
        if len(memo) >= cap:
            memo.clear()
        hit = memo[norm] = tuple(_split_unit_spans(norm))
    return hit


def _split_unit_spans(norm: str) -> list[tuple[int, int]]:
    shape = _list_shape(norm)
    if not shape & _HAS_SEPARATOR:  # one piece (no separator at all): the common case
        return list(_piece_spans(norm))
    out: list[tuple[int, int]] = []
    # the pieces between top-level separators (brackets protect their content; without brackets every
    # separator is top-level), each read as the loop finds its end: `_top_level_splits`' loop, with no
    # list of (start, end) tuples made between (the pieces are asked for in the same order)
    depth = 0
    start = 0
    i = 0
    for c in norm:
        if c == "(" or c == "[" or c == "{":
            depth += 1
        elif c == ")" or c == "]" or c == "}":
            if depth > 0:
                depth -= 1
        elif depth == 0 and (c == "、" or c == "," or c == "，" or c == ";" or c == "；"):
            _extend_piece_spans(out, norm, start, i)
            start = i + 1
        i += 1
    _extend_piece_spans(out, norm, start, len(norm))
    return out


def _extend_piece_spans(out: list[tuple[int, int]], norm: str, a: int, b: int) -> None:
    """The spans of the top-level piece norm[a:b], shifted by `a`, added to `out`."""
    # a top-level piece splits on its own text alone: lists are new combinations of pieces
    # that recur ("市发改委", "各县(市、区)人民政府"), so pieces are cached, not only lists
    spans = _piece_spans(norm[a:b])
    if a and spans:
        out.extend([(a + x, a + y) for x, y in spans])  # (extend: compiled, a direct call)
    else:
        out.extend(spans)


def unit_names_of_norm(norm: str) -> tuple[str, ...]:
    """`tuple(norm[a:b] for a, b in unit_spans_of_norm(norm))`: the mentions of a list that is
    printed as it is normalised (most are). Memoised: a clause's list recurs (a label's list inside
    new combinations of labels, a lead before new co-units)."""
    memo = _NAMES_MEMO
    hit = memo.get(norm)
    if hit is None:
        cap = _MEMO_MAX  # (typed by the .pxd: compiled, a compare of C integers, no int made of the size)
        if len(memo) >= cap:
            memo.clear()
        hit = memo[norm] = _unit_names(norm)
    return hit


# How many separators' places `_unit_names` keeps, compiled (the size of its C array in units.pxd).
_CUTS_ROOM = 64


def _unit_names(norm: str) -> tuple[str, ...]:
    """`unit_names_of_norm`, computed: read piece by piece where no bracket protects a separator
    (each piece's mentions memoised)."""
    if _NATIVE:
        # compiled: the list's shape and its separators' places in one C scan of the str's buffer (`_cuts_c`), the
        # places kept in a C array (`at`, typed by the .pxd) — no list of ints; a list with more separators than
        # it holds is read by the typed loop below. The same pieces asked for in the same order.
        count = _cuts_c(norm, at, _CUTS_ROOM)  # noqa: F821 - units.pxd's (they exist only compiled)
        if count == -1:  # (a separator and a bracket)
            return tuple([norm[a:b] for a, b in _split_unit_spans(norm)])
        if count <= 0:  # (no separator)
            return _piece_names(norm)
        if count <= _CUTS_ROOM:
            out: list[str] = []
            a = 0
            for k in range(count):
                i = at[k]  # noqa: F821
                _add_piece_names(out, norm[a:i])
                a = i + 1
            _add_piece_names(out, norm[a:])
            return tuple(out)
    # one pass for `_list_shape` and the separators' places (the pieces are asked for only after it: a
    # list with a bracket is read by `_split_unit_spans`, its pieces not asked for here)
    cuts: list[int] = []
    i = 0
    for c in norm:
        if c == "、" or c == "," or c == "，" or c == ";" or c == "；":
            cuts.append(i)
        elif c == "(" or c == "[" or c == "{" or c == ")" or c == "]" or c == "}":
            if cuts or _list_shape(norm) & _HAS_SEPARATOR:
                return tuple([norm[a:b] for a, b in _split_unit_spans(norm)])
            return _piece_names(norm)
        i += 1
    if not cuts:
        return _piece_names(norm)
    out: list[str] = []
    a = 0
    for i in cuts:  # every separator is top-level: the pieces between them (each one character)
        _add_piece_names(out, norm[a:i])
        a = i + 1
    _add_piece_names(out, norm[a:])
    return tuple(out)


def _add_piece_names(out: list[str], piece: str) -> None:
    """`out.extend(_piece_names(piece))`: a piece of one mention (most are) appended (compiled, an inline append
    where extend was a call into the list's code)."""
    names = _piece_names(piece)
    if len(names) == 1:
        out.append(names[0])
    else:
        out.extend(names)


def _piece_names(norm: str) -> tuple[str, ...]:
    """The mentions of one top-level piece of a list (normalised; memoised)."""
    memo = _PIECE_NAMES_MEMO
    hit = memo.get(norm)
    if hit is None:
        cap = _MEMO_MAX  # (typed by the .pxd: compiled, a compare of C integers, no int made of the size)
        if len(memo) >= cap:
            memo.clear()
        hit = memo[norm] = tuple([norm[a:b] for a, b in _piece_spans(norm)])
    return hit


def _piece_spans(norm: str) -> tuple[tuple[int, int], ...]:
    """Spans of the mentions in one top-level piece of a list (normalised), relative to it
    (memoised: `_piece_spans_of`)."""
    memo = _PIECE_SPANS_MEMO
    hit = memo.get(norm)
    if hit is None:
        cap = _MEMO_MAX  # (typed by the .pxd: compiled, a compare of C integers, no int made of the size)
        if len(memo) >= cap:
            memo.clear()
        hit = memo[norm] = _piece_spans_of(norm)
    return hit


def _piece_spans_of(norm: str) -> tuple[tuple[int, int], ...]:
    """`_piece_spans`, computed."""
    out: list[tuple[int, int]] = []
    a, b = _trim(norm, norm, 0, len(norm))
    if a >= b:
        return ()
    etc_in = "等" in norm  # (both patterns below match at a 等 only: without one, neither is searched)
    for ca, cb in _split_conjunctions(norm, a, b):
        # "X等有关市直部门" -> X | 有关市直部门; a closing "等单位" is dropped
        cut = _etc_split_at(norm, ca, cb) if etc_in else -1  # (the 等 is one character: the second part after it)
        parts = [(ca, cut), (cut + 1, cb)] if cut > ca else [(ca, cb)]
        for pa, pb in parts:
            etc = _trailing_etc_at(norm, pa, pb) if etc_in else -1
            if etc > 0:
                pb = pa + etc
            pa, pb = _trim(norm, norm, pa, pb)
            if pa < pb:
                out.extend(_split_run_together(norm, pa, pb))
    return tuple(out)


def split_units(s: str) -> list[str]:
    """Unit mentions as printed, in order ("市公安局、人社局等单位,各县区政府" -> 3 mentions)."""
    return [s[a:b] for a, b in split_unit_spans(s) if s[a:b].strip()]
