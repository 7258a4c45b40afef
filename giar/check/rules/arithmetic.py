"""GA — arithmetic: the identities of FORMAT.md 1–4 (勾稽关系).

Only numbers that are present take part. An identity with an empty or non-numeric cell
among its terms is never computed with that cell as 0: it is reported by GA005 as
unverifiable (when at least one of its terms holds a number), and GA001–GA004 stay silent
about it. An identity that involves a missing row (GS009) is not checked at all.

Each failing identity is one finding, placed at the cell that closes it: the 总计 cell of
the row (GA003, GA004), the （七）总计 cell of the column (GA002), the 结转下年度继续办理
cell of the column (GA001). The other terms are listed as related locations.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable, Iterator, Optional

import attrs

from giar.check.context import (
    Context, count_cell, fmt, number_json, replace_row, replace_table, set_cell, value,
)
from giar.check.rule import ERROR, INFO, UNSAFE, Finding, Fix, Related, Rule
from giar.format.arithmetic import row_total
from giar.model.ast import Report, Row, Table

_NOT_RESULTS = ("new_received", "carried_over", "results_total", "carried_forward")
_GROUPS = ("review", "litigation_direct", "litigation_after_review")

Cell = tuple[Row, str]


@attrs.frozen
class Identity:
    number: int  # FORMAT.md's numbering
    table: Table
    left: tuple[Cell, ...]
    right: tuple[Cell, ...]
    at: Cell  # where a finding goes
    row: Optional[Row] = None  # the row it is about (3, 4)
    column: Optional[str] = None  # the column it is about (1, 2)

    def values(self):
        return [value(r.cell(c)) for r, c in self.left], [value(r.cell(c)) for r, c in self.right]

    def blanks(self) -> list[Cell]:
        return [(r, c) for r, c in self.left + self.right if value(r.cell(c)) is None]


def identities(ctx: Context) -> Iterator[Identity]:
    table = ctx.table("applications")
    if table is not None and table.rows:
        rows = {r.key: r for r in table.rows if not r.missing}
        columns = list(table.rows[0].columns)
        results = [r for r in table.rows if r.key not in _NOT_RESULTS]
        if all(k in rows for k in _NOT_RESULTS):
            for col in columns:
                yield Identity(1, table,
                               ((rows["new_received"], col), (rows["carried_over"], col)),
                               ((rows["results_total"], col), (rows["carried_forward"], col)),
                               (rows["carried_forward"], col), column=col)
        if "results_total" in rows and results and not any(r.missing for r in results):
            for col in columns:
                yield Identity(2, table, tuple((r, col) for r in results),
                               ((rows["results_total"], col),), (rows["results_total"], col), column=col)
        yield from _row_totals(3, table)
    table = ctx.table("review_litigation")
    if table is not None:
        yield from _row_totals(4, table)


def _row_totals(number: int, table: Table) -> Iterator["Identity"]:
    """Identities 3 and 4: a row's total is the sum of the columns before it (as the format
    says which rows have one: giar.format.arithmetic.row_total, the splitter's too)."""
    for row in table.rows:
        total = None if row.missing else row_total(row.columns)
        if total is not None:
            at, summed = total
            cell = (row, row.columns[at])
            yield Identity(number, table, tuple((row, row.columns[i]) for i in summed), (cell,), cell, row=row)


def _terms(ctx: Context, cells, values, by: str) -> str:
    """``5 + 1 + 0``, or for long sums only the non-zero terms, named."""
    if len(values) <= 7:
        return " + ".join(fmt(v) for v in values)
    named = [(_short(ctx, r, c, by), v) for (r, c), v in zip(cells, values) if v]
    if not named:
        return "各项均为 0"
    return " + ".join(f"{n} {fmt(v)}" for n, v in named) + "（其余各项为 0）"


def short_row(label: str) -> str:
    """``三、本年度办理结果 （四）无法提供 1.本机关不掌握相关政府信息`` → ``（四）1.本机关不掌握相关政府信息``."""
    parts = label.split(" ")
    name = parts[-1]
    if len(parts) >= 3:
        m = re.match(r"（[一二三四五六七八]）", parts[-2])
        if m:
            name = m.group() + name
    name = re.sub(r"(.)（[^（）]*）$", r"\1", name)  # the note of （二）部分公开（区分处理的，…）
    return name if len(name) <= 18 else name[:17] + "…"


