"""Rich text (Wagtail's stored HTML, or sanitised HTML) to plain paragraphs.

The standard library's HTML parser is enough: the text is ours (Wagtail rich text
or a sanitised copy of it), only its words are kept, and every block element starts
a new paragraph. Wagtail's internal markup (``<a linktype="page" id="3">``,
``<embed embedtype="image" .../>``) needs no resolving: a link keeps its words, an
embedded image has none. Nothing is rendered, so no markup can reach the output.
"""

import re
import unicodedata
from html.parser import HTMLParser

BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul", "br",
})
# Their content is never read aloud.
SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe", "object"})
_SPACES = re.compile(r"\s+")
# Invisible characters that pasted text carries and no reader says: soft hyphens, byte-order marks.
_INVISIBLE = re.compile("[\u00ad\ufeff]")


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self._current = []
        self._skipping = 0

    def _close(self):
        text = _SPACES.sub(" ", "".join(self._current)).strip()
        if text:
            self.paragraphs.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self._skipping += 1
        elif tag in BLOCKS:
            self._close()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS:
            self._close()

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCKS:
            self._close()

    def handle_data(self, data):
        if not self._skipping:
            self._current.append(data)

    def close(self):
        super().close()
        self._close()


def html_paragraphs(html):
    """The paragraphs of ``html`` as plain NFC text, empty ones dropped.

    Text that is not HTML at all comes back split at blank lines, so a plain-text
    script (or a translator's paste) works too.
    """
    html = _INVISIBLE.sub("", unicodedata.normalize("NFC", html or ""))
    if "<" not in html:
        blocks = re.split(r"\n\s*\n|\r\n\s*\r\n", html)
        return [text for text in (_SPACES.sub(" ", block).strip() for block in blocks) if text]
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    return parser.paragraphs
