# Static types for responsibility.py's clause search when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it). `str` for the texts every caller passes (a
# `Line.text` or a slice of it and its normalised twin), Py_ssize_t for indices into them, cpdef on the
# functions the search calls within the module (no Python call between them), Py_UCS4 for the
# characters the bracket loops read (a C loop over the code points, each test a compare). The
# lru_cache'd function (`_piece_mentions`) stays as it is (its body, `_piece_mentions_of`, is cpdef).

import cython
from libc.stdint cimport uint64_t
from libc.string cimport memcmp, memcpy
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE, PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport (Py_UCS2, Py_UNICODE_ISSPACE, PyUnicode_2BYTE_KIND, PyUnicode_DATA, PyUnicode_GET_LENGTH,
                             PyUnicode_KIND, PyUnicode_READ)
from dutygraph._native_inline cimport _ch_c

cpdef bint _is_compiled()

# True compiled (responsibility.py's `_C`, set at import): a C global, so the reads below pick `_ch_c` by a C test.
cdef bint _C

# `text[i:j] == norm[i:j]` for 0 <= i < j <= both lengths (`_result_at`'s body printed as normalised, its
# caller checks the bounds): at one width, one memcmp of the two buffers (where `text.startswith(norm[i:j], i,
# j)` parsed its bounds, asked the two kinds and compared the tail's characters); at two, code point by code point.
cdef inline bint _same_span_c(str text, str norm, Py_ssize_t i, Py_ssize_t j) noexcept:
    cdef int kind = PyUnicode_KIND(text)
    cdef int nkind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(text)
    cdef void* ndata = PyUnicode_DATA(norm)
    cdef Py_ssize_t k
    if kind == nkind:
        return memcmp(<char*>data + i * kind, <char*>ndata + i * kind, <size_t>((j - i) * kind)) == 0
    for k in range(i, j):
        if PyUnicode_READ(kind, data, k) != PyUnicode_READ(nkind, ndata, k):
            return False
    return True

@cython.locals(n=cython.Py_ssize_t, last=cython.Py_UCS4)
cpdef Py_ssize_t _tail_end(str s)

@cython.locals(n=cython.Py_ssize_t, last=cython.Py_UCS4, words=tuple, word=str, k=cython.Py_ssize_t)
cpdef Py_ssize_t _word_tail_start(str s, tuple ze, tuple shi, tuple two)

cpdef Py_ssize_t _co_tail_start(str s)

@cython.locals(tail=cython.Py_ssize_t)
cpdef Py_ssize_t _co_tail_at(str norm, Py_ssize_t lo, Py_ssize_t hi)

@cython.locals(tail=cython.Py_ssize_t)
cpdef Py_ssize_t _joint_tail_at(str norm, Py_ssize_t lo, Py_ssize_t hi)

cpdef Py_ssize_t _joint_tail_start(str s)

@cython.locals(j=cython.Py_ssize_t, depth=cython.Py_ssize_t, i=cython.Py_ssize_t, ch=cython.Py_UCS4, inside=bint)
cpdef object _match_open(str norm, Py_ssize_t close)

@cython.locals(excess=cython.Py_ssize_t, i=cython.Py_ssize_t, ch=cython.Py_UCS4)
cpdef Py_ssize_t _open_excess(str norm, Py_ssize_t end)

@cython.locals(stack=list, i=cython.Py_ssize_t, ch=cython.Py_UCS4)
cpdef object _unclosed_open(str norm)

@cython.locals(piece=str, piece_norm=str)
cpdef tuple _mentions(str text, str norm, Py_ssize_t a, Py_ssize_t b, bint cut=*)

@cython.locals(names=tuple)
cpdef tuple _mention_pair(str piece, str norm, bint cut)

@cython.locals(spans=list, norms=tuple, x=cython.Py_ssize_t, y=cython.Py_ssize_t)
cpdef tuple _piece_mentions_of(str piece, str norm, bint cut)

@cython.locals(s=cython.Py_ssize_t, depth=cython.Py_ssize_t, ch=str)
cpdef _top_split(str norm, pattern)

@cython.locals(marks=list, k=cython.Py_ssize_t)
cpdef list _label_spans(str norm)

@cython.locals(out=list, n=cython.Py_ssize_t, c=cython.Py_ssize_t, t=cython.Py_ssize_t, e=cython.Py_ssize_t,
               ch=cython.Py_UCS4, label=str)
