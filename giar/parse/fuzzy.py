"""difflib's similarity of two strings, compiled with the parser (setup.py).

The lexer recognises a garbled row label or section heading by difflib's ratio against
the official wording. difflib is interpreted Python: on a real report with a few loose
labels, ``get_close_matches`` was two fifths of the parse. These are the same measures,
computed the same way — ``ratio`` is ``SequenceMatcher(None, a, b).ratio()``, matching
blocks and all — so the lexer decides exactly what difflib would; tests hold them to it.
"""

from __future__ import annotations

import difflib
from typing import Final, List, Sequence

# From this length of b, difflib's autojunk heuristic drops b's popular characters;
# such pairs are left to difflib itself.
AUTOJUNK_FROM: Final = 200


def quick_ratio(a: str, b: str) -> float:
    """``SequenceMatcher(None, a, b).quick_ratio()``: an upper bound on ``ratio``
    (the characters the two share, however ordered)."""
    return _ratio(_shared(a, _counts(b)), len(a) + len(b))


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    return counts


def _shared(a: str, b_counts: dict[str, int]) -> int:
    """How many characters a has in common with b (as multisets), b given by its counts.
    (``str.count`` per distinct character of b: no string is made per character of a.)"""
    matches = 0
    for ch, n in b_counts.items():
        matches += min(n, a.count(ch))
    return matches


def ratio(a: str, b: str, autojunk: bool = True) -> float:
    """``SequenceMatcher(None, a, b, autojunk=autojunk).ratio()``: twice the characters in
    matching blocks, over the length of both. (Not symmetric: ties between equally long
    blocks go to the earliest in ``a``, then in ``b``, as in difflib.)"""
    if autojunk and len(b) >= AUTOJUNK_FROM:
        return difflib.SequenceMatcher(None, a, b).ratio()
    b2j = _b2j(b)
    matches = 0
    # difflib's get_matching_blocks: the longest match, then the same on each side of it.
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = _longest_match(a, b, b2j, alo, ahi, blo, bhi)
        if k:
            matches += k
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    return _ratio(matches, len(a) + len(b))


def longest_block(a: str, b: str) -> int:
    """``SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size``: the
    length of the longest run of characters the two share."""
    return _longest_match(a, b, _b2j(b), 0, len(a), 0, len(b))[2]


def _b2j(b: str) -> dict[str, list[int]]:
    b2j: dict[str, list[int]] = {}
    for j, ch in enumerate(b):
        b2j.setdefault(ch, []).append(j)
    return b2j


def _longest_match(a: str, b: str, b2j: dict[str, list[int]], alo: int, ahi: int,
                   blo: int, bhi: int) -> tuple[int, int, int]:
    """difflib's find_longest_match with no junk: the longest common block of
    a[alo:ahi] and b[blo:bhi], earliest in a, then earliest in b."""
    besti, bestj, bestsize = alo, blo, 0
    j2len: dict[int, int] = {}
    nothing: list[int] = []
    for i in range(alo, ahi):
        newj2len: dict[int, int] = {}
        for j in b2j.get(a[i], nothing):
            if j < blo:
                continue
            if j >= bhi:
                break
            k = j2len.get(j - 1, 0) + 1
            newj2len[j] = k
            if k > bestsize:
                besti, bestj, bestsize = i - k + 1, j - k + 1, k
        j2len = newj2len
    # (difflib then extends the block by equal characters on either side, for the junk
    # and popular characters its b2j leaves out. This b2j leaves none out, so the block
    # found is already as long as it can be.)
    return besti, bestj, bestsize


def _ratio(matches: int, length: int) -> float:
    return 2.0 * matches / length if length else 1.0


def close_matches(word: str, possibilities: Sequence[str], n: int, cutoff: float) -> List[str]:
    """``difflib.get_close_matches(word, possibilities, n, cutoff)``: the best ``n``
    possibilities whose ratio to word reaches cutoff, best first (ties: the greater
    string first)."""
    scored: list[tuple[float, str]] = []
    word_counts = _counts(word)
    for x in possibilities:
        # difflib's order of tests, cheapest first: lengths, shared characters, blocks.
        length = len(x) + len(word)
        if _ratio(min(len(x), len(word)), length) >= cutoff \
                and _ratio(_shared(x, word_counts), length) >= cutoff:
            score = ratio(x, word)
            if score >= cutoff:
                scored.append((score, x))
    scored.sort(reverse=True)
    return [x for _score, x in scored[:n]]
