# Static types for platforms.py's scans of listed and place-prefixed names when it is compiled (Cython's
# pure-Python mode; see dutygraph/native.py). As Python the module ignores this file and scans with the
# patterns. The characters are read as Py_UCS4 and their group numbers from the `_first_index` bytes
# through a C pointer (the bytes object stays referenced by its table): the scans are C loops that
# compare words only where one opens. The `cdef inline` functions at the end hold C-API calls: they exist only
# compiled (platforms.py calls them under `_NATIVE`): loops over a string's buffer at its width.

import cython
from cpython.unicode cimport (Py_UCS2, PyUnicode_2BYTE_KIND, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND,
                             PyUnicode_FindChar, PyUnicode_READ, PyUnicode_READ_CHAR)
from dutygraph._native_inline cimport _next_ucs2_c

cpdef inline bint _is_digit(Py_UCS4 c)

@cython.locals(x=cython.Py_UCS4)
cpdef inline bint _holds(str s, Py_UCS4 c)

@cython.locals(out=list, data=bytes, first=cython.p_uchar, size=cython.Py_ssize_t, by_first=tuple, words=tuple,
               heads=tuple, guarded=tuple, seconds=str, prefix=str, n=cython.Py_ssize_t, p=cython.Py_ssize_t,
               e=cython.Py_ssize_t, k=cython.Py_ssize_t, g=cython.Py_ssize_t, i=cython.Py_ssize_t, ends=bint,
               native=bint, word=str, pairs=bytes, opens=bytes, marks=cython.p_uchar)
cpdef tuple _listed_scan(str norm, table)

@cython.locals(memo=list)
cpdef tuple _scan_fields(table)

@cython.locals(out=bytearray, words=tuple, c=str)
cpdef bytes _open_marks(tuple groups)

@cython.locals(n=cython.Py_ssize_t)
cpdef Py_ssize_t _next_open(str norm, Py_ssize_t p, bytes first)

cpdef list _listed_spans(str norm, table)

@cython.locals(out=list, tbl=cython.p_uchar, size=cython.Py_ssize_t, last=cython.Py_ssize_t, p=cython.Py_ssize_t,
               e=cython.Py_ssize_t, k=cython.Py_ssize_t, g=cython.Py_ssize_t, c=cython.Py_UCS4, n=cython.Py_ssize_t)
cpdef list _place_matches(str norm, pattern, bytes first, tuple leads)

cpdef bint _ends_like_place_platform(str norm)

@cython.locals(stop=str, i=cython.Py_ssize_t, j=cython.Py_ssize_t)
cpdef Py_ssize_t _quoted_close(str norm, Py_ssize_t q, Py_ssize_t n)

@cython.locals(words=tuple, word_first=str, e=cython.Py_ssize_t, k=cython.Py_ssize_t, w=cython.Py_ssize_t, marks=bytes)
cpdef Py_ssize_t _quoted_end(str norm, Py_ssize_t j, Py_ssize_t n)

cpdef Py_ssize_t _next_quote(str norm, Py_ssize_t q)

@cython.locals(out=list, n=cython.Py_ssize_t, q=cython.Py_ssize_t, j=cython.Py_ssize_t, end=cython.Py_ssize_t)
cpdef list _quoted_spans(str norm)

@cython.locals(patterns=dict, hit=tuple)
cpdef tuple _place_scan()

@cython.locals(key=str, readings=dict, kept=list)
cpdef object _quoted_reading(str raw_name, table)

cpdef str _stripped(str s, Py_ssize_t a, Py_ssize_t b)

@cython.locals(w=str)
cpdef Py_ssize_t _word_at(str s, Py_ssize_t p, tuple words)

