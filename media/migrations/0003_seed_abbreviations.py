"""The read-aloud glossary's first entries: the abbreviations of social-insurance policy texts.

Written out here (not imported) so this migration means the same thing forever.
Editors change them in the admin (Snippets > Read-aloud glossary); entries they
have edited or added are left alone if the migration is run again.
"""

from django.db import migrations

SEED = [
    ("BHXH", "bảo hiểm xã hội"),
    ("BHXH VN", "Bảo hiểm xã hội Việt Nam"),
    ("BHXHVN", "Bảo hiểm xã hội Việt Nam"),
    ("BHYT", "bảo hiểm y tế"),
    ("BHTN", "bảo hiểm thất nghiệp"),
    ("BHTNLĐ-BNN", "bảo hiểm tai nạn lao động, bệnh nghề nghiệp"),
    ("TNLĐ", "tai nạn lao động"),
    ("BNN", "bệnh nghề nghiệp"),
    ("HGĐ", "hộ gia đình"),
    ("HSSV", "học sinh, sinh viên"),
    ("KCB", "khám bệnh, chữa bệnh"),
    ("NLĐ", "người lao động"),
    ("NSDLĐ", "người sử dụng lao động"),
    ("UBND", "ủy ban nhân dân"),
    ("HĐND", "hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ("TP HCM", "Thành phố Hồ Chí Minh"),
    ("TPHCM", "Thành phố Hồ Chí Minh"),
    ("TP.", "thành phố"),
    ("TP", "thành phố"),
    ("TT", "thông tư"),
    ("TTg", "Thủ tướng"),
    ("NĐ-CP", "nghị định Chính phủ"),
    ("NĐ", "nghị định"),
    ("QĐ", "quyết định"),
    ("QĐ-TTg", "quyết định Thủ tướng"),
    ("QĐ-BHXH", "quyết định Bảo hiểm xã hội"),
    ("QH", "Quốc hội"),
    ("BYT", "Bộ Y tế"),
    ("BTC", "Bộ Tài chính"),
    ("BLĐTBXH", "Bộ Lao động, Thương binh và Xã hội"),
    ("BNV", "Bộ Nội vụ"),
    ("CCCD", "căn cước công dân"),
    ("CMND", "chứng minh nhân dân"),
    ("VssID", "vê ét ét ai đi"),
    ("VNeID", "vê en i ai đi"),
    ("CSDL", "cơ sở dữ liệu"),
    ("CSYT", "cơ sở y tế"),
    ("THPT", "trung học phổ thông"),
    ("THCS", "trung học cơ sở"),
    ("SĐT", "số điện thoại"),
    ("TW", "trung ương"),
    ("VN", "Việt Nam"),
    ("USD", "đô la Mỹ"),
    ("Tp.", "thành phố"),
    ("km", "ki lô mét"),
    ("kg", "ki lô gam"),
]


def seed(apps, schema_editor):
    Abbreviation = apps.get_model("vss_media", "Abbreviation")
    existing = set(Abbreviation.objects.values_list("text", flat=True))
    Abbreviation.objects.bulk_create(
        [Abbreviation(text=text, spoken=spoken) for text, spoken in SEED if text not in existing]
    )


def unseed(apps, schema_editor):
    Abbreviation = apps.get_model("vss_media", "Abbreviation")
    Abbreviation.objects.filter(text__in=[text for text, _ in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("vss_media", "0002_abbreviation")]
    operations = [migrations.RunPython(seed, unseed)]
