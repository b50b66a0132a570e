"""Each Identity Center application's sync schedule lives in django-celery-beat's tables, so
operations change it on the ops page without a deploy."""

import json
import zoneinfo
from datetime import UTC, timedelta
from functools import cache

from celery.schedules import crontab
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from catalyst_admin import rows
from catalyst_admin.errors import DomainError, Forbidden
from identity.sync.models import SyncRun, application_model

SYNC_TASK = "identity.tasks.sync_application"


def _kwargs(application) -> str:
    return schedule_kwargs(application.pk)


def schedule_kwargs(application_id: int) -> str:
    """The ``kwargs`` of an application's sync schedule, as its task stores them."""
    return json.dumps({"application_id": application_id})


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
    """Every sync schedule with its interval or crontab, its application, next run and latest run,
    for the operations page: three plain-SQL queries however many schedules and however long the
    run history (``/ops/`` reads them on every request; building them with the ORM cost more than
    running them)."""
    sql = _schedules_sql()
    tasks = []
    for row in rows.fetch(sql["tasks"], [SYNC_TASK]):
        task, at = rows.from_row(PeriodicTask, row, 0)
        interval, at = rows.from_row(IntervalSchedule, row, at)
        task.interval, task.crontab = interval, rows.from_row(CrontabSchedule, row, at)[0]
        tasks.append(task)
    ids = {task.pk: application_id_of(task) for task in tasks}
    wanted = sorted({i for i in ids.values() if isinstance(i, int)})
    applications, latest = {}, {}
    if wanted:
        marks = ", ".join(["%s"] * len(wanted))
        Application = application_model()  # noqa: N806
        for row in rows.fetch(sql["applications"].format(marks=marks), wanted):
            application = rows.from_row(Application, row, 0)[0]
            applications[application.pk] = application
        for row in rows.fetch(sql["latest"].format(marks=marks), wanted):
            run = rows.from_row(SyncRun, row, 0)[0]
            latest[run.application_id] = run
    for task in tasks:
        task.application = applications.get(ids[task.pk])
        task.latest_run = latest.get(ids[task.pk])
        task.next_run_at = next_run_at(task)
    return tasks


@cache
def _schedules_sql() -> dict[str, str]:
    t, i, c, a, r = (
        model._meta for model in (PeriodicTask, IntervalSchedule, CrontabSchedule, application_model(), SyncRun)
    )
    run_application = r.get_field("application").column
    return {
        "tasks": (
            f"SELECT {rows.columns(PeriodicTask, 't')}, {rows.columns(IntervalSchedule, 'i')}, "
            f"{rows.columns(CrontabSchedule, 'c')} FROM {t.db_table} t "
            f"LEFT OUTER JOIN {i.db_table} i ON i.{i.pk.column} = t.{t.get_field('interval').column} "
            f"LEFT OUTER JOIN {c.db_table} c ON c.{c.pk.column} = t.{t.get_field('crontab').column} "
            f"WHERE t.{t.get_field('task').column} = %s ORDER BY t.{t.get_field('name').column} ASC"
        ),
        "applications": f"SELECT {rows.columns(application_model(), 'a')} FROM {a.db_table} a "
        f"WHERE a.{a.pk.column} IN ({{marks}})",
        "latest": (
            f"SELECT {rows.columns(SyncRun, 'r')} FROM {r.db_table} r WHERE r.{r.pk.column} IN "
            f"(SELECT MAX(n.{r.pk.column}) FROM {r.db_table} n WHERE n.{run_application} IN ({{marks}}) "
            f"GROUP BY n.{run_application})"
        ),
    }


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
    """When beat runs ``task`` next, in the schedule's own time zone (UTC for an interval).

    celery's estimate reads the clock twice, so ``now + remaining`` falls a few microseconds
    short of the due time (06:00 came out as 05:59:59.9996, shown as 05:59): round to the second."""
    if not task.enabled:
        return None
    now = timezone.now()
    try:
        remaining = task.schedule.remaining_estimate(task.last_run_at or task.date_changed or now)
    except (AttributeError, TypeError, ValueError):
        return None
    due = max(now, now + remaining) + timedelta(milliseconds=500)
    zone = task.crontab.timezone if task.crontab_id else UTC
    return due.replace(microsecond=0).astimezone(zone)


# The ranges of the five cron fields (day of week: 0 or 7 is Sunday), for refusing */61 or 25.
CRON_FIELDS = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 7),
)


def _cron_field_problem(value: str, name: str, low: int, high: int) -> str | None:
    for part in value.split(","):
        base, _, step = part.partition("/")
        if step and not (step.isdigit() and 1 <= int(step) <= high - low + 1):
            return f"The step of the {name} field ({part}) must be 1 to {high - low + 1}."
        numbers = [] if base == "*" else base.split("-")
        for number in numbers:
            if number.isdigit() and not low <= int(number) <= high:
                return f"The {name} field ({part}) must be within {low}–{high}."
    return None


def _clean_cron(expression: str):
    fields = (expression or "").split()
    if len(fields) != 5:
        raise DomainError(
            "A cron expression has five fields: minute hour day-of-month month day-of-week (for example */30 * * * *).",
            field="cron",
        )
    minute, hour, day_of_month, month_of_year, day_of_week = fields
    for value, (name, low, high) in zip(fields, CRON_FIELDS, strict=True):
        problem = _cron_field_problem(value, name, low, high)
        if problem:
            raise DomainError(f"The cron expression is not valid: {problem}", field="cron")
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
