"""The rendition sizes the pipeline makes, declared by whoever needs them (the channels).

media is used by channels and imports none of them, so the sizes are not listed here:
a channel app's ``ready()`` adds a *source* (a callable returning RenditionSize
declarations) and media asks the sources each time it needs the list. A fresh
MediaConfig (a test that changes INSTALLED_APPS) starts with no sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps

FORMATS = ("avif", "webp", "jpeg")
_NAME = re.compile(r"^[a-z][a-z_]{1,29}$")


@dataclass(frozen=True)
class RenditionSize:
    """One picture a channel needs: ``name`` (as in payload placeholders), a Wagtail filter spec, its formats.

    "fill-…-c100" crops to the exact size around the editor's focal point; "max-…"
    keeps the whole picture. JPEG is the fallback every client reads.
    """

    name: str
    spec: str
    formats: tuple[str, ...] = FORMATS
    note: str = ""

    def __post_init__(self):
        if not _NAME.match(self.name):
            raise ValueError(f"rendition size name {self.name!r} is not a lower-case slug")
        unknown = [fmt for fmt in self.formats if fmt not in FORMATS]
        if unknown or not self.formats:
            raise ValueError(f"rendition size {self.name!r}: formats must be among {', '.join(FORMATS)}")


class RenditionSizes:
    def __init__(self):
        self._sources = []

    def add_source(self, source):
        """``source()`` returns an iterable of RenditionSize; asked at run time, not at registration."""
        self._sources.append(source)

    def all(self) -> dict[str, RenditionSize]:
        """{name: RenditionSize}. Two declarations of one name must agree, or it is a programming error."""
        sizes = {}
        for source in self._sources:
            for size in source():
                if sizes.setdefault(size.name, size) != size:
                    raise ValueError(f"rendition size {size.name!r} is declared twice, differently")
        return dict(sorted(sizes.items()))


def get_sizes() -> RenditionSizes:
    return apps.get_app_config("vss_media").sizes
