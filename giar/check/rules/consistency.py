"""GC — consistency: the year, prose against tables, and what parts 五 and 六 must say.

Numbers are read from prose only in clear, common phrasings (``共收到政府信息公开申请212件``,
``结转下年度继续办理6件``, ``行政复议1件``, ``制发行政规范性文件3件``); a sentence that names
another year than the report's is not compared. The prose of 五 and 六 is not searched for
numbers (it often speaks of last year or next year).
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Iterable, Optional

from giar.check.context import Context, fmt, number_json, value
from giar.check.rule import WARNING, Finding, Rule
from giar.format import title_parts
from giar.model.ast import Paragraph, Subheading

_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_PERIOD = re.compile(
    r"(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:至|到|—|－|-|~|～)\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日")
_BODY_YEAR = re.compile(r"^\s*(\d{4})\s*年")

_GAP = r"[^。；;，,\d]"
_UNIT = r"\s*(?:件|个|份|条|起|宗)"
_CHANGE_WORDS = re.compile(r"增|减|同比|较|比上|上升|下降|其中")

_APPLY = re.compile(rf"(?:收到|受理|新收|接收|接到){_GAP}{{0,20}}?申请{_GAP}{{0,12}}?(\d+){_UNIT}")
_APPLY_NONE = re.compile(rf"(?:未|没有)(?:收到|受理|接到|接收){_GAP}{{0,20}}?申请")
_FORWARD = re.compile(rf"(?<!上)(?:结转|转)(?:至|到|入)?下一?年度?{_GAP}{{0,10}}?(\d+)\s*件")
_OVER = re.compile(rf"上一?年度?结转{_GAP}{{0,10}}?(\d+)\s*件")
_CASE_WORDS = re.compile(r"纠错|纠正|维持|撤销|败诉|胜诉|审结|结果|率")
_NEGATION = re.compile(r"(?:未|没有|无)(?:发生|收到|涉及|出现|产生|被提起|被申请|提起|申请)?")


@functools.lru_cache(maxsize=None)
def _case_patterns(word: str) -> tuple[re.Pattern, re.Pattern]:
    """``行政复议1件`` and ``1件行政复议``, for a word of table 4 (行政复议, 行政诉讼)."""
    word = re.escape(word)
    return (re.compile(rf"{word}(?:案件|申请|案)?([^。；;，,\d、]{{0,6}}?)(\d+){_UNIT}"),
            re.compile(rf"(\d+){_UNIT}([^。；;，,\d]{{0,8}}?){word}"))


def _prose_name(label: str) -> str:
    """What prose calls a row of table 2: 规范性文件 for 行政规范性文件 (prose drops 行政)."""
    return label[2:] if label.startswith("行政") and len(label) > 4 else label


@functools.lru_cache(maxsize=None)
def _doc_patterns(names: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """``规章…N件`` and ``N件…规章``, for the prose names of table 2's document rows."""
    words = "|".join(re.escape(n) + "(?!制度)" for n in names)  # 规章制度 is no 规章
    return (re.compile(rf"({words})([^。；;，,\d、]{{0,6}}?)(\d+)\s*(?:件|个|份|部|篇|项)"),
            re.compile(rf"(\d+)\s*(?:件|个|份|部|篇)([^。；;，,\d]{{0,4}}?)(?:行政)?({words})"))


_DOC_ROWS = ("regulations", "normative_documents")
_DOC_COLUMNS = ("issued", "repealed", "in_force")
_CLAUSE_START = re.compile(r"[，,。；;：:]")


def _total(ctx: Context, kind: str, row: str, column: str = "total") -> Optional[Decimal]:
    table = ctx.table(kind)
    r = table.get(row) if table is not None else None
    if r is None or r.missing or column not in r.columns:
        return None
    return value(r.cell(column))


def _number_prose(ctx: Context):
    """(block, sentence, offset of the sentence in the block's text) for number checks."""
    for path, block, section in ctx.prose():
        if section is not None and section.kind in ("problems", "other"):
            continue
        for m in _SENTENCE.finditer(block.text):
            sentence = m.group()
            if ctx.report.year and any(int(y) != ctx.report.year for y in _YEAR.findall(sentence)):
                continue
            yield block, sentence, m.start()


