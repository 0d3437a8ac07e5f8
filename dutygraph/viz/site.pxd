# Static types for site.py's per-node and per-edge formatting when compiled (Cython's pure-Python mode;
# see dutygraph/native.py). As Python the module ignores this file: no declaration here may change what a
# function returns. Locals typed as the lists and dicts they always are (networkx's node and edge
# attribute dicts, the site's rank and cache dicts), so their .get/.append and lookups are direct C calls
# instead of method lookups: the data files format ~330k node records (~15 props each) and ~1.2M edges at
# 10k documents. Names that may hold another type stay untyped (and are checked by the code).
cimport cython
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, _PyBytes_Resize
from cpython.object cimport PyObject
from cpython.ref cimport Py_DECREF, Py_INCREF
from cpython.unicode cimport (PyUnicode_1BYTE_DATA, PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_DATA, PyUnicode_2BYTE_KIND,
                              PyUnicode_FindChar,
                              PyUnicode_4BYTE_DATA, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_New,
                              PyUnicode_WRITE)
from libc.stdint cimport uint16_t, uint32_t, uint64_t
from libc.string cimport memcpy

@cython.locals(heads=dict, parts=list)
cpdef str props_json(object props)

@cython.locals(rows=list, names=list, head=str)
cpdef list _prop_pieces(object label)

cpdef str _value_piece(str head, str text, Py_ssize_t limit)

@cython.locals(heads=dict, parts=list, rows=list, limit=Py_ssize_t, head=str, ints=dict, floats=dict, yes=str, no=str,
               piece=str)
cpdef str props_text(dict a, list extra)

@cython.locals(nodes=dict, ta=dict, rfr=Py_ssize_t, rto=Py_ssize_t, rline=Py_ssize_t)
cpdef str data_edge_text(object g, dict rank, dict cut_in_page, object u, object v, object k, dict a, object strings)

# called once per record, row and edge from this module: direct C calls (their arguments stay objects)
cpdef str record_json(object rec)

cpdef str row_json(object row)

cpdef str edge_text(object e, object strings)

# a grouped page's group records (~1,100 of an indicator page's 1,500 nodes at 10k documents)
@cython.locals(parts=list)
cpdef object strs_json(object items)

@cython.locals(parts=list)
cpdef object pairs_json(object pairs)

cpdef str group_json(object rec)

# a grouped page's drawn edges, their quotes and its vis-network lists (~5k drawn edges on an indicator page
# of the 10k site), made and formatted with their dicts typed
cpdef str quote_json(dict q)

# PageJSON.quote_text's quote of a grouped page's drawn edge (~60k at 1,000 documents): its line a C integer
@cython.locals(rline=Py_ssize_t, text=str)
cpdef str quote_values_text(object strings, object source, object line, object mention, object quote,
                            object inherited, object fr, object to)

cpdef str vis_node_json(dict n)

@cython.locals(parts=list, e=dict, qs=list)
cpdef str edges_json(object edges, object strings)

@cython.locals(parts=list, e=dict)
cpdef str edges_text(object edges, object strings)

@cython.locals(parts=list, e=dict)
cpdef str vis_edges_json(object vis_edges, object strings)


cpdef dict _vis_edge(dict e)

@cython.locals(parts=list, vis=list, heads=dict, e=dict, rcount=Py_ssize_t, n=str)
cpdef tuple drawn_edges_text(object edges, object strings)

# a page that fits (~33k of them at 10k documents): its nodes from their ranks, in one typed pass over
# per-rank tables (a byte of flags, a data file), its ranks marked in a bytearray while it is made
@cython.locals(flags=bytearray, rel_of=list, r=Py_ssize_t, f=cython.uchar)
cpdef tuple node_flags(list ids, set measure, dict agency_file, dict shard_of, set has_other)

@cython.locals(shards=set, with_other=list, measures=list, r=Py_ssize_t, f=cython.uchar, on_file=cython.uchar,
               is_measure=cython.uchar, has_other=cython.uchar)
cpdef tuple shard_page_marks(list ids, list ranks, bytearray flags, list rel_of, bytearray mark)

cpdef str page_meta_json(object meta)

