#!/usr/bin/env python
"""Measure how long each sign-in form takes to refuse a known user (wrong password) and an
unknown one (issue 9 §3, "Sign-in resists guessing": the times should be alike, so that timing
tells nobody which user names exist).

Builds the demo world (``seed_demo``) in a fresh SQLite database under a temporary VAR_DIR, with
the production password hashers (Argon2id first; PBKDF2 after it for older hashes)
and django-axes off (``AXES_ENABLED=false``: a lockout
would answer without checking any password and spoil the measure), then posts each form N times
per case through Django's test client and prints the medians; then the server time of a successful
sign-in (issue 17 §4: ≤ 150 ms) beside the cost of one hash by each hasher, with the load average.
Measured and printed, never asserted.

Usage:
    python bench/signin_timing.py            # 15 tries per case
    python bench/signin_timing.py --tries 40
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(var_dir: str) -> None:
    os.environ["VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "catalyst_admin.settings"
    os.environ["DEBUG"] = "true"
    os.environ["AXES_ENABLED"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["AXES_LOG_LEVEL"] = "ERROR"
    import django

    django.setup()


def _post_ms(client, url: str, data: dict) -> float:
    start = time.perf_counter()
    response = client.post(url, data)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code} to a refused sign-in; expected 200")
    return elapsed


def medians_ms(client, url: str, known: dict, unknown: dict, tries: int) -> tuple[float, float]:
    """Median times of the two cases, posted in turn so that load on the machine hits both alike."""
    known_times, unknown_times = [], []
    for _ in range(tries):
        known_times.append(_post_ms(client, url, known))
        unknown_times.append(_post_ms(client, url, unknown))
    return statistics.median(known_times), statistics.median(unknown_times)


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def hash_ms(hasher: str, tries: int) -> float:
    from django.contrib.auth.hashers import make_password

    times = []
    for _ in range(tries):
        start = time.process_time()
        make_password("catalyst-demo", hasher=hasher)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def success_ms(url: str, data: dict, tries: int) -> tuple[float, float]:
    """Median server time of a sign-in that succeeds (a fresh session each time), and its median
    CPU time (what the other work on a shared machine does not add to)."""
    from django.test import Client

    times, cpu = [], []
    for _ in range(tries):
        client = Client()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.post(url, data)
        cpu.append((time.process_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 302:
            raise SystemExit(f"{url} answered {response.status_code} to a right password; expected 302")
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tries", type=int, default=15, help="posts per form and case (default 15)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="signin-bench-") as var_dir:
        setup_django(var_dir)
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from identity.federation.models import IdentityCenterApplication

        call_command("migrate", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", verbosity=0, stdout=quiet)
        application = IdentityCenterApplication.objects.get(name="examplecorp-codecatalyst")
        wrong = "not-the-demo-password"
        forms = [
            (
                "AWS Builder ID",
                reverse("identity:signin"),
                {"email": "mary@example.com", "password": wrong},
                {"email": "nobody@example.com", "password": wrong},
            ),
            (
                "SSO access portal",
                reverse("identity:sso_portal", args=[application.application_id]),
                {"user_name": "mary.major", "password": wrong},
                {"user_name": "nobody", "password": wrong},
            ),
            (
                "AWS Management Console",
                reverse("aws:signin"),
                {"account_id": "111122223333", "user_name": "mateo", "password": wrong},
                {"account_id": "111122223333", "user_name": "nobody", "password": wrong},
            ),
            (
                "Django admin",
                reverse("admin:login"),
                {"username": "ops", "password": wrong},
                {"username": "nobody", "password": wrong},
            ),
        ]
        print(f"password hasher: {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}; {args.tries} tries per case")
        print(f"{'form':32} {'known (ms)':>11} {'unknown (ms)':>13} {'unknown/known':>14}")
        client = Client()
        for name, url, known, unknown in forms:
            client.post(url, known)  # warm up (first request, template loading)
            known_ms, unknown_ms = medians_ms(client, url, known, unknown, args.tries)
            print(f"{name:32} {known_ms:11.1f} {unknown_ms:13.1f} {unknown_ms / known_ms:14.2f}")
        print(f"({load_average()})")

        print()
        print("successful sign-in, server time (target ≤ 150 ms):")
        right = {
            "AWS Builder ID": {"email": "mary@example.com", "password": "catalyst-demo"},
            "SSO access portal": {"user_name": "mary.major", "password": "catalyst-demo"},
            "AWS Management Console": {"account_id": "111122223333", "user_name": "mateo", "password": "catalyst-demo"},
            "Django admin": {"username": "ops", "password": "catalyst-demo"},
        }
        for name, url, _known, _unknown in forms:
            wall, cpu = success_ms(url, right[name], args.tries)
            print(f"{name:32} {wall:8.1f} ms, CPU {cpu:6.1f} ms   ({load_average()})")
        print()
        print("one hash, median CPU time (the hashing part of every sign-in):")
        for hasher in ("argon2", "pbkdf2_sha256"):
            print(f"{hasher:32} {hash_ms(hasher, args.tries):8.1f} ms   ({load_average()})")


if __name__ == "__main__":
    main()
