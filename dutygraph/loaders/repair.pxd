# Static types for repair.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it): the duplicate-copy search's indices and containers, the noise
# pre-check's positions, the steps' pass. cpdef, so the module's steps reach them without a Python
# call. The `cdef inline` functions below hold C-API calls: they exist only compiled (repair.py calls
# them under `_NATIVE`).

import cython
from cpython.unicode cimport (Py_UCS1, Py_UCS2, PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND, PyUnicode_4BYTE_KIND,
                             PyUnicode_DATA,
                             PyUnicode_FindChar, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ,
                             PyUnicode_READ_CHAR, PyUnicode_Substring, Py_UNICODE_ISSPACE)
from libc.stdint cimport uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memchr, memcmp, memset

@cython.locals(last=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef bint _may_name_a_file(str t) except -1

@cython.locals(seq=list, at=list, first=dict, repeated=dict, occ=list, s=str, t=str, i=cython.Py_ssize_t,
               j=cython.Py_ssize_t, n=cython.Py_ssize_t, x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef _longest_repeat_in(list texts)

cpdef list _repeat_candidates(list texts)

cpdef bint _same_line(str a, str b) except -1

cpdef int _line_bits(str t) except -1

@cython.locals(bits=bytearray, every=cython.int, b=cython.int, i=cython.Py_ssize_t, n=cython.Py_ssize_t,
               native=bint, table=bytes)
cdef tuple _bits_of(list texts)

@cython.locals(bits=bytearray, every=cython.int)
cpdef tuple _bits_in(list texts, list starts, str text)

@cython.locals(texts=list, bits=bytearray, at=list, every=cython.int, need=cython.int, k=cython.Py_ssize_t,
               i=cython.Py_ssize_t, n=cython.Py_ssize_t, t=str)
cpdef tuple repair_lines_texts(list lines)

@cython.locals(made=list, bits=bytearray, at=list, given=list, lines=list, every=cython.int, need=cython.int,
               k=cython.Py_ssize_t, i=cython.Py_ssize_t, n=cython.Py_ssize_t, t=str)
cpdef tuple repair_columns(list texts, list starts, str text)

cdef inline Py_ssize_t _find2(const Py_UCS2* p, Py_ssize_t n, Py_UCS2 want) noexcept:
    """The first of the `n` characters at `p` that is `want`, or -1 (none; `n` <= 0): memchr (the C
    library's, vectorised) finds each byte equal to `want`'s high byte — its low byte for a character
    below 256, the high byte 0 being every ASCII character's —, and the character holding it is compared
    whole (a hit on a character's other byte, or on another character with that byte, goes on after that
    character). (ld40: for "略", U+7565, the byte 0x75 is 0.6% of a Chinese text's bytes in the corpus,
    0x65 — the high byte of 政, 数, 新, 方, 施, 时 … — 1.6%.)"""
    cdef const char* start = <const char*>p
    cdef const char* at = start
    cdef const char* end = start + 2 * n
    cdef const char* hit
    cdef int byte = (want >> 8) if want >> 8 else want
    cdef Py_ssize_t k
    while at < end:
        hit = <const char*>memchr(at, byte, end - at)
        if hit == NULL:
            return -1
        k = (hit - start) >> 1
        if p[k] == want:
            return k
        at = start + 2 * (k + 1)
    return -1

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline int _bits_c(str s, bytes table) noexcept:
    """`_line_bits(s)`. One byte (Latin-1) or two (the BMP) a character: memchr for each character
    that matters ("?", "<", ">", "&", "." — then the one after it —, and "略"); four: one loop over the
    characters. `table` is `_ASCII_BITS`: an ASCII character's bit (1 "?", 2 "<" ">" "&"), 64 for ".",
    32 for a letter of `_EXT_FIRST`; the others that matter are "略" (8) and "ſ" (U+017F, after a ".")."""
    cdef const unsigned char* tb = table
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const Py_UCS1* p1
    cdef const Py_UCS1* dot
    cdef const Py_UCS2* p2
    cdef const Py_UCS4* p4
    cdef Py_ssize_t i, k
    cdef Py_UCS4 c, d
    cdef unsigned char b
    cdef int bits = 0
    if kind == PyUnicode_1BYTE_KIND:  # (Latin-1: no "略", no "ſ")
        p1 = <const Py_UCS1*>data
        if memchr(p1, 63, n) != NULL:  # "?"
            bits |= 1
        if memchr(p1, 60, n) != NULL or memchr(p1, 62, n) != NULL or memchr(p1, 38, n) != NULL:  # "<", ">", "&"
            bits |= 2
        dot = <const Py_UCS1*>memchr(p1, 46, n)  # "."
        while dot != NULL:
            i = dot - p1
            if i + 1 >= n:
                break
            d = p1[i + 1]
            if d < 128 and tb[d] == 32:
                bits |= 4
                break
            dot = <const Py_UCS1*>memchr(p1 + i + 1, 46, n - i - 1)
    elif kind == PyUnicode_2BYTE_KIND:
        p2 = <const Py_UCS2*>data
        if _find2(p2, n, 63) >= 0:
            bits |= 1
        if _find2(p2, n, 60) >= 0 or _find2(p2, n, 62) >= 0 or _find2(p2, n, 38) >= 0:
            bits |= 2
        if _find2(p2, n, 0x7565) >= 0:
            bits |= 8
        i = 0
        while True:
            k = _find2(p2 + i, n - 1 - i, 46)  # a "." before the last character
            if k < 0:
                break
            i += k
            d = p2[i + 1]
            if (d < 128 and tb[d] == 32) or d == 0x17F:
                bits |= 4
                break
            i += 1
    else:
        p4 = <const Py_UCS4*>data
        for i in range(n):
            c = p4[i]
            if c < 128:
                b = tb[c]
                if b == 64:
                    if i + 1 < n:
                        d = p4[i + 1]
                        if (d < 128 and tb[d] == 32) or d == 0x17F:
                            bits |= 4
                else:
                    bits |= b & 15
            elif c == 0x7565:
                bits |= 8
    return bits

cdef inline Py_ssize_t _find_at(unsigned int kind, const void* data, Py_ssize_t i, Py_ssize_t n, Py_UCS2 want) noexcept:
    """The first index from `i` (below `n`) of the character `want` in a buffer of one byte a character
    (memchr) or two (`_find2`), or -1."""
    cdef const Py_UCS1* p1 = <const Py_UCS1*>data
    cdef const Py_UCS1* hit
    cdef Py_ssize_t k
    if i >= n:
        return -1
    if kind == PyUnicode_1BYTE_KIND:
        if want > 255:
            return -1
        hit = <const Py_UCS1*>memchr(p1 + i, want, n - i)
        return -1 if hit == NULL else hit - p1
    k = _find2(<const Py_UCS2*>data + i, n - i, want)
    return -1 if k < 0 else i + k

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline int _text_bits_c(str text, list texts, list starts, bytearray bits, bytes table) except -2:
    """`_bits_of(texts)` put in `bits` (zeros, one a line), and their union returned, for the lines
    `split_columns(text)` cut, at the offsets `starts`: each character that matters ("?", "<", ">", "&",
    "略", and a "." with a letter of `table`'s 32 or "ſ" after it) found in the whole text in turn, the
    line holding it found by its offset (the last whose offset is not after it) and its bits read by
    `_bits_c` (not 0: it holds that character), the search going on after that line. -1 for a text of
    four bytes a character, or no lines (the caller reads every line)."""
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef const void* data = PyUnicode_DATA(text)
    cdef const unsigned char* tb = table
    cdef unsigned char* out = <unsigned char*><char*>bits
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t count = len(texts)
    cdef Py_UCS2 marks[6]
    cdef Py_ssize_t i, lo, hi, mid
    cdef int m, b
    cdef int every = 0
    cdef Py_UCS4 d
    cdef str line
    if kind == PyUnicode_4BYTE_KIND or count == 0:
        return -1
    marks[0] = 63  # "?"
    marks[1] = 60  # "<"
    marks[2] = 62  # ">"
    marks[3] = 38  # "&"
    marks[4] = 0x7565  # "略"
    marks[5] = 46  # "."
    for m in range(6):
        i = _find_at(kind, data, 0, n, marks[m])
        while i >= 0:
            if m == 5:  # a "." counts with a letter of an extension after it
                d = PyUnicode_READ(kind, data, i + 1) if i + 1 < n else 0
                if not ((d < 128 and tb[d] == 32) or d == 0x17F):
                    i = _find_at(kind, data, i + 1, n, 46)
                    continue
            lo = 0
            hi = count
            while hi - lo > 1:
                mid = (lo + hi) >> 1
                if <Py_ssize_t>starts[mid] <= i:
                    lo = mid
                else:
                    hi = mid
            line = <str>texts[lo]
            if out[lo] == 0:
                b = _bits_c(line, table)
                out[lo] = b
                every |= b
            # past the line: after i, which the line holds (a wrong line found goes on, not round again)
            i = _find_at(kind, data, max(i + 1, <Py_ssize_t>starts[lo] + PyUnicode_GET_LENGTH(line)), n, marks[m])
    return every

cdef inline str _strip_cut(str t, Py_ssize_t n):
    """`t.strip()` for a `t` of `n` characters with white space at an end: (load26) strip's own cut without
    the method call — the white space passed over from both ends by its test (Py_UNICODE_ISSPACE), then
    `PyUnicode_Substring`, which strip returns (the empty str, CPython's one, when nothing is left)."""
    cdef int kind = PyUnicode_KIND(t)
    cdef void* data = PyUnicode_DATA(t)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t j = n
    while i < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
        i += 1
    while j > i and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j - 1)):
        j -= 1
    return PyUnicode_Substring(t, i, j)

