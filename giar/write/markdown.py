"""The canonical Markdown writer (templates/report.md.j2)."""

from __future__ import annotations

import functools
import re
from itertools import groupby

import jinja2

from giar.format import vocabulary
from giar.model.ast import Comment, Marker, Paragraph, Report, Subheading
from giar.write.layout import cell_text as written_cell
from giar.resources import resource_text


def cell_text(cell) -> str:
    """A cell as a Markdown table writes it: as written, a marker's pipe made full-width."""
    if isinstance(cell, Marker):
        return cell.text.replace("|", "／")
    return written_cell(cell)


@functools.lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: resource_text("giar.templates", name)),
        autoescape=False,  # Markdown; the HTML writer uses its own autoescaping environment
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.tests["paragraph"] = lambda b: isinstance(b, Paragraph)
    env.tests["subheading"] = lambda b: isinstance(b, Subheading)
    env.tests["comment"] = lambda b: isinstance(b, Comment)
    env.filters["group_rows"] = lambda rows: [(k, list(v)) for k, v in groupby(rows, key=lambda r: r.group)]
    env.filters["comment_safe"] = lambda text: text.replace("-->", "－－>").replace("\n", " ")
    env.globals["cell"] = cell_text
    return env


def labels_for(edition: str) -> dict:
    g = vocabulary(edition)
    return {
        "label": g.row_label,
        "column": g.column_label,
        "heading": lambda kind: g.label("H_" + kind.upper()),
        "caption": lambda group: g.label("T_" + (group or "").upper()),
        "word": g.header_word,
    }


def render_markdown(report: Report) -> str:
    """The one canonical Markdown text of a report (UTF-8, LF, one blank line between blocks)."""
    text = environment().get_template("report.md.j2").render(report=report, **labels_for(report.edition))
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text + "\n"
