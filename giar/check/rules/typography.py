"""GT — typography in Chinese prose (paragraphs and sub-headings; tables are data).

Every GT rule has a safe fix. The fixes never touch digits, URLs, e-mail addresses,
phone numbers, times (10:30) or numbers with thousands separators (1,234): those spans are
protected before anything is replaced. One finding per paragraph and rule, placed at the
first occurrence and spanning to the last; the message says how many there are.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

import attrs

from giar.check.context import CJK, Context, get_block, replace_block
from giar.check.rule import INFO, SAFE, WARNING, Finding, Fix, Related, Rule
from giar.model.ast import Paragraph, Subheading

_HAN = CJK
# CJK punctuation and full-width forms (but not full-width digits or letters).
_CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2014\u2026"
_WIDE = _HAN + _CJK_PUNCT
_SPACE = " \t\u00a0\u3000"

_PROTECTED = re.compile(
    r"(?:https?|ftp)://[^\s，。；、）)】“”\u4e00-\u9fff]+"  # URLs
    r"|www\.[A-Za-z0-9.-]+(?:/[^\s，。；、）)】“”\u4e00-\u9fff]*)?"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"  # e-mail
    r"|[(（]0\d{2,3}[)）]\s*\d{7,8}"  # phone with area code in brackets
    r"|\d{3,4}-\d{7,8}(?:-\d{1,6})?|(?<!\d)1[3-9]\d{9}(?!\d)"  # phones
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,234.5
    r"|\d{1,2}:\d{2}(?::\d{2})?"  # 10:30
)

_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}


def _protected(text: str) -> list[bool]:
    mask = [False] * len(text)
    for m in _PROTECTED.finditer(text):
        for i in range(m.start(), m.end()):
            mask[i] = True
    return mask


def _is_wide(ch: str) -> bool:
    return bool(ch) and bool(re.match(f"[{_WIDE}]", ch))


def _is_han(ch: str) -> bool:
    return bool(ch) and bool(re.match(f"[{_HAN}]", ch))


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in _SPACE:
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _bracket_pairs(text: str) -> list[tuple[int, int]]:
    """Matching (open, close) positions of round brackets of either width."""
    pairs, stack = [], []
    for i, ch in enumerate(text):
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            pairs.append((stack.pop(), i))
    return pairs


# ---------------------------------------------------------------- the three transforms


def halfwidth_positions(text: str) -> list[int]:
    """Positions of half-width , : ; ( ) that belong to Chinese prose."""
    mask = _protected(text)
    out = set()
    paired = set()
    for a, b in _bracket_pairs(text):
        paired.update((a, b))
        if text[a] == "(" and text[b] == ")" and not mask[a] and not mask[b]:
            if _is_han_in(text[a + 1:b]) or (_is_wide(_neighbour(text, a, -1)) and _is_wide(_neighbour(text, b, 1))):
                out.update((a, b))
    for i, ch in enumerate(text):
        if mask[i] or ch not in _FULL or i in paired:
            continue
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch in ",:;" and before.isdigit() and after.isdigit():
            continue
        if _is_wide(before) or _is_wide(after):
            out.add(i)
    return sorted(out)


def _is_han_in(text: str) -> bool:
    return bool(re.search(f"[{_HAN}]", text))


def fix_halfwidth(text: str) -> str:
    chars = list(text)
    for i in halfwidth_positions(text):
        chars[i] = _FULL[chars[i]]
    return "".join(chars)


_DIGIT_SPACE = re.compile(f"(?<=[{_WIDE}])[{_SPACE}]+(?=\\d)|(?<=\\d)[{_SPACE}]+(?=[{_WIDE}])")
_CJK_SPACE = re.compile(f"(?<=[{_WIDE}])[{_SPACE}]+(?=[{_WIDE}])")


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    mask = _protected(text)
    return [(m.start(), m.end()) for m in pattern.finditer(text)
            if not any(mask[m.start() - 1:m.end() + 1])]


def _remove(pattern: re.Pattern, text: str) -> str:
    spans = _spans(pattern, text)
    for a, b in reversed(spans):
        text = text[:a] + text[b:]
    return text


def digit_space_spans(text: str) -> list[tuple[int, int]]:
    return _spans(_DIGIT_SPACE, text)


def fix_digit_space(text: str) -> str:
    return _remove(_DIGIT_SPACE, text)


def cjk_space_spans(text: str) -> list[tuple[int, int]]:
    return _spans(_CJK_SPACE, text)


def fix_cjk_space(text: str) -> str:
    return _remove(_CJK_SPACE, text)


def mixed_bracket_pairs(text: str) -> list[tuple[int, int]]:
    mask = _protected(text)
    return [(a, b) for a, b in _bracket_pairs(text)
            if (text[a] == "(") != (text[b] == ")") and not mask[a] and not mask[b]]


def fix_mixed_brackets(text: str) -> str:
    chars = list(text)
    for a, b in mixed_bracket_pairs(text):
        chars[a], chars[b] = "（", "）"
    return "".join(chars)


# ---------------------------------------------------------------- the rules


def _text_edit(path, transform: Callable[[str], str]):
    def edit(report):
        block = get_block(report, path)
        if not isinstance(block, (Paragraph, Subheading)):
            return report
        new = transform(block.text)
        if new == block.text:
            return report
        return replace_block(report, path, attrs.evolve(block, text=new))

    return edit


class _TypographyRule(Rule):
    fixable = SAFE
    what = ""
    fix_text = ""

    def positions(self, text: str) -> list[tuple[int, int]]:  # pragma: no cover
        raise NotImplementedError

    transform: Callable[[str], str]

    def check(self, ctx: Context) -> Iterable[Finding]:
        for path, block, _section in ctx.prose():
            spans = self.positions(block.text)
            if not spans:
                continue
            shown = "".join(dict.fromkeys(block.text[a:b] for a, b in spans if block.text[a:b].strip()))
            place, related = {}, []
            if block.span is not None:
                col = block.span.column or 1
                place = {"line": block.span.line, "column": col + spans[0][0],
                         "end_line": block.span.line, "end_column": col + spans[0][1]}
                related = [Related(block.span.line, col + a, f"“{block.text[a:b]}”") for a, b in spans[1:]]
            message = self.what.format(n=len(spans), chars=shown)
            yield ctx.finding(self, message, found=len(spans), related=related,
                              fix=Fix(self.fix_text, SAFE, _text_edit(path, type(self).transform)), **place)


class HalfwidthPunctuation(_TypographyRule):
    """中文正文中使用了半角标点。Half-width punctuation in Chinese prose.

    Chinese prose uses full-width ，：；（）. Half-width , : ; ( ) between Chinese characters
    are a common slip when text is typed with an English input method or pasted from
    another system. The safe fix replaces them; digits (1,234), times (10:30), URLs,
    e-mail addresses and phone numbers are left alone.

    Anti-pattern: 半角逗号和括号。

        一、总体情况
        2023年,本局依据《条例》(2019年修订)做好公开工作。

    Best practice: 全角标点。

        一、总体情况
        2023年，本局依据《条例》（2019年修订）做好公开工作。
    """

    code = "GT001"
    name = "halfwidth-punctuation"
    severity = WARNING
    what = "中文正文中有 {n} 处半角标点（{chars}），应使用全角标点。"
    fix_text = "改为全角标点"

    def positions(self, text):
        return [(i, i + 1) for i in halfwidth_positions(text)]

    transform = staticmethod(fix_halfwidth)


class SpaceBetweenCJKAndDigit(_TypographyRule):
    """汉字与数字之间有多余的空格。Stray spaces between Chinese characters and digits.

    ``2023 年``, ``受理 17 件`` are artefacts of conversion from PDF or Word; Chinese prose
    writes ``2023年``, ``受理17件``. The safe fix removes the spaces (never the digits).
    A title with such spaces is rewritten by the canonical writer.

    Anti-pattern: 数字两侧有空格。

        一、总体情况
        2023 年，本局共受理申请 17 件。

    Best practice: 不加空格。

        一、总体情况
        2023年，本局共受理申请17件。
    """

    code = "GT002"
    name = "space-cjk-digit"
    severity = WARNING
    what = "汉字与数字之间有 {n} 处多余的空格。"
    fix_text = "删除汉字与数字之间的空格"

    def positions(self, text):
        return digit_space_spans(text)

    transform = staticmethod(fix_digit_space)

    def check(self, ctx: Context) -> Iterable[Finding]:
        yield from super().check(ctx)
        title = ctx.report.title
        if title is not None and digit_space_spans(title.source_text.replace("\n", "")):
            yield ctx.finding(self, "标题中汉字与数字之间有多余的空格。", title.span,
                              fix=Fix("标题按规范写出（规范写法不含空格）", SAFE))


class MixedBrackets(_TypographyRule):
    """一对括号一半全角一半半角。A bracket pair mixes full- and half-width.

    ``(一）`` or ``（2023年修订)``: the two halves of a pair must match; in Chinese prose
    both are full-width. The safe fix makes the pair full-width.

    Anti-pattern: 左半角、右全角。

        一、总体情况
        (一）主动公开情况

    Best practice: 一对全角括号。

        一、总体情况
        （一）主动公开情况
    """

    code = "GT003"
    name = "mixed-brackets"
    severity = WARNING
    what = "有 {n} 对括号一半全角、一半半角（{chars}），应统一为全角括号。"
    fix_text = "统一为全角括号"

    def positions(self, text):
        out = []
        for a, b in mixed_bracket_pairs(text):
            out.extend([(a, a + 1), (b, b + 1)])
        return sorted(out)

    def check(self, ctx: Context) -> Iterable[Finding]:
        for f in super().check(ctx):
            yield attrs.evolve(f, message=f.message.replace(f"有 {f.found} 对", f"有 {f.found // 2} 对"),
                               found=f.found // 2)

    transform = staticmethod(fix_mixed_brackets)


class SpaceBetweenCJK(_TypographyRule):
    """汉字之间有多余的空格。Stray spaces between Chinese characters.

    Text converted from PDF keeps the spaces of its layout (``信息公开 工作``,
    ``， 只计``). Chinese prose has no spaces between characters or next to full-width
    punctuation. The safe fix removes them; titles are rewritten by the canonical writer.

    Anti-pattern: 汉字之间有空格。

        一、总体情况
        本局政府信息公开 工作稳步推进。

    Best practice: 不加空格。

        一、总体情况
        本局政府信息公开工作稳步推进。
    """

    code = "GT004"
    name = "space-between-cjk"
    severity = INFO
    what = "汉字之间有 {n} 处多余的空格。"
    fix_text = "删除汉字之间的空格"

    def positions(self, text):
        return cjk_space_spans(text)

    transform = staticmethod(fix_cjk_space)

    def check(self, ctx: Context) -> Iterable[Finding]:
        yield from super().check(ctx)
        title = ctx.report.title
        if title is not None and cjk_space_spans(title.source_text.replace("\n", "")):
            yield ctx.finding(self, "标题中汉字之间有多余的空格。", title.span,
                              fix=Fix("标题按规范写出（规范写法不含空格）", SAFE))


__all__ = ["HalfwidthPunctuation", "SpaceBetweenCJKAndDigit", "MixedBrackets", "SpaceBetweenCJK",
           "fix_halfwidth", "fix_digit_space", "fix_cjk_space", "fix_mixed_brackets"]
