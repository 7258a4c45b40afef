"""Hostile input (issue #17's crashes), each from a minimal input: one line and exit 2, or
the report read; never a traceback."""

from __future__ import annotations

import codecs
import io
import os
import sys

import pytest
from click.testing import CliRunner

import giar.read
from giar.cli import main
from giar.errors import GiarError
from giar.read import read_bytes, read_file_bytes

HEADING = "一、总体情况\n本年度工作有序开展。\n".encode()


@pytest.mark.parametrize("data, name, says", [
    (codecs.BOM_UTF8 + HEADING + b"\xff\xfe\x80", "bom.txt", "starts with a UTF-8 byte order mark, but from byte"),
    (codecs.BOM_UTF16_LE + "一、总体情况".encode("utf-16-le") + b"\x00", "odd.txt", "UTF-16"),
    (b"<html><body>" + b"<div>" * 100000 + HEADING + b"</div>" * 100000 + b"</body></html>", "deep.html",
     "nests its elements too deeply"),
])
def test_a_one_line_error_not_a_crash(data, name, says):
    with pytest.raises(GiarError, match=says):
        read_bytes(data, name)


def test_a_control_character_after_a_removed_element_is_dropped():
    page = b"<html><body><script>x</script>\x01<p>" + "一、总体情况".encode() + b"\x0b</p></body></html>"
    assert [ln.text for ln in read_bytes(page, "page.html").lines] == ["一、总体情况"]


def test_an_endless_device_is_refused_at_once():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(GiarError, match="not a regular file"):
        read_file_bytes("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_with_no_writer_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(GiarError, match="not a regular file"):
        read_file_bytes(str(fifo))


def test_standard_input_holds_to_the_size_limit(monkeypatch):
    monkeypatch.setattr(giar.read, "MAX_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 5000)))
    with pytest.raises(GiarError, match="more than the"):
        read_file_bytes("-")


def test_the_command_line_says_one_line_and_exits_2(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + HEADING + b"\xff")
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "internal error" not in result.output
