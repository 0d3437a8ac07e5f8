# Static types for units.py's list splitting when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it). `str` for the (normalised) lists and pieces every
# caller passes, Py_UCS4 for the characters the split loops read (a C loop over the code points, each
# test a compare), Py_ssize_t for indices, cpdef on the functions called within the module, the memos
# typed dicts in locals (`.get` and the store direct calls).

import cython
from cpython.unicode cimport Py_UCS2, PyUnicode_2BYTE_KIND, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ

cpdef bint _is_compiled()

# units.py's `_CUTS_ROOM` (the size of `_unit_names`' array `at` below): a C global
cdef Py_ssize_t _CUTS_ROOM

@cython.locals(c=cython.Py_UCS4, shape=cython.int)
cpdef int _list_shape(str norm)

@cython.locals(spans=list, depth=cython.Py_ssize_t, start=cython.Py_ssize_t, i=cython.Py_ssize_t,
               c=cython.Py_UCS4)
cpdef list _top_level_splits(str norm)

@cython.locals(ch=cython.Py_UCS4)
cpdef tuple _trim(str s, str norm, Py_ssize_t a, Py_ssize_t b)

@cython.locals(memo=dict, cap=cython.Py_ssize_t)
cpdef bint looks_like_unit(str norm)

cpdef bint _looks_like_unit(str norm)

@cython.locals(by_last=dict)
cpdef bint _has_unit_suffix(str norm)

cpdef bint _not_an_end(str norm)

@cython.locals(i=cython.Py_ssize_t, n=str)
cpdef bint looks_like_units(norms)

@cython.locals(m=str)
cpdef bint _shares_government(norms, Py_ssize_t start)

cpdef bint _ends_unit(str norm)

@cython.locals(piece=str, conj=str, pos=cython.Py_ssize_t, left=str, right=str)
cpdef list _split_conjunctions(str norm, Py_ssize_t a, Py_ssize_t b)

cpdef bint _not_a_join(str left)

cpdef bint _bad_start(str right)

@cython.locals(k=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef bint _is_branch(str right)

@cython.locals(w=cython.Py_ssize_t, first=cython.Py_ssize_t, p=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef Py_ssize_t _etc_split_at(str norm, Py_ssize_t ca, Py_ssize_t cb)

@cython.locals(i=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef Py_ssize_t _trailing_etc_at(str norm, Py_ssize_t pa, Py_ssize_t pb)

@cython.locals(i=cython.Py_ssize_t, c=cython.Py_UCS4, word=str)
cpdef Py_ssize_t _join_end(str piece, Py_ssize_t pos)

@cython.locals(piece=str, cut=cython.Py_ssize_t, left=str, right=str, rest=list)
cpdef list _split_run_together(str norm, Py_ssize_t a, Py_ssize_t b)

@cython.locals(shape=cython.int, out=list, depth=cython.Py_ssize_t, start=cython.Py_ssize_t, i=cython.Py_ssize_t,
               c=cython.Py_UCS4)
cpdef list _split_unit_spans(str norm)

@cython.locals(spans=tuple, x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef _extend_piece_spans(list out, str norm, Py_ssize_t a, Py_ssize_t b)

@cython.locals(memo=dict, cap=cython.Py_ssize_t)
cpdef tuple unit_names_of_norm(str norm)

@cython.locals(cuts=list, out=list, a=cython.Py_ssize_t, i=cython.Py_ssize_t, c=cython.Py_UCS4,
               at=cython.Py_ssize_t[64], count=cython.Py_ssize_t, k=cython.Py_ssize_t)
cpdef tuple _unit_names(str norm)

@cython.locals(memo=dict, cap=cython.Py_ssize_t)
cpdef tuple unit_spans_of_norm(str norm)

@cython.locals(names=tuple)
cpdef _add_piece_names(list out, str piece)

@cython.locals(memo=dict, cap=cython.Py_ssize_t)
cpdef tuple _piece_names(str norm)

@cython.locals(memo=dict, cap=cython.Py_ssize_t)
cpdef tuple _piece_spans(str norm)

@cython.locals(out=list, a=cython.Py_ssize_t, b=cython.Py_ssize_t, etc_in=cython.bint, ca=cython.Py_ssize_t,
               cb=cython.Py_ssize_t, pa=cython.Py_ssize_t, pb=cython.Py_ssize_t, parts=list, cut=cython.Py_ssize_t,
               etc=cython.Py_ssize_t)
cpdef tuple _piece_spans_of(str norm)


# `_list_shape`'s and `_unit_names`' reads (C-API calls: they exist only compiled; `_list_shape` and `_unit_names`
# call them under `_NATIVE`). Each read at an index in [0, len(norm)), so inside the buffer; each write to `at`
# below `room`.
cdef inline int _shape_c(str norm) noexcept:
    """`_list_shape(norm)`: 1 (`_HAS_SEPARATOR`) where one of 、,，;； occurs, plus 2 (`_HAS_BRACKET`) where
    one of ([{)]} does."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(norm), i
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef Py_UCS4 c
    cdef int shape = 0
    for i in range(n):
        c = p2[i] if kind == PyUnicode_2BYTE_KIND else PyUnicode_READ(kind, data, i)
        if 0x3001 < c < 0xFF0C:  # (between 、 and ，: none of them)
            continue
        if c == 0x3001 or c == 0x2C or c == 0xFF0C or c == 0x3B or c == 0xFF1B:  # 、 , ， ; ；
            shape |= 1
        elif c == 0x28 or c == 0x5B or c == 0x7B or c == 0x29 or c == 0x5D or c == 0x7D:  # ( [ { ) ] }
            shape |= 2
        if shape == 3:
            break  # (both found: nothing more to learn)
    return shape


cdef inline Py_ssize_t _cuts_c(str norm, Py_ssize_t* at, Py_ssize_t room) noexcept:
    """`_list_shape(norm)` and the places of its separators in one pass: -1 where it holds both a separator
    (、,，;；) and a bracket ([{)]}), -2 where a bracket but no separator, else how many separators it holds,
    their indices written in order to at[0], at[1], … (the first `room` of them)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(norm), i, count = 0
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef Py_UCS4 c
    cdef bint bracket = False
    for i in range(n):
        c = p2[i] if kind == PyUnicode_2BYTE_KIND else PyUnicode_READ(kind, data, i)
        if 0x3001 < c < 0xFF0C:  # (between 、 and ，: none of them)
            continue
        if c == 0x3001 or c == 0x2C or c == 0xFF0C or c == 0x3B or c == 0xFF1B:  # 、 , ， ; ；
            if bracket:
                return -1
            if count < room:
                at[count] = i
            count += 1
        elif c == 0x28 or c == 0x5B or c == 0x7B or c == 0x29 or c == 0x5D or c == 0x7D:  # ( [ { ) ] }
            if count:
                return -1
            bracket = True
    return -2 if bracket else count
