# Static types for platforms.py's scans of listed and place-prefixed names when it is compiled (Cython's
# pure-Python mode; see dutygraph/native.py). As Python the module ignores this file and scans with the
# patterns. The characters are read as Py_UCS4 and their group numbers from the `_first_index` bytes
# through a C pointer (the bytes object stays referenced by its table): the scans are C loops that
# compare words only where one opens.

import cython

cpdef inline bint _is_digit(Py_UCS4 c)

@cython.locals(x=cython.Py_UCS4)
cpdef inline bint _holds(str s, Py_UCS4 c)

@cython.locals(out=list, data=bytes, first=cython.p_uchar, size=cython.Py_ssize_t, by_first=tuple, words=tuple,
               heads=tuple, seconds=str, prefix=str, n=cython.Py_ssize_t, last=cython.Py_ssize_t,
               p=cython.Py_ssize_t, e=cython.Py_ssize_t, k=cython.Py_ssize_t, g=cython.Py_ssize_t,
               i=cython.Py_ssize_t, c=cython.Py_UCS4, prev=cython.Py_UCS4, prev2=cython.Py_UCS4, ends=bint,
               word=str)
cpdef tuple _listed_scan(str norm, table)

cpdef list _listed_spans(str norm, table)

@cython.locals(out=list, tbl=cython.p_uchar, size=cython.Py_ssize_t, last=cython.Py_ssize_t, p=cython.Py_ssize_t,
               e=cython.Py_ssize_t, k=cython.Py_ssize_t, g=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef list _place_matches(str norm, pattern, bytes first, tuple leads)

cpdef bint _ends_like_place_platform(str norm)

@cython.locals(out=list, stop=str, words=tuple, word_first=str, n=cython.Py_ssize_t, q=cython.Py_ssize_t,
               i=cython.Py_ssize_t, j=cython.Py_ssize_t, e=cython.Py_ssize_t, end=cython.Py_ssize_t,
               k=cython.Py_ssize_t, w=cython.Py_ssize_t)
cpdef list _quoted_spans(str norm)

@cython.locals(key=str)
cpdef object _quoted_reading(str raw_name, table)

@cython.locals(w=str)
cpdef Py_ssize_t _word_at(str s, Py_ssize_t p, tuple words)

@cython.locals(x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef bint _inside(list spans, Py_ssize_t p)

@cython.locals(x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef bint _overlaps(list spans, Py_ssize_t a, Py_ssize_t b)

@cython.locals(memo=list)
cpdef platform_table()

@cython.locals(found=list, covered=list, quoted=list, placed=object, out=list, seen=set, halls=bint,
               a=cython.Py_ssize_t, b=cython.Py_ssize_t, start=cython.Py_ssize_t, end=cython.Py_ssize_t,
               tail=str, mention=str, listed=list, ends_like=bint)
cpdef tuple find_platforms(str text, str norm=*)
