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

# a grouped page's payload (the 91 grouped pages of the 10k site: an indicator page has ~24k nodes, ~85k
# edges between them, ~1,100 groups and ~5k drawn edges): its pass over the edges between its nodes, its
# group records and its drawn edges with their quotes, and the grouping itself, with the networkx dicts
# (adjacency, attributes) and the page's lists, sets and dicts typed
@cython.locals(edge_acc=dict, nbrs=dict, keyed=dict, parts=list)
cpdef dict _page_edges(dict adj, list keep, set keep_set, dict member_of)

cpdef object _named(dict names, dict nodes, object n)

@cython.locals(nodes=dict, inds=set, dates=set, x=dict, n=Py_ssize_t)
cpdef dict _group_record(object g, str gid, list ms, dict ctx, dict names)

@cython.locals(nodes=dict, edges=list, parts=list, qs=list, q=dict, a=dict, count=Py_ssize_t, i=Py_ssize_t,
               ids=list, template=dict, e=dict)
cpdef list _drawn_edges(object g, dict edge_acc, bint trim, Py_ssize_t limit, dict quotes, dict names,
                         object quote_text=*)

cpdef object _quote(object g, object u, object v, dict attrs)

@cython.locals(na=dict)
cpdef object _node_quote(dict nodes, object u, object v, object mention)

@cython.locals(i=Py_ssize_t, n=Py_ssize_t, a=Py_ssize_t, b=Py_ssize_t, ctx=Py_ssize_t)
cpdef str _cut_quote(str text, str mention)

@cython.locals(measures=list, parents=list, memo=dict, gids=dict, groups=dict, ms=list, single=list, hit=tuple,
               i=Py_ssize_t, j=Py_ssize_t, others=Py_ssize_t, grouped=Py_ssize_t, total=Py_ssize_t)
cpdef tuple aggregate(object g, object keep, object focus, Py_ssize_t max_nodes, object cache=*)

# a node's name: ~1M calls at 10k documents (records, tables, groups, quotes)
cpdef object display_name(dict attrs)

# a page's nodes (~47k pages at 10k documents): each measure's neighbourhood (once per site) and the
# neighbourhoods of a page's measures, with the networkx dicts and the sets typed
@cython.locals(units=set, other=set, nodes=dict, preds=dict, succs=dict, keyed=dict)
cpdef tuple _neighbours(object g, object m)

# a node's neighbours by one type of edge that have one label (a page's measures, a plan's tree, the
# jurisdictions, plans and agencies of a jurisdiction's area): networkx's dicts typed
@cython.locals(keyed=dict, a=dict, out=list)
cpdef list _labelled(dict nodes, dict nbrs, object rel, object label)

@cython.locals(keep=set, memo=dict, hit=tuple)
cpdef set _measure_neighbourhood(object g, object measures, object cache=*)

@cython.locals(total=Py_ssize_t, memo=dict, hit=tuple)
cpdef object omitted_units(object g, object measures, object cache=*)

# a label cut to its first characters (~1M calls at 10k documents: vis labels, snippets, table titles)
cpdef object short(str s, Py_ssize_t n=*)

# The PageCache's display names (the tables' units, platforms and plans: ~5 lookups per row) as an extension
# type deriving from dict, for dict's own lookup instead of the generic mapping slot a Python subclass of
# dict gets (see site.pxd's _StringJSON). Never pickled (the site's writers fork); `nodes` is its one
# attribute.
cdef class DisplayNames(dict):
    cdef public dict nodes

# masked_graph's walk over every node's and edge's attributes (~1M values at 1,000 documents, nearly all
# texts seen before or numbers, left as they are): the attribute dicts, the memo of texts and networkx's
# dicts typed, so their iteration, lookups and stores are direct C calls
cpdef object _masked_text(dict seen, object x, object gate, object text)

@cython.locals(out=dict, w=object)
cpdef object _masked_attrs(dict a, dict seen, object gate, object text, object masker)

@cython.locals(succ=dict, pred=dict, copied=set, nbrs=dict, keyed=dict, a=dict, person=bint)
cpdef tuple _masked_adjacency(dict adj, dict preds, set person_nodes, dict seen, object gate, object text,
                              object masker)

# the size of each node (~330k nodes at 10k documents): networkx's dicts, the attribute dicts and the edge key
# dicts typed, the counts C integers
@cython.locals(nodes=dict, succ=dict, pred=dict, out=dict, a=dict, b=dict, kd=dict, total=Py_ssize_t, plain=bint)
cpdef dict node_loads(object g, object agency)

# the site index's context of each measure (~220k measures at 10k documents): networkx's dicts, each
# measure's attributes and its edges' key dicts typed (their .get, `in` and iteration: direct C calls)
@cython.locals(nodes=dict, succ=dict, pred=dict, plan_jur=dict, out=dict, a=dict, kd=dict, lead=list, co=list,
               platforms=list, dates=list, indicators=list)
cpdef dict measure_context(object g)

# the agencies' loads (~35k agencies at 10k documents, each edge to its measures read once)
@cython.locals(nodes=dict, succ=dict, agencies=list, a=dict, m=dict, keyed=dict, plans=set, rows=list, idle=list,
               out=dict, leads=bint, supports=bint)
cpdef dict agency_loads(object g)

# the overview's deadline heat map (one pass over the measures, each DUE edge's deadline read): networkx's dicts,
# the attribute dicts and the edge key dicts typed
@cython.locals(nodes=dict, succ=dict, pred=dict, cells=dict, due=dict, a=dict, d=dict, kd=dict, months=set, rows=list)
cpdef list deadline_months(object g)
