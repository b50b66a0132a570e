"""A person who may not make a change is refused (403) before anything they sent is validated:
they never learn from a form error what a valid request would look like (issue 9, section 5)."""

import pytest
from django.urls import reverse

from spaces.models import ProjectMembership, SpaceMembership
from spaces.roles import ProjectRole, SpaceRole
from tests.spaces.conftest import error_banners

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "role"),
    [
        ("power", SpaceRole.SPACE_ADMINISTRATOR),  # only a Space administrator makes Space administrators
        ("contributor", SpaceRole.SPACE_ADMINISTRATOR),
        ("contributor", "overlord"),  # Limited access changes no roles, valid or not
        ("contributor", ""),
    ],
)
def test_a_space_role_change_by_someone_who_may_not_make_it_is_a_403(client_for, space, dave, cast, who, role):
    membership = SpaceMembership.objects.get(space=space, user=dave)
    response = client_for(cast[who]).post(reverse("spaces:member_role", args=["acme", membership.pk]), {"role": role})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == SpaceRole.POWER_USER


def test_a_power_user_with_a_bad_role_still_gets_the_banner(client_for, space, dave, power):
    """A Power user may change roles: what they sent wrong is a banner, not a 403."""
    membership = SpaceMembership.objects.get(space=space, user=dave)
    response = client_for(power).post(reverse("spaces:member_role", args=["acme", membership.pk]), {"role": "overlord"})
    assert response.status_code == 302
    assert error_banners(response) == ["Choose Power user or Limited access."]


@pytest.mark.parametrize("who", ["power", "contributor"])
@pytest.mark.parametrize("role", ["owner", ProjectRole.PROJECT_ADMINISTRATOR])
def test_a_project_role_change_by_someone_who_is_not_its_administrator_is_a_403(
    client_for, space, project, cast, who, role
):
    membership = ProjectMembership.objects.get(project=project, user=cast["contributor"])
    response = client_for(cast[who]).post(
        reverse("spaces:project_member_role", args=["acme", "web-app", membership.pk]), {"role": role}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == ProjectRole.CONTRIBUTOR


def test_a_power_user_inviting_a_space_administrator_gets_403_not_a_form_error(client_for, space, power):
    response = client_for(power).post(
        reverse("spaces:members", args=[space.name]), {"email": "new@example.com", "role": "space_admin"}
    )
    assert response.status_code == 403
    assert "You need the Space administrator role to add, change or remove Space administrators." in (
        response.content.decode()
    )
    assert not space.invitations.exists()
