"""The stages depend downwards only: format ← read ← parse; model, check and write on the
format (and check on parse, to re-parse its fixes). No package imports one that imports it,
lazily or not."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO_ROOT

PACKAGES = ("format", "read", "parse", "model", "check", "write")
# What each stage may import (besides giar.errors and giar.resources).
ALLOWED = {
    "format": set(),
    "read": {"format"},
    "model": {"format"},
    "parse": {"format", "read", "model"},
    "write": {"format", "read", "model"},
    "check": {"format", "read", "model", "parse", "write"},
}
# Command modules sit above the stages and may use any of them.
COMMANDS = {"cli.py"}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "giar" and len(parts) > 1 and parts[1] in PACKAGES:
                found.add(parts[1])
    return found


def test_each_stage_imports_only_the_stages_below_it():
    wrong = []
    for package in PACKAGES:
        for path in sorted((REPO_ROOT / "giar" / package).rglob("*.py")):
            if path.name in COMMANDS:
                continue
            extra = imported_packages(path) - ALLOWED[package] - {package}
            if extra:
                wrong.append(f"{path.relative_to(REPO_ROOT)} imports giar.{', giar.'.join(sorted(extra))}")
    assert not wrong, "\n".join(wrong)


def test_only_the_lalr_module_reaches_into_lark():
    """Lark's public API (``Lark``, its terminals and rules, a custom lexer and post-lexer
    class) may be used where the grammar is compiled; its parser internals only in
    giar/parse/lalr.py."""
    users = set()
    for path in sorted((REPO_ROOT / "giar").rglob("*.py")):
        text = path.read_text("utf-8")
        if "lark.parsers" in text or ".parser.parser" in text or "lark.parse_tree_builder" in text:
            users.add(path.relative_to(REPO_ROOT).as_posix())
    assert users == {"giar/parse/lalr.py"}
