"""The HTML reader, on web pages built here for an invented agency (示例县人力资源和社会保障局).

The pages are made the way government sites publish reports: a whole page with navigation,
scripts and a metadata table around the article; Word-pasted tables with rowspan/colspan,
text split over nested <span>/<font>, &nbsp; cells and <br> in header cells; GBK bytes
under a <meta charset> that says otherwise.
"""

from __future__ import annotations

import pytest

from giar.errors import GiarError
from giar.model.contract import report_json
from giar.parse import parse_bytes, parse_source
from giar.parse.grammar import edition_grammar
from giar.read import read_bytes, sniff
from giar.read.html import decode_html, declared_charset, read_html, table_lines
from giar.read.layout import row_line

AGENCY = "示例县人力资源和社会保障局"
TITLE = f"{AGENCY}2024年政府信息公开工作年度报告"
G = edition_grammar("2021")
APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
TABLE3_ROWS = G.rows_of("applications")


def split_digits(n: int) -> str:
    """A number split across nested spans, as Word pastes it (12 → <span>1</span><span>2</span>)."""
    s = str(n)
    if len(s) == 1:
        return f"<span><font face='Times New Roman'>{s}</font></span>"
    return f"<span>{s[0]}</span><span><font face='Times New Roman'>{s[1:]}</font></span>"


def table3_values(i: int) -> list:
    """Row i's cells: natural_person and total filled, the legal-person cells &nbsp; (None)."""
    return [i + 10, None, None, None, None, None, i + 10]


