"""What a rule sees: the report, where it came from, and helpers for placing findings.

Official wording and the tables' shape come from the edition's grammar, through
``ctx.g`` (a ``giar.format.Vocabulary``): ``ctx.heading(kind)``, ``ctx.row_label(key)``,
``ctx.column_label(key)``, ``ctx.caption(group)`` … A rule never spells a label itself,
and asks the grammar (``ctx.g.has_row(…)``, ``ctx.g.has_column(…)``) rather than the
edition's id what a report should hold.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterable, Iterator, Optional, Union

import attrs

from giar.check.rule import Finding, Fix, Related, Rule
from giar.format import Vocabulary, vocabulary
from giar.model.ast import (
    Amount, Comment, Count, Empty, Marker, Paragraph, Report, Row, Section, Span, Subheading, Table,
    numeric_value,
)
from giar.read.source import Source

# Where a block lives: ("preamble", i) or ("section", section_index, block_index).
BlockPath = tuple


class Context:
    """One report under check."""

    def __init__(self, report: Report, path: str, source: Optional[Source] = None):
        self.report = report
        self.path = path
        self.source = source
        self.edition = report.edition
        self.g: Vocabulary = vocabulary(report.edition)

    # ---------------------------------------------------------------- wording

    def heading(self, kind: str) -> str:
        return self.g.heading(kind)

    def heading_text(self, kind: str) -> str:
        """A heading without its numeral: 存在的主要问题及改进情况."""
        return self.heading(kind).split("、", 1)[-1]

    def part(self, kind: str) -> str:
        """第五部分: a section by its number, as messages name it."""
        return f"第{self.g.section_numeral(kind)}部分"

    def section_name(self, kind: str) -> str:
        """第五部分“五、存在的主要问题及改进情况”."""
        return f"{self.part(kind)}“{self.heading(kind)}”"

    def table_label(self, kind: str) -> str:
        return self.heading(self.g.table_section[kind])

    def row_label(self, key: str) -> str:
        return self.g.row_label(key)

    def column_label(self, key: str) -> str:
        return self.g.column_label(key)

    def caption(self, group: Optional[str]) -> str:
        return self.g.caption(group)

    def row_title(self, row: Row) -> str:
        """A row as an officer names it: 第二十条第（六）项 行政强制; 行政复议; …"""
        label = self.row_label(row.key)
        return f"{self.caption(row.group)} {label}" if row.group else label

    # ---------------------------------------------------------------- walking

    def blocks(self) -> Iterator[tuple[BlockPath, Any, Optional[Section]]]:
        for i, block in enumerate(self.report.preamble):
            yield ("preamble", i), block, None
        for si, section in enumerate(self.report.sections):
            for bi, block in enumerate(section.body):
                yield ("section", si, bi), block, section

    def prose(self) -> Iterator[tuple[BlockPath, Union[Paragraph, Subheading], Optional[Section]]]:
        for path, block, section in self.blocks():
            if isinstance(block, (Paragraph, Subheading)):
                yield path, block, section

    def tables(self) -> Iterator[Table]:
        for section in self.report.sections:
            yield from section.tables

    def table(self, kind: str) -> Optional[Table]:
        return self.report.table(kind)

    def last_line(self) -> int:
        return max((line for line, _ in _all_positions(self.report)), default=1)

    def first_line(self) -> int:
        """The line of the document's first block (where document-level findings go)."""
        r = self.report
        candidates = []
        if r.title and r.title.span:
            candidates.append(r.title.span.line)
        for block in r.preamble:
            if getattr(block, "span", None) and not isinstance(block, Comment):
                candidates.append(block.span.line)
                break
        if r.sections and r.sections[0].span:
            candidates.append(r.sections[0].span.line)
        return min(candidates, default=1)

    # ---------------------------------------------------------------- findings

    def finding(self, rule: Union[Rule, type[Rule]], message: str, span: Optional[Span] = None, *,
                line: Optional[int] = None, column: Optional[int] = None,
                end_line: Optional[int] = None, end_column: Optional[int] = None,
                table: Optional[Table] = None, row: Optional[Row] = None,
                table_column: Optional[str] = None, expected: Any = None, found: Any = None,
                related: Iterable[Related] = (), fix: Optional[Fix] = None,
                severity: Optional[str] = None) -> Finding:
        if span is not None:
            line = line or span.line
            column = column or span.column
            end_line = end_line or span.end_line
            end_column = end_column or span.end_column
        line = line or self.first_line()
        column = column or 1
        if end_line is None and end_column is not None:
            end_line = line
        kind = table.kind if table is not None else None
        return Finding(
            file=self.path, line=line, column=column, end_line=end_line, end_column=end_column,
            code=rule.code, name=rule.name, severity=severity or rule.severity, message=message,
            table=kind, table_label=self.table_label(kind) if kind else None,
            row=row.key if row is not None else None,
            row_label=self.row_label(row.key) if row is not None else None,
            table_column=table_column,
            table_column_label=self.column_label(table_column) if table_column else None,
            expected=expected, found=found, related=tuple(related), fix=fix,
        )

    def cell_place(self, row: Row, column: str) -> dict:
        """line/column/end of a cell (falling back to its row when the cell has no position)."""
        cell = row.cell(column)
        span = cell.span if cell.span and cell.span.line else row.span
        if span is None or not span.line:
            return {}
        out = {"line": span.line, "column": span.column or 1}
        if cell.span is span:
            width = len(getattr(cell, "source_text", "") or "") or 1
            out["end_line"] = span.line
            out["end_column"] = (span.column or 1) + width
        return out


