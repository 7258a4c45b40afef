"""Loading the edition grammars, and the lookup tables the lexer derives from them.

Each edition's grammar is ``structure.lark`` + ``tables_common.lark`` + ``edition_<year>.lark``
(joined as text, so that both editions share one definition of the common parts). Labels
are written in the grammar once; everything here is *derived* from the compiled grammar:
which strings are row labels, which are column headers, how many columns a row has.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Final, Iterable, Optional

from lark import Lark, Tree
from lark.lexer import Lexer
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_parser_state import ParserState

from giar.read.layout import table_parts
from giar.read.source import Line
from giar.resources import resource_text

EDITIONS: Final = ("2021", "2019")
GRAMMAR_PARTS = ("structure.lark", "tables_common.lark")

_SPACE_AND_QUOTES: Final = re.compile(r"[\s“”\"'‘’「」『』]+")
# The full-width characters of nearly every Chinese line, each with its compatibility
# decomposition. Replacing them first leaves NFKC's result unchanged (NFKC decomposes
# them to exactly that) but lets most lines pass NFKC's quick check, so they skip its
# slow path, which was a twentieth of a parse.
_COMMON_WIDE: Final = tuple((ch, unicodedata.normalize("NFKD", ch)) for ch in "，（）：；\u3000")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The form labels are compared in: NFKC (full-width → half-width), no spaces or quotes.

    Two cells that a person would read as the same label fold to the same string:
    ``（二）部分公开 (区分处理的, 只计…)`` and ``(二)部分公开(区分处理的,只计…)``.
    """
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    return _SPACE_AND_QUOTES.sub("", unicodedata.normalize("NFKC", text))


def grammar_text(name: str) -> str:
    """A file of the grammar/ folder (shipped in the wheel as giar.grammar)."""
    return resource_text("giar.grammar", name)


class _NoLexer(Lexer):
    """Lark needs a lexer class; giar feeds tokens itself (see giar.parse.lexer)."""

    def __init__(self, conf):  # noqa: D401 - Lark's signature
        pass

    def lex(self, data):  # pragma: no cover - never called
        return iter(())


class Node:
    """A node of the parse tree: the rule's name (``data``) and its children (tokens,
    table cells, nodes), as in Lark's ``Tree``.

    Not a Lark Tree: that class's ``__init__`` is interpreted, and a report makes ~160
    of them; compiled, a Node is made and read as a struct.
    """

    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list[Any]) -> None:
        self.data = data  # (a Lark Token, from a freshly compiled grammar)
        self.children = children

    def __repr__(self) -> str:
        return f"Node({self.data!r}, {self.children!r})"

    def as_lark_tree(self) -> Tree:
        """The same tree as Lark's Tree (to compare with Lark's parse, or to print)."""
        return Tree(self.data, [c.as_lark_tree() if isinstance(c, Node) else c for c in self.children])


class NodeBuilder:
    """What Lark does with a rule's children when the parser reduces it, compiled.

    Lark's own callbacks (ParseTreeBuilder, for an LALR parser without placeholders or
    position propagation) are interpreted: a child filter that drops filtered-out
    tokens and splices in the children of inlined ``_rules``, ExpandSingleChild for
    ``?rules``, then ``Tree(name, children)``. A report makes ~160 reductions, and these
    were a tenth of its parse. tests/test_parser_step.py holds the trees built here to
    Lark's, token for token.
    """

    def __init__(self, name: str, include: Optional[list[tuple[int, bool]]], expand_single: bool) -> None:
        self.name = name  # the tree's data (a Lark Token from a freshly compiled grammar)
        self.include = include  # (child index, splice its children), or None: keep all
        self.expand_single = expand_single

    def build(self, children: list[Any]) -> Any:
        include = self.include
        if include is not None:
            filtered: list[Any] = []
            for i, splice in include:
                if splice:
                    if filtered:
                        filtered += children[i].children
                    else:  # (Lark reuses the first spliced list: left recursion)
                        filtered = children[i].children
                else:
                    filtered.append(children[i])
            children = filtered
        if self.expand_single and len(children) == 1:
            return children[0]
        return Node(self.name, children)


