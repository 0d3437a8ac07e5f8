# Static types for privacy.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it and gates texts with `_may_change_re`). The gate of every masked text is
# a loop over its characters read as Py_UCS4 (integer tests, no regex), and the walk over a document's
# records calls itself, the gate and the rebuild as C functions, not through Python calls.
import cython

cpdef bint _is_digit(Py_UCS4 c)

@cython.locals(run=cython.Py_ssize_t, before=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef bint _may_change_loop(str s)

cpdef bint _may_change(str s)

cpdef str _mask_text(str s, tuple names)

@cython.locals(hits=list, out=list, at=cython.Py_ssize_t, first=cython.Py_ssize_t, i=cython.Py_ssize_t, n=str,
               name=str)
cpdef str _sub_names(str s, tuple names)

@cython.locals(entry=tuple, names=tuple, name=str, args=list)
cpdef object _replace(object value, dict changes)

@cython.locals(names=tuple, changes=dict, roster=tuple, name=str)
cpdef object _mask_record(object value, type cls, object masker)

@cython.locals(changed=list, roster=tuple, memo=dict, key=tuple, i=cython.Py_ssize_t)
cpdef object _mask_value(object value, object masker)
