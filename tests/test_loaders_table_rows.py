"""A task table's row (`table._task_row`): its lead and co cells' line breaks become "、" by `_LINE_BREAK`, now
asked only of a cell that holds a "\\n" (every match holds one). Pinned to the row built with the sub on
every cell, on hypothesis rows of units, blanks, line breaks and other white space."""

from __future__ import annotations

import re

import pytest

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
    # (as Python table_lines calls the module's `_task_row`, given its plan; compiled, a cpdef, it is called in C)
    monkeypatch.setattr(table, "_task_row", lambda row, raw, layout, ordinal, plan=None: _task_row_subbing(row, raw, layout, ordinal))
    assert got == table.table_lines(rows)
    assert got[1][0] == "1.任务一(牵头单位:市发改委、区财政局;责任单位:区商务局、区文旅局;完成时限:6月底)"


def test_line_break_matches_hold_a_line_feed():
    assert table._LINE_BREAK.pattern == r"\s*\n\s*" and re.compile(table._LINE_BREAK.pattern).search("a \t\u3000b") is None


# (load26) `table_lines` walks a task row's columns by a plan made once a table (`_plan_of`) and remembers
# `detect_layout`'s `normalize` of a header label (`_key_of`); pinned to the table_lines before them: the
# sorted roles and their tests on every row, normalize on every header cell.

def _detect_layout_old(rows):
    for h in range(min(2, len(rows))):
        roles, labels = {}, {}
        for i, cell in enumerate(rows[h]):
            label = table._WHITE.sub("", cell)
            if not label or len(label) > 12:
                continue
            key = table.normalize(label)
            for role, pat in table._ROLES:
                if pat.search(key) and role not in roles.values():
                    roles[i] = role
                    labels[i] = label
                    break
        found = set(roles.values())
        if "task" in found and ({"lead", "co"} & found):
            return table.TableLayout(h + 1, roles, labels)
    return None


def _table_lines_old(rows):
    raw = rows
    rows = [[table._clean(c) for c in row] for row in rows]
    layout = _detect_layout_old(rows)
    out = []
    ordinal = 0
    for r, row in enumerate(rows):
        cells = table._dedupe_merged(row)
        if not any(cells):
            out.append(("", ""))
            continue
        if len(set(c for c in cells if c)) == 1 and len(row) > 1:
            out.append((next(c for c in cells if c), ""))
            continue
        if layout is None or r < layout.header_rows or row == rows[layout.header_rows - 1]:
            out.append(("\t".join(cells), ""))
            continue
        ordinal += 1
        out.append(_task_row_subbing(row, raw[r], layout, ordinal))
    return out


_HEADERS = ["序号", "序號", "任务", "任務", "牵头单位", "牽頭單位", "责任单位", "責任單位", "配合部门", "完成时限", "时间节点",
            "备注", "No.", "编号", "主要任务", "工作内容", "主责部门", " 任 务 ", "", "牵头单位牵头单位牵头单位", "目标"]


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(_HEADERS), min_size=1, max_size=7),
    st.lists(st.lists(st.one_of(_CELL, st.sampled_from(["1", "（2）", "三、", "十一", "x1", ""])), min_size=0, max_size=8),
             max_size=5),
    st.booleans(),
)
def test_tables_as_before_the_plan_and_the_label_keys(header, body, second):
    rows = [header] + body if not second else [["总表"] * len(header), header] + body
    assert table.table_lines(rows) == _table_lines_old(rows)
    assert table.table_lines(rows) == _table_lines_old(rows)  # (the label keys remembered now)