# a page's nodes gathered as ranks (~47k pages at 10k documents): its measures' neighbourhoods, made once per
# measure as a tuple of ranks, marked in the site-wide bytearray; then one pass over the page's ranks
cpdef tuple make_hood(object g, object m, dict rank, dict hoods, bytearray state, dict omitted)

@cython.locals(hood=tuple, r=Py_ssize_t, in_hood=cython.uchar)
cpdef gather_hoods(object measures, dict hoods, bytearray mark, list ranks, object g, dict rank, bytearray state,
                   dict omitted)

@cython.locals(extras=list, unknown=list, measures=Py_ssize_t, r=Py_ssize_t, in_keep=cython.uchar,
               is_measure=cython.uchar, hood_made=cython.uchar)
cpdef tuple page_tally(list ranks, bytearray mark, bytearray flags, bytearray state)

@cython.locals(r=Py_ssize_t)
cpdef unmark(bytearray mark, list ranks)

@cython.locals(r=Py_ssize_t, is_measure=cython.uchar)
cpdef bint near_marked_measure(dict nbrs, dict rank, bytearray flags, bytearray mark, list ids, list measures)

@cython.locals(pair=tuple, r=Py_ssize_t)
cpdef marked_edges(list extra, tuple out, bytearray mark)

# a data file's node record (~330k at 10k documents) formatted from the node's attributes
cpdef str record_fragment(object rank, object rec, object n)

@cython.locals(ctx=dict, ctxs=dict, loads=dict, pages=dict)
cpdef tuple _record_values(object g, object n, dict a, object idx)

cpdef list _agency_extra(object n, object label, object idx)

@cython.locals(values=tuple, extra=list)
cpdef str data_record(object g, object n, dict a, object idx, object rank)

# a node's record on a grouped page (~15k on the 21 grouped pages of 1,000 documents): the values its
# vis-network node and the filters read, in a dict (an extension type deriving from dict, as _StringJSON
# below), and the JSON text of its whole record
cdef class PageRecord(dict):
    cdef public str json
    cdef public str vis

# (n untyped: a node record is a dict or a PageRecord; r: n when it is a PageRecord)
@cython.locals(vis_nodes=list, ids=set, vis_edges=list, e=dict, vis=dict, extra=dict, hit=tuple, r=PageRecord)
cpdef tuple vis_network(object nodes, object edges, object memo=*, bint edge_dicts=*)

@cython.locals(values=tuple, extra=list, rec=PageRecord)
cpdef object page_record(object g, object n, dict a, object idx)

# a data file's table row (~220k measures at 10k documents) formatted from the measure's context
cpdef str _unit_names(object shown, list ids)

@cython.locals(a=dict, x=dict)
cpdef str row_text(object g, object m, object idx, object shown)

cpdef str data_row(object g, object m, object idx, object shown, object rank, object trank)

# a node's out-edges to nodes that are not measures (~18k nodes at 1,000 documents): its adjacency dicts typed
@cython.locals(nbrs=dict, kd=dict, pairs=list)
cpdef tuple other_edges(object g, dict rank, dict cut_in_page, object strings, set measure, object u)

# a page that fits: its node ranks' text (ranks_json calls _ranks_c: a body here; as Python, the join)
cpdef str ranks_json(list ranks)

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline object _ranks_c(list ranks):
    """",".join(map(str, ranks)) for a list of ints in Py_ssize_t's range: one ASCII str of the text's length,
    each number's digits written into it in place (no str made per number, no join: ~15 instructions a
    digit instead of ~150 a number). None when an item is not an int, or one out of that range (the caller
    joins them); the items are only read (an exact int's conversion runs no Python code: the list stays as
    it is between the two passes)."""
    cdef Py_ssize_t n = len(ranks)
    cdef Py_ssize_t i
    cdef Py_ssize_t r
    cdef Py_ssize_t total = n - 1  # (the commas)
    cdef size_t u
    if n == 0:
        return ""
    for i in range(n):
        x = ranks[i]
        if type(x) is not int:
            return None
        try:
            r = x
        except OverflowError:
            return None
        if r < 0:
            total += 1
            u = <size_t>(-(r + 1)) + 1  # (its magnitude, without negating the smallest one)
        else:
            u = <size_t>r
        total += 1
        while u >= 10:
            u = u // 10
            total += 1
    out = PyUnicode_New(total, 127)
    cdef unsigned char* d = <unsigned char*>PyUnicode_1BYTE_DATA(out)
    cdef Py_ssize_t end = total  # digits are written backwards from here
    for i in range(n - 1, -1, -1):
        r = ranks[i]
        if r < 0:
            u = <size_t>(-(r + 1)) + 1
        else:
            u = <size_t>r
        while True:
            end -= 1
            d[end] = <unsigned char>(48 + u % 10)
            u = u // 10
            if u == 0:
                break
        if r < 0:
            end -= 1
            d[end] = 45  # "-"
        if i:
            end -= 1
            d[end] = 44  # ","
    return out

