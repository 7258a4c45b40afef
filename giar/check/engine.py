"""Running the rules: one report, many files, and the pairs of consecutive years."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Optional

import attrs

from giar.check.config import Config, discover
from giar.check.context import Context
from giar.check.rule import SEVERITY_RANK, Finding, Rule
from giar.check.rules import all_rules
from giar.check.rules.crossyear import same_agency
from giar.check.suppress import Suppressions
from giar.model.ast import Report
from giar.read.readers import report_extensions
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


def expand(paths: Iterable[str], config_for: Callable[[str], Config]) -> list[str]:
    """Files named, and the report files under directories named (sorted, excluding per config)."""
    out: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = []
            extensions = report_extensions()  # every registered reader's
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    full = os.path.join(root, name)
                    if Path(name).suffix.lower() in extensions and not config_for(full).excluded(full):
                        found.append(full)
            out.extend(sorted(found))
        else:
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


def lint_files(paths: Iterable[str], *, config: Optional[Config] = None,
               select: Optional[list[str]] = None, ignore: Optional[list[str]] = None,
               edition: Optional[str] = None,
               on_error: Callable[[str, BaseException], None] = lambda p, e: None) -> list[Linted]:
    """Read, parse and lint files (and directories); errors go to ``on_error``, one per file."""
    from giar.parse import parse_source
    from giar.read import read_path

    def config_for(path: str) -> Config:
        return (config or discover(path)).with_cli(select, ignore)

    linted: list[Linted] = []
    for path in expand(paths, config_for):
        try:
            cfg = config_for(path)
            source = read_path(path)
            report = parse_source(source, edition)
            item = Linted(path, source, report, cfg)
            item.findings = lint_report(report, path, source, cfg)
        except Exception as error:  # one line per bad file, then go on
            on_error(path, error)
            continue
        linted.append(item)
    for previous, current in pairs(linted):
        extra = lint_pair(previous.context, current.context, current.config)
        current.findings = sorted(dict.fromkeys(current.findings + extra), key=Finding.sort_key)
    return linted


def failing(findings: Iterable[Finding]) -> bool:
    """Findings that make ``giar lint`` exit 1: errors and warnings (info does not)."""
    return any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"] for f in findings)


__all__ = ["lint_report", "lint_pair", "lint_files", "Linted", "expand", "pairs", "failing", "rules_for"]
