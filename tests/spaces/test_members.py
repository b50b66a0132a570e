"""Space members and invitations: inviting, limits, answering, changing roles and removing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalyst_admin.errors import DomainError, Forbidden
from spaces import services
from spaces.models import Invitation, ProjectMembership, Space, TeamMembership
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import (
    InvitationFactory,
    ProjectFactory,
    ProjectMembershipFactory,
    SpaceFactory,
    SpaceMembershipFactory,
    TeamFactory,
    UserFactory,
)
from tests.spaces.conftest import error_banners, snapshot, success_banners

pytestmark = pytest.mark.django_db


def invite(space, by, email="newcomer@example.com", role=SpaceRole.POWER_USER):
    return services.invitation_create(space=space, email=email, role=role, by=by)


# Inviting ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [SpaceRole.POWER_USER, SpaceRole.SPACE_ADMINISTRATOR])
def test_space_administrator_invites_with_either_space_role(space, admin, role):
    invitation = invite(space, admin, role=role)

    assert invitation.space_role == role
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.invited_by == admin
    assert space.activity.filter(event_name="CreateInvitation").exists()


def test_an_invitation_expires_24_hours_after_it_is_sent(space, admin):
    invitation = invite(space, admin)

    lifetime = invitation.expires_at - invitation.created_at
    assert timedelta(hours=23, minutes=59) < lifetime <= timedelta(hours=24)


def test_power_user_invites_power_users(space, power):
    assert invite(space, power).space_role == SpaceRole.POWER_USER


def test_only_space_administrators_invite_space_administrators(space, power):
    before = snapshot()
    with pytest.raises(Forbidden, match="You need the Space administrator role to add, change or remove Space"):
        invite(space, power, role=SpaceRole.SPACE_ADMINISTRATOR)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["contributor", "outsider"])
def test_members_without_a_managing_role_cannot_invite(space, cast, who):
    with pytest.raises(Forbidden, match="Space administrator or Power user role to invite"):
        invite(space, cast[who])


def test_limited_access_is_not_a_role_one_can_invite_with(space, admin):
    with pytest.raises(DomainError, match="Choose Space administrator or Power user"):
        invite(space, admin, role=SpaceRole.LIMITED_ACCESS)


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "two@example.com three@example.com"])
def test_an_invalid_email_address_is_refused(space, admin, email):
    before = snapshot()
    with pytest.raises(DomainError, match="valid email address"):
        invite(space, admin, email=email)
    assert snapshot() == before


def test_inviting_an_address_that_already_has_a_pending_invitation_is_refused(space, admin, power):
    invite(space, admin)
    before = snapshot()
    with pytest.raises(DomainError, match="already has a pending invitation"):
        invite(space, power, email="NewComer@Example.com")
    assert snapshot() == before


def test_inviting_again_after_the_invitation_expired_is_allowed(space, admin):
    first = invite(space, admin)
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert invite(space, admin).pk != first.pk


@pytest.mark.parametrize("email", ["bob@example.com", "BOB@example.com", "alice@example.com"])
def test_inviting_someone_who_is_already_a_member_is_refused(space, admin, email):
    with pytest.raises(DomainError, match="already a member of this space"):
        invite(space, admin, email=email)


def test_the_26th_invitation_to_one_address_in_a_day_is_refused(space, admin, other_space):
    for n in range(25):
        InvitationFactory(
            space=SpaceFactory(name=f"elsewhere-{n}"),
            email="busy@example.com",
            status=Invitation.Status.DECLINED,
        )
    before = snapshot()
    with pytest.raises(DomainError, match="already been sent 25 invitations today"):
        invite(space, admin, email="Busy@example.com")
    assert snapshot() == before


def test_invitations_older_than_a_day_do_not_count_towards_the_limits(space, admin):
    for _ in range(25):
        InvitationFactory(space=space, email="busy@example.com", status=Invitation.Status.DECLINED)
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))

    assert invite(space, admin, email="busy@example.com").email == "busy@example.com"


def test_the_501st_invitation_from_one_inviter_in_a_day_is_refused(space, admin):
    Invitation.objects.bulk_create(
        Invitation(
            space=space,
            email=f"person{n}@example.com",
            space_role=SpaceRole.POWER_USER,
            invited_by=admin,
            status=Invitation.Status.CANCELLED,
            expires_at=timezone.now() + timedelta(hours=24),
        )
        for n in range(500)
    )
    before = snapshot()
    with pytest.raises(DomainError, match="You have sent 500 invitations today"):
        invite(space, admin)
    assert snapshot() == before


def test_members_of_a_federated_space_cannot_be_invited(space, admin):
    Space.objects.filter(pk=space.pk).update(kind=Space.Kind.FEDERATED)
    space.refresh_from_db()
    with pytest.raises(DomainError, match="identity federation"):
        invite(space, admin)


# Answering --------------------------------------------------------------------------------------


@pytest.fixture
def newcomer(db):
    return UserFactory(name="Nina Newcomer", alias="nina", username="newcomer@example.com")


def test_accepting_an_invitation_joins_the_space_with_its_role(space, admin, newcomer):
    invitation = invite(space, admin, role=SpaceRole.SPACE_ADMINISTRATOR)

    membership = services.invitation_accept(invitation=invitation, user=newcomer)

    assert membership.role == SpaceRole.SPACE_ADMINISTRATOR
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert space.activity.filter(event_name="AcceptInvitation", actor_user=newcomer).exists()


def test_an_invitation_is_answered_whatever_the_case_of_the_address(space, admin, newcomer):
    invitation = invite(space, admin, email="NEWCOMER@example.COM")
    assert services.invitation_accept(invitation=invitation, user=newcomer).role == SpaceRole.POWER_USER


def test_accepting_an_expired_invitation_is_refused_with_a_clear_message(space, admin, newcomer):
    invitation = invite(space, admin)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    before = snapshot()

    with pytest.raises(DomainError, match="This invitation has expired. Invitations are valid for 24 hours"):
        services.invitation_accept(invitation=invitation, user=newcomer)
    assert snapshot() == before
    assert not space.memberships.filter(user=newcomer).exists()


def test_only_the_addressee_can_accept_or_decline(space, admin, outsider):
    invitation = invite(space, admin)
    for answer in (services.invitation_accept, services.invitation_decline):
        with pytest.raises(Forbidden, match="sent to another email address"):
            answer(invitation=invitation, user=outsider)
    assert not space.memberships.filter(user=outsider).exists()


def test_a_declined_invitation_cannot_be_accepted_afterwards(space, admin, newcomer):
    invitation = invite(space, admin)
    services.invitation_decline(invitation=invitation, user=newcomer)

    with pytest.raises(DomainError, match="already been declined"):
        services.invitation_accept(invitation=invitation, user=newcomer)
    assert not space.memberships.filter(user=newcomer).exists()
    assert space.activity.filter(event_name="DeclineInvitation").exists()


def test_accepting_a_space_role_lifts_limited_access(space, admin, contributor):
    invitation = invite(space, admin, email="charlie@example.com")

    membership = services.invitation_accept(invitation=invitation, user=contributor)

    assert membership.role == SpaceRole.POWER_USER
    assert space.memberships.filter(user=contributor).count() == 1


def test_a_cancelled_invitation_cannot_be_accepted(space, admin, newcomer):
    invitation = invite(space, admin)
    services.invitation_cancel(invitation=invitation, by=admin)

    with pytest.raises(DomainError, match="already been cancelled"):
        services.invitation_accept(invitation=invitation, user=newcomer)


def test_only_a_pending_invitation_can_be_cancelled(space, admin, newcomer):
    invitation = invite(space, admin)
    services.invitation_accept(invitation=invitation, user=newcomer)
    with pytest.raises(DomainError, match="Only a pending invitation"):
        services.invitation_cancel(invitation=invitation, by=admin)


def test_limited_access_members_cannot_cancel_invitations(space, admin, contributor):
    invitation = invite(space, admin)
    with pytest.raises(Forbidden):
        services.invitation_cancel(invitation=invitation, by=contributor)


def test_an_invitation_to_a_deleted_space_cannot_be_accepted(space, admin, newcomer):
    invitation = invite(space, admin)
    Space.all_objects.filter(pk=space.pk).update(deleted_at=timezone.now())
    with pytest.raises(DomainError, match="expired"):
        services.invitation_accept(invitation=invitation, user=newcomer)


# Accepting through the pages --------------------------------------------------------------------


def test_my_pending_invitations_are_listed_with_accept_and_decline(client_for, space, admin, newcomer):
    invite(space, admin)
    page = client_for(newcomer).get(reverse("spaces:list")).content.decode()
    assert "acme" in page and "Accept" in page and "Decline" in page


def test_accepting_on_the_page_opens_the_space(client_for, space, admin, newcomer):
    invitation = invite(space, admin)
    response = client_for(newcomer).post(reverse("spaces:invitation_accept", args=[invitation.pk]))

    assert response.status_code == 302
    assert response.url == reverse("spaces:overview", args=["acme"])
    assert success_banners(response) == ["You joined acme as Power user."]


def test_accepting_an_expired_invitation_on_the_page_shows_why(client_for, space, admin, newcomer):
    invitation = invite(space, admin)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(hours=1))

    response = client_for(newcomer).post(reverse("spaces:invitation_accept", args=[invitation.pk]))

    assert response.status_code == 302
    assert response.url == reverse("spaces:list")
    assert "This invitation has expired" in error_banners(response)[0]
    assert not space.memberships.filter(user=newcomer).exists()


def test_declining_on_the_page(client_for, space, admin, newcomer):
    invitation = invite(space, admin)
    response = client_for(newcomer).post(reverse("spaces:invitation_decline", args=[invitation.pk]))

    assert success_banners(response) == ["You declined the invitation to acme."]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


# Member list and invite form --------------------------------------------------------------------


def test_member_list_shows_each_member_with_their_space_role(client_for, space, contributor):
    page = client_for(contributor).get(reverse("spaces:members", args=["acme"])).content.decode()
    for text in ("Alice Admin", "Bob Power", "Charlie Contributor", "Space administrator"):
        assert text in page
    assert "Invite" not in page


def test_the_invite_form_offers_space_administrator_only_to_space_administrators(client_for, space, admin, power):
    admin_choices = client_for(admin).get(reverse("spaces:members", args=["acme"])).context["invite_form"]
    power_choices = client_for(power).get(reverse("spaces:members", args=["acme"])).context["invite_form"]
    assert SpaceRole.SPACE_ADMINISTRATOR in dict(admin_choices.fields["role"].choices)
    assert SpaceRole.SPACE_ADMINISTRATOR not in dict(power_choices.fields["role"].choices)


def test_inviting_twice_on_the_page_shows_a_form_error(client_for, space, admin):
    client = client_for(admin)
    data = {"email": "x@example.com", "role": SpaceRole.POWER_USER}
    client.post(reverse("spaces:members", args=["acme"]), data)
    response = client.post(reverse("spaces:members", args=["acme"]), data)

    assert response.status_code == 200
    assert "already has a pending invitation" in response.context["invite_form"].errors["email"][0]
    assert space.invitations.count() == 1


def test_inviting_past_the_daily_limit_on_the_page_shows_a_form_error(client_for, space, admin):
    for _ in range(25):
        InvitationFactory(space=space, email="busy@example.com", status=Invitation.Status.DECLINED)
    response = client_for(admin).post(
        reverse("spaces:members", args=["acme"]), {"email": "busy@example.com", "role": SpaceRole.POWER_USER}
    )
    assert response.status_code == 200
    assert "25 invitations today" in response.context["invite_form"].errors["email"][0]


def test_pending_invitations_are_listed_for_those_who_manage_members(client_for, space, space_invitation, power):
    page = client_for(power).get(reverse("spaces:members", args=["acme"])).content.decode()
    assert "newcomer@example.com" in page
    assert "Cancel invitation" in page


# Changing roles ---------------------------------------------------------------------------------


def _membership(space, user):
    return space.memberships.get(user=user)


def test_limited_access_member_is_made_a_power_user(space, power, contributor):
    services.member_change_role(membership=_membership(space, contributor), role=SpaceRole.POWER_USER, by=power)
    assert _membership(space, contributor).role == SpaceRole.POWER_USER
    assert space.activity.filter(event_name="UpdateSpaceMembership").exists()


def test_a_power_user_in_a_project_can_be_given_limited_access(space, project, admin, dave):
    ProjectMembershipFactory(project=project, user=dave)
    services.member_change_role(membership=_membership(space, dave), role=SpaceRole.LIMITED_ACCESS, by=admin)
    assert _membership(space, dave).role == SpaceRole.LIMITED_ACCESS


def test_limited_access_is_refused_to_someone_in_no_project(space, admin, dave):
    with pytest.raises(DomainError, match="Limited access is only for people who belong to a project"):
        services.member_change_role(membership=_membership(space, dave), role=SpaceRole.LIMITED_ACCESS, by=admin)
    assert _membership(space, dave).role == SpaceRole.POWER_USER


@pytest.mark.parametrize("role", [SpaceRole.POWER_USER, SpaceRole.LIMITED_ACCESS])
def test_the_space_administrator_role_cannot_be_changed_without_removing_the_user_first(space, admin, role):
    second = UserFactory()
    SpaceMembershipFactory(space=space, user=second, role=SpaceRole.SPACE_ADMINISTRATOR)
    with pytest.raises(DomainError, match="cannot be changed. Remove the person from the space first"):
        services.member_change_role(membership=_membership(space, second), role=role, by=admin)
    assert _membership(space, second).role == SpaceRole.SPACE_ADMINISTRATOR


def test_only_a_space_administrator_makes_someone_space_administrator(space, admin, power, dave):
    with pytest.raises(Forbidden, match="Space administrator role"):
        services.member_change_role(membership=_membership(space, dave), role=SpaceRole.SPACE_ADMINISTRATOR, by=power)
    assert _membership(space, dave).role == SpaceRole.POWER_USER

    services.member_change_role(membership=_membership(space, dave), role=SpaceRole.SPACE_ADMINISTRATOR, by=admin)
    assert _membership(space, dave).role == SpaceRole.SPACE_ADMINISTRATOR


def test_limited_access_members_cannot_change_roles(space, contributor, dave):
    with pytest.raises(Forbidden):
        services.member_change_role(membership=_membership(space, dave), role=SpaceRole.LIMITED_ACCESS, by=contributor)


def test_changing_a_role_on_the_page_with_an_unknown_role_shows_a_banner(client_for, space, admin, dave):
    response = client_for(admin).post(
        reverse("spaces:member_role", args=["acme", _membership(space, dave).pk]), {"role": "overlord"}
    )
    assert response.status_code == 302
    assert error_banners(response) == ["Choose Space administrator, Power user or Limited access."]
    assert _membership(space, dave).role == SpaceRole.POWER_USER


def test_changing_a_space_administrators_role_on_the_page_shows_a_banner(client_for, space, admin, power):
    second = UserFactory()
    membership = SpaceMembershipFactory(space=space, user=second, role=SpaceRole.SPACE_ADMINISTRATOR)
    response = client_for(admin).post(
        reverse("spaces:member_role", args=["acme", membership.pk]), {"role": SpaceRole.POWER_USER}
    )
    assert response.status_code == 302
    assert "cannot be changed" in error_banners(response)[0]


# Removing ---------------------------------------------------------------------------------------


def test_removing_a_member_removes_their_project_and_team_memberships(space, project, other_space, admin, dave):
    ProjectMembershipFactory(project=project, user=dave, role=ProjectRole.REVIEWER)
    TeamFactory(space=space).members.add(dave)
    elsewhere = ProjectFactory(space=other_space)
    SpaceMembershipFactory(space=other_space, user=dave)
    ProjectMembershipFactory(project=elsewhere, user=dave)
    other_team = TeamFactory(space=other_space)
    other_team.members.add(dave)

    services.member_remove(membership=_membership(space, dave), by=admin)

    assert not space.memberships.filter(user=dave).exists()
    assert not ProjectMembership.objects.filter(project__space=space, user=dave).exists()
    assert not TeamMembership.objects.filter(team__space=space, user=dave).exists()
    # what they have in another space stays
    assert other_space.memberships.filter(user=dave).exists()
    assert ProjectMembership.objects.filter(project=elsewhere, user=dave).exists()
    assert TeamMembership.objects.filter(team=other_team, user=dave).exists()
    assert space.activity.filter(event_name="DeleteSpaceMembership").exists()


def test_power_user_removes_a_power_user(space, power, dave):
    services.member_remove(membership=_membership(space, dave), by=power)
    assert not space.memberships.filter(user=dave).exists()


def test_only_a_space_administrator_removes_a_space_administrator(space, admin, power):
    second = UserFactory()
    SpaceMembershipFactory(space=space, user=second, role=SpaceRole.SPACE_ADMINISTRATOR)
    with pytest.raises(Forbidden, match="Space administrator role to add, change or remove Space administrators"):
        services.member_remove(membership=_membership(space, second), by=power)

    services.member_remove(membership=_membership(space, second), by=admin)
    assert not space.memberships.filter(user=second).exists()


def test_a_space_administrator_cannot_remove_themselves(space, admin):
    second = UserFactory()
    SpaceMembershipFactory(space=space, user=second, role=SpaceRole.SPACE_ADMINISTRATOR)
    with pytest.raises(DomainError, match="You cannot remove yourself from the space"):
        services.member_remove(membership=_membership(space, admin), by=admin)
    assert _membership(space, admin).role == SpaceRole.SPACE_ADMINISTRATOR


def test_removing_the_last_space_administrator_is_refused(space, admin):
    with pytest.raises(DomainError):
        services.member_remove(membership=_membership(space, admin), by=admin)
    assert space.memberships.filter(role=SpaceRole.SPACE_ADMINISTRATOR).count() == 1


def test_limited_access_members_cannot_remove_anyone(space, contributor, dave):
    with pytest.raises(Forbidden):
        services.member_remove(membership=_membership(space, dave), by=contributor)


def test_members_of_a_federated_space_cannot_be_removed_here(space, admin, dave):
    Space.objects.filter(pk=space.pk).update(kind=Space.Kind.FEDERATED)
    space.refresh_from_db()
    with pytest.raises(DomainError, match="identity federation"):
        services.member_remove(membership=_membership(space, dave), by=admin)


def test_an_administrator_removing_themselves_on_the_page_sees_a_banner(client_for, space, admin):
    before = snapshot()
    response = client_for(admin).post(reverse("spaces:member_remove", args=["acme", _membership(space, admin).pk]))

    assert response.status_code == 302
    assert error_banners(response) == ["You cannot remove yourself from the space. Ask another Space administrator."]
    assert snapshot() == before


def test_the_member_list_offers_no_remove_button_for_oneself(client_for, space, admin):
    page = client_for(admin).get(reverse("spaces:members", args=["acme"])).content.decode()
    own = reverse("spaces:member_remove", args=["acme", _membership(space, admin).pk])
    assert own not in page
    assert page.count('class="btn small danger">Remove</button>') == 2  # power and contributor


def test_a_removed_member_can_no_longer_open_the_space(client_for, space, admin, dave):
    client_for(admin).post(reverse("spaces:member_remove", args=["acme", _membership(space, dave).pk]))
    assert client_for(dave).get(reverse("spaces:overview", args=["acme"])).status_code == 404


def test_the_member_list_is_paginated_25_to_a_page(client_for, space, admin):
    for _ in range(30):
        SpaceMembershipFactory(space=space, user=UserFactory())
    client = client_for(admin)

    first = client.get(reverse("spaces:members", args=["acme"]))
    second = client.get(reverse("spaces:members", args=["acme"]), {"page": 2})
    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 8  # 33 members in all
    assert b"Page 2 of 2" in second.content


def test_a_power_user_invited_as_space_administrator_becomes_one(client_for, space, admin, power):
    from spaces.models import SpaceMembership
    from spaces.services import invitation_accept
    from tests.factories import InvitationFactory

    invitation = InvitationFactory(space=space, email=power.email, space_role="space_admin", invited_by=admin)
    invitation_accept(invitation=invitation, user=power)
    assert SpaceMembership.objects.get(space=space, user=power).role == "space_admin"


def test_removing_yourself_from_a_project_lands_on_a_page_you_can_open(client_for, space, project, contributor):
    from spaces.models import ProjectMembership, SpaceMembership

    client = client_for(contributor)
    mine = ProjectMembership.objects.get(project=project, user=contributor)
    ProjectMembership.objects.filter(pk=mine.pk).update(role="project_admin")
    ProjectMembership.objects.filter(project=project).exclude(pk=mine.pk).update(role="project_admin")
    response = client.post(f"/spaces/{space.name}/projects/{project.name}/members/{mine.pk}/remove/")
    assert response.status_code == 302
    assert not SpaceMembership.objects.filter(space=space, user=contributor).exists()
    assert response.url == "/spaces/"


def test_a_space_administrator_makes_an_existing_member_space_administrator_on_the_page(
    client_for, space, admin, power, dave
):
    """Seed 000, "Add other space administrators"."""
    page = client_for(admin).get(reverse("spaces:members", args=["acme"])).content.decode()
    assert '<option value="space_admin">Space administrator</option>' in page
    response = client_for(admin).post(
        reverse("spaces:member_role", args=["acme", _membership(space, dave).pk]), {"role": "space_admin"}
    )
    assert response.status_code == 302
    assert _membership(space, dave).role == SpaceRole.SPACE_ADMINISTRATOR
    # A Power user is offered no such choice, and is refused it.
    page = client_for(power).get(reverse("spaces:members", args=["acme"])).content.decode()
    assert 'value="space_admin">Space administrator</option>' not in page.split('id="invite-title"')[0]


def test_only_space_administrators_cancel_an_invitation_to_the_space_administrator_role(
    client_for, space, admin, power
):
    from catalyst_admin.errors import Forbidden
    from spaces.models import Invitation
    from tests.factories import InvitationFactory

    invitation = InvitationFactory(space=space, email="boss@example.com", space_role=SpaceRole.SPACE_ADMINISTRATOR)
    page = client_for(power).get(reverse("spaces:members", args=["acme"])).content.decode()
    assert "boss@example.com" in page
    assert reverse("spaces:invitation_cancel", args=["acme", invitation.pk]) not in page
    with pytest.raises(Forbidden, match="Space administrator role"):
        services.invitation_cancel(invitation=invitation, by=power)
    response = client_for(power).post(reverse("spaces:invitation_cancel", args=["acme", invitation.pk]))
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    services.invitation_cancel(invitation=invitation, by=admin)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CANCELLED
