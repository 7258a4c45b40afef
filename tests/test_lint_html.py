"""`giar lint --format html`: one self-contained page — the table of reports, their
findings, the charts — with every piece of report text escaped; checked in headless
Chromium when it is installed (in CI it must be)."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from giar.cli import main

DATA = Path(__file__).resolve().parent / "data"
CLEAN = DATA / "clean_2023.md"
EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
EVIL_NAME = 'c-<i>"evil"&amp;.md'  # a file name is report text too


def cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder of four files: a clean report, one with a failing identity (GA004), an
    empty cell and a comma; one whose agency and an unplaced table row are markup; an empty
    file that cannot be read."""
    folder = tmp_path / "reports"
    folder.mkdir()
    text = CLEAN.read_text("utf-8")
    shutil.copy(CLEAN, folder / "a-clean.md")
    faulty = (text.replace("| 行政诉讼 复议后起诉 | 0 | 0 | 1 | 0 | 1 |", "| 行政诉讼 复议后起诉 | 0 | 0 | 2 | 0 | 1 |")
              .replace("| 行政强制 | 2 |", "| 行政强制 |  |")
              .replace("2023年，本局认真贯彻", "2023年,本局认真贯彻"))
    (folder / "b-faulty.md").write_text(faulty, "utf-8")
    evil = text.replace("# 示例县人力资源和社会保障局2023年", f"# {EVIL}示例县人力资源和社会保障局2023年", 1)
    evil = evil.replace("| 行政诉讼 复议后起诉 | 0 | 0 | 1 | 0 | 1 |",
                        f"| 行政诉讼 复议后起诉 | 0 | 0 | 1 | 0 | 1 |\n| {EVIL} | 0 | 0 | 0 | 0 | 0 |")
    (folder / EVIL_NAME).write_text(evil, "utf-8")
    (folder / "d-empty.txt").write_bytes(b"")
    return folder


@pytest.fixture
def page(batch: Path, tmp_path: Path):
    out = tmp_path / "summary.html"
    result = run("lint", "--format", "html", "-o", str(out), str(batch))
    assert result.exit_code == 2, result.output  # (the empty file)
    assert result.stdout == ""
    assert "d-empty.txt: empty file" in result.stderr
    return out


def findings_by_file(batch: Path) -> dict[str, list[dict]]:
    data = json.loads(run("lint", "--format", "json", str(batch)).stdout)
    out: dict[str, list[dict]] = {}
    for item in data:
        if "code" in item:
            out.setdefault(item["file"], []).append(item)
    return out


def test_one_row_per_report_with_its_counts(page, batch):
    doc = lxml.html.parse(str(page)).getroot()
    rows = doc.xpath("//table[@id='report-table']/tbody/tr")
    files = [row.xpath(f"td[{cls('file')}]")[0].get("data-sort") for row in rows]
    assert [Path(f).name for f in files] == ["a-clean.md", "b-faulty.md", EVIL_NAME, "d-empty.txt"]
    expected = findings_by_file(batch)
    for row, file in zip(rows, files):
        cells = row.xpath("td")
        if file.endswith("d-empty.txt"):
            assert row.get("class") == "failed"
            assert "empty file, expected a government information disclosure annual report" in cells[0].text_content()
            assert [c.text_content().strip() for c in cells[4:7]] == ["", "", ""]
            continue
        assert cells[1].text_content().endswith("示例县人力资源和社会保障局")
        assert (cells[2].text_content(), cells[3].text_content()) == ("2023", "2021")
        mine = expected.get(file, [])
        counts = [sum(1 for f in mine if f["severity"] == s) for s in ("error", "warning", "info")]
        assert [int(c.text_content()) for c in cells[4:7]] == counts
        identities = sorted({f["code"] for f in mine if f["code"] in ("GA001", "GA002", "GA003", "GA004")})
        assert [s.text_content() for s in cells[7].xpath(f".//span[{cls('ga')}]")] == identities
        links = cells[8].xpath(".//a")
        if not mine:
            assert not links and cells[8].get("data-sort") == "0"
            continue
        # the findings, one click away: the section the row links to lists each one
        (link,) = links
        section = doc.get_element_by_id(link.get("href")[1:])
        listed = [[td.text_content() for td in tr.xpath("td")] for tr in section.xpath(".//tbody/tr")]
        assert [(int(r[0]), int(r[1]), r[3].split()[0]) for r in listed] == [
            (f["line"], f["column"], f["code"]) for f in mine]
    faulty = rows[1].xpath("td")
    assert faulty[7].text_content().strip() == "GA004"
    assert faulty[4].text_content() == "2"  # GA004 and GD001


