"""Masking of personal data (names, phone numbers, e-mail addresses) for published outputs.

Patterns only: phone numbers and e-mail addresses are found by shape; names are masked where the
roster told us they are names (Person records), wherever they reappear in the same document's text."""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Iterable
from typing import Any

from .. import records
from ..loaders.base import record_builder, runs_compiled

# mobile numbers (11 digits starting 1[3-9], also written 3-4-4 with spaces or dashes: "139 0798 1234")
# and landlines with an area code (010, 02x, 0xxx: "0791-86668888", "0797 812 3456", "（0797）8123456").
# Digits may be full-width ("１３９…", as printed; \d matches them), a separator is a space, an
# ideographic space, a hyphen, a full-width hyphen or a dash.
_SEP = "[ 　\\-－—]"
_AREA = "[0０](?:[1１][0０]|[2２]\\d|[3-9３-９]\\d{2})"
_PHONE = re.compile(rf"(?<!\d)(?:[1１][3-9３-９]\d(?:{_SEP}?\d{{4}}){{2}}"
                    rf"|[(（]?{_AREA}(?:[)）] ?|{_SEP})?\d{{3,4}}{_SEP}?\d{{4}})(?!\d)")
# every text _PHONE finds a number in has a match of this (3 digits, at most one separator, 4 digits):
# the cheap test that lets a text with neither this nor an "@" skip the scans (Masker.text, viz/pages.py)
PHONE_GATE = re.compile(rf"\d{{3}}{_SEP}?\d{{4}}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _may_change_re(s: str) -> bool:
    """Whether `s` holds an "@" or a PHONE_GATE match: else masking a text changes it only by a roster
    name (every e-mail address has an "@", every phone number a PHONE_GATE match)."""
    return "@" in s or (len(s) >= 7 and PHONE_GATE.search(s) is not None)


def _is_digit(c: str) -> bool:
    """`\\d` (a Unicode decimal digit, as re reads it: str.isdecimal) for one character; compiled, an
    integer test for ASCII and for U+2000..U+A61F, where no character is one (CJK, punctuation, the
    ideographic space: tests/test_privacy_masking.py checks every code point)."""
    if c < "\x80":
        return "0" <= c <= "9"
    if "\u2000" <= c < "\ua620":
        return False
    return c.isdecimal()


def _may_change_loop(s: str) -> bool:
    """_may_change_re as one pass over the characters (compiled: a C loop, no regex). PHONE_GATE
    (3 digits, at most one separator, 4 digits) matches exactly where a run of 7 digits is, or a run of
    3 and one of 4 with one separator between them."""
    run = 0  # digits just read, in a row
    before = 0  # the digits in a row just before the separator that ended them (0: no such separator)
    for c in s:
        # (_is_digit, inline)
        if c < "\x80" and "0" <= c <= "9" or c >= "\x80" and not ("\u2000" <= c < "\ua620") and c.isdecimal():
            run += 1
            if run >= 7 or (run >= 4 and before >= 3):
                return True
        else:
            if c == "@":
                return True
            before = run if c in " 　-－—" else 0  # (_SEP's characters)
            run = 0
    return False


_COMPILED = runs_compiled(_may_change_loop)


def _may_change(s: str) -> bool:
    """The gate of every text masked (~350 per synthetic document, nearly all with neither): compiled the
    loop (~6x fewer instructions than the regex search), as Python the str test and the regex."""
    return _may_change_loop(s) if _COMPILED else _may_change_re(s)


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


def _email_repl(m: re.Match[str]) -> str:
    return mask_email(m.group(0))


def _phone_repl(m: re.Match[str]) -> str:
    return mask_phone(m.group(0))


def _name_repl(m: re.Match[str]) -> str:
    return mask_name(m.group(0))


def _sub_names(s: str, names: tuple[str, ...]) -> str:
    """`re.compile("|".join(map(re.escape, names))).sub(lambda m: mask_name(m.group(0)), s)` for stripped
    names of 2 characters or more, without compiling a pattern per roster (~2.4M instructions, more than
    masking the rest of its document): each match is the leftmost place any name starts at, and there
    the first name (in `names`' order) that starts at it, as the regex's alternation takes them."""
    hits = [n for n in names if n in s]
    if not hits:
        return s
    out = []
    at = 0
    while True:
        first = -1
        name = ""
        for n in hits:
            i = s.find(n, at)
            if i >= 0 and (first < 0 or i < first):  # (on a tie the earlier name stays)
                first, name = i, n
        if first < 0:
            break
        out.append(s[at:first])
        out.append(name[0] + "*")  # mask_name(name): it is stripped and not empty
        at = first + len(name)
    out.append(s[at:])
    return "".join(out)


class Masker:
    """Masks known person names plus any phone/e-mail shape inside free text."""

    def __init__(self, names: Iterable[str] = ()):
        # longest first so "李明华" is masked before "李明"
        uniq = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=lambda n: (-len(n), n))
        if all(mask_name(n) == n for n in uniq):
            # every name is masked already ("岳*", as a masked graph's roster holds them): each match
            # would be replaced by itself, so the scan would change nothing and is not run (when only
            # some are, all stay in the pattern: a masked one can still keep a match from another)
            uniq = []
        # (the names in the order a regex's alternation would try them: _sub_names)
        self._names: tuple[str, ...] | None = tuple(uniq) if uniq else None
        self.memo: dict[object, object] = {}  # (class, field values) -> masked record (see _mask_value)

    def text(self, s: str | None) -> str | None:
        return _mask_text(s, self._names) if s else s


