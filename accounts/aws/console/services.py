"""Writes on the console core of the emulated AWS side: signing in, switching accounts, and the
administrator check other services make."""

from django.contrib.auth.hashers import make_password

from accounts.aws.console.models import AwsAccount, ConsoleAccess, ConsoleUser
from catalyst_admin.errors import DomainError, NotFound


def console_authenticate(*, account_id: str, user_name: str, password: str) -> tuple[ConsoleUser, AwsAccount]:
    """Check an AWS console sign-in; the same message for every failure, as AWS does."""
    failure = DomainError("The account ID, user name or password is not correct. Check them and try again.")
    account = AwsAccount.objects.filter(account_id=(account_id or "").strip()).first()
    user = ConsoleUser.objects.filter(user_name=(user_name or "").strip()).first()
    if user is None:
        # Hash the password all the same, so an unknown user takes as long to refuse as a wrong password.
        make_password(password or "")
        raise failure
    if not user.check_password(password or "") or account is None:
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
