# Static types for structure.py's functions when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it). Only what cannot change an answer: `str` for
# values that are always strings (a paragraph's text and norm, slices and joins of them), Py_ssize_t
# for indices and lengths, and cpdef on the functions the outline calls within the module (no Python
# call between them; none is replaced by a caller or a test). Py_UCS4 for the characters the loops
# read (a paragraph's first characters, its numbering in `_numbering_loop` — which `_COMPILED` picks over
# the regexes only when compiled —, a line's blank ends, a title's last character): tested against
# string literals they are C switches. `_numbering_loop` returns a C tuple (a Python tuple to a Python
# caller). Left as they are: the lru_cache'd functions and those asked once a plan (`_title_key`,
# `_plan_year`, `_iso`).

import cython

@cython.locals(found=cython.Py_ssize_t, i=cython.Py_ssize_t, j=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef bint _two_inline_sections(str norm)

@cython.locals(out=list, cuts=list, text=str, norm=str, n=cython.Py_ssize_t, a=cython.Py_ssize_t, b=cython.Py_ssize_t,
               a2=cython.Py_ssize_t, b2=cython.Py_ssize_t, lead=cython.Py_ssize_t, trail=cython.Py_ssize_t,
               piece=str)
cpdef list paragraphs(doc)

@cython.locals(key=tuple, markers=dict)
cpdef parse_marker(p)

@cython.locals(text=str, norm=str, c0=cython.Py_UCS4, t0=cython.Py_UCS4, circled=bint, level=cython.Py_ssize_t,
               g=cython.Py_ssize_t, end=cython.Py_ssize_t)
cpdef _parse_marker(p)

@cython.locals(first=str)
cpdef tuple _numbering_re(str norm)

@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t, j=cython.Py_ssize_t, k=cython.Py_ssize_t,
               level=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef (Py_ssize_t, Py_ssize_t, Py_ssize_t) _numbering_loop(str norm)

cpdef Py_ssize_t _skip_space(str s, Py_ssize_t i)

cpdef bint _is_date_like(str norm, m)

cpdef bint _is_noise(str n)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _has_punct(str s)

@cython.locals(cache=dict, shared=dict, key=tuple)
cpdef find_responsibility(str text, norm=*)

@cython.locals(tail=str)
cpdef bint _is_closing(resp, str text)

@cython.locals(norm=str, head=str)
cpdef _standalone_clause(p)

cpdef _clause(resp, line)

@cython.locals(text=str, pieces=list, cuts=list, found=list, lead=list, co=list, seg=str,
               a=cython.Py_ssize_t, b=cython.Py_ssize_t)
cpdef item_clause(paras, list texts, norm=*)

@cython.locals(pos=cython.Py_ssize_t, k=cython.Py_ssize_t)
cpdef _line_of(paras, list texts, Py_ssize_t offset)

@cython.locals(n=str)
cpdef bint _is_title(p, Py_ssize_t min_len=*)

@cython.locals(t=str)
cpdef bint _ends_like_title(str s)

@cython.locals(i=cython.Py_ssize_t, j=cython.Py_ssize_t)
cpdef str _cut_trailing_bracket(str s)

@cython.locals(n=str)
cpdef bint _is_title_head(p)

@cython.locals(starts=list, i=cython.Py_ssize_t, n=cython.Py_ssize_t, j=cython.Py_ssize_t, first=cython.Py_ssize_t,
               title=str)
cpdef list _plan_starts(list paras, list marks)

@cython.locals(k=cython.Py_ssize_t, n=str, t=str, names=list)
cpdef tuple _cover_info(list paras)

@cython.locals(paras=list, marks=list, starts=list, cover=list, cover_text=str, plans=list, k=cython.Py_ssize_t,
               first=cython.Py_ssize_t, tix=cython.Py_ssize_t, end=cython.Py_ssize_t, own=list,
               body_paras=list, t=str, kind=str, untitled=bint)
cpdef list outline(doc)

@cython.locals(text=str, norm=str, content=str, content_norm=str, n=str, in_toc=bint, stack=list, k=cython.Py_ssize_t,
               level=cython.Py_ssize_t, end=cython.Py_ssize_t, toc=bint, closed=bint)
cpdef _build(plan, list paras, list marks, set titles)

@cython.locals(norm=str, content=str, core=str, end=cython.Py_ssize_t, j=cython.Py_ssize_t)
cpdef bint _toc_entry(p, m, set titles, bint listing)

@cython.locals(run=list)
cpdef _place_clause(top, parent, p, resp)

cpdef str _strip_clause(str text)

@cython.locals(content=str, first=str)
cpdef str heading_title(node)

@cython.locals(i=cython.Py_ssize_t)
cpdef str item_title(str content, bint lost_char=*)

cpdef _collect(plan, root)

@cython.locals(label=str, title=str, kinds=tuple, sub_path=tuple, sub_titles=tuple)
cpdef _walk(plan, bint report, node, tuple titles, tuple path, list leads)

@cython.locals(content=str, first=str)
cpdef _heading_clause(node)

@cython.locals(content_norm=str, content0=str, text=str, texts=list, norm=str, first_para=str, repairs=list)
cpdef _item(node, titles, path, leads, bint report, bint goal_section, bint requirement_section)

cpdef _inherit(list leads)
