# Static types for bottlenecks.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file: no declaration here may change what a function returns.
# The collaboration network's betweenness (`_brandes` on the projection, `_subset_dependencies` on the
# agency–measure incidence: a breadth-first search and a dependency pass per source) and articulation
# points (`_cut_loop`, a depth-first search) run on typed views of their arrays — C doubles and integers,
# the same IEEE operations in the same order as the Python or numpy floats they replace.
cimport cython

@cython.locals(total="double[::1]", sigma="double[::1]", delta="double[::1]", dist="long long[::1]",
               queue="long long[::1]", s=Py_ssize_t, v=Py_ssize_t, w=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t,
               head=Py_ssize_t, tail=Py_ssize_t, dv=cython.longlong, sv=double, coeff=double)
cpdef list _brandes(long long[::1] indptr, long long[::1] indices, list sources, Py_ssize_t n)

@cython.locals(total="double[::1]", sigma="double[::1]", coeff="double[::1]", dist="long long[::1]",
               queue="long long[::1]", s=Py_ssize_t, v=Py_ssize_t, w=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t,
               head=Py_ssize_t, tail=Py_ssize_t, dv=cython.longlong, sv=double, acc=double, limit=double)
cpdef list _subset_dependencies(long long[::1] indptr, long long[::1] indices, list sources, Py_ssize_t n,
                                double[::1] is_target)

@cython.locals(disc="long long[::1]", low="long long[::1]", parent="long long[::1]", nxt="long long[::1]",
               stack="long long[::1]", cut=bytearray, time=cython.longlong, root=Py_ssize_t, children=Py_ssize_t,
               top=Py_ssize_t, v=Py_ssize_t, w=Py_ssize_t, u=Py_ssize_t, descended=bint)
cpdef bytearray _cut_loop(long long[::1] indptr, long long[::1] indices, Py_ssize_t n)

# `_projection_figures` (each measure naming two or more agencies, each of those agencies: ~40k at 1,000
# documents) reads its dicts, sets and the measure's tuple of agencies as what they always are, so their
# lookups, updates and appends are direct C calls.
@cython.locals(index=dict, co=dict, shared_by=dict, weight=dict, named=tuple, k=Py_ssize_t, got=set,
               partners=dict, neighbours=list)
cpdef tuple _projection_figures(list agencies, dict members)
