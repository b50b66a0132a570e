"""docker-compose.yml describes the compose run mode: PostgreSQL, Redis, gunicorn, a Celery
worker and Celery beat, the three app services sharing one database and one broker.

Docker is not available where the tests run, so these read the file (and check that the
settings make of its environment what the file means)."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "web-tls", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    with open(ROOT / "docker-compose.yml") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def command_of(service) -> str:
    command = service.get("command", "")
    if isinstance(command, list):
        command = shlex.join(str(part) for part in command)
    return " ".join(str(command).split())


def environment_of(service) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


REQUIRED = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):\?[^}]*\}")


def interpolate(value: str, given: dict | None = None) -> str:
    """Compose's ``${NAME:-default}`` / ``${NAME}`` / ``${NAME:?message}`` with the ``given`` environment
    (empty by default); a required variable that is not given fails as ``docker compose`` does."""
    given = given or {}

    def required(match):
        if not given.get(match[1]):
            raise LookupError(f"{match[1]} is required")
        return given[match[1]]

    def one(piece: str) -> str:
        piece = REQUIRED.sub(required, piece)
        piece = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}", lambda m: given.get(m[1]) or m[2], piece)
        return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: given.get(m[1], ""), piece)

    return "$".join(one(piece) for piece in value.split("$$"))


COMPOSE_SECRET_KEY = "compose-test-key-5b1e9c7d3f2a8e6b0d4c1a9f7e3b5d2c8a6f0e4b1d9c7a3e5f"


def test_the_six_services(services):
    assert set(services) == {"postgres", "redis", "web", "web-tls", "worker", "beat"}
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    for name in APP_SERVICES:
        assert "build" in services[name], f"{name} is built from the project's Dockerfile"


def run_web_command(services, tmp_path, service="web", python="stub", **environment) -> list[str]:
    """Run a web service's shell command with ``python`` and ``gunicorn`` replaced by stubs that record
    their arguments: the programs it starts, in order."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    log = tmp_path / "calls.log"
    for program in ("python", "gunicorn") if python == "stub" else ("gunicorn",):
        stub = bin_dir / program
        stub.write_text(f'#!/bin/sh\necho "{program} $*" >> "{log}"\n')
        stub.chmod(0o755)
    if python != "stub":
        wrapper = bin_dir / "python"
        wrapper.write_text(f'#!/bin/sh\nexec "{python}" "$@"\n')
        wrapper.chmod(0o755)
    argv = [interpolate(str(part)) for part in services[service]["command"]]
    result = subprocess.run(
        argv,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", **environment},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return log.read_text().splitlines()


def test_web_runs_gunicorn_after_migrating_and_seeds_only_when_asked(services, tmp_path):
    command = command_of(services["web"])
    assert "gunicorn catalyst_admin.wsgi:application" in command
    assert "--bind 0.0.0.0:8000" in command
    assert any(str(port).endswith(":8000") for port in services["web"]["ports"])

    calls = run_web_command(services, tmp_path / "plain")
    assert [call.split()[:3] for call in calls] == [
        ["python", "manage.py", "migrate"],
        ["python", "manage.py", "collectstatic"],
        ["gunicorn", "catalyst_admin.wsgi:application", "--bind"],
    ]
    assert not any("seed_demo" in call for call in calls), calls

    asked = run_web_command(services, tmp_path / "demo", DEMO_WORLD="1")
    assert [call.split()[:3] for call in asked][:2] == [
        ["python", "manage.py", "migrate"],
        ["python", "manage.py", "seed_demo"],
    ]
    assert asked[-1].startswith("gunicorn ")


def test_web_tls_serves_https_with_the_certificate_it_creates_once(services, tmp_path):
    """web-tls makes the self-signed certificate (the real ``catalyst_admin.tls``, in the tls volume)
    and serves the console over HTTPS on 8443 with it: boto3 and the AWS CLI send bearer tokens only
    over HTTPS."""
    service = services["web-tls"]
    assert any(str(port).endswith(":8443") for port in service["ports"])
    assert "tls:/app/var/tls" in service["volumes"]
    var_dir = tmp_path / "var"
    environment = {
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": COMPOSE_SECRET_KEY,
        "DJANGO_SETTINGS_MODULE": "catalyst_admin.settings",
    }
    calls = run_web_command(services, tmp_path / "tls", service="web-tls", python=sys.executable, **environment)
    assert (var_dir / "tls" / "cert.pem").exists() and (var_dir / "tls" / "key.pem").exists()
    [gunicorn] = calls
    args = gunicorn.split()
    assert args[:2] == ["gunicorn", "catalyst_admin.wsgi:application"]
    assert args[args.index("--bind") + 1] == "0.0.0.0:8443"
    # The image's VAR_DIR is /app/var: the certificate the python step wrote is the one gunicorn reads.
    assert re.search(r"^\s*VAR_DIR=/app/var\b", (ROOT / "Dockerfile").read_text(), re.M)
    assert args[args.index("--certfile") + 1] == "/app/var/tls/cert.pem"
    assert args[args.index("--keyfile") + 1] == "/app/var/tls/key.pem"
    first = (var_dir / "tls" / "cert.pem").read_bytes()
    run_web_command(services, tmp_path / "again", service="web-tls", python=sys.executable, **environment)
    assert (var_dir / "tls" / "cert.pem").read_bytes() == first, "kept, not made again"


def test_no_committed_secret_key_nor_demo_password(services):
    """The key must come from the environment (``docker compose up`` fails without it) and the
    demo world, with its public password, is not loaded unless asked for."""
    for name in APP_SERVICES:
        env = environment_of(services[name])
        assert REQUIRED.fullmatch(env["SECRET_KEY"]), env["SECRET_KEY"]
        with pytest.raises(LookupError, match="SECRET_KEY"):
            interpolate(env["SECRET_KEY"])
        assert interpolate(env["SECRET_KEY"], {"SECRET_KEY": COMPOSE_SECRET_KEY}) == COMPOSE_SECRET_KEY
        assert interpolate(env["DEMO_WORLD"]) != "1"
        assert interpolate(env["DEMO_PASSWORD"]) == ""


def test_worker_and_beat_run_celery(services):
    worker = command_of(services["worker"])
    assert re.search(r"\bcelery -A catalyst_admin worker\b", worker)
    beat = command_of(services["beat"])
    assert re.search(r"\bcelery -A catalyst_admin beat\b", beat)
    assert "--scheduler django_celery_beat.schedulers:DatabaseScheduler" in beat


def test_app_services_share_database_and_broker(services):
    envs = {name: environment_of(services[name]) for name in APP_SERVICES}
    database_urls = {env["DATABASE_URL"] for env in envs.values()}
    broker_urls = {env["CELERY_BROKER_URL"] for env in envs.values()}
    assert len(database_urls) == 1 and len(broker_urls) == 1

    database = urlparse(interpolate(database_urls.pop()))
    assert database.scheme in ("postgres", "postgresql", "psql", "pgsql")
    assert database.hostname == "postgres"
    broker = urlparse(interpolate(broker_urls.pop()))
    assert broker.scheme == "redis"
    assert broker.hostname == "redis"


def test_app_services_run_in_production_mode_over_plain_http(services):
    for name in APP_SERVICES:
        env = environment_of(services[name])
        assert env["DEBUG"].lower() == "false"
        assert env["SECURE_SSL_REDIRECT"].lower() == "false"
        assert env["SESSION_COOKIE_SECURE"].lower() == "false"
        assert env["CSRF_COOKIE_SECURE"].lower() == "false"
        assert interpolate(env["ALLOWED_HOSTS"])


def test_healthchecks_and_start_order(services):
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has a healthcheck"
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    # The migrations run in web; the worker's result backend and beat's scheduler need them.
    for name in ("worker", "beat"):
        assert services[name]["depends_on"]["web"]["condition"] == "service_healthy"


def test_settings_read_the_compose_environment(services, tmp_path):
    """The variable names in the compose file are the ones settings.py reads."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
    env.pop("DATABASE_URL", None)
    given = {"SECRET_KEY": COMPOSE_SECRET_KEY}
    env.update({key: interpolate(value, given) for key, value in environment_of(services["web"]).items()})
    env.update({"DJANGO_SETTINGS_MODULE": "catalyst_admin.settings", "VAR_DIR": str(tmp_path)})
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'DEBUG': s.DEBUG, 'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT, "
        "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, 'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE, "
        "'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'DB_ENGINE': s.DATABASES['default']['ENGINE'], "
        "'DB_HOST': s.DATABASES['default']['HOST'], 'BROKER': s.CELERY_BROKER_URL, "
        "'SECRET_KEY': s.SECRET_KEY, 'DEMO_WORLD': s.DEMO_WORLD}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["DEBUG"] is False
    assert seen["SECURE_SSL_REDIRECT"] is False
    assert seen["SESSION_COOKIE_SECURE"] is False
    assert seen["CSRF_COOKIE_SECURE"] is False
    assert "localhost" in seen["ALLOWED_HOSTS"]
    assert seen["DB_ENGINE"] == "django.db.backends.postgresql"
    assert seen["DB_HOST"] == "postgres"
    assert seen["BROKER"].startswith("redis://redis:6379")
    assert seen["SECRET_KEY"] == COMPOSE_SECRET_KEY
    assert seen["DEMO_WORLD"] is False


def test_dockerfile():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.M)
    assert "collectstatic" in dockerfile
    assert "pyproject.toml" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignored and "var" in ignored and ".git" in ignored
