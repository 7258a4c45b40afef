"""Reading web pages: a whole government page or an HTML fragment → ``Source``.

* The bytes are decoded by the page's own ``<meta charset>`` unless it lies (a page that
  says UTF-8 but is GBK, or says ISO-8859-1 over Chinese bytes): valid UTF-8 is UTF-8, a
  GB2312/GBK declaration is read as GB18030 (its superset), anything else that fails is
  detected among the Chinese encodings (``giar.read.text.decode``).
* The page is parsed by lxml; scripts, styles, forms, navigation and elements hidden by
  an inline ``display:none`` are dropped; the
  report is the deepest element that holds all of the page's report markers (section
  headings, table captions and labels, taken from the grammar). Site chrome around it —
  menus, the 索引号/发布机构 metadata table, footers — is left out. When the report's own
  title stands just before that element (``<h1 class="article-title">``), it is kept.
* Prose: each block element (``<p>``, ``<div>``, ``<h1>`` …, ``<br>``) ends a paragraph;
  text split over ``<span>``/``<font>`` is joined (``20</span><span>23`` is 2023) and
  whitespace is collapsed as a browser would (``giar.read.layout.collapse``).
* Tables: one line per ``<tr>``, cells joined by `` | ``. ``rowspan`` is expanded: the
  cell's text stands in its first row and each row below gets an empty cell in its place
  (so label columns stay aligned). A ``colspan`` cell is one cell: Word-made tables
  often span value cells inconsistently between the header and the data rows, and the
  cells are then read in order. Text inside a cell is one string (``本年新<br>制作数量``
  → ``本年新制作数量``); an ``&nbsp;``-only cell is empty. Tables used for page layout
  (a table holding another table, a single cell, or whole paragraphs) are read as prose.

``Line.number`` is lxml's ``sourceline`` of the element (1-based line in the file).
"""

from __future__ import annotations

import codecs
import re
from typing import Iterable, List, Optional

import lxml.etree
import lxml.html

from giar.errors import GiarError
from giar.format.registry import format_cached
from giar.read.layout import collapse, collapse_cell, row_line
from giar.read.source import Line, Source
from giar.read.text import decode

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)

def _codec(name: str) -> Optional[str]:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_GB_FAMILY = {_codec(n) for n in ("gbk", "gb2312", "gb18030", "cp936", "hz", "euc_cn")}
# Declared single-byte encodings that decode anything and so cannot be trusted over CJK bytes.
_SINGLE_BYTE = {_codec(n) for n in ("latin-1", "cp1252", "ascii", "iso8859-15", "cp1250", "cp437")}

_DROP = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg",
         "canvas", "nav", "aside", "form", "button", "select", "input", "textarea", "head",
         "map", "audio", "video", "title", "meta", "link")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCK = frozenset("""p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote section article
    main header footer pre center address figure figcaption table tbody thead tfoot tr td th
    caption details summary fieldset hr body html""".split())
_TITLE_HOLDERS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LAYOUT_CELL_CHARS = 300  # a "cell" longer than this is page layout holding prose
_MAX_SPAN = 1000


# ---------------------------------------------------------------- decoding


