"""ratsflow settings. Every value that differs between machines comes from the environment,
read here and nowhere else (see README, "Configuration")."""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import unquote

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# Every variable is read through django-environ. Booleans: 1/true/yes/on are true (and, for
# django-environ, y, ok and any non-zero number); an empty value means the default.
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# Straight from env.ENVIRON, without django-environ's "proxied values": env.str() would take a
# key that starts with "$" (one of get_random_secret_key()'s characters) for the name of
# another variable to read instead.
SECRET_KEY = env.ENVIRON.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-for-DEBUG-mode"

# Comma-separated; blanks around a name are dropped, an empty list means the default.
ALLOWED_HOSTS = [
    host.strip() for host in env.list("ALLOWED_HOSTS", default=[]) if host.strip()
] or (["127.0.0.1", "localhost"] if DEBUG else [])


def refuse_unsafe_production(*, debug: bool, secret_key: str, allowed_hosts: list[str]) -> None:
    """Raise ImproperlyConfigured when a non-DEBUG start-up would be unsafe."""
    if debug:
        return
    problems = []
    if not secret_key:
        problems.append("SECRET_KEY is not set (required when DEBUG is off)")
    elif len(secret_key) < 32 or secret_key.startswith("insecure-"):
        problems.append("SECRET_KEY is too short or a development key (use 32+ random characters)")
    if not allowed_hosts:
        problems.append("ALLOWED_HOSTS is empty (list the host names this site answers to)")
    elif "*" in allowed_hosts:
        problems.append("ALLOWED_HOSTS contains '*' (list the real host names)")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with an unsafe production configuration:\n  - "
            + "\n  - ".join(problems)
            + "\nSet DEBUG=1 for local development, or fix the settings above."
        )


refuse_unsafe_production(debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)

INSTALLED_APPS = [
    "config.admin.AdministrationAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "workflow",
    "documents",
    "notifications",
    "oparl",
    "portal",
    "staff",
    "ui",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last: turns a login refused for too many failures into the 429 page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "ui.context_processors.site_body",
            ],
        },
    },
]

# An empty DATABASE_URL means the default too (SQLite in the checkout, what `make demo` uses).
_database = env.db_url_config(
    env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
)
# A Unix socket as a percent-encoded host (postgres://%2Frun%2Fpostgresql/ratsflow), which
# django-environ leaves encoded.
_database["HOST"] = unquote(_database["HOST"])
_database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES = {"default": _database}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # first: refuses every password login of a locked account or address (config/login_throttle.py)
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]

# Login throttling (django-axes, config/login_throttle.py): an account is locked after
# LOGIN_FAILURE_LIMIT failed logins from anywhere, an address after LOGIN_ADDRESS_FAILURE_LIMIT
# for any accounts; failures older than LOGIN_COOLOFF_MINUTES no longer count, so the lockout
# ends by itself. Behind reverse proxies, TRUSTED_PROXY_COUNT says how many append to
# X-Forwarded-For (otherwise every client would share the proxy's address).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_HANDLER = "config.login_throttle.LoginThrottle"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
# Knocking on during a lockout does not prolong it (or an attacker could keep an account
# locked for good); a success forgets the account's failures.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.login_throttle.client_address"
AXES_LOCKOUT_CALLABLE = "config.login_throttle.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Successful logins are not recorded: throttling does not need them.
AXES_DISABLE_ACCESS_LOG = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:workspace"
LOGOUT_REDIRECT_URL = "login"

MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads larger than this are refused (MAX_UPLOAD_MB, default 50).
DOCUMENTS_MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_MB", default=50) * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.handle",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ratsflow staff API",
    "DESCRIPTION": "Service actions of the Sitzungsdienst and the departments. Errors are "
    "RFC 9457 problem details with the reason an action was refused.",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # request bodies of their own: a required text is stated with minLength 1
    "COMPONENT_SPLIT_REQUEST": True,
    # every operation's problem responses (400/401/403/404/409/415/422) and path ids
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
}

# Mail: EMAIL_URL (django-environ's email_url), default the console. The schemes the README
# lists that django-environ names otherwise, and what they are in its terms:
_EMAIL_URL_ALIASES = {
    "console": "consolemail://",
    "locmem": "memorymail://",
    # django-environ drops the first "/" of the path: file:///dir is filemail:////dir
    "file": "filemail:///",
    # TLS from the first byte, port 465 (django-environ's own smtps:// is STARTTLS)
    "smtps": "smtp+ssl://",
}
_email_url = env.str("EMAIL_URL", default="console://")
_scheme, _, _rest = _email_url.partition("://")
_scheme = _scheme.lower()
if _scheme in _EMAIL_URL_ALIASES:
    _email_url = _EMAIL_URL_ALIASES[_scheme] + _rest
elif _scheme not in environ.Env.EMAIL_SCHEMES:
    raise ImproperlyConfigured(
        f"EMAIL_URL has the unknown scheme {_scheme!r}; use one of "
        f"{sorted({*_EMAIL_URL_ALIASES, *environ.Env.EMAIL_SCHEMES})}."
    )
_email = env.email_url_config(_email_url)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
# STARTTLS: smtp+tls://, or smtp://…?tls=1 (a query django-environ keeps in OPTIONS)
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS")) or env.parse_value(
    str(_email.get("OPTIONS", {}).get("TLS", "0")), bool
)
EMAIL_PORT = _email["EMAIL_PORT"] or (465 if EMAIL_USE_SSL else 25)
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"] or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ratsflow <ratsflow@localhost>")

# Celery: with REDIS_URL unset, tasks run in-process (the services enqueue them after commit).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# REDIS_URL is the broker's URL too, so the cache takes it as it is (django-environ's cache_url
# would rebuild it and move its query into OPTIONS).
# One cache for all processes when there is a Redis; then the OParl API keeps its answers
# until the next write (oparl/cache.py). A per-process cache could not be emptied by the
# writes of other processes, so without Redis the OParl cache stays off.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
OPARL_CACHE_SECONDS = env.int("OPARL_CACHE_SECONDS", default=3600) if REDIS_URL else 0
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Without REDIS_URL a broker outage cannot happen; with it, a request must not hang on one.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # an unacknowledged task (its worker died) is handed out again after this
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BEAT_SCHEDULE = {
    # Memberships start and end by date; their permissions follow the next night.
    "sync-permissions": {
        "task": "workflow.tasks.sync_permissions",
        "schedule": crontab(hour=0, minute=5),
    },
    # Notifications still pending (a lost task, a broker that was down) are queued again.
    "sweep-outbox": {"task": "notifications.tasks.sweep_outbox", "schedule": 60.0},
    "daily-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "daily-digest": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
}

# Notifications: links in mails point here; SMTP refusals are retried with backoff.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
NOTIFICATION_MAX_RETRIES = env.int("NOTIFICATION_MAX_RETRIES", default=6)
NOTIFICATION_RETRY_SECONDS = env.float("NOTIFICATION_RETRY_SECONDS", default=30.0)
NOTIFICATION_SWEEP_AFTER_SECONDS = env.float("NOTIFICATION_SWEEP_AFTER_SECONDS", default=300.0)

if not DEBUG:
    _secure_cookies = env.bool("SECURE_COOKIES", default=None)  # None: unset or empty
    SESSION_COOKIE_SECURE = True if _secure_cookies is None else _secure_cookies
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools report every rendering step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
