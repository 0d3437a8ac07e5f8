"""Small helpers for deterministic graph ids and ordering."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)")


def natural_key(s: str) -> tuple[object, ...]:
    """Sort key that orders embedded numbers numerically: "m:9" < "m:10".

    re.split with a capturing group alternates text and digits, so positions never compare str to int."""
    parts = _DIGITS.split(s)
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


def level_from_name(name: str) -> str:
    """Administrative level guessed from the name's suffix (a pattern, not a list of places)."""
    if name.endswith(("省", "自治区")):
        return "province"
    if name.endswith("县"):
        return "county"
    if name.endswith(("区", "新区")) and ("市" in name[:-1] or len(name) <= 5):
        return "district"
    if name.endswith(("市", "州", "盟")):
        return "city"
    return ""


def display_name(attrs: dict) -> str:
    """A short human label for a node: name, else title, else date/number, else its id."""
    for key in ("name", "title", "date", "number"):
        value = attrs.get(key)
        if value:
            return str(value)
    return str(attrs.get("id", ""))
