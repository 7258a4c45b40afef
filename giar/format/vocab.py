"""What an edition's grammar says, as the rest of giar asks it: the official wording of
every label, which rows and columns each table has, the sections and their tables.

Everything here is derived from the compiled grammar (grammar/*.lark): terminal names
follow the convention structure.lark describes (H_ headings, T_ captions, L_ row labels,
C_ columns, W_ header words, TITLE), rule names are the JSON keys. No label is spelled
in Python.
"""

from __future__ import annotations

from typing import Optional

from giar.format.registry import edition_ids, format_cached
from giar.format.folding import fold
from giar.format.grammar import lark_grammar


def column_key(terminal: str) -> str:
    """``C_AMOUNT__FEES`` → ``amount``: the JSON key of a column terminal."""
    return terminal[2:].split("__")[0].lower()


class Vocabulary:
    """One edition's labels and structure, from its compiled grammar."""

    def __init__(self, edition: str, lark=None) -> None:
        self.edition = edition
        lark = lark if lark is not None else lark_grammar(edition)
        literals = {t.name: t.pattern.value for t in lark.terminals}
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
        self._column_labels: dict[str, str] = {}  # key → the first column terminal's wording
        for name, key in self.column_keys.items():
            self._column_labels.setdefault(key, literals[name])
        self.items = {fold(v): k for k, v in literals.items() if k.startswith("T_")}
        self.headings = {k: v for k, v in literals.items() if k.startswith("H_")}

        self.rules: dict[str, list[list[str]]] = {}
        for rule in lark.rules:
            self.rules.setdefault(rule.origin.name, []).append([s.name for s in rule.expansion])
        # Rows: rules whose (inlined) expansion has column terminals and no nested rule.
        self.row_columns: dict[str, tuple[str, ...]] = {}
        self.group_rows: dict[str, tuple[str, ...]] = {}
        for name in self.rules:
            if name.startswith("_") or name == "start":
                continue
            symbols = self._flatten(name)
            nested = [s for s in symbols if s.islower() and not s.startswith("_")]
            cols = [column_key(s) for s in self._longest_columns(name)]
            if cols and not nested:
                self.row_columns[name] = tuple(cols)
            elif any(s.startswith("T_") for s in symbols):
                self.group_rows[name] = tuple(dict.fromkeys(nested))

        # Sections: the rules ``<kind>_section`` in the order structure.lark lists them,
        # each opened by its heading terminal; a section's table is the rule it nests.
        self.section_kinds: tuple[str, ...] = tuple(
            dict.fromkeys(s[: -len("_section")] for s in self._flatten("start")
                          if s.endswith("_section") and not s.startswith("_")))
        self.table_section: dict[str, str] = {}
        for kind in self.section_kinds:
            for s in self._flatten(kind + "_section"):
                if s.islower() and not s.startswith("_"):
                    self.table_section[s] = kind
        self.table_kinds: tuple[str, ...] = tuple(self.table_section)

    # ------------------------------------------------------------ rule helpers

    def _flatten(self, name: str, seen: Optional[set] = None) -> list[str]:
        """All symbols reachable from a rule through inlined (``_``) rules."""
        seen = seen if seen is not None else set()
        out: list[str] = []
        for expansion in self.rules.get(name, []):
            for s in expansion:
                if s.startswith("_") and s in self.rules and s not in seen:
                    seen.add(s)
                    out.extend(self._flatten(s, seen))
                else:
                    out.append(s)
        return out

    def _longest_columns(self, name: str, path: frozenset = frozenset()) -> list[str]:
        best: list[str] = []
        for expansion in self.rules.get(name, []):
            cols: list[str] = []
            for s in expansion:
                if s.startswith("C_"):
                    cols.append(s)
                elif s.startswith("_") and s in self.rules and s not in path:
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

    # ------------------------------------------------------------ questions

    def has_row(self, key: str) -> bool:
        """Does this edition's grammar have the row ``key`` (other_overdue_correction …)?"""
        return key in self.row_columns

    def has_column(self, key: str, row: Optional[str] = None) -> bool:
        """Does any row (or the row ``row``) have the column ``key`` (change, amount …)?"""
        if row is not None:
            return key in self.row_columns.get(row, ())
        return any(key in cols for cols in self.row_columns.values())

    # ------------------------------------------------------------ wording

    def label(self, terminal: str) -> str:
        """The official wording of a terminal (row label, column, heading, caption)."""
        return self.literals[terminal]

    def row_label(self, key: str) -> str:
        return self.literals["L_" + key.upper()]

    def column_label(self, key: str) -> str:
        return self._column_labels[key]

    def heading(self, kind: str) -> str:
        """A section's official heading, 一、总体情况."""
        return self.literals["H_" + kind.upper()]

    def section_numeral(self, kind: str) -> str:
        """The numeral a section's heading starts with (一 for general)."""
        return self.heading(kind).split("、", 1)[0]

    def caption(self, group: Optional[str]) -> str:
        """A sub-table's caption (第二十条第（一）项), or '' for none."""
        return self.literals["T_" + group.upper()] if group else ""

    def header_word(self, key: str) -> str:
        """A word of the tables' headers that is no row or column label (W_CONTENT …)."""
        return self.literals["W_" + key.upper()]

    @property
    def title_suffix(self) -> str:
        """What every report title ends with, 政府信息公开工作年度报告."""
        return self.literals["TITLE"]

    def edition_markers(self) -> set[str]:
        """Folded labels of this edition's tables (for telling the editions apart)."""
        return {fold(v) for k, v in self.literals.items() if k[:2] in ("C_", "L_", "T_")}


@format_cached
def vocabulary(edition: str) -> Vocabulary:
    if edition not in edition_ids():
        raise ValueError(f"unknown edition {edition!r}")
    return Vocabulary(edition)
