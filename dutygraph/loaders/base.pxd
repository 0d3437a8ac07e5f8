# Static types for base.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it): `raw_line` is cpdef, so `split_lines` builds each line without a
# Python call, and other modules and tests call it from Python. `_Builder` is an extension type (C
# fields) whose instances record_builder hands out only when this module runs compiled; what they
# build is made by `_record_of` below. The `cdef inline` functions below have bodies: they call the C
# API (a record's slots read and stored at their offsets: `_texts_c`, `_raw_c`, `_split_c`,
# `_lines_c` for line_texts, raw_line, split_lines and build_lines), so they exist only compiled.

cimport cython
from cpython.object cimport PyObject, PyTypeObject, Py_TYPE
from cpython.list cimport PyList_CheckExact, PyList_GET_SIZE
from cpython.ref cimport Py_INCREF, Py_XDECREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport PyUnicode_FindChar, PyUnicode_GET_LENGTH, PyUnicode_READ_CHAR, PyUnicode_Substring
from dutygraph._native_inline cimport _member_offset_c

cdef extern from "Python.h":
    # a type's tp_alloc (object.h; Cython's PyTypeObject leaves the field out): a new reference, or NULL
    # with the error set
    ctypedef object (*_allocfunc "allocfunc")(PyTypeObject*, Py_ssize_t)
    ctypedef struct _TypeAlloc "PyTypeObject":
        _allocfunc tp_alloc
    const unsigned long Py_TPFLAGS_IS_ABSTRACT
    const unsigned long Py_TPFLAGS_MANAGED_DICT
    # A `_Builder`'s call entry (PEP 590, object.h / abstract.h): a builder is called as a C function of
    # its argument array, without the tuple and the dict Cython's `__call__` (tp_call) takes — Cython
    # gives a cdef class no vectorcall of its own, so its type is given one by `_builder_ready`, at the
    # type's tp_vectorcall_offset (a field Cython's PyTypeObject leaves out).
    ctypedef object (*_vectorcallfunc "vectorcallfunc")(object, PyObject* const*, size_t, PyObject*)
    ctypedef struct _TypeCall "PyTypeObject":
        Py_ssize_t tp_vectorcall_offset
        unsigned long tp_flags
    const unsigned long Py_TPFLAGS_HAVE_VECTORCALL
    Py_ssize_t PyVectorcall_NARGS(size_t nargsf)

cpdef object raw_line(object number, str text, object start)

@cython.locals(pieces=list, crlf=bint, out=list, start=Py_ssize_t, i=Py_ssize_t, piece=str)
cpdef list split_lines(str text)

@cython.locals(ln=object)
cpdef list line_texts(list lines)

cpdef tuple build_lines(list lines, list norms)

cpdef tuple split_columns(str text)

cpdef tuple build_columns(list made, list texts, list norms, list starts)

cdef enum:
    _BUILDER_MAX = 32  # the most fields a builder stores at cached offsets (records have up to 21)

@cython.final
cdef class _Builder:
    cdef readonly object cls  # the record's class
    cdef readonly tuple names  # its fields, in order
    cdef tuple descrs  # their slots' member descriptors, in the same order
    cdef dict __dict__  # a function's settable __name__ / __qualname__ / __module__
    cdef _vectorcallfunc vectorcall  # its call entry, `_builder_vc` (NULL until `_builder_ready`: tp_call)
    cdef Py_ssize_t count  # len(descrs) when each is a plain slot of `cls` at the offset in `at`, else -1
    cdef Py_ssize_t at[_BUILDER_MAX]  # those offsets (bytes into a `cls` instance), in field order

