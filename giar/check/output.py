"""Output formats of ``giar lint``: human (default), json, sarif (2.1.0), github."""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
from typing import IO, Iterable, Optional, Sequence

from giar import __version__
from giar.check.rule import ERROR, INFO, SAFE, SEVERITY_ZH, WARNING, Finding
from giar.check.rules import all_rules
from giar.read.source import Source

FORMATS = ("human", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_STYLE = {ERROR: "bold red", WARNING: "bold yellow", INFO: "bold blue"}
WINDOW = 70  # display cells of a long source line shown around the marked span


# ---------------------------------------------------------------- JSON


def json_findings(findings: Iterable[Finding]) -> str:
    return json.dumps([f.json() for f in findings], ensure_ascii=False, indent=2, default=str) + "\n"


# ---------------------------------------------------------------- GitHub workflow commands


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github_findings(findings: Iterable[Finding]) -> str:
    level = {ERROR: "error", WARNING: "warning", INFO: "notice"}
    lines = []
    for f in findings:
        props = [f"file={_gh_property(f.file)}", f"line={f.line}", f"col={f.column}"]
        if f.end_line:
            props.append(f"endLine={f.end_line}")
        if f.end_column and (f.end_line or f.line) == f.line:
            props.append(f"endColumn={f.end_column}")
        props.append(f"title={_gh_property(f'{f.code} {f.name}')}")
        lines.append(f"::{level[f.severity]} {','.join(props)}::{_gh_data(f'{f.code} {f.message}')}")
    return "".join(line + "\n" for line in lines)


# ---------------------------------------------------------------- SARIF 2.1.0


def _uri(path: str) -> str:
    if path == "-":
        return "stdin"
    p = path
    if os.path.isabs(p):
        try:
            rel = os.path.relpath(p)
            if not rel.startswith(".."):
                p = rel
        except ValueError:  # pragma: no cover - another drive on Windows
            pass
    p = p.replace(os.sep, "/")
    if os.path.isabs(path) and p.startswith("/"):
        return "file://" + urllib.parse.quote(p)
    return urllib.parse.quote(p)


def _region(line: int, column: int, end_line: Optional[int] = None, end_column: Optional[int] = None) -> dict:
    region = {"startLine": max(1, line), "startColumn": max(1, column)}
    if end_line and end_line >= line:
        region["endLine"] = end_line
    if end_column and end_column >= 1 and ((end_line or line) > line or end_column > column):
        region["endColumn"] = end_column
    return region


def sarif_findings(findings: Sequence[Finding]) -> str:
    rules = all_rules()
    index = {cls.code: i for i, cls in enumerate(rules)}
    level = {ERROR: "error", WARNING: "warning", INFO: "note"}
    results = []
    for f in findings:
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": level[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(f.file)},
                "region": _region(f.line, f.column, f.end_line, f.end_column)}}],
        }
        if f.related:
            result["relatedLocations"] = [
                {"id": i, "message": {"text": r.message},
                 "physicalLocation": {"artifactLocation": {"uri": _uri(f.file)},
                                      "region": _region(r.line, r.column)}}
                for i, r in enumerate(f.related)]
        props = {k: v for k, v in f.json().items()
                 if k in ("table", "table_label", "row", "row_label", "table_column", "table_column_label",
                          "expected", "found") and v is not None}
        if f.fix:
            props["fix"] = f.fix.applicability
        if props:
            result["properties"] = json.loads(json.dumps(props, default=str))
        results.append(result)
    sarif_rules = []
    for cls in rules:
        sarif_rules.append({
            "id": cls.code,
            "name": cls.name,
            "shortDescription": {"text": cls.summary()},
            "fullDescription": {"text": cls.doc()},
            "help": {"text": cls.doc()},
            "defaultConfiguration": {"level": level[cls.severity]},
            "properties": {"tags": [cls.code[:2]], "fixable": cls.fixable or "no"},
        })
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "giar", "version": __version__, "semanticVersion": __version__,
                                "rules": sarif_rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- human


