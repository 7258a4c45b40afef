"""Every official label is written once, in grammar/: no string in giar's Python restates one.

The labels are the grammar's terminals (section headings, captions, row labels and each of
their levels, column labels, header words, the title's suffix). A string constant of
giar's code that holds one, folded, restates it; docstrings and comments may quote them.
Messages name labels by asking the vocabulary (giar.format).
"""

from __future__ import annotations

import ast
from pathlib import Path

from giar.format import edition_ids, fold, vocabulary

from conftest import REPO_ROOT

SHORTEST = 3  # (two-character labels — 总计, 其他, 规章 — are ordinary words too)


def official_labels() -> set[str]:
    labels = set()
    for e in edition_ids():
        for name, literal in vocabulary(e).literals.items():
            if name == "W_TITLE_SUBJECT":
                continue  # (政府信息公开: the subject of every sentence about the work)
            for part in [literal, *literal.split(" ")]:
                folded = fold(part)
                if len(folded) >= SHORTEST and not folded.isascii():
                    labels.add(folded)
    return labels


def code_strings(path: Path):
    """(line, text) of every string constant that is no docstring."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_the_labels_are_found_in_a_string_that_restates_one():
    labels = official_labels()
    assert {fold("信息内容"), fold("本年制发件数"), fold("三、本年度办理结果")} <= labels
    assert any(label in fold("f'表二“本年制发件数”为空'") for label in labels)


def test_no_official_label_in_python():
    labels = sorted(official_labels(), key=len, reverse=True)
    restated = []
    for path in sorted((REPO_ROOT / "giar").rglob("*.py")):
        for line, text in code_strings(path):
            folded = fold(text)
            hit = next((label for label in labels if label in folded), None)
            if hit:
                restated.append(f"{path.relative_to(REPO_ROOT)}:{line}: {hit} in {text[:60]!r}")
    assert not restated, "official labels restated in Python (ask giar.format's vocabulary):\n" + "\n".join(restated)
