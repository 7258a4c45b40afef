"""How labels and headings are matched: the shortcuts taken for speed change no result.

``fold`` replaces the commonest full-width characters before NFKC, so that most lines
skip NFKC's slow path; it must still be NFKC. difflib is interpreted Python; giar's
fuzzy module computes its measures itself (compiled), and the lexer rules pairs out
with ``quick_ratio``, an upper bound, before computing a ratio. Edition detection folds
only what the label prefilter finds something in, and sub-headings are told by their
first character before their patterns. These tests hold each shortcut to the plain
computation.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark.parsers.lalr_parser_state import ParserState

from giar.format import edition_ids, fold
from giar.format.detect import INERT_CHARACTERS, distinctive_labels, edition_detector, label_prefilter
from giar.parse.grammar import edition_grammar

EDITIONS = edition_ids()
from giar.parse.fuzzy import close_matches, longest_block, quick_ratio, ratio
from giar.parse.lexer import HEADING_CUTOFF, Lexer
from giar.read.layout import _OUTLINE, _SUBHEADING, reads_as_subheading

# Characters of the official wording, with a few that are in none of it.
ALPHABET = "".join(sorted({ch for e in EDITIONS for h in edition_grammar(e).headings.values()
                           for ch in fold(h)})) + "甲乙丙x"


WIDE = [(chr(code), chr(code - 0xFEE0)) for code in range(0xFF01, 0xFF5F)]  # full-width ASCII
# Full-width forms, combining marks that compose with what precedes them, compatibility
# characters of PDF text (Kangxi radicals, enclosed ideographs, ligatures), spaces, quotes.
FOLD_ALPHABET = "12、，（）：；\u3000,()e\u0301\u0308\u0327Ａ４⼀㈠ﬁｶﾞ 一三公开“”「」\t"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=FOLD_ALPHABET, max_size=12))
def test_fold_is_nfkc_without_spaces_or_quotes(text):
    expected = re.sub(r"[\s“”\"'‘’「」『』]+", "", unicodedata.normalize("NFKC", text))
    # and a sub-row's number as the grammar writes it: 1、 (1) → 1.
    expected = re.sub(r"(?<![\d.])(\d{1,2})、|(?<!\d)\((\d{1,2})\)", lambda m: (m[1] or m[2]) + ".", expected)
    assert fold.__wrapped__(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="一二三、公开情况申请x", max_size=12), st.text(alphabet="一二三、公开情况申请x", max_size=12))
def test_quick_ratio_is_difflibs_bound(a, b):
    matcher = difflib.SequenceMatcher(None, a, b)
    assert quick_ratio(a, b) == matcher.quick_ratio()
    assert quick_ratio(a, b) >= matcher.ratio()


# Few distinct characters, so that blocks match in many places and ties are common.
PAIR = st.text(alphabet="一二三、公开x", max_size=30)


@settings(max_examples=500, deadline=None)
@given(PAIR, PAIR)
def test_ratio_is_difflibs(a, b):
    assert ratio(a, b) == difflib.SequenceMatcher(None, a, b).ratio()


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet="一二三公开", min_size=195, max_size=230), st.text(alphabet="一二三公开", max_size=60))
def test_ratio_is_difflibs_with_autojunk(a, b):
    # From 200 characters of b, difflib drops b's commonest characters (autojunk).
    assert ratio(b, a) == difflib.SequenceMatcher(None, b, a).ratio()


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet="一二三公开", min_size=195, max_size=230), st.text(alphabet="一二三公开", max_size=60))
def test_ratio_without_autojunk_is_difflibs_at_any_length(a, b):
    # (the cross-year rules compare whole sections of prose, without autojunk)
    assert ratio(b, a, autojunk=False) == difflib.SequenceMatcher(None, b, a, autojunk=False).ratio()
    assert ratio(a, b, autojunk=False) == difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@settings(max_examples=500, deadline=None)
@given(PAIR, PAIR)
def test_longest_block_is_difflibs(a, b):
    expected = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
    assert longest_block(a, b) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc", max_size=4), st.lists(st.text(alphabet="abc", max_size=4), max_size=8),
       st.integers(1, 3), st.sampled_from([0.0, 0.3, 0.5, 0.75]))
def test_close_matches_order_ties_as_difflib(word, possibilities, n, cutoff):
    assert close_matches(word, possibilities, n, cutoff) == \
        difflib.get_close_matches(word, possibilities, n=n, cutoff=cutoff)


@pytest.mark.parametrize("edition", EDITIONS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_close_matches_are_difflibs(edition, data):
    labels = sorted(edition_grammar(edition).label_keys)
    base = data.draw(st.sampled_from(labels))
    # A label with characters dropped and others put in (a garbled or truncated label).
    keep = data.draw(st.lists(st.booleans(), min_size=len(base), max_size=len(base)))
    word = "".join(ch for ch, k in zip(base, keep) if k) + data.draw(st.text(alphabet=ALPHABET, max_size=3))
    assert close_matches(word, labels, n=3, cutoff=0.75) == \
        difflib.get_close_matches(word, labels, n=3, cutoff=0.75)


def reference_heading_score(g, folded: str):
    """_heading_score for a numbered line, with difflib's ratio for every heading."""
    number_end = len(folded) - len(folded.lstrip("一二三四五六七八九十"))
    text = folded[number_end + 1:]
    best, best_ratio = None, 0.0
    for name, literal in g.headings.items():
        official = fold(literal)
        official_text = official[official.index("、") + 1:]
        if folded == official or text == official_text:
            return name, 1.0
        if official_text in text or (len(text) >= 4 and text in official_text):
            ratio = 0.9
        else:
            ratio = difflib.SequenceMatcher(None, text, official_text).ratio()
        if ratio > best_ratio:
            best, best_ratio = name, ratio
    return (best, best_ratio) if best_ratio >= HEADING_CUTOFF else (None, 0.0)


