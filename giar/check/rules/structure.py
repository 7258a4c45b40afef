"""GS — structure: sections, headings, title, edition, tables, rows, labels and headers."""

from __future__ import annotations

import functools
import re
from typing import Iterable

import attrs

from giar.check.context import Context, replace_table
from giar.check.rule import ERROR, UNSAFE, WARNING, Finding, Fix, Rule
from giar.format import Vocabulary, edition, edition_for_year, fold, vocabulary
from giar.model.ast import UNDETERMINED_RUN, Count, Report, Row, Span, Title

# The header words (W_* of the grammar) that the tables' headers print: the top-left
# cells, the spanning group headers and table 3's note. Keys, not wording.
HEADER_WORD_KEYS = ("content", "applicants", "legal_person", "balance_note")


@functools.lru_cache(maxsize=None)
def _title_form(suffix: str) -> re.Pattern:
    return re.compile(r"^(?P<agency>.+?)(?P<year>\d{4})年" + re.escape(suffix) + "$")


def _title(agency: str, year: int, g: Vocabulary) -> str:
    return f"{agency}{year}年{g.title_suffix}"


def _title_template(g: Vocabulary) -> str:
    """“{机关名称}{年份}年政府信息公开工作年度报告”, as messages show the form."""
    return f"“{{机关名称}}{{年份}}年{g.title_suffix}”"


def _numeral_range(g: Vocabulary) -> tuple[str, str]:
    """The numerals of the first and last parts (一, 六)."""
    return g.section_numeral(g.section_kinds[0]), g.section_numeral(g.section_kinds[-1])


class MissingSection(Rule):
    """报告缺少格式规定的六个部分之一。A section of the report is missing.

    The national format has six parts, 一 to 六, in this order; every part must be there
    even when there is little to say (write "本年度无……" rather than leave it out).

    Anti-pattern: 第五部分（存在的主要问题及改进情况）整个缺失。

        一、总体情况
        本年度……
        二、主动公开政府信息情况
        三、收到和处理政府信息公开申请情况
        四、政府信息公开行政复议、行政诉讼情况
        六、其他需要报告的事项
        本年度未收取信息处理费。

    Best practice: 六个部分齐全，按顺序排列。

        一、总体情况
        本年度……
        二、主动公开政府信息情况
        三、收到和处理政府信息公开申请情况
        四、政府信息公开行政复议、行政诉讼情况
        五、存在的主要问题及改进情况
        存在的问题是……。下一步将加强……。
        六、其他需要报告的事项
        本年度未收取信息处理费。
    """

    code = "GS001"
    name = "missing-section"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        kinds = ctx.g.section_kinds
        present = {s.kind for s in ctx.report.sections}
        count = _numeral_range(ctx.g)[1]  # the last part's numeral is how many parts there are
        for i, kind in enumerate(kinds):
            if kind in present:
                continue
            after = next((s for s in ctx.report.sections if kinds.index(s.kind) > i), None)
            line = after.span.line if after and after.span else ctx.last_line()
            yield ctx.finding(self, f"缺少{ctx.section_name(kind)}。报告必须包含格式规定的全部{count}个部分。",
                              line=line)


class DuplicateSection(Rule):
    """同一部分出现了两次。A section appears more than once.

    Each of the six parts appears once. A second 二、主动公开政府信息情况 usually means a
    body outline reused the official numbering, or a part was pasted twice.

    Anti-pattern: 第二部分出现两次。

        一、总体情况
        二、主动公开政府信息情况
        二、主动公开政府信息情况

    Best practice: 每个部分只出现一次。

        一、总体情况
        二、主动公开政府信息情况
    """

    code = "GS002"
    name = "duplicate-section"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        first: dict[str, int] = {}
        for section in ctx.report.sections:
            line = section.span.line if section.span else None
            if section.kind in first:
                yield ctx.finding(
                    self, f"{ctx.section_name(section.kind)}重复出现（第一次在第 {first[section.kind]} 行）。",
                    section.span, line=line)
            else:
                first[section.kind] = line or 0


