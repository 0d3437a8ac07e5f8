# Static types for deadlines.py's candidate scan when it is compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file and scans with `_RE_STARTS`. The
# characters are read as Py_UCS4, so each test in `_may_start` is an integer comparison and the scan
# a C loop; `_RE` is then tried only where a deadline can start.

import cython

cpdef inline bint _is_digit(Py_UCS4 c)

cpdef Py_UCS4 _at(str s, Py_ssize_t i, Py_ssize_t n)

@cython.locals(c=cython.Py_UCS4, d=cython.Py_UCS4, k=cython.Py_ssize_t)
cpdef bint _may_start(str s, Py_ssize_t p, Py_ssize_t n)

cpdef object _pattern_at(str s, Py_ssize_t p, Py_ssize_t n, Py_UCS4 c)

@cython.locals(out=list, n=cython.Py_ssize_t, p=cython.Py_ssize_t, e=cython.Py_ssize_t,
               last=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef list _deadline_matches(str norm)

cpdef bint _may_hold(str norm)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _has_digit(str norm)

@cython.locals(lo=cython.Py_ssize_t, t=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4)
cpdef bint _not_before(str norm, Py_ssize_t a)

@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4)
cpdef bint _not_after(str norm, Py_ssize_t b)

cpdef list _blocked(str norm)

@cython.locals(x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef bint _overlaps(list blocked, Py_ssize_t a, Py_ssize_t b)

@cython.locals(out=list, blocked=list, years=list, yi=cython.Py_ssize_t, a=cython.Py_ssize_t, b=cython.Py_ssize_t,
               kind=str)
cpdef list _deadline_spans(str text, year, str norm)

@cython.locals(spans=list)
cpdef tuple find_deadlines(str text, year, str norm=*)

@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef bint _paren_digit(str norm)

cpdef object _last_day(y, m)

@cython.locals(key=tuple, memo=dict)
cpdef object _iso(y, m, d)

@cython.locals(year=str)
cpdef object _iso_of(y, m, d)

@cython.locals(slot=dict)
cpdef tuple _one(m, str kind, year, str norm)

@cython.locals(i=cython.Py_ssize_t)
cpdef bint _digits(str s, Py_ssize_t a, Py_ssize_t b)

@cython.locals(out=list, n=cython.Py_ssize_t, last=cython.Py_ssize_t, p=cython.Py_ssize_t, e=cython.Py_ssize_t,
               q=cython.Py_ssize_t, k=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4)
cpdef list _skip_spans(str norm)
