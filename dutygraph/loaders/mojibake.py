"""The one-byte-shifted GBK mojibake at line starts (赣州 file).

Mechanics, worked out from the bytes of data/plans/ganzhou-2021-business-environment-action-plan.txt
(line 19 " ?。ㄒ唬┏掷m提升…"): the line was GBK text "　（一）持續提升…" (ideographic space A1A1,
then A3A8 D2BB A3A9 B3D6 C06D …). Its first byte was lost (the "?"), so a GBK decoder paired every
trail byte with the next lead byte: A1A3 "。", A8D2 "ㄒ", BBA3 "唬", A9B3 "┏", D6C0 "掷" … until a
trail byte in the ASCII range (續 = C0 6D -> "m") was read on its own and decoding fell back in
step; the rest of the line is correct. When no such byte comes before the end, the last lead byte
is orphaned and swallows the "<" of a trailing "</p>", leaving "?/p>" (line 171).

Recovery: re-encode the garbled run to the bytes the decoder saw, drop the stray first byte and
decode again. Two wrinkles, both seen in that file:
- the decoder was Windows/browser GBK (cp936), whose private-use mappings for A989-A995, A8BF and
  FE50-FEA0 differ from Python's gb18030 (line 737: FE84 -> U+E848); `_CP936_PUA` undoes those;
- the page later folded full-width forms to ASCII, so "@" in a run may be "＠" = A3 C0 (line 769)
  rather than a lone trail byte; both readings are tried and the more plausible text wins.
A character whose trail byte was rejected keeps the "?" the decoder printed (line 23 "走深走?。");
one whose trail was swallowed with the "<" of "</p>" is left out (line 171). The repair detail
says which.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import Repair
from .base import RawLine, new_repair
from .decode import plausibility

_START = re.compile(r"^(\s*)\?(?=[^\x00-\x7f])")
# CP936 private-use code points that GB18030-2005 (and Python) re-assigned.
_CP936_PUA = {0xE7C8: b"\xa8\xbf", **{0xE7E7 + i: bytes([0xA9, 0x89 + i]) for i in range(13)}}
# FE50-FEA0 (GBK/4 tail) is private use in cp936, U+E815 upwards in byte order (0x7F is no trail).
_CP936_PUA.update(
    {0xE815 + i: bytes([0xFE, t]) for i, t in enumerate(t for t in range(0x50, 0xA1) if t != 0x7F)}
)


def _python_char(b: bytes) -> str:
    try:
        return b.decode("gb18030")
    except UnicodeDecodeError:
        return "\ufffd"


# cp936 private-use char -> the char Python's gb18030 gives for the same two bytes (bulk encoding)
_TO_PYTHON = str.maketrans({cp: _python_char(b) for cp, b in _CP936_PUA.items()})
_PLAIN_RUN = re.compile(r"[^\x00-\x7f\u20ac]+")


def _encode_run(run: str) -> tuple[bytes, int]:
    """Bytes of the longest prefix of `run` made of double-byte characters, and its length."""
    try:
        b = run.translate(_TO_PYTHON).encode("gb18030")
    except UnicodeEncodeError:
        b = b""
    if len(b) == 2 * len(run):
        return b, len(run)
    out = bytearray()
    for n, ch in enumerate(run):
        one = _encode(ch)
        if one is None:
            return bytes(out), n
        out += one
    return bytes(out), len(run)


@lru_cache(maxsize=8192)
def _encode(ch: str) -> bytes | None:
    """The two bytes a GBK decoder read to produce `ch`, or None (not a double-byte char)."""
    pua = _CP936_PUA.get(ord(ch))
    if pua is not None:
        return pua
    try:
        b = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return b if len(b) == 2 else None


def unshift(garbled: str) -> tuple[str, int, str] | None:
    """Recover the start of a line whose GBK bytes were decoded one byte out of step.

    `garbled` is the line after the "?" marker. Returns (recovered text, characters of `garbled`
    it replaces, note), the most plausible of the readings below, or None when none re-decodes.

    An ASCII character inside the garbled run is ambiguous: either a trail byte read on its own
    (decoding is back in step after it: 續 = C0 6D -> "m", line 19) or a full-width form the page
    later folded to ASCII (A3 C0 "＠" -> "@", line 769; the run goes on). Both are tried."""
    if not garbled or garbled[0].isascii():
        return None  # the run starts with the stray byte's partner, never with ASCII
    best: tuple[float, int, str, int, str] | None = None
    for buf, used, note, forks in _readings(garbled):
        found = _decode_shifted(bytes(buf), note)
        if found is None:
            continue
        text, note = found
        # each folded-full-width reading must earn its place: the plain reading wins near-ties
        score = plausibility(text[:40] + garbled[used : used + 24]) - 0.15 * forks
        key = (score, used)
        if best is None or key > best[:2]:
            best = (score, used, text, used, note)
    if best is None:
        return None
    return best[2], best[3], best[4]


_MAX_READINGS = 32
_MAX_RUN = 80  # garbled runs are headings' length; a reading still going past this is wrong


def _readings(garbled: str):
    """(bytes the decoder saw, characters used, note) for every way to read the garbled run."""
    stack: list[tuple[int, bytes, int]] = [(0, b"", 0)]
    produced = 0
    while stack and produced < _MAX_READINGS:
        i, buf, forks = stack.pop()
        while True:
            if i == len(garbled) or i >= _MAX_RUN:
                produced += 1
                yield buf, i, "", forks
                break
            ch = garbled[i]
            if ch == "?":  # a lone byte the decoder rejected: the last character lost its trail byte
                produced += 1
                yield buf, i, "one character lost (its trail byte was rejected as '?')", forks
                break
            if ch == "\u20ac":  # cp936 reads a lone 0x80 as the euro sign: back in step
                produced += 1
                yield buf + b"\x80", i + 1, "", forks
                break
            if "!" <= ch <= "~":
                if forks < 4:  # the folded full-width reading continues the run
                    stack.append((i + 1, buf + bytes([0xA3, ord(ch) + 0x80]), forks + 1))
                if ch >= "@":  # read on its own as a trail byte
                    produced += 1
                    yield buf + ch.encode(), i + 1, "", forks
                else:  # not a trail byte: the garbled run ends before it
                    produced += 1
                    yield buf, i, "", forks
                break
            m = _PLAIN_RUN.match(garbled, i, min(len(garbled), _MAX_RUN))
            b, n = _encode_run(m.group(0)) if m else (b"", 0)
            buf += b
            i += n
            if m is None or n < len(m.group(0)):  # a character no GBK pair decodes to: the run ends
                produced += 1
                yield buf, i, "", forks
                break


_UNWANTED = re.compile("[\ue000-\uf8ff\u20ac\ufffd]")


def _decode_shifted(buf: bytes, note: str) -> tuple[str, str] | None:
    if len(buf) < 3:
        return None
    body = buf[1:]  # the stray first byte goes
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError as exc:
        if exc.end != len(body) or exc.start < len(body) - 3:
            return None
        # the final lead byte lost its partner: recover what is whole
        try:
            text = body[: exc.start].decode("gb18030")
        except UnicodeDecodeError:
            return None
        if not note:
            note = "last character lost (lead byte without its trail)"
    if not text or _UNWANTED.search(text):
        return None
    return text, note


def repair_mojibake_prefix(lines: list[RawLine]) -> list[Repair]:
    out: list[Repair] = []
    for ln in lines:
        if "?" not in ln.text:  # (a scan in C; the pattern needs one)
            continue
        m = _START.match(ln.text)
        if m is None:
            continue
        garbled = ln.text[m.end() :]
        found = unshift(garbled)
        if found is None:
            continue
        text, used, note = found
        if not _better(text, garbled[:used]):
            continue
        before = ln.text[: m.end() + used]
        ln.text = m.group(1) + text + garbled[used:]
        ln.repairs.append("mojibake-prefix")
        detail = f"{before.strip()!s} -> {text}"
        out.append(new_repair("mojibake-prefix", ln.number, detail + (f" ({note})" if note else "")))
    return out


_OPENERS = set("（(〔【[“「《")


def _better(text: str, garbled: str) -> bool:
    """The recovered run must read as text: a numbering bracket, or mostly common characters."""
    if text[0] in _OPENERS:
        return True
    return plausibility(text) > plausibility(garbled) + 0.2


# Mid-line: a character whose GBK trail byte is A3 lost its lead byte ("。" A1A3, "海" BAA3, "粒"
# C1A3, "危" CEA3 in the 赣州 file). The decoder printed "?" for the loss, then paired the orphaned
# A3 with the next character's lead byte — a full-width form (A3BF "？", A3BB "；", A3A1 "！") that
# the page later folded to ASCII — and read one byte out of step until a trail byte in the ASCII
# range put it back: "各部門??傮w方案" (line 37) is "各部門" + a lost character + "總體方案".
# The characters after the loss are recovered; the lost one is unknowable and stays "?".
_MID = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])\?(?P<folded>[!-~])(?=[^\x00-\x7f])")


def repair_mojibake_midline(lines: list[RawLine]) -> list[Repair]:
    out: list[Repair] = []
    for ln in lines:
        if "?" not in ln.text:
            continue
        pos = 0
        while (m := _MID.search(ln.text, pos)) is not None:
            pos = m.end()
            full_width = chr(ord(m.group("folded")) + 0xFEE0)  # the form the page folded to ASCII
            found = unshift(full_width + ln.text[m.end() :])
            if found is None:
                continue
            text, used, note = found
            garbled = ln.text[m.start() : m.end() + used - 1]
            # decoding must come back in step inside a short run: an ASCII trail byte read on its own
            # ("傮w", "茖W") or a rejected byte ("?"); a real "?A级…" runs on as ordinary text
            end = m.end() + used - 1
            if used > 12 or end >= len(ln.text) or not ("@" <= garbled[-1] <= "~" or note.startswith("one character")):
                continue
            # the pattern itself is the evidence (CJK, "?", a folded form, a run read out of step);
            # the recovered text must read at least as well as the run it replaces
            if not text or plausibility(text) < plausibility(garbled[1:]):
                continue
            ln.text = ln.text[: m.start() + 1] + text + ln.text[m.end() + used - 1 :]
            pos = m.start() + 1 + len(text)
            if "mojibake-midline" not in ln.repairs:
                ln.repairs.append("mojibake-midline")
            detail = f"{garbled} -> ?{text} (one character lost before it)"
            out.append(new_repair("mojibake-midline", ln.number, detail + (f"; {note}" if note else "")))
    return out
