"""Masking of personal data (names, phone numbers, e-mail addresses) for published outputs.

Patterns only: phone numbers and e-mail addresses are found by shape; names are masked where the
roster told us they are names (Person records), wherever they reappear in the same document's text."""

from __future__ import annotations

import re
from collections.abc import Iterable

# mobile numbers (11 digits starting 1[3-9]) and landlines with an area code (0xxx-xxxxxxx)
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}[-－—]?\d{7,8})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def mask_name(name: str) -> str:
    """"岳建华" -> "岳*": the family name stays, the rest is one star (length not revealed)."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*"


def mask_phone(phone: str) -> str:
    """Keep the first three digits (carrier / area code), star the rest: "15357001681" -> "153********"."""
    digits = [c for c in phone if c.isdigit()]
    if not digits:
        return ""
    return "".join(digits[:3]) + "*" * max(len(digits) - 3, 0)


def mask_email(email: str) -> str:
    """"wang@example.com" -> "w***@example.com"."""
    local, at, domain = email.partition("@")
    if not at:
        return "***"
    return (local[:1] + "***@" + domain) if local else "***@" + domain


class Masker:
    """Masks known person names plus any phone/e-mail shape inside free text."""

    def __init__(self, names: Iterable[str] = ()):
        # longest first so "李明华" is masked before "李明"
        uniq = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=lambda n: (-len(n), n))
        self._names = re.compile("|".join(re.escape(n) for n in uniq)) if uniq else None

    def text(self, s: str | None) -> str | None:
        if not s:
            return s
        s = _EMAIL.sub(lambda m: mask_email(m.group(0)), s)
        s = _PHONE.sub(lambda m: mask_phone(m.group(0)), s)
        if self._names is not None:
            s = self._names.sub(lambda m: mask_name(m.group(0)), s)
        return s
