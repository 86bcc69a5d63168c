"""The synthesiser's real reading rate, measured once per voice and language and cached.

The duration estimate assumed 270 syllables a minute; espeak-ng's Vietnamese voice,
asked for that rate, reads 249-260 (its pauses at commas and full stops are its own).
So the rate is measured: a calibration text of bulletin sentences (normalised, as the
scripts are) is spoken once, its syllables counted and its audio timed. The result is
kept per espeak-ng version, voice and speed setting in DATA_DIR/speech-calibration.json
(and in memory), so each server measures once; a new espeak-ng measures again.
"""

import json
import logging
import subprocess
import threading
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

CALIBRATION_TEXT = (
    "Kính thưa bà con, từ ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi lăm, mức lương cơ sở tăng lên "
    "hai triệu ba trăm bốn mươi nghìn đồng mỗi tháng. Người tham gia bảo hiểm y tế hộ gia đình đóng bốn phẩy năm "
    "phần trăm mức lương cơ sở. Mọi thắc mắc xin gọi tổng đài một chín không không, chín không sáu tám, hoặc đến "
    "ủy ban nhân dân xã. Tham gia bảo hiểm xã hội tự nguyện là để được hưởng lương hưu khi về già, được ngân sách "
    "nhà nước hỗ trợ một phần mức đóng. Hồ sơ gồm một tờ khai và hai ảnh ba nhân bốn, nộp tại bảo hiểm xã hội "
    "huyện trước ngày ba mươi tháng sáu."
)
_lock = threading.Lock()
_memory = {}


def _cache_path():
    return Path(getattr(settings, "DATA_DIR", Path("data"))) / "speech-calibration.json"


def _version(binary):
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, timeout=10, check=False).stdout
    except OSError:
        return "unknown"
    return out.decode("utf-8", "replace").split("Data at")[0].strip()


def measured_rate(*, binary, voice, speed, speak):
    """Syllables a minute that ``speak(text) -> seconds`` reads at espeak-ng's ``speed``; measured once, cached."""
    from channels.loudspeaker.speech.duration import syllable_count

    key = f"{_version(binary)}|{voice}|{speed}"
    with _lock:
        if key in _memory:
            return _memory[key]
        path = _cache_path()
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        if key not in stored:
            seconds = speak(CALIBRATION_TEXT)
            stored[key] = round(syllable_count(CALIBRATION_TEXT) * 60 / seconds, 2)
            logger.info("speech calibrated voice=%s speed=%s syllables_per_minute=%s", voice, speed, stored[key])
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(stored, indent=1, sort_keys=True), encoding="utf-8")
            except OSError as exc:  # a read-only data dir: keep the figure in memory only
                logger.warning("speech calibration not stored: %s", exc)
        _memory[key] = stored[key]
        return stored[key]
