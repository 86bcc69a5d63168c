"""Post text for a fanpage: title, summary, the link to the portal copy, the campaign's hashtags.

Facebook limits text by characters as people see them; Jơ Rai and Ê Đê letters
with a combining breve are one character made of two code points, so lengths
are counted and cut by grapheme cluster (cms.text), at a word boundary. The
summary gives way first: title, link and hashtags are always whole.
"""

from urllib.parse import urlsplit, urlunsplit

from cms.text import grapheme_len, truncate

POST_LIMIT = 63206  # a Page post's message
VIDEO_DESCRIPTION_LIMIT = 5000
VIDEO_TITLE_LIMIT = 255
TEASER_LIMIT = 1200  # longer posts get "See more" after a few lines anyway
MARKER_PARAM = "vss"


def marker(key: str) -> str:
    """What a post carries to be found again after an unconfirmed attempt: from the idempotency key."""
    return f"{MARKER_PARAM}={key[:16]}"


def marked_link(link: str, key: str) -> str:
    if not link:
        return ""
    parts = urlsplit(link)
    query = f"{parts.query}&{marker(key)}" if parts.query else marker(key)
    return urlunsplit(parts._replace(query=query))


def hashtag_line(hashtags) -> str:
    return " ".join(tag if tag.startswith("#") else f"#{tag}" for tag in hashtags if tag.strip("#"))


def compose(*, title: str, summary: str, link: str = "", hashtags=(), limit: int = POST_LIMIT,
            teaser: int = TEASER_LIMIT) -> str:
    """The full text, never over ``limit`` grapheme clusters."""
    tags = hashtag_line(hashtags)
    fixed = [part for part in (title.strip(), link, tags) if part]
    room = limit - sum(grapheme_len(part) for part in fixed) - 2 * len(fixed)
    if room < 0:  # a pathological title: keep the link and the tags, cut the title
        title = truncate(title, max(limit - grapheme_len(link) - grapheme_len(tags) - 4, 1))
        room = 0
    summary = truncate(" ".join(summary.split()), min(room, teaser)) if room > 0 and summary.strip() else ""
    return "\n\n".join(part for part in (title.strip(), summary, link, tags) if part)
