"""Celery entry points for the group sync. They load ids, call a service, and own the retries."""

from celery import shared_task
from django.conf import settings

from .sync_runs import SyncReadFailed, sync_run_execute

MAX_TRIES = 3


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_TRIES - 1)
def sync_application(self, application_id: int, run_id: int | None = None):
    """Sync one Identity Center application; retried with exponential backoff when a read fails."""
    final = self.request.retries >= self.max_retries
    try:
        run = sync_run_execute(application_id=application_id, run_id=run_id, final_attempt=final)
    except SyncReadFailed as exc:
        # Exponential backoff: SYNC_RETRY_BASE_SECONDS (10 s), then twice that.
        countdown = getattr(settings, "SYNC_RETRY_BASE_SECONDS", 10) * 2**self.request.retries
        raise self.retry(
            exc=exc, countdown=countdown, kwargs={"application_id": application_id, "run_id": exc.run_id}
        ) from exc
    return {"run_id": run.pk, "status": run.status}
