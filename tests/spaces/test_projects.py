"""Projects: creating, listing, opening, members and their roles, Limited access, deleting."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalyst_admin.errors import Conflict, DomainError, Forbidden, QuotaExceeded
from spaces import selectors, services
from spaces.models import Invitation, Project, ProjectMembership
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import (
    InvitationFactory,
    ProjectFactory,
    ProjectMembershipFactory,
    SpaceMembershipFactory,
    UserFactory,
)
from tests.spaces.conftest import error_banners, snapshot, success_banners

pytestmark = pytest.mark.django_db


def create(space, by, name="api", description=""):
    return services.project_create(space=space, name=name, description=description, by=by)


# Creating ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "power"])
def test_space_administrators_and_power_users_create_projects_and_administer_them(space, cast, who):
    project = create(space, cast[who], description=" An API ")

    assert project.description == "An API"
    membership = project.memberships.get()
    assert membership.user == cast[who]
    assert membership.role == ProjectRole.PROJECT_ADMINISTRATOR
    assert space.activity.filter(event_name="CreateProject", project=project).exists()


def test_limited_access_members_cannot_create_projects(space, contributor):
    before = snapshot()
    with pytest.raises(Forbidden, match="You need the Space administrator or Power user role to create projects."):
        create(space, contributor)
    assert snapshot() == before


@pytest.mark.parametrize("name", ["abc", "My App", "a.b-c_d 2", "x" * 63, "Web App 2"])
def test_valid_project_names_are_accepted(space, admin, name):
    assert create(space, admin, name).name == name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ab", "3–63 characters"),
        ("x" * 64, "3–63 characters"),
        ("my  app", "joined by single"),
        ("-app", "joined by single"),
        ("app-", "joined by single"),
        ("my app!", "joined by single"),
        ("ünicode", "joined by single"),
        ("create", "reserved"),
    ],
)
def test_invalid_project_names_are_refused_and_nothing_is_written(space, admin, name, message):
    before = snapshot()
    with pytest.raises(DomainError, match=message) as refused:
        create(space, admin, name)
    assert refused.value.field == "name"
    assert snapshot() == before


def test_a_description_over_200_characters_is_refused(space, admin):
    assert len(create(space, admin, "ok-one", "d" * 200).description) == 200
    with pytest.raises(DomainError) as refused:
        create(space, admin, "ok-two", "d" * 201)
    assert refused.value.field == "description"


def test_project_names_are_unique_in_a_space_whatever_their_case(space, project, admin):
    before = snapshot()
    with pytest.raises(DomainError, match="A project named WEB-APP already exists in this space"):
        create(space, admin, "WEB-APP")
    assert snapshot() == before


def test_the_same_project_name_may_be_used_in_another_space(project, other_space, outsider):
    assert create(other_space, outsider, "web-app").space == other_space


def test_the_database_refuses_two_projects_with_the_same_name_in_a_space(space, project):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(space=space, name="Web-App")


def test_the_database_allows_one_role_per_user_per_project(project, contributor):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectMembership.objects.create(project=project, user=contributor, role=ProjectRole.READ_ONLY)


def test_the_101st_project_in_a_space_is_refused(space, admin):
    Project.objects.bulk_create(Project(space=space, name=f"project-{n}") for n in range(100))
    before = snapshot()
    with pytest.raises(DomainError, match="at most 100 projects"):
        create(space, admin)
    assert snapshot() == before


def test_the_create_page_opens_the_new_project(client_for, space, power):
    response = client_for(power).post(reverse("spaces:project_create", args=["acme"]), {"name": "My App"})

    assert response.status_code == 302
    assert response.url == reverse("spaces:project", args=["acme", "My App"])
    assert client_for(power).get(response.url).status_code == 200


def test_a_project_name_clash_on_the_create_page_is_a_form_error(client_for, space, project, admin):
    before = snapshot()
    response = client_for(admin).post(reverse("spaces:project_create", args=["acme"]), {"name": "Web-app"})

    assert response.status_code == 200
    assert "already exists in this space" in response.context["form"].errors["name"][0]
    assert snapshot() == before


def test_project_create_reports_a_bad_name_and_a_long_description_at_once(space, admin):
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        create(space, admin, "ab", "d" * 201)
    assert set(refused.value.errors) == {"name", "description"}
    assert snapshot() == before


def test_a_taken_name_is_reported_with_a_long_description_and_alone_stays_a_conflict(space, project, admin):
    with pytest.raises(DomainError) as refused:
        create(space, admin, "WEB-APP", "d" * 201)
    assert type(refused.value) is DomainError
    assert set(refused.value.errors) == {"name", "description"}
    assert "already exists in this space" in refused.value.errors["name"][0]
    with pytest.raises(Conflict):
        create(space, admin, "WEB-APP")


def test_the_create_page_reports_every_invalid_field_on_the_first_submit(client_for, space, project, admin):
    url = reverse("spaces:project_create", args=["acme"])
    for name, message in (
        ("ab", "3–63 characters"),
        ("Web-app", "already exists in this space"),
        ("create", "reserved"),
    ):
        before = snapshot()
        response = client_for(admin).post(url, {"name": name, "description": "d" * 201})
        errors = response.context["form"].errors
        assert message in " ".join(errors["name"])
        assert "description" in errors
        assert snapshot() == before


# Listing and opening ----------------------------------------------------------------------------


@pytest.fixture
def private_project(space, power):
    """A project the contributor is not in."""
    project = ProjectFactory(space=space, name="internal")
    ProjectMembershipFactory(project=project, user=power, role=ProjectRole.PROJECT_ADMINISTRATOR)
    return project


@pytest.mark.parametrize(
    ("who", "visible"),
    [("admin", {"web-app", "internal"}), ("power", {"web-app", "internal"}), ("contributor", {"web-app"})],
)
def test_space_administrators_and_power_users_see_every_project_others_only_theirs(
    client_for, space, project, private_project, cast, who, visible
):
    response = client_for(cast[who]).get(reverse("spaces:projects", args=["acme"]))
    assert {p.name for p in response.context["page_obj"]} == visible


def test_a_project_shows_its_member_count_to_someone_who_sees_only_their_own(client_for, space, project, contributor):
    listed = client_for(contributor).get(reverse("spaces:projects", args=["acme"])).context["page_obj"][0]
    assert listed.member_count == 2


def test_power_user_has_no_access_to_a_project_by_role_alone(client_for, space, project, power):
    response = client_for(power).get(reverse("spaces:project", args=["acme", "web-app"]))

    assert response.status_code == 403
    assert (
        "You need the Space administrator, Project administrator, Contributor, Reviewer or Read only role "
        "to open this project."
    ) in response.content.decode()


def test_a_project_of_another_space_is_a_404(client_for, space, other_space, admin):
    ProjectFactory(space=other_space, name="secret")
    assert client_for(admin).get(reverse("spaces:project", args=["acme", "secret"])).status_code == 404


def test_the_project_page_lists_members_with_their_roles(client_for, space, project, contributor):
    page = client_for(contributor).get(reverse("spaces:project", args=["acme", "web-app"])).content.decode()
    assert "Alice Admin" in page and "Project administrator" in page
    assert "Charlie Contributor" in page
    assert "Delete project" not in page


# Project invitations and Limited access ---------------------------------------------------------


@pytest.fixture
def newcomer(db):
    return UserFactory(name="Nina Newcomer", alias="nina", username="newcomer@example.com")


def invite(project, by, email="newcomer@example.com", role=ProjectRole.CONTRIBUTOR):
    return services.project_invitation_create(project=project, email=email, role=role, by=by)


def test_accepting_a_project_invitation_gives_limited_access_to_a_newcomer(space, project, admin, newcomer):
    invitation = invite(project, admin, role=ProjectRole.REVIEWER)

    membership = services.invitation_accept(invitation=invitation, user=newcomer)

    assert membership.role == SpaceRole.LIMITED_ACCESS
    assert project.memberships.get(user=newcomer).role == ProjectRole.REVIEWER
    assert space.activity.filter(event_name="AcceptInvitation", project=project).exists()


def test_accepting_a_project_invitation_keeps_an_existing_space_role(space, project, admin, power):
    invitation = invite(project, admin, email="bob@example.com")
    services.invitation_accept(invitation=invitation, user=power)

    assert space.memberships.get(user=power).role == SpaceRole.POWER_USER
    assert project.memberships.get(user=power).role == ProjectRole.CONTRIBUTOR


def test_a_contributor_cannot_invite_to_the_project(project, contributor):
    with pytest.raises(Forbidden, match="Space administrator or Project administrator role to manage this project"):
        invite(project, contributor)


def test_inviting_a_project_member_again_is_refused(project, admin):
    with pytest.raises(DomainError, match="already a member of this project"):
        invite(project, admin, email="Charlie@example.com")


def test_inviting_an_address_with_a_pending_project_invitation_is_refused(project, admin):
    invite(project, admin)
    with pytest.raises(DomainError, match="already has a pending invitation to this project"):
        invite(project, admin, email="NEWCOMER@example.com")
    assert project.invitations.count() == 1


def test_an_unknown_project_role_is_refused(project, admin):
    with pytest.raises(DomainError, match="Choose a project role"):
        invite(project, admin, role="owner")


def test_the_project_invite_form_shows_errors_instead_of_sending(client_for, space, project, admin):
    response = client_for(admin).post(
        reverse("spaces:project", args=["acme", "web-app"]),
        {"email": "charlie@example.com", "role": "contributor"},
    )
    assert response.status_code == 200
    assert "already a member of this project" in response.context["invite_form"].errors["email"][0]
    assert not Invitation.objects.exists()


def test_accepting_a_project_invitation_on_the_page_opens_the_project(client_for, space, project, admin, newcomer):
    invitation = invite(project, admin)
    response = client_for(newcomer).post(reverse("spaces:invitation_accept", args=[invitation.pk]))
    assert response.url == reverse("spaces:project", args=["acme", "web-app"])


def test_cancelling_a_project_invitation_returns_to_the_project(client_for, space, project, admin):
    invitation = invite(project, admin)
    response = client_for(admin).post(reverse("spaces:invitation_cancel", args=["acme", invitation.pk]))

    assert response.url == reverse("spaces:project", args=["acme", "web-app"])
    assert space.activity.get(event_name="CancelInvitation").project_name == "web-app"


def test_limited_access_ends_when_removed_from_every_project(space, project, admin, contributor):
    services.project_member_remove(membership=project.memberships.get(user=contributor), by=admin)

    assert not space.memberships.filter(user=contributor).exists()


def test_limited_access_stays_while_in_another_project(space, project, private_project, admin, contributor):
    ProjectMembershipFactory(project=private_project, user=contributor)
    services.project_member_remove(membership=project.memberships.get(user=contributor), by=admin)

    assert space.memberships.get(user=contributor).role == SpaceRole.LIMITED_ACCESS


def test_a_power_user_removed_from_their_only_project_stays_a_power_user(space, project, admin, power):
    ProjectMembershipFactory(project=project, user=power)
    services.project_member_remove(membership=project.memberships.get(user=power), by=admin)

    assert space.memberships.get(user=power).role == SpaceRole.POWER_USER


def test_limited_access_ends_when_the_last_project_they_are_in_is_deleted(
    space, project, private_project, admin, contributor
):
    stays = UserFactory()
    SpaceMembershipFactory(space=space, user=stays, role=SpaceRole.LIMITED_ACCESS)
    ProjectMembershipFactory(project=private_project, user=stays)

    services.project_delete(project=project, confirm_name="web-app", by=admin)

    assert not space.memberships.filter(user=contributor).exists()
    assert space.memberships.get(user=stays).role == SpaceRole.LIMITED_ACCESS
    assert space.memberships.get(user=admin).role == SpaceRole.SPACE_ADMINISTRATOR


# Project roles and removal ----------------------------------------------------------------------


def test_project_administrator_changes_a_members_project_role(space, project, contributor):
    owner = UserFactory()
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.LIMITED_ACCESS)
    ProjectMembershipFactory(project=project, user=owner, role=ProjectRole.PROJECT_ADMINISTRATOR)

    services.project_member_change_role(
        membership=project.memberships.get(user=contributor), role=ProjectRole.READ_ONLY, by=owner
    )

    assert project.memberships.get(user=contributor).role == ProjectRole.READ_ONLY
    assert space.activity.filter(event_name="UpdateProjectMembership", project=project).exists()


@pytest.mark.parametrize("role", [ProjectRole.CONTRIBUTOR, ProjectRole.REVIEWER, ProjectRole.READ_ONLY])
def test_the_last_project_administrator_cannot_be_demoted(project, admin, role):
    with pytest.raises(DomainError, match="at least one Project administrator"):
        services.project_member_change_role(membership=project.memberships.get(user=admin), role=role, by=admin)
    assert project.memberships.get(user=admin).role == ProjectRole.PROJECT_ADMINISTRATOR


def test_the_last_project_administrator_cannot_be_removed(project, admin):
    with pytest.raises(DomainError, match="at least one Project administrator"):
        services.project_member_remove(membership=project.memberships.get(user=admin), by=admin)
    assert project.memberships.filter(user=admin).exists()


def test_a_project_administrator_can_go_once_there_is_another(space, project, admin, contributor):
    services.project_member_change_role(
        membership=project.memberships.get(user=contributor), role=ProjectRole.PROJECT_ADMINISTRATOR, by=admin
    )
    services.project_member_remove(membership=project.memberships.get(user=admin), by=admin)

    assert list(project.memberships.values_list("role", flat=True)) == [ProjectRole.PROJECT_ADMINISTRATOR]
    assert space.memberships.get(user=admin).role == SpaceRole.SPACE_ADMINISTRATOR


def test_demoting_the_last_project_administrator_on_the_page_shows_a_banner(client_for, space, project, admin):
    membership = project.memberships.get(user=admin)
    response = client_for(admin).post(
        reverse("spaces:project_member_role", args=["acme", "web-app", membership.pk]), {"role": "reviewer"}
    )
    assert response.status_code == 302
    assert "at least one Project administrator" in error_banners(response)[0]


def test_changing_a_project_role_on_the_page_with_an_unknown_role_shows_a_banner(client_for, space, project, admin):
    membership = project.memberships.get(user=admin)
    response = client_for(admin).post(
        reverse("spaces:project_member_role", args=["acme", "web-app", membership.pk]), {"role": "owner"}
    )
    assert error_banners(response) == ["Choose one of the project roles."]


def test_a_membership_of_another_project_in_the_url_is_a_404(client_for, space, project, private_project, admin, power):
    elsewhere = private_project.memberships.get(user=power)
    for name in ("spaces:project_member_role", "spaces:project_member_remove"):
        response = client_for(admin).post(reverse(name, args=["acme", "web-app", elsewhere.pk]), {"role": "reviewer"})
        assert response.status_code == 404
    assert private_project.memberships.get(user=power).role == ProjectRole.PROJECT_ADMINISTRATOR


# Deleting ---------------------------------------------------------------------------------------


def test_deleting_a_project_needs_its_name_typed_exactly(space, project, admin):
    before = snapshot()
    with pytest.raises(DomainError, match="type the project name web-app exactly"):
        services.project_delete(project=project, confirm_name="Web-App", by=admin)
    assert snapshot() == before


def test_a_project_administrator_deletes_the_project(space, project, power):
    owned = create(space, power, "owned")
    services.project_delete(project=owned, confirm_name="owned", by=power)

    assert not Project.objects.filter(pk=owned.pk).exists()
    event = space.activity.get(event_name="DeleteProject")
    assert event.project_name == "owned"
    assert event.actor_user == power


@pytest.mark.parametrize("who", ["power", "contributor"])
def test_only_space_and_project_administrators_delete_a_project(project, cast, who):
    with pytest.raises(Forbidden):
        services.project_delete(project=project, confirm_name="web-app", by=cast[who])
    assert Project.objects.filter(pk=project.pk).exists()


def test_the_delete_page_refuses_a_wrong_name_with_a_form_error(client_for, space, project, admin):
    response = client_for(admin).post(
        reverse("spaces:project_delete", args=["acme", "web-app"]), {"confirm_name": "web"}
    )
    assert response.status_code == 200
    assert "type the project name web-app exactly" in response.context["form"].errors["confirm_name"][0]
    assert Project.objects.filter(pk=project.pk).exists()


def test_deleting_a_project_from_the_page_returns_to_the_project_list(client_for, space, project, admin):
    response = client_for(admin).post(
        reverse("spaces:project_delete", args=["acme", "web-app"]), {"confirm_name": "web-app"}
    )
    assert response.url == reverse("spaces:projects", args=["acme"])
    assert success_banners(response) == ["Project web-app was deleted."]


def test_deleting_ones_last_project_with_limited_access_returns_to_the_space_list(
    client_for, space, project, contributor
):
    ProjectMembership.objects.filter(project=project, user=contributor).update(role=ProjectRole.PROJECT_ADMINISTRATOR)
    client = client_for(contributor)
    response = client.post(reverse("spaces:project_delete", args=["acme", "web-app"]), {"confirm_name": "web-app"})

    assert response.status_code == 302
    assert response.url == reverse("spaces:list")
    assert client.get(response.url).status_code == 200


def test_projects_visible_to_is_scoped_to_the_space(space, project, other_space, outsider):
    ProjectFactory(space=other_space, name="other")
    assert [p.name for p in selectors.projects_visible_to(outsider, space)] == []


def test_a_project_invitation_counts_towards_the_daily_limit_of_the_address(project, admin):
    for _ in range(25):
        InvitationFactory(space=project.space, email="busy@example.com", status=Invitation.Status.DECLINED)
    with pytest.raises(DomainError, match="25 invitations today"):
        invite(project, admin, email="busy@example.com")


def test_the_project_list_is_paginated_25_to_a_page(client_for, space, admin):
    Project.objects.bulk_create(Project(space=space, name=f"project-{n:02}") for n in range(30))
    client = client_for(admin)

    first = client.get(reverse("spaces:projects", args=["acme"]))
    second = client.get(reverse("spaces:projects", args=["acme"]), {"page": 2})
    assert [p.name for p in first.context["page_obj"]][:2] == ["project-00", "project-01"]
    assert [p.name for p in second.context["page_obj"]] == [f"project-{n}" for n in range(25, 30)]


# Updating (the codecatalyst API's UpdateProject; the rule lives here) -------------------------------


def test_a_project_administrator_updates_the_description_and_it_is_in_the_activity_log(space, project, admin):
    services.project_update(project=project, description="  The web app  ", by=admin)
    project.refresh_from_db()
    assert project.description == "The web app"
    entry = space.activity.get(event_name="UpdateProject")
    assert (entry.actor_user, entry.project_name) == (admin, "web-app")


@pytest.mark.parametrize("who", ["power", "contributor"])
def test_only_project_administrators_update_a_project(space, project, cast, who):
    with pytest.raises(Forbidden, match="Project administrator role to change this project"):
        services.project_update(project=project, description="Mine", by=cast[who])
    project.refresh_from_db()
    assert project.description == ""
    assert not space.activity.filter(event_name="UpdateProject").exists()


def test_an_updated_description_over_200_characters_is_refused(space, project, admin):
    with pytest.raises(DomainError) as excinfo:
        services.project_update(project=project, description="x" * 201, by=admin)
    assert excinfo.value.field == "description"
    project.refresh_from_db()
    assert project.description == ""


def test_a_taken_name_and_the_quota_are_told_apart_from_other_refusals(space, project, admin):
    with pytest.raises(Conflict):
        create(space, admin, name="WEB-APP")
    Project.objects.bulk_create([Project(space=space, name=f"p{i:03}") for i in range(99)])
    with pytest.raises(QuotaExceeded):
        create(space, admin, name="one-more")


def test_the_projects_list_and_overview_link_only_the_projects_the_person_can_open(client_for, space, admin, power):
    lonely = ProjectFactory(space=space, name="lonely")  # nobody's project: a Power user cannot open it
    url = reverse("spaces:project", args=["acme", lonely.name])
    pages = (reverse("spaces:projects", args=["acme"]), reverse("spaces:overview", args=["acme"]))
    client = client_for(power)
    assert client.get(url).status_code == 403
    for page in pages:
        html = client.get(page).content.decode()
        assert "lonely <span" in html and f'href="{url}"' not in html
    client = client_for(admin)
    for page in pages:
        assert f'href="{url}"' in client.get(page).content.decode()
