"""``giar dataset``: many reports → one tidy table of cells and a table of reports.

The cells table has a row per (report, table, row, column) — every cell of the three tables
as the JSON contract has it (``giar parse``), with the report's identity beside it and the
official wording of the table, row and column beside their keys. The reports table has a
row per file: agency, year, edition, title, the lint findings by severity, which arithmetic
identities hold (GA001…GA005), or why the file could not be read.

Both tables are written as Parquet (pyarrow, an optional dependency: ``giar[dataset]``),
CSV (UTF-8 with a byte order mark, for Excel) or JSON Lines (both tables in one stream,
told apart by ``"record"``). Files are read one at a time and rows written in batches, so
memory stays flat however many files there are. The schema — the fields, their order and
their types — is fixed here, in ``CELL_FIELDS`` and ``REPORT_FIELDS``, and documented in
docs/dataset.md (a test holds the two together); it changes only with ``DATASET_VERSION``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
from typing import IO, Any, Callable, Iterable, Iterator, Optional

import attrs
import click

from giar.cli_common import EXIT_OK, EditionChoice, expand_paths, report_error
from giar.errors import GiarError

DATASET_VERSION = 1  # rises with any change of the fields below


@attrs.frozen
class Field:
    """A column of a dataset table: its name, its type (one of ``TYPES``), what it holds,
    and whether it may be null."""

    name: str
    type: str
    doc: str
    nullable: bool = True


TYPES = ("string", "int32", "int64", "bool")

CELL_FIELDS: tuple[Field, ...] = (
    Field("report_id", "string", "sha256 of the file's bytes (hex); the same bytes, the same id", nullable=False),
    Field("source", "string", "the path of the file, as given or found in a directory", nullable=False),
    Field("agency", "string", "the reporting agency, from the title (null when giar cannot tell)"),
    Field("year", "int32", "the report's year (null when giar cannot tell)"),
    Field("edition", "string", "the edition of the national format: 2021 or 2019", nullable=False),
    Field("table_key", "string", "active_disclosure, applications or review_litigation", nullable=False),
    Field("table_label", "string", "the heading of the table's section, official wording"),
    Field("row_key", "string", "the row's key in the JSON contract (new_received …)", nullable=False),
    Field("row_label", "string", "the row's label, official wording (levels joined by a space)"),
    Field("row_group", "string", "table 2's sub-table (item_1 …); null elsewhere"),
    Field("row_group_label", "string", "the sub-table's caption, official wording; null elsewhere"),
    Field("column_key", "string", "the column's key in the JSON contract (total …)", nullable=False),
    Field("column_label", "string", "the column's label, official wording"),
    Field("value", "string", "the value as the JSON contract has it, as text: a count's integer, "
                             "an amount's decimal as written, a marker verbatim; null when empty"),
    Field("value_int", "int64", "the integer of a count; null otherwise"),
    Field("kind", "string", "count, amount, marker, empty, or undetermined (digits run together "
                            "that split more than one way)", nullable=False),
)

# The arithmetic identities (FORMAT.md 1–4) and GA005, which says one could not be checked.
IDENTITY_CODES = ("GA001", "GA002", "GA003", "GA004", "GA005")

REPORT_FIELDS: tuple[Field, ...] = (
    Field("report_id", "string", "sha256 of the file's bytes (hex); null when they could not be read"),
    Field("source", "string", "the path of the file", nullable=False),
    Field("agency", "string", "the reporting agency (null when giar cannot tell, or unreadable)"),
    Field("year", "int32", "the report's year"),
    Field("edition", "string", "the edition of the national format"),
    Field("title", "string", "the report's title as written, whitespace removed"),
    Field("errors", "int32", "lint findings of severity error"),
    Field("warnings", "int32", "lint findings of severity warning"),
    Field("infos", "int32", "lint findings of severity info"),
    Field("GA001", "bool", "true when GA001 carried-balance has no finding: in every column of table 3 "
                           "that can be checked, received + carried over = results total + carried forward"),
    Field("GA002", "bool", "true when GA002 results-total has no finding: each column's results total "
                           "is the sum of the result rows"),
    Field("GA003", "bool", "true when GA003 row-total has no finding: each row's total of table 3 is "
                           "the sum of the six kinds of applicant"),
    Field("GA004", "bool", "true when GA004 review-total has no finding: each total of table 4 is the "
                           "sum of its outcomes"),
    Field("GA005", "bool", "true when GA005 unverifiable-identity has no finding: no identity is left "
                           "unchecked by an empty or non-numeric cell"),
    Field("unreadable", "string", "why the file could not be read or parsed; null when it was"),
)

FORMATS = ("parquet", "csv", "jsonl")
EXTENSIONS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl",
              ".ndjson": "jsonl"}
BATCH_ROWS = 65_536  # cells per Parquet row group / write
REPORT_BATCH_ROWS = 1_024

Row = tuple  # the values of one row, in the order of its fields


# ---------------------------------------------------------------- rows


def cell_kind(cell) -> str:
    """count, amount, marker, empty or undetermined."""
    from giar.model.ast import Amount, Count, Empty, Marker

    if isinstance(cell, Count):
        return "count"
    if isinstance(cell, Amount):
        return "amount"
    if isinstance(cell, Marker):
        return "marker"
    if isinstance(cell, Empty):
        return "undetermined" if cell.undetermined else "empty"
    raise TypeError(f"not a cell: {cell!r}")  # pragma: no cover


def _or_none(lookup, key: str) -> Optional[str]:
    """An official wording, or None for a key the edition has not (a JSON made elsewhere)."""
    try:
        return lookup(key)
    except KeyError:
        return None


class _Labels:
    """An edition's official wording, from its vocabulary (None for a key it has not)."""

    def __init__(self, edition: str) -> None:
        from giar.format import vocabulary

        self.vocab = vocabulary(edition)

    def table(self, kind: str) -> Optional[str]:
        section = self.vocab.table_section.get(kind)
        return self.vocab.heading(section) if section else None

    def row(self, key: str) -> Optional[str]:
        return _or_none(self.vocab.row_label, key)

    def column(self, key: str) -> Optional[str]:
        return _or_none(self.vocab.column_label, key)

    def caption(self, group: Optional[str]) -> Optional[str]:
        return self.vocab.caption(group) if group else None


