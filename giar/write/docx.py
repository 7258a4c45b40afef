"""The Word writer (python-docx): an A4 document in the customary layout.

* Page: A4, margins after GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm),
  page numbers ``— 1 —`` in the footer.
* Fonts (templates/docx_styles.j2): the title in 方正小标宋简体 二号 (style ``Title``), the
  six headings in 黑体 三号 (``Heading 1``), sub-headings in 楷体_GB2312 三号 (``Heading 2``),
  body text in 仿宋_GB2312 三号 with a two-character first-line indent, tables in 宋体 五号.
  The Chinese font is set through ``w:eastAsia`` (python-docx's ``font.name`` sets only the
  Latin one), and the theme fonts of the default template are removed so they cannot win.
* Tables: the notice's layouts (giar/write/layout.py) with merged cells (``gridSpan``
  across, ``vMerge`` down); header rows repeat on a new page, rows do not break.
* Things only giar needs to read the file back (a lint comment, text giar could not place)
  are hidden paragraphs (``w:vanish``): Word and LibreOffice neither show nor print them.

giar's Word reader (giar/read/docx.py) reads the result back to the same report.
"""

from __future__ import annotations

import functools
import io
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell

from giar.model.ast import Comment, Paragraph, Report, Subheading, Table
from giar.write.layout import official_grid
from giar.write.markdown import environment, labels_for

