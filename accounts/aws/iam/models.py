"""IAM in the emulated AWS side: roles with their trust and permissions policies, users and their access keys."""

from django.core.validators import RegexValidator
from django.db import models

from accounts.aws.console.models import AwsAccount


class IamRole(models.Model):
    """An IAM role in an emulated account, with its trust and permissions policies."""

    account = models.ForeignKey(AwsAccount, on_delete=models.CASCADE, related_name="iam_roles")
    name = models.CharField(
        max_length=64,
        validators=[RegexValidator(r"^[\w+=,.@-]{1,64}$", "Role names use letters, digits and +=,.@_- only.")],
    )
    description = models.CharField(max_length=1000, blank=True)
    trust_policy = models.JSONField()
    permissions_policy = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="accounts_role_name_per_account")]

    def __str__(self):
        return self.name

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account.account_id}:role/{self.name}"


IAM_NAME_VALIDATOR = RegexValidator(r"^[\w+=,.@-]{1,64}$", "User names use letters, digits and +=,.@_- only.")


class IamUser(models.Model):
    """An IAM user of an emulated account: the identity an access key signs API requests as.

    ``permissions_policy`` is its inline policy, parsed by ``accounts.aws.iam.policies``; what it
    allows is what the user's access keys may call.
    """

    account = models.ForeignKey(AwsAccount, on_delete=models.CASCADE, related_name="iam_users")
    name = models.CharField(max_length=64, validators=[IAM_NAME_VALIDATOR])
    permissions_policy = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="accounts_iam_user_name_per_account")]

    def __str__(self):
        return self.name

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account.account_id}:user/{self.name}"


class AccessKey(models.Model):
    """An IAM user's access key. The secret is shown once, when the key is created; what Signature
    Version 4 needs to verify a request (the secret itself, as the HMAC key) is kept encrypted
    (``catalyst_admin.secrets.secret_encrypt``), never in plain text."""

    class Status(models.TextChoices):
        ACTIVE = "Active"
        INACTIVE = "Inactive"

    user = models.ForeignKey(IamUser, on_delete=models.CASCADE, related_name="access_keys")
    access_key_id = models.CharField(max_length=20, unique=True)
    secret_encrypted = models.TextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.access_key_id

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE
