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

import click

from giar import __version__, build
from giar.errors import GiarError

from giar.cli_common import (  # noqa: F401
    EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, EditionChoice, each_file, report_error, unified_diff,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="giar",
                      message=f"%(prog)s, version %(version)s ({build()})")
def main() -> None:
    """giar — read, check and write China's government information disclosure annual
    reports (政府信息公开工作年度报告), both editions of the national format.

    FILE may be text, Markdown, an HTML page, a Word .docx or a PDF; '-' reads standard input.
    """


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--edition", type=EditionChoice(), help="Parse as this edition instead of detecting it from the tables.")
@click.option("--jsonl", is_flag=True, help="One compact JSON object per line (the default for several files).")
def parse(files: tuple[str, ...], edition: str | None, jsonl: bool) -> None:
    """Print each report as JSON (the contract in FORMAT.md; schema: giar/schema)."""
    from giar.model.contract import report_json
    from giar.parse import parse_file

    lines = jsonl or len(files) > 1

    def handle(path: str) -> int:
        data = report_json(parse_file(path, edition), source=path)
        if lines:
            click.echo(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        else:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK

    sys.exit(each_file(files, handle))


@main.command(name="format")
@click.argument("files", nargs=-1, required=True)
@click.option("--check", is_flag=True, help="Exit 1 if a file is not already canonical; write nothing.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff from each file to its canonical form.")
@click.option("--write", "-w", is_flag=True, help="Rewrite each file in place (UTF-8, LF).")
@click.option("--edition", type=EditionChoice(), help="Parse as this edition instead of detecting it.")
def format_(files: tuple[str, ...], check: bool, show_diff: bool, write: bool, edition: str | None) -> None:
    """Rewrite reports in the canonical Markdown form (to stdout unless --write)."""
    from giar.parse import parse_source
    from giar.read import read_path
    from giar.write.markdown import render_markdown

    if write and "-" in files:
        raise click.UsageError("--write cannot rewrite standard input")

    def handle(path: str) -> int:
        source = read_path(path)
        canonical = render_markdown(parse_source(source, edition))
        original = "\n".join(line.text for line in source.lines)
        if source.format not in ("text", "markdown"):
            original = None  # an HTML/Word/PDF file is never canonical Markdown
        changed = original != canonical
        if check or show_diff:
            if show_diff and changed:
                click.echo(unified_diff(original or "", canonical, f"{path}", f"{path} (canonical)"), nl=False)
            if check and changed and not show_diff:
                click.echo(f"would reformat {path}", err=True)
            return EXIT_FINDINGS if changed else EXIT_OK
        if write:
            if changed:
                if original is None:
                    raise GiarError(path, "--write rewrites text and Markdown files only; "
                                    "use `giar format FILE > report.md` for other formats")
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write(canonical)
                click.echo(f"reformatted {path}", err=True)
            return EXIT_OK
        if len(files) > 1:
            click.echo(f"==> {path} <==")
        click.echo(canonical, nl=False)
        return EXIT_OK

    sys.exit(each_file(files, handle))


# Lint commands (giar/check/cli.py).



# The commands of the other stages live beside their code.
from giar.check.cli import fix, lint, rules  # noqa: E402
from giar.write.cli import new, render  # noqa: E402

for command in (lint, fix, rules, new, render):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