cpdef list _label_marks(str norm)

@cython.locals(last=cython.Py_UCS4, second=cython.Py_UCS4, third=cython.Py_UCS4, words=tuple, k=cython.Py_ssize_t,
               word=str)
cpdef object _label_ending(str norm, Py_ssize_t t)

@cython.locals(n=cython.Py_ssize_t, first=cython.Py_UCS4, words=tuple, word=str)
cpdef bint _label_at(str norm, Py_ssize_t a, Py_ssize_t end)

@cython.locals(ch=cython.Py_UCS4)
cpdef bint _colon_after_space(str s, Py_ssize_t i, Py_ssize_t end)

@cython.locals(ch=cython.Py_UCS4)
cpdef bint _all_space(str text)

@cython.locals(end=cython.Py_ssize_t, ch=cython.Py_UCS4)
cpdef Py_ssize_t _punct_end(str norm)

@cython.locals(ch=cython.Py_UCS4)
cpdef Py_ssize_t _punct_skip(str norm, Py_ssize_t start, Py_ssize_t end)

cpdef Py_ssize_t _punct_start(str norm)

@cython.locals(marks=list, n=cython.Py_ssize_t, lead=list, resp=list, co=list, k=cython.Py_ssize_t,
               a=cython.Py_ssize_t, b=cython.Py_ssize_t, label=str, raw=str, kinds=dict, kind=cython.int)
cpdef _parse_labeled(str text, str norm)

@cython.locals(pos=cython.Py_ssize_t, n=cython.Py_ssize_t, i=cython.Py_ssize_t, start=cython.Py_ssize_t,
               end=cython.Py_ssize_t, c1=cython.Py_UCS4, c2=cython.Py_UCS4)
cpdef object _lead_split(str norm)

@cython.locals(depth=cython.Py_ssize_t, i=cython.Py_ssize_t, ch=cython.Py_UCS4)
cpdef bint _top_level_at(str norm, Py_ssize_t s)

@cython.locals(got=tuple)
cpdef _parse_plain(str text, str norm, bint cut)

cpdef tuple _fresh(tuple t)

@cython.locals(lead_norm=str, lead=tuple, lead_norms=tuple)
cpdef tuple _lead_mentions(str text, str norm, Py_ssize_t end)

@cython.locals(body_end=cython.Py_ssize_t, rest_a=cython.Py_ssize_t, co_end=cython.Py_ssize_t,
               tail=cython.Py_ssize_t,
               co=tuple, lead_at=object, lead_end=cython.Py_ssize_t, co_norm=str, lead=tuple,
               co_printed=tuple, co_norms=tuple, units=tuple, unit_norms=tuple)
cpdef tuple _plain_parsed(str text, str norm, bint cut)

cpdef _parse_text(str text, str norm, bint cut=*)

@cython.locals(plain=dict, other=dict, key=tuple, held=object, cap=cython.Py_ssize_t)
cpdef _parse_cached(str text, str norm, bint cut, str _data)

@cython.locals(labeled=object)
cpdef _parsed(str text, str norm, bint cut)

@cython.locals(got=object, n=cython.Py_ssize_t, a=cython.Py_ssize_t, b=cython.Py_ssize_t, kind=cython.int,
               na=cython.Py_ssize_t, nb=cython.Py_ssize_t, nkind=cython.int, stop=cython.Py_ssize_t, lead=tuple,
               resp=tuple, co=tuple, units=tuple, raw=str)
cpdef _labeled_parsed(str text, str norm)

@cython.locals(marks=list, k=cython.Py_ssize_t, end=cython.Py_ssize_t, colon=cython.Py_ssize_t)
cpdef tuple _next_label(str norm, Py_ssize_t pos)

@cython.locals(memo=list, env=dict, held=object, path=str)
cpdef str _agencies_path()

@cython.locals(i=cython.Py_ssize_t, j=cython.Py_ssize_t)
cpdef _result(str text, str norm, Py_ssize_t a, Py_ssize_t b, tuple inner, bint cut=*)

cpdef document_agencies(bint start)

@cython.locals(body=str, body_norm=str, same=bint, data=str)
cpdef _result_at(str text, str norm, Py_ssize_t a, Py_ssize_t b, Py_ssize_t i, Py_ssize_t j, bint cut)

