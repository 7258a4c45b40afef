"""The JSON interchange form back into a ``Report``: the inverse of ``contract.report_json``.

``report_from_json(report_json(r)) == r`` for every report whose tables stand one of each
kind: the JSON keeps the data of the first table of each kind only (FORMAT.md), so a
second table of a kind — a damaged report printing one twice — is left out. Rows take their columns
and, in table 2, their sub-table from the grammar of the report's edition. Cell values
follow the contract: an integer is a count, a string holding a decimal is an amount, any
other string a marker (``/``, ``—``, ``不适用``), ``null`` an empty cell.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional

import attrs

from giar.errors import GiarError
from giar.model.ast import (
    TABLE_CLASSES, Amount, Cell, Comment, Count, Empty, Fragment, Marker, Paragraph,
    Report, Row, Section, Span, Subheading, Table, Title,
)
from giar.format import edition_ids, vocabulary

_DECIMAL = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


class JsonReportError(GiarError):
    pass


def cell_from_json(value: Any, where: str, name: str) -> Cell:
    if value is None:
        return Empty()
    if isinstance(value, bool):
        raise JsonReportError(name, f"{where}: expected a number, a string or null, got {value!r}")
    if isinstance(value, int):
        return Count(value, source_text=str(value))
    if isinstance(value, float):
        # Not written by giar (amounts are strings), but a hand-made file may hold one.
        text = repr(value)
        return Count(int(value)) if value.is_integer() else Amount(text, source_text=text)
    if isinstance(value, str):
        if _DECIMAL.match(value):
            return Amount(value.lstrip("+"), source_text=value)
        return Marker(value, source_text=value)
    raise JsonReportError(name, f"{where}: expected a number, a string or null, got {type(value).__name__}")


def table_from_json(kind: str, rows: Mapping[str, Mapping[str, Any]], edition: str, name: str) -> Table:
    g = vocabulary(edition)
    groups = {row: group for group, members in g.group_rows.items() for row in members}
    out = []
    if not isinstance(rows, Mapping):
        raise JsonReportError(name, f"tables.{kind}: expected an object of rows")
    for key, cells in rows.items():
        columns = g.row_columns.get(key)
        if columns is None:
            raise JsonReportError(name, f"tables.{kind}.{key}: no such row in the {edition} edition")
        if not isinstance(cells, Mapping):
            raise JsonReportError(name, f"tables.{kind}.{key}: expected an object of cells")
        unknown = set(cells) - set(columns)
        if unknown:
            raise JsonReportError(name, f"tables.{kind}.{key}: unknown column {sorted(unknown)[0]!r}")
        values = tuple(
            cell_from_json(cells[c], f"tables.{kind}.{key}.{c}", name) if c in cells else Empty(missing=True)
            for c in columns
        )
        out.append(Row(key, columns, values, groups.get(key) if kind == "active_disclosure" else None))
    return TABLE_CLASSES[kind](kind, tuple(out))


def block_from_json(block: Mapping[str, Any], tables: dict, placed: set, where: str, name: str):
    kind = block.get("type") if isinstance(block, Mapping) else None
    if kind == "paragraph":
        return Paragraph(str(block["text"]))
    if kind == "subheading":
        return Subheading(str(block["text"]))
    if kind == "comment":
        return Comment(str(block["text"]))
    if kind == "table":
        table = block.get("table")
        if table not in tables and table not in placed:
            raise JsonReportError(name, f"{where}: table {table!r} is not in tables")
        if table in placed:
            return None  # a second table of a kind: the contract keeps only the first one's data
        placed.add(table)
        return tables[table]
    raise JsonReportError(name, f"{where}: unknown block {block!r}")


def _blocks(items, tables: dict, placed: set, where: str, name: str) -> tuple:
    blocks = (block_from_json(b, tables, placed, f"{where}[{i}]", name) for i, b in enumerate(items or ()))
    return tuple(b for b in blocks if b is not None)


def _place_tables(sections: list, tables: dict, placed: set, edition: str) -> list:
    """Tables no block refers to (a JSON made by another tool) go to the end of their
    section, which is added in the official order if the JSON has none."""
    g = vocabulary(edition)
    for kind, table in tables.items():
        if kind in placed:
            continue
        section_kind = g.table_section[kind]
        for i, section in enumerate(sections):
            if section.kind == section_kind:
                sections[i] = attrs.evolve(section, body=section.body + (table,))
                break
        else:
            order = g.section_kinds.index(section_kind)
            at = next((i for i, sec in enumerate(sections) if g.section_kinds.index(sec.kind) > order), len(sections))
            sections.insert(at, Section(section_kind, (table,)))
    return sections


def report_from_json(data: Mapping[str, Any], name: Optional[str] = None) -> Report:
    """A ``Report`` from the JSON contract (as ``giar parse`` prints it)."""
    name = name or (data.get("source") if isinstance(data, Mapping) else None) or "-"
    if not isinstance(data, Mapping):
        raise JsonReportError(name, "expected a JSON object")
    edition = data.get("edition")
    if edition not in edition_ids():
        raise JsonReportError(name, f"edition: expected one of {', '.join(edition_ids())}, got {edition!r}")
    raw_tables = data.get("tables") or {}
    tables = {}
    for kind, rows in raw_tables.items():
        if kind not in TABLE_CLASSES:
            raise JsonReportError(name, f"tables: unknown table {kind!r}")
        tables[kind] = table_from_json(kind, rows, edition, name)
    placed: set = set()
    preamble = _blocks(data.get("preamble"), tables, placed, "preamble", name)
    sections = []
    kinds = vocabulary(edition).section_kinds
    for i, s in enumerate(data.get("sections") or ()):
        if not isinstance(s, Mapping) or s.get("kind") not in kinds:
            raise JsonReportError(name, f"sections[{i}]: expected a section with kind one of {', '.join(kinds)}")
        body = _blocks(s.get("blocks"), tables, placed, f"sections[{i}].blocks", name)
        sections.append(Section(s["kind"], body, source_heading=s.get("heading") or ""))
    sections = _place_tables(sections, tables, placed, edition)
    title = data.get("title")
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise JsonReportError(name, f"year: expected an integer or null, got {year!r}")
    unrecognised = tuple(
        Fragment(str(f.get("text", "")), span=Span(f["line"]) if f.get("line") else None)
        for f in data.get("unrecognised") or ()
    )
    return Report(
        edition,
        Title(title, source_text=title) if title else None,
        data.get("agency"),
        year,
        preamble,
        tuple(sections),
        unrecognised,
        source_name=str(data.get("source") or ""),
    )
