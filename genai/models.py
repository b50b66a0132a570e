"""The space's generative AI setting and its Amazon Q requests (seed 000, "Enabling or disabling
generative AI features for a space"). What each request consumed is in billing's usage ledger."""

from django.conf import settings
from django.db import models

SUBJECT_MAX_LENGTH = 200


class GenaiSetting(models.Model):
    """ "Projects in this space can access generative AI features": one row per space, locked by
    every change of it and by every start of a request, so a start and a stop never interleave."""

    space = models.OneToOneField("spaces.Space", on_delete=models.CASCADE, primary_key=True, related_name="genai")
    enabled = models.BooleanField(default=False)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"{self.space}: generative AI {'on' if self.enabled else 'off'}"


class AmazonQRequest(models.Model):
    """One piece of work asked of Amazon Q in a project: a feature, on a subject the person names
    (an issue title, a pull request name). In progress until the emulated duration has passed;
    stopped for good when the space's setting is turned off. This emulator runs no model."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        STOPPED = "stopped", "Stopped"

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="amazon_q_requests")
    project = models.ForeignKey("spaces.Project", on_delete=models.CASCADE, related_name="amazon_q_requests")
    feature = models.CharField(max_length=40)
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    units = models.PositiveIntegerField()
    usage = models.OneToOneField(
        "billing.UsageRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="amazon_q_request"
    )
    started_at = models.DateTimeField()
    completes_at = models.DateTimeField(help_text="When the emulated work is due to be done.")
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["space", "status"], name="genai_request_space_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="in_progress", finished_at__isnull=True)
                | (~models.Q(status="in_progress") & models.Q(finished_at__isnull=False)),
                name="genai_request_finished_when_done",
            )
        ]

    def __str__(self):
        return f"{self.feature} on {self.subject!r} ({self.get_status_display()})"
