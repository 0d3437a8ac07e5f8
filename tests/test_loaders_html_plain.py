"""A plain page is read in one pass (`html.plain_page_lines`) instead of lxml's parse and the walker: the same
lines — source line, collapsed text, note — as `_Walker` over lxml's tree, or None (then lxml reads it).

Pinned here on the samples' and synthetic pages, on hypothesis pages drawn from the plain grammar (nested
<div> and <p> elements, chrome classes and ids, attributes, references, blanks and line breaks before a
<p>'s text, scripts holding "</p>"), and on random damage to those pages and to corpus-like ones: a
character or a snippet ("<", "&", "\r", a NUL, "</p>", "<!--", an upper-case tag, ...) put in, a span cut
out, two spans swapped. Wherever the scan answers, lxml and the walker must answer the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from dutygraph.loaders import html as html_loader
from dutygraph.loaders import load_bytes

ROOT = Path(__file__).resolve().parent.parent


def _walked(text: str):
    """lxml and the walker, as html_lines runs them when the scan declines."""
    text = html_loader._XML_DECL.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    try:
        root = etree.fromstring(text, html_loader._lxml()[0])
    except (etree.ParserError, ValueError):
        return None
    if root is None:
        return None
    walker = html_loader._Walker()
    walker.walk(root)
    walker.flush()
    return walker.lines


def _check(text: str) -> bool:
    """The scan's answer equals lxml's and the walker's when it gives one; whether it gave one. Compiled, the
    scan (html.pxd's `_plain_c`) answers as its Python form `_plain_py` does, None included."""
    got = html_loader.plain_page_lines(text)
    assert got == html_loader._plain_py(text)
    if got is None:
        return False
    assert got == _walked(text), text
    return True


_PAGE = (
    '<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
    "<title>某市2023年营商环境提升行动方案</title>\n<style>p{text-indent:2em} .nav{color:#666}</style>\n"
    "<script>var tip='市发改委牵头';document.title=tip;</script>\n</head>\n<body>\n"
    '<div class="nav">首页 &gt; 政务公开 &gt; 政策文件</div>\n<div class="article">\n'
    "<p>某市2023年营商环境提升行动方案</p>\n<p>一、工作目标</p>\n<p>到年底,企业诉求办理满意率不低于96%。</p>\n"
    "<p>（一）持续降低交易成本</p>\n<p>1.规范经营地址管理。(区市场监督管理局牵头,区医保局参与)</p>\n"
    "<p>组  长:徐杰    副区长</p>\n</div>\n<script>console.log('</p>市假冒局牵头');</script>\n"
    '<div class="footer">扫一扫在手机打开当前页</div>\n</body>\n</html>\n'
)


def test_the_corpus_like_page_is_read_in_one_pass():
    got = html_loader.plain_page_lines(_PAGE)
    assert got is not None and got == _walked(_PAGE)
    assert [n for n, _, _ in got] == [12, 13, 14, 15, 16, 17]
    assert got[-1][1] == "组 长:徐杰 副区长"


def test_the_samples_and_synthetic_pages():
    from dutygraph.synth import generate

    pages = [p.read_text("utf-8", "replace") for p in sorted((ROOT / "tests" / "fixtures" / "loaders").glob("*.html"))]
    pages += [d.data.decode("utf-8", "replace") for d in generate(200, seed=5) if d.name.endswith((".html", ".htm"))]
    read = sum(_check(page) for page in pages)
    assert read >= 1  # (the synthetic pages are plain; the fixtures, real pages, are not)


def test_html_lines_reads_a_plain_page_as_lxml_does():
    # the whole of html_lines (numbers clamped, starts, records) by the scan and by lxml
    got = html_loader.html_lines(_PAGE)
    saved = html_loader.plain_page_lines
    try:
        html_loader.plain_page_lines = lambda text: None
        want = html_loader.html_lines(_PAGE)
    finally:
        html_loader.plain_page_lines = saved
    assert got == want and [repr(x) for x in got[0]] == [repr(x) for x in want[0]]
    data = _PAGE.encode()
    assert load_bytes(data, path="a.html") == load_bytes(data, path="a.html")


_TEXT = st.lists(
    st.sampled_from(["一二", "三 四", "\n", " ", "\t", "\xa0", "&amp;", "&lt;", "&gt;", "&quot;", "a", "。", "\u3000",
                     "（略）", "\ufeff", "\u2028", "x\n\n", "  \n  ", "é"]),
    max_size=8,
).map("".join)
_ATTRS = st.sampled_from(["", ' class="nav"', ' id="main"', ' class="article"', ' class=""', ' lang="zh"',
                          ' class="x" id="footer"', ' data-x="1"', ' class="menu bar"', ' id="share-1"',
                          ' class="a" class="b"', ' style="color:red"'])
_GAP = st.sampled_from(["", "\n", " ", "\n\n", "\t", " \n "])


def _p(attrs: str, text: str) -> str:
    return f"<p{attrs}>{text}</p>"


def _div(attrs: str, children: list[str], gap: str) -> str:
    return f"<div{attrs}>{gap}{gap.join(children)}{gap}</div>"


_BLOCK = st.recursive(
    st.builds(_p, _ATTRS, _TEXT),
    lambda inner: st.one_of(
        st.builds(_div, _ATTRS, st.lists(inner, max_size=4), _GAP),
        st.sampled_from(["<script>x('</p>');</script>", "<style>p{}</style>", "<script></script>"]),
    ),
    max_leaves=12,
)


def _page(doctype: bool, html_attrs: str, head: list[str], body_attrs: str, blocks: list[str], gap: str) -> str:
    return (("<!DOCTYPE html>" if doctype else "") + f"\n<html{html_attrs}>\n<head>{''.join(head)}</head>{gap}"
            f"<body{body_attrs}>{gap}{gap.join(blocks)}{gap}</body>\n</html>{gap}")


_PLAIN = st.builds(
    _page,
    st.booleans(),
    st.sampled_from(["", ' lang="zh"', ' class="nav"']),
    st.lists(st.sampled_from(['<meta charset="utf-8">', "<title>标题</title>", "<style>p{}</style>",
                              "<script>if (a < b) {}</script>", "\n", '<meta charset="gbk">']), max_size=4),
    st.sampled_from(["", ' class="page"', ' id="footer"']),
    st.lists(_BLOCK, max_size=5),
    _GAP,
)


@settings(max_examples=1500, deadline=None)
@given(_PLAIN)
def test_plain_pages(page):
    _check(page)


_SNIPPETS = ["<", ">", "&", "&amp;", "&nbsp;", "&#30053;", "&gt", "\r", "\r\n", "\x00", "\x0c", "\x85", "\ud800",
             "\U00020000", "\ufffe", "</p>", "<p>", "<P>", "<div>", "</div>", "<br>", "<span>x</span>", "<!-- c -->",
             "<?pi?>", "<![CDATA[x]]>", "</script>", "<script>", "</SCRIPT>", "<title>",
             "<table><tr><td>x</td></tr></table>",
             "<article>", "<header>", "<p >", '<p class="nav">', "<p class='x'>", "\n", " ", "一", '"', "</body>",
             "</html>", "<html>", "<head>", "<body>", "<meta>", "<!DOCTYPE html>", "<pre>", "\t", "\xa0"]


@st.composite
def _damaged(draw, pages):
    page = draw(pages)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["put", "cut", "swap"]))
        n = len(page)
        a = draw(st.integers(0, n))
        if kind == "put":
            page = page[:a] + draw(st.sampled_from(_SNIPPETS)) + page[a:]
        elif kind == "cut":
            b = draw(st.integers(a, min(n, a + 12)))
            page = page[:a] + page[b:]
        else:
            b = draw(st.integers(a, n))
            c = draw(st.integers(b, n))
            page = page[:a] + page[b:c] + page[a:b] + page[c:]
    return page


