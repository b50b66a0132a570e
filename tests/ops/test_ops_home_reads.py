"""The operations page's other reads in plain SQL are the ORM's: the runs held for approval
(``held_run_list``: the held runs, newest first, with their applications) and the workers' health
(``worker_health``: the latest heartbeat and the ten most recent)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from identity.federation.models import IdentityCenterApplication
from identity.sync import selectors
from identity.sync.heartbeat import HEARTBEAT_STALE_AFTER, worker_health
from identity.sync.models import SyncRun, WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_held_runs_are_the_orms(federated_space, management):
    application = federated_space.identity_application
    other = IdentityCenterApplication.objects.create(
        name="other-app", display_name="Other", owner_account=management, region="us-west-2"
    )
    moment = timezone.now() - timedelta(minutes=5)
    for app, status in [(application, "held"), (other, "held"), (application, "succeeded"), (other, "held")]:
        SyncRun.objects.create(application=app, status=status)
    SyncRun.objects.filter(application=other).update(created_at=moment)  # a tie: the newer ID first
    with CaptureQueriesContext(connection) as queries:
        ours = selectors.held_run_list()
    assert len(queries) == 1
    theirs = list(SyncRun.objects.filter(status=SyncRun.Status.HELD).select_related("application"))
    assert [(_fields(r), _fields(r.application)) for r in ours] == [
        (_fields(r), _fields(r.application)) for r in theirs
    ]
    assert len(ours) == 3 and ours[1].pk > ours[2].pk


def test_no_worker_has_reported(db):
    assert worker_health() == {
        "ok": False,
        "text": "No worker has reported yet. Start one with make run or celery worker.",
    }


def test_the_workers_health_is_the_orms(db):
    now = timezone.now()
    for n in range(12):
        WorkerHeartbeat.objects.create(hostname=f"celery@box{n}", seen_at=now - timedelta(minutes=4 + n))
    with CaptureQueriesContext(connection) as queries:
        health = worker_health()
    assert len(queries) == 1
    assert health["ok"] is False  # the newest is four minutes old
    assert _fields(health["latest"]) == _fields(WorkerHeartbeat.objects.first())
    assert [_fields(w) for w in health["workers"]] == [_fields(w) for w in WorkerHeartbeat.objects.all()[:10]]
    WorkerHeartbeat.objects.create(hostname="celery@fresh", seen_at=now - HEARTBEAT_STALE_AFTER / 2)
    health = worker_health()
    assert health["ok"] is True and health["latest"].hostname == "celery@fresh"
