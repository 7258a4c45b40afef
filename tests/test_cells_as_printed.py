"""Cells as converters print them: never a number the document does not say.

Each case is the smallest form of what a real converter produced over the invented
reports (tests/converted/): markitdown's PDF tables with two columns' numbers in one cell,
pymupdf4llm's decimal split over two cells, pdftotext -layout's space-aligned rows.
"""

from __future__ import annotations

from pathlib import Path

from giar.model.ast import Amount, Count, Empty
from giar.parse import parse_text

CLEAN = (Path(__file__).parent / "data" / "clean_2023.md").read_text("utf-8")
ROW = "| 一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 1 | 0 | 13 |"


def new_received(text: str):
    return parse_text(text).tables["applications"].row("new_received")


def test_two_columns_in_one_cell_are_split_when_the_row_then_has_its_width():
    assert ROW in CLEAN
    merged = CLEAN.replace(ROW, "| 一、本年新收政府信息公开申请数量 | 10 2 | 0 0 | 1 0 | 13 |")
    assert new_received(merged) == new_received(CLEAN)


def test_two_numbers_in_one_cell_are_never_one_number():
    # 10 2 with the row one cell short still: which number is whose is not written.
    text = CLEAN.replace(ROW, "| 一、本年新收政府信息公开申请数量 | 10 2 | 0 | 0 | 1 | 13 |")
    row = new_received(text)
    first = row.cell("natural_person")
    assert isinstance(first, Empty) and first.undetermined and first.source_text == "10 2"
    assert all(not (isinstance(c, Count) and c.value == 102) for c in row.cells)


def test_a_decimal_split_over_two_cells_is_one_number():
    row = "| 行政事业性收费 | 1.5 |"
    assert row in CLEAN
    text = CLEAN.replace(row, "| 行政事业性收费 | 1 | .5 |")
    cell = parse_text(text).tables["active_disclosure"].row("fees").cell("amount")
    assert cell == Amount("1.5")


def test_space_aligned_rows_are_not_joined_as_wrapped_prose():
    """pdftotext -layout: a wide header line followed by its rows was taken for a wrapped
    paragraph and joined to them, and table 2's first sub-table lost its rows."""
    lines = Path(__file__).parent.joinpath("converted", "clean-2025", "pdftotext-pdf-layout.txt").read_text("utf-8")
    report = parse_text(lines, "layout.txt")
    regulations = report.tables["active_disclosure"].row("regulations")
    assert [c.value for c in regulations.cells] == [0, 0, 0]
    assert report.tables["active_disclosure"].row("licensing").cell("decisions") == Count(1286)