@settings(max_examples=3000, deadline=None)
@given(_damaged(st.one_of(st.just(_PAGE), _PLAIN)))
def test_damaged_pages(page):
    _check(page)


def test_damage_that_the_scan_still_reads_is_read_as_lxml_reads_it():
    # each snippet put at every 7th place of the corpus-like page: the scan's answers, when it gives one,
    # are lxml's, and it gives some (so the comparison above is not vacuous)
    read = 0
    for snippet in _SNIPPETS:
        for a in range(0, len(_PAGE), 7):
            read += _check(_PAGE[:a] + snippet + _PAGE[a:])
    assert read > 200


@pytest.mark.parametrize("text", [
    "<html><head></head><body>" + "<div>" * 70 + "<p>深</p>" + "</div>" * 70 + "</body></html>",
    "<html><head></head><body><p>" + "\n" * 70_000 + "一</p></body></html>",
    "<html><head></head><body><p>" + "一" * 1_000_001 + "</p></body></html>",
])
def test_limits_send_the_page_to_lxml(text):
    assert html_loader.plain_page_lines(text) is None


# (load26) compiled, `_plain_c` counts a <p> text's leading line feeds in one C loop (`_blank_breaks_c`) and
# html_lines finds each line's start from the one before (`_walked_lines_c`); pinned to the forms they
# replace: `s.count("\n", 0, _blank_prefix(s))` and the list of every line's start.

_BLANKISH = st.lists(
    st.sampled_from([" ", "\t", "\n", "\r", "\x0c", "\x0b", "\xa0", "\u3000", "\x85", "\u2028", "\x1c", "一", "a",
                     "\n\n", " \n", "\U00020000", "é"]),
    max_size=12,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_BLANKISH)
