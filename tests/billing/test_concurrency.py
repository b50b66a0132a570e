"""Billing's quotas under concurrent requests on PostgreSQL (skipped on SQLite): an account's last
billing place goes to one space, and a Free-tier resource's last unit to one record."""

import pytest
from django.db import connection

from accounts.connections.models import AccountConnection
from billing import services
from billing.models import SpaceBilling, UsageRecord
from catalyst_admin.actors import SYSTEM
from spaces.roles import SpaceRole
from tests.concurrency import at_once
from tests.factories import (
    AccountConnectionFactory,
    SpaceBillingFactory,
    SpaceFactory,
    SpaceMembershipFactory,
    UserFactory,
    billed_space,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]

ACCOUNT = "123412341234"


def _space_ready_to_move(owner):
    """A space billed elsewhere, with a verified connection to ACCOUNT (Free tier only) to switch billing to."""
    space = SpaceFactory()
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.SPACE_ADMINISTRATOR)
    SpaceBillingFactory(space=space, aws_account_id="999999999999")
    target = AccountConnectionFactory(
        space=space, aws_account_id=ACCOUNT, status=AccountConnection.Status.VERIFIED, paid_tiers_authorized=False
    )
    return space, target


def test_two_spaces_taking_an_accounts_last_billing_place_at_once_leave_it_at_its_limit():
    owner = UserFactory()
    for _ in range(2):
        billed_space(ACCOUNT)  # the account bills 2 spaces; on the Free tier it may bill 3
    first, second = _space_ready_to_move(owner), _space_ready_to_move(owner)
    outcomes = at_once(
        *[
            lambda pair=pair: services.billing_account_change(
                space=pair[0], connection_id=pair[1].connection_id, by=owner
            )
            for pair in (first, second)
        ]
    )
    assert outcomes.count("done") == 1, outcomes
    assert any("the most it may bill (3)" in outcome for outcome in outcomes)
    assert SpaceBilling.objects.filter(aws_account_id=ACCOUNT).count() == 3


def test_the_last_free_minutes_are_recorded_once():
    space = billed_space(ACCOUNT)
    services.usage_record(space=space, resource="build_minutes", quantity=1999, by=SYSTEM)
    outcomes = at_once(
        *[lambda: services.usage_record(space=space, resource="build_minutes", quantity=1, by=SYSTEM)] * 2
    )
    assert outcomes.count("done") == 1, outcomes
    assert any("halts that resource" in outcome for outcome in outcomes)
    assert UsageRecord.objects.filter(space=space).count() == 2
