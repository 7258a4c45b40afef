"""Repairing text that a PDF or Word converter produced (text or Markdown copies of reports).

Converters keep the words but not the layout: prose is hard-wrapped at the page width,
page footers (``— 3 —``) land between the lines of a paragraph, and tables come out in
fragments — a sub-table's rows pushed to the end of the page, cells that did not fit in
the grid left floating as lines of their own, ``行政许可 97`` written as a line of text.
``repair`` undoes that layout, using only the grammar's vocabulary (row labels, sub-table
captions, row widths) — never a list of labels of its own:

1. page-number lines are dropped (a paragraph broken by one is joined again);
2. hard-wrapped prose is joined: a line as wide as the page's full lines that does not end
   a sentence continues on the next, unless that one starts a heading (``一、``, ``（一）``);
3. a text line that is a row label followed by values becomes a table row
   (``行政许可 97`` → ``行政许可 | 97``);
4. a sub-table caption (``第二十条第（一）项``) with no rows under it gets back its rows when
   they stand further down in the same section (with the header line just before them);
5. loose values between a caption and the next one (a number line, with a parenthesised
   note on the line after it: ``22`` / ``（其中修订 16 件）``) are the cells its rows lack:
   a row short of cells takes them in order, in its inner positions (the first and last
   cells of a row are the ones a converter keeps in the grid).

Lines keep the numbers they had in the file (a joined paragraph the number of its first
line; a moved row its own), so messages still point at the source.
"""

from __future__ import annotations

import re
from typing import Final, Optional, Sequence

from giar.format.registry import format_cached
from giar.read.layout import (
    MARKERS,
    MAX_CELL_LINE,
    MD_SEPARATOR,
    ends_sentence,
    glue,
    is_page_number,
    starts_heading,
)
from giar.read.source import Line

_VALUE: Final = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_NOTE: Final = re.compile(r"^[(（][^()（）]*[)）]$")
WRAP_SLACK: Final = 8  # display columns a full line may fall short of the page width
MIN_WRAPPED: Final = 8  # wrapped lines needed before text is taken for converter output
MIN_PAGE_WIDTH: Final = 40  # display columns: a printed line holds well over 20 CJK characters


def width(text: str) -> int:
    """Display width as a Chinese converter wraps: a CJK character (3 bytes in UTF-8) counts
    two columns (each UTF-8 byte past a character's first, half a column).

    Not ``rich.cells.cell_len``: that counts the ambiguous-width punctuation of Chinese
    prose (“ ” — …) as one column, which moves the measured page width (58 → 54 columns
    on a corpus report); and it is 6× slower, where every prose line is measured."""
    if text.isascii():
        return len(text)
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def has_cell_separator(text: str) -> bool:
    """A pipe or a tab in the line: cells, perhaps (the lexer's is_table_line decides)."""
    return "|" in text or "\t" in text.strip(" ")


# Words set apart by a gap of three spaces or more: columns aligned with spaces (pdftotext
# -layout, lynx), a table's line, never wrapped prose.
_ALIGNED: Final = re.compile(r"\S {3,}\S")


def _prose(text: str) -> bool:
    t = text.strip()
    return bool(t) and not has_cell_separator(t) and not t.startswith(("#", "<!--", ">"))


def _wrapped_prose(text: str) -> bool:
    """A line prose may continue on (or from): prose, not columns aligned with spaces."""
    return _prose(text) and not _ALIGNED.search(text.strip())


def page_width(lines: Sequence[Line]) -> Optional[int]:
    """The width of a full line of hard-wrapped prose, or None when the text is not wrapped."""
    prose = []
    for ln in lines:  # (_prose, inlined: this runs over every text document)
        t = ln.text.strip()
        if t and "|" not in t and "\t" not in t and not t.startswith(("#", "<!--", ">")):
            prose.append((ln.text, width(t)))
    counts: dict[int, int] = {}
    for _text, w in prose:
        if w >= MIN_PAGE_WIDTH:
            counts[w] = counts.get(w, 0) + 1
    if not counts:
        return None
    # The most common width, widened by its neighbours (digits make lines a little uneven).
    best = max(counts, key=lambda w: sum(counts.get(w + d, 0) for d in range(-2, 3)))
    wrapped = sum(1 for text, w in prose
                  if best - WRAP_SLACK <= w <= best + 4
                  and not ends_sentence(text) and not _heading_line(text.strip()))
    return best if wrapped >= MIN_WRAPPED else None


def looks_converted(lines: Sequence[Line]) -> bool:
    """Hard-wrapped prose or page footers between the lines: a converter's output."""
    if any(is_page_number(ln.text) for ln in lines):
        return True
    return page_width(lines) is not None


# ---------------------------------------------------------------- prose


def drop_page_numbers(lines: Sequence[Line]) -> list[Line]:
    return [ln for ln in lines if not is_page_number(ln.text)]


