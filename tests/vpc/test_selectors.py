"""Reads on VPC connections, scoped to the space and role, and the wizard's reads through the role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.connections import services as connections
from accounts.connections.models import AccountConnection
from catalyst_admin.errors import DomainError, Forbidden
from tests.factories import AccountConnectionFactory, ProjectFactory
from vpc import selectors

pytestmark = pytest.mark.django_db


def test_the_list_is_ordered_by_name_and_for_admins_and_power_users(add, space, admin, power):
    add(name="zeta")
    add(name="Alpha")
    assert [c.name for c in selectors.vpc_connections_of(admin, space)] == ["Alpha", "zeta"]
    assert selectors.vpc_connections_of(power, space).count() == 2


@pytest.mark.parametrize("who", ["contributor", "outsider", "anonymous"])
def test_the_list_is_refused_to_others(space, who, request):
    person = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(Forbidden) as refused:
        selectors.vpc_connections_of(person, space)
    assert "Space administrator or Power user" in refused.value.message


def test_another_spaces_vpc_connection_is_a_404(add, space, other_space, outsider, admin):
    made = add()
    assert selectors.vpc_connection_for(admin, space, made.pk) == made
    assert selectors.vpc_connection_for(admin, space, str(made.pk)).last_check is not None
    with pytest.raises(Http404):
        selectors.vpc_connection_for(outsider, other_space, made.pk)
    with pytest.raises(Http404):
        selectors.vpc_connection_for(admin, space, "not-a-number")
    with pytest.raises(Forbidden):
        selectors.vpc_connection_for(outsider, space, made.pk)


def test_accounts_for_vpc_are_the_verified_connections_of_the_space(space, network_connection, other_space):
    AccountConnectionFactory(space=space, aws_account_id="999900001111", display_name="pending-one")
    AccountConnectionFactory(space=other_space, aws_account_id="999900002222", status=AccountConnection.Status.VERIFIED)
    assert list(selectors.accounts_for_vpc(space)) == [network_connection]


def test_roles_for_vpc_are_the_roles_on_the_connection(network_connection, vpc_role, reader_role, weak_role):
    assert list(selectors.roles_for_vpc(network_connection)) == [reader_role, vpc_role, weak_role]


def test_the_wizard_reads_vpcs_subnets_and_security_groups_through_the_role(vpc_role, reader_role, compliant, legacy):
    vpcs = selectors.vpcs_through(role_arn=vpc_role.arn, region="us-west-2")
    assert {compliant.vpc_id, legacy.vpc_id} <= {v["VpcId"] for v in vpcs}
    assert {v["OwnerId"] for v in vpcs} == {"777788889999"}
    subnets = selectors.subnets_through(role_arn=reader_role.arn, region="us-west-2", vpc_id=compliant.vpc_id)
    assert len(subnets) == 8
    assert {s["SubnetId"] for s in subnets if s["IsPublic"] is False} == set(compliant.private)
    assert {s["SubnetId"] for s in subnets if s["IsPublic"]} == set(compliant.public)
    # The seven-action role may not read route tables: public or not is unknown.
    seven = selectors.subnets_through(role_arn=vpc_role.arn, region="us-west-2", vpc_id=compliant.vpc_id)
    assert {s["IsPublic"] for s in seven} == {None}
    groups = selectors.security_groups_through(role_arn=vpc_role.arn, region="us-west-2", vpc_id=compliant.vpc_id)
    assert [g["GroupName"] for g in groups] == ["default", "workflows"]


def test_a_role_that_may_not_describe_vpcs_is_told_so(network, compliant):
    from tests.factories import IamRoleFactory

    blind = IamRoleFactory(account=network, name="blind", permissions_policy={})
    with pytest.raises(DomainError) as refused:
        selectors.vpcs_through(role_arn=blind.arn, region="us-west-2")
    assert refused.value.message.startswith(
        f"The VPC role {blind.arn} may not call ec2:DescribeVpcs, so CodeCatalyst cannot list the VPCs."
    )


def test_ec2_unreachable_is_a_clear_message(vpc_role, settings, monkeypatch):
    settings.EC2_CLIENT_BACKEND = "boto3"
    settings.EC2_CLIENT_STS_ENDPOINT_URL = "http://127.0.0.1:9"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    with pytest.raises(DomainError) as refused:
        selectors.vpcs_through(role_arn=vpc_role.arn, region="us-west-2")
    assert "Amazon EC2 could not be reached" in refused.value.message


def test_a_project_sees_unrestricted_vpc_connections_and_restricted_ones_that_allow_it(
    add, admin, space, network_connection, project
):
    add(name="open-vpc")
    other_project = ProjectFactory(space=space, name="data-pipeline")
    assert [c.name for c in selectors.vpc_connections_for_project(project)] == ["open-vpc"]
    connections.connection_project_access_enable(connection=network_connection, projects=[project], by=admin)
    assert [c.name for c in selectors.vpc_connections_for_project(project)] == ["open-vpc"]
    assert list(selectors.vpc_connections_for_project(other_project)) == []


def test_the_vpc_connections_using_an_account_connection_or_its_role(add, network_connection, vpc_role, reader_role):
    add(name="through-reader")
    add(name="through-seven", role_arn=vpc_role.arn)
    assert [c.name for c in selectors.vpc_connections_using(network_connection)] == ["through-reader", "through-seven"]
    assert [c.name for c in selectors.vpc_connections_using(network_connection, role_arn=vpc_role.arn)] == [
        "through-seven"
    ]
    assert network_connection.vpc_connection_names(role_arn=reader_role.arn) == ["through-reader"]


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_pages_list_in_plain_sql_is_the_querysets_with_what_it_selects(
    add, space, other_space, admin, power, outsider
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vpc.models import VpcConnection

    add(name="zeta")
    add(name="Alpha")
    bare = add(name="middle")
    VpcConnection.objects.filter(pk=bare.pk).update(last_check=None, created_by=None)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.vpc_connection_list(power, space)
        related = [
            (c.account_connection, c.created_by, c.last_check, c.last_check and c.last_check.checked_by) for c in found
        ]
    reads = [q["sql"] for q in queries.captured_queries]
    assert len(reads) == 2 and "spaces_spacemembership" in reads[0]  # the role, then everything in one read
    expected = list(selectors.vpc_connections_of(admin, space))
    assert [_fields(c) for c in found] == [_fields(c) for c in expected]
    assert [tuple(map(_fields, r)) for r in related] == [
        tuple(
            map(_fields, (c.account_connection, c.created_by, c.last_check, c.last_check and c.last_check.checked_by))
        )
        for c in expected
    ]
    assert [c.name for c in found] == ["Alpha", "middle", "zeta"]
    assert found[1].last_check is None and found[0].last_check.verdict
    assert selectors.vpc_connection_list(outsider, other_space) == []  # not another space's


@pytest.mark.parametrize("who", ["contributor", "outsider", "anonymous"])
def test_the_pages_list_is_refused_to_others(space, who, request):
    person = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(Forbidden):
        selectors.vpc_connection_list(person, space)
