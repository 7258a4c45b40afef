"""Regenerate the converter fixtures: what common tools make of giar's invented examples.

Issue 12 asks what giar reads when a report reaches it not as published but as some tool's
text of it. This script renders the two invented reports with giar's own writers —

    examples/clean-2025.md    (2021 edition)  → clean-2025/
    tests/data/clean_2020.md  (2019 edition)  → clean-2020/

— into HTML (``giar render --to html``), Word (``--to docx``) and PDF (the HTML printed by
headless Chromium, or by LibreOffice when Chromium is missing or fails), runs each tool in
``TOOLS`` over the form it reads, with its default options and the option sets people
commonly use, and writes ``tests/converted/<example>/<tool>-<form>[-<options>].txt`` (``.md``
where the tool writes Markdown), byte for byte as the tool wrote it (decoded as UTF-8, with
the tool's own newlines). It also writes ``VERSIONS.txt``: every tool's exact version, and
why a tool was skipped. ``tests/test_converted_tools.py`` parses every fixture.

    python tests/converted/make_fixtures.py            # all fixtures
    python tests/converted/make_fixtures.py --keep DIR # also keep the HTML, DOCX and PDF

Run it with the dev virtual environment's Python (the one giar is installed in), after
installing the tools at the versions ``VERSIONS.txt`` records:

    apt-get install -y --no-install-recommends poppler-utils w3m lynx chromium \\
        libreoffice-writer-nogui fonts-wqy-zenhei      # fonts: a CJK text layer in the PDF
    .venv/bin/pip install -r tests/converted/requirements.txt

pandoc is pandoc 3, the binary the ``pypandoc-binary`` wheel ships (Debian 12 has only
pandoc 2.17, which writes other tables); ``$PANDOC`` overrides it. The script warns when an
installed Python package is not the version ``requirements.txt`` pins. The output is
deterministic where the tools are: Chromium prints no header or footer (no date, no path),
each tool reads its input by a relative path from one working folder, and LibreOffice runs
with a fresh profile; nothing in the fixtures depends on the time or the folder.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

EXAMPLES = {  # fixture folder: the hand-written canonical source
    "clean-2025": REPO / "examples" / "clean-2025.md",
    "clean-2020": REPO / "tests" / "data" / "clean_2020.md",
}

ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC", "SOURCE_DATE_EPOCH": "0"}


class Skip(Exception):
    """The tool cannot run here; the message says why (it goes into VERSIONS.txt)."""


def run(cmd: list[str], cwd: Path, timeout: int = 180) -> str:
    """Run a command; its stdout as UTF-8 text (stderr is shown only when it fails)."""
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')[-2000:]}")
    return proc.stdout.decode("utf-8")


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise Skip(f"{program} is not installed")
    return path


def pandoc() -> str:
    if os.environ.get("PANDOC"):
        return os.environ["PANDOC"]
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except Exception:  # pragma: no cover - no wheel: the system's pandoc, whatever it is
        return need("pandoc")


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if shutil.which(name):
            return shutil.which(name)  # type: ignore[return-value]
    raise Skip("LibreOffice is not installed")


def libreoffice_convert(src: Path, fmt: str, cwd: Path) -> Path:
    """``soffice --headless --convert-to FMT`` with a fresh profile; the file it wrote."""
    outdir = Path(tempfile.mkdtemp(dir=cwd, prefix="lo-out-"))
    profile = Path(tempfile.mkdtemp(prefix="giar-lo-profile-"))
    try:
        run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), src.name], cwd, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = list(outdir.iterdir())
    if len(out) != 1:
        raise RuntimeError(f"LibreOffice wrote {out}")
    return out[0]


# --- the tools ---------------------------------------------------------------------------
# Each takes the source file's name (relative to the working folder, which is cwd) and
# returns the text the tool writes. Python tools are called as their documentation's first
# example calls them; pages are joined with "\n" where the API returns one text per page.


def t_pandoc(to: str, *extra: str) -> Callable[[Path, Path], str]:
    def tool(src: Path, cwd: Path) -> str:
        return run([pandoc(), "-f", src.suffix.lstrip("."), "-t", to, *extra, src.name], cwd)

    return tool


def t_pdftotext(*opts: str) -> Callable[[Path, Path], str]:
    def tool(src: Path, cwd: Path) -> str:
        return run([need("pdftotext"), *opts, "-enc", "UTF-8", src.name, "-"], cwd)

    return tool


def t_libreoffice_txt(src: Path, cwd: Path) -> str:
    out = libreoffice_convert(src, "txt", cwd)
    data = out.read_bytes()
    shutil.rmtree(out.parent)
    return data.decode("utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else data.decode("utf-8")


def t_docx2txt(src: Path, cwd: Path) -> str:
    import docx2txt

    return docx2txt.process(str(cwd / src.name))


def t_bs4(*args: str) -> Callable[[Path, Path], str]:
    def tool(src: Path, cwd: Path) -> str:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup((cwd / src.name).read_text("utf-8"), "html.parser")
        return soup.get_text(*args)

    return tool


def t_lxml(src: Path, cwd: Path) -> str:
    import lxml.html

    return lxml.html.fromstring((cwd / src.name).read_bytes()).text_content()


def t_lynx(src: Path, cwd: Path) -> str:
    return run([need("lynx"), "-dump", "-display_charset=utf-8", src.name], cwd)


def t_w3m(src: Path, cwd: Path) -> str:
    return run([need("w3m"), "-dump", "-O", "UTF-8", src.name], cwd)


def t_html2text(body_width: int | None) -> Callable[[Path, Path], str]:
    def tool(src: Path, cwd: Path) -> str:
        import html2text

        h = html2text.HTML2Text()
        if body_width is not None:  # the command line's --body-width
            h.body_width = body_width
        return h.handle((cwd / src.name).read_text("utf-8"))

    return tool


def t_markdownify(src: Path, cwd: Path) -> str:
    from markdownify import markdownify

    return markdownify((cwd / src.name).read_text("utf-8"))


def t_markitdown(src: Path, cwd: Path) -> str:
    from markitdown import MarkItDown

    return MarkItDown().convert(str(cwd / src.name)).text_content


def t_trafilatura(**kw: str) -> Callable[[Path, Path], str]:
    def tool(src: Path, cwd: Path) -> str:
        import trafilatura

        out = trafilatura.extract((cwd / src.name).read_text("utf-8"), **kw)
        return "" if out is None else out

    return tool


def t_inscriptis(src: Path, cwd: Path) -> str:
    from inscriptis import get_text

    return get_text((cwd / src.name).read_text("utf-8"))


def t_pymupdf(**kw: object) -> Callable[[Path, Path], str]:
    def tool(src: Path, cwd: Path) -> str:
        import pymupdf

        with pymupdf.open(str(cwd / src.name)) as doc:
            return "".join(page.get_text(**kw) for page in doc)

    return tool


def t_pymupdf4llm(src: Path, cwd: Path) -> str:
    import pymupdf4llm

    return pymupdf4llm.to_markdown(str(cwd / src.name), show_progress=False)


def t_pypdf(**kw: str) -> Callable[[Path, Path], str]:
    def tool(src: Path, cwd: Path) -> str:
        from pypdf import PdfReader

        return "\n".join(page.extract_text(**kw) for page in PdfReader(str(cwd / src.name)).pages)

    return tool


def t_pdfplumber(**kw: object) -> Callable[[Path, Path], str]:
    def tool(src: Path, cwd: Path) -> str:
        import pdfplumber

        with pdfplumber.open(str(cwd / src.name)) as pdf:
            return "\n".join(page.extract_text(**kw) for page in pdf.pages)

    return tool


def t_mammoth(how: str) -> Callable[[Path, Path], str]:
    def tool(src: Path, cwd: Path) -> str:
        import mammoth

        with open(cwd / src.name, "rb") as f:
            result = mammoth.extract_raw_text(f) if how == "raw" else mammoth.convert_to_markdown(f)
        return result.value

    return tool


@dataclass(frozen=True)
class Tool:
    family: str  # the tool, as VERSIONS.txt names it
    form: str  # html | docx | pdf: the source form it reads
    options: str  # "" for the defaults, else a slug of the options
    ext: str  # txt | md
    call: str  # how it is called, for the README and VERSIONS.txt
    fn: Callable[[Path, Path], str]

    @property
    def name(self) -> str:
        return "-".join(p for p in (self.family, self.form, self.options) if p) + "." + self.ext


TOOLS = [
    # HTML
    Tool("pandoc", "html", "plain", "txt", "pandoc -f html -t plain", t_pandoc("plain")),
    Tool("pandoc", "html", "markdown", "md", "pandoc -f html -t markdown", t_pandoc("markdown")),
    Tool("pandoc", "html", "gfm", "md", "pandoc -f html -t gfm", t_pandoc("gfm")),
    Tool("bs4", "html", "", "txt", 'BeautifulSoup(html, "html.parser").get_text()', t_bs4()),
    Tool("bs4", "html", "newline", "txt", 'BeautifulSoup(html, "html.parser").get_text(separator="\\n")',
         t_bs4("\n")),
    Tool("lxml", "html", "", "txt", "lxml.html.fromstring(html).text_content()", t_lxml),
    Tool("lynx", "html", "", "txt", "lynx -dump -display_charset=utf-8", t_lynx),
    Tool("w3m", "html", "", "txt", "w3m -dump -O UTF-8", t_w3m),
    Tool("html2text", "html", "", "md", "html2text (HTML2Text().handle)", t_html2text(None)),
    Tool("html2text", "html", "bodywidth0", "md", "html2text --body-width=0 (body_width = 0)", t_html2text(0)),
    Tool("markdownify", "html", "", "md", "markdownify(html)", t_markdownify),
    Tool("markitdown", "html", "", "md", "MarkItDown().convert(path).text_content", t_markitdown),
    Tool("trafilatura", "html", "", "txt", "trafilatura.extract(html)", t_trafilatura()),
    Tool("trafilatura", "html", "markdown", "md", 'trafilatura.extract(html, output_format="markdown")',
         t_trafilatura(output_format="markdown")),
    Tool("inscriptis", "html", "", "txt", "inscriptis.get_text(html)", t_inscriptis),
    # Word
    Tool("pandoc", "docx", "plain", "txt", "pandoc -f docx -t plain", t_pandoc("plain")),
    Tool("pandoc", "docx", "markdown", "md", "pandoc -f docx -t markdown", t_pandoc("markdown")),
    Tool("libreoffice", "docx", "txt", "txt", "soffice --headless --convert-to txt", t_libreoffice_txt),
    Tool("docx2txt", "docx", "", "txt", "docx2txt.process(path)", t_docx2txt),
    Tool("mammoth", "docx", "raw", "txt", "mammoth.extract_raw_text(f).value", t_mammoth("raw")),
    Tool("mammoth", "docx", "markdown", "md", "mammoth.convert_to_markdown(f).value", t_mammoth("markdown")),
    Tool("markitdown", "docx", "", "md", "MarkItDown().convert(path).text_content", t_markitdown),
    # PDF
    Tool("pdftotext", "pdf", "", "txt", "pdftotext -enc UTF-8", t_pdftotext()),
    Tool("pdftotext", "pdf", "layout", "txt", "pdftotext -layout -enc UTF-8", t_pdftotext("-layout")),
    Tool("pdftotext", "pdf", "raw", "txt", "pdftotext -raw -enc UTF-8", t_pdftotext("-raw")),
    Tool("pymupdf", "pdf", "", "txt", "page.get_text() for each page", t_pymupdf()),
    Tool("pymupdf", "pdf", "sort", "txt", "page.get_text(sort=True) for each page", t_pymupdf(sort=True)),
    Tool("pymupdf4llm", "pdf", "", "md", "pymupdf4llm.to_markdown(path)", t_pymupdf4llm),
    Tool("pypdf", "pdf", "", "txt", "page.extract_text() for each page", t_pypdf()),
    Tool("pypdf", "pdf", "layout", "txt", 'page.extract_text(extraction_mode="layout") for each page',
         t_pypdf(extraction_mode="layout")),
    Tool("pdfplumber", "pdf", "", "txt", "page.extract_text() for each page", t_pdfplumber()),
    Tool("pdfplumber", "pdf", "layout", "txt", "page.extract_text(layout=True) for each page",
         t_pdfplumber(layout=True)),
    Tool("markitdown", "pdf", "", "md", "MarkItDown().convert(path).text_content", t_markitdown),
]


# --- versions ----------------------------------------------------------------------------


def first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, env=ENV, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unavailable ({e})"
    text = (out.stdout or out.stderr).decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "unknown"


def deb(package: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, check=False)
    return f"Debian {package} {out.stdout.decode()}" if out.returncode == 0 else f"Debian {package} not installed"


def py(dist: str) -> str:
    try:
        return f"{dist}=={importlib.metadata.version(dist)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{dist} not installed"


def pdftotext_version() -> str:
    return first_line([shutil.which("pdftotext") or "pdftotext", "-v"])


def versions() -> dict[str, str]:
    """Each tool family's exact version, as one line."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    return {
        "pandoc": f"{first_line([pandoc(), '--version'])} (from {py('pypandoc-binary')})",
        "pdftotext": f"{pdftotext_version()}; {deb('poppler-utils')}",
        "libreoffice": f"{first_line([shutil.which('soffice') or 'soffice', '--version'])}; {deb('libreoffice-writer-nogui')}",
        "docx2txt": py("docx2txt"),
        "bs4": py("beautifulsoup4"),
        "lxml": py("lxml"),
        "lynx": f"{first_line([shutil.which('lynx') or 'lynx', '-version'])}; {deb('lynx')}",
        "w3m": f"{first_line([shutil.which('w3m') or 'w3m', '-version']).split(',')[0]}; {deb('w3m')}",
        "html2text": py("html2text"),
        "markdownify": py("markdownify"),
        "markitdown": f"{py('markitdown')} (docx through {py('mammoth')}, pdf through {py('pdfminer.six')})",
        "trafilatura": py("trafilatura"),
        "inscriptis": py("inscriptis"),
        "pymupdf": py("pymupdf"),
        "pymupdf4llm": f"{py('pymupdf4llm')} (with {py('pymupdf-layout')})",
        "pypdf": py("pypdf"),
        "pdfplumber": f"{py('pdfplumber')} (with {py('pdfminer.six')})",
        "mammoth": py("mammoth"),
        "chromium (HTML → PDF)": f"{first_line([chromium, '--version'])}; {deb('chromium')}; font {deb('fonts-wqy-zenhei')}",
    }


