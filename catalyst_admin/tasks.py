"""Worker health: each worker records a heartbeat when it starts and every minute after."""

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

HEARTBEAT_TASK = "catalyst_admin.tasks.heartbeat"


def record_heartbeat(hostname: str) -> None:
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(hostname=hostname[:255], defaults={"seen_at": timezone.now()})


@shared_task(bind=True, ignore_result=True)
def heartbeat(self):
    record_heartbeat(self.request.hostname or "unknown")


@worker_ready.connect
def _on_worker_ready(sender=None, **kwargs):
    hostname = getattr(sender, "hostname", None) or "unknown"
    try:
        record_heartbeat(hostname)
    except Exception:  # The database may not be migrated yet; the periodic heartbeat catches up.
        pass