@cython.locals(start=object, at=cython.Py_ssize_t, last=cython.Py_UCS4)
cpdef _trailing_bracket(str text, str norm, Py_ssize_t end)

@cython.locals(outer=object, first=str, c=cython.Py_UCS4, lo=cython.Py_ssize_t)
cpdef _alias_lost_close(str text, str norm, Py_ssize_t start, Py_ssize_t end)

cpdef bint _opens_in(str norm, Py_ssize_t lo, Py_ssize_t hi)

cpdef Py_ssize_t _sentence_start(str norm, Py_ssize_t end)

@cython.locals(out=list, m=str, n=str)
cpdef tuple _whole(tuple ms)

@cython.locals(close=cython.Py_ssize_t, lo=cython.Py_ssize_t, p=cython.Py_ssize_t)
cpdef _lost_open(str text, str norm, Py_ssize_t end)

@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef bint _has_heading_kw(str s)

@cython.locals(window=str, stop=cython.Py_ssize_t, lim=cython.Py_ssize_t, i=cython.Py_ssize_t,
               a=cython.Py_ssize_t, b=cython.Py_ssize_t, k=cython.Py_ssize_t, depth=cython.Py_ssize_t,
               after=str, inner=str, ch=cython.Py_UCS4)
cpdef _heading_bracket(str text, str norm)

@cython.locals(start=cython.Py_ssize_t, first=str)
cpdef _trailing_sentence(str text, str norm, Py_ssize_t end)

cpdef bint _brackets_in(str norm, Py_ssize_t lo, Py_ssize_t hi)

@cython.locals(stop=cython.Py_ssize_t, earlier=list, parts=list,
               leads=dict, cos=dict, lead=tuple)
cpdef _with_inline_clauses(str text, str norm, last)

@cython.locals(end=cython.Py_ssize_t, a=cython.Py_ssize_t)
cpdef find_responsibility(str text, str norm=*)

# Four code points of a 2-byte str tested at once (`_opens_in_c` skips a run of text four characters a test,
# where each character took a compare, a branch and a step): `p` is read as one 64-bit word, each character
# one 16-bit lane of it (in either byte order). Its caller reads only inside the buffer (p[0:4]).
cdef inline bint _ucs2_opens_c(const Py_UCS2* p) noexcept:
    """Whether one of p[0], …, p[3] is "(" or "[": a lane of `w ^ "(((("` or `w ^ "[[[["` is 0 exactly where
    `(x - 0x0001..) & ~x & 0x8000..` is nonzero (the word test decode.pxd's `_controls_c` makes of bytes: no
    lane borrows unless one below it is 0, so the lowest 0 lane wraps to its top bit set, where ~x has it)."""
    cdef uint64_t ones = <uint64_t>0x00010001 | (<uint64_t>0x00010001 << 32)
    cdef uint64_t w, x, y
    memcpy(&w, p, 8)
    x = w ^ (0x28 * ones)
    y = w ^ (0x5B * ones)
    return ((((x - ones) & ~x) | ((y - ones) & ~y)) & (0x8000 * ones)) != 0


# `_match_open`'s common case read over the str's buffer at its width (C-API calls: it exists only compiled;
# `_match_open` calls it under `_NATIVE`, for 0 <= close <= len(norm) — each read at an index below `close`
# and at least 0, so inside the buffer).
cdef inline Py_ssize_t _last_open_c(str norm, Py_ssize_t close) noexcept:
    """The index of the last "(" or "[" before `close` with no ")" or "]" between, else -1 (a closing
    bracket first, or no bracket at all). `close`: at most len(norm) (else -1, nothing read)."""
    cdef Py_ssize_t j
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef Py_UCS4 ch
    if close > PyUnicode_GET_LENGTH(norm):
        return -1
    j = close - 1
    if kind == PyUnicode_2BYTE_KIND:  # (the common width: its own loop; a character above "]" is none of the four)
        while j >= 0:
            ch = p2[j]
            if ch <= 0x5D:
                if ch == 0x28 or ch == 0x5B:
                    return j
                if ch == 0x29 or ch == 0x5D:
                    return -1
            j -= 1
        return -1
    while j >= 0:
        ch = PyUnicode_READ(kind, data, j)
        if ch == 0x28 or ch == 0x5B:  # ( [
            return j
        if ch == 0x29 or ch == 0x5D:  # ) ]
            return -1
        j -= 1
    return -1


