"""Plain-text documents (.txt): detect the encoding, split into numbered lines."""

from __future__ import annotations

from .base import Parsed, split_lines
from .decode import decode


def parse(data: bytes, *, path: str) -> Parsed:
    decoded = decode(data, path=path)
    return Parsed(decoded.encoding, "txt", split_lines(decoded.text), decoded.repairs, decoded.warnings)
