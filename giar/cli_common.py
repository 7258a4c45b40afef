"""What every giar command shares: exit codes, one-line errors, one file at a time.

Exit codes, as sqlfluff and ruff use them: 0 all is well, 1 findings, 2 usage errors or
input that cannot be read. Errors are one line on stderr naming the file, the line and
what was expected — never a traceback (GIAR_DEBUG=1 shows one for an internal error).
"""

from __future__ import annotations

import os
import traceback
from typing import Callable, Iterable

import click

from giar.errors import GiarError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def report_error(name: str, error: BaseException) -> int:
    if isinstance(error, GiarError):
        click.echo(f"giar: {error}", err=True)
    else:
        if os.environ.get("GIAR_DEBUG"):
            traceback.print_exc()
        click.echo(f"giar: {name}: internal error ({type(error).__name__}: {error}); "
                   "please report it with the file", err=True)
    return EXIT_ERROR


def unified_diff(before: str, after: str, fromfile: str, tofile: str) -> str:
    """What ``--diff`` prints (``giar format``, ``giar fix``): a unified diff of two texts."""
    import difflib

    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=fromfile, tofile=tofile))


def each_file(paths: Iterable[str], handle: Callable[[str], int]) -> int:
    """Run ``handle`` on every path; the exit code is the worst of them."""
    worst = EXIT_OK
    for path in paths:
        try:
            code = handle(path)
        except (GiarError, Exception) as error:  # one line per bad file, then go on
            code = report_error(path, error)
        worst = max(worst, code)
    return worst




class EditionChoice(click.Choice):
    """``--edition``: the editions of the registry (giar.format), read when the option is
    used, not when the command is defined (so a format folder switched in applies)."""

    name = "edition"

    def __init__(self) -> None:
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self):
        from giar.format import edition_ids

        return edition_ids()

    @choices.setter
    def choices(self, value) -> None:
        pass  # (click.Choice sets them in __init__; they are the registry's)
