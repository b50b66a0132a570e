"""Invitations go out as emails with a link, and only a Builder ID with the invited, verified
email address answers one; an SSO user neither answers invitations to nor creates Builder ID spaces."""

import pytest
from django.urls import reverse

from catalyst_admin.errors import DomainError
from identity.people.models import User
from spaces import services
from spaces.models import Invitation, Space, SpaceMembership
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import InvitationFactory, SpaceMembershipFactory, UserFactory
from tests.fixtures_aws import BUILD
from tests.spaces.conftest import error_banners, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def sso_li(db):
    """An SSO user whose directory email is li@example.com."""
    return UserFactory(username="sso/d-9067c0ffee/u-li", email="li@example.com", kind=User.Kind.SSO, alias=None)


@pytest.fixture
def olga_invitation(space, admin, outsider):
    return InvitationFactory(space=space, email=outsider.email, invited_by=admin)


@pytest.fixture
def li_invitation(space, admin):
    return InvitationFactory(space=space, email="li@example.com", invited_by=admin)


# The email ----------------------------------------------------------------------------------------


def test_an_invitation_is_emailed_with_the_space_inviter_role_validity_and_link(
    space, admin, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://catalyst.example.com"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            space=space, email="newcomer@example.com", role=SpaceRole.POWER_USER, by=admin
        )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["newcomer@example.com"]
    assert message.subject == "Alice Admin invited you to acme in Amazon CodeCatalyst"
    assert "Alice Admin invited you to the space acme" in message.body
    assert "as Power user" in message.body
    assert "valid for 24 hours" in message.body
    assert f"https://catalyst.example.com/invitations/{invitation.pk}/" in message.body
    assert "https://catalyst.example.com/signup/" in message.body


def test_a_project_invitation_email_names_the_project(project, admin, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.project_invitation_create(
            project=project, email="newcomer@example.com", role=ProjectRole.CONTRIBUTOR, by=admin
        )
    assert mailoutbox[0].subject == "Alice Admin invited you to web-app in acme in Amazon CodeCatalyst"
    assert "the project web-app in the space acme" in mailoutbox[0].body
    assert "as Contributor" in mailoutbox[0].body


def test_the_invite_form_sends_the_email(
    client, space, admin, password, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("spaces:members", args=[space.name]), {"email": "newcomer@example.com", "role": "power_user"}
        )
    assert [m.to for m in mailoutbox] == [["newcomer@example.com"]]


def test_a_refused_invitation_sends_nothing(space, admin, power, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        services.invitation_create(space=space, email=power.email, role=SpaceRole.POWER_USER, by=admin)
    assert mailoutbox == []


# The invitation page ------------------------------------------------------------------------------


def test_the_invitation_page_shows_it_with_accept_and_decline(client, outsider, password, olga_invitation):
    client.force_login(outsider)
    response = client.get(reverse("spaces:invitation", args=[olga_invitation.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Invitation to acme" in page
    assert "Alice Admin" in page
    assert reverse("spaces:invitation_accept", args=[olga_invitation.pk]) in page
    assert reverse("spaces:invitation_decline", args=[olga_invitation.pk]) in page


def test_the_invitation_page_of_someone_else_is_not_found(client, power, password, olga_invitation):
    client.force_login(power)
    assert client.get(reverse("spaces:invitation", args=[olga_invitation.pk])).status_code == 404


def test_the_invitation_page_offers_an_sso_user_no_answer(client, sso_li, password, li_invitation):
    client.force_login(sso_li)
    response = client.get(reverse("spaces:invitation", args=[li_invitation.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are signed in with SSO" in page
    assert reverse("spaces:invitation_accept", args=[li_invitation.pk]) not in page


# Who answers --------------------------------------------------------------------------------------


def test_an_sso_user_with_the_invited_email_cannot_accept(space, sso_li, li_invitation):
    before = snapshot()
    with pytest.raises(DomainError, match="You are signed in with SSO"):
        services.invitation_accept(invitation=li_invitation, user=sso_li)
    assert snapshot() == before
    assert not SpaceMembership.objects.filter(user=sso_li).exists()


def test_an_sso_user_cannot_decline_either(space, sso_li, li_invitation):
    with pytest.raises(DomainError, match="You are signed in with SSO"):
        services.invitation_decline(invitation=li_invitation, user=sso_li)
    li_invitation.refresh_from_db()
    assert li_invitation.status == Invitation.Status.PENDING


def test_the_accept_button_refuses_an_sso_user_with_a_banner(client, space, sso_li, li_invitation):
    client.force_login(sso_li)
    response = client.post(reverse("spaces:invitation_accept", args=[li_invitation.pk]), follow=True)
    assert any("You are signed in with SSO" in banner for banner in error_banners(response))
    assert not SpaceMembership.objects.filter(user=sso_li).exists()


def test_an_unverified_builder_id_cannot_accept(space, li_invitation):
    li = UserFactory(username="li@example.com", email_verified_at=None)
    with pytest.raises(DomainError, match="Verify your email address"):
        services.invitation_accept(invitation=li_invitation, user=li)
    assert not SpaceMembership.objects.filter(user=li).exists()


def test_a_verified_builder_id_with_the_invited_email_accepts(space, li_invitation):
    li = UserFactory(username="li@example.com")
    membership = services.invitation_accept(invitation=li_invitation, user=li)
    assert membership.role == SpaceRole.POWER_USER


def test_the_space_list_offers_an_sso_user_no_invitation_and_no_create_space(client, sso_li, li_invitation):
    client.force_login(sso_li)
    response = client.get(reverse("spaces:list"))
    page = response.content.decode()
    assert reverse("spaces:invitation_accept", args=[li_invitation.pk]) not in page
    assert "1 invitation" not in page
    assert reverse("spaces:create") not in page
    assert "created by your Identity federation administrator in the AWS Management Console" in page


# Create space -------------------------------------------------------------------------------------


def test_an_sso_user_cannot_create_a_builder_id_space(sso_li):
    with pytest.raises(DomainError, match="Spaces that SSO users belong to are created by your Identity federation"):
        services.space_create(name="li-space", region="us-west-2", billing_account_id=BUILD, created_by=sso_li)
    assert not Space.all_objects.filter(name="li-space").exists()


def test_the_create_space_page_explains_it_to_an_sso_user(client, sso_li):
    client.force_login(sso_li)
    response = client.get(reverse("spaces:create"))
    page = response.content.decode()
    assert (
        "Spaces that SSO users belong to are created by your Identity federation administrator in the AWS "
        "Management Console" in page
    )
    assert 'name="billing_account_id"' not in page
    before = snapshot()
    response = client.post(
        reverse("spaces:create"), {"name": "li-space", "region": "us-west-2", "billing_account_id": BUILD}
    )
    assert response.status_code == 200
    assert snapshot() == before
    assert not Space.all_objects.filter(name="li-space").exists()


def test_the_space_switcher_offers_an_sso_member_no_create_space(client, sso_li, federated_space):
    SpaceMembershipFactory(space=federated_space, user=sso_li, role=SpaceRole.POWER_USER)
    client.force_login(sso_li)
    page = client.get(reverse("spaces:list")).content.decode()
    assert federated_space.name in page
    assert reverse("spaces:create") not in page
