"""A task table's row (`table._task_row`): its lead and co cells' line breaks become "、" by `_LINE_BREAK`, now
asked only of a cell that holds a "\\n" (every match holds one). Pinned to the row built with the sub on
every cell, on hypothesis rows of units, blanks, line breaks and other white space."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.loaders import table


def _task_row_subbing(row, raw, layout, ordinal):
    """`_task_row` as it was: the sub on every lead and co cell."""
    saved = table._LINE_BREAK

    class _Always:
        @staticmethod
        def sub(repl, s):
            return saved.sub(repl, s)

    by_role: dict[str, str] = {}
    clause: list[str] = []
    for i, role in sorted(layout.roles.items()):
        value = row[i] if i < len(row) else ""
        if role in ("lead", "co") and i < len(raw):
            value = _Always.sub("、", raw[i].strip())
        by_role[role] = value
        if role in ("lead", "co", "deadline") and value:
            clause.append(f"{layout.labels[i]}:{value}")
    task = by_role.get("task", "")
    number_cell = by_role.get("number", "")
    m = table._ROW_NUMBER.match(number_cell) if number_cell else None
    note = "task-table row -> numbered item with responsibility bracket"
    if m:
        number = m.group(1)
    else:
        number = str(ordinal)
        note += f"; number {number} supplied (序号 cell {number_cell!r})"
    extra = [row[i] for i in range(len(row)) if i not in layout.roles and row[i]]
    if extra:
        note += "; other columns kept after the bracket"
    text = f"{number}.{task}"
    if clause:
        text += "(" + ";".join(clause) + ")"
    if extra:
        text += "\t" + "\t".join(extra)
    return text, note


_CELL = st.lists(st.sampled_from(["市发改委", "区财政局", "\n", " ", "\t", "\u3000", "\r\n", "、", "x", "\xa0", "\x0b"]),
                 max_size=8).map("".join)
_HEADER = ["序号", "任务", "牵头单位", "责任单位", "完成时限", "备注"]


_LAYOUT = table.detect_layout([_HEADER])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=6, max_size=6), min_size=1, max_size=4), st.integers(1, 30))
def test_task_rows_as_with_the_sub_on_every_cell(rows, ordinal):
    assert _LAYOUT is not None and set(_LAYOUT.roles.values()) >= {"lead", "co", "task"}
    for raw in rows:
        row = [table._clean(c) for c in raw]
        assert table._task_row(row, raw, _LAYOUT, ordinal) == _task_row_subbing(row, raw, _LAYOUT, ordinal)


def test_a_whole_task_table_as_with_the_sub_on_every_cell(monkeypatch):
    rows = [_HEADER, ["1", "任务一", "市发改委\n区财政局", " 区商务局 \r\n 区文旅局 ", "6月底", ""],
            ["", "任务二", "\u3000市教育局\u3000", "x\n\ny", "", "备注"], ["3", "任务三", "", "\n", "年底", ""]]
    got = table.table_lines(rows)
    monkeypatch.setattr(table, "_task_row", _task_row_subbing)
    assert got == table.table_lines(rows)
    assert got[1][0] == "1.任务一(牵头单位:市发改委、区财政局;责任单位:区商务局、区文旅局;完成时限:6月底)"


def test_line_break_matches_hold_a_line_feed():
    assert table._LINE_BREAK.pattern == r"\s*\n\s*" and re.compile(table._LINE_BREAK.pattern).search("a \t\u3000b") is None
