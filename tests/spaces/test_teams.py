"""Teams: only Space administrators create, rename, delete and change their members."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalyst_admin.errors import DomainError, Forbidden, unique_or
from spaces import services
from spaces.models import Team
from tests.factories import TeamFactory
from tests.spaces.conftest import error_banners, snapshot

pytestmark = pytest.mark.django_db


def test_space_administrator_creates_a_team(space, admin):
    team = services.team_create(space=space, name="  Frontend ", description="UI people", by=admin)

    assert team.name == "Frontend"
    assert space.activity.filter(event_name="CreateTeam").exists()


@pytest.mark.parametrize("who", ["power", "contributor", "outsider"])
def test_only_space_administrators_manage_teams(space, team, cast, who, dave):
    user = cast[who]
    expected = "You need the Space administrator role to manage teams."
    before = snapshot()
    with pytest.raises(Forbidden, match=expected):
        services.team_create(space=space, name="Other", by=user)
    with pytest.raises(Forbidden, match=expected):
        services.team_rename(team=team, name="Other", by=user)
    with pytest.raises(Forbidden, match=expected):
        services.team_member_add(team=team, user=dave, by=user)
    with pytest.raises(Forbidden, match=expected):
        services.team_member_remove(team=team, user=cast["power"], by=user)
    with pytest.raises(Forbidden, match=expected):
        services.team_delete(team=team, by=user)
    assert snapshot() == before


def test_team_names_are_unique_in_a_space_whatever_their_case(space, team, admin):
    with pytest.raises(DomainError, match="A team named BACKEND already exists") as refused:
        services.team_create(space=space, name="BACKEND", by=admin)
    assert refused.value.field == "name"
    assert space.teams.count() == 1


def test_the_same_team_name_may_be_used_in_another_space(team, other_space, outsider):
    assert services.team_create(space=other_space, name="Backend", by=outsider).space == other_space


def test_the_database_refuses_two_teams_with_the_same_name_in_a_space(space, team):
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(space=space, name="backend")


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_team_name_is_1_to_100_characters(space, admin, name):
    with pytest.raises(DomainError, match="1–100 characters"):
        services.team_create(space=space, name=name, by=admin)


def test_renaming_a_team(space, team, admin):
    services.team_rename(team=team, name="Platform", by=admin)
    team.refresh_from_db()
    assert team.name == "Platform"
    assert space.activity.filter(event_name="UpdateTeam").exists()


def test_a_team_may_be_renamed_to_its_own_name_in_another_case(team, admin):
    assert services.team_rename(team=team, name="BACKEND", by=admin).name == "BACKEND"


def test_renaming_a_team_to_the_name_of_another_is_refused(space, team, admin):
    other = TeamFactory(space=space, name="Frontend")
    with pytest.raises(DomainError, match="already exists"):
        services.team_rename(team=other, name="backend", by=admin)
    other.refresh_from_db()
    assert other.name == "Frontend"


def test_deleting_a_team_keeps_its_members_in_the_space(space, team, admin, power):
    services.team_delete(team=team, by=admin)

    assert not space.teams.exists()
    assert space.memberships.filter(user=power).exists()
    assert space.activity.filter(event_name="DeleteTeam").exists()


def test_adding_and_removing_team_members(space, team, admin, contributor):
    services.team_member_add(team=team, user=contributor, by=admin)
    assert team.members.filter(pk=contributor.pk).exists()
    with pytest.raises(DomainError, match="already in team Backend"):
        services.team_member_add(team=team, user=contributor, by=admin)

    services.team_member_remove(team=team, user=contributor, by=admin)
    assert not team.members.filter(pk=contributor.pk).exists()
    with pytest.raises(DomainError, match="is not in team Backend"):
        services.team_member_remove(team=team, user=contributor, by=admin)
    events = set(space.activity.values_list("event_name", flat=True))
    assert {"CreateTeamMembership", "DeleteTeamMembership"} <= events


def test_only_space_members_join_its_teams(team, admin, outsider):
    with pytest.raises(DomainError, match="Only members of the space"):
        services.team_member_add(team=team, user=outsider, by=admin)


# Pages ------------------------------------------------------------------------------------------


def test_the_team_list_shows_member_counts(client_for, space, team, contributor):
    response = client_for(contributor).get(reverse("spaces:teams", args=["acme"]))
    assert [(t.name, t.member_count) for t in response.context["teams"]] == [("Backend", 1)]
    assert b"Create team" not in response.content


def test_a_team_name_clash_on_the_page_is_a_form_error(client_for, space, team, admin):
    response = client_for(admin).post(reverse("spaces:teams", args=["acme"]), {"name": "backend"})
    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["name"][0]


def test_adding_a_member_on_the_team_page(client_for, space, team, admin, contributor):
    response = client_for(admin).post(
        reverse("spaces:team", args=["acme", team.pk]), {"action": "add", "add-user": contributor.pk}
    )
    assert response.status_code == 302
    assert team.members.filter(pk=contributor.pk).exists()


def test_adding_someone_from_another_space_on_the_team_page_is_a_form_error(client_for, space, team, admin, outsider):
    response = client_for(admin).post(
        reverse("spaces:team", args=["acme", team.pk]), {"action": "add", "add-user": outsider.pk}
    )
    assert response.status_code == 200
    assert response.context["add_form"].errors["user"]
    assert not team.members.filter(pk=outsider.pk).exists()


def test_renaming_to_a_blank_name_on_the_team_page_is_a_form_error(client_for, space, team, admin):
    response = client_for(admin).post(
        reverse("spaces:team", args=["acme", team.pk]), {"action": "rename", "rename-name": ""}
    )
    assert response.status_code == 200
    assert response.context["rename_form"].errors["name"]


def test_renaming_to_a_taken_name_on_the_team_page_is_a_form_error(client_for, space, team, admin):
    TeamFactory(space=space, name="Frontend")
    response = client_for(admin).post(
        reverse("spaces:team", args=["acme", team.pk]), {"action": "rename", "rename-name": "frontend"}
    )
    assert response.status_code == 200
    assert "already exists" in response.context["rename_form"].errors["name"][0]


def test_removing_someone_not_in_the_team_on_the_page_is_a_404(client_for, space, team, admin, contributor):
    response = client_for(admin).post(reverse("spaces:team_member_remove", args=["acme", team.pk, contributor.pk]))
    assert response.status_code == 404
    assert error_banners(response) == []


def test_a_unique_name_race_is_reported_as_the_services_message_and_rolls_back(space, team, admin):
    """The guard the team services save through: the database's unique constraint decides a race, and
    the loser gets the same message the check gives, with nothing written (PostgreSQL runs the real
    race in test_concurrency)."""
    before = snapshot()
    clash = DomainError("A team named backend already exists in this space.", field="name")
    with pytest.raises(DomainError, match="A team named backend already exists") as raised:
        with unique_or(clash):
            Team.objects.create(space=space, name="BACKEND")
    assert raised.value is clash
    assert snapshot() == before
    assert Team.objects.filter(space=space).count() == 1  # the savepoint rolled back; the transaction lives on
