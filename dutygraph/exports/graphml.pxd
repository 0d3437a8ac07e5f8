# Static types for graphml.py's writer when compiled (Cython's pure-Python mode; see dutygraph/native.py).
# As Python the module ignores this file: no declaration here may change what a function returns.
# `_write_nodes` and `_write_edges` (once per node, ~0.35M, and per edge, ~1.6M, at 10k documents) have
# their locals typed as the dicts, lists, tuples and bytes they always are (the graph's adjacency and
# attribute dicts, the writer's tables and piece lists, texts), so their lookups and appends are direct C
# calls, a value's texts are read in a typed loop instead of through `map(operator.getitem, …)` and a
# template is filled by a join (`_joined`, `_filled`) instead of bytes `%`. Templates and slot positions
# stay untyped (the tests run the loops' Python form compiled too: positions are itemgetters there), but
# the compiled form reads a template's positions through `at`, a tuple (its items read inline, not by
# Cython's generic item lookup); so do the value-text tables stay untyped (`Texts`: dicts with
# `__missing__`): a typed dict's lookup would skip `__missing__`.
cimport cython
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_CheckExact, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.dict cimport PyDict_Next, PyDict_Values
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.object cimport Py_TYPE, PyObject
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy

@cython.locals(attrs=dict, vals=list, kind=list, key=tuple, xcs=tuple, jcs=tuple, xs=list, jv=list, x=bytes,
               jn=bytes, line=bytes, at=tuple, j=Py_ssize_t, p=Py_ssize_t, first=bint, xml_out=bint, chunk=Py_ssize_t,
               kinds_of=dict, kinds=list, seen=tuple, spec=tuple)
cpdef _write_nodes(nodes, dict node_spec, make_node_spec, dict ids, dict jids, xml_str, xml_text, json_text, dumps,
                   bint gml, bint gx, bint js, list gb, list xb, list jb, flush)

@cython.locals(nbrs=dict, keyed=dict, attrs=dict, vals=list, kind=list, key=tuple, xcs=tuple, jcs=tuple, xs=list,
               jv=list, xu=bytes, xv=bytes, ju=bytes, jv_=bytes, num=bytes, line=bytes, at=tuple, j=Py_ssize_t,
               p=Py_ssize_t, i=Py_ssize_t, first=bint, xml_out=bint, type_fixed=bint, key_fixed=bint, last_of=dict,
               last=tuple, spec=tuple, chunk=Py_ssize_t)
cpdef _write_edges(dict succ, dict edge_spec, make_edge_spec, dict ids, dict jids, xml_str, dumps, bint gml,
                   bint gx, bint js, list gb, list xb, list jb, flush)

# whether an element is of a kind seen before: a C call from the loops above, its entries compared by
# `_same_entries` below
@cython.locals(m=Py_ssize_t, name=object)
cpdef bint _same_kind(dict attrs, list vals, tuple names, tuple types)

cdef inline bint _same_entries(dict attrs, tuple names, tuple types):
    """Whether the entries of `attrs` are, in order, the names `names` (the same objects) with values of
    the types `types` (len(names) == len(types) == len(attrs): `_same_kind` checked it), walked by
    PyDict_Next: borrowed pointers compared, no reference counting, bounds or iterator checks. C-API
    calls: it does not exist as Python (graphml.py's `_same_kind` loop is its Python form)."""
    cdef Py_ssize_t pos = 0
    cdef Py_ssize_t m = 0
    cdef PyObject* name
    cdef PyObject* value
    while PyDict_Next(attrs, &pos, &name, &value):
        if name != PyTuple_GET_ITEM(names, m) or <PyObject*>Py_TYPE(<object>value) != PyTuple_GET_ITEM(types, m):
            return False
        m += 1
    return True

# an element's values (`PyDict_Values`) and an edge's number's text (`_decimal` below): C calls from the loops
cpdef list _values(dict attrs)

cpdef bytes _number(Py_ssize_t i)

