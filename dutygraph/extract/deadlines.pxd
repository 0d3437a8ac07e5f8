# Static types for deadlines.py's candidate scan when it is compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file and scans with `_RE_STARTS`. The
# characters are read as Py_UCS4, so each test in `_may_start` is an integer comparison and the scan
# a C loop; `_RE` is then tried only where a deadline can start.

import cython
from cpython.unicode cimport (Py_UCS1, Py_UCS2, Py_UNICODE_ISDECIMAL, PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND,
                             PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ)
from dutygraph._native_inline cimport _ch_c, _next_ucs2_c

cpdef inline bint _is_digit(Py_UCS4 c)

# True compiled (deadlines.py's `_C`, set at import): a C global, so `_at` and `_may_start` pick `_ch_c` by a C test.
cdef bint _C

cpdef inline Py_UCS4 _at(str s, Py_ssize_t i, Py_ssize_t n) noexcept

@cython.locals(c=cython.Py_UCS4, d=cython.Py_UCS4, k=cython.Py_ssize_t)
cpdef bint _may_start(str s, Py_ssize_t p, Py_ssize_t n)

cpdef object _pattern_at(str s, Py_ssize_t p, Py_ssize_t n, Py_UCS4 c)

@cython.locals(out=list, n=cython.Py_ssize_t, p=cython.Py_ssize_t, e=cython.Py_ssize_t, c=cython.Py_UCS4, native=bint,
               marks=bytes, hit=tuple, start_chars=str)
cpdef list _deadline_matches(str norm, bint hand=*)

cpdef inline bint _ascii_digit(Py_UCS4 c)

@cython.locals(y=cython.Py_ssize_t, k=cython.Py_ssize_t, q=cython.Py_ssize_t, r=cython.Py_ssize_t, e=cython.Py_ssize_t,
               mo=cython.Py_ssize_t, day=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4, kind=str)
cpdef tuple _year_led(str s, Py_ssize_t p, Py_ssize_t n)

@cython.locals(kind=str, y=cython.Py_ssize_t, mo=cython.Py_ssize_t)
cpdef tuple _one_of_hit(tuple hit, year=*, str norm=*)

@cython.locals(q=cython.Py_ssize_t, e=cython.Py_ssize_t, mo=cython.Py_ssize_t, d=cython.Py_UCS4, w=str)
cpdef tuple _word_led(str s, Py_ssize_t p, Py_ssize_t n, Py_UCS4 c)

cpdef tuple _ongoing(str norm, Py_ssize_t a, Py_ssize_t b)

@cython.locals(n=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef Py_ssize_t _next_start(str norm, Py_ssize_t p)

@cython.locals(holds=bytes)
cpdef bint _may_hold(str norm)

@cython.locals(out=list, i=cython.Py_ssize_t, p=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4)
cpdef list _years(str norm)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _has_digit(str norm)

@cython.locals(lo=cython.Py_ssize_t, t=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4)
cpdef bint _not_before(str norm, Py_ssize_t a)

@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4)
cpdef bint _not_after(str norm, Py_ssize_t b)

@cython.locals(firsts=bytes)
cpdef bint _may_skip(str norm)

cpdef list _blocked(str norm)

