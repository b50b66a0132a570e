"""Settings for the test suite: the production settings, served over plain HTTP by the test
client and the live server, with fast password hashing."""

import os

# The production settings refuse to start without SECRET_KEY when DEBUG is off (as it is in CI):
# the suite signs with a key of its own, never the public development key.
os.environ.setdefault("SECRET_KEY", "test-suite-only-key-9f3a71c2e8b54d06a1f7c3e92b8d4a6f0e5c1b7d3a9f2e8c")

from catalyst_admin.settings import *  # noqa: E402, F403
from catalyst_admin.settings import STORAGES  # noqa: E402

# The test databases are not production: the tests load the demo world with DEBUG off.
DEMO_WORLD = True

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
# The suite's sync tests make directory changes and then sync on purpose: a change does not sync by
# itself here, except in the tests of that (tests/sync/test_directory_change_sync.py turn it on).
SYNC_ON_DIRECTORY_CHANGE = False
