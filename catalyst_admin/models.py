"""What the operations page needs to know about the background processes."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker showed it was alive (on start, then every minute)."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
