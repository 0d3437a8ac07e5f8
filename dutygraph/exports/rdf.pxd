# Static types for rdf.py's exporter writer when compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file: no declaration here may change what a
# function returns. `_write_statements` (once per edge: ~1.6M times at 10k documents) has its locals
# typed as the dicts, lists and bytes they always are (the graph's adjacency and attribute dicts, the
# writer's tables and piece lists, formats and texts), so their .get/.append/lookups and `%` are direct
# C calls instead of method lookups. The value-text tables (`Texts`: dicts with `__missing__`) stay
# untyped: a typed dict's lookup would skip `__missing__`. (`_write_fast` itself holds closures, which a
# cpdef function may not.)
cimport cython
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_CheckExact, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.object cimport PyObject
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from libc.stdint cimport uint32_t, uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy, memset

@cython.locals(nbrs=dict, keyed=dict, attrs=dict, lines=dict, names=list, vals=list, no_values=list, key=tuple,
               slot_values=list, iu=bytes, iv=bytes, ub=bytes, vb=bytes, digest=bytes,
               derived=bytes, doc_iri=bytes, kind=list, name=str, i=Py_ssize_t, tcs=tuple, jcs=tuple,
               chunk=Py_ssize_t)
cpdef _write_statements(dict succ, dict iri, dict stmt_props, dict stmt_spec, make_stmt_spec, general_statement,
                        doc_lines, dict doc_iris, list tb, list jb, flush)

@cython.locals(attrs=dict, names=list, vals=list, kind=list, key=tuple, name=str, tcs=tuple, jcs=tuple,
               s=bytes, derived=bytes, slot_values=list, dyn=list, nbrs=dict, keyed=dict,
               groups=dict, objs=list, targets=list, i=Py_ssize_t, nrels=Py_ssize_t, vs=tuple, chunk=Py_ssize_t,
               kinds_of=dict, kinds=list, seen=tuple, lists=tuple, lines=dict, doc_iri=bytes)
cpdef _write_nodes(nodes, dict iri, dict succ, dict plain_label, dict names_of, dict list_pos, dict node_spec,
                   make_node_spec, node_general, doc_lines, dict doc_iris, ttl_str, json_str, ttl_text, json_text,
                   dict rel_index, dict rel_ttl, dict rel_json, bytes der_ttl, bytes der_json, list tb, list jb, flush)

# a source line's IRI from its document's table: a C call from both loops above
@cython.locals(out=bytes)
cpdef bytes _line_iri(dict lines, bytes doc_iri, line)

# whether a node is of a kind seen before with its label: a C call from the loop above
@cython.locals(n=Py_ssize_t, i=Py_ssize_t)
cpdef bint _of_kind(tuple key, list vals, tuple lists)

# a statement's digest: `_fill`'s kin below (SHA-1 in C; hashlib as Python)
cpdef bytes _digest(bytes rel, bytes ub, bytes vb)

# a template's slots in order (`itemgetter` as Python): a C call from the loops above
@cython.locals(p=Py_ssize_t)
cpdef tuple _picked(list seq, tuple positions)

