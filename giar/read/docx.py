"""Reading Word files (.docx, through python-docx) → ``Source``.

* Before python-docx opens the file, its zip directory is checked: the members' declared
  uncompressed sizes (which bound what ``zipfile`` will inflate) must stay under a total
  limit, and no large member may be compressed suspiciously well (a zip bomb). A file
  that is not a Word document (no ``word/document.xml``) is refused with a message.
* The body is read in order, paragraphs and tables interleaved as in the document (the
  children of ``w:body``; content controls ``w:sdt`` are looked into). Running headers and
  footers, footnotes and comments are not part of the body and are not read.
* A paragraph is one line; a line break inside it (``w:br``) starts a new line. Paragraphs
  in a Word heading style (``Heading 1`` … / ``标题 1`` …) get Markdown ``#`` marks of their
  level, so that the lexer sees them as headings.
* A table row is one line, cells joined by `` | ``. python-docx repeats a merged cell in
  ``row.cells``; the text is emitted once: a cell spanning columns (``gridSpan``) is one
  cell, and each row a vertically merged cell (``vMerge``) reaches below its first row
  gets one empty cell in its place — the same shape as the HTML reader gives.
  Text in a cell is one string (its paragraphs joined); a table inside a table, or a
  one-cell table (a frame), is read as prose.

``Line.number`` counts the body's paragraphs and table rows in document order, from 1 (a
paragraph with line breaks gives several lines with the same number).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Iterator, Optional

from giar.errors import GiarError
from giar.read.layout import collapse, collapse_cell, row_line
from giar.read.source import Line, Source

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, as declared in the zip
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 2 * 1024 * 1024
MAX_MEMBERS = 10000
_LAYOUT_CELL_CHARS = 300
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def check_zip(data: bytes, name: str) -> None:
    """Refuse archives that are not Word documents, and zip bombs, before inflating them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise GiarError(name, "not a Word .docx file (the zip archive is damaged)") from None
    except Exception as e:  # pragma: no cover - zipfile on hostile input
        raise GiarError(name, f"not a Word .docx file ({type(e).__name__})") from None
    if len(infos) > MAX_MEMBERS:
        raise GiarError(name, f"the .docx holds {len(infos)} files, over the limit of {MAX_MEMBERS}; refusing it")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise GiarError(name, f"{info.filename} inside the .docx would inflate from "
                                  f"{info.compress_size} to {info.file_size} bytes (a zip bomb?); refusing it")
    if total > MAX_UNCOMPRESSED:
        raise GiarError(name, f"the .docx would inflate to {total // (1024 * 1024)} MB, over the "
                              f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB limit (a zip bomb?); refusing it")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise GiarError(name, "an Excel workbook, not a Word document; save the report as .docx or PDF")
        if "ppt/presentation.xml" in names:
            raise GiarError(name, "a PowerPoint file, not a Word document")
        raise GiarError(name, "a zip archive, not a Word .docx document")


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


class _Reader:
    def __init__(self, document) -> None:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        self.document = document
        self.Paragraph, self.Table = Paragraph, Table
        self.lines: list[Line] = []
        self.count = 0
        self.W_P, self.W_TBL, self.W_SDT = _qn("w:p"), _qn("w:tbl"), _qn("w:sdt")
        self.W_SDT_CONTENT = _qn("w:sdtContent")

    def blocks(self, parent_el) -> Iterator[object]:
        """The paragraphs and tables under a body, cell or content control, in order."""
        for child in parent_el.iterchildren():
            if child.tag == self.W_P:
                yield self.Paragraph(child, self.document)
            elif child.tag == self.W_TBL:
                yield self.Table(child, self.document)
            elif child.tag == self.W_SDT:
                content = child.find(self.W_SDT_CONTENT)
                if content is not None:
                    yield from self.blocks(content)

    def read(self, parent_el) -> None:
        for block in self.blocks(parent_el):
            if isinstance(block, self.Table):
                self.table(block)
            else:
                self.paragraph(block)

    def paragraph(self, p) -> None:
        self.count += 1
        prefix = ""
        try:
            style = p.style.name if p.style is not None else ""
        except (KeyError, ValueError, AttributeError):
            style = ""
        m = _HEADING_STYLE.match(style or "")
        if m and 1 <= int(m.group(1)) <= 6:
            prefix = "#" * int(m.group(1)) + " "
        for part in p.text.split("\n"):
            text = collapse(part)
            if text:
                self.lines.append(Line(prefix + text, self.count))

    def is_layout(self, table) -> bool:
        tbl = table._tbl
        if tbl.findall(".//" + self.W_TBL):
            return True
        tcs = tbl.findall(".//" + _qn("w:tc"))
        if len(tcs) < 2:
            return True
        for tc in tcs:
            text = "".join(t.text or "" for t in tc.iter(_qn("w:t")))
            if len(text) > _LAYOUT_CELL_CHARS:
                return True
        return False

    def table(self, table) -> None:
        if self.is_layout(table):
            for tc in table._tbl.iter(_qn("w:tc")):
                if tc.find(".//" + self.W_TBL) is None:
                    self.read(tc)
            return
        above: dict = {}  # grid column → the w:tc element covering it in the previous row
        for row in table.rows:
            self.count += 1
            cells = list(row.cells)
            before = getattr(row, "grid_cols_before", 0) or 0
            out: list[str] = [""] * before
            current: dict = {}
            last: Optional[object] = None
            for j, cell in enumerate(cells, before):
                tc = cell._tc
                current[j] = tc
                if tc is last:
                    continue  # the same cell spanning columns
                last = tc
                if above.get(j) is tc:
                    out.append("")  # a vertically merged cell, continued from above
                else:
                    out.append(collapse_cell("\n".join(p.text for p in cell.paragraphs)))
            above = current
            if any(out):
                self.lines.append(Line(row_line(out), self.count))


def read_docx(data: bytes, name: str) -> Source:
    check_zip(data, name)
    try:
        import docx
    except ImportError as e:  # pragma: no cover - a dependency of giar
        raise GiarError(name, f"Word support is not installed ({e.name})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:
        raise GiarError(name, f"cannot open the Word document ({type(e).__name__}: {e})") from None
    reader = _Reader(document)
    try:
        reader.read(document.element.body)
    except GiarError:
        raise
    except Exception as e:
        raise GiarError(name, f"cannot read the Word document ({type(e).__name__}: {e})") from None
    if not reader.lines:
        raise GiarError(name, "the Word document has no text")
    return Source(name, tuple(reader.lines), "docx", "utf-8")