cdef inline bytes _decimal(Py_ssize_t i):
    """`b"%d" % i`: the digits written backwards into a buffer on the stack, then one bytes object of
    them. C-API calls: it does not exist as Python (graphml.py's `_number` is its Python form)."""
    cdef char buf[24]
    cdef Py_ssize_t at = 24
    cdef size_t u = <size_t>i
    if i < 0:
        u = <size_t>0 - u
    while True:
        at -= 1
        buf[at] = c'0' + <char>(u % 10)
        u //= 10
        if u == 0:
            break
    if i < 0:
        at -= 1
        buf[at] = c'-'
    return PyBytes_FromStringAndSize(buf + at, 24 - at)

# a template's slots in order (`itemgetter` as Python), its literal pieces and its values joined (bytes `%` as
# Python): C calls from the loops above, each filling its text by `_fill` below
@cython.locals(p=Py_ssize_t)
cpdef tuple _picked(tuple seq, tuple positions)

@cython.locals(pieces=list, k=Py_ssize_t, p=Py_ssize_t)
cpdef bytes _filled(tuple lits, list values, tuple positions)

@cython.locals(pieces=list, k=Py_ssize_t)
cpdef bytes _joined(tuple lits, list values)

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline bytes _fill(tuple lits, list values, tuple positions):
    """The literal pieces `lits` and, between them, the values at `positions` (None: the first
    len(lits) - 1 values in order) as one bytes object, copied into it in C: the sizes summed, the
    object allocated once, each piece memcpy'd (`b"".join` of the pieces' list gave the same bytes
    through a list, a buffer per piece and a second pass). The pieces are read as borrowed pointers,
    each checked to be bytes once, the values' kept in a C array for the copying pass (on the stack up
    to 64 slots): no reference counting, bounds or type tests, no position read twice (a position is
    `values[p]`'s index, a negative one from the end). C-API calls: it does not exist as Python
    (graphml.py's `_filled` and `_joined` are its Python form)."""
    cdef Py_ssize_t n, nv, k, m, p
    cdef Py_ssize_t size = 0
    cdef PyObject* piece
    cdef PyObject* stack[64]
    cdef PyObject** slot = stack
    cdef bytes out
    cdef char* at
    if lits is None or values is None:
        raise TypeError("a template's literal pieces and values are a tuple and a list")
    n = PyTuple_GET_SIZE(lits) - 1
    nv = PyList_GET_SIZE(values)
    if positions is None:
        if nv < n:
            raise IndexError("a template has more slots than values")
    elif PyTuple_GET_SIZE(positions) != n:
        raise ValueError("a template's slots and positions differ in number")
    if n > 64:
        slot = <PyObject**>malloc(n * sizeof(PyObject*))
        if slot == NULL:
            raise MemoryError()
    try:
        for k in range(n + 1):
            piece = PyTuple_GET_ITEM(lits, k)
            if not PyBytes_CheckExact(<object>piece):
                raise TypeError("a template's literal piece is not bytes")
            size += PyBytes_GET_SIZE(<object>piece)
            if k < n:
                if positions is None:
                    piece = PyList_GET_ITEM(values, k)
                else:
                    p = <object>PyTuple_GET_ITEM(positions, k)
                    if p < 0:
                        p += nv
                    if p < 0 or p >= nv:
                        raise IndexError("a template's slot position is out of range")
                    piece = PyList_GET_ITEM(values, p)
                if not PyBytes_CheckExact(<object>piece):
                    raise TypeError("a template's value is not bytes")
                size += PyBytes_GET_SIZE(<object>piece)
                slot[k] = piece
        out = PyBytes_FromStringAndSize(NULL, size)
        at = PyBytes_AS_STRING(out)
        for k in range(n + 1):
            piece = PyTuple_GET_ITEM(lits, k)
            m = PyBytes_GET_SIZE(<object>piece)
            memcpy(at, PyBytes_AS_STRING(<object>piece), m)
            at += m
            if k < n:
                piece = slot[k]
                m = PyBytes_GET_SIZE(<object>piece)
                memcpy(at, PyBytes_AS_STRING(<object>piece), m)
                at += m
    finally:
        if slot != stack:
            free(slot)
    return out
