# Static types for base.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it): `raw_line` is cpdef, so `split_lines` builds each line without a
# Python call, and other modules and tests call it from Python. `_Builder` is an extension type (C
# fields) whose instances record_builder hands out only when this module runs compiled; what they
# build is made by `_record_of` below, the one function of this file with a body (it calls the C
# API, so it exists only compiled).

cimport cython
from cpython.object cimport PyObject, PyTypeObject, Py_TYPE

cpdef object raw_line(object number, str text, object start)

@cython.locals(pieces=list, crlf=bint, out=list, start=Py_ssize_t, i=Py_ssize_t, piece=str)
cpdef list split_lines(str text)

@cython.locals(ln=object)
cpdef list line_texts(list lines)

@cython.locals(out=list, i=Py_ssize_t, ln=object, reps=list, values=tuple)
cpdef tuple build_lines(list lines, list norms)

cdef class _Builder:
    cdef readonly object cls  # the record's class
    cdef readonly tuple names  # its fields, in order
    cdef tuple descrs  # their slots' member descriptors, in the same order
    cdef dict __dict__  # a function's settable __name__ / __qualname__ / __module__

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline object _record_of(object cls, tuple descrs, tuple values):
    """`cls(*values)` for a slots class whose fields are `descrs`' slots, without its __init__:
    the instance made by the class's tp_new (object's: allocation, nothing else), then each value
    stored by its slot's member descriptor setter (what `object.__setattr__` ends in, without the
    frozen __setattr__, the attribute lookup or a Python call). `len(values) == len(descrs)`."""
    cdef tuple no_args = ()
    cdef object o = (<PyTypeObject*>cls).tp_new(cls, <PyObject*>no_args, NULL)
    cdef Py_ssize_t i
    cdef object d
    for i in range(len(descrs)):
        d = descrs[i]
        Py_TYPE(d).tp_descr_set(d, o, values[i])
    return o