# The string-text tables (edge_text's: two lookups per data-file edge, ~1.6M edges at 10k documents;
# PageJSON's: node ids, edge ids and types of the grouped pages' drawn and vis-network edges) are extension
# types deriving from dict. A Python class deriving from dict gets the generic mapping slot — CPython finds
# dict's `__getitem__` as a method, not as the slot's wrapper —, so each `strings[s]` looked `__getitem__` up
# by name and called it (~620 instructions a lookup); an extension type inherits dict's own slot (a hit is a
# plain dict lookup; a miss still calls `__missing__`). Neither is pickled (the writers fork) nor given
# attributes.
cdef class _StringJSON(dict):
    pass

cdef class _JSONStrings(dict):
    pass

cdef class _DataTags(dict):
    pass

# The writer's UTF-8 encoding of a page or data file (~1.4 GB at 10k documents, ~85% of it ASCII JSON and
# markup in 2-byte strings — a Chinese character makes the whole str 2-byte —, which CPython's encoder
# writes one character at a time, ~13 instructions each): utf8 calls _utf8_2byte, the one function of this
# file with a body (C-API calls: it does not exist as Python; as Python, utf8 is str.encode).
cpdef bytes utf8(str s)

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline object _utf8_2byte(str s):
    """s.encode("utf-8") for a 2-byte str: ASCII eight characters at a time where they are (two 64-bit loads,
    one test, each word's four low bytes packed by two shift-or-mask steps, one 64-bit store), the ASCII ones
    before another character one at a time (without testing eight again at each), a run of other
    characters each by its UTF-8 form, into a buffer of the most it can take, cut to its length after in
    place (_PyBytes_Resize: the buffer has no other reference; a slice copied it, most of the 1,000-document
    site's 250 MB). None for a str of another kind, or one holding a surrogate (which str.encode refuses: the
    caller calls it for its error)."""
    if PyUnicode_KIND(s) != PyUnicode_2BYTE_KIND:
        return None
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef const uint16_t* p = <const uint16_t*>PyUnicode_2BYTE_DATA(s)
    cdef Py_ssize_t i = 0
    cdef uint64_t w
    cdef uint64_t w2
    cdef uint16_t c
    cdef object out = PyBytes_FromStringAndSize(NULL, 3 * n)
    cdef unsigned char* start = <unsigned char*>PyBytes_AS_STRING(out)
    cdef unsigned char* q = start
    while i < n:
        while i + 8 <= n:  # (ULL: C constants, not Python ints)
            memcpy(&w, p + i, 8)
            memcpy(&w2, p + i + 4, 8)
            if ((w | w2) & 0xFF80FF80FF80FF80ULL) != 0:
                break
            # each 16-bit unit's high byte is 0: c0 c1 c2 c3 -> the bytes c0c1 at 0 and c2c3 at 32, then c0c1c2c3
            w = (w | (w >> 8)) & 0x0000FFFF0000FFFFULL
            w2 = (w2 | (w2 >> 8)) & 0x0000FFFF0000FFFFULL
            w = ((w | (w >> 16)) & 0xFFFFFFFFULL) | ((w2 | (w2 >> 16)) << 32)
            memcpy(q, &w, 8)
            q += 8
            i += 8
        while i < n:  # the ASCII characters before the other one in those eight, or the last seven: one at a time
            c = p[i]
            if c >= 0x80:
                break
            q[0] = <unsigned char>c
            q += 1
            i += 1
        if i >= n:
            break
        while True:  # a run of characters that are not ASCII (Chinese text), up to the next ASCII one
            if c < 0x800:
                q[0] = <unsigned char>(0xC0 | (c >> 6))
                q[1] = <unsigned char>(0x80 | (c & 0x3F))
                q += 2
            elif 0xD800 <= c <= 0xDFFF:
                return None
            else:
                q[0] = <unsigned char>(0xE0 | (c >> 12))
                q[1] = <unsigned char>(0x80 | ((c >> 6) & 0x3F))
                q[2] = <unsigned char>(0x80 | (c & 0x3F))
                q += 3
            i += 1
            if i >= n:
                break
            c = p[i]
            if c < 0x80:
                break
    cdef PyObject* raw = <PyObject*>out  # (the reference `out` holds, handed to raw: Resize may move the object)
    Py_INCREF(out)
    out = None
    _PyBytes_Resize(&raw, q - start)  # (on an error raw is freed and NULL: the error propagates)
    out = <object>raw
    Py_DECREF(out)  # (out holds raw's reference, not a second one)
    return out

