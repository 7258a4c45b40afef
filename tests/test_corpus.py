"""The real corpus (../shared/corpus), against values a person wrote down by hand.

tests/corpus/expected/<file>.json holds, for every document, the table cells as a careful
reader reads them from the document (checked against the arithmetic; the notes say where
the source itself does not add up). They were typed from the documents, never from giar.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from giar.model.ast import Subheading
from giar.model.contract import report_json
from giar.parse import parse_file, parse_text
from giar.parse.lexer import split_cells
from giar.read import read_path
from giar.resources import resource_text
from giar.write.markdown import render_markdown

from conftest import EXPECTED_DIR, not_yet_read

FIXTURES = sorted(EXPECTED_DIR.glob("*.json"))


def load(fixture: Path) -> dict:
    return json.loads(fixture.read_text("utf-8"))


def source_path(corpus_dir: Path, fixture: Path) -> Path:
    return corpus_dir / load(fixture)["source"]


def ids(fixtures):
    return [f.name[: -len(".json")] for f in fixtures]


def not_yet_read_params(fixtures):
    """The fixtures as parameters, those giar does not read yet marked (conftest.NOT_YET_READ)."""
    return [pytest.param(f, id=name, marks=not_yet_read(name)) for f, name in zip(fixtures, ids(fixtures))]


@pytest.fixture(scope="module")
def parsed(corpus_dir):
    cache: dict = {}

    def get(fixture: Path):
        if fixture not in cache:
            cache[fixture] = parse_file(str(source_path(corpus_dir, fixture)))
        return cache[fixture]

    return get


def test_every_corpus_document_has_a_fixture(corpus_dir):
    documents = {p.relative_to(corpus_dir).as_posix() for p in corpus_dir.glob("*/*") if p.suffix != ".md" or p.name != "README.md"}
    documents.discard("README.md")
    covered = {load(f)["source"] for f in FIXTURES}
    assert documents <= covered, f"documents without hand-checked values: {sorted(documents - covered)}"


@pytest.mark.parametrize("fixture", not_yet_read_params(FIXTURES))
def test_cells_equal_the_hand_checked_values(fixture, parsed):
    expected = load(fixture)
    got = report_json(parsed(fixture))
    for key in ("edition", "title", "agency", "year"):
        assert got[key] == expected[key], key
    assert [s["kind"] for s in got["sections"]] == expected["sections"]
    mismatches = []
    for table, rows in expected["tables"].items():
        got_rows = got["tables"].get(table, {})
        assert set(got_rows) == set(rows), f"{table}: rows differ"
        for row, cells in rows.items():
            for column, value in cells.items():
                if got_rows[row].get(column, "<absent>") != value:
                    mismatches.append(f"{table}.{row}.{column}: {got_rows[row].get(column)!r} != {value!r}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("fixture", [f for f in FIXTURES if "subheadings" in load(f)],
                         ids=ids([f for f in FIXTURES if "subheadings" in load(f)]))
def test_subheadings_are_found(fixture, parsed):
    report = parsed(fixture)
    blocks = list(report.preamble) + [b for s in report.sections for b in s.body]
    assert [b.text for b in blocks if isinstance(b, Subheading)] == load(fixture)["subheadings"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=ids(FIXTURES))
def test_json_validates_against_the_shipped_schema(fixture, parsed):
    schema = json.loads(resource_text("giar.schema", "report.schema.json"))
    jsonschema.validate(report_json(parsed(fixture)), schema)


@pytest.mark.parametrize("fixture", FIXTURES, ids=ids(FIXTURES))
def test_format_is_idempotent_and_round_trips(fixture, parsed):
    report = parsed(fixture)
    canonical = render_markdown(report)
    again = parse_text(canonical)
    assert again == report  # parse(format(x)) == parse(x), spans aside
    assert render_markdown(again) == canonical  # format(format(x)) == format(x)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("fixture", FIXTURES, ids=ids(FIXTURES))
def test_no_prose_is_lost(fixture, corpus_dir, parsed):
    """Every line of the source (for a web page, Word file or PDF: every logical line its
    reader gives) outside the tables appears, in order, in the canonical form —
    except the section headings (rewritten in the official wording), page numbers, and
    unplaced text (carried as comments at the end)."""
    source = read_path(str(source_path(corpus_dir, fixture)))
    report = parsed(fixture)
    canonical = _squash(render_markdown(report))
    headings = {_squash(s.source_heading) for s in report.sections}
    artefacts = {_squash(a.text) for a in report.artefacts}
    # Text giar could not place is carried at the end (test_no_table_line_is_silently_dropped).
    artefacts |= {_squash(f.text) for f in report.unrecognised}
    position = 0
    for line in source.lines:
        text = _squash(line.text.strip().lstrip("#"))
        if not text or split_cells(line) is not None or re.fullmatch(r"\|?[-:|\s]+", text):
            continue
        if text in headings or text in artefacts:
            continue
        found = canonical.find(text, position)
        assert found >= 0, f"line {line.number} lost or out of order: {line.text!r}"
        position = found + len(text)


@pytest.mark.parametrize("fixture", FIXTURES, ids=ids(FIXTURES))
def test_no_table_line_is_silently_dropped(fixture, parsed):
    """Whatever giar could not place is recorded, and the canonical form carries it."""
    report = parsed(fixture)
    canonical = render_markdown(report)
    for fragment in report.unrecognised:
        assert fragment.text.replace("\n", " ") in canonical
