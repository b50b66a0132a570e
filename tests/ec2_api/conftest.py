"""The EC2 API's tests: boto3's ``ec2`` client and the AWS CLI against pytest-django's live server,
signing with access keys created through the IAM services."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from accounts.aws.iam import services as iam_services
from tests.factories import IamUserFactory

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


@pytest.fixture
def endpoint(live_server):
    return f"{live_server.url}/aws-api/ec2/"


@pytest.fixture
def make_key(transactional_db):
    """``make_key(account, name, policy)``: a new IAM user of ``account`` with that inline policy and
    an active access key (its secret on ``key.secret``)."""

    def make(account, name="deployer", policy=None):
        user = IamUserFactory(account=account, name=name, permissions_policy=policy or {})
        key, secret = iam_services.access_key_create(account=account, user=user)
        key.secret = secret
        return key

    return make


@pytest.fixture
def ec2_for(endpoint):
    """``ec2_for(key, region="us-west-2", secret=None)``: boto3's EC2 client signing with ``key``."""

    def client(key, region="us-west-2", secret=None):
        return boto3.client(
            "ec2",
            endpoint_url=endpoint,
            region_name=region,
            aws_access_key_id=key.access_key_id if hasattr(key, "access_key_id") else key,
            aws_secret_access_key=secret or key.secret,
            config=NO_RETRIES,
        )

    return client


@pytest.fixture
def aws_cli(endpoint, tmp_path):
    """``aws_cli(key, *args)``: the AWS CLI (awscli from PyPI) run as a person would, with the key in
    the environment and ``--endpoint-url``; returns the finished process."""
    aws = shutil.which("aws", path=str(Path(sys.executable).parent)) or "aws"

    def run(key, *args, region="us-west-2"):
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "AWS_ACCESS_KEY_ID": key.access_key_id,
            "AWS_SECRET_ACCESS_KEY": key.secret,
            "AWS_DEFAULT_REGION": region,
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_CONFIG_FILE": str(tmp_path / "config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        }
        return subprocess.run(
            [aws, *args, "--endpoint-url", endpoint, "--output", "json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


EC2_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}


@pytest.fixture
def full_vpc(network, mateo):
    """In the network account, us-west-2: a VPC built by "VPC and more" over all four zones with a NAT
    gateway in one (the seed's VPC that meets every requirement)."""
    from accounts.aws.ec2 import plans, services

    plan = plans.vpc_and_more_plan(
        region="us-west-2", name_prefix="prod", cidr_block="10.0.0.0/16", zone_count=4, nat_gateways=plans.NAT_ONE
    )
    return services.vpc_and_more_create(account=network, region="us-west-2", plan=plan, by=mateo)


@pytest.fixture
def network_key(make_key, network):
    """An access key of ``network-admin``, allowed every EC2 action in the network account."""
    return make_key(network, name="network-admin", policy=EC2_ALL)
