"""An edition as the parser sees it: its LALR table and step (giar.parse.lalr) with the
lookup tables the lexer reads on every cell (from giar.format's vocabulary), in one
object, so that the compiled lexer reaches each as a typed attribute."""

from __future__ import annotations

from giar.format import Vocabulary, vocabulary
from giar.format.registry import format_cached
from giar.format.grammar import compile_grammar, lark_grammar
from giar.parse.lalr import LalrTable


class EditionGrammar(LalrTable):
    """One edition: the LALR parser and the vocabulary derived from its grammar."""

    def __init__(self, edition: str, cache: bool = True) -> None:
        # (cache=False only in tests: a fresh compile, not Lark's cached tables)
        lark = lark_grammar(edition) if cache else compile_grammar(edition, cache=False)
        super().__init__(lark)
        vocab = vocabulary(edition) if cache else Vocabulary(edition, lark)
        self.edition = edition
        self.vocabulary: Vocabulary = vocab
        self.literals: dict[str, str] = vocab.literals
        self.label_keys: dict[str, str] = vocab.label_keys
        self.group_parts: set[str] = vocab.group_parts
        self.columns: dict[str, str] = vocab.columns
        self.column_keys: dict[str, str] = vocab.column_keys
        self.items: dict[str, str] = vocab.items
        self.headings: dict[str, str] = vocab.headings
        self.row_columns: dict[str, tuple[str, ...]] = vocab.row_columns
        self.group_rows: dict[str, tuple[str, ...]] = vocab.group_rows
        self.cell_kinds: dict[str, tuple] = {}  # cell text → classification, see lexer
        self.heading_cache: dict[str, tuple] = {}  # line → (heading terminal, score), see lexer

    def rows_of(self, rule: str) -> tuple[str, ...]:
        return self.vocabulary.rows_of(rule)

    def label(self, terminal: str) -> str:
        return self.literals[terminal]

    def row_label(self, key: str) -> str:
        return self.vocabulary.row_label(key)

    def column_label(self, key: str) -> str:
        return self.vocabulary.column_label(key)


@format_cached
def edition_grammar(edition: str) -> EditionGrammar:
    vocabulary(edition)  # (an unknown edition: ValueError)
    return EditionGrammar(edition)
