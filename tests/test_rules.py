"""The rule harness (the sqlfluff way): one TOML file per rule under tests/rules/.

A file names its rule and lists cases::

    rule = "GA003"

    [[case]]                       # no `expect`: the rule must find nothing
    name = "clean report"
    base = "clean_2023.md"         # a document in tests/data/ ...

    [[case]]
    name = "row total off by one"
    base = "clean_2023.md"
    edits = [["| … | 13 |", "| … | 14 |"]]   # ... with exact, unique replacements
    # or: source = '''…'''        # a document written out in full
    # edition = "2019"             # parse as this edition
    [[case.expect]]                # exactly these findings of the rule, in order
    line = 53
    expected = 13
    found = 14
    [case.fixed]                   # `giar fix` (this rule only) must give this document
    unsafe = true
    base = "clean_2023.md"

Cross-year rules give the earlier report as ``[case.previous]`` (same keys as a document).
Only the rule under test is selected, so a case shows that rule and nothing else.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from giar.check.config import Config
from giar.check.context import Context
from giar.check.engine import lint_pair, lint_report
from giar.check.fix import fix_report, markdown_source, parse_markdown
from giar.check.rules import all_rules
from giar.parse import parse_source
from giar.write.markdown import render_markdown

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
RULES_DIR = HERE / "rules"
DATA_DIR = HERE / "data"
CASE_FILE = "case.md"
_MATCH_KEYS = ("line", "column", "end_line", "end_column", "severity", "row", "table", "table_column",
               "expected", "found")


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def build(spec: dict) -> str:
    if "source" in spec:
        text = spec["source"]
    else:
        text = (DATA_DIR / spec["base"]).read_text("utf-8")
    for old, new in spec.get("edits", []):
        assert text.count(old) == 1, f"edit must match exactly once: {old!r}"
        text = text.replace(old, new)
    return text


def parse(spec: dict):
    return parse_markdown(build(spec), CASE_FILE, spec.get("edition"))


def parse_with_source(spec: dict, name: str = CASE_FILE):
    source = markdown_source(build(spec), name)
    return parse_source(source, spec.get("edition")), source


def findings_of(code: str, case: dict):
    config = Config(select=(code,))
    report, source = parse_with_source(case)
    rule = next(r for r in all_rules() if r.code == code)
    if rule.cross_year:
        previous, previous_source = parse_with_source(case["previous"], "previous.md")
        return lint_pair(Context(previous, "previous.md", previous_source), Context(report, CASE_FILE, source),
                         config)
    return lint_report(report, CASE_FILE, source, config)


def cases():
    for path in sorted(RULES_DIR.glob("*.toml")):
        data = load(path)
        for i, case in enumerate(data["case"]):
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{i + 1}-{case['name']}")


@pytest.mark.parametrize("code, case", list(cases()))
def test_case(code: str, case: dict) -> None:
    found = findings_of(code, case)
    assert all(f.code == code for f in found)
    expect = case.get("expect", [])
    described = "\n".join(f"  {f.line}:{f.column} {f.message} (expected={f.expected!r} found={f.found!r})"
                          for f in found)
    assert len(found) == len(expect), f"{len(found)} findings, expected {len(expect)}:\n{described}"
    for f, e in zip(found, expect):
        for key in _MATCH_KEYS:
            if key in e:
                assert getattr(f, key) == e[key], f"{key}: {getattr(f, key)!r} != {e[key]!r}\n{described}"
        if "message" in e:
            assert e["message"] in f.message, f"{e['message']!r} not in {f.message!r}"
        if "fixable" in e:
            assert (f.fixable or False) == e["fixable"], f"fixable {f.fixable!r} != {e['fixable']!r}"
        if "related" in e:
            assert len(f.related) == e["related"]
    if "fixed" in case:
        spec = case["fixed"]
        config = Config(select=(code,))
        result = fix_report(parse(case), CASE_FILE, config, unsafe=spec.get("unsafe", False))
        wanted = render_markdown(parse(spec))
        assert result.text == wanted
        left = [f for f in result.remaining if f.code == code]
        assert len(left) == spec.get("remaining", 0), [f.message for f in left]
        again = fix_report(parse_markdown(result.text, CASE_FILE), CASE_FILE, config,
                           unsafe=spec.get("unsafe", False))
        assert again.text == result.text, "fixing again changed the result: no fixed point"


def test_every_rule_has_cases() -> None:
    files = {load(p)["rule"]: load(p) for p in RULES_DIR.glob("*.toml")}
    for rule in all_rules():
        assert rule.code in files, f"tests/rules/ has no file for {rule.code}"
        data = files[rule.code]
        assert (RULES_DIR / f"{rule.code}.toml").is_file(), f"{rule.code}'s cases belong in {rule.code}.toml"
        kinds = ["expect" in c for c in data["case"]]
        assert any(kinds) and not all(kinds), f"{rule.code} needs passing and failing cases"
        if rule.fixable:
            assert any("fixed" in c for c in data["case"]), f"{rule.code} is fixable: give a fixed case"


@pytest.mark.parametrize("rule", [r for r in all_rules() if not r.cross_year], ids=lambda r: r.code)
def test_documented_examples(rule) -> None:
    """`giar rules CODE` shows a bad and a good example: the bad one is caught, the good one is not."""
    bad, good = rule.examples()
    assert bad and good, f"{rule.code}'s docstring needs an Anti-pattern and a Best practice example"
    config = Config(select=(rule.code,))
    assert lint_report(parse_markdown(bad, "bad.md"), "bad.md", None, config), "bad example not caught"
    assert not lint_report(parse_markdown(good, "good.md"), "good.md", None, config), "good example caught"


def test_cross_year_examples_documented() -> None:
    for rule in all_rules():
        bad, good = rule.examples()
        assert bad and good, rule.code
        assert rule.doc().split("\n", 1)[0].strip()
