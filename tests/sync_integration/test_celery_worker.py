"""The real Celery task on a real worker (``start_worker``, in this process): on commit, retried with
exponential backoff, failed after three tries, and one run at a time (issue 4, sections 3 and 4).

The broker is whatever the settings say: Redis in CI, the filesystem transport locally.
"""

import time

import pytest
from django.db import transaction

from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import IdentityStore
from catalyst_admin.actors import SYSTEM
from identity.sync.models import SyncLease, SyncRun
from identity.sync.runs import sync_run_request
from spaces.roles import SpaceRole
from tests.sync.sources import BlockingSource, FlakySource
from tests.sync_integration.support import sso_members, wait_for, wait_for_run
from tests.sync_integration.test_aws_source import closed_port

pytestmark = pytest.mark.django_db(transaction=True)

TASK = "identity.tasks.sync_application"


@pytest.fixture
def jorge_joins_developers(people):
    """A change waiting in the directory: jorge.souza joins Developers."""
    directory.group_membership_add(group=people["developers"], user=people["users"]["jorge.souza"], account=SYSTEM)


def test_a_requested_sync_runs_on_the_worker_once_committed(federated_space, jorge_joins_developers, celery_worker):
    with transaction.atomic():
        run = sync_run_request(
            application=federated_space.identity_application, trigger=SyncRun.Trigger.MANUAL, requested_by=SYSTEM
        )
        # Were the message sent before the commit, the worker would not find the run and fail it.
        time.sleep(0.5)
        assert SyncRun.objects.get(pk=run.pk).status == SyncRun.Status.QUEUED

    run = wait_for_run(run.pk)

    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    assert (run.attempts, run.members_added) == (1, 1)
    assert sso_members(federated_space)["Jorge Souza"] == SpaceRole.POWER_USER


@pytest.fixture
def flaky_source():
    """:class:`FlakySource` failing its first two reads; the test selects it once the space is set up."""
    FlakySource.reset(failures=2)
    yield FlakySource
    FlakySource.reset()


@pytest.fixture
def blocking_source():
    """:class:`BlockingSource` with fresh events, released at the end whatever happened."""
    BlockingSource.reset()
    yield BlockingSource
    BlockingSource.release.set()
    BlockingSource.reset()


def test_a_read_failing_twice_is_retried_with_exponential_backoff_and_succeeds(
    federated_space, jorge_joins_developers, celery_worker, published, settings, flaky_source
):
    settings.SYNC_RETRY_BASE_SECONDS = 0.4
    # The worker runs in this process: it reads the test's settings, and the source's state.
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.FlakySource"

    run = sync_run_request(
        application=federated_space.identity_application, trigger=SyncRun.Trigger.MANUAL, requested_by=SYSTEM
    )
    run = wait_for_run(run.pk)

    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    assert run.attempts == 3
    assert run.error == ""
    assert "Jorge Souza" in sso_members(federated_space)
    retries = [(retries, countdown) for task, retries, countdown in published if task == TASK and retries]
    assert [retries for retries, _ in retries] == [1, 2]
    assert retries[0][1] == pytest.approx(0.4, abs=0.15)
    assert retries[1][1] == pytest.approx(0.8, abs=0.15)
    # Three reads, the worker holding each retry back for its countdown.
    reads = flaky_source.reads
    assert len(reads) == 3
    assert reads[1] - reads[0] >= 0.4 - 0.05
    assert reads[2] - reads[1] >= 0.8 - 0.05


def test_a_read_failing_three_times_fails_the_run_with_its_error_and_changes_nothing(
    federated_space, jorge_joins_developers, celery_worker, settings, aws_environment
):
    settings.SYNC_RETRY_BASE_SECONDS = 0.1
    before = sso_members(federated_space)
    # The directory is AWS IAM Identity Center at an address where nothing listens.
    IdentityStore.objects.filter(pk=federated_space.identity_application.store_id).update(
        sync_source=IdentityStore.SyncSource.AWS,
        aws_region="us-east-1",
        aws_endpoint_url=f"http://127.0.0.1:{closed_port()}",
    )

    run = sync_run_request(
        application=federated_space.identity_application, trigger=SyncRun.Trigger.MANUAL, requested_by=SYSTEM
    )
    run = wait_for_run(run.pk, timeout=60)

    assert run.status == SyncRun.Status.FAILED
    assert run.attempts == 3
    assert "Reading the directory failed, so nothing was changed" in run.error
    assert "Could not connect to the endpoint URL" in run.error
    assert sso_members(federated_space) == before
    assert SyncLease.objects.get(store_id=federated_space.identity_application.store_id).run is None


def test_two_triggers_at_once_run_once_and_skip_once(
    federated_space, jorge_joins_developers, celery_worker, settings, blocking_source
):
    # The first run's read waits for the test; the second run must not get that far.
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.BlockingSource"
    application = federated_space.identity_application
    try:
        first = sync_run_request(application=application, trigger=SyncRun.Trigger.SCHEDULE, requested_by=SYSTEM)
        wait_for(blocking_source.reading.is_set, message="the first run to start reading")
        second = sync_run_request(application=application, trigger=SyncRun.Trigger.MANUAL, requested_by=SYSTEM)
        second = wait_for_run(second.pk)
    finally:
        blocking_source.release.set()
    first = wait_for_run(first.pk)

    assert second.status == SyncRun.Status.SKIPPED
    assert f"(run {first.pk}) was running" in second.detail
    assert first.status == SyncRun.Status.SUCCEEDED, first.error
    assert first.members_added == 1
    assert SyncLease.objects.get(store=application.store).run is None
