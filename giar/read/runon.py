"""A report whose layout is lost: the whole text on one line, table cells run together.

What a crawler stores of a web page, or ``get_text()`` with no separator, reads
``…二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数…规章000行政规范性文件8855698…``.
Such a line is re-laid out as the lexer expects, by the grammar's words alone:

1. it is cut before each section heading (found by its wording, not by a line break), and
   a title at its start is cut off;
2. in a section with a table, the text is read as a stream of the grammar's labels —
   captions, header words, column labels, row labels — and the runs of values between
   them: each caption and header becomes a line, each row label and its values a row;
3. a run of values that must hold several cells (``713000074`` for seven) is split by the
   format's arithmetic (giar.format.arithmetic): a split is taken only when it is the one
   the row's own identity leaves. Otherwise the row is written with its cells marked
   UNDETERMINED: the AST keeps them empty and the run verbatim, and the linter lists the
   splits. A wrong number is worse than an empty cell.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final, Optional, Sequence

from giar.format import edition_ids, fold, vocabulary
from giar.format.arithmetic import grouped_splits, row_splits
from giar.format.detect import choose_edition, labels_in
from giar.format.registry import clear_with_format, format_cached
from giar.read.edition import STATED_YEAR
from giar.read.layout import UNDETERMINED
from giar.read.source import Line

MIN_RUNON: Final = 200  # characters: a line shorter than this is an ordinary line
MIN_HEADINGS: Final = 2  # section headings a line must hold to be a whole report
MIN_BODY: Final = 150  # characters besides the headings (a line of headings is a contents list)
HEADING_SIMILARITY: Final = 0.8
_NUMERAL_COMMA: Final = re.compile(r"[一二三四五六七八九十]、")
_VALUE_RUN: Final = re.compile(r"^[\s\d.\-－—/]*(?:万元|元)?[\s\d.\-－—/]*$")
_UNIT: Final = re.compile(r"(万元|元)\s*$")
_SENTENCE: Final = re.compile(r"[《》，。、；：,;:（）()]")  # what a title does not hold
_SPACES: Final = "[\\s“”\"'‘’「」『』]*"


def is_runon(lines: Sequence[Line]) -> bool:
    """Does the document hold a whole report (several sections) on one line?"""
    return any(_whole_report(ln.text) for ln in lines)


def relayout(lines: Sequence[Line]) -> tuple[Line, ...]:
    out: list[Line] = []
    for line in lines:
        if _whole_report(line.text):
            out.extend(_relayout_line(line))
        else:
            out.append(line)
    return tuple(out)


def _whole_report(text: str) -> bool:
    if len(text) < MIN_RUNON or len(_NUMERAL_COMMA.findall(text)) < MIN_HEADINGS:
        return False  # (told without comparing any heading: nearly every long line)
    headings = _headings_in(text)
    return len(headings) >= MIN_HEADINGS and len(text) - sum(e - s for s, e, _k in headings) >= MIN_BODY


# ---------------------------------------------------------------- the words of the grammar


def _char_class(ch: str) -> str:
    """The characters that fold to ``ch`` (itself, its full-width form)."""
    forms = {ch}
    if "!" <= ch <= "~":
        forms.add(chr(ord(ch) + 0xFEE0))
    return "[" + "".join(re.escape(c) for c in sorted(forms)) + "]" if len(forms) > 1 else re.escape(ch)


_QUOTE_END: Final = "[”\"’」』]?"  # a closing quote fold drops, after the label


def _tokens(folded: str) -> list[str]:
    """A folded label as the tokens its pattern is made of: a leading sub-row number
    (``#1``, printed ``1.`` ``1．`` ``1、`` ``（1）`` or ``(1)``), then its characters."""
    m = re.match(r"^(\d+)\.", folded)
    if m:
        return ["#" + m.group(1), *folded[m.end():]]
    return list(folded)


def _token_pattern(token: str) -> str:
    if token.startswith("#") and len(token) > 1:
        n = token[1:]
        return f"(?:{n}{_SPACES}[.．、]|[（(]{_SPACES}{n}{_SPACES}[）)])"
    return _char_class(token)


def _trie_pattern(words: list[str]) -> str:
    """One regex for all the words, as a trie (each position tries the few characters that
    can follow, not every word): spaces and quotes allowed between characters, the longer
    word preferred where one continues another."""
    end = ""
    trie: dict = {}
    for word in words:
        node = trie
        for token in _tokens(word):
            node = node.setdefault(token, {})
        node[end] = {}

    def emit(node: dict, first: bool) -> str:
        alternatives = [("" if first else _SPACES) + _token_pattern(t) + emit(child, False)
                        for t, child in node.items() if t != end]
        if end in node:
            alternatives.append(_QUOTE_END)  # (last: a longer word wins)
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return emit(trie, True)


@format_cached
def _words() -> tuple[re.Pattern, dict[str, str]]:
    """One regex finding any label of any edition, and each folded label's kind:
    ``caption``, ``header`` (columns, header words), ``label`` (a row label or its levels)."""
    kinds: dict[str, str] = {}
    for e in edition_ids():
        v = vocabulary(e)
        for name, literal in v.literals.items():
            if name.startswith("T_"):
                kinds.setdefault(fold(literal), "caption")
            elif name.startswith(("C_", "W_")) and name != "W_TITLE_SUBJECT":
                kinds.setdefault(fold(literal), "header")
            elif name.startswith("L_"):
                parts = literal.split(" ")
                for i in range(len(parts)):
                    for j in range(i + 1, len(parts) + 1):
                        kinds.setdefault(fold("".join(parts[i:j])), "label")
    return re.compile(_trie_pattern(sorted(kinds, key=len, reverse=True))), kinds


@format_cached
def _heading_forms() -> dict[str, tuple[tuple[str, str], ...]]:
    """Numeral → (section kind, folded heading without its numeral), of every edition."""
    out: dict[str, dict[str, str]] = {}
    for e in edition_ids():
        v = vocabulary(e)
        for kind in v.section_kinds:
            numeral, _, rest = fold(v.heading(kind)).partition("、")
            out.setdefault(numeral, {}).setdefault(rest, kind)
    return {n: tuple((kind, text) for text, kind in forms.items()) for n, forms in out.items()}


@functools.lru_cache(maxsize=16)
def _headings_in(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, section kind) of each section heading in a long line: its numeral and
    、 followed by text close to that section's heading (a row label 三、本年度办理结果 is not)."""
    from difflib import SequenceMatcher

    forms = _heading_forms()
    found = []
    for m in _NUMERAL_COMMA.finditer(text):
        start = m.end()
        best: Optional[tuple[float, int, str]] = None
        for kind, heading in forms.get(m.group()[:-1], ()):
            matcher = SequenceMatcher(None, "", heading, autojunk=False)
            for extra in range(-2, 3):
                end = start + len(heading) + extra
                matcher.set_seq1(fold(text[start:end]))
                score = matcher.ratio()
                if best is None or score > best[0]:
                    best = (score, end, kind)
        if best is not None and best[0] >= HEADING_SIMILARITY:
            found.append((m.start(), best[1], best[2]))
    return tuple(found)


clear_with_format(_headings_in)


# ---------------------------------------------------------------- one line, re-laid out


def _relayout_line(line: Line) -> list[Line]:
    text, number, column = line.text, line.number, line.column
    headings = _headings_in(text)
    edition = _edition(text)
    v = vocabulary(edition)
    out: list[Line] = []

    def add(piece: str, at: int) -> None:
        piece = piece.strip()
        if piece:
            out.append(Line(piece, number, column + at))

    first = headings[0][0]
    _before_first(text[:first], add)
    for i, (start, end, kind) in enumerate(headings):
        stop = headings[i + 1][0] if i + 1 < len(headings) else len(text)
        add(text[start:end], start)
        body = text[end:stop]
        if kind in v.table_section.values():
            table = next(t for t, k in v.table_section.items() if k == kind)
            _table(body, end, table, v, add)
        else:
            add(body, end)
    return out


def _before_first(text: str, add) -> None:
    """A title at the start of the line is cut off from the preamble after it."""
    suffix = vocabulary(edition_ids()[0]).title_suffix
    at = text.find(suffix)
    head = text[: at + len(suffix)]
    if 0 < at and len(head) <= 80 and STATED_YEAR.search(head) and not _SENTENCE.search(head):
        add(text[: at + len(suffix)], 0)
        add(text[at + len(suffix):], at + len(suffix))
    else:
        add(text, 0)


def _edition(text: str) -> str:
    counts = dict.fromkeys(edition_ids(), 0)
    pattern, _kinds = _words()
    for m in pattern.finditer(text):
        for e, n in labels_in(m.group()):
            counts[e] += n
    stated = STATED_YEAR.search(text)
    return choose_edition(counts, int(stated.group(1)) if stated else None)


def _table(body: str, offset: int, table: str, v, add) -> None:
    """A section's text from its heading on: prose before the first label, then the
    table's captions, headers and rows, then prose after its last values."""
    pattern, kinds = _words()
    words = [(m.start(), m.end(), kinds[fold(m.group())]) for m in pattern.finditer(body)]
    if not words:
        add(body, offset)
        return
    add(body[: words[0][0]], offset)
    pending: list[tuple[str, int, str]] = []  # (text as written, offset, kind) since the last values
    rows_of_table = v.rows_of(table)

    def flush(upto: int) -> None:
        """pending[:upto] as the table's header lines: a new line where a column follows a
        label, as the notice prints table 4's (行政复议 | 行政诉讼 / 结果维持 … 复议后起诉 / …)."""
        line: list[str] = []
        start = 0
        for i, (raw, at, kind) in enumerate(pending[:upto]):
            if line and kind == "header" and pending[i - 1][2] == "label":
                add("| " + " | ".join(line) + " |", start)
                line = []
            if not line:
                start = at
            line.append(raw)
        if line:
            add("| " + " | ".join(line) + " |", start)
        del pending[:upto]

    for k, (start, end, kind) in enumerate(words):
        raw = body[start:end].strip()
        gap_end = words[k + 1][0] if k + 1 < len(words) else len(body)
        gap = body[end:gap_end]
        if kind == "caption":
            flush(len(pending))
            add(raw, offset + start)
        else:
            pending.append((raw, offset + start, kind))
        values = gap.strip()
        if not values:
            continue
        # The tokens since the last values: a header (up to its last column or header word),
        # then the label of the row these values belong to (none for table 4's numbers).
        last_header = max((i for i, (_r, _a, kd) in enumerate(pending) if kd == "header"), default=-1)
        flush(last_header + 1)
        label = "".join(raw for raw, _at, _kind in pending)
        at = pending[0][1] if pending else offset + end
        pending.clear()
        if not _VALUE_RUN.match(values):
            # Prose after the table (or text the grammar has no word for): the table ends.
            add(label + gap if label else gap, at if label else offset + end)
            continue
        if label:
            terminal = v.label_keys.get(fold(label))
            key = terminal[2:].lower() if terminal else None
            if key in v.row_columns and key in rows_of_table:
                add(_row([label], values, [v.row_columns[key]]), at)
            else:
                add(label + " " + values, at)
        else:
            # Values with no label of their own: the rows the table prints unlabelled (table
            # 4's fifteen numbers, three groups of five).
            add(_row([], values, [v.row_columns[r] for r in rows_of_table]), offset + end)
    flush(len(pending))


def _row(label: list[str], values: str, groups: list[tuple[str, ...]]) -> str:
    """A table row: the label, then the values split into the groups' columns when the
    arithmetic leaves one split; else the run kept whole in an UNDETERMINED cell."""
    values = unicodedata.normalize("NFKC", values).replace("—", "-").strip()
    unit = ""
    m = _UNIT.search(values)
    if m:
        unit, values = m.group(1), values[: m.start()].strip()
    columns = [c for g in groups for c in g]
    tokens = values.split()
    if len(tokens) == len(columns):
        cells = tokens  # one value for each column, as written
    else:
        found = row_splits(values, columns) if len(groups) == 1 else grouped_splits(values, groups)
        # A cell is read where every split the arithmetic leaves agrees on it; the first
        # cell it does not determine carries the run as written.
        cells = [found[0][i] if found and all(f[i] == found[0][i] for f in found) else UNDETERMINED
                 for i in range(len(columns))]
        if UNDETERMINED in cells:
            first = cells.index(UNDETERMINED)
            cells[first] = UNDETERMINED + values + unit
            if unit and cells[-1] == UNDETERMINED:
                unit = ""
    if unit:
        cells[-1] += unit
    return "| " + " | ".join(label + cells) + " |"