class SectionOrder(Rule):
    """各部分的顺序与格式规定不同。Sections are out of order.

    The six parts come in the order 一 二 三 四 五 六. The fix (unsafe: it moves whole
    parts) puts them in that order, keeping every part's text.

    Anti-pattern: 第六部分写在第五部分之前。

        一、总体情况
        六、其他需要报告的事项
        本年度未收取信息处理费。
        五、存在的主要问题及改进情况
        存在的问题是……。下一步将加强……。

    Best practice: 按一至六的顺序排列。

        一、总体情况
        五、存在的主要问题及改进情况
        存在的问题是……。下一步将加强……。
        六、其他需要报告的事项
        本年度未收取信息处理费。
    """

    code = "GS003"
    name = "section-order"
    severity = ERROR
    fixable = UNSAFE

    def check(self, ctx: Context) -> Iterable[Finding]:
        kinds = ctx.g.section_kinds
        first, last = _numeral_range(ctx.g)
        highest = -1
        prev = None
        for section in ctx.report.sections:
            i = kinds.index(section.kind)
            if i < highest and prev is not None:
                yield ctx.finding(
                    self, f"{ctx.section_name(section.kind)}应在{ctx.section_name(prev.kind)}之前。",
                    section.span, fix=Fix(f"按{first}至{last}的顺序重排各部分", UNSAFE, _sort_sections))
            if i > highest:
                highest, prev = i, section


def _sort_sections(report: Report) -> Report:
    kinds = vocabulary(report.edition).section_kinds
    ordered = sorted(report.sections, key=lambda s: kinds.index(s.kind))
    return attrs.evolve(report, sections=tuple(ordered))


class HeadingWording(Rule):
    """部分标题不是格式规定的写法。A section heading is not the edition's official wording.

    Evaluators compare headings with the national format word for word. Markdown ``#``
    marks, full- or half-width brackets and spaces do not matter; words and numbering do.
    A part whose heading is missing altogether (giar recognised it by its content and
    place) is reported too. The canonical writer (``giar fix`` / ``giar format``) writes
    the official heading.

    Anti-pattern: 标题多了“政府信息公开工作”。

        五、政府信息公开工作存在的主要问题及改进情况

    Best practice: 使用规定的标题。

        五、存在的主要问题及改进情况
    """

    code = "GS004"
    name = "heading-wording"
    severity = WARNING
    fixable = "safe"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for section in ctx.report.sections:
            official = ctx.heading(section.kind)
            written = section.source_heading.strip().strip("*").strip()
            if not written:
                yield ctx.finding(
                    self, f"{ctx.section_name(section.kind)}没有标题，giar 按内容和位置识别了这一部分；"
                          f"应写明“{official}”。", section.span, expected=official,
                    fix=Fix(f"写出“{official}”", "safe"))
                continue
            if fold(written) == fold(official):
                continue
            end = (section.span.column or 1) + len(section.source_heading) if section.span else None
            yield ctx.finding(
                self, f"标题“{written}”不是格式规定的写法，应为“{official}”。", section.span,
                end_line=section.span.line if section.span else None, end_column=end,
                expected=official, found=written,
                fix=Fix(f"改为“{official}”", "safe"))


class MissingTitle(Rule):
    """报告没有标题。The report has no title.

    The title names the agency and the year:
    ``{机关名称}{年份}年政府信息公开工作年度报告``. Where giar knows both (from the
    preamble), an unsafe fix adds the title; check the agency's name before accepting it.

    Anti-pattern: 直接从“一、总体情况”开始。

        一、总体情况
        2023年，本局……

    Best practice: 先写标题。

        示例县人力资源和社会保障局2023年政府信息公开工作年度报告
        一、总体情况
        2023年，本局……
    """

    code = "GS005"
    name = "missing-title"
    severity = WARNING
    fixable = UNSAFE

    def check(self, ctx: Context) -> Iterable[Finding]:
        r = ctx.report
        if r.title is not None:
            return
        fix = None
        if r.agency and r.year:
            text = _title(r.agency, r.year, ctx.g)
            fix = Fix(f"添加标题“{text}”", UNSAFE,
                      lambda rep, t=text: attrs.evolve(rep, title=Title(t, source_text=t)))
        yield ctx.finding(self, f"报告没有标题。标题应为{_title_template(ctx.g)}。",
                          line=ctx.first_line(), fix=fix)