def node_builder(rule: Any) -> NodeBuilder:
    """The NodeBuilder of a Lark ``Rule``, as lark.parse_tree_builder decides it."""
    options = rule.options
    include = [(i, not sym.is_term and sym.name.startswith("_"))
               for i, sym in enumerate(rule.expansion)
               if options.keep_all_tokens or not (sym.is_term and sym.filter_out)]
    filtering = len(include) < len(rule.expansion) or any(splice for _i, splice in include)
    return NodeBuilder(rule.alias or options.template_source or rule.origin.name,
                       include if filtering else None, bool(options.expand1 and not rule.alias))


# An LALR action, unpacked: (shift-to state or -1, rule length, rule name, tree builder).
Action = tuple[int, int, str, Optional[NodeBuilder]]


def column_key(terminal: str) -> str:
    """``C_AMOUNT__FEES`` → ``amount``: the JSON key of a column terminal."""
    return terminal[2:].split("__")[0].lower()


class EditionGrammar:
    """One edition: the LALR parser and the tables derived from its grammar."""

    def __init__(self, edition: str, cache: bool = True):
        self.edition = edition
        text = "\n".join(grammar_text(n) for n in (*GRAMMAR_PARTS, f"edition_{edition}.lark"))
        self.lark = Lark(
            text,
            parser="lalr",
            lexer=_NoLexer,
            propagate_positions=False,  # tokens carry their own positions into the AST
            maybe_placeholders=False,
            strict=True,  # a shift/reduce conflict in an edition is an error, not a guess
            cache=cache,  # (False only in tests: a fresh compile differs in small ways)
        )
        lalr = self.lark.parser.parser.parser
        self.parse_conf = self.lark.parse_interactive("").parser_state.parse_conf
        self.states = lalr.parse_table.states
        # The same table with each action unpacked: (shift-to state, 0, "", None) or (-1,
        # rule length, rule name, tree builder), in a list indexed by state (Lark numbers
        # its states 0…n-1). Feeding and look-ahead run on this, without Lark's per-step
        # rule comparisons (see feed()); fixed types let the compiled build index and
        # unpack it natively.
        if sorted(self.states) != list(range(len(self.states))):
            raise ValueError("Lark's LALR states are not numbered 0…n-1")
        builders = {rule: node_builder(rule) for rule in self.lark.rules}
        self.actions: list[dict[str, Action]] = [
            {
                term: (arg, 0, "", None) if action is Shift
                else (-1, len(arg.expansion), arg.origin.name, builders[arg])
                for term, (action, arg) in self.states[state].items()
            }
            for state in range(len(self.states))
        ]
        self.end_state: int = self.parse_conf.end_state
        literals = {t.name: t.pattern.value for t in self.lark.terminals}
        self.literals: dict[str, str] = literals

        # Row labels: every trailing run of a label's parts names that row.
        self.label_keys: dict[str, str] = {}
        self.group_parts: set[str] = set()
        for name, literal in literals.items():
            if not name.startswith("L_"):
                continue
            parts = [fold(p) for p in literal.split(" ")]
            for i in range(len(parts)):
                self.label_keys.setdefault("".join(parts[i:]), name)
            for i in range(1, len(parts)):
                self.group_parts.add("".join(parts[:i]))
                self.group_parts.add(parts[i - 1])
        self.columns = {fold(v): k for k, v in literals.items() if k.startswith("C_")}
        self.column_keys = {k: column_key(k) for k in literals if k.startswith("C_")}
        self.items = {fold(v): k for k, v in literals.items() if k.startswith("T_")}
        self.headings = {k: v for k, v in literals.items() if k.startswith("H_")}

        self._rules: dict[str, list[list[str]]] = {}
        for rule in self.lark.rules:
            self._rules.setdefault(rule.origin.name, []).append([s.name for s in rule.expansion])
        # Rows: rules whose (inlined) expansion has column terminals and no nested rule.
        self.row_columns: dict[str, tuple[str, ...]] = {}
        self.group_rows: dict[str, tuple[str, ...]] = {}
        for name in self._rules:
            if name.startswith("_") or name == "start":
                continue
            symbols = self._flatten(name)
            nested = [s for s in symbols if s.islower() and not s.startswith("_")]
            cols = [column_key(s) for s in self._longest_columns(name)]
            if cols and not nested:
                self.row_columns[name] = tuple(cols)
            elif any(s.startswith("T_") for s in symbols):
                self.group_rows[name] = tuple(dict.fromkeys(nested))
        self._width: dict[int, int] = {}
        self.cell_kinds: dict[str, tuple] = {}  # cell text → classification, see lexer
        self.heading_cache: dict[str, tuple] = {}  # line → (heading terminal, score), see lexer
        self._shift_col: dict[int, Optional[str]] = {}
        self._chain: dict[int, tuple[tuple[str, int], ...]] = {}
        self._column_terms: dict[int, tuple[str, ...]] = {}

    # ------------------------------------------------------------ rule helpers

    def _flatten(self, name: str, seen: Optional[set] = None) -> list[str]:
        """All symbols reachable from a rule through inlined (``_``) rules."""
        seen = seen if seen is not None else set()
        out: list[str] = []
        for expansion in self._rules.get(name, []):
            for s in expansion:
                if s.startswith("_") and s in self._rules and s not in seen:
                    seen.add(s)
                    out.extend(self._flatten(s, seen))
                else:
                    out.append(s)
        return out

    def _longest_columns(self, name: str, path: frozenset = frozenset()) -> list[str]:
        best: list[str] = []
        for expansion in self._rules.get(name, []):
            cols: list[str] = []
            for s in expansion:
                if s.startswith("C_"):
                    cols.append(s)
                elif s.startswith("_") and s in self._rules and s not in path:
                    cols.extend(self._longest_columns(s, path | {name}))
            if len(cols) > len(best):
                best = cols
        return best

    def rows_of(self, rule: str) -> tuple[str, ...]:
        """The row rules of a table or sub-table rule, in grammar order."""
        if rule in self.row_columns:
            return (rule,)
        out: list[str] = []
        for s in self._flatten(rule):
            if s.islower() and not s.startswith("_"):
                for r in self.rows_of(s):
                    if r not in out:
                        out.append(r)
        return tuple(out)

    # ------------------------------------------------------------ parser-state queries

    def shift_column(self, state: int) -> Optional[str]:
        """The column terminal the parser will shift next in this state, if any."""
        try:
            return self._shift_col[state]
        except KeyError:
            found = None
            for term, (action, _arg) in self.states[state].items():
                if term.startswith("C_") and action is Shift:
                    found = term
                    break
            self._shift_col[state] = found
            return found

    def column_chain(self, state: int) -> tuple[tuple[str, int], ...]:
        """The column terminals the parser shifts one after another from this state, each
        with the state it shifts to: the rest of a row, as the grammar orders its columns."""
        try:
            return self._chain[state]
        except KeyError:
            chain, s = [], state
            while True:
                col = self.shift_column(s)
                if col is None:
                    break
                s = self.states[s][col][1]
                chain.append((col, s))
            self._chain[state] = tuple(chain)
            return self._chain[state]

    def row_width(self, state: int) -> int:
        """How many column cells the parser shifts in a row from this state on."""
        try:
            return self._width[state]
        except KeyError:
            n, s = 0, state
            while True:
                col = self.shift_column(s)
                if col is None:
                    break
                s = self.states[s][col][1]
                n += 1
            self._width[state] = n
            return n

    def simulate(self, stack: list[int], types: Iterable[str]) -> bool:
        """Would the parser accept these token types from this state stack?"""
        return self.advance(stack, types) is not None

    def columns_ahead(self, stack: list[int], limit: int = 40) -> int:
        """How many column cells in a row the parser accepts from here, across reductions
        (table 4's fifteen cells are three rows of five to the grammar)."""
        n = 0
        while n < limit:
            for term in self.column_terms(stack[-1]):
                after = self.advance(stack, [term])
                if after is not None:
                    stack, n = after, n + 1
                    break
            else:
                return n
        return n

    def column_terms(self, state: int) -> tuple[str, ...]:
        """The column terminals this state has an action for (most states: none)."""
        try:
            return self._column_terms[state]
        except KeyError:
            terms = self._column_terms[state] = tuple(t for t in self.states[state] if t.startswith("C_"))
            return terms

    def advance(self, stack: list[int], types: Iterable[str]) -> Optional[list[int]]:
        """The state stack after these token types, or None if the parser rejects them."""
        stack = list(stack)
        actions = self.actions
        for t in types:
            while True:
                action = actions[stack[-1]].get(t)
                if action is None:
                    return None
                shift, size, origin, _callback = action
                if shift >= 0:
                    stack.append(shift)
                    break
                if size:
                    del stack[-size:]
                stack.append(actions[stack[-1]][origin][0])
                if t == "$END" and origin == "start":
                    return stack
        return stack

    def feed(self, parser_state: ParserState, token: Any) -> bool:
        """Lark's ``ParserState.feed_token`` for a token that is not the end: reduce as the
        table says, then shift. False (and nothing shifted) when the parser rejects the
        token; reductions already made stay, as in Lark."""
        stack: list[int] = parser_state.state_stack
        values: list[Any] = parser_state.value_stack
        actions = self.actions
        t: str = token.type  # (a GToken, or a CellInfo fed as its column)
        while True:
            action = actions[stack[-1]].get(t)
            if action is None:
                return False
            shift, size, origin, callback = action
            if shift >= 0:
                stack.append(shift)
                values.append(token)
                return True
            assert callback is not None  # (every reduction has its tree builder)
            self._reduce(stack, values, size, origin, callback)

    def _reduce(self, stack: list[int], values: list[Any], size: int, origin: str, builder: NodeBuilder) -> None:
        """One reduction: the rule's children off the stacks, its node and the state it
        goes to on."""
        if size:
            children = values[-size:]
            del stack[-size:]
            del values[-size:]
        else:
            children = []
        values.append(builder.build(children))
        stack.append(self.actions[stack[-1]][origin][0])

    def finish(self, parser_state: ParserState) -> Optional[Node]:
        """Lark's ``ParserState.feed_token`` for the end: reduce until the start rule, and
        return the parse tree; None (nothing reduced) when the parser rejects the end."""
        stack: list[int] = parser_state.state_stack
        values: list[Any] = parser_state.value_stack
        actions = self.actions
        if self.advance(stack, ["$END"]) is None:
            return None
        while True:
            action = actions[stack[-1]].get("$END")
            assert action is not None and action[0] < 0  # (advance() accepted the end)
            _shift, size, origin, callback = action
            assert callback is not None
            self._reduce(stack, values, size, origin, callback)
            if stack[-1] == self.end_state:
                tree: Node = values[-1]
                return tree

    # ------------------------------------------------------------ labels

    def label(self, terminal: str) -> str:
        """The official wording of a terminal (row label, column, heading, caption)."""
        return self.literals[terminal]

    def row_label(self, key: str) -> str:
        return self.literals["L_" + key.upper()]

    def column_label(self, key: str) -> str:
        for name, literal in self.literals.items():
            if name.startswith("C_") and column_key(name) == key:
                return literal
        raise KeyError(key)

    def edition_markers(self) -> set[str]:
        """Folded labels of this edition's tables (for telling the editions apart)."""
        return {fold(v) for k, v in self.literals.items() if k[:2] in ("C_", "L_", "T_")}


