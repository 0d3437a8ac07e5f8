# Static types for table.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as Python
# the module ignores it): a task row's walk over its plan — column indices as C integers, the role flags
# as C booleans. cpdef, so table_lines reaches them without a Python call.

import cython

@cython.locals(n=cython.Py_ssize_t)
cpdef str _clean(str cell)

@cython.locals(c=cython.Py_UCS4)
cpdef str _unspaced(str cell)

cpdef str _key_of(str label)

cpdef list _plan_of(layout)

cpdef list _dedupe_merged(list row)

cpdef str _only_text(list cells)

@cython.locals(clause=list, n=cython.Py_ssize_t, n_raw=cython.Py_ssize_t, i=cython.Py_ssize_t,
               unit=bint, said=bint)
cpdef tuple _task_row(row, raw, layout, ordinal, plan=*)

@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t, start=cython.Py_ssize_t, end=cython.Py_ssize_t)
cpdef _row_number(str cell)
