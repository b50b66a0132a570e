# ruff: noqa: F811  (fixtures take the fixtures imported from tests/sync as arguments)
"""The plain-SQL reads of "Edit space" and the wizard (``groups_with_user_counts``,
``users_of_groups``) give what the querysets they stand for give, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.db.models import Count, Prefetch
from django.test.utils import CaptureQueriesContext

from accounts.aws.console.models import AwsAccount, Organization
from accounts.aws.identity_center import selectors
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import DirectoryGroup, DirectoryUser
from catalyst_admin.actors import SYSTEM
from tests.sync.conftest import management, org, people, store  # noqa: F401


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _groups_as_orm(store, group_ids=None):
    groups = DirectoryGroup.objects.filter(store=store).annotate(user_count=Count("memberships"))
    if group_ids is not None:
        groups = groups.filter(group_id__in=group_ids)
    return list(groups.order_by("display_name"))


def _users_as_orm(store, group_ids, also_user_ids=()):
    chosen = DirectoryGroup.objects.filter(store=store, group_id__in=group_ids).order_by("display_name")
    users = (
        DirectoryUser.objects.filter(store=store, memberships__group__in=chosen)
        | DirectoryUser.objects.filter(store=store, user_id__in=list(also_user_ids))
    ).distinct()
    return list(
        users.order_by("user_name").prefetch_related(
            Prefetch("directory_groups", queryset=chosen, to_attr="chosen_groups")
        )
    )


@pytest.fixture
def world(store, people):
    """``people``, an empty group, a user in no group, and another organization's store whose group
    and user have the same names."""
    directory.directory_group_create(store=store, display_name="Empty", account=SYSTEM)
    directory.directory_user_create(
        store=store,
        user_name="aaron.alone",
        display_name="Aaron",
        email="a@example.com",
        password="directory-pass",
        account=SYSTEM,
    )
    other_management = AwsAccount.objects.create(account_id="999988887777", name="other-management")
    other_org = Organization.objects.create(name="Other", management_account=other_management)
    other_management.organization = other_org
    other_management.save()
    other = directory.identity_center_enable(
        organization=other_org, region="us-east-1", account=other_management
    ).identity_store
    stranger = directory.directory_user_create(
        store=other,
        user_name="mary.major",
        display_name="Other Mary",
        email="o@example.com",
        password="directory-pass",
        account=SYSTEM,
    )
    other_group = directory.directory_group_create(store=other, display_name="Developers", account=SYSTEM)
    directory.group_membership_add(group=other_group, user=stranger, account=SYSTEM)
    return {**people, "other": other, "other_group": other_group, "stranger": stranger}


def _group_ids(world, *names):
    return [world[name].group_id for name in names]


@pytest.mark.parametrize("names", [None, (), ("developers",), ("developers", "admins"), ("other_group",)])
def test_the_groups_with_their_user_counts_are_the_querysets(store, world, names):
    group_ids = None if names is None else _group_ids(world, *names)
    found, expected = selectors.groups_with_user_counts(store, group_ids), _groups_as_orm(store, group_ids)
    assert [_fields(g) for g in found] == [_fields(g) for g in expected]
    assert [g.user_count for g in found] == [g.user_count for g in expected]
    if names is None:
        assert [(g.display_name, g.user_count) for g in found] == [("Developers", 3), ("Empty", 0), ("Space-Admins", 1)]


@pytest.mark.parametrize(
    "names, also",
    [
        (("developers",), ()),
        (("developers", "admins"), ()),
        (("admins",), ("jorge.souza", "mary.major")),
        ((), ("jorge.souza",)),
        ((), ()),
        (("other_group",), ()),
        (("developers",), ("stranger",)),
    ],
)
def test_the_users_of_groups_are_the_querysets(store, world, names, also):
    group_ids = _group_ids(world, *names)
    also_ids = [(world["stranger"] if name == "stranger" else world["users"][name]).user_id for name in also]
    found = selectors.users_of_groups(store, group_ids, also_user_ids=also_ids)
    expected = _users_as_orm(store, group_ids, also_ids)
    assert [_fields(u) for u in found] == [_fields(u) for u in expected]
    assert [[_fields(g) for g in u.chosen_groups] for u in found] == [
        [_fields(g) for g in u.chosen_groups] for u in expected
    ]


def test_the_users_of_groups_come_with_their_chosen_groups_in_two_queries(store, world):
    with CaptureQueriesContext(connection) as queries:
        found = selectors.users_of_groups(
            store, _group_ids(world, "admins", "developers"), also_user_ids=[world["users"]["jorge.souza"].user_id]
        )
        shown = [(u.user_name, [g.display_name for g in u.chosen_groups]) for u in found]
    assert shown == [
        ("jorge.souza", []),
        ("li.juan", ["Developers"]),
        ("mary.major", ["Developers", "Space-Admins"]),
        ("saanvi.sarkar", ["Developers"]),
    ]
    assert len(queries) == 2
