"""Writes on the emulated IAM Identity Center: instances, users, groups, memberships, permission
sets, account assignments and delegated administration."""

import json

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email
from django.db import IntegrityError, transaction

from catalyst_admin.errors import DomainError

from .models import (
    AccountAssignment,
    DirectoryGroup,
    DirectoryUser,
    GroupMembership,
    IdentityCenterInstance,
    IdentityStore,
    PermissionSet,
)

IDENTITY_CENTER_REGIONS = [
    ("us-east-1", "US East (N. Virginia) us-east-1"),
    ("us-east-2", "US East (Ohio) us-east-2"),
    ("us-west-2", "US West (Oregon) us-west-2"),
    ("eu-west-1", "Europe (Ireland) eu-west-1"),
    ("eu-central-1", "Europe (Frankfurt) eu-central-1"),
    ("ap-southeast-2", "Asia Pacific (Sydney) ap-southeast-2"),
    ("ap-northeast-1", "Asia Pacific (Tokyo) ap-northeast-1"),
    ("af-south-1", "Africa (Cape Town) af-south-1"),
    ("ap-east-1", "Asia Pacific (Hong Kong) ap-east-1"),
    ("ap-south-2", "Asia Pacific (Hyderabad) ap-south-2"),
    ("eu-south-1", "Europe (Milan) eu-south-1"),
    ("me-south-1", "Middle East (Bahrain) me-south-1"),
    ("il-central-1", "Israel (Tel Aviv) il-central-1"),
]
OPT_IN_REGIONS = {"af-south-1", "ap-east-1", "ap-south-2", "eu-south-1", "me-south-1", "il-central-1"}
USER_NAME_VALIDATOR = RegexValidator(
    r"^[\w+=,.@-]{1,128}$", "A user name is 1–128 letters, digits and the characters + = , . @ _ -."
)
PERMISSION_SET_NAME = RegexValidator(
    r"^[\w+=,.@-]{1,32}$", "A permission set name is 1–32 letters, digits and the characters + = , . @ _ -."
)


def _is_management_or_delegated(instance: IdentityCenterInstance, account) -> bool:
    org = instance.organization
    return account.pk in (org.management_account_id, instance.delegated_administrator_id)


def require_identity_admin(instance: IdentityCenterInstance, account) -> None:
    if not _is_management_or_delegated(instance, account):
        raise DomainError(
            "IAM Identity Center is administered from the organization's management account or its delegated "
            "administrator account. Switch to one of those accounts."
        )


@transaction.atomic
def identity_center_enable(*, organization, region: str, account) -> IdentityCenterInstance:
    """Enable IAM Identity Center for an organization in one Region, with a new identity store."""
    if organization is None:
        raise DomainError("This account is not part of an organization in AWS Organizations. Create one first.")
    if account.pk != organization.management_account_id:
        raise DomainError("Enable IAM Identity Center from the organization's management account.")
    if region in OPT_IN_REGIONS:
        # Seed 003: "For compatibility with CodeWhisperer, you cannot set up IAM Identity Center in an
        # opt-in Region."
        raise DomainError(
            "For compatibility with CodeWhisperer, you cannot set up IAM Identity Center in an opt-in Region. "
            "Choose a Region that is enabled by default, such as US West (Oregon).",
            field="region",
        )
    if region not in dict(IDENTITY_CENTER_REGIONS):
        raise DomainError("Choose one of the listed Regions.", field="region")
    if IdentityCenterInstance.objects.filter(organization=organization).exists():
        raise DomainError("IAM Identity Center is already enabled for this organization.")
    instance = IdentityCenterInstance.objects.create(organization=organization, region=region)
    IdentityStore.objects.create(instance=instance)
    return instance


@transaction.atomic
def identity_source_change(*, instance, source: str, account) -> IdentityCenterInstance:
    require_identity_admin(instance, account)
    if source not in IdentityCenterInstance.Source.values:
        raise DomainError("Choose an identity source.", field="identity_source")
    instance.identity_source = source
    instance.save(update_fields=["identity_source"])
    return instance