def cell_rows(report, report_id: str, source: str) -> Iterator[Row]:
    """The rows of the cells table for one report (in CELL_FIELDS order): its tables in
    the order the report has them, rows in grammar order, columns left to right."""
    labels = _Labels(report.edition)
    head = (report_id, source, report.agency, report.year, report.edition)
    for kind, table in report.tables.items():
        table_label = labels.table(kind)
        for row in table.rows:
            row_part = (kind, table_label, row.key, labels.row(row.key), row.group, labels.caption(row.group))
            for column, cell in row.items():
                value = cell.json()
                kind_of = cell_kind(cell)
                yield head + row_part + (
                    column, labels.column(column),
                    None if value is None else str(value),
                    value if kind_of == "count" else None,
                    kind_of,
                )


def report_row(report, report_id: str, source: str, findings) -> Row:
    """The row of the reports table for a report read (REPORT_FIELDS order)."""
    by_severity = {"error": 0, "warning": 0, "info": 0}
    codes = set()
    for f in findings:
        by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
        codes.add(f.code)
    return (report_id, source, report.agency, report.year, report.edition,
            report.title.text if report.title else None,
            by_severity["error"], by_severity["warning"], by_severity["info"],
            *(code not in codes for code in IDENTITY_CODES),
            None)


def unreadable_row(report_id: Optional[str], source: str, message: str) -> Row:
    return (report_id, source) + (None,) * (len(REPORT_FIELDS) - 3) + (message,)


@attrs.frozen
class Record:
    """One file: its row of the reports table, its rows of the cells table, and the error
    that made it unreadable (its message is the row's ``unreadable``)."""

    report: Row
    cells: tuple[Row, ...] = ()
    error: Optional[BaseException] = attrs.field(default=None, eq=False, repr=False)

    @property
    def source(self) -> str:
        return self.report[1]

    @property
    def unreadable(self) -> Optional[str]:
        return self.report[-1]


def _message(error: BaseException) -> str:
    """The one line of an error, without the file's name (the record has it)."""
    if isinstance(error, GiarError):
        where = ""
        if error.line is not None:
            where = f"line {error.line}" + (f", column {error.column}" if error.column is not None else "") + ": "
        return where + error.message
    return f"internal error ({type(error).__name__}: {error})"


def _parse(data: bytes, name: str, edition: Optional[str]):
    from giar.parse import parse_source
    from giar.read import read_bytes

    source = read_bytes(data, name)
    return source, parse_source(source, edition)


