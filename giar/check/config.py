"""Configuration: ``[tool.giar]`` in pyproject.toml, or a giar.toml, found upward from each file.

For every linted file giar looks in the file's folder, then its parent, and so on up to the
root of the file system, for ``giar.toml`` (its top-level keys) or a ``pyproject.toml``
with a ``[tool.giar]`` table; the first one found applies (like ruff: the closest
configuration wins, there is no merging). ``--config FILE`` uses one file for everything.

Keys::

    select = ["GS", "GD", "GA001"]      # codes or group prefixes; "ALL" (the default) is every rule
    ignore = ["GT004"]
    exclude = ["drafts/"]               # files skipped when walking a directory
    [per-file-ignores]                  # glob relative to the config's folder → codes
    "2019/*.txt" = ["GS007"]
    [severity]                          # code or prefix → error | warning | info
    GT = "info"

Codes may also be given by rule name (``review-total``). ``exclude`` and ``per-file-ignores``
are gitignore patterns (pathspec's ``GitIgnoreSpec``), matched against the file's path
relative to the configuration's folder — normalised, so ``..`` or ``./`` in what the user
typed never matches ``.*`` — or, for a file outside it, relative to the directory being
walked, or its name alone: a pattern without a slash matches a name at any depth
(``README*``), one with a slash is anchored to the folder (``drafts/*``), ``*`` never
crosses ``/`` (``**`` does), and a pattern matching a folder matches everything in it.

CLI ``--select`` replaces ``select``; ``--extend-select`` adds to it; ``--ignore`` adds to
``ignore``. A rule is on when the most specific selector that matches its code comes from
``select`` (an equally specific ``ignore`` wins).
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any, Iterable, Optional

import attrs
import pathspec

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


class ConfigError(GiarError):
    """A configuration file giar cannot use (invalid TOML, an unknown key or code …)."""


@functools.lru_cache(maxsize=512)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """The gitignore matcher of these patterns (``pathspec``)."""
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _within(path: str, folder: str) -> Optional[str]:
    """``path`` relative to ``folder`` (both absolute, normalised) as a POSIX path, or None
    when it is not inside it."""
    try:
        rel = os.path.relpath(path, folder)
    except ValueError:  # pragma: no cover - another drive on Windows
        return None
    if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return Path(rel).as_posix()


@attrs.frozen
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    root: Optional[str] = None  # folder of the config file
    path: Optional[str] = None  # the config file

    def with_cli(self, select: Optional[Iterable[str]], ignore: Optional[Iterable[str]],
                 extend_select: Optional[Iterable[str]] = None) -> "Config":
        new = self
        if select:
            new = attrs.evolve(new, select=tuple(select))
        if extend_select:
            new = attrs.evolve(new, select=new.select + tuple(extend_select))
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
        rel = self.match_path(file)
        out: list[str] = []
        for pattern, codes in self.per_file_ignores:
            if _spec((pattern,)).match_file(rel):
                out.extend(codes)
        return out

    def severity_of(self, code: str, default: str) -> str:
        best, level = -1, default
        for prefix, sev in self.severity:
            if _covers(prefix, code) and _specificity(prefix) > best:
                best, level = _specificity(prefix), sev
        return level

    def excluded(self, file: str, base: Optional[str] = None) -> bool:
        """Whether ``exclude`` (or the default exclusions) leaves out a file; ``base`` is the
        directory being walked, whose own name and the folders above it are never matched."""
        spec = _spec(DEFAULT_EXCLUDE + self.exclude)
        return spec.match_file(self.match_path(file, base, spec))

    def match_path(self, file: str, base: Optional[str] = None,
                   spec: Optional[pathspec.GitIgnoreSpec] = None) -> str:
        """The path the globs of this configuration are matched against: relative to its
        folder (normalised; the link's path or the real one), else to ``base``, else the
        file's name. Never ``..`` or ``./``."""
        roots = self._roots()
        targets = (os.path.abspath(file), os.path.realpath(file))
        for root in roots:
            for target in targets:
                rel = _within(target, root)
                if rel is None:
                    continue
                if base is not None and spec is not None:
                    # A directory named on the command line is walked even if a pattern
                    # matches it (``giar lint .reports``): then match below it.
                    below = _within(os.path.abspath(base), root)
                    if below is not None and spec.match_file(below + "/"):
                        break
                return rel
        if base is not None:
            for target in targets:
                for folder in (os.path.abspath(base), os.path.realpath(base)):
                    rel = _within(target, folder)
                    if rel is not None:
                        return rel
        return os.path.basename(os.path.abspath(file))

    def _roots(self) -> tuple[str, ...]:
        roots = []
        if self.path:
            roots.append(os.path.dirname(os.path.abspath(self.path)))
        if self.root:
            roots.append(os.path.abspath(self.root))
        return tuple(dict.fromkeys(roots))


def _specificity(selector: str) -> int:
    return 0 if selector.upper() == "ALL" else len(selector)


def _covers(selector: str, code: str) -> bool:
    s = selector.upper()
    return s == "ALL" or code.startswith(s)


def rule_selector(value: str) -> Optional[str]:
    """A selector as written (``GA004``, ``ga``, ``ALL``, ``review-total``) → its code or
    prefix in upper case; None when no rule has it."""
    v = value.strip()
    by_name = {cls.name: code for code, cls in RULES.items()}
    if v.lower() in by_name:
        return by_name[v.lower()]
    v = v.upper()
    if v == "ALL" or (v and any(c.startswith(v) for c in RULES)):
        return v
    return None


def _codes(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, f"{key} must be a list of rule codes")
    out = []
    for v in value:
        code = rule_selector(v)
        if code is None:
            raise ConfigError(where, f"{key}: unknown rule code or prefix {v.strip().upper()!r} (see `giar rules`)")
        out.append(code)
    return tuple(out)


def _patterns(value: Any, where: str, key: str) -> None:
    try:
        _spec(tuple(value))
    except Exception as e:  # pathspec's GitWildMatchPatternError and the like
        raise ConfigError(where, f"{key}: invalid glob pattern ({e})") from None


def config_from_table(table: dict, path: str) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(path, "[tool.giar] must be a table")
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(path, f"unknown [tool.giar] key(s): {', '.join(sorted(unknown))}")
    select = _codes(table["select"], path, "select") if "select" in table else ("ALL",)
    if "extend-select" in table:
        select = select + _codes(table["extend-select"], path, "extend-select")
    ignore = _codes(table.get("ignore", []), path, "ignore")
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        raise ConfigError(path, "exclude must be a list of glob patterns")
    _patterns(exclude, path, "exclude")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(path, "per-file-ignores must be a table of glob = [codes]")
    per_file = tuple((k, _codes(v, path, f"per-file-ignores.{k}")) for k, v in pfi.items())
    for k in pfi:
        _patterns([k], path, f"per-file-ignores.{k}")
    sev = table.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(path, "severity must be a table of code = level")
    severity = []
    for k, v in sev.items():
        (code,) = _codes([k], path, "severity")
        if v not in SEVERITIES:
            raise ConfigError(path, f"severity.{k}: expected one of {', '.join(SEVERITIES)}, got {v!r}")
        severity.append((code, v))
    return Config(select, ignore, tuple(exclude), per_file, tuple(severity),
                  root=str(Path(path).resolve().parent), path=str(path))


def load_config_file(path: str) -> Optional[Config]:
    """The config in this file, or None (a pyproject.toml without [tool.giar])."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(path, "no such configuration file") from None
    except IsADirectoryError:
        raise ConfigError(path, "is a directory, expected a configuration file") from None
    except OSError as e:
        raise ConfigError(path, f"cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(path, f"invalid TOML: {e}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "invalid TOML: not UTF-8") from None
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("giar") if isinstance(tool, dict) else None
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


__all__ = ["Config", "ConfigError", "discover", "load_config_file", "clear_cache", "rule_selector",
           "DEFAULT_EXCLUDE"]