class TitleForm(Rule):
    """标题不符合“{机关名称}{年份}年政府信息公开工作年度报告”的格式。The title is not in the official form.

    The title is the agency's name, the year, then 年政府信息公开工作年度报告 — not the
    year first, not 年度报告 without 工作. An unsafe fix rewrites it from the agency and
    year giar read.

    Anti-pattern: 年份在前，且少了“工作”。

        2023年示例县人力资源和社会保障局政府信息公开年度报告

    Best practice: 机关名称在前，年份在后。

        示例县人力资源和社会保障局2023年政府信息公开工作年度报告
    """

    code = "GS006"
    name = "title-form"
    severity = WARNING
    fixable = UNSAFE

    def check(self, ctx: Context) -> Iterable[Finding]:
        r = ctx.report
        if r.title is None or _title_form(ctx.g.title_suffix).match(r.title.text):
            return
        fix = None
        if r.agency and r.year:
            text = _title(r.agency, r.year, ctx.g)
            fix = Fix(f"改为“{text}”", UNSAFE,
                      lambda rep, t=text: attrs.evolve(rep, title=Title(t, source_text=t)))
            message = f"标题“{r.title.text}”不符合规定格式，应为“{text}”。"
        else:
            text = None
            message = f"标题“{r.title.text}”不符合{_title_template(ctx.g)}的格式。"
        yield ctx.finding(self, message, r.title.span, expected=text, found=r.title.text, fix=fix)


class EditionYear(Rule):
    """报告的表格不是该年度应使用的格式版本。The tables are of another edition than the report's year requires.

    Each edition of the format governs a span of report years (grammar/editions.toml):
    reports for 2021 and later use the format of 国办公开办函〔2021〕30号, the 2019 trial
    edition (国办公开办函〔2019〕60号) is for report years 2019 and 2020 only. Reported when
    the tables print a row, row label or column header of another edition than the one
    that governs the report's year; the message names the notice that governs it.

    Anti-pattern: 2023 年度报告中出现 2019 版的“第二十条第（九）项”等表格。

        示例县人民政府2023年政府信息公开工作年度报告
        二、主动公开政府信息情况
        第二十条第（一）项
        | 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
        |---|---|---|---|
        | 规章 | 0 | 0 | 0 |
        | 规范性文件 | 0 | 0 | 0 |

    Best practice: 使用 2021 版表格。

        示例县人民政府2023年政府信息公开工作年度报告
        二、主动公开政府信息情况
        第二十条第（一）项
        | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
        |---|---|---|---|
        | 规章 | 0 | 0 | 0 |
        | 行政规范性文件 | 0 | 0 | 0 |
    """

    code = "GS007"
    name = "edition-year"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        r = ctx.report
        if not r.year:
            return
        due = edition_for_year(r.year)
        if r.edition == due or not _shows_edition(r, ctx.g, vocabulary(due)):
            return
        first_table = next(iter(ctx.tables()), None)
        span = first_table.span if first_table is not None and first_table.span else (
            r.title.span if r.title else None)
        want, used = edition(due), edition(r.edition)
        yield ctx.finding(
            self, f"本报告为{r.year}年度报告，应使用{want.id}年版格式（{want.notice}），"
                  f"但表格是{used.id}年版格式（{used.notice}）。", span,
            expected=want.id, found=used.id)


