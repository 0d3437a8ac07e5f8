"""Web pages saved from government sites (.html/.htm) via lxml.

Decoding follows the BOM, then the page's own <meta charset>, then detection (decode.py). Script,
style and navigation-like elements are dropped; block elements and <br> break lines; tables go
through table.py like .docx tables. `RawLine.number` is the line of the .html file where the text
starts (lxml's sourceline plus the newlines before the first character). The page is parsed, never
rendered or run: text stays text.
"""

from __future__ import annotations

import codecs
import re
from itertools import accumulate

from ..errors import LoadError
from ..records import Repair
from .base import Parsed, RawLine, new_repair, raw_line, runs_compiled
from .decode import decode, sniff_binary
from .table import table_lines

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")

_DROP = frozenset(
    "script style noscript template iframe object embed svg canvas nav aside form "
    "select button input textarea head title meta link map audio video".split()
)
# page banners and footers, unless inside the article (where <header> holds its title)
_PAGE_CHROME_TAGS = frozenset({"header", "footer"})
_ARTICLE = frozenset({"article", "main"})
_BLOCK = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 section article main blockquote pre dd dt dl table tr "
    "center address figure figcaption hr body html".split()
)
# class/id tokens of page chrome around the article
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumb|footer|sidebar|share|toolbar|copyright|topbar)(?:$|[\s_-])",
    re.IGNORECASE,
)
_WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_CJK_EDGE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950"}.get(codec, codec)


def parse(data: bytes, *, path: str) -> Parsed:
    if not data or data.isspace():  # (= `not data.strip()`, without a copy of the file)
        raise LoadError("empty file", path=path)
    sniff_binary(data, path=path)
    repairs: list[Repair] = []
    warnings: list[str] = []
    declared = _charset(data)
    text = None
    encoding = ""
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode(declared)
            encoding = {"cp950": "big5"}.get(declared, declared)
        except UnicodeDecodeError:
            warnings.append(f"{path}: page declares charset {declared} but is not in it; detecting")
    if text is None:
        decoded = decode(data, path=path)
        text, encoding = decoded.text, decoded.encoding
        repairs += decoded.repairs
        warnings += decoded.warnings
    try:
        lines, notes = html_lines(text)
    except RecursionError:
        raise LoadError("HTML nested too deeply to read", path=path) from None
    return Parsed(f"html:{encoding}", "html", lines, repairs + notes, warnings)


def html_lines(text: str) -> tuple[list[RawLine], list[Repair]]:
    """Pure: decoded page text -> numbered text lines (numbers are source lines of the page),
    and the format notes of task-table rows."""
    from lxml import etree

    # lxml refuses str input that carries an XML declaration; blank it, keeping line numbers.
    text = _XML_DECL.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    walked = plain_page_lines(text)  # a plain page read in one pass; None: lxml and the walker read it
    if walked is None:
        try:
            root = etree.fromstring(text, _lxml()[0])
        except (etree.ParserError, ValueError):
            return [], []
        if root is None:  # an empty document (lxml.html.document_fromstring raises ParserError for it)
            return [], []
        walker = _Walker()
        walker.walk(root)
        walker.flush()
        walked = walker.lines
    if _NATIVE:  # the same loop, each start found from the one before (html.pxd's `_walked_lines_c`)
        return _walked_lines_c(text, walked, raw_line, new_repair)  # noqa: F821 - html.pxd's, compiled only
    # where each source line starts (after each "\n"): summed from the lines' lengths, without a
    # match object per line
    starts = list(accumulate([len(line) + 1 for line in text.split("\n")[:-1]], initial=0))
    out: list[RawLine] = []
    notes: list[Repair] = []
    last = 0
    for line_no, content, note in walked:
        line_no = max(line_no, last)  # source order never runs backwards
        last = line_no
        start = starts[line_no - 1] if 0 < line_no <= len(starts) else 0
        out.append(raw_line(line_no, content, start))  # (= RawLine(...), made in C compiled)
        if note:
            notes.append(new_repair("table-row", line_no, note))  # (= Repair(...))
    return out, notes


# ---------------------------------------------------------------- plain pages, in one pass