@transaction.atomic
def delegated_administrator_register(*, instance, member_account, account) -> IdentityCenterInstance:
    """Register a member account as delegated administrator (seed 003)."""
    org = instance.organization
    if account.pk != org.management_account_id:
        raise DomainError("Only the management account can register a delegated administrator.")
    if member_account.organization_id != org.pk:
        raise DomainError("Choose an account of this organization.", field="account")
    if member_account.pk == org.management_account_id:
        raise DomainError(
            "The management account cannot be its own delegated administrator. Choose a member account.",
            field="account",
        )
    instance.delegated_administrator = member_account
    instance.save(update_fields=["delegated_administrator"])
    return instance


@transaction.atomic
def delegated_administrator_deregister(*, instance, account) -> IdentityCenterInstance:
    if account.pk != instance.organization.management_account_id:
        raise DomainError("Only the management account can deregister the delegated administrator.")
    instance.delegated_administrator = None
    instance.save(update_fields=["delegated_administrator"])
    return instance


# Users ------------------------------------------------------------------------------------------


def _clean_user(*, user_name, display_name, email):
    user_name = (user_name or "").strip()
    display_name = (display_name or "").strip()
    email = (email or "").strip()
    try:
        USER_NAME_VALIDATOR(user_name)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="user_name") from None
    if not 1 <= len(display_name) <= 1024:
        raise DomainError("Enter a display name (1–1024 characters).", field="display_name")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError("Enter a valid email address.", field="email") from None
    return user_name, display_name, email


@transaction.atomic
def directory_user_create(
    *, store, user_name: str, display_name: str, email: str = "", password: str = "", enabled: bool = True
) -> DirectoryUser:
    user_name, display_name, email = _clean_user(user_name=user_name, display_name=display_name, email=email)
    if store.users.filter(user_name__iexact=user_name).exists():
        raise DomainError(f"A user named {user_name} already exists in this identity store.", field="user_name")
    if password and not 8 <= len(password) <= 64:
        raise DomainError("A password is 8–64 characters.", field="password")
    user = DirectoryUser(store=store, user_name=user_name, display_name=display_name, email=email, enabled=enabled)
    if password:
        user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise DomainError(f"A user named {user_name} already exists in this identity store.", field="user_name") from None
    return user


@transaction.atomic
def directory_user_update(
    *, user: DirectoryUser, display_name: str, email: str, enabled: bool, password: str = ""
) -> DirectoryUser:
    _, display_name, email = _clean_user(user_name=user.user_name, display_name=display_name, email=email)
    if password and not 8 <= len(password) <= 64:
        raise DomainError("A password is 8–64 characters.", field="password")
    user.display_name, user.email, user.enabled = display_name, email, enabled
    if password:
        user.set_password(password)
    user.save()
    return user


@transaction.atomic
def directory_user_delete(*, user: DirectoryUser) -> None:
    user.delete()


# Groups -----------------------------------------------------------------------------------------


def _clean_group(store, display_name, description, *, exclude_pk=None):
    display_name = (display_name or "").strip()
    if not 1 <= len(display_name) <= 1024:
        raise DomainError("A group name is 1–1024 characters.", field="display_name")
    if len(description or "") > 1024:
        raise DomainError("A description is at most 1024 characters.", field="description")
    clash = store.groups.filter(display_name__iexact=display_name)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(f"A group named {display_name} already exists in this identity store.", field="display_name")
    return display_name, (description or "").strip()


@transaction.atomic
def directory_group_create(*, store, display_name: str, description: str = "") -> DirectoryGroup:
    display_name, description = _clean_group(store, display_name, description)
    try:
        with transaction.atomic():
            return DirectoryGroup.objects.create(store=store, display_name=display_name, description=description)
    except IntegrityError:
        raise DomainError(f"A group named {display_name} already exists.", field="display_name") from None


