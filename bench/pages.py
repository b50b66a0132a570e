#!/usr/bin/env python
"""Measure what the console pages cost (issue 17 §3): server time in-process, query count and
response size of every page reachable by links from where each kind of person lands, in the demo
world, a large one and with 50,000 activity entries; then a load run under gunicorn.

Builds the demo world (``seed_demo``) in a fresh SQLite database under a temporary VAR_DIR, with
DEBUG off (Django's cached template loader), then, for mary (Builder ID, Space administrator of
mary-sandbox), mateo (AWS Management Console) and ops (operations staff), follows the same-site
links of their landing page two levels deep (GET only; sign-out links left out) and requests each
page N times through Django's test client (the whole middleware stack, no network). The same pages
are measured three times:

- **demo**: the demo world as ``seed_demo`` leaves it;
- **large**: mary-sandbox grown to 1,000 members, 100 projects, 5,000 activity entries and 100
  account connections, and ExampleCorp's identity store to 1,000 directory users;
- **50k**: the large world with the activity log grown to 50,000 entries.

Per page and world it prints the median server time (wall clock, and the CPU time of the process,
which the other work on a shared machine disturbs less), the queries and the size, small and large
side by side. ``--profile N`` prints the N functions with the most cumulative time over one more
pass of every page (cProfile). Then it starts gunicorn (``--workers``, sync workers as in the
compose file) on the 50k world and sends every page ``--load-requests`` times from
``--concurrency`` connections at once (an asyncio client, one connection per request, as a sync
worker closes it), printing requests/s and the p95 latency per page, and the same for
``/bench-hello/`` (a view answering a fixed text, ``bench/pages_urls.py``) in the same server.
The load average is printed beside each part. Measured and printed, never asserted.

Usage:
    python bench/pages.py                       # 15 requests per page and world; load run
    python bench/pages.py --tries 31 --profile 40
    python bench/pages.py --no-load --activity 50000
"""

import argparse
import asyncio
import cProfile
import datetime
import os
import pstats
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

HREF = re.compile(r'href="(/[^"#?]*)"')
SKIP = re.compile(r"sign-?out|logout|/static/|/admin/|\.(css|js|png|svg|ico|csv)$")
EVENTS = [
    "CreateProject", "DeleteProject", "UpdateProject", "CreateInvitation", "AcceptInvitation", "CancelInvitation",
    "UpdateSpaceMemberRole", "RemoveSpaceMember", "UpdateSpace", "CreateAccountConnection", "VerifyAccountConnection",
    "CreatePersonalAccessToken", "ListProjects", "GetSpace", "ListSpaceMembers", "SyncGroups",
]  # fmt: skip


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_env(var_dir: str) -> dict:
    return {
        "VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "pages_settings",  # the test suite's: plain HTTP, DEBUG off
        "DEBUG": "false",
        "AXES_ENABLED": "false",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "AXES_LOG_LEVEL": "ERROR",
    }


def setup_django(var_dir: str) -> None:
    os.environ.update(bench_env(var_dir))
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


def measure(client, url: str, tries: int) -> dict:
    from django.db import connection

    # Counted by an execute wrapper: Django's request_started signal resets connection.queries.
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    wall, cpu = [], []
    for _ in range(tries):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return {
        "ms": statistics.median(wall),
        "cpu": statistics.median(cpu),
        "queries": len(queries),
        "kb": len(response.content) / 1024,
        "status": response.status_code,
    }


