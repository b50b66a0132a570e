"""CodeCatalyst account connections: the connection between a space and an AWS account, its
tokens, the IAM roles on it, its tags and the projects a restricted connection allows."""

import uuid
from datetime import timedelta

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.aws.console.models import ConsoleUser
from accounts.aws.iam.models import IamRole
from accounts.aws.ids import ACCOUNT_ID_VALIDATOR

# A pending connection whose newest token expired more than this long ago is an expired request:
# it counts against no quota, it is shown as Expired, and Regenerate token revives it.
EXPIRED_REQUEST_GRACE = timedelta(hours=24)


class AccountConnectionQuerySet(models.QuerySet):
    def _token_alive(self, now=None):
        """Whether a token of the connection expired less than ``EXPIRED_REQUEST_GRACE`` ago (or not yet)."""
        now = now or timezone.now()
        return Exists(
            ConnectionToken.objects.filter(connection=OuterRef("pk"), expires_at__gt=now - EXPIRED_REQUEST_GRACE)
        )

    def with_expiry(self, now=None):
        """Annotate ``request_expired``: pending, and its newest token expired over 24 hours ago."""
        return self.annotate(request_alive=self._token_alive(now)).annotate(
            request_expired=models.Case(
                models.When(status=AccountConnection.Status.PENDING, request_alive=False, then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )

    def live(self, now=None):
        """Verified connections, and requests that have not expired: what quotas count."""
        return self.filter(models.Q(status=AccountConnection.Status.VERIFIED) | self._token_alive(now))


class AccountConnection(models.Model):
    """The connection between a space and an AWS account (seed 001: "Adding an AWS account").

    A connection request made in CodeCatalyst waits, pending, until an administrator of the
    account verifies its connection token in the AWS Management Console. Its public identifier,
    ``connection_id``, is the last part of the connection ARN.

    ``paid_tiers_authorized`` is the "Authorize paid tiers (Standard, Enterprise)" choice. A
    connection request leaves it off until the verification decides; a connection made from the
    AWS console itself (the Connect wizard) allows paid tiers, which is the seed's default ("the
    allowed CodeCatalyst tiers ... defaults to the free and paid tiers").
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending verification"
        VERIFIED = "verified", "Verified"

    connection_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="account_connections")
    aws_account_id = models.CharField(max_length=12, validators=[ACCOUNT_ID_VALIDATOR])
    display_name = models.CharField(max_length=100)
    description = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        "identity.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        ConsoleUser, on_delete=models.SET_NULL, null=True, blank=True, related_name="verified_connections"
    )
    paid_tiers_authorized = models.BooleanField(default=True)
    project_restricted = models.BooleanField(default=False)
    allowed_projects = models.ManyToManyField(
        "spaces.Project", through="ConnectionProjectAccess", related_name="restricted_connections", blank=True
    )

    objects = AccountConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(fields=["space", "aws_account_id"], name="accounts_one_connection_per_account"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.aws_account_id})"

    @property
    def arn(self) -> str:
        """The connection resource ARN (seed 000, "Tagging account connections")."""
        region, account = self.space.region, self.aws_account_id
        return f"arn:aws:codecatalyst:{region}:{account}:/connections/{self.connection_id}"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    def vpc_connection_names(self, *, role_arn: str = "") -> list[str]:
        """The names of the space's VPC connections on this connection (through ``role_arn`` only,
        when given): while there are any, the connection and that role stay (issue 12). Read through
        the reverse relation, so account connections import nothing of the VPC connections' app."""
        found = self.vpc_connections.all()
        if role_arn:
            found = found.filter(role_arn=role_arn)
        return list(found.order_by("name").values_list("name", flat=True))


class ConnectionToken(models.Model):
    """A connection token: proof, handed to the account's administrator, that a space asked for
    the connection. Random, single-use and short-lived.

    A token reads ``<selector>.<secret>``: the selector finds the row, and only the SHA-256 of the
    secret is stored, compared in constant time. Issuing a new token revokes the earlier ones.
    """

    connection = models.ForeignKey(AccountConnection, on_delete=models.CASCADE, related_name="tokens")
    selector = models.CharField(max_length=24, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Token {self.selector} for {self.connection}"


class ConnectionRole(models.Model):
    """An IAM role of the connected account associated with the connection (seed 001, "Step 4")."""

    connection = models.ForeignKey(AccountConnection, on_delete=models.CASCADE, related_name="roles")
    role = models.ForeignKey(IamRole, on_delete=models.CASCADE, related_name="connections")
    added_by = models.ForeignKey("identity.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role__name"]
        constraints = [models.UniqueConstraint(fields=["connection", "role"], name="accounts_role_once_per_connection")]

    def __str__(self):
        return f"{self.role} on {self.connection}"


class ConnectionTag(models.Model):
    """A tag on the connection resource; keys are unique per connection and case-sensitive."""

    connection = models.ForeignKey(AccountConnection, on_delete=models.CASCADE, related_name="tags")
    key = models.CharField(max_length=128)
    value = models.CharField(max_length=256, blank=True)

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["connection", "key"], name="accounts_tag_key_once")]

    def __str__(self):
        return f"{self.key}={self.value}"


class ConnectionProjectAccess(models.Model):
    """A project allowed to use a project-restricted connection (seed 000, "Enabling or disabling
    project-restricted account connections")."""

    connection = models.ForeignKey(AccountConnection, on_delete=models.CASCADE, related_name="project_access")
    project = models.ForeignKey("spaces.Project", on_delete=models.CASCADE, related_name="connection_access")
    granted_by = models.ForeignKey("identity.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project__name"]
        constraints = [models.UniqueConstraint(fields=["connection", "project"], name="accounts_project_access_once")]

    def __str__(self):
        return f"{self.project} may use {self.connection}"
