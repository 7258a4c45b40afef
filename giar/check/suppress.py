"""Inline suppression: ``<!-- giar: ignore GA001 -->`` and ``<!-- giar: disable … -->`` / ``enable``.

A suppression is an HTML comment line in the report. The lexer turns it into a Comment
block where it stands — except inside a table, where it is held back until the table ends
and becomes the block right after the table (``giar format`` writes it there). The
semantics are defined on that block sequence, so they are the same before and after
``giar format``:

``<!-- giar: ignore CODES -->``
    Suppresses CODES for the next block after the comment (a paragraph, a sub-heading, a
    whole table, a section heading line, or the title) — and, when the comment stands
    directly after a table (with only other comments between), for that table as well. So
    an ignore written on a line inside a table, or on the line right after it, covers the
    whole table: a table row cannot be singled out, because formatting moves the comment
    to the table's end.

``<!-- giar: disable CODES -->`` … ``<!-- giar: enable CODES -->``
    Suppresses CODES for every line in between; without an ``enable`` to the end of the
    file. A disable/enable written inside a table takes effect where the table ends.

CODES are rule codes (``GA001``), group prefixes (``GA``), rule names (``row-total``) or
nothing / ``all`` for every rule, separated by spaces or commas; anything after them
(``— 原因``) is a free-text reason.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

import attrs

from giar.check.context import block_lines
from giar.check.rule import Finding
from giar.model.ast import Comment, Report, Table

_DIRECTIVE = re.compile(r"^giar\s*[:：]\s*(?P<kind>ignore|disable|enable)\b(?P<rest>.*)$", re.I | re.S)
_CODE = re.compile(r"^(?:G[A-Z]\d{0,3}|[a-z][a-z0-9-]+)$")


@attrs.frozen
class Directive:
    kind: str
    codes: frozenset  # empty: every rule
    line: int

    def matches(self, finding: Finding) -> bool:
        return matches(self.codes, finding)


def matches(codes: frozenset, finding: Finding) -> bool:
    if not codes or "ALL" in codes:
        return True
    return any(finding.code.startswith(c) or finding.name == c.lower() for c in codes)


def parse_directive(text: str, line: int) -> Optional[Directive]:
    m = _DIRECTIVE.match(text.strip())
    if not m:
        return None
    codes = []
    for token in re.split(r"[\s,，、;；]+", m["rest"].strip()):
        if not token:
            continue
        upper = token.upper()
        if upper == "ALL":
            codes.append("ALL")
        elif _CODE.match(upper if upper.startswith("G") else token):
            codes.append(upper if upper.startswith("G") else token.lower())
        else:
            break  # the reason starts here
    return Directive(m["kind"].lower(), frozenset(codes), line)


class Suppressions:
    """The suppression comments of one report, ready to filter its findings."""

    def __init__(self, report: Report):
        self.ignores: list[tuple[int, int, frozenset]] = []
        self.ranges: list[tuple[float, float, frozenset]] = []
        self.directives: list[Directive] = []
        items = list(_items(report))
        events: list[tuple[float, Directive]] = []
        for i, (obj, lo, hi) in enumerate(items):
            if not isinstance(obj, Comment):
                continue
            directive = parse_directive(obj.text, lo)
            if directive is None:
                continue
            self.directives.append(directive)
            prev = _neighbour(items, i, -1)
            nxt = _neighbour(items, i, 1)
            if directive.kind == "ignore":
                for target in (prev if prev and isinstance(prev[0], Table) else None, nxt):
                    if target and target[1]:
                        self.ignores.append((target[1], target[2], directive.codes))
            else:
                at = float(lo)
                if prev and isinstance(prev[0], Table) and prev[2] and lo <= prev[2]:
                    at = prev[2] + 0.5  # written inside the table: effective at its end
                events.append((at, directive))
        open_: dict[str, float] = {}
        all_key = "*"
        for at, d in sorted(events, key=lambda e: e[0]):
            keys = sorted(d.codes) or [all_key]
            if d.kind == "disable":
                for k in keys:
                    open_.setdefault(k, at)
            else:
                close = list(open_) if all_key in keys else keys
                for k in close:
                    if k in open_:
                        start = open_.pop(k)
                        self.ranges.append((start, at, frozenset() if k == all_key else frozenset([k])))
        for k, start in open_.items():
            self.ranges.append((start, float("inf"), frozenset() if k == all_key else frozenset([k])))

    def suppressed(self, finding: Finding) -> bool:
        line = finding.line
        for lo, hi, codes in self.ignores:
            if lo <= line <= hi and matches(codes, finding):
                return True
        for lo, hi, codes in self.ranges:
            if lo <= line <= hi and matches(codes, finding):
                return True
        return False

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if not self.suppressed(f)]


def _items(report: Report):
    """(object, first line, last line) of everything in document order."""
    if report.title is not None and report.title.span:
        yield report.title, report.title.span.line, report.title.span.end_line or report.title.span.line
    for block in report.preamble:
        yield (block, *block_lines(block))
    for section in report.sections:
        line = section.span.line if section.span else 0
        yield section, line, line
        for block in section.body:
            yield (block, *block_lines(block))


def _neighbour(items, i: int, step: int):
    j = i + step
    while 0 <= j < len(items) and isinstance(items[j][0], Comment):
        j += step
    return items[j] if 0 <= j < len(items) else None


__all__ = ["Suppressions", "parse_directive", "Directive"]
