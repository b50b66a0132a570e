"""Settings → VPC connections, as each person sees it (seed 000, "Adding VPC connections for a space"
to "Removing VPC connections for a space"): the list, the details page and its check, the "Add VPC
connection" wizard, "Manage default", "Edit" and "Remove VPC connection". Each refusal shows its
message and writes nothing; another space's VPC connection is a 404."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from accounts.aws.ec2 import services as ec2
from accounts.connections import services as connections
from tests.factories import IamRoleFactory
from tests.fixtures_vpc import SEVEN_ACTIONS, policy
from tests.url_roles import database_state
from vpc import services
from vpc.models import VpcConnection, VpcRequirementsCheck

pytestmark = pytest.mark.django_db

NEEDS_ROLE = "You need the Space administrator or Power user role to manage VPC connections."


@pytest.fixture
def world(network_connection, vpc_role, reader_role, weak_role, compliant, legacy, mateo):
    """The VPC cast of tests/fixtures_vpc.py, and six more security groups in the compliant VPC."""
    groups = [
        ec2.security_group_create(
            vpc=compliant.vpc, group_name=f"workers-{i}", description="workers", name=f"workers-{i}", by=mateo
        ).resource_id
        for i in range(6)
    ]
    return SimpleNamespace(
        connection=network_connection,
        vpc_role=vpc_role,
        reader_role=reader_role,
        weak_role=weak_role,
        compliant=compliant,
        legacy=legacy,
        groups=[compliant.sg, *groups],
    )


@pytest.fixture
def added(world, vpc_connection):
    """acme's corpnet-vpc on the compliant VPC, through the reader role (tests/fixtures_vpc.py)."""
    return vpc_connection


def _list(space):
    return reverse("spaces:vpc_connections", args=[space.name])


def _url(name, vpc_connection):
    return reverse(f"spaces:{name}", args=[vpc_connection.space.name, vpc_connection.pk])


# The list and the details page -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "power"])
def test_space_administrators_and_power_users_see_the_list_and_its_columns(who, request, client_for, space, added):
    response = client_for(request.getfixturevalue(who)).get(_list(space))
    assert response.status_code == 200
    text = response.content.decode()
    for column in ("VPC connection name", "VPC ID", "AWS account connection", "Default"):
        assert f">{column}</th>" in text
    assert "corpnet-vpc" in text and added.vpc_id in text and "examplecorp-network" in text
    assert 'href="/spaces/acme/settings/vpc-connections/"' in text  # the Settings entry


def test_the_empty_list_says_how_to_add_one(client_for, admin, space):
    text = client_for(admin).get(_list(space)).content.decode()
    assert "No VPC connections" in text
    assert "Add VPC connection" in text


def test_limited_access_gets_the_403_page_naming_the_roles_and_no_settings_entry(client_for, contributor, space, added):
    client = client_for(contributor)
    for url in (_list(space), _url("vpc_connection", added), reverse("spaces:vpc_connection_add", args=[space.name])):
        response = client.get(url)
        assert response.status_code == 403
        assert NEEDS_ROLE in response.content.decode()
    overview = client.get(reverse("spaces:overview", args=[space.name])).content.decode()
    assert "VPC connections</a>" not in overview


def test_an_outsider_gets_404_and_anonymous_is_sent_to_sign_in(client_for, outsider, space, added):
    assert client_for(outsider).get(_list(space)).status_code == 404
    assert client_for(outsider).get(_url("vpc_connection", added)).status_code == 404
    response = client_for(None).get(_list(space))
    assert response.status_code == 302 and response["Location"].startswith("/signin/")


def test_another_spaces_vpc_connection_id_is_a_404_on_every_page(client_for, admin, space, other_space, added):
    client = client_for(admin)
    from spaces.models import SpaceMembership
    from spaces.roles import SpaceRole

    SpaceMembership.objects.create(space=other_space, user=admin, role=SpaceRole.SPACE_ADMINISTRATOR)
    for name in ("vpc_connection", "vpc_connection_default", "vpc_connection_edit", "vpc_connection_remove"):
        url = reverse(f"spaces:{name}", args=[other_space.name, added.pk])
        assert client.get(url).status_code == 404, name
    before = database_state()
    for name in ("vpc_connection_check", "vpc_connection_default", "vpc_connection_remove"):
        url = reverse(f"spaces:{name}", args=[other_space.name, added.pk])
        assert client.post(url, {"action": "set", "typed_name": "corpnet-vpc"}).status_code == 404, name
    assert database_state() == before


