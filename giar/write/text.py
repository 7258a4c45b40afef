"""The plain-text writer (templates/report.txt.j2): the form a government CMS holds.

Like the canonical Markdown without its marks: title, headings and sub-headings as plain
lines, tables as `` | ``-delimited lines with the official labels. giar reads it back to
the same AST (``parse(render_text(r)) == r`` wherever ``parse(render_markdown(r)) == r``).
"""

from __future__ import annotations

import functools
import re

import jinja2

from giar.model.ast import Report
from giar.read.layout import reads_as_subheading
from giar.write.markdown import environment, labels_for


def plain_subheading(text: str) -> str:
    return text if reads_as_subheading(text) else "### " + text


@functools.lru_cache(maxsize=None)
def text_environment() -> jinja2.Environment:
    env = environment().overlay()
    env.globals["subheading"] = plain_subheading
    return env


def render_text(report: Report) -> str:
    """The plain-text form of a report (UTF-8, LF, one blank line between blocks)."""
    text = text_environment().get_template("report.txt.j2").render(
        report=report, **labels_for(report.edition))
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text + "\n"
