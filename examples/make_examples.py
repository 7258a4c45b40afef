"""Regenerate the messy examples from examples/clean-2025.md.

Each example is the same invented report (示例县人力资源和社会保障局, 2025) laid out the
way one kind of real document is (see examples/README.md). tests/test_examples.py checks
that every one parses to the same report as the clean file.

    python examples/make_examples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from giar.model.ast import Empty, Row  # noqa: E402
from giar.parse import parse_file  # noqa: E402
from giar.write.html import render_html  # noqa: E402
from strategies import Layout, render_messy  # noqa: E402

BASE = dict(table_style="pipe", label_style="short", padding=0, wrap_rows=False, lost_labels=False,
            early_gap=False, truncated_headers=False, heading_marks="none", title_lines=1,
            page_numbers=False, full_width_digits=False, indent=False, encoding="utf-8", newline="\n")

EXAMPLES = {
    # file: (layout changes, report changes)
    "pipe-padding-no-title.txt": (dict(padding=2), "no_title"),
    "lost-labels-empty-cell.txt": (dict(padding=1, lost_labels=True), "empty_coercion"),
    "one-cell-per-line.txt": (dict(table_style="one_per_line", truncated_headers=True), None),
    "markdown-tabs-misaligned.md": (dict(table_style="tab", label_style="split", early_gap=True,
                                         heading_marks="mixed"), None),
    "two-line-title-wrapped-rows.txt": (dict(wrap_rows=True, padding=1, title_lines=2,
                                             page_numbers=True, newline="\r\n"), None),
    "gb18030-fullwidth-digits.txt": (dict(encoding="gb18030", full_width_digits=True, indent=True,
                                          label_style="full", table_style="github"), None),
}


def empty_coercion(report):
    """The 行政强制 cell left empty, as in seed 001."""
    def edit(row: Row) -> Row:
        return attrs.evolve(row, cells=(Empty(),)) if row.key == "coercion" else row
    sections = tuple(
        attrs.evolve(s, body=tuple(
            attrs.evolve(b, rows=tuple(edit(r) for r in b.rows)) if hasattr(b, "rows") else b
            for b in s.body))
        for s in report.sections)
    return attrs.evolve(report, sections=sections)


def main() -> None:
    clean = parse_file(str(HERE / "clean-2025.md"))
    for name, (changes, edit) in EXAMPLES.items():
        report = clean
        if edit == "no_title":
            report = attrs.evolve(report, title=None)
        elif edit == "empty_coercion":
            report = empty_coercion(report)
        (HERE / name).write_bytes(render_messy(report, Layout(**{**BASE, **changes})))
    (HERE / "web-page.html").write_text(render_html(clean), encoding="utf-8")


if __name__ == "__main__":
    main()
