"""The publication writers (md, txt, html, docx, json) and reading their output back.

* Round trip: ``parse(render(report, fmt)) == report`` for generated reports of both
  editions (tests/strategies.py) and for every report of the corpus.
* HTML: the tables have exactly the notice's merged cells (rowspan/colspan), every row
  fills the table's width, and hostile text is escaped.
* DOCX: merged cells (gridSpan/vMerge) and fonts (w:eastAsia) read back from the file, A4;
  a conversion to PDF with LibreOffice where it is installed.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings

from giar.model.ast import Comment, Count, Fragment, Paragraph, Report, Section, Subheading, Title
from giar.model.from_json import report_from_json
from giar.parse import parse_bytes, parse_file
from giar.write.blank import blank_report
from giar.write.formats import FORMATS, render

from conftest import CORPUS_DIR, not_yet_read
from strategies import reports

FILE_NAMES = {"md": "report.md", "txt": "report.txt", "html": "report.html", "docx": "report.docx"}
PROPERTY = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DOCX_PROPERTY = settings(max_examples=10, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clean-2025.md"


def read_back(data: bytes, fmt: str) -> Report:
    """What giar reads from its own output (the format is sniffed from the content)."""
    if fmt == "json":
        return report_from_json(json.loads(data.decode("utf-8")))
    return parse_bytes(data, FILE_NAMES[fmt])


def round_trip(report: Report, fmt: str) -> Report:
    return read_back(render(report, fmt), fmt)


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "json"])
@PROPERTY
@given(report=reports())
def test_round_trip_of_generated_reports(fmt, report):
    assert round_trip(report, fmt) == report


@DOCX_PROPERTY
@given(report=reports())
def test_round_trip_of_generated_reports_docx(report):
    assert round_trip(report, "docx") == report


@pytest.fixture(scope="module")
def corpus_reports(corpus_dir) -> dict[str, Report]:
    files = sorted(p for p in (*corpus_dir.glob("seeds/*"), *corpus_dir.glob("real/*"))
                   if p.is_file() and p.name != "README.md")
    assert files, f"no reports under {corpus_dir}"
    return {f"{p.parent.name}/{p.name}": parse_file(str(p)) for p in files}


def test_the_corpus_is_all_round_tripped(corpus_reports):
    assert set(corpus_reports) == set(CORPUS_DOCUMENTS)


CORPUS_DOCUMENTS = sorted(f"{p.parent.name}/{p.name}" for p in (*CORPUS_DIR.glob("seeds/*"), *CORPUS_DIR.glob("real/*"))
                          if p.is_file() and p.name != "README.md")


@pytest.mark.parametrize("name, fmt", [
    pytest.param(name, fmt, id=f"{name}-{fmt}", marks=not_yet_read(name))
    for name in CORPUS_DOCUMENTS for fmt in FORMATS])
def test_round_trip_of_the_corpus(corpus_reports, name, fmt):
    assert round_trip(corpus_reports[name], fmt) == corpus_reports[name], f"{fmt} does not read back the same report"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_round_trip_of_blank_reports(fmt, edition):
    report = blank_report("示例县人力资源和社会保障局", 2025, edition)
    assert round_trip(report, fmt) == report


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_the_documented_example(fmt):
    report = parse_file(str(EXAMPLE))
    assert round_trip(report, fmt) == report


def with_extras(report: Report) -> Report:
    """A report with what only giar needs to read back: a lint comment, unplaced text, and
    a sub-heading without （一） numbering."""
    general = report.sections[0]
    body = (Subheading("工作亮点"), Comment("giar: ignore GC006"), Paragraph("我局坚持推进政务公开。")) + general.body
    sections = (Section(general.kind, body),) + report.sections[1:]
    return Report(report.edition, report.title, report.agency, report.year, report.preamble, sections,
                  (Fragment("无法归类的一行文字"),))


@pytest.mark.parametrize("fmt", FORMATS)
def test_comments_unplaced_text_and_plain_subheadings_survive(fmt):
    report = with_extras(parse_file(str(EXAMPLE)))
    assert round_trip(report, fmt) == report


# ---------------------------------------------------------------- HTML


def html_tables(data: bytes):
    root = lxml.html.document_fromstring(data)
    return root.xpath("//table")


def spans(table) -> list[tuple[str, int, int]]:
    """(text, rowspan, colspan) of every merged cell, in document order."""
    out = []
    for cell in table.xpath(".//th|.//td"):
        rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
        if rs > 1 or cs > 1:
            out.append((cell.text_content().strip(), rs, cs))
    return out


def grid_widths(table) -> list[int]:
    """How many grid columns each row of an HTML table fills (rowspans included)."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr")
    filled: dict[tuple[int, int], bool] = {}
    widths = []
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.xpath("./th|./td"):
            while filled.get((r, c)):
                c += 1
            rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for dr in range(rs):
                for dc in range(cs):
                    filled[(r + dr, c + dc)] = True
            c += cs
        widths.append(max(c for (rr, c) in filled if rr == r) + 1)
    return widths


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# The notice's layouts: every merged cell of each table, as (text, rowspan, colspan).
T2_2021 = [("第二十条第（一）项", 1, 4), ("第二十条第（五）项", 1, 4), ("本年处理决定数量", 1, 3), ("", 1, 3),
           ("第二十条第（六）项", 1, 4), ("本年处理决定数量", 1, 3), ("", 1, 3), ("", 1, 3),
           ("第二十条第（八）项", 1, 4), ("本年收费金额（单位：万元）", 1, 3), ("", 1, 3)]