cdef inline int _put(object o, object descr, object value) except -1:
    """`descr.__set__(o, value)` where `descr` is a slot of `o`'s class (the callers' records: their
    descriptors come from the class's own `vars`): a T_OBJECT_EX member's store — the new reference
    written at its offset and the old one, if any, released, what PyMember_SetOne does —; any other
    descriptor through its setter."""
    cdef Py_ssize_t at = _member_offset_c(descr, True)
    cdef PyObject** slot
    cdef PyObject* old
    if at < 0 or at + <Py_ssize_t>sizeof(PyObject*) > Py_TYPE(o).tp_basicsize:
        return Py_TYPE(descr).tp_descr_set(descr, o, value)
    slot = <PyObject**>(<char*><PyObject*>o + at)
    old = slot[0]
    Py_INCREF(value)
    slot[0] = <PyObject*>value
    Py_XDECREF(old)
    return 0

cdef inline object _new_of(object cls):
    """A new instance of `cls` by its tp_new with no arguments (object's for the records: allocation,
    every slot NULL, nothing else). When that tp_new is object's, for a class neither abstract nor
    holding a managed __dict__, its work is only `tp_alloc(cls, 0)` (object_new: the arguments' test —
    none here —, the abstract test, tp_alloc, the managed dict's set-up), so tp_alloc is called
    itself; any other class through its tp_new."""
    cdef tuple no_args = ()
    cdef PyTypeObject* t = <PyTypeObject*>cls
    cdef _allocfunc alloc = (<_TypeAlloc*>t).tp_alloc
    if (t.tp_new == (<PyTypeObject*>object).tp_new and alloc != NULL
            and not (t.tp_flags & (Py_TPFLAGS_IS_ABSTRACT | Py_TPFLAGS_MANAGED_DICT))):
        return alloc(t, 0)
    return t.tp_new(cls, <PyObject*>no_args, NULL)

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline object _record_of(object cls, tuple descrs, tuple values):
    """`cls(*values)` for a slots class whose fields are `descrs`' slots, without its __init__:
    the instance made by the class's tp_new (object's: allocation, nothing else), then each value
    stored in its slot (`_put`: what `object.__setattr__` ends in, without the frozen __setattr__,
    the attribute lookup or a Python call). `len(values) == len(descrs)`."""
    cdef object o = _new_of(cls)
    cdef Py_ssize_t i
    for i in range(len(descrs)):
        _put(o, descrs[i], values[i])
    return o

cdef inline int _builder_ready(_Builder b) except -1:
    """A new builder's fast call set up (its `cls` and `descrs` set): the slots' offsets cached once
    (`_offsets`: every field a plain object slot inside the instance, `cls` a type whose tp_new is
    object's; else `count` -1 and every call goes through `__call__`), its entry `_builder_vc` stored
    and the type told where it sits (the same offset in every instance: Cython lays out the struct;
    setting it again is a no-op). A `_Builder` made without `__init__` keeps a NULL entry: CPython
    then calls tp_call, `__call__`, as before."""
    cdef Py_ssize_t k = len(b.descrs)
    cdef _TypeCall* t = <_TypeCall*>Py_TYPE(b)
    b.count = -1
    if isinstance(b.cls, type) and k <= _BUILDER_MAX and _offsets(b.cls, b.descrs, b.at, k):
        b.count = k
    b.vectorcall = _builder_vc
    t.tp_vectorcall_offset = <char*>&b.vectorcall - <char*><PyObject*>b
    t.tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL
    return 0

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline object _builder_vc(object self, PyObject* const* args, size_t nargsf, PyObject* kwnames):
    """A builder's call (vectorcall: `args` holds the positional values, then one per name of
    `kwnames`, a tuple or NULL): with every field by position and no name, when its offsets are cached,
    a new instance (`_new_of`, as `_record_of` makes it) with each value stored at its slot's offset
    (`_store`: the store `_put` makes for such a slot). Anything else — names, a wrong count, fields
    that are not plain slots — through `__call__` itself (the type's tp_call, by its slot wrapper: not
    this entry again), with the tuple and dict it took before: the same result, the same TypeErrors."""
    cdef _Builder b = <_Builder>self
    cdef Py_ssize_t n = PyVectorcall_NARGS(nargsf)
    cdef Py_ssize_t i
    cdef Py_ssize_t named = 0 if kwnames == NULL else len(<tuple>kwnames)
    cdef object o
    cdef tuple values
    cdef dict given
    if named == 0 and n == b.count:
        o = _new_of(b.cls)
        for i in range(n):
            _store(o, b.at[i], <object>args[i])
        return o
    values = PyTuple_New(n)
    for i in range(n):
        Py_INCREF(<object>args[i])
        PyTuple_SET_ITEM(values, i, <object>args[i])
    given = {}
    for i in range(named):
        given[(<tuple>kwnames)[i]] = <object>args[n + i]
    return _Builder.__call__(b, *values, **given)

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline list _texts_c(list lines, object cls, object descr):
    """`[ln.text for ln in lines]` where `descr` is `cls`'s (RawLine's) `text` slot: read at its offset
    for a line that is exactly a `cls` with the slot set (`_offsets` vouching for the slot); any other
    line (another type: a subclass's attribute may stand in front of the slot; an unset slot: the
    AttributeError) by getattr."""
    cdef Py_ssize_t at[1]
    cdef bint direct = _offsets(cls, (descr,), at, 1)
    cdef list out = []
    cdef object ln
    cdef PyObject* v
    for ln in lines:
        v = NULL
        if direct and <PyObject*>Py_TYPE(ln) is <PyObject*>cls:
            v = (<PyObject**>(<char*><PyObject*>ln + at[0]))[0]
        out.append(<object>v if v != NULL else ln.text)
    return out