def _mask_text(s: str, names: tuple[str, ...] | None) -> str:
    """Masker.text of a text that is not empty (the record walk calls it with the masker's names)."""
    # the gate first (half of the texts are shorter than PHONE_GATE's 7 characters; 130 of 349k texts
    # of 1,000 synthetic documents pass it): the scans below run on those texts only
    if _may_change(s):
        if "@" in s:  # every e-mail address has one
            s = _EMAIL.sub(_email_repl, s)
        if len(s) >= 7 and PHONE_GATE.search(s) is not None:
            s = _PHONE.sub(_phone_repl, s)
    if names is not None:
        s = _sub_names(s, names)
    return s


# fields that are identifiers or places, never personal data: left as they are
_KEEP: dict[str, frozenset[str]] = {
    "Plan": frozenset({"key", "doc", "jurisdiction", "sha256"}),
    "Section": frozenset({"doc", "plan"}),
    "Measure": frozenset({"doc", "plan"}),
    "TaskForce": frozenset({"doc", "plan"}),
}


# per record class: the fields to mask (all but _KEEP), computed once
_MASKED_FIELDS: dict[type, tuple[str, ...]] = {}


def _masked_fields(cls: type) -> tuple[str, ...]:
    names = _MASKED_FIELDS.get(cls)
    if names is None:
        keep = _KEEP.get(cls.__name__, frozenset())
        names = _MASKED_FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.name not in keep)
    return names


# per record class whose fields all go through __init__: its record_builder constructor and its fields
_REBUILD: dict[type, tuple[Any, tuple[str, ...]]] = {}


def _rebuild_entry(cls: type) -> tuple[Any, tuple[str, ...]] | None:
    """_REBUILD's entry of `cls`, made and kept; None for a class with a field __init__ does not take
    (dataclasses.replace does what it does for such a one)."""
    fields = dataclasses.fields(cls)
    if not all(f.init for f in fields):
        return None
    entry = _REBUILD[cls] = (record_builder(cls), tuple(f.name for f in fields))
    return entry


