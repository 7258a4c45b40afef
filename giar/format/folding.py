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


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The form labels are compared in: NFKC (full-width → half-width), no spaces or quotes.

    Two cells that a person would read as the same label fold to the same string:
    ``（二）部分公开 (区分处理的, 只计…)`` and ``(二)部分公开(区分处理的,只计…)``.
    """
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    return _SPACE_AND_QUOTES.sub("", unicodedata.normalize("NFKC", text))