def grow_large(*, members: int, projects: int, activity: int, directory_users: int, connections: int) -> None:
    """mary-sandbox and ExampleCorp's identity store at the size of issue 17 §3, in bulk."""
    from django.db import transaction

    from accounts.aws.identity_center.models import DirectoryUser, IdentityStore
    from accounts.connections.models import AccountConnection
    from identity.people.models import User
    from spaces.models import Project, ProjectMembership, Space, SpaceMembership
    from spaces.roles import ProjectRole, SpaceRole

    space = Space.objects.get(name="mary-sandbox")
    roles = [SpaceRole.POWER_USER, SpaceRole.LIMITED_ACCESS, SpaceRole.LIMITED_ACCESS, SpaceRole.SPACE_ADMINISTRATOR]
    with transaction.atomic():
        people = User.objects.bulk_create(
            User(
                username=f"person{i:04}@example.com",
                email=f"person{i:04}@example.com",
                alias=f"person{i:04}",
                name=f"Person {i:04}",
                kind=User.Kind.BUILDER_ID,
                password="!",
            )
            for i in range(members - space.memberships.count())
        )
        SpaceMembership.objects.bulk_create(
            SpaceMembership(space=space, user=person, role=roles[i % len(roles)]) for i, person in enumerate(people)
        )
        new_projects = Project.objects.bulk_create(
            Project(space=space, name=f"project-{i:03}", description=f"Project number {i}", created_by=people[0])
            for i in range(projects - space.projects.count())
        )
        ProjectMembership.objects.bulk_create(
            ProjectMembership(project=project, user=people[(i * 7 + j) % len(people)], role=ProjectRole.CONTRIBUTOR)
            for i, project in enumerate(new_projects)
            for j in range(10)
        )
        grow_activity(space, activity)
        store = IdentityStore.objects.get(store_id="d-9067c0ffee")
        DirectoryUser.objects.bulk_create(
            DirectoryUser(
                store=store,
                user_name=f"person.{i:04}",
                display_name=f"Person {i:04}",
                email=f"person_{i:04}@examplecorp.com",
            )
            for i in range(directory_users - store.users.count())
        )
        AccountConnection.objects.bulk_create(
            AccountConnection(
                space=space,
                aws_account_id=f"{900000000000 + i}",
                display_name=f"account-{i:03}",
                status=AccountConnection.Status.VERIFIED,
                verified_at=datetime.datetime.now(datetime.UTC),
                requested_by=people[0],
            )
            for i in range(connections - space.account_connections.count())
        )


def grow_activity(space, total: int) -> None:
    from spaces.activity import facet_record
    from spaces.models import ActivityEvent

    rng = random.Random(17)
    people = list(space.memberships.values_list("user__name", flat=True))
    projects = list(space.projects.values_list("name", flat=True))
    now = datetime.datetime.now(datetime.UTC)
    events = [
        ActivityEvent(
            space=space,
            project_name=rng.choice(projects) if i % 3 else "",
            event_name=rng.choice(EVENTS),
            description="Bench event",
            actor_name=rng.choice(people),
            created_at=now - datetime.timedelta(seconds=rng.randrange(90 * 86400)),
            source_ip="203.0.113.7",
            read_only=i % 4 == 0,
        )
        for i in range(total - space.activity.count())
    ]
    ActivityEvent.objects.bulk_create(events, batch_size=2000)
    facet_record(space=space, events=events)


def signed_in_clients():
    from django.test import Client

    from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_USER
    from accounts.aws.console.models import AwsAccount, ConsoleUser
    from identity.people.models import User

    people = []
    mary = Client()
    mary.force_login(User.objects.get(email="mary@example.com", kind=User.Kind.BUILDER_ID))
    people.append(("mary", mary, "/"))
    mateo = Client()
    session = mateo.session
    session[SESSION_USER] = ConsoleUser.objects.get(user_name="mateo").pk
    session[SESSION_ACCOUNT] = AwsAccount.objects.get(account_id="111122223333").pk
    session.save()
    people.append(("mateo", mateo, "/aws/"))
    ops = Client()
    ops.force_login(User.objects.get(username="ops"))
    people.append(("ops", ops, "/ops/"))
    return people


# The load run --------------------------------------------------------------------------------
async def _get(port: int, request: bytes) -> tuple[float, int]:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    return (time.perf_counter() - start) * 1000, int(answer[9:12] or 0)


async def _load(port: int, url: str, cookie: str, requests: int, concurrency: int) -> tuple[float, float, int]:
    request = f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n".encode()
    remaining = requests
    latencies, failures = [], 0

    async def connection():
        nonlocal remaining, failures
        while remaining > 0:
            remaining -= 1
            ms, status = await _get(port, request)
            latencies.append(ms)
            failures += status != 200

    start = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    return requests / elapsed, statistics.quantiles(latencies, n=20)[-1], failures


