# Static types for targets.py's candidate scan when it is compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file and scans with `_CORE_STARTS`. The
# characters are read as Py_UCS4: the start-class and digit tests are integer comparisons, the scan a
# C loop; `_CORE` is then tried only where a target can start.

import cython

cpdef inline bint _is_digit(Py_UCS4 c)

@cython.locals(i=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef Py_ssize_t _first_digit(str s)

cpdef inline bint _is_cjk(Py_UCS4 c)

@cython.locals(x=cython.Py_UCS4, y=cython.Py_UCS4)
cpdef Py_ssize_t _subject_start(str s, Py_ssize_t a)

cpdef Py_ssize_t _number_end(str s, Py_ssize_t k, Py_ssize_t n)

@cython.locals(out=list, n=cython.Py_ssize_t, p=cython.Py_ssize_t, k=cython.Py_ssize_t, v=cython.Py_ssize_t,
               e=cython.Py_ssize_t, last=cython.Py_ssize_t, c=cython.Py_UCS4, unit_first=str, verb_last=str,
               limit_first=str, reach=cython.Py_ssize_t)
cpdef list _target_matches(str norm, Py_ssize_t pos)

@cython.locals(first=cython.Py_ssize_t, pos=cython.Py_ssize_t, a=cython.Py_ssize_t, b=cython.Py_ssize_t,
               s=cython.Py_ssize_t, out=list, body=str, after_verb=str, printed=str)
cpdef tuple find_targets(str text, str norm=*)
