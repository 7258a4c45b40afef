"""The parser's constructors (giar.model.construct) against attrs' own __init__."""

from __future__ import annotations

import attrs
import pytest

from giar.model.ast import Count, Paragraph, Row, Span
from giar.model.construct import fields_are, new_count, new_paragraph, new_row, new_span
import copy
import pickle

import giar
from giar.read.source import Line


def everything(node) -> tuple:
    """Every field, those left out of equality (spans, source text) included."""
    return tuple(getattr(node, f.name) for f in attrs.fields(type(node)))


def test_constructors_make_what_attrs_makes():
    span = new_span(3, 5, 3, 8)
    made = [
        (span, Span(3, 5, 3, 8)),
        (new_count(12, "１２件", "件", None, span), Count(12, source_text="１２件", unit="件", span=span)),
        (new_row("fees", ("amount",), (), "item_8", "行政事业性收费", True, False, span),
         Row("fees", ("amount",), (), "item_8", source_label="行政事业性收费", label_recovered=True, span=span)),
        (new_paragraph("本年度……", span), Paragraph("本年度……", span=span)),
    ]
    for ours, theirs in made:
        assert type(ours) is type(theirs)
        assert everything(ours) == everything(theirs)
        assert ours == theirs and hash(ours) == hash(theirs)
        assert attrs.evolve(ours) == theirs


def test_a_constructor_that_misses_a_field_fails_at_import():
    with pytest.raises(TypeError, match="out of date for Span"):
        fields_are(Span, ("line", "column", "end_line"))
    with pytest.raises(TypeError):
        fields_are(Span, ("column", "line", "end_line", "end_column"))  # order matters too


def test_a_line_is_a_value():
    line = Line("规章 | 1", 7)
    assert line == Line("规章 | 1", 7, 1) and hash(line) == hash(Line("规章 | 1", 7, 1))
    assert line != Line("规章 | 1", 8) and line != Line("规章 | 2", 7) and line != Line("规章 | 1", 7, 2)
    assert line != ("规章 | 1", 7, 1)
    assert len({line, Line("规章 | 1", 7), Line("规章 | 1", 8)}) == 2
    assert pickle.loads(pickle.dumps(line)) == line and copy.copy(line) == line
    assert repr(line) == "Line(text='规章 | 1', number=7, column=1)"
    if giar.build() == "compiled":  # (pure Python, mypy holds the fields Final)
        with pytest.raises(AttributeError):
            line.text = "规章 | 2"  # type: ignore[misc]
