"""Benchmark settings: the production settings (DEBUG off) over plain HTTP on 127.0.0.1.

ROOT_URLCONF adds the floor view (bench/urls.py) to the app's URLs; the app's own URLconf never
has it. ServerTimingMiddleware, first in the chain, reports the time spent inside Django.
"""

import os
import warnings

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
# The production set-up: one Redis every process shares, with the page cache (crocoos/page_cache.py) on.
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/15")

from crocoos.settings import *  # noqa: F403
from crocoos.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.ServerTimingMiddleware", *MIDDLEWARE]
# Plain HTTP on the loopback: cookies must travel without TLS.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# No collectstatic step: {% static %} resolves without the hashed manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise looks for STATIC_ROOT, which only collectstatic makes; static files are not measured.
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
# Background tasks are queued in the database (nothing here enqueues any).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
