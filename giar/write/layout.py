"""The official table layouts, as the notice draws them, for the HTML and Word writers.

A table of the AST becomes a ``Grid``: rows of ``GridCell``s placed at (row, column) with
their row and column spans, the way an HTML ``<table>`` or a Word table with merged cells
is built. Everything is derived from the grammar — the rows of each table, their labels
(whose space-separated parts are the levels of the merged label cells: 三、本年度办理结果 /
（三）不予公开 / 1.属于国家秘密), the column headers and the sub-table captions — plus the
few header words the notice prints that are no label (W_* in grammar/tables_common.lark).

The layouts:

* Table 2: one table; each sub-table is a caption row spanning the width, a header row
  (信息内容 and the columns) and its rows; a sub-table with fewer columns than the widest
  stretches its last column over the rest.
* Table 3: a three-row header (the 勾稽关系 note; 申请人情况 over the seven columns;
  自然人 and 总计 spanning two rows, 法人或其他组织 over the five in between), then the rows
  with their label parts merged down (the vertical 三、本年度办理结果 cell).
* Table 4: a three-level header (行政复议 | 行政诉讼 › 未经复议直接起诉, 复议后起诉 › the five
  outcomes) over one row of fifteen numbers.

A reader that expands the spans into a grid (an empty cell where a span covers it) reads
the result back with giar's lexer, which knows label cells split into group parts, header
lines and table 4's unlabelled row.
"""

from __future__ import annotations

from itertools import groupby
from typing import Optional

from attrs import define, field

from giar.model.ast import Amount, Cell, Count, Empty, Marker, Row, Table
from giar.format import vocabulary
from giar.format.registry import format_cached


@define
class GridCell:
    text: str
    role: str  # caption, header, note, label, value
    row: int = 0
    col: int = 0
    rowspan: int = 1
    colspan: int = 1
    cell: Optional[Cell] = None  # for a value
    vertical: bool = False  # a tall, narrow label cell written top to bottom

    @property
    def css(self) -> str:
        classes = [self.role]
        if self.vertical:
            classes.append("vertical")
        if self.cell is not None and isinstance(self.cell, (Count, Amount)):
            classes.append("number")
        return " ".join(classes)


@define
class Grid:
    kind: str
    width: int
    rows: list = field(factory=list)  # list[list[GridCell]]: the cells that start in each row
    header_rows: int = 0  # how many rows at the top are column headers
    label_columns: int = 1  # how many columns at the left hold row labels

    @property
    def widths(self) -> list[float]:
        """Relative column widths (summing to 1): label columns wide, value columns even."""
        if self.kind == "review_litigation" or self.width == self.label_columns:
            return [1 / self.width] * self.width
        if self.kind == "applications":
            labels = [0.04, 0.12, 0.30][-self.label_columns:] if self.label_columns <= 3 else \
                [0.43 / self.label_columns] * self.label_columns
        else:
            labels = [0.28] * self.label_columns
        rest = (1 - sum(labels)) / (self.width - self.label_columns)
        return labels + [rest] * (self.width - self.label_columns)

    def add(self, row: int, col: int, cell: GridCell) -> GridCell:
        cell.row, cell.col = row, col
        while len(self.rows) <= row:
            self.rows.append([])
        self.rows[row].append(cell)
        return cell

    def cells(self):
        for row in self.rows:
            yield from row


def cell_text(cell: Cell) -> str:
    """A cell's value as written (empty for an empty or missing cell)."""
    if isinstance(cell, Count):
        return str(cell.value)
    if isinstance(cell, Amount):
        return cell.text
    if isinstance(cell, Marker):
        return cell.text
    return ""


# ---------------------------------------------------------------- official rows


@format_cached
def _expansions(edition: str) -> dict:
    return vocabulary(edition).rules


@format_cached
def official_rows(edition: str, rule: str) -> tuple[str, ...]:
    """The rows of a table (or sub-table) as the notice prints them, in order.

    Where the grammar offers alternatives (2021's （六）其他处理 as one row or as its three
    sub-rows), the fullest one is the official form.
    """
    g = vocabulary(edition)
    if rule in g.row_columns:
        return (rule,)
    best: tuple[str, ...] = ()
    for expansion in _expansions(edition).get(rule, []):
        rows: list[str] = []
        for symbol in expansion:
            if not symbol.startswith("__") and (symbol[0] == "_" or symbol.islower()):
                if symbol in _expansions(edition) or symbol in g.row_columns:
                    rows.extend(official_rows(edition, symbol))
        if len(rows) > len(best):
            best = tuple(rows)
    return best


def group_of(edition: str, key: str) -> Optional[str]:
    """The sub-table of table 2 a row belongs to (item_1, item_5, …), or None."""
    for group, rows in vocabulary(edition).group_rows.items():
        if key in rows:
            return group
    return None


def blank_table(edition: str, kind: str) -> Table:
    """A table of the edition with every official row and every cell empty."""
    from giar.model.ast import TABLE_CLASSES

    g = vocabulary(edition)
    rows = tuple(
        Row(key, g.row_columns[key], tuple(Empty() for _ in g.row_columns[key]), group_of(edition, key))
        for key in official_rows(edition, kind)
    )
    return TABLE_CLASSES[kind](kind, rows)


# ---------------------------------------------------------------- grids


def label_parts(edition: str, key: str) -> list[str]:
    return vocabulary(edition).row_label(key).split(" ")