def test_the_details_page_shows_everything_and_the_last_check(client_for, power, added):
    text = client_for(power).get(_url("vpc_connection", added)).content.decode()
    for shown in (
        "examplecorp-network",
        "codecatalyst-vpc-reader",
        added.vpc_id,
        *added.subnet_ids,
        *added.security_group_ids,
        "us-west-2",
        "Alice Admin",
        "Check VPC connection",
        "Manage default",
        "Edit",
        "Remove VPC connection",
        "VPC requirements check",
    ):
        assert shown in text, shown
    assert "Passed" in text


def test_check_vpc_connection_records_a_new_check_and_shows_a_failure_with_its_troubleshooting_line(
    client_for, admin, added, world
):
    # Someone deleted the NAT gateway's route: the private subnets no longer reach it.
    from accounts.aws.ec2.models import Route

    Route.objects.filter(route_table__vpc=world.compliant.vpc, target_type=Route.Target.NAT_GATEWAY).delete()
    checks = VpcRequirementsCheck.objects.filter(vpc_connection=added).count()
    response = client_for(admin).post(_url("vpc_connection_check", added), follow=True)
    assert VpcRequirementsCheck.objects.filter(vpc_connection=added).count() == checks + 1
    text = response.content.decode()
    assert "Failed" in text
    assert "Make sure that the route table for private subnets points to the NAT gateway." in text


def test_with_the_seven_action_role_the_route_requirements_are_not_verifiable_and_name_the_actions(
    client_for, admin, space, world
):
    vpc_connection = services.vpc_connection_add(
        space=space,
        account_connection=world.connection,
        role_arn=world.vpc_role.arn,
        vpc_id=world.compliant.vpc_id,
        subnet_ids=world.compliant.private,
        security_group_ids=[world.compliant.sg],
        name="seven",
        by=admin,
    )
    text = client_for(admin).get(_url("vpc_connection", vpc_connection)).content.decode()
    assert "Not verifiable with this role" in text
    assert "ec2:DescribeRouteTables" in text


# The wizard ----------------------------------------------------------------------------------------


class Wizard:
    """Drives "Add VPC connection" as a browser would: each step's POST carries its own fields."""

    def __init__(self, client, space):
        self.client, self.url = client, reverse("spaces:vpc_connection_add", args=[space.name])
        self.prefix = f"vpc_add_{space.pk}"
        assert client.get(self.url + "?restart", follow=True).status_code == 200

    def post(self, step, data=None, **extra):
        form = {f"{self.prefix}-current_step": step, **{f"{step}-{k}": v for k, v in (data or {}).items()}, **extra}
        return self.client.post(self.url, form)


def _account_step(world, role):
    return {"account_connection": world.connection.pk, "role_arn": role.arn}


def _details(world, **changes):
    return {
        "vpc_id": world.compliant.vpc_id,
        "subnet_ids": world.compliant.private,
        "security_group_ids": [world.compliant.sg],
        "name": "office",
        **changes,
    }


def test_the_wizard_adds_a_vpc_connection_after_the_review_with_the_check(client_for, admin, space, world):
    wizard = Wizard(client_for(admin), space)
    step2 = wizard.post("account", _account_step(world, world.reader_role))
    text = step2.content.decode()
    assert "VPC connection details" in text
    for label in ("VPC", "Subnets", "Security groups", "VPC connection name", "Do not choose public subnets"):
        assert label in text
    # The role's trust policy has no aws:SourceArn: the recommended block, ready to copy.
    assert "aws:SourceArn" in text and 'data-copy-target="trust-recommendation"' in text
    review = wizard.post("details", _details(world))
    text = review.content.decode()
    assert "VPC requirements check" in text and "Failed</span>" not in text
    assert VpcConnection.objects.count() == 0  # nothing before the last step
    done = wizard.post("review")
    vpc_connection = VpcConnection.objects.get(space=space, name="office")
    assert done.status_code == 302 and done["Location"] == _url("vpc_connection", vpc_connection)
    assert vpc_connection.subnet_ids == world.compliant.private and vpc_connection.created_by == admin


