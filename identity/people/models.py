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
    # The IANA time zone the console shows times in (My settings → Profile); every time says it.
    time_zone = models.CharField(max_length=64, default="UTC")
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # When a Builder ID proved, with a code sent to it, that its email address is theirs. Until
    # then it cannot sign in nor accept invitations. Staff and SSO users are not Builder IDs.
    email_verified_at = models.DateTimeField(null=True, blank=True)

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
    def is_verified_builder_id(self) -> bool:
        """A Builder ID whose email address is proven theirs: who may accept an invitation."""
        return self.kind == self.Kind.BUILDER_ID and self.email_verified_at is not None

    @property
    def email_verification_pending(self) -> bool:
        """A Builder ID that has not yet entered the code sent to its email address."""
        return self.kind == self.Kind.BUILDER_ID and self.email_verified_at is None

    @property
    def initials(self) -> str:
        parts = self.display_name.split()
        return "".join(p[0] for p in parts[:2]).upper() or "?"


class EmailVerificationCode(models.Model):
    """The code last sent to a Builder ID's email address: 6 digits, valid 10 minutes, only its hash
    kept; after a few wrong tries it is spent and a new one must be sent."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="email_verification_code")
    code_hash = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return f"Email verification code of {self.user}"


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
        constraints = [
            # Token names tell a person's tokens apart: no two of one user's tokens share a name (any case).
            models.UniqueConstraint("user", Lower("name"), name="identity_access_token_name_unique_per_user"),
        ]

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


def sso_username(store_id: str, user_id: str) -> str:
    """The CodeCatalyst user name of a directory user: keyed by the identity store's stable user ID,
    so a rename in the directory is an update, never a new person."""
    return f"sso/{store_id}/{user_id}"


class PasswordResetCode(models.Model):
    """The code last sent to reset the password of the Builder ID with an email address ("Forgot
    password"): 6 digits, valid 10 minutes, single use, only its hash kept, a few wrong tries.

    Keyed by the SHA-256 of the address typed, known or not: for an address without a Builder ID a
    row is kept all the same (``user`` empty, a code nobody was sent), so every address gets the
    same answers, the same throttle and the same count of tries, and the pages tell nobody which
    addresses have accounts. ``client_address`` throttles how many addresses one client may try."""

    email_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["client_address", "sent_at"], name="identity_reset_client_sent")]

    def __str__(self):
        return "Password reset code"
