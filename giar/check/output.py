"""Output formats of ``giar lint``: human (default), json, sarif (2.1.0), github — and html,
a page summarising the batch, in giar/check/report_html.py; the progress bar of a batch.

Files that could not be used (``giar.check.engine.Failure``) are part of the output, not
only of stderr: an error record in JSON, a tool execution notification in SARIF (with
``executionSuccessful: false``), an ``::error`` command for GitHub, and the summary of the
human output.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.parse
from typing import IO, Any, Iterable, Optional, Sequence

from giar import __version__
from giar.check.rule import ERROR, INFO, SAFE, SEVERITY_ZH, WARNING, Finding
from giar.check.rules import all_rules
from giar.read.source import Source

FORMATS = ("human", "json", "sarif", "github", "html")  # html: giar/check/report_html.py
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_STYLE = {ERROR: "bold red", WARNING: "bold yellow", INFO: "bold blue"}
WINDOW = 70  # display cells of a long source line shown around the marked span


# ---------------------------------------------------------------- quotation marks


def nest_quotes(text: str) -> str:
    """Quotation marks inside quotation marks as Chinese typography writes them:
    ``“3.危及“三安全一稳定””`` → ``“3.危及‘三安全一稳定’”`` (double at the outer level,
    single inside, alternating deeper). Only a message whose “ ” pair up is changed: one
    with a stray mark (a quoted source text cut short) is left as it is."""
    if "“" not in text or text.count("“") != text.count("”"):
        return text
    depth = deepest = 0
    for ch in text:
        if ch == "“":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "”":
            depth -= 1
            if depth < 0:
                return text
    if depth != 0 or deepest < 2:
        return text
    out = []
    for ch in text:
        if ch == "“":
            depth += 1
            out.append("“" if depth % 2 else "‘")
        elif ch == "”":
            out.append("”" if depth % 2 else "’")
            depth -= 1
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- JSON


def _finding_json(f: Finding) -> dict:
    data = f.json()
    data["message"] = nest_quotes(data["message"])
    if data.get("related"):
        data["related"] = [{**r, "message": nest_quotes(r["message"])} if isinstance(r, dict) else r
                           for r in data["related"]]
    return data


def json_findings(findings: Iterable[Any]) -> str:
    """A list of findings; a file that could not be read (``Failure``) is an error record
    ``{file, line, column, error}`` where it was met."""
    items = [_finding_json(f) if isinstance(f, Finding) else f.json() for f in findings]
    return json.dumps(items, ensure_ascii=False, indent=2, default=str) + "\n"


def statistics(findings: Iterable[Finding]) -> list[dict]:
    """``--statistics``: how many findings of each rule (and severity), most first."""
    counts: dict[tuple[str, str], list] = {}
    for f in findings:
        entry = counts.setdefault((f.code, f.severity), [f.name, 0, 0])
        entry[1] += 1
        entry[2] += 1 if f.fix else 0
    rows = [{"code": code, "name": name, "severity": severity, "count": n, "fixable": fixable}
            for (code, severity), (name, n, fixable) in counts.items()]
    return sorted(rows, key=lambda r: (-r["count"], r["code"], r["severity"]))


def json_statistics(findings: Iterable[Finding]) -> str:
    return json.dumps(statistics(findings), ensure_ascii=False, indent=2) + "\n"


def statistics_lines(findings: Sequence[Finding]) -> list[str]:
    """The ``--statistics`` table, as ruff prints it: count, code, name, severity, fixable."""
    rows = statistics(findings)
    if not rows:
        return []
    width = max(len(str(r["count"])) for r in rows)
    name_width = max(len(r["name"]) for r in rows)
    lines = []
    for r in rows:
        fixable = f"  可修复 {r['fixable']}" if r["fixable"] else ""
        lines.append(f"{r['count']:>{width}}  {r['code']}  {r['name']:<{name_width}}  "
                     f"{SEVERITY_ZH[r['severity']]}{fixable}".rstrip())
    return lines


# ---------------------------------------------------------------- GitHub workflow commands


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github_findings(findings: Iterable[Any]) -> str:
    """One workflow command per finding; a file that could not be read is an ``::error``."""
    level = {ERROR: "error", WARNING: "warning", INFO: "notice"}
    lines = []
    for f in findings:
        if not isinstance(f, Finding):  # a Failure
            props = [f"file={_gh_property(f.path)}"]
            if f.line:
                props.append(f"line={f.line}")
                if f.column:
                    props.append(f"col={f.column}")
            props.append("title=giar")
            lines.append(f"::error {','.join(props)}::{_gh_data(f.message)}")
            continue
        props = [f"file={_gh_property(f.file)}", f"line={f.line}", f"col={f.column}"]
        if f.end_line:
            props.append(f"endLine={f.end_line}")
        if f.end_column and (f.end_line or f.line) == f.line:
            props.append(f"endColumn={f.end_column}")
        props.append(f"title={_gh_property(f'{f.code} {f.name}')}")
        lines.append(f"::{level[f.severity]} {','.join(props)}::{_gh_data(f'{f.code} {nest_quotes(f.message)}')}")
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


def sarif_findings(findings: Sequence[Finding], failures: Sequence[Any] = ()) -> str:
    """A SARIF 2.1.0 log of one run; ``failures`` (files that could not be read …) become the
    invocation's tool execution notifications, and make it unsuccessful."""
    rules = all_rules()
    index = {cls.code: i for i, cls in enumerate(rules)}
    level = {ERROR: "error", WARNING: "warning", INFO: "note"}
    results = []
    for f in findings:
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": level[f.severity],
            "message": {"text": nest_quotes(f.message)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(f.file)},
                "region": _region(f.line, f.column, f.end_line, f.end_column)}}],
        }
        if f.related:
            result["relatedLocations"] = [
                {"id": i, "message": {"text": nest_quotes(r.message)},
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
    notifications = []
    for failure in failures:
        location: dict = {"artifactLocation": {"uri": _uri(failure.path)}}
        if failure.line:
            location["region"] = _region(failure.line, failure.column or 1)
        notifications.append({"level": "error", "message": {"text": str(failure)},
                              "locations": [{"physicalLocation": location}]})
    invocation: dict = {"executionSuccessful": not failures}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "giar", "version": __version__, "semanticVersion": __version__,
                                "rules": sarif_rules}},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- progress


