"""What every reader produces: the document as logical lines with their source positions."""

from __future__ import annotations

from typing import Any, Final, Tuple

from attrs import frozen


class Line:
    """A logical line: prose, a heading, or a table row as ``cell | cell | …`` or tab-separated.

    ``number`` and ``column`` say where it starts in the original file (for a web page or a
    Word file: the source line of its element, or the paragraph's index).

    A plain class with Final fields rather than an attrs class: every pass over a report
    reads its lines' text, and compiled (setup.py) a plain class's fields are struct
    members, read directly and refused writes, where an attrs class's are looked up by
    name. Equal, hashable, picklable and printed as the attrs class was.
    """

    __slots__ = ("text", "number", "column")

    def __init__(self, text: str, number: int, column: int = 1) -> None:
        self.text: Final = text
        self.number: Final = number
        self.column: Final = column

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Line):
            return NotImplemented
        return self.text == other.text and self.number == other.number and self.column == other.column

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Line):
            return NotImplemented
        return not self == other

    def __hash__(self) -> int:
        return hash((self.text, self.number, self.column))

    def __repr__(self) -> str:
        return f"Line(text={self.text!r}, number={self.number!r}, column={self.column!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Line, (self.text, self.number, self.column))


@frozen
class Source:
    """A document read into lines, ready for the lexer."""

    name: str  # the path as the user gave it, or "-"
    lines: Tuple[Line, ...]
    format: str = "text"  # text, markdown, html, docx, pdf
    encoding: str = "utf-8"
    # A page header's fields (标题, 发布机构 …: giar.read.metadata) and its lines, which are
    # not part of ``lines``.
    metadata: Tuple[Tuple[str, str], ...] = ()
    furniture: Tuple[Line, ...] = ()