@pytest.mark.parametrize("edition", EDITIONS)
@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_heading_scores_are_difflibs(edition, data):
    g = edition_grammar(edition)
    bodies = [fold(h)[fold(h).index("、") + 1:] for h in sorted(g.headings.values())]
    # The start of one heading and the end of another (a line close to both), reworded:
    # characters kept, dropped or replaced.
    first, second = data.draw(st.sampled_from(bodies)), data.draw(st.sampled_from(bodies))
    body = first[: data.draw(st.integers(0, len(first)))] + second[data.draw(st.integers(0, len(second))):]
    edits = data.draw(st.lists(st.sampled_from("kkkkkd") | st.text(alphabet=ALPHABET, min_size=1, max_size=1),
                               min_size=len(body), max_size=len(body)))
    text = "".join(ch if e == "k" else "" if e == "d" else e for ch, e in zip(body, edits))
    number = data.draw(st.sampled_from("一二三四五六七"))
    folded = f"{number}、{text}"
    if folded in g.label_keys or folded in g.group_parts:
        return  # (a row label, not a heading: no score at all)
    lexer = Lexer(g, (), ParserState(g.parse_conf, None), lambda token: None)
    assert lexer._heading_score(folded) == reference_heading_score(g, folded)


def is_ideograph(ch: str) -> bool:
    return "IDEOGRAPH" in unicodedata.name(ch, "")


def test_inert_characters_bring_no_ideograph_but_themselves():
    inert = re.compile(f"[{INERT_CHARACTERS}]")
    checked = 0
    for code in range(0x110000):
        ch = chr(code)
        if inert.match(ch):
            checked += 1
            assert all(d == ch or not is_ideograph(d) for d in unicodedata.normalize("NFKD", ch)), hex(code)
    assert checked > 27000  # (the class is read as ranges, not as the characters of its text)


# Characters that fold to an ideograph (Kangxi radicals, compatibility ideographs, ㊅ …),
# as PDF text has them.
_VARIANTS: dict[str, list[str]] = {}
for _code in [*range(0x2E80, 0x2FE0), *range(0x3190, 0x3400), *range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]:
    _folded = unicodedata.normalize("NFKC", chr(_code))
    if len(_folded) == 1 and is_ideograph(_folded):
        _VARIANTS.setdefault(_folded, []).append(chr(_code))


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_label_prefilter_passes_every_piece_with_a_label(data):
    labels = [label for group in distinctive_labels().values() for label in group]
    label = data.draw(st.sampled_from(labels))
    # The label as a PDF or a careless hand writes it: variants of its characters,
    # full-width punctuation, spaces and quotes inside, text around it.
    written = "".join(
        data.draw(st.sampled_from([ch, *_VARIANTS.get(ch, []), *[w for w, n in WIDE if n == ch]]))
        + data.draw(st.sampled_from(["", "", " ", "\u3000", "“"]))
        for ch in label)
    piece = data.draw(st.text(alphabet="年度情况（）", max_size=3)) + written
    assert edition_detector().search(fold.__wrapped__(piece))
    assert label_prefilter().search(piece)


def test_label_prefilter_skips_most_pieces_without_a_label():
    # (what it is for: the table's other labels and ordinary prose are not folded)
    others = [fold(v) for v in edition_grammar("2021").literals.values()] + [
        "本年度共主动公开政府信息120条，其中规章0件。", "全年收到申请50件", "（一）予以公开"]
    skipped = [p for p in others if not label_prefilter().search(p)]
    assert len(skipped) >= len(others) // 2


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="（(一二十)）、.．。公开情况 ", max_size=10))
def test_reads_as_subheading_is_its_patterns(text):
    # (its shortcut: both patterns start with a bracket or a Chinese numeral)
    assert reads_as_subheading(text) == bool(_SUBHEADING.match(text) or _OUTLINE.match(text))


@pytest.mark.parametrize("written", ["{n}、", "{n}．", "（{n}）", "({n})", "{n} 、"])
def test_sub_rows_numbered_as_printed_read_as_the_grammar_numbers_them(written):
    """（六）其他处理 1、… 2、… 3、… (a city's PDF) reads as 1. 2. 3.: one normalisation (fold)."""
    from pathlib import Path

    from giar.parse import parse_text

    clean = (Path(__file__).parent / "data" / "clean_2023.md").read_text("utf-8")
    text = clean
    for n in (1, 2, 3):
        text = text.replace(f"（六）其他处理 {n}.", "（六）其他处理 " + written.format(n=n))
    assert text != clean
    assert parse_text(text) == parse_text(clean)
