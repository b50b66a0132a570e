"""More of the CodeCatalyst console's cast (on top of ``tests/conftest.py``): a team, a second
Power user, pending invitations, and the same for ``other_space``."""

import pytest

from spaces.roles import SpaceRole
from tests.factories import InvitationFactory, SpaceMembershipFactory, TeamFactory, UserFactory


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


@pytest.fixture
def genai_on(space):
    """Generative AI turned on for ``space`` (acme, us-west-2)."""
    from genai.models import GenaiSetting

    GenaiSetting.objects.update_or_create(space=space, defaults={"enabled": True})
    return space


@pytest.fixture
def amazon_q_started(genai_on, project, contributor):
    """charlie's Amazon Q request in progress in acme's web-app."""
    from genai import services

    return services.amazon_q_request_start(
        project=project, feature="assign_issues", subject="Checkout fails for big carts", by=contributor
    )
