"""Readers: a document in any supported format → ``Source`` (logical lines).

Which formats there are, and which module reads each, is listed once in ``giar.read.readers``.
"""

from __future__ import annotations

import os
import stat
import sys

from giar.errors import GiarError
from giar.read.readers import HandOver, Reader, read_as, readers, register, report_extensions, sniff, unregister
from giar.read.source import Line, Source

MAX_BYTES = 50 * 1024 * 1024


def read_bytes(data: bytes, name: str) -> Source:
    # A Path for a name, a bytearray for data: accepted here, where the public API begins
    # (the compiled readers check the types they are declared with).
    name = os.fspath(name)
    if not isinstance(data, bytes):
        data = bytes(data)
    if not data.strip():
        raise GiarError(name, "empty file, expected a government information disclosure annual report")
    return read_as(sniff(data, name), data, name)


def read_file_bytes(path: str) -> bytes:
    """A file's bytes (standard input for ``-``), with one-line errors and the size limit."""
    if path == "-":
        return _at_most(sys.stdin.buffer, "-")
    if os.path.isdir(path):
        raise GiarError(path, "is a directory, expected a report file")
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            # (a device such as /dev/zero never ends; a pipe with no writer never starts)
            raise GiarError(path, "is not a regular file (a device, pipe or socket); "
                                  "give a file, or - to read standard input")
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise GiarError(path, f"file is {size // (1024 * 1024)} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit")
        with open(path, "rb") as f:
            return _at_most(f, path)
    except FileNotFoundError:
        raise GiarError(path, "no such file") from None
    except PermissionError:
        raise GiarError(path, "permission denied") from None
    except OSError as e:
        raise GiarError(path, f"cannot read: {e.strerror or e}") from None


def _at_most(stream, name: str) -> bytes:
    """All of a stream's bytes, refused past the size limit (read no more than one byte
    beyond it, however long the stream)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise GiarError(name, f"more than the {MAX_BYTES // (1024 * 1024)} MB limit")
    return data


def read_path(path: str) -> Source:
    """Read a file (or standard input for ``-``)."""
    return read_bytes(read_file_bytes(path), path)


__all__ = ["Line", "Source", "read_path", "read_bytes", "read_file_bytes", "GiarError", "sniff",
           "Reader", "HandOver", "readers", "register", "unregister", "report_extensions"]
