"""ext25b's reads, each against the form it replaced:

- `structure._title_ends_at` (a table-of-contents entry's title test read in the paragraph by indices)
  against `_ends_like_title(_cut_trailing_bracket(norm[end:]))`;
- `structure._rx7_start` (heading_title's cut, compiled) against `_RX7.search` / `_RX7_STARTS.search`,
  `_rx8_start` (item_title's bracket-colon cut, compiled) against `_RX8.search(content[:80])`, and
  `heading_title` / `item_title` compiled against their regex forms (`_COMPILED` off: the same strings);
- `structure.find_responsibility`'s shared memo (the first norm of a text kept under the text, any other
  under `(text, norm)`) against the memo keyed by `(text, norm)` it replaced: the same answers, the same
  objects shared by the same calls, the same evictions.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from dutygraph import synth
from dutygraph.extract import structure as S
from dutygraph.loaders import load, load_bytes

ROOT = Path(__file__).resolve().parents[1]


def _docs():
    for path in sorted((ROOT / "data/plans").iterdir()):
        yield load(str(path))
    for d in synth.generate(60, seed=11):
        yield load_bytes(d.data, path=d.name)


_NORMS = None


def _norms() -> list[str]:
    global _NORMS
    if _NORMS is None:
        _NORMS = [p.norm for doc in _docs() for p in S.paragraphs(doc)]
    return _NORMS


# ---------------------------------------------------------------- _toc_entry's title test


def _title_ends_as_it_was(norm: str, end: int) -> bool:
    return S._ends_like_title(S._cut_trailing_bracket(norm[end:]))


def _check_title_ends(norm: str) -> None:
    for end in range(len(norm) + 1):
        j = len(norm) - 1
        while j >= end and norm[j].isspace():
            j -= 1
        if j < end:
            assert not _title_ends_as_it_was(norm, end)
            continue
        assert S._title_ends_at(norm, end, j) == _title_ends_as_it_was(norm, end), (norm, end)


_TITLE_ALPHABET = st.sampled_from(["方案", "计划", "措施", "意见", "办法", "名单", "情况", "报告", "(征求意见稿)",
                                   "(", ")", "\n", " ", "\u3000", "\t", "案", "稿", "市", "局", "牵头", "1.", "、"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_TITLE_ALPHABET, max_size=14).map("".join))
def test_title_ends_at_equals_the_slice_and_strip_form(norm):
    _check_title_ends(norm)


def test_title_ends_at_on_the_documents_lines_and_edges():
    for norm in _norms():
        if len(norm) <= 200:
            _check_title_ends(norm)
    for norm in ["1.行动方案(市局牵头)", "1.行动方案 (征求意见稿) ", "1.方案(a\n b)(c)", "1.(征求意见稿)",
                 "1.x方案\n(征求意见稿)", "1.方案(征求意见稿)(市局)", ")", "(方案)", "方案 \u3000", "1.计划((x)"]:
        _check_title_ends(norm)


# ---------------------------------------------------------------- heading_title / item_title cuts


def _rx7_as_it_was(s: str) -> int:
    m = S._RX7.search(s)
    return m.start() if m is not None else -1


_CUT_ALPHABET = st.sampled_from(list("。:：一二十是 \u3000\t\n)abc牵头单位") + ["一是", " 二是", "\u3000十是", ")\u3000:"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_CUT_ALPHABET, max_size=20).map("".join))
def test_rx7_start_equals_the_pattern(s):
    assert S._rx7_start(s) == _rx7_as_it_was(s)
    m = S._RX7_STARTS.search(s)
    assert S._rx7_start(s) == (m.start() if m is not None else -1)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_CUT_ALPHABET, max_size=20).map("".join), st.integers(0, 90))
def test_rx8_start_equals_the_pattern_before_80(s, pad):
    s = "x" * pad + s  # (a match across the 80th character is cut, as `content[:80]` cuts it)
    m = S._RX8.search(s[:80])
    assert S._rx8_start(s) == (m.start() if m is not None else -1)


def test_cuts_on_the_documents_lines():
    for norm in _norms():
        assert S._rx7_start(norm) == _rx7_as_it_was(norm)
        m = S._RX8.search(norm[:80])
        assert S._rx8_start(norm) == (m.start() if m is not None else -1)
    for s in ["a \u3000一是", "a 一 是", "a\t\t十是x", "a一是", "a :", "a:", "a: b", "a：\u3000", ")" * 81 + ":",
              "x" * 79 + "):", "x" * 78 + "):", "x" * 77 + ") :", "\u00a0一是", "\u2028二是"]:
        assert S._rx7_start(s) == _rx7_as_it_was(s), s
        m = S._RX8.search(s[:80])
        assert S._rx8_start(s) == (m.start() if m is not None else -1), s


def _titles(monkeypatch, compiled: bool) -> list:
    out = []
    with monkeypatch.context() as mp:
        mp.setattr(S, "_COMPILED", compiled)
        for doc in _docs():
            for plan in S.outline(doc):
                out += [(s.title, s.line) for s in plan.sections]
                out += [(i.title, i.line) for i in plan.items]
    return out


def test_heading_and_item_titles_equal_the_regex_forms(monkeypatch):
    compiled = _titles(monkeypatch, S._COMPILED)
    plain = _titles(monkeypatch, False)
    assert compiled == plain and len(compiled) > 1000


@settings(max_examples=800, deadline=None)
@given(st.lists(_CUT_ALPHABET | st.sampled_from(["(责任单位:市局)", "(1)", "。", "  "]), max_size=16).map("".join),
       st.booleans())
def test_item_title_equals_its_regex_form(content, lost):
    was = S._COMPILED
    answers = []
    try:
        for compiled in (True, False):  # (the loops run as Python too: the same answers)
            S._COMPILED = compiled
            S.find_responsibility.cache_clear()
            answers.append(S.item_title(content, lost_char=lost))
    finally:
        S._COMPILED = was
    assert answers[0] == answers[1]


# ---------------------------------------------------------------- find_responsibility's shared memo


class _Counted:
    """A stand-in for `responsibility.find_responsibility` returning a new object each call."""

    def __init__(self):
        self.calls = 0

    def __call__(self, text, norm=None):
        self.calls += 1
        return [text, norm, self.calls]


def _as_it_was(calls, cache_max, shared_max, shared_len, fresh):
    """The memo keyed by (text, norm), as structure.find_responsibility was before ext25b."""
    cache: dict = {}
    shared: dict = {}
    miss = object()
    out = []
    for text, norm, clear in calls:
        if clear:
            cache.clear()
        hit = cache.get(text, miss)
        if hit is miss:
            if len(cache) >= cache_max:
                cache.clear()
            if len(text) <= shared_len:
                key = (text, norm)
                hit = shared.get(key, miss)
                if hit is miss:
                    if len(shared) >= shared_max:
                        shared.clear()
                    hit = shared[key] = fresh(text, norm=norm)
                cache[text] = hit
            else:
                hit = cache[text] = fresh(text, norm=norm)
        out.append(hit)
    return out


def _pattern(answers) -> list:
    """Each answer as the index of the first call that returned the same object, and its value."""
    first: dict[int, int] = {}
    return [(first.setdefault(id(a), k), a[:2]) for k, a in enumerate(answers)]


def _run(monkeypatch, calls, cache_max, shared_max):
    fresh = _Counted()
    with monkeypatch.context() as mp:
        mp.setattr(S, "_find_responsibility", fresh)
        mp.setattr(S, "_RESP_CACHE", {})
        mp.setattr(S, "_RESP_SHARED", {})
        mp.setattr(S, "_RESP_CACHE_MAX", cache_max)
        mp.setattr(S, "_RESP_SHARED_MAX", shared_max)
        out = []
        for text, norm, clear in calls:
            if clear:
                S._RESP_CACHE.clear()
            out.append(S.find_responsibility(text, norm))
        assert len(S._RESP_SHARED) <= shared_max
    old = _Counted()
    was = _as_it_was(calls, cache_max, shared_max, S._RESP_SHARED_LEN, old)
    assert fresh.calls == old.calls
    assert _pattern(out) == _pattern(was)


_TEXTS = ["加强组织领导。", "牵头单位:市局", "a", "b", "c" * 100, "d" * 101, ""]
_NORM_OF = st.sampled_from([None, "加强组织领导。", "a", "b", "x", ""])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_TEXTS), _NORM_OF, st.booleans()), max_size=40),
       st.integers(1, 6), st.integers(1, 6))
def test_shared_memo_equals_the_tuple_keyed_memo(monkeypatch, calls, cache_max, shared_max):
    # (fresh str objects: the memo must compare by value, never by identity)
    calls = [("".join(list(t)), None if n is None else "".join(list(n)), c) for t, n, c in calls]
    _run(monkeypatch, calls, cache_max, shared_max)


def test_shared_memo_on_the_documents_questions(monkeypatch):
    """The (text, norm) questions the outline asks of the samples and synthetic documents, each document's
    memo cleared as `outline` clears it, against the tuple-keyed memo (small bounds: evictions happen)."""
    asked = []

    def record(text, norm=None):
        asked.append((text, norm))
        return None

    with monkeypatch.context() as mp:
        # nothing shared: every question the per-document memo misses reaches `record` — the questions the
        # shared memo is asked
        mp.setattr(S, "_find_responsibility", record)
        mp.setattr(S, "_RESP_SHARED_LEN", -1)
        for doc in _docs():
            asked.append(None)
            S.outline(doc)  # (clears the per-document memo first)
    calls = []
    clear = False
    for a in asked:
        if a is None:
            clear = True
            continue
        calls.append((a[0], a[1], clear))
        clear = False
    assert len(calls) > 1000
    # the documents ask each text with one norm: the same questions with every third one's norm dropped ask
    # texts with two (None and the norm) too
    mixed = [(t, None if k % 3 == 0 else n, c) for k, (t, n, c) in enumerate(calls)]
    assert len({(t, n) for t, n, _ in mixed}) > len({t for t, _, _ in mixed})
    for cache_max, shared_max in ((8192, 8192), (50, 40), (7, 3)):
        _run(monkeypatch, calls, cache_max, shared_max)
        _run(monkeypatch, mixed, cache_max, shared_max)


def test_paragraphs_without_the_count_equal_the_counted_form(monkeypatch):
    """Compiled, `paragraphs` asks `_two_inline_sections` of every line without counting its "、" first (as
    Python the count comes first): the same paragraphs either way."""
    def fields(compiled):
        with monkeypatch.context() as mp:
            mp.setattr(S, "_COMPILED", compiled)
            return [[(p.line, p.start, p.end, p.text, p.norm, p.repairs) for p in S.paragraphs(doc)]
                    for doc in _docs()]
    assert fields(True) == fields(False)


# ---------------------------------------------------------------- title words, Responsibility reads, _walk


def test_title_word_switch_equals_the_title_words():
    assert all(len(w) == 2 for w in S._TITLE_WORDS)  # (what the switch reads)
    chars = sorted({c for w in S._TITLE_WORDS for c in w} | set("市局) \u3000x"))
    for b in chars:
        for c in chars:
            for pad in ("", "a", "方"):
                s = pad + b + c
                for end in range(len(s) + 1):
                    for k in range(end, len(s) + 1):
                        assert S._title_word_before(s, end, k) == s.endswith(S._TITLE_WORDS, end, k), (s, end, k)


def test_responsibility_reads_at_slots_equal_the_attributes(monkeypatch):
    from dutygraph.extract.responsibility import Responsibility, find_responsibility as parse
    if S._COMPILED:
        assert all(at > 0 for at in S._RESP_AT)
    else:
        assert S._RESP_AT == (-1,) * 5
    names = ("lead", "co", "deadline_raw", "clause", "span")
    texts = ["推进改革(责任单位:市发改委、市财政局;完成时限:2023年底)", "(牵头单位:市局;配合单位:区政府)", "无"]
    for t in texts:
        r = parse(t)
        if r is None:
            continue
        for name, at in zip(names, S._RESP_AT):
            assert S._resp_field(r, at, name) is getattr(r, name)
        assert S._clause(r, 3) == S.Clause(tuple(r.lead), tuple(r.co), r.deadline_raw, r.clause, 3)

    class Sub(Responsibility):  # (another type: read by attribute, whatever its layout)
        __slots__ = ()

        def __getattribute__(self, name):
            return ("改过的",) if name == "lead" else object.__getattribute__(self, name)

    sub = Sub(("甲",), (), None, "x", (0, 1))
    assert S._resp_field(sub, S._RESP_AT[0], "lead") == ("改过的",)
    assert S._resp_field(sub, S._RESP_AT[4], "span") == (0, 1)

    def outlines(at):
        with monkeypatch.context() as mp:
            mp.setattr(S, "_RESP_AT", at)
            out = []
            for doc in _docs():
                for plan in S.outline(doc):
                    out.append((plan.clause, [(s.line, s.title, s.clause) for s in plan.sections],
                                [(i.line, i.title, i.clause, i.inherited) for i in plan.items]))
            return out
    assert outlines(S._RESP_AT) == outlines((-1,) * 5)


# ---------------------------------------------------------------- first-character gates


def _words(pattern: str) -> list[str]:
    import re
    body = re.sub(r"^\^?(?:\\s\*)?\(\?:", "", pattern)
    body = body[: body.index(")")] if ")" in body else body
    return [w for w in body.split("|")]


def test_gate_characters_are_the_patterns_first_characters():
    assert set(S._CONTACT_FIRST) == {w[0] for w in _words(S._RE_CONTACT.pattern)}
    assert set(S._NOISE_FIRST) == {w[0] for w in S._RE_NOISE_START.pattern.split("|")}
    assert set(S._ATTACH_REF_FIRST) == {"附", "件"} and S._RE_ATTACH_REF.pattern.startswith("^附?件")
    assert {w[0] for w in _words(S._RX0.pattern)} == set("牵责主配完")


_GATE_CHARS = sorted(set(S._RE_CONTACT.pattern + S._RE_NOISE_START.pattern + S._RE_ATTACH_REF.pattern
                         + S._RX0.pattern + "附件12 \u3000\t:：(>[.x") - set("\\^?*|()[]"))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_GATE_CHARS) | st.sampled_from(
    ["联系人", "联系电话", "电话", "邮箱", "电子邮箱", "传真", "联系方式", "扫一扫", "首页", "来源", "字体", "附件",
     "牵头单位", "责任单位", "主责单位", "主责部门", "配合单位", "完成时限", ".pdf", ".docx"]), max_size=8).map("".join))
def test_gates_equal_the_patterns(n):
    assert S._is_contact(n) == (S._RE_CONTACT.match(n) is not None)
    assert S._is_attach_ref(n) == (S._RE_ATTACH_REF.match(n) is not None)
    assert S._is_noise(n) == bool(S._RE_NOISE.search(n))
    for text in (n, "(" + n + ")", "\u3000" + n + "等"):
        p = S.Para(1, 0, len(text), text, text, ())
        assert S._standalone_clause(p) == _standalone_as_it_was(p)


def _standalone_as_it_was(p):
    norm = p.norm
    head = norm.lstrip()[:1]
    if head not in "([" and not S._RX0.match(norm):
        return None
    resp = S.find_responsibility(p.text, norm)
    if resp is None or resp.span[0] > 2 or not S._is_closing(resp, p.text):
        return None
    if not (resp.lead or resp.co):
        return None
    return resp


def test_gates_on_the_documents_lines():
    edges = [f"{pad}{w}:市发改委、市财政局;{tail}" for w in ("牵头单位", "责任单位", "主责单位", "主责部门", "配合单位")
             for pad in ("", " ", "\u3000") for tail in ("完成时限:2023年底", "")]
    edges += [f"{pad}完成时限:2023年底;{w}:市局" for w in ("牵头单位", "责任单位", "主责单位", "主责部门") for pad in ("", "\t")]
    for norm in edges:  # (each a clause paragraph: "主责单位" / "主责部门" too, lead labels since ext31)
        found = _standalone_as_it_was(S.Para(1, 0, len(norm), norm, norm, ()))
        assert found is not None and (found.lead or found.co), norm
    words = _words(S._RE_CONTACT.pattern) + S._RE_NOISE_START.pattern.split("|") + ["附件", "件", "附件3"]
    words = [w.replace("\\s*", " ").replace("[:：]", "：") for w in words]
    heads = [f"{w}{sep}x" for w in words for sep in (":", " ：", "", ">")]
    assert sum(S._is_contact(n) for n in heads) == 2 * len(_words(S._RE_CONTACT.pattern))
    for norm in _norms() + edges + heads:
        p = S.Para(1, 0, len(norm), norm, norm, ())
        assert S._standalone_clause(p) == _standalone_as_it_was(p)
        n = norm.strip()
        assert S._is_contact(n) == (S._RE_CONTACT.match(n) is not None)
        assert S._is_attach_ref(n) == (S._RE_ATTACH_REF.match(n) is not None)
        assert S._is_noise(n) == bool(S._RE_NOISE.search(n))


def _cover_info_as_it_was(paras):
    issuer, issued = "", None
    for k, p in enumerate(paras):
        n = p.norm.strip()
        if not n[:1].isdecimal():
            continue
        m = S._RE_DATE.fullmatch(n) or S._RX2.fullmatch(n)
        if m is None:
            continue
        issued = S._iso(m)
        names = []
        for q in reversed(paras[max(0, k - 2) : k]):
            t = q.norm.strip()
            if len(t) > 30 or S._has_punct(t) or S.parse_marker(q):
                break
            names.insert(0, q.text.strip())
        if names:
            issuer = "".join(names)
    if not issued or not issuer:
        for p in paras:
            n = p.norm
            if not issued and "发布时间" in n and (m := S._RX3.search(n)):
                issued = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            if not issuer and "来源" in n and (m := S._RX4.search(n)):
                issuer = p.text[m.start(1) : m.end(1)]
    return issuer, issued


def test_cover_info_gate_equals_the_stripped_first_digit_form():
    for doc in _docs():
        paras = S.paragraphs(doc)
        for k in range(0, min(len(paras), 40), 4):
            assert S._cover_info(paras[k : k + 8]) == _cover_info_as_it_was(paras[k : k + 8])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list("2023年1月5日-0 \u3000\t市政府办公室x") + ["2023", "202", "\u0663"]),
                         max_size=12).map("".join), min_size=1, max_size=4))
def test_cover_info_gate_on_generated_covers(lines):
    paras = [S.Para(k, 0, len(t), t, t, ()) for k, t in enumerate(lines)]
    assert S._cover_info(paras) == _cover_info_as_it_was(paras)


def test_cover_info_gate_edges():
    for lines in (["市政府办公室", " 2023年1月5日 "], ["某某局", "\u30002023-01-05"], ["市局", "\t2023年 1 月 5 日"],
                  ["市局", "2023年105"], ["x", "202 3年1月5日"], ["市局", "\u0662\u0660\u0662\u0663-1-5"]):
        paras = [S.Para(k, 0, len(t), t, t, ()) for k, t in enumerate(lines)]
        assert S._cover_info(paras) == _cover_info_as_it_was(paras)
    assert S._cover_info([S.Para(0, 0, 3, "市局", "市局", ()), S.Para(1, 0, 9, "x", " 2023年1月5日", ())]) \
        == ("市局", "2023-01-05")
