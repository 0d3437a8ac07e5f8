# Static types for model.py's derived-property pass when compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file: no declaration here may change what a
# function returns. Its locals typed as the dicts, sets and lists they always are, so their .get/.add/
# .append are direct C calls instead of method lookups (the pass runs once per measure and once per
# agency–measure edge: ~1.5M times at 10k documents, in the helper process that bounds GraphBuilder.finish).
# Names bound to more than one type in the function (due, dated, row, in_plans) stay untyped.
cimport cython

@cython.locals(plan_year=dict, months=dict, month_years=dict, named=dict, lead_ids=dict, seen=dict,
               attrs=dict, edge=dict, others=list, year_due=dict, by_year=dict, partners=list, quarters=list,
               plan_set=set, supported=list, support_leads=set, support_plans=set, peak_shared=dict,
               peak_after=dict, by_month=dict, first_of_month=dict, carrier=dict, shared_with=dict, pair_counts=dict)
cpdef _derive_from(node, by_label, measure_edges, agency_edges, users, under, keep=*)


# The graph add's hot path (_add_document's measure loop: a node per measure, ~1.5M edges and ~0.7M agency
# references at 10k documents, in the build process while the workers extract): called as C functions,
# the builder's dicts passed in, their .get/.copy/.setdefault direct C calls.
@cython.locals(out=dict)
cpdef dict _link(dict by_source, dict nodes, dict strs, str rel, str u, str v, source, line, mention)

@cython.locals(out=dict)
cpdef dict _link_known(dict by_source, dict strs, tuple spec, str u, str v, source, line, mention)

@cython.locals(attrs=dict, template=dict, list_props=tuple)
cpdef dict _edge_attrs(dict out, dict strs, tuple spec, str v, source, line, mention)

@cython.locals(attrs=dict, aliases=set)
cpdef _known_agency(dict nodes, dict lists, ref, plan_jurisdiction)

cpdef str _agency_id(name, jur)

@cython.locals(attrs=dict, i=cython.Py_ssize_t)
cpdef _new_node(dict nodes, dict natural, dict strs, str label, str node_id, key, tuple names, tuple kinds,
                tuple values)

@cython.locals(values=set)
cpdef list _sorted_values(value)
