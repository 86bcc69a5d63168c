"""The fonts shipped for the exports (channels/loudspeaker/fonts/, SIL Open Font License, see OFL.txt there).

Noto Sans covers Vietnamese and the Latin alphabets of the ethnic languages,
including the combining breve of Jơ Rai and Ê Đê (it is cut down to its Latin,
combining-mark and punctuation glyphs to keep the repository small); Noto Sans
Khmer, Noto Sans Cham and Noto Sans Tai Viet cover the other three scripts.
"""

from dataclasses import dataclass
from pathlib import Path

import regex

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"


@dataclass(frozen=True)
class Face:
    family: str  # the name given to the PDF and to Word
    regular: str
    bold: str | None  # None: the regular face is used for headings too
    script: str  # ISO 15924 code of what it covers (Latn for the base face)


FACES = (
    Face("Noto Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "Latn"),
    Face("Noto Sans Khmer", "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf", "Khmr"),
    Face("Noto Sans Cham", "NotoSansCham-Regular.ttf", "NotoSansCham-Bold.ttf", "Cham"),
    Face("Noto Sans Tai Viet", "NotoSansTaiViet-Regular.ttf", None, "Tavt"),
)
_SCRIPT_PATTERNS = {
    "Khmr": regex.compile(r"\p{Script=Khmer}"),
    "Cham": regex.compile(r"\p{Script=Cham}"),
    "Tavt": regex.compile(r"\p{Script=Tai_Viet}"),
}


def main_script(language, text=""):
    """The script a script is written in: the BCP 47 script subtag, else the first non-Latin one in the text."""
    parts = (language or "").split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.title() in _SCRIPT_PATTERNS:
            return part.title()
    if parts and parts[0].lower() == "km":
        return "Khmr"
    for code, pattern in _SCRIPT_PATTERNS.items():
        if pattern.search(text):
            return code
    return "Latn"


def scripts_in(text):
    """The non-Latin scripts that occur in ``text`` (so only their fonts are loaded and embedded)."""
    return {code for code, pattern in _SCRIPT_PATTERNS.items() if pattern.search(text)}


def face_for(script):
    return next((face for face in FACES if face.script == script), FACES[0])


def path(filename):
    return FONT_DIR / filename


# The language tag each script's runs carry in Word (w:lang), for the spelling checker and screen readers.
SCRIPT_LANGUAGES = {"Khmr": "km-KH", "Cham": "cjm", "Tavt": "blt"}
_RUN = regex.compile(r"(?P<Khmr>[\p{Script=Khmer}\u200b]+)|(?P<Cham>\p{Script=Cham}+)|(?P<Tavt>\p{Script=Tai_Viet}+)")
_NEUTRAL = regex.compile(r"[\p{Zs}\p{P}\p{N}\p{S}]+")


def script_runs(text, main="Latn"):
    """``text`` cut into (script, piece) runs: Khmer, Cham, Tai Viet and Latin (everything else).

    Spaces, punctuation and digits between two runs of one script stay in that run, so
    "ក្រសួង 1900 ក្រសួង" is one Khmer run; between two scripts they go with the text before.
    """
    runs = []
    position = 0
    for match in _RUN.finditer(text):
        if match.start() > position:
            runs.append(["Latn", text[position:match.start()]])
        runs.append([match.lastgroup, match.group()])
        position = match.end()
    if position < len(text):
        runs.append(["Latn", text[position:]])
    merged = []
    for script, piece in runs:
        if merged and script == "Latn" and _NEUTRAL.fullmatch(piece):
            merged[-1][1] += piece  # "។ " or " 1900 " after Khmer: neutral, keeps the run before
        elif merged and merged[-1][0] == script:
            merged[-1][1] += piece
        else:
            merged.append([script, piece])
    return [(script, piece) for script, piece in merged]
