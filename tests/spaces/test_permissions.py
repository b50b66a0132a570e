"""The role matrix: what each space role and project role may do."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from catalyst_admin.errors import Forbidden
from spaces import permissions
from spaces.models import SpaceMembership
from spaces.permissions import can, require
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import ProjectMembershipFactory, SpaceMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# action: (admin, power, contributor = Limited access, outsider)
SPACE_MATRIX = {
    "space.view": (True, True, True, False),
    "space.edit": (True, False, False, False),
    "space.delete": (True, False, False, False),
    "members.view": (True, True, True, False),
    "members.manage": (True, True, False, False),
    "space_admins.manage": (True, False, False, False),
    "projects.create": (True, True, False, False),
    "projects.list_all": (True, True, False, False),
    "teams.view": (True, True, True, False),
    "teams.manage": (True, False, False, False),
    "activity.view": (True, True, False, False),
}

# action on ``project``: (admin, power who is not in it, contributor, outsider)
PROJECT_MATRIX = {
    "project.view": (True, False, True, False),
    "project.edit": (True, False, False, False),
    "project.delete": (True, False, False, False),
    "project.members.manage": (True, False, False, False),
}

CAST = ("admin", "power", "contributor", "outsider")


@pytest.mark.parametrize(
    ("action", "who", "allowed"),
    [(a, who, allowed) for a, row in SPACE_MATRIX.items() for who, allowed in zip(CAST, row, strict=True)],
)
def test_space_role_matrix(space, other_space, cast, action, who, allowed):
    assert can(cast[who], action, space=space) is allowed


@pytest.mark.parametrize(
    ("action", "who", "allowed"),
    [(a, who, allowed) for a, row in PROJECT_MATRIX.items() for who, allowed in zip(CAST, row, strict=True)],
)
def test_project_role_matrix(space, project, other_space, cast, action, who, allowed):
    assert can(cast[who], action, space=space, project=project) is allowed


GENAI_ACTIONS = {
    "genai.assign_issues",
    "genai.recommend_tasks",
    "genai.write_description",
    "genai.comment_summary",
    "genai.create_features",
}


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (
            ProjectRole.PROJECT_ADMINISTRATOR,
            {"project.view", "project.edit", "project.delete", "project.members.manage", *GENAI_ACTIONS},
        ),
        (ProjectRole.CONTRIBUTOR, {"project.view", *(GENAI_ACTIONS - {"genai.create_features"})}),
        (ProjectRole.REVIEWER, {"project.view", "genai.comment_summary"}),
        (ProjectRole.READ_ONLY, {"project.view"}),
    ],
)
def test_each_project_role(space, project, role, allowed):
    user = UserFactory()
    SpaceMembershipFactory(space=space, user=user, role=SpaceRole.LIMITED_ACCESS)
    ProjectMembershipFactory(project=project, user=user, role=role)
    assert {a for a in permissions.PROJECT_ACTIONS if can(user, a, space=space, project=project)} == allowed


def test_a_power_user_in_a_project_has_the_rights_of_their_project_role(space, project, power):
    ProjectMembershipFactory(project=project, user=power, role=ProjectRole.PROJECT_ADMINISTRATOR)
    assert can(power, "project.delete", space=space, project=project)


def test_anonymous_visitors_may_do_nothing(space, project):
    anonymous = AnonymousUser()
    assert not can(anonymous, "space.view", space=space)
    assert not can(anonymous, "project.view", space=space, project=project)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("space.delete", "You need the Space administrator role to delete the space."),
        ("projects.create", "You need the Space administrator or Power user role to create projects."),
        (
            "project.delete",
            "You need the Space administrator or Project administrator role to delete this project.",
        ),
    ],
)
def test_a_refusal_names_the_role_needed(space, project, contributor, action, message):
    with pytest.raises(Forbidden) as refused:
        require(contributor, action, space=space, project=project)
    assert refused.value.message == message


def test_an_unknown_action_is_a_programming_error(space, admin):
    with pytest.raises(KeyError):
        can(admin, "space.explode", space=space)


def test_the_database_allows_one_role_per_user_per_space(space, power):
    with pytest.raises(IntegrityError), transaction.atomic():
        SpaceMembership.objects.create(space=space, user=power, role=SpaceRole.LIMITED_ACCESS)