def _shows_edition(report: Report, used: Vocabulary, due: Vocabulary) -> bool:
    """Do the report's tables print something of ``used``'s edition that ``due``'s lacks: a
    row, a row label, a column header? (A report with no such evidence was read as the
    newest edition for want of any, and says nothing about its edition.)"""
    columns = {fold(v) for k, v in used.literals.items() if k.startswith("C_")}
    columns -= {fold(v) for k, v in due.literals.items() if k.startswith("C_")}
    for section in report.sections:
        for table in section.tables:
            if any(fold(cell) in columns for header in table.headers for cell in header.cells):
                return True
            for row in table.rows:
                if row.missing:
                    continue
                if not due.has_row(row.key):
                    return True
                if not row.label_recovered and fold(used.row_label(row.key)) != fold(due.row_label(row.key)):
                    return True
    return False


class MissingTable(Rule):
    """一个部分缺少它的统计表。A section lacks its table.

    Parts 二, 三 and 四 each consist of a table of the national format. A part that only
    describes the numbers in prose, or whose table giar could not find, is reported here.

    Anti-pattern: 第四部分只有文字，没有表格。

        四、政府信息公开行政复议、行政诉讼情况
        本年度未发生行政复议、行政诉讼。

    Best practice: 填写第四部分的表格。

        四、政府信息公开行政复议、行政诉讼情况
        |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 0 | 0 | 0 | 0 | 0 |
        | 行政诉讼 未经复议直接起诉 | 0 | 0 | 0 | 0 | 0 |
        | 行政诉讼 复议后起诉 | 0 | 0 | 0 | 0 | 0 |
    """

    code = "GS008"
    name = "missing-table"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        for kind, section_kind in ctx.g.table_section.items():
            if ctx.table(kind) is not None:
                continue
            section = ctx.report.section(section_kind)
            if section is None:
                continue  # GS001 reports the missing section
            yield ctx.finding(self, f"{ctx.section_name(section_kind)}缺少统计表。", section.span)


class MissingRow(Rule):
    """表格缺少规定的行。A row (or a whole sub-table of table 2) is missing.

    Every row of the national format is filled in, with 0 where nothing happened. giar
    knows the rows by the grammar's order, so a row that is not there is reported at the
    place it should be.

    Anti-pattern: 第二十条第（六）项缺少“行政强制”一行。

        ## 二、主动公开政府信息情况

        #### 第二十条第（一）项

        | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
        |---|---|---|---|
        | 规章 | 0 | 0 | 0 |
        | 行政规范性文件 | 3 | 1 | 12 |

        #### 第二十条第（五）项

        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政许可 | 120 |

        #### 第二十条第（六）项

        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政处罚 | 15 |

        #### 第二十条第（八）项

        | 信息内容 | 本年收费金额（单位：万元） |
        |---|---|
        | 行政事业性收费 | 1.5 |

    Best practice: 每一行都填写。

        ## 二、主动公开政府信息情况

        #### 第二十条第（一）项

        | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
        |---|---|---|---|
        | 规章 | 0 | 0 | 0 |
        | 行政规范性文件 | 3 | 1 | 12 |

        #### 第二十条第（五）项

        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政许可 | 120 |

        #### 第二十条第（六）项

        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政处罚 | 15 |
        | 行政强制 | 2 |

        #### 第二十条第（八）项

        | 信息内容 | 本年收费金额（单位：万元） |
        |---|---|
        | 行政事业性收费 | 1.5 |
    """

    code = "GS009"
    name = "missing-row"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table in ctx.tables():
            done_groups = set()
            for row in table.rows:
                if not row.missing:
                    continue
                if row.group:
                    group_rows = [r for r in table.rows if r.group == row.group]
                    if all(r.missing for r in group_rows):
                        if row.group not in done_groups:
                            done_groups.add(row.group)
                            yield ctx.finding(
                                self, f"“{ctx.table_label(table.kind)}”缺少“{ctx.caption(row.group)}”整个子表。",
                                row.span, table=table)
                        continue
                yield ctx.finding(self, f"“{ctx.table_label(table.kind)}”缺少“{ctx.row_title(row)}”一行。",
                                  row.span, table=table, row=row)