def _place(block, start: int, end: int) -> dict:
    if block.span is None:
        return {}
    col = (block.span.column or 1) + start
    return {"line": block.span.line, "column": col, "end_line": block.span.line,
            "end_column": (block.span.column or 1) + end}


class YearMismatch(Rule):
    """标题、统计期限与正文的年份不一致。The report year differs between title, period and body.

    The title's year, the statistics period in the preamble (``统计期限为2023年1月1日至
    2023年12月31日``) and the year that opens 一、总体情况 must agree. A different year is
    usually text copied from an earlier report.

    Anti-pattern: 标题是 2023 年，统计期限却是 2022 年。

        示例县人力资源和社会保障局2023年政府信息公开工作年度报告
        本报告统计期限为2022年1月1日至2022年12月31日。
        一、总体情况
        2023年，本局……

    Best practice: 年份一致。

        示例县人力资源和社会保障局2023年政府信息公开工作年度报告
        本报告统计期限为2023年1月1日至2023年12月31日。
        一、总体情况
        2023年，本局……
    """

    code = "GC001"
    name = "year-mismatch"
    severity = WARNING

    def check(self, ctx: Context) -> Iterable[Finding]:
        r = ctx.report
        sources = []  # (name, year, place)
        if r.title is not None:
            year = title_parts(r.title.text)[1]
            if year:
                sources.append(("标题", year, {"line": r.title.span.line, "column": r.title.span.column}
                                if r.title.span else {}))
        period = None
        for path, block, section in ctx.prose():
            if section is not None and section.kind != "general":
                continue
            m = _PERIOD.search(block.text)
            if m:
                period = (int(m.group(1)), _place(block, m.start(), m.end()))
                sources.append(("统计期限", period[0], period[1]))
                if m.group(2) and int(m.group(2)) != period[0]:
                    yield ctx.finding(self, f"统计期限的起止年份不一致（{m.group(1)}年至{m.group(2)}年）。",
                                      **period[1])
                break
        general = r.section("general")
        if general is not None:
            first = next((b for b in general.body if isinstance(b, Paragraph)), None)
            if first is not None:
                m = _BODY_YEAR.match(first.text)
                if m:
                    sources.append((f"“{ctx.heading('general')}”开头", int(m.group(1)),
                                    _place(first, m.start(1), m.end())))
        if len(sources) < 2:
            return
        ref_name, ref_year, _ = sources[0]
        for name, year, place in sources[1:]:
            if year != ref_year:
                yield ctx.finding(self, f"{name}的年份为 {year} 年，与{ref_name}的 {ref_year} 年不一致。",
                                  expected=ref_year, found=year, **place)


class _ProseRule(Rule):
    severity = WARNING

    def report(self, ctx: Context, block, offset, m, group, stated, table_kind, row_key, expected, what,
               table_text) -> Optional[Finding]:
        return ctx.finding(
            self, f"正文称{what} {stated} 件，但表格中{table_text}为 {fmt(expected)}。",
            table=ctx.table(table_kind), row=ctx.table(table_kind).get(row_key), table_column="total",
            expected=number_json(expected), found=stated,
            **_place(block, offset + m.start(group), offset + m.end(group)))


