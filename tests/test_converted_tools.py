"""Issue 12's measurement: giar on the text common tools make of its own invented reports.

``tests/converted/make_fixtures.py`` renders two invented reports (``examples/clean-2025.md``,
2021 edition; ``tests/data/clean_2020.md``, 2019 edition) with giar's writers into HTML, Word
and PDF, and keeps what pandoc, pdftotext, LibreOffice, docx2txt, BeautifulSoup, lxml, lynx,
w3m, html2text, markdownify, markitdown, trafilatura, inscriptis, PyMuPDF, pymupdf4llm, pypdf,
pdfplumber and mammoth make of them (``tests/converted/VERSIONS.txt`` pins each version).

The truth is the example's own parse, which ``tests/test_examples.py`` holds exact and checks
against what a person reads. Every fixture is parsed and compared with it cell by cell over
tables 2, 3 and 4; the outcome is one of

* ``exact``       every cell equal to the truth;
* ``tables lost`` no cell stated at all (every cell null): the tables were read as prose;
* ``wrong``       some cell holds a value the document does not say — the worst outcome,
                  since the JSON is what researchers publish;
* ``partial``     some cells null where the truth has a value, none wrong;
* ``error``       giar refused the file (exit 2), stating nothing.

The target (issue 12, "How it is shown"): every fixture whose tables survived the tool parses
exactly; one whose tables the tool dropped states no value. Every tool here kept every
number (``test_the_tool_kept_every_number`` looks for them in the text), so every fixture's
target is ``exact`` — except where the tool ran each row's cells together with no separator
(``RUN_TOGETHER``): there a run such as ``2115`` (行政规范性文件: 2|1|15? 21|1|5? 2|11|5?)
is fixed only by the arithmetic FORMAT.md prescribes, and the target is exact where exactly
one split satisfies every identity, null elsewhere (``UNDETERMINED``, which
``test_undetermined_rows_are_those_the_arithmetic_leaves_open`` derives again).

Fixtures that do not meet the target yet are ``xfail(strict=True)`` from ``NOT_YET``, so CI
turns red when giar improves: then the fixture's entry is removed. Fixtures that state a
wrong number today are listed apart, in ``WRONG_TODAY``. ``tests/converted/README.md``
holds the measurement table; ``python tests/test_converted_tools.py`` rewrites it.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from giar.errors import GiarError
from giar.model.contract import report_json
from giar.parse import parse_file

TESTS = Path(__file__).resolve().parent
CONVERTED = TESTS / "converted"
SOURCES = {  # fixture folder → the hand-checked source it was made from
    "clean-2025": TESTS.parent / "examples" / "clean-2025.md",
    "clean-2020": TESTS / "data" / "clean_2020.md",
}
TABLES = ("active_disclosure", "applications", "review_litigation")
FIXTURES = sorted(f"{example}/{p.name}" for example in SOURCES for p in (CONVERTED / example).iterdir()
                  if p.suffix in (".txt", ".md"))

Cell = tuple[str, str, str]  # (table, row, column), the JSON contract's keys


# --- the targets -------------------------------------------------------------------------

# Tools that run every table row's cells together with no separator, each row on a line.
RUN_TOGETHER = {"bs4-html.txt", "lxml-html.txt"}

# In those, the rows whose run more than one split satisfies (FORMAT.md's identities: row
# totals and the column identities of table 3, group totals of table 4; table 2 has none
# within one year): their cells must be null, never a guess.
UNDETERMINED: dict[str, set[tuple[str, str]]] = {
    "clean-2025": {("active_disclosure", "normative_documents")},  # 2115
    "clean-2020": {("active_disclosure", "normative_documents"),  # 3312
                   ("active_disclosure", "licensing"),  # 40-2120
                   ("active_disclosure", "other_services"),  # 10035
                   ("active_disclosure", "punishment"),  # 60115
                   ("active_disclosure", "procurement")},  # 456.3
}

# Tools that dropped the tables (no number of them in their text): none of those measured.
TABLES_DROPPED: set[str] = set()

# What each tool makes of the tables, for the xfail reasons.
GFM_RAW_HTML = "pandoc -t gfm keeps the tables (merged cells) as raw HTML <table> inside the Markdown"
ONE_PER_LINE_BLANKS = "one cell per line, blank lines between cells and rows"
ONE_PER_LINE = "one cell per line, no blank lines, no row boundaries"
RUN = "every row's cells run together with no separator (规章000, …申请数量425001250)"
RUN_CSS = RUN + "; the page's CSS and title ahead of the text"
LYNX = "cells separated by single spaces, every line indented three spaces, table 4's headers over two lines"
W3M = ("space-aligned columns without borders; labels wrapped inside their cells, the group labels "
       "(三、本年度办理结果, （三）不予公开 …) split over the lines beside the rows")
INSCRIPTIS = "space-aligned columns; table 4 as two header lines over one line of 15 numbers"
BOLD_CAPTIONS_GRID = ("grid tables (+---+, +:===:+) whose table-2 sub-table captions are bold full-width rows "
                      "(**第二十条第（一）项**)")
BOLD_CAPTIONS_PIPE = "pipe tables whose table-2 sub-table captions are bold cells (| **第二十条第（一）项** | | | |)"
MARKITDOWN_PDF = ("pdfminer pipe tables holding two columns' numbers in one cell (| 42 5 | 0 0 | 1 2 | 50 |), "
                  "header words and row labels split over lines between the tables")
PDFTOTEXT = ONE_PER_LINE_BLANKS + "; page 2's row labels of table 3 printed apart from their numbers"
SPACE_ALIGNED_PDF = ("space-aligned columns; the group labels printed vertically one character per line "
                     "(三 / 本 / 年 …) and wrapped labels interleaved with the rows; header words run into row ends")
READING_ORDER_PDF = ("cells in reading order separated by single spaces; wrapped row labels split around "
                     "their numbers; table 4's headers one word per line")
PYMUPDF4LLM = "pipe tables whose header words are split over cells (|申|请人情|况|) and the amount 56.3 printed |56|.3|"

NOT_YET: dict[str, str] = {  # fixture → the layout giar does not read yet
    **{f"{ex}/{name}": why for ex in SOURCES for name, why in {
        "pandoc-html-gfm.md": GFM_RAW_HTML,
        "bs4-html-newline.txt": ONE_PER_LINE_BLANKS,
        "bs4-html.txt": RUN,
        "lxml-html.txt": RUN_CSS,
        "lynx-html.txt": LYNX,
        "w3m-html.txt": W3M,
        "inscriptis-html.txt": INSCRIPTIS,
        "pandoc-docx-markdown.md": BOLD_CAPTIONS_GRID,
        "libreoffice-docx-txt.txt": ONE_PER_LINE,
        "docx2txt-docx.txt": ONE_PER_LINE_BLANKS,
        "mammoth-docx-raw.txt": ONE_PER_LINE_BLANKS,
        "mammoth-docx-markdown.md": ONE_PER_LINE_BLANKS + " (Markdown-escaped)",
        "markitdown-docx.md": BOLD_CAPTIONS_PIPE,
        "markitdown-pdf.md": MARKITDOWN_PDF,
        "pdftotext-pdf.txt": PDFTOTEXT,
        "pdftotext-pdf-layout.txt": SPACE_ALIGNED_PDF,
        "pdftotext-pdf-raw.txt": READING_ORDER_PDF,
        "pymupdf-pdf.txt": ONE_PER_LINE,
        "pymupdf-pdf-sort.txt": SPACE_ALIGNED_PDF,
        "pypdf-pdf.txt": READING_ORDER_PDF,
        "pypdf-pdf-layout.txt": SPACE_ALIGNED_PDF,
        "pdfplumber-pdf.txt": READING_ORDER_PDF,
        "pdfplumber-pdf-layout.txt": SPACE_ALIGNED_PDF + "; lines padded to the page width",
    }.items()},
    "clean-2020/pymupdf4llm-pdf.md": PYMUPDF4LLM,
}

# Fixtures in which giar states a number the document does not say, today; the cells are in
# tests/converted/README.md. These are the measurement's most important finding.
WRONG_TODAY: dict[str, str] = {}  # fixture → the number giar states that the document does not


# --- measuring ---------------------------------------------------------------------------


def cells_of(report: Any) -> dict[Cell, Any]:
    tables = report_json(report)["tables"]
    return {(t, r, c): v for t in TABLES for r, cols in tables.get(t, {}).items() for c, v in cols.items()}


@functools.cache
def truth(example: str) -> dict[Cell, Any]:
    return cells_of(parse_file(str(SOURCES[example])))


def split(fixture: str) -> tuple[str, str]:
    example, name = fixture.split("/")
    return example, name


def expected(fixture: str) -> dict[Cell, Any]:
    """What a correct reading of the fixture states: the truth, null where undetermined."""
    example, name = split(fixture)
    if name in TABLES_DROPPED:
        return {cell: None for cell in truth(example)}
    if name in RUN_TOGETHER:
        return {cell: None if cell[:2] in UNDETERMINED[example] else v for cell, v in truth(example).items()}
    return dict(truth(example))


@dataclass
class Measurement:
    fixture: str
    outcome: str
    right: int = 0
    wrong: list[tuple[Cell, Any, Any]] = field(default_factory=list)  # (cell, truth, giar)
    null: int = 0
    error: Optional[str] = None
    got: dict[Cell, Any] = field(default_factory=dict)


@functools.cache
def measure(fixture: str) -> Measurement:
    example, _ = split(fixture)
    try:
        got = cells_of(parse_file(str(CONVERTED / fixture)))
    except GiarError as e:
        return Measurement(fixture, "error", null=len(truth(example)), error=str(e).replace(str(CONVERTED) + "/", ""))
    m = Measurement(fixture, "", got=got)
    for cell, value in truth(example).items():
        have = got.get(cell)
        if have is None:
            m.null += 1
        elif have == value:
            m.right += 1
        else:
            m.wrong.append((cell, value, have))
    # A cell of another edition's rows or columns, stated, is a number the document does not say.
    m.wrong += [(cell, None, v) for cell, v in got.items() if cell not in truth(example) and v is not None]
    m.outcome = ("wrong" if m.wrong else "exact" if not m.null else "tables lost" if not m.right else "partial")
    return m


def meets_target(fixture: str) -> bool:
    m = measure(fixture)
    if m.outcome == "error":
        return False
    want = expected(fixture)
    return not m.wrong and all(m.got.get(cell) == v for cell, v in want.items())


def target(fixture: str) -> str:
    _, name = split(fixture)
    if name in TABLES_DROPPED:
        return "no value"
    return "exact where determined" if name in RUN_TOGETHER else "exact"


def params(marks: dict[str, str], reason: str) -> list[Any]:
    return [pytest.param(f, id=f, marks=pytest.mark.xfail(strict=True, reason=f"{reason}{marks[f]}"))
            if f in marks else pytest.param(f, id=f) for f in FIXTURES]


# --- the tests ---------------------------------------------------------------------------


def test_the_truth_is_what_the_source_tables_say():
    """The truth, read again without giar: every table row of the canonical source, in order,
    is a pipe row of a label and its numbers (``| 规章 | 0 | 0 | 0 |``)."""
    for example, source in SOURCES.items():
        written = [[c.strip() for c in ln.strip().strip("|").split("|")][1:]
                   for ln in source.read_text("utf-8").splitlines() if ln.startswith("| ")]
        written = [cells for cells in written if cells and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in cells)]
        rows: dict[tuple[str, str], list[str]] = {}
        for (t, r, _), v in truth(example).items():
            rows.setdefault((t, r), []).append(str(v))
        assert written == list(rows.values())


@pytest.mark.parametrize("fixture", params(NOT_YET, "issue #12: "))
def test_fixture_reads_as_the_report_says(fixture):
    m = measure(fixture)
    assert m.outcome != "error", m.error
    want = expected(fixture)
    diff = {cell: (v, m.got.get(cell)) for cell, v in want.items() if m.got.get(cell) != v}
    assert not diff and not m.wrong, f"{m.outcome}: {len(diff)} cells differ, e.g. {list(diff.items())[:5]}"


@pytest.mark.parametrize("fixture", params(WRONG_TODAY, "issue #12, a number the document does not say: "))
def test_no_fixture_states_a_number_the_document_does_not(fixture):
    assert not measure(fixture).wrong, measure(fixture).wrong[:10]


def numbers(text: str, markdown: bool) -> Counter[str]:
    """The numbers written in a text, as the tokens a person reads (43, -2, 56.3); in
    Markdown, after its backslash escapes (mammoth writes ``56\\.3`` and ``\\-2``)."""
    if markdown:
        text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)
    return Counter(re.findall(r"(?<![\d.])-?\d+(?:\.\d+)?(?![\d.])", text))


# Numbers a tool did keep, but not as one token: the amount 56.3 printed |56|.3| in two cells.
NUMBERS_SPLIT = {"clean-2020/pymupdf4llm-pdf.md": {"56.3"}}


@pytest.mark.parametrize("fixture", [f for f in FIXTURES if split(f)[1] not in RUN_TOGETHER | TABLES_DROPPED])
def test_the_tool_kept_every_number(fixture):
    """The tables survived the tool: every cell's number is written in the fixture (as a count)."""
    example, _ = split(fixture)
    want = Counter(str(v) for v in truth(example).values() if v is not None)
    have = numbers((CONVERTED / fixture).read_text("utf-8"), fixture.endswith(".md"))
    missing = {n: k - have[n] for n, k in want.items() if have[n] < k and n not in NUMBERS_SPLIT.get(fixture, ())}
    assert not missing


