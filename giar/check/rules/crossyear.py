"""GX — across years: this year's report against the same agency's report for last year.

``giar lint`` pairs the reports it is given (two files, or the files of a directory) when
they are of the same agency and of consecutive years; the findings belong to the later
report. Agencies match when one name ends with the other (洪泽区人民政府 and
淮安市洪泽区人民政府); a report whose agency giar could not read is paired only when
exactly two reports are linted.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from giar.check.context import Context, fmt, number_json, value
from giar.check.rule import ERROR, WARNING, Finding, Rule
from giar.model.ast import Paragraph, Subheading
from giar.parse.fuzzy import quick_ratio, ratio

COPY_RATIO = 0.9
MIN_CHARS = 80  # shorter parts (本年度未收取信息处理费。) are the same every year by nature


def _row(ctx: Context, kind: str, key: str):
    table = ctx.table(kind)
    row = table.get(key) if table is not None else None
    return None if row is None or row.missing else row


def _year_name(ctx: Context) -> str:
    return f"{ctx.report.year}年报告（{ctx.path}）"


class CarriedOverChain(Rule):
    """本年“上年结转”不等于上年报告的“结转下年度继续办理”。Carried-over applications do not chain.

    FORMAT.md identity 5: in every column of table 3, this year's 二、上年结转政府信息公开
    申请数量 equals last year's 四、结转下年度继续办理. Checked when ``giar lint`` is given
    both years' reports of the same agency.

    Anti-pattern: 上年报告结转 3 件，本年报告上年结转 2 件。

        （2022年报告）| 四、结转下年度继续办理 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
        （2023年报告）| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |

    Best practice: 两者相等。

        （2022年报告）| 四、结转下年度继续办理 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
        （2023年报告）| 二、上年结转政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
    """

    code = "GX001"
    name = "carried-over-chain"
    severity = ERROR
    cross_year = True

    def check_pair(self, previous: Context, current: Context) -> Iterable[Finding]:
        over = _row(current, "applications", "carried_over")
        forward = _row(previous, "applications", "carried_forward")
        if over is None or forward is None:
            return
        for col in over.columns:
            if col not in forward.columns:
                continue
            now, before = value(over.cell(col)), value(forward.cell(col))
            if now is None or before is None or now == before:
                continue
            yield current.finding(
                self, f"表三“{current.row_label('carried_over')}”的“{current.column_label(col)}”为 {fmt(now)}，"
                      f"但{_year_name(previous)}的“{previous.row_label('carried_forward')}”为 {fmt(before)}。",
                table=current.table("applications"), row=over, table_column=col,
                expected=number_json(before), found=number_json(now), **current.cell_place(over, col))


_CHAIN_COLUMNS = ("issued", "repealed", "in_force")


class InForceChain(Rule):
    """现行有效件数与上年报告对不上。The number of documents in force does not chain.

    FORMAT.md identity 5, where both years' table 2 count documents in force (the 2021
    edition): last year's 现行有效件数 + this year's 本年制发件数 − 本年废止件数 = this year's
    现行有效件数, for 规章 and for 行政规范性文件.

    Anti-pattern: 10 + 3 − 1 ≠ 13。

        （2022年报告）| 行政规范性文件 | 2 | 0 | 10 |
        （2023年报告）| 行政规范性文件 | 3 | 1 | 13 |

    Best practice: 10 + 3 − 1 = 12。

        （2022年报告）| 行政规范性文件 | 2 | 0 | 10 |
        （2023年报告）| 行政规范性文件 | 3 | 1 | 12 |
    """

    code = "GX002"
    name = "in-force-chain"
    severity = ERROR
    cross_year = True

    def check_pair(self, previous: Context, current: Context) -> Iterable[Finding]:
        for key in ("regulations", "normative_documents"):
            if not (previous.g.has_column("in_force", key)
                    and all(current.g.has_column(c, key) for c in _CHAIN_COLUMNS)):
                continue  # an edition that does not count documents in force (2019)
            now, before = _row(current, "active_disclosure", key), _row(previous, "active_disclosure", key)
            if now is None or before is None:
                continue
            last = value(before.cell("in_force"))
            issued, repealed, in_force = (value(now.cell(c)) for c in _CHAIN_COLUMNS)
            if None in (last, issued, repealed, in_force):
                continue
            expected = last + issued - repealed
            if expected == in_force:
                continue
            names = [current.column_label(c) for c in _CHAIN_COLUMNS]
            yield current.finding(
                self, f"表二“{current.row_label(key)}”：{_year_name(previous)}{previous.column_label('in_force')} "
                      f"{fmt(last)} + {names[0]} {fmt(issued)} − {names[1]} {fmt(repealed)} = {fmt(expected)}，"
                      f"但本年“{names[2]}”为 {fmt(in_force)}。",
                table=current.table("active_disclosure"), row=now, table_column="in_force",
                expected=number_json(expected), found=number_json(in_force), **current.cell_place(now, "in_force"))


def _prose(section) -> str:
    text = "".join(b.text for b in section.body if isinstance(b, (Paragraph, Subheading)))
    text = re.sub(r"\s+", "", text)
    return re.sub(r"\d+", "#", text)  # this year's numbers differ; the wording is what is copied


def similarity(a: str, b: str) -> float:
    """difflib's ratio without autojunk (whole sections of prose), or its quick_ratio bound
    when that is already below COPY_RATIO."""
    bound = quick_ratio(a, b)
    if bound < COPY_RATIO:
        return bound
    return ratio(a, b, autojunk=False)


class CopiedProse(Rule):
    """某部分的文字与上年报告几乎相同。A part's prose is nearly the same as last year's.

    Evaluators call out reports copied from last year: 总体情况, 存在的主要问题及改进情况 and
    其他需要报告的事项 should describe this year's work. Compared with difflib after
    removing spaces and replacing every number by ``#`` (so a copy with this year's numbers
    filled in still counts); parts shorter than 80 characters are not compared.

    Anti-pattern: 第五部分与上年一字不差（只改了年份）。

        （2022年报告）五、存在的主要问题及改进情况 2022年，我局政府信息公开工作还存在……
        （2023年报告）五、存在的主要问题及改进情况 2023年，我局政府信息公开工作还存在……

    Best practice: 写本年度的问题和改进。

        （2022年报告）五、存在的主要问题及改进情况 2022年，我局政府信息公开工作还存在……
        （2023年报告）五、存在的主要问题及改进情况 针对上年指出的……问题，本年度已……
    """

    code = "GX003"
    name = "copied-prose"
    severity = WARNING
    cross_year = True

    def check_pair(self, previous: Context, current: Context) -> Iterable[Finding]:
        for section in current.report.sections:
            before = previous.report.section(section.kind)
            if before is None:
                continue
            a, b = _prose(before), _prose(section)
            if min(len(a), len(b)) < MIN_CHARS:
                continue
            ratio = similarity(a, b)
            if ratio >= COPY_RATIO:
                yield current.finding(
                    self, f"“{current.heading(section.kind)}”与{_year_name(previous)}的同一部分相似度为 "
                          f"{ratio:.0%}，几乎照搬上年内容，请按本年度情况撰写。",
                    section.span, expected=f"< {COPY_RATIO:.0%}", found=f"{ratio:.0%}")


def same_agency(a: Optional[str], b: Optional[str]) -> bool:
    if not a or not b:
        return False
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    return a == b or a.endswith(b) or b.endswith(a)


__all__ = ["CarriedOverChain", "InForceChain", "CopiedProse", "same_agency", "similarity"]
