"""The emulated IAM Identity Center: instances, identity stores with their users, groups and
memberships, permission sets and account assignments.

The tables keep the names they had when these models lived in ``identity`` (``db_table``).
"""

import secrets
import uuid

from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.db.models.functions import Lower

from accounts.aws.console.models import AwsAccount, Organization


def _hex(n: int) -> str:
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

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="identity_center")
    region = models.CharField(max_length=20)
    instance_id = models.CharField(max_length=30, unique=True, default=new_instance_id, editable=False)
    identity_source = models.CharField(max_length=20, choices=Source.choices, default=Source.IDENTITY_CENTER)
    delegated_administrator = models.ForeignKey(
        AwsAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "identity_identitycenterinstance"

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

    class Meta:
        db_table = "identity_identitystore"

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
        db_table = "identity_directoryuser"
        ordering = ["user_name"]
        constraints = [
            models.UniqueConstraint(fields=["store", "user_id"], name="identity_directory_user_id_unique"),
            models.UniqueConstraint("store", Lower("user_name"), name="identity_directory_user_name_unique"),
        ]

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

        return bool(self.password) and check_password(raw_password, self.password, setter=upgrade)


class DirectoryGroup(models.Model):
    """A group in an identity store."""

    store = models.ForeignKey(IdentityStore, on_delete=models.CASCADE, related_name="groups")
    group_id = models.CharField(max_length=47, default=new_directory_id, editable=False)
    display_name = models.CharField(max_length=1024)
    description = models.CharField(max_length=1024, blank=True)
    members = models.ManyToManyField(DirectoryUser, through="GroupMembership", related_name="directory_groups")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "identity_directorygroup"
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
        db_table = "identity_groupmembership"
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
        db_table = "identity_permissionset"
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
    account = models.ForeignKey(AwsAccount, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(DirectoryUser, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    group = models.ForeignKey(DirectoryGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "identity_accountassignment"
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
