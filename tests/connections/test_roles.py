"""Step 4, IAM roles on a connection (seed 001, "Step 4: Add IAM roles to your connection")."""

import pytest
from django.urls import reverse

from accounts.connections import selectors, services
from accounts.connections.models import ConnectionRole
from catalyst_admin.errors import DomainError, Forbidden
from spaces.models import ActivityEvent
from tests.connections.conftest import BUILD, NETWORK, banners, snapshot
from tests.factories import IamRoleFactory

pytestmark = pytest.mark.django_db


def _arn(name, account=BUILD):
    return f"arn:aws:iam::{account}:role/{name}"


def test_a_role_of_the_connected_account_is_added_by_arn(verified, build_role, admin):
    association = services.connection_role_add(connection=verified, role_arn=_arn(build_role.name), by=admin)
    assert association.role == build_role and association.added_by == admin
    assert ActivityEvent.objects.filter(event_name="AssociateIamRoleWithConnection", actor_user=admin).exists()


def test_a_power_user_adds_and_removes_roles(verified, build_role, power):
    association = services.connection_role_add(connection=verified, role_arn=_arn(build_role.name), by=power)
    services.connection_role_remove(association=association, by=power)
    assert not ConnectionRole.objects.exists()
    assert ActivityEvent.objects.filter(event_name="DisassociateIamRoleFromConnection").exists()
    assert build_role.__class__.objects.filter(pk=build_role.pk).exists()  # the role stays in IAM


@pytest.mark.parametrize("who", ["contributor", "outsider"])
def test_others_may_not_add_roles(verified, build_role, cast, who):
    before = snapshot()
    with pytest.raises(Forbidden):
        services.connection_role_add(connection=verified, role_arn=_arn(build_role.name), by=cast[who])
    assert snapshot() == before


@pytest.mark.parametrize("who", ["contributor", "outsider"])
def test_others_may_not_remove_roles(verified, build_role, admin, cast, who):
    association = services.connection_role_add(connection=verified, role_arn=_arn(build_role.name), by=admin)
    with pytest.raises(Forbidden):
        services.connection_role_remove(association=association, by=cast[who])
    assert ConnectionRole.objects.count() == 1


def test_a_role_added_twice_is_refused(verified, build_role, admin):
    services.connection_role_add(connection=verified, role_arn=_arn(build_role.name), by=admin)
    before = snapshot()
    with pytest.raises(DomainError, match="already associated"):
        services.connection_role_add(connection=verified, role_arn=_arn(build_role.name), by=admin)
    assert snapshot() == before


@pytest.mark.parametrize(
    "arn",
    [
        "codecatalyst-build-role",
        "arn:aws:iam::44445555666:role/codecatalyst-build-role",
        "arn:aws:iam::444455556666:user/codecatalyst-build-role",
        "arn:aws:s3:::bucket",
        "arn:aws:iam::444455556666:role/",
        "",
    ],
)
def test_something_that_is_not_a_role_arn_is_refused(verified, build_role, admin, arn):
    before = snapshot()
    with pytest.raises(DomainError, match="is not an IAM role ARN"):
        services.connection_role_add(connection=verified, role_arn=arn, by=admin)
    assert snapshot() == before


def test_a_role_of_another_account_is_refused(verified, network, admin):
    vpc_role = IamRoleFactory(account=network, name="codecatalyst-vpc-role")
    before = snapshot()
    with pytest.raises(
        DomainError, match=f"belongs to AWS account {NETWORK}, but this connection is to account {BUILD}"
    ):
        services.connection_role_add(connection=verified, role_arn=vpc_role.arn, by=admin)
    assert snapshot() == before


def test_a_role_that_does_not_exist_is_refused(verified, admin):
    with pytest.raises(DomainError, match="has no IAM role named ghost"):
        services.connection_role_add(connection=verified, role_arn=_arn("ghost"), by=admin)