def load_run(var_dir: str, pages: list[tuple[str, str]], cookies: dict, args) -> None:
    env = {**os.environ, **bench_env(var_dir), "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "catalyst_admin.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                if asyncio.run(_get(args.port, b"GET /bench-hello/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))[1] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        print(
            f"\nLoad run: gunicorn, {args.workers} sync workers, {args.concurrency} concurrent connections, "
            f"{args.load_requests} requests per page, 50k world ({load_average()})"
        )
        print(f"{'who':6} {'page':60} {'req/s':>7} {'p95 ms':>7} {'failed':>6}")
        hello = asyncio.run(_load(args.port, "/bench-hello/", "", args.load_requests * 4, args.concurrency))
        print(f"{'-':6} {'/bench-hello/ (hello world)':60} {hello[0]:7.0f} {hello[1]:7.1f} {hello[2]:6}")
        results = []
        for who, url in pages:
            rate, p95, failed = asyncio.run(_load(args.port, url, cookies[who], args.load_requests, args.concurrency))
            results.append((rate, p95))
            print(f"{who:6} {url[:60]:60} {rate:7.0f} {p95:7.1f} {failed:6}")
        print(
            f"({load_average()})\npages: median {statistics.median(r[0] for r in results):.0f} req/s, "
            f"median p95 {statistics.median(r[1] for r in results):.1f} ms, worst p95 "
            f"{max(r[1] for r in results):.1f} ms (target ≤ 100 ms); hello world {hello[0]:.0f} req/s, "
            f"p95 {hello[1]:.1f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tries", type=int, default=15)
    parser.add_argument("--activity", type=int, default=50_000, help="activity entries of the last world")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load run")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--load-requests", type=int, default=100)
    parser.add_argument("--port", type=int, default=8199)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pages-bench-") as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command

        from spaces.models import Space

        call_command("migrate", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", verbosity=0, stdout=quiet)
        people = signed_in_clients()
        clients = {who: client for who, client, _ in people}
        pages = [
            (who, url)
            for who, client, start in people
            for url in crawl(client, client.get(start, follow=True).request["PATH_INFO"])
        ]
        pages.insert(0, ("mary", "/bench-hello/"))

        worlds = {}

        def measure_world(name: str) -> None:
            started = time.perf_counter()
            worlds[name] = {(who, url): measure(clients[who], url, args.tries) for who, url in pages}
            print(f"  {name}: {len(pages)} pages in {time.perf_counter() - started:.0f} s ({load_average()})")

        print(f"DEBUG off, cached templates, SQLite; median of {args.tries} requests per page")
        measure_world("demo")
        grow_large(members=1000, projects=100, activity=5000, directory_users=1000, connections=100)
        measure_world("large")
        grow_activity(Space.objects.get(name="mary-sandbox"), args.activity)
        measure_world(f"{args.activity // 1000}k")

        names = list(worlds)
        print(f"\n{'who':6} {'page':52}" + "".join(f" {n + ' ms':>9} {'cpu':>5} {'q':>3} {'KB':>5}" for n in names))
        pages = [page for page in pages if all(worlds[n][page]["status"] == 200 for n in names)]
        for page in pages:
            who, url = page
            cells = (worlds[n][page] for n in names)
            row = "".join(f" {w['ms']:9.1f} {w['cpu']:5.1f} {w['queries']:3} {w['kb']:5.1f}" for w in cells)
            print(f"{who:6} {url[:52]:52}{row}")
        print(f"({load_average()})\n")
        for name in names:
            measured = [worlds[name][page] for page in pages if page[1] != "/bench-hello/"]
            slowest = max(pages[1:], key=lambda page: worlds[name][page]["ms"])
            print(
                f"{name:>5}: {len(measured)} pages, median {statistics.median(m['ms'] for m in measured):.1f} ms "
                f"(CPU {statistics.median(m['cpu'] for m in measured):.1f} ms), "
                f"{sum(m['ms'] <= 5 for m in measured)} ≤ 5 ms, slowest {worlds[name][slowest]['ms']:.1f} ms "
                f"({slowest[1]}), queries up to {max(m['queries'] for m in measured)}, "
                f"up to {max(m['kb'] for m in measured):.0f} KB; hello world "
                f"{worlds[name][('mary', '/bench-hello/')]['ms']:.1f} ms"
            )
        grew = [
            (page, worlds["demo"][page], worlds[names[-1]][page])
            for page in pages
            if worlds[names[-1]][page]["queries"] > worlds["demo"][page]["queries"]
            or worlds[names[-1]][page]["kb"] > 1.5 * worlds["demo"][page]["kb"] + 1
        ]
        print(f"pages whose queries or size grow with the world: {len(grew)}")
        for (who, url), small, large in grew:
            print(f"  {who:6} {url[:60]:60} queries {small['queries']} → {large['queries']}, "
                  f"{small['kb']:.1f} → {large['kb']:.1f} KB")  # fmt: skip

        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for who, url in pages:
                clients[who].get(url)
            profile.disable()
            print(f"\ncProfile, one pass over every page of the {names[-1]} world:")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)

        if not args.no_load:
            from django.conf import settings

            cookies = {who: f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
                       for who, client in clients.items()}  # fmt: skip
            load_run(var_dir, [page for page in pages if page[1] != "/bench-hello/"], cookies, args)


if __name__ == "__main__":
    main()
