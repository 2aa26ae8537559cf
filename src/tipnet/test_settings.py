"""Settings for the test suite: the real settings, with fixed test keys and no HTTPS redirect.

``DATABASE_URL`` still chooses the database (PostgreSQL in CI, SQLite otherwise).
"""

import os
import tempfile

os.environ["TIPNET_TESTING"] = "1"
os.environ.setdefault("SECRET_KEY", "tipnet-tests-only-not-secret")
os.environ.setdefault(
    "TIPNET_ENCRYPTION_KEYS", "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
)
os.environ.setdefault("TIPNET_BLIND_INDEX_KEY", "tipnet-tests-blind-index-key")
os.environ.setdefault("TIPNET_VAR_DIR", tempfile.mkdtemp(prefix="tipnet-test-var-"))
# Playwright's sync API runs an event loop in the test thread; the ORM calls that test setup
# makes around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tipnet.settings import *  # noqa: F403

# Fast hashing in tests; production keeps Argon2 (checked in test_settings_production).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