# What could end a <script> element (~270k texts at 1,000 documents): _safe calls _has_unsafe_c (C-API calls;
# as Python, _safe is its `in` tests alone).
cpdef object _safe(object s)

cdef inline bint _has_unsafe_c(str s) except -1:
    """Whether s holds a character _safe escapes ("&", "<", ">", U+2028, U+2029), each looked for by
    PyUnicode_FindChar (the search `in` makes for one character); the two line separators only in a str of
    two or four bytes a character (a str of one byte a character cannot hold them)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    if (PyUnicode_FindChar(s, 0x26, 0, n, 1) >= 0 or PyUnicode_FindChar(s, 0x3C, 0, n, 1) >= 0
            or PyUnicode_FindChar(s, 0x3E, 0, n, 1) >= 0):
        return True
    if PyUnicode_KIND(s) == PyUnicode_1BYTE_KIND:
        return False
    return PyUnicode_FindChar(s, 0x2028, 0, n, 1) >= 0 or PyUnicode_FindChar(s, 0x2029, 0, n, 1) >= 0

# A str's JSON text (json.encoder.encode_basestring's): ~3M strings at 1,000 documents. _js calls
# _js_c (a body here: C-API calls; as Python, _js is the encoder).
cpdef str _js(object s)

@cython.boundscheck(False)
@cython.wraparound(False)
cdef inline object _js_c(object s):
    """encode_basestring(s) for a str none of whose characters JSON escapes (a control character, a quote
    or a backslash): a str of its kind (so of its largest character) with its characters copied between
    two quotes. None for anything else (the caller calls the encoder)."""
    if type(s) is not str:
        return None
    cdef int kind = PyUnicode_KIND(s)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef Py_ssize_t i
    cdef const unsigned char* p1
    cdef const uint16_t* p2
    cdef const uint32_t* p4
    cdef uint32_t c
    cdef uint32_t top
    if kind == PyUnicode_1BYTE_KIND:
        p1 = <const unsigned char*>PyUnicode_1BYTE_DATA(s)
        top = 0
        for i in range(n):
            c = p1[i]
            if c < 0x20 or c == 0x22 or c == 0x5C:
                return None
            top |= c
        top = 0xFF if top & 0x80 else 0x7F  # (latin-1 or ASCII: the same kind as s)
    elif kind == PyUnicode_2BYTE_KIND:
        p2 = <const uint16_t*>PyUnicode_2BYTE_DATA(s)
        for i in range(n):
            c = p2[i]
            if c < 0x20 or c == 0x22 or c == 0x5C:
                return None
        top = 0xFFFF
    else:
        p4 = <const uint32_t*>PyUnicode_4BYTE_DATA(s)
        for i in range(n):
            c = p4[i]
            if c < 0x20 or c == 0x22 or c == 0x5C:
                return None
        top = 0x10FFFF
    out = PyUnicode_New(n + 2, top)
    cdef void* d = PyUnicode_DATA(out)
    PyUnicode_WRITE(kind, d, 0, 0x22)
    memcpy(<char*>d + kind, PyUnicode_DATA(s), n * kind)
    PyUnicode_WRITE(kind, d, n + 1, 0x22)
    return out

# a page's title and notice as HTML text (_shard_html: ~13k pages at 1,000 documents): the `in` tests are
# PyUnicode_Contains calls on a str
cpdef str _escaped(str s)

cpdef str _html(object x)

@cython.locals(out=list, r=dict)
cpdef object directory_html(list rows, object tail)
