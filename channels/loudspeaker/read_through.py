"""Đọc thử (read-through): a broadcast script's written text beside its spoken form, in the admin.

Every change the normaliser made is highlighted on both sides with the rule that made
it, so an editor can spot a wrong reading before approval and correct that one
occurrence. Corrections are saved as a new revision of the page (its
``spoken_overrides`` field), so they go through approval with the text and the
loudspeaker formatter applies them at export; the duration estimate is shown beside.
"""

import logging
import unicodedata

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from channels.loudspeaker.speech import read_through, spoken_duration

logger = logging.getLogger(__name__)

MAX_OVERRIDE_LENGTH = 200
FIELD_PREFIX = "override:"


def _script_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not hasattr(page, "spoken_overrides"):
        raise PermissionDenied("not a broadcast script")  # only broadcast scripts are read aloud
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied("cannot edit this page")
    return page


def _read_through(page):
    draft = page.get_latest_revision_as_object()
    language = draft.locale.language_code if draft.locale_id else "vi"
    result = read_through(title=draft.title, html=draft.script, language=language,
                          overrides=draft.spoken_overrides or {}, target_seconds=draft.target_duration_seconds)
    return draft, result


def _rows(result):
    rows = []
    for passage in (result.title, *result.paragraphs):
        if not passage.written:
            continue
        written, position = [], 0
        for number, change in enumerate(passage.changes):
            written.append((passage.written[position:change.start], None))
            written.append((passage.written[change.start:change.end] or "·", number))
            position = change.end
        written.append((passage.written[position:], None))
        rows.append({"written": written, "spoken": passage.pieces, "changes": passage.changes})
    return rows


def read_through_view(request, page_id):
    page = _script_page(request, page_id)
    draft, result = _read_through(page)
    keys = {change.key for passage in (result.title, *result.paragraphs) for change in passage.changes}
    if request.method == "POST":
        overrides, errors = {}, []
        for name, value in request.POST.items():
            if not name.startswith(FIELD_PREFIX):
                continue
            key, said = name[len(FIELD_PREFIX):], unicodedata.normalize("NFC", " ".join(value.split()))
            if key not in keys:
                errors.append(_("“%(key)s” is no longer in the script; reload the page.") % {"key": key})
            elif len(said) > MAX_OVERRIDE_LENGTH:
                errors.append(_("The reading of “%(key)s” is longer than %(limit)s characters.")
                              % {"key": key.rsplit("#", 1)[0], "limit": MAX_OVERRIDE_LENGTH})
            elif said:
                overrides[key] = said
        if errors:  # nothing saved
            for error in errors:
                messages.error(request, error)
            return _render(request, page, draft, result, status=400)
        draft.spoken_overrides = overrides
        draft.save_revision(user=request.user, log_action=True)
        logger.info("read-through overrides saved page=%s count=%s", page.pk, len(overrides))
        messages.success(request, _("Reading corrections saved in a new revision (%(count)s).")
                         % {"count": len(overrides)})
        return redirect("loudspeaker_read_through", page_id=page.pk)
    return _render(request, page, draft, result)


def _render(request, page, draft, result, status=200):
    script = result.script
    return TemplateResponse(request, "loudspeaker/admin/read_through.html", {
        "page": page, "draft": draft, "rows": _rows(result), "script": script,
        "duration": spoken_duration(script.seconds), "target": spoken_duration(draft.target_duration_seconds or 0),
        "over_target": bool(draft.target_duration_seconds and script.seconds > draft.target_duration_seconds),
        "field_prefix": FIELD_PREFIX,
    }, status=status)
