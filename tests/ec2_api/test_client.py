"""The EC2 client CodeCatalyst reads VPCs through, as the VPC role, with both backends: the built-in
one over the emulation, and boto3 against moto's real server (STS AssumeRole into another account,
IAM enforcement on). The seed's seven-action role reads VPCs, subnets and security groups, and both
backends report DescribeRouteTables as refused, naming the action."""

import json
import logging

import boto3
import pytest
import requests

from accounts.aws.ec2.client import (
    BOTO3,
    Boto3Ec2Client,
    BuiltinEc2Client,
    Ec2AccessDenied,
    Ec2ClientError,
    Ec2Unreachable,
    ec2_client_for,
)
from accounts.aws.iam.forms import CODECATALYST_TRUST_POLICY_EXAMPLE
from tests.factories import IamRoleFactory
from tests.fixtures_aws import NETWORK

SEVEN_ACTIONS = [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcs",
]
SEVEN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": SEVEN_ACTIONS, "Resource": "*"}]}
ROLE_ARN = f"arn:aws:iam::{NETWORK}:role/codecatalyst-vpc-role"
MOTO_CALLER_ACCOUNT = "123456789012"  # moto's account for credentials it does not know


# The built-in backend --------------------------------------------------------------------------


@pytest.fixture
def vpc_role(network):
    return IamRoleFactory(
        account=network,
        name="codecatalyst-vpc-role",
        trust_policy=json.loads(CODECATALYST_TRUST_POLICY_EXAMPLE),
        permissions_policy=SEVEN,
    )


@pytest.mark.django_db
def test_builtin_reads_what_the_role_allows_and_refuses_route_tables(vpc_role, network, mateo, settings):
    from accounts.aws.ec2 import services

    vpc = services.vpc_create(account=network, region="us-west-2", cidr_block="10.0.0.0/16", name="app", by=mateo)
    client = ec2_client_for(role_arn=ROLE_ARN, region="us-west-2")
    assert isinstance(client, BuiltinEc2Client)
    assert sorted(v["CidrBlock"] for v in client.describe_vpcs()) == ["10.0.0.0/16", "172.31.0.0/16"]
    assert client.describe_subnets(filters=[{"Name": "vpc-id", "Values": [vpc.resource_id]}]) == []
    groups = client.describe_security_groups(filters=[{"Name": "vpc-id", "Values": [vpc.resource_id]}])
    assert [g["GroupName"] for g in groups] == ["default"]

    with pytest.raises(Ec2AccessDenied) as refused:
        client.describe_route_tables()
    assert refused.value.action == "ec2:DescribeRouteTables"
    assert refused.value.code == "UnauthorizedOperation"
    assert "codecatalyst-vpc-role" in refused.value.message and "ec2:DescribeRouteTables" in refused.value.message
    for call in (client.describe_internet_gateways, client.describe_nat_gateways, client.describe_vpc_endpoints):
        with pytest.raises(Ec2AccessDenied):
            call()

    with pytest.raises(Ec2ClientError) as missing:
        client.describe_vpcs(vpc_ids=["vpc-0123456789abcdef0"])
    assert missing.value.code == "InvalidVpcID.NotFound"