PROGRESS_MIN_FILES = 2  # a batch of fewer files never shows a bar
PROGRESS_DELAY = 0.5  # seconds: a batch done sooner never shows one (no flicker)


def stderr_is_terminal() -> bool:
    """Whether standard error is a terminal that can show a progress bar."""
    try:
        return bool(sys.stderr.isatty()) and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # no stderr, or a closed one
        return False


class BatchProgress:
    """rich's progress bar on standard error while ``giar lint`` reads a batch: files done
    of files found, time left and the file being read. Only when ``enabled`` (stderr is a
    terminal, no ``--quiet``), for batches of PROGRESS_MIN_FILES files or more that are still
    running after PROGRESS_DELAY seconds; the bar is cleared when the batch is done, so what
    stays on the terminal is what giar prints without it. Error lines written meanwhile
    (``on_error``) appear above the bar.

    Use it as ``lint_batch``'s ``on_progress``: ``progress(done, total, path)``."""

    def __init__(self, enabled: bool, stream: Optional[IO] = None, *, delay: Optional[float] = None,
                 min_files: Optional[int] = None) -> None:
        self.enabled = enabled
        self.stream = stream
        self.delay = PROGRESS_DELAY if delay is None else delay
        self.min_files = PROGRESS_MIN_FILES if min_files is None else min_files
        self.shown = False  # whether the bar was ever drawn
        self._progress: Any = None
        self._task: Any = None
        self._began = time.monotonic()

    def __enter__(self) -> "BatchProgress":
        self._began = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.enabled or total < self.min_files:
            return
        if self._progress is None:
            if done >= total or time.monotonic() - self._began < self.delay:
                return
            self._start(done, total, path)
        self._progress.update(self._task, completed=done, total=total, name=path)
        if done >= total:
            self.stop()

    def around(self, on_error: Any) -> Any:
        """``on_error`` printing above the bar while it is shown."""

        def call(path: str, error: BaseException) -> None:
            if self._progress is None:
                on_error(path, error)
                return
            import io

            # what on_error writes to stderr, printed by the bar's console: above the bar
            captured, saved = io.StringIO(), sys.stderr
            sys.stderr = captured
            try:
                on_error(path, error)
            finally:
                sys.stderr = saved
            if captured.getvalue():
                self._progress.console.print(captured.getvalue(), end="", markup=False, highlight=False,
                                             soft_wrap=True, emoji=False)

        return call

    def _start(self, done: int, total: int, path: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        from rich.table import Column

        console = Console(file=self.stream or sys.stderr, force_terminal=True, highlight=False, emoji=False,
                          markup=False, no_color=bool(os.environ.get("NO_COLOR")))
        self._progress = Progress(
            TextColumn("正在检查"), BarColumn(bar_width=24), MofNCompleteColumn(), TimeRemainingColumn(),
            # the file name takes the width left, cut short to keep the bar on one line
            TextColumn("{task.fields[name]}", markup=False,
                       table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis")),
            console=console, transient=True, expand=True, redirect_stdout=False, redirect_stderr=False)
        self._task = self._progress.add_task("lint", total=total, completed=done, name=path)
        self._progress.start()
        self.shown = True

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


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


def caret_end(f: Finding, start: int, first: int, length: int) -> int:
    """Where the marked span ends on the shown line (exclusive, an index into the line's
    text, which begins at column ``first``): at ``end_column`` when the finding ends on
    this line; at the end of the line when it goes on below (a title over two lines); one
    character when the finding has no end."""
    if f.end_column and (f.end_line or f.line) == f.line:
        return max(start + 1, f.end_column - first)
    if f.end_line and f.end_line > f.line:
        return max(start + 1, length)
    return start + 1


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


def batch_summary(findings: Sequence[Finding], found: int, clean: int, with_findings: int,
                  failures: Sequence[Any] = ()) -> list[str]:
    """The end of ``giar lint``'s human output: what was found, read, failed (and why), clean
    or with findings. "未发现问题。" only when files were read and none failed or had findings."""
    read = clean + with_findings
    failed = found - read
    if findings:
        lines = [summary(findings)]
    elif read and not failures:
        lines = ["未发现问题。"]
    elif read:
        lines = [f"已读取的 {read} 个文件未发现问题，但有{'文件无法读取' if failed else '错误'}（见下）。"]
    else:
        lines = ["没有读取任何文件。"]
    if found > 1 or (failures and found):
        counts = f"读取 {read} 个（无问题 {clean} 个，有问题 {with_findings} 个）"
        if failed:
            counts += f"，无法读取 {failed} 个"
        lines.append(f"共 {found} 个文件：{counts}。")
    if failures:
        lines.append("出错：")
        lines.extend(f"  {failure}" for failure in failures)
    return lines


def _console(out: Optional[IO], color: Optional[bool]):
    from rich.console import Console

    # color None (--color auto): a terminal gets colour and bold unless NO_COLOR is set
    # (https://no-color.org: any non-empty value), then plain text as with --color never;
    # --color always/never decides over NO_COLOR.
    if color is None and os.environ.get("NO_COLOR"):
        color = False
    return Console(file=out or sys.stdout, highlight=False, soft_wrap=True, emoji=False, markup=False,
                   force_terminal=color, no_color=(color is False), width=10_000)


def print_lines(lines: Iterable[str], out: Optional[IO] = None, color: Optional[bool] = None,
                style: str = "") -> None:
    from rich.text import Text

    console = _console(out, color)
    for line in lines:
        console.print(Text(line, style=style))


def print_human(findings: Sequence[Finding], sources: dict, out: Optional[IO] = None,
                color: Optional[bool] = None, show_summary: bool = True,
                summary_lines: Optional[Sequence[str]] = None) -> None:
    from rich.text import Text

    console = _console(out, color)
    for f in findings:
        head = Text()
        head.append(f"{f.file}:{f.line}:{f.column}: ", style="bold")
        head.append(f"{SEVERITY_ZH[f.severity]} ", style=_STYLE[f.severity])
        head.append(f"{f.code}", style=_STYLE[f.severity])
        head.append(f" [{f.name}] ", style="dim")
        head.append(nest_quotes(f.message))
        if f.fix:
            head.append(" [可修复]" if f.fix.applicability == SAFE else " [可修复：--unsafe-fixes]", style="cyan")
        console.print(head)
        shown = source_line(sources.get(f.file), f.line, f.column)
        if shown is not None:
            text, first = shown
            start = max(0, f.column - first)
            end = caret_end(f, start, first, len(text))
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
        for said in (summary(findings),) if summary_lines is None else summary_lines:
            console.print(Text(said, style="bold"))


__all__ = ["FORMATS", "json_findings", "json_statistics", "github_findings", "sarif_findings",
           "print_human", "print_lines", "summary", "batch_summary", "statistics", "statistics_lines",
           "nest_quotes", "BatchProgress", "stderr_is_terminal"]
