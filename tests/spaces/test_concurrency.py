"""Two people acting at the same moment cannot together break a rule that each request checks.

These need row locks, so they run on PostgreSQL only (SQLite serialises writers anyway). Each test
starts its requests together, round after round, through the services themselves: nothing is
patched to widen the window, so the rule is held by the locks and constraints the services use.
"""

import pytest
from django.db import connection

from spaces import services
from spaces.models import Team
from spaces.roles import ProjectRole, SpaceRole
from spaces.services.projects import MAX_PROJECTS_PER_SPACE
from tests.concurrency import at_once
from tests.factories import ProjectFactory, ProjectMembershipFactory, SpaceFactory, SpaceMembershipFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]

ROUNDS = 15


def test_two_project_administrators_demoted_at_once_leave_one():
    space = SpaceFactory(name="race")
    owner = UserFactory()
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.SPACE_ADMINISTRATOR)
    for round_ in range(ROUNDS):
        project = ProjectFactory(space=space, name=f"raced-{round_}")
        memberships = [
            ProjectMembershipFactory(project=project, user=UserFactory(), role=ProjectRole.PROJECT_ADMINISTRATOR)
            for _ in range(2)
        ]
        outcomes = at_once(
            *[
                lambda m=m: services.project_member_change_role(membership=m, role=ProjectRole.READ_ONLY, by=owner)
                for m in memberships
            ]
        )
        assert outcomes.count("done") == 1, outcomes
        assert any("at least one Project administrator" in outcome for outcome in outcomes)
        assert project.memberships.filter(role=ProjectRole.PROJECT_ADMINISTRATOR).count() == 1


def test_two_teams_given_one_name_at_once_make_one_team():
    space = SpaceFactory(name="teams-race")
    owner = UserFactory()
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.SPACE_ADMINISTRATOR)
    for round_ in range(ROUNDS):
        name = f"backend-{round_}"
        outcomes = at_once(
            lambda name=name: services.team_create(space=space, name=name, by=owner),
            lambda name=name: services.team_create(space=space, name=name.upper(), by=owner),
        )
        assert outcomes.count("done") == 1, outcomes
        assert any("already exists in this space" in outcome for outcome in outcomes)
        assert Team.objects.filter(space=space, name__iexact=name).count() == 1


def test_fifty_projects_created_at_once_keep_the_space_at_its_quota_of_100():
    space = SpaceFactory(name="quota-race")
    owner = UserFactory()
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.SPACE_ADMINISTRATOR)
    for index in range(MAX_PROJECTS_PER_SPACE - 20):
        ProjectFactory(space=space, name=f"existing-{index}")
    outcomes = at_once(
        *[
            lambda index=index: services.project_create(space=space, name=f"raced-{index}", by=owner)
            for index in range(50)
        ]
    )
    assert outcomes.count("done") == 20, outcomes
    assert all("at most 100 projects" in outcome for outcome in outcomes if outcome != "done")
    assert space.projects.count() == MAX_PROJECTS_PER_SPACE
