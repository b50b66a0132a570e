"""Billing details reads a space's billing record, pending change, billing connection, members,
verified connections and this period's usage in one plain-SQL query (``billing_details_of``): each
is what the selector it stands for reads."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.connections.models import AccountConnection
from billing import selectors, services
from billing.catalogue import catalogue
from billing.models import PendingTierChange, SpaceBilling, Tier, UsageRecord
from catalyst_admin.actors import SYSTEM
from tests.factories import AccountConnectionFactory, SpaceFactory, SpaceMembershipFactory

pytestmark = pytest.mark.django_db


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _assert_as_the_selectors_read(space):
    with CaptureQueriesContext(connection) as queries:
        details = selectors.billing_details_of(space)
    assert len(queries) == 1
    billing = selectors.billing_of(space)
    assert _fields(details.billing) == _fields(billing)
    assert _fields(details.pending) == _fields(selectors.pending_change_of(space))
    assert _fields(details.connection) == _fields(selectors.billing_connection_for(space, billing))
    assert details.users == selectors.billable_users(space)
    assert details.needs_account is selectors.needs_billing_account(space)
    tier = selectors.tier_for(billing)
    ours = selectors.usage_lines(tier, details.users, details.used)
    theirs = selectors.usage_this_period(space)
    assert ours == theirs
    assert [str(line.used) for line in ours] == [str(line.used) for line in theirs]
    return details


def test_a_space_without_a_billing_record_reads_as_nothing_billed():
    space = SpaceFactory(name="bare")
    details = _assert_as_the_selectors_read(space)
    assert (details.billing, details.pending, details.connection, details.users) == (None, None, None, 0)
    assert details.needs_account is True and details.used == {}


@pytest.mark.parametrize("verified", [True, False])
def test_a_billed_space_reads_its_record_change_connection_members_and_usage(space, admin, verified):
    status = AccountConnection.Status.VERIFIED if verified else AccountConnection.Status.PENDING
    SpaceBilling.objects.filter(space=space).update(tier=Tier.STANDARD)  # billed to 111122223333
    AccountConnectionFactory(space=space, aws_account_id="111122223333", display_name="pays", status=status)
    AccountConnectionFactory(space=space, aws_account_id="444455556666", display_name="other", status=status)
    PendingTierChange.objects.create(space=space, tier=Tier.FREE, effective_on=selectors.next_period_start())
    services.usage_record(space=space, resource="build_minutes", quantity=Decimal("12.5"), by=SYSTEM)
    services.usage_record(space=space, resource="build_minutes", quantity=Decimal("0.125"), by=SYSTEM)
    services.usage_record(space=space, resource="source_storage_gb", quantity=3, by=SYSTEM)
    last = UsageRecord.objects.create(
        space=space,
        resource="build_minutes",
        quantity=99,
        period=selectors.period_start() - timedelta(days=1),
        recorded_at=timezone.now(),
    )
    last.period = last.period.replace(day=1)
    last.save()
    elsewhere = SpaceFactory(name="elsewhere")
    SpaceMembershipFactory(space=elsewhere, user=admin)
    services.usage_record(space=elsewhere, resource="build_minutes", quantity=7, by=SYSTEM)

    details = _assert_as_the_selectors_read(space)
    assert details.connection.display_name == "pays" and details.pending.tier == Tier.FREE
    assert details.needs_account is not verified
    assert details.used["build_minutes"] == Decimal("12.625")
    assert set(details.used) <= set(catalogue().resources)


def test_tier_changes_due_is_the_querysets_exists(space):
    today = timezone.now().date()
    assert selectors.tier_changes_due(today) is False
    PendingTierChange.objects.create(space=space, tier=Tier.FREE, effective_on=today + timedelta(days=3))
    assert selectors.tier_changes_due(today) is False
    assert selectors.tier_changes_due(today + timedelta(days=3)) is True
    assert (
        selectors.tier_changes_due(today + timedelta(days=3))
        is PendingTierChange.objects.filter(effective_on__lte=today + timedelta(days=3)).exists()
    )