# `_fresh`'s copy (C-API calls: no Python-level form makes a new tuple of an exact tuple's items without a
# list between — tuple(t) and t[:] hand back `t` itself — and records must hold tuples of their own, as
# `tuple(list(t))` gave them). Each index below the tuple's size; each item's reference taken before
# PyTuple_SET_ITEM steals it.
cdef inline tuple _fresh_c(tuple t):
    """`tuple(list(t))`: a new tuple of `t`'s items, the empty tuple for an empty one."""
    cdef Py_ssize_t n, i
    cdef object item
    cdef tuple out
    if t is None:
        return tuple(list(t))  # (raises as the Python form does)
    n = PyTuple_GET_SIZE(t)
    if n == 0:
        return ()
    out = PyTuple_New(n)
    for i in range(n):
        item = <object>PyTuple_GET_ITEM(t, i)
        Py_INCREF(item)
        PyTuple_SET_ITEM(out, i, item)
    return out


# `_opens_in`'s read (C-API calls: it exists only compiled; `_opens_in` calls it under `_NATIVE`, for
# 0 <= lo and hi <= len(norm) — each read at an index in [lo, hi), so inside the buffer).
cdef inline bint _opens_in_c(str norm, Py_ssize_t lo, Py_ssize_t hi) noexcept:
    """Some "(" or "[" at an index in [lo, hi) (0 <= lo; `hi`: at most len(norm), else False, nothing
    read)."""
    cdef Py_ssize_t k
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef Py_UCS4 ch
    if lo < 0 or hi > PyUnicode_GET_LENGTH(norm):
        return False
    k = lo
    if kind == PyUnicode_2BYTE_KIND:  # (the common width: its own loop; a character above "[" is neither)
        while k < hi:
            if k + 4 <= hi and not _ucs2_opens_c(p2 + k):  # p2[k : k + 4]: neither
                k += 4
                continue
            ch = p2[k]
            if ch <= 0x5B and (ch == 0x28 or ch == 0x5B):  # ( [
                return True
            k += 1
        return False
    while k < hi:
        ch = PyUnicode_READ(kind, data, k)
        if ch == 0x28 or ch == 0x5B:  # ( [
            return True
        k += 1
    return False


# `_sentence_start`'s read (C-API calls: it exists only compiled; `_sentence_start` calls it under
# `_NATIVE`, for 0 <= end <= len(norm) — each read at an index below `end` and at least 0).
cdef inline Py_ssize_t _last_stop_c(str norm, Py_ssize_t end) noexcept:
    """The index of the last "。", ":" or "：" before `end`, else -1 (`end`: at most len(norm), else -1,
    nothing read)."""
    cdef Py_ssize_t j
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef Py_UCS4 ch
    if end > PyUnicode_GET_LENGTH(norm):
        return -1
    j = end - 1
    if kind == PyUnicode_2BYTE_KIND:  # (the common width: its own loop)
        while j >= 0:
            ch = p2[j]
            # (a character between 。 and ：, as every CJK ideograph, is none of the three: one range compare)
            if not (0x3002 < ch < 0xFF1A) and (ch == 0x3002 or ch == 0x3A or ch == 0xFF1A):  # 。 : ：
                return j
            j -= 1
        return -1
    while j >= 0:
        ch = PyUnicode_READ(kind, data, j)
        if ch == 0x3002 or ch == 0x3A or ch == 0xFF1A:  # 。 : ：
            return j
        j -= 1
    return -1


