"""The VPC requirements check against the built-in EC2 backend (the moto one is in
test_requirements_moto.py): each requirement of seed 000's "Amazon VPC setup requirements" passed,
failed with the matching troubleshooting line, or not verifiable with the seven-action role."""

import json

import pytest

from accounts.aws.ec2 import services as ec2
from accounts.aws.ec2.models import Route, Vpc
from catalyst_admin.errors import DomainError
from vpc.requirements import (
    FAILED,
    PASSED,
    REQUIRED_ROLE_ACTIONS,
    UNVERIFIABLE,
    WARNING,
    check_vpc,
    role_check,
    space_arn,
)

pytestmark = pytest.mark.django_db
REGION = "us-west-2"


def by_key(report):
    return {result.key: result for result in report.results}


def check(role, vpc_id, subnets, groups):
    return check_vpc(role_arn=role.arn, region=REGION, vpc_id=vpc_id, subnet_ids=subnets, security_group_ids=groups)


def test_the_compliant_vpc_passes_every_requirement(reader_role, compliant):
    report = check(reader_role, compliant.vpc_id, compliant.private, [compliant.sg])
    assert [(r.key, r.status) for r in report.results] == [
        ("public_subnet", PASSED),
        ("private_subnets", PASSED),
        ("internet_access", PASSED),
        ("private_route_to_nat", PASSED),
        ("internet_gateway_attached", PASSED),
        ("security_groups_outbound", PASSED),
        ("cidr_block", PASSED),
        ("no_inbound_rules", PASSED),
        ("chosen_subnets_private", PASSED),
    ]
    assert not report.blocks
    assert report.verdict == PASSED
    assert report.counts == {"passed": 9, "failed": 0, "warning": 0, "unverifiable": 0}


def test_the_seven_action_role_leaves_route_and_gateway_requirements_unverifiable(vpc_role, compliant):
    report = check(vpc_role, compliant.vpc_id, compliant.private, [compliant.sg])
    results = by_key(report)
    assert results["public_subnet"].status == UNVERIFIABLE
    assert results["public_subnet"].actions == ["ec2:DescribeRouteTables"]
    assert results["internet_access"].actions == ["ec2:DescribeInternetGateways", "ec2:DescribeNatGateways"]
    assert results["private_route_to_nat"].actions == ["ec2:DescribeRouteTables", "ec2:DescribeNatGateways"]
    assert "Not verifiable with this role" in results["internet_access"].detail
    # What the seven actions can read is still checked.
    assert results["cidr_block"].status == PASSED
    assert results["security_groups_outbound"].status == PASSED
    assert results["no_inbound_rules"].status == PASSED
    assert not report.blocks and report.verdict == WARNING


def test_the_172_16_vpc_fails_the_cidr_and_internet_requirements(reader_role, legacy):
    report = check(reader_role, legacy.vpc_id, legacy.subnets, [legacy.sg])
    results = by_key(report)
    assert results["cidr_block"].status == FAILED
    assert "172.16.0.0/16 is in the 172.16.0.0/12 range" in results["cidr_block"].detail
    assert results["cidr_block"].troubleshooting == (
        "Make sure that your IPv4 CIDR block is not configured to the 172.16.0.0/12 IP address range."
    )
    assert results["internet_access"].status == FAILED
    assert results["internet_access"].troubleshooting == "Make sure that your internet gateway is attached to VPC."
    assert results["public_subnet"].status == FAILED
    assert results["private_subnets"].status == FAILED
    assert "us-west-2c, us-west-2d" in results["private_subnets"].detail
    assert report.blocks and report.verdict == FAILED


def test_the_default_vpc_of_every_account_fails_on_its_cidr(reader_role, network):
    default = Vpc.objects.get(account=network, region=REGION, is_default=True)
    subnets = [s.resource_id for s in default.subnets.order_by("availability_zone")]
    group = default.security_groups.get(is_default=True)
    report = check(reader_role, default.resource_id, subnets[:1], [group.resource_id])
    results = by_key(report)
    assert results["cidr_block"].status == FAILED
    # The default VPC's subnets are public: chosen ones fail, and there is no NAT gateway.
    assert results["chosen_subnets_private"].status == FAILED
    assert results["internet_access"].status == FAILED
    assert results["internet_access"].troubleshooting == "Troubleshoot your NAT gateway."


