"""One contract test over every registered channel, and a registry that refuses bad registrations."""

import json

import pytest

from channels.base import Channel, Sent, Transmitter
from channels.content import sanitise_html
from channels.registry import ChannelRegistry, RegistrationError, UnknownChannel, get_registry


class _Tx(Transmitter):
    def publish(self, payload, *, key):
        return Sent("1")

    def update(self, payload, *, external_id, key):
        return Sent(external_id)

    def withdraw(self, *, external_id, key):
        return None

    def reconcile(self, *, key):
        return None


class Good(Channel):
    kind = "good"
    display_name = "Good"
    transmitter_class = _Tx

    def format(self, item, *, action, config):
        return {}


def test_a_fresh_registry_accepts_a_channel_and_finds_it_by_kind():
    registry = ChannelRegistry()
    registry.register(Good())
    assert registry.get("good").display_name == "Good"
    assert "good" in registry and registry.kinds() == ["good"]
    with pytest.raises(UnknownChannel):
        registry.get("zalo")


@pytest.mark.parametrize("change,message", [
    ({"kind": "Bad Kind"}, "not a slug"),
    ({"display_name": ""}, "no display_name"),
    ({"transmitter_class": dict}, "not a Transmitter"),
])
def test_bad_registrations_are_refused(change, message):
    channel = Good()
    for name, value in change.items():
        setattr(channel, name, value)
    with pytest.raises(RegistrationError, match=message):
        ChannelRegistry().register(channel)


def test_a_kind_cannot_be_registered_twice():
    registry = ChannelRegistry()
    registry.register(Good())
    with pytest.raises(RegistrationError, match="twice"):
        registry.register(Good())


@pytest.mark.parametrize("kind", get_registry().kinds())
def test_every_registered_channel_formats_every_content_type_to_json(kind, make_news, section_a, db):
    import datetime

    from cms.models import BroadcastScriptPage

    channel = get_registry().get(kind)
    news = make_news(section_a, title="Tin <b>đậm</b>", body=[("paragraph", '<p>An <script>alert(1)</script>toàn</p>')])
    script = BroadcastScriptPage(title="Kịch bản", script="<p>Bà con ơi</p>", broadcast_from=datetime.date.today(),
                                 broadcast_until=datetime.date.today(), org_unit=section_a.org_unit)
    section_a.add_child(instance=script)
    for item in (news, script):
        for action in ("publish", "update"):
            payload = channel.format(item, action=action, config={})
            assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload
            assert "<script" not in json.dumps(payload)


def test_rich_text_is_sanitised_before_it_leaves():
    dirty = '<p onclick="x()">Xin chào <a href="javascript:alert(1)">bấm</a><img src=x onerror=y><script>z()</script></p>'
    clean = sanitise_html(dirty)
    assert "onclick" not in clean and "javascript:" not in clean and "<script" not in clean and "<img" not in clean
    assert "Xin chào" in clean


# --- the contract, over every registered channel ---------------------------------------------------

@pytest.mark.parametrize("kind", get_registry().kinds())
def test_every_channel_declares_what_the_core_asks_of_it(kind, db):
    import importlib

    from django.utils import translation

    from media.renditions import channel_sizes

    channel = get_registry().get(kind)
    with translation.override("vi"):
        assert str(channel.display_name).strip()
        for field in channel.config_fields:
            assert str(field.label).strip(), f"{kind}.{field.name} has no label"
    if channel.box is not None:
        assert channel.box.report_label and channel.box.colour.startswith("#")
        assert all(label.startswith("cms.") for label in channel.box.default_for)
    assert all(size.name in channel_sizes() for size in channel.renditions)
    if channel.standin:
        importlib.import_module(channel.standin)  # its loopback stand-in, beside it
    assert set(channel.example_config) <= {field.name for field in channel.config_fields}


@pytest.mark.parametrize("kind", get_registry().kinds())
def test_every_channels_settings_form_takes_its_demo_config_and_refuses_a_wrong_shape(kind, units):
    channel = get_registry().get(kind)
    assert channel.validate_config(channel.example_config) == []
    form = channel.config_form_class()(data={k: str(v) for k, v in channel.example_config.items()})
    assert form.is_valid(), form.errors
    assert channel.validate_config(["x"])  # a list is not settings: a message, not a crash
    required = [field.name for field in channel.config_fields if field.required]
    if required:
        assert any(required[0] in problem for problem in channel.validate_config({}))


@pytest.mark.parametrize("kind", get_registry().kinds())
def test_every_formatter_is_pure(kind, make_news, section_a, monkeypatch):
    """Same item, config and clock, same payload; the item is not changed and nothing is written."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    channel = get_registry().get(kind)
    news = make_news(section_a, title="Tin thuần khiết", body=[("paragraph", "<p>Nội dung</p>")])
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)  # a formatter may read the clock (VssID's date_modified)
    before = (news.title, news.summary, news.latest_revision_id)
    with CaptureQueriesContext(connection) as queries:
        first = channel.format(news, action="publish", config=channel.example_config)
        second = channel.format(news, action="publish", config=channel.example_config)
    assert first == second
    assert (news.title, news.summary, news.latest_revision_id) == before
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
