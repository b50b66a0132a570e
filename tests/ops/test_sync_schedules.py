"""The operations page's schedules in plain SQL (``identity.sync.schedules.sync_schedules``) are what
the ORM gives: every sync schedule (and nothing else beat runs) in name order, with its interval or
crontab, its application (None when the application is gone), its latest run and its next run; in
three queries however long the run history."""

import json
import zoneinfo

import pytest
from django.db import connection as db
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from identity.federation.models import IdentityCenterApplication
from identity.sync import schedules
from identity.sync.models import SyncRun

pytestmark = pytest.mark.django_db


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _orm():
    """The schedules as the ORM reads them (the function's implementation before it was plain SQL)."""
    tasks = list(
        PeriodicTask.objects.filter(task=schedules.SYNC_TASK).select_related("interval", "crontab").order_by("name")
    )
    ids = {task.pk: schedules.application_id_of(task) for task in tasks}
    applications = IdentityCenterApplication.objects.in_bulk([i for i in ids.values() if i])
    newest = (
        SyncRun.objects.filter(application_id__in=applications)
        .values("application_id")
        .annotate(newest=Max("pk"))
        .values("newest")
    )
    latest = {run.application_id: run for run in SyncRun.objects.filter(pk__in=newest)}
    for task in tasks:
        task.application = applications.get(ids[task.pk])
        task.latest_run = latest.get(ids[task.pk])
    return tasks


def _seen(tasks):
    return [
        (
            _fields(t),
            _fields(t.interval),
            _fields(t.crontab),
            _fields(t.application),
            _fields(t.latest_run),
            t.crontab.timezone if t.crontab_id else None,
        )
        for t in tasks
    ]


@pytest.fixture
def several(schedule, federated_space, management):
    application = federated_space.identity_application
    for status in (SyncRun.Status.SUCCEEDED, SyncRun.Status.FAILED, SyncRun.Status.SUCCEEDED):
        SyncRun.objects.create(application=application, status=status)
    other = IdentityCenterApplication.objects.create(
        name="other-app", display_name="Other", owner_account=management, region="us-west-2"
    )
    SyncRun.objects.create(application=other, status=SyncRun.Status.SUCCEEDED)
    cron = CrontabSchedule.objects.create(minute="0", hour="6", timezone=zoneinfo.ZoneInfo("Europe/Berlin"))
    PeriodicTask.objects.create(
        name="IAM Identity Center sync: other-app",
        task=schedules.SYNC_TASK,
        crontab=cron,
        kwargs=json.dumps({"application_id": other.pk}),
    )
    every = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(
        name="A gone application", task=schedules.SYNC_TASK, interval=every, kwargs='{"application_id": 987654}'
    )
    PeriodicTask.objects.create(name="A broken one", task=schedules.SYNC_TASK, interval=every, kwargs="{not json")
    PeriodicTask.objects.create(name="Not a sync", task="celery.backend_cleanup", interval=every)
    return application


def test_the_schedules_are_the_orms(several):
    with CaptureQueriesContext(db) as queries:
        ours = schedules.sync_schedules()
    assert len(queries) == 3
    assert _seen(ours) == _seen(_orm())
    assert [t.name for t in ours] == [
        "A broken one",
        "A gone application",
        "IAM Identity Center sync: examplecorp-codecatalyst",
        "IAM Identity Center sync: other-app",
    ]
    newest = SyncRun.objects.filter(application=several).latest("pk")
    assert ours[2].latest_run == newest and ours[2].application == several
    assert ours[0].application is ours[1].application is None
    assert ours[3].next_run_at.tzinfo == zoneinfo.ZoneInfo("Europe/Berlin")


def test_no_schedules_is_one_query():
    PeriodicTask.objects.filter(task=schedules.SYNC_TASK).delete()
    with CaptureQueriesContext(db) as queries:
        assert schedules.sync_schedules() == []
    assert len(queries) == 1
