# Static types for targets.py's candidate scan when it is compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file and scans with `_CORE_STARTS`. The
# characters are read as Py_UCS4: the start-class and digit tests are integer comparisons, the scan a
# C loop; `_CORE` is then tried only where a target can start.

import cython

cpdef bint _is_digit(Py_UCS4 c)

cpdef Py_ssize_t _number_end(str s, Py_ssize_t k, Py_ssize_t n)

@cython.locals(out=list, n=cython.Py_ssize_t, p=cython.Py_ssize_t, k=cython.Py_ssize_t, v=cython.Py_ssize_t,
               e=cython.Py_ssize_t, last=cython.Py_ssize_t, c=cython.Py_UCS4, unit_first=str, verb_last=str,
               limit_first=str, reach=cython.Py_ssize_t)
cpdef list _target_matches(str norm, Py_ssize_t pos)