def test_report_text_is_escaped(page):
    raw = page.read_text("utf-8")
    doc = lxml.html.fromstring(raw)
    assert not doc.xpath("//img") and not doc.xpath("//i")
    assert not [el for el in doc.iter() if isinstance(el.tag, str) and any(a.startswith("on") for a in el.attrib)]
    (script,) = doc.xpath("//script")  # giar's own sorting script, and nothing else
    assert "alert" not in script.text_content()
    text = doc.text_content()
    assert f"{EVIL}示例县人力资源和社会保障局" in text.replace("imgsrc=xonerror", "img src=x onerror")
    assert EVIL_NAME in text
    # the unplaced row's text, quoted in GS013's message
    messages = [td.text_content() for td in doc.xpath(f"//section[{cls('report')}]//td")]
    assert any("<script>alert(1)</script>\"><img" in m for m in messages)
    assert "<script>alert" not in raw and "<img" not in raw


def test_self_contained(page):
    doc = lxml.html.parse(str(page)).getroot()
    assert not doc.xpath("//link | //iframe | //object | //embed | //img | //*[@src]")
    hrefs = [a.get("href") for a in doc.xpath("//*[@href]")]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    style = " ".join(s.text_content() for s in doc.xpath("//style"))
    assert "url(" not in style and "@import" not in style
    assert all(not s.get("src") for s in doc.xpath("//script"))


def test_charts_by_rule_and_by_agency(page):
    doc = lxml.html.parse(str(page)).getroot()
    by_rule, by_agency = doc.xpath(f"//figure[{cls('chart')}]")
    assert "规则" in by_rule.xpath("figcaption")[0].text_content()
    rules = {g.xpath("*[local-name()='text'][@class='label']")[0].text_content(): int(g.xpath("*[local-name()='text'][@class='count']")[0].text_content())
             for g in by_rule.xpath(".//*[local-name()='g'][@class='bar']")}
    assert rules["GA004 review-total"] == 1 and rules["GS013 unplaced-text"] == 1
    assert all(rect.get("class") in ("error", "warning", "info") for rect in by_rule.xpath(".//*[local-name()='rect']"))
    agencies = [g.xpath("*[local-name()='title']")[0].text_content() for g in by_agency.xpath(".//*[local-name()='g'][@class='bar']")]
    assert any(a.startswith("示例县人力资源和社会保障局：") for a in agencies)
    assert any(a.startswith(EVIL.replace(" ", "")) for a in agencies)  # (escaped in the SVG too)


def test_html_to_stdout_and_usage(tmp_path):
    result = run("lint", "--format", "html", str(CLEAN))
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    doc = lxml.html.fromstring(result.stdout)
    assert "未发现问题" in doc.xpath("//header")[0].text_content()
    assert len(doc.xpath("//table[@id='report-table']/tbody/tr")) == 1
    assert run("lint", "--format", "html", "--statistics", str(CLEAN)).exit_code == 2


# ---------------------------------------------------------------- in headless Chromium


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed (CI checks the HTML summary in it)")
        pytest.skip("chromium is not installed")
    return found


def headless(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         *args], capture_output=True, timeout=120)


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, the decompressed scanlines) of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_screenshot_in_chromium(page, tmp_path):
    shot = tmp_path / "summary.png"
    result = headless(tmp_path, "--window-size=1280,900", f"--screenshot={shot}", page.as_uri())
    assert shot.is_file(), result.stderr.decode("utf-8", "replace")[-2000:]
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 900)
    assert shot.stat().st_size > 20_000  # text, a table, colours: not a blank page
    assert len(set(pixels)) > 50


def test_sorting_in_chromium(page, tmp_path):
    """Click the 错误 header (twice) and the 文件 header: the rows are reordered."""
    probe = tmp_path / "probe.html"
    script = """<script>
    function order() { return Array.prototype.map.call(document.querySelectorAll('#report-table tbody tr'),
        function (r) { return r.cells[0].getAttribute('data-sort').split('/').pop(); }).join('|'); }
    var buttons = document.querySelectorAll('#report-table thead button');
    buttons[4].click(); var up = order(); buttons[4].click(); var down = order();
    buttons[0].click(); buttons[0].click(); var names = order();
    document.body.setAttribute('data-up', up); document.body.setAttribute('data-down', down);
    document.body.setAttribute('data-names', names);
    document.body.setAttribute('data-sort', document.querySelectorAll('#report-table th')[0].getAttribute('aria-sort'));
    </script></body>"""
    probe.write_text(page.read_text("utf-8").replace("</body>", script), "utf-8")
    result = headless(tmp_path, "--dump-dom", probe.as_uri())
    body = lxml.html.fromstring(result.stdout.decode("utf-8")).xpath("//body")[0]
    # by errors: 0 (clean), 0 (evil: one warning), 2 (faulty); the unreadable file last, either way
    assert body.get("data-up").split("|") == ["a-clean.md", EVIL_NAME, "b-faulty.md", "d-empty.txt"]
    assert body.get("data-down").split("|") == ["b-faulty.md", "a-clean.md", EVIL_NAME, "d-empty.txt"]
    assert body.get("data-names").split("|") == ["d-empty.txt", EVIL_NAME, "b-faulty.md", "a-clean.md"]
    assert body.get("data-sort") == "descending"
