"""Loaders: a file on disk -> records.Document (decoded, repaired, normalised lines with provenance).

    load(path) -> Document            raises errors.LoadError (one line naming the file)
    load_many(paths) -> (docs, errors) a batch goes on past bad files

Formats are found by extension in `FORMATS` (lazy, "module:function"); each format module turns
bytes into numbered raw lines (`base.Parsed`), then the shared repairs in `repair.py` run and every
line gets `norm` (`reading.py`). Adding a format = one module with `parse(data, *, path) -> Parsed` + one line
in `reading.FORMATS`.

Size limit: files above MAX_BYTES (20 MB; the largest real plan here is 140 KB) are refused with a
LoadError before anything is read, so a 50 MB dump never reaches memory-hungry stages.
"""

from __future__ import annotations

from .base import new_line
# the reading itself lives in `reading` (compiled; a package's __init__ stays Python): its names here
from .reading import (  # noqa: F401 - the package's API and the names its tests reach
    DEFAULT_FORMAT,
    FORMATS,
    MAX_BYTES,
    _finish,
    _kept_by_pathlib,
    _parser,
    _sniff_ext,
    load,
    load_bytes,
    load_many,
)

__all__ = ["FORMATS", "MAX_BYTES", "load", "load_many", "load_bytes"]

_new_line = new_line  # Line(...) without the frozen __init__'s per-field guard (base.py)
