"""``giar dataset``: the cells and reports tables, read back with pyarrow, DuckDB and the
csv module, compared with ``giar parse`` and ``giar lint`` of the same files (the corpus
and examples/)."""

from __future__ import annotations

import codecs
import csv
import hashlib
import importlib.util
import io
import json
import re
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO_ROOT, require_corpus
from giar.check.rules import all_rules
from giar.cli import main
from giar.dataset import CELL_FIELDS, IDENTITY_CODES, REPORT_FIELDS, export, reports_path
from giar.format import vocabulary

EXAMPLES = REPO_ROOT / "examples"
CLEAN = EXAMPLES / "clean-2025.md"
MESSY = EXAMPLES / "lost-labels-empty-cell.txt"
CELL_NAMES = [f.name for f in CELL_FIELDS]
REPORT_NAMES = [f.name for f in REPORT_FIELDS]


def run(*args, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr


def parsed(*paths) -> dict[str, dict]:
    """``giar parse`` of the files and directories: the JSON contract of each, by source."""
    code, out, err = run("parse", "--jsonl", *paths)
    assert code == 0, err
    return {c["source"]: c for c in map(json.loads, out.decode("utf-8").splitlines())}


def linted(*paths) -> dict[str, list[dict]]:
    """``giar lint --format json`` of the files, single-report rules only (no GX)."""
    _, out, _ = run("lint", "--format", "json", "--ignore", "GX", "--exit-zero", "--quiet", *paths)
    by_file = defaultdict(list)
    for f in json.loads(out):
        by_file[f["file"]].append(f)
    return by_file


def contract_cells(contract: dict) -> list[tuple]:
    """(table, row, column, value) of every cell of the JSON contract, in its order."""
    return [(t, r, c, v) for t, rows in contract["tables"].items()
            for r, cols in rows.items() for c, v in cols.items()]


def as_json_value(row: dict):
    """What the JSON contract holds, from a cells row: the integer of a count, else the text."""
    return row["value_int"] if row["kind"] == "count" else row["value"]


def check_against_contract(cells: list[dict], reports: list[dict], contracts: dict[str, dict]) -> None:
    """Every value of the cells and reports tables is what ``giar parse`` says."""
    by_source = defaultdict(list)
    for row in cells:
        by_source[row["source"]].append(row)
    assert set(by_source) == set(contracts)
    assert {r["source"] for r in reports} == set(contracts)
    for source, contract in contracts.items():
        rows = by_source[source]
        digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()
        vocab = vocabulary(contract["edition"])
        assert [(r["table_key"], r["row_key"], r["column_key"], as_json_value(r)) for r in rows] \
            == contract_cells(contract), source
        for r in rows:
            assert (r["report_id"], r["agency"], r["year"], r["edition"]) \
                == (digest, contract["agency"], contract["year"], contract["edition"])
            assert r["table_label"] == vocab.heading(vocab.table_section[r["table_key"]])
            assert r["row_label"] == vocab.row_label(r["row_key"])
            assert r["column_label"] == vocab.column_label(r["column_key"])
            assert (r["row_group_label"] is None) == (r["row_group"] is None)
            if r["row_group"]:
                assert r["row_group_label"] == vocab.caption(r["row_group"])
            value = contract["tables"][r["table_key"]][r["row_key"]][r["column_key"]]
            if isinstance(value, int):
                assert (r["kind"], r["value"], r["value_int"]) == ("count", str(value), value)
            elif value is None:
                assert r["kind"] in ("empty", "undetermined") and r["value"] is None and r["value_int"] is None
            else:
                assert r["kind"] in ("amount", "marker") and r["value"] == value and r["value_int"] is None
        report = next(r for r in reports if r["source"] == source)
        assert (report["report_id"], report["agency"], report["year"], report["edition"], report["title"]) \
            == (digest, contract["agency"], contract["year"], contract["edition"], contract["title"])
        assert report["unreadable"] is None


@pytest.fixture(scope="module")
def inputs() -> list[str]:
    return [str(require_corpus()), str(EXAMPLES)]


@pytest.fixture(scope="module")
def contracts(inputs) -> dict[str, dict]:
    return parsed(*inputs)


@pytest.fixture(scope="module")
def parquet(inputs, tmp_path_factory) -> Path:
    pytest.importorskip("pyarrow")
    out = tmp_path_factory.mktemp("parquet") / "reports.parquet"
    code, _, err = run("dataset", *inputs, "-o", out)
    assert code == 0, err
    assert re.fullmatch(r"giar: \d+ cells of \d+ reports to .*reports\.parquet \(reports: .*\)\n", err)
    return out


# ---------------------------------------------------------------- Parquet


def test_parquet_read_back_with_pyarrow_is_what_giar_parse_says(parquet, contracts):
    import pyarrow.parquet as pq

    cells = pq.read_table(parquet)
    reports = pq.read_table(reports_path(str(parquet), "parquet"))
    assert cells.schema.names == CELL_NAMES and reports.schema.names == REPORT_NAMES
    kinds = Counter(cells.column("kind").to_pylist())
    assert {"count", "amount", "empty", "undetermined"} <= set(kinds)  # the corpus has them all (no marker)
    check_against_contract(cells.to_pylist(), reports.to_pylist(), contracts)


def test_parquet_read_back_with_duckdb_is_what_giar_parse_says(parquet, contracts):
    duckdb = pytest.importorskip("duckdb")

    con = duckdb.connect()

    def rows(path: Path) -> list[dict]:
        result = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [d[0] for d in result.description]
        return [dict(zip(names, row)) for row in result.fetchall()]

    cells, reports = rows(parquet), rows(Path(reports_path(str(parquet), "parquet")))
    assert list(cells[0]) == CELL_NAMES and list(reports[0]) == REPORT_NAMES
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                             [str(parquet)]).fetchall())
    assert types["year"] == "INTEGER" and types["value_int"] == "BIGINT" and types["value"] == "VARCHAR"
    check_against_contract(cells, reports, contracts)


