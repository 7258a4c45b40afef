"""`giar lint` and `giar rules` from the command line: exit codes and every output format."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from giar.check.rules import all_rules
from giar.cli import main

DATA = Path(__file__).resolve().parent / "data"
CLEAN = DATA / "clean_2023.md"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.md"
    shutil.copy(CLEAN, path)
    return path


@pytest.fixture
def faulty(tmp_path: Path) -> Path:
    """The clean report with a wrong group total (line 85), an empty cell (line 41) and a comma."""
    text = CLEAN.read_text("utf-8")
    text = text.replace("| 行政诉讼 复议后起诉 | 0 | 0 | 1 | 0 | 1 |", "| 行政诉讼 复议后起诉 | 0 | 0 | 2 | 0 | 1 |")
    text = text.replace("| 行政强制 | 2 |", "| 行政强制 |  |")
    text = text.replace("2023年，本局认真贯彻", "2023年,本局认真贯彻")
    path = tmp_path / "faulty.md"
    path.write_text(text, "utf-8")
    return path


# ---------------------------------------------------------------- exit codes


def test_clean_exits_0(clean):
    result = run("lint", str(clean))
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.stdout


def test_findings_exit_1(faulty):
    result = run("lint", str(faulty))
    assert result.exit_code == 1
    assert f"{faulty}:85:32: 错误 GA004 [review-total]" in result.stdout
    assert f"{faulty}:41:" in result.stdout and "GD001" in result.stdout
    assert "共发现 3 个问题" in result.stdout


def test_unusable_input_exits_2_with_one_line_per_file(tmp_path, clean):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    prose = tmp_path / "notes.txt"
    prose.write_text("这不是一份年度报告。\n", "utf-8")
    result = run("lint", "missing.txt", str(empty), str(prose), str(clean))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("giar: ") for line in lines)
    assert "Traceback" not in result.output
    assert "未发现问题" in result.stdout  # the good file was still checked


def test_info_only_exits_0(tmp_path):
    text = CLEAN.read_text("utf-8").replace("全面推进政府信息公开工作。", "全面推进政府信息公开 工作。")
    path = tmp_path / "info.md"
    path.write_text(text, "utf-8")
    result = run("lint", str(path))
    assert result.exit_code == 0
    assert "GT004" in result.stdout and "提示 1" in result.stdout


def test_unknown_rule_code_is_a_usage_error(clean):
    result = run("lint", "--select", "GZ9", str(clean))
    assert result.exit_code == 2
    assert "unknown rule code" in result.output


def test_select_and_ignore(faulty):
    only = run("lint", "--format", "json", "--select", "GA,GD", str(faulty))
    assert sorted(f["code"] for f in json.loads(only.stdout)) == ["GA004", "GD001"]
    rest = run("lint", "--format", "json", "--ignore", "GA004", "--ignore", "GT", str(faulty))
    assert [f["code"] for f in json.loads(rest.stdout)] == ["GD001"]


def test_directory_walk_skips_readme(tmp_path, faulty, clean):
    (tmp_path / "README.md").write_text("# 说明\n", "utf-8")
    (tmp_path / "sub").mkdir()
    shutil.copy(faulty, tmp_path / "sub" / "again.md")
    result = run("lint", "--format", "json", str(tmp_path))
    assert result.exit_code == 1, result.output
    files = {Path(f["file"]).name for f in json.loads(result.stdout)}
    assert files == {"faulty.md", "again.md"}


# ---------------------------------------------------------------- formats


def test_json_format(faulty):
    result = run("lint", "--format", "json", str(faulty))
    data = json.loads(result.stdout)
    keys = {"file", "line", "column", "end_line", "end_column", "code", "name", "severity", "message",
            "table", "table_label", "row", "row_label", "table_column", "table_column_label",
            "expected", "found", "related", "fix"}
    assert all(set(f) == keys for f in data)
    total = next(f for f in data if f["code"] == "GA004")
    assert total == {**total, "line": 85, "column": 32, "end_line": 85, "end_column": 33,
                     "severity": "error", "table": "review_litigation",
                     "table_label": "四、政府信息公开行政复议、行政诉讼情况", "row": "litigation_after_review",
                     "row_label": "行政诉讼 复议后起诉", "table_column": "total",
                     "table_column_label": "总计", "expected": 2, "found": 1,
                     "fix": {"applicability": "unsafe", "description": "按各项之和重新计算总计"}}
    assert len(total["related"]) == 4
    assert "结果维持 0 + 结果纠正 0 + 其他结果 2 + 尚未审结 0 = 2，但“总计”为 1" in total["message"]
    empty = next(f for f in data if f["code"] == "GD001")
    assert empty["row_label"] == "行政强制" and empty["table_column_label"] == "本年处理决定数量"
    assert empty["fix"] is None


def test_sarif_is_valid_2_1_0(faulty, clean):
    result = run("lint", "--format", "sarif", str(faulty), str(clean))
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == [r.code for r in all_rules()]
    results = run_["results"]
    assert sorted(r["ruleId"] for r in results) == ["GA004", "GD001", "GT001"]
    ga = next(r for r in results if r["ruleId"] == "GA004")
    assert ga["level"] == "error"
    region = ga["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (85, 32, 33)
    assert ga["properties"]["expected"] == 2 and ga["properties"]["found"] == 1
    assert len(ga["relatedLocations"]) == 4
    assert run_["tool"]["driver"]["rules"][results[0]["ruleIndex"]]["id"] == results[0]["ruleId"]


def test_sarif_without_findings_is_valid(clean):
    log = json.loads(run("lint", "--format", "sarif", str(clean)).stdout)
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["runs"][0]["results"] == []


def test_github_format(faulty):
    lines = run("lint", "--format", "github", str(faulty)).stdout.splitlines()
    assert len(lines) == 3
    ga = next(line for line in lines if "GA004" in line)
    assert ga.startswith(f"::error file={faulty},line=85,col=32,endLine=85,endColumn=33,title=GA004 review-total::")
    assert any(line.startswith("::warning ") and "GT001" in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_human_marks_the_span(faulty):
    out = run("lint", "--color", "never", str(faulty)).stdout
    lines = out.splitlines()
    i = next(i for i, line in enumerate(lines) if "GA004" in line)
    assert lines[i + 1] == " 85 | | 行政诉讼 复议后起诉 | 0 | 0 | 2 | 0 | 1 |"
    caret = lines[i + 2]
    # the marker sits under the total "1": a Chinese character is two display cells wide
    assert caret.rstrip().endswith(" ^")
    prefix = lines[i + 1][: lines[i + 1].rindex("1 |")]
    from giar.check.output import cells

    assert cells(caret[: caret.index("^")]) == cells(prefix)
    assert "\x1b[" not in out


def test_human_colour(faulty):
    out = run("lint", "--color", "always", str(faulty)).stdout
    assert "\x1b[" in out


# ---------------------------------------------------------------- rules


def test_rules_catalogue():
    out = run("rules").stdout
    for rule in all_rules():
        assert rule.code in out and rule.name in out


def test_rules_explains_one_rule():
    result = run("rules", "GA004")
    assert result.exit_code == 0
    assert "Anti-pattern" in result.stdout and "Best practice" in result.stdout
    assert "| 行政复议 | 10 | 1 | 0 | 0 | 0 |" in result.stdout
    assert "| 行政复议 | 10 | 1 | 0 | 0 | 11 |" in result.stdout


def test_rules_json_and_unknown():
    data = json.loads(run("rules", "--format", "json").stdout)
    assert {d["code"] for d in data} == {r.code for r in all_rules()}
    assert all(d["bad"] and d["good"] for d in data)
    assert run("rules", "GQ123").exit_code == 2


# ---------------------------------------------------------------- across years, standard input


def test_directory_of_two_years(tmp_path):
    shutil.copy(DATA / "clean_2022.md", tmp_path / "2022.md")
    this_year = CLEAN.read_text("utf-8").replace(
        "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| 二、上年结转政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |")
    (tmp_path / "2023.md").write_text(this_year, "utf-8")
    result = run("lint", "--format", "json", "--select", "GX", str(tmp_path))
    data = json.loads(result.stdout)
    assert [(Path(f["file"]).name, f["code"], f["line"], f["table_column"], f["expected"], f["found"])
            for f in data] == [("2023.md", "GX001", 54, "natural_person", 2, 3),
                               ("2023.md", "GX001", 54, "total", 2, 3)]
    assert "2022年报告" in data[0]["message"]
    assert result.exit_code == 1
    # the two files named on the command line pair the same way; one year alone does not
    assert len(json.loads(run("lint", "--format", "json", "--select", "GX",
                              str(tmp_path / "2022.md"), str(tmp_path / "2023.md")).stdout)) == 2
    assert json.loads(run("lint", "--format", "json", "--select", "GX", str(tmp_path / "2023.md")).stdout) == []


def test_standard_input():
    result = CliRunner().invoke(main, ["lint", "--format", "json", "-"],
                                input=CLEAN.read_text("utf-8").replace("2023年，本局", "2023年,本局"))
    data = json.loads(result.stdout)
    assert [(f["file"], f["code"], f["line"]) for f in data] == [("-", "GT001", 7)]


# ---------------------------------------------------------------- marked spans (end columns)


@pytest.fixture
def wrong_heading(tmp_path: Path) -> Path:
    """The clean report with a section heading that is not the official wording (line 5)."""
    path = tmp_path / "heading.md"
    path.write_text(CLEAN.read_text("utf-8").replace("## 一、总体情况", "## 一、总体情况概述"), "utf-8")
    return path


def test_human_marks_from_column_to_end_column(wrong_heading):
    out = run("lint", "--color", "never", "--select", "GS004", str(wrong_heading)).stdout
    lines = out.splitlines()
    i = next(i for i, line in enumerate(lines) if "GS004" in line)
    assert lines[i].startswith(f"{wrong_heading}:5:4: ")
    assert lines[i + 1] == " 5 | ## 一、总体情况概述"
    # columns 4–11 (end column 12, exclusive): eight Chinese characters, sixteen cells
    assert lines[i + 2] == "   |    " + "^" * 16


def test_sarif_and_github_regions_end_at_end_column(wrong_heading):
    log = json.loads(run("lint", "--format", "sarif", "--select", "GS004", str(wrong_heading)).stdout)
    (result,) = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 4, "endLine": 5, "endColumn": 12}
    (line,) = run("lint", "--format", "github", "--select", "GS004", str(wrong_heading)).stdout.splitlines()
    assert ",line=5,col=4,endLine=5,endColumn=12," in line


def test_a_span_over_several_lines_is_marked_to_the_end_of_its_first():
    from giar.check.output import print_human
    from giar.check.rule import Finding
    from giar.read import read_bytes

    import io

    source = read_bytes("示例县人力资源\n和社会保障局2023年政府信息公开工作年度报告\n".encode("utf-8"), "t.txt")
    finding = Finding("t.txt", 1, 3, "GT002", "space-cjk-digit", "warning", "…", end_line=2, end_column=5)
    out = io.StringIO()
    print_human([finding], {"t.txt": source}, out=out, color=False, show_summary=False)
    assert out.getvalue().splitlines()[1:] == [" 1 | 示例县人力资源", "   |     " + "^" * 10]
    one = Finding("t.txt", 1, 3, "GT002", "space-cjk-digit", "warning", "…")  # no end: one character
    out = io.StringIO()
    print_human([one], {"t.txt": source}, out=out, color=False, show_summary=False)
    assert out.getvalue().splitlines()[2] == "   |     ^^"


# ---------------------------------------------------------------- progress on a terminal


@pytest.fixture
def three(tmp_path: Path) -> Path:
    folder = tmp_path / "three"
    folder.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        shutil.copy(CLEAN, folder / name)
    return folder


def test_no_progress_when_stderr_is_not_a_terminal(three, monkeypatch):
    import giar.check.output as output

    monkeypatch.setattr(output, "PROGRESS_DELAY", 0)
    result = run("lint", str(three))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "未发现问题" in result.stdout


def test_progress_bar_on_a_terminal(three, monkeypatch):
    import giar.check.output as output

    monkeypatch.setattr(output, "PROGRESS_DELAY", 0)
    monkeypatch.setattr(output, "stderr_is_terminal", lambda: True)
    result = run("lint", str(three))
    assert result.exit_code == 0
    assert "正在检查" in result.stderr and "/3" in result.stderr
    assert "未发现问题" in result.stdout and "正在检查" not in result.stdout
    # --quiet: no bar either
    quiet = run("lint", "--quiet", str(three))
    assert quiet.stderr == ""


def test_progress_bar_lines_and_errors_above_it():
    """The bar itself, on a fake terminal: drawn for a batch, never for one file, and an
    error line met meanwhile is printed (above the bar) through it."""
    import io

    from giar.check.output import BatchProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    printed = []
    with BatchProgress(True, screen, delay=0) as progress:
        on_error = progress.around(lambda path, error: printed.append(path) or print(f"giar: {path}: bad",
                                                                                     file=sys.stderr))
        progress(0, 3, "a.md")
        progress(1, 3, "b.md")
        on_error("b.md", ValueError("bad"))
        progress(3, 3, "")
    assert progress.shown and printed == ["b.md"]
    assert "正在检查" in screen.getvalue() and "giar: b.md: bad" in screen.getvalue()
    single = Terminal()
    with BatchProgress(True, single, delay=0) as progress:
        progress(0, 1, "a.md")
        progress(1, 1, "")
    assert not progress.shown and single.getvalue() == ""
    off = Terminal()
    with BatchProgress(False, off, delay=0) as progress:
        progress(0, 3, "a.md")
    assert not progress.shown and off.getvalue() == ""