# A plain page: "<!DOCTYPE html>" (or nothing) and then <html>, a <head> of <meta>, <title>, <style> and
# <script> elements, and a <body> of <div> and <p> elements (and <script> and <style>), each start tag on
# one line with lowercase names and double-quoted attribute values free of "&", "<", ">" and line breaks,
# every element closed by its own end tag in order; text only inside a <p> or a chrome <div> (white space
# " ", "\t", "\n" elsewhere), made of characters that need no decision (no "<", ">", "\r", control,
# surrogate or non-character, nothing beyond the BMP) and the references &amp; &lt; &gt; &quot;. For such
# a page lxml's
# tree holds exactly these elements, each <p>'s text as written with its references decoded, and
# `sourceline` the line of its start tag; `plain_page_lines` gives what `_Walker` gives for that tree.
# Anything else — and any doubt — is left to lxml (None).
# (the characters below: printable ASCII, U+00A0 to U+D7FF, U+E000 to U+FFFD less the non-characters
# U+FDD0 to U+FDEF — no control, "\r", surrogate or character beyond the BMP, on which lxml's input
# may differ)
# an attribute's value: those characters but '"', "&", "<", ">"
_PLAIN_VALUE = "[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd]*"
_PLAIN_TAG = re.compile(f'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z-]*="{_PLAIN_VALUE}")*)>')
_PLAIN_ATTR = re.compile(r' ([a-z][a-z-]*)="([^"]*)"')
# characters a plain text run may hold: tab, line feed and those above but "&", "<", ">"
_PLAIN_TEXT = re.compile("[\t\n\x20-\x25\x27-\x3b\x3d\x3f-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd]*")
# characters the content of a <title>, <style> or <script> may hold: tab, line feed and those above
_PLAIN_RAW_TEXT = re.compile("[\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd]*")
_PLAIN_MAX_CHARS = 1_000_000  # a longer page (or one of more lines or deeper nesting below) goes to lxml,
_PLAIN_MAX_LINES = 60_000  # far inside libxml2's limits: text nodes, line numbers (65,535 in a node),
_PLAIN_MAX_DEPTH = 64  # nesting (lxml's HTML parser keeps 256 levels)
_PLAIN_REFS = {"amp;": "&", "lt;": "<", "gt;": ">", "quot;": '"'}
_PLAIN_PARENTS = {
    "head": ("html",), "body": ("html",), "meta": ("head",), "title": ("head",),
    "style": ("head", "body", "div"), "script": ("head", "body", "div"), "div": ("body", "div"), "p": ("body", "div"),
}
_PLAIN_RAW = frozenset({"title", "style", "script"})


def _plain_text(run: str) -> str | None:
    """A text run of a plain page with its references decoded, or None when it holds anything else."""
    if _PLAIN_TEXT.fullmatch(run) is None:
        if "&" not in run:
            return None
        parts = run.split("&")
        out = [parts[0]]
        for part in parts[1:]:
            ref = part[: part.find(";") + 1]
            if ref not in _PLAIN_REFS:
                return None
            out += [_PLAIN_REFS[ref], part[len(ref):]]
        run = "".join(out)
        if _PLAIN_TEXT.fullmatch("".join(parts)) is None:
            return None
    return run


def plain_page_lines(text: str) -> list[tuple[int, str, str]] | None:
    """`_Walker`'s lines (source line, text, note) of a plain page (above) read in one pass over `text`, or
    None when `text` is not one. Its <p> elements outside dropped (`_DROP`) and chrome (`_CHROME`)
    elements each give a line: the collapsed text, at the <p>'s line plus the line breaks before its
    first character. Compiled, a loop over the str's characters (html.pxd's `_plain_c`); as Python,
    `_plain_py`, its definition (str methods and regexes)."""
    if _NATIVE:
        return _plain_c(text, _plain_text, _CHROME.search, _PLAIN_MAX_CHARS, _PLAIN_MAX_LINES)  # noqa: F821
    return _plain_py(text)