@pytest.mark.parametrize("fixture", [f for f in FIXTURES if split(f)[1] in RUN_TOGETHER])
def test_run_together_fixtures_hold_every_row_as_one_run(fixture):
    """Each row's cells, written without a separator, end one line of the fixture (table 4: its one row)."""
    example, _ = split(fixture)
    lines = [ln.strip() for ln in (CONVERTED / fixture).read_text("utf-8").splitlines()]
    for run in runs(example).values():
        assert any(ln.endswith(run) for ln in lines), run


def runs(example: str) -> dict[tuple[str, ...], str]:
    """The digit runs a run-together tool writes: one per row; table 4 is one run of 15."""
    out: dict[tuple[str, ...], list[str]] = {}
    for (t, r, _), v in truth(example).items():
        key = (t,) if t == "review_litigation" else (t, r)
        out.setdefault(key, []).append(str(v))
    return {k: "".join(v) for k, v in out.items()}


def splits(run: str, n: int) -> Iterator[tuple[Decimal, ...]]:
    """Every way to read ``run`` as ``n`` numbers as a cell writes them (no leading zero)."""
    if n == 0:
        if not run:
            yield ()
        return
    for i in range(1, len(run) + 1):
        token = run[:i]
        if re.fullmatch(r"-?(0|[1-9]\d*)(\.\d+)?", token):
            try:
                value = Decimal(token)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                continue
            for rest in splits(run[i:], n - 1):
                yield (value, *rest)


