import os
import tempfile

from .base import *  # noqa: F401,F403
from .base import CELERY_BROKER_URL, DATA_DIR, DATABASES, filesystem_broker_options

DEBUG = False
SECRET_KEY = "test-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="vss-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = tempfile.mkdtemp(prefix="vss-test-static-")

# A file, not memory, so a Celery worker started by the tests shares the database.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}
# The tests' own broker folder, apart from `make run`'s.
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(DATA_DIR / "test-broker")
PUBLISHING_LEASE_MARGIN_SECONDS = float(os.environ.get("PUBLISHING_LEASE_MARGIN_SECONDS", "30"))

# Duration estimates at the fixed VSS_SPEECH_SYLLABLES_PER_MINUTE, whether or not espeak-ng is installed
# (tests of the calibration turn it on).
VSS_SPEECH_CALIBRATE = False
