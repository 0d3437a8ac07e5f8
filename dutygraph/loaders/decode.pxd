# Static types for decode.py's byte counts when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it and `_COMPILED` sends those counts to bytes methods):
# each is a loop over a `bytes` object's buffer in C (unsigned char), counting what the translate or
# the strided slices and counts it stands for count. cpdef, so the module's callers reach them without
# a Python call and tests call them from Python.

import cython
from libc.stdint cimport uint64_t
from libc.string cimport memcpy

@cython.locals(found=Py_ssize_t, b=cython.uchar)
cpdef Py_ssize_t _count_controls(bytes head) except -1

@cython.locals(nuls=Py_ssize_t, odd=Py_ssize_t, i=Py_ssize_t, b=cython.uchar)
cpdef tuple _count_nuls(bytes head, Py_ssize_t n)

@cython.locals(found=Py_ssize_t, b=cython.uchar)
cpdef Py_ssize_t _count_lead_bytes(bytes sample) except -1

cdef inline bint _line_feeds_only(uint64_t w, uint64_t ones) noexcept:
    """(load26) Whether every byte of the word `w` below 32 is a line feed: the bytes below 32 exactly
    (bit 7 of `((b & 0x7F) + 0x60) | b` is set just when b >= 32; no carry leaves a byte) and the bytes
    equal to 10 exactly (those of `w ^ 0x0A..` that are 0: bit 7 of `((x & 0x7F) + 0x7F) | x` is clear
    just for them), compared as masks. A line feed is no control: such a word holds none."""
    cdef uint64_t m7f = 0x7F * ones
    cdef uint64_t high = 0x80 * ones
    cdef uint64_t x = w ^ (0x0A * ones)
    cdef uint64_t below = ~(((w & m7f) + 0x60 * ones) | w) & high
    cdef uint64_t feeds = ~(((x & m7f) + m7f) | x) & high
    return below == feeds

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline Py_ssize_t _controls_c(bytes head) noexcept:
    """`_count_controls(head)` a word at a time: sixteen bytes, then eight, read at once (each read whole
    inside the buffer: `i + 16 <= n`, `i + 8 <= n`) and tested for a byte below 32 (`(w - 0x20..) & ~w &
    0x80..`, nonzero exactly when one is: text has one at a line end, not in most words); only such
    words' bytes are counted one by one (unless their bytes below 32 are all line feeds, `_line_feeds_only`:
    load26), as are the last `n % 8`. A byte below 32 is a control when its
    bit of 0xF7FFC1FF is set (every one but 9-13 and 27, `_CONTROL`'s bytes)."""
    cdef const unsigned char* p = head
    cdef Py_ssize_t n = len(head)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t j
    cdef Py_ssize_t found = 0
    cdef uint64_t ones = <uint64_t>0x01010101 | (<uint64_t>0x01010101 << 32)
    cdef uint64_t low = 0x20 * ones
    cdef uint64_t high = 0x80 * ones
    cdef uint64_t w, v
    cdef unsigned int b
    while i + 16 <= n:  # two words a turn: one test of both, each tested again only when that hits
        memcpy(&w, p + i, 8)
        memcpy(&v, p + i + 8, 8)
        if (((w - low) & ~w) | ((v - low) & ~v)) & high and not (_line_feeds_only(w, ones) and _line_feeds_only(v, ones)):
            for j in range(i, i + 16):
                b = p[j]
                if b < 32 and (<unsigned int>0xF7FFC1FF >> b) & 1:
                    found += 1
        i += 16
    while i + 8 <= n:
        memcpy(&w, p + i, 8)
        if (w - low) & ~w & high and not _line_feeds_only(w, ones):
            for j in range(i, i + 8):
                b = p[j]
                if b < 32 and (<unsigned int>0xF7FFC1FF >> b) & 1:
                    found += 1
        i += 8
    while i < n:
        b = p[i]
        if b < 32 and (<unsigned int>0xF7FFC1FF >> b) & 1:
            found += 1
        i += 1
    return found

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline Py_ssize_t _leads_c(bytes sample) noexcept:
    """(load28) `_count_lead_bytes(sample)` a word at a time: eight bytes read at once (each read whole inside
    the buffer: `i + 8 <= n`); a byte is >= 0xC0 exactly when its bits 7 and 6 are set, which `w & (w << 1)`
    puts in its bit 7 (the shift moves each byte's bit 6 to its own bit 7; a bit 7 that leaves its byte lands
    in the next one's bit 0, which the mask drops); those bits moved to bit 0 are summed by the multiply's top
    byte (eight bytes of 0 or 1: at most 8, no carry between bytes). The last `n % 8` bytes one by one."""
    cdef const unsigned char* p = sample
    cdef Py_ssize_t n = len(sample)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t found = 0
    cdef uint64_t ones = <uint64_t>0x01010101 | (<uint64_t>0x01010101 << 32)
    cdef uint64_t high = 0x80 * ones
    cdef uint64_t w
    while i + 8 <= n:
        memcpy(&w, p + i, 8)
        found += <Py_ssize_t>(((((w & (w << 1)) & high) >> 7) * ones) >> 56)
        i += 8
    while i < n:
        if p[i] >= 0xC0:
            found += 1
        i += 1
    return found
