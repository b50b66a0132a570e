"""The operations pages: schedules, Run now, run history, approval, worker health."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from identity.sync.models import SyncRun, WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_every_application_gets_a_thirty_minute_schedule(schedule):
    assert schedule.enabled
    assert (schedule.interval.every, schedule.interval.period) == (30, "minutes")


def ops_pages(schedule, application) -> list[str]:
    """The pages of ``/ops/``: the schedules, an application's run history (by the application's
    pk) and its schedule's form (by the schedule's pk)."""
    return [
        reverse("ops:home"),
        reverse("ops:runs", args=[application.pk]),
        reverse("ops:schedule_edit", args=[schedule.pk]),
    ]


def test_staff_open_the_ops_pages_and_the_run_history_lists_the_runs(client, staff, schedule, federated_space):
    """``ops:runs`` takes the application's pk (not its schedule's) and lists that application's runs."""
    application = federated_space.identity_application
    run = SyncRun.objects.create(application=application, trigger=SyncRun.Trigger.MANUAL, detail="Checked by ops")
    client.force_login(staff)
    for url in ops_pages(schedule, application):
        assert client.get(url).status_code == 200, url
    history = client.get(reverse("ops:runs", args=[application.pk]))
    assert history.context["application"] == application
    page = history.content.decode()
    assert "<h1>examplecorp-codecatalyst</h1>" in page
    assert f'<a href="/ops/runs/{run.pk}/"' in page and "Checked by ops" in page
    # With the run the space's set-up recorded, newest first.
    setup = SyncRun.objects.get(application=application, trigger=SyncRun.Trigger.SETUP)
    assert [listed.pk for listed in history.context["page_obj"]] == [run.pk, setup.pk]


@pytest.mark.parametrize("who, status", [("admin", 403), ("anonymous", 302)])
def test_everyone_else_is_refused_and_cannot_run_a_sync(client, admin, schedule, federated_space, who, status):
    """Signed out: every ops page and Run now send to sign-in. Signed in without staff status: the 403
    page says the pages are for operations staff (sign-in would send them straight back)."""
    if who == "admin":
        client.force_login(admin)  # a Space administrator, not staff
    requests = [client.get(url) for url in ops_pages(schedule, federated_space.identity_application)]
    requests.append(client.post(reverse("ops:run_now", args=[schedule.pk])))
    for response in requests:
        assert response.status_code == status
        if status == 302:
            assert "/signin/" in response.url
        else:
            assert "for operations staff" in response.content.decode()
    assert not SyncRun.objects.filter(trigger=SyncRun.Trigger.OPERATOR).exists()


def test_home_lists_the_schedule_with_its_next_run(client, staff, schedule, federated_space):
    client.force_login(staff)
    page = client.get(reverse("ops:home")).content.decode()
    assert "examplecorp-codecatalyst" in page
    assert "Every 30 minutes" in page
    assert "Run now" in page


