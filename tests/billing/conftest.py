"""The billing cast: ``space`` (acme, Free tier) is billed to 111122223333 through a verified
connection whose paid tiers are authorized; ``second`` is another verified connection of acme."""

import pytest

from accounts.connections.models import AccountConnection
from tests.factories import AccountConnectionFactory

BILLING = "111122223333"


@pytest.fixture
def billing_connection(space):
    return AccountConnectionFactory(
        space=space,
        aws_account_id=BILLING,
        display_name="acme-billing",
        status=AccountConnection.Status.VERIFIED,
        paid_tiers_authorized=True,
    )


@pytest.fixture
def second(space):
    return AccountConnectionFactory(
        space=space,
        aws_account_id="444455556666",
        display_name="acme-build",
        status=AccountConnection.Status.VERIFIED,
        paid_tiers_authorized=False,
    )