def test_the_parquet_schema_is_the_documented_one(parquet):
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "bool": pa.bool_()}
    for path, fields, table in ((parquet, CELL_FIELDS, b"cells"),
                                (reports_path(str(parquet), "parquet"), REPORT_FIELDS, b"reports")):
        schema = pq.read_schema(path)
        assert [(f.name, f.type, f.nullable) for f in schema] == [(f.name, types[f.type], f.nullable) for f in fields]
        assert schema.metadata[b"giar.table"] == table and schema.metadata[b"giar.dataset_version"] == b"1"
        assert all(f.metadata[b"description"] for f in schema)
    # docs/dataset.md lists the same fields, in the same order, with the same types
    doc = (REPO_ROOT / "docs" / "dataset.md").read_text("utf-8")
    for heading, fields in (("### cells", CELL_FIELDS), ("### reports", REPORT_FIELDS)):
        section = doc.split(heading, 1)[1].split("\n#", 1)[0]
        documented = re.findall(r"^\| `(\w+)` \| (\w+)(, not null)? \|", section, re.M)
        assert documented == [(f.name, f.type, "" if f.nullable else ", not null") for f in fields]


def test_the_identity_columns_are_the_arithmetic_rules():
    assert IDENTITY_CODES == tuple(sorted(r.code for r in all_rules() if r.code.startswith("GA")))
    assert tuple(f.name for f in REPORT_FIELDS if f.type == "bool") == IDENTITY_CODES


def test_findings_and_identities_are_those_of_giar_lint(parquet, inputs):
    import pyarrow.parquet as pq

    reports = pq.read_table(reports_path(str(parquet), "parquet")).to_pylist()
    findings = linted(*inputs)
    assert any(not r[code] for r in reports for code in IDENTITY_CODES)  # the corpus has failing identities
    for report in reports:
        mine = findings.get(report["source"], [])
        severities = Counter(f["severity"] for f in mine)
        assert (report["errors"], report["warnings"], report["infos"]) \
            == (severities["error"], severities["warning"], severities["info"]), report["source"]
        codes = {f["code"] for f in mine}
        assert {code: report[code] for code in IDENTITY_CODES} == {code: code not in codes for code in IDENTITY_CODES}


