"""The command line of issue 2: parse, format, errors and exit codes, encodings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from giar.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CLEAN = EXAMPLES / "clean-2025.md"
MESSY = EXAMPLES / "lost-labels-empty-cell.txt"


def run(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_parse_prints_the_json_contract():
    code, out, _ = run("parse", str(MESSY))
    data = json.loads(out)
    assert code == 0
    assert data["edition"] == "2021" and data["year"] == 2025
    assert data["tables"]["applications"]["new_received"]["total"] == 50
    assert data["tables"]["active_disclosure"]["coercion"]["decisions"] is None  # empty, not 0


def test_parse_of_several_files_prints_json_lines_and_goes_on_after_a_bad_one(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, out, err = run("parse", str(CLEAN), str(bad), str(MESSY))
    lines = out.splitlines()
    assert code == 2
    assert [json.loads(line)["source"] for line in lines] == [str(CLEAN), str(MESSY)]
    assert err.strip() == f"giar: {bad}: empty file, expected a government information disclosure annual report"


def test_standard_input_is_read_for_a_dash():
    code, out, _ = run("parse", "-", input=MESSY.read_bytes())
    assert code == 0 and json.loads(out)["source"] == "-"


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (bytes(range(256)) * 4, "binary file"),
    ("今天天气很好，我们去公园散步。这是一篇普通的中文文章，不是年度报告。".encode(), "1: no report structure found"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy Word .doc file"),
])
def test_unusable_input_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    code, out, err = run("parse", str(path))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and str(path) in err


def test_missing_files_and_directories_exit_2(tmp_path):
    assert run("parse", str(tmp_path / "nope.txt"))[2].strip().endswith("no such file")
    code, _, err = run("format", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_format_check_diff_and_write(tmp_path):
    path = tmp_path / "report.txt"
    shutil.copy(MESSY, path)
    assert run("format", "--check", str(path))[0] == 1
    code, out, _ = run("format", "--diff", str(path))
    assert code == 1 and out.startswith(f"--- {path}") and "+## 一、总体情况" in out
    assert run("format", "--write", str(path))[0] == 0
    assert run("format", "--check", str(path))[0] == 0
    canonical = path.read_bytes()
    assert b"\r" not in canonical and canonical.endswith(b"\n")
    assert run("format", str(path))[1].encode() == canonical  # formatting twice changes nothing


def test_format_of_a_canonical_file_is_unchanged():
    code, out, _ = run("format", str(CLEAN))
    assert code == 0 and out == CLEAN.read_text("utf-8")
    assert run("format", "--check", str(CLEAN))[0] == 0


def test_format_write_refuses_standard_input():
    code, _, err = run("format", "--write", "-", input=b"x")
    assert code == 2 and "--write" in err


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_line_ends(tmp_path, encoding, newline):
    text = CLEAN.read_text("utf-8").replace("\n", newline)
    path = tmp_path / "report.md"
    path.write_bytes(text.encode(encoding))
    code, out, _ = run("parse", str(path))
    assert code == 0
    assert json.loads(out)["tables"] == json.loads(run("parse", str(CLEAN))[1])["tables"]


def test_version_and_help():
    from importlib.machinery import EXTENSION_SUFFIXES

    import giar.parse.lexer

    version = run("--version")[1]
    assert version.startswith("giar, version ")
    compiled = giar.parse.lexer.__file__.endswith(tuple(EXTENSION_SUFFIXES))
    assert version.strip().endswith("(compiled)" if compiled else "(pure Python)")
    assert "parse" in run("--help")[1]


def test_installed_console_script_never_prints_a_traceback(tmp_path):
    """Through the real entry point, as a user runs it."""
    path = tmp_path / "art.txt"
    path.write_text("这是一篇普通的文章。", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "giar", "parse", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