T2_2019 = [("第二十条第（一）项", 1, 4), ("第二十条第（五）项", 1, 4), ("第二十条第（六）项", 1, 4),
           ("第二十条第（八）项", 1, 4), ("本年增/减", 1, 2), ("", 1, 2),
           ("第二十条第（九）项", 1, 4), ("采购总金额", 1, 2), ("", 1, 2)]
T3_HEAD = [(NOTE, 3, 3), ("申请人情况", 1, 7), ("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1),
           ("一、本年新收政府信息公开申请数量", 1, 3), ("二、上年结转政府信息公开申请数量", 1, 3)]
T3_2021 = T3_HEAD + [
    ("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2),
    ("（三）不予公开", 8, 1), ("（四）无法提供", 3, 1), ("（五）不予处理", 5, 1), ("（六）其他处理", 3, 1),
    ("（七）总计", 1, 2), ("四、结转下年度继续办理", 1, 3)]
T3_2019 = T3_HEAD + [
    ("三、本年度办理结果", 20, 1), ("（一）予以公开", 1, 2), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2),
    ("（三）不予公开", 8, 1), ("（四）无法提供", 3, 1), ("（五）不予处理", 5, 1), ("（六）其他处理", 1, 2),
    ("（七）总计", 1, 2), ("四、结转下年度继续办理", 1, 3)]
T4 = [("行政复议", 1, 5), ("行政诉讼", 1, 10), ("结果维持", 2, 1), ("结果纠正", 2, 1), ("其他结果", 2, 1),
      ("尚未审结", 2, 1), ("总计", 2, 1), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
LAYOUTS = {"2021": (T2_2021, T3_2021, T4), "2019": (T2_2019, T3_2019, T4)}
WIDTHS = (4, 10, 15)


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_html_tables_have_the_notices_merged_cells(edition):
    tables = html_tables(render(blank_report("示例县人力资源和社会保障局", 2025, edition), "html"))
    assert len(tables) == 3
    for table, layout, width in zip(tables, LAYOUTS[edition], WIDTHS):
        assert spans(table) == layout
        assert set(grid_widths(table)) == {width}  # every row fills the table


def test_html_vertical_results_cell_and_table_4_value_row():
    data = render(parse_file(str(EXAMPLE)), "html")
    t3, t4 = html_tables(data)[1:]
    vertical = t3.xpath(".//td[contains(@class, 'vertical')]")
    assert [v.text_content() for v in vertical] == ["三、本年度办理结果"]
    values = t4.xpath("./tbody/tr")[-1].xpath("./td")
    assert [v.text_content() for v in values] == ["1", "0", "1", "0", "2", "0", "0", "0", "1", "1",
                                                  "0", "0", "0", "0", "0"]


def test_html_is_a_standalone_print_page():
    text = render(parse_file(str(EXAMPLE)), "html").decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in text
    assert "@page { size: A4" in text
    assert "<script" not in text.lower() and "http" not in text.split("<body>")[0].replace("www.example.gov.cn", "")


HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> --> <!--'


def hostile_report() -> Report:
    base = parse_file(str(EXAMPLE))
    general = base.sections[0]
    sections = (Section(general.kind, (Subheading("（一）" + HOSTILE[:20]), Paragraph(HOSTILE)) + general.body),)
    hostile = Report(base.edition, Title("<b>" + base.title.text), None, None,
                     (Paragraph("<i>" + HOSTILE + "</i>"),), sections + base.sections[1:],
                     (Fragment('<script>alert("x")</script>'),))
    return parse_bytes(render(hostile, "md"), "report.md")  # with the agency and year it states


def test_html_escapes_hostile_text():
    report = hostile_report()
    data = render(report, "html")
    text = data.decode("utf-8")
    assert report.title.text.startswith("<b>") and report.unrecognised
    assert "<script" not in text and "<img" not in text and "<b>" not in text and "<i>" not in text
    assert "&lt;script&gt;" in text
    root = lxml.html.document_fromstring(data)
    assert not root.xpath("//script|//img|//b|//i")
    shown = root.xpath("//article")[0].text_content()
    assert HOSTILE in shown
    # ... and the page reads back to the same report.
    assert read_back(data, "html") == report


@pytest.mark.parametrize("fmt", ["txt", "docx", "json"])
def test_hostile_text_round_trips_in_the_other_formats(fmt):
    report = hostile_report()
    assert round_trip(report, fmt) == report


# ---------------------------------------------------------------- DOCX


def docx_spans(table) -> list[tuple[str, int, int]]:
    """(text, rowspan, colspan) of every merged cell, from w:gridSpan and w:vMerge."""
    rows = table._tbl.tr_lst
    origin: dict[int, list] = {}  # grid column → [text, rowspan, colspan] of a vMerge restart
    out: list[list] = []
    for tr in rows:
        c = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            vmerge = tc.vMerge
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            if vmerge == "continue":
                origin[c][1] += 1
            else:
                entry = [text, 1, span]
                out.append(entry)
                if vmerge == "restart":
                    origin[c] = entry
            c += span
    return [tuple(e) for e in out if e[1] > 1 or e[2] > 1]


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_docx_tables_have_the_notices_merged_cells(edition):
    data = render(blank_report("示例县人力资源和社会保障局", 2025, edition), "docx")
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) == 3
    for table, layout, width in zip(document.tables, LAYOUTS[edition], WIDTHS):
        assert docx_spans(table) == layout
        assert len(table.columns) == width
        for tr in table._tbl.tr_lst:
            assert sum(tc.grid_span for tc in tr.tc_lst) == width


def east_asia(style) -> str:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsiaTheme")) is None
    return rfonts.get(qn("w:eastAsia"))


def test_docx_page_and_fonts():
    data = render(parse_file(str(EXAMPLE)), "docx")
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    styles = document.styles
    assert east_asia(styles["Title"]) in ("方正小标宋简体", "宋体")
    assert east_asia(styles["Heading 1"]) in ("黑体", "楷体_GB2312", "楷体")
    assert east_asia(styles["Heading 2"]) in ("楷体_GB2312", "楷体", "黑体")
    assert east_asia(styles["Normal"]) == "仿宋_GB2312"
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == "示例县人力资源和社会保障局2025年政府信息公开工作年度报告"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一、总体情况" and len(headings) == 6
    # Table text carries its East Asian font on the runs.
    run = document.tables[1].rows[3].cells[0].paragraphs[0].runs[0]
    assert run.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_docx_hides_what_only_giar_reads():
    data = render(with_extras(parse_file(str(EXAMPLE))), "docx")
    document = docx.Document(io.BytesIO(data))
    hidden = [p for p in document.paragraphs if p.runs and all(r.font.hidden for r in p.runs)]
    assert [p.text for p in hidden] == ["<!-- giar: ignore GC006 -->", "<!-- giar:unrecognised 无法归类的一行文字 -->"]


def test_docx_is_a_valid_zip_with_a_document():
    data = render(parse_file(str(EXAMPLE)), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        assert "word/document.xml" in z.namelist()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice/libreoffice) is not installed; "
                    "install libreoffice-writer to check the Word output converts to PDF")
