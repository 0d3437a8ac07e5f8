# Static types for reference.py's per-item lookups when it is compiled (Cython's pure-Python mode; see
# dutygraph/native.py). As Python the module ignores this file.

import cython

@cython.locals(data=dict)
cpdef object _env_raw()

@cython.locals(paths=dict, files=dict)
cpdef data_file(name)

@cython.locals(memo=list)
cpdef places()

@cython.locals(gens=list, new=dict, hit=object)
cpdef object norm(object s)

cpdef object _own_normal_form(str s)