# a template's literal pieces and its values joined (bytes `%` as Python), each text made by `_fill` below
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
    (rdf.py's `_filled` and `_joined` are its Python form)."""
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


cdef inline uint32_t _rol(uint32_t x, int n) noexcept nogil:
    return (x << n) | (x >> (32 - n))


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cdivision(True)
cdef inline void _sha1_block(uint32_t* h, const unsigned char* p) noexcept nogil:
    """SHA-1's compression of one 64-byte block `p` into the state `h` (FIPS 180-4, 6.1.2)."""
    cdef uint32_t w[80]
    cdef uint32_t a, b, c, d, e
    cdef int i
    for i in range(16):
        w[i] = ((<uint32_t>p[4 * i]) << 24) | ((<uint32_t>p[4 * i + 1]) << 16) | ((<uint32_t>p[4 * i + 2]) << 8) \
            | (<uint32_t>p[4 * i + 3])
    for i in range(16, 80):
        w[i] = _rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1)
    a, b, c, d, e = h[0], h[1], h[2], h[3], h[4]
    # five rounds a step, the five words' roles turning instead of the words moving (rounds i … i + 4)
    for i in range(0, 20, 5):
        e += _rol(a, 5) + ((b & c) | (~b & d)) + <uint32_t>0x5A827999 + w[i]
        b = _rol(b, 30)
        d += _rol(e, 5) + ((a & b) | (~a & c)) + <uint32_t>0x5A827999 + w[i + 1]
        a = _rol(a, 30)
        c += _rol(d, 5) + ((e & a) | (~e & b)) + <uint32_t>0x5A827999 + w[i + 2]
        e = _rol(e, 30)
        b += _rol(c, 5) + ((d & e) | (~d & a)) + <uint32_t>0x5A827999 + w[i + 3]
        d = _rol(d, 30)
        a += _rol(b, 5) + ((c & d) | (~c & e)) + <uint32_t>0x5A827999 + w[i + 4]
        c = _rol(c, 30)
    for i in range(20, 40, 5):
        e += _rol(a, 5) + (b ^ c ^ d) + <uint32_t>0x6ED9EBA1 + w[i]
        b = _rol(b, 30)
        d += _rol(e, 5) + (a ^ b ^ c) + <uint32_t>0x6ED9EBA1 + w[i + 1]
        a = _rol(a, 30)
        c += _rol(d, 5) + (e ^ a ^ b) + <uint32_t>0x6ED9EBA1 + w[i + 2]
        e = _rol(e, 30)
        b += _rol(c, 5) + (d ^ e ^ a) + <uint32_t>0x6ED9EBA1 + w[i + 3]
        d = _rol(d, 30)
        a += _rol(b, 5) + (c ^ d ^ e) + <uint32_t>0x6ED9EBA1 + w[i + 4]
        c = _rol(c, 30)
    for i in range(40, 60, 5):
        e += _rol(a, 5) + ((b & c) | (b & d) | (c & d)) + <uint32_t>0x8F1BBCDC + w[i]
        b = _rol(b, 30)
        d += _rol(e, 5) + ((a & b) | (a & c) | (b & c)) + <uint32_t>0x8F1BBCDC + w[i + 1]
        a = _rol(a, 30)
        c += _rol(d, 5) + ((e & a) | (e & b) | (a & b)) + <uint32_t>0x8F1BBCDC + w[i + 2]
        e = _rol(e, 30)
        b += _rol(c, 5) + ((d & e) | (d & a) | (e & a)) + <uint32_t>0x8F1BBCDC + w[i + 3]
        d = _rol(d, 30)
        a += _rol(b, 5) + ((c & d) | (c & e) | (d & e)) + <uint32_t>0x8F1BBCDC + w[i + 4]
        c = _rol(c, 30)
    for i in range(60, 80, 5):
        e += _rol(a, 5) + (b ^ c ^ d) + <uint32_t>0xCA62C1D6 + w[i]
        b = _rol(b, 30)
        d += _rol(e, 5) + (a ^ b ^ c) + <uint32_t>0xCA62C1D6 + w[i + 1]
        a = _rol(a, 30)
        c += _rol(d, 5) + (e ^ a ^ b) + <uint32_t>0xCA62C1D6 + w[i + 2]
        e = _rol(e, 30)
        b += _rol(c, 5) + (d ^ e ^ a) + <uint32_t>0xCA62C1D6 + w[i + 3]
        d = _rol(d, 30)
        a += _rol(b, 5) + (c ^ d ^ e) + <uint32_t>0xCA62C1D6 + w[i + 4]
        c = _rol(c, 30)
    h[0] += a
    h[1] += b
    h[2] += c
    h[3] += d
    h[4] += e


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cdivision(True)
cdef inline bytes _sha1_hex20(bytes x, bytes y, bytes z):
    """`hexlify(hashlib.sha1(x + y + z).digest()[:10])`: SHA-1 of the three pieces as one message, its
    first 10 bytes in lowercase hex, without a hash object, the joined bytes, the digest's and its
    slice's bytes (a statement's digest, once per edge: hashlib's object and its OpenSSL context were
    made, copied and freed each time). The message is copied into a buffer with its padding (on the
    stack up to 247 bytes: the usual statement is ~70), each block compressed by `_sha1_block`. C-API
    calls: it does not exist as Python (rdf.py's `_digest` is its Python form)."""
    cdef Py_ssize_t nx, ny, nz, n, size
    cdef unsigned char stack[256]
    cdef unsigned char* buf = stack
    cdef uint32_t h[5]
    cdef uint64_t bits
    cdef Py_ssize_t i
    cdef uint32_t byte
    cdef bytes out
    cdef char* at
    cdef const char* hexd = b"0123456789abcdef"
    if x is None or y is None or z is None:  # (a bytes argument may be None: as Python, None + bytes fails)
        raise TypeError("a statement's digest is of bytes")
    nx, ny, nz = PyBytes_GET_SIZE(x), PyBytes_GET_SIZE(y), PyBytes_GET_SIZE(z)
    n = nx + ny + nz
    size = ((n + 8) // 64 + 1) * 64  # the message, 0x80, zeros, its length in bits (8 bytes)
    if size > 256:
        buf = <unsigned char*>malloc(size)
        if buf == NULL:
            raise MemoryError()
    memcpy(buf, PyBytes_AS_STRING(x), nx)
    memcpy(buf + nx, PyBytes_AS_STRING(y), ny)
    memcpy(buf + nx + ny, PyBytes_AS_STRING(z), nz)
    buf[n] = 0x80
    memset(buf + n + 1, 0, size - n - 9)
    bits = (<uint64_t>n) * 8
    for i in range(8):
        buf[size - 1 - i] = <unsigned char>(bits >> (8 * i))
    h[0], h[1], h[2], h[3], h[4] = 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0
    for i in range(0, size, 64):
        _sha1_block(h, buf + i)
    if buf != stack:
        free(buf)
    out = PyBytes_FromStringAndSize(NULL, 20)
    at = PyBytes_AS_STRING(out)
    for i in range(10):
        byte = (h[i >> 2] >> (24 - 8 * (i & 3))) & 0xFF
        at[2 * i] = hexd[byte >> 4]
        at[2 * i + 1] = hexd[byte & 15]
    return out
