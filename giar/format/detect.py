"""Telling the editions apart by their labels: which labels only one edition has, and how
to find them in a piece of text cheaply.

The editions come from the registry, however many there are; the vote over a document's
lines is taken in giar.read.edition, which knows what a line and a cell are.
"""

from __future__ import annotations

import re
from typing import Final, Optional

from giar.format.registry import current_edition, edition_for_year, edition_ids, format_cached
from giar.format.folding import fold
from giar.format.vocab import vocabulary


@format_cached
def distinctive_labels() -> dict[str, list[str]]:
    """Each edition's distinctive labels, folded, longest first.

    A label is distinctive when it is not contained in any label of another edition
    (2019's 上一年项目数量, 第二十条第(九)项 …; 2021's 本年制发件数 …). Truncated 2019 headers
    (``本年新``) are covered by their untruncated siblings elsewhere in the same report.
    """
    ids = edition_ids()
    markers = {e: vocabulary(e).edition_markers() for e in ids}
    out: dict[str, list[str]] = {}
    for e in ids:
        others = set().union(*(markers[o] for o in ids if o != e))
        unique = sorted(
            (m for m in markers[e] if len(m) >= 4 and not any(m in o for o in others)),
            key=len,
            reverse=True,
        )
        if any(m.isascii() for m in unique):  # labels_in skips ASCII pieces
            raise ValueError(f"an edition-{e} label without Chinese in it: {unique}")
        out[e] = unique
    return out


@format_cached
def edition_detector() -> re.Pattern:
    """A regex over folded text whose named groups are each edition's distinctive labels."""
    return re.compile("|".join(f"(?P<e{i}>" + "|".join(map(re.escape, labels)) + ")"
                               for i, labels in enumerate(distinctive_labels().values()) if labels))


# Characters whose compatibility decomposition holds no CJK ideograph but, for an
# ideograph, itself: ASCII, the unified ideographs, full-width ASCII, common punctuation.
# (tests/test_label_matching.py checks every one of them.)
INERT_CHARACTERS: Final = "\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e、。“”‘’《》【】…—·\u3000"


@format_cached
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
    everywhere = "".join(fold(v) for e in edition_ids() for v in vocabulary(e).literals.values())
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


@format_cached
def _group_editions() -> tuple[str, ...]:
    return tuple(e for e, labels in distinctive_labels().items() if labels)


def labels_in(piece: str) -> tuple[tuple[str, int], ...]:
    """The distinctive labels in a piece of a line (a cell, or a short line): (edition,
    how many), for each edition that has one there."""
    if piece.isascii() or not label_prefilter().search(piece):
        return ()  # (see label_prefilter: folding it would find no label)
    groups = _group_editions()
    found: dict[str, int] = {}
    for m in edition_detector().finditer(fold(piece)):
        edition = groups[int((m.lastgroup or "e0")[1:])]  # (every alternative is a named group)
        found[edition] = found.get(edition, 0) + 1
    return tuple(found.items())


def choose_edition(counts: dict[str, int], stated_year: Optional[int]) -> str:
    """The edition with the most distinctive labels; when none leads (no table 2, and a
    table 3 that both editions allow), the edition of the year the report states; with no
    year either, the current edition."""
    best = max(counts.values(), default=0)
    leaders = [e for e in edition_ids() if counts.get(e, 0) == best]
    if best and len(leaders) == 1:
        return leaders[0]
    if stated_year is not None:
        return edition_for_year(stated_year)
    return current_edition()
