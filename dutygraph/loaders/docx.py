"""Word documents (.docx) via python-docx: paragraphs and tables in document order.

The body XML is walked directly (python-docx's `paragraphs` and `tables` lose the order between
them). Line numbers are ordinals: each paragraph and each table row is one line, counted from 1.
Task tables become numbered items (see table.py) and say so in their repairs.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import LoadError
from ..records import Repair
from .base import Parsed, RawLine
from .table import table_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parse(data: bytes, *, path: str) -> Parsed:
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise LoadError(f"python-docx is not installed ({exc})", path=path) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"not a readable .docx ({type(exc).__name__}: {exc})", path=path) from None
    except Exception as exc:  # lxml/zip errors of many kinds on damaged files
        raise LoadError(f"damaged .docx ({type(exc).__name__}: {exc})", path=path) from None

    lines: list[RawLine] = []
    repairs: list[Repair] = []
    offset = 0

    def emit(text: str, kinds: tuple[str, ...] = (), note: str = "") -> None:
        nonlocal offset
        number = len(lines) + 1
        lines.append(RawLine(number, text, offset, list(kinds)))
        offset += len(text) + 1
        if note:
            repairs.append(Repair(kinds[0] if kinds else "format", number, note))

    for block in _blocks(document.element.body):
        if block.tag == _W + "p":
            emit(_paragraph_text(block))
        elif block.tag == _W + "tbl":
            for text, kinds, note in table_lines(_table_rows(block)):
                emit(text, kinds, note)
    return Parsed("docx", "docx", lines, repairs, [])


def _blocks(parent):
    """w:p and w:tbl in order, looking through content controls (w:sdt) and their content."""
    for child in parent.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            yield from _blocks(child)


def _paragraph_text(p, *, br: str = " ") -> str:
    """Text of a paragraph: runs, tabs and breaks, hyperlinks and field results included.
    A line break is a space in prose; in a table cell it separates items (`br="\n"`)."""
    parts: list[str] = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "delText"):
        if el.tag == _W + "t":
            parts.append(el.text or "")
        elif el.tag == _W + "tab":
            parts.append("\t")
        elif el.tag in (_W + "br", _W + "cr"):
            parts.append(br)
        # w:delText is deleted text (tracked changes): left out
    return "".join(parts)


def _table_rows(tbl) -> list[list[str]]:
    """Cell texts per row on the table grid: a horizontally merged cell (gridSpan) fills its
    columns, a vertically merged continuation (vMerge without restart) repeats the cell above."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(_W + "tr"):
        row: list[str] = []
        col = 0
        for tc in tr.iterchildren(_W + "tc"):
            props = tc.find(_W + "tcPr")
            span = 1
            vmerge_continue = False
            if props is not None:
                gs = props.find(_W + "gridSpan")
                if gs is not None:
                    try:
                        span = max(1, int(gs.get(_W + "val", "1")))
                    except ValueError:
                        span = 1
                vm = props.find(_W + "vMerge")
                if vm is not None and vm.get(_W + "val", "continue") != "restart":
                    vmerge_continue = True
            paras = [_paragraph_text(p, br="\n").strip() for p in tc.iter(_W + "p")]
            text = "\n".join(t for t in paras if t)
            if vmerge_continue:
                text = above.get(col, "")
            for k in range(span):
                above[col + k] = text
                row.append(text)
            col += span
        rows.append(row)
    return rows
