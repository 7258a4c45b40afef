"""Parsing: a ``Source`` (logical lines) → the typed ``Report`` AST.

The lexer feeds the LALR parser one token at a time. When a token does not fit, the
driver recovers the way a damaged report asks for: if the grammar can accept the token
after some rows or sub-tables are declared ``MISSING``, those are inserted (the AST
records them as missing); otherwise the token is kept aside as unrecognised text.
"""

from __future__ import annotations

import functools
import gc
from typing import Callable, Optional, TypeVar

from giar.errors import GiarError
from giar.format import edition_ids, editions
from giar.model.ast import Report
from giar.parse.build import build_report
from giar.parse.grammar import edition_grammar
from giar.parse.lexer import GToken, Lexer, make_token
from giar.read import read_bytes, read_path
from giar.read.edition import detect_edition as _detect
from giar.read.source import Source

MAX_MISSING = 40  # rows a single recovery may declare missing


F = TypeVar("F", bound=Callable)


def without_cyclic_gc(fn: F) -> F:
    """Run ``fn`` with Python's cycle collector paused (as Mercurial's ``util.nogc``).

    A parse allocates thousands of small objects (cells, spans, tokens) and no reference
    cycles, yet every 700 allocations the collector would walk them, and now and then the
    whole heap: a fifth of a parse's time for nothing. Reference counting still frees
    everything; a cycle made meanwhile waits for the next collection.
    """

    @functools.wraps(fn)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused  # type: ignore[return-value]


def detect_edition(source: Source) -> str:
    """The edition whose distinctive table labels occur more often.

    When the tables do not tell (no table 2, and table 3 printed with one （六）其他处理 row,
    which both editions allow), the first year the report states decides, through the
    edition registry (2019 and 2020 reports use the 2019 edition). With no year either,
    the current edition.
    """
    return _detect(source.lines)


def missing_before(g, stack: list[int], kind: str) -> Optional[int]:
    """The fewest ``MISSING`` tokens (up to MAX_MISSING) after which the parser accepts
    ``kind``, or None. One MISSING at a time on a copied stack: once the parser rejects
    a MISSING, it rejects every longer run too."""
    for n in range(MAX_MISSING + 1):
        if g.simulate(stack, [kind]):
            return n
        stack = g.advance(stack, ["MISSING"])
        if stack is None:
            return None
    return None


@without_cyclic_gc
def parse_source(source: Source, edition: Optional[str] = None) -> Report:
    edition = edition or detect_edition(source)
    g = edition_grammar(edition)
    # Lark's LALR state, without a Lark lexer: giar's lexer feeds it.
    state = g.new_state()
    strays: list[tuple[str, int, int, str]] = []

    def recover(tok: GToken) -> None:
        """A token the parser rejected: after the rows or sections it skips (MISSING), or
        kept as a stray."""
        kind = tok.type
        if kind.startswith(("L_", "T_", "H_")) or kind in ("LOST_LABEL", "HEADER"):
            n = missing_before(g, state.state_stack, kind)
            if n is not None:
                for _ in range(n):
                    g.feed(state, make_token("MISSING", "", tok.line, tok.column))
                g.feed(state, tok)
                return
        text = tok.value if kind != "HEADER" else " | ".join(tok.payload)
        if text:
            strays.append((text, tok.line, tok.column, f"unexpected {kind}"))

    lexer = Lexer(g, tuple(source.lines), state, recover)  # (compiled, it takes a tuple)
    lexer.run()
    end_line = lexer.last_line or 1
    for _ in range(missing_before(g, state.state_stack, "$END") or 0):
        g.feed(state, make_token("MISSING", "", end_line, 1))
    tree = g.finish(state)
    if tree is None:  # (never: recovery has made the end acceptable)
        raise GiarError(source.name, "the report ends where a section or table was expected", end_line)
    report = build_report(tree, g, source, strays + lexer.strays, lexer.artefacts)
    oldest = editions()[-1]
    if not report.tables and report.year is not None and report.year < oldest.first_year:
        at = report.title.span.line if report.title and report.title.span else None
        raise GiarError(
            source.name,
            f"a {report.year} annual report in the pre-{oldest.first_year} free-form format; "
            f"giar reads the {' and '.join(sorted(edition_ids()))} editions of the national format",
            at,
        )
    if not report.sections and not report.tables and report.title is None:
        first = next((ln for ln in source.lines if ln.text.strip()), None)
        raise GiarError(
            source.name,
            f"no report structure found: expected section headings such as "
            f"{g.vocabulary.heading(g.vocabulary.section_kinds[0])} or the report's tables",
            first.number if first else None,
        )
    return report


@without_cyclic_gc
def parse_bytes(data: bytes, name: str = "-", edition: Optional[str] = None) -> Report:
    return parse_source(read_bytes(data, name), edition)


def parse_text(text: str, name: str = "-", edition: Optional[str] = None) -> Report:
    return parse_bytes(text.encode("utf-8"), name, edition)


@without_cyclic_gc
def parse_file(path: str, edition: Optional[str] = None) -> Report:
    return parse_source(read_path(path), edition)


__all__ = ["parse_source", "parse_bytes", "parse_text", "parse_file", "detect_edition"]
