# Static types for rosters.py's paragraph reads when it is compiled (Cython's pure-Python mode: an augmenting
# .pxd; as Python the module ignores it and reads with its regexes). `str` for the paragraph's norm, Py_UCS4
# for the characters the loops compare, Py_ssize_t for indices; cpdef on the helpers `_task_force` calls
# (C calls from it; `_task_force` itself stays a Python function: tests put the form before in its place).

import cython

# True compiled (rosters.py's `_COMPILED`, set at import): a C global, read by a C test
cdef bint _COMPILED

@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef Py_ssize_t _leader_rest(str norm) except? -2

@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t, j=cython.Py_ssize_t)
cpdef Py_ssize_t _liaison_rest(str norm) except? -2

@cython.locals(n=cython.Py_ssize_t)
cpdef Py_ssize_t _after_spaces(str norm, Py_ssize_t i) except? -2

@cython.locals(n=cython.Py_ssize_t, p=cython.Py_ssize_t, j=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef tuple _members_span(str norm)

@cython.locals(n=cython.Py_ssize_t, p=cython.Py_ssize_t, q=cython.Py_ssize_t, e=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef tuple _office_span(str norm)

cpdef str _office_unit(str s)

@cython.locals(c=cython.Py_UCS4, prev=cython.Py_UCS4)
cpdef bint _looks_like_post(str s)

@cython.locals(t=cython.Py_ssize_t, best=cython.Py_ssize_t, end=cython.Py_ssize_t, q=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef tuple _office_head_span(str norm)

@cython.locals(n=cython.Py_ssize_t, p=cython.Py_ssize_t, c=cython.Py_UCS4, run=cython.Py_ssize_t, k=cython.Py_ssize_t,
               q=cython.Py_ssize_t, tail=cython.Py_ssize_t)
cpdef tuple _phone_span(str rest)

@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t)
cpdef Py_ssize_t _digits(str s, Py_ssize_t i) except? -1

@cython.locals(n=cython.Py_ssize_t, t=cython.Py_ssize_t, u=cython.Py_ssize_t, k=cython.Py_ssize_t, w=str)
cpdef Py_ssize_t _unit_name_cut(str who) except? -2