def test_undetermined_rows_are_those_the_arithmetic_leaves_open():
    """UNDETERMINED, derived again: a row is determined when exactly one split of its run
    satisfies every identity FORMAT.md gives that applies to it (3: row totals of table 3;
    4: group totals of table 4; 1 and 2: table 3's column identities, over every row at once)."""
    for example in SOURCES:
        cells = truth(example)
        width = {key: sum(1 for c in cells if c[:len(key)] == key) for key in runs(example)}
        candidates = {key: list(splits(run, width[key])) for key, run in runs(example).items()}
        for key, found in candidates.items():
            if key[0] == "applications":
                found[:] = [c for c in found if sum(c[:-1]) == c[-1]]
            elif key[0] == "review_litigation":
                found[:] = [c for c in found if all(sum(c[g:g + 4]) == c[g + 4] for g in (0, 5, 10))]
            assert tuple(Decimal(str(v)) for v in cells_of_key(cells, key)) in found  # the truth is one
        rows = [k for k in candidates if k[0] == "applications"]
        open_rows = [k for k in rows if len(candidates[k]) > 1]
        results = rows[2:-2]  # 三、本年度办理结果's rows, without （七）总计 and 四、结转下年度继续办理
        solutions = []
        for choice in itertools.product(*(candidates[k] for k in open_rows)):
            v = {k: candidates[k][0] for k in rows} | dict(zip(open_rows, choice))
            total, carried = v[("applications", "results_total")], v[("applications", "carried_forward")]
            if all(v[rows[0]][i] + v[rows[1]][i] == total[i] + carried[i]
                   and sum(v[k][i] for k in results) == total[i] for i in range(7)):
                solutions.append(choice)
        assert len(solutions) == 1  # table 3's column identities settle its rows
        undetermined = {k for k, c in candidates.items() if len(c) > 1 and k not in open_rows}
        assert undetermined == UNDETERMINED[example]


