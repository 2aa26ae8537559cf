"""Settings for tipnet, read from the environment with safe defaults.

Development defaults: SQLite and generated secrets under ``var/``. Production sets
``DATABASE_URL``, ``SECRET_KEY`` (or ``SECRET_KEY_FILE``), ``ALLOWED_HOSTS`` and
``TIPNET_ENCRYPTION_KEYS`` (or ``TIPNET_ENCRYPTION_KEYS_FILE``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from tipnet.secrets import read_or_create_secret, secret_from_env

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("TIPNET_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
TESTING = env_bool("TIPNET_TESTING")

SECRET_KEY = secret_from_env("SECRET_KEY") or read_or_create_secret(VAR_DIR / "secret_key", 50)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Its widget templates, so that templates/django/forms/ can write a date beside a date input.
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "tipnet.core",
    "tipnet.geo",
    "tipnet.accounts",
    "tipnet.audit",
    "tipnet.people",
    "tipnet.cases",
    "tipnet.synth",
    "tipnet.protection",
    "tipnet.prevention",
    "tipnet.community",
    "django_tasks",
    "django_tasks_db",
    "tipnet.jobs",
    "tipnet.reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed (provincial offices and village phones pay for every kilobyte);
    # static files come compressed from WhiteNoise above. Django's gzip adds random padding
    # against BREACH, and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    # After WhiteNoise: every response the application makes, not the static files.
    "tipnet.core.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tipnet.core.sessions.SlidingSessionMiddleware",
    # django-otp's, deciding from the user's devices loaded with the user (one query less).
    "tipnet.accounts.middleware.OTPMiddleware",
    "tipnet.accounts.middleware.UserLanguageMiddleware",
    "tipnet.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tipnet.urls"
# Form widgets render through TEMPLATES, so templates/django/forms/widgets/ overrides Django's.
# The plain input boxes are written directly while their templates are Django's own
# (core/forms_renderer.py).
FORM_RENDERER = "tipnet.core.forms_renderer.QuickInputsRenderer"
WSGI_APPLICATION = "tipnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tipnet.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tipnet.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short interactive queries: PostgreSQL's JIT compiler costs them 30-40 ms and gains
    # nothing, and on SSD storage an index lookup costs about what a sequential read does
    # (random_page_cost 1.1 instead of 4), so the planner joins through indexes where it
    # should (docs/performance.md). DB_OPTIONS replaces these.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", os.environ.get("DB_OPTIONS", "-c jit=off -c random_page_cost=1.1")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The pipeline's covering index (INCLUDE) is PostgreSQL's; SQLite builds it without the included
# columns, which is all the demo needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tipnet.accounts.backends.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures (django-axes; tipnet.accounts.lockout): failures are counted
# for a username from one address, for an address over all usernames, and for a username over
# all addresses, each with its own limit (docs/security.md).
AXES_FAILURE_LIMIT = int(os.environ.get("TIPNET_LOGIN_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
TIPNET_LOCKOUT_LIMITS = [
    AXES_FAILURE_LIMIT,
    int(os.environ.get("TIPNET_ADDRESS_FAILURE_LIMIT", str(4 * AXES_FAILURE_LIMIT))),
    int(os.environ.get("TIPNET_USERNAME_FAILURE_LIMIT", str(4 * AXES_FAILURE_LIMIT))),
]
AXES_HANDLER = "tipnet.accounts.lockout.PerParameterLimitHandler"
AXES_COOLOFF_TIME = float(os.environ.get("TIPNET_LOCKOUT_HOURS", "0.5"))
# Tries while locked out are refused unchecked and not counted: one address cannot push a
# username's count over its limit alone.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client's address as the audit trail sees it (behind TIPNET_PROXY_COUNT proxies).
AXES_CLIENT_IP_CALLABLE = "tipnet.core.actor.client_ip"
# django-axes keeps each failure's GET and POST data; mask every secret tipnet's forms post
# (a wrong old password, the new ones, codes) and the "next" address (it may carry a search).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "old_password", "new_password1",
                             "new_password2", "token", "current_token", "next",
                             "csrfmiddlewaretoken"]  # fmt: skip
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("TIPNET_LOCKOUT", True)

# Idle session timeout: every request pushes the expiry forward.
SESSION_COOKIE_AGE = int(os.environ.get("TIPNET_SESSION_MINUTES", "30")) * 60
# The idle time-out slides forward at most once a minute (core/sessions.py), not with a write
# on every request.
SESSION_SAVE_EVERY_REQUEST = False
# Django's database sessions, read with one plain statement (core/sessions.py).
SESSION_ENGINE = "tipnet.core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Two-factor authentication is required for roles that see victims' identities.
TIPNET_ENFORCE_2FA = env_bool("TIPNET_ENFORCE_2FA", True)
OTP_TOTP_ISSUER = "tipnet"

LANGUAGE_CODE = "km"
LANGUAGES = [("km", _("Khmer")), ("en", _("English"))]
# Ours first, then our Khmer supplement to Django's own half-translated catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
LANGUAGE_COOKIE_NAME = "tipnet_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Uploads: refuse anything larger with a clear message (see tipnet.core.views.bad_request).
TIPNET_MAX_UPLOAD_MB = int(os.environ.get("TIPNET_MAX_UPLOAD_MB", "10"))
DATA_UPLOAD_MAX_MEMORY_SIZE = TIPNET_MAX_UPLOAD_MB * 1024 * 1024
# Prevention: an activity photo larger than this (bytes) is refused (prevention/photos.py).
TIPNET_PHOTO_MAX_BYTES = int(os.environ.get("TIPNET_PHOTO_MAX_BYTES", str(10 * 1024 * 1024)))

# Prevention: a trained participant is due for a refresher training this many days later.
TIPNET_REFRESHER_DAYS = int(os.environ.get("TIPNET_REFRESHER_DAYS", "90"))
# A migrant of the village register not reached for this many days is flagged (community).
TIPNET_COMMUNITY_LOST_CONTACT_DAYS = int(os.environ.get("TIPNET_COMMUNITY_LOST_CONTACT_DAYS", "60"))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Field-level encryption keys: "id:base64key,id:base64key", newest first.
TIPNET_ENCRYPTION_KEYS = secret_from_env("TIPNET_ENCRYPTION_KEYS") or read_or_create_secret(
    VAR_DIR / "encryption_keys", kind="aes-keyring"
)
TIPNET_BLIND_INDEX_KEY = secret_from_env("TIPNET_BLIND_INDEX_KEY") or read_or_create_secret(
    VAR_DIR / "blind_index_key", 32
)
# Audit chain: HMAC-SHA256 keys "id:base64key,...", newest first (the older ones verify the
# events they sealed); the exported chain heads (anchors) go to a file outside the database
# and to the "tipnet.audit.anchors" logger (syslog at TIPNET_AUDIT_SYSLOG, e.g. /dev/log).
TIPNET_AUDIT_KEYS = secret_from_env("TIPNET_AUDIT_KEYS") or read_or_create_secret(
    VAR_DIR / "audit_keys", kind="aes-keyring"
)
TIPNET_AUDIT_ANCHOR_DIR = Path(os.environ.get("TIPNET_AUDIT_ANCHOR_DIR", VAR_DIR / "audit_anchors"))
TIPNET_AUDIT_SYSLOG = os.environ.get("TIPNET_AUDIT_SYSLOG", "")
# Audited writes are spread over this many chains so that they do not queue on one head row
# (docs/operations.md); SQLite has one writer at a time anyway.
TIPNET_AUDIT_CHAINS = int(
    os.environ.get(
        "TIPNET_AUDIT_CHAINS",
        "16" if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else "1",
    )
)

# Victim protection: follow-up visits after reintegration, and the standard for assessments.
# Email (the daily digest): Django's console backend unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tipnet <tipnet@localhost>")
# A forgotten password by email (accounts/views_reset.py); off: only administrators reset.
TIPNET_PASSWORD_RESET_BY_EMAIL = env_bool("TIPNET_PASSWORD_RESET_BY_EMAIL", False)
PASSWORD_RESET_TIMEOUT = 3600  # a reset link works for one hour
# Where links in emails point (the address users open tipnet at).
TIPNET_BASE_URL = os.environ.get("TIPNET_BASE_URL", "http://127.0.0.1:8000")
# Overdue follow-up visits and unanswered referrals reach the supervisors after this many days.
TIPNET_ESCALATE_AFTER_DAYS = int(os.environ.get("TIPNET_ESCALATE_AFTER_DAYS", "14"))
TIPNET_FOLLOWUP_INTERVAL_DAYS = int(os.environ.get("TIPNET_FOLLOWUP_INTERVAL_DAYS", "90"))
TIPNET_ASSESSMENT_WITHIN_DAYS = int(os.environ.get("TIPNET_ASSESSMENT_WITHIN_DAYS", "30"))

# Background jobs (docs/jobs.md): django-tasks with its database backend, run by `tipnet worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker writes a heartbeat this often; a worker silent for three of them is taken as dead and
# its jobs as interrupted (retried if safe, else failed).
TIPNET_JOB_HEARTBEAT_SECONDS = float(os.environ.get("TIPNET_JOB_HEARTBEAT_SECONDS", "10"))
# A court import of a file this large, or of this many rows, runs as a job with a progress page.
TIPNET_IMPORT_JOB_BYTES = int(os.environ.get("TIPNET_IMPORT_JOB_BYTES", str(256 * 1024)))
TIPNET_IMPORT_JOB_ROWS = int(os.environ.get("TIPNET_IMPORT_JOB_ROWS", "2000"))
# Bounds on one import, so a hostile file cannot tie up the job runner: the cells read (blank ones
# too; 3,400,000 is 100,000 full rows of the 34-column template) and the seconds spent reading and
# checking.
TIPNET_IMPORT_MAX_CELLS = int(os.environ.get("TIPNET_IMPORT_MAX_CELLS", "3400000"))
TIPNET_IMPORT_MAX_SECONDS = float(os.environ.get("TIPNET_IMPORT_MAX_SECONDS", "300"))

# How many reverse proxies in front of tipnet append to X-Forwarded-For (0: none, trust nothing).
TIPNET_PROXY_COUNT = int(os.environ.get("TIPNET_PROXY_COUNT", "0"))

CSRF_FAILURE_VIEW = "tipnet.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True) and not TESTING
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True) and not TESTING
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "tipnet.audit.anchors": {"level": "INFO", "handlers": ["console"], "propagate": False}
    },
}
if TIPNET_AUDIT_SYSLOG:
    _host, _sep, _port = TIPNET_AUDIT_SYSLOG.rpartition(":")
    LOGGING["handlers"]["syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": (_host, int(_port)) if _host and _port.isdigit() else TIPNET_AUDIT_SYSLOG,
        "facility": "auth",
    }
    LOGGING["loggers"]["tipnet.audit.anchors"]["handlers"].append("syslog")
