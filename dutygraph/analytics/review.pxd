# Static types for review.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file: no declaration here may change what a function returns.
# `_name_lists` (the measure table's lead, co-unit and platform names: three lists per measure, ~650k at
# 10k documents) has its locals typed as the lists and dicts they always are, so its lookups and appends
# are direct C calls. `_values` (each measure's attributes for that table) reads each node's attrs as the
# dict it is. `_int_texts` (the text of each count and row number) reads its table as a list.
# `_inline_scan` (whether a sheet's text column is written inline as it is: every text of
# the sheets' text columns) reads each text's characters as Py_UCS4 with integer tests.
cimport cython

@cython.locals(out=list, got=list)
cpdef list _name_lists(list ids, dict of, dict name)

@cython.locals(table=list, out=list)
cpdef list _int_texts(object values)

@cython.locals(out=list, a=dict)
cpdef list _values(list attrs, str key)

@cython.locals(t=str, n=Py_ssize_t, most=Py_ssize_t, table=cython.p_uchar, c=Py_UCS4, escape=bint, native=bint,
               got=int)
cpdef int _inline_scan(list texts)

# `_text_scan_c` (_inline_scan's test of one text) exists only compiled, as `_interleave_c` below: it reads
# the text's characters as the array of its kind, one loop per kind (`_chars_scan_c`, made for each).
from cpython.unicode cimport (Py_UNICODE_ISPRINTABLE, PyUnicode_1BYTE_DATA, PyUnicode_1BYTE_KIND,
                              PyUnicode_2BYTE_DATA, PyUnicode_2BYTE_KIND, PyUnicode_4BYTE_DATA,
                              PyUnicode_GET_LENGTH, PyUnicode_KIND, Py_UCS1, Py_UCS2)

ctypedef fused _ucs:
    Py_UCS1
    Py_UCS2
    Py_UCS4

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline int _chars_scan_c(const _ucs* p, Py_ssize_t n, Py_ssize_t most, const unsigned char* table) noexcept:
    """The text of the `n` characters at `p`, by _inline_scan's tests: -1 when its cell is not inline (empty,
    longer than `most`, a space at an end, a character that is not printable), else 1 when it holds a
    character XML escapes (& < >), 0 when not."""
    cdef Py_ssize_t i
    cdef Py_UCS4 c
    cdef int escape = 0
    if n == 0 or n > most or p[0] == 0x20 or p[n - 1] == 0x20:
        return -1
    for i in range(n):
        c = p[i]
        if c < 0x7f:
            if c < 0x20:
                return -1
            if c == 0x26 or c == 0x3c or c == 0x3e:
                escape = 1
        elif c > 0xffff:
            if not Py_UNICODE_ISPRINTABLE(c):
                return -1
        elif not table[c]:
            return -1
    return escape

cdef inline int _text_scan_c(str t, Py_ssize_t most, const unsigned char* table):
    """_chars_scan_c of the characters of `t`, read as the array of its kind (None raises TypeError, as
    len(None) does in _inline_scan's Python form)."""
    if t is None:
        raise TypeError("_inline_scan: a text that is None")
    cdef unsigned int kind = PyUnicode_KIND(t)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t)
    if kind == PyUnicode_1BYTE_KIND:
        return _chars_scan_c(PyUnicode_1BYTE_DATA(t), n, most, table)
    if kind == PyUnicode_2BYTE_KIND:
        return _chars_scan_c(PyUnicode_2BYTE_DATA(t), n, most, table)
    return _chars_scan_c(PyUnicode_4BYTE_DATA(t), n, most, table)


# `_interleave_c` (the sheets' blocks of rows and the CSVs' rows: ~5.8M pieces of bytes at 1,000 documents)
# holds C-API calls: it exists only compiled (review.py calls it under `_NATIVE`).
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_CheckExact, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.list cimport PyList_CheckExact, PyList_GET_ITEM, PyList_GET_SIZE
from cpython.object cimport PyObject
from libc.string cimport memcpy

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline bytes _interleave_c(bytes head, list layout, Py_ssize_t n, Py_ssize_t cut):
    """`_interleave(head, layout, n, cut)`: the pieces' sizes summed (a piece that is not bytes raises
    TypeError, a list of another length than `n` ValueError), one bytes object made, each piece copied in
    place (the last ones up to the size, `cut` bytes short of the whole). The items and pieces are read as
    borrowed pointers (no reference counting: nothing else runs meanwhile)."""
    cdef Py_ssize_t m, size, i, j, k
    cdef PyObject* item
    cdef PyObject* x
    cdef bytes out
    cdef char* p
    cdef char* end
    if head is None or layout is None:
        raise TypeError("_interleave: a head of bytes and a list of items")
    m = PyList_GET_SIZE(layout)
    size = PyBytes_GET_SIZE(head)
    for j in range(m):
        item = PyList_GET_ITEM(layout, j)
        if PyBytes_CheckExact(<object>item):
            size += n * PyBytes_GET_SIZE(<object>item)
        elif PyList_CheckExact(<object>item):
            if PyList_GET_SIZE(<object>item) != n:
                raise ValueError("_interleave: a list of pieces of another length than the rows")
            for i in range(n):
                x = PyList_GET_ITEM(<object>item, i)
                if not PyBytes_CheckExact(<object>x):
                    raise TypeError("_interleave: a piece that is not bytes")
                size += PyBytes_GET_SIZE(<object>x)
        else:
            raise TypeError("_interleave: an item that is neither bytes nor a list")
    size -= cut
    if size < PyBytes_GET_SIZE(head):
        raise ValueError("_interleave: cut into the head")
    out = PyBytes_FromStringAndSize(NULL, size)
    p = PyBytes_AS_STRING(out)
    end = p + size
    k = PyBytes_GET_SIZE(head)
    memcpy(p, PyBytes_AS_STRING(head), k)
    p += k
    for i in range(n):
        for j in range(m):
            x = PyList_GET_ITEM(layout, j)
            if not PyBytes_CheckExact(<object>x):
                x = PyList_GET_ITEM(<object>x, i)
            k = PyBytes_GET_SIZE(<object>x)
            if k > end - p:
                k = end - p
            memcpy(p, PyBytes_AS_STRING(<object>x), k)
            p += k
    return out
