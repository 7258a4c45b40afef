"""The lexer: logical lines → the coarse tokens of grammar/*.lark.

Real documents lay tables out in every way a converter can: ``a | b |`` with padding cells,
tabs, one cell per line, rows wrapped over lines, label cells lost or replaced by digits,
rows that start one column early. The lexer undoes layout, not meaning:

* it splits table lines into cells and classifies each cell against the grammar's labels
  (row labels ``L_*``, their group parts, column headers ``C_*``, captions ``T_*``);
* it asks the *parser* which column comes next (the grammar says how many columns a row
  has and in what order), so cells are typed by the grammar, not by position rules here;
* it never decides which row a token is: a lost label becomes ``LOST_LABEL`` and the
  grammar's row order identifies it.

Each token goes to the parser (``feed``) the moment it is known, because what the next
cell means depends on the parser's state after it (a contextual lexer). Value cells are no
tokens at all: they are pushed onto the parser's stacks as the columns the parse table
shifts next (see ``values``), which is what keeps a 270-cell report cheap.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Callable, Final, List, Optional

from giar.format.folding import fold
from giar.parse.fuzzy import close_matches, longest_block, quick_ratio
from giar.parse.fuzzy import ratio as similarity
from giar.parse.grammar import EditionGrammar
from giar.parse.lalr import ParserState
from giar.read.layout import (
    MARKERS,
    MAX_CELL_LINE,
    MD_SEPARATOR,
    UNDETERMINED,
    is_page_number,
    reads_as_subheading,
    table_parts,
)
from giar.read.source import Line

# Cell kinds. (Final: compiled, a Final constant is inlined, not looked up per use.)
EMPTY: Final = "empty"
NUMBER: Final = "number"
RUN: Final = "run"
MARKER: Final = "marker"
ITEM: Final = "item"
LABEL: Final = "label"
GROUP: Final = "group"
COLUMN: Final = "column"
TEXT: Final = "text"
MISSING_CELL: Final = "missing"  # a cell the row lacks in the source
VALUE_KINDS: Final = (NUMBER, RUN, MARKER, EMPTY)
LABEL_KINDS: Final = (LABEL, GROUP, ITEM)
_CONTINUES_ROW: Final = frozenset(VALUE_KINDS + (TEXT,))

_NUMBER: Final = re.compile(
    r"^(?P<num>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>万元|元|件|条|个|项|次|人次|家|篇)?\s*"
    r"(?P<note>[(（][^()（）]*[)）])?$"
)
_RUN: Final = re.compile(r"^\d+(?:\s+\d+)+$")
_FRACTION: Final = re.compile(r"^[.．]\d+$")
HEADING_CUTOFF: Final = 0.6  # difflib ratio from which a numbered line reads as a section heading
_HEADING_NUMBER: Final = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*")
_COMMENT: Final = re.compile(r"^<!--\s*(?P<body>.*?)\s*-->$")
_UNRECOGNISED_COMMENT: Final = "giar:unrecognised "


class CellInfo:
    """A table cell as the lexer saw it.

    Value cells go onto the parser's value stack as they are (``type`` is the column
    terminal the parse table shifted them as), so that a cell costs no Lark token.
    A plain class, not attrs: compiled (setup.py), its fields are read as struct members,
    and the lexer reads them a dozen times per cell.
    """

    __slots__ = ("text", "kind", "line", "column", "terminal", "number", "unit", "note", "type")

    def __init__(self, text: str, kind: str, line: int, column: int, terminal: Optional[str] = None,
                 number: Optional[str] = None, unit: Optional[str] = None, note: Optional[str] = None,
                 type: Optional[str] = None) -> None:
        self.text = text  # as written (stripped)
        self.kind = kind
        self.line = line  # 0 for a cell the row lacks (see Lexer.close_row)
        self.column = column
        self.terminal = terminal  # for LABEL / COLUMN / ITEM
        self.number = number  # for NUMBER: the digits
        self.unit = unit
        self.note = note
        self.type = type  # the column terminal, once shifted

    def __repr__(self) -> str:
        return f"CellInfo({self.text!r}, {self.kind}, {self.line}:{self.column}, type={self.type})"

    @property
    def end_line(self) -> int:
        return self.line

    @property
    def end_column(self) -> int:
        return self.column + len(self.text)


class GToken:
    """A token for the parser: its terminal (``type``), its text and place, and what the
    lexer knows beyond them (``payload``: a label's cells, a header's cells …).

    Not a Lark ``Token``: Lark's LALR step reads only ``type``, and a plain slotted object
    costs a third of a ``str`` subclass with a ``__dict__`` (a report has ~75 tokens).
    """

    __slots__ = ("type", "value", "line", "column", "end_line", "end_column", "payload")

    def __init__(self, type_: str, value: str, line: int, column: int, end_line: int,
                 end_column: int, payload: Any) -> None:
        self.type = type_
        self.value = value
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.payload = payload

    def __repr__(self) -> str:
        return f"GToken({self.type!r}, {self.value!r}, {self.line}:{self.column})"


def make_token(type_: str, value: str, line: int, column: int, payload: Any = None,
               end_line: Optional[int] = None, end_column: Optional[int] = None) -> GToken:
    return GToken(type_, value, line, column, end_line or line,
                  end_column if end_column is not None else column + len(value), payload)


def split_cells(line: Line) -> Optional[List[tuple[str, int]]]:
    """The cells of a table line with their columns, or None if it is not a table line."""
    if "|" not in line.text and "\t" not in line.text:
        return None
    return _split_cells(line.text, line.column)


def is_table_line(text: str) -> bool:
    if "|" not in text and "\t" not in text:
        return False
    # A closing pipe always makes a row (see table_parts): most rows, told without a split.
    return text.rstrip("\r\n").strip(" \u3000\u00a0").endswith("|") or table_parts(text) is not None


# (Not cached: table lines are seldom the same twice, and each is split once.)
def _split_cells(text: str, column: int) -> Optional[List[tuple[str, int]]]:
    found = table_parts(text)
    if found is None:
        return None
    parts, offset = found
    cells = []
    at = column + offset
    for p in parts:
        cells.append((p.strip(" \u3000\u00a0\t"), at + len(p) - len(p.lstrip())))
        at += len(p) + 1
    return cells


@functools.lru_cache(maxsize=None)
def _official_headings(g: EditionGrammar) -> tuple[tuple[str, str, str], ...]:
    """(terminal, folded heading, folded heading without its number) of each section."""
    return tuple((name, fold(literal), _HEADING_NUMBER.sub("", fold(literal)))
                 for name, literal in g.headings.items())


def expand_runs(cells: List[CellInfo], width: int) -> List[CellInfo]:
    """A row's cells with each run of numbers (``42 5``: a converter put two columns' values
    in one cell) split into its numbers, when that gives the row exactly its width and
    nothing else in the row is empty; otherwise the cells as they are."""
    if not any(c.kind == RUN for c in cells):
        return cells
    lead = 0  # (empty cells before the values: merged label columns, the gap rule's)
    while lead < len(cells) and cells[lead].kind == EMPTY:
        lead += 1
    values = list(cells[lead:])
    while values and values[-1].kind == EMPTY:
        values.pop()
    if any(c.kind not in (NUMBER, RUN) for c in values):
        return cells
    numbers = sum(len(c.text.split()) if c.kind == RUN else 1 for c in values)
    if numbers != width:
        return cells
    out: List[CellInfo] = list(cells[:lead])
    for c in values:
        if c.kind != RUN:
            out.append(c)
            continue
        offset = 0
        for part in c.text.split():
            offset = c.text.index(part, offset)
            digits = unicodedata.normalize("NFKC", part)
            out.append(CellInfo(part, NUMBER, c.line, c.column + offset, None, digits))
            offset += len(part)
    return out + cells[lead + len(values):]


class Lexer:
    """Produces tokens for one edition's grammar, consulting the parser as it goes."""

    def __init__(self, grammar: EditionGrammar, lines: tuple[Line, ...], parser_state: ParserState,
                 on_rejected: Callable[[GToken], None]):
        self.g = grammar
        self.on_rejected = on_rejected  # the driver's recovery, for a token the parser rejects
        self.lines = lines
        self.parser = parser_state  # Lark's ParserState, which giar's LALR step advances
        # Its two stacks, which every step grows and shrinks in place (typed here, so that
        # compiled code reaches them directly).
        self.stack: list[int] = parser_state.state_stack
        self.value_stack: list[Any] = parser_state.value_stack
        self.artefacts: list[tuple[str, int, int]] = []  # page numbers and the like
        self.comments: list[GToken] = []  # comment lines not yet placed
        self.strays: list[tuple[str, int, int, str]] = []
        self.pending: list[CellInfo] = []  # label cells waiting for their row's values
        self.pending_header: list[tuple[List[CellInfo], int]] = []
        self.in_row = False
        self.last_width = 0
        self.seen_structure = False  # a section heading or table seen (no title after that)
        self.title_done = False
        self.before_title: list[GToken] = []
        self._outline: Optional[dict[str, float]] = None  # see outline()
        self.section: Optional[str] = None  # the heading terminal of the current section
        self.section_table = False  # a table line seen in the current section
        self.last_line = 0  # the line of the last token or cell handed to the parser

    # ---------------------------------------------------------------- parser queries

    def state(self) -> int:
        return self.stack[-1]

    def can(self, terminal: str) -> bool:
        """Would the parser accept this terminal now? (LALR lookaheads alone over-promise.)"""
        return self.g.simulate(self.stack, [terminal])

    def width_after(self, terminal: str) -> int:
        """How many cells the row has that the parser would start with this terminal."""
        return self.g.width_after(self.stack, terminal)

    def takes_unlabelled_row(self) -> bool:
        """Does the grammar take a row's values now, with no label before them?"""
        return not self.can("LOST_LABEL") and self.next_column() is not None

    def next_column(self) -> Optional[str]:
        """The column terminal the parser accepts now, after reducing a finished row."""
        return next((t for t in self.g.column_terms(self.state()) if self.can(t)), None)

    # ---------------------------------------------------------------- classification

    def classify_all(self, cells: List[tuple[str, int]], line: int) -> List[CellInfo]:
        """``classify`` for every cell of a table line."""
        cache = self.g.cell_kinds
        out: List[CellInfo] = []
        for text, column in cells:
            kind = cache.get(text)
            if kind is None:
                if len(cache) > 50000:
                    cache.clear()
                kind = cache[text] = self._classify(text)
            if text[:1] in ".．" and out and _FRACTION.match(text):
                prev = out[-1]
                whole = prev.number
                if prev.kind == NUMBER and whole is not None and "." not in whole and prev.unit is None:
                    # A decimal a converter split over two cells (|56|.3|): one number.
                    out[-1] = CellInfo(prev.text + text, NUMBER, line, prev.column, None,
                                       whole + "." + text[1:], None, None)
                    continue
            out.append(CellInfo(text, kind[0], line, column, kind[1], kind[2], kind[3], kind[4]))
        return out

    def _classify(self, text: str) -> tuple:
        """(kind, terminal, number, unit, note) of a cell's text."""
        if not text or text == "&nbsp;" or text[0] == UNDETERMINED:
            return EMPTY, None, None, None, None
        f = fold(text)
        if not f:
            return EMPTY, None, None, None, None
        g = self.g
        if " " in text.strip() and _RUN.match(unicodedata.normalize("NFKC", text).strip()):
            return RUN, None, None, None, None  # (before NUMBER: fold drops the spaces of 42 5)
        if f in g.items:
            return ITEM, g.items[f], None, None, None
        if f in g.label_keys:
            return LABEL, g.label_keys[f], None, None, None
        if f in g.group_parts:
            return GROUP, None, None, None, None
        m = _NUMBER.match(f.replace(",", ""))
        if m:
            return NUMBER, None, m["num"], m["unit"], m["note"]
        if f in MARKERS:
            return MARKER, None, None, None, None
        if _RUN.match(unicodedata.normalize("NFKC", text)):
            return RUN, None, None, None, None
        if f in g.columns:
            return COLUMN, g.columns[f], None, None, None
        if len(f) >= 2 and any(c.startswith(f) for c in g.columns):
            return COLUMN, None, None, None, None  # a truncated header cell
        return TEXT, None, None, None, None

    # ---------------------------------------------------------------- driver

    def run(self) -> None:
        """Lex the whole document, handing each token to ``feed`` as soon as it is known."""
        self.tokens()

    def emit(self, tok: GToken) -> None:
        kind = tok.type
        if kind.startswith("H_"):
            self.section, self.section_table = kind, False
        elif kind == "SUBHEADING":
            implied = self.implied_heading(tok.value)
            if implied is not None:
                # The section's heading is missing: its text starts here. The token has
                # no text (the AST keeps an empty source heading, for the linter).
                self.feed(make_token(implied, "", tok.line, tok.column, payload="implied"))
                self.section, self.section_table = implied, False
        elif kind.startswith(("L_", "T_")) or kind in ("LOST_LABEL", "HEADER"):
            self.section_table = self.section is not None
        self.last_line = tok.end_line
        self.feed(tok)

    def feed(self, tok: GToken) -> None:
        """Hand a token to the parser; one it rejects goes to the driver's recovery."""
        if not self.g.feed(self.parser, tok):
            self.on_rejected(tok)

    def implied_heading(self, subheading: str) -> Optional[str]:
        """The missing section that a sub-heading after a section's table opens, if any.

        When the section that follows the current one (in grammar order) has no heading in
        the document but a later section has, a sub-heading after the current section's
        table that speaks of the missing section (shares four or more characters with its
        official heading: （一）主要问题, （一）2024年工作中存在问题的改进情况) opens it.
        """
        if self.section is None or not self.section_table:
            return None
        order = list(self.g.headings)
        k = order.index(self.section)
        if k + 1 >= len(order):
            return None
        present = self.outline()
        following = order[k + 1]
        if following in present or not any(h in present for h in order[k + 2:]):
            return None
        official = _HEADING_NUMBER.sub("", fold(self.g.headings[following]))
        text = fold(subheading)
        return following if longest_block(text, official) >= 4 else None

    def tokens(self) -> None:
        lines = self.lines
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            text = line.text.strip(" \u3000\u00a0\t\r\n")
            if not text:
                continue
            comment = _COMMENT.match(text) if text.startswith("<!--") else None
            if comment:
                body = comment["body"]
                if body.startswith(_UNRECOGNISED_COMMENT):
                    self.strays.append((body[len(_UNRECOGNISED_COMMENT):], line.number, line.column, "carried"))
                else:
                    # Inside a table a comment waits for the table to end.
                    self.comments.append(make_token("COMMENT", body, line.number, line.column))
                    if not self.in_row and not self.pending and self.can("COMMENT"):
                        self.flush_comments()
                continue
            if self.comments and not self.in_row and not self.pending and self.can("COMMENT"):
                self.flush_comments()
            if "--" in text and MD_SEPARATOR.match(text):
                continue
            cells = split_cells(line)
            if cells is None and "\t" in line.text:
                # label⇥ (a one-column row whose only cell is empty) is a row, not prose.
                first = line.text.split("\t")[0]
                if fold(first) in self.g.label_keys:
                    cells = [(first.strip(), line.column), ("", line.column + len(first) + 1)]
            if cells is not None:
                if not self.title_done:
                    self.flush_before_title()
                self.seen_structure = True
                self.table_line(self.classify_all(cells, line.number))
                continue
            self.close_row()
            self.flush_pending()
            tok, consumed = self.prose_line(text, line, lines, i)
            i += consumed
            if tok is None:
                continue
            if tok.type == "TITLE":
                # Lines above the title (a converter's "正文", a date stamp) are no preamble.
                for before in self.before_title:
                    self.strays.append((before.value, before.line, before.column, "before the title"))
                self.before_title = []
                self.emit(tok)
            elif not self.seen_structure and not self.title_done and len(self.before_title) < 5:
                self.before_title.append(tok)  # a title may still follow
            else:
                self.flush_before_title()
                self.emit(tok)
        self.flush_before_title()
        self.close_row()
        self.flush_pending()
        self.flush_comments()

    def flush_comments(self) -> None:
        comments, self.comments = self.comments, []
        for tok in comments:
            self.emit(tok)

    def flush_before_title(self) -> None:
        self.title_done = True
        for tok in self.before_title:
            self.emit(tok)
        self.before_title = []

    # ---------------------------------------------------------------- prose

    def prose_line(self, text: str, line: Line, lines: tuple[Line, ...], nxt: int):
        """Classify a line outside a table. Returns (token or None, extra lines consumed)."""
        g = self.g
        level = len(text) - len(text.lstrip("#"))
        body = text.lstrip("#").strip(" \u3000\u00a0\t") if level else text
        col = line.column + (len(text) - len(body) if level else 0)
        if len(body) <= MAX_CELL_LINE:  # a page number or a caption; never a paragraph
            folded = fold(body.strip("*"))
            if is_page_number(folded):
                self.artefacts.append((text, line.number, line.column))
                return None, 0
            if folded in g.items:
                self.seen_structure = True
                return make_token(g.items[folded], body, line.number, col), 0
        heading = self.heading(body)
        if heading:
            self.seen_structure = True
            return make_token(heading, body, line.number, col), 0
        if not self.seen_structure and not self.title_done:
            title = self.title(body, line, lines, nxt)
            if title is not None:
                return title
        if level or reads_as_subheading(body):
            return make_token("SUBHEADING", body, line.number, col), 0
        return make_token("PARAGRAPH", body, line.number, col), 0

    def heading(self, body: str) -> Optional[str]:
        """The section heading terminal this line is, if any (lenient, see structure.lark).

        A loose match yields to a better one elsewhere in the document: a report with its
        own outline (三、主动公开工作情况 in its narrative, then 二、主动公开政府信息情况
        over the tables) has its section heading where the wording is closest.
        """
        name, score = self.heading_score(body)
        if name is None:
            return None
        if score < self.outline().get(name, 0.0):
            return None
        return name

    def outline(self) -> dict[str, float]:
        """For each section heading, the best score any line of the document reaches."""
        if self._outline is None:
            best: dict[str, float] = {}
            for line in self.lines:
                text = line.text.strip(" \u3000\u00a0\t\r\n")
                body = text.lstrip("#").strip(" \u3000\u00a0\t") if text.startswith("#") else text
                if not body or len(body) > 40 or is_table_line(line.text):
                    continue  # (a heading is at most 40 characters, see heading_score)
                name, score = self.heading_score(body)
                if name is not None and score > best.get(name, 0.0):
                    best[name] = score
            self._outline = best
        return self._outline

    def heading_score(self, body: str) -> tuple[Optional[str], float]:
        """The section heading a line reads as, and how closely (1.0: the official wording)."""
        if len(body) > 40:
            return None, 0.0
        cache = self.g.heading_cache
        if body not in cache:
            if len(cache) > 50000:
                cache.clear()
            cache[body] = self._heading_score(body)
        return cache[body]

    def _heading_score(self, body: str) -> tuple[Optional[str], float]:
        folded = fold(body)
        if folded in self.g.label_keys or folded in self.g.group_parts:
            return None, 0.0  # a row label of a table (一、本年新收…) is no section heading
        numbered = _HEADING_NUMBER.match(folded)
        text = folded[numbered.end():] if numbered else folded
        best, best_ratio = None, 0.0
        for name, official, official_text in _official_headings(self.g):
            if folded == official or text == official_text:
                return name, 1.0
            if not numbered:
                continue
            if official_text in text or (len(text) >= 4 and text in official_text):
                ratio = 0.9
            else:
                bound = quick_ratio(text, official_text)
                if bound <= best_ratio or bound < HEADING_CUTOFF:
                    continue  # its ratio could neither win nor reach the cutoff
                ratio = similarity(text, official_text)
            if ratio > best_ratio:
                best, best_ratio = name, ratio
        return (best, best_ratio) if best_ratio >= HEADING_CUTOFF else (None, 0.0)

    def title(self, body: str, line: Line, lines: tuple[Line, ...], nxt: int):
        """A title line (perhaps with the line before or after it), or None."""
        suffix = fold(self.g.literals["TITLE"])
        folded = fold(body)

        def is_title(f: str) -> bool:
            tail = f[-len(suffix) - 2:]
            return f.endswith(suffix[-4:]) and (
                suffix in f or similarity(tail, suffix) >= 0.75)

        def short(f: str) -> bool:
            return 0 < len(f) <= 40 and not re.search(r"[。；;，,]", f)

        if is_title(folded):
            self.title_done = True
            return make_token("TITLE", body, line.number, line.column), 0
        # A title broken over two lines: this line, then one that ends the title.
        if short(folded) and nxt < len(lines):
            follow = lines[nxt].text.strip(" \u3000\u00a0\t").lstrip("#").strip()
            joined = folded + fold(follow)
            if follow and short(fold(follow)) and is_title(joined) and not is_title(folded):
                self.title_done = True
                return make_token("TITLE", body + "\n" + follow, line.number, line.column,
                                  end_line=lines[nxt].number, end_column=len(follow) + 1), 1
        return None

    # ---------------------------------------------------------------- tables

    def table_line(self, cells: List[CellInfo]) -> None:
        for first in cells:
            if first.kind != EMPTY:
                break
        else:
            # Inside a row (wrapped, or one cell per line) empty cells are its values; so is
            # a lone empty cell right after a label.
            if self.in_row:
                self.values(cells)
            elif len(cells) == 1 and self.pending and self.pending[-1].kind == LABEL:
                self.row(cells)
            return
        # A row in progress (wrapped over lines, or one cell per line) takes values first.
        if self.in_row and first.kind in _CONTINUES_ROW:
            self.values(cells)
            return
        kinds = {c.kind for c in cells}
        has_value = not kinds.isdisjoint((NUMBER, RUN, MARKER))
        has_label = not kinds.isdisjoint(LABEL_KINDS)
        if first.kind == COLUMN or (not has_value and not has_label):
            nonempty = [c for c in cells if c.kind != EMPTY]
            self.close_row()
            if self.pending:
                self.pending_header.append((self.pending, self.pending[0].line))
                self.pending = []
            self.pending_header.append((nonempty, first.line))
            self.flush_header()
            return
        i = 0
        while i < len(cells):
            c = cells[i]
            if c.kind == ITEM:
                self.close_row()
                self.flush_pending()
                assert c.terminal is not None  # (an ITEM cell is a caption: it has its terminal)
                self.emit(make_token(c.terminal, c.text, c.line, c.column, payload=c))
                i += 1
                continue
            if c.kind in (LABEL, GROUP) or (c.kind == TEXT and not self.in_row):
                self.close_row()
                self.pending.append(c)
                i += 1
                continue
            if c.kind == EMPTY and not self.in_row:
                # Empty cells before a row's values: the gap rule in values() decides
                # whether they are merged label columns or empty values.
                following = next((x for x in cells[i:] if x.kind != EMPTY), None)
                if self.pending and following is not None and following.kind in (NUMBER, RUN, MARKER):
                    self.row(cells[i:])
                    return
                # A row that takes no label (table 4's fifteen numbers): its leading empty
                # cells are its first values.
                if not self.pending and i == 0 and following is not None \
                        and following.kind in (NUMBER, RUN, MARKER) and self.takes_unlabelled_row():
                    self.row(cells)
                    return
                i += 1
                continue
            # A value: it starts a row (labelled by pending cells, or not) or continues one.
            self.row(cells[i:])
            return
        # Label cells with no values on this line. With empty cells after the label the
        # row is there and empty (行政强制 | | |); with none, the layout is one cell per
        # line and the values follow.
        # (Only where the grammar takes that row now: in a one-cell-per-line header,
        # 复议后起诉 | | | is a header cell padded out.)
        if self.pending and self.pending[-1].kind == LABEL and cells[-1].kind == EMPTY:
            terminal = self.resolve(self.pending)[0]
            if terminal and self.can(terminal):
                last = max(i for i, c in enumerate(cells) if c.kind != EMPTY)
                self.row(cells[last + 1:])

    def flush_header(self) -> None:
        for cells, line in sorted(self.pending_header, key=lambda x: x[1]):
            text = " | ".join(c.text for c in cells)
            self.emit(make_token("HEADER", text, line, cells[0].column, payload=tuple(c.text for c in cells)))
        self.pending_header = []

    def flush_pending(self) -> None:
        """Label cells that never got values were a header after all."""
        if self.pending:
            self.pending_header.append((list(self.pending), self.pending[0].line))
            self.pending = []
            self.flush_header()

    def resolve(self, pending: List[CellInfo]):
        """The row-label terminal named by the pending label cells.

        Returns (terminal or None, label cells, cells left over as values, recovered).
        The longest run of cells whose concatenation is a trailing run of an official
        label's parts wins (``（六）其他处理`` + ``1.申请人…`` is a sub-row, not the group).
        """
        if len(pending) == 1 and pending[0].kind == LABEL:
            return pending[0].terminal, pending, [], False  # the common case: one full label
        g = self.g
        folds = [fold(c.text) for c in pending]
        for end in range(len(pending), 0, -1):
            if pending[end - 1].kind not in (LABEL, GROUP, TEXT):
                continue
            for start in range(0, end):
                key = "".join(folds[start:end])
                if key in g.label_keys:
                    leftover = [c for c in pending[end:] if c.kind not in (GROUP, LABEL)]
                    return g.label_keys[key], pending[:end], leftover, False
        # A garbled or truncated label: the closest official one, if close enough. Only
        # text that is no label part at all is compared (a bare group such as
        # 三、本年度办理结果 names no row).
        if pending and pending[-1].kind == TEXT:
            for start in range(len(folds)):
                cand = "".join(folds[start:])
                if len(cand) < 3:
                    continue
                for match in close_matches(cand, list(g.label_keys), n=3, cutoff=0.75):
                    if 0.75 <= len(cand) / len(match) <= 1.34:
                        return g.label_keys[match], pending, [], True
        return None, pending, [], True

    def row(self, cells: List[CellInfo]) -> None:
        """Values arrive: emit the row's label (if any) and its cells."""
        if self.in_row and not self.pending:
            self.values(cells)
            return
        self.close_row()
        if self.pending:
            pending, self.pending = self.pending, []
            terminal, label_cells, leftover, recovered = self.resolve(pending)
            cells = leftover + cells
            if terminal is None:
                self.unlabelled(cells, label_cells)
                return
            texts = tuple(c.text for c in label_cells)
            self.emit(make_token(terminal, " ".join(texts), label_cells[0].line, label_cells[0].column,
                                 payload=(texts, recovered)))
            cells = expand_runs(cells, self.g.row_width(self.stack[-1]))
            self.start_row(cells)
            self.values(cells, gap=True)
            return
        self.unlabelled(cells, [])

    def start_row(self, cells: List[CellInfo]) -> None:
        self.in_row = True
        self.last_width = self.g.row_width(self.stack[-1]) or self.last_width

    def unlabelled(self, cells: List[CellInfo], label_cells: List[CellInfo]) -> None:
        """Values with no recognisable label: a row known by its position, or stray cells."""
        trimmed = list(cells)
        while trimmed and trimmed[-1].kind == EMPTY:
            trimmed.pop()
        if self.can("LOST_LABEL"):
            if any(c.kind == RUN for c in cells):
                cells = expand_runs(cells, self.width_after("LOST_LABEL"))
                trimmed = list(cells)
                while trimmed and trimmed[-1].kind == EMPTY:
                    trimmed.pop()
            if not label_cells and not any(c.kind in (NUMBER, RUN) for c in cells) \
                    and len(cells) < self.width_after("LOST_LABEL"):
                # Neither a label nor a number, and narrower than a row: placeholders
                # (a converter's "| - | - |" table), not a row whose label was lost.
                self.stray([c for c in trimmed if c.kind != EMPTY], "cells outside a row")
                return
            width = self.last_width or len(trimmed)
            extra = max(0, len(trimmed) - width)
            lost = label_cells + trimmed[:extra]
            first = lost[0] if lost else (trimmed[0] if trimmed else None)
            line, col = (first.line, first.column) if first else (0, 0)
            text = " ".join(c.text for c in lost)
            self.emit(make_token("LOST_LABEL", text, line, col, payload=(tuple(c.text for c in lost), True)))
            self.start_row(cells[extra:])
            self.values(cells[extra:])
            return
        if label_cells:
            self.stray(label_cells, "label not recognised")
        if any(c.kind != EMPTY for c in cells) and self.next_column():
            self.values(cells, reduce_first=True)
            return
        self.stray([c for c in cells if c.kind != EMPTY], "cells outside a row")

    def values(self, cells: List[CellInfo], gap: bool = False,
               reduce_first: bool = False) -> None:
        """Emit value cells typed by the column the parser expects next."""
        g = self.g
        if gap:
            # Empty cells right after a label are merged label columns, unless the row
            # needs them to be complete (then they are empty values).
            width = g.row_width(self.stack[-1])
            trimmed = len(cells)
            while trimmed and cells[trimmed - 1].kind == EMPTY:
                trimmed -= 1
            drop = 0
            while drop < len(cells) and cells[drop].kind == EMPTY and trimmed - drop > width:
                drop += 1
            cells = cells[drop:]
        i, n = 0, len(cells)
        if reduce_first and n and g.shift_column(self.state()) is None:
            column = self.next_column()  # the row before must be reduced first
            if column is not None:
                if cells[0].kind in LABEL_KINDS and self.in_row:
                    self.close_row()
                    self.table_line(cells)
                    return
                self.shift(column, cells[0])
                i = 1
                self.in_row = g.shift_column(self.state()) is not None
        # The columns the parser shifts from here on, in order; cells are pushed as them.
        stack = self.stack
        pushed = self.value_stack
        chain = g.column_chain(stack[-1])
        width = len(chain)
        in_row = self.in_row
        k = 0
        while i < n:
            c = cells[i]
            if k == width or (in_row and c.kind in LABEL_KINDS):
                if k:
                    self.pushed(cells[i - 1])
                break
            c.type, state = chain[k]
            stack.append(state)
            pushed.append(c)
            in_row = True
            i += 1
            k += 1
        else:
            if k:  # (pushed(), inlined: most lines end here)
                self.section_table = self.section is not None
                self.last_line = cells[i - 1].line
                self.in_row = k < width
            return
        if k == width:
            self.in_row = False
            rest = cells[i:]
            if all(x.kind == EMPTY for x in rest):
                if len(rest) == g.columns_ahead(stack):
                    # Exactly the unlabelled rows the table still has, all empty (table 4
                    # written on one line, as officially, its last row blank).
                    self.values(rest, reduce_first=True)
                return  # padding after a complete row
            if rest[0].kind in (LABEL, GROUP, ITEM, TEXT, COLUMN):
                self.table_line(rest)
                return
            self.unlabelled(rest, [])
            return
        # A label inside a short row: the row ends here, short of cells.
        self.in_row = True
        self.close_row()
        self.table_line(cells[i:])

    def pushed(self, last: CellInfo) -> None:
        """Value cells up to ``last`` went onto the parser's stacks."""
        self.section_table = self.section is not None
        self.last_line = last.line

    def close_row(self) -> None:
        """A row that ends short of cells gets explicit missing cells."""
        if not self.in_row:
            return
        stack = self.stack
        chain = self.g.column_chain(stack[-1])
        for column, state in chain:
            stack.append(state)
            self.value_stack.append(CellInfo("", MISSING_CELL, 0, 0, type=column))
        if chain:
            self.section_table = self.section is not None
            self.last_line = 0
        self.in_row = False

    def shift(self, column: str, cell: CellInfo) -> None:
        """Put one value cell on the parser's stacks as the column terminal ``column``:
        pushed when the table shifts it, fed through the reductions when it first closes
        the previous row (``values`` pushes the cells of a row in progress itself)."""
        cell.type = column
        self.g.shift_value(self.parser, column, cell)
        self.section_table = self.section is not None
        self.last_line = cell.line

    def stray(self, cells: List[CellInfo], reason: str) -> None:
        if cells:
            self.strays.append((" | ".join(c.text for c in cells), cells[0].line, cells[0].column, reason))