@cython.locals(x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef bint _overlaps(list blocked, Py_ssize_t a, Py_ssize_t b)

@cython.locals(out=list, blocked=list, years=list, yi=cython.Py_ssize_t, a=cython.Py_ssize_t, b=cython.Py_ssize_t,
               kind=str, hit=bint)
cpdef list _deadline_spans(str text, year, str norm, bint spans)

@cython.locals(found=list)
cpdef tuple find_deadlines(str text, year, str norm=*)

@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef bint _paren_digit(str norm)

cpdef object _last_day(y, m)

@cython.locals(key=tuple, memo=dict)
cpdef object _iso(y, m, d)

@cython.locals(key=tuple, gens=list, new=dict)
cpdef object _parse_deadline(raw, year)

@cython.locals(year=str)
cpdef object _iso_of(y, m, d)

@cython.locals(slot=dict)
cpdef tuple _one(m, str kind, year, str norm)

@cython.locals(i=cython.Py_ssize_t)
cpdef bint _digits(str s, Py_ssize_t a, Py_ssize_t b)

@cython.locals(out=list, n=cython.Py_ssize_t, last=cython.Py_ssize_t, p=cython.Py_ssize_t, e=cython.Py_ssize_t,
               q=cython.Py_ssize_t, k=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4)
cpdef list _skip_spans(str norm)

cdef inline Py_ssize_t _next_marked_c(str s, Py_ssize_t i, const unsigned char* marks) noexcept:
    """The first index from `i` that `_deadline_matches` must look at, len(s) when none: a character above
    U+FFFF, a digit (bit 1 of `marks`: `_STARTS`, 0x10000 bytes, one a code point of the BMP), or a start
    character (bit 2) whose next character is above U+FFFF or one of the followers (bit 4). A loop over the
    buffer at its width."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const Py_UCS2* p2
    cdef unsigned int c, d
    cdef unsigned char m
    if i < 0:
        i = 0
    while i < n:
        if kind == PyUnicode_2BYTE_KIND:
            p2 = <const Py_UCS2*>data
            i = _next_ucs2_c(p2, i, n, marks, 3)
            if i >= n:
                break
            c = p2[i]
        else:
            c = PyUnicode_READ(kind, data, i)
            if c <= 0xFFFF and not (marks[c] & 3):
                i += 1
                continue
        if c > 0xFFFF:
            break
        m = marks[c]
        if m & 1 or i + 1 >= n:  # a digit; a start character at the end (the Python test decides)
            break
        d = PyUnicode_READ(kind, data, i + 1)
        if d > 0xFFFF or marks[d] & 4:
            break
        i += 1
    return i if i < n else n

cdef inline bint _may_hold_c(str s, const unsigned char* marks):
    """`_may_hold(s)` by one pass over the buffer: the bits `marks` (`_HOLDS`, 0x10000 bytes, one a code point of
    the BMP) gives each character (1 a digit; 2 年, which answers at once; 4 月 or 日; 8 季; 16 长; 32 持;
    64 常) gathered — a UCS-2 string in a loop of its own; a character above U+FFFF asked of `_is_digit` —,
    then the words whose first character occurs (季度, 长期, 持续推进, 常态化推进, 持续, 常态化) asked of `s`."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const Py_UCS2* p2
    cdef Py_ssize_t i
    cdef unsigned int c
    cdef unsigned char m
    cdef unsigned int bits = 0
    if kind == PyUnicode_2BYTE_KIND:
        p2 = <const Py_UCS2*>data
        i = 0
        while i + 4 <= n:  # four characters' bits a test (most are 0) ...
            m = marks[p2[i]] | marks[p2[i + 1]] | marks[p2[i + 2]] | marks[p2[i + 3]]
            if m:
                if m & 2:
                    return True
                bits |= m
            i += 4
        while i < n:  # ... then the last one to three's
            m = marks[p2[i]]
            if m & 2:
                return True
            bits |= m
            i += 1
    else:
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            if c <= 0xFFFF:
                m = marks[c]
                if m & 2:
                    return True
                bits |= m
            elif _is_digit(c):
                bits |= 1
    # 月, 日, or the first character of 季度, 长期, 持续推进, 常态化推进 (their words asked of `s`)
    if not (bits & 4 or (bits & 8 and "季度" in s) or (bits & 16 and "长期" in s)
            or (bits & 32 and "持续推进" in s) or (bits & 64 and "常态化推进" in s)):
        return False
    return bool(bits & 8) or (bits & 16 and "长期" in s) or (bits & 32 and "持续" in s) \
        or (bits & 64 and "常态化" in s) or bool(bits & 1)

cdef inline bint _may_skip_c(str s, const unsigned char* marks):
    """`_may_skip(s)` by one pass over the buffer: 《 (U+300A), -, 年 (then 以来, 起 or 度 after it) and "("
    (then a digit after it: `_is_digit`), marked 2 in `marks` (`_SKIP_FIRSTS`, 0x10000 bytes, one a code point
    of the BMP), are then compared whole — a UCS-2 string's characters passed over by `_next_ucs2_c`."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef Py_ssize_t i = -1
    cdef unsigned int c, d
    while True:
        i += 1
        if kind == PyUnicode_2BYTE_KIND:
            i = _next_ucs2_c(p2, i, n, marks, 2)
        if i >= n:
            return False
        c = PyUnicode_READ(kind, data, i)
        if c > 0xFFFF or not (marks[c] & 2):
            continue
        if c == 0x300A or c == 0x2D:  # 《, -
            return True
        if i + 1 >= n:
            continue
        d = PyUnicode_READ(kind, data, i + 1)
        if c == 0x5E74:  # 年以来, 年起, 年度
            if d == 0x8D77 or d == 0x5EA6 or \
                    (d == 0x4EE5 and i + 2 < n and PyUnicode_READ(kind, data, i + 2) == 0x6765):
                return True
        elif c == 0x28 and _is_digit(d):  # "(" and a digit
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
