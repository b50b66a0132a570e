"""The console core of the emulated AWS side: organizations, accounts and the IAM users who sign
in to the AWS Management Console."""

from django.contrib.auth.hashers import check_password, make_password
from django.core.validators import RegexValidator
from django.db import models

from accounts.aws.ids import ACCOUNT_ID_VALIDATOR


class Organization(models.Model):
    """An AWS Organization; its management account bills federated spaces by default."""

    name = models.CharField(max_length=100, unique=True)
    management_account = models.OneToOneField(
        "AwsAccount", on_delete=models.PROTECT, related_name="managed_organization", null=True, blank=True
    )

    def __str__(self):
        return self.name


class AwsAccount(models.Model):
    """One emulated AWS account, known by its 12-digit ID."""

    account_id = models.CharField(max_length=12, unique=True, validators=[ACCOUNT_ID_VALIDATOR])
    name = models.CharField(max_length=50)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="accounts"
    )

    class Meta:
        ordering = ["account_id"]

    def __str__(self):
        return f"{self.name} ({self.account_id})"


class ConsoleUser(models.Model):
    """An IAM user who signs in to the emulated AWS Management Console.

    One person may have access to several accounts (the demo's ``mateo`` administers all three);
    the console header names the account signed in with and switches between them.
    """

    user_name = models.CharField(
        max_length=64,
        unique=True,
        validators=[RegexValidator(r"^[\w+=,.@-]{1,64}$", "Use letters, digits and +=,.@_- only.")],
    )
    display_name = models.CharField(max_length=100, blank=True)
    password = models.CharField(max_length=128)
    accounts = models.ManyToManyField(AwsAccount, related_name="console_users", through="ConsoleAccess")

    class Meta:
        ordering = ["user_name"]

    def __str__(self):
        return self.user_name

    def set_password(self, raw_password: str) -> None:
        self.password = make_password(raw_password)

    def check_password(self, raw_password: str) -> bool:
        # A hash made by an older hasher (PBKDF2 before Argon2id) is rehashed with the first
        # hasher of PASSWORD_HASHERS once the password has been checked, as Django's own users are.
        def upgrade(raw: str) -> None:
            self.set_password(raw)
            if self.pk:
                type(self).objects.filter(pk=self.pk).update(password=self.password)

        return check_password(raw_password, self.password, setter=upgrade)


class ConsoleAccess(models.Model):
    """A console user's access to one account; administrators may verify connections and more."""

    user = models.ForeignKey(ConsoleUser, on_delete=models.CASCADE)
    account = models.ForeignKey(AwsAccount, on_delete=models.CASCADE)
    is_administrator = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "account"], name="accounts_console_access_once")]

    def __str__(self):
        return f"{self.user} in {self.account}"
