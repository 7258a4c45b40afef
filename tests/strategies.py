"""Hypothesis strategies: reports of both editions, and the messy layouts real documents use.

``reports()`` draws a Report AST (random numbers, empty cells, markers, Chinese prose and
sub-headings) for an invented agency. ``layouts()`` draws how a converter might have mangled
it, and ``render_messy(report, layout)`` writes it that way, as FORMAT.md describes real
documents: tables delimited by `` | `` with padding cells, by tabs, one cell per line,
GitHub pipe tables; rows wrapped over lines; header cells truncated or split by spaces;
table-3 label cells lost or replaced by digits; rows starting one column early; Markdown
headings of mixed depth or none; a title on two lines or none; page numbers between
paragraphs; CRLF, GB18030, a BOM, U+3000 indentation, full-width digits.

The messy writer is deliberately independent of giar's own writer; it takes only the
official labels from the grammar.
"""

from __future__ import annotations

from typing import Optional

import attrs
from hypothesis import strategies as st

from giar.model.ast import (
    TABLE_CLASSES, Amount, Count, Empty, Marker, Paragraph, Report, Row, Section, Subheading, Title,
)
from giar.parse.grammar import edition_grammar

AGENCIES = ["示例县人力资源和社会保障局", "示例市生态环境局", "示例区人民政府", "样例镇人民政府"]
# Prose is drawn from ordinary characters; it never looks like a heading, a table or a title.
PROSE_CHARS = "我局坚持推进政务公开工作平台建设信息服务群众规范办理申请制度落实监督保障质量提升网站发布解读回应关切持续优化"
NUMERALS = "一二三四五六七八九"
SECTION_KINDS = ("general", "active", "applications", "review", "problems", "other")
TABLE_OF_SECTION = {"active": "active_disclosure", "applications": "applications", "review": "review_litigation"}
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.text(PROSE_CHARS, min_size=4, max_size=12), min_size=1, max_size=4))
    numbers = draw(st.lists(st.integers(0, 5000), min_size=0, max_size=2))
    parts = [w + (f"{n}件" if i < len(numbers) else "") for i, (w, n) in enumerate(zip(words, numbers + [None] * 4))]
    return "，".join(parts) + "。"


@st.composite
def paragraphs(draw) -> Paragraph:
    return Paragraph("".join(draw(st.lists(sentences(), min_size=1, max_size=3))))


@st.composite
def cells_for(draw, columns: tuple[str, ...]):
    out = []
    for column in columns:
        if column == "amount":
            cell = draw(st.one_of(
                st.builds(Amount, st.sampled_from(["0", "12.5", "1.4028", "3413", "251000"])),
                st.just(Empty()),
            ))
        else:
            cell = draw(st.one_of(
                st.builds(Count, st.integers(0, 99999)),
                st.builds(Count, st.integers(0, 9)),
                st.just(Empty()),
                st.builds(Marker, st.sampled_from(["/", "—", "不适用"])),
            ))
        out.append(cell)
    return tuple(out)


@st.composite
def tables(draw, edition: str, kind: str):
    g = edition_grammar(edition)
    rows = []
    keys = list(g.rows_of(kind))
    if kind == "applications" and edition == "2021":
        # Some 2021-edition reports print （六）其他处理 as one row (hzq-2023, hzq-2024).
        if draw(st.booleans()):
            keys = [k for k in keys if not k.startswith("other_") or k == "other_handling"]
        else:
            keys = [k for k in keys if k != "other_handling"]
    groups = {row: group for group, members in g.group_rows.items() for row in g.rows_of(group)}
    for key in keys:
        columns = g.row_columns[key]
        rows.append(Row(key, columns, draw(cells_for(columns)), groups.get(key)))
    return TABLE_CLASSES[kind](kind, tuple(rows))


