"""The examples in examples/: one invented report, laid out in each kind of real mess.

examples/clean-2025.md was written by hand; every messy copy must read as the same report.
A few cells are also checked against what a person reads in the clean file.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from giar.model.ast import Count, Empty
from giar.parse import parse_file

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MESSY = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html") and p.name not in ("clean-2025.md", "README.md"))


@pytest.fixture(scope="module")
def clean():
    return parse_file(str(EXAMPLES / "clean-2025.md"))


def test_the_clean_example_reads_as_written(clean):
    apps = clean.table("applications")
    assert apps.row("new_received").cell("total") == Count(50)
    assert apps.row("carried_over").cell("natural_person") == Count(3)
    assert apps.row("results_total").cell("total") == Count(51)
    assert apps.row("carried_forward").cell("commercial") == Count(1)
    assert clean.table("active_disclosure").row("licensing").cell("decisions") == Count(1286)
    assert clean.table("review_litigation").row("review").cell("total") == Count(2)
    assert (clean.agency, clean.year, clean.edition) == ("示例县人力资源和社会保障局", 2025, "2021")


@pytest.mark.parametrize("path", MESSY, ids=[p.name for p in MESSY])
def test_every_messy_example_reads_as_the_clean_report(path, clean):
    report = parse_file(str(path))
    expected = clean
    if "no-title" in path.name:
        expected = attrs.evolve(clean, title=None)  # agency and year still come from the preamble
    if "empty-cell" in path.name:
        # 行政强制 left empty (never read as 0), table-3 labels lost but rows known by position.
        assert report.table("active_disclosure").row("coercion").cells == (Empty(),)
        assert sum(r.label_recovered for r in report.table("applications").rows) == 8
        clean_rows = {r.key: r for r in clean.table("active_disclosure").rows}
        assert [r for r in report.table("active_disclosure").rows if r.key != "coercion"] == [
            r for k, r in clean_rows.items() if k != "coercion"]
        assert report.table("applications") == clean.table("applications")
        return
    assert report == expected
    assert not report.unrecognised
