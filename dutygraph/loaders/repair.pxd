# Static types for repair.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it): the duplicate-copy search's indices and containers, the noise
# pre-check's positions, the steps' pass. cpdef, so the module's steps reach them without a Python
# call. The `cdef inline` functions below hold C-API calls: they exist only compiled (repair.py calls
# them under `_NATIVE`).

import cython
from cpython.unicode cimport (Py_UCS1, Py_UCS2, PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND, PyUnicode_DATA,
                             PyUnicode_FindChar, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ,
                             PyUnicode_READ_CHAR, PyUnicode_Substring, Py_UNICODE_ISSPACE)
from libc.stdint cimport uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memchr, memcpy, memset

@cython.locals(last=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef bint _may_name_a_file(str t) except -1

@cython.locals(seq=list, first=dict, repeated=dict, occ=list, s=str, t=str, i=cython.Py_ssize_t, j=cython.Py_ssize_t,
               n=cython.Py_ssize_t, x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef _longest_repeat_in(list texts)

cpdef list _repeat_candidates(list seq)

cpdef int _line_bits(str t) except -1

@cython.locals(texts=list, bits=bytearray, at=list, every=cython.int, need=cython.int, b=cython.int, k=cython.Py_ssize_t,
               i=cython.Py_ssize_t, n=cython.Py_ssize_t, t=str)
cpdef tuple repair_lines_texts(list lines)

cdef inline bint _ascii_or_lue(uint64_t w) noexcept:
    """(load27) Whether one of the four two-byte characters of the word `w` is below 128 or is "略"
    (U+7565): a 16-bit lane of `w & 0xFF80..` or of `w ^ 0x7565..` is 0 just then, and `(x - 0x0001..) &
    ~x & 0x8000..` is nonzero exactly when a lane of `x` is 0 (a borrow reaches a lane only from a lower
    lane that is 0 itself)."""
    cdef uint64_t ones = <uint64_t>0x00010001 | (<uint64_t>0x00010001 << 32)
    cdef uint64_t high = 0x8000 * ones
    cdef uint64_t a = w & (0xFF80 * ones)
    cdef uint64_t r = w ^ (0x7565 * ones)
    return (((a - ones) & ~a) | ((r - ones) & ~r)) & high != 0

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline int _bit_of(const Py_UCS2* p2, Py_ssize_t k, Py_ssize_t n, const unsigned char* tb) noexcept:
    """(load27) What character `k` (below `n`) of a two-byte string adds to `_line_bits`: an ASCII
    character's bit in `tb` (1 "?", 2 "<" ">" "&"), 4 for a "." before an `_EXT_FIRST` letter or "ſ", 8 for
    "略"; else 0 (the four-byte loop's test of one character)."""
    cdef Py_UCS4 c = p2[k]
    cdef Py_UCS4 d
    cdef unsigned char b
    if c < 128:
        b = tb[c]
        if b == 64:
            if k + 1 < n:
                d = p2[k + 1]
                if (d < 128 and tb[d] == 32) or d == 0x17F:
                    return 4
            return 0
        return b & 15
    if c == 0x7565:
        return 8
    return 0

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline int _bits_c(str s, bytes table) noexcept:
    """`_line_bits(s)`. One byte (Latin-1) a character: memchr for each character that matters ("?",
    "<", ">", "&", "." — then the one after it); two (the BMP): a word of four characters at a time,
    those of a word holding an ASCII character or "略" read one by one (load27); four: one loop over the
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
    cdef uint64_t w
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
        # (load27) one pass, four characters a turn (each word read whole inside the buffer: `i + 4 <= n`):
        # a word with no ASCII character and no "略" (`_ascii_or_lue`) holds nothing that matters; the
        # others' characters, and the last `n % 4`, are read one by one (`_bit_of`) — instead of a memchr
        # for each of "?", "<", ">", "&", "略" and for every "." (each a call, ~30 instructions on a line)
        p2 = <const Py_UCS2*>data
        i = 0
        while i + 4 <= n:
            memcpy(&w, p2 + i, 8)
            if _ascii_or_lue(w):
                for k in range(i, i + 4):
                    bits |= _bit_of(p2, k, n, tb)
            i += 4
        while i < n:
            bits |= _bit_of(p2, i, n, tb)
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
cdef inline uint64_t _key_c(str s) noexcept:
    """`_sample_key(s)` (length >= 4): the same digest, in C's wrapping 64-bit arithmetic."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)  # (load26: the kind and buffer read once, not by each character's read)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t at[9]
    cdef uint64_t h = <uint64_t>n
    cdef int k
    at[0] = 0
    at[1] = 1
    at[2] = 2
    at[3] = n >> 2
    at[4] = n >> 1
    at[5] = (3 * n) >> 2
    at[6] = n - 3
    at[7] = n - 2
    at[8] = n - 1
    for k in range(9):
        h = (h ^ <uint64_t>PyUnicode_READ(kind, data, at[k])) * <uint64_t>0x100000001B3
    return h

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline list _candidates_c(list seq):
    """`_repeat_candidates(seq)`: each line's key counted in an open-addressed table of C arrays
    (size a power of two, at least twice the lines), then the places whose key was counted twice."""
    cdef Py_ssize_t n = len(seq)
    cdef Py_ssize_t size = 16
    cdef Py_ssize_t i, slot
    cdef uint64_t key
    cdef uint64_t* keys
    cdef Py_ssize_t* counts
    cdef Py_ssize_t* slots
    cdef str s
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
            s = <str>seq[i]
            if PyUnicode_GET_LENGTH(s) < 4:
                slots[i] = -1
                continue
            key = _key_c(s)
            slot = <Py_ssize_t>((key ^ (key >> 32)) & <uint64_t>(size - 1))
            while counts[slot] != 0 and keys[slot] != key:
                slot = (slot + 1) & (size - 1)
            keys[slot] = key
            counts[slot] += 1
            slots[i] = slot
        for i in range(n):
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
