"""An account's billing quota (3 spaces on Free, 15 with paid tiers) counts only the spaces it
really bills: a space whose connection to it nobody verified uses none of its places."""

import pytest

from accounts.connections.models import AccountConnection
from billing import selectors
from tests.factories import AccountConnectionFactory, SpaceBillingFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def _billed(account_id, *, verified):
    space = SpaceFactory()
    SpaceBillingFactory(space=space, aws_account_id=account_id)
    AccountConnectionFactory(
        space=space,
        aws_account_id=account_id,
        status=AccountConnection.Status.VERIFIED if verified else AccountConnection.Status.PENDING,
    )
    return space


def test_spaces_that_only_name_the_account_use_none_of_its_places():
    for _ in range(4):
        _billed("123456789012", verified=False)
    assert selectors.billed_space_count(aws_account_id="123456789012") == 0
    mine = _billed("123456789012", verified=True)
    assert selectors.billed_space_count(aws_account_id="123456789012") == 1
    assert selectors.billed_space_count(aws_account_id="123456789012", excluding=mine) == 0
