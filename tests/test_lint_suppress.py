"""Inline suppression comments, in the source and after `giar format` (docs/linting.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from giar.check.config import Config
from giar.check.engine import lint_report
from giar.check.fix import markdown_source, parse_markdown
from giar.check.suppress import parse_directive
from giar.parse import parse_source
from giar.write.markdown import render_markdown

CLEAN = (Path(__file__).resolve().parent / "data" / "clean_2023.md").read_text("utf-8")
ROW = "| 行政诉讼 复议后起诉 | 0 | 0 | 1 | 0 | 1 |"
BAD_ROW = "| 行政诉讼 复议后起诉 | 0 | 0 | 2 | 0 | 1 |"  # GA004 on this line
COMMA = "2023年，本局认真贯彻"
BAD_COMMA = "2023年,本局认真贯彻"  # GT001 on this line (7)


def lint(text: str) -> list[str]:
    source = markdown_source(text, "r.md")
    return sorted(f"{f.code}@{f.line}" for f in lint_report(parse_source(source), "r.md", source, Config()))


def both(text: str) -> tuple[list[str], list[str]]:
    """Codes found in the text and in its canonical form (comments move; findings must not)."""
    formatted = render_markdown(parse_markdown(text, "r.md"))
    return ([c.split("@")[0] for c in lint(text)], [c.split("@")[0] for c in lint(formatted)])


def faulty(*edits: tuple[str, str]) -> str:
    text = CLEAN.replace(ROW, BAD_ROW).replace(COMMA, BAD_COMMA)
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    return text


def test_unsuppressed():
    assert lint(faulty()) == ["GA004@85", "GT001@7"]


@pytest.mark.parametrize("directive", ["giar: ignore GT001", "giar: ignore GT", "giar: ignore halfwidth-punctuation",
                                       "giar: ignore", "giar: ignore all", "giar:ignore GT001 — 引文原样保留"])
def test_ignore_next_block(directive):
    text = faulty((BAD_COMMA, f"<!-- {directive} -->\n{BAD_COMMA}"))
    assert both(text) == (["GA004"], ["GA004"])


def test_ignore_other_code_does_not_suppress():
    text = faulty((BAD_COMMA, f"<!-- giar: ignore GA001 -->\n{BAD_COMMA}"))
    assert both(text) == (["GA004", "GT001"], ["GA004", "GT001"])


def test_ignore_applies_to_the_next_block_only():
    text = faulty(("## 一、总体情况", "<!-- giar: ignore GT001 -->\n\n## 一、总体情况"))
    assert "GT001" in both(text)[0]


def test_ignore_before_a_table_covers_the_table():
    text = faulty(("|  | 结果维持 |", "<!-- giar: ignore GA004 -->\n|  | 结果维持 |"))
    assert both(text) == (["GT001"], ["GT001"])


def test_ignore_inside_a_table_covers_the_table_and_survives_format():
    text = faulty((BAD_ROW, f"{BAD_ROW}\n<!-- giar: ignore GA004 -->"))
    formatted = render_markdown(parse_markdown(text, "r.md"))
    assert "<!-- giar: ignore GA004 -->" in formatted
    assert both(text) == (["GT001"], ["GT001"])


def test_ignore_in_the_middle_of_a_table():
    text = faulty(("| 行政复议 | 1 | 1 | 0 | 0 | 2 |", "| 行政复议 | 1 | 1 | 0 | 0 | 2 |\n<!-- giar: ignore GA004 -->"))
    assert both(text) == (["GT001"], ["GT001"])


def test_ignore_directly_after_a_table():
    text = faulty((BAD_ROW + "\n", BAD_ROW + "\n\n<!-- giar: ignore GA004 -->\n"))
    assert both(text) == (["GT001"], ["GT001"])


def test_disable_enable_range():
    text = faulty(("## 一、总体情况", "<!-- giar: disable GT001 -->\n\n## 一、总体情况"),
                  ("## 二、主动公开政府信息情况", "<!-- giar: enable GT001 -->\n\n## 二、主动公开政府信息情况"))
    assert both(text) == (["GA004"], ["GA004"])
    # a comma after the enable is reported again
    later = text.replace("本年度未收取信息处理费。", "本年度,未收取信息处理费。")
    assert both(later) == (["GA004", "GT001"], ["GA004", "GT001"])


def test_disable_without_enable_runs_to_the_end():
    text = faulty(("## 一、总体情况", "<!-- giar: disable GA, GT -->\n\n## 一、总体情况"))
    assert both(text) == ([], [])


def test_disable_inside_a_table_starts_where_the_table_ends():
    text = faulty((BAD_ROW, f"<!-- giar: disable GA004 -->\n{BAD_ROW}"))
    # formatting moves the comment after the table, so the range starts there — before and after
    assert both(text) == (["GA004", "GT001"], ["GA004", "GT001"])


def test_document_level_finding_suppressed_at_the_top():
    text = CLEAN.replace("# 示例县人力资源和社会保障局2023年政府信息公开工作年度报告\n\n", "")
    assert lint(text) == ["GS005@1"]
    assert lint("<!-- giar: ignore GS005 -->\n" + text) == []


def test_directive_parsing():
    d = parse_directive("giar: ignore GA001, gt002 row-total 因为原文如此", 3)
    assert d.kind == "ignore" and d.codes == frozenset({"GA001", "GT002", "row-total"})
    assert parse_directive("giar: disable", 1).codes == frozenset()
    assert parse_directive("a plain comment", 1) is None
