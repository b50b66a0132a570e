"""The password hasher of every sign-in (issue 17 §4)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class ConsoleArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with 32 MiB, 2 passes and 1 lane: as costly to attack as Django's PBKDF2 default.

    OWASP's Password Storage Cheat Sheet gives equally strong settings: Argon2id m=19 MiB t=2 p=1
    (or m=47 MiB t=1), and PBKDF2-HMAC-SHA256 with 600,000 iterations. Django 5.2's PBKDF2 runs
    1,000,000 iterations, 1.67 × that; Argon2id's cost to an attacker grows with memory × passes,
    so 1.67 × (19 MiB × 2) is 63.5 MiB-passes: 32 MiB × 2 = 64. Django's own Argon2 defaults
    (100 MiB × 2, 8 lanes) cost 3.1 × more than that: about 0.9 s of CPU per sign-in on a loaded
    2-core machine, against ~0.16–0.3 s here. One lane, not eight: on a few cores shared by the
    web workers, eight threads per hash only queue behind each other.

    The algorithm name stays ``argon2``: a hash made with Django's defaults still checks, and
    ``must_update`` (other parameters) has it re-hashed with these on the next sign-in."""

    time_cost = 2
    memory_cost = 32 * 1024  # KiB
    parallelism = 1
