# Static types for neo4j_bundle.py when compiled (Cython's pure-Python mode; see dutygraph/native.py): the
# edge groups' sort. (A column's text is tested for characters to escape by csvtext.index_of, compiled in
# csvtext.pxd.)
cimport cython

# the edge groups' sort (once per edge): its indices and lists typed
@cython.locals(runs=list, out=list, part=list, n=Py_ssize_t, start=Py_ssize_t, end=Py_ssize_t)
cpdef list _sorted_by_ends(list items)
