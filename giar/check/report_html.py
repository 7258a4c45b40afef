"""``giar lint --format html``: one self-contained HTML page summarising a batch, for the
supervising office (templates/lint-summary.html.j2).

The page has no external resources at all: its CSS and the small script that sorts the
table are inline, and the charts are inline SVG bars drawn here. It holds

* a table of every report — file, agency, year, edition, errors, warnings and info, the
  arithmetic identities (GA) that fail — sortable by clicking a header; a file that could
  not be read is a row with its error;
* each report's findings (line, column, code, message) one click away, in a section of
  its own that the row links to;
* findings counted by rule and by agency, as horizontal bars stacked by severity.

Every piece of report text (file names, agencies, messages) goes through Jinja2's
autoescaping: a report that holds ``<script>`` shows it as text.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Iterable, Optional, Sequence

import attrs
import jinja2

from giar import __version__
from giar.check.engine import Batch, Failure, Linted
from giar.check.output import batch_summary, nest_quotes
from giar.check.rule import ERROR, INFO, SAFE, SEVERITIES, SEVERITY_ZH, WARNING, Finding
from giar.check.rules import all_rules
from giar.check.rules.arithmetic import Unverifiable
from giar.format import edition_ids, vocabulary
from giar.resources import resource_text

TEMPLATE = "lint-summary.html.j2"
UNKNOWN_AGENCY = "（未识别机关）"
MAX_AGENCIES = 20  # bars in the by-agency chart; the rest are counted in a note
# The chart's geometry (SVG user units = CSS pixels).
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_WIDTH, COUNT_WIDTH = 16, 6, 230, 300, 48


def identity_codes() -> tuple[str, ...]:
    """The rules whose findings are failing 勾稽关系 (GA001–GA004): every GA rule but the
    one that reports an identity it could not check."""
    return tuple(cls.code for cls in all_rules() if cls.code.startswith("GA") and cls is not Unverifiable)


@attrs.frozen
class ReportRow:
    """One row of the table: a report that was read, or a file that could not be."""

    index: int  # its section's anchor: #r{index}
    file: str
    agency: Optional[str] = None
    year: Optional[int] = None
    edition: Optional[str] = None
    findings: tuple[Finding, ...] = ()
    error: Optional[str] = None  # why the file could not be read (GiarError's message)
    error_place: str = ""  # where in the file ("第 3 行"), when the error has a place

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    @property
    def infos(self) -> int:
        return self.count(INFO)

    @property
    def failing_identities(self) -> list[tuple[str, str, int]]:
        """(code, name, how many) of each identity rule with findings here."""
        wanted = identity_codes()
        counts = Counter((f.code, f.name) for f in self.findings if f.code in wanted)
        return [(code, name, n) for (code, name), n in sorted(counts.items())]

    @property
    def unverifiable(self) -> int:
        return sum(1 for f in self.findings if f.code == Unverifiable.code)


@attrs.frozen
class Segment:
    x: float
    width: float
    severity: str
    count: int


@attrs.frozen
class Bar:
    """A horizontal bar of a chart: a label, and the counts by severity stacked."""

    label: str
    title: str  # the full label, shown on hover
    y: float
    total: int
    segments: tuple[Segment, ...]
    end: float  # where the bar ends (the count is written after it)


@attrs.frozen
class Chart:
    caption: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    note: str = ""


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart(caption: str, rows: Sequence[tuple[str, str, Counter]], note: str = "") -> Chart:
    """Bars for ``(label, full label, counts by severity)``, longest scaled to BAR_WIDTH."""
    most = max((sum(c.values()) for _, _, c in rows), default=0) or 1
    bars = []
    for i, (label, title, counts) in enumerate(rows):
        y = i * (BAR_HEIGHT + BAR_GAP)
        x = float(LABEL_WIDTH)
        segments = []
        for severity in SEVERITIES:
            n = counts.get(severity, 0)
            if n:
                width = max(1.0, BAR_WIDTH * n / most)
                segments.append(Segment(round(x, 1), round(width, 1), severity, n))
                x += width
        bars.append(Bar(label, title, y, sum(counts.values()), tuple(segments), round(x, 1)))
    height = max(1, len(rows) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP)
    return Chart(caption, tuple(bars), LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH, height, note)


def rows_of(outcomes: Iterable[Any]) -> list[ReportRow]:
    """The table's rows, in the order the files were handled."""
    rows = []
    for i, item in enumerate(outcomes, 1):
        if isinstance(item, Linted):
            report = item.report
            rows.append(ReportRow(i, item.path, report.agency, report.year, report.edition,
                                  tuple(item.findings)))
        elif isinstance(item, Failure):
            place = f"第 {item.line} 行" if item.line else ""
            place += f"第 {item.column} 列" if item.line and item.column else ""
            rows.append(ReportRow(i, item.path, error=item.message, error_place=place))
    return rows


def charts(rows: Sequence[ReportRow]) -> list[Chart]:
    findings = [f for row in rows for f in row.findings]
    by_rule: dict[tuple[str, str], Counter] = {}
    for f in findings:
        by_rule.setdefault((f.code, f.name), Counter())[f.severity] += 1
    rule_rows = [(f"{code} {name}", f"{code} {name}", counts)
                 for (code, name), counts in sorted(by_rule.items(),
                                                    key=lambda kv: (-sum(kv[1].values()), kv[0][0]))]
    by_agency: dict[str, Counter] = {}
    for row in rows:
        if row.error is None:
            counts = by_agency.setdefault(row.agency or UNKNOWN_AGENCY, Counter())
            for f in row.findings:
                counts[f.severity] += 1
    ranked = sorted(by_agency.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    shown, rest = ranked[:MAX_AGENCIES], ranked[MAX_AGENCIES:]
    note = ""
    if rest:
        note = f"另有 {len(rest)} 个机关的 {sum(sum(c.values()) for _, c in rest)} 个问题未画出。"
    agency_rows = [(_short(agency, 16), agency, counts) for agency, counts in shown]
    return [chart("按规则统计的问题", rule_rows), chart("按机关统计的问题", agency_rows, note)]


@functools.lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: resource_text("giar.templates", name)),
        autoescape=True,  # every piece of report text is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["quotes"] = nest_quotes
    return env


def page_title() -> str:
    """政府信息公开工作年度报告检查结果: the reports' title suffix, from the grammar."""
    return vocabulary(edition_ids()[0]).title_suffix + "检查结果"


def html_summary(batch: Batch, title: Optional[str] = None) -> str:
    """The batch as one self-contained HTML page (UTF-8 text)."""
    title = title or page_title()
    rows = rows_of(batch.outcomes)
    findings = batch.findings
    summary = batch_summary(findings, batch.found, len(batch.clean), len(batch.with_findings), batch.failures)
    if "出错：" in summary:  # (the page lists the failures itself, in the table and below)
        summary = summary[: summary.index("出错：")]
    failed = [str(failure) for failure in batch.failures]
    totals = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    return environment().get_template(TEMPLATE).render(
        title=title, version=__version__, rows=rows, summary=summary, failed=failed,
        totals=totals, charts=charts(rows), severity_zh=SEVERITY_ZH, SAFE=SAFE,
        bar_height=BAR_HEIGHT, label_width=LABEL_WIDTH)


__all__ = ["html_summary", "rows_of", "charts", "ReportRow", "identity_codes"]