def read_record(path: str, name: Optional[str] = None, edition: Optional[str] = None) -> Record:
    """Read, parse and lint one file (``-``: standard input, shown as ``name``) into its
    record. A file that cannot be read or parsed gives a record that says why; it never
    raises."""
    from giar.check.engine import lint_report
    from giar.parse import without_cyclic_gc  # (as parse_file: no cycle collection mid-parse)
    from giar.read import read_file_bytes

    name = name or path
    report_id = None
    try:
        data = read_file_bytes(path)
        report_id = hashlib.sha256(data).hexdigest()
        source, report = without_cyclic_gc(_parse)(data, name, edition)
        findings = lint_report(report, name, source)
        cells = tuple(cell_rows(report, report_id, name))
        return Record(report_row(report, report_id, name, findings), cells)
    except Exception as error:  # one bad file never stops the rest
        return Record(unreadable_row(report_id, name, _message(error)), (), error)


def records(paths: Iterable[str], edition: Optional[str] = None) -> Iterator[Record]:
    """The record of each file, one file at a time (files: for directories see
    ``giar.cli_common.expand_paths``)."""
    for path in paths:
        yield read_record(path, edition=edition)


# ---------------------------------------------------------------- writers


def arrow_schema(fields: tuple[Field, ...], table: str):
    """The Parquet (Arrow) schema of a table: the fields in order, each with its doc, and
    the dataset's version in the schema's metadata."""
    import pyarrow as pa  # type: ignore[import-untyped]

    from giar import __version__
    from giar.format.schema import SCHEMA_VERSION

    types = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "bool": pa.bool_()}
    return pa.schema(
        [pa.field(f.name, types[f.type], nullable=f.nullable, metadata={"description": f.doc}) for f in fields],
        metadata={"giar.table": table, "giar.dataset_version": str(DATASET_VERSION),
                  "giar.schema_version": str(SCHEMA_VERSION), "giar.version": __version__},
    )


class _Target:
    """A file written under a temporary name and moved into place when complete (so an
    interrupted export never leaves a half-written file behind), or standard output."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.stdout = path == "-"
        self.temp: Optional[str] = None if self.stdout else os.path.join(
            os.path.dirname(path) or ".", f".{os.path.basename(path)}.{os.getpid()}.part")

    def binary(self) -> IO[bytes]:
        if self.temp is None:
            sys.stdout.flush()
            return sys.stdout.buffer
        if os.path.isdir(self.path):
            raise GiarError(self.path, "cannot write: is a directory")
        try:
            return open(self.temp, "wb")
        except OSError as e:
            raise GiarError(self.path, f"cannot write: {e.strerror or e}") from None

    def text(self, encoding: str, newline: str) -> io.TextIOWrapper:
        return io.TextIOWrapper(self.binary(), encoding=encoding, newline=newline)

    def commit(self) -> None:
        if self.temp is not None:
            try:
                os.replace(self.temp, self.path)
            except OSError as e:
                self.discard()
                raise GiarError(self.path, f"cannot write: {e.strerror or e}") from None

    def discard(self) -> None:
        if self.temp is not None and os.path.exists(self.temp):
            os.remove(self.temp)


class Sink:
    """Where the records go. ``write`` each record, then ``close``; ``abort`` on failure."""

    def __init__(self, targets: list[_Target]) -> None:
        self.targets = targets

    def opened(self, open_one: Callable[[_Target], Any]) -> list:
        """Each target opened; when one cannot be, none is left behind."""
        out = []
        try:
            for target in self.targets:
                out.append(open_one(target))
        except BaseException:
            for stream, target in zip(out, self.targets):
                if not target.stdout:
                    stream.close()
            for target in self.targets:
                target.discard()
            raise
        return out

    def write(self, record: Record) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def finish(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        self.finish()
        try:
            for target in self.targets:
                target.commit()
        finally:
            for target in self.targets:
                target.discard()  # (what is left of a target that could not be moved into place)

    def abort(self) -> None:
        try:
            self.finish()
        except Exception:  # pragma: no cover - already failing
            pass
        for target in self.targets:
            target.discard()


class ParquetSink(Sink):
    """Two Parquet files through pyarrow's ParquetWriter, a row group per batch."""

    def __init__(self, cells: str, reports: str, batch_rows: int = BATCH_ROWS) -> None:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        super().__init__([_Target(cells), _Target(reports)])
        self.schemas = (arrow_schema(CELL_FIELDS, "cells"), arrow_schema(REPORT_FIELDS, "reports"))
        self.files = self.opened(lambda t: t.binary())
        self.writers = [pq.ParquetWriter(f, schema, compression="zstd")
                        for f, schema in zip(self.files, self.schemas)]
        self.buffers: tuple[list[Row], list[Row]] = ([], [])
        self.limits = (batch_rows, max(1, min(batch_rows, REPORT_BATCH_ROWS)))

    def _write(self, i: int, rows: list[Row]) -> None:
        import pyarrow as pa  # type: ignore[import-untyped]

        schema = self.schemas[i]
        arrays = [pa.array(column, type=field.type) for column, field in zip(zip(*rows), schema)]
        self.writers[i].write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))

    def write(self, record: Record) -> None:
        self.buffers[0].extend(record.cells)
        self.buffers[1].append(record.report)
        for i in (0, 1):
            buffer, limit = self.buffers[i], self.limits[i]
            while len(buffer) >= limit:  # a row group of exactly the batch size
                self._write(i, buffer[:limit])
                del buffer[:limit]

    def finish(self) -> None:
        for i in (0, 1):
            if self.buffers[i]:
                self._write(i, self.buffers[i])
                self.buffers[i].clear()
            self.writers[i].close()
            self.files[i].close()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return value


