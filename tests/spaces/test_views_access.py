"""Every spaces view for every member of the cast, and for an anonymous visitor.

Expected statuses are given in cast order: (admin, power, contributor, outsider). The outsider
belongs to another space only, so the space itself is a 404 for them; a member without the role
gets the 403 page naming the role needed; a successful POST redirects with a success banner.
"""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from spaces.models import Invitation, Project, ProjectMembership, Space, SpaceMembership, Team
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import InvitationFactory
from tests.spaces.conftest import error_banners, success_banners

pytestmark = pytest.mark.django_db

CAST = ("admin", "power", "contributor", "outsider")


@pytest.fixture
def world(cast, space, project, team, dave, space_invitation, other_space):
    return SimpleNamespace(
        **cast,
        space=space,
        project=project,
        team=team,
        dave=dave,
        space_invitation=space_invitation,
        contributor_membership=space.memberships.get(user=cast["contributor"]),
        dave_membership=space.memberships.get(user=dave),
        contributor_in_project=project.memberships.get(user=cast["contributor"]),
    )


# (url name, args from the world, statuses for admin/power/contributor/outsider)
PAGES = [
    ("spaces:list", lambda w: [], (200, 200, 200, 200)),
    ("spaces:create", lambda w: [], (200, 200, 200, 200)),
    ("spaces:overview", lambda w: [w.space.name], (200, 200, 200, 404)),
    ("spaces:settings", lambda w: [w.space.name], (200, 200, 200, 404)),
    ("spaces:delete", lambda w: [w.space.name], (200, 403, 403, 404)),
    ("spaces:aws_accounts", lambda w: [w.space.name], (200, 200, 403, 404)),
    ("spaces:projects", lambda w: [w.space.name], (200, 200, 200, 404)),
    ("spaces:project_create", lambda w: [w.space.name], (200, 200, 403, 404)),
    ("spaces:project", lambda w: [w.space.name, w.project.name], (200, 403, 200, 404)),
    ("spaces:project_delete", lambda w: [w.space.name, w.project.name], (200, 403, 403, 404)),
    ("spaces:members", lambda w: [w.space.name], (200, 200, 200, 404)),
    ("spaces:teams", lambda w: [w.space.name], (200, 200, 200, 404)),
    ("spaces:team", lambda w: [w.space.name, w.team.pk], (200, 200, 200, 404)),
    ("spaces:activity", lambda w: [w.space.name], (200, 200, 403, 404)),
]


def _still_there(w):
    return Space.objects.filter(pk=w.space.pk).exists()


# (url name, args, form data, statuses, check that the change happened)
ACTIONS = [
    (
        "spaces:create",
        lambda w: [],
        {"name": "new-space", "region": "us-west-2", "description": "", "billing_account_id": "444455556666"},
        (302, 302, 302, 302),
        lambda w: Space.objects.filter(name="new-space").exists(),
    ),
    (
        "spaces:settings",
        lambda w: [w.space.name],
        {"description": "Changed"},
        (302, 403, 403, 404),
        lambda w: Space.objects.get(pk=w.space.pk).description == "Changed",
    ),
    (
        "spaces:delete",
        lambda w: [w.space.name],
        {"confirm_name": "acme"},
        (302, 403, 403, 404),
        lambda w: not _still_there(w),
    ),
    (
        "spaces:project_create",
        lambda w: [w.space.name],
        {"name": "api", "description": ""},
        (302, 302, 403, 404),
        lambda w: w.space.projects.filter(name="api").exists(),
    ),
    (
        "spaces:project",
        lambda w: [w.space.name, w.project.name],
        {"email": "new@example.com", "role": ProjectRole.CONTRIBUTOR},
        (302, 403, 403, 404),
        lambda w: w.project.invitations.filter(email="new@example.com").exists(),
    ),
    (
        "spaces:project_delete",
        lambda w: [w.space.name, w.project.name],
        {"confirm_name": "web-app"},
        (302, 403, 403, 404),
        lambda w: not Project.objects.filter(pk=w.project.pk).exists(),
    ),
    (
        "spaces:project_member_role",
        lambda w: [w.space.name, w.project.name, w.contributor_in_project.pk],
        {"role": ProjectRole.REVIEWER},
        (302, 403, 403, 404),
        lambda w: ProjectMembership.objects.get(pk=w.contributor_in_project.pk).role == ProjectRole.REVIEWER,
    ),
    (
        "spaces:project_member_remove",
        lambda w: [w.space.name, w.project.name, w.contributor_in_project.pk],
        {},
        (302, 403, 403, 404),
        lambda w: not ProjectMembership.objects.filter(pk=w.contributor_in_project.pk).exists(),
    ),
    (
        "spaces:members",
        lambda w: [w.space.name],
        {"email": "new@example.com", "role": SpaceRole.POWER_USER},
        (302, 302, 403, 404),
        lambda w: w.space.invitations.filter(email="new@example.com").exists(),
    ),
    (
        "spaces:member_role",
        lambda w: [w.space.name, w.contributor_membership.pk],
        {"role": SpaceRole.POWER_USER},
        (302, 302, 403, 404),
        lambda w: SpaceMembership.objects.get(pk=w.contributor_membership.pk).role == SpaceRole.POWER_USER,
    ),
    (
        "spaces:member_remove",
        lambda w: [w.space.name, w.dave_membership.pk],
        {},
        (302, 302, 403, 404),
        lambda w: not SpaceMembership.objects.filter(pk=w.dave_membership.pk).exists(),
    ),
    (
        "spaces:invitation_cancel",
        lambda w: [w.space.name, w.space_invitation.pk],
        {},
        (302, 302, 403, 404),
        lambda w: Invitation.objects.get(pk=w.space_invitation.pk).status == Invitation.Status.CANCELLED,
    ),
    (
        "spaces:teams",
        lambda w: [w.space.name],
        {"name": "Frontend", "description": ""},
        (302, 403, 403, 404),
        lambda w: w.space.teams.filter(name="Frontend").exists(),
    ),
    (
        "spaces:team",
        lambda w: [w.space.name, w.team.pk],
        {"action": "rename", "rename-name": "Platform", "rename-description": ""},
        (302, 403, 403, 404),
        lambda w: Team.objects.get(pk=w.team.pk).name == "Platform",
    ),
    (
        "spaces:team_delete",
        lambda w: [w.space.name, w.team.pk],
        {},
        (302, 403, 403, 404),
        lambda w: not Team.objects.filter(pk=w.team.pk).exists(),
    ),
    (
        "spaces:team_member_remove",
        lambda w: [w.space.name, w.team.pk, w.power.pk],
        {},
        (302, 403, 403, 404),
        lambda w: not w.team.members.filter(pk=w.power.pk).exists(),
    ),
]


