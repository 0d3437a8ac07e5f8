# Static types for structure.py's functions when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it). Only what cannot change an answer: `str` for
# values that are always strings (a paragraph's text and norm, slices and joins of them), Py_ssize_t
# for indices and lengths, and cpdef on the functions the outline calls within the module (no Python
# call between them; none is replaced by a caller or a test). Py_UCS4 for the characters the loops
# read (a paragraph's first characters, its numbering in `_numbering_loop` — which `_COMPILED` picks over
# the regexes only when compiled —, a line's blank ends, a title's last character): tested against
# string literals they are C switches. `_numbering_loop` returns a C tuple (a Python tuple to a Python
# caller). Left as they are: the lru_cache'd functions and those asked once a plan (`_plan_year`, `_iso`).
#
# The outline's records but `PlanOutline` (one a plan) are extension types here, their fields C fields: a
# local typed `Para`, `Marker`, `Clause` or `Node` reads `p.text`, `m.level` or `node.children` as a
# struct member (an attribute lookup through the type and a member descriptor otherwise, ~140
# instructions), and `_new_para`, `_new_marker`, `_new_clause`, `_new_section`, `_new_item`, `_new_node`
# build them as C functions (the type's tp_new, then C stores). All but `Node` keep their dataclasses
# (Cython makes them of the .py's decorators: the same fields, repr, equality; a hash is the .py's own);
# `Node` never leaves the module.

import cython
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_FindChar, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ
from dutygraph._native_inline cimport _ch_c, _slot_c, _slot_offset_c

# The marker levels (structure.py's `_ATTACH_C`…, = ATTACH…): C integers, compared with a typed level unboxed.
cdef Py_ssize_t _ATTACH_C, _CN_C, _PCN_C, _ARABIC_C, _PARABIC_C, _CIRCLED_C

# True compiled (structure.py's `_C`, set at import): a C global, so the finds below pick `_find_c` by a C test.
cdef bint _C

cdef inline Py_ssize_t _find_c(str s, Py_UCS4 c, Py_ssize_t start, Py_ssize_t end, int direction) except -2:
    """`s.find(c, start, end)` (direction 1) or `s.rfind(c, start, end)` (-1) for one character: the C API's
    PyUnicode_FindChar (the same slice-like reading of start and end, the same search), called directly — the
    method goes through PyUnicode_Find's general substring search (both strings' kinds and lengths read, the
    arguments checked) for what is one character's scan. C API: no Cython form of it; `s` must not be None
    (the function would read it as a str)."""
    if s is None:
        raise TypeError("_find_c: None")
    return PyUnicode_FindChar(s, c, start, end, direction)

cdef class Para:
    cdef public Py_ssize_t line
    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public str text
    cdef public str norm
    cdef public tuple repairs

cdef class Marker:
    cdef public Py_ssize_t level
    cdef public str number
    cdef public str label
    cdef public Py_ssize_t end

cdef class Clause:
    cdef public tuple lead
    cdef public tuple co
    cdef public object deadline_raw  # (str or None)
    cdef public str text
    cdef public Py_ssize_t line

cdef class SectionOutline:
    cdef public Py_ssize_t line
    cdef public str number
    cdef public str title
    cdef public tuple path
    cdef public tuple titles
    cdef public Clause clause

cdef class ItemOutline:
    cdef public Py_ssize_t line
    cdef public str number
    cdef public tuple span
    cdef public str title
    cdef public str text
    cdef public str kind
    cdef public tuple paras
    cdef public tuple section_titles
    cdef public tuple section_path
    cdef public Clause clause
    cdef public bint inherited
    cdef public tuple repairs
    cdef public str norm

cdef class Node:
    cdef public Py_ssize_t level
    cdef public Marker marker
    cdef public Para head
    cdef public list more
    cdef public list children
    cdef public bint toc
    cdef public bint closed
    cdef public Clause group
    cdef public Clause heading_lead
    cdef public str content
    cdef public str content_norm
    cdef public object resp

@cython.locals(p=Para)
cdef Para _new_para(Py_ssize_t line, Py_ssize_t start, Py_ssize_t end, str text, str norm, tuple repairs)

@cython.locals(c=Clause)
cdef Clause _new_clause(tuple lead, tuple co, object deadline_raw, str text, Py_ssize_t line)

@cython.locals(so=SectionOutline)
cdef SectionOutline _new_section(Py_ssize_t line, str number, str title, tuple path, tuple titles, Clause clause)

@cython.locals(item=ItemOutline)
cdef ItemOutline _new_item(Py_ssize_t line, str number, tuple span, str title, str text, str kind, tuple paras,
                           tuple section_titles, tuple section_path, Clause clause, bint inherited, tuple repairs,
                           str norm)

