import json

import pytest
from django.core.management import CommandError, call_command

from cms.exceptions import FixtureError
from cms.models import Language
from cms.services.languages import language_for_code, languages_load, languages_read

NATIONAL_RADIO = {"Tiếng Mông", "Tiếng Dao", "Tiếng Thái (chữ Thái Việt)", "Tiếng Ê Đê", "Tiếng Jơ Rai", "Tiếng Ba Na",
                  "Tiếng Xơ Đăng", "Tiếng K'ho", "Tiếng Chăm (chữ Chăm)", "Tiếng Khmer", "Tiếng M'nông", "Tiếng Cơ Tu"}


def test_every_language_is_a_locale_with_a_script(db):
    assert Language.objects.count() == 17
    assert set(Language.objects.filter(national_radio=True).values_list("name_vi", flat=True)) == NATIONAL_RADIO
    assert {lang.bcp47: lang.script for lang in Language.objects.filter(script__in=["Khmr", "Cham", "Tavt"])} == {
        "km-Khmr": "Khmr", "cjm-Cham": "Cham", "blt-Tavt": "Tavt"}
    assert all(language.locale.language_code == language.code for language in Language.objects.all())


def test_lookup_accepts_the_bcp47_tag_in_any_case(db):
    assert language_for_code("km-Khmr").name_vi == "Tiếng Khmer"


def test_a_language_missing_from_settings_is_refused(db, tmp_path):
    records = languages_read() + [{"code": "xx-latn", "bcp47": "xx-Latn", "name_vi": "X", "name_en": "X"}]
    with pytest.raises(FixtureError, match="xx-latn"):
        languages_load(records=records)
    path = tmp_path / "languages.json"
    path.write_text(json.dumps({"languages": records}), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_languages", str(path))
    assert not Language.objects.filter(code="xx-latn").exists()