def test_a_chosen_public_subnet_fails(reader_role, compliant):
    report = check(reader_role, compliant.vpc_id, [compliant.public[0], *compliant.private[1:]], [compliant.sg])
    result = by_key(report)["chosen_subnets_private"]
    assert result.status == FAILED
    assert compliant.public[0] in result.detail and "Do not choose public subnets" in result.troubleshooting


def test_without_route_tables_a_subnet_auto_assigning_public_ips_still_fails(vpc_role, compliant, mateo):
    public = compliant.made.public_subnets[0]
    seven = by_key(check(vpc_role, compliant.vpc_id, [public.resource_id], [compliant.sg]))
    assert seven["chosen_subnets_private"].status == UNVERIFIABLE  # a public subnet is told by its route table
    ec2.subnet_modify(subnet=public, map_public_ip_on_launch=True, by=mateo)
    result = by_key(check(vpc_role, compliant.vpc_id, [public.resource_id], [compliant.sg]))["chosen_subnets_private"]
    assert result.status == FAILED
    assert "auto-assigns public IPv4 addresses" in result.detail


def test_a_deleted_nat_gateway_fails_the_nat_requirements(reader_role, compliant, mateo):
    ec2.nat_gateway_delete(nat_gateway=compliant.made.nat_gateways[0], by=mateo)
    results = by_key(check(reader_role, compliant.vpc_id, compliant.private, [compliant.sg]))
    assert results["internet_access"].status == FAILED
    assert results["internet_access"].troubleshooting == "Troubleshoot your NAT gateway."
    assert results["private_route_to_nat"].status == FAILED
    assert results["private_route_to_nat"].troubleshooting == (
        "Make sure that the route table for private subnets points to the NAT gateway."
    )


def test_a_detached_internet_gateway_fails(reader_role, compliant, mateo):
    ec2.nat_gateway_delete(nat_gateway=compliant.made.nat_gateways[0], by=mateo)
    Route.objects.filter(internet_gateway=compliant.made.internet_gateway).delete()
    ec2.internet_gateway_detach(internet_gateway=compliant.made.internet_gateway, by=mateo)
    results = by_key(check(reader_role, compliant.vpc_id, compliant.private, [compliant.sg]))
    assert results["internet_gateway_attached"].status == FAILED
    assert results["internet_gateway_attached"].troubleshooting == (
        "Make sure that your internet gateway is attached to VPC."
    )
    assert results["public_subnet"].status == FAILED


def test_security_groups_without_outbound_fail_and_inbound_rules_warn(reader_role, compliant, mateo):
    ec2.security_group_rules_replace(group=compliant.group, is_egress=True, rules=[], by=mateo)
    ec2.security_group_rules_replace(
        group=compliant.group,
        is_egress=False,
        rules=[ec2.RuleSpec(protocol="tcp", from_port=22, to_port=22, cidr_ipv4="0.0.0.0/0")],
        by=mateo,
    )
    report = check(reader_role, compliant.vpc_id, compliant.private, [compliant.sg])
    results = by_key(report)
    assert results["security_groups_outbound"].status == FAILED
    assert results["security_groups_outbound"].troubleshooting == (
        "Make sure that your security groups allow traffic to flow."
    )
    assert results["no_inbound_rules"].status == WARNING
    assert compliant.sg in results["no_inbound_rules"].detail


def test_a_warning_alone_does_not_block(reader_role, compliant, mateo):
    ec2.security_group_rules_replace(
        group=compliant.group,
        is_egress=False,
        rules=[ec2.RuleSpec(protocol="tcp", from_port=443, to_port=443, cidr_ipv4="10.0.0.0/16")],
        by=mateo,
    )
    report = check(reader_role, compliant.vpc_id, compliant.private, [compliant.sg])
    assert report.verdict == WARNING and not report.blocks