cdef inline bint _same_c(str a, str b) noexcept:
    """`a == b` as `unicode_compare_eq` (CPython's `==` of strs) reads it: the same object, or the same
    length and kind and the same bytes (equal strs have one kind, the narrowest that holds their
    characters: CPython's canonical form)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(a)
    cdef int kind = PyUnicode_KIND(a)
    if a is b:
        return True
    return (n == PyUnicode_GET_LENGTH(b) and kind == PyUnicode_KIND(b)
            and memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), <size_t>(n * kind)) == 0)

cdef inline str _stripped(str t):
    """`t.strip()`: `t` itself when neither end character is white space (`str.strip`'s test,
    Py_UNICODE_ISSPACE; what strip hands back then), else `_strip_cut`. (Called from `_longest_repeat_in`
    alone, so that the C compiler puts it there: `_strip_of` tests `_strip_cut` with its own end test.)"""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t)
    if n == 0:
        return t
    if Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(t, 0)) or Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(t, n - 1)):
        return _strip_cut(t, n)
    return t

@cython.cdivision(True)
cdef inline uint64_t _key_c(int kind, void* data, Py_ssize_t a, Py_ssize_t n) noexcept:
    """`_sample_key(s)` of the `n` characters (4 or more) at `a` of a str's `kind` and `data`: the same
    digest, in C's wrapping 64-bit arithmetic. (ld43) A two-byte str's (a CJK line's) nine characters read
    through a `Py_UCS2` pointer, without PyUnicode_READ's tests of the kind."""
    cdef Py_ssize_t at[9]
    cdef uint64_t h = <uint64_t>n
    cdef int k
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data + a
    at[0] = 0
    at[1] = 1
    at[2] = 2
    at[3] = n >> 2
    at[4] = n >> 1
    at[5] = (3 * n) >> 2
    at[6] = n - 3
    at[7] = n - 2
    at[8] = n - 1
    if kind == PyUnicode_2BYTE_KIND:
        for k in range(9):
            h = (h ^ <uint64_t>p2[at[k]]) * <uint64_t>0x100000001B3
        return h
    for k in range(9):
        h = (h ^ <uint64_t>PyUnicode_READ(kind, data, a + at[k])) * <uint64_t>0x100000001B3
    return h

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline list _candidates_c(list texts):
    """`_repeat_candidates(texts)`: each text's stripped span found where it is (the white space passed
    over from both ends by strip's test, Py_UNICODE_ISSPACE, as `_strip_cut` does; an empty span, a blank
    line, takes no place), each key counted in an open-addressed table of C arrays (size a power of two,
    at least twice the lines), then the places whose key was counted twice."""
    cdef Py_ssize_t n = len(texts)
    cdef Py_ssize_t size = 16
    cdef Py_ssize_t i, slot, a, b
    cdef Py_ssize_t m = 0  # the places taken: the non-blank lines so far
    cdef uint64_t key
    cdef uint64_t* keys
    cdef Py_ssize_t* counts
    cdef Py_ssize_t* slots
    cdef str s
    cdef int kind
    cdef void* data
    cdef list out = []
    while size < 2 * n:
        size <<= 1
    keys = <uint64_t*>malloc(size * sizeof(uint64_t))
    counts = <Py_ssize_t*>malloc(size * sizeof(Py_ssize_t))
    slots = <Py_ssize_t*>malloc((n + 1) * sizeof(Py_ssize_t))
    try:
        if keys == NULL or counts == NULL or slots == NULL:
            raise MemoryError()
        memset(counts, 0, size * sizeof(Py_ssize_t))  # 0: an empty slot
        for i in range(n):
            s = <str>texts[i]
            kind = PyUnicode_KIND(s)
            data = PyUnicode_DATA(s)
            a = 0
            b = PyUnicode_GET_LENGTH(s)
            while a < b and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)):
                a += 1
            while b > a and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)):
                b -= 1
            if a == b:
                continue
            if b - a < 4:
                slots[m] = -1
                m += 1
                continue
            key = _key_c(kind, data, a, b - a)
            slot = <Py_ssize_t>((key ^ (key >> 32)) & <uint64_t>(size - 1))
            while counts[slot] != 0 and keys[slot] != key:
                slot = (slot + 1) & (size - 1)
            keys[slot] = key
            counts[slot] += 1
            slots[m] = slot
            m += 1
        for i in range(m):
            slot = slots[i]
            if slot >= 0 and counts[slot] > 1:
                out.append(i)
    finally:
        free(keys)
        free(counts)
        free(slots)
    return out

