"""Text and Markdown that came out of PDF converters: giar.read.converted undoes the layout.

The document is built here for an invented agency, in the shapes the corpus shows (hard
line wraps, ``— n —`` footers, a sub-table's rows pushed to the end of the page with cells
floating outside them, ``行政许可 97`` written as text, a report with its own outline and
no 五、 heading, placeholder tables of ``-``).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from giar.model.contract import report_json
from giar.parse import parse_text
from giar.read import read_bytes
from giar.read.converted import looks_converted, page_width, repair, width
from giar.read.layout import PAGE_NUMBER, is_page_number
from giar.read.source import Line

AGENCY = "示例县人力资源和社会保障局"
SENTENCE = "我局坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，围绕重点领域信息公开和政策解读，"


def wrap(text: str, n: int = 28) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)]


PARAGRAPH = SENTENCE * 3 + "不断提升政务公开质量。"
WRAPPED = wrap(PARAGRAPH)


def document() -> str:
    lines = ["正文", "2024 年示例县人力资源和社会保障局政府信息公开", "工作年度报告",
             "一、总体情况", *WRAPPED[:3], "— 1 —", *WRAPPED[3:], "",
             "二、工作机制保障", *WRAPPED, "",
             "三、主动公开工作情况", "全年主动公开政府信息 35 条。", "",
             "二、主动公开政府信息情况",
             "第二十条第（一）项", "22", "（其中修订 3 件）",
             "第二十条第（五）项", "信息内容本年处理决定数量", "行政许可 97",
             "第二十条第（六）项", "信息内容本年处理决定数量", "行政处罚 4", "行政强制 0",
             "第二十条第（八）项", "信息内容本年收费金额（单位：万元）", "行政事业性收费 0",
             "— 2 —",
             "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "|---|---|---|---|",
             "## 表二：主动公开政府信息情况",
             "| 规章 | 1 | 0 | 5 |", "|---|---|---|---|",
             "## 表二：主动公开政府信息情况",
             "| 行政规范性文件 | 30 | 120 |", "|---|---|---|", "",
             "三、收到和处理政府信息公开申请情况",
             "### 申请人情况 (自然人)", "| (数据项目) | 数量 |", "|---|---|", "| - | - |", ""]
    from giar.parse.grammar import edition_grammar

    g = edition_grammar("2021")
    for i, key in enumerate(r for r in g.rows_of("applications") if r != "other_handling"):
        label = g.row_label(key).split(" ")[-1]
        lines.append(f"| {label} | {i} | 0 | 0 | 0 | 0 | 0 | {i} |")
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况",
              "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "",
              "（一）存在的主要问题", *WRAPPED, "",
              "（二）改进情况", "加强培训。", "",
              "六、其他需要报告的事项", "本年度未收取信息处理费。", "— 3 —"]
    return "\n".join(lines)


def lines_of(text: str) -> list[Line]:
    return [Line(t, i) for i, t in enumerate(text.split("\n"), 1)]


def test_converter_output_is_recognised_and_clean_text_is_not():
    assert looks_converted(lines_of(document()))
    clean = "\n".join(["一、总体情况", PARAGRAPH, "二、主动公开政府信息情况", "第二十条第（五）项", "| 行政许可 | 97 |"])
    assert not looks_converted(lines_of(clean))
    assert page_width(lines_of(document())) == width(WRAPPED[0])


def test_hard_wrapped_prose_is_joined_across_page_footers():
    source = read_bytes(document().encode("utf-8"), "converted.md")
    texts = [ln.text for ln in source.lines]
    assert PARAGRAPH in texts  # joined, although "— 1 —" stood between its lines
    assert not any(t.startswith("—") for t in texts)
    # joined lines keep the number of their first line
    first = next(ln for ln in source.lines if ln.text == PARAGRAPH)
    assert first.number == 5
    # short lines are not joined: the two-line title stays for the lexer
    assert "2024 年示例县人力资源和社会保障局政府信息公开" in texts and "工作年度报告" in texts


def test_table_fragments_are_put_back_under_their_caption():
    out = [ln.text for ln in repair(lines_of(document()))]
    i = out.index("第二十条第（一）项")
    # the header and rows came back under the caption; the loose "22（其中修订 3 件）"
    # filled the cell the normative-documents row lacked
    assert out[i + 1:i + 6] == ["| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "|---|---|---|---|",
                                "| 规章 | 1 | 0 | 5 |", "|---|---|---|---|",
                                "| 行政规范性文件 | 30 | 22（其中修订 3 件） | 120 |"]
    assert out[i + 6] == "第二十条第（五）项"
    assert "| 行政许可 | 97 |" in out and "| 行政强制 | 0 |" in out
    assert "22" not in out and "（其中修订 3 件）" not in out


def test_the_whole_report():
    report = parse_text(document(), "converted.md")
    assert report.title.text == f"2024年{AGENCY}政府信息公开工作年度报告"
    assert (report.agency, report.year) == (AGENCY, 2024)
    # the report's own outline (二、工作机制保障, 三、主动公开工作情况) stays inside 总体情况;
    # the missing 五、 heading is implied by （一）存在的主要问题 after table 4
    assert [s.kind for s in report.sections] == ["general", "active", "applications", "review", "problems", "other"]
    problems = report.section("problems")
    assert problems.source_heading == "" and problems.body[0].text == "（一）存在的主要问题"
    tables = report_json(report)["tables"]
    active = tables["active_disclosure"]
    assert active["regulations"] == {"issued": 1, "repealed": 0, "in_force": 5}
    assert active["normative_documents"] == {"issued": 30, "repealed": 22, "in_force": 120}
    assert active["licensing"] == {"decisions": 97}
    assert (active["punishment"], active["coercion"], active["fees"]) == (
        {"decisions": 4}, {"decisions": 0}, {"amount": "0"})
    # the "| - | - |" placeholder table is no row: new_received is the first real row
    applications = tables["applications"]
    assert applications["new_received"]["natural_person"] == 0
    assert applications["carried_over"] == {"natural_person": 1, "commercial": 0, "research": 0,
                                            "social_welfare": 0, "legal_service": 0, "other_org": 0, "total": 1}
    assert applications["carried_forward"]["total"] == 24
    assert tables["review_litigation"]["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \u3000\t\n-—~/第页共,，12３٣年报告x", max_size=14))
def test_is_page_number_is_the_regex(text):
    # (its shortcut: a page number ends in a digit, a dash or 页)
    assert is_page_number(text) == bool(PAGE_NUMBER.match(text))


def test_page_numbers():
    for footer in ("- 3 -", "— 12 —", "第3页 共7页", "3/7", "  －２－  ", "第 2 页\n", "12/３"):
        assert is_page_number(footer), footer
    for text in ("2024年", "共7页的报告", "3-", "第三页"):
        assert not is_page_number(text), text
