"""``giar new`` and ``giar render``: blank templates and publication formats.

Registered on the main command group at the bottom of giar/cli.py.
"""

from __future__ import annotations

import json
import sys
from typing import Optional

import click

from giar.cli_common import EXIT_OK, EditionChoice, each_file
from giar.errors import GiarError
from giar.write.formats import BINARY, FORMATS, format_for_path

def load_report(path: str, edition: Optional[str] = None):
    """A report from any file giar reads — or from its JSON form (``giar parse`` output)."""
    from giar.model.from_json import report_from_json
    from giar.parse import parse_bytes

    from giar.read import read_file_bytes

    data, name = read_file_bytes(path), path
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") or path.lower().endswith(".json"):
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as e:
            raise GiarError(name, f"not valid JSON ({e})") from None
        return report_from_json(obj, name)
    return parse_bytes(data, name, edition)


def emit(data: bytes, fmt: str, output: Optional[str]) -> None:
    """Write the output to a file, or to standard output (never binary to a terminal)."""
    if output and output != "-":
        try:
            with open(output, "wb") as f:
                f.write(data)
        except OSError as e:
            raise GiarError(output, f"cannot write: {e.strerror or e}") from None
        click.echo(f"wrote {output}", err=True)
        return
    if fmt in BINARY and sys.stdout.isatty():
        raise click.UsageError(f"{fmt} output is binary: write it to a file with -o FILE")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def choose_format(fmt: Optional[str], output: Optional[str]) -> str:
    return fmt or format_for_path(output) or "md"


_TO_HELP = "Output format (default: from the -o file's extension, else md)."


@click.command()
@click.option("--agency", required=True, help="The agency publishing the report, e.g. 示例县人力资源和社会保障局.")
@click.option("--year", type=int, required=True, help="The report year (the statistics period is that calendar year).")
@click.option("--edition", type=EditionChoice(),
              help="Format edition (default: the edition that governs the year).")
@click.option("--to", "fmt", type=click.Choice(FORMATS), help=_TO_HELP)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
def new(agency: str, year: int, edition: Optional[str], fmt: Optional[str], output: Optional[str]) -> None:
    """Write a blank, compliant report for an agency and year: title, preamble with the
    statistics period, the six sections with guidance to replace (marked 【填写说明：…】),
    and the three tables with every official row and empty cells."""
    from giar.write.blank import blank_report
    from giar.write.formats import render as render_report

    from giar.write.blank import edition_for_year

    fmt = choose_format(fmt, output)
    if edition and edition != edition_for_year(year):
        click.echo(f"giar: note: a {year} report follows the {edition_for_year(year)} edition; "
                   f"writing the {edition} edition as asked", err=True)

    def handle(_: str) -> int:
        emit(render_report(blank_report(agency, year, edition), fmt), fmt, output)
        return EXIT_OK

    sys.exit(each_file(["--agency"], handle))


@click.command()
@click.argument("file")
@click.option("--to", "fmt", type=click.Choice(FORMATS), help=_TO_HELP)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
@click.option("--edition", type=EditionChoice(), help="Parse as this edition instead of detecting it.")
def render(file: str, fmt: Optional[str], output: Optional[str], edition: Optional[str]) -> None:
    """Write a report (any format giar reads, or giar's JSON) as md, txt, html, docx or json.

    html is a standalone print-ready page and docx a Word document, both with the tables
    in the official layout; json is the contract of `giar parse`."""
    from giar.write.formats import render as render_report

    fmt = choose_format(fmt, output)

    def handle(path: str) -> int:
        emit(render_report(load_report(path, edition), fmt), fmt, output)
        return EXIT_OK

    sys.exit(each_file([file], handle))
