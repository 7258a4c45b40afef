"""Which edition a document is written in, from its lines: a vote of the distinctive
table labels it holds (giar.format.detect), the stated year breaking a tie."""

from __future__ import annotations

import re
from typing import Final, Iterable, Optional, Sequence

from giar.format.detect import choose_edition, label_prefilter, labels_in
from giar.format.registry import clear_with_format, edition_ids
from giar.read.layout import MAX_CELL_LINE, table_parts
from giar.read.source import Line

# A piece of a line (a cell, or a short line) → the distinctive labels in it, by edition.
_label_hits: dict[str, tuple[tuple[str, int], ...]] = {}
clear_with_format(_label_hits)

STATED_YEAR: Final = re.compile(r"(20\d\d)\s*年")  # (also runon's)


def edition_label_counts(lines: Iterable[Line]) -> dict[str, int]:
    """How often each edition's distinctive table labels occur in these lines.

    Only table lines and lines short enough to be a cell are read: a paragraph that
    quotes a label is not the table (and folding every paragraph costs more than the
    rest of a parse). A table line is read cell by cell: a label never spans a cell
    border, and cells repeat from report to report where lines do not, so each cell's
    labels are found once.
    """
    counts = dict.fromkeys(edition_ids(), 0)
    hits = _label_hits
    maybe = label_prefilter()
    for line in lines:
        text = line.text
        if text.isascii():
            continue  # (every label has Chinese in it)
        tabular = "|" in text or "\t" in text
        if not tabular and len(text) > MAX_CELL_LINE:
            continue
        if not maybe.search(text):
            continue  # no piece of it can hold a label (see label_prefilter)
        table = table_parts(text) if tabular else None
        if table is not None:
            pieces = table[0]
        elif len(text) <= MAX_CELL_LINE:
            pieces = [text]
        else:
            continue
        for piece in pieces:
            found = hits.get(piece)
            if found is None:
                if len(hits) > 50000:
                    hits.clear()
                found = hits[piece] = labels_in(piece)
            for edition, n in found:
                counts[edition] += n
    return counts


def stated_year(lines: Sequence[Line]) -> Optional[int]:
    """The first year the report's opening lines state (2023 年 …), if any."""
    for line in lines[:30]:
        m = STATED_YEAR.search(line.text)
        if m:
            return int(m.group(1))
    return None


def detect_edition(lines: Sequence[Line]) -> str:
    """The edition whose distinctive table labels occur most often; when the tables do
    not tell, the edition of the year the report states (see choose_edition)."""
    return choose_edition(edition_label_counts(lines), stated_year(lines))
