"""The set-up sync (run when a space is created for identity federation, or its groups edited)
takes the identity store's lease like every other run: it never writes beside a run that holds
it, and a directory that cannot be read refuses the change instead of failing with a 500."""

import pytest
from django.utils import timezone

from accounts.aws.identity_center.client import DirectoryReadError
from catalyst_admin.errors import DomainError
from identity.federation import services as federation
from identity.federation.models import IdentityCenterApplication
from identity.sync.models import SyncLease, SyncRun
from spaces.models import Space, SpaceMembership
from tests.factories import ConsoleUserFactory

pytestmark = pytest.mark.django_db


class UnreadableDirectory:
    """A directory source whose every read fails (selected with ``SYNC_DIRECTORY_SOURCE``)."""

    def __init__(self, store):
        self.store = store

    def read(self, *, group_ids=None):
        raise DirectoryReadError("ListUsers failed: throttled")


def _create(store, people, management, name="second-space"):
    return federation.federated_space_create(
        account=management,
        console_user=ConsoleUserFactory(accounts=[management]),  # an administrator of the management account
        store=store,
        display_name="Second",
        application_name=f"{name}-app",
        region="us-west-2",
        group_ids=[people["developers"].group_id],
        admin_user_ids=[people["users"]["mary.major"].user_id],
        new_space_name=name,
    )


def test_the_set_up_sync_holds_the_lease_and_releases_it(store, people, management):
    space = _create(store, people, management)
    run = SyncRun.objects.get(application=space.identity_application, trigger=SyncRun.Trigger.SETUP)
    assert run.status == SyncRun.Status.SUCCEEDED
    assert run.members_added == 3
    assert SyncLease.objects.get(store=store).run is None


def test_the_set_up_sync_refuses_while_another_run_holds_the_lease(federated_space, store, people, management):
    holder = SyncRun.objects.create(application=federated_space.identity_application, status=SyncRun.Status.RUNNING)
    SyncLease.objects.filter(store=store).update(run=holder, expires_at=timezone.now() + timezone.timedelta(minutes=5))
    runs, memberships = SyncRun.objects.count(), SpaceMembership.objects.count()

    with pytest.raises(DomainError, match=f"run {holder.pk}\\) is running now"):
        _create(store, people, management)

    assert not Space.all_objects.filter(name="second-space").exists()
    assert not IdentityCenterApplication.objects.filter(name="second-space-app").exists()
    assert (SyncRun.objects.count(), SpaceMembership.objects.count()) == (runs, memberships)
    assert SyncLease.objects.get(store=store).run == holder  # the holder keeps its lease


def test_a_lease_left_by_a_dead_worker_does_not_block_the_set_up(federated_space, store, people, management):
    dead = SyncRun.objects.create(application=federated_space.identity_application, status=SyncRun.Status.RUNNING)
    SyncLease.objects.filter(store=store).update(run=dead, expires_at=timezone.now() - timezone.timedelta(seconds=1))
    space = _create(store, people, management)
    assert space.memberships.count() == 3


def test_an_unreadable_directory_refuses_the_set_up_and_writes_nothing(store, people, management, settings):
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.test_setup_sync.UnreadableDirectory"
    with pytest.raises(DomainError, match="could not be read, so nothing was changed: ListUsers failed"):
        _create(store, people, management)
    assert not Space.all_objects.filter(name="second-space").exists()
    assert not SyncRun.objects.exists()
    assert SyncLease.objects.filter(store=store, run__isnull=False).count() == 0


def test_editing_a_spaces_groups_with_an_unreadable_directory_changes_nothing(
    federated_space, store, people, management, settings
):
    groups = list(federated_space.connected_groups.values_list("group_id", flat=True))
    members = federated_space.memberships.count()
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.test_setup_sync.UnreadableDirectory"
    with pytest.raises(DomainError, match="could not be read"):
        federation.space_sso_update(
            space=federated_space,
            group_ids=[people["admins"].group_id],
            admin_user_ids=[people["users"]["mary.major"].user_id],
            account=management,
        )
    assert list(federated_space.connected_groups.values_list("group_id", flat=True)) == groups
    assert federated_space.memberships.count() == members
