"""An edition's grammar, compiled by Lark (public API only: ``Lark``, its terminals and rules).

Each edition's grammar is the files editions.toml lists for it, joined as text, so that the
editions share one definition of their common parts.
"""

from __future__ import annotations

import re

from lark import Lark
from lark.lark import PostLex
from lark.lexer import Lexer

from giar.format.registry import edition, format_cached, grammar_file

# W_* terminals: words of the format that no rule uses (table header words that name no
# row or column, 信息内容 …; a title's subject). Lark would drop them; they are kept for
# the other stages.
_HEADER_WORD = re.compile(r"^(W_[A-Z0-9_]+)\s*:", re.MULTILINE)


class _NoLexer(Lexer):
    """Lark needs a lexer class; giar feeds tokens itself (see giar.parse.lexer)."""

    def __init__(self, conf):  # noqa: D401 - Lark's signature
        pass

    def lex(self, data):  # pragma: no cover - never called
        return iter(())


class _KeepHeaderWords(PostLex):
    def __init__(self, names: tuple[str, ...]) -> None:
        self.always_accept = names

    def process(self, stream):  # pragma: no cover - giar's lexer feeds the parser
        return stream


def grammar_text(edition_id: str) -> str:
    return "\n".join(grammar_file(name) for name in edition(edition_id).grammar)


def compile_grammar(edition_id: str, cache: bool = True) -> Lark:
    text = grammar_text(edition_id)
    return Lark(
        text,
        parser="lalr",
        lexer=_NoLexer,
        postlex=_KeepHeaderWords(tuple(_HEADER_WORD.findall(text))),
        propagate_positions=False,  # tokens carry their own positions into the AST
        maybe_placeholders=False,
        strict=True,  # a shift/reduce conflict in an edition is an error, not a guess
        cache=cache,  # (False only in tests: a fresh compile differs in small ways)
    )


@format_cached
def lark_grammar(edition_id: str) -> Lark:
    """The edition's compiled grammar (LALR tables cached on disk by Lark)."""
    return compile_grammar(edition_id)
