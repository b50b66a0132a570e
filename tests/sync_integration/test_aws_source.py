"""The AWS IAM Identity Center source against moto's real server, through boto3 (issue 4, section 2)."""

import socket
from concurrent.futures import ThreadPoolExecutor

import pytest

from accounts.aws.identity_center.client import DirectoryReadError, IdentityStoreApiSource
from accounts.aws.identity_center.models import IdentityStore
from identity.people.models import User, sso_username
from identity.sync.models import SyncRun
from identity.sync.runs import SyncReadFailed, sync_run_execute
from spaces.roles import SpaceRole
from tests.sync_integration.support import sso_members

pytestmark = pytest.mark.django_db

MOTO_PAGE_SIZE = 100  # moto's (and the identitystore API's) default page of ListUsers, ListGroups …


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def big_directory(moto_directory, aws_store):
    """More users, groups and members of one group than fit on one page at moto's default size."""
    with ThreadPoolExecutor(8) as pool:
        users = list(pool.map(lambda n: moto_directory.user(f"user{n:03}", f"User {n:03}"), range(MOTO_PAGE_SIZE + 20)))
        groups = list(pool.map(lambda n: moto_directory.group(f"Group {n:03}"), range(MOTO_PAGE_SIZE + 3)))
        list(pool.map(lambda user_id: moto_directory.add(groups[0], user_id), users[: MOTO_PAGE_SIZE + 10]))
        list(pool.map(lambda user_id: moto_directory.add(groups[1], user_id), users[:2]))
    return {"users": users, "groups": groups}


def test_read_returns_every_page_of_users_groups_and_memberships(aws_store, big_directory):
    snapshot = IdentityStoreApiSource(aws_store).read()

    assert set(snapshot.users) == set(big_directory["users"])
    assert set(snapshot.groups) == set(big_directory["groups"])
    first, second = big_directory["groups"][:2]
    assert snapshot.members[first] == set(big_directory["users"][: MOTO_PAGE_SIZE + 10])
    assert snapshot.members[second] == set(big_directory["users"][:2])
    assert snapshot.membership_count == MOTO_PAGE_SIZE + 12
    assert snapshot.groups[first] == "Group 000"
    assert snapshot.users[big_directory["users"][5]] == ("user005", "User 005", "user005@example.com", True)


def test_read_with_a_small_page_size_still_reads_everything(aws_store, aws_people):
    snapshot = IdentityStoreApiSource(aws_store, page_size=1).read()

    assert set(snapshot.users) == set(aws_people["users"].values())
    assert set(snapshot.groups) == set(aws_people["groups"].values())
    assert len(snapshot.members[aws_people["groups"]["Developers"]]) == 3


def test_read_only_lists_the_members_of_the_groups_asked_for(aws_store, aws_people):
    developers = aws_people["groups"]["Developers"]
    snapshot = IdentityStoreApiSource(aws_store).read(group_ids={developers, "not-a-group"})
    assert set(snapshot.members) == {developers}


def test_the_primary_email_is_chosen_whatever_its_position(aws_store, moto_directory):
    user_id = moto_directory.user(
        "wang.xiulan",
        "Wang Xiulan",
        emails=[
            {"Value": "xiulan@old.example.com", "Type": "home", "Primary": False},
            {"Value": "wang.xiulan@example.com", "Type": "work", "Primary": True},
        ],
    )
    no_primary = moto_directory.user(
        "nikhil.jayashankar", "Nikhil Jayashankar", emails=[{"Value": "nikhil@example.com"}]
    )

    snapshot = IdentityStoreApiSource(aws_store).read()

    assert snapshot.users[user_id][2] == "wang.xiulan@example.com"
    assert snapshot.users[no_primary][2] == "nikhil@example.com"


def test_a_full_sync_adds_the_connected_groups_users_with_their_roles(aws_space, aws_people):
    run = sync_run_execute(application_id=aws_space.identity_application_id)

    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    assert (run.users_read, run.groups_read, run.memberships_read) == (4, 2, 4)
    assert run.members_added == 3
    assert sso_members(aws_space) == {
        "Mary Major": SpaceRole.SPACE_ADMINISTRATOR,
        "Li Juan": SpaceRole.POWER_USER,
        "Saanvi Sarkar": SpaceRole.POWER_USER,
    }
    store_id = aws_space.identity_application.store.store_id
    mary = User.objects.get(username=sso_username(store_id, aws_people["users"]["mary.major"]))
    assert (mary.email, mary.kind) == ("mary.major@example.com", User.Kind.SSO)


def test_a_second_sync_with_no_change_in_the_directory_writes_nothing(aws_space):
    sync_run_execute(application_id=aws_space.identity_application_id)

    again = sync_run_execute(application_id=aws_space.identity_application_id)

    assert again.status == SyncRun.Status.SUCCEEDED
    assert again.rows_written == 0
    assert again.detail == "No change."


def test_a_user_added_in_the_directory_joins_on_the_next_sync(aws_space, aws_people, moto_directory):
    sync_run_execute(application_id=aws_space.identity_application_id)
    moto_directory.add(aws_people["groups"]["Developers"], aws_people["users"]["jorge.souza"])

    run = sync_run_execute(application_id=aws_space.identity_application_id)

    assert run.members_added == 1
    assert sso_members(aws_space)["Jorge Souza"] == SpaceRole.POWER_USER


def test_a_user_deleted_in_the_directory_loses_membership_on_the_next_sync(aws_space, aws_people, moto_directory):
    sync_run_execute(application_id=aws_space.identity_application_id)
    li = aws_people["users"]["li.juan"]
    moto_directory.delete_user(li)  # moto keeps the deleted user's group memberships, as a lagging API might

    run = sync_run_execute(application_id=aws_space.identity_application_id)

    assert run.status == SyncRun.Status.SUCCEEDED, run.detail
    assert run.members_removed == 1
    assert set(sso_members(aws_space)) == {"Mary Major", "Saanvi Sarkar"}
    store_id = aws_space.identity_application.store.store_id
    assert User.objects.get(username=sso_username(store_id, li)).is_active is False


def test_an_unreachable_endpoint_raises_a_directory_read_error(aws_store):
    aws_store.aws_endpoint_url = f"http://127.0.0.1:{closed_port()}"

    with pytest.raises(DirectoryReadError, match="list_users failed: Could not connect to the endpoint URL"):
        IdentityStoreApiSource(aws_store).read()


def test_an_unreachable_endpoint_fails_the_run_and_changes_nothing(aws_space, aws_people, moto_directory):
    application_id = aws_space.identity_application_id
    sync_run_execute(application_id=application_id)
    before = sso_members(aws_space)
    users_before = User.objects.count()
    moto_directory.add(aws_people["groups"]["Developers"], aws_people["users"]["jorge.souza"])
    IdentityStore.objects.filter(pk=aws_space.identity_application.store_id).update(
        aws_endpoint_url=f"http://127.0.0.1:{closed_port()}"
    )

    with pytest.raises(SyncReadFailed) as failure:
        sync_run_execute(application_id=application_id, final_attempt=False)
    retrying = SyncRun.objects.get(pk=failure.value.run_id)
    final = sync_run_execute(application_id=application_id, run_id=retrying.pk, final_attempt=True)

    assert retrying.status == SyncRun.Status.RETRYING
    assert final.status == SyncRun.Status.FAILED
    assert final.attempts == 2
    assert "Could not connect to the endpoint URL" in final.error
    assert sso_members(aws_space) == before
    assert User.objects.count() == users_before
