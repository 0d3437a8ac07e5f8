# Static types for load.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file: no declaration here may change what a function returns.
# `_agency_rows` (agency_load's loop over each agency's LEADS and SUPPORTS edges, for the review and the site)
# has its dicts and sets typed as what they always are, so each lookup and add is a direct C call instead of
# a method call (~300k at 1,000 documents); its counts are C integers and its weights C doubles (the same
# IEEE additions, in the same order, as the Python floats they replace).
cimport cython

@cython.locals(rows=list, led_of=dict, supported_of=dict, quarter=dict, a=dict, m=dict, edge=dict, quarters=dict, months=dict, measure_ids=set,
               sources=set, plan_set=set, led=Py_ssize_t, inherited=Py_ssize_t, co=Py_ssize_t,
               lead_weight=double, co_weight=double)
cpdef list _agency_rows(object ix, dict node, set plans, dict n_leads, dict n_co, object jurisdiction,
                        bint collective)
