"""The parse tree → the typed AST. Rule names are the AST's keys (see grammar/)."""

from __future__ import annotations

import re
from typing import Any, Final, Iterable, Optional, Union

from giar.format.title import title_parts
from giar.model.ast import (
    TABLE_CLASSES,
    UNDETERMINED_RUN,
    Amount,
    Block,
    Cell,
    Comment,
    Empty,
    Fragment,
    HeaderLine,
    Marker,
    Paragraph,
    Report,
    Row,
    Section,
    Span,
    Subheading,
    Table,
    Title,
)
from giar.model.construct import new_count, new_paragraph, new_row, new_span
from giar.parse.grammar import EditionGrammar
from giar.parse.lalr import Node
from giar.parse.lexer import EMPTY, MISSING_CELL, NUMBER, RUN, CellInfo, GToken
from giar.read.layout import UNDETERMINED
from giar.read.metadata import header_title
from giar.read.source import Source

_PERIOD_YEAR: Final = re.compile(r"(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日")
# Where a preamble names the agency responsible for the report.
_PREAMBLE_AGENCY: Final = (
    re.compile(r"请与([^，。,；;（(]{2,40}?)联系"),
    re.compile(r"本(?:年度)?报告由([^，。,；;（(]{2,40}?)(?:根据|依据|按照|编制)"),
    re.compile(r"现将([^，。,；;（(]{2,40}?)\d{4}\s*年"),
)



def span_of(tok: Union[GToken, CellInfo]) -> Span:
    """Where a token or a table cell stands (both know their line, column and ends)."""
    return new_span(tok.line or 0, tok.column or 0, tok.end_line, tok.end_column)


def make_cell(info: CellInfo, column: str) -> Cell:
    """The AST cell of a value cell the lexer shifted as ``column``."""
    kind = info.kind
    if kind == MISSING_CELL:
        return Empty(missing=True)
    text = info.text
    line, col = info.line, info.column
    span = new_span(line, col, line, col + len(text))
    if kind == NUMBER:
        number = info.number
        assert number is not None  # (the lexer sets it for every NUMBER cell)
        # The lexer's number pattern is [-+]?digits(.digits)?: no point, an integer.
        if "." not in number and column != "amount":
            return new_count(int(number), text, info.unit, info.note, span)
        return Amount(number.lstrip("+"), source_text=text, unit=info.unit, note=info.note, span=span)
    if kind == RUN:
        # Several numbers in one cell (``4 1``) that the row could not take apart: the
        # document does not say which is this column's.
        return Empty(source_text=text, undetermined=True, span=span)
    if kind == EMPTY:
        if text[:1] == UNDETERMINED:
            return Empty(source_text=text[1:], undetermined=True, span=span)
        return Empty(source_text=text, span=span)
    return Marker(text, source_text=text, span=span)


def first_placed(node: Node) -> Any:
    """The first token or cell under ``node`` with a place in the source (a missing cell
    has none), or None."""
    for child in node.children:
        if isinstance(child, Node):
            found = first_placed(child)
            if found is not None:
                return found
        elif child.line:
            return child
    return None


