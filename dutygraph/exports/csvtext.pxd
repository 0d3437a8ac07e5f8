# Static types for csvtext.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file (and encodes a column by str.encode mapped over it, reads its values
# by dict.get mapped over the rows' dicts, its types by set(map(type, …)), and finds a character class in a
# text by the regex search). Compiled, a column is encoded by a loop calling the UTF-8 encoder on each text
# as a C call, its values read by a C dict lookup per row, its types gathered by a loop that touches the
# set only when the type changes, and a class found by reading each character's entry in a table.
cimport cython
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_CheckExact, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.list cimport PyList_CheckExact, PyList_GET_ITEM, PyList_GET_SIZE, PyList_New, PyList_SET_ITEM
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from cpython.unicode cimport (Py_UCS1, Py_UCS2, PyUnicode_1BYTE_DATA, PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_DATA,
                              PyUnicode_2BYTE_KIND, PyUnicode_AsUTF8String, PyUnicode_DATA, PyUnicode_GET_LENGTH,
                              PyUnicode_KIND, PyUnicode_READ)
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy

@cython.locals(out=list, t=str, i=Py_ssize_t)
cpdef list _encoded_loop(object texts)

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object o)

cdef inline bytes _utf8(str t):
    """`t.encode()`: an ASCII text's characters are its UTF-8 bytes, copied as they are (no codec call);
    the others by the UTF-8 encoder. C-API calls: it does not exist as Python."""
    if t is None:
        raise TypeError("a text to encode is None")
    if PyUnicode_IS_ASCII(t):
        return PyBytes_FromStringAndSize(<char*>PyUnicode_DATA(t), PyUnicode_GET_LENGTH(t))
    return PyUnicode_AsUTF8String(t)

@cython.locals(out=list, d=dict)
cpdef list _values_loop(object dicts, str name)

# a character class's first character in a text (index_of): each character's entry in the class's table
@cython.locals(table=tuple)
cpdef Py_ssize_t index_of(str text, Py_ssize_t start, object pattern) except -2

cdef inline bint _in_class(unsigned int c, const unsigned char* table, unsigned int top) noexcept:
    """Whether a character (its code: integer tests, not Cython's Py_UCS4 character type) is in a
    char_class: none past `top` (U+2029 when the class holds U+2028 and U+2029, else U+00FF: one test
    for most characters, CJK among them); a Latin-1 one by its entry in `table`; U+2028 or U+2029."""
    return c <= top and (table[c] != 0 if c <= 0xFF else c >= 0x2028)

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline Py_ssize_t _class_index(str s, Py_ssize_t start, bytes table, bint seps) except -2:
    """The offset of the first character of `s` from `start` on in a char_class (`table`: 256 bytes, an
    entry not 0 for each Latin-1 character in it; `seps`: it holds U+2028 and U+2029), -1 when there is
    none: one pass on the characters as the string keeps them (Latin-1 text read as an array of bytes,
    each one's entry read; UCS-2 text, as an array of 16-bit units; wider text character by character;
    the string's kind tested once). C-API calls: it does not exist as Python."""
    cdef Py_ssize_t i, n
    cdef int kind
    cdef const Py_UCS1* narrow
    cdef const Py_UCS2* wide
    cdef const unsigned char* entries
    cdef unsigned int top = 0x2029 if seps else 0xFF
    if s is None or table is None or PyBytes_GET_SIZE(table) != 256:
        raise TypeError("a text and a class's table of 256 entries")
    if start < 0:
        raise ValueError("a text is searched from an offset of 0 or more")
    entries = <const unsigned char*>PyBytes_AS_STRING(table)
    n = PyUnicode_GET_LENGTH(s)
    kind = PyUnicode_KIND(s)
    if kind == PyUnicode_1BYTE_KIND:
        narrow = PyUnicode_1BYTE_DATA(s)
        for i in range(start, n):
            if entries[narrow[i]]:
                return i
    elif kind == PyUnicode_2BYTE_KIND:
        wide = PyUnicode_2BYTE_DATA(s)
        for i in range(start, n):
            if _in_class(wide[i], entries, top):
                return i
    else:
        for i in range(start, n):
            if _in_class(PyUnicode_READ(kind, PyUnicode_DATA(s), i), entries, top):
                return i
    return -1

@cython.locals(out=list, table=dict, text=object)
cpdef list _decimals_loop(object values, bytes none)

