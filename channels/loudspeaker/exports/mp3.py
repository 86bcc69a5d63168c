"""The MP3 export: the script spoken offline by espeak-ng's Vietnamese voice, encoded with LAME.

espeak-ng is a Debian package (``apt-get install espeak-ng``), not a PyPI one, so
it is optional: without it tts_available() is False and mp3_bytes raises
ExportUnavailable. It reads at the same rate as the duration estimate
(VSS_SPEECH_SYLLABLES_PER_MINUTE, converted to espeak-ng's own speed unit), so
the file lasts about as long as the estimate says. It writes a WAV
file to stdout, which lameenc (LAME, from PyPI) turns into a mono MP3.

Only Vietnamese scripts get an MP3: espeak-ng has no voice for Khmer, Cham, Tai Viet
or the Latin-script ethnic languages, and a Vietnamese voice reading them would be
wrong; their operators read the text, PDF or Word file aloud.
"""

import io
import logging
import shutil
import subprocess
import wave

import lameenc
from django.conf import settings

from channels.loudspeaker.exports.errors import ExportFailed, ExportUnavailable
from channels.loudspeaker.speech.duration import syllables_per_minute

logger = logging.getLogger(__name__)

ESPEAK_MIN_RATE, ESPEAK_MAX_RATE = 80, 450  # espeak-ng's accepted -s range
# espeak-ng's -s counts English-sized words; its Vietnamese voice says about 1.45 syllables for
# each (measured with espeak-ng 1.51: 64 syllables took 17.6 s at -s 150, 13.8 s at 190, 9.8 s at 270).
ESPEAK_SYLLABLES_PER_WORD = 1.45
BIT_RATE_KBPS = 48  # speech, mono: small enough for a slow line, clear on a loudspeaker
VOICES = {"vi": "vi"}


def _binary():
    return shutil.which(getattr(settings, "VSS_ESPEAK_NG", "espeak-ng"))


def tts_available() -> bool:
    """True when espeak-ng is installed, so MP3 exports of Vietnamese scripts can be made."""
    return _binary() is not None


def _voice(language):
    return VOICES.get((language or "").split("-")[0].lower())


def _speed():
    return max(ESPEAK_MIN_RATE, min(ESPEAK_MAX_RATE, round(syllables_per_minute() / ESPEAK_SYLLABLES_PER_WORD)))


def wav_seconds(wav_bytes):
    channels, rate, frames = _pcm(wav_bytes)
    return len(frames) / (2 * channels * rate)


def calibrated_syllables_per_minute(language="vi"):
    """The voice's measured reading rate for ``language``, or None when there is no voice (the estimate then
    uses VSS_SPEECH_SYLLABLES_PER_MINUTE)."""
    from channels.loudspeaker.exports.calibration import measured_rate

    voice, binary = _voice(language), _binary()
    if voice is None or binary is None or not getattr(settings, "VSS_SPEECH_CALIBRATE", True):
        return None
    try:
        return measured_rate(binary=binary, voice=voice, speed=_speed(),
                             speak=lambda text: wav_seconds(speech_wav(text, language=language)))
    except (ExportFailed, ExportUnavailable) as exc:
        logger.warning("speech calibration failed: %s", exc)
        return None


def speech_wav(text, *, language="vi"):
    """``text`` spoken by espeak-ng, as WAV bytes."""
    binary = _binary()
    if binary is None:
        raise ExportUnavailable("MP3 needs espeak-ng, which is not installed on this server "
                                "(Debian/Ubuntu: apt-get install espeak-ng).")
    voice = _voice(language)
    if voice is None:
        raise ExportUnavailable(f"No offline voice for {language!r}: espeak-ng speaks only Vietnamese of the "
                                "script languages; read the TXT, PDF or DOCX export aloud.")
    rate = _speed()
    timeout = getattr(settings, "VSS_ESPEAK_TIMEOUT_SECONDS", 120)
    # The text goes in on stdin, never as an argument: no length limit, nothing read as an option.
    command = [binary, "-v", voice, "-s", str(rate), "--stdin", "--stdout", "-b", "1"]
    try:
        result = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, timeout=timeout,
                                check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExportFailed(f"espeak-ng did not finish within {timeout} s "
                                "(VSS_ESPEAK_TIMEOUT_SECONDS); the script may be too long.") from exc
    except OSError as exc:
        raise ExportUnavailable(f"espeak-ng could not be started: {exc}") from exc
    if result.returncode != 0 or not result.stdout.startswith(b"RIFF"):
        logger.warning("espeak-ng failed: exit=%s stderr=%r", result.returncode, result.stderr[-300:])
        raise ExportFailed(f"espeak-ng failed (exit code {result.returncode}).")
    return result.stdout


def _pcm(wav_bytes):
    """Channels, sample rate and 16-bit PCM frames of espeak-ng's WAV.

    espeak-ng writes to a pipe, so it cannot go back to fill in the RIFF sizes: they
    are left at 0x7fffffff or so. The frames are simply everything after the header.
    """
    with wave.open(io.BytesIO(wav_bytes)) as reader:
        channels, width, rate = reader.getnchannels(), reader.getsampwidth(), reader.getframerate()
        header_end = wav_bytes.index(b"data") + 8
    if width != 2:
        raise ExportUnavailable(f"espeak-ng wrote {width * 8}-bit audio; 16-bit was expected.")
    frames = wav_bytes[header_end:]
    return channels, rate, frames[: len(frames) - len(frames) % (2 * channels)]


def mp3_bytes(script):
    text = "\n\n".join(f"{block.rstrip('.!?…:;,')}." for block in (script.title, *script.paragraphs) if block)
    channels, rate, frames = _pcm(speech_wav(text, language=script.language))
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE_KBPS)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(channels)
    encoder.set_quality(5)
    data = encoder.encode(frames) + encoder.flush()
    logger.info("mp3 made: language=%s syllables=%s bytes=%s", script.language, script.syllables, len(data))
    return bytes(data)
