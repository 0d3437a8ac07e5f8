# Static types for tables.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As Python
# the module ignores this file. `rel_groups` (once per edge: ~1.6M at 10k documents) has its locals typed
# as the dicts, lists and tuples they always are (the graph's node and adjacency dicts, the groups), so
# their lookups and appends are direct C calls.
cimport cython

@cython.locals(label_of=dict, rel_items=dict, by_pair=dict, nbrs=dict, keyed=dict, groups=dict, pair=tuple,
               items=tuple, us=list, vs=list, ats=list)
cpdef dict rel_groups(dict node, dict succ)