class ProseApplications(_ProseRule):
    """正文所述收到申请数与表三不一致。The prose's count of applications disagrees with table 3.

    When 一、总体情况 says how many applications were received (``共收到政府信息公开申请N件``),
    N must be table 3's 一、本年新收政府信息公开申请数量 总计 (or that plus 二、上年结转, for
    reports that count carried-over applications as received).

    Anti-pattern: 正文 15 件，表格 13 件。

        一、总体情况
        2023年，本局共收到政府信息公开申请15件。
        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 一、本年新收政府信息公开申请数量 | 10 | 3 | 0 | 0 | 0 | 0 | 13 |

    Best practice: 与表格一致。

        一、总体情况
        2023年，本局共收到政府信息公开申请13件。
        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 一、本年新收政府信息公开申请数量 | 10 | 3 | 0 | 0 | 0 | 0 | 13 |
    """

    code = "GC002"
    name = "prose-applications"

    def check(self, ctx: Context) -> Iterable[Finding]:
        new = _total(ctx, "applications", "new_received")
        if new is None:
            return
        over = _total(ctx, "applications", "carried_over")
        accepted = {new} | ({new + over} if over is not None else set())
        table_text = f"“{ctx.row_label('new_received')}”的{ctx.column_label('total')}"
        for block, sentence, offset in _number_prose(ctx):
            for m in _APPLY.finditer(sentence):
                if _CHANGE_WORDS.search(m.group()):
                    continue
                stated = int(m.group(1))
                if Decimal(stated) not in accepted:
                    yield self.report(ctx, block, offset, m, 1, stated, "applications", "new_received", new,
                                      "收到政府信息公开申请", table_text)
            for m in _APPLY_NONE.finditer(sentence):
                if new != 0:
                    yield self.report(ctx, block, offset, m, 0, 0, "applications", "new_received", new,
                                      "未收到政府信息公开申请，即", table_text)


class ProseCarried(_ProseRule):
    """正文所述结转件数与表三不一致。The prose's carried-over or carried-forward count disagrees with table 3.

    ``结转下年度继续办理N件`` must be table 3's 四、结转下年度继续办理 总计, and
    ``上年结转N件`` its 二、上年结转政府信息公开申请数量 总计.

    Anti-pattern: 正文结转 2 件，表格 1 件。

        一、总体情况
        结转下年度继续办理2件。
        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |

    Best practice: 与表格一致。

        一、总体情况
        结转下年度继续办理1件。
        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
    """

    code = "GC003"
    name = "prose-carried"

    def check(self, ctx: Context) -> Iterable[Finding]:
        checks = ((_FORWARD, "carried_forward", "结转下年度"), (_OVER, "carried_over", "上年结转"))
        for pattern, key, what in checks:
            expected = _total(ctx, "applications", key)
            if expected is None:
                continue
            label = ctx.row_label(key)
            for block, sentence, offset in _number_prose(ctx):
                for m in pattern.finditer(sentence):
                    stated = int(m.group(1))
                    if Decimal(stated) != expected:
                        yield self.report(ctx, block, offset, m, 1, stated, "applications", key, expected,
                                          what, f"“{label}”的{ctx.column_label('total')}")


class ProseReviewLitigation(_ProseRule):
    """正文所述行政复议、行政诉讼件数与表四不一致。Prose counts of reviews or lawsuits disagree with table 4.

    ``行政复议N件`` must be table 4's 行政复议 总计; ``行政诉讼N件`` the sum of the two
    行政诉讼 总计 (未经复议直接起诉 + 复议后起诉). ``未发生行政复议`` means 0.

    Anti-pattern: 正文 1 件，表格 2 件。

        一、总体情况
        本年度发生行政复议1件。
        四、政府信息公开行政复议、行政诉讼情况
        |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 1 | 1 | 0 | 0 | 2 |

    Best practice: 与表格一致。

        一、总体情况
        本年度发生行政复议2件。
        四、政府信息公开行政复议、行政诉讼情况
        |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 1 | 1 | 0 | 0 | 2 |
    """

    code = "GC004"
    name = "prose-review-litigation"

    def check(self, ctx: Context) -> Iterable[Finding]:
        review = _total(ctx, "review_litigation", "review")
        direct = _total(ctx, "review_litigation", "litigation_direct")
        after = _total(ctx, "review_litigation", "litigation_after_review")
        litigation = direct + after if direct is not None and after is not None else None
        total = ctx.column_label("total")
        # 行政复议; 行政诉讼, the group of 行政诉讼 未经复议直接起诉 and 行政诉讼 复议后起诉.
        review_word = ctx.row_label("review")
        litigation_word, direct_kind = ctx.row_label("litigation_direct").split(" ", 1)
        after_kind = ctx.row_label("litigation_after_review").split(" ", 1)[-1]
        checks = ((review_word, review, "review", f"“{review_word}”的{total}"),
                  (litigation_word, litigation, "litigation_direct",
                   f"“{litigation_word}”两项（{direct_kind}、{after_kind}）{total}之和"))
        for word, expected, row_key, table_text in checks:
            after_word, before_word = _case_patterns(word)
            if expected is None:
                continue
            for block, sentence, offset in _number_prose(ctx):
                found = []
                for m in after_word.finditer(sentence):
                    if not _CASE_WORDS.search(m.group(1)):
                        found.append((m, 2))
                for m in before_word.finditer(sentence):
                    if not _CASE_WORDS.search(m.group(2)):
                        found.append((m, 1))
                for m, group in found:
                    stated = int(m.group(group))
                    if Decimal(stated) != expected:
                        yield self.report(ctx, block, offset, m, group, stated, "review_litigation", row_key,
                                          expected, word, table_text)
                if not found:
                    yield from self._negated(ctx, block, sentence, offset, word, expected, row_key, table_text)

    def _negated(self, ctx: Context, block, sentence, offset, word, expected, row_key, table_text):
        for clause in re.finditer(r"[^，,。；;]+", sentence):
            text = clause.group()
            i = text.find(word)
            if i < 0 or re.search(r"\d", text) or _CASE_WORDS.search(text):
                continue
            before = text[max(0, i - 14):i]
            if re.search(r"未|没有|无", before) and expected != 0:
                start = offset + clause.start() + i
                yield ctx.finding(
                    self, f"正文称未发生{word}，但表格中{table_text}为 {fmt(expected)}。",
                    table=ctx.table("review_litigation"), row=ctx.table("review_litigation").get(row_key),
                    table_column="total", expected=number_json(expected), found=0,
                    **_place(block, start, start + len(word)))


