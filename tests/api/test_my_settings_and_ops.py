"""What the audit of the console's POST actions found without an endpoint, now through the API:
My settings' time zone, My settings → AWS CLI and SDKs (the profile files for a token), and the
operations page that records usage (staff). Plus: a new token's secret is never cached."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from billing.models import UsageRecord
from identity.people import services as people
from identity.people.models import PersonalAccessToken
from spaces.models import ActivityEvent
from tests.url_roles import database_state

from .conftest import token_of

pytestmark = pytest.mark.django_db


# My settings: the profile ------------------------------------------------------------------------------------


def test_the_time_zone_is_changed_alone_and_the_rest_stays(bearer, admin):
    admin.nickname = "ally"
    admin.save(update_fields=["nickname"])
    client = bearer(admin)
    changed = client.patch(reverse("api:me"), {"time_zone": "Europe/Paris"}, format="json")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["time_zone"], changed.json()["name"], changed.json()["nickname"]) == (
        "Europe/Paris",
        admin.name,
        "ally",
    )
    admin.refresh_from_db()
    assert admin.time_zone == "Europe/Paris" and admin.nickname == "ally"
    event = ActivityEvent.objects.get(event_name="UpdateUserProfile", actor_user=admin)
    assert event.description == "Updated time zone"


def test_the_api_logs_a_profile_change_as_my_settings_does(bearer, admin):
    page = Client()
    page.force_login(admin)
    page.post(reverse("identity:settings"), {"name": "Alice Changed", "nickname": "", "time_zone": "Asia/Tokyo"})
    by_page = list(ActivityEvent.objects.filter(event_name="UpdateUserProfile").values_list("description", flat=True))
    assert by_page == ["Updated name, nickname and time zone"]
    client = bearer(admin)
    ActivityEvent.objects.all().delete()
    body = {"name": "Alice Changed", "nickname": "", "time_zone": "Asia/Tokyo"}
    assert client.patch(reverse("api:me"), body, format="json").status_code == 200
    assert list(ActivityEvent.objects.values_list("description", flat=True)) == by_page


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Mars/Olympus is not a time zone"),
        ({}, None, "Send at least one of name, nickname and time_zone."),
        ({"name": "  "}, "name", "Enter your name"),
    ],
)
def test_bad_profile_input_is_a_400_and_changes_nothing(bearer, admin, body, field, message):
    client = bearer(admin)
    before = database_state()
    refused = client.patch(reverse("api:me"), body, format="json")
    assert refused.status_code == 400, refused.content
    assert refused.json()["field"] == field and message in refused.json()["message"]
    assert database_state() == before


# My settings: tokens and the AWS CLI profile -----------------------------------------------------------------


def test_a_new_tokens_secret_is_never_cached(bearer, admin):
    created = bearer(admin).post(reverse("api:access-tokens"), {"name": "ci"}, format="json")
    assert created.status_code == 201
    assert "no-store" in created["Cache-Control"]


def test_the_aws_profile_files_hold_my_token_and_nothing_is_stored(bearer, admin):
    secret = token_of(admin)
    client = bearer(None, secret)
    before = database_state()
    response = client.post(reverse("api:aws-profile"), {"token": secret, "profile": "ci-bot"}, format="json")
    assert response.status_code == 200, response.content
    assert database_state() == before
    assert "no-store" in response["Cache-Control"]
    files = response.json()
    assert "[profile ci-bot]" in files["config"] and "sso_session = ci-bot" in files["config"]
    assert files["endpoint_url"] in files["config"] and files["endpoint_url"].endswith("/aws-api/codecatalyst")
    assert f'"accessToken": "{secret}"' in files["cache"]
    assert files["config_path"] == "~/.aws/config" and files["cache_path"].startswith("~/.aws/sso/cache/")
    assert any(line.startswith("export AWS_ENDPOINT_URL_CODECATALYST=") for line in files["environment"])
    assert secret not in "\n".join(files["environment"])


def test_the_aws_profile_refuses_another_persons_or_an_expired_token(bearer, admin, power):
    client = bearer(admin)
    url = reverse("api:aws-profile")
    for secret in (token_of(power), "not-a-token"):
        refused = client.post(url, {"token": secret}, format="json")
        assert refused.status_code == 400 and refused.json()["field"] == "token"
        assert refused.json()["message"] == "That is not one of your personal access tokens, or it has expired."
    old, old_secret = people.access_token_create(user=admin, name="old")
    PersonalAccessToken.objects.filter(pk=old.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    expired = client.post(url, {"token": old_secret}, format="json")
    assert expired.status_code == 400 and expired.json()["field"] == "token"
    bad_name = client.post(url, {"token": old_secret, "profile": "no spaces"}, format="json")
    assert bad_name.status_code == 400 and bad_name.json()["field"] == "profile"
    assert bad_name.json()["message"] == "Use 1–64 letters, digits, hyphens or underscores."


# Operations: recording usage ----------------------------------------------------------------------------------


def test_staff_record_usage_in_a_spaces_ledger(bearer, staff, space):
    body = {"space": "acme", "resource": "build_minutes", "quantity": "12.5"}
    recorded = bearer(staff).post(reverse("api:ops-usage"), body, format="json")
    assert recorded.status_code == 201, recorded.content
    assert (recorded.json()["space"], recorded.json()["resource"], recorded.json()["quantity"]) == (
        "acme",
        "build_minutes",
        12.5,
    )
    record = UsageRecord.objects.get(space=space)
    assert record.recorded_by == staff and str(record.quantity) == "12.500"


@pytest.mark.parametrize(
    ("body", "status", "field", "message"),
    [
        ({"space": "nowhere", "resource": "build_minutes", "quantity": "1"}, 404, None, "No space has that name."),
        ({"space": "acme", "resource": "gold", "quantity": "1"}, 400, "resource", "Choose one of the resources"),
        ({"space": "acme", "resource": "build_minutes", "quantity": "-3"}, 400, "quantity", "greater than zero"),
        ({"space": "acme", "resource": "build_minutes", "quantity": "NaN"}, 400, "quantity", "greater than zero"),
    ],
)
def test_bad_usage_is_refused_and_nothing_recorded(bearer, staff, space, body, status, field, message):
    client = bearer(staff)
    before = database_state()
    refused = client.post(reverse("api:ops-usage"), body, format="json")
    assert refused.status_code == status, refused.content
    assert refused.json()["field"] == field and message in refused.json()["message"]
    assert database_state() == before


def test_on_the_free_tier_a_resource_at_its_maximum_is_halted_402(bearer, staff, space):
    from billing import selectors

    allowance = next(u for u in selectors.usage_this_period(space) if u.resource.key == "build_minutes").allowance
    client = bearer(staff)
    body = {"space": "acme", "resource": "build_minutes", "quantity": str(allowance)}
    assert client.post(reverse("api:ops-usage"), body, format="json").status_code == 201
    before = database_state()
    halted = client.post(reverse("api:ops-usage"), {**body, "quantity": "1"}, format="json")
    assert halted.status_code == 402 and halted.json()["code"] == "quota_exceeded"
    assert database_state() == before
