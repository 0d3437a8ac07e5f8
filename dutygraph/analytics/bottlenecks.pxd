# Static types for bottlenecks.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file: no declaration here may change what a function returns.
# `_brandes` (the collaboration projection's betweenness: one breadth-first search and one dependency pass
# per source) runs on typed views of its arrays — C doubles and integers, the same IEEE operations in the
# same order as the Python floats networkx adds.
cimport cython

@cython.locals(total="double[::1]", sigma="double[::1]", delta="double[::1]", dist="long long[::1]",
               queue="long long[::1]", s=Py_ssize_t, v=Py_ssize_t, w=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t,
               head=Py_ssize_t, tail=Py_ssize_t, dv=cython.longlong, sv=double, coeff=double)
cpdef list _brandes(long long[::1] indptr, long long[::1] indices, list sources, Py_ssize_t n)
