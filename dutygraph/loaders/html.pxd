# Static types for html.py's whitespace collapsing when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it and `_collapse` runs its regexes): a loop over the
# characters of a `str` (Py_UCS4) deciding each whitespace run as `_WS` and `_CJK_EDGE` do. cpdef,
# so `_collapse` reaches them without a Python call and tests call them from Python.

import cython

cpdef str _collapse(str s)

@cython.locals(pieces=list, n=cython.Py_ssize_t, last=cython.Py_ssize_t, i=cython.Py_ssize_t,
               j=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4, newline=bint)
cpdef str _collapse_runs(str s)

cpdef bint _cjk_edge(Py_UCS4 c)
