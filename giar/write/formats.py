"""Every output format giar writes, by name: ``render(report, "html")`` → bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Dict, Optional

from giar.model.ast import Report

FORMATS = ("md", "txt", "html", "docx", "json")
BINARY = frozenset({"docx"})
EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "txt", ".html": "html", ".htm": "html",
              ".docx": "docx", ".json": "json"}


def _markdown(report: Report) -> str:
    from giar.write.markdown import render_markdown

    return render_markdown(report)


def _text(report: Report) -> str:
    from giar.write.text import render_text

    return render_text(report)


def _html(report: Report) -> str:
    from giar.write.html import render_html

    return render_html(report)


def _docx(report: Report) -> bytes:
    from giar.write.docx import render_docx

    return render_docx(report)


def _json(report: Report) -> str:
    from giar.model.contract import report_json

    return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"


WRITERS: Dict[str, Callable[[Report], object]] = {
    "md": _markdown, "txt": _text, "html": _html, "docx": _docx, "json": _json,
}


def render(report: Report, fmt: str) -> bytes:
    """The report written in a format (UTF-8 for the text formats)."""
    out = WRITERS[fmt](report)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def format_for_path(path: Optional[str]) -> Optional[str]:
    """The output format a file name asks for (``report.docx`` → docx), if any."""
    if not path or path == "-":
        return None
    return EXTENSIONS.get(Path(path).suffix.lower())