def balance_names(ctx: Context) -> tuple[str, str, str, str]:
    """Identity 1's four rows as its messages name them: 一、本年新收, 二、上年结转, （七）总计,
    四、结转下年度继续办理 (the first two without the words their labels share)."""
    new, over = ctx.row_label("new_received"), ctx.row_label("carried_over")
    common = 0
    while common < min(len(new), len(over)) and new[-1 - common] == over[-1 - common]:
        common += 1
    if common:
        new, over = new[:-common], over[:-common]
    return (new, over, short_row(ctx.row_label("results_total")), short_row(ctx.row_label("carried_forward")))


def _short(ctx: Context, row: Row, col: str, by: str) -> str:
    if by == "row":
        return short_row(ctx.row_label(row.key))
    return ctx.column_label(col)


def _related(ctx: Context, identity: Identity) -> list[Related]:
    out = []
    for r, c in identity.left + identity.right:
        if (r, c) == identity.at:
            continue
        place = ctx.cell_place(r, c)
        if place:
            v = value(r.cell(c))
            out.append(Related(place["line"], place["column"],
                               f"{short_row(ctx.row_label(r.key))} / {ctx.column_label(c)}：{fmt(v)}"))
    return out


def _fill_total(kind: str, row_key: str, column: str, parts: tuple[tuple[str, str], ...]):
    """An edit that sets one cell to the sum of others (if all present when applied)."""

    def edit(report: Report) -> Report:
        table = report.table(kind)
        if table is None:
            return report
        rows = {r.key: r for r in table.rows}
        try:
            vals = [value(rows[k].cell(c)) for k, c in parts]
            target = rows[row_key]
        except (KeyError, ValueError):
            return report
        if any(v is None for v in vals):
            return report
        new = set_cell(target, column, count_cell(sum(vals, Decimal(0))))
        return replace_table(report, kind, replace_row(table, row_key, new))

    return edit


def _total_fix(ctx: Context, identity: Identity) -> Fix:
    row, col = identity.right[0]
    parts = tuple((r.key, c) for r, c in identity.left)
    return Fix(f"按各项之和重新计算{ctx.column_label('total')}", UNSAFE,
               _fill_total(identity.table.kind, row.key, col, parts), changes_numbers=True)


class _IdentityRule(Rule):
    number = 0
    severity = ERROR
    fixable = UNSAFE

    def check(self, ctx: Context) -> Iterable[Finding]:
        for identity in identities(ctx):
            if identity.number != self.number or identity.blanks():
                continue
            left, right = identity.values()
            a, b = sum(left, Decimal(0)), sum(right, Decimal(0))
            if a == b:
                continue
            yield self.finding(ctx, identity, left, right, a, b)

    def place(self, ctx: Context, identity: Identity) -> dict:
        row, col = identity.at
        return ctx.cell_place(row, col)

    def finding(self, ctx: Context, identity: Identity, left: list[Optional[Decimal]],
                right: list[Optional[Decimal]], a: Decimal, b: Decimal) -> Finding:  # pragma: no cover
        raise NotImplementedError


class CarriedBalance(_IdentityRule):
    """表三某列：本年新收 + 上年结转 ≠ 办理结果总计 + 结转下年度。Table 3 identity 1 fails.

    The note in table 3's header says it: 第一项加第二项之和，等于第三项加第四项之和 — in
    every column, 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理. Every
    application received or carried over is either handled this year or carried forward.

    Anti-pattern: 10 + 2 ≠ 11 + 0。

        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 一、本年新收政府信息公开申请数量 | 10 | 0 | 0 | 0 | 0 | 0 | 10 |
        | 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
        | 三、本年度办理结果 （七）总计 | 11 | 0 | 0 | 0 | 0 | 0 | 11 |
        | 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |

    Best practice: 10 + 2 = 11 + 1。

        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 一、本年新收政府信息公开申请数量 | 10 | 0 | 0 | 0 | 0 | 0 | 10 |
        | 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
        | 三、本年度办理结果 （七）总计 | 11 | 0 | 0 | 0 | 0 | 0 | 11 |
        | 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
    """

    code = "GA001"
    name = "carried-balance"
    number = 1
    fixable = None

    def finding(self, ctx: Context, identity: Identity, left, right, a, b) -> Finding:
        col = identity.column
        new, over, total, forward = balance_names(ctx)
        message = (f"表三“{ctx.column_label(col)}”列：{new} {fmt(left[0])} + {over} {fmt(left[1])} = {fmt(a)}，"
                   f"而{total} {fmt(right[0])} + {forward} {fmt(right[1])} = {fmt(b)}，两者应相等。")
        return ctx.finding(self, message, table=identity.table, row=identity.at[0], table_column=col,
                           expected=number_json(a), found=number_json(b),
                           related=_related(ctx, identity), **self.place(ctx, identity))


