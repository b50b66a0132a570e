"""Billing and account connections through the API: the same answers and activity as the pages."""

import pytest
from django.urls import reverse

from accounts.connections.models import AccountConnection, ConnectionToken
from billing import selectors
from billing.catalogue import catalogue
from billing.models import SpaceBilling
from spaces.models import ActivityEvent

pytestmark = pytest.mark.django_db


def test_billing_details_give_the_subscription_as_get_subscription_does(bearer, admin, space):
    details = bearer(admin).get(reverse("api:billing", args=[space.name])).json()
    assert details["subscription"] == {"subscriptionType": "FREE", "awsAccountName": ""}
    assert details["tier"] == "free" and details["billing_account_id"] == "111122223333"
    resources = details["usage"]["resources"]
    assert resources and {"resource", "used", "allowance", "percent", "state"} <= set(resources[0])


def test_changing_the_billing_account_through_the_api_logs_it(bearer, admin, space, verified):
    response = bearer(admin).put(
        reverse("api:billing-account", args=[space.name]), {"connection_id": str(verified.connection_id)}
    )
    assert response.status_code == 200, response.content
    assert SpaceBilling.objects.get(space=space).aws_account_id == verified.aws_account_id
    assert response.json()["subscription"]["awsAccountName"] == verified.display_name
    assert ActivityEvent.objects.filter(space=space, event_name="UpdateBillingAccount").count() == 1


def test_a_pending_connection_cannot_pay_and_a_bad_tier_is_refused(bearer, admin, space, pending):
    client = bearer(admin)
    refused = client.put(
        reverse("api:billing-account", args=[space.name]), {"connection_id": str(pending.connection_id)}
    )
    assert refused.status_code == 400 and "pending verification" in refused.json()["message"]
    assert client.put(reverse("api:billing-tier", args=[space.name]), {"tier": "platinum"}).json()["field"] == "tier"
    assert SpaceBilling.objects.get(space=space).aws_account_id == "111122223333"


def test_a_connection_request_shows_its_token_once(bearer, admin, space):
    client = bearer(admin)
    created = client.post(
        reverse("api:connections", args=[space.name]), {"aws_account_id": "777788889999", "display_name": "network"}
    )
    assert created.status_code == 201, created.content
    token = created.json()["token"]
    assert "no-cache" in created["Cache-Control"] or "no-store" in created["Cache-Control"]
    connection = AccountConnection.objects.get(space=space, aws_account_id="777788889999")
    assert token not in str(list(ConnectionToken.objects.filter(connection=connection).values()))
    detail = client.get(reverse("api:connection", args=[space.name, connection.connection_id])).json()
    assert "token" not in detail and detail["status"] == "pending"
    listed = client.get(reverse("api:connections", args=[space.name])).json()["results"]
    assert all("token" not in row for row in listed)
    again = client.post(reverse("api:connection-token", args=[space.name, connection.connection_id]))
    assert again.status_code == 201 and again.json()["token"] != token
    events = ActivityEvent.objects.filter(space=space).values_list("event_name", flat=True)
    assert {"CreateAccountConnectionRequest", "RegenerateConnectionToken"} <= set(events)


def test_a_verified_connection_needs_no_token_and_another_spaces_connection_is_404(
    bearer, admin, space, verified, outsider, other_space
):
    client = bearer(admin)
    refused = client.post(reverse("api:connection-token", args=[space.name, verified.connection_id]))
    assert refused.status_code == 400 and "already verified" in refused.json()["message"]
    assert (
        bearer(outsider).get(reverse("api:connection", args=[other_space.name, verified.connection_id])).status_code
        == 404
    )


def test_restrictions_through_the_api(bearer, admin, space, verified, project):
    client = bearer(admin)
    url = reverse("api:connection-restrictions", args=[space.name, verified.connection_id])
    assert client.post(url, {"project_ids": [99999]}).json()["field"] == "project_ids"
    enabled = client.post(url, {"project_ids": [project.pk]})
    assert enabled.status_code == 200 and enabled.json()["project_restricted"] is True
    assert [p["project"] for p in enabled.json()["project_access"]] == [project.name]
    disabled = client.delete(
        reverse("api:connection-restriction", args=[space.name, verified.connection_id, project.pk])
    )
    assert disabled.status_code == 204


def test_ids_beyond_what_the_database_stores_are_a_400_not_a_500(bearer, admin, space, verified, team):
    # Found by schemathesis: SQLite raised OverflowError looking these up.
    client = bearer(admin)
    big = 2**64
    url = reverse("api:connection-restrictions", args=[space.name, verified.connection_id])
    assert client.post(url, {"project_ids": [big]}).json()["field"] == "project_ids.0"
    members = reverse("api:team-members", args=[space.name, team.pk])
    assert client.post(members, {"user_id": big}).json()["field"] == "user_id"


def test_compare_tiers_gives_each_tiers_price_and_allowances_for_the_members_asked_about(bearer, admin, space):
    client = bearer(admin)
    compared = client.get(reverse("api:billing-tiers", args=[space.name]) + "?members=12")
    assert compared.status_code == 200, compared.content
    body = compared.json()
    assert body["members"] == 12
    assert [t["key"] for t in body["tiers"]] == list(catalogue().tiers)
    assert [t["key"] for t in body["tiers"] if t["current"]] == ["free"]
    for tier in body["tiers"]:
        info = catalogue().tier(tier["key"])
        assert tier["monthly_price"] == float(info.price_per_user * 12)
        for line in tier["allowances"]:
            allowance = info.allowances[line["resource"]]
            assert line["total"] == (allowance.amount * 12 if allowance.per == "user" else allowance.amount)
    default = client.get(reverse("api:billing-tiers", args=[space.name])).json()
    assert default["members"] == selectors.billable_users(space)


@pytest.mark.parametrize("members", ["0", "10001", "many"])
def test_compare_tiers_refuses_a_team_size_out_of_range(bearer, admin, space, members):
    refused = bearer(admin).get(reverse("api:billing-tiers", args=[space.name]) + f"?members={members}")
    assert refused.status_code == 400
    assert refused.json() == {
        "code": "validation_error",
        "message": "Enter 1 to 10,000 team members.",
        "field": "members",
    }