def _plain_py(text: str) -> list[tuple[int, str, str]] | None:
    """`plain_page_lines` by str methods and regexes (its form as Python, and the definition `_plain_c`
    is pinned to)."""
    n = len(text)
    if n > _PLAIN_MAX_CHARS:
        return None
    i = 15 if text.startswith("<!DOCTYPE html>") else 0
    line = 1
    stack: list[str] = []
    hidden: list[bool] = []  # per open element: it or an ancestor is dropped or chrome
    opened = [False, False, False]  # html, head, body seen
    closed = False  # </html> seen
    out: list[tuple[int, str, str]] = []
    p_line = 0
    p_text: str | None = None
    while i < n:
        j = text.find("<", i)
        if j < 0:
            j = n
        if j > i:
            run = text[i:j]
            if stack and stack[-1] == "p":
                p_text = _plain_text(run)
                if p_text is None:
                    return None
            elif run.strip(" \t\n") and not (stack and stack[-1] == "div" and hidden[-1] and _plain_text(run)):
                return None  # (text outside a <p> only where nothing is read: in a chrome <div>; in <html> or
                # <head>, lxml would open an implied <body> for it)
            line += run.count("\n")
        if j == n:
            break
        m = _PLAIN_TAG.match(text, j)
        if m is None or closed:
            return None
        end, name, attrs = m.group(1), m.group(2), m.group(3)
        i = m.end()
        top = stack[-1] if stack else ""
        if end:
            if name != top or attrs:
                return None
            stack.pop()
            hide = hidden.pop()
            if name == "p":
                if p_text is not None and not hide:
                    content = _collapse(p_text)
                    if content:
                        out.append((p_line + p_text.count("\n", 0, _blank_prefix(p_text)), content, ""))
                p_text = None
            elif name == "html":
                closed = True
            continue
        if top == "p":
            return None  # (an element inside a <p>)
        if name == "html":
            if stack or opened[0]:
                return None
            opened[0] = True
        elif name not in _PLAIN_PARENTS or top not in _PLAIN_PARENTS[name]:
            return None
        elif name == "head":
            if opened[1]:
                return None
            opened[1] = True
        elif name == "body":
            if opened[2] or not opened[1]:
                return None
            opened[2] = True
        hide = bool(hidden and hidden[-1]) or name in _DROP
        if attrs:
            found = dict(_PLAIN_ATTR.findall(attrs))
            if len(found) != attrs.count('="'):
                return None  # (an attribute given twice)
            cls, ident = found.get("class"), found.get("id")
            if (cls or ident) and _CHROME.search(f"{cls or ''} {ident or ''}"):
                hide = True
        if name == "meta":
            continue  # (a void element: no end tag, no content)
        if name in _PLAIN_RAW:
            close = f"</{name}>"
            e = text.find(close, i)
            if e < 0:
                return None
            raw = text[i:e]
            if _PLAIN_RAW_TEXT.fullmatch(raw) is None or "<!--" in raw or f"</{name}" in raw.lower():
                return None
            if name == "title" and ("&" in raw or "<" in raw):
                return None
            line += raw.count("\n")
            i = e + len(close)
            continue
        if len(stack) == _PLAIN_MAX_DEPTH:
            return None
        stack.append(name)
        hidden.append(hide)
        if name == "p":
            p_line = line
            p_text = None
    if stack or not closed or not opened[2] or line > _PLAIN_MAX_LINES:
        return None
    return out


# (lxml's HTML parser, the XPath string() of an element) made once: the parser of
# lxml.html.document_fromstring without lxml.html's element classes, whose lookup is Python code
# called for every element the walk touches (~1 us each) and whose methods the walk does not use but
# `text_content()` — this XPath, as lxml.html defines it.
_LXML: list[tuple[object, object]] = []


def _lxml() -> tuple[object, object]:
    if not _LXML:
        from lxml import etree

        _LXML.append((etree.HTMLParser(), etree.XPath("string()", smart_strings=False)))
    return _LXML[0]