@pytest.mark.django_db
def test_builtin_needs_a_role_that_exists_and_trusts_codecatalyst(vpc_role, network, build):
    with pytest.raises(Ec2AccessDenied) as unknown:
        BuiltinEc2Client(role_arn=f"arn:aws:iam::{NETWORK}:role/nobody", region="us-west-2")
    assert unknown.value.action == "sts:AssumeRole"
    untrusting = IamRoleFactory(
        account=build,
        name="ops-role",
        trust_policy={"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}}]},
        permissions_policy=SEVEN,
    )
    with pytest.raises(Ec2AccessDenied):
        BuiltinEc2Client(role_arn=untrusting.arn, region="us-west-2")


# The boto3 backend against moto's server ----------------------------------------------------------


@pytest.fixture
def moto_world():
    """moto's server with, in account 777788889999, codecatalyst-vpc-role (the seven actions) and a
    VPC with a subnet; the caller is an IAM user of moto's account 123456789012 allowed
    sts:AssumeRole. IAM enforcement is then turned on (REFERENCE.md: reset-auth).

    Per test, not per module: moto's state and its enforcement switch are process-wide, shared by
    every moto server of the test run, so another module's reset between this fixture and its
    tests would take the caller's key away; enforcement is turned off again afterwards."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    plain = {
        "endpoint_url": url,
        "region_name": "us-west-2",
        "aws_access_key_id": "setup",
        "aws_secret_access_key": "x",
    }
    try:
        requests.post(f"{url}/moto-api/reset", timeout=30)
        iam = boto3.client("iam", **plain)
        iam.create_user(UserName="codecatalyst")
        iam.put_user_policy(
            UserName="codecatalyst",
            PolicyName="assume",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
                }
            ),
        )
        caller = iam.create_access_key(UserName="codecatalyst")["AccessKey"]
        # Into the network account, to build the role and the VPC there.
        setup = boto3.client("sts", **plain).assume_role(
            RoleArn=f"arn:aws:iam::{NETWORK}:role/setup", RoleSessionName="setup"
        )
        creds = setup["Credentials"]
        as_network = {
            **plain,
            "aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"],
        }
        network_iam = boto3.client("iam", **as_network)
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{MOTO_CALLER_ACCOUNT}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
        network_iam.create_role(RoleName="codecatalyst-vpc-role", AssumeRolePolicyDocument=json.dumps(trust))
        network_iam.put_role_policy(
            RoleName="codecatalyst-vpc-role", PolicyName="vpc", PolicyDocument=json.dumps(SEVEN)
        )
        ec2 = boto3.client("ec2", **as_network)
        vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24", AvailabilityZone="us-west-2a")
        requests.post(f"{url}/moto-api/reset-auth", data="0", headers={"Content-Type": "text/plain"}, timeout=30)
        yield {"url": url, "vpc_id": vpc_id, "caller": caller}
    finally:
        # Enforcement back off for whatever runs next in this process (a count no run reaches).
        requests.post(
            f"{url}/moto-api/reset-auth", data="1000000000", headers={"Content-Type": "text/plain"}, timeout=30
        )
        requests.post(f"{url}/moto-api/reset", timeout=30)
        server.stop()


@pytest.fixture
def boto3_backend(moto_world, settings, monkeypatch):
    settings.EC2_CLIENT_BACKEND = BOTO3
    settings.EC2_CLIENT_STS_ENDPOINT_URL = moto_world["url"]
    settings.EC2_CLIENT_EC2_ENDPOINT_URL = moto_world["url"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", moto_world["caller"]["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", moto_world["caller"]["SecretAccessKey"])
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return moto_world


def test_boto3_assumes_the_role_in_another_account_and_reads_its_vpcs(boto3_backend):
    client = ec2_client_for(role_arn=ROLE_ARN, region="us-west-2")
    assert isinstance(client, Boto3Ec2Client)
    vpcs = client.describe_vpcs()
    assert boto3_backend["vpc_id"] in {v["VpcId"] for v in vpcs}
    assert {v["OwnerId"] for v in vpcs} == {NETWORK}  # the network account's VPCs, not the caller's
    subnets = client.describe_subnets(filters=[{"Name": "vpc-id", "Values": [boto3_backend["vpc_id"]]}])
    assert [s["CidrBlock"] for s in subnets] == ["10.0.1.0/24"]
    groups = client.describe_security_groups(filters=[{"Name": "vpc-id", "Values": [boto3_backend["vpc_id"]]}])
    assert [g["GroupName"] for g in groups] == ["default"]


def test_boto3_reports_describe_route_tables_refused_for_the_seven_action_role(boto3_backend):
    client = ec2_client_for(role_arn=ROLE_ARN, region="us-west-2")
    with pytest.raises(Ec2AccessDenied) as refused:
        client.describe_route_tables()
    assert refused.value.action == "ec2:DescribeRouteTables"


def test_boto3_reports_an_unreachable_endpoint(settings, boto3_backend):
    settings.EC2_CLIENT_STS_ENDPOINT_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(Ec2Unreachable):
        ec2_client_for(role_arn=ROLE_ARN, region="us-west-2")


@pytest.mark.django_db
def test_builtin_reads_the_demo_worlds_network_as_its_vpc_role(settings):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    client = ec2_client_for(role_arn=ROLE_ARN, region="us-west-2")
    assert sorted(v["CidrBlock"] for v in client.describe_vpcs()) == ["10.0.0.0/16", "172.16.0.0/16", "172.31.0.0/16"]
    with pytest.raises(Ec2AccessDenied) as refused:
        client.describe_route_tables()
    assert refused.value.action == "ec2:DescribeRouteTables"
