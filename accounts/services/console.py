"""Writes on the emulated AWS side itself: console sign-in, account switching and IAM roles."""

import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalyst_admin.errors import DomainError, NotFound

from ..models import ACCOUNT_ID_VALIDATOR, AwsAccount, ConsoleAccess, ConsoleUser, IamRole


def validate_account_id(value: str) -> str:
    value = (value or "").strip()
    try:
        ACCOUNT_ID_VALIDATOR(value)
    except ValidationError:
        raise DomainError(
            "Enter the twelve-digit AWS account ID, digits only (for example 111122223333).",
            field="aws_account_id",
        ) from None
    return value


def console_authenticate(*, account_id: str, user_name: str, password: str) -> tuple[ConsoleUser, AwsAccount]:
    """Check an AWS console sign-in; the same message for every failure, as AWS does."""
    failure = DomainError("The account ID, user name or password is not correct. Check them and try again.")
    account = AwsAccount.objects.filter(account_id=(account_id or "").strip()).first()
    user = ConsoleUser.objects.filter(user_name=(user_name or "").strip()).first()
    if account is None or user is None or not user.check_password(password or ""):
        raise failure
    if not user.accounts.filter(pk=account.pk).exists():
        raise failure
    return user, account


def console_account_switch(*, user: ConsoleUser, account_id: str) -> AwsAccount:
    """The account ``user`` asks to switch to in the console header, if they have access to it."""
    account = user.accounts.filter(account_id=(account_id or "").strip()).first()
    if account is None:
        raise NotFound(
            "You do not have access to that AWS account. Choose one of the accounts listed in the account menu."
        )
    return account


# IAM's own quotas: a role trust policy of at most 2,048 characters by default (4,096 at most),
# inline role policies of at most 10,240 characters, whitespace not counted.
TRUST_POLICY_MAX_CHARS = 4096
PERMISSIONS_POLICY_MAX_CHARS = 10240


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in JSON")


def _parse_policy(text: str, *, field: str, label: str, max_chars: int, needs_principal: bool) -> dict:
    try:
        policy = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise DomainError(f"The {label} is nested too deeply to be a policy document.", field=field) from None
    except (TypeError, ValueError) as exc:
        raise DomainError(f"The {label} is not valid JSON: {exc}. Correct it and try again.", field=field) from None
    if not isinstance(policy, dict) or "Statement" not in policy:
        raise DomainError(
            f'The {label} must be a JSON object with a "Statement" list, like an IAM policy document.',
            field=field,
        )
    compact = json.dumps(policy, separators=(",", ":"), ensure_ascii=False)
    if "\\u0000" in compact:  # PostgreSQL's jsonb cannot store NUL characters
        raise DomainError(f"The {label} contains a NUL character (\\u0000); remove it.", field=field)
    if len(compact) > max_chars:
        raise DomainError(
            f"The {label} is {len(compact)} characters long without whitespace; "
            f"IAM allows at most {max_chars}. Shorten it.",
            field=field,
        )
    statements = policy["Statement"]
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise DomainError(f'The {label} needs at least one statement in "Statement".', field=field)
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
            raise DomainError(f'Every statement of the {label} needs "Effect": "Allow" or "Deny".', field=field)
        if needs_principal and "Principal" not in statement:
            raise DomainError(
                f'Every statement of the {label} needs a "Principal" naming who may assume the role, '
                'for example {"Service": "codecatalyst-runner.amazonaws.com"}.',
                field=field,
            )
    return policy


def trusted_service_principals(trust_policy) -> list[str]:
    """The service principals a trust policy lets assume the role, in order, each once."""
    statements = trust_policy.get("Statement", []) if isinstance(trust_policy, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    found: list[str] = []
    for statement in statements if isinstance(statements, list) else []:
        principal = statement.get("Principal") if isinstance(statement, dict) else None
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        for service in [services] if isinstance(services, str) else services:
            if isinstance(service, str) and service not in found:
                found.append(service)
    return found


@transaction.atomic
def iam_role_create(
    *, account: AwsAccount, name: str, description: str = "", trust_policy: str, permissions_policy: str = ""
) -> IamRole:
    """Create an IAM role in an emulated account from JSON policy documents.

    Nothing is saved unless the name is free and both documents are valid policies.
    """
    role = IamRole(
        account=account,
        name=(name or "").strip(),
        description=(description or "").strip(),
        trust_policy=_parse_policy(
            trust_policy,
            field="trust_policy",
            label="trust policy",
            max_chars=TRUST_POLICY_MAX_CHARS,
            needs_principal=True,
        ),
        permissions_policy=_parse_policy(
            permissions_policy,
            field="permissions_policy",
            label="permissions policy",
            max_chars=PERMISSIONS_POLICY_MAX_CHARS,
            needs_principal=False,
        )
        if (permissions_policy or "").strip()
        else {},
    )
    try:
        role.full_clean(exclude=["account"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, field_messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(field_messages), field=field) from None
    # IAM role names are unique per account regardless of case ("PRODROLE" and "prodrole" clash).
    if account.iam_roles.filter(name__iexact=role.name).exists():
        raise DomainError(
            f"A role named {role.name} already exists in this account. Choose another role name.",
            field="name",
        )
    try:
        with transaction.atomic():
            role.save()
    except IntegrityError:
        raise DomainError(
            f"A role named {role.name} already exists in this account. Choose another role name.",
            field="name",
        ) from None
    return role


def require_console_administrator(*, console_user: ConsoleUser, account: AwsAccount, to: str) -> None:
    """Refuse unless ``console_user`` has administrator permissions in ``account``.

    Seed 001, "Step 2": "Make sure you have administrator permissions for your account".
    """
    if not ConsoleAccess.objects.filter(user=console_user, account=account, is_administrator=True).exists():
        raise DomainError(
            f"You need administrator permissions in AWS account {account.account_id} ({account.name}) "
            f"to {to}. "
            "Ask an administrator of the account to do it, or sign in as one."
        )
