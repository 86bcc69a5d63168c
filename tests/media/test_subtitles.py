"""WebVTT subtitles: structure checked the way players read it, each problem with its line."""

import pytest
from django.core.exceptions import ValidationError

from media.subtitles import validate_webvtt, webvtt_problems
from tests.media import files


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_good_subtitles_pass():
    assert webvtt_problems(files.VTT) == []
    assert webvtt_problems("\ufeffWEBVTT - Tiếng Mông\r\n\r\nNOTE dịch: tỉnh Lào Cai\r\n\r\n"
                           "00:01.000 --> 00:02.500 align:start\r\nNyob zoo\r\n") == []
    assert webvtt_problems("WEBVTT\n\n01:02:03.004 --> 01:02:05.000\nx", duration=3800) == []


@pytest.mark.parametrize("text, problem", [
    ("", "must start with 'WEBVTT'"),
    ("WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nx", "must start with 'WEBVTT'"),
    ("WEBVTT\n", "no cue"),
    ("WEBVTT\n00:00:01.000 --> 00:00:02.000\nx", "Line 2: leave a blank line"),
    ("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nx", "Line 3: the timing '00:00:01,000 --> 00:00:02,000'"),
    ("WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nx", "Line 3: the cue ends before it starts"),
    ("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\na\n\n00:00:01.000 --> 00:00:02.000\nb", "Line 6: this cue starts before"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\n00:00:03.000 --> 00:00:04.000\nb", "Line 5: '-->' may only appear"),
    ("WEBVTT\n\nintro\nNo timing here\n", "Line 3: a cue needs a timing line"),
], ids=["empty", "bad-signature", "no-cues", "no-blank-after-header", "srt-commas", "ends-before-start",
        "out-of-order", "missing-blank-line", "no-timing"])
def test_problems_are_named_with_their_line(text, problem):
    problems = webvtt_problems(text)
    assert any(problem in message for message in problems), problems


def test_cue_after_the_end_of_the_clip():
    problems = webvtt_problems("WEBVTT\n\n00:02:00.000 --> 00:02:03.000\nx", duration=90)
    assert problems == ["Line 3: this cue starts after the end of the clip (90 seconds)."]


def test_validator_raises_every_problem_at_once():
    with pytest.raises(ValidationError) as error:
        validate_webvtt("WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nx\n\n00:00:01,000 --> 00:00:02,000\ny")
    assert len(error.value.messages) == 2
