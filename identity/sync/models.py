"""The group sync's records: each run, the lease that keeps one run per identity store, and the
heartbeat each Celery worker leaves for the operations page.

A run belongs to an Identity Center application, named by string: the sync reads applications
through this relation and never imports identity federation's code, which starts syncs (the
dependency goes one way only)."""

from django.db import models

from accounts.aws.identity_center.models import IdentityStore
from identity.people.models import User
from spaces.roles import SpaceRole


class SyncRun(models.Model):
    """One run of the IAM Identity Center group sync for an application: what it read, what it
    changed, how it ended. Newest first on the operations page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        RETRYING = "retrying", "Failed, will retry"
        HELD = "held", "Held for approval"
        APPROVED = "approved", "Approved"
        SKIPPED = "skipped", "Skipped"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Schedule"
        MANUAL = "manual", "Sync now"
        OPERATOR = "operator", "Run now"
        APPROVAL = "approval", "Approval"
        SETUP = "setup", "Space set-up"
        DIRECTORY = "directory", "Directory change"

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.HELD, Status.SKIPPED, Status.APPROVED)

    application = models.ForeignKey(
        "identity.IdentityCenterApplication", on_delete=models.CASCADE, related_name="sync_runs"
    )
    trigger = models.CharField(max_length=20, choices=Trigger.choices, default=Trigger.SCHEDULE)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    allow_mass_removal = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    users_read = models.PositiveIntegerField(default=0)
    groups_read = models.PositiveIntegerField(default=0)
    memberships_read = models.PositiveIntegerField(default=0)
    members_added = models.PositiveIntegerField(default=0)
    members_updated = models.PositiveIntegerField(default=0)
    members_removed = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    detail = models.TextField(blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Sync of {self.application} ({self.get_status_display()})"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class SyncRunChange(models.Model):
    """One person a run added to, updated in or removed from a space — or would have, for a held
    run. At most ``SYNC_CHANGES_NAMED_PER_KIND`` (1,000) of each kind per run are named (the run's own counts are
    exact, and the run page says "and N more"): a first sync of 100,000 people does not write
    100,000 rows more to say so. Written with one bulk insert where the run applies its plan."""

    class Kind(models.TextChoices):
        ADDED = "added", "Added"
        UPDATED = "updated", "Updated"
        REMOVED = "removed", "Removed"

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    username = models.CharField(max_length=300, help_text="The user name in the identity store.")
    display_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(
        max_length=40, choices=SpaceRole.choices, blank=True, help_text="The space role given (added, updated) or held."
    )

    class Meta:
        ordering = ["run", "kind", "space_id", "username"]
        indexes = [models.Index(fields=["run", "kind"], name="identity_sync_change_run_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"

    @property
    def role_label(self) -> str:
        return self.get_role_display()


class SyncLease(models.Model):
    """At most one sync runs per identity store: a run holds the store's lease until it ends or
    the lease expires (a worker killed mid-run loses it, and the next run takes over)."""

    store = models.OneToOneField(IdentityStore, on_delete=models.CASCADE, primary_key=True, related_name="sync_lease")
    run = models.ForeignKey(SyncRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Lease of {self.store} held by run {self.run_id or '—'}"


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker showed it was alive (on start, then every minute)."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        db_table = "catalyst_admin_workerheartbeat"
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


def application_model():
    """The Identity Center application model, through the run's relation (see the module's note)."""
    return SyncRun._meta.get_field("application").related_model
