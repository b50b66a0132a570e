"""The EC2 API driven by boto3's ``ec2`` client against the live server: every action answers in
the shapes boto3 parses (compared with the inventory as ``accounts.aws.ec2.shapes`` describes it),
with the usual filters, in the Region of the signature, never showing another account's resources."""

from datetime import datetime

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from accounts.aws.ec2 import shapes
from accounts.aws.ec2.models import VpcEndpoint
from tests.ec2_api.conftest import EC2_ALL, NO_RETRIES

pytestmark = pytest.mark.django_db(transaction=True)

GIT = "com.amazonaws.us-west-2.codecatalyst.git"


def _millis(value):
    """Timestamps travel with millisecond precision: compare them so."""
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    if isinstance(value, dict):
        return {k: _millis(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_millis(v) for v in value]
    return value


def _code(call, **params):
    with pytest.raises(ClientError) as caught:
        call(**params)
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


@pytest.mark.parametrize(
    ("operation", "kind", "key"),
    [
        ("describe_vpcs", "vpc", "Vpcs"),
        ("describe_subnets", "subnet", "Subnets"),
        ("describe_route_tables", "route_table", "RouteTables"),
        ("describe_internet_gateways", "internet_gateway", "InternetGateways"),
        ("describe_nat_gateways", "nat_gateway", "NatGateways"),
        ("describe_security_groups", "security_group", "SecurityGroups"),
        ("describe_network_acls", "network_acl", "NetworkAcls"),
    ],
)
def test_boto3_parses_every_field_of_every_describe(ec2_for, network_key, network, full_vpc, operation, kind, key):
    answer = getattr(ec2_for(network_key), operation)()[key]
    expected = shapes.describe(kind, network, "us-west-2")
    assert answer and _millis(answer) == _millis(expected)


def test_describe_vpcs_is_scoped_to_the_account_and_the_signed_region(ec2_for, make_key, network_key, build, full_vpc):
    vpcs = ec2_for(network_key).describe_vpcs()["Vpcs"]
    assert sorted(v["CidrBlock"] for v in vpcs) == ["10.0.0.0/16", "172.31.0.0/16"]
    vpc = next(v for v in vpcs if v["CidrBlock"] == "10.0.0.0/16")
    assert vpc["VpcId"] == full_vpc.vpc.resource_id
    assert {"Key": "Name", "Value": "prod-vpc"} in vpc["Tags"]
    assert vpc["IsDefault"] is False and vpc["State"] == "available"

    ireland = ec2_for(network_key, region="eu-west-1").describe_vpcs()["Vpcs"]
    assert [v["CidrBlock"] for v in ireland] == ["172.31.0.0/16"] and ireland[0]["IsDefault"] is True

    # Another account's VPC ID is not found, and its VPCs are not listed.
    outsider = ec2_for(make_key(build, name="builder", policy=EC2_ALL))
    assert full_vpc.vpc.resource_id not in {v["VpcId"] for v in outsider.describe_vpcs()["Vpcs"]}
    code, message = _code(outsider.describe_vpcs, VpcIds=[full_vpc.vpc.resource_id])
    assert code == "InvalidVpcID.NotFound"
    assert message == f"The VPC ID '{full_vpc.vpc.resource_id}' does not exist."
    code, _ = _code(outsider.describe_subnets, SubnetIds=[full_vpc.private_subnets[0].resource_id])
    assert code == "InvalidSubnetID.NotFound"


def test_filters(ec2_for, network_key, full_vpc):
    ec2 = ec2_for(network_key)
    vpc_id = full_vpc.vpc.resource_id
    vpc_filter = [{"Name": "vpc-id", "Values": [vpc_id]}]

    subnets = ec2.describe_subnets(Filters=vpc_filter)["Subnets"]
    assert len(subnets) == 8 and {s["VpcId"] for s in subnets} == {vpc_id}
    in_zone = ec2.describe_subnets(Filters=[*vpc_filter, {"Name": "availability-zone", "Values": ["us-west-2b"]}])
    assert {s["AvailabilityZone"] for s in in_zone["Subnets"]} == {"us-west-2b"} and len(in_zone["Subnets"]) == 2
    named = ec2.describe_subnets(Filters=[{"Name": "tag:Name", "Values": ["prod-subnet-private*"]}])["Subnets"]
    assert len(named) == 4

    gateways = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc_id]}])
    assert [g["InternetGatewayId"] for g in gateways["InternetGateways"]] == [full_vpc.internet_gateway.resource_id]
    assert gateways["InternetGateways"][0]["Attachments"] == [{"State": "available", "VpcId": vpc_id}]

    private = full_vpc.private_subnets[0].resource_id
    tables = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [private]}])["RouteTables"]
    assert len(tables) == 1
    nat_id = full_vpc.nat_gateways[0].resource_id
    assert {
        "DestinationCidrBlock": "0.0.0.0/0",
        "NatGatewayId": nat_id,
        "State": "active",
        "Origin": "CreateRoute",
    } in (tables[0]["Routes"])
    main = ec2.describe_route_tables(Filters=[*vpc_filter, {"Name": "association.main", "Values": ["true"]}])
    assert len(main["RouteTables"]) == 1

    nats = ec2.describe_nat_gateways(Filter=vpc_filter)["NatGateways"]
    assert [n["NatGatewayId"] for n in nats] == [nat_id] and nats[0]["State"] == "available"

    groups = ec2.describe_security_groups(Filters=vpc_filter)["SecurityGroups"]
    default = next(g for g in groups if g["GroupName"] == "default")
    assert default["IpPermissionsEgress"][0]["IpRanges"][0]["CidrIp"] == "0.0.0.0/0"
    assert ec2.describe_security_groups(GroupNames=["default"], Filters=vpc_filter)["SecurityGroups"] == [default]

    acls = ec2.describe_network_acls(Filters=vpc_filter)["NetworkAcls"]
    assert len(acls) == 1 and acls[0]["IsDefault"] is True and len(acls[0]["Associations"]) == 8

    code, message = _code(ec2.describe_vpcs, Filters=[{"Name": "colour", "Values": ["blue"]}])
    assert code == "InvalidParameterValue" and "The filter 'colour' is invalid" in message


