"""What every reader produces: the document as logical lines with their source positions."""

from __future__ import annotations

from typing import Tuple

from attrs import frozen


@frozen
class Line:
    """A logical line: prose, a heading, or a table row as ``cell | cell | …`` or tab-separated.

    ``number`` and ``column`` say where it starts in the original file (for a web page or a
    Word file: the source line of its element, or the paragraph's index).
    """

    text: str
    number: int
    column: int = 1


@frozen
class Source:
    """A document read into lines, ready for the lexer."""

    name: str  # the path as the user gave it, or "-"
    lines: Tuple[Line, ...]
    format: str = "text"  # text, markdown, html, docx, pdf
    encoding: str = "utf-8"
