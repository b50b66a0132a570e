"""Email goes through EMAIL_URL when it is set, and to one file per message under VAR_DIR/outbox
in the embedded run (settings read in a fresh process, as the server reads them)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: str(getattr(s, k, '')) for k in "
    "('EMAIL_BACKEND', 'EMAIL_FILE_PATH', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_USE_TLS', "
    "'DEFAULT_FROM_EMAIL', 'SITE_URL')}))"
)


def _settings(tmp_path, **variables) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "DEFAULT_FROM_EMAIL", "SITE_URL")}
    env.update({"DJANGO_SETTINGS_MODULE": "catalyst_admin.settings", "VAR_DIR": str(tmp_path), **variables})
    result = subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_embedded_run_writes_email_to_the_outbox(tmp_path):
    settings = _settings(tmp_path)
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert settings["EMAIL_FILE_PATH"] == str(tmp_path / "outbox")
    assert settings["SITE_URL"] == "http://127.0.0.1:8000"
    assert settings["DEFAULT_FROM_EMAIL"]


def test_email_url_names_the_smtp_server(tmp_path):
    settings = _settings(
        tmp_path,
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.com:587",
        DEFAULT_FROM_EMAIL="CodeCatalyst <no-reply@example.com>",
        SITE_URL="https://catalyst.example.com/",
    )
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"], settings["EMAIL_HOST_USER"]) == (
        "smtp.example.com",
        "587",
        "mailer",
    )
    assert settings["EMAIL_USE_TLS"] == "True"
    assert settings["DEFAULT_FROM_EMAIL"] == "CodeCatalyst <no-reply@example.com>"
    assert settings["SITE_URL"] == "https://catalyst.example.com"
