"""Blank templates (``giar new``) and the ``giar new`` / ``giar render`` commands."""

from __future__ import annotations

import io
import json
import re

import docx
import pytest
from click.testing import CliRunner

from giar.cli import main
from giar.model.ast import Empty, Paragraph, Subheading
from giar.parse import parse_text
from giar.parse.grammar import edition_grammar
from giar.write.blank import blank_report, edition_for_year
from giar.write.markdown import render_markdown

AGENCY = "示例县人力资源和社会保障局"
# The guidance marker (docs/publishing.md): guidance an officer must replace.
GUIDANCE = re.compile(r"【填写说明：[^】]*】")


def official_rows(edition: str, table: str) -> tuple[str, ...]:
    """The rows the notice prints, from the grammar: 2021's （六）其他处理 as its three sub-rows."""
    rows = edition_grammar(edition).rows_of(table)
    if edition == "2021":
        rows = tuple(r for r in rows if r != "other_handling")
    return rows


def guidance(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph) and GUIDANCE.search(b.text)]


@pytest.mark.parametrize("year, edition", [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021"), (2030, "2021")])
def test_the_edition_follows_the_year(year, edition):
    assert edition_for_year(year) == edition
    assert blank_report(AGENCY, year).edition == edition


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_blank_report_is_complete(edition):
    report = blank_report(AGENCY, 2025, edition)
    assert report.title.text == f"{AGENCY}2025年政府信息公开工作年度报告"
    assert (report.agency, report.year, report.edition) == (AGENCY, 2025, edition)
    preamble = " ".join(b.text for b in report.preamble)
    assert "统计期限自2025年1月1日起至2025年12月31日止" in preamble
    assert ("国办公开办函〔2021〕30号" if edition == "2021" else "国办公开办函〔2019〕60号") in preamble
    assert [s.kind for s in report.sections] == ["general", "active", "applications", "review", "problems", "other"]
    for section in report.sections:
        assert guidance(section.body), f"no guidance under {section.kind}"

    general = report.section("general")
    subheadings = [b.text for b in general.body if isinstance(b, Subheading)]
    for topic in ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"):
        assert any(topic in s for s in subheadings), topic
    problems = " ".join(guidance(report.section("problems").body))
    assert "问题" in problems and "改进" in problems
    other = " ".join(guidance(report.section("other").body))
    for topic in ("信息处理费", "建议", "提案", "创新"):
        assert topic in other, topic

    g = edition_grammar(edition)
    for kind in ("active_disclosure", "applications", "review_litigation"):
        table = report.table(kind)
        assert tuple(r.key for r in table.rows) == official_rows(edition, kind)
        for row in table.rows:
            assert row.columns == g.row_columns[row.key]
            assert all(isinstance(c, Empty) for c in row.cells)
    groups = {r.key: r.group for r in report.table("active_disclosure").rows}
    for group, keys in g.group_rows.items():
        assert all(groups[k] == group for k in keys)


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_blank_report_parses_to_itself_with_nothing_missing(edition):
    report = blank_report(AGENCY, 2020 if edition == "2019" else 2025)
    parsed = parse_text(render_markdown(report))
    assert parsed == report
    assert not parsed.unrecognised
    for table in parsed.tables.values():
        assert not any(row.missing or row.label_recovered for row in table.rows)
        assert not any(getattr(c, "missing", False) for row in table.rows for c in row.cells)


def test_every_paragraph_to_replace_carries_the_marker():
    """Every guidance paragraph is wholly marked, and the preamble's placeholders too."""
    report = blank_report(AGENCY, 2025)
    for section in report.sections:
        for block in section.body:
            if isinstance(block, Paragraph):
                assert GUIDANCE.fullmatch(block.text), block.text
    assert GUIDANCE.search(report.preamble[0].text)


BLANK_RULE_NAMES = ("empty-cell", "unverifiable-identity")


@pytest.mark.parametrize("year", [2025, 2020])
def test_blank_report_lints_only_as_still_blank(year):
    from giar.check import engine
    from giar.check.rules import all_rules

    rules = {cls.code: cls for cls in all_rules()}
    guidance_rules = {code for code, cls in rules.items()
                      if any(w in (getattr(cls, "name", "") or "") for w in ("guidance", "placeholder", "template"))}
    blank = set(guidance_rules) | {code for code, cls in rules.items() if getattr(cls, "name", "") in BLANK_RULE_NAMES}
    report = parse_text(render_markdown(blank_report(AGENCY, year)))
    findings = engine.lint_report(report, "blank.md")
    codes = {f.code for f in findings}
    assert codes, "a blank report is not ready to publish"
    assert codes <= blank, f"findings beyond 'still blank': {sorted(codes - blank)}"
    assert guidance_rules, "no rule reports guidance left in place"
    assert codes & guidance_rules, "guidance left in place is not reported"


# ---------------------------------------------------------------- the commands


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_new_writes_markdown_by_default():
    result = run("new", "--agency", AGENCY, "--year", "2025")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"# {AGENCY}2025年政府信息公开工作年度报告\n")
    assert "本年制发件数" in result.stdout


def test_new_2020_is_the_2019_edition_and_edition_overrides():
    assert "本年新制作数量" in run("new", "--agency", AGENCY, "--year", "2020").stdout
    result = CliRunner().invoke(main, ["new", "--agency", AGENCY, "--year", "2025", "--edition", "2019"])
    assert result.exit_code == 0
    assert "本年新制作数量" in result.stdout
    assert "2021 edition" in result.stderr


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "docx", "json"])
def test_new_to_every_format(tmp_path, fmt):
    out = tmp_path / f"blank.{fmt}"
    result = run("new", "--agency", AGENCY, "--year", "2025", "--to", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if fmt == "docx":
        assert docx.Document(io.BytesIO(data)).paragraphs[0].text.startswith(AGENCY)
    elif fmt == "json":
        assert json.loads(data)["tables"]["applications"]["new_received"]["total"] is None
    else:
        assert AGENCY.encode() in data


def test_new_infers_the_format_from_the_output_name(tmp_path):
    out = tmp_path / "template.docx"
    assert run("new", "--agency", AGENCY, "--year", "2025", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"PK")


@pytest.mark.parametrize("args", [["--agency", "", "--year", "2025"], ["--agency", "a|b", "--year", "2025"],
                                  ["--agency", AGENCY, "--year", "25"], ["--agency", AGENCY, "--year", "x"]])
def test_new_refuses_bad_input_with_exit_2(args):
    result = CliRunner().invoke(main, ["new", *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_render_every_format_and_from_json(tmp_path):
    source = tmp_path / "report.md"
    source.write_text(render_markdown(blank_report(AGENCY, 2025)), encoding="utf-8")
    for fmt in ("txt", "html", "docx", "json"):
        out = tmp_path / f"out.{fmt}"
        result = run("render", str(source), "--to", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
    back = run("render", str(tmp_path / "out.json"), "--to", "md")
    assert back.exit_code == 0
    assert back.stdout == source.read_text(encoding="utf-8")
    for fmt in ("txt", "html", "docx"):
        again = run("render", str(tmp_path / f"out.{fmt}"), "--to", "md")
        assert again.stdout == source.read_text(encoding="utf-8"), fmt


def test_render_errors_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    for path in (str(bad), str(tmp_path / "missing.txt"), str(tmp_path)):
        result = CliRunner().invoke(main, ["render", path, "--to", "html"])
        assert result.exit_code == 2, path
        assert result.stderr.startswith("giar: ")
