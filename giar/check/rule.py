"""The building blocks of the linter: severities, findings, fixes, the rule base class.

A rule is a small class with a stable ``code`` (``GA004``), a ``name`` (``review-total``), a
default ``severity`` and a docstring that explains the anti-pattern and the best practice
with a bad and a good example (``giar rules CODE`` prints it; the test suite checks that the
bad example is caught and the good one is not). ``check(ctx)`` yields findings; a finding
may carry a ``Fix``: an edit of the AST (``attrs.evolve``) that the fix engine applies and
writes back through the canonical Markdown writer.

The rules themselves are in giar/check/rules/, one module per group; the catalogue
(``all_rules()``, ``RULES``) is built there; this module does not import them.
"""

from __future__ import annotations

import inspect
import re
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable, Optional

from attrs import field, frozen

from giar.model.ast import Report

if TYPE_CHECKING:  # context.py imports this module
    from giar.check.context import Context

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_RANK = {ERROR: 3, WARNING: 2, INFO: 1}
SEVERITY_ZH = {ERROR: "错误", WARNING: "警告", INFO: "提示"}

SAFE, UNSAFE = "safe", "unsafe"

GROUPS = {
    "GS": "structure 结构：章节、标题、版本、表格、行与表头",
    "GD": "data 数据：单元格的内容",
    "GA": "arithmetic 勾稽关系：FORMAT.md 1–4",
    "GC": "consistency 一致性：正文与表格、年份、必写内容",
    "GT": "typography 排版：标点与空格",
    "GX": "cross-year 跨年度：与上一年度报告衔接（FORMAT.md 5）",
}


@frozen
class Fix:
    """How to repair a finding.

    ``edit`` maps a Report to the repaired Report (attrs.evolve); ``None`` means the
    canonical writer already repairs it (official headings, labels, headers). An edit must
    find what it changes in the report it is given (fixes are applied one after another).
    ``changes_numbers`` marks an unsafe arithmetic/data fix: the fix engine then accepts
    different table numbers after re-parsing, as long as they are the numbers the edit made.
    """

    description: str
    applicability: str = SAFE
    edit: Optional[Callable[[Report], Report]] = field(default=None, eq=False, repr=False)
    changes_numbers: bool = False

    @property
    def by_writer(self) -> bool:
        return self.edit is None


@frozen
class Related:
    """Another place a finding involves (an operand of a failing sum)."""

    line: int
    column: int
    message: str


@frozen
class Finding:
    """One diagnostic. Positions are 1-based; ``end_column`` is exclusive (as in SARIF)."""

    file: str
    line: int
    column: int
    code: str
    name: str
    severity: str
    message: str
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    # For table findings: the table, row and column, by key and in the official wording.
    table: Optional[str] = None
    table_label: Optional[str] = None
    row: Optional[str] = None
    row_label: Optional[str] = None
    table_column: Optional[str] = None
    table_column_label: Optional[str] = None
    expected: Any = None
    found: Any = None
    related: tuple[Related, ...] = ()
    fix: Optional[Fix] = field(default=None, eq=False)

    @property
    def fixable(self) -> Optional[str]:
        return self.fix.applicability if self.fix else None

    def sort_key(self):
        return (self.file, self.line, self.column, self.code, self.message)

    def json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "table": self.table,
            "table_label": self.table_label,
            "row": self.row,
            "row_label": self.row_label,
            "table_column": self.table_column,
            "table_column_label": self.table_column_label,
            "expected": self.expected,
            "found": self.found,
            "related": [{"line": r.line, "column": r.column, "message": r.message} for r in self.related],
            "fix": None if self.fix is None else {
                "applicability": self.fix.applicability,
                "description": self.fix.description,
            },
        }


class Rule:
    """Base class of every rule. Subclasses set code, name, severity and a docstring."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = WARNING
    #: "safe", "unsafe" or None: the best fix the rule can offer.
    fixable: ClassVar[Optional[str]] = None
    #: True for rules that compare two reports (this year's and last year's).
    cross_year: ClassVar[bool] = False
    #: Fixes are applied in this order within a round (lower first).
    fix_order: ClassVar[int] = 100

    def __init_subclass__(cls, **kwargs):
        # Validation only: the catalogue (giar/check/rules/__init__.py) lists the rules.
        super().__init_subclass__(**kwargs)
        if cls.code:
            if not re.fullmatch(r"G[SDACTX]\d{3}", cls.code):
                raise ValueError(f"bad rule code {cls.code!r}")
            if cls.severity not in SEVERITIES:
                raise ValueError(f"{cls.code}: bad severity {cls.severity!r}")

    # ---------------------------------------------------------------- checking

    def check(self, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - overridden
        return ()

    def check_pair(self, previous: Context, current: Context) -> Iterable[Finding]:  # pragma: no cover
        """Cross-year rules: ``previous`` and ``current`` are the two years' contexts."""
        return ()

    # ---------------------------------------------------------------- documentation

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0].strip()

    @classmethod
    def examples(cls) -> tuple[Optional[str], Optional[str]]:
        """(bad, good): the indented blocks after 'Anti-pattern' and 'Best practice'."""
        return _example(cls.doc(), "Anti-pattern"), _example(cls.doc(), "Best practice")


def _example(doc: str, heading: str) -> Optional[str]:
    lines = doc.split("\n")
    start = next((i for i, ln in enumerate(lines) if ln.startswith(heading)), None)
    if start is None:
        return None
    block: list[str] = []
    i = start + 1
    while i < len(lines) and not lines[i].startswith("    "):
        i += 1  # the explanation before the example
    while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
        block.append(lines[i][4:])
        i += 1
    text = "\n".join(block).strip("\n")
    return text + "\n" if text else None


__all__ = [
    "ERROR", "WARNING", "INFO", "SEVERITIES", "SAFE", "UNSAFE", "Fix", "Finding", "Related",
    "Rule", "GROUPS",
]
