# Static types for repair.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it): the duplicate-copy search's indices and containers, and the noise
# pre-check's positions. cpdef, so the module's steps reach them without a Python call.

import cython

@cython.locals(last=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef bint _may_name_a_file(str t) except -1

@cython.locals(seq=list, first=dict, repeated=dict, occ=list, s=str, i=cython.Py_ssize_t, j=cython.Py_ssize_t,
               n=cython.Py_ssize_t, x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef _longest_repeat(list lines)
