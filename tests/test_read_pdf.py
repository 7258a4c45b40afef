"""The PDF reader, on PDFs built here with reportlab for an invented agency.

reportlab's built-in Adobe CID font (STSong-Light) writes Chinese text without a font file,
so these tests need no CJK font installed on the machine.
"""

from __future__ import annotations

import io

import pytest

from giar.errors import GiarError
from giar.model.contract import report_json
from giar.parse import parse_bytes
from giar.parse.grammar import edition_grammar
from giar.read import read_bytes
from giar.read import pdf as pdf_reader
from giar.read.layout import Piece, collapse, despace_cjk, join_wrapped, normalise_cjk

reportlab = pytest.importorskip("reportlab", reason="reportlab (the test extra) builds the PDFs")

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A5  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

AGENCY = "示例县人力资源和社会保障局"
TITLE = f"{AGENCY}2024年政府信息公开工作年度报告"
RUNNING_HEADER = "示例县人社局政务公开年报"
G = edition_grammar("2021")
APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK", firstLineIndent=20)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")
LONG = ("我局坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，"
        "围绕重点领域信息公开、政策解读和回应关切，不断提升政务公开的质量和实效，"
        "群众获得感和满意度进一步增强。")


def table3_rows() -> list[str]:
    return [r for r in G.rows_of("applications") if r != "other_handling"]


def table3_values(i: int) -> list:
    return [i * 3, 0, 1, 0, 0, 0, i * 3 + 1]


def grid(data, widths, spans=()):
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), FONT, 7),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    style += [("SPAN", a, b) for a, b in spans]
    return Table(data, colWidths=widths, style=TableStyle(style), repeatRows=0)


def build_report() -> bytes:
    out = io.BytesIO()

    def furniture(c, doc):
        c.saveState()
        c.setFont(FONT, 8)
        c.drawCentredString(A5[0] / 2, A5[1] - 30, RUNNING_HEADER)
        c.drawCentredString(A5[0] / 2, 25, f"- {doc.page} -")
        c.restoreState()

    doc = SimpleDocTemplate(out, pagesize=A5, leftMargin=40, rightMargin=40, topMargin=50, bottomMargin=50)
    story = [Paragraph(TITLE, ParagraphStyle("title", fontName=FONT, fontSize=13, leading=18, alignment=1)),
             Paragraph("一、总体情况", BODY), Paragraph("2024年，" + LONG, BODY),
             Paragraph("二、主动公开政府信息情况", BODY)]
    t2 = [["第二十条第（一）项", "", "", ""],
          ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
          ["规章", "0", "0", "2"],
          ["行政规范性文件", "5", "1", "30"],
          ["第二十条第（五）项", "", "", ""],
          ["信息内容", "本年处理决定数量", "", ""],
          ["行政许可", "456", "", ""],
          ["第二十条第（六）项", "", "", ""],
          ["信息内容", "本年处理决定数量", "", ""],
          ["行政处罚", "12", "", ""],
          ["行政强制", "", "", ""],
          ["第二十条第（八）项", "", "", ""],
          ["信息内容", "本年收费金额（单位：万元）", "", ""],
          ["行政事业性收费", "3.5", "", ""]]
    spans = [((0, r), (3, r)) for r in (0, 4, 7, 11)] + [((1, r), (3, r)) for r in (5, 6, 8, 9, 10, 12, 13)]
    story += [grid(t2, [100, 80, 80, 80], spans), Spacer(1, 8),
              Paragraph("三、收到和处理政府信息公开申请情况", BODY)]
    rows = table3_rows()
    parts = {r: G.row_label(r).split(" ") for r in rows}
    data = [[Paragraph("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", CELL), "", "",
             "申请人情况", "", "", "", "", "", ""],
            ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
            ["", "", "", "", Paragraph("商业企业", CELL), Paragraph("科研机构", CELL),
             Paragraph("社会公益组织", CELL), Paragraph("法律服务机构", CELL), "其他", ""]]
    spans = [((0, 0), (2, 2)), ((3, 0), (9, 0)), ((3, 1), (3, 2)), ((4, 1), (8, 1)), ((9, 1), (9, 2))]
    for i, key in enumerate(rows):
        r = len(data)
        p = parts[key]
        cells = ["", "", ""]
        if len(p) == 1:
            cells[0] = Paragraph(p[0], CELL)
            spans.append(((0, r), (2, r)))
        else:
            if len(p) == 2:
                cells[1] = Paragraph(p[1], CELL)
                spans.append(((1, r), (2, r)))
            else:
                sub = [x for x in rows if parts[x][:2] == p[:2]]
                if sub[0] == key:
                    # （四）无法提供 is printed vertically, one character per line
                    vertical = p[1].startswith("（四）")
                    cells[1] = "\n".join(p[1]) if vertical else Paragraph(p[1], CELL)
                    spans.append(((1, r), (1, r + len(sub) - 1)))
                cells[2] = Paragraph(p[2], CELL)
        data.append(cells + [str(v) for v in table3_values(i)])
    # The group label 三、本年度办理结果 stands in every result row's first cell here (a span
    # over both pages cannot be split); what is tested is the table split across pages.
    for r, key in enumerate(rows, 3):
        if len(parts[key]) > 1:
            data[r][0] = Paragraph(parts[key][0], CELL)
    story += [grid(data, [45, 50, 80] + [24] * 7, spans), Spacer(1, 8),
              Paragraph("四、政府信息公开行政复议、行政诉讼情况", BODY)]
    head = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t4 = [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
          [Paragraph(h, CELL) for h in head] + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
          [""] * 5 + [Paragraph(h, CELL) for h in head] * 2,
          [str(v) for v in (1, 0, 0, 0, 1, 2, 0, 0, 0, 2, 0, 0, 1, 0, 1)]]
    spans = [((0, 0), (4, 0)), ((5, 0), (14, 0)), ((5, 1), (9, 1)), ((10, 1), (14, 1))] + \
        [((j, 1), (j, 2)) for j in range(5)]
    story += [grid(t4, [22] * 15, spans), Spacer(1, 8),
              Paragraph("五、存在的主要问题及改进情况", BODY), Paragraph(LONG, BODY),
              Paragraph("六、其他需要报告的事项", BODY), Paragraph("本年度未收取信息处理费。", BODY)]
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


