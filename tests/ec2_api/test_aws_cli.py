"""The seed's command, "To configure VPC endpoints using the AWS CLI", run with the AWS CLI itself
(awscli from PyPI) against the live server, with an access key created in IAM."""

import json

import pytest

from accounts.aws.ec2.models import VpcEndpoint

pytestmark = pytest.mark.django_db(transaction=True)

GIT = "com.amazonaws.us-west-2.codecatalyst.git"


def test_aws_ec2_create_vpc_endpoint_as_the_seed_runs_it(aws_cli, network_key, full_vpc):
    vpc_id = full_vpc.vpc.resource_id
    subnets = [s.resource_id for s in full_vpc.private_subnets[:2]]
    described = aws_cli(
        network_key, "ec2", "describe-security-groups", "--filters", f"Name=vpc-id,Values={vpc_id}",
        "Name=group-name,Values=default",
    )  # fmt: skip
    assert described.returncode == 0, described.stderr
    group = json.loads(described.stdout)["SecurityGroups"][0]["GroupId"]

    done = aws_cli(
        network_key, "ec2", "create-vpc-endpoint", "--vpc-id", vpc_id, "--service-name", GIT,
        "--subnet-ids", *subnets, "--security-group-ids", group, "--private-dns-enabled",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    endpoint = json.loads(done.stdout)["VpcEndpoint"]
    assert endpoint["ServiceName"] == GIT and endpoint["PrivateDnsEnabled"] is True
    assert VpcEndpoint.objects.get(resource_id=endpoint["VpcEndpointId"]).private_dns_enabled

    listed = aws_cli(network_key, "ec2", "describe-vpc-endpoints", "--filters", f"Name=vpc-id,Values={vpc_id}")
    assert [e["VpcEndpointId"] for e in json.loads(listed.stdout)["VpcEndpoints"]] == [endpoint["VpcEndpointId"]]


def test_the_cli_reports_refusals_in_ec2s_own_words(aws_cli, network_key, make_key, network, full_vpc):
    refused = aws_cli(network_key, "ec2", "describe-vpcs", "--vpc-ids", "vpc-0123456789abcdef0")
    assert refused.returncode != 0
    assert "InvalidVpcID.NotFound" in refused.stderr

    reader = make_key(network, name="reader", policy={"Statement": [
        {"Effect": "Allow", "Action": "ec2:DescribeVpcs", "Resource": "*"}]})  # fmt: skip
    unauthorized = aws_cli(reader, "ec2", "describe-route-tables")
    assert unauthorized.returncode != 0 and "UnauthorizedOperation" in unauthorized.stderr

    reader.secret = "x" * 40
    wrong = aws_cli(reader, "ec2", "describe-vpcs")
    assert wrong.returncode != 0 and "AuthFailure" in wrong.stderr
