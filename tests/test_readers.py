"""The reader registry (giar.read.readers): one list feeding sniffing, lazy loading,
directory walks and hand-overs between readers."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from giar.cli import main
from giar.errors import GiarError
from giar.read import HandOver, Reader, read_bytes, readers, register, report_extensions, sniff, unregister
from giar.read.source import Line, Source


@pytest.fixture
def registered():
    """Register readers for one test; the registry is as it was afterwards."""
    before = readers()
    yield register
    for reader in readers():
        unregister(reader.format)
    for reader in before:
        register(reader)


# ---------------------------------------------------------------- sniffing


@pytest.mark.parametrize("data, name, expected", [
    # Content first: a signature wins over the extension.
    (b"%PDF-1.7\n", "report.txt", "pdf"),
    (b"PK\x03\x04rest", "report.pdf", "docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "report.docx", "doc"),
    (b"<!DOCTYPE html><html><body>", "report.md", "html"),
    (b"<p>\xe4\xb8\x80</p>", "report.pdf", "html"),
    (b"\xef\xbb\xbf  <html>", "report.txt", "html"),  # after a BOM and whitespace
    (b" \n %PDF-1.4", "report", "pdf"),
    (b"# title\n<html>", "report.md", "html"),  # <html anywhere in the first 1024 bytes
    # No signature: the extension, in any case; text when there is none.
    (b"x" * 1100 + b"<html>", "report.txt", "text"),
    (b"<b>bold</b>", "report.txt", "text"),
    ("报告".encode(), "report.md", "markdown"),
    ("报告".encode(), "report.MARKDOWN", "markdown"),
    ("报告".encode(), "report.htm", "html"),
    ("报告".encode(), "report.HTML", "html"),
    ("报告".encode(), "report.docx", "text"),  # binary formats go by their signature alone
    ("报告".encode(), "report.pdf", "text"),
    ("报告".encode(), "report.Doc", "text"),
    ("报告".encode(), "report.rtf", "text"),
    ("报告".encode(), "report", "text"),
    ("报告".encode(), "-", "text"),
])
def test_sniff_trusts_content_over_extension(data, name, expected):
    assert sniff(data, name) == expected


def test_every_format_is_read_by_one_reader():
    formats = [r.format for r in readers()]
    assert sorted(formats) == ["doc", "docx", "html", "markdown", "pdf", "text"]
    extensions = [e for r in readers() for e in r.extensions]
    assert len(extensions) == len(set(extensions))
    assert set(report_extensions()) == {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}


def test_an_extension_read_as_another_format_is_refused():
    with pytest.raises(ValueError, match=r"\.md already read as markdown"):
        register(Reader("notes", (".MD",), module="giar.read.text", function="read_text"))
    assert "notes" not in [r.format for r in readers()]


def test_importing_the_readers_imports_no_heavy_library():
    code = "import giar.read, sys; print([m for m in ('lxml', 'docx', 'pdfplumber') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- directory walks


def lint_dir(path: Path):
    return CliRunner().invoke(main, ["lint", "--format", "json", str(path)])


def test_lint_walks_every_reader_extension(tmp_path):
    names = [f"report{i}{ext}" for i, ext in enumerate(report_extensions())]
    for name in names:
        (tmp_path / name).write_text("这不是一份年度报告。\n", "utf-8")
    (tmp_path / "notes.rtf").write_text("这不是一份年度报告。\n", "utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    result = lint_dir(tmp_path)
    assert result.exit_code == 2, result.output
    mentioned = result.stderr + result.stdout
    for name in names:
        assert str(tmp_path / name) in mentioned, name
    assert "notes.rtf" not in mentioned and "old.doc" not in mentioned


def read_xyz(data: bytes, name: str) -> Source:
    raise GiarError(name, "read by the .xyz reader")


def test_a_registered_reader_is_walked(tmp_path, registered):
    (tmp_path / "report.xyz").write_bytes(b"xyz")
    assert "report.xyz" not in lint_dir(tmp_path).stderr
    registered(Reader("xyz", (".xyz",), module=__name__, function="read_xyz"))
    assert ".xyz" in report_extensions()
    assert f"{tmp_path / 'report.xyz'}: read by the .xyz reader" in lint_dir(tmp_path).stderr


# ---------------------------------------------------------------- hand-over


def image_only_pdf() -> bytes:
    """A "scan": two pages of graphics and no text layer."""
    pytest.importorskip("reportlab", reason="reportlab (the test extra) builds the PDF")
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A5)
    for _ in range(2):
        c.rect(40, 40, 200, 300, fill=1)
        c.showPage()
    c.save()
    return out.getvalue()


OCR_CALLS: list[tuple[bytes, str]] = []


def fake_ocr(data: bytes, name: str) -> Source:
    OCR_CALLS.append((data, name))
    return Source(name, (Line("OCR text", 1),), "ocr")


def test_a_scan_without_an_ocr_reader_is_one_line_of_advice():
    with pytest.raises(GiarError) as error:
        read_bytes(image_only_pdf(), "scan.pdf")
    assert str(error.value) == ("scan.pdf: the PDF has no text layer (a scanned document?); "
                                "run OCR on it first (for example: ocrmypdf in.pdf out.pdf)")


def test_a_scan_is_handed_over_to_the_ocr_reader(registered):
    data = image_only_pdf()
    OCR_CALLS.clear()
    registered(Reader("ocr", module=__name__, function="fake_ocr"))
    source = read_bytes(data, "scan.pdf")
    assert OCR_CALLS == [(data, "scan.pdf")]
    assert source.format == "ocr" and source.lines == (Line("OCR text", 1),)


def hand_to_self(data: bytes, name: str) -> Source:
    raise HandOver("loop", "cannot read a loop")


def test_a_hand_over_in_a_circle_is_the_reason(registered):
    registered(Reader("loop", (".loop",), module=__name__, function="hand_to_self"))
    with pytest.raises(GiarError, match="^x.loop: cannot read a loop$"):
        read_bytes(b"data", "x.loop")


def test_a_legacy_doc_is_still_one_line_of_advice():
    with pytest.raises(GiarError, match=r"legacy Word \.doc file; save it as \.docx"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc")
