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
