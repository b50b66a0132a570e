"""A real password hasher for the tests that counts how often a password is hashed.

Configured with ``settings.PASSWORD_HASHERS = ["tests.hashers.CountingPasswordHasher"]``: every
``make_password`` and every password check goes through ``encode`` once, so the count says
whether a sign-in ran the hasher (the slow part an attacker would time) or skipped it.
"""

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingPasswordHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)
