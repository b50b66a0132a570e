"""My settings → AWS CLI and SDKs: the environment lines for this console, and the ``sso_session``
profile plus SSO-cache file for a pasted PAT — files botocore itself then reads."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from identity.people.models import PersonalAccessToken
from identity.people.services import access_token_create

pytestmark = pytest.mark.django_db

READ_PROFILE = """
import boto3
from botocore.tokens import create_token_resolver
session = boto3.Session()
core = session._session
client = session.client("codecatalyst")
print(create_token_resolver(core).load_token().get_frozen_token().token, client.meta.endpoint_url,
      client.meta.region_name, core.get_scoped_config()["ca_bundle"])
"""


def test_my_settings_shows_the_lines_for_this_console(client, admin):
    client.force_login(admin)
    page = client.get("/settings/", HTTP_HOST="testserver:8000").content.decode()
    assert "AWS CLI and SDKs" in page
    assert f"export AWS_ENDPOINT_URL_CODECATALYST=https://testserver:{settings.TLS_PORT}/aws-api/codecatalyst" in page
    assert f"export AWS_CA_BUNDLE={(settings.TLS_DIR / 'cert.pem').resolve()}" in page
    assert "export AWS_BEARER_TOKEN_CODECATALYST=&lt;your personal access token&gt;" in page
    assert "export AWS_REGION=us-west-2" in page


def _files(client, secret, profile="codecatalyst"):
    data = {"token": secret, "profile": profile}
    config = client.post("/settings/aws-profile/", {**data, "download": "config"})
    cache = client.post("/settings/aws-profile/", {**data, "download": "sso-cache"})
    return config, cache


def test_the_profile_files_are_read_by_botocore(client, admin, tmp_path):
    _token, secret = access_token_create(user=admin, name="toolkit")
    client.force_login(admin)
    page = client.post("/settings/aws-profile/", {"token": secret, "profile": "cc-emulator"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "~/.aws/config" in text and "~/.aws/sso/cache/" in text
    assert page["Cache-Control"].startswith("max-age=0")

    config, cache = _files(client, secret, "cc-emulator")
    assert config["Content-Disposition"] == 'attachment; filename="config"'
    assert cache["Content-Disposition"].startswith('attachment; filename="') and cache["Content-Disposition"].endswith(
        '.json"'
    )
    cache_name = cache["Content-Disposition"].split('"')[1]
    (tmp_path / ".aws" / "sso" / "cache").mkdir(parents=True)
    (tmp_path / ".aws" / "config").write_bytes(config.content)
    (tmp_path / ".aws" / "sso" / "cache" / cache_name).write_bytes(cache.content)
    # A fresh process whose home is tmp_path: botocore finds both files where the page says they go.
    result = subprocess.run(
        [sys.executable, "-c", READ_PROFILE],
        env={"HOME": str(tmp_path), "AWS_PROFILE": "cc-emulator"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    token, endpoint, region, ca_bundle = result.stdout.split()
    assert token == secret
    assert endpoint == f"https://testserver:{settings.TLS_PORT}/aws-api/codecatalyst"
    assert region == "us-west-2"
    assert Path(ca_bundle) == (settings.TLS_DIR / "cert.pem").resolve()


def test_a_token_that_is_not_yours_or_expired_gets_no_files(client, admin, outsider):
    _t, theirs = access_token_create(user=outsider, name="olgas")
    _t, expired = access_token_create(user=admin, name="old")
    PersonalAccessToken.objects.filter(name="old").update(expires_on=timezone.localdate() - timedelta(days=1))
    client.force_login(admin)
    for secret in (theirs, expired, "ccpat_made-up"):
        config, cache = _files(client, secret)
        assert config.status_code == cache.status_code == 400
        assert "That is not one of your personal access tokens, or it has expired." in config.content.decode()
        assert secret not in config.content.decode()


def test_a_bad_profile_name_is_a_form_error(client, admin):
    _t, secret = access_token_create(user=admin, name="toolkit")
    client.force_login(admin)
    answer = client.post("/settings/aws-profile/", {"token": secret, "profile": "bad name]"})
    assert answer.status_code == 400
    assert "Use 1–64 letters, digits, hyphens or underscores." in answer.content.decode()
