"""Changing the billing tier (seed 000, "Changing your CodeCatalyst billing tier"): upgrades at
once, downgrades at the next billing period, paid tiers only with a verified billing account that
allows them, Space administrators only."""

from datetime import date

import pytest
from django.utils import timezone

from billing import selectors, services
from billing.models import PendingTierChange, SpaceBilling
from catalyst_admin.errors import DomainError, Forbidden

pytestmark = pytest.mark.django_db


def _tier(space) -> str:
    return SpaceBilling.objects.get(space=space).tier


def test_an_upgrade_takes_effect_at_once_and_is_in_the_activity_log(space, admin, billing_connection):
    assert services.billing_tier_change(space=space, tier="standard", by=admin) == "changed"
    assert _tier(space) == "standard"
    assert space.activity.filter(event_name="UpdateSubscription", description__contains="Free to Standard").exists()
    assert selectors.subscription(space) == {"subscriptionType": "STANDARD", "awsAccountName": "acme-billing"}


def test_leaving_free_needs_a_verified_billing_account(space, admin):
    with pytest.raises(DomainError, match="needs a verified billing account"):
        services.billing_tier_change(space=space, tier="standard", by=admin)
    assert _tier(space) == "free"


def test_leaving_free_needs_paid_tiers_authorized_and_says_how(space, admin, billing_connection):
    billing_connection.paid_tiers_authorized = False
    billing_connection.save()
    with pytest.raises(DomainError, match="does not allow paid tiers.*PAID \\(STANDARD, ENTERPRISE\\)"):
        services.billing_tier_change(space=space, tier="enterprise", by=admin)
    assert _tier(space) == "free"


@pytest.mark.parametrize("who", ["power", "contributor", "outsider"])
def test_only_a_space_administrator_changes_the_tier(space, billing_connection, cast, who):
    with pytest.raises(Forbidden, match="Space administrator role to manage billing"):
        services.billing_tier_change(space=space, tier="standard", by=cast[who])
    assert _tier(space) == "free"


def test_a_tier_that_does_not_exist_is_refused(space, admin, billing_connection):
    with pytest.raises(DomainError, match="Choose Free, Standard or Enterprise"):
        services.billing_tier_change(space=space, tier="platinum", by=admin)


def test_a_downgrade_waits_for_the_next_period_and_can_be_cancelled(space, admin, billing_connection):
    services.billing_tier_change(space=space, tier="enterprise", by=admin)
    assert services.billing_tier_change(space=space, tier="standard", by=admin) == "pending"
    pending = PendingTierChange.objects.get(space=space)
    assert _tier(space) == "enterprise" and pending.tier == "standard"
    assert pending.effective_on == selectors.next_period_start()
    subscription = selectors.subscription(space)
    assert subscription["subscriptionType"] == "ENTERPRISE" and subscription["pendingSubscriptionType"] == "STANDARD"
    assert subscription["pendingSubscriptionStartTime"].date() == pending.effective_on

    with pytest.raises(DomainError, match="already moves to the Standard tier"):
        services.billing_tier_change(space=space, tier="standard", by=admin)
    services.pending_tier_change_cancel(space=space, by=admin)
    assert not PendingTierChange.objects.exists() and _tier(space) == "enterprise"
    with pytest.raises(DomainError, match="no pending change"):
        services.pending_tier_change_cancel(space=space, by=admin)


def test_choosing_the_current_tier_with_a_downgrade_pending_keeps_it(space, admin, billing_connection):
    services.billing_tier_change(space=space, tier="standard", by=admin)
    services.billing_tier_change(space=space, tier="free", by=admin)
    services.billing_tier_change(space=space, tier="standard", by=admin)
    assert not PendingTierChange.objects.exists() and _tier(space) == "standard"
    with pytest.raises(DomainError, match="already on the Standard tier"):
        services.billing_tier_change(space=space, tier="standard", by=admin)


def test_an_upgrade_replaces_a_pending_downgrade(space, admin, billing_connection):
    services.billing_tier_change(space=space, tier="standard", by=admin)
    services.billing_tier_change(space=space, tier="free", by=admin)
    services.billing_tier_change(space=space, tier="enterprise", by=admin)
    assert _tier(space) == "enterprise" and not PendingTierChange.objects.exists()


def test_a_pending_downgrade_applies_on_the_first_day_of_the_next_period(space, admin, billing_connection):
    services.billing_tier_change(space=space, tier="standard", by=admin)
    services.billing_tier_change(space=space, tier="free", by=admin)
    first_day = selectors.next_period_start()
    assert services.pending_tier_changes_apply(today=first_day.replace(day=1) - timezone.timedelta(days=1)) == 0
    assert _tier(space) == "standard"
    assert services.pending_tier_changes_apply(today=first_day) == 1
    assert _tier(space) == "free" and not PendingTierChange.objects.exists()
    assert services.pending_tier_changes_apply(today=first_day) == 0  # idempotent


@pytest.mark.parametrize(
    "day, start, following",
    [
        (date(2026, 12, 1), date(2026, 12, 1), date(2027, 1, 1)),
        (date(2026, 12, 31), date(2026, 12, 1), date(2027, 1, 1)),
        (date(2027, 2, 28), date(2027, 2, 1), date(2027, 3, 1)),
        (date(2028, 2, 29), date(2028, 2, 1), date(2028, 3, 1)),
    ],
)
def test_billing_periods_are_calendar_months(day, start, following):
    assert selectors.period_start(day) == start
    assert selectors.next_period_start(day) == following
