# Static types for review.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file: no declaration here may change what a function returns.
# `_name_lists` (the measure table's lead, co-unit and platform names: three lists per measure, ~650k at
# 10k documents) has its locals typed as the lists and dicts they always are, so its lookups and appends
# are direct C calls.
cimport cython

@cython.locals(out=list, got=list)
cpdef list _name_lists(list ids, dict of, dict name)
