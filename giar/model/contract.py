"""The JSON interchange form of a report (the contract in FORMAT.md; schema in giar/schema/).

Keys never change silently: ``schema_version`` rises with any change, and the JSON Schema
file shipped with giar (made by giar.format.schema from the grammars) describes exactly
what this module writes.
"""

from __future__ import annotations

from typing import Any

from giar.format.schema import SCHEMA_VERSION
from giar.model.ast import Comment, Paragraph, Report, Subheading, Table

__all__ = ["SCHEMA_VERSION", "block_json", "report_json", "table_json"]


def table_json(table: Table) -> dict[str, dict[str, Any]]:
    return {row.key: {col: cell.json() for col, cell in row.items()} for row in table.rows}


def block_json(block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text}
    if isinstance(block, Subheading):
        return {"type": "subheading", "text": block.text}
    if isinstance(block, Comment):
        return {"type": "comment", "text": block.text}
    return {"type": "table", "table": block.kind}


def report_json(report: Report, source: str | None = None) -> dict[str, Any]:
    """The report as the JSON contract: edition, title, agency, year, tables, sections."""
    tables = {kind: table_json(t) for kind, t in report.tables.items()}
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "source": source if source is not None else report.source_name,
        "edition": report.edition,
        "title": report.title.text if report.title else None,
        "agency": report.agency,
        "year": report.year,
        "tables": tables,
        "preamble": [block_json(b) for b in report.preamble],
        "sections": [
            {"kind": s.kind, "heading": s.source_heading, "blocks": [block_json(b) for b in s.body]}
            for s in report.sections
        ],
        "unrecognised": [
            {"text": f.text, "line": f.span.line if f.span else None} for f in report.unrecognised
        ],
    }
    return out
