"""Worker health: each worker records a heartbeat when it starts and every minute after; the
operations page calls a worker that has not reported for a few minutes stale."""

from datetime import timedelta

from django.utils import timezone

from identity.sync.models import WorkerHeartbeat

HEARTBEAT_STALE_AFTER = timedelta(minutes=3)


def record_heartbeat(hostname: str) -> None:
    WorkerHeartbeat.objects.update_or_create(hostname=hostname[:255], defaults={"seen_at": timezone.now()})


def worker_health() -> dict:
    """Whether a worker reported recently, the latest report and the ten most recent workers."""
    latest = WorkerHeartbeat.objects.first()
    if latest is None:
        return {"ok": False, "text": "No worker has reported yet. Start one with make run or celery worker."}
    ok = timezone.now() - latest.seen_at <= HEARTBEAT_STALE_AFTER
    return {"ok": ok, "latest": latest, "workers": WorkerHeartbeat.objects.all()[:10]}