class ResultsTotal(_IdentityRule):
    """表三某列：“（七）总计”不等于各项办理结果之和。Table 3 identity 2 fails.

    In every column, 三、本年度办理结果 （七）总计 is the sum of the result rows above it:
    （一）予以公开 through （六）其他处理 (21 rows in the 2021 edition, 19 in 2019). The
    unsafe fix recomputes the 总计 from the rows when all of them hold numbers.

    Anti-pattern: “自然人”列各项之和为 11，总计写成 12。

        ## 三、收到和处理政府信息公开申请情况

        | （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 1 | 0 | 13 |
        | 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
        | 三、本年度办理结果 （一）予以公开 | 5 | 1 | 0 | 0 | 1 | 0 | 7 |
        | 三、本年度办理结果 （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        | 三、本年度办理结果 （三）不予公开 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 4.保护第三方合法权益 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        | 三、本年度办理结果 （三）不予公开 5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （四）无法提供 1.本机关不掌握相关政府信息 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
        | 三、本年度办理结果 （四）无法提供 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （四）无法提供 3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （五）不予处理 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （五）不予处理 2.重复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        | 三、本年度办理结果 （五）不予处理 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （五）不予处理 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （五）不予处理 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        | 三、本年度办理结果 （六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （六）其他处理 3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （七）总计 | 12 | 2 | 0 | 0 | 1 | 0 | 15 |
        | 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |

    Best practice: 总计等于各项之和。

        ## 三、收到和处理政府信息公开申请情况

        | （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 1 | 0 | 13 |
        | 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
        | 三、本年度办理结果 （一）予以公开 | 5 | 1 | 0 | 0 | 1 | 0 | 7 |
        | 三、本年度办理结果 （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        | 三、本年度办理结果 （三）不予公开 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 4.保护第三方合法权益 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        | 三、本年度办理结果 （三）不予公开 5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （三）不予公开 8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （四）无法提供 1.本机关不掌握相关政府信息 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
        | 三、本年度办理结果 （四）无法提供 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （四）无法提供 3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （五）不予处理 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （五）不予处理 2.重复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        | 三、本年度办理结果 （五）不予处理 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （五）不予处理 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （五）不予处理 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        | 三、本年度办理结果 （六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （六）其他处理 3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | 三、本年度办理结果 （七）总计 | 11 | 2 | 0 | 0 | 1 | 0 | 14 |
        | 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
    """

    code = "GA002"
    name = "results-total"
    number = 2
    fix_order = 20

    def finding(self, ctx: Context, identity: Identity, left, right, a, b) -> Finding:
        col = identity.column
        cells = list(identity.left)
        total = short_row(ctx.row_label("results_total"))
        message = (f"表三“{ctx.column_label(col)}”列：办理结果各项之和为 {fmt(a)}"
                   f"（{_terms(ctx, cells, left, 'row')}），但“{total}”为 {fmt(b)}。")
        return ctx.finding(self, message, table=identity.table, row=identity.at[0], table_column=col,
                           expected=number_json(a), found=number_json(b), related=_related(ctx, identity),
                           fix=_total_fix(ctx, identity), **self.place(ctx, identity))


class RowTotal(_IdentityRule):
    """表三某行：“总计”不等于六类申请人之和。Table 3 identity 3 fails.

    In every row of table 3, 总计 is 自然人 + 商业企业 + 科研机构 + 社会公益组织 +
    法律服务机构 + 其他. The unsafe fix recomputes the 总计 when all six hold numbers.

    Anti-pattern: 10 + 2 ≠ 13。

        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 13 |

    Best practice: 10 + 2 = 12。

        三、收到和处理政府信息公开申请情况
        | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        |---|---|---|---|---|---|---|---|
        | 一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 12 |
    """

    code = "GA003"
    name = "row-total"
    number = 3
    fix_order = 10

    def finding(self, ctx: Context, identity: Identity, left, right, a, b) -> Finding:
        row = identity.row
        message = (f"表三“{ctx.row_label(row.key)}”一行：六类申请人之和为 {fmt(a)}"
                   f"（{_terms(ctx, list(identity.left), left, 'column')}），但“{ctx.column_label('total')}”为 {fmt(b)}。")
        return ctx.finding(self, message, table=identity.table, row=row, table_column="total",
                           expected=number_json(a), found=number_json(b), related=_related(ctx, identity),
                           fix=_total_fix(ctx, identity), **self.place(ctx, identity))


