"""A clip page checks its video's probed facts: a poster when no frame could be taken, and
subtitles that fit the clip's length."""

import pytest
from django.utils import translation
from wagtail.documents.models import Document

from cms.models import ClipPage, ClipSubtitle, Language
from media.clips import clip_preview_image
from tests.media import files


@pytest.fixture
def uploaded_clip(upload):
    answer = upload("document", "clip.mp4", files.mp4(seconds=30))
    assert answer["success"] is True
    return Document.objects.get(pk=answer["doc_id"])


def _page(section, video, **fields):
    return ClipPage(title="Clip BHYT", slug="clip-bhyt", video=video, org_unit=section.org_unit, **fields)


def test_without_ffmpeg_a_clip_needs_the_editors_poster(section_a, uploaded_clip, image):
    with translation.override("en"):
        errors = _page(section_a, uploaded_clip).clean_content()
    assert set(errors) == {"poster_image"} and "ffmpeg is not installed" in errors["poster_image"]
    assert _page(section_a, uploaded_clip, poster_image=image).clean_content() == {}
    assert clip_preview_image(uploaded_clip, fallback=image) == image


def test_subtitles_are_checked_against_the_clip_length(section_a, uploaded_clip, image):
    mong = Language.objects.get(code="hmn-latn")
    late = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nNyob zoo\n\n00:00:45.000 --> 00:00:47.000\nLate\n"
    page = _page(section_a, uploaded_clip, poster_image=image,
                 subtitles=[ClipSubtitle(language=mong, vtt=late)])
    with translation.override("en"):
        errors = page.clean_content()
    assert errors == {"__all__": [f"Subtitles ({mong}): Line 6: this cue starts after the end of the clip (30 seconds)."]}


def test_with_a_poster_frame_no_poster_is_needed(section_a, upload, fake_tools):
    answer = upload("document", "clip.mp4", files.mp4())
    document = Document.objects.get(pk=answer["doc_id"])
    assert _page(section_a, document).clean_content() == {}
    assert clip_preview_image(document) == document.media_metadata.preview
