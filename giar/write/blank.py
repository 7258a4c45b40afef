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
from giar.format import edition, edition_for_year, edition_ids, title_parts, vocabulary
from giar.model.ast import Paragraph, Report, Section, Subheading, Title
from giar.write.layout import blank_table

__all__ = ["blank_report", "check_agency", "edition_for_year", "guidance_text"]


def guidance_text(agency: str, year: int, edition_id: str) -> str:
    """templates/guidance.j2 for this report: the edition's notice from the registry, its
    rows and columns from its grammar (the template asks ``has_row``, ``has_column``)."""
    from giar.write.markdown import environment

    return environment().get_template("guidance.j2").render(
        agency=agency, year=year, edition=edition(edition_id), grammar=vocabulary(edition_id),
        title_suffix=vocabulary(edition_id).title_suffix)


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
    if edition not in edition_ids():
        raise GiarError("--edition", f"unknown edition {edition!r}")
    g = vocabulary(edition)
    section_tables = {kind: table for table, kind in g.table_section.items()}
    directive_line = re.compile(r"^\[(title|preamble|table|%s)\]$" % "|".join(g.section_kinds))

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
        directive = directive_line.match(line)
        if directive:
            current = directive.group(1)
            if current == "table":
                kind = next(k for k, v in bodies.items() if v is target)
                target.append(blank_table(edition, section_tables[kind]))
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
    for kind in g.section_kinds:
        body = bodies.get(kind, [])
        if kind in section_tables and kind not in tabled:
            body.append(blank_table(edition, section_tables[kind]))
        sections.append(Section(kind, tuple(body), source_heading=g.heading(kind)))
    parsed_agency, parsed_year = title_parts(title.text if title else None)
    return Report(edition, title, parsed_agency, parsed_year, tuple(preamble), tuple(sections))