cdef inline object _raw_c(object cls, tuple d, object number, object text, object start):
    """`raw_line(number, text, start)`: a new `cls` (RawLine) with its slots `d` (number, text, start,
    repairs) stored in turn, repairs a new list."""
    cdef object o = _new_of(cls)
    _put(o, d[0], number)
    _put(o, d[1], text)
    _put(o, d[2], start)
    _put(o, d[3], [])
    return o

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline bint _offsets(object cls, tuple descrs, Py_ssize_t* at, Py_ssize_t k) noexcept:
    """Whether each of the `k` descriptors is a plain object slot inside `cls`'s instances (`_member_offset_c`,
    the slot whole before tp_basicsize), their offsets put in `at`; `cls` a type, its tp_new object's
    (a new instance: allocation, every slot NULL)."""
    cdef Py_ssize_t i
    cdef PyTypeObject* t = <PyTypeObject*>cls
    if len(descrs) != k or t.tp_new != (<PyTypeObject*>object).tp_new:
        return False
    for i in range(k):
        at[i] = _member_offset_c(descrs[i], True)
        if at[i] < 0 or at[i] + <Py_ssize_t>sizeof(PyObject*) > t.tp_basicsize:
            return False
    return True

cdef inline void _store(object o, Py_ssize_t at, object value) noexcept:
    """The slot at `at` of `o` (`_offsets` vouched for it) set to `value`: the new reference written,
    the old one, if any, released (PyMember_SetOne's store)."""
    cdef PyObject** slot = <PyObject**>(<char*><PyObject*>o + at)
    cdef PyObject* old = slot[0]
    Py_INCREF(value)
    slot[0] = <PyObject*>value
    Py_XDECREF(old)

