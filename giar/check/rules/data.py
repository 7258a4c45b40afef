"""GD — data: what the table cells hold."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from giar.check.context import Context, replace_row, replace_table, set_cell
from giar.check.rule import ERROR, UNSAFE, WARNING, Finding, Fix, Rule
from giar.format.arithmetic import grouped_splits, row_splits
from giar.model.ast import Amount, Count, Empty, Marker, Row, Table

_YUAN_LIMIT = Decimal(100000)  # 10亿元: above this a 万元 amount probably is in 元


def _rows(ctx: Context) -> Iterable[tuple[Table, Row]]:
    for table in ctx.tables():
        for row in table.rows:
            if not row.missing:
                yield table, row


def _cells_place(ctx: Context, row: Row, columns: list[str]) -> dict:
    first = ctx.cell_place(row, columns[0])
    last = ctx.cell_place(row, columns[-1])
    if first and last and last.get("line") == first.get("line") and "end_column" in last:
        first["end_line"], first["end_column"] = last["line"], last["end_column"]
    return first


class EmptyCell(Rule):
    """应填数字的单元格是空的。A cell where a number belongs is empty.

    An empty cell is not 0: a reader cannot tell "nothing happened" from "forgot to fill
    in" or "not applicable". giar never fills in 0 for you — write 0 where nothing
    happened, and explain in the text where a number does not apply.

    Anti-pattern: “行政强制”没有填写。

        二、主动公开政府信息情况
        第二十条第（六）项
        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政处罚 | 3 |
        | 行政强制 |  |

    Best practice: 没有发生就填 0。

        二、主动公开政府信息情况
        第二十条第（六）项
        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政处罚 | 3 |
        | 行政强制 | 0 |
    """

    code = "GD001"
    name = "empty-cell"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table, row in _rows(ctx):
            # (a cell the document holds but does not determine is GD006's)
            empty = [col for col, cell in row.items() if isinstance(cell, Empty) and not cell.undetermined]
            if not empty:
                continue
            short = all(row.cell(c).missing for c in empty)
            names = "、".join(f"“{ctx.column_label(c)}”" for c in empty)
            what = "缺少单元格" if short else "为空"
            if len(empty) == 1:
                message = f"“{ctx.row_title(row)}”的{names}{what}。没有发生请填 0；giar 不会自动填 0。"
            else:
                message = (f"“{ctx.row_title(row)}”一行有 {len(empty)} 个单元格{what}：{names}。"
                           "没有发生请填 0；giar 不会自动填 0。")
            yield ctx.finding(self, message, table=table, row=row,
                              table_column=empty[0] if len(empty) == 1 else None,
                              **(_cells_place(ctx, row, empty) or {"line": row.span.line if row.span else None}))


class NonNumericCell(Rule):
    """数字单元格中写了“/”“—”“不适用”等符号。A number cell holds a marker such as ／, — or 不适用.

    The national format asks for numbers. A dash or slash cannot be added up, and
    evaluators read it as a missing number. Write 0 where nothing happened.

    Anti-pattern: 用“/”表示没有。

        二、主动公开政府信息情况
        第二十条第（五）项
        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政许可 | / |

    Best practice: 填 0。

        二、主动公开政府信息情况
        第二十条第（五）项
        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政许可 | 0 |
    """

    code = "GD002"
    name = "non-numeric-cell"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table, row in _rows(ctx):
            for col, cell in row.items():
                if isinstance(cell, Marker):
                    yield ctx.finding(
                        self, f"“{ctx.row_title(row)}”的“{ctx.column_label(col)}”应为数字，表中写的是“{cell.text}”。",
                        table=table, row=row, table_column=col, found=cell.text, **ctx.cell_place(row, col))


class NegativeCount(Rule):
    """件数为负数。A count is negative.

    Counts of documents, decisions and applications cannot be negative. Only a change
    column (the 2019 edition's 本年增/减) may be negative.

    Anti-pattern: 负数件数。

        二、主动公开政府信息情况
        第二十条第（五）项
        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政许可 | -3 |

    Best practice: 填写实际件数。

        二、主动公开政府信息情况
        第二十条第（五）项
        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政许可 | 3 |
    """

    code = "GD003"
    name = "negative-count"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table, row in _rows(ctx):
            for col, cell in row.items():
                if col == "change" and ctx.g.has_column("change", row.key):
                    continue  # an increase or decrease: negative when it decreased
                if isinstance(cell, (Count, Amount)) and cell.value < 0:
                    shown = cell.value if isinstance(cell, Count) else cell.text
                    yield ctx.finding(
                        self, f"“{ctx.row_title(row)}”的“{ctx.column_label(col)}”为负数（{shown}）。",
                        table=table, row=row, table_column=col,
                        found=cell.value if isinstance(cell, Count) else cell.text, **ctx.cell_place(row, col))


class FractionalCount(Rule):
    """件数带小数。A count has a fraction.

    Only money amounts (本年收费金额, 采购总金额) may have decimals; every other cell counts
    documents, decisions or applications.

    Anti-pattern: 件数写成小数。

        二、主动公开政府信息情况
        第二十条第（五）项
        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政许可 | 12.5 |

    Best practice: 写整数。

        二、主动公开政府信息情况
        第二十条第（五）项
        | 信息内容 | 本年处理决定数量 |
        |---|---|
        | 行政许可 | 12 |
    """

    code = "GD004"
    name = "fractional-count"
    severity = ERROR

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table, row in _rows(ctx):
            for col, cell in row.items():
                if col != "amount" and isinstance(cell, Amount):
                    yield ctx.finding(
                        self, f"“{ctx.row_title(row)}”的“{ctx.column_label(col)}”是件数，应为整数，表中为 {cell.text}。",
                        table=table, row=row, table_column=col, found=cell.text, **ctx.cell_place(row, col))


class FeeInYuan(Rule):
    """收费金额疑似以“元”而不是“万元”填写。A fee amount looks like yuan rather than 万元.

    The 2021 edition's 本年收费金额 is in 万元 (ten thousand yuan). An amount written with 元
    in the cell, or too large to be in 万元 (over 100000 万元, i.e. 10亿元), was probably
    entered in yuan. When the cell says 元, an unsafe fix converts it to 万元.

    Anti-pattern: 以元填写。

        二、主动公开政府信息情况
        第二十条第（八）项
        | 信息内容 | 本年收费金额（单位：万元） |
        |---|---|
        | 行政事业性收费 | 251000元 |

    Best practice: 以万元填写。

        二、主动公开政府信息情况
        第二十条第（八）项
        | 信息内容 | 本年收费金额（单位：万元） |
        |---|---|
        | 行政事业性收费 | 25.1 |
    """

    code = "GD005"
    name = "fee-in-yuan"
    severity = WARNING
    fixable = UNSAFE

    def check(self, ctx: Context) -> Iterable[Finding]:
        if not ctx.g.has_column("amount", "fees"):
            return  # the edition asks no fee amount (the 2019 edition counts fee items)
        table = ctx.table("active_disclosure")
        row = table.get("fees") if table is not None else None
        if row is None or row.missing or "amount" not in row.columns:
            return
        cell = row.cell("amount")
        if not isinstance(cell, (Amount, Count)):
            return
        amount = Decimal(cell.text) if isinstance(cell, Amount) else Decimal(cell.value)
        label = ctx.column_label("amount")
        if cell.unit == "元":
            wan = (amount / 10000).normalize()
            fix = Fix(f"换算为 {format(wan, 'f')} 万元", UNSAFE, _to_wan, changes_numbers=True)
            yield ctx.finding(
                self, f"“{ctx.row_title(row)}”的“{label}”写作“{cell.source_text}”，单位是元；"
                      f"表格要求以万元填写，应为 {format(wan, 'f')}。",
                table=table, row=row, table_column="amount", expected=format(wan, "f"),
                found=cell.source_text, fix=fix, **ctx.cell_place(row, "amount"))
        elif cell.unit is None and amount >= _YUAN_LIMIT:
            yield ctx.finding(
                self, f"“{ctx.row_title(row)}”的“{label}”为 {amount} 万元（即 {amount / 10000} 亿元），"
                      "数值偏大，请确认是否误以元为单位填写。",
                table=table, row=row, table_column="amount", found=str(amount), **ctx.cell_place(row, "amount"))


def _to_wan(report):
    table = report.table("active_disclosure")
    row = table.get("fees") if table is not None else None
    if row is None:
        return report
    cell = row.cell("amount")
    if not isinstance(cell, (Amount, Count)) or cell.unit != "元":
        return report
    amount = Decimal(cell.text) if isinstance(cell, Amount) else Decimal(cell.value)
    wan = format((amount / 10000).normalize(), "f")
    new = set_cell(row, "amount", Amount(wan, source_text=wan))
    return replace_table(report, "active_disclosure", replace_row(table, "fees", new))


__all__ = ["EmptyCell", "NonNumericCell", "NegativeCount", "FractionalCount", "FeeInYuan"]


class RunTogether(Rule):
    """单元格的数字连在一起，无法确定每格的数值。Digits of several cells run together and split more than one way.

    Text that lost its table (a crawler's copy of a page, ``get_text()`` with no
    separator) runs a row's numbers together: ``8855698`` for 本年制发件数, 本年废止件数
    and 现行有效件数. giar splits such a run only where the format's arithmetic leaves one
    way (a row total, table 4's group totals); table 2 has none, so its cells stay empty
    and the run is kept. The finding lists the splits the run allows: check them against
    the published report, and write the cells apart.

    Anti-pattern: 三个单元格的数字连写成“2113”，可以是 2|1|13、2|11|3 或 21|1|3。

        示例县人民政府2023年政府信息公开工作年度报告 一、总体情况 本年度，示例县人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，围绕群众关切，持续推进决策、执行、管理、服务、结果公开，不断提升政务公开质量和实效，全年主动公开政府信息一千余条，依申请公开办理及时规范，政府信息管理制度进一步健全，政务公开平台建设持续加强，监督保障机制不断完善，政府信息公开工作取得新成效。本年度继续加强政策解读和回应关切工作，围绕重大政策、重点工作和社会热点，通过新闻发布会、图文解读、政务新媒体等多种形式开展解读，及时回应社会关切，切实增强政策的知晓度和透明度，推动政府信息公开工作与业务工作深度融合，持续提升人民群众满意度。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件2113第二十条第（五）项信息内容本年处理决定数量行政许可5 五、存在的主要问题及改进情况 政策解读形式还需丰富。 六、其他需要报告的事项 本年度未收取信息处理费。

    Best practice: 每个单元格的数字分开写。

        示例县人民政府2023年政府信息公开工作年度报告 一、总体情况 本年度，示例县人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，围绕群众关切，持续推进决策、执行、管理、服务、结果公开，不断提升政务公开质量和实效，全年主动公开政府信息一千余条，依申请公开办理及时规范，政府信息管理制度进一步健全，政务公开平台建设持续加强，监督保障机制不断完善，政府信息公开工作取得新成效。本年度继续加强政策解读和回应关切工作，围绕重大政策、重点工作和社会热点，通过新闻发布会、图文解读、政务新媒体等多种形式开展解读，及时回应社会关切，切实增强政策的知晓度和透明度，推动政府信息公开工作与业务工作深度融合，持续提升人民群众满意度。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章0 0 0行政规范性文件2 1 13第二十条第（五）项信息内容本年处理决定数量行政许可5 五、存在的主要问题及改进情况 政策解读形式还需丰富。 六、其他需要报告的事项 本年度未收取信息处理费。
    """

    code = "GD006"
    name = "run-together"
    severity = ERROR

    SHOWN = 6  # splits listed in the message

    def check(self, ctx: Context) -> Iterable[Finding]:
        for table, row in _rows(ctx):
            unknown = [c for c, cell in row.items() if isinstance(cell, Empty) and cell.undetermined]
            run = next((row.cell(c).source_text for c in unknown if row.cell(c).source_text), "")
            if not run:
                continue  # (the run is reported with the row whose cells it starts in)
            splits = _splits_of(run.rstrip("元万"), table, row)
            shown = "；".join("|".join(s) for s in splits[: self.SHOWN])
            more = f"等 {len(splits)} 种" if len(splits) > self.SHOWN else f"共 {len(splits)} 种"
            names = "、".join(f"“{ctx.column_label(c)}”" for c in unknown)
            ways = f"可拆为 {shown}（{more}）" if splits else "原文不能确定哪个数字属于哪一格"
            yield ctx.finding(
                self, f"“{ctx.row_title(row)}”的数字连在一起（{run}），{ways}，无法确定{names}的数值；"
                      "giar 不作猜测，请核对原文后分开填写。",
                table=table, row=row, table_column=unknown[0] if len(unknown) == 1 else None,
                found=run, expected=None,
                **(_cells_place(ctx, row, unknown) or {"line": row.span.line if row.span else None}))


def _splits_of(run: str, table: Table, row: Row) -> list[tuple[str, ...]]:
    """The splits of a run the row's arithmetic allows: over this row, or over this row and
    the unlabelled rows after it (table 4's groups, written as one run)."""
    found = row_splits(run, row.columns)
    if found:
        return found
    rows = list(table.rows)
    return grouped_splits(run, [r.columns for r in rows[rows.index(row):]])
