"""What a type checker sees of ``giar.Finding``: read-only protocols of the finding
``giar.lint()`` returns (``giar.check.rule.Finding``), its fix and its related places.

Why protocols and not the class itself: giar/__init__.py may not import the linter, even
for type checkers only. ``import giar`` must stay cheap, and at install time mypyc
type-checks the parser's modules together with their parent package giar/__init__.py and
everything it imports: the linter and writers are not part of that check. At run time
``giar.Finding`` is the real class; tests/test_api.py holds these protocols to its fields.
"""

from __future__ import annotations

from typing import Any, Optional, Protocol


class Fix(Protocol):
    """How a finding can be repaired (``giar fix``)."""

    @property
    def description(self) -> str: ...
    @property
    def applicability(self) -> str: ...  # "safe" or "unsafe" (--unsafe-fixes)


class Related(Protocol):
    """Another place a finding involves (a term of a sum that does not add up …)."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def message(self) -> str: ...


class Finding(Protocol):
    """One diagnostic of ``giar lint``: 1-based positions (``end_column`` exclusive), the
    rule (``code``, ``name``), ``severity`` ("error", "warning", "info"), the message (in
    Chinese), and for a table finding the table, row and column by key and official label,
    with the numbers involved."""

    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def end_line(self) -> Optional[int]: ...
    @property
    def end_column(self) -> Optional[int]: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def table(self) -> Optional[str]: ...
    @property
    def table_label(self) -> Optional[str]: ...
    @property
    def row(self) -> Optional[str]: ...
    @property
    def row_label(self) -> Optional[str]: ...
    @property
    def table_column(self) -> Optional[str]: ...
    @property
    def table_column_label(self) -> Optional[str]: ...
    @property
    def expected(self) -> Any: ...
    @property
    def found(self) -> Any: ...
    @property
    def related(self) -> tuple[Related, ...]: ...
    @property
    def fix(self) -> Optional[Fix]: ...
    @property
    def fixable(self) -> Optional[str]: ...

    def json(self) -> dict[str, Any]:
        """The finding as ``giar lint --format json`` writes it (before quotation marks are
        nested)."""
        ...


__all__ = ["Finding", "Fix", "Related"]
