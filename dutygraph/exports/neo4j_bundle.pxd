# Static types for neo4j_bundle.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file (and tests a column's text for characters to escape with
# `isprintable` and two substring tests). Compiled, that test is one pass over the text's characters read
# as Py_UCS4 (integer tests against the escaped set, no table lookup per character).
import cython

@cython.locals(c=cython.Py_UCS4)
cpdef bint _plain_text_loop(str s)