cdef inline list _split_c(str text, object cls, tuple d):
    """`split_lines(text)` in one pass over the text, without the list of pieces `text.split(sep)` makes:
    each line's end found by `PyUnicode_FindChar` (a memchr over the buffer), the line cut by
    `PyUnicode_Substring` (what `split` and a slice make: the same str, the same one-character and empty
    singletons, the text itself when it holds no separator), and a new `cls` (RawLine) made with its
    slots `d` (number, text, start, repairs) set to the 1-based number, the line, its offset and a new
    list. The separator is "\n" when the text holds one, else "\r" (a text with neither is one line
    either way); with "\n", a line ending in "\r" loses it — which `split_lines`' `crlf` test allows
    exactly then, as such a line puts a "\r" in the text. The last line goes when it is empty and
    not the only one. Built by `_raw_c` when `_offsets` does not vouch for the slots."""
    cdef Py_ssize_t at[4]
    cdef bint direct = _offsets(cls, d, at, 4)
    cdef list out = []
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t number = 0
    cdef Py_ssize_t end, stop
    cdef Py_UCS4 sep = 10
    cdef bint trim = True
    cdef object body, o
    end = PyUnicode_FindChar(text, 10, 0, n, 1)
    if end < 0:
        sep = 13
        trim = False
        end = PyUnicode_FindChar(text, 13, 0, n, 1)
    while True:
        stop = end if end >= 0 else n
        number += 1
        if trim and stop > start and PyUnicode_READ_CHAR(text, stop - 1) == 13:
            body = PyUnicode_Substring(text, start, stop - 1)
        else:
            body = PyUnicode_Substring(text, start, stop)
        if end < 0 and number > 1 and PyUnicode_GET_LENGTH(body) == 0:
            break  # (the text ends with a separator, or "\n\r": no empty last line)
        if direct:
            o = _new_of(cls)
            _store(o, at[0], number)
            _store(o, at[1], body)
            _store(o, at[2], start)
            _store(o, at[3], [])
        else:
            o = _raw_c(cls, d, number, body, start)
        out.append(o)
        if end < 0:
            break
        start = end + 1
        end = PyUnicode_FindChar(text, sep, start, n, 1)
    return out

@cython.wraparound(False)
cdef inline object _line_of_raw_c(object ln, object norm, bint direct, Py_ssize_t* a, Py_ssize_t* b,
                                  object raw_cls, object line_cls, tuple fields):
    """One step of `_lines_c` and `_columns_c`: the RawLine `ln` with `norm` as a new `line_cls`. When
    `direct` and `ln` is exactly `raw_cls` with its four slots (at offsets `a`: number, text, start,
    repairs) set, the record is made by tp_new and its slots `fields` (at offsets `b`) stored (the
    repairs as a tuple, `()` when there are none); any other line through getattr and `_record_of`, in
    the order the Python form reads them (number, text, repairs, start), raising what it raises."""
    cdef object o, reps, number, text, start
    cdef char* base
    cdef PyObject* v_number
    cdef PyObject* v_text
    cdef PyObject* v_start
    cdef PyObject* v_reps
    v_number = v_text = v_start = v_reps = NULL
    if direct and <PyObject*>Py_TYPE(ln) is <PyObject*>raw_cls:
        base = <char*><PyObject*>ln
        v_number = (<PyObject**>(base + a[0]))[0]
        v_text = (<PyObject**>(base + a[1]))[0]
        v_start = (<PyObject**>(base + a[2]))[0]
        v_reps = (<PyObject**>(base + a[3]))[0]
    if v_number == NULL or v_text == NULL or v_start == NULL or v_reps == NULL:
        o = _record_of(line_cls, fields,
                       (ln.number, ln.text, norm, tuple(ln.repairs) if ln.repairs else (), ln.start))
    else:
        # (owned at once: tuple() of repairs that are not a list may run code that sets the slots)
        number = <object>v_number
        text = <object>v_text
        start = <object>v_start
        reps = <object>v_reps
        o = _new_of(line_cls)
        _store(o, b[0], number)
        _store(o, b[1], text)
        _store(o, b[2], norm)
        if PyList_CheckExact(reps):
            _store(o, b[3], tuple(reps) if PyList_GET_SIZE(reps) else ())
        else:
            _store(o, b[3], tuple(reps) if reps else ())
        _store(o, b[4], start)
    return o

