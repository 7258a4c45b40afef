"""The web-page writer (templates/report.html.j2): a standalone, print-ready HTML page.

Jinja2 with autoescaping: every piece of report text is escaped, so a report containing
``<script>`` shows it as text. The tables follow the notice's layout (giar/write/layout.py);
the CSS sets the page up for A4 printing with the customary fonts (仿宋 body, 黑体 headings,
楷体 sub-headings, 小标宋/宋体 title) and common fallbacks.
"""

from __future__ import annotations

import functools

import jinja2

from giar import __version__
from giar.model.ast import Report
from giar.format import vocabulary
from giar.write.layout import official_grid
from giar.write.markdown import environment, labels_for
from giar.read.layout import reads_as_subheading


@functools.lru_cache(maxsize=None)
def html_environment() -> jinja2.Environment:
    env = environment().overlay(autoescape=True)
    env.globals["reads_as_subheading"] = reads_as_subheading
    env.globals["version"] = __version__
    return env


def render_html(report: Report) -> str:
    """The report as a standalone HTML page (UTF-8)."""
    edition = report.edition
    return html_environment().get_template("report.html.j2").render(
        report=report, grid_of=lambda table: official_grid(table, edition),
        document_title=vocabulary(edition).title_suffix, **labels_for(edition))
