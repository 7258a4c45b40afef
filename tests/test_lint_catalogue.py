"""The rule catalogue: listed once (giar/check/rules/), and docs/linting.md's table is
generated from it and current."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from giar.check import catalogue, rules
from giar.check.rule import GROUPS, Rule
from giar.check.rules import RULES, all_rules
from giar.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "linting.md"


def test_docs_table_is_current():
    text = DOC.read_text("utf-8")
    assert catalogue.documented_catalogue(text) == catalogue.markdown_catalogue(), \
        "docs/linting.md's rule table is stale: run python -m giar.check.catalogue docs/linting.md"


def test_regenerating_rewrites_only_the_table(tmp_path):
    stale = DOC.read_text("utf-8").replace("| GA004 | review-total |", "| GA004 | old-name |")
    path = tmp_path / "linting.md"
    path.write_text(stale, "utf-8")
    assert catalogue.main(["--check", str(path)]) == 1
    assert path.read_text("utf-8") == stale
    assert catalogue.main([str(path)]) == 0
    assert path.read_text("utf-8") == DOC.read_text("utf-8")
    assert catalogue.main(["--check", str(path)]) == 0
    with pytest.raises(ValueError):
        catalogue.with_catalogue("no markers here")


def test_every_rule_is_a_row_with_its_summary():
    rows = catalogue.markdown_catalogue().splitlines()[2:]
    assert [r.split(" | ")[0].lstrip("| ") for r in rows] == [r.code for r in all_rules()]
    for row, rule in zip(rows, all_rules()):
        assert row.endswith(f"| {rule.summary()} |")


def test_giar_rules_shows_the_same_catalogue():
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert json.loads(result.output) == [catalogue.entry(r) for r in all_rules()]
    listing = CliRunner().invoke(main, ["rules"]).output
    for rule in all_rules():
        assert f"{rule.code}  {rule.name}" in listing and rule.summary() in listing


def test_the_catalogue_is_every_rule_the_group_modules_define():
    defined = {cls for _, module in rules.GROUP_MODULES for _, cls in inspect.getmembers(module, inspect.isclass)
               if issubclass(cls, Rule) and cls.code and cls.__module__ == module.__name__}
    assert set(all_rules()) == defined and len(all_rules()) == len(RULES)
    assert [g for g, _ in rules.GROUP_MODULES] == list(GROUPS)
    order = [(list(GROUPS).index(r.code[:2]), r.code) for r in all_rules()]
    assert order == sorted(order)


def _module_imports(path: Path) -> set[str]:
    """The modules a file imports when it is loaded (not inside functions)."""
    out = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_rule_base_imports_no_rule_module():
    """check/rule.py is the bottom of giar/check/: the rules import it, not it them."""
    imports = _module_imports(ROOT / "giar" / "check" / "rule.py")
    assert not {m for m in imports if m.startswith(("giar.check.rules", "giar.check.context"))}, imports


def test_every_check_is_typed():
    """``check(self, ctx: Context)`` and ``check_pair(self, previous: Context, current: Context)``."""
    for rule in [Rule, *all_rules()]:
        for name in ("check", "check_pair"):
            hints = getattr(rule, name).__annotations__
            params = [p for p in inspect.signature(getattr(rule, name)).parameters if p != "self"]
            assert all(hints.get(p) == "Context" for p in params), (rule.__name__, name, hints)