class _Walker:
    def __init__(self) -> None:
        self.lines: list[tuple[int, str, str]] = []  # (source line, text, table-row note)
        self.pieces: list[str] = []
        self.line = 0
        self.in_article = 0
        self.layout = 0  # inside a layout table
        self.started = False  # a non-blank piece is in the current line

    def add(self, s: str | None, line: int) -> None:
        if not s:
            return
        if not self.started:
            blank = _blank_prefix(s)  # (= len(s) - len(s.lstrip(_BLANK)))
            if blank == len(s):
                self.pieces.append(s)
                return
            self.started = True
            self.line = line + (s.count("\n", 0, blank) if blank else 0)  # (= s[:blank].count("\n"))
        self.pieces.append(s)

    def flush(self) -> None:
        if self.pieces:
            content = _collapse("".join(self.pieces))
            if content:
                self.lines.append((self.line, content, ""))
        self.pieces = []
        self.started = False

    def walk(self, el) -> None:
        tag = el.tag  # (read once: lxml makes a new str a read)
        if not isinstance(tag, str) or not tag:  # comments, processing instructions: not text
            return
        tag = tag.lower()
        if tag in _DROP:
            return
        # (`el.keys()` first: most elements have no attribute, and then `get` answers None for both; one
        # `keys` costs a fifth of the two `get`s, which parse their key a call)
        if el.keys():
            cls, ident = el.get("class"), el.get("id")
            if (cls or ident) and _CHROME.search(f"{cls or ''} {ident or ''}"):  # (" " alone names no chrome)
                return
        if tag in _PAGE_CHROME_TAGS and not self.in_article:
            return
        if tag in _ARTICLE:
            self.in_article += 1
            try:
                self._walk_children(el, tag)
            finally:
                self.in_article -= 1
            return
        self._walk_children(el, tag)

    def _walk_children(self, el, tag: str) -> None:
        line = el.sourceline or self.line or 1
        if tag == "table":
            self.flush()
            if _is_layout(el):  # a page laid out in a table: its cells are blocks of prose
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
        if tag in _BLOCK or (self.layout and tag in ("td", "th")):
            self._walk_block(el, line)
            return
        self.add(el.text, line)
        # (`len(el)`: lxml's count of the nodes its iterator yields — elements, comments, processing
        # instructions, entities —; most elements have none, and an iterator costs more than the count)
        if len(el):
            for child in el:
                self.walk(child)
                self.add(child.tail, child.sourceline or line)

    def _walk_block(self, el, line: int) -> None:
        self.flush()
        self.add(el.text, line)
        if len(el):  # (as in `_walk_children`)
            for child in el:
                self.walk(child)
                self.add(child.tail, child.sourceline or line)
        self.flush()

    def _table(self, table) -> None:
        rows: list[list[str]] = []
        row_lines: list[int] = []
        for tr in table.iter("tr"):
            if tr.getparent() is not None and _owner_table(tr) is not table:
                continue  # rows of nested tables stay in their cell's text
            cells = [_collapse_cell(td) for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")]
            spans: list[str] = []
            for td, text in zip([c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")], cells):
                try:
                    n = max(1, min(50, int(td.get("colspan", "1"))))
                except ValueError:
                    n = 1
                spans += [text] * n
            rows.append(spans)
            row_lines.append(tr.sourceline or self.line or 1)
        for (text, note), line in zip(table_lines(rows), row_lines):
            if text:
                self.lines.append((line, text, note))


_PROSE_BLOCKS = frozenset("p div table ul ol h1 h2 h3 h4 h5 h6 article section".split())


def _is_layout(table) -> bool:
    """A table used for page layout, not data: a cell holds nested tables or several paragraphs,
    or a long run of text. Data-table cells are short phrases."""
    for td in table.iter("td", "th"):
        inner = [c.tag.lower() for c in td.iter() if c is not td and isinstance(c.tag, str)]
        if "table" in inner or sum(t in _PROSE_BLOCKS for t in inner) >= 2:
            return True
        if len(_lxml()[1](td)) > 600:  # (td.text_content() of lxml.html)
            return True
    return False


def _owner_table(tr):
    p = tr.getparent()
    while p is not None and not (isinstance(p.tag, str) and p.tag.lower() == "table"):
        p = p.getparent()
    return p


def _collapse_cell(td) -> str:
    parts: list[str] = []
    _visit_cell(td, td, parts)
    lines = [_collapse(x) for x in "".join(parts).split("\n")]
    return "\n".join(x for x in lines if x)


def _visit_cell(el, td, parts: list[str]) -> None:
    # (a module function, not a closure: a recursive closure is a reference cycle that kept the
    # cell, and through it the whole parsed page, alive until the next full garbage collection)
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag and tag not in _DROP:
        if tag in ("br", "p", "div", "li"):
            parts.append("\n")
        parts.append(el.text or "")
        for child in el:
            _visit_cell(child, td, parts)
    if el is not td:
        parts.append(el.tail or "")


def _collapse(s: str) -> str:
    """HTML whitespace collapsing; a line break between two Chinese characters is no space."""
    if _COMPILED:
        if _NATIVE:  # `_collapse_runs(s).strip()` in one C function over the str's buffer (html.pxd)
            return _collapse_c(s)  # noqa: F821 - html.pxd's, compiled only
        return _collapse_runs(s).strip()
    return _collapse_re(s)


_BLANK = " \t\r\n\f\v\u00a0"  # what `_Walker.add` passes over before a line's first character


def _blank_prefix(s: str) -> int:
    """How many characters of `_BLANK` lead `s` (`len(s) - len(s.lstrip(_BLANK))`). Compiled, a loop over
    the str's buffer (html.pxd's `_blank_run_c`); as Python, lstrip."""
    if _NATIVE:
        return _blank_run_c(s)  # noqa: F821 - html.pxd's, compiled only
    return len(s) - len(s.lstrip(_BLANK))


def _blank_breaks(s: str) -> int:
    """The line feeds among the characters of `_BLANK` that lead `s` (`s.count("\n", 0, _blank_prefix(s))`).
    Compiled, counted in the loop that finds them (html.pxd's `_blank_breaks_c`, which `_plain_c` calls
    itself); as Python, the count."""
    if _NATIVE:
        return _blank_breaks_c(s)  # noqa: F821 - html.pxd's, compiled only
    return s.count("\n", 0, _blank_prefix(s))


def _collapse_re(s: str) -> str:
    """`_collapse` by the regexes (as Python; the definition the compiled loop is tested against)."""
    if "\n" not in s:  # no run holds a line break: each one is a space (no call back per run)
        return _WS.sub(" ", s).strip()

    def repl(m: re.Match[str]) -> str:
        a = s[m.start() - 1] if m.start() > 0 else ""
        b = s[m.end()] if m.end() < len(s) else ""
        if "\n" in m.group(0) and _CJK_EDGE.match(a or " ") and _CJK_EDGE.match(b or " "):
            return ""
        return " "

    return _WS.sub(repl, s).strip()


# Compiled, `_collapse` is one typed pass over the characters (html.pxd); as Python, the regexes above,
# which a character loop in Python would be slower than.
_COMPILED = runs_compiled(_collapse)
# Whether html.pxd's C functions exist (compiled only). Kept apart from `_COMPILED`, which tests switch
# either way (as Python the C functions do not exist).
_NATIVE = _COMPILED


def _collapse_runs(s: str) -> str:
    """`s` with each run of `_WS` replaced as `_collapse` replaces it, before the strip: "" for a run
    holding a line break between two `_CJK_EDGE` characters, else " " (`s` itself when every run
    is a single space already). A loop over the characters; one slice per replaced run."""
    pieces: list[str] = []
    n = len(s)
    last = 0  # s[last:] is not yet in pieces
    i = 0
    while i < n:
        c = s[i]
        if not (c == " " or c == "\n" or c == "\t" or c == "\r" or c == "\xa0" or c == "\f" or c == "\v"):
            i += 1
            continue
        j = i + 1
        newline = c == "\n"
        while j < n:
            d = s[j]
            if d == "\n":
                newline = True
            elif not (d == " " or d == "\t" or d == "\r" or d == "\xa0" or d == "\f" or d == "\v"):
                break
            j += 1
        if newline and i > 0 and j < n and _cjk_edge(s[i - 1]) and _cjk_edge(s[j]):
            pieces.append(s[last:i])
            last = j
        elif j > i + 1 or c != " ":
            pieces.append(s[last:i])
            pieces.append(" ")
            last = j
        i = j
    if not last:
        return s
    pieces.append(s[last:])
    return "".join(pieces)


def _cjk_edge(c: str) -> bool:
    """`_CJK_EDGE.match(c)` for one character."""
    return "\u3000" <= c <= "\u303f" or "\u4e00" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"
