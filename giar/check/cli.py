"""``giar lint``, ``giar fix`` and ``giar rules`` (registered on the main group in giar/cli.py).

Exit codes, as for every giar command: 0 clean, 1 findings (errors or warnings; info alone
does not fail), 2 unusable input or usage — one line per bad file on stderr, never a
traceback, and the other files are still checked.
"""

from __future__ import annotations

import json
import sys
from typing import Optional

import click

from giar.cli_common import (EXIT_FINDINGS, EXIT_OK, EditionChoice, each_file, report_error, unified_diff,
                              unified_diff_bytes)
from giar.errors import GiarError

_EDITION = EditionChoice()


def _codes(values: tuple[str, ...]) -> Optional[list[str]]:
    """``--select GA,GD --select GT001,review-total`` → [GA, GD, GT001, GA004]: codes,
    group prefixes or rule names; unknown ones are a usage error."""
    from giar.check.config import rule_selector

    out = []
    for value in values:
        for word in value.replace("，", ",").split(","):
            if not word.strip():
                continue
            code = rule_selector(word)
            if code is None:
                raise click.UsageError(f"unknown rule code or prefix {word.strip().upper()!r} (see `giar rules`)")
            out.append(code)
    return out or None


def _config(path: Optional[str]):
    from giar.check.config import load_config_file
    from giar.errors import GiarError

    if path is None:
        return None
    config = load_config_file(path)
    if config is None:
        raise GiarError(path, "has no [tool.giar] table")
    return config


def _color(choice: str) -> Optional[bool]:
    return {"always": True, "never": False}.get(choice)


_COLOR_HELP = "Colour the human output: auto (on a terminal, unless NO_COLOR is set), always, never."


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["human", "json", "sarif", "github", "html"]),
              default="human", show_default=True,
              help="How to print the findings; html: one self-contained page summarising the batch "
                   "(a sortable table of the reports, their findings, charts), for -o FILE.html.")
@click.option("--select", multiple=True,
              help="Only these rule codes, prefixes or names (comma-separated), e.g. GA,GD,review-total.")
@click.option("--extend-select", multiple=True, help="Add these rule codes, prefixes or names to the selection.")
@click.option("--ignore", multiple=True, help="Leave out these rule codes, prefixes or names (comma-separated).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this giar.toml / pyproject.toml instead of discovering one per file.")
@click.option("--edition", type=_EDITION, help="Parse as this edition instead of detecting it.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", help=_COLOR_HELP)
@click.option("--statistics", is_flag=True,
              help="Print the number of findings of each rule (and the summary) instead of the findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary.")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when there are findings (unusable input still exits 2).")
@click.option("-o", "--output", "output_file", metavar="FILE",
              help="Write the output to FILE instead of standard output.")
@click.option("--stdin-filename", metavar="NAME",
              help="The name of the report read from standard input ('-'): shown in findings, "
                   "and used to find its configuration and format.")
@click.option("--force-exclude", is_flag=True,
              help="Apply the configuration's exclude to files named on the command line too "
                   "(for pre-commit, which names every file).")
