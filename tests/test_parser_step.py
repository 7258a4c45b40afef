"""giar's LALR step (EditionGrammar.feed / advance) against Lark's own ParserState.

giar feeds tokens through an unpacked copy of Lark's parse table (Lark's feed_token
compares rule objects on every step, which cost more than the rest of a token), and
builds the tree with its own compiled copy of Lark's tree callbacks (NodeBuilder). These
tests hold the copies to the originals: for token sequences that wander through each
edition's grammar, both accept and reject the same tokens, leave the same state stack and
build the same tree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token
from lark.exceptions import UnexpectedToken
from lark.parsers.lalr_parser_state import ParserState

from giar.parse import MAX_MISSING, missing_before
from giar.format import edition_ids
from giar.parse.grammar import edition_grammar
from giar.parse.lalr import Node
from giar.parse.lexer import make_token

ROOT = Path(__file__).resolve().parents[1]


def as_lark(value):
    """A value of the parser's stack as Lark has it (giar's Node as Lark's Tree)."""
    return value.as_lark_tree() if isinstance(value, Node) else value


def lark_step(state: ParserState, tok) -> bool:
    try:
        state.feed_token(tok)
        return True
    except UnexpectedToken:
        return False


@pytest.mark.parametrize("edition", edition_ids())
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_feed_matches_lark(edition, data):
    g = edition_grammar(edition)
    terminals = sorted({t for row in g.states.values() for t in row if t.isupper() and t != "$END"})
    ours, theirs = ParserState(g.parse_conf, None), ParserState(g.parse_conf, None)
    for step in range(data.draw(st.integers(1, 120), label="length")):
        accepted = sorted(t for t in g.states[ours.state_stack[-1]] if t.isupper() and t != "$END")
        # Mostly a token the parser takes (to get deep into the tables), sometimes any.
        pool = accepted if accepted and data.draw(st.integers(0, 9), label="wander") else terminals
        kind = data.draw(st.sampled_from(pool), label=f"token {step}")
        tok = make_token(kind, kind.lower(), step + 1, 1)
        assert g.simulate(ours.state_stack, [kind]) == (g.advance(ours.state_stack, [kind]) is not None)
        expected_stack = g.advance(ours.state_stack, [kind])
        took = g.feed(ours, tok)
        assert took == lark_step(theirs, tok)
        assert ours.state_stack == theirs.state_stack
        if took:
            assert ours.state_stack == expected_stack
        else:
            break  # a rejected token may leave reductions behind, in both
    assert [as_lark(v) for v in ours.value_stack] == theirs.value_stack


def test_feed_builds_a_whole_report_tree():
    """A whole report's token stream (every heading, caption, label and column, nothing
    declared missing) ends in the same tree through giar's step as through Lark's."""
    g = edition_grammar("2021")
    filler = {"$END", "MISSING", "PARAGRAPH", "SUBHEADING", "COMMENT", "HEADER", "LOST_LABEL"}
    ours, theirs = ParserState(g.parse_conf, None), ParserState(g.parse_conf, None)
    headings = [h for h in g.headings]  # in grammar order, each once (sections may repeat)
    n = 0
    while True:
        options = sorted(t for t in g.states[ours.state_stack[-1]]
                         if t.isupper() and t not in filler and g.simulate(ours.state_stack, [t]))
        inside = [t for t in options if not t.startswith("H_")]
        if inside:
            kind = inside[0]
        elif headings and headings[0] in options:
            kind = headings.pop(0)
        else:
            break
        tok = make_token(kind, kind.lower(), n + 1, 1)
        assert g.feed(ours, tok)
        assert lark_step(theirs, tok)
        n += 1
        assert n < 2000, "the walk does not end"
    tree = g.finish(ours)
    assert tree is not None
    tree = tree.as_lark_tree()
    assert tree == theirs.feed_token(make_token("$END", "", n + 1, 1), True)
    # Three tables' worth: table 3 alone is 25 labels of 7 cells.
    assert n > 200
    assert len(list(tree.find_data("review_litigation"))) == 1


@pytest.mark.parametrize("edition", edition_ids())
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_missing_before_is_the_fewest_missing_tokens(edition, data):
    """Recovery's search, one MISSING at a time, finds the count that trying every run of
    MISSING tokens from scratch finds (or none when none works)."""
    g = edition_grammar(edition)
    state = ParserState(g.parse_conf, None)
    for step in range(data.draw(st.integers(0, 80), label="length")):
        accepted = sorted(t for t in g.states[state.state_stack[-1]]
                          if t.isupper() and t not in ("$END", "MISSING") and g.simulate(state.state_stack, [t]))
        if not accepted:
            break
        g.feed(state, make_token(data.draw(st.sampled_from(accepted)), "x", step + 1, 1))
    candidates = sorted({t for row in g.states.values() for t in row
                         if t.startswith(("L_", "T_", "H_")) or t in ("LOST_LABEL", "HEADER", "$END")})
    kind = data.draw(st.sampled_from(candidates), label="token")
    stack = list(state.state_stack)
    by_trying = next((n for n in range(MAX_MISSING + 1)
                      if g.simulate(stack, ["MISSING"] * n + [kind])), None)
    assert missing_before(g, stack, kind) == by_trying
    assert state.state_stack == stack  # the search works on a copy


def test_ast_names_are_plain_strings_from_a_fresh_grammar(monkeypatch):
    """A grammar Lark has just compiled (no cache yet: a fresh clone's first run) names its
    rules with Lark Tokens, a cached one with plain strings; the AST holds plain strings
    either way (a Token repr'd, pickled or type-checked is not the key the contract has)."""
    import giar.parse
    from giar.parse.grammar import EditionGrammar

    fresh = {e: EditionGrammar(e, cache=False) for e in edition_ids()}
    monkeypatch.setattr(giar.parse, "edition_grammar", fresh.__getitem__)
    for example in ("examples/clean-2025.md", "tests/data/clean_2020.md"):
        report = giar.parse.parse_file(str(ROOT / example))
        assert len(report.tables) == 3
        for table in report.tables.values():
            assert type(table.kind) is str
            for row in table.rows:
                assert type(row.key) is str and type(row.group) in (str, type(None))
        assert all(type(s.kind) is str for s in report.sections)


TOY_GRAMMAR = r"""
start: _statement+
_statement: pair | atom | let | dup{word}
dup{x}: "[" x "+" x "]"
?atom: NUMBER -> number | word
pair: "(" item _sep item ")"
?item: atom | pair
word: NAME
!let: "let" NAME "=" item
_sep: "," | ";"
NAME: /[a-z]+/
NUMBER: /[0-9]+/
%ignore " "
"""


@pytest.mark.parametrize("text", ["(a, b)", "a 1 (a; (b, c)) let x = (y, z)", "let q = r 7 [s + t]"])
def test_node_builders_build_what_lark_builds(text):
    """Every kind of rule Lark shapes a tree for (inlined _rules, ?rules, aliases, !rules,
    templates, filtered anonymous tokens, left recursion), though the editions' grammars
    use only some of them today."""
    from lark import Lark
    from lark.parsers.lalr_parser_state import ParseConf

    from giar.parse.lalr import node_builder

    parser = Lark(TOY_GRAMMAR, parser="lalr", maybe_placeholders=False)
    lalr = parser.parser.parser.parser
    conf = ParseConf(lalr.parse_table, {rule: node_builder(rule).build for rule in parser.rules}, "start")
    state = ParserState(conf, None)
    for token in parser.lex(text):
        state.feed_token(token)
    ours = state.feed_token(Token("$END", ""), True)
    assert as_lark(ours) == parser.parse(text)
