"""Each Identity Center application's sync schedule lives in django-celery-beat's tables, so
operations change it on the ops page without a deploy."""

import json

from django.conf import settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask

SYNC_TASK = "identity.tasks.sync_application"


def schedule_name(application) -> str:
    return f"IAM Identity Center sync: {application.name}"


def sync_schedule_ensure(*, application) -> PeriodicTask:
    """Create the application's schedule (every 30 minutes by default) if it has none."""
    existing = PeriodicTask.objects.filter(task=SYNC_TASK, kwargs=json.dumps({"application_id": application.pk})).first()
    if existing:
        return existing
    minutes = getattr(settings, "SYNC_DEFAULT_INTERVAL_MINUTES", 30)
    interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period=IntervalSchedule.MINUTES)
    task, _ = PeriodicTask.objects.get_or_create(
        name=schedule_name(application),
        defaults={
            "task": SYNC_TASK,
            "interval": interval,
            "kwargs": json.dumps({"application_id": application.pk}),
            "description": f"Syncs the SSO members of the spaces of {application.display_name}",
        },
    )
    return task


def sync_schedule_remove(*, application) -> None:
    PeriodicTask.objects.filter(task=SYNC_TASK, kwargs=json.dumps({"application_id": application.pk})).delete()