@st.composite
def sections(draw, edition: str, kind: str) -> Section:
    body: list = []
    for i in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            body.append(Subheading(f"（{NUMERALS[i]}）" + draw(st.text(PROSE_CHARS, min_size=2, max_size=10))))
        body.extend(draw(st.lists(paragraphs(), min_size=1, max_size=2)))
    if kind in TABLE_OF_SECTION:
        body.append(draw(tables(edition, TABLE_OF_SECTION[kind])))
        body.extend(draw(st.lists(paragraphs(), max_size=1)))
    return Section(kind, tuple(body))


@st.composite
def reports(draw, edition: Optional[str] = None) -> Report:
    edition = edition or draw(st.sampled_from(["2021", "2019"]))
    year = draw(st.integers(2021, 2026) if edition == "2021" else st.integers(2019, 2020))
    agency = draw(st.sampled_from(AGENCIES))
    has_title = draw(st.booleans())
    title = Title(f"{agency}{year}年政府信息公开工作年度报告") if has_title else None
    preamble: list = []
    stated_agency = stated_year = None
    if draw(st.booleans()) or not has_title:
        text = f"本年度报告所列数据统计期限从{year}年1月1日至{year}年12月31日。"
        if draw(st.booleans()):
            text += f"如对本报告有任何疑问，请与{agency}联系。"
            stated_agency = agency
        preamble.append(Paragraph(text))
        stated_year = year
    kinds = list(SECTION_KINDS)
    if draw(st.booleans()):
        del kinds[draw(st.integers(0, len(kinds) - 1))]  # a damaged report: a section missing
    secs = tuple(draw(sections(edition, k)) for k in kinds)
    return Report(
        edition, title,
        agency if has_title else stated_agency,
        year if has_title else stated_year,
        tuple(preamble), secs, (),
    )


# ------------------------------------------------------------------ messy layouts


@attrs.frozen
class Layout:
    table_style: str  # pipe | tab | one_per_line | github
    label_style: str  # full | split | short
    padding: int  # trailing empty cells on pipe rows
    wrap_rows: bool  # rows wrapped over two lines
    lost_labels: bool  # table-3 labels lost or replaced by digits
    early_gap: bool  # an empty merged-label cell after the label (a row one column early)
    truncated_headers: bool
    heading_marks: str  # none | mixed
    title_lines: int  # 1 or 2
    page_numbers: bool
    full_width_digits: bool
    indent: bool  # U+3000 indentation of paragraphs
    encoding: str  # utf-8 | utf-8-sig | gb18030
    newline: str  # \n | \r\n


@st.composite
def layouts(draw) -> Layout:
    style = draw(st.sampled_from(["pipe", "tab", "one_per_line", "github"]))
    multi_cell = style != "one_per_line"
    return Layout(
        table_style=style,
        label_style=draw(st.sampled_from(["full", "split", "short"])),
        padding=draw(st.integers(0, 3)) if style == "pipe" else 0,
        wrap_rows=draw(st.booleans()) if style == "pipe" else False,
        lost_labels=draw(st.booleans()) if multi_cell else False,
        early_gap=draw(st.booleans()) if style == "tab" else False,
        truncated_headers=draw(st.booleans()),
        heading_marks=draw(st.sampled_from(["none", "mixed"])),
        title_lines=draw(st.sampled_from([1, 2])),
        page_numbers=draw(st.booleans()),
        full_width_digits=draw(st.booleans()),
        indent=draw(st.booleans()),
        encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])),
        newline=draw(st.sampled_from(["\n", "\r\n"])),
    )


def cell_text(cell, layout: Layout) -> str:
    if isinstance(cell, Count):
        text = str(cell.value)
    elif isinstance(cell, Amount):
        text = cell.text
    elif isinstance(cell, Marker):
        return cell.text
    else:
        return ""
    return text.translate(FULL_WIDTH_DIGITS) if layout.full_width_digits else text


def label_cells(g, key: str, layout: Layout) -> list[str]:
    parts = g.row_label(key).split(" ")
    if layout.label_style == "full":
        return [" ".join(parts)]
    if layout.label_style == "split":
        return parts
    return [parts[-1]]


