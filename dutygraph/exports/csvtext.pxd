# Static types for csvtext.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file (and encodes a column by str.encode mapped over it). Compiled, a
# column is encoded by a loop calling the UTF-8 encoder on each text as a C call.
import cython

@cython.locals(out=list, t=str)
cpdef list _encoded_loop(object texts)
