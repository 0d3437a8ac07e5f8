# Static types for resolve.py's module-level helpers when compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file: no declaration here may change what a
# function returns. (Resolver stays a Python class: tests patch its __init__.)
cimport cython

# A Resolver's fields (resolve.py's `_ResolverFields`, Resolver's base): an extension type whose fields the
# functions below, given a typed `r`, read as struct members; public, so Python reads and sets them as before.
cdef class _ResolverFields:
    cdef public object jurisdiction, _places, _table, _own, _city, _district, _province, _own_stem, _own_short
    cdef public object _cache, _shared, _stems_memo

cpdef _for_table(object table)

# True compiled (resolve.py's `_COMPILED`, set at import): a C global
cdef bint _COMPILED

# The mentions the shared resolvers have cached (resolve.py's `_cached`): a C global, counted without int objects
cdef Py_ssize_t _cached

@cython.locals(w=str)
cpdef bint _contains_any(tuple words, str key) except -1

@cython.locals(memo=dict, hit=object)
cpdef str _key(str s)

@cython.locals(ch=cython.Py_UCS4)
cpdef str _unquoted(str s)

@cython.locals(memo=dict)
cpdef bint _is_collective(object table, str key)

@cython.locals(n=cython.Py_ssize_t, first=cython.Py_UCS4, second=cython.Py_UCS4)
cpdef tuple _scope_of(str key, str city, str district, str own)

@cython.locals(n=cython.Py_ssize_t, first=cython.Py_UCS4, second=cython.Py_UCS4)
cpdef tuple _scope_at(str key)

@cython.locals(bases=dict, memo=dict)
cpdef object _base(object table, str rest, object province)

cpdef object _base_of(object table, str rest, object province)

@cython.locals(n=cython.Py_ssize_t, u=cython.Py_ssize_t, c=cython.Py_UCS4)
cpdef tuple _branch_parts(str rest)

@cython.locals(n=cython.Py_ssize_t)
cpdef str _branch_core(str rest)

@cython.locals(c=cython.Py_UCS4)
cpdef bint _all_cjk(str s, Py_ssize_t a, Py_ssize_t b) except -1

@cython.locals(entry=tuple, stem=str)
cpdef object _first_stem(str bare, list stems)

@cython.locals(cache=dict, items=tuple, n=cython.Py_ssize_t)
cpdef tuple _units_of(_ResolverFields r, object mentions)

@cython.locals(hit=tuple)
cpdef object _ref_of(_ResolverFields r, dict cache, object mention)

@cython.locals(cache=dict, hit=tuple)
cpdef tuple _explained(_ResolverFields r, str mention)

@cython.locals(hit=tuple, reading=tuple, own=str)
cpdef tuple _unexplained(_ResolverFields r, str mention, dict cache)

@cython.locals(names=dict, hit=tuple)
cpdef object _base_free(object table, str rest)

@cython.locals(key=str, names=dict, local=frozenset, collective=bint, scope=cython.int, start=cython.Py_ssize_t,
               rest=str)
cpdef tuple _reading_of(object table, str mention, object province)

@cython.locals(tables=list, readings=dict, reading=tuple)
cpdef tuple _reading_for(_ResolverFields r, str mention)

@cython.locals(own=str)
cpdef object _read_resolution(_ResolverFields r, str mention)

@cython.locals(kind=cython.int, key=str, base=str, stems=list, n=cython.Py_ssize_t, scope=cython.int, where=str,
               rest=str)
cpdef object _from_reading(_ResolverFields r, str own, str mention, tuple reading)

@cython.locals(bare=str, first=tuple, stem=str, where=str, level=str, rest=str, base=object)
cpdef tuple _place_named_of(_ResolverFields r, str key, str mention)

@cython.locals(stem=str)
cpdef object _place_in_of(tuple stems, str key)

@cython.locals(names=dict, own=str, local=object, placed=tuple, named=tuple, canonical=str, where=str, province=object,
               direct=object, scope=str, rest=str, name=str, base=object, stem=object, bare=str, own_stem=str)
cpdef tuple _resolution_by_key(_ResolverFields r, str mention, str key)

cpdef tuple _resolution_of(_ResolverFields r, str mention)

# the kinds of `_reading_of`'s readings: C ints, compared as such in `_from_reading`
cdef int _BY_RULES, _ALIAS, _COLLECTIVE_OF, _ALIAS_REST, _PATTERN

@cython.locals(memo=list)
cpdef object alias_table()

# (the plan's resolver, typed: its fields read in C)
@cython.locals(hit=_ResolverFields)
cpdef object resolver_for(object jurisdiction)
