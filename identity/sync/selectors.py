"""Reads on the group sync for the operations pages."""

from django.db.models import QuerySet

from identity.sync.models import SyncRun


def held_runs() -> QuerySet[SyncRun]:
    """Runs the mass-removal guard held, waiting for an operator's approval."""
    return SyncRun.objects.filter(status=SyncRun.Status.HELD).select_related("application")


def run_history(application) -> QuerySet[SyncRun]:
    """An application's runs, newest first."""
    return application.sync_runs.select_related("requested_by")
