# Static types for pages.py's node records when compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file: no declaration here may change what a
# function returns. Locals typed as the dicts and lists they always are (a node's attribute dict, its
# props' rows, its measure context), so their .get/.append are direct C calls instead of method lookups:
# a record is made for each of the ~330k nodes in the site's data files at 10k documents, and a measure's
# has ~15 props. Names that may hold another type (a prop's value) stay untyped.
cimport cython

@cython.locals(names=list, rows=list)
cpdef list _props(dict attrs)

@cython.locals(props=list, ctx=dict)
cpdef dict _node_record(object g, object n, dict a, object page, object idx)
