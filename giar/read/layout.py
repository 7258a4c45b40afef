"""Text helpers shared by the readers (HTML, Word, PDF, and converted text).

Readers turn rendered layout into the logical lines of ``giar.read.source``: a paragraph
is one line of normalised text, a table row is its cells joined by `` | ``. The rules here
are about characters, whitespace and line breaks only, never about what a report says.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Iterable, Optional

# Page numbers, in two strengths. PAGE_NUMBER stands alone between paragraphs of text, where
# a bare number is a table cell: it needs its dashes (- 3 -, — 3 —), 第3页 共7页 or 3/7.
# MARGIN_PAGE_NUMBER is a line in a page's top or bottom margin (the PDF reader's bands),
# where a bare 3, _3_ or Page 3 of 7 is a page number too.
_DASHES: Final = "-—–－―~"
_OF_PAGES: Final = r"第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
PAGE_NUMBER: Final = re.compile(rf"^\s*(?:[{_DASHES}]+\s*\d{{1,4}}\s*[{_DASHES}]+|{_OF_PAGES})\s*$")
MARGIN_PAGE_NUMBER: Final = re.compile(
    rf"^(?:[{_DASHES}_\s]*\d{{1,4}}[{_DASHES}_\s]*|{_OF_PAGES}|[Pp]age\s*\d{{1,4}}(?:\s*of\s*\d{{1,4}})?)$")
_PAGE_NUMBER_ENDS: Final = _DASHES + "页"


def is_page_number(text: str) -> bool:
    """``PAGE_NUMBER.match(text)``, told without the regex for nearly every line: a page
    number ends in a digit, a dash or 页 (a regex match costs a method call even when it
    fails at once, and this runs on every line of every report)."""
    end = text.rstrip()[-1:]
    if not end or not (end in _PAGE_NUMBER_ENDS or end.isdecimal()):
        return False
    return bool(PAGE_NUMBER.match(text))


# A Markdown table's |---|---| line (a layout line, never content).
MD_SEPARATOR: Final = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Cells that stand for "no number here" and are kept verbatim (FORMAT.md: markers).
MARKERS: Final = frozenset(["/", "-", "—", "——", "--", "－", "―", "\\", "*", "×", "x", "X", "…", "不适用", "无"])

# Code points that stand for ordinary CJK ideographs in PDF text layers and Word files:
# Kangxi radicals (⾏ U+2F8F → 行), the CJK radicals supplement, and the two blocks of
# CJK compatibility ideographs. Only these are NFKC-normalised; full-width punctuation in
# prose (（ ， ：) is kept as written.
_CJK_COMPAT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")

# A run of whitespace (including NBSP and the ideographic space) in rendered text.
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_BREAK: Final = "\n"


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


def collapse_cell(text: str) -> str:
    """A rendered table cell's text as one cell of a row line: whitespace collapsed (line
    breaks inside a cell never break the row), a pipe replaced by a full-width one."""
    return collapse(text).replace("|", "｜")


def row_line(cells: Iterable[str]) -> str:
    """A table row as the lexer reads it: cells joined by `` | `` (an empty cell is empty).

    When the first or last cell is empty the row gets Markdown borders (``|  | a |``), so
    that the lexer, which takes a leading or trailing pipe for a border, sees every cell.
    """
    cells = list(cells)
    line = " | ".join(cells)
    if cells and (cells[0] == "" or cells[-1] == ""):
        line = "| " + line + " |"
    return line


# ---------------------------------------------------------------- wrapped prose

_CJK = (r"[\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
        r"\U00020000-\U0003134f]")
_SPACE_IN_CJK: Final = re.compile(rf"(?<={_CJK})[ \t\u00a0\u3000]+(?={_CJK})")
# Full-width punctuation takes no space on either side in Chinese typesetting.
_CJK_PUNCT = "，。、；：！？（）《》〈〉【】〔〕「」『』“”‘’"
_SPACE_AT_PUNCT: Final = re.compile(rf"[ \t\u00a0\u3000]+(?=[{_CJK_PUNCT}])|(?<=[{_CJK_PUNCT}])[ \t\u00a0\u3000]+")
# Sentence-final punctuation (full- and half-width); closing quotes and brackets may follow.
_ENDERS: Final = "。！？；：…!?;:"
_CLOSERS: Final = "”’\"'」』）)】〕》>"
# A line that starts a heading or a numbered item: 一、 （一） (一) 1. 1、 第一章 一是
_HEADING_START: Final = re.compile(
    r"^(?:#+\s|[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]"
    r"|\d{1,2}\s*[、.．](?!\d)|第[一二三四五六七八九十\d]{1,3}[章节部分]|[一二三四五六七八九十]是)"
)


def despace_cjk(text: str) -> str:
    """Remove the spaces a PDF extraction puts between two CJK characters (``情 形``) and
    around full-width punctuation (``邮编 ： 223100 ，``)."""
    return _SPACE_AT_PUNCT.sub("", _SPACE_IN_CJK.sub("", text))


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    stripped = t.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _ENDERS


def starts_heading(text: str) -> bool:
    return bool(_HEADING_START.match(text.lstrip()))


class Piece:
    """A physical line before wrapped prose is joined: its text, where it was, whether it
    reaches the right margin (``full``), and whether it is a table row."""

    __slots__ = ("text", "number", "full", "table")

    def __init__(self, text: str, number: int, full: bool = False, table: bool = False):
        self.text, self.number, self.full, self.table = text, number, full, table

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Piece({self.text!r}, {self.number}, full={self.full}, table={self.table})"


def glue(a: str, b: str) -> str:
    """Join two pieces of a wrapped line: no space next to a CJK character."""
    if not a or not b:
        return a + b
    if is_wide(a[-1]) or is_wide(b[0]):
        return a + b
    return a + " " + b


def _single_wide(text: str) -> bool:
    return len(text) == 1 and is_wide(text)


def join_wrapped(pieces: Iterable[Piece]) -> list[Piece]:
    """Join prose lines broken by the layout.

    A line continues on the next when it reaches the right margin (``full``), does not end
    a sentence (``。！？；：…``), and the next line does not start a heading (``一、``,
    ``（一）``, ``1.``, ``一是`` …). A run of one-character lines (vertical text) is one line.
    Table rows are never joined.
    """
    out: list[Piece] = []
    cur: Optional[Piece] = None
    vertical = False  # cur is a run of one-character lines
    for p in pieces:
        if p.table:
            if cur is not None:
                out.append(cur)
                cur = None
            out.append(p)
            continue
        if cur is None:
            cur, vertical = Piece(p.text, p.number, p.full), _single_wide(p.text)
            continue
        if vertical and _single_wide(p.text):
            cur.text += p.text
            continue
        if not vertical and cur.full and not ends_sentence(cur.text) and not starts_heading(p.text):
            cur.text = glue(cur.text, p.text)
            cur.full = p.full
            continue
        out.append(cur)
        cur, vertical = Piece(p.text, p.number, p.full), _single_wide(p.text)
    if cur is not None:
        out.append(cur)
    return out


# A line that reads as a sub-heading without a Markdown mark: （一）… or 二、…, short.
_SUBHEADING: Final = re.compile(r"^[(（][一二三四五六七八九十]{1,3}[)）][^。；;]{0,30}。?$")
_OUTLINE: Final = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．][^。；;]{0,30}$")
_SUBHEADING_STARTS: Final = frozenset("(（一二三四五六七八九十")


def reads_as_subheading(text: str) -> bool:
    """A line the lexer takes for a sub-heading without a Markdown mark: （一）… or 二、…,
    short and without a sentence inside. (The lexer reads it so; the writers keep ### on any other.)"""
    if text[:1] not in _SUBHEADING_STARTS:
        return False  # (what both patterns start with: most lines, told without them)
    return bool(_SUBHEADING.match(text) or _OUTLINE.match(text))


# The first character of a table cell whose value the document does not determine: a run
# of digits that holds several cells and splits more than one way (giar.read.runon). The
# cell carries the run; the row's other cells of it are the character alone. A private-use
# code point, which no reader passes on from a document (read_text drops them).
UNDETERMINED: Final = "\ue000"


# Characters: a longer line is prose, never a cell, caption or page number (the longest
# row label, written out in full, is 60).
MAX_CELL_LINE: Final = 80


def table_parts(text: str) -> Optional[tuple[list[str], int]]:
    """A table line's raw cells and the offset of the first, or None for any other line:
    ``a | b``, ``| a | b |``, ``a⇥b``. What the lexer splits into cells, and the cells
    edition detection reads."""
    raw = text.rstrip("\r\n")
    stripped = raw.strip(" \u3000\u00a0")
    if "|" in stripped:
        body = stripped
        offset = raw.find(body)
        # A pipe opening the line is a Markdown table's border; after a space, the first
        # cell of a `` | a | b |`` row is empty.
        if raw.startswith("|"):
            body, offset = body[1:], offset + 1
        if body.endswith("|"):
            body = body[:-1]
        parts = body.split("|")
        if len(parts) < 2 and not stripped.endswith("|"):
            return None
        return parts, offset
    if "\t" in raw:
        parts = raw.rstrip(" \u3000\u00a0").split("\t")
        if sum(1 for p in parts if p.strip()) < 2:
            return None
        return parts, 0
    return None
