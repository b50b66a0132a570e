"""Billing's daily task (billing.tasks.billing_day) at 00:05 UTC, in django-celery-beat's tables."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="5", hour="0", day_of_month="*", month_of_year="*", day_of_week="*", timezone="UTC"
    )
    PeriodicTask.objects.get_or_create(
        name="Billing day",
        defaults={
            "task": "billing.tasks.billing_day",
            "crontab": daily,
            "description": "Closes last month's statements and applies downgrades whose billing period began.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name="Billing day").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0003_monthly_statements"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