def test_a_role_missing_required_actions_is_refused_naming_them(client_for, admin, space, world):
    wizard = Wizard(client_for(admin), space)
    before = database_state()
    text = wizard.post("account", _account_step(world, world.weak_role)).content.decode()
    assert "AWS account connection" in text and "VPC connection details</h1>" not in text
    for action in SEVEN_ACTIONS:
        if action != "ec2:DescribeVpcs":
            assert action in text, action
    assert database_state() == before


def test_the_172_16_vpc_fails_the_cidr_requirement_and_cannot_be_added(client_for, admin, space, world):
    wizard = Wizard(client_for(admin), space)
    wizard.post("account", _account_step(world, world.vpc_role))
    review = wizard.post(
        "details",
        _details(
            world,
            vpc_id=world.legacy.vpc_id,
            subnet_ids=world.legacy.subnets,
            security_group_ids=[world.legacy.sg],
            name="legacy",
        ),
    )
    text = review.content.decode()
    assert "172.16.0.0/12" in text
    assert "Make sure that your IPv4 CIDR block is not configured to the 172.16.0.0/12 IP address range." in text
    assert "disabled" in text  # "Add VPC connection" is disabled
    before = database_state()
    refused = wizard.post("review")
    assert refused.status_code == 200
    assert "172.16.0.0/12" in refused.content.decode()
    assert database_state() == before


def test_bad_details_are_each_shown_with_nothing_written(client_for, admin, space, world):
    wizard = Wizard(client_for(admin), space)
    wizard.post("account", _account_step(world, world.reader_role))
    zone_a = [
        s
        for s in world.compliant.made.private_subnets + world.compliant.made.public_subnets
        if s.availability_zone == "us-west-2a"
    ]
    before = database_state()
    # All of them on the first "Next": the step runs every check of "Add VPC connection".
    response = wizard.post(
        "details",
        _details(
            world,
            subnet_ids=[s.resource_id for s in zone_a],  # two in one zone, one of them public
            security_group_ids=world.groups[:6],  # six
            name="-bad name-",
        ),
    )
    text = response.content.decode()
    assert "VPC connection details" in text
    assert "VPC requirements check" not in text  # still on the details step
    assert "five" in text  # six security groups
    assert "us-west-2a" in text
    assert "Use letters and digits" in text  # the name rules
    assert database_state() == before
    # And the last step refuses them all again, should the person get there.
    text = wizard.post("review").content.decode()
    assert "five" in text and "Use letters and digits" in text
    assert database_state() == before


def test_a_duplicate_name_is_refused_on_the_details_step(client_for, admin, space, world, added):
    wizard = Wizard(client_for(admin), space)
    wizard.post("account", _account_step(world, world.reader_role))
    before = database_state()
    text = wizard.post("details", _details(world, name="CORPNET-VPC")).content.decode()
    assert "VPC requirements check" not in text  # refused on the details step's first "Next"
    assert "VPC connection details" in text and "corpnet-vpc" in text.lower()
    assert database_state() == before


def test_a_subnet_not_offered_for_the_role_is_refused_by_the_form(client_for, admin, space, world):
    wizard = Wizard(client_for(admin), space)
    wizard.post("account", _account_step(world, world.reader_role))
    text = wizard.post("details", _details(world, subnet_ids=["subnet-0000000000000000f"])).content.decode()
    assert "Select a valid choice" in text


def test_a_role_of_another_connection_is_refused(client_for, admin, space, world, network):
    other = IamRoleFactory(account=network, name="not-on-the-connection", permissions_policy=policy(SEVEN_ACTIONS))
    wizard = Wizard(client_for(admin), space)
    text = wizard.post("account", {"account_connection": world.connection.pk, "role_arn": other.arn})
    assert "Select a valid choice" in text.content.decode()


@pytest.fixture
def ec2_unreachable(settings, monkeypatch):
    """The boto3 backend, pointed at a port nothing listens on (the discard port)."""
    settings.EC2_CLIENT_BACKEND = "boto3"
    settings.EC2_CLIENT_STS_ENDPOINT_URL = "http://127.0.0.1:9"
    settings.EC2_CLIENT_EC2_ENDPOINT_URL = "http://127.0.0.1:9"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")


def test_ec2_unreachable_says_so_on_the_details_step_and_writes_nothing(
    client_for, admin, space, world, ec2_unreachable
):
    wizard = Wizard(client_for(admin), space)
    before = database_state()
    response = wizard.post("account", _account_step(world, world.reader_role))
    assert response.status_code == 200
    assert "could not be reached" in response.content.decode()
    assert database_state() == before


