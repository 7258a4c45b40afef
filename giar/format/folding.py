"""The one normalisation labels are compared in."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

_SPACE_AND_QUOTES: Final = re.compile(r"[\s“”\"'‘’「」『』]+")
# The full-width characters of nearly every Chinese line, each with its compatibility
# decomposition. Replacing them first leaves NFKC's result unchanged (NFKC decomposes
# them to exactly that) but lets most lines pass NFKC's quick check, so they skip its
# slow path.
_COMMON_WIDE: Final = tuple((ch, unicodedata.normalize("NFKD", ch)) for ch in "，（）：；\u3000")


# A sub-row's number as printed — ``1、`` ``1．`` ``(1)`` — written as the grammar does, ``1.``
# (not after a digit: ``3(1)`` is a count with a note).
_SUB_NUMBER: Final = re.compile(r"(?<![\d.])(\d{1,2})、|(?<!\d)\((\d{1,2})\)")


def _number(m: re.Match) -> str:
    return (m.group(1) or m.group(2)) + "."


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The form labels are compared in: NFKC (full-width → half-width), no spaces or quotes,
    a sub-row's number as ``1.``.

    Two cells that a person would read as the same label fold to the same string:
    ``（二）部分公开 (区分处理的, 只计…)`` and ``(二)部分公开(区分处理的,只计…)``;
    ``1、申请人无正当理由…`` and ``1.申请人无正当理由…``.
    """
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    text = _SPACE_AND_QUOTES.sub("", unicodedata.normalize("NFKC", text))
    if "、" in text or "(" in text:
        text = _SUB_NUMBER.sub(_number, text)
    return text