def test_availability_zones_and_endpoint_services(ec2_for, network_key):
    ec2 = ec2_for(network_key)
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    assert [z["ZoneName"] for z in zones] == ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"]
    assert zones[0]["ZoneId"] == "usw2-az1" and zones[0]["State"] == "available"
    ireland = ec2_for(network_key, region="eu-west-1").describe_availability_zones()["AvailabilityZones"]
    assert [z["ZoneName"] for z in ireland] == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

    answer = ec2.describe_vpc_endpoint_services()
    assert {GIT, "aws.api.global.codecatalyst", "com.amazonaws.us-west-2.codecatalyst.packages"} <= set(
        answer["ServiceNames"]
    )
    git = ec2.describe_vpc_endpoint_services(ServiceNames=[GIT])["ServiceDetails"]
    assert git[0]["ServiceType"] == [{"ServiceType": "Interface"}]
    assert git[0]["PrivateDnsName"] == "git.us-west-2.codecatalyst.aws"
    code, _ = _code(ec2.describe_vpc_endpoint_services, ServiceNames=["com.amazonaws.us-west-2.unicorns"])
    assert code == "InvalidServiceName"


def test_create_modify_and_delete_a_codecatalyst_git_endpoint(ec2_for, network_key, full_vpc):
    ec2 = ec2_for(network_key)
    subnets = [s.resource_id for s in full_vpc.private_subnets[:2]]
    group = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [full_vpc.vpc.resource_id]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"][0]["GroupId"]
    endpoint = ec2.create_vpc_endpoint(
        VpcId=full_vpc.vpc.resource_id,
        ServiceName=GIT,
        VpcEndpointType="Interface",
        SubnetIds=subnets,
        SecurityGroupIds=[group],
        PrivateDnsEnabled=True,
        TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": "git"}]}],
    )["VpcEndpoint"]
    assert endpoint["VpcEndpointId"].startswith("vpce-")
    assert endpoint["ServiceName"] == GIT and endpoint["PrivateDnsEnabled"] is True
    assert sorted(endpoint["SubnetIds"]) == sorted(subnets)
    assert endpoint["Groups"][0]["GroupId"] == group
    assert {"Key": "Name", "Value": "git"} in endpoint["Tags"]
    assert any(e["DnsName"] == "git.us-west-2.codecatalyst.aws" for e in endpoint["DnsEntries"])
    stored = VpcEndpoint.objects.get(resource_id=endpoint["VpcEndpointId"])
    assert stored.name == "git" and stored.private_dns_enabled

    found = ec2.describe_vpc_endpoints(Filters=[{"Name": "service-name", "Values": [GIT]}])["VpcEndpoints"]
    assert [e["VpcEndpointId"] for e in found] == [endpoint["VpcEndpointId"]]

    assert ec2.modify_vpc_endpoint(VpcEndpointId=endpoint["VpcEndpointId"], PrivateDnsEnabled=False)["Return"]
    assert VpcEndpoint.objects.get(pk=stored.pk).private_dns_enabled is False

    answer = ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"], "vpce-0123456789abcdef0"])
    assert answer["Unsuccessful"] == [
        {
            "ResourceId": "vpce-0123456789abcdef0",
            "Error": {
                "Code": "InvalidVpcEndpointId.NotFound",
                "Message": "The VPC endpoint ID 'vpce-0123456789abcdef0' does not exist.",
            },
        }
    ]
    assert not VpcEndpoint.objects.filter(pk=stored.pk).exists()


