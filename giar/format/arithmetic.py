"""What the format's arithmetic says about a row's cells, and the ways a run of digits can
be split into them.

A report whose table cells ran together (``713000074`` for 71|3|0|0|0|0|74, a crawler's
text) can be read only where the format's arithmetic leaves one split: FORMAT.md's row
identities (a ``total`` column is the sum of the columns before it: table 3's rows,
table 4's groups) and column identities (table 3: the result rows add up to （七）总计;
new + carried over = results + carried forward). Where more than one split survives, the
cells stay unknown: a wrong number is worse than an empty cell.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final, Iterable, Optional, Sequence

MONEY_COLUMNS: Final = ("amount",)  # decimal strings as written
SIGNED_COLUMNS: Final = ("change",)  # 本年增/减: may be negative
TOTAL_COLUMN: Final = "total"
MAX_SPLITS: Final = 5000  # a run with more possible splits is not enumerated

_PART: Final = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")


def row_total(columns: Sequence[str]) -> Optional[tuple[int, range]]:
    """(the index of a row's total, the indices it sums) when its last column is a total."""
    if len(columns) > 1 and columns[-1] == TOTAL_COLUMN:
        return len(columns) - 1, range(len(columns) - 1)
    return None


def _fits(part: str, column: str) -> bool:
    if not _PART.match(part):
        return False
    if part.startswith("-") and column not in SIGNED_COLUMNS:
        return False
    return "." not in part or column in MONEY_COLUMNS


def splits(run: str, columns: Sequence[str]) -> list[tuple[str, ...]]:
    """Every way to read ``run`` as one value per column: non-empty parts, no leading zero
    (but ``0`` itself), a minus sign only where the column may be negative, a decimal point
    only in a money column; every space in the run falls between two cells. Empty when
    there are more than MAX_SPLITS (then nothing is determined)."""
    run = run.strip()
    if not columns:
        return []
    bare = run.replace(" ", "")
    if not bare:
        return []
    # Positions in ``bare`` where the source put a space: cell boundaries.
    forced: set[int] = set()
    k = 0
    for ch in run:
        if ch == " ":
            forced.add(k)
        else:
            k += 1
    n, w = len(bare), len(columns)
    out: list[tuple[str, ...]] = []

    def extend(start: int, done: tuple[str, ...]) -> bool:
        """Split bare[start:] into the remaining columns; False once there are too many."""
        col = len(done)
        if col == w:
            if start == n:
                out.append(done)
            return len(out) <= MAX_SPLITS
        last = n - (w - col - 1)  # leave a character for each later column
        for end in range(start + 1, last + 1):
            if end - 1 > start and end - 1 in forced:
                break  # a space would fall inside this part
            part = bare[start:end]
            body = part.lstrip("-")
            if len(body) > 1 and body[0] == "0" and body[1] != ".":
                break  # a leading zero: no longer part fits either
            if _fits(part, columns[col]) and not extend(end, (*done, part)):
                return False
        return True

    if w > n or not extend(0, ()):
        return []
    return out


def holds_row_identity(columns: Sequence[str], parts: Sequence[str]) -> bool:
    """The row identity (total = sum of the others), or True for a row without a total."""
    total = row_total(columns)
    if total is None:
        return True
    at, summed = total
    return Decimal(parts[at]) == sum((Decimal(parts[i]) for i in summed), Decimal(0))


def row_splits(run: str, columns: Sequence[str]) -> list[tuple[str, ...]]:
    """The splits of ``run`` that satisfy the row's own identity."""
    return [p for p in splits(run, columns) if holds_row_identity(columns, p)]


def grouped_splits(run: str, groups: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The splits of a run across several rows written as one (table 4's fifteen numbers,
    three groups of five), each group satisfying its own identity."""
    columns = [c for g in groups for c in g]
    out = []
    for parts in splits(run, columns):
        i, ok = 0, True
        for g in groups:
            if not holds_row_identity(g, parts[i:i + len(g)]):
                ok = False
                break
            i += len(g)
        if ok:
            out.append(parts)
    return out


def column_sums_hold(rows: dict[str, Sequence[str]], columns: Sequence[str],
                     sums: Iterable[tuple[Sequence[str], Sequence[str]]]) -> bool:
    """Do these column identities hold for every column? ``sums``: (rows added on the left,
    rows added on the right) for each identity; a row absent from ``rows`` fails it."""
    for left, right in sums:
        if not all(r in rows for r in (*left, *right)):
            return False
        for i in range(len(columns)):
            a = sum((Decimal(rows[r][i]) for r in left), Decimal(0))
            b = sum((Decimal(rows[r][i]) for r in right), Decimal(0))
            if a != b:
                return False
    return True
