"""IAM in the emulated AWS side: roles with their trust and permissions policies."""

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
