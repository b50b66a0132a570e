"""The VPC connection services: add, update, remove, default, check — each rule of issue 12 and
each role (Space administrator, Power user, Limited access, outsider, anonymous). Built-in EC2."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.aws.ec2 import services as ec2
from accounts.connections import services as connections
from accounts.connections.models import AccountConnection, ConnectionRole
from catalyst_admin.errors import Conflict, DomainError, Forbidden, QuotaExceeded
from spaces.models import ActivityEvent
from spaces.services import space_delete
from tests.factories import AccountConnectionFactory, SpaceFactory
from tests.fixtures_aws import NETWORK
from vpc import services
from vpc.models import VpcConnection, VpcRequirementsCheck
from vpc.services import MAX_VPC_CONNECTIONS_PER_SPACE, RequirementsRefused

pytestmark = pytest.mark.django_db


def events(space, name):
    return list(ActivityEvent.objects.filter(space=space, event_name=name).values_list("description", flat=True))


def nothing_written():
    return not VpcConnection.objects.exists() and not VpcRequirementsCheck.objects.exists()


# Adding ------------------------------------------------------------------------------------------


def test_adding_on_the_compliant_vpc_records_the_connection_its_check_and_the_activity(
    add, space, admin, compliant, reader_role, network_connection
):
    made = add()
    assert made.space == space and made.name == "corpnet-vpc" and made.region == "us-west-2"
    assert made.account_connection == network_connection and made.role_arn == reader_role.arn
    assert made.vpc_id == compliant.vpc_id and made.subnet_ids == compliant.private
    assert made.security_group_ids == [compliant.sg] and made.created_by == admin and not made.is_default
    check = made.last_check
    assert check.verdict == "passed" and check.checked_by == admin and check.vpc_id == compliant.vpc_id
    assert [r["status"] for r in check.results] == ["passed"] * 9
    assert events(space, "CreateVpcConnection") == [
        f"Added VPC connection corpnet-vpc ({compliant.vpc_id} in AWS account {NETWORK})"
    ]


def test_a_power_user_may_add(add, power):
    assert add(by=power).created_by == power


@pytest.mark.parametrize("who", ["contributor", "outsider", "anonymous"])
def test_others_are_refused_naming_the_roles(add, who, request):
    person = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(Forbidden) as refused:
        add(by=person)
    assert refused.value.message == ("You need the Space administrator or Power user role to manage VPC connections.")
    assert nothing_written()


def test_the_seven_action_role_adds_with_unverifiable_requirements(add, vpc_role):
    made = add(role_arn=vpc_role.arn)
    assert made.last_check.verdict == "warning"
    assert made.last_check.counts["unverifiable"] == 6


def test_a_role_missing_a_required_action_is_refused_naming_it(add, weak_role):
    with pytest.raises(DomainError) as refused:
        add(role_arn=weak_role.arn)
    assert refused.value.field == "role_arn"
    assert refused.value.message.startswith(
        "The VPC role's permissions policy does not allow ec2:CreateNetworkInterface, ec2:DescribeDhcpOptions, "
        "ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface."
    )
    assert nothing_written()


def test_a_role_of_another_account_is_refused(add, build_role):
    with pytest.raises(DomainError) as refused:
        add(role_arn=build_role.arn)
    assert refused.value.field == "role_arn" and "belongs to AWS account 444455556666" in refused.value.message
    assert nothing_written()


def test_the_172_16_vpc_is_refused_with_the_cidr_message(add, legacy):
    with pytest.raises(RequirementsRefused) as refused:
        add(vpc_id=legacy.vpc_id, subnet_ids=legacy.subnets, security_group_ids=[legacy.sg])
    error = refused.value
    assert "172.16.0.0/16 is in the 172.16.0.0/12 range" in " ".join(error.errors["vpc_id"])
    assert "Make sure that your IPv4 CIDR block is not configured to the 172.16.0.0/12" in error.errors["vpc_id"][0]
    assert error.report.blocks
    assert error.message.startswith("The VPC requirements check failed (")
    assert nothing_written()


def test_a_public_subnet_is_refused(add, compliant):
    with pytest.raises(RequirementsRefused) as refused:
        add(subnet_ids=[compliant.public[0], *compliant.private[1:]])
    assert compliant.public[0] in refused.value.errors["subnet_ids"][0]
    assert "Do not choose public subnets" in refused.value.errors["subnet_ids"][0]
    assert nothing_written()


def test_two_subnets_in_one_zone_are_refused(add, compliant):
    with pytest.raises(DomainError) as refused:
        add(subnet_ids=[compliant.private[0], compliant.public[0]])
    assert (
        "are both in us-west-2a. Choose one private subnet in each Availability Zone."
        in (refused.value.errors["subnet_ids"][0])
    )
    assert nothing_written()


def test_a_subnet_of_another_vpc_is_refused(add, compliant, legacy):
    with pytest.raises(DomainError) as refused:
        add(subnet_ids=[*compliant.private[:3], legacy.subnets[1]])
    assert refused.value.errors == {
        "subnet_ids": [
            f"The subnet {legacy.subnets[1]} is not in the VPC {compliant.vpc_id}. Choose subnets of the VPC you chose."
        ]
    }


def test_six_security_groups_are_refused(add, compliant, mateo):
    groups = [compliant.sg] + [
        ec2.security_group_create(vpc=compliant.vpc, group_name=f"g{n}", description="g", by=mateo).resource_id
        for n in range(5)
    ]
    with pytest.raises(DomainError) as refused:
        add(security_group_ids=groups)
    assert refused.value.errors["security_group_ids"] == ["You can select up to 5 security groups; 6 are selected."]
    assert add(security_group_ids=groups[:5]).security_group_ids == groups[:5]


def test_a_vpc_of_another_account_is_refused(add, build, mateo):
    theirs = ec2.vpc_create(account=build, region="us-west-2", cidr_block="10.8.0.0/16", name="build", by=mateo)
    with pytest.raises(DomainError) as refused:
        add(vpc_id=theirs.resource_id)
    assert refused.value.field == "vpc_id"
    assert f"The VPC {theirs.resource_id} is not in AWS account {NETWORK} in us-west-2" in refused.value.message


def test_a_vpc_of_another_region_is_refused(add, network, mateo):
    ireland = ec2.vpc_create(account=network, region="eu-west-1", cidr_block="10.7.0.0/16", name="ie", by=mateo)
    with pytest.raises(DomainError) as refused:
        add(vpc_id=ireland.resource_id)
    assert "in us-west-2, as the VPC role sees it. Choose a VPC of the connected account in the space's Region" in (
        refused.value.message
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a VPC connection name."),
        ("ab", "A VPC connection name is 3–63 characters."),
        ("x" * 64, "A VPC connection name is 3–63 characters."),
        ("my vpc", "Use letters and digits, joined by single hyphens, underscores or periods."),
        ("-vpc-", "Use letters and digits, joined by single hyphens, underscores or periods."),
    ],
)
def test_malformed_names_are_refused(add, name, message):
    with pytest.raises(DomainError) as refused:
        add(name=name)
    assert refused.value.errors["name"] == [message]
    assert nothing_written()


def test_a_duplicate_name_is_refused_whatever_its_case(add):
    add(name="corpnet-vpc")
    with pytest.raises(Conflict) as refused:
        add(name="CorpNet-VPC")
    assert refused.value.errors["name"] == [
        "A VPC connection named CorpNet-VPC already exists in this space. Each VPC connection name must be unique "
        "per space; choose another name."
    ]
    assert VpcConnection.objects.count() == 1
    with pytest.raises(DomainError) as with_more:
        add(name="corpnet-vpc", security_group_ids=[])
    assert not isinstance(with_more.value, Conflict)
    assert set(with_more.value.errors) == {"name", "security_group_ids"}


def test_the_same_name_in_another_space_is_fine(add, other_space, outsider, compliant, reader_role):
    add(name="corpnet-vpc")
    theirs = AccountConnectionFactory(
        space=other_space, aws_account_id=NETWORK, status=AccountConnection.Status.VERIFIED
    )
    ConnectionRole.objects.create(connection=theirs, role=reader_role)
    made = services.vpc_connection_add(
        space=other_space,
        account_connection=theirs,
        role_arn=reader_role.arn,
        vpc_id=compliant.vpc_id,
        subnet_ids=compliant.private,
        security_group_ids=[compliant.sg],
        name="corpnet-vpc",
        by=outsider,
    )
    assert made.space == other_space


def test_every_invalid_field_is_reported_at_once(add, compliant):
    with pytest.raises(DomainError) as refused:
        add(name="a b", vpc_id="", subnet_ids=[], security_group_ids=[f"sg-{n:017x}" for n in range(6)])
    assert set(refused.value.errors) == {"name", "vpc_id", "subnet_ids", "security_group_ids"}
    assert refused.value.errors["vpc_id"] == ["Choose a VPC."]


def test_malformed_ids_are_refused_without_asking_ec2(add):
    with pytest.raises(DomainError) as refused:
        add(vpc_id="my-vpc", subnet_ids=["subnet-1", "subnet-1"], security_group_ids=["default"])
    assert refused.value.errors["vpc_id"] == ["my-vpc is not a VPC ID; it looks like vpc-0a1b2c3d4e5f60718."]
    assert "subnet-1 is chosen more than once. Choose each one once." in refused.value.errors["subnet_ids"]


def test_an_account_connection_of_another_space_or_pending_is_refused(add, other_space, space):
    theirs = AccountConnectionFactory(
        space=other_space, aws_account_id=NETWORK, status=AccountConnection.Status.VERIFIED
    )
    with pytest.raises(DomainError) as other:
        add(account_connection=theirs)
    assert other.value.errors["account_connection"] == [
        "That AWS account connection is not one of the connections of acme."
    ]
    pending = AccountConnectionFactory(space=space, aws_account_id="999900001111")
    with pytest.raises(DomainError) as waiting:
        add(account_connection=pending)
    assert "is pending verification" in waiting.value.errors["account_connection"][0]
    with pytest.raises(DomainError) as none:
        add(account_connection=None, role_arn="")
    assert none.value.errors["account_connection"] == ["Choose an AWS account connection."]
    assert none.value.errors["role_arn"] == ["Choose a VPC role."]


def test_the_101st_vpc_connection_is_refused(add, space, fill):
    fill(MAX_VPC_CONNECTIONS_PER_SPACE)
    with pytest.raises(QuotaExceeded) as refused:
        add()
    assert refused.value.message == (
        "A space can have at most 100 VPC connections. Remove one you no longer need first."
    )
    assert space.vpc_connections.count() == MAX_VPC_CONNECTIONS_PER_SPACE


def test_ec2_unreachable_is_said_and_nothing_is_written(add, settings, monkeypatch):
    settings.EC2_CLIENT_BACKEND = "boto3"
    settings.EC2_CLIENT_STS_ENDPOINT_URL = "http://127.0.0.1:9"  # the discard port: nothing listens
    settings.EC2_CLIENT_EC2_ENDPOINT_URL = "http://127.0.0.1:9"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    with pytest.raises(DomainError) as refused:
        add()
    assert refused.value.message.startswith(
        "Amazon EC2 could not be reached to read the VPC through the VPC role, so nothing was saved."
    )
    assert nothing_written()


# Updating ----------------------------------------------------------------------------------------


def test_editing_the_security_groups_runs_the_check_again(add, admin, compliant, mateo, space):
    made = add()
    first = made.last_check
    extra = ec2.security_group_create(vpc=compliant.vpc, group_name="extra", description="x", by=mateo)
    updated = services.vpc_connection_update(
        vpc_connection=made,
        role_arn=made.role_arn,
        subnet_ids=made.subnet_ids,
        security_group_ids=[compliant.sg, extra.resource_id],
        by=admin,
    )
    updated.refresh_from_db()
    assert updated.security_group_ids == [compliant.sg, extra.resource_id]
    assert updated.last_check != first and updated.last_check.security_group_ids == updated.security_group_ids
    assert made.checks.count() == 2
    assert events(space, "UpdateVpcConnection") == ["Updated VPC connection corpnet-vpc: security groups"]


def test_editing_to_a_public_subnet_is_refused_and_changes_nothing(add, admin, compliant):
    made = add()
    with pytest.raises(RequirementsRefused):
        services.vpc_connection_update(
            vpc_connection=made,
            role_arn=made.role_arn,
            subnet_ids=[compliant.public[0]],
            security_group_ids=made.security_group_ids,
            by=admin,
        )
    made.refresh_from_db()
    assert made.subnet_ids == compliant.private and made.checks.count() == 1


def test_editing_the_role_to_one_missing_actions_is_refused(add, admin, weak_role, contributor):
    made = add()
    with pytest.raises(DomainError) as refused:
        services.vpc_connection_update(
            vpc_connection=made,
            role_arn=weak_role.arn,
            subnet_ids=made.subnet_ids,
            security_group_ids=made.security_group_ids,
            by=admin,
        )
    assert refused.value.field == "role_arn"
    with pytest.raises(Forbidden):
        services.vpc_connection_update(
            vpc_connection=made,
            role_arn=made.role_arn,
            subnet_ids=made.subnet_ids,
            security_group_ids=made.security_group_ids,
            by=contributor,
        )


# Removing ----------------------------------------------------------------------------------------


def test_removing_needs_the_name_typed_exactly(add, admin, space, power):
    made = add()
    with pytest.raises(DomainError) as refused:
        services.vpc_connection_remove(vpc_connection=made, typed_name="corpnet", by=admin)
    assert refused.value.field == "typed_name"
    assert refused.value.message == "To confirm, type the VPC connection name corpnet-vpc exactly."
    services.vpc_connection_remove(vpc_connection=made, typed_name="corpnet-vpc", by=power)
    assert not VpcConnection.objects.exists() and not VpcRequirementsCheck.objects.exists()
    assert events(space, "DeleteVpcConnection") == [
        f"Removed VPC connection corpnet-vpc ({made.vpc_id} in AWS account {NETWORK})"
    ]


def test_removing_is_refused_to_a_contributor(add, contributor):
    made = add()
    with pytest.raises(Forbidden):
        services.vpc_connection_remove(vpc_connection=made, typed_name="corpnet-vpc", by=contributor)
    assert VpcConnection.objects.filter(pk=made.pk).exists()


# Default -----------------------------------------------------------------------------------------


def test_setting_a_default_moves_it_and_removing_it_leaves_none(add, admin, power, space):
    first, second = add(name="first"), add(name="second")
    services.vpc_connection_default_set(vpc_connection=first, by=admin)
    services.vpc_connection_default_set(vpc_connection=second, by=power)
    assert list(space.vpc_connections.filter(is_default=True).values_list("name", flat=True)) == ["second"]
    assert events(space, "SetDefaultVpcConnection") == [
        "Set VPC connection second as the default, in place of first",
        "Set VPC connection first as the default",
    ]
    with pytest.raises(DomainError) as again:
        services.vpc_connection_default_set(vpc_connection=second, by=admin)
    assert again.value.message == "second is already the default VPC connection of acme."
    with pytest.raises(DomainError):
        services.vpc_connection_default_remove(vpc_connection=first, by=admin)
    services.vpc_connection_default_remove(vpc_connection=second, by=admin)
    assert not space.vpc_connections.filter(is_default=True).exists()
    assert events(space, "RemoveDefaultVpcConnection") == ["Removed VPC connection second as the default"]


def test_a_vpc_connection_on_a_restricted_account_cannot_be_the_default(add, admin, network_connection, project):
    made = add()
    connections.connection_project_access_enable(connection=network_connection, projects=[project], by=admin)
    with pytest.raises(DomainError) as refused:
        services.vpc_connection_default_set(vpc_connection=made, by=admin)
    assert "uses the project-restricted AWS account connection examplecorp-network" in refused.value.message
    assert "cannot be set as default" in refused.value.message
    made.refresh_from_db()
    assert not made.is_default


def test_the_default_is_refused_to_a_contributor(add, contributor):
    made = add()
    with pytest.raises(Forbidden):
        services.vpc_connection_default_set(vpc_connection=made, by=contributor)


# Check -------------------------------------------------------------------------------------------


def test_checking_again_records_what_changed(add, admin, compliant, mateo, space):
    made = add()
    ec2.nat_gateway_delete(nat_gateway=compliant.made.nat_gateways[0], by=mateo)
    check = services.vpc_connection_check(vpc_connection=made, by=admin)
    made.refresh_from_db()
    assert made.last_check == check and check.verdict == "failed"
    failed = {r["key"] for r in check.results if r["status"] == "failed"}
    assert failed == {"internet_access", "private_route_to_nat"}
    assert events(space, "CheckVpcConnection") == ["Checked VPC connection corpnet-vpc: failed"]


def test_checking_is_refused_to_an_outsider(add, outsider):
    with pytest.raises(Forbidden):
        services.vpc_connection_check(vpc_connection=add(), by=outsider)


# Account connections and spaces ------------------------------------------------------------------


def test_removing_the_account_connection_is_refused_naming_the_vpc_connections(add, network, mateo, space):
    add(name="corpnet-vpc")
    add(name="second-vpc")
    connection = AccountConnection.objects.get(space=space, aws_account_id=NETWORK)
    with pytest.raises(DomainError) as refused:
        connections.connection_remove(connection=connection, account=network, console_user=mateo, confirm_name="acme")
    assert refused.value.message == (
        "acme uses AWS account 777788889999 for VPC connections corpnet-vpc, second-vpc. In CodeCatalyst, remove "
        "them first (Settings, then VPC connections), then remove the space."
    )
    assert AccountConnection.objects.filter(pk=connection.pk).exists()


def test_removing_the_vpc_role_is_refused_naming_the_vpc_connection(
    add, admin, network_connection, reader_role, vpc_role
):
    add()
    association = network_connection.roles.get(role=reader_role)
    with pytest.raises(DomainError) as refused:
        connections.connection_role_remove(association=association, by=admin)
    assert refused.value.message.startswith("codecatalyst-vpc-reader is the VPC role of VPC connection corpnet-vpc.")
    # A role no VPC connection uses goes.
    connections.connection_role_remove(association=network_connection.roles.get(role=vpc_role), by=admin)
    assert not network_connection.roles.filter(role=vpc_role).exists()


def test_enabling_project_restrictions_under_the_default_is_refused(add, admin, network_connection, project):
    made = add()
    services.vpc_connection_default_set(vpc_connection=made, by=admin)
    with pytest.raises(DomainError) as refused:
        connections.connection_project_access_enable(connection=network_connection, projects=[project], by=admin)
    assert refused.value.message.startswith(
        "corpnet-vpc, the default VPC connection of acme, uses AWS account 777788889999"
    )
    assert "Remove as default" in refused.value.message
    network_connection.refresh_from_db()
    assert not network_connection.project_restricted
    services.vpc_connection_default_remove(vpc_connection=made, by=admin)
    connections.connection_project_access_enable(connection=network_connection, projects=[project], by=admin)
    network_connection.refresh_from_db()
    assert network_connection.project_restricted


def test_deleting_the_space_removes_its_vpc_connections(add, admin, space):
    made = add()
    services.vpc_connection_default_set(vpc_connection=made, by=admin)
    space_delete(space=space, confirm_name="acme", by=admin)
    assert not VpcConnection.objects.exists() and not VpcRequirementsCheck.objects.exists()
    assert not AccountConnection.objects.filter(space=space).exists()


def test_another_space_keeps_its_vpc_connections_when_one_is_deleted(add, admin, space, reader_role, compliant):
    add()
    other = SpaceFactory(name="initech")
    from spaces.services.spaces import space_teardown

    space_teardown(space=other)
    assert VpcConnection.objects.filter(space=space).count() == 1
