"""Errors a user sees: one line naming the file, the place and what was expected."""

from __future__ import annotations

from typing import Optional


class GiarError(Exception):
    """Unusable input or usage. The CLI prints ``str(error)`` and exits with 2."""

    def __init__(self, source: str, message: str, line: Optional[int] = None,
                 column: Optional[int] = None):
        self.source, self.message, self.line, self.column = source, message, line, column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"