@transaction.atomic
def directory_group_update(*, group: DirectoryGroup, display_name: str, description: str = "") -> DirectoryGroup:
    group.display_name, group.description = _clean_group(group.store, display_name, description, exclude_pk=group.pk)
    group.save(update_fields=["display_name", "description"])
    return group


@transaction.atomic
def directory_group_delete(*, group: DirectoryGroup) -> None:
    group.delete()


@transaction.atomic
def group_membership_add(*, group: DirectoryGroup, user: DirectoryUser) -> GroupMembership:
    if user.store_id != group.store_id:
        raise DomainError("The user and the group belong to different identity stores.")
    membership, created = GroupMembership.objects.get_or_create(group=group, user=user)
    if not created:
        raise DomainError(f"{user.user_name} is already in {group.display_name}.")
    return membership


@transaction.atomic
def group_membership_remove(*, group: DirectoryGroup, user: DirectoryUser) -> None:
    deleted, _ = GroupMembership.objects.filter(group=group, user=user).delete()
    if not deleted:
        raise DomainError(f"{user.user_name} is not in {group.display_name}.")


# Permission sets and assignments -----------------------------------------------------------------


def parse_policy(text: str, *, field: str = "inline_policy") -> dict:
    """An IAM policy document from JSON text, or a DomainError saying what is wrong with it."""
    try:
        policy = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise DomainError(f"The policy is not valid JSON: {exc}.", field=field) from None
    statements = policy.get("Statement") if isinstance(policy, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise DomainError('The policy needs a "Statement" with at least one statement.', field=field)
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
            raise DomainError('Every statement needs "Effect": "Allow" or "Deny".', field=field)
        if "Action" not in statement and "NotAction" not in statement:
            raise DomainError('Every statement needs an "Action".', field=field)
    return policy


@transaction.atomic
def permission_set_create(
    *, instance, name: str, description: str = "", session_duration_hours: int = 8, inline_policy: str = "", account
) -> PermissionSet:
    require_identity_admin(instance, account)
    name = (name or "").strip()
    try:
        PERMISSION_SET_NAME(name)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="name") from None
    if not 1 <= int(session_duration_hours) <= 12:
        raise DomainError("The session duration is 1 to 12 hours.", field="session_duration_hours")
    policy = parse_policy(inline_policy) if (inline_policy or "").strip() else {}
    if instance.permission_sets.filter(name=name).exists():
        raise DomainError(f"A permission set named {name} already exists.", field="name")
    return PermissionSet.objects.create(
        instance=instance,
        name=name,
        description=(description or "").strip()[:700],
        session_duration_hours=session_duration_hours,
        inline_policy=policy,
    )


@transaction.atomic
def permission_set_delete(*, permission_set: PermissionSet, account) -> None:
    require_identity_admin(permission_set.instance, account)
    permission_set.delete()


@transaction.atomic
def account_assignment_create(*, permission_set, target_account, user=None, group=None, account) -> AccountAssignment:
    instance = permission_set.instance
    require_identity_admin(instance, account)
    if (user is None) == (group is None):
        raise DomainError("Choose one user or one group.")
    if target_account.organization_id != instance.organization_id:
        raise DomainError("Choose an AWS account of this organization.", field="account")
    principal = user or group
    if principal.store.instance_id != instance.pk:
        raise DomainError("Choose a user or group of this instance's identity store.")
    assignment, created = AccountAssignment.objects.get_or_create(
        permission_set=permission_set, account=target_account, user=user, group=group
    )
    if not created:
        raise DomainError("That assignment already exists.")
    return assignment


@transaction.atomic
def account_assignment_delete(*, assignment: AccountAssignment, account) -> None:
    require_identity_admin(assignment.permission_set.instance, account)
    assignment.delete()
