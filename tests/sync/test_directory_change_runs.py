"""How a directory change becomes a sync run (issue 17 §2), without a worker: the run queued for a
change is the "pending trigger" later changes join until it starts; a pending run whose message
was lost does not swallow changes forever; stores read through boto3 are left to their schedule.
(The tests on a real worker are tests/sync_integration/test_directory_change_sync.py.)"""

from datetime import timedelta

import pytest

from accounts.aws.identity_center.models import IdentityStore
from identity.sync.models import SyncRun
from identity.sync.runs import sync_run_directory_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_change(settings):
    settings.SYNC_ON_DIRECTORY_CHANGE = True


def test_changes_while_a_run_is_pending_join_it(on_change, federated_space, store):
    # In a test transaction nothing commits, so the queued run stays pending.
    [first] = sync_run_directory_changed(store_id=store.pk)
    [second] = sync_run_directory_changed(store_id=store.pk)
    assert first.pk == second.pk
    assert (first.trigger, first.status) == (SyncRun.Trigger.DIRECTORY, SyncRun.Status.QUEUED)
    assert first.application_id == federated_space.identity_application_id


def test_once_the_pending_run_has_started_a_change_queues_another(on_change, federated_space, store):
    [first] = sync_run_directory_changed(store_id=store.pk)
    SyncRun.objects.filter(pk=first.pk).update(status=SyncRun.Status.RUNNING)
    [second] = sync_run_directory_changed(store_id=store.pk)
    assert second.pk != first.pk and second.status == SyncRun.Status.QUEUED


def test_a_pending_run_older_than_a_lease_is_taken_for_lost(on_change, federated_space, store, settings):
    [lost] = sync_run_directory_changed(store_id=store.pk)
    long_ago = lost.created_at - timedelta(seconds=settings.SYNC_LEASE_SECONDS + 60)
    SyncRun.objects.filter(pk=lost.pk).update(created_at=long_ago)
    [fresh] = sync_run_directory_changed(store_id=store.pk)
    assert fresh.pk != lost.pk
    assert SyncRun.objects.get(pk=lost.pk).status == SyncRun.Status.SKIPPED


def test_a_store_read_through_boto3_keeps_its_schedule_only(on_change, federated_space, store):
    IdentityStore.objects.filter(pk=store.pk).update(sync_source=IdentityStore.SyncSource.AWS)
    assert sync_run_directory_changed(store_id=store.pk) == []
    assert not SyncRun.objects.filter(trigger=SyncRun.Trigger.DIRECTORY).exists()


def test_off_by_the_setting(federated_space, store, settings):
    settings.SYNC_ON_DIRECTORY_CHANGE = False
    assert sync_run_directory_changed(store_id=store.pk) == []