@functools.lru_cache(maxsize=None)
def edition_grammar(edition: str) -> EditionGrammar:
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}")
    return EditionGrammar(edition)


@functools.lru_cache(maxsize=None)
def distinctive_labels() -> dict[str, list[str]]:
    """Each edition's distinctive labels, folded, longest first.

    A label is distinctive when it is not contained in any label of the other edition
    (2019's 上一年项目数量, 第二十条第(九)项 …; 2021's 本年制发件数 …). Truncated 2019 headers
    (``本年新``) are covered by their untruncated siblings elsewhere in the same report.
    """
    markers = {e: edition_grammar(e).edition_markers() for e in EDITIONS}
    out: dict[str, list[str]] = {}
    for e in EDITIONS:
        others = set().union(*(markers[o] for o in EDITIONS if o != e))
        unique = sorted(
            (m for m in markers[e] if len(m) >= 4 and not any(m in o for o in others)),
            key=len,
            reverse=True,
        )
        if any(m.isascii() for m in unique):  # edition_label_counts skips ASCII cells
            raise ValueError(f"an edition-{e} label without Chinese in it: {unique}")
        out[e] = unique
    return out


@functools.lru_cache(maxsize=None)
def edition_detector() -> re.Pattern:
    """A regex over folded text whose named groups are each edition's distinctive labels."""
    return re.compile("|".join(f"(?P<e{e}>" + "|".join(map(re.escape, labels)) + ")"
                               for e, labels in distinctive_labels().items()))