def test_rows_are_written_in_batches_while_the_files_are_read(tmp_path):
    """Streaming: a file is read only when the one before it has been handed to the writer,
    and the cells go out in row groups of the batch size, not all at the end."""
    pq = pytest.importorskip("pyarrow.parquet")
    files = sorted(str(p) for p in EXAMPLES.iterdir()
                   if p.suffix in (".md", ".txt", ".html") and p.name != "README.md")
    events = []

    def paths():
        for path in files:
            events.append(("read", path))
            yield path

    out = tmp_path / "cells.parquet"
    summary = export(paths(), str(out), batch_rows=300,
                     on_record=lambda record: events.append(("written", record.source)))
    assert events == [(kind, path) for path in files for kind in ("read", "written")]
    meta = pq.ParquetFile(out).metadata
    assert summary.cells == meta.num_rows == 200 * len(files)
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [300] * 5 + [100]


def test_memory_stays_flat_in_the_number_of_files(tmp_path):
    """What is held while the files stream through is a batch of rows, never the files
    already written: Python memory after the 24th file is about what it was after the 6th."""
    import gc
    import tracemalloc

    files = []
    for i in range(24):
        files.append(str(tmp_path / f"r{i:02}.md"))
        shutil.copy(CLEAN, files[-1])
    suffix = ".parquet" if importlib.util.find_spec("pyarrow") else ".jsonl"
    export(files[:2], str(tmp_path / f"warm{suffix}"))  # grammar tables and caches loaded once
    held = []

    def measure(record) -> None:
        gc.collect()
        held.append(tracemalloc.get_traced_memory()[0])

    tracemalloc.start()
    try:
        export(files, str(tmp_path / f"all{suffix}"), batch_rows=400, on_record=measure)
    finally:
        tracemalloc.stop()
    # (the batch of 400 cells fills and empties every two files: compare like with like)
    early, late = max(held[2:8]), max(held[18:24])
    kept = 18 * 200 * 150  # what keeping 18 files' cells would take, at least: 150 bytes a cell
    assert late - early < kept / 4, (early, late)


# ---------------------------------------------------------------- the DuckDB query of the docs


def documented_query(path: Path) -> str:
    return re.search(r"```sql\n(.*?new_received.*?)```", path.read_text("utf-8"), re.S).group(1)


def test_the_documented_duckdb_query_ranks_agencies_as_the_json_does(parquet, contracts, monkeypatch):
    duckdb = pytest.importorskip("duckdb")
    query = documented_query(REPO_ROOT / "docs" / "dataset.md")
    assert documented_query(REPO_ROOT / "README.md") == query  # the README shows the same query
    monkeypatch.chdir(parquet.parent)  # the query reads 'reports.parquet'
    got = duckdb.connect().execute(query).fetchall()

    # by hand, from the JSON contract: sum of 一、本年新收 总计 per agency, ranked with ties
    received: dict[str, list] = {}
    for contract in contracts.values():
        if contract["agency"] is None:
            continue
        value = contract["tables"]["applications"]["new_received"]["total"]
        entry = received.setdefault(contract["agency"], [None, 0])
        if isinstance(value, int):
            entry[0] = (entry[0] or 0) + value
        entry[1] += 1
    def key(total):  # NULLS LAST
        return -1 if total is None else total

    order = sorted(received.items(), key=lambda kv: (-key(kv[1][0]), kv[0]))
    expected = [(agency, total, n, 1 + sum(1 for _, (t, _) in order if key(t) > key(total)))
                for agency, (total, n) in order]
    assert got == expected
    assert got[0][:3] == ("上海市人民政府办公厅", 859 + 1295, 2)  # two years of the same office
    ties = [row for row in got if row[1] == 95]  # 淮安市洪泽区人民政府 2024, and 平潭 21 + 74
    assert len(ties) == 2 and ties[0][3] == ties[1][3] and ties[0][0] < ties[1][0]


# ---------------------------------------------------------------- CSV