# `_next_label`'s read (C-API calls: it exists only compiled; `_next_label` and `_labeled_parsed` call it
# under `_NATIVE`). Every read is at an index checked first: the colon scan below the length, the reads
# back from a colon at 0 <= index < the colon's, the label's characters at t - 1 .. t - k with k <= t
# (each length asked before its reads), the reads past the colon below the length.
cdef inline Py_ssize_t _label_len_c(int kind, void* data, Py_ssize_t t, int* lk) noexcept:
    """The length of the longest of _LABEL's words ending at `t` (its kind in `lk`: 1 a lead label, 2 a
    responsible units' one, 3 a time limit, 0 co-units), else 0: `_label_ending` read as code points
    (0 <= t <= the length). The words (tests pin this to `_label_ending` and `_LABEL_KINDS`):
    主要牵头单位 主牵头单位 牵头单位 牵头部门 主责单位 主责部门 | 主要责任单位 责任单位 责任部门 | 配合单位 配合部门 协同单位 协办单位 参与单位 |
    完成时限 完成时间 完成期限 时间节点 完成限 时限."""
    cdef Py_UCS4 last, second, third, fourth
    if t < 2:
        return 0
    last = PyUnicode_READ(kind, data, t - 1)
    second = PyUnicode_READ(kind, data, t - 2)
    if last == 0x4F4D or last == 0x95E8:  # 位 门: every such word ends with 单位 / 部门, four or more long
        if t < 4:
            return 0
        third = PyUnicode_READ(kind, data, t - 3)
        fourth = PyUnicode_READ(kind, data, t - 4)
        if last == 0x4F4D:  # 位
            if second != 0x5355:  # 单
                return 0
            if third == 0x5934:  # 头: 牵头单位, 主牵头单位, 主要牵头单位
                if fourth != 0x7275:  # 牵
                    return 0
                lk[0] = 1
                if t >= 6 and PyUnicode_READ(kind, data, t - 5) == 0x8981 \
                        and PyUnicode_READ(kind, data, t - 6) == 0x4E3B:  # 要 主
                    return 6
                if t >= 5 and PyUnicode_READ(kind, data, t - 5) == 0x4E3B:  # 主
                    return 5
                return 4
            if third == 0x4EFB:  # 任: 责任单位, 主要责任单位
                if fourth != 0x8D23:  # 责
                    return 0
                lk[0] = 2
                if t >= 6 and PyUnicode_READ(kind, data, t - 5) == 0x8981 \
                        and PyUnicode_READ(kind, data, t - 6) == 0x4E3B:  # 要 主
                    return 6
                return 4
            if third == 0x8D23:  # 责: 主责单位
                lk[0] = 1
                return 4 if fourth == 0x4E3B else 0  # 主
            lk[0] = 0
            if third == 0x5408:  # 合: 配合单位
                return 4 if fourth == 0x914D else 0  # 配
            if third == 0x540C or third == 0x529E:  # 同 办: 协同单位, 协办单位
                return 4 if fourth == 0x534F else 0  # 协
            if third == 0x4E0E:  # 与: 参与单位
                return 4 if fourth == 0x53C2 else 0  # 参
            return 0
        if second != 0x90E8:  # 部
            return 0
        if third == 0x5934:  # 头: 牵头部门
            lk[0] = 1
            return 4 if fourth == 0x7275 else 0  # 牵
        if third == 0x4EFB:  # 任: 责任部门
            lk[0] = 2
            return 4 if fourth == 0x8D23 else 0  # 责
        if third == 0x5408:  # 合: 配合部门
            lk[0] = 0
            return 4 if fourth == 0x914D else 0  # 配
        if third == 0x8D23:  # 责: 主责部门
            lk[0] = 1
            return 4 if fourth == 0x4E3B else 0  # 主
        return 0
    lk[0] = 3
    if last == 0x9650:  # 限: 完成时限, 时限, 完成期限, 完成限
        if second == 0x65F6:  # 时
            if t >= 4 and PyUnicode_READ(kind, data, t - 3) == 0x6210 \
                    and PyUnicode_READ(kind, data, t - 4) == 0x5B8C:  # 成 完
                return 4
            return 2
        if second == 0x671F:  # 期
            if t >= 4 and PyUnicode_READ(kind, data, t - 3) == 0x6210 \
                    and PyUnicode_READ(kind, data, t - 4) == 0x5B8C:  # 成 完
                return 4
            return 0
        if second == 0x6210:  # 成
            return 3 if t >= 3 and PyUnicode_READ(kind, data, t - 3) == 0x5B8C else 0  # 完
        return 0
    if last == 0x95F4:  # 间: 完成时间
        if second == 0x65F6 and t >= 4 and PyUnicode_READ(kind, data, t - 3) == 0x6210 \
                and PyUnicode_READ(kind, data, t - 4) == 0x5B8C:  # 时 成 完
            return 4
        return 0
    if last == 0x70B9:  # 点: 时间节点
        if second == 0x8282 and t >= 4 and PyUnicode_READ(kind, data, t - 3) == 0x95F4 \
                and PyUnicode_READ(kind, data, t - 4) == 0x65F6:  # 节 间 时
            return 4
        return 0
    return 0


