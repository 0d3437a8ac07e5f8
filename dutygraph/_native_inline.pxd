# The typed character reads several augmenting .pxd files share (see dutygraph/native.py): the one package .pxd
# a module's .pxd may cimport (`from dutygraph._native_inline cimport _ch_c`). Only `cdef inline` functions:
# Cython writes each into every module that cimports it, so no compiled module of its own exists or is needed
# (each module still compiles, imports and falls back to Python alone), and its bytes are part of the key of
# every module that cimports it (`dutygraph.native_name`). C-API reads: they exist only compiled (a module
# calls them under its `_C`/`_NATIVE` test).

from cpython.object cimport PyObject, PyTypeObject, Py_TYPE
from cpython.unicode cimport Py_UCS2, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ

# A __slots__ field's member descriptor as CPython lays it out (structmember.h, descrobject.h): a T_OBJECT_EX
# member at `offset` bytes into the instance. Read only behind `_member_offset_c`'s tests.
cdef extern from "structmember.h":
    ctypedef struct PyMemberDef:
        Py_ssize_t offset
        int type
        int flags
    int T_OBJECT_EX
    int READONLY

cdef extern from "Python.h":
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    PyTypeObject PyMemberDescr_Type

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

cdef inline Py_ssize_t _member_offset_c(object descr, bint store) noexcept:
    """Where a member descriptor keeps its object in its class's instances (bytes from the start), or -1 when
    `descr` is no T_OBJECT_EX member (a __slots__ field's, the only kind `__slots__` makes) — or, for a
    `store`, a READONLY one: then the caller goes through the descriptor's own get / set."""
    cdef PyMemberDef* m
    if Py_TYPE(descr) is not &PyMemberDescr_Type:
        return -1
    m = (<PyMemberDescrObject*><PyObject*>descr).d_member
    if m == NULL or m.type != T_OBJECT_EX or m.offset < <Py_ssize_t>sizeof(PyObject) or (store and m.flags & READONLY):
        return -1
    return m.offset

cdef inline Py_ssize_t _slot_offset_c(object cls, object descr) noexcept:
    """Where `descr` (a member descriptor of the type `cls`, from its own dict) keeps its object in `cls`'s
    instances (bytes from the start), or -1 when it is no T_OBJECT_EX member lying whole inside
    tp_basicsize (a __slots__ field's): then `_slot_c` reads by getattr."""
    cdef Py_ssize_t at
    if not isinstance(cls, type):
        return -1
    at = _member_offset_c(descr, False)
    if at < 0 or at + <Py_ssize_t>sizeof(PyObject*) > (<PyTypeObject*><PyObject*>cls).tp_basicsize:
        return -1
    return at

cdef inline object _slot_c(object o, object cls, Py_ssize_t at, str name):
    """`getattr(o, name)`, read at the slot's offset `at` (`_slot_offset_c` of `cls`'s descriptor for
    `name`) when `o` is exactly a `cls` (at least tp_basicsize bytes) and the slot is set; else (another
    type, whose attribute may stand in front of the slot; an unset slot: the AttributeError) by getattr."""
    cdef PyObject* v
    if at >= 0 and <PyObject*>Py_TYPE(o) is <PyObject*>cls:
        v = (<PyObject**>(<char*><PyObject*>o + at))[0]
        if v != NULL:
            return <object>v
    return getattr(o, name)
