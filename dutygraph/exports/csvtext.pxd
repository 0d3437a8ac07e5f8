# Static types for csvtext.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file (and encodes a column by str.encode mapped over it, reads its values
# by dict.get mapped over the rows' dicts, and its types by set(map(type, …))). Compiled, a column is
# encoded by a loop calling the UTF-8 encoder on each text as a C call, its values read by a C dict lookup
# per row, and its types gathered by a loop that touches the set only when the type changes.
import cython

@cython.locals(out=list, t=str)
cpdef list _encoded_loop(object texts)

@cython.locals(out=list, d=dict)
cpdef list _values_loop(object dicts, str name)

@cython.locals(kinds=set)
cpdef set _types_loop(object values)
