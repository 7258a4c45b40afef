"""A blank, compliant report for an agency and a year (``giar new``).

The report is built as an AST and written with the writers like any other report: the
prose — title, the standard preamble with the year's statistics period, guidance under
each section marked 【填写说明：…】 — comes from templates/guidance.j2; the section headings,
the three tables' rows, columns and captions from the grammar, every cell ``Empty``.
"""

from __future__ import annotations

import re
from typing import Optional

from giar.errors import GiarError
from giar.model.ast import SECTION_KINDS, Paragraph, Report, Section, Subheading, Title
from giar.parse.build import title_parts
from giar.parse.grammar import EDITIONS, edition_grammar
from giar.write.layout import blank_table

FIRST_2021_YEAR = 2021  # reports for 2021 and later follow the 2021 edition
SECTION_TABLES = {"active": "active_disclosure", "applications": "applications", "review": "review_litigation"}
_DIRECTIVE = re.compile(r"^\[(title|preamble|table|%s)\]$" % "|".join(SECTION_KINDS))


def edition_for_year(year: int) -> str:
    """The edition a report for this year must follow (2019, 2020 → 2019; 2021 on → 2021)."""
    return "2021" if year >= FIRST_2021_YEAR else "2019"


def guidance_text(agency: str, year: int, edition: str) -> str:
    from giar.write.markdown import environment

    return environment().get_template("guidance.j2").render(
        agency=agency, year=year, edition=edition,
        title_suffix=edition_grammar(edition).label("TITLE"))


def check_agency(agency: str) -> str:
    name = re.sub(r"\s+", "", agency or "")
    if not name:
        raise GiarError("--agency", "the agency name is empty")
    if any(c in name for c in "|<>") or name.startswith("#"):
        raise GiarError("--agency", f"the agency name {agency!r} has characters a report title cannot hold")
    return name


def blank_report(agency: str, year: int, edition: Optional[str] = None) -> Report:
    """The blank report: title, preamble, six sections with guidance, three empty tables."""
    agency = check_agency(agency)
    if not 1000 <= year <= 9999:
        raise GiarError("--year", f"{year} is not a four-digit report year")
    edition = edition or edition_for_year(year)
    if edition not in EDITIONS:
        raise GiarError("--edition", f"unknown edition {edition!r}")

    title: Optional[Title] = None
    preamble: list = []
    bodies: dict[str, list] = {}
    tabled: set[str] = set()
    target: Optional[list] = None
    current = None
    for line in guidance_text(agency, year, edition).splitlines():
        line = line.strip()
        if not line:
            continue
        directive = _DIRECTIVE.match(line)
        if directive:
            current = directive.group(1)
            if current == "table":
                kind = next(k for k, v in bodies.items() if v is target)
                target.append(blank_table(edition, SECTION_TABLES[kind]))
                tabled.add(kind)
            elif current == "preamble":
                target = preamble
            elif current != "title":
                target = bodies.setdefault(current, [])
            continue
        if current == "title":
            title = Title(re.sub(r"\s+", "", line), source_text=line)
        elif line.startswith("### "):
            target.append(Subheading(line[4:].strip()))
        else:
            target.append(Paragraph(line))
    sections = []
    for kind in SECTION_KINDS:
        body = bodies.get(kind, [])
        if kind in SECTION_TABLES and kind not in tabled:
            body.append(blank_table(edition, SECTION_TABLES[kind]))
        sections.append(Section(kind, tuple(body), source_heading=edition_grammar(edition).label("H_" + kind.upper())))
    parsed_agency, parsed_year = title_parts(title.text if title else None)
    return Report(edition, title, parsed_agency, parsed_year, tuple(preamble), tuple(sections))
