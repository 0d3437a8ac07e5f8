# Static types for statements.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file. `rel_groups` (once per edge: ~1.6M at 10k documents) has its locals
# typed as the dicts and lists they always are (the graph's adjacency and attribute dicts, the checked
# groups by labels and type, the groups), so their lookups, iterations and appends are direct C calls.
cimport cython

@cython.locals(groups=dict, label_of=dict, props_of=dict, pairs_of=dict, known=dict, from_known=dict,
               pair_known=dict, nbrs=dict, keyed=dict, attrs=dict, group=list)
cpdef dict rel_groups(graph)
