"""Text helpers shared by the HTML, Word and PDF readers.

Readers turn rendered layout into the logical lines of ``giar.read.source``: a paragraph
is one line of normalised text, a table row is its cells joined by `` | ``. The rules here
are about characters and whitespace only, never about what a report says.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

# Code points that stand for ordinary CJK ideographs in PDF text layers and Word files:
# Kangxi radicals (⾏ U+2F8F → 行), the CJK radicals supplement, and the two blocks of
# CJK compatibility ideographs. Only these are NFKC-normalised; full-width punctuation in
# prose (（ ， ：) is kept as written.
_CJK_COMPAT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")

# A run of whitespace (including NBSP and the ideographic space) in rendered text.
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_BREAK = "\n"


def normalise_cjk(text: str) -> str:
    """Replace CJK compatibility and radical code points by the ideographs they stand for."""
    return _CJK_COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def is_wide(ch: str) -> bool:
    """True for East Asian wide/full-width characters (ideographs, kana, CJK punctuation)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def collapse(text: str) -> str:
    """Collapse whitespace the way a browser renders it, with the CSS segment-break rule.

    A whitespace run becomes one space, except that a run containing a line break (a
    newline in the source, a ``<br>`` or paragraph boundary marked by ``\\n``) disappears
    when a wide (CJK) character stands on either side of it: ``本年新<br>制作数量`` is
    ``本年新制作数量``, ``2023\\n年`` is ``2023年``. Leading and trailing whitespace goes.
    Every other character is kept.
    """
    text = normalise_cjk(text)
    out = []
    pos = 0
    for m in _WS.finditer(text):
        out.append(text[pos:m.start()])
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not before or not after:
            pass  # leading or trailing whitespace
        elif _BREAK in m.group() and (is_wide(before) or is_wide(after)):
            pass
        else:
            out.append(" ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def cell_text(text: str) -> str:
    """A table cell's text: line breaks inside a cell never break the row; no pipes."""
    return collapse(text).replace("|", "｜")


def row_line(cells: Iterable[str]) -> str:
    """A table row as the lexer reads it: cells joined by `` | `` (an empty cell is empty)."""
    return " | ".join(cells)


def first_line(numbers: Iterable[Optional[int]], default: int = 1) -> int:
    return next((n for n in numbers if n), default)
