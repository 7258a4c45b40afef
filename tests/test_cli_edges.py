"""The rough edges of issue 14, each as a user meets it: bad configurations met walking,
NO_COLOR on a terminal, patches giar prints, what canonical means for encodings and line
ends, binary output to a terminal, quotation marks in findings, `giar new`'s checks; and
`parse`, `format` and `render` on directories and several files."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from conftest import run_giar as run

EXAMPLES = REPO_ROOT / "examples"
CLEAN = EXAMPLES / "clean-2025.md"
MESSY = EXAMPLES / "lost-labels-empty-cell.txt"
AGENCY = "示例县人力资源和社会保障局"


@pytest.fixture(autouse=True)
def fresh_cache(fresh_config_cache):
    yield


def on_a_terminal(args: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[int, bytes, str]:
    """Run giar with standard output on a pseudo-terminal: (exit code, what the terminal
    got, stderr)."""
    master, slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update({"TERM": "xterm-256color", **(env or {})})
    proc = subprocess.Popen([sys.executable, "-m", "giar", *args], stdout=slave, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=environment, cwd=cwd)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    stderr = proc.stderr.read().decode("utf-8")
    return proc.wait(), out, stderr


# ---------------------------------------------------------------- (1) a bad configuration met walking


@pytest.mark.parametrize("name, text, message", [
    ("pyproject.toml", '[tool.giar]\nselct = ["GA"]\n', "unknown [tool.giar] key(s): selct"),
    ("giar.toml", "select = [\n", "invalid TOML"),
    ("giar.toml", 'exclude = ["!"]\n', "exclude: invalid glob pattern"),
])
@pytest.mark.parametrize("command", [["lint"], ["lint", "--format", "json"], ["parse"], ["format", "--check"]])
def test_bad_config_met_walking_is_one_line_exit_2(tmp_path, name, text, message, command):
    (tmp_path / "reports" / "2025").mkdir(parents=True)
    (tmp_path / "reports" / name).write_text(text, "utf-8")
    for i in range(3):
        shutil.copy(CLEAN, tmp_path / "reports" / "2025" / f"r{i}.md")
    result = run(*command, tmp_path / "reports")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"giar: {tmp_path / 'reports' / name}: {result.stderr.split(': ', 2)[2]}"
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output and "未发现问题" not in result.stdout


def test_bad_config_through_the_installed_command(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.giar]\nselct = ["GA"]\n', "utf-8")
    shutil.copy(CLEAN, tmp_path / "r.md")
    proc = subprocess.run([sys.executable, "-m", "giar", "lint", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [f"giar: {tmp_path / 'pyproject.toml'}: unknown [tool.giar] key(s): selct"]


# ---------------------------------------------------------------- (2) NO_COLOR on a terminal


def test_no_color_is_honoured_on_a_terminal(tmp_path):
    faulty = tmp_path / "faulty.md"
    faulty.write_text(CLEAN.read_text("utf-8").replace("2025年，", "2025年,", 1), "utf-8")  # GT001
    code, coloured, _ = on_a_terminal(["lint", str(faulty)])
    assert code == 1 and b"\x1b[" in coloured  # a terminal: colour
    code, plain, _ = on_a_terminal(["lint", str(faulty)], {"NO_COLOR": "1"})
    assert code == 1 and b"\x1b[" not in plain and b"[" in plain
    code, forced, _ = on_a_terminal(["lint", "--color", "always", str(faulty)], {"NO_COLOR": "1"})
    assert b"\x1b[" in forced  # the option decides over the variable


# ---------------------------------------------------------------- (3) patches that apply


def without_final_newline(path: Path, text: str) -> Path:
    path.write_bytes(text.rstrip("\n").encode("utf-8"))
    return path


@pytest.fixture
def patch_program():
    program = shutil.which("patch")
    if program is None:
        pytest.skip("the patch program is not installed")
    return program


def apply(patch_program: str, target: Path, diff: bytes) -> None:
    proc = subprocess.run([patch_program, "--quiet", "--force", str(target)], input=diff, capture_output=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_format_diff_without_a_final_newline_applies(tmp_path, patch_program):
    path = without_final_newline(tmp_path / "report.txt", MESSY.read_text("utf-8"))
    result = run("format", "--diff", path)
    assert result.exit_code == 1
    assert b"\n\\ No newline at end of file\n" in result.stdout_bytes
    canonical = run("format", path).stdout_bytes
    apply(patch_program, path, result.stdout_bytes)
    assert path.read_bytes() == canonical
    assert run("format", "--check", path).exit_code == 0


def test_format_diff_of_a_canonical_text_without_its_final_newline(tmp_path, patch_program):
    path = without_final_newline(tmp_path / "report.md", CLEAN.read_text("utf-8"))
    result = run("format", "--diff", path)
    assert result.exit_code == 1 and result.stdout.count("\\ No newline at end of file") == 1
    apply(patch_program, path, result.stdout_bytes)
    assert path.read_bytes() == CLEAN.read_bytes()


def test_fix_diff_without_a_final_newline_applies(tmp_path, patch_program):
    text = CLEAN.read_text("utf-8").replace("2025年，", "2025年,", 1)
    path = without_final_newline(tmp_path / "report.md", text)
    result = run("fix", "--diff", path)
    assert result.exit_code == 1 and "\\ No newline at end of file" in result.stdout
    fixed = run("fix", "--stdout", path).stdout_bytes
    apply(patch_program, path, result.stdout_bytes)
    assert path.read_bytes() == fixed


@pytest.mark.parametrize("encoding, newline", [("gb18030", "\r\n"), ("gb18030", "\n"), ("utf-8", "\r\n"),
                                               ("utf-8-sig", "\n")])
def test_format_diff_of_gb18030_or_crlf_applies_to_the_file(tmp_path, patch_program, encoding, newline):
    path = tmp_path / "report.md"
    path.write_bytes(MESSY.read_text("utf-8").replace("\n", newline).encode(encoding))
    canonical = run("format", path).stdout_bytes
    result = run("format", "--diff", path)
    assert result.exit_code == 1
    apply(patch_program, path, result.stdout_bytes)
    assert path.read_bytes() == canonical


# ---------------------------------------------------------------- (4) canonical is UTF-8 with LF


@pytest.mark.parametrize("encoding, newline", [("gb18030", "\r\n"), ("gb18030", "\n"), ("utf-8", "\r\n"),
                                               ("utf-8-sig", "\n")])
def test_format_check_fails_on_another_encoding_or_crlf_and_write_converts(tmp_path, encoding, newline):
    path = tmp_path / "report.md"
    path.write_bytes(CLEAN.read_text("utf-8").replace("\n", newline).encode(encoding))
    result = run("format", "--check", path)
    assert result.exit_code == 1 and result.stderr == f"would reformat {path}\n"
    assert run("format", "--write", path).exit_code == 0
    assert path.read_bytes() == CLEAN.read_bytes()  # UTF-8, LF, the text unchanged
    assert run("format", "--check", path).exit_code == 0


def test_the_examples_in_gb18030_and_crlf_are_not_canonical():
    for name in ("gb18030-fullwidth-digits.txt", "two-line-title-wrapped-rows.txt"):
        assert run("format", "--check", EXAMPLES / name).exit_code == 1
    assert run("format", "--check", CLEAN).exit_code == 0


# ---------------------------------------------------------------- (5) binary output and a terminal


@pytest.mark.parametrize("args", [["new", "--agency", AGENCY, "--year", "2025", "--to", "docx"],
                                  ["render", str(CLEAN), "--to", "docx"]])
def test_binary_output_to_a_terminal_is_refused_with_a_hint(args):
    code, out, err = on_a_terminal(args)
    assert code == 2 and out == b""
    assert err.startswith("giar: docx output is binary") and "-o FILE" in err
    assert len(err.splitlines()) == 1 and "internal error" not in err


def test_binary_output_to_a_pipe_or_file_is_written(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "giar", "new", "--agency", AGENCY, "--year", "2025",
                           "--to", "docx"], capture_output=True)
    assert proc.returncode == 0 and proc.stdout.startswith(b"PK")


# ---------------------------------------------------------------- (7) the format by content first


def test_a_markdown_report_named_pdf_is_read_by_its_content(tmp_path):
    path = tmp_path / "report.pdf"
    shutil.copy(CLEAN, path)
    result = run("parse", path)
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- (8) quotation marks inside quotation marks


def test_nested_quotation_marks_in_findings(tmp_path):
    row = "| 三、本年度办理结果 （三）不予公开 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    text = CLEAN.read_text("utf-8")
    assert row in text
    path = tmp_path / "r.md"
    path.write_text(text.replace(row, row.replace("| 0 | 0 | 0 |", "| 0 |  | 0 |", 1)), "utf-8")
    human = run("lint", "--color", "never", "--select", "GD001", path).stdout
    assert "“三、本年度办理结果 （三）不予公开 3.危及‘三安全一稳定’”的“商业企业”为空" in human
    assert "3.危及“三安全一稳定” | 0 |  |" in human  # the source line is shown as it is
    (finding,) = json.loads(run("lint", "--format", "json", "--select", "GD001", path).stdout)
    assert "3.危及‘三安全一稳定’”的" in finding["message"]
    assert finding["row_label"].endswith("3.危及“三安全一稳定”")  # the official wording, untouched
    from giar.check.output import nest_quotes

    assert nest_quotes("“a“b“c”d”e”") == "“a‘b“c”d’e”"
    assert nest_quotes("“a”与“b”") == "“a”与“b”"
    assert nest_quotes("写的是“a“b”") == "写的是“a“b”"  # unbalanced: left as it is


# ---------------------------------------------------------------- (11) giar new, -o, help


@pytest.mark.parametrize("year", ["1999", "2018"])
def test_new_refuses_a_year_before_the_format(year):
    result = run("new", "--agency", AGENCY, "--year", year)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"giar: --year {year}: the report format begins with the 2019 reports")
    assert len(result.stderr.splitlines()) == 1


def test_new_accepts_the_first_year_of_the_oldest_edition():
    from giar.format import editions

    first = editions()[-1].first_year
    result = run("new", "--agency", AGENCY, "--year", first)
    assert result.exit_code == 0 and f"{first}年政府信息公开工作年度报告" in result.stdout


@pytest.mark.parametrize("command", [["new", "--agency", AGENCY, "--year", "2025"], ["render", str(CLEAN)]])
def test_an_unknown_output_extension_is_refused(tmp_path, command):
    out = tmp_path / "out.xyz"
    result = run(*command, "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr.startswith(f"giar: {out}: giar does not write .xyz files")
    assert len(result.stderr.splitlines()) == 1
    assert run(*command, "-o", out, "--to", "md").exit_code == 0  # chosen explicitly
    assert run(*command, "-o", tmp_path / "plain").exit_code == 0  # no extension: md, as documented


def test_help_texts():
    fix_help = run("fix", "--help").stdout
    assert "--color [auto|always|never]" in fix_help and "NO_COLOR" in fix_help
    rules_help = run("rules", "--help").stdout
    line = next(line for line in rules_help.splitlines() if "--format" in line)
    assert len(line.split()) > 2  # the option, and words about it


# ---------------------------------------------------------------- parse, format, render on directories


@pytest.fixture
def folder(tmp_path):
    reports = tmp_path / "reports"
    (reports / "2025").mkdir(parents=True)
    shutil.copy(CLEAN, reports / "clean.md")
    shutil.copy(EXAMPLES / "web-page.html", reports / "2025" / "page.html")
    shutil.copy(MESSY, reports / "2025" / "messy.txt")
    (reports / "README.md").write_text("# 说明\n", "utf-8")
    return reports


def test_parse_a_directory_and_several_files(folder):
    result = run("parse", folder)
    assert result.exit_code == 0
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [str(folder / "2025" / "messy.txt"), str(folder / "2025" / "page.html"),
                       str(folder / "clean.md")]  # sorted by path, as lint walks
    result = run("parse", folder / "clean.md", folder / "2025")
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [
        str(folder / "clean.md"), str(folder / "2025" / "messy.txt"), str(folder / "2025" / "page.html")]


def test_format_check_of_a_directory_checks_text_and_markdown_only(folder):
    result = run("format", "--check", folder)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"would reformat {folder / '2025' / 'messy.txt'}",
                                          "1 file would be reformatted, 1 file already canonical"]
    html = (folder / "2025" / "page.html").read_bytes()
    result = run("format", "--write", folder)
    assert result.exit_code == 0
    assert (folder / "2025" / "page.html").read_bytes() == html  # lint's business, never rewritten
    assert run("format", "--check", folder).exit_code == 0
    # named, an HTML file is still "not canonical Markdown"
    assert run("format", "--check", folder / "2025" / "page.html").exit_code == 1


def test_format_of_a_directory_prints_each_file(folder):
    result = run("format", folder)
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if line.startswith("==> ")] == [
        f"==> {folder / '2025' / 'messy.txt'} <==", f"==> {folder / 'clean.md'} <=="]


def test_render_a_directory_into_a_directory(folder, tmp_path):
    out = tmp_path / "html"
    result = run("render", folder, "--to", "html", "-o", out)
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["2025/messy.html", "2025/page.html", "clean.html"]
    assert (out / "clean.html").read_bytes() == run("render", folder / "clean.md", "--to", "html").stdout_bytes
    # several files to standard output, one after another; docx needs a directory
    result = run("render", folder / "clean.md", folder / "2025" / "messy.txt", "--to", "txt")
    assert result.exit_code == 0 and result.stdout.count("==> ") == 2
    result = run("render", folder / "clean.md", folder / "2025" / "messy.txt", "--to", "docx")
    assert result.exit_code == 2 and "-o DIR" in result.stderr
    # an input is never overwritten
    result = run("render", folder / "clean.md", folder / "2025" / "messy.txt", "--to", "md", "-o", folder)
    assert result.exit_code == 2 and "would be overwritten (it is an input)" in result.stderr
    assert (folder / "clean.md").read_bytes() == CLEAN.read_bytes()
