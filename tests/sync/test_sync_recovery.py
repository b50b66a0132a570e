"""A run a crashed worker left behind stops blocking the sync within a minute, and an operator can
mark a stuck run failed from /ops/ (issue 9, section 5)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from catalyst_admin.errors import DomainError, Forbidden
from identity.sync.models import SyncLease, SyncRun
from identity.sync.runs import active_run, space_sync_request, sync_run_mark_failed
from spaces.models import SpaceMembership
from spaces.roles import SpaceRole
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _abandoned_run(application, *, seconds_ago: int, lease_seconds: int) -> SyncRun:
    """What a worker SIGKILLed mid-read leaves: its run "running", holding the store's lease for
    the lease's length from when it started."""
    started = timezone.now() - timezone.timedelta(seconds=seconds_ago)
    run = SyncRun.objects.create(application=application, status=SyncRun.Status.RUNNING, started_at=started, attempts=1)
    SyncRun.objects.filter(pk=run.pk).update(created_at=started)
    SyncLease.objects.update_or_create(
        store=application.store,
        defaults={"run": run, "expires_at": started + timezone.timedelta(seconds=lease_seconds)},
    )
    return run


def _space_admin(space):
    return SpaceMembership.objects.get(space=space, role=SpaceRole.SPACE_ADMINISTRATOR).user


def test_the_lease_of_a_run_killed_a_minute_ago_has_expired_and_sync_now_runs(
    federated_space, settings, django_capture_on_commit_callbacks
):
    from django.conf import settings as configured

    application = federated_space.identity_application
    # The lease as the project configures it (not the test settings' override, if any).
    dead = _abandoned_run(application, seconds_ago=61, lease_seconds=configured.SYNC_LEASE_SECONDS)
    assert active_run(application) is None
    with django_capture_on_commit_callbacks(execute=True):
        run = space_sync_request(space=federated_space, by=_space_admin(federated_space))
    assert run.pk != dead.pk
    run.refresh_from_db()
    assert run.status == SyncRun.Status.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == SyncRun.Status.FAILED


def test_with_redis_a_killed_workers_message_is_redelivered_within_a_minute():
    """The project's settings with a Redis broker: an unacknowledged message goes back to the
    queue after the visibility timeout, found by a sweep every interval × throttle seconds."""
    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.CELERY_BROKER_TRANSPORT_OPTIONS, s.SYNC_LEASE_SECONDS]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "catalyst_admin.settings",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/9",
    }
    env.pop("CELERY_VISIBILITY_TIMEOUT", None)
    env.pop("SYNC_LEASE_SECONDS", None)
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    options, lease = json.loads(out.strip().splitlines()[-1])
    visibility = options.get("visibility_timeout", 3600)  # kombu's default: an hour
    sweep = options.get("unacked_restore_interval", 10) * options.get("unacked_restore_throttle", 10)
    assert visibility + sweep <= 60
    assert visibility >= 30  # a sync of 100k users takes ~30 s: it is not handed out twice
    assert lease <= 60


def test_an_operator_marks_a_stuck_run_failed_and_sync_now_starts_at_once(
    federated_space, django_capture_on_commit_callbacks
):
    application = federated_space.identity_application
    stuck = _abandoned_run(application, seconds_ago=5, lease_seconds=600)
    admin = _space_admin(federated_space)
    assert space_sync_request(space=federated_space, by=admin) == stuck  # blocked by the stuck run

    operator = UserFactory(is_staff=True, name="Olivia Ops")
    sync_run_mark_failed(run=stuck, by=operator)

    stuck.refresh_from_db()
    assert stuck.status == SyncRun.Status.FAILED
    assert stuck.finished_at is not None
    assert "Marked failed by Olivia Ops" in stuck.error
    assert SyncLease.objects.get(store=application.store).run is None
    with django_capture_on_commit_callbacks(execute=True):
        run = space_sync_request(space=federated_space, by=admin)
    assert run.pk != stuck.pk
    run.refresh_from_db()
    assert run.status == SyncRun.Status.SUCCEEDED


def test_only_staff_mark_a_run_failed_and_only_an_unfinished_one(federated_space):
    application = federated_space.identity_application
    stuck = _abandoned_run(application, seconds_ago=5, lease_seconds=600)
    with pytest.raises(Forbidden):
        sync_run_mark_failed(run=stuck, by=_space_admin(federated_space))
    stuck.refresh_from_db()
    assert stuck.status == SyncRun.Status.RUNNING
    assert SyncLease.objects.get(store=application.store).run == stuck

    done = SyncRun.objects.create(application=application, status=SyncRun.Status.SUCCEEDED)
    with pytest.raises(DomainError, match="already ended"):
        sync_run_mark_failed(run=done, by=UserFactory(is_staff=True))
    done.refresh_from_db()
    assert done.status == SyncRun.Status.SUCCEEDED


def test_the_run_history_page_marks_a_stuck_run_failed(client, federated_space):
    application = federated_space.identity_application
    stuck = _abandoned_run(application, seconds_ago=5, lease_seconds=600)
    client.force_login(UserFactory(is_staff=True))
    page = client.get(reverse("ops:runs", args=[application.pk])).content.decode()
    assert reverse("ops:mark_failed", args=[stuck.pk]) in page
    assert "Mark failed</button>" in page

    response = client.post(reverse("ops:mark_failed", args=[stuck.pk]), follow=True)

    stuck.refresh_from_db()
    assert stuck.status == SyncRun.Status.FAILED
    assert f"Run {stuck.pk} is marked failed" in response.content.decode()
    assert reverse("ops:mark_failed", args=[stuck.pk]) not in response.content.decode()
