"""The VPC requirements check and "Add VPC connection" against the boto3 backend: moto's real
server, STS AssumeRole from moto's account into examplecorp-network (777788889999), IAM policy
enforcement on. The same verdicts as the built-in backend: the compliant VPC passes, the
172.16.0.0/16 one and the default VPC fail, and the seed's seven-action role leaves the route and
gateway requirements unverifiable, naming the actions."""

import boto3
import pytest

from tests.fixtures_aws import NETWORK
from tests.fixtures_vpc import READER_ACTIONS, SEVEN_ACTIONS, policy
from tests.moto_network import enforcement, moto_network, use_boto3_backend
from vpc.models import VpcConnection
from vpc.requirements import FAILED, PASSED, UNVERIFIABLE, check_vpc
from vpc.services import RequirementsRefused

pytestmark = pytest.mark.django_db
REGION = "us-west-2"
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


@pytest.fixture
def moto_network_world(settings, monkeypatch):
    """moto's server with the network account's two VPC roles (the seven actions; the seven and the
    three Describe actions of route tables, internet and NAT gateways) and VPCs; then enforcement on
    and the boto3 backend chosen (tests/moto_network.py)."""
    roles = {"codecatalyst-vpc-role": policy(SEVEN_ACTIONS), "codecatalyst-vpc-reader": policy(READER_ACTIONS)}
    with moto_network(roles=roles) as network:
        world = _build_network(network.client("ec2"))
        enforcement(network.url, on=True)
        use_boto3_backend(network, settings=settings, monkeypatch=monkeypatch)
        yield {**world, "url": network.url, "as_network": network.as_network}


SEVEN_ARN = f"arn:aws:iam::{NETWORK}:role/codecatalyst-vpc-role"
READER_ARN = f"arn:aws:iam::{NETWORK}:role/codecatalyst-vpc-reader"


def statuses(role_arn, vpc_id, subnets, groups) -> dict[str, str]:
    report = check_vpc(role_arn=role_arn, region=REGION, vpc_id=vpc_id, subnet_ids=subnets, security_group_ids=groups)
    return {result.key: result.status for result in report.results}


def test_the_compliant_vpc_passes_every_requirement_through_moto(moto_network_world):
    w = moto_network_world
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


def test_the_seven_action_role_leaves_route_and_gateway_requirements_unverifiable_through_moto(moto_network_world):
    w = moto_network_world
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


def test_the_172_16_vpc_and_the_default_vpc_fail_through_moto(moto_network_world):
    w = moto_network_world
    legacy = statuses(READER_ARN, w["legacy"], w["legacy_subnets"], [w["legacy_sg"]])
    assert legacy["cidr_block"] == legacy["internet_access"] == legacy["public_subnet"] == FAILED
    default = statuses(READER_ARN, w["default_vpc"], [w["default_subnet"]], [w["default_sg"]])
    assert default["cidr_block"] == default["chosen_subnets_private"] == FAILED


def test_a_deleted_nat_gateway_fails_through_moto(moto_network_world):
    w = moto_network_world
    enforcement(w["url"], on=False)  # the setup credentials delete it, as someone in the account would
    boto3.client("ec2", **w["as_network"]).delete_nat_gateway(NatGatewayId=w["nat"])
    enforcement(w["url"], on=True)
    after = statuses(READER_ARN, w["vpc_id"], w["private"], [w["sg"]])
    assert after["internet_access"] == FAILED


def test_adding_through_moto_records_the_check_and_refuses_the_172_16_vpc(
    moto_network_world, space, admin, network_connection
):
    from vpc import services

    w = moto_network_world
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
