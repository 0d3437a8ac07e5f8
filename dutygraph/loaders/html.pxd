# Static types for html.py's whitespace collapsing when it is compiled (Cython's pure-Python mode: an
# augmenting .pxd; as Python the module ignores it and `_collapse` runs its regexes): a loop over the
# characters of a `str` (Py_UCS4) deciding each whitespace run as `_WS` and `_CJK_EDGE` do. cpdef,
# so `_collapse` reaches them without a Python call and tests call them from Python.

import cython
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport (Py_UCS2, Py_UNICODE_ISSPACE, PyUnicode_2BYTE_KIND, PyUnicode_DATA, PyUnicode_FindChar,
                              PyUnicode_FromKindAndData, PyUnicode_GET_LENGTH,
                              PyUnicode_KIND, PyUnicode_READ, PyUnicode_Substring, PyUnicode_WRITE)
from libc.string cimport memcpy

cpdef str _collapse(str s)

cpdef Py_ssize_t _blank_prefix(str s) except -1

@cython.locals(pieces=list, n=cython.Py_ssize_t, last=cython.Py_ssize_t, i=cython.Py_ssize_t,
               j=cython.Py_ssize_t, c=cython.Py_UCS4, d=cython.Py_UCS4, newline=bint)
cpdef str _collapse_runs(str s)

cpdef bint _cjk_edge(Py_UCS4 c)

# The walker as an extension type: its state in C fields, its methods cpdef (a C call from one to the
# next instead of a bound-method lookup and a Python call an element). Its recursion stays bounded:
# lxml's HTML parser keeps a page to 256 levels of nesting, deeper content is dropped (as before).
cdef class _Walker:
    cdef public list lines
    cdef public list pieces
    cdef public Py_ssize_t line
    cdef public Py_ssize_t in_article
    cdef public Py_ssize_t layout
    cdef public bint started

    @cython.locals(stripped=str)
    cpdef add(self, s, Py_ssize_t line)
    @cython.locals(content=str)
    cpdef flush(self)
    cpdef walk(self, el)
    cpdef _walk_children(self, el, str tag)
    cpdef _walk_block(self, el, Py_ssize_t line)


# (load25) Bodies, compiled only: loops over a str's buffer, each read at an index below its length.

cdef inline bint _html_blank(Py_UCS4 c) noexcept:
    """`c` in " \t\r\n\f\v\xa0" (html.py's `_BLANK`, `_WS`'s characters)."""
    return c == 32 or c == 10 or c == 9 or c == 13 or c == 12 or c == 11 or c == 0xa0

cdef inline Py_ssize_t _blank_run_c(str s) noexcept:
    """`len(s) - len(s.lstrip(_BLANK))`: the characters of `_html_blank` that lead `s`."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t i = 0
    while i < n and _html_blank(PyUnicode_READ(kind, data, i)):
        i += 1
    return i

cdef inline Py_ssize_t _blank_breaks_c(str s) noexcept:
    """`s.count("\n", 0, _blank_run_c(s))`: the line feeds among the `_html_blank` characters that lead
    `s`, counted in the same loop (no method call)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t found = 0
    cdef Py_UCS4 c
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if not _html_blank(c):
            break
        if c == 10:
            found += 1
        i += 1
    return found

