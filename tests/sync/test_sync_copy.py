"""The sync writes new users and memberships with PostgreSQL's COPY (issue 17 §1): the same rows
as bulk_create would write, in the sync's transaction, all or nothing. On SQLite the same helper
falls back to bulk_create, so every test but the one about the SQL runs on both."""

import datetime
import enum
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.aws.console.models import AwsAccount
from accounts.aws.iam.models import IamRole
from identity.people.models import User
from identity.sync import copy
from identity.sync.copy import bulk_set, copy_insert, copy_rows, copy_rows_returning_pks
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


def test_copy_rows_writes_tuples_with_the_values_every_row_shares(space):
    rows = [(f"sso/rows/{i}", f"Name {i}", True) for i in range(3)]
    same = {"kind": User.Kind.SSO, "password": "!"}
    assert copy_rows(User, ["username", "name", "is_active"], rows, same=same) == 3
    stored = User.objects.filter(username__startswith="sso/rows/").order_by("username")
    assert [(u.username, u.name, u.kind, u.password) for u in stored] == [
        (f"sso/rows/{i}", f"Name {i}", User.Kind.SSO, "!") for i in range(3)
    ]
    assert copy_rows(User, ["username"], []) == 0


def test_none_is_null_and_an_empty_string_stays_empty_in_a_nullable_text_column():
    # The alias is nullable text: the one kind of column where "" and NULL could be confused.
    copy_rows(User, ["username", "alias", "name"], [("sso/null/a", None, ""), ("sso/null/b", "", "")])
    stored = dict(User.objects.filter(username__startswith="sso/null/").values_list("username", "alias"))
    assert stored == {"sso/null/a": None, "sso/null/b": ""}
    assert User.objects.filter(username="sso/null/a", alias__isnull=True).exists()


def test_none_in_a_not_null_text_column_is_refused_not_written_as_empty():
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_rows(User, ["username", "name"], [("sso/none/a", "A"), ("sso/none/b", None)])
    assert not User.objects.filter(username__startswith="sso/none/").exists()


class Role(enum.Enum):  # a plain enum: neither a str nor an int
    POWER_USER = "POWER_USER"


@on_postgresql  # bulk_create stores str() of a plain enum member, as Django's CharField makes it
def test_an_enum_member_is_written_as_its_value(space):
    user = User.objects.create(username="sso/enum/1", kind=User.Kind.SSO)
    copy_rows(SpaceMembership, ["space", "user_id", "role"], [(space, user.pk, Role.POWER_USER)])
    assert SpaceMembership.objects.get(space=space, user=user).role == "POWER_USER"


def test_given_datetimes_and_uuids_are_stored_exactly():
    joined = datetime.datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=ZoneInfo("America/Los_Angeles"))
    identifier = uuid.UUID("12345678-1234-5678-1234-567812345678")
    copy_insert(User, [{"username": "sso/when/1", "date_joined": joined, "user_identifier": identifier}])
    user = User.objects.get(username="sso/when/1")
    assert (user.date_joined, user.user_identifier) == (joined, identifier)


@on_postgresql
def test_a_value_the_csv_cannot_spell_is_refused_before_anything_is_sent():
    account = AwsAccount.objects.create(account_id="444455556666", name="copy")
    with pytest.raises(TypeError, match="cannot write a dict"):
        copy_insert(IamRole, [{"account": account, "name": "r", "trust_policy": {"Version": "2012-10-17"}}])
    assert not IamRole.objects.exists()


def test_left_out_identifiers_are_random_version_4_uuids_and_the_join_time_is_the_writes():
    before = timezone.now()
    copy_rows(User, ["username"], [(f"sso/uuid/{i}",) for i in range(50)])
    users = User.objects.filter(username__startswith="sso/uuid/")
    identifiers = [u.user_identifier for u in users]
    assert len(set(identifiers)) == 50
    assert all((u.version, u.variant) == (4, uuid.RFC_4122) for u in identifiers)
    assert all(before <= u.date_joined <= timezone.now() for u in users)


def test_bulk_set_sets_exactly_the_given_fields_of_the_given_rows(space):
    users = [User.objects.create(username=f"sso/set/{i}", name=f"N{i}", email=f"n{i}@example.com") for i in range(3)]
    changes = {users[0].pk: ('Quote "q", comma', "a@example.com", False), users[1].pk: ("", "b@example.com", True)}
    assert bulk_set(User, changes, ["name", "email", "is_active"], batch_size=1) == 2
    got = {u.pk: (u.name, u.email, u.is_active) for u in User.objects.filter(pk__in=[u.pk for u in users])}
    assert got[users[0].pk] == changes[users[0].pk]
    assert got[users[1].pk] == changes[users[1].pk]
    assert got[users[2].pk] == ("N2", "n2@example.com", True)  # untouched
    assert bulk_set(User, {}, ["name"]) == 0


def test_copy_rows_returning_pks_gives_each_rows_key_and_the_table_numbers_on_after_them():
    rows = [(f"sso/keys/{i}", f"Key {i}") for i in range(5)]
    pks = copy_rows_returning_pks(User, ["username", "name"], rows, same={"kind": User.Kind.SSO})
    assert len(set(pks)) == 5
    assert dict(User.objects.filter(pk__in=pks).values_list("pk", "username")) == {
        pk: username for pk, (username, _) in zip(pks, rows, strict=True)
    }
    later = User.objects.create(username="sso/keys/later")  # the sequence is past the copied keys
    assert later.pk not in pks
    assert copy_rows_returning_pks(User, ["username"], []) == []


def test_rows_over_several_stream_batches_keep_their_shared_values_exactly(monkeypatch):
    # The shared values end every line as text written once: each row, in every batch, gets them.
    monkeypatch.setattr(copy, "STREAM_BATCH", 7)
    rows = [(f"sso/batch/{i:02d}", f'Name, "{i}"') for i in range(30)]
    same = {"kind": User.Kind.SSO, "password": "!", "alias": None, "nickname": 'a,"b"'}
    assert copy_rows(User, ["username", "name"], rows, same=same) == 30
    stored = User.objects.filter(username__startswith="sso/batch/").order_by("username")
    assert [(u.username, u.name, u.kind, u.password, u.alias, u.nickname) for u in stored] == [
        (username, name, User.Kind.SSO, "!", None, 'a,"b"') for username, name in rows
    ]


class Unwritable(int):
    """A number the CSV writer fails on while it writes (its text cannot be made)."""

    def __str__(self):
        raise RuntimeError("no text for this number")

    __repr__ = __str__


@on_postgresql
def test_a_row_the_writer_fails_on_in_a_later_batch_stops_the_copy_and_writes_nothing(monkeypatch, space):
    monkeypatch.setattr(copy, "STREAM_BATCH", 2)
    users = [User.objects.create(username=f"sso/late/{i}", kind=User.Kind.SSO) for i in range(5)]
    rows = [(space.pk, user.pk, "POWER_USER") for user in users]
    rows[-1] = (space.pk, Unwritable(users[-1].pk), "POWER_USER")
    threads = threading.active_count()
    # psycopg2 ends the COPY with the writer's error (CopyFail): PostgreSQL cancels it.
    with pytest.raises(OperationalError, match="no text for this number"), transaction.atomic():
        copy_rows(SpaceMembership, ["space_id", "user_id", "role"], rows, same={"source": SpaceMembership.Source.SSO})
    assert not SpaceMembership.objects.filter(user__in=users).exists()
    assert threading.active_count() == threads  # the writer's thread has ended
