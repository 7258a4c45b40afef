"""The rule catalogue as people read it: ``giar rules`` (text and JSON) and the table of
docs/linting.md, all made from the rules themselves (code, name, severity, fix, and the
first line of the docstring).

docs/linting.md holds a generated copy between ``<!-- rules: begin -->`` and
``<!-- rules: end -->``; rewrite it after changing a rule with::

    python -m giar.check.catalogue docs/linting.md           # --check: only say if stale

(tests/test_lint_catalogue.py fails while the copy is stale).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from giar.check.rule import GROUPS, SEVERITY_ZH, Rule
from giar.check.rules import all_rules

BEGIN, END = "<!-- rules: begin -->", "<!-- rules: end -->"
FIX_SHOWN = {None: "—", "safe": "safe", "unsafe": "unsafe"}


def select(wanted: Optional[str]) -> list[type[Rule]]:
    """The rules ``giar rules WANTED`` shows: by code, code prefix (GA) or name; all for None."""
    rules = all_rules()
    if not wanted:
        return rules
    code = wanted.strip().upper()
    return [r for r in rules if r.code.startswith(code) or r.name == wanted.strip().lower()]


def entry(rule: type[Rule]) -> dict[str, Any]:
    """One rule as ``giar rules --format json`` gives it."""
    bad, good = rule.examples()
    return {"code": rule.code, "name": rule.name, "group": rule.code[:2], "severity": rule.severity,
            "fixable": rule.fixable, "cross_year": rule.cross_year, "summary": rule.summary(),
            "doc": rule.doc(), "bad": bad, "good": good}


def text_lines(rules: Iterable[type[Rule]]) -> list[str]:
    """``giar rules``: the rules by group, one line each."""
    lines: list[str] = []
    group = None
    for r in rules:
        if r.code[:2] != group:
            group = r.code[:2]
            lines += ["", f"{group}  {GROUPS[group]}"]
        lines.append(f"  {r.code}  {r.name:<28} {r.severity:<8} {FIX_SHOWN[r.fixable]:<7} {r.summary()}")
    return lines


def explain_lines(rule: type[Rule]) -> list[str]:
    """``giar rules CODE``: one rule with its whole docstring."""
    lines = [f"{rule.code}  {rule.name}",
             f"  severity: {rule.severity} ({SEVERITY_ZH[rule.severity]})   fix: {FIX_SHOWN[rule.fixable]}"
             + ("   (cross-year: needs last year's report)" if rule.cross_year else ""),
             ""]
    lines += [f"  {line}" if line else "" for line in rule.doc().splitlines()]
    return lines + [""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_catalogue(rules: Optional[Sequence[type[Rule]]] = None) -> str:
    """The catalogue as a Markdown table (what docs/linting.md holds between the markers)."""
    lines = ["| code | name | severity | fix | what |", "|---|---|---|---|---|"]
    for r in rules if rules is not None else all_rules():
        lines.append(f"| {r.code} | {r.name} | {r.severity} | {FIX_SHOWN[r.fixable]} | {_cell(r.summary())} |")
    return "\n".join(lines) + "\n"


def with_catalogue(text: str) -> str:
    """``text`` with the part between the markers replaced by the current catalogue."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"no {BEGIN} … {END} in the text")
    return text[: start + len(BEGIN)] + "\n" + markdown_catalogue() + text[end:]


def documented_catalogue(text: str) -> str:
    """The table a document holds between the markers."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"no {BEGIN} … {END} in the text")
    return text[start + len(BEGIN):end].lstrip("\n")


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    if len(paths) != 1:
        print("usage: python -m giar.check.catalogue [--check] docs/linting.md", file=sys.stderr)
        return 2
    path = Path(paths[0])
    old = path.read_text("utf-8")
    new = with_catalogue(old)
    if new == old:
        return 0
    if check:
        print(f"{path}: the rule catalogue is stale; run python -m giar.check.catalogue {path}", file=sys.stderr)
        return 1
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(new)
    print(f"{path}: rule catalogue rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["BEGIN", "END", "FIX_SHOWN", "documented_catalogue", "entry", "explain_lines", "markdown_catalogue",
           "select", "text_lines", "with_catalogue"]
