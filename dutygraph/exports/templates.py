"""Helpers of the writers that lay text out from templates (graphml.py, rdf.py): a template is its
literal pieces with value slots between them (a list: literal, slot, literal, … — filled with
`t = template.copy(); t[1::2] = values`), made once per kind of element, or laid out as one bytes format
(`form`) filled with `%`; a value's text comes from a table per value type, made once per distinct short
value."""

from __future__ import annotations

import operator
from typing import Any


class Texts(dict):  # type: ignore[type-arg]
    """value -> its text, `fn(value)`, made on first use and kept (at most `room` values; str values
    longer than `short` characters are not kept: titles and texts rarely repeat). A writer gives each one
    values of ONE exact type only (it picks the table by the value's type), so equal values of other
    types (True == 1 == 1.0) never share an entry."""

    __slots__ = ("fn", "room", "short")

    def __init__(self, fn: Any, *, room: int = 200_000, short: int | None = None) -> None:
        super().__init__()
        self.fn, self.room, self.short = fn, room, short

    def __missing__(self, value: Any) -> Any:
        text = self.fn(value)
        if self.room > 0 and (self.short is None or len(value) <= self.short):
            self[value] = text
            self.room -= 1
        return text


class Direct:
    """`fn(value)` for every value, nothing kept: for values that cannot be dict keys (lists) or whose
    equal values are written differently (floats: 0.0 == -0.0)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def __getitem__(self, value: Any) -> Any:
        return self.fn(value)


def pick(positions: list[int]) -> Any:
    """A function giving the items at `positions` of a sequence as a tuple (itemgetter, whatever the count)."""
    if not positions:
        return lambda seq: ()
    if len(positions) == 1:
        i = positions[0]
        return lambda seq: (seq[i],)
    return operator.itemgetter(*positions)


def form(template: list[Any]) -> bytes:
    """A template's literal pieces as one bytes format with a `%s` per slot (a literal "%" doubled):
    `form(template) % tuple(values)` is `b"".join(t)` for `t = template.copy(); t[1::2] = values`
    (every value bytes): an element's text in one C call and one piece for the writer's final join,
    instead of a template copy, a slice assignment and ~2 pieces per value."""
    return b"%s".join([piece.replace(b"%", b"%%") for piece in template[0::2]])


class Lists(Direct):
    """`Direct` for list values, with the text of an empty list made once (most list properties are empty)."""

    __slots__ = ("empty",)

    def __init__(self, fn: Any) -> None:
        super().__init__(fn)
        self.empty = fn([])

    def __getitem__(self, value: Any) -> Any:
        return self.fn(value) if value else self.empty


class StrLists(Lists):
    """`Lists` that keeps the text of a list of str items only, by its items (a tuple of str: equal tuples
    are the same text; at most `room` lists): such lists recur (aliases, per-year rows, targets). A list
    holding anything else (1 == True == 1.0 would share an entry) is made each time."""

    __slots__ = ("memo", "room")

    def __init__(self, fn: Any, *, room: int = 50_000) -> None:
        super().__init__(fn)
        self.memo: dict[tuple[str, ...], Any] = {}
        self.room = room

    def __getitem__(self, value: Any) -> Any:
        if not value:
            return self.empty
        for item in value:
            if type(item) is not str:
                return self.fn(value)
        key = tuple(value)
        text = self.memo.get(key)
        if text is None:
            text = self.fn(value)
            if self.room > 0:
                self.memo[key] = text
                self.room -= 1
        return text