class CsvSink(Sink):
    """CSV in UTF-8 with a byte order mark (so Excel reads it as UTF-8), a header line,
    CRLF line ends (RFC 4180); empty for null, true/false for booleans."""

    def __init__(self, cells: str, reports: Optional[str]) -> None:
        targets = [_Target(cells)] + ([_Target(reports)] if reports else [])
        super().__init__(targets)
        self.streams = self.opened(lambda t: t.text("utf-8-sig", ""))
        self.writers = [csv.writer(s) for s in self.streams]
        for writer, fields in zip(self.writers, (CELL_FIELDS, REPORT_FIELDS)):
            writer.writerow([f.name for f in fields])

    def write(self, record: Record) -> None:
        self.writers[0].writerows([_csv_value(v) for v in row] for row in record.cells)
        if len(self.writers) > 1:
            self.writers[1].writerow([_csv_value(v) for v in record.report])

    def finish(self) -> None:
        for stream, target in zip(self.streams, self.targets):
            stream.flush()
            if target.stdout:
                stream.detach()  # (standard output stays open)
            else:
                stream.close()


class JsonlSink(Sink):
    """JSON Lines, UTF-8: for each file its ``"record": "report"`` object, then one
    ``"record": "cell"`` object per cell; keys in the order of the fields."""

    def __init__(self, path: str) -> None:
        super().__init__([_Target(path)])
        self.stream = self.opened(lambda t: t.text("utf-8", "\n"))[0]
        self.names = ([f.name for f in CELL_FIELDS], [f.name for f in REPORT_FIELDS])

    def _line(self, kind: str, names: list[str], row: Row) -> str:
        obj = {"record": kind, **dict(zip(names, row))}
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"

    def write(self, record: Record) -> None:
        lines = [self._line("report", self.names[1], record.report)]
        lines.extend(self._line("cell", self.names[0], row) for row in record.cells)
        self.stream.write("".join(lines))

    def finish(self) -> None:
        self.stream.flush()
        if self.targets[0].stdout:
            self.stream.detach()
        else:
            self.stream.close()


def output_format(output: str, chosen: Optional[str] = None) -> str:
    """The format of ``-o``: as chosen, else by its extension (JSON Lines for ``-``)."""
    if chosen:
        return chosen
    if output == "-":
        return "jsonl"
    ext = os.path.splitext(output)[1].lower()
    if ext not in EXTENSIONS:
        raise click.UsageError(f"cannot tell the format of {output!r} from its extension "
                               f"(.parquet, .csv, .jsonl); give --format {'|'.join(FORMATS)}")
    return EXTENSIONS[ext]


def reports_path(output: str, fmt: str) -> str:
    """Where the reports table goes beside ``output``: data.parquet → data.reports.parquet."""
    root, ext = os.path.splitext(output)
    if ext.lower() in EXTENSIONS:
        return root + ".reports" + ext
    return output + ".reports." + fmt


