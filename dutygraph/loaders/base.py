"""What every format module hands back before the shared repairs: numbered raw lines."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, count
from types import FunctionType

from ..records import Document, Line, Repair


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


def runs_compiled(function: object) -> bool:
    """Whether the module that defines `function` runs compiled (`dutygraph.native`): a compiled
    module's functions are Cython's, not Python functions. A module that keeps two forms of a scan —
    a typed character loop for C, and the regex or str method that beats a loop run by Python — picks
    one by this, read once at import (`_COMPILED = runs_compiled(<one of its functions>)`); tests pin
    the two forms to each other."""
    return not isinstance(function, FunctionType)


_new_object = object.__new__


def raw_line(number: int, text: str, start: int) -> RawLine:
    """`RawLine(number, text, start)` with its slots set here: compiled, without the Python frame of
    the dataclass's generated __init__ (the same instance: equal, same repr). Compiled, the instance
    is made and its slots set in C (`_raw_c`: each value stored at its slot's offset)."""
    if _RAW_DESCRS is not None:
        return _raw_c(RawLine, _RAW_DESCRS, number, text, start)  # noqa: F821 - base.pxd's, compiled only
    line = _new_object(RawLine)
    line.number = number
    line.text = text
    line.start = start
    line.repairs = []
    return line


def split_lines(text: str) -> list[RawLine]:
    """Lines as an editor numbers them: LF, CRLF or lone CR; offsets into `text` kept.

    Not str.splitlines(): that also breaks on VT/FF/U+2028…, which would shift line numbers."""
    if _COMPILED and _RAW_DESCRS is not None:
        # one pass in C: each line's end found in the text's buffer, the line cut and its RawLine made
        # (base.pxd's `_split_c`: no list of pieces, no scan of the whole text for "\r")
        return _split_c(text, RawLine, _RAW_DESCRS)  # noqa: F821 - base.pxd's, compiled only
    sep = "\n" if "\n" in text or "\r" not in text else "\r"
    pieces = text.split(sep)
    crlf = sep == "\n" and "\r" in text
    if _COMPILED:  # (a test's switch as Python) the loop `_split_c` stood for before it read the text itself
        out = []
        start = 0
        for i in range(len(pieces)):
            piece = pieces[i]
            out.append(raw_line(i + 1, piece[:-1] if crlf and piece.endswith("\r") else piece, start))
            start += len(piece) + 1
    else:
        starts = accumulate([len(piece) + 1 for piece in pieces], initial=0)
        if crlf:
            pieces = [piece[:-1] if piece.endswith("\r") else piece for piece in pieces]
        out = [raw_line(number, body, start) for number, body, start in zip(count(1), pieces, starts)]
    if out and out[-1].text == "" and len(out) > 1:  # the file ends with a line break
        out.pop()
    return out


def split_columns(text: str) -> tuple[list[str], list[int]]:
    """`split_lines(text)` as two lists, without a RawLine a line: each line's text and its offset (line
    i's number is i + 1). Compiled, one pass in C (`_split_cols_c`: `_split_c`'s, the texts and offsets
    appended instead of a RawLine made); as Python, read off `split_lines`."""
    if _COMPILED and _RAW_DESCRS is not None:
        return _split_cols_c(text)  # noqa: F821 - base.pxd's, compiled only
    lines = split_lines(text)
    return [ln.text for ln in lines], [ln.start for ln in lines]


def record_builder(cls: type) -> Callable[..., object]:
    """`cls(...)` for a frozen slots dataclass built once per line or per item, without its generated
    __init__: that one sets every field through object.__setattr__ (the frozen guard), ~2x slower
    than setting the slots directly. Same parameters (every field, by position or name; no defaults),
    same instance (equal, same hash, same pickle). Classes with __post_init__ or init=False fields get
    their own constructor back.

    Compiled (this module), a `_Builder`: the instance allocated and each slot set by its member
    descriptor's C setter, in C (~3x faster than the Python function below, which needs a frame and
    a class swap). As Python, a function generated for `cls`: a twin class's instance (~3x faster
    than a descriptor call per field), or the descriptors' setters called in turn."""
    fields = dataclasses.fields(cls)
    if hasattr(cls, "__post_init__") or not all(f.init for f in fields) or "__slots__" not in vars(cls):
        return cls
    names = [f.name for f in fields]
    if _COMPILED and cls.__new__ is object.__new__ and all(type(vars(cls).get(n)) is _MEMBER for n in names):
        return _Builder(cls, tuple(names))  # (every field a slot of its own; made by object's tp_new)
    twin = _twin(cls)
    if twin is not None:
        # a mutable twin's instance, its fields set by plain attribute stores, then made the record's
        # class: for a 21-field Measure ~3x faster than a descriptor call per field
        env: dict[str, object] = {"_new": twin, "_cls": cls}
        body = "".join(f"    o.{n} = {n}\n" for n in names) + "    o.__class__ = _cls\n"
        exec(f"def build({', '.join(names)}):\n    o = _new()\n{body}    return o\n", env)  # noqa: S102
    else:
        env = {"_new": object.__new__, "_cls": cls}
        env.update({f"_set_{n}": getattr(cls, n).__set__ for n in names})
        body = "".join(f"    _set_{n}(o, {n})\n" for n in names)
        exec(f"def build({', '.join(names)}):\n    o = _new(_cls)\n{body}    return o\n", env)  # noqa: S102
    build = env["build"]
    build.__qualname__ = build.__name__ = f"build_{cls.__name__}"  # type: ignore[attr-defined]
    return build  # type: ignore[return-value]


_MEMBER = type(RawLine.text)  # a slot's descriptor (member_descriptor)


class _Builder:
    """record_builder's constructor of `cls` when this module runs compiled (only then is one made):
    called as the class would be (every field, by position or name), it builds the instance in C
    through `_record_of`, a function of base.pxd (C-API calls: it does not exist as Python). Its
    name is settable, as a function's (`__name__`, `__qualname__`, `__module__`: a pickle names the
    builder as a global, extract/pipeline.py's `_load_<Class>`, and loads through it)."""

    def __init__(self, cls: type, names: tuple[str, ...]):
        self.cls = cls
        self.names = names
        self.descrs = tuple(vars(cls)[n] for n in names)
        self.__name__ = self.__qualname__ = f"build_{cls.__name__}"
        self.__module__ = __name__
        _builder_ready(self)  # noqa: F821 - base.pxd's, compiled only: the call entry without __call__'s tuple and dict

    def __call__(self, *values: object, **named: object) -> object:
        if named:
            return self(*self._bound(values, named))
        if len(values) != len(self.descrs):
            raise TypeError(f"{self.__name__}() takes {len(self.names)} arguments ({len(values)} given)")
        return _record_of(self.cls, self.descrs, values)

    def _bound(self, values: tuple[object, ...], named: dict[str, object]) -> tuple[object, ...]:
        """The values in field order, from positional ones and then names (a TypeError when a field
        is missing, given twice, or unknown)."""
        out = list(values)
        for name in self.names[len(values):]:
            if name not in named:
                raise TypeError(f"{self.__name__}() missing argument {name!r}")
            out.append(named.pop(name))
        if named:
            raise TypeError(f"{self.__name__}() got unexpected or repeated arguments {sorted(named)}")
        return tuple(out)

    def __reduce__(self) -> str:
        return self.__qualname__  # pickled by name, as a function is

    def __repr__(self) -> str:
        return f"<record builder {self.__module__}.{self.__qualname__}>"


def _twin(cls: type) -> type | None:
    """A plain class with `cls`'s slots (so the same memory layout: an instance may be given
    `cls` as its class), or None when `cls` has a base of its own or CPython refuses the swap."""
    if cls.__bases__ != (object,):
        return None
    twin = type(f"_{cls.__name__}Twin", (), {"__slots__": tuple(cls.__slots__)})  # type: ignore[attr-defined]
    try:
        twin().__class__ = cls
    except TypeError:
        return None
    return twin


_COMPILED = runs_compiled(raw_line)
# RawLine's slots' member descriptors in field order, for `raw_line` compiled (as Python: None)
_RAW_DESCRS = tuple(vars(RawLine)[f.name] for f in dataclasses.fields(RawLine)) if _COMPILED else None

new_line = record_builder(Line)  # Line(...) without the frozen __init__'s per-field guard
new_repair = record_builder(Repair)  # Repair(kind, line, detail), the same way
new_document = record_builder(Document)  # Document(...) with every field given, the same way
# Compiled, `build_lines` builds each Line by `_record_of` with these (Line's slots' member
# descriptors, in field order) instead of a call of `new_line` a line; as Python, None.
_LINE_DESCRS = tuple(vars(Line)[f.name] for f in dataclasses.fields(Line)) if isinstance(new_line, _Builder) else None


def line_texts(lines: list[RawLine]) -> list[str]:
    """`[ln.text for ln in lines]` (compiled: one loop in C, `_texts_c`, each text read at its slot's
    offset when the line is a RawLine with the slot set, else by getattr)."""
    if _RAW_DESCRS is None:
        return [ln.text for ln in lines]
    return _texts_c(lines, RawLine, _RAW_DESCRS[1])  # noqa: F821 - base.pxd's, compiled only


def build_lines(lines: list[RawLine], norms: list[str]) -> tuple[Line, ...]:
    """The document's records: `tuple(Line(ln.number, ln.text, norm, tuple(ln.repairs) if ln.repairs
    else (), ln.start) for ln, norm in zip(lines, norms))`. Compiled, one loop in C (`_lines_c`) reading
    each line's slots and storing the record's, as `new_line` does, without the call of it a line."""
    if _LINE_DESCRS is None or _RAW_DESCRS is None:
        return tuple([
            new_line(ln.number, ln.text, norm, tuple(ln.repairs) if ln.repairs else (), ln.start)
            for ln, norm in zip(lines, norms)
        ])
    # compiled: each RawLine's fields read at their slots' offsets, each record made by Line's tp_new and
    # its slots stored in turn (base.pxd's `_lines_c`; another type of line through getattr)
    return _lines_c(lines, norms, RawLine, _RAW_DESCRS, Line, _LINE_DESCRS)  # noqa: F821


def build_columns(made: list[RawLine | None], texts: list[str], norms: list[str], starts: list[int]) -> tuple[Line, ...]:
    """`build_lines(lines, norms)` where `lines[i]` is `made[i]`, or — where that is None — a RawLine of
    number i + 1, text `texts[i]`, offset `starts[i]` and no repairs (`repair.repair_columns`' lines: the
    RawLines made only for the lines a repair step looked at). Compiled, one loop in C (`_columns_c`)
    storing each record's slots, as `build_lines` does; as Python, `new_line` a line."""
    if _LINE_DESCRS is None or _RAW_DESCRS is None:
        out = []
        for i in range(min(len(made), len(norms))):
            ln = made[i]
            if ln is None:
                out.append(new_line(i + 1, texts[i], norms[i], (), starts[i]))
            else:
                out.append(new_line(ln.number, ln.text, norms[i], tuple(ln.repairs) if ln.repairs else (), ln.start))
        return tuple(out)
    return _columns_c(made, texts, norms, starts, RawLine, _RAW_DESCRS, Line, _LINE_DESCRS)  # noqa: F821


class gc_paused:  # noqa: N801 - used as the function it was: `with gc_paused():`
    """No cyclic garbage collection inside the block (restored after; nests). Loading and extracting
    a document allocate hundreds of thousands of short-lived containers and make no reference
    cycles (tests/test_pipeline.py checks), so the collector only walks what is alive: with a batch's
    results kept (a build), every pass walks all of them — a fifth of extraction's CPU time at 1,400
    synthetic documents. Cycles made by other code inside the block are collected after it.

    A class with `__enter__` and `__exit__`, not a `@contextlib.contextmanager` generator: the block then
    makes no generator and no `_GeneratorContextManager` with its Python frames (~10,000 instructions a
    pause, 0.6% of `extract_document`'s instructions for a document; a pool worker pauses once a file)."""

    __slots__ = ("_was",)

    def __enter__(self) -> None:
        self._was = gc.isenabled()
        if self._was:
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was:
            gc.enable()
