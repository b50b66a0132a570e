"""How the console is served (issue 17 §3): one gunicorn configuration for `make run`, compose, the
image and the load run; workers that fork warm; database connections kept between requests.

Each check runs the settings in a subprocess, as a server would load them: the suite's own settings
are already loaded (and its SQLite database is in memory, whose connections Django never closes)."""

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from catalyst_admin.management.commands.runconsole import Command as RunConsole

ROOT = Path(__file__).resolve().parents[2]
CONFIG = "python:catalyst_admin.gunicorn_conf"


def run_python(tmp_path, script: str, **overrides) -> str:
    """``python -c script`` with the production settings, DEBUG off, a file SQLite database under
    ``tmp_path`` unless ``overrides`` say otherwise; its last line of output."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CONN_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "catalyst_admin.settings",
            "DEBUG": "false",
            "SECRET_KEY": "serving-test-key-8d2f6a0c4e1b9d7f3a5c8e2b6d0f4a9c7e1b3d5f",
            "VAR_DIR": str(tmp_path),
            **overrides,
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


# Two requests' worth of Django's request cycle (the signals gunicorn's workers send around each
# request), each running a query: the ids of the DB-API connections they used.
TWO_REQUESTS = """
import json, django
django.setup()
from django.core.signals import request_finished, request_started
from django.db import connection
used = []
for _ in range(2):
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    used.append(id(connection.connection))
    request_finished.send(sender=None)
print(json.dumps({"used": used, "max_age": connection.settings_dict["CONN_MAX_AGE"],
                  "health_checks": connection.settings_dict["CONN_HEALTH_CHECKS"]}))
"""


def test_a_sqlite_connection_is_kept_between_requests(tmp_path):
    seen = json.loads(run_python(tmp_path, TWO_REQUESTS))
    first, second = seen["used"]
    assert first == second, "the second request reused the first one's connection"
    assert seen["max_age"] == 60 and seen["health_checks"] is True


def test_conn_max_age_zero_opens_a_connection_per_request(tmp_path):
    seen = json.loads(run_python(tmp_path, TWO_REQUESTS, CONN_MAX_AGE="0"))
    assert seen["max_age"] == 0
    first, second = seen["used"]
    assert first != second


def test_postgresql_keeps_its_connections_with_health_checks(tmp_path):
    script = (
        "import json, django; django.setup(); from django.conf import settings; d = settings.DATABASES['default']; "
        "print(json.dumps([d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    given = run_python(tmp_path, script, DATABASE_URL="postgres://catalyst@db.invalid:5432/catalyst")
    assert json.loads(given) == ["django.db.backends.postgresql", 60, True]
    off = run_python(
        tmp_path, script, DATABASE_URL="postgres://catalyst@db.invalid:5432/catalyst", CONN_HEALTH_CHECKS="false"
    )
    assert json.loads(off)[2] is False


def test_the_wsgi_module_leaves_the_urls_imported_the_templates_compiled_and_no_connection_open(tmp_path):
    """What a worker's first requests did lazily is done on import (in gunicorn's master, with
    preload_app), and a forked worker inherits no database connection."""
    script = """
