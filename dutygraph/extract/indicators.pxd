# Static types for indicators.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as Python
# the module ignores it and finds the variants with the table's pattern). `_first_indicator` reads the
# characters as Py_UCS4 and their group numbers from the table's `first` bytes through a C pointer (the
# bytes object stays referenced by the table).

import cython

# True compiled (indicators.py's `_COMPILED`, set at import): a C global, read by a C test
cdef bint _COMPILED

@cython.locals(data=bytes, first=cython.p_uchar, groups=tuple, size=cython.Py_ssize_t, n=cython.Py_ssize_t, p=cython.Py_ssize_t,
               k=cython.Py_ssize_t, g=cython.Py_ssize_t, e=cython.Py_ssize_t, w=str)
cpdef object _first_indicator(str norm, table)
