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
pass of every page (cProfile).

Then the load run, on the 50k world: gunicorn started as ``make run`` and compose start it
(``catalyst_admin/gunicorn_conf.py``; ``--workers``, ``--threads``, ``--worker-class`` override
it), and, from ``--concurrency`` connections at once, each page for ``--warm-up`` seconds (not
measured: every worker has then served it once) and then ``--load-seconds`` measured, printing
requests/s, p50 and p95, and the server's CPU per request (gunicorn's master and workers, from
/proc). The same for ``/bench-hello/`` (a view answering a fixed text, ``bench/pages_urls.py``),
anonymous and signed in (the session and the user loaded: the floor of every console page). Each
person's requests carry the cookies their browser would send back: the session's and the CSRF
cookie the pages set. The
client is wrk when it is on PATH (``apt-get install wrk``; a few µs of CPU per request), otherwise
an asyncio client in this process, whose own CPU takes cores from the server; the script says
which, and what share of the cores the client used. The load average is printed beside each
part. Measured and printed, never asserted.

Usage:
    python bench/pages.py                       # 15 requests per page and world; load run
    python bench/pages.py --tries 31 --profile 40
    python bench/pages.py --no-load --activity 50000
    python bench/pages.py --load-only --load-pages '^/spaces/mary-sandbox/$|^/aws/$' --workers 3
"""

import argparse
import asyncio
import cProfile
import datetime
import http.client
import os
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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
# wrk's own summary has no p95: its done() hook prints the figures this script reads.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("figures %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.status + e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Load:
    """What one page's load run measured; times in ms, ``client_cpu`` in CPU seconds."""

    requests: int
    seconds: float
    p50: float
    p95: float
    failed: int
    client_cpu: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


class WrkClient:
    """wrk (C, one thread, keep-alive where the server keeps the connection): a few µs of CPU per
    request, so the cores are left to the server."""

    name = "wrk, 1 thread"

    def __init__(self, port: int, concurrency: int, script: Path):
        self.port, self.concurrency, self.script = port, concurrency, script
        script.write_text(WRK_SCRIPT)

    def run(self, url: str, cookie: str, seconds: int) -> Load:
        headers = ["-H", f"Cookie: {cookie}"] if cookie else []
        argv = ["wrk", "-t1", f"-c{self.concurrency}", f"-d{seconds}s", "--timeout", "60s", "-s", str(self.script),
                *headers, f"http://127.0.0.1:{self.port}{url}"]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        output = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        [line] = [line for line in output.splitlines() if line.startswith("figures ")]
        requests, duration, p50, p95, failed = (int(x) for x in line.split()[1:])
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return Load(requests, duration / 1e6, p50 / 1000, p95 / 1000, failed, cpu)


class AsyncioClient:
    """The fallback without wrk: Python's asyncio in this process, a new connection per request.
    It costs the cores about as much CPU per request as the hello world itself (its share is
    printed), so the server's figures are lower than they would be under wrk."""

    name = "asyncio in this process (wrk is not on PATH: apt-get install wrk)"

    def __init__(self, port: int, concurrency: int):
        self.port, self.concurrency = port, concurrency

    def run(self, url: str, cookie: str, seconds: int) -> Load:
        request = f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n".encode()
        cpu = time.process_time()
        latencies, failed, elapsed = asyncio.run(self._load(request, seconds))
        cpu = time.process_time() - cpu
        p50, p95 = statistics.median(latencies), statistics.quantiles(latencies, n=20)[-1]
        return Load(len(latencies), elapsed, p50, p95, failed, cpu)

    async def _load(self, request: bytes, seconds: int) -> tuple[list[float], int, float]:
        latencies, failed = [], 0
        start = time.perf_counter()
        deadline = start + seconds

        async def connection():
            nonlocal failed
            while time.perf_counter() < deadline:
                ms, status = await _get(self.port, request)
                latencies.append(ms)
                failed += status != 200

        await asyncio.gather(*(connection() for _ in range(self.concurrency)))
        return latencies, failed, time.perf_counter() - start


async def _get(port: int, request: bytes) -> tuple[float, int]:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    return (time.perf_counter() - start) * 1000, int(answer[9:12] or 0)


def status_of(port: int, url: str, cookie: str) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", url, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        connection.close()


def cpu_seconds_of_tree(pid: int) -> float | None:
    """CPU time used so far by a process and its children (gunicorn's master and workers), from
    /proc; None where there is no /proc."""
    total, ticks = 0.0, os.sysconf("SC_CLK_TCK")
    try:
        entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return None
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def gunicorn_command(args) -> tuple[list[str], str]:
    """The command serving the console as ``make run`` and compose do (catalyst_admin/gunicorn_conf.py),
    with this run's overrides, and a description of the configuration."""
    from catalyst_admin import gunicorn_conf

    overrides = []
    for option in ("workers", "threads", "worker_class"):
        if getattr(args, option) is not None:
            overrides += [f"--{option.replace('_', '-')}", str(getattr(args, option))]
    worker_class = args.worker_class or gunicorn_conf.worker_class
    workers = args.workers or gunicorn_conf.workers
    threads = args.threads or getattr(gunicorn_conf, "threads", 1)
    described = f"{workers} {worker_class} workers" + (f" × {threads} threads" if worker_class == "gthread" else "")
    described += ", preloaded" if gunicorn_conf.preload_app else ""
    command = [sys.executable, "-m", "gunicorn", "catalyst_admin.wsgi:application", "-c",
               "python:catalyst_admin.gunicorn_conf", "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning",
               *overrides]  # fmt: skip
    return command, described