def test_ec2_unreachable_on_check_and_edit_says_so_and_writes_nothing(client_for, admin, added, ec2_unreachable):
    client = client_for(admin)
    before = database_state()
    checked = client.post(_url("vpc_connection_check", added), follow=True)
    assert "could not be reached" in checked.content.decode()
    edit = client.get(_url("vpc_connection_edit", added))
    assert edit.status_code == 200 and "could not be reached" in edit.content.decode()
    assert database_state() == before


# Manage default, Edit, Remove ------------------------------------------------------------------


def test_set_and_remove_as_default_after_confirm(client_for, power, added):
    client = client_for(power)
    page = client.get(_url("vpc_connection_default", added) + "?action=set").content.decode()
    assert "Set as default" in page and "Remove as default" in page and ">Confirm</button>" in page
    client.post(_url("vpc_connection_default", added), {"action": "set"})
    added.refresh_from_db()
    assert added.is_default
    client.post(_url("vpc_connection_default", added), {"action": "remove"})
    added.refresh_from_db()
    assert not added.is_default


def test_a_vpc_connection_on_a_restricted_account_cannot_be_set_as_default(client_for, admin, added, project, world):
    connections.connection_project_access_enable(connection=world.connection, projects=[project], by=admin)
    client = client_for(admin)
    before = database_state()
    response = client.post(_url("vpc_connection_default", added), {"action": "set"})
    assert response.status_code == 200
    assert "cannot be set as default" in response.content.decode()
    assert database_state() == before


def test_edit_changes_the_security_groups_after_the_check_with_the_seeds_warning(client_for, admin, added, world):
    client = client_for(admin)
    page = client.get(_url("vpc_connection_edit", added)).content.decode()
    assert "While VPC-connected workflows are in progress" in page
    assert "Update VPC connection" in page
    data = {"role_arn": added.role_arn, "subnet_ids": added.subnet_ids, "security_group_ids": world.groups[1:3]}
    checked = client.post(_url("vpc_connection_edit", added), {**data, "action": "check"})
    assert "VPC requirements check" in checked.content.decode()
    added.refresh_from_db()
    assert added.security_group_ids == [world.compliant.sg]  # a check writes nothing
    response = client.post(_url("vpc_connection_edit", added), {**data, "action": "update"})
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.security_group_ids == world.groups[1:3]


def test_edit_with_six_security_groups_is_refused_with_nothing_written(client_for, admin, added, world):
    client = client_for(admin)
    before = database_state()
    data = {"role_arn": added.role_arn, "subnet_ids": added.subnet_ids, "security_group_ids": world.groups[:6]}
    response = client.post(_url("vpc_connection_edit", added), {**data, "action": "update"})
    assert response.status_code == 200
    assert "five" in response.content.decode()
    assert database_state() == before


def test_remove_needs_the_typed_name(client_for, admin, space, added):
    client = client_for(admin)
    page = client.get(_url("vpc_connection_remove", added)).content.decode()
    assert "type the VPC connection name" in page and ">Remove</button>" in page
    before = database_state()
    wrong = client.post(_url("vpc_connection_remove", added), {"typed_name": "corpnet-vp"})
    assert wrong.status_code == 200 and database_state() == before
    assert "type the VPC connection name corpnet-vpc exactly" in wrong.content.decode()
    done = client.post(_url("vpc_connection_remove", added), {"typed_name": "corpnet-vpc"})
    assert done.status_code == 302 and done["Location"] == _list(space)
    assert not VpcConnection.objects.filter(pk=added.pk).exists()


def test_the_lists_selector_leads_to_remove_vpc_connection(client_for, admin, space, added):
    client = client_for(admin)
    response = client.get(_list(space), {"vpc_connection": added.pk, "remove": "1"})
    assert response.status_code == 302 and response["Location"] == _url("vpc_connection_remove", added)
    nothing_chosen = client.get(_list(space), {"remove": "1"})
    assert "Choose the VPC connection to remove." in nothing_chosen.content.decode()


def test_a_later_step_posted_without_the_first_one_starts_again_with_nothing_written(client_for, admin, space, world):
    client = client_for(admin)
    wizard = Wizard(client, space)
    before = database_state()
    response = wizard.post("review")
    assert response.status_code == 302 and response["Location"] == wizard.url
    assert database_state() == before
    page = client.get(wizard.url).content.decode()
    assert "Your VPC connection set-up was interrupted" in page
