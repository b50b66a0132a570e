"""With a real key and host, the production settings pass ``manage.py check --deploy``."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_deploy_check(tmp_path, **overrides):
    return run_command(tmp_path, ["check", "--deploy", "--fail-level", "WARNING"], **overrides)


def run_command(tmp_path, command, script=None, **overrides):
    """``manage.py <command>`` (or ``python -c script``) with the production settings, DEBUG off
    and no SECRET_KEY unless ``overrides`` give one."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SECURE_"))}
    for key in ("SECRET_KEY", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "DEMO_WORLD"):
        env.pop(key, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "catalyst_admin.settings",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "console.example.com",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
            "VAR_DIR": str(tmp_path),
        }
    )
    env.update(overrides)
    argv = [sys.executable, "-c", script] if script else [sys.executable, "manage.py", *command]
    return subprocess.run(
        argv,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def random_secret_key(length=60):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def test_check_deploy_passes_with_real_key_and_host(tmp_path):
    result = run_deploy_check(tmp_path, SECRET_KEY=random_secret_key())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    assert "no issues" in output, output


def test_check_deploy_rejects_the_development_key(tmp_path):
    """The check is live: the built-in development key, passed on purpose, is refused."""
    with_development_key = run_deploy_check(tmp_path, SECRET_KEY="django-insecure-catalyst-admin-development-only-key")
    assert with_development_key.returncode != 0
    assert "security.W009" in with_development_key.stdout + with_development_key.stderr


def test_without_secret_key_and_debug_off_the_app_refuses_to_start(tmp_path):
    """No signing with the public development key: loading the settings fails and says why."""
    for command in (["check"], ["migrate", "--noinput"]):
        result = run_command(tmp_path, command)
        assert result.returncode != 0
        assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr, result.stderr
    assert not (tmp_path / "deploy.sqlite3").exists()

    wsgi = run_command(tmp_path, None, script="import catalyst_admin.wsgi")
    assert "ImproperlyConfigured: SECRET_KEY is not set" in wsgi.stderr, wsgi.stderr

    empty = run_command(tmp_path, ["check"], SECRET_KEY="")
    assert "ImproperlyConfigured: SECRET_KEY is not set" in empty.stderr, empty.stderr


def test_with_debug_on_the_development_key_still_serves_a_fresh_machine(tmp_path):
    """``make run`` (DEBUG=true, no environment) starts without a key of its own."""
    result = run_command(
        tmp_path,
        None,
        DEBUG="true",
        script="import django; django.setup(); from django.conf import settings as s; print(s.SECRET_KEY)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("django-insecure-catalyst-admin-development-only-key")


def test_seed_demo_refuses_with_debug_off_unless_asked(tmp_path):
    """The demo world (users with the public DEMO_PASSWORD) is not created by a production run."""
    key = random_secret_key()
    assert run_command(tmp_path, ["migrate", "--noinput"], SECRET_KEY=key).returncode == 0
    refused = run_command(tmp_path, ["seed_demo"], SECRET_KEY=key)
    assert refused.returncode != 0
    assert "Refusing to load the demo world with DEBUG off" in refused.stderr, refused.stderr
    count = "import django; django.setup(); from identity.people.models import User; print(User.objects.count())"
    assert run_command(tmp_path, None, SECRET_KEY=key, script=count).stdout.strip() == "0"

    empty_password = run_command(tmp_path, ["seed_demo"], SECRET_KEY=key, DEMO_WORLD="1", DEMO_PASSWORD="")
    assert empty_password.returncode != 0
    assert "DEMO_PASSWORD is empty" in empty_password.stderr, empty_password.stderr

    for asked in ({"DEMO_WORLD": "1"}, {"ARGS": "--i-know-this-is-not-production"}):
        extra = [asked.pop("ARGS")] if "ARGS" in asked else []
        result = run_command(tmp_path, ["seed_demo", *extra], SECRET_KEY=key, **asked)
        assert result.returncode == 0, result.stderr
        assert "Demo world ready" in result.stdout
    assert int(run_command(tmp_path, None, SECRET_KEY=key, script=count).stdout.strip()) > 0
