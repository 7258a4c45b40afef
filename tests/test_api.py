"""The Python API: ``from giar import parse, lint, render`` (docs/api.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import giar
from giar import lint, parse, render

DATA = Path(__file__).resolve().parent / "data"
CLEAN = DATA / "clean_2023.md"
HEAVY = ("lark", "lxml", "docx", "pdfplumber", "jinja2", "rich", "click", "attrs", "charset_normalizer",
         "pathspec", "giar.parse", "giar.check", "giar.read", "giar.write")


def faulty_text() -> str:
    return CLEAN.read_text("utf-8").replace("| 行政诉讼 复议后起诉 | 0 | 0 | 1 | 0 | 1 |",
                                            "| 行政诉讼 复议后起诉 | 0 | 0 | 2 | 0 | 1 |")


def test_import_giar_is_cheap():
    code = ("import sys, giar; heavy = %r; "
            "print(sorted(m for m in sys.modules if m in heavy or m.startswith(tuple(h + '.' for h in heavy))))"
            % (HEAVY,))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    names = subprocess.run([sys.executable, "-c", "import giar; print(giar.__all__)"], capture_output=True,
                           text=True, check=True).stdout
    assert "parse" in names and "lint" in names and "render" in names


def test_parse_a_path_or_bytes():
    report = parse(CLEAN)
    assert isinstance(report, giar.Report)
    assert (report.agency, report.year, report.edition) == ("示例县人力资源和社会保障局", 2023, "2021")
    assert parse(str(CLEAN)) == report
    from_bytes = parse(CLEAN.read_bytes(), name="2023/report.md")
    assert from_bytes == report and from_bytes.source_name == "2023/report.md"
    assert parse(CLEAN, edition="2021") == report


def test_parse_errors():
    with pytest.raises(giar.GiarError, match="empty file"):
        parse(b"  \n")
    with pytest.raises(giar.GiarError, match="no such file"):
        parse("no/such/report.txt")
    with pytest.raises(ValueError, match="unknown edition"):
        parse(CLEAN, edition="1999")
    with pytest.raises(TypeError, match="path or bytes"):
        parse(12)  # type: ignore[arg-type]


def test_lint_a_report_a_path_or_bytes(tmp_path):
    path = tmp_path / "faulty.md"
    path.write_text(faulty_text(), "utf-8")
    findings = lint(path)
    assert [f.code for f in findings] == ["GA004"]
    (f,) = findings
    assert isinstance(f, giar.Finding)
    assert (f.file, f.line, f.column, f.end_column, f.severity) == (str(path), 85, 32, 33, "error")
    assert (f.expected, f.found, f.row_label) == (2, 1, "行政诉讼 复议后起诉")
    # the same findings as `giar lint --format json` (before it nests quotation marks)
    from click.testing import CliRunner

    from giar.cli import main

    cli = json.loads(CliRunner().invoke(main, ["lint", "--format", "json", str(path)]).stdout)
    assert [x.json()["code"] for x in findings] == [x["code"] for x in cli]
    assert [(x.line, x.column) for x in lint(parse(path))] == [(85, 32)]
    assert [x.file for x in lint(path.read_bytes(), name="r.md")] == ["r.md"]
    assert lint(CLEAN) == []


def test_lint_selection_and_configuration(tmp_path):
    path = tmp_path / "faulty.md"
    path.write_text(faulty_text().replace("2023年，本局认真贯彻", "2023年,本局认真贯彻"), "utf-8")
    assert sorted(f.code for f in lint(path)) == ["GA004", "GT001"]
    assert [f.code for f in lint(path, select=["GA"])] == ["GA004"]
    assert [f.code for f in lint(path, select="GA,GT", ignore=["review-total"])] == ["GT001"]
    assert sorted(f.code for f in lint(path, select=["GA"], extend_select=["GT001"])) == ["GA004", "GT001"]
    with pytest.raises(ValueError, match="unknown rule"):
        lint(path, select=["GZ9"])
    # the configuration a path finds, as on the command line; or one given
    (tmp_path / "giar.toml").write_text('ignore = ["GT"]\n', "utf-8")
    assert [f.code for f in lint(path)] == ["GA004"]
    other = tmp_path / "elsewhere.toml"
    other.write_text('ignore = ["GA"]\n[severity]\nGT = "info"\n', "utf-8")
    assert [(f.code, f.severity) for f in lint(path, config=other)] == [("GT001", "info")]
    assert sorted(f.code for f in lint(parse(path))) == ["GA004", "GT001"]  # a Report: the defaults


def test_lint_with_last_years_report(tmp_path):
    this_year = CLEAN.read_text("utf-8").replace(
        "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| 二、上年结转政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |")
    path = tmp_path / "2023.md"
    path.write_text(this_year, "utf-8")
    assert [f.code for f in lint(path, select=["GX"])] == []
    found = lint(path, select=["GX"], previous=DATA / "clean_2022.md")
    assert [(f.code, f.line, f.table_column) for f in found] == [("GX001", 54, "natural_person"),
                                                                  ("GX001", 54, "total")]
    assert found == lint(path, select=["GX"], previous=parse(DATA / "clean_2022.md"))


def test_render_each_format():
    report = parse(CLEAN)
    markdown = render(report)
    assert isinstance(markdown, str) and markdown == CLEAN.read_text("utf-8")  # (the file is canonical)
    assert render(CLEAN, "md") == markdown
    assert isinstance(render(report, to="txt"), str)
    assert render(report, to="html").lstrip().lower().startswith("<!doctype html>")
    assert json.loads(render(report, to="json"))["agency"] == "示例县人力资源和社会保障局"
    docx = render(report, to="docx")
    assert isinstance(docx, bytes) and docx[:2] == b"PK"
    with pytest.raises(ValueError, match="unknown format"):
        render(report, to="pdf")  # type: ignore[call-overload]


def test_parse_is_also_the_parsing_package():
    """``giar.parse`` is the package giar/parse/ too: importing it, or from it, leaves
    ``from giar import parse`` the function, and the package's names stay where they were."""
    import inspect

    import giar.parse.lexer
    from giar.parse import parse_source

    assert giar.parse is parse and callable(giar.parse)
    assert giar.parse.parse_source is parse_source
    assert giar.parse.lexer.__name__ == "giar.parse.lexer"
    assert list(inspect.signature(parse).parameters) == ["source", "name", "edition"]
    code = "import giar.check.engine; from giar import parse; print(parse(%r).year)" % str(CLEAN)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "2023"


