"""The ``giar`` command line.

Exit codes, as sqlfluff and ruff use them: 0 all is well, 1 findings (a file that is not
canonical under ``format --check``/``--diff``; lint findings), 2 usage errors or input
that cannot be read. Every file is handled on its own: one bad file does not stop the rest.
Errors are one line on stderr naming the file, the line and what was expected — never a
traceback (set GIAR_DEBUG=1 to see one for an internal error).
"""

from __future__ import annotations

import json
import sys
from typing import Optional

import click

from giar import __version__, build
from giar.errors import GiarError

from giar.cli_common import (  # noqa: F401
    EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, EditionChoice, each_file, expand_paths, report_error, unified_diff,
    unified_diff_bytes,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="giar",
                      message=f"%(prog)s, version %(version)s ({build()})")
def main() -> None:
    """giar — read, check and write China's government information disclosure annual
    reports (政府信息公开工作年度报告), both editions of the national format.

    FILE may be text, Markdown, an HTML page, a Word .docx or a PDF; '-' reads standard input.
    """


_STDIN_HELP = "The name of the report read from standard input ('-'): shown in output and errors, and used to tell its format."


def _read_input(path: str, stdin_filename: Optional[str]) -> tuple[str, bytes]:
    """(the name to show, the bytes) of a file, or of standard input for ``-``."""
    from giar.read import read_file_bytes

    name = stdin_filename if path == "-" and stdin_filename else path
    return name, read_file_bytes(path)


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--edition", type=EditionChoice(), help="Parse as this edition instead of detecting it from the tables.")
@click.option("--jsonl", is_flag=True, help="One compact JSON object per line (the default for several files or a directory).")
@click.option("--stdin-filename", metavar="NAME", help=_STDIN_HELP)
def parse(files: tuple[str, ...], edition: str | None, jsonl: bool, stdin_filename: str | None) -> None:
    """Print each report as JSON (the contract in FORMAT.md; schema: giar/schema).

    FILES may be files or directories (their report files, as `giar lint` finds them)."""
    from giar.model.contract import report_json
    from giar.parse import parse_bytes, parse_file

    paths, worst, walked = expand_paths(files)
    lines = jsonl or len(paths) > 1 or walked

    def handle(path: str) -> int:
        if path == "-":
            name, data = _read_input(path, stdin_filename)
            report = parse_bytes(data, name, edition)
        else:
            name, report = path, parse_file(path, edition)
        contract = report_json(report, source=name)
        if lines:
            click.echo(json.dumps(contract, ensure_ascii=False, separators=(",", ":")))
        else:
            click.echo(json.dumps(contract, ensure_ascii=False, indent=2))
        return EXIT_OK

    sys.exit(each_file(paths, handle, worst))


TEXT_FORMATS = ("text", "markdown")  # the formats whose files can be canonical Markdown


@main.command(name="format")
@click.argument("files", nargs=-1, required=True)
@click.option("--check", is_flag=True, help="Exit 1 if a file is not already canonical; write nothing.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff from each file to its canonical form.")
@click.option("--write", "-w", is_flag=True, help="Rewrite each file in place (UTF-8, LF).")
@click.option("--edition", type=EditionChoice(), help="Parse as this edition instead of detecting it.")
@click.option("--stdin-filename", metavar="NAME", help=_STDIN_HELP)
@click.option("--force-exclude", is_flag=True,
              help="Apply the configuration's exclude to files named on the command line too (for pre-commit).")
def format_(files: tuple[str, ...], check: bool, show_diff: bool, write: bool, edition: str | None,
            stdin_filename: str | None, force_exclude: bool) -> None:
    """Rewrite reports in the canonical Markdown form (to stdout unless --write).

    The canonical form is the bytes giar writes: UTF-8 without a byte order mark, LF line
    ends. In a directory only text and Markdown files are formatted or checked; web pages,
    Word files and PDFs are never canonical — `giar lint` reads and checks them.
    """
    from giar.parse import parse_source
    from giar.read import read_bytes
    from giar.write.markdown import render_markdown

    if write and "-" in files:
        raise click.UsageError("--write cannot rewrite standard input")
    paths, worst, walked = expand_paths(files, formats=TEXT_FORMATS, force_exclude=force_exclude,
                                        stdin_filename=stdin_filename)
    named = set(files)
    several = len(paths) > 1 or walked
    tally = {"changed": 0, "same": 0}

    def handle(path: str) -> int:
        name, data = _read_input(path, stdin_filename)
        source = read_bytes(data, name)
        is_text = source.format in TEXT_FORMATS
        if not is_text and path not in named:
            return EXIT_OK  # found in a directory, and not text: lint's business
        canonical = render_markdown(parse_source(source, edition))
        # Canonical means these very bytes: a GB18030, BOM or CRLF file is not, even when its
        # text is. An HTML/Word/PDF file is never canonical Markdown.
        changed = not is_text or data != canonical.encode("utf-8")
        tally["changed" if changed else "same"] += 1
        if check or show_diff:
            if show_diff and changed:
                if is_text:
                    click.echo(unified_diff_bytes(data, canonical.encode("utf-8"), name, f"{name} (canonical)"),
                               nl=False)
                else:
                    click.echo(unified_diff("", canonical, name, f"{name} (canonical)"), nl=False)
            if check and changed and not show_diff:
                click.echo(f"would reformat {name}", err=True)
            return EXIT_FINDINGS if changed else EXIT_OK
        if write:
            if changed:
                if not is_text:
                    raise GiarError(name, "--write rewrites text and Markdown files only; "
                                    "use `giar format FILE > report.md` for other formats")
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write(canonical)
                click.echo(f"reformatted {name}", err=True)
            return EXIT_OK
        if several:
            click.echo(f"==> {name} <==")
        click.echo(canonical, nl=False)
        return EXIT_OK

    code = each_file(paths, handle, worst)
    if several and (check or write) and tally["changed"] + tally["same"]:
        n, m = tally["changed"], tally["same"]
        verb = "would be reformatted" if check else "reformatted"
        click.echo(f"{n} file{'s' * (n != 1)} {verb}, {m} file{'s' * (m != 1)} already canonical", err=True)
    sys.exit(code)


# Lint commands (giar/check/cli.py).



# The commands of the other stages live beside their code.
from giar.check.cli import fix, lint, rules  # noqa: E402
from giar.write.cli import new, render  # noqa: E402
from giar.dataset import dataset  # noqa: E402

for command in (lint, fix, rules, new, render, dataset):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
