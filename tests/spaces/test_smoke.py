import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_member_sees_space_overview(client_for, space, admin):
    response = client_for(admin).get(reverse("spaces:overview", args=[space.name]))
    assert response.status_code == 200
    assert b"The Acme space" in response.content
