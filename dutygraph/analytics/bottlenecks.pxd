# Static types for bottlenecks.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file: no declaration here may change what a function returns. The
# review's centrality table on a large graph (`agency_centrality` past MAX_PROJECTION_PAIRS: the
# agency–measure incidence path) spends most of its time in three loops over agencies and measures:
# each measure's agencies (`_projection_members`), the incidence's neighbour lists and per-agency figures
# (`_hypergraph_figures`) and the depth-first search for cut vertices (`_cut_vertices`). Their locals
# are typed as the lists, dicts, tuples and indices they always are, so lookups, appends and index
# arithmetic are direct C calls. `shared_by` (a defaultdict: a typed dict's lookup would skip
# `__missing__`) stays untyped.
cimport cython

@cython.locals(agencies=list, named_on=dict, named=list, members=dict, aid=str, mid=str)
cpdef tuple _projection_members(g, bint include_collective)

@cython.locals(index=dict, neighbours=list, size=dict, partners=dict, weight=dict, as_set=dict, row=list,
               named=tuple, i=Py_ssize_t, n=Py_ssize_t, edges=Py_ssize_t, a=str,
               mid=str, big=str, largest=frozenset, extra=set, betweenness=dict, cut=set, cut_at=list, raw=list)
cpdef tuple _hypergraph_figures(list agencies, dict members)

@cython.locals(n=Py_ssize_t, disc=list, low=list, parent=list, cut=list, time=Py_ssize_t, root=Py_ssize_t,
               children=Py_ssize_t, stack=list, v=Py_ssize_t, w=Py_ssize_t, u=Py_ssize_t)
cpdef list _cut_vertices(list neighbours)
