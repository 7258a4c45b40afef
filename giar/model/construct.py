"""Constructors for the nodes a parse makes by the hundred: cells, their spans, rows.

attrs' ``__init__`` for a frozen class sets each field through ``object.__setattr__``
(the class's own ``__setattr__`` refuses), behind keyword handling and a bound-method
lookup per call: about 1 µs for a ``Count``, and a report has ~270 cells, each with a
``Span``. These functions set the fields the same way, without the rest; compiled with
the parser (setup.py) they cost a small part of that. What they make is an ordinary
instance: equal, hashable, ``attrs.evolve``-able.

Each names its class's fields; ``fields_are`` checks at import that the names are all of
them, in order, so that a field added to the model cannot be left unset here.
``object.__setattr__`` is written out each time because mypyc compiles it so to a direct
call; bound to a name first, it would cost more compiled (and less interpreted).
"""

from __future__ import annotations

from typing import Final, Optional

import attrs

from giar.model.ast import Cell, Count, Paragraph, Row, Span


def fields_are(cls: type, names: tuple[str, ...]) -> None:
    """Fail loudly if ``names`` are not exactly the fields of ``cls``, in order, or if a
    field has a validator or converter (which a constructor here would skip)."""
    fields = attrs.fields(cls)
    if tuple(f.name for f in fields) != names or any(f.validator or f.converter for f in fields):
        raise TypeError(f"giar.model.construct is out of date for {cls.__name__}: "
                        f"fields {[f.name for f in fields]}, constructor {list(names)}")


fields_are(Span, ("line", "column", "end_line", "end_column"))
fields_are(Count, ("value", "source_text", "unit", "note", "span"))
fields_are(Row, ("key", "columns", "cells", "group", "source_label", "label_recovered", "missing", "span"))
fields_are(Paragraph, ("text", "span"))


# The classes and object.__new__ bound once, Final: compiled, each is then a static
# rather than two dictionary lookups per node made (object in builtins, the class in
# this module's globals).
_new: Final = object.__new__
_SPAN: Final = Span
_COUNT: Final = Count
_ROW: Final = Row
_PARAGRAPH: Final = Paragraph


def new_span(line: int, column: int, end_line: Optional[int], end_column: Optional[int]) -> Span:
    span = _new(_SPAN)
    object.__setattr__(span, "line", line)
    object.__setattr__(span, "column", column)
    object.__setattr__(span, "end_line", end_line)
    object.__setattr__(span, "end_column", end_column)
    return span


def new_count(value: int, source_text: str, unit: Optional[str], note: Optional[str],
              span: Optional[Span]) -> Count:
    count = _new(_COUNT)
    object.__setattr__(count, "value", value)
    object.__setattr__(count, "source_text", source_text)
    object.__setattr__(count, "unit", unit)
    object.__setattr__(count, "note", note)
    object.__setattr__(count, "span", span)
    return count


def new_row(key: str, columns: tuple[str, ...], cells: tuple[Cell, ...], group: Optional[str],
            source_label: Optional[str], label_recovered: bool, missing: bool,
            span: Optional[Span]) -> Row:
    row = _new(_ROW)
    object.__setattr__(row, "key", key)
    object.__setattr__(row, "columns", columns)
    object.__setattr__(row, "cells", cells)
    object.__setattr__(row, "group", group)
    object.__setattr__(row, "source_label", source_label)
    object.__setattr__(row, "label_recovered", label_recovered)
    object.__setattr__(row, "missing", missing)
    object.__setattr__(row, "span", span)
    return row


def new_paragraph(text: str, span: Optional[Span]) -> Paragraph:
    paragraph = _new(_PARAGRAPH)
    object.__setattr__(paragraph, "text", text)
    object.__setattr__(paragraph, "span", span)
    return paragraph
