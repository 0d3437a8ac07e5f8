# Static types for targets.py's candidate scan when it is compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file and scans with `_CORE_STARTS`. The
# characters are read as Py_UCS4: the start-class and digit tests are integer comparisons, the scan a
# C loop; `_CORE` is then tried only where a target can start. `_next_marked_c` at the end holds C-API
# calls: it exists only compiled (targets.py calls it under `_NATIVE`).

import cython
from cpython.unicode cimport (Py_UCS1, Py_UCS2, Py_UNICODE_ISDECIMAL, PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND,
                             PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ)
from dutygraph._native_inline cimport _ch_c, _next_ucs2_c

cpdef inline bint _is_digit(Py_UCS4 c)

# True compiled (targets.py's `_C`, set at import): a C global, so `_number_end` picks `_ch_c` by a C test.
cdef bint _C

@cython.locals(i=cython.Py_ssize_t, c=cython.Py_UCS4, n=cython.Py_ssize_t, marks=bytes)
cpdef Py_ssize_t _first_digit(str s)

cpdef inline bint _is_cjk(Py_UCS4 c)

@cython.locals(x=cython.Py_UCS4, y=cython.Py_UCS4)
cpdef Py_ssize_t _subject_start(str s, Py_ssize_t a)

cpdef Py_ssize_t _number_end(str s, Py_ssize_t k, Py_ssize_t n)

@cython.locals(out=list, n=cython.Py_ssize_t, p=cython.Py_ssize_t, k=cython.Py_ssize_t, v=cython.Py_ssize_t,
               e=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4, follows=cython.p_uchar, table=bytes,
               reach=cython.Py_ssize_t, native=bint, marks=bytes, hit=tuple)
cpdef list _target_matches(str norm, Py_ssize_t pos, bint hand=*)

@cython.locals(w=str, native=bint)
cpdef Py_ssize_t _word_at(str s, Py_ssize_t k, tuple words)

@cython.locals(ids=bytes, groups=tuple, i=cython.Py_ssize_t)
cpdef tuple _words_opening(Py_UCS4 c, tuple table)

@cython.locals(c=cython.Py_UCS4, d=cython.Py_UCS4, v=str, u=cython.Py_ssize_t, t=cython.Py_ssize_t, j=cython.Py_ssize_t,
               e=cython.Py_ssize_t, native=bint)
cpdef tuple _target_at(str s, Py_ssize_t p, Py_ssize_t n, Py_ssize_t k)

@cython.locals(n=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef Py_ssize_t _next_start(str norm, Py_ssize_t p)

@cython.locals(first=cython.Py_ssize_t, pos=cython.Py_ssize_t, a=cython.Py_ssize_t, b=cython.Py_ssize_t,
               s=cython.Py_ssize_t, out=list, after_verb=str, printed=str, limit=bint)
cpdef tuple find_targets(str text, str norm=*)

cdef inline bint _quiet_c(int kind, void* data, Py_ssize_t n, Py_ssize_t i, const unsigned char* marks,
                          Py_ssize_t reach) noexcept:
    """Whether `_target_matches` passes over position `i` (below `n`) for certain: its character, read from
    the buffer (`kind`, `data`), is marked neither 1 (a digit) nor 2 (a start character but a digit) in
    `marks`; or it is a digit right after a digit or "."; or it is a start character with no digit in the
    `reach` characters after it. A character above U+FFFF is never passed over (the caller decides)."""
    cdef unsigned int c = PyUnicode_READ(kind, data, i)
    cdef unsigned int d
    cdef unsigned char m
    cdef Py_ssize_t k
    if c > 0xFFFF:
        return False
    m = marks[c]
    if m == 0:
        return True
    if m == 1:  # (?<![\d.])\d
        if i == 0:
            return False
        d = PyUnicode_READ(kind, data, i - 1)
        return d == 0x2E or (d <= 0xFFFF and marks[d] == 1)
    for k in range(i + 1, min(n, i + reach + 1)):  # a start character: a digit within reach
        d = PyUnicode_READ(kind, data, k)
        if d > 0xFFFF or marks[d] == 1:
            return False
    return True

cdef inline Py_ssize_t _next_marked_c(str s, Py_ssize_t i, const unsigned char* marks, Py_ssize_t reach) noexcept:
    """The first index from `i` that `_target_matches` must look at (`_quiet_c` does not pass over it;
    `marks`: `_STARTS`, 0x10000 bytes, one a code point of the BMP), len(s) when none. A loop over the
    buffer at its width: most characters are marked 0."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const Py_UCS1* p1
    cdef const cython.Py_UCS4* p4
    if i < 0:
        i = 0
    while i < n:
        if kind == PyUnicode_2BYTE_KIND:
            i = _next_ucs2_c(<const Py_UCS2*>data, i, n, marks, 3)
        elif kind == PyUnicode_1BYTE_KIND:
            p1 = <const Py_UCS1*>data
            while i < n and not marks[p1[i]]:
                i += 1
        else:
            p4 = <const cython.Py_UCS4*>data
            while i < n and p4[i] <= 0xFFFF and not marks[p4[i]]:
                i += 1
        if i >= n or not _quiet_c(kind, data, n, i, marks, reach):
            break
        i += 1
    return i if i < n else n

cdef inline Py_ssize_t _next_digit_c(str s, Py_ssize_t i, const unsigned char* marks) noexcept:
    """The first index from `i` whose character is above U+FFFF or marked 1 (a digit) in `marks` (`_STARTS`,
    0x10000 bytes), len(s) when none. A loop over the buffer at its width."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const Py_UCS1* p1
    cdef const cython.Py_UCS4* p4
    if i < 0:
        i = 0
    if kind == PyUnicode_2BYTE_KIND:
        i = _next_ucs2_c(<const Py_UCS2*>data, i, n, marks, 1)
    elif kind == PyUnicode_1BYTE_KIND:
        p1 = <const Py_UCS1*>data
        while i < n and marks[p1[i]] != 1:
            i += 1
    else:
        p4 = <const cython.Py_UCS4*>data
        while i < n and p4[i] <= 0xFFFF and marks[p4[i]] != 1:
            i += 1
    return i if i < n else n

cdef inline bint _holds_c(str s, Py_ssize_t k, str w) noexcept:
    """`s.startswith(w, k)` for 0 <= k: `w`'s characters compared with `s`'s from `k`, each read from its
    buffer at its width (`k` + len(w) checked against len(s) first)."""
    cdef Py_ssize_t m = PyUnicode_GET_LENGTH(w)
    cdef Py_ssize_t i
    cdef int kind, wkind
    cdef void* data
    cdef void* wdata
    if k < 0 or k + m > PyUnicode_GET_LENGTH(s):
        return False
    kind = PyUnicode_KIND(s)
    data = PyUnicode_DATA(s)
    wkind = PyUnicode_KIND(w)
    wdata = PyUnicode_DATA(w)
    for i in range(m):
        if PyUnicode_READ(kind, data, k + i) != PyUnicode_READ(wkind, wdata, i):
            return False
    return True

cdef inline list _bmp_decimals_c():
    """`_bmp_decimals()`: each code point of the BMP asked of `Py_UNICODE_ISDECIMAL` (what `str.isdecimal` asks
    of each character) in a C loop."""
    cdef list out = []
    cdef Py_ssize_t i
    for i in range(0x10000):
        if Py_UNICODE_ISDECIMAL(<Py_UCS4>i):
            out.append(i)
    return out
