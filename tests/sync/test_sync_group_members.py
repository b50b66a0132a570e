"""The connected groups' synced members are a table, a row per member, written as a diff (issue 17
§1): a change in a group adds and removes only the rows that changed, and a sync with no change
in a group does not even read its rows (each group keeps a count and a digest of its members)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.identity_center import services as directory
from catalyst_admin.actors import SYSTEM
from identity.sync.models import SyncRun
from identity.sync.runs import sync_run_execute
from spaces.models import ConnectedGroup, ConnectedGroupMember, members_digest

pytestmark = pytest.mark.django_db


def run_sync(space):
    return sync_run_execute(application_id=space.identity_application_id)


def developers_of(space, people) -> ConnectedGroup:
    return space.connected_groups.get(group_id=people["developers"].group_id)


def rows_of(group) -> dict[str, int]:
    """Directory user ID -> the row's pk."""
    return dict(ConnectedGroupMember.objects.filter(group=group).values_list("user_id", "pk"))


def test_after_a_sync_each_connected_group_has_a_row_per_enabled_member(federated_space, people):
    group = developers_of(federated_space, people)
    users = people["users"]
    expected = {users[name].user_id for name in ("mary.major", "li.juan", "saanvi.sarkar")}
    assert set(rows_of(group)) == expected
    assert (group.member_count, group.members_digest) == (3, members_digest(expected))


def test_a_change_in_a_group_adds_and_removes_only_the_rows_that_changed(federated_space, people):
    group = developers_of(federated_space, people)
    before = rows_of(group)
    users = people["users"]
    directory.group_membership_add(group=people["developers"], user=users["jorge.souza"], account=SYSTEM)
    saanvi = users["saanvi.sarkar"]
    directory.directory_user_update(
        user=saanvi, display_name=saanvi.display_name, email=saanvi.email, enabled=False, account=SYSTEM
    )

    run = run_sync(federated_space)

    assert run.status == SyncRun.Status.SUCCEEDED, run.detail or run.error
    after = rows_of(group)
    assert set(after) == {users["mary.major"].user_id, users["li.juan"].user_id, users["jorge.souza"].user_id}
    # The rows of the members who stayed are the same rows: nothing was rewritten.
    for uid in (users["mary.major"].user_id, users["li.juan"].user_id):
        assert after[uid] == before[uid]
    group.refresh_from_db()
    assert (group.member_count, group.members_digest) == (3, members_digest(after))
    # Jorge: his user, his membership, his row; Saanvi: her user disabled, her membership, her row;
    # the group's count and digest.
    assert run.rows_written == 3 + 3 + 1


def test_an_unchanged_group_is_skipped_without_reading_its_rows(federated_space, people):
    with CaptureQueriesContext(connection) as queries:
        run = run_sync(federated_space)
    assert (run.rows_written, run.detail) == (0, "No change.")
    assert not [q["sql"] for q in queries if "spaces_connectedgroupmember" in q["sql"]]


def test_a_group_whose_rows_were_lost_is_written_again(federated_space, people):
    """The digest is of what the rows should be: a group whose count or digest disagrees with the
    directory is compared row by row and mended."""
    group = developers_of(federated_space, people)
    ConnectedGroupMember.objects.filter(group=group, user_id=people["users"]["li.juan"].user_id).delete()
    ConnectedGroup.objects.filter(pk=group.pk).update(member_count=2, members_digest="stale")

    run = run_sync(federated_space)

    assert len(rows_of(group)) == 3
    assert run.rows_written == 2  # Li's row and the group's count and digest


def test_the_sso_page_reads_the_table_a_few_members_per_group(federated_space, people):
    from identity.people.models import User
    from spaces.selectors import sso_users_of_groups

    group = developers_of(federated_space, people)
    shown = sso_users_of_groups(federated_space, [group], per_group=2)[group.group_id]
    uids = sorted(rows_of(group))[:2]
    store_id = people["developers"].store.store_id
    assert [user.username for user in shown] == [f"sso/{store_id}/{uid}" for uid in uids]
    everyone = sso_users_of_groups(federated_space, [group])[group.group_id]
    assert {user.pk for user in everyone} == set(
        User.objects.filter(username__in=[f"sso/{store_id}/{uid}" for uid in rows_of(group)]).values_list(
            "pk", flat=True
        )
    )
