"""Changing the billing account (seed 000, "Changing a billing account"): only this space's verified
connections, the account's billing quota, paid tiers where the space is on one."""

import pytest

from accounts.connections.models import AccountConnection
from billing import services
from billing.models import SpaceBilling
from catalyst_admin.errors import DomainError, Forbidden
from tests.factories import AccountConnectionFactory, billed_space

pytestmark = pytest.mark.django_db


def _account(space) -> str:
    return SpaceBilling.objects.get(space=space).aws_account_id


def test_a_verified_connection_of_the_space_becomes_its_billing_account(space, admin, billing_connection, second):
    services.billing_account_change(space=space, connection_id=second.connection_id, by=admin)
    assert _account(space) == "444455556666"
    # The old account keeps its connection; it can now be removed in the AWS console.
    assert AccountConnection.objects.filter(pk=billing_connection.pk).exists()
    assert space.activity.filter(event_name="UpdateBillingAccount", description__contains="to 444455556666").exists()


def test_a_pending_connection_cannot_pay(space, admin, billing_connection):
    pending = AccountConnectionFactory(space=space, aws_account_id="777788889999")
    with pytest.raises(DomainError, match="is pending verification"):
        services.billing_account_change(space=space, connection_id=pending.connection_id, by=admin)
    assert _account(space) == "111122223333"


def test_another_spaces_connection_is_not_a_choice(space, admin, billing_connection, other_space):
    theirs = AccountConnectionFactory(space=other_space, status=AccountConnection.Status.VERIFIED)
    with pytest.raises(DomainError, match="already associated with your space"):
        services.billing_account_change(space=space, connection_id=theirs.connection_id, by=admin)
    assert _account(space) == "111122223333"


def test_on_a_paid_tier_the_new_account_must_allow_paid_tiers(space, admin, billing_connection, second):
    services.billing_tier_change(space=space, tier="standard", by=admin)
    with pytest.raises(DomainError, match="on the Standard tier, and AWS account 444455556666 does not allow paid"):
        services.billing_account_change(space=space, connection_id=second.connection_id, by=admin)
    assert _account(space) == "111122223333"


def test_an_account_that_bills_three_free_spaces_cannot_take_a_fourth(space, admin, billing_connection, second):
    for _ in range(3):
        billed_space(second.aws_account_id)
    with pytest.raises(
        DomainError, match="already the billing account of 3 other spaces, the most it may bill \\(3\\)"
    ):
        services.billing_account_change(space=space, connection_id=second.connection_id, by=admin)
    assert _account(space) == "111122223333"


def test_the_current_billing_account_is_not_a_change(space, admin, billing_connection):
    with pytest.raises(DomainError, match="already the billing account"):
        services.billing_account_change(space=space, connection_id=billing_connection.connection_id, by=admin)


def test_only_a_space_administrator_changes_the_billing_account(space, power, billing_connection, second):
    with pytest.raises(Forbidden):
        services.billing_account_change(space=space, connection_id=second.connection_id, by=power)
    assert _account(space) == "111122223333"
