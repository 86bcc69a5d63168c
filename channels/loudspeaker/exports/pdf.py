"""The printable PDF: A4, large type, every font embedded, complex scripts shaped.

fpdf2 embeds the shipped Noto fonts as subsets and, with uharfbuzz, shapes the
text with HarfBuzz, so Khmer subscript consonants, Cham medials and Tai Viet
prepended vowels come out as the script is written (and as a PDF reader extracts
it), not as a row of unjoined letters. The script's own font comes first and the
others are fallbacks, so a Khmer script quoting "BHXH" or a phone number prints both.
"""

from datetime import datetime, timezone

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from channels.loudspeaker.exports import fonts, lines
from channels.loudspeaker.exports.text import duration_line

BODY_PT = 16
TITLE_PT = 22
NOTE_PT = 12
LINE_FACTOR = 1.5  # line height as a multiple of the type size, for reading aloud from paper
MARGIN_MM = 20
PT_TO_MM = 25.4 / 72
# The PDF's creation date: not the clock, so the same script gives the same bytes (and file id).
FIXED_TIME = datetime(2025, 1, 1, tzinfo=timezone.utc)


class _ScriptPdf(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font("Noto Sans", size=NOTE_PT - 2)
        self.set_text_color(110)
        self.cell(0, 10, f"{self.page_no()}/{{nb}}", align=Align.C)


def _families(pdf, main, text):
    """Add the faces the text needs (Noto Sans always); the script's own first, the rest as fallbacks.

    Only these are parsed and embedded: each face added costs a parse and a subsetting pass.
    """
    needed = {"Latn", main} | fonts.scripts_in(text)
    names = []
    for face in fonts.FACES:
        if face.script not in needed:
            continue
        pdf.add_font(face.family, "", str(fonts.path(face.regular)))
        pdf.add_font(face.family, "B", str(fonts.path(face.bold or face.regular)))
        names.append(face.family)
    primary = fonts.face_for(main).family
    pdf.set_fallback_fonts([name for name in names if name != primary], exact_match=False)
    return primary


class _NoText(int):
    """A code point that writes nothing: ``<code> <>`` in the ToUnicode map."""

    def __format__(self, spec):
        return ""


def _name_unmapped_glyphs(pdf):
    """Give every glyph drawn a text, so copying or searching the PDF yields exactly what was written.

    When HarfBuzz draws one cluster of letters as several glyphs (a Khmer split vowel, a
    Cham medial), fpdf2 gives all the cluster's letters to its first glyph and no text to
    the others, and leaves them out of the font's ToUnicode map; readers then report their
    raw codes as control characters (U+0005...). Mapped to the empty string they add
    nothing: the cluster's letters come out once, whole and in order, with no zero-width
    character inside the cluster (which would break search and copy).
    """
    for font in pdf.fonts.values():
        subset = getattr(font, "subset", None)
        if subset is None:
            continue
        for glyph, _code in subset.items():
            if glyph is not None and isinstance(glyph.unicode, tuple) and not glyph.unicode:
                glyph.unicode = (_NoText(0),)


def _locale(language):
    return (language or "vi").split("-")[0] or "vi"


def _actual_text(text):
    """A PDF text string in UTF-16BE with its byte-order mark, written as hex (no escaping needed)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _line(pdf, line, height):
    """One printed line; a line in a shaped script carries its text as written in an /ActualText span.

    The ToUnicode map gives each glyph one text, so when HarfBuzz draws a Khmer or Cham
    cluster as several glyphs the glyphs alone cannot read back as written everywhere:
    pypdf joins them right (see _name_unmapped_glyphs), but PDFium (Chrome's viewer)
    reports the extra glyphs' codes as control characters and moves Tai Viet vowel signs
    to the end of the line. PDFium takes the span's text instead of the glyphs'. Latin
    lines (Vietnamese, Jơ Rai) map glyph for glyph already and keep per-letter selection
    boxes, which a span would widen to the whole line.
    """
    if not fonts.scripts_in(line):
        pdf.cell(0, height, line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    if pdf.will_page_break(height):
        pdf.add_page(same=True)  # here, not inside the cell: the span must open and close on one page
    pdf._out(f"/Span <</ActualText {_actual_text(line)}>> BDC")  # fpdf2 has no API for marked content
    pdf.cell(0, height, line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf._out("EMC")


def _paragraph(pdf, text, *, height, language):
    """``text`` set line by line, broken where ICU allows (lines.wrap), never inside a letter cluster."""
    width = pdf.epw - 2 * pdf.c_margin
    for line in lines.wrap(text, width, pdf.get_string_width, _locale(language)):
        _line(pdf, line, height)


def pdf_bytes(script):
    text = "\n".join((script.title, *script.paragraphs))
    main = fonts.main_script(script.language, text)
    pdf = _ScriptPdf(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.set_title(script.title or "")
    pdf.set_lang(script.language)
    pdf.set_creator("VSS Publisher")
    pdf.set_creation_date(FIXED_TIME)
    family = _families(pdf, main, text)
    pdf.set_text_shaping(True)
    pdf.add_page()

    if script.title:
        pdf.set_font(family, "B", TITLE_PT)
        _paragraph(pdf, script.title, height=TITLE_PT * PT_TO_MM * 1.35, language=script.language)
        pdf.ln(2)
    pdf.set_font("Noto Sans", "", NOTE_PT)
    pdf.set_text_color(90)
    pdf.multi_cell(0, NOTE_PT * PT_TO_MM * 1.4, duration_line(script), align=Align.L,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(6)

    pdf.set_font(family, "", BODY_PT)
    for paragraph in script.paragraphs:
        _paragraph(pdf, paragraph, height=BODY_PT * PT_TO_MM * LINE_FACTOR, language=script.language)
        pdf.ln(BODY_PT * PT_TO_MM * 0.6)
    _name_unmapped_glyphs(pdf)
    return bytes(pdf.output())