def test_csv_starts_with_a_bom_and_reads_back_with_the_csv_module(tmp_path, contracts, inputs):
    out = tmp_path / "reports.csv"
    code, _, err = run("dataset", *inputs, "-o", out)
    assert code == 0, err
    for path, names in ((out, CELL_NAMES), (tmp_path / "reports.reports.csv", REPORT_NAMES)):
        data = path.read_bytes()
        assert data.startswith(codecs.BOM_UTF8) and not data.startswith(codecs.BOM_UTF8 * 2)
        assert b"\r\n" in data
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0]) == names
        if names == CELL_NAMES:
            cells = rows
        else:
            reports = rows

    # back to typed values: empty field → null, integers, booleans
    def typed(row: dict, fields) -> dict:
        out = {}
        for f in fields:
            text = row[f.name]
            out[f.name] = (None if text == "" else int(text) if f.type.startswith("int")
                           else text == "true" if f.type == "bool" else text)
        return out

    assert all(r[c] in ("true", "false") for r in reports for c in IDENTITY_CODES)
    check_against_contract([typed(r, CELL_FIELDS) for r in cells], [typed(r, REPORT_FIELDS) for r in reports],
                           contracts)


def test_csv_to_standard_output(tmp_path):
    code, out, err = run("dataset", MESSY, "-o", "-", "--format", "csv")
    assert code == 0 and out.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert len(rows) == 200 and list(rows[0]) == CELL_NAMES
    coercion = next(r for r in rows if r["row_key"] == "coercion")
    assert coercion["value"] == "" and coercion["kind"] == "empty"  # empty, not 0
    assert "reports table not written" in err
    reports = tmp_path / "checks.csv"
    code, _, _ = run("dataset", MESSY, "-o", "-", "--format", "csv", "--reports", reports)
    assert code == 0 and reports.read_bytes().startswith(codecs.BOM_UTF8 + b"report_id,source,")


# ---------------------------------------------------------------- JSON Lines


def test_jsonl_to_standard_output(contracts):
    files = [CLEAN, MESSY, EXAMPLES / "web-page.html"]
    code, out, _ = run("dataset", *files, "-o", "-")
    assert code == 0
    records = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    assert [r["record"] for r in records] == ["report"] + ["cell"] * 200 + ["report"] + ["cell"] * 200 \
        + ["report"] + ["cell"] * 200
    assert list(records[0]) == ["record"] + REPORT_NAMES and list(records[1]) == ["record"] + CELL_NAMES
    cells = [{k: v for k, v in r.items() if k != "record"} for r in records if r["record"] == "cell"]
    reports = [{k: v for k, v in r.items() if k != "record"} for r in records if r["record"] == "report"]
    check_against_contract(cells, reports, parsed(*files))