def load_run(var_dir: str, pages: list[tuple[str, str]], cookies: dict, args) -> None:
    env = {**os.environ, **bench_env(var_dir), "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"}
    command, described = gunicorn_command(args)
    # The access log is written as in production (to stdout), and dropped here.
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    if shutil.which("wrk") and not args.asyncio_client:
        client = WrkClient(args.port, args.concurrency, Path(var_dir) / "pages.lua")
    else:
        client = AsyncioClient(args.port, args.concurrency)
    cores = os.cpu_count() or 1
    try:
        for _ in range(600):
            if status_of(args.port, "/bench-hello/", "") == 200 or server.poll() is not None:
                break
            time.sleep(0.1)
        print(
            f"\nLoad run: gunicorn (catalyst_admin/gunicorn_conf.py), {described}; client {client.name}, "
            f"{args.concurrency} concurrent connections; per page {args.warm_up} s of warm-up, then "
            f"{args.load_seconds} s measured; 50k world; {cores} cores ({load_average()})"
        )
        print(f"{'who':6} {'page':52} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'requests':>8} {'failed':>6} "
              f"{'server CPU ms/req':>17}")  # fmt: skip
        hellos = [("-", "/bench-hello/", "(hello world, anonymous)"), ("mary", "/bench-hello/", "(hello, signed in)")]
        results, client_cpu, elapsed = {}, 0.0, 0.0
        for who, url, note in [*hellos, *((who, url, "") for who, url in pages)]:
            cookie = cookies.get(who, "")
            status = status_of(args.port, url, cookie)
            if status != 200:
                print(f"{who:6} {url[:52]:52} answered {status}: left out")
                continue
            if args.warm_up:
                client.run(url, cookie, args.warm_up)
            cpu = cpu_seconds_of_tree(server.pid)
            load = client.run(url, cookie, args.load_seconds)
            server_cpu = cpu_seconds_of_tree(server.pid)
            per_request = f"{(server_cpu - cpu) * 1000 / load.requests:17.2f}" if cpu is not None else f"{'-':>17}"
            results[(who, url, note)] = load
            client_cpu, elapsed = client_cpu + load.client_cpu, elapsed + load.seconds
            shown = f"{url} {note}".strip()
            print(f"{who:6} {shown[:52]:52} {load.rate:6.0f} {load.p50:7.1f} {load.p95:7.1f} {load.requests:8} "
                  f"{load.failed:6} {per_request}")  # fmt: skip
        measured = [load for (who, url, note), load in results.items() if url != "/bench-hello/"]
        hello = {name: results.get(key) for name, key in zip(("anonymous", "signed in"), hellos, strict=True)}
        print(f"({load_average()})")
        if measured:
            print(
                f"pages: median {statistics.median(m.rate for m in measured):.0f} req/s, median p95 "
                f"{statistics.median(m.p95 for m in measured):.1f} ms, worst p95 {max(m.p95 for m in measured):.1f} ms "
                f"(target ≤ 100 ms; {sum(m.p95 <= 100 for m in measured)} of {len(measured)} pages meet it)"
            )
        shown = [f"{name} {h.rate:.0f} req/s, p95 {h.p95:.1f} ms" for name, h in hello.items() if h]
        print(
            f"hello world: {'; '.join(shown)}; the client used {100 * client_cpu / (elapsed * cores):.1f} % "
            f"of the {cores} cores while measuring"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure_in_process(pages: list[tuple[str, str]], clients: dict, args) -> list[tuple[str, str]]:
    """Measure every page in the three worlds (growing the demo world in between), print the figures,
    and return the pages that answered 200 in all of them."""
    from spaces.models import Space

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
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tries", type=int, default=15)
    parser.add_argument("--activity", type=int, default=50_000, help="activity entries of the last world")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load run")
    parser.add_argument("--load-only", action="store_true", help="build the worlds, measure only under load")
    parser.add_argument("--load-pages", default="", metavar="REGEX", help="load-run only the pages matching")
    parser.add_argument("--workers", type=int, help="instead of catalyst_admin/gunicorn_conf.py's")
    parser.add_argument("--threads", type=int, help="instead of catalyst_admin/gunicorn_conf.py's")
    parser.add_argument("--worker-class", help="instead of catalyst_admin/gunicorn_conf.py's (sync, gthread)")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--warm-up", type=int, default=1, metavar="SECONDS", help="of load per page, not measured")
    parser.add_argument("--load-seconds", type=int, default=3, help="of load measured per page")
    parser.add_argument("--asyncio-client", action="store_true", help="the Python client even when wrk is there")
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

        if args.load_only:
            grow_large(members=1000, projects=100, activity=5000, directory_users=1000, connections=100)
            grow_activity(Space.objects.get(name="mary-sandbox"), args.activity)
        else:
            pages = measure_in_process(pages, clients, args)

        if not args.no_load:
            from django.conf import settings

            # What a signed-in browser sends back: its session cookie and the CSRF cookie the pages set
            # (without it every page with a form makes a new CSRF secret and sets the cookie again).
            names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
            cookies = {
                who: "; ".join(f"{name}={client.cookies[name].value}" for name in names if name in client.cookies)
                for who, client in clients.items()
            }
            chosen = re.compile(args.load_pages)
            load_pages = [(who, url) for who, url in pages if url != "/bench-hello/" and chosen.search(url)]
            load_run(var_dir, load_pages, cookies, args)


if __name__ == "__main__":
    main()
