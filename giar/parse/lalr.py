"""The LALR step: the only module of giar that uses Lark's internals.

Lark compiles each edition's grammar to an LALR table (giar.format.grammar, public API);
giar feeds it itself, because its lexer is contextual (what a cell means depends on the
parser's state) and pushes table cells straight onto the parser's stacks. This module
unpacks Lark's table into plain tuples, runs the step (shift, reduce, the end), builds the
tree nodes as Lark's tree callbacks would, and answers the lexer's questions about the
state (which column comes next, how wide a row is). Nothing else imports Lark's parser.

The small API the lexer and the driver use: ``LalrTable`` (``feed``, ``finish``,
``shift_value``, ``advance``, ``simulate``, ``column_chain``, ``shift_column``,
``row_width``, ``width_after``, ``columns_ahead``, ``column_terms``), ``new_state`` and
``ParserState`` (its ``state_stack`` and ``value_stack``), and ``Node``.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from lark import Lark, Tree
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_parser_state import ParserState


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


class LalrTable:
    """An edition's LALR table, unpacked, and the step that runs on it."""

    def __init__(self, lark: Lark) -> None:
        lalr = lark.parser.parser.parser
        self.parse_conf = lark.parse_interactive("").parser_state.parse_conf
        self.states = lalr.parse_table.states
        # The same table with each action unpacked: (shift-to state, 0, "", None) or (-1,
        # rule length, rule name, tree builder), in a list indexed by state (Lark numbers
        # its states 0…n-1). Feeding and look-ahead run on this, without Lark's per-step
        # rule comparisons (see feed()); fixed types let the compiled build index and
        # unpack it natively.
        if sorted(self.states) != list(range(len(self.states))):
            raise ValueError("Lark's LALR states are not numbered 0…n-1")
        builders = {rule: node_builder(rule) for rule in lark.rules}
        self.actions: list[dict[str, Action]] = [
            {
                term: (arg, 0, "", None) if action is Shift
                else (-1, len(arg.expansion), arg.origin.name, builders[arg])
                for term, (action, arg) in self.states[state].items()
            }
            for state in range(len(self.states))
        ]
        self.end_state: int = self.parse_conf.end_state
        self._width: dict[int, int] = {}
        self._shift_col: dict[int, Optional[str]] = {}
        self._chain: dict[int, tuple[tuple[str, int], ...]] = {}
        self._column_terms: dict[int, tuple[str, ...]] = {}

    def new_state(self) -> ParserState:
        """A parser at the start, fed by giar (no Lark lexer)."""
        return ParserState(self.parse_conf, None)  # type: ignore[arg-type]

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


    def width_after(self, stack: list[int], terminal: str) -> int:
        """How many cells the row has that the parser would start with this terminal
        from this state stack (0 when it rejects the terminal)."""
        after = self.advance(stack, [terminal])
        return self.row_width(after[-1]) if after is not None else 0

    def shift_value(self, parser_state: ParserState, column: str, value: Any) -> None:
        """Put one table cell on the stacks as the column terminal ``column``: pushed when
        the table shifts it, fed through the reductions when it first closes a row."""
        shift = self.actions[parser_state.state_stack[-1]][column][0]
        if shift >= 0:
            parser_state.state_stack.append(shift)
            parser_state.value_stack.append(value)
        else:
            self.feed(parser_state, value)
