import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("VSS_DATA_DIR", BASE_DIR / "data"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Channels are apps (docs/channels.md): VSS_CHANNELS lists the ones to enable, by kind
# (a built-in, channels/<kind>/) or by app path; every built-in one when unset.
BUILTIN_CHANNELS = "log,webhook,portal,facebook,vssid,loudspeaker,zalo,youtube"
CHANNEL_APPS = [name if "." in name else f"channels.{name}" for name in env_list("VSS_CHANNELS", BUILTIN_CHANNELS)]

INSTALLED_APPS = [
    "cms",
    "publishing",
    "reports",
    "plans",
    "demo",
    "channels",
    *CHANNEL_APPS,
    "media",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # SQLite needs a longer lock wait when the web process and the worker write at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the worker write while the web process reads; IMMEDIATE avoids
    # lock-upgrade deadlocks between them.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
         "transaction_mode": "IMMEDIATE"})
# A publish and the deliveries it writes commit together.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Languages -----------------------------------------------------------------
# The admin speaks Vietnamese (English as a choice). Content languages are data:
# cms/fixtures/languages.json lists each one with its BCP 47 tag, script and names;
# Wagtail needs them as a setting, so the setting is read from that file.
LANGUAGE_CODE = "vi"
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
# What Wagtail's and Django's own Vietnamese lack (the admin's screens, "N phút trước").
LOCALE_PATHS += [BASE_DIR / "cms" / "locale_wagtail"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

LANGUAGES_FIXTURE = Path(
    os.environ.get("VSS_LANGUAGES_FIXTURE", BASE_DIR / "cms" / "fixtures" / "languages.json")
)
with open(LANGUAGES_FIXTURE, encoding="utf-8") as _fh:
    _CONTENT_LANGUAGES = json.load(_fh)["languages"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [(lang["code"], lang["name_vi"]) for lang in _CONTENT_LANGUAGES]
# Wagtail wants content languages to be a subset of LANGUAGES; the admin itself is
# offered in Vietnamese and English only. No LocaleMiddleware: public pages (the
# radio operators') are Vietnamese whatever the browser asks for.
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# ASCII slugs ("ho-gia-dinh", not "hộ-gia-đình"): cms.text.vi_slugify on the server, and
# formatters on the editor's slug box (cms.models.pages.vietnamese_slug_input) in the browser.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# --- Static and media ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = os.environ.get("S3_BUCKET", "")
if AWS_STORAGE_BUCKET_NAME:
    # django-storages talks to S3 (or MinIO) through boto3.
    AWS_S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("S3_REGION", "us-east-1")
    AWS_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    AWS_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = env_bool("S3_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False
    # MinIO and most S3-compatible servers answer at one host name, with the bucket in the path.
    AWS_S3_ADDRESSING_STYLE = os.environ.get("S3_ADDRESSING_STYLE", "path" if AWS_S3_ENDPOINT_URL else "auto")
    # Signature V4 for presigned URLs: what AWS requires in newer regions and what MinIO expects.
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    _DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Renditions are embedded in posts and feeds for as long as those exist: never signed URLs.
    # Each under a random folder (media/s3.py): the bucket serves images/ to anyone.
    _RENDITION_STORAGE = {"BACKEND": "media.s3.RenditionS3Storage", "OPTIONS": {"querystring_auth": False}}
else:
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _RENDITION_STORAGE = _DEFAULT_STORAGE
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "renditions": _RENDITION_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Wagtail -------------------------------------------------------------------
WAGTAIL_SITE_NAME = "VSS Publisher"
# The address the public reaches this site at: signed links, API links and feeds are made from it.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL or os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["pdf", "mp4", "webm", "vtt", "docx", "txt", "mp3"]
WAGTAILDOCS_EXTENSIONS += ["xlsx", "pptx", "odt", "ods", "odp"]  # each checked by its structure (media/formats.py)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# An edit made while an item waits for approval restarts the approval: the
# approver must approve exactly what goes out.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.publish_approved_revision"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_RESET_ENABLED = env_bool("PASSWORD_RESET_ENABLED", False)
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Celery --------------------------------------------------------------------
# Without CELERY_BROKER_URL the broker is kombu's filesystem transport: no server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")


def filesystem_broker_options(folder):
    """kombu's filesystem transport: a folder instead of a broker server (publishing/broker.py)."""
    for sub in ("queue", "processed", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "control_folder": str(folder / "control"),
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "corrupt_folder": str(folder / "corrupt"),  # unreadable messages are moved here, never fatal
        "store_processed": False,
        "polling_interval": 0.05,  # the folder is polled; the default second would add a second per task
    }


CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(DATA_DIR / "broker")
    # Atomic writes, and a bad message file set aside rather than stopping the worker.
    CELERY_BROKER_TRANSPORT = "publishing.broker:Transport"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ROUTES = {"publishing.tasks.deliver": {"queue": "deliveries"}}
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_BEAT_SCHEDULE = {
    # Wagtail's go_live_at is honoured within seconds, not on an hourly cron.
    "publish-scheduled-pages": {
        "task": "publishing.tasks.publish_scheduled_pages",
        "schedule": float(os.environ.get("PUBLISH_SCHEDULED_EVERY", "5")),
        "options": {"expires": 30},
    },
    "dispatch-due-deliveries": {
        "task": "publishing.tasks.dispatch_due_deliveries",
        "schedule": float(os.environ.get("DISPATCH_EVERY", "2")),
    },
    "heartbeat": {
        "task": "publishing.tasks.heartbeat",
        "schedule": 10.0,
    },
}
# Each channel app adds the periodic tasks it declares (ChannelAppConfig.beat_schedule) when it is ready.
# Plans: reminders of the reporting deadlines, checked every few hours (each goes out once).
CELERY_BEAT_SCHEDULE["plans-report-reminders"] = {"task": "plans.tasks.send_report_reminders", "schedule": 4 * 3600.0}
CELERY_BEAT_SCHEDULER = "publishing.beat:HeartbeatScheduler"
# A worker's lease on a delivery is derived from its channel's timeout (docs/exactly-once.md);
# this is added for clock skew between hosts and pauses. Past the lease, the worker is taken for dead.
PUBLISHING_LEASE_MARGIN_SECONDS = float(os.environ.get("PUBLISHING_LEASE_MARGIN_SECONDS", "30"))
# Seconds an HTTP channel waits to connect (the read timeout is each destination's own).
CHANNEL_CONNECT_TIMEOUT_SECONDS = float(os.environ.get("CHANNEL_CONNECT_TIMEOUT_SECONDS", "5"))
# Facebook: the Graph API version and addresses every fanpage uses unless its settings say otherwise.
FACEBOOK_GRAPH_VERSION = os.environ.get("FACEBOOK_GRAPH_VERSION", "v25.0")
FACEBOOK_GRAPH_URL = os.environ.get("FACEBOOK_GRAPH_URL", "https://graph.facebook.com")
FACEBOOK_GRAPH_VIDEO_URL = os.environ.get("FACEBOOK_GRAPH_VIDEO_URL", "https://graph-video.facebook.com")
# seed_demo points the demo destinations at the stand-ins `make run` starts, on the ports each channel
# declares; DEMO_<KIND>_URL (DEMO_GRAPH_URL for fanpages) points them elsewhere (demo/standins.py).
# After its own delivery a task keeps working due ones for up to this long (0: off).
PUBLISHING_DRAIN_SECONDS = float(os.environ.get("PUBLISHING_DRAIN_SECONDS", "30"))
# Comma-separated Fernet keys, newest first; unset: derived from SECRET_KEY.
CHANNEL_SECRET_KEYS = env_list("CHANNEL_SECRET_KEYS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
# Mail: SMTP when EMAIL_HOST is set (EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS / EMAIL_USE_SSL); dev writes files to data/mail, tests keep them in memory.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1" if EMAIL_PORT == 587 else "0") == "1"
    EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# Wagtail's workflow mails (submitted, approved, sent back with the comment) with an HTML part,
# to the step's group and the submitter only: superusers are not every unit's approvers.
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# --- Project -------------------------------------------------------------------
VSS_DEMO_PASSWORD = os.environ.get("VSS_DEMO_PASSWORD", "Vss@2026-demo")
# Upload limits checked before a file is stored.
VSS_MAX_VIDEO_BYTES = int(os.environ.get("VSS_MAX_VIDEO_BYTES", str(500 * 1024 * 1024)))
VSS_MAX_PDF_BYTES = int(os.environ.get("VSS_MAX_PDF_BYTES", str(50 * 1024 * 1024)))

# --- VssID feed (channels/vssid) ------------------------------------------------------
# Where an entry's link opens the item in the app: an https universal link or an app scheme,
# with {uri}, {translation_key}, {language}, {slug}, {id}. A destination may set its own.
VSSID_DEEP_LINK_TEMPLATE = os.environ.get("VSSID_DEEP_LINK_TEMPLATE", "https://vssid.baohiemxahoi.gov.vn/news/{uri}")
VSSID_HOME_PAGE_URL = os.environ.get("VSSID_HOME_PAGE_URL", "https://baohiemxahoi.gov.vn/")
VSSID_FEED_ICON = os.environ.get("VSSID_FEED_ICON", "")
VSSID_FEED_SIZE = int(os.environ.get("VSSID_FEED_SIZE", "30"))  # items per page (JSON Feed) or in the RSS
VSSID_FEED_MAX_AGE = int(os.environ.get("VSSID_FEED_MAX_AGE", "60"))  # seconds, Cache-Control max-age
VSSID_WITHDRAWN_DAYS = int(os.environ.get("VSSID_WITHDRAWN_DAYS", "30"))  # withdrawals listed this long
VSSID_EXTENSION_ABOUT = os.environ.get("VSSID_EXTENSION_ABOUT", WAGTAILADMIN_BASE_URL.rstrip("/") + "/feeds/vssid/")

# --- Media: upload checks and channel renditions (media/) -------------------------
# Every upload path of the admin runs the project's checks (media/forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "media.forms.SafeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "media.forms.SafeDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif", "avif"]  # no SVG: it can carry scripts
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("VSS_MAX_IMAGE_BYTES", str(20 * 1024 * 1024)))
# Checked from the file's header before decoding; also Pillow's limit for every decode.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("VSS_MAX_IMAGE_PIXELS", str(40_000_000)))
WAGTAILIMAGES_RENDITION_STORAGE = "media.storage.rendition_storage"
VSS_MAX_DOCUMENT_BYTES = int(os.environ.get("VSS_MAX_DOCUMENT_BYTES", str(50 * 1024 * 1024)))
# The browser refuses bigger files before sending them; each kind's own limit is checked on the server.
WAGTAILDOCS_MAX_UPLOAD_SIZE = max(VSS_MAX_VIDEO_BYTES, VSS_MAX_PDF_BYTES, VSS_MAX_DOCUMENT_BYTES)
# How long a signed URL to a private file (media.storage.signed_url) works.
VSS_SIGNED_URL_SECONDS = int(os.environ.get("VSS_SIGNED_URL_SECONDS", "3600"))
# Encoder effort of the rendition pipeline: libavif speed 0-10 (Pillow's default 6 takes three to
# four times as long, for files within a few per cent), WebP method 0-6 (Pillow's default 4).
VSS_AVIF_SPEED = int(os.environ.get("VSS_AVIF_SPEED", "8"))
VSS_WEBP_METHOD = int(os.environ.get("VSS_WEBP_METHOD", "4"))
# Renditions of one image are encoded in parallel threads (Pillow releases the GIL).
VSS_RENDITION_THREADS = int(os.environ.get("VSS_RENDITION_THREADS", "2"))

# --- Read-aloud scripts (channels/loudspeaker/speech, .../exports) ---------------------
# Reading rate for the duration estimate and the MP3 voice; Vietnamese read speech runs at 250-310.
VSS_SPEECH_SYLLABLES_PER_MINUTE = int(os.environ.get("VSS_SPEECH_SYLLABLES_PER_MINUTE", "270"))
# The MP3 export's speech synthesiser (optional: apt-get install espeak-ng) and how long it may run.
VSS_ESPEAK_NG = os.environ.get("VSS_ESPEAK_NG", "espeak-ng")
VSS_ESPEAK_TIMEOUT_SECONDS = int(os.environ.get("VSS_ESPEAK_TIMEOUT_SECONDS", "120"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail 8 runs search and reference-index updates as django-tasks; one
        # INFO line per task drowns everything else.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        # "No hostname was supplied": the embedded filesystem:// broker has none, by design.
        "kombu.connection": {"level": "ERROR"},
    },
}

# --- Headless API (cms/api/) -------------------------------------------------------
INSTALLED_APPS += ["wagtail.api.v2", "drf_spectacular", "drf_spectacular_sidecar"]
# A still-current conditional read of the API is answered before the rest of the stack.
MIDDLEWARE.insert(0, "cms.api.middleware.ConditionalReadMiddleware")
REST_FRAMEWORK = {
    # Wagtail's own API tokens (hashed at rest, managed under Settings → API tokens or
    # `manage.py api_tokens`) as bearer tokens; the admin's session for the browser.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cms.api.auth.APITokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cms.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Proxies in front of the app (1 behind one load balancer): without it, throttling
    # trusted any X-Forwarded-For a client sent and a new value escaped the anonymous limit.
    "NUM_PROXIES": int(os.environ.get("VSS_NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "VSS Publisher content API",
    "DESCRIPTION": "Approved content of Vietnam Social Security's communication staff, for portals, apps and partners.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Wagtail's stock /api/v2/ documents itself; the schema covers the project's own endpoints.
    "PREPROCESSING_HOOKS": ["cms.api.schema.only_project_endpoints"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Public reads: how long a client or a shared cache may reuse an answer without asking
# again (0: always revalidate, answered by a cheap 304 while nothing changed).
VSS_API_CACHE_SECONDS = int(os.environ.get("VSS_API_CACHE_SECONDS", "0"))
# Requests a client may make (per IP without a token, per user with one); empty: no limit.
VSS_API_ANON_RATE = os.environ.get("VSS_API_ANON_RATE", "600/min")
VSS_API_USER_RATE = os.environ.get("VSS_API_USER_RATE", "6000/min")
VSS_API_PAGE_SIZE = int(os.environ.get("VSS_API_PAGE_SIZE", "20"))
VSS_API_MAX_PAGE_SIZE = int(os.environ.get("VSS_API_MAX_PAGE_SIZE", "100"))
# How long a draft preview link (POST /api/preview/tokens/) works.
VSS_PREVIEW_TOKEN_SECONDS = int(os.environ.get("VSS_PREVIEW_TOKEN_SECONDS", "3600"))
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = VSS_API_MAX_PAGE_SIZE

# --- Login protection (cms/lockout.py, cms/two_factor.py; docs/security.md) ---------------
# django-axes counts failed logins on every login form (admin, radio, Django admin) and locks
# out a login name and, separately, an address after AXES_FAILURE_LIMIT failures, for
# AXES_COOLOFF_TIME. A superuser unlocks under /django-admin/axes/ (delete the attempt).
import datetime as _datetime  # noqa: E402

INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "cms.two_factor.TwoFactorMiddleware")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as axes asks
AXES_FAILURE_LIMIT = int(os.environ.get("VSS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = _datetime.timedelta(minutes=int(os.environ.get("VSS_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: a name, or an address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.lockout.lockout_response"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("VSS_NUM_PROXIES", "0")) or None
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# Two-factor authentication (TOTP apps, with one-time recovery codes) for staff; required
# of approvers and of those who manage channel destinations when this is on.
VSS_2FA_REQUIRED = env_bool("VSS_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = os.environ.get("VSS_2FA_ISSUER", "BHXH VSS Publisher")
# Error reports (DEBUG pages, mails to ADMINS) with secret fields blanked (cms/error_reports.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "cms.error_reports.SecretScrubbingFilter"
