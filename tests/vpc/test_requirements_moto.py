"""The VPC requirements check and "Add VPC connection" against the boto3 backend: moto's real
server, STS AssumeRole from moto's account into examplecorp-network (777788889999), IAM policy
enforcement on. The same verdicts as the built-in backend: the compliant VPC passes, the
172.16.0.0/16 one and the default VPC fail, and the seed's seven-action role leaves the route and
gateway requirements unverifiable, naming the actions."""

import json
import logging

import boto3
import pytest
import requests

from tests.fixtures_aws import NETWORK
from tests.fixtures_vpc import READER_ACTIONS, SEVEN_ACTIONS, policy
from vpc.models import VpcConnection
from vpc.requirements import FAILED, PASSED, UNVERIFIABLE, check_vpc
from vpc.services import RequirementsRefused

pytestmark = pytest.mark.django_db
REGION = "us-west-2"
MOTO_CALLER_ACCOUNT = "123456789012"  # moto's account for credentials it does not know
ZONES = ("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d")


def _build_network(ec2) -> dict:
    """In the network account: the compliant VPC as "VPC and more" makes it (one public subnet, a
    private subnet per zone, internet gateway, NAT gateway, route tables) with an outbound-only
    security group, and the 172.16.0.0/16 VPC with two subnets and nothing else."""
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/20", AvailabilityZone=ZONES[0])["Subnet"]["SubnetId"]
    private = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{128 + 16 * n}.0/20", AvailabilityZone=zone)["Subnet"]["SubnetId"]
        for n, zone in enumerate(ZONES)
    ]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=public_table, SubnetId=public)
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=public, AllocationId=allocation)["NatGateway"]["NatGatewayId"]
    private_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=private_table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    for subnet in private:
        ec2.associate_route_table(RouteTableId=private_table, SubnetId=subnet)
    group = ec2.create_security_group(GroupName="workflows", Description="Workflows", VpcId=vpc)["GroupId"]
    legacy = ec2.create_vpc(CidrBlock="172.16.0.0/16")["Vpc"]["VpcId"]
    legacy_subnets = [
        ec2.create_subnet(VpcId=legacy, CidrBlock=block, AvailabilityZone=zone)["Subnet"]["SubnetId"]
        for zone, block in ((ZONES[0], "172.16.0.0/20"), (ZONES[1], "172.16.16.0/20"))
    ]
    legacy_group = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [legacy]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]["GroupId"]
    default = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    default_subnet = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [default]}])["Subnets"][0]
    default_group = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [default]}])["SecurityGroups"]
    return {
        "vpc_id": vpc,
        "public": public,
        "private": private,
        "sg": group,
        "nat": nat,
        "legacy": legacy,
        "legacy_subnets": legacy_subnets,
        "legacy_sg": legacy_group,
        "default_vpc": default,
        "default_subnet": default_subnet["SubnetId"],
        "default_sg": default_group[0]["GroupId"],
    }


def enforcement(url: str, *, on: bool) -> None:
    """moto's IAM enforcement: on at once (``0``), or off (after a count of requests no run reaches)."""
    count = "0" if on else "1000000000"
    requests.post(f"{url}/moto-api/reset-auth", data=count, headers={"Content-Type": "text/plain"}, timeout=30)


