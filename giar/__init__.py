"""giar: a grammar-based compiler for China's government information disclosure annual reports.

The Python API is three functions (docs/api.md)::

    from giar import parse, lint, render

    report = parse("report.pdf")               # a giar.Report (frozen attrs AST)
    for finding in lint(report):               # giar.Finding: code, line, column, message …
        print(finding.code, finding.message)
    markdown = render(report)                  # the canonical Markdown, a str
    word = render(report, to="docx")           # bytes

``import giar`` is cheap: the parser, the readers (lxml, pdfplumber, python-docx), the
linter and the writers are imported when a function first needs them. ``Report``,
``Finding`` and ``GiarError`` are importable from here too, also lazily.

``giar.parse`` is also the name of the parsing package (``giar.parse.parse_source`` …):
the package is callable, so ``giar.parse(path)`` and ``from giar import parse`` are the
function below whether or not that package has been imported.
"""

from __future__ import annotations

import os
import sys
import types

__version__ = "0.1.0"

TYPE_CHECKING = False  # (typing.TYPE_CHECKING, without importing typing: `import giar` stays cheap)
if TYPE_CHECKING:
    from typing import Any, Iterable, Literal, Optional, Union, overload

    from giar._types import Finding
    from giar.errors import GiarError
    from giar.model.ast import Report

    #: What :func:`parse` reads: a path (``str`` or ``os.PathLike``) or the document's bytes.
    Input = Union[str, os.PathLike[str], bytes, bytearray, memoryview]
    #: The formats :func:`render` writes.
    RenderFormat = Literal["md", "txt", "html", "docx", "json"]


def build() -> str:
    """How this installation parses: ``compiled`` when the parser's hot modules were
    compiled with mypyc at install time (see setup.py), else ``pure Python``."""
    from giar.parse import lexer

    return "pure Python" if lexer.__file__.endswith(".py") else "compiled"


def _module(name: str) -> Any:
    """A module of the linter or the writers, imported when first needed. (Through importlib,
    so that type checkers do not follow it: mypyc's check of the parser at install time
    reads this file, and the linter and writers are no part of that check; see _types.py.)"""
    import importlib

    return importlib.import_module(name)


def _read(source: Input, name: Optional[str]):
    """(the Source, the name findings and errors use) of a path or of bytes."""
    from giar.read import read_bytes, read_file_bytes

    if isinstance(source, (bytes, bytearray, memoryview)):
        label = name or "-"
        return read_bytes(bytes(source), label), label
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"expected a path or bytes, not {type(source).__name__} "
                        "(to parse a text, pass text.encode('utf-8'))")
    path = os.fspath(source)
    label = name or path
    return read_bytes(read_file_bytes(path), label), label


def _edition(edition: Optional[str]) -> Optional[str]:
    if edition is None:
        return None
    from giar.format import edition_ids

    ids = sorted(edition_ids())
    if str(edition) not in ids:
        raise ValueError(f"unknown edition {edition!r}; giar knows {', '.join(ids)}")
    return str(edition)


def _parse(source: Input, *, name: Optional[str] = None, edition: Optional[str] = None) -> Report:
    """Read and parse a report.

    ``source`` is a path (``str`` or ``os.PathLike``; ``"-"`` reads standard input) or the
    document's bytes; text, Markdown, an HTML page, a Word ``.docx`` or a PDF with a text
    layer, in any encoding giar reads, the format chosen by content (and by the name's
    extension when the content does not tell). ``name`` is the name errors and findings
    use (default: the path, or ``"-"`` for bytes); its extension also helps tell the
    format of bytes. ``edition`` (``"2019"``, ``"2021"``) parses as that edition instead
    of detecting it from the tables.

    Returns the typed, frozen :class:`giar.Report`. Raises :class:`giar.GiarError` (one
    line: the file, the place, what was expected) for input that is not a report giar can
    read, ``ValueError`` for an unknown edition.
    """
    from giar.parse import parse_source

    src, _ = _read(source, name)
    return parse_source(src, _edition(edition))