def test_blank_breaks_is_the_count_in_the_blank_prefix(s):
    want = s.count("\n", 0, len(s) - len(s.lstrip(html_loader._BLANK)))
    assert html_loader._blank_breaks(s) == want
    assert html_loader._blank_breaks(s + "x" * 40) == want  # (a long tail, each width)


def test_blank_breaks_edge_cases():
    for s, n in [("", 0), ("\n", 1), ("\n\n x\n", 2), ("x\n", 0), ("\xa0\n\u3000\n", 1), ("\r\n\x0b\x0c\n", 2),
                 ("\n\U00020000\n", 1), ("\t\n" * 50 + "一", 50)]:
        assert html_loader._blank_breaks(s) == n, s


def _html_lines_both(text: str, walked: list):
    """html_lines on `text` whose walked lines are `walked`, as run (compiled: `_walked_lines_c`) and by its
    Python loop (`_NATIVE` cleared): both results, repr'd."""
    saved = html_loader.plain_page_lines, html_loader._NATIVE
    try:
        html_loader.plain_page_lines = lambda t: list(walked)
        got = html_loader.html_lines(text)
        html_loader._NATIVE = False
        want = html_loader.html_lines(text)
    finally:
        html_loader.plain_page_lines, html_loader._NATIVE = saved
    return [repr(x) for x in got[0]] + [repr(x) for x in got[1]], [repr(x) for x in want[0]] + [repr(x) for x in want[1]]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(["\n", "a", "一", "\r", "\r\n", "\n\n", "\U00020000", "é", "<p>x</p>"]), max_size=30).map("".join),
    st.lists(st.tuples(st.integers(-2, 40), st.sampled_from(["t", "一", ""]), st.sampled_from(["", "note"])), max_size=12),
)
def test_walked_lines_starts_as_the_list_of_starts(text, walked):
    got, want = _html_lines_both(text, walked)
    assert got == want


def test_walked_lines_edge_cases():
    page = "a\nbb\n\nccc\n"  # lines 1-5 start at 0, 2, 5, 6, 10
    cases = [
        [(1, "x", ""), (2, "y", ""), (3, "z", "n"), (4, "w", ""), (5, "v", ""), (6, "u", ""), (7, "t", "")],
        [(5, "x", ""), (2, "y", ""), (9, "z", ""), (3, "w", "")],  # clamped: 5, 5, 9, 9
        [(0, "x", ""), (-1, "y", ""), (1, "z", "")],
        [(6, "x", ""), (5, "y", "")],  # past the last line, then clamped to it
        [],
    ]
    for walked in cases:
        got, want = _html_lines_both(page, walked)
        assert got == want, walked
    got, _ = _html_lines_both(page, cases[0])
    assert [x.split("start=")[1].split(",")[0].rstrip(")") for x in got[:7]] == ["0", "2", "5", "6", "10", "0", "0"]
    for text in ["", "\n", "一\n二\n", "x" * 100 + "\n" + "一" * 50 + "\n\U00020000\n"]:
        got, want = _html_lines_both(text, [(k, "t", "") for k in range(6)])
        assert got == want, text


# (load28) compiled, `_plain_c` passes over a two-byte page's run of characters U+00A0-U+D7FF at its width (a
# loop over the UCS-2 buffer) before its test of each character; pinned to its Python form (`_check`: the
# scan against `_plain_py`, and lxml where it answers) with each character that borders the run's class put
# at every place of a text — in a <p>, between blocks of a <div> (text that is no <p>'s: nonblank, so the
# page goes to lxml unless the div is hidden) and after the page's end — of CJK, Latin-1 and blank fillers.
_RUN_EDGES = ["\x9f", "\xa0", "\xa1", "\ud7ff", "\ud800", "\udfff", "\ue000", "\ufffd", "\ufffe", "\x85", "<", "&amp;",
              "&", "\n", " ", "\t", "a", "一", "\u3000", "é"]


def test_plain_text_runs_read_at_their_width_as_the_python_form():
    read = 0
    for filler in ["一二三四五六", "é一\xa0二", "\u3000\u3000", "一"]:
        for edge in _RUN_EDGES:
            for a in range(len(filler) + 1):
                text = filler[:a] + edge + filler[a:]
                for page in [
                    f"<html><head></head><body><p>{text}</p></body></html>",
                    f"<html><head></head><body><div>{text}<p>一</p></div></body></html>",
                    f'<html><head></head><body><div class="nav">{text}<p>一</p></div></body></html>',
                    f"<html><head></head><body><p>一</p></body></html>{text}",
                    f"<!DOCTYPE html>{text}<html><head></head><body></body></html>",
                ]:
                    read += _check(page)
    assert read > 300
