"""Billing's background work: once a day, close last month's statements and apply the downgrades
whose billing period has begun (a schedule made by a migration)."""

from celery import shared_task

from billing.services import billing_day

BILLING_DAY_TASK = "billing.tasks.billing_day"


@shared_task(name=BILLING_DAY_TASK, ignore_result=True)
def billing_daily():
    return billing_day()