def join_at_width(lines: Sequence[Line], full: Optional[int]) -> list[Line]:
    """Join prose hard-wrapped at ``full`` display columns (see the module docstring).

    Unlike ``layout.join_wrapped`` (the PDF reader's, on pieces that know whether they reach
    the right margin), a line's fullness is measured here, and vertical text is not joined."""
    if full is None:
        return list(lines)
    out: list[Line] = []
    open_ = False  # the last line of out ends in a full-width piece
    for ln in lines:
        text = ln.text.strip()
        if (open_ and _wrapped_prose(text) and not starts_heading(text)
                and not ends_sentence(out[-1].text)):
            prev = out[-1]
            out[-1] = Line(glue(prev.text.rstrip(), text), prev.number, prev.column)
        else:
            out.append(ln)
        open_ = _wrapped_prose(text) and width(text) >= full - WRAP_SLACK and not _heading_line(text)
    return out


_HEADING_LINE: Final = re.compile(r"^(?:#+\s*)?(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])")


def _heading_line(text: str) -> bool:
    """A numbered heading (三、收到和处理…, （一）…) ends its line even when it is long
    enough to look wrapped; a numbered *paragraph* has sentence punctuation in it."""
    return bool(_HEADING_LINE.match(text)) and len(text) <= 40 and not re.search(r"[。；;，,]", text)


# ---------------------------------------------------------------- tables


class _Vocabulary:
    """What the grammar says about table 2: labels, captions, their rows, row widths."""

    def __init__(self, edition: str) -> None:
        from giar.format import fold, vocabulary

        g = vocabulary(edition)
        self.fold = fold
        self.labels = g.label_keys  # folded label (or trailing part) → terminal
        self.captions = g.items  # folded caption → terminal
        self.longest_line = MAX_CELL_LINE  # a caption's line is no longer than a cell's
        self.caption_rows: dict[str, set[str]] = {}
        for folded, terminal in g.items.items():
            # A caption T_X heads the grammar rule x (T_ITEM_1 → item_1) and its rows.
            rows = g.rows_of(terminal[2:].lower())
            self.caption_rows[terminal] = {"L_" + r.upper() for r in rows}
        self.widths = {"L_" + r.upper(): len(cols) for r, cols in g.row_columns.items()}

    def label(self, text: str) -> Optional[str]:
        return self.labels.get(self.fold(text))

    def caption(self, text: str) -> Optional[str]:
        if len(text) > self.longest_line:
            return None  # prose (folding every paragraph was a quarter of a repair)
        return self.captions.get(self.fold(text.strip().lstrip("#").strip()))


def _cells(text: str) -> list[str]:
    body = text.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in body.split("|")]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _is_value(cell: str, fold) -> bool:
    f = fold(cell)
    return bool(_VALUE.match(f.replace(",", ""))) or f in MARKERS


def label_lines_to_rows(lines: Sequence[Line], vocab: _Vocabulary) -> list[Line]:
    """``行政许可 97`` (a label and its values written as text) → ``| 行政许可 | 97 |``."""
    out = []
    for ln in lines:
        text = ln.text.strip()
        if _prose(text) and " " in text:
            parts = text.split()
            # The values are a run of value words at the end; only a split inside that run
            # can leave a label before it (a paragraph's last word is seldom a number).
            first = len(parts)
            while first > 1 and _is_value(parts[first - 1], vocab.fold):
                first -= 1
            for k in range(len(parts) - 1, first - 1, -1):
                label = " ".join(parts[:k])
                values = parts[k:]
                terminal = vocab.label(label)
                if terminal and len(values) <= vocab.widths.get(terminal, len(values)):
                    ln = Line(_row([label, *values]), ln.number, ln.column)
                    break
        out.append(ln)
    return out


def _row_label(text: str, vocab: _Vocabulary) -> Optional[str]:
    """The row-label terminal of a table line (the first cells that name a label)."""
    cells = [c for c in _cells(text) if c]
    for k in range(len(cells), 0, -1):
        terminal = vocab.label("".join(cells[:k]))
        if terminal:
            return terminal
    return None


def restore_captions(lines: list[Line], vocab: _Vocabulary) -> list[Line]:
    """Bring a sub-table's rows back under its caption, and loose values into short rows."""
    i = 0
    while i < len(lines):
        terminal = vocab.caption(lines[i].text) if not has_cell_separator(lines[i].text) else None
        if terminal is None:
            i += 1
            continue
        rows = vocab.caption_rows.get(terminal, set())
        end = _caption_end(lines, i + 1, vocab)
        here = [j for j in range(i + 1, end) if has_cell_separator(lines[j].text)
                and _row_label(lines[j].text, vocab) in rows]
        if not here:
            block = _find_block(lines, end, rows, vocab)
            if block:
                moved = [lines[j] for j in block]
                for j in reversed(block):
                    del lines[j]
                insert_at = _caption_end(lines, i + 1, vocab)
                lines[insert_at:insert_at] = moved
                end = _caption_end(lines, i + 1, vocab)
        _fill_short_rows(lines, i + 1, end, rows, vocab)
        i += 1
    return lines


