"""``giar fix``: apply the fixes of the findings, round after round, to a fixed point.

Every round lints the report, applies the AST edits of the fixable findings (safe ones,
and unsafe ones with ``--unsafe-fixes``) in rule order, writes the result with the
canonical Markdown writer and parses it again. A round is accepted only if

* the re-parsed report has exactly the table numbers the edits made (the writer lost
  nothing), and — unless an unsafe arithmetic/data fix was applied — the same numbers as
  before the round;
* no prose was lost: the paragraphs, sub-headings and comments are the same multiset
  after folding (full/half width and spaces, which typography fixes change), and the
  text giar could not place is still carried.

When a round fails, its fixes are tried one by one; a fix that fails on its own is dropped
with a warning. Fixing stops when a round changes nothing (so fix(fix(x)) == fix(x)), or
after ``MAX_ROUNDS``. Findings the canonical writer repairs (official headings, labels and
headers) need no edit: writing the canonical form is the fix.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

import attrs

from giar.check.config import Config
from giar.check.engine import lint_report
from giar.check.rule import SAFE, Finding
from giar.check.rules import RULES
from giar.format import fold
from giar.model.ast import Comment, Paragraph, Report, Subheading
from giar.model.contract import table_json
from giar.parse import parse_source
from giar.write.markdown import render_markdown

MAX_ROUNDS = 10


@attrs.define
class FixResult:
    text: str  # the fixed document (canonical Markdown)
    report: Report  # parsed from text
    applied: list[Finding] = attrs.field(factory=list)
    dropped: list[tuple[Finding, str]] = attrs.field(factory=list)
    remaining: list[Finding] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)
    by_writer: list[Finding] = attrs.field(factory=list)


def markdown_source(text: str, name: str):
    """Canonical Markdown as a Source, whatever the original file's extension."""
    from giar.read.text import read_text

    return read_text(text.encode("utf-8"), name, "markdown")


def parse_markdown(text: str, name: str, edition: Optional[str] = None) -> Report:
    return parse_source(markdown_source(text, name), edition)


def tables(report: Report) -> dict:
    return {kind: table_json(t) for kind, t in report.tables.items()}


def prose(report: Report) -> Counter:
    blocks = list(report.preamble) + [b for s in report.sections for b in s.body]
    return Counter((type(b).__name__, fold(b.text)) for b in blocks
                   if isinstance(b, (Paragraph, Subheading, Comment)))


def _carried(report: Report) -> Counter:
    return Counter(fold(f.text) for f in report.unrecognised)


def check_round(before: Report, after: Report, allow_numbers: bool, name: str) -> tuple[Optional[Report], str]:
    """Render ``after``, parse it again and compare. Returns (re-parsed report, problem)."""
    text = render_markdown(after)
    try:
        again = parse_markdown(text, name, after.edition)
    except Exception as error:  # pragma: no cover - the canonical form always parses
        return None, f"the result does not parse ({error})"
    if tables(again) != tables(after):
        return None, "the canonical form would not keep the numbers"
    if not allow_numbers and tables(after) != tables(before):
        return None, "a safe fix would change the table numbers"
    if prose(after) != prose(before) or prose(again) != prose(after):
        return None, "it would lose or change prose"
    if _carried(again) != _carried(before):
        return None, "it would lose text giar could not place"
    lost = _money_units(after) - _money_units(again)
    if lost:
        return None, "the canonical form would drop the unit of " + ", ".join(sorted(lost))
    return again, ""


def _money_units(report: Report) -> set:
    """Cells whose written unit is 元 (the canonical form writes numbers only)."""
    out = set()
    for kind, table in report.tables.items():
        for row in table.rows:
            for col, cell in row.items():
                if getattr(cell, "unit", None) == "元":
                    out.add(f"{kind}.{row.key}.{col} (元)")
    return out


def _order(finding: Finding) -> tuple:
    rule = RULES.get(finding.code)
    return (rule.fix_order if rule else 100, finding.code, finding.line, finding.column)


def _key(finding: Finding) -> tuple:
    return (finding.code, finding.message)


def fix_report(report: Report, name: str = "-", config: Optional[Config] = None,
               unsafe: bool = False) -> FixResult:
    config = config or Config()
    warnings: list[str] = []
    by_writer = [f for f in lint_report(report, name, None, config) if f.fix and f.fix.by_writer]
    applied: list[Finding] = []
    dropped: list[tuple[Finding, str]] = []
    dropped_keys: set = set()
    current = report
    if _money_units(report):
        # The canonical form writes numbers without units: an amount written in 元 must be
        # converted (GD005, unsafe) before anything is written, or left for the officer.
        if unsafe:
            for f in lint_report(report, name, None, config):
                if f.code == "GD005" and f.fix and f.fix.edit:
                    current = f.fix.edit(current)
                    applied.append(f)
        left = _money_units(current)
        if left:
            warnings.append(f"{name}: the canonical form would drop the unit 元 of {', '.join(sorted(left))}; "
                            "convert the amount by hand (or with --unsafe-fixes where GD005 offers it); "
                            "nothing was changed")
            return FixResult(text="", report=report, remaining=lint_report(report, name, None, config),
                             warnings=warnings)
    for _ in range(MAX_ROUNDS):
        findings = lint_report(current, name, None, config)
        todo = sorted((f for f in findings
                       if f.fix and not f.fix.by_writer and (f.fix.applicability == SAFE or unsafe)
                       and _key(f) not in dropped_keys), key=_order)
        if not todo:
            break
        candidate = current
        for f in todo:
            candidate = f.fix.edit(candidate)
        if candidate == current and render_markdown(candidate) == render_markdown(current):
            break
        again, problem = check_round(current, candidate, any(f.fix.changes_numbers for f in todo), name)
        if again is not None:
            applied.extend(todo)
            current = again
            continue
        # Find the fixes that fail on their own and drop them.
        good = current
        for f in todo:
            trial = f.fix.edit(good)
            if trial == good:
                continue
            again, problem = check_round(good, trial, f.fix.changes_numbers, name)
            if again is None:
                dropped.append((f, problem))
                dropped_keys.add(_key(f))
                warnings.append(f"{name}:{f.line}:{f.column}: {f.code} fix dropped: {problem}")
            else:
                applied.append(f)
                good = again
        current = good
    else:
        warnings.append(f"{name}: fixing did not settle after {MAX_ROUNDS} rounds")
    final, problem = check_round(current, current, False, name)
    if final is None:
        # The canonical writer itself would lose something: leave the document alone.
        warnings.append(f"{name}: giar cannot write this report in canonical form without loss ({problem}); "
                        "nothing was changed")
        return FixResult(text="", report=report, remaining=lint_report(report, name, None, config),
                         warnings=warnings, dropped=dropped)
    text = render_markdown(current)
    source = markdown_source(text, name)
    final = parse_source(source, current.edition)
    remaining = lint_report(final, name, source, config)
    return FixResult(text=text, report=final, applied=applied, dropped=dropped, remaining=remaining,
                     warnings=warnings, by_writer=by_writer)


def fix_text(text: str, name: str = "-", config: Optional[Config] = None, unsafe: bool = False,
             edition: Optional[str] = None) -> FixResult:
    return fix_report(parse_markdown(text, name, edition), name, config, unsafe)


__all__ = ["fix_report", "fix_text", "FixResult", "check_round", "MAX_ROUNDS"]
