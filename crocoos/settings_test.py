"""Test settings: the real settings, with a fast password hasher and in-memory e-mail."""

import os

from .settings import *  # noqa: F403
from .settings import PASSWORD_HASHERS

# Playwright drives the browser from the test thread's event loop; Django's ORM calls in
# the same thread would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Argon2 stays available (demo accounts use it); new test passwords hash fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background tasks run at once, inside the test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The page cache is on for the whole suite (in memory: one process per test worker), so every test
# that changes something and reads a page again also checks that the change drops the kept page.
PAGE_CACHE = True

# Audit events in the request's own connection: a writer thread's connection would outlive a
# transactional test and keep the test database open. tests/test_audit_writer.py turns it on.
AUDIT_WRITER = False
