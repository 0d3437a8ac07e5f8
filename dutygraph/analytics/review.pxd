# Static types for review.py when compiled (Cython's pure-Python mode; see dutygraph/native.py). As
# Python the module ignores this file: no declaration here may change what a function returns.
# `_name_lists` (the measure table's lead, co-unit and platform names: three lists per measure, ~650k at
# 10k documents) has its locals typed as the lists and dicts they always are, so its lookups and appends
# are direct C calls. `_inline_scan` (whether a sheet's text column is written inline as it is: every text of
# the sheets' text columns) reads each text's characters as Py_UCS4 with integer tests.
cimport cython

@cython.locals(out=list, got=list)
cpdef list _name_lists(list ids, dict of, dict name)

@cython.locals(t=str, n=Py_ssize_t, most=Py_ssize_t, table=cython.p_uchar, c=Py_UCS4, escape=bint)
cpdef int _inline_scan(list texts)