class ReviewTotal(_IdentityRule):
    """表四某组：“总计”不等于结果维持、结果纠正、其他结果、尚未审结之和。Table 4 identity 4 fails.

    For 行政复议 and for each kind of 行政诉讼, 总计 = 结果维持 + 结果纠正 + 其他结果 +
    尚未审结. The unsafe fix recomputes the 总计.

    Anti-pattern: 10 + 1 + 0 + 0 ≠ 0。

        四、政府信息公开行政复议、行政诉讼情况
        |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 10 | 1 | 0 | 0 | 0 |

    Best practice: 总计为 11。

        四、政府信息公开行政复议、行政诉讼情况
        |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 10 | 1 | 0 | 0 | 11 |
    """

    code = "GA004"
    name = "review-total"
    number = 4

    def finding(self, ctx: Context, identity: Identity, left, right, a, b) -> Finding:
        row = identity.row
        terms = " + ".join(f"{ctx.column_label(c)} {fmt(v)}" for (_, c), v in zip(identity.left, left))
        message = f"表四“{ctx.row_label(row.key)}”：{terms} = {fmt(a)}，但“{ctx.column_label('total')}”为 {fmt(b)}。"
        return ctx.finding(self, message, table=identity.table, row=row, table_column="total",
                           expected=number_json(a), found=number_json(b), related=_related(ctx, identity),
                           fix=_total_fix(ctx, identity), **self.place(ctx, identity))


class Unverifiable(Rule):
    """勾稽关系因空白单元格无法核对。An identity cannot be checked because a term is empty.

    giar never reads an empty cell as 0, so an identity (FORMAT.md 1–4) with an empty or
    non-numeric term cannot be verified. This is reported once per identity that has at
    least one number in it (GD001/GD002 report the cells themselves). When the only empty
    term is a 总计 and all its parts hold numbers, the unsafe fix fills in their sum.

    Anti-pattern: 总计空着。

        四、政府信息公开行政复议、行政诉讼情况
        |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 5 | 0 | 0 | 2 |  |

    Best practice: 填写总计。

        四、政府信息公开行政复议、行政诉讼情况
        |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        |---|---|---|---|---|---|
        | 行政复议 | 5 | 0 | 0 | 2 | 7 |
    """

    code = "GA005"
    name = "unverifiable-identity"
    severity = INFO
    fixable = UNSAFE
    fix_order = 30

    def check(self, ctx: Context) -> Iterable[Finding]:
        for identity in identities(ctx):
            blanks = identity.blanks()
            cells = identity.left + identity.right
            if not blanks or len(blanks) == len(cells):
                continue
            left, right = identity.values()
            known = sum((v for v in left + right if v is not None), Decimal(0))
            if identity.number in (1, 2):
                subject = f"表三“{ctx.column_label(identity.column)}”列"
                if identity.number == 1:
                    new, over, total, forward = balance_names(ctx)
                    what = f"“{new} + {over} = {total} + {forward}”"
                else:
                    what = f"“{short_row(ctx.row_label('results_total'))} = 各项办理结果之和”"
                blank_names = "、".join(f"“{short_row(ctx.row_label(r.key))}”" for r, _ in blanks)
            else:
                subject = f"{'表三' if identity.number == 3 else '表四'}“{ctx.row_label(identity.row.key)}”"
                what = f"“{ctx.column_label('total')} = 各项之和”"
                blank_names = "、".join(f"“{ctx.column_label(c)}”" for _, c in blanks)
            fix = None
            only_total = len(blanks) == 1 and blanks[0] in identity.right and identity.number != 1
            if only_total:
                fix = _total_fix(ctx, identity)
                message = (f"{subject}：{blank_names}为空，无法核对{what}。各项均已填写，之和为 {fmt(known)}；"
                           "giar 不把空白当作 0。")
                expected = number_json(known)
            else:
                message = f"{subject}：{blank_names}为空，无法核对{what}（giar 不把空白当作 0）。"
                expected = None
            row, col = blanks[0] if not only_total else identity.at
            yield ctx.finding(self, message, table=identity.table, row=row, table_column=col,
                              expected=expected, related=_related(ctx, identity), fix=fix,
                              **ctx.cell_place(row, col))


__all__ = ["CarriedBalance", "ResultsTotal", "RowTotal", "ReviewTotal", "Unverifiable", "identities"]
