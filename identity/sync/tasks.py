"""Celery entry points of the group sync and worker health. They load ids, call a service, and own
the retries.

The tasks keep the names they were registered under before they moved here
(``identity.tasks.sync_application``, ``catalyst_admin.tasks.heartbeat``): django-celery-beat's
schedules name them, and so do messages already queued.
"""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from identity.sync.heartbeat import record_heartbeat
from identity.sync.runs import LeaseBusy, SyncReadFailed, sync_run_execute
from identity.sync.schedules import SYNC_TASK

HEARTBEAT_TASK = "catalyst_admin.tasks.heartbeat"
MAX_TRIES = 3


@shared_task(name=SYNC_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_TRIES - 1)
def sync_application(self, application_id: int, run_id: int | None = None):
    """Sync one Identity Center application; retried with exponential backoff when a read fails."""
    final = self.request.retries >= self.max_retries
    try:
        run = sync_run_execute(application_id=application_id, run_id=run_id, final_attempt=final)
    except LeaseBusy as exc:
        # A directory-change run behind another run of the same store: again after a debounce (a
        # new message, not a retry: the read has not failed). Its run ends skipped after a lease.
        self.apply_async(
            kwargs={"application_id": application_id, "run_id": exc.run_id},
            countdown=settings.SYNC_DIRECTORY_DEBOUNCE_SECONDS,
        )
        return {"run_id": exc.run_id, "status": "queued"}
    except SyncReadFailed as exc:
        # Exponential backoff: SYNC_RETRY_BASE_SECONDS (10 s), then twice that.
        countdown = settings.SYNC_RETRY_BASE_SECONDS * 2**self.request.retries
        raise self.retry(
            exc=exc, countdown=countdown, kwargs={"application_id": application_id, "run_id": exc.run_id}
        ) from exc
    return {"run_id": run.pk, "status": run.status}


@shared_task(name=HEARTBEAT_TASK, bind=True, ignore_result=True)
def heartbeat(self):
    """Every minute (a schedule made by a migration): this worker is alive."""
    record_heartbeat(self.request.hostname or "unknown")


@worker_ready.connect
def _on_worker_ready(sender=None, **kwargs):
    hostname = getattr(sender, "hostname", None) or "unknown"
    try:
        record_heartbeat(hostname)
    except Exception:  # The database may not be migrated yet; the periodic heartbeat catches up.
        pass
