"""The format as data: a third edition from a registry entry and a grammar file alone.

A future notice should cost one entry in grammar/editions.toml and one edition_<id>.lark.
Here a synthetic edition 2026 — the 2021 grammar with one column relabelled — is added in
a copy of the grammar folder, and detection, ``giar new``, parse, format, lint and the
JSON schema all follow without a line of Python changed.
"""

from __future__ import annotations

import json
import re
import shutil

import jsonschema
import pytest
from click.testing import CliRunner

from giar.check import lint_report
from giar.cli import main
from giar.format import edition, edition_for_year, edition_ids, use_grammar_dir, vocabulary
from giar.format.schema import report_schema, schema_text
from giar.parse import parse_text
from giar.read.edition import edition_label_counts
from giar.read.text import split_lines
from giar.resources import resource_text
from giar.write.blank import blank_report
from giar.write.markdown import render_markdown

from conftest import REPO_ROOT
from test_rules import build, cases, findings_of, parse

AGENCY = "示例县人力资源和社会保障局"
OLD_LABEL, NEW_LABEL = "现行有效件数", "现行有效文件数"
NOTICE = "国办公开办函〔2026〕1号"
ENTRY = f'''[[edition]]
id = "2026"
notice = "{NOTICE}"
notice_title = "《关于印发〈中华人民共和国政府信息公开工作年度报告格式（2026年版）〉的通知》"
first_year = 2026
grammar = ["structure.lark", "tables_common.lark", "edition_2026.lark"]

'''


@pytest.fixture
def third_edition(tmp_path):
    grammar = REPO_ROOT / "grammar"
    for f in grammar.glob("*.lark"):
        shutil.copy(f, tmp_path / f.name)
    text = (grammar / "edition_2021.lark").read_text("utf-8")
    assert f'C_IN_FORCE: "{OLD_LABEL}"' in text
    (tmp_path / "edition_2026.lark").write_text(text.replace(OLD_LABEL, NEW_LABEL), "utf-8")
    registry = (grammar / "editions.toml").read_text("utf-8")
    first = registry.index("[[edition]]")
    registry = registry[:first] + ENTRY + registry[first:].replace("first_year = 2021\n", "first_year = 2021\nlast_year = 2025\n", 1)
    (tmp_path / "editions.toml").write_text(registry, "utf-8")
    with use_grammar_dir(tmp_path):
        yield


def as_2026(text: str) -> str:
    """A 2021-edition report for 2025, rewritten as the same report for 2026 in edition 2026."""
    assert OLD_LABEL in text and "2025" in text
    return text.replace(OLD_LABEL, NEW_LABEL).replace("2025", "2026")


def test_the_registry_has_it(third_edition):
    assert edition_ids() == ("2026", "2021", "2019")
    assert (edition_for_year(2025), edition_for_year(2026), edition_for_year(2040)) == ("2021", "2026", "2026")
    assert edition("2026").notice == NOTICE
    assert vocabulary("2026").column_label("in_force") == NEW_LABEL
    assert vocabulary("2021").column_label("in_force") == OLD_LABEL


def test_giar_new_follows_the_year(third_edition):
    runner = CliRunner()
    new = runner.invoke(main, ["new", "--agency", AGENCY, "--year", "2026"])
    assert new.exit_code == 0, new.output
    assert NEW_LABEL in new.output and NOTICE in new.output
    old = runner.invoke(main, ["new", "--agency", AGENCY, "--year", "2025"])
    assert old.exit_code == 0 and OLD_LABEL in old.output and NOTICE not in old.output
    chosen = runner.invoke(main, ["new", "--agency", AGENCY, "--year", "2026", "--edition", "2026", "--to", "txt"])
    assert chosen.exit_code == 0, chosen.output


def test_it_is_detected_from_its_tables_parsed_and_formatted(third_edition):
    report = blank_report(AGENCY, 2026)
    assert report.edition == "2026"
    text = render_markdown(report)
    counts = edition_label_counts(split_lines(text))
    assert counts["2026"] > 0 and counts["2021"] == 0
    # Detected from the tables, not the year: the same text with its years taken out.
    undated = re.sub(r"20\d\d", "", text)
    assert parse_text(undated).edition == "2026"
    assert parse_text(text) == report
    assert render_markdown(parse_text(text)) == text


def relabelled(spec: dict) -> dict:
    """A rule case's document (tests/rules/*.toml) in edition 2026: the label swapped."""
    return {"source": build(spec).replace(OLD_LABEL, NEW_LABEL), "edition": "2026"}


RULE_CASES = [c for c in cases() if c.values[0] != "GS007"]  # GS007: the edition of the year


@pytest.mark.parametrize("code, case", RULE_CASES)
def test_every_rule_checks_it_as_it_checks_2021(third_edition, code, case):
    """No rule goes silently quiet for an edition it does not name: every rule case of a
    2021-edition document finds the same in that document relabelled as edition 2026."""
    if parse(case).edition != "2021":
        pytest.skip("a 2019-edition case")
    variant = dict(relabelled(case))
    if "previous" in case:
        variant["previous"] = relabelled(case["previous"]) if parse(case["previous"]).edition == "2021" else case["previous"]
    lines = build(case).splitlines()

    def place(f):
        # (a finding on the line the label was relabelled on moves by the length it gained)
        relabelled = 0 < f.line <= len(lines) and OLD_LABEL in lines[f.line - 1]
        return (f.code, f.line, None if relabelled else f.column, f.severity, f.table, f.row,
                f.table_column, f.expected, f.found)

    assert [place(f) for f in findings_of(code, variant)] == [place(f) for f in findings_of(code, case)]


def test_the_edition_of_the_year_is_checked(third_edition):
    """GS007: a 2026 report in the 2021 edition is told which notice governs its year."""
    text = render_markdown(blank_report(AGENCY, 2026, "2021"))
    found = [f for f in lint_report(parse_text(text, "r.md"), "r.md") if f.code == "GS007"]
    assert len(found) == 1 and NOTICE in found[0].message
    text = render_markdown(blank_report(AGENCY, 2026))
    assert not [f for f in lint_report(parse_text(text, "r.md"), "r.md") if f.code == "GS007"]


def test_cli_choices_and_schema_follow(third_edition, tmp_path):
    path = tmp_path / "report-2026.md"
    path.write_text(render_markdown(blank_report(AGENCY, 2026)), "utf-8")
    parsed = CliRunner().invoke(main, ["parse", "--edition", "2026", str(path)])
    assert parsed.exit_code == 0, parsed.output
    data = json.loads(parsed.output)
    assert data["edition"] == "2026"
    schema = report_schema()
    assert schema["properties"]["edition"]["enum"] == ["2026", "2021", "2019"]
    jsonschema.validate(data, schema)
    data["edition"] = "2021"  # the 2026 table 2 keys are 2021's: still valid as 2021
    jsonschema.validate(data, schema)
    data["tables"]["active_disclosure"]["regulations"]["made"] = 0  # a 2019 column
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_shipped_schema_is_made_from_the_grammars():
    assert resource_text("giar.schema", "report.schema.json") == schema_text(), \
        "giar/schema/report.schema.json is stale: run python -m giar.format.schema giar/schema/report.schema.json"