def test_parse_pickles_for_a_process_pool():
    import pickle

    assert pickle.loads(pickle.dumps(parse)) is parse
    report = parse(CLEAN)
    assert pickle.loads(pickle.dumps(report)) == report
    assert parse(render(report).encode("utf-8")) == report


def test_the_typed_protocols_match_the_classes():
    """giar/_types.py describes Finding, Fix and Related for type checkers (giar/__init__.py
    does not import the linter): its protocols name every field the classes have."""
    from giar import _types
    from giar.check.rule import Finding, Fix, Related

    def members(protocol) -> set[str]:
        return {n for n in vars(protocol) if not n.startswith("_")}

    assert members(_types.Finding) == {a.name for a in attrs.fields(Finding)} | {"fixable", "json"}
    assert members(_types.Fix) == {"description", "applicability"} <= {a.name for a in attrs.fields(Fix)}
    assert members(_types.Related) == {a.name for a in attrs.fields(Related)}


MYPY = Path(sys.executable).parent / "mypy"


@pytest.mark.skipif(not MYPY.exists(), reason="mypy is not installed beside this Python")
def test_the_surface_type_checks(tmp_path):
    """What a type checker sees: the functions' types, and render's by format."""
    use = tmp_path / "use.py"
    use.write_text(
        "from giar import lint, parse, render\n"
        "r = parse('x.md')\n"
        "reveal_type(r)\n"
        "reveal_type(lint(r, select=['GA'])[0].end_column)\n"
        "reveal_type(render(r))\n"
        "reveal_type(render(r, to='docx'))\n", "utf-8")
    env = {**os.environ, "MYPYPATH": str(Path(giar.__file__).parents[1])}
    result = subprocess.run([str(MYPY), "--cache-dir", str(tmp_path / "cache"), "--follow-imports=silent", str(use)],
                            capture_output=True, text=True, env=env)
    notes = [line.split("Revealed type is ")[1] for line in result.stdout.splitlines() if "Revealed type" in line]
    assert notes == ['"giar.model.ast.Report"', '"int | None"', '"str"', '"bytes"'], result.stdout