@pytest.fixture(scope="module")
def data() -> bytes:
    return build_report()


@pytest.fixture(scope="module")
def source(data):
    return read_bytes(data, "report.pdf")


def pages(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def test_the_table_is_split_across_pages(data, source):
    assert pages(data) >= 3
    rows = [ln for ln in source.lines if "|" in ln.text]
    numbers = [ln.number for ln in source.lines]
    assert numbers == sorted(numbers)
    # the last result rows of table 3 are on another page than its first rows
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page_of = {}
        for no, page in enumerate(pdf.pages, 1):
            for label in ("一、本年新收", "四、结转下年度"):
                if label in (page.extract_text() or ""):
                    page_of[label] = no
    assert page_of["一、本年新收"] < page_of["四、结转下年度"]
    assert any(ln.text.startswith("四、结转下年度继续办理 |") for ln in rows)


def test_page_numbers_and_running_headers_are_dropped(source):
    texts = [ln.text for ln in source.lines]
    assert not any(t.strip("- ").isdigit() for t in texts)
    assert RUNNING_HEADER not in " ".join(texts)


def test_wrapped_prose_is_joined(source):
    texts = [ln.text for ln in source.lines]
    assert "2024年，" + LONG in texts
    assert LONG in texts
    assert texts[0] == TITLE


def test_cells_wrapped_over_lines_and_vertical_labels_are_one_cell(source):
    texts = [ln.text for ln in source.lines]
    # the wrapped header and label cells read as one string each
    assert any("商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他" in t for t in texts)
    confirmation = G.row_label("rejected_confirmation").split(" ")[2]
    assert any(f"| {confirmation} |" in t for t in texts)
    # （四）无法提供, printed one character per line, is one cell
    unavailable = G.row_label("unavailable_not_held").split(" ")
    assert any(f"| {unavailable[1]} | {unavailable[2]} |" in t for t in texts)


def test_report_parses_with_every_cell(data):
    report = parse_bytes(data, "report.pdf")
    assert report.title.text == TITLE
    assert (report.agency, report.year) == (AGENCY, 2024)
    assert [s.kind for s in report.sections] == ["general", "active", "applications", "review", "problems", "other"]
    tables = report_json(report)["tables"]
    active = tables["active_disclosure"]
    assert active["regulations"] == {"issued": 0, "repealed": 0, "in_force": 2}
    assert active["normative_documents"] == {"issued": 5, "repealed": 1, "in_force": 30}
    assert active["licensing"] == {"decisions": 456}
    assert active["punishment"] == {"decisions": 12}
    assert active["coercion"] == {"decisions": None}
    assert active["fees"] == {"amount": "3.5"}
    applications = tables["applications"]
    assert list(applications) == table3_rows()
    for i, key in enumerate(table3_rows()):
        assert applications[key] == dict(zip(APPLICANTS, table3_values(i))), key
    review = tables["review_litigation"]
    assert review["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert review["litigation_direct"] == {"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 2}
    assert review["litigation_after_review"] == {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1}
    assert report.unrecognised == ()


# ---------------------------------------------------------------- text helpers


def test_cjk_compatibility_and_radicals_are_normalised():
    assert normalise_cjk("⾏政许可") == "行政许可"  # U+2F8F KANGXI RADICAL WALK
    assert normalise_cjk("⾏政处罚（⼀）") == "行政处罚（一）"
    assert collapse("⾏政\n许可") == "行政许可"
    assert normalise_cjk("（一）：，") == "（一）：，"  # full-width punctuation is kept


def test_spaces_between_cjk_characters_are_removed():
    assert despace_cjk("只计这一情 形，不 计其他") == "只计这一情形，不计其他"
    assert despace_cjk("邮 编 ： 223100 ， 电 话") == "邮编：223100，电话"
    assert despace_cjk("2024 年") == "2024 年"


def test_joining_wrapped_lines():
    pieces = [Piece("一、总体情况", 1), Piece("我局坚持公开为常态，", 2, full=True),
              Piece("不公开为例外。", 3), Piece("（一）主动公开", 4), Piece("全年公开信息", 5, full=True),
              Piece("12条。", 6), Piece("三", 7), Piece("、", 8), Piece("本", 9), Piece("年", 10),
              Piece("规章 | 0", 11, table=True), Piece("二是加强解读", 12, full=True), Piece("三是强化培训。", 13)]
    joined = [(p.text, p.number) for p in join_wrapped(pieces)]
    assert joined == [("一、总体情况", 1), ("我局坚持公开为常态，不公开为例外。", 2), ("（一）主动公开", 4),
                      ("全年公开信息12条。", 5), ("三、本年", 7), ("规章 | 0", 11), ("二是加强解读", 12),
                      ("三是强化培训。", 13)]


# ---------------------------------------------------------------- errors


def blank_pdf(pages: int, text: str = "") -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A5)
    for _ in range(pages):
        if text:
            c.setFont(FONT, 10)
            c.drawString(40, 500, text)
        else:
            c.rect(40, 40, 200, 300, fill=1)  # a "scan": graphics, no text
        c.showPage()
    c.save()
    return out.getvalue()


def test_a_pdf_without_a_text_layer_needs_ocr():
    with pytest.raises(GiarError, match="no text layer.*OCR"):
        read_bytes(blank_pdf(2), "scan.pdf")


def test_page_limit():
    data = blank_pdf(pdf_reader.MAX_PAGES + 1)
    with pytest.raises(GiarError, match=f"{pdf_reader.MAX_PAGES + 1} pages, over the limit of {pdf_reader.MAX_PAGES}"):
        read_bytes(data, "huge.pdf")


def test_a_damaged_pdf_is_an_error():
    with pytest.raises(GiarError, match="not a readable PDF"):
        read_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50, "broken.pdf")


def test_an_encrypted_pdf_is_an_error():
    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt="secret")
    c.setFont(FONT, 10)
    c.drawString(40, 500, TITLE)
    c.showPage()
    c.save()
    with pytest.raises(GiarError, match="password"):
        read_bytes(out.getvalue(), "locked.pdf")