def declared_charset(data: bytes) -> Optional[str]:
    """The encoding a page declares in its first bytes (``<meta charset>``), normalised."""
    m = _META_CHARSET.search(data[:8192])
    return _codec(m.group(1).decode("ascii", "replace")) if m else None


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Decode a page: BOM, then valid UTF-8, then the declaration if it holds, then detection."""
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return decode(data, name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared in _GB_FAMILY:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    elif declared and declared not in _SINGLE_BYTE and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    return decode(data, name)


# ---------------------------------------------------------------- locating the report


@format_cached
def report_markers() -> tuple[frozenset, str]:
    """Folded strings that mark a report's content, and the folded end of its title.

    Taken from the grammar (both editions): section headings without their numbering,
    sub-table captions, column headers and row labels of four characters or more.
    """
    from giar.format import edition_ids, fold, vocabulary

    numbering = re.compile(r"^[一二三四五六七八九十]+[、.．]")
    markers = set()
    title_tail = ""
    for e in edition_ids():
        g = vocabulary(e)
        for name, literal in g.literals.items():
            if name.startswith("H_"):
                markers.add(numbering.sub("", fold(literal)))
            elif name.startswith(("T_", "C_")):
                markers.add(fold(literal))
            elif name.startswith("L_"):
                markers.add(fold(literal.split(" ")[-1]))
        title_tail = fold(g.literals["TITLE"])[-4:]
    return frozenset(m for m in markers if len(m) >= 4), title_tail


def _fold(text: str) -> str:
    """The grammar's folding (giar.format.folding), without its cache: page texts are
    long and seen once."""
    from giar.format import fold

    return fold.__wrapped__(text)


def _score(el, markers: frozenset) -> frozenset:
    text = _fold(el.text_content())
    return frozenset(m for m in markers if m in text)


def find_report(body) -> tuple[object, Optional[object]]:
    """(the element holding the report, the title element before it or None)."""
    markers, title_tail = report_markers()
    node = body
    found = _score(node, markers)
    if not found:
        return body, None
    while True:
        best = None
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if _score(child, found) == found:
                best = child
                break
        if best is None:
            break
        node = best
    if node is body:
        return body, None
    # The report's title, when it stands before the content (a page heading).
    first = next(iter(Walker().lines_of(node)), None)
    if first is not None and _fold(first.text).endswith(title_tail):
        return node, None
    for el in node.xpath("preceding::*")[::-1][:200]:
        if not isinstance(el.tag, str):
            continue
        if el.tag in _TITLE_HOLDERS or "title" in (el.get("class") or "").lower():
            text = collapse(el.text_content())
            if 0 < len(text) <= 80 and _fold(text).endswith(title_tail):
                return node, el
    return node, None


# ---------------------------------------------------------------- walking the tree


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _rows(table) -> list:
    return [tr for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]


def _cells(tr) -> list:
    return [td for td in tr if _tag(td) in ("td", "th")]


def _span(td, attr: str) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(re.sub(r"[^\d]", "", td.get(attr) or "1") or 1)))
    except ValueError:
        return 1


def _raw_text(el) -> str:
    """The text of an element with block boundaries and ``<br>`` as line breaks."""
    parts: List[str] = []

    def visit(e) -> None:
        tag = _tag(e)
        if tag == "br":
            parts.append("\n")
        elif tag:
            if tag in _BLOCK:
                parts.append("\n")
            parts.append(e.text or "")
            for child in e:
                visit(child)
            if tag in _BLOCK:
                parts.append("\n")
        if e.tail:
            parts.append(e.tail)

    parts.append(el.text or "")
    for child in el:
        visit(child)
    return "".join(parts)


def is_data_table(table) -> bool:
    """A table of data (not one that lays out a page): no nested tables, ≥ 2 cells."""
    if table.xpath(".//table"):
        return False
    cells = [td for tr in _rows(table) for td in _cells(tr)]
    if len(cells) < 2:
        return False
    return all(len(collapse(td.text_content())) <= _LAYOUT_CELL_CHARS for td in cells)


def table_lines(table) -> list[Line]:
    """One line per row; rowspans expanded as empty cells below, colspans as one cell."""
    rows = _rows(table)
    grid: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) → (row, index) of its cell
    texts: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        c = 0
        for i, td in enumerate(_cells(tr)):
            while (r, c) in grid:
                c += 1
            rs = min(_span(td, "rowspan"), len(rows) - r)
            cs = _span(td, "colspan")
            texts[(r, i)] = collapse_cell(_raw_text(td))
            for dr in range(rs):
                for dc in range(cs):
                    grid.setdefault((r + dr, c + dc), (r, i))
            c += cs
    out: list[Line] = []
    for r, tr in enumerate(rows):
        width = max((c for (rr, c) in grid if rr == r), default=-1) + 1
        cells: list[str] = []
        last = None
        for c in range(width):
            owner = grid.get((r, c))
            if owner is not None and owner == last:
                continue  # the same (col-spanned) cell
            last = owner
            if owner is None:
                cells.append("")
            elif owner[0] == r:
                cells.append(texts[owner])
            else:
                cells.append("")  # covered by a cell spanning down from above
        if any(cells):
            out.append(Line(row_line(cells), tr.sourceline or 1))
    return out


class Walker:
    """Turns an element's content into logical lines (prose paragraphs and table rows)."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.buf_line: Optional[int] = None

    def lines_of(self, el) -> list[Line]:
        self.walk(el)
        self.flush()
        return self.lines

    def add(self, text: Optional[str], line: Optional[int]) -> None:
        if text:
            if self.buf_line is None and text.strip():
                self.buf_line = line
            self.buf.append(text)

    def flush(self) -> None:
        text = collapse("".join(self.buf))
        if text:
            self.lines.append(Line(text, self.buf_line or 1))
        self.buf, self.buf_line = [], None

    def walk(self, el) -> None:
        tag = _tag(el)
        if tag == "br":
            self.flush()
            return
        if tag == "table" and is_data_table(el):
            self.flush()
            self.lines.extend(table_lines(el))
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.add(el.text, el.sourceline)
        for child in el:
            if _tag(child):
                self.walk(child)
            self.add(child.tail, child.sourceline)
        if block:
            self.flush()


# ---------------------------------------------------------------- the reader


def parse_html(text: str, name: str):
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as e:
        raise GiarError(name, f"cannot read the web page: {e}") from None


def _drop(root, tags: Iterable[str]) -> None:
    """Drop elements that are no text of the page: scripts, forms, navigation, and
    elements hidden by an inline style."""
    doomed = list(root.iter(*tags))
    doomed += [el for el in root.iter() if isinstance(el.tag, str) and _HIDDEN.search(el.get("style") or "")]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def read_html(data: bytes, name: str) -> Source:
    try:
        return _read_html(data, name)
    except RecursionError:
        raise GiarError(name, "the web page nests its elements too deeply to read "
                              "(thousands of levels: not a page a browser shows)") from None


# Characters XML does not allow (lxml refuses text holding them): C0 controls but tab
# and line ends. A page's stray control character is no text of the report.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _read_html(data: bytes, name: str) -> Source:
    text, encoding = decode_html(data, name)
    root = parse_html(_XML_ILLEGAL.sub("", text), name)
    _drop(root, _DROP)
    body = root.find("body")
    if body is None:
        body = root
    container, title = find_report(body)
    lines: list[Line] = []
    if title is not None:
        lines.extend(Walker().lines_of(title))
    lines.extend(Walker().lines_of(container))
    if not lines:
        raise GiarError(name, "the web page has no text")
    return Source(name, tuple(lines), "html", encoding)