# The rows into which an edition may split （六）其他处理 (the 2021 edition does).
_SUB_ROWS = ("other_overdue_correction", "other_overdue_fee", "other_other")


def _splits_other_handling(g: Vocabulary) -> bool:
    return all(g.has_row(key) for key in _SUB_ROWS)


class MergedOtherHandling(Rule):
    """2021 版表三的“（六）其他处理”只写了一行，缺少三个细分行。（六）其他处理 printed as one row.

    The 2021 edition (and any whose grammar has the sub-rows) splits （六）其他处理 into
    1. 申请人无正当理由逾期不补正…, 2. 申请人逾期未按收费通知要求缴纳费用…, 3. 其他. A report
    that prints the 2019 edition's single row loses that detail. When the single row is all zeros the three sub-rows must be zero
    too, and an unsafe fix writes them.

    Anti-pattern: 只有一行“（六）其他处理”。

        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 三、本年度办理结果 （六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |

    Best practice: 分三行填写。

        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | （六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
    """

    code = "GS010"
    name = "merged-other-handling"
    severity = WARNING
    fixable = UNSAFE

    def check(self, ctx: Context) -> Iterable[Finding]:
        if not _splits_other_handling(ctx.g):
            return
        table = ctx.table("applications")
        row = table.get("other_handling") if table is not None else None
        if row is None:
            return
        names = "、".join(f"“{ctx.row_label(k).split(' ')[-1]}”" for k in _SUB_ROWS)
        merged = ctx.row_label("other_handling").split(" ")[-1]
        fix = None
        if all(isinstance(c, Count) and c.value == 0 for c in row.cells):
            fix = Fix("全为 0：拆成三个细分行，均填 0", UNSAFE, _split_other_handling, changes_numbers=True)
        yield ctx.finding(
            self, f"{ctx.edition}年版表三的“{merged}”应分为三行（{names}），本报告只写了一行，缺少这三个细分行。",
            row.span, table=table, row=row, fix=fix)


def _split_other_handling(report: Report) -> Report:
    table = report.table("applications")
    row = table.get("other_handling") if table is not None else None
    g = vocabulary(report.edition)
    if row is None or not _splits_other_handling(g):
        return report
    rows = []
    for r in table.rows:
        if r.key != "other_handling":
            rows.append(r)
            continue
        for key in _SUB_ROWS:
            cols = g.row_columns[key]
            rows.append(Row(key, cols, tuple(Count(0, source_text="0") for _ in cols), None))
    return replace_table(report, "applications", attrs.evolve(table, rows=tuple(rows)))


class LostLabel(Rule):
    """行标签丢失或写错，giar 按位置识别了这一行。A row label was lost or garbled and recovered by position.

    Text extracted from a PDF or web page often loses the label cells of table 3
    (they become ``0`` or ``0 0 0``) or garbles them. giar identifies the row by its
    position in the official order; check that the numbers are in the right rows. The
    canonical writer (``giar fix``) writes the official label.

    Anti-pattern: 标签变成了数字。

        三、收到和处理政府信息公开申请情况
        | 一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |

    Best practice: 每行写规定的标签。

        三、收到和处理政府信息公开申请情况
        | 一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
    """

    code = "GS011"
    name = "lost-label"
    severity = WARNING
    fixable = "safe"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table in ctx.tables():
            for row in table.rows:
                if not row.label_recovered or row.missing:
                    continue
                official = ctx.row_label(row.key)
                written = (row.source_label or "").strip()
                if written and re.search(r"[\u4e00-\u9fff]", written.split(" ")[-1]):
                    message = f"行标签“{written}”与格式规定不符，已按位置识别为“{official}”，请核对该行数字。"
                elif written:
                    message = (f"行标签在提取中丢失（原文为“{written}”），已按行的位置识别为“{official}”，"
                               "请核对该行数字。")
                else:
                    message = f"行标签缺失，已按行的位置识别为“{official}”，请核对该行数字。"
                end = (row.span.column + len(written)) if row.span and written else None
                yield ctx.finding(self, message, row.span, end_column=end, table=table, row=row,
                                  expected=official, found=written or None,
                                  fix=Fix(f"写出规定的行标签“{official}”", "safe"))


