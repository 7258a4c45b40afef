"""Configuration discovery: [tool.giar] in pyproject.toml or giar.toml, nearest to each file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from giar.check.config import Config, clear_cache, discover
from giar.cli import main

CLEAN = (Path(__file__).resolve().parent / "data" / "clean_2023.md").read_text("utf-8")
# GA004 (error) at line 85, GT001 (warning) at line 7, GT004 (info) at line 11.
FAULTY = (CLEAN.replace("| 行政诉讼 复议后起诉 | 0 | 0 | 1 | 0 | 1 |", "| 行政诉讼 复议后起诉 | 0 | 0 | 2 | 0 | 1 |")
          .replace("2023年，本局认真贯彻", "2023年,本局认真贯彻")
          .replace("全年制发行政规范性文件3件", "全年制发 行政规范性文件3件"))


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


def lint_json(*args):
    result = CliRunner().invoke(main, ["lint", "--format", "json", *map(str, args)])
    return result, (json.loads(result.stdout) if result.stdout.strip().startswith("[") else None)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_no_config_everything_on(tmp_path):
    report = write(tmp_path / "r.md", FAULTY)
    result, data = lint_json(report)
    assert sorted(f["code"] for f in data) == ["GA004", "GT001", "GT004"]
    assert result.exit_code == 1


def test_giar_toml_beside_the_file(tmp_path):
    write(tmp_path / "giar.toml", 'ignore = ["GT"]\n')
    report = write(tmp_path / "r.md", FAULTY)
    _, data = lint_json(report)
    assert [f["code"] for f in data] == ["GA004"]


def test_pyproject_found_upward(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.giar]\nselect = ["GT"]\n')
    report = write(tmp_path / "a" / "b" / "r.md", FAULTY)
    _, data = lint_json(report)
    assert sorted(f["code"] for f in data) == ["GT001", "GT004"]


def test_pyproject_without_tool_giar_is_passed_over(tmp_path):
    write(tmp_path / "giar.toml", 'select = ["GA"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    report = write(tmp_path / "sub" / "r.md", FAULTY)
    _, data = lint_json(report)
    assert [f["code"] for f in data] == ["GA004"]


def test_nearest_config_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.giar]\nselect = ["GA"]\n')
    write(tmp_path / "2023" / "giar.toml", 'select = ["GT001"]\n')
    top = write(tmp_path / "top.md", FAULTY)
    inner = write(tmp_path / "2023" / "r.md", FAULTY)
    _, data = lint_json(top, inner)
    assert sorted((Path(f["file"]).name, f["code"]) for f in data) == [("r.md", "GT001"), ("top.md", "GA004")]


def test_per_file_ignores_and_severity(tmp_path):
    write(tmp_path / "giar.toml", '''
[per-file-ignores]
"drafts/*.md" = ["GA"]

[severity]
GT = "info"
GT001 = "error"
''')
    draft = write(tmp_path / "drafts" / "d.md", FAULTY)
    final = write(tmp_path / "final.md", FAULTY)
    _, data = lint_json(draft, final)
    got = sorted((Path(f["file"]).name, f["code"], f["severity"]) for f in data)
    assert got == [("d.md", "GT001", "error"), ("d.md", "GT004", "info"),
                   ("final.md", "GA004", "error"), ("final.md", "GT001", "error"), ("final.md", "GT004", "info")]


def test_severity_override_changes_the_exit_code(tmp_path):
    write(tmp_path / "giar.toml", 'select = ["GT"]\n[severity]\nGT = "info"\n')
    report = write(tmp_path / "r.md", FAULTY)
    result, data = lint_json(report)
    assert {f["severity"] for f in data} == {"info"}
    assert result.exit_code == 0


def test_cli_select_replaces_and_ignore_adds(tmp_path):
    write(tmp_path / "giar.toml", 'select = ["GA"]\nignore = ["GT004"]\n')
    report = write(tmp_path / "r.md", FAULTY)
    _, data = lint_json("--select", "GT", report)
    assert [f["code"] for f in data] == ["GT001"]
    _, data = lint_json("--ignore", "GA004", report)
    assert data == []


def test_explicit_config_file(tmp_path):
    config = write(tmp_path / "elsewhere" / "strict.toml", 'select = ["GT004"]\n')
    write(tmp_path / "giar.toml", 'select = ["GA"]\n')
    report = write(tmp_path / "r.md", FAULTY)
    _, data = lint_json("--config", config, report)
    assert [f["code"] for f in data] == ["GT004"]


@pytest.mark.parametrize("text, message", [
    ('selekt = ["GA"]\n', "unknown [tool.giar] key"),
    ('select = ["XX1"]\n', "unknown rule code"),
    ('[severity]\nGA = "fatal"\n', "expected one of"),
    ('select = [\n', "invalid TOML"),
])
def test_bad_config_is_one_line_exit_2(tmp_path, text, message):
    write(tmp_path / "giar.toml", text)
    report = write(tmp_path / "r.md", FAULTY)
    result = CliRunner().invoke(main, ["lint", str(report)])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


def test_exclude_when_walking(tmp_path):
    write(tmp_path / "giar.toml", 'exclude = ["drafts/*"]\n')
    write(tmp_path / "drafts" / "d.md", FAULTY)
    write(tmp_path / "r.md", FAULTY)
    _, data = lint_json(tmp_path)
    assert {Path(f["file"]).name for f in data} == {"r.md"}


def test_discover_defaults(tmp_path):
    report = write(tmp_path / "r.md", FAULTY)
    config = discover(str(report))
    assert config == Config() or config.path is not None  # a config above tmp is not ours to judge
    assert Config().enabled("GA001") and not Config(ignore=("GA",)).enabled("GA001")
    assert Config(select=("GA001",), ignore=("GA",)).enabled("GA001")  # the more specific wins
    assert not Config(select=("GA",), ignore=("GA001",)).enabled("GA001")
