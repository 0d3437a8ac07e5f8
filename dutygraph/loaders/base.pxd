# Static types for base.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it): `raw_line` is cpdef, so `split_lines` builds each line without a
# Python call, and other modules and tests call it from Python.

cpdef object raw_line(object number, str text, object start)
