# Static types for templates.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file: no declaration here may change what a function returns.
# The value-text tables (one lookup per value the RDF and GraphML/GEXF/JSON writers write: ~11 per
# element) are extension types when compiled. A Python class deriving from dict gets the generic
# mapping slot — CPython finds dict's `__getitem__` as a method, not as the slot's wrapper —, so each
# `table[value]` looked `__getitem__` up by name and called it (~620 instructions a lookup); `Texts` as
# an extension type inherits dict's own slot (a hit is a plain dict lookup; a miss still calls
# `__missing__`). `Direct` and `Lists` reach their `__getitem__` through their own slot, a C call.
cimport cython

cdef class Texts(dict):
    cdef public object fn
    cdef public Py_ssize_t room
    cdef public object short

cdef class Direct:
    cdef public object fn

cdef class Lists(Direct):
    cdef public object empty

cdef class StrLists(Lists):
    cdef public dict memo
    cdef public Py_ssize_t room