class ProseDocuments(_ProseRule):
    """正文所述规章、规范性文件件数与表二不一致。Prose counts of regulations or normative documents disagree with table 2.

    Where table 2 counts documents issued, repealed and in force (the 2021 edition),
    ``制发（印发、出台、公开）…规范性文件N件`` must be table 2's 本年制发件数, ``废止…N件`` its
    本年废止件数 and ``现行有效…N件`` its 现行有效件数, for 规章 and 行政规范性文件 alike.

    Anti-pattern: 正文 3 件，表格 2 件。

        一、总体情况
        本年度制发行政规范性文件3件。
        二、主动公开政府信息情况
        第二十条第（一）项
        | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
        |---|---|---|---|
        | 规章 | 0 | 0 | 0 |
        | 行政规范性文件 | 2 | 0 | 10 |

    Best practice: 与表格一致。

        一、总体情况
        本年度制发行政规范性文件2件。
        二、主动公开政府信息情况
        第二十条第（一）项
        | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
        |---|---|---|---|
        | 规章 | 0 | 0 | 0 |
        | 行政规范性文件 | 2 | 0 | 10 |
    """

    code = "GC005"
    name = "prose-documents"

    def check(self, ctx: Context) -> Iterable[Finding]:
        if not any(ctx.g.has_column(c, k) for c in _DOC_COLUMNS for k in _DOC_ROWS):
            return  # the edition counts documents otherwise (the 2019 edition: 新制作, 新公开)
        table = ctx.table("active_disclosure")
        if table is None:
            return
        names = {_prose_name(ctx.row_label(k)): k for k in _DOC_ROWS}
        by_label, by_number = _doc_patterns(tuple(names))
        for block, sentence, offset in _number_prose(ctx):
            for pattern, (label_group, number_group) in ((by_label, (1, 3)), (by_number, (3, 1))):
                for m in pattern.finditer(sentence):
                    key = names[m.group(label_group)]
                    starts = [s.end() for s in _CLAUSE_START.finditer(sentence, 0, m.start())]
                    context = sentence[(starts[-1] if starts else 0):m.end()]
                    if re.search(r"现行有效|现行", context):
                        column = "in_force"
                    elif re.search(r"废止|失效", context):
                        column = "repealed"
                    elif re.search(r"制发|印发|出台|制定|发布|公开|新增", context):
                        column = "issued"
                    else:
                        continue
                    row = table.get(key)
                    if row is None or row.missing or column not in row.columns:
                        continue
                    expected = value(row.cell(column))
                    stated = int(m.group(number_group))
                    if expected is None or Decimal(stated) == expected:
                        continue
                    yield ctx.finding(
                        self, f"正文称{ctx.row_label(key)}{stated} 件，但表二“{ctx.row_label(key)}”的"
                              f"“{ctx.column_label(column)}”为 {fmt(expected)}。",
                        table=table, row=row, table_column=column, expected=number_json(expected),
                        found=stated, **_place(block, offset + m.start(number_group), offset + m.end(number_group)))


