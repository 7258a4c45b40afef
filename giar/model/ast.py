"""The typed, immutable AST of an annual report.

Nodes are frozen attrs classes with tuples for children (edit them with ``attrs.evolve``).
Two reports are equal when their content is equal: where a node came from in the source
(``span``) and how the source happened to write it (``source_text``, recovery flags, layout
artefacts) are kept for the linter but left out of equality, so that
``parse(format(x)) == parse(x)``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Iterator, Optional, Union

from attrs import field, frozen


@frozen
class Span:
    """A place in the source: 1-based line and column, end inclusive of the last line."""

    line: int
    column: int = 1
    end_line: Optional[int] = None
    end_column: Optional[int] = None

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


def _span() -> Any:  # (an attrs field; typed Any as attrs.field() is)
    return field(default=None, eq=False, repr=False, kw_only=True)


# ---------------------------------------------------------------- cells


@frozen
class Count:
    """An integer count (may be negative only in the 2019 edition's 本年增/减)."""

    value: int
    source_text: str = field(default="", eq=False, repr=False, kw_only=True)
    unit: Optional[str] = field(default=None, eq=False, kw_only=True)
    note: Optional[str] = field(default=None, eq=False, kw_only=True)
    span: Optional[Span] = _span()

    def json(self) -> Union[int, str, None]:
        return self.value


@frozen
class Amount:
    """A decimal kept exactly as written: a money amount, or a count written with a fraction."""

    text: str
    source_text: str = field(default="", eq=False, repr=False, kw_only=True)
    unit: Optional[str] = field(default=None, eq=False, kw_only=True)
    note: Optional[str] = field(default=None, eq=False, kw_only=True)
    span: Optional[Span] = _span()

    @property
    def value(self) -> Decimal:
        return Decimal(self.text)

    def json(self) -> Union[int, str, None]:
        return self.text


@frozen
class Empty:
    """No value where a number belongs. ``missing`` when the source has no cell at all;
    ``undetermined`` when the source has a value the document does not determine: a run
    of digits that holds several cells and splits more than one way (the run is the
    ``source_text`` of the row's first such cell)."""

    missing: bool = field(default=False, eq=False)
    undetermined: bool = field(default=False, eq=False, kw_only=True)
    source_text: str = field(default="", eq=False, repr=False, kw_only=True)
    span: Optional[Span] = _span()

    def json(self) -> Union[int, str, None]:
        return None


@frozen
class Marker:
    """A non-numeric cell such as ``/``, ``—`` or ``不适用``, kept verbatim."""

    text: str
    source_text: str = field(default="", eq=False, repr=False, kw_only=True)
    span: Optional[Span] = _span()

    def json(self) -> Union[int, str, None]:
        return self.text


Cell = Union[Count, Amount, Empty, Marker]


def numeric_value(cell: Cell) -> Optional[Decimal]:
    """The cell's number, or None when it holds none."""
    if isinstance(cell, Count):
        return Decimal(cell.value)
    if isinstance(cell, Amount):
        try:
            return Decimal(cell.text)
        except InvalidOperation:  # pragma: no cover - Amount text is validated by the lexer
            return None
    return None


# ---------------------------------------------------------------- tables


@frozen
class Row:
    """One row of a table: its key (the JSON key), and one cell per column key."""

    key: str
    columns: tuple[str, ...]
    cells: tuple[Cell, ...]
    group: Optional[str] = None  # the sub-table of table 2 (item_1, item_5, …)
    # How the source wrote the label; None when the row had no label cell at all.
    source_label: Optional[str] = field(default=None, eq=False, kw_only=True)
    label_recovered: bool = field(default=False, eq=False, kw_only=True)
    missing: bool = field(default=False, eq=False, kw_only=True)
    span: Optional[Span] = _span()

    def cell(self, column: str) -> Cell:
        return self.cells[self.columns.index(column)]

    def items(self) -> Iterator[tuple[str, Cell]]:
        return zip(self.columns, self.cells)


@frozen
class HeaderLine:
    """A line of a table's column header as written (kept for the linter)."""

    cells: tuple[str, ...]
    span: Optional[Span] = _span()


@frozen
class Table:
    kind: str
    rows: tuple[Row, ...]
    headers: tuple[HeaderLine, ...] = field(default=(), eq=False, kw_only=True)
    span: Optional[Span] = _span()

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def get(self, key: str) -> Optional[Row]:
        return next((r for r in self.rows if r.key == key), None)


class ActiveDisclosureTable(Table):
    """Table 2, 主动公开政府信息情况."""


class ApplicationsTable(Table):
    """Table 3, 收到和处理政府信息公开申请情况."""


class ReviewLitigationTable(Table):
    """Table 4, 政府信息公开行政复议、行政诉讼情况."""


TABLE_CLASSES = {
    "active_disclosure": ActiveDisclosureTable,
    "applications": ApplicationsTable,
    "review_litigation": ReviewLitigationTable,
}


# ---------------------------------------------------------------- prose and sections


@frozen
class Paragraph:
    text: str
    span: Optional[Span] = _span()


@frozen
class Subheading:
    text: str
    span: Optional[Span] = _span()


@frozen
class Comment:
    """An HTML comment line between blocks (``<!-- giar: ignore GA001 -->``), kept verbatim."""

    text: str  # what stands between <!-- and -->, stripped
    span: Optional[Span] = _span()


@frozen
class Title:
    text: str  # whitespace removed; the source form is kept in source_text
    source_text: str = field(default="", eq=False, repr=False, kw_only=True)
    span: Optional[Span] = _span()


Block = Union[Paragraph, Subheading, Comment, Table]


@frozen
class Section:
    kind: str  # a section of the grammar (giar.format: vocabulary(edition).section_kinds)
    body: tuple[Block, ...]
    source_heading: str = field(default="", eq=False, kw_only=True)
    span: Optional[Span] = _span()

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.body if isinstance(b, Table))


# The reason of a Fragment that keeps a run of digits the document does not split
# (its cells are Empty and undetermined).
UNDETERMINED_RUN = "digits run together that split more than one way"


@frozen
class Fragment:
    """Source text giar could not place (an unrecognised line inside a table, …).

    Kept in the AST so that nothing the user wrote is lost: the linter reports it and the
    canonical writer carries it along as a comment.
    """

    text: str
    reason: str = field(default="", eq=False)
    span: Optional[Span] = _span()


@frozen
class Report:
    edition: str  # "2021" or "2019"
    title: Optional[Title]
    agency: Optional[str]
    year: Optional[int]
    preamble: tuple[Block, ...]
    sections: tuple[Section, ...]
    unrecognised: tuple[Fragment, ...] = ()
    # Page numbers, running footers and similar layout that is not prose.
    artefacts: tuple[Fragment, ...] = field(default=(), eq=False, kw_only=True)
    source_name: str = field(default="", eq=False, kw_only=True)

    def section(self, kind: str) -> Optional[Section]:
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def tables(self) -> dict[str, Table]:
        """The three tables by kind (the first of each kind, wherever it stands)."""
        found: dict[str, Table] = {}
        for section in self.sections:
            for table in section.tables:
                found.setdefault(table.kind, table)
        return found

    def table(self, kind: str) -> Optional[Table]:
        return self.tables.get(kind)
