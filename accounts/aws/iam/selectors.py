"""Reads on IAM, scoped to the account signed in with (or, for an access key, to the key's own user)."""

from django.db.models import Count, QuerySet

from accounts.aws.console.models import AwsAccount
from accounts.aws.iam.models import AccessKey, IamRole, IamUser


def iam_roles_of(account: AwsAccount, *, query: str = "") -> QuerySet[IamRole]:
    """The account's IAM roles, optionally those whose name contains ``query``."""
    roles = account.iam_roles.select_related("account")
    return roles.filter(name__icontains=query) if query else roles


def iam_role_in(account: AwsAccount, name: str) -> IamRole | None:
    return account.iam_roles.select_related("account").filter(name=name).first()


def iam_users_of(account: AwsAccount, *, query: str = "") -> QuerySet[IamUser]:
    """The account's IAM users, optionally those whose name contains ``query``, with key counts."""
    users = account.iam_users.select_related("account").annotate(access_key_count=Count("access_keys")).order_by("name")
    return users.filter(name__icontains=query) if query else users


def iam_user_in(account: AwsAccount, name: str) -> IamUser | None:
    return account.iam_users.select_related("account").filter(name=name).first()


def access_keys_of(user: IamUser) -> QuerySet[AccessKey]:
    return user.access_keys.select_related("user__account")


def access_key_of(user: IamUser, access_key_id: str) -> AccessKey | None:
    return user.access_keys.select_related("user__account").filter(access_key_id=access_key_id).first()


def access_key_by_id(access_key_id: str) -> AccessKey | None:
    """The access key a request names, whatever its account (its user and account come with it):
    only for verifying a signature, which proves the caller holds the secret."""
    return AccessKey.objects.select_related("user__account").filter(access_key_id=access_key_id).first()


def iam_role_by_arn(role_arn: str) -> IamRole | None:
    """The role an ARN (``arn:aws:iam::<account>:role/[path/]<name>``) names, with its account; for
    the EC2 client's built-in backend, which assumes it as AWS STS would."""
    parts = (role_arn or "").split(":", 5)
    if len(parts) != 6 or parts[:3] != ["arn", "aws", "iam"] or not parts[5].startswith("role/"):
        return None
    name = parts[5].rsplit("/", 1)[-1]
    return IamRole.objects.select_related("account").filter(account__account_id=parts[4], name=name).first()
