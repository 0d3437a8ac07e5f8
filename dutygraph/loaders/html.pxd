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
