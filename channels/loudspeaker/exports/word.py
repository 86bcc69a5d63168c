"""The Word file: large type, one paragraph per paragraph, one run per script with its font and language.

Word cannot be made to carry the fonts inside the file (python-docx does not embed
fonts), so the runs name the Noto family the PDF uses. A paragraph is cut into runs
by script (fonts.script_runs): Latin text in Noto Sans tagged vi-VN, Khmer in Noto Sans
Khmer tagged km-KH and marked complex-script (Word shapes Khmer with its complex-script
font, w:cs), Cham in Noto Sans Cham tagged cjm, Tai Viet in Noto Sans Tai Viet tagged
blt. So Word and LibreOffice show each part in a font that has its letters and check
its spelling in its own language, in a Vietnamese script that quotes Khmer as well as in
a Khmer one that quotes "BHXH".
"""

import io
import zipfile
from datetime import datetime, timezone

from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from channels.loudspeaker.exports import fonts
from channels.loudspeaker.exports.text import duration_line

BODY_PT = 16
TITLE_PT = 22
NOTE_PT = 12
# Fixed, so the same script gives the same bytes whichever commune asks for it.
FIXED_TIME = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _runs(paragraph, text, *, language, size, bold=False):
    """``text`` as one run per script, each in its Noto face and tagged with its language."""
    for script, piece in fonts.script_runs(text):
        if script == "Latn":
            family, tag = "Noto Sans", _latin_language(language)
        else:
            family, tag = fonts.face_for(script).family, fonts.SCRIPT_LANGUAGES[script]
        _set_run(paragraph.add_run(piece), family=family, size=size, language=tag, bold=bold,
                 complex_script=script == "Khmr")


def _latin_language(language):
    """The tag of the script's Latin text: Vietnamese for a Vietnamese script or one in a non-Latin script."""
    parts = (language or "vi").split("-")
    if parts[0].lower() in ("vi", "km", "cjm", "blt") or any(len(p) == 4 and p.title() != "Latn" for p in parts[1:]):
        return "vi-VN"
    return parts[0]


def _set_run(run, *, family, size, language, bold=False, complex_script=False):
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
    if complex_script:  # Word shapes Khmer with the complex-script font and checks it by w:bidi
        properties.insert_element_before(properties.makeelement(qn("w:cs"), {}), "w:em", "w:lang",
                                         "w:eastAsianLayout", "w:specVanish", "w:oMath")
    properties.insert_element_before(
        properties.makeelement(qn("w:lang"), {qn("w:val"): language, qn("w:eastAsia"): language,
                                              qn("w:bidi"): language}),
        "w:eastAsianLayout", "w:specVanish", "w:oMath",
    )


def docx_bytes(script):
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
        _runs(heading, script.title, language=script.language, size=TITLE_PT, bold=True)
    note = document.add_paragraph()
    note.paragraph_format.space_after = Pt(14)
    _set_run(note.add_run(duration_line(script)), family="Noto Sans", size=NOTE_PT, language="vi-VN")

    for text in script.paragraphs:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
        paragraph.paragraph_format.space_after = Pt(10)
        _runs(paragraph, text, language=script.language, size=BODY_PT)

    out = io.BytesIO()
    document.save(out)
    return _with_fixed_times(out.getvalue())


def _with_fixed_times(data):
    """The same script gives the same bytes: python-docx stamps each zip entry with the clock.

    Two exports a second apart differed only in those stamps, so a render's file changed
    (and devices downloaded it again) without any change to the script.
    """
    stamp = FIXED_TIME.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type, fixed.external_attr = entry.compress_type, entry.external_attr
            target.writestr(fixed, source.read(entry))
    return out.getvalue()
