"""Duration estimates from the synthesiser's measured rate: within 3% of the MP3's real length."""

import json

import pytest
from django.test import override_settings

from channels.loudspeaker.exports import export, tts_available
from channels.loudspeaker.exports import calibration
from channels.loudspeaker.exports.mp3 import BIT_RATE_KBPS
from channels.loudspeaker.speech import read_aloud

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not tts_available(), reason="espeak-ng is not installed (apt-get install espeak-ng)")]

SCRIPTS = [
    ("<p>Kính thưa bà con, từ ngày 1/7/2025 mức đóng BHYT hộ gia đình thay đổi.</p>"
     "<p>Mọi thắc mắc xin liên hệ BHXH tỉnh Lào Cai hoặc gọi tổng đài 1900 9068.</p>"),
    ("<p>Theo Nghị định số 158/2025/NĐ-CP, từ ngày 01/7/2025 người lao động làm việc theo hợp đồng từ 01 tháng "
     "trở lên phải tham gia BHXH bắt buộc. Mức đóng BHYT HSSV năm học 2025-2026 là 1.263.600 đồng/năm, NSNN hỗ trợ "
     "30%.</p><p>Người dân tra cứu quá trình đóng qua ứng dụng VssID. Hồ sơ gồm 01 tờ khai, 02 ảnh 3x4 và bản sao "
     "CCCD, nộp tại TTYT huyện trước ngày 30/6. Trong quý III/2025, BHXH tỉnh đã chi trả cho 12.500 lượt người.</p>"),
]


def mp3_seconds(data):
    return len(data) * 8 / (BIT_RATE_KBPS * 1000)  # constant bit rate


@pytest.fixture
def calibrated(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.VSS_SPEECH_CALIBRATE = True
    calibration._memory.clear()
    yield tmp_path
    calibration._memory.clear()


@pytest.mark.parametrize("html", SCRIPTS, ids=["short", "bulletin"])
def test_the_estimate_is_within_three_percent_of_the_mp3(calibrated, html):
    script = read_aloud(title="Thông báo", html=html, language="vi")
    real = mp3_seconds(export(script, "mp3"))
    assert abs(script.seconds - real) / real < 0.03, (script.seconds, real)


def test_the_rate_is_measured_once_and_kept(calibrated):
    read_aloud(title="", html="<p>Một hai ba.</p>", language="vi")
    stored = json.loads((calibrated / "speech-calibration.json").read_text())
    (key, rate), = stored.items()
    assert "|vi|" in key and 200 < rate < 320
    calibration._memory.clear()
    stored[key] = 100.0  # a figure on disk is used as it is, not measured again
    (calibrated / "speech-calibration.json").write_text(json.dumps(stored))
    script = read_aloud(title="", html="<p>" + "một " * 100 + "</p>", language="vi")
    assert script.seconds == 60.0


def test_a_language_without_a_voice_keeps_the_setting(calibrated):
    with override_settings(VSS_SPEECH_SYLLABLES_PER_MINUTE=300):
        script = read_aloud(title="", html="<p>" + "ꪹꪀꪷ " * 300 + "</p>", language="blt-Tavt")
    assert script.seconds == 60.0
