"""The reads of a user's and a group's pages in plain SQL are the querysets they stand for: the
store's user or group by ID (``directory_user_for``, ``directory_group_for``: ``.first()`` of the
store's, a 404 for another store's), a group's members page by page (``group_member_listing``:
``group_members``) and where a user or group has access (``principal_assignment_list``: the
assignments queryset it stands for, with each account and permission set)."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from accounts.aws.identity_center import selectors
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import AccountAssignment
from catalyst_admin.actors import SYSTEM
from tests.identity_center.helpers import assign

pytestmark = pytest.mark.django_db


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_a_user_and_a_group_by_id_are_the_querysets_first(store, people, globex):
    for ours, theirs in [
        (selectors.directory_user_for(store, people["li"].user_id), store.users.filter(user_id=people["li"].user_id)),
        (
            selectors.directory_group_for(store, people["developers"].group_id),
            store.groups.filter(group_id=people["developers"].group_id),
        ),
    ]:
        assert _fields(ours) == _fields(theirs.first())
    with pytest.raises(Http404):
        selectors.directory_user_for(store, globex["user"].user_id)
    with pytest.raises(Http404):
        selectors.directory_group_for(store, globex["group"].group_id)
    with pytest.raises(Http404):
        selectors.directory_group_for(store, "no-such-group")


def test_a_groups_members_page_by_page_are_the_querysets(store, people, globex):
    group = people["developers"]
    for n in range(30):
        user = directory.directory_user_create(
            store=store, user_name=f"{'Dev' if n % 2 else 'dev'}.{(n * 7) % 30:02}", display_name=f"Dev {n}",
            account=SYSTEM,
        )  # fmt: skip
        if n % 3:
            directory.group_membership_add(group=group, user=user, account=SYSTEM)
    directory.group_membership_add(group=globex["group"], user=globex["user"], account=SYSTEM)
    ours, theirs = Paginator(selectors.group_member_listing(group), 7), Paginator(selectors.group_members(group), 7)
    assert ours.count == theirs.count == 21
    for number in ours.page_range:
        with CaptureQueriesContext(connection) as queries:
            page = list(ours.page(number))
        assert len(queries) == 1
        assert [_fields(u) for u in page] == [_fields(u) for u in theirs.page(number)]


def test_where_a_user_or_group_has_access_is_the_querysets(
    instance, people, permission_set, management, network, build, globex
):
    second = directory.permission_set_create(instance=instance, name="Another_set", account=management)
    assign(permission_set, network, group=people["developers"], account=build)
    assign(second, network, group=people["developers"], account=build)
    assign(second, build, group=people["developers"], account=build)
    assign(permission_set, network, user=people["mary"], account=build)
    for who in ({"group": people["developers"]}, {"user": people["mary"]}, {"user": people["li"]}):
        with CaptureQueriesContext(connection) as queries:
            ours = selectors.principal_assignment_list(instance, **who)
        assert len(queries) == 1
        theirs = list(
            AccountAssignment.objects.filter(permission_set__instance=instance, **who)
            .select_related("account", "permission_set")
            .order_by("account__account_id", "permission_set__name")
        )
        assert [_fields(a) for a in ours] == [_fields(a) for a in theirs]
        assert [(_fields(a.account), _fields(a.permission_set)) for a in ours] == [
            (_fields(a.account), _fields(a.permission_set)) for a in theirs
        ]
    assert len(selectors.principal_assignment_list(instance, group=people["developers"])) == 3
    assert selectors.principal_assignment_list(globex["instance"], group=people["developers"]) == []
