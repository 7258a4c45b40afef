"""``giar new`` and ``giar render``: blank templates and publication formats.

Registered on the main command group at the bottom of giar/cli.py.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Optional

import click

from giar.cli_common import EXIT_ERROR, EXIT_OK, EditionChoice, each_file
from giar.errors import GiarError
from giar.write.formats import BINARY, EXTENSIONS, FORMATS, format_for_path

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


def fail(message: str) -> None:
    """A usage error as every giar error is written: one line on stderr, exit 2."""
    click.echo(f"giar: {message}", err=True)
    sys.exit(EXIT_ERROR)


def refuse_binary_to_terminal(fmt: str, output: Optional[str]) -> None:
    """Binary output (a Word file) is never written to a terminal: one line, exit 2."""
    if fmt in BINARY and (not output or output == "-") and sys.stdout.isatty():
        fail(f"{fmt} output is binary and standard output is a terminal: write it to a file with -o FILE")


def write_file(data: bytes, output: str) -> None:
    try:
        folder = os.path.dirname(output)
        if folder:
            os.makedirs(folder, exist_ok=True)
        with open(output, "wb") as f:
            f.write(data)
    except OSError as e:
        raise GiarError(output, f"cannot write: {e.strerror or e}") from None
    click.echo(f"wrote {output}", err=True)


def emit(data: bytes, fmt: str, output: Optional[str]) -> None:
    """Write the output to a file, or to standard output (never binary to a terminal)."""
    if output and output != "-":
        write_file(data, output)
        return
    if fmt in BINARY and sys.stdout.isatty():
        raise GiarError("-", f"{fmt} output is binary and standard output is a terminal: "
                             "write it to a file with -o FILE")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def choose_format(fmt: Optional[str], output: Optional[str]) -> str:
    """--to, else the -o file's extension, else md; an extension giar does not write is refused."""
    if fmt:
        return fmt
    if output and output != "-" and not os.path.isdir(output):
        suffix = os.path.splitext(output)[1]
        if suffix and format_for_path(output) is None:
            known = ", ".join(sorted(EXTENSIONS))
            fail(f"{output}: giar does not write {suffix} files (it writes {known}); "
                 f"choose a format with --to {'|'.join(FORMATS)}")
    return format_for_path(output) or "md"


_TO_HELP = "Output format (default: from the -o file's extension, else md)."


def _check_year(year: int) -> None:
    """A report year before the oldest edition of the format is refused (one line, exit 2)."""
    from giar.format import editions

    oldest = editions()[-1]
    if year < oldest.first_year:
        fail(f"--year {year}: the report format begins with the {oldest.first_year} reports "
             f"({oldest.notice}); giar has no format for {year}")


@click.command()
@click.option("--agency", required=True, help="The agency publishing the report, e.g. 示例县人力资源和社会保障局.")
@click.option("--year", type=int, required=True,
              help="The report year (the statistics period is that calendar year; 2019 or later).")
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

    _check_year(year)
    fmt = choose_format(fmt, output)
    refuse_binary_to_terminal(fmt, output)
    if edition and edition != edition_for_year(year):
        click.echo(f"giar: note: a {year} report follows the {edition_for_year(year)} edition; "
                   f"writing the {edition} edition as asked", err=True)

    def handle(_: str) -> int:
        emit(render_report(blank_report(agency, year, edition), fmt), fmt, output)
        return EXIT_OK

    sys.exit(each_file(["--agency"], handle))


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--to", "fmt", type=click.Choice(FORMATS), help=_TO_HELP)
@click.option("-o", "--output", metavar="FILE",
              help="Write to FILE instead of standard output; with several files or a directory, "
                   "FILE is a directory to write them into.")
@click.option("--edition", type=EditionChoice(), help="Parse as this edition instead of detecting it.")
def render(files: tuple[str, ...], fmt: Optional[str], output: Optional[str], edition: Optional[str]) -> None:
    """Write a report (any format giar reads, or giar's JSON) as md, txt, html, docx or json.

    html is a standalone print-ready page and docx a Word document, both with the tables
    in the official layout; json is the contract of `giar parse`.

    FILES may be several files or directories (their report files, as `giar lint` finds
    them); then -o names the directory the outputs are written into, one per input, named
    after it with the format's extension (the folders of a directory kept), and without -o
    the text formats are printed one after another under `==> FILE <==`."""
    from giar.cli_common import expand_paths
    from giar.write.formats import render as render_report

    paths, worst, walked = expand_paths(files)
    several = len(paths) > 1 or walked
    into = output if output and output != "-" and (several or os.path.isdir(output)) else None
    if into is not None and os.path.exists(into) and not os.path.isdir(into):
        fail(f"{into}: is a file; with several reports -o names a directory to write them into")
    fmt = fmt or ("md" if into is not None else choose_format(None, output))
    if not (into or (output and output != "-")):
        if several and fmt in BINARY:
            fail(f"{fmt} output of several reports needs a directory: -o DIR")
        refuse_binary_to_terminal(fmt, output)
    targets: dict[str, str] = {}
    if into is not None:
        targets, refused = _targets(files, paths, into, fmt)
        worst = max(worst, refused)

    def handle(path: str) -> int:
        data = render_report(load_report(path, edition), fmt)
        if into is not None:
            write_file(data, targets[path])
        elif several:
            click.echo(f"==> {path} <==")
            emit(data, fmt, None)
        else:
            emit(data, fmt, output)
        return EXIT_OK

    sys.exit(each_file([p for p in paths if into is None or p in targets], handle, worst))


def _targets(named: tuple[str, ...], paths: list[str], into: str, fmt: str) -> tuple[dict[str, str], int]:
    """Where ``render -o DIR`` writes each input: DIR/<name>.<fmt>; for a file found in a
    directory, its folders below that directory kept. An input that would be written where
    another one is, or over an input, is refused (one line; exit 2)."""
    tops = [t for t in named if t != "-" and os.path.isdir(t)]
    inputs = {os.path.realpath(p) for p in paths if p != "-"}
    out: dict[str, str] = {}
    taken: dict[str, str] = {}
    worst = EXIT_OK
    for path in paths:
        rel = "stdin" if path == "-" else os.path.basename(path)
        if path not in named:  # found in a directory walk, under the directory as it was named
            top = next((t for t in tops if path.startswith(os.path.join(t, ""))), None)
            if top is not None:
                rel = os.path.relpath(path, top)
        target = os.path.join(into, os.path.splitext(rel)[0] + "." + fmt)
        key = os.path.realpath(target)
        if key in taken or key in inputs:
            why = f"{taken[key]} is written there" if key in taken else "it is an input"
            click.echo(f"giar: {path}: not rendered: {target} would be overwritten ({why})", err=True)
            worst = EXIT_ERROR
            continue
        taken[key] = path
        out[path] = target
    return out, worst
