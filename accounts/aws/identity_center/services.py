"""Writes on the emulated IAM Identity Center: instances, users, groups, memberships, permission
sets, account assignments and delegated administration."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email
from django.db import transaction

from accounts.aws.iam.policies import policy_parse
from accounts.aws.identity_center import consumers
from accounts.aws.identity_center.models import (
    AccountAssignment,
    DirectoryGroup,
    DirectoryUser,
    GroupMembership,
    IdentityCenterInstance,
    IdentityStore,
    PermissionSet,
)
from catalyst_admin.actors import SYSTEM
from catalyst_admin.errors import DomainError, FieldErrors, domain_error_from, unique_or

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


# IAM Identity Center's own quota on a permission set's inline policy, whitespace not counted.
INLINE_POLICY_MAX_CHARS = 32768
SESSION_DURATION_HOURS = (1, 12)


def is_identity_admin(instance: IdentityCenterInstance, account) -> bool:
    """Whether ``account`` administers ``instance``: the organization's management account or the
    registered delegated administrator (or the system actor)."""
    if account is SYSTEM:
        return instance is not None
    if instance is None or account is None:
        return False
    org = instance.organization
    return account.pk in (org.management_account_id, instance.delegated_administrator_id)


def require_identity_admin(instance: IdentityCenterInstance, account) -> None:
    if not is_identity_admin(instance, account):
        raise DomainError(
            "IAM Identity Center is administered from the organization's management account or its delegated "
            "administrator account. Switch to one of those accounts."
        )


def _require_store_admin(store: IdentityStore, account) -> None:
    """The console passes the signed-in account; the demo world and tests that build a directory
    pass the system actor, which may also fill a store that belongs to no instance."""
    if account is SYSTEM:
        return
    if store.instance_id is None:
        raise DomainError("This identity store belongs to no IAM Identity Center instance.")
    require_identity_admin(store.instance, account)


def _require_management_account(instance: IdentityCenterInstance, account, what: str) -> None:
    if account.pk != instance.organization.management_account_id:
        raise DomainError(f"Only the management account can {what}. Switch to the management account.")


def may_manage_access_to(instance: IdentityCenterInstance, target_account, account) -> bool:
    """Whether ``account`` may change who has access to ``target_account``. IAM Identity Center User
    Guide, "Delegated administration": a delegated administrator cannot manage permission sets
    provisioned in, or assignments to, the management account."""
    management_id = instance.organization.management_account_id
    if not is_identity_admin(instance, account):
        return False
    return target_account.pk != management_id or account.pk == management_id


def _refuse_delegated_on_management_account(instance, target_account, account) -> None:
    if not may_manage_access_to(instance, target_account, account):
        raise DomainError(
            "A delegated administrator cannot manage access to the management account. Sign in with the "
            "management account to change its assignments.",
            field="account",
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
    """Register a member account as delegated administrator (seed 003). There is one at a time:
    deregister the current one first."""
    org = instance.organization
    if account.pk != org.management_account_id:
        raise DomainError("Only the management account can register a delegated administrator.")
    if member_account is None or member_account.organization_id != org.pk:
        raise DomainError("Choose an account of this organization.", field="account")
    if member_account.pk == org.management_account_id:
        raise DomainError(
            "The management account cannot be its own delegated administrator. Choose a member account.",
            field="account",
        )
    current = instance.delegated_administrator
    if current is not None:
        if current.pk == member_account.pk:
            raise DomainError(f"{member_account.name} is already the delegated administrator.", field="account")
        raise DomainError(
            f"{current.name} ({current.account_id}) is already the delegated administrator. Deregister it "
            "before you register another account.",
            field="account",
        )
    instance.delegated_administrator = member_account
    instance.save(update_fields=["delegated_administrator"])
    return instance


@transaction.atomic
def delegated_administrator_deregister(*, instance, account) -> IdentityCenterInstance:
    if account.pk != instance.organization.management_account_id:
        raise DomainError("Only the management account can deregister the delegated administrator.")
    if instance.delegated_administrator_id is None:
        raise DomainError("No delegated administrator is registered.")
    instance.delegated_administrator = None
    instance.save(update_fields=["delegated_administrator"])
    return instance


# Users ------------------------------------------------------------------------------------------


def _clean_user(*, user_name, display_name, email):
    """The three fields, stripped; every invalid one reported at once."""
    user_name = (user_name or "").strip()
    display_name = (display_name or "").strip()
    email = (email or "").strip()
    problems = FieldErrors()
    try:
        USER_NAME_VALIDATOR(user_name)
    except ValidationError as exc:
        with problems.collect():
            raise domain_error_from(exc, field="user_name") from None
    if not 1 <= len(display_name) <= 1024:
        problems.add("display_name", "Enter a display name (1–1024 characters).")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.add("email", "Enter a valid email address.")
    problems.raise_if_any()
    return user_name, display_name, email


@transaction.atomic
def directory_user_create(
    *,
    store,
    user_name: str,
    display_name: str,
    email: str = "",
    password: str = "",
    enabled: bool = True,
    account,
) -> DirectoryUser:
    """Add a user to an identity store; user names are unique in the store, ignoring case."""
    _require_store_admin(store, account)
    user_name, display_name, email = _clean_user(user_name=user_name, display_name=display_name, email=email)
    if store.users.filter(user_name__iexact=user_name).exists():
        raise DomainError(f"A user named {user_name} already exists in this identity store.", field="user_name")
    if password and not 8 <= len(password) <= 64:
        raise DomainError("A password is 8–64 characters.", field="password")
    user = DirectoryUser(store=store, user_name=user_name, display_name=display_name, email=email, enabled=enabled)
    if password:
        user.set_password(password)
    with unique_or(DomainError(f"A user named {user_name} already exists in this identity store.", field="user_name")):
        user.save()
    return user


@transaction.atomic
def directory_user_update(
    *, user: DirectoryUser, display_name: str, email: str, enabled: bool, password: str = "", account
) -> DirectoryUser:
    """Change a user's display name, email, status or password (the user name stays)."""
    _require_store_admin(user.store, account)
    _, display_name, email = _clean_user(user_name=user.user_name, display_name=display_name, email=email)
    if password and not 8 <= len(password) <= 64:
        raise DomainError("A password is 8–64 characters.", field="password")
    user.display_name, user.email, user.enabled = display_name, email, enabled
    if password:
        user.set_password(password)
    user.save()
    consumers.directory_changed(user.store)
    return user


