"""Helpers and extra fixtures for the spaces tests; the cast lives in ``tests/conftest.py``."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spaces.models import ActivityEvent, Invitation, Project, ProjectMembership, Space, SpaceMembership, Team
from spaces.roles import SpaceRole
from tests.factories import InvitationFactory, SpaceMembershipFactory, TeamFactory, UserFactory


def banners(response) -> list[tuple[str, str]]:
    """The (level, text) of every message banner queued by the request behind ``response``."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def error_banners(response) -> list[str]:
    return [text for level, text in banners(response) if level == "error"]


def success_banners(response) -> list[str]:
    return [text for level, text in banners(response) if level == "success"]


def count_queries(callable_) -> int:
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def snapshot() -> dict[str, int]:
    """Row counts of everything a spaces service may write, to prove nothing was half-written."""
    from accounts.connections.models import AccountConnection
    from billing.models import SpaceBilling

    return {
        "spaces": Space.all_objects.count(),
        "memberships": SpaceMembership.objects.count(),
        "projects": Project.objects.count(),
        "project_memberships": ProjectMembership.objects.count(),
        "invitations": Invitation.objects.count(),
        "teams": Team.objects.count(),
        "billing": SpaceBilling.objects.count(),
        "connections": AccountConnection.objects.count(),
        "activity": ActivityEvent.objects.count(),
    }


@pytest.fixture
def team(space, power):
    team = TeamFactory(space=space, name="Backend")
    team.members.add(power)
    return team


@pytest.fixture
def other_team(other_space):
    return TeamFactory(space=other_space, name="Globex team")


@pytest.fixture
def dave(space):
    """A second Power user of ``space``: someone to change or remove."""
    user = UserFactory(name="Dave Power", alias="dave", username="dave@example.com")
    SpaceMembershipFactory(space=space, user=user, role=SpaceRole.POWER_USER)
    return user


@pytest.fixture
def space_invitation(space, admin):
    return InvitationFactory(
        space=space, email="newcomer@example.com", space_role=SpaceRole.POWER_USER, invited_by=admin
    )


@pytest.fixture
def other_invitation(other_space, outsider):
    return InvitationFactory(space=other_space, email="someone@example.com", invited_by=outsider)
