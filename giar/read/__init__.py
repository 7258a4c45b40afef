"""Readers: a document in any supported format → ``Source`` (logical lines)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Dict

from giar.errors import GiarError
from giar.read.source import Line, Source
from giar.read.text import read_text

MAX_BYTES = 50 * 1024 * 1024

# Format name → reader(bytes, name) → Source. Other readers register themselves here.
READERS: Dict[str, Callable[[bytes, str], Source]] = {
    "text": lambda data, name: read_text(data, name, "text"),
    "markdown": lambda data, name: read_text(data, name, "markdown"),
}


def sniff(data: bytes, name: str) -> str:
    """The format of a document, by content first and by extension second."""
    head = data[:2048]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]  # a UTF-8 byte order mark before the markup
    head = head.lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    lowered = head[:1024].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered or (
        lowered.startswith(b"<") and (b"<p" in lowered or b"<table" in lowered or b"<div" in lowered)
    ):
        return "html"
    ext = Path(name).suffix.lower()
    return {".md": "markdown", ".markdown": "markdown", ".htm": "html", ".html": "html",
            ".docx": "docx", ".pdf": "pdf", ".doc": "doc"}.get(ext, "text")


def read_bytes(data: bytes, name: str) -> Source:
    # A Path for a name, a bytearray for data: accepted here, where the public API begins
    # (the compiled readers check the types they are declared with).
    name = os.fspath(name)
    if not isinstance(data, bytes):
        data = bytes(data)
    if not data.strip():
        raise GiarError(name, "empty file, expected a government information disclosure annual report")
    fmt = sniff(data, name)
    if fmt == "doc":
        raise GiarError(name, "legacy Word .doc file; save it as .docx (Word: File › Save As) and try again")
    reader = READERS.get(fmt)
    if reader is None:
        _load_optional_readers()
        reader = READERS.get(fmt)
    if reader is None:
        raise GiarError(name, f"no reader for {fmt} documents in this installation")
    return reader(data, name)


def read_file_bytes(path: str) -> bytes:
    """A file's bytes (standard input for ``-``), with one-line errors and the size limit."""
    if path == "-":
        return sys.stdin.buffer.read()
    if os.path.isdir(path):
        raise GiarError(path, "is a directory, expected a report file")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise GiarError(path, f"file is {size // (1024 * 1024)} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit")
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise GiarError(path, "no such file") from None
    except PermissionError:
        raise GiarError(path, "permission denied") from None
    except OSError as e:
        raise GiarError(path, f"cannot read: {e.strerror or e}") from None


def read_path(path: str) -> Source:
    """Read a file (or standard input for ``-``)."""
    return read_bytes(read_file_bytes(path), path)


def _load_optional_readers() -> None:
    """HTML, Word and PDF readers import heavier libraries; load them on first need."""
    import importlib

    for module in ("giar.read.html", "giar.read.docx", "giar.read.pdf"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as e:
            if not e.name or not e.name.startswith("giar"):
                raise


__all__ = ["Line", "Source", "read_path", "read_bytes", "read_file_bytes", "READERS", "GiarError"]
