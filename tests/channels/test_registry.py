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