@transaction.atomic
def directory_user_enabled_set(*, user: DirectoryUser, enabled: bool, account) -> DirectoryUser:
    """Enable or disable a user's access; a disabled user cannot sign in to the access portal."""
    _require_store_admin(user.store, account)
    user.enabled = bool(enabled)
    user.save(update_fields=["enabled"])
    consumers.directory_changed(user.store)
    return user


@transaction.atomic
def directory_user_delete(*, user: DirectoryUser, account) -> None:
    """Delete a user with their group memberships and account assignments."""
    _require_store_admin(user.store, account)
    consumers.directory_changed(user.store)
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
def directory_group_create(*, store, display_name: str, description: str = "", account) -> DirectoryGroup:
    """Create a group; group names are unique in the store, ignoring case."""
    _require_store_admin(store, account)
    display_name, description = _clean_group(store, display_name, description)
    with unique_or(DomainError(f"A group named {display_name} already exists.", field="display_name")):
        return DirectoryGroup.objects.create(store=store, display_name=display_name, description=description)


@transaction.atomic
def directory_group_update(
    *, group: DirectoryGroup, display_name: str, description: str = "", account
) -> DirectoryGroup:
    _require_store_admin(group.store, account)
    group.display_name, group.description = _clean_group(group.store, display_name, description, exclude_pk=group.pk)
    group.save(update_fields=["display_name", "description"])
    return group


@transaction.atomic
def directory_group_delete(*, group: DirectoryGroup, account) -> None:
    """Delete a group with its memberships and account assignments; its users stay."""
    _require_store_admin(group.store, account)
    consumers.directory_changed(group.store)
    group.delete()


@transaction.atomic
def group_membership_add(*, group: DirectoryGroup, user: DirectoryUser, account) -> GroupMembership:
    _require_store_admin(group.store, account)
    if user.store_id != group.store_id:
        raise DomainError("The user and the group belong to different identity stores.")
    membership, created = GroupMembership.objects.get_or_create(group=group, user=user)
    if not created:
        raise DomainError(f"{user.user_name} is already in {group.display_name}.")
    consumers.directory_changed(group.store)
    return membership


@transaction.atomic
def group_memberships_add(*, group: DirectoryGroup, users, account) -> int:
    """ "Add users to group": add every chosen user not yet a member; returns how many were added."""
    _require_store_admin(group.store, account)
    users = list(users)
    if not users:
        raise DomainError("Choose at least one user to add.", field="users")
    if any(user.store_id != group.store_id for user in users):
        raise DomainError("The user and the group belong to different identity stores.", field="users")
    present = set(group.memberships.filter(user__in=users).values_list("user_id", flat=True))
    new = [GroupMembership(group=group, user=user) for user in users if user.pk not in present]
    GroupMembership.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        consumers.directory_changed(group.store)
    return len(new)


@transaction.atomic
def group_membership_remove(*, group: DirectoryGroup, user: DirectoryUser, account) -> None:
    _require_store_admin(group.store, account)
    deleted, _ = GroupMembership.objects.filter(group=group, user=user).delete()
    if not deleted:
        raise DomainError(f"{user.user_name} is not in {group.display_name}.")
    consumers.directory_changed(group.store)


# Permission sets and assignments -----------------------------------------------------------------


def parse_policy(text: str, *, field: str = "inline_policy") -> dict:
    """A permission set's inline policy from JSON text, or a DomainError saying what is wrong with
    it: IAM's one policy parser, plus the rule that every statement names its actions."""
    policy = policy_parse(text, field=field, label="policy", max_chars=INLINE_POLICY_MAX_CHARS, needs_principal=False)
    statements = policy["Statement"]
    for statement in [statements] if isinstance(statements, dict) else statements:
        if "Action" not in statement and "NotAction" not in statement:
            raise DomainError('Every statement of the policy needs an "Action".', field=field)
    return policy


