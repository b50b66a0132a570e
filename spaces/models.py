"""Spaces, projects, memberships, invitations, teams and the activity log."""

import hashlib
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower

from spaces.roles import ProjectRole, SpaceRole

SPACE_NAME_VALIDATORS = [
    MinLengthValidator(3, "A space name is 3–63 characters."),
    MaxLengthValidator(63, "A space name is 3–63 characters."),
    RegexValidator(
        r"^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$",
        "Use letters and digits, joined by single hyphens, underscores or periods.",
    ),
]
PROJECT_NAME_VALIDATORS = [
    MinLengthValidator(3, "A project name is 3–63 characters."),
    MaxLengthValidator(63, "A project name is 3–63 characters."),
    RegexValidator(
        r"^[a-zA-Z0-9]+(?:[-_. ][a-zA-Z0-9]+)*$",
        "Use letters and digits, joined by single hyphens, underscores, periods or spaces.",
    ),
]


class Region(models.TextChoices):
    US_WEST_2 = "us-west-2", "US West (Oregon) us-west-2"
    EU_WEST_1 = "eu-west-1", "Europe (Ireland) eu-west-1"


class LiveSpaceManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Space(models.Model):
    """A CodeCatalyst space.

    A deleted space keeps its row (``deleted_at`` set) so that its name stays taken forever:
    "You cannot reuse names of deleted spaces" (seed 000, "Creating a space for identity
    federation"). The unique constraint on the name covers deleted rows too.
    """

    class Kind(models.TextChoices):
        BUILDER_ID = "builder_id", "AWS Builder ID"
        FEDERATED = "federated", "Identity federation"

    name = models.CharField(max_length=63, validators=SPACE_NAME_VALIDATORS)
    region = models.CharField(max_length=20, choices=Region.choices, default=Region.US_WEST_2)
    description = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BUILDER_ID)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    identity_application = models.ForeignKey(
        "identity.IdentityCenterApplication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spaces",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = LiveSpaceManager()
    all_objects = models.Manager()  # noqa: DJ012 - the managers come together, after the fields

    class Meta:
        ordering = ["name"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="spaces_space_name_unique_forever"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_federated(self) -> bool:
        return self.kind == self.Kind.FEDERATED


class Project(models.Model):
    """A project in a space."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=63, validators=PROJECT_NAME_VALIDATORS)
    description = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("space", Lower("name"), name="spaces_project_name_unique_in_space"),
        ]

    def __str__(self):
        return self.name


class SpaceMembership(models.Model):
    """A person's one role in a space."""

    class Source(models.TextChoices):
        DIRECT = "direct", "Invited"
        CREATOR = "creator", "Created the space"
        PROJECT = "project", "Project invitation"
        SSO = "sso", "IAM Identity Center"

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_memberships")
    role = models.CharField(max_length=20, choices=SpaceRole.choices)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.DIRECT)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="spaces_one_role_per_space")]

    def __str__(self):
        return f"{self.user} in {self.space} as {self.get_role_display()}"


class ProjectMembership(models.Model):
    """A person's one role in a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships")
    role = models.CharField(max_length=20, choices=ProjectRole.choices)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="spaces_one_role_per_project")]

    def __str__(self):
        return f"{self.user} in {self.project} as {self.get_role_display()}"


class Invitation(models.Model):
    """An invitation by email to a space (with a space role) or to a project (with a project role)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="invitations")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    email = models.EmailField()
    space_role = models.CharField(max_length=20, choices=SpaceRole.choices, blank=True)
    project_role = models.CharField(max_length=20, choices=ProjectRole.choices, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(Lower("email"), "created_at", name="spaces_invitation_email_day")]

    def __str__(self):
        return f"Invitation of {self.email} to {self.project or self.space}"

    @property
    def role_label(self) -> str:
        return self.get_project_role_display() if self.project_id else self.get_space_role_display()


