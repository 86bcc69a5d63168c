"""The Word file: large type, one paragraph per paragraph, the language and font set on every run.

Word cannot be made to carry the fonts inside the file (python-docx does not embed
fonts), so the runs name the Noto family the PDF uses, set as the complex-script
font for Khmer (Word shapes Khmer with its complex-script font) and as the main
font otherwise. Each run is tagged with its language, so Word's spelling checker
and screen readers know what they are reading.
"""

import io
from datetime import datetime, timezone

from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from media.exports import fonts
from media.exports.text import duration_line

BODY_PT = 16
TITLE_PT = 22
NOTE_PT = 12
# Fixed, so the same script gives the same bytes whichever commune asks for it.
FIXED_TIME = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _set_run(run, *, family, size, language, bold=False):
    run.font.size = Pt(size)
    run.font.bold = True if bold else None
    run.font.name = family
    properties = run._element.get_or_add_rPr()
    run_fonts = properties.find(qn("w:rFonts"))
    if run_fonts is None:  # pragma: no cover - python-docx adds it when the name is set
        run_fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.insert(0, run_fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        run_fonts.set(qn(attribute), family)
    # Children of w:rPr must come in the schema's order, or Word calls the file damaged.
    if bold:
        properties.get_or_add_bCs()
    properties.insert_element_before(
        properties.makeelement(qn("w:szCs"), {qn("w:val"): str(size * 2)}),
        "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
        "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
    )
    properties.insert_element_before(
        properties.makeelement(qn("w:lang"), {qn("w:val"): language, qn("w:bidi"): language}),
        "w:eastAsianLayout", "w:specVanish", "w:oMath",
    )


def docx_bytes(script):
    main = fonts.main_script(script.language, "\n".join((script.title, *script.paragraphs)))
    family = fonts.face_for(main).family
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    properties = document.core_properties
    properties.title = script.title or ""
    properties.language = script.language
    properties.author = "VSS Publisher"
    properties.created = properties.modified = FIXED_TIME
    properties.last_modified_by = "VSS Publisher"
    properties.revision = 1
    properties.comments = ""

    if script.title:
        heading = document.add_paragraph()
        heading.paragraph_format.space_after = Pt(6)
        _set_run(heading.add_run(script.title), family=family, size=TITLE_PT, language=script.language, bold=True)
    note = document.add_paragraph()
    note.paragraph_format.space_after = Pt(14)
    _set_run(note.add_run(duration_line(script)), family="Noto Sans", size=NOTE_PT, language="vi")

    for text in script.paragraphs:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
        paragraph.paragraph_format.space_after = Pt(10)
        _set_run(paragraph.add_run(text), family=family, size=BODY_PT, language=script.language)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
