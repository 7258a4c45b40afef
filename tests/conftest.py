"""Shared test fixtures.

The real reports live outside the project, in ../shared/corpus beside the repository root
(CI has it there). Locally a missing corpus skips the corpus tests; with CI=true it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import Phase, settings

# CI runs the same examples every time (a red CI is reproducible) and does not shrink a
# failing report, which can take minutes; locally examples are random and shrunk.
settings.register_profile(
    "ci", derandomize=True, print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus"
EXPECTED_DIR = Path(__file__).resolve().parent / "corpus" / "expected"


def require_corpus() -> Path:
    if not CORPUS_DIR.is_dir():
        message = f"the real-report corpus is missing: expected it at {CORPUS_DIR}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return require_corpus()