def test_ids_of_another_vpc_are_named(reader_role, compliant, legacy):
    with pytest.raises(DomainError) as refused:
        check(reader_role, compliant.vpc_id, [compliant.private[0], legacy.subnets[1]], [legacy.sg])
    assert refused.value.errors["subnet_ids"] == [
        f"The subnet {legacy.subnets[1]} is not in the VPC {compliant.vpc_id}. Choose subnets of the VPC you chose."
    ]
    assert legacy.sg in refused.value.errors["security_group_ids"][0]


def test_two_subnets_in_one_zone_are_refused(reader_role, compliant):
    zone_a = [compliant.private[0], compliant.public[0]]
    with pytest.raises(DomainError) as refused:
        check(reader_role, compliant.vpc_id, zone_a, [compliant.sg])
    assert "are both in us-west-2a" in refused.value.errors["subnet_ids"][0]


def test_a_vpc_of_another_account_or_region_is_not_found(reader_role, build, mateo, compliant):
    foreign = ec2.vpc_create(account=build, region=REGION, cidr_block="10.9.0.0/16", name="theirs", by=mateo)
    with pytest.raises(DomainError) as refused:
        check(reader_role, foreign.resource_id, [], [])
    assert refused.value.field == "vpc_id"
    assert "is not in AWS account 777788889999 in us-west-2" in refused.value.message
    with pytest.raises(DomainError) as elsewhere:
        check_vpc(
            role_arn=reader_role.arn, region="eu-west-1", vpc_id=compliant.vpc_id, subnet_ids=[], security_group_ids=[]
        )
    assert "in eu-west-1" in elsewhere.value.message


def test_a_role_that_cannot_be_assumed_is_refused(network, compliant):
    with pytest.raises(DomainError) as refused:
        check_vpc(
            role_arn="arn:aws:iam::777788889999:role/nobody",
            region=REGION,
            vpc_id=compliant.vpc_id,
            subnet_ids=[],
            security_group_ids=[],
        )
    assert refused.value.field == "role_arn"
    assert "could not assume the VPC role" in refused.value.message


# The role check ----------------------------------------------------------------------------------


def test_the_seven_action_role_passes_the_role_check_with_a_trust_recommendation(space, network_connection, vpc_role):
    result = role_check(account_connection=network_connection, role_arn=vpc_role.arn, space=space)
    assert result.missing_actions == [] and result.ok
    recommended = json.loads(result.trust_recommendation)
    condition = recommended["Statement"][0]["Condition"]["ArnLike"]["aws:SourceArn"]
    assert condition == ["arn:aws:codecatalyst:::space/acme", "arn:aws:codecatalyst:::space/acme/project/*"]
    assert space_arn(space) == "arn:aws:codecatalyst:::space/acme"


def test_a_trust_policy_with_the_source_arn_condition_gets_no_recommendation(space, network_connection, vpc_role):
    vpc_role.trust_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["codecatalyst-runner.amazonaws.com", "codecatalyst.amazonaws.com"]},
                "Action": "sts:AssumeRole",
                "Condition": {"ArnLike": {"aws:SourceArn": ["arn:aws:codecatalyst:::space/acme"]}},
            }
        ],
    }
    vpc_role.save()
    assert (
        role_check(account_connection=network_connection, role_arn=vpc_role.arn, space=space).trust_recommendation == ""
    )


def test_a_role_missing_actions_names_them(space, network_connection, weak_role):
    result = role_check(account_connection=network_connection, role_arn=weak_role.arn, space=space)
    assert result.missing_actions == [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeDhcpOptions",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DeleteNetworkInterface",
    ]
    assert not result.ok
    assert len(REQUIRED_ROLE_ACTIONS) == 7


def test_a_role_of_another_account_or_not_on_the_connection_is_refused(space, network_connection, build_role, network):
    with pytest.raises(DomainError) as other_account:
        role_check(account_connection=network_connection, role_arn=build_role.arn, space=space)
    assert "belongs to AWS account 444455556666" in other_account.value.message
    with pytest.raises(DomainError) as not_associated:
        role_check(account_connection=network_connection, role_arn="arn:aws:iam::777788889999:role/other", space=space)
    assert "is not an IAM role of the connection" in not_associated.value.message
    with pytest.raises(DomainError) as malformed:
        role_check(account_connection=network_connection, role_arn="codecatalyst-vpc-role", space=space)
    assert malformed.value.field == "role_arn"