def _caption_end(lines: Sequence[Line], start: int, vocab: _Vocabulary) -> int:
    """Where a caption's part ends: at the next caption or section heading."""
    for j in range(start, len(lines)):
        text = lines[j].text.strip()
        if has_cell_separator(text):
            continue
        if vocab.caption(text) or (starts_heading(text.lstrip("#").strip()) and not text.startswith("#")):
            return j
    return len(lines)


def _find_block(lines: Sequence[Line], start: int, rows: set, vocab: _Vocabulary) -> list[int]:
    """Indexes of a run of table lines, further down in the section, whose rows belong to
    the caption (with the header line just before them, and the separators between)."""
    first = None
    for j in range(start, len(lines)):
        text = lines[j].text.strip()
        if not has_cell_separator(text):
            if starts_heading(text) and not text.startswith("#") and not vocab.caption(text):
                return []  # the next section: nothing found
            continue
        label = _row_label(text, vocab)
        if label in rows:
            first = j
            break
        if label is not None:
            continue
    if first is None:
        return []
    block = [first]
    # The header line just above (skipping separators and Markdown headings).
    k = first - 1
    while k >= start:
        text = lines[k].text.strip()
        if MD_SEPARATOR.match(text) or text.startswith("#") or not text:
            k -= 1
            continue
        if has_cell_separator(text) and _row_label(text, vocab) is None \
                and not any(_is_value(c, vocab.fold) for c in _cells(text) if c):
            block.insert(0, k)
            block[1:1] = [m for m in range(k + 1, first) if MD_SEPARATOR.match(lines[m].text)]
        break
    # Then the caption's rows: labelled as its rows, or with a label the grammar does not
    # know (a variant wording), up to as many rows as the caption has.
    count = 1
    j = first + 1
    while j < len(lines) and count < len(rows):
        text = lines[j].text.strip()
        if MD_SEPARATOR.match(text):
            block.append(j)
        elif text.startswith("#") and j + 1 < len(lines) and has_cell_separator(lines[j + 1].text):
            pass  # a converter's table title between fragments: left where it is
        elif has_cell_separator(text) and _row_label(text, vocab) in rows | {None}:
            block.append(j)
            count += 1
        else:
            break
        j += 1
    while block and MD_SEPARATOR.match(lines[block[-1]].text):
        block.pop()
    return sorted(set(block))


def _fill_short_rows(lines: list[Line], start: int, end: int, rows: set, vocab: _Vocabulary) -> None:
    """Loose value lines between start and end go into the rows short of cells."""
    loose: list[tuple[list[int], str]] = []  # (line indexes, cell text)
    for j in range(start, end):
        text = lines[j].text.strip()
        if has_cell_separator(text):
            continue
        if _VALUE.match(vocab.fold(text).replace(",", "")):
            loose.append(([j], text))
        elif _NOTE.match(vocab.fold(text)) and loose and loose[-1][0][-1] == j - 1:
            idx, cell = loose[-1]
            loose[-1] = (idx + [j], cell + text)
    if not loose:
        return
    short = []
    for j in range(start, end):
        text = lines[j].text
        if not has_cell_separator(text):
            continue
        label = _row_label(text, vocab)
        if label is None or label not in rows:
            continue
        cells = [c for c in _cells(text) if c]
        values = [c for c in cells if _is_value(c, vocab.fold)]
        missing = vocab.widths.get(label, len(values)) - len(values)
        if missing > 0 and len(values) >= 1:
            short.append((j, missing))
    if sum(m for _, m in short) < len(loose):
        return
    used: list[int] = []
    for j, missing in short:
        cells = [c for c in _cells(lines[j].text) if c]
        n_label = len(cells) - sum(1 for c in cells if _is_value(c, vocab.fold))
        while missing and loose:
            idx, cell = loose.pop(0)
            cells.insert(len(cells) - 1 if len(cells) - 1 > n_label else len(cells), cell)
            used.extend(idx)
            missing -= 1
        lines[j] = Line(_row(cells), lines[j].number, lines[j].column)
    for j in sorted(used, reverse=True):
        del lines[j]


@format_cached
def _vocabulary(edition: str) -> _Vocabulary:
    return _Vocabulary(edition)


def _edition(lines: Sequence[Line]) -> str:
    from giar.format.detect import choose_edition
    from giar.read.edition import edition_label_counts

    return choose_edition(edition_label_counts(lines), None)


def repair(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Undo a converter's layout (see the module docstring)."""
    full = page_width(lines)
    out = drop_page_numbers(lines)
    out = join_at_width(out, full)
    vocab = _vocabulary(_edition(out))
    out = label_lines_to_rows(out, vocab)
    out = restore_captions(list(out), vocab)
    return tuple(out)