class Builder:
    def __init__(self, g: EditionGrammar):
        self.g = g

    def row(self, tree: Node, group: Optional[str]) -> Row:
        key = str(tree.data)  # (a freshly compiled grammar names rules with Lark Tokens)
        columns = self.g.row_columns[key]
        label: Optional[str] = None
        recovered = False
        missing = False
        cells: list[Cell] = []
        span: Optional[Span] = None
        column_keys = self.g.column_keys
        children: list[Any] = tree.children  # the label's token, then the value cells
        for child in children:
            if isinstance(child, CellInfo):  # a value cell, pushed as a column terminal
                cell = make_cell(child, column_keys[child.type or ""])
                cells.append(cell)
                if span is None and child.line:
                    span = cell.span
            elif child.type == "MISSING":
                missing = True
                span = span_of(child)
            else:  # the label
                label = child.value
                payload = child.payload
                recovered = child.type == "LOST_LABEL" or bool(payload and payload[1])
                span = span_of(child)
        if missing:
            cells = [Empty(missing=True) for _ in columns]
        return new_row(key, columns, tuple(cells), group, label, recovered, missing, span)

    def rows(self, tree: Node, group: Optional[str] = None) -> Iterable[Row]:
        for child in tree.children:
            if isinstance(child, Node):
                if child.data in self.g.row_columns:
                    yield self.row(child, group)
                else:
                    yield from self.rows(child, str(child.data))
            elif child.type == "MISSING" and tree.data in self.g.group_rows:
                for key in self.g.rows_of(tree.data):
                    yield Row(str(key), self.g.row_columns[key],
                              tuple(Empty(missing=True) for _ in self.g.row_columns[key]),
                              str(tree.data), missing=True, span=span_of(child))

    def headers(self, tree: Node) -> Iterable[HeaderLine]:
        """The table's header lines, in order (rows hold none, so they are not searched)."""
        for child in tree.children:
            if isinstance(child, Node):
                if child.data not in self.g.row_columns:
                    yield from self.headers(child)
            elif child.type == "HEADER":
                yield HeaderLine(tuple(child.payload), span=span_of(child))

    def table(self, tree: Node) -> Table:
        cls = TABLE_CLASSES[tree.data]
        first = first_placed(tree)
        span = span_of(first) if first is not None else None
        return cls(str(tree.data), tuple(self.rows(tree)), headers=tuple(self.headers(tree)), span=span)

    def blocks(self, children: list[Any]) -> list[Block]:
        out: list[Block] = []
        for child in children:
            if isinstance(child, Node):
                out.append(self.table(child))
            elif child.type == "PARAGRAPH":
                out.append(new_paragraph(child.value, span_of(child)))
            elif child.type == "SUBHEADING":
                out.append(Subheading(child.value, span=span_of(child)))
            elif child.type == "COMMENT":
                out.append(Comment(child.value, span=span_of(child)))
        return out

    def section(self, tree: Node) -> Section:
        heading: Any = tree.children[0]
        return Section(tree.data[: -len("_section")], tuple(self.blocks(tree.children[1:])),
                       source_heading=heading.value, span=span_of(heading))


def preamble_facts(blocks: Iterable) -> tuple[Optional[str], Optional[int]]:
    agency, year = None, None
    for block in blocks:
        if not isinstance(block, (Paragraph, Subheading)):
            continue
        text = re.sub(r"\s+", "", block.text)
        if year is None:
            m = _PERIOD_YEAR.search(text)
            if m:
                year = int(m.group(1))
        if agency is None:
            for pattern in _PREAMBLE_AGENCY:
                m = pattern.search(text)
                if m:
                    agency = m.group(1)
                    break
    return agency, year


def build_report(tree: Node, g: EditionGrammar, source: Source, strays, artefacts) -> Report:
    b = Builder(g)
    title: Optional[Title] = None
    preamble: list = []
    sections: list[Section] = []
    for child in tree.children:
        if not isinstance(child, Node) and child.type == "TITLE":
            text = re.sub(r"\s+", "", child.value)
            title = Title(text, source_text=child.value, span=span_of(child))
        elif isinstance(child, Node) and child.data == "preamble":
            preamble = b.blocks(child.children)
        elif isinstance(child, Node):
            sections.append(b.section(child))
    if title is None and source.metadata:
        title = metadata_title(source)  # (a page header's title, for a report with none)
    agency, year = title_parts(title.text if title else None)
    if agency is None or year is None:
        p_agency, p_year = preamble_facts(preamble)
        agency = agency or (p_agency if title is None else None)
        year = year or p_year
    strays = list(strays) + undetermined_runs(sections)
    unrecognised = tuple(
        Fragment(text, reason, span=Span(line, col))
        for text, line, col, reason in sorted(strays, key=lambda s: (s[1], s[2]))
    )
    furniture = tuple(Fragment(ln.text, "metadata", span=Span(ln.number, ln.column)) for ln in source.furniture)
    return Report(
        g.edition, title, agency, year, tuple(preamble), tuple(sections), unrecognised,
        artefacts=furniture + tuple(Fragment(t, "layout", span=Span(line, col)) for t, line, col in artefacts),
        source_name=source.name,
    )


def metadata_title(source: Source) -> Optional[Title]:
    """The title of a page header (标题: …), for a report that prints none."""
    text = header_title(source.metadata)
    if not text:
        return None
    line = next((ln for ln in source.furniture if text in ln.text), None)
    span = Span(line.number, line.column + line.text.index(text)) if line else None
    return Title(re.sub(r"\s+", "", text), source_text=text, span=span)


def undetermined_runs(sections: list[Section]) -> list[tuple[str, int, int, str]]:
    """The runs of digits the document does not split, kept as unplaced text (the cells
    stay empty): the row's label as written and the run."""
    out = []
    for section in sections:
        for table in section.tables:
            for row in table.rows:
                for cell in row.cells:
                    if isinstance(cell, Empty) and cell.undetermined and cell.source_text:
                        label = row.source_label or ""
                        at = cell.span or Span(0, 0)
                        out.append((f"{label} {cell.source_text}".strip(), at.line, at.column,
                                    UNDETERMINED_RUN))
    return out
