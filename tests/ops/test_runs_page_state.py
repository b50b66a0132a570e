"""The operations page of an application's runs reads in plain SQL what the ORM reads
(``identity.sync.runs.runs_page_state``, ``identity.sync.selectors.run_history_listing``): the
application, its schedule (``schedule_of``), whether a run is on its way (``active_run``) and its
run history (``run_history``), newest first, with who requested each run."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from identity.federation.models import IdentityCenterApplication
from identity.sync import schedules, selectors
from identity.sync.models import SyncLease, SyncRun
from identity.sync.runs import active_run, lease_length, runs_page_state

pytestmark = pytest.mark.django_db

Status = SyncRun.Status


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _assert_as_the_orm(application):
    application = IdentityCenterApplication.objects.get(pk=application.pk)
    with CaptureQueriesContext(db) as queries:
        state = runs_page_state(application.pk)
    assert len(queries) == 1
    assert _fields(state) == _fields(application)
    schedule = schedules.schedule_of(application)
    assert state.schedule_id == (schedule.pk if schedule else None)
    assert state.active is (active_run(application) is not None)
    return state


def _old(run, age):
    SyncRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - age)


def _lease(application, run, *, expires_in):
    SyncLease.objects.update_or_create(
        store_id=application.store_id, defaults={"run": run, "expires_at": timezone.now() + expires_in}
    )


@pytest.fixture
def application(schedule, federated_space):
    return federated_space.identity_application


def test_no_run_is_not_active_and_the_schedule_is_the_applications(application, schedule):
    state = _assert_as_the_orm(application)
    assert state.schedule_id == schedule.pk and state.active is False


def test_without_a_schedule_there_is_no_schedule(application, schedule):
    schedule.delete()
    assert _assert_as_the_orm(application).schedule_id is None


@pytest.mark.parametrize("status", [Status.QUEUED, Status.RETRYING])
def test_a_recent_queued_or_retrying_run_is_active_and_an_old_one_is_not(application, status):
    run = SyncRun.objects.create(application=application, status=status)
    assert _assert_as_the_orm(application).active is True
    _old(run, lease_length() + timedelta(seconds=5))
    assert _assert_as_the_orm(application).active is False


@pytest.mark.parametrize("status", [Status.RUNNING, Status.SUCCEEDED, Status.FAILED, Status.HELD, Status.SKIPPED])
def test_a_run_not_queued_and_holding_no_lease_is_not_active(application, status):
    SyncRun.objects.create(application=application, status=status)
    assert _assert_as_the_orm(application).active is False


def test_the_run_holding_the_lease_is_active_until_the_lease_expires(application):
    run = SyncRun.objects.create(application=application, status=Status.RUNNING)
    _old(run, timedelta(hours=3))
    _lease(application, run, expires_in=timedelta(minutes=2))
    assert _assert_as_the_orm(application).active is True
    _lease(application, run, expires_in=-timedelta(seconds=1))
    assert _assert_as_the_orm(application).active is False


def test_a_lease_held_by_another_applications_run_leaves_this_one_inactive(application, management):
    other = IdentityCenterApplication.objects.create(
        name="other-app", display_name="Other", owner_account=management, region="us-west-2", store=application.store
    )
    theirs = SyncRun.objects.create(application=other, status=Status.RUNNING)
    SyncRun.objects.create(application=application, status=Status.QUEUED)
    _lease(application, theirs, expires_in=timedelta(minutes=2))
    assert _assert_as_the_orm(application).active is False
    assert _assert_as_the_orm(other).active is True


def test_a_live_lease_naming_no_run_falls_back_to_the_queued_runs(application):
    _lease(application, None, expires_in=timedelta(minutes=2))
    assert _assert_as_the_orm(application).active is False
    SyncRun.objects.create(application=application, status=Status.QUEUED)
    assert _assert_as_the_orm(application).active is True


def test_an_application_whose_store_is_gone_has_no_active_run(application):
    SyncRun.objects.create(application=application, status=Status.QUEUED)
    application.store.delete()
    state = _assert_as_the_orm(application)
    assert state.store_id is None and state.active is False


def test_no_such_application_is_none_and_its_page_a_404(client, staff):
    assert runs_page_state(987654) is None
    client.force_login(staff)
    response = client.get(reverse("ops:runs", args=[987654]))
    assert response.status_code == 404


def test_the_history_is_the_orms_newest_first_with_who_requested(application, staff):
    same_moment = timezone.now() - timedelta(minutes=1)
    made = [
        SyncRun.objects.create(application=application, status=Status.SUCCEEDED, requested_by=staff if i % 2 else None)
        for i in range(30)
    ]
    SyncRun.objects.filter(pk__in=[run.pk for run in made[5:8]]).update(created_at=same_moment)  # ties: newest id first
    SyncRun.objects.create(
        application=IdentityCenterApplication.objects.create(
            name="other-app", display_name="Other", owner_account=application.owner_account, region="us-west-2"
        ),
        status=Status.SUCCEEDED,
    )
    ours = Paginator(selectors.run_history_listing(application), 25)
    theirs = Paginator(selectors.run_history(application), 25)
    assert ours.count == theirs.count == SyncRun.objects.filter(application=application).count() >= 30
    for number in (1, 2):
        with CaptureQueriesContext(db) as queries:
            page = list(ours.page(number))
        assert len(queries) == 1
        expected = list(theirs.page(number))
        assert [_fields(run) for run in page] == [_fields(run) for run in expected]
        assert [_fields(run.requested_by) for run in page] == [_fields(run.requested_by) for run in expected]
        assert all(run.application is application for run in page)


def test_the_page_refreshes_only_while_a_run_is_on_its_way_and_runs_now_by_its_schedule(
    client, staff, application, schedule
):
    client.force_login(staff)
    url = reverse("ops:runs", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert f'action="{reverse("ops:run_now", args=[schedule.pk])}"' in page
    SyncRun.objects.create(application=application, status=Status.QUEUED)
    assert 'http-equiv="refresh"' in client.get(url).content.decode()
    PeriodicTask.objects.filter(pk=schedule.pk).delete()
    assert "Run now" not in client.get(url).content.decode()
