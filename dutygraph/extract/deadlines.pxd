# Static types for deadlines.py's candidate scan when it is compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file and scans with `_RE_STARTS`. The
# characters are read as Py_UCS4, so each test in `_may_start` is an integer comparison and the scan
# a C loop; `_RE` is then tried only where a deadline can start.

import cython

cpdef bint _is_digit(Py_UCS4 c)

cpdef Py_UCS4 _at(str s, Py_ssize_t i, Py_ssize_t n)

@cython.locals(c=cython.Py_UCS4, d=cython.Py_UCS4, k=cython.Py_ssize_t)
cpdef bint _may_start(str s, Py_ssize_t p, Py_ssize_t n)

@cython.locals(out=list, n=cython.Py_ssize_t, p=cython.Py_ssize_t, e=cython.Py_ssize_t,
               last=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef list _deadline_matches(str norm)
