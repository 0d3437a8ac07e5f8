"""The HTML walker goes into an element's children only when lxml counts some (`len(el)`): the same
lines, numbers and notes as the walk that always iterated them (`_Iterating` below: the form before),
on the samples' and synthetic pages and on random pages of nested blocks, inline elements, comments,
processing instructions, entities, tables and line breaks (children that are no element)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from dutygraph.loaders import html as html_loader

ROOT = Path(__file__).resolve().parent.parent


class _Iterating(html_loader._Walker):
    """`_Walker` with the two loops as they were: every element's children iterated."""

    def _walk_children(self, el, tag):
        line = el.sourceline or self.line or 1
        if tag == "table":
            self.flush()
            if html_loader._is_layout(el):
                self.layout += 1
                try:
                    self._walk_block(el, line)
                finally:
                    self.layout -= 1
            else:
                self._table(el)
            return
        if tag == "br":
            self.flush()
            return
        if tag in html_loader._BLOCK or (self.layout and tag in ("td", "th")):
            self._walk_block(el, line)
            return
        self.add(el.text, line)
        for child in el:
            self.walk(child)
            self.add(child.tail, child.sourceline or line)

    def _walk_block(self, el, line):
        self.flush()
        self.add(el.text, line)
        for child in el:
            self.walk(child)
            self.add(child.tail, child.sourceline or line)
        self.flush()


def _walked(text: str, cls) -> list[tuple[int, str, str]] | None:
    root = etree.fromstring(text, html_loader._lxml()[0])
    if root is None:
        return None
    walker = cls()
    walker.walk(root)
    walker.flush()
    return walker.lines


def _same(text: str) -> list[tuple[int, str, str]] | None:
    got = _walked(text, html_loader._Walker)
    assert got == _walked(text, _Iterating)
    return got


def test_children_that_are_no_element_are_walked():
    page = ("<html><body>\n<p>一<!-- c -->二</p>\n<p><!-- only -->尾</p>\n<div><?pi x?>三</div>\n"
            "<p>&amp;四</p><p><br/>五</p>\n<span><!--x--></span>六\n</body></html>")
    lines = _same(page)
    assert [t for _, t, _ in lines] == ["一二", "尾", "三", "&四", "五", "六"]
    assert [n for n, _, _ in lines] == [2, 3, 4, 5, 5, 6]


def test_the_samples_and_synthetic_pages():
    from dutygraph.synth import generate

    pages = [p.read_text("utf-8", "replace") for p in sorted((ROOT / "tests" / "fixtures" / "loaders").glob("*.html"))]
    pages += [d.data.decode("utf-8", "replace") for d in generate(120, seed=11) if d.name.endswith((".html", ".htm"))]
    assert len(pages) > 10
    for page in pages:
        _same(html_loader._XML_DECL.sub("", page, count=1))


_LEAF = st.sampled_from(
    ["一二", "三 四", "\n", "", "&amp;", "&#30053;", "<!-- c -->", "<?pi x?>", "<br/>", "五\n六"]
)


def _node(children: list[str], tag: str, attrs: str) -> str:
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


_TREE = st.recursive(
    _LEAF,
    lambda inner: st.builds(
        _node,
        st.lists(inner, max_size=4),
        st.sampled_from(["p", "div", "span", "b", "td", "tr", "table", "li", "ul", "article", "nav", "script", "h1"]),
        st.sampled_from(["", ' class="menu"', ' id="main"']),
    ),
    max_leaves=14,
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_TREE, min_size=1, max_size=4))
def test_random_pages(parts):
    _same("<html><body>\n" + "\n".join(parts) + "\n</body></html>")


# load25: compiled, `_Walker.add` finds the blank run before a line's first character by a loop over the
# str (`_blank_prefix`, html.pxd's `_blank_run_c`) instead of `s.lstrip(...)` and a slice's count, and
# `_collapse` replaces the runs and strips in one C function (`_collapse_c`). `_LStripping` is the walker
# with `add` as it was; both walk random pages whose texts are made of blanks, other white space (U+3000,
# U+0085, U+001C, U+2028: `str.strip`'s but not the walker's) and CJK, and `_collapse` is pinned to
# `_collapse_runs(s).strip()` — the same str, and the very object when nothing changes (ld45: shared alike, now
# that `_collapse_c` makes its str from one buffer instead of joining slices).
class _LStripping(html_loader._Walker):
    def add(self, s, line):
        if not s:
            return
        if not self.started:
            stripped = s.lstrip(" \t\r\n\f\v\u00a0")
            if not stripped:
                self.pieces.append(s)
                return
            self.started = True
            self.line = line + s[: len(s) - len(stripped)].count("\n")
        self.pieces.append(s)