def _expand(rows):
    cases = []
    for row in rows:
        name, statuses = row[0], row[-2] if len(row) == 5 else row[-1]
        for who, status in zip(CAST, statuses, strict=True):
            cases.append(pytest.param(row, who, status, id=f"{name}-{who}-{status}"))
    return cases


@pytest.mark.parametrize(("row", "who", "expected"), _expand(PAGES))
def test_page_status_for_each_member_of_the_cast(client_for, world, row, who, expected):
    name, args, _ = row
    response = client_for(getattr(world, who)).get(reverse(name, args=args(world)))
    assert response.status_code == expected
    if expected == 403:
        assert b"Access denied" in response.content
        assert b"role to" in response.content  # names the role needed


@pytest.mark.parametrize(("row", "who", "expected"), _expand(ACTIONS))
def test_action_status_for_each_member_of_the_cast(client_for, world, row, who, expected):
    name, args, data, _, changed = row
    response = client_for(getattr(world, who)).post(reverse(name, args=args(world)), data)
    assert response.status_code == expected
    if expected == 302:
        assert error_banners(response) == []
        assert success_banners(response)
        assert changed(world)
    else:
        assert not changed(world)
    if expected == 403:
        assert b"role to" in response.content


@pytest.mark.parametrize("row", [*PAGES, *ACTIONS], ids=lambda row: row[0])
def test_anonymous_visitor_is_sent_to_sign_in(client, world, row):
    url = reverse(row[0], args=row[1](world))
    method = client.post if row in ACTIONS else client.get
    response = method(url, row[2] if row in ACTIONS else None)
    assert response.status_code == 302
    assert response.url == f"/signin/?next={url}"


@pytest.mark.parametrize("url_name", ["spaces:invitation_accept", "spaces:invitation_decline"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [("admin", 404), ("power", 404), ("contributor", 404), ("outsider", 302), (None, 302)],
)
def test_only_the_addressee_can_answer_an_invitation(client_for, world, url_name, who, expected):
    invitation = InvitationFactory(space=world.space, email="OLGA@example.com", invited_by=world.admin)
    url = reverse(url_name, args=[invitation.pk])
    response = client_for(getattr(world, who) if who else None).post(url)
    assert response.status_code == expected
    invitation.refresh_from_db()
    if who == "outsider":
        assert invitation.status != Invitation.Status.PENDING
    else:
        assert invitation.status == Invitation.Status.PENDING
    if who is None:
        assert response.url == f"/signin/?next={url}"


@pytest.mark.parametrize("url_name", ["spaces:invitation_accept", "spaces:invitation_decline"])
def test_answering_an_invitation_needs_a_post(client_for, world, url_name):
    invitation = InvitationFactory(space=world.space, email="olga@example.com", invited_by=world.admin)
    response = client_for(world.outsider).get(reverse(url_name, args=[invitation.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("row", ACTIONS, ids=lambda row: row[0])
def test_a_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(world, row):

    name, args, data, _, changed = row
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    response = client.post(reverse(name, args=args(world)), data)

    assert response.status_code == 403
    assert b"The form could not be sent" in response.content
    assert not changed(world)


def test_answering_an_invitation_without_the_csrf_token_is_refused(world):

    invitation = InvitationFactory(space=world.space, email="olga@example.com", invited_by=world.admin)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.outsider)
    response = client.post(reverse("spaces:invitation_accept", args=[invitation.pk]))

    assert response.status_code == 403
    assert b"The form could not be sent" in response.content
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
