"""Worker health: each worker records a heartbeat when it starts and every minute after; the
operations page calls a worker that has not reported for a few minutes stale."""

from datetime import timedelta

from django.utils import timezone

from catalyst_admin import rows
from identity.sync.models import WorkerHeartbeat

HEARTBEAT_STALE_AFTER = timedelta(minutes=3)


def record_heartbeat(hostname: str) -> None:
    WorkerHeartbeat.objects.update_or_create(hostname=hostname[:255], defaults={"seen_at": timezone.now()})


def worker_health() -> dict:
    """Whether a worker reported recently, the latest report and the ten most recent workers, in one
    plain SELECT (the operations page and a space's SSO page read it on every request)."""
    h = WorkerHeartbeat._meta
    seen_at = h.get_field("seen_at").column
    sql = (
        f"SELECT {rows.columns(WorkerHeartbeat, 'h')} FROM {h.db_table} h "
        f"ORDER BY h.{seen_at} DESC, h.{h.pk.column} DESC LIMIT 10"
    )
    workers = [rows.from_row(WorkerHeartbeat, row, 0)[0] for row in rows.fetch(sql, [])]
    if not workers:
        return {"ok": False, "text": "No worker has reported yet. Start one with make run or celery worker."}
    latest = workers[0]
    ok = timezone.now() - latest.seen_at <= HEARTBEAT_STALE_AFTER
    return {"ok": ok, "latest": latest, "workers": workers}