# (load26) The redactions' count, compiled only.

cdef inline Py_ssize_t _redactions_c(str t) except -1:
    """`len(_REDACTION.findall(t))` (`[(（]\s*略\s*[)）]`; `\s` of a str pattern is `Py_UNICODE_ISSPACE`):
    the "略"s with only white space between them and a "(" or "（" before and a ")" or "）" after. Each
    match holds one "略" and is that one's: it starts at the first character before it that is not white
    space, and ends at a closing bracket, which no later match can start at — so the matches the regex
    finds one after the other are these, counted. Each "略" found by `PyUnicode_FindChar` (a C API call:
    the search `str.find` makes, without the method call), its neighbours read at indices inside `t`."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t)
    cdef int kind = PyUnicode_KIND(t)
    cdef void* data = PyUnicode_DATA(t)
    cdef Py_ssize_t found = 0
    cdef Py_ssize_t i, j
    cdef Py_UCS4 c
    i = PyUnicode_FindChar(t, 0x7565, 0, n, 1)
    while i >= 0:
        j = i - 1
        while j >= 0 and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)):
            j -= 1
        if j >= 0:
            c = PyUnicode_READ(kind, data, j)
            if c == 0x28 or c == 0xFF08:  # "(" or "（"
                j = i + 1
                while j < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)):
                    j += 1
                if j < n:
                    c = PyUnicode_READ(kind, data, j)
                    if c == 0x29 or c == 0xFF09:  # ")" or "）"
                        found += 1
        i = PyUnicode_FindChar(t, 0x7565, i + 1, n, 1)
    return found
