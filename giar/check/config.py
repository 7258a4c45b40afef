"""Configuration: ``[tool.giar]`` in pyproject.toml, or a giar.toml, found upward from each file.

For every linted file giar looks in the file's folder, then its parent, and so on up to the
root of the file system, for ``giar.toml`` (its top-level keys) or a ``pyproject.toml``
with a ``[tool.giar]`` table; the first one found applies (like ruff: the closest
configuration wins, there is no merging). ``--config FILE`` uses one file for everything.

Keys::

    select = ["GS", "GD", "GA001"]      # codes or group prefixes; "ALL" (the default) is every rule
    ignore = ["GT004"]
    exclude = ["drafts/*"]              # files skipped when walking a directory
    [per-file-ignores]                  # glob relative to the config's folder → codes
    "2019/*.txt" = ["GS007"]
    [severity]                          # code or prefix → error | warning | info
    GT = "info"

CLI ``--select`` replaces ``select``; ``--ignore`` adds to ``ignore``. A rule is on when the
most specific selector that matches its code comes from ``select`` (an equally specific
``ignore`` wins).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import sys
from pathlib import Path
from typing import Any, Iterable, Optional

import attrs

from giar.check.rule import SEVERITIES
from giar.check.rules import RULES
from giar.errors import GiarError

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = ("giar.toml", "pyproject.toml")
DEFAULT_EXCLUDE = (".*", "README*", "readme*", "CHANGELOG*", "LICENSE*", "giar.toml", "pyproject.toml")
_KEYS = {"select", "ignore", "exclude", "per-file-ignores", "severity", "extend-select"}


@attrs.frozen
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    root: Optional[str] = None  # folder of the config file
    path: Optional[str] = None  # the config file

    def with_cli(self, select: Optional[Iterable[str]], ignore: Optional[Iterable[str]]) -> "Config":
        new = self
        if select:
            new = attrs.evolve(new, select=tuple(select))
        if ignore:
            new = attrs.evolve(new, ignore=new.ignore + tuple(ignore))
        return new

    def enabled(self, code: str, file: Optional[str] = None) -> bool:
        ignore = list(self.ignore) + list(self.file_ignores(file))
        best_select = max((_specificity(s) for s in self.select if _covers(s, code)), default=-1)
        best_ignore = max((_specificity(s) for s in ignore if _covers(s, code)), default=-1)
        return best_select >= 0 and best_select > best_ignore

    def file_ignores(self, file: Optional[str]) -> Iterable[str]:
        if not file or not self.per_file_ignores:
            return ()
        rel = _relative(file, self.root)
        out: list[str] = []
        for pattern, codes in self.per_file_ignores:
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(file), pattern):
                out.extend(codes)
        return out

    def severity_of(self, code: str, default: str) -> str:
        best, level = -1, default
        for prefix, sev in self.severity:
            if _covers(prefix, code) and _specificity(prefix) > best:
                best, level = _specificity(prefix), sev
        return level

    def excluded(self, file: str) -> bool:
        name = os.path.basename(file)
        rel = _relative(file, self.root)
        return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in DEFAULT_EXCLUDE + self.exclude)


def _specificity(selector: str) -> int:
    return 0 if selector.upper() == "ALL" else len(selector)


def _covers(selector: str, code: str) -> bool:
    s = selector.upper()
    return s == "ALL" or code.startswith(s)


def _relative(file: str, root: Optional[str]) -> str:
    path = Path(file).resolve()
    if root:
        try:
            return path.relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return Path(file).as_posix()


def _codes(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GiarError(where, f"{key} must be a list of rule codes")
    out = []
    for v in value:
        v = v.strip().upper()
        if v != "ALL" and not any(c.startswith(v) for c in RULES):
            raise GiarError(where, f"{key}: unknown rule code or prefix {v!r} (see `giar rules`)")
        out.append(v)
    return tuple(out)


def config_from_table(table: dict, path: str) -> Config:
    unknown = set(table) - _KEYS
    if unknown:
        raise GiarError(path, f"unknown [tool.giar] key(s): {', '.join(sorted(unknown))}")
    select = _codes(table["select"], path, "select") if "select" in table else ("ALL",)
    if "extend-select" in table:
        select = select + _codes(table["extend-select"], path, "extend-select")
    ignore = _codes(table.get("ignore", []), path, "ignore")
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        raise GiarError(path, "exclude must be a list of glob patterns")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise GiarError(path, "per-file-ignores must be a table of glob = [codes]")
    per_file = tuple((k, _codes(v, path, f"per-file-ignores.{k}")) for k, v in pfi.items())
    sev = table.get("severity", {})
    if not isinstance(sev, dict):
        raise GiarError(path, "severity must be a table of code = level")
    severity = []
    for k, v in sev.items():
        (code,) = _codes([k], path, "severity")
        if v not in SEVERITIES:
            raise GiarError(path, f"severity.{k}: expected one of {', '.join(SEVERITIES)}, got {v!r}")
        severity.append((code, v))
    return Config(select, ignore, tuple(exclude), per_file, tuple(severity),
                  root=str(Path(path).resolve().parent), path=str(path))


def load_config_file(path: str) -> Optional[Config]:
    """The config in this file, or None (a pyproject.toml without [tool.giar])."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise GiarError(path, "no such configuration file") from None
    except tomllib.TOMLDecodeError as e:
        raise GiarError(path, f"invalid TOML: {e}") from None
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("giar")
        if table is None:
            return None
    else:
        table = data
    return config_from_table(table, path)


@functools.lru_cache(maxsize=256)
def _config_in(folder: str) -> Optional[Config]:
    for name in CONFIG_FILES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            found = load_config_file(candidate)
            if found is not None:
                return found
    parent = os.path.dirname(folder)
    if parent == folder:
        return None
    return _config_in(parent)


def discover(file: str) -> Config:
    """The configuration that applies to a file (the default when there is none)."""
    folder = os.path.dirname(os.path.abspath(file)) if file != "-" else os.getcwd()
    if os.path.isdir(file):
        folder = os.path.abspath(file)
    return _config_in(folder) or Config()


def clear_cache() -> None:
    _config_in.cache_clear()


__all__ = ["Config", "discover", "load_config_file", "clear_cache", "DEFAULT_EXCLUDE"]
