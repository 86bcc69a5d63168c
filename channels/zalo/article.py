"""A Zalo article from an item: title and description cut to Zalo's limits, body blocks, the marker.

Zalo counts characters as people see them; a Vietnamese or Jơ Rai letter may be two
code points (NFD, or a breve with no precomposed form), so text is NFC and cut by
grapheme cluster (the regex library's \\X, through cms.text), at a word boundary.
"""

from urllib.parse import urlsplit, urlunsplit

from channels.content import rendition_ref, sanitise_html
from cms.text import nfc, truncate

TITLE_LIMIT = 150
DESCRIPTION_LIMIT = 300
AUTHOR_LIMIT = 50
MARKER_PARAM = "vss"


def title(text):
    return truncate(" ".join(nfc(text or "").split()), TITLE_LIMIT)


def description(text):
    return truncate(" ".join(nfc(text or "").split()), DESCRIPTION_LIMIT)


def author(text):
    return truncate(" ".join(nfc(text or "").split()), AUTHOR_LIMIT, ellipsis="")


def marker(key: str) -> str:
    """What an article carries to be found again (in its tracking link): from the delivery's idempotency key."""
    return f"{MARKER_PARAM}={key[:16]}"


def marked_link(link: str, key: str) -> str:
    parts = urlsplit(link or "")
    if not parts.scheme:
        return ""
    query = f"{parts.query}&{marker(key)}" if parts.query else marker(key)
    return urlunsplit(parts._replace(query=query))


def image_block(image_id, size="zalo_body"):
    return {"type": "image", "image": rendition_ref(image_id, size, "jpeg"), "image_id": image_id}


def body_blocks(item):
    """Zalo body blocks (text / image / video) from the item's stream, in order; text is sanitised HTML."""
    blocks = []
    stream = getattr(item, "body", None) or ()
    for block in stream:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            blocks.append({"type": "text", "content": sanitise_html(str(getattr(value, "source", value)))})
        elif kind == "quote":
            blocks.append({"type": "text", "content": sanitise_html(f"<blockquote>{value['text']}</blockquote>")})
        elif kind == "image" and value.get("image") is not None:
            blocks.append(image_block(value["image"].pk))
            if value.get("caption"):
                blocks.append({"type": "text", "content": sanitise_html(f"<p><em>{value['caption']}</em></p>")})
        elif kind == "embed" and getattr(value, "url", ""):
            blocks.append({"type": "video", "url": value.url})
    for block in getattr(item, "sections", None) or ():
        if block.block_type == "section":
            blocks.append({"type": "text", "content": sanitise_html(
                f"<h2>{block.value['heading']}</h2>{block.value['body'].source}")})
    return [block for block in blocks if block.get("content", "x").strip()]