@cython.locals(kinds=set)
cpdef set _types_loop(object values)

# a chunk's rows filled from its columns of bytes: C-API calls (`_fill_rows` below), the C form of
# `filled_rows` and of `join_rows` on bytes
@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline char* _fill_row(char* at, PyObject** cols, const char** texts, Py_ssize_t* sizes, Py_ssize_t n,
                            Py_ssize_t i) noexcept:
    """Row `i` (its items checked by `_fill_rows`) copied to `at` between the pieces; the end of what it
    wrote."""
    cdef Py_ssize_t k, s
    cdef PyObject* item
    for k in range(n + 1):
        memcpy(at, texts[k], sizes[k])
        at += sizes[k]
        if k < n:
            item = PyList_GET_ITEM(<object>cols[k], i)
            s = PyBytes_GET_SIZE(<object>item)
            memcpy(at, PyBytes_AS_STRING(<object>item), s)
            at += s
    return at


@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline object _fill_rows(tuple pieces, list columns, bint joined):
    """Each row of `columns` (lists of bytes, all of one length) as `pieces[0] + column 0's item +
    pieces[1] + … + pieces[n]` (`pieces`: bytes, one more than the columns): as one bytes object of
    every row in turn when `joined`, else a list of one bytes object a row. The sizes summed, each
    object allocated once and the pieces memcpy'd into it: no tuple a row (`zip`), no bytes `%` (its
    format scanned and its writer prepared per slot) nor `join` (a buffer per item, a second pass).
    Items are read as borrowed pointers, each checked to be bytes once. C-API calls: it does not exist
    as Python (csvtext.py's `filled_rows` and `join_rows` keep their Python forms)."""
    cdef Py_ssize_t n, m, i, k, size, total
    cdef PyObject* item
    cdef PyObject** cols = NULL
    cdef const char** texts = NULL
    cdef Py_ssize_t* sizes = NULL
    cdef Py_ssize_t fixed = 0
    cdef bytes row
    cdef list out
    cdef char* at
    if pieces is None or columns is None:
        raise TypeError("a row template's pieces and columns are a tuple and a list")
    n = PyList_GET_SIZE(columns)
    if PyTuple_GET_SIZE(pieces) != n + 1:
        raise ValueError("a row template has one piece more than its columns")
    cols = <PyObject**>malloc((n + 1) * sizeof(PyObject*))
    texts = <const char**>malloc((n + 1) * sizeof(char*))
    sizes = <Py_ssize_t*>malloc((n + 1) * sizeof(Py_ssize_t))
    try:
        if cols == NULL or texts == NULL or sizes == NULL:
            raise MemoryError()
        m = 0
        for k in range(n + 1):
            item = PyTuple_GET_ITEM(pieces, k)
            if not PyBytes_CheckExact(<object>item):
                raise TypeError("a row template's piece is not bytes")
            texts[k] = PyBytes_AS_STRING(<object>item)
            sizes[k] = PyBytes_GET_SIZE(<object>item)
            fixed += sizes[k]
            if k < n:
                item = PyList_GET_ITEM(columns, k)
                if not PyList_CheckExact(<object>item):
                    raise TypeError("a column is not a list")
                if k == 0:
                    m = PyList_GET_SIZE(<object>item)
                elif PyList_GET_SIZE(<object>item) != m:
                    raise ValueError("the columns differ in length")
                cols[k] = item
        total = 0
        out = None if joined else PyList_New(m)
        for i in range(m):
            size = fixed
            for k in range(n):
                item = PyList_GET_ITEM(<object>cols[k], i)
                if not PyBytes_CheckExact(<object>item):
                    raise TypeError("a field is not bytes")
                size += PyBytes_GET_SIZE(<object>item)
            if joined:
                total += size
                continue
            row = PyBytes_FromStringAndSize(NULL, size)
            _fill_row(PyBytes_AS_STRING(row), cols, texts, sizes, n, i)
            Py_INCREF(row)
            PyList_SET_ITEM(out, i, row)
        if not joined:
            return out
        row = PyBytes_FromStringAndSize(NULL, total)
        at = PyBytes_AS_STRING(row)
        for i in range(m):
            at = _fill_row(at, cols, texts, sizes, n, i)
        return row
    finally:
        free(cols)
        free(texts)
        free(sizes)