def test_bad_endpoint_requests_are_refused_and_write_nothing(ec2_for, network_key, full_vpc, make_key, build):
    ec2 = ec2_for(network_key)
    vpc_id = full_vpc.vpc.resource_id
    private = full_vpc.private_subnets
    code, message = _code(
        ec2.create_vpc_endpoint,
        VpcId=vpc_id,
        ServiceName="com.amazonaws.us-west-2.unicorns",
        SubnetIds=[private[0].resource_id],
    )
    assert code == "InvalidServiceName" and "does not exist" in message
    same_zone = [s.resource_id for s in full_vpc.public_subnets[:1] + private[:1]]
    code, _ = _code(ec2.create_vpc_endpoint, VpcId=vpc_id, ServiceName=GIT, SubnetIds=same_zone)
    assert code == "DuplicateSubnetsInSameZone"
    # Another account's VPC: not found, as if it did not exist.
    outsider = ec2_for(make_key(build, name="builder", policy=EC2_ALL))
    code, _ = _code(outsider.create_vpc_endpoint, VpcId=vpc_id, ServiceName=GIT, SubnetIds=[private[0].resource_id])
    assert code == "InvalidVpcID.NotFound"
    # A user whose policy allows only Describe* cannot create one (UnauthorizedOperation).
    reader = ec2_for(make_key(full_vpc.vpc.account, name="reader", policy={"Statement": [
        {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}))  # fmt: skip
    code, _ = _code(reader.create_vpc_endpoint, VpcId=vpc_id, ServiceName=GIT, SubnetIds=[private[0].resource_id])
    assert code == "UnauthorizedOperation"
    assert not VpcEndpoint.objects.exists()


def test_a_missing_parameter_and_a_dry_run(endpoint, network_key, ec2_for, full_vpc):
    # With botocore's own checks off, the server's: the request names no VpcId.
    unchecked = boto3.client(
        "ec2",
        endpoint_url=endpoint,
        region_name="us-west-2",
        aws_access_key_id=network_key.access_key_id,
        aws_secret_access_key=network_key.secret,
        config=NO_RETRIES.merge(Config(parameter_validation=False)),
    )
    code, message = _code(unchecked.create_vpc_endpoint, ServiceName=GIT)
    assert (code, message) == ("MissingParameter", "The request must contain the parameter VpcId")
    code, _ = _code(ec2_for(network_key).describe_vpcs, DryRun=True)
    assert code == "DryRunOperation"


def test_an_unknown_region_in_the_signature_is_refused(ec2_for, network_key):
    code, message = _code(ec2_for(network_key, region="ap-south-1").describe_vpcs)
    assert code == "AuthFailure" and "valid region" in message


def test_the_endpoint_url_may_leave_out_the_trailing_slash(live_server, network_key):
    ec2 = boto3.client(
        "ec2",
        endpoint_url=f"{live_server.url}/aws-api/ec2",
        region_name="eu-west-1",
        aws_access_key_id=network_key.access_key_id,
        aws_secret_access_key=network_key.secret,
        config=NO_RETRIES,
    )
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    assert [z["ZoneName"] for z in zones] == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
