"""Writes on IAM in the emulated AWS side: roles, users and users' access keys.

Every write takes the ``account`` the person acts in (the console's signed-in account): an IAM
user of another account is not found, never changed.
"""

import secrets
import string

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.aws.console.models import AwsAccount
from accounts.aws.iam.models import AccessKey, IamRole, IamUser
from accounts.aws.iam.policies import PERMISSIONS_POLICY_MAX_CHARS, TRUST_POLICY_MAX_CHARS, policy_parse
from catalyst_admin.errors import DomainError, FieldErrors, NotFound, domain_error_from, unique_or
from catalyst_admin.secrets import secret_encrypt

# IAM's quota: two access keys per user, active or not (IAM user guide, "IAM and AWS STS quotas").
ACCESS_KEYS_PER_USER = 2
_KEY_ID_ALPHABET = string.ascii_uppercase + "234567"
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"


@transaction.atomic
def iam_role_create(
    *, account: AwsAccount, name: str, description: str = "", trust_policy: str, permissions_policy: str = ""
) -> IamRole:
    """Create an IAM role in an emulated account from JSON policy documents.

    Nothing is saved unless the name is free and both documents are valid policies.
    """
    problems = FieldErrors()
    trust, permissions = {}, {}
    with problems.collect():
        trust = policy_parse(
            trust_policy,
            field="trust_policy",
            label="trust policy",
            max_chars=TRUST_POLICY_MAX_CHARS,
            needs_principal=True,
        )
    if (permissions_policy or "").strip():
        with problems.collect():
            permissions = policy_parse(
                permissions_policy,
                field="permissions_policy",
                label="permissions policy",
                max_chars=PERMISSIONS_POLICY_MAX_CHARS,
                needs_principal=False,
            )
    role = IamRole(
        account=account,
        name=(name or "").strip(),
        description=(description or "").strip(),
        trust_policy=trust,
        permissions_policy=permissions,
    )
    with problems.collect():
        try:
            role.full_clean(
                exclude=["account", *(["trust_policy"] if "trust_policy" in problems.errors else [])],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            raise domain_error_from(exc) from None
    # Every invalid field at once, so the form reports them all on the first submit.
    problems.raise_if_any()
    # IAM role names are unique per account regardless of case ("PRODROLE" and "prodrole" clash).
    if account.iam_roles.filter(name__iexact=role.name).exists():
        raise DomainError(
            f"A role named {role.name} already exists in this account. Choose another role name.",
            field="name",
        )
    with unique_or(
        DomainError(
            f"A role named {role.name} already exists in this account. Choose another role name.",
            field="name",
        )
    ):
        role.save()
    return role


def _permissions_policy(text: str) -> dict:
    if not (text or "").strip():
        return {}
    return policy_parse(
        text,
        field="permissions_policy",
        label="permissions policy",
        max_chars=PERMISSIONS_POLICY_MAX_CHARS,
        needs_principal=False,
    )


@transaction.atomic
def iam_user_create(*, account: AwsAccount, name: str, permissions_policy: str = "") -> IamUser:
    """Create an IAM user in ``account`` with an optional inline permissions policy (JSON).

    Nothing is saved unless the name is free in the account (regardless of case, as IAM) and the
    policy is a valid policy document.
    """
    user = IamUser(
        account=account, name=(name or "").strip(), permissions_policy=_permissions_policy(permissions_policy)
    )
    try:
        user.full_clean(exclude=["account"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise domain_error_from(exc) from None
    taken = DomainError(
        f"A user named {user.name} already exists in this account. Choose another user name.", field="name"
    )
    if account.iam_users.filter(name__iexact=user.name).exists():
        raise taken
    with unique_or(taken):
        user.save()
    return user


@transaction.atomic
def iam_user_policy_update(*, account: AwsAccount, user: IamUser, permissions_policy: str) -> IamUser:
    """Replace the user's inline permissions policy (empty: the user may do nothing)."""
    _own_user(account, user)
    user.permissions_policy = _permissions_policy(permissions_policy)
    user.save(update_fields=["permissions_policy"])
    return user


@transaction.atomic
def iam_user_delete(*, account: AwsAccount, user: IamUser) -> None:
    """Delete an IAM user and its access keys: requests signed with them fail from now on."""
    _own_user(account, user)
    user.delete()


def _own_user(account: AwsAccount, user: IamUser) -> IamUser:
    if user.account_id != account.pk:
        raise NotFound(f"The user {user.name} does not exist in this account.")
    return user


def _new_access_key_id() -> str:
    return "AKIA" + "".join(secrets.choice(_KEY_ID_ALPHABET) for _ in range(16))


@transaction.atomic
def access_key_create(*, account: AwsAccount, user: IamUser) -> tuple[AccessKey, str]:
    """Create an access key for ``user``: the key and its secret access key, which is returned
    this once and stored only encrypted. A user has at most two access keys (counted under a lock
    on the user's row, so two requests at once cannot make a third)."""
    _own_user(account, user)
    locked = IamUser.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None:
        raise NotFound(f"The user {user.name} does not exist in this account.")
    if locked.access_keys.count() >= ACCESS_KEYS_PER_USER:
        raise DomainError(
            f"{user.name} already has {ACCESS_KEYS_PER_USER} access keys, the most a user can have. "
            "Delete an access key you no longer use, then create a new one."
        )
    secret = "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40))
    key = AccessKey(user=locked, secret_encrypted=secret_encrypt(secret))
    while True:  # 32^16 identifiers: a clash is all but impossible, but never a 500
        key.access_key_id = _new_access_key_id()
        if not AccessKey.objects.filter(access_key_id=key.access_key_id).exists():
            break
    key.save()
    return key, secret


def _own_key(account: AwsAccount, key: AccessKey) -> AccessKey:
    if key.user.account_id != account.pk:
        raise NotFound(f"The access key {key.access_key_id} does not exist in this account.")
    return key


@transaction.atomic
def access_key_status_set(*, account: AwsAccount, key: AccessKey, active: bool) -> AccessKey:
    """Activate or deactivate an access key; a deactivated key signs nothing until activated again."""
    _own_key(account, key)
    key.status = AccessKey.Status.ACTIVE if active else AccessKey.Status.INACTIVE
    key.save(update_fields=["status"])
    return key


@transaction.atomic
def access_key_delete(*, account: AwsAccount, key: AccessKey, confirmation: str) -> None:
    """Delete an access key for good. As the console asks: deactivate it first, and type its ID."""
    _own_key(account, key)
    if key.is_active:
        raise DomainError(
            f"Access key {key.access_key_id} is active. Deactivate it before you delete it, so you can "
            "see whether anything still uses it."
        )
    if (confirmation or "").strip() != key.access_key_id:
        raise DomainError(f"To confirm deletion, enter the access key ID {key.access_key_id}.", field="confirmation")
    key.delete()
