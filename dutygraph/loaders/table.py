"""Tables (from .docx and .html) -> text lines the structure parser reads like prose.

A task table (columns 序号 / 任务 / 牵头单位 / 责任单位 / 完成时限, under their usual variants)
becomes one numbered item per data row with a trailing responsibility bracket, using the header
labels as printed so their meaning is kept ("责任单位:X;配合单位:Y" reads lead X, co Y):

    1.任务文本(牵头单位:X;责任单位:Y;完成时限:Z)

Any other table: one line per row, cells joined with a tab. A row whose cells are all one merged
text (a section heading inside the table) becomes that text alone. Pure: rows of cell strings in,
(text, note) out; a non-empty note is recorded by the caller as a document-level
Repair("table-row", line, note) — a format note, not damage, so it stays off `Line.repairs` (which
flows into every measure's scored `repairs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import normalize

# Column roles by header pattern (patterns, not names: matched against the header cell text).
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^(?:序号|编号|序|No\.?)$", re.IGNORECASE)),
    ("lead", re.compile(r"牵头(?:单位|部门)|主责(?:单位|部门)")),
    ("co", re.compile(r"(?:责任|配合|协办|协同|参与|成员)(?:单位|部门)")),
    ("deadline", re.compile(r"(?:完成|办结|时间)(?:时限|时间|节点)|时限|时间安排|时间节点")),
    ("task", re.compile(r"任务|措施|事项|工作内容|具体内容|举措|改革内容|目标")),
)
_ROW_NUMBER = re.compile(r"^\s*[(（]?\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）.、．]?\s*$")


@dataclass(frozen=True, slots=True)
class TableLayout:
    header_rows: int
    roles: dict[int, str]  # column index -> role
    labels: dict[int, str]  # column index -> header text as printed


# Compiled once: re.sub(str, …) looks its pattern up through re's Python-level cache on every call
# (a few µs a cell).
_LINE_BREAK = re.compile(r"\s*\n\s*")
_WHITE = re.compile(r"\s+")


# `detect_layout`'s `normalize` of a header label, kept (a pure function of the label, used only for the
# role patterns' search): header labels repeat from table to table. Cleared when it holds _KEYS_MAX.
_KEYS: dict[str, str] = {}
_KEYS_MAX = 4096


def _key_of(label: str) -> str:
    """`normalize(label)`, remembered."""
    key = _KEYS.get(label)
    if key is None:
        if len(_KEYS) >= _KEYS_MAX:
            _KEYS.clear()
        key = _KEYS[label] = normalize(label)
    return key


def _clean(cell: str) -> str:
    n = len(cell)
    if n and (cell[0].isspace() or cell[n - 1].isspace()):  # (else `strip` gives the cell: most cells)
        cell = cell.strip()
    return _LINE_BREAK.sub(" ", cell) if "\n" in cell else cell  # (every match holds a "\n")


def _unspaced(cell: str) -> str:
    """`_WHITE.sub("", cell)`, the cell itself when it holds no white space (`\\s`: `isspace`)."""
    for c in cell:
        if c.isspace():
            return _WHITE.sub("", cell)
    return cell


def detect_layout(rows: list[list[str]]) -> TableLayout | None:
    """A task table has, within its first two rows, a header naming a task column and a lead or
    responsibility column."""
    for h in range(min(2, len(rows))):
        roles: dict[int, str] = {}
        labels: dict[int, str] = {}
        for i, cell in enumerate(rows[h]):
            label = _unspaced(cell)
            if not label or len(label) > 12:
                continue
            key = _key_of(label)  # traditional headers (序號/任務/牽頭單位) match the simplified patterns
            for role, pat in _ROLES:
                if pat.search(key) and role not in roles.values():
                    roles[i] = role
                    labels[i] = label
                    break
        found = set(roles.values())
        if "task" in found and ({"lead", "co"} & found):
            return TableLayout(h + 1, roles, labels)
    return None


def table_lines(rows: list[list[str]]) -> list[tuple[str, str]]:
    """One (text, note) per table row, header rows included as plain lines."""
    raw = rows
    rows = [[_clean(c) for c in row] for row in rows]
    layout = detect_layout(rows)
    plan = None if layout is None else _plan_of(layout)
    out: list[tuple[str, str]] = []
    ordinal = 0
    header_rows = 0 if layout is None else layout.header_rows
    for r, row in enumerate(rows):
        cells = _dedupe_merged(row)
        only = _only_text(cells)
        if only == "":
            out.append(("", ""))
            continue
        if only is not None and len(row) > 1:  # a merged heading row
            out.append((only, ""))
            continue
        if layout is None or r < header_rows or row == rows[header_rows - 1]:
            out.append(("\t".join(cells), ""))
            continue
        ordinal += 1
        out.append(_task_row(row, raw[r], layout, ordinal, plan))
    return out


def _dedupe_merged(row: list[str]) -> list[str]:
    """Horizontally merged cells repeat their text in every grid column; keep it once."""
    out: list[str] = []
    for c in row:
        if out and c and c == out[-1]:
            continue
        out.append(c)
    return out


def _only_text(cells: list[str]) -> str | None:
    """The text of a row whose non-empty cells all hold the same one ("" when none has any), else None."""
    only = ""
    for c in cells:
        if c and c != only:
            if only:
                return None
            only = c
    return only


def _plan_of(layout: TableLayout) -> list[tuple[int, str, str | None, bool, bool]]:
    """`_task_row`'s walk over a layout's columns, made once a table: each (column, role, its label — None
    when `labels` has none —, whether the role is lead or co, whether it is lead, co or deadline), in the
    order of `sorted(layout.roles.items())`."""
    labels = layout.labels
    return [
        (i, role, labels.get(i), role in ("lead", "co"), role in ("lead", "co", "deadline"))
        for i, role in sorted(layout.roles.items())
    ]


def _task_row(
    row: list[str], raw: list[str], layout: TableLayout, ordinal: int,
    plan: list[tuple[int, str, str | None, bool, bool]] | None = None,
) -> tuple[str, str]:
    """One data row of a task table as its numbered line and note; `plan` is `_plan_of(layout)` (made here
    when not given)."""
    if plan is None:
        plan = _plan_of(layout)
    task = number_cell = ""  # (the last value of the role, as a dict by role kept)
    clause: list[str] = []
    n = len(row)
    n_raw = len(raw)
    for i, role, label, unit, said in plan:
        value = row[i] if i < n else ""
        if unit and i < n_raw:  # one unit per cell paragraph: keep them apart
            value = raw[i].strip()
            if "\n" in value:  # (every match of `_LINE_BREAK` holds a "\n": without one, the sub is `value`)
                value = _LINE_BREAK.sub("、", value)
        if role == "task":
            task = value
        elif role == "number":
            number_cell = value
        if said and value:
            clause.append(f"{layout.labels[i] if label is None else label}:{value}")
    number = _row_number(number_cell)
    note = "task-table row -> numbered item with responsibility bracket"
    if number is None:
        number = str(ordinal)
        note += f"; number {number} supplied (序号 cell {number_cell!r})"
    roles = layout.roles
    extra = [row[i] for i in range(n) if i not in roles and row[i]]
    if extra:  # columns we have no role for (备注, 责任人…) stay on the line, after the bracket
        note += "; other columns kept after the bracket"
    text = f"{number}.{task}({';'.join(clause)})" if clause else f"{number}.{task}"
    if extra:
        text += "\t" + "\t".join(extra)
    return text, note


def _row_number(cell: str) -> str | None:
    """`_ROW_NUMBER.match(cell).group(1)`, or None when it does not match; read by hand (pinned to the pattern
    by tests): its pieces — white space, an opening bracket, digits or numerals, a closing mark — hold no
    character in common, so each greedy step is the only way the pattern can match."""
    n = len(cell)
    i = 0
    while i < n and cell[i].isspace():  # (`\s` and `\d` of a str pattern: Py_UNICODE_ISSPACE, ISDECIMAL)
        i += 1
    if i < n and cell[i] in "(（":
        i += 1
    while i < n and cell[i].isspace():
        i += 1
    start = i
    if i < n and cell[i].isdecimal():
        while i < n and cell[i].isdecimal():
            i += 1
    else:
        while i < n and cell[i] in "一二三四五六七八九十":
            i += 1
    end = i
    if end == start or end - start > 3:
        return None
    while i < n and cell[i].isspace():
        i += 1
    if i < n and cell[i] in ")）.、．":
        i += 1
    while i < n and cell[i].isspace():
        i += 1
    return cell[start:end] if i == n else None
