"""Parley's one settings file: every value comes from the environment (see docs/configuration.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from parley.paths import data_dir

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (for Docker/systemd secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DATA_DIR = data_dir()
DEBUG = env_bool("PARLEY_DEBUG", False)
HTTPS = env_bool("PARLEY_HTTPS", False)

SECRET_KEY = env_secret("PARLEY_SECRET_KEY")
if not SECRET_KEY:
    # A stable per-installation key kept beside the data, so sessions survive restarts
    # without asking a newcomer to configure anything.
    _key_file = DATA_DIR / "secret_key"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()
    else:
        from django.core.management.utils import get_random_secret_key

        SECRET_KEY = get_random_secret_key()
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(SECRET_KEY, encoding="utf-8")
        _key_file.chmod(0o600)

ALLOWED_HOSTS = [h.strip() for h in env_str("PARLEY_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env_str("PARLEY_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "parley.ratelimit",
    "parley.documents",
    "parley.ledger",
    "parley.dialogues",
    "parley.proposals",
    "parley.joint",
    "parley.moderation",
    "parley.checkpoints",
    "parley.publicrecord",
    "parley.analysis",
    "parley.translations",
    "parley.reports",
    "parley.notifications",
    "parley.stand",
    "parley.seeds",
    "parley.meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "parley.middleware.QueryHygieneMiddleware",
    "parley.middleware.ActionErrorMiddleware",
    "parley.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "parley.urls"
WSGI_APPLICATION = "parley.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parley.proposals.context_processors.glossary",
                "parley.notifications.context_processors.awaiting",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "parley.sqlite3")}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 60
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dialogues:home"
LOGOUT_REDIRECT_URL = "dialogues:home"

# Languages: English, Azerbaijani (Latin script), Armenian, Russian.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("az", "Azərbaycanca"), ("hy", "Հայերեն"), ("ru", "Русский")]
# The second path holds Parley's corrections of Django's own catalogs (parley/i18n.py compiles both).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

# Security: strict cookies, no third-party origins, no IP addresses in logs.
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: a return link opened from a messaging app must find its session after the redirect.
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_AGE = 60 * 60 * 24 * 180
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = HTTPS and env_bool("PARLEY_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("PARLEY_BEHIND_PROXY", False) else None

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The public record: the name that identifies this server in checkpoints (its host name, ideally),
# and the server's Ed25519 signing key (generated beside the data on first use).
SITE_NAME = env_str("PARLEY_SITE_NAME", "parley.localhost")
SERVER_KEY_FILE = Path(env_str("PARLEY_SERVER_KEY_FILE", str(DATA_DIR / "server_ed25519.pem")))

# Seconds to wait after a vote before analysing, so that one run covers a burst of votes.
ANALYSIS_DEBOUNCE_SECONDS = env_int("PARLEY_ANALYSIS_DEBOUNCE", 10)
# Totals-only dialogues publish votes in batches of at least this many distinct voters per side.
TALLY_MIN_VOTERS = max(1, env_int("PARLEY_TALLY_MIN_VOTERS", 10))

# Machine translation of statements (docs/configuration.md, "Machine translation"):
# none | libretranslate | openai | ctranslate2 | demo.
TRANSLATION_BACKEND = env_str("PARLEY_TRANSLATION_BACKEND", "none")
TRANSLATION_URL = env_str("PARLEY_TRANSLATION_URL")
TRANSLATION_KEY = env_secret("PARLEY_TRANSLATION_KEY")
TRANSLATION_MODEL = env_str("PARLEY_TRANSLATION_MODEL")
TRANSLATION_MODEL_DIR = env_str("PARLEY_TRANSLATION_MODEL_DIR")
TRANSLATION_TIMEOUT = max(1, env_int("PARLEY_TRANSLATION_TIMEOUT", 30))
# Attempts per statement and language before giving up; waits between them double from the base.
TRANSLATION_ATTEMPTS = max(1, env_int("PARLEY_TRANSLATION_ATTEMPTS", 5))
TRANSLATION_RETRY_SECONDS = max(1, env_int("PARLEY_TRANSLATION_RETRY_SECONDS", 30))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "parley"}}

# Writes per participant per minute before Parley asks them to slow down.
RATE_LIMIT_WRITES_PER_MINUTE = env_int("PARLEY_RATE_LIMIT", 60)
# On PostgreSQL, a vote commits with a pending record entry and the request then moves every pending
# entry of the dialogue into the record at once (group commit); off: each vote appends under the lock.
RECORD_GROUP_COMMIT = env_bool("PARLEY_RECORD_GROUP_COMMIT", True)

# Backpressure in `parley serve` (parley/server.py): requests waiting for a thread, per worker process,
# beyond which a request is answered 503 at once; and how long one may wait before it is answered 503 unrun.
SERVER_QUEUE = max(1, env_int("PARLEY_SERVER_QUEUE", 32))
SERVER_QUEUE_TIMEOUT = max(1, env_int("PARLEY_SERVER_QUEUE_TIMEOUT", 5))

# Notifications (docs/configuration.md, "Notifications"): links in e-mail and webhook events start with
# PUBLIC_URL; e-mail goes through Django's SMTP backend; webhooks wait WEBHOOK_TIMEOUT seconds.
PUBLIC_URL = env_str("PARLEY_PUBLIC_URL", "http://127.0.0.1:8000")
EMAIL_HOST = env_str("PARLEY_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PARLEY_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("PARLEY_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("PARLEY_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("PARLEY_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("PARLEY_EMAIL_SSL", False)
EMAIL_TIMEOUT = max(1, env_int("PARLEY_EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = env_str("PARLEY_EMAIL_FROM", "parley@localhost")
WEBHOOK_TIMEOUT = max(1, env_int("PARLEY_WEBHOOK_TIMEOUT", 5))
WEBHOOK_ALLOW_PRIVATE = env_bool("PARLEY_WEBHOOK_ALLOW_PRIVATE", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"hide_tokens": {"()": "parley.logfilters.HideTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["hide_tokens"]}},
    "root": {"handlers": ["console"], "level": env_str("PARLEY_LOG_LEVEL", "INFO")},
    # Django's request logger can print client addresses on errors; keep it to warnings with no IPs.
    "loggers": {
        "django.server": {"handlers": [], "propagate": False},
        # 403s and 404s are ordinary here (private pages, expired links); log only real errors.
        "django.request": {"level": "ERROR"},
    },
}
