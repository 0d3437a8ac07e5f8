# Static types for rdf.py's exporter writer when compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file: no declaration here may change what a
# function returns. `_write_statements` (once per edge: ~1.6M times at 10k documents) has its locals
# typed as the dicts, lists and bytes they always are (the graph's adjacency and attribute dicts, the
# writer's tables and piece lists, formats and texts), so their .get/.append/lookups and `%` are direct
# C calls instead of method lookups. The value-text tables (`Texts`: dicts with `__missing__`) stay
# untyped: a typed dict's lookup would skip `__missing__`. (`_write_fast` itself holds closures, which a
# cpdef function may not.)
cimport cython
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from libc.string cimport memcpy

@cython.locals(nbrs=dict, keyed=dict, attrs=dict, lines=dict, names=list, vals=list, no_values=list, key=tuple,
               slot_values=list, iu=bytes, iv=bytes, ub=bytes, vb=bytes, digest=bytes,
               derived=bytes, kind=list, name=str, i=Py_ssize_t, tcs=tuple, jcs=tuple)
cpdef _write_statements(dict succ, dict iri, dict stmt_props, dict stmt_spec, make_stmt_spec, general_statement,
                        doc_lines, dict doc_iris, list tb, list jb, flush)

@cython.locals(attrs=dict, names=list, vals=list, kind=list, key=tuple, name=str, tcs=tuple, jcs=tuple,
               s=bytes, derived=bytes, slot_values=list, dyn=list, nbrs=dict, keyed=dict,
               groups=dict, objs=list, targets=list, i=Py_ssize_t, nrels=Py_ssize_t, vs=tuple)
cpdef _write_nodes(nodes, dict iri, dict succ, dict plain_label, dict names_of, dict list_pos, dict node_spec,
                   make_node_spec, node_general, line_iri, ttl_str, json_str, dict rel_index, dict rel_ttl,
                   dict rel_json, bytes der_ttl, bytes der_json, list tb, list jb, flush)

# a template's slots in order (`itemgetter` as Python): a C call from the loops above
@cython.locals(p=Py_ssize_t)
cpdef tuple _picked(list seq, tuple positions)

# a template's literal pieces and its values joined (bytes `%` as Python), each text made by `_fill` below
@cython.locals(pieces=list, k=Py_ssize_t, p=Py_ssize_t)
cpdef bytes _filled(tuple lits, list values, tuple positions)

@cython.locals(pieces=list, k=Py_ssize_t)
cpdef bytes _joined(tuple lits, list values)

@cython.wraparound(False)
cdef inline bytes _fill(tuple lits, list values, tuple positions):
    """The literal pieces `lits` and, between them, the values at `positions` (None: the first
    len(lits) - 1 values in order) as one bytes object, copied into it in C: the sizes summed, the
    object allocated once, each piece memcpy'd (`b"".join` of the pieces' list gave the same bytes
    through a list, a buffer per piece and a second pass). The one function of this file with a body
    (C-API calls: it does not exist as Python; rdf.py's `_filled` and `_joined` are its Python form)."""
    cdef Py_ssize_t n = len(lits) - 1
    cdef Py_ssize_t size = 0
    cdef Py_ssize_t k, m
    cdef bytes piece
    cdef bytes out
    cdef char* at
    if positions is not None and len(positions) != n:
        raise ValueError("a template's slots and positions differ in number")
    for k in range(n + 1):
        piece = lits[k]
        if piece is None:
            raise TypeError("a template's literal piece is None")
        size += PyBytes_GET_SIZE(piece)
        if k < n:
            piece = values[k] if positions is None else values[<Py_ssize_t>positions[k]]
            if piece is None:
                raise TypeError("a template's value is None")
            size += PyBytes_GET_SIZE(piece)
    out = PyBytes_FromStringAndSize(NULL, size)
    at = PyBytes_AS_STRING(out)
    for k in range(n + 1):
        piece = lits[k]
        m = PyBytes_GET_SIZE(piece)
        memcpy(at, PyBytes_AS_STRING(piece), m)
        at += m
        if k < n:
            piece = values[k] if positions is None else values[<Py_ssize_t>positions[k]]
            m = PyBytes_GET_SIZE(piece)
            memcpy(at, PyBytes_AS_STRING(piece), m)
            at += m
    return out
