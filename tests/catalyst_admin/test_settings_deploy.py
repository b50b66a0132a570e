"""With a real key and host, the production settings pass ``manage.py check --deploy``."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_deploy_check(tmp_path, **overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SECURE_"))}
    for key in ("SECRET_KEY", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
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
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
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
    """The check is live: the built-in development key is refused."""
    env_without_key = run_deploy_check(tmp_path)
    assert env_without_key.returncode != 0
    assert "security.W009" in env_without_key.stdout + env_without_key.stderr
