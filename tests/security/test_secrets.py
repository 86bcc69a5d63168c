"""Finding 7: a typed secret appears in no error path."""

import html
import sys

from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter
from wagtail.test.utils.form_data import querydict_from_html

from publishing.models import Destination

TYPED = "typed-secret-Zq81"


def add_destination(client, users, units, settings):
    """The Facebook channel's typed settings form, submitted as a browser would."""
    client.force_login(users["root"])
    url = reverse("wagtailsnippets_publishing_destination:add") + "?channel=facebook"
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form").copy()
    data.update({"name": "Fanpage hỏng", "secret": TYPED, "org_unit": str(units["15"].pk),
                 **{f"config-{key}": value for key, value in settings.items()}})
    return client.post(url, data)


def test_bad_settings_are_field_errors_and_the_typed_secret_is_not_echoed(client, users, units):
    for settings in ({"page_id": "x1", "graph_url": "http://127.0.0.1:9"},
                     {"page_id": "111", "graph_url": "not a url"},
                     {"page_id": "", "graph_url": ""}):
        response = add_destination(client, users, units, settings)
        page = html.unescape(response.content.decode())
        assert response.status_code == 200, settings
        assert "error-message" in page or "w-field__errors" in page, settings
        assert TYPED not in page
    assert not Destination.objects.filter(name="Fanpage hỏng").exists()


def test_stored_settings_of_the_wrong_shape_are_a_validation_error_not_a_crash(units):
    from django.core.exceptions import ValidationError

    from cms.models import ChannelKind

    for config in (["x"], "x", 42):
        destination = Destination(name="Fanpage hỏng", channel="facebook", config=config, secret=TYPED,
                                  channel_kind=ChannelKind.objects.get(code="fanpage"), org_unit=units["15"])
        try:
            destination.full_clean()
        except ValidationError as error:
            assert "config" in error.message_dict and TYPED not in str(error)
        else:
            raise AssertionError(f"{config!r} was accepted")


def report_for(post):
    request = RequestFactory().post("/admin/snippets/publishing/destination/add/", post)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        return ExceptionReporter(request, *sys.exc_info()).get_traceback_text()


def test_error_reports_blank_secret_fields_and_secret_keys_inside_json():
    text = report_for({"name": "Cổng", "secret": TYPED, "access_token": "tok-77", "password": "pw-55",
                       "config": '{"page_id": "111", "app_secret": "as-99", "nested": {"api_key": "k-33"}}'})
    assert "Cổng" in text and "111" in text
    for secret in (TYPED, "tok-77", "pw-55", "as-99", "k-33"):
        assert secret not in text


def test_the_destination_views_name_the_secret_as_sensitive(client, users, units):
    from publishing.wagtail_hooks import DestinationCreateView, DestinationEditView

    request = RequestFactory().post("/", {"secret": TYPED})
    request.user = users["root"]
    for view in (DestinationCreateView, DestinationEditView):
        try:
            view.as_view()(request)
        except Exception:
            pass
        assert request.sensitive_post_parameters == ("secret",)