# Characters whose compatibility decomposition holds no CJK ideograph but, for an
# ideograph, itself: ASCII, the unified ideographs, full-width ASCII, common punctuation.
# (tests/test_label_matching.py checks every one of them.)
INERT_CHARACTERS: Final = "\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e、。“”‘’《》【】…—·\u3000"


@functools.lru_cache(maxsize=None)
def label_prefilter() -> re.Pattern:
    """A regex over raw (unfolded) text that finds something in every piece whose folding
    holds a distinctive label, and nothing in most that do not.

    Each label has an anchor, its character rarest among all labels. Folding (NFKC) can
    only bring an ideograph into a piece from a character whose decomposition holds it:
    the ideograph itself, or a character outside INERT_CHARACTERS (a Kangxi radical, a
    compatibility ideograph, ㈠ …). So a piece with neither an anchor nor such a
    character holds no label, and is not folded.
    """
    labels = [label for group in distinctive_labels().values() for label in group]
    everywhere = "".join(fold(v) for e in EDITIONS for v in edition_grammar(e).literals.values())
    anchors = sorted({min((ch for ch in label if not ch.isascii()), key=everywhere.count) for label in labels})
    # One negated class, the anchors cut out of the unified ideographs' range (a single
    # class is searched twice as fast as an alternation of two).
    if not all("\u4e00" < a < "\u9fff" for a in anchors):
        raise ValueError(f"a label's anchor is not a unified ideograph: {anchors}")
    ideographs, start = [], "\u4e00"
    for a in anchors:
        if a > start:  # (two anchors side by side leave no range between them)
            ideographs.append(f"{start}-{chr(ord(a) - 1)}")
        start = chr(ord(a) + 1)
    ideographs.append(f"{start}-\u9fff")
    return re.compile("[^" + INERT_CHARACTERS.replace("\u4e00-\u9fff", "".join(ideographs)) + "]")


