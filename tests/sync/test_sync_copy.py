"""The sync writes new users and memberships with PostgreSQL's COPY (issue 17 §1): the same rows
as bulk_create would write, in the sync's transaction, all or nothing. On SQLite the same helper
falls back to bulk_create, so every test but the one about the SQL runs on both."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from identity.people.models import User
from identity.sync.copy import bulk_set, copy_insert, pks_of
from identity.sync.runs import sync_run_execute
from spaces.models import SpaceMembership

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


def test_copy_insert_writes_every_value_as_given(space):
    awkward = ['Quote "q" and, comma', "new\nline", "émoji ✓", "", "back\\slash", "NULL"]
    users = [
        {
            "username": f"sso/test/{i}",
            "name": name,
            "email": f"u{i}@example.com",
            "is_active": i % 2 == 0,
            "kind": User.Kind.SSO,
        }
        for i, name in enumerate(awkward)
    ]
    assert copy_insert(User, users) == len(awkward)

    stored = {u.username: u for u in User.objects.filter(username__startswith="sso/test/")}
    for i, name in enumerate(awkward):
        user = stored[f"sso/test/{i}"]
        assert (user.name, user.is_active, user.kind) == (name, i % 2 == 0, User.Kind.SSO)
        assert user.alias is None  # NULL stays NULL
        assert user.user_identifier is not None and user.date_joined is not None  # the fields' defaults
        assert user.password == "" and user.nickname == ""
    assert len({u.user_identifier for u in stored.values()}) == len(awkward)

    # COPY returns no primary keys: the rows are read back for theirs.
    saved = [stored["sso/test/0"], stored["sso/test/1"]]
    copy_insert(SpaceMembership, [{"space": space, "user": user, "role": "POWER_USER"} for user in saved])
    joined = SpaceMembership.objects.filter(space=space, user__in=saved)
    assert joined.count() == 2 and all(m.joined_at is not None for m in joined)  # auto_now_add
    assert {m.source for m in joined} == {SpaceMembership.Source.DIRECT}  # the default


def test_a_failing_row_raises_integrity_error_and_writes_nothing(space, admin):
    before = SpaceMembership.objects.count()
    rows = [
        {"space_id": space.pk, "user_id": User.objects.create(username="sso/x/1", kind=User.Kind.SSO).pk, "role": "X"},
        {"space_id": space.pk, "user_id": admin.pk, "role": "X"},  # admin is a member already
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_insert(SpaceMembership, rows)
    assert SpaceMembership.objects.count() == before


@on_postgresql
def test_on_postgresql_the_first_sync_inserts_no_user_or_membership_row_by_row(federated_space, people):
    # A new directory user in a connected group, synced by the engine.
    from accounts.aws.identity_center import services as directory
    from catalyst_admin.actors import SYSTEM

    directory.group_membership_add(group=people["developers"], user=people["users"]["jorge.souza"], account=SYSTEM)
    with CaptureQueriesContext(connection) as queries:
        run = sync_run_execute(application_id=federated_space.identity_application_id)
    assert (run.status, run.members_added) == ("succeeded", 1), run.error
    assert SpaceMembership.objects.filter(
        space=federated_space, user__username__endswith=people["users"]["jorge.souza"].user_id
    ).exists()
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT INTO")]
    assert not any('"identity_user"' in sql or '"spaces_spacemembership"' in sql for sql in inserts), inserts


def test_bulk_set_sets_exactly_the_given_fields_of_the_given_rows(space):
    users = [User.objects.create(username=f"sso/set/{i}", name=f"N{i}", email=f"n{i}@example.com") for i in range(3)]
    changes = {users[0].pk: ('Quote "q", comma', "a@example.com", False), users[1].pk: ("", "b@example.com", True)}
    assert bulk_set(User, changes, ["name", "email", "is_active"], batch_size=1) == 2
    got = {u.pk: (u.name, u.email, u.is_active) for u in User.objects.filter(pk__in=[u.pk for u in users])}
    assert got[users[0].pk] == changes[users[0].pk]
    assert got[users[1].pk] == changes[users[1].pk]
    assert got[users[2].pk] == ("N2", "n2@example.com", True)  # untouched
    assert bulk_set(User, {}, ["name"]) == 0


def test_pks_of_finds_the_rows_by_a_unique_field():
    users = [User.objects.create(username=f"sso/pk/{i}") for i in range(3)]
    found = pks_of(User, "username", [u.username for u in users] + ["sso/pk/nobody"])
    assert found == {u.username: u.pk for u in users}
    assert pks_of(User, "username", []) == {}
