"""Files shipped inside the package (grammar/, templates/, schema), read the same way
whether giar is installed as a wheel or run from a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT_DIRS = {"giar.grammar": "grammar", "giar.templates": "templates", "giar.schema": "giar/schema"}


def resource_text(package: str, name: str) -> str:
    try:
        return resources.files(package).joinpath(name).read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        # A source checkout that was not installed: the folder at the top of the tree.
        root = Path(__file__).resolve().parents[1]
        return (root / _CHECKOUT_DIRS[package] / name).read_text("utf-8")
