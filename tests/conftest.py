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

# Corpus documents giar does not read yet, with the issue that makes it read them. Their
# failing checks are marked xfail(strict=True): the day giar reads one, its checks pass,
# CI turns red, and the entry goes.
NOT_YET_READ: dict[str, str] = {}  # file name → the issue, e.g. "issue #12: cells run together"


def not_yet_read(name: str) -> list:
    """The xfail mark for a document of NOT_YET_READ (by file name), or no mark."""
    reason = NOT_YET_READ.get(Path(name).name)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


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


@pytest.fixture
def fresh_config_cache():
    """The configuration cache empty before and after a test (configs are found per folder)."""
    from giar.check.config import clear_cache

    clear_cache()
    yield
    clear_cache()


def run_giar(*args, input=None):
    """``giar ARGS`` in-process, with click's test runner."""
    from click.testing import CliRunner

    from giar.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], input=input)
