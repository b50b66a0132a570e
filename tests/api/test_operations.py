"""Operations through the API (staff): schedules, Run now, runs, approving a held run; and the
schedule services refuse anyone but staff, whoever calls them."""

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from catalyst_admin.errors import Forbidden
from identity.sync import schedules
from identity.sync.models import SyncRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("change", ["update", "pause", "resume"])
def test_the_schedule_services_are_for_staff_only(schedule, admin, change):
    calls = {
        "update": lambda: schedules.sync_schedule_update(task=schedule, kind="interval", every_minutes=5, by=admin),
        "pause": lambda: schedules.sync_schedule_pause(task=schedule, by=admin),
        "resume": lambda: schedules.sync_schedule_resume(task=schedule, by=admin),
    }
    before = PeriodicTask.objects.values().get(pk=schedule.pk)
    with pytest.raises(Forbidden, match="operations staff"):
        calls[change]()
    assert PeriodicTask.objects.values().get(pk=schedule.pk) == before


def test_staff_change_a_schedule_to_cron_in_a_time_zone_and_back(bearer, staff, schedule):
    client = bearer(staff)
    url = reverse("api:ops-schedule", args=[schedule.pk])
    cron = client.put(url, {"kind": "cron", "cron": "15 2 * * 1-5", "timezone": "Europe/Dublin"})
    assert cron.status_code == 200, cron.content
    assert cron.json()["cron"] == "15 2 * * 1-5" and cron.json()["timezone"] == "Europe/Dublin"
    wrong = client.put(url, {"kind": "cron", "cron": "15 2 * * 1-5", "timezone": "Mars/Olympus"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "timezone"
    too_often = client.put(url, {"kind": "interval", "every_minutes": 0})
    assert too_often.status_code == 400 and too_often.json()["field"] == "every_minutes"
    back = client.put(url, {"kind": "interval", "every_minutes": 15})
    assert back.json()["every_minutes"] == 15
    paused = client.post(reverse("api:ops-schedule-pause", args=[schedule.pk])).json()
    assert paused["enabled"] is False and paused["next_run_at"] is None
    assert client.post(reverse("api:ops-schedule-resume", args=[schedule.pk])).json()["enabled"] is True
    listed = client.get(reverse("api:ops-schedules")).json()["results"]
    assert [s["id"] for s in listed] == [schedule.pk]


def test_staff_run_now_and_approve_a_held_run(bearer, staff, schedule, held_run, federated_space):
    client = bearer(staff)
    queued = client.post(reverse("api:ops-schedule-run", args=[schedule.pk]))
    assert queued.status_code == 202 and queued.json()["trigger"] == SyncRun.Trigger.OPERATOR
    approved = client.post(reverse("api:ops-run-approve", args=[held_run.pk]))
    assert approved.status_code == 202
    held_run.refresh_from_db()
    assert held_run.status == SyncRun.Status.APPROVED
    again = client.post(reverse("api:ops-run-approve", args=[held_run.pk]))
    assert again.status_code == 400 and again.json()["message"] == "Only a held sync can be approved."
    runs = client.get(reverse("api:ops-runs", args=[federated_space.identity_application_id])).json()["results"]
    assert {run["id"] for run in runs} >= {held_run.pk, queued.json()["id"]}