def open_sink(output: str, fmt: str, reports: Optional[str] = None, batch_rows: int = BATCH_ROWS) -> Sink:
    """The sink of a format. For Parquet and CSV the reports table goes to ``reports``
    (default: beside ``output``, see ``reports_path``; for CSV on standard output only when
    given); JSON Lines carries both tables in one stream."""
    if fmt == "parquet":
        if output == "-":
            raise click.UsageError("Parquet is binary and is not written to standard output; give -o FILE.parquet")
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise GiarError(output, "writing Parquet needs pyarrow: pip install 'giar[dataset]' "
                                    "(or write .csv or .jsonl)") from None
        return ParquetSink(output, reports or reports_path(output, fmt), batch_rows)
    if fmt == "csv":
        return CsvSink(output, reports or (None if output == "-" else reports_path(output, fmt)))
    if fmt == "jsonl":
        if reports:
            raise click.UsageError("--reports is for parquet and csv: JSON Lines has the reports in its stream")
        return JsonlSink(output)
    raise click.UsageError(f"unknown format {fmt!r}")  # pragma: no cover - click.Choice


@attrs.define
class Summary:
    """What an export wrote."""

    reports: int = 0  # files read and parsed
    cells: int = 0
    unreadable: list[Record] = attrs.field(factory=list)


def export(paths: Iterable[str], output: str, *, fmt: Optional[str] = None, reports: Optional[str] = None,
           edition: Optional[str] = None, batch_rows: int = BATCH_ROWS,
           on_record: Callable[[Record], None] = lambda record: None) -> Summary:
    """Write the dataset of these files (not directories; see ``expand_paths``) to
    ``output`` in ``fmt`` (default: by its extension). Files are read one at a time;
    ``on_record`` sees each record as it is written."""
    sink = open_sink(output, output_format(output, fmt), reports, batch_rows)
    summary = Summary()
    try:
        for record in records(paths, edition):
            sink.write(record)
            if record.unreadable is not None:
                summary.unreadable.append(Record(record.report, (), record.error))
            else:
                summary.reports += 1
                summary.cells += len(record.cells)
            on_record(record)
    except BaseException:
        sink.abort()
        raise
    sink.close()
    return summary


# ---------------------------------------------------------------- the command


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, metavar="FILE",
              help="The cells table: FILE.parquet, FILE.csv or FILE.jsonl, or '-' for standard output "
                   "(JSON Lines, or CSV with --format csv).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Write this format whatever the extension of -o.")
@click.option("--reports", "reports_file", metavar="FILE",
              help="Where the reports table goes (Parquet, CSV); default: beside -o, "
                   "data.parquet → data.reports.parquet (with -o - and CSV: only when given).")
@click.option("--edition", type=EditionChoice(), help="Parse as this edition instead of detecting it.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
def dataset(paths: tuple[str, ...], output: str, fmt: Optional[str], reports_file: Optional[str],
            edition: Optional[str], quiet: bool) -> None:
    """Export reports as a dataset: a tidy table of cells and a table of reports.

    PATHS are files or directories (their report files, as `giar lint` finds them). The
    cells table has one row per (report, table, row, column), with keys and the official
    labels; the reports table one row per file, with its lint findings, which identities
    hold (GA001…GA005), and why a file could not be read. A file that cannot be read is
    recorded and the others exported; the exit code is then 2. See docs/dataset.md.
    """
    chosen = output_format(output, fmt)
    files, worst, _ = expand_paths(paths)

    def on_record(record: Record) -> None:
        nonlocal worst
        if record.error is not None:
            worst = max(worst, report_error(record.source, record.error))

    try:
        summary = export(files, output, fmt=chosen, reports=reports_file, edition=edition, on_record=on_record)
    except GiarError as error:
        sys.exit(max(worst, report_error(output, error)))
    if not quiet:
        where = "standard output" if output == "-" else output
        if chosen != "jsonl":
            side = reports_file or (None if output == "-" else reports_path(output, chosen))
            where += f" (reports: {side})" if side else " (reports table not written: give --reports FILE)"
        n, m = summary.reports, len(summary.unreadable)
        line = f"giar: {summary.cells} cells of {n} report{'s' * (n != 1)} to {where}"
        if m:
            line += f"; {m} file{'s' * (m != 1)} could not be read"
        click.echo(line, err=True)
    sys.exit(worst if worst else EXIT_OK)


__all__ = ["CELL_FIELDS", "REPORT_FIELDS", "IDENTITY_CODES", "DATASET_VERSION", "Field", "Record", "Summary",
           "cell_kind", "cell_rows", "report_row", "read_record", "records", "arrow_schema", "export",
           "open_sink", "output_format", "reports_path", "dataset"]
