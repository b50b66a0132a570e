"""Helpers of the sync integration tests: waiting for what a worker does, and worker processes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from identity.sync.models import SyncRun
from spaces.models import SpaceMembership

BASE_DIR = Path(settings.BASE_DIR)


def wait_for(predicate, *, timeout: float = 30, interval: float = 0.05, message: str = "", details=None):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = f"\n{details()}" if details else ""
            raise AssertionError(f"Timed out after {timeout} s waiting for {message or predicate}{extra}")
        time.sleep(interval)


def run_status(run_id: int) -> str | None:
    return SyncRun.objects.filter(pk=run_id).values_list("status", flat=True).first()


def wait_for_run(run_id: int, *statuses: str, timeout: float = 30, details=None) -> SyncRun:
    """Wait until the run has one of ``statuses`` (by default: any finished status)."""
    wanted = statuses or SyncRun.FINISHED
    wait_for(
        lambda: run_status(run_id) in wanted,
        timeout=timeout,
        message=f"run {run_id} to be {wanted}",
        details=lambda: f"run {run_id} is {run_status(run_id)}" + (f"\n{details()}" if details else ""),
    )
    return SyncRun.objects.get(pk=run_id)


def sso_members(space) -> dict[str, str]:
    return {
        m.user.name: m.role
        for m in SpaceMembership.objects.filter(space=space, source=SpaceMembership.Source.SSO).select_related("user")
    }


def database_url() -> str:
    """The test database as a ``DATABASE_URL`` for a worker process (see the ``_shared_database``
    fixture: on SQLite it is a file by then)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db(), "a worker process cannot open an in-memory database"
        return f"sqlite:///{Path(params['NAME']).resolve()}"
    assert connection.vendor == "postgresql", f"no worker DATABASE_URL for {connection.vendor}"
    credentials = quote(params["USER"] or "", safe="")
    if params.get("PASSWORD"):
        credentials += ":" + quote(params["PASSWORD"], safe="")
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(params['NAME'], safe='')}"


class WorkerProcess:
    """``celery -A catalyst_admin worker`` in its own process group, consuming one queue, with the
    prefork pool of the compose worker (one child): SIGKILL goes to the whole group."""

    def __init__(self, *, name: str, queue: str, log_path: Path, env: dict[str, str]):
        self.name = name
        self.queue = queue
        self.log_path = log_path
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "catalyst_admin",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--queues",
            self.queue,
            "--hostname",
            f"{self.name}@%h",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the worker and everything it started, as the kernel's OOM killer would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.running:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return f"{self.name}: no log"
        return f"--- {self.name} log (last {lines} lines) ---\n" + "\n".join(text.splitlines()[-lines:])
