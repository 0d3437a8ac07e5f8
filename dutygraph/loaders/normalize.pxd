# Static types for normalize.py's character scans when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it and `_COMPILED` sends those scans to str methods and
# regexes). Each scan is a loop over the characters of a `str` (Py_UCS4) deciding what the regex or
# the substring tests it stands for decide; cpdef, so the module's callers reach them without a
# Python call and tests call them from Python.

import cython

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

@cython.locals(table=cython.p_uchar, found=cython.Py_ssize_t, first=cython.Py_ssize_t, i=cython.Py_ssize_t,
               c=cython.Py_UCS4)
cpdef Py_ssize_t _line_scan(str s) except -1

@cython.locals(joinable=bint, nfkc=list, folds=cython.Py_ssize_t, first=cython.Py_ssize_t, at=cython.Py_ssize_t,
               r=cython.Py_ssize_t, k=cython.int, s=str, n=str)
cpdef tuple _nfkc_lines(list lines)

@cython.locals(nfkc=list, folds=cython.Py_ssize_t, first=cython.Py_ssize_t, joinable=bint, k=cython.int, joined=str,
               text=str, converted=bint, pieces=list, out=list)
cpdef tuple _lines_one_pass(list lines)

cpdef tuple _lines_scans(list lines)