_PROBLEM_WORDS = re.compile(r"问题|不足|短板|差距|薄弱|有待|不够|欠缺|滞后|不强|不高|单一|不到位|不规范|不及时")
_IMPROVE_WORDS = re.compile(
    r"改进|整改|措施|下一步|今后将|将(?:进一步|继续|持续|加强|加大|不断|严格|着力|切实|以|坚持|全面|深入|积极|认真|推动|推进|完善|健全|强化|优化|提升)"
    r"|(?:进一步|着力|切实|持续|不断)(?:加强|提升|完善|提高|推进|优化|规范|强化|加大|丰富|拓展)")


def _section_text(section) -> str:
    return "".join(b.text for b in section.body if isinstance(b, (Paragraph, Subheading)))


class ProblemsAndImprovements(Rule):
    """第五部分只写了问题而没有改进（或只写改进没有问题）。Part 五 names problems but no improvement, or the reverse.

    五、存在的主要问题及改进情况 must say both what went wrong and what the agency did or
    will do about it. Evaluators mark a part 五 that lists only achievements, or only
    problems, as incomplete.

    Anti-pattern: 只有问题。

        五、存在的主要问题及改进情况
        信息发布不够及时，政策解读形式单一。

    Best practice: 问题和改进都写。

        五、存在的主要问题及改进情况
        信息发布不够及时，政策解读形式单一。下一步将加强信息发布审核，丰富解读形式。
    """

    code = "GC006"
    name = "problems-and-improvements"
    severity = WARNING

    def check(self, ctx: Context) -> Iterable[Finding]:
        section = ctx.report.section("problems")
        if section is None:
            return
        text = _section_text(section)
        problems = bool(_PROBLEM_WORDS.search(text))
        improvements = bool(_IMPROVE_WORDS.search(text))
        part = ctx.part("problems")
        if not text.strip():
            yield ctx.finding(self, f"{part}没有内容：应写明{ctx.heading_text('problems')}。", section.span)
        elif not improvements:
            yield ctx.finding(self, f"{part}写了存在的问题，但没有写改进情况或改进措施。", section.span)
        elif not problems:
            yield ctx.finding(self, f"{part}写了改进措施，但没有写存在的主要问题。", section.span)


_FEE_MEASURES_FROM = 2021  # 《政府信息公开信息处理费管理办法》, in force from 2021-01-01 (a law, not an edition)


class FeeStatement(Rule):
    """第六部分没有说明信息处理费的收取情况。Part 六 says nothing about 信息处理费.

    Under 《政府信息公开信息处理费管理办法》 (in force since 2021-01-01), part 六 states
    whether the agency collected 信息处理费 this year (and how much), even when it did not.
    Reports for 2019 and 2020 are not checked.

    Anti-pattern: 没有提到信息处理费。

        六、其他需要报告的事项
        无其他需要报告的事项。

    Best practice: 说明是否收取。

        六、其他需要报告的事项
        本年度未收取信息处理费。
    """

    code = "GC007"
    name = "fee-statement"
    severity = WARNING

    def check(self, ctx: Context) -> Iterable[Finding]:
        section = ctx.report.section("other")
        if section is None or (ctx.report.year and ctx.report.year < _FEE_MEASURES_FROM):
            return
        if re.search(r"处理费|收费|收取[^。；]{0,10}费", _section_text(section)):
            return
        yield ctx.finding(self, f"{ctx.part('other')}没有说明本年度是否收取信息处理费"
                                "（《政府信息公开信息处理费管理办法》）。", section.span)


__all__ = ["YearMismatch", "ProseApplications", "ProseCarried", "ProseReviewLitigation", "ProseDocuments",
           "ProblemsAndImprovements", "FeeStatement"]
