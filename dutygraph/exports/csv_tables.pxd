# Static types for csv_tables.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file (and reads a column's values with dict.get mapped over the attribute
# dicts, its texts' first characters with a mapped slice). Compiled, both are typed loops: a C dict lookup
# per row, and a Py_UCS4 test of each text's first character (no 1-character str made per text).
import cython

@cython.locals(out=list, d=dict)
cpdef list _values_loop(list dicts, str name)

@cython.locals(out=list, i=cython.Py_ssize_t, v=str, c=cython.Py_UCS4)
cpdef list _defused_loop(list texts)