class HeaderGarbled(Rule):
    """表头被截断或有误。A table header is truncated or garbled.

    A header cell that is cut short (``本年新`` for 本年新制作数量, ``结果`` for 结果纠正)
    or that is not a header of the official table (``数据1``) makes the table hard to read
    and check. giar reads the columns by position; the canonical writer (``giar fix``)
    writes the official header.

    Anti-pattern: 表头被截断。

        四、政府信息公开行政复议、行政诉讼情况
        | | 结果维持 | 结果 | 其他 | 尚未 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 0 | 0 | 0 | 0 | 0 |

    Best practice: 完整的表头。

        四、政府信息公开行政复议、行政诉讼情况
        | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 0 | 0 | 0 | 0 | 0 |
    """

    code = "GS012"
    name = "header-garbled"
    severity = WARNING
    fixable = "safe"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table in ctx.tables():
            words = _header_words(ctx, table.kind)
            for header in table.headers:
                truncated, wrong = [], []
                for cell in header.cells:
                    f = fold(cell)
                    if not f or f in words:
                        continue
                    if len(f) >= 1 and any(f in w for w in words):
                        truncated.append(cell)
                    else:
                        wrong.append(cell)
                if not truncated and not wrong:
                    continue
                parts = []
                if truncated:
                    parts.append("被截断：" + "、".join(f"“{c}”" for c in truncated))
                if wrong:
                    parts.append("不是规定的表头：" + "、".join(f"“{c}”" for c in wrong))
                place = _text_place(ctx, header.span, (truncated + wrong)[0])
                yield ctx.finding(
                    self, f"“{ctx.table_label(table.kind)}”的表头" + "；".join(parts) + "。giar 已按位置读取各列。",
                    header.span, table=table, found=" | ".join(header.cells),
                    fix=Fix("写出规定的表头", "safe"), **place)


def _header_words(ctx: Context, kind: str) -> set[str]:
    g = ctx.g
    words = {fold(g.header_word(k)) for k in HEADER_WORD_KEYS if "W_" + k.upper() in g.literals}
    for rule in g.rows_of(kind):
        for col in g.row_columns[rule]:
            words.add(fold(ctx.column_label(col)))
        label = g.literals.get("L_" + rule.upper())
        if label:
            for part in label.split(" "):
                words.add(fold(part))
        if kind == "active_disclosure":
            for group in g.group_rows:
                if rule in g.rows_of(group):
                    words.add(fold(g.caption(group)))
    return words


def _text_place(ctx: Context, span, text: str) -> dict:
    """line/column/end of ``text`` on the span's line, when the source shows it."""
    if span is None or ctx.source is None:
        return {}
    cell = re.compile(r"(?:^|(?<=[|\t]))[ \u3000\u00a0]*(" + re.escape(text) + r")[ \u3000\u00a0]*(?=[|\t]|$)")
    for line in ctx.source.lines:
        if line.number != span.line:
            continue
        m = cell.search(line.text)
        if m:
            col = line.column + m.start(1)
            return {"column": col, "end_line": span.line, "end_column": col + len(text)}
    return {}


_REASONS = {
    "label not recognised": "无法识别的行标签（多余的行，或写错的标签）",
    "cells outside a row": "表格中多出的单元格（多余的行或列）",
    "before the title": "标题之前的文字",
    "carried": "先前未能识别、被保留为注释的文字",
}


