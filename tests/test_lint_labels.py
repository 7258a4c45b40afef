"""The linter names no edition and spells no section number: it asks the grammar.

A rule that compared ``ctx.edition`` with "2021", or wrote 第五部分 itself, would go quiet
or wrong for an edition it does not name; rules ask ``ctx.g`` (giar.format.Vocabulary)
whether the edition has a row or column, and ``ctx.part(kind)`` / ``ctx.section_name(kind)``
for a section's number. (No label is spelled either: tests/test_labels_only_in_grammar.py
checks all of giar.) Docstrings may say anything: they are the rules' documentation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from giar.format import edition_ids

CHECK = Path(__file__).resolve().parents[1] / "giar" / "check"
MODULES = sorted(CHECK.rglob("*.py"))
_NUMBERED = re.compile(r"第[一二三四五六七八九十]+部分|(?:^|[“\"：:])[一二三四五六七八九十]+、")


def _strings(path: Path):
    """(line, text) of every string constant that is not a docstring."""
    tree = ast.parse(path.read_text("utf-8"))
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CHECK)))
def test_no_edition_is_named(path):
    ids = set(edition_ids())
    found = [(line, text) for line, text in _strings(path) if text in ids]
    assert not found, f"edition ids in {path.name} (ask ctx.g.has_row / has_column instead): {found}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CHECK)))
def test_no_section_number_is_spelled(path):
    found = [(line, text) for line, text in _strings(path) if _NUMBERED.search(text)]
    assert not found, f"section numbers spelled in {path.name} (ctx.part, ctx.section_name): {found}"


def test_the_patterns_see_what_they_look_for():
    assert _NUMBERED.search("第五部分没有内容") and _NUMBERED.search("表三“自然人”列：一、本年新收")
    assert not _NUMBERED.search("第二十条第（一）项") and not _NUMBERED.search("（六）其他处理")
