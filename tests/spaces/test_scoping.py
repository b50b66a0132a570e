"""Another space's objects are a 404: names and ids pasted from another space change nothing."""

import pytest
from django.urls import reverse

from spaces.models import Invitation, SpaceMembership, Team
from tests.factories import ProjectFactory, ProjectMembershipFactory, TeamFactory
from tests.spaces.conftest import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(other_space, outsider, other_team, other_invitation):
    """Objects of ``globex``, the outsider's space, which the admin of ``acme`` may not touch."""
    other_team.members.add(outsider)
    project = ProjectFactory(space=other_space, name="secret")
    ProjectMembershipFactory(project=project, user=outsider, role="project_admin")
    return {
        "membership": other_space.memberships.get(user=outsider),
        "invitation": other_invitation,
        "team": other_team,
        "project": project,
        "outsider": outsider,
    }


OTHER_IDS = [
    ("spaces:member_role", lambda e: ["acme", e["membership"].pk], {"role": "power_user"}),
    ("spaces:member_remove", lambda e: ["acme", e["membership"].pk], {}),
    ("spaces:invitation_cancel", lambda e: ["acme", e["invitation"].pk], {}),
    ("spaces:team", lambda e: ["acme", e["team"].pk], None),
    ("spaces:team", lambda e: ["acme", e["team"].pk], {"action": "rename", "rename-name": "Mine now"}),
    ("spaces:team_delete", lambda e: ["acme", e["team"].pk], {}),
    ("spaces:team_member_remove", lambda e: ["acme", e["team"].pk, e["outsider"].pk], {}),
    ("spaces:project", lambda e: ["acme", "secret"], None),
    ("spaces:project_delete", lambda e: ["acme", "secret"], {"confirm_name": "secret"}),
]


@pytest.mark.parametrize(
    ("name", "args", "data"),
    OTHER_IDS,
    ids=[f"{row[0]}-{'post' if row[2] is not None else 'get'}" for row in OTHER_IDS],
)
def test_an_id_pasted_from_another_space_is_a_404_and_changes_nothing(
    client_for, space, admin, elsewhere, name, args, data
):
    before = snapshot()
    client = client_for(admin)
    url = reverse(name, args=args(elsewhere))
    response = client.get(url) if data is None else client.post(url, data)

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert snapshot() == before
    assert SpaceMembership.objects.filter(pk=elsewhere["membership"].pk).exists()
    assert Invitation.objects.get(pk=elsewhere["invitation"].pk).status == Invitation.Status.PENDING
    assert Team.objects.get(pk=elsewhere["team"].pk).name == "Globex team"


@pytest.mark.parametrize(
    "name",
    [
        "spaces:overview",
        "spaces:settings",
        "spaces:projects",
        "spaces:members",
        "spaces:teams",
        "spaces:activity",
    ],
)
def test_a_space_one_is_not_a_member_of_is_a_404_whether_it_exists_or_not(client_for, space, other_space, admin, name):
    client = client_for(admin)
    assert client.get(reverse(name, args=["globex"])).status_code == 404
    assert client.get(reverse(name, args=["no-such-space"])).status_code == 404
    assert client.get(reverse(name, args=["ACME"])).status_code == 404


def test_a_space_name_from_another_space_in_a_post_changes_nothing(client_for, space, other_space, admin):
    before = snapshot()
    response = client_for(admin).post(reverse("spaces:delete", args=["globex"]), {"confirm_name": "globex"})
    assert response.status_code == 404
    assert snapshot() == before


def test_the_team_of_another_space_is_not_offered_and_its_members_not_listed(client_for, space, team, elsewhere, admin):
    page = client_for(admin).get(reverse("spaces:teams", args=["acme"])).content.decode()
    assert "Backend" in page
    assert "Globex team" not in page


def test_a_deleted_space_is_a_404_even_for_its_former_administrator(client_for, space, admin):
    from django.utils import timezone

    from spaces.models import Space

    Space.all_objects.filter(pk=space.pk).update(deleted_at=timezone.now())
    assert client_for(admin).get(reverse("spaces:overview", args=["acme"])).status_code == 404


def test_team_of_the_space_with_a_member_from_another_space_in_the_url_is_a_404(
    client_for, space, team, admin, elsewhere
):
    TeamFactory(space=space, name="Ops")
    response = client_for(admin).post(
        reverse("spaces:team_member_remove", args=["acme", team.pk, elsewhere["outsider"].pk])
    )
    assert response.status_code == 404
