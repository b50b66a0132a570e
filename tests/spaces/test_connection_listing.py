"""The AWS accounts page's list in plain SQL (``accounts.connections.selectors.connection_listing``)
pages what the queryset it stands for (``connections_of``) gives: the same connections in the same
order, with the same role counts, billing-account flags and expired requests; the same count; one
query a page; and the same refusal to someone who may not see the space's connections."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.connections import selectors
from accounts.connections.models import AccountConnection, ConnectionRole, ConnectionToken
from catalyst_admin.errors import Forbidden
from spaces.roles import SpaceRole
from tests.factories import AccountConnectionFactory, IamRoleFactory, SpaceMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ANNOTATED = ("role_count", "is_billing_account", "request_expired")


def _rows(connections):
    return [
        ({f.attname: getattr(c, f.attname) for f in c._meta.concrete_fields}, *(getattr(c, a) for a in ANNOTATED))
        for c in connections
    ]


@pytest.fixture
def crowded(space, other_space):
    now = timezone.now()
    for i in range(23):
        c = AccountConnectionFactory(
            space=space,
            # Names that tie (ordered then by account ID); one is the space's billing account.
            display_name=["Prod", "dev", "Prod", "ünïcode"][i % 4],
            aws_account_id="111122223333" if i == 5 else f"{300000000000 + (i * 7) % 23:012d}",
            status=AccountConnection.Status.VERIFIED if i % 3 == 0 else AccountConnection.Status.PENDING,
        )
        for _ in range(i % 3):
            ConnectionRole.objects.create(connection=c, role=IamRoleFactory())
        # Pending requests with a live token, one expired inside the grace, one past it, none at all.
        expires = [now + timedelta(hours=1), now - timedelta(hours=23), now - timedelta(days=2), None][i % 4]
        if expires:
            ConnectionToken.objects.create(
                connection=c, selector=f"s-{i}", secret_hash="-", created_at=now, expires_at=expires
            )
    AccountConnectionFactory(space=other_space, display_name="Prod")
    return space


def test_every_slice_is_the_querysets(crowded, admin):
    listing, queryset = selectors.connection_listing(admin, crowded), selectors.connections_of(admin, crowded)
    assert listing.count() == queryset.count() == 23
    seen = _rows(listing[0:23])
    assert {row[2] for row in seen} == {True, False} and {row[3] for row in seen} == {True, False}
    assert {row[1] for row in seen} == {0, 1, 2}
    for start, stop in [(0, 10), (10, 20), (20, 30), (22, 23), (0, 23), (5, 5)]:
        assert _rows(listing[start:stop]) == _rows(queryset[start:stop]), (start, stop)


def test_paged_as_the_page_pages_it_one_query_a_page(crowded, admin):
    orms = Paginator(selectors.connections_of(admin, crowded), 10)
    assert Paginator(selectors.connection_listing(admin, crowded), 10).num_pages == orms.num_pages == 3
    for number in (1, 2, 3):
        ours = Paginator(selectors.connection_listing(admin, crowded), 10)
        with CaptureQueriesContext(db) as queries:
            page = list(ours.get_page(number))
        assert len(queries) == 2  # the count and the page
        assert _rows(page) == _rows(orms.get_page(number))


def test_refused_as_the_queryset_refuses(crowded):
    member = UserFactory()
    SpaceMembershipFactory(space=crowded, user=member, role=SpaceRole.LIMITED_ACCESS)
    for read in (selectors.connection_listing, selectors.connections_of):
        with pytest.raises(Forbidden):
            read(member, crowded)