# Characters: a longer line is prose, never a cell, caption or page number (the longest
# row label, written out in full, is 60).
MAX_CELL_LINE: Final = 80


# A piece of a line (a cell, or a short line) → the distinctive labels in it, by edition.
_label_hits: dict[str, tuple[tuple[str, int], ...]] = {}


def edition_label_counts(lines: Iterable[Line]) -> dict[str, int]:
    """How often each edition's distinctive table labels occur in these lines.

    Only table lines and lines short enough to be a cell are read: a paragraph that
    quotes a label is not the table (and folding every paragraph costs more than the
    rest of a parse). A table line is read cell by cell: a label never spans a cell
    border, and cells repeat from report to report where lines do not, so each cell's
    labels are found once (folding every table line was a seventh of a parse).
    """
    counts = dict.fromkeys(EDITIONS, 0)
    hits = _label_hits
    maybe = label_prefilter()
    for line in lines:
        text = line.text
        if text.isascii():
            continue  # (every label has Chinese in it)
        tabular = "|" in text or "\t" in text
        if not tabular and len(text) > MAX_CELL_LINE:
            continue
        if not maybe.search(text):
            continue  # no piece of it can hold a label (see label_prefilter)
        table = table_parts(text) if tabular else None
        if table is not None:
            pieces = table[0]
        elif len(text) <= MAX_CELL_LINE:
            pieces = [text]
        else:
            continue
        for piece in pieces:
            found = hits.get(piece)
            if found is None:
                if len(hits) > 50000:
                    hits.clear()
                found = hits[piece] = _labels_in(piece)
            for edition, n in found:
                counts[edition] += n
    return counts


def _labels_in(piece: str) -> tuple[tuple[str, int], ...]:
    if piece.isascii() or not label_prefilter().search(piece):
        return ()  # (see label_prefilter: folding it would find no label)
    found: dict[str, int] = {}
    for m in edition_detector().finditer(fold(piece)):
        edition = (m.lastgroup or "e")[1:]  # (every alternative is a named group)
        found[edition] = found.get(edition, 0) + 1
    return tuple(found.items())
