"""`giar lint` on a batch (issue 14): every report file found is read, whatever the path
looks like; a summary says what was found, read, failed and why; the batch options; files
that could not be read stay in the machine-readable output."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO_ROOT
from conftest import run_giar as run

from giar.check.config import clear_cache

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = REPO_ROOT / "examples"
CLEAN = DATA / "clean_2023.md"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"
REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}


@pytest.fixture(autouse=True)
def fresh_cache(fresh_config_cache):
    yield


def report_files(folder: Path) -> set[str]:
    """Every report file under a folder, by its real path, as a person would count them."""
    out = set()
    for root, _, files in os.walk(folder, followlinks=True):
        for name in files:
            if Path(name).suffix.lower() in REPORT_SUFFIXES and not name.lower().startswith("readme"):
                out.add(os.path.realpath(os.path.join(root, name)))
    return out


def faulty_text() -> str:
    return CLEAN.read_text("utf-8").replace("| 行政诉讼 复议后起诉 | 0 | 0 | 1 | 0 | 1 |",
                                            "| 行政诉讼 复议后起诉 | 0 | 0 | 2 | 0 | 1 |")


# ---------------------------------------------------------------- 1. every file, whatever the path


def test_the_corpus_named_as_dot_dot_from_the_repository(corpus_dir, monkeypatch):
    """The issue's own command: `cd giar && giar lint ../shared/corpus` read nothing and
    said 未发现问题。"""
    monkeypatch.chdir(REPO_ROOT)
    expected = report_files(corpus_dir)
    assert len(expected) >= 14
    result = run("lint", "--format", "json", "../shared/corpus")
    data = json.loads(result.stdout)
    assert {os.path.realpath(f["file"]) for f in data} == expected  # every file has findings
    assert all(f["file"].startswith("../shared/corpus/") for f in data)
    assert result.exit_code == 1


def test_a_symlinked_corpus_is_walked(corpus_dir, tmp_path, monkeypatch):
    (tmp_path / "reports").symlink_to(corpus_dir, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    result = run("lint", "--statistics", "reports")
    n = len(report_files(corpus_dir))
    assert f"共 {n} 个文件：读取 {n} 个" in result.stdout, result.output
    assert "未发现问题" not in result.stdout and result.exit_code == 1


@pytest.fixture
def tree(tmp_path):
    """tmp/reports (a copy of examples/), tmp/cwd, tmp/link → reports, tmp/tree/linked → reports."""
    reports = tmp_path / "reports"
    shutil.copytree(EXAMPLES, reports)
    (tmp_path / "cwd").mkdir()
    (tmp_path / "link").symlink_to(reports, target_is_directory=True)
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "linked").symlink_to(reports, target_is_directory=True)
    return tmp_path


@pytest.mark.parametrize("cwd, arg", [
    ("cwd", "../reports"),
    ("cwd", "../cwd/../reports"),
    ("cwd", "../reports/"),
    (".", "./reports"),
    (".", "reports"),
    (".", "ABSOLUTE"),
    (".", "link"),
    (".", "tree"),
    ("reports", "."),
    ("reports", "../link"),
])
def test_every_report_file_whatever_the_path(tree, monkeypatch, cwd, arg):
    monkeypatch.chdir(tree / cwd)
    arg = str(tree / "reports") if arg == "ABSOLUTE" else arg
    expected = report_files(tree / "reports")
    assert len(expected) == 8  # examples/: eight reports, a README and a script
    human = run("lint", arg)
    assert "共 8 个文件：读取 8 个" in human.stdout, human.output
    assert "未发现问题。" not in human.stdout and human.exit_code == 1
    # which files: the clean ones have no findings, so ask `giar parse`, which walks the same way
    parsed = run("parse", arg)
    assert parsed.exit_code == 0, parsed.output
    assert {os.path.realpath(json.loads(line)["source"]) for line in parsed.stdout.splitlines()} == expected


def test_a_folder_reached_twice_is_read_once(tree, monkeypatch):
    monkeypatch.chdir(tree / "cwd")
    result = run("lint", "--statistics", "..")  # reports, link and tree/linked are one folder
    assert "共 8 个文件：读取 8 个" in result.stdout, result.output


def test_a_dot_folder_named_is_walked_but_dot_folders_inside_are_not(tmp_path, monkeypatch):
    (tmp_path / ".reports" / ".drafts").mkdir(parents=True)
    shutil.copy(CLEAN, tmp_path / ".reports" / "a.md")
    shutil.copy(CLEAN, tmp_path / ".reports" / ".drafts" / "b.md")
    shutil.copy(CLEAN, tmp_path / ".reports" / ".hidden.md")
    monkeypatch.chdir(tmp_path)
    for arg in (".reports", "./.reports", str(tmp_path / ".reports")):
        result = run("lint", arg)
        assert result.exit_code == 0 and result.stdout.startswith("未发现问题。"), result.output
    (tmp_path / "giar.toml").write_text("", "utf-8")  # a configuration above: the folder is still walked
    result = run("lint", ".reports")
    assert result.exit_code == 0 and result.stdout.startswith("未发现问题。"), result.output


def test_exclude_patterns_are_gitignore_patterns(tmp_path, monkeypatch):
    (tmp_path / "giar.toml").write_text('exclude = ["drafts/", "2019/*.md", "old-*"]\n', "utf-8")
    for rel in ("drafts/a.md", "sub/drafts/b.md", "2019/c.md", "2019/x/d.md", "sub/2019/e.md",
                "old-f.md", "sub/old-g.md", "keep.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(faulty_text(), "utf-8")  # one finding each
    monkeypatch.chdir(tmp_path / "sub")
    result = run("lint", "--format", "json", "..")
    found = {Path(os.path.relpath(os.path.realpath(f["file"]), os.path.realpath(tmp_path))).as_posix()
             for f in json.loads(result.stdout)}
    # drafts/ excludes every drafts folder; 2019/*.md is anchored to the config's folder and
    # its * does not cross /; old-* matches a name at any depth
    assert found == {"2019/x/d.md", "sub/2019/e.md", "keep.md"}, result.output


def test_per_file_ignores_are_gitignore_patterns(tmp_path):
    (tmp_path / "giar.toml").write_text('[per-file-ignores]\n"2019/*.md" = ["GA"]\n"*.txt" = ["GA"]\n', "utf-8")
    for rel in ("2019/a.md", "2019/x/b.md", "c.txt", "sub/d.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(faulty_text(), "utf-8")
    result = run("lint", "--format", "json", "--select", "GA", tmp_path)
    found = {Path(os.path.relpath(f["file"], tmp_path)).as_posix() for f in json.loads(result.stdout)}
    assert found == {"2019/x/b.md"}


# ---------------------------------------------------------------- 2. the summary


def test_no_problems_is_never_said_after_a_file_failed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CLEAN, tmp_path / "ok.md")
    result = run("lint", "nope.txt", "ok.md")
    assert result.exit_code == 2
    assert "未发现问题。" not in result.stdout
    assert "共 2 个文件：读取 1 个（无问题 1 个，有问题 0 个），无法读取 1 个。" in result.stdout
    assert "  nope.txt: no such file" in result.stdout  # why, in the summary too
    assert result.stderr == "giar: nope.txt: no such file\n"


def test_a_file_that_is_no_report_is_not_no_problems(tmp_path):
    hello = tmp_path / "hello.txt"
    hello.write_text("你好，世界。\n", "utf-8")
    result = run("lint", hello)
    assert result.exit_code == 2
    assert "未发现问题" not in result.stdout and result.stdout.startswith("没有读取任何文件。")


def test_batch_summary_counts_clean_and_with_findings(tmp_path):
    shutil.copy(CLEAN, tmp_path / "a.md")
    (tmp_path / "b.md").write_text(faulty_text(), "utf-8")
    result = run("lint", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-2:] == [
        "共发现 1 个问题（错误 1）。其中 1 个可用 `giar fix --unsafe-fixes` 修复。",
        "共 2 个文件：读取 2 个（无问题 1 个，有问题 1 个）。"]


@pytest.mark.parametrize("content", [{}, {"README.md": "# 说明\n", "notes.doc": "x", "data.csv": "a,b\n"}])
def test_a_folder_without_report_files_exits_2(tmp_path, content):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in content.items():
        (folder / name).write_text(text, "utf-8")
    for args in (["lint", folder], ["lint", "--format", "json", folder], ["parse", folder],
                 ["format", "--check", folder], ["render", folder]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(f"giar: {folder}: is a directory with no report files in it (")
        assert len(result.stderr.splitlines()) == 1 and "未发现问题" not in result.stdout
    detail = "empty" if not content else "1 excluded, 2 of other types"
    assert f"({detail}; report files end in " in result.stderr


def test_statistics(tmp_path):
    text = faulty_text().replace("2023年，本局认真贯彻", "2023年,本局认真贯彻")
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(text, "utf-8")
    result = run("lint", "--statistics", tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["2", "GA004", "review-total", "错误", "可修复", "2"]
    assert lines[1].split() == ["2", "GT001", "halfwidth-punctuation", "警告", "可修复", "2"]
    assert lines[2].startswith("共发现 4 个问题（错误 2，警告 2）")
    assert "GA004 [review-total]" not in result.stdout  # the table instead of the findings
    data = json.loads(run("lint", "--statistics", "--format", "json", tmp_path).stdout)
    assert data == [{"code": "GA004", "name": "review-total", "severity": "error", "count": 2, "fixable": 2},
                    {"code": "GT001", "name": "halfwidth-punctuation", "severity": "warning", "count": 2,
                     "fixable": 2}]
    assert run("lint", "--statistics", "--format", "sarif", tmp_path).exit_code == 2


# ---------------------------------------------------------------- 3. options


def test_quiet_exit_zero_and_output(tmp_path):
    faulty = tmp_path / "faulty.md"
    faulty.write_text(faulty_text(), "utf-8")
    quiet = run("lint", "--quiet", faulty)
    assert quiet.exit_code == 1 and "GA004" in quiet.stdout and "共发现" not in quiet.stdout
    assert run("lint", "-q", CLEAN).stdout == ""
    assert run("lint", "--exit-zero", faulty).exit_code == 0
    assert run("lint", "--exit-zero", faulty, tmp_path / "nope.md").exit_code == 2  # unusable input still
    out = tmp_path / "out" / "findings.json"
    out.parent.mkdir()
    result = run("lint", "--format", "json", "--output", out, faulty)
    assert result.exit_code == 1 and result.stdout == ""
    assert [f["code"] for f in json.loads(out.read_text("utf-8"))] == ["GA004"]
    result = run("lint", "-o", tmp_path / "report.txt", faulty)
    assert "\x1b[" not in (tmp_path / "report.txt").read_text("utf-8")
    assert "共发现 1 个问题" in (tmp_path / "report.txt").read_text("utf-8")
    bad = run("lint", "-o", tmp_path / "missing" / "x.txt", faulty)
    assert bad.exit_code == 2 and bad.stderr.startswith("giar: ") and len(bad.stderr.splitlines()) == 1


def test_stdin_filename(tmp_path):
    (tmp_path / "giar.toml").write_text('ignore = ["GT"]\n', "utf-8")
    text = faulty_text().replace("2023年，本局认真贯彻", "2023年,本局认真贯彻")
    name = str(tmp_path / "2023" / "report.md")
    result = run("lint", "--format", "json", "--stdin-filename", name, "-", input=text)
    data = json.loads(result.stdout)
    assert [(f["file"], f["code"]) for f in data] == [(name, "GA004")]  # its config applies: no GT001
    # format and parse name it too
    text = (EXAMPLES / "lost-labels-empty-cell.txt").read_text("utf-8")
    result = run("format", "--check", "--stdin-filename", "x/report.md", "-", input=text)
    assert result.exit_code == 1 and result.stderr == "would reformat x/report.md\n"
    result = run("format", "--diff", "--stdin-filename", "x/report.md", "-", input=text)
    assert result.stdout.startswith("--- x/report.md\n+++ x/report.md (canonical)\n")
    result = run("parse", "--stdin-filename", "x/report.md", "-", input=text)
    assert json.loads(result.stdout)["source"] == "x/report.md"
    # its name tells the format of what is read, as a file's would
    html = (EXAMPLES / "web-page.html").read_bytes()
    assert json.loads(run("parse", "--stdin-filename", "page.html", "-", input=html).stdout)["tables"]


def test_force_exclude_for_pre_commit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text("# 说明\n", "utf-8")
    shutil.copy(CLEAN, tmp_path / "r.md")
    assert run("lint", "README.md", "r.md").exit_code == 2  # named: read, and no report
    result = run("lint", "--force-exclude", "README.md", "r.md")
    assert result.exit_code == 0 and result.stdout == "未发现问题。\n"
    only = run("lint", "--force-exclude", "README.md")
    assert only.exit_code == 0 and "no report files to check" in only.stderr
    assert run("format", "--check", "--force-exclude", "README.md").exit_code == 0


def test_select_and_ignore_take_rule_names(tmp_path):
    text = faulty_text().replace("2023年，本局认真贯彻", "2023年,本局认真贯彻")
    path = tmp_path / "r.md"
    path.write_text(text, "utf-8")

    def codes(*args):
        return [f["code"] for f in json.loads(run("lint", "--format", "json", *args, path).stdout)]

    assert codes("--select", "review-total") == ["GA004"]
    assert sorted(codes("--select", "halfwidth-punctuation,GA")) == ["GA004", "GT001"]
    assert codes("--ignore", "review-total") == ["GT001"]
    assert run("lint", "--select", "no-such-rule", path).exit_code == 2
    # and in a configuration
    (tmp_path / "giar.toml").write_text('select = ["review-total"]\n', "utf-8")
    clear_cache()
    assert codes() == ["GA004"]


def test_extend_select(tmp_path):
    (tmp_path / "giar.toml").write_text('select = ["GA"]\n', "utf-8")
    path = tmp_path / "r.md"
    path.write_text(faulty_text().replace("2023年，本局认真贯彻", "2023年,本局认真贯彻"), "utf-8")
    data = json.loads(run("lint", "--format", "json", "--extend-select", "GT001", path).stdout)
    assert sorted(f["code"] for f in data) == ["GA004", "GT001"]
    data = json.loads(run("lint", "--format", "json", "--select", "GT", "--extend-select", "GA004", path).stdout)
    assert sorted(f["code"] for f in data) == ["GA004", "GT001"]


# ---------------------------------------------------------------- 4. failures in machine-readable output


@pytest.fixture
def batch(tmp_path):
    (tmp_path / "a.md").write_text(faulty_text(), "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.md").write_text("今天天气很好。\n", "utf-8")
    return tmp_path


def test_json_keeps_files_that_could_not_be_read(batch):
    result = run("lint", "--format", "json", batch)
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [(Path(d["file"]).name, d.get("code"), "error" in d) for d in data] == [
        ("a.md", "GA004", False), ("b.txt", None, True), ("c.md", None, True)]
    empty = data[1]
    assert set(empty) == {"file", "line", "column", "error"}
    assert empty["error"].startswith("empty file")
    assert data[2]["error"].startswith("no report structure found") and data[2]["line"] == 1


def test_sarif_reports_files_that_could_not_be_read(batch):
    log = json.loads(run("lint", "--format", "sarif", batch).stdout)
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]
            for n in notes] == ["b.txt", "c.md"]
    assert all(n["level"] == "error" for n in notes) and "empty file" in notes[0]["message"]["text"]
    assert notes[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["GA004"]
    good = json.loads(run("lint", "--format", "sarif", batch / "a.md").stdout)
    jsonschema.validators.validator_for(schema)(schema).validate(good)
    assert good["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_github_reports_files_that_could_not_be_read(batch):
    lines = run("lint", "--format", "github", batch).stdout.splitlines()
    assert len(lines) == 3 and lines[0].startswith("::error file=") and "GA004" in lines[0]
    assert lines[1].startswith(f"::error file={batch / 'b.txt'},title=giar::empty file")
    assert lines[2].startswith(f"::error file={batch / 'c.md'},line=1,title=giar::")


def test_bad_configuration_met_walking_is_in_json(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "giar.toml").write_text("select = [\n", "utf-8")
    (tmp_path / "sub" / "r.md").write_text(faulty_text(), "utf-8")
    (tmp_path / "r.md").write_text(faulty_text(), "utf-8")
    result = run("lint", "--format", "json", tmp_path)
    data = json.loads(result.stdout)
    assert result.exit_code == 2
    assert [(Path(d["file"]).name, d.get("code")) for d in data] == [("giar.toml", None), ("r.md", "GA004")]
    assert data[0]["error"].startswith("invalid TOML")


# ---------------------------------------------------------------- 7. pre-commit


def test_pre_commit_hooks_run_as_pre_commit_runs_them(tmp_path, monkeypatch):
    """Each hook's entry, given the changed files its `files` pattern selects, as pre-commit
    passes them: a README and a script beside the reports do not fail it."""
    import re
    import shlex

    yaml = pytest.importorskip("yaml")
    hooks = {h["id"]: h for h in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert set(hooks) == {"giar-lint", "giar-format-check"}
    monkeypatch.chdir(tmp_path)
    for name in ("README.md", "make.py", "clean.md", "page.html"):
        shutil.copy(EXAMPLES / {"clean.md": "clean-2025.md", "page.html": "web-page.html",
                                "make.py": "make_examples.py"}.get(name, name), tmp_path / name)

    def run_hook(hook_id: str):
        hook = hooks[hook_id]
        assert hook["language"] == "python"
        command = shlex.split(hook["entry"])
        assert command[0] == "giar"
        changed = sorted(p.name for p in tmp_path.iterdir() if re.search(hook["files"], p.name))
        return run(*command[1:], *changed), changed

    result, changed = run_hook("giar-lint")
    assert changed == ["README.md", "clean.md", "page.html"]
    assert result.exit_code == 0, result.output
    result, changed = run_hook("giar-format-check")
    assert changed == ["README.md", "clean.md"] and result.exit_code == 0, result.output
    (tmp_path / "clean.md").write_text(faulty_text(), "utf-8")
    (tmp_path / "messy.txt").write_bytes((EXAMPLES / "lost-labels-empty-cell.txt").read_bytes())
    assert run_hook("giar-lint")[0].exit_code == 1
    assert run_hook("giar-format-check")[0].exit_code == 1
