# Static types for neo4j_bundle.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file (and tests a column's text for characters to escape with
# `isprintable` and two substring tests, and finds them by _NEEDS_ESCAPE's search). Compiled, both are one
# pass over the text's characters read as an array of their own width (`_special_index`: integer tests
# against the escaped set, no table lookup and no test of the string's kind per character).
cimport cython
from cpython.unicode cimport (Py_UCS1, Py_UCS2, PyUnicode_1BYTE_DATA, PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_DATA,
                              PyUnicode_2BYTE_KIND, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND,
                              PyUnicode_READ)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _plain_text_loop(str s)

cpdef Py_ssize_t _special_at(str s, Py_ssize_t start) except -2

# the edge groups' sort (once per edge): its indices and lists typed
@cython.locals(runs=list, out=list, part=list, n=Py_ssize_t, start=Py_ssize_t, end=Py_ssize_t)
cpdef list _sorted_by_ends(list items)

cdef inline bint _special(Py_UCS4 c) noexcept:
    """Whether a character is one of _SPECIAL: a control (U+0000..U+001F, U+007F), "'", "\\", U+2028 or
    U+2029 (one test for most characters, which are past ASCII)."""
    if c < 0x80:
        return c < 0x20 or c == 0x27 or c == 0x5C or c == 0x7F
    return c == 0x2028 or c == 0x2029

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline Py_ssize_t _special_index(str s, Py_ssize_t start) except -2:
    """The offset of the first _SPECIAL character of `s` from `start` on (-1: none), in one pass on the
    characters as the string keeps them: Latin-1 and UCS-2 text (all but the rarest) read as arrays of
    bytes and of 16-bit units, the string's kind tested once; wider text character by character. C-API
    calls: it does not exist as Python."""
    cdef Py_ssize_t i, n
    cdef int kind
    cdef const Py_UCS1* narrow
    cdef const Py_UCS2* wide
    if s is None:
        raise TypeError("the text to test is None")
    if start < 0:
        raise ValueError("a text is searched from an offset of 0 or more")
    n = PyUnicode_GET_LENGTH(s)
    kind = PyUnicode_KIND(s)
    if kind == PyUnicode_1BYTE_KIND:
        narrow = PyUnicode_1BYTE_DATA(s)
        for i in range(start, n):
            if _special(narrow[i]):
                return i
    elif kind == PyUnicode_2BYTE_KIND:
        wide = PyUnicode_2BYTE_DATA(s)
        for i in range(start, n):
            if _special(wide[i]):
                return i
    else:
        for i in range(start, n):
            if _special(PyUnicode_READ(kind, PyUnicode_DATA(s), i)):
                return i
    return -1
