"""The AWS console's reads of an account's connections in plain SQL (``connection_in_account``, and
``connections_of_account`` for its Spaces page) give what the queryset they stand for gives —
``spaces_connected_to(account)`` with the space's billing, pending tier change, Identity Center
application and who verified it — in one query, and the same 404 for a space the account is not
connected to, a deleted space, or another account's space."""

from datetime import date, timedelta

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.connections import selectors
from accounts.connections.models import AccountConnection, ConnectionToken
from billing.models import PendingTierChange, Tier
from catalyst_admin.errors import NotFound
from identity.federation.models import IdentityCenterApplication
from spaces.models import Space
from tests.factories import AccountConnectionFactory, AwsAccountFactory, ConsoleUserFactory, SpaceFactory

pytestmark = pytest.mark.django_db

RELATED = ("space__identity_application", "space__pending_tier_change", "verified_by")


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _seen(connection):
    space = connection.space
    with CaptureQueriesContext(db) as queries:
        seen = {
            "connection": _fields(connection),
            "space": _fields(space),
            "billing": _fields(getattr(space, "billing", None)),
            "pending": _fields(getattr(space, "pending_tier_change", None)),
            "application": _fields(space.identity_application),
            "verified_by": _fields(connection.verified_by),
            "flags": (connection.is_billing_account, connection.request_alive, connection.request_expired),
        }
    assert len(queries) == 0, "everything the pages show came with the connection"
    return seen


def _orm(account, name):
    return selectors.spaces_connected_to(account).select_related(*RELATED).get(space__name=name)


@pytest.fixture
def world(space, other_space):
    account = AwsAccountFactory(account_id="111122223333")
    now = timezone.now()
    application = IdentityCenterApplication.objects.create(
        name="acme-app", display_name="Acme", owner_account=account, region="us-west-2"
    )
    Space.objects.filter(pk=space.pk).update(identity_application=application)
    PendingTierChange.objects.create(space=space, tier=Tier.FREE, effective_on=date(2027, 1, 1))
    AccountConnectionFactory(
        space=space,
        aws_account_id=account.account_id,
        status=AccountConnection.Status.VERIFIED,
        verified_at=now,
        verified_by=ConsoleUserFactory(),
    )
    # Pending, its token expired past the grace; a space with no billing and no application.
    pending = AccountConnectionFactory(space=other_space, aws_account_id=account.account_id)
    ConnectionToken.objects.create(
        connection=pending, selector="gone", secret_hash="-", created_at=now, expires_at=now - timedelta(days=2)
    )
    deleted = SpaceFactory(name="gone-space", deleted_at=now)
    AccountConnectionFactory(space=deleted, aws_account_id=account.account_id)
    return account


@pytest.mark.parametrize("name", ["acme", "globex"])
def test_the_connection_and_what_it_shows_are_the_querysets(world, name):
    with CaptureQueriesContext(db) as queries:
        ours = selectors.connection_in_account(world, name)
    assert len(queries) == 1
    assert _seen(ours) == _seen(_orm(world, name))


def test_the_cases_are_there(world):
    acme, globex = (_seen(selectors.connection_in_account(world, name)) for name in ("acme", "globex"))
    assert acme["flags"] == (True, False, False) and acme["pending"] and acme["application"] and acme["verified_by"]
    assert globex["flags"] == (False, False, True)
    assert globex["billing"] is globex["pending"] is globex["application"] is globex["verified_by"] is None


def test_not_connected_deleted_or_another_account_s_is_a_404(world, space):
    stranger = AwsAccountFactory(account_id="999988887777")
    for account, name in [(world, "gone-space"), (world, "no-such-space"), (stranger, "acme")]:
        with pytest.raises(NotFound, match=f"No space called {name} is connected"):
            selectors.connection_in_account(account, name)


def test_the_spaces_page_list_is_the_querysets(world):
    with CaptureQueriesContext(db) as queries:
        ours = selectors.connections_of_account(world)
    assert len(queries) == 1
    orms = list(selectors.spaces_connected_to(world).select_related(*RELATED))
    assert [c.space.name for c in ours] == ["acme", "globex"]
    assert [_seen(c) for c in ours] == [_seen(c) for c in orms]
    assert selectors.connections_of_account(AwsAccountFactory(account_id="999988887777")) == []