PAGE = {"width": Mm(210), "height": Mm(297), "top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@functools.lru_cache(maxsize=None)
def docx_styles() -> dict:
    """The fonts of templates/docx_styles.j2."""
    module = environment().get_template("docx_styles.j2").module
    return {name: getattr(module, name) for name in
            ("title", "heading", "subheading", "body", "table", "table_small", "footer", "page_number")}


# ---------------------------------------------------------------- fonts


def set_rfonts(rpr, east_asia: str, latin: str) -> None:
    """Set the East Asian and Latin fonts of a run or style's ``w:rPr``; drop theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        key = qn(attr)
        if key in rfonts.attrib:
            del rfonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def apply_font(font_owner, spec: dict) -> None:
    """Font, size, weight and colour for a style or a run (``spec`` from docx_styles.j2)."""
    font = font_owner.font
    font.name = spec["latin"]
    font.size = Pt(spec["size"])
    font.bold = bool(spec.get("bold"))
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    set_rfonts(font_owner.element.get_or_add_rPr(), spec["east_asia"], spec["latin"])


def _setup_styles(doc) -> None:
    s = docx_styles()
    # Document defaults: Chinese language, no theme fonts.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            set_rfonts(rpr, s["body"]["east_asia"], s["body"]["latin"])
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    apply_font(normal, s["body"])
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.first_line_indent = Pt(2 * s["body"]["size"])
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = doc.styles["Title"]
    apply_font(title, s["title"])
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    rpr = title.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern"):
        el = rpr.find(qn(tag))
        if el is not None:
            rpr.remove(el)
    tf = title.paragraph_format
    tf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tf.first_line_indent = Pt(0)
    tf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    tf.line_spacing = Pt(36)
    tf.space_before = Pt(0)
    tf.space_after = Pt(28)

    for name, spec in (("Heading 1", s["heading"]), ("Heading 2", s["subheading"])):
        style = doc.styles[name]
        apply_font(style, spec)
        font = style.font
        font.bold = bool(spec.get("bold"))
        rpr = style.element.get_or_add_rPr()
        bcs = rpr.find(qn("w:bCs"))
        if bcs is not None:
            rpr.remove(bcs)
        hf = style.paragraph_format
        hf.space_before = Pt(0)
        hf.space_after = Pt(0)
        hf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hf.line_spacing = Pt(28)
        hf.first_line_indent = Pt(2 * spec["size"])
        hf.keep_with_next = True


def _footer(doc) -> None:
    """Page numbers: ``— 1 —`` centred (a PAGE field)."""
    s = docx_styles()
    before, _, after = s["page_number"].partition("{}")
    footer = doc.sections[0].footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    apply_font(p.add_run(before), s["footer"])
    run = p.add_run()
    apply_font(run, s["footer"])
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    apply_font(p.add_run(after), s["footer"])


# ---------------------------------------------------------------- tables


def _set_cell_text(cell, text: str, spec: dict, align, bold: bool = False) -> None:
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    p = paragraphs[0]
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.alignment = align
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if text:
        run = p.add_run(text)
        apply_font(run, spec)
        run.font.bold = bold
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def add_table(doc, table: Table, edition: str) -> None:
    """The table in the notice's layout, its merged cells written as Word writes them.

    Each grid row keeps one ``w:tc`` per cell that starts in it (``w:gridSpan`` for its
    width, ``w:vMerge="restart"`` when it reaches down) and one ``w:vMerge`` continuation
    ``w:tc`` where a cell from a row above covers it — what ``cell.merge`` produces, built
    directly (python-docx's ``table.cell()`` is quadratic in the table's size).
    """
    s = docx_styles()
    grid = official_grid(table, edition)
    spec = s["table_small"] if grid.kind == "review_litigation" else s["table"]
    t = doc.add_table(rows=len(grid.rows), cols=grid.width)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [Cm(TEXT_WIDTH_CM * w) for w in grid.widths]
    for i, column in enumerate(t.columns):
        column.width = widths[i]
    covering: dict[tuple[int, int], object] = {}  # (row, col) → the grid cell covering it
    for gc in grid.cells():
        for r in range(gc.row, gc.row + gc.rowspan):
            for c in range(gc.col, gc.col + gc.colspan):
                covering[(r, c)] = gc
    for r, row in enumerate(t.rows):
        _cant_split(row)
        if r < grid.header_rows:
            _repeat_header(row)
        tcs = list(row._tr.tc_lst)
        c = 0
        while c < grid.width:
            gc = covering.get((r, c))
            span = gc.colspan if gc is not None and gc.col == c else 1
            tc = tcs[c]
            for extra in tcs[c + 1:c + span]:
                row._tr.remove(extra)
            if span > 1:
                tc.grid_span = span
            tc.width = sum(widths[c:c + span], Cm(0))
            if gc is not None and gc.rowspan > 1:
                tc.vMerge = "restart" if gc.row == r else "continue"
            cell = _Cell(tc, t)
            if gc is not None and gc.row == r:
                if gc.role in ("label", "caption"):
                    align = WD_ALIGN_PARAGRAPH.CENTER if gc.vertical else WD_ALIGN_PARAGRAPH.LEFT
                else:
                    align = WD_ALIGN_PARAGRAPH.CENTER
                _set_cell_text(cell, gc.text, s["table_small"] if gc.role == "note" else spec, align,
                               bold=gc.role == "caption")
            else:
                _set_cell_text(cell, "", spec, WD_ALIGN_PARAGRAPH.CENTER)
            c += span


# ---------------------------------------------------------------- document


def _hidden_paragraph(doc, text: str) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.font.hidden = True
    # A paragraph mark that is hidden too, so that no empty line shows.
    rpr = p._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    mark.append(OxmlElement("w:vanish"))
    rpr.append(mark)


def _comment_text(text: str) -> str:
    """Comment text that cannot end the comment early (the Markdown writer's rule)."""
    return environment().filters["comment_safe"](text)


def _blocks(doc, blocks, edition: str) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            doc.add_paragraph(block.text, style="Normal")
        elif isinstance(block, Subheading):
            doc.add_paragraph(block.text, style="Heading 2")
        elif isinstance(block, Comment):
            _hidden_paragraph(doc, f"<!-- {_comment_text(block.text)} -->")
        elif isinstance(block, Table):
            add_table(doc, block, edition)


def build_document(report: Report):
    labels = labels_for(report.edition)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    _setup_styles(doc)
    _footer(doc)
    props = doc.core_properties
    props.title = report.title.text if report.title else ""
    props.author = report.agency or ""
    props.comments = "giar"
    if report.title:
        doc.add_paragraph(report.title.text, style="Title")
    _blocks(doc, report.preamble, report.edition)
    for sec in report.sections:
        doc.add_paragraph(labels["heading"](sec.kind), style="Heading 1")
        _blocks(doc, sec.body, report.edition)
    for fragment in report.unrecognised:
        _hidden_paragraph(doc, f"<!-- giar:unrecognised {_comment_text(fragment.text)} -->")
    return doc


def render_docx(report: Report) -> bytes:
    """The report as a Word .docx file (bytes)."""
    out = io.BytesIO()
    build_document(report).save(out)
    return out.getvalue()

