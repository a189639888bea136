"""Settings for CroCooS EWS, read from the environment.

Defaults suit the local demo (`make run`): SQLite next to manage.py, DEBUG on.
Production sets DJANGO_DEBUG=false, a real DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
DATABASE_URL, and then gets HTTPS-only cookies, HSTS and the rest of the deploy checklist.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-local-demo-key-do-not-use-in-production"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "crocoos",
    "directory",
    "cases",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # (keeps a page built once the response is sent, crocoos/page_cache.py)
    "crocoos.page_cache.KeepAfterResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crocoos.two_factor.OTPMiddleware",
    "crocoos.middleware.SessionLifetimeMiddleware",
    "crocoos.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "crocoos.middleware.NoStoreForSignedInMiddleware",
    "crocoos.middleware.PermissionsPolicyMiddleware",
    "crocoos.two_factor.RequireTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crocoos.urls"
WSGI_APPLICATION = "crocoos.wsgi.application"

TEMPLATES = [
    {
        # Django's backend, a page's context freed as soon as it is rendered (crocoos/templating.py)
        "BACKEND": "crocoos.templating.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "crocoos.context_processors.navigation",
            ],
        },
    },
]

# SQLite by default; PostgreSQL (or anything dj-database-url reads) from DATABASE_URL.
# Connections are kept and health-checked: opening one per request costs ~8x on PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# On PostgreSQL, the statements of crocoos/compiled_rows.py are prepared once per database session.
# Off behind a pooler that hands one client's statements to several server sessions (PgBouncer in
# transaction mode).
PREPARED_STATEMENTS = envbool("DATABASE_PREPARED_STATEMENTS", True)
# CACHE_URL=redis://host:6379/0 gives every process one shared cache; without it each process
# keeps its own in memory. The page cache (crocoos/page_cache.py) keeps whole pages per user until
# any data changes, so it needs the shared one: PAGE_CACHE is on by default only with Redis.
CACHE_URL = os.environ.get("CACHE_URL", "")
PAGE_CACHE = envbool("PAGE_CACHE", CACHE_URL.startswith(("redis://", "rediss://")))
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 600)
# On PostgreSQL the case and meeting pages' audit events are written on a thread of their own while
# the page is rendered, and stored before it is sent (crocoos.audit.Viewing): one more connection
# per process.
AUDIT_WRITER = envbool("AUDIT_WRITER", True)
if CACHE_URL.startswith(("redis://", "rediss://")):
    _shared_cache = {"BACKEND": "crocoos.cache.SharedClientRedisCache", "LOCATION": CACHE_URL}
else:
    _shared_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": {**_shared_cache, "KEY_PREFIX": "crocoos"},
    "pages": {**_shared_cache, "KEY_PREFIX": "crocoos-pages", "LOCATION": _shared_cache.get("LOCATION", "pages")},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "crocoos.User"
# django-axes first: it refuses sign-in attempts of a locked-out username+address pair.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after SESSION_IDLE_MINUTES without a request (SessionLifetimeMiddleware renews
# them at most once every SESSION_RENEW_SECONDS, not on every request), and never outlive
# SESSION_ABSOLUTE_HOURS.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_RENEW_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_HOURS", 10) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in lockout (django-axes): AXES_FAILURE_LIMIT wrong passwords lock the pair of e-mail
# address and client address for AXES_COOLOFF_MINUTES. Keyed on the pair, so nobody can lock
# another person out from their own address, and the person can still sign in from theirs.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form field (it holds the e-mail address)
AXES_USERNAME_CALLABLE = "crocoos.two_factor.axes_username"
AXES_CLIENT_IP_CALLABLE = "crocoos.audit.client_ip"
AXES_LOCKOUT_CALLABLE = "crocoos.two_factor.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password"]
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries are trusted.
CROCOOS_TRUSTED_PROXY_COUNT = envint("CROCOOS_TRUSTED_PROXY_COUNT", 0)

# Two-factor sign-in (TOTP, django-otp) for EWS coordinators, follow-up officers and
# administrators. On by default in production; CROCOOS_REQUIRE_2FA=false relaxes it (local demo).
CROCOOS_REQUIRE_2FA = envbool("CROCOOS_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "CroCooS EWS"
# Administrators may remove a lost device in the admin site, never read its secret key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("hu", _("Hungarian")),
    ("nb", _("Norwegian Bokmål")),
    ("sv", _("Swedish")),
    ("es", _("Spanish")),
    ("ca", _("Catalan")),
    ("ro", _("Romanian")),
    ("pt", _("Portuguese")),
    ("sl", _("Slovenian")),
    ("sr-latn", _("Serbian (Latin)")),
]
# The app's catalogues, then month names that Django's own get wrong (crocoos/formats/locale).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "crocoos" / "formats" / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Budapest")
USE_I18N = True
# English dates as Europe writes them (23/11/2026, 14:30): crocoos/formats/en/formats.py.
FORMAT_MODULE_PATH = ["crocoos.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# In development files come from the static/ folders; in production from STATIC_ROOT.
WHITENOISE_AUTOREFRESH = DEBUG

# Background tasks (directory imports, reminder e-mails): stored in the database, run by
# `manage.py db_worker`; tests run them inline (settings_test).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Plain inputs and text areas rendered in Python, same markup as Django's templates (issue 7).
FORM_RENDERER = "crocoos.form_rendering.InputRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CroCooS EWS <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Strict Content-Security-Policy: only our own, vendored scripts and styles; no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the app never uses are switched off (PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), serial=()"
)

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
