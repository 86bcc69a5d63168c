from .base import *  # noqa: F401,F403
from .base import DATA_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = ["*"]
# Notification mails (submitted, approved, sent back) land as files in data/mail.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "mail"