def test_plan_is_the_sorted_roles():
    layout = table.TableLayout(1, {4: "deadline", 0: "number", 2: "lead", 1: "task", 3: "co"},
                               {0: "序号", 1: "任务", 2: "牵头", 3: "责任", 4: "时限"})
    assert table._plan_of(layout) == [(0, "number", "序号", False, False), (1, "task", "任务", False, False),
                                      (2, "lead", "牵头", True, True), (3, "co", "责任", True, True),
                                      (4, "deadline", "时限", False, True)]
    row = ["1", "任务", "A", "B\nC", "年底"]
    assert table._task_row(row, row, layout, 1) == _task_row_subbing(row, row, layout, 1)
    # a label missing from `labels` raises as before, when its value is asked for
    bad = table.TableLayout(1, {1: "task", 2: "lead"}, {1: "任务"})
    for fn in (table._task_row, _task_row_subbing):
        with pytest.raises(KeyError):
            fn(["1", "t", "A"], ["1", "t", "A"], bad, 1)
    assert table._task_row(["1", "t", ""], ["1", "t", ""], bad, 1) == _task_row_subbing(["1", "t", ""], ["1", "t", ""], bad, 1)


def test_label_keys_are_normalize_and_bounded(monkeypatch):
    monkeypatch.setattr(table, "_KEYS_MAX", 3)
    table._KEYS.clear()
    for label in ["序號", "任務", "牽頭單位", "責任單位", "序號", "完成時限"] * 2:
        assert table._key_of(label) == table.normalize(label)
        assert len(table._KEYS) <= 3


# (ld46) a row's 序号 is read by hand (`_row_number`), pinned to `_ROW_NUMBER`'s match; a row's merged text by
# `_only_text`, pinned to the any/set/next test table_lines made before.

_NUMBER_PIECES = ["1", "12", "123", "1234", "０", "１２", "٣", "一", "十一", "三十三", "一二三四", "(", "（", ")", "）", ".", "、",
                  "．", " ", "\u3000", "\t", "\n", "\xa0", "\x1c", "x", "第", "①", "²", "Ⅳ", "百", ""]


def _row_number_by_pattern(cell):
    m = table._ROW_NUMBER.match(cell)
    return m.group(1) if m else None


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=7).map("".join))
def test_row_number_is_the_patterns_group(cell):
    assert table._row_number(cell) == _row_number_by_pattern(cell)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=8))
def test_row_number_is_the_patterns_group_on_any_text(cell):
    assert table._row_number(cell) == _row_number_by_pattern(cell)


def test_row_number_reads_the_usual_cells():
    for cell, number in [("1", "1"), (" （12） ", "12"), ("三、", "三"), ("(十一)", "十一"), ("１２.", "１２"),
                         ("1234", None), ("一二三四", None), ("1一", None), ("((1", None), ("1..", None), ("", None),
                         ("\n7\n", "7"), ("x1", None)]:
        assert table._row_number(cell) == number == _row_number_by_pattern(cell)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["", "a", "b", "任务", " "]), max_size=6))
def test_only_text_is_the_any_and_set_test(cells):
    texts = set(c for c in cells if c)
    expected = "" if not any(cells) else next(c for c in cells if c) if len(texts) == 1 else None
    assert table._only_text(cells) == expected


# (ld46) `_clean` strips only a cell with white space at an end, `detect_layout` subs `_WHITE` only in a label
# holding white space (`_unspaced`): pinned to the strip and the sub on every cell.
_SPACED = st.lists(st.sampled_from(["任务", "a", " ", "\u3000", "\xa0", "\n", "\r\n", "\t", "\x1c", "\x85", "\u200b", "\ufeff",
                                    "x y", ""]), max_size=6).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_SPACED)
def test_clean_and_unspaced_are_the_strip_and_the_subs(cell):
    stripped = cell.strip()
    assert table._clean(cell) == (table._LINE_BREAK.sub(" ", stripped) if "\n" in stripped else stripped)
    assert table._unspaced(cell) == table._WHITE.sub("", cell)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=8))
def test_clean_and_unspaced_on_any_text(cell):
    stripped = cell.strip()
    assert table._clean(cell) == (table._LINE_BREAK.sub(" ", stripped) if "\n" in stripped else stripped)
    assert table._unspaced(cell) == table._WHITE.sub("", cell)
