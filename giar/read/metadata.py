"""A crawler's or a site's page header before the report: metadata, not report text.

Archived page text often starts with the page's metadata, one ``key: value`` a line
(``标题:`` ``发布时间:`` ``发文机关:`` ``原文链接:`` …), sometimes closed by a separator line
(``==== 正文 ====``). Those lines are neither prose nor cells: they are taken off the
document, kept as furniture (the AST records them), and their title stands in for a
report that prints none.
"""

from __future__ import annotations

import re
from typing import Final, Sequence

from giar.read.source import Line

# The fields of a page's metadata block (government sites and the crawlers that archive
# them name them so); the value may be empty.
_FIELD: Final = re.compile(
    r"^\s*(?P<key>标题|题目|名称|发布时间|发布日期|成文日期|生成日期|文号|发文字号|发布机构|发文机关|"
    r"来源|信息来源|栏目|所属栏目|原文链接|原文地址|链接|网址|本地目录|索引号|主题分类|公开方式|"
    r"公开范围|有效性|作者|浏览次数)\s*[:：]\s*(?P<value>.*?)\s*$")
# A line a crawler writes between the header and the body (``==== 正文 ====``), or its
# note on what it saved beside the text.
_SEPARATOR: Final = re.compile(r"^\s*[=\-—_*#]{3,}.*[=\-—_*#]{3,}\s*$|^\s*正文\s*[:：]?\s*$")
_HEADER_NOTE: Final = re.compile(r"^\s*页面链接|^\s*附件[:：]?\s*$|\.tsv\b|\.json\b")
MIN_FIELDS: Final = 2  # metadata lines it takes to be a header, not a sentence with a colon
MAX_HEADER: Final = 20  # lines: a header is at the top


def split_header(lines: Sequence[Line]) -> tuple[tuple[tuple[str, str], ...], tuple[Line, ...], tuple[Line, ...]]:
    """(metadata as (key, value) pairs, the header's lines, the rest of the document)."""
    fields: list[tuple[str, str]] = []
    end = 0  # lines [0, end) are the header
    i = 0
    while i < len(lines) and i < MAX_HEADER:
        text = lines[i].text
        m = _FIELD.match(text)
        if m:
            fields.append((m["key"], m["value"]))
            end = i + 1
        elif not text.strip() or (fields and _HEADER_NOTE.search(text)):
            pass
        elif fields and _SEPARATOR.match(text):
            end = i + 1
            break
        else:
            break
        i += 1
    if len(fields) < MIN_FIELDS:
        return (), (), tuple(lines)
    return tuple(fields), tuple(lines[:end]), tuple(lines[end:])


def header_title(metadata: Sequence[tuple[str, str]]) -> str:
    """The page's title from its metadata, or ''."""
    return next((v for k, v in metadata if k in ("标题", "题目", "名称") and v), "")
