# Static types for zipread.py when it is compiled (Cython's pure-Python mode: an augmenting .pxd; as
# Python the module ignores it, and docx.py then leaves every archive to zipfile): the directory and a
# member's local header read through a C pointer (`buf`; the bytes object stays referenced by `data`),
# offsets and fields in C variables.

import cython

cdef Py_ssize_t _MAX_EXTRACT_VERSION, _BAD_FLAGS

cdef inline Py_ssize_t _u16(const unsigned char* buf, Py_ssize_t i)

cdef inline Py_ssize_t _u32(const unsigned char* buf, Py_ssize_t i)

@cython.locals(buf=cython.p_uchar, n=Py_ssize_t, e=Py_ssize_t, count=Py_ssize_t, size=Py_ssize_t, i=Py_ssize_t,
               out=dict, found=Py_ssize_t, flags=Py_ssize_t, kind=Py_ssize_t, crc=Py_ssize_t, csize=Py_ssize_t,
               fsize=Py_ssize_t, name_len=Py_ssize_t, extra_len=Py_ssize_t, at=Py_ssize_t, s=Py_ssize_t,
               x=Py_ssize_t, nxt=Py_ssize_t, j=Py_ssize_t, start=Py_ssize_t, end=Py_ssize_t)
cpdef dict directory(bytes data)

@cython.locals(buf=cython.p_uchar, n=Py_ssize_t, at=Py_ssize_t, flags=Py_ssize_t, kind=Py_ssize_t, crc=Py_ssize_t,
               csize=Py_ssize_t, fsize=Py_ssize_t, name_len=Py_ssize_t, end=Py_ssize_t, s=Py_ssize_t, k=Py_ssize_t,
               raw=bytes, out=bytes)
cpdef bytes member(bytes data, str name, tuple entry)
