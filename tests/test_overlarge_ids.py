"""An id beyond what the database stores (2**63) is a 404 in a URL and a form error in a form,
never a 500 (SQLite raised OverflowError looking some of them up; issue 9, section 5)."""

import pytest
from django.urls import reverse

from accounts.connections.models import ConnectionProjectAccess
from spaces.models import SpaceMembership, TeamMembership
from spaces.roles import SpaceRole

pytestmark = pytest.mark.django_db

BIG = 99999999999999999999


def test_every_int_id_in_a_url_of_a_space_is_a_404(client, space, admin, project, team, verified):
    client.force_login(admin)
    connection = [space.name, verified.connection_id]
    urls = [
        reverse("spaces:member_role", args=[space.name, BIG]),
        reverse("spaces:member_remove", args=[space.name, BIG]),
        reverse("spaces:project_member_role", args=[space.name, project.name, BIG]),
        reverse("spaces:project_member_remove", args=[space.name, project.name, BIG]),
        reverse("spaces:team", args=[space.name, BIG]),
        reverse("spaces:team_delete", args=[space.name, BIG]),
        reverse("spaces:team_member_remove", args=[space.name, BIG, admin.pk]),
        reverse("spaces:team_member_remove", args=[space.name, team.pk, BIG]),
        reverse("spaces:aws_account_role_remove", args=[*connection, BIG]),
        reverse("spaces:aws_account_project_disable", args=[*connection, BIG]),
        reverse("identity:token_delete", args=[BIG]),
        reverse("spaces:amazon_q_request", args=[space.name, project.name, BIG]),
        reverse("spaces:amazon_q_run_again", args=[space.name, project.name, BIG]),
    ]
    for url in urls:
        assert client.post(url, {"role": SpaceRole.POWER_USER, "confirm_name": "x"}).status_code == 404, url


def test_every_int_id_in_a_url_of_the_ops_pages_is_a_404(client, staff):
    client.force_login(staff)
    for name in ("schedule_edit", "schedule_pause", "schedule_resume", "run_now", "runs", "approve", "mark_failed"):
        url = reverse(f"ops:{name}", args=[BIG])
        assert client.post(url).status_code == 404, url


def test_an_overlarge_project_id_chosen_for_project_restrictions_is_a_form_error(
    client, space, admin, project, verified
):
    client.force_login(admin)
    url = reverse("spaces:aws_account_restrict", args=[space.name, verified.connection_id])
    response = client.post(url, {"projects": [str(BIG)]})
    assert response.status_code == 200
    assert f"Select a valid choice. {BIG} is not one of the available choices." in response.content.decode()
    assert not ConnectionProjectAccess.objects.filter(connection=verified).exists()


def test_an_overlarge_user_id_added_to_a_team_is_a_form_error(client, space, admin, team):
    client.force_login(admin)
    before = TeamMembership.objects.filter(team=team).count()
    response = client.post(reverse("spaces:team", args=[space.name, team.pk]), {"action": "add", "add-user": str(BIG)})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert TeamMembership.objects.filter(team=team).count() == before
    assert SpaceMembership.objects.filter(space=space).count() == 3