@cython.wraparound(False)
cdef inline tuple _lines_c(list lines, list norms, object raw_cls, tuple raw, object line_cls, tuple fields):
    """`build_lines(lines, norms)`: for each RawLine (exactly `raw_cls`, its slots `raw`: number, text,
    start, repairs — all set) its four values read at their offsets, a new `line_cls` made by its tp_new
    and its slots `fields` (number, text, norm, repairs, start) stored with them at theirs (the repairs as
    a tuple, `()` when there are none), straight into the tuple handed back. Any other line (another type,
    an unset slot), or slots `_offsets` does not vouch for, go through getattr and `_record_of`, in the
    order the Python form reads them (number, text, repairs, start), raising what it raises."""
    cdef Py_ssize_t n = min(len(lines), len(norms))
    cdef Py_ssize_t i
    cdef Py_ssize_t a[4]
    cdef Py_ssize_t b[5]
    cdef bint direct = _offsets(raw_cls, raw, a, 4) and _offsets(line_cls, fields, b, 5)
    cdef tuple out = PyTuple_New(n)
    cdef object ln, o
    for i in range(n):
        ln = lines[i]
        o = _line_of_raw_c(ln, norms[i], direct, a, b, raw_cls, line_cls, fields)
        Py_INCREF(o)
        PyTuple_SET_ITEM(out, i, o)
    return out

cdef inline tuple _split_cols_c(str text):
    """`split_columns(text)`: `_split_c`'s pass over the text (the same separators, the same cuts by
    `PyUnicode_Substring`, the same empty last line dropped), each line's text and offset appended to two
    lists instead of a RawLine made."""
    cdef list texts = []
    cdef list starts = []
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t number = 0
    cdef Py_ssize_t end, stop
    cdef Py_UCS4 sep = 10
    cdef bint trim = True
    cdef object body
    end = PyUnicode_FindChar(text, 10, 0, n, 1)
    if end < 0:
        sep = 13
        trim = False
        end = PyUnicode_FindChar(text, 13, 0, n, 1)
    while True:
        stop = end if end >= 0 else n
        number += 1
        if trim and stop > start and PyUnicode_READ_CHAR(text, stop - 1) == 13:
            body = PyUnicode_Substring(text, start, stop - 1)
        else:
            body = PyUnicode_Substring(text, start, stop)
        if end < 0 and number > 1 and PyUnicode_GET_LENGTH(body) == 0:
            break  # (the text ends with a separator, or "\n\r": no empty last line)
        texts.append(body)
        starts.append(start)
        if end < 0:
            break
        start = end + 1
        end = PyUnicode_FindChar(text, sep, start, n, 1)
    return texts, starts

@cython.wraparound(False)
cdef inline tuple _columns_c(list made, list texts, list norms, list starts, object raw_cls, tuple raw,
                             object line_cls, tuple fields):
    """`build_columns(made, texts, norms, starts)`: for an entry None a new `line_cls` made by its tp_new
    and its slots `fields` (number, text, norm, repairs, start) stored with i + 1, `texts[i]`, `norms[i]`,
    `()` and `starts[i]` (read with bounds checks: an IndexError, as the Python form's, for lists shorter
    than `made`); for a RawLine what `_lines_c` makes of it (its slots read at their offsets, or through
    getattr and `_record_of` for another type or unset slots), straight into the tuple handed back."""
    cdef Py_ssize_t n = min(len(made), len(norms))
    cdef Py_ssize_t i
    cdef Py_ssize_t a[4]
    cdef Py_ssize_t b[5]
    cdef bint direct = _offsets(raw_cls, raw, a, 4) and _offsets(line_cls, fields, b, 5)
    cdef tuple out = PyTuple_New(n)
    cdef tuple no_repairs = ()
    cdef object ln, o, text, start
    for i in range(n):
        ln = made[i]
        if ln is None:
            text = texts[i]
            start = starts[i]
            if direct:
                o = _new_of(line_cls)
                _store(o, b[0], i + 1)
                _store(o, b[1], text)
                _store(o, b[2], norms[i])
                _store(o, b[3], no_repairs)
                _store(o, b[4], start)
            else:
                o = _record_of(line_cls, fields, (i + 1, text, norms[i], no_repairs, start))
            Py_INCREF(o)
            PyTuple_SET_ITEM(out, i, o)
            continue
        o = _line_of_raw_c(ln, norms[i], direct, a, b, raw_cls, line_cls, fields)
        Py_INCREF(o)
        PyTuple_SET_ITEM(out, i, o)
    return out