@cython.locals(x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef bint _inside(list spans, Py_ssize_t p)

@cython.locals(x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef bint _overlaps(list spans, Py_ssize_t a, Py_ssize_t b)

@cython.locals(env=dict, memo=list)
cpdef platform_table()

@cython.locals(found=list, covered=list, placed=object, out=list, seen=set, halls=bint,
               a=cython.Py_ssize_t, b=cython.Py_ssize_t, start=cython.Py_ssize_t, end=cython.Py_ssize_t,
               tail=str, mention=str, listed=list, ends_like=bint, quotes=bint, compiled=bint, n=cython.Py_ssize_t)
cpdef tuple find_platforms(str text, str norm=*)

cdef inline Py_ssize_t _next_mark_c(str s, Py_ssize_t i, const unsigned char* marks, const unsigned char* first,
                                   Py_ssize_t size, bytes pairs, bint ends) noexcept:
    """The first index from `i` that `_listed_scan` must look at, len(s) when none: one whose character opens a
    group of `first` (`size`: its length) and, with `pairs` (`PlatformTable.pairs`: 8,192 bytes, else no such
    test), that has a next character whose pair's bit (`_pair_bit`) is set; or, `ends` asked, one where a place
    ending (`_ends_at`) ends. A loop over the buffer at its width that reads one byte of `marks` (`_open_marks`:
    0x10000 bytes, bit 1 a character that opens a group, bit 2 one that ends an ending) a character of the BMP
    (above U+FFFF: its two bytes of `first`); the ending is tested before the opening."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef const unsigned char* bits = pairs
    cdef bint paired = len(pairs) == 0x2000
    cdef unsigned int want = 3 if ends else 1
    cdef Py_ssize_t k
    cdef unsigned int c, h, m
    if i < 0:
        i = 0
    while True:
        if kind == PyUnicode_2BYTE_KIND:  # (the common width: its own loop; one character in twenty is marked)
            i = _next_ucs2_c(p2, i, n, marks, want)
            if i >= n:
                return n
            c = p2[i]
            m = marks[c] & want
        else:
            while i < n:
                c = PyUnicode_READ(kind, data, i)
                if c <= 0xFFFF:
                    m = marks[c] & want
                else:
                    k = 2 * <Py_ssize_t>c
                    m = 1 if k + 1 < size and (first[k] | first[k + 1]) != 0 else 0
                if m:
                    break
                i += 1
            if i >= n:
                return n
        if m & 2 and i >= 1 and _ends_at(kind, data, i, c):
            return i
        if m & 1:
            if not paired:
                return i
            if i + 1 < n:
                h = (c * 31 + <unsigned int>PyUnicode_READ(kind, data, i + 1)) & 0xFFFF
                if bits[h >> 3] & (1 << (h & 7)):
                    return i
        i += 1

cdef inline Py_ssize_t _next_place_c(str s, Py_ssize_t i, const unsigned char* first, Py_ssize_t size) noexcept:
    """`_next_open(s, i, first)` (`size`: the length of `first`) for `_place_matches`: the first index from `i`
    whose character opens a group of `first`, len(s) when none. A loop of its own (not `_next_mark_c` with no
    pairs: that one, called from one function only, stays inlined in `_listed_scan`'s loop)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t k
    if i < 0:
        i = 0
    while i < n:
        k = 2 * <Py_ssize_t>PyUnicode_READ(kind, data, i)
        if k + 1 < size and (first[k] | first[k + 1]) != 0:
            return i
        i += 1
    return n

cdef inline bint _ends_at(int kind, void* data, Py_ssize_t i, unsigned int c) noexcept:
    """Whether one of 平台, 系统, 服务网, 采购网, APP ends at `i` (i >= 1), whose character is `c`."""
    cdef unsigned int b = PyUnicode_READ(kind, data, i - 1)
    if c == 0x53F0:  # 平台
        return b == 0x5E73
    if c == 0x7EDF:  # 系统
        return b == 0x7CFB
    if i < 2:
        return False
    if c == 0x7F51:  # 服务网, 采购网
        return (b == 0x52A1 and PyUnicode_READ(kind, data, i - 2) == 0x670D) or \
            (b == 0x8D2D and PyUnicode_READ(kind, data, i - 2) == 0x91C7)
    if c == 0x50:  # APP
        return b == 0x50 and PyUnicode_READ(kind, data, i - 2) == 0x41
    return False

cdef inline bint _ends_in_c(str s, Py_ssize_t a, Py_ssize_t b) noexcept:
    """Whether one of 平台, 系统, 服务网, 采购网, APP ends at an index of [a, b) (0 <= a, b <= len(s)): whether
    `_ends_like_place_platform(s[:b])` holds by an ending past a (`_listed_scan` asks it of the characters of a
    listed word, which `_next_mark_c` passes over). A character that can end one of them (台 U+53F0, 统 U+7EDF,
    网 U+7F51, P) passes a 64-bit mask of their low six bits (bits 48, 31, 17, 16), then the one or two before it
    are compared."""
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef unsigned long long mask = (1ULL << 48) | (1ULL << 31) | (1ULL << 17) | (1ULL << 16)
    cdef Py_ssize_t i
    cdef unsigned int c  # (an integer: a Py_UCS4 in an arithmetic expression is a character to Cython)
    for i in range(a if a > 1 else 1, b):
        c = PyUnicode_READ(kind, data, i)
        if (mask >> (c & 63)) & 1 and _ends_at(kind, data, i, c):
            return True
    return False

cdef inline bint _is_cjk_c(Py_UCS4 c) noexcept:
    return 0x4E00 <= c <= 0x9FFF

cdef inline Py_ssize_t _word_at_c(int kind, void* data, Py_ssize_t n, Py_ssize_t p, tuple words):
    """`_word_at(s, p, words)` on `s`'s buffer (`kind`, `data`, its length `n`): the length of the first
    of `words` printed at `p`, 0 when none is."""
    cdef str w
    cdef Py_ssize_t m, k
    for w in words:
        m = PyUnicode_GET_LENGTH(w)
        if p + m > n:
            continue
        k = 0
        while k < m and PyUnicode_READ(kind, data, p + k) == PyUnicode_READ_CHAR(w, k):
            k += 1
        if k == m:
            return m
    return 0

cdef inline Py_ssize_t _find_quote_c(str s, Py_ssize_t q) noexcept:
    """`s.find("“", q)` for 0 <= q <= len(s): the next U+201C from `q`, -1 when none (-2, an error, cannot happen)."""
    return PyUnicode_FindChar(s, 0x201C, q, PyUnicode_GET_LENGTH(s), 1)

cdef inline Py_ssize_t _quoted_close_c(str s, Py_ssize_t q) noexcept:
    """`_quoted_close(s, q, len(s))` on the string's buffer: after the “ at `q`, a name of 2–20 characters, none of
    `_QUOTE_STOP` (“ ” , ， 。 ; ； : ：), closed by ”: the index of the ”, else -1. A character is compared with
    the stops only where its low six bits are one of theirs (2, 12, 26–29, 44, 58, 59: a 64-bit mask)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef unsigned long long mask = 0x0C0010003C001004ULL  # (bits 2, 12, 26, 27, 28, 29, 44, 58, 59)
    cdef Py_ssize_t i = q + 1
    cdef Py_ssize_t j = i
    cdef unsigned int c = 0
    while j < n and j - i <= 20:
        c = PyUnicode_READ(kind, data, j)
        if (mask >> (c & 63)) & 1 and (c == 0x201C or c == 0x201D or c == 0x2C or c == 0xFF0C or c == 0x3002
                                       or c == 0x3B or c == 0xFF1B or c == 0x3A or c == 0xFF1A):
            break
        j += 1
    if j >= n or c != 0x201D or j - i < 2:  # (c: the character at j, the stop the loop ended at)
        return -1
    return j

cdef inline Py_ssize_t _quoted_end_c(str s, Py_ssize_t e, tuple words, const unsigned char* first):
    """`_quoted_end(s, e - 1, len(s))` on the string's buffer (`words`, `first`: `_PLATFORM_WORDS` and
    `_PLATFORM_WORD_MARKS`, 0x10000 bytes, 1 for a character of the BMP a word opens with): the fewest (0–6) CJK
    characters from `e` followed by a platform word, the index past the word; else `e`. The words are compared only
    where `first` marks the character."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t k, w
    cdef unsigned int c
    for k in range(7):
        if k > 0 and (e + k - 1 >= n or not _is_cjk_c(PyUnicode_READ(kind, data, e + k - 1))):
            break
        if e + k >= n:
            continue
        c = PyUnicode_READ(kind, data, e + k)
        if c <= 0xFFFF and first[c]:
            w = _word_at_c(kind, data, n, e + k, words)
            if w:
                return e + k + w
    return e