class UnplacedText(Rule):
    """有 giar 无法归入报告结构的内容。Text giar could not place in the report's structure.

    Every line of a report belongs to the title, a part, a table row or a table header.
    A line that fits nowhere — an extra table row, a label that is no label of the format,
    text before the title, a table row outside its table — is kept (the canonical writer
    carries it as a ``<!-- giar:unrecognised … -->`` comment) and reported here.

    Anti-pattern: 表格中多了一行格式中没有的内容。

        四、政府信息公开行政复议、行政诉讼情况
        |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 0 | 0 | 0 | 0 | 0 |
        | 行政诉讼 未经复议直接起诉 | 0 | 0 | 0 | 0 | 0 |
        | 行政诉讼 复议后起诉 | 0 | 0 | 0 | 0 | 0 |
        | 行政赔偿 | 0 | 0 | 0 | 0 | 0 |

    Best practice: 只写格式规定的行。

        四、政府信息公开行政复议、行政诉讼情况
        |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 0 | 0 | 0 | 0 | 0 |
        | 行政诉讼 未经复议直接起诉 | 0 | 0 | 0 | 0 | 0 |
        | 行政诉讼 复议后起诉 | 0 | 0 | 0 | 0 | 0 |
    """

    code = "GS013"
    name = "unplaced-text"
    severity = WARNING

    def check(self, ctx: Context) -> Iterable[Finding]:
        by_line: dict = {}
        for frag in ctx.report.unrecognised:
            if frag.reason == UNDETERMINED_RUN:
                continue  # (GD006 reports a run it keeps, with the splits it allows)
            key = frag.span.line if frag.span else id(frag)
            by_line.setdefault(key, []).append(frag)
        for frags in by_line.values():
            first = frags[0]
            reason = _REASONS.get(first.reason) or "不在报告结构中应有位置的文字"
            whole = " | ".join(f.text for f in frags)
            text = whole if len(whole) <= 40 else whole[:40] + "…"
            span = first.span
            if span is not None and span.end_column is None and "\n" not in first.text:
                # (the fragment's own text: carets and SARIF regions cover it)
                span = Span(span.line, span.column, span.line, span.column + len(first.text))
            yield ctx.finding(self, f"{reason}：“{text}”。请删除或移到正确的位置。", span, found=whole)


# The marker giar new puts around guidance (templates/guidance.j2, docs/publishing.md).
_GUIDANCE = re.compile(r"【填写说明[：:][^】]*】")


class GuidanceLeft(Rule):
    """报告中还留有模板的填写说明。Guidance from the blank template is still in the report.

    ``giar new`` writes a blank report whose guidance and placeholders are marked
    【填写说明：…】. Each one must be replaced by the agency's own text before publication;
    one left in place means that part of the report is still blank.

    Anti-pattern: 填写说明未替换。

        ## 一、总体情况

        【填写说明：概述本年度政府信息公开工作的总体情况。】

    Best practice: 写明实际情况。

        ## 一、总体情况

        2025年，本局认真贯彻《条例》，依法做好政府信息公开工作。
    """

    code = "GS014"
    name = "guidance-left"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        title = [(None, ctx.report.title, None)] if ctx.report.title else []
        for _path, block, _section in title + list(ctx.prose()):
            text = block.source_text if isinstance(block, Title) else block.text
            for m in _GUIDANCE.finditer(text):
                shown = m.group(0) if len(m.group(0)) <= 30 else m.group(0)[:29] + "…】"
                yield ctx.finding(self, f"还留有模板的填写说明“{shown}”，请替换为实际内容。",
                                  block.span, found=m.group(0))


__all__ = [
    "MissingSection", "DuplicateSection", "SectionOrder", "HeadingWording", "MissingTitle",
    "TitleForm", "EditionYear", "MissingTable", "MissingRow", "MergedOtherHandling",
    "LostLabel", "HeaderGarbled", "UnplacedText", "GuidanceLeft",
]
