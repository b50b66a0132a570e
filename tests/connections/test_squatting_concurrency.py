"""Two verifications at once cannot take an AWS account past its five spaces: the account row is
locked before the verified connections are counted. Real threads, each with its own connection, on
PostgreSQL (SQLite serialises writers anyway); nothing is patched to widen the window."""

import pytest
from django.db import connection

from accounts.connections import services
from accounts.connections.models import AccountConnection
from spaces.roles import SpaceRole
from tests.concurrency import at_once
from tests.factories import AwsAccountFactory, ConsoleUserFactory, SpaceFactory, SpaceMembershipFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not connection.features.has_select_for_update, reason="needs row locks (PostgreSQL)"),
]

ROUNDS = 8


def _request(account_id: str, name: str):
    owner = UserFactory()
    space = SpaceFactory(name=name, created_by=owner)
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.SPACE_ADMINISTRATOR)
    return services.connection_request_create(
        space=space, aws_account_id=account_id, display_name=name, requested_by=owner
    )


def test_two_verifications_at_once_leave_the_account_at_five_spaces():
    for round_ in range(ROUNDS):
        account = AwsAccountFactory(account_id=f"{300000000000 + round_:012d}")
        admin = ConsoleUserFactory(accounts=[account])
        requests = [_request(account.account_id, f"r{round_}-{n}") for n in range(6)]
        for pending in requests[:4]:
            services.connection_verify(token=pending.new_token, account=account, console_user=admin)
        outcomes = at_once(
            *[
                lambda token=pending.new_token, account=account, admin=admin: services.connection_verify(
                    token=token, account=account, console_user=admin
                )
                for pending in requests[4:]
            ]
        )
        assert sorted(o == "done" for o in outcomes) == [False, True], outcomes
        assert any("already connected to 5 spaces" in o for o in outcomes)
        verified = AccountConnection.objects.filter(
            aws_account_id=account.account_id, status=AccountConnection.Status.VERIFIED
        )
        assert verified.count() == 5
