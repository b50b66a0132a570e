"""The HTTPS listener of the embedded run, end to end: ``manage.py runconsole`` (web, tls, worker,
beat) on a file SQLite database in a temporary VAR_DIR, a user and a personal access token made with
manage.py, and an unmodified boto3 in another process that knows nothing but the four environment
variables of the README. botocore >= 1.44 sends the bearer token only because this is HTTPS."""

import subprocess
import sys

import pytest

from tests.catalyst_admin.test_runconsole import ROOT, Console, embedded_env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

MAKE_USER_AND_TOKEN = """
from identity.people.models import User
from identity.people.services import access_token_create
from spaces.models import Space, SpaceMembership
from spaces.roles import SpaceRole
user = User.objects.create_user("tls@example.com", "x-password-1", alias="tlsuser", name="Tess Tls")
space = Space.objects.create(name="tls-space", created_by=user)
SpaceMembership.objects.create(space=space, user=user, role=SpaceRole.SPACE_ADMINISTRATOR)
print("SECRET", access_token_create(user=user, name="boto3")[1])
"""


def manage(var_dir, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=embedded_env(var_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_boto3_lists_spaces_over_https_with_only_the_four_environment_variables(tmp_path):
    var_dir = tmp_path / "var"
    manage(var_dir, "migrate", "--noinput")
    secret = manage(var_dir, "shell", "-c", MAKE_USER_AND_TOKEN).split("SECRET ", 1)[1].strip()
    console = Console(var_dir, tmp_path / "runconsole.log")
    try:
        console.wait_ready()
        result = subprocess.run(
            [sys.executable, "-c", "import boto3; print(boto3.client('codecatalyst').list_spaces())"],
            cwd=tmp_path,
            env={
                "AWS_ENDPOINT_URL_CODECATALYST": f"{console.tls_url}/aws-api/codecatalyst",
                "AWS_CA_BUNDLE": str(console.certificate),
                "AWS_BEARER_TOKEN_CODECATALYST": secret,
                "AWS_REGION": "us-west-2",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        console.cleanup()
    assert result.returncode == 0, result.stderr
    assert "'name': 'tls-space'" in result.stdout
    assert "'regionName': 'us-west-2'" in result.stdout
