"""A whole report on one line, its table cells run together (a crawler's page text).

Generated reports of both editions, their tables adding up as the format requires, are
written the way such text reads — every line joined, every table row's cells run
together — and read back: each cell is the report's own value, or (where the run splits
more than one way) empty, marked undetermined and reported by GD006. Never a wrong number.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giar.check import lint_report
from giar.errors import GiarError
from giar.model.ast import Amount, Count, Empty, Table
from giar.parse import parse_text
from giar.write.markdown import render_markdown

from strategies import reports


SMALL = [0, 0, 0, 1, 2, 7, 12, 35, 120]  # counts as reports have them: mostly 0


def adding_up(report, draw):
    """The report with every cell a value, and every row total and group total right."""
    def value(column):
        if column == "amount":
            return Amount(draw(st.sampled_from(["0", "12.5", "3413"])))
        return Count(draw(st.sampled_from(SMALL + ([-3, -15] if column == "change" else []))))

    sections = []
    for section in report.sections:
        body = []
        for block in section.body:
            if isinstance(block, Table):
                rows = []
                for row in block.rows:
                    cells = [value(c) for c in row.columns]
                    if row.columns[-1] == "total":
                        cells[-1] = Count(sum(c.value for c in cells[:-1]))
                    rows.append(attrs.evolve(row, cells=tuple(cells)))
                block = attrs.evolve(block, rows=tuple(rows))
            body.append(block)
        sections.append(attrs.evolve(section, body=tuple(body)))
    return attrs.evolve(report, sections=tuple(sections))


def run_together(report) -> str:
    """The canonical text with its line breaks gone and each table row's cells run together."""
    out = []
    for line in render_markdown(report).splitlines():
        line = line.strip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue  # the Markdown separator row
            out.append("".join(cells))
        elif line and not line.startswith("<!--"):
            out.append(line.lstrip("# "))
    return "".join(out)


@st.composite
def consistent_reports(draw):
    # Every cell holds a value (the format fills 0 for nothing): a run cannot show where
    # an empty cell was, and no reader could place one.
    return adding_up(draw(reports()), draw)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(consistent_reports())
def test_run_together_cells_are_right_or_empty_and_reported(report):
    text = run_together(report)
    try:
        got = parse_text(text, "runon.txt")
    except GiarError:
        pytest.skip("too little of a report left to read")
    undetermined = 0
    for kind, table in report.tables.items():
        if kind not in got.tables:
            continue
        for row in table.rows:
            parsed = got.tables[kind].get(row.key)
            if parsed is None:
                continue
            for column, truth in row.items():
                cell = parsed.cell(column)
                if isinstance(cell, Empty):
                    assert cell.undetermined or cell.missing, f"{kind}.{row.key}.{column}: empty, not undetermined"
                    undetermined += cell.undetermined
                else:
                    assert cell == truth, f"{kind}.{row.key}.{column}: {cell} where the report says {truth}"
    findings = [f for f in lint_report(got, "runon.txt") if f.code == "GD006"]
    assert bool(findings) == bool(undetermined)


def test_a_pre_2019_report_is_named_as_such():
    text = ("示例市人民政府2018年政府信息公开工作年度报告\n一、概述\n2018年，我市认真贯彻落实政府信息公开工作要求。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息1200条。\n三、依申请公开政府信息情况\n全年受理申请35件。\n"
            "四、政府信息公开的收费及减免情况\n未收取费用。\n五、因政府信息公开申请提起行政复议、行政诉讼的情况\n无。\n"
            "六、政府信息公开工作存在的主要问题及改进情况\n公开的及时性有待提高。\n七、其他需要报告的事项\n无。\n")
    with pytest.raises(GiarError, match="a 2018 annual report in the pre-2019 free-form format; giar reads the 2019 and 2021"):
        parse_text(text, "r2018.txt")


def test_a_crawler_header_is_metadata_and_gives_the_title():
    body = ("本报告根据《中华人民共和国政府信息公开条例》编制。\n一、总体情况\n本年度工作有序开展。\n二、主动公开政府信息情况\n"
            "本年主动公开信息100条。\n")
    header = ("标题: 示例县人民政府2023年度政府信息公开工作年度报告\n发布时间: 2024-01-20 09:00\n发布机构: \n"
              "原文链接: https://example.invalid/a.htm\n==================== 正文 ====================\n")
    report = parse_text(header + body, "page.txt")
    assert report.title.text == "示例县人民政府2023年度政府信息公开工作年度报告"
    assert report.agency == "示例县人民政府" and report.year == 2023
    assert not any("发布时间" in getattr(b, "text", "") for b in report.preamble)
    assert [a.text for a in report.artefacts if a.reason == "metadata"][:2] == [
        "标题: 示例县人民政府2023年度政府信息公开工作年度报告", "发布时间: 2024-01-20 09:00"]
