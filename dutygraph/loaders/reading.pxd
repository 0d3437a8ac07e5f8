# Static types for reading.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as Python
# the module ignores it). (load29) The per-document path helpers typed: a `str` argument makes their
# `rfind`, `startswith`, `endswith`, `in`, indexing and slices C-API calls instead of method calls, and
# cpdef makes their calls from `load` / `load_bytes` C calls.

import cython

cpdef bint _kept_by_pathlib(str s) except -1

cpdef object _extension(object path)

@cython.locals(sep=cython.Py_ssize_t, dot=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef str _str_extension(str path)

cpdef object _basename(object path)

cpdef str _str_basename(str path)
