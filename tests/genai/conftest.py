"""The generative AI cast, on top of tests/conftest.py and tests/fixtures_codecatalyst.py
(``genai_on``, ``amazon_q_started``): a Reviewer and a Read only member of ``project``, a Builder
ID space in Europe (Ireland), and a request in progress in ``other_space``. acme (``space``) is on
the Free tier: 50 units per person."""

import json

import pytest

from genai import services
from genai.models import GenaiSetting
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import (
    ProjectFactory,
    ProjectMembershipFactory,
    SpaceBillingFactory,
    SpaceFactory,
    SpaceMembershipFactory,
    UserFactory,
)


def turn_on(space):
    GenaiSetting.objects.update_or_create(space=space, defaults={"enabled": True})


def project_member(project, role, name):
    user = UserFactory(name=name)
    SpaceMembershipFactory(space=project.space, user=user, role=SpaceRole.LIMITED_ACCESS)
    ProjectMembershipFactory(project=project, user=user, role=role)
    return user


@pytest.fixture
def reviewer(project):
    return project_member(project, ProjectRole.REVIEWER, "Rita Reviewer")


@pytest.fixture
def read_only(project):
    return project_member(project, ProjectRole.READ_ONLY, "Ron Readonly")


@pytest.fixture
def ireland(admin):
    space = SpaceFactory(name="dublin", region="eu-west-1", created_by=admin)
    SpaceBillingFactory(space=space, aws_account_id="111122223333")
    SpaceMembershipFactory(space=space, user=admin, role=SpaceRole.SPACE_ADMINISTRATOR)
    return space


@pytest.fixture
def other_request(other_space, outsider):
    """A request in progress in another space (its administrator's, in its project)."""
    turn_on(other_space)
    project = ProjectFactory(space=other_space, name="globex-app", created_by=outsider)
    ProjectMembershipFactory(project=project, user=outsider, role=ProjectRole.PROJECT_ADMINISTRATOR)
    return services.amazon_q_request_start(project=project, feature="assign_issues", subject="Elsewhere", by=outsider)


@pytest.fixture
def started(amazon_q_started):
    return amazon_q_started


@pytest.fixture
def free_without_assign_issues(settings, tmp_path):
    """A tier catalogue whose Free tier does not offer Assign issues to Amazon Q."""
    data = json.loads(open(settings.BILLING_TIERS_FILE).read())
    for tier in data["tiers"]:
        if tier["key"] == "free":
            tier["genai_features"] = [f for f in tier["genai_features"] if f != "assign_issues"]
    path = tmp_path / "tiers.json"
    path.write_text(json.dumps(data))
    settings.BILLING_TIERS_FILE = str(path)
