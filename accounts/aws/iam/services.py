"""Writes on IAM in the emulated AWS side: roles."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.aws.console.models import AwsAccount
from accounts.aws.iam.models import IamRole
from accounts.aws.iam.policies import PERMISSIONS_POLICY_MAX_CHARS, TRUST_POLICY_MAX_CHARS, policy_parse
from catalyst_admin.errors import DomainError, FieldErrors, domain_error_from, unique_or


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