def lint(report: Union[Report, Input], *, name: Optional[str] = None, edition: Optional[str] = None,
         select: Optional[Iterable[str]] = None, ignore: Optional[Iterable[str]] = None,
         extend_select: Optional[Iterable[str]] = None, config: Union[str, os.PathLike[str], None] = None,
         previous: Union[Report, Input, None] = None) -> list[Finding]:
    """The findings of a report, as ``giar lint`` reports them, sorted by line and column.

    ``report`` is a :class:`giar.Report` (from :func:`parse`) or anything :func:`parse`
    reads (``name`` and ``edition`` are passed on). ``select``, ``ignore`` and
    ``extend_select`` take rule codes, group prefixes or rule names (``"GA004"``, ``"GT"``,
    ``"review-total"``); ``config`` is a ``giar.toml`` or ``pyproject.toml`` to use. Without
    ``config``, a path finds its configuration as the command line does (the nearest
    ``giar.toml`` / ``[tool.giar]``); a Report or bytes use the defaults. ``previous``, last
    year's report of the same agency, adds the cross-year rules (GX).

    Suppression comments in the report apply. Raises :class:`giar.GiarError` for unreadable
    input or a bad configuration, ``ValueError`` for an unknown rule code.
    """
    from giar.errors import GiarError
    from giar.model.ast import Report

    configs, engine = _module("giar.check.config"), _module("giar.check.engine")

    def codes(values: Optional[Iterable[str]]) -> Optional[list[str]]:
        if values is None:
            return None
        if isinstance(values, str):
            values = values.replace("，", ",").split(",")
        out = []
        for value in values:
            if not value.strip():
                continue
            code = configs.rule_selector(value)
            if code is None:
                raise ValueError(f"unknown rule code, prefix or name {value.strip()!r} (see `giar rules`)")
            out.append(code)
        return out

    source = None
    if isinstance(report, Report):
        path = name or report.source_name or "-"
        parsed = report
    else:
        from giar.parse import parse_source

        source, path = _read(report, name)
        parsed = parse_source(source, _edition(edition))
    if config is not None:
        base = configs.load_config_file(os.fspath(config))
        if base is None:
            raise GiarError(os.fspath(config), "has no [tool.giar] table")
    elif isinstance(report, (str, os.PathLike)) and os.fspath(report) != "-":
        configs.clear_cache()  # (read afresh: a long-lived program may have changed it)
        base = configs.discover(os.fspath(report))
    else:
        base = configs.Config()
    cfg = base.with_cli(codes(select), codes(ignore) or None, codes(extend_select))
    findings = engine.lint_report(parsed, path, source, cfg)
    if previous is not None:
        context = _module("giar.check.context").Context
        earlier = previous if isinstance(previous, Report) else _parse(previous, edition=edition)
        extra = engine.lint_pair(context(earlier, earlier.source_name or "-"), context(parsed, path, source), cfg)
        findings = sorted(dict.fromkeys(findings + extra), key=_module("giar.check.rule").Finding.sort_key)
    return list(findings)


if TYPE_CHECKING:
    @overload
    def render(report: Union[Report, Input], to: Literal["docx"]) -> bytes: ...
    @overload
    def render(report: Union[Report, Input], to: Literal["md", "txt", "html", "json"] = "md") -> str: ...


def render(report: Union[Report, Input], to: RenderFormat = "md") -> Union[str, bytes]:
    """A report written out: ``"md"`` (the canonical Markdown, what ``giar format``
    writes), ``"txt"``, ``"html"`` (a standalone print-ready page), ``"json"`` (the
    contract of ``giar parse``) as ``str``; ``"docx"`` (a Word document) as ``bytes``.

    ``report`` is a :class:`giar.Report` or anything :func:`parse` reads.
    """
    from giar.model.ast import Report

    formats = _module("giar.write.formats")
    BINARY, FORMATS, WRITERS = formats.BINARY, formats.FORMATS, formats.WRITERS
    if to not in FORMATS:
        raise ValueError(f"unknown format {to!r}; giar writes {', '.join(FORMATS)}")
    if not isinstance(report, Report):
        report = _parse(report)
    out = WRITERS[to](report)
    if to in BINARY:
        assert isinstance(out, bytes)
        return out
    assert isinstance(out, str)
    return out


_parse.__name__ = _parse.__qualname__ = "parse"


# ---------------------------------------------------------------- ``giar.parse``
#
# ``giar.parse`` is also the parsing package (giar/parse/). When it is imported, the import
# system sets it as this module's attribute ``parse``, over the function; so the package is
# made callable (the function) as it is set, and until then ``giar.parse`` imports it.


class _CallablePackage(types.ModuleType):
    """The ``giar.parse`` package, which is also the function :func:`giar.parse`."""

    def __call__(self, source: Input, *, name: Optional[str] = None, edition: Optional[str] = None) -> Report:
        return _parse(source, name=name, edition=edition)

    __call__.__doc__ = _parse.__doc__

    @property
    def __signature__(self) -> Any:  # (what inspect.signature and help() show)
        import inspect

        return inspect.signature(_parse)

    def __reduce__(self) -> Any:  # pickled by name, e.g. for multiprocessing.Pool.map(giar.parse, …)
        import importlib

        return importlib.import_module, (self.__name__,)


class _Giar(types.ModuleType):
    def __setattr__(self, attr: str, value: Any) -> None:
        if attr == "parse" and type(value) is types.ModuleType:
            value.__class__ = _CallablePackage
        super().__setattr__(attr, value)


_LAZY = {"Report": ("giar.model.ast", "Report"), "Finding": ("giar.check.rule", "Finding"),
         "GiarError": ("giar.errors", "GiarError")}


def __getattr__(attr: str) -> Any:
    import importlib

    if attr == "parse":
        return importlib.import_module("giar.parse")  # (made callable as it is set here)
    if attr in _LAZY:
        module, member = _LAZY[attr]
        return getattr(importlib.import_module(module), member)
    raise AttributeError(f"module 'giar' has no attribute {attr!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"parse", *_LAZY})


sys.modules[__name__].__class__ = _Giar

if TYPE_CHECKING:
    parse = _parse

__all__ = ["parse", "lint", "render", "Report", "Finding", "GiarError", "build", "__version__"]