def check_pins() -> None:
    """Warn where an installed Python package is not the version requirements.txt pins."""
    for line in (HERE / "requirements.txt").read_text("utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" not in line:
            continue
        dist, want = line.split("==")
        dist = dist.split("[")[0]  # markitdown[docx,pdf]
        try:
            have = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            have = "not installed"
        if have != want:
            print(f"warning: {dist} is {have}, requirements.txt pins {want}", file=sys.stderr)


# --- the source forms --------------------------------------------------------------------


def giar_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "giar"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "giar"]


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]


def print_pdf(html: Path, pdf: Path) -> str:
    """HTML → PDF with headless Chromium, else LibreOffice; which one did it."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        profile = tempfile.mkdtemp(prefix="giar-chromium-")
        try:
            subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                            f"--print-to-pdf={pdf}", html.resolve().as_uri()],
                           env=ENV, capture_output=True, timeout=180, check=False)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        if pdf.exists() and pdf.stat().st_size > 0:
            return "chromium --headless --print-to-pdf --no-pdf-header-footer"
    out = libreoffice_convert(html, "pdf", html.parent)
    out.replace(pdf)
    shutil.rmtree(out.parent, ignore_errors=True)
    return "soffice --headless --convert-to pdf"


def render(example: str, source: Path, work: Path) -> dict[str, str]:
    """The HTML, DOCX and PDF forms of one example in ``work``; how each was made."""
    made = {}
    for form in ("html", "docx"):
        subprocess.run([*giar_cmd(), "render", str(source), "--to", form, "-o", str(work / f"{example}.{form}")],
                       env=ENV, check=True, capture_output=True)
        made[form] = f"giar render {source.relative_to(REPO)} --to {form}"
    made["pdf"] = f"{print_pdf(work / f'{example}.html', work / f'{example}.pdf')} of the HTML"
    return made


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# --- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", type=Path, help="keep the HTML, DOCX and PDF forms in this folder")
    ap.add_argument("--only", help="only the fixtures whose name contains this")
    args = ap.parse_args(argv)
    check_pins()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its font warnings, once a glyph

    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="giar-converted-"))
    work.mkdir(parents=True, exist_ok=True)
    skipped: dict[str, str] = {}
    written = 0
    made: dict[str, dict[str, str]] = {}
    try:
        for example, source in EXAMPLES.items():
            made[example] = render(example, source, work)
            outdir = HERE / example
            outdir.mkdir(exist_ok=True)
            names: set[str] = set()
            for tool in TOOLS:
                if args.only and args.only not in tool.name:
                    continue
                src = work / f"{example}.{tool.form}"
                try:
                    text = tool.fn(src, work)
                except Skip as e:
                    skipped[tool.family] = str(e)
                    continue
                except Exception:
                    print(f"{example}/{tool.name}: failed", file=sys.stderr)
                    traceback.print_exc()
                    skipped[tool.family] = "failed here: " + traceback.format_exc().strip().splitlines()[-1]
                    continue
                # The tool's text as it wrote it; only a missing final newline is added, so
                # that every fixture is a well-formed text file.
                if text and not text.endswith("\n"):
                    text += "\n"
                (outdir / tool.name).write_bytes(text.encode("utf-8"))
                names.add(tool.name)
                written += 1
            if not args.only:  # a full run leaves only what it wrote (a tool now skipped leaves none)
                for stale in outdir.iterdir():
                    if stale.suffix in (".txt", ".md") and stale.name not in names:
                        stale.unlink()
            made[example]["html sha256"] = sha256(work / f"{example}.html")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    if not args.only:
        write_versions(made, skipped)
    print(f"wrote {written} fixtures" + (f"; skipped: {skipped}" if skipped else ""))
    return 0


def write_versions(made: dict[str, dict[str, str]], skipped: dict[str, str]) -> None:
    vers = versions()
    lines = ["# Written by tests/converted/make_fixtures.py: the tools that made the fixtures beside it.",
             "# Every fixture is <example>/<tool>-<form>[-<options>].<txt|md>.", "",
             "## Source forms", ""]
    for example, forms in made.items():
        for form, how in forms.items():
            lines.append(f"{example} {form}: {how}")
    import giar

    lines += [f"giar (writers): {giar.__version__}", f"python: {sys.version.split()[0]}", "", "## Tools", ""]
    for family, version in vers.items():
        lines.append(f"{family}: {version}" + (f"  — SKIPPED: {skipped[family]}" if family in skipped else ""))
    lines += ["", "## How each fixture was made", ""]
    for tool in TOOLS:
        lines.append(f"{tool.name}: {tool.call}  [{tool.form}]")
    if skipped:
        lines += ["", "## Skipped", ""] + [f"{k}: {v}" for k, v in skipped.items()]
    (HERE / "VERSIONS.txt").write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    sys.exit(main())
