# Static types for decode.py's byte counts when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it and `_COMPILED` sends those counts to bytes methods):
# each is a loop over a `bytes` object's buffer in C (unsigned char), counting what the translate or
# the strided slices and counts it stands for count. cpdef, so the module's callers reach them without
# a Python call and tests call them from Python.

import cython

@cython.locals(found=Py_ssize_t, b=cython.uchar)
cpdef Py_ssize_t _count_controls(bytes head) except -1

@cython.locals(nuls=Py_ssize_t, odd=Py_ssize_t, i=Py_ssize_t, b=cython.uchar)
cpdef tuple _count_nuls(bytes head, Py_ssize_t n)

@cython.locals(found=Py_ssize_t, b=cython.uchar)
cpdef Py_ssize_t _count_lead_bytes(bytes sample) except -1
