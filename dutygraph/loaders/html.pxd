# Static types for html.py's whitespace collapsing when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it and `_collapse` runs its regexes): a loop over the
# characters of a `str` (Py_UCS4) deciding each whitespace run as `_WS` and `_CJK_EDGE` do. cpdef,
# so `_collapse` reaches them without a Python call and tests call them from Python.

import cython
from cpython.unicode cimport (Py_UNICODE_ISSPACE, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ,
                              PyUnicode_Substring)

cpdef str _collapse(str s)

cpdef Py_ssize_t _blank_prefix(str s) except -1

@cython.locals(pieces=list, n=cython.Py_ssize_t, last=cython.Py_ssize_t, i=cython.Py_ssize_t,
               j=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4, newline=bint)
cpdef str _collapse_runs(str s)

cpdef bint _cjk_edge(Py_UCS4 c)

# The walker as an extension type: its state in C fields, its methods cpdef (a C call from one to the
# next instead of a bound-method lookup and a Python call an element). Its recursion stays bounded:
# lxml's HTML parser keeps a page to 256 levels of nesting, deeper content is dropped (as before).
cdef class _Walker:
    cdef public list lines
    cdef public list pieces
    cdef public Py_ssize_t line
    cdef public Py_ssize_t in_article
    cdef public Py_ssize_t layout
    cdef public bint started

    @cython.locals(stripped=str)
    cpdef add(self, s, Py_ssize_t line)
    @cython.locals(content=str)
    cpdef flush(self)
    cpdef walk(self, el)
    cpdef _walk_children(self, el, str tag)
    cpdef _walk_block(self, el, Py_ssize_t line)


# (load25) Bodies, compiled only: loops over a str's buffer, each read at an index below its length.

cdef inline bint _html_blank(Py_UCS4 c) noexcept:
    """`c` in " \t\r\n\f\v\xa0" (html.py's `_BLANK`, `_WS`'s characters)."""
    return c == 32 or c == 10 or c == 9 or c == 13 or c == 12 or c == 11 or c == 0xa0

cdef inline Py_ssize_t _blank_run_c(str s) noexcept:
    """`len(s) - len(s.lstrip(_BLANK))`: the characters of `_html_blank` that lead `s`."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t i = 0
    while i < n and _html_blank(PyUnicode_READ(kind, data, i)):
        i += 1
    return i

cdef inline str _collapse_c(str s):
    """`_collapse_runs(s).strip()`: the same runs replaced (a slice of `s` between them, as
    `_collapse_runs` cuts them, joined; `s` itself when none is replaced), then `str.strip()`'s cut — its
    test (`Py_UNICODE_ISSPACE`) from both ends and `PyUnicode_Substring`, which hands back the str itself
    when nothing goes — without the method call."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef list pieces = None
    cdef Py_ssize_t last = 0
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t j
    cdef Py_UCS4 c, d
    cdef bint newline
    cdef str out
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if (c > 32 and c != 0xa0) or not _html_blank(c):
            i += 1
            continue
        j = i + 1
        newline = c == 10
        while j < n:
            d = PyUnicode_READ(kind, data, j)
            if d == 10:
                newline = True
            elif not _html_blank(d):
                break
            j += 1
        if (newline and i > 0 and j < n and _cjk_edge(PyUnicode_READ(kind, data, i - 1))
                and _cjk_edge(PyUnicode_READ(kind, data, j))):
            if pieces is None:
                pieces = []
            pieces.append(PyUnicode_Substring(s, last, i))
            last = j
        elif j > i + 1 or c != 32:
            if pieces is None:
                pieces = []
            pieces.append(PyUnicode_Substring(s, last, i))
            pieces.append(" ")
            last = j
        i = j
    if pieces is None:
        out = s
    else:
        pieces.append(PyUnicode_Substring(s, last, n))
        out = "".join(pieces)
    n = PyUnicode_GET_LENGTH(out)
    kind = PyUnicode_KIND(out)
    data = PyUnicode_DATA(out)
    i = 0
    while i < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
        i += 1
    j = n
    while j > i and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j - 1)):
        j -= 1
    return PyUnicode_Substring(out, i, j)