class Team(models.Model):
    """A named group of space members."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint("space", Lower("name"), name="spaces_team_name_unique_in_space")]

    def __str__(self):
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="spaces_team_member_once")]

    def __str__(self):
        return f"{self.user} in {self.team}"


class ActivityEvent(models.Model):
    """One entry of a space's activity log: who did what, when, from where.

    The id is stable and is what a later ``ListEventLogs`` call returns.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, null=True, blank=True, related_name="activity")
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    project_name = models.CharField(max_length=63, blank=True)
    event_name = models.CharField(max_length=80, db_index=True)
    description = models.CharField(max_length=300, blank=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_aws_account_id = models.CharField(max_length=12, blank=True)
    actor_name = models.CharField(max_length=300)
    created_at = models.DateTimeField(db_index=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    read_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["space", "-created_at"], name="spaces_activity_space_time"),
            # The activity page's filters, each newest first without a scan of the whole log.
            models.Index(fields=["space", "actor_name", "-created_at"], name="spaces_activity_actor_time"),
            models.Index(fields=["space", "event_name", "-created_at"], name="spaces_activity_event_time"),
            models.Index(fields=["space", "project_name", "-created_at"], name="spaces_activity_project_time"),
        ]

    def __str__(self):
        return f"{self.event_name} by {self.actor_name}"


class ActivityFacet(models.Model):
    """A value the activity page's filters offer: an event the space's log names. Written with each
    entry (:func:`spaces.activity.activity_record`), once per value, so the page reads its options
    from a few rows instead of a ``SELECT DISTINCT`` over the whole log."""

    class Kind(models.TextChoices):
        EVENT = "event", "Event"

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="activity_facets")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "kind", "value"], name="spaces_activity_facet_once")]

    def __str__(self):
        return f"{self.kind} {self.value}"


class ConnectedGroup(models.Model):
    """An SSO group whose users are members of a federated space, by the identity store's group ID
    (the same for the built-in store and for AWS IAM Identity Center)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="connected_groups")
    group_id = models.CharField(max_length=47)
    display_name = models.CharField(max_length=1024)
    role = models.CharField(max_length=20, choices=SpaceRole.choices, default=SpaceRole.POWER_USER)
    # The group's enabled users as of the last sync are its ConnectedGroupMember rows (for the SSO
    # page); how many there are, and a digest of their sorted user IDs (members_digest below), let
    # a sync with no change in the group skip it without reading them.
    member_count = models.PositiveIntegerField(default=0)
    members_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [models.UniqueConstraint(fields=["space", "group_id"], name="spaces_connected_group_once")]

    def __str__(self):
        return self.display_name


def members_digest(user_ids) -> str:
    """The digest of a connected group's members (directory user IDs, any order): "" for none.
    Frozen: the migration that filled the table (spaces 0004) computes the same."""
    if not user_ids:
        return ""
    return hashlib.blake2b("\n".join(sorted(user_ids)).encode(), digest_size=16).hexdigest()


class ConnectedGroupMember(models.Model):
    """A directory user among a connected group's enabled users as of the last sync: one row per
    member, so a sync writes only the members that changed (issue 17)."""

    # No index of its own: the unique constraint's index starts with the group.
    group = models.ForeignKey(ConnectedGroup, on_delete=models.CASCADE, related_name="synced_members", db_index=False)
    user_id = models.CharField(max_length=47)

    class Meta:
        ordering = ["group", "user_id"]
        constraints = [models.UniqueConstraint(fields=["group", "user_id"], name="spaces_connected_group_member_once")]

    def __str__(self):
        return self.user_id


class SsoAdministrator(models.Model):
    """A directory user assigned the Space administrator role of a federated space."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="sso_administrators")
    user_id = models.CharField(max_length=47)
    user_name = models.CharField(max_length=128)

    class Meta:
        ordering = ["user_name"]
        constraints = [models.UniqueConstraint(fields=["space", "user_id"], name="spaces_sso_administrator_once")]

    def __str__(self):
        return self.user_name
