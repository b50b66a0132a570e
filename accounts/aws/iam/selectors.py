"""Reads on IAM, scoped to the account signed in with."""

from django.db.models import QuerySet

from accounts.aws.console.models import AwsAccount
from accounts.aws.iam.models import IamRole


def iam_roles_of(account: AwsAccount, *, query: str = "") -> QuerySet[IamRole]:
    """The account's IAM roles, optionally those whose name contains ``query``."""
    roles = account.iam_roles.select_related("account")
    return roles.filter(name__icontains=query) if query else roles


def iam_role_in(account: AwsAccount, name: str) -> IamRole | None:
    return account.iam_roles.select_related("account").filter(name=name).first()
