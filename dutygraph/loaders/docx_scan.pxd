# Static types for docx_scan.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it, and docx.py then reads documents with lxml): the scan is one loop over
# the document's bytes through a C pointer (`buf`; the bytes object stays referenced by `blob`), its
# positions and the walk's state in C variables.

import cython

# the element kinds and roles, and the limits: C constants compiled (module globals as Python)
cdef Py_ssize_t K_OTHER, K_DOCUMENT, K_BODY, K_P, K_TBL, K_TR, K_TC, K_TCPR, K_GRIDSPAN, K_VMERGE, K_T, K_TAB, K_R
cdef Py_ssize_t K_BR, K_CR, K_PPR, K_NUMPR, K_PSTYLE, K_NUMID, K_ILVL, K_CONTAINER
cdef Py_ssize_t R_NONE, R_ROOT, R_BLOCKS, R_PTOP, R_PPR, R_NUMPR, R_TBL, R_ROW, R_CELL, R_TCPR, R_RUN
cdef Py_ssize_t _MAX_DEPTH, _MAX_BYTES, _MAX_NAME

# (load28) the open elements' roles and the kinds read before as bytes through pointers (`roles`, `kinds`: each
# bytearray stays referenced by `r_stack` / `e_kinds`), their names' places as typed memoryviews
@cython.locals(n=Py_ssize_t, buf=cython.p_uchar, names=cython.p_uchar, ns=dict, e_kinds=bytearray,
               kinds=cython.p_uchar, q_from="long long[::1]", q_to="long long[::1]", r_stack=bytearray,
               roles=cython.p_uchar, blocks=list, depth=Py_ssize_t, root_done=bint, body_seen=bint,
               para=Py_ssize_t, para_top=bint, parts=list, ppr_seen=bint, numpr_seen=bint, style_seen=bint,
               nid_seen=bint, lv_seen=bint, cell=Py_ssize_t, cell_paras=list, span=Py_ssize_t, cont=bint,
               tcpr_seen=bint, gs_seen=bint, vm_seen=bint, row_cells=list, table_rows=list, want_text=bint,
               i=Py_ssize_t, j=Py_ssize_t, amp=bint, cr=bint, blank=bint, c=cython.uchar,
               s=Py_ssize_t, e=Py_ssize_t, k=Py_ssize_t, a=Py_ssize_t, ae=Py_ssize_t, colon=Py_ssize_t,
               acolon=Py_ssize_t, quote=cython.uchar, vs=Py_ssize_t, ve=Py_ssize_t, plain=bint, closed=bint,
               kind=Py_ssize_t, role=Py_ssize_t, parent_role=Py_ssize_t, qname=bytes,
               aname=bytes, seen=list, root_attrs=list, h=cython.size_t, ah=cython.size_t,
               slot=Py_ssize_t, e_names=list, a_names=list, a_keys=list, canon=dict, known=bint,
               tag=bytes)
cpdef list scan(bytes blob)

@cython.locals(p=cython.p_uchar, k=Py_ssize_t)
cdef inline bint _same(const unsigned char* buf, Py_ssize_t s, Py_ssize_t e, bytes name)

@cython.locals(k=Py_ssize_t)
cdef inline bint _same_span(const unsigned char* buf, Py_ssize_t s, Py_ssize_t e, Py_ssize_t t, Py_ssize_t u)

@cython.locals(c=cython.uchar, d=cython.uchar, ok=bint)
cdef inline Py_ssize_t _utf8_char(const unsigned char* buf, Py_ssize_t i, Py_ssize_t n)

# (ld42) the grid's places and spans as C integers: `range(span)` a C loop, not a range object per cell
@cython.locals(rows=list, above=dict, cells=list, row=list, col=Py_ssize_t, span=Py_ssize_t, cont=bint,
               paras=list, text=str, k=Py_ssize_t, p=str, t=str)
cpdef list _rows(list cells_of_rows)

cpdef object _attribute_key(bytes name, dict ns, bint root)

cpdef bint _is_char(long v)
