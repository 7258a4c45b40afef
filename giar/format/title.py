"""A report's title: {agency}{year}年政府信息公开工作年度报告, or the year first."""

from __future__ import annotations

import re
from typing import Final, Optional

from giar.format.registry import current_edition
from giar.format.vocab import vocabulary

_YEAR_IN_TITLE: Final = re.compile(r"(\d{4})\s*年")


def title_parts(title: Optional[str]) -> tuple[Optional[str], Optional[int]]:
    """(agency, year) from a title: the year is the 4 digits before 年, the agency the rest."""
    if not title:
        return None, None
    m = _YEAR_IN_TITLE.search(title)
    if not m:
        return None, None
    year = int(m.group(1))
    before, after = title[: m.start()].strip(), title[m.end():]
    if before:
        return before, year
    # 2024年上海市科委政府信息公开工作年度报告: the agency follows the year.
    stop = after.find(vocabulary(current_edition()).header_word("title_subject"))
    agency = after[:stop] if stop > 0 else None
    return (agency or None), year
