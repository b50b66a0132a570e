"""The EC2 client CodeCatalyst reads VPCs through, as the VPC role, with both backends: the built-in
one over the emulation, and boto3 against moto's real server (STS AssumeRole into another account,
IAM enforcement on). The seed's seven-action role reads VPCs, subnets and security groups, and both
backends report DescribeRouteTables as refused, naming the action."""

import json

import pytest

from accounts.aws.ec2.client import (
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
from tests.moto_network import enforcement, moto_network, use_boto3_backend

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
    VPC with a subnet; the caller an IAM user of moto's account allowed sts:AssumeRole; IAM
    enforcement on (tests/moto_network.py)."""
    with moto_network(roles={"codecatalyst-vpc-role": SEVEN}) as network:
        ec2 = network.client("ec2")
        vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24", AvailabilityZone="us-west-2a")
        enforcement(network.url, on=True)
        yield {"network": network, "url": network.url, "vpc_id": vpc_id}


@pytest.fixture
def boto3_backend(moto_world, settings, monkeypatch):
    use_boto3_backend(moto_world["network"], settings=settings, monkeypatch=monkeypatch)
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
