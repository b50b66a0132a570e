"""The AWS CLI (awscli from PyPI, v1) against the live server over plain HTTP, configured with
environment variables only (awscli 1.46 vendors a botocore that still sends bearer tokens over HTTP)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

AWS = shutil.which("aws", path=str(Path(sys.executable).parent))


def aws(live_server, secret, tmp_path, *args):
    return subprocess.run(
        [AWS, "codecatalyst", *args, "--output", "json"],
        env={
            "HOME": str(tmp_path),
            "PATH": str(Path(sys.executable).parent),
            "AWS_ENDPOINT_URL_CODECATALYST": f"{live_server.url}/aws-api/codecatalyst",
            "AWS_BEARER_TOKEN_CODECATALYST": secret,
            "AWS_REGION": "us-west-2",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(AWS is None, reason="awscli is not installed (the test extra)")
def test_aws_codecatalyst_list_spaces_create_project_and_an_error(live_server, admin, space, pat, tmp_path):
    secret = pat(admin)
    listed = aws(live_server, secret, tmp_path, "list-spaces")
    assert listed.returncode == 0, listed.stderr
    assert [s["name"] for s in json.loads(listed.stdout)["items"]] == ["acme"]

    created = aws(live_server, secret, tmp_path, "create-project", "--space-name", "acme", "--display-name", "cli")
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["name"] == "cli"
    assert space.projects.filter(name="cli").exists()

    again = aws(live_server, secret, tmp_path, "create-project", "--space-name", "acme", "--display-name", "cli")
    assert again.returncode != 0
    assert "ConflictException" in again.stderr

    refused = aws(live_server, "ccpat_not-a-token", tmp_path, "list-spaces")
    assert refused.returncode != 0
    assert "AccessDeniedException" in refused.stderr
