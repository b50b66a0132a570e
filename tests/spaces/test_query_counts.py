"""The list pages run as many queries for 30 rows as for 1: no query per row."""

import pytest
from django.urls import reverse

from spaces.activity import activity_record
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import (
    InvitationFactory,
    ProjectFactory,
    ProjectMembershipFactory,
    SpaceMembershipFactory,
    TeamFactory,
    UserFactory,
)
from tests.spaces.conftest import count_queries

pytestmark = pytest.mark.django_db


def _projects(space, admin, n):
    for i in range(n):
        project = ProjectFactory(space=space, description=f"Project {i}")
        ProjectMembershipFactory(project=project, user=admin, role=ProjectRole.PROJECT_ADMINISTRATOR)
        ProjectMembershipFactory(project=project, user=UserFactory())


def _members(space, admin, n):
    for _ in range(n):
        SpaceMembershipFactory(space=space, user=UserFactory(), role=SpaceRole.POWER_USER)
        InvitationFactory(space=space, invited_by=admin)


def _events(space, admin, n):
    for i in range(n):
        project = ProjectFactory(space=space)
        activity_record(space=space, event_name=f"Event{i}", user=UserFactory(), project=project)


def _teams(space, admin, n):
    for _ in range(n):
        TeamFactory(space=space).members.add(UserFactory())


def _team_members(space, admin, n):
    team = space.teams.first() or TeamFactory(space=space, name="Crowd")
    for _ in range(n):
        user = UserFactory()
        SpaceMembershipFactory(space=space, user=user)
        team.members.add(user)


def _spaces(space, admin, n):
    from tests.factories import SpaceFactory

    for _ in range(n):
        SpaceMembershipFactory(space=SpaceFactory(), user=admin, role=SpaceRole.POWER_USER)
        InvitationFactory(space=SpaceFactory(), email=admin.email)


PAGES = [
    ("spaces:projects", _projects),
    ("spaces:members", _members),
    ("spaces:activity", _events),
    ("spaces:teams", _teams),
    ("spaces:list", _spaces),
    ("spaces:overview", _projects),
]


@pytest.mark.parametrize(("url_name", "add_rows"), PAGES, ids=[p[0] for p in PAGES])
def test_a_list_page_runs_the_same_number_of_queries_for_1_row_as_for_30(client_for, space, admin, url_name, add_rows):
    client = client_for(admin)
    url = reverse(url_name) if url_name == "spaces:list" else reverse(url_name, args=["acme"])
    add_rows(space, admin, 1)
    client.get(url)  # warm up the session and content types
    with_one = count_queries(lambda: client.get(url))

    add_rows(space, admin, 29)
    with_thirty = count_queries(lambda: client.get(url))

    assert with_thirty == with_one


def test_the_team_page_runs_the_same_number_of_queries_for_1_member_as_for_30(client_for, space, admin):
    client = client_for(admin)
    team = TeamFactory(space=space, name="Crowd")
    url = reverse("spaces:team", args=["acme", team.pk])
    _team_members(space, admin, 1)
    client.get(url)
    with_one = count_queries(lambda: client.get(url))

    _team_members(space, admin, 29)
    assert count_queries(lambda: client.get(url)) == with_one


def test_the_project_page_runs_the_same_number_of_queries_for_1_member_as_for_30(client_for, space, project, admin):
    client = client_for(admin)
    url = reverse("spaces:project", args=["acme", "web-app"])
    client.get(url)
    with_few = count_queries(lambda: client.get(url))

    for _ in range(30):
        user = UserFactory()
        SpaceMembershipFactory(space=space, user=user, role=SpaceRole.LIMITED_ACCESS)
        ProjectMembershipFactory(project=project, user=user)
        InvitationFactory(space=space, project=project, project_role=ProjectRole.REVIEWER, invited_by=admin)
    assert count_queries(lambda: client.get(url)) == with_few