def test_a_role_whose_trust_policy_does_not_name_codecatalyst_is_refused_with_what_to_add(verified, build, admin):
    lambda_role = IamRoleFactory(
        account=build,
        name="lambda-role",
        trust_policy={"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]},
    )
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        services.connection_role_add(connection=verified, role_arn=lambda_role.arn, by=admin)
    assert "does not let CodeCatalyst assume the role" in refused.value.message
    assert "codecatalyst-runner.amazonaws.com" in refused.value.message
    assert "sts:AssumeRole" in refused.value.message
    assert snapshot() == before


def test_a_trust_policy_that_denies_codecatalyst_does_not_count(verified, build, admin):
    denied = IamRoleFactory(
        account=build,
        name="denied",
        trust_policy={"Statement": [{"Effect": "Deny", "Principal": {"Service": "codecatalyst-runner.amazonaws.com"}}]},
    )
    with pytest.raises(DomainError, match="does not let CodeCatalyst"):
        services.connection_role_add(connection=verified, role_arn=denied.arn, by=admin)


def test_either_codecatalyst_principal_is_enough(verified, build, admin):
    role = IamRoleFactory(
        account=build,
        name="runner-only",
        trust_policy={"Statement": {"Effect": "Allow", "Principal": {"Service": "codecatalyst.amazonaws.com"}}},
    )
    assert services.connection_role_add(connection=verified, role_arn=role.arn, by=admin).role == role


def test_roles_wait_for_verification(pending, build_role, admin):
    with pytest.raises(DomainError, match="pending verification"):
        services.connection_role_add(connection=pending, role_arn=_arn(build_role.name), by=admin)


def test_removing_a_connection_removes_its_roles_and_a_new_connection_starts_without_them(
    verified, build_role, admin, space, build, mateo
):
    services.connection_role_add(connection=verified, role_arn=_arn(build_role.name), by=admin)
    services.connection_remove(connection=verified, account=build, console_user=mateo, confirm_name=space.name)
    assert not ConnectionRole.objects.exists()
    again = services.connection_request_create(space=space, aws_account_id=BUILD, display_name="b", requested_by=admin)
    assert again.connection_id != verified.connection_id
    assert not again.roles.exists()


# The pages ------------------------------------------------------------------------------------------


def _add_url(connection):
    return reverse("spaces:aws_account_role_add", args=[connection.space.name, connection.connection_id])


def test_the_add_role_page_offers_the_accounts_roles_to_choose(cc, verified, build_role, admin, network):
    IamRoleFactory(account=network, name="not-offered")
    html = cc(admin).get(_add_url(verified)).content.decode()
    assert f'<option value="{build_role.arn}">{build_role.name}</option>' in html
    assert "not-offered" not in html


def test_the_add_role_page_lists_no_role_before_verification_and_says_why(cc, pending, build_role, admin):
    """Issue 9: the picker disclosed the account's role names and ARNs to whoever typed its ID."""
    response = cc(admin).get(_add_url(pending))
    assert response.status_code == 200
    html = response.content.decode()
    assert build_role.name not in html and build_role.arn not in html
    assert f"AWS account {BUILD} is pending verification" in html
    assert "IAM roles can be added only once an administrator" in html
    assert "<select" not in html  # no picker, no ARN field


def test_the_roles_offered_wait_for_verification(pending, build_role, build, mateo):
    assert list(selectors.roles_offered(pending)) == []
    verified = services.connection_verify(token=pending.new_token, account=build, console_user=mateo)
    assert list(selectors.roles_offered(verified)) == [build_role]


def test_a_role_arn_posted_before_verification_is_refused_and_adds_nothing(cc, pending, build_role, admin):
    before = snapshot()
    for data in ({"role_arn": build_role.arn}, {"role": build_role.arn}):
        response = cc(admin).post(_add_url(pending), data)
        assert response.status_code == 200
        assert build_role.name not in response.content.decode()
    assert snapshot() == before


def test_choosing_a_role_adds_it_and_shows_it_on_the_details_page(cc, verified, build_role, power):
    client = cc(power)
    response = client.post(_add_url(verified), {"role": build_role.arn, "role_arn": ""})
    assert response.status_code == 302
    page = client.get(response.url)
    assert f"IAM role {build_role.name} was added to examplecorp-build." in banners(page, "success")
    assert build_role.arn in page.content.decode()


def test_a_typed_arn_adds_the_role(cc, verified, build_role, admin):
    cc(admin).post(_add_url(verified), {"role": "", "role_arn": f" {build_role.arn} "})
    assert ConnectionRole.objects.filter(role=build_role).exists()


def test_the_add_role_page_shows_a_refusal_next_to_the_field(cc, verified, admin):
    response = cc(admin).post(_add_url(verified), {"role": "", "role_arn": _arn("ghost", NETWORK)})
    assert response.status_code == 200
    assert "belongs to AWS account 777788889999" in response.content.decode()
    assert not ConnectionRole.objects.exists()


def test_the_add_role_page_needs_a_role(cc, verified, admin):
    response = cc(admin).post(_add_url(verified), {"role": "", "role_arn": ""})
    assert "Choose an IAM role, or enter the ARN of one." in response.content.decode()


@pytest.mark.parametrize("who,status", [("contributor", 403), ("outsider", 404)])
def test_the_add_role_page_is_refused_to_others(cc, verified, build_role, cast, who, status):
    response = cc(cast[who]).post(_add_url(verified), {"role_arn": build_role.arn})
    assert response.status_code == status
    assert not ConnectionRole.objects.exists()


def test_removing_a_role_on_the_details_page(cc, verified, build_role, admin):
    association = services.connection_role_add(connection=verified, role_arn=build_role.arn, by=admin)
    url = reverse("spaces:aws_account_role_remove", args=[verified.space.name, verified.connection_id, association.pk])
    response = cc(admin).post(url)
    assert response.status_code == 302
    assert not ConnectionRole.objects.exists()


def test_a_contributor_cannot_remove_a_role(cc, verified, build_role, admin, contributor):
    association = services.connection_role_add(connection=verified, role_arn=build_role.arn, by=admin)
    url = reverse("spaces:aws_account_role_remove", args=[verified.space.name, verified.connection_id, association.pk])
    assert cc(contributor).post(url).status_code == 403
    assert ConnectionRole.objects.exists()
