"""The readers giar knows, listed once: sniffing, lazy loading and directory walks use this list.

A reader is a plug-in of one shape (``Reader``): a format name, the file extensions it
claims, a test of a document's first bytes, and where its read function lives. The list
below is the only place a format is added; ``register`` adds or replaces one at run time
(an OCR reader, say). A read function may hand a document over to another reader by
raising ``HandOver``: the PDF reader does, to format ``"ocr"``, for a scan.

Not compiled (setup.py): plug-ins are looked up and imported by name here.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable, Dict, Optional, Tuple

from attrs import field, frozen

from giar.errors import GiarError
from giar.read.source import Source

ReadFunction = Callable[[bytes, str], Source]
HEAD_BYTES = 2048  # how much of a document the content tests see


def _no_sniff(head: bytes) -> bool:
    return False


def _lower_extensions(extensions: Tuple[str, ...]) -> Tuple[str, ...]:
    return tuple(e.lower() for e in extensions)


@frozen
class Reader:
    """One input format: what it is called, which files are its, how to read them.

    ``format``: the format's name (``Source.format`` of what it reads; ``"text"``,
    ``"markdown"``, ``"html"``, ``"docx"``, ``"pdf"``).

    ``extensions``: file name endings it claims, with the dot (``(".md", ".markdown")``);
    used when no content test recognises a document, and to pick report files out of a
    directory. Compared in lower case.

    ``sniff``: ``sniff(head) -> bool``, whether a document's first bytes (``HEAD_BYTES``, a
    byte order mark and leading whitespace removed) are of this format. Content is trusted
    over the extension. Formats with no signature (text, Markdown) keep the default, never.

    ``module`` and ``function``: where the read function ``(data: bytes, name: str) ->
    Source`` lives. The module is imported on first use, so that readers of heavy formats
    (lxml, python-docx, pdfplumber) cost nothing until a file of theirs is read. The function
    raises ``GiarError`` for a document it cannot read, or ``HandOver`` to pass it on.

    ``walk``: whether ``giar lint DIR`` picks up files with these extensions.

    ``signed``: a document of this format always starts with its signature (a binary
    format), so a file without it is not of this format, whatever its extension.
    """

    format: str
    extensions: Tuple[str, ...] = field(default=(), converter=_lower_extensions)
    sniff: Callable[[bytes], bool] = _no_sniff
    module: str = ""
    function: str = ""
    walk: bool = True
    signed: bool = False

    def load(self) -> ReadFunction:
        """The read function, its module imported now if it was not yet."""
        function: ReadFunction = getattr(importlib.import_module(self.module), self.function)
        return function


class HandOver(Exception):
    """Raised by a read function: this document is for the reader of ``format``.

    ``reason`` is the one-line message the user gets when no such reader is registered
    (the PDF reader's "no text layer … run OCR" for a scan, when there is no OCR reader).
    The other reader gets the same bytes and name.
    """

    def __init__(self, format: str, reason: str) -> None:
        super().__init__(format, reason)
        self.format = format
        self.reason = reason


# ---------------------------------------------------------------- content tests


def _pdf(head: bytes) -> bool:
    return head.startswith(b"%PDF-")


def _zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def _ole(head: bytes) -> bool:
    return head.startswith(b"\xd0\xcf\x11\xe0")  # a Compound File: legacy Word, Excel …


def _html(head: bytes) -> bool:
    lowered = head[:1024].lower()
    return lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered or (
        lowered.startswith(b"<") and (b"<p" in lowered or b"<table" in lowered or b"<div" in lowered))


def read_doc(data: bytes, name: str) -> Source:
    raise GiarError(name, "legacy Word .doc file; save it as .docx (Word: File › Save As) and try again")


# ---------------------------------------------------------------- the list

DEFAULT_FORMAT = "text"  # a document no content test and no extension claims

# In this order the content tests run: binary signatures before HTML's looser test.
_READERS: Dict[str, Reader] = {r.format: r for r in (
    Reader("pdf", (".pdf",), _pdf, "giar.read.pdf", "read_pdf", signed=True),
    Reader("docx", (".docx",), _zip, "giar.read.docx", "read_docx", signed=True),
    # Named on the command line a .doc gets advice; in a directory it is not a report.
    Reader("doc", (".doc",), _ole, "giar.read.readers", "read_doc", walk=False, signed=True),
    Reader("html", (".html", ".htm"), _html, "giar.read.html", "read_html"),
    Reader("markdown", (".md", ".markdown"), module="giar.read.text", function="read_markdown"),
    Reader("text", (".txt",), module="giar.read.text", function="read_text"),
)}


def readers() -> Tuple[Reader, ...]:
    """The registered readers, in the order their content tests run."""
    return tuple(_READERS.values())


def reader(format: str) -> Optional[Reader]:
    """The reader of a format, or None."""
    return _READERS.get(format)


def register(new: Reader) -> Optional[Reader]:
    """Add a reader, or replace the one of the same format (keeping its place in the
    order); returns the reader replaced. An extension another format claims is an error."""
    for other in _READERS.values():
        clash = set(other.extensions) & set(new.extensions)
        if other.format != new.format and clash:
            raise ValueError(f"{new.format} reader: {', '.join(sorted(clash))} already read as {other.format}")
    old = _READERS.get(new.format)
    _READERS[new.format] = new
    return old


def unregister(format: str) -> Optional[Reader]:
    """Remove the reader of a format; returns it (None if there was none)."""
    return _READERS.pop(format, None)


def report_extensions() -> Tuple[str, ...]:
    """The extensions of report files, for directory walks."""
    return tuple(e for r in _READERS.values() if r.walk for e in r.extensions)


def sniff(data: bytes, name: str) -> str:
    """The format of a document, by content first and by extension second."""
    head = data[:HEAD_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]  # a UTF-8 byte order mark before the markup
    head = head.lstrip()
    for r in _READERS.values():
        if r.sniff(head):
            return r.format
    # The extension does not make a binary format: a ``.pdf`` whose bytes are not a PDF's
    # is text (a Markdown report misnamed), not "a damaged PDF".
    ext = Path(name).suffix.lower()
    return next((r.format for r in _READERS.values() if ext in r.extensions and not r.signed),
                DEFAULT_FORMAT)


def read_as(format: str, data: bytes, name: str) -> Source:
    """Read a document with the reader of ``format``, following hand-overs."""
    seen: list[str] = []
    while True:
        seen.append(format)
        r = _READERS.get(format)
        try:
            function = r.load() if r is not None else None
        except ModuleNotFoundError as e:  # a giar module left out of this installation
            if not e.name or not e.name.startswith("giar"):
                raise
            function = None
        if function is None:
            raise GiarError(name, f"no reader for {format} documents in this installation")
        try:
            return function(data, name)
        except HandOver as h:
            if h.format in seen or h.format not in _READERS:
                raise GiarError(name, h.reason) from None
            format = h.format
