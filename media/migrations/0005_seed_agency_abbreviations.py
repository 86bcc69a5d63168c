"""More agency abbreviations for the read-aloud glossary (issue 21), found in bulletins and dispatches.

Written out here (not imported) so this migration means the same thing forever; entries
editors already have are left alone. "km" and "kg" leave the abbreviations: they are units
now (channels/loudspeaker/speech/data/units.tsv), read only after a number.
"""

from django.db import migrations

SEED = [
    ("Tp.HCM", "Thành phố Hồ Chí Minh"),
    ("Tp. HCM", "Thành phố Hồ Chí Minh"),
    ("TP. HCM", "Thành phố Hồ Chí Minh"),
    ("Tp HCM", "Thành phố Hồ Chí Minh"),
    ("TTYT", "trung tâm y tế"),
    ("TYT", "trạm y tế"),
    ("BVĐK", "bệnh viện đa khoa"),
    ("PKĐK", "phòng khám đa khoa"),
    ("BV", "bệnh viện"),
    ("NQ", "nghị quyết"),
    ("NSNN", "ngân sách nhà nước"),
    ("ĐVSDLĐ", "đơn vị sử dụng lao động"),
    ("HĐLĐ", "hợp đồng lao động"),
    ("LĐTBXH", "lao động, thương binh và xã hội"),
    ("CNTT", "công nghệ thông tin"),
    ("KT-XH", "kinh tế, xã hội"),
    ("GD&ĐT", "giáo dục và đào tạo"),
    ("GDĐT", "giáo dục và đào tạo"),
    ("TNHH", "trách nhiệm hữu hạn"),
    ("HTX", "hợp tác xã"),
    ("DN", "doanh nghiệp"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("BCH", "ban chấp hành"),
    ("BCĐ", "ban chỉ đạo"),
    ("CBCCVC", "cán bộ, công chức, viên chức"),
    ("ĐBQH", "đại biểu Quốc hội"),
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
    ("TTg", "Thủ tướng"),
    ("ATTP", "an toàn thực phẩm"),
    ("CT", "chỉ thị"),
]
UNITS_NOW = [("km", "ki lô mét"), ("kg", "ki lô gam")]


def seed(apps, schema_editor):
    Abbreviation = apps.get_model("vss_media", "Abbreviation")
    existing = set(Abbreviation.objects.values_list("text", flat=True))
    Abbreviation.objects.bulk_create(
        [Abbreviation(text=text, spoken=spoken) for text, spoken in SEED if text not in existing]
    )
    for text, spoken in UNITS_NOW:  # only if nobody changed what it says
        Abbreviation.objects.filter(text=text, spoken=spoken).delete()


def unseed(apps, schema_editor):
    Abbreviation = apps.get_model("vss_media", "Abbreviation")
    Abbreviation.objects.filter(text__in=[text for text, _ in SEED]).exclude(text="TTg").delete()
    for text, spoken in UNITS_NOW:
        Abbreviation.objects.get_or_create(text=text, defaults={"spoken": spoken})


class Migration(migrations.Migration):
    dependencies = [("vss_media", "0004_abbreviation_kind")]
    operations = [migrations.RunPython(seed, unseed)]