def cells(text: str) -> int:
    """Display width: wide (CJK) characters take two cells — as rich, which prints the
    line, counts them (so the ``^`` marker sits under the span)."""
    from rich.cells import cell_len  # (rich is imported only for human output)

    return cell_len(text)


def source_line(source: Optional[Source], line: int, column: int):
    """The logical source line a finding points into (text, its first column) or None."""
    if source is None:
        return None
    candidates = [ln for ln in source.lines if ln.number == line and ln.text.strip()]
    inside = [ln for ln in candidates if ln.column <= column <= ln.column + len(ln.text)]
    if len(inside) != 1:
        # A web page written on one physical line gives many logical lines the same place:
        # showing one of them would point at the wrong text.
        return None
    return inside[0].text.replace("\t", " "), inside[0].column


def excerpt(text: str, start: int, end: int) -> tuple[str, int, int]:
    """A window of a long line around [start, end): (text, start, end) within the window."""
    if cells(text) <= WINDOW * 2:
        return text, start, end
    lo = start
    while lo > 0 and cells(text[lo:start]) < WINDOW // 3:
        lo -= 1
    hi = start + 1
    while hi < len(text) and cells(text[lo:hi]) < WINDOW:
        hi += 1
    end = max(start + 1, min(end, hi))
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    return prefix + text[lo:hi] + suffix, start - lo + len(prefix), min(end, hi) - lo + len(prefix)


def summary(findings: Sequence[Finding]) -> str:
    if not findings:
        return "未发现问题。"
    counts = {s: sum(1 for f in findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
    parts = "，".join(f"{SEVERITY_ZH[s]} {n}" for s, n in counts.items() if n)
    safe = sum(1 for f in findings if f.fix and f.fix.applicability == SAFE)
    unsafe = sum(1 for f in findings if f.fix and f.fix.applicability != SAFE)
    out = f"共发现 {len(findings)} 个问题（{parts}）。"
    if safe:
        out += f"其中 {safe} 个可用 `giar fix` 修复"
        out += f"，另有 {unsafe} 个需加 `--unsafe-fixes`。" if unsafe else "。"
    elif unsafe:
        out += f"其中 {unsafe} 个可用 `giar fix --unsafe-fixes` 修复。"
    return out


def print_human(findings: Sequence[Finding], sources: dict, out: Optional[IO] = None,
                color: Optional[bool] = None, show_summary: bool = True) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out or sys.stdout, highlight=False, soft_wrap=True, emoji=False, markup=False,
                      force_terminal=color, no_color=(color is False), width=10_000)
    for f in findings:
        head = Text()
        head.append(f"{f.file}:{f.line}:{f.column}: ", style="bold")
        head.append(f"{SEVERITY_ZH[f.severity]} ", style=_STYLE[f.severity])
        head.append(f"{f.code}", style=_STYLE[f.severity])
        head.append(f" [{f.name}] ", style="dim")
        head.append(f.message)
        if f.fix:
            head.append(" [可修复]" if f.fix.applicability == SAFE else " [可修复：--unsafe-fixes]", style="cyan")
        console.print(head)
        shown = source_line(sources.get(f.file), f.line, f.column)
        if shown is not None:
            text, first = shown
            start = max(0, f.column - first)
            if f.end_column and (f.end_line or f.line) == f.line:
                end = max(start + 1, f.end_column - first)
            else:
                end = start + 1
            start, end = min(start, len(text)), min(end, max(len(text), start + 1))
            text, start, end = excerpt(text, start, end)
            gutter = " " * len(str(f.line))
            line = Text(f" {f.line} | ", style="blue")
            line.append(text[:start])
            line.append(text[start:end], style="bold red" if f.severity == ERROR else "bold yellow")
            line.append(text[end:])
            console.print(line)
            marker = Text(f" {gutter} | ", style="blue")
            marker.append(" " * cells(text[:start]))
            marker.append("^" * max(1, cells(text[start:end])), style=_STYLE[f.severity])
            console.print(marker)
    if show_summary:
        console.print(Text(summary(findings), style="bold"))


__all__ = ["FORMATS", "json_findings", "github_findings", "sarif_findings", "print_human", "summary"]
