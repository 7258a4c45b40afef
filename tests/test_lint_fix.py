"""`giar fix`: AST edits written back through the canonical writer, checked, to a fixed point."""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from giar.check.config import Config
from giar.check.context import replace_block
from giar.check.fix import fix_report, parse_markdown, tables
from giar.check.rule import Fix
from giar.check.rules import typography as rules_typography
from giar.cli import main
from giar.model.ast import Paragraph
from giar.parse import parse_file

from test_lint_corpus import reader_available

DATA = Path(__file__).resolve().parent / "data"
CLEAN = (DATA / "clean_2023.md").read_text("utf-8")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def messy(tmp_path) -> Path:
    text = (CLEAN.replace("2023年，本局认真贯彻", "2023年,本局认真贯彻")
            .replace("## 五、存在的主要问题及改进情况", "## 五、政府信息公开工作存在的主要问题及改进情况")
            .replace("| 行政复议 | 1 | 1 | 0 | 0 | 2 |", "| 行政复议 | 1 | 1 | 0 | 0 | 5 |"))
    path = tmp_path / "messy.md"
    path.write_text(text, "utf-8")
    return path


def test_fix_in_place_then_nothing_left_to_fix(messy):
    result = run("fix", messy)
    assert result.exit_code == 1  # GA004 is left: recomputing a total is an unsafe fix
    text = messy.read_text("utf-8")
    assert "2023年，本局认真贯彻" in text and "## 五、存在的主要问题及改进情况" in text
    assert "| 行政复议 | 1 | 1 | 0 | 0 | 5 |" in text
    assert "已修复 2 个问题（GT001）" in result.stdout and "GA004" in result.stdout
    again = run("fix", messy)
    assert messy.read_text("utf-8") == text
    assert "已修复 0 个问题" in again.stdout


def test_unsafe_fixes_recompute_totals(messy):
    result = run("fix", "--unsafe-fixes", messy)
    assert result.exit_code == 0, result.output
    assert messy.read_text("utf-8") == CLEAN


def test_diff_writes_nothing(messy):
    before = messy.read_text("utf-8")
    result = run("fix", "--diff", messy)
    assert result.exit_code == 1
    assert messy.read_text("utf-8") == before
    assert "-2023年,本局认真贯彻" in result.stdout and "+2023年，本局认真贯彻" in result.stdout
    assert "可修复" in result.stderr  # the summary stays out of the diff


def test_clean_file_is_left_as_it_is(tmp_path):
    path = tmp_path / "clean.md"
    shutil.copy(DATA / "clean_2023.md", path)
    result = run("fix", path)
    assert result.exit_code == 0 and path.read_text("utf-8") == CLEAN


def test_web_page_needs_stdout(corpus_dir, tmp_path):
    page = corpus_dir / "real" / "shuyang-fagaiju-2023.html"
    reader_available(str(page))
    refused = run("fix", page)
    assert refused.exit_code == 2 and "--stdout" in refused.stderr
    shown = run("fix", "--stdout", page)
    assert shown.stdout.startswith("# 沭阳县发展和改革局2023年政府信息公开年度报告")
    assert "## 五、存在的主要问题及改进情况" in shown.stdout


def test_fix_that_would_lose_prose_is_dropped(monkeypatch):
    """A (broken) fix that deletes a paragraph is dropped with a warning; the others apply."""
    original = rules_typography.HalfwidthPunctuation.check

    def check(self, ctx):
        for f in original(self, ctx):
            yield f
        for path, block, _ in ctx.prose():
            if isinstance(block, Paragraph) and "信息处理费" in block.text:
                yield ctx.finding(self, "test", block.span, fix=Fix(
                    "delete", "safe", lambda r, p=path: replace_block(r, p, Paragraph(""))))

    monkeypatch.setattr(rules_typography.HalfwidthPunctuation, "check", check)
    text = CLEAN.replace("2023年，本局认真贯彻", "2023年,本局认真贯彻")
    result = fix_report(parse_markdown(text, "r.md"), "r.md", Config(select=("GT001",)))
    assert "2023年，本局认真贯彻" in result.text  # the good fix applied
    assert "本年度未收取信息处理费。" in result.text  # the bad one did not
    assert [f.message for f, _ in result.dropped] == ["test"]
    assert any("fix dropped" in w and "prose" in w for w in result.warnings)


def test_amount_in_yuan_is_never_written_without_its_unit():
    text = CLEAN.replace("| 行政事业性收费 | 1.5 |", "| 行政事业性收费 | 15000元 |")
    refused = fix_report(parse_markdown(text, "r.md"), "r.md", Config())
    assert refused.text == "" and any("元" in w for w in refused.warnings)
    converted = fix_report(parse_markdown(text, "r.md"), "r.md", Config(), unsafe=True)
    assert converted.text == CLEAN


CORPUS = ["seeds/000_fdad73bc45807c51.txt", "seeds/001_3fb225ce4533ee68.txt", "seeds/002_09508d7a4a091c05.txt",
          "seeds/003_d2fb081445899132.txt", "seeds/004_e66a2b34805dc888.txt", "real/shanghai-kewei-2024.md",
          "real/shanghai-govoffice-2025.md", "real/shuyang-county-2025.txt", "real/shuyang-fagaiju-2023.html",
          "real/hzq-2023.pdf"]


@pytest.mark.parametrize("name", CORPUS)
def test_fixed_point_and_numbers(corpus_dir, name):
    path = str(corpus_dir / name)
    reader_available(path)
    report = parse_file(path)
    safe = fix_report(report, path)
    assert safe.text and not safe.dropped, safe.warnings
    assert tables(safe.report) == tables(report)  # safe fixes never change a number
    assert fix_report(parse_markdown(safe.text, path), path).text == safe.text
    unsafe = fix_report(report, path, unsafe=True)
    assert fix_report(parse_markdown(unsafe.text, path), path, unsafe=True).text == unsafe.text
    changed = {(k, r, c) for k, t in tables(report).items() for r, cols in t.items() for c, v in cols.items()
               if tables(unsafe.report).get(k, {}).get(r, {}).get(c, "absent") != v}
    assert not changed or any(f.fix and f.fix.changes_numbers for f in unsafe.applied)


def test_hzq_2023_unsafe_fix(corpus_dir):
    path = str(corpus_dir / "real" / "hzq-2023.pdf")
    reader_available(path)
    result = fix_report(parse_file(path), path, unsafe=True)
    review = result.report.table("review_litigation")
    assert review.row("review").cell("total").value == 11
    assert review.row("litigation_after_review").cell("total").value == 5
    applications = result.report.table("applications")
    assert applications.get("other_handling") is None
    assert all(c.value == 0 for c in applications.row("other_other").cells)
    assert not [f for f in result.remaining if f.code in ("GA004", "GS010", "GS011", "GT002")]


def test_attrs_evolve_edits_keep_the_report_frozen():
    report = parse_markdown(CLEAN, "r.md")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.title = None  # type: ignore[misc]