def lint(paths, output_format, select, extend_select, ignore, config_path, edition, color, statistics,
         quiet, exit_zero, output_file, stdin_filename, force_exclude):
    """Check reports against the rule catalogue (files or directories).

    Two reports of the same agency for consecutive years are also checked against each
    other (上年结转 vs 结转下年度, 现行有效件数, copied prose).
    """
    from giar.check.engine import Linted, failing, lint_batch
    from giar.check.output import (BatchProgress, batch_summary, github_findings, json_findings, json_statistics,
                                   print_human, print_lines, sarif_findings, statistics_lines, stderr_is_terminal)

    if statistics and output_format in ("sarif", "github", "html"):
        raise click.UsageError(f"--statistics prints a table (human) or JSON (json), not {output_format}")
    worst = EXIT_OK

    def on_error(path, error):
        nonlocal worst
        worst = max(worst, report_error(path, error))

    try:
        config = _config(config_path)
    except Exception as error:  # a bad --config file is a usage error
        sys.exit(report_error(config_path, error))
    selection = dict(select=_codes(select), ignore=_codes(ignore) or None, extend_select=_codes(extend_select))
    # rich's progress bar on stderr, only on a terminal and not with --quiet (cleared when done)
    with BatchProgress(enabled=not quiet and stderr_is_terminal()) as progress:
        batch = lint_batch(paths, config=config, **selection, edition=edition, stdin_filename=stdin_filename,
                           force_exclude=force_exclude, on_error=progress.around(on_error),
                           on_progress=progress)
    findings = batch.findings
    # findings and the files that could not be read, in the order they were met
    in_order = [x for item in batch.outcomes for x in (item.findings if isinstance(item, Linted) else [item])]

    out = None
    if output_file and output_file != "-":
        try:
            out = open(output_file, "w", encoding="utf-8", newline="\n")
        except OSError as e:
            sys.exit(report_error(output_file, GiarError(output_file, f"cannot write: {e.strerror or e}")))
    try:
        if output_format == "json":
            click.echo(json_statistics(findings) if statistics else json_findings(in_order), nl=False, file=out)
        elif output_format == "sarif":
            click.echo(sarif_findings(findings, batch.failures), nl=False, file=out)
        elif output_format == "github":
            click.echo(github_findings(in_order), nl=False, file=out)
        elif output_format == "html":
            from giar.check.report_html import html_summary

            click.echo(html_summary(batch), nl=False, file=out)
        else:
            lines = [] if quiet else batch_summary(findings, batch.found, len(batch.clean),
                                                   len(batch.with_findings), batch.failures)
            if statistics:
                print_lines(statistics_lines(findings), out=out, color=_color(color))
                print_lines(lines, out=out, color=_color(color), style="bold")
            else:
                print_human(findings, {item.path: item.source for item in batch.linted}, out=out,
                            color=_color(color), show_summary=not quiet, summary_lines=lines)
    finally:
        if out is not None:
            out.close()
    if not batch.found and not batch.failures and not quiet:
        click.echo("giar: no report files to check (every file named is excluded)", err=True)
    if failing(findings) and not exit_zero:
        worst = max(worst, EXIT_FINDINGS)
    sys.exit(worst)


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply unsafe fixes (recomputed totals, rewritten titles, …).")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the fixed report instead of rewriting the file.")
@click.option("--select", multiple=True, help="Only fix (and report) these rule codes or prefixes.")
@click.option("--ignore", multiple=True, help="Leave these rule codes or prefixes alone.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this configuration file.")
@click.option("--edition", type=_EDITION, help="Parse as this edition instead of detecting it.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", help=_COLOR_HELP)
def fix(files, show_diff, unsafe_fixes, to_stdout, select, ignore, config_path, edition, color):
    """Apply fixes and write the report back in canonical Markdown; then lint what is left.

    Text and Markdown files are rewritten in place; for a web page, Word or PDF file use
    --stdout (or --diff). Safe fixes never change a number; unsafe ones (--unsafe-fixes)
    may, and are listed so that they can be checked.
    """
    from giar.check.config import discover
    from giar.check.engine import failing
    from giar.check.fix import fix_report, markdown_source
    from giar.check.output import print_human
    from giar.errors import GiarError
    from giar.parse import parse_source
    from giar.read import read_bytes, read_file_bytes

    try:
        fixed_config = _config(config_path)
    except Exception as error:
        sys.exit(report_error(config_path, error))
    if "-" in files and not (show_diff or to_stdout):
        raise click.UsageError("standard input can only be fixed with --stdout or --diff")
    sel, ign = _codes(select), _codes(ignore) or None

    def handle(path: str) -> int:
        config = (fixed_config or discover(path)).with_cli(sel, ign)
        data = read_file_bytes(path)
        source = read_bytes(data, path)
        if source.format not in ("text", "markdown") and not (show_diff or to_stdout):
            raise GiarError(path, f"{source.format} files are not rewritten in place; "
                            "use `giar fix --stdout FILE > report.md`")
        report = parse_source(source, edition)
        result = fix_report(report, path, config, unsafe=unsafe_fixes)
        for warning in result.warnings:
            click.echo(f"giar: {warning}", err=True)
        if not result.text:
            return EXIT_FINDINGS
        original = "\n".join(line.text for line in source.lines)
        changed = source.format not in ("text", "markdown") or original != result.text
        info = sys.stderr if (to_stdout or show_diff) else sys.stdout
        if show_diff:
            if changed and source.format in ("text", "markdown"):
                # from the file's bytes as they are, so that `patch` applies it to the file
                click.echo(unified_diff_bytes(data, result.text.encode("utf-8"), path, f"{path} (fixed)"),
                           nl=False)
            elif changed:
                click.echo(unified_diff(original, result.text, path, f"{path} (fixed)"), nl=False)
        elif to_stdout:
            click.echo(result.text, nl=False)
        elif changed:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(result.text)
        fixed_codes = sorted({f.code for f in result.applied})
        verb = "可修复" if show_diff else "已修复"
        n_writer = sum(1 for f in result.by_writer
                       if not any(r.code == f.code and r.message == f.message for r in result.remaining))
        click.echo(f"{path}: {verb} {len(result.applied) + n_writer} 个问题"
                   + (f"（{', '.join(fixed_codes)}）" if fixed_codes else "")
                   + (f"，{len(result.dropped)} 个修复被放弃" if result.dropped else ""), file=info)
        remaining_source = markdown_source(result.text, path)
        label = f"{path} (fixed)" if show_diff or to_stdout else path
        if result.remaining:
            import attrs

            shown = [attrs.evolve(f, file=label) for f in result.remaining]
            print_human(shown, {label: remaining_source}, out=info, color=_color(color))
        code = EXIT_FINDINGS if failing(result.remaining) else EXIT_OK
        if show_diff and changed:
            code = EXIT_FINDINGS
        return code

    sys.exit(each_file(files, handle))


@click.command()
@click.argument("code", required=False)
@click.option("--format", "output_format", type=click.Choice(["human", "json"]), default="human",
              show_default=True, help="human: a table, or each rule explained; json: every field of each rule.")
def rules(code, output_format):
    """The rule catalogue; with CODE (or a prefix such as GA), each rule explained."""
    from giar.check.catalogue import entry, explain_lines, select, text_lines

    chosen = select(code)
    if not chosen:
        raise click.UsageError(f"unknown rule code {code!r} (see `giar rules`)")
    if output_format == "json":
        click.echo(json.dumps([entry(r) for r in chosen], ensure_ascii=False, indent=2))
        return
    lines = [line for r in chosen for line in explain_lines(r)] if code else text_lines(chosen)
    for line in lines:
        click.echo(line)


__all__ = ["lint", "fix", "rules"]
