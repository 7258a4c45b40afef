"""What every giar command shares: exit codes, one-line errors, one file at a time.

Exit codes, as sqlfluff and ruff use them: 0 all is well, 1 findings, 2 usage errors or
input that cannot be read. Errors are one line on stderr naming the file, the line and
what was expected — never a traceback (GIAR_DEBUG=1 shows one for an internal error).
"""

from __future__ import annotations

import os
import traceback
from typing import Callable, Iterable, Optional

import click

from giar.errors import GiarError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def report_error(name: str, error: BaseException) -> int:
    if isinstance(error, GiarError):
        click.echo(f"giar: {error}", err=True)
    elif isinstance(error, click.ClickException):  # a usage error met while handling a file
        click.echo(f"giar: {name}: {error.format_message()}", err=True)
    else:
        if os.environ.get("GIAR_DEBUG"):
            traceback.print_exc()
        click.echo(f"giar: {name}: internal error ({type(error).__name__}: {error}); "
                   "please report it with the file", err=True)
    return EXIT_ERROR


_NO_NEWLINE = "\\ No newline at end of file\n"


def _lf_lines(data):
    """Lines split at LF only, each keeping its LF (a CRLF line keeps its CR), as ``patch``
    reads them; the last line has no LF when the data ends without one."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    parts = data.split(newline)
    return [part + newline for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _mark_last_lines(lines, newline, marker):
    """A diff line without its line end (the last line of a file that has none) gets one,
    then the marker ``patch`` and ``git apply`` expect."""
    for line in lines:
        if line.endswith(newline):
            yield line
        else:
            yield line + newline
            yield marker


def unified_diff(before: str, after: str, fromfile: str, tofile: str) -> str:
    """What ``--diff`` prints (``giar format``, ``giar fix``): a unified diff of two texts,
    which ``patch`` applies (``\\ No newline at end of file`` where a side has none)."""
    import difflib

    return "".join(_mark_last_lines(
        difflib.unified_diff(_lf_lines(before), _lf_lines(after), fromfile=fromfile, tofile=tofile),
        "\n", _NO_NEWLINE))


def unified_diff_bytes(before: bytes, after: bytes, fromfile: str, tofile: str) -> bytes:
    """A unified diff from a file's bytes as they are (GB18030, a BOM, CRLF …) to the bytes
    giar writes (UTF-8, LF): ``patch`` applies it to the file itself. Where the file is
    UTF-8 with LF this is the diff of the text."""
    import difflib

    def name(text: str) -> bytes:
        return text.encode("utf-8", "surrogateescape")

    diff = difflib.diff_bytes(difflib.unified_diff, _lf_lines(before), _lf_lines(after),
                              name(fromfile), name(tofile))
    return b"".join(_mark_last_lines(diff, b"\n", _NO_NEWLINE.encode()))


def expand_paths(paths, *, formats=None, force_exclude: bool = False,
                 stdin_filename: Optional[str] = None) -> tuple[list[str], int, bool]:
    """The files of ``parse``, ``format`` and ``render``, as ``lint`` finds them: files named,
    and the report files under directories named (the configuration's ``exclude`` applies).
    Returns (files, exit code of the errors met — a directory without report files, a bad
    configuration — and whether a directory was named)."""
    import os

    from giar.check.config import discover
    from giar.check.engine import expand

    worst = EXIT_OK

    def on_error(path: str, error: BaseException) -> None:
        nonlocal worst
        worst = max(worst, report_error(path, error))

    files = expand(paths, discover, on_error=on_error, formats=formats, force_exclude=force_exclude,
                   stdin_filename=stdin_filename)
    return files, worst, any(p != "-" and os.path.isdir(p) for p in paths)


def each_file(paths: Iterable[str], handle: Callable[[str], int], worst: int = EXIT_OK) -> int:
    """Run ``handle`` on every path; the exit code is the worst of them (and ``worst``)."""
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