def table3_html() -> str:
    """Table 3 with the label columns merged the way the official form merges them."""
    rows = [r for r in TABLE3_ROWS if r != "other_handling"]
    parts = {r: G.row_label(r).split(" ") for r in rows}
    out = ["<table border='1'><tbody>",
           "<tr><td colspan='3' rowspan='3'><p>（本列数据的勾稽关系为：第一项加第二项之和，"
           "等于第三项加第四项之和）</p></td><td colspan='7'>申请人情况</td></tr>",
           "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>",
           "<tr><td>商业<br/>企业</td><td>科研<br>机构</td><td>社会公益<br/>组织</td>"
           "<td>法律服务<br/>机构</td><td>其他</td></tr>"]
    for i, r in enumerate(rows):
        p = parts[r]
        cells = []
        if len(p) == 1:
            cells.append(f"<td colspan='3'><p><span>{p[0]}</span></p></td>")
        else:
            group_rows = [x for x in rows if parts[x][0] == p[0]]
            if group_rows[0] == r:
                cells.append(f"<td rowspan='{len(group_rows)}'><p>{p[0]}</p></td>")
            if len(p) == 2:
                cells.append(f"<td colspan='2'><p>{p[1]}</p></td>")
            else:
                sub_rows = [x for x in rows if parts[x][:2] == p[:2]]
                if sub_rows[0] == r:
                    cells.append(f"<td rowspan='{len(sub_rows)}'><p>{p[1]}</p></td>")
                cells.append(f"<td><p><span>{p[2]}</span></p></td>")
        for v in table3_values(i):
            cells.append("<td><p>&nbsp;</p></td>" if v is None else f"<td><p>{split_digits(v)}</p></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def page(charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="{charset}">
<title>{TITLE}-示例县人民政府</title>
<style>body {{ font-family: sans-serif }}</style>
<script>var site = "示例县人民政府 行政许可 行政处罚";</script>
</head>
<body>
<header><nav><ul><li>首页</li><li>政府信息公开</li><li>政务服务</li></ul></nav></header>
<div class="main">
  <div class="meta-table">
    <table class="table_content"><tbody>
      <tr><td>名称</td><td colspan="3">{TITLE}</td></tr>
      <tr><td>索引号</td><td>000000000/2025-00001</td><td>发布机构</td><td>{AGENCY}</td></tr>
    </tbody></table>
  </div>
  <div class="article">
    <h1 class="article-title">{TITLE}</h1>
    <div class="article-content">
<p><span>根据《中华人民共和国政府信息公开条例》要求，现公布</span><span><font>{AGENCY}</font></span><span>20</span><span>24</span><span>年度报告。</span></p>
<p><span><font face="黑体">一、总体情况</font></span></p>
<p><span>2024</span><font>年，我局共收到政府信息公开申请</font><span>1</span><span>2</span><font>件</font>，
   全部按期答复。</p>
<p><span>（一）主动公开</span></p>
<div style="display: none">分享到微信</div>
<p>全年主动公开政府信息<span>3</span><span>5</span>条。<br>第二行另起一段。</p>
<p><span><font face="黑体">二、主动公开政府信息情况</font></span></p>
<table border="1"><tbody>
<tr><td colspan="4"><p>第二十条第（一）项</p></td></tr>
<tr><td>信息内容</td><td>本年<br>制发件数</td><td>本年<br />废止件数</td><td>现行<br/>有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td><span>1</span><span>2</span></td><td>&nbsp;</td><td>4<span>0</span></td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">1<span>234</span></td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">7</td></tr>
<tr><td>行政强制</td><td colspan="3"><o:p>&nbsp;</o:p></td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">0.5</td></tr>
</tbody></table>
<p><span><font face="黑体">三、收到和处理政府信息公开申请情况</font></span></p>
{table3_html()}
<p><span><font face="黑体">四、政府信息公开行政复议、行政诉讼情况</font></span></p>
<table border="1"><tbody>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果<br>维持</td><td rowspan="2">结果<br>纠正</td><td rowspan="2">其他<br>结果</td>
    <td rowspan="2">尚未<br>审结</td><td rowspan="2">总计</td>
    <td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
    <td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>
    <td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>
</tbody></table>
<p><span><font face="黑体">五、存在的主要问题及改进情况</font></span></p>
<p>主动公开的深度还需加强。</p>
<p><span><font face="黑体">六、其他需要报告的事项</font></span></p>
<p>本年度未收取信息处理费。</p>
    </div>
  </div>
</div>
<footer><p>版权所有：示例县人民政府 网站标识码 0000000000</p></footer>
<script>document.write("统计代码");</script>
</body>
</html>
"""


@pytest.fixture(scope="module")
def report():
    return parse_bytes(page().encode("utf-8"), "report.html")


def test_page_is_sniffed_as_html_by_content():
    assert sniff(page().encode("utf-8"), "report") == "html"
    assert sniff(b"<p>\xe4\xb8\x80</p><table></table>", "fragment.txt") == "html"
    assert sniff(b"\xef\xbb\xbf<p>\xe4\xb8\x80</p>", "fragment.txt") == "html"  # after a BOM


def test_the_report_is_found_inside_the_page(report):
    source = read_html(page().encode("utf-8"), "report.html")
    text = "\n".join(line.text for line in source.lines)
    # navigation, scripts, the metadata table and the footer are not part of the report
    for chrome in ("首页", "政务服务", "var site", "索引号", "000000000/2025-00001", "版权所有", "统计代码",
                   "sans-serif", "分享到微信"):
        assert chrome not in text
    # the page heading before the article is the report's title
    assert source.lines[0].text == TITLE
    assert report.title.text == TITLE
    assert (report.agency, report.year) == (AGENCY, 2024)
    assert [s.kind for s in report.sections] == ["general", "active", "applications", "review", "problems", "other"]


def test_text_split_across_spans_is_joined():
    source = read_html(page().encode("utf-8"), "report.html")
    texts = [line.text for line in source.lines]
    assert f"根据《中华人民共和国政府信息公开条例》要求，现公布{AGENCY}2024年度报告。" in texts
    # digits split across spans are one number; a source newline between CJK text is no space
    assert "2024年，我局共收到政府信息公开申请12件，全部按期答复。" in texts
    # <br> in prose ends a line
    assert "全年主动公开政府信息35条。" in texts and "第二行另起一段。" in texts


def test_line_numbers_are_source_lines():
    html = page()
    source = read_html(html.encode("utf-8"), "report.html")
    lines = html.split("\n")
    for line in source.lines:
        assert 1 <= line.number <= len(lines)
    heading = next(ln for ln in source.lines if ln.text == "二、主动公开政府信息情况")
    assert "二、主动公开政府信息情况" in lines[heading.number - 1]
    row = next(ln for ln in source.lines if ln.text.startswith("规章 |"))
    assert "<td>规章</td>" in lines[row.number - 1]


def test_header_cells_with_br_are_one_cell():
    source = read_html(page().encode("utf-8"), "report.html")
    texts = [line.text for line in source.lines]
    assert "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数" in texts
    assert any("商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他" in t for t in texts)


def test_table_cells(report):
    tables = report_json(report)["tables"]
    active = tables["active_disclosure"]
    assert active["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    # &nbsp; is an empty cell (null), never 0; 4<span>0</span> is 40
    assert active["normative_documents"] == {"issued": 12, "repealed": None, "in_force": 40}
    assert active["licensing"] == {"decisions": 1234}
    assert active["punishment"] == {"decisions": 7}
    assert active["coercion"] == {"decisions": None}
    assert active["fees"] == {"amount": "0.5"}
    applications = tables["applications"]
    expected_rows = [r for r in TABLE3_ROWS if r != "other_handling"]
    assert list(applications) == expected_rows
    for i, key in enumerate(expected_rows):
        assert applications[key] == dict(zip(APPLICANTS, table3_values(i))), key
    review = tables["review_litigation"]
    assert review["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert review["litigation_direct"] == dict.fromkeys(("upheld", "corrected", "other", "pending", "total"), 0)
    assert review["litigation_after_review"] == dict.fromkeys(("upheld", "corrected", "other", "pending", "total"))
    assert report.unrecognised == ()


def test_rowspan_and_colspan_expansion():
    import lxml.html

    table = lxml.html.fragment_fromstring(
        "<table>"
        "<tr><td rowspan='2'>A</td><td colspan='2'>B</td><td>C</td></tr>"
        "<tr><td>1</td><td>2</td><td>3</td></tr>"
        "<tr><td>x</td><td colspan='2'>&nbsp;</td><td>4</td></tr>"
        "</table>")
    rows = [line.text for line in table_lines(table)]
    # a spanned cell's text once, at its top-left; the rows below it get one empty cell;
    # a cell spanning columns is one cell
    assert rows == [row_line(["A", "B", "C"]), row_line(["", "1", "2", "3"]), row_line(["x", "", "4"])]
    assert rows[1] == "|  | 1 | 2 | 3 |"


def test_fragment_on_one_line_with_nbsp_zeros():
    rows = "".join(
        f"<tr><td>{label}</td><td>&nbsp;</td><td>3</td><td>&nbsp;</td></tr>"
        for label in ("规章", "行政规范性文件"))
    fragment = (
        f"<p style='text-align:center'>{TITLE}</p><p>一、总体情况</p><p>概述。</p>"
        f"<p>二、主动公开政府信息情况</p><table><tbody><tr><td colspan='4'>第二十条第（一）项</td></tr>"
        f"<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>{rows}"
        "</tbody></table><p><br />三、收到和处理政府信息公开申请情况</p>")
    source = read_bytes(fragment.encode("utf-8"), "fragment.html")
    assert source.format == "html"
    assert all(line.number == 1 for line in source.lines)
    assert "三、收到和处理政府信息公开申请情况" in [line.text for line in source.lines]
    report = parse_source(source)
    assert report.title.text == TITLE
    active = report_json(report)["tables"]["active_disclosure"]
    assert active["regulations"] == {"issued": None, "repealed": 3, "in_force": None}
    assert active["normative_documents"] == {"issued": None, "repealed": 3, "in_force": None}


@pytest.mark.parametrize("declared", ["utf-8", "iso-8859-1", "gb2312", "windows-1252"])
def test_gbk_page_whatever_its_meta_charset_says(declared):
    data = page(declared).encode("gbk")
    text, encoding = decode_html(data, "gbk.html")
    assert encoding in ("gb18030", "gbk", "gb2312")
    assert TITLE in text
    report = parse_bytes(data, "gbk.html")
    assert report.title.text == TITLE
    assert report_json(report)["tables"]["active_disclosure"]["licensing"] == {"decisions": 1234}


def test_declared_charset():
    assert declared_charset(b'<meta charset="GB2312">') == "gb2312"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">') == "gbk"
    assert declared_charset(b"<meta charset='no-such-charset'>") is None
    assert declared_charset(b"<p>no meta</p>") is None


def test_a_layout_table_is_read_as_prose():
    html = (f"<html><body><table><tr><td><p>{TITLE}</p><p>一、总体情况</p><p>本年度共公开信息十条。</p>"
            "<table><tr><td>第二十条第（五）项</td></tr><tr><td>行政许可</td><td>3</td></tr></table>"
            "</td></tr></table></body></html>")
    texts = [line.text for line in read_bytes(html.encode("utf-8"), "layout.html").lines]
    assert texts == [TITLE, "一、总体情况", "本年度共公开信息十条。", "第二十条第（五）项", "行政许可 | 3"]


def test_a_page_without_text_is_an_error():
    with pytest.raises(GiarError, match="no text"):
        read_bytes(b"<html><body><script>var x = 1;</script></body></html>", "empty.html")