cdef inline (Py_ssize_t, Py_ssize_t, int) _next_label_c(str norm, Py_ssize_t pos) noexcept:
    """(start, end, kind) of the first `_LABEL` match whose colon lies at `pos` or after (0 <= pos; a match's
    colon is never inside another's), else (-1, -1, 0): `_label_marks`' loop read over the str's buffer
    (the colon found by a typed scan, the white space by Py_UNICODE_ISSPACE, as `str.isspace`)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(norm)
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef Py_ssize_t c, t, e, k
    cdef Py_UCS4 ch
    cdef int lk = 0
    c = pos if pos > 0 else 0
    while c < n:
        if kind == PyUnicode_2BYTE_KIND:  # (the common width: the colon found in its own loop)
            while c < n:
                ch = p2[c]
                if not (0x3A < ch < 0xFF1A) and (ch == 0x3A or ch == 0xFF1A):  # : ： (a character between: one compare)
                    break
                c += 1
            if c >= n:
                break
        else:
            ch = PyUnicode_READ(kind, data, c)
            if ch != 0x3A and ch != 0xFF1A:
                c += 1
                continue
        t = c
        while t > 0 and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, t - 1)):
            t -= 1
        k = _label_len_c(kind, data, t, &lk)
        if k > 0:
            e = c + 1
            while e < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, e)):
                e += 1
            return (t - k, e, lk)
        c += 1
    return (-1, -1, 0)


# `_has_heading_kw`'s read (C-API calls: it exists only compiled; `_has_heading_kw` calls it under `_NATIVE`).
# Each read at an index below the str's length: a pair's second character only where i + 1 < n, the white
# space and colon after 单位 below n.
cdef inline bint _heading_kw_c(str s) noexcept:
    """Whether 牵头 or 负责 occurs in `s`, or 单位 followed (past white space) by ":" or "：": the three
    searches of `_has_heading_kw` in one pass over the code points."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef Py_ssize_t i = 0, j
    cdef Py_UCS4 ch, nxt
    while i + 1 < n:
        if kind == PyUnicode_2BYTE_KIND:  # (the common width: the next 牵 / 负 / 单 found in its own loop)
            while i + 1 < n:
                ch = p2[i]
                if ch == 0x7275 or ch == 0x8D1F or ch == 0x5355:
                    break
                i += 1
            if i + 1 >= n:
                break
        else:
            ch = PyUnicode_READ(kind, data, i)
        if ch == 0x7275 or ch == 0x8D1F or ch == 0x5355:  # 牵 负 单
            nxt = PyUnicode_READ(kind, data, i + 1)
            if ch == 0x7275:
                if nxt == 0x5934:  # 头
                    return True
            elif ch == 0x8D1F:
                if nxt == 0x8D23:  # 责
                    return True
            elif nxt == 0x4F4D:  # 位
                j = i + 2
                while j < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)):
                    j += 1
                if j < n:
                    nxt = PyUnicode_READ(kind, data, j)
                    if nxt == 0x3A or nxt == 0xFF1A:  # : ：
                        return True
        i += 1
    return False