def test_changing_the_schedule_to_a_cron_expression(client, staff, schedule):
    client.force_login(staff)
    response = client.post(
        reverse("ops:schedule_edit", args=[schedule.pk]),
        {"kind": "cron", "cron": "0 6 * * 1-5", "timezone": "Europe/Dublin"},
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.interval is None
    assert (schedule.crontab.hour, schedule.crontab.day_of_week, str(schedule.crontab.timezone)) == (
        "6",
        "1-5",
        "Europe/Dublin",
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "cron", "cron": "every day", "timezone": "UTC"}, "five fields"),
        ({"kind": "cron", "cron": "99 * * * *", "timezone": "UTC"}, "not valid"),
        ({"kind": "cron", "cron": "0 6 * * *", "timezone": "Mars/Olympus"}, "is not a time zone"),
        ({"kind": "interval", "every_minutes": ""}, "1 to 1440 minutes"),
    ],
)
def test_a_bad_schedule_is_refused_and_nothing_changes(client, staff, schedule, data, message):
    client.force_login(staff)
    response = client.post(reverse("ops:schedule_edit", args=[schedule.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    schedule.refresh_from_db()
    assert schedule.interval.every == 30 and schedule.crontab is None
    assert not CrontabSchedule.objects.filter(hour="6").exists()


def test_pausing_and_resuming_does_not_fire_for_missed_runs(client, staff, schedule):
    client.force_login(staff)
    client.post(reverse("ops:schedule_pause", args=[schedule.pk]))
    schedule.refresh_from_db()
    assert not schedule.enabled
    PeriodicTask.objects.filter(pk=schedule.pk).update(last_run_at=timezone.now() - timezone.timedelta(days=2))
    client.post(reverse("ops:schedule_resume", args=[schedule.pk]))
    schedule.refresh_from_db()
    assert schedule.enabled
    due, _ = schedule.schedule.is_due(schedule.last_run_at)
    assert not due


def test_run_now_runs_a_sync_and_the_history_shows_it(client, staff, schedule, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ops:run_now", args=[schedule.pk]))
    run = SyncRun.objects.get(trigger=SyncRun.Trigger.OPERATOR)
    assert run.status == SyncRun.Status.SUCCEEDED
    history = client.get(response.url).content.decode()
    assert f'<a href="/ops/runs/{run.pk}/"' in history
    assert "Succeeded" in history


def test_a_held_run_is_approved_from_the_ops_page(
    client, staff, federated_space, settings, django_capture_on_commit_callbacks
):
    from identity.sync.runs import sync_run_execute

    # The directory answers that nobody is in it: the run would remove everyone, so it is held.
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.sources.EmptySource"
    held = sync_run_execute(application_id=federated_space.identity_application_id)
    assert held.status == SyncRun.Status.HELD
    client.force_login(staff)
    assert "Held for approval" in client.get(reverse("ops:home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ops:approve", args=[held.pk]))
    held.refresh_from_db()
    assert held.status == SyncRun.Status.APPROVED
    assert SyncRun.objects.get(trigger=SyncRun.Trigger.APPROVAL).status == SyncRun.Status.SUCCEEDED
    assert not federated_space.memberships.exists()


def test_worker_health_shows_the_last_heartbeat(client, staff):
    client.force_login(staff)
    assert "No worker has reported yet" in client.get(reverse("ops:home")).content.decode()
    WorkerHeartbeat.objects.create(hostname="celery@box", seen_at=timezone.now())
    assert "last heartbeat from celery@box" in client.get(reverse("ops:home")).content.decode()


def test_the_heartbeat_task_records_the_worker(db):
    from identity.sync.tasks import heartbeat

    heartbeat.apply()
    assert WorkerHeartbeat.objects.exists()


def test_the_home_page_query_count_does_not_grow_with_the_run_history(client, staff, schedule, federated_space):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    application = federated_space.identity_application
    SyncRun.objects.create(application=application, status=SyncRun.Status.SUCCEEDED)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("ops:home"))
    SyncRun.objects.bulk_create(SyncRun(application=application, status=SyncRun.Status.FAILED) for _ in range(40))
    newest = SyncRun.objects.create(application=application, status=SyncRun.Status.SUCCEEDED)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("ops:home")).content.decode()
    assert len(many) == len(few)
    assert newest.created_at.strftime("%b %-d") in page


def test_a_run_left_running_by_a_dead_worker_does_not_keep_the_history_page_refreshing(client, staff, federated_space):
    application = federated_space.identity_application
    dead = SyncRun.objects.create(application=application, status=SyncRun.Status.RUNNING)
    SyncRun.objects.filter(pk=dead.pk).update(created_at=timezone.now() - timezone.timedelta(hours=2))
    client.force_login(staff)
    page = client.get(reverse("ops:runs", args=[application.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page


def test_run_now_and_approval_are_staff_only_in_the_service(federated_space, admin):
    """The operations pages check staff, and so do the services they call."""
    from catalyst_admin.errors import Forbidden
    from identity.sync.runs import sync_run_operator_request

    with pytest.raises(Forbidden, match="Only operations staff can run a sync"):
        sync_run_operator_request(application=federated_space.identity_application, by=admin)
    assert not SyncRun.objects.filter(trigger=SyncRun.Trigger.OPERATOR).exists()


# Cron schedules: the right next run, in the schedule's time zone, and no out-of-range fields ----


def _next_run_cell(page: str) -> str:
    import re

    return re.search(r'<time datetime="[^"]+">([^<]+)</time>', page).group(1)


@pytest.mark.parametrize("zone, abbreviation", [("UTC", "UTC"), ("America/New_York", "EST"), ("Europe/Dublin", "GMT")])
def test_next_run_of_a_cron_schedule_is_on_the_minute_in_its_time_zone(client, staff, schedule, zone, abbreviation):
    client.force_login(staff)
    edit = reverse("ops:schedule_edit", args=[schedule.pk])
    client.post(edit, {"kind": "cron", "cron": "0 6 * * *", "timezone": zone})
    page = client.get(reverse("ops:home")).content.decode()
    # Was 05:59 (celery's estimate falls microseconds short of 06:00); December, so standard time.
    cell = _next_run_cell(page)
    assert cell.endswith(f", 06:00 {abbreviation}"), cell


def test_next_run_of_an_interval_says_utc_and_every_1_minute_is_singular(client, staff, schedule):
    client.force_login(staff)
    client.post(reverse("ops:schedule_edit", args=[schedule.pk]), {"kind": "interval", "every_minutes": "1"})
    page = client.get(reverse("ops:home")).content.decode()
    assert "Every 1 minute<" in page
    assert _next_run_cell(page).endswith(" UTC")


@pytest.mark.parametrize(
    "cron, message",
    [
        ("*/61 * * * *", "The step of the minute field (*/61) must be 1 to 60."),
        ("0 24 * * *", "The hour field (24) must be within 0–23."),
        ("0 6 0 * *", "The day of month field (0) must be within 1–31."),
        ("0 6 * 1-13 *", "The month field (1-13) must be within 1–12."),
        ("0 6 * * */0", "The step of the day of week field (*/0) must be 1 to 8."),
    ],
)
def test_an_out_of_range_cron_field_is_refused(client, staff, schedule, cron, message):
    client.force_login(staff)
    response = client.post(
        reverse("ops:schedule_edit", args=[schedule.pk]), {"kind": "cron", "cron": cron, "timezone": "UTC"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    schedule.refresh_from_db()
    assert schedule.crontab is None


def test_run_history_says_what_a_held_run_would_do_and_dashes_for_runs_that_read_nothing(
    client, staff, federated_space
):
    application = federated_space.identity_application
    SyncRun.objects.create(
        application=application,
        status=SyncRun.Status.HELD,
        users_read=1,
        groups_read=2,
        members_added=1,
        members_removed=4,
    )
    SyncRun.objects.create(application=application, status=SyncRun.Status.QUEUED)
    SyncRun.objects.create(application=application, status=SyncRun.Status.SKIPPED)
    client.force_login(staff)
    page = client.get(reverse("ops:runs", args=[application.pk])).content.decode()
    assert "1 user, 2 groups" in page
    assert "Would add 1, update 0, remove 4" in page
    assert "1 added, 0 updated, 4 removed" not in page
    assert page.count("<td>—</td><td>—</td>") == 2


def test_staff_sign_in_lands_on_the_ops_pages_under_an_operations_top_bar(client, staff, password):
    response = client.post("/signin/", {"email": staff.email, "password": password})
    assert response.status_code == 302 and response["Location"] == "/ops/"
    assert client.get("/")["Location"] == "/ops/"
    page = client.get("/ops/").content.decode()
    assert '<header class="topbar ops-topbar">' in page
    assert 'aria-label="Choose a space"' not in page  # not the CodeCatalyst space switcher


def test_a_space_member_still_lands_on_your_spaces(client, admin, password):
    response = client.post("/signin/", {"email": admin.email, "password": password})
    assert response["Location"] == "/spaces/"
