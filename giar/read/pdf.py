"""Reading PDF files with a text layer (pdfplumber) → ``Source``.

Per page, tables are found from their ruling lines (``page.find_tables``) and the text
outside them is read as lines; both are put in reading order (top to bottom):

* A table row becomes one line, cells joined by `` | ``. Text wrapped inside a cell is
  one string (``结果\\n维持`` → ``结果维持``; a label printed one character per line,
  ``三\\n、\\n本\\n年…``, reads ``三、本年度办理结果``). A merged cell's text stands in its
  top-left position: the rows below it get one empty cell in its place (so label columns
  stay aligned) and the columns it spans to the right add nothing (as in the HTML reader).
* A "row" holding one cell across the whole table is not a table row: some reports frame
  their prose, headings and sub-table captions in table borders. Its text is read as prose.
* Tables split across pages are simply consecutive row lines; the grammar joins them.
* Page numbers (``- 3 -``, ``第 3 页``, ``3/5``) and running headers and footers (the same
  text at the top or bottom of most pages) are dropped.
* Prose lines wrapped by the layout are joined: a line that reaches the right margin and
  does not end a sentence continues on the next line (also across a page break), unless
  the next line starts a heading (``一、``, ``（一）`` …). A run of one-character lines
  (vertical text) is one line.
* Spaces the extraction puts between two CJK characters are removed; CJK compatibility
  and radical code points are NFKC-normalised (``⾏政许可`` → ``行政许可``).

``Line.number`` is a running count of the physical lines of the document: text lines and
table rows, page by page, starting at 1 on page 1 (a joined paragraph keeps the number of
its first line). It is what a plain-text extraction of the PDF would number the line.

Limits: more than ``MAX_PAGES`` pages is refused before any page is read; a PDF whose text
layer is (nearly) empty is a scan, handed over to the reader of format ``"ocr"`` (refused
with a message to run OCR first when none is registered). The reading order is one
column, top to bottom; a table drawn without ruling lines is not found as a table (its
rows read as text lines); running headers and footers are only recognised as such on
documents of three pages or more.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from typing import Optional

from giar.errors import GiarError
from giar.read.layout import MARGIN_PAGE_NUMBER, Piece, collapse, collapse_cell, despace_cjk, join_wrapped, row_line
from giar.read.readers import HandOver
from giar.read.source import Line, Source

MAX_PAGES = 500
MIN_CHARS = 20  # fewer characters in the text layer than this: a scan (a page stamp at most)
_MARGIN_BAND = 0.12  # top and bottom share of the page where headers and footers live


class _Item:
    """A physical line on a page: prose text, or a table row."""

    __slots__ = ("top", "bottom", "x0", "x1", "text", "cells", "page", "size")

    def __init__(self, top, bottom, x0, x1, text, cells=None, page=0, size=0.0):
        self.top, self.bottom, self.x0, self.x1 = top, bottom, x0, x1
        self.text, self.cells, self.page, self.size = text, cells, page, size


def _inside(obj: dict, boxes: list) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


def _table_rows(page, table, page_no: int) -> tuple[list[_Item], list[tuple]]:
    """The table's rows as items, and the boxes of its cells (their text is not prose).

    A row of one cell across the whole table is left out: its text is read as prose."""
    try:
        texts = table.extract()
    except Exception:  # pragma: no cover - pdfplumber on odd geometry
        return [], []
    rows = table.rows
    width = table.bbox[2] - table.bbox[0]
    ncols = max((len(r.cells) for r in rows), default=0)
    col_x0 = [min((r.cells[j][0] for r in rows if j < len(r.cells) and r.cells[j]), default=None)
              for j in range(ncols)]
    col_x1 = [min((r.cells[j][2] for r in rows if j < len(r.cells) and r.cells[j]), default=None)
              for j in range(ncols)]
    # Every cell of the table, to find which one covers a position the extraction left None.
    owners = [(ri, j, c) for ri, r in enumerate(rows) for j, c in enumerate(r.cells) if c]
    items: list[_Item] = []
    boxes: list[tuple] = []
    for ri, (row, values) in enumerate(zip(rows, texts)):
        present = [(j, c) for j, c in enumerate(row.cells) if c is not None]
        if not present:
            continue
        if len(present) == 1 and (ncols == 1 or present[0][1][2] - present[0][1][0] >= 0.9 * width):
            continue  # a framed paragraph or caption: read with the prose
        heights = [c[3] - c[1] for _, c in present]
        top = row.bbox[1]
        mid_y = top + min(heights) / 2
        cells: list[str] = []
        last_owner = None
        for j, c in enumerate(row.cells):
            if c is not None:
                owner = (ri, j)
                text = collapse_cell(values[j] or "")
                cells.append(despace_cjk(text))
                boxes.append(c)
                last_owner = owner
                continue
            owner = None
            if col_x0[j] is not None and col_x1[j] is not None:
                mid_x = (col_x0[j] + col_x1[j]) / 2
                for ro, jo, oc in owners:
                    if ro <= ri and oc[0] <= mid_x <= oc[2] and oc[1] <= mid_y <= oc[3]:
                        owner = (ro, jo)
                        break
            if owner is not None and owner == last_owner:
                continue  # spanned from the left: one cell
            last_owner = owner
            if owner is None and col_x0[j] is not None and col_x1[j] is not None:
                # No cell drawn here (a border missing at a page break): take its text.
                box = (col_x0[j], top, col_x1[j], top + min(heights))
                try:
                    text = page.crop(box, strict=False).extract_text() or ""
                except Exception:  # pragma: no cover - box outside the page
                    text = ""
                if text.strip():
                    boxes.append(box)
                cells.append(despace_cjk(collapse_cell(text)))
                continue
            cells.append("")  # spanned from above
        if any(cells):
            items.append(_Item(top, row.bbox[3], row.bbox[0], row.bbox[2], row_line(cells),
                               cells=cells, page=page_no))
    return items, boxes


def _page_items(page, page_no: int) -> list[_Item]:
    items: list[_Item] = []
    boxes: list[tuple] = []
    try:
        tables = page.find_tables()
    except Exception:  # pragma: no cover - pdfplumber on odd geometry
        tables = []
    for table in tables:
        rows, cell_boxes = _table_rows(page, table, page_no)
        items.extend(rows)
        boxes.extend(cell_boxes)
    flow = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) \
        if boxes else page
    for line in flow.extract_text_lines(strip=True, return_chars=True):
        text = despace_cjk(collapse(line["text"]))
        if not text:
            continue
        sizes = [c.get("size", 0) for c in line.get("chars", ()) if c.get("text", "").strip()]
        items.append(_Item(line["top"], line["bottom"], line["x0"], line["x1"], text,
                           page=page_no, size=statistics.median(sizes) if sizes else 0.0))
    items.sort(key=lambda it: (round(it.top, 1), it.x0))
    return items


def _drop_furniture(pages: list[list[_Item]], heights: list[float]) -> list[list[_Item]]:
    """Drop page numbers and running headers/footers (text in the top or bottom band that
    recurs, digits aside, on at least half of the pages)."""
    def band(it: _Item, h: float) -> Optional[str]:
        if it.cells is not None:
            return None
        if it.bottom <= h * _MARGIN_BAND:
            return "top"
        if it.top >= h * (1 - _MARGIN_BAND):
            return "bottom"
        return None

    recurring: Counter = Counter()
    for items, h in zip(pages, heights):
        seen = set()
        for it in items:
            where = band(it, h)
            if where:
                seen.add((where, re.sub(r"\d+", "#", it.text)))
        recurring.update(seen)
    threshold = max(3, (len(pages) + 1) // 2)
    out = []
    for items, h in zip(pages, heights):
        kept = []
        for it in items:
            where = band(it, h)
            if where and (MARGIN_PAGE_NUMBER.match(it.text)
                          or recurring[(where, re.sub(r"\d+", "#", it.text))] >= threshold):
                continue
            kept.append(it)
        out.append(kept)
    return out


def _open(data: bytes, name: str):
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as e:  # pragma: no cover - a dependency of giar
        raise GiarError(name, f"PDF support is not installed ({e.name})") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:
        # pdfplumber wraps pdfminer's errors (PdfminerException(PDFPasswordIncorrect()))
        causes = [e, *e.args, e.__cause__, e.__context__]
        if any(isinstance(c, PDFPasswordIncorrect) for c in causes):
            raise GiarError(name, "the PDF is password-protected; remove the password and try again") from None
        cause = next((c for c in causes if isinstance(c, PDFSyntaxError)), e)
        detail = str(cause) or type(cause).__name__
        raise GiarError(name, f"not a readable PDF ({detail})") from None


def read_pdf(data: bytes, name: str) -> Source:
    pdf = _open(data, name)
    try:
        try:
            count = len(pdf.pages)
        except Exception as e:
            raise GiarError(name, f"not a readable PDF ({type(e).__name__}: {e})") from None
        if count > MAX_PAGES:
            raise GiarError(name, f"the PDF has {count} pages, over the limit of {MAX_PAGES}; "
                                  "an annual report is a few pages long")
        if count == 0:
            raise GiarError(name, "the PDF has no pages")
        pages, heights, chars = [], [], 0
        for no, page in enumerate(pdf.pages, 1):
            try:
                chars += sum(1 for c in page.chars if c.get("text", "").strip())
                pages.append(_page_items(page, no))
            except GiarError:
                raise
            except Exception as e:
                raise GiarError(name, f"cannot read page {no} of the PDF ({type(e).__name__}: {e})") from None
            heights.append(float(page.height))
            page.close()
    finally:
        try:
            pdf.close()
        except Exception:  # (closing re-reads a damaged page tree; the error above is the one to tell)
            pass
    if chars < MIN_CHARS:
        # A scan: an OCR reader's, if one is registered (giar.read.readers).
        raise HandOver("ocr", "the PDF has no text layer (a scanned document?); "
                              "run OCR on it first (for example: ocrmypdf in.pdf out.pdf)")
    pages = _drop_furniture(pages, heights)
    # Number the physical lines, then join wrapped prose.
    prose_x1 = [it.x1 for items in pages for it in items if it.cells is None]
    margin = _right_margin(prose_x1)
    pieces: list[Piece] = []
    number = 0
    for items in pages:
        for it in items:
            number += 1
            if it.cells is not None:
                pieces.append(Piece(it.text, number, table=True))
            else:
                slack = 2.0 * (it.size or 10.0)
                pieces.append(Piece(it.text, number, full=margin is not None and it.x1 >= margin - slack))
    lines = tuple(Line(p.text, p.number) for p in join_wrapped(pieces))
    if not lines:
        raise GiarError(name, "the PDF has no text")
    return Source(name, lines, "pdf", "utf-8")


def _right_margin(x1s: list[float]) -> Optional[float]:
    """Where full prose lines end: the right edge of the text block.

    The widest lines, less a few outliers (a line whose last punctuation mark hangs into
    the margin): the 95th percentile of the lines' right edges, at least the second widest.
    """
    if not x1s:
        return None
    ordered = sorted(x1s, reverse=True)
    return ordered[min(len(ordered) - 1, max(1, len(ordered) // 20))]

