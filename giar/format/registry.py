"""The edition registry: which editions of the national format exist, and what each is.

An edition is data (grammar/editions.toml): its id, the notice that set it, the report
years it governs and the grammar files it is made of. Everything that depends on the set
of editions — detection, ``giar new``, the ``--edition`` choices, the templates, the
rules, the JSON schema — asks here, so a future notice is one entry and one grammar file.

Tests (and a user trying a draft notice) can read the format from another folder with
``use_grammar_dir``; every cache derived from the format is cleared when it changes.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, TypeVar

from attrs import frozen

from giar.resources import resource_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@frozen
class Edition:
    """One edition of the format: ``id`` ("2021"), ``notice`` (国办公开办函〔2021〕30号),
    ``notice_title`` (the notice's full title), the report years it governs
    (``first_year`` to ``last_year``, open-ended when None) and its ``grammar`` files."""

    id: str
    notice: str
    notice_title: str
    first_year: int
    last_year: Optional[int]
    grammar: tuple[str, ...]

    def governs(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


_grammar_dir: Optional[Path] = None  # None: the grammar/ shipped with giar
_caches: list[Any] = []

F = TypeVar("F", bound=Callable[..., Any])


def format_cached(fn: F) -> F:
    """``functools.lru_cache`` for anything derived from the format, cleared with it."""
    cached = functools.lru_cache(maxsize=None)(fn)
    _caches.append(cached)
    return cached  # type: ignore[return-value]


def clear_with_format(cache: Any) -> None:
    """Clear ``cache`` (anything with ``clear()`` or ``cache_clear()``) whenever the format
    changes: for a cache of what the format's labels found in text."""
    _caches.append(cache)


def grammar_file(name: str) -> str:
    """A file of the format's folder (grammar/, shipped in the wheel as giar.grammar)."""
    if _grammar_dir is not None:
        return (_grammar_dir / name).read_text("utf-8")
    return resource_text("giar.grammar", name)


@contextlib.contextmanager
def use_grammar_dir(folder: Path) -> Iterator[None]:
    """Read the format (editions.toml and the .lark files) from ``folder`` meanwhile."""
    global _grammar_dir
    previous = _grammar_dir
    _grammar_dir = Path(folder)
    _clear()
    try:
        yield
    finally:
        _grammar_dir = previous
        _clear()


def _clear() -> None:
    for cache in _caches:
        (cache.cache_clear if hasattr(cache, "cache_clear") else cache.clear)()


@format_cached
def editions() -> tuple[Edition, ...]:
    """Every edition, newest first (as editions.toml lists them)."""
    data = tomllib.loads(grammar_file("editions.toml"))
    out = tuple(Edition(e["id"], e["notice"], e["notice_title"], int(e["first_year"]),
                        e.get("last_year"), tuple(e["grammar"])) for e in data["edition"])
    years = sorted((e.first_year, e.last_year, e.id) for e in out)
    for (_f, last, a), (first, _l, b) in zip(years, years[1:]):
        if last is None or last >= first:
            raise ValueError(f"editions {a} and {b} both govern the year {first}")
    return out


def edition_ids() -> tuple[str, ...]:
    """The edition ids, newest first: what every ``--edition`` choice offers."""
    return tuple(e.id for e in editions())


def edition(edition_id: str) -> Edition:
    for e in editions():
        if e.id == edition_id:
            return e
    raise KeyError(edition_id)


def current_edition() -> str:
    """The newest edition: what a report with no other evidence is read as."""
    return editions()[0].id


def edition_for_year(year: int) -> str:
    """The edition a report for this year must follow; the oldest for a year before all,
    the newest for one after all."""
    for e in editions():
        if e.governs(year):
            return e.id
    oldest = editions()[-1]
    return oldest.id if year < oldest.first_year else current_edition()
