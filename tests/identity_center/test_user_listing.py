"""The Users page's list in plain SQL (``selectors.directory_user_listing``) is the queryset it stands
for (``directory_users``): the store's users only, by user name then creation, paged and counted; a
search is the queryset itself."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.identity_center import selectors
from accounts.aws.identity_center.models import DirectoryUser, IdentityStore

pytestmark = pytest.mark.django_db


def _fields(users):
    return [{f.attname: getattr(u, f.attname) for f in u._meta.concrete_fields} for u in users]


@pytest.fixture
def many(store, people):
    other = IdentityStore.objects.create()
    DirectoryUser.objects.create(store=other, user_name="aaa.elsewhere", display_name="Elsewhere")
    for n in range(60):
        # Upper and lower case, created out of name order: the database's own order decides, as for the ORM.
        DirectoryUser.objects.create(
            store=store,
            user_name=f"{'User' if n % 3 else 'user'}.{(n * 37) % 60:02}",
            display_name=f"User {n}",
            email="" if n % 7 else f"u{n}@x.com",
            enabled=bool(n % 5),
        )
    return store


def test_every_page_is_the_querysets(many):
    ours = Paginator(selectors.directory_user_listing(many), 25)
    theirs = Paginator(selectors.directory_users(many), 25)
    assert ours.count == theirs.count == 62
    for number in ours.page_range:
        with CaptureQueriesContext(connection) as queries:
            page = list(ours.page(number))
        assert len(queries) == 1
        assert _fields(page) == _fields(theirs.page(number))
    assert "aaa.elsewhere" not in {u.user_name for n in ours.page_range for u in ours.page(n)}


def test_a_search_is_the_queryset_itself(many):
    found = selectors.directory_user_listing(many, query=" USER.0")
    assert _fields(found) == _fields(selectors.directory_users(many, query="user.0"))
    assert found.count() == 10
