# The typed character reads several augmenting .pxd files share (see dutygraph/native.py): the one package .pxd
# a module's .pxd may cimport (`from dutygraph._native_inline cimport _ch_c`). Only `cdef inline` functions:
# Cython writes each into every module that cimports it, so no compiled module of its own exists or is needed
# (each module still compiles, imports and falls back to Python alone), and its bytes are part of the key of
# every module that cimports it (`dutygraph.native_name`). C-API reads: they exist only compiled (a module
# calls them under its `_C`/`_NATIVE` test).

from cpython.unicode cimport Py_UCS2, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ

cdef inline Py_UCS4 _ch_c(str s, Py_ssize_t i) noexcept:
    """`s[i]` for an index its caller has just compared with the length (0 <= i < len(s)): the code point read
    from the buffer at its width, inline — Cython's `s[i]` is a call (`__Pyx_GetItemInt_Unicode_Fast`, not
    inlined at -O1) that tests the index for wraparound and bounds. Still bounded: an index outside the string
    (none of the callers' tests lets one through) reads nothing and gives U+0000, a character no caller tests
    for. C API: Cython has no unchecked read of a str; `s` is a str, never None (the callers have its length)."""
    if <size_t>i >= <size_t>PyUnicode_GET_LENGTH(s):
        return 0
    return PyUnicode_READ(PyUnicode_KIND(s), PyUnicode_DATA(s), i)

cdef inline Py_ssize_t _next_ucs2_c(const Py_UCS2* p2, Py_ssize_t i, Py_ssize_t n, const unsigned char* marks,
                                   unsigned char want) noexcept:
    """The first index from `i` (0 <= i) below `n` of a two-byte buffer `p2` whose character's byte in `marks`
    (0x10000 bytes) has a bit of `want`, `n` when none: four characters a test while none of them has (most
    characters are marked 0), then one at a time."""
    while i + 4 <= n:
        if (marks[p2[i]] | marks[p2[i + 1]] | marks[p2[i + 2]] | marks[p2[i + 3]]) & want:
            break
        i += 4
    while i < n and not (marks[p2[i]] & want):
        i += 1
    return i