# `_lead_split`'s read (C-API calls: it exists only compiled; `_lead_split` calls it under `_NATIVE`). Each read
# at an index below the str's length: 牵头's second character only where j + 1 < n, the two before it where
# j - 2 >= pos >= 0, the two after it where end + 2 <= n.
cdef inline (Py_ssize_t, Py_ssize_t) _lead_split_c(str norm) noexcept:
    """(start, end) of `_lead_split(norm)`, else (-1, -1): each 牵头 from the last match's end, with 分别 / 共同
    / 联合 before it (not inside that match) and 负责 / 抓总 after it, taken where no bracket is open before
    its start — the depth (`_top_level_at`'s: an unmatched ")" or "]" counts for nothing) kept as the one
    pass goes, where each 牵头 found counted it from the text's start."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(norm)
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef Py_ssize_t j = 0, pos = 0, depth = 0, start, end
    cdef Py_UCS4 ch, c1, c2
    while j + 1 < n:
        ch = PyUnicode_READ(kind, data, j)
        if ch == 0x7275:  # 牵
            if j >= pos and PyUnicode_READ(kind, data, j + 1) == 0x5934:  # 头
                start = j
                if j - 2 >= pos:
                    c1 = PyUnicode_READ(kind, data, j - 2)
                    c2 = PyUnicode_READ(kind, data, j - 1)
                    if (c1 == 0x5206 and c2 == 0x522B) or (c1 == 0x5171 and c2 == 0x540C) \
                            or (c1 == 0x8054 and c2 == 0x5408):  # 分别 共同 联合
                        start = j - 2  # (no bracket: the depth at j - 2 is the depth at j)
                end = j + 2
                if end + 2 <= n:
                    c1 = PyUnicode_READ(kind, data, end)
                    c2 = PyUnicode_READ(kind, data, end + 1)
                    if (c1 == 0x8D1F and c2 == 0x8D23) or (c1 == 0x6293 and c2 == 0x603B):  # 负责 抓总
                        end += 2
                if depth == 0:
                    return (start, end)
                pos = end
        elif ch == 0x28 or ch == 0x5B:  # ( [
            depth += 1
        elif (ch == 0x29 or ch == 0x5D) and depth > 0:  # ) ]
            depth -= 1
        j += 1
    return (-1, -1)


# `_word_tail_start`'s read (C-API calls: it exists only compiled; `_word_tail_start` and `_co_tail_at` call it
# under `_NATIVE`, for 0 <= lo <= hi <= len(s), checked again here). Each read of `s` at an index in [lo, hi),
# each of a word below its length: a word is compared only where it fits in [lo, hi).
cdef inline bint _ends_with_c(int kind, void* data, Py_ssize_t hi, str word) noexcept:
    """`s[hi - len(word):hi] == word` (the caller has checked len(word) <= hi - lo)."""
    cdef Py_ssize_t k = PyUnicode_GET_LENGTH(word), m
    cdef int wkind = PyUnicode_KIND(word)
    cdef void* wdata = PyUnicode_DATA(word)
    for m in range(1, k + 1):
        if PyUnicode_READ(kind, data, hi - m) != PyUnicode_READ(wkind, wdata, k - m):
            return False
    return True


cdef inline Py_ssize_t _tail_word_c(str s, Py_ssize_t lo, Py_ssize_t hi, tuple ze, tuple shi, tuple two):
    """Where the longest word ending s[lo:hi] (before a final newline) starts — an index of `s` — else -1:
    `_word_tail_start(s[lo:hi], ze, shi, two)` (plus `lo`) read in place, each word compared as code points
    from its end."""
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_UCS4 last
    cdef tuple words
    cdef str word
    cdef Py_ssize_t k
    if lo < 0 or hi > PyUnicode_GET_LENGTH(s) or lo > hi:
        return -1
    if hi > lo and PyUnicode_READ(kind, data, hi - 1) == 0x0A:  # "\n"
        hi -= 1
    if hi - lo < 2:
        return -1
    last = PyUnicode_READ(kind, data, hi - 1)
    if last == 0x8D23:  # 责
        words = ze
    elif last == 0x5B9E:  # 实
        words = shi
    else:
        for word in two:
            if PyUnicode_GET_LENGTH(word) == 2 and _ends_with_c(kind, data, hi, word):
                return hi - 2
        return -1
    for word in words:
        k = PyUnicode_GET_LENGTH(word)
        if k <= hi - lo and _ends_with_c(kind, data, hi, word):
            return hi - k
    return -1


# `_brackets_in`'s read (C-API calls: it exists only compiled; `_brackets_in` calls it under `_NATIVE`, for
# 0 <= lo and hi <= len(norm) — each read at an index in [lo, hi), so inside the buffer).
cdef inline bint _brackets_in_c(str norm, Py_ssize_t lo, Py_ssize_t hi) noexcept:
    """Some "(", ")", "[" or "]" at an index in [lo, hi) (0 <= lo; `hi`: at most len(norm), else False, nothing
    read)."""
    cdef Py_ssize_t k
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef Py_UCS4 ch
    if lo < 0 or hi > PyUnicode_GET_LENGTH(norm):
        return False
    k = lo
    while k < hi:
        ch = PyUnicode_READ(kind, data, k)
        if ch <= 0x5D and (ch == 0x28 or ch == 0x29 or ch == 0x5B or ch == 0x5D):  # ( ) [ ]
            return True
        k += 1
    return False
