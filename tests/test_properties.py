"""Properties over generated reports of both editions (see tests/strategies.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giar.parse import parse_bytes, parse_text
from giar.write.markdown import render_markdown

from strategies import layouts, render_messy, reports

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(reports())
def test_canonical_form_parses_back_to_the_same_report(report):
    canonical = render_markdown(report)
    assert parse_text(canonical) == report
    assert render_markdown(parse_text(canonical)) == canonical


@SETTINGS
@given(reports(), layouts())
def test_messy_layouts_parse_back_to_the_same_report(report, layout):
    messy = render_messy(report, layout)
    assert parse_bytes(messy, "messy.txt") == report


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["2021", "2019"]).flatmap(lambda e: reports(edition=e)))
def test_edition_is_detected_from_the_tables(report):
    assert parse_text(render_markdown(report)).edition == report.edition