def test_docx_converts_to_pdf_with_libreoffice(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(render(parse_file(str(EXAMPLE)), "docx"))
    profile = tmp_path / "profile"
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.exists(), result.stderr.decode("utf-8", "replace")
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        assert len(doc.pages) >= 3
        page = doc.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        assert "2025" in (page.extract_text() or "")


# ---------------------------------------------------------------- JSON


def test_json_is_the_contract():
    report = parse_file(str(EXAMPLE))
    data = json.loads(render(report, "json"))
    assert data["edition"] == "2021" and data["year"] == 2025
    assert data["tables"]["applications"]["new_received"]["total"] == 50
    assert data["tables"]["active_disclosure"]["fees"]["amount"] == "0"


def test_json_from_another_tool_places_its_tables():
    data = {"edition": "2021", "tables": {"review_litigation": {
        "review": {"upheld": 1, "corrected": 0, "other": 0, "pending": None, "total": 1}}}}
    report = report_from_json(data)
    assert [s.kind for s in report.sections] == ["review"]
    row = report.table("review_litigation").row("review")
    assert row.cell("upheld") == Count(1)


@pytest.mark.parametrize("bad, message", [
    ({"edition": "2030"}, "edition"),
    ({"edition": "2021", "tables": {"applications": {"no_such_row": {}}}}, "no_such_row"),
    ({"edition": "2021", "tables": {"applications": {"granted": {"natural_person": [1]}}}}, "granted"),
    ({"edition": "2021", "sections": [{"kind": "seventh"}]}, "sections[0]"),
])
def test_json_errors_name_the_place(bad, message):
    from giar.errors import GiarError

    with pytest.raises(GiarError, match=message.replace("[", r"\[").replace("]", r"\]")):
        report_from_json(bad, "x.json")


# ---------------------------------------------------------------- where the words live


WRITER_MODULES = ["giar/write/blank.py", "giar/write/layout.py", "giar/write/text.py", "giar/write/html.py",
                  "giar/write/docx.py", "giar/write/formats.py", "giar/model/from_json.py"]


@pytest.mark.parametrize("module", WRITER_MODULES)
def test_no_chinese_text_in_the_writers_code(module):
    """Labels come from grammar/*.lark, prose and fonts from templates/ — not from Python."""
    import ast as pyast
    import re as _re

    tree = pyast.parse((Path(__file__).resolve().parents[1] / module).read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in pyast.walk(tree)
                  if isinstance(node, (pyast.Module, pyast.FunctionDef, pyast.ClassDef))
                  and node.body and isinstance(node.body[0], pyast.Expr)
                  and isinstance(node.body[0].value, pyast.Constant)}
    cjk = _re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    found = [node.value for node in pyast.walk(tree)
             if isinstance(node, pyast.Constant) and isinstance(node.value, str)
             and id(node) not in docstrings and cjk.search(node.value)]
    assert not found, found
