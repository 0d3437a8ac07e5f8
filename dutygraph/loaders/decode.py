"""Bytes -> text for plain-text documents: BOMs, UTF-16 by NUL pattern, strict UTF-8, then the
Chinese double-byte codecs (GB18030/GBK, Big5) with a plausibility score as tiebreaker, and a last
resort that decodes with replacement characters and says so.

Pure: `decode(data, path=...)` never touches the disk. Wrong guesses never raise; undecodable or
binary input raises LoadError with one line naming the file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import LoadError
from ..records import Repair
from .base import runs_compiled
from .normalize import simplify

# Control bytes that never appear in text files (tab, LF, VT, FF, CR and ESC excluded).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_SAMPLE = 64 * 1024  # bytes inspected by the sniffers and the codec tiebreak
# The byte order marks tested on every file, read once (`codecs.BOM_*` is a module attribute lookup a use).
_BOMS_UTF32 = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_BOMS_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BOM_UTF8 = codecs.BOM_UTF8

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office (OLE) file; save it as .docx"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
)
_MAGIC_HEADS = tuple(magic for magic, _ in _MAGIC)


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def sniff_binary(data: bytes, *, path: str) -> int:
    """Raise LoadError when `data` is not text in any encoding we read (UTF-16 is text). Else the number
    of control bytes in the head (`data[:_SAMPLE]`), -1 when not counted (an empty head, a UTF-32 BOM)."""
    if data.startswith(_MAGIC_HEADS):  # (one call; the loop names the first that matches, as before)
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise LoadError(f"not a text document: looks like {what}", path=path)
    head = data[:_SAMPLE]
    if not head or head.startswith(_BOMS_UTF32):
        return -1
    controls = _count_controls(head) if _COMPILED else len(head) - len(head.translate(None, _CONTROL))
    # (a NUL is a control byte: text without controls, nearly every file, is not searched for one)
    if controls and b"\x00" in head and _utf16_order(head) is None:
        raise LoadError("binary file (NUL bytes, not UTF-16)", path=path)
    if controls > max(8, len(head) // 100) and _utf16_order(head) is None:
        raise LoadError(f"binary file ({controls} control bytes in the first {len(head)} bytes)", path=path)
    return controls


def _utf16_order(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit on one parity only (ASCII and line ends in UTF-16)."""
    if head[:2] in _BOMS_UTF16 and head[:4] != codecs.BOM_UTF32_LE:  # (FF FE 00 00 is UTF-32's)
        return "utf-16"
    n = len(head) - len(head) % 2
    if n < 4 or b"\x00" not in head:  # (no NUL: both counts 0, neither order; memchr finds none in C)
        return None
    if _COMPILED:
        even, odd = _count_nuls(head, n)
    else:
        even = head[0:n:2].count(0)
        odd = head[1:n:2].count(0)
    half = n // 2
    # ASCII in UTF-16-LE has NUL in the odd byte; CJK has few (U+4E00 一 is 00 4E), so require a
    # share of NULs on one side and far fewer on the other.
    if odd >= max(2, half // 20) and even * 4 <= odd:
        return "utf-16-le"
    if even >= max(2, half // 20) and odd * 4 <= even:
        return "utf-16-be"
    return None


# Compiled, the byte counts below are typed loops over the bytes (decode.pxd); as Python the same counts
# come from bytes methods in C, which a loop in Python would be far slower than.
_COMPILED = runs_compiled(_utf16_order)
# Whether decode.pxd's C functions exist (compiled only). Kept apart from `_COMPILED`, which tests switch
# either way: `_count_controls` runs its word-at-a-time form under this, its byte loop when a test clears it.
_NATIVE = _COMPILED


def _count_controls(head: bytes) -> int:
    """`len(head) - len(head.translate(None, _CONTROL))`: one pass over the bytes, no copy (compiled:
    `_controls_c` of decode.pxd, a word at a time; this byte loop is its reference)."""
    if _NATIVE:
        return _controls_c(head)  # noqa: F821 - decode.pxd's, compiled only
    found = 0
    for b in head:
        if b < 32 and b != 9 and b != 10 and b != 11 and b != 12 and b != 13 and b != 27:
            found += 1
    return found


def _count_nuls(head: bytes, n: int) -> tuple[int, int]:
    """`(head[0:n:2].count(0), head[1:n:2].count(0))`: one pass over the bytes, no copies."""
    nuls = odd = 0
    i = 0
    for b in head:  # (compiled: the buffer read in C)
        if i == n:
            break
        if b == 0:
            nuls += 1
            odd += i & 1
        i += 1
    return nuls - odd, odd


def _count_lead_bytes(sample: bytes) -> int:
    """`len(sample) - len(sample.translate(None, _LEAD_BYTES))`: the bytes >= 0xC0, one pass (compiled:
    `_leads_c` of decode.pxd, a word at a time — load28 —; this byte loop is its reference)."""
    if _NATIVE:
        return _leads_c(sample)  # noqa: F821 - decode.pxd's, compiled only
    found = 0
    for b in sample:
        if b >= 0xC0:
            found += 1
    return found


@lru_cache(maxsize=65536)
def _common(ch: str) -> bool:
    """A CJK character that is common once simplified (GB2312 level 1: the 3755 most used)."""
    try:
        b = simplify(ch).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= b[0] <= 0xD7


def plausibility(text: str) -> float:
    """Share of CJK characters that are common ones (GB2312 level 1 once simplified), less a
    penalty for private-use characters.

    A correct decode of Chinese prose, traditional or simplified, scores ~0.9; Big5 bytes read as
    GBK (or the reverse) scatter over rare characters and score far lower. Text without CJK scores 1."""
    chars = _CJK.findall(text)  # the scan in C; _common is cached per character
    cjk = len(chars)
    pua = len(_PUA.findall(text)) if _PUA.search(text) else 0
    if not cjk:
        return 1.0 if "\ufffd" not in text and not pua else 0.0
    common = sum(map(_common, chars))
    return (common - 5 * pua) / cjk


_CJK = re.compile("[\u4e00-\u9fff]")
_PUA = re.compile("[\ue000-\uf8ff]")


# Double-byte codecs tried after UTF-8, as (python codec, reported name).
_DBCS: tuple[tuple[str, str], ...] = (("gb18030", "gb18030"), ("cp950", "big5"), ("big5hkscs", "big5"))


def _sample_cut(data: bytes, n: int) -> bytes:
    """A prefix of about n bytes that ends on a line break, so double-byte pairs are not cut."""
    if len(data) <= n:
        return data
    cut = data.rfind(b"\n", 0, n)
    return data[: cut + 1] if cut > 0 else data[:n]


def decode(data: bytes, *, path: str) -> Decoded:
    if not data or data.isspace():  # (= `not data.strip()`, the same ASCII whitespace, without a copy)
        raise LoadError("empty file", path=path)
    controls = sniff_binary(data, path=path)

    if data.startswith(_BOMS_UTF32):
        try:
            return Decoded(data.decode("utf-32"), "utf-32")
        except UnicodeDecodeError:
            return _fallback(data, path=path, tried="utf-32", codecs_=("utf-32",))
    if data.startswith(_BOM_UTF8):
        try:
            return Decoded(data.decode("utf-8-sig"), "utf-8-sig")
        except UnicodeDecodeError:
            return _fallback(data, path=path, tried="utf-8-sig")
    # (a head without control bytes has no NUL: `_utf16_order` would read only its BOM, the first two bytes)
    order = _utf16_order(data[:_SAMPLE] if controls else data[:2])
    if order is not None:
        try:
            text = data.decode(order)
        except UnicodeDecodeError:
            return _fallback(data, path=path, tried=order, codecs_=(order,))
        return Decoded(text[1:] if text.startswith("\ufeff") else text, "utf-16")

    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        # only the offset is kept: the exception holds its traceback, whose frames hold this one's
        # locals (the exception among them) — a reference cycle that kept every GB/Big5 file's
        # decoded text and lines alive until the next full garbage collection
        utf8_error_start = exc.start

    sample = _sample_cut(data, _SAMPLE)
    decodable: list[tuple[str, str]] = []  # (codec, name) that decode the whole file strictly
    texts: dict[str, str] = {}
    for codec, name in _DBCS:
        if any(name == c[1] for c in decodable):
            continue
        try:
            texts[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
        decodable.append((codec, name))

    # UTF-8 with a few bad bytes (a truncated file, one corrupt byte) beats a "clean" GB18030 misread.
    damaged = _damaged_utf8(data)
    if len(decodable) == 1 and damaged is None:  # nothing to weigh it against: no plausibility scan
        return Decoded(texts[decodable[0][0]], decodable[0][1])
    candidates = [(plausibility(sample.decode(codec, "replace")), codec, name) for codec, name in decodable]
    if damaged is not None and (not candidates or max(c[0] for c in candidates) < 0.75):
        text, bad = damaged
        where = _line_of(data, utf8_error_start)
        return Decoded(
            text,
            "utf-8",
            [Repair("encoding-fallback", where, f"{bad} invalid UTF-8 byte(s) replaced with U+FFFD")],
            [f"{path}:{where}: invalid UTF-8 ({bad} bad byte(s)); replaced with U+FFFD"],
        )
    if candidates:
        candidates.sort(key=lambda c: -c[0])
        best = candidates[0]
        if len(candidates) > 1 and best[0] - candidates[1][0] < 0.05:
            best = _tiebreak(sample, candidates) or best
        return Decoded(texts[best[1]], best[2])
    return _fallback(data, path=path, tried="utf-8, gb18030, big5")


_LEAD_BYTES = bytes(range(0xC0, 0x100))


_PROBE = 256  # bytes `_damaged_utf8` reads first, at least (a quarter of the sample's lead bytes)


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """`data` read as UTF-8 with U+FFFD for its bad bytes, and their number, when they are few against
    the bytes that lead a multi-byte sequence (a damaged UTF-8 file): `bad <= multibyte / 20`, or
    `bad <= 2` with 4 such bytes; else None."""
    given = data.count(b"\xef\xbf\xbd")  # U+FFFD already in the file is no error
    sample = data[:_SAMPLE]
    # bytes >= 0xC0, counted in C
    multibyte = _count_lead_bytes(sample) if _COMPILED else len(sample) - len(sample.translate(None, _LEAD_BYTES))
    probe = max(_PROBE, multibyte // 4)
    if len(data) > probe:
        # GB18030 or Big5 read as UTF-8 has a bad byte in nearly every pair, each replaced by a handler
        # (~15 ns a byte): the first bytes alone tell — more than multibyte / 20 bad ones there when
        # their decode is GB or Big5 text's, which has ~0.5-1 a byte — as a U+FFFD of their decode is
        # one of the whole text's (an incremental decode, final=False: the same text as one decode, cut
        # at a character)
        # (load28) half the probe first: an incremental decode hands out a prefix's text as it reads it (more
        # bytes only append to it; a sequence left open at the end is held back, not replaced), so the U+FFFD
        # of a shorter prefix are among those of a longer one — a count that already decides decides for the
        # whole probe (GB or Big5 text: nearly always); else the whole probe, as before
        half = max(_PROBE, probe // 2)
        if half < probe:
            least = codecs.utf_8_decode(data[:half], "replace", False)[0].count("\ufffd") - given
            if least > 2 and 20 * least > multibyte:
                return None
        head = codecs.utf_8_decode(data[:probe], "replace", False)[0]
        least = head.count("\ufffd") - given  # bad is at least this
        if least > 2 and 20 * least > multibyte:
            return None
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - given
    if bad <= 0:
        return None
    if multibyte >= 20 * bad or (bad <= 2 and multibyte >= 4):
        return text, bad
    return None


def _tiebreak(sample: bytes, candidates: list[tuple[float, str, str]]) -> tuple[float, str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(sample, cp_isolation=[c[1] for c in candidates]).best()
    if best is None:
        return None
    enc = best.encoding.replace("_", "").replace("-", "")
    for c in candidates:
        if c[1].replace("-", "") == enc or c[2].replace("-", "") == enc:
            return c
    return None


def _fallback(
    data: bytes, *, path: str, tried: str, codecs_: tuple[str, ...] = ("utf-8", "gb18030", "cp950")
) -> Decoded:
    """No codec decodes strictly: take the one with the fewest replacement characters, and say so."""
    best_text, best_codec, best_bad = "", codecs_[0], None
    for codec in codecs_:
        text = data.decode(codec, "replace")
        bad = text.count("\ufffd")
        if best_bad is None or bad < best_bad:
            best_text, best_codec, best_bad = text, codec, bad
    name = {"cp950": "big5"}.get(best_codec, best_codec)
    if best_bad and best_bad > max(16, len(best_text) // 10):
        raise LoadError(f"cannot decode as text (tried {tried}; {best_bad} undecodable bytes)", path=path)
    return Decoded(
        best_text,
        name,
        [Repair("encoding-fallback", 1, f"no strict decode; {name} with {best_bad} replacement(s)")],
        [f"{path}: no encoding decodes cleanly (tried {tried}); read as {name} with {best_bad} U+FFFD"],
    )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
