"""CodeCatalyst people: Builder ID users, SSO users, staff; their tokens and notification choices."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

ALIAS_VALIDATOR = RegexValidator(
    r"^[A-Za-z][A-Za-z0-9]{2,99}$",
    "An alias is 3–100 letters and digits and starts with a letter.",
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username, password=None, **fields):
        fields.setdefault("email", username if "@" in username else "")
        user = self.model(username=username, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, kind=User.Kind.STAFF)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to the CodeCatalyst console.

    ``username`` is what they sign in with: the email of a Builder ID, ``ops`` for staff, and
    ``sso/<identity store>/<user name>`` for a person from IAM Identity Center. The alias is
    chosen at sign-up and can never change (seed: "Viewing and configuring your user profile").
    """

    class Kind(models.TextChoices):
        BUILDER_ID = "builder_id", "AWS Builder ID"
        SSO = "sso", "SSO user"
        STAFF = "staff", "Staff"

    username = models.CharField(max_length=300, unique=True)
    user_identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BUILDER_ID)
    email = models.EmailField(blank=True)
    # NULL, not "", for people without an alias (SSO, staff): the unique constraint ignores NULLs.
    alias = models.CharField(max_length=100, null=True, blank=True, validators=[ALIAS_VALIDATOR])  # noqa: DJ001
    name = models.CharField(max_length=200, blank=True)
    nickname = models.CharField(max_length=100, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("alias"), name="identity_user_alias_unique"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.alias or self.username

    @property
    def initials(self) -> str:
        parts = self.display_name.split()
        return "".join(p[0] for p in parts[:2]).upper() or "?"


class PersonalAccessToken(models.Model):
    """A personal access token: the secret is shown once and only its SHA-256 is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The last characters of the secret, to tell tokens apart.")
    expires_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expires_on", "name"]

    def __str__(self):
        return self.name

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()


class NotificationPreference(models.Model):
    """Which events a person wants to hear about, by email and by Slack."""

    class Event(models.TextChoices):
        INVITATION = "invitation", "I am invited to a space or project"
        ROLE_CHANGED = "role_changed", "My role changes"
        PROJECT_CREATED = "project_created", "A project is created in my space"
        PULL_REQUEST = "pull_request", "A pull request needs my review"
        WORKFLOW_FAILED = "workflow_failed", "A workflow run I started fails"
        ISSUE_ASSIGNED = "issue_assigned", "An issue is assigned to me"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_preferences")
    event = models.CharField(max_length=40, choices=Event.choices)
    email = models.BooleanField(default=True)
    slack = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="identity_notification_once_per_event"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_event_display()}"


# The emulated IAM Identity Center ------------------------------------------------------------------


def _hex(n: int) -> str:
    import secrets

    return secrets.token_hex(n)[:n]


def new_instance_id() -> str:
    return "ssoins-" + _hex(16)


def new_identity_store_id() -> str:
    return "d-" + _hex(10)


def new_permission_set_id() -> str:
    return "ps-" + _hex(16)


def new_directory_id() -> str:
    # Identity store user, group and membership IDs: 10 hex digits, a dash, then a UUID.
    return f"{_hex(10)}-{uuid.uuid4()}"


class IdentityCenterInstance(models.Model):
    """IAM Identity Center enabled for an organization in one Region."""

    class Source(models.TextChoices):
        IDENTITY_CENTER = "identity_center", "Identity Center directory"
        ACTIVE_DIRECTORY = "active_directory", "Active Directory"
        EXTERNAL_IDP = "external_idp", "External identity provider"

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, related_name="identity_center"
    )
    region = models.CharField(max_length=20)
    instance_id = models.CharField(max_length=30, unique=True, default=new_instance_id, editable=False)
    identity_source = models.CharField(max_length=20, choices=Source.choices, default=Source.IDENTITY_CENTER)
    delegated_administrator = models.ForeignKey(
        "accounts.AwsAccount", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"IAM Identity Center of {self.organization} in {self.region}"

    @property
    def arn(self) -> str:
        return f"arn:aws:sso:::instance/{self.instance_id}"

    @property
    def uses_active_directory(self) -> bool:
        return self.identity_source == self.Source.ACTIVE_DIRECTORY


class IdentityStore(models.Model):
    """The identity store of an Identity Center instance: its users, groups and memberships.

    ``source`` says where the group sync reads it from: the emulated store below (the default),
    or a real IAM Identity Center through boto3 (endpoint, Region and credentials from settings).
    """

    class SyncSource(models.TextChoices):
        BUILT_IN = "built_in", "Built-in identity store"
        AWS = "aws", "AWS IAM Identity Center (boto3)"

    instance = models.OneToOneField(
        IdentityCenterInstance, on_delete=models.CASCADE, related_name="identity_store", null=True, blank=True
    )
    store_id = models.CharField(max_length=12, unique=True, default=new_identity_store_id)
    sync_source = models.CharField(max_length=20, choices=SyncSource.choices, default=SyncSource.BUILT_IN)
    aws_region = models.CharField(max_length=20, blank=True)
    aws_endpoint_url = models.URLField(blank=True)

    def __str__(self):
        return self.store_id


class DirectoryUser(models.Model):
    """A user in an identity store; signs in to the access portal with user name and password."""

    store = models.ForeignKey(IdentityStore, on_delete=models.CASCADE, related_name="users")
    user_id = models.CharField(max_length=47, default=new_directory_id, editable=False)
    user_name = models.CharField(max_length=128)
    display_name = models.CharField(max_length=1024)
    email = models.EmailField(blank=True)
    password = models.CharField(max_length=128, blank=True)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_name"]
        constraints = [
            models.UniqueConstraint(fields=["store", "user_id"], name="identity_directory_user_id_unique"),
            models.UniqueConstraint("store", Lower("user_name"), name="identity_directory_user_name_unique"),
        ]

    def __str__(self):
        return self.user_name

    def set_password(self, raw_password: str) -> None:
        from django.contrib.auth.hashers import make_password

        self.password = make_password(raw_password)

    def check_password(self, raw_password: str) -> bool:
        from django.contrib.auth.hashers import check_password

        return bool(self.password) and check_password(raw_password, self.password)


class DirectoryGroup(models.Model):
    """A group in an identity store."""

    store = models.ForeignKey(IdentityStore, on_delete=models.CASCADE, related_name="groups")
    group_id = models.CharField(max_length=47, default=new_directory_id, editable=False)
    display_name = models.CharField(max_length=1024)
    description = models.CharField(max_length=1024, blank=True)
    members = models.ManyToManyField(DirectoryUser, through="GroupMembership", related_name="directory_groups")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(fields=["store", "group_id"], name="identity_directory_group_id_unique"),
            models.UniqueConstraint("store", Lower("display_name"), name="identity_directory_group_name_unique"),
        ]

    def __str__(self):
        return self.display_name


class GroupMembership(models.Model):
    group = models.ForeignKey(DirectoryGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(DirectoryUser, on_delete=models.CASCADE, related_name="memberships")
    membership_id = models.CharField(max_length=47, default=new_directory_id, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="identity_group_member_once")]

    def __str__(self):
        return f"{self.user} in {self.group}"


class PermissionSet(models.Model):
    """A custom permission set with an inline policy (seed 003: ``CodeWhisperer_administrator``)."""

    instance = models.ForeignKey(IdentityCenterInstance, on_delete=models.CASCADE, related_name="permission_sets")
    permission_set_id = models.CharField(max_length=20, default=new_permission_set_id, editable=False)
    name = models.CharField(max_length=32)
    description = models.CharField(max_length=700, blank=True)
    session_duration_hours = models.PositiveSmallIntegerField(default=8)
    inline_policy = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["instance", "name"], name="identity_permission_set_name")]

    def __str__(self):
        return self.name

    @property
    def arn(self) -> str:
        return f"arn:aws:sso:::permissionSet/{self.instance.instance_id}/{self.permission_set_id}"


class AccountAssignment(models.Model):
    """A user or group given a permission set in an AWS account."""

    permission_set = models.ForeignKey(PermissionSet, on_delete=models.CASCADE, related_name="assignments")
    account = models.ForeignKey("accounts.AwsAccount", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(DirectoryUser, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    group = models.ForeignKey(DirectoryGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, group__isnull=True)
                | models.Q(user__isnull=True, group__isnull=False),
                name="identity_assignment_one_principal",
            ),
            models.UniqueConstraint(fields=["permission_set", "account", "user"], name="identity_assignment_user_once"),
            models.UniqueConstraint(
                fields=["permission_set", "account", "group"], name="identity_assignment_group_once"
            ),
        ]

    def __str__(self):
        return f"{self.user or self.group} → {self.permission_set} in {self.account}"


class IdentityCenterApplication(models.Model):
    """The association between CodeCatalyst spaces and an identity store (seed 000,
    "Administering Identity Center applications"). Its name is unique across the whole system."""

    name = models.CharField(max_length=255)
    display_name = models.CharField(max_length=255)
    store = models.ForeignKey(
        IdentityStore, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    owner_account = models.ForeignKey("accounts.AwsAccount", on_delete=models.PROTECT, related_name="+")
    region = models.CharField(max_length=20)
    application_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="identity_application_name_unique")]

    def __str__(self):
        return self.display_name

    @property
    def arn(self) -> str:
        return (
            f"arn:aws:codecatalyst:{self.region}:{self.owner_account.account_id}"
            f":/identity-center-applications/{self.application_id}"
        )


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

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.HELD, Status.SKIPPED, Status.APPROVED)

    application = models.ForeignKey(IdentityCenterApplication, on_delete=models.CASCADE, related_name="sync_runs")
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


class SyncLease(models.Model):
    """At most one sync runs per identity store: a run holds the store's lease until it ends or
    the lease expires (a worker killed mid-run loses it, and the next run takes over)."""

    store = models.OneToOneField(IdentityStore, on_delete=models.CASCADE, primary_key=True, related_name="sync_lease")
    run = models.ForeignKey(SyncRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Lease of {self.store} held by run {self.run_id or '—'}"