def _replace(value: Any, changes: dict[str, Any]) -> Any:
    """dataclasses.replace(value, **changes) for a record: through its record_builder constructor, by
    position (dataclasses.replace reads the fields in Python and calls the frozen __init__, which sets
    each through object.__setattr__: ~5x the instructions)."""
    cls = type(value)
    entry = _REBUILD.get(cls)
    if entry is None:
        entry = _rebuild_entry(cls)
        if entry is None:
            return dataclasses.replace(value, **changes)
    build, names = entry
    args = []
    for name in names:
        args.append(changes[name] if name in changes else getattr(value, name))
    return build(*args)


# small records that recur across a document's items (the same unit in many measures): masked once
# per Masker, and every equal one given as that one object (so a document's cache entry pickles it once,
# whichever equal objects the extractors' caches handed out, which depends on the documents read before)
_MEMO_CLASSES = frozenset({records.UnitRef, records.PlatformRef, records.Deadline, records.Jurisdiction})
# their memo's key: (class, the tuple of its field values), equal exactly when the records are (a
# dataclass's __eq__ compares the same tuples), made and hashed in C (its __hash__ is Python code)
_MEMO_KEY = {cls: operator.attrgetter(*[f.name for f in dataclasses.fields(cls)]) for cls in _MEMO_CLASSES}


def _mask_record(value: object, cls: type, masker: Masker) -> object:
    """A (non-Person) record with its fields masked; the record itself when nothing changed."""
    names = _MASKED_FIELDS.get(cls)
    if names is None:
        names = _masked_fields(cls)
    roster = masker._names  # (None: a text that fails the gate is left as it is, unscanned)
    changes = None
    for name in names:
        old = getattr(value, name)
        t = type(old)
        if t is str:
            if not old or (roster is None and not _may_change(old)):
                continue
            new = _mask_text(old, roster)
        elif old is None or t is bool or t is int:
            continue
        else:
            new = _mask_value(old, masker)
        if new is not old:
            if changes is None:
                changes = {}
            changes[name] = new
    return _replace(value, changes) if changes else value


def _mask_value(value: object, masker: Masker) -> object:
    """`value` with every text inside masked. A record or tuple in which nothing changed is returned
    as it is (records are frozen, so an unchanged one is as good as a copy)."""
    cls = type(value)
    if cls is str:
        return masker.text(value) if value else value
    if value is None or cls is bool or cls is int:
        return value
    if cls in _MEMO_CLASSES:
        memo = masker.memo
        key = (cls, _MEMO_KEY[cls](value))
        try:
            return memo[key]
        except KeyError:
            out = memo[key] = _mask_record(value, cls, masker)
            return out
        except TypeError:  # unhashable (a list where a tuple belongs): masked, not memoised
            return _mask_record(value, cls, masker)
    if cls in _MASKED_FIELDS:  # a record class seen before (never Person: it is masked below)
        return _mask_record(value, cls, masker)
    if cls is tuple:
        changed = None
        roster = masker._names
        for i, v in enumerate(value):
            t = type(v)
            if t is str:
                if not v or (roster is None and not _may_change(v)):
                    continue
                nv = _mask_text(v, roster)
            elif v is None or t is bool or t is int:
                continue
            else:
                nv = _mask_value(v, masker)
            if nv is not v:
                if changed is None:
                    changed = list(value)
                changed[i] = nv
        return value if changed is None else tuple(changed)
    if isinstance(value, str):
        return masker.text(value)
    if isinstance(value, tuple):
        if not value:
            return value
        out = tuple([_mask_value(v, masker) for v in value])  # (lists: Cython compiles no generator here)
        return value if all([a is b for a, b in zip(out, value)]) else out
    if isinstance(value, list):
        return [_mask_value(v, masker) for v in value]
    if isinstance(value, records.Person):
        return _replace(value, {"name": mask_name(value.name), "phone": mask_phone(value.phone),
                                "email": mask_email(value.email) if value.email else "",
                                "unit": masker.text(value.unit) or "", "role": masker.text(value.role) or ""})
    if isinstance(value, (int, float)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _mask_record(value, cls, masker)
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