def official_grid(table: Table, edition: str) -> Grid:
    """The table as the notice lays it out (see the module docstring)."""
    if table.kind == "active_disclosure":
        grid = _active_grid(table, edition)
    elif table.kind == "applications":
        grid = _applications_grid(table, edition)
    else:
        grid = _review_grid(table, edition)
    for cells in grid.rows:
        cells.sort(key=lambda c: c.col)
    return grid


def _value_cells(grid: Grid, r: int, start: int, row: Row, width: int) -> None:
    """A row's values from column ``start``; the last one stretches to ``width``."""
    for i, cell in enumerate(row.cells):
        span = width - start - i if i == len(row.cells) - 1 else 1
        grid.add(r, start + i, GridCell(cell_text(cell), "value", colspan=max(1, span), cell=cell))


def _active_grid(table: Table, edition: str) -> Grid:
    g = vocabulary(edition)
    word = g.header_word
    width = 1 + max((len(r.columns) for r in table.rows), default=1)
    grid = Grid(table.kind, width)
    r = 0
    for group, rows in groupby(table.rows, key=lambda row: row.group):
        rows = list(rows)
        if group:
            grid.add(r, 0, GridCell(g.label("T_" + group.upper()), "caption", colspan=width))
            r += 1
        grid.add(r, 0, GridCell(word("content"), "header"))
        columns = rows[0].columns
        for i, column in enumerate(columns):
            span = width - 1 - i if i == len(columns) - 1 else 1
            grid.add(r, 1 + i, GridCell(g.column_label(column), "header", colspan=span))
        r += 1
        for row in rows:
            grid.add(r, 0, GridCell(g.row_label(row.key), "label"))
            _value_cells(grid, r, 1, row, width)
            r += 1
    return grid


def _merged_labels(grid: Grid, edition: str, rows: list[Row], top: int, levels: int,
                   vertical_level: Optional[int] = None) -> None:
    """Label cells of consecutive rows, merged down where rows share a label part."""
    parts = [label_parts(edition, row.key) for row in rows]
    for i, row_parts in enumerate(parts):
        for level, part in enumerate(row_parts):
            last = level == len(row_parts) - 1
            prefix = row_parts[: level + 1]
            if not last and i > 0 and parts[i - 1][: level + 1] == prefix and len(parts[i - 1]) > level + 1:
                continue  # covered by the merged cell above
            span = 1
            if not last:
                while (i + span < len(parts) and parts[i + span][: level + 1] == prefix
                       and len(parts[i + span]) > level + 1):
                    span += 1
            grid.add(top + i, level, GridCell(
                part, "label", rowspan=span, colspan=levels - level if last else 1,
                vertical=span > 1 and level == vertical_level))


def _applications_grid(table: Table, edition: str) -> Grid:
    g = vocabulary(edition)
    word = g.header_word
    rows = list(table.rows)
    levels = max((len(label_parts(edition, r.key)) for r in rows), default=1)
    columns = rows[0].columns if rows else ()
    width = levels + len(columns)
    grid = Grid(table.kind, width, header_rows=3, label_columns=levels)
    grid.add(0, 0, GridCell(word("balance_note"), "note", rowspan=3, colspan=levels))
    grid.add(0, levels, GridCell(word("applicants"), "header", colspan=len(columns)))
    if columns:
        grid.add(1, levels, GridCell(g.column_label(columns[0]), "header", rowspan=2))
        middle = columns[1:-1]
        if middle:
            grid.add(1, levels + 1, GridCell(word("legal_person"), "header", colspan=len(middle)))
            for i, column in enumerate(middle):
                grid.add(2, levels + 1 + i, GridCell(g.column_label(column), "header"))
        if len(columns) > 1:
            grid.add(1, width - 1, GridCell(g.column_label(columns[-1]), "header", rowspan=2))
    _merged_labels(grid, edition, rows, 3, levels, vertical_level=0)
    for i, row in enumerate(rows):
        _value_cells(grid, 3 + i, levels, row, width)
    return grid


def _review_grid(table: Table, edition: str) -> Grid:
    g = vocabulary(edition)
    rows = list(table.rows)
    parts = [label_parts(edition, r.key) for r in rows]
    depth = max((len(p) for p in parts), default=1)
    width = sum(len(r.columns) for r in rows)
    grid = Grid(table.kind, width, header_rows=depth + 1, label_columns=0)
    col = 0
    for i, (row, row_parts) in enumerate(zip(rows, parts)):
        for level, part in enumerate(row_parts):
            prefix = row_parts[: level + 1]
            if i > 0 and parts[i - 1][: level + 1] == prefix:
                continue  # the group cell above spans this row's columns too
            span = sum(len(rows[j].columns) for j in range(i, len(rows))
                       if parts[j][: level + 1] == prefix and all(
                           parts[k][: level + 1] == prefix for k in range(i, j + 1)))
            grid.add(level, col, GridCell(part, "header", colspan=span))
        for j, column in enumerate(row.columns):
            grid.add(len(row_parts), col + j, GridCell(
                g.column_label(column), "header", rowspan=depth + 1 - len(row_parts)))
        col += len(row.columns)
    col = 0
    for row in rows:
        for cell in row.cells:
            grid.add(depth + 1, col, GridCell(cell_text(cell), "value", cell=cell))
            col += 1
    return grid
