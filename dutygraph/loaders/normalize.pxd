# Static types for normalize.py's character scans when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it and `_COMPILED` sends those scans to str methods and
# regexes). Each scan is a loop over the characters of a `str` (Py_UCS4) deciding what the regex or
# the substring tests it stands for decide; cpdef, so the module's callers reach them without a
# Python call and tests call them from Python.

import cython
from cpython.unicode cimport (Py_UCS1, Py_UCS2, PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND, PyUnicode_DATA,
                             PyUnicode_FromKindAndData, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_New)
from libc.string cimport memcpy

@cython.locals(c=cython.Py_UCS4, found=cython.int)
cpdef int _nfkc_plain(str s) except -2

cpdef str nfkc_aligned(str s)

@cython.locals(found=cython.int, k=cython.int)
cpdef str _nfkc_kept(str s)

@cython.locals(table=bytes, i=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef Py_ssize_t _t2s_scan(str s, Py_ssize_t start) except -2

cpdef Py_ssize_t _t2s_next(str s, Py_ssize_t start) except -2

cpdef bint t2s_changes(str s) except -1

cpdef str _fold(str s)

@cython.locals(i=cython.Py_ssize_t, j=cython.Py_ssize_t)
cpdef bint _t2s_changes_at(str s, Py_ssize_t i) except -1

cpdef Py_ssize_t _line_scan(str s) except -1

# (load27) `_line_scan`'s loop, its tables and flag given: `_nfkc_lines` reads them once, not a line (three
# module globals and two buffer fetches a call)
@cython.locals(n=cython.Py_ssize_t, found=cython.Py_ssize_t, first=cython.Py_ssize_t, i=cython.Py_ssize_t,
               c=cython.Py_UCS4)
cdef Py_ssize_t _line_scan_in(str s, const unsigned char* table, const unsigned char* quiet, bint compiled) except -1

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline Py_ssize_t _quiet_run(str s, Py_ssize_t i, Py_ssize_t n, const unsigned char* quiet) noexcept:
    """The first index from `i` (below `n`, the length of `s`) whose character is not quiet — above
    U+FFFF, or `quiet` holds 1 for it —; `n` when there is none. A loop over the buffer at its width."""
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const Py_UCS1* p1
    cdef const Py_UCS2* p2
    cdef const Py_UCS4* p4
    if kind == PyUnicode_2BYTE_KIND:
        p2 = <const Py_UCS2*>data
        # four characters a turn while four are left (each read below n), then one by one
        while i + 4 <= n and not (quiet[p2[i]] | quiet[p2[i + 1]] | quiet[p2[i + 2]] | quiet[p2[i + 3]]):
            i += 4
        while i < n and not quiet[p2[i]]:
            i += 1
    elif kind == PyUnicode_1BYTE_KIND:
        p1 = <const Py_UCS1*>data
        while i < n and not quiet[p1[i]]:
            i += 1
    else:
        p4 = <const Py_UCS4*>data
        while i < n and p4[i] <= 0xFFFF and not quiet[p4[i]]:
            i += 1
    return i

@cython.locals(joinable=bint, breaks=bint, nfkc=list, folds=list, first=cython.Py_ssize_t, at=cython.Py_ssize_t,
               r=cython.Py_ssize_t, bits=cython.Py_ssize_t, k=cython.int, s=str, n=str, table=cython.p_uchar,
               quiet=cython.p_uchar, compiled=bint)
cpdef tuple _nfkc_lines(list lines)

@cython.locals(nfkc=list, marks=list, folds=cython.Py_ssize_t, first=cython.Py_ssize_t, joinable=bint, breaks=bint,
               many=bint, compiled=bint, n=str, j=cython.Py_ssize_t, bits=cython.Py_ssize_t, k=cython.int, joined=str,
               text=str, converted=bint, pieces=list, out=list)
cpdef tuple _lines_one_pass(list lines)

cdef inline str _piece(str s):
    """A new string of `s`'s characters, made as `str.split` makes a piece (`_PyUnicode_FromUCS1/2/4`:
    "" and a Latin-1 character are CPython's shared objects). (load26) Two characters or more of two bytes
    each (a CJK line): `PyUnicode_New` of that width and a copy of the characters — what
    `PyUnicode_FromKindAndData` does after finding their largest, which for a str of that width (made by
    CPython: the narrowest that holds its characters) is above U+00FF, so its scan is skipped. (Four
    bytes each never comes here: a character beyond the BMP is in the t2s gate's class.)"""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef str out
    if n < 2 or kind != PyUnicode_2BYTE_KIND:
        return PyUnicode_FromKindAndData(kind, PyUnicode_DATA(s), n)
    out = PyUnicode_New(n, 0xFFFF)
    memcpy(PyUnicode_DATA(out), PyUnicode_DATA(s), 2 * n)
    return out

cpdef tuple _lines_scans(list lines)