def cells_of_key(cells: dict[Cell, Any], key: tuple[str, ...]) -> list[Any]:
    return [v for c, v in cells.items() if c[:len(key)] == key]


@functools.cache
def make_fixtures() -> Any:
    """tests/converted/make_fixtures.py as a module (it imports only the standard library)."""
    name = "giar_tests_make_fixtures"
    spec = importlib.util.spec_from_file_location(name, CONVERTED / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_fixtures_are_those_the_script_writes_and_versions_names_every_tool():
    mf = make_fixtures()
    assert set(mf.EXAMPLES) == set(SOURCES)
    versions = (CONVERTED / "VERSIONS.txt").read_text("utf-8")
    skipped = {t.family for t in mf.TOOLS if re.search(rf"^{re.escape(t.family)}: .*SKIPPED", versions, re.M)}
    assert set(FIXTURES) == {f"{ex}/{t.name}" for ex in mf.EXAMPLES for t in mf.TOOLS if t.family not in skipped}
    for tool in mf.TOOLS:
        assert re.search(rf"^{re.escape(tool.family)}: \S", versions, re.M), tool.family
    assert 40 <= len(FIXTURES) <= 70


def test_every_mark_names_a_fixture():
    for table in (NOT_YET, WRONG_TODAY, NUMBERS_SPLIT):
        assert set(table) <= set(FIXTURES)
    assert set(WRONG_TODAY) <= set(NOT_YET)  # a wrong number never meets the target
    assert RUN_TOGETHER | TABLES_DROPPED <= {split(f)[1] for f in FIXTURES}


# --- the README's table ------------------------------------------------------------------

BEGIN, END = "<!-- measurement: written by python tests/test_converted_tools.py -->", "<!-- end of measurement -->"
OUTCOMES = ("exact", "partial", "tables lost", "wrong", "error")


def readme_table() -> str:
    """The measurement as Markdown: counts per outcome and source form, every fixture, every wrong cell."""
    tools = make_fixtures().TOOLS
    order = {t.name: i for i, t in enumerate(tools)}
    by_name = {t.name: t for t in tools}
    rows = [measure(f) for f in sorted(FIXTURES, key=lambda f: (order[split(f)[1]], split(f)[0]))]
    forms = ("html", "docx", "pdf")
    count = Counter((m.outcome, by_name[split(m.fixture)[1]].form) for m in rows)
    total = sum(len(truth(split(m.fixture)[0])) for m in rows)
    right, wrong = sum(m.right for m in rows), sum(len(m.wrong) for m in rows)
    met = sum(meets_target(m.fixture) for m in rows)
    out = [(f"{len(rows)} fixtures, {met} of them meet the target. Cells over tables 2–4: {right} of {total} "
            f"right, {wrong} wrong, {total - right - wrong} null."), "",
           "| outcome | " + " | ".join(f"from {f}" for f in forms) + " | all |", "|---|---:|---:|---:|---:|"]
    for o in OUTCOMES:
        out.append(f"| {o} | " + " | ".join(str(count[o, f]) for f in forms)
                   + f" | {sum(count[o, f] for f in forms)} |")
    out += ["", "| tool | options | from | example | outcome | right / wrong / null | target | met |",
            "|---|---|---|---|---|---:|---|---|"]
    for m in rows:
        example, name = split(m.fixture)
        tool = by_name[name]
        outcome = m.outcome if m.outcome != "error" else f"error: `{m.error}`"
        out.append(f"| [{tool.family}]({example}/{name}) | `{tool.call}` | {tool.form} | {example} | {outcome} "
                   f"| {m.right} / {len(m.wrong)} / {m.null} | {target(m.fixture)} "
                   f"| {'yes' if meets_target(m.fixture) else 'no'} |")
    out += ["", "Every wrong cell (table.row.column: the document says → giar says):", ""]
    for m in rows:
        if m.wrong:
            cells = "; ".join(f"{'.'.join(c)}: {t} → {g}" for c, t, g in m.wrong)
            out.append(f"* `{m.fixture}` ({len(m.wrong)}): {cells}")
    return "\n".join(out)


def write_readme() -> None:
    path = CONVERTED / "README.md"
    text = path.read_text("utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{BEGIN}\n{readme_table()}\n{END}{tail}", "utf-8")


if __name__ == "__main__":
    write_readme()
    print(readme_table().split("\n")[0])
