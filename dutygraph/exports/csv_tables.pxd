# Static types for csv_tables.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file (and reads its texts' first characters with a mapped slice).
# Compiled, the formula test is a typed loop: a Py_UCS4 test of each text's first character (no
# 1-character str made per text).
import cython

@cython.locals(out=list, i=cython.Py_ssize_t, v=str, c=cython.Py_UCS4)
cpdef list _defused_loop(list texts)