@cython.locals(clause=Clause)
cpdef tuple measure_fields(ItemOutline item)

@cython.locals(clause=Clause)
cpdef tuple section_fields(SectionOutline so)

@cython.locals(m=Marker)
cdef Marker _new_marker(Py_ssize_t level, str number, str label, Py_ssize_t end)

@cython.locals(node=Node)
cdef Node _new_node(Py_ssize_t level, Marker marker, Para head, bint toc, bint closed, str content,
                    str content_norm, object resp)

@cython.locals(found=cython.Py_ssize_t, n=cython.Py_ssize_t, i=cython.Py_ssize_t, j=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef bint _two_inline_sections(str norm)

@cython.locals(out=list, i=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef list _inline_cuts(str norm, Py_ssize_t after)

@cython.locals(n=cython.Py_ssize_t, j=cython.Py_ssize_t, c=cython.Py_UCS4, c2=cython.Py_UCS4)
cpdef bint _inline_number_at(str norm, Py_ssize_t k)

@cython.locals(out=list, cuts=list, text=str, norm=str, n=cython.Py_ssize_t, a=cython.Py_ssize_t, b=cython.Py_ssize_t,
               a2=cython.Py_ssize_t, b2=cython.Py_ssize_t, lead=cython.Py_ssize_t, trail=cython.Py_ssize_t,
               piece=str, slots=tuple, s_number=cython.Py_ssize_t, s_text=cython.Py_ssize_t,
               s_norm=cython.Py_ssize_t, s_repairs=cython.Py_ssize_t, counted=bint, r1=cython.Py_ssize_t,
               a1=cython.Py_ssize_t, title=str, ch=cython.Py_UCS4, giant=cython.Py_ssize_t)
cpdef list paragraphs(doc)

@cython.locals(c=cython.Py_UCS4)
cpdef Py_ssize_t _space_fwd(str s, Py_ssize_t i, Py_ssize_t n)

@cython.locals(c=cython.Py_UCS4)
cpdef Py_ssize_t _space_back(str s, Py_ssize_t end, Py_ssize_t k)

@cython.locals(n=cython.Py_ssize_t, a=cython.Py_ssize_t, r=cython.Py_ssize_t, s=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef Py_ssize_t _title_run_on(str norm)

@cython.locals(key=tuple, markers=dict)
cpdef Marker parse_marker(Para p)

@cython.locals(text=str, norm=str, c0=cython.Py_UCS4, t0=cython.Py_UCS4, circled=bint, level=cython.Py_ssize_t,
               g=cython.Py_ssize_t, end=cython.Py_ssize_t)
cpdef Marker _parse_marker(Para p)

@cython.locals(first=str)
cpdef tuple _numbering_re(str norm)

@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t, j=cython.Py_ssize_t, k=cython.Py_ssize_t,
               level=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4)
cpdef (Py_ssize_t, Py_ssize_t, Py_ssize_t) _numbering_loop(str norm)

@cython.locals(n=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef Py_ssize_t _skip_space(str s, Py_ssize_t i)

cpdef bint _is_date_like(str norm, m)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _is_noise(str n)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _is_contact(str n)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _is_attach_ref(str n)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _has_punct(str s)

@cython.locals(cache=dict, shared=dict, cache_max=cython.Py_ssize_t, shared_len=cython.Py_ssize_t,
               shared_max=cython.Py_ssize_t)
cpdef find_responsibility(str text, norm=*)

cpdef object _resp_field(object resp, Py_ssize_t at, str name)

@cython.locals(tail=str, e=cython.Py_ssize_t, n=cython.Py_ssize_t, span=tuple, c=cython.Py_UCS4)
cpdef bint _is_closing(resp, str text)

@cython.locals(norm=str, n=cython.Py_ssize_t, k=cython.Py_ssize_t, head=cython.Py_UCS4)
cpdef _standalone_clause(Para p)

@cython.locals(at=tuple)
cpdef Clause _clause(resp, Py_ssize_t line)

@cython.locals(text=str, pieces=list, cuts=list, found=list, lead=list, co=list, seg=str,
               a=cython.Py_ssize_t, b=cython.Py_ssize_t, at=tuple, after=Para, head=Para, line=cython.Py_ssize_t)
cpdef Clause item_clause(paras, texts, norm=*, known=*)

@cython.locals(n=cython.Py_ssize_t, j=cython.Py_ssize_t, k=cython.Py_ssize_t, digits=cython.Py_ssize_t,
               c=cython.Py_UCS4)
cpdef bint _has_paren_number(str text)

@cython.locals(pos=cython.Py_ssize_t, k=cython.Py_ssize_t, p=Para)
cpdef _line_of(paras, list texts, Py_ssize_t offset)

@cython.locals(n=str)
cpdef bint _is_title(Para p, Py_ssize_t min_len=*)

@cython.locals(t=str)
cpdef bint _ends_like_title(str s)

@cython.locals(i=cython.Py_ssize_t, j=cython.Py_ssize_t)
cpdef str _cut_trailing_bracket(str s)

@cython.locals(k=cython.Py_ssize_t, r=cython.Py_ssize_t, i=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef bint _title_ends_at(str norm, Py_ssize_t end, Py_ssize_t j)

@cython.locals(b=cython.Py_UCS4, c=cython.Py_UCS4)
cpdef bint _title_word_before(str norm, Py_ssize_t end, Py_ssize_t k)

@cython.locals(n=str)
cpdef bint _is_title_head(Para p)

@cython.locals(starts=list, i=cython.Py_ssize_t, n=cython.Py_ssize_t, j=cython.Py_ssize_t, first=cython.Py_ssize_t,
               title=str, m=Marker, p=Para, prev=Para)
cpdef list _plan_starts(list paras, list marks)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _digit_at(str s, Py_ssize_t i)

@cython.locals(k=cython.Py_ssize_t, n=str, t=str, names=list, p=Para, q=Para, norm=str, i=cython.Py_ssize_t,
               size=cython.Py_ssize_t)
cpdef tuple _cover_info(list paras)

@cython.locals(paras=list, marks=list, starts=list, cover=list, cover_text=str, plans=list, k=cython.Py_ssize_t,
               first=cython.Py_ssize_t, tix=cython.Py_ssize_t, end=cython.Py_ssize_t, own=list,
               body_paras=list, t=str, normal=str, kind=str, untitled=bint, body=str)
cpdef list outline(doc)

cpdef str _plan_kind(str t)

@cython.locals(out=list, p=Para)
cpdef list _norms(list paras)

@cython.locals(n=str)
cpdef str _title_key(str t)

@cython.locals(k=cython.Py_ssize_t, i=cython.Py_ssize_t, a=cython.Py_ssize_t, drop=cython.Py_ssize_t, c=cython.Py_UCS4,
               parts=list)
cpdef str _rx5_cut(str n)

@cython.locals(text=str, norm=str, content=str, content_norm=str, n=str, in_toc=bint, stack=list, k=cython.Py_ssize_t,
               level=cython.Py_ssize_t, end=cython.Py_ssize_t, toc=bint, m=Marker, root=Node, parent=Node, node=Node,
               top=Node, p=Para, shared_len=cython.Py_ssize_t)
cpdef _build(plan, list paras, list marks, set titles)

@cython.locals(norm=str, content=str, core=str, end=cython.Py_ssize_t, j=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef bint _toc_entry(Para p, Marker m, set titles, bint listing)

cpdef _add_para(Node node, Para p)

cpdef _add_child(Node node, Node child)

@cython.locals(run=list, sib=Node)
cpdef _place_clause(Node top, Node parent, Para p, resp)

cpdef str _strip_clause(str text)

@cython.locals(content=str, first=str, title=str, at=cython.Py_ssize_t)
cpdef str heading_title(Node node)

@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t, q=cython.Py_ssize_t, c=cython.Py_UCS4, skip=cython.Py_ssize_t)
cpdef Py_ssize_t _rx7_start(str s)

@cython.locals(i=cython.Py_ssize_t, j=cython.Py_ssize_t, a=cython.Py_ssize_t, title=str)
cpdef str item_title(str content, bint lost_char=*)

@cython.locals(n=cython.Py_ssize_t, j=cython.Py_ssize_t, k=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef Py_ssize_t _rx8_start(str content)

cpdef _collect(plan, Node root)

@cython.locals(label=str, title=str, kinds=tuple, sub_path=tuple, sub_titles=tuple, child=Node, marker=Marker, head=Para)
cpdef _walk(list sections, list items, bint report, Node node, tuple titles, tuple path, list leads)

@cython.locals(content=str, first=str, p=Para, at=cython.Py_ssize_t)
cpdef Clause _heading_clause(Node node)

@cython.locals(content_norm=str, content0=str, text=str, texts=list, norm=str, first_para=str, repairs=tuple, kept=list,
               m=Marker, paras=tuple, more=list, one=bint, head=Para, p=Para, clause=Clause, lead=Clause,
               size=cython.Py_ssize_t, first=cython.Py_UCS4, last=cython.Py_UCS4)
cpdef _item(Node node, titles, path, leads, bint report, bint goal_section, bint requirement_section)

@cython.locals(memo=dict, kinds=tuple)
cpdef tuple _section_kinds(tuple titles)

@cython.locals(c=Clause)
cpdef Clause _inherit(list leads)

@cython.locals(k=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef bint _problem_item(str t)
