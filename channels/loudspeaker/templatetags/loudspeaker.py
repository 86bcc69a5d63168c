from django import template

register = template.Library()


@register.filter
def reading_time(seconds):
    """Seconds as m:ss, how long a script takes to read aloud."""
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def speech_warning(warning):
    """A stored read-aloud warning ("over_target: ...") in the page's language."""
    from channels.loudspeaker.speech import warning_message

    return warning_message(warning)
