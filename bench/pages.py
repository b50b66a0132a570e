#!/usr/bin/env python
"""Measure what the console pages cost (issue 17 §3): median server time in-process, query count
and response size of every page reachable by links from where each kind of person lands.

Builds the demo world (``seed_demo``) in a fresh SQLite database under a temporary VAR_DIR, with
DEBUG off (so Django's cached template loader is on), then, for mary (Builder ID, Space
administrator), mateo (AWS Management Console) and ops (operations staff), follows the same-site
links of their landing page two levels deep (GET only; sign-out links left out) and requests each
page N times through Django's test client (the whole middleware stack, no network). Prints, per
page, the median time, the queries and the size, then the slowest pages, with the load average.
Measured and printed, never asserted. The large world, ``--activity`` entries and the gunicorn
load run of the issue are not in this script yet.

Usage:
    python bench/pages.py               # 15 requests per page
    python bench/pages.py --tries 31
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HREF = re.compile(r'href="(/[^"#?]*)"')
SKIP = re.compile(r"sign-?out|logout|/static/|/admin/|\.(css|js|png|svg|ico)$")


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def setup_django(var_dir: str) -> None:
    os.environ.update(
        VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="catalyst_admin.test_settings",  # plain HTTP for the test client
        DEBUG="false",
        AXES_ENABLED="false",
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="ERROR",
        AXES_LOG_LEVEL="ERROR",
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def crawl(client, start: str, depth: int = 2) -> list[str]:
    seen, frontier = [start], [start]
    for _ in range(depth):
        following = []
        for url in frontier:
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for href in HREF.findall(response.content.decode()):
                if href not in seen and not SKIP.search(href):
                    seen.append(href)
                    following.append(href)
        frontier = following
    return seen


def measure(client, url: str, tries: int) -> tuple[float, int, int, int]:
    from django.db import connection

    # Counted by an execute wrapper: Django's request_started signal resets connection.queries.
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    times = []
    for _ in range(tries):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(queries), len(response.content), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tries", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pages-bench-") as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.test import Client

        from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_USER
        from accounts.aws.console.models import AwsAccount, ConsoleUser
        from identity.people.models import User

        call_command("migrate", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", verbosity=0, stdout=quiet)

        people = []
        mary = Client()
        mary.force_login(User.objects.get(email="mary@example.com", kind=User.Kind.BUILDER_ID))
        people.append(("mary (CodeCatalyst)", mary, "/"))
        mateo = Client()
        session = mateo.session
        session[SESSION_USER] = ConsoleUser.objects.get(user_name="mateo").pk
        session[SESSION_ACCOUNT] = AwsAccount.objects.get(account_id="111122223333").pk
        session.save()
        people.append(("mateo (AWS console)", mateo, "/aws/"))
        ops = Client()
        ops.force_login(User.objects.get(username="ops"))
        people.append(("ops (operations)", ops, "/ops/"))

        print(f"demo world, DEBUG off, cached templates; median of {args.tries} requests per page")
        print(f"{'who':22} {'page':62} {'ms':>7} {'queries':>8} {'KB':>7}")
        rows = []
        for who, client, start in people:
            for url in crawl(client, client.get(start, follow=True).request["PATH_INFO"]):
                ms, queries, size, status = measure(client, url, args.tries)
                if status != 200:
                    continue
                rows.append((ms, who, url, queries, size))
                print(f"{who:22} {url[:62]:62} {ms:7.1f} {queries:8} {size / 1024:7.1f}")
        print(f"({load_average()})")
        times = [row[0] for row in rows]
        print(
            f"\n{len(rows)} pages: median {statistics.median(times):.1f} ms, slowest {max(times):.1f} ms "
            f"(target ≤ 5 ms each); queries up to {max(r[3] for r in rows)}; "
            f"up to {max(r[4] for r in rows) / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
