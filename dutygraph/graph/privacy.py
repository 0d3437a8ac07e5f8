"""Masking of personal data (names, phone numbers, e-mail addresses) for published outputs.

Patterns only: phone numbers and e-mail addresses are found by shape; names are masked where the
roster told us they are names (Person records), wherever they reappear in the same document's text."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from .. import records

# mobile numbers (11 digits starting 1[3-9]) and landlines with an area code (0xxx-xxxxxxx)
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}[-－—]?\d{7,8})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def mask_name(name: str) -> str:
    """"岳建华" -> "岳*": the family name stays, the rest is one star (length not revealed)."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*"  # idempotent: "岳*" -> "岳*"


def mask_phone(phone: str) -> str:
    """Keep the first three digits (carrier / area code), star the rest: "15357001681" -> "153********"."""
    if "*" in phone:  # already masked
        return phone
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


# fields that are identifiers or places, never personal data: left as they are
_KEEP: dict[str, frozenset[str]] = {
    "Plan": frozenset({"key", "doc", "jurisdiction", "sha256"}),
    "Section": frozenset({"doc", "plan"}),
    "Measure": frozenset({"doc", "plan"}),
    "TaskForce": frozenset({"doc", "plan"}),
}


def _mask_value(value: object, masker: Masker) -> object:
    if isinstance(value, str):
        return masker.text(value)
    if isinstance(value, tuple):
        return tuple(_mask_value(v, masker) for v in value)
    if isinstance(value, list):
        return [_mask_value(v, masker) for v in value]
    if isinstance(value, records.Person):
        return dataclasses.replace(value, name=mask_name(value.name), phone=mask_phone(value.phone),
                                   email=mask_email(value.email) if value.email else "",
                                   unit=masker.text(value.unit) or "", role=masker.text(value.role) or "")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        keep = _KEEP.get(type(value).__name__, frozenset())
        changes = {f.name: _mask_value(getattr(value, f.name), masker)
                   for f in dataclasses.fields(value) if f.name not in keep}
        return dataclasses.replace(value, **changes)
    return value


def mask_result(res: records.DocResult) -> records.DocResult:
    """The same records with personal data masked in every text field: roster people (name, phone,
    e-mail), their names wherever they reappear in the document's records, and any phone number or
    e-mail address. Identifiers (doc, plan keys, sha256) and places are kept, so ids do not change.
    The document's lines are dropped (the graph never reads them; they hold the unmasked text).
    Idempotent: masking a masked result changes nothing."""
    masker = Masker(p.name for tf in res.task_forces for p in tf.people)
    doc = dataclasses.replace(res.document, lines=(), warnings=tuple(masker.text(w) or "" for w in res.document.warnings))
    return records.DocResult(
        document=doc,
        plans=[_mask_value(p, masker) for p in res.plans],
        sections=[_mask_value(s, masker) for s in res.sections],
        measures=[_mask_value(m, masker) for m in res.measures],
        task_forces=[_mask_value(t, masker) for t in res.task_forces],
        warnings=[masker.text(w) or "" for w in res.warnings],
    )
