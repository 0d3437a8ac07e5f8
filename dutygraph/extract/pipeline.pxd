# Static types for pipeline.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it). `find_indicator` and `_measure` are cpdef: `_extract_document` calls
# them (one a plan, one a section, one a measure) as C functions, without a Python call's argument
# parsing; other modules and tests call them from Python. Their memos are typed (a dict's probe, a
# list's items read in place).

import cython
from dutygraph._native_inline cimport _slot_c, _slot_offset_c

# Where a Deadline keeps raw, date, kind and repairs (pipeline.py's `_DL_RAW`…, set at import): C globals, read
# by `_deadline_in` and `_deadline_repaired` (`_slot_c`)
cdef Py_ssize_t _DL_RAW, _DL_DATE, _DL_KIND, _DL_REPAIRS

@cython.locals(memo=dict)
cpdef object find_indicator(object title)

# (the item's fields typed as structure.pxd types them: a truth test or length is read in C, no call made)
@cython.locals(last=list, deadlines=tuple, kind=str, titles=tuple, inherited=bint, norm=str, clause_lead=tuple,
               clause_co=tuple, lead=tuple, co=tuple)
cpdef object _measure(object doc_name, object plan_key, object year, object item, object resolver,
                      object plan_indicator)

# (`deadline in deadlines` by the dataclass __eq__'s field comparisons, in C: `_measure`'s clause deadline)
cpdef bint _deadline_in(object deadline, tuple deadlines) except? -1

cpdef bint _deadline_repaired(object deadline, object deadlines) except? -1
