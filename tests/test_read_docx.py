"""The Word reader, on .docx files built here with python-docx for an invented agency."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from giar.errors import GiarError
from giar.model.contract import report_json
from giar.parse import parse_bytes
from giar.parse.grammar import edition_grammar
from giar.read import read_bytes
from giar.read import docx as docx_reader

AGENCY = "示例县人力资源和社会保障局"
TITLE = f"{AGENCY}2024年政府信息公开工作年度报告"
G = edition_grammar("2021")
APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def table3_rows() -> list[str]:
    return [r for r in G.rows_of("applications") if r != "other_handling"]


def table3_values(i: int) -> list:
    return [i, 0, 0, 0, 0, 1, i + 1]


def build_report() -> bytes:
    d = docx.Document()
    d.add_heading(TITLE, level=1)
    d.add_paragraph("本报告根据《中华人民共和国政府信息公开条例》编制。")
    d.add_paragraph("一、总体情况")
    p = d.add_paragraph("2024年，我局主动公开政府信息")
    p.add_run("35").bold = True
    p.add_run("条。")
    d.add_heading("（一）主动公开情况", level=2)
    lines = d.add_paragraph("第一行")
    lines.add_run().add_break()
    lines.add_run("第二行")
    d.add_paragraph("二、主动公开政府信息情况")

    # Table 2: captions merged across the row, values merged across columns.
    t2 = d.add_table(rows=0, cols=4)
    t2.style = "Table Grid"

    def caption(text):
        row = t2.add_row()
        row.cells[0].merge(row.cells[3]).text = text

    def values(label, *vals):
        row = t2.add_row()
        row.cells[0].text = label
        if len(vals) == 1:
            row.cells[1].merge(row.cells[3]).text = vals[0]
        else:
            for j, v in enumerate(vals, 1):
                row.cells[j].text = v

    caption("第二十条第（一）项")
    values("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    values("规章", "0", "0", "1")
    values("行政规范性文件", "3", "", "20")
    caption("第二十条第（五）项")
    values("信息内容", "本年处理决定数量")
    values("行政许可", "88")
    caption("第二十条第（六）项")
    values("信息内容", "本年处理决定数量")
    values("行政处罚", "6")
    values("行政强制", "0")
    caption("第二十条第（八）项")
    values("信息内容", "本年收费金额（单位：万元）")
    values("行政事业性收费", "1.25")

    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = table3_rows()
    t3 = d.add_table(rows=2 + len(rows), cols=10)
    t3.style = "Table Grid"
    head = t3.cell(0, 0).merge(t3.cell(1, 2))
    head.text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t3.cell(0, 3).merge(t3.cell(0, 9)).text = "申请人情况"
    for j, text in enumerate(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"], 3):
        t3.cell(1, j).text = text
    parts = {r: G.row_label(r).split(" ") for r in rows}
    for i, key in enumerate(rows):
        r = 2 + i
        p = parts[key]
        if len(p) == 1:
            t3.cell(r, 0).merge(t3.cell(r, 2)).text = p[0]
        else:
            group = [x for x in rows if parts[x][0] == p[0]]
            if group[0] == key:
                t3.cell(r, 0).merge(t3.cell(r + len(group) - 1, 0)).text = p[0]
            if len(p) == 2:
                t3.cell(r, 1).merge(t3.cell(r, 2)).text = p[1]
            else:
                sub = [x for x in rows if parts[x][:2] == p[:2]]
                if sub[0] == key:
                    t3.cell(r, 1).merge(t3.cell(r + len(sub) - 1, 1)).text = p[1]
                t3.cell(r, 2).text = p[2]
        for j, v in enumerate(table3_values(i), 3):
            t3.cell(r, j).text = str(v)

    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t4 = d.add_table(rows=4, cols=15)
    t4.style = "Table Grid"
    t4.cell(0, 0).merge(t4.cell(0, 4)).text = "行政复议"
    t4.cell(0, 5).merge(t4.cell(0, 14)).text = "行政诉讼"
    for j, text in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        t4.cell(1, j).merge(t4.cell(2, j)).text = text
        t4.cell(2, 5 + j).text = text
        t4.cell(2, 10 + j).text = text
    t4.cell(1, 5).merge(t4.cell(1, 9)).text = "未经复议直接起诉"
    t4.cell(1, 10).merge(t4.cell(1, 14)).text = "复议后起诉"
    for j in range(15):
        t4.cell(3, j).text = str(j % 5)
    d.add_paragraph("五、存在的主要问题及改进情况")
    d.add_paragraph("政策解读形式较单一。")
    d.add_paragraph("六、其他需要报告的事项")
    d.add_paragraph("本年度未收取信息处理费。")
    return save(d)


@pytest.fixture(scope="module")
def data() -> bytes:
    return build_report()


def test_paragraphs_and_tables_in_body_order(data):
    source = read_bytes(data, "report.docx")
    assert source.format == "docx"
    texts = [line.text for line in source.lines]
    assert texts[0] == "# " + TITLE  # a Word heading style becomes a Markdown heading
    assert texts.index("二、主动公开政府信息情况") < texts.index("第二十条第（一）项") \
        < texts.index("三、收到和处理政府信息公开申请情况") < texts.index("四、政府信息公开行政复议、行政诉讼情况")
    assert "2024年，我局主动公开政府信息35条。" in texts  # runs joined
    assert "## （一）主动公开情况" in texts
    # a line break inside a paragraph starts a new line (same paragraph number)
    first, second = (next(ln for ln in source.lines if ln.text == t) for t in ("第一行", "第二行"))
    assert first.number == second.number
    numbers = [line.number for line in source.lines]
    assert numbers == sorted(numbers) and numbers[0] == 1


def test_merged_cells_are_emitted_once(data):
    texts = [line.text for line in read_bytes(data, "report.docx").lines]
    # a caption merged across the row is one cell, i.e. a line of its own
    assert "第二十条第（五）项" in texts
    # a value merged across three columns is one cell
    assert "行政许可 | 88" in texts
    # a label merged down over rows appears in its first row; each row below gets one empty
    # cell in its place (with Markdown borders, so that the lexer sees the empty first cell)
    results, denied, secret = G.row_label("denied_state_secret").split(" ")
    assert f"{results} | {G.row_label('granted').split(' ')[1]} | 2 | 0 | 0 | 0 | 0 | 1 | 3" in texts
    assert f"|  | {denied} | {secret} | 4 | 0 | 0 | 0 | 0 | 1 | 5 |" in texts
    second = G.row_label("denied_prohibited_by_law").split(" ")[2]
    assert f"|  |  | {second} | 5 | 0 | 0 | 0 | 0 | 1 | 6 |" in texts
    # the header cell merged over two rows and three columns: once, then one empty cell
    assert any(t.startswith("（本列数据的勾稽关系为") and t.endswith("| 申请人情况") for t in texts)
    assert "|  | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |" in texts


def test_report_parses_with_every_cell(data):
    report = parse_bytes(data, "report.docx")
    assert report.title.text == TITLE
    assert (report.agency, report.year, report.edition) == (AGENCY, 2024, "2021")
    assert [s.kind for s in report.sections] == ["general", "active", "applications", "review", "problems", "other"]
    tables = report_json(report)["tables"]
    active = tables["active_disclosure"]
    assert active["regulations"] == {"issued": 0, "repealed": 0, "in_force": 1}
    assert active["normative_documents"] == {"issued": 3, "repealed": None, "in_force": 20}
    assert active["licensing"] == {"decisions": 88}
    assert (active["punishment"], active["coercion"]) == ({"decisions": 6}, {"decisions": 0})
    assert active["fees"] == {"amount": "1.25"}
    applications = tables["applications"]
    assert list(applications) == table3_rows()
    for i, key in enumerate(table3_rows()):
        assert applications[key] == dict(zip(APPLICANTS, table3_values(i))), key
    outcomes = dict(zip(("upheld", "corrected", "other", "pending", "total"), range(5)))
    assert tables["review_litigation"] == {
        "review": outcomes, "litigation_direct": outcomes, "litigation_after_review": outcomes}
    assert report.unrecognised == ()


# ---------------------------------------------------------------- errors


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


def test_zip_bomb_is_refused_before_inflating():
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (40 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    with pytest.raises(GiarError, match="zip bomb"):
        read_bytes(bomb, "bomb.docx")


def test_total_uncompressed_size_is_limited(monkeypatch, data):
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED", 1024)
    with pytest.raises(GiarError, match="over the .* limit"):
        read_bytes(data, "report.docx")


def test_legacy_doc_is_refused_with_advice():
    with pytest.raises(GiarError, match=r"save it as \.docx"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "report.doc")


def test_other_zip_archives_are_refused():
    with pytest.raises(GiarError, match="Excel"):
        read_bytes(zip_bytes({"xl/workbook.xml": b"<workbook/>"}), "report.xlsx")
    with pytest.raises(GiarError, match="not a Word .docx document"):
        read_bytes(zip_bytes({"readme.txt": b"hello"}), "report.docx")
    with pytest.raises(GiarError, match="damaged"):
        read_bytes(b"PK\x03\x04" + b"\x00garbage" * 20, "report.docx")
    with pytest.raises(GiarError, match="cannot open the Word document"):
        read_bytes(zip_bytes({"word/document.xml": b"<not-xml"}), "report.docx")


def test_errors_are_one_line(data):
    try:
        read_bytes(zip_bytes({"readme.txt": b"x"}), "report.docx")
    except GiarError as e:
        assert "\n" not in str(e) and str(e).startswith("report.docx: ")


def test_empty_document_is_an_error():
    with pytest.raises(GiarError, match="no text"):
        read_bytes(save(docx.Document()), "empty.docx")
