"""``manage.py runconsole`` starts the web server, a Celery worker and beat in the embedded
mode, and stops every one of them on Ctrl-C or when one of them dies.

These run the real command in a subprocess against a SQLite database and the filesystem
broker in a temporary ``VAR_DIR``, whatever DATABASE_URL / CELERY_BROKER_URL the suite
itself runs with."""

import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90
STOP_TIMEOUT = 20

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


# -- helpers -------------------------------------------------------------------------------


def embedded_env(var_dir: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "SECURE_"))
        and key not in ("DATABASE_URL", "ALLOWED_HOSTS", "PORT", "HOST")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "catalyst_admin.settings",
            "DEBUG": "true",
            "VAR_DIR": str(var_dir),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_table() -> dict:
    """pid -> (ppid, state) for every process, from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after it.
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry)] = (int(fields[1]), fields[0])
    return table


def descendants(pid: int) -> set:
    table = process_table()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, (ppid, _) in table.items() if ppid in frontier} - found
        found |= frontier
    return found


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def alive(pids) -> set:
    table = process_table()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}


def wait_until(predicate, timeout, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def http_status(url, timeout=5, cafile=None):
    context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError, ssl.SSLError):
        return None


class Console:
    """A running ``manage.py runconsole`` with its output in a file."""

    def __init__(self, var_dir: Path, log_path: Path):
        self.port = free_port()
        self.tls_port = free_port()
        self.certificate = var_dir / "tls" / "cert.pem"
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runconsole",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--tls-port",
                str(self.tls_port),
            ],
            cwd=ROOT,
            env=embedded_env(var_dir),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.seen_pids = set()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def tls_url(self):
        return f"https://127.0.0.1:{self.tls_port}"

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def running(self):
        return self.process.poll() is None

    def wait_ready(self):
        def ready():
            assert self.running(), f"runconsole exited early:\n{self.output()}"
            out = self.output()
            return (
                http_status(f"{self.url}/signin/") == 200
                and http_status(f"{self.tls_url}/signin/", cafile=self.certificate) == 200
                and "[worker]" in out
                and " ready." in out
                and "beat: Starting" in out
            )

        assert wait_until(ready, START_TIMEOUT, interval=0.5), f"not ready in time:\n{self.output()}"
        self.seen_pids = descendants(self.process.pid)
        return self.seen_pids

    def children_by_role(self):
        roles = {}
        for pid in descendants(self.process.pid):
            line = cmdline(pid)
            if "gunicorn catalyst_admin.wsgi" in line and "--certfile" in line:
                roles.setdefault("tls", set()).add(pid)
            elif "gunicorn catalyst_admin.wsgi" in line:
                roles.setdefault("web", set()).add(pid)
            elif " worker " in f"{line} ":
                roles.setdefault("worker", set()).add(pid)
            elif " beat " in f"{line} ":
                roles.setdefault("beat", set()).add(pid)
        return roles

    def cleanup(self):
        """Never leave processes behind, whatever the test did."""
        leftovers = alive(self.seen_pids | descendants(self.process.pid))
        if self.running():
            self.process.kill()
            self.process.wait(timeout=10)
        for pid in leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    var = tmp_path_factory.mktemp("runconsole-var")
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=embedded_env(var),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return var


@pytest.fixture
def console(var_dir, tmp_path):
    console = Console(var_dir, tmp_path / "runconsole.log")
    yield console
    console.cleanup()


# -- tests ---------------------------------------------------------------------------------


def test_serves_runs_worker_and_beat_and_stops_on_sigint(console, var_dir):
    console.wait_ready()
    assert f"http://127.0.0.1:{console.port}/" in console.output()

    roles = console.children_by_role()
    assert set(roles) == {"web", "tls", "worker", "beat"}, roles
    direct_children = {pid for pid, (ppid, _) in process_table().items() if ppid == console.process.pid}
    assert len(direct_children) == 4, [cmdline(pid) for pid in direct_children]
    # The same console over HTTPS, with the certificate created under var/tls/ (the key readable by its owner only).
    assert f"https://127.0.0.1:{console.tls_port}/" in console.output()
    assert http_status(f"{console.tls_url}/signin/") is None, "a client that does not trust the certificate is refused"
    assert (var_dir / "tls" / "key.pem").stat().st_mode & 0o077 == 0

    # The worker really consumes from the filesystem broker and writes results to the database.
    roundtrip = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from catalyst_admin.celery import app; "
            "print('RESULT', app.send_task('celery.accumulate', args=(1, 2)).get(timeout=30))",
        ],
        cwd=ROOT,
        env=embedded_env(var_dir),
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert "RESULT [1, 2]" in roundtrip.stdout, roundtrip.stdout + roundtrip.stderr

    pids = console.seen_pids | descendants(console.process.pid)
    console.process.send_signal(signal.SIGINT)
    try:
        code = console.process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"runconsole did not stop within {STOP_TIMEOUT}s:\n{console.output()}")
    assert code == 0, console.output()
    assert wait_until(lambda: not alive(pids), 5), [cmdline(pid) for pid in alive(pids)]
    assert http_status(f"{console.url}/signin/") is None
    assert http_status(f"{console.tls_url}/signin/", cafile=console.certificate) is None


def test_the_web_server_answers_fifty_simultaneous_requests_and_serves_static_files(console):
    """gunicorn (threaded, static files through WhiteNoise), not Django's development server,
    which a security review saw refuse about one connection in five under this load.
    ``bench/embedded_load.py`` measures it."""
    console.wait_ready()
    start = threading.Barrier(50, timeout=30)
    statuses = []

    def get():
        start.wait()
        statuses.append(http_status(f"{console.url}/signin/", timeout=60))

    threads = [threading.Thread(target=get) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) == 50, statuses
    assert http_status(f"{console.url}/static/css/console.css") == 200
    web = console.children_by_role()["web"]
    assert len(web) >= 2, "a gunicorn master and its workers"


def test_stops_everything_when_a_child_dies(console):
    console.wait_ready()
    beat = console.children_by_role()["beat"]
    pids = console.seen_pids | descendants(console.process.pid)
    for pid in beat:
        os.kill(pid, signal.SIGKILL)
    try:
        code = console.process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"runconsole did not stop within {STOP_TIMEOUT}s:\n{console.output()}")
    assert code != 0
    assert "beat exited" in console.output()
    assert wait_until(lambda: not alive(pids), 5), [cmdline(pid) for pid in alive(pids)]