import json, sys
before = set(sys.modules)
import catalyst_admin.wsgi
from django.db import connections
from django.template import engines
cached = engines["django"].engine.template_loaders[0].get_template_cache
print(json.dumps({
    "urls": "catalyst_admin.urls" in set(sys.modules) - before,
    "views": sorted(m for m in sys.modules if m.endswith(".views"))[:3],
    "templates": sorted(k for k in cached if k in ("base.html", "console.html", "404.html")),
    "open": [c.alias for c in connections.all() if c.connection is not None],
}))
"""
    seen = json.loads(run_python(tmp_path, script))
    assert seen["urls"] and seen["views"], seen
    assert seen["templates"] == ["404.html", "base.html", "console.html"]
    assert seen["open"] == []


def gunicorn_argv_of_compose(service: str) -> list[str]:
    with open(ROOT / "docker-compose.yml") as f:
        command = yaml.safe_load(f)["services"][service]["command"]
    shell = " ".join(str(part) for part in command) if isinstance(command, list) else command
    return shlex.split(shell[shell.index("exec gunicorn ") + len("exec ") :])


def dockerfile_cmd() -> list[str]:
    [cmd] = re.findall(r"^CMD (\[.*\])$", (ROOT / "Dockerfile").read_text(), re.M)
    return json.loads(cmd)


@pytest.mark.parametrize(
    "where,argv",
    [
        ("compose web", gunicorn_argv_of_compose("web")),
        ("compose web-tls", gunicorn_argv_of_compose("web-tls")),
        ("the image", dockerfile_cmd()),
        ("make run", RunConsole._web_command("python", "127.0.0.1", 8000)[2:]),
        ("make run, tls", RunConsole._web_command("python", "127.0.0.1", 8443, tls=("c.pem", "k.pem"))[2:]),
    ],
)
def test_every_server_uses_the_one_gunicorn_configuration(where, argv):
    """Processes, threads and preloading come from catalyst_admin/gunicorn_conf.py alone, the file
    bench/pages.py measures; none is set beside it."""
    assert argv[:2] == ["gunicorn", "catalyst_admin.wsgi:application"], where
    assert argv[argv.index("-c") + 1] == CONFIG, where
    for option in ("--workers", "-w", "--threads", "--worker-class", "-k", "--preload", "--access-logfile"):
        assert option not in argv, f"{where} sets {option} itself"


def test_gunicorn_reads_the_configuration(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("WEB_CONCURRENCY", "GUNICORN_CMD_ARGS")}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "catalyst_admin.wsgi:application", "-c", CONFIG, "--print-config"],
        cwd=ROOT,
        env={**env, "DEBUG": "true", "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    seen = dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.M))
    from catalyst_admin import gunicorn_conf

    assert seen["preload_app"] == "True"
    assert seen["worker_class"] == gunicorn_conf.worker_class
    assert int(seen["workers"]) == gunicorn_conf.workers
    assert seen["accesslog"] == "-"
    assert seen["control_socket_disable"] == "True"
    assert seen["reuse_port"] == "True"

    scaled = subprocess.run(
        [sys.executable, "-m", "gunicorn", "catalyst_admin.wsgi:application", "-c", CONFIG, "--print-config"],
        cwd=ROOT,
        env={**env, "DEBUG": "true", "VAR_DIR": str(tmp_path), "WEB_CONCURRENCY": "7"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert re.search(r"^workers\s+= 7$", scaled.stdout, re.M), scaled.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_sockets_on(port: int) -> int:
    """How many IPv4 sockets listen on 127.0.0.1:``port`` (/proc/net/tcp; state 0A is LISTEN)."""
    with open("/proc/net/tcp") as f:
        rows = [line.split() for line in f.readlines()[1:]]
    return sum(1 for row in rows if row[1] == f"0100007F:{port:04X}" and row[3] == "0A")


def start_gunicorn(tmp_path, port: int, **env_overrides) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key not in ("WEB_CONCURRENCY", "GUNICORN_CMD_ARGS")}
    env.update({"DEBUG": "true", "VAR_DIR": str(tmp_path), "WEB_CONCURRENCY": "2", **env_overrides})
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "catalyst_admin.wsgi:application",
            "-c",
            CONFIG,
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from /proc")
def test_each_worker_listens_on_its_own_socket_and_a_second_server_is_refused(tmp_path):
    """The kernel spreads connections over the workers only if each has its own socket; and with
    SO_REUSEPORT a second server on the same address must be refused, not bound beside the first."""
    port = free_port()
    first = start_gunicorn(tmp_path, port)
    try:
        deadline = time.monotonic() + 60
        while listening_sockets_on(port) < 2 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.1)
        assert listening_sockets_on(port) == 2, first.stderr.read() if first.poll() is not None else "one socket"

        second = start_gunicorn(tmp_path, port)
        _, errors = second.communicate(timeout=60)
        assert second.returncode != 0
        assert f"Cannot listen on 127.0.0.1:{port}: Address already in use" in errors
        assert listening_sockets_on(port) == 2, "the first server's workers still listen, and no one else"
    finally:
        first.terminate()
        first.wait(timeout=30)
