"""Settings for the test suite: the normal settings, with a fixed key when none is given,
fast password hashing and in-memory mail. DATABASE_URL and REDIS_URL still apply."""

import os

# The only other place that touches os.environ: the suite needs a key before settings load.
os.environ.setdefault("SECRET_KEY", "test-suite-key-0123456789abcdef0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Render each distinct document HTML to PDF, and read each distinct PDF's text, once per
# process (documents.generation, documents.text): the output depends on the input alone, and
# the suite renders the same demo documents dozens of times. Production always renders.
DOCUMENTS_MEMOIZE = True