# ---------------------------------------------------------------- numbers


def value(cell) -> Optional[Decimal]:
    """The number a cell holds, or None (an empty cell is never 0)."""
    return numeric_value(cell)


def number_json(v: Optional[Decimal]):
    """A Decimal as JSON: an int when whole, else the decimal string."""
    if v is None:
        return None
    if v == v.to_integral_value():
        return int(v)
    return format(v.normalize(), "f")


def fmt(v: Optional[Decimal]) -> str:
    if v is None:
        return "（空）"
    j = number_json(v)
    return str(j)


# ---------------------------------------------------------------- positions


def _all_positions(report: Report) -> Iterator[tuple[int, int]]:
    if report.title and report.title.span:
        yield report.title.span.end_line or report.title.span.line, 1
    for block in report.preamble:
        yield from _block_positions(block)
    for section in report.sections:
        if section.span:
            yield section.span.line, 1
        for block in section.body:
            yield from _block_positions(block)
    for frag in report.unrecognised:
        if frag.span:
            yield frag.span.line, 1


def _block_positions(block) -> Iterator[tuple[int, int]]:
    if isinstance(block, Table):
        lo, hi = table_lines(block)
        if lo:
            yield lo, 1
            yield hi, 1
    elif getattr(block, "span", None) and block.span.line:
        yield block.span.end_line or block.span.line, 1


def table_lines(table: Table) -> tuple[int, int]:
    """The first and last source line of a table (0, 0 when unknown)."""
    lines = []
    if table.span and table.span.line:
        lines.append(table.span.line)
    for h in table.headers:
        if h.span and h.span.line:
            lines.append(h.span.line)
    for row in table.rows:
        if row.missing:
            continue
        if row.span and row.span.line:
            lines.append(row.span.line)
        for cell in row.cells:
            if cell.span and cell.span.line:
                lines.append(cell.span.end_line or cell.span.line)
    return (min(lines), max(lines)) if lines else (0, 0)


def block_lines(block) -> tuple[int, int]:
    if isinstance(block, Table):
        return table_lines(block)
    span = getattr(block, "span", None)
    if span is None or not span.line:
        return (0, 0)
    return span.line, span.end_line or span.line


# ---------------------------------------------------------------- AST edits


def replace_block(report: Report, path: BlockPath, new) -> Report:
    if path[0] == "preamble":
        body = list(report.preamble)
        body[path[1]] = new
        return attrs.evolve(report, preamble=tuple(body))
    _, si, bi = path
    sections = list(report.sections)
    body = list(sections[si].body)
    body[bi] = new
    sections[si] = attrs.evolve(sections[si], body=tuple(body))
    return attrs.evolve(report, sections=tuple(sections))


def get_block(report: Report, path: BlockPath):
    try:
        if path[0] == "preamble":
            return report.preamble[path[1]]
        return report.sections[path[1]].body[path[2]]
    except IndexError:
        return None


def replace_table(report: Report, kind: str, new: Table) -> Report:
    """Replace the first table of this kind (the one ``report.table(kind)`` returns)."""
    for si, section in enumerate(report.sections):
        for bi, block in enumerate(section.body):
            if isinstance(block, Table) and block.kind == kind:
                return replace_block(report, ("section", si, bi), new)
    return report


def replace_row(table: Table, key: str, new: Row) -> Table:
    return attrs.evolve(table, rows=tuple(new if r.key == key else r for r in table.rows))


def set_cell(row: Row, column: str, cell) -> Row:
    i = row.columns.index(column)
    cells = list(row.cells)
    cells[i] = cell
    return attrs.evolve(row, cells=tuple(cells))


def count_cell(v: Decimal):
    j = number_json(v)
    if isinstance(j, int):
        return Count(j, source_text=str(j))
    return Amount(j, source_text=j)


def is_blank(cell) -> bool:
    return isinstance(cell, (Empty, Marker))


# Han characters (CJK unified ideographs, extension A, compatibility ideographs).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{CJK}]")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


__all__ = [
    "Context", "value", "fmt", "number_json", "table_lines", "block_lines", "replace_block",
    "get_block", "replace_table", "replace_row", "set_cell", "count_cell", "is_blank", "CJK", "has_han",
]
