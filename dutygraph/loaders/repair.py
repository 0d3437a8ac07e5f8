"""Repairs shared by every format, applied line by line after decoding, each one recorded.

Every step is a pure function over RawLines; `REPAIRS` lists them in the order they run. A step
edits `RawLine.text`, appends its slug to `RawLine.repairs` and returns `Repair` records for the
Document. Kept lines keep their original numbers, so dropping a line never renumbers the rest.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from operator import attrgetter

from ..records import Repair
from .base import RawLine, line_texts, new_repair, raw_line, runs_compiled
from .mojibake import repair_mojibake_midline, repair_mojibake_prefix

# ------------------------------------------------------------------ HTML residue

# Layout tags that leak into text exports of web pages; a closed list so "<<条例>>"-like text survives.
# Tags that carry content or behaviour (img, a, script, svg, on*= handlers, javascript: URLs) are NOT
# residue: they stay in the text as data (escaped wherever they are shown), never silently dropped.
_TAG = re.compile(
    r"</?(?:p|br|span|div|strong|b|i|em|u|font|td|tr|th|table|tbody|thead|h[1-6]|sup|sub|li|ul|ol"
    r"|center|section|article|o:p)(?:\s(?![^<>]*(?:\bon\w+\s*=|javascript:))[^<>]{0,300})?/?>",
    re.IGNORECASE,
)
# "?/p>": the "<" of a closing tag swallowed together with an orphan byte by a GBK decoder.
_SWALLOWED = re.compile(r"\?/(?:p|span|div|td|strong|font)>", re.IGNORECASE)
_ENTITY = re.compile(
    r"&(?:nbsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|hellip|middot|#\d{1,7}|#x[0-9a-f]{1,6});",
    re.IGNORECASE,
)
_ENTITY_TEXT = {"&nbsp;": " "}


def html_residue(lines: list[RawLine]) -> list[Repair]:
    out: list[Repair] = []
    for ln in lines:
        t = ln.text
        if "<" not in t and ">" not in t and "&" not in t:
            continue
        new = _SWALLOWED.sub("", t)
        new = _TAG.sub("", new)
        new = _ENTITY.sub(lambda m: _ENTITY_TEXT.get(m.group(0).lower(), html.unescape(m.group(0))), new)
        if new != t:
            removed = _residue_summary(t, new)
            ln.text = new
            ln.repairs.append("html-residue")
            out.append(new_repair("html-residue", ln.number, removed))
    return out


def _residue_summary(old: str, new: str) -> str:
    found = _SWALLOWED.findall(old) + _TAG.findall(old) + _ENTITY.findall(old)
    return "removed " + " ".join(dict.fromkeys(found)) if found else "html residue removed"


# ------------------------------------------------------------------ noise lines

# "image.png", "收藏.png": file names of page widgets left in copied text, as whole tokens.
_NOISE_HINT = re.compile(r"\.(?:png|jpe?g|gif|bmp|svg|webp)(?:\s|$)", re.IGNORECASE)  # cheap pre-check
_NOISE = re.compile(r"(?:(?<=\s)|^)[\w\u4e00-\u9fff.-]{1,40}\.(?:png|jpe?g|gif|bmp|svg|webp)(?=\s|$)", re.IGNORECASE)
# The characters `_NOISE_HINT` matches the first letter of an extension with (IGNORECASE: both
# cases, and "ſ", a long s, for "s"; tests/test_loaders_typed.py checks every code point).
_EXT_FIRST = "BGJPSWbgjpsw\u017f"


def _may_name_a_file(t: str) -> bool:
    """False when `_NOISE_HINT` cannot match in `t`: no "." has one of `_EXT_FIRST` after it. (A
    quarter of the lines hold a "." — item numbers, decimals — nearly always before another character;
    str.find jumps between the dots in C, where the IGNORECASE search tests every character.)"""
    last = len(t) - 1
    i = t.find(".")
    while 0 <= i < last:
        if t[i + 1] in _EXT_FIRST:
            return True
        i = t.find(".", i + 1)
    return False


def noise_tokens(lines: list[RawLine]) -> list[Repair]:
    out: list[Repair] = []
    for ln in lines:
        t = ln.text
        if not _may_name_a_file(t) or not _NOISE_HINT.search(t):
            continue
        tokens = _NOISE.findall(t)
        if not tokens:
            continue
        new = _NOISE.sub("", t)
        ln.text = new.rstrip() if new.strip() else ""
        ln.repairs.append("noise-line")
        what = "line blanked" if not ln.text else "token removed"
        out.append(new_repair("noise-line", ln.number, f"{what}: {' '.join(tokens)}"))
    return out


# ------------------------------------------------------------------ redactions

_REDACTION = re.compile(r"[(（]\s*略\s*[)）]")


def redactions(lines: list[RawLine]) -> list[Repair]:
    """Redactions stay as printed; they are flagged so nobody mistakes "市 (略)" for a unit name."""
    out: list[Repair] = []
    for ln in lines:
        if "略" in ln.text:
            n = _redaction_count(ln.text)
            if n:
                ln.repairs.append("redaction")
                out.append(new_repair("redaction", ln.number, f"{n} redaction(s) (略) kept as printed"))
    return out


def _redaction_count(t: str) -> int:
    """`len(_REDACTION.findall(t))`. Compiled, each "略" is looked at where it is (repair.pxd's
    `_redactions_c`); as Python, the regex."""
    if _NATIVE:
        return _redactions_c(t)  # noqa: F821 - repair.pxd's, compiled only
    return len(_REDACTION.findall(t))


# ------------------------------------------------------------------ a document repeated in one file

MIN_COPY_LINES = 12  # a repeated run shorter than this is quotation, not a second copy
MIN_COPY_CHARS = 400


def duplicate_copy(lines: list[RawLine]) -> tuple[list[RawLine], list[Repair]]:
    """Drop a long run of lines that repeats an earlier run (a document pasted twice).

    Looks at non-blank lines; a run must span MIN_COPY_LINES lines and MIN_COPY_CHARS characters.
    The earlier copy is kept; blank lines inside the dropped run go with it."""
    lines, _, repairs = _duplicate_copy(lines, line_texts(lines))
    return lines, repairs


def _duplicate_copy(lines: list[RawLine], texts: list[str]) -> tuple[list[RawLine], list[str], list[Repair]]:
    """`duplicate_copy` on `lines` whose texts are `texts` (`texts[i] is lines[i].text`): the kept lines,
    their texts and the repairs."""
    return _drop_copies(lines, texts, _longest_repeat_in(texts))


def _drop_copies(
    lines: list[RawLine], texts: list[str], found: tuple[int, int, int] | None
) -> tuple[list[RawLine], list[str], list[Repair]]:
    """`_duplicate_copy(lines, texts)` where `found` is `_longest_repeat_in(texts)` (load29: `repair_columns`
    has it already)."""
    repairs: list[Repair] = []
    while found is not None:
        first, second, length = found
        keys = [i for i, t in enumerate(texts) if t.strip()]
        a0, a1 = keys[first], keys[first + length - 1]
        b0, b1 = keys[second], keys[second + length - 1]
        # trailing blank lines after the second copy belong to it
        while b1 + 1 < len(lines) and not texts[b1 + 1].strip():
            b1 += 1
        repairs.append(
            new_repair(
                "duplicate-copy",
                lines[b0].number,
                f"lines {lines[b0].number}-{lines[b1].number} repeat lines "
                f"{lines[a0].number}-{lines[a1].number}; second copy dropped",
            )
        )
        lines = lines[:b0] + lines[b1 + 1 :]
        texts = texts[:b0] + texts[b1 + 1 :]
        found = _longest_repeat_in(texts)
    return lines, texts, repairs


def _longest_repeat(lines: list[RawLine]) -> tuple[int, int, int] | None:
    return _longest_repeat_in(line_texts(lines))


def _longest_repeat_in(texts: list[str]) -> tuple[int, int, int] | None:
    """The longest run of non-blank lines (stripped) that repeats an earlier run, as (where the first
    copy starts, where the second starts, its length) in the non-blank lines, or None."""
    if _COMPILED:
        # (ld40) the lines that may repeat found first, from the texts: a text with none — most — has no
        # copy, and none of its lines is stripped or looked up
        at = _repeat_candidates(texts)
        if not at:
            return None
    if _NATIVE:  # compiled: `t.strip()` called only for a text with white space at an end (`_stripped`)
        seq = []
        for t in texts:
            s = _stripped(t)  # noqa: F821 - repair.pxd's, compiled only
            if s:
                seq.append(s)
    else:
        seq = [s for s in [t.strip() for t in texts] if s]
    first: dict[str, int] = {}  # line -> where it is first
    repeated: dict[str, list[int]] = {}  # line seen again -> every place it is (no list for the rest)
    # Compiled, only the lines `_repeat_candidates` names are looked up: those of 4 characters or more
    # whose `_sample_key` another line shares — every line that repeats among them, in order, so `first`
    # and `repeated` get the same places for every line seen twice (a line whose key is its own is one
    # no other line equals: it never repeats)
    for i in at if _COMPILED else range(len(seq)):
        s = seq[i]
        if len(s) >= 4:
            j = first.setdefault(s, i)
            if j != i:
                occ = repeated.get(s)
                if occ is None:
                    repeated[s] = [j, i]
                else:
                    occ.append(i)
    best: tuple[int, int, int] | None = None
    # in the order the lines first appear (ties: the first run): `first`'s, the order of their first places
    # (ld43: what sorting `repeated`'s lists gave — each starts at its line's first place — without the sort)
    for s in first:
        occ = repeated.get(s)
        if occ is None or len(occ) > 8:  # (None: a line seen once) lines repeated many times are boilerplate
            continue
        for x in range(len(occ)):
            for y in range(x + 1, len(occ)):
                i, j = occ[x], occ[y]
                if i > 0 and _same_line(seq[i - 1], seq[j - 1]):
                    continue  # not the start of a maximal run
                n = 0
                while j + n < len(seq) and i + n < j and _same_line(seq[i + n], seq[j + n]):
                    n += 1
                if n >= MIN_COPY_LINES and (best is None or n > best[2]):
                    if sum([len(t) for t in seq[j : j + n]]) >= MIN_COPY_CHARS:
                        best = (i, j, n)
    return best


def _same_line(a: str, b: str) -> bool:
    """`a == b`. Compiled, repair.pxd's `_same_c`: lengths, kinds, then memcmp of the data, as Python's
    own `==` of strs does (Cython's `==` of two strs is `PyUnicode_Compare`, an ordering compare that
    reads two-byte strs a character at a time: ~350 instructions a compare)."""
    if _NATIVE:
        return _same_c(a, b)  # noqa: F821 - repair.pxd's, compiled only
    return a == b


def _strip_of(t: str) -> str:
    """`t.strip()` (the same object: `t` itself when nothing goes). Compiled, as repair.pxd's `_stripped`
    (what `_longest_repeat_in` calls) gives it: `t` when no end character is white space, else its
    `_strip_cut`; as Python, the method."""
    if _NATIVE:
        n = len(t)
        if n and (t[0].isspace() or t[n - 1].isspace()):  # (a character's isspace: Py_UNICODE_ISSPACE)
            return _strip_cut(t, n)  # noqa: F821 - repair.pxd's, compiled only
        return t
    return t.strip()


def _sample_key(s: str) -> int:
    """A 64-bit digest of `s`'s length and nine of its characters (the first three, the last three, those
    at a quarter, half and three quarters): equal strings have equal keys. `s` has 4 characters or more."""
    n = len(s)
    h = n
    for k in (0, 1, 2, n >> 2, n >> 1, (3 * n) >> 2, n - 3, n - 2, n - 1):
        h = ((h ^ ord(s[k])) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def _repeat_candidates(texts: list[str]) -> list[int]:
    """The places, in order, in `seq` — the non-blank lines of `texts` stripped — of the lines of 4 characters
    or more whose `_sample_key` another such line of `seq` shares (a superset of those that repeat).
    Compiled, each text's stripped span keyed where it is, keys and counts in a C table (`_candidates_c`,
    repair.pxd: no stripped line made); as Python, a dict of keys."""
    if _NATIVE:
        return _candidates_c(texts)  # noqa: F821 - repair.pxd's, compiled only
    seq = [s for s in [t.strip() for t in texts] if s]
    keys = [_sample_key(s) if len(s) >= 4 else None for s in seq]
    seen: dict[int, int] = {}
    for key in keys:
        if key is not None:
            seen[key] = seen.get(key, 0) + 1
    return [i for i, key in enumerate(keys) if key is not None and seen[key] > 1]


# ------------------------------------------------------------------ the pipeline

LineStep = Callable[[list[RawLine]], list[Repair]]

# Order matters: the mojibake repair needs the "?/p>" residue still attached to its line.
REPAIRS: tuple[LineStep, ...] = (
    repair_mojibake_prefix, repair_mojibake_midline, html_residue, noise_tokens, redactions,
)


# The bit a line's text must have for each step of REPAIRS to do anything with it — the step's own
# first test, which passes the line over otherwise: _Q "?" (both mojibake repairs), _H "<", ">" or "&"
# (html_residue), _N `_may_name_a_file` (noise_tokens), _R "略" (redactions). `_line_bits` gives them.
_Q, _H, _N, _R = 1, 2, 4, 8
_NEEDS: tuple[int, ...] = (_Q, _Q, _H, _N, _R)
# (compiled) `_line_bits`' table of the ASCII characters: the bit of "?", "<", ">", "&"; 64 for ".", 32
# for the letters of `_EXT_FIRST` (the character after a "." that makes `_N`, with "ſ", U+017F)
_ASCII_BITS = bytes(
    _Q if chr(c) == "?" else _H if chr(c) in "<>&" else 64 if chr(c) == "." else 32 if chr(c) in _EXT_FIRST else 0
    for c in range(128)
)


def _line_bits(t: str) -> int:
    """The steps' first tests on `t`, as bits: _Q when "?" is in `t`, _H when one of "<", ">", "&" is, _N
    when `_may_name_a_file(t)`, _R when "略" is. Compiled, one pass over the characters (`_bits_c`,
    repair.pxd); as Python, the tests themselves."""
    if _NATIVE:
        return _bits_c(t, _ASCII_BITS)  # noqa: F821 - repair.pxd's, compiled only
    bits = 0
    if "?" in t:
        bits |= _Q
    if "<" in t or ">" in t or "&" in t:
        bits |= _H
    if _may_name_a_file(t):
        bits |= _N
    if "略" in t:
        bits |= _R
    return bits


_BY_LINE = attrgetter("line")  # (a lambda would be a closure, which a cpdef function cannot hold)


def repair_lines(lines: list[RawLine]) -> tuple[list[RawLine], list[Repair]]:
    lines, repairs, _ = repair_lines_texts(lines)
    return lines, repairs


def _bits_of(texts: list[str]) -> tuple[bytearray, int]:
    """Each text's `_line_bits` (which repair steps must look at it) and their union: the first pass of
    `repair_lines_texts` and `repair_columns` (compiled). (load27) `_line_bits`' flag and table read
    once: compiled, its C scan called for each line."""
    n = len(texts)
    bits = bytearray(n)
    every = 0
    native = _NATIVE
    table = _ASCII_BITS
    for i in range(n):
        b = _bits_c(texts[i], table) if native else _line_bits(texts[i])  # noqa: F821 - repair.pxd's
        bits[i] = b
        every |= b
    return bits, every


def _bits_in(texts: list[str], starts: list[int], text: str) -> tuple[bytearray, int]:
    """`_bits_of(texts)` for the lines `base.split_columns(text)` cut, `starts` their offsets. (ld40) Compiled,
    each character the steps look for (and each "." with a letter of `_EXT_FIRST` after it) found in the
    whole text, and only the line holding it read (`_text_bits_c`, repair.pxd): a line's characters are the
    text's at its offset and no separator is one of them, so the lines found are those whose bits are not 0
    (none, in two text files of three); as Python, or for a text of four bytes a character, `_bits_of`."""
    if _NATIVE:
        bits = bytearray(len(texts))
        every = _text_bits_c(text, texts, starts, bits, _ASCII_BITS)  # noqa: F821 - repair.pxd's, compiled only
        if every >= 0:
            return bits, every
    return _bits_of(texts)


def repair_lines_texts(lines: list[RawLine]) -> tuple[list[RawLine], list[Repair], list[str]]:
    """`repair_lines`, and the kept lines' texts (`line_texts` of them).

    Compiled, each line's text is read once and `_line_bits` tells which steps would look at it: a step
    is given only the lines with its bit (the others it passes over untouched), and a line a step
    changed is tested again for the steps after it. As Python, every step reads every line (the str
    tests in C beat the pass in Python)."""
    repairs: list[Repair] = []
    if _COMPILED:
        texts = line_texts(lines)
        n = len(texts)
        bits, every = _bits_of(texts)
        for k in range(len(REPAIRS)):
            need = _NEEDS[k]
            if not every & need:
                continue
            at = [i for i in range(n) if bits[i] & need]
            repairs.extend(REPAIRS[k]([lines[i] for i in at]))
            for i in at:
                t = lines[i].text
                if t is not texts[i]:
                    texts[i] = t
                    bits[i] = _line_bits(t)
                    every |= bits[i]
    else:
        for step in REPAIRS:
            repairs.extend(step(lines))
        texts = line_texts(lines)
    lines, texts, dropped = _duplicate_copy(lines, texts)
    if dropped:  # repairs made on lines that were then dropped with the copy go too
        kept = {ln.number for ln in lines}
        repairs = [r for r in repairs if r.line in kept]
        repairs.extend(dropped)
    repairs.sort(key=_BY_LINE)
    return lines, repairs, texts


def repair_columns(
    texts: list[str], starts: list[int], text: str
) -> tuple[list[RawLine | None], list[Repair], list[str]]:
    """`repair_lines_texts(lines)` of the lines `raw_line(i + 1, texts[i], starts[i])` (a text file's:
    `base.split_columns(text)`), a RawLine made only for a line a step is given: (the kept lines — `[i]` the
    RawLine made for line i, or None for a line no step was given, which is that line as it came —, the
    repairs, the kept lines' texts); when a duplicate copy is dropped, every kept line's RawLine. `texts` is
    taken over (a repaired line's text put in it). Compiled, `repair_lines_texts`' pass: each step given the
    lines with its bit, in order, a line made when a first step is given it (load29: a text file's other lines
    are never made, nor their repairs lists); as Python, `repair_lines_texts` of every line made."""
    if not _COMPILED:
        return repair_lines_texts([raw_line(i + 1, texts[i], starts[i]) for i in range(len(texts))])
    repairs: list[Repair] = []
    n = len(texts)
    made: list[RawLine | None] = [None] * n
    bits, every = _bits_in(texts, starts, text)
    for k in range(len(REPAIRS)):
        need = _NEEDS[k]
        if not every & need:
            continue
        at = [i for i in range(n) if bits[i] & need]
        given = []
        for i in at:
            ln = made[i]
            if ln is None:
                ln = raw_line(i + 1, texts[i], starts[i])
                made[i] = ln
            given.append(ln)
        repairs.extend(REPAIRS[k](given))
        for i in at:
            t = made[i].text
            if t is not texts[i]:
                texts[i] = t
                bits[i] = _line_bits(t)
                every |= bits[i]
    found = _longest_repeat_in(texts)
    if found is not None:  # (rare) a copy to drop: every line made, and dropped as `repair_lines_texts` does
        lines = [raw_line(i + 1, texts[i], starts[i]) if made[i] is None else made[i] for i in range(n)]
        lines, texts, dropped = _drop_copies(lines, texts, found)
        kept = {ln.number for ln in lines}
        repairs = [r for r in repairs if r.line in kept]
        repairs.extend(dropped)
        made = lines
    repairs.sort(key=_BY_LINE)
    return made, repairs, texts


_COMPILED = runs_compiled(_line_bits)
# Whether the C functions of repair.pxd exist (compiled only). Kept apart from `_COMPILED`, which
# tests switch either way to run both forms (as Python the C functions do not exist).
_NATIVE = _COMPILED
assert len(_NEEDS) == len(REPAIRS)
