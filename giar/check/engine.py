"""Running the rules: one report, many files, and the pairs of consecutive years."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Optional

import attrs

from giar.check.config import Config, ConfigError, discover
from giar.check.context import Context
from giar.check.rule import SEVERITY_RANK, Finding, Rule
from giar.check.rules import all_rules
from giar.check.rules.crossyear import same_agency
from giar.check.suppress import Suppressions
from giar.errors import GiarError
from giar.model.ast import Report
from giar.read.readers import readers, report_extensions
from giar.read.source import Source


def rules_for(config: Config, path: Optional[str] = None, cross_year: Optional[bool] = None) -> list[Rule]:
    return [cls() for cls in all_rules()
            if config.enabled(cls.code, path) and (cross_year is None or cls.cross_year == cross_year)]


def finish(findings: Iterable[Finding], config: Config, suppressions: Optional[Suppressions]) -> list[Finding]:
    """Severity overrides, suppression comments, and a stable order."""
    out = []
    for f in findings:
        level = config.severity_of(f.code, f.severity)
        if level != f.severity:
            f = attrs.evolve(f, severity=level)
        if suppressions is not None and suppressions.suppressed(f):
            continue
        out.append(f)
    return sorted(dict.fromkeys(out), key=Finding.sort_key)


def lint_report(report: Report, path: str = "-", source: Optional[Source] = None,
                config: Optional[Config] = None) -> list[Finding]:
    """The findings of one report (single-report rules only)."""
    config = config or Config()
    ctx = Context(report, path, source)
    findings = []
    for rule in rules_for(config, path, cross_year=False):
        findings.extend(rule.check(ctx))
    return finish(findings, config, Suppressions(report))


def lint_pair(previous: Context, current: Context, config: Config) -> list[Finding]:
    findings = []
    for rule in rules_for(config, current.path, cross_year=True):
        findings.extend(rule.check_pair(previous, current))
    return finish(findings, config, Suppressions(current.report))


@attrs.define
class Linted:
    """A file that was read and parsed, with its findings."""

    path: str
    source: Source
    report: Report
    config: Config
    findings: list[Finding] = attrs.field(factory=list)

    @property
    def context(self) -> Context:
        return Context(self.report, self.path, self.source)


@attrs.frozen
class Failure:
    """Something named or found that could not be used — a file that could not be read or
    parsed, a directory without report files, a bad configuration — and why (one line)."""

    path: str
    message: str
    line: Optional[int] = None
    column: Optional[int] = None

    @classmethod
    def of(cls, path: str, error: BaseException) -> "Failure":
        if isinstance(error, GiarError):
            return cls(error.source or path, error.message, error.line, error.column)
        return cls(path, f"internal error ({type(error).__name__}: {error})")

    def __str__(self) -> str:
        return str(GiarError(self.path, self.message, self.line, self.column))

    def json(self) -> dict:
        """The error record of ``giar lint --format json``: no ``code``, an ``error``."""
        return {"file": self.path, "line": self.line, "column": self.column, "error": self.message}


def walk_extensions(formats: Optional[Iterable[str]] = None) -> tuple[str, ...]:
    """The extensions of the report files a directory walk picks up (of these formats)."""
    if formats is None:
        return report_extensions()  # every registered reader's
    wanted = set(formats)
    return tuple(e for r in readers() if r.walk and r.format in wanted for e in r.extensions)


def expand(paths: Iterable[str], config_for: Callable[[str], Config], *,
           on_error: Optional[Callable[[str, BaseException], None]] = None,
           formats: Optional[Iterable[str]] = None, force_exclude: bool = False,
           stdin_filename: Optional[str] = None) -> list[str]:
    """Files named, and the report files under directories named (sorted, excluding per config).

    Paths are kept as given (``../corpus/a.txt``); exclusion patterns see them normalised,
    relative to the configuration's folder (``giar.check.config``). Symbolic links to folders
    are followed, each real folder once. A directory with no report files, and a bad
    configuration met on the way (once), go to ``on_error`` (raised without it). With
    ``force_exclude`` a file named on the command line is also left out when excluded.
    """
    out: list[str] = []
    reported: set[str] = set()
    extensions = walk_extensions(formats)

    def fail(path: str, error: GiarError) -> None:
        if on_error is None:
            raise error
        if str(error) not in reported:
            reported.add(str(error))
            on_error(path, error)

    for path in paths:
        if path != "-" and os.path.isdir(path):
            found: list[str] = []
            seen_dirs: set[str] = set()
            seen_files: set[str] = set()
            others = excluded = 0
            config_failed = False
            for root, dirs, files in os.walk(path, followlinks=True):
                real = os.path.realpath(root)
                if real in seen_dirs:  # a link back up the tree, or to a folder walked already
                    dirs[:] = []
                    continue
                seen_dirs.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    full = os.path.join(root, name)
                    if Path(name).suffix.lower() not in extensions:
                        others += 1
                        continue
                    try:
                        skip = config_for(full).excluded(full, base=path)
                    except ConfigError as error:
                        fail(full, error)
                        config_failed = True
                        continue
                    if skip:
                        excluded += 1
                        continue
                    real_file = os.path.realpath(full)
                    if real_file not in seen_files:
                        seen_files.add(real_file)
                        found.append(full)
            if not found and not config_failed:
                what = ", ".join(extensions)
                if others or excluded:
                    detail = ", ".join(part for part in (
                        f"{excluded} excluded" if excluded else "",
                        f"{others} of other types" if others else "") if part)
                    fail(path, GiarError(path, f"is a directory with no report files in it ({detail}; "
                                               f"report files end in {what})"))
                else:
                    fail(path, GiarError(path, f"is a directory with no report files in it (empty; "
                                               f"report files end in {what})"))
            out.extend(sorted(found))
        else:
            if force_exclude:
                name = (stdin_filename or "-") if path == "-" else path
                if name != "-":
                    try:
                        if config_for(name).excluded(name):
                            continue
                    except ConfigError as error:
                        fail(name, error)
                        continue
            out.append(path)
    return list(dict.fromkeys(out))


def pairs(linted: list[Linted]) -> list[tuple[Linted, Linted]]:
    """(last year, this year) pairs of the same agency among the linted reports."""
    out = []
    for cur in linted:
        if not cur.report.year:
            continue
        candidates = [p for p in linted if p is not cur and p.report.year == cur.report.year - 1]
        match = next((p for p in candidates if p.report.agency and p.report.agency == cur.report.agency), None)
        match = match or next((p for p in candidates if same_agency(p.report.agency, cur.report.agency)), None)
        if match is None and len(linted) == 2 and len(candidates) == 1 and (
                not candidates[0].report.agency or not cur.report.agency):
            match = candidates[0]
        if match is not None:
            out.append((match, cur))
    return out


@attrs.define
class Batch:
    """What ``giar lint`` did with a batch: every file found, read or not, in order."""

    found: int = 0  # report files named or found in directories
    linted: list[Linted] = attrs.field(factory=list)  # read and parsed
    failures: list[Failure] = attrs.field(factory=list)  # files, directories, configurations
    outcomes: list = attrs.field(factory=list)  # Linted and Failure, in the order handled

    @property
    def findings(self) -> list[Finding]:
        return [f for item in self.linted for f in item.findings]

    @property
    def clean(self) -> list[Linted]:
        return [item for item in self.linted if not item.findings]

    @property
    def with_findings(self) -> list[Linted]:
        return [item for item in self.linted if item.findings]


def lint_batch(paths: Iterable[str], *, config: Optional[Config] = None,
               select: Optional[list[str]] = None, ignore: Optional[list[str]] = None,
               extend_select: Optional[list[str]] = None, edition: Optional[str] = None,
               stdin_filename: Optional[str] = None, force_exclude: bool = False,
               on_error: Callable[[str, BaseException], None] = lambda p, e: None,
               on_progress: Optional[Callable[[int, int, str], None]] = None) -> Batch:
    """Read, parse and lint files (and directories); errors go to ``on_error``, one per file
    (a bad configuration once), and are kept in the batch.

    ``-`` is standard input; ``stdin_filename`` names it (in findings, and for finding its
    configuration and its format). ``on_progress(done, total, path)`` is called before each
    file is read (``done`` files handled so far, of ``total`` found) and once at the end
    (``done == total``, path ``""``): the command line's progress bar."""
    from giar.parse import parse_source
    from giar.read import read_bytes, read_file_bytes, read_path

    batch = Batch()
    reported: set[str] = set()

    def config_for(path: str) -> Config:
        return (config or discover(path)).with_cli(select, ignore, extend_select)

    def failed(path: str, error: BaseException) -> None:
        failure = Failure.of(path, error)
        if isinstance(error, ConfigError):
            if str(failure) in reported:
                return
            reported.add(str(failure))
        batch.failures.append(failure)
        batch.outcomes.append(failure)
        on_error(path, error)

    files = expand(paths, config_for, on_error=failed, force_exclude=force_exclude,
                   stdin_filename=stdin_filename)
    for done, path in enumerate(files):
        name = stdin_filename if path == "-" and stdin_filename else path
        if on_progress is not None:
            on_progress(done, len(files), name)
        try:
            cfg = config_for(name)
        except ConfigError as error:
            failed(name, error)
            continue
        batch.found += 1
        try:
            source = read_bytes(read_file_bytes("-"), name) if path == "-" else read_path(path)
            report = parse_source(source, edition)
            item = Linted(name, source, report, cfg)
            item.findings = lint_report(report, name, source, cfg)
        except Exception as error:  # one line per bad file, then go on
            failed(name, error)
            continue
        batch.linted.append(item)
        batch.outcomes.append(item)
    if on_progress is not None:
        on_progress(len(files), len(files), "")
    for previous, current in pairs(batch.linted):
        extra = lint_pair(previous.context, current.context, current.config)
        current.findings = sorted(dict.fromkeys(current.findings + extra), key=Finding.sort_key)
    return batch


def lint_files(paths: Iterable[str], *, config: Optional[Config] = None,
               select: Optional[list[str]] = None, ignore: Optional[list[str]] = None,
               edition: Optional[str] = None,
               on_error: Callable[[str, BaseException], None] = lambda p, e: None) -> list[Linted]:
    """Read, parse and lint files (and directories); errors go to ``on_error``, one per file."""
    return lint_batch(paths, config=config, select=select, ignore=ignore, edition=edition,
                      on_error=on_error).linted


def failing(findings: Iterable[Finding]) -> bool:
    """Findings that make ``giar lint`` exit 1: errors and warnings (info does not)."""
    return any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"] for f in findings)


__all__ = ["lint_report", "lint_pair", "lint_files", "lint_batch", "Linted", "Batch", "Failure", "expand",
           "walk_extensions", "pairs", "failing", "rules_for"]