@pytest.fixture
def moto_network(settings, monkeypatch):
    """moto's server with the network account's two VPC roles (the seven actions; the seven and the
    three Describe actions of route tables, internet and NAT gateways) and VPCs; the caller an IAM
    user of moto's account allowed sts:AssumeRole; then enforcement on and the boto3 backend chosen.

    Per test: moto's state and its enforcement switch are process-wide; enforcement goes off again
    afterwards (see tests/ec2_api/test_client.py)."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    plain = {"endpoint_url": url, "region_name": REGION, "aws_access_key_id": "setup", "aws_secret_access_key": "x"}
    try:
        requests.post(f"{url}/moto-api/reset", timeout=30)
        iam = boto3.client("iam", **plain)
        iam.create_user(UserName="codecatalyst")
        assume = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
        }
        iam.put_user_policy(UserName="codecatalyst", PolicyName="assume", PolicyDocument=json.dumps(assume))
        caller = iam.create_access_key(UserName="codecatalyst")["AccessKey"]
        creds = boto3.client("sts", **plain).assume_role(
            RoleArn=f"arn:aws:iam::{NETWORK}:role/setup", RoleSessionName="setup"
        )["Credentials"]
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
        for name, actions in (("codecatalyst-vpc-role", SEVEN_ACTIONS), ("codecatalyst-vpc-reader", READER_ACTIONS)):
            network_iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
            network_iam.put_role_policy(RoleName=name, PolicyName="vpc", PolicyDocument=json.dumps(policy(actions)))
        world = _build_network(boto3.client("ec2", **as_network))
        enforcement(url, on=True)
        settings.EC2_CLIENT_BACKEND = "boto3"
        settings.EC2_CLIENT_STS_ENDPOINT_URL = url
        settings.EC2_CLIENT_EC2_ENDPOINT_URL = url
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", caller["AccessKeyId"])
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", caller["SecretAccessKey"])
        monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
        monkeypatch.delenv("AWS_PROFILE", raising=False)
        yield {**world, "url": url, "as_network": as_network}
    finally:
        enforcement(url, on=False)
        requests.post(f"{url}/moto-api/reset", timeout=30)
        server.stop()


SEVEN_ARN = f"arn:aws:iam::{NETWORK}:role/codecatalyst-vpc-role"
READER_ARN = f"arn:aws:iam::{NETWORK}:role/codecatalyst-vpc-reader"


def statuses(role_arn, vpc_id, subnets, groups) -> dict[str, str]:
    report = check_vpc(role_arn=role_arn, region=REGION, vpc_id=vpc_id, subnet_ids=subnets, security_group_ids=groups)
    return {result.key: result.status for result in report.results}


def test_the_compliant_vpc_passes_every_requirement_through_moto(moto_network):
    w = moto_network
    assert statuses(READER_ARN, w["vpc_id"], w["private"], [w["sg"]]) == dict.fromkeys(
        [
            "public_subnet",
            "private_subnets",
            "internet_access",
            "private_route_to_nat",
            "internet_gateway_attached",
            "security_groups_outbound",
            "cidr_block",
            "no_inbound_rules",
            "chosen_subnets_private",
        ],
        PASSED,
    )


def test_the_seven_action_role_leaves_route_and_gateway_requirements_unverifiable_through_moto(moto_network):
    w = moto_network
    report = check_vpc(
        role_arn=SEVEN_ARN, region=REGION, vpc_id=w["vpc_id"], subnet_ids=w["private"], security_group_ids=[w["sg"]]
    )
    results = {result.key: result for result in report.results}
    assert results["public_subnet"].status == UNVERIFIABLE
    assert results["public_subnet"].actions == ["ec2:DescribeRouteTables"]
    assert results["internet_access"].actions == ["ec2:DescribeInternetGateways", "ec2:DescribeNatGateways"]
    assert {k for k, r in results.items() if r.status == PASSED} == {
        "security_groups_outbound",
        "cidr_block",
        "no_inbound_rules",
    }
    assert not report.blocks


def test_the_172_16_vpc_and_the_default_vpc_fail_through_moto(moto_network):
    w = moto_network
    legacy = statuses(READER_ARN, w["legacy"], w["legacy_subnets"], [w["legacy_sg"]])
    assert legacy["cidr_block"] == legacy["internet_access"] == legacy["public_subnet"] == FAILED
    default = statuses(READER_ARN, w["default_vpc"], [w["default_subnet"]], [w["default_sg"]])
    assert default["cidr_block"] == default["chosen_subnets_private"] == FAILED


def test_a_deleted_nat_gateway_fails_through_moto(moto_network):
    w = moto_network
    enforcement(w["url"], on=False)  # the setup credentials delete it, as someone in the account would
    boto3.client("ec2", **w["as_network"]).delete_nat_gateway(NatGatewayId=w["nat"])
    enforcement(w["url"], on=True)
    after = statuses(READER_ARN, w["vpc_id"], w["private"], [w["sg"]])
    assert after["internet_access"] == FAILED


def test_adding_through_moto_records_the_check_and_refuses_the_172_16_vpc(
    moto_network, space, admin, network_connection
):
    from vpc import services

    w = moto_network
    common = {"space": space, "account_connection": network_connection, "role_arn": READER_ARN, "by": admin}
    with pytest.raises(RequirementsRefused) as refused:
        services.vpc_connection_add(
            **common,
            vpc_id=w["legacy"],
            subnet_ids=w["legacy_subnets"],
            security_group_ids=[w["legacy_sg"]],
            name="legacy",
        )
    assert "172.16.0.0/16 is in the 172.16.0.0/12 range" in refused.value.errors["vpc_id"][0]
    assert not VpcConnection.objects.exists()
    made = services.vpc_connection_add(
        **common, vpc_id=w["vpc_id"], subnet_ids=w["private"], security_group_ids=[w["sg"]], name="corpnet"
    )
    assert made.last_check.verdict == "passed" and made.vpc_id == w["vpc_id"]
