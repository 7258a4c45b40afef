"""The JSON Schema of ``giar parse``'s output, made from the registry and the grammars.

giar/schema/report.schema.json is this, written out (``python -m giar.format.schema``
rewrites it; a test checks it is current): the editions are the registry's, each
edition's tables have exactly the rows and columns its grammar has, and a money column
(``amount``) holds a decimal string where a count holds an integer.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from giar.format.registry import edition_ids, editions
from giar.format.vocab import vocabulary

SCHEMA_VERSION = "1.0"
MONEY_COLUMNS = ("amount",)  # the columns whose values are decimal strings as written


def _cells(columns: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(columns),
            "properties": {c: {"$ref": "#/$defs/amount" if c in MONEY_COLUMNS else "#/$defs/count"}
                           for c in columns}}


def _tables(edition: str) -> dict[str, Any]:
    g = vocabulary(edition)
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            table: {"type": "object", "additionalProperties": False,
                    "properties": {row: _cells(g.row_columns[row]) for row in g.rows_of(table)}}
            for table in g.table_kinds
        },
    }


def report_schema() -> dict[str, Any]:
    ids = edition_ids()
    kinds = list(dict.fromkeys(k for e in ids for k in vocabulary(e).section_kinds))
    tables = list(dict.fromkeys(t for e in ids for t in vocabulary(e).table_kinds))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://giar.invalid/schema/report-{SCHEMA_VERSION}.json",
        "title": "giar report",
        "description": "The JSON form of a government information disclosure annual report "
                       f"({vocabulary(ids[0]).title_suffix}), as `giar parse` prints it. Keys follow "
                       "../shared/spec/FORMAT.md; schema_version rises with any change. Made "
                       "from giar's grammars (giar/format/schema.py).",
        "type": "object",
        "required": ["schema_version", "source", "edition", "title", "agency", "year", "tables",
                     "preamble", "sections", "unrecognised"],
        "additionalProperties": False,
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "source": {"type": "string",
                       "description": "The file as given on the command line, or '-' for standard input."},
            "edition": {"enum": list(ids),
                        "description": "; ".join(f"{e.id}: {e.notice}" for e in editions()) + "."},
            "title": {"type": ["string", "null"],
                      "description": "The title with whitespace removed; null when the document states none."},
            "agency": {"type": ["string", "null"]},
            "year": {"type": ["integer", "null"], "minimum": 1900, "maximum": 2999},
            "tables": {"type": "object"},
            "preamble": {"type": "array", "items": {"$ref": "#/$defs/block"}},
            "sections": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["kind", "heading", "blocks"],
                    "additionalProperties": False,
                    "properties": {
                        "kind": {"enum": kinds},
                        "heading": {"type": "string", "description": "The heading as the source wrote it."},
                        "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}},
                    },
                },
            },
            "unrecognised": {
                "type": "array",
                "description": "Source text giar could not place (kept so nothing is lost).",
                "items": {
                    "type": "object",
                    "required": ["text", "line"],
                    "additionalProperties": False,
                    "properties": {"text": {"type": "string"}, "line": {"type": ["integer", "null"]}},
                },
            },
        },
        # Each edition's tables, chosen by the report's edition.
        "allOf": [{"if": {"properties": {"edition": {"const": e}}, "required": ["edition"]},
                   "then": {"properties": {"tables": {"$ref": f"#/$defs/tables_{e}"}}}} for e in ids],
        "$defs": {
            "count": {"description": "A count: an integer; null for an empty cell; a marker such as '/' or "
                                     "'—' or a fractional count kept as a string.",
                      "type": ["integer", "string", "null"]},
            "amount": {"description": "A money amount: the decimal exactly as written, as a string; null "
                                      "for an empty cell.", "type": ["string", "null"]},
            "block": {
                "oneOf": [
                    {"type": "object", "required": ["type", "text"], "additionalProperties": False,
                     "properties": {"type": {"enum": ["paragraph", "subheading", "comment"]},
                                    "text": {"type": "string"}}},
                    {"type": "object", "required": ["type", "table"], "additionalProperties": False,
                     "properties": {"type": {"const": "table"}, "table": {"enum": tables}}},
                ]
            },
            **{f"tables_{e}": _tables(e) for e in ids},
        },
    }


def schema_text() -> str:
    return json.dumps(report_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # python -m giar.format.schema [FILE]: write the schema out
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="utf-8") as out:
            out.write(schema_text())
    else:
        sys.stdout.write(schema_text())