def test_a_marker_is_kept_verbatim(tmp_path):
    report = tmp_path / "marker.md"
    text = CLEAN.read_text("utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("| 行政处罚 |"))
    report.write_text(text.replace(line, "| 行政处罚 | / |"), "utf-8")
    code, out, _ = run("dataset", report, "-o", "-")
    records = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    cell = next(r for r in records if r.get("row_key") == "punishment")
    assert code == 0 and (cell["value"], cell["value_int"], cell["kind"]) == ("/", None, "marker")
    assert parsed(report)[str(report)]["tables"]["active_disclosure"]["punishment"]["decisions"] == "/"


# ---------------------------------------------------------------- unreadable files


@pytest.mark.parametrize("suffix", ["parquet", "csv", "jsonl"])
def test_a_folder_with_an_unreadable_file_still_exports_the_others(tmp_path, suffix):
    if suffix == "parquet":
        pytest.importorskip("pyarrow")
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CLEAN, folder / "a-clean.md")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-prose.txt").write_text("今天天气很好，我们去公园散步。这不是年度报告。", "utf-8")
    shutil.copy(MESSY, folder / "d-messy.txt")
    out = tmp_path / f"data.{suffix}"
    code, _, err = run("dataset", folder, "-o", out)
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == f"giar: {folder / 'b-empty.txt'}: empty file, expected a government information " \
                       "disclosure annual report"
    assert lines[1].startswith(f"giar: {folder / 'c-prose.txt'}:1: no report structure found")
    assert lines[2].endswith("; 2 files could not be read") and "400 cells of 2 reports" in lines[2]

    if suffix == "parquet":
        import pyarrow.parquet as pq

        cells = pq.read_table(out).to_pylist()
        reports = pq.read_table(tmp_path / "data.reports.parquet").to_pylist()
    elif suffix == "csv":
        with open(out, encoding="utf-8-sig", newline="") as f:
            cells = list(csv.DictReader(f))
        with open(tmp_path / "data.reports.csv", encoding="utf-8-sig", newline="") as f:
            reports = [{k: (v or None) for k, v in r.items()} for r in csv.DictReader(f)]
    else:
        records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        cells = [r for r in records if r["record"] == "cell"]
        reports = [r for r in records if r["record"] == "report"]
    assert Counter(c["source"] for c in cells) == {str(folder / "a-clean.md"): 200, str(folder / "d-messy.txt"): 200}
    by_source = {r["source"]: r for r in reports}
    assert list(by_source) == [str(folder / n) for n in ("a-clean.md", "b-empty.txt", "c-prose.txt", "d-messy.txt")]
    empty, prose = by_source[str(folder / "b-empty.txt")], by_source[str(folder / "c-prose.txt")]
    assert empty["unreadable"] == "empty file, expected a government information disclosure annual report"
    assert empty["report_id"] == hashlib.sha256(b"").hexdigest()
    assert prose["unreadable"].startswith("line 1: no report structure found")
    assert all(prose[name] is None for name in REPORT_NAMES if name not in ("report_id", "source", "unreadable"))
    assert by_source[str(folder / "a-clean.md")]["unreadable"] is None


def test_a_missing_file_is_recorded_without_an_id(tmp_path):
    code, out, err = run("dataset", CLEAN, tmp_path / "nope.txt", "-o", "-")
    records = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    missing = records[-1]
    assert code == 2 and err.splitlines()[0] == f"giar: {tmp_path / 'nope.txt'}: no such file"
    assert (missing["record"], missing["report_id"], missing["unreadable"]) == ("report", None, "no such file")


# ---------------------------------------------------------------- usage


def test_usage_errors(tmp_path):
    code, _, err = run("dataset", CLEAN, "-o", tmp_path / "out.xlsx")
    assert code == 2 and "cannot tell the format" in err
    code, _, err = run("dataset", CLEAN, "-o", "-", "--format", "parquet")
    assert code == 2 and "not written to standard output" in err
    code, _, err = run("dataset", CLEAN, "-o", tmp_path / "x.jsonl", "--reports", tmp_path / "r.jsonl")
    assert code == 2 and "--reports is for parquet and csv" in err
    # --format wins over the extension
    code, _, _ = run("dataset", CLEAN, "-o", tmp_path / "cells.txt", "--format", "jsonl", "-q")
    assert code == 0 and json.loads((tmp_path / "cells.txt").read_text("utf-8").splitlines()[0])["record"] == "report"


def test_parquet_without_pyarrow_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow → ImportError
    code, _, err = run("dataset", CLEAN, "-o", tmp_path / "x.parquet")
    assert code == 2 and err.strip() == (f"giar: {tmp_path / 'x.parquet'}: writing Parquet needs pyarrow: "
                                         "pip install 'giar[dataset]' (or write .csv or .jsonl)")
    assert not list(tmp_path.iterdir())


def test_no_partial_file_is_left_when_an_export_fails(tmp_path):
    out = tmp_path / "cells.jsonl"

    def paths():
        yield str(CLEAN)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export(paths(), str(out))
    assert not list(tmp_path.iterdir())


def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("data.csv", "data.jsonl"):
        code, _, err = run("dataset", CLEAN, "-o", tmp_path / "nope" / name)
        assert code == 2 and err.startswith(f"giar: {tmp_path / 'nope' / name}: cannot write: ")
    (folder / "data.reports.csv").mkdir()  # the cells file opens, the reports file cannot
    code, _, err = run("dataset", CLEAN, "-o", folder / "data.csv")
    assert code == 2 and "cannot write" in err
    assert [p.name for p in folder.iterdir()] == ["data.reports.csv"]
