"""WebVTT subtitles checked the way players read them, with the line of each problem.

A player that meets a malformed timing line drops that cue, or every cue after it,
without a word; the editor only learns when viewers complain. So the structure is
checked here: the signature, every timing line, start before end, cues in order,
and (when the clip's length is known) no cue after the clip has ended.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING = re.compile(rf"^{TIMESTAMP}[ \t]+-->[ \t]+{TIMESTAMP}(?:[ \t]+.*)?$")
MAX_ERRORS = 5


def _seconds(hours, minutes, seconds, millis):
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _blocks(lines):
    """(first line number, lines) of each block of non-blank lines."""
    block, start = [], None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def webvtt_problems(text, *, duration=None):
    """Every problem found in ``text`` (up to a few), each as a sentence naming its line; [] if none."""
    body = (text or "").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = body.split("\n")
    first = lines[0] if lines else ""
    if not first.startswith("WEBVTT") or (len(first) > 6 and first[6] not in " \t"):
        return [_("Subtitles must be WebVTT: the text must start with 'WEBVTT'.")]
    problems, cues, previous_start = [], 0, 0.0
    for start_line, block in _blocks(lines):
        if start_line == 1:
            if any("-->" in line for line in block):
                problems.append(_("Line %(line)d: leave a blank line after 'WEBVTT' before the first cue.")
                                % {"line": 2})
            continue  # the header holds no cue
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            continue  # comments and style blocks hold no cue
        timing_index = 0 if "-->" in block[0] else 1
        if timing_index >= len(block) or "-->" not in block[timing_index]:
            problems.append(_("Line %(line)d: a cue needs a timing line such as '00:00:01.000 --> 00:00:04.000'.")
                            % {"line": start_line})
            continue
        line_number = start_line + timing_index
        match = TIMING.match(block[timing_index].strip())
        if not match:
            problems.append(_("Line %(line)d: the timing '%(timing)s' is not valid; write it as "
                              "'00:00:01.000 --> 00:00:04.000' (minutes and seconds below 60, three decimals).")
                            % {"line": line_number, "timing": block[timing_index].strip()[:60]})
            continue
        cues += 1
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        if end <= start:
            problems.append(_("Line %(line)d: the cue ends before it starts.") % {"line": line_number})
        elif start < previous_start:
            problems.append(_("Line %(line)d: this cue starts before the one above it; cues must be in time order.")
                            % {"line": line_number})
        elif duration and start >= duration:
            problems.append(_("Line %(line)d: this cue starts after the end of the clip (%(duration)d seconds).")
                            % {"line": line_number, "duration": int(duration)})
        previous_start = max(previous_start, start)
        for offset, payload in enumerate(block[timing_index + 1:], start=1):
            if "-->" in payload:
                problems.append(_("Line %(line)d: '-->' may only appear in a timing line; put a blank line "
                                  "between cues.") % {"line": line_number + offset})
        if len(problems) >= MAX_ERRORS:
            break
    if not cues and not problems:
        problems.append(_("The subtitles contain no cue (no 'start --> end' line)."))
    return problems[:MAX_ERRORS]


def validate_webvtt(text, *, duration=None):
    problems = webvtt_problems(text, duration=duration)
    if problems:
        raise ValidationError(problems, code="invalid_webvtt")


# The cue tags of the WebVTT spec (class, italic, bold, underline, ruby, ruby text, voice,
# language) and timestamp tags; anything else in a cue is markup a player must not see.
CUE_TAG = re.compile(r"<(/?)([^>\s.]*)([^>]*)>")
CUE_TAGS = {"c", "i", "b", "u", "ruby", "rt", "v", "lang"}
CUE_TIMESTAMP = re.compile(rf"^{TIMESTAMP}$")
CLASSES = re.compile(r"^(\.[\w-]+)*$")
ANNOTATION = re.compile(r"^[\s\w.,'’-]*$")


def _cue_tag(match):
    closing, name, rest = match.groups()
    if not closing and CUE_TIMESTAMP.match(name + rest):
        return match.group(0)
    if name.lower() not in CUE_TAGS or name != name.lower():
        return ""
    if closing:
        return f"</{name}>"
    classes, _, annotation = rest.partition(" ")
    if not CLASSES.match(classes):
        return f"<{name}>"
    if name in ("v", "lang") and annotation and ANNOTATION.match(annotation):
        return f"<{name}{classes} {annotation.strip()}>"
    return f"<{name}{classes}>"


def clean_cue_markup(text):
    """``text`` with every tag in a cue that the spec does not define removed, and STYLE blocks dropped.

    The text between removed tags stays, as text: a player shows ``<script>`` content as words.
    """
    lines = (text or "").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out, in_cue, in_style = [], False, False
    for line in lines:
        if not line.strip():
            in_cue = in_style = False
            out.append(line)
            continue
        if not in_cue and not in_style and line.strip() == "STYLE":
            in_style = True
        if in_style:
            continue
        if TIMING.match(line.strip()):
            in_cue = True
            out.append(line)
            continue
        out.append(CUE_TAG.sub(_cue_tag, line) if in_cue else line)
    return "\n".join(out)
