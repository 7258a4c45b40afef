"""A damaged report parses as far as it can; what is missing is recorded in the AST."""

from __future__ import annotations

from pathlib import Path

from giar.model.ast import Count, Empty
from giar.parse import parse_text
from giar.write.markdown import render_markdown

CLEAN = (Path(__file__).resolve().parents[1] / "examples" / "clean-2025.md").read_text("utf-8")


def without(text: str, *needles: str) -> str:
    return "\n".join(line for line in text.splitlines() if not any(n in line for n in needles))


def test_missing_rows_are_recorded_and_the_rest_read_right():
    report = parse_text(without(CLEAN, "（三）不予公开 2.", "（五）不予处理 4."))
    table = report.table("applications")
    assert [r.key for r in table.rows if r.missing] == ["denied_prohibited_by_law", "rejected_excessive"]
    assert table.row("denied_prohibited_by_law").cells == (Empty(),) * 7
    clean = parse_text(CLEAN).table("applications")
    for row in table.rows:
        if not row.missing:
            assert row.cells == clean.row(row.key).cells
    assert not report.unrecognised


def test_a_missing_sub_table_of_table_2_is_recorded():
    report = parse_text(without(CLEAN, "第二十条第（五）项", "| 行政许可 |"))
    licensing = report.table("active_disclosure").row("licensing")
    assert licensing.missing and licensing.cells == (Empty(),)
    assert report.table("active_disclosure").row("punishment").cells != (Empty(),)


def test_sections_out_of_order_and_missing_are_kept_as_written():
    parts = CLEAN.split("\n## ")
    head, sections = parts[0], parts[1:]
    shuffled = [sections[5], sections[0], sections[2], sections[1], sections[3]]  # 五 dropped
    report = parse_text(head + "".join("\n## " + s for s in shuffled))
    assert [s.kind for s in report.sections] == ["other", "general", "applications", "active", "review"]
    assert report.table("applications").row("new_received").cell("total") == Count(50)


def test_an_unrecognised_line_inside_a_table_is_kept_and_carried():
    damaged = CLEAN.replace("| 二、上年结转政府信息公开申请数量 |", "备注：数据截至十二月底 | 见附件\n| 二、上年结转政府信息公开申请数量 |")
    report = parse_text(damaged)
    assert [f.text for f in report.unrecognised] == ["备注：数据截至十二月底 | 见附件"]
    assert report.table("applications") == parse_text(CLEAN).table("applications")
    canonical = render_markdown(report)
    assert "<!-- giar:unrecognised 备注：数据截至十二月底 | 见附件 -->" in canonical
    assert parse_text(canonical) == report


def test_a_row_short_of_cells_gets_empty_cells_not_zeros():
    damaged = CLEAN.replace("| 一、本年新收政府信息公开申请数量 | 42 | 5 | 0 | 0 | 1 | 2 | 50 |",
                            "| 一、本年新收政府信息公开申请数量 | 42 | 5 | 0 |")
    row = parse_text(damaged).table("applications").row("new_received")
    assert row.cells[:3] == (Count(42), Count(5), Count(0))
    assert row.cells[3:] == (Empty(),) * 4 and all(c.missing for c in row.cells[3:])


def test_blank_cells_at_the_end_of_table_4_on_one_line_are_cells_not_a_missing_row():
    # Table 4 as officially printed, fifteen cells on one line, its last five blank: the
    # cells are there (a blank row), not a row the source lacks; nor is the line padding.
    lines = CLEAN.splitlines()
    header = next(i for i, line in enumerate(lines) if "| 结果维持 |" in line)
    table_4 = "\n".join(lines[header:header + 5])  # header, separator, three rows
    assert table_4.endswith("| 行政诉讼 复议后起诉 | 0 | 0 | 0 | 0 | 0 |")
    one_line = "\t".join(["1", "0", "1", "0", "2", "0", "0", "0", "1", "1", "", "", "", "", ""])
    report = parse_text(CLEAN.replace(table_4, "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n" + one_line))
    rows = {row.key: row for row in report.table("review_litigation").rows}
    assert rows["litigation_direct"].cells == tuple(Count(n) for n in (0, 0, 0, 1, 1))
    last = rows["litigation_after_review"]
    assert not last.missing and last.cells == (Empty(),) * 5
    assert all(not cell.missing for cell in last.cells)
    assert not report.unrecognised
