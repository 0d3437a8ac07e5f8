# Static types for load.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As Python
# the module ignores this file: no declaration here may change what a function returns. `_agency_rows`
# (agency_load's loop: once per agency–measure edge, ~1M at 10k documents) has its locals typed as the
# dicts, sets and counts they always are (a node's and an edge's attribute dicts, the Incidence's
# measure -> agencies tables, the per-agency tallies), so their lookups, adds and sums are direct C
# calls. `node` (the graph's node dict, or a view's) stays untyped.
cimport cython

@cython.locals(rows=list, n_leads=dict, n_co=dict, quarter=dict, a=dict, m=dict, edge=dict, quarters=dict,
               months=dict, measure_ids=set, sources=set, plan_set=set, led=Py_ssize_t, inherited=Py_ssize_t,
               co=Py_ssize_t, lead_weight=double, co_weight=double)
cpdef list _agency_rows(ix, node, set plans, jurisdiction, collective)
