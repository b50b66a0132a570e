"""Settings → Billing as a Space administrator uses it: Billing details, Compare tiers with the
Enterprise calculator, Change tier, Change AWS billing account, cancelling a pending change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from billing import services
from billing.models import PendingTierChange, SpaceBilling
from catalyst_admin.actors import SYSTEM

pytestmark = pytest.mark.django_db


def _url(name, **query):
    url = reverse(f"spaces:{name}", args=["acme"])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_billing_details_shows_the_tier_the_account_and_this_periods_usage(
    client_for, space, admin, billing_connection
):
    services.usage_record(space=space, resource="build_minutes", quantity=1700, by=SYSTEM)
    html = client_for(admin).get(_url("billing")).content.decode()
    assert "Billing details" in html and "Current subscription tier" in html and "<strong>Free</strong>" in html
    assert "acme-billing" in html and "Verified" in html and "Paid tiers authorized" in html
    assert "1,700 of 2,000 minutes · 85 %" in html and "Over 80 % of the allowance." in html
    assert "Manage billing in AWS" in html and reverse("aws:codecatalyst_space", args=["acme"]) in html
    assert "Change billing tier" in html


def test_billing_details_offers_add_an_aws_account_while_none_is_verified(client_for, space, admin):
    html = client_for(admin).get(_url("billing")).content.decode()
    assert "Add an AWS account" in html


def test_the_settings_navigation_has_billing_for_space_administrators_only(client_for, space, admin, power):
    assert "Billing</a>" in client_for(admin).get(reverse("spaces:settings", args=["acme"])).content.decode()
    assert "Billing</a>" not in client_for(power).get(reverse("spaces:settings", args=["acme"])).content.decode()


def test_the_enterprise_calculator_shows_totals_and_price_for_the_team(client_for, space, admin):
    html = client_for(admin).get(_url("billing_tiers", members=10)).content.decode()
    assert (
        "Prices and allowances are this emulator&#x27;s defaults" in html
        or "Prices and allowances are this emulator's defaults" in html
    )
    assert "15,000 minutes" in html and "1,600 hours" in html and "640 GB" in html
    assert "10 members: <strong>$200.00</strong> a month" in html


@pytest.mark.parametrize(
    "members, message",
    [
        ("0", "at least 1"),
        ("-4", "at least 1"),
        ("ten", "whole number"),
        ("10001", "at most 10,000"),
        ("", "Enter a number"),
    ],
)
def test_a_bad_team_size_is_a_form_error_and_the_space_size_is_used(client_for, space, admin, members, message):
    response = client_for(admin).get(_url("billing_tiers", members=members))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["members"] == 3


def test_choose_review_and_change_tier(client_for, space, admin, billing_connection):
    client = client_for(admin)
    review = client.get(_url("billing_tiers", tier="standard")).content.decode()
    assert "Review the change" in review and "takes effect now" in review
    response = client.post(_url("billing_tiers"), {"tier": "standard"}, follow=True)
    assert response.redirect_chain[-1][0] == _url("billing")
    assert "acme is now on the Standard tier." in response.content.decode()
    assert SpaceBilling.objects.get(space=space).tier == "standard"


def test_standard_without_authorized_paid_tiers_is_refused_with_the_fix(client_for, space, admin, billing_connection):
    billing_connection.paid_tiers_authorized = False
    billing_connection.save()
    response = client_for(admin).post(_url("billing_tiers"), {"tier": "standard"}, follow=True)
    assert "does not allow paid tiers" in response.content.decode()
    assert SpaceBilling.objects.get(space=space).tier == "free"


def test_a_downgrade_is_pending_on_billing_details_and_can_be_cancelled(client_for, space, admin, billing_connection):
    client = client_for(admin)
    client.post(_url("billing_tiers"), {"tier": "enterprise"})
    response = client.post(_url("billing_tiers"), {"tier": "free"}, follow=True)
    html = response.content.decode()
    assert "moves to the Free tier on" in html and "Pending change" in html
    response = client.post(_url("billing_tier_cancel"), follow=True)
    assert "keeps its current tier" in response.content.decode()
    assert not PendingTierChange.objects.exists()


def test_change_billing_account_lists_verified_connections_and_changes_it(
    client_for, space, admin, billing_connection, second
):
    client = client_for(admin)
    page = client.get(_url("billing_account")).content.decode()
    assert "Choose from AWS accounts already associated with your space" in page
    assert "acme-build (444455556666)" in page
    response = client.post(_url("billing_account"), {"connection": str(second.connection_id)}, follow=True)
    assert "acme-build (444455556666) is now the billing account of acme." in response.content.decode()
    assert SpaceBilling.objects.get(space=space).aws_account_id == "444455556666"


def test_change_billing_account_refusals_are_form_errors(client_for, space, admin, billing_connection, other_space):
    response = client_for(admin).post(_url("billing_account"), {"connection": "not-a-uuid"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert SpaceBilling.objects.get(space=space).aws_account_id == "111122223333"


def test_the_aws_consoles_space_page_shows_the_tier_and_a_pending_downgrade(
    client, space, admin, billing_connection, django_assert_max_num_queries
):
    from tests.factories import AwsAccountFactory, ConsoleUserFactory
    from tests.fixtures_aws import sign_in_session

    account = AwsAccountFactory(account_id="111122223333", name="acme-billing")
    aws = sign_in_session(client, ConsoleUserFactory(accounts=[account]), account)
    url = reverse("aws:codecatalyst_space", args=["acme"])
    with django_assert_max_num_queries(6):  # session, console session, the connection with its space, its rows
        html = aws.get(url).content.decode()
    assert "<dt>Current tier</dt><dd>Free</dd>" in html
    services.billing_tier_change(space=space, tier="standard", by=admin)
    services.billing_tier_change(space=space, tier="free", by=admin)
    pending = PendingTierChange.objects.get(space=space)
    html = aws.get(url).content.decode()
    when = f"{pending.effective_on:%B} {pending.effective_on.day}, {pending.effective_on.year}"
    assert f'<dd>Standard <span class="badge pending">Free from {when}</span></dd>' in html


def test_billing_details_reads_the_billing_record_and_the_members_once(client_for, space, admin, billing_connection):
    client = client_for(admin)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(_url("billing")).content.decode()
    reads = [q["sql"].replace('"', "") for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert sum("FROM billing_spacebilling" in sql or "JOIN billing_spacebilling" in sql for sql in reads) == 1
    assert sum("FROM spaces_spacemembership" in sql and "COUNT(*)" in sql for sql in reads) == 1
    assert not any(q["sql"].startswith(("BEGIN", "SAVEPOINT")) for q in queries.captured_queries)  # none due
    # What the record and the count fed: the tier, the billing account's connection, the users.
    assert "<strong>Free</strong>" in html and "acme-billing" in html and "Verified" in html
