"""A clip's words for YouTube: title, description, tags, and the language codes YouTube takes.

YouTube's limits: a title of 100 characters, a description of 5,000 bytes, tags of
500 characters together, and neither "<" nor ">" in titles or descriptions.
Titles are cut by grapheme cluster (cms.text), so a Jơ Rai letter with a
combining breve is never split; the description is cut to fit 5,000 bytes of
UTF-8 (a Vietnamese letter takes two or three), keeping the link, the hashtags
and the marker whole: the summary and the transcript give way first.
"""

import unicodedata
from urllib.parse import urlsplit, urlunsplit

from cms.text import grapheme_len, graphemes, nfc, truncate

TITLE_LIMIT = 100
DESCRIPTION_BYTES = 5000
TAGS_LIMIT = 500
MARKER_PARAM = "vss"
# Google's categories (videoCategories.list, region VN): 25 News & Politics, 27 Education, 29 Nonprofits.
DEFAULT_CATEGORY = "25"


def clean(text):
    return nfc(text or "").replace("<", "‹").replace(">", "›")


def title(text):
    return truncate(" ".join(clean(text).split()), TITLE_LIMIT) or "—"


def marker(key: str) -> str:
    """What a video's description carries to be found again after an unconfirmed attempt."""
    return f"{MARKER_PARAM}={key[:16]}"


def marked_link(link: str, key: str) -> str:
    if not link:
        return ""
    parts = urlsplit(link)
    query = f"{parts.query}&{marker(key)}" if parts.query else marker(key)
    return urlunsplit(parts._replace(query=query))


def _cut_bytes(text, limit):
    """``text`` cut to at most ``limit`` UTF-8 bytes, between grapheme clusters, with an ellipsis."""
    if len(text.encode()) <= limit:
        return text
    out, used = [], len("…".encode())
    for cluster in graphemes(text):
        size = len(cluster.encode())
        if used + size > limit:
            break
        out.append(cluster)
        used += size
    return "".join(out).rstrip() + "…" if out else ""


def description(*, summary, transcript, link, hashtags, key, limit=DESCRIPTION_BYTES):
    """Summary, transcript, the item's link (with the marker), the hashtags; at most ``limit`` bytes."""
    tags = " ".join(tag if tag.startswith("#") else f"#{tag}" for tag in hashtags if tag.strip("#"))
    link = marked_link(link, key) or marker(key)
    tail = "\n\n".join(part for part in (link, clean(tags)) if part)
    room = limit - len(tail.encode()) - 2
    body = []
    for part in (" ".join(clean(summary).split()), clean(transcript).strip()):
        if not part or room <= 0:
            continue
        piece = _cut_bytes(part, room)
        if piece:
            body.append(piece)
            room -= len(piece.encode()) + 2
    return "\n\n".join([*body, tail])


def tags(names):
    """Policy areas as tags, as many whole ones as fit YouTube's 500 characters (a tag with a space counts 2 more)."""
    out, used = [], 0
    for name in names:
        name = clean(name).replace(",", " ").strip()
        cost = grapheme_len(name) + (2 if " " in name else 0) + (1 if out else 0)
        if name and used + cost <= TAGS_LIMIT:
            out.append(name)
            used += cost
    return out


def language(bcp47: str) -> str:
    """The code YouTube takes for a content language: the BCP 47 tag without its script subtag.

    Our locales name the script (hmn-Latn, km-Khmr) because exports need the font;
    YouTube's language lists (i18nLanguages) name languages: hmn, km, vi.
    """
    parts = [part for part in unicodedata.normalize("NFC", bcp47 or "").replace("_", "-").split("-") if part]
    if not parts:
        return ""
    kept = [parts[0].lower()] + [part.upper() if len(part) == 2 else part for part in parts[1:] if len(part) != 4]
    return "-".join(kept)
