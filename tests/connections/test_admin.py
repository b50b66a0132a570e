"""Operations can look at connections and tokens in the Django admin; tokens stay read-only."""

import pytest
from django.urls import reverse

from accounts.connections.models import ConnectionToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_superuser(
        "ops", "ops-password", name="Operations", email="ops@example.com"
    )
    client.force_login(staff)
    return client


def test_connection_pages_of_the_admin_open(staff_client, verified):
    for url in (
        reverse("admin:accounts_accountconnection_changelist"),
        reverse("admin:accounts_accountconnection_change", args=[verified.pk]),
        reverse("admin:accounts_connectiontoken_changelist"),
    ):
        assert staff_client.get(url).status_code == 200, url


def test_tokens_cannot_be_added_in_the_admin(staff_client, verified):
    assert staff_client.get(reverse("admin:accounts_connectiontoken_add")).status_code == 403
    token = ConnectionToken.objects.get(connection=verified)
    change = reverse("admin:accounts_connectiontoken_change", args=[token.pk])
    html = staff_client.get(change).content.decode()
    assert verified.new_token.split(".", 1)[1] not in html