_SPACES = [" ", "\t", "\r", "\n", "\f", "\v", "\xa0", "\u3000", "\x85", "\x1c", "\u2028", "一", "a", "。", "\U00020000"]
_SPACED = st.lists(st.sampled_from(_SPACES), max_size=12).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_SPACED)
def test_blank_prefix_and_collapse_are_the_str_methods(s):
    assert html_loader._blank_prefix(s) == len(s) - len(s.lstrip(" \t\r\n\f\v\u00a0"))
    want = html_loader._collapse_runs(s).strip()
    got = html_loader._collapse(s)
    assert got == want == html_loader._collapse_re(s)
    if html_loader._COMPILED:  # (as Python, `_collapse` is the regexes', which make a new str)
        assert (got is s) == (want is s)
        # (ld45: made from one buffer) shared alike: "" and a one-character Latin-1 str are CPython's own
        assert (got is want) == (want is s or len(want) == 0 or (len(want) == 1 and ord(want) < 256))
    padded = "市" * 45 + s + "é" * 3
    for text in (padded, "é" + s + "a" * 9, s + "\U00020000" + s):
        assert html_loader._collapse(text) == html_loader._collapse_runs(text).strip()
    assert html_loader._blank_prefix(s + padded) == len(s) - len(s.lstrip(" \t\r\n\f\v\u00a0"))


_SPACED_LEAF = st.one_of(_LEAF, _SPACED)
_SPACED_TREE = st.recursive(
    _SPACED_LEAF,
    lambda inner: st.builds(
        _node,
        st.lists(inner, max_size=4),
        st.sampled_from(["p", "div", "span", "b", "td", "tr", "table", "li", "br", "h1", "pre"]),
        st.sampled_from(["", ' class="menu"']),
    ),
    max_leaves=14,
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_SPACED_TREE, min_size=1, max_size=4), _SPACED)
def test_random_blank_pages_walk_as_with_lstrip(parts, gap):
    page = "<html><body>" + gap + gap.join(parts) + "\n</body></html>"
    got = _walked(page, html_loader._Walker)
    assert got == _walked(page, _LStripping)
    assert got == _walked(page, _Iterating)


def test_blank_lines_before_the_text_count_in_its_number():
    page = "<html><body>\n<p> \n\t\n\xa0\n一</p><p>\n\n</p><p>\u3000二</p>\n</body></html>"
    for cls in (html_loader._Walker, _LStripping):
        assert _walked(page, cls) == [(5, "一", ""), (7, "二", "")]  # (U+3000: stripped, as str.strip does)


# load25: `_Walker.walk` reads `el.tag` once and asks `el.get` for the class and id only when `el.keys()`
# names some attribute. `_Getting` is `walk` as it was (two tag reads, both `get`s on every element);
# pinned on pages whose elements carry no attribute, other attributes, empty or chrome class and id values.
class _Getting(html_loader._Walker):
    def walk(self, el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:
            return
        tag = tag.lower()
        if tag in html_loader._DROP:
            return
        cls, ident = el.get("class"), el.get("id")
        if (cls or ident) and html_loader._CHROME.search(f"{cls or ''} {ident or ''}"):
            return
        if tag in html_loader._PAGE_CHROME_TAGS and not self.in_article:
            return
        if tag in html_loader._ARTICLE:
            self.in_article += 1
            try:
                self._walk_children(el, tag)
            finally:
                self.in_article -= 1
            return
        self._walk_children(el, tag)


_ATTRS = st.sampled_from(["", ' class="menu"', ' id="main"', ' class=""', ' id=""', ' lang="zh"', ' CLASS="nav"',
                          ' data-x="1" id="footer"', ' class="text" id="share"', " hidden", ' class=" "',
                          ' style="x" class="article"', ' ID="topbar"'])
_ATTR_TREE = st.recursive(
    _LEAF,
    lambda inner: st.builds(
        _node,
        st.lists(inner, max_size=4),
        st.sampled_from(["p", "div", "span", "b", "td", "tr", "table", "li", "header", "footer", "article", "h1"]),
        _ATTRS,
    ),
    max_leaves=14,
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_ATTR_TREE, min_size=1, max_size=4))
def test_random_pages_with_attributes_walk_as_with_both_gets(parts):
    page = "<html><body>\n" + "\n".join(parts) + "\n</body></html>"
    got = _walked(page, html_loader._Walker)
    assert got == _walked(page, _Getting)
