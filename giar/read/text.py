"""Reading plain text and Markdown: bytes → Unicode lines, whatever the encoding."""

from __future__ import annotations

import codecs
import itertools
from typing import Final

from charset_normalizer import from_bytes

from giar.errors import GiarError
from giar.read.layout import UNDETERMINED
from giar.read.source import Line, Source

# Encodings a Chinese government document is written in; the detector chooses among these.
CHINESE_ENCODINGS: Final = ["utf_8", "gb18030", "big5", "utf_16"]
_BOMS: Final = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode a document's bytes. Returns (text, encoding); raises GiarError when binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                # (the byte order mark says what the bytes are; they are not)
                label = "UTF-8" if encoding == "utf-8-sig" else "UTF-16"
                raise GiarError(name, f"starts with a {label} byte order mark, but from byte {e.start} "
                                      f"it is not {label} ({e.reason})") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise GiarError(name, "binary file, expected a text, Markdown, HTML, Word (.docx) or PDF report")
    best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best()
    if best is None:
        raise GiarError(name, "cannot tell the text encoding (tried UTF-8, GB18030, Big5)")
    return str(best), best.encoding


def split_lines(text: str) -> tuple[Line, ...]:
    """CRLF, CR and LF all end a line; U+2028/2029 are line ends too."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return tuple(map(Line, text.split("\n"), itertools.count(1)))


def read_text(data: bytes, name: str, format: str = "text") -> Source:
    """Text and Markdown, one line per line. Text a PDF or Word converter produced (hard
    line wraps, ``— 3 —`` page footers) is repaired first: see ``giar.read.converted``."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise GiarError(name, "binary file, expected a text, Markdown, HTML, Word (.docx) or PDF report")
    text, encoding = decode(data, name)
    lines = split_lines(text.replace(UNDETERMINED, ""))
    from giar.read import converted, metadata, runon

    fields, header, lines = metadata.split_header(lines)
    if any(len(ln.text) >= runon.MIN_RUNON and "、" in ln.text for ln in lines) and runon.is_runon(lines):
        lines = runon.relayout(lines)
    if converted.looks_converted(lines):
        lines = converted.repair(lines)
    return Source(name, lines, format, encoding, fields, header)


def read_markdown(data: bytes, name: str) -> Source:
    """Markdown: read as text is (``read_text``), the format recorded."""
    return read_text(data, name, "markdown")
