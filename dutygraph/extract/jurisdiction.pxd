# Static types for jurisdiction.py's title read when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it). `str` for the normalised title, Py_ssize_t for
# its indices: each character compared as a code point; `_mentions`' candidates and `infer_jurisdiction`'s stems
# read in one typed pass over the text each (`_places_named_from`, `_stem_counts_in`). The module's other functions stay Python functions (tests put spies in the place of some).

import cython

@cython.locals(i=cython.Py_ssize_t)
cpdef object _lead_place(str s)

@cython.locals(n=cython.Py_ssize_t, j=cython.Py_ssize_t, e=cython.Py_ssize_t)
cpdef object _place_at(str s, Py_ssize_t i)

# True compiled (jurisdiction.py's `_COMPILED`, set at import): a C global, read by a C test
cdef bint _COMPILED

@cython.locals(counts=list, free=list, first=cython.p_uchar, i=cython.Py_ssize_t, c=cython.Py_UCS4, g=cython.int,
               k=cython.Py_ssize_t)
cpdef list _stem_counts_in(str norm, tuple stems, bytes table, tuple groups)

@cython.locals(candidates=dict, first=cython.p_uchar, c=cython.Py_UCS4, g=cython.int)
cpdef dict _places_named_from(str norm, bytes table, tuple groups)

# (`file_jurisdiction`'s test of a line: its characters read as code points, white space tested in C)
@cython.locals(c=cython.Py_UCS4)
cpdef bint _blank(str text) except -1

# (`file_jurisdiction`'s join: the offsets as C integers, no int object per line)
@cython.locals(norms=list, end=cython.Py_ssize_t, start=cython.Py_ssize_t, text=str, norm=object)
cpdef object _joined_norms(list lines, Py_ssize_t limit, Py_ssize_t inner=*)

# (the name's endings and cities compared by C calls on a typed str, not looked up as methods)
@cython.locals(name=str, level=str, suffix=str, city=str, parent=str)
cpdef object _read_unlisted(str title, object P)

# (the title's norm a typed str: each place's names looked for by C calls, not methods looked up)
@cython.locals(norm=str, found=list, candidates=dict, table=bytes, groups=tuple)
cpdef list _mentions(str text, object P)