def row_lines(cells: list[str], layout: Layout, wrap: bool = False) -> list[str]:
    style = layout.table_style
    if style == "one_per_line":
        return [f"{c} |" for c in cells]
    if style == "tab":
        return ["\t".join(cells)]
    if style == "github":
        return ["| " + " | ".join(cells) + " |"]
    pad = " |" * layout.padding
    if wrap and len(cells) > 3:
        cut = len(cells) - 1
        return [" | ".join(cells[:cut]) + " |", cells[cut] + " |" + pad]
    return [" | ".join(cells) + " |" + pad]


def header_lines(g, columns: tuple[str, ...], first: str, layout: Layout) -> list[str]:
    names = [g.column_label(c) for c in columns]
    if layout.truncated_headers:
        names = [n[:3] if len(n) > 3 else " ".join(n) for n in names]
    lines = row_lines([first] + names, layout)
    if layout.table_style == "github":
        lines.append("|" + "---|" * (len(columns) + 1))
    return lines


def table_lines(table, edition: str, layout: Layout) -> list[str]:
    g = edition_grammar(edition)
    out: list[str] = []
    rows = list(table.rows)
    if table.kind == "active_disclosure":
        current = None
        for row in rows:
            if row.group != current:
                current = row.group
                out.append(g.label("T_" + row.group.upper()))
                out.extend(header_lines(g, row.columns, "信息内容", layout))
            out.extend(row_lines(label_cells(g, row.key, layout) + [cell_text(c, layout) for c in row.cells], layout))
        return out
    if table.kind == "review_litigation":
        out.extend(header_lines(g, rows[0].columns, "行政复议、行政诉讼", layout))
        if layout.table_style == "one_per_line" or layout.label_style == "full":
            for row in rows:
                out.extend(row_lines(label_cells(g, row.key, layout) + [cell_text(c, layout) for c in row.cells], layout))
        else:  # the official layout: one row of fifteen numbers
            out.extend(row_lines([cell_text(c, layout) for row in rows for c in row.cells], layout))
        return out
    out.extend(header_lines(g, rows[0].columns, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", layout))
    for i, row in enumerate(rows):
        values = [cell_text(c, layout) for c in row.cells]
        labels = label_cells(g, row.key, layout)
        # A lost label is only knowable when the row's cells run to its end (as in seed
        # 001): trailing empty cells could as well be padding.
        wrap = layout.wrap_rows and i % 4 == 1
        if layout.lost_labels and i >= 2 and row.key != "other_handling" and i % 3 == 0 and values[-1]:
            labels = ["0" if i % 2 else "0 0 0"]  # the label cell replaced by digits (seed 001)
            wrap = False  # a lost label on a wrapped row is beyond any reader
        elif layout.early_gap and values and values[-1] != "":
            labels = labels + [""]  # a merged label column left empty: values start late
        out.extend(row_lines(labels + values, layout, wrap=wrap))
    return out


def render_messy(report: Report, layout: Layout) -> bytes:
    g = edition_grammar(report.edition)
    lines: list[str] = []
    indent = "\u3000\u3000" if layout.indent else ""
    page = 1

    def prose(block) -> None:
        nonlocal page
        if isinstance(block, Subheading):
            lines.append(("### " if layout.heading_marks == "mixed" else "") + block.text)
        elif isinstance(block, Paragraph):
            lines.append(indent + block.text)
            if layout.page_numbers and len(lines) % 5 == 0:
                lines.append(f"- {page} -")
                page += 1
        else:
            lines.extend(table_lines(block, report.edition, layout))

    if report.title:
        text = report.title.text
        if layout.title_lines == 2 and report.agency and text.startswith(report.agency):
            lines.extend([report.agency, text[len(report.agency):]])
        else:
            lines.append(("# " if layout.heading_marks == "mixed" else "") + text)
    for block in report.preamble:
        prose(block)
    for n, section in enumerate(report.sections):
        heading = g.label("H_" + section.kind.upper())
        marks = "#" * (1 + n % 3) + " " if layout.heading_marks == "mixed" else ""
        lines.append(marks + heading)
        for block in section.body:
            prose(block)
    return layout.newline.join(lines).encode(layout.encoding)
