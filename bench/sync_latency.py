#!/usr/bin/env python
"""Measure how soon a directory change is visible in the space (issue 17 §2: p95 ≤ 10 s).

Builds the demo world (``seed_demo``) in a fresh database — SQLite under a temporary VAR_DIR with
Celery's filesystem transport (the embedded mode), or PostgreSQL (``--database-url``) with the
broker ``--broker-url`` names (Redis) — starts a real Celery worker process
(``celery -A catalyst_admin worker``, as ``make run`` does), then N times adds jorge.souza to the
connected group Developers through IAM Identity Center's service (as its pages do) and waits for
him to be a member of the examplecorp space, then removes him and waits for him to be gone. Each
latency is from the change's commit to the membership being visible (read from the database
every 20 ms). Prints p50, p95 and the slowest, with the load average. Measured, never asserted.

Usage:
    python bench/sync_latency.py                      # 10 adds + 10 removals, embedded mode
    python bench/sync_latency.py --changes 20 \\
        --database-url postgres://postgres@127.0.0.1:5432/catalyst_bench --broker-url redis://127.0.0.1:6379/5
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=10, help="adds (and as many removals)")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--broker-url", default="")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="sync-latency-")
    database_url = args.database_url or f"sqlite:///{var_dir}/bench.sqlite3"
    if args.database_url:
        from sync import fresh_postgres  # bench/sync.py

        fresh_postgres(args.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "catalyst_admin.settings",
        "DEBUG": "true",
        "LOG_LEVEL": "WARNING",
        "SYNC_ON_DIRECTORY_CHANGE": "true",
    }
    if args.broker_url:
        env["CELERY_BROKER_URL"] = args.broker_url
    else:
        env.pop("CELERY_BROKER_URL", None)
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", verbosity=0, stdout=quiet)

    from accounts.aws.identity_center import services as directory
    from accounts.aws.identity_center.models import DirectoryGroup, DirectoryUser
    from catalyst_admin.actors import SYSTEM
    from identity.sync.models import SyncRun
    from spaces.models import Space, SpaceMembership

    space = Space.objects.get(name="examplecorp")
    group = DirectoryGroup.objects.get(store=space.identity_application.store, display_name="Developers")
    jorge = DirectoryUser.objects.get(store=group.store, user_name="jorge.souza")

    def visible() -> bool:
        return SpaceMembership.objects.filter(
            space=space, source=SpaceMembership.Source.SSO, user__name="Jorge Souza"
        ).exists()

    worker_log = open(Path(var_dir) / "worker.log", "wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "catalyst_admin", "worker", "-l", "info", "--concurrency", "2"],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(3)  # the worker connects to the broker
        latencies = {"added": [], "removed": []}
        for _ in range(args.changes):
            for kind in ("added", "removed"):
                if kind == "added":
                    directory.group_membership_add(group=group, user=jorge, account=SYSTEM)
                else:
                    directory.group_membership_remove(group=group, user=jorge, account=SYSTEM)
                committed = time.monotonic()  # the service's transaction has committed on return
                want = kind == "added"
                while visible() != want:
                    if time.monotonic() - committed > args.timeout:
                        raise SystemExit(f"not {kind} within {args.timeout:.0f} s; see {worker_log.name}")
                    time.sleep(0.02)
                latencies[kind].append(time.monotonic() - committed)
        runs = SyncRun.objects.filter(trigger=SyncRun.Trigger.DIRECTORY)
        mode = "PostgreSQL + " + (args.broker_url or "filesystem broker") if args.database_url else "embedded mode"
        debounce = os.environ.get("SYNC_DIRECTORY_DEBOUNCE_SECONDS", "1.0")
        print(f"directory change → membership visible ({mode}; debounce {debounce} s):")
        everything = latencies["added"] + latencies["removed"]
        for kind, values in (*latencies.items(), ("all", everything)):
            print(
                f"  {kind:8} n={len(values):3}  p50 {statistics.median(values):5.2f} s  "
                f"p95 {percentile(values, 0.95):5.2f} s  max {max(values):5.2f} s   (target p95 ≤ 10 s)"
            )
        print(
            f"  {runs.count()} directory-change runs, {runs.filter(status=SyncRun.Status.SUCCEEDED).count()} succeeded"
            f"  ({load_average()})"
        )
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        worker_log.close()


if __name__ == "__main__":
    main()
