"""Signed requests: what the webhook and portal channels send can be checked with
channels/signing.py, and nothing else passes."""

import pytest

from channels.signing import SignatureError, verify
from channels.webhook.transmitter import WebhookTransmitter
from channels.webhook.standin import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def test_webhook_requests_carry_a_signature_the_receiver_can_verify(receiver):
    transmitter = WebhookTransmitter(config={"url": receiver.url}, secret="shared-secret")
    sent = transmitter.publish({"title": "Ngày BHYT Việt Nam"}, key="key-1")
    transmitter.withdraw(external_id=sent.external_id, key="key-2")
    for method, path, key, headers, body in receiver.requests:
        verify("shared-secret", headers, method, path, body)  # raises if it does not check
        with pytest.raises(SignatureError):
            verify("another-secret", headers, method, path, body)
        with pytest.raises(SignatureError):
            verify("shared-secret", headers, method, path, body + b" ")
    post, delete = receiver.requests
    with pytest.raises(SignatureError):  # a signed POST does not authorise a DELETE of the same path
        verify("shared-secret", post[3], "DELETE", post[1], b"")


def test_webhook_without_a_secret_sends_no_signature(receiver):
    WebhookTransmitter(config={"url": receiver.url}).publish({"title": "x"}, key="key-1")
    (_, _, key, headers, _), = receiver.requests
    assert key == "key-1" and "X-VSS-Signature" not in headers