@transaction.atomic
def permission_set_create(
    *, instance, name: str, description: str = "", session_duration_hours: int = 8, inline_policy: str = "", account
) -> PermissionSet:
    """A custom permission set (seed 003: "Create permission set", "Custom permission set").
    Every invalid field is reported at once, so the steps show them all on the first Create."""
    require_identity_admin(instance, account)
    problems = FieldErrors()
    name = (name or "").strip()
    try:
        PERMISSION_SET_NAME(name)
    except ValidationError as exc:
        with problems.collect():
            raise domain_error_from(exc, field="name") from None
    description = (description or "").strip()
    if len(description) > 700:
        problems.add("description", "A description is at most 700 characters.")
    low, high = SESSION_DURATION_HOURS
    try:
        hours = int(session_duration_hours)
    except (TypeError, ValueError):
        hours = 0
    if not low <= hours <= high:
        problems.add("session_duration_hours", f"The session duration is {low} to {high} hours.")
    policy = {}
    if (inline_policy or "").strip():
        with problems.collect():
            policy = parse_policy(inline_policy)
    clash = DomainError(f"A permission set named {name} already exists.", field="name")
    if "name" not in problems.errors and instance.permission_sets.filter(name__iexact=name).exists():
        problems.add("name", clash.message)
    problems.raise_if_any()
    with unique_or(clash):
        return PermissionSet.objects.create(
            instance=instance,
            name=name,
            description=description,
            session_duration_hours=hours,
            inline_policy=policy,
        )


@transaction.atomic
def permission_set_delete(*, permission_set: PermissionSet, account) -> int:
    """Delete a permission set and its account assignments; returns how many assignments went."""
    instance = permission_set.instance
    require_identity_admin(instance, account)
    management_id = instance.organization.management_account_id
    if account.pk != management_id and permission_set.assignments.filter(account_id=management_id).exists():
        raise DomainError(
            f"{permission_set.name} is provisioned in the management account; a delegated administrator "
            "cannot delete it. Remove its assignments there from the management account first."
        )
    assignments = permission_set.assignments.count()
    permission_set.delete()
    return assignments


@transaction.atomic
def account_assignments_create(*, target_account, permission_sets, users=(), groups=(), account) -> int:
    """ "Assign users or groups": every chosen user and group gets every chosen permission set in
    ``target_account``. Assignments that exist already are kept; returns how many are new."""
    permission_sets, users, groups = list(permission_sets), list(users), list(groups)
    problems = FieldErrors()
    if not users and not groups:
        problems.add("principals", "Choose at least one user or group.")
    if not permission_sets:
        problems.add("permission_sets", "Choose at least one permission set.")
    elif len({ps.instance_id for ps in permission_sets}) != 1:
        problems.add("permission_sets", "Choose permission sets of one IAM Identity Center instance.")
    problems.raise_if_any()
    instance = permission_sets[0].instance
    require_identity_admin(instance, account)
    if target_account.organization_id != instance.organization_id:
        problems.add("account", "Choose an AWS account of this organization.")
    else:
        with problems.collect():
            _refuse_delegated_on_management_account(instance, target_account, account)
    store_id = instance.identity_store.pk
    if any(p.store_id != store_id for p in users + groups):
        problems.add("principals", "Choose users and groups of this instance's identity store.")
    problems.raise_if_any()
    existing = set(
        AccountAssignment.objects.filter(account=target_account, permission_set__in=permission_sets).values_list(
            "permission_set_id", "user_id", "group_id"
        )
    )
    new = [
        AccountAssignment(permission_set=ps, account=target_account, user=user, group=group)
        for ps in permission_sets
        for user, group in [(u, None) for u in users] + [(None, g) for g in groups]
        if (ps.pk, user.pk if user else None, group.pk if group else None) not in existing
    ]
    AccountAssignment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def account_assignment_delete(*, assignment: AccountAssignment, account) -> None:
    """ "Remove access": the user or group loses the permission set in that account."""
    instance = assignment.permission_set.instance
    require_identity_admin(instance, account)
    _refuse_delegated_on_management_account(instance, assignment.account, account)
    assignment.delete()


# Deleting the identity store --------------------------------------------------------------------


@transaction.atomic
def identity_center_store_delete(*, instance: IdentityCenterInstance, confirmation: str, account) -> int:
    """Delete the identity store and with it the IAM Identity Center configuration, after the
    person typed the identity store ID. Returns how many spaces were disassociated (seed 000: "If you
    delete the identity store in IAM Identity Center, then the Identity Center application is
    automatically disassociated from the CodeCatalyst space")."""
    _require_management_account(instance, account, "delete the identity store")
    store = instance.identity_store
    if (confirmation or "").strip() != store.store_id:
        raise DomainError(f"To confirm, type the identity store ID {store.store_id} exactly.", field="confirmation")
    disassociated = consumers.store_deleting(store, account=account)
    store.delete()
    instance.delete()
    return disassociated
