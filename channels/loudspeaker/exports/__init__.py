"""Read-aloud scripts as files: TXT, DOCX, PDF, MP3.

    data = export(script, "pdf")  # bytes; script is a channels.loudspeaker.speech.ReadAloud

Every format is made from the same ReadAloud, so a script that is the same for
many communes is rendered once per language and format and the bytes are shared.
MP3 needs espeak-ng (a Debian package, not on PyPI); without it export(..., "mp3")
raises ExportUnavailable saying what to install.
"""

from channels.loudspeaker.exports.errors import ExportFailed, ExportUnavailable
from channels.loudspeaker.exports.mp3 import tts_available

FORMATS = ("txt", "docx", "pdf", "mp3")
CONTENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "mp3": "audio/mpeg",
}
EXTENSIONS = {"txt": "txt", "docx": "docx", "pdf": "pdf", "mp3": "mp3"}  # without the dot

__all__ = ["FORMATS", "CONTENT_TYPES", "EXTENSIONS", "ExportUnavailable", "ExportFailed", "tts_available", "export"]


def export(script, fmt: str) -> bytes:
    """``script`` as a file of format ``fmt`` (one of FORMATS)."""
    if fmt == "txt":
        from channels.loudspeaker.exports.text import text_bytes

        return text_bytes(script)
    if fmt == "docx":
        from channels.loudspeaker.exports.word import docx_bytes

        return docx_bytes(script)
    if fmt == "pdf":
        from channels.loudspeaker.exports.pdf import pdf_bytes

        return pdf_bytes(script)
    if fmt == "mp3":
        from channels.loudspeaker.exports.mp3 import mp3_bytes

        return mp3_bytes(script)
    raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
