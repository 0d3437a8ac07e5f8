"""What every format module hands back before the shared repairs: numbered raw lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate, count

from ..records import Repair


@dataclass(slots=True)
class RawLine:
    number: int  # 1-based line in the source file (.docx: paragraph/row ordinal; .html: source line)
    text: str
    start: int = 0  # character offset in the decoded text (txt/html); ordinal offset for docx
    repairs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Parsed:
    encoding: str
    fmt: str
    lines: list[RawLine]
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def split_lines(text: str) -> list[RawLine]:
    """Lines as an editor numbers them: LF, CRLF or lone CR; offsets into `text` kept.

    Not str.splitlines(): that also breaks on VT/FF/U+2028…, which would shift line numbers."""
    sep = "\n" if "\n" in text or "\r" not in text else "\r"
    pieces = text.split(sep)
    starts = accumulate([len(piece) + 1 for piece in pieces], initial=0)
    if sep == "\n" and "\r" in text:
        pieces = [piece[:-1] if piece.endswith("\r") else piece for piece in pieces]
    out = [RawLine(number, body, start) for number, body, start in zip(count(1), pieces, starts)]
    if out and out[-1].text == "" and len(out) > 1:  # the file ends with a line break
        out.pop()
    return out
