"""Each Identity Center application's sync schedule lives in django-celery-beat's tables, so
operations change it on the ops page without a deploy."""

import json
import zoneinfo

from celery.schedules import crontab
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from catalyst_admin.errors import DomainError, Forbidden
from identity.sync.models import SyncRun, application_model

SYNC_TASK = "identity.tasks.sync_application"


def _kwargs(application) -> str:
    return json.dumps({"application_id": application.pk})


def application_id_of(task: PeriodicTask) -> int | None:
    """The application a sync schedule runs for."""
    try:
        return json.loads(task.kwargs or "{}").get("application_id")
    except ValueError:
        return None


def schedule_of(application) -> PeriodicTask | None:
    return PeriodicTask.objects.filter(task=SYNC_TASK, kwargs=_kwargs(application)).first()


def schedule_name(application) -> str:
    return f"IAM Identity Center sync: {application.name}"


def sync_schedule_ensure(*, application) -> PeriodicTask:
    """Create the application's schedule (every 30 minutes by default) if it has none."""
    existing = schedule_of(application)
    if existing:
        return existing
    minutes = settings.SYNC_DEFAULT_INTERVAL_MINUTES
    interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period=IntervalSchedule.MINUTES)
    task, _ = PeriodicTask.objects.get_or_create(
        name=schedule_name(application),
        defaults={
            "task": SYNC_TASK,
            "interval": interval,
            "kwargs": _kwargs(application),
            "description": f"Syncs the SSO members of the spaces of {application.display_name}",
        },
    )
    return task


def sync_schedule_remove(*, application) -> None:
    PeriodicTask.objects.filter(task=SYNC_TASK, kwargs=_kwargs(application)).delete()


def sync_schedules():
    """Every sync schedule with its application, next run and latest run, for the operations page
    (a fixed number of queries, however long the run history)."""
    tasks = list(PeriodicTask.objects.filter(task=SYNC_TASK).select_related("interval", "crontab").order_by("name"))
    ids = {task.pk: application_id_of(task) for task in tasks}
    applications = application_model().objects.in_bulk([i for i in ids.values() if i])
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
        task.next_run_at = next_run_at(task)
    return tasks


def schedule_form_values(task: PeriodicTask) -> dict:
    """A schedule as the schedule form shows it: every N minutes, or a cron expression and its
    time zone."""
    values = {"kind": "cron" if task.crontab_id else "interval", "timezone": "UTC"}
    if task.interval_id:
        factor = {IntervalSchedule.MINUTES: 1, IntervalSchedule.HOURS: 60, IntervalSchedule.DAYS: 1440}
        values["every_minutes"] = task.interval.every * factor.get(task.interval.period, 1)
    if task.crontab_id:
        c = task.crontab
        values.update(
            cron=f"{c.minute} {c.hour} {c.day_of_month} {c.month_of_year} {c.day_of_week}", timezone=str(c.timezone)
        )
    return values


def next_run_at(task):
    if not task.enabled:
        return None
    now = timezone.now()
    try:
        remaining = task.schedule.remaining_estimate(task.last_run_at or task.date_changed or now)
    except (AttributeError, TypeError, ValueError):
        return None
    return max(now, now + remaining)


def _clean_cron(expression: str):
    fields = (expression or "").split()
    if len(fields) != 5:
        raise DomainError(
            "A cron expression has five fields: minute hour day-of-month month day-of-week (for example */30 * * * *).",
            field="cron",
        )
    minute, hour, day_of_month, month_of_year, day_of_week = fields
    try:
        crontab(
            minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year, day_of_week=day_of_week
        )
    except (ValueError, TypeError) as exc:
        raise DomainError(f"The cron expression is not valid: {exc}.", field="cron") from None
    return minute, hour, day_of_month, month_of_year, day_of_week


@transaction.atomic
def _require_staff(by, what: str) -> None:
    """Schedules are operations' (the ops pages and the API's operations endpoints): staff only."""
    if not getattr(by, "is_staff", False):
        raise Forbidden(f"Only operations staff can {what}.")


def sync_schedule_update(
    *, task: PeriodicTask, kind: str, every_minutes=None, cron: str = "", tz: str = "UTC", by
) -> PeriodicTask:
    """Run every N minutes, or on a cron expression in a time zone."""
    _require_staff(by, "change a sync schedule")
    if kind == "interval":
        try:
            every = int(every_minutes)
        except (TypeError, ValueError):
            every = 0
        if not 1 <= every <= 1440:
            raise DomainError("Choose an interval of 1 to 1440 minutes.", field="every_minutes")
        task.interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=IntervalSchedule.MINUTES)
        task.crontab = None
    elif kind == "cron":
        try:
            zone = zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise DomainError(
                f"{tz} is not a time zone. Use a name such as UTC or Europe/Dublin.", field="timezone"
            ) from None
        minute, hour, day_of_month, month_of_year, day_of_week = _clean_cron(cron)
        task.crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            month_of_year=month_of_year,
            day_of_week=day_of_week,
            timezone=zone,
        )
        task.interval = None
    else:
        raise DomainError("Choose an interval or a cron expression.", field="kind")
    task.save()
    return task


@transaction.atomic
def sync_schedule_pause(*, task: PeriodicTask, by) -> PeriodicTask:
    _require_staff(by, "pause a sync schedule")
    task.enabled = False
    task.save()
    return task


@transaction.atomic
def sync_schedule_resume(*, task: PeriodicTask, by) -> PeriodicTask:
    """Resume a paused schedule from now on: the runs it missed while paused are not made up."""
    _require_staff(by, "resume a sync schedule")
    task.enabled = True
    task.last_run_at = timezone.now()
    task.save()
    return task
