"""The normaliser's changes as spans (what the read-through view shows) and vocabulary a province adds."""

import pytest
from django.urls import reverse

from media.models import Abbreviation
from channels.loudspeaker.speech import normalise_vi, read_through
from channels.loudspeaker.speech.glossary import current_glossary
from channels.loudspeaker.speech.vietnamese import normalise_tracked

pytestmark = pytest.mark.django_db


def test_every_change_names_its_written_range_and_its_rule():
    text = "Theo Nghị định số 3/2025/NĐ-CP, từ 1/7 - 31/12 mỗi người nộp 01 bản sao, ảnh 3x4."
    tracked = normalise_tracked(text, current_glossary())
    spans = [(span.source, span.rule) for span in tracked.spans()]
    assert spans == [("3/2025/NĐ-CP", "document"), ("1/7", "date"), (" - ", "range"), ("31/12", "date"),
                     ("01", "count"), ("3x4", "multiply")]
    for span in tracked.spans():
        assert text[span.start:span.end] == span.source
    assert tracked.text == ("Theo Nghị định số ba năm hai nghìn không trăm hai mươi lăm của Chính phủ, từ mùng một "
                            "tháng bảy đến ngày ba mươi mốt tháng mười hai mỗi người nộp một bản sao, ảnh ba nhân bốn.")


def test_a_change_built_on_another_keeps_both_rule_names():
    tracked = normalise_tracked("2 ha", current_glossary())
    assert [(span.source, span.spoken, span.rule) for span in tracked.spans()] == [
        ("2", "hai", "number"), (" ha", "héc ta", "unit")]
    tracked = normalise_tracked("Thứ 2 - Thứ 6", current_glossary())
    assert [span.rule for span in tracked.spans()] == ["range+ordinal"]


def test_an_override_replaces_one_occurrence_only():
    script = read_through(title="", html="<p>Nộp 01 bản, hạn 31/4.</p><p>Hạn 31/4 nhé.</p>", language="vi",
                          overrides={"31/4#1": "ba mươi tháng tư"})
    first, second = script.paragraphs
    assert first.spoken == "Nộp một bản, hạn ba mươi tháng tư."
    assert second.spoken == "Hạn ba mươi mốt trên bốn nhé."
    assert [change.key for change in first.changes] == ["01#1", "31/4#1"]
    assert first.changes[1].overridden and not second.changes[0].overridden


def test_a_province_adds_a_unit_and_an_issuer_in_the_admin_glossary(client, django_user_model):
    admin = django_user_model.objects.create_superuser("glossary_admin", "g@example.org", "pw")
    client.force_login(admin)
    url = reverse("wagtailsnippets_vss_media_abbreviation:add")
    assert normalise_vi("2 sào ruộng") == "hai sào ruộng"
    assert "Sở Y tế" not in normalise_vi("Công văn 123/SYT-NV")
    for text, spoken, kind in (("t", "tấn", "unit"), ("SYT", "Sở Y tế", "issuer")):
        response = client.post(url, {"text": text, "spoken": spoken, "kind": kind})
        assert response.status_code == 302, response.content[:2000]
    assert Abbreviation.objects.get(text="SYT").kind == "issuer"
    assert normalise_vi("Công văn 123/SYT-NV") == "Công văn số một trăm hai mươi ba của Sở Y tế"
    assert normalise_vi("thu 5 t thóc") == "thu năm tấn thóc"
    assert normalise_vi("chữ t thường") == "chữ t thường"  # a unit only after a number
    assert normalise_vi("SYT") == "SYT"  # an issuer only inside a document number