cdef inline str _collapse_c(str s):
    """`_collapse_runs(s).strip()`: the same runs replaced, then `str.strip()`'s cut — its test
    (`Py_UNICODE_ISSPACE`) from both ends — without the method call. (ld45) The characters kept are copied
    at the str's width into one buffer (`out`: the text between the runs, a space for a run that gives one;
    it never outgrows `s`), stripped there and made a str once (`PyUnicode_FromKindAndData`, which gives the
    canonical kind, as the join of `_collapse_runs`' slices did), instead of a slice per piece, a list and a
    join; `s` itself, or `PyUnicode_Substring`'s cut of it, when no run is replaced."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef char* out = NULL
    cdef void* kept  # `out`, or `data` when no run is replaced
    cdef Py_ssize_t w = 0  # characters in `out`
    cdef Py_ssize_t last = 0  # s[last:] is not yet in `out`
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t j
    cdef Py_UCS4 c, d
    cdef bint newline, gone
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    try:
        while i < n:
            if kind == PyUnicode_2BYTE_KIND:
                # (load27) a CJK text's run of characters that are no blank passed over at its width, without
                # PyUnicode_READ's test of the kind for each (the loop below passes them over the same way)
                while i < n and p2[i] > 32 and p2[i] != 0xa0:
                    i += 1
                if i == n:
                    break
            c = PyUnicode_READ(kind, data, i)
            if (c > 32 and c != 0xa0) or not _html_blank(c):
                i += 1
                continue
            j = i + 1
            newline = c == 10
            while j < n:
                d = PyUnicode_READ(kind, data, j)
                if d == 10:
                    newline = True
                elif not _html_blank(d):
                    break
                j += 1
            gone = (newline and i > 0 and j < n and _cjk_edge(PyUnicode_READ(kind, data, i - 1))
                    and _cjk_edge(PyUnicode_READ(kind, data, j)))
            if gone or j > i + 1 or c != 32:
                if out == NULL:
                    out = <char*>PyMem_Malloc(n * kind)
                    if out == NULL:
                        raise MemoryError()
                memcpy(out + w * kind, <char*>data + last * kind, (i - last) * kind)
                w += i - last
                if not gone:
                    PyUnicode_WRITE(kind, out, w, 32)
                    w += 1
                last = j
            i = j
        if out == NULL:
            kept = data
            w = n
        else:
            memcpy(out + w * kind, <char*>data + last * kind, (n - last) * kind)
            w += n - last
            kept = out
        i = 0
        while i < w and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, kept, i)):
            i += 1
        j = w
        while j > i and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, kept, j - 1)):
            j -= 1
        if out == NULL:
            return PyUnicode_Substring(s, i, j)
        return PyUnicode_FromKindAndData(kind, out + i * kind, j - i)
    finally:
        PyMem_Free(out)

# (load25) `plain_page_lines` compiled: the same pass as its Python form (`_plain_py`, the definition), each
# character read once at an index below the text's length and judged by the classes below (those of
# `_PLAIN_TEXT`, `_PLAIN_VALUE` and `_PLAIN_RAW_TEXT`); the element names, parents and the open elements as
# small C integers. What is rare goes to Python: a text run holding "&" (`_plain_text`), a start tag's
# attributes (their names compared, the class and id given to `_CHROME`).

cdef inline bint _plain_raw_char(Py_UCS4 c) noexcept:
    """A character of `_PLAIN_RAW_TEXT`: tab, line feed, printable ASCII, U+00A0-U+D7FF, U+E000-U+FFFD but
    U+FDD0-U+FDEF."""
    return (c == 9 or c == 10 or (0x20 <= c <= 0x7e) or (0xa0 <= c <= 0xd7ff) or (0xe000 <= c <= 0xfdcf)
            or (0xfdf0 <= c <= 0xfffd))

cdef inline bint _plain_text_char(Py_UCS4 c) noexcept:
    """A character of `_PLAIN_TEXT` (those of `_plain_raw_char` but "&", "<", ">")."""
    return _plain_raw_char(c) and c != 38 and c != 60 and c != 62

cdef inline bint _plain_value_char(Py_UCS4 c) noexcept:
    """A character of `_PLAIN_VALUE` (those of `_plain_text_char` but tab, line feed and '"')."""
    return _plain_text_char(c) and c != 9 and c != 10 and c != 34

cdef inline bint _plain_is(int kind, void* data, Py_ssize_t a, Py_ssize_t b, const char* word) noexcept:
    """Whether the characters at [a, b) are the ASCII `word` (b - a of them: the caller's bounds)."""
    cdef Py_ssize_t k = 0
    cdef int w
    while a + k < b:
        w = word[k]
        if w == 0 or PyUnicode_READ(kind, data, a + k) != <Py_UCS4>w:
            return False
        k += 1
    return word[k] == 0

cdef inline int _plain_name(int kind, void* data, Py_ssize_t a, Py_ssize_t b) noexcept:
    """The element named by the characters at [a, b): 1 html, 2 head, 3 body, 4 meta, 5 title, 6 style,
    7 script, 8 div, 9 p; 0 for any other name."""
    cdef const char* names[10]
    cdef int k
    names[1] = b"html"; names[2] = b"head"; names[3] = b"body"; names[4] = b"meta"; names[5] = b"title"
    names[6] = b"style"; names[7] = b"script"; names[8] = b"div"; names[9] = b"p"
    for k in range(1, 10):
        if _plain_is(kind, data, a, b, names[k]):
            return k
    return 0

cdef inline bint _plain_parent_ok(int name, int top) noexcept:
    """`top in _PLAIN_PARENTS[name]` by the numbers of `_plain_name` (html: 1, head: 2, body: 3, div: 8)."""
    if name == 2 or name == 3:
        return top == 1
    if name == 4 or name == 5:
        return top == 2
    if name == 6 or name == 7:
        return top == 2 or top == 3 or top == 8
    if name == 8 or name == 9:
        return top == 3 or top == 8
    return False

cdef inline bint _plain_closes_inside(int kind, void* data, Py_ssize_t a, Py_ssize_t b, const char* word) noexcept:
    """Whether "</" + `word` (lowercase ASCII letters) starts somewhere in [a, b), its letters in either
    case (`f"</{word}" in raw.lower()`: no other character lowercases to one of these letters), or "<!--"
    does."""
    cdef Py_ssize_t k, m
    cdef Py_UCS4 c
    cdef int w
    cdef bint same
    for k in range(a, b):
        if PyUnicode_READ(kind, data, k) != 60:
            continue
        if (k + 3 < b and PyUnicode_READ(kind, data, k + 1) == 33 and PyUnicode_READ(kind, data, k + 2) == 45
                and PyUnicode_READ(kind, data, k + 3) == 45):
            return True
        if k + 1 >= b or PyUnicode_READ(kind, data, k + 1) != 47:
            continue
        m = 0
        same = True
        while word[m] != 0:
            if k + 2 + m >= b:
                same = False
                break
            c = PyUnicode_READ(kind, data, k + 2 + m)
            w = word[m]
            if c != <Py_UCS4>w and c != <Py_UCS4>(w - 32):
                same = False
                break
            m += 1
        if same:
            return True
    return False

cdef inline object _plain_c(str text, object plain_text, object chrome, Py_ssize_t max_chars, Py_ssize_t max_lines):
    """`_plain_py(text)` (html.py): the page's lines, or None. `plain_text` is `_plain_text`, `chrome` is
    `_CHROME.search`."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t j, k, e, a0, a1, v0, v1, j0
    cdef const Py_UCS2* p2 = <const Py_UCS2*>data
    cdef Py_ssize_t line = 1
    cdef Py_ssize_t p_line = 0
    cdef int stack[64]
    cdef bint hidden[64]
    cdef Py_ssize_t depth = 0
    cdef bint opened_html = False, opened_head = False, opened_body = False, closed = False
    cdef bint nonblank, amp, end, hide, is_p_top
    cdef int name, top
    cdef Py_UCS4 c
    cdef object p_text = None
    cdef object run, content, cls, ident, attr_name
    cdef list out = []
    cdef list attr_names
    cdef const char* raw_word
    if n > max_chars:
        return None
    if text.startswith("<!DOCTYPE html>"):
        i = 15
    while i < n:
        j = i
        nonblank = False
        amp = False
        while j < n:
            if kind == PyUnicode_2BYTE_KIND:
                # (load28) a CJK text's run of such characters (the test below) passed over at its width,
                # without PyUnicode_READ's test of the kind for each: the same characters, the same answer
                j0 = j
                while j < n and 0xa0 <= p2[j] <= 0xd7ff:
                    j += 1
                if j > j0:
                    nonblank = True
                if j == n:
                    break
            c = PyUnicode_READ(kind, data, j)
            if 0xa0 <= c <= 0xd7ff:  # (load26) most of a page's text: a `_plain_text_char`, not blank; nothing else to test
                nonblank = True
                j += 1
                continue
            if c == 60:
                break
            if c == 10:
                line += 1
            elif c == 38:
                amp = True
            elif not _plain_text_char(c):
                return None
            if c != 32 and c != 9 and c != 10:
                nonblank = True
            j += 1
        if j > i:
            is_p_top = depth > 0 and stack[depth - 1] == 9
            if is_p_top or nonblank:
                run = PyUnicode_Substring(text, i, j)
                if is_p_top:
                    p_text = plain_text(run) if amp else run
                    if p_text is None:
                        return None
                elif not (depth > 0 and stack[depth - 1] == 8 and hidden[depth - 1]
                          and (not amp or plain_text(run))):
                    return None
        if j == n:
            break
        if closed:
            return None
        # a tag at j: "<", "/" for an end tag, the name, the attributes, ">"
        k = j + 1
        end = k < n and PyUnicode_READ(kind, data, k) == 47
        if end:
            k += 1
        a0 = k
        if k >= n or not (97 <= PyUnicode_READ(kind, data, k) <= 122):
            return None
        k += 1
        while k < n:
            c = PyUnicode_READ(kind, data, k)
            if not (97 <= c <= 122 or 48 <= c <= 57):
                break
            k += 1
        name = _plain_name(kind, data, a0, k)
        top = stack[depth - 1] if depth > 0 else 0
        if end:
            if k >= n or PyUnicode_READ(kind, data, k) != 62 or name == 0 or name != top:
                return None
            i = k + 1
            depth -= 1
            hide = hidden[depth]
            if name == 9:
                if p_text is not None and not hide:
                    content = _collapse(p_text)
                    if content:
                        out.append((p_line + _blank_breaks_c(p_text), content, ""))
                p_text = None
            elif name == 1:
                closed = True
            continue
        # a start tag's attributes: ' name="value"' each
        attr_names = None
        cls = ident = None
        while k < n and PyUnicode_READ(kind, data, k) == 32:
            k += 1
            a1 = k
            if k >= n or not (97 <= PyUnicode_READ(kind, data, k) <= 122):
                return None
            k += 1
            while k < n and (97 <= PyUnicode_READ(kind, data, k) <= 122 or PyUnicode_READ(kind, data, k) == 45):
                k += 1
            if k + 1 >= n or PyUnicode_READ(kind, data, k) != 61 or PyUnicode_READ(kind, data, k + 1) != 34:
                return None
            attr_name = PyUnicode_Substring(text, a1, k)
            k += 2
            v0 = k
            while k < n and _plain_value_char(PyUnicode_READ(kind, data, k)):
                k += 1
            if k >= n or PyUnicode_READ(kind, data, k) != 34:
                return None
            v1 = k
            k += 1
            if attr_names is None:
                attr_names = []
            elif attr_name in attr_names:
                return None  # (an attribute given twice)
            attr_names.append(attr_name)
            if attr_name == "class":
                cls = PyUnicode_Substring(text, v0, v1)
            elif attr_name == "id":
                ident = PyUnicode_Substring(text, v0, v1)
        if k >= n or PyUnicode_READ(kind, data, k) != 62:
            return None
        i = k + 1
        if name == 0:
            return None
        if top == 9:
            return None  # (an element inside a <p>)
        if name == 1:
            if depth > 0 or opened_html:
                return None
            opened_html = True
        elif not _plain_parent_ok(name, top):
            return None
        elif name == 2:
            if opened_head:
                return None
            opened_head = True
        elif name == 3:
            if opened_body or not opened_head:
                return None
            opened_body = True
        hide = (depth > 0 and hidden[depth - 1]) or (2 <= name <= 7 and name != 3)
        if (cls or ident) and chrome(f"{cls or ''} {ident or ''}"):
            hide = True
        if name == 4:
            continue  # (a void element)
        if name == 5 or name == 6 or name == 7:
            raw_word = b"title" if name == 5 else b"style" if name == 6 else b"script"
            e = text.find(f"</{raw_word.decode('ascii')}>", i)
            if e < 0:
                return None
            for k in range(i, e):
                c = PyUnicode_READ(kind, data, k)
                if not _plain_raw_char(c) or (name == 5 and (c == 38 or c == 60)):
                    return None
                if c == 10:
                    line += 1
            if _plain_closes_inside(kind, data, i, e, raw_word):
                return None
            i = e + 3 + (5 if name != 7 else 6)
            continue
        if depth == 64:
            return None
        stack[depth] = name
        hidden[depth] = hide
        depth += 1
        if name == 9:
            p_line = line
            p_text = None
    if depth > 0 or not closed or not opened_body or line > max_lines:
        return None
    return out


# (load26) html_lines' records, compiled only.

cdef inline tuple _walked_lines_c(str text, list walked, object raw_line, object new_repair):
    """`html_lines`' loop over the walked lines (html.py, after `if _NATIVE`), each line's start — the
    index after the (number - 1)th "\n" of `text`, 0 for a number below 1 or past the last line — found
    from the one before instead of from a list of every line's start: the numbers never decrease
    (clamped to the last one), so `at`, the start of line `at_line`, only moves on, by
    `PyUnicode_FindChar` (a C API call: memchr over the buffer, as `str.find` does) from one line feed to
    the next; once a number is past the last line so is every later one."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t last = 0
    cdef Py_ssize_t at = 0
    cdef Py_ssize_t at_line = 1
    cdef Py_ssize_t line_no, start, k
    cdef bint past = False
    cdef list out = []
    cdef list notes = []
    for item in walked:
        number, content, note = item
        line_no = number
        if line_no < last:
            line_no = last
        last = line_no
        if line_no < 1:
            start = 0
        else:
            while not past and at_line < line_no:
                k = PyUnicode_FindChar(text, 10, at, n, 1)  # (-2, an error, raises: declared except -2)
                if k < 0:
                    past = True
                else:
                    at = k + 1
                    at_line += 1
            start = 0 if past else at
        out.append(raw_line(line_no, content, start))
        if note:
            notes.append(new_repair("table-row", line_no, note))
    return out, notes
